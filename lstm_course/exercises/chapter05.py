"""Chapter 05's checked exercises: BIO tags, the tagger's output shapes, the masked loss, F1.

* ``q1``: write the BIO tags of a sentence by hand (read back with ``get_entities``).
* ``q2``: predict, then run: the shapes of the bidirectional tagger's hidden states and of
  its tag probabilities for a batch of test sentences.
* ``q3``: the masked loss by hand, ``L = -Σ m_t log p_t(y_t) / Σ m_t``, against the loss Keras
  computes for the chapter's tagger.
* ``q4``: entity-level precision, recall and F1 of a small example by hand, against
  ``lstm_course.metrics.entity_scores`` (``seqeval``'s numbers).

Each check computes the truth itself, from the chapter's objects (its ``context``), so it holds
in fast mode and in full mode alike; none trains anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from lstm_course.exercises import (
    AnswerError,
    Question,
    bind_questions,
    expect_number,
    expect_shape,
)
from lstm_course.metrics import entity_scores, get_entities, token_accuracy

__all__ = ["BIO_SENTENCE", "BIO_TAGS", "bind", "q1", "q2", "q3", "q4"]

# --------------------------------------------------------------------------- q1: BIO tags

BIO_SENTENCE = [
    "In", "May", "2019", "Linda", "Giles", "joined", "Baker", "and", "Sons", "in", "Seoul", ".",
]  # fmt: skip
"""The sentence of q1, one token per word."""

BIO_TAGS = [
    "O", "B-DATE", "I-DATE", "B-PER", "I-PER", "O", "B-ORG", "I-ORG", "I-ORG", "O", "B-LOC", "O",
]  # fmt: skip
"""Its tags: a date and a person side by side, a company (with "and" in its name), a place."""

TYPES = ("PER", "LOC", "ORG", "DATE")


def _expect_tags(value: Any, name: str, length: int) -> list[str]:
    """``value`` as a list of ``length`` tag strings, or :class:`AnswerError` naming that."""
    wanted = f"`{name}` should be a list of {length} tags (strings such as 'B-PER' or 'O'), "
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise AnswerError(wanted + f"one per token; it is a {type(value).__name__}.")
    if not all(isinstance(tag, str) for tag in value):
        kinds = sorted({type(tag).__name__ for tag in value if not isinstance(tag, str)})
        raise AnswerError(wanted + f"each one a string in quotes; it holds {', '.join(kinds)}.")
    if len(value) != length:
        raise AnswerError(wanted + f"one per token; it has {len(value)}.")
    allowed = {"O"} | {f"{p}-{t}" for p in "BI" for t in TYPES}
    strange = [tag for tag in value if tag not in allowed]
    if strange:
        raise AnswerError(
            f"{strange[0]!r} is not a tag of this chapter: a tag is 'O', or 'B-' or 'I-' followed "
            f"by one of {', '.join(TYPES)} (capital letters, a hyphen, no spaces)."
        )
    return list(value)


def check_bio_tags(bio_tags: Any) -> None:
    """The learner's tags for :data:`BIO_SENTENCE` against :data:`BIO_TAGS`."""
    tags = _expect_tags(bio_tags, "bio_tags", len(BIO_SENTENCE))
    if tags == BIO_TAGS:
        return
    for index, (mine, right) in enumerate(zip(tags, BIO_TAGS, strict=True)):
        word = BIO_SENTENCE[index]
        if right.startswith("B-") and mine == "I-" + right[2:]:
            raise AnswerError(
                f"'{word}' is the first word of an entity: the first word of every entity is "
                "tagged B- (begin), even when it follows another entity directly; the following "
                "words of the same entity are I- (inside)."
            )
        if right.startswith("I-") and mine == "O":
            raise AnswerError(
                f"'{word}' is tagged O, but it lies inside a longer name: every word from the "
                "first to the last word of an entity belongs to it (a small word such as 'and' "
                "inside a company's name too), so it is I- of the same type."
            )
        if right.startswith("I-") and mine == "B-" + right[2:]:
            raise AnswerError(
                f"'{word}' continues the entity before it: B- there would start a new entity "
                "and cut the name in two. Inside an entity, every word after the first is I-."
            )
        if right[2:] and mine[2:] and mine[2:] != right[2:]:
            raise AnswerError(
                f"'{word}' has the type {mine[2:]}; look again at what kind of name it is part "
                "of: a person (PER), a place (LOC), an organisation (ORG) or a date (DATE)."
            )
        if right == "O" and mine != "O":
            raise AnswerError(
                f"'{word}' belongs to no entity (it is not part of a name or a date), so its tag "
                "is O."
            )
        if right != "O" and mine == "O":
            raise AnswerError(
                f"'{word}' is part of an entity; a word tagged O is outside every entity."
            )
    raise AnswerError(  # pragma: no cover (every difference is caught above)
        f"get_entities reads your tags as {get_entities(tags)}; compare with the sentence."
    )


