"""Checked exercises of chapter 04 (many-to-many: Korean to English with attention).

In the chapter::

    from lstm_course.exercises import chapter04 as ex
    ex.bind(globals())

* ``q1`` predict, then run: the shape of the attention weights for a batch of sentences
  (``predicted_weights_shape``), against the chapter's ``att_model``;
* ``q2`` predict, then run: where the English verb's attention should look in the Korean
  sentence (``predicted_verb_column``), against the sentence's own word order;
* ``q3`` the encoder-decoder's parameter count by hand (``plain_params_by_hand``), against
  Keras's ``count_params()``;
* ``q4`` what attention adds, in parameters (``extra_params_by_hand``), against the two models'
  ``count_params()``;
* ``q5`` one row of additive attention by hand (``alpha_first_step``), against Keras's
  ``AdditiveAttention`` layer called on the same query and keys.

Every check computes the truth from what the chapter's cells made (its models, its example
sentence), so it holds in fast mode and full mode alike; none trains anything.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lstm_course.exercises import (
    AnswerError,
    Question,
    bind_questions,
    expect_array,
    expect_shape,
    expect_whole,
)

__all__ = ["bind", "q1", "q2", "q3", "q4", "q5"]

#: The chapter's padding id (``PAD, UNK, START, END = 0, 1, 2, 3``).
PAD = 0


# --------------------------------------------------------- q1: the attention weights' shape


def check_weights_shape(
    predicted_weights_shape: Any, att_model: Any, shape_src: Any, shape_tgt_in: Any
) -> None:
    """The learner's predicted shape of ``att_model``'s output against the output itself."""
    mine = expect_shape(predicted_weights_shape, "predicted_weights_shape")
    truth = tuple(np.asarray(att_model([shape_src, shape_tgt_in])).shape)
    if mine == truth:
        return
    batch, english, korean = truth
    units = None
    if len(mine) == 3 and mine[:2] == (batch, english) and mine[2] != korean:
        units = mine[2]
    if mine == (batch, korean, english) and korean != english:
        raise AnswerError(
            "rows and columns are swapped. The decoder asks (the query) once per English step, "
            "and each asking spreads its weight over the Korean words it can look at: one row "
            "per English step, one column per Korean word."
        )
    if len(mine) == 2:
        raise AnswerError(
            "the batch axis stays: one attention map per sentence of the batch, each of them "
            "(English steps, Korean words)."
        )
    if units is not None:
        raise AnswerError(
            "that last axis would be the size of a vector, as in the context vectors. The "
            "weights are one number per Korean word the decoder could look at."
        )
    raise AnswerError(
        "the weights come as (batch, one row per step of the decoder's input, one column per "
        "Korean word). Read those three numbers off the shapes printed above."
    )


q1 = Question(
    "q1",
    reads=("predicted_weights_shape",),
    context=("att_model", "shape_src", "shape_tgt_in"),
    check_answer=check_weights_shape,
    hints=(
        "At every English step, the decoder gives each Korean word a weight.",
        "Batch first; then one row per step of the decoder's input (`shape_tgt_in`), then "
        "one column per Korean word (`shape_src`).",
    ),
    solution_code="""
        # one row of weights per step of the decoder, one column per Korean word
        predicted_weights_shape = (3, shape_tgt_in.shape[1], shape_src.shape[1])
    """,
)


# ------------------------------------------------------------ q2: where does the verb look


def verb_columns(example: Any) -> range:
    """The positions of the verb in the Korean sentence: the last word, or the last two in the
    future tense ("읽을 것이다")."""
    n_korean = len(str(example["ko"]).split())
    return range(n_korean - (2 if example["tense"] == "future" else 1), n_korean)


def check_verb_column(predicted_verb_column: Any, example: Any) -> None:
    """The learner's predicted Korean position against where the Korean verb is."""
    korean = str(example["ko"]).split()
    if isinstance(predicted_verb_column, str):
        raise AnswerError(
            "`predicted_verb_column` should be a position, a whole number counted from 0, "
            "not the word: `example['ko'].split().index(word)` gives a word's position."
        )
    column = expect_whole(
        predicted_verb_column, "predicted_verb_column", "a Korean word's position, from 0"
    )
    if column in verb_columns(example):
        return
    if not 0 <= column < len(korean):
        raise AnswerError(
            f"the sentence has {len(korean)} Korean words, so a position is 0 to {len(korean) - 1}."
        )
    if 1 <= column <= 3:
        raise AnswerError(
            "that is about where ENGLISH puts its verb, right after the subject. The columns "
            "of the map are the KOREAN words: where does Korean put its verb?"
        )
    raise AnswerError(
        f"the word at position {column} is {korean[column]!r}: is that the verb? Korean word "
        "order is subject, then the optional phrases, then the object, then the verb."
    )


