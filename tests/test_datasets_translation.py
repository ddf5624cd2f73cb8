"""Korean -> English pairs for chapter 04: the generator (SOV -> SVO, particles, held-out
combinations and lengths) and Tatoeba's parser (through fake sources in its real formats)."""

from __future__ import annotations

import io
import zipfile

import pytest

from lstm_course.datasets import make_ko_en_pairs, translation
from lstm_course.datasets.korean import attach
from tests.fake_sources import fake_source


@pytest.fixture(scope="module")
def pairs():
    return make_ko_en_pairs(n_train=2000, n_validation=200, n_test=400, seed=0)


def test_pairs_are_well_formed(pairs):
    english = {ko: (en, person) for ko, en, person in translation.SUBJECTS}
    for split in ("train", "validation", "test"):
        df = getattr(pairs, split)
        for ko, morphs, en, subj, verb, tense in zip(
            df["ko"],
            df["ko_morphs"],
            df["en"],
            df["subject"],
            df["verb"],
            df["tense"],
            strict=True,
        ):
            ko_forms, en_forms, _ = translation.VERBS[verb]
            # SOV: the verb comes last
            assert ko.endswith(ko_forms[translation.TENSES.index(tense)])
            en_subj, person = english[subj]
            en_verb = {
                "past": en_forms[2],
                "future": f"will {en_forms[0]}",
                "present": en_forms[1] if person == 3 else en_forms[0],
            }[tense]
            assert en.startswith(f"{en_subj} {en_verb} ")  # SVO: the verb after the subject
            assert morphs.replace(" ", "") == ko.replace(" ", "")
    ko, en = pairs.pairs("train")
    assert len(ko) == 2000 and isinstance(en[0], str)


def test_particles_inside_sentences(pairs):
    for ko, obj in zip(pairs.train["ko"], pairs.train["object"], strict=True):
        assert attach(obj, "을/를") in ko.split()
    # both topic and subject particles occur, and 나 + 가 is written 내가
    words = {w for s in pairs.train["ko"] for w in s.split()}
    assert {"나는", "내가", "학생이", "철수가", "책을", "사과를", "동생과", "친구와"} <= words
    assert "나가" not in words


def test_time_words_agree_with_the_tense(pairs):
    for ko, tense in zip(pairs.train["ko"], pairs.train["tense"], strict=True):
        for ko_time, _, tenses in translation.TIME_WORDS:
            if ko_time in ko:
                assert tense in tenses


def test_held_out_combinations_and_lengths(pairs):
    seen = set(zip(pairs.train["verb"], pairs.train["object"], strict=True)) | set(
        zip(pairs.validation["verb"], pairs.validation["object"], strict=True)
    )
    assert not seen & translation.HELD_OUT_PAIRS
    test = pairs.test
    combo, length = test[test["held_out"] == "combination"], test[test["held_out"] == "length"]
    assert len(combo) == len(length) == 200
    assert set(zip(combo["verb"], combo["object"], strict=True)) <= translation.HELD_OUT_PAIRS
    # each word of a held-out pair appears in training with another partner
    for verb, obj in translation.HELD_OUT_PAIRS:
        assert verb in set(pairs.train["verb"]) and obj in set(pairs.train["object"])
    # longer sentences than training has, in both languages
    for lang in ("ko", "en"):
        train_max = max(
            pairs.train[lang].str.split().str.len().max(),
            pairs.validation[lang].str.split().str.len().max(),
        )
        assert length[lang].str.split().str.len().min() > train_max
    assert (length["n_optional"] == 3).all() and (pairs.train["n_optional"] <= 1).all()
    # no Korean sentence in two splits
    sets = [set(getattr(pairs, s)["ko"]) for s in ("train", "validation", "test")]
    assert not (sets[0] & sets[1] or sets[0] & sets[2] or sets[1] & sets[2])


