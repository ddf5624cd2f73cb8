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

A layer inside a model is traced through the model, from what the model reads:

    trace_lstm(model, layer="lstm", inputs=ids)

runs the model up to the layer and takes what Keras hands the layer there: its input (the
embedded words, say), its mask (from an ``Embedding(mask_zero=True)``, a ``Masking`` layer,
...) and any initial state the model passes it. Nothing has to be rebuilt by hand, so the
trace cannot silently lose the mask.

Masks: where ``mask[b, t]`` is False the cell does not run, as in the layer; the states are
carried over unchanged and the gates of that step are NaN (there is no gate value to show).
"""

from __future__ import annotations

import inspect
from typing import Any

import keras
import numpy as np
from keras import ops

from lstm_course.layers import (
    GRU,
    GRU_STATES,
    GRU_STEP,
    LSTM,
    LSTM_STATES,
    LSTM_STEP,
    GRUCell,
    LSTMCell,
    _check_sequences,
)

__all__ = ["LSTM_KEYS", "GRU_KEYS", "trace_gru", "trace_lstm"]

#: The names in a trace, in the order of the cell's equations (``lstm_course.layers`` names them).
LSTM_KEYS = LSTM_STEP
GRU_KEYS = GRU_STEP


def trace_lstm(
    layer_or_model=None, x=None, mask=None, initial_state=None, *, layer=None, inputs=None
) -> dict[str, Any]:
    """Every LSTM gate and state at every step, as arrays of shape (batch, time, units).

    Two ways to call it:

        trace_lstm(model, layer="lstm", inputs=ids)   # a layer inside a model
        trace_lstm(lstm_layer, x, mask=ids != 0)      # a layer, and what it reads

    **A layer inside a model** (Functional or Sequential): ``layer`` is the layer's name (or
    the layer itself) and ``inputs`` what the *model* reads, e.g. token ids. The model is run
    up to the layer, and the layer is traced on exactly what Keras hands it there: its input,
    its mask (from an ``Embedding(mask_zero=True)``, a ``Masking`` layer, ...) and any
    initial state the model passes it. ``mask=False`` traces without the mask (to see what
    the mask changes); ``initial_state`` replaces the model's initial state.

    **A layer on its own**: ``layer_or_model`` is an ``lstm_course.layers.LSTM`` or a
    ``keras.layers.LSTM`` (or either one wrapped in a ``Bidirectional``: then the result is
    ``{"forward": ..., "backward": ...}``), ``x`` is what the layer reads,
    (batch, time, features); ``mask`` (batch, time) marks the real steps (for example
    ``tokens != 0`` under an ``Embedding(mask_zero=True)``); ``initial_state`` is
    ``[h_0, C_0]``, zeros when omitted.
    """
    return _trace(
        *_what_to_trace(layer_or_model, x, mask, initial_state, layer, inputs, _LSTM_SPEC),
        _LSTM_SPEC,
    )


def trace_gru(
    layer_or_model=None, x=None, mask=None, initial_state=None, *, layer=None, inputs=None
) -> dict[str, Any]:
    """Every GRU gate and the state at every step, as arrays of shape (batch, time, units).

    Like :func:`trace_lstm`, for an ``lstm_course.layers.GRU`` or a ``keras.layers.GRU``:
    ``trace_gru(model, layer="gru", inputs=ids)`` for a layer inside a model (its input, mask
    and initial state computed through the model), or ``trace_gru(gru_layer, x, mask)``;
    ``initial_state`` is ``[h_0]``.
    """
    return _trace(
        *_what_to_trace(layer_or_model, x, mask, initial_state, layer, inputs, _GRU_SPEC),
        _GRU_SPEC,
    )


class _Spec:
    def __init__(self, name, ours, theirs, cell_class, keys, state_keys):
        self.name, self.ours, self.theirs = name, ours, theirs
        self.cell_class, self.keys, self.state_keys = cell_class, keys, state_keys

    def reads(self, layer) -> bool:
        """Whether this trace reads ``layer`` (a Bidirectional: by the layer it wraps)."""
        return isinstance(_one_direction(layer), (self.ours, self.theirs))

    def wrong_kind(self, layer) -> TypeError:
        kind = self.theirs.__name__
        article = "an" if kind == "LSTM" else "a"
        other = next((s.name for s in _SPECS if s is not self and s.reads(layer)), None)
        return TypeError(
            f"{self.name} reads {article} {kind} layer (lstm_course.layers.{kind} or "
            f"keras.layers.{kind}, or a Bidirectional around one); got {_describe(layer)}."
            + (f" For that layer use {other}." if other else "")
        )


_LSTM_SPEC = _Spec("trace_lstm", LSTM, keras.layers.LSTM, LSTMCell, LSTM_KEYS, LSTM_STATES)
_GRU_SPEC = _Spec("trace_gru", GRU, keras.layers.GRU, GRUCell, GRU_KEYS, GRU_STATES)
_SPECS = (_LSTM_SPEC, _GRU_SPEC)


def _trace(layer, x, mask, initial_state, spec: _Spec) -> dict[str, Any]:
    if _is_bidirectional(layer):
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
        raise spec.wrong_kind(layer)
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


def _is_bidirectional(layer) -> bool:
    return hasattr(layer, "forward_layer") and hasattr(layer, "backward_layer")


def _one_direction(layer):
    return layer.forward_layer if _is_bidirectional(layer) else layer


def _describe(layer) -> str:
    """``'lstm' (LSTM)``, ``'bidirectional' (Bidirectional around LSTM)``."""
    kind = type(layer).__name__
    if _is_bidirectional(layer):
        kind += f" around {type(layer.forward_layer).__name__}"
    return f"{getattr(layer, 'name', '')!r} ({kind})"


# --------------------------------------------------------------------------- inside a model


def _what_to_trace(source, x, mask, initial_state, layer, inputs, spec: _Spec) -> tuple:
    """``(layer, x, mask, initial_state)`` to trace, from either way of calling the trace."""
    if source is None and layer is not None and not isinstance(layer, str) and inputs is None:
        source, layer = layer, None  # trace_lstm(layer=lstm, x=x): the layer form by keyword
    usage = f"{spec.name}(model, layer='name', inputs=ids) or {spec.name}(layer, x)"
    if isinstance(source, keras.Model):
        if x is not None:
            raise TypeError(
                f"{spec.name}(model, ...) runs the model on what it reads: pass that as "
                f"inputs=, not x (x is what a layer reads, in {spec.name}(layer, x))."
            )
        return _through_model(source, layer, inputs, mask, initial_state, spec)
    if source is None:
        raise TypeError(f"{spec.name} needs something to trace: {usage}.")
    if layer is not None or inputs is not None:
        raise TypeError(
            f"{spec.name}: layer= and inputs= go with a model, as in {spec.name}(model, "
            f"layer='name', inputs=ids); got {type(source).__name__} "
            f"{getattr(source, 'name', '')!r}, not a keras.Model. To trace a layer on its own, "
            f"pass what it reads: {spec.name}(layer, x)."
        )
    if x is None:
        raise TypeError(
            f"{spec.name}({getattr(source, 'name', '')!r}) needs x, what the layer reads, "
            f"(batch, time, features); or trace it inside its model: {usage}."
        )
    return source, x, None if mask is False else mask, initial_state


def _through_model(model, layer, inputs, mask, initial_state, spec: _Spec) -> tuple:
    """The layer, and what Keras hands it when ``model`` runs on ``inputs``."""
    if layer is None:
        raise TypeError(
            f"{spec.name}(model, ...) needs the layer to trace: layer='name' (or the layer "
            f"itself). {_recurrent_listing(model)}"
        )
    if inputs is None:
        raise TypeError(
            f"{spec.name}(model, layer=...) needs inputs=, what the model reads (the token "
            "ids, say): the layer's input and mask are computed from them."
        )
    if mask is not None and mask is not False:
        raise ValueError(
            f"{spec.name}(model, ...) takes the mask from the model. Pass mask=False to trace "
            f"without it, or trace the layer on its own, {spec.name}(layer, x, mask), to give "
            "a mask of your own."
        )
    target = _find_layer(model, layer, spec)
    if not spec.reads(target):
        raise spec.wrong_kind(target)
    call = _the_call(model, target, spec)
    graph_x, graph_state, graph_mask = _call_arguments(target, call)
    wanted = [graph_x]
    if initial_state is None and graph_state is not None:
        wanted += graph_state
    if mask is None and graph_mask is not None:
        wanted.append(graph_mask)
    values = _run_up_to(model, inputs, wanted, f"{spec.name}_input_of_{target.name}")
    if initial_state is None and graph_state is not None:
        initial_state = [values(s) for s in graph_state]
    mask = None if mask is False or graph_mask is None else values(graph_mask)
    return target, values(graph_x), mask, initial_state


def _recurrent_listing(model) -> str:
    found = [
        layer
        for layer in model.layers
        if isinstance(layer, keras.layers.RNN) or _is_bidirectional(layer)
    ]
    if not found:
        return f"Model {model.name!r} has no recurrent layer."
    return f"The recurrent layers of model {model.name!r}: {', '.join(map(_describe, found))}."


def _find_layer(model, layer, spec: _Spec):
    if isinstance(layer, str):
        for candidate in model.layers:
            if candidate.name == layer:
                return candidate
        raise ValueError(
            f"{spec.name}: model {model.name!r} has no layer named {layer!r}. "
            f"{_recurrent_listing(model)}"
        )
    if any(candidate is layer for candidate in model.layers):
        return layer
    raise ValueError(
        f"{spec.name}: {_describe(layer)} is not a layer of model {model.name!r}. "
        f"{_recurrent_listing(model)}"
    )


def _model_inputs(model, spec: _Spec) -> list:
    try:
        found = list(model.inputs or [])
    except (AttributeError, ValueError):
        found = []
    if not found:
        raise ValueError(
            f"{spec.name}: model {model.name!r} has no inputs Keras knows of yet, so its layers "
            "cannot be run in order. Give it a keras.Input (or build it, e.g. by calling it "
            f"once), or trace the layer on its own: {spec.name}(layer, x, mask)."
        )
    return found


def _the_call(model, target, spec: _Spec):
    """The Keras ``Node`` that records how ``model`` calls ``target``: there must be one."""
    _model_inputs(model, spec)
    in_graph, stack = {}, list(model.outputs)
    while stack:  # walk back from the outputs through every layer call they depend on
        history = getattr(stack.pop(), "_keras_history", None)
        if history is None or history.operation is None:
            continue
        node = history.operation._inbound_nodes[history.node_index]
        if id(node) not in in_graph:
            in_graph[id(node)] = node
            stack.extend(node.input_tensors)
    calls = [node for node in target._inbound_nodes if id(node) in in_graph]
    if len(calls) > 1:
        raise ValueError(
            f"{spec.name}: layer {target.name!r} is called {len(calls)} times in model "
            f"{model.name!r} (it has several inbound nodes: one layer, shared), so it has no "
            f"single input to trace. Trace one of its calls on its own: "
            f"{spec.name}(layer, x, mask), with the input and mask of that call."
        )
    if not calls:
        raise ValueError(
            f"{spec.name}: layer {target.name!r} is not on the way from the inputs of model "
            f"{model.name!r} to its outputs, so the model never runs it."
        )
    return calls[0]


def _call_arguments(target, call) -> tuple:
    """``(x, initial_state, mask)`` as ``call`` passed them to ``target.call``.

    Keras records the call after adding the mask it hands the layer (the mask of the input,
    when the input is the layer's only tensor argument), so what is here is what the layer
    got: tensors of the model's graph (``KerasTensor``), or None.
    """
    parameters = inspect.signature(target.call).parameters
    kwargs = {k: v for k, v in call.arguments.kwargs.items() if k in parameters}
    arguments = inspect.signature(target.call).bind_partial(*call.arguments.args, **kwargs)
    x = arguments.arguments[next(iter(parameters))]
    state = arguments.arguments.get("initial_state")
    if state is not None and not isinstance(state, (list, tuple)):
        state = [state]
    return x, None if state is None else list(state), arguments.arguments.get("mask")


def _run_up_to(model, inputs, tensors: list, name: str):
    """Run ``model`` on ``inputs`` as far as ``tensors`` (of its graph); a lookup of values."""
    symbolic = {id(t): t for t in tensors if isinstance(t, keras.KerasTensor)}
    model_inputs = model.inputs
    reads = model.input if len(model_inputs) > 1 else model_inputs[0]
    if len(model_inputs) == 1 and isinstance(inputs, (list, tuple)) and len(inputs) == 1:
        inputs = inputs[0]  # [ids] for a model of one input
    values = {}
    if symbolic:
        # A sub-model from the model's inputs to those tensors; named, so that Keras's
        # automatic names of the learner's next models ("functional_2") stay as they were.
        part = keras.Model(reads, list(symbolic.values()), name=name)
        outputs = part(inputs, training=False)
        outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
        values = dict(zip(symbolic, outputs, strict=True))
    return lambda t: values.get(id(t), t)
