"""The LSTM and GRU cells drawn with matplotlib, one part highlighted, its equations beside it; and
pictures of what a trained cell's gates did, step by step.

    draw_lstm_cell(highlight="forget_gate")

draws the cell state running along the top (the conveyor belt), the four layers reading
[h_{t-1}, x_t] below it, and the equations on the right; the parts of the highlighted step,
and its equation, are in colour. Chapters 07 to 09 each highlight their own gate.

    draw_gru_cell(highlight="update_gate")

draws the GRU (Keras's reset_after=True) in the same style: the state h running along the top,
kept by z_t and refilled by 1 - z_t of the candidate, the reset gate on the candidate's
recurrent part.

    trace = lstm_course.probes.trace_lstm(layer, x)      # (batch, time, units) per gate
    plot_gates(trace, tokens, example=0, gates=["forget_gate", "input_gate"], units=8)
    plot_around(trace, marks["switch_step"], gates=("forget_gate",), event="the switch")

``plot_gates`` draws one heatmap per gate or state (units down, the input tokens across; by
default every entry of the trace: a dashboard of the cell, LSTM or GRU); ``plot_around``
lines every example up on its own event step and draws each gate's average around it
(``average_around`` computes those averages).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from .layers import (
    CANDIDATE,
    CELL_STATE,
    FORGET_GATE,
    HIDDEN_STATE,
    INPUT_GATE,
    OUTPUT_GATE,
    RESET_GATE,
    UPDATE_GATE,
)
from .plots import plot_heatmap

__all__ = [
    "GATE_STYLES",
    "GRU_PARTS",
    "PARTS",
    "average_around",
    "draw_gru_cell",
    "draw_lstm_cell",
    "plot_around",
    "plot_gates",
]

HIGHLIGHT = "#d1495b"
PLAIN = "#3b3b3b"
FADED = "#9a9a9a"

_F = r"$f_t = \sigma(x_t W_{xf} + h_{t-1} W_{hf} + b_f)$"
_I = r"$i_t = \sigma(x_t W_{xi} + h_{t-1} W_{hi} + b_i)$"
_C = r"$\tilde{C}_t = \tanh(x_t W_{xc} + h_{t-1} W_{hc} + b_c)$"
_O = r"$o_t = \sigma(x_t W_{xo} + h_{t-1} W_{ho} + b_o)$"
_CELL = r"$C_t = f_t \odot C_{t-1} + i_t \odot \tilde{C}_t$"
_H = r"$h_t = o_t \odot \tanh(C_t)$"
EQUATIONS = [_F, _I, _C, _O, _CELL, _H]
#: What can be highlighted, and the equations each part takes part in.
PARTS = {
    FORGET_GATE: [_F, _CELL],
    INPUT_GATE: [_I, _CELL],
    CANDIDATE: [_C, _CELL],
    CELL_STATE: [_CELL],
    OUTPUT_GATE: [_O, _H],
    HIDDEN_STATE: [_H],
}
# Which drawn pieces belong to which part (a piece may serve several).
_GROUPS = {
    FORGET_GATE: {"f", "f_mul", "belt_in"},
    INPUT_GATE: {"i", "i_mul", "add"},
    CANDIDATE: {"c", "i_mul", "add"},
    CELL_STATE: {"belt_in", "belt_out", "f_mul", "add"},
    OUTPUT_GATE: {"o", "o_mul", "h"},
    HIDDEN_STATE: {"tanh_out", "o_mul", "h"},
}


class _Pen:
    """Draws the pieces of a cell diagram on ``ax``; the pieces in ``lit`` in colour."""

    def __init__(self, ax, highlight: str | None, lit: set[str]):
        self.ax, self.highlight, self.lit = ax, highlight, lit

    def colour(self, piece: str) -> str:
        if self.highlight is None:
            return PLAIN
        return HIGHLIGHT if piece in self.lit else FADED

    def arrow(self, points, piece: str, head: bool = True) -> None:
        """A line through ``points``, with an arrow head at the last one."""
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            last = (x1, y1) == points[-1]
            self.ax.add_patch(
                FancyArrowPatch(
                    (x0, y0),
                    (x1, y1),
                    arrowstyle="-|>" if head and last else "-",
                    mutation_scale=14,
                    color=self.colour(piece),
                    linewidth=2.4 if piece in self.lit else 1.6,
                    shrinkA=0,
                    shrinkB=0,
                    gid=piece,
                )
            )

    def box(self, x: float, y: float, text: str, piece: str) -> None:
        """A layer (σ or tanh) centred on (x, y)."""
        c = self.colour(piece)
        self.ax.add_patch(
            FancyBboxPatch(
                (x - 0.42, y - 0.32),
                0.84,
                0.64,
                boxstyle="round,pad=0.05",
                facecolor=c,
                edgecolor=c,
                alpha=0.9,
                gid=piece,
            )
        )
        self.ax.text(
            x, y, text, ha="center", va="center", color="white", fontsize=12, weight="bold"
        )

    def node(self, x: float, y: float, text: str, piece: str) -> None:
        """An element-wise operation (×, +, 1−) centred on (x, y)."""
        c = self.colour(piece)
        self.ax.add_patch(
            Circle((x, y), 0.25, facecolor="white", edgecolor=c, linewidth=2, gid=piece)
        )
        self.ax.text(x, y, text, ha="center", va="center", color=c, fontsize=13, weight="bold")

    def label(self, x: float, y: float, text: str, piece: str | None = None, **options) -> None:
        """A name beside a piece, in the piece's colour (plain for ``piece=None``)."""
        colour = PLAIN if piece is None else self.colour(piece)
        self.ax.text(x, y, text, color=colour, fontsize=options.pop("fontsize", 12), **options)

    def finish(self, equations: list[str], shown: set[str], title: str, xlabel: str) -> None:
        """The equations on the right (the highlighted ones in colour), title, bare axes."""
        for k, line in enumerate(equations):
            strong = line in shown
            self.ax.text(
                10.0,
                5.2 - 0.75 * k,
                line,
                fontsize=14,
                color=HIGHLIGHT if strong else (PLAIN if self.highlight is None else FADED),
            )
        self.ax.set_xlim(0, 15.5)
        self.ax.set_ylim(-0.3, 6.3)
        self.ax.set_aspect("equal")
        self.ax.set_xticks([])
        self.ax.set_yticks([])
        for spine in self.ax.spines.values():
            spine.set_visible(False)
        self.ax.set_title(title, fontsize=14)
        self.ax.set_xlabel(xlabel)


