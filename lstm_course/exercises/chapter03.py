"""Checked exercises of chapter 03 (one-to-many: image captioning).

In the chapter::

    from lstm_course.exercises import chapter03 as ex
    ex.bind(globals())

* ``q1`` teacher forcing's shifted targets: the decoder target of one caption, built from its
  decoder input alone (``target_by_hand``), against the chapter's ``train_out``;
* ``q2`` predict, then run: the shapes the step model gives for a batch of images
  (``predicted_probs_shape``, ``predicted_h_shape``), against the step model itself;
* ``q3`` one greedy step by hand: the first word written for one test image
  (``first_word_id``), the argmax of the step model's probabilities, against the course's
  ``greedy_decode``;
* ``q4`` BLEU of one caption by hand: the n-gram precisions, the brevity penalty and BLEU-4
  (``precisions_by_hand``, ``brevity_penalty_by_hand``, ``bleu_by_hand``), against
  ``lstm_course.metrics.bleu``;
* ``q5`` a question to think about: why next-word accuracy flatters a captioner.

Every check computes the truth from what the chapter's cells made (its data, its encoder and
step model), so it holds in fast mode and full mode alike; none trains anything.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lstm_course.exercises import (
    AnswerError,
    Question,
    ThoughtQuestion,
    bind_questions,
    expect_array,
    expect_number,
    expect_shape,
)

__all__ = ["bind", "q1", "q2", "q3", "q4", "q5"]

#: The chapter's special token ids (``SPECIALS = ["<pad>", "<unk>", "<start>", "<end>"]``).
PAD, UNK, START, END = range(4)
#: q1 builds the target of this training caption.
TARGET_ROW = 1
#: q2 runs the step model on this many test images at once.
SHAPE_BATCH = 5
#: q3 captions this test image (``scenes.test.images[GREEDY_IMAGE : GREEDY_IMAGE + 1]``).
GREEDY_IMAGE = 5


# ------------------------------------------------------------------------- q1: shifted targets


def check_target(target_by_hand: Any, train_in: np.ndarray, train_out: np.ndarray) -> None:
    """``target_by_hand`` is the decoder target of training caption ``TARGET_ROW``: the decoder
    input shifted one step to the left, ``<end>`` where the caption stops, padding after it."""
    decoder_input = np.asarray(train_in)[TARGET_ROW]
    truth = np.asarray(train_out)[TARGET_ROW]
    steps = truth.shape[0]
    mine = expect_array(
        target_by_hand, "target_by_hand", shape=(steps,), meaning="(MAX_LEN + 1 steps,)"
    )
    if np.array_equal(mine, truth):
        return
    if np.array_equal(mine, decoder_input):
        raise AnswerError(
            "that is the decoder input itself. The target at step t is the word the decoder "
            "must write after reading input t: the input moved one step to the left."
        )
    if np.array_equal(mine[1:], decoder_input[:-1]):
        raise AnswerError(
            "you moved the input to the right. At step t the decoder has read word t-1 and "
            "must predict word t: the target runs one step AHEAD of the input (to the left)."
        )
    if START in mine:
        raise AnswerError(
            "`<start>` (id START) is in your target. It is only ever fed to the decoder, "
            "never predicted: drop it from the front."
        )
    if END not in mine:
        raise AnswerError(
            "your target has no `<end>` (id END). Where the caption stops, the decoder must "
            "learn to say so: the target's last real step is END."
        )
    end_at = int(np.argmax(mine == END))
    if np.any(mine[end_at + 1 :] != PAD):
        raise AnswerError(
            "after `<end>` the target must be padding (id PAD = 0): those steps are masked "
            "out of the loss."
        )
    raise AnswerError(
        "compare your array with the decoder input step by step: target[t] should be "
        "input[t + 1] for every word of the caption, then END, then PAD."
    )


q1 = Question(
    "q1",
    reads=("target_by_hand",),
    context=("train_in", "train_out"),
    check_answer=check_target,
    hints=(
        "Print `[vocab[i] for i in train_in[1]]`: the caption's words, after <start>, then "
        "padding.",
        "Drop <start> (the first id), keep the caption's word ids, then put END where "
        "the caption stops; the rest stays PAD.",
        "`words = decoder_input[decoder_input != PAD][1:]`, then fill a zero array of the "
        "same length: the words from step 0, then END.",
    ),
    solution_code="""
        decoder_input = train_in[1]
        caption_ids = decoder_input[decoder_input != PAD][1:]  # the words, <start> dropped
        target_by_hand = np.zeros_like(decoder_input)  # PAD everywhere to begin with
        target_by_hand[: len(caption_ids)] = caption_ids  # word t+1 of the input at step t
        target_by_hand[len(caption_ids)] = END  # then the decoder must say it is done
    """,
)


# ------------------------------------------------------------ q2: predict the step's shapes


def step_shapes(encoder: Any, step_model: Any, scenes: Any) -> tuple[tuple, tuple]:
    """The shapes of the probabilities and of h that ``step_model`` gives for ``SHAPE_BATCH``
    test images fed ``<start>``: run, not assumed."""
    h, c, feats, regions = (np.asarray(a) for a in encoder(scenes.test.images[:SHAPE_BATCH]))
    last = np.full((SHAPE_BATCH, 1), START, dtype="int32")
    probs, h_new, _ = step_model([last, h, c, feats, regions])
    return tuple(np.asarray(probs).shape), tuple(np.asarray(h_new).shape)


def check_step_shapes(
    predicted_probs_shape: Any,
    predicted_h_shape: Any,
    encoder: Any,
    step_model: Any,
    scenes: Any,
    vocab: Any,
) -> None:
    """The learner's predicted shapes against those the step model gives."""
    probs_truth, h_truth = step_shapes(encoder, step_model, scenes)
    probs = expect_shape(predicted_probs_shape, "predicted_probs_shape")
    h = expect_shape(predicted_h_shape, "predicted_h_shape")
    batch, units = h_truth
    if probs != probs_truth:
        if len(probs) == 3 and probs[1] == 1:
            raise AnswerError(
                "`predicted_probs_shape`: the decoder does run one step, but the step model "
                "hands back `p[:, 0]`, the one step taken out: no time axis is left."
            )
        if len(probs) == 1:
            raise AnswerError(
                "`predicted_probs_shape`: the batch axis stays, one row of probabilities for "
                "each image fed in."
            )
        if len(probs) == 2 and probs[0] != batch:
            raise AnswerError(
                f"`predicted_probs_shape`: the first axis is the batch, and the cell feeds "
                f"{SHAPE_BATCH} images at once."
            )
        if len(probs) == 2 and probs[1] == units:
            raise AnswerError(
                "`predicted_probs_shape`: UNITS is the size of the decoder's state. The "
                "probabilities come from the `next_word` softmax: one per word the decoder "
                "could write."
            )
        if len(probs) == 2 and probs[1] == len(vocab) - 4:
            raise AnswerError(
                "`predicted_probs_shape`: the four special tokens (<pad>, <unk>, <start>, "
                "<end>) are part of the vocabulary too; the softmax gives each a probability."
            )
        raise AnswerError(
            "`predicted_probs_shape`: one probability for every word the decoder could write, "
            "for every image of the batch. What sets each of those two numbers?"
        )
    if h != h_truth:
        if len(h) == 3:
            raise AnswerError(
                "`predicted_h_shape`: with `return_state=True` the state comes back as it "
                "is after the last step, one vector per image: no time axis."
            )
        if len(h) == 1:
            raise AnswerError(
                "`predicted_h_shape`: the batch axis stays, one state for each image."
            )
        if len(h) == 2 and h[1] in (2 * units, 4 * units):
            raise AnswerError(
                "`predicted_h_shape`: the four gates are inside the cell; what comes out, h, "
                "has UNITS numbers per image."
            )
        raise AnswerError(
            "`predicted_h_shape`: h is the decoder LSTM's hidden state after one step, for "
            "every image of the batch. Which two numbers set its size?"
        )


