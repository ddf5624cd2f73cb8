"""What Kiwi's morphemes change in chapter 04: Korean tokens of the generated training pairs.

Chapter 04's section 3 compares three kinds of Korean token on its training sentences: words
(어절, split at spaces), the generator's own morphemes (``ko_morphs``: particles split off by
the course's rules) and syllables. This adds a fourth, the morphemes of a real analyser, Kiwi
(:mod:`lstm_course.morphemes`), and measures, for the chapter's fast and full sizes:

* per kind of token: the vocabulary, the mean tokens per sentence and the longest sentence;
* how often Kiwi's split equals the generator's, per sentence and per word (어절);
* where the two differ, grouped by the generator's word, with the reason;
* how long Kiwi takes (loading its model, then the analysis of every training sentence).

    python benchmarks/korean_tokens.py                 # both sizes, Markdown tables
    python benchmarks/korean_tokens.py --sizes 300     # the fast size only
    python benchmarks/korean_tokens.py --seed 1

The pairs are made as the chapter makes them: ``make_ko_en_pairs(n_train, n_validation,
n_test, max_train_optional=2, long_share=0.01, seed)`` with (10,000, 500, 1,000) in full mode
and (300, 50, 100) in fast mode.
"""

from __future__ import annotations

import argparse
import collections
import importlib.metadata
import shlex
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lstm_course import datasets as ds  # noqa: E402
from lstm_course.datasets import translation  # noqa: E402
from lstm_course.morphemes import kiwi  # noqa: E402

#: chapter 04's sizes: n_train -> (n_validation, n_test), full and fast mode
SIZES = {10000: (500, 1000), 300: (50, 100)}

#: every word of a verb form of the grammar (먹었다, 먹을, 것이다, ...)
VERB_WORDS = {w for forms, _, _ in translation.VERBS.values() for f in forms for w in f.split()}
#: suffixes and particles the generator keeps on a word: the plural 들 (아이들, 그들), the
#: honorific 님 (선생님), 마다 (주말마다), 에 after a time word (지난주에, 다음 주에)
KEPT_ON_THE_WORD = {"들", "님", "마다", "에"}


def syllables(sentence: str) -> str:
    """The sentence's syllables, space-joined (as in the chapter)."""
    return " ".join(ch for ch in sentence if not ch.isspace())


def stats(sentences) -> dict[str, float]:
    """Vocabulary, mean tokens per sentence and the longest, of space-split sentences."""
    lengths = [len(s.split()) for s in sentences]
    return {
        "vocabulary": len({t for s in sentences for t in s.split()}),
        "mean tokens per sentence": float(np.mean(lengths)),
        "longest": max(lengths),
    }


def by_word(sentence: str, generated: str, analysed) -> list[tuple[str, str, str]]:
    """``(word, generator's morphemes, Kiwi's morphemes)`` for each word (어절) of
    ``sentence``. The generator's morphemes of a word concatenate to it (책 을 -> 책을); a Kiwi
    morpheme belongs to the word in which it starts."""
    words = sentence.split()
    gen = generated.split()
    gen_words, i = [], 0
    for word in words:
        parts = []
        while "".join(parts) != word:
            parts.append(gen[i])
            i += 1
        gen_words.append(" ".join(parts))
    starts, pos = [], 0
    for word in words:
        pos = sentence.index(word, pos)
        starts.append(pos)
        pos += len(word)
    kiwi_words = [[] for _ in words]
    for token in analysed:
        index = max(k for k, start in enumerate(starts) if start <= token.start)
        kiwi_words[index].append(token.form)
    return [(w, g, " ".join(k)) for w, g, k in zip(words, gen_words, kiwi_words, strict=True)]


def reason(word: str, generated: str, analysed: str) -> str:
    """Why Kiwi splits ``word`` otherwise than the generator (a short category)."""
    if word in VERB_WORDS:
        return "verb: Kiwi splits stem, tense and ending; the generator keeps the verb whole"
    if generated.split()[0] in ("내", "네") and analysed.split()[0] in ("나", "너"):
        return "pronoun: Kiwi writes 나/너 for 내/네 in 내가/네가 (the dictionary form)"
    merged: list[str] = []
    for token in analysed.split():
        if token in KEPT_ON_THE_WORD and merged:
            merged[-1] += token
        else:
            merged.append(token)
    if merged == generated.split():
        return "suffix: Kiwi splits off 들, 님, 마다 or 에, which the generator keeps on the word"
    return "another reading: Kiwi's analysis differs (a mistake, or a second reading)"