def _check_part(function: str, highlight: str | None, parts: dict[str, list[str]]) -> None:
    if highlight is not None and highlight not in parts:
        raise ValueError(
            f"{function}: unknown part {highlight!r}; choose one of {', '.join(parts)} (or None)."
        )


def _title(cell: str, highlight: str | None, title: str | None) -> str:
    name = "" if highlight is None else f": the {highlight.replace('_', ' ')}"
    return title or f"The {cell} cell{name}"


def draw_lstm_cell(highlight: str | None = None, title: str | None = None, ax=None):
    """Draw the LSTM cell; ``highlight`` is one of :data:`PARTS` (or None for none).

    Returns the ``Axes``. Inside the figure: σ boxes are gates (values between 0 and 1), tanh
    boxes squash to (-1, 1), × multiplies element by element, + adds.
    """
    _check_part("draw_lstm_cell", highlight, PARTS)
    if ax is None:
        _, ax = plt.subplots(figsize=(13, 5.2), layout="constrained")
    pen = _Pen(ax, highlight, _GROUPS.get(highlight, set()))
    arrow, box, node = pen.arrow, pen.box, pen.node

    # The conveyor belt: C_{t-1} -> (x f_t) -> (+ i_t C~_t) -> C_t
    arrow([(0.2, 5.0), (2.25, 5.0)], "belt_in", head=False)
    arrow([(2.75, 5.0), (4.25, 5.0)], "belt_out", head=False)
    arrow([(4.75, 5.0), (9.3, 5.0)], "belt_out")
    pen.label(0.15, 5.25, "$C_{t-1}$")
    pen.label(9.0, 5.25, "$C_t$")
    node(2.5, 5.0, r"$\times$", "f_mul")
    node(4.5, 5.0, "+", "add")

    # [h_{t-1}, x_t] along the bottom, feeding the four layers.
    arrow([(0.2, 1.0), (6.4, 1.0)], "inputs", head=False)
    arrow([(1.2, 0.1), (1.2, 1.0)], "inputs", head=False)
    pen.label(0.15, 1.2, "$h_{t-1}$")
    pen.label(1.35, 0.1, "$x_t$")
    for x, piece in ((2.5, "f"), (3.7, "i"), (5.2, "c"), (6.4, "o")):
        arrow([(x, 1.0), (x, 2.18)], piece)
    box(2.5, 2.5, r"$\sigma$", "f")
    box(3.7, 2.5, r"$\sigma$", "i")
    box(5.2, 2.5, "tanh", "c")
    box(6.4, 2.5, r"$\sigma$", "o")
    for x, label, piece in (
        (2.5, "$f_t$", "f"),
        (3.7, "$i_t$", "i"),
        (5.2, r"$\tilde{C}_t$", "c"),
        (6.4, "$o_t$", "o"),
    ):
        pen.label(x + 0.12, 3.2, label, piece, ha="left", va="center", fontsize=13)

    # The gates at work.
    arrow([(2.5, 2.82), (2.5, 4.75)], "f")
    node(4.5, 3.9, r"$\times$", "i_mul")
    arrow([(3.7, 2.82), (3.7, 3.9), (4.25, 3.9)], "i")
    arrow([(5.2, 2.82), (5.2, 3.9), (4.75, 3.9)], "c")
    arrow([(4.5, 4.15), (4.5, 4.75)], "i_mul")

    # The output: h_t = o_t * tanh(C_t)
    arrow([(7.6, 5.0), (7.6, 4.36)], "tanh_out")
    box(7.6, 4.05, "tanh", "tanh_out")
    arrow([(7.6, 3.73), (7.6, 3.25)], "tanh_out")
    node(7.6, 3.0, r"$\times$", "o_mul")
    arrow([(6.4, 2.82), (6.4, 3.0), (7.35, 3.0)], "o")
    arrow([(7.6, 2.75), (7.6, 1.0), (9.3, 1.0)], "h")
    arrow([(8.6, 1.0), (8.6, 6.0)], "h")
    pen.label(9.0, 1.2, "$h_t$")
    pen.label(8.7, 5.75, "$h_t$ (output)")

    pen.finish(
        EQUATIONS,
        set(PARTS.get(highlight, [])),
        _title("LSTM", highlight, title),
        r"$h_{t-1}$ and $x_t$ enter at the bottom, the cell state $C$ runs along the top;  "
        r"$\sigma$: a gate in (0, 1),  tanh: a value in (-1, 1),  $\times$, +: element-wise",
    )
    return ax