q2 = Question(
    "q2",
    reads=("predicted_probs_shape", "predicted_h_shape"),
    context=("encoder", "step_model", "scenes", "vocab"),
    check_answer=check_step_shapes,
    hints=(
        "The step model runs ONE decoder step for every image of the batch.",
        "The probabilities come from a softmax over the vocabulary (`len(vocab)` tokens); h "
        "is the LSTM's hidden state (`UNITS` numbers).",
    ),
    solution_code="""
        predicted_probs_shape = (5, len(vocab))  # (batch, vocabulary): one step, no time axis
        predicted_h_shape = (5, UNITS)  # (batch, UNITS): the state after that step
    """,
)


# ---------------------------------------------------------------- q3: one greedy step by hand


def first_greedy_word(encoder: Any, step_model: Any, scenes: Any) -> int:
    """The first word ``greedy_decode`` writes for test image ``GREEDY_IMAGE`` (END when it
    would stop at once), with ``<pad>`` and ``<start>`` ruled out as the chapter does."""
    from lstm_course.decoding import greedy_decode

    image = scenes.test.images[GREEDY_IMAGE : GREEDY_IMAGE + 1]
    state = tuple(np.asarray(a) for a in encoder(image))

    def step_fn(last_words: np.ndarray, state: tuple) -> tuple[np.ndarray, tuple]:
        h, c, feats, regions = state
        probs, h, c = step_model([last_words[:, None].astype("int32"), h, c, feats, regions])
        log_probs = np.log(np.asarray(probs, dtype="float64") + 1e-9)
        log_probs[:, [PAD, START]] = -np.inf
        return log_probs, (np.asarray(h), np.asarray(c), feats, regions)

    written = greedy_decode(step_fn, state, START, END, 1)[0]
    return written[0] if written else END


