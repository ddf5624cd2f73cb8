"""Real data sets that need the internet (Colab, or any machine online). Offline, each raises a
:class:`~lstm_course.datasets.sources.DataUnavailableError` saying what to do; the course's
notebooks fall back on the generated data of the same family.

======================  ===============================================  ======================
loader                  what                                             family
======================  ===============================================  ======================
load_tatoeba_ko_en      Tatoeba Korean-English sentence pairs            TranslationData
load_flickr8k           Flickr8k: 8,000 photos, 5 captions each          CaptionData
load_conll2003          CoNLL-2003 English NER (PER, LOC, ORG, MISC)     TaggingData
load_klue_ner           KLUE-NER Korean NER (PS, LC, OG, DT, TI, QT)     TaggingData
======================  ===============================================  ======================
"""

from __future__ import annotations

import io
import os
import tarfile
import zipfile

import numpy as np
import pandas as pd

from .results import (
    CaptionData,
    CaptionSplit,
    TaggingData,
    TranslationData,
    check_choice,
    check_fractions,
    check_positive,
    random_split,
)
from .sources import fetch, http_source

# ---------------------------------------------------------------------------------------------
# Tatoeba Korean-English
# ---------------------------------------------------------------------------------------------

TATOEBA_SOURCES = (
    # OPUS's dated release of Tatoeba: a fixed file, pinned on first use (no published hash).
    http_source(
        "OPUS Tatoeba v2021-07-22 (en-ko)",
        [("en-ko.txt.zip",
          "https://object.pouta.csc.fi/OPUS-Tatoeba/v2021-07-22/moses/en-ko.txt.zip", None)],
    ),
    # ManyThings' Anki export of Tatoeba: updated from time to time, pinned on first use.
    http_source(
        "ManyThings.org Anki export (kor-eng)",
        [("kor-eng.zip", "https://www.manythings.org/anki/kor-eng.zip", None)],
    ),
)  # fmt: skip


