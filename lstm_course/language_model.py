"""A character-level language model's tools (chapter 11): temperature, sampling, bits per
character, and the search for one unit that tracks a structure of the text.

A language model (언어 모델) gives, after reading the characters x_1 .. x_t, a score (a *logit*)
z_i for every character i of the vocabulary; the softmax turns them into the probability of the
next character. **Temperature** (온도) T divides the logits first::

    p_i(T) = exp(z_i / T) / sum_j exp(z_j / T)

T = 1 is the model's own distribution; T < 1 sharpens it (T -> 0: always the most probable
character, greedy); T > 1 flattens it (T -> infinity: uniform).

**Bits per character** (문자당 비트) is the model's average surprise on a text, in bits::

    bpc = -(1/N) sum_t log2 p(x_{t+1} | x_1 .. x_t)

A model that ignores the context and uses only each character's frequency q_i (a *unigram*
model) needs, on text drawn from that frequency, the entropy H = -sum_i q_i log2 q_i bits.

The sampler runs the trained LSTM one step at a time in NumPy, with the course's notation (row
vectors; Keras kernel = [W_xi | W_xf | W_xc | W_xo])::

    z_t = x_t W_x + h_{t-1} W_h + b = [z_i | z_f | z_c | z_o]
    i_t = σ(z_i)   f_t = σ(z_f)   C~_t = tanh(z_c)   o_t = σ(z_o)
    C_t = f_t ⊙ C_{t-1} + i_t ⊙ C~_t        h_t = o_t ⊙ tanh(C_t)

Importing this module registers the Hangul font (through :mod:`lstm_course.plots`), as
:mod:`lstm_course.seqplots` does: chapter 11 imports no other plotting module, and its Korean
edition's figure titles and labels are in Hangul.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import plots  # noqa: F401  (importing it registers the Hangul font: use_korean_font)

__all__ = [
    "balanced_accuracy",
    "best_single_unit",
    "bits_per_character",
    "inside_marks",
    "lstm_step",
    "plot_char_activations",
    "predict_with_unit",
    "sample_text",
    "softmax_with_temperature",
    "unigram_entropy",
]


def _check_temperature(temperature: float) -> float:
    if not np.isfinite(temperature) or temperature <= 0:
        raise ValueError(
            f"temperature must be a positive number, got {temperature!r} (use a small one, "
            "such as 0.05, for nearly greedy sampling)"
        )
    return float(temperature)


def softmax_with_temperature(logits, temperature: float = 1.0) -> np.ndarray:
    """p_i = exp(z_i / T) / sum_j exp(z_j / T), over the last axis (computed stably)."""
    temperature = _check_temperature(temperature)
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def bits_per_character(logits, targets) -> float:
    """-(1/N) sum_t log2 p(target_t): ``logits`` (..., vocab), ``targets`` (...) ints."""
    z = np.asarray(logits, dtype=np.float64)
    targets = np.asarray(targets)
    if z.shape[:-1] != targets.shape:
        raise ValueError(
            f"logits {z.shape} need one target per row: targets of shape {z.shape[:-1]}, "
            f"got {targets.shape}"
        )
    z = z - z.max(axis=-1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    picked = np.take_along_axis(log_p, targets[..., None].astype(np.int64), axis=-1)
    return float(-picked.mean() / np.log(2))


def unigram_entropy(ids) -> float:
    """H = -sum_i q_i log2 q_i, with q_i the share of character id i in ``ids``, in bits."""
    ids = np.asarray(ids).ravel()
    if ids.size == 0:
        raise ValueError("unigram_entropy needs at least one character, got none")
    q = np.unique(ids, return_counts=True)[1] / ids.size
    return float(-(q * np.log2(q)).sum())


def lstm_step(x_t, h, c, W_x, W_h, b) -> tuple[np.ndarray, np.ndarray]:
    """One LSTM step in NumPy: (h_t, C_t) from x_t, h_{t-1}, C_{t-1} and Keras's weights
    (``W_x`` = kernel, ``W_h`` = recurrent_kernel, gate order i, f, c, o)."""
    z = x_t @ W_x + h @ W_h + b
    z_i, z_f, z_c, z_o = np.split(z, 4, axis=-1)
    i_t, f_t, o_t = (1 / (1 + np.exp(-v)) for v in (z_i, z_f, z_o))
    c_t = f_t * c + i_t * np.tanh(z_c)
    return o_t * np.tanh(c_t), c_t


def _layers(model):
    """The Embedding, LSTM and Dense layers of a char model, in that order."""
    import keras

    kinds = (keras.layers.Embedding, keras.layers.LSTM, keras.layers.Dense)
    found = {}
    for layer in model.layers:
        for kind in kinds:
            if isinstance(layer, kind) and kind not in found:
                found[kind] = layer
    missing = [kind.__name__ for kind in kinds if kind not in found]
    if missing:
        raise ValueError(
            "sample_text needs a model made of an Embedding, an LSTM and a Dense layer "
            f"(Embedding -> LSTM -> Dense); this one has no {', '.join(missing)}"
        )
    return found[keras.layers.Embedding], found[keras.layers.LSTM], found[keras.layers.Dense]


def sample_text(
    model,
    prompt: Sequence[int],
    n_chars: int,
    temperature: float = 1.0,
    rng: np.random.Generator | None = None,
) -> list[int]:
    """Write ``n_chars`` character ids after ``prompt``, one at a time, feeding each one back in.

    The model is Embedding -> LSTM -> Dense (logits). Its weights are read once and the LSTM
    is run with :func:`lstm_step`: read the prompt, then repeat: logits z = h_t W_y + b_y,
    p = softmax(z / T), draw the next id from p, read it.
    """
    temperature = _check_temperature(temperature)
    if len(prompt) == 0:
        raise ValueError("sample_text needs a prompt of at least one character id, got none")
    rng = np.random.default_rng() if rng is None else rng
    embedding, lstm, dense = _layers(model)
    (table,) = (np.asarray(w) for w in embedding.get_weights())
    W_x, W_h, b = (np.asarray(w, dtype=np.float64) for w in lstm.get_weights())
    W_y, b_y = (np.asarray(w, dtype=np.float64) for w in dense.get_weights())
    h = np.zeros(W_h.shape[0])
    c = np.zeros(W_h.shape[0])
    written: list[int] = []
    for token in prompt:
        h, c = lstm_step(table[int(token)], h, c, W_x, W_h, b)
    for _ in range(n_chars):
        p = softmax_with_temperature(h @ W_y + b_y, temperature)
        token = int(rng.choice(len(p), p=p))
        written.append(token)
        h, c = lstm_step(table[token], h, c, W_x, W_h, b)
    return written


def inside_marks(text: str, mark: str) -> np.ndarray:
    """For each character of ``text``: True when, having read it, we are between an opening and
    a closing ``mark`` (``"**"`` around a speaker's name, ``"_"`` around a stage direction).

    Reading the opening mark's last character enters (True); reading the closing mark's last
    character leaves (False). Marks pair up in order: first opens, second closes, ...
    """
    if not mark:
        raise ValueError("mark must be a non-empty string such as '**' or '_'")
    inside = np.zeros(len(text), dtype=bool)
    state, i = False, 0
    while i < len(text):
        if text.startswith(mark, i):
            end = i + len(mark) - 1
            inside[i:end] = state
            state = not state
            inside[end] = state
            i = end + 1
        else:
            inside[i] = state
            i += 1
    return inside


def balanced_accuracy(predicted, truth) -> float:
    """(TPR + TNR) / 2: the mean of the accuracy on the positives and on the negatives.

    Always answering the majority class scores 0.5, however rare the other class is."""
    predicted, truth = np.asarray(predicted, dtype=bool), np.asarray(truth, dtype=bool)
    if predicted.shape != truth.shape:
        raise ValueError(f"predicted {predicted.shape} and truth {truth.shape} must match")
    if truth.all() or not truth.any():
        raise ValueError("balanced_accuracy needs both classes in truth, got only one")
    return float((predicted[truth].mean() + (~predicted[~truth]).mean()) / 2)


def best_single_unit(activations, truth) -> dict:
    """The unit, threshold and direction whose rule ``a_u >= θ`` (or ``a_u < θ``) best predicts
    ``truth``, by balanced accuracy.

    ``activations`` is (N, units), one row per character; ``truth`` (N,) bools. Every unit and
    every threshold between two of its sorted values is tried (a ROC curve per unit): the best
    balanced accuracy is (1 + max |TPR - FPR|) / 2.

    Returns ``{"unit", "threshold", "sign", "balanced_accuracy", "per_unit"}``: ``sign`` +1
    means ``a_u >= θ`` predicts True, -1 means ``a_u < θ`` does; ``per_unit`` holds each
    unit's best balanced accuracy.
    """
    a = np.asarray(activations, dtype=np.float64)
    truth = np.asarray(truth, dtype=bool)
    if a.ndim != 2 or a.shape[0] != truth.shape[0]:
        raise ValueError(
            f"activations must be (characters, units) with one row per label: got {a.shape} "
            f"for {truth.shape[0]} labels"
        )
    if truth.all() or not truth.any():
        raise ValueError("best_single_unit needs both classes in truth, got only one")
    n_pos, n_neg = truth.sum(), (~truth).sum()
    order = np.argsort(-a, axis=0, kind="stable")
    sorted_a = np.take_along_axis(a, order, axis=0)
    hits = truth[order]
    tpr = np.cumsum(hits, axis=0) / n_pos  # rule a >= sorted_a[k]: the top k+1 rows are True
    fpr = np.cumsum(~hits, axis=0) / n_neg
    # only cut between distinct values
    last_of_run = np.vstack([sorted_a[1:] != sorted_a[:-1], np.ones((1, a.shape[1]), bool)])
    gap = np.where(last_of_run, tpr - fpr, 0.0)
    k = np.abs(gap).argmax(axis=0)
    j = gap[k, np.arange(a.shape[1])]
    per_unit = (1 + np.abs(j)) / 2
    unit = int(per_unit.argmax())
    sign = 1 if j[unit] >= 0 else -1
    row = k[unit]
    below = sorted_a[row + 1, unit] if row + 1 < a.shape[0] else sorted_a[row, unit] - 1.0
    threshold = float((sorted_a[row, unit] + below) / 2)
    return {
        "unit": unit,
        "threshold": threshold,
        "sign": sign,
        "balanced_accuracy": float(per_unit[unit]),
        "per_unit": per_unit,
    }


def predict_with_unit(activations, choice: dict) -> np.ndarray:
    """Apply the rule :func:`best_single_unit` found to new activations (N, units)."""
    a = np.asarray(activations)[:, choice["unit"]]
    above = a >= choice["threshold"]
    return above if choice["sign"] > 0 else ~above


def plot_char_activations(
    text: str,
    values,
    title: str = "One unit over the text",
    label: str = "activation",
    width: int = 80,
    center: float = 0.0,
    ax=None,
):
    """Draw ``text`` character by character, each on a square coloured by its value.

    ``values`` holds one number per character (a unit's cell state after reading it). White is
    ``center`` (zero, or a rule's threshold), red above it, blue below, on a scale symmetric
    about it; a line break is drawn as ``↵`` at the end of its line, and lines longer than
    ``width`` wrap. Returns the Figure.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    values = np.asarray(values, dtype=float)
    if values.shape != (len(text),):
        raise ValueError(
            f"values must hold one number per character: {len(text)} characters, got shape "
            f"{values.shape}"
        )
    cells, row, col = [], 0, 0
    for ch, v in zip(text, values, strict=True):
        if col >= width:
            row, col = row + 1, 0
        cells.append((row, col, "↵" if ch == "\n" else ch, v))
        if ch == "\n":
            row, col = row + 1, 0
        else:
            col += 1
    n_rows = row + 1
    if ax is None:
        _, ax = plt.subplots(figsize=(min(14, 0.15 * width + 1.5), 0.28 * n_rows + 1.2))
    scale = float(np.nanmax(np.abs(values - center))) or 1.0
    cmap = plt.get_cmap("coolwarm")
    for r, c, ch, v in cells:
        ax.add_patch(
            Rectangle((c, r), 1, 1, color=cmap(0.5 + 0.5 * (v - center) / scale), linewidth=0)
        )
        ax.text(c + 0.5, r + 0.5, ch, ha="center", va="center", family="monospace", fontsize=8)
    ax.set_xlim(0, width)
    ax.set_ylim(n_rows, 0)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("position in the line (characters)")
    ax.set_ylabel("line of the text")
    ax.set_title(title)
    mappable = plt.cm.ScalarMappable(cmap=cmap, norm=plt.Normalize(center - scale, center + scale))
    ax.figure.colorbar(mappable, ax=ax, label=label, fraction=0.03, pad=0.01)
    return ax.figure
