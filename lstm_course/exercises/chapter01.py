"""Chapter 01's checked exercises: a hidden state by hand, shapes, parameters, windows.

* ``q1`` two steps of the trained forecaster's SimpleRNN by hand,
  ``h_t = tanh(x_t W_x + h_{t-1} W_h + b)`` from ``h_0 = 0``, against the layer itself;
* ``q2`` predict, then run: the output shapes of ``SimpleRNN(64)`` on (32, 50, 10) with
  ``return_sequences`` and ``return_state``;
* ``q3`` the parameters of two stacked SimpleRNN layers, ``features · units + units² + units``
  each, against ``count_params()`` (the second layer reads the first one's units);
* ``q4`` the test windows of 5 years cut by hand with NumPy, against ``sunspots.windows(5)``;
* ``q5`` section 2's loop with ReLU in place of tanh, against ``SimpleRNN(activation="relu")``.

Each check computes the truth from what the chapter's cells made (``context``), so it holds in
fast mode and full mode alike, and trains nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from lstm_course.exercises import (
    AnswerError,
    Question,
    bind_questions,
    close,
    expect_array,
    expect_number,
    expect_shape,
)

#: q1: how many steps of the first test window the learner runs by hand.
N_STEPS = 2
#: q2: the input the three layers read, (batch, time, features), and their units.
SHAPE_INPUT = (32, 50, 10)
SHAPE_UNITS = 64
#: q3: the stack, (time, features) in, then the units of its two SimpleRNN layers.
STACK_INPUT = (50, 10)
STACK_UNITS = (64, 16)
#: q4: the window length of the windows cut by hand.
WINDOW_Q4 = 5


# ----------------------------------------------------------- q1: two steps by hand


def _rnn_weights(model: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, Any]:
    """The first layer of ``model`` (the SimpleRNN) and its [W_x, W_h, b]."""
    layer = model.layers[0]
    W_x, W_h, b = (np.asarray(w, dtype=float) for w in layer.get_weights())
    return W_x, W_h, b, layer


def check_two_steps(h_2_by_hand: Any, model: Any, x_test: Any) -> None:
    """``h_2_by_hand``: the state of the forecaster's SimpleRNN after the first two years of the
    first test window, ``h_2 = tanh(x_2 W_x + h_1 W_h + b)`` with ``h_1 = tanh(x_1 W_x + b)``."""
    W_x, W_h, b, layer = _rnn_weights(model)
    units = W_h.shape[0]
    answer = expect_array(
        h_2_by_hand, "h_2_by_hand", shape=(1, units), meaning="(batch, units): one state vector"
    )
    window = np.asarray(x_test, dtype="float32")[:1]
    truth = np.asarray(layer(window[:, :N_STEPS]))  # the layer's last state after two steps
    if close(answer, truth):
        return
    x1, x2 = window[:, 0].astype(float), window[:, 1].astype(float)
    h1 = np.tanh(x1 @ W_x + b)
    slips = {
        "h_1": h1,
        "final": np.asarray(layer(window)),
        "no tanh": (x2 @ W_x + (x1 @ W_x + b) @ W_h + b),
        "tanh once": x2 @ W_x + h1 @ W_h + b,
        "no bias": np.tanh(x2 @ W_x + np.tanh(x1 @ W_x) @ W_h),
        "transposed": np.tanh(x2 @ W_x + h1 @ W_h.T + b),
        "no recurrence": np.tanh(x2 @ W_x + b),
    }
    messages = {
        "h_1": "that is h_1, the state after the first year only. Feed it back: "
        "h_2 = tanh(x_2 W_x + h_1 W_h + b) reads the second year and the state before it.",
        "final": "that is the state after the whole window (24 years), what the layer returns. "
        "The question asks for the state after the first two years only.",
        "no tanh": "the tanh is missing: every step squeezes its sum through tanh, so each unit "
        "of a state lies in (-1, 1).",
        "tanh once": "the second step needs its tanh too: h_2 = tanh(...), like h_1.",
        "no bias": "the bias b is missing: it is added at every step, inside the tanh.",
        "transposed": "W_h is used transposed. With row vectors the state multiplies from the "
        "left: h_{t-1} W_h, the recurrent kernel exactly as get_weights() returns it.",
        "no recurrence": "the second step forgot the first: add h_1 W_h inside the tanh, that is "
        "what makes the layer recurrent.",
    }
    for slip, message in messages.items():
        if close(answer, slips[slip]):
            raise AnswerError(message)
    raise AnswerError(
        "not the layer's h_2. Start from h_0 = 0: h_1 = tanh(x_1 W_x + h_0 W_h + b), then "
        "h_2 = tanh(x_2 W_x + h_1 W_h + b), with x_t = x_test[:1, t - 1] of shape (1, 1) and "
        "[W_x, W_h, b] = model.layers[0].get_weights()."
    )


# -------------------------------------------------------- q2: predict, then run: shapes


def layer_output_shapes(
    return_sequences: bool, return_state: bool, shape: Sequence[int] = SHAPE_INPUT
) -> list[tuple[int, ...]]:
    """Run ``SimpleRNN(SHAPE_UNITS)`` on zeros of ``shape``: the shape of each output."""
    from lstm_course.layers import SimpleRNN

    layer = SimpleRNN(SHAPE_UNITS, return_sequences=return_sequences, return_state=return_state)
    result = layer(np.zeros(shape, dtype="float32"))
    outputs = result if isinstance(result, (list, tuple)) else [result]
    return [tuple(int(s) for s in r.shape) for r in outputs]


def _shape_slip(given: tuple[int, ...], truth: tuple[int, ...], name: str) -> str:
    """A teaching message for one wrong shape (``truth`` is (batch, units) or
    (batch, time, units))."""
    batch, time, features = SHAPE_INPUT
    if features in given and SHAPE_UNITS not in given:
        return (
            f"`{name}`: a recurrent layer gives `units` numbers per step (its state), not the "
            "input's features."
        )
    if batch not in given:
        return (
            f"`{name}`: the batch axis is missing. Keras keeps it in every output: one result "
            "per sequence, first axis."
        )
    if len(truth) == 2 and len(given) == 3:
        return (
            f"`{name}`: without return_sequences the layer returns the last state only, one "
            "vector per sequence: there is no time axis."
        )
    if len(truth) == 3 and len(given) == 2:
        return (
            f"`{name}`: return_sequences=True returns the state at every step, so the time axis "
            "stays."
        )
    return f"`{name}`: not the shape the layer gives. Write it as (batch, ..., units)."


def check_shapes(shape_default: Any, shape_sequences: Any, shapes_with_state: Any) -> None:
    """The predicted output shapes of ``SimpleRNN(64)`` on (32, 50, 10): by default, with
    ``return_sequences=True``, and with ``return_sequences=True, return_state=True`` (a list)."""
    default = expect_shape(shape_default, "shape_default", "(batch, units)")
    sequences = expect_shape(shape_sequences, "shape_sequences", "(batch, time, units)")
    if isinstance(shapes_with_state, (str, bytes)) or not isinstance(shapes_with_state, Sequence):
        raise AnswerError(
            "`shapes_with_state` should be a list of shapes, one per output, such as "
            f"[(8, 4, 16), (8, 16)]; it is {shapes_with_state!r:.60}."
        )
    if shapes_with_state and isinstance(shapes_with_state[0], (int, np.integer)):
        raise AnswerError(
            "`shapes_with_state` is one shape; with return_state=True the layer returns a list "
            "of outputs: the output first, then the final state. Write a list of shapes, such "
            "as [(8, 4, 16), (8, 16)]."
        )
    with_state = [expect_shape(s, "each shape in `shapes_with_state`") for s in shapes_with_state]
    truth_default = layer_output_shapes(False, False)[0]
    truth_sequences = layer_output_shapes(True, False)[0]
    truth_state = layer_output_shapes(True, True)
    if default != truth_default:
        raise AnswerError(_shape_slip(default, truth_default, "shape_default"))
    if sequences != truth_sequences:
        raise AnswerError(_shape_slip(sequences, truth_sequences, "shape_sequences"))
    if with_state == truth_state:
        return
    if len(with_state) == 3:
        raise AnswerError(
            "`shapes_with_state`: three outputs is an LSTM (output, h_T, C_T). A SimpleRNN has "
            "one state, so return_state=True adds one output."
        )
    if len(with_state) != len(truth_state):
        raise AnswerError(
            "`shapes_with_state`: return_state=True keeps the output and adds the final state: "
            "how many outputs is that?"
        )
    if with_state == truth_state[::-1]:
        raise AnswerError(
            "`shapes_with_state`: the right shapes, the wrong order. The output (here every "
            "step's state) comes first, then the final state."
        )
    if with_state[0] != truth_state[0]:
        raise AnswerError(
            "`shapes_with_state`: return_state does not change the first output; it is what "
            "return_sequences=True gives, as in `shape_sequences`."
        )
    raise AnswerError(
        "`shapes_with_state`: the final state is the state after the last step only, one "
        "vector per sequence, whatever return_sequences says."
    )


# ------------------------------------------------------ q3: parameters of a stack


def simple_rnn_count_variants(features: int, units: int, time: int) -> dict[str, int]:
    """The right count of a SimpleRNN and a few likely slips."""
    return {
        "right": features * units + units * units + units,
        "no bias": features * units + units * units,
        "no recurrence": features * units + units,
        "times time": time * (features * units + units * units + units),
        "time as features": time * units + units * units + units,
    }


def _check_one_count(value: float, name: str, features: int, units: int, time: int) -> None:
    slips = simple_rnn_count_variants(features, units, time)
    if value == slips["right"]:
        return
    messages = {
        "no bias": "the bias b is missing, one number per unit.",
        "no recurrence": "W_h is missing: each unit also reads the whole previous state, "
        "(units × units) weights.",
        "times time": "the sequence length does not count: the same weights serve every step.",
        "time as features": "the input size is the number of features per step, not the number "
        "of steps.",
    }
    for slip, message in messages.items():
        if value == slips[slip]:
            raise AnswerError(f"`{name}`: {message}")


def check_stack_params(params_first: Any, params_second: Any, stack: Any) -> None:
    """``params_first`` and ``params_second``: the weights of the stack's two SimpleRNN layers."""
    first = expect_number(params_first, "params_first", meaning="the first layer's weights")
    second = expect_number(params_second, "params_second", meaning="the second layer's weights")
    layer_1, layer_2 = stack.layers[0], stack.layers[1]
    features_1, units_1 = (int(s) for s in layer_1.get_weights()[0].shape)
    features_2, units_2 = (int(s) for s in layer_2.get_weights()[0].shape)
    time = int(stack.inputs[0].shape[1])
    if first != layer_1.count_params():
        _check_one_count(first, "params_first", features_1, units_1, time)
        raise AnswerError(
            "`params_first`: not the first layer's count. W_x (features × units), W_h (units × "
            "units) and b (units), with the features the layer reads at each step."
        )
    if second == layer_2.count_params():
        return
    if second == simple_rnn_count_variants(features_1, units_2, time)["right"]:
        raise AnswerError(
            "`params_second`: the second layer does not read the input's features: it reads the "
            "first layer's output, one state vector per step. How many numbers is that?"
        )
    _check_one_count(second, "params_second", features_2, units_2, time)
    raise AnswerError(
        "`params_second`: not the second layer's count. Its features are what it reads at each "
        "step: the first layer's states."
    )


