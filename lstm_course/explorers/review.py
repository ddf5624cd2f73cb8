"""Chapter 10's explorer: type a review, see both directions' hidden states and the verdict.

A bidirectional layer runs two LSTMs over the words x_1, ..., x_T of a review, each with its own
weights (row vectors; the weights multiply from the right, as in ``lstm_course.layers``):

    forward,  left to right:  h→_t = LSTM→(x_1, ..., x_t)
    backward, right to left:  h←_t = LSTM←(x_T, ..., x_t)

    i_t = σ(x_t W_xi + h_{t-1} W_hi + b_i)      f_t = σ(x_t W_xf + h_{t-1} W_hf + b_f)
    C~_t = tanh(x_t W_xc + h_{t-1} W_hc + b_c)  o_t = σ(x_t W_xo + h_{t-1} W_ho + b_o)
    C_t = f_t ⊙ C_{t-1} + i_t ⊙ C~_t            h_t = o_t ⊙ tanh(C_t)

(for the backward LSTM, "t-1" is the step it read before: the word to the right). A classifier
that reads the final states sees [h→_T ; h←_1], and a sentiment model turns that into

    P(positive) = σ([h→_T ; h←_1] w + b).

:func:`review_figure` encodes a typed review with the chapter's own vectorizer, traces both
LSTMs over its words with :func:`lstm_course.probes.trace_lstm` (through the model, so the
embedding and the padding mask are the model's own), and draws h→_t and h←_t as two heatmaps,
one column per word, with the model's P(positive) in the title.
"""

from __future__ import annotations

import string
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import keras
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lstm_course import plots
from lstm_course.layers import GRU
from lstm_course.probes import trace_gru, trace_lstm

__all__ = ["encode_review", "review_figure"]

UNKNOWN = "[UNK]"
"""The vocabulary entry of id 1 in a ``TextVectorization``: every word it has not seen."""


def review_figure(
    text: str,
    model: keras.Model,
    encode: Any,
    layer: str | keras.layers.Layer | None = None,
    vocabulary: Sequence[str] | None = None,
) -> Figure:
    """Both directions' hidden states over the words of ``text``, and the model's verdict.

    Args:
        text: a review, as typed.
        model: a trained sentiment model (token ids in, one sigmoid P(positive) out) with a
            ``Bidirectional`` LSTM (or GRU) layer after an ``Embedding(mask_zero=True)``.
        encode: the chapter's ``TextVectorization`` (its vocabulary labels the words), or a
            function from a list of texts to ids (batch, time); then pass ``vocabulary`` too.
        layer: the bidirectional layer (or its name); the model's only one when omitted.
        vocabulary: id -> word, only when ``encode`` is a plain function.

    Returns:
        A figure with two heatmaps, h→_t and h←_t, (units, words) each, and P(positive) in its
        title. A text without any word gives a figure that says so; words the vocabulary lacks
        are named in the figure (the model reads each of them as the one id of ``[UNK]``).
    """
    if not isinstance(text, str):
        raise TypeError(f"review_figure reads a review as a string; got {type(text).__name__}.")
    target = _bidirectional_layer(model, layer)
    words_vocabulary = _vocabulary(encode, vocabulary)
    ids, words, unknown, cut = encode_review(text, encode, words_vocabulary)
    if not words:
        return _message_figure(
            "No words to read",
            f"The review {text!r} has no words once it is lower-cased and its punctuation "
            "removed.\nType a review in the box, for example "
            "'the acting was good but the story was dull'.",
        )
    trace = _trace(model, target, ids)
    n = len(words)
    h_forward = trace["forward"]["hidden_state"][0, :n]  # (words, units)
    h_backward = trace["backward"]["hidden_state"][0, :n]
    p = _probability(model, ids)

    figure, axes = plt.subplots(
        2, 1, figsize=(max(7.0, 0.6 * n + 3.0), 7.5), layout="constrained", squeeze=True
    )
    reads_final = not getattr(target.forward_layer, "return_sequences", True)
    # One colour scale for both panels, centred at 0 and as wide as the largest state: a
    # model that has barely trained has faint states, which a fixed scale of ±1 would hide.
    limit = max(float(np.nanmax(np.abs([h_forward, h_backward]))), 1e-3)
    for ax, h, symbol, how, read_at in (
        (axes[0], h_forward, r"$\overrightarrow{h}_t$", "Forward", n - 1),
        (axes[1], h_backward, r"$\overleftarrow{h}_t$", "Backward", 0),
    ):
        way = "left to right" if how == "Forward" else "right to left"
        plots.plot_heatmap(
            h.T,
            f"{how} hidden state {symbol} (reads {way})",
            xlabel="word at step t",
            ylabel="unit",
            x_ticks=[f"{w}?" if u else w for w, u in zip(words, unknown, strict=True)],
            vmin=-limit,
            vmax=limit,
            colorbar_label=r"$h_t$ (one scale for both panels)",
            ax=ax,
        )
        for label, is_unknown in zip(ax.get_xticklabels(), unknown, strict=True):
            if is_unknown:
                label.set_color("crimson")
        if reads_final:  # the one state of this direction that the classifier reads
            ax.add_patch(
                Rectangle(
                    (read_at - 0.5, -0.5),
                    1,
                    h.shape[1],
                    fill=False,
                    edgecolor="black",
                    linewidth=2.5,
                )
            )
    verdict = "positive" if p > 0.5 else "negative"
    figure.suptitle(f"P(positive) = {p:.3f} ({verdict}): {_short(text)}")
    notes = []
    if reads_final:
        notes.append(
            "Boxed: the two states the classifier reads, the forward one at the last word and "
            "the backward one at the first; each has read the whole review."
        )
    if any(unknown):
        missing = ", ".join(repr(w) for w, u in zip(words, unknown, strict=True) if u)
        notes.append(
            f"Not in the vocabulary (red, with ?): {missing}. The model reads each as {UNKNOWN}, "
            "one id for every unknown word; use words from the training data."
        )
    if cut:
        notes.append(f"Only the first {n} words are read: the model's inputs are {n} ids long.")
    if notes:
        width = int(13 * figure.get_figwidth())  # characters of 9 pt text across the figure
        lines = [line for note in notes for line in textwrap.wrap(note, width)]
        figure.supxlabel("\n".join(lines), x=0.01, ha="left", fontsize=9)
    return figure


