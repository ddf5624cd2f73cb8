"""Looking inside a recurrent layer: every gate at every time step.

``trace_lstm(layer, x)`` runs the layer's cell one step at a time and keeps what each
equation produced, as NumPy arrays of shape (batch, time, units):

    input_gate  i_t      forget_gate  f_t      candidate  C~_t
    output_gate o_t      cell_state   C_t      hidden_state h_t

``trace_gru(layer, x)`` keeps ``update_gate`` z_t, ``reset_gate`` r_t, ``candidate`` h~_t
and ``hidden_state`` h_t. Both take this package's layers and Keras's own (also one taken out
of a trained model: its weights are copied into this package's cell, which is proven equal to
Keras's, so the trace is the layer's own computation). The traces use inference mode (no
dropout), and index t is always input step t, also for ``go_backwards`` layers.

Masks: where ``mask[b, t]`` is False the cell does not run, as in the layer; the states are
carried over unchanged and the gates of that step are NaN (there is no gate value to show).
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
from keras import ops

from lstm_course.layers import GRU, LSTM, GRUCell, LSTMCell, _check_sequences

__all__ = ["LSTM_KEYS", "GRU_KEYS", "trace_gru", "trace_lstm"]

LSTM_KEYS = ("input_gate", "forget_gate", "candidate", "output_gate", "cell_state", "hidden_state")
GRU_KEYS = ("update_gate", "reset_gate", "candidate", "hidden_state")


def trace_lstm(layer, x, mask=None, initial_state=None) -> dict[str, Any]:
    """Every LSTM gate and state at every step, as arrays of shape (batch, time, units).

    ``layer`` is an ``lstm_course.layers.LSTM`` or a ``keras.layers.LSTM`` (or either one
    wrapped in a ``Bidirectional``: then the result is ``{"forward": ..., "backward": ...}``).
    ``x`` is what the layer reads, (batch, time, features); ``mask`` (batch, time) marks the
    real steps (for example ``tokens != 0`` under an ``Embedding(mask_zero=True)``);
    ``initial_state`` is ``[h_0, C_0]``, zeros when omitted.
    """
    return _trace(layer, x, mask, initial_state, _LSTM_SPEC)


def trace_gru(layer, x, mask=None, initial_state=None) -> dict[str, Any]:
    """Every GRU gate and the state at every step, as arrays of shape (batch, time, units).

    Like :func:`trace_lstm`, for an ``lstm_course.layers.GRU`` or a ``keras.layers.GRU``;
    ``initial_state`` is ``[h_0]``.
    """
    return _trace(layer, x, mask, initial_state, _GRU_SPEC)


class _Spec:
    def __init__(self, name, ours, theirs, cell_class, keys, state_keys):
        self.name, self.ours, self.theirs = name, ours, theirs
        self.cell_class, self.keys, self.state_keys = cell_class, keys, state_keys


_LSTM_SPEC = _Spec(
    "trace_lstm", LSTM, keras.layers.LSTM, LSTMCell, LSTM_KEYS, ("hidden_state", "cell_state")
)
_GRU_SPEC = _Spec("trace_gru", GRU, keras.layers.GRU, GRUCell, GRU_KEYS, ("hidden_state",))


def _trace(layer, x, mask, initial_state, spec: _Spec) -> dict[str, Any]:
    if hasattr(layer, "forward_layer") and hasattr(layer, "backward_layer"):
        half = None if initial_state is None else len(initial_state) // 2
        return {
            "forward": _trace(layer.forward_layer, x, mask, _part(initial_state, 0, half), spec),
            "backward": _trace(
                layer.backward_layer, x, mask, _part(initial_state, half, None), spec
            ),
        }
    cell = _our_cell(layer, spec)
    x = _numpy(x, cell.compute_dtype)
    _check_sequences(f"{spec.name}({layer.name})", x.shape)
    batch, steps = x.shape[:2]
    real = np.ones((batch, steps), dtype=bool) if mask is None else _numpy(mask, bool)
    if real.shape != (batch, steps):
        raise ValueError(
            f"{spec.name}: mask should have shape (batch, time) = {(batch, steps)}, one "
            f"True/False per step; got shape {real.shape}."
        )
    states = _initial_states(cell, batch, initial_state, spec)
    found = {key: np.full((batch, steps, cell.units), np.nan, dtype=x.dtype) for key in spec.keys}
    order = range(steps - 1, -1, -1) if layer.go_backwards else range(steps)
    for t in order:
        out = cell.step(*(ops.convert_to_tensor(a) for a in (x[:, t], *states)))
        keep = real[:, t, None]
        new_states = [
            np.where(keep, _numpy(out[k]), s) for k, s in zip(spec.state_keys, states, strict=True)
        ]
        for key in spec.keys:
            if key in spec.state_keys:
                found[key][:, t] = new_states[spec.state_keys.index(key)]
            else:
                found[key][:, t] = np.where(keep, _numpy(out[key]), np.nan)
        states = new_states
    return found


def _numpy(value, dtype=None) -> np.ndarray:
    """Any backend's tensor (or a list, or an array) as a NumPy array, detached from autodiff."""
    array = ops.convert_to_numpy(value) if ops.is_tensor(value) else np.asarray(value)
    return array if dtype is None else array.astype(dtype, copy=False)


def _part(states, start, stop):
    return None if states is None else list(states)[start:stop]


def _our_cell(layer, spec: _Spec):
    """The layer's cell as this package's cell: itself, or a copy holding Keras's weights."""
    if isinstance(layer, spec.ours):
        cell = layer.cell
    elif isinstance(layer, spec.theirs):
        cell = spec.cell_class.from_config(layer.cell.get_config())
    else:
        kind = spec.theirs.__name__
        raise TypeError(
            f"{spec.name} reads an {kind} layer (lstm_course.layers.{kind} or "
            f"keras.layers.{kind}, or a Bidirectional around one); got "
            f"{type(layer).__name__} {getattr(layer, 'name', '')!r}."
        )
    if not layer.built:
        raise ValueError(
            f"{spec.name}: layer {layer.name!r} has no weights yet. Train it, or call it once "
            "on an input, before tracing it."
        )
    if cell is not layer.cell:
        cell.build((None, layer.cell.kernel.shape[0]))
        cell.set_weights(layer.cell.get_weights())
    return cell


def _initial_states(cell, batch: int, initial_state, spec: _Spec) -> list[np.ndarray]:
    count = len(spec.state_keys)
    if initial_state is None:
        return [np.zeros((batch, cell.units), dtype=cell.compute_dtype) for _ in range(count)]
    states = [_numpy(s, cell.compute_dtype) for s in initial_state]
    if len(states) != count or any(s.shape != (batch, cell.units) for s in states):
        raise ValueError(
            f"{spec.name}: initial_state should be {count} array(s) of shape (batch, units) = "
            f"{(batch, cell.units)}; got {[s.shape for s in states]}."
        )
    return states