q1 = Question(
    "q1",
    reads=("bio_tags",),
    check_answer=check_bio_tags,
    hints=(
        "Find the entities first: a date, a person, a company, a place. Then tag word by word.",
        "The first word of each entity gets B-, the others I-, every other word O. An entity "
        "that follows another directly still starts with B-.",
        "A company's name can hold a small word: every word of 'Baker and Sons' is in the entity.",
    ),
    solution_code="""
    bio_tags = ["O", "B-DATE", "I-DATE", "B-PER", "I-PER", "O",
                "B-ORG", "I-ORG", "I-ORG", "O", "B-LOC", "O"]
    """,
)

# --------------------------------------------------------------------------- q2: shapes

Q2_BATCH = 8
"""q2 asks about ``bi_tagger(x_test[:8])``."""


def true_shapes(bi_tagger: Any, x_test: np.ndarray) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The shapes of the bidirectional layer's output and of the tag probabilities for
    ``x_test[:8]``, as the chapter's model computes them."""
    import keras

    batch = np.asarray(x_test)[:Q2_BATCH]
    states = keras.Model(bi_tagger.input, bi_tagger.get_layer("bidirectional").output)
    return tuple(states(batch).shape), tuple(bi_tagger(batch).shape)


def check_shapes(
    predicted_states_shape: Any, predicted_probs_shape: Any, bi_tagger: Any, x_test: Any
) -> None:
    """The learner's two predicted shapes against the model's."""
    meaning = "(sentences, time steps, numbers per step)"
    states = expect_shape(predicted_states_shape, "predicted_states_shape", meaning)
    probs = expect_shape(predicted_probs_shape, "predicted_probs_shape", meaning)
    states_true, probs_true = true_shapes(bi_tagger, x_test)
    batch, time = states_true[:2]
    for name, shape in (("predicted_states_shape", states), ("predicted_probs_shape", probs)):
        if len(shape) == 2:
            raise AnswerError(
                f"`{name}` has two numbers: that is one vector per sentence, what "
                "return_sequences=False gives. The tagger keeps every step: three numbers, "
                "(sentences, time steps, numbers per step)."
            )
        if len(shape) != 3:
            raise AnswerError(
                f"`{name}` should have three numbers, (sentences, time steps, numbers per step); "
                f"it has {len(shape)}."
            )
        if shape[0] != batch:
            raise AnswerError(
                f"the first number of `{name}` counts the sentences in the batch: how many rows "
                "does x_test[:8] have?"
            )
        if shape[1] != time:
            raise AnswerError(
                f"the second number of `{name}` is the number of time steps. x_test is padded to "
                "the length of the longest sentence of the TEST split, and every sentence of a "
                "batch has that many steps (padding included): look at x_test.shape, not at the "
                "training data or at one sentence's own length."
            )
    if states != states_true:
        units = states_true[2] // 2
        if states[2] == units:
            raise AnswerError(
                "the bidirectional layer runs two LSTMs, one reading left to right and one right "
                "to left, and by default (merge_mode='concat') joins their two states side by "
                "side at every step: how many numbers is that per step?"
            )
        if states[2] == probs_true[2]:
            raise AnswerError(
                "the tags come later: the bidirectional layer gives hidden states, whose size "
                "is set by the LSTMs' units (UNITS), not by the number of tags."
            )
        raise AnswerError(
            "the last number of the bidirectional layer's output is the size of one step's "
            "state: UNITS from each of its two LSTMs, joined."
        )
    if probs != probs_true:
        if probs[2] in (states_true[2], states_true[2] // 2):
            raise AnswerError(
                "the Dense layer after the LSTM works on the last axis: it maps each step's "
                "state to one probability per TAG. The last number is the number of tags."
            )
        raise AnswerError(
            "the last number of `predicted_probs_shape` is the number of tags: one probability "
            "per tag at every step (see tag_names)."
        )


q2 = Question(
    "q2",
    reads=("predicted_states_shape", "predicted_probs_shape"),
    check_answer=check_shapes,
    context=("bi_tagger", "x_test"),
    hints=(
        "Three numbers each: (sentences, time steps, numbers per step). The first two are the "
        "same for both, and come from x_test[:8].",
        "Bidirectional(LSTM(UNITS)) joins (concatenates) the two directions' states; the Dense "
        "layer has one output per tag.",
    ),
    solution_code="""
    predicted_states_shape = (8, x_test.shape[1], 2 * UNITS)  # both directions, joined
    predicted_probs_shape = (8, x_test.shape[1], len(tag_names))  # one probability per tag
    """,
)

# --------------------------------------------------------------------------- q3: masked loss

Q3_BATCH = 4
"""q3 is about the first four training sentences."""


def keras_masked_loss(tagger: Any, x: np.ndarray, y: np.ndarray) -> float:
    """The loss Keras computes for ``tagger`` on ``(x, y)``, with the mask of its output."""
    return float(tagger.compute_loss(x=x, y=y, y_pred=tagger(x), training=False))


def check_masked_loss(masked_loss_by_hand: Any, tagger: Any, x_train: Any, y_train: Any) -> None:
    """The learner's masked cross-entropy against the loss Keras computes for the tagger."""
    mine = expect_number(
        masked_loss_by_hand,
        "masked_loss_by_hand",
        meaning="the mean of -log p_t(y_t) over the real tokens of x_train[:4]",
    )
    x, y = np.asarray(x_train)[:Q3_BATCH], np.asarray(y_train)[:Q3_BATCH]
    truth = keras_masked_loss(tagger, x, y)
    if np.isclose(mine, truth, rtol=1e-3, atol=1e-5):
        return
    probs = np.asarray(tagger(x), dtype="float64")
    picked = np.take_along_axis(probs, y[..., None].astype(int), axis=-1)[..., 0]
    nll = -np.log(np.clip(picked, 1e-12, 1.0))
    real = x != 0
    close = lambda value: np.isclose(mine, value, rtol=1e-3, atol=1e-5)  # noqa: E731
    if close(nll.mean()):
        raise AnswerError(
            "that is the mean over EVERY position of the batch, padding included. The mask m_t "
            "is 0 on the padding (id 0): leave those positions out of the sum and of the count."
        )
    if close(nll[real].sum() / nll.size):
        raise AnswerError(
            "the sum is right (real tokens only), but you divided by every position of the "
            "batch. The masked mean divides by Σ m_t, the number of real tokens."
        )
    if close(-truth) or close(-nll.mean()):
        raise AnswerError(
            "a loss is not negative: log p is negative for a probability below 1, and the "
            "cross-entropy is MINUS the log of the true tag's probability."
        )
    if close(nll[real].sum()):
        raise AnswerError(
            "that is the sum over the real tokens; the loss is their mean: divide by how many "
            "real tokens there are."
        )
    raise AnswerError(
        "not the loss Keras computes. For each real token take the predicted probability of "
        "its TRUE tag (y_train gives the tag's index on the last axis of the probabilities), "
        "then average -log of those."
    )


q3 = Question(
    "q3",
    reads=("masked_loss_by_hand",),
    check_answer=check_masked_loss,
    context=("tagger", "x_train", "y_train"),
    hints=(
        "probs = np.asarray(tagger(x_train[:4])) is (sentences, time, tags). You need, at each "
        "position, the probability of the tag that y_train[:4] names there.",
        "np.take_along_axis(probs, y[..., None], axis=-1)[..., 0] picks them; the real tokens "
        "are where x_train[:4] != PAD.",
    ),
    solution_code="""
    probs_4 = np.asarray(tagger(x_train[:4]))  # (4, time, tags)
    true_tag_prob = np.take_along_axis(probs_4, y_train[:4, :, None], axis=-1)[..., 0]
    real = x_train[:4] != PAD  # m_t: 1 for a real token, 0 for padding
    masked_loss_by_hand = float(-np.log(true_tag_prob[real]).mean())
    """,
)

# --------------------------------------------------------------------------- q4: entity F1


def check_entity_f1(
    precision_by_hand: Any,
    recall_by_hand: Any,
    f1_by_hand: Any,
    example_true: Any,
    example_pred: Any,
) -> None:
    """The learner's entity-level scores of the example against ``entity_scores``."""
    p = expect_number(precision_by_hand, "precision_by_hand", meaning="a share between 0 and 1")
    r = expect_number(recall_by_hand, "recall_by_hand", meaning="a share between 0 and 1")
    f = expect_number(f1_by_hand, "f1_by_hand", meaning="a share between 0 and 1")
    for name, value in (("precision_by_hand", p), ("recall_by_hand", r), ("f1_by_hand", f)):
        if not 0 <= value <= 1:
            raise AnswerError(
                f"`{name}` is {value:g}: a share between 0 and 1 (not a percentage, not a count)."
            )
    truth = entity_scores(example_true, example_pred)
    close = lambda a, b: abs(a - b) < 5e-3  # noqa: E731  (two decimals are enough)
    accuracy = token_accuracy(example_true, example_pred)
    if close(p, truth.recall) and close(r, truth.precision) and not close(p, r):
        raise AnswerError(
            "precision and recall are swapped. Precision asks: of the entities the tagger "
            "PREDICTED, how many are right? Recall: of the TRUE entities, how many were found?"
        )
    if not close(p, truth.precision):
        if any(close(p, k / truth.n_pred) for k in range(truth.n_pred + 1)):
            raise AnswerError(
                "precision divides by the number of predicted entities; the count above it is "
                "off. An entity counts as correct only if its type and BOTH ends match a true "
                "entity: half a name is a wrong entity."
            )
        raise AnswerError(
            "precision = correct entities / predicted entities. List the predicted entities "
            "with get_entities(...) for each sentence, then count those that match exactly."
        )
    if not close(r, truth.recall):
        raise AnswerError(
            "recall = correct entities / TRUE entities: the same count of correct entities as "
            "for precision, divided by how many entities the true tags hold."
        )
    if not close(f, truth.f1):
        if close(f, (p + r) / 2):
            raise AnswerError(
                "that is the arithmetic mean (P + R) / 2. F1 is the harmonic mean, 2PR / (P + R): "
                "it stays low unless both are high."
            )
        if close(f, accuracy):
            raise AnswerError(
                "that is the token accuracy, the share of right TAGS. F1 is computed from "
                "precision and recall, which count whole entities."
            )
        raise AnswerError("F1 = 2 P R / (P + R), from your precision and recall.")


q4 = Question(
    "q4",
    reads=("precision_by_hand", "recall_by_hand", "f1_by_hand"),
    check_answer=check_entity_f1,
    context=("example_true", "example_pred"),
    hints=(
        "Write down the entities of each sentence as (type, first, last), true and predicted: "
        "get_entities(example_true[0]) does it for the first sentence.",
        "A predicted entity is correct only if the same (type, first, last) is in the true "
        "list. Count them; then P = correct / predicted, R = correct / true.",
    ),
    solution_code="""
    true_entities = [(i, e) for i, tags in enumerate(example_true) for e in get_entities(tags)]
    pred_entities = [(i, e) for i, tags in enumerate(example_pred) for e in get_entities(tags)]
    correct = len(set(true_entities) & set(pred_entities))
    precision_by_hand = correct / len(pred_entities)
    recall_by_hand = correct / len(true_entities)
    f1_by_hand = 2 * precision_by_hand * recall_by_hand / (precision_by_hand + recall_by_hand)
    """,
)

bind = bind_questions("05", q1, q2, q3, q4)
