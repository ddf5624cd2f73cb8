"""Memory tasks for chapters 06-09: what a plain RNN forgets and an LSTM keeps.

* :func:`make_adding_problem` (Hochreiter & Schmidhuber, 1997): add the two marked numbers.
* :func:`make_copy_task` (Arjovsky et al., 2016): repeat the first symbols after a long pause.
* :func:`make_subject_switch`: report the property of the *latest* subject; a new subject
  must erase the old one (the forget gate's job), and a property said about an object must not.
  Its stories come in English (``alice red ...``) or Korean (``민준은 빨강 ...``):
  :func:`switch_words` gives each language's words.

All take the sequence ``length`` as a parameter, and ``test_length`` to test on longer
sequences than training saw. Each split comes from its own random stream
(``numpy.random.default_rng((seed, split))``), so changing one split's size leaves the others
as they were. ``marks`` gives, per example, the time steps where the gates should act.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .results import SequenceSplit, SequenceTaskData
from .splits import check_choice, check_positive

_SPLIT_KEYS = {"train": 0, "validation": 1, "test": 2}


def _rng(seed: int, split: str) -> np.random.Generator:
    return np.random.default_rng((int(seed), _SPLIT_KEYS[split]))


def _sizes(n_train: int, n_validation: int, n_test: int) -> dict[str, int]:
    return {
        "train": check_positive("n_train", n_train),
        "validation": check_positive("n_validation", n_validation, 0),
        "test": check_positive("n_test", n_test, 0),
    }


def _one_hot(tokens: np.ndarray, depth: int) -> np.ndarray:
    return np.eye(depth, dtype=np.float32)[tokens]


# ---------------------------------------------------------------------------------------------
# The adding problem
# ---------------------------------------------------------------------------------------------


def _adding(n: int, length: int, rng: np.random.Generator) -> SequenceSplit:
    values = rng.uniform(0.0, 1.0, size=(n, length)).astype(np.float32)
    half = length // 2
    first = rng.integers(0, half, size=n)
    second = rng.integers(half, length, size=n)
    markers = np.zeros((n, length), np.float32)
    rows = np.arange(n)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    x = np.stack([values, markers], axis=-1)
    y = (values[rows, first] + values[rows, second])[:, None].astype(np.float32)
    return SequenceSplit(x, y, {"marked_steps": np.stack([first, second], axis=1)})


def make_adding_problem(
    length: int = 50,
    n_train: int = 2000,
    n_validation: int = 500,
    n_test: int = 500,
    test_length: int | None = None,
    seed: int = 0,
) -> SequenceTaskData:
    """The adding problem: ``x`` is ``(n, length, 2)``: a random number in [0, 1] and a marker
    (1 at two steps: one in the first half, one in the second). ``y`` is ``(n, 1)``: the sum
    of the two marked numbers. ``marks["marked_steps"]`` is ``(n, 2)``.

    Always answering 1.0 gives a mean squared error of about 0.167: a model must beat that.
    """
    length = check_positive("length", length, 2)
    test_length = check_positive("test_length", test_length or length, 2)
    sizes = _sizes(n_train, n_validation, n_test)
    parts = {
        s: _adding(n, test_length if s == "test" else length, _rng(seed, s))
        for s, n in sizes.items()
    }
    return SequenceTaskData(
        "adding_problem",
        parts["train"],
        parts["validation"],
        parts["test"],
        f"generated (seed={seed})",
        f"The adding problem: {length} steps of (value, marker); the target is the sum of the "
        f"two marked values. Test sequences have {test_length} steps. Baseline (always 1.0): "
        "MSE about 0.167.",
        ["value", "marker"],
    )


# ---------------------------------------------------------------------------------------------
# The copy task
# ---------------------------------------------------------------------------------------------


def _copy(n: int, length: int, n_symbols: int, k: int, rng) -> SequenceSplit:
    blank, go = 0, n_symbols + 1
    symbols = rng.integers(1, n_symbols + 1, size=(n, k))
    tokens = np.zeros((n, length), np.int32)
    tokens[:, :k] = symbols
    tokens[:, length - k - 1] = go
    y = np.full((n, length), blank, np.int32)
    y[:, length - k :] = symbols
    marks = {
        "symbol_steps": np.tile(np.arange(k), (n, 1)),
        "go_step": np.full(n, length - k - 1),
        "recall_steps": np.tile(np.arange(length - k, length), (n, 1)),
    }
    return SequenceSplit(_one_hot(tokens, n_symbols + 2), y, marks, tokens)


def make_copy_task(
    length: int = 30,
    copy_length: int = 5,
    n_symbols: int = 8,
    n_train: int = 2000,
    n_validation: int = 500,
    n_test: int = 500,
    test_length: int | None = None,
    seed: int = 0,
) -> SequenceTaskData:
    """The copy task: ``copy_length`` random symbols, a pause of blanks, a "go" mark, then the
    model must output the same symbols, in order.

    Tokens: 0 is the blank ``_``, 1..``n_symbols`` the symbols, ``n_symbols + 1`` the go mark
    ``:``. ``x`` is their one-hot encoding ``(n, length, n_symbols + 2)``; ``y`` is ``(n, length)``
    of token ids (blank everywhere but the last ``copy_length`` steps, which hold the symbols).
    ``marks``: ``symbol_steps``, ``go_step``, ``recall_steps``.
    """
    copy_length = check_positive("copy_length", copy_length)
    n_symbols = check_positive("n_symbols", n_symbols, 2)
    minimum = 2 * copy_length + 1
    length = check_positive("length", length, minimum)
    test_length = check_positive("test_length", test_length or length, minimum)
    sizes = _sizes(n_train, n_validation, n_test)
    parts = {
        s: _copy(n, test_length if s == "test" else length, n_symbols, copy_length, _rng(seed, s))
        for s, n in sizes.items()
    }
    vocab = ["_"] + [chr(ord("a") + i) if i < 26 else f"s{i}" for i in range(n_symbols)] + [":"]
    return SequenceTaskData(
        "copy_task",
        parts["train"],
        parts["validation"],
        parts["test"],
        f"generated (seed={seed})",
        f"The copy task: {copy_length} symbols out of {n_symbols}, then blanks, a go mark at "
        f"step {length - copy_length - 1}, and the symbols to repeat in the last {copy_length} "
        f"steps ({length} steps in all; test: {test_length}). Baseline (blanks, then guesses): "
        f"accuracy on the recalled symbols 1/{n_symbols}.",
        vocab,
    )


# ---------------------------------------------------------------------------------------------
# The subject-switch task
# ---------------------------------------------------------------------------------------------

SUBJECTS = ("alice", "bob", "carol", "dave")
OBJECTS = ("car", "house", "ball")
PROPERTIES = ("red", "green", "blue", "yellow")
FILLERS = ("the", "and", "then", "so", "it", "was")
QUERY = "?"
SWITCH_VOCAB = list(FILLERS) + list(SUBJECTS) + list(OBJECTS) + list(PROPERTIES) + [QUERY]
"""The English stories' words (the names chapters 07 and 09 read; :func:`switch_words` gives
every language's)."""


