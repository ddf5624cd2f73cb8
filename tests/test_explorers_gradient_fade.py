"""Chapter 06's explorer: the gradient of a plain RNN against distance, by hand in NumPy."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lstm_course.explorers.gradient_fade import (
    gradient_by_distance_figure,
    gradient_by_distance_norms,
    random_rnn,
)
from lstm_course.gradients import gradient_by_distance, simple_rnn_jacobian_norms


def plotted_curve(figure) -> np.ndarray:
    """The y data of the figure's first line: the Jacobian norms, by distance."""
    return np.asarray(figure.axes[0].lines[0].get_ydata(), dtype="float64")


def test_the_figure_plots_the_norms_on_a_log_scale_with_labels() -> None:
    figure = gradient_by_distance_figure(1.0, "tanh", units=8, steps=30)
    ax = figure.axes[0]
    assert ax.get_yscale() == "log"
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    np.testing.assert_allclose(
        plotted_curve(figure), gradient_by_distance_norms(1.0, "tanh", 8, 30)
    )
    assert len(plotted_curve(figure)) == 30
    plt.close(figure)


@pytest.mark.parametrize("gain", [0.8, 1.0, 1.25])
def test_with_the_identity_the_norm_is_gain_to_the_power_d(gain: float) -> None:
    figure = gradient_by_distance_figure(gain, "identity", units=8, steps=40)
    norms = plotted_curve(figure)
    plt.close(figure)
    distance = np.arange(40)
    np.testing.assert_allclose(norms / norms[0], gain**distance, rtol=1e-9)


def test_below_one_falls_above_one_grows_with_the_identity() -> None:
    falls = gradient_by_distance_norms(0.9, "identity", units=8, steps=50)
    grows = gradient_by_distance_norms(1.1, "identity", units=8, steps=50)
    assert np.all(np.diff(falls) < 0) and falls[-1] < 0.01 * falls[0]
    assert np.all(np.diff(grows) > 0) and grows[-1] > 100 * grows[0]


def test_tanh_fades_even_with_an_orthogonal_w_h() -> None:
    norms = gradient_by_distance_norms(1.0, "tanh", units=16, steps=100)
    assert norms[-1] < 1e-2 * norms[0]


def test_the_numpy_product_equals_automatic_differentiation() -> None:
    W_x, W_h, b = random_rnn(1.2, units=6, seed=3)
    x = np.random.default_rng(4).uniform(size=(1, 25, 2)).astype("float32")
    layer = keras.layers.SimpleRNN(6)
    layer(x)
    layer.set_weights([W_x.astype("float32"), W_h.astype("float32"), b.astype("float32")])
    by_hand = simple_rnn_jacobian_norms(x[0], W_x, W_h, b, "tanh")
    np.testing.assert_allclose(by_hand, gradient_by_distance(layer, x), rtol=1e-3)


def test_w_h_is_orthogonal_times_the_gain() -> None:
    _, W_h, _ = random_rnn(1.5, units=10, seed=0)
    np.testing.assert_allclose(np.linalg.svd(W_h, compute_uv=False), 1.5)


def test_an_unknown_activation_is_named_with_the_choices() -> None:
    with pytest.raises(ValueError, match=r"activation must be one of 'tanh', 'identity', 'relu'"):
        gradient_by_distance_figure(1.0, "sigmoidal")


def test_activation_names_from_a_text_box_are_forgiving() -> None:
    np.testing.assert_allclose(
        gradient_by_distance_norms(1.0, " ReLU ", units=8, steps=20),
        gradient_by_distance_norms(1.0, "relu", units=8, steps=20),
    )


def test_a_gain_that_is_not_positive_is_refused() -> None:
    with pytest.raises(ValueError, match="gain must be a positive number"):
        gradient_by_distance_norms(0.0)
    with pytest.raises(ValueError, match="steps must be a whole number of at least 2"):
        gradient_by_distance_norms(1.0, steps=1)
