"""Chapter 08's checked exercises: the input gate and the cell update.

* ``q1`` one cell update by hand, ``C_t = f_t ⊙ C_{t-1} + i_t ⊙ C~_t``, at the toy layer's
  second step, from its weight slices (order i, f, C~, o), against ``trace_lstm``;
* ``q2`` predict, then run: the cell state after a write with the input gate at 0.5, against
  the package's own ``cell_state`` (the line ``LSTMCell.step`` runs);
* ``q3`` ``gradient_at_marks`` on new data (sequences twice the training length), with the
  marks of *those* sequences;
* ``q4`` the belt between the two marks, ``∂C_{s2}/∂C_{s1} = ∏_{k=s1+1}^{s2} f_k`` along the sum
  unit, from the chapter's trace;
* ``q5`` predict, then run: what the cell state becomes with both gates pinned to 1, against
  a pinned layer traced with ``trace_lstm``.

Each check computes the truth from what the chapter's cells made (``context``), so it holds
in fast mode and full mode alike, and trains nothing.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lstm_course.exercises import (
    AnswerError,
    Question,
    bind_questions,
    close,
    expect_array,
)

#: q1: the step of the toy sequence, counted from 1 (index 1 of the time axis).
STEP = 2
#: q3: how many sequences the check measures the gradient on, and the step of the difference
#: quotient (a tape through 100 eager steps takes longer than a check may).
GRADIENT_SAMPLE = 4
EPSILON = 1e-2
#: q5: the choices, and what each one means for C_t.
CHOICES = {
    "running sum": "C_t = C~_1 + C~_2 + ... + C~_t",
    "last candidate": "C_t = C~_t",
    "running average": "C_t = (C~_1 + ... + C~_t) / t",
    "stays at zero": "C_t = 0",
}


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


# -------------------------------------------------------------------- q1: one update by hand


def preactivations(layer: Any, x_t: np.ndarray, h_prev: np.ndarray) -> list[np.ndarray]:
    """``x_t W_x + h_{t-1} W_h + b`` cut into its four parts, in the order i, f, C~, o."""
    kernel, recurrent_kernel, bias = (np.asarray(w, dtype=float) for w in layer.get_weights())
    z = np.asarray(x_t, dtype=float) @ kernel + np.asarray(h_prev, dtype=float) @ recurrent_kernel
    return np.split(z + bias, 4, axis=-1)


def check_cell_update(cell_by_hand: Any, toy: Any, x_toy: Any) -> None:
    """``cell_by_hand`` (batch, units): C_2 of the toy layer on ``x_toy``."""
    from lstm_course.probes import trace_lstm

    x = np.asarray(x_toy, dtype=float)
    answer = expect_array(
        cell_by_hand,
        "cell_by_hand",
        shape=(x.shape[0], int(toy.units)),
        meaning="(batch, units): the cell state at step 2 of each sequence",
    )
    trace = trace_lstm(toy, x_toy)
    cells = np.asarray(trace["cell_state"], dtype=float)
    t = STEP - 1
    if close(answer, cells[:, t]):
        return
    for other in range(cells.shape[1]):
        if other != t and close(answer, cells[:, other]):
            raise AnswerError(
                f"this is the cell state at step {other + 1}. Steps count from 1 here: step 2 "
                "is index 1 of the time axis, and it starts from C_1, the state after step 1."
            )
    h_1, c_1 = np.asarray(trace["hidden_state"], dtype=float)[:, t - 1], cells[:, t - 1]
    z_i, z_f, z_c, _ = preactivations(toy, x[:, t], h_1)
    i, f, c_tilde = _sigmoid(z_i), _sigmoid(z_f), np.tanh(z_c)
    if close(answer, i * c_tilde):
        raise AnswerError(
            "this is only the write, i_t ⊙ C~_t. The update keeps the old memory too: "
            "f_t ⊙ C_{t-1} comes first, and the write is added to it."
        )
    if close(answer, f * h_1 + i * c_tilde):
        raise AnswerError(
            "the old memory C_{t-1} is the cell state after step 1, not the hidden state "
            "h_1 (that one is what the gates read, together with x_t)."
        )
    if close(answer, f * c_1 + i * _sigmoid(z_c)):
        raise AnswerError(
            "the candidate goes through tanh, not the sigmoid: it proposes a value in (-1, 1), "
            "while the gates, between 0 and 1, say how much."
        )
    if close(answer, i * c_1 + f * c_tilde):
        raise AnswerError(
            "the input gate and the forget gate are swapped: in the weights the order is "
            "i, f, C~, o, so the input gate is the first quarter of the columns."
        )
    z0_i, z0_f, z0_c, _ = preactivations(toy, x[:, t], np.zeros_like(h_1))
    if close(answer, _sigmoid(z0_f) * c_1 + _sigmoid(z0_i) * np.tanh(z0_c)):
        raise AnswerError(
            "at step 2 the gates also read h_1, the hidden state after step 1: it is not "
            "zero any more (only h_0 is). Add h_1 W_h to each pre-activation."
        )
    raise AnswerError(
        "not the cell state trace_lstm reports. From the slices (order i, f, C~, o), with h_1 "
        "and C_1 from t_ at index 0: compute i_2, f_2 and C~_2, then f_2 ⊙ C_1 + i_2 ⊙ C~_2."
    )


# --------------------------------------------------------------------- q2: predict, then run


def check_predicted_cell(
    predicted_cell: Any,
    c_before: Any,
    forget_now: Any,
    input_now: Any,
    candidate_now: Any,
) -> None:
    """``predicted_cell``: ``f ⊙ C_{t-1} + i ⊙ C~`` for the three units of the exercise."""
    from lstm_course.layers import cell_state

    c, f, i, c_tilde = (
        np.asarray(v, dtype=float) for v in (c_before, forget_now, input_now, candidate_now)
    )
    answer = expect_array(
        predicted_cell,
        "predicted_cell",
        shape=c.shape,
        meaning="(units,): one predicted C_t per unit",
    )
    truth = np.asarray(cell_state(f, c, i, c_tilde), dtype=float)
    if close(answer, truth, 1e-3):
        return
    if close(answer, f * c + c_tilde, 1e-3):
        raise AnswerError(
            "you wrote the whole candidate: with the input gate at 0.5 only half of the "
            "proposal gets in."
        )
    if close(answer, i * c_tilde, 1e-3):
        raise AnswerError(
            "the write does not replace the memory: what the forget gate keeps of C_{t-1} "
            "stays, and the write is added to it."
        )
    if close(answer, (1 - i) * c + i * c_tilde, 1e-3):
        raise AnswerError(
            "that is a blend, (1 - i) C_{t-1} + i C~: the LSTM does not tie the forget gate "
            "to 1 - i (the GRU of chapter 09 does something like it). Here each gate has "
            "its own value."
        )
    if close(answer, c + i * c_tilde, 1e-3):
        raise AnswerError(
            "one unit has a forget gate below 1: the old memory is scaled by f_t before the "
            "write is added."
        )
    raise AnswerError(
        "not what the update gives. Unit by unit: multiply the old memory by the forget gate, "
        "multiply the candidate by the input gate, and add the two."
    )


# -------------------------------------------------------------- q3: gradient_at_marks, new data


def distances_to_end(x: np.ndarray, marks: np.ndarray) -> np.ndarray:
    """``T - 1 - s`` for the first marks, then the second ones, as ``gradient_at_marks`` orders."""
    marks = np.asarray(marks, dtype=int)
    length = np.asarray(x).shape[1]
    return np.concatenate([length - 1 - marks[:, k] for k in range(2)])


def difference_quotients(
    model: Any, x: np.ndarray, marks: np.ndarray, epsilon: float = EPSILON
) -> np.ndarray:
    """``∂ŷ/∂x_s`` at the two marked values of each sequence, measured as the central
    difference ``(ŷ(x_s + ε) - ŷ(x_s - ε)) / 2ε`` in one ``predict_on_batch`` call; in the order
    of ``gradient_at_marks`` (the first marks of every sequence, then the second ones)."""
    x = np.asarray(x, dtype="float32")
    marks = np.asarray(marks, dtype=int)
    rows = []
    for n in range(len(x)):
        for s in marks[n]:
            for sign in (1.0, -1.0):
                nudged = x[n].copy()
                nudged[s, 0] += sign * epsilon
                rows.append(nudged)
    y = np.asarray(model.predict_on_batch(np.stack(rows)), dtype=float)
    y = y.reshape(len(x), 2, 2)  # (sequences, mark, +/-)
    quotients = (y[..., 0] - y[..., 1]) / (2 * epsilon)
    return np.concatenate([quotients[:, 0], quotients[:, 1]])


def check_long_gradients(
    long_gradients: Any,
    long_distances: Any,
    model: Any,
    gradient_at_marks: Any,
    long_data: Any,
    marked: Any,
) -> None:
    """``gradient_at_marks`` on ``long_data``'s test sequences, with their own marks."""
    x = np.asarray(long_data.test.x)
    marks = np.asarray(long_data.test.marks["marked_steps"], dtype=int)
    n = len(x)
    meaning = "(2 * sequences,): the first marks of every sequence, then the second ones"
    gradients = expect_array(long_gradients, "long_gradients", shape=(2 * n,), meaning=meaning)
    distances = expect_array(long_distances, "long_distances", shape=(2 * n,), meaning=meaning)
    if not close(distances, distances_to_end(x, marks)):
        if close(distances, distances_to_end(x, marked)):
            raise AnswerError(
                "these are the steps of `marked`, the marks of section 2's 50-step test "
                "sequences. New data has its own marked steps: pass the marks of the same "
                "sequences you pass as x."
            )
        raise AnswerError(
            "the distances do not fit these sequences. gradient_at_marks returns the gradients "
            "and the distances T - 1 - s, in that order; pass it the long test sequences and "
            "their own marks."
        )
    sample = min(n, GRADIENT_SAMPLE)
    truth = difference_quotients(model, x[:sample], marks[:sample])
    picked = np.concatenate([gradients[:sample], gradients[n : n + sample]])
    if not close(picked, truth, 1e-2):
        raise AnswerError(
            "the distances are right but the gradients are not those of the trained LSTM on "
            "these sequences: pass `model` (section 3's LSTM) and the long test sequences."
        )


