"""The timing guide: reading time from words, run time from the executed cells' timestamps."""

from __future__ import annotations

import json

import nbformat
import pytest

from lstm_course import timing


def executed(cell, start: str, end: str):
    cell.metadata["execution"] = {
        "iopub.status.busy": f"2026-11-30T10:00:{start}Z",
        "iopub.status.idle": f"2026-11-30T10:00:{end}Z",
    }
    return cell


def chapter(run: bool) -> nbformat.NotebookNode:
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [
        md("# 07 · Title\n\n" + "word " * 118),  # 120 words: one minute
        md("## 1. The gate\n\n" + "word " * 236),  # 239 words with the heading
        code("train()"),
        md("## 2. Going further: ours against Keras\n\nmore words here"),
        code("compare()"),
        md("## Summary\n\n- one"),
    ]
    if run:
        executed(cells[2], "00.000", "30.500")
        executed(cells[4], "31.000", "41.000")
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    return nb


def test_sections_count_words_and_mark_going_further() -> None:
    sections = timing.chapter_sections(chapter(run=False))
    assert [s.title for s in sections] == [
        "Introduction",
        "1. The gate",
        "2. Going further: ours against Keras",
        "Summary",
    ]
    assert sections[0].reading_minutes == pytest.approx(1.0)
    assert sections[1].words == 239 + 1  # "train()" is a word to read too
    assert sections[2].words == 6 + 3 + 1
    assert [s.going_further for s in sections] == [False, False, True, False]


