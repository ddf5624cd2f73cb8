"""Chapter 02's checks: each accepts a right answer, teaches on a wrong one, names a wrong type.

The contexts are small and built here (a seven-word vocabulary, a tiny untrained spam model,
made-up labels and probabilities, a few rows of token ids); nothing is trained.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from lstm_course.exercises import AnswerError
from lstm_course.exercises import chapter02 as ch

SEQ_LEN = 16
WORDS = ["", "[UNK]", "ok", "lar", ".", "see", "you", "at", "!"]


# ------------------------------------------------------------------------------------------ q1


def to_ids(texts) -> np.ndarray:
    """The chapter's pipeline in small: standardize, split, look up, post-pad to SEQ_LEN."""
    rows = []
    for text in texts:
        text = re.sub(r"([£$€!?&%+*#@:/.,])", r" \1 ", re.sub(r"\d", "0", text.lower()))
        ids = [WORDS.index(w) if w in WORDS else 1 for w in text.split()][:SEQ_LEN]
        rows.append(ids + [0] * (SEQ_LEN - len(ids)))
    return np.array(rows, dtype="int32")


def to_pre_padding(ids: np.ndarray) -> np.ndarray:
    return np.array([np.r_[row[row == 0], row[row != 0]] for row in ids], dtype="int32")


@pytest.fixture(scope="module")
def mask_context():
    import keras

    return {
        "to_ids": to_ids,
        "to_pre_padding": to_pre_padding,
        "embedding_demo": keras.layers.Embedding(len(WORDS), 2, mask_zero=True),
        "SEQ_LEN": SEQ_LEN,
    }


N_TOKENS = 10  # ok lar . . . see you at zyxquv !


def test_q1_the_message_has_ten_tokens_one_unknown(mask_context) -> None:
    ids, mask = ch.mask_truth(to_ids, to_pre_padding, mask_context["embedding_demo"])
    assert mask.sum() == N_TOKENS and (ids == ch.UNK_ID).sum() == 1
    assert not mask[: SEQ_LEN - N_TOKENS].any()


def test_q1_accepts_the_mask(mask_context) -> None:
    right = np.arange(SEQ_LEN) >= SEQ_LEN - N_TOKENS
    ch.check_mask(right, **mask_context)
    ch.check_mask(right.astype(int).tolist(), **mask_context)


def test_q1_teaches_each_wrong_prediction(mask_context) -> None:
    right = np.arange(SEQ_LEN) >= SEQ_LEN - N_TOKENS
    unk_hidden = right.copy()
    unk_hidden[-2] = False  # zyxquv, the [UNK]
    slips = {
        "upside down": ~right,
        "post-padded row": np.arange(SEQ_LEN) < N_TOKENS,
        "hid the unknown word": unk_hidden,
        "counted the words between spaces": np.arange(SEQ_LEN) >= SEQ_LEN - 6,
        "not the right number of real steps": np.arange(SEQ_LEN) >= SEQ_LEN - 9,
        "one block of False": np.arange(SEQ_LEN) % 2 == 0,
    }
    for taught, answer in slips.items():
        with pytest.raises(AnswerError, match=taught):
            ch.check_mask(answer, **mask_context)


def test_q1_names_what_was_expected(mask_context) -> None:
    with pytest.raises(AnswerError, match=r"shape \(16,\) = \(SEQ_LEN,\)"):
        ch.check_mask(np.ones((1, SEQ_LEN)), **mask_context)
    with pytest.raises(AnswerError, match="True/False \\(or 1/0\\) only"):
        ch.check_mask(np.arange(SEQ_LEN), **mask_context)
    with pytest.raises(AnswerError, match="array of numbers"):
        ch.check_mask("the last ten", **mask_context)


# ------------------------------------------------------------------------------------------ q2

VOCAB, EMBED, UNITS, MAX_TOKENS = 20, 4, 3, 50


@pytest.fixture(scope="module")
def spam_model():
    import keras

    tokens = keras.Input(shape=(SEQ_LEN,), dtype="int32")
    vectors = keras.layers.Embedding(VOCAB, EMBED, mask_zero=True, name="embedding")(tokens)
    last = keras.layers.LSTM(UNITS, name="lstm")(vectors)
    out = keras.layers.Dense(1, activation="sigmoid", name="spam_probability")(last)
    return {"model": keras.Model(tokens, out), "MAX_TOKENS": MAX_TOKENS, "SEQ_LEN": SEQ_LEN}


LSTM_COUNT = 4 * (EMBED * UNITS + UNITS * UNITS + UNITS)
RIGHT_COUNT = VOCAB * EMBED + LSTM_COUNT + UNITS + 1


def test_q2_accepts_the_models_count(spam_model) -> None:
    assert spam_model["model"].count_params() == RIGHT_COUNT
    ch.check_model_params(RIGHT_COUNT, **spam_model)
    ch.check_model_params(np.int64(RIGHT_COUNT), **spam_model)


