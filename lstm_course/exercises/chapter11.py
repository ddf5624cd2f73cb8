"""Chapter 11's checked exercises: a character language model, temperature, one readable unit.

* ``q1`` the unigram entropy of a short string by hand, ``H = -sum_i q_i log2 q_i``, against
  :func:`lstm_course.language_model.unigram_entropy`;
* ``q2`` bits per character by hand on five of the model's own predictions,
  ``-(1/N) sum_t log2 p(x_{t+1} | x_1 .. x_t)``, against
  :func:`lstm_course.language_model.bits_per_character`;
* ``q3`` the chapter's LSTM parameter count, ``4 (features · units + units² + units)``,
  against ``count_params()``;
* ``q4`` predict, then run: what ``T -> 0`` and ``T -> ∞`` do to the softmax
  ``p_i(T) = exp(z_i / T) / sum_j exp(z_j / T)`` of the model's own logits;
* ``q5`` that softmax at ``T = 0.5`` by hand, against
  :func:`lstm_course.language_model.softmax_with_temperature`;
* ``q6`` the balanced accuracy ``(TPR + TNR) / 2`` of the speaker-name unit's threshold rule on
  the test stretch by hand, against :func:`lstm_course.language_model.balanced_accuracy`.

Each check computes the truth from what the chapter's cells made (``context``), so it holds in
fast mode and full mode alike, and trains nothing.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import numpy as np

from lstm_course.exercises import (
    AnswerError,
    Question,
    bind_questions,
    close,
    expect_array,
    expect_number,
)
from lstm_course.language_model import (
    balanced_accuracy,
    bits_per_character,
    predict_with_unit,
    softmax_with_temperature,
    unigram_entropy,
)

#: q1: the string whose unigram entropy the learner computes.
SHORT_TEXT = "to be or not to be"
#: q2: how many scored characters of section 6's first window the learner scores.
N_SCORED = 5
#: q4: the temperatures the run cell uses for "T -> 0" and "T -> ∞".
COLD_T = 0.001
HOT_T = 1000.0
#: q4: the three answers a prediction may be.
TEMPERATURE_OPTIONS = ("greedy", "uniform", "unchanged")
#: q5: the temperature of the softmax by hand.
T_HALF = 0.5


def _entropy_bits(counts: Any) -> float:
    q = np.asarray(list(counts), dtype=float)
    q = q / q.sum()
    return float(-(q * np.log2(q)).sum())


# ------------------------------------------------------------------- q1: unigram entropy


def check_entropy(entropy_by_hand: Any) -> None:
    """``entropy_by_hand``: the unigram entropy of :data:`SHORT_TEXT`, in bits per character."""
    value = expect_number(
        entropy_by_hand,
        "entropy_by_hand",
        meaning=f"the unigram entropy of {SHORT_TEXT!r} in bits per character",
    )
    truth = unigram_entropy(np.array(list(SHORT_TEXT)))
    if math.isclose(value, truth, rel_tol=1e-3):
        return
    counts = Counter(SHORT_TEXT)
    if value < 0:
        raise AnswerError(
            "an entropy is never negative: every log2 q_i of a share q_i <= 1 is <= 0, so "
            "H = -sum q_i log2 q_i needs the minus sign in front."
        )
    if math.isclose(value, truth * math.log(2), rel_tol=1e-3):
        raise AnswerError(
            "that is the entropy in nats (natural log). Bits use log base 2: np.log2, or divide "
            "the natural log by ln 2."
        )
    if math.isclose(value, math.log2(len(counts)), rel_tol=1e-3):
        raise AnswerError(
            "that is log2 of the number of distinct characters: the entropy if all of them were "
            "equally common. They are not (count the spaces and the o's); weigh each character "
            "by its share q_i."
        )
    if math.isclose(value, math.log2(len(SHORT_TEXT)), rel_tol=1e-3):
        raise AnswerError(
            "that is log2 of the string's length. The entropy depends on how often each distinct "
            "character occurs: q_i = count_i / length, then -sum q_i log2 q_i."
        )
    without_spaces = Counter(SHORT_TEXT.replace(" ", ""))
    if math.isclose(value, _entropy_bits(without_spaces.values()), rel_tol=1e-3):
        raise AnswerError(
            "close, but the space is a character too: the model predicts it like any letter, "
            "and it is the most common character of this string."
        )
    if value > math.log2(len(counts)) + 1e-9:
        raise AnswerError(
            f"too large: {len(counts)} distinct characters can never need more than log2 of "
            "that many bits (the uniform case). Did you use the counts instead of the shares "
            "q_i = count_i / length?"
        )
    raise AnswerError(
        "not the unigram entropy. Count each distinct character (collections.Counter), turn the "
        "counts into shares q_i that sum to 1, then compute -sum q_i log2 q_i."
    )


# ------------------------------------------------------------ q2: bits per character by hand


def scored(logits_ctx: Any, y_ctx: Any, seq_len: int) -> tuple[np.ndarray, np.ndarray]:
    """The logits and the targets of the first :data:`N_SCORED` scored characters of section
    6's first window: positions ``SEQ_LEN .. SEQ_LEN + N_SCORED - 1``."""
    part = slice(seq_len, seq_len + N_SCORED)
    return np.asarray(logits_ctx, dtype=float)[0, part], np.asarray(y_ctx)[0, part]


