"""Named entities for chapter 05: generated sentences, CoNLL-2003 and KLUE-NER.

* :func:`make_ner_sentences`: English and Korean sentences from templates filled with names,
  places and companies drawn from Faker, with a test split of held-out names (below).
* :func:`load_conll2003`: CoNLL-2003 English NER (PER, LOC, ORG, MISC), read by
  :func:`read_conll` (tags converted by :func:`iob1_to_iob2`).
* :func:`load_klue_ner`: KLUE-NER Korean NER (PS, LC, OG, DT, TI, QT), read by
  :func:`read_klue_ner`, by character, by word or by morpheme (Kiwi).

All return a :class:`~lstm_course.datasets.results.TaggingData` with BIO (IOB2) tags. The two
real ones are online only: offline they raise a
:class:`~lstm_course.datasets.sources.DataUnavailableError` saying what to do.

In the generated sentences, entities are ``PER`` (people), ``LOC`` (places), ``ORG``
(organisations) and ``DATE``, tagged BIO (``B-PER`` on an entity's first token, ``I-PER`` on the
others, ``O`` outside). Names, places and companies come from Faker (``en_US`` and ``ko_KR``),
drawn with its instance seeded to 0 (:func:`name_lists`). Faker's lists change between its
versions, so the package pins Faker's version exactly (``FAKER_VERSION``): the same seed gives
the same sentences on every machine, and the tests hold a fingerprint of them.

**Held out**: the tokens of the names, places and companies are divided between the splits
before any sentence is made, so no person, place or organisation of the test split, and no
name token of theirs, appears anywhere in training or validation. A model must read the
context ("was born in ...", "...에서 태어났다"), not remember names. Only a few frequent
affixes are shared (``SHARED_AFFIXES`` such as "Inc", "Lake", "(주)", "주식회사"), as in real
text. Dates are not held out.

Tokens are split at spaces and punctuation. In Korean a particle is written together with the
word before it (``서울에서``, ``김민수는``): the entity's last token carries it, and its tag
(``B-LOC`` for ``서울에서``). With ``split_particles=True`` the particle becomes a token of its
own, tagged ``O`` (``서울`` ``B-LOC``, ``에서`` ``O``), as a tokenizer that knows Korean
particles would do; chapter 05 compares the two.
"""

from __future__ import annotations

import functools
import os
import re
import tarfile

import numpy as np
import pandas as pd

from ..morphemes import Morpheme, analyse_many
from .korean import particle
from .results import TaggingData
from .sources import fetch, http_source
from .splits import check_choice, check_fractions, check_positive, random_split

# ---------------------------------------------------------------------------------------------
# Generated sentences
# ---------------------------------------------------------------------------------------------

ENTITY_TYPES = ("PER", "LOC", "ORG", "DATE")
TAG_NAMES = ["O"] + [f"{p}-{t}" for t in ENTITY_TYPES for p in ("B", "I")]
#: Affix tokens allowed in every split (the rest of an entity's tokens are held out).
SHARED_AFFIXES = frozenset(
    {
        ",",
        "and",
        "-",
        "Inc",
        "LLC",
        "Ltd",
        "PLC",
        "Group",
        "Sons",
        "North",
        "South",
        "East",
        "West",
        "New",
        "Lake",
        "Port",
        "(주)",
        "(유)",
        "주식회사",
        "유한회사",
    }
)
_SPLIT_FRACTIONS = {"train": 0.6, "validation": 0.2, "test": 0.2}
_TOKEN = re.compile(r"\(\w+\)|\w+(?:[-'.]\w+)*|[^\w\s]")

