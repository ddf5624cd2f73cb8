"""Chapter 05's checks: each one accepts a right answer, teaches on a wrong one, names the
expected type on a wrong type; tiny untrained taggers stand in for the chapter's."""

from __future__ import annotations

import textwrap

import keras
import numpy as np
import pytest

from lstm_course import layers as course_layers
from lstm_course.exercises import AnswerError, Outcome
from lstm_course.exercises import chapter05 as ex
from lstm_course.metrics import get_entities

UNITS, TAGS = 3, 5
TAG_NAMES = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]


def tiny_tagger(bidirectional: bool = False) -> keras.Model:
    """The chapter's build_tagger, with tiny sizes and random weights."""
    keras.utils.set_random_seed(0)
    tokens = keras.Input(shape=(None,), dtype="int32")
    vectors = keras.layers.Embedding(12, 4, mask_zero=True, name="embedding")(tokens)
    lstm = course_layers.LSTM(UNITS, return_sequences=True, name="lstm")
    if bidirectional:
        lstm = course_layers.Bidirectional(lstm, name="bidirectional")
    probs = keras.layers.Dense(TAGS, activation="softmax", name="tag_probs")(lstm(vectors))
    model = keras.Model(tokens, probs)
    kernel, bias = model.get_layer("tag_probs").get_weights()
    model.get_layer("tag_probs").set_weights([20 * kernel, bias])  # far from uniform
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    return model


X = np.array([[3, 4, 5, 0, 0], [6, 7, 0, 0, 0], [8, 9, 10, 11, 2], [2, 3, 0, 0, 0]], "int32")
Y = np.array([[1, 2, 0, 0, 0], [3, 0, 0, 0, 0], [0, 1, 2, 0, 4], [0, 3, 0, 0, 0]], "int32")
X_TEST = np.array([[3, 4, 5, 6, 2, 0, 0]] * 9, "int32")  # 9 sentences, 7 steps


def run_solution(question, **namespace) -> dict:
    """Execute a question's model answer in ``namespace`` (as the notebook would)."""
    namespace = {"np": np, "get_entities": get_entities, **namespace}
    exec(textwrap.dedent(question.solution_code), namespace)
    return namespace


# --------------------------------------------------------------------------- q1


def test_q1_accepts_the_bio_tags_and_its_solution() -> None:
    ex.check_bio_tags(ex.BIO_TAGS)
    ex.check_bio_tags(run_solution(ex.q1)["bio_tags"])
    assert get_entities(ex.BIO_TAGS) == [
        ("DATE", 1, 2),
        ("PER", 3, 4),
        ("ORG", 6, 8),
        ("LOC", 10, 10),
    ]


@pytest.mark.parametrize(
    ("position", "tag", "message"),
    [
        (3, "I-PER", "the first word of every entity is tagged B-"),
        (7, "O", "a small word such as 'and'"),
        (4, "B-PER", "would start a new entity"),
        (10, "B-ORG", "look again at what kind of name"),
        (0, "B-DATE", "'In' belongs to no entity"),
    ],
)
def test_q1_teaches_each_mistake(position: int, tag: str, message: str) -> None:
    tags = list(ex.BIO_TAGS)
    tags[position] = tag
    with pytest.raises(AnswerError, match=message):
        ex.check_bio_tags(tags)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("O O O", "should be a list of 12 tags .* it is a str"),
        (["O"] * 11, "one per token; it has 11"),
        ([0] * 12, "each one a string in quotes; it holds int"),
        (["B-PERSON"] + ["O"] * 11, "'B-PERSON' is not a tag of this chapter"),
    ],
)
def test_q1_names_what_was_expected(answer, message) -> None:
    with pytest.raises(AnswerError, match=message):
        ex.check_bio_tags(answer)


# --------------------------------------------------------------------------- q2


@pytest.fixture(scope="module")
def bi_tagger() -> keras.Model:
    return tiny_tagger(bidirectional=True)


def test_q2_accepts_the_shapes_and_its_solution(bi_tagger) -> None:
    ex.check_shapes((8, 7, 2 * UNITS), (8, 7, TAGS), bi_tagger, X_TEST)
    answer = run_solution(ex.q2, x_test=X_TEST, UNITS=UNITS, tag_names=TAG_NAMES)
    ex.check_shapes(
        answer["predicted_states_shape"], answer["predicted_probs_shape"], bi_tagger, X_TEST
    )


@pytest.mark.parametrize(
    ("states", "probs", "message"),
    [
        ((8, 7, UNITS), (8, 7, TAGS), "joins their two states side by side"),
        ((8, 7, 2 * UNITS), (8, 7, 2 * UNITS), "one probability per TAG"),
        ((8, 5, 2 * UNITS), (8, 5, TAGS), "longest sentence of the TEST split"),
        ((8, 2 * UNITS), (8, TAGS), "what return_sequences=False gives"),
        ((9, 7, 2 * UNITS), (9, 7, TAGS), "how many rows does x_test\\[:8\\] have"),
        ((8, 7, TAGS), (8, 7, TAGS), "not by the number of tags"),
    ],
)
def test_q2_teaches_each_mistake(bi_tagger, states, probs, message) -> None:
    with pytest.raises(AnswerError, match=message):
        ex.check_shapes(states, probs, bi_tagger, X_TEST)


