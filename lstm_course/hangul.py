"""Hangul syllable arithmetic: the one place that knows how a syllable is encoded.

A precomposed Hangul syllable (가 .. 힣, U+AC00 .. U+D7A3) is the code point
``0xAC00 + (initial * 21 + vowel) * 28 + final``: 19 initial consonants, 21 vowels and 28
finals, where final 0 means the syllable ends in a vowel (no 받침, batchim). So
``(ord(ch) - 0xAC00) % 28`` is the final and ``divmod`` gives the rest::

    >>> decompose("각")
    Syllable(initial=0, vowel=0, final=1)
    >>> INITIALS[0] + VOWELS[0] + FINALS[1]
    'ㄱㅏㄱ'

Used by :mod:`lstm_course.datasets.korean` (particles chosen by the final consonant) and
:mod:`lstm_course.seqplots` (tick labels romanized when no Hangul font is installed).
"""

from __future__ import annotations

from typing import NamedTuple

SYLLABLE_FIRST, SYLLABLE_LAST = 0xAC00, 0xD7A3  # 가, 힣
#: Hangul Compatibility Jamo (ㄱ .. ㆎ): the letters written on their own, as in "ㄱ".
JAMO_FIRST, JAMO_LAST = 0x3131, 0x318E
N_INITIALS, N_VOWELS, N_FINALS = 19, 21, 28

#: The 19 initial consonants, in code-point order.
INITIALS = tuple("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ")
#: The 21 vowels, in code-point order.
VOWELS = tuple("ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ")
#: The 28 finals: ``""`` (none) and the 27 final consonants, in code-point order.
FINALS = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")


class Syllable(NamedTuple):
    """A syllable's parts as indices into :data:`INITIALS`, :data:`VOWELS` and :data:`FINALS`."""

    initial: int
    vowel: int
    final: int


def is_syllable(ch: str) -> bool:
    """True for one precomposed Hangul syllable (가 .. 힣)."""
    return len(ch) == 1 and SYLLABLE_FIRST <= ord(ch) <= SYLLABLE_LAST


def is_jamo(ch: str) -> bool:
    """True for one Hangul Compatibility Jamo, a letter on its own (ㄱ, ㅏ, ...)."""
    return len(ch) == 1 and JAMO_FIRST <= ord(ch) <= JAMO_LAST


def contains_hangul(text: str) -> bool:
    """True when ``text`` holds a Hangul syllable or letter (what a Latin font cannot draw)."""
    return any(is_syllable(ch) or is_jamo(ch) for ch in text)


def decompose(ch: str) -> Syllable:
    """The initial, vowel and final of a syllable: ``decompose("한") == Syllable(18, 0, 4)``
    (ㅎ, ㅏ, ㄴ). A ValueError for anything but one Hangul syllable."""
    if not is_syllable(ch):
        raise ValueError(f"not a Hangul syllable: {ch!r}")
    initial, rest = divmod(ord(ch) - SYLLABLE_FIRST, N_VOWELS * N_FINALS)
    vowel, final = divmod(rest, N_FINALS)
    return Syllable(initial, vowel, final)
