"""Recurrent cells and layers written from their equations, with ``keras.ops`` only.

The course's one notation (one time step t, a batch of sequences; row vectors, so a weight
matrix multiplies from the right):

    x_t    input at step t                                       (batch, features)
    h_t    hidden state, the layer's output (은닉 상태)            (batch, units)
    C_t    cell state of the LSTM (셀 상태)                        (batch, units)
    W_x    input weights, Keras's ``kernel``                     (features, units per part)
    W_h    recurrent weights, Keras's ``recurrent_kernel``       (units, units per part)
    b      bias                                                  (units per part)

A gate's weights carry its letter after x or h: the forget gate reads ``x_t W_xf + h_{t-1} W_hf
+ b_f``. Keras stores the parts side by side, so an LSTM's ``kernel`` is [W_xi | W_xf | W_xc |
W_xo] (features, 4 * units) and its ``recurrent_kernel`` [W_hi | W_hf | W_hc | W_ho]. Many texts
(Colah's blog, the Korean books) write one stacked matrix instead: ``W_f [h_{t-1}, x_t]`` is the
same product, with W_f = [W_hf; W_xf] stacked row-wise.

Each cell is a ``keras.layers.Layer`` with ``state_size`` and ``call(x_t, states)``; the layers
run a cell over time with ``keras.layers.RNN``, whose loop handles masks, initial and stateful
states, ``go_backwards`` and unrolling. Constructor arguments and weight layout are Keras's own
(gate order LSTM i, f, C~, o; GRU z, r, h~), so for any configuration
``ours.set_weights(keras_twin.get_weights())`` gives the same outputs and gradients.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

import keras
from keras import activations, constraints, initializers, ops, regularizers

__all__ = [
    "GRU",
    "LSTM",
    "Bidirectional",
    "GRUCell",
    "LSTMCell",
    "SimpleRNN",
    "SimpleRNNCell",
    "cell_state",
    "hidden_state",
]

# The names of what the cells compute, one constant each: ``LSTMCell.step`` and
# ``GRUCell.step`` return their values under these names, and the other modules (the probes,
# the diagrams) read them by these names.
INPUT_GATE = "input_gate"  # i_t
FORGET_GATE = "forget_gate"  # f_t
CANDIDATE = "candidate"  # C~_t (LSTM), h~_t (GRU)
OUTPUT_GATE = "output_gate"  # o_t
CELL_STATE = "cell_state"  # C_t
HIDDEN_STATE = "hidden_state"  # h_t
UPDATE_GATE = "update_gate"  # z_t
RESET_GATE = "reset_gate"  # r_t

#: The LSTM's three gates; the ones ``fixed_gates`` can pin (the candidate is not a gate).
LSTM_GATES = (INPUT_GATE, FORGET_GATE, OUTPUT_GATE)
#: The LSTM layer's states, in the layer's order [h_t, C_t].
LSTM_STATES = (HIDDEN_STATE, CELL_STATE)
#: What ``LSTMCell.step`` returns, in the order of the equations.
LSTM_STEP = (INPUT_GATE, FORGET_GATE, CANDIDATE, OUTPUT_GATE, CELL_STATE, HIDDEN_STATE)
#: The GRU's gates, its state, and what ``GRUCell.step`` returns, in the order of the equations.
GRU_GATES = (UPDATE_GATE, RESET_GATE)
GRU_STATES = (HIDDEN_STATE,)
GRU_STEP = (UPDATE_GATE, RESET_GATE, CANDIDATE, HIDDEN_STATE)

PINNABLE_GATES = LSTM_GATES

_serializable = keras.saving.register_keras_serializable(package="lstm_course")


# --------------------------------------------------------------------------- the update rules


def cell_state(forget_gate, previous_cell_state, input_gate, candidate):
    """The LSTM's memory update, ``C_t = f_t * C_{t-1} + i_t * C~_t``.

    The forget gate f_t scales what is kept of the old memory, the input gate i_t scales how
    much of the candidate C~_t is written. The update is a sum, so the gradient through
    ``C_{t-1}`` is ``f_t``: close to 1, it passes back almost undamped (chapter 08).
    """
    return forget_gate * previous_cell_state + input_gate * candidate


def hidden_state(output_gate, cell_state_t, activation=ops.tanh):
    """What the LSTM shows of its memory, ``h_t = o_t * tanh(C_t)``."""
    return output_gate * activation(cell_state_t)


# --------------------------------------------------------------------------- errors and checks


def _shape(x) -> tuple:
    return tuple(None if d is None else int(d) for d in x.shape)


def _check_sequences(layer_name: str, shape: Sequence) -> None:
    """Raise a helpful error unless ``shape`` is (batch, time, features)."""
    if len(shape) == 3:
        return
    shape = tuple(shape)
    if len(shape) == 2:
        hint = (
            "A 2-D input has no time axis. If each row is one sequence of numbers, add a "
            "feature axis: x[..., None] gives (batch, time, 1). If this layer sits on top of "
            "another recurrent layer, give the layer below return_sequences=True so it "
            "passes on one vector per time step."
        )
    else:
        hint = "Reshape the input to (batch, time, features)."
    raise ValueError(
        f"{layer_name} expects a 3-D input of shape (batch, time, features), "
        f"got shape {shape}. {hint}"
    )


def check_weight_shapes(layer: keras.layers.Layer, weights: Sequence) -> None:
    """Raise a helpful error unless ``weights`` fit ``layer.weights`` one by one.

    Used by ``set_weights`` of every layer in this module, so a mismatch names each weight
    with its expected and received shape and, where it can, the likely cause.
    """
    expected = [(w.path.split("/")[-1], tuple(w.shape)) for w in layer.weights]
    got = [tuple(getattr(w, "shape", ())) for w in weights]
    if not expected:
        raise ValueError(
            f"{layer.name} has no weights yet, so there is nothing to set. Build it first by "
            f"calling it on an input, e.g. layer(x) or model.predict(x[:1]), then set_weights."
        )
    if [shape for _, shape in expected] == got:
        return
    wanted = ", ".join(f"{name} {shape}" for name, shape in expected)
    received = ", ".join(str(s) for s in got) or "nothing"
    raise ValueError(
        f"{layer.name} expects {len(expected)} weight arrays: {wanted}; got {len(got)} "
        f"arrays of shapes {received}. {_weights_hint(layer, expected, got)}"
    )


def _weights_hint(layer, expected, got) -> str:
    """Guess why weights do not fit: other units, other cell kind, bias or reset_after."""
    cell = getattr(layer, "cell", None)
    if cell is None or not got or len(got[0]) != 2:
        return (
            "Copy weights between layers of the same kind and configuration "
            "(units, use_bias, reset_after, and the same input size)."
        )
    hints = []
    kernel, units = got[0], None
    if len(got) > 1 and len(got[1]) == 2:
        units = got[1][0]
        gates = got[1][1] // max(units, 1)
        kinds = {1: "a SimpleRNN", 3: "a GRU", 4: "an LSTM"}
        mine = kinds.get(cell.gate_count)
        theirs = kinds.get(gates)
        if theirs and theirs != mine:
            hints.append(f"They look like the weights of {theirs} layer, not {mine}.")
        elif units != cell.units:
            hints.append(
                f"They look like the weights of a layer with units={units}, "
                f"and this one has units={cell.units}."
            )
    if kernel[0] != expected[0][1][0] and not hints:
        hints.append(
            f"The source layer read inputs of {kernel[0]} features; this one reads "
            f"{expected[0][1][0]}: build it on inputs of the same size."
        )
    if len(got) != len(expected):
        hints.append("One layer has a bias and the other not: match use_bias.")
    elif len(got) == 3 and len(got[2]) != len(expected[2][1]):
        hints.append("The GRU bias layouts differ: match reset_after.")
    return " ".join(hints) or "Match the configuration of the source layer."


class _CheckedWeights:
    """Mixin: ``set_weights`` that explains a mismatch before Keras's own check runs."""

    def set_weights(self, weights):
        check_weight_shapes(self, weights)
        super().set_weights(weights)