@pytest.mark.parametrize(
    ("answer", "taught"),
    [
        (MAX_TOKENS * EMBED + LSTM_COUNT + UNITS + 1, "largest vocabulary allowed"),
        (SEQ_LEN * EMBED + LSTM_COUNT + UNITS + 1, "not one per position"),
        (LSTM_COUNT + UNITS + 1, "table is weights too"),
        (VOCAB * EMBED + LSTM_COUNT // 4 + UNITS + 1, "counted like a SimpleRNN"),
        (VOCAB * EMBED + LSTM_COUNT + UNITS, "Dense layer has a bias"),
        (VOCAB * EMBED + LSTM_COUNT + 4 * UNITS + UNITS + 1, "one bias vector, not two"),
        (12345, "not the model's count"),
    ],
)
def test_q2_teaches_each_slip(spam_model, answer: int, taught: str) -> None:
    with pytest.raises(AnswerError, match=taught):
        ch.check_model_params(answer, **spam_model)


def test_q2_names_what_was_expected(spam_model) -> None:
    with pytest.raises(AnswerError, match="one number.*how many weights the whole model"):
        ch.check_model_params([VOCAB * EMBED, LSTM_COUNT, UNITS + 1], **spam_model)


# ------------------------------------------------------------------------------------------ q3

TP, FP, FN, TN = 6, 2, 3, 11


@pytest.fixture(scope="module")
def rnn_scores():
    y_test = np.array([1] * TP + [0] * FP + [1] * FN + [0] * TN)
    p_test_rnn = np.array([0.9] * (TP + FP) + [0.2] * (FN + TN))
    return {"y_test": y_test, "p_test_rnn": p_test_rnn, "THRESHOLD": 0.5}


PRECISION, RECALL = TP / (TP + FP), TP / (TP + FN)
F1 = 2 * PRECISION * RECALL / (PRECISION + RECALL)


def test_q3_accepts_the_three_scores(rnn_scores) -> None:
    ch.check_scores(PRECISION, RECALL, F1, **rnn_scores)
    ch.check_scores(np.float64(round(PRECISION, 5)), RECALL, round(F1, 5), **rnn_scores)


def test_q3_a_model_that_flags_nothing_may_say_nan_or_zero() -> None:
    silent = {"y_test": np.array([1, 0, 1, 0]), "p_test_rnn": np.zeros(4), "THRESHOLD": 0.5}
    ch.check_scores(float("nan"), 0.0, float("nan"), **silent)
    ch.check_scores(0.0, 0.0, 0.0, **silent)


@pytest.mark.parametrize(
    ("answer", "taught"),
    [
        ((RECALL, PRECISION, F1), "swapped"),
        ((TN / (TN + FN), RECALL, F1), "ham class"),
        (((TP + TN) / 22, RECALL, F1), "accuracy"),
        ((0.5, RECALL, F1), "not the precision"),
        ((PRECISION, 0.5, F1), "not the recall"),
        ((PRECISION, RECALL, (PRECISION + RECALL) / 2), "harmonic mean"),
        ((PRECISION, RECALL, 0.1), "F1 is 2 P R"),
        ((100 * PRECISION, 100 * RECALL, 100 * F1), "not percentages"),
        ((float("nan"), RECALL, F1), "0 / 0"),
    ],
)
def test_q3_teaches_each_slip(rnn_scores, answer, taught: str) -> None:
    with pytest.raises(AnswerError, match=taught):
        ch.check_scores(*answer, **rnn_scores)


def test_q3_names_what_was_expected(rnn_scores) -> None:
    with pytest.raises(AnswerError, match="recall_by_hand` should be one number.*spam recall"):
        ch.check_scores(PRECISION, "6/9", F1, **rnn_scores)


# ------------------------------------------------------------------------------------------ q4

X_TEST = np.array(
    [
        [5, 1, 7, 0, 0, 0],
        [2, 3, 4, 4, 1, 1],
        [6, 0, 0, 0, 0, 0],
        [8, 8, 2, 0, 0, 0],
    ]
)
REAL = 3 + 6 + 1 + 3
UNK_RIGHT = 3 / REAL


def test_q4_accepts_the_share() -> None:
    ch.check_unk_share(UNK_RIGHT, x_test=X_TEST)
    ch.check_unk_share(np.float32(UNK_RIGHT), x_test=X_TEST)


@pytest.mark.parametrize(
    ("answer", "taught"),
    [
        (100 * UNK_RIGHT, "not as a percentage"),
        (3 / X_TEST.size, "padding included"),
        (2 / 4, "at least one unknown word"),
        ((X_TEST.size - REAL) / X_TEST.size, "share of padding"),
        (3, "how many \\[UNK\\] tokens"),
        (0.9, "not the share"),
    ],
)
def test_q4_teaches_each_slip(answer: float, taught: str) -> None:
    with pytest.raises(AnswerError, match=taught):
        ch.check_unk_share(answer, x_test=X_TEST)


def test_q4_names_what_was_expected() -> None:
    with pytest.raises(AnswerError, match="one number.*share of the test tokens"):
        ch.check_unk_share((X_TEST == 1).mean(axis=1), x_test=X_TEST)
