"""The result types: one per family of data, the same for real loaders and our generators.

This module holds only the types; how data is cut into splits is in
:mod:`~lstm_course.datasets.splits`.

Every result has ``train``, ``validation`` and ``test``, the names of its classes or tags,
``source`` (which source served, or ``"generated (seed=0)"``) and ``description`` (a few
sentences on where the data came from and how it was split). A notebook uses one line::

    data = load_sms_spam()
    x_train, y_train = data.xy("train")          # texts (np.ndarray of str), labels (int)
    print(data)                                   # sizes, classes, source

====================  ==========================================  ==============================
family                each split is                                one line
====================  ==========================================  ==============================
TextClassification    DataFrame: ``text``, ``label`` (+ extras)     ``data.xy("train")``
Translation           DataFrame: one column per language            ``data.pairs("train")``
Tagging               DataFrame: ``tokens``, ``tags`` (lists)       ``data.xy("train")``
Caption               :class:`CaptionSplit` (images, captions)     ``data.train.images``
SequenceTask          :class:`SequenceSplit` (x, y, marks)         ``data.xy("train")``
TimeSeries            ``pandas.Series`` (time-ordered)             ``data.windows(24)``
TextCorpus            ``str`` (consecutive stretches of a text)    ``data.train[:200]``
====================  ==========================================  ==============================
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .splits import SPLITS, make_windows


def _check_split(name: str) -> str:
    if name not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {name!r}")
    return name


def _sizes(obj) -> str:
    return ", ".join(f"{s} {len(getattr(obj, s)):,}" for s in SPLITS)


def _header(obj) -> str:
    return f"{type(obj).__name__} {obj.name!r}: {_sizes(obj)}\n  source: {obj.source}"


@dataclass
class TextClassificationData:
    """Texts with one label each (spam or not, positive or negative).

    Each split is a DataFrame with the columns ``text`` (str) and ``label`` (int, an index into
    ``class_names``), and sometimes more (for example ``decider`` in the contrast set).
    """

    name: str
    train: pd.DataFrame
    validation: pd.DataFrame
    test: pd.DataFrame
    class_names: list[str]
    source: str
    description: str

    def xy(self, split: str = "train") -> tuple[np.ndarray, np.ndarray]:
        """``(texts, labels)`` of a split as NumPy arrays: Python ``str`` objects (which
        ``keras.layers.TextVectorization`` takes as they are) and ``int32`` labels."""
        df = getattr(self, _check_split(split))
        return df["text"].to_numpy(dtype=object), df["label"].to_numpy(np.int32)

    def counts(self) -> pd.DataFrame:
        """Examples per split and class: a table to print, to see the imbalance."""
        table = {
            s: getattr(self, s)["label"].value_counts().reindex(range(len(self.class_names)))
            for s in SPLITS
        }
        out = pd.DataFrame(table).fillna(0).astype(int)
        out.index = self.class_names
        return out

    def __repr__(self) -> str:
        return f"{_header(self)}\n  classes: {self.class_names}"


@dataclass
class TranslationData:
    """Sentence pairs. Each split is a DataFrame with one column per language (for example
    ``ko`` and ``en``), sometimes with more (``ko_morphs``, ``held_out``)."""

    name: str
    train: pd.DataFrame
    validation: pd.DataFrame
    test: pd.DataFrame
    source_language: str
    target_language: str
    source: str
    description: str

    def pairs(self, split: str = "train") -> tuple[list[str], list[str]]:
        """``(source sentences, target sentences)`` of a split, as lists of str."""
        df = getattr(self, _check_split(split))
        return df[self.source_language].tolist(), df[self.target_language].tolist()

    def __repr__(self) -> str:
        return f"{_header(self)}\n  {self.source_language} -> {self.target_language}"


@dataclass
class TaggingData:
    """One label per token (named entities, word senses).

    Each split is a DataFrame with ``tokens`` and ``tags`` (lists of equal length), sometimes
    with more (``depends_on_future``: a list of bool per token; ``language``).
    """

    name: str
    train: pd.DataFrame
    validation: pd.DataFrame
    test: pd.DataFrame
    tag_names: list[str]
    source: str
    description: str

    def xy(self, split: str = "train") -> tuple[list[list[str]], list[list[str]]]:
        """``(token lists, tag lists)`` of a split."""
        df = getattr(self, _check_split(split))
        return df["tokens"].tolist(), df["tags"].tolist()

    def __repr__(self) -> str:
        return f"{_header(self)}\n  tags: {self.tag_names}"


@dataclass
class CaptionSplit:
    """Images and their captions.

    Attributes:
        images: ``uint8`` array ``(n, height, width, 3)``.
        captions: one caption per image (the training target).
        references: every acceptable caption per image (for BLEU); ``captions[i]`` is
            ``references[i][0]``.
        meta: a DataFrame with one row per image (what is in it, file names, ...).
    """

    images: np.ndarray
    captions: list[str]
    references: list[list[str]]
    meta: pd.DataFrame

    def __len__(self) -> int:
        return len(self.captions)


@dataclass
class CaptionData:
    """Image captioning: ``train``, ``validation``, ``test`` are :class:`CaptionSplit`."""

    name: str
    train: CaptionSplit
    validation: CaptionSplit
    test: CaptionSplit
    source: str
    description: str

    def __repr__(self) -> str:
        shape = self.train.images.shape[1:]
        return f"{_header(self)}\n  images {shape}"


@dataclass
class SequenceSplit:
    """A memory task: inputs, targets, and the time steps worth looking at.

    Attributes:
        x: ``float32`` inputs ``(n, time, features)``, ready for a recurrent layer.
        y: targets (shape depends on the task; see its ``description``).
        marks: per-example step indices, e.g. ``{"switch_step": (n,)}`` or
            ``{"marked_steps": (n, 2)}``: where to look at the gates.
        tokens: the integer token ids behind ``x`` when ``x`` is one-hot, else None.
    """

    x: np.ndarray
    y: np.ndarray
    marks: dict[str, np.ndarray] = field(default_factory=dict)
    tokens: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.x)


@dataclass
class SequenceTaskData:
    """A generated memory task; ``vocab`` names the one-hot features when there are any."""

    name: str
    train: SequenceSplit
    validation: SequenceSplit
    test: SequenceSplit
    source: str
    description: str
    vocab: list[str] = field(default_factory=list)

    def xy(self, split: str = "train") -> tuple[np.ndarray, np.ndarray]:
        """``(x, y)`` of a split."""
        part = getattr(self, _check_split(split))
        return part.x, part.y

    def __repr__(self) -> str:
        return f"{_header(self)}\n  x {self.train.x.shape[1:]}, y {self.train.y.shape[1:]}"


@dataclass
class TimeSeriesData:
    """A time series split by time: ``train`` is the earliest part, ``test`` the latest.

    Attributes:
        series: the whole series (``pandas.Series`` with a time index).
        train, validation, test: consecutive, non-overlapping pieces of ``series``.
        mean, std: computed on ``train`` only (scaling with statistics of the whole series
            would leak the future into training).
    """

    name: str
    series: pd.Series
    train: pd.Series
    validation: pd.Series
    test: pd.Series
    source: str
    description: str
    mean: float = 0.0
    std: float = 1.0

    def scale(self, values) -> np.ndarray:
        """``(values - mean) / std`` with the training statistics."""
        return (np.asarray(values, dtype=np.float32) - self.mean) / self.std

    def unscale(self, values) -> np.ndarray:
        """The inverse of :meth:`scale`."""
        return np.asarray(values, dtype=np.float32) * self.std + self.mean

    def windows(
        self, window: int, horizon: int = 1, scaled: bool = True, look_back: bool = True
    ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Sliding windows for each split: ``{"train": (X, y), ...}``.

        ``X`` has shape ``(n, window, 1)`` and ``y`` shape ``(n,)``: the value ``horizon``
        steps after the window. A target always lies in its own split. With ``look_back``
        (the default), the first validation (test) windows may read the end of training
        (validation): that is the past, known at prediction time, so nothing leaks. With
        ``look_back=False`` every window lies wholly inside its split.
        """
        values = self.scale(self.series.to_numpy()) if scaled else self.series.to_numpy()
        bounds = np.cumsum([0, len(self.train), len(self.validation), len(self.test)])
        return {
            s: make_windows(
                values,
                window,
                horizon,
                start=int(bounds[i]),
                stop=int(bounds[i + 1]),
                look_back=look_back,
            )
            for i, s in enumerate(SPLITS)
        }

    def __repr__(self) -> str:
        first, last = self.series.index[0], self.series.index[-1]
        return f"{_header(self)}\n  {len(self.series):,} steps, {first} .. {last}"


@dataclass
class TextCorpusData:
    """One long text cut into consecutive stretches, for a language model (chapter 11).

    Attributes:
        text: the whole text.
        train, validation, test: consecutive, non-overlapping stretches of ``text``, in this
            order (a model is judged on a part of the text it never read, not on shuffled
            lines from the middle of its training part); ``train + validation + test == text``.
    """

    name: str
    text: str
    train: str
    validation: str
    test: str
    source: str
    description: str

    def characters(self, split: str = "train") -> list[str]:
        """The distinct characters of a split, sorted (a character model's vocabulary)."""
        return sorted(set(getattr(self, _check_split(split))))

    def __repr__(self) -> str:
        sizes = ", ".join(f"{s} {len(getattr(self, s)):,}" for s in SPLITS)
        return (
            f"{type(self).__name__} {self.name!r}: {sizes} characters\n  source: {self.source}"
            f"\n  {len(self.characters('train'))} distinct characters in train"
        )
