"""Chapter 09's checked exercises: the output gate's ceiling, the GRU by count and by hand.

The chapter binds them with ``ex.bind(globals())``; each check computes its truth from what the
chapter's cells made (``context``), so it holds in fast and in full mode alike:

* **q1** (predict, then run): does $|h_t| \\le o_t$ hold at every step and unit of the
  dashboard review? It must: $h_t = o_t \\odot \\tanh(C_t)$ and $|\\tanh| < 1$.
* **q2** (by hand, against ``count_params()``): the parameters of ``GRU(16)`` over the stories'
  one-hot words, with ``reset_after=True`` (two bias rows) and ``reset_after=False`` (one):
  $3\\,(\\text{features}\\cdot\\text{units} + \\text{units}^2 + 2\\,\\text{units})$ and
  $3\\,(\\text{features}\\cdot\\text{units} + \\text{units}^2 + \\text{units})$.
* **q3** (against ``trace_gru``): the textbook convention
  $h_t = (1 - z'_t) \\odot h_{t-1} + z'_t \\odot \\tilde{h}_t$, with $z'_t = 1 - z_t$.
* **q4** (by hand, against ``trace_lstm``): the six lines of the LSTM cell in a loop over every
  word of the dashboard review, from $h_0 = C_0 = 0$.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lstm_course.exercises import AnswerError, Question, bind_questions, expect_array

__all__ = ["CEILING_OPTIONS", "bind", "q1", "q2", "q3", "q4"]

#: The choices of q1: does |h_t| <= o_t hold at every step and unit?
CEILING_OPTIONS = ("always", "only where |C_t| < 1", "no: |h_t| can exceed o_t")


# --- q1: predict, then run: the output gate is a ceiling ------------------------------------


def ceiling_holds(dashboard: dict[str, np.ndarray]) -> bool:
    """Whether |h_t| <= o_t at every step and unit of a trace (up to float32 rounding)."""
    h = np.asarray(dashboard["hidden_state"], dtype=float)
    o = np.asarray(dashboard["output_gate"], dtype=float)
    return bool(np.all(np.abs(h) <= o + 1e-6))


def check_ceiling(ceiling_prediction: Any, dashboard: dict[str, np.ndarray]) -> None:
    """q1: the learner's choice among :data:`CEILING_OPTIONS` against the dashboard's trace."""
    if not isinstance(ceiling_prediction, str) or ceiling_prediction not in CEILING_OPTIONS:
        raise AnswerError(
            "`ceiling_prediction` should be one of the three options, as a string: "
            + ", ".join(f'"{option}"' for option in CEILING_OPTIONS)
            + f"; it is {ceiling_prediction!r:.60}."
        )
    truth = "always" if ceiling_holds(dashboard) else "no: |h_t| can exceed o_t"
    if ceiling_prediction == truth:
        return
    if ceiling_prediction == "only where |C_t| < 1":
        raise AnswerError(
            "that would be true of o_t * C_t, where a large memory would push |h_t| past the "
            "gate. The cell shows o_t * tanh(C_t): what can tanh(C_t) be when C_t is 3, or 30? "
            "Look at the printed largest |C_t| and the largest |h_t| / o_t."
        )
    raise AnswerError(
        "h_t is o_t times tanh(C_t). How large can |tanh(C_t)| be, however large the memory "
        "grows? Then how large can |h_t| be next to o_t? Compare with the printed ratio."
    )


q1 = Question(
    "q1",
    reads=("ceiling_prediction",),
    check_answer=check_ceiling,
    context=("dashboard",),
    hints=(
        "Write h_t = o_t * tanh(C_t) for one unit and divide both sides by o_t (it is positive).",
        "tanh squeezes any number into (-1, 1): tanh(3) is about 0.995, tanh(30) rounds to 1.",
    ),
    solution_code='ceiling_prediction = "always"  # |h_t| = o_t * |tanh(C_t)| and |tanh| < 1',
)


# --- q2: the GRU's parameters, by hand, against count_params() ------------------------------


def gru_count(features: int, units: int, reset_after: bool) -> int:
    """count_params() of a GRU: three blocks of W_x, W_h and one or two bias rows."""
    bias_rows = 2 if reset_after else 1
    return 3 * (features * units + units * units + bias_rows * units)


def _gru_parameters(features: int, units: int, reset_after: bool) -> int:
    from lstm_course.layers import GRU

    layer = GRU(units, reset_after=reset_after)
    layer.build((None, None, features))
    return int(layer.count_params())


def _explain_gru_count(value: float, name: str, features: int, units: int, after: bool) -> None:
    lstm = 4 * (features * units + units * units + units)
    other = gru_count(features, units, not after)
    no_bias = 3 * (features * units + units * units)
    one_block = features * units + units * units + (2 if after else 1) * units
    if value == lstm:
        raise AnswerError(
            f"`{name}` counts four blocks, as in the LSTM (i, f, C~, o). How many weight "
            "blocks does the GRU have (which gates and which candidate)?"
        )
    if value == other:
        rows = "two bias rows" if after else "one bias row"
        raise AnswerError(
            f"`{name}` is the count for the other bias layout. With reset_after={after} the "
            f"layer keeps {rows}: look at the bias's shape in the chapter's GRU step by hand."
        )
    if value == no_bias:
        raise AnswerError(f"`{name}` leaves out the bias: count it too.")
    if value == one_block:
        raise AnswerError(
            f"`{name}` counts one block; kernel, recurrent_kernel and bias each hold one block "
            "per gate and one for the candidate, side by side."
        )
    raise AnswerError(
        f"`{name}` is not the layer's count. Add the sizes of its three arrays: kernel W_x is "
        "(features, 3 * units), recurrent_kernel W_h is (units, 3 * units), and the bias is "
        "one or two rows of 3 * units. The input is one-hot words: how many features is that?"
    )


def check_gru_parameters(gru_parameters: Any, gru_parameters_reset_before: Any, vocab: Any) -> None:
    """q2: both counts against ``count_params()`` of ``GRU(16)`` built on len(vocab) features."""
    features, units = len(vocab), 16
    for name, value, after in (
        ("gru_parameters", gru_parameters, True),
        ("gru_parameters_reset_before", gru_parameters_reset_before, False),
    ):
        if isinstance(value, (bool, str)) or not isinstance(value, (int, np.integer, float)):
            raise AnswerError(
                f"`{name}` should be one whole number (a count of parameters); "
                f"it is a {type(value).__name__} ({value!r:.60})."
            )
        if value != _gru_parameters(features, units, after):
            _explain_gru_count(float(value), name, features, units, after)


q2 = Question(
    "q2",
    reads=("gru_parameters", "gru_parameters_reset_before"),
    check_answer=check_gru_parameters,
    context=("vocab",),
    hints=(
        "Three blocks (z, r, h~), each with a slice of kernel, of recurrent_kernel and of the "
        "bias. The stories' words are one-hot: features = len(vocab).",
        "kernel: features x 3*units; recurrent_kernel: units x 3*units; bias: (2, 3*units) "
        "with reset_after=True, (3*units,) with reset_after=False.",
    ),
    solution_code="""
        features, units = len(vocab), 16  # one-hot words in, GRU(16)
        gru_parameters = 3 * (features * units + units * units + 2 * units)
        gru_parameters_reset_before = 3 * (features * units + units * units + units)
    """,
)


# --- q3: the textbook convention, against trace_gru -----------------------------------------


def check_other_convention(
    z_prime: Any, h_textbook: Any, gru_trace: dict[str, np.ndarray], h_previous: Any
) -> None:
    """q3: z'_t = 1 - z_t, and (1 - z'_t) h_(t-1) + z'_t h~_t equals the traced h_t."""
    z = np.asarray(gru_trace["update_gate"], dtype=float)
    h = np.asarray(gru_trace["hidden_state"], dtype=float)
    meaning = "(batch, words, units), like gru_trace's arrays"
    z_prime = expect_array(z_prime, "z_prime", shape=z.shape, meaning=meaning)
    h_textbook = expect_array(h_textbook, "h_textbook", shape=h.shape, meaning=meaning)
    if not np.allclose(z_prime, 1 - z, atol=1e-6):
        if np.allclose(z_prime, z, atol=1e-6):
            raise AnswerError(
                "`z_prime` is Keras's z_t itself. In the textbook formula z'_t multiplies the "
                "candidate, in Keras's (1 - z_t) does: which share of the new must be equal?"
            )
        raise AnswerError(
            "`z_prime` should be a function of gru_trace['update_gate'] alone: set the two "
            "formulas side by side and match the factor in front of the candidate h~_t."
        )
    if not np.allclose(h_textbook, h, atol=1e-5):
        if np.allclose(h_textbook, h_previous, atol=1e-5):
            raise AnswerError(
                "`h_textbook` equals h_(t-1): it is the state of the word before. Apply the "
                "textbook formula to it and to the candidate."
            )
        raise AnswerError(
            "`h_textbook` does not match the trace's hidden state. Use h_previous for h_(t-1), "
            "gru_trace['candidate'] for h~_t, and put (1 - z'_t) in front of the old state."
        )