# A template is a list of items: a literal word ("was"; "+" marks a particle boundary,
# "사무실+을"), or a slot (TYPE, how), where how is a particle pair ("은/는"), a literal suffix
# ("에서"), "" (none), or for English dates "on" (a full date) / "in" (month and year, or year).
EN_TEMPLATES = [
    [("PER", ""), "joined", ("ORG", ""), "in", ("DATE", "in"), "."],
    [("PER", ""), "was", "born", "in", ("LOC", ""), "on", ("DATE", "on"), "."],
    [("ORG", ""), "opened", "a", "new", "office", "in", ("LOC", ""), "."],
    ["On", ("DATE", "on"), ",", ("PER", ""), "flew", "from", ("LOC", ""), "to", ("LOC", ""), "."],
    [("PER", ""), "and", ("PER", ""), "met", "at", "the", ("ORG", ""), "headquarters", "."],
    [
        "The",
        "mayor",
        "of",
        ("LOC", ""),
        ",",
        ("PER", ""),
        ",",
        "visited",
        ("ORG", ""),
        "on",
        ("DATE", "on"),
        ".",
    ],
    [("ORG", ""), "hired", ("PER", ""), "as", "its", "chief", "engineer", "."],
    ["Shares", "of", ("ORG", ""), "rose", "sharply", "on", ("DATE", "on"), "."],
    [("PER", ""), "has", "lived", "in", ("LOC", ""), "since", ("DATE", "in"), "."],
    ["Heavy", "rain", "hit", ("LOC", ""), "on", ("DATE", "on"), "."],
    ["According", "to", ("PER", ""), ",", ("ORG", ""), "will", "move", "to", ("LOC", ""), "."],
    [("PER", ""), "spoke", "with", "reporters", "in", ("LOC", ""), "."],
]
KO_TEMPLATES = [
    [("PER", "은/는"), ("DATE", "에"), ("ORG", "에"), "입사했다", "."],
    [("PER", "은/는"), ("DATE", "에"), ("LOC", "에서"), "태어났다", "."],
    [("ORG", "은/는"), ("LOC", "에"), "새", "사무실+을", "열었다", "."],
    [("DATE", "에"), ("PER", "이/가"), ("LOC", "에서"), ("LOC", "으로/로"), "갔다", "."],
    [("PER", "과/와"), ("PER", "은/는"), ("ORG", ""), "본사+에서", "만났다", "."],
    [("LOC", ""), "시장", ("PER", "이/가"), ("DATE", "에"), ("ORG", "을/를"), "방문했다", "."],
    [("ORG", "은/는"), ("PER", "을/를"), "수석", "엔지니어+로", "채용했다", "."],
    [("ORG", ""), "주가+가", ("DATE", "에"), "크게", "올랐다", "."],
    [("PER", "은/는"), ("DATE", "부터"), ("LOC", "에"), "살고", "있다", "."],
    [("DATE", "에"), ("LOC", "에"), "폭우+가", "내렸다", "."],
    [("PER", "에"), "따르면", ("ORG", "은/는"), ("LOC", "으로/로"), "이전할", "예정이다", "."],
    [("PER", "은/는"), ("LOC", "에서"), "기자들+과", "이야기했다", "."],
]
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def tokenize(text: str) -> list[str]:
    """Split at spaces and punctuation; keeps "Mann-Kelley", "O'Neil" and "(주)" whole."""
    return _TOKEN.findall(text)


def _template_words(templates) -> set[str]:
    return {w.replace("+", "") for t in templates for w in t if isinstance(w, str)}


#: Tokens a name may not contain: months and template words (they occur in every split).
_RESERVED = (
    set(_MONTHS) | _template_words(EN_TEMPLATES) | _template_words(KO_TEMPLATES)
) - SHARED_AFFIXES


FAKER_VERSION = "40.63.0"
"""The Faker version the names are drawn from (pinned in pyproject.toml and requirements.txt)."""

