"""Chapter 06's checked exercises: products of factors, fading and growing gradients, clipping.

* ``q1``: the product ``0.9^d`` by hand: how much of the gradient a linear RNN with
  ``W_h = 0.9 × orthogonal`` keeps 20 steps back, against the explorer's own computation
  (:func:`lstm_course.explorers.gradient_fade.gradient_by_distance_norms`).
* ``q2``: predict, then run: does the gradient grow or fade with distance, for a gain of 1.1,
  with the identity and with tanh?
* ``q3``: ``‖∂h_T/∂x_t‖ = ‖W_x W_h^d‖`` of a linear SimpleRNN by hand, against
  :func:`lstm_course.gradients.gradient_by_distance` (automatic differentiation).
* ``q4``: gradient clipping by hand, each gradient on its own (``clipnorm``) and all together
  (``global_clipnorm``), against what a Keras optimizer does.
* ``q5``: an initializer that starts the forget gate's bias at 3, checked on a Keras ``LSTM``
  built with ``unit_forget_bias=False``.

Each check computes the truth itself (from the chapter's objects, its ``context``, or from a
tiny layer it builds), so it holds in fast mode and in full mode alike; none trains anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from lstm_course.exercises import (
    AnswerError,
    Question,
    bind_questions,
    expect_array,
    expect_number,
)

__all__ = ["CLIP_GRADIENTS", "bind", "q1", "q2", "q3", "q4", "q5"]

# --------------------------------------------------------------------------- q1: 0.9^d

Q1_GAIN, Q1_DISTANCE = 0.9, 20
"""q1: a linear RNN whose ``W_h`` is orthogonal times 0.9; the input 20 steps back."""


def explorer_ratio(gain: float, activation: str, distance: int, seed: int) -> float:
    """``‖∂h_T/∂x_t‖`` at ``distance`` over the same at distance 0, in the explorer's RNN
    (16 units, 100 steps)."""
    from lstm_course.explorers.gradient_fade import gradient_by_distance_norms

    norms = gradient_by_distance_norms(gain, activation, units=16, steps=100, seed=seed)
    return float(norms[distance] / norms[0])


def check_ratio(ratio_at_20: Any, SEED: Any) -> None:
    """The learner's ``0.9^20`` against the explorer's linear RNN."""
    mine = expect_number(
        ratio_at_20, "ratio_at_20", meaning="the norm at distance 20 divided by the norm at 0"
    )
    truth = explorer_ratio(Q1_GAIN, "identity", Q1_DISTANCE, int(SEED))
    if np.isclose(mine, truth, rtol=1e-3):
        return
    close = lambda value: np.isclose(mine, value, rtol=1e-3)  # noqa: E731
    if close(Q1_GAIN * Q1_DISTANCE) or close(1 - (1 - Q1_GAIN) * Q1_DISTANCE):
        raise AnswerError(
            "the factors MULTIPLY: each step back applies the factor 0.9 once more to what is "
            "left, so 20 steps give 0.9 · 0.9 · ... (20 times), not 20 · 0.9 or 1 - 20 · 0.1."
        )
    if close(Q1_GAIN ** (Q1_DISTANCE - 1)) or close(Q1_GAIN ** (Q1_DISTANCE + 1)):
        raise AnswerError(
            "count the factors again: the last input (distance 0) reaches h_T through no W_h at "
            "all, the one before it through one. An input d steps back crosses d factors."
        )
    if close(1 / truth) or mine > 1:
        raise AnswerError(
            "with every singular value of W_h at 0.9 (below 1) the norm shrinks with distance: "
            "the ratio is below 1."
        )
    raise AnswerError(
        "with the identity as activation every slope is 1, so each step back multiplies the "
        "norm by exactly the gain (W_h is an orthogonal matrix times 0.9)."
    )


q1 = Question(
    "q1",
    reads=("ratio_at_20",),
    check_answer=check_ratio,
    context=("SEED",),
    hints=(
        "An orthogonal matrix keeps a vector's length; times 0.9, it shrinks every vector by "
        "0.9 exactly. With the identity as activation, D_k = I.",
        "An input d steps back reaches h_T through d factors W_h^T.",
    ),
    solution_code="""
    ratio_at_20 = 0.9**20  # 20 factors, each shrinking every vector by exactly 0.9
    """,
)

# --------------------------------------------------------------------------- q2: grows or fades

Q2_GAIN = 1.1
CHOICES = ("grows", "fades")


def _expect_choice(value: Any, name: str) -> str:
    if not isinstance(value, str) or value.strip().lower() not in CHOICES:
        raise AnswerError(
            f"`{name}` should be one of the words {' or '.join(repr(c) for c in CHOICES)} "
            f"(a string, in quotes); it is {value!r:.40}."
        )
    return value.strip().lower()


def truth_grows_or_fades(activation: str, seed: int) -> str:
    """ "grows" if the explorer's gradient at distance 99 is larger than at 0, else "fades"."""
    return "grows" if explorer_ratio(Q2_GAIN, activation, 99, seed) > 1 else "fades"