def check_bpc(bpc_by_hand: Any, logits_ctx: Any, x_ctx: Any, y_ctx: Any, SEQ_LEN: int) -> None:
    """``bpc_by_hand``: the bits per character of the model on the five characters."""
    value = expect_number(
        bpc_by_hand,
        "bpc_by_hand",
        meaning="the mean surprise of the five predictions, in bits per character",
    )
    z, targets = scored(logits_ctx, y_ctx, SEQ_LEN)
    truth = bits_per_character(z, targets)
    if math.isclose(value, truth, rel_tol=1e-3, abs_tol=1e-6):
        return
    if not math.isfinite(value):
        raise AnswerError(
            "your number is not finite: a log of 0 or of a negative number. The logits are "
            "scores, not probabilities; turn them into probabilities with the softmax first."
        )
    p = softmax_with_temperature(z, 1.0)
    picked = p[np.arange(N_SCORED), targets]
    if math.isclose(value, -truth, rel_tol=1e-3):
        raise AnswerError(
            "the sign: log2 p is negative for p < 1, and a surprise is -log2 p, a positive "
            "number of bits."
        )
    if math.isclose(value, truth * math.log(2), rel_tol=1e-3):
        raise AnswerError(
            "that is the surprise in nats (natural log), the unit of Keras's loss. Bits use "
            "log base 2: np.log2, or divide by ln 2."
        )
    if math.isclose(value, truth * N_SCORED, rel_tol=1e-3):
        raise AnswerError(
            "that is the total surprise of the five characters: bits *per character* is the "
            "mean, so divide by how many characters you scored."
        )
    read = np.asarray(x_ctx)[0, SEQ_LEN : SEQ_LEN + N_SCORED]
    if math.isclose(value, float(-np.log2(p[np.arange(N_SCORED), read]).mean()), rel_tol=1e-3):
        raise AnswerError(
            "you scored the character each step has just read (x_ctx), not the one that comes "
            "next. The prediction at step t is for x_{t+1}: its target is in y_ctx, the input "
            "moved one step to the left."
        )
    if math.isclose(value, float(-np.log2(p.max(axis=-1)).mean()), rel_tol=1e-3):
        raise AnswerError(
            "you took the probability of the model's favourite character at each step. The "
            "surprise is about the character that actually came: pick p at the target's id."
        )
    if math.isclose(value, float(-np.log2(picked.mean())), rel_tol=1e-3):
        raise AnswerError(
            "you averaged the probabilities, then took the log. Take -log2 of each picked "
            "probability first, then the mean of those surprises."
        )
    raise AnswerError(
        "not the model's bits per character on these five characters. At each of the five "
        "steps: softmax of the logits, the probability of the target character (from y_ctx), "
        "its -log2; then the mean of the five."
    )


# ------------------------------------------------------------------ q3: parameter count


def lstm_count_variants(features: int, units: int, vocab: int) -> dict[str, int]:
    """The right count and the counts of a few likely slips, for an LSTM reading ``features``
    numbers per step (the wrong inputs size: ``vocab``)."""
    return {
        "right": 4 * (features * units + units * units + units),
        "vocab inputs": 4 * (vocab * units + units * units + units),
        "one part": features * units + units * units + units,
        "no bias": 4 * (features * units + units * units),
        "two biases": 4 * (features * units + units * units + 2 * units),
        "no recurrence": 4 * (features * units + units),
    }


