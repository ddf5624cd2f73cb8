"""Models made of our layers survive model.save("m.keras") and keras.models.load_model."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from lstm_course import layers as ours

pytestmark = pytest.mark.backend  # runs on every Keras backend (make test-jax)


def _stack():
    inputs = keras.Input((6, 3))
    h = ours.Bidirectional(
        ours.LSTM(5, return_sequences=True, dropout=0.1, seed=3), merge_mode="ave"
    )(inputs)
    h = ours.GRU(4, return_sequences=True, reset_after=False, activation="softsign")(h)
    h = ours.SimpleRNN(3, use_bias=False)(h)
    return keras.Model(inputs, keras.layers.Dense(1)(h))


def _pinned():
    inputs = keras.Input((6, 3))
    h = ours.LSTM(5, fixed_gates={"forget_gate": 1.0, "input_gate": 0.25}, unit_forget_bias=False)(
        inputs
    )
    return keras.Model(inputs, h)


def _states():
    inputs = keras.Input((6, 3))
    out, h, c = ours.LSTM(5, return_state=True, go_backwards=True)(inputs)
    return keras.Model(inputs, [out, h, c])


@pytest.mark.parametrize(
    "build", [_stack, _pinned, _states], ids=["stack", "fixed_gates", "states"]
)
def test_saved_model_predicts_the_same(build, tmp_path):
    model = build()
    x = np.random.default_rng(0).standard_normal((2, 6, 3)).astype("float32")
    before = (
        [keras.ops.convert_to_numpy(y) for y in keras.ops.convert_to_numpy(model(x))]
        if isinstance(model.output, list)
        else [model.predict(x, verbose=0)]
    )
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    after = loaded(x)
    after = (
        [keras.ops.convert_to_numpy(y) for y in after]
        if isinstance(after, (list, tuple))
        else [keras.ops.convert_to_numpy(after)]
    )
    for a, b in zip(before, after, strict=True):
        np.testing.assert_allclose(a, b, atol=1e-6)
    assert [type(layer).__name__ for layer in loaded.layers] == [
        type(layer).__name__ for layer in model.layers
    ]


def test_config_round_trip_keeps_every_argument():
    layer = ours.LSTM(
        7,
        activation="relu",
        recurrent_activation="hard_sigmoid",
        use_bias=False,
        unit_forget_bias=False,
        kernel_regularizer="l2",
        dropout=0.2,
        recurrent_dropout=0.1,
        seed=5,
        fixed_gates={"output_gate": 1.0},
        return_sequences=True,
        return_state=True,
        go_backwards=True,
        stateful=False,
        unroll=True,
        zero_output_for_mask=True,
        name="memory",
    )
    copy = ours.LSTM.from_config(layer.get_config())
    assert copy.get_config() == layer.get_config()
    assert copy.fixed_gates == {"output_gate": 1.0}
    assert copy.units == 7 and copy.unroll and copy.zero_output_for_mask
    gru = ours.GRU(3, reset_after=False)
    assert ours.GRU.from_config(gru.get_config()).reset_after is False
    bi = ours.Bidirectional(ours.GRU(3, return_sequences=True), merge_mode="mul")
    again = ours.Bidirectional.from_config(bi.get_config())
    assert again.merge_mode == "mul" and again.backward_layer.go_backwards