q2 = Question(
    "q2",
    reads=("predicted_verb_column",),
    context=("example",),
    check_answer=check_verb_column,
    hints=(
        "Print `list(enumerate(example['ko'].split()))`: each Korean word with its position.",
        "Korean puts the verb at the end of the sentence (SOV); the future tense takes two "
        "words, as in '읽을 것이다'.",
    ),
    solution_code="""
        korean_words = example["ko"].split()
        predicted_verb_column = len(korean_words) - 1  # the Korean verb comes last (SOV)
    """,
)


# ------------------------------------------------------------------ q3: the parameter count


def translator_sizes(model: Any) -> dict[str, int]:
    """The sizes a count by hand needs, read off the model's layers."""
    ko, en = model.get_layer("ko_embed"), model.get_layer("en_embed")
    return {
        "V_ko": int(ko.input_dim),
        "V_en": int(en.input_dim),
        "E": int(ko.output_dim),
        "U": int(model.get_layer("encoder_lstm").units),
    }


def check_plain_count(plain_params_by_hand: Any, plain: Any) -> None:
    """The learner's count of the model without attention against ``plain.count_params()``."""
    mine = expect_whole(plain_params_by_hand, "plain_params_by_hand", "a number of parameters")
    truth = int(plain.count_params())
    if mine == truth:
        return
    s = translator_sizes(plain)
    v_ko, v_en, e, u = s["V_ko"], s["V_en"], s["E"], s["U"]
    lstm = 4 * u * (e + u + 1)
    lessons = {
        truth - 2 * 4 * u - v_en: "you left out the biases: each of the four blocks of an LSTM "
        "has its own bias b (4 × UNITS numbers per LSTM), and so does the output `Dense`.",
        truth - 2 * 4 * u - 2 * v_en: "you left out the biases: each LSTM has one per block "
        "(4 × UNITS), and the output `Dense` one per English word.",
        truth - 2 * 4 * u: "you left out the LSTMs' biases: 4 × UNITS numbers per LSTM.",
        truth - v_en: "you left out the output layer's bias, one per English word.",
        truth - 2 * 4 * u * u: "you left out the recurrent kernels: h_{t-1} W_h is UNITS × "
        "4 UNITS numbers in each LSTM.",
        truth - 2 * 3 * u * (e + u + 1): "you counted one block per LSTM; an LSTM has four "
        "(input, forget, candidate, output), each with W_x, W_h and b.",
        truth - (v_ko + v_en) * e: "you left out the two `Embedding` tables: one vector of "
        "EMBED_DIM numbers for every word of each vocabulary.",
        truth - (u * v_en + v_en): "you left out the output layer, `next_word`: a `Dense` from "
        "UNITS to the English vocabulary.",
        truth - lstm: "you counted one LSTM; the encoder and the decoder each have their own.",
        truth + 2 * 4 * u * (u - e): "in both LSTMs, W_x has EMBED_DIM rows (the word vectors "
        "come in), W_h has UNITS rows.",
    }
    if mine in lessons:
        raise AnswerError(lessons[mine])
    raise AnswerError(
        "count layer by layer: an `Embedding` holds vocabulary × EMBED_DIM numbers; an LSTM "
        "4 blocks of (W_x: inputs × UNITS, W_h: UNITS × UNITS, b: UNITS); a `Dense` "
        "inputs × outputs, plus one bias per output. Five layers hold weights here."
    )


