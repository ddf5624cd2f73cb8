"""Chapter 03's checked exercises: each checker says correct to a right answer, teaches on a
wrong one, and names what it expected on a wrong type or shape. The contexts are tiny stand-ins
for the chapter's data, encoder and step model (NumPy only, nothing trained)."""

from __future__ import annotations

import textwrap
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from lstm_course.exercises import Outcome, Question
from lstm_course.exercises import chapter03 as ex

PAD, UNK, START, END = range(4)
VOCAB = ["<pad>", "<unk>", "<start>", "<end>", "a", "red", "circle", "small"]
UNITS = 3


def run_check(question: Question, shown: list[dict], **namespace: Any) -> tuple[Outcome, str]:
    """Bind ``namespace`` as the notebook's globals, check, and return what it said."""
    ex.bind(namespace)
    question.check()
    return question.outcome, shown[-1]["text/plain"]


# ------------------------------------------------------------------------------------ q1

# two captions: "a red circle" and "a small circle", 5 steps each
TRAIN_IN = np.array([[START, 4, 5, 6, PAD, PAD], [START, 4, 7, 6, PAD, PAD]])
TRAIN_OUT = np.array([[4, 5, 6, END, PAD, PAD], [4, 7, 6, END, PAD, PAD]])


def q1_context(answer: Any) -> dict[str, Any]:
    return {"target_by_hand": answer, "train_in": TRAIN_IN, "train_out": TRAIN_OUT}


def test_q1_right_target(shown) -> None:
    outcome, _ = run_check(ex.q1, shown, **q1_context(np.array([4, 7, 6, END, PAD, PAD])))
    assert outcome is Outcome.CORRECT


@pytest.mark.parametrize(
    ("answer", "lesson"),
    [
        (TRAIN_IN[1], "that is the decoder input itself"),
        (np.array([PAD, START, 4, 7, 6, PAD]), "you moved the input to the right"),
        (np.array([START, 4, 7, 6, END, PAD]), "only ever fed to the decoder, never predicted"),
        (np.array([4, 7, 6, PAD, PAD, PAD]), "your target has no `<end>`"),
        (np.array([4, 7, 6, END, 6, PAD]), "after `<end>` the target must be padding"),
        (np.array([4, 5, 6, END, PAD, PAD]), "target[t] should be input[t + 1]"),
    ],
)
def test_q1_wrong_targets_teach(shown, answer, lesson) -> None:
    outcome, said = run_check(ex.q1, shown, **q1_context(answer))
    assert outcome is Outcome.INCORRECT
    assert lesson in said
    assert "4, 7, 6, 3" not in said, "the message never gives the answer away"


def test_q1_wrong_shape_and_type_say_what_was_expected(shown) -> None:
    _, said = run_check(ex.q1, shown, **q1_context(np.array([[4, 7, 6, END, PAD, PAD]])))
    assert "should have shape (6,) = (MAX_LEN + 1 steps,); it has shape (1, 6)" in said
    _, said = run_check(ex.q1, shown, **q1_context("a small circle <end>"))
    assert "should be an array of numbers (MAX_LEN + 1 steps,); it is a str" in said


def test_q1_not_attempted(shown) -> None:
    outcome, _ = run_check(ex.q1, shown, **q1_context(...))
    assert outcome is Outcome.NOT_ATTEMPTED


# ------------------------------------------------------------------------------- q2, q3


def fake_encoder(images: np.ndarray) -> list[np.ndarray]:
    """h_0, C_0, features (4 numbers), regions (6 regions of 2 numbers) for each image."""
    n = len(images)
    return [np.zeros((n, UNITS)), np.zeros((n, UNITS)), np.ones((n, 4)), np.ones((n, 6, 2))]


#: next-word probabilities: <pad> most probable, then "a" (id 4); <unk> the least probable
PROBS = np.array([0.40, 0.01, 0.05, 0.10, 0.30, 0.05, 0.04, 0.05])


def fake_step(inputs: list[np.ndarray]) -> list[np.ndarray]:
    """One decoder step as the chapter's ``step_model`` takes and gives it."""
    last, h, c, feats, regions = inputs
    assert last.shape == (len(h), 1) and feats.shape[1] == 4 and regions.shape[1:] == (6, 2)
    return [np.tile(PROBS, (len(last), 1)), np.tanh(h + 1), c + 1]


