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