def test_going_further_cells_inside_a_core_section_are_counted_apart() -> None:
    """The checked exercises stay on the core path; the open-ended ones after them do not."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook()
    tagged = md("- one two three")
    tagged.metadata["tags"] = ["going-further"]
    note = md("**For the instructor.** say this")
    note.metadata["tags"] = ["instructor-note"]
    nb.cells = [
        md("## Exercises\n\nthree words here"),
        code("ex.q1.check()"),
        note,
        md("### Going further\n\nA. five"),
        tagged,
        md("## Further reading\n\n- a paper"),
    ]
    sections = timing.chapter_sections(nb)
    assert [(s.title, s.words, s.going_further) for s in sections] == [
        ("Exercises", 4 + 1, False),
        ("Exercises (going further)", 4 + 3, True),
        ("Further reading", 4, False),
    ]


def test_run_times_come_from_the_executed_cells() -> None:
    sections = timing.chapter_sections(chapter(run=True), mode="fast")
    assert sections[1].seconds == {"fast": pytest.approx(30.5)}
    assert sections[2].seconds == {"fast": pytest.approx(10.0)}
    core = timing.chapter_minutes(sections, "fast")
    assert core == pytest.approx((120 + 240 + 2) / 120 + 30.5 / 60)
    assert timing.chapter_minutes(sections, "full") is None  # not measured: never a guess


def test_an_unexecuted_notebook_is_refused_for_run_times() -> None:
    with pytest.raises(ValueError, match="give the executed notebook from build/"):
        timing.chapter_sections(chapter(run=False), mode="fast")


def test_record_then_guide(tmp_path) -> None:
    build, notebooks = tmp_path / "build", tmp_path / "notebooks"
    build.mkdir()
    notebooks.mkdir()
    nbformat.write(chapter(run=True), build / "07_gate.ipynb")
    nbformat.write(chapter(run=False), notebooks / "07_gate.ipynb")
    record = tmp_path / "timing.json"
    timing.record_run(build, "fast", "make course FAST=1", record)
    saved = json.loads(record.read_text())
    assert saved["chapters"]["07_gate"]["fast"]["1. The gate"] == 30.5
    assert saved["runs"]["fast"]["command"] == "make course FAST=1"

    guide = timing.timing_markdown([notebooks / "07_gate.ipynb"], record)
    assert "| 07_gate | not measured | 4 min | not measured |" in guide
    assert "| 1. The gate | 2.0 min | 30 s | not measured | core |" in guide
    assert "| 2. Going further: ours against Keras | 0.1 min | 10 s | not measured |" in guide


def test_recording_an_empty_build_says_what_to_run(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="run `make course FAST=1` first"):
        timing.record_run(tmp_path, "fast", "x", tmp_path / "t.json")
    with pytest.raises(ValueError, match="mode is one of"):
        timing.record_run(tmp_path, "quick", "x", tmp_path / "t.json")


def test_the_command_line_records_with_the_command_that_made_the_run(tmp_path, monkeypatch):
    build = tmp_path / "build"
    build.mkdir()
    nbformat.write(chapter(run=True), build / "07_gate.ipynb")
    monkeypatch.chdir(tmp_path)
    assert timing.main(["record", "--mode", "fast", "--command", "make course FAST=1"]) == 0
    saved = json.loads((tmp_path / timing.RECORD).read_text())
    assert saved["runs"]["fast"]["command"] == "make course FAST=1"


def test_headers_state_the_measured_core_time(tmp_path) -> None:
    notebooks, build = tmp_path / "notebooks", tmp_path / "build"
    notebooks.mkdir()
    build.mkdir()
    source = chapter(run=False)
    source.cells[0].source += "\n\n**Time:** about 5 minutes"
    nbformat.write(source, notebooks / "07_gate.ipynb")
    record = tmp_path / "timing.json"
    assert timing.write_headers([notebooks / "07_gate.ipynb"], record) == []  # nothing measured

    executed = chapter(run=True)
    nbformat.write(executed, build / "07_gate.ipynb")
    timing.record_run(build, "full", "make course", record)
    assert timing.write_headers([notebooks / "07_gate.ipynb"], record) == [
        notebooks / "07_gate.ipynb"
    ]
    header = nbformat.read(notebooks / "07_gate.ipynb", as_version=4).cells[0].source
    # core: (120 + 240 + 2 + 5) words / 120 + 30.5 s = 3.6 min, rounded up to 5
    assert "**Time:** about 5 minutes on the core path (reading at 120 words a minute" in header
    assert "about 5 minutes\n" not in header  # the old line is replaced, not kept


# --------------------------------------------------------------------------------------------
# The Korean edition: its own run, the English twin's reading time
# --------------------------------------------------------------------------------------------

OLD_KOREAN_LINE = (
    "**시간:** 약 45분 (핵심 경로: 분당 120단어로 읽는 시간과 2코어 CPU에서의 전체 모드 실행 "
    "시간, 영어판 기준); 더 나아가기 절은 약 5분 더"
)


def korean_chapter(run: bool, seconds: str = "50.000") -> nbformat.NotebookNode:
    """The twin of :func:`chapter`: the same code cells and sections, fewer (Korean) words; its
    first code cell runs for ``seconds`` when executed (the English one, 30.5)."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [
        md("# 07 · 제목\n\n" + "낱말 " * 20 + f"\n\n{OLD_KOREAN_LINE}"),
        md("## 1. 게이트\n\n" + "낱말 " * 30),
        code("train()"),
        md("## 2. 더 나아가기: Keras와 나란히\n\n낱말 몇 개"),
        code("compare()"),
        md("## 요약\n\n- 하나"),
    ]
    if run:
        executed(cells[2], "00.000", seconds)
        executed(cells[4], "51.000", "59.000")
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    return nb


def twins(tmp_path, korean=None):
    """``notebooks/07_gate.ipynb`` (the English fixture) and its Korean twin; the Korean path."""
    (tmp_path / "notebooks" / "ko").mkdir(parents=True)
    nbformat.write(chapter(run=False), tmp_path / "notebooks" / "07_gate.ipynb")
    path = tmp_path / "notebooks" / "ko" / "07_gate.ipynb"
    nbformat.write(korean or korean_chapter(run=False), path)
    return path


def record(tmp_path, name, notebook, edition="en", mode="full"):
    """A timing record of one executed chapter."""
    build = tmp_path / f"build-{name}"
    build.mkdir()
    nbformat.write(notebook, build / "07_gate.ipynb")
    path = tmp_path / f"{name}.json"
    timing.record_run(build, mode, f"make course ({name})", path, edition)
    return path


