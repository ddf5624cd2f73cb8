"""The Korean edition stays in step with the English one: code cells are the same program."""

import copy
import json
from pathlib import Path

import pytest

from lstm_course import conventions, editions

ROOT = Path(__file__).resolve().parents[1]
TWINS = [(en, ko) for en, ko in editions.twins(ROOT) if ko.exists()]


def chapter(*code: str, headings: int = 1, tags=None) -> dict:
    """A tiny notebook: one markdown cell with ``headings`` sections, then the code cells."""
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "## A\n" * headings}]
    for source in code:
        cells.append(
            {"cell_type": "code", "metadata": {"tags": list(tags or [])}, "source": source}
        )
    return {"cells": cells}


ENGLISH = chapter(
    'import numpy as np\nLANGUAGE = "en"  # the edition\n',
    'h = np.tanh(0.5)\nprint(f"h = {h:.3f} after {3} steps")\n'
    'record_metric("test_mse", h)\nclaim("h_small", h < 1, "h stays below one", h=h)\n',
    'def fade(d):\n    """How much is left after d steps."""\n    return 0.9**d  # geometric\n',
    'ax.set(title="Fading", xlabel="distance", xlim=(0, 10))\nax.plot([1], label="kept")\n',
    'if h > 2:\n    raise ValueError(f"h is {h}: expected less than 2")\n',
)


def korean(*replacements: tuple[str, str], position: int | None = None) -> dict:
    """The English chapter with text replaced in every code cell (or only one)."""
    nb = copy.deepcopy(ENGLISH)
    for index, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
        if position is None or index == position:
            for old, new in replacements:
                cell["source"] = cell["source"].replace(old, new)
    return nb


def test_a_faithful_translation_is_in_step():
    translated = korean(
        ('"en"', '"ko"'),
        ("# the edition", "# 판"),
        ('f"h = {h:.3f} after {3} steps"', 'f"{3}단계 뒤 h = {h:.3f}"'),  # values reordered
        ('"h stays below one"', '"h는 1보다 작습니다"'),
        ('"""How much is left after d steps."""', '"""d단계 뒤에 남는 양."""'),
        ("# geometric", "# 등비"),
        ('title="Fading", xlabel="distance"', 'title="사라짐", xlabel="거리"'),
        ('label="kept"', 'label="남은 양"'),
        ('f"h is {h}: expected less than 2"', 'f"h가 {h}입니다: 2보다 작아야 합니다"'),
    )
    assert editions.compare_notebooks(ENGLISH, translated) == []


@pytest.mark.parametrize(
    ("old", "new", "position"),
    [
        ("0.5", "0.6", 1),  # a number
        ('"test_mse"', '"test_loss"', 1),  # a metric's name
        ('claim("h_small"', 'claim("h_tiny"', 1),  # a claim's name
        ("{h:.3f}", "{h:.2f}", 1),  # a format inside display text
        ("xlim=(0, 10)", "xlim=(0, 20)", 3),  # not display text
        ("np.tanh", "np.sin", 1),
    ],
)
def test_a_change_to_the_program_is_found_and_named(old, new, position):
    differences = editions.compare_notebooks(ENGLISH, korean((old, new), position=position))
    assert len(differences) == 1
    assert differences[0].position == position + 1
    assert differences[0].english_cell == position + 1  # after the markdown cell
    changed = [line for line in differences[0].diff.splitlines() if line[:1] in "-+"]
    assert len(changed) == 4  # the two file lines, then the English line and the Korean one
    assert "code cell" in str(differences[0])


def test_a_missing_cell_a_tag_and_a_section_are_found():
    shorter = copy.deepcopy(ENGLISH)
    shorter["cells"].pop()
    (difference,) = editions.compare_notebooks(ENGLISH, shorter)
    assert "5 code cells in English, 4 in Korean" in difference.reason
    tagged = copy.deepcopy(ENGLISH)
    tagged["cells"][2]["metadata"]["tags"] = ["solution"]
    (difference,) = editions.compare_notebooks(ENGLISH, tagged)
    assert "tags" in difference.reason and difference.position == 2
    sections = copy.deepcopy(ENGLISH)
    sections["cells"][0]["source"] += "## B\n"
    (difference,) = editions.compare_notebooks(ENGLISH, sections)
    assert "1 '##' sections in English, 2 in Korean" in difference.reason


def test_skeleton_keeps_magics_and_non_python():
    assert editions.code_skeleton("%timeit f()\nx = 1  # one") == "%timeit f()\nx = 1"
    assert editions.code_skeleton("def (:") == "def (:"


def test_the_command_names_a_difference(tmp_path, monkeypatch, capsys):
    (tmp_path / "notebooks" / "ko").mkdir(parents=True)
    name = "01_demo.ipynb"
    (tmp_path / "notebooks" / name).write_text(json.dumps(ENGLISH), encoding="utf-8")
    changed = korean(("0.5", "0.7"), position=1)
    (tmp_path / "notebooks" / "ko" / name).write_text(json.dumps(changed), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert editions.main(["check"]) == 1
    out = capsys.readouterr().out
    assert "1 difference(s)" in out and "code cell 2 (English cell 2, Korean cell 2)" in out
    assert "-h = np.tanh(0.5)" in out and "+h = np.tanh(0.7)" in out
    (tmp_path / "notebooks" / "ko" / name).write_text(json.dumps(ENGLISH), encoding="utf-8")
    assert editions.main(["check", "01"]) == 0
    assert "in step" in capsys.readouterr().out


def test_korean_conventions():
    assert conventions.edition_of("notebooks/ko/01_x.ipynb") == "ko"
    assert conventions.edition_of("notebooks/01_x.ipynb") == "en"
    assert conventions.edition_dir("ko") == "notebooks/ko"
    with pytest.raises(ValueError, match="expected one of en, ko"):
        conventions.edition_dir("fr")
    ko = conventions.setup_source(edition="ko")
    assert "설치하지 못했습니다" in ko
    assert editions.code_skeleton(ko) == editions.code_skeleton(conventions.SETUP_CELL)
    assert conventions._is_time_line("**시간:** 약 45분", "ko")
    assert not conventions._is_time_line("**시간:** 조금", "ko")


@pytest.mark.parametrize(("english", "korean"), TWINS, ids=[ko.stem for _, ko in TWINS])
def test_korean_chapter_is_in_step(english, korean):
    differences = editions.compare_chapters(english, korean)
    assert not differences, "\n".join(str(d) for d in differences)
    assert conventions.check_notebook(korean) == []
