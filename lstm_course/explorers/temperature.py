"""Chapter 11's explorer: the softmax of a language model's next-character scores at a chosen
temperature, beside the model's own distribution (T = 1)::

    p_i(T) = exp(z_i / T) / sum_j exp(z_j / T)
    H(T)   = -sum_i p_i(T) log2 p_i(T)        (the entropy, in bits: how spread out p is)

T < 1 sharpens p (H falls towards 0 bits: greedy); T > 1 flattens it (H rises towards
log2 of the number of characters: uniform). The softmax is over every character; the figure
shows the most probable few.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from ..language_model import softmax_with_temperature

__all__ = ["next_character_at_temperature"]


def entropy_bits(p: np.ndarray) -> float:
    """H = -sum_i p_i log2 p_i (terms with p_i = 0 count 0)."""
    p = np.asarray(p, dtype=float)
    nonzero = p[p > 0]
    return float(-(nonzero * np.log2(nonzero)).sum())


def _shown(label: str) -> str:
    """A character as a tick label: a space as ␣, a line break as \\n."""
    return "␣" if label == " " else repr(label)[1:-1]


def next_character_at_temperature(
    temperature: float, logits: Sequence[float], labels: Sequence[str], show: int = 8
) -> Figure:
    """Bars of p(T) for the ``show`` most probable characters (of the softmax over *all*
    ``logits``, one per label), with the T = 1 distribution outlined."""
    import matplotlib.pyplot as plt

    logits = np.asarray(logits, dtype=float)
    if logits.ndim != 1 or len(labels) != len(logits):
        raise ValueError(
            f"next_character_at_temperature needs one label per logit: {logits.shape} logits, "
            f"{len(labels)} labels"
        )
    p, p_own = softmax_with_temperature(logits, temperature), softmax_with_temperature(logits)
    top = np.argsort(-logits, kind="stable")[:show]
    figure, ax = plt.subplots(figsize=(7, 3.6))
    x = np.arange(len(top))
    ax.bar(x, p[top], color="tab:blue", label=f"T = {temperature:g}")
    ax.bar(
        x, p_own[top], fill=False, edgecolor="tab:orange", linewidth=1.5, label="T = 1 (the model)"
    )
    ax.set_xticks(x, [_shown(labels[i]) for i in top])
    ax.set_ylim(0, 1)
    ax.set_xlabel(f"next character (the {len(top)} most probable of {len(logits)})")
    ax.set_ylabel("probability")
    ax.set_title(
        f"Softmax at T = {temperature:g}: entropy {entropy_bits(p):.2f} bits "
        f"(T = 1: {entropy_bits(p_own):.2f})"
    )
    ax.legend()
    return figure
