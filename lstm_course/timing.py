"""How long a chapter takes: reading time from its words, run time from a measured run.

A learner's time on a section is the time to read it plus the time its cells run. Reading is
counted at :data:`WORDS_PER_MINUTE` (120: a realistic pace for a learner reading English as a
second language, code included, word by word). Run time comes from an executed notebook: the
runner's kernel records when each cell started and finished (``metadata.execution``), so the
sections' run times are measured, never estimated.

A section is a ``##`` heading and the cells up to the next one. A section whose heading starts
with "Going further", or whose cells carry the ``going-further`` tag, is beyond the core path:
the chapter's **core time** leaves it out.

``python -m lstm_course.timing record --mode fast|full`` reads the executed chapters in
``build/`` into ``workshop/timing.json`` (committed, with the machine and the command that
measured it); ``make workshop`` writes ``build/workshop/TIMING.md`` from it.

**The Korean edition** (``--edition ko``, ``make timing LANG=ko``) has its own record,
``workshop/timing.ko.json``, of its own run (``build/ko/``, ``make course LANG=ko``), its
sections named by its own headings ("더 나아가기" marks a Going further section as "Going
further" does). Its **run time** is measured as the English one is. Its **reading time** is not
measured: no Korean reading speed is assumed here. Each Korean section is the translation of the
English twin's section at the same place, so it is given that section's English reading time
(its English words at :data:`WORDS_PER_MINUTE`), and every line that shows it says so ("영어판
기준"). That needs the twins' sections to match one for one: the same number, each with the same
number of code cells and on the same path (core or going further); where they do not, the
reading time is left uncomputed and the header untouched, with the reason.
``headers --edition ko`` writes a Korean header's time line only from the Korean record's full
run; without one it leaves the line as it is (today's lines state the English edition's time,
and say so). The Korean timing guide (``build/workshop/ko/TIMING.md``) takes a chapter's run
times from the Korean record, and where that has none for a mode, from the English record (the
twins run the same code), naming the record each comes from.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from lstm_course.conventions import EDITIONS, LABELS, TIME_LABEL

WORDS_PER_MINUTE = 120
GOING_FURTHER_TAG = "going-further"
INSTRUCTOR_NOTE_TAG = "instructor-note"
_FURTHER = r"(going further|더 나아가기)"  # the heading's words, in English and in Korean
GOING_FURTHER_HEADING = re.compile(rf"^##\s+(\d+\.\s*)?{_FURTHER}", re.IGNORECASE)
GOING_FURTHER_SUBHEADING = re.compile(rf"^###\s+(\w+\.\s*)?{_FURTHER}", re.IGNORECASE)
RECORD = Path("workshop/timing.json")
RECORDS = {"en": RECORD, "ko": Path("workshop/timing.ko.json")}
"""Each edition's timing record: its own run's section times, under its own section titles."""
#: The section names this module makes up: the cells before the first heading, and the going
#: further part of a core section ("Exercises (going further)").
SECTION_NAMES = {
    "en": {"introduction": "Introduction", "further": "going further"},
    "ko": {"introduction": "들어가며", "further": "더 나아가기"},
}
_WORD = re.compile(r"\S*\w\S*")  # a run of non-space holding a letter or digit: not "#", "·", "="
MODES = ("fast", "full")

__all__ = [
    "WORDS_PER_MINUTE",
    "Section",
    "cell_seconds",
    "chapter_minutes",
    "chapter_sections",
    "edition_record",
    "header_time",
    "korean_sections",
    "timing_markdown",
    "write_headers",
]


@dataclass
class Section:
    """One ``##`` section of a chapter (the cells before the first heading are "Introduction")."""

    title: str
    words: int = 0
    going_further: bool = False
    seconds: dict[str, float] = field(default_factory=dict)  # mode -> measured run time
    code_cells: int = 0

    @property
    def reading_minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _time(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def edition_record(edition: str = "en") -> Path:
    """The timing record of ``edition``: ``workshop/timing.json``, ``workshop/timing.ko.json``."""
    if edition not in RECORDS:
        raise ValueError(f"edition {edition!r}: expected one of {', '.join(RECORDS)}")
    return RECORDS[edition]


def cell_seconds(cell: Any) -> float | None:
    """How long an executed code cell ran, from nbclient's timestamps; None where unrecorded."""
    execution = cell.get("metadata", {}).get("execution", {})
    start = execution.get("iopub.status.busy") or execution.get("shell.execute_request")
    end = execution.get("iopub.status.idle") or execution.get("shell.execute_reply")
    if not start or not end:
        return None
    return max(0.0, (_time(end) - _time(start)).total_seconds())


def chapter_sections(nb: Any, *, mode: str | None = None, edition: str = "en") -> list[Section]:
    """The chapter's sections with their words; with ``mode``, the run time of an executed
    notebook in that mode too. Refuses an unexecuted notebook when asked for run times.

    A ``##`` section is beyond the core path when its heading says so ("Going further: ...",
    "더 나아가기: ...") or its heading cell carries the ``going-further`` tag. Inside a core
    section, the cells tagged ``going-further`` (or under a ``### Going further`` heading) are
    counted apart, in a section of their own, "<title> (going further)", placed right after it:
    the checked exercises of ``## Exercises`` stay on the core path while the open-ended ones
    after them do not. Instructor notes are not counted: learners never read them. ``edition``
    names the sections this makes up in its language (:data:`SECTION_NAMES`).
    """
    if edition not in SECTION_NAMES:
        raise ValueError(f"edition {edition!r}: expected one of {', '.join(SECTION_NAMES)}")
    names = SECTION_NAMES[edition]
    sections = [Section(names["introduction"])]
    further: Section | None = None  # the going-further part of the current core section
    timed = 0
    for cell in nb["cells"]:
        text = _source(cell)
        heading = text.splitlines()[0] if cell["cell_type"] == "markdown" and text else ""
        cell_tags = cell.get("metadata", {}).get("tags", [])
        tagged = GOING_FURTHER_TAG in cell_tags
        if heading.startswith("## "):
            beyond = tagged or GOING_FURTHER_HEADING.match(text) is not None
            sections.append(Section(heading[3:].strip(), going_further=beyond))
            further = None
        section = sections[-1]
        if INSTRUCTOR_NOTE_TAG in cell_tags:
            continue  # for the instructor: no learner reads it
        starts_further = GOING_FURTHER_SUBHEADING.match(heading)
        if not section.going_further and (tagged or starts_further or further is not None):
            if further is None:
                further = Section(f"{section.title} ({names['further']})", going_further=True)
                sections.append(further)
            section = further
        section.words += len(_WORD.findall(text))
        section.code_cells += cell["cell_type"] == "code"
        if mode is not None and cell["cell_type"] == "code":
            seconds = cell_seconds(cell)
            if seconds is not None:
                timed += 1
                section.seconds[mode] = section.seconds.get(mode, 0.0) + seconds
    if mode is not None:
        for section in sections:
            section.seconds.setdefault(mode, 0.0)
    if mode is not None and timed == 0:
        raise ValueError(
            "no cell of this notebook has run times: give the executed notebook from build/ "
            "(python -m lstm_course.runner writes it), not the one in notebooks/"
        )
    if sections[0].words == 0:
        sections.pop(0)
    return sections


def record_run(
    build_dir: Path, mode: str, command: str, record_path: Path = RECORD, edition: str = "en"
) -> Path:
    """Add the run times of the executed chapters of ``edition`` in ``build_dir`` to the timing
    record at ``record_path`` (the Korean run's: :func:`edition_record` ``("ko")``)."""
    import nbformat

    if mode not in MODES:
        raise ValueError(f"mode is one of {MODES}, not {mode!r}")
    executed = sorted(p for p in build_dir.glob("[0-9][0-9]_*.ipynb") if ".seed" not in p.name)
    if not executed:
        command = "make course FAST=1" if mode == "fast" else "make course"
        command += " LANG=ko" if edition == "ko" else ""
        raise FileNotFoundError(f"no executed chapters in {build_dir}: run `{command}` first")
    record = _read(record_path)
    for path in executed:
        nb = nbformat.read(path, as_version=4)
        sections = chapter_sections(nb, mode=mode, edition=edition)
        record["chapters"].setdefault(path.stem, {})[mode] = {
            s.title: round(s.seconds.get(mode, 0.0), 1) for s in sections
        }
    record["runs"][mode] = {
        "command": command,
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} CPU cores, {platform.processor() or platform.machine()}",
    }
    record_path.parent.mkdir(parents=True, exist_ok=True)
    record_path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return record_path


