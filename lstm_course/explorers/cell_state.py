"""Chapters 07 and 08's explorers: the forget gate, the input gate and the cell state over time.

The LSTM's memory update, one unit, with the gates held at values you choose:

    C_t = f_t ⊙ C_{t-1} + i_t ⊙ C~_t

:func:`candidate_sequence` is a fixed proposal C~_t: one clear write at ``write_step`` and small
noise at every other step. :func:`cell_states` runs the update over it, and
:func:`cell_state_figure` draws C~_t and C_t for a constant ``f_t`` and ``i_t``, beside an input
gate that opens only at the write (``i_t = 1`` there, 0 elsewhere, the same ``f_t``).

The forget gate of a fresh cell is about ``f = σ(b_f + a)``, where ``a = x_t W_xf + h_{t-1}
W_hf`` is small at first (near 0 with small random weights). A memory scaled by ``f`` at every
step halves in

    half-life = ln 0.5 / ln f   steps

(:func:`half_life`); :func:`forget_bias_figure` draws ``f`` on the sigmoid and what is left of
the memory after each step, for a bias ``b_f`` and a pre-activation ``a`` you choose.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

__all__ = [
    "candidate_sequence",
    "cell_state_figure",
    "cell_states",
    "forget_bias_figure",
    "forget_gate_value",
    "half_life",
]


def _gate(name: str, value, steps: int) -> np.ndarray:
    """A gate held at ``value`` (a number, or one per step), checked to lie in [0, 1]."""
    gate = np.broadcast_to(np.asarray(value, dtype="float64"), (steps,)).copy()
    if not np.all(np.isfinite(gate)) or gate.min() < 0 or gate.max() > 1:
        raise ValueError(
            f"{name} is a gate, a value between 0 and 1 (a sigmoid's output); got {value!r}. "
            "Choose a value in [0, 1]."
        )
    return gate


def candidate_sequence(
    steps: int = 40, write_step: int = 5, write: float = 1.0, noise: float = 0.1, seed: int = 0
) -> np.ndarray:
    """A proposal C~_t for one unit, ``(steps,)``: ``write`` at ``write_step``, else small noise.

    The noise is uniform in ``[-noise, noise]`` (from ``seed``); every value stays in (-1, 1),
    the range of tanh, as a real candidate's does.
    """
    if int(steps) != steps or steps < 2:
        raise ValueError(f"steps must be a whole number of at least 2; got {steps!r}.")
    if not 0 <= write_step < steps:
        raise ValueError(
            f"write_step must be a step of the sequence, 0 to {steps - 1}; got {write_step!r}."
        )
    candidate = np.random.default_rng(seed).uniform(-noise, noise, size=int(steps))
    candidate[write_step] = write
    return np.clip(candidate, -0.999, 0.999)


def cell_states(forget, write, candidate, start: float = 0.0) -> np.ndarray:
    """``C_t = f_t * C_{t-1} + i_t * C~_t`` from ``C_{-1} = start``, one value per step.

    ``forget`` (f_t) and ``write`` (i_t) are numbers in [0, 1] or one per step; ``candidate``
    is the proposal C~_t, one per step.
    """
    candidate = np.asarray(candidate, dtype="float64")
    if candidate.ndim != 1 or len(candidate) == 0:
        raise ValueError(f"candidate must be one value per step, (steps,); got {candidate.shape}")
    f = _gate("f_t (the forget gate)", forget, len(candidate))
    i = _gate("i_t (the input gate)", write, len(candidate))
    states = np.empty_like(candidate)
    c = float(start)
    for t, c_tilde in enumerate(candidate):
        c = f[t] * c + i[t] * c_tilde
        states[t] = c
    return states


def half_life(forget: float) -> float:
    """The steps after which a memory scaled by ``forget`` at every step is halved.

    ``ln 0.5 / ln f``: infinite for f = 1 (nothing is lost), 0 for f = 0 (all is lost at once).
    """
    (f,) = _gate("f (the forget gate)", forget, 1)
    if f == 1:
        return math.inf
    if f == 0:
        return 0.0
    return math.log(0.5) / math.log(f)


def forget_gate_value(b_f: float, pre_activation: float = 0.0) -> float:
    """``f = σ(b_f + a)``: the forget gate of bias ``b_f``, with ``a = x_t W_xf + h_{t-1} W_hf``."""
    return float(1 / (1 + np.exp(-(float(b_f) + float(pre_activation)))))


def cell_state_figure(
    forget: float,
    write: float,
    steps: int = 40,
    write_step: int = 5,
    start: float = 0.0,
    seed: int = 0,
) -> Figure:
    """C~_t (bars); C_t for constant f_t and i_t, and for an input gate open at the write only."""
    candidate = candidate_sequence(steps, write_step, seed=seed)
    constant = cell_states(forget, write, candidate, start)
    at_write = np.zeros(len(candidate))
    at_write[write_step] = 1.0
    selective = cell_states(forget, at_write, candidate, start)
    figure, ax = plt.subplots(figsize=(9, 4), layout="constrained")
    t = np.arange(len(candidate))
    ax.bar(t, candidate, color="lightgray", label="candidate C~_t (what is proposed)")
    ax.plot(
        t,
        constant,
        "o-",
        markersize=3,
        color="tab:blue",
        label=f"C_t with f_t = {float(forget):.2f}, i_t = {float(write):.2f} at every step",
    )
    ax.plot(
        t,
        selective,
        "--",
        color="tab:red",
        label=f"C_t with f_t = {float(forget):.2f}, i_t = 1 at step {write_step} only",
    )
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.set(
        title=f"The cell state, C_t = f_t * C_(t-1) + i_t * C~_t: half-life of the memory "
        f"{_steps(half_life(forget))}",
        xlabel="time step t",
        ylabel="value",
        ylim=(min(-1.05, constant.min() - 0.1), max(1.05, constant.max() + 0.1)),
    )
    ax.legend(fontsize=8, loc="lower right")
    return figure


def forget_bias_figure(b_f: float, pre_activation: float = 0.0, steps: int = 30) -> Figure:
    """Left: f = σ(b_f + a) on the sigmoid. Right: what is left of a memory after d steps, f^d."""
    f = forget_gate_value(b_f, pre_activation)
    life = half_life(f)
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
    z = np.linspace(-6, 6, 200)
    left.plot(z, 1 / (1 + np.exp(-z)), color="grey", label="σ(z)")
    z_f = float(b_f) + float(pre_activation)
    left.plot([z_f], [f], "o", color="tab:blue", markersize=8, label=f"f = σ({z_f:.2f}) = {f:.3f}")
    left.set(
        title=f"The forget gate: b_f = {float(b_f):.2f}, pre-activation a = "
        f"{float(pre_activation):.2f}",
        xlabel="z = b_f + a   (a = x_t W_xf + h_(t-1) W_hf)",
        ylabel="f = σ(z)",
        ylim=(-0.02, 1.02),
    )
    left.legend(fontsize=8, loc="upper left")
    d = np.arange(steps + 1)
    right.plot(d, f**d, "o-", markersize=3, color="tab:blue", label="f^d: what is left")
    right.axhline(0.5, color="grey", linestyle=":", label="half")
    if math.isfinite(life) and life <= steps:
        right.axvline(life, color="tab:red", linestyle="--", label=f"half-life {life:.1f} steps")
    right.set(
        title=f"The memory after d steps: half-life ln 0.5 / ln f = {_steps(life)}",
        xlabel="steps d",
        ylabel="fraction of the memory left",
        ylim=(-0.02, 1.02),
    )
    right.legend(fontsize=8)
    return figure


def _steps(value: float) -> str:
    return "infinite (nothing is lost)" if math.isinf(value) else f"{value:.1f} steps"