# -------------------------------------------------------------- q4: windows by hand


def check_test_windows(X_test_by_hand: Any, y_test_by_hand: Any, sunspots: Any) -> None:
    """``X_test_by_hand``, ``y_test_by_hand``: the test windows of :data:`WINDOW_Q4` years (scaled),
    one per test year, as ``sunspots.windows(WINDOW_Q4)["test"]`` cuts them."""
    X = expect_array(
        X_test_by_hand,
        "X_test_by_hand",
        shape=(None, WINDOW_Q4, 1),
        meaning=f"(examples, time, features), {WINDOW_Q4} years of 1 feature",
    )
    y = expect_array(y_test_by_hand, "y_test_by_hand", shape=(None,), meaning="(examples,)")
    X_true, y_true = sunspots.windows(WINDOW_Q4)["test"]
    if len(X) != len(y):
        raise AnswerError(
            f"{len(X)} windows but {len(y)} targets: every window has exactly one target."
        )
    if close(X, X_true) and close(y, y_true):
        return
    X_inside, y_inside = sunspots.windows(WINDOW_Q4, look_back=False)["test"]
    if close(X, X_inside) and close(y, y_inside):
        raise AnswerError(
            "every window lies inside the test years, so the first test years get no window. A "
            "target must be a test year, but its window may reach back into the validation "
            "years: that is the past, known when the forecast is made."
        )
    X_raw, y_raw = sunspots.windows(WINDOW_Q4, scaled=False)["test"]
    if close(X, X_raw) and close(y, y_raw):
        raise AnswerError(
            "these are raw sunspot numbers. Cut the windows from the scaled series (`values`, "
            "scaled with the training years' mean and standard deviation), as the model reads."
        )
    if len(X) == len(X_true) and close(X[:, -1, 0], y):
        raise AnswerError(
            "each target is the last year of its own window. The target is the year right "
            "after the window: window values[t - 5 : t], target values[t]."
        )
    if len(X) == len(X_true) and close(X[1:], X_true[:-1]) and close(y, y_true):
        raise AnswerError(
            "the windows are one year early: the window of target t is values[t - 5 : t], the "
            "five years right before it."
        )
    if len(X) != len(X_true):
        raise AnswerError(
            f"{len(X)} windows: the test split should give one window for each test year "
            "(each is a target once)."
        )
    raise AnswerError(
        "not the helper's test windows. For every test year t (from n_train + n_val on): the "
        "window values[t - 5 : t], with a feature axis added, and the target values[t]."
    )