def check_grows_or_fades(prediction_identity: Any, prediction_tanh: Any, SEED: Any) -> None:
    """The learner's two predictions against the explorer's curves at gain 1.1."""
    identity = _expect_choice(prediction_identity, "prediction_identity")
    tanh = _expect_choice(prediction_tanh, "prediction_tanh")
    if identity != truth_grows_or_fades("identity", int(SEED)):
        raise AnswerError(
            "with the identity every slope is 1, so each step back multiplies the norm by the "
            "gain itself: is 1.1 above or below 1?"
        )
    if tanh != truth_grows_or_fades("tanh", int(SEED)):
        raise AnswerError(
            "with tanh each factor is D_k W_h^T, and every slope 1 - h_k² in D_k is at most 1 "
            "(much less where a unit saturates). A gain a little above 1 does not make up for "
            "that: look at what the slopes do to 1.1 at every step."
        )


q2 = Question(
    "q2",
    reads=("prediction_identity", "prediction_tanh"),
    check_answer=check_grows_or_fades,
    context=("SEED",),
    hints=(
        "The identity: the factor per step is exactly the gain.",
        "tanh: the factor per step is the gain times slopes that are at most 1; in the first "
        "explorer cell's printout, tanh at a gain of 1.2 is listed.",
    ),
    solution_code="""
    prediction_identity = "grows"  # 1.1^99: nothing pulls the factor below the gain
    prediction_tanh = "fades"  # the tanh slopes (at most 1) pull each factor below 1
    """,
)

# --------------------------------------------------------------------------- q3: linear RNN


def check_linear_norms(linear_norms: Any, linear_rnn: Any, x_one: Any) -> None:
    """The learner's ``‖W_x W_h^d‖`` by distance against automatic differentiation."""
    from lstm_course.gradients import gradient_by_distance

    x = np.asarray(x_one, dtype="float32")
    steps = x.shape[1]
    mine = expect_array(
        linear_norms, "linear_norms", shape=(steps,), meaning="(distance d,) for d = 0 .. T-1"
    )
    truth = gradient_by_distance(linear_rnn, x)
    if np.allclose(mine, truth, rtol=1e-3):
        return
    if np.allclose(mine[::-1], truth, rtol=1e-3):
        raise AnswerError(
            "your curve is reversed: entry d is the input d steps BEFORE the end, so entry 0 is "
            "the last input (W_h^0 = I) and the last entry is the first input."
        )
    if np.allclose(mine[:-1], truth[1:], rtol=1e-3) or np.allclose(mine[1:], truth[:-1], rtol=1e-3):
        raise AnswerError(
            "off by one step: the last input (d = 0) reaches h_T through W_x alone, with no "
            "W_h at all; the input d steps back through W_h d times: W_x W_h^d."
        )
    if np.isclose(mine[0], truth[0], rtol=1e-3):
        raise AnswerError(
            "distance 0 is right, the others are not: the layer's W_h is the second of its "
            "weights (recurrent_kernel), and the product is W_x W_h^d, one more W_h per step "
            "back (np.linalg.matrix_power)."
        )
    raise AnswerError(
        "at distance 0 the norm is ‖W_x‖ (the Frobenius norm, np.linalg.norm of the matrix): "
        "take W_x from linear_rnn.get_weights(), the first of its three weights."
    )