def check_first_word(first_word_id: Any, encoder: Any, step_model: Any, scenes: Any) -> None:
    """``first_word_id`` is the argmax of the step model's probabilities after ``<start>``,
    ``<pad>`` and ``<start>`` ruled out: the first word greedy decoding writes."""
    if isinstance(first_word_id, str):
        raise AnswerError(
            "`first_word_id` should be the word's id, a whole number (an index into "
            "`vocab`), not the word itself: `vocab.index(word)` turns one into the other."
        )
    mine = expect_number(first_word_id, "first_word_id", meaning="the id of a word in vocab")
    if mine != int(mine):
        raise AnswerError(
            "`first_word_id` should be a whole number, an index into `vocab`; "
            f"it is {mine!r}. The argmax gives one."
        )
    truth = first_greedy_word(encoder, step_model, scenes)
    if int(mine) == truth:
        return
    if int(mine) in (PAD, START):
        raise AnswerError(
            "that is <pad> or <start>, which the decoder must never write here: set their "
            "probabilities to 0 before you take the argmax, as the chapter's loop does."
        )
    image = scenes.test.images[GREEDY_IMAGE : GREEDY_IMAGE + 1]
    h, c, feats, regions = (np.asarray(a) for a in encoder(image))
    last = np.array([[START]], dtype="int32")
    probs = np.asarray(step_model([last, h, c, feats, regions])[0])[0]
    allowed = probs.astype("float64")
    allowed[[PAD, START]] = np.inf
    if int(mine) == int(np.argmin(allowed)):
        raise AnswerError(
            "that is the LEAST probable word. Greedy decoding takes the most probable one: "
            "argmax, not argmin."
        )
    raise AnswerError(
        f"that is not the most probable first word for test image {GREEDY_IMAGE}. Did you "
        f"encode `scenes.test.images[{GREEDY_IMAGE}:{GREEDY_IMAGE + 1}]` (its h_0, C_0, features "
        "and regions), feed <start> as a (1, 1) array, and take the argmax of the "
        "probabilities (not of h)?"
    )