# -------------------------------------------------------------------- q5: ReLU by hand


def check_relu_states(relu_states: Any, x: Any, W_x: Any, W_h: Any, b: Any) -> None:
    """``relu_states``: section 2's loop with ReLU, ``h_t = max(0, x_t W_x + h_{t-1} W_h + b)``,
    every step's state, checked against ``SimpleRNN(units, activation="relu")``."""
    from lstm_course.layers import SimpleRNN

    x = np.asarray(x, dtype="float32")
    batch, steps, _ = x.shape
    units = int(np.shape(W_h)[0])
    answer = expect_array(
        relu_states, "relu_states", shape=(batch, steps, units), meaning="(batch, time, units)"
    )
    layer = SimpleRNN(units, activation="relu", return_sequences=True)
    layer.build(x.shape)
    layer.set_weights([np.asarray(w, dtype="float32") for w in (W_x, W_h, b)])
    truth = np.asarray(layer(x))
    if close(answer, truth):
        return
    W_x, W_h, b = (np.asarray(w, dtype=float) for w in (W_x, W_h, b))
    h = np.zeros((batch, units))
    tanh_states, no_feedback = [], []
    for t in range(steps):
        h = np.tanh(x[:, t] @ W_x + h @ W_h + b)
        tanh_states.append(h)
        no_feedback.append(np.maximum(0, x[:, t] @ W_x + b))
    if close(answer, np.stack(tanh_states, axis=1)):
        raise AnswerError("these are the tanh states of section 2: swap np.tanh for the ReLU.")
    if close(answer, np.stack(no_feedback, axis=1)):
        raise AnswerError(
            "each step starts again from h_0 = 0: keep the new state and feed it into the next "
            "step, h_{t-1} W_h."
        )
    if np.any(np.asarray(answer) < 0):
        raise AnswerError(
            "some states are negative, which a ReLU never gives: max(0, ·) keeps the positive "
            "part and sets the rest to 0 (np.maximum(0, ...), not np.minimum)."
        )
    raise AnswerError(
        "not the ReLU layer's states. The loop of section 2 with np.maximum(0, ...) in place of "
        "np.tanh, the same x, W_x, W_h, b, from h_0 = 0; stack the states on axis 1."
    )