def _read(record_path: Path) -> dict[str, Any]:
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    record.setdefault("runs", {})
    record.setdefault("chapters", {})
    return record


def chapter_minutes(sections: Sequence[Section], mode: str, *, core: bool = True) -> float | None:
    """Reading plus run time in ``mode``, core path only by default; None if not all measured."""
    chosen = [s for s in sections if not (core and s.going_further)]
    if any(mode not in s.seconds for s in chosen):
        return None
    return sum(s.reading_minutes + s.seconds[mode] / 60 for s in chosen)


def _minutes(value: float | None) -> str:
    return "not measured" if value is None else f"{math.ceil(value)} min"


def timing_markdown(
    notebooks: Sequence[Path],
    record_path: Path = RECORD,
    edition: str = "en",
    english_record: Path = RECORD,
) -> str:
    """TIMING.md: for each chapter and section, reading and run time; the core path's total.
    For ``edition="ko"``, the Korean guide (:func:`korean_sections`; ``english_record`` gives
    the run times the Korean record lacks)."""
    import nbformat

    if edition not in EDITIONS:
        raise ValueError(f"edition {edition!r}: expected one of {', '.join(EDITIONS)}")
    record = _read(record_path)
    if edition == "ko":
        return _korean_markdown(notebooks, record, _read(english_record))
    lines = [
        "# Timing guide",
        "",
        f"Reading time is the words of each section (prose and code) at {WORDS_PER_MINUTE} words a "
        "minute. Run time is measured: the seconds each section's cells ran, in a recorded run:",
        "",
    ]
    for mode in MODES:
        run = record["runs"].get(mode)
        lines.append(
            f"- {mode} mode: "
            + (f"`{run['command']}` on {run['date']}, {run['machine']}" if run else "not recorded")
        )
    lines += [
        "",
        "The **core path** leaves out the sections marked *Going further*. A learner's time is",
        "the reading time plus the run time of the mode they use (full mode: the real results).",
        "Solving the exercises takes longer than reading them, and no run measures it: in a",
        "workshop, add the time you give the room for them.",
        "",
        "| chapter | core: reading + full run | core: reading + fast run "
        "| everything: reading + full run |",
        "|---|---|---|---|",
    ]
    details: list[str] = []
    for path in notebooks:
        sections = _measured_sections(
            nbformat.read(path, as_version=4), record["chapters"].get(path.stem, {})
        )
        lines.append(
            f"| {path.stem} | {_minutes(chapter_minutes(sections, 'full'))} "
            f"| {_minutes(chapter_minutes(sections, 'fast'))} "
            f"| {_minutes(chapter_minutes(sections, 'full', core=False))} |"
        )
        details += [
            "",
            f"## {path.stem}",
            "",
            "| section | reading | run, fast | run, full | path |",
            "|---|---|---|---|---|",
        ]
        for s in sections:
            runs = [
                "not measured" if m not in s.seconds else f"{s.seconds[m]:.0f} s" for m in MODES
            ]
            path_name = "going further" if s.going_further else "core"
            details.append(
                f"| {s.title} | {s.reading_minutes:.1f} min | {runs[0]} | {runs[1]} | {path_name} |"
            )
    return "\n".join(lines + details) + "\n"