_Z = r"$z_t = \sigma(x_t W_{xz} + h_{t-1} W_{hz} + b_z)$"
_R = r"$r_t = \sigma(x_t W_{xr} + h_{t-1} W_{hr} + b_r)$"
_HTILDE = r"$\tilde{h}_t = \tanh(x_t W_{xh} + r_t \odot (h_{t-1} W_{hh} + b'_h) + b_h)$"
_HGRU = r"$h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t$"
GRU_EQUATIONS = [_Z, _R, _HTILDE, _HGRU]
#: What can be highlighted in the GRU cell, and the equations each part takes part in.
GRU_PARTS = {
    UPDATE_GATE: [_Z, _HGRU],
    RESET_GATE: [_R, _HTILDE],
    CANDIDATE: [_HTILDE, _HGRU],
    HIDDEN_STATE: [_HGRU],
}
_GRU_GROUPS = {
    UPDATE_GATE: {"z", "z_mul", "one_minus", "new_mul", "add"},
    RESET_GATE: {"r", "r_mul"},
    CANDIDATE: {"c", "new_mul", "add"},
    HIDDEN_STATE: {"belt_in", "z_mul", "add", "belt_out", "h"},
}


def draw_gru_cell(highlight: str | None = None, title: str | None = None, ax=None):
    """Draw the GRU cell (Keras's ``reset_after=True``); ``highlight`` is one of
    :data:`GRU_PARTS` (or None for none).

    The old state h_{t-1} runs along the top, as the LSTM's cell state does: a share z_t of it
    is kept, and 1 - z_t of the candidate h~_t is added (Keras's convention, z_t near 1 keeps
    the old state). Below, [h_{t-1}, x_t] feeds the two gates and the candidate; the reset gate
    r_t scales the candidate's recurrent part, h_{t-1} W_hh + b'_h. Returns the ``Axes``.
    """
    _check_part("draw_gru_cell", highlight, GRU_PARTS)
    if ax is None:
        _, ax = plt.subplots(figsize=(13, 5.2), layout="constrained")
    pen = _Pen(ax, highlight, _GRU_GROUPS.get(highlight, set()))
    arrow, box, node = pen.arrow, pen.box, pen.node

    # The state along the top: h_{t-1} -> (x z_t) -> (+ (1 - z_t) h~_t) -> h_t
    arrow([(0.2, 5.0), (2.25, 5.0)], "belt_in", head=False)
    arrow([(2.75, 5.0), (6.45, 5.0)], "belt_in", head=False)
    arrow([(6.95, 5.0), (9.3, 5.0)], "belt_out")
    pen.label(0.15, 5.25, "$h_{t-1}$")
    pen.label(9.0, 5.25, "$h_t$")
    node(2.5, 5.0, r"$\times$", "z_mul")
    node(6.7, 5.0, "+", "add")
    arrow([(8.5, 5.0), (8.5, 6.0)], "h")
    pen.label(8.6, 5.75, "$h_t$ (output)")

    # h_{t-1} also goes down, to be read with x_t along the bottom.
    arrow([(0.8, 5.0), (0.8, 1.0), (6.7, 1.0)], "inputs", head=False)
    arrow([(1.4, 0.1), (1.4, 1.0)], "inputs", head=False)
    pen.label(1.55, 0.1, "$x_t$")
    arrow([(2.5, 1.0), (2.5, 2.18)], "z")
    arrow([(3.7, 1.0), (3.7, 2.18)], "r")
    box(2.5, 2.5, r"$\sigma$", "z")
    box(3.7, 2.5, r"$\sigma$", "r")
    pen.label(2.05, 3.2, "$z_t$", "z", ha="right", va="center", fontsize=13)
    pen.label(3.7, 3.2, "$r_t$", "r", ha="center", va="center", fontsize=13)

    # The reset gate scales the recurrent part of the candidate; then tanh.
    arrow([(4.17, 2.5), (4.95, 2.5)], "r")
    node(5.2, 2.5, r"$\times$", "r_mul")
    arrow([(5.2, 1.0), (5.2, 2.25)], "r_mul")
    pen.label(5.3, 1.35, "$h_{t-1} W_{hh} + b'_h$", "r_mul", fontsize=10)
    arrow([(5.45, 2.5), (6.23, 2.5)], "r_mul")
    arrow([(6.7, 1.0), (6.7, 2.13)], "c")  # x_t W_xh + b_h joins it
    box(6.7, 2.5, "tanh", "c")

    # The update gate: keep z_t of the old state, take 1 - z_t of the candidate.
    arrow([(2.5, 2.82), (2.5, 4.75)], "z")
    arrow([(2.5, 4.0), (4.35, 4.0)], "z")
    node(4.6, 4.0, "1−", "one_minus")
    arrow([(4.85, 4.0), (6.45, 4.0)], "one_minus")
    node(6.7, 4.0, r"$\times$", "new_mul")
    arrow([(6.7, 2.87), (6.7, 3.75)], "c")
    pen.label(6.82, 3.35, r"$\tilde{h}_t$", "c", ha="left", va="center", fontsize=13)
    arrow([(6.7, 4.25), (6.7, 4.75)], "new_mul")

    pen.finish(
        GRU_EQUATIONS,
        set(GRU_PARTS.get(highlight, [])),
        _title("GRU", highlight, title),
        r"the state $h$ runs along the top and is also what the cell shows (no cell state, no "
        r"output gate);  $\sigma$: a gate in (0, 1),  $\times$, +, 1−: element-wise",
    )
    return ax


