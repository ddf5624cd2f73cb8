"""Figures for models that write sequences: captioned images and attention maps.

* :func:`show_captions`: a grid of images, each with the caption a model wrote for it (and,
  if given, the reference caption, in green where they agree and red where they do not);
* :func:`plot_attention`: an attention map, the weights ``alpha[t, s]`` of each written
  (target) token t over the read (source) tokens s, with the tokens on both axes;
* :func:`plot_image_attention`: where a captioner looked in the image while writing each
  word, one panel a word, the weights over the image's grid of regions drawn on the image.

Hangul needs a font that has it; matplotlib's default (DejaVu Sans) does not. Importing this
module registers NanumGothic through :mod:`lstm_course.plots` (its ``use_korean_font``, from
``koreanize-matplotlib``, a dependency of the package), and :func:`hangul_font` finds it or
another installed one (Noto Sans CJK KR, Malgun Gothic, AppleGothic...). When there is none,
the Korean tick labels are transliterated letter by letter into Latin letters
(:func:`romanize`) so the figure stays readable.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from . import plots  # noqa: F401  (importing it registers the Hangul font: use_korean_font)
from .hangul import contains_hangul, decompose, is_syllable

__all__ = ["hangul_font", "plot_attention", "plot_image_attention", "romanize", "show_captions"]

_HANGUL_FONTS = (
    "NanumGothic",
    "NanumBarunGothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Malgun Gothic",
    "AppleGothic",
    "Apple SD Gothic Neo",
    "UnDotum",
    "Baekmuk Gulim",
    "Source Han Sans KR",
)

# Revised Romanization letters for each jamo (initial, vowel, final), used letter by letter;
# indexed like lstm_course.hangul's INITIALS, VOWELS and FINALS.
_INITIALS = (
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
)
_VOWELS = (
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
)
_FINALS = (
    "",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "ng",
    "t",
    "t",
    "k",
    "t",
    "p",
    "t",
)


def romanize(text: str) -> str:
    """Hangul syllables as Latin letters, one syllable at a time (other characters unchanged).

    A simplified Revised Romanization with no sound-change rules: ``romanize("서울에서")`` is
    ``"seouleseo"`` (seo-ul-e-seo), ``romanize("먹었다")`` is ``"meokeotda"``. Good enough to
    tell tokens apart on an axis when no Hangul font is installed.
    """
    out = []
    for ch in text:
        if is_syllable(ch):
            initial, vowel, final = decompose(ch)
            out.append(_INITIALS[initial] + _VOWELS[vowel] + _FINALS[final])
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=1)
def hangul_font() -> str | None:
    """The name of an installed font that draws Hangul, or None if there is none."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    for name in _HANGUL_FONTS:
        if name in installed:
            return name
    return None


def _tick_labels(tokens: Sequence[str]) -> tuple[list[str], dict]:
    """Labels that can be drawn, and the font properties to draw them with."""
    tokens = [str(t) for t in tokens]
    if not any(contains_hangul(t) for t in tokens):
        return tokens, {}
    font = hangul_font()
    if font is not None:
        return tokens, {"fontfamily": font}
    return [romanize(t) for t in tokens], {}


def plot_attention(
    weights,
    source_tokens: Sequence[str],
    target_tokens: Sequence[str],
    title: str = "Attention weights",
    xlabel: str = "source token (read by the encoder)",
    ylabel: str = "target token (written by the decoder)",
    annotate: bool = True,
    ax=None,
):
    """An attention map: row t holds the weights the decoder gave the source tokens while
    writing target token t, ``alpha[t, s]`` (each row sums to 1).

    ``weights`` has shape ``(len(target_tokens), len(source_tokens))``: cut away the padding
    first, e.g. ``scores[:n_target, :n_source]``. Korean tokens are drawn with a Hangul font
    when one is installed, otherwise transliterated (see the module's note).
    """
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 2:
        raise ValueError(
            f"plot_attention draws one example's weights, (target, source); got shape "
            f"{weights.shape}. Pick one example first, e.g. scores[0]."
        )
    if weights.shape != (len(target_tokens), len(source_tokens)):
        raise ValueError(
            f"weights of shape {weights.shape} for {len(target_tokens)} target and "
            f"{len(source_tokens)} source tokens; expected ({len(target_tokens)}, "
            f"{len(source_tokens)}). Cut the padding away: weights[:n_target, :n_source]."
        )
    if ax is None:
        size = (max(4.0, 0.7 * weights.shape[1] + 2.5), max(3.0, 0.45 * weights.shape[0] + 1.5))
        _, ax = plt.subplots(figsize=size, layout="constrained")
    image = ax.imshow(weights, cmap="Blues", vmin=0.0, vmax=1.0, aspect="auto")
    x_labels, x_font = _tick_labels(source_tokens)
    y_labels, y_font = _tick_labels(target_tokens)
    ax.set_xticks(range(len(x_labels)), x_labels, rotation=45, ha="right", **x_font)
    ax.set_yticks(range(len(y_labels)), y_labels, **y_font)
    if annotate:
        for (row, col), value in np.ndenumerate(weights):
            if value >= 0.1:
                colour = "white" if value > 0.6 else "black"
                ax.text(
                    col, row, f"{value:.2f}", ha="center", va="center", fontsize=8, color=colour
                )
    ax.figure.colorbar(image, ax=ax, label="attention weight")
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    return ax