_MODE_KO = {"fast": "빠른 모드", "full": "전체 모드"}
_SOURCE_KO = {"ko": "한국어판 기록", "en": "영어판 기록"}


def _minutes_ko(value: float | None) -> str:
    return "측정 안 됨" if value is None else f"{math.ceil(value)}분"


def _korean_markdown(
    notebooks: Sequence[Path], record: dict[str, Any], english: dict[str, Any]
) -> str:
    """The Korean timing guide (see :func:`timing_markdown`)."""
    lines = [
        "# 시간 안내 (한국어판)",
        "",
        "실행 시간은 잰 값입니다. 기록된 실행에서 절마다 그 셀들이 실행된 시간(초)을 더했습니다.",
        "한국어판의 실행 기록을 먼저 쓰고, 한국어판 기록이 없는 장과 모드에는 영어판 기록을 씁니다",
        "(두 판은 같은 코드를 실행합니다). 장마다 어느 기록을 썼는지 적었습니다.",
        "",
    ]
    for label, source in (("한국어판", record), ("영어판", english)):
        for mode in MODES:
            run = source["runs"].get(mode)
            said = f"`{run['command']}`, {run['date']}, {run['machine']}" if run else "기록 없음"
            lines.append(f"- {label}, {_MODE_KO[mode]}: {said}")
    lines += [
        "",
        "읽는 시간은 한국어 읽기 속도로 잰 값이 아닙니다. 한국어판의 각 절은 영어판에서 같은",
        "자리에 있는 절을 옮긴 것이므로, 그 영어 절의 단어 수(글과 코드)를 분당",
        f"{WORDS_PER_MINUTE}단어로 읽는 시간을 그대로 씁니다(영어판 기준).",
        "",
        "**핵심 경로**는 *더 나아가기* 절을 뺀 것입니다. 수강생에게 드는 시간은 읽는 시간에,",
        "수강생이 쓰는 모드의 실행 시간을 더한 것입니다(전체 모드: 실제 결과). 연습 문제를 푸는",
        "시간은 읽는 시간보다 길고, 어떤 실행도 그 시간을 재지 않습니다. 워크숍에서는 연습 문제에",
        "주는 시간을 따로 더하세요.",
        "",
        "| 장 | 핵심: 읽기 + 전체 모드 실행 | 핵심: 읽기 + 빠른 모드 실행 "
        "| 모든 절: 읽기 + 전체 모드 실행 |",
        "|---|---|---|---|",
    ]
    details: list[str] = []
    for path in notebooks:
        details += ["", f"## {path.stem}", ""]
        try:
            sections, sources = korean_sections(path, record, english)
        except ValueError as error:
            lines.append(f"| {path.stem} | 계산 안 됨 | 계산 안 됨 | 계산 안 됨 |")
            details.append(f"영어판의 절과 짝지을 수 없어 계산하지 않았습니다 ({error}).")
            continue
        lines.append(
            f"| {path.stem} | {_minutes_ko(chapter_minutes(sections, 'full'))} "
            f"| {_minutes_ko(chapter_minutes(sections, 'fast'))} "
            f"| {_minutes_ko(chapter_minutes(sections, 'full', core=False))} |"
        )
        where = ", ".join(
            f"{_MODE_KO[mode]}는 {_SOURCE_KO.get(sources.get(mode, ''), '기록 없음')}"
            for mode in MODES
        )
        details += [
            f"실행 시간: {where}.",
            "",
            "| 절 | 읽기 (영어판 기준) | 실행, 빠른 모드 | 실행, 전체 모드 | 경로 |",
            "|---|---|---|---|---|",
        ]
        for s in sections:
            runs = ["측정 안 됨" if m not in s.seconds else f"{s.seconds[m]:.0f}초" for m in MODES]
            path_name = "더 나아가기" if s.going_further else "핵심"
            details.append(
                f"| {s.title} | {s.reading_minutes:.1f}분 | {runs[0]} | {runs[1]} | {path_name} |"
            )
    return "\n".join(lines + details) + "\n"


