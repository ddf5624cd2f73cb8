"""Generated named-entity sentences: valid BIO tags, and test names never seen in training."""

from __future__ import annotations

import pytest

from lstm_course.datasets import has_batchim, make_ner_sentences
from lstm_course.datasets.ner import SHARED_AFFIXES, TAG_NAMES, tokenize


@pytest.fixture(scope="module", params=["en", "ko"])
def data(request):
    # Korean with particles as tokens of their own, so that a name is a token of its own
    return make_ner_sentences(request.param, n_train=1500, n_validation=200, n_test=300, seed=0,
                              split_particles=request.param == "ko")  # fmt: skip


def _valid_bio(tags: list[str]) -> bool:
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            return False
        previous = tag
    return True


def test_bio_tags(data):
    assert data.tag_names == TAG_NAMES
    for split in ("train", "validation", "test"):
        tokens, tags = data.xy(split)
        for toks, tgs, ents in zip(tokens, tags, getattr(data, split)["entities"], strict=True):
            assert len(toks) == len(tgs) and set(tgs) <= set(TAG_NAMES)
            assert _valid_bio(tgs)
            assert sum(t.startswith("B-") for t in tgs) == len(ents)
    kinds = {t[2:] for tgs in data.train["tags"] for t in tgs if t != "O"}
    assert kinds == {"PER", "LOC", "ORG", "DATE"}


def test_test_names_never_appear_in_training(data):
    def name_tokens(split: str) -> set[str]:
        out = set()
        for ents in getattr(data, split)["entities"]:
            for kind, text in ents:
                if kind != "DATE":
                    out |= set(tokenize(text)) - SHARED_AFFIXES
        return out

    train_words = {w for toks in data.train["tokens"] for w in toks}
    train_words |= {w for toks in data.validation["tokens"] for w in toks}
    test_names = name_tokens("test")
    assert len(test_names) > 100
    # no test name token anywhere in training or validation text, entity or not
    assert not test_names & train_words
    assert not test_names & name_tokens("train")
    assert not test_names & name_tokens("validation")
    train_entities = {text for ents in data.train["entities"] for k, text in ents if k != "DATE"}
    test_entities = {text for ents in data.test["entities"] for k, text in ents if k != "DATE"}
    assert not train_entities & test_entities


def test_korean_particles_on_entities():
    data = make_ner_sentences("ko", n_train=300, n_validation=0, n_test=50, seed=1)
    split = make_ner_sentences("ko", n_train=300, n_validation=0, n_test=50, seed=1,
                               split_particles=True)  # fmt: skip
    checked = 0
    for toks, stoks, stags in zip(data.train["tokens"], split.train["tokens"],
                                  split.train["tags"], strict=True):  # fmt: skip
        assert "".join(toks) == "".join(stoks)  # the same sentence, split differently
        assert len(stoks) >= len(toks)
        for i, (word, tag) in enumerate(zip(stoks, stags, strict=True)):
            if tag != "O" and i + 1 < len(stoks) and stags[i + 1] == "O":
                nxt = stoks[i + 1]
                if nxt in ("을", "를"):
                    assert (nxt == "을") == has_batchim(word)
                    checked += 1
                if nxt in ("은", "는", "이", "가", "과", "와"):
                    assert (nxt in ("은", "이", "과")) == has_batchim(word)
                    checked += 1
    assert checked > 100


def test_deterministic_and_bad_input():
    a = make_ner_sentences("ko", n_train=30, n_validation=5, n_test=5, seed=2)
    b = make_ner_sentences("ko", n_train=30, n_validation=5, n_test=5, seed=2)
    assert a.train["tokens"].tolist() == b.train["tokens"].tolist()
    assert a.test["tags"].tolist() == b.test["tags"].tolist()
    c = make_ner_sentences("ko", n_train=30, n_validation=5, n_test=5, seed=3)
    assert a.train["tokens"].tolist() != c.train["tokens"].tolist()
    with pytest.raises(ValueError, match=r"language must be one of \['en', 'ko'\], got 'fr'"):
        make_ner_sentences("fr")