def test_a_few_long_training_sentences_on_request():
    pairs = make_ko_en_pairs(
        n_train=2000, n_validation=200, n_test=100, max_train_optional=2, long_share=0.05, seed=1
    )
    long_train = pairs.train[pairs.train["n_optional"] == 3]
    assert 0.04 < len(long_train) / len(pairs.train) < 0.08
    assert (pairs.validation["n_optional"] == 3).any()
    length = pairs.test[pairs.test["held_out"] == "length"]
    assert len(length) == 50 and (length["n_optional"] == 3).all()
    # as long as the long training sentences now, but still none of them
    assert length["ko"].str.split().str.len().max() <= long_train["ko"].str.split().str.len().max()
    assert not set(length["ko"]) & set(pairs.train["ko"])
    assert "5% with all three" in pairs.description
    # without long_share, the same seed draws the same sentences as before it existed
    plain = make_ko_en_pairs(n_train=200, n_validation=20, n_test=20, seed=1)
    again = make_ko_en_pairs(n_train=200, n_validation=20, n_test=20, long_share=0.0, seed=1)
    assert plain.train["ko"].tolist() == again.train["ko"].tolist()


def test_deterministic_and_bad_input():
    a = make_ko_en_pairs(n_train=50, n_validation=10, n_test=10, seed=5)
    b = make_ko_en_pairs(n_train=50, n_validation=10, n_test=10, seed=5)
    assert a.train["ko"].tolist() == b.train["ko"].tolist()
    assert a.test["en"].tolist() == b.test["en"].tolist()
    with pytest.raises(ValueError, match="max_train_optional must be 0, 1 or 2, got 3"):
        make_ko_en_pairs(max_train_optional=3)
    with pytest.raises(ValueError, match="n_validation must be >= 0, got -1"):
        make_ko_en_pairs(n_validation=-1)
    with pytest.raises(ValueError, match="long_share must be between 0 and 1, got 1.5"):
        make_ko_en_pairs(long_share=1.5)


def test_a_pair_by_hand():
    t = translation
    row = t.make_pair(
        t.SUBJECTS[0],
        "read",
        "책",
        "past",
        time=t.TIME_WORDS[0],
        place=t.PLACES[2],
        companion=t.COMPANIONS[0],
        topic=True,
    )
    assert row["ko"] == "나는 어제 도서관에서 친구와 함께 책을 읽었다"
    assert row["ko_morphs"] == "나 는 어제 도서관 에서 친구 와 함께 책 을 읽었다"
    assert row["en"] == "I read a book with a friend in the library yesterday"
    row = t.make_pair(t.SUBJECTS[8], "like", "사과", "present", topic=False)
    assert row == {
        "ko": "철수가 사과를 좋아한다",
        "ko_morphs": "철수 가 사과 를 좋아한다",
        "en": "Cheolsu likes apples",
    }


def test_tatoeba_parsing_with_fake_archives(tmp_path, monkeypatch):
    opus = io.BytesIO()
    with zipfile.ZipFile(opus, "w") as z:
        z.writestr("Tatoeba.en-ko.en", "\n".join(f"Sentence {i}." for i in range(10)) + "\n")
        z.writestr("Tatoeba.en-ko.ko", "\n".join(f"문장 {i}." for i in range(10)) + "\n")
        z.writestr("README", "fake")
    anki = io.BytesIO()
    with zipfile.ZipFile(anki, "w") as z:
        z.writestr("kor.txt", "Hi.\t안녕.\tCC-BY 2.0 (France)\nGo.\t가.\tCC-BY\n")
    monkeypatch.setattr(
        translation,
        "TATOEBA_SOURCES",
        (
            fake_source("OPUS (fake)", {"en-ko.txt.zip": opus.getvalue()}),
            fake_source("Anki (fake)", {"kor-eng.zip": anki.getvalue()}),
        ),
    )
    data = translation.load_tatoeba_ko_en(cache_dir=tmp_path, validation=0.2, test=0.2)
    ko, en = data.pairs("train")
    assert len(ko) == 6 and all(
        k.replace("문장", "Sentence") == e for k, e in zip(ko, en, strict=True)
    )
    anki_only = translation.load_tatoeba_ko_en(
        source="Anki (fake)", cache_dir=tmp_path, validation=0.0, test=0.0
    )
    assert sorted(anki_only.pairs("train")[0]) == ["가.", "안녕."]
    assert "ko_morphs" not in data.train  # Kiwi only when asked
    with_morphemes = translation.load_tatoeba_ko_en(
        source="Anki (fake)", cache_dir=tmp_path, validation=0.0, test=0.0, morphemes=True
    )
    rows = dict(zip(with_morphemes.train["ko"], with_morphemes.train["ko_morphs"], strict=True))
    assert rows["안녕."] == "안녕 ." and list(with_morphemes.train.columns) == [
        "ko",
        "ko_morphs",
        "en",
    ]
    assert "morphemes (ko_morphs) by Kiwi" in with_morphemes.description