def korean_sections(
    path: Path, record: dict[str, Any], english: dict[str, Any] | None = None
) -> tuple[list[Section], dict[str, str]]:
    """The sections of the Korean chapter at ``path`` (``notebooks/ko/NN_slug.ipynb``), each
    given the words of its English twin's section at the same place (``notebooks/NN_slug.ipynb``:
    the reading time is the English one's), and its run times: in each mode, from the Korean
    ``record`` (parsed) where it has the chapter, else from the ``english`` record, by the twin's
    titles. Also which record each mode's times come from (``"ko"`` or ``"en"``; a mode neither
    has is left out).

    Raises ``ValueError`` when the chapter has no English twin, or when the twins' sections do
    not match one for one (their number, each one's code cells and path), naming the first
    difference.
    """
    import nbformat

    twin = path.parent.parent / path.name
    if not twin.is_file():
        raise ValueError(
            f"{path.name} has no English twin at {twin}: a Korean section's reading time is its "
            "English twin's"
        )
    sections = chapter_sections(nbformat.read(path, as_version=4), edition="ko")
    theirs = chapter_sections(nbformat.read(twin, as_version=4))
    problem = _mismatch(sections, theirs)
    if problem:
        raise ValueError(
            f"{path.name}: {problem}; the reading time is the English twin's, section by "
            f"section: bring the twins in step (python -m lstm_course.editions check "
            f"{path.name[:2]})"
        )
    for ours, twin_section in zip(sections, theirs, strict=True):
        ours.words = twin_section.words
    sources: dict[str, str] = {}
    for mode in MODES:
        measured = record["chapters"].get(path.stem, {}).get(mode)
        titles = [s.title for s in sections]
        if not measured and english is not None:
            measured = english["chapters"].get(path.stem, {}).get(mode)
            titles = [s.title for s in theirs]
            if measured:
                sources[mode] = "en"
        elif measured:
            sources[mode] = "ko"
        for section, title in zip(sections, titles, strict=True):
            if measured and title in measured:
                section.seconds[mode] = measured[title]
    return sections, sources


