"""trace_lstm / trace_gru: the traced states are the layer's own, gate by gate."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from lstm_course import layers as ours
from lstm_course.probes import GRU_KEYS, LSTM_KEYS, trace_gru, trace_lstm
from tests.parity_helpers import randomize

pytestmark = pytest.mark.backend  # runs on every Keras backend (make test-jax)

BATCH, STEPS, FEATURES, UNITS = 3, 7, 4, 6


@pytest.fixture
def x():
    return np.random.default_rng(2).standard_normal((BATCH, STEPS, FEATURES)).astype("float32")


def built(layer, x, **kwargs):
    layer(x, **kwargs)
    randomize(layer, seed=9)
    return layer


@pytest.mark.parametrize("layer_class", [ours.LSTM, keras.layers.LSTM], ids=["ours", "keras"])
@pytest.mark.parametrize("go_backwards", [False, True])
def test_trace_lstm_reproduces_the_layer(layer_class, go_backwards, x):
    layer = built(
        layer_class(UNITS, return_sequences=True, return_state=True, go_backwards=go_backwards), x
    )
    sequence, h_last, c_last = (keras.ops.convert_to_numpy(v) for v in layer(x))
    trace = trace_lstm(layer, x)
    assert set(trace) == set(LSTM_KEYS)
    assert all(trace[k].shape == (BATCH, STEPS, UNITS) for k in LSTM_KEYS)
    in_input_order = sequence[:, ::-1] if go_backwards else sequence
    np.testing.assert_allclose(trace["hidden_state"], in_input_order, atol=1e-5)
    last = 0 if go_backwards else -1
    np.testing.assert_allclose(trace["cell_state"][:, last], c_last, atol=1e-5)
    np.testing.assert_allclose(trace["hidden_state"][:, last], h_last, atol=1e-5)
    # The traced parts satisfy the cell's equations at every step.
    for gate in ("input_gate", "forget_gate", "output_gate"):
        assert np.all((trace[gate] > 0) & (trace[gate] < 1))
    c, i, f, cand, o = (
        trace[k] for k in ("cell_state", "input_gate", "forget_gate", "candidate", "output_gate")
    )
    previous = np.zeros_like(c[:, 0])
    steps = range(STEPS - 1, -1, -1) if go_backwards else range(STEPS)
    for t in steps:
        np.testing.assert_allclose(c[:, t], f[:, t] * previous + i[:, t] * cand[:, t], atol=1e-5)
        np.testing.assert_allclose(
            trace["hidden_state"][:, t], o[:, t] * np.tanh(c[:, t]), atol=1e-5
        )
        previous = c[:, t]


@pytest.mark.parametrize("layer_class", [ours.LSTM, keras.layers.LSTM], ids=["ours", "keras"])
def test_trace_lstm_honours_the_mask(layer_class, x):
    mask = np.arange(STEPS)[None, :] < np.array([7, 4, 2])[:, None]
    layer = built(layer_class(UNITS, return_sequences=True, return_state=True), x, mask=mask)
    sequence, h_last, c_last = (keras.ops.convert_to_numpy(v) for v in layer(x, mask=mask))
    trace = trace_lstm(layer, x, mask=mask)
    np.testing.assert_allclose(trace["hidden_state"], sequence, atol=1e-5)  # carried over
    np.testing.assert_allclose(trace["cell_state"][:, -1], c_last, atol=1e-5)
    assert np.all(np.isnan(trace["forget_gate"][~mask])), "no gate value at a masked step"
    assert not np.any(np.isnan(trace["forget_gate"][mask]))


def test_trace_lstm_of_a_layer_inside_a_trained_model(x):
    inputs = keras.Input((STEPS, FEATURES))
    lstm = keras.layers.LSTM(UNITS, name="memory")
    model = keras.Model(inputs, keras.layers.Dense(1)(lstm(inputs)))
    model.compile("adam", "mse")
    model.fit(x, np.ones((BATCH, 1)), epochs=2, verbose=0)
    trace = trace_lstm(model.get_layer("memory"), x)
    np.testing.assert_allclose(
        trace["hidden_state"][:, -1], keras.ops.convert_to_numpy(lstm(x)), atol=1e-5
    )


def test_trace_shows_pinned_gates(x):
    layer = built(ours.LSTM(UNITS, fixed_gates={"forget_gate": 1.0, "output_gate": 0.5}), x)
    trace = trace_lstm(layer, x)
    assert np.all(trace["forget_gate"] == 1.0)
    assert np.all(trace["output_gate"] == 0.5)
    # f = 1 means nothing is ever erased: C_t is the running sum of i * C~.
    np.testing.assert_allclose(
        trace["cell_state"], np.cumsum(trace["input_gate"] * trace["candidate"], axis=1), atol=1e-5
    )


def test_trace_lstm_with_initial_state(x):
    layer = built(ours.LSTM(UNITS, return_sequences=True), x)
    rng = np.random.default_rng(0)
    h0, c0 = (rng.standard_normal((BATCH, UNITS)).astype("float32") for _ in range(2))
    trace = trace_lstm(layer, x, initial_state=[h0, c0])
    np.testing.assert_allclose(
        trace["hidden_state"],
        keras.ops.convert_to_numpy(layer(x, initial_state=[h0, c0])),
        atol=1e-5,
    )


@pytest.mark.parametrize("layer_class", [ours.GRU, keras.layers.GRU], ids=["ours", "keras"])
@pytest.mark.parametrize("reset_after", [True, False])
def test_trace_gru_reproduces_the_layer(layer_class, reset_after, x):
    layer = built(layer_class(UNITS, return_sequences=True, reset_after=reset_after), x)
    trace = trace_gru(layer, x)
    assert set(trace) == set(GRU_KEYS)
    np.testing.assert_allclose(
        trace["hidden_state"], keras.ops.convert_to_numpy(layer(x)), atol=1e-5
    )
    z, cand, h = trace["update_gate"], trace["candidate"], trace["hidden_state"]
    previous = np.concatenate([np.zeros_like(h[:, :1]), h[:, :-1]], axis=1)
    np.testing.assert_allclose(h, z * previous + (1 - z) * cand, atol=1e-5)


@pytest.mark.parametrize(
    "wrapper", [ours.Bidirectional, keras.layers.Bidirectional], ids=["ours", "keras"]
)
def test_trace_of_a_bidirectional_layer_gives_both_directions(wrapper, x):
    layer = built(
        wrapper(
            ours.LSTM(UNITS, return_sequences=True)
            if wrapper is ours.Bidirectional
            else keras.layers.LSTM(UNITS, return_sequences=True),
            merge_mode=None,
        ),
        x,
    )
    forward, backward = (keras.ops.convert_to_numpy(v) for v in layer(x))
    trace = trace_lstm(layer, x)
    np.testing.assert_allclose(trace["forward"]["hidden_state"], forward, atol=1e-5)
    np.testing.assert_allclose(trace["backward"]["hidden_state"], backward, atol=1e-5)


def test_trace_errors_say_what_to_do(x):
    with pytest.raises(TypeError, match="trace_lstm reads an LSTM layer"):
        trace_lstm(built(ours.GRU(UNITS), x), x)
    with pytest.raises(ValueError, match="has no weights yet"):
        trace_lstm(ours.LSTM(UNITS), x)
    layer = built(ours.LSTM(UNITS), x)
    with pytest.raises(ValueError, match="add a feature axis"):
        trace_lstm(layer, x[:, :, 0])
    with pytest.raises(ValueError, match=r"mask should have shape \(batch, time\)"):
        trace_lstm(layer, x, mask=np.ones((BATCH, STEPS + 1), bool))
    with pytest.raises(ValueError, match="initial_state should be 2 array"):
        trace_lstm(layer, x, initial_state=[np.zeros((BATCH, UNITS))])