def load_tatoeba_ko_en(
    source: str = "auto",
    seed: int = 0,
    validation: float = 0.1,
    test: float = 0.1,
    cache_dir: str | os.PathLike | None = None,
    offline: bool | None = None,
) -> TranslationData:
    """Korean-English sentence pairs from Tatoeba (CC BY 2.0 FR). Online only.

    Pairs whose Korean sentence repeats are kept once; the split is random with ``seed``.
    Columns ``ko`` and ``en``.
    """
    check_fractions(validation, test)
    got = fetch("tatoeba_ko_en", TATOEBA_SOURCES, source=source, title="Tatoeba Korean-English",
                cache_dir=cache_dir, offline=offline)  # fmt: skip
    if "en-ko.txt.zip" in got.paths:
        with zipfile.ZipFile(got.path("en-ko.txt.zip")) as z:
            names = z.namelist()
            en_name = next(n for n in names if n.endswith(".en"))
            ko_name = next(n for n in names if n.endswith(".ko"))
            en = z.read(en_name).decode("utf-8").splitlines()
            ko = z.read(ko_name).decode("utf-8").splitlines()
        df = pd.DataFrame({"ko": ko, "en": en})
        where = "OPUS Tatoeba v2021-07-22 (Tiedemann, 2012), sentences from tatoeba.org"
    else:
        with zipfile.ZipFile(got.path("kor-eng.zip")) as z:
            lines = z.read("kor.txt").decode("utf-8").splitlines()
        rows = [line.split("\t")[:2] for line in lines if line.count("\t") >= 1]
        df = pd.DataFrame([(k, e) for e, k in rows], columns=["ko", "en"])
        where = "ManyThings.org's Anki export of tatoeba.org"
    df = df.apply(lambda col: col.str.strip())
    df = df[(df["ko"] != "") & (df["en"] != "")].drop_duplicates("ko").reset_index(drop=True)
    train, val, tst = random_split(df, validation, test, seed)
    return TranslationData(
        "tatoeba_ko_en", train, val, tst, "ko", "en", got.describe(),
        f"{where}; CC BY 2.0 FR. {len(df):,} distinct Korean sentences with an English "
        f"translation; random split (seed {seed}): validation {validation:.0%}, "
        f"test {test:.0%}.",
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Flickr8k
# ---------------------------------------------------------------------------------------------

FLICKR8K_URL = "https://github.com/jbrownlee/Datasets/releases/download/Flickr8k/"
FLICKR8K_SOURCES = (
    http_source(
        "Flickr8k on GitHub (jbrownlee/Datasets release)",
        [
            # Only MD5s are published for these two archives.
            ("Flickr8k_text.zip", FLICKR8K_URL + "Flickr8k_text.zip",
             "md5:bf6c1abcb8e4a833b7f922104de18627"),
            ("Flickr8k_Dataset.zip", FLICKR8K_URL + "Flickr8k_Dataset.zip",
             "md5:f18a1e2920de5bd84dae7cf08ec78978"),
        ],
    ),
)  # fmt: skip


def _square(image, size: int) -> np.ndarray:
    """Centre-crop to a square and resize to ``size`` x ``size`` RGB."""
    from PIL import Image

    image = image.convert("RGB")
    w, h = image.size
    side = min(w, h)
    left, top = (w - side) // 2, (h - side) // 2
    image = image.crop((left, top, left + side, top + side))
    return np.asarray(image.resize((size, size), Image.BILINEAR), dtype=np.uint8)


def load_flickr8k(
    image_size: int = 64,
    max_images: int | None = None,
    source: str = "auto",
    cache_dir: str | os.PathLike | None = None,
    offline: bool | None = None,
) -> CaptionData:
    """Flickr8k (Hodosh, Young & Hockenmaier, 2013): photos with five captions each. Online only.

    The official lists give 6,000 training, 1,000 validation and 1,000 test images. Images are
    centre-cropped and resized to ``image_size`` (decoding all 8,000 takes a minute; pass
    ``max_images`` to keep the first ones of each split). ``captions`` holds the first caption,
    ``references`` all five; ``meta`` has the file names. About 1.1 GB to download.
    """
    from PIL import Image

    image_size = check_positive("image_size", image_size, 16)
    if max_images is not None:
        max_images = check_positive("max_images", max_images)
    got = fetch("flickr8k", FLICKR8K_SOURCES, source=source, title="Flickr8k",
                cache_dir=cache_dir, offline=offline)  # fmt: skip
    with zipfile.ZipFile(got.path("Flickr8k_text.zip")) as z:

        def text(name: str) -> list[str]:
            member = next(n for n in z.namelist() if n.endswith(name) and "MACOSX" not in n)
            return z.read(member).decode("utf-8").splitlines()

        captions: dict[str, list[str]] = {}
        for line in text("Flickr8k.token.txt"):
            if "\t" in line:
                key, caption = line.split("\t", 1)
                captions.setdefault(key.split("#")[0], []).append(caption.strip())
        lists = {
            s: [x.strip() for x in text(f"Flickr_8k.{f}Images.txt") if x.strip()]
            for s, f in (("train", "train"), ("validation", "dev"), ("test", "test"))
        }
    splits = {}
    with zipfile.ZipFile(got.path("Flickr8k_Dataset.zip")) as z:
        members = {os.path.basename(n): n for n in z.namelist()
                   if n.lower().endswith(".jpg") and "MACOSX" not in n}  # fmt: skip
        for split, names in lists.items():
            names = [n for n in names if n in members and n in captions][:max_images]
            images = [_square(Image.open(io.BytesIO(z.read(members[n]))), image_size)
                      for n in names]  # fmt: skip
            refs = [captions[n] for n in names]
            splits[split] = CaptionSplit(
                np.stack(images) if images else np.zeros((0, image_size, image_size, 3), np.uint8),
                [r[0] for r in refs],
                refs,
                pd.DataFrame({"file": names}),
            )
    return CaptionData(
        "flickr8k", splits["train"], splits["validation"], splits["test"], got.describe(),
        "Flickr8k (Hodosh, Young & Hockenmaier, 2013; images from Flickr, for research use): "
        f"official train/dev/test image lists, images centre-cropped to {image_size}x"
        f"{image_size}, five captions per image.",
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# CoNLL-2003
# ---------------------------------------------------------------------------------------------

CONLL_URL = ("https://raw.githubusercontent.com/davidsbatista/NER-datasets/"
             "dcb6c7439a7de43abc2448bad5b1d81a47f26c0d/CONLL2003/")  # fmt: skip
CONLL2003_SOURCES = (
    http_source(
        "CoNLL-2003 on GitHub (davidsbatista/NER-datasets, pinned commit)",
        [
            ("train.txt", CONLL_URL + "train.txt",
             "sha256:c99b26852dabf57ca9d30a0e892b84544cc8962003151e14a71077c55dc66db5"),
            ("valid.txt", CONLL_URL + "valid.txt",
             "sha256:f1f6469322876887de1d04acd43c59b02f59d5b02acf42c027132fa1bf349cb2"),
            ("test.txt", CONLL_URL + "test.txt",
             "sha256:82e0c72d262f86ad3e78b15c5d980bbf87cb205aa4bf6d2d97643f463f8d7ff7"),
        ],
    ),
)  # fmt: skip
CONLL_TAGS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]


def iob1_to_iob2(tags: list[str]) -> list[str]:
    """IOB1 (``I-`` starts an entity unless it follows the same type) -> IOB2 (``B-`` always
    starts one). Leaves IOB2 tags as they are."""
    out = []
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and (previous == "O" or previous[2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
        previous = tag
    return out


def read_conll(text: str) -> pd.DataFrame:
    """Sentences of a CoNLL file (``token POS chunk NER`` per line, blank line between)."""
    rows, tokens, tags = [], [], []
    for line in text.splitlines() + [""]:
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if tokens:
                rows.append({"tokens": tokens, "tags": iob1_to_iob2(tags)})
            tokens, tags = [], []
            continue
        tokens.append(parts[0])
        tags.append(parts[-1])
    return pd.DataFrame(rows, columns=["tokens", "tags"])


def load_conll2003(
    source: str = "auto",
    cache_dir: str | os.PathLike | None = None,
    offline: bool | None = None,
) -> TaggingData:
    """CoNLL-2003 English NER (Tjong Kim Sang & De Meulder, 2003), IOB2 tags. Online only.

    The official splits: 14,041 training, 3,250 validation and 3,453 test sentences.
    """
    got = fetch("conll2003", CONLL2003_SOURCES, source=source, title="CoNLL-2003",
                cache_dir=cache_dir, offline=offline)  # fmt: skip
    parts = {s: read_conll(got.path(f).read_text(encoding="utf-8"))
             for s, f in (("train", "train.txt"), ("validation", "valid.txt"),
                          ("test", "test.txt"))}  # fmt: skip
    return TaggingData(
        "conll2003", parts["train"], parts["validation"], parts["test"], list(CONLL_TAGS),
        got.describe(),
        "CoNLL-2003 shared task, English (Reuters news; Tjong Kim Sang & De Meulder, 2003), "
        "official train/validation/test, tags converted to IOB2. The Reuters text is licensed "
        "for research use (Reuters Corpus, RCV1).",
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# KLUE-NER
# ---------------------------------------------------------------------------------------------

KLUE_GITHUB = ("https://raw.githubusercontent.com/KLUE-benchmark/KLUE/main/klue_benchmark/"
               "klue-ner-v1.1/")  # fmt: skip
KLUE_NER_SOURCES = (
    http_source(
        "KLUE benchmark archive (klue-ner-v1)",
        [("klue-ner-v1.tar.gz",
          "http://klue-benchmark.com.s3.amazonaws.com/app/Competitions/000069/data/"
          "klue-ner-v1.tar.gz",
          "sha256:848a89759ac6b7c149c9a00d820726fe2a140c22782201f1a40d856672e7ea8e")],
    ),
    # The v1.1 files in the KLUE repository: no published hash, pinned on first use.
    http_source(
        "KLUE-benchmark/KLUE on GitHub (klue-ner-v1.1)",
        [("klue-ner-v1.1_train.tsv", KLUE_GITHUB + "klue-ner-v1.1_train.tsv", None),
         ("klue-ner-v1.1_dev.tsv", KLUE_GITHUB + "klue-ner-v1.1_dev.tsv", None)],
    ),
)  # fmt: skip


def read_klue_ner(text: str) -> pd.DataFrame:
    """Sentences of a KLUE-NER file: ``## id<TAB>sentence`` then one ``char<TAB>tag`` per line."""
    rows, chars, tags, sentence = [], [], [], None
    for line in text.splitlines() + [""]:
        if line.startswith("## "):
            if "\t" in line:
                sentence = line.split("\t", 1)[1]
            continue
        if not line.strip("\r"):
            if chars:
                rows.append({"sentence": sentence, "chars": chars, "char_tags": tags})
            chars, tags = [], []
            continue
        char, _, tag = line.rstrip("\r").rpartition("\t")
        chars.append(char)
        tags.append(tag)
    return pd.DataFrame(rows, columns=["sentence", "chars", "char_tags"])


def _klue_words(chars: list[str], tags: list[str]) -> tuple[list[str], list[str]]:
    """Characters -> words (split at spaces). A word's tag: the B- tag of the first entity that
    starts in it; else I-X if its first entity character continues an entity; else O."""
    words, word_tags, current, current_tags = [], [], [], []
    for ch, tag in list(zip(chars, tags, strict=True)) + [(" ", "O")]:
        if ch == " ":
            if current:
                words.append("".join(current))
                ent = [t for t in current_tags if t != "O"]
                begins = [t for t in ent if t.startswith("B-")]
                word_tags.append(begins[0] if begins else ent[0] if ent else "O")
            current, current_tags = [], []
        else:
            current.append(ch)
            current_tags.append(tag)
    return words, word_tags


def load_klue_ner(
    level: str = "char",
    source: str = "auto",
    seed: int = 0,
    validation: float = 0.1,
    cache_dir: str | os.PathLike | None = None,
    offline: bool | None = None,
) -> TaggingData:
    """KLUE-NER (Park et al., 2021; CC BY-SA 4.0): Korean NER with PS (person), LC (location),
    OG (organisation), DT (date), TI (time), QT (quantity). Online only.

    KLUE tags characters. ``level="char"`` keeps that (``tokens`` are characters, spaces
    included); ``level="word"`` groups them into space-separated words (a word with a particle,
    ``서울에서``, takes the entity's tag). The official training set gives train and validation;
    the official dev set is the test split (KLUE's own test set is not public).
    """
    check_choice("level", level, ("char", "word"))
    check_fractions(validation, 0.0)
    got = fetch("klue_ner", KLUE_NER_SOURCES, source=source, title="KLUE-NER",
                cache_dir=cache_dir, offline=offline)  # fmt: skip
    if "klue-ner-v1.tar.gz" in got.paths:
        with tarfile.open(got.path("klue-ner-v1.tar.gz")) as tar:

            def member(suffix: str) -> str:
                info = next(m for m in tar.getmembers() if m.name.endswith(suffix))
                return tar.extractfile(info).read().decode("utf-8")

            train_text, dev_text = member("_train.tsv"), member("_dev.tsv")
    else:
        train_text = got.path("klue-ner-v1.1_train.tsv").read_text(encoding="utf-8")
        dev_text = got.path("klue-ner-v1.1_dev.tsv").read_text(encoding="utf-8")
    frames = []
    for text in (train_text, dev_text):
        df = read_klue_ner(text)
        if level == "char":
            df["tokens"], df["tags"] = df["chars"], df["char_tags"]
        else:
            pairs = [_klue_words(c, t) for c, t in zip(df["chars"], df["char_tags"], strict=True)]
            df["tokens"] = [p[0] for p in pairs]
            df["tags"] = [p[1] for p in pairs]
        frames.append(df[["tokens", "tags", "sentence"]])
    train, val, _ = random_split(frames[0], validation, 0.0, seed)
    tags = sorted({t for ts in frames[0]["tags"] for t in ts} - {"O"}, key=lambda t: (t[2:], t))
    return TaggingData(
        f"klue_ner_{level}", train, val, frames[1].reset_index(drop=True), ["O"] + tags,
        got.describe(),
        "KLUE-NER (Park et al., 2021; CC BY-SA 4.0), Korean news and movie reviews; "
        f"{level}-level tokens. Official train -> train/validation ({validation:.0%}, seed "
        f"{seed}); official dev -> test.",
    )  # fmt: skip