q3 = Question(
    "q3",
    reads=("linear_norms",),
    check_answer=check_linear_norms,
    context=("linear_rnn", "x_one"),
    hints=(
        "Without tanh, h_T is a linear function of every x_t: h_T = Σ_t x_t W_x W_h^(T-t) + ...",
        "W_x_lin, W_h_lin, _ = linear_rnn.get_weights(); for each d, "
        "np.linalg.norm(W_x_lin @ np.linalg.matrix_power(W_h_lin, d)).",
    ),
    solution_code="""
    W_x_lin, W_h_lin, _ = linear_rnn.get_weights()
    linear_norms = np.array(
        [np.linalg.norm(W_x_lin @ np.linalg.matrix_power(W_h_lin, d)) for d in range(T)]
    )
    """,
)

# --------------------------------------------------------------------------- q4: clipping

CLIP_GRADIENTS = (np.array([3.0, 4.0]), np.array([0.0, 12.0]))
"""q4's two gradients, of two weights: norms 5 and 12, 13 together."""


def keras_clipped(option: str, gradients: tuple[np.ndarray, ...] = CLIP_GRADIENTS) -> np.ndarray:
    """The gradients as a Keras SGD optimizer with ``option=1.0`` uses them, one row each.

    One step of plain SGD with learning rate 1 from zero weights moves each weight by minus its
    (clipped) gradient, so the clipped gradients are minus the weights after the step.
    """
    import keras

    optimizer = keras.optimizers.SGD(learning_rate=1.0, **{option: 1.0})
    weights = [keras.Variable(np.zeros_like(g, dtype="float32")) for g in gradients]
    optimizer.apply_gradients(
        [
            (keras.ops.convert_to_tensor(g, "float32"), w)
            for g, w in zip(gradients, weights, strict=True)
        ]
    )
    return -np.array([keras.ops.convert_to_numpy(w.value) for w in weights])


def check_clipping(clipped_each: Any, clipped_global: Any) -> None:
    """The learner's clipped gradients against a Keras optimizer's."""
    meaning = "(gradients, numbers per gradient): one row per weight"
    each = expect_array(clipped_each, "clipped_each", shape=(2, 2), meaning=meaning)
    together = expect_array(clipped_global, "clipped_global", shape=(2, 2), meaning=meaning)
    raw = np.array(CLIP_GRADIENTS)
    for name, mine, option in (
        ("clipped_each", each, "clipnorm"),
        ("clipped_global", together, "global_clipnorm"),
    ):
        truth = keras_clipped(option)
        if np.allclose(mine, truth, atol=1e-4):
            continue
        if np.allclose(mine, np.clip(raw, -1, 1)):
            raise AnswerError(
                f"`{name}`: cutting each number to [-1, 1] is clipvalue, which bends the "
                "direction. Clipping by norm scales the whole vector down to length 1, so it "
                "keeps pointing the same way."
            )
        if np.allclose(mine, raw):
            raise AnswerError(
                f"`{name}` is the gradients unchanged: both are longer than the limit 1, so "
                "clipping scales them down."
            )
        if option == "global_clipnorm" and np.allclose(mine, keras_clipped("clipnorm"), atol=1e-4):
            raise AnswerError(
                "`clipped_global` treats each gradient on its own, as clipnorm does. "
                "global_clipnorm measures ALL gradients as one long vector (the norm of the "
                "norms) and scales all of them by the same factor."
            )
        if option == "clipnorm" and np.allclose(mine, keras_clipped("global_clipnorm"), atol=1e-4):
            raise AnswerError(
                "`clipped_each` scales both gradients by one common factor; clipnorm looks at "
                "each weight's gradient on its own and scales it to length 1 if it is longer."
            )
        raise AnswerError(
            f"`{name}`: a gradient g longer than the limit c becomes g · c / ‖g‖ (same "
            "direction, length c). Which norm ‖g‖ does this option measure?"
        )


