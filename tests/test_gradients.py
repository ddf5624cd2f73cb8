"""The gradient probes of chapter 06 against the chain rule written out in NumPy.

Runs on whichever backend KERAS_BACKEND names (tensorflow and jax both pass).
"""

from __future__ import annotations

import keras
import numpy as np
import pytest

from lstm_course import layers as ours
from lstm_course.gradients import (
    gradient_by_distance,
    last_state_jacobian_norms,
    weight_gradient_norms,
)

pytestmark = pytest.mark.backend  # runs on every Keras backend (make test-jax)

BATCH, STEPS, FEATURES, UNITS = 3, 7, 2, 4


@pytest.fixture
def x() -> np.ndarray:
    return np.random.default_rng(0).standard_normal((BATCH, STEPS, FEATURES)).astype("float32")


def built(layer: keras.layers.Layer, x: np.ndarray, seed: int = 0, scale: float = 0.6):
    """``layer`` built on ``x`` with random weights (biases too)."""
    layer(x)
    rng = np.random.default_rng(seed)
    layer.set_weights(
        [scale * rng.standard_normal(w.shape).astype("float32") for w in layer.get_weights()]
    )
    return layer


def chain_rule_norms(x: np.ndarray, W, U, b, activation: str) -> np.ndarray:
    """‖∂h_T/∂x_t‖_F for h_t = act(x_t W + h_{t-1} U + b), as the product of step Jacobians."""
    batch, steps, _ = x.shape
    norms = np.zeros((batch, steps))
    for n in range(batch):
        h = np.zeros(U.shape[0])
        slopes = []
        for t in range(steps):
            z = x[n, t] @ W + h @ U + b
            h = np.tanh(z) if activation == "tanh" else z
            slopes.append(1 - h**2 if activation == "tanh" else np.ones_like(h))
        # column form: ∂h_T/∂x_t = D_T Uᵀ D_{T-1} ··· Uᵀ D_t Wᵀ
        back = np.diag(slopes[-1])
        for t in range(steps - 1, -1, -1):
            norms[n, t] = np.linalg.norm(back @ W.T)
            if t:
                back = back @ U.T @ np.diag(slopes[t - 1])
    return norms


@pytest.mark.parametrize("activation", ["tanh", None])
@pytest.mark.parametrize("layer_class", [ours.SimpleRNN, keras.layers.SimpleRNN])
def test_simple_rnn_norms_are_the_product_of_step_jacobians(x, layer_class, activation) -> None:
    layer = built(layer_class(UNITS, activation=activation), x)
    W, U, b = (w.astype("float64") for w in layer.get_weights())
    expected = chain_rule_norms(x.astype("float64"), W, U, b, activation or "linear")
    got = last_state_jacobian_norms(layer, x)
    assert got.shape == (BATCH, STEPS)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-6)


def test_linear_rnn_norm_is_that_of_w_times_a_power_of_u(x) -> None:
    """Without the tanh, the input d steps back reaches the end through W U^d."""
    layer = built(keras.layers.SimpleRNN(UNITS, activation=None), x)
    W, U, _ = (w.astype("float64") for w in layer.get_weights())
    by_distance = gradient_by_distance(layer, x)
    expected = [np.linalg.norm(W @ np.linalg.matrix_power(U, d)) for d in range(STEPS)]
    np.testing.assert_allclose(by_distance, expected, rtol=1e-4)