q3 = Question(
    "q3",
    reads=("first_word_id",),
    context=("encoder", "step_model", "scenes"),
    check_answer=check_first_word,
    hints=(
        "Two calls: `encoder(...)` on the one image (a batch of 1), then `step_model([...])` "
        "with the last word <start> as a (1, 1) array, h, C, the features and the regions.",
        "The step model gives (probabilities, h, C); the probabilities have shape "
        "(1, vocabulary). Set those of PAD and START to 0, then take the argmax.",
    ),
    solution_code="""
        greedy_image = scenes.test.images[5:6]  # a batch of one image
        image_state = [np.asarray(a) for a in encoder(greedy_image)]  # h_0, C_0, feats, regions
        step_outputs = step_model([np.array([[START]], dtype="int32"), *image_state])
        first_probs = np.array(step_outputs[0])[0]  # (vocabulary,)
        first_probs[[PAD, START]] = 0  # never write padding or a second <start>
        first_word_id = int(first_probs.argmax())  # greedy: the most probable word
        print(f"first word: {vocab[first_word_id]!r} (id {first_word_id})")
    """,
)


# ------------------------------------------------------------------------ q4: BLEU by hand


def check_bleu_by_hand(
    precisions_by_hand: Any,
    brevity_penalty_by_hand: Any,
    bleu_by_hand: Any,
    bleu_hypothesis: str,
    bleu_reference: str,
) -> None:
    """The learner's p_1..p_4, BP and BLEU-4 of one caption against ``lstm_course.metrics.bleu``
    of the same caption and reference."""
    from lstm_course.metrics import bleu

    truth = bleu([bleu_hypothesis], [[bleu_reference]])
    p = expect_array(
        precisions_by_hand, "precisions_by_hand", shape=(4,), meaning="(p_1, p_2, p_3, p_4)"
    )
    bp = expect_number(
        brevity_penalty_by_hand, "brevity_penalty_by_hand", meaning="BP, between 0 and 1"
    )
    score = expect_number(bleu_by_hand, "bleu_by_hand", meaning="BLEU-4 on a 0-1 scale")
    want_p = np.asarray(truth.precisions)
    if not np.allclose(p, want_p, atol=1e-3):
        if np.allclose(p[::-1], want_p, atol=1e-3):
            raise AnswerError(
                "`precisions_by_hand` runs the wrong way round: p_1 (single words) first, "
                "p_4 (runs of four words) last."
            )
        if np.any(p > 1):
            raise AnswerError(
                "a precision is a share, between 0 and 1: the matched n-grams divided by the "
                "number of n-grams in the HYPOTHESIS, not a count."
            )
        hyp, ref = bleu_hypothesis.split(), bleu_reference.split()
        by_reference = np.array([len(hyp) - n + 1 for n in range(1, 5)]) / np.array(
            [len(ref) - n + 1 for n in range(1, 5)]
        )
        if np.allclose(p, want_p * by_reference, atol=1e-3):
            raise AnswerError(
                "you divided by the reference's n-grams. BLEU's p_n is a precision: of the "
                "n-grams the model WROTE, the share found in the reference."
            )
        raise AnswerError(
            "at least one p_n is off. For each n, list the hypothesis' n-grams (c words give "
            "c - n + 1 of them) and count those that also occur in the reference."
        )
    if not np.isclose(bp, truth.brevity_penalty, atol=1e-3):
        if np.isclose(bp, 1.0):
            raise AnswerError(
                "BP is 1 only when the hypothesis is at least as long as the reference. "
                "Count the words of each: this one is shorter."
            )
        if bp > 1:
            raise AnswerError(
                "BP never exceeds 1: it is exp(1 - r / c), with r the reference's length and "
                "c the hypothesis' (here r > c, so the exponent is negative)."
            )
        raise AnswerError(
            "BP = exp(1 - r / c), with r the words in the reference and c the words in the "
            "hypothesis."
        )
    if np.isclose(score, 100 * truth.score, atol=0.1):
        raise AnswerError(
            "that is on sacrebleu's 0-100 scale; the course's `bleu` (and this check) uses 0-1."
        )
    if not np.isclose(score, truth.score, atol=1e-3):
        geometric = float(np.prod(want_p) ** 0.25)
        if np.isclose(score, geometric, atol=1e-3):
            raise AnswerError(
                "you left out the brevity penalty: without it, a caption that drops words "
                "would lose nothing for being short."
            )
        if np.isclose(score, truth.brevity_penalty * float(np.mean(want_p)), atol=1e-3):
            raise AnswerError(
                "BLEU combines the four precisions by their GEOMETRIC mean, "
                "exp((log p_1 + ... + log p_4) / 4), not the arithmetic one: one poor p_n "
                "pulls the score down a lot."
            )
        if np.isclose(score, truth.brevity_penalty * float(np.prod(want_p)), atol=1e-3):
            raise AnswerError(
                "you multiplied the four precisions; BLEU takes their geometric mean, the "
                "fourth root of that product."
            )
        raise AnswerError(
            "BLEU-4 = BP * exp((log p_1 + log p_2 + log p_3 + log p_4) / 4): "
            "use your precisions and BP, which are right."
        )


