"""Korean particles chosen by the final consonant of the word before them."""

from __future__ import annotations

import pytest

from lstm_course.datasets.korean import attach, final_consonant, has_batchim, particle


@pytest.mark.parametrize(
    "word, final, obj, subj, topic, direction, with_",
    [
        ("책", "ㄱ", "책을", "책이", "책은", "책으로", "책과"),
        ("사과", "", "사과를", "사과가", "사과는", "사과로", "사과와"),
        ("서울", "ㄹ", "서울을", "서울이", "서울은", "서울로", "서울과"),  # ㄹ takes 로
        ("집", "ㅂ", "집을", "집이", "집은", "집으로", "집과"),
        ("학교", "", "학교를", "학교가", "학교는", "학교로", "학교와"),
        ("동생", "ㅇ", "동생을", "동생이", "동생은", "동생으로", "동생과"),
        ("2021년", "ㄴ", "2021년을", "2021년이", "2021년은", "2021년으로", "2021년과"),
        ("3", "ㅁ", "3을", "3이", "3은", "3으로", "3과"),  # 삼
        (
            "(주) 고려",
            "",
            "(주) 고려를",
            "(주) 고려가",
            "(주) 고려는",
            "(주) 고려로",
            "(주) 고려와",
        ),
    ],
)
def test_particles_follow_the_final_consonant(word, final, obj, subj, topic, direction, with_):
    assert final_consonant(word) == final
    assert has_batchim(word) is (final != "")
    assert attach(word, "을/를") == obj
    assert attach(word, "이/가") == subj
    assert attach(word, "은/는") == topic
    assert attach(word, "으로/로") == direction
    assert attach(word, "과/와") == with_


def test_code_point_rule_and_pronouns():
    # (ord(ch) - 0xAC00) % 28 != 0 <=> a final consonant
    for ch in "가각간갇갈감갑강개객":
        assert has_batchim(ch) is ((ord(ch) - 0xAC00) % 28 != 0)
    assert attach("나", "subject") == "내가" and attach("너", "이/가") == "네가"
    assert attach("저", "가") == "제가" and attach("나", "topic") == "나는"
    assert particle("책", "를/을") == "을"  # either order, either form
    with pytest.raises(ValueError, match="pair must be one of"):
        particle("책", "의")
    with pytest.raises(ValueError, match="expected a Hangul syllable or a digit"):
        has_batchim("LSTM")
