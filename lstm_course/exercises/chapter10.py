"""Chapter 10's checked exercises: shapes, a parameter count, the states the classifier reads,
and a backward-only tagger that keeps its mask.

The chapter binds them with ``ex.bind(globals())``; each check computes its truth from what the
chapter's cells made (``context``), so it holds in fast and in full mode alike:

* **q1** (predict, then run): the output shapes of ``Bidirectional(LSTM(6, ...))`` on a
  (batch, time, features) input, with ``merge_mode="concat"`` and ``return_sequences=True``,
  and with ``merge_mode="sum"`` and ``return_sequences=False``.
* **q2** (by hand, against ``count_params()``): the bidirectional tagger's parameters, embedding
  + two LSTMs, each $4\\,(\\text{features}\\cdot\\text{units} + \\text{units}^2 +
  \\text{units})$, + a Dense layer reading $2\\cdot\\text{units}$ numbers per word.
* **q3** (against the layer): which state the classifier reads at the first word, and the
  vector it reads, $[\\overrightarrow{h}_T ; \\overleftarrow{h}_1]$, from ``trace_lstm``.
* **q4** (build, no training): a tagger from ``LSTM(..., go_backwards=True)`` alone, its
  outputs flipped back into input order by a ``Lambda`` that keeps the padding mask.
* **q5** (a thought question): why ``merge_mode="mul"`` may train more slowly.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from lstm_course.exercises import (
    AnswerError,
    Question,
    ThoughtQuestion,
    bind_questions,
    expect_array,
    expect_shape,
)

__all__ = ["DIRECTIONS", "SHAPE_UNITS", "bind", "q1", "q2", "q3", "q4", "q5"]

#: q1's layers wrap an LSTM of this many units.
SHAPE_UNITS = 6
#: The choices of q3.
DIRECTIONS = ("forward", "backward")


# --- q1: predict, then run: shapes -----------------------------------------------------------


def bidirectional_shapes(shape_demo: Any) -> dict[str, tuple[int, ...]]:
    """The true output shapes of q1's two layers on ``shape_demo`` (batch, time, features)."""
    from lstm_course.layers import LSTM, Bidirectional

    x = np.asarray(shape_demo, dtype="float32")
    concat = Bidirectional(LSTM(SHAPE_UNITS, return_sequences=True))
    summed = Bidirectional(LSTM(SHAPE_UNITS), merge_mode="sum")
    return {
        "predicted_concat_shape": tuple(np.asarray(concat(x)).shape),
        "predicted_sum_shape": tuple(np.asarray(summed(x)).shape),
    }


def check_shapes(predicted_concat_shape: Any, predicted_sum_shape: Any, shape_demo: Any) -> None:
    """q1: both predicted shapes against the layers' outputs on ``shape_demo``."""
    truth = bidirectional_shapes(shape_demo)
    batch, time, _ = np.shape(shape_demo)
    concat = expect_shape(
        predicted_concat_shape, "predicted_concat_shape", meaning="(batch, time, features)"
    )
    summed = expect_shape(predicted_sum_shape, "predicted_sum_shape", meaning="(batch, features)")
    if concat != truth["predicted_concat_shape"]:
        if len(concat) == 2:
            raise AnswerError(
                "`predicted_concat_shape` has lost the time axis: with return_sequences=True "
                "the layer gives one output per step."
            )
        if len(concat) == 3 and concat[-1] == SHAPE_UNITS:
            raise AnswerError(
                "`predicted_concat_shape`'s last axis holds one direction only: concat puts "
                "the forward and the backward state side by side at every step."
            )
        raise AnswerError(
            "`predicted_concat_shape` is not what the layer returns: (batch, time, ?), with "
            "the batch and time of shape_demo, and the joined states on the last axis."
        )
    if summed != truth["predicted_sum_shape"]:
        if len(summed) == 3:
            raise AnswerError(
                "`predicted_sum_shape` keeps a time axis: with return_sequences=False each "
                "sequence gives one output (the forward layer's last state and the backward "
                "layer's last state, merged)."
            )
        if len(summed) == 2 and summed[-1] == 2 * SHAPE_UNITS:
            raise AnswerError(
                "`predicted_sum_shape`: sum adds the two directions element by element, it "
                "does not put them side by side."
            )
        raise AnswerError(
            "`predicted_sum_shape` is not what the layer returns: (batch, ?), the batch of "
            "shape_demo and the merged state's size."
        )