#: (locale, list, Faker method, draws): what :func:`name_lists` asks Faker for.
NAME_DRAWS = (
    ("en_US", "first_name", "first_name", 2000),
    ("en_US", "last_name", "last_name", 2000),
    ("en_US", "city", "city", 2000),
    ("en_US", "state", "state", 200),
    ("en_US", "company", "company", 2000),
    ("ko_KR", "name", "name", 2000),
    ("ko_KR", "city", "city", 2000),
    ("ko_KR", "country", "country", 1000),
    ("ko_KR", "company", "company", 2000),
)


@functools.cache
def name_lists() -> dict[tuple[str, str], tuple[str, ...]]:
    """Names, places and companies by (locale, kind), ``name_lists()["en_US", "city"]``: the
    distinct results of Faker's draws (:data:`NAME_DRAWS`, instance seeded to 0), sorted.

    Raises a ``RuntimeError`` that says what to install when Faker is not the pinned version,
    since another version draws other names and so other sentences.
    """
    import faker
    from faker import Faker

    if faker.VERSION != FAKER_VERSION:
        raise RuntimeError(
            f"the generated NER sentences are drawn from Faker {FAKER_VERSION}, and Faker "
            f"{faker.VERSION} is installed (its names differ, so the sentences would too): "
            f'pip install "Faker=={FAKER_VERSION}"'
        )
    fakes: dict[str, Faker] = {}
    lists = {}
    for locale, kind, method, draws in NAME_DRAWS:
        if locale not in fakes:
            fakes[locale] = Faker(locale)
            fakes[locale].seed_instance(0)
        fake = fakes[locale]
        lists[locale, kind] = tuple(sorted({getattr(fake, method)() for _ in range(draws)}))
    return lists


def _candidates(language: str) -> tuple[dict[str, list], dict[str, list]]:
    """Entity candidates as token tuples, and (English) first and last names to pair up."""
    lists = name_lists()
    parts: dict[str, list] = {}
    if language == "en":
        # a person is a first and a last name from the same split: paired after the split
        banned = _RESERVED | SHARED_AFFIXES
        parts = {
            "first": sorted(set(lists["en_US", "first_name"]) - banned),
            "last": sorted(set(lists["en_US", "last_name"]) - banned),
        }
        per: list[str] = []
        loc = [*lists["en_US", "city"], *lists["en_US", "state"]]
        org = list(lists["en_US", "company"])
    else:
        per = list(lists["ko_KR", "name"])
        loc = [*lists["ko_KR", "city"], *lists["ko_KR", "country"]]
        org = list(lists["ko_KR", "company"])
    cands = {}
    for kind, texts in (("PER", per), ("LOC", loc), ("ORG", org)):
        toks = {tuple(tokenize(t)) for t in texts}
        cands[kind] = sorted(e for e in toks if e and not set(e) & _RESERVED)
    return cands, parts


def _assign(cands: dict[str, list], parts: dict[str, list], rng) -> dict[str, dict[str, list]]:
    """Give each name token to one split; an entity goes where all its name tokens went."""
    tokens = {t for ents in cands.values() for e in ents for t in e}
    tokens = sorted((tokens | {t for v in parts.values() for t in v}) - SHARED_AFFIXES)
    order = rng.permutation(len(tokens))
    cut1 = int(len(tokens) * _SPLIT_FRACTIONS["train"])
    cut2 = cut1 + int(len(tokens) * _SPLIT_FRACTIONS["validation"])
    owner = {}
    for rank, i in enumerate(order):
        owner[tokens[i]] = "train" if rank < cut1 else "validation" if rank < cut2 else "test"
    pools: dict[str, dict[str, list]] = {s: {k: [] for k in cands} for s in _SPLIT_FRACTIONS}
    for kind, ents in cands.items():
        for ent in ents:
            owners = {owner[t] for t in ent if t not in SHARED_AFFIXES}
            if len(owners) == 1:
                pools[owners.pop()][kind].append(ent)
    if parts:
        for split, pool in pools.items():
            firsts = [f for f in parts["first"] if owner[f] == split]
            lasts = [x for x in parts["last"] if owner[x] == split and x not in set(firsts)]
            pool["PER"] = [(f, x) for f in firsts for x in lasts]
    return pools