SCENES = SimpleNamespace(test=SimpleNamespace(images=np.zeros((8, 4, 4, 3), dtype="uint8")))


def q2_context(probs_shape: Any, h_shape: Any) -> dict[str, Any]:
    return {
        "predicted_probs_shape": probs_shape,
        "predicted_h_shape": h_shape,
        "encoder": fake_encoder,
        "step_model": fake_step,
        "scenes": SCENES,
        "vocab": VOCAB,
    }


@pytest.mark.parametrize("answer", [(5, 8), [5, 8], (5.0, 8.0)])
def test_q2_right_prediction(shown, answer) -> None:
    outcome, _ = run_check(ex.q2, shown, **q2_context(answer, (5, UNITS)))
    assert outcome is Outcome.CORRECT


@pytest.mark.parametrize(
    ("probs_shape", "h_shape", "lesson"),
    [
        ((5, 1, 8), (5, UNITS), "no time axis is left"),
        ((8,), (5, UNITS), "the batch axis stays"),
        ((1, 8), (5, UNITS), f"feeds {ex.SHAPE_BATCH} images at once"),
        ((5, UNITS), (5, UNITS), "UNITS is the size of the decoder's state"),
        ((5, 4), (5, UNITS), "the four special tokens"),
        ((5, 9), (5, UNITS), "one probability for every word the decoder could write"),
        ((5, 8), (5, 1, UNITS), "`return_state=True`"),
        ((5, 8), (UNITS,), "one state for each image"),
        ((5, 8), (5, 4 * UNITS), "the four gates are inside the cell"),
        ((5, 8), (5, 7), "Which two numbers set its size?"),
    ],
)
def test_q2_wrong_predictions_teach(shown, probs_shape, h_shape, lesson) -> None:
    outcome, said = run_check(ex.q2, shown, **q2_context(probs_shape, h_shape))
    assert outcome is Outcome.INCORRECT
    assert lesson in said


@pytest.mark.parametrize("answer", ["(5, 8)", 40, (5, "eight"), (5, 8.5), ()])
def test_q2_a_wrong_type_names_a_shape(shown, answer) -> None:
    outcome, said = run_check(ex.q2, shown, **q2_context(answer, (5, UNITS)))
    assert outcome is Outcome.INCORRECT
    assert "`predicted_probs_shape` should be a shape, a tuple of whole numbers" in said


def q3_context(answer: Any) -> dict[str, Any]:
    return {
        "first_word_id": answer,
        "encoder": fake_encoder,
        "step_model": fake_step,
        "scenes": SCENES,
    }


def test_q3_the_truth_is_greedy_decodes_first_word() -> None:
    assert ex.first_greedy_word(fake_encoder, fake_step, SCENES) == 4


@pytest.mark.parametrize("answer", [4, np.int64(4), 4.0])
def test_q3_right_word(shown, answer) -> None:
    outcome, _ = run_check(ex.q3, shown, **q3_context(answer))
    assert outcome is Outcome.CORRECT


@pytest.mark.parametrize(
    ("answer", "lesson"),
    [
        (PAD, "that is <pad> or <start>"),
        (START, "that is <pad> or <start>"),
        (UNK, "the LEAST probable word"),
        (6, "that is not the most probable first word for test image 5"),
    ],
)
def test_q3_wrong_words_teach(shown, answer, lesson) -> None:
    outcome, said = run_check(ex.q3, shown, **q3_context(answer))
    assert outcome is Outcome.INCORRECT
    assert lesson in said
    assert "id 4" not in said


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("a", "should be the word's id, a whole number"),
        (np.array([4]), "should be one number (the id of a word in vocab); it is an array"),
        (4.5, "should be a whole number, an index into `vocab`"),
    ],
)
def test_q3_a_wrong_type_says_what_was_expected(shown, answer, message) -> None:
    outcome, said = run_check(ex.q3, shown, **q3_context(answer))
    assert outcome is Outcome.INCORRECT
    assert message in said


# ------------------------------------------------------------------------------------ q4

HYPOTHESIS = "a small blue square left of a large circle"
REFERENCE = "a small blue square left of a large red circle"
RIGHT_P = [1.0, 7 / 8, 6 / 7, 5 / 6]
RIGHT_BP = float(np.exp(1 - 10 / 9))
RIGHT_BLEU = RIGHT_BP * float(np.prod(RIGHT_P)) ** 0.25