q3 = Question(
    "q3",
    reads=("z_prime", "h_textbook"),
    check_answer=check_other_convention,
    context=("gru_trace", "h_previous"),
    hints=(
        "Keras: h_t = z_t h_(t-1) + (1 - z_t) h~_t. Textbook: h_t = (1 - z'_t) h_(t-1) + "
        "z'_t h~_t. Match the factor in front of h~_t.",
        "h_previous (section 5) is h_(t-1) for every word, zeros before the first one.",
    ),
    solution_code="""
        z_prime = 1 - gru_trace["update_gate"]
        h_textbook = (1 - z_prime) * h_previous + z_prime * gru_trace["candidate"]
    """,
)


# --- q4: the whole review by hand, against trace_lstm ---------------------------------------


def traced_states(model: Any, review_ids: Any, n_words: int) -> tuple[np.ndarray, np.ndarray]:
    """(words, units) twice: the LSTM layer's h_t and C_t over the review's words, from
    ``trace_lstm``."""
    from lstm_course.probes import trace_lstm

    trace = trace_lstm(model, layer="lstm", inputs=np.asarray(review_ids))
    return tuple(
        np.asarray(trace[name][0, :n_words], dtype=float) for name in ("hidden_state", "cell_state")
    )


def check_whole_review(h_by_hand: Any, sentiment: Any, review_ids: Any, tokens: Any) -> None:
    """q4: every h_t of the dashboard review, computed in a loop, against ``trace_lstm``."""
    truth, cell = traced_states(sentiment, review_ids, len(tokens))
    h_by_hand = expect_array(
        h_by_hand, "h_by_hand", shape=truth.shape, meaning="(words of the review, units)"
    )
    gaps = np.abs(h_by_hand - truth).max(axis=1)  # (words,)
    if np.all(gaps < 1e-4):
        return
    if np.allclose(h_by_hand, cell, atol=1e-4) or np.abs(h_by_hand).max() > 1:
        raise AnswerError(
            "these look like cell states (or lie outside (-1, 1), where no hidden state can "
            "be): did you store C_t rather than h_t = o_t * tanh(C_t)?"
        )
    if gaps[0] >= 1e-4:
        raise AnswerError(
            "the first word is already off. Start from h_0 = C_0 = 0, take x_1 from "
            "lstm_table[review_ids[0, 0]], and use the LSTM's slices of section 6 (W_xi ... "
            "b_o), not the GRU's."
        )
    first_wrong = int(np.argmax(gaps >= 1e-4))
    raise AnswerError(
        f"the first {first_wrong} word(s) match, then the states part. Does each step read "
        "the h and C of the step before (carry both to the next word), and its own word's "
        "embedding row?"
    )


q4 = Question(
    "q4",
    reads=("h_by_hand",),
    check_answer=check_whole_review,
    context=("sentiment", "review_ids", "tokens"),
    hints=(
        "Before the loop: h = C = np.zeros(units). Inside: x_t from the embedding table, the "
        "six lines of section 6, then keep h_t and hand h_t, C_t to the next step.",
        "Collect the h_t in a list and stack it at the end: np.array(states) has shape "
        "(words, units).",
    ),
    solution_code="""
        def lstm_over_review(n_words):
            h = C = np.zeros(W_hi.shape[0])  # h_0 = C_0 = 0
            states = []
            for step in range(n_words):
                x = lstm_table[review_ids[0, step]].astype("float64")
                i = sigmoid(x @ W_xi + h @ W_hi + b_i)
                f = sigmoid(x @ W_xf + h @ W_hf + b_f)
                C_tilde = np.tanh(x @ W_xc + h @ W_hc + b_c)
                o = sigmoid(x @ W_xo + h @ W_ho + b_o)
                C = f * C + i * C_tilde
                h = o * np.tanh(C)
                states.append(h)
            return np.array(states)


        h_by_hand = lstm_over_review(len(tokens))
    """,
)


bind = bind_questions("09", q1, q2, q3, q4)