q4 = Question(
    "q4",
    reads=("precisions_by_hand", "brevity_penalty_by_hand", "bleu_by_hand"),
    context=("bleu_hypothesis", "bleu_reference"),
    check_answer=check_bleu_by_hand,
    hints=(
        "Write the 9 hypothesis words in a row. Its 2-grams are the 8 pairs of neighbours, "
        "its 3-grams the 7 triples, its 4-grams the 6 runs of four.",
        "p_n = (hypothesis n-grams that also occur in the reference) / (hypothesis n-grams). "
        "Only the n-grams that cross the missing word 'red' can fail.",
        "BP = exp(1 - r / c) when c < r (c: hypothesis words, r: reference words); "
        "BLEU-4 = BP * (p_1 p_2 p_3 p_4) ** (1 / 4).",
    ),
    solution_code="""
        hypothesis_words, reference_words = bleu_hypothesis.split(), bleu_reference.split()
        # c = 9 hypothesis words, r = 10 reference words; only n-grams across "red" fail
        # 1-grams: all 9 occur in the reference ("a" twice, as in the reference)
        # 2-grams: 8, all but "large circle"
        # 3-grams: 7, all but "a large circle"
        # 4-grams: 6, all but "of a large circle"
        precisions_by_hand = [9 / 9, 7 / 8, 6 / 7, 5 / 6]
        brevity_penalty_by_hand = np.exp(1 - len(reference_words) / len(hypothesis_words))
        bleu_by_hand = brevity_penalty_by_hand * np.exp(np.mean(np.log(precisions_by_hand)))
        print(f"BLEU-4 by hand: {bleu_by_hand:.4f}")
    """,
)


# ------------------------------------------------------------------- q5: a thought question

q5 = ThoughtQuestion(
    "q5",
    model_answer="""
        With teacher forcing, every step is fed the TRUE previous word, so each prediction is
        scored on its own: a caption with one wrong word out of twelve still counts eleven
        right steps. A caption written at inference is right only if all its words are, and
        each of its steps is fed the decoder's OWN previous word: after one mistake, the
        decoder reads a prefix it never saw in training (exposure bias), and later words can
        go wrong too. So next-word accuracy is a score per word under easier conditions;
        exact match is a score per caption under the real ones. Section 6's table measures
        both on the same images: compare its first and last columns.
    """,
)

bind = bind_questions("03", q1, q2, q3, q4, q5)