q1 = Question(
    "q1",
    reads=("predicted_concat_shape", "predicted_sum_shape"),
    check_answer=check_shapes,
    context=("shape_demo",),
    hints=(
        "return_sequences decides whether the time axis stays; merge_mode decides the last axis.",
        "concat: 2 * units on the last axis; sum, ave, mul: units.",
    ),
    solution_code="""
        predicted_concat_shape = (4, 7, 12)  # (batch, time, 2 * units): one output per step
        predicted_sum_shape = (4, 6)  # (batch, units): one output per sequence, added
    """,
)


# --- q2: the bidirectional tagger's parameters, against count_params() ----------------------


def _tagger_parts(model: Any) -> dict[str, int]:
    """count_params() of the embedding, the bidirectional layer and the Dense layer."""
    import keras

    from lstm_course.layers import Bidirectional

    parts = {"embedding": 0, "bidirectional": 0, "dense": 0}
    for layer in model.layers:
        if isinstance(layer, keras.layers.Embedding):
            parts["embedding"] += layer.count_params()
        elif isinstance(layer, (Bidirectional, keras.layers.Bidirectional)):
            parts["bidirectional"] += layer.count_params()
        elif isinstance(layer, keras.layers.Dense):
            parts["dense"] += layer.count_params()
    return parts


def check_tagger_parameters(tagger_parameters: Any, taggers: dict[str, Any]) -> None:
    """q2: the learner's count against ``taggers["bidirectional"].count_params()``."""
    if isinstance(tagger_parameters, (bool, str)) or not isinstance(
        tagger_parameters, (int, np.integer, float)
    ):
        raise AnswerError(
            "`tagger_parameters` should be one whole number (a count of parameters); it is a "
            f"{type(tagger_parameters).__name__} ({tagger_parameters!r:.60})."
        )
    model = taggers["bidirectional"]
    truth = int(model.count_params())
    if tagger_parameters == truth:
        return
    parts = _tagger_parts(model)
    dense = model.layers[-1]
    half_inputs = int(dense.kernel.shape[0]) // 2  # the Dense layer reads 2 * units per word
    if tagger_parameters == truth - parts["bidirectional"] // 2:
        raise AnswerError(
            "you counted one LSTM. A bidirectional layer holds two, each with its own "
            "kernel, recurrent_kernel and bias."
        )
    if tagger_parameters == truth - half_inputs * dense.units:
        raise AnswerError(
            "the Dense layer reads what the bidirectional layer gives at each word: with "
            "merge_mode='concat', how many numbers is that?"
        )
    if tagger_parameters == truth - parts["embedding"]:
        raise AnswerError(
            "the Embedding layer has parameters too: one vector per word id (the padding and "
            "the unknown word included)."
        )
    if tagger_parameters == truth - parts["dense"]:
        raise AnswerError("count the Dense layer too: a weight per input and tag, and a bias.")
    raise AnswerError(
        "not the model's count. Add three parts: the embedding table (ids x vector size), two "
        "LSTMs of 4 * (features * units + units * units + units) each, and the Dense layer "
        "((inputs + 1) * tags). Which sizes did the chapter use?"
    )


q2 = Question(
    "q2",
    reads=("tagger_parameters",),
    check_answer=check_tagger_parameters,
    context=("taggers",),
    hints=(
        "The embedding has len(word_ids) + 2 rows (0 is padding, 1 an unknown word) of 32 "
        "numbers; each direction is an LSTM(32) reading those 32 numbers.",
        "The Dense softmax reads the two directions joined at each word: 2 * 32 inputs, plus a "
        "bias, for each of len(tag_names) tags.",
    ),
    solution_code="""
        tagger_parameters = (
            (len(word_ids) + 2) * 32  # the embedding table
            + 2 * 4 * (32 * 32 + 32 * 32 + 32)  # two LSTM(32), each reading 32 features
            + (2 * 32 + 1) * len(tag_names)  # the Dense softmax on [forward ; backward]
        )
    """,
)


