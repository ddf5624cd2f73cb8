"""Chapter 07's checked exercises: the forget gate.

* ``q1`` the input gate by hand, from the toy layer's weight slices, against ``trace_lstm``:
  ``i_t = σ(x_t W_xi + h_{t-1} W_hi + b_i)``, columns ``0:units`` (order i, f, C~, o);
* ``q2`` predict, then run: what is left of a write after 10 steps of a forget gate held at
  0.5 (``f^10``), against the cell update ``C_t = f_t C_{t-1} + i_t C~_t`` run step by step;
* ``q3`` the half-life ``ln 0.5 / ln f`` of a fresh cell's memory for the forget bias
  ``b_f = 2`` (``f = σ(b_f)``);
* ``q4`` the parameter count of a second LSTM stacked on the chapter's 16-unit layer,
  ``4 (features · units + units² + units)``, against ``count_params()``;
* ``q5`` the mean input gate at the object's property, from the chapter's trace and marks.

Each check computes the truth from what the chapter's cells made (``context``), so it holds
in fast mode and full mode alike, and trains nothing.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from lstm_course.exercises import (
    AnswerError,
    Question,
    bind_questions,
    close,
    expect_array,
    expect_number,
)

#: The order of the four parts in Keras's ``kernel``, ``recurrent_kernel`` and ``bias``.
PARTS = ("input gate", "forget gate", "candidate", "output gate")
#: The forget gate held constant, the steps waited, and the bias of q3.
HELD_FORGET = 0.5
STEPS_WAITED = 10
BIAS_Q3 = 2.0
#: q4: the second layer's units.
SECOND_UNITS = 8


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


# ------------------------------------------------------------------------------ q1: by hand


def gate_by_hand(layer: Any, x: np.ndarray, trace: dict[str, np.ndarray], part: int) -> dict:
    """The pre-activation of one of the four parts, ``x_t W_x + h_{t-1} W_h + b`` at every step,
    with ``h_{t-1}`` from the trace (zeros at the first step), and variants a learner may write.

    ``part`` is 0, 1, 2 or 3 (i, f, C~, o). Returns arrays of shape (batch, time, units).
    """
    kernel, recurrent_kernel, bias = (np.asarray(w, dtype=float) for w in layer.get_weights())
    units = recurrent_kernel.shape[0]
    columns = slice(part * units, (part + 1) * units)
    h = np.asarray(trace["hidden_state"], dtype=float)
    h_prev = np.concatenate([np.zeros_like(h[:, :1]), h[:, :-1]], axis=1)
    from_x = np.asarray(x, dtype=float) @ kernel[:, columns] + bias[columns]
    return {"full": from_x + h_prev @ recurrent_kernel[:, columns], "without_h": from_x}


def check_input_gate(input_gate_by_hand: Any, toy: Any, x_toy: Any) -> None:
    """``input_gate_by_hand`` (batch, time, units) must be the toy layer's traced input gate."""
    from lstm_course.probes import trace_lstm

    x = np.asarray(x_toy, dtype=float)
    units = int(toy.units)
    answer = expect_array(
        input_gate_by_hand,
        "input_gate_by_hand",
        shape=(x.shape[0], x.shape[1], units),
        meaning="(batch, time, units): the input gate at every step of x_toy",
    )
    trace = trace_lstm(toy, x_toy)
    if close(answer, trace["input_gate"]):
        return
    for part in (1, 2, 3):
        pre = gate_by_hand(toy, x, trace, part)["full"]
        if close(answer, _sigmoid(pre)) or close(answer, np.tanh(pre)):
            raise AnswerError(
                f"these are the numbers of the {PARTS[part]}, not the input gate: the four "
                "parts sit side by side in the order i, f, C~, o, so the input gate's "
                "columns are the first quarter of kernel, recurrent_kernel and bias."
            )
    input_part = gate_by_hand(toy, x, trace, 0)
    if close(answer, input_part["full"]):
        raise AnswerError(
            "this is the pre-activation x_t W_xi + h_{t-1} W_hi + b_i: a gate passes it "
            "through the sigmoid, so that every value lies between 0 and 1."
        )
    if close(answer, _sigmoid(input_part["without_h"])):
        raise AnswerError(
            "the first step matches, the later ones do not: from step 2 on, h_{t-1} is not "
            "zero, so add h_{t-1} W_hi (h_{t-1} is trace_toy['hidden_state'] one step back)."
        )
    raise AnswerError(
        "not the input gate that trace_lstm reports. Compute σ(x_t W_xi + h_{t-1} W_hi + b_i) "
        "at each step t, with W_xi, W_hi and b_i the input gate's slices of the weights and "
        "h_0 = 0; print one step of yours beside trace_toy['input_gate'] to see where it parts."
    )


# --------------------------------------------------------------------- q2: predict, then run


def left_after(forget: float, steps: int) -> float:
    """What is left of a write after ``steps`` steps of a forget gate held at ``forget``:
    the cell update run step by step, with the input gate open only at the write."""
    from lstm_course.explorers.cell_state import cell_states

    candidate = np.zeros(steps + 1)
    candidate[0] = 1.0  # one write of 1.0, then nothing
    write = np.zeros(steps + 1)
    write[0] = 1.0
    states = cell_states(forget, write, candidate)
    return float(states[steps] / states[0])


