"""Chapter 09's explorer: the output gate against what the cell shows.

    o_t = σ(x_t W_xo + h_{t-1} W_ho + b_o)      the output gate, a share in (0, 1) per unit
    h_t = o_t ⊙ tanh(C_t)                        what the cell shows of its memory C_t

``output_gate_figure(o, c_max)`` draws two panels for one unit:

* left, the shutter: ``h = o · tanh(C)`` for a memory C from ``-c_max`` to ``c_max``, beside
  ``tanh(C)`` (the gate wide open, o = 1). Whatever the memory, ``|h| <= o``: the gate sets
  the ceiling of what shows.
* right, a held memory: the cell writes ``C = c_max`` at step :data:`WRITE_STEP` and holds it;
  the output gate is shut (0) except at :data:`OPEN_STEPS`, where it is ``o``. ``h_t`` shows
  the memory there and only there; the memory itself never moves.

    from lstm_course.explorers import Slider, explore
    explore(output_gate_figure, o=Slider(0, 1, 0.05, 0.7), c_max=Slider(0.5, 5, 0.25, 2))
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

__all__ = [
    "OPEN_STEPS",
    "STEPS",
    "WRITE_STEP",
    "held_memory",
    "output_gate_figure",
    "shown_memory",
]

STEPS = 20
"""Length of the held-memory sequence (steps 0 to 19)."""
WRITE_STEP = 3
"""The step at which the memory is written into C_t."""
OPEN_STEPS = (14, 15, 16)
"""The steps at which the output gate opens (to ``o``); it is shut (0) at every other step."""


def _check_gate(o: float, where: str) -> float:
    try:
        value = float(o)
    except (TypeError, ValueError):
        raise TypeError(
            f"{where}: o is the output gate, one number in [0, 1]; got {o!r}."
        ) from None
    if not 0.0 <= value <= 1.0:  # also refuses NaN
        raise ValueError(
            f"{where}: o is the output gate, a sigmoid's value, so it lies in [0, 1]; got "
            f"o={o!r}. Pass a share between 0 (shut: show nothing) and 1 (open: show all)."
        )
    return value


def _check_memory(c_max: float, where: str) -> float:
    try:
        value = float(c_max)
    except (TypeError, ValueError):
        raise TypeError(f"{where}: c_max is one positive number; got {c_max!r}.") from None
    if not (math.isfinite(value) and value > 0):
        raise ValueError(
            f"{where}: c_max is the size of the memory, a positive finite number (the cell "
            f"state can grow past 1, so try 0.5 to 5); got c_max={c_max!r}."
        )
    return value


def shown_memory(o: float, cell_state) -> np.ndarray:
    """What the cell shows of its memory, ``h = o * tanh(C)``, for a gate ``o`` in [0, 1]."""
    o = _check_gate(o, "shown_memory")
    return o * np.tanh(np.asarray(cell_state, dtype=float))


def held_memory(o: float, c_max: float) -> dict[str, np.ndarray]:
    """One unit over :data:`STEPS` steps: a memory written, held, and shown only while the gate
    opens.

    Returns ``{"cell_state": C_t, "output_gate": o_t, "hidden_state": h_t}``, each of shape
    (STEPS,): ``C_t = c_max`` from :data:`WRITE_STEP` on (0 before); ``o_t = o`` at
    :data:`OPEN_STEPS` and 0 elsewhere; ``h_t = o_t * tanh(C_t)``.
    """
    o = _check_gate(o, "held_memory")
    c_max = _check_memory(c_max, "held_memory")
    steps = np.arange(STEPS)
    cell = np.where(steps >= WRITE_STEP, c_max, 0.0)
    gate = np.where(np.isin(steps, OPEN_STEPS), o, 0.0)
    return {"cell_state": cell, "output_gate": gate, "hidden_state": gate * np.tanh(cell)}


def output_gate_figure(o: float, c_max: float) -> Figure:
    """The output gate ``o`` against what the cell shows, ``h = o * tanh(C)``: two panels.

    Left: ``h`` over memories ``C`` in [-c_max, c_max], with ``tanh(C)`` (o = 1) and the
    ceiling ``|h| <= o``. Right: :func:`held_memory`, the memory ``c_max`` held from step
    :data:`WRITE_STEP`, the gate opening to ``o`` at :data:`OPEN_STEPS` only.
    """
    o = _check_gate(o, "output_gate_figure")
    c_max = _check_memory(c_max, "output_gate_figure")
    figure, (shutter, story) = plt.subplots(1, 2, figsize=(12, 4.2), layout="constrained")

    memory = np.linspace(-c_max, c_max, 201)
    shutter.plot(memory, np.tanh(memory), "--", color="grey", label="tanh(C)  (o = 1)")
    shown = shown_memory(o, memory)
    shutter.plot(memory, shown, linewidth=2.4, label=f"h = o·tanh(C), o = {o:.2f}")
    for ceiling in (o, -o):
        shutter.axhline(ceiling, color="#d1495b", linewidth=0.8, linestyle=":")
    shutter.text(-c_max, o, f" |h| ≤ o = {o:.2f}", color="#d1495b", va="bottom", fontsize=9)
    shutter.set(
        title="The shutter: what shows of a memory C",
        xlabel="cell state C (the memory)",
        ylabel="hidden state h (what shows)",
        ylim=(-1.1, 1.1),
    )
    shutter.legend(loc="lower right")

    held = held_memory(o, c_max)
    steps = np.arange(STEPS)
    story.step(steps, held["cell_state"], where="mid", color="#3b3b3b", label="cell state $C_t$")
    story.step(steps, held["output_gate"], where="mid", color="#edae49", label="output gate $o_t$")
    story.plot(steps, held["hidden_state"], marker="o", linewidth=2.2, label="hidden state $h_t$")
    story.axvline(WRITE_STEP - 0.5, color="grey", linewidth=0.8, linestyle="--")
    story.text(WRITE_STEP - 0.5, max(c_max, 1.0) * 1.04, " memory written", fontsize=9)
    story.axvspan(OPEN_STEPS[0] - 0.5, OPEN_STEPS[-1] + 0.5, color="#edae49", alpha=0.15)
    story.text(OPEN_STEPS[0] - 0.5, -0.28, "gate opens", fontsize=9, va="center")
    story.set(
        title="A held memory, shown only while the gate opens",
        xlabel="time step t",
        ylabel="value",
        ylim=(-0.4, max(c_max, 1.0) * 1.2),
        xticks=range(0, STEPS, 2),
    )
    story.legend(loc="center left", fontsize=9)
    figure.suptitle(f"The output gate at o = {o:.2f}, a memory of size {c_max:.2f}", fontsize=13)
    return figure