# --------------------------------------------------------------------------- cells


class _RecurrentCell(_CheckedWeights, keras.layers.Layer):
    """What the three cells share: weights W_x, W_h, b, their options, and dropout masks.

    Dropout follows Keras: one mask per sequence (the same at every step), drawn from the
    cell's ``SeedGenerator`` in the same order as Keras draws it, so two cells built with the
    same ``seed`` drop the same units. Gated cells use one mask per gate when recurrent
    dropout is on, as Keras does.
    """

    gate_count = 1

    def __init__(
        self,
        units: int,
        activation="tanh",
        use_bias: bool = True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        **kwargs,
    ):
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(
                f"{type(self).__name__} needs units, the size of the hidden state, as a "
                f"positive integer; got units={units!r}."
            )
        super().__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.output_size = units
        self.input_masks = None
        self.recurrent_masks = None

    # -- weights
    def _add_weights(self, input_dim: int, bias_shape: tuple, bias_initializer=None) -> None:
        width = self.units * self.gate_count
        self.kernel = self.add_weight(
            shape=(input_dim, width),
            name="kernel",
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, width),
            name="recurrent_kernel",
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=bias_shape,
                name="bias",
                initializer=bias_initializer or self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )

    # -- dropout
    @property
    def _masks_per_gate(self) -> bool:
        return self.gate_count > 1 and self.recurrent_dropout > 0

    def _draw_masks(self, shape, rate: float):
        count = self.gate_count if self._masks_per_gate else 1
        ones = ops.ones(shape, dtype=self.compute_dtype)
        return [keras.random.dropout(ones, rate, seed=self.seed_generator) for _ in range(count)]

    def prepare_dropout_masks(self, first_step) -> None:
        """Draw this sequence's dropout masks (the layer calls this before the time loop).

        ``first_step`` is x_1, (batch, features): the input masks take its shape, the
        recurrent masks (batch, units).
        """
        batch = ops.shape(first_step)[0]
        if self.dropout > 0:
            self.input_masks = self._draw_masks(ops.shape(first_step), self.dropout)
        if self.recurrent_dropout > 0:
            self.recurrent_masks = self._draw_masks((batch, self.units), self.recurrent_dropout)

    def clear_dropout_masks(self) -> None:
        """Forget the masks, so the next sequence gets new ones."""
        self.input_masks = None
        self.recurrent_masks = None

    def _masks(self, masks, rate: float, training):
        return masks if training and masks is not None and 0.0 < rate < 1.0 else None

    def _project(self, x, kernel, masks):
        """``x_t W_x`` (or ``h_{t-1} W_h``) split into one (batch, units) block per gate.

        A one-gate cell gets its product as it is: a split into one part is still an
        operation at every time step (and a concatenation in the backward pass).
        """
        if masks is not None and len(masks) == 1:
            x = x * masks[0]
        if masks is None or len(masks) == 1:
            product = ops.matmul(x, kernel)
            if self.gate_count == 1:
                return [product]
            return ops.split(product, self.gate_count, axis=-1)
        kernels = ops.split(kernel, self.gate_count, axis=-1)
        return [ops.matmul(x * m, k) for m, k in zip(masks, kernels, strict=True)]

    def get_initial_state(self, batch_size=None):
        sizes = self.state_size if isinstance(self.state_size, list) else [self.state_size]
        return [ops.zeros((batch_size, size), dtype=self.compute_dtype) for size in sizes]

    # -- config
    def arguments(self) -> dict[str, Any]:
        """The constructor arguments, serialized (what a layer adds to its own config)."""
        return {
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "recurrent_constraint": constraints.serialize(self.recurrent_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }

    def get_config(self):
        return {**super().get_config(), **self.arguments()}


@_serializable
class SimpleRNNCell(_RecurrentCell):
    """The plain recurrent cell (Elman network), one time step:

        h_t = tanh(x_t W_x + h_{t-1} W_h + b)

    ``W_x`` (features, units) reads the input, ``W_h`` (units, units) reads the previous hidden
    state, and the same weights serve every step. ``activation`` replaces tanh.
    """

    gate_count = 1

    def __init__(self, units: int, activation="tanh", **kwargs):
        super().__init__(units, activation=activation, **kwargs)
        self.state_size = units

    def build(self, input_shape):
        self._add_weights(input_shape[-1], (self.units,))

    def call(self, inputs, states, training=False):
        h_prev = states[0] if isinstance(states, (list, tuple)) else states
        input_masks = self._masks(self.input_masks, self.dropout, training)
        recurrent_masks = self._masks(self.recurrent_masks, self.recurrent_dropout, training)
        (x_part,) = self._project(inputs, self.kernel, input_masks)
        if self.use_bias:
            x_part = x_part + self.bias
        (h_part,) = self._project(h_prev, self.recurrent_kernel, recurrent_masks)
        h = x_part + h_part
        if self.activation is not None:
            h = self.activation(h)
        return h, [h] if isinstance(states, (list, tuple)) else h


@_serializable
class LSTMCell(_RecurrentCell):
    """The long short-term memory cell, one time step (gate order in the weights: i, f, C~, o):

        i_t  = sigmoid(x_t W_xi + h_{t-1} W_hi + b_i)   input gate     (입력 게이트)
        f_t  = sigmoid(x_t W_xf + h_{t-1} W_hf + b_f)   forget gate    (망각 게이트)
        C~_t = tanh(x_t W_xc + h_{t-1} W_hc + b_c)      candidate      (후보 값)
        o_t  = sigmoid(x_t W_xo + h_{t-1} W_ho + b_o)   output gate    (출력 게이트)
        C_t  = f_t * C_{t-1} + i_t * C~_t               cell state     (셀 상태)
        h_t  = o_t * tanh(C_t)                          hidden state   (은닉 상태)

    ``recurrent_activation`` replaces the sigmoid of the gates, ``activation`` the two tanh.
    ``unit_forget_bias=True`` starts b_f at 1, so a new cell keeps its memory by default.

    ``fixed_gates`` pins gates for ablation studies: ``LSTMCell(8, fixed_gates={"forget_gate":
    1.0})`` never forgets. Keys: input_gate, forget_gate, output_gate; values in [0, 1]. A
    pinned gate ignores its weights (they stay in the layout, untrained).
    """

    gate_count = 4

    def __init__(
        self,
        units: int,
        activation="tanh",
        recurrent_activation="sigmoid",
        unit_forget_bias: bool = True,
        fixed_gates: Mapping[str, float] | None = None,
        implementation: int = 2,
        **kwargs,
    ):
        super().__init__(units, activation=activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias
        self.fixed_gates = _check_fixed_gates(fixed_gates)
        self.implementation = _check_implementation(type(self).__name__, implementation)
        self.state_size = [units, units]

    def build(self, input_shape):
        bias_initializer = None
        if self.use_bias and self.unit_forget_bias:
            units, init = self.units, self.bias_initializer

            def bias_initializer(_, *args, **kwargs):  # b_i, b_f = 1, b_C, b_o
                return ops.concatenate(
                    [
                        init((units,), *args, **kwargs),
                        initializers.get("ones")((units,), *args, **kwargs),
                        init((units * 2,), *args, **kwargs),
                    ]
                )

        self._add_weights(input_shape[-1], (4 * self.units,), bias_initializer)

    def _gate(self, name: str, preactivation):
        value = self.fixed_gates.get(name)
        if value is None:
            return self.recurrent_activation(preactivation)
        return ops.full_like(preactivation, value)

    def step(self, x_t, h_prev, c_prev, training=False) -> dict[str, Any]:
        """One step of the equations above, every intermediate value by name."""
        input_masks = self._masks(self.input_masks, self.dropout, training)
        recurrent_masks = self._masks(self.recurrent_masks, self.recurrent_dropout, training)
        if recurrent_masks is None:  # one matmul per weight matrix, then one slice per gate
            x = x_t if input_masks is None else x_t * input_masks[0]
            z = ops.matmul(x, self.kernel) + ops.matmul(h_prev, self.recurrent_kernel)
            if self.use_bias:
                z = z + self.bias
            z = ops.split(z, 4, axis=-1)
        else:  # recurrent dropout: one mask per gate, so one product per gate
            x_parts = self._project(x_t, self.kernel, input_masks)
            h_parts = self._project(h_prev, self.recurrent_kernel, recurrent_masks)
            z = [xp + hp for xp, hp in zip(x_parts, h_parts, strict=True)]
            if self.use_bias:
                z = [zk + bk for zk, bk in zip(z, ops.split(self.bias, 4), strict=True)]
        i_t = self._gate(INPUT_GATE, z[0])
        f_t = self._gate(FORGET_GATE, z[1])
        c_tilde = self.activation(z[2])
        o_t = self._gate(OUTPUT_GATE, z[3])
        c_t = cell_state(f_t, c_prev, i_t, c_tilde)
        h_t = hidden_state(o_t, c_t, self.activation)
        return {
            INPUT_GATE: i_t,
            FORGET_GATE: f_t,
            CANDIDATE: c_tilde,
            OUTPUT_GATE: o_t,
            CELL_STATE: c_t,
            HIDDEN_STATE: h_t,
        }

    def call(self, inputs, states, training=False):
        out = self.step(inputs, states[0], states[1], training)
        return out[HIDDEN_STATE], [out[name] for name in LSTM_STATES]

    def arguments(self):
        return {
            **super().arguments(),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "unit_forget_bias": self.unit_forget_bias,
            "fixed_gates": dict(self.fixed_gates) or None,
            "implementation": self.implementation,
        }


def _check_implementation(cell_name: str, implementation) -> int:
    """Keras's ``implementation`` argument (1 or 2), accepted so that Keras code runs as it is.

    Keras uses it to choose between one product per gate (1) and one fused product (2); both
    compute the same equations. Our cells make one fused product unless recurrent dropout needs
    one per gate, whatever it says, so it changes nothing here (0, a Keras 2 value, reads as 1).
    """
    if implementation not in (0, 1, 2):
        raise ValueError(
            f"{cell_name}: implementation is 1 or 2, as in Keras (it has no effect on the "
            f"equations); got implementation={implementation!r}."
        )
    return max(int(implementation), 1)


def _check_fixed_gates(fixed_gates) -> dict[str, float]:
    if fixed_gates is None:
        return {}
    if not isinstance(fixed_gates, Mapping):
        raise TypeError(
            "fixed_gates should be a dict from gate name to a value in [0, 1], e.g. "
            f'{{"{FORGET_GATE}": 1.0}}; got {type(fixed_gates).__name__}: {fixed_gates!r}.'
        )
    checked = {}
    for name, value in fixed_gates.items():
        if name not in PINNABLE_GATES:
            raise ValueError(
                f"Unknown gate {name!r} in fixed_gates. The gates that can be pinned are "
                f"{', '.join(PINNABLE_GATES)} (the candidate C~_t is not a gate)."
            )
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if not 0.0 <= number <= 1.0:
            raise ValueError(
                f"fixed_gates[{name!r}] = {value!r}, but a gate is a fraction between 0 "
                f"(let nothing through) and 1 (let everything through). Use a value in [0, 1]."
            )
        checked[name] = number
    return checked


@_serializable
class GRUCell(_RecurrentCell):
    """The gated recurrent unit, one time step (gate order in the weights: z, r, h~):

        z_t  = sigmoid(x_t W_xz + h_{t-1} W_hz + b_z)          update gate  (업데이트 게이트)
        r_t  = sigmoid(x_t W_xr + h_{t-1} W_hr + b_r)          reset gate   (리셋 게이트)
        h~_t = tanh(x_t W_xh + r_t * (h_{t-1} W_hh + b'_h) + b_h)   reset_after=True (default)
        h~_t = tanh(x_t W_xh + (r_t * h_{t-1}) W_hh + b_h)          reset_after=False
        h_t  = z_t * h_{t-1} + (1 - z_t) * h~_t

    As in Keras, z_t is the share of the old state that is *kept*. With ``reset_after=True``
    the bias has two rows, (2, 3 * units): the input bias b and the recurrent bias b'.
    """

    gate_count = 3

    def __init__(
        self,
        units: int,
        activation="tanh",
        recurrent_activation="sigmoid",
        reset_after: bool = True,
        implementation: int = 2,
        **kwargs,
    ):
        super().__init__(units, activation=activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = reset_after
        self.implementation = _check_implementation(type(self).__name__, implementation)
        self.state_size = units

    def build(self, input_shape):
        bias_shape = (2, 3 * self.units) if self.reset_after else (3 * self.units,)
        self._add_weights(input_shape[-1], bias_shape)

    def step(self, x_t, h_prev, training=False) -> dict[str, Any]:
        """One step of the equations above, every intermediate value by name."""
        input_masks = self._masks(self.input_masks, self.dropout, training)
        recurrent_masks = self._masks(self.recurrent_masks, self.recurrent_dropout, training)
        input_bias = recurrent_bias = None
        if self.use_bias:
            if self.reset_after:
                input_bias, recurrent_bias = self.bias[0], self.bias[1]
            else:
                input_bias = self.bias
        x_z, x_r, x_h = self._project(x_t, self.kernel, input_masks)
        if input_bias is not None:
            b_z, b_r, b_h = ops.split(input_bias, 3)
            x_z, x_r, x_h = x_z + b_z, x_r + b_r, x_h + b_h
        h_z, h_r, h_h = self._project(h_prev, self.recurrent_kernel, recurrent_masks)
        if recurrent_bias is not None:
            rb_z, rb_r, rb_h = ops.split(recurrent_bias, 3)
            h_z, h_r, h_h = h_z + rb_z, h_r + rb_r, h_h + rb_h
        z_t = self.recurrent_activation(x_z + h_z)
        r_t = self.recurrent_activation(x_r + h_r)
        if self.reset_after:
            h_tilde = self.activation(x_h + r_t * h_h)
        else:
            h_for_candidate = h_prev if recurrent_masks is None else h_prev * recurrent_masks[-1]
            u_h = self.recurrent_kernel[:, 2 * self.units :]
            h_tilde = self.activation(x_h + ops.matmul(r_t * h_for_candidate, u_h))
        h_t = z_t * h_prev + (1 - z_t) * h_tilde
        return {UPDATE_GATE: z_t, RESET_GATE: r_t, CANDIDATE: h_tilde, HIDDEN_STATE: h_t}

    def call(self, inputs, states, training=False):
        h_prev = states[0] if isinstance(states, (list, tuple)) else states
        h = self.step(inputs, h_prev, training)[HIDDEN_STATE]
        return h, [h] if isinstance(states, (list, tuple)) else h

    def arguments(self):
        return {
            **super().arguments(),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "reset_after": self.reset_after,
            "implementation": self.implementation,
        }


# --------------------------------------------------------------------------- layers


class _RecurrentLayer(_CheckedWeights, keras.layers.RNN):
    """A cell of this module run over time by ``keras.layers.RNN``, with checked inputs."""

    cell_class: type[_RecurrentCell]
    cell_name: str
    state_names: tuple[str, ...]
    takes_use_cudnn = False  # LSTM and GRU accept Keras's use_cudnn (it changes nothing here)

    def __init__(
        self,
        units: int,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        zero_output_for_mask: bool = False,
        activity_regularizer=None,
        **kwargs,
    ):
        layer_kwargs = {
            k: kwargs.pop(k) for k in ("name", "dtype", "trainable", "autocast") if k in kwargs
        }
        use_cudnn = kwargs.pop("use_cudnn", "auto") if self.takes_use_cudnn else None
        if use_cudnn not in ("auto", True, False, None):
            raise ValueError(
                f"use_cudnn is 'auto', True or False, as in Keras; got use_cudnn={use_cudnn!r}."
            )
        cell = self.cell_class(
            units,
            dtype=layer_kwargs.get("dtype"),
            trainable=layer_kwargs.get("trainable", True),
            name=self.cell_name,
            **kwargs,
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            zero_output_for_mask=zero_output_for_mask,
            activity_regularizer=regularizers.get(activity_regularizer),
            **layer_kwargs,
        )
        if self.takes_use_cudnn:
            self.use_cudnn = use_cudnn

    def build(self, sequences_shape, initial_state_shape=None):
        _check_sequences(self.name, sequences_shape)
        super().build(sequences_shape, initial_state_shape)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        _check_sequences(self.name, _shape(sequences))
        if initial_state is not None:
            initial_state = self._checked_initial_state(sequences, initial_state)
        self.cell.prepare_dropout_masks(sequences[:, 0, :])
        try:
            return super().call(
                sequences, initial_state=initial_state, mask=mask, training=training
            )
        finally:
            self.cell.clear_dropout_masks()

    def _checked_initial_state(self, sequences, initial_state) -> list:
        states = (
            list(initial_state) if isinstance(initial_state, (list, tuple)) else [initial_state]
        )
        count = len(self.state_names)
        batch = _shape(sequences)[0]
        want = (batch, self.cell.units)
        shapes = [_shape(s) for s in states]
        fits = len(states) == count and all(
            len(s) == 2 and s[1] == want[1] and (batch is None or s[0] in (None, batch))
            for s in shapes
        )
        if not fits:
            names = ", ".join(self.state_names)
            raise ValueError(
                f"{self.name} expects initial_state as a list of {count} tensor(s) "
                f"[{names}], each of shape (batch, units) = {want}; got {len(states)} "
                f"tensor(s) of shape(s) {', '.join(map(str, shapes))}. "
                + (
                    "An LSTM has two states: pass [h_0, c_0] (a Keras LSTM with "
                    "return_state=True returns them after its output). "
                    if count == 2
                    else ""
                )
                + "Each state needs the batch size of the input and the layer's units."
            )
        return states

    def get_config(self):
        config = super().get_config()
        del config["cell"]
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        if self.takes_use_cudnn:
            config["use_cudnn"] = self.use_cudnn
        return {**config, **self.cell.arguments()}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _cell_options(*names: str):
    """Class decorator: the cell's options read as the layer's own (``layer.units``, ...)."""

    def add(layer_class):
        for name in names:
            option = property(lambda self, name=name: getattr(self.cell, name))
            option.__doc__ = f"The cell's ``{name}``."
            setattr(layer_class, name, option)
        return layer_class

    return add


_COMMON_OPTIONS = (
    "units",
    "activation",
    "use_bias",
    "kernel_initializer",
    "recurrent_initializer",
    "bias_initializer",
    "kernel_regularizer",
    "recurrent_regularizer",
    "bias_regularizer",
    "kernel_constraint",
    "recurrent_constraint",
    "bias_constraint",
    "dropout",
    "recurrent_dropout",
    "seed",
)


@_serializable
@_cell_options(*_COMMON_OPTIONS)
class SimpleRNN(_RecurrentLayer):
    """A plain recurrent layer: ``SimpleRNNCell`` (h_t = tanh(x_t W_x + h_{t-1} W_h + b)) over time.

    Takes the arguments of ``keras.layers.SimpleRNN``; weights: kernel, recurrent_kernel, bias.
    """

    cell_class = SimpleRNNCell
    cell_name = "simple_rnn_cell"
    state_names = ("h_0",)


@_serializable
@_cell_options(*_COMMON_OPTIONS, "recurrent_activation", "unit_forget_bias", "fixed_gates")
class LSTM(_RecurrentLayer):
    """An LSTM layer: ``LSTMCell`` run over time. States [h_t, C_t].

    Takes the arguments of ``keras.layers.LSTM`` (and ``fixed_gates``, see ``LSTMCell``);
    weights: kernel (features, 4u), recurrent_kernel (u, 4u), bias (4u,), gates i, f, C~, o.
    ``use_cudnn`` and ``implementation`` are accepted and kept in the config, so that Keras
    code runs as it is, and change nothing: this layer always runs its equations, never
    NVIDIA's cuDNN kernel (which Keras's ``LSTM`` takes on a GPU when it can).
    """

    cell_class = LSTMCell
    cell_name = "lstm_cell"
    state_names = ("h_0", "c_0")
    takes_use_cudnn = True


@_serializable
@_cell_options(*_COMMON_OPTIONS, "recurrent_activation", "reset_after")
class GRU(_RecurrentLayer):
    """A GRU layer: ``GRUCell`` run over time. State [h_t].

    Takes the arguments of ``keras.layers.GRU``; weights: kernel (features, 3u),
    recurrent_kernel (u, 3u), bias (2, 3u) with ``reset_after=True`` or (3u,) without.
    ``use_cudnn`` and ``implementation`` are accepted and kept in the config, and change
    nothing: this layer always runs its equations, never cuDNN.
    """

    cell_class = GRUCell
    cell_name = "gru_cell"
    state_names = ("h_0",)
    takes_use_cudnn = True


# --------------------------------------------------------------------------- bidirectional

MERGE_MODES = ("concat", "sum", "mul", "ave", None)


def _merge(forward, backward, mode):
    """Combine the two directions: concat [h_fwd; h_bwd], sum, mul, ave, or None (both)."""
    if mode == "concat":
        return ops.concatenate([forward, backward], axis=-1)
    if mode == "sum":
        return forward + backward
    if mode == "mul":
        return forward * backward
    if mode == "ave":
        return (forward + backward) / 2
    return [forward, backward]


@_serializable
class Bidirectional(_CheckedWeights, keras.layers.Layer):
    """Reads the sequence both ways and merges what the two readings say.

        h_t^fwd = layer(x_1 .. x_t)           the past up to t, read left to right
        h_t^bwd = layer'(x_T .. x_t)          the future back to t, read right to left
        y_t     = merge(h_t^fwd, h_t^bwd)     concat, sum, mul, ave, or None (a pair)

    ``layer'`` is a copy of ``layer`` with ``go_backwards`` flipped (or ``backward_layer``).
    Its outputs come out in reading order T .. 1 and are flipped back before merging, so y_t
    pairs both directions at the same step t. Weights: forward layer's, then backward's.
    As in Keras, with ``return_sequences=True`` both copies output zeros at masked steps.
    """

    def __init__(
        self,
        layer: keras.layers.Layer,
        merge_mode: str | None = "concat",
        backward_layer: keras.layers.Layer | None = None,
        **kwargs,
    ):
        for role, candidate in (("layer", layer), ("backward_layer", backward_layer)):
            if candidate is not None and not hasattr(candidate, "go_backwards"):
                raise ValueError(
                    f"Bidirectional wraps a recurrent layer (SimpleRNN, LSTM, GRU, ...); got "
                    f"{role}={candidate!r}. Pass a layer instance such as LSTM(32)."
                )
        if merge_mode not in MERGE_MODES:
            raise ValueError(f"merge_mode must be one of {MERGE_MODES}; got {merge_mode!r}.")
        super().__init__(**kwargs)
        self.forward_layer = _copy_layer(layer, f"forward_{_strip(layer.name)}")
        if backward_layer is None:
            self.backward_layer = _copy_layer(
                layer, f"backward_{_strip(layer.name)}", go_backwards=not layer.go_backwards
            )
        else:
            self.backward_layer = backward_layer
        for name in ("stateful", "return_sequences", "return_state"):
            if getattr(self.forward_layer, name) != getattr(self.backward_layer, name):
                raise ValueError(
                    f"The forward and backward layers must agree on {name}; got "
                    f"{getattr(self.forward_layer, name)} and "
                    f"{getattr(self.backward_layer, name)}."
                )
        if self.forward_layer.go_backwards == self.backward_layer.go_backwards:
            raise ValueError(
                "The backward layer must read the other way: give it the opposite go_backwards "
                f"of the forward layer (both have go_backwards={layer.go_backwards})."
            )
        for direction in (self.forward_layer, self.backward_layer):
            direction.zero_output_for_mask = direction.return_sequences
        self.merge_mode = merge_mode
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True

    def build(self, sequences_shape, initial_state_shape=None):
        for direction in (self.forward_layer, self.backward_layer):
            if not direction.built:
                direction.build(sequences_shape)

    def call(self, sequences, initial_state=None, mask=None, training=None):
        forward_state = backward_state = None
        if initial_state is not None:
            initial_state = list(initial_state)
            half = len(initial_state) // 2
            if len(initial_state) % 2:
                raise ValueError(
                    f"{self.name} expects initial_state as the forward layer's states followed "
                    f"by the backward layer's (an even count); got {len(initial_state)}."
                )
            forward_state, backward_state = initial_state[:half], initial_state[half:]
        y_fwd = self.forward_layer(
            sequences, initial_state=forward_state, mask=mask, training=training
        )
        y_bwd = self.backward_layer(
            sequences, initial_state=backward_state, mask=mask, training=training
        )
        states = []
        if self.return_state:
            states = list(y_fwd[1:]) + list(y_bwd[1:])
            y_fwd, y_bwd = y_fwd[0], y_bwd[0]
        # Under a dtype policy (mixed_float16, say) the output takes this wrapper's compute
        # dtype, as Keras's Bidirectional does; the states stay as the directions give them.
        y_fwd, y_bwd = ops.cast(y_fwd, self.compute_dtype), ops.cast(y_bwd, self.compute_dtype)
        if self.return_sequences:
            y_bwd = ops.flip(y_bwd, axis=1)  # back to input order: index t is step t
        output = _merge(y_fwd, y_bwd, self.merge_mode)
        if not self.return_state:
            return tuple(output) if isinstance(output, list) else output
        head = output if isinstance(output, list) else [output]
        return tuple(head + states)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        shapes = self.forward_layer.compute_output_shape(sequences_shape)
        output_shape, state_shapes = (
            (shapes[0], list(shapes[1:])) if self.return_state else (shapes, [])
        )
        if self.merge_mode == "concat":
            output_shape = (*output_shape[:-1], output_shape[-1] * 2)
        head = [output_shape, output_shape] if self.merge_mode is None else [output_shape]
        if not self.return_state:
            return tuple(head) if self.merge_mode is None else output_shape
        return tuple(head + state_shapes + state_shapes)

    def compute_mask(self, _, mask):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        heads = [output_mask, output_mask] if self.merge_mode is None else [output_mask]
        if self.return_state:
            state_count = 2 * len(self.forward_layer.state_size)
            return heads + [None] * state_count
        return heads if self.merge_mode is None else output_mask

    @property
    def states(self):
        if self.forward_layer.states and self.backward_layer.states:
            return tuple(self.forward_layer.states) + tuple(self.backward_layer.states)
        return None

    def reset_state(self):
        if not self.stateful:
            raise AttributeError(f"{self.name} is not stateful: there is no state to reset.")
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

    def reset_states(self):
        self.reset_state()

    def get_config(self):
        return {
            **super().get_config(),
            "merge_mode": self.merge_mode,
            "layer": keras.saving.serialize_keras_object(self.forward_layer),
            "backward_layer": keras.saving.serialize_keras_object(self.backward_layer),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = copy.deepcopy(config)
        config["layer"] = keras.saving.deserialize_keras_object(
            config["layer"], custom_objects=custom_objects
        )
        if config.get("backward_layer") is not None:
            config["backward_layer"] = keras.saving.deserialize_keras_object(
                config["backward_layer"], custom_objects=custom_objects
            )
        return cls(**config)


def _strip(name: str) -> str:
    for prefix in ("forward_", "backward_"):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _copy_layer(layer, name: str, **overrides):
    """A fresh, unbuilt copy of ``layer`` from its config, with a new name and ``overrides``."""
    config = keras.saving.serialize_keras_object(layer)
    config["config"].update(name=name, **overrides)
    return keras.saving.deserialize_keras_object(config)