def check_predicted_left(predicted_left: Any) -> None:
    """``predicted_left``: the fraction of a write left after 10 steps of f = 0.5."""
    value = expect_number(
        predicted_left,
        "predicted_left",
        meaning="the fraction of the write left after 10 steps, between 0 and 1",
    )
    truth = left_after(HELD_FORGET, STEPS_WAITED)
    if math.isclose(value, truth, rel_tol=0.05, abs_tol=1e-6):  # 0.001, rounded, is fine
        return
    if not 0 <= value <= 1:
        raise AnswerError(
            "a forget gate between 0 and 1 can only shrink the memory: what is left is a "
            "fraction of the write, between 0 and 1 (write it as a fraction, not a percentage)."
        )
    if math.isclose(value, HELD_FORGET, rel_tol=0.02):
        raise AnswerError(
            "that is what is left after one step. The gate acts again at every step, and "
            "each step scales what the previous one left."
        )
    if value == 0:
        raise AnswerError(
            "not quite nothing: as long as f > 0 each step keeps a share of what is there, so "
            "the write shrinks by the same factor at every step but never reaches 0."
        )
    for off_by in (-1, 1):
        if math.isclose(value, HELD_FORGET ** (STEPS_WAITED + off_by), rel_tol=0.02):
            raise AnswerError(
                "close: count the multiplications. Each of the 10 steps after the write applies "
                "the gate once."
            )
    raise AnswerError(
        "not what the run shows. At every step C_t = f_t ⊙ C_{t-1} (nothing new is written): "
        "write out the first three steps and look at the pattern."
    )


# ----------------------------------------------------------------------------- q3: half-life


def half_life_for_bias(b_f: float) -> float:
    """The half-life ``ln 0.5 / ln σ(b_f)`` of a fresh cell's memory (a = 0)."""
    from lstm_course.explorers.cell_state import forget_gate_value, half_life

    return half_life(forget_gate_value(b_f))


def check_half_life(half_life_b2: Any) -> None:
    """``half_life_b2``: the half-life in steps of a fresh cell with ``b_f = 2``."""
    value = expect_number(half_life_b2, "half_life_b2", meaning="a number of steps")
    truth = half_life_for_bias(BIAS_Q3)
    if math.isclose(value, truth, abs_tol=0.05):
        return
    f = 1 / (1 + math.exp(-BIAS_Q3))
    if value <= 0:
        raise AnswerError(
            "a half-life is a positive number of steps. If you used ln 0.5 / ln b_f: the gate "
            "is not its bias; in a fresh cell f = σ(b_f), a number between 0 and 1."
        )
    if math.isclose(value, math.log(f) / math.log(0.5), rel_tol=0.02):
        raise AnswerError(
            "upside down: you want the n with f^n = 0.5, so n ln f = ln 0.5, n = ln 0.5 / ln f."
        )
    if round(value) == value and abs(value - truth) < 1:
        raise AnswerError(
            "close, but a half-life need not be a whole number of steps: give ln 0.5 / ln f "
            "unrounded (two decimals are enough)."
        )
    raise AnswerError(
        "not yet. First the gate: with a = 0, f = σ(b_f) = 1 / (1 + e^(-b_f)). Then the steps "
        "n after which f^n = 0.5."
    )


# --------------------------------------------------------------------------- q4: count_params


def stacked_layer_params(lstm: Any, second_units: int = SECOND_UNITS) -> int:
    """``count_params()`` of an LSTM of ``second_units`` units reading ``lstm``'s hidden states."""
    from lstm_course.layers import LSTM

    second = LSTM(second_units)
    second.build((None, None, int(lstm.units)))
    return int(second.count_params())


def check_params(params_second_layer: Any, lstm: Any, vocab: Any) -> None:
    """``params_second_layer``: the weights of ``LSTM(8)`` stacked on the 16-unit layer."""
    value = expect_number(
        params_second_layer, "params_second_layer", meaning="a count of weights and biases"
    )
    truth = stacked_layer_params(lstm)
    if value == truth:
        return
    features, units = int(lstm.units), SECOND_UNITS
    one_part = features * units + units**2 + units
    if value == one_part:
        raise AnswerError(
            "that is one part. An LSTM has four (input gate, forget gate, candidate, output "
            "gate), each with its own W_x, W_h and b."
        )
    if value == 4 * (features * units + units**2):
        raise AnswerError("each of the four parts also has a bias: one number per unit.")
    if value == 4 * (features * units + features**2 + units) or value == 4 * (
        features * units + features * units + units
    ):
        raise AnswerError(
            "W_h maps this layer's own previous hidden state to its units: it is "
            "(units × units) of the new layer, whatever the layer below has."
        )
    if value == 4 * (len(vocab) * units + units**2 + units):
        raise AnswerError(
            "the second layer does not read the words: it reads the first layer's hidden "
            "states, so its features are the first layer's units."
        )
    raise AnswerError(
        "not Keras's count. Per part: W_x is (features × units), W_h (units × units), b "
        "(units,); the features of this layer are what it reads, the 16-unit layer's output."
    )


