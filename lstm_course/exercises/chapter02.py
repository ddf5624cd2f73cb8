"""Chapter 02's checked exercises: the mask, the model's weights, the scores, unknown words.

* ``q1`` predict, then run: which steps of a pre-padded message the mask of
  ``Embedding(mask_zero=True)`` hides (only id 0; ``[UNK]``, id 1, is read);
* ``q2`` the spam model's parameter count by hand, ``vocab · EMBED_DIM`` for the embedding,
  ``4 (features · units + units² + units)`` for the LSTM and ``units + 1`` for the Dense layer,
  against ``model.count_params()``;
* ``q3`` precision ``TP / (TP + FP)``, recall ``TP / (TP + FN)`` and
  ``F1 = 2 P R / (P + R)`` by hand from the SimpleRNN's confusion matrix, against scikit-learn;
* ``q4`` the share of the test messages' tokens that are out of the vocabulary (``[UNK]``),
  against the token ids themselves.

Each check computes the truth from what the chapter's cells made (``context``), so it holds in
fast mode and full mode alike, and trains nothing.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from lstm_course.exercises import (
    AnswerError,
    Question,
    bind_questions,
    expect_array,
    expect_number,
)

#: q1: the message whose pre-padded mask the learner predicts (the last word is not a word).
MASK_TEXT = "Ok lar... see you at zyxquv!"
#: token ids with a meaning of their own in ``TextVectorization``.
PAD_ID, UNK_ID = 0, 1


# ------------------------------------------------------- q1: predict, then run: the mask


def mask_truth(to_ids: Any, to_pre_padding: Any, embedding_demo: Any) -> tuple[np.ndarray, ...]:
    """The pre-padded ids of :data:`MASK_TEXT` and the mask ``embedding_demo`` computes for them."""
    ids = np.asarray(to_pre_padding(to_ids([MASK_TEXT])))[0]
    mask = np.asarray(embedding_demo.compute_mask(ids[None]))[0].astype(bool)
    return ids, mask


def check_mask(
    predicted_mask: Any, to_ids: Any, to_pre_padding: Any, embedding_demo: Any, SEQ_LEN: int
) -> None:
    """``predicted_mask``: for the pre-padded row of :data:`MASK_TEXT`, True where the LSTM reads
    the step and False where the mask hides it (as Keras's mask)."""
    answer = expect_array(
        predicted_mask,
        "predicted_mask",
        shape=(SEQ_LEN,),
        meaning="(SEQ_LEN,): one True (read) or False (hidden) per step",
    )
    if not np.isin(answer, (0, 1)).all():
        raise AnswerError(
            "`predicted_mask` should hold True/False (or 1/0) only: True where the LSTM reads "
            "the step, False where the mask hides it."
        )
    said = answer.astype(bool)
    ids, truth = mask_truth(to_ids, to_pre_padding, embedding_demo)
    if np.array_equal(said, truth):
        return
    n_real = int(truth.sum())
    if np.array_equal(said, ~truth):
        raise AnswerError(
            "upside down: Keras's mask is True where a step is real (the layer reads it) and "
            "False where it is padding (skipped)."
        )
    if np.array_equal(said, np.arange(SEQ_LEN) < n_real):
        raise AnswerError(
            "that is the post-padded row, the message first. The row asked about is pre-padded: "
            "the zeros come first, the message at the end."
        )
    if (ids == UNK_ID).any() and np.array_equal(said, truth & (ids != UNK_ID)):
        raise AnswerError(
            "you hid the unknown word too. It becomes [UNK], id 1: a real token the vocabulary "
            "does not know, read like any other. Only id 0, the padding, is hidden."
        )
    n_said = int(said.sum())
    pre_shaped = np.array_equal(said, np.arange(SEQ_LEN) >= SEQ_LEN - n_said)
    if pre_shaped and n_said == len(MASK_TEXT.split()):
        raise AnswerError(
            "you counted the words between spaces. Our `standardize` makes each punctuation "
            "mark a token of its own, so '...' is three tokens and '!' one."
        )
    if pre_shaped:
        raise AnswerError(
            "the right side, but not the right number of real steps: count the tokens that "
            "`standardize` and the vocabulary make of the message (punctuation marks included)."
        )
    raise AnswerError(
        "a mask hides the padding and nothing else: with pre-padding that is one block of "
        "False at the start, then one True for every token of the message."
    )


# ---------------------------------------------------------------- q2: the model's weights


def spam_count_variants(
    vocab: int, embed: int, units: int, max_tokens: int, seq_len: int
) -> dict[str, int]:
    """The right count of the spam model (Embedding, LSTM, Dense(1)) and a few likely slips."""
    lstm = 4 * (embed * units + units * units + units)
    dense = units + 1
    return {
        "right": vocab * embed + lstm + dense,
        "max tokens": max_tokens * embed + lstm + dense,
        "seq len": seq_len * embed + lstm + dense,
        "no embedding": lstm + dense,
        "one part": vocab * embed + lstm // 4 + dense,
        "no dense bias": vocab * embed + lstm + units,
        "two biases": vocab * embed + lstm + 4 * units + dense,
    }


def check_model_params(model_param_count: Any, model: Any, MAX_TOKENS: int, SEQ_LEN: int) -> None:
    """``model_param_count``: every trainable number of the spam model, by hand."""
    value = expect_number(
        model_param_count, "model_param_count", meaning="how many weights the whole model has"
    )
    truth = int(model.count_params())
    if value == truth:
        return
    table = model.get_layer("embedding").get_weights()[0]
    vocab, embed = (int(s) for s in table.shape)
    units = int(model.get_layer("lstm").units)
    slips = spam_count_variants(vocab, embed, units, MAX_TOKENS, SEQ_LEN)
    messages = {
        "max tokens": "MAX_TOKENS is the largest vocabulary allowed; the table has one row per "
        "token the vocabulary really holds (vocab_size).",
        "seq len": "the embedding is a table with one vector per vocabulary entry, not one per "
        "position of the message.",
        "no embedding": "the embedding's table is weights too, trained like the others"
        + (" (and here the largest part)." if vocab * embed > slips["no embedding"] else "."),
        "one part": "that LSTM is counted like a SimpleRNN. It has four parts (f, i, C~, o), each "
        "with its own W_x, W_h and b.",
        "no dense bias": "the Dense layer has a bias too: one weight per unit of h_T, plus one.",
        "two biases": "Keras gives each of the LSTM's four parts one bias vector, not two.",
    }
    for slip, message in messages.items():
        if value == slips[slip]:
            raise AnswerError(message)
    raise AnswerError(
        "not the model's count. Add the three layers: the embedding (one EMBED_DIM vector per "
        "vocabulary entry), the LSTM (four parts reading EMBED_DIM features with UNITS units) and "
        "the Dense layer (UNITS weights and a bias)."
    )


# ------------------------------------------------------ q3: precision, recall, F1 by hand


def scores_from_counts(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall and F1 of the spam class (0 where a ratio is 0 / 0, as scikit-learn's
    ``zero_division=0``)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def check_scores(
    precision_by_hand: Any,
    recall_by_hand: Any,
    f1_by_hand: Any,
    y_test: Any,
    p_test_rnn: Any,
    THRESHOLD: float,
) -> None:
    """Precision, recall and F1 of the SimpleRNN's spam predictions on the test set, by hand."""
    from sklearn.metrics import f1_score, precision_score, recall_score

    given = [
        expect_number(v, n, meaning=f"the spam {m}, between 0 and 1")
        for v, n, m in (
            (precision_by_hand, "precision_by_hand", "precision"),
            (recall_by_hand, "recall_by_hand", "recall"),
            (f1_by_hand, "f1_by_hand", "F1"),
        )
    ]
    y_true = np.asarray(y_test).astype(int)
    y_said = (np.asarray(p_test_rnn) >= THRESHOLD).astype(int)
    truth = (
        precision_score(y_true, y_said, zero_division=0),
        recall_score(y_true, y_said, zero_division=0),
        f1_score(y_true, y_said, zero_division=0),
    )
    undefined = [math.isnan(v) for v in given]
    if any(undefined):
        # 0 / 0 is fair only where the model flagged nothing (scikit-learn then says 0)
        if y_said.sum() > 0 or any(u and t != 0 for u, t in zip(undefined, truth, strict=True)):
            raise AnswerError(
                "a nan means 0 / 0: a ratio with nothing to count. That happens only when the "
                "model flags no message at all; here compute the ratio from the matrix."
            )
        given = [0.0 if u else v for u, v in zip(undefined, given, strict=True)]
    as_percent = [v / 100 for v in given]
    if any(v > 1 for v in given) and all(
        math.isclose(v, t, abs_tol=1e-3) for v, t in zip(as_percent, truth, strict=True)
    ):
        raise AnswerError("write the scores as fractions between 0 and 1, not percentages.")
    precision, recall, f1 = given
    if all(math.isclose(v, t, abs_tol=1e-4) for v, t in zip(given, truth, strict=True)):
        return
    tp = int(((y_said == 1) & (y_true == 1)).sum())
    fp = int(((y_said == 1) & (y_true == 0)).sum())
    fn = int(((y_said == 0) & (y_true == 1)).sum())
    tn = int(((y_said == 0) & (y_true == 0)).sum())
    close = math.isclose
    if (
        close(precision, truth[1], abs_tol=1e-4)
        and close(recall, truth[0], abs_tol=1e-4)
        and not close(truth[0], truth[1], abs_tol=1e-4)
    ):
        raise AnswerError(
            "precision and recall are swapped. Precision looks at what the model flagged "
            "(TP / (TP + FP)); recall at the real spam (TP / (TP + FN)). In scikit-learn's "
            "matrix the rows are the true classes and the columns the predicted ones."
        )
    precision_wrong = not close(precision, truth[0], abs_tol=1e-4)
    recall_wrong = not close(recall, truth[1], abs_tol=1e-4)
    ham = scores_from_counts(tn, fn, fp)  # ham taken as the positive class
    if (precision_wrong and close(precision, ham[0], abs_tol=1e-4)) or (
        recall_wrong and close(recall, ham[1], abs_tol=1e-4)
    ):
        raise AnswerError(
            "that is a score of the ham class. The positive class here is spam: TP is spam "
            "flagged as spam, the bottom-right count of the matrix."
        )
    accuracy = (tp + tn) / max(tp + tn + fp + fn, 1)
    if (precision_wrong and close(precision, accuracy, abs_tol=1e-4)) or (
        recall_wrong and close(recall, accuracy, abs_tol=1e-4)
    ):
        raise AnswerError(
            "that is the accuracy, the share of all messages right. Precision and recall each "
            "look at a part of the matrix only: the flagged column, or the true-spam row."
        )
    if precision_wrong:
        raise AnswerError(
            "not the precision: of the messages the model flagged as spam (the right-hand "
            "column), the share that really is spam."
        )
    if recall_wrong:
        raise AnswerError(
            "not the recall: of the real spam (the bottom row), the share the model flagged."
        )
    if close(f1, (truth[0] + truth[1]) / 2, abs_tol=1e-4):
        raise AnswerError(
            "that is the arithmetic mean of precision and recall. F1 is their harmonic mean, "
            "2 P R / (P + R): it stays low when either of the two is low."
        )
    raise AnswerError("precision and recall are right; F1 is 2 P R / (P + R), from those two.")


# --------------------------------------------------------- q4: out-of-vocabulary tokens


def check_unk_share(unk_share: Any, x_test: Any) -> None:
    """``unk_share``: of the real tokens (not padding) of the test messages, the share that is
    ``[UNK]`` (id 1)."""
    value = expect_number(
        unk_share, "unk_share", meaning="a share of the test tokens, between 0 and 1"
    )
    ids = np.asarray(x_test)
    real = ids != PAD_ID
    unknown = ids == UNK_ID
    truth = float(unknown.sum() / max(real.sum(), 1))
    if math.isclose(value, truth, rel_tol=1e-3, abs_tol=1e-6):
        return
    if 1 < value <= 100 and math.isclose(value / 100, truth, rel_tol=1e-3, abs_tol=1e-6):
        raise AnswerError("write it as a fraction between 0 and 1, not as a percentage.")
    if math.isclose(value, float(unknown.mean()), rel_tol=1e-3, abs_tol=1e-9):
        raise AnswerError(
            "you divided by every position of the rows, padding included. The question is "
            "about the real tokens: leave out the id 0."
        )
    if math.isclose(value, float(unknown.any(axis=1).mean()), rel_tol=1e-3, abs_tol=1e-9):
        raise AnswerError(
            "that is the share of messages with at least one unknown word; the question counts "
            "tokens."
        )
    if math.isclose(value, float((~real).mean()), rel_tol=1e-3, abs_tol=1e-9):
        raise AnswerError(
            "that is the share of padding (id 0). The out-of-vocabulary token is [UNK], id 1."
        )
    if math.isclose(value, float(unknown.sum()), rel_tol=1e-6):
        raise AnswerError(
            "that is how many [UNK] tokens there are; the question asks for their share of "
            "the real tokens."
        )
    raise AnswerError(
        "not the share. Count the tokens with id 1 ([UNK]) in x_test, and divide by the number "
        "of tokens that are not padding (id != 0)."
    )


# ------------------------------------------------------------------------------- questions

q1 = Question(
    "q1",
    reads=("predicted_mask",),
    check_answer=check_mask,
    context=("to_ids", "to_pre_padding", "embedding_demo", "SEQ_LEN"),
    hints=(
        "standardize makes each punctuation mark its own token: write the message out token by "
        "token and count.",
        "The mask hides id 0 only. A word the vocabulary does not know is id 1, [UNK].",
    ),
    solution_code=f"""
# ok lar . . . see you at zyxquv !  -> 10 tokens, the unknown word included (as [UNK], id 1)
predicted_mask = np.arange(SEQ_LEN) >= SEQ_LEN - 10  # pre-padding: 50 hidden, then 10 read
# {MASK_TEXT!r}
""",
)

q2 = Question(
    "q2",
    reads=("model_param_count",),
    check_answer=check_model_params,
    context=("model", "MAX_TOKENS", "SEQ_LEN"),
    hints=(
        "Three layers: the embedding (vocab_size × EMBED_DIM), the LSTM, the Dense layer.",
        "The LSTM: 4 × (EMBED_DIM · UNITS + UNITS² + UNITS); the Dense layer: UNITS + 1.",
    ),
    solution_code="""
embedding_count = vocab_size * EMBED_DIM  # one vector per vocabulary entry
lstm_count = 4 * (EMBED_DIM * UNITS + UNITS * UNITS + UNITS)  # four parts
dense_count = UNITS + 1  # h_T -> one number, and a bias
model_param_count = embedding_count + lstm_count + dense_count
""",
)

q3 = Question(
    "q3",
    reads=("precision_by_hand", "recall_by_hand", "f1_by_hand"),
    check_answer=check_scores,
    context=("y_test", "p_test_rnn", "THRESHOLD"),
    hints=(
        "scikit-learn's matrix is [[TN, FP], [FN, TP]]: rows are the true class, columns the "
        "predicted one; spam is the second row and column.",
        "precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2 P R / (P + R).",
    ),
    solution_code="""
(tn_rnn, fp_rnn), (fn_rnn, tp_rnn) = rnn_matrix
precision_by_hand = tp_rnn / (tp_rnn + fp_rnn)  # of the flagged, the share that is spam
recall_by_hand = tp_rnn / (tp_rnn + fn_rnn)  # of the spam, the share flagged
f1_by_hand = 2 * precision_by_hand * recall_by_hand / (precision_by_hand + recall_by_hand)
""",
)

q4 = Question(
    "q4",
    reads=("unk_share",),
    check_answer=check_unk_share,
    context=("x_test",),
    hints=(
        "x_test holds token ids: 0 is padding, 1 is [UNK].",
        "(x_test == 1).sum() counts the unknown tokens; (x_test != 0).sum() the real ones.",
    ),
    solution_code="""
unk_share = float((x_test == 1).sum() / (x_test != 0).sum())
""",
)

bind = bind_questions("02", q1, q2, q3, q4)
