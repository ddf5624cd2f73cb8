"""Chapter 04's checked exercises: each checker says correct to a right answer, teaches on a
wrong one, and names what it expected on a wrong type or shape. The contexts are tiny: two
translators built as the chapter builds them (a few units, a few words, nothing trained), an
attention layer with random weights, and stand-in sentences."""

from __future__ import annotations

import textwrap
from typing import Any

import keras
import numpy as np
import pytest

from lstm_course import layers as course_layers
from lstm_course.exercises import Outcome, Question
from lstm_course.exercises import chapter04 as ex

V_KO, V_EN, E, U = 7, 9, 5, 3


def run_check(question: Question, shown: list[dict], **namespace: Any) -> tuple[Outcome, str]:
    """Bind ``namespace`` as the notebook's globals, check, and return what it said."""
    ex.bind(namespace)
    question.check()
    return question.outcome, shown[-1]["text/plain"]


# ------------------------------------------------------------------------------------ q1

SHAPE_SRC = np.array([[4, 5, 6, 0], [4, 6, 0, 0], [5, 5, 5, 5]])  # (3, 4 Korean words)
SHAPE_TGT_IN = np.full((3, 6), 2)  # (3, 6 English steps)


def fake_att_model(inputs: list[np.ndarray]) -> np.ndarray:
    """Uniform weights of the shape the chapter's ``att_model`` gives."""
    src, tgt = inputs
    return np.full((len(src), tgt.shape[1], src.shape[1]), 1 / src.shape[1])


def q1_context(answer: Any) -> dict[str, Any]:
    return {
        "predicted_weights_shape": answer,
        "att_model": fake_att_model,
        "shape_src": SHAPE_SRC,
        "shape_tgt_in": SHAPE_TGT_IN,
    }


@pytest.mark.parametrize("answer", [(3, 6, 4), [3, 6, 4], (3.0, 6, 4)])
def test_q1_right_shape(shown, answer) -> None:
    assert run_check(ex.q1, shown, **q1_context(answer))[0] is Outcome.CORRECT


@pytest.mark.parametrize(
    ("answer", "lesson"),
    [
        ((3, 4, 6), "rows and columns are swapped"),
        ((6, 4), "the batch axis stays"),
        ((3, 6, 128), "the size of a vector, as in the context vectors"),
        ((3, 5, 4), "one row per step of the decoder's input"),
    ],
)
def test_q1_wrong_shapes_teach(shown, answer, lesson) -> None:
    outcome, said = run_check(ex.q1, shown, **q1_context(answer))
    assert outcome is Outcome.INCORRECT
    assert lesson in said
    assert "(3, 6, 4)" not in said


@pytest.mark.parametrize("answer", ["(3, 6, 4)", 72, (3, None, 4), np.zeros((3, 6, 4))])
def test_q1_a_wrong_type_names_a_shape(shown, answer) -> None:
    outcome, said = run_check(ex.q1, shown, **q1_context(answer))
    assert outcome is Outcome.INCORRECT
    assert "`predicted_weights_shape` should be a shape, a tuple of whole numbers" in said


# ------------------------------------------------------------------------------------ q2

PAST = {"ko": "민지는 어제 공원에서 책을 읽었다", "en": "minji read a book in the park yesterday"}
FUTURE = {"ko": "나는 내일 책을 읽을 것이다", "en": "i will read a book tomorrow"}


def q2_context(answer: Any, tense: str = "past") -> dict[str, Any]:
    example = dict(PAST if tense == "past" else FUTURE, tense=tense)
    return {"predicted_verb_column": answer, "example": example}


@pytest.mark.parametrize(
    ("answer", "tense"), [(4, "past"), (np.int64(4), "past"), (3, "future"), (4, "future")]
)
def test_q2_right_column(shown, answer, tense) -> None:
    assert run_check(ex.q2, shown, **q2_context(answer, tense))[0] is Outcome.CORRECT


@pytest.mark.parametrize(
    ("answer", "lesson"),
    [
        (1, "about where ENGLISH puts its verb"),
        (0, "the word at position 0 is '민지는': is that the verb?"),
        (5, "the sentence has 5 Korean words, so a position is 0 to 4"),
        (-1, "a position is 0 to 4"),
    ],
)
def test_q2_wrong_columns_teach(shown, answer, lesson) -> None:
    outcome, said = run_check(ex.q2, shown, **q2_context(answer))
    assert outcome is Outcome.INCORRECT
    assert lesson in said


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("읽었다", "should be a position, a whole number counted from 0, not the word"),
        (3.5, "should be a whole number (a Korean word's position, from 0)"),
        ([4], "should be one number (a Korean word's position, from 0)"),
    ],
)
def test_q2_a_wrong_type_says_what_was_expected(shown, answer, message) -> None:
    outcome, said = run_check(ex.q2, shown, **q2_context(answer))
    assert outcome is Outcome.INCORRECT
    assert message in said