@pytest.mark.parametrize(
    ("states", "message"),
    [
        ("(8, 7, 6)", "should be a shape, a tuple of whole numbers .* it is a str"),
        ((8, 7.5, 6), r"it is a tuple \(\(8, 7.5, 6\)\)"),
        (np.zeros((8, 7, 6)), r"it is an array of shape \(8, 7, 6\)"),
    ],
)
def test_q2_names_what_was_expected(bi_tagger, states, message) -> None:
    with pytest.raises(AnswerError, match=message):
        ex.check_shapes(states, (8, 7, TAGS), bi_tagger, X_TEST)


# --------------------------------------------------------------------------- q3


@pytest.fixture(scope="module")
def tagger() -> keras.Model:
    return tiny_tagger()


def by_hand(tagger: keras.Model) -> np.ndarray:
    """-log p_t(y_t) at every position of the four sentences."""
    probs = np.asarray(tagger(X), dtype="float64")
    return -np.log(np.take_along_axis(probs, Y[..., None], axis=-1)[..., 0])


def test_q3_the_keras_loss_is_the_mean_over_real_tokens(tagger) -> None:
    nll = by_hand(tagger)
    assert ex.keras_masked_loss(tagger, X, Y) == pytest.approx(nll[X != 0].mean(), rel=1e-5)


def test_q3_accepts_the_masked_mean_and_its_solution(tagger) -> None:
    ex.check_masked_loss(by_hand(tagger)[X != 0].mean(), tagger, X, Y)
    answer = run_solution(ex.q3, tagger=tagger, x_train=X, y_train=Y, PAD=0)
    ex.check_masked_loss(answer["masked_loss_by_hand"], tagger, X, Y)


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        (lambda nll: nll.mean(), "padding included"),
        (lambda nll: nll[X != 0].sum() / nll.size, "you divided by every position"),
        (lambda nll: -nll[X != 0].mean(), "a loss is not negative"),
        (lambda nll: nll[X != 0].sum(), "divide by how many real tokens"),
        (lambda nll: 0.123, "probability of its TRUE tag"),
    ],
)
def test_q3_teaches_each_mistake(tagger, wrong, message) -> None:
    with pytest.raises(AnswerError, match=message) as raised:
        ex.check_masked_loss(wrong(by_hand(tagger)), tagger, X, Y)
    truth = ex.keras_masked_loss(tagger, X, Y)
    assert f"{truth:.3f}" not in str(raised.value), "never give the answer away"


@pytest.mark.parametrize("answer", ["1.6", [1.6, 1.7], None])
def test_q3_names_what_was_expected(tagger, answer) -> None:
    with pytest.raises(AnswerError, match="`masked_loss_by_hand` should be one number"):
        ex.check_masked_loss(answer, tagger, X, Y)


# --------------------------------------------------------------------------- q4

TRUE = [["B-PER", "I-PER", "O", "B-ORG", "O", "B-DATE", "I-DATE"], ["B-LOC", "O", "B-PER", "O"]]
PRED = [
    ["B-PER", "O", "O", "B-ORG", "O", "B-DATE", "I-DATE"],
    ["B-LOC", "B-PER", "B-ORG", "B-LOC"],
]
# true: 5 entities; predicted: 7 (a PER cut short, a PER typed ORG, two extra); correct: 3
P, R = 3 / 7, 3 / 5
F1 = 2 * P * R / (P + R)


def test_q4_accepts_the_scores_and_its_solution() -> None:
    ex.check_entity_f1(P, R, F1, TRUE, PRED)
    ex.check_entity_f1(round(P, 2), round(R, 2), round(F1, 2), TRUE, PRED)  # two decimals do
    answer = run_solution(ex.q4, example_true=TRUE, example_pred=PRED)
    ex.check_entity_f1(
        answer["precision_by_hand"], answer["recall_by_hand"], answer["f1_by_hand"], TRUE, PRED
    )


@pytest.mark.parametrize(
    ("p", "r", "f", "message"),
    [
        (R, P, F1, "precision and recall are swapped"),
        (4 / 7, 4 / 5, 2 / 3, "half a name is a wrong entity"),
        (0.3, R, F1, "List the predicted entities"),
        (P, R, (P + R) / 2, "the arithmetic mean"),
        (P, R, 7 / 11, "that is the token accuracy"),
        (P, 0.4, 0.44, "divided by how many entities the true tags hold"),
        (P, R, 0.3, "F1 = 2 P R / \\(P \\+ R\\)"),
    ],
)
def test_q4_teaches_each_mistake(p, r, f, message) -> None:
    with pytest.raises(AnswerError, match=message):
        ex.check_entity_f1(p, r, f, TRUE, PRED)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("0.5", "`precision_by_hand` should be one number \\(a share between 0 and 1\\)"),
        (50, "is 50: a share between 0 and 1 \\(not a percentage"),
    ],
)
def test_q4_names_what_was_expected(answer, message) -> None:
    with pytest.raises(AnswerError, match=message):
        ex.check_entity_f1(answer, 0.6, 0.55, TRUE, PRED)


# --------------------------------------------------------------------------- the module


def test_the_questions_are_bound_to_chapter_05(monkeypatch) -> None:
    monkeypatch.setattr("IPython.display.display", lambda data, raw: None)
    monkeypatch.setattr("lstm_course.course.record_exercise", lambda *args: None)
    namespace = {
        "bio_tags": list(ex.BIO_TAGS),
        "precision_by_hand": ...,
        "example_true": TRUE,
        "example_pred": PRED,
    }
    ex.bind(namespace)
    ex.q1.check()
    assert ex.q1.label == "05 q1" and ex.q1.outcome is Outcome.CORRECT
    ex.q4.check()
    assert ex.q4.outcome is Outcome.NOT_ATTEMPTED