@dataclass(frozen=True)
class SwitchWords:
    """The words of the subject-switch stories in one language.

    ``vocab`` lists them in the order of their token ids: fillers, subjects, objects,
    properties, the query. Two languages with as many words of each kind give every story the
    same ids, so the same draws make the same stories, word for word.
    """

    subjects: tuple[str, ...]
    objects: tuple[str, ...]
    properties: tuple[str, ...]
    fillers: tuple[str, ...]
    query: str = QUERY

    @property
    def vocab(self) -> list[str]:
        """Every word, in the order of the token ids."""
        words = self.fillers + self.subjects + self.objects + self.properties
        return [*words, self.query]


#: Korean stories: the subjects are names with the topic particle 은/는 (민준은: "as for
#: Minjun", the one the story is about), the objects things with the subject particle 이/가
#: (자동차가: "the car", said in passing), each form chosen by the final consonant as in
#: :func:`lstm_course.datasets.korean.attach`. Particles are attached, so that every word is
#: one token and a property still comes right after its subject or object. The fillers are
#: connectives (Korean has no articles): 그리고 "and", 그래서 "so", 그러다가 "and then",
#: 그런데 "but", 그때 "at that moment", 또 "again".
KO_SWITCH_WORDS = SwitchWords(
    subjects=("민준은", "서연은", "지우는", "유나는"),
    objects=("자동차가", "집이", "공이"),
    properties=("빨강", "초록", "파랑", "노랑"),
    fillers=("그리고", "그래서", "그러다가", "그런데", "그때", "또"),
)
SWITCH_WORDS = {
    "en": SwitchWords(SUBJECTS, OBJECTS, PROPERTIES, FILLERS),
    "ko": KO_SWITCH_WORDS,
}
"""The subject-switch stories' words, by language."""


def switch_words(language: str = "en") -> SwitchWords:
    """The words of the subject-switch stories in ``language`` (``"en"`` or ``"ko"``):
    ``.subjects``, ``.objects``, ``.properties``, ``.fillers``, ``.query`` and ``.vocab``.

    >>> switch_words("ko").properties
    ('빨강', '초록', '파랑', '노랑')
    """
    return SWITCH_WORDS[check_choice("language", language, tuple(SWITCH_WORDS))]