def test_korean_sections_say_going_further_in_korean() -> None:
    nb = korean_chapter(run=False)
    tagged = nbformat.v4.new_markdown_cell("## 3. 온라인 데이터\n\n낱말")
    tagged.metadata["tags"] = ["going-further"]  # the tag alone marks a section too
    nb.cells += [
        tagged,
        nbformat.v4.new_markdown_cell("## 연습 문제\n\n1. 하나"),
        nbformat.v4.new_markdown_cell("### 더 나아가기\n\nA. 둘"),
    ]
    sections = timing.chapter_sections(nb, edition="ko")
    assert [(s.title, s.going_further, s.code_cells) for s in sections] == [
        ("들어가며", False, 0),
        ("1. 게이트", False, 1),
        ("2. 더 나아가기: Keras와 나란히", True, 1),
        ("요약", False, 0),
        ("3. 온라인 데이터", True, 0),
        ("연습 문제", False, 0),
        ("연습 문제 (더 나아가기)", True, 0),
    ]
    with pytest.raises(ValueError, match="edition 'ja': expected one of en, ko"):
        timing.chapter_sections(nb, edition="ja")
    assert timing.edition_record("ko").as_posix() == "workshop/timing.ko.json"
    with pytest.raises(ValueError, match="edition 'ja': expected one of en, ko"):
        timing.edition_record("ja")


def test_a_korean_chapter_reads_as_its_english_twin_and_runs_as_itself(tmp_path) -> None:
    path = twins(tmp_path)
    korean = json.loads(record(tmp_path, "ko", korean_chapter(run=True), "ko").read_text())
    english = json.loads(record(tmp_path, "en", chapter(run=True), mode="fast").read_text())
    assert korean["chapters"]["07_gate"]["full"]["1. 게이트"] == 50.0  # its own titles
    sections, sources = timing.korean_sections(path, korean, english)
    assert sources == {"full": "ko", "fast": "en"}
    assert [s.words for s in sections] == [120, 240, 10, 2]  # the English twin's words
    assert sections[1].seconds == {"full": 50.0, "fast": 30.5}
    assert timing.chapter_minutes(sections, "full") == pytest.approx(362 / 120 + 50 / 60)
    _, sources = timing.korean_sections(path, korean)
    assert sources == {"full": "ko"}  # no English record given: none used


def test_korean_sections_that_do_not_match_the_twin_are_refused(tmp_path) -> None:
    extra = korean_chapter(run=False)
    extra.cells.insert(2, nbformat.v4.new_code_cell("prepare()"))
    path = twins(tmp_path, extra)
    with pytest.raises(ValueError) as refused:
        timing.korean_sections(path, {"runs": {}, "chapters": {}})
    assert str(refused.value) == (
        "07_gate.ipynb: section 2 ('1. 게이트', in English '1. The gate') has 2 code cells in "
        "Korean, 1 in English; the reading time is the English twin's, section by section: "
        "bring the twins in step (python -m lstm_course.editions check 07)"
    )
    core = korean_chapter(run=False)
    core.cells[3].source = "## 2. Keras와 나란히\n\n낱말"
    nbformat.write(core, path)
    with pytest.raises(ValueError, match=r"section 3 .* is core in Korean, going further in Eng"):
        timing.korean_sections(path, {"runs": {}, "chapters": {}})
    core.cells.pop()
    nbformat.write(core, path)
    with pytest.raises(ValueError, match="3 sections in Korean, 4 in its English twin"):
        timing.korean_sections(path, {"runs": {}, "chapters": {}})
    (tmp_path / "notebooks" / "07_gate.ipynb").unlink()
    with pytest.raises(ValueError, match="has no English twin at .*notebooks/07_gate.ipynb"):
        timing.korean_sections(path, {"runs": {}, "chapters": {}})