# ------------------------------------------------------------------------- q4: along the belt


def belt_products(
    forget: np.ndarray, marks: np.ndarray, start: int = 1, stop: int = 1
) -> np.ndarray:
    """``∏ f_k`` for k from ``s1 + start`` to ``s2 + stop - 1`` per sequence; the defaults give
    ``∂C_{s2}/∂C_{s1}`` along the belt, ``∏_{k=s1+1}^{s2} f_k``."""
    forget = np.asarray(forget, dtype=float)
    marks = np.asarray(marks, dtype=int)
    return np.array([forget[n, s1 + start : s2 + stop].prod() for n, (s1, s2) in enumerate(marks)])


def check_between_marks(between_marks: Any, trace: Any, belt: Any, marked: Any) -> None:
    """``between_marks`` (sequences,): the belt unit's product of f from s1 + 1 to s2."""
    forget = np.asarray(trace["forget_gate"], dtype=float)
    answer = expect_array(
        between_marks,
        "between_marks",
        shape=(forget.shape[0],),
        meaning="(sequences,): one product per test sequence",
    )
    belt_forget = forget[:, :, int(belt)]
    if close(answer, belt_products(belt_forget, marked)):
        return
    if close(answer, belt_products(belt_forget, marked, start=0)):
        raise AnswerError(
            "one factor too many: f_{s1} acts on C_{s1-1}, before the first write; what is "
            "written at s1 is scaled from step s1 + 1 on."
        )
    if close(answer, belt_products(belt_forget, marked, stop=0)):
        raise AnswerError(
            "one factor short: C_{s2} = f_{s2} ⊙ C_{s2-1} + ..., so the forget gate at the "
            "second mark also scales what the first one wrote."
        )
    if close(
        answer,
        np.array([belt_forget[n, s1 + 1 :].prod() for n, (s1, _) in enumerate(np.asarray(marked))]),
    ):
        raise AnswerError(
            "this runs to the end of the sequence (section 7's product); the question asks "
            "for the way from the first mark to the second."
        )
    raise AnswerError(
        "not the product along the sum unit's belt. Take trace['forget_gate'][:, :, belt] "
        "and, for each sequence, multiply f_k for k from marked[n, 0] + 1 to marked[n, 1]."
    )


