"""Chapter 06's checks: each one accepts a right answer, teaches on a wrong one, names the
expected type or shape on a wrong one; tiny layers, no training."""

from __future__ import annotations

import textwrap

import keras
import numpy as np
import pytest

from lstm_course.exercises import AnswerError, Outcome
from lstm_course.exercises import chapter06 as ex

SEED = 0


def run_solution(question, **namespace) -> dict:
    """Execute a question's model answer in ``namespace`` (as the notebook would)."""
    namespace = {"np": np, **namespace}
    exec(textwrap.dedent(question.solution_code), namespace)
    return namespace


# --------------------------------------------------------------------------- q1


def test_q1_the_explorer_gives_exactly_the_power_of_the_gain() -> None:
    assert ex.explorer_ratio(0.9, "identity", 20, SEED) == pytest.approx(0.9**20, rel=1e-9)


def test_q1_accepts_the_product_and_its_solution() -> None:
    ex.check_ratio(0.9**20, SEED)
    ex.check_ratio(run_solution(ex.q1)["ratio_at_20"], SEED=3)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (0.9 * 20, "the factors MULTIPLY"),
        (1 - 0.1 * 20, "the factors MULTIPLY"),
        (0.9**19, "count the factors again"),
        (0.9**21, "count the factors again"),
        (1 / 0.9**20, "the ratio is below 1"),
        (0.5, "multiplies the norm by exactly the gain"),
    ],
)
def test_q1_teaches_each_mistake(answer, message) -> None:
    with pytest.raises(AnswerError, match=message) as raised:
        ex.check_ratio(answer, SEED)
    assert "0.12" not in str(raised.value), "never give the answer away"


@pytest.mark.parametrize("answer", ["0.9**20", [0.9] * 20, None])
def test_q1_names_what_was_expected(answer) -> None:
    with pytest.raises(AnswerError, match="`ratio_at_20` should be one number"):
        ex.check_ratio(answer, SEED)


# --------------------------------------------------------------------------- q2


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_q2_the_model_answer_holds_for_several_seeds(seed: int) -> None:
    answer = run_solution(ex.q2)
    ex.check_grows_or_fades(answer["prediction_identity"], answer["prediction_tanh"], seed)
    ex.check_grows_or_fades(" Grows", "FADES", seed)  # case and spaces do not matter


@pytest.mark.parametrize(
    ("identity", "tanh", "message"),
    [
        ("fades", "fades", "is 1.1 above or below 1"),
        ("grows", "grows", "every slope 1 - h_k² in D_k is at most 1"),
    ],
)
def test_q2_teaches_each_mistake(identity, tanh, message) -> None:
    with pytest.raises(AnswerError, match=message):
        ex.check_grows_or_fades(identity, tanh, SEED)


@pytest.mark.parametrize("answer", ["up", 1.1, None])
def test_q2_names_what_was_expected(answer) -> None:
    with pytest.raises(AnswerError, match="`prediction_identity` should be one of the words"):
        ex.check_grows_or_fades(answer, "fades", SEED)


# --------------------------------------------------------------------------- q3

STEPS = 12


@pytest.fixture(scope="module")
def linear() -> tuple[keras.layers.Layer, np.ndarray]:
    """A linear SimpleRNN of 4 units with a random (not orthogonal) W_h, and one sequence."""
    x = np.random.default_rng(0).random((1, STEPS, 2)).astype("float32")
    keras.utils.set_random_seed(0)
    layer = keras.layers.SimpleRNN(4, activation=None)
    layer(x)
    W_x, _, b = layer.get_weights()
    W_h = np.random.default_rng(1).normal(scale=0.4, size=(4, 4)).astype("float32")
    layer.set_weights([W_x, W_h, b])
    return layer, x


def power_norms(layer) -> np.ndarray:
    W_x, W_h, _ = layer.get_weights()
    return np.array([np.linalg.norm(W_x @ np.linalg.matrix_power(W_h, d)) for d in range(STEPS)])


def test_q3_accepts_the_norms_and_its_solution(linear) -> None:
    layer, x = linear
    ex.check_linear_norms(power_norms(layer), layer, x)
    answer = run_solution(ex.q3, linear_rnn=layer, T=STEPS)
    ex.check_linear_norms(answer["linear_norms"], layer, x)


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        (lambda norms: norms[::-1], "your curve is reversed"),
        (lambda norms: np.append(norms[1:], 0.0), "off by one step"),
        (lambda norms: np.append(norms[:1], norms[1:] * 2), "distance 0 is right"),
        (lambda norms: norms * 3, "at distance 0 the norm is ‖W_x‖"),
    ],
)
def test_q3_teaches_each_mistake(linear, wrong, message) -> None:
    layer, x = linear
    with pytest.raises(AnswerError, match=message):
        ex.check_linear_norms(wrong(power_norms(layer)), layer, x)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (np.zeros((STEPS, 1)), f"should have shape \\({STEPS},\\) = \\(distance d,\\)"),
        ("norms", "should be an array of numbers"),
    ],
)
def test_q3_names_what_was_expected(linear, answer, message) -> None:
    layer, x = linear
    with pytest.raises(AnswerError, match=message):
        ex.check_linear_norms(answer, layer, x)