q3 = Question(
    "q3",
    reads=("plain_params_by_hand",),
    context=("plain",),
    check_answer=check_plain_count,
    hints=(
        "Five layers hold weights: `ko_embed`, `encoder_lstm`, `en_embed`, `decoder_lstm`, "
        "`next_word`. The sizes you need: `len(ko_vocab)`, `len(en_vocab)`, `EMBED_DIM`, "
        "`UNITS`.",
        "An LSTM reading inputs of size n holds 4 × (n × UNITS + UNITS × UNITS + UNITS): "
        "W_x, W_h and b for each of its four blocks.",
    ),
    solution_code="""
        embeddings = len(ko_vocab) * EMBED_DIM + len(en_vocab) * EMBED_DIM
        one_lstm = 4 * (EMBED_DIM * UNITS + UNITS * UNITS + UNITS)  # W_x, W_h, b per block
        output_layer = UNITS * len(en_vocab) + len(en_vocab)  # next_word: kernel and bias
        plain_params_by_hand = embeddings + 2 * one_lstm + output_layer
    """,
)


# ------------------------------------------------------------ q4: what attention adds


def check_extra_count(extra_params_by_hand: Any, plain: Any, att_translator: Any) -> None:
    """The learner's count of the parameters the "outputs+words" attention model has beyond
    the plain one, against the two models' ``count_params()``."""
    mine = expect_whole(extra_params_by_hand, "extra_params_by_hand", "a number of parameters")
    truth = int(att_translator.count_params()) - int(plain.count_params())
    if mine == truth:
        return
    s = translator_sizes(plain)
    v_en, e, u = s["V_en"], s["E"], s["U"]
    lessons = {
        truth - u: "`AdditiveAttention` has one weight of its own, the vector w (its `scale`): "
        "UNITS numbers.",
        truth - (2 * u * u + u): "you left out `combine`, the `Dense` from the decoder's "
        "output and the context side by side (2 UNITS numbers) to UNITS.",
        truth - e * v_en: "you left out what `next_word` gains: it now reads `combine`'s "
        "output AND the attended word vectors, EMBED_DIM more inputs for every English word.",
        truth - e * v_en - u: "you left out the attention layer's w and what `next_word` gains "
        "from the word vectors.",
        truth + 2 * u * u: "this chapter's attention layer has no projections W_a, U_a: the "
        "query and the keys are added as they come. Only w is its own.",
        truth - u + u * u: "w (the layer's `scale`) is a vector, UNITS numbers, not a matrix.",
    }
    if mine in lessons:
        raise AnswerError(lessons[mine])
    raise AnswerError(
        "compare the two builders' layers: the attention model adds the `attention` layer's "
        "own weight, the `combine` layer, and a wider input to `next_word`. Count each."
    )


q4 = Question(
    "q4",
    reads=("extra_params_by_hand",),
    context=("plain", "att_translator"),
    check_answer=check_extra_count,
    hints=(
        'Read `build_translator` for `attention="outputs+words"`: what does `top` use that '
        "the model without attention does not?",
        "Three things: the attention layer's vector w (UNITS numbers); `combine`, a `Dense` "
        "from 2 UNITS to UNITS; and `next_word`, which now reads UNITS + EMBED_DIM numbers.",
    ),
    solution_code="""
        attention_w = UNITS  # AdditiveAttention's only weight: the vector w (its `scale`)
        combine_weights = 2 * UNITS * UNITS + UNITS  # [d_t, c_t] W_c + b_c
        wider_output = EMBED_DIM * len(en_vocab)  # next_word also reads the attended words
        extra_params_by_hand = attention_w + combine_weights + wider_output
    """,
)