def q4_context(p: Any = RIGHT_P, bp: Any = RIGHT_BP, score: Any = RIGHT_BLEU) -> dict[str, Any]:
    return {
        "precisions_by_hand": p,
        "brevity_penalty_by_hand": bp,
        "bleu_by_hand": score,
        "bleu_hypothesis": HYPOTHESIS,
        "bleu_reference": REFERENCE,
    }


def test_q4_right_numbers_agree_with_the_course_metric(shown) -> None:
    outcome, _ = run_check(ex.q4, shown, **q4_context())
    assert outcome is Outcome.CORRECT
    assert abs(RIGHT_BLEU - 0.7956) < 1e-4


@pytest.mark.parametrize(
    ("context", "lesson"),
    [
        (q4_context(p=RIGHT_P[::-1]), "runs the wrong way round"),
        (q4_context(p=[9, 7, 6, 5]), "a precision is a share"),
        (q4_context(p=[9 / 10, 7 / 9, 6 / 8, 5 / 7]), "you divided by the reference's n-grams"),
        (q4_context(p=[1.0, 7 / 8, 6 / 7, 4 / 6]), "at least one p_n is off"),
        (q4_context(bp=1.0), "BP is 1 only when the hypothesis is at least as long"),
        (q4_context(bp=float(np.exp(1 - 9 / 10))), "BP never exceeds 1"),
        (q4_context(bp=0.5), "BP = exp(1 - r / c)"),
        (q4_context(score=100 * RIGHT_BLEU), "0-100 scale"),
        (q4_context(score=float(np.prod(RIGHT_P)) ** 0.25), "you left out the brevity penalty"),
        (q4_context(score=RIGHT_BP * float(np.mean(RIGHT_P))), "GEOMETRIC mean"),
        (q4_context(score=RIGHT_BP * float(np.prod(RIGHT_P))), "the fourth root"),
        (q4_context(score=0.5), "use your precisions and BP, which are right"),
    ],
)
def test_q4_wrong_numbers_teach(shown, context, lesson) -> None:
    outcome, said = run_check(ex.q4, shown, **context)
    assert outcome is Outcome.INCORRECT
    assert lesson in said
    assert "0.795" not in said


@pytest.mark.parametrize(
    ("context", "message"),
    [
        (q4_context(p=RIGHT_P[:3]), "should have shape (4,) = (p_1, p_2, p_3, p_4)"),
        (q4_context(p="1, 0.875"), "`precisions_by_hand` should be an array of numbers"),
        (q4_context(bp="0.89"), "should be one number (BP, between 0 and 1); it is a str"),
        (q4_context(score=[0.79]), "should be one number (BLEU-4 on a 0-1 scale)"),
    ],
)
def test_q4_a_wrong_type_says_what_was_expected(shown, context, message) -> None:
    outcome, said = run_check(ex.q4, shown, **context)
    assert outcome is Outcome.INCORRECT
    assert message in said


# ------------------------------------------------------------------------------------ q5


def test_q5_is_a_thought_question_with_a_model_answer(shown) -> None:
    outcome, said = run_check(ex.q5, shown)
    assert outcome is Outcome.UNCHECKABLE
    ex.q5.solution()
    assert "exposure bias" in shown[-1]["text/plain"]


def test_every_question_has_hints_or_a_model_answer_and_a_solution() -> None:
    for question in (ex.q1, ex.q2, ex.q3, ex.q4):
        assert question.hints and question.solution_code.strip()
        assert question.chapter == "03"


def test_the_model_solutions_pass_their_own_checks(shown) -> None:
    """What ``solution()`` shows, run on the tiny context, is what the checks call correct."""
    namespace: dict[str, Any] = {
        "np": np,
        "train_in": TRAIN_IN,
        "train_out": TRAIN_OUT,
        "encoder": fake_encoder,
        "step_model": fake_step,
        "scenes": SCENES,
        "vocab": VOCAB,
        "UNITS": UNITS,
        "PAD": PAD,
        "START": START,
        "END": END,
        "bleu_hypothesis": HYPOTHESIS,
        "bleu_reference": REFERENCE,
    }
    ex.bind(namespace)
    for question in (ex.q1, ex.q2, ex.q3, ex.q4):
        exec(textwrap.dedent(question.solution_code), namespace)
        question.check()
        assert question.outcome is Outcome.CORRECT, shown[-1]["text/plain"]