def show_captions(
    images,
    captions: Sequence[str],
    references: Sequence[str] | None = None,
    title: str = "Images and their generated captions",
    ncols: int = 4,
    width: int = 28,
):
    """A grid of images, each with its generated caption written under it.

    Args:
        images: ``(n, height, width, 3)`` ``uint8`` (0-255) or float (0-1) images.
        captions: one generated caption per image.
        references: optional true captions; each image then shows "model:" and "true:", the
            model's line green when it matches, red when it does not.
        title: the figure's title.
        ncols: images per row.
        width: characters per caption line before it wraps.

    Returns:
        The matplotlib ``Figure``.
    """
    images = np.asarray(images)
    if images.ndim != 4:
        raise ValueError(
            f"show_captions takes a batch of images (n, height, width, channels); got shape "
            f"{images.shape}. For one image use images[None]."
        )
    n = len(images)
    if len(captions) != n or (references is not None and len(references) != n):
        raise ValueError(
            f"{n} images but {len(captions)} captions"
            + ("" if references is None else f" and {len(references)} references")
        )
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    lines = 3 if references is None else 6
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(2.9 * ncols, (2.5 + 0.22 * lines) * nrows),
        layout="constrained",
        squeeze=False,
    )
    for index, ax in enumerate(axes.flat):
        if index >= n:
            ax.axis("off")
            continue
        ax.imshow(images[index])
        ax.set_xticks([])
        ax.set_yticks([])
        text = "\n".join(textwrap.wrap(str(captions[index]), width))
        colour = "black"
        if references is not None:
            right = " ".join(str(captions[index]).split()) == " ".join(
                str(references[index]).split()
            )
            colour = "tab:green" if right else "tab:red"
            truth = "\n".join(textwrap.wrap(str(references[index]), width))
            text = f"model: {text}\ntrue: {truth}"
        ax.set_xlabel(text, fontsize=8, color=colour, loc="left")
        ax.set_title(f"image {index}", fontsize=9)
    fig.suptitle(title)
    return fig


def plot_image_attention(
    image,
    words: Sequence[str],
    weights,
    grid_shape: tuple[int, int] | None = None,
    title: str = "Where the decoder looks while writing each word",
    ncols: int = 6,
):
    """One panel a written word: the image, dimmed where the decoder gave little attention
    weight while writing that word, clear where it gave much (all panels on one scale, up to
    the largest weight in ``weights``: a word whose weight is spread out is dim all over).

    Args:
        image: one ``(height, width, 3)`` image, ``uint8`` (0-255) or float (0-1).
        words: the written words, one per row of ``weights`` (include ``<end>`` if it has one).
        weights: ``(len(words), rows * cols)`` weights over the regions in row-major order, or
            ``(len(words), rows, cols)``; each row sums to 1.
        grid_shape: ``(rows, cols)`` of the grid when ``weights`` is flat; a square grid is
            assumed when it is not given.
        title: the figure's title.
        ncols: panels per row.

    Returns:
        The matplotlib ``Figure``.
    """
    image = np.asarray(image)
    if image.ndim != 3:
        raise ValueError(
            f"plot_image_attention draws one image (height, width, channels); got shape "
            f"{image.shape}. Pick one first, e.g. images[0]."
        )
    weights = np.asarray(weights, dtype=float)
    if weights.ndim == 2:
        regions = weights.shape[1]
        if grid_shape is None:
            side = int(round(np.sqrt(regions)))
            if side * side != regions:
                raise ValueError(
                    f"{regions} regions do not make a square grid; pass grid_shape=(rows, cols)"
                )
            grid_shape = (side, side)
        if grid_shape[0] * grid_shape[1] != regions:
            raise ValueError(f"grid_shape {grid_shape} does not hold {regions} regions")
        weights = weights.reshape(len(weights), *grid_shape)
    if weights.ndim != 3 or len(weights) != len(words):
        raise ValueError(
            f"weights of shape {weights.shape} for {len(words)} words; expected "
            f"({len(words)}, rows * cols) or ({len(words)}, rows, cols), a row per word"
        )
    height, width = image.shape[:2]
    shade = LinearSegmentedColormap.from_list("shade", [(0, 0, 0, 0.8), (0, 0, 0, 0)])
    vmax = max(float(weights.max()), 1e-9)
    ncols = max(1, min(ncols, len(words)))
    nrows = int(np.ceil(len(words) / ncols))
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(2.0 * ncols, 2.2 * nrows), layout="constrained", squeeze=False
    )
    for index, ax in enumerate(axes.flat):
        ax.axis("off")
        if index >= len(words):
            continue
        ax.imshow(image)
        ax.imshow(
            weights[index],
            cmap=shade,
            vmin=0.0,
            vmax=vmax,
            extent=(-0.5, width - 0.5, height - 0.5, -0.5),
            interpolation="nearest",
        )
        ax.set_title(str(words[index]), fontsize=10)
    fig.suptitle(title)
    return fig
