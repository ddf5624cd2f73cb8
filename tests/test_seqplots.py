"""The sequence figures: captioned image grids and attention maps, titled and labelled."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lstm_course import seqplots  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_attention_map_has_tokens_on_both_axes():
    weights = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    ax = seqplots.plot_attention(weights, ["I", "eat", "rice"], ["a", "b"], title="Attention")
    assert ax.get_title() == "Attention"
    assert ax.get_xlabel() and ax.get_ylabel()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["I", "eat", "rice"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    np.testing.assert_array_equal(ax.images[0].get_array(), weights)
    assert {t.get_text() for t in ax.texts} == {"0.70", "0.20", "0.10", "0.80"}


def test_attention_map_names_the_shape_it_wants():
    with pytest.raises(ValueError, match=r"expected \(2, 3\)"):
        seqplots.plot_attention(np.ones((3, 3)), ["a", "b", "c"], ["x", "y"])
    with pytest.raises(ValueError, match="one example"):
        seqplots.plot_attention(np.ones((1, 2, 3)), ["a", "b", "c"], ["x", "y"])


def test_korean_tokens_get_a_hangul_font_or_latin_letters(monkeypatch):
    weights = np.eye(2)
    monkeypatch.setattr(seqplots, "hangul_font", lambda: None)
    ax = seqplots.plot_attention(weights, ["나는", "먹었다"], ["I", "ate"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["naneun", "meokeotda"]
    monkeypatch.setattr(seqplots, "hangul_font", lambda: "DejaVu Sans")
    ax = seqplots.plot_attention(weights, ["나는", "먹었다"], ["I", "ate"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["나는", "먹었다"]


def test_romanize_reads_each_syllable():
    assert seqplots.romanize("서울에서") == "seouleseo"
    assert seqplots.romanize("김치를 3개") == "gimchireul 3gae"
    assert seqplots.romanize("abc") == "abc"


def test_caption_grid_writes_each_caption_under_its_image():
    images = np.zeros((5, 8, 8, 3), np.uint8)
    captions = [f"a small red circle number {i}" for i in range(5)]
    fig = seqplots.show_captions(images, captions, title="Captions", ncols=3)
    assert fig._suptitle.get_text() == "Captions"
    axes = fig.axes
    assert len(axes) == 6  # 2 rows of 3, the last one empty and hidden
    assert axes[0].get_xlabel().replace("\n", " ") == captions[0]
    assert not axes[5].axison


def test_caption_grid_colours_right_and_wrong_captions():
    images = np.ones((2, 8, 8, 3), float)
    fig = seqplots.show_captions(
        images, ["a red circle", "a blue square"], references=["a red circle", "a red square"]
    )
    right, wrong = fig.axes[0].xaxis.label, fig.axes[1].xaxis.label
    assert "true: a red circle" in right.get_text()
    assert matplotlib.colors.to_hex(right.get_color()) != matplotlib.colors.to_hex(
        wrong.get_color()
    )
    with pytest.raises(ValueError, match="2 images but 1 captions"):
        seqplots.show_captions(images, ["one"])
    with pytest.raises(ValueError, match="images\\[None\\]"):
        seqplots.show_captions(images[0], ["one"])


def test_image_attention_draws_each_words_weights_over_the_image():
    image = np.zeros((16, 16, 3), np.uint8)
    weights = np.zeros((3, 4))
    weights[[0, 1, 2], [0, 3, 3]] = 1.0  # one region a word, on a 2 x 2 grid
    fig = seqplots.plot_image_attention(
        image, ["a", "red", "circle"], weights, ncols=2, title="Looks"
    )
    assert fig._suptitle.get_text() == "Looks"
    assert [ax.get_title() for ax in fig.axes] == ["a", "red", "circle", ""]
    overlay = fig.axes[2].images[1]
    np.testing.assert_array_equal(overlay.get_array(), [[0.0, 0.0], [0.0, 1.0]])
    assert overlay.get_extent() == [-0.5, 15.5, 15.5, -0.5]  # stretched over the whole image


def test_image_attention_names_the_shapes_it_wants():
    image = np.zeros((8, 8, 3))
    with pytest.raises(ValueError, match="images\\[0\\]"):
        seqplots.plot_image_attention(np.zeros((2, 8, 8, 3)), ["a"], np.ones((1, 4)))
    with pytest.raises(ValueError, match="a row per word"):
        seqplots.plot_image_attention(image, ["a", "b"], np.ones((3, 4)))
    with pytest.raises(ValueError, match="grid_shape=\\(rows, cols\\)"):
        seqplots.plot_image_attention(image, ["a"], np.ones((1, 6)))
    fig = seqplots.plot_image_attention(image, ["a"], np.ones((1, 6)) / 6, grid_shape=(2, 3))
    assert fig.axes[0].images[1].get_array().shape == (2, 3)