# --------------------------------------------------------------------------------------------
# Gate pictures: what a traced cell did, step by step
# --------------------------------------------------------------------------------------------

#: How each traced quantity is drawn: row title, colour-bar label, colour map, value range
#: (``None``: symmetric around 0, wide enough for the largest value shown).
GATE_STYLES = {
    INPUT_GATE: ("input gate $i_t$", "0 ignore · 1 write", "viridis", (0.0, 1.0)),
    FORGET_GATE: ("forget gate $f_t$", "0 erase · 1 keep", "viridis", (0.0, 1.0)),
    CANDIDATE: (r"candidate $\tilde{C}_t$", "value", "RdBu_r", (-1.0, 1.0)),
    OUTPUT_GATE: ("output gate $o_t$", "0 hide · 1 show", "viridis", (0.0, 1.0)),
    CELL_STATE: ("cell state $C_t$", "value", "RdBu_r", None),
    HIDDEN_STATE: ("hidden state $h_t$", "value", "RdBu_r", (-1.0, 1.0)),
    UPDATE_GATE: ("update gate $z_t$", "0 new · 1 keep old", "viridis", (0.0, 1.0)),
    RESET_GATE: ("reset gate $r_t$", "0 ignore · 1 use $h_{t-1}$", "viridis", (0.0, 1.0)),
}


