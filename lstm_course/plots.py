"""The course's figures, drawn with matplotlib: every one has a title and labelled axes.

Each function draws into ``ax`` (a new figure when omitted) and returns the ``Axes``, so a
notebook can add to it or place several in one figure. Importing this module also makes
matplotlib able to draw Hangul (see :func:`use_korean_font`).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

__all__ = [
    "use_korean_font",
    "plot_confusion_matrix",
    "plot_forecast",
    "plot_heatmap",
    "plot_history",
    "plot_precision_recall",
]


def use_korean_font() -> bool:
    """Register a font with Hangul (NanumGothic, from ``koreanize-matplotlib``) and use it.

    Matplotlib's default font has no Korean glyphs: 서울에서 would be drawn as empty boxes.
    Returns False, with a warning that says what to install, when the package is missing.
    """
    try:
        with warnings.catch_warnings():  # it still uses distutils' LooseVersion
            warnings.simplefilter("ignore", DeprecationWarning)
            import koreanize_matplotlib  # noqa: F401  (registers the font, sets rcParams)
    except ImportError:
        warnings.warn(
            "Korean words in figures will show as empty boxes: the font package is missing. "
            "Install it with: pip install koreanize-matplotlib",
            stacklevel=2,
        )
        return False
    # DejaVu Sans first, NanumGothic as the fallback for the glyphs it lacks (Hangul): text in
    # mathtext, such as a log axis's 10^-6, is set in the first font, and NanumGothic has no
    # minus sign (U+2212), so with it first every negative exponent showed a missing glyph.
    others = [f for f in plt.rcParams["font.family"] if f != "DejaVu Sans"]
    plt.rcParams["font.family"] = ["DejaVu Sans", *others]
    return True


use_korean_font()


def _axes(ax, figsize=(8, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def plot_history(history, metrics: Sequence[str] = ("loss",), title: str = "Training", ax=None):
    """Learning curves: each metric per epoch, on the training and the validation data.

    ``history`` is what ``model.fit`` returns (or its ``.history`` dict).
    """
    logs = getattr(history, "history", history)
    ax = _axes(ax)
    for name in metrics:
        if name not in logs:
            raise KeyError(f"plot_history: no {name!r} in the history; it has {sorted(logs)}.")
        epochs = np.arange(1, len(logs[name]) + 1)
        (line,) = ax.plot(epochs, logs[name], label=f"training {name}")
        if f"val_{name}" in logs:
            ax.plot(
                epochs,
                logs[f"val_{name}"],
                "--",
                color=line.get_color(),
                label=f"validation {name}",
            )
    ax.set(title=title, xlabel="epoch", ylabel=", ".join(metrics))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend()
    return ax


def plot_forecast(
    index,
    truth,
    forecasts: Mapping[str, Sequence[float]],
    title: str = "Forecast against truth",
    ylabel: str = "value",
    xlabel: str = "time",
    ax=None,
):
    """The true series and one line per forecast (``{"RNN": preds, "naive": preds}``)."""
    ax = _axes(ax, figsize=(10, 4))
    ax.plot(index, truth, color="black", linewidth=2, label="truth")
    for name, values in forecasts.items():
        ax.plot(index, values, label=name, alpha=0.85)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend()
    return ax


def plot_heatmap(
    values,
    title: str,
    xlabel: str = "time step",
    ylabel: str = "unit",
    x_ticks: Sequence[str] | None = None,
    y_ticks: Sequence[str] | None = None,
    cmap: str = "RdBu_r",
    vmin: float | None = None,
    vmax: float | None = None,
    colorbar_label: str = "value",
    ax=None,
):
    """A (rows, columns) array as a coloured grid: for example units against time steps.

    ``x_ticks`` labels the columns (the input tokens, say). NaN cells (masked steps) stay blank.
    """
    values = np.asarray(values, dtype=float)
    if values.ndim != 2:
        raise ValueError(
            f"plot_heatmap draws a 2-D array (rows, columns); got shape {values.shape}. "
            "Pick one example first, e.g. trace['forget_gate'][0].T for (units, time)."
        )
    ax = _axes(
        ax, figsize=(max(6, 0.45 * values.shape[1] + 2), max(2.5, 0.3 * values.shape[0] + 1.5))
    )
    image = ax.imshow(
        values, aspect="auto", cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest"
    )
    for ticks, setter, count, rotation in (
        (x_ticks, ax.set_xticks, values.shape[1], 60),
        (y_ticks, ax.set_yticks, values.shape[0], 0),
    ):
        if ticks is not None:
            if len(ticks) != count:
                raise ValueError(f"plot_heatmap: {len(ticks)} tick labels for {count} positions.")
            setter(range(count), list(ticks), rotation=rotation)
    ax.figure.colorbar(image, ax=ax, label=colorbar_label)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    return ax


def plot_confusion_matrix(matrix, labels: Sequence[str], title: str = "Confusion matrix", ax=None):
    """Counts of (true class, predicted class), each cell annotated with its count."""
    matrix = np.asarray(matrix)
    ax = _axes(ax, figsize=(4.5, 4))
    ax.imshow(matrix, cmap="Blues")
    for (row, col), count in np.ndenumerate(matrix):
        dark = count > matrix.max() / 2
        ax.text(
            col, row, f"{count:,}", ha="center", va="center", color="white" if dark else "black"
        )
    ax.set_xticks(range(len(labels)), labels)
    ax.set_yticks(range(len(labels)), labels)
    ax.set(title=title, xlabel="predicted class", ylabel="true class")
    return ax


def plot_precision_recall(
    curves: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    title: str = "Precision against recall",
    ax=None,
):
    """One precision-recall curve per model: ``{"LSTM": (precision, recall)}``."""
    ax = _axes(ax, figsize=(5, 4.5))
    for name, (precision, recall) in curves.items():
        ax.plot(recall, precision, label=name)
    ax.set(title=title, xlabel="recall", ylabel="precision", xlim=(0, 1.01), ylim=(0, 1.01))
    ax.legend(loc="lower left")
    return ax