def _mismatch(korean: Sequence[Section], english: Sequence[Section]) -> str:
    """How the Korean sections differ from the English twin's in shape; empty if they match."""
    if len(korean) != len(english):
        return f"{len(korean)} sections in Korean, {len(english)} in its English twin"
    for number, (ko, en) in enumerate(zip(korean, english, strict=True), start=1):
        where = f"section {number} ({ko.title!r}, in English {en.title!r})"
        if ko.going_further != en.going_further:
            paths = ["going further" if s.going_further else "core" for s in (ko, en)]
            return f"{where} is {paths[0]} in Korean, {paths[1]} in English"
        if ko.code_cells != en.code_cells:
            return f"{where} has {ko.code_cells} code cells in Korean, {en.code_cells} in English"
    return ""


def header_time(sections: Sequence[Section], edition: str = "en") -> str | None:
    """The header's time line from measured sections: the core path's reading plus full-mode
    run, rounded up to 5 minutes, and what the Going further sections add; None if unmeasured.
    In Korean (``edition="ko"``) it says that the run is the Korean edition's and the reading
    time the English edition's (:func:`korean_sections`)."""
    core = chapter_minutes(sections, "full")
    everything = chapter_minutes(sections, "full", core=False)
    if core is None or everything is None:
        return None
    core_rounded = 5 * math.ceil(core / 5)
    extra = everything - core
    if edition == "ko":
        line = (
            f"{LABELS['ko']['time']} 약 {core_rounded}분 (핵심 경로: 한국어판을 2코어 CPU에서 "
            f"전체 모드로 실행한 시간과, 영어판 기준 분당 {WORDS_PER_MINUTE}단어로 읽는 시간)"
        )
        return line + (f"; 더 나아가기 절은 약 {math.ceil(extra)}분 더" if extra >= 1 else "")
    line = (
        f"{TIME_LABEL} about {core_rounded} minutes on the core path (reading at "
        f"{WORDS_PER_MINUTE} words a minute, plus the full-mode run on 2 CPU cores"
    )
    if extra >= 1:
        line += f"); the Going further sections add about {math.ceil(extra)} more"
    else:
        line += ")"
    return line


