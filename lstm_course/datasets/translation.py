"""Korean to English sentence pairs for chapter 04: generated from a small grammar, and Tatoeba.

* :func:`make_ko_en_pairs`: pairs from the grammar below, with a test split of unseen
  combinations and lengths.
* :func:`load_tatoeba_ko_en`: Tatoeba's Korean-English pairs (CC BY 2.0 FR). Online only:
  offline it raises a :class:`~lstm_course.datasets.sources.DataUnavailableError` saying what
  to do.

Both return a :class:`~lstm_course.datasets.results.TranslationData` (columns ``ko``, ``en``).

Korean puts the verb last (subject - object - verb, SOV); English puts it second (SVO), so an
encoder-decoder must reorder::

    나는 어제 도서관에서 친구와 함께 책을 읽었다
    I read a book with a friend in the library yesterday

The grammar has subjects, objects, verbs in three tenses (past, present, future), time words that
agree with the tense (어제 "yesterday" -> past, 내일 "tomorrow" -> future, 매일 "every day" ->
present), places (``...에서``) and companions (``...와/과 함께``). Particles are chosen by the
final consonant of the word they follow (:mod:`lstm_course.datasets.korean`): 책을 / 사과를,
학생이 / 철수가, 동생과 / 친구와, and 나 + 가 = 내가.

Tokenization is by spaces. The column ``ko_morphs`` also splits the particles from their
words (``도서관 에서``, ``책 을``), the way chapter 05 discusses "서울에서".

**Held out** (the ``test`` split, column ``held_out``):

* ``"combination"``: a verb with an object it never takes in training (``HELD_OUT_PAIRS``:
  drink milk, eat cake, ...), though each word appears in training with other partners;
* ``"length"``: sentences with all three optional phrases (time, place, companion). Training
  and validation sentences have at most ``max_train_optional`` of them (by default one), except
  a share ``long_share`` (by default none) that has all three. With ``long_share=0`` the
  ``length`` sentences have more words, in Korean and in English, than any training or
  validation sentence: a test of lengths never seen. With a small ``long_share`` they are
  rare in training, as long sentences are in real text.

No Korean sentence appears in more than one split.
"""

from __future__ import annotations

import os
import zipfile

import numpy as np
import pandas as pd

from ..morphemes import morpheme_splits
from .korean import attach, particle
from .results import TranslationData
from .sources import fetch, http_source
from .splits import check_fractions, check_positive, random_split

# ---------------------------------------------------------------------------------------------
# Generated pairs
# ---------------------------------------------------------------------------------------------

