"""Mistakes a learner makes get an error that says what was expected, what came, and the fix."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from lstm_course import layers as ours

pytestmark = pytest.mark.backend  # runs on every Keras backend (make test-jax)

X = np.zeros((2, 5, 3), dtype="float32")


@pytest.mark.parametrize("layer_class", [ours.SimpleRNN, ours.LSTM, ours.GRU])
def test_a_2d_input_asks_for_a_time_axis(layer_class):
    with pytest.raises(ValueError) as error:
        layer_class(4)(np.zeros((2, 5), dtype="float32"))
    message = str(error.value)
    assert "3-D input of shape (batch, time, features)" in message
    assert "got shape (2, 5)" in message
    assert "x[..., None]" in message and "return_sequences=True" in message


def test_stacking_without_return_sequences_says_so():
    inputs = keras.Input((5, 3))
    h = ours.LSTM(4)(inputs)  # (batch, 4): the time axis is gone
    with pytest.raises(ValueError, match="give the layer below return_sequences=True"):
        ours.LSTM(4)(h)


def test_a_built_layer_still_checks_its_input():
    layer = ours.GRU(4)
    layer(X)
    with pytest.raises(ValueError, match="got shape \\(2, 5, 3, 1\\)"):
        layer(X[..., None])


def test_lstm_initial_state_needs_two_states():
    with pytest.raises(ValueError) as error:
        ours.LSTM(4)(X, initial_state=[np.zeros((2, 4), "float32")])
    message = str(error.value)
    assert "list of 2 tensor(s) [h_0, c_0]" in message
    assert "got 1 tensor(s)" in message
    assert "pass [h_0, c_0]" in message


@pytest.mark.parametrize(
    ("layer_class", "states"),
    [
        (ours.GRU, [np.zeros((2, 3), "float32")]),
        (ours.SimpleRNN, [np.zeros((2, 4), "float32"), np.zeros((2, 4), "float32")]),
        (ours.LSTM, [np.zeros((3, 4), "float32"), np.zeros((3, 4), "float32")]),
    ],
    ids=["wrong-units", "too-many", "wrong-batch"],
)
def test_initial_state_of_the_wrong_shape_or_count(layer_class, states):
    with pytest.raises(ValueError, match=r"each of shape \(batch, units\) = \(2, 4\)"):
        layer_class(4)(X, initial_state=states)


def test_bidirectional_initial_state_needs_both_directions():
    layer = ours.Bidirectional(ours.GRU(4))
    with pytest.raises(ValueError, match="forward layer's states followed by the backward"):
        layer(X, initial_state=[np.zeros((2, 4), "float32")] * 3)


@pytest.mark.parametrize(
    ("fixed_gates", "expected"),
    [
        ({"forgot_gate": 1.0}, "Unknown gate 'forgot_gate'.*input_gate, forget_gate, output_gate"),
        ({"candidate": 0.5}, "the candidate C~_t is not a gate"),
        ({"forget_gate": 1.5}, r"a gate is a fraction between 0.*Use a value in \[0, 1\]"),
        ({"input_gate": -0.1}, r"fixed_gates\['input_gate'\] = -0.1"),
        ({"output_gate": "open"}, "fixed_gates\\['output_gate'\\] = 'open'"),
    ],
)
def test_fixed_gates_are_checked(fixed_gates, expected):
    with pytest.raises(ValueError, match=expected):
        ours.LSTMCell(4, fixed_gates=fixed_gates)
    with pytest.raises(ValueError, match=expected):
        ours.LSTM(4, fixed_gates=fixed_gates)


def test_fixed_gates_must_be_a_mapping():
    with pytest.raises(TypeError, match="fixed_gates should be a dict"):
        ours.LSTMCell(4, fixed_gates=["forget_gate"])


def test_units_must_be_a_positive_integer():
    with pytest.raises(ValueError, match="units, the size of the hidden state"):
        ours.LSTM(0)


def _built(layer):
    layer(X)
    return layer


@pytest.mark.parametrize(
    ("target", "source", "hint"),
    [
        (ours.LSTM(4), keras.layers.LSTM(8), "units=8, and this one has units=4"),
        (ours.LSTM(4), keras.layers.GRU(4), "weights of a GRU layer, not an LSTM"),
        (ours.GRU(4), keras.layers.GRU(4, reset_after=False), "match reset_after"),
        (ours.SimpleRNN(4), keras.layers.SimpleRNN(4, use_bias=False), "match use_bias"),
    ],
    ids=["units", "kind", "reset_after", "use_bias"],
)
def test_set_weights_of_the_wrong_shapes_names_the_cause(target, source, hint):
    _built(target)
    _built(source)
    with pytest.raises(ValueError) as error:
        target.set_weights(source.get_weights())
    message = str(error.value)
    assert "expects" in message and "kernel (3, " in message and "got" in message
    assert hint in message


def test_set_weights_from_other_input_sizes():
    target = _built(ours.LSTM(4))
    source = keras.layers.LSTM(4)
    source(np.zeros((2, 5, 7), "float32"))
    with pytest.raises(ValueError, match="inputs of 7 features; this one reads 3"):
        target.set_weights(source.get_weights())


def test_set_weights_before_the_layer_is_built():
    with pytest.raises(ValueError, match="has no weights yet.*calling it on an input"):
        ours.LSTM(4).set_weights(_built(keras.layers.LSTM(4)).get_weights())


def test_bidirectional_set_weights_is_checked_too():
    target = _built(ours.Bidirectional(ours.LSTM(4)))
    with pytest.raises(ValueError, match="expects 6 weight arrays"):
        target.set_weights(_built(keras.layers.LSTM(4)).get_weights())


def test_bidirectional_needs_a_recurrent_layer_and_a_known_merge_mode():
    with pytest.raises(ValueError, match="wraps a recurrent layer"):
        ours.Bidirectional(keras.layers.Dense(3))
    with pytest.raises(ValueError, match="merge_mode must be one of"):
        ours.Bidirectional(ours.LSTM(3), merge_mode="max")
    with pytest.raises(ValueError, match="must read the other way"):
        ours.Bidirectional(ours.LSTM(3), backward_layer=ours.LSTM(3))
    with pytest.raises(ValueError, match="must agree on return_sequences"):
        ours.Bidirectional(
            ours.LSTM(3), backward_layer=ours.LSTM(3, go_backwards=True, return_sequences=True)
        )


# Keras's own arguments that change nothing here: accepted, kept, checked.


@pytest.mark.parametrize("kind", ["LSTM", "GRU"])
def test_use_cudnn_and_implementation_are_accepted_and_kept(kind: str) -> None:
    layer = getattr(ours, kind)(3, use_cudnn=False, implementation=1)
    config = layer.get_config()
    assert config["use_cudnn"] is False and config["implementation"] == 1
    again = getattr(ours, kind).from_config(config)
    assert again.use_cudnn is False and again.cell.implementation == 1
    assert getattr(ours, kind)(3).get_config()["use_cudnn"] == "auto"


def test_bad_use_cudnn_and_implementation_values_say_what_is_expected() -> None:
    with pytest.raises(ValueError, match=r"use_cudnn is 'auto', True or False, as in Keras"):
        ours.LSTM(3, use_cudnn="yes")
    with pytest.raises(ValueError, match=r"implementation is 1 or 2, as in Keras"):
        ours.GRU(3, implementation=3)
    with pytest.raises(ValueError, match="Unrecognized keyword arguments"):
        ours.SimpleRNN(3, use_cudnn=False)  # as Keras's SimpleRNN, which has no cuDNN path
