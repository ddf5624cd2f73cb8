"""The course's map: the five input/output patterns of a recurrent network, drawn with matplotlib.

    fig = draw_patterns()

draws one panel per pattern, time running left to right: input boxes ``x_t`` at the bottom,
the recurrent cell (its hidden state ``h_t``) in the middle, output boxes ``y_t`` on top. A
solid arrow from one cell to the next is the hidden state carried forward,

    h_t = tanh(x_t W_x + h_{t-1} W_h + b)

(or the LSTM's two states, h_t and C_t); a dashed arrow feeds an output back in as the next
step's input. Under each panel: the Keras settings that give the pattern and the chapter of
the course that builds it. :data:`PATTERNS` holds the same facts as data, for the text and the
tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

__all__ = ["PATTERNS", "Pattern", "draw_pattern", "draw_patterns"]

INPUT_COLOUR = "#d8ecd2"
CELL_COLOUR = "#cfe0f3"
ENCODER_COLOUR = "#f3dfc4"
OUTPUT_COLOUR = "#f6d2d5"
LINE = "#3b3b3b"
FEEDBACK = "#8a4f7d"

BOX_W, BOX_H = 0.62, 0.5
Y_INPUT, Y_CELL, Y_OUTPUT = 0.0, 1.25, 2.5
STEP = 1.0  # distance between two time steps
SPAN_PER_COLUMN = 4.9  # x-units one grid column shows, so boxes have one size in every panel


@dataclass(frozen=True)
class Pattern:
    """One input/output pattern: which steps read an input, which give an output.

    Steps are numbered from 0. ``encoder_steps`` cells (the first ones) form an encoder that
    hands its final state to the decoder cells after it; ``feedback`` lists the steps whose
    output is fed back in as the next step's input.
    """

    key: str
    title: str
    steps: int
    inputs: tuple[int, ...]
    outputs: tuple[int, ...]
    keras: str
    chapter: str
    chapters: tuple[str, ...]
    encoder_steps: int = 0
    feedback: tuple[int, ...] = ()


PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        key="one_to_one",
        title="One-to-one",
        steps=1,
        inputs=(0,),
        outputs=(0,),
        keras="no recurrence: Dense layers,\none input -> one output",
        chapter="no chapter: the plain network\nthe others grow from",
        chapters=(),
    ),
    Pattern(
        key="one_to_many",
        title="One-to-many",
        steps=4,
        inputs=(0,),
        outputs=(0, 1, 2, 3),
        keras="one input sets the start state;\neach step reads the previous output\n"
        "(or RepeatVector(T) repeats the input);\nreturn_sequences=True",
        chapter="chapter 03: image captioning",
        chapters=("03",),
        feedback=(0, 1, 2),
    ),
    Pattern(
        key="many_to_one",
        title="Many-to-one",
        steps=4,
        inputs=(0, 1, 2, 3),
        outputs=(3,),
        keras="return_sequences=False (the default):\nonly the last state h_T is used",
        chapter="chapter 02: spam (01: sunspots);\nchapter 10: both directions, Bidirectional",
        chapters=("02", "01", "10"),
    ),
    Pattern(
        key="many_to_many_aligned",
        title="Many-to-many, aligned (one output per input)",
        steps=4,
        inputs=(0, 1, 2, 3),
        outputs=(0, 1, 2, 3),
        keras="return_sequences=True: the state at every step,\na Dense layer labels each one",
        chapter="chapter 05: named-entity recognition",
        chapters=("05",),
    ),
    Pattern(
        key="encoder_decoder",
        title="Encoder-decoder (many-to-many, different lengths)",
        steps=7,
        inputs=(0, 1, 2, 3, 4, 5, 6),
        outputs=(3, 4, 5, 6),
        keras="encoder: return_state=True -> its final state(s);\n"
        "decoder: initial_state=encoder state, return_sequences=True,\n"
        "each step reads the previous output",
        chapter="chapter 04: translation (Korean -> English)",
        chapters=("04",),
        encoder_steps=3,
        feedback=(3, 4, 5),
    ),
)
"""The five patterns, in the order the figure draws them."""

_LAYOUT = [
    ["one_to_one", "one_to_many", "many_to_one"],
    ["many_to_many_aligned", "encoder_decoder", "encoder_decoder"],
]
_ENCODER_GAP = 0.6  # extra room between encoder and decoder


def _box(ax: Axes, x: float, y: float, text: str, colour: str, gid: str) -> None:
    ax.add_patch(
        FancyBboxPatch(
            (x - BOX_W / 2, y - BOX_H / 2),
            BOX_W,
            BOX_H,
            boxstyle="round,pad=0.02,rounding_size=0.08",
            facecolor=colour,
            edgecolor=LINE,
            linewidth=1.2,
            gid=gid,
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=11)


def _arrow(ax: Axes, start, end, gid: str, colour: str = LINE, style: str = "-", rad=0.0) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=12,
            color=colour,
            linewidth=1.4,
            linestyle=style,
            connectionstyle=f"arc3,rad={rad}",
            shrinkA=0,
            shrinkB=0,
            gid=gid,
        )
    )


def _x_of(pattern: Pattern, step: int) -> float:
    """Where step ``step`` sits: one STEP apart, with a gap after the encoder."""
    gap = _ENCODER_GAP if pattern.encoder_steps and step >= pattern.encoder_steps else 0.0
    return step * STEP + gap


def draw_pattern(pattern: Pattern, ax: Axes, columns: int = 1) -> Axes:
    """Draw one pattern into ``ax`` (``columns``: how many grid columns the panel spans, which
    sets its x-range so that boxes keep one size across panels). Returns ``ax``."""
    if columns < 1:
        raise ValueError(
            f"draw_pattern: columns={columns!r}, but a panel spans at least one grid column; "
            "pass 1 for a one-column panel (2 for the encoder-decoder's)."
        )
    xs = [_x_of(pattern, t) for t in range(pattern.steps)]
    centre = (xs[0] + xs[-1]) / 2
    half = SPAN_PER_COLUMN * columns / 2
    ax.set_xlim(centre - half, centre + half)
    ax.set_ylim(-2.15, 3.05)
    ax.set_axis_off()
    ax.set_title(pattern.title, fontsize=12, fontweight="bold")

    decoder_inputs = 0
    for t, x in enumerate(xs):
        in_encoder = t < pattern.encoder_steps
        colour = ENCODER_COLOUR if in_encoder else CELL_COLOUR
        _box(ax, x, Y_CELL, f"$h_{{{t + 1}}}$", colour, gid="cell")
        if t in pattern.inputs:
            if pattern.encoder_steps and not in_encoder:
                # the decoder reads the previous output: <s> first, then y_1, y_2, ...
                label = (
                    r"$\langle s\rangle$" if decoder_inputs == 0 else f"$y_{{{decoder_inputs}}}$"
                )
                decoder_inputs += 1
            else:
                label = f"$x_{{{t + 1}}}$"
            _box(ax, x, Y_INPUT, label, INPUT_COLOUR, gid="input")
            _arrow(ax, (x, Y_INPUT + BOX_H / 2), (x, Y_CELL - BOX_H / 2), gid="input_arrow")
        if t in pattern.outputs:
            k = pattern.outputs.index(t) + 1
            label = "$y$" if len(pattern.outputs) == 1 else f"$y_{{{k}}}$"
            _box(ax, x, Y_OUTPUT, label, OUTPUT_COLOUR, gid="output")
            _arrow(ax, (x, Y_CELL + BOX_H / 2), (x, Y_OUTPUT - BOX_H / 2), gid="output_arrow")
        if t + 1 < pattern.steps:
            handover = pattern.encoder_steps and t + 1 == pattern.encoder_steps
            _arrow(
                ax,
                (x + BOX_W / 2, Y_CELL),
                (xs[t + 1] - BOX_W / 2, Y_CELL),
                gid="handover" if handover else "state_arrow",
                colour=FEEDBACK if handover else LINE,
            )
            if handover:
                ax.text(
                    (x + xs[t + 1]) / 2,
                    Y_CELL + 0.42,
                    "final state",
                    ha="center",
                    fontsize=9,
                    color=FEEDBACK,
                )
        if t in pattern.feedback and t + 1 < pattern.steps:
            if t + 1 in pattern.inputs:  # into the next input box, past the cell
                target, rad = (xs[t + 1] - BOX_W / 2 + 0.04, Y_INPUT + BOX_H / 2), -0.08
            else:  # straight into the next cell
                target, rad = (xs[t + 1] - 0.12, Y_CELL - BOX_H / 2), -0.25
            _arrow(
                ax,
                (x + BOX_W / 2, Y_OUTPUT),
                target,
                gid="feedback",
                colour=FEEDBACK,
                style="--",
                rad=rad,
            )

    if pattern.encoder_steps:
        middle_enc = (xs[0] + xs[pattern.encoder_steps - 1]) / 2
        middle_dec = (xs[pattern.encoder_steps] + xs[-1]) / 2
        ax.text(middle_enc, -0.55, "encoder", ha="center", va="center", fontsize=10)
        ax.text(middle_dec, -0.55, "decoder", ha="center", va="center", fontsize=10)

    ax.text(
        centre,
        -0.7 if not pattern.encoder_steps else -0.95,
        pattern.keras,
        ha="center",
        va="top",
        fontsize=9,
        family="monospace",
        gid="keras",
    )
    ax.text(
        centre,
        -1.95,
        pattern.chapter,
        ha="center",
        va="bottom",
        fontsize=9.5,
        style="italic",
        color="#1f4e79",
        gid="chapter",
    )
    return ax


def draw_patterns(title: str | None = None) -> Figure:
    """Draw all five patterns of :data:`PATTERNS` in one figure and return it.

    Each panel is titled with its pattern, shows boxes (x_t in, h_t, y_t out) over time with
    the state carried from step to step, and says under it the Keras settings and the chapter
    that builds it. The encoder-decoder panel spans two columns.
    """
    fig, axes = plt.subplot_mosaic(_LAYOUT, figsize=(15, 9.5), layout="constrained")
    for pattern in PATTERNS:
        columns = max(row.count(pattern.key) for row in _LAYOUT)
        draw_pattern(pattern, axes[pattern.key], columns=columns)
    fig.suptitle(
        title
        or "The input/output patterns of this course (x: input, h: hidden state, y: output; "
        "solid arrow: state carried on, dashed: output fed back in)",
        fontsize=12,
    )
    return fig