#: (Korean, English, person): person 3 means "he eats", else "they eat".
SUBJECTS = (
    ("나", "I", 1),
    ("너", "you", 2),
    ("그", "he", 3),
    ("그녀", "she", 3),
    ("우리", "we", 1),
    ("그들", "they", 0),
    ("학생", "the student", 3),
    ("선생님", "the teacher", 3),
    ("철수", "Cheolsu", 3),
    ("민지", "Minji", 3),
    ("아이들", "the children", 0),
    ("의사", "the doctor", 3),
)
#: Korean, English with an article, English in general ("I like apples").
OBJECTS = {
    "사과": ("an apple", "apples"),
    "책": ("a book", "books"),
    "물": ("water", "water"),
    "빵": ("bread", "bread"),
    "영화": ("a movie", "movies"),
    "음악": ("music", "music"),
    "편지": ("a letter", "letters"),
    "커피": ("coffee", "coffee"),
    "우유": ("milk", "milk"),
    "신문": ("a newspaper", "newspapers"),
    "노래": ("a song", "songs"),
    "케이크": ("a cake", "cakes"),
    "김치": ("kimchi", "kimchi"),
    "밥": ("rice", "rice"),
}
#: verb: (Korean present, past, future), (English base, third person, past), objects.
VERBS = {
    "eat": (
        ("먹는다", "먹었다", "먹을 것이다"),
        ("eat", "eats", "ate"),
        ("사과", "빵", "케이크", "김치", "밥"),
    ),
    "drink": (
        ("마신다", "마셨다", "마실 것이다"),
        ("drink", "drinks", "drank"),
        ("물", "커피", "우유"),
    ),
    "read": (
        ("읽는다", "읽었다", "읽을 것이다"),
        ("read", "reads", "read"),
        ("책", "편지", "신문"),
    ),
    "watch": (("본다", "봤다", "볼 것이다"), ("watch", "watches", "watched"), ("영화",)),
    "listen": (
        ("듣는다", "들었다", "들을 것이다"),
        ("listen to", "listens to", "listened to"),
        ("음악", "노래"),
    ),
    "write": (("쓴다", "썼다", "쓸 것이다"), ("write", "writes", "wrote"), ("편지", "노래", "책")),
    "buy": (
        ("산다", "샀다", "살 것이다"),
        ("buy", "buys", "bought"),
        ("사과", "책", "빵", "커피", "우유", "케이크", "신문"),
    ),
    "make": (
        ("만든다", "만들었다", "만들 것이다"),
        ("make", "makes", "made"),
        ("케이크", "빵", "김치", "밥"),
    ),
    "like": (("좋아한다", "좋아했다", "좋아할 것이다"), ("like", "likes", "liked"), tuple(OBJECTS)),
}
TENSES = ("present", "past", "future")
#: time word: (Korean, English, tenses it agrees with)
TIME_WORDS = (
    ("어제", "yesterday", ("past",)),
    ("지난주에", "last week", ("past",)),
    ("오늘", "today", ("past", "future")),
    ("내일", "tomorrow", ("future",)),
    ("다음 주에", "next week", ("future",)),
    ("매일", "every day", ("present",)),
    ("주말마다", "every weekend", ("present",)),
)
PLACES = (
    ("집", "at home"),
    ("학교", "at school"),
    ("도서관", "in the library"),
    ("카페", "at the cafe"),
    ("공원", "in the park"),
    ("서울", "in Seoul"),
    ("부산", "in Busan"),
)
COMPANIONS = (
    ("친구", "with a friend"),
    ("동생", "with my brother"),
    ("엄마", "with my mother"),
    ("이웃", "with a neighbour"),
    ("가족", "with my family"),
)
#: (verb, object) pairs never seen in training or validation.
HELD_OUT_PAIRS = frozenset(
    {
        ("drink", "우유"),
        ("eat", "케이크"),
        ("read", "편지"),
        ("buy", "책"),
        ("write", "노래"),
        ("make", "김치"),
    }
)
OPTIONAL = ("time", "place", "companion")
_SPLIT_KEYS = {"train": 0, "validation": 1, "test": 2}


def _pick(rng: np.random.Generator, seq):
    return seq[int(rng.integers(len(seq)))]


def make_pair(
    subject: tuple[str, str, int],
    verb: str,
    obj: str,
    tense: str,
    time: tuple | None = None,
    place: tuple | None = None,
    companion: tuple | None = None,
    topic: bool = True,
) -> dict[str, str]:
    """One sentence pair from its parts (see the module's tables). Returns ``ko``,
    ``ko_morphs`` and ``en``."""
    ko_forms, en_forms, _ = VERBS[verb]
    ko_subj, en_subj, person = subject
    pair = "은/는" if topic else "이/가"
    ko_words = [attach(ko_subj, pair)]
    morphs = [ko_words[0][: -len(particle(ko_subj, pair))], particle(ko_subj, pair)]
    en_tail: list[str] = []
    if time:
        ko_words.append(time[0])
        morphs.append(time[0])
    if place:
        ko_words.append(place[0] + "에서")
        morphs += [place[0], "에서"]
        en_tail.insert(0, place[1])
    if companion:
        ko_words += [attach(companion[0], "과/와"), "함께"]
        morphs += [companion[0], particle(companion[0], "과/와"), "함께"]
        en_tail.insert(0, companion[1])
    ko_words.append(attach(obj, "을/를"))
    morphs += [obj, particle(obj, "을/를")]
    ko_words.append(ko_forms[TENSES.index(tense)])
    morphs.append(ko_forms[TENSES.index(tense)])
    if tense == "future":
        en_verb = f"will {en_forms[0]}"
    elif tense == "past":
        en_verb = en_forms[2]
    else:
        en_verb = en_forms[1] if person == 3 else en_forms[0]
    en_obj = OBJECTS[obj][1] if verb == "like" else OBJECTS[obj][0]
    en = " ".join([en_subj, en_verb, en_obj] + en_tail + ([time[1]] if time else []))
    return {"ko": " ".join(ko_words), "ko_morphs": " ".join(morphs), "en": en}


