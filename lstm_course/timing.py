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

from lstm_course.conventions import TIME_LABEL

WORDS_PER_MINUTE = 120
GOING_FURTHER_TAG = "going-further"
INSTRUCTOR_NOTE_TAG = "instructor-note"
GOING_FURTHER_HEADING = re.compile(r"^##\s+(\d+\.\s*)?going further", re.IGNORECASE)
RECORD = Path("workshop/timing.json")
_WORD = re.compile(r"\S*\w\S*")  # a run of non-space holding a letter or digit: not "#", "·", "="
MODES = ("fast", "full")

__all__ = [
    "WORDS_PER_MINUTE",
    "Section",
    "cell_seconds",
    "chapter_minutes",
    "chapter_sections",
    "header_time",
    "timing_markdown",
]


@dataclass
class Section:
    """One ``##`` section of a chapter (the cells before the first heading are "Introduction")."""

    title: str
    words: int = 0
    going_further: bool = False
    seconds: dict[str, float] = field(default_factory=dict)  # mode -> measured run time

    @property
    def reading_minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _time(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def cell_seconds(cell: Any) -> float | None:
    """How long an executed code cell ran, from nbclient's timestamps; None where unrecorded."""
    execution = cell.get("metadata", {}).get("execution", {})
    start = execution.get("iopub.status.busy") or execution.get("shell.execute_request")
    end = execution.get("iopub.status.idle") or execution.get("shell.execute_reply")
    if not start or not end:
        return None
    return max(0.0, (_time(end) - _time(start)).total_seconds())


def chapter_sections(nb: Any, *, mode: str | None = None) -> list[Section]:
    """The chapter's sections with their words; with ``mode``, the run time of an executed
    notebook in that mode too. Refuses an unexecuted notebook when asked for run times.

    Inside a core section, the cells tagged ``going-further`` (or under a ``### Going further``
    heading) are counted apart, in a section of their own, "<title> (going further)", placed
    right after it: the checked exercises of ``## Exercises`` stay on the core path while the
    open-ended ones after them do not. Instructor notes are not counted: learners never read them.
    """
    sections = [Section("Introduction")]
    further: Section | None = None  # the going-further part of the current core section
    timed = 0
    for cell in nb["cells"]:
        text = _source(cell)
        heading = text.splitlines()[0] if cell["cell_type"] == "markdown" and text else ""
        if heading.startswith("## "):
            sections.append(
                Section(heading[3:].strip(), going_further=bool(GOING_FURTHER_HEADING.match(text)))
            )
            further = None
        section = sections[-1]
        cell_tags = cell.get("metadata", {}).get("tags", [])
        if INSTRUCTOR_NOTE_TAG in cell_tags:
            continue  # for the instructor: no learner reads it
        tagged = GOING_FURTHER_TAG in cell_tags
        starts_further = re.match(r"^###\s+(\w+\.\s*)?going further", heading, re.IGNORECASE)
        if not section.going_further and (tagged or starts_further or further is not None):
            if further is None:
                further = Section(f"{section.title} (going further)", going_further=True)
                sections.append(further)
            section = further
        section.words += len(_WORD.findall(text))
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


def record_run(build_dir: Path, mode: str, command: str, record_path: Path = RECORD) -> Path:
    """Add the run times of the executed chapters in ``build_dir`` to the timing record."""
    import nbformat

    if mode not in MODES:
        raise ValueError(f"mode is one of {MODES}, not {mode!r}")
    executed = sorted(p for p in build_dir.glob("[0-9][0-9]_*.ipynb") if ".seed" not in p.name)
    if not executed:
        command = "make course FAST=1" if mode == "fast" else "make course"
        raise FileNotFoundError(f"no executed chapters in {build_dir}: run `{command}` first")
    record = _read(record_path)
    for path in executed:
        sections = chapter_sections(nbformat.read(path, as_version=4), mode=mode)
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


def timing_markdown(notebooks: Sequence[Path], record_path: Path = RECORD) -> str:
    """TIMING.md: for each chapter and section, reading and run time; the core path's total."""
    import nbformat

    record = _read(record_path)
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


def header_time(sections: Sequence[Section]) -> str | None:
    """The header's time line from measured sections: the core path's reading plus full-mode
    run, rounded up to 5 minutes, and what the Going further sections add; None if unmeasured."""
    core = chapter_minutes(sections, "full")
    everything = chapter_minutes(sections, "full", core=False)
    if core is None or everything is None:
        return None
    core_rounded = 5 * math.ceil(core / 5)
    line = (
        f"{TIME_LABEL} about {core_rounded} minutes on the core path (reading at "
        f"{WORDS_PER_MINUTE} words a minute, plus the full-mode run on 2 CPU cores"
    )
    extra = everything - core
    if extra >= 1:
        line += f"); the Going further sections add about {math.ceil(extra)} more"
    else:
        line += ")"
    return line


def write_headers(notebooks: Sequence[Path], record_path: Path = RECORD) -> list[Path]:
    """Put :func:`header_time` into each chapter's header where the record measures it all;
    the notebooks it changed."""
    import nbformat

    record = _read(record_path)
    changed = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        sections = _measured_sections(nb, record["chapters"].get(path.stem, {}))
        line = header_time(sections)
        header = nb.cells[0].source
        if line is None or TIME_LABEL not in header:
            continue
        updated = re.sub(rf"^{re.escape(TIME_LABEL)}.*$", line, header, count=1, flags=re.M)
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
    parser = argparse.ArgumentParser(prog="python -m lstm_course.timing", description=__doc__)
    sub = parser.add_subparsers(dest="action", required=True)
    rec = sub.add_parser("record", help="add a run's section times to workshop/timing.json")
    rec.add_argument("--mode", choices=MODES, required=True)
    rec.add_argument("--build-dir", type=Path, default=Path("build"))
    rec.add_argument("--command", default="make course", help="the command that made the run")
    sub.add_parser("headers", help="write each chapter header's core time from the record")
    guide = sub.add_parser("guide", help="write the timing guide (Markdown)")
    guide.add_argument("--notebooks", type=Path, default=Path("notebooks"))
    guide.add_argument("--out", type=Path, default=Path("build/workshop/TIMING.md"))
    args = parser.parse_args(argv)
    if args.action == "record":
        try:
            path = record_run(args.build_dir, args.mode, args.command)
        except (FileNotFoundError, ValueError) as error:
            print(f"timing: {error}", file=sys.stderr)
            return 1
        print(f"timing: {args.mode}-mode section times of {args.build_dir} recorded in {path}")
        return 0
    from lstm_course.runner import find_chapters

    if args.action == "headers":
        changed = write_headers(find_chapters(Path("notebooks")))
        print(f"timing: {len(changed)} chapter headers now state their measured core time")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(timing_markdown(find_chapters(args.notebooks)), encoding="utf-8")
    print(f"timing: wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
