"""Chapter 11's checks: each accepts a right answer, teaches on a wrong one, names a wrong type.

The contexts are small and built here (random logits, a 3-unit untrained char model, made-up
cell states); nothing is trained.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from lstm_course.exercises import AnswerError, Outcome
from lstm_course.exercises import chapter11 as ch
from lstm_course.language_model import best_single_unit, softmax_with_temperature

SEQ_LEN = 6
VOCAB = 7


def entropy(counts) -> float:
    q = np.array(list(counts), dtype=float)
    q = q / q.sum()
    return float(-(q * np.log2(q)).sum())


# ------------------------------------------------------------------------------------------ q1

RIGHT_ENTROPY = entropy(Counter(ch.SHORT_TEXT).values())


def test_q1_accepts_the_entropy_of_the_string() -> None:
    ch.check_entropy(RIGHT_ENTROPY)
    ch.check_entropy(round(RIGHT_ENTROPY, 4))


@pytest.mark.parametrize(
    ("answer", "taught"),
    [
        (-RIGHT_ENTROPY, "never negative"),
        (RIGHT_ENTROPY * math.log(2), "nats"),
        (math.log2(7), "number of distinct characters"),
        (math.log2(18), "string's length"),
        (entropy(Counter(ch.SHORT_TEXT.replace(" ", "")).values()), "the space is a character"),
        (5.0, "never need more than log2"),
        (1.0, "not the unigram entropy"),
    ],
)
def test_q1_teaches_each_slip(answer: float, taught: str) -> None:
    with pytest.raises(AnswerError, match=taught) as wrong:
        ch.check_entropy(answer)
    assert f"{RIGHT_ENTROPY:.3f}" not in str(wrong.value), "never give the answer away"


def test_q1_names_what_was_expected() -> None:
    with pytest.raises(AnswerError, match="should be one number.*unigram entropy"):
        ch.check_entropy("2.5 bits")
    with pytest.raises(AnswerError, match="should be one number"):
        ch.check_entropy(np.array([1.0, 2.0]))


# ------------------------------------------------------------------------------------------ q2


@pytest.fixture(scope="module")
def windows():
    rng = np.random.default_rng(0)
    ids = rng.integers(1, VOCAB, size=2 * 2 * SEQ_LEN + 1)
    x_ctx = np.stack([ids[0 : 2 * SEQ_LEN], ids[SEQ_LEN : 3 * SEQ_LEN]])
    y_ctx = np.stack([ids[1 : 2 * SEQ_LEN + 1], ids[SEQ_LEN + 1 : 3 * SEQ_LEN + 1]])
    logits_ctx = rng.normal(scale=2.0, size=(2, 2 * SEQ_LEN, VOCAB))
    return {"logits_ctx": logits_ctx, "x_ctx": x_ctx, "y_ctx": y_ctx, "SEQ_LEN": SEQ_LEN}


def surprises(windows, targets_from: str = "y_ctx") -> np.ndarray:
    part = slice(SEQ_LEN, SEQ_LEN + ch.N_SCORED)
    p = softmax_with_temperature(windows["logits_ctx"][0, part], 1.0)
    targets = windows[targets_from][0, part]
    return -np.log2(p[np.arange(ch.N_SCORED), targets])


def test_q2_accepts_the_mean_surprise_in_bits(windows) -> None:
    ch.check_bpc(float(surprises(windows).mean()), **windows)


def test_q2_teaches_each_slip(windows) -> None:
    right = float(surprises(windows).mean())
    part = slice(SEQ_LEN, SEQ_LEN + ch.N_SCORED)
    p = softmax_with_temperature(windows["logits_ctx"][0, part], 1.0)
    picked = p[np.arange(ch.N_SCORED), windows["y_ctx"][0, part]]
    slips = {
        "the sign": -right,
        "nats": right * math.log(2),
        "divide by how many": right * ch.N_SCORED,
        "just read \\(x_ctx\\)": float(surprises(windows, "x_ctx").mean()),
        "favourite character": float(-np.log2(p.max(axis=-1)).mean()),
        "averaged the probabilities": float(-np.log2(picked.mean())),
        "not finite.*softmax first": float("nan"),
        "not the model's bits per character": right + 0.3,
    }
    for taught, answer in slips.items():
        with pytest.raises(AnswerError, match=taught):
            ch.check_bpc(answer, **windows)


def test_q2_names_what_was_expected(windows) -> None:
    with pytest.raises(AnswerError, match="one number.*bits per character"):
        ch.check_bpc(surprises(windows), **windows)  # the five surprises, not their mean


# ------------------------------------------------------------------------------------------ q3


@pytest.fixture(scope="module")
def char_model():
    import keras

    model = keras.Sequential(
        [
            keras.Input(shape=(None,), dtype="int32"),
            keras.layers.Embedding(VOCAB, 4, name="embedding"),
            keras.layers.LSTM(3, return_sequences=True, name="lstm"),
            keras.layers.Dense(VOCAB, name="logits"),
        ]
    )
    return model


def test_q3_accepts_the_layers_count(char_model) -> None:
    right = 4 * (4 * 3 + 3 * 3 + 3)
    assert right == char_model.get_layer("lstm").count_params()
    ch.check_lstm_params(right, char_model=char_model)
    ch.check_lstm_params(np.int64(right), char_model=char_model)


@pytest.mark.parametrize(
    ("answer", "taught"),
    [
        (4 * (VOCAB * 3 + 3 * 3 + 3), "reads the Embedding's vectors"),
        (4 * 3 + 3 * 3 + 3, "four parts"),
        (4 * (4 * 3 + 3 * 3), "bias vector"),
        (4 * (4 * 3 + 3 * 3 + 6), "one bias vector, not two"),
        (4 * (4 * 3 + 3), "recurrent weights are missing"),
        (VOCAB * 4 + 4 * (4 * 3 + 3 * 3 + 3) + 3 * VOCAB + VOCAB, "whole model"),
        (100, "not the LSTM's count"),
    ],
)
def test_q3_teaches_each_slip(char_model, answer: int, taught: str) -> None:
    with pytest.raises(AnswerError, match=taught):
        ch.check_lstm_params(answer, char_model=char_model)


def test_q3_names_what_was_expected(char_model) -> None:
    with pytest.raises(AnswerError, match="one number.*how many weights"):
        ch.check_lstm_params("4 * (E*U + U*U + U)", char_model=char_model)


# ------------------------------------------------------------------------------------------ q4

Z = np.array([3.0, 1.0, 0.5, -1.0, 0.0])


def test_q4_the_truth_is_read_from_the_logits() -> None:
    assert ch.temperature_limit(Z, ch.COLD_T) == "greedy"
    assert ch.temperature_limit(Z, ch.HOT_T) == "uniform"
    assert ch.temperature_limit(Z, 1.0) == "unchanged"


def test_q4_accepts_the_two_limits() -> None:
    ch.check_temperature_limits("greedy", "uniform", z=Z)
    ch.check_temperature_limits(" Greedy", "UNIFORM ", z=Z)


@pytest.mark.parametrize(
    ("cold", "hot", "taught"),
    [
        ("uniform", "greedy", "wrong way round"),
        ("unchanged", "uniform", "order of the characters never changes"),
        ("greedy", "unchanged", "order of the characters never changes"),
        ("uniform", "uniform", "at T = 0.01"),
        ("greedy", "greedy", "at T = 100"),
    ],
)
def test_q4_teaches_each_wrong_prediction(cold: str, hot: str, taught: str) -> None:
    with pytest.raises(AnswerError, match=taught):
        ch.check_temperature_limits(cold, hot, z=Z)


def test_q4_lists_the_options_for_anything_else() -> None:
    with pytest.raises(AnswerError, match='prediction_cold.*"greedy", "uniform", "unchanged"'):
        ch.check_temperature_limits("sharper", "uniform", z=Z)
    with pytest.raises(AnswerError, match="prediction_hot.*one of the strings"):
        ch.check_temperature_limits("greedy", 0.0, z=Z)


# ------------------------------------------------------------------------------------------ q5


def test_q5_accepts_the_softmax_at_half() -> None:
    e = np.exp(Z / 0.5)
    ch.check_softmax_half(e / e.sum(), z=Z)
    ch.check_softmax_half(list(e / e.sum()), z=Z)


def test_q5_teaches_each_slip() -> None:
    def softmax(values):
        e = np.exp(values - values.max())
        return e / e.sum()

    slips = {
        "model's own distribution": softmax(Z),
        "multiplied the logits by T": softmax(Z * 0.5),
        "sum to": np.exp(Z / 0.5),
        "not finite": np.full(Z.shape, np.inf),
        "not the softmax at T = 0.5": softmax(Z / 0.4),
    }
    for taught, answer in slips.items():
        with pytest.raises(AnswerError, match=taught):
            ch.check_softmax_half(answer, z=Z)


def test_q5_names_the_expected_shape() -> None:
    e = np.exp(Z / 0.5)
    with pytest.raises(AnswerError, match=r"shape \(5,\) = \(vocab,\).*it has shape \(1, 5\)"):
        ch.check_softmax_half((e / e.sum())[None], z=Z)
    with pytest.raises(AnswerError, match="array of numbers"):
        ch.check_softmax_half("p", z=Z)


# ------------------------------------------------------------------------------------------ q6


@pytest.fixture(scope="module")
def unit_context():
    """Unit 1 is low inside a 'name' (so the rule's sign is -1), with some overlap."""
    rng = np.random.default_rng(1)
    inside = np.zeros(300, dtype=bool)
    inside[rng.choice(300, 30, replace=False)] = True
    cells = rng.normal(size=(300, 3))
    cells[:, 1] = np.where(inside, -1.0, 1.0) + rng.normal(scale=0.8, size=300)
    name_unit = best_single_unit(cells[:150], inside[:150])
    assert name_unit["unit"] == 1 and name_unit["sign"] == -1
    return {"cells_test": cells[150:], "name_unit": name_unit, "in_name_test": inside[150:]}


def rule(context, honour_sign: bool = True) -> np.ndarray:
    unit = context["name_unit"]
    above = context["cells_test"][:, unit["unit"]] >= unit["threshold"]
    return ~above if honour_sign and unit["sign"] < 0 else above


def test_q6_accepts_the_mean_of_tpr_and_tnr(unit_context) -> None:
    said, truth = rule(unit_context), unit_context["in_name_test"]
    ch.check_balanced((said[truth].mean() + (~said[~truth]).mean()) / 2, **unit_context)


def test_q6_teaches_each_slip(unit_context) -> None:
    said, truth = rule(unit_context), unit_context["in_name_test"]
    tpr, tnr = said[truth].mean(), (~said[~truth]).mean()
    flipped = rule(unit_context, honour_sign=False)
    slips = {
        "fraction between 0 and 1": 100 * (tpr + tnr) / 2,
        "validation stretch": unit_context["name_unit"]["balanced_accuracy"],
        "direction": (flipped[truth].mean() + (~flipped[~truth]).mean()) / 2,
        "plain accuracy": (said == truth).mean(),
        "one class only": tnr,
        "not the rule's balanced accuracy": 0.5,
    }
    assert len({round(float(v), 6) for v in slips.values()}) == len(slips)
    for taught, answer in slips.items():
        with pytest.raises(AnswerError, match=taught):
            ch.check_balanced(float(answer), **unit_context)
    with pytest.raises(AnswerError, match="one class only"):
        ch.check_balanced(float(tpr), **unit_context)


def test_q6_names_what_was_expected(unit_context) -> None:
    with pytest.raises(AnswerError, match=r"one number.*\(TPR \+ TNR\) / 2"):
        ch.check_balanced(rule(unit_context), **unit_context)


# ------------------------------------------------------------------------ the questions


def test_every_solution_is_correct_and_an_empty_answer_is_not_attempted(
    windows, char_model, unit_context, monkeypatch
) -> None:
    """Each question's solution_code, run in a namespace holding its context, checks correct;
    with the answer still ``...`` the question says not attempted."""
    monkeypatch.setattr("IPython.display.display", lambda data, raw: None)
    monkeypatch.setattr("lstm_course.course.record_exercise", lambda name, outcome: None)
    context = {
        "np": np,
        **windows,
        "char_model": char_model,
        "EMBED_DIM": 4,
        "UNITS": 3,
        "z": Z,
        **unit_context,
    }
    questions = (ch.q1, ch.q2, ch.q3, ch.q4, ch.q5, ch.q6)
    for question in questions:
        namespace = dict(context) | {name: ... for name in question.reads}
        ch.bind(namespace)
        question.check()
        assert question.outcome is Outcome.NOT_ATTEMPTED, question.label
        exec(question.solution_code, namespace)
        question.check()
        assert question.outcome is Outcome.CORRECT, question.label
    assert [q.label for q in questions] == [f"11 q{n}" for n in range(1, 7)]
