"""Korean morphemes (형태소) by Kiwi, a morphological analyser: ``morphemes("도서관에서 책을
읽었다") == ["도서관", "에서", "책", "을", "읽", "었", "다"]``.

Korean glues particles (조사) and verb endings (어미) to the word before them, so a space-split
word such as 읽었다 ("read", past) is a stem 읽, a past-tense marker 었 and an ending 다. A
morphological analyser finds those parts on any sentence; the course's generators know them
already from their own grammar (``ko_morphs`` in :func:`~lstm_course.datasets.make_ko_en_pairs`
splits off the particles only). This module is the analyser for real text:

=========================  ======================================================================
function                   what it gives
=========================  ======================================================================
:func:`morphemes`          the morphemes of one text, a list of str
:func:`morpheme_split`     the same joined by spaces (the form of a ``ko_morphs`` column)
:func:`morpheme_splits`    :func:`morpheme_split` of many texts at once (Kiwi's worker threads)
:func:`analyse`            each morpheme with its part-of-speech tag and where it sits in the text
:func:`analyse_many`       :func:`analyse` of many texts at once
:func:`kiwi`               the one Kiwi instance behind them (loaded on first use, a few seconds)
=========================  ======================================================================

Kiwi (`kiwipiepy <https://github.com/bab2min/kiwipiepy>`_, Apache-2.0) and its model files
(``kiwipiepy-model``, from the package index like any dependency: nothing is downloaded when it
runs) are pinned exactly in ``requirements.txt`` and ``pyproject.toml``, because another model
version may split some words differently. Without them, :func:`kiwi` raises
:class:`KiwiUnavailableError` saying what to install.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from base64 import urlsafe_b64encode
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    from kiwipiepy import Kiwi

#: The versions the course is tested with (also in requirements.txt and pyproject.toml).
KIWI_VERSION = "0.24.1"
KIWI_MODEL_VERSION = "0.24.0"
#: :func:`morpheme_splits` shows a progress bar for more texts than this, unless told otherwise.
PROGRESS_FROM = 10_000
#: What to run when Kiwi is missing.
INSTALL_COMMAND = f'pip install "kiwipiepy=={KIWI_VERSION}" "kiwipiepy-model=={KIWI_MODEL_VERSION}"'

__all__ = [
    "INSTALL_COMMAND",
    "KIWI_MODEL_VERSION",
    "KIWI_VERSION",
    "PROGRESS_FROM",
    "KiwiUnavailableError",
    "Morpheme",
    "analyse",
    "analyse_many",
    "kiwi",
    "morpheme_split",
    "morpheme_splits",
    "morphemes",
]


class KiwiUnavailableError(ImportError):
    """Kiwi cannot run here: ``kiwipiepy`` or its model package is missing, or the model files
    are damaged. The message says which, and what to install."""


class Morpheme(NamedTuple):
    """One morpheme of a text: its form, Kiwi's part-of-speech tag (Sejong tag set: ``NNG``
    common noun, ``JKO`` object particle, ``VV`` verb, ``EP`` pre-final ending, ``EF`` final
    ending, ...) and the characters ``text[start:end]`` it was read from. Two morphemes may
    share characters: 갔 is 가 (go) + 었 (past), both read from the one syllable."""

    form: str
    tag: str
    start: int
    end: int


def _check_model_files(dist: importlib.metadata.Distribution | None = None) -> None:
    """Compare the installed model files with the sizes and sha256 hashes pip recorded when it
    installed them (``dist``: the installed ``kiwipiepy-model``, by default). Kiwi does not
    check them itself, and a truncated model file makes it crash the whole Python process (a
    segmentation fault) rather than raise an error."""
    if dist is None:
        try:
            dist = importlib.metadata.distribution("kiwipiepy-model")
        except importlib.metadata.PackageNotFoundError:
            return  # importable but not installed by pip (a source folder): nothing to compare
    for entry in dist.files or []:
        if entry.parts[0] != "kiwipiepy_model" or entry.suffix in (".py", ".pyc"):
            continue
        path = Path(entry.locate())
        if not path.is_file():
            problem = "is missing"
        elif entry.size is not None and path.stat().st_size != entry.size:
            problem = f"has {path.stat().st_size:,} bytes, expected {entry.size:,}"
        elif entry.hash is not None and entry.hash.mode == "sha256":
            digest = hashlib.sha256(path.read_bytes()).digest()
            ok = urlsafe_b64encode(digest).rstrip(b"=").decode() == entry.hash.value
            problem = "" if ok else "does not match the sha256 pip recorded when it installed it"
        else:
            problem = ""
        if problem:
            raise KiwiUnavailableError(
                f"Kiwi's model file {path} {problem}: the package kiwipiepy-model is damaged. "
                f'Install it again: pip install --force-reinstall "kiwipiepy-model=='
                f'{KIWI_MODEL_VERSION}"'
            )


_instance: Kiwi | None = None


def kiwi() -> Kiwi:
    """The one Kiwi instance this process uses (built on the first call: the model files pip
    installed are checked against pip's record of their hashes, then Kiwi reads about 100 MB of
    them, a few seconds in all; later calls return the same one).

    Multi-word dictionary entries are switched off (``load_multi_dict=False``): with them, a
    title such as "해리 포터와 마법사의 돌" came back as one morpheme with spaces in it, which
    a space-joined split (:func:`morpheme_split`) would cut apart again.

    Raises:
        KiwiUnavailableError: ``kiwipiepy`` or ``kiwipiepy-model`` is not installed, or a model
            file is damaged; the message says what to install.
    """
    global _instance
    if _instance is None:
        _instance = _load_kiwi()
    return _instance


def _load_kiwi() -> Kiwi:
    """A new Kiwi instance, after checking that its packages and model files are in place."""
    try:
        from kiwipiepy import Kiwi
    except ImportError as exc:
        raise KiwiUnavailableError(
            f"Korean morphemes need Kiwi, and the package kiwipiepy is not installed here "
            f"({exc}). Install it with its model: {INSTALL_COMMAND} (on Colab, run the "
            "chapter's setup cell, which installs the course with it)."
        ) from exc
    try:
        import kiwipiepy_model  # noqa: F401  (Kiwi reads its files from there)
    except ImportError as exc:
        raise KiwiUnavailableError(
            f"Kiwi is installed but its model is not: the package kiwipiepy-model is missing "
            f'({exc}). Install it: pip install "kiwipiepy-model=={KIWI_MODEL_VERSION}"'
        ) from exc
    _check_model_files()
    return Kiwi(load_multi_dict=False)


def _check_text(text: object, where: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{where}: expected a str, got {type(text).__name__} ({text!r:.60})")
    return text


def analyse(text: str) -> list[Morpheme]:
    """Kiwi's analysis of ``text``: every morpheme with its tag and position, in order.

    >>> [(m.form, m.tag) for m in analyse("책을 읽었다")]  # doctest: +SKIP
    [('책', 'NNG'), ('을', 'JKO'), ('읽', 'VV'), ('었', 'EP'), ('다', 'EF')]

    An empty or blank text gives ``[]``. Raises TypeError for anything but a str, and
    :class:`KiwiUnavailableError` when Kiwi is not installed.
    """
    _check_text(text, "analyse")
    return [Morpheme(t.form, t.tag, t.start, t.end) for t in kiwi().tokenize(text)]


def morphemes(text: str) -> list[str]:
    """The morphemes of ``text``, in order, as Kiwi writes them (its ``form``).

    >>> morphemes("도서관에서 책을 읽었다")  # doctest: +SKIP
    ['도서관', '에서', '책', '을', '읽', '었', '다']

    **Which form.** Each morpheme in its dictionary form, not the characters it was read from.
    Mostly the two are the same (도서관, 에서, 읽). Where a morpheme has fused into a syllable
    they differ, and the dictionary form is the one that keeps the morpheme countable:

    * 갔다 (went) gives 가 + 었 + 다; both 가 and 었 were read from the one syllable 갔, so
      cutting the text would give 갔 twice, or lose the past tense;
    * 잡았다 gives 잡 + 었 + 다: the past tense is 었 whether the verb's vowel asks for 았 or
      었 (Kiwi merges such allomorphs), so one vocabulary entry means "past";
    * 마신다 (drinks) gives 마시 + ᆫ다: the ending ㄴ다 is written with the final-consonant
      letter ᆫ (U+11AB), because in 신 it closes the verb's own syllable.

    So ``"".join(morphemes(text))`` is not the text again; :func:`analyse` gives each
    morpheme's position for that. Spaces are not tokens. An empty or blank text gives ``[]``.

    Raises:
        TypeError: ``text`` is not a str.
        KiwiUnavailableError: Kiwi is not installed (the message says what to install).
    """
    _check_text(text, "morphemes")
    return [t.form for t in kiwi().tokenize(text)]


def morpheme_split(text: str) -> str:
    """The morphemes of ``text`` joined by single spaces: ``morpheme_split("책을 읽었다") ==
    "책 을 읽 었 다"``, the form of the ``ko_morphs`` column of the course's generated pairs,
    ready for ``str.split()`` or ``keras.layers.TextVectorization``. See :func:`morphemes` for
    which form each morpheme takes. An empty or blank text gives ``""``."""
    _check_text(text, "morpheme_split")
    return " ".join(morphemes(text))


def _many(texts: Iterable[str], progress: bool | None, where: str):
    """Kiwi's tokens of every text, in order (an iterator), after checking each is a str."""
    items = list(texts)
    for i, text in enumerate(items):
        _check_text(text, f"{where}: item {i}")
    results = kiwi().tokenize(items)
    if progress or (progress is None and len(items) > PROGRESS_FROM):
        from tqdm.auto import tqdm

        results = tqdm(results, total=len(items), desc="Kiwi morphemes", unit="text")
    return results


def analyse_many(texts: Iterable[str], progress: bool | None = None) -> list[list[Morpheme]]:
    """:func:`analyse` of every text, in order; faster than one call per text (see
    :func:`morpheme_splits`). Arguments and errors as for :func:`morpheme_splits`."""
    return [
        [Morpheme(t.form, t.tag, t.start, t.end) for t in tokens]
        for tokens in _many(texts, progress, "analyse_many")
    ]


def morpheme_splits(texts: Iterable[str], progress: bool | None = None) -> list[str]:
    """:func:`morpheme_split` of every text, in order; faster than one call per text on many
    texts, since Kiwi then spreads them over its worker threads (on 2 cores, about a thousand
    short sentences a second or more: ``benchmarks/korean_tokens.py`` times it).

    Args:
        texts: the texts (any iterable of str; a pandas Series works).
        progress: show a progress bar (tqdm) while Kiwi works; by default, only for more than
            :data:`PROGRESS_FROM` texts.

    Raises:
        TypeError: an item is not a str (its position is named).
        KiwiUnavailableError: Kiwi is not installed.
    """
    return [
        " ".join(t.form for t in tokens) for tokens in _many(texts, progress, "morpheme_splits")
    ]