def _chosen_units(units, count: int) -> list[int]:
    if units is None:
        return list(range(count))
    if isinstance(units, int):
        if not 0 < units <= count:
            raise ValueError(f"plot_gates: units={units}, but the layer has {count} units.")
        return list(range(units))
    chosen = [int(u) for u in units]
    if not chosen or not all(0 <= u < count for u in chosen):
        raise ValueError(f"plot_gates: units {chosen} should be indices in 0..{count - 1}.")
    return chosen


def plot_gates(
    trace,
    tokens=None,
    example: int = 0,
    gates=None,
    units=None,
    marks=None,
    title: str | None = None,
    axes=None,
):
    """Heatmaps of a traced cell for one example: one row per gate or state, time across.

    ``trace`` is what :func:`lstm_course.probes.trace_lstm` or ``trace_gru`` returns: arrays of
    shape (batch, time, units). Each row shows ``trace[gate][example]`` as (units, time), so
    reading a row left to right follows the sequence. ``tokens`` (one string per time step)
    label the time axis; ``gates`` picks and orders the rows (by default every entry of the
    trace, in its order: a dashboard of the cell); ``units`` is a number (the first ``units``
    units) or a list of unit indices; ``marks`` (``{"switch": 12}``) frames the column of each
    named step (a negative step, "no such event" in the data sets' marks, is skipped).
    Gates are drawn on a fixed 0-to-1 scale, so rows and figures compare by colour.
    NaN (masked steps) stays blank. Returns the array of ``Axes``, top to bottom.
    """
    if "forward" in trace and "backward" in trace:
        raise ValueError(
            "plot_gates draws one direction at a time: pass trace['forward'] or "
            "trace['backward'] of a Bidirectional trace."
        )
    if isinstance(gates, str) or (gates is not None and not list(gates)):
        raise ValueError(f"plot_gates: gates should be a list of names, e.g. [{FORGET_GATE!r}].")
    gates = list(trace) if gates is None else list(gates)
    for gate in gates:
        if gate not in trace:
            raise KeyError(f"plot_gates: no {gate!r} in the trace; it has {sorted(trace)}.")
    first = np.asarray(trace[gates[0]])
    if first.ndim != 3:
        raise ValueError(
            f"plot_gates: the trace holds arrays of shape (batch, time, units); {gates[0]!r} "
            f"has shape {first.shape}."
        )
    batch, steps, count = first.shape
    if not -batch <= example < batch:
        raise IndexError(f"plot_gates: example {example} of a batch of {batch}.")
    chosen = _chosen_units(units, count)
    if tokens is not None and len(tokens) != steps:
        raise ValueError(
            f"plot_gates: {len(tokens)} tokens for {steps} time steps; give one token per "
            "step (slice the trace first to show part of it)."
        )
    if axes is None:
        height = max(1.2, 0.16 * len(chosen) + 0.7)
        _, axes = plt.subplots(
            len(gates),
            1,
            figsize=(max(7.0, 0.34 * steps + 2.5), height * len(gates) + 1.0),
            sharex=True,
            squeeze=False,
            layout="constrained",
        )
        axes = axes[:, 0]
    axes = np.atleast_1d(np.asarray(axes, dtype=object))
    if len(axes) != len(gates):
        raise ValueError(f"plot_gates: {len(axes)} axes for {len(gates)} gates.")
    for row, (gate, ax) in enumerate(zip(gates, axes, strict=True)):
        values = np.asarray(trace[gate], dtype=float)[example][:, chosen].T  # (units, time)
        label, bar, cmap, limits = GATE_STYLES.get(gate, (gate, "value", "RdBu_r", None))
        if gate == CANDIDATE and UPDATE_GATE in trace:  # a GRU's candidate state
            label = r"candidate $\tilde{h}_t$"
        if limits is None:
            top = np.nanmax(np.abs(values)) if np.isfinite(values).any() else 1.0
            limits = (-max(top, 1.0), max(top, 1.0))
        last = row == len(gates) - 1
        _heatmap(values, label, bar, cmap, limits, ax, tokens if last else None, steps)
        every = max(1, len(chosen) // 12)  # at most about a dozen unit labels
        ax.set_yticks(range(0, len(chosen), every), [str(u) for u in chosen[::every]])
        for name, step in (marks or {}).items():  # a frame around the marked column
            if step < 0:  # the marks' convention for "no such event"
                continue
            for edge in (step - 0.5, step + 0.5):
                ax.axvline(edge, color=HIGHLIGHT, linewidth=1.4)
            if row == 0:
                ax.text(step, -0.6, name, color=HIGHLIGHT, fontsize=10, ha="center", va="bottom")
        if not last:
            ax.set_xlabel("")
            ax.tick_params(labelbottom=False)
    axes[0].figure.suptitle(title or f"Inside the cell, example {example}", fontsize=13)
    return axes


def _heatmap(values, label, bar, cmap, limits, ax, tokens, steps) -> None:
    """One row of :func:`plot_gates`, drawn by :func:`lstm_course.plots.plot_heatmap`."""
    plot_heatmap(
        values,
        label,
        xlabel="input token" if tokens is not None else "time step",
        ylabel="unit",
        x_ticks=tokens,
        cmap=cmap,
        vmin=limits[0],
        vmax=limits[1],
        colorbar_label=bar,
        ax=ax,
    )
    if tokens is None:
        ax.set_xticks(range(0, steps, max(1, steps // 15)))
    ax.title.set_fontsize(11)
    ax.title.set_horizontalalignment("left")
    ax.title.set_position((0.0, 1.0))


def average_around(values, steps, before: int = 5, after: int = 5):
    """The mean of ``values`` at each step relative to an event, over examples and units.

    ``values`` is (batch, time, units) (a traced gate), ``steps`` gives each example's event
    step (negative: no event, skipped). Returns ``(offsets, means)``: ``offsets`` runs from
    ``-before`` to ``after`` and ``means[k]`` averages ``values[b, steps[b] + offsets[k], :]``
    over the examples that have that step inside their sequence (NaN where none has).
    """
    values = np.asarray(values, dtype=float)
    steps = np.asarray(steps, dtype=int).reshape(-1)
    if values.ndim != 3 or len(steps) != values.shape[0]:
        raise ValueError(
            f"average_around: values should be (batch, time, units) with one step per example; "
            f"got values {values.shape} and {len(steps)} steps."
        )
    offsets = np.arange(-before, after + 1)
    rows = np.flatnonzero(steps >= 0)
    means = np.full(len(offsets), np.nan)
    for k, offset in enumerate(offsets):
        at = steps[rows] + offset
        inside = (at >= 0) & (at < values.shape[1])
        if inside.any():
            picked = values[rows[inside], at[inside]]
            if np.isfinite(picked).any():
                means[k] = np.nanmean(picked)
    return offsets, means


def plot_around(
    trace,
    steps,
    gates=(FORGET_GATE,),
    before: int = 5,
    after: int = 5,
    event: str = "the event",
    title: str | None = None,
    ax=None,
):
    """Each gate's average (over examples and units) at the steps around an event.

    ``steps`` holds one event step per example (``marks["switch_step"]``, say; negative for
    none). Step 0 on the x axis is the event itself. Returns the ``Axes``.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
    for gate in gates:
        if gate not in trace:
            raise KeyError(f"plot_around: no {gate!r} in the trace; it has {sorted(trace)}.")
        offsets, means = average_around(trace[gate], steps, before, after)
        label = GATE_STYLES.get(gate, (gate,))[0]
        ax.plot(offsets, means, marker="o", label=label)
    ax.axvline(0, color=HIGHLIGHT, linestyle="--", linewidth=1.2)
    ax.set(
        title=title or f"The gates around {event}",
        xlabel=f"steps relative to {event}",
        ylabel="average over examples and units",
    )
    ax.legend()
    return ax