# --- q3: which state the classifier reads at the first word ---------------------------------


def classifier_reads(model: Any, bi_layer: Any, ids: Any) -> np.ndarray:
    """(2 * units,): what the bidirectional layer hands the classifier, run through the model."""
    import keras

    upto = keras.Model(model.inputs[0], bi_layer.output)
    return np.asarray(upto(np.asarray(ids), training=False), dtype=float)[0]


def check_classifier_input(
    read_at_first_word: Any,
    classifier_input: Any,
    bi_contrast: Any,
    bi_layer: Any,
    contrast_ids: Any,
    example: str,
    trace: dict[str, Any],
) -> None:
    """q3: the direction read at the first word, and the vector, against the layer's output."""
    if not isinstance(read_at_first_word, str) or read_at_first_word not in DIRECTIONS:
        raise AnswerError(
            '`read_at_first_word` should be "forward" or "backward", as a string; it is '
            f"{read_at_first_word!r:.60}."
        )
    if read_at_first_word != "backward":
        raise AnswerError(
            "at the first word, what has the forward half read? One word. The classifier reads "
            "each half where it has read the whole sentence: at which end is that for each?"
        )
    ids = contrast_ids([example])
    truth = classifier_reads(bi_contrast, bi_layer, ids)
    units = truth.shape[0] // 2
    answer = expect_array(
        classifier_input,
        "classifier_input",
        shape=truth.shape,
        meaning="(2 * units,): the forward half, then the backward half",
    )
    if np.allclose(answer, truth, atol=1e-5):
        return
    forward = np.asarray(trace["forward"]["hidden_state"][0], dtype=float)
    backward = np.asarray(trace["backward"]["hidden_state"][0], dtype=float)
    n = int((np.asarray(ids) > 0).sum())
    if np.allclose(answer[:units], truth[units:], atol=1e-5) and np.allclose(
        answer[units:], truth[:units], atol=1e-5
    ):
        raise AnswerError(
            "the two halves are the right states in the wrong order: with merge_mode='concat' "
            "the forward half comes first."
        )
    if not np.allclose(answer[:units], truth[:units], atol=1e-5):
        if np.allclose(answer[:units], forward[0], atol=1e-5):
            raise AnswerError(
                "the forward half at the first word has read one word. It hands the "
                "classifier its state after the last word it read."
            )
        raise AnswerError(
            "the forward half is not the state the classifier reads: take the forward "
            "hidden state at the last real word (the sentence is padded after it)."
        )
    if np.allclose(answer[units:], backward[n - 1], atol=1e-5):
        raise AnswerError(
            "the backward half at the last word has read only that word: the backward layer "
            "starts at the right end. Where, in input order, has it read everything?"
        )
    raise AnswerError(
        "the backward half is not the state the classifier reads: which step of "
        "trace['backward']['hidden_state'] has read the whole sentence?"
    )


q3 = Question(
    "q3",
    reads=("read_at_first_word", "classifier_input"),
    check_answer=check_classifier_input,
    context=("bi_contrast", "bi_layer", "contrast_ids", "example", "trace"),
    hints=(
        "Each half hands on the state it has after reading the whole sentence. The forward "
        "one reads left to right; the backward one right to left.",
        "The trace's arrays are in input order: index 0 is the first word; the last real word "
        "is at n - 1, with n the number of non-zero ids.",
    ),
    solution_code="""
        read_at_first_word = "backward"
        n_words_read = (contrast_ids([example]) > 0).sum()  # the real words, before the padding
        classifier_input = np.concatenate(
            [
                # forward: its state at the last real word, after reading every word
                trace["forward"]["hidden_state"][0, n_words_read - 1],
                # backward: its state at the first word, after reading every word from the right
                trace["backward"]["hidden_state"][0, 0],
            ]
        )
    """,
)


# --- q4: a backward-only tagger that keeps its mask -----------------------------------------


