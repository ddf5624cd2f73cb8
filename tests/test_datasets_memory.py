"""Memory tasks for chapters 06-09: targets right by construction, marks where they should be."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_course.datasets import make_adding_problem, make_copy_task, make_subject_switch
from lstm_course.datasets.korean import attach
from lstm_course.datasets.memory import (
    FILLERS,
    OBJECTS,
    PROPERTIES,
    QUERY,
    SUBJECTS,
    SWITCH_VOCAB,
    switch_words,
)


def test_adding_problem():
    data = make_adding_problem(
        length=40, n_train=300, n_validation=50, n_test=60, test_length=80, seed=1
    )
    x, y = data.xy("train")
    assert x.shape == (300, 40, 2) and y.shape == (300, 1) and x.dtype == np.float32
    marks = data.train.marks["marked_steps"]
    assert (x[:, :, 1].sum(axis=1) == 2).all()
    assert (marks[:, 0] < 20).all() and (marks[:, 1] >= 20).all()
    rows = np.arange(300)
    np.testing.assert_allclose(y[:, 0], x[rows, marks[:, 0], 0] + x[rows, marks[:, 1], 0])
    assert data.test.x.shape == (60, 80, 2)  # longer sequences to test on
    # deterministic, and each split has its own stream
    again = make_adding_problem(length=40, n_train=300, n_validation=5, n_test=60, seed=1)
    np.testing.assert_array_equal(again.train.x, data.train.x)
    assert not np.array_equal(
        make_adding_problem(seed=2).train.x[:1], make_adding_problem(seed=1).train.x[:1]
    )


def test_copy_task():
    data = make_copy_task(
        length=20,
        copy_length=4,
        n_symbols=6,
        n_train=100,
        n_validation=10,
        n_test=10,
        test_length=30,
    )
    tok, y = data.train.tokens, data.train.y
    assert data.train.x.shape == (100, 20, 8) and len(data.vocab) == 8
    np.testing.assert_array_equal(data.train.x.argmax(-1), tok)
    np.testing.assert_array_equal(y[:, -4:], tok[:, :4])  # recall = the first symbols
    assert (y[:, :-4] == 0).all() and (tok[:, :4] >= 1).all() and (tok[:, :4] <= 6).all()
    go = data.train.marks["go_step"]
    assert (go == 15).all() and (tok[np.arange(100), go] == 7).all()
    assert (tok[:, 4:15] == 0).all() and (tok[:, 16:] == 0).all()
    assert data.test.x.shape[1] == 30 and (data.test.marks["go_step"] == 25).all()


def test_subject_switch_answers_the_latest_subject():
    data = make_subject_switch(
        length=24, n_train=500, n_validation=10, n_test=50, test_length=40, seed=3
    )
    tok, y, marks = data.train.tokens, data.train.y, data.train.marks
    ids = {w: i for i, w in enumerate(SWITCH_VOCAB)}
    subjects = {ids[w] for w in SUBJECTS}
    props = [ids[w] for w in PROPERTIES]
    assert data.train.x.shape == (500, 24, len(SWITCH_VOCAB))
    assert (tok[:, -1] == ids["?"]).all()
    for row, answer, first, switch, distractor in zip(
        tok,
        y,
        marks["first_subject_step"],
        marks["switch_step"],
        marks["distractor_step"],
        strict=True,
    ):
        subject_steps = [t for t, v in enumerate(row) if v in subjects]
        latest = subject_steps[-1]
        assert row[latest + 1] == props[answer]  # the property right after the latest subject
        assert subject_steps[0] == first
        assert latest == (switch if switch >= 0 else first)
        if switch >= 0:
            assert row[first] != row[switch] and row[first + 1] != row[switch + 1]
        if distractor >= 0:
            assert distractor > latest and row[distractor + 1] != props[answer]
    # the three kinds of example all occur
    assert (marks["switch_step"] >= 0).any() and (marks["switch_step"] < 0).any()
    assert ((marks["distractor_step"] >= 0) & (marks["switch_step"] >= 0)).any()
    assert data.test.x.shape[1] == 40


def test_subject_switch_in_korean_is_the_english_stories_in_korean_words():
    english = make_subject_switch(length=24, n_train=200, n_validation=10, n_test=50, seed=3)
    korean = make_subject_switch(
        length=24, n_train=200, n_validation=10, n_test=50, seed=3, language="ko"
    )
    for split in ("train", "validation", "test"):  # the same draws, ids and marks
        en, ko = getattr(english, split), getattr(korean, split)
        np.testing.assert_array_equal(ko.x, en.x)
        np.testing.assert_array_equal(ko.tokens, en.tokens)
        np.testing.assert_array_equal(ko.y, en.y)
        for key, steps in en.marks.items():
            np.testing.assert_array_equal(ko.marks[key], steps)
    words = switch_words("ko")
    assert korean.vocab == words.vocab and len(korean.vocab) == len(SWITCH_VOCAB)
    assert korean.name == "subject_switch_ko" and "주인공" in korean.description
    # names with the topic particle, things with the subject particle, by the final consonant
    assert words.subjects == tuple(attach(n, "은/는") for n in ("민준", "서연", "지우", "유나"))
    assert words.objects == tuple(attach(t, "이/가") for t in ("자동차", "집", "공"))
    # a story read in Korean: the word after the latest subject is the answer
    row, answer = korean.train.tokens[0], korean.train.y[0]
    text = [korean.vocab[t] for t in row]
    latest = max(i for i, w in enumerate(text) if w in words.subjects)
    assert text[latest + 1] == words.properties[answer] and text[-1] == "?"
    assert set(text) <= set(words.vocab) and not set(text) & set(SWITCH_VOCAB) - {QUERY}


def test_switch_words_keeps_the_english_names():
    english = switch_words("en")
    assert (english.subjects, english.objects, english.properties, english.fillers) == (
        SUBJECTS,
        OBJECTS,
        PROPERTIES,
        FILLERS,
    )
    assert english.vocab == SWITCH_VOCAB == make_subject_switch(n_train=1).vocab
    assert switch_words() == english


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: make_adding_problem(length=1), "length must be >= 2, got 1"),
        (lambda: make_copy_task(length=10, copy_length=5), "length must be >= 11, got 10"),
        (lambda: make_subject_switch(length=5), "length must be >= 10, got 5"),
        (lambda: make_subject_switch(p_switch=1.5), r"p_switch must be in \[0, 1\], got 1.5"),
        (
            lambda: make_subject_switch(language="fr"),
            r"language must be one of \['en', 'ko'\], got 'fr'",
        ),
        (lambda: switch_words("KO"), r"language must be one of \['en', 'ko'\], got 'KO'"),
        (lambda: make_adding_problem(n_train=0), "n_train must be >= 1, got 0"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_length_must_be_an_int():
    with pytest.raises(TypeError, match="length must be an int, got float 10.5"):
        make_adding_problem(length=10.5)
