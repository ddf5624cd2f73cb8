"""The LSTM cell drawn with matplotlib, one part highlighted, its equations beside it.

    draw_lstm_cell(highlight="forget_gate")

draws the cell state running along the top (the conveyor belt), the four layers reading
[h_{t-1}, x_t] below it, and the equations on the right; the parts of the highlighted step,
and its equation, are in colour. Chapters 07 to 09 each highlight their own gate.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

__all__ = ["PARTS", "draw_lstm_cell"]

HIGHLIGHT = "#d1495b"
PLAIN = "#3b3b3b"
FADED = "#9a9a9a"

_F = r"$f_t = \sigma(W_f\,[h_{t-1}, x_t] + b_f)$"
_I = r"$i_t = \sigma(W_i\,[h_{t-1}, x_t] + b_i)$"
_C = r"$\tilde{C}_t = \tanh(W_C\,[h_{t-1}, x_t] + b_C)$"
_O = r"$o_t = \sigma(W_o\,[h_{t-1}, x_t] + b_o)$"
_CELL = r"$C_t = f_t \odot C_{t-1} + i_t \odot \tilde{C}_t$"
_H = r"$h_t = o_t \odot \tanh(C_t)$"
EQUATIONS = [_F, _I, _C, _O, _CELL, _H]
#: What can be highlighted, and the equations each part takes part in.
PARTS = {
    "forget_gate": [_F, _CELL],
    "input_gate": [_I, _CELL],
    "candidate": [_C, _CELL],
    "cell_state": [_CELL],
    "output_gate": [_O, _H],
    "hidden_state": [_H],
}
# Which drawn pieces belong to which part (a piece may serve several).
_GROUPS = {
    "forget_gate": {"f", "f_mul", "belt_in"},
    "input_gate": {"i", "i_mul", "add"},
    "candidate": {"c", "i_mul", "add"},
    "cell_state": {"belt_in", "belt_out", "f_mul", "add"},
    "output_gate": {"o", "o_mul", "h"},
    "hidden_state": {"tanh_out", "o_mul", "h"},
}


def draw_lstm_cell(highlight: str | None = None, title: str | None = None, ax=None):
    """Draw the LSTM cell; ``highlight`` is one of :data:`PARTS` (or None for none).

    Returns the ``Axes``. Inside the figure: σ boxes are gates (values between 0 and 1), tanh
    boxes squash to (-1, 1), × multiplies element by element, + adds.
    """
    if highlight is not None and highlight not in PARTS:
        raise ValueError(
            f"draw_lstm_cell: unknown part {highlight!r}; choose one of {', '.join(PARTS)} "
            "(or None)."
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(13, 5.2), layout="constrained")
    lit = _GROUPS.get(highlight, set())

    def colour(piece: str) -> str:
        if highlight is None:
            return PLAIN
        return HIGHLIGHT if piece in lit else FADED

    def arrow(points, piece, head=True):
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            last = (x1, y1) == points[-1]
            ax.add_patch(
                FancyArrowPatch(
                    (x0, y0),
                    (x1, y1),
                    arrowstyle="-|>" if head and last else "-",
                    mutation_scale=14,
                    color=colour(piece),
                    linewidth=2.4 if piece in lit else 1.6,
                    shrinkA=0,
                    shrinkB=0,
                    gid=piece,
                )
            )

    def box(x, y, text, piece):
        c = colour(piece)
        ax.add_patch(
            FancyBboxPatch(
                (x - 0.42, y - 0.32), 0.84, 0.64, boxstyle="round,pad=0.05",
                facecolor=c, edgecolor=c, alpha=0.9, gid=piece,
            )
        )  # fmt: skip
        ax.text(x, y, text, ha="center", va="center", color="white", fontsize=12, weight="bold")

    def node(x, y, text, piece):
        c = colour(piece)
        ax.add_patch(Circle((x, y), 0.25, facecolor="white", edgecolor=c, linewidth=2, gid=piece))
        ax.text(x, y, text, ha="center", va="center", color=c, fontsize=13, weight="bold")

    # The conveyor belt: C_{t-1} -> (x f_t) -> (+ i_t C~_t) -> C_t
    arrow([(0.2, 5.0), (2.25, 5.0)], "belt_in", head=False)
    arrow([(2.75, 5.0), (4.25, 5.0)], "belt_out", head=False)
    arrow([(4.75, 5.0), (9.3, 5.0)], "belt_out")
    ax.text(0.15, 5.25, "$C_{t-1}$", fontsize=12, color=PLAIN)
    ax.text(9.0, 5.25, "$C_t$", fontsize=12, color=PLAIN)
    node(2.5, 5.0, r"$\times$", "f_mul")
    node(4.5, 5.0, "+", "add")

    # [h_{t-1}, x_t] along the bottom, feeding the four layers.
    arrow([(0.2, 1.0), (6.4, 1.0)], "inputs", head=False)
    arrow([(1.2, 0.1), (1.2, 1.0)], "inputs", head=False)
    ax.text(0.15, 1.2, "$h_{t-1}$", fontsize=12, color=PLAIN)
    ax.text(1.35, 0.1, "$x_t$", fontsize=12, color=PLAIN)
    for x, piece in ((2.5, "f"), (3.7, "i"), (5.2, "c"), (6.4, "o")):
        arrow([(x, 1.0), (x, 2.18)], piece)
    box(2.5, 2.5, r"$\sigma$", "f")
    box(3.7, 2.5, r"$\sigma$", "i")
    box(5.2, 2.5, "tanh", "c")
    box(6.4, 2.5, r"$\sigma$", "o")
    for x, label, piece in ((2.5, "$f_t$", "f"), (3.7, "$i_t$", "i"), (5.2, r"$\tilde{C}_t$", "c"),
                            (6.4, "$o_t$", "o")):  # fmt: skip
        ax.text(x + 0.12, 3.2, label, ha="left", va="center", color=colour(piece), fontsize=13)

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
    ax.text(9.0, 1.2, "$h_t$", fontsize=12, color=PLAIN)
    ax.text(8.7, 5.75, "$h_t$ (output)", fontsize=12, color=PLAIN)

    # The equations, the highlighted ones in colour.
    shown = set(PARTS.get(highlight, []))
    for k, line in enumerate(EQUATIONS):
        strong = line in shown
        ax.text(
            10.0, 5.2 - 0.75 * k, line, fontsize=14,
            color=HIGHLIGHT if strong else (PLAIN if highlight is None else FADED),
        )  # fmt: skip
    ax.set_xlim(0, 15.5)
    ax.set_ylim(-0.3, 6.3)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    name = "" if highlight is None else f": the {highlight.replace('_', ' ')}"
    ax.set_title(title or f"The LSTM cell{name}", fontsize=14)
    ax.set_xlabel(
        r"$[h_{t-1}, x_t]$ enter at the bottom, the cell state $C$ runs along the top;  "
        r"$\sigma$: a gate in (0, 1),  tanh: a value in (-1, 1),  $\times$, +: element-wise"
    )
    return ax