# ------------------------------------------------------------------ q5: the object's property


def input_gate_at(trace: dict[str, np.ndarray], steps: np.ndarray, shift: int = 1) -> float:
    """The mean input gate at ``steps + shift`` over the stories that have the event
    (``steps >= 0``) and over units."""
    gate = np.asarray(trace["input_gate"], dtype=float)
    steps = np.asarray(steps, dtype=int)
    rows = np.flatnonzero(steps >= 0)
    return float(gate[rows, steps[rows] + shift].mean())


def check_object_property(input_at_object_property: Any, trace: Any, marks: Any) -> None:
    """``input_at_object_property``: the mean input gate one step after ``distractor_step``."""
    value = expect_number(
        input_at_object_property,
        "input_at_object_property",
        meaning="the mean input gate at the object's property, between 0 and 1",
    )
    steps = np.asarray(marks["distractor_step"], dtype=int)
    truth = input_gate_at(trace, steps)
    if math.isclose(value, truth, abs_tol=1e-4):
        return
    gate = np.asarray(trace["input_gate"], dtype=float)
    rows = np.arange(len(steps))
    everywhere = np.where(steps >= 0, steps + 1, -1)
    if any(
        math.isclose(value, float(gate[rows, s].mean()), abs_tol=1e-4)
        for s in (steps + 1, everywhere)
    ):
        raise AnswerError(
            "you averaged over every story, also those without an object: there "
            "distractor_step is -1, and an index of -1 or 0 reads the last or the first "
            "word instead. Keep only the stories with distractor_step >= 0."
        )
    if math.isclose(value, input_gate_at(trace, steps, shift=0), abs_tol=1e-4):
        raise AnswerError(
            "that is the input gate at the object itself. Its property is the next word, "
            "one step later."
        )
    raise AnswerError(
        "not the chapter's trace. Take trace['input_gate'] at step distractor_step + 1 of each "
        "story that has an object, and average over those stories and over the units."
    )


q1 = Question(
    "q1",
    reads=("input_gate_by_hand",),
    check_answer=check_input_gate,
    context=("toy", "x_toy"),
    hints=(
        "The order in the weights is i, f, C~, o: the input gate comes first, columns "
        "0:units (units = toy.units, 3).",
        "h_{t-1} at step t is trace_toy['hidden_state'][:, t - 1], and zeros at the first step.",
        "Loop over t as section 2's cell does, and stack the steps with np.stack(..., axis=1).",
    ),
    solution_code="""
W_x, W_h, b = toy.get_weights()  # the toy layer's kernel, recurrent_kernel, bias
input_part = slice(0, toy.units)  # [i], f, C~, o: the first quarter
W_xi, W_hi, b_i = W_x[:, input_part], W_h[:, input_part], b[input_part]
h_before = np.zeros((x_toy.shape[0], toy.units))  # h_0
input_steps = []
for t in range(x_toy.shape[1]):
    input_steps.append(sigmoid(x_toy[:, t] @ W_xi + h_before @ W_hi + b_i))
    h_before = trace_toy["hidden_state"][:, t]
input_gate_by_hand = np.stack(input_steps, axis=1)  # (batch, time, units)
""",
)

q2 = Question(
    "q2",
    reads=("predicted_left",),
    check_answer=check_predicted_left,
    hints=(
        "After one step, f C; after two, f (f C).",
        "What is left after n steps is f to the power n.",
    ),
    solution_code="predicted_left = 0.5**10  # about 0.001",
)

q3 = Question(
    "q3",
    reads=("half_life_b2",),
    check_answer=check_half_life,
    hints=(
        "In a fresh cell a = x_t W_xf + h_{t-1} W_hf is about 0, so f = σ(b_f).",
        "Solve f^n = 0.5 for n: n = ln 0.5 / ln f.",
    ),
    solution_code="""
f_b2 = 1 / (1 + np.exp(-2.0))  # σ(2), about 0.88
half_life_b2 = np.log(0.5) / np.log(f_b2)
""",
)

q4 = Question(
    "q4",
    reads=("params_second_layer",),
    check_answer=check_params,
    context=("lstm", "vocab"),
    hints=(
        "The second layer reads the first layer's hidden states: 16 features per step.",
        "Four parts, each with W_x (features × units), W_h (units × units) and b (units,).",
    ),
    solution_code="params_second_layer = 4 * (16 * 8 + 8 * 8 + 8)  # 800",
)

q5 = Question(
    "q5",
    reads=("input_at_object_property",),
    check_answer=check_object_property,
    context=("trace", "marks"),
    hints=(
        "The object's property is the word after the object: step distractor_step + 1.",
        "Stories without an object have distractor_step = -1: leave them out.",
    ),
    solution_code="""
has_object = np.flatnonzero(marks["distractor_step"] >= 0)
at = marks["distractor_step"][has_object] + 1
input_at_object_property = trace["input_gate"][has_object, at].mean()
""",
)

bind = bind_questions("07", q1, q2, q3, q4, q5)