# --------------------------------------------------------------------- q5: pin both gates


def pinned_behaviour(units: int = 3, steps: int = 6, seed: int = 0) -> str:
    """Which of :data:`CHOICES` a layer with ``i_t = f_t = 1`` follows, traced on random input."""
    from lstm_course.layers import LSTM
    from lstm_course.probes import trace_lstm

    layer = LSTM(units, fixed_gates={"input_gate": 1.0, "forget_gate": 1.0})
    x = np.random.default_rng(seed).normal(size=(2, steps, 2)).astype("float32")
    layer(x)
    trace = trace_lstm(layer, x)
    c, c_tilde = trace["cell_state"], np.asarray(trace["candidate"], dtype=float)
    candidates = {
        "running sum": np.cumsum(c_tilde, axis=1),
        "last candidate": c_tilde,
        "running average": np.cumsum(c_tilde, axis=1) / np.arange(1, steps + 1)[None, :, None],
        "stays at zero": np.zeros_like(c_tilde),
    }
    return next(name for name, value in candidates.items() if close(c, value))


def check_pinned_both(pinned_both: Any) -> None:
    """``pinned_both``: one of :data:`CHOICES`, the one the pinned layer follows."""
    options = ", ".join(f'"{name}"' for name in CHOICES)
    if not isinstance(pinned_both, str) or pinned_both.strip().lower() not in CHOICES:
        raise AnswerError(
            f"`pinned_both` should be one of the strings {options}; it is {pinned_both!r:.60}."
        )
    choice = pinned_both.strip().lower()
    if choice == pinned_behaviour():
        return
    why = {
        "last candidate": "that would need f_t = 0: with f_t = 1 nothing of C_{t-1} is erased.",
        "running average": "nothing divides by t: with both gates at 1 each step adds the whole "
        "candidate to everything before it.",
        "stays at zero": "with i_t = 1 every candidate is written; only i_t = 0 would leave an "
        "empty memory empty.",
        "running sum": "look again at C_t = f_t ⊙ C_{t-1} + i_t ⊙ C~_t with both gates at 1.",
    }
    raise AnswerError(why[choice])