def encode_review(
    text: str, encode: Any, vocabulary: Sequence[str]
) -> tuple[np.ndarray, list[str], list[bool], bool]:
    """``(ids (1, time), words, unknown, cut)``: the review as the model reads it.

    ``words`` has one entry per id the model reads (the vocabulary's word; for an unknown word
    the word as typed), ``unknown[k]`` says whether word k is outside the vocabulary, and
    ``cut`` whether the text had more words than the model's input is long.
    """
    ids = _ids(encode, [text])
    n = int((ids[0] > 0).sum())
    # Each whitespace-separated piece alone, to name an unknown word as it was typed; this
    # lines up with the whole text when the vectorizer splits on whitespace (the default).
    pieces = [(piece, _ids(encode, [piece])[0]) for piece in text.split()]
    typed = [
        piece.strip(string.punctuation) or piece for piece, got in pieces for i in got if i > 0
    ]
    own = [int(i) for _, got in pieces for i in got if i > 0]
    aligned = own[:n] == [int(i) for i in ids[0, :n]]
    words, unknown = [], []
    for k, i in enumerate(ids[0, :n]):
        word = vocabulary[i] if 0 <= i < len(vocabulary) else UNKNOWN
        unknown.append(word == UNKNOWN)
        words.append(typed[k] if word == UNKNOWN and aligned else word)
    return ids, words, unknown, aligned and len(own) > n


def _ids(encode: Any, texts: list[str]) -> np.ndarray:
    """``encode(texts)`` as int32 ids (batch, time)."""
    ids = np.asarray(encode(np.asarray(texts, dtype=object)))
    if ids.ndim != 2 or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(
            "review_figure: encode(texts) should give integer ids of shape (texts, time), as a "
            f"TextVectorization with output_sequence_length does; got {ids.dtype} of shape "
            f"{ids.shape}."
        )
    return ids.astype("int32")


def _vocabulary(encode: Any, vocabulary: Sequence[str] | None) -> Sequence[str]:
    if vocabulary is not None:
        return list(vocabulary)
    if hasattr(encode, "get_vocabulary"):
        return encode.get_vocabulary()
    if not callable(encode):
        raise TypeError(
            f"review_figure: encode should be a TextVectorization or a function from texts to "
            f"ids; got {type(encode).__name__}."
        )
    raise TypeError(
        "review_figure: encode is a plain function, so the words cannot be named: pass "
        "vocabulary= as well (id -> word, e.g. vectorizer.get_vocabulary()), or pass the "
        "TextVectorization itself as encode."
    )


def _bidirectional_layer(model: keras.Model, layer: str | keras.layers.Layer | None):
    if not isinstance(model, keras.Model):
        raise TypeError(f"review_figure needs a Keras model; got {type(model).__name__}.")
    found = [
        candidate
        for candidate in model.layers
        if hasattr(candidate, "forward_layer") and hasattr(candidate, "backward_layer")
    ]
    if layer is not None:
        for candidate in found:
            if candidate is layer or candidate.name == layer:
                return candidate
        name = getattr(layer, "name", layer)
        raise ValueError(
            f"review_figure: model {model.name!r} has no bidirectional layer {name!r}; its "
            f"bidirectional layers: {[c.name for c in found] or 'none'}."
        )
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValueError(
            f"review_figure shows the two directions of a Bidirectional layer, and model "
            f"{model.name!r} has none (its layers: {[c.name for c in model.layers]})."
        )
    raise ValueError(
        f"review_figure: model {model.name!r} has {len(found)} bidirectional layers "
        f"({[c.name for c in found]}); say which with layer='name'."
    )


def _trace(model: keras.Model, target, ids: np.ndarray) -> dict[str, Any]:
    trace: Callable[..., dict[str, Any]] = trace_lstm
    if isinstance(target.forward_layer, (GRU, keras.layers.GRU)):
        trace = trace_gru
    return trace(model, layer=target, inputs=ids)


def _probability(model: keras.Model, ids: np.ndarray) -> float:
    out = keras.ops.convert_to_numpy(model(ids, training=False))
    if out.shape != (1, 1):
        raise ValueError(
            "review_figure reads a sentiment model with one sigmoid output, P(positive), "
            f"shape (1, 1) for one review; model {model.name!r} gave shape {out.shape}."
        )
    return float(out[0, 0])


def _message_figure(title: str, message: str) -> Figure:
    figure, ax = plt.subplots(figsize=(7.0, 2.5), layout="constrained")
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True, transform=ax.transAxes)
    return figure


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 3]}..."'
