"""Chapter 06's explorer: how the gain of W_h and the activation decide whether a gradient fades.

A small plain RNN, ``h_t = φ(x_t W_x + h_{t-1} W_h + b)``, with an orthogonal ``W_h`` scaled by
``gain`` (every singular value equal to ``gain``), random inputs, and ``b = 0``. The Jacobian of
the last state with respect to an input ``d = T - t`` steps back is a product of ``d`` factors
(column vectors, ``D_k = diag(φ'(z_k))``):

    ∂h_T/∂x_t = D_T W_hᵀ D_{T-1} W_hᵀ ··· D_{t+1} W_hᵀ D_t W_xᵀ

With the identity (``D_k = I``) its norm is exactly ``gain^d · ‖W_x‖_F``: below 1 it falls,
above 1 it grows, exponentially. With tanh every slope is at most 1, so the product falls at
least as fast as ``gain^d``, and a large gain saturates the units (slopes near 0).

:func:`gradient_by_distance_norms` computes the curve (NumPy, by hand, through
:func:`lstm_course.gradients.simple_rnn_jacobian_norms`); :func:`gradient_by_distance_figure`
draws it on a log scale, with ``gain^d`` beside it, for :func:`lstm_course.explorers.explore`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ..gradients import RNN_ACTIVATIONS, simple_rnn_jacobian_norms

__all__ = [
    "ACTIVATIONS",
    "gradient_by_distance_figure",
    "gradient_by_distance_norms",
    "random_rnn",
]

ACTIVATIONS = tuple(RNN_ACTIVATIONS)
"""The activations the explorer knows: ``"tanh"``, ``"identity"``, ``"relu"``."""

FEATURES = 2  # two input features, as in the adding problem


def random_rnn(
    gain: float, units: int = 16, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(W_x, W_h, b)`` as Keras starts a ``SimpleRNN``, with ``W_h`` orthogonal times ``gain``.

    ``W_x`` (features, units) is Glorot-uniform, ``W_h`` (units, units) an orthogonal matrix
    (from the QR decomposition of a Gaussian one) scaled by ``gain``, ``b`` zeros.
    """
    gain = float(gain)
    if not np.isfinite(gain) or gain <= 0:
        raise ValueError(f"gain must be a positive number (1 keeps W_h orthogonal); got {gain}.")
    if int(units) != units or units < 1:
        raise ValueError(f"units must be a positive whole number; got {units!r}.")
    units = int(units)
    rng = np.random.default_rng(seed)
    limit = np.sqrt(6 / (FEATURES + units))
    W_x = rng.uniform(-limit, limit, size=(FEATURES, units))
    q, r = np.linalg.qr(rng.normal(size=(units, units)))
    W_h = gain * q * np.sign(np.diag(r))  # the sign fix makes q uniformly distributed
    return W_x, W_h, np.zeros(units)


def gradient_by_distance_norms(
    gain: float, activation: str = "tanh", units: int = 16, steps: int = 100, seed: int = 0
) -> np.ndarray:
    """``‖∂h_T/∂x_t‖_F`` against the distance ``d = T - t`` (entry d), ``(steps,)``.

    For :func:`random_rnn` ``(gain, units, seed)`` on one sequence of ``steps`` random inputs
    in [0, 1] (two features, from the same seed).
    """
    if int(steps) != steps or steps < 2:
        raise ValueError(f"steps must be a whole number of at least 2; got {steps!r}.")
    W_x, W_h, b = random_rnn(gain, units, seed)
    x = np.random.default_rng(seed + 1).uniform(size=(int(steps), FEATURES))
    return simple_rnn_jacobian_norms(x, W_x, W_h, b, activation)


def gradient_by_distance_figure(
    gain: float, activation: str = "tanh", units: int = 16, steps: int = 100, seed: int = 0
) -> Figure:
    """The semilog plot of :func:`gradient_by_distance_norms`, with ``gain^d`` for reference."""
    norms = gradient_by_distance_norms(gain, activation, units, steps, seed)
    name = activation.strip().lower()
    distance = np.arange(len(norms))
    figure, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    shown = np.where(norms > 0, norms, np.nan)  # ReLU can give exact zeros: no point on a log axis
    ax.semilogy(distance, shown, color="tab:blue", label=f"{name}: |dh_T/dx_t|, by hand")
    ax.semilogy(
        distance,
        norms[0] * float(gain) ** distance,
        "k:",
        label=f"{float(gain):g}^d (the identity's curve, from the same start)",
    )
    ratio = norms[-1] / norms[0]
    ax.set(
        title=f"SimpleRNN, {units} units, W_h orthogonal x {float(gain):g}, {name}: "
        f"distance {len(norms) - 1} vs 0 = {ratio:.1e}",
        xlabel="distance d = T - t (steps back from the end)",
        ylabel="|dh_T / dx_t| (log scale)",
    )
    ax.legend(fontsize=8)
    return figure