# ------------------------------------------------------- q5: one attention row by hand


def keras_attention_weights(attend: Any, decoder_out: Any, keys: Any, src: Any, tgt_in: Any):
    """The weights Keras's layer gives for every step, (English steps, Korean words)."""
    import keras

    masks = [keras.ops.not_equal(tgt_in, PAD), keras.ops.not_equal(src, PAD)]
    _, weights = attend([decoder_out, keys], mask=masks, return_attention_scores=True)
    return np.asarray(weights, dtype="float64")[0]


def check_first_row(
    alpha_first_step: Any, attend: Any, decoder_out: Any, keys: Any, src: Any, tgt_in: Any
) -> None:
    """The learner's weights for English step 0 against the ``attention`` layer's."""
    rows = keras_attention_weights(attend, decoder_out, keys, src, tgt_in)
    n_korean = rows.shape[1]
    mine = expect_array(
        alpha_first_step, "alpha_first_step", shape=(n_korean,), meaning="(Korean words,)"
    )
    if np.allclose(mine, rows[0], atol=1e-5):
        return
    d_0 = np.asarray(decoder_out, dtype="float64")[0, 0]
    k = np.asarray(keys, dtype="float64")[0]
    w = np.asarray(attend.scale, dtype="float64")
    scores = (w * np.tanh(d_0 + k)).sum(axis=-1)
    if np.allclose(mine, scores, atol=1e-5):
        raise AnswerError(
            "those are the scores e_0s. The weights are their softmax over the Korean words: "
            "exp(e_0s) / sum over s' of exp(e_0s'), positive and summing to 1."
        )
    if not np.isclose(mine.sum(), 1.0, atol=1e-4):
        raise AnswerError(
            f"your weights sum to {mine.sum():.4f}. A softmax over the Korean words gives "
            "weights that sum to 1."
        )
    without_w = np.tanh(d_0 + k).sum(axis=-1)
    if np.allclose(mine, np.exp(without_w) / np.exp(without_w).sum(), atol=1e-5):
        raise AnswerError(
            "you left out w: the score weighs the UNITS numbers of tanh(d_0 + k_s) by the "
            "layer's learned vector w (`attend.scale`) before it adds them up."
        )
    for step in range(1, rows.shape[0]):
        if np.allclose(mine, rows[step], atol=1e-5):
            raise AnswerError(
                f"those are the weights of step {step}. Step 0 is the first English word: "
                "its query is `decoder_out[0, 0]`."
            )
    raise AnswerError(
        "the three steps: scores e_0s = sum over j of w_j tanh(d_0j + k_sj), with d_0 the "
        "decoder's output at step 0 and k_s the encoder's output at Korean word s; then a "
        "softmax over s."
    )


q5 = Question(
    "q5",
    reads=("alpha_first_step",),
    context=("attend", "decoder_out", "keys", "src", "tgt_in"),
    check_answer=check_first_row,
    hints=(
        "The query of step 0 is `decoder_out[0, 0]`, (UNITS,); the keys are `keys[0]`, "
        "(Korean words, UNITS); w is `attend.scale`.",
        "scores = (w * np.tanh(d_0 + k)).sum(axis=-1), one per Korean word; then "
        "exp(scores) / exp(scores).sum().",
    ),
    solution_code="""
        d_0 = np.asarray(decoder_out, dtype="float64")[0, 0]  # the query of step 0, (UNITS,)
        scores_first_step = (w * np.tanh(d_0 + k)).sum(axis=-1)  # one per Korean word
        alpha_first_step = np.exp(scores_first_step) / np.exp(scores_first_step).sum()
    """,
)

bind = bind_questions("04", q1, q2, q3, q4, q5)
