"""Chapter 11's explorer: the callback's bars are the softmax at the chosen temperature."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lstm_course.explorers.temperature import entropy_bits, next_character_at_temperature
from lstm_course.language_model import softmax_with_temperature

LOGITS = np.array([3.0, 1.5, 1.0, 0.0, -2.0])
LABELS = [" ", "e", "t", "\n", "Z"]


def _heights(figure, start: int, stop: int) -> np.ndarray:
    return np.array([bar.get_height() for bar in figure.axes[0].patches[start:stop]])


@pytest.mark.parametrize("temperature", [0.2, 1.0, 2.5])
def test_the_bars_are_the_softmax_at_that_temperature(temperature):
    figure = next_character_at_temperature(temperature, LOGITS, LABELS)
    n = len(LOGITS)
    np.testing.assert_allclose(
        _heights(figure, 0, n), softmax_with_temperature(LOGITS, temperature)
    )
    np.testing.assert_allclose(_heights(figure, n, 2 * n), softmax_with_temperature(LOGITS, 1.0))
    ax = figure.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["␣", "e", "t", "\\n", "Z"]
    assert f"T = {temperature:g}" in ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    plt.close(figure)


def test_the_top_few_of_the_whole_softmax():
    shuffled = np.array([0.0, 3.0, -2.0, 1.5, 1.0])  # the same logits, in another order
    labels = ["\n", " ", "Z", "e", "t"]
    figure = next_character_at_temperature(0.5, shuffled, labels, show=3)
    p = softmax_with_temperature(shuffled, 0.5)  # over all five, not the three shown
    np.testing.assert_allclose(_heights(figure, 0, 3), p[[1, 3, 4]])
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()] == ["␣", "e", "t"]
    assert "3 most probable of 5" in figure.axes[0].get_xlabel()
    plt.close(figure)


def test_the_title_shows_the_entropy_falling_with_the_temperature():
    cold = entropy_bits(softmax_with_temperature(LOGITS, 0.2))
    hot = entropy_bits(softmax_with_temperature(LOGITS, 2.5))
    assert cold < entropy_bits(softmax_with_temperature(LOGITS, 1.0)) < hot < np.log2(5)
    figure = next_character_at_temperature(0.2, LOGITS, LABELS)
    assert f"entropy {cold:.2f} bits" in figure.axes[0].get_title()
    plt.close(figure)
    assert entropy_bits([0.5, 0.5, 0.0]) == pytest.approx(1.0)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="one label per logit"):
        next_character_at_temperature(1.0, LOGITS, LABELS[:3])
    with pytest.raises(ValueError, match="temperature must be a positive number"):
        next_character_at_temperature(0.0, LOGITS, LABELS)