def _sample(
    rng: np.random.Generator, kind: str, max_optional: int, long_share: float = 0.0
) -> tuple[dict, dict]:
    """Sample parts for one example; ``kind`` is "in", "combination" or "length"."""
    if kind == "in" and long_share > 0 and rng.random() < long_share:
        kind = "long"  # drawn like a "length" test sentence
    if kind == "combination":
        verb, obj = _pick(rng, sorted(HELD_OUT_PAIRS))
    else:
        while True:
            verb = _pick(rng, sorted(VERBS))
            obj = _pick(rng, VERBS[verb][2])
            # "like" is a state: it takes a time word, but no place or companion
            if (verb, obj) not in HELD_OUT_PAIRS and not (
                kind in ("length", "long") and verb == "like"
            ):
                break
    n_optional = 3 if kind in ("length", "long") else int(rng.integers(0, max_optional + 1))
    options = OPTIONAL if verb != "like" else ("time",)
    n_optional = min(n_optional, len(options))
    chosen = set(rng.choice(options, size=n_optional, replace=False).tolist())
    time = _pick(rng, TIME_WORDS) if "time" in chosen else None
    tense = _pick(rng, time[2]) if time else _pick(rng, TENSES)
    parts = {
        "subject": _pick(rng, SUBJECTS),
        "verb": verb,
        "obj": obj,
        "tense": tense,
        "time": time,
        "place": _pick(rng, PLACES) if "place" in chosen else None,
        "companion": _pick(rng, COMPANIONS) if "companion" in chosen else None,
        "topic": bool(rng.random() < 0.5),
    }
    info = {
        "subject": parts["subject"][0],
        "verb": verb,
        "object": obj,
        "tense": tense,
        "n_optional": n_optional,
    }
    return parts, info


def make_ko_en_pairs(
    n_train: int = 5000,
    n_validation: int = 500,
    n_test: int = 1000,
    max_train_optional: int = 1,
    long_share: float = 0.0,
    seed: int = 0,
) -> TranslationData:
    """Generated Korean -> English pairs; ``test`` holds unseen verb-object combinations and
    longer sentences (column ``held_out``: ``"combination"`` or ``"length"``, half each).

    Args:
        n_train, n_validation, n_test: pairs per split.
        max_train_optional: at most this many optional phrases (time, place, companion) in a
            training or validation sentence: 0, 1 or 2. Test "length" sentences have all three.
        long_share: the share of training and validation sentences drawn with all three
            optional phrases, like the "length" test sentences (0 to 1; the result holds a
            little more, since short sentences repeat more often and a repeat is drawn
            again). With 0, the "length" sentences are longer than any training sentence.
        seed: every sentence follows from it; each split has its own random stream.

    Columns: ``ko``, ``ko_morphs`` (particles split off), ``en``, ``subject`` (Korean),
    ``verb``, ``object``, ``tense``, ``n_optional`` (how many of time / place / companion),
    ``held_out``.
    """
    sizes = {
        "train": check_positive("n_train", n_train),
        "validation": check_positive("n_validation", n_validation, 0),
        "test": check_positive("n_test", n_test, 0),
    }
    if max_train_optional not in (0, 1, 2):
        raise ValueError(f"max_train_optional must be 0, 1 or 2, got {max_train_optional!r}")
    if not 0 <= long_share <= 1:
        raise ValueError(f"long_share must be between 0 and 1, got {long_share!r}")
    seen: set[str] = set()
    frames = {}
    longest = {"ko": 0, "en": 0}  # words, over train and validation
    for split, n in sizes.items():
        rng = np.random.default_rng((int(seed), _SPLIT_KEYS[split]))
        rows = []
        attempts = 0
        while len(rows) < n:
            attempts += 1
            if attempts > 50 * n + 1000:
                raise ValueError(f"cannot make {n} distinct {split} sentences; ask for fewer")
            kind = "in" if split != "test" else ("combination" if len(rows) % 2 else "length")
            parts, info = _sample(rng, kind, max_train_optional, long_share)
            row = make_pair(**parts)
            if row["ko"] in seen:
                continue
            longer = all(len(row[k].split()) > longest[k] for k in longest)
            if kind == "length" and not long_share and not longer:
                continue
            seen.add(row["ko"])
            if split != "test":
                for k in longest:
                    longest[k] = max(longest[k], len(row[k].split()))
            rows.append({**row, **info, "held_out": "" if kind == "in" else kind})
        frames[split] = pd.DataFrame(
            rows,
            columns=[
                "ko",
                "ko_morphs",
                "en",
                "subject",
                "verb",
                "object",
                "tense",
                "n_optional",
                "held_out",
            ],
        )
    return TranslationData(
        "ko_en_pairs",
        frames["train"],
        frames["validation"],
        frames["test"],
        "ko",
        "en",
        f"generated (seed={seed})",
        "Korean (SOV) -> English (SVO) pairs from a grammar of "
        f"{len(SUBJECTS)} subjects, {len(OBJECTS)} objects, {len(VERBS)} verbs x 3 tenses, time "
        "words, places and companions; particles chosen by the final consonant. Test: half "
        f"unseen verb-object pairs {sorted(HELD_OUT_PAIRS)}, half sentences with all three "
        f"optional phrases (training: at most {max_train_optional}, "
        + (
            f"and {long_share:.0%} with all three). "
            if long_share
            else f"so longer than any training sentence: > {longest['ko']} Korean and > "
            f"{longest['en']} English words). "
        )
        + "No Korean sentence is in two splits.",
    )