def measure(n_train: int, seed: int) -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    """The token table, the agreement figures and the differences (one row per distinct
    difference, with its count and reason), for ``n_train`` training pairs."""
    n_validation, n_test = SIZES.get(n_train, (50, 100))
    pairs = ds.make_ko_en_pairs(
        n_train, n_validation, n_test, max_train_optional=2, long_share=0.01, seed=seed
    )
    train = pairs.train
    started = time.perf_counter()
    analysed = [list(tokens) for tokens in kiwi().tokenize(train["ko"].tolist())]
    seconds = time.perf_counter() - started
    kiwi_split = [" ".join(t.form for t in tokens) for tokens in analysed]
    choices = {
        "words (어절)": train["ko"],
        "morphemes, the generator's (ko_morphs)": train["ko_morphs"],
        "morphemes by Kiwi": kiwi_split,
        "syllables (음절)": train["ko"].map(syllables),
        "English words": train["en"],
    }
    table = pd.DataFrame({name: stats(s) for name, s in choices.items()}).T
    words = [
        triple
        for s, g, a in zip(train["ko"], train["ko_morphs"], analysed, strict=True)
        for triple in by_word(s, g, a)
    ]
    non_verb = [(w, g, k) for w, g, k in words if w not in VERB_WORDS]
    sentence_same = [k == g for k, g in zip(kiwi_split, train["ko_morphs"], strict=True)]
    agreement = {
        "sentences": len(train),
        "sentences split alike": float(np.mean(sentence_same)),
        "words (어절) split alike": float(np.mean([g == k for _, g, k in words])),
        "words other than the verb's split alike": float(np.mean([g == k for _, g, k in non_verb])),
        "Kiwi's analysis of every sentence (s)": seconds,
    }
    differences = collections.Counter((w, g, k) for w, g, k in words if g != k)
    rows = [
        {"word": w, "generator": g, "Kiwi": k, "words": n, "why": reason(w, g, k)}
        for (w, g, k), n in differences.most_common()
    ]
    return (
        table,
        agreement,
        pd.DataFrame(rows, columns=["word", "generator", "Kiwi", "words", "why"]),
    )


def reasons(differences: pd.DataFrame, examples: int) -> pd.DataFrame:
    """Words per reason, with the most frequent differences of each as examples."""
    rows = []
    for why, group in differences.groupby("why", sort=False):
        shown = group.head(examples)
        rows.append(
            {
                "why the splits differ": why,
                "words": int(group["words"].sum()),
                "examples: word, generator -> Kiwi (words)": "; ".join(
                    f"{w}: {g} -> {k} ({n:,})"
                    for w, g, k, n in shown[["word", "generator", "Kiwi", "words"]].itertuples(
                        index=False
                    )
                ),
            }
        )
    return pd.DataFrame(rows).sort_values("words", ascending=False)


def markdown(df: pd.DataFrame, index: str | None = None, digits: int = 1) -> str:
    """A DataFrame as a Markdown table (numbers rounded to ``digits``)."""
    frame = df.reset_index().rename(columns={"index": index}) if index else df
    columns = list(frame.columns)

    def cell(value) -> str:
        if isinstance(value, float):
            return f"{value:,.{digits}f}" if value != int(value) else f"{int(value):,}"
        return f"{value:,}" if isinstance(value, int) else str(value)

    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(False)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=list(SIZES), help="training pairs (n_train)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--examples", type=int, default=3, help="examples per reason")
    args = parser.parse_args()
    versions = ", ".join(
        f"{name} {importlib.metadata.version(name)}" for name in ("kiwipiepy", "kiwipiepy-model")
    )
    print(f"command: python {shlex.join(['benchmarks/korean_tokens.py', *sys.argv[1:]])}")
    print(
        f"{versions}; make_ko_en_pairs(n_train, n_validation, n_test, max_train_optional=2, "
        f"long_share=0.01, seed={args.seed})"
    )
    started = time.perf_counter()
    kiwi()
    print(f"Kiwi loaded in {time.perf_counter() - started:.1f} s")
    for n_train in args.sizes:
        table, agreement, differences = measure(n_train, args.seed)
        mode = {10000: "full mode", 300: "fast mode"}.get(n_train, "")
        print(f"\n## {n_train:,} training pairs{f' ({mode})' if mode else ''}\n")
        print(markdown(table, "Korean tokens"))
        print()
        shown = {
            key: f"{value:.1%}" if "alike" in key else f"{value:,.1f}" if "(s)" in key else value
            for key, value in agreement.items()
        }
        print(markdown(pd.DataFrame({"value": shown}), "Kiwi against the generator's split"))
        print()
        print(markdown(reasons(differences, args.examples)))


if __name__ == "__main__":
    main()
