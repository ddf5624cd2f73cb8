"""Korean particles chosen by the final consonant (받침, batchim) of the word before them.

A Hangul syllable is a code point ``0xAC00 + (initial * 21 + vowel) * 28 + final``; ``final``
is 0 when the syllable ends in a vowel. So ``(ord(ch) - 0xAC00) % 28 != 0`` means "has a final
consonant" (the arithmetic is in :mod:`lstm_course.hangul`), and the particle pairs follow:

==========  =====================  ====================  =========================
pair        after a consonant      after a vowel          example
==========  =====================  ====================  =========================
은/는       은 (topic)              는                     책은, 사과는
이/가       이 (subject)            가                     책이, 사과가 (나 -> 내가)
을/를       을 (object)             를                     책을, 사과를
과/와       과 ("and", "with")      와                     책과, 사과와
으로/로     으로 (direction, means) 로; also after ㄹ      집으로, 학교로, 서울로
==========  =====================  ====================  =========================

Digits are read the Korean way (1 일, 3 삼, 6 육, 7 칠, 8 팔, 0 영 end in a consonant).
"""

from __future__ import annotations

from ..hangul import FINALS, decompose, is_syllable

# How each digit is read, by its final consonant: 0 영, 1 일, 2 이, 3 삼, 4 사, 5 오, 6 육 ...
_DIGIT_FINALS = {
    "0": "ㅇ",
    "1": "ㄹ",
    "2": "",
    "3": "ㅁ",
    "4": "",
    "5": "",
    "6": "ㄱ",
    "7": "ㄹ",
    "8": "ㄹ",
    "9": "",
}

#: Particle pairs: (after a consonant, after a vowel).
PARTICLES = {
    "은/는": ("은", "는"),
    "이/가": ("이", "가"),
    "을/를": ("을", "를"),
    "과/와": ("과", "와"),
    "으로/로": ("으로", "로"),
}
_ALIASES = {
    "topic": "은/는",
    "subject": "이/가",
    "object": "을/를",
    "and": "과/와",
    "direction": "으로/로",
}
for _key, (_c, _v) in list(PARTICLES.items()):
    _ALIASES[f"{_v}/{_c}"] = _key
    _ALIASES[_c] = _ALIASES[_v] = _key

# Pronouns that change before the subject particle 가: 나가 -> 내가.
_SUBJECT_FORMS = {"나": "내", "너": "네", "저": "제", "누구": "누"}


def _last_sound(word: str) -> str:
    stripped = word.rstrip(")]}\"'.,!?」』 ")
    if not stripped:
        raise ValueError(f"cannot tell the final sound of {word!r}: no letters")
    return stripped[-1]


def final_consonant(word: str) -> str:
    """The final consonant (jamo) of the last syllable of ``word``, or ``""`` after a vowel.

    >>> final_consonant("책"), final_consonant("사과"), final_consonant("서울")
    ('ㄱ', '', 'ㄹ')
    """
    ch = _last_sound(word)
    if is_syllable(ch):
        return FINALS[decompose(ch).final]
    if ch in _DIGIT_FINALS:
        return _DIGIT_FINALS[ch]
    raise ValueError(
        f"cannot tell the final sound of {word!r}: it ends in {ch!r}, "
        "expected a Hangul syllable or a digit"
    )


def has_batchim(word: str) -> bool:
    """True when the last syllable ends in a consonant: ``(ord(ch) - 0xAC00) % 28 != 0``."""
    return final_consonant(word) != ""


def particle(word: str, pair: str) -> str:
    """The form of particle ``pair`` that follows ``word`` (the particle alone).

    ``pair`` is ``"은/는"``, ``"이/가"``, ``"을/를"``, ``"과/와"`` or ``"으로/로"`` (either order,
    either form, or ``"topic"``, ``"subject"``, ``"object"``, ``"and"``, ``"direction"``).

    >>> particle("책", "을/를"), particle("사과", "을/를"), particle("서울", "으로/로")
    ('을', '를', '로')
    """
    key = _ALIASES.get(pair, pair)
    if key not in PARTICLES:
        raise ValueError(f"pair must be one of {sorted(PARTICLES)}, got {pair!r}")
    after_consonant, after_vowel = PARTICLES[key]
    final = final_consonant(word)
    if key == "으로/로":
        return after_consonant if final not in ("", "ㄹ") else after_vowel
    return after_consonant if final else after_vowel


def attach(word: str, pair: str) -> str:
    """``word`` followed by the right form of ``pair``: ``attach("책", "을/를") == "책을"``.

    Handles the pronouns that change before 가: 나 -> 내가, 너 -> 네가, 저 -> 제가.
    """
    form = particle(word, pair)
    if form == "가" and word in _SUBJECT_FORMS:
        return _SUBJECT_FORMS[word] + form
    return word + form