def check_lstm_params(lstm_param_count: Any, char_model: Any) -> None:
    """``lstm_param_count``: the trainable numbers of the chapter's LSTM layer."""
    value = expect_number(
        lstm_param_count, "lstm_param_count", meaning="how many weights the LSTM layer has"
    )
    lstm = char_model.get_layer("lstm")
    kernel = lstm.get_weights()[0]
    features, units = int(kernel.shape[0]), int(lstm.units)
    vocab = int(char_model.get_layer("logits").units)
    truth = int(lstm.count_params())
    if value == truth:
        return
    slips = lstm_count_variants(features, units, vocab)
    messages = {
        "vocab inputs": "the LSTM does not read the character ids: it reads the Embedding's "
        "vectors. Its number of input features is the embedding's length.",
        "one part": "that is one part's weights. An LSTM has four parts side by side (input "
        "gate, forget gate, candidate, output gate), each with its own W_x, W_h and b.",
        "no bias": "each of the four parts also has a bias vector b, one number per unit.",
        "two biases": "Keras gives each part one bias vector, not two (some other libraries "
        "keep a second bias for the recurrent term).",
        "no recurrence": "the recurrent weights are missing: each part also multiplies h_{t-1} "
        "(units numbers) by its own W_h, of shape (units, units).",
    }
    for slip, message in messages.items():
        if value == slips[slip]:
            raise AnswerError(message)
    if value == char_model.count_params():
        raise AnswerError(
            "that is the whole model (Embedding, LSTM and Dense together); the question asks "
            "for the LSTM layer alone."
        )
    raise AnswerError(
        "not the LSTM's count. Four parts, each with W_x (features × units), W_h (units × "
        "units) and b (units); the features are what the LSTM reads at each step."
    )


# ------------------------------------------------------------ q4: predict, then run


def temperature_limit(z: Any, temperature: float) -> str:
    """What the softmax of ``z`` at ``temperature`` looks like: ``"greedy"`` (nearly all the
    probability on the largest logit), ``"uniform"`` (every probability near 1 / vocab), or
    ``"unchanged"`` (neither)."""
    p = softmax_with_temperature(z, temperature)
    if p.max() > 0.99:
        return "greedy"
    if np.abs(p - 1 / p.size).max() < 0.1 / p.size:
        return "uniform"
    return "unchanged"


def _choice(value: Any, name: str) -> str:
    options = ", ".join(f'"{o}"' for o in TEMPERATURE_OPTIONS)
    if not isinstance(value, str) or value.strip().lower() not in TEMPERATURE_OPTIONS:
        raise AnswerError(f"`{name}` should be one of the strings {options}; it is {value!r}.")
    return value.strip().lower()


def check_temperature_limits(prediction_cold: Any, prediction_hot: Any, z: Any) -> None:
    """The predictions of what T -> 0 and T -> ∞ do to the softmax of ``z``."""
    cold = _choice(prediction_cold, "prediction_cold")
    hot = _choice(prediction_hot, "prediction_hot")
    truth_cold, truth_hot = temperature_limit(z, COLD_T), temperature_limit(z, HOT_T)
    if (cold, hot) == (truth_cold, truth_hot):
        return
    if (cold, hot) == (truth_hot, truth_cold):
        raise AnswerError(
            "the right two answers, the wrong way round. T divides the logits: a small T makes "
            "the gaps z_i / T - z_j / T larger, a large T shrinks them towards 0."
        )
    if cold == "unchanged" or hot == "unchanged":
        raise AnswerError(
            "the order of the characters never changes, but the distribution does: dividing "
            "every logit by T scales the gaps between them, and the softmax turns a gap of d "
            "into a ratio of probabilities exp(d)."
        )
    if cold != truth_cold:
        raise AnswerError(
            "think of two logits 2 and 1 at T = 0.01: they become 200 and 100, and exp(100) "
            "is vastly smaller than exp(200). What happens to every character but the first?"
        )
    raise AnswerError(
        "think of two logits 2 and 1 at T = 100: they become 0.02 and 0.01, almost the same. "
        "What does the softmax do with logits that are all about equal?"
    )


# ------------------------------------------------------ q5: the softmax at T = 0.5 by hand