def _date(rng, language: str, how: str) -> list[str]:
    year = int(rng.integers(1990, 2025))
    month, day = int(rng.integers(1, 13)), int(rng.integers(1, 29))
    if language == "ko":
        if rng.random() < 0.6:
            return [f"{year}년", f"{month}월", f"{day}일"]
        return [f"{year}년", f"{month}월"] if rng.random() < 0.5 else [f"{year}년"]
    if how == "on":
        if rng.random() < 0.5:
            return [_MONTHS[month - 1], str(day), ",", str(year)]
        return [str(day), _MONTHS[month - 1], str(year)]
    return [_MONTHS[month - 1], str(year)] if rng.random() < 0.5 else [str(year)]


def _fill(template, pools, rng, language: str, split_particles: bool):
    tokens: list[str] = []
    tags: list[str] = []
    entities: list[tuple[str, str]] = []
    for item in template:
        if isinstance(item, str):
            word, _, suffix = item.partition("+")
            if split_particles and suffix:
                tokens += [word, suffix]
                tags += ["O", "O"]
            else:
                tokens.append(word + suffix)
                tags.append("O")
            continue
        kind, how = item
        if kind == "DATE":
            words = _date(rng, language, how)
        else:
            pool = pools[kind]
            words = list(pool[int(rng.integers(len(pool)))])
        entities.append((kind, " ".join(words)))
        ent_tags = [f"B-{kind}"] + [f"I-{kind}"] * (len(words) - 1)
        suffix = ""
        if language == "ko" and how:
            suffix = particle(words[-1], how) if "/" in how else how
        if suffix and split_particles:
            tokens += words + [suffix]
            tags += ent_tags + ["O"]
        else:
            words[-1] = words[-1] + suffix
            tokens += words
            tags += ent_tags
    return tokens, tags, entities


def make_ner_sentences(
    language: str = "en",
    n_train: int = 3000,
    n_validation: int = 500,
    n_test: int = 500,
    split_particles: bool = False,
    seed: int = 0,
) -> TaggingData:
    """Template sentences with PER, LOC, ORG and DATE entities in BIO tags.

    Args:
        language: ``"en"`` (names from the ``en_US`` lists) or ``"ko"`` (``ko_KR``).
        n_train, n_validation, n_test: sentences per split.
        split_particles: Korean only: write particles as tokens of their own (tagged ``O``).
        seed: seeds NumPy, which divides the names between the splits and fills the
            templates; the same seed gives the same sentences.

    Returns:
        A :class:`TaggingData` whose splits have ``tokens``, ``tags``, ``template`` (its index)
        and ``entities`` (a list of ``(type, text)``); ``tag_names`` is ``TAG_NAMES``.
    """
    check_choice("language", language, ("en", "ko"))
    sizes = {
        "train": check_positive("n_train", n_train),
        "validation": check_positive("n_validation", n_validation, 0),
        "test": check_positive("n_test", n_test, 0),
    }
    rng = np.random.default_rng((int(seed), 99))
    pools = _assign(*_candidates(language), rng)
    templates = EN_TEMPLATES if language == "en" else KO_TEMPLATES
    frames = {}
    for k, (split, n) in enumerate(sizes.items()):
        for kind, pool in pools[split].items():
            if not pool and n:
                raise ValueError(f"no {kind} names left for the {split} split; change the seed")
        split_rng = np.random.default_rng((int(seed), k))
        rows = []
        for _ in range(n):
            t = int(split_rng.integers(len(templates)))
            tokens, tags, ents = _fill(
                templates[t], pools[split], split_rng, language, split_particles
            )
            rows.append({"tokens": tokens, "tags": tags, "template": t, "entities": ents})
        frames[split] = pd.DataFrame(rows, columns=["tokens", "tags", "template", "entities"])
    counts = ", ".join(f"{k} {len(v)}" for k, v in pools["test"].items())
    return TaggingData(
        f"ner_sentences_{language}",
        frames["train"],
        frames["validation"],
        frames["test"],
        list(TAG_NAMES),
        f"generated (seed={seed}, names from Faker {FAKER_VERSION})",
        f"{'English' if language == 'en' else 'Korean'} sentences from {len(templates)} "
        f"templates, entities from Faker {'en_US' if language == 'en' else 'ko_KR'}, BIO tags. "
        "The names, places and "
        "organisations of each split share no name token with the other splits, apart from "
        f"a few common affixes such as Inc, Lake or (주) (test pool: {counts})."
        + (
            f" Particles {'split off' if split_particles else 'attached'}."
            if language == "ko"
            else ""
        ),
    )


