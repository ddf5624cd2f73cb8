"""Named entities for chapter 05: generated sentences (valid BIO tags, test names never seen in
training), and the CoNLL-2003 and KLUE-NER readers (through fake sources in their formats)."""

from __future__ import annotations

import io
import tarfile

import pytest

from lstm_course.datasets import make_ner_sentences, ner
from lstm_course.datasets.korean import has_batchim
from lstm_course.datasets.ner import SHARED_AFFIXES, TAG_NAMES, tokenize
from tests.fake_sources import fake_source


@pytest.fixture(scope="module", params=["en", "ko"])
def data(request):
    # Korean with particles as tokens of their own, so that a name is a token of its own
    return make_ner_sentences(
        request.param,
        n_train=1500,
        n_validation=200,
        n_test=300,
        seed=0,
        split_particles=request.param == "ko",
    )


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
    split = make_ner_sentences(
        "ko", n_train=300, n_validation=0, n_test=50, seed=1, split_particles=True
    )
    checked = 0
    for toks, stoks, stags in zip(
        data.train["tokens"], split.train["tokens"], split.train["tags"], strict=True
    ):
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


# --------------------------------------------------------------------------------------------
# CoNLL-2003 and KLUE-NER, parsed from fake sources in their real formats
# --------------------------------------------------------------------------------------------


CONLL_SAMPLE = """-DOCSTART- -X- -X- O

EU NNP B-NP I-ORG
rejects VBZ B-VP O
German JJ B-NP I-MISC
call NN I-NP O
. . O O

Peter NNP B-NP I-PER
Blackburn NNP I-NP I-PER
"""


def test_conll_parsing_and_iob2(tmp_path, monkeypatch):
    read = ner.read_conll(CONLL_SAMPLE)
    assert read["tokens"][0] == ["EU", "rejects", "German", "call", "."]
    assert read["tags"][0] == ["B-ORG", "O", "B-MISC", "O", "O"]  # IOB1 -> IOB2
    assert read["tags"][1] == ["B-PER", "I-PER"]
    assert ner.iob1_to_iob2(["B-PER", "I-PER", "I-LOC", "O", "I-LOC"]) == [
        "B-PER",
        "I-PER",
        "B-LOC",
        "O",
        "B-LOC",
    ]
    files = {f: CONLL_SAMPLE.encode() for f in ("train.txt", "valid.txt", "test.txt")}
    monkeypatch.setattr(ner, "CONLL2003_SOURCES", (fake_source("conll (fake)", files),))
    data = ner.load_conll2003(cache_dir=tmp_path)
    assert len(data.train) == len(read) == 2 and data.tag_names[0] == "O"


KLUE_SAMPLE = (
    "## 토큰, 레이블 구분자 : \\t\n## 토큰 구분자 : \\n\n## 문장 구분자 : \\n\\n\n## 주석 : ##\n"
    "## 컬럼명 : CHAR\tNE_TAG\n"
    "## klue-ner-v1_train_00000\t<서울:LC>에서 <김:PS>씨\n"
    "서\tB-LC\n울\tI-LC\n에\tO\n서\tO\n \tO\n김\tB-PS\n씨\tO\n\n"
    "## klue-ner-v1_train_00001\t좋다\n좋\tO\n다\tO\n\n"
)


def test_klue_ner_parsing_char_and_word_level(tmp_path, monkeypatch):
    df = ner.read_klue_ner(KLUE_SAMPLE)
    assert df["chars"][0] == ["서", "울", "에", "서", " ", "김", "씨"]
    assert df["sentence"][0] == "<서울:LC>에서 <김:PS>씨"
    assert ner._klue_words(df["chars"][0], df["char_tags"][0]) == (
        ["서울에서", "김씨"],
        ["B-LC", "B-PS"],
    )
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name in ("klue-ner-v1/klue-ner-v1_train.tsv", "klue-ner-v1/klue-ner-v1_dev.tsv"):
            data = (KLUE_SAMPLE * 5).encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    monkeypatch.setattr(
        ner,
        "KLUE_NER_SOURCES",
        (fake_source("KLUE (fake)", {"klue-ner-v1.tar.gz": buf.getvalue()}),),
    )
    chars = ner.load_klue_ner(cache_dir=tmp_path, validation=0.2)
    words = ner.load_klue_ner(level="word", cache_dir=tmp_path, validation=0.2)
    assert len(chars.train) == 8 and len(chars.validation) == 2 and len(chars.test) == 10
    assert "B-LC" in chars.tag_names and "from the cache" in words.source
    assert ["서울에서", "김씨"] in words.test["tokens"].tolist()
    morphs = ner.load_klue_ner(level="morpheme", cache_dir=tmp_path, validation=0.2)
    assert "from the cache" in morphs.source and "morpheme-level" in morphs.description
    # Kiwi's morphemes: the particle 에서 and the title 씨 are tokens of their own, outside
    assert morphs.test["tokens"][0] == ["서울", "에서", "김", "씨"]
    assert morphs.test["tags"][0] == ["B-LC", "O", "B-PS", "O"]
    assert morphs.test["tokens"][1] == ["좋", "다"] and morphs.test["tags"][1] == ["O", "O"]
    assert len(morphs.train) == len(chars.train) and morphs.tag_names == words.tag_names


def test_klue_morpheme_tags_from_their_characters():
    from lstm_course.morphemes import Morpheme

    # 철수가 부산에 갔다, one tag per character (spaces included); 가 and 었 are both read
    # from 갔, which an invented entity "갔다" covers
    tags = ["B-PS", "I-PS", "O", "O", "B-LC", "I-LC", "O", "O", "B-QT", "I-QT"]
    analysed = [
        Morpheme("철수", "NNP", 0, 2),
        Morpheme("가", "JKS", 2, 3),
        Morpheme("부산", "NNP", 4, 6),
        Morpheme("에", "JKB", 6, 7),
        Morpheme("가", "VV", 8, 9),
        Morpheme("었", "EP", 8, 9),
        Morpheme("다", "EF", 9, 10),
    ]
    forms, got = ner._klue_morphemes(tags, analysed)
    assert forms == ["철수", "가", "부산", "에", "가", "었", "다"]
    # the entity of 갔 begins on 가 only; 었 continues it
    assert got == ["B-PS", "O", "B-LC", "O", "B-QT", "I-QT", "I-QT"]
    # a morpheme that starts inside an entity continues it; one that shares its syllable
    # with a morpheme outside every entity is outside too
    assert ner._klue_morphemes(["B-LC", "I-LC", "I-LC"], [Morpheme("x", "NNP", 1, 3)]) == (
        ["x"],
        ["I-LC"],
    )
    assert ner._klue_morphemes(
        ["O", "O"], [Morpheme("가", "VV", 0, 1), Morpheme("었", "EP", 0, 1)]
    )[1] == ["O", "O"]


def test_the_names_come_from_the_pinned_faker(monkeypatch):
    import faker

    lists = ner.name_lists()
    assert {kind for _, kind in lists} >= {"first_name", "last_name", "city", "company", "name"}
    data = make_ner_sentences("en", n_train=20, n_validation=5, n_test=5, seed=3)
    assert len(data.train) == 20 and f"Faker {ner.FAKER_VERSION}" in data.source
    ner.name_lists.cache_clear()
    monkeypatch.setattr(faker, "VERSION", "0.0.1")
    try:
        with pytest.raises(RuntimeError, match=r'pip install "Faker==40\.63\.0"'):
            ner.name_lists()
    finally:
        ner.name_lists.cache_clear()