def check_softmax_half(p_half: Any, z: Any) -> None:
    """``p_half``: the softmax of the logits ``z`` at ``T = 0.5``, one probability per id."""
    z = np.asarray(z, dtype=float)
    answer = expect_array(
        p_half,
        "p_half",
        shape=(z.shape[-1],),
        meaning="(vocab,): one probability per character id",
    )
    truth = softmax_with_temperature(z, T_HALF)
    if close(answer, truth, tolerance=1e-5):
        return
    if not np.all(np.isfinite(answer)):
        raise AnswerError(
            "some values are not finite. exp overflows for large arguments: subtract the "
            "largest z_i / T from all of them first (it cancels in the ratio)."
        )
    if close(answer, softmax_with_temperature(z, 1.0), tolerance=1e-5):
        raise AnswerError(
            "that is the model's own distribution, T = 1: divide the logits by T before the "
            "softmax."
        )
    if close(answer, softmax_with_temperature(z, 1 / T_HALF), tolerance=1e-5):
        raise AnswerError(
            "that is a flatter distribution, not a sharper one: you multiplied the logits by T. "
            "The temperature divides them, z_i / T."
        )
    total = float(answer.sum())
    if not math.isclose(total, 1.0, rel_tol=1e-3):
        raise AnswerError(
            f"your probabilities sum to {total:.4g}, not 1. After exp(z_i / T), divide by the "
            "sum over every character j of exp(z_j / T); and divide the logits by T, not the "
            "probabilities."
        )
    raise AnswerError(
        "not the softmax at T = 0.5. Compute exp(z_i / T) for every character i, then divide "
        "each by their sum; compare yours with the figure's bars at T = 0.5."
    )


# --------------------------------------------------- q6: balanced accuracy of a rule by hand


def check_balanced(
    balanced_by_hand: Any, cells_test: Any, name_unit: dict, in_name_test: Any
) -> None:
    """``balanced_by_hand``: the speaker-name unit's rule, judged on the test stretch."""
    value = expect_number(
        balanced_by_hand,
        "balanced_by_hand",
        meaning="(TPR + TNR) / 2 of the unit's rule on the test characters, between 0 and 1",
    )
    truth_labels = np.asarray(in_name_test, dtype=bool)
    said = predict_with_unit(cells_test, name_unit)
    truth = balanced_accuracy(said, truth_labels)
    if math.isclose(value, truth, rel_tol=1e-4, abs_tol=1e-6):
        return
    if 1 < value <= 100 and math.isclose(value / 100, truth, rel_tol=1e-3):
        raise AnswerError("write it as a fraction between 0 and 1, not as a percentage.")
    if math.isclose(value, float(name_unit["balanced_accuracy"]), rel_tol=1e-6):
        raise AnswerError(
            "that is the score on the validation stretch, where the unit and its threshold were "
            "chosen (best_single_unit reports it). Judge the rule on the test characters: "
            "cells_test and in_name_test."
        )
    column = np.asarray(cells_test, dtype=float)[:, name_unit["unit"]]
    flipped = column >= name_unit["threshold"]
    if name_unit["sign"] < 0 and math.isclose(
        value, balanced_accuracy(flipped, truth_labels), rel_tol=1e-4
    ):
        raise AnswerError(
            "the rule's direction: for this unit the sign is -1, so 'inside a name' is "
            "C < threshold, not C >= threshold (your rule is the opposite one)."
        )
    tpr = float(said[truth_labels].mean())
    tnr = float((~said[~truth_labels]).mean())
    accuracy = float((said == truth_labels).mean())
    if math.isclose(value, accuracy, rel_tol=1e-4):
        raise AnswerError(
            "that is the plain accuracy, the share of all characters the rule gets right. The "
            "balanced accuracy weighs the two classes equally: the mean of the accuracy on the "
            "inside characters and on the outside ones."
        )
    if math.isclose(value, tpr, rel_tol=1e-4) or math.isclose(value, tnr, rel_tol=1e-4):
        raise AnswerError(
            "that is the accuracy on one class only. Compute it on the inside characters (TPR) "
            "and on the outside ones (TNR), then take the mean of the two."
        )
    raise AnswerError(
        "not the rule's balanced accuracy on the test stretch. Apply the rule (unit, threshold, "
        "sign) to cells_test; TPR = share of the inside characters it calls inside, TNR = share "
        "of the outside characters it calls outside; then (TPR + TNR) / 2."
    )