def _outputs(model: Any, ids: np.ndarray) -> tuple[np.ndarray, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a Lambda without mask= warns: the check says it
        out = model(ids, training=False)
    return np.asarray(out, dtype=float), getattr(out, "_keras_mask", None)


def check_backward_tagger(
    backward_tagger: Any, tag_len: int, tag_names: Any, word_ids: Any
) -> None:
    """q4: the learner's (untrained) backward tagger: shapes, the mask, the order of its outputs."""
    import keras

    if not isinstance(backward_tagger, keras.Model):
        raise AnswerError(
            "`backward_tagger` should be a Keras model, such as keras.Sequential([...]) with "
            "an Input, an Embedding, the LSTM, the Lambda and a Dense layer; it is a "
            f"{type(backward_tagger).__name__}."
        )
    n = min(4, tag_len - 2)  # a sentence of n words, padded with zeros after them
    words = np.arange(2, 2 + n) % (len(word_ids) + 2)
    ids = np.zeros((1, tag_len), "int32")
    ids[0, :n] = np.maximum(words, 2)
    out, mask = _outputs(backward_tagger, ids)
    wanted = (1, tag_len, len(tag_names))
    if out.shape != wanted:
        raise AnswerError(
            f"`backward_tagger` should give (sentences, time, tags) = {wanted} for one "
            f"sentence; it gives {out.shape}. One softmax over the tags per word: "
            "return_sequences=True, and Dense(len(tag_names)) at the end."
        )
    if mask is None:
        raise AnswerError(
            "no padding mask reaches the output: the loss would count every padded step as a "
            "word. Embedding(..., mask_zero=True) makes the mask; a Lambda passes it on only "
            "when told what to do with it (its mask= argument)."
        )
    first_changed, last_changed = ids.copy(), ids.copy()
    first_changed[0, 0] = 1 if ids[0, 0] != 1 else 2
    last_changed[0, n - 1] = 1 if ids[0, n - 1] != 1 else 2
    moved_by_first = np.abs(_outputs(backward_tagger, first_changed)[0] - out)[0, :n].max(axis=1)
    moved_by_last = np.abs(_outputs(backward_tagger, last_changed)[0] - out)[0, :n].max(axis=1)
    in_input_order = (
        moved_by_first[0] > 0 and np.all(moved_by_first[1:] == 0) and np.all(moved_by_last > 0)
    )
    if not in_input_order:
        raise AnswerError(
            "the outputs are not where the words are: a word's output should change when that "
            "word or a later one changes, never an earlier one. An LSTM with go_backwards=True "
            "returns its outputs in its reading order, last word first: flip them back along "
            "the time axis, after the LSTM and before the Dense layer."
        )


q4 = Question(
    "q4",
    reads=("backward_tagger",),
    check_answer=check_backward_tagger,
    context=("tag_len", "tag_names", "word_ids"),
    hints=(
        "Start from make_tagger's layers in section 4, and put two layers where its recurrent "
        "layer was: LSTM(32, return_sequences=True, go_backwards=True), then the flip.",
        "keras.layers.Lambda(lambda t: keras.ops.flip(t, axis=1), mask=lambda t, mask: mask): "
        "the mask= function returns the mask it is given, so the Dense layer and the loss get it.",
    ),
    solution_code="""
        backward_tagger = keras.Sequential(
            [
                keras.Input((tag_len,), dtype="int32"),
                keras.layers.Embedding(len(word_ids) + 2, 32, mask_zero=True),
                LSTM(32, return_sequences=True, go_backwards=True),
                keras.layers.Lambda(lambda t: keras.ops.flip(t, axis=1), mask=lambda t, mask: mask),
                keras.layers.Dense(len(tag_names), activation="softmax"),
            ]
        )
    """,
)


# --- q5: a question to think about ---------------------------------------------------------

q5 = ThoughtQuestion(
    "q5",
    hints=("What is the derivative of a * b with respect to a?",),
    model_answer="""
        With merge_mode="mul" the next layer reads y_t = forward_t * backward_t, unit by unit.
        The gradient that reaches the forward half is the loss's gradient times the backward
        state, and the other way round: each half learns only as fast as the other one is
        large. A freshly built layer starts from zero states, and its outputs pass a gate below
        1 and a tanh, so early states are often small: the gradient is then small on both
        sides, and training can start slowly. With "concat" or "sum" each half receives the
        next layer's gradient directly, whatever the other half holds. Whether it is slower on
        this tagger is for the going-further exercise to measure: compare the loss curves.
    """,
)


bind = bind_questions("10", q1, q2, q3, q4, q5)
