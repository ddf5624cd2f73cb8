"""How every loader and generator checks its arguments and cuts its data into splits.

* argument checks: :func:`check_fractions`, :func:`check_positive`, :func:`check_choice`;
* tables: :func:`stratified_split` (the same class mix in each split), :func:`random_split`,
  :func:`split_labelled` (labelled texts: drop duplicates, number the classes, stratify);
* time series: :func:`split_by_time` (earliest part trains, latest tests) and
  :func:`make_windows` (window -> next value pairs whose target lies in its own split).

Every split is deterministic for a seed. This module works on plain NumPy arrays and pandas
objects and imports nothing from the rest of the package, so that every data module (and the
result types in :mod:`~lstm_course.datasets.results`) can use it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

#: The three splits, in order: every result has them as attributes.
SPLITS = ("train", "validation", "test")


def check_fractions(validation: float, test: float) -> None:
    """Validation and test fractions must each be in [0, 1) and sum to < 1."""
    for name, value in (("validation", validation), ("test", test)):
        if not 0 <= value < 1:
            raise ValueError(f"{name} fraction must be in [0, 1), got {value!r}")
    if validation + test >= 1:
        raise ValueError(
            "split fractions must sum to < 1 (the rest is training): "
            f"validation={validation} + test={test} = {validation + test}"
        )


def stratified_split(
    df: pd.DataFrame, label: str, validation: float, test: float, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Split ``df`` into train / validation / test with the same class mix in each.

    Deterministic for a seed: each class is shuffled with ``numpy.random.default_rng(seed)``
    and cut by the fractions.
    """
    check_fractions(validation, test)
    rng = np.random.default_rng(seed)
    parts: dict[str, list[np.ndarray]] = {s: [] for s in SPLITS}
    for _, group in sorted(df.groupby(label).groups.items(), key=lambda kv: str(kv[0])):
        idx = rng.permutation(np.asarray(group))
        n_test = int(round(len(idx) * test))
        n_val = int(round(len(idx) * validation))
        parts["test"].append(idx[:n_test])
        parts["validation"].append(idx[n_test : n_test + n_val])
        parts["train"].append(idx[n_test + n_val :])
    out = []
    for s in SPLITS:
        idx = rng.permutation(np.concatenate(parts[s])) if parts[s] else np.array([], int)
        out.append(df.loc[idx].reset_index(drop=True))
    return tuple(out)  # type: ignore[return-value]


def random_split(
    df: pd.DataFrame, validation: float, test: float, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Shuffle ``df`` with a seed and cut it by the fractions (no stratification)."""
    check_fractions(validation, test)
    idx = np.random.default_rng(seed).permutation(len(df))
    n_test, n_val = int(round(len(df) * test)), int(round(len(df) * validation))
    cuts = (idx[n_test + n_val :], idx[n_test : n_test + n_val], idx[:n_test])
    return tuple(df.iloc[c].reset_index(drop=True) for c in cuts)  # type: ignore[return-value]


def check_positive(name: str, value: int, minimum: int = 1) -> int:
    """``value`` as an int, or a ValueError naming what was expected and what came."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def check_choice(name: str, value: str, choices: Sequence[str]) -> str:
    """``value`` if it is one of ``choices``, else a ValueError listing them."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def split_labelled(
    df: pd.DataFrame,
    class_names: Sequence[str],
    validation: float,
    test: float,
    seed: int,
    dedupe: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, str]:
    """Labelled texts -> stratified train / validation / test, and a sentence that says how.

    ``df`` has the columns ``text`` and ``label_name`` (one of ``class_names``), and maybe more.
    Exact duplicate texts are dropped first when ``dedupe`` (so that the same text can't sit in
    both training and test); ``label_name`` becomes ``label``, the ``int32`` index of the class
    in ``class_names``, and the first column after ``text``.

    Returns:
        The three splits, and the sentence for a result's ``description`` (how many texts,
        per class, and how they were split).
    """
    check_fractions(validation, test)
    n_raw = len(df)
    if dedupe:
        df = df.drop_duplicates("text").reset_index(drop=True)
    df = df.assign(label=df["label_name"].map({c: i for i, c in enumerate(class_names)}))
    df = df[["text", "label"] + [c for c in df.columns if c not in ("text", "label")]]
    df = df.drop(columns=["label_name"]).astype({"label": "int32"})
    train, val, tst = stratified_split(df, "label", validation, test, seed)
    counts = ", ".join(f"{(df['label'] == i).sum():,} {c}" for i, c in enumerate(class_names))
    kept = f"{len(df):,} after dropping exact duplicates" if dedupe else "duplicates kept"
    summary = (
        f"{n_raw:,} texts ({kept}: {counts}). Stratified split, seed {seed}: "
        f"validation {validation:.0%}, test {test:.0%}."
    )
    return train, val, tst, summary


def split_by_time(
    series: pd.Series, validation: float, test: float
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Cut a time-ordered series into consecutive pieces: the earliest part trains, the next
    validates, the latest tests (``validation`` and ``test`` are fractions of its length), so
    that a model never trains on the future of what it is tested on."""
    check_fractions(validation, test)
    n = len(series)
    n_test, n_val = int(round(n * test)), int(round(n * validation))
    n_train = n - n_val - n_test
    return (
        series.iloc[:n_train],
        series.iloc[n_train : n_train + n_val],
        series.iloc[n_train + n_val :],
    )


def make_windows(
    values,
    window: int,
    horizon: int = 1,
    start: int = 0,
    stop: int | None = None,
    look_back: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Sliding windows over a 1-D series: ``X[k] = values[i:i+window]``,
    ``y[k] = values[i+window+horizon-1]``.

    Only windows whose target index lies in ``[start, stop)`` are made. With ``look_back``
    a window may begin before ``start`` (it reads the past, which is known); without it every
    window lies wholly inside ``[start, stop)``. Either way no window ever reads a value at or
    after its target.

    Returns:
        ``X`` of shape ``(n, window, 1)`` and ``y`` of shape ``(n,)``, both ``float32``
        (``n`` may be 0 when the range is shorter than a window).
    """
    window = check_positive("window", window)
    horizon = check_positive("horizon", horizon)
    v = np.asarray(values, dtype=np.float32).reshape(-1)
    stop = len(v) if stop is None else stop
    if not 0 <= start <= stop <= len(v):
        raise ValueError(f"need 0 <= start <= stop <= {len(v)}, got start={start}, stop={stop}")
    first_input = 0 if look_back else start
    targets = np.arange(max(start, first_input + window + horizon - 1), stop)
    if len(targets) == 0:
        return np.zeros((0, window, 1), np.float32), np.zeros((0,), np.float32)
    begins = targets - horizon - window + 1
    X = np.stack([v[b : b + window] for b in begins])[..., None]
    return X, v[targets]