# ---------------------------------------------------------------------------------------------
# CoNLL-2003
# ---------------------------------------------------------------------------------------------

CONLL_URL = (
    "https://raw.githubusercontent.com/davidsbatista/NER-datasets/"
    "dcb6c7439a7de43abc2448bad5b1d81a47f26c0d/CONLL2003/"
)
CONLL2003_SOURCES = (
    http_source(
        "CoNLL-2003 on GitHub (davidsbatista/NER-datasets, pinned commit)",
        [
            (
                "train.txt",
                CONLL_URL + "train.txt",
                "sha256:c99b26852dabf57ca9d30a0e892b84544cc8962003151e14a71077c55dc66db5",
            ),
            (
                "valid.txt",
                CONLL_URL + "valid.txt",
                "sha256:f1f6469322876887de1d04acd43c59b02f59d5b02acf42c027132fa1bf349cb2",
            ),
            (
                "test.txt",
                CONLL_URL + "test.txt",
                "sha256:82e0c72d262f86ad3e78b15c5d980bbf87cb205aa4bf6d2d97643f463f8d7ff7",
            ),
        ],
    ),
)
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
    got = fetch(
        "conll2003",
        CONLL2003_SOURCES,
        source=source,
        title="CoNLL-2003",
        cache_dir=cache_dir,
        offline=offline,
    )
    parts = {
        s: read_conll(got.path(f).read_text(encoding="utf-8"))
        for s, f in (("train", "train.txt"), ("validation", "valid.txt"), ("test", "test.txt"))
    }
    return TaggingData(
        "conll2003",
        parts["train"],
        parts["validation"],
        parts["test"],
        list(CONLL_TAGS),
        got.describe(),
        "CoNLL-2003 shared task, English (Reuters news; Tjong Kim Sang & De Meulder, 2003), "
        "official train/validation/test, tags converted to IOB2. The Reuters text is licensed "
        "for research use (Reuters Corpus, RCV1).",
    )


# ---------------------------------------------------------------------------------------------
# KLUE-NER
# ---------------------------------------------------------------------------------------------

KLUE_GITHUB = (
    "https://raw.githubusercontent.com/KLUE-benchmark/KLUE/main/klue_benchmark/klue-ner-v1.1/"
)
KLUE_NER_SOURCES = (
    http_source(
        "KLUE benchmark archive (klue-ner-v1)",
        [
            (
                "klue-ner-v1.tar.gz",
                "http://klue-benchmark.com.s3.amazonaws.com/app/Competitions/000069/data/"
                "klue-ner-v1.tar.gz",
                "sha256:848a89759ac6b7c149c9a00d820726fe2a140c22782201f1a40d856672e7ea8e",
            )
        ],
    ),
    # The v1.1 files in the KLUE repository: no published hash, pinned on first use.
    http_source(
        "KLUE-benchmark/KLUE on GitHub (klue-ner-v1.1)",
        [
            ("klue-ner-v1.1_train.tsv", KLUE_GITHUB + "klue-ner-v1.1_train.tsv", None),
            ("klue-ner-v1.1_dev.tsv", KLUE_GITHUB + "klue-ner-v1.1_dev.tsv", None),
        ],
    ),
)


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
                word_tags.append(_tag_of(current_tags))
            current, current_tags = [], []
        else:
            current.append(ch)
            current_tags.append(tag)
    return words, word_tags