q1 = Question(
    "q1",
    reads=("cell_by_hand",),
    check_answer=check_cell_update,
    context=("toy", "x_toy"),
    hints=(
        "Step 2 is index 1 of the time axis; it reads x_toy[:, 1], h_1 = t_['hidden_state'][:, 0] "
        "and C_1 = t_['cell_state'][:, 0].",
        "Cut x_t W_x + h_1 W_h + b into four parts, i, f, C~, o (np.split(..., 4, axis=-1)); the "
        "gates through the sigmoid, the candidate through tanh.",
    ),
    solution_code="""
W_x, W_h, b = toy.get_weights()
h_1, c_1 = t_["hidden_state"][:, 0], t_["cell_state"][:, 0]
z_i, z_f, z_c, z_o = np.split(x_toy[:, 1] @ W_x + h_1 @ W_h + b, 4, axis=-1)
i_2, f_2, c_tilde_2 = 1 / (1 + np.exp(-z_i)), 1 / (1 + np.exp(-z_f)), np.tanh(z_c)
cell_by_hand = f_2 * c_1 + i_2 * c_tilde_2  # (batch, units)
""",
)

q2 = Question(
    "q2",
    reads=("predicted_cell",),
    check_answer=check_predicted_cell,
    context=("c_before", "forget_now", "input_now", "candidate_now"),
    hints=(
        "Unit by unit: f_t × C_{t-1}, then add i_t × C~_t.",
        "With i_t = 0.5 half of the candidate is written; the second unit also halves its "
        "old memory.",
    ),
    solution_code="predicted_cell = np.array([1.0 * 0.6 + 0.5 * 0.8, 0.5 * 0.6 + 0.5 * 0.8, "
    "1.0 * -0.2 + 0.5 * 0.8])",
)

q3 = Question(
    "q3",
    reads=("long_gradients", "long_distances"),
    check_answer=check_long_gradients,
    context=("model", "gradient_at_marks", "long_data", "marked"),
    hints=(
        "gradient_at_marks(model, x, marks) needs the marks of the same sequences as x.",
        'Those are long_data.test.marks["marked_steps"], not `marked`.',
    ),
    solution_code="""
long_gradients, long_distances = gradient_at_marks(
    model, long_data.test.x, long_data.test.marks["marked_steps"]
)
""",
)

q4 = Question(
    "q4",
    reads=("between_marks",),
    check_answer=check_between_marks,
    context=("trace", "belt", "marked"),
    hints=(
        "C_{s2} = f_{s2} ⊙ C_{s2-1} + ...: each step from s1 + 1 to s2 scales what was "
        "written at s1 once.",
        "For sequence n: trace['forget_gate'][n, s1 + 1 : s2 + 1, belt].prod().",
    ),
    solution_code="""
between_marks = np.array(
    [trace["forget_gate"][n, s1 + 1 : s2 + 1, belt].prod() for n, (s1, s2) in enumerate(marked)]
)
""",
)

q5 = Question(
    "q5",
    reads=("pinned_both",),
    check_answer=check_pinned_both,
    hints=("Put f_t = 1 and i_t = 1 into C_t = f_t ⊙ C_{t-1} + i_t ⊙ C~_t, then unroll it.",),
    solution_code='pinned_both = "running sum"',
)

bind = bind_questions("08", q1, q2, q3, q4, q5)