# ------------------------------------------------------------------------------- questions

q1 = Question(
    "q1",
    reads=("h_2_by_hand",),
    check_answer=check_two_steps,
    context=("model", "x_test"),
    hints=(
        "W_x, W_h, b = model.layers[0].get_weights(); the first two years of the first test "
        "window are x_test[:1, 0] and x_test[:1, 1], each of shape (1, 1).",
        "h_1 = np.tanh(x_1 @ W_x + b), since h_0 is zero; then "
        "h_2 = np.tanh(x_2 @ W_x + h_1 @ W_h + b).",
    ),
    solution_code="""
W_x_trained, W_h_trained, b_trained = model.layers[0].get_weights()
h_t = np.zeros((1, W_h_trained.shape[0]))  # h_0
for t in range(2):
    x_t = x_test[:1, t]  # (1, 1): one window, one feature
    h_t = np.tanh(x_t @ W_x_trained + h_t @ W_h_trained + b_trained)
h_2_by_hand = h_t
""",
)

q2 = Question(
    "q2",
    reads=("shape_default", "shape_sequences", "shapes_with_state"),
    check_answer=check_shapes,
    hints=(
        "The input is (batch, time, features) = (32, 50, 10); the layer has 64 units: every "
        "state it computes is (batch, units).",
        "return_sequences keeps the time axis; return_state turns the result into a list: the "
        "output first, then the final state.",
    ),
    solution_code="""
shape_default = (32, 64)  # the last state only: (batch, units)
shape_sequences = (32, 50, 64)  # every step's state: (batch, time, units)
shapes_with_state = [(32, 50, 64), (32, 64)]  # the output, then the final state
""",
)

