"""A pytest plugin: Keras's own tests for its recurrent layers, run against this package's layers.

    python -m pytest -p tests.keras_suite --pyargs keras.src.layers.rnn.lstm_test \
        keras.src.layers.rnn.gru_test keras.src.layers.rnn.simple_rnn_test \
        keras.src.layers.rnn.bidirectional_test

The tests come from the installed Keras (its wheel ships them), never from a copy in this
repository. Each of those modules calls ``layers.LSTM(...)``, ``layers.GRU(...)`` and so on
through its module-level name ``layers``; this plugin points that name at a namespace where
``LSTM``, ``GRU``, ``SimpleRNN`` and ``Bidirectional`` are ours and every other layer is
Keras's. Tests of Keras's private fused-kernel internals are skipped, each with its reason
(:data:`EXCLUDED`).
"""

from __future__ import annotations

import pytest
from keras.src import layers as keras_layers

from lstm_course import layers as ours

OURS = ("LSTM", "GRU", "SimpleRNN", "Bidirectional")


class OurLayers:
    """``keras.src.layers`` with our four recurrent layers in place of Keras's."""

    def __getattr__(self, name: str):
        return getattr(ours if name in OURS else keras_layers, name)


EXCLUDED: dict[str, str] = {
    "test_fused_lstm_eligibility": (
        "asks Bidirectional._can_attempt_fused_lstm, Keras's private test for running both "
        "directions as one fused cuDNN kernel; ours runs its two layers, never a fused kernel"
    ),
    "test_fused_gru_eligibility": (
        "asks Bidirectional._can_attempt_fused_gru, the same private test for the GRU"
    ),
}
"""Test name -> why it cannot apply to layers written from their equations."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    patched = OurLayers()
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and getattr(module, "layers", None) is keras_layers:
            module.layers = patched
        reason = EXCLUDED.get(item.originalname if hasattr(item, "originalname") else item.name)
        if reason:
            item.add_marker(pytest.mark.skip(reason=f"Keras internals: {reason}"))