@pytest.mark.parametrize("layer_class", [ours.LSTM, keras.layers.LSTM])
def test_lstm_norms_match_finite_differences(x, layer_class) -> None:
    layer = built(layer_class(UNITS), x, seed=1)
    eps = 1e-2
    # every perturbation (step t, feature f, sign) of every example, in one batch
    steps, features = np.meshgrid(np.arange(STEPS), np.arange(FEATURES), indexing="ij")
    shifted = np.repeat(x[None, None, None], 2, axis=2)  # (1, 1, 2, batch, time, features)
    shifted = np.tile(shifted, (STEPS, FEATURES, 1, 1, 1, 1)).astype("float64")
    for t, f in zip(steps.ravel(), features.ravel(), strict=True):
        shifted[t, f, 0, :, t, f] += eps
        shifted[t, f, 1, :, t, f] -= eps
    h = keras.ops.convert_to_numpy(
        layer(shifted.reshape(-1, STEPS, FEATURES).astype("float32"))
    ).astype("float64")
    h = h.reshape(STEPS, FEATURES, 2, BATCH, UNITS)
    columns = (h[:, :, 0] - h[:, :, 1]) / (2 * eps)  # (time, features, batch, units)
    expected = np.sqrt((columns**2).sum(axis=(1, 3))).T  # (batch, time)
    np.testing.assert_allclose(last_state_jacobian_norms(layer, x), expected, rtol=2e-2)


def test_a_model_ending_in_a_recurrent_layer_works_and_chunking_changes_nothing(x) -> None:
    model = keras.Sequential(
        [keras.Input((STEPS, FEATURES)), keras.layers.LSTM(UNITS), keras.layers.Dense(3)]
    )
    whole = last_state_jacobian_norms(model, x)
    one_row_at_a_time = last_state_jacobian_norms(model, x, max_batch=1)
    np.testing.assert_allclose(one_row_at_a_time, whole, rtol=1e-5, atol=1e-7)
    assert whole.shape == (BATCH, STEPS)


def test_distance_zero_is_the_last_step(x) -> None:
    """Entry 0 is the last input, which reaches h_T through one tanh: |diag(1 - h_T^2) Wᵀ|."""
    layer = built(keras.layers.SimpleRNN(UNITS), x)
    norms = last_state_jacobian_norms(layer, x)
    by_distance = gradient_by_distance(layer, x)
    assert by_distance.shape == (STEPS,)
    np.testing.assert_allclose(by_distance, norms.mean(axis=0)[::-1], rtol=1e-6)
    W = layer.get_weights()[0].astype("float64")
    h_last = keras.ops.convert_to_numpy(layer(x)).astype("float64")  # (batch, units)
    last = [np.linalg.norm(np.diag(1 - h**2) @ W.T) for h in h_last]
    np.testing.assert_allclose(by_distance[0], np.mean(last), rtol=1e-4)


def test_a_layer_that_returns_sequences_is_refused_with_a_hint(x) -> None:
    layer = keras.layers.SimpleRNN(UNITS, return_sequences=True)
    with pytest.raises(ValueError, match="return_sequences=False"):
        last_state_jacobian_norms(layer, x)
    with pytest.raises(ValueError, match=r"\(batch, time, features\)"):
        last_state_jacobian_norms(keras.layers.SimpleRNN(UNITS), x[0])


def test_weight_gradient_norms_match_the_closed_form() -> None:
    """For y_hat = x w (no bias), mse's gradient is 2/n xᵀ(x w - y)."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((16, 5)).astype("float32")
    y = rng.standard_normal((16, 1)).astype("float32")
    model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(1, use_bias=False)])
    (w,) = model.get_weights()
    expected = np.linalg.norm(2 / len(x) * x.T.astype("float64") @ (x @ w - y))
    norms = weight_gradient_norms(model, x, y)
    assert list(norms) == [model.trainable_variables[0].path]
    np.testing.assert_allclose(norms[model.trainable_variables[0].path], expected, rtol=1e-5)


def test_weight_gradient_norms_name_every_weight_of_a_recurrent_model(x) -> None:
    model = keras.Sequential(
        [keras.Input((STEPS, FEATURES)), ours.SimpleRNN(UNITS), keras.layers.Dense(1)]
    )
    norms = weight_gradient_norms(model, x, np.ones((BATCH, 1)))
    assert len(norms) == 5  # kernel, recurrent kernel, bias; Dense kernel and bias
    assert all(np.isfinite(v) and v > 0 for v in norms.values())
