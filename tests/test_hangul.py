"""The Hangul syllable arithmetic, checked against Unicode's own decomposition (NFD)."""

from __future__ import annotations

import unicodedata

import pytest

from lstm_course import hangul


def _jamo_name(ch: str) -> str:
    """``"HANGUL CHOSEONG KIYEOK"`` or ``"HANGUL LETTER KIYEOK"`` -> ``"KIYEOK"``."""
    return unicodedata.name(ch).split(" ", 2)[2]


def test_decompose_agrees_with_unicode_for_every_syllable():
    for code in range(hangul.SYLLABLE_FIRST, hangul.SYLLABLE_LAST + 1):
        ch = chr(code)
        parts = unicodedata.normalize("NFD", ch)  # conjoining jamo: U+1100.., U+1161.., U+11A8..
        expected = (
            ord(parts[0]) - 0x1100,
            ord(parts[1]) - 0x1161,
            ord(parts[2]) - 0x11A7 if len(parts) == 3 else 0,
        )
        assert hangul.decompose(ch) == expected, ch


def test_the_letter_tables_name_the_right_jamo():
    assert len(hangul.INITIALS) == hangul.N_INITIALS
    assert len(hangul.VOWELS) == hangul.N_VOWELS
    assert len(hangul.FINALS) == hangul.N_FINALS and hangul.FINALS[0] == ""
    for i, letter in enumerate(hangul.INITIALS):
        assert _jamo_name(letter) == _jamo_name(chr(0x1100 + i))
    for i, letter in enumerate(hangul.VOWELS):
        assert _jamo_name(letter) == _jamo_name(chr(0x1161 + i))
    for i, letter in enumerate(hangul.FINALS[1:], start=1):
        assert _jamo_name(letter) == _jamo_name(chr(0x11A7 + i))
    s = hangul.decompose("한")
    assert (hangul.INITIALS[s.initial], hangul.VOWELS[s.vowel], hangul.FINALS[s.final]) == (
        "ㅎ",
        "ㅏ",
        "ㄴ",
    )


def test_what_counts_as_hangul():
    assert hangul.is_syllable("가") and hangul.is_syllable("힣")
    assert not hangul.is_syllable("ㄱ") and not hangul.is_syllable("가나")
    assert hangul.is_jamo("ㄱ") and hangul.is_jamo("ㅏ") and not hangul.is_jamo("가")
    assert hangul.contains_hangul("LSTM 모델") and hangul.contains_hangul("ㅋㅋ")
    assert not hangul.contains_hangul("LSTM 123") and not hangul.contains_hangul("")
    with pytest.raises(ValueError, match="not a Hangul syllable: 'a'"):
        hangul.decompose("a")