def _tag_of(own: list[str]) -> str:
    """The tag of a token from the tags of its characters: the B- tag of the first entity that
    starts in it; else the first entity tag (an I- tag: it continues an entity); else O."""
    entity = [t for t in own if t != "O"]
    begins = [t for t in entity if t.startswith("B-")]
    return begins[0] if begins else entity[0] if entity else "O"


def _klue_morphemes(tags: list[str], analysed: list[Morpheme]) -> tuple[list[str], list[str]]:
    """Characters -> Kiwi's morphemes: ``analysed`` is :func:`~lstm_course.morphemes.analyse`
    of the sentence (its characters joined), ``tags`` the characters' tags. A morpheme's tag
    comes from the characters it was read from, as a word's does (:func:`_klue_words`). Two
    morphemes read from one syllable (갔 = 가 + 었) share its characters: the first takes
    their tag, and the second continues it (``I-``, or ``O`` outside an entity), so an entity
    begins once."""
    forms, morph_tags, done = [], [], 0
    for m in analysed:
        own = tags[max(m.start, done) : m.end]  # characters no morpheme has read yet
        if own:
            tag = _tag_of(own)
        else:
            previous = morph_tags[-1] if morph_tags else "O"
            tag = "O" if previous == "O" else "I-" + previous[2:]
        forms.append(m.form)
        morph_tags.append(tag)
        done = max(done, m.end)
    return forms, morph_tags


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
    ``서울에서``, takes the entity's tag); ``level="morpheme"`` gives Kiwi's morphemes
    (:mod:`lstm_course.morphemes`: ``서울 에서``, the particle its own token, tagged ``O``),
    each tagged from the characters it was read from (Kiwi takes a few seconds to load, then
    its time grows with the text: see :func:`~lstm_course.morphemes.morpheme_splits`; where it
    is not installed, :class:`~lstm_course.morphemes.KiwiUnavailableError` says what to
    install). The official
    training set gives train and validation; the official dev set is the test split (KLUE's
    own test set is not public).
    """
    check_choice("level", level, ("char", "word", "morpheme"))
    check_fractions(validation, 0.0)
    got = fetch(
        "klue_ner",
        KLUE_NER_SOURCES,
        source=source,
        title="KLUE-NER",
        cache_dir=cache_dir,
        offline=offline,
    )
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
        elif level == "morpheme":
            analysed = analyse_many("".join(c) for c in df["chars"])
            pairs = [_klue_morphemes(t, a) for t, a in zip(df["char_tags"], analysed, strict=True)]
            df["tokens"] = [p[0] for p in pairs]
            df["tags"] = [p[1] for p in pairs]
        else:
            pairs = [_klue_words(c, t) for c, t in zip(df["chars"], df["char_tags"], strict=True)]
            df["tokens"] = [p[0] for p in pairs]
            df["tags"] = [p[1] for p in pairs]
        frames.append(df[["tokens", "tags", "sentence"]])
    train, val, _ = random_split(frames[0], validation, 0.0, seed)
    tags = sorted({t for ts in frames[0]["tags"] for t in ts} - {"O"}, key=lambda t: (t[2:], t))
    return TaggingData(
        f"klue_ner_{level}",
        train,
        val,
        frames[1].reset_index(drop=True),
        ["O"] + tags,
        got.describe(),
        "KLUE-NER (Park et al., 2021; CC BY-SA 4.0), Korean news and movie reviews; "
        f"{level}-level tokens. Official train -> train/validation ({validation:.0%}, seed "
        f"{seed}); official dev -> test.",
    )