# ---------------------------------------------------------------------------------------------
# Tatoeba Korean-English
# ---------------------------------------------------------------------------------------------

TATOEBA_SOURCES = (
    # OPUS's dated release of Tatoeba: a fixed file, pinned on first use (no published hash).
    http_source(
        "OPUS Tatoeba v2021-07-22 (en-ko)",
        [
            (
                "en-ko.txt.zip",
                "https://object.pouta.csc.fi/OPUS-Tatoeba/v2021-07-22/moses/en-ko.txt.zip",
                None,
            )
        ],
    ),
    # ManyThings' Anki export of Tatoeba: updated from time to time, pinned on first use.
    http_source(
        "ManyThings.org Anki export (kor-eng)",
        [("kor-eng.zip", "https://www.manythings.org/anki/kor-eng.zip", None)],
    ),
)


def load_tatoeba_ko_en(
    source: str = "auto",
    seed: int = 0,
    validation: float = 0.1,
    test: float = 0.1,
    cache_dir: str | os.PathLike | None = None,
    offline: bool | None = None,
    morphemes: bool = False,
) -> TranslationData:
    """Korean-English sentence pairs from Tatoeba (CC BY 2.0 FR). Online only.

    Pairs whose Korean sentence repeats are kept once; the split is random with ``seed``.
    Columns ``ko`` and ``en``; with ``morphemes=True`` also ``ko_morphs``, Kiwi's morphemes of
    the Korean sentence joined by spaces (:func:`lstm_course.morphemes.morpheme_splits`; the
    generated pairs have the same column, made by the grammar's own rules). Kiwi takes a few
    seconds to load, then about a thousand short sentences a second or more on 2 cores; where
    it is not installed, :class:`~lstm_course.morphemes.KiwiUnavailableError` says what to install.
    """
    check_fractions(validation, test)
    got = fetch(
        "tatoeba_ko_en",
        TATOEBA_SOURCES,
        source=source,
        title="Tatoeba Korean-English",
        cache_dir=cache_dir,
        offline=offline,
    )
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
    if morphemes:
        df.insert(1, "ko_morphs", morpheme_splits(df["ko"]))
        where += "; Korean morphemes (ko_morphs) by Kiwi"
    train, val, tst = random_split(df, validation, test, seed)
    return TranslationData(
        "tatoeba_ko_en",
        train,
        val,
        tst,
        "ko",
        "en",
        got.describe(),
        f"{where}; CC BY 2.0 FR. {len(df):,} distinct Korean sentences with an English "
        f"translation; random split (seed {seed}): validation {validation:.0%}, "
        f"test {test:.0%}.",
    )