def write_headers(
    notebooks: Sequence[Path],
    record_path: Path = RECORD,
    edition: str = "en",
    skipped: dict[Path, str] | None = None,
) -> list[Path]:
    """Put :func:`header_time` into each chapter's header where the record measures it all;
    the notebooks it changed. A Korean chapter (``edition="ko"``, the Korean record) changes
    only where the Korean record has its full-mode run; where its sections do not match its
    English twin's, the reason goes into ``skipped`` and the header stays as it is."""
    import nbformat

    if edition not in EDITIONS:
        raise ValueError(f"edition {edition!r}: expected one of {', '.join(EDITIONS)}")
    record = _read(record_path)
    label = LABELS[edition]["time"]
    changed = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        if edition == "en":
            sections = _measured_sections(nb, record["chapters"].get(path.stem, {}))
        else:
            try:
                sections, sources = korean_sections(path, record)
            except ValueError as error:
                if skipped is not None:
                    skipped[path] = str(error)
                continue
            if sources.get("full") != "ko":
                continue
        line = header_time(sections, edition)
        header = nb.cells[0].source
        if line is None or label not in header:
            continue
        updated = re.sub(rf"^{re.escape(label)}.*$", line, header, count=1, flags=re.M)
        if updated != header:
            nb.cells[0].source = updated
            nbformat.write(nb, path)
            changed.append(path)
    return changed


def _measured_sections(nb: Any, measured: dict[str, dict[str, float]]) -> list[Section]:
    sections = chapter_sections(nb)
    for section in sections:
        for mode in MODES:
            if section.title in measured.get(mode, {}):
                section.seconds[mode] = measured[mode][section.title]
    return sections


def main(argv: Sequence[str] | None = None) -> int:
    from lstm_course.conventions import edition_dir

    parser = argparse.ArgumentParser(prog="python -m lstm_course.timing", description=__doc__)
    sub = parser.add_subparsers(dest="action", required=True)
    rec = sub.add_parser("record", help="add a run's section times to workshop/timing.json")
    rec.add_argument("--mode", choices=MODES, required=True)
    rec.add_argument("--build-dir", type=Path, help="default: build/ (ko: build/ko/)")
    rec.add_argument("--command", help="the command that made the run (default: make course)")
    headers = sub.add_parser(
        "headers", help="write each chapter header's core time from the record"
    )
    guide = sub.add_parser("guide", help="write the timing guide (Markdown)")
    guide.add_argument("--notebooks", type=Path, help="default: notebooks/ (ko: notebooks/ko/)")
    guide.add_argument("--out", type=Path, help="default: build/workshop[/ko]/TIMING.md")
    for command in (rec, headers, guide):
        command.add_argument(
            "--edition",
            choices=EDITIONS,
            default="en",
            help="en: the English chapters and workshop/timing.json; ko: the Korean edition's, "
            "and workshop/timing.ko.json",
        )
    args = parser.parse_args(argv)
    korean = args.edition != "en"
    record = edition_record(args.edition)
    if args.action == "record":
        build_dir = args.build_dir or Path("build") / ("" if not korean else args.edition)
        command = args.command or "make course" + (" LANG=ko" if korean else "")
        try:
            path = record_run(build_dir, args.mode, command, record, args.edition)
        except (FileNotFoundError, ValueError) as error:
            print(f"timing: {error}", file=sys.stderr)
            return 1
        print(f"timing: {args.mode}-mode section times of {build_dir} recorded in {path}")
        return 0
    from lstm_course.runner import find_chapters

    if args.action == "headers":
        chapters = find_chapters(Path(edition_dir(args.edition)))
        skipped: dict[Path, str] = {}
        changed = write_headers(chapters, record, args.edition, skipped)
        for path, reason in skipped.items():
            print(f"timing: {path}: header left as it is: {reason}", file=sys.stderr)
        edition = "Korean " if korean else ""
        print(f"timing: {len(changed)} {edition}chapter headers now state their measured core time")
        if korean and "full" not in _read(record)["runs"]:
            print(
                f"timing: {record} holds no full-mode Korean run, so the Korean headers keep "
                "their line (the English edition's time): `make course LANG=ko`, then "
                "`make timing LANG=ko`"
            )
        return 0
    notebooks = args.notebooks or Path(edition_dir(args.edition))
    out = args.out or Path("build/workshop") / ("" if not korean else args.edition) / "TIMING.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(timing_markdown(find_chapters(notebooks), record, args.edition), "utf-8")
    print(f"timing: wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