# --------------------------------------------------------------------------- q4

EACH = [[0.6, 0.8], [0.0, 1.0]]
GLOBAL = [[3 / 13, 4 / 13], [0.0, 12 / 13]]


def test_q4_keras_clips_as_the_formulas_say() -> None:
    np.testing.assert_allclose(ex.keras_clipped("clipnorm"), EACH, atol=1e-6)
    np.testing.assert_allclose(ex.keras_clipped("global_clipnorm"), GLOBAL, atol=1e-6)


def test_q4_accepts_the_clipped_gradients_and_its_solution() -> None:
    ex.check_clipping(EACH, GLOBAL)
    answer = run_solution(ex.q4)
    ex.check_clipping(answer["clipped_each"], answer["clipped_global"])


@pytest.mark.parametrize(
    ("each", "together", "message"),
    [
        (EACH, EACH, "global_clipnorm measures ALL gradients as one long vector"),
        (GLOBAL, GLOBAL, "clipnorm looks at each weight's gradient on its own"),
        ([[1, 1], [0, 1]], GLOBAL, "cutting each number to \\[-1, 1\\] is clipvalue"),
        (EACH, [[3, 4], [0, 12]], "is the gradients unchanged"),
        (EACH, [[0.3, 0.4], [0, 1.2]], "Which norm ‖g‖ does this option measure"),
    ],
)
def test_q4_teaches_each_mistake(each, together, message) -> None:
    with pytest.raises(AnswerError, match=message):
        ex.check_clipping(each, together)


@pytest.mark.parametrize(
    ("each", "message"),
    [
        ([0.6, 0.8, 0.0, 1.0], "`clipped_each` should have shape \\(2, 2\\) = \\(gradients,"),
        ("0.6 0.8", "`clipped_each` should be an array of numbers"),
    ],
)
def test_q4_names_what_was_expected(each, message) -> None:
    with pytest.raises(AnswerError, match=message):
        ex.check_clipping(each, GLOBAL)


# --------------------------------------------------------------------------- q5


def test_q5_accepts_the_initializer_of_the_exercise() -> None:
    forget_bias_3 = run_solution(ex.q5)["forget_bias_3"]
    ex.check_forget_bias(forget_bias_3)
    np.testing.assert_array_equal(ex.bias_from(forget_bias_3, units=2), [0, 0, 3, 3, 0, 0, 0, 0])


def in_block(block: int, units_fixed: int | None = None):
    def initializer(shape, dtype=None):
        units = units_fixed or shape[0] // 4
        bias = np.zeros(4 * units)
        bias[block * units : (block + 1) * units] = 3.0
        return bias

    return initializer


@pytest.mark.parametrize(
    ("initializer", "message"),
    [
        (in_block(0), "the 3 is in the FIRST block"),
        (in_block(1, units_fixed=32), "returned 128 numbers instead of 4 × 4 = 16"),
        (in_block(2), "should be 3 everywhere"),
        (lambda shape, dtype=None: np.full(shape, 3.0), "the other three blocks"),
        (lambda shape: np.zeros(shape), "could not use `forget_bias_3`"),
    ],
)
def test_q5_teaches_each_mistake(initializer, message) -> None:
    with pytest.raises(AnswerError, match=message):
        ex.check_forget_bias(initializer)


def test_q5_names_what_was_expected() -> None:
    with pytest.raises(AnswerError, match="`forget_bias_3` should be a function"):
        ex.check_forget_bias(np.full(128, 3.0))


# --------------------------------------------------------------------------- the module


def test_the_questions_are_bound_to_chapter_06(monkeypatch) -> None:
    monkeypatch.setattr("IPython.display.display", lambda data, raw: None)
    monkeypatch.setattr("lstm_course.course.record_exercise", lambda *args: None)
    ex.bind({"ratio_at_20": 0.9**20, "SEED": SEED, "forget_bias_3": ...})
    ex.q1.check()
    assert ex.q1.label == "06 q1" and ex.q1.outcome is Outcome.CORRECT
    ex.q5.check()
    assert ex.q5.outcome is Outcome.NOT_ATTEMPTED
