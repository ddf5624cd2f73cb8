"""Chapter 10's explorer: a typed review, both directions' hidden states, and the verdict."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lstm_course.config import set_seed
from lstm_course.explorers.review import encode_review, review_figure
from lstm_course.layers import LSTM, Bidirectional

UNITS, LENGTH = 4, 8
REVIEWS = [
    "the acting was good but the story was dull",
    "the plot was boring although the music was great",
]


@pytest.fixture(scope="module")
def vectorizer():
    layer = keras.layers.TextVectorization(output_sequence_length=LENGTH)
    layer.adapt(np.asarray(REVIEWS, dtype=object))
    return layer


@pytest.fixture(scope="module")
def model(vectorizer):
    """A small untrained sentiment model with the chapter's shape: ids in, P(positive) out."""
    set_seed(0)
    return keras.Sequential(
        [
            keras.Input((LENGTH,), dtype="int32"),
            keras.layers.Embedding(len(vectorizer.get_vocabulary()), 5, mask_zero=True),
            Bidirectional(LSTM(UNITS), name="both_ways"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def heatmaps(figure) -> list[np.ndarray]:
    return [np.asarray(ax.images[0].get_array()) for ax in figure.axes if ax.images]


def ticks(figure, k: int) -> list[str]:
    axes = [ax for ax in figure.axes if ax.images]
    return [label.get_text() for label in axes[k].get_xticklabels()]


def title_probability(figure) -> float:
    found = re.search(r"P\(positive\) = (\d\.\d{3})", figure._suptitle.get_text())
    assert found, figure._suptitle.get_text()
    return float(found.group(1))


def test_one_column_per_word_in_each_direction(model, vectorizer) -> None:
    text = "the acting was good but the story"
    figure = review_figure(text, model=model, encode=vectorizer)
    forward, backward = heatmaps(figure)
    assert forward.shape == backward.shape == (UNITS, 7)  # (units, words)
    assert ticks(figure, 0) == ticks(figure, 1) == text.split()


def test_the_states_are_the_layers_own(model, vectorizer) -> None:
    """The forward state at the last word and the backward state at the first are what the
    Bidirectional layer hands the classifier, [h→_T ; h←_1]."""
    text = "the story was dull but the music"
    forward, backward = heatmaps(review_figure(text, model=model, encode=vectorizer))
    ids = np.asarray(vectorizer(np.asarray([text], dtype=object))).astype("int32")
    up_to_layer = keras.Model(model.inputs[0], model.get_layer("both_ways").output)
    final = np.asarray(up_to_layer(ids, training=False))[0]
    np.testing.assert_allclose(forward[:, -1], final[:UNITS], atol=1e-5)
    np.testing.assert_allclose(backward[:, 0], final[UNITS:], atol=1e-5)
    assert not np.allclose(forward[:, 0], backward[:, 0]), "two directions, two different states"


def test_the_title_gives_the_models_probability(model, vectorizer) -> None:
    for text in REVIEWS:
        figure = review_figure(text, model=model, encode=vectorizer)
        ids = np.asarray(vectorizer(np.asarray([text], dtype=object))).astype("int32")
        expected = float(model.predict(ids, verbose=0)[0, 0])
        assert title_probability(figure) == pytest.approx(expected, abs=5e-4)


def test_unknown_words_are_named_in_the_figure(model, vectorizer) -> None:
    figure = review_figure("the acting was superb, truly", model=model, encode=vectorizer)
    assert ticks(figure, 0) == ["the", "acting", "was", "superb?", "truly?"]
    note = figure._supxlabel.get_text()
    assert "'superb', 'truly'" in note and "[UNK]" in note
    colours = [label.get_color() for label in figure.axes[0].get_xticklabels()]
    assert colours[3] == colours[4] == "crimson" and colours[0] != "crimson"


def test_a_review_longer_than_the_input_says_it_is_cut(model, vectorizer) -> None:
    text = "the acting was good but the story was dull and the music was great"
    figure = review_figure(text, model=model, encode=vectorizer)
    assert heatmaps(figure)[0].shape == (UNITS, LENGTH)
    assert f"Only the first {LENGTH} words" in figure._supxlabel.get_text()


@pytest.mark.parametrize("text", ["", "   ", "?!, ..."])
def test_a_review_without_words_gives_a_message(model, vectorizer, text) -> None:
    figure = review_figure(text, model=model, encode=vectorizer)
    assert not heatmaps(figure)
    shown = " ".join(t.get_text() for t in figure.axes[0].texts)
    assert figure.axes[0].get_title() == "No words to read" and "Type a review" in shown


def test_a_plain_encode_function_needs_the_vocabulary(model, vectorizer) -> None:
    def encode(texts):
        return np.asarray(vectorizer(texts)).astype("int32")

    with pytest.raises(TypeError, match="pass vocabulary="):
        review_figure("the plot was boring", model=model, encode=encode)
    figure = review_figure(
        "the plot was boring", model=model, encode=encode, vocabulary=vectorizer.get_vocabulary()
    )
    assert ticks(figure, 1) == ["the", "plot", "was", "boring"]


def test_bad_models_and_texts_are_refused_clearly(model, vectorizer) -> None:
    one_way = keras.Sequential(
        [keras.Input((LENGTH,), dtype="int32"), keras.layers.Embedding(30, 3), LSTM(2)]
    )
    with pytest.raises(ValueError, match="has none"):
        review_figure("the plot", model=one_way, encode=vectorizer)
    with pytest.raises(ValueError, match="no bidirectional layer 'nope'"):
        review_figure("the plot", model=model, encode=vectorizer, layer="nope")
    with pytest.raises(TypeError, match="as a string"):
        review_figure(["the plot"], model=model, encode=vectorizer)


def test_encode_review_lines_up_typed_words(vectorizer) -> None:
    ids, words, unknown, cut = encode_review(
        "The ACTING, was splendid!", vectorizer, vectorizer.get_vocabulary()
    )
    assert ids.shape == (1, LENGTH) and ids.dtype == np.int32
    assert words == ["the", "acting", "was", "splendid"]
    assert unknown == [False, False, False, True] and cut is False


def test_both_panels_share_one_colour_scale_centred_at_zero(model, vectorizer) -> None:
    """An untrained model's states are faint: the scale follows the largest, not ±1."""
    figure = review_figure(REVIEWS[0], model=model, encode=vectorizer)
    forward, backward = heatmaps(figure)
    largest = max(np.abs(forward).max(), np.abs(backward).max())
    for ax in figure.axes[:2]:
        assert ax.images[0].get_clim() == pytest.approx((-largest, largest))
