"""The package's face: what ``lstm_course.datasets`` exports, and the catalog of every data set.

The online-only loaders are called for real here, offline: each must fail at once with a
:class:`DataUnavailableError` that names the data set and says what to do.
"""

from __future__ import annotations

import importlib

import pytest

from lstm_course import datasets as ds
from lstm_course.datasets import CATALOG, DataUnavailableError

#: The online-only data sets and the title each one's error message uses.
ONLINE_TITLES = {
    "flickr8k": "Flickr8k",
    "tatoeba_ko_en": "Tatoeba",
    "conll2003": "CoNLL-2003",
    "klue_ner": "KLUE-NER",
    "imdb": "IMDB",
    "nsmc": "NSMC",
}

#: Plumbing: importable from its own module, not exported from the package.
PLUMBING = {
    "sources": [
        "Fetched",
        "RemoteFile",
        "Source",
        "data_home",
        "fetch",
        "http_source",
        "offline_mode",
        "wheel_source",
    ],
    "korean": ["attach", "final_consonant", "has_batchim", "particle"],
    "splits": ["make_windows", "check_fractions", "stratified_split", "random_split"],
}


def test_the_package_exports_data_not_plumbing():
    exported = set(ds.__all__)
    assert len(exported) == len(ds.__all__), "a name is listed twice in __all__"
    for name in exported:
        assert hasattr(ds, name), f"__all__ names {name}, which the package does not define"
    for module, names in PLUMBING.items():
        mod = importlib.import_module(f"lstm_course.datasets.{module}")
        for name in names:
            assert hasattr(mod, name), f"{name} is no longer in lstm_course.datasets.{module}"
            assert name not in exported, f"plumbing {name} is exported from lstm_course.datasets"
    # every loader and generator is in the catalog, and everything in the catalog is exported
    functions = {n for n in exported if n.startswith(("load_", "make_"))}
    assert functions == {info.function.__name__ for info in CATALOG}
    assert {"CATALOG", "DatasetInfo", "list_datasets", "first_available", "DataError"} <= exported


def test_each_family_lives_in_one_module():
    """Real and generated data of a chapter's family sit together, whether online or not."""
    modules = {info.name: info.function.__module__.rsplit(".", 1)[-1] for info in CATALOG}
    assert modules == {
        "sunspots": "timeseries",
        "co2": "timeseries",
        "sms_spam": "spam",
        "shape_scenes": "captions",
        "flickr8k": "captions",
        "ko_en_pairs": "translation",
        "tatoeba_ko_en": "translation",
        "ner_sentences": "ner",
        "conll2003": "ner",
        "klue_ner": "ner",
        "adding_problem": "memory",
        "copy_task": "memory",
        "subject_switch": "memory",
        "rotten_tomatoes": "sentiment",
        "imdb": "sentiment",
        "nsmc": "sentiment",
        "contrast_sentiment": "sentiment",
        "future_tagging": "sentiment",
        "shakespeare": "plays",
    }
    for info in CATALOG:
        assert getattr(ds, info.family).__module__ == "lstm_course.datasets.results"
        assert not (info.generated and info.online), info.name


def test_list_datasets_shows_which_need_the_internet():
    table = ds.list_datasets()
    assert list(table.columns) == ["name", "function", "family", "chapters", "kind", "online"]
    assert set(table.loc[table["online"], "name"]) == set(ONLINE_TITLES)
    assert set(table.loc[table["online"], "kind"]) == {"real (online only)"}
    assert table.set_index("name").loc["sms_spam", "kind"] == "real (offline)"
    assert table.set_index("name").loc["copy_task", "kind"] == "generated"


@pytest.mark.parametrize("info", [d for d in CATALOG if d.online], ids=lambda d: d.name)
def test_online_loaders_fail_clearly_offline(info, tmp_path, offline):
    with pytest.raises(DataUnavailableError) as error:
        info.function(cache_dir=tmp_path)
    message = str(error.value)
    assert ONLINE_TITLES[info.name] in message and f"({info.name})" in message
    assert "offline mode" in message and "LSTM_COURSE_DATA" in message
    assert "https://" in message or "http://" in message
