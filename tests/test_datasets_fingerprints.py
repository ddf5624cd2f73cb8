"""Every generator of ``lstm_course.datasets`` makes the same examples on every machine.

The first examples of each split of each ``make_*`` are written out as text (JSON, keys sorted;
numbers rounded to 6 decimals; images as the sha256 of their bytes) and hashed; the hash must be
the one stored here. A change in what a generator makes (a new template, a new name list, a
change in the order of random draws, or a library that draws differently) fails this test, so
that it is made on purpose: then run ``python tests/test_datasets_fingerprints.py`` to print
the new fingerprints, and say in the commit why the data changed (the chapters' prose and
claims rest on it).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lstm_course import datasets as ds  # noqa: E402
from lstm_course.datasets import splits, translation  # noqa: E402

FIRST = 10  # examples per split that are fingerprinted


def _plain(value):
    """``value`` as JSON-ready Python: arrays to lists, floats rounded, tuples to lists."""
    if isinstance(value, np.ndarray):
        if value.dtype == np.uint8 and value.ndim >= 2:  # an image
            return "sha256:" + hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()
        return [_plain(v) for v in value.tolist()] if value.ndim else _plain(value.item())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return round(float(value), 6)
    return value


def _split_examples(split) -> list:
    """The first examples of one split: DataFrame rows, or the arrays of a split object."""
    if isinstance(split, pd.DataFrame):
        return [_plain(row) for row in split.head(FIRST).to_dict("records")]
    fields = {k: v for k, v in vars(split).items() if v is not None}
    examples = []
    for i in range(min(FIRST, len(split))):
        row = {}
        for key, value in fields.items():
            if isinstance(value, dict):
                row[key] = {k: _plain(v[i]) for k, v in value.items()}
            elif isinstance(value, pd.DataFrame):
                row[key] = _plain(value.iloc[i].to_dict())
            else:
                row[key] = _plain(value[i])
        examples.append(row)
    return examples


def fingerprint(data) -> str:
    """sha256 of the text of the first examples of every split of ``data``."""
    if isinstance(data, dict):  # a bare example, or named arrays
        examples = _plain(data)
    else:
        examples = {s: _split_examples(getattr(data, s)) for s in ("train", "validation", "test")}
    text = json.dumps(examples, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _pairs_by_hand() -> dict:
    # every subject, with and without the optional phrases, in each tense
    t = translation
    return {
        f"{subject[0]} {tense}": [
            t.make_pair(subject, "read", "책", tense),
            t.make_pair(
                subject, "buy", "사과", tense, t.TIME_WORDS[2], t.PLACES[2], t.COMPANIONS[0], False
            ),
        ]
        for subject in t.SUBJECTS
        for tense in t.TENSES
    }


def _switch_stories(language: str) -> dict:
    """The first subject-switch stories of each split as words, with their answers: the token
    ids alone are the same in every language, so this also fingerprints the words."""
    data = ds.make_subject_switch(
        length=20, n_train=20, n_validation=20, n_test=20, language=language
    )
    properties = ds.memory.switch_words(language).properties
    stories = {
        split: [
            [" ".join(data.vocab[t] for t in tokens), properties[answer]]
            for tokens, answer in zip(part.tokens[:FIRST], part.y[:FIRST], strict=True)
        ]
        for split, part in (
            ("train", data.train),
            ("validation", data.validation),
            ("test", data.test),
        )
    }
    return {"name": data.name, "vocab": data.vocab, "stories": stories}


def _windows() -> dict:
    x, y = splits.make_windows(np.arange(20.0), window=4, horizon=2)
    return {"x": x, "y": y}


#: name -> (what it makes, the stored fingerprint)
GENERATORS = {
    "shape_scenes": (
        lambda: ds.make_shape_scenes(n_train=20, n_validation=20, n_test=20, seed=0),
        "e8d3de0336bb2593ba446db3c9102e0ce2487c214a4a79794e11623328b820c8",
    ),
    "adding_problem": (
        lambda: ds.make_adding_problem(length=20, n_train=20, n_validation=20, n_test=20),
        "08842bdc2c13a791bafce7e20dcf6d6d8ccacabbfccd344f9a971005ce72c04d",
    ),
    "copy_task": (
        lambda: ds.make_copy_task(length=20, n_train=20, n_validation=20, n_test=20),
        "d536a3574e256ffb8d2201a21cebfc88908222b343fc4b27d0c59b1b26f2ddc3",
    ),
    "subject_switch": (
        lambda: ds.make_subject_switch(length=20, n_train=20, n_validation=20, n_test=20),
        "7bac6668d00a3b009b635fe61f9be3eb9546f2b12a3295d563f556bf26089c2f",
    ),
    "subject_switch_ko": (
        lambda: _switch_stories("ko"),
        "3ce6d5f683e4080246e79d4026f23a2b844880a417c32ab864c9f4c4ec6c2313",
    ),
    "contrast_sentiment": (
        lambda: ds.make_contrast_sentiment("both", n_train=40, n_validation=20, n_test=40),
        "c85aec56b940b6ff2d25f291dcac14807c0158c4913c5066c041762de7e15208",
    ),
    "future_tagging_en": (
        lambda: ds.make_future_tagging("en", n_train=20, n_validation=20, n_test=20),
        "d285d700748e8678638ea955201cee1077029212bc2357a2e5cef5ba1caa02e3",
    ),
    "future_tagging_ko": (
        lambda: ds.make_future_tagging("ko", n_train=20, n_validation=20, n_test=20),
        "83bf3aec292f161ab5e33cfa8e584857dfd356e4068547a9abf130082c54f66a",
    ),
    "ko_en_pairs": (
        lambda: ds.make_ko_en_pairs(
            n_train=200, n_validation=20, n_test=40, max_train_optional=2, long_share=0.01
        ),
        "1a8640f4e5a1498a3384f536e214210d42cddf875a440c33bef008cc6d5c0376",
    ),
    "make_pair": (
        _pairs_by_hand,
        "e09070887b8868e8af6b9a0a91f10a61137871a15646bf4b4b3f283f0b94028d",
    ),
    "make_windows": (_windows, "745872edc44562a373118966a9c16af4b6a7ffb4275b4bba33b93a7cc758e613"),
    "ner_sentences_en": (
        lambda: ds.make_ner_sentences("en", n_train=20, n_validation=20, n_test=20),
        "fe52eb8233bb19c98790ba30cd27a980d1ef77c02344805e142104de30fe9dbf",
    ),
    "ner_sentences_en_seed1": (
        lambda: ds.make_ner_sentences("en", n_train=20, n_validation=20, n_test=20, seed=1),
        "a918e8d417d97b140714b6600fa9a143c21ab439d0b71386b97d771513e50122",
    ),
    "ner_sentences_ko": (
        lambda: ds.make_ner_sentences("ko", n_train=20, n_validation=20, n_test=20),
        "821e5a5a2509da89182ec50375e23cc76521f99e5295b710b508eb54cb55ce42",
    ),
    "ner_sentences_ko_split": (
        lambda: ds.make_ner_sentences(
            "ko", n_train=20, n_validation=20, n_test=20, split_particles=True
        ),
        "4c6b14c09d8d8b84add44a58404b21ebcce0f0e07c6dc145ad0178ca6d6465cd",
    ),
}


def test_every_generator_is_fingerprinted():
    makers = {name for name in dir(ds) if name.startswith("make_")}
    covered = {name for name in makers if any(name[5:] in key for key in GENERATORS)}
    assert makers == covered, f"no fingerprint for {sorted(makers - covered)}"


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_generated_data_has_not_changed(name):
    make, stored = GENERATORS[name]
    assert fingerprint(make()) == stored, (
        f"{name}: the generated examples changed. If that is on purpose, print the new "
        "fingerprints with `python tests/test_datasets_fingerprints.py`, update GENERATORS and "
        "say in the commit why the data changed."
    )


if __name__ == "__main__":
    for name, (make, _) in sorted(GENERATORS.items()):
        print(f"{name}: {fingerprint(make())}")
