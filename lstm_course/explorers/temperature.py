"""Chapter 11's explorer: the softmax of a language model's next-character scores at a chosen
temperature, beside the model's own distribution (T = 1)::

    p_i(T) = exp(z_i / T) / sum_j exp(z_j / T)
    H(T)   = -sum_i p_i(T) log2 p_i(T)        (the entropy, in bits: how spread out p is)

T < 1 sharpens p (H falls towards 0 bits: greedy); T > 1 flattens it (H rises towards
log2 of the number of characters shown: uniform).
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


def next_character_at_temperature(
    temperature: float, logits: Sequence[float], labels: Sequence[str]
) -> Figure:
    """Bars of p(T) over ``labels`` (one per logit), with the T = 1 distribution outlined."""
    import matplotlib.pyplot as plt

    logits = np.asarray(logits, dtype=float)
    if logits.ndim != 1 or len(labels) != len(logits):
        raise ValueError(
            f"next_character_at_temperature needs one label per logit: {logits.shape} logits, "
            f"{len(labels)} labels"
        )
    p, p_own = softmax_with_temperature(logits, temperature), softmax_with_temperature(logits)
    figure, ax = plt.subplots(figsize=(7, 3.6))
    x = np.arange(len(p))
    ax.bar(x, p, color="tab:blue", label=f"T = {temperature:g}")
    ax.bar(x, p_own, fill=False, edgecolor="tab:orange", linewidth=1.5, label="T = 1 (the model)")
    ax.set_xticks(x, [repr(label)[1:-1] for label in labels])
    ax.set_ylim(0, 1)
    ax.set_xlabel("next character")
    ax.set_ylabel("probability")
    ax.set_title(
        f"Softmax at T = {temperature:g}: entropy {entropy_bits(p):.2f} bits "
        f"(T = 1: {entropy_bits(p_own):.2f})"
    )
    ax.legend()
    return figure