def test_a_korean_header_changes_only_with_a_korean_full_run(tmp_path) -> None:
    path = twins(tmp_path)
    english = record(tmp_path, "en", chapter(run=True))
    assert timing.write_headers([path], english, "ko") == []  # English times are not its own
    fast = record(tmp_path, "ko-fast", korean_chapter(run=True), "ko", mode="fast")
    assert timing.write_headers([path], fast, "ko") == []  # no full-mode Korean run
    assert OLD_KOREAN_LINE in nbformat.read(path, as_version=4).cells[0].source

    korean = record(tmp_path, "ko", korean_chapter(run=True), "ko")
    assert timing.write_headers([path], korean, "ko") == [path]
    header = nbformat.read(path, as_version=4).cells[0].source
    # core: (120 + 240 + 2) English words / 120 + 50 s of the Korean run = 3.9 min, up to 5
    assert header.endswith(
        "**시간:** 약 5분 (핵심 경로: 한국어판을 2코어 CPU에서 전체 모드로 실행한 시간과, "
        "영어판 기준 분당 120단어로 읽는 시간)"
    )
    assert OLD_KOREAN_LINE not in header

    extra = korean_chapter(run=False)
    extra.cells.insert(2, nbformat.v4.new_code_cell("prepare()"))
    nbformat.write(extra, path)
    skipped: dict = {}
    assert timing.write_headers([path], korean, "ko", skipped) == []
    assert "has 2 code cells in Korean, 1 in English" in skipped[path]
    assert OLD_KOREAN_LINE in nbformat.read(path, as_version=4).cells[0].source


def test_the_korean_guide_names_where_each_time_comes_from(tmp_path) -> None:
    path = twins(tmp_path)
    korean = record(tmp_path, "ko", korean_chapter(run=True), "ko")
    english = record(tmp_path, "en", chapter(run=True), mode="fast")
    guide = timing.timing_markdown([path], korean, "ko", english)
    assert guide.startswith("# 시간 안내 (한국어판)")
    assert "- 한국어판, 전체 모드: `make course (ko)`" in guide
    assert "- 한국어판, 빠른 모드: 기록 없음" in guide
    assert "- 영어판, 빠른 모드: `make course (en)`" in guide
    assert "| 07_gate | 4분 | 4분 | 5분 |" in guide
    assert "실행 시간: 빠른 모드는 영어판 기록, 전체 모드는 한국어판 기록." in guide
    assert "| 1. 게이트 | 2.0분 | 30초 | 50초 | 핵심 |" in guide
    assert "| 2. 더 나아가기: Keras와 나란히 | 0.1분 | 10초 | 8초 | 더 나아가기 |" in guide

    extra = korean_chapter(run=False)
    extra.cells.insert(2, nbformat.v4.new_code_cell("prepare()"))
    nbformat.write(extra, path)
    guide = timing.timing_markdown([path], korean, "ko", english)
    assert "| 07_gate | 계산 안 됨 | 계산 안 됨 | 계산 안 됨 |" in guide
    assert "영어판의 절과 짝지을 수 없어 계산하지 않았습니다 (07_gate.ipynb: section 2" in guide
    with pytest.raises(ValueError, match="edition 'ja'"):
        timing.timing_markdown([path], korean, "ja")


def test_the_command_line_keeps_the_korean_record_apart(tmp_path, monkeypatch, capsys) -> None:
    path = twins(tmp_path)
    (tmp_path / "build" / "ko").mkdir(parents=True)
    nbformat.write(korean_chapter(run=True), tmp_path / "build" / "ko" / "07_gate.ipynb")
    monkeypatch.chdir(tmp_path)
    assert timing.main(["headers", "--edition", "ko"]) == 0
    said = capsys.readouterr().out
    assert "0 Korean chapter headers now state their measured core time" in said
    assert "holds no full-mode Korean run, so the Korean headers keep their line" in said
    assert timing.main(["record", "--edition", "ko", "--mode", "full"]) == 0
    assert not (tmp_path / timing.RECORD).exists()  # the English record is not touched
    saved = json.loads((tmp_path / "workshop" / "timing.ko.json").read_text())
    assert saved["runs"]["full"]["command"] == "make course LANG=ko"
    assert timing.main(["headers", "--edition", "ko"]) == 0
    assert "1 Korean chapter headers now state" in capsys.readouterr().out
    assert "약 5분 (핵심 경로: 한국어판을" in nbformat.read(path, as_version=4).cells[0].source
    assert timing.main(["guide", "--edition", "ko"]) == 0
    assert (tmp_path / "build" / "workshop" / "ko" / "TIMING.md").is_file()
    assert timing.main(["record", "--edition", "ko", "--mode", "fast", "--build-dir", "x"]) == 1
    assert "run `make course FAST=1 LANG=ko` first" in capsys.readouterr().err