# -------------------------------------------------------------------------------- q3, q4


def tiny_translator(attention: bool) -> keras.Model:
    """The chapter's translator (no attention, or attention over outputs and words), tiny."""
    src = keras.Input(shape=(None,), dtype="int32")
    tgt = keras.Input(shape=(None,), dtype="int32")
    src_vectors = keras.layers.Embedding(V_KO, E, mask_zero=True, name="ko_embed")(src)
    enc_outputs, h, c = course_layers.LSTM(
        U, return_sequences=True, return_state=True, name="encoder_lstm"
    )(src_vectors)
    dec_outputs, _, _ = course_layers.LSTM(
        U, return_sequences=True, return_state=True, name="decoder_lstm"
    )(keras.layers.Embedding(V_EN, E, mask_zero=True, name="en_embed")(tgt), initial_state=[h, c])
    next_word = keras.layers.Dense(V_EN, activation="softmax", name="next_word")
    if not attention:
        return keras.Model([src, tgt], next_word(dec_outputs))
    attend = keras.layers.AdditiveAttention(name="attention")
    context = attend([dec_outputs, enc_outputs])
    mixed = keras.layers.Dense(U, activation="tanh", name="combine")(
        keras.layers.Concatenate()([dec_outputs, context])
    )
    context_words = attend([dec_outputs, src_vectors, enc_outputs])
    return keras.Model([src, tgt], next_word(keras.layers.Concatenate()([mixed, context_words])))


@pytest.fixture(scope="module")
def translators() -> tuple[keras.Model, keras.Model]:
    return tiny_translator(attention=False), tiny_translator(attention=True)


EMBEDDINGS = (V_KO + V_EN) * E
ONE_LSTM = 4 * (E * U + U * U + U)
OUTPUT = U * V_EN + V_EN
PLAIN = EMBEDDINGS + 2 * ONE_LSTM + OUTPUT


def test_q3_right_count(shown, translators) -> None:
    plain, _ = translators
    assert plain.count_params() == PLAIN
    outcome, _ = run_check(ex.q3, shown, plain_params_by_hand=PLAIN, plain=plain)
    assert outcome is Outcome.CORRECT


@pytest.mark.parametrize(
    ("answer", "lesson"),
    [
        (PLAIN - 8 * U - V_EN, "you left out the biases"),
        (PLAIN - 8 * U, "you left out the LSTMs' biases"),
        (PLAIN - V_EN, "the output layer's bias"),
        (PLAIN - 8 * U * U, "you left out the recurrent kernels"),
        (EMBEDDINGS + 2 * ONE_LSTM // 4 + OUTPUT, "an LSTM has four"),
        (2 * ONE_LSTM + OUTPUT, "the two `Embedding` tables"),
        (EMBEDDINGS + 2 * ONE_LSTM, "you left out the output layer"),
        (EMBEDDINGS + ONE_LSTM + OUTPUT, "you counted one LSTM"),
        (EMBEDDINGS + 2 * 4 * (U * U + U * U + U) + OUTPUT, "W_x has EMBED_DIM rows"),
        (PLAIN + 1, "count layer by layer"),
    ],
)
def test_q3_wrong_counts_teach(shown, translators, answer, lesson) -> None:
    outcome, said = run_check(ex.q3, shown, plain_params_by_hand=answer, plain=translators[0])
    assert outcome is Outcome.INCORRECT
    assert lesson in said
    assert str(PLAIN) not in said


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("1,234", "should be one number (a number of parameters); it is a str"),
        (PLAIN + 0.5, "should be a whole number (a number of parameters)"),
        (None, "should be one number (a number of parameters); it is a NoneType"),
    ],
)
def test_q3_a_wrong_type_says_what_was_expected(shown, translators, answer, message) -> None:
    outcome, said = run_check(ex.q3, shown, plain_params_by_hand=answer, plain=translators[0])
    assert outcome is Outcome.INCORRECT
    assert message in said


EXTRA = U + (2 * U * U + U) + E * V_EN


def test_q4_right_count(shown, translators) -> None:
    plain, att = translators
    assert att.count_params() - plain.count_params() == EXTRA
    outcome, _ = run_check(
        ex.q4, shown, extra_params_by_hand=EXTRA, plain=plain, att_translator=att
    )
    assert outcome is Outcome.CORRECT


@pytest.mark.parametrize(
    ("answer", "lesson"),
    [
        (EXTRA - U, "has one weight of its own, the vector w"),
        (EXTRA - (2 * U * U + U), "you left out `combine`"),
        (EXTRA - E * V_EN, "what `next_word` gains"),
        (EXTRA + 2 * U * U, "no projections W_a, U_a"),
        (EXTRA - U + U * U, "a vector, UNITS numbers, not a matrix"),
        (EXTRA + 7, "compare the two builders' layers"),
    ],
)
def test_q4_wrong_counts_teach(shown, translators, answer, lesson) -> None:
    plain, att = translators
    outcome, said = run_check(
        ex.q4, shown, extra_params_by_hand=answer, plain=plain, att_translator=att
    )
    assert outcome is Outcome.INCORRECT
    assert lesson in said