q4 = Question(
    "q4",
    reads=("clipped_each", "clipped_global"),
    check_answer=check_clipping,
    hints=(
        "‖[3, 4]‖ = 5 and ‖[0, 12]‖ = 12. clipnorm=1 scales each of them to length 1.",
        "global_clipnorm=1 uses one norm for both: sqrt(5² + 12²) = 13.",
    ),
    solution_code="""
    g_1, g_2 = np.array([3.0, 4.0]), np.array([0.0, 12.0])
    clipped_each = np.array([g / max(1.0, np.linalg.norm(g)) for g in (g_1, g_2)])
    global_norm = np.sqrt(np.linalg.norm(g_1) ** 2 + np.linalg.norm(g_2) ** 2)  # 13
    clipped_global = np.array([g_1, g_2]) / max(1.0, global_norm)
    """,
)

# --------------------------------------------------------------------------- q5: forget bias

Q5_UNITS = 4


def bias_from(initializer: Callable[..., Any], units: int = Q5_UNITS) -> np.ndarray:
    """The bias of a Keras ``LSTM(units, unit_forget_bias=False, bias_initializer=...)``."""
    import keras

    layer = keras.layers.LSTM(units, unit_forget_bias=False, bias_initializer=initializer)
    layer.build((None, 3, 2))
    return np.asarray(layer.get_weights()[2], dtype=float)


def check_forget_bias(forget_bias_3: Any) -> None:
    """The learner's initializer, used by a small Keras LSTM, must put 3 in the forget block."""
    if not callable(forget_bias_3):
        raise AnswerError(
            "`forget_bias_3` should be a function, forget_bias_3(shape, dtype=None), that returns "
            f"the initial bias; it is a {type(forget_bias_3).__name__}."
        )
    units = Q5_UNITS
    try:
        bias = bias_from(forget_bias_3)
    except Exception as error:  # the learner's function broke the layer: say how
        raise AnswerError(
            "a Keras LSTM could not use `forget_bias_3` as its bias_initializer "
            f"({type(error).__name__}: {str(error)[:120]}). It is called with shape = "
            f"(4 * units,) and must return an array of that shape."
        ) from None
    if bias.shape != (4 * units,):
        raise AnswerError(
            f"for an LSTM of {units} units, `forget_bias_3` returned {bias.size} numbers instead "
            f"of 4 × {units} = {4 * units}. It must work for any number of units: compute the "
            "block size from the shape it is given (shape[0] // 4), do not write 32."
        )
    blocks = dict(
        zip(("input", "forget", "candidate", "output"), bias.reshape(4, units), strict=True)
    )
    if np.allclose(blocks["forget"], 3.0) and all(
        np.allclose(blocks[b], 0.0) for b in ("input", "candidate", "output")
    ):
        return
    if not np.allclose(blocks["forget"], 3.0):
        if np.allclose(blocks["input"], 3.0):
            raise AnswerError(
                "the 3 is in the FIRST block, the input gate's. Keras orders the bias "
                "[b_i | b_f | b_c | b_o]: the forget gate's block is the second one."
            )
        raise AnswerError(
            f"the second block of the bias (the forget gate's, entries {units} to "
            f"{2 * units - 1} for {units} units) should be 3 everywhere, and Keras orders the "
            "blocks [b_i | b_f | b_c | b_o]."
        )
    raise AnswerError(
        "the forget block is 3, but the other three blocks (input gate, candidate, output "
        "gate) should start at 0, as Keras's default bias does."
    )


q5 = Question(
    "q5",
    reads=("forget_bias_3",),
    check_answer=check_forget_bias,
    hints=(
        "Keras calls the initializer with shape = (4 * units,) and places the blocks in the "
        "order i, f, C~, o.",
        "units = shape[0] // 4; np.concatenate of four pieces of length units.",
    ),
    solution_code="""
    def forget_bias_3(shape, dtype=None):
        units = shape[0] // 4
        return np.concatenate([np.zeros(units), np.full(units, 3.0), np.zeros(2 * units)])
    """,
)

bind = bind_questions("06", q1, q2, q3, q4, q5)
