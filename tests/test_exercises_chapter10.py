"""Chapter 10's checks: a right answer, a wrong one (its teaching message), a wrong type or shape.

The contexts are tiny layers built here, untrained: the checks compute their truth from them.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest

from lstm_course.exercises import Outcome
from lstm_course.exercises import chapter10 as ex
from lstm_course.layers import LSTM, Bidirectional
from lstm_course.probes import trace_lstm


def run(question, shown: list[dict], **namespace) -> tuple[Outcome, str]:
    ex.bind(namespace)
    question.check()
    return question.outcome, shown[-1]["text/plain"]


# --- q1 ---------------------------------------------------------------------------------------

SHAPE_DEMO = np.zeros((4, 7, 3), "float32")


def test_q1_right_answer_is_what_the_layers_return(shown) -> None:
    assert ex.bidirectional_shapes(SHAPE_DEMO) == {
        "predicted_concat_shape": (4, 7, 12),
        "predicted_sum_shape": (4, 6),
    }
    outcome, _ = run(
        ex.q1,
        shown,
        predicted_concat_shape=(4, 7, 12),
        predicted_sum_shape=[4, 6],
        shape_demo=SHAPE_DEMO,
    )
    assert outcome is Outcome.CORRECT


@pytest.mark.parametrize(
    ("concat", "summed", "message"),
    [
        ((4, 7, 6), (4, 6), "last axis holds one direction only"),
        ((4, 12), (4, 6), "has lost the time axis"),
        ((4, 7, 12), (4, 7, 6), "keeps a time axis"),
        ((4, 7, 12), (4, 12), "sum adds the two directions element by element"),
        ((2, 5, 12), (4, 6), "with the batch and time of shape_demo"),
    ],
)
def test_q1_wrong_shapes_are_told_why(shown, concat, summed, message) -> None:
    outcome, said = run(
        ex.q1,
        shown,
        predicted_concat_shape=concat,
        predicted_sum_shape=summed,
        shape_demo=SHAPE_DEMO,
    )
    assert outcome is Outcome.INCORRECT and message in said
    assert "(4, 7, 12)" not in said


def test_q1_a_wrong_type_names_a_tuple_of_whole_numbers(shown) -> None:
    outcome, said = run(
        ex.q1,
        shown,
        predicted_concat_shape="(4, 7, 12)",
        predicted_sum_shape=(4, 6),
        shape_demo=SHAPE_DEMO,
    )
    assert outcome is Outcome.INCORRECT
    assert "`predicted_concat_shape` should be a shape, a tuple of whole numbers" in said
    assert "it is a str" in said


# --- q2 ---------------------------------------------------------------------------------------

WORD_IDS = {f"w{i}": i + 2 for i in range(9)}
TAG_NAMES = ["O", "ANIMAL", "TOOL"]


@pytest.fixture(scope="module")
def taggers() -> dict:
    model = keras.Sequential(
        [
            keras.Input((6,), dtype="int32"),
            keras.layers.Embedding(len(WORD_IDS) + 2, 32, mask_zero=True),
            Bidirectional(LSTM(32, return_sequences=True)),
            keras.layers.Dense(len(TAG_NAMES), activation="softmax"),
        ]
    )
    return {"bidirectional": model}


def tagger_count(embedding=True, both=True, joined=True) -> int:
    lstm = 4 * (32 * 32 + 32 * 32 + 32)
    return (
        embedding * (len(WORD_IDS) + 2) * 32
        + (2 if both else 1) * lstm
        + ((64 if joined else 32) + 1) * len(TAG_NAMES)
    )


def test_q2_right_answer_is_count_params(shown, taggers) -> None:
    assert tagger_count() == taggers["bidirectional"].count_params()
    outcome, _ = run(
        ex.q2,
        shown,
        tagger_parameters=tagger_count(),
        taggers=taggers,
        word_ids=WORD_IDS,
        tag_names=TAG_NAMES,
    )
    assert outcome is Outcome.CORRECT


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (tagger_count(both=False), "you counted one LSTM"),
        (tagger_count(joined=False), "with merge_mode='concat', how many numbers"),
        (tagger_count(embedding=False), "the Embedding layer has parameters too"),
        (tagger_count() - 65 * len(TAG_NAMES), "count the Dense layer too"),
        (99, "Which sizes did the chapter use?"),
    ],
)
def test_q2_wrong_counts_are_told_what_they_missed(shown, taggers, count, message) -> None:
    outcome, said = run(
        ex.q2,
        shown,
        tagger_parameters=count,
        taggers=taggers,
        word_ids=WORD_IDS,
        tag_names=TAG_NAMES,
    )
    assert outcome is Outcome.INCORRECT and message in said
    assert str(tagger_count()) not in said


def test_q2_a_wrong_type_names_a_whole_number(shown, taggers) -> None:
    outcome, said = run(
        ex.q2,
        shown,
        tagger_parameters=[1, 2],
        taggers=taggers,
        word_ids=WORD_IDS,
        tag_names=TAG_NAMES,
    )
    assert outcome is Outcome.INCORRECT
    assert "`tagger_parameters` should be one whole number (a count of parameters)" in said


# --- q3 ---------------------------------------------------------------------------------------

CONTRAST_WORDS = ["", "[UNK]", "the", "acting", "was", "great", "although", "ending", "weak"]


def contrast_ids(texts) -> np.ndarray:
    ids = np.zeros((len(texts), 8), "int32")
    for row, text in enumerate(texts):
        words = [CONTRAST_WORDS.index(w) for w in text.split()]
        ids[row, : len(words)] = words
    return ids


@pytest.fixture(scope="module")
def contrast() -> dict:
    keras.utils.set_random_seed(3)
    model = keras.Sequential(
        [
            keras.Input((8,), dtype="int32"),
            keras.layers.Embedding(len(CONTRAST_WORDS), 4, mask_zero=True),
            Bidirectional(LSTM(3)),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    bi_layer = model.layers[1]
    example = "the acting was great although weak"  # 6 words, 2 padded steps
    trace = trace_lstm(model, layer=bi_layer, inputs=contrast_ids([example]))
    return {
        "bi_contrast": model,
        "bi_layer": bi_layer,
        "contrast_ids": contrast_ids,
        "example": example,
        "trace": trace,
    }


def halves(contrast: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    forward = contrast["trace"]["forward"]["hidden_state"][0]
    backward = contrast["trace"]["backward"]["hidden_state"][0]
    return forward[5], backward[0], forward[0], backward[5]  # the example has 6 words


def test_q3_right_answer_is_what_the_layer_hands_on(shown, contrast) -> None:
    forward_last, backward_first, _, _ = halves(contrast)
    answer = np.concatenate([forward_last, backward_first])
    truth = ex.classifier_reads(
        contrast["bi_contrast"], contrast["bi_layer"], contrast_ids([contrast["example"]])
    )
    assert np.abs(answer - truth).max() < 1e-5
    outcome, _ = run(
        ex.q3, shown, read_at_first_word="backward", classifier_input=answer, **contrast
    )
    assert outcome is Outcome.CORRECT


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("swapped", "the right states in the wrong order"),
        ("forward_first", "the forward half at the first word has read one word"),
        ("backward_last", "the backward half at the last word has read only that word"),
    ],
)
def test_q3_wrong_states_are_told_why(shown, contrast, which, message) -> None:
    forward_last, backward_first, forward_first, backward_last = halves(contrast)
    answer = {
        "swapped": np.concatenate([backward_first, forward_last]),
        "forward_first": np.concatenate([forward_first, backward_first]),
        "backward_last": np.concatenate([forward_last, backward_last]),
    }[which]
    outcome, said = run(
        ex.q3, shown, read_at_first_word="backward", classifier_input=answer, **contrast
    )
    assert outcome is Outcome.INCORRECT and message in said


def test_q3_the_direction_then_the_shape(shown, contrast) -> None:
    forward_last, backward_first, _, _ = halves(contrast)
    right = np.concatenate([forward_last, backward_first])
    outcome, said = run(
        ex.q3, shown, read_at_first_word="forward", classifier_input=right, **contrast
    )
    assert (
        outcome is Outcome.INCORRECT and "at the first word, what has the forward half read" in said
    )
    outcome, said = run(ex.q3, shown, read_at_first_word=0, classifier_input=right, **contrast)
    assert '`read_at_first_word` should be "forward" or "backward", as a string' in said
    outcome, said = run(
        ex.q3, shown, read_at_first_word="backward", classifier_input=forward_last, **contrast
    )
    assert outcome is Outcome.INCORRECT
    assert "`classifier_input` should have shape (6,) = (2 * units,)" in said


# --- q4 ---------------------------------------------------------------------------------------

TAG_LEN = 7


def backward_tagger(keep_mask=True, flip=True, mask_zero=True) -> keras.Model:
    lambda_options = {"mask": lambda t, mask: mask} if keep_mask else {}
    layers = [
        keras.Input((TAG_LEN,), dtype="int32"),
        keras.layers.Embedding(len(WORD_IDS) + 2, 8, mask_zero=mask_zero),
        LSTM(5, return_sequences=True, go_backwards=True),
    ]
    if flip:
        layers.append(keras.layers.Lambda(lambda t: keras.ops.flip(t, axis=1), **lambda_options))
    layers.append(keras.layers.Dense(len(TAG_NAMES), activation="softmax"))
    keras.utils.set_random_seed(4)
    return keras.Sequential(layers)


Q4 = {"tag_len": TAG_LEN, "tag_names": TAG_NAMES, "word_ids": WORD_IDS}


def test_q4_right_answer_reads_like_the_backward_half(shown) -> None:
    outcome, _ = run(ex.q4, shown, backward_tagger=backward_tagger(), **Q4)
    assert outcome is Outcome.CORRECT


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"keep_mask": False}, "no padding mask reaches the output"),
        ({"mask_zero": False}, "Embedding(..., mask_zero=True) makes the mask"),
        ({"flip": False}, "the outputs are not where the words are"),
    ],
)
def test_q4_a_lost_mask_and_a_missing_flip_are_told(shown, options, message) -> None:
    outcome, said = run(ex.q4, shown, backward_tagger=backward_tagger(**options), **Q4)
    assert outcome is Outcome.INCORRECT and message in said


def test_q4_a_wrong_type_and_a_wrong_output_shape(shown) -> None:
    outcome, said = run(ex.q4, shown, backward_tagger=LSTM(5), **Q4)
    assert outcome is Outcome.INCORRECT
    assert "`backward_tagger` should be a Keras model, such as keras.Sequential" in said

    one_per_sentence = keras.Sequential(
        [
            keras.Input((TAG_LEN,), dtype="int32"),
            keras.layers.Embedding(len(WORD_IDS) + 2, 8, mask_zero=True),
            LSTM(5, go_backwards=True),
            keras.layers.Dense(len(TAG_NAMES), activation="softmax"),
        ]
    )
    outcome, said = run(ex.q4, shown, backward_tagger=one_per_sentence, **Q4)
    assert outcome is Outcome.INCORRECT
    assert (
        "should give (sentences, time, tags) = (1, 7, 3) for one sentence; it gives (1, 3)" in said
    )


# --- q5 ---------------------------------------------------------------------------------------


def test_q5_is_a_thought_question_with_a_model_answer(shown) -> None:
    ex.bind({})
    ex.q5.check()
    assert ex.q5.outcome is Outcome.UNCHECKABLE
    ex.q5.solution()
    assert "each half learns only as fast as the other one is" in shown[-1]["text/plain"]