q3 = Question(
    "q3",
    reads=("params_first", "params_second"),
    check_answer=check_stack_params,
    context=("stack",),
    hints=(
        "Each layer: features · units + units² + units, with the features it reads per step.",
        "The second layer reads the first layer's states: 64 numbers per step.",
    ),
    solution_code="""
params_first = 10 * 64 + 64 * 64 + 64  # reads 10 features per step
params_second = 64 * 16 + 16 * 16 + 16  # reads the first layer's 64 units per step
""",
)

q4 = Question(
    "q4",
    reads=("X_test_by_hand", "y_test_by_hand"),
    check_answer=check_test_windows,
    context=("sunspots",),
    hints=(
        "The test targets are the years n_train + n_val, ..., n_train + n_val + n_test - 1 of "
        "`values`; n_test = len(sunspots.test).",
        "The window of target t is values[t - 5 : t]; add the feature axis with [..., None].",
    ),
    solution_code="""
n_test = len(sunspots.test)
test_targets = range(n_train + n_val, n_train + n_val + n_test)
X_test_by_hand = np.stack([values[t - 5 : t] for t in test_targets])[..., None]
y_test_by_hand = values[n_train + n_val : n_train + n_val + n_test]
""",
)

q5 = Question(
    "q5",
    reads=("relu_states",),
    check_answer=check_relu_states,
    context=("x", "W_x", "W_h", "b"),
    hints=(
        "Copy section 2's loop and replace np.tanh(...) by np.maximum(0, ...).",
        "Collect every step's state and stack them on axis 1: (batch, time, units).",
    ),
    solution_code="""
h_t = np.zeros((batch, units), dtype="float32")
relu_list = []
for t in range(steps):
    h_t = np.maximum(0, x[:, t, :] @ W_x + h_t @ W_h + b)
    relu_list.append(h_t)
relu_states = np.stack(relu_list, axis=1)
""",
)

bind = bind_questions("01", q1, q2, q3, q4, q5)