def test_q4_a_wrong_type_says_what_was_expected(shown, translators) -> None:
    plain, att = translators
    _, said = run_check(ex.q4, shown, extra_params_by_hand=[EXTRA], plain=plain, att_translator=att)
    assert "`extra_params_by_hand` should be one number (a number of parameters)" in said


# ------------------------------------------------------------------------------------ q5

T_STEPS, S_WORDS = 4, 5


@pytest.fixture(scope="module")
def attention_step() -> dict[str, Any]:
    """An AdditiveAttention layer with a random w, a query for each step and the keys."""
    rng = np.random.default_rng(0)
    decoder_out = rng.normal(size=(1, T_STEPS, U)).astype("float32")
    keys = rng.normal(size=(1, S_WORDS, U)).astype("float32")
    attend = keras.layers.AdditiveAttention()
    attend([decoder_out, keys])
    attend.scale.assign(rng.normal(size=(U,)).astype("float32"))
    return {
        "attend": attend,
        "decoder_out": decoder_out,
        "keys": keys,
        "src": np.arange(4, 4 + S_WORDS)[None],
        "tgt_in": np.full((1, T_STEPS), 2),
    }


def scores_of(step: int, context: dict[str, Any], with_w: bool = True) -> np.ndarray:
    d = context["decoder_out"][0, step].astype("float64")
    k = context["keys"][0].astype("float64")
    w = np.asarray(context["attend"].scale, dtype="float64") if with_w else 1.0
    return (w * np.tanh(d + k)).sum(axis=-1)


def softmax(e: np.ndarray) -> np.ndarray:
    return np.exp(e - e.max()) / np.exp(e - e.max()).sum()


def test_q5_right_row(shown, attention_step) -> None:
    answer = softmax(scores_of(0, attention_step))
    outcome, _ = run_check(ex.q5, shown, alpha_first_step=answer, **attention_step)
    assert outcome is Outcome.CORRECT


def test_q5_wrong_rows_teach(shown, attention_step) -> None:
    cases = [
        (scores_of(0, attention_step), "those are the scores e_0s"),
        (2 * softmax(scores_of(0, attention_step)), "your weights sum to 2.0000"),
        (softmax(scores_of(0, attention_step, with_w=False)), "you left out w"),
        (softmax(scores_of(2, attention_step)), "those are the weights of step 2"),
        (np.full(S_WORDS, 1 / S_WORDS), "the three steps: scores e_0s"),
    ]
    for answer, lesson in cases:
        outcome, said = run_check(ex.q5, shown, alpha_first_step=answer, **attention_step)
        assert outcome is Outcome.INCORRECT
        assert lesson in said, said


def test_q5_a_wrong_shape_names_the_axes(shown, attention_step) -> None:
    answer = softmax(scores_of(0, attention_step))[None]
    _, said = run_check(ex.q5, shown, alpha_first_step=answer, **attention_step)
    assert f"should have shape ({S_WORDS},) = (Korean words,); it has shape (1, {S_WORDS})" in said
    _, said = run_check(ex.q5, shown, alpha_first_step="0.2 0.2", **attention_step)
    assert "should be an array of numbers (Korean words,); it is a str" in said


def test_every_question_has_hints_and_a_solution() -> None:
    for question in (ex.q1, ex.q2, ex.q3, ex.q4, ex.q5):
        assert question.hints and question.solution_code.strip()
        assert question.chapter == "04"


def test_the_model_solutions_pass_their_own_checks(shown, translators, attention_step) -> None:
    """What ``solution()`` shows, run on the tiny context, is what the checks call correct."""
    plain, att = translators
    namespace: dict[str, Any] = {
        "np": np,
        "att_model": fake_att_model,
        "shape_src": SHAPE_SRC,
        "shape_tgt_in": SHAPE_TGT_IN,
        "example": dict(PAST, tense="past"),
        "plain": plain,
        "att_translator": att,
        "ko_vocab": ["w"] * V_KO,
        "en_vocab": ["w"] * V_EN,
        "EMBED_DIM": E,
        "UNITS": U,
        "w": np.asarray(attention_step["attend"].scale, dtype="float64"),
        "k": attention_step["keys"][0].astype("float64"),
        **attention_step,
    }
    ex.bind(namespace)
    for question in (ex.q1, ex.q2, ex.q3, ex.q4, ex.q5):
        exec(textwrap.dedent(question.solution_code), namespace)
        question.check()
        assert question.outcome is Outcome.CORRECT, shown[-1]["text/plain"]