# ------------------------------------------------------------------------------- questions

q1 = Question(
    "q1",
    reads=("entropy_by_hand",),
    check_answer=check_entropy,
    hints=(
        f"Count each character of {SHORT_TEXT!r}, the spaces too: collections.Counter does it.",
        "q_i = count_i / 18, then H = -sum q_i log2 q_i (np.log2).",
    ),
    solution_code=f"""
from collections import Counter

char_counts = Counter({SHORT_TEXT!r})  # 7 distinct characters, 18 in all
shares = np.array(list(char_counts.values())) / len({SHORT_TEXT!r})
entropy_by_hand = float(-(shares * np.log2(shares)).sum())
""",
)

q2 = Question(
    "q2",
    reads=("bpc_by_hand",),
    check_answer=check_bpc,
    context=("logits_ctx", "x_ctx", "y_ctx", "SEQ_LEN"),
    hints=(
        "The five logit rows are logits_ctx[0, SEQ_LEN:SEQ_LEN + 5]; their targets are the "
        "same positions of y_ctx.",
        "Softmax each row (exp, then divide by the row's sum), pick the target's probability, "
        "take -np.log2, then the mean.",
    ),
    solution_code="""
five_logits = logits_ctx[0, SEQ_LEN : SEQ_LEN + 5]  # (5, vocab)
five_targets = y_ctx[0, SEQ_LEN : SEQ_LEN + 5]  # the characters that came next
five_p = np.exp(five_logits - five_logits.max(axis=1, keepdims=True))
five_p = five_p / five_p.sum(axis=1, keepdims=True)  # softmax, row by row
picked_p = five_p[np.arange(5), five_targets]
bpc_by_hand = float(-np.log2(picked_p).mean())
""",
)

q3 = Question(
    "q3",
    reads=("lstm_param_count",),
    check_answer=check_lstm_params,
    context=("char_model",),
    hints=(
        "The LSTM reads the Embedding's vectors: EMBED_DIM features per step, UNITS units.",
        "Four parts, each with W_x (features × units), W_h (units × units) and b (units).",
    ),
    solution_code="lstm_param_count = 4 * (EMBED_DIM * UNITS + UNITS * UNITS + UNITS)",
)

q4 = Question(
    "q4",
    reads=("prediction_cold", "prediction_hot"),
    check_answer=check_temperature_limits,
    context=("z",),
    hints=(
        "Take two logits, 2 and 1, and divide both by T = 0.01, then by T = 100.",
        "The softmax turns a gap d between two logits into a ratio exp(d) of probabilities.",
    ),
    solution_code="""
prediction_cold = "greedy"  # T -> 0: the gaps z_i / T grow without bound
prediction_hot = "uniform"  # T -> ∞: every z_i / T goes to 0
""",
)

q5 = Question(
    "q5",
    reads=("p_half",),
    check_answer=check_softmax_half,
    context=("z",),
    hints=(
        "Divide the logits z by T = 0.5 first, then take the softmax.",
        "Subtract the largest value before np.exp (it cancels), then divide by the sum.",
    ),
    solution_code="""
scaled = z / 0.5
p_half = np.exp(scaled - scaled.max())
p_half = p_half / p_half.sum()
""",
)

q6 = Question(
    "q6",
    reads=("balanced_by_hand",),
    check_answer=check_balanced,
    context=("cells_test", "name_unit", "in_name_test"),
    hints=(
        "The rule: take column name_unit['unit'] of cells_test; with sign +1 'inside' is "
        ">= threshold, with sign -1 it is < threshold.",
        "TPR: the rule's mean over the inside characters; TNR: the mean of its negation over "
        "the outside ones.",
    ),
    solution_code="""
unit_column = cells_test[:, name_unit["unit"]]
above = unit_column >= name_unit["threshold"]
rule_says_inside = above if name_unit["sign"] > 0 else ~above
tpr = rule_says_inside[in_name_test].mean()  # inside characters called inside
tnr = (~rule_says_inside[~in_name_test]).mean()  # outside characters called outside
balanced_by_hand = float((tpr + tnr) / 2)
""",
)

bind = bind_questions("11", q1, q2, q3, q4, q5, q6)