def _switch(
    n: int,
    length: int,
    p_switch: float,
    p_distractor: float,
    rng,
    words: SwitchWords = SWITCH_WORDS["en"],
) -> SequenceSplit:
    vocab = words.vocab
    ids = {w: i for i, w in enumerate(vocab)}
    subj = np.array([ids[w] for w in words.subjects])
    objs = np.array([ids[w] for w in words.objects])
    props = np.array([ids[w] for w in words.properties])
    n_subjects, n_objects, n_properties = len(subj), len(objs), len(props)
    tokens = rng.integers(0, len(words.fillers), size=(n, length)).astype(np.int32)
    tokens[:, -1] = ids[words.query]
    y = np.zeros(n, np.int32)
    first_step = np.zeros(n, np.int64)
    switch_step = np.full(n, -1, np.int64)
    distractor_step = np.full(n, -1, np.int64)
    third = max(length // 3, 2)
    for i in range(n):
        # the first subject early, with its property right after it
        s0 = int(rng.integers(0, third - 1))
        a = int(rng.integers(n_subjects))
        pa = int(rng.integers(n_properties))
        tokens[i, s0], tokens[i, s0 + 1] = subj[a], props[pa]
        first_step[i], answer, last = s0, pa, s0 + 1
        if rng.random() < p_switch:  # a new subject replaces the first one
            s1 = int(rng.integers(third, 2 * third - 1))
            b = int(rng.choice([k for k in range(n_subjects) if k != a]))
            pb = int(rng.choice([k for k in range(n_properties) if k != pa]))
            tokens[i, s1], tokens[i, s1 + 1] = subj[b], props[pb]
            switch_step[i], answer, last = s1, pb, s1 + 1
        if rng.random() < p_distractor and last + 2 < length - 2:
            # a property said about an object, after the subject: it must not be reported
            d = int(rng.integers(last + 1, length - 2))
            o = int(rng.integers(n_objects))
            pd_ = int(rng.choice([k for k in range(n_properties) if k != answer]))
            tokens[i, d], tokens[i, d + 1] = objs[o], props[pd_]
            distractor_step[i] = d
        y[i] = answer
    marks = {
        "first_subject_step": first_step,
        "switch_step": switch_step,
        "distractor_step": distractor_step,
        "query_step": np.full(n, length - 1),
    }
    return SequenceSplit(_one_hot(tokens, len(vocab)), y, marks, tokens)


def make_subject_switch(
    length: int = 30,
    n_train: int = 2000,
    n_validation: int = 500,
    n_test: int = 500,
    p_switch: float = 0.7,
    p_distractor: float = 0.5,
    test_length: int | None = None,
    seed: int = 0,
    language: str = "en",
) -> SequenceTaskData:
    """The subject-switch task: report the property of the latest subject.

    A sequence of filler words names a subject and its property (``alice red``); with
    probability ``p_switch`` a new subject replaces it later (``bob green``), and with
    probability ``p_distractor`` a property is then said about an object (``car blue``), which
    must be ignored. The last step is the query ``?``; ``y`` is the index of the answer in
    ``switch_words(language).properties`` (``PROPERTIES`` in English).

    ``language`` is ``"en"`` or ``"ko"``: the stories' words (:func:`switch_words`). Korean
    stories read ``민준은 빨강 ... 서연은 초록 ... 자동차가 파랑 ... ?``; they have as many words
    of each kind as the English ones, in the same id order, so the same seed draws the same
    stories, word for word: ``x``, ``y``, ``tokens`` and ``marks`` are the English ones, and
    only ``vocab``, ``name`` and ``description`` differ.

    ``x`` is one-hot ``(n, length, len(vocab))``; ``tokens`` holds the ids.
    ``marks``: ``first_subject_step``, ``switch_step`` (-1 when no switch),
    ``distractor_step`` (-1 when none), ``query_step``.
    """
    words = switch_words(language)
    length = check_positive("length", length, 10)
    test_length = check_positive("test_length", test_length or length, 10)
    for name, p in (("p_switch", p_switch), ("p_distractor", p_distractor)):
        if not 0 <= p <= 1:
            raise ValueError(f"{name} must be in [0, 1], got {p!r}")
    sizes = _sizes(n_train, n_validation, n_test)
    parts = {
        s: _switch(
            n, test_length if s == "test" else length, p_switch, p_distractor, _rng(seed, s), words
        )
        for s, n in sizes.items()
    }
    if language == "en":
        description = (
            f"Subject switch: {length} tokens (test: {test_length}); a subject and its property, "
            f"a new subject with another property (p={p_switch}), then maybe a property of an "
            f"object (p={p_distractor}) to ignore. Target: the property of the latest subject "
            f"(one of {list(PROPERTIES)}; chance 25%; 'last property seen' is wrong whenever a "
            "distractor follows)."
        )
    else:
        description = (
            f"주인공 바꾸기(subject switch): 이야기마다 토큰 {length}개(테스트: {test_length}개). "
            f"주인공과 그 속성, 다른 속성을 가진 새 주인공(확률 {p_switch}), 그 뒤에 무시해야 "
            f"할 사물의 속성(확률 {p_distractor})이 나옵니다. 정답: 마지막 주인공의 속성"
            f"({list(words.properties)} 중 하나; 찍어서 맞힐 확률 25%; '마지막에 본 속성' "
            "규칙은 사물의 속성이 뒤따를 때마다 틀립니다)."
        )
    return SequenceTaskData(
        "subject_switch" if language == "en" else f"subject_switch_{language}",
        parts["train"],
        parts["validation"],
        parts["test"],
        f"generated (seed={seed})",
        description,
        words.vocab,
    )
