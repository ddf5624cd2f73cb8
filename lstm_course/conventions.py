"""The course's conventions, for authors and the checker: what a chapter notebook looks like.

A chapter is ``notebooks/NN_slug.ipynb``, committed without outputs. It reads, top to bottom:

1. a markdown **header** cell (write it with :func:`header_cell`)::

       # 02 · Many-to-one: is this message spam?

       [![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](<colab url>)

       **You will be able to:**

       - pad and mask variable-length messages
       - ...

       **Time:** about 45 minutes

2. the one **setup** cell, exactly :data:`SETUP_CELL` (write it with :func:`setup_cell`): on Colab
   it installs this package from the repository (pip keeps Colab's TensorFlow, because the package
   asks only for Keras, NumPy, ...); locally it does nothing;
3. the lesson, seeded with ``lstm_course.config.set_seed`` and sized with
   ``lstm_course.config.pick(full, fast)``, so that ``LSTM_COURSE_FAST=1`` shrinks data and
   epochs through the same code path; its results reported with
   :func:`lstm_course.course.record_metric`;
   a cell that shows an error on purpose carries the tag ``raises-exception``;
4. a ``## Summary`` section, then ``## Exercises``, then ``## Further reading`` (the sources
   behind the chapter), last.

:func:`check_notebook` checks all of this; ``tests/test_notebooks.py`` runs it on every chapter.
:func:`new_chapter` writes a chapter that already passes it (``make chapter NN=11 SLUG=...``).

    python -m lstm_course.conventions new 11 text_generation --title "Generating text"
    python -m lstm_course.conventions check notebooks/*.ipynb

"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO_URL = "https://github.com/lstm-course/lstm-course"
"""The repository's public address: the one place it is written (``make release`` reads it)."""


def release_ref(version: str | None = None) -> str:
    """The git ref of a release, ``v0.1.0``: the tag the Colab badges open and the setup cell
    installs from, so that a notebook and the package it installs come from the same commit.
    ``version`` defaults to ``lstm_course.__version__``, the one place the version is written."""
    if version is None:
        from lstm_course import __version__ as version
    return f"v{version}"


REF = release_ref()
"""The ref of this version (``v`` + ``lstm_course.__version__``)."""
NOTEBOOKS_DIR = "notebooks"
"""Where the chapters live, relative to the repository root."""
STUDENT_DIR = "workshop/student"
"""Where ``make release`` puts the student edition, so its Colab badges open it at the tag
(the Korean student edition in ``workshop/student/ko``: :func:`student_dir`)."""
NOTEBOOK_PATTERN = re.compile(r"^(?P<number>\d\d)_(?P<slug>[a-z0-9]+(?:_[a-z0-9]+)*)\.ipynb$")
"""A chapter's file name: ``NN_slug.ipynb``, the slug in lower case with underscores."""
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
"""The glob the runner and the tests use to find the chapters."""

COLAB_BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
GOALS_LINE = "**You will be able to:**"
TIME_LABEL = "**Time:**"
SUMMARY_HEADING = "## Summary"
EXERCISES_HEADING = "## Exercises"
READING_HEADING = "## Further reading"

EDITIONS = ("en", "ko")
"""The course's editions: English in ``notebooks/``, Korean (한국어판) in ``notebooks/ko/``."""
LABELS = {
    "en": {
        "goals": GOALS_LINE,
        "time": TIME_LABEL,
        "summary": SUMMARY_HEADING,
        "exercises": EXERCISES_HEADING,
        "reading": READING_HEADING,
    },
    "ko": {
        "goals": "**학습 목표:**",
        "time": "**시간:**",
        "summary": "## 요약",
        "exercises": "## 연습 문제",
        "reading": "## 더 읽을거리",
    },
}
"""The fixed lines of a chapter in each edition: goals, time, and the three closing sections."""
TIME_UNITS = {"en": r"(minutes?|mins?|hours?|h)\b", "ko": r"(분|시간)"}


def edition_dir(edition: str = "en") -> str:
    """Where an edition's chapters live, relative to the repository root: ``notebooks`` for
    English, ``notebooks/ko`` for Korean."""
    if edition not in EDITIONS:
        raise ValueError(f"edition {edition!r}: expected one of {', '.join(EDITIONS)}")
    return NOTEBOOKS_DIR if edition == "en" else f"{NOTEBOOKS_DIR}/{edition}"


def student_dir(edition: str = "en") -> str:
    """Where ``make release`` puts an edition's student edition, relative to the repository
    root: :data:`STUDENT_DIR` for English, ``workshop/student/ko`` for Korean."""
    if edition not in EDITIONS:
        raise ValueError(f"edition {edition!r}: expected one of {', '.join(EDITIONS)}")
    return STUDENT_DIR if edition == "en" else f"{STUDENT_DIR}/{edition}"


def edition_of(notebook: str | os.PathLike[str]) -> str:
    """The edition of a chapter file, from its folder: ``notebooks/ko/01_x.ipynb`` is ``ko``."""
    parent = Path(notebook).parent.name
    return parent if parent in EDITIONS else "en"


KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def setup_source(repo_url: str = REPO_URL, ref: str = REF, edition: str = "en") -> str:
    """The setup cell's code: the two switches, then on Colab the package from ``repo_url`` at
    ``ref`` (pip keeps Colab's TensorFlow, Keras and NumPy: the package asks only for lower
    bounds they meet), with a one-line message instead of pip's traceback when that fails.
    The Korean edition's cell is the same code with its comments and message in Korean."""
    text = _SETUP_TEXT[edition]
    return f"""\
# {text["title"]}
import os
import sys

FAST = False  # {text["fast"]}
ONLINE = False  # {text["online"]}

if FAST:
    os.environ["LSTM_COURSE_FAST"] = "1"
if ONLINE:
    os.environ["LSTM_COURSE_ONLINE"] = "1"
if "google.colab" in sys.modules:
    import subprocess

    PACKAGE = "lstm-course @ git+{repo_url}@{ref}"
    pip = [sys.executable, "-m", "pip", "install", "-q", PACKAGE]
    done = subprocess.run(pip, capture_output=True, text=True)
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or ["pip failed"])[-1]
        raise SystemExit(
            {text["error"]}
        )
    # {text["drive"]}
    # from google.colab import drive; drive.mount("/content/drive")
    # os.environ["LSTM_COURSE_DATA"] = "/content/drive/MyDrive/lstm_course_data"
"""


_SETUP_TEXT = {
    "en": {
        "title": "Setup: two switches, then (on Colab only) the course package; Colab's "
        "TensorFlow stays.",
        "fast": "True: small data and few epochs, a quick pass (as in the tests and workshops)",
        "online": "True: also fetch the full public data sets (each section says its size first)",
        "error": 'f"Could not install {PACKAGE} ({why}): check the address and the version in "\n'
        '            "this cell, and the internet connection, then run it again."',
        "drive": "Optional: keep the data cache on Google Drive between sessions.",
    },
    "ko": {
        "title": "준비: 스위치 두 개, 그리고 (Colab에서만) 강좌 패키지 설치. Colab의 TensorFlow는 "
        "그대로 둡니다.",
        "fast": "True: 작은 데이터와 적은 에포크로 빠르게 한 번 (테스트와 워크숍처럼)",
        "online": "True: 전체 공개 데이터셋도 내려받기 (각 절이 먼저 크기를 알려 줍니다)",
        "error": 'f"{PACKAGE}를 설치하지 못했습니다 ({why}). 이 셀의 주소와 버전, "\n'
        '            "인터넷 연결을 확인하고 다시 실행하세요."',
        "drive": "선택: 데이터 캐시를 Google Drive에 두면 세션이 바뀌어도 남습니다.",
    },
}


SETUP_CELL = setup_source()
"""The one setup cell every chapter has, character for character (give or take trailing space)."""


# --------------------------------------------------------------------------------------------
# Writing the conventions: header and setup cells
# --------------------------------------------------------------------------------------------


def chapter_number(notebook: str | os.PathLike[str]) -> str:
    """The two-digit chapter number of ``NN_slug.ipynb`` (any directory part is ignored)."""
    name = Path(notebook).name
    match = NOTEBOOK_PATTERN.match(name)
    if match is None:
        raise ValueError(f"{name!r} is not a chapter file name: expected NN_slug.ipynb")
    return match["number"]


def colab_url(notebook: str | os.PathLike[str], ref: str = REF, folder: str = NOTEBOOKS_DIR) -> str:
    """The address that opens the chapter ``notebook`` (a file name or path) on Colab, as it is
    at ``ref`` (this version's tag), from ``folder`` (the student edition: :data:`STUDENT_DIR`)."""
    name = Path(notebook).name
    repo = REPO_URL.removeprefix("https://github.com/")
    return f"https://colab.research.google.com/github/{repo}/blob/{ref}/{folder}/{name}"


def colab_badge(notebook: str | os.PathLike[str], ref: str = REF, edition: str = "en") -> str:
    """The markdown "Open in Colab" badge of the chapter ``notebook`` in ``edition``."""
    url = colab_url(notebook, ref, folder=edition_dir(edition))
    return f"[![Open In Colab]({COLAB_BADGE_IMAGE})]({url})"


def header_markdown(
    notebook: str | os.PathLike[str], title: str, goals: Sequence[str], minutes: int
) -> str:
    """The markdown of a chapter's first cell: title, Colab badge, goals, time needed.

    ``header_markdown("02_many_to_one_spam.ipynb", "Many-to-one: is this message spam?",
    ["pad and mask variable-length messages", ...], 45)``
    """
    if not title.strip():
        raise ValueError("a chapter needs a title")
    if isinstance(goals, str) or not goals or not all(g.strip() for g in goals):
        raise ValueError("goals: a list of what the learner will be able to do, none empty")
    if minutes <= 0:
        raise ValueError("minutes: the time the chapter takes, a positive number")
    bullets = "\n".join(f"- {goal.strip()}" for goal in goals)
    return (
        f"# {chapter_number(notebook)} · {title.strip()}\n\n"
        f"{colab_badge(notebook)}\n\n"
        f"{GOALS_LINE}\n\n{bullets}\n\n"
        f"{TIME_LABEL} about {minutes} minutes"
    )


def header_cell(
    notebook: str | os.PathLike[str], title: str, goals: Sequence[str], minutes: int
) -> dict[str, Any]:
    """A chapter's first cell, as an nbformat markdown cell (see :func:`header_markdown`)."""
    import nbformat

    return nbformat.v4.new_markdown_cell(header_markdown(notebook, title, goals, minutes))


def setup_cell() -> dict[str, Any]:
    """The setup cell, :data:`SETUP_CELL`, as an nbformat code cell."""
    import nbformat

    return nbformat.v4.new_code_cell(SETUP_CELL.rstrip("\n"))


# --------------------------------------------------------------------------------------------
# Checking the conventions
# --------------------------------------------------------------------------------------------


def check_notebook(path: str | os.PathLike[str]) -> list[str]:
    """Every way the chapter file at ``path`` breaks the conventions; empty when it follows them.
    A chapter in ``notebooks/ko/`` is checked against the Korean edition's fixed lines."""
    path = Path(path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [f"cannot read the notebook: {error}"]
    return check_notebook_node(nb, path.name, edition_of(path))


def check_notebook_node(nb: dict[str, Any], filename: str, edition: str = "en") -> list[str]:
    """Every way the notebook ``nb`` (parsed JSON), named ``filename``, breaks the conventions
    of ``edition`` (``en`` or ``ko``: see :data:`LABELS`)."""
    problems = _check_schema(nb)
    if problems:
        return problems
    cells = nb["cells"]
    if NOTEBOOK_PATTERN.match(filename) is None:
        problems.append(f"file name {filename!r} is not NN_slug.ipynb (lower-case slug)")
    problems += _check_stripped(cells)
    problems += _check_kernel(nb.get("metadata", {}))
    problems += _check_header(cells, filename, edition)
    problems += _check_setup(cells, edition)
    problems += _check_body(cells)
    problems += _check_ending(cells, edition)
    return problems


def cell_source(cell: dict[str, Any]) -> str:
    """A cell's source as one string (nbformat stores it as a string or a list of lines)."""
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def _check_schema(nb: dict[str, Any]) -> list[str]:
    """nbformat's own validation (version 4), when nbformat is installed."""
    if nb.get("nbformat") != 4:
        return [f"nbformat version {nb.get('nbformat')!r}: expected 4"]
    try:
        import nbformat
    except ImportError:  # pragma: no cover - nbformat comes with Jupyter
        return []
    try:
        nbformat.validate(nbformat.from_dict(nb))
    except nbformat.ValidationError as error:
        return [f"not a valid notebook: {str(error).splitlines()[0]}"]
    return []


def _check_stripped(cells: list[dict[str, Any]]) -> list[str]:
    """Committed without outputs, execution counts, run timings, or empty cells."""
    problems = []
    for index, cell in enumerate(cells):
        if cell.get("outputs"):
            problems.append(f"cell {index} has outputs: strip them before committing")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {index} has an execution count: strip it before committing")
        if "execution" in cell.get("metadata", {}):
            problems.append(f"cell {index} has execution timings in its metadata: strip them")
        if not cell_source(cell).strip():
            problems.append(f"cell {index} is empty")
    return problems


def _check_kernel(metadata: dict[str, Any]) -> list[str]:
    """The kernel is ``python3``, the language Python."""
    spec = metadata.get("kernelspec", {})
    problems = []
    if spec.get("name") != KERNELSPEC["name"]:
        problems.append(f"kernelspec name is {spec.get('name')!r}: expected 'python3'")
    if spec.get("language") != KERNELSPEC["language"]:
        problems.append(f"kernelspec language is {spec.get('language')!r}: expected 'python'")
    language = metadata.get("language_info", {}).get("name", "python")
    if language != "python":
        problems.append(f"language_info name is {language!r}: expected 'python'")
    return problems


def _check_header(cells: list[dict[str, Any]], filename: str, edition: str = "en") -> list[str]:
    """The first cell: ``# NN · title``, the badge to this very file, goals, time needed."""
    labels = LABELS[edition]
    url = colab_url(filename, folder=edition_dir(edition))
    if not cells or cells[0].get("cell_type") != "markdown":
        return ["the first cell must be markdown: title, Colab badge, goals, time"]
    lines = [line.rstrip() for line in cell_source(cells[0]).splitlines()]
    problems = []
    number = NOTEBOOK_PATTERN.match(filename)
    title = re.match(r"^# (\d\d)\b\s*[·:.\-–—]?\s*(\S.*)$", lines[0] if lines else "")
    if title is None:
        problems.append("the first cell must start with the title line '# NN · Title'")
    elif number is not None and title[1] != number["number"]:
        problems.append(f"the title's number {title[1]} is not the file's {number['number']}")
    badges = re.findall(r"\[!\[Open In Colab\]\([^)]*\)\]\(([^)]*)\)", "\n".join(lines))
    if not badges:
        problems.append(
            f"the first cell has no Colab badge: {colab_badge(filename, edition=edition)}"
        )
    elif badges[0] != url:
        problems.append(f"the Colab badge opens {badges[0]}, not this file: {url}")
    if not _has_goals(lines, labels["goals"]):
        problems.append(f"the first cell needs '{labels['goals']}' followed by a list of goals")
    if not any(_is_time_line(line, edition) for line in lines):
        example = "about 45 minutes" if edition == "en" else "약 45분"
        problems.append(f"the first cell needs the time needed: '{labels['time']} {example}'")
    return problems


def _has_goals(lines: list[str], goals_line: str = GOALS_LINE) -> bool:
    """The goals line, then (after blank lines) at least one list item."""
    for index, line in enumerate(lines):
        if line.strip().lower() == goals_line.lower():
            rest = [item for item in lines[index + 1 :] if item.strip()]
            return bool(rest) and re.match(r"^\s*([-*+]|\d+\.)\s+\S", rest[0]) is not None
    return False


def _is_time_line(line: str, edition: str = "en") -> bool:
    """``**Time:** about 45 minutes`` (any wording with a number and a unit of time)."""
    if not line.startswith(LABELS[edition]["time"]):
        return False
    return re.search(rf"\d+\s*{TIME_UNITS[edition]}", line, re.IGNORECASE) is not None


def _check_setup(cells: list[dict[str, Any]], edition: str = "en") -> list[str]:
    """Exactly one setup cell, :data:`SETUP_CELL` (in Korean for ``ko``), the first code cell."""
    code = [(index, cell) for index, cell in enumerate(cells) if cell.get("cell_type") == "code"]
    installers = [index for index, cell in code if _installs_something(cell_source(cell))]
    canonical = setup_source(edition=edition).strip()
    problems = []
    if not installers:
        problems.append(f"no setup cell; the first code cell must be:\n{canonical}")
    elif len(installers) > 1:
        problems.append(f"cells {installers} install packages: only the one setup cell may")
    for index in installers:
        if cell_source(cells[index]).strip() != canonical:
            problems.append(f"cell {index} is not the canonical setup cell:\n{canonical}")
    if installers and installers[0] != code[0][0]:
        problems.append(f"the setup cell (cell {installers[0]}) must be the first code cell")
    return problems


def _installs_something(source: str) -> bool:
    """Whether a code cell installs packages or branches on Colab."""
    return "google.colab" in source or re.search(r"\bpip\s+install\b", source) is not None


MIN_CLAIMS = 3
"""The fewest findings a chapter checks with :func:`lstm_course.course.claim`."""


def _check_body(cells: list[dict[str, Any]]) -> list[str]:
    """The lesson seeds its randomness, records a metric and checks its findings."""
    code = "\n".join(cell_source(c) for c in cells if c.get("cell_type") == "code")
    problems = []
    if re.search(r"\bset_seed\(", code) is None:
        problems.append("no code cell calls set_seed(...) (lstm_course.config): fix the seeds")
    if re.search(r"\brecord_metric\(", code) is None:
        problems.append("no code cell calls record_metric(...) (lstm_course.course)")
    claims = len(re.findall(r"\bclaim\(", code))
    if claims < MIN_CLAIMS:
        problems.append(
            f"{claims} claim(...) call(s): check at least {MIN_CLAIMS} of the findings the prose "
            "states, each right after the cell that measures it (lstm_course.course.claim)"
        )
    return problems


def _check_ending(cells: list[dict[str, Any]], edition: str = "en") -> list[str]:
    """The last three ``##`` sections are Summary, Exercises, Further reading, none empty."""
    sections = _sections(cells)
    names = [heading for heading, _ in sections]
    labels = LABELS[edition]
    ending = (labels["summary"], labels["exercises"], labels["reading"])
    expected = "the chapter must end with " + ", then ".join(f"'{h}'" for h in ending)
    if len(names) < 3 or not all(n.startswith(h) for n, h in zip(names[-3:], ending, strict=True)):
        found = ", ".join(repr(n) for n in names[-3:]) or "no '##' headings"
        return [f"{expected} (last sections: {found})"]
    problems = []
    if not sections[-3][1].strip():
        problems.append(f"the '{ending[0]}' section is empty")
    listed = re.compile(r"^\s*([-*+]|\d+\.)\s+\S|^###\s+\S", re.MULTILINE)
    if listed.search(sections[-2][1]) is None:
        problems.append(f"the '{ending[1]}' section has no exercise (a list item or ###)")
    if listed.search(sections[-1][1]) is None:
        problems.append(f"the '{ending[2]}' section lists no source (a list item)")
    return problems


def _sections(cells: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The ``## `` sections of the notebook: (heading, text of everything up to the next one)."""
    sections: list[tuple[str, list[str]]] = []
    for cell in cells:
        for line in cell_source(cell).splitlines():
            if cell.get("cell_type") == "markdown" and line.startswith("## "):
                sections.append((line.strip(), []))
            elif sections:
                sections[-1][1].append(line)
    return [(heading, "\n".join(body)) for heading, body in sections]


# --------------------------------------------------------------------------------------------
# A new chapter, and the command line
# --------------------------------------------------------------------------------------------


def new_chapter(
    notebooks_dir: str | os.PathLike[str],
    number: int | str,
    slug: str,
    title: str | None = None,
    goals: Sequence[str] = ("say here what the learner will be able to do",),
    minutes: int = 45,
) -> Path:
    """Write ``notebooks_dir/NN_slug.ipynb``, a chapter skeleton that passes :func:`check_notebook`.

    It holds the header, the setup cell, a first code cell with the seeds and the fast-mode
    sizes, one metric, and the Summary, Exercises and Further reading sections, each with a
    line that says what goes there. Refuses (``FileExistsError``) when a chapter already has
    that number, and (``ValueError``) a number or slug the file-name rule does not allow.
    """
    import nbformat

    folder = Path(notebooks_dir)
    number = f"{int(number):02d}" if str(number).isdigit() else str(number)
    name = f"{number}_{slug}.ipynb"
    if NOTEBOOK_PATTERN.match(name) is None:
        raise ValueError(
            f"{name!r} is not a chapter file name: the number is two digits (01-99) and the slug "
            "lower-case words joined by underscores, e.g. 11 text_generation"
        )
    taken = sorted(folder.glob(f"{number}_*.ipynb"))
    if taken:
        raise FileExistsError(f"chapter {number} exists already: {taken[0]}; pick a free number")
    title = title or slug.replace("_", " ").capitalize()
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
    }
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nb.cells = [
        header_cell(name, title, list(goals), minutes),
        setup_cell(),
        md(
            "## 1. Set-up\n\n"
            "The imports, the seeds (so that Restart & Run All tells the same story), and the "
            "sizes: `pick(full, fast)` gives the full-mode value, or the fast-mode one when "
            "`LSTM_COURSE_FAST=1` (the tests run every chapter so)."
        ),
        code(
            "import keras\n\n"
            "from lstm_course.config import fast_mode, pick, run_seed, set_seed\n"
            "from lstm_course.course import claim, record_metric\n\n"
            "SEED = run_seed()\n"
            "set_seed(SEED)\n"
            "EPOCHS = pick(10, 1)\n"
            'print("Keras", keras.__version__, "on", keras.backend.backend(), '
            '"| fast mode:", fast_mode())'
        ),
        md(
            "## 2. The idea\n\n"
            "Explain one idea, then show it in a short code cell; check shapes aloud. Report "
            "each result with `record_metric`, the chapter's main one with `headline=True`."
        ),
        code(
            "# Replace with the chapter's measured result.\n"
            'record_metric("epochs", EPOCHS, headline=True)'
        ),
        md(
            "Each finding the prose states is checked right after the cell that measures it, "
            "with `claim(name, holds, statement, **measured)`: at least three per chapter."
        ),
        code(
            "# Replace with the chapter's findings.\n"
            'claim("epochs_positive", EPOCHS > 0, "training runs for some epochs", epochs=EPOCHS)\n'
            'claim("fast_is_shorter", pick(10, 1) >= 1, "fast mode trains at least one epoch")\n'
            'claim("seeded", SEED == run_seed(), "the chapter is seeded from run_seed", seed=SEED)'
        ),
        md(f"{SUMMARY_HEADING}\n\n- What the learner saw, in one line each."),
        md(f"{EXERCISES_HEADING}\n\n1. An exercise that runs as written."),
        md(f"{READING_HEADING}\n\n- Author (year). *Title*. Venue. What to read it for."),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(nb, path)
    return path


VERSION_PATTERN = re.compile(r"^\d+\.\d+\.\d+$")
_BADGE = re.compile(r"(\[!\[Open In Colab\]\([^)]*\)\]\()([^)]*)(\))")


def point_badge(nb: Any, url: str) -> None:
    """Make the Colab badge in ``nb``'s first cell open ``url``."""
    if nb.cells and nb.cells[0].cell_type == "markdown":
        nb.cells[0].source = _BADGE.sub(
            lambda m: f"{m.group(1)}{url}{m.group(3)}", cell_source(nb.cells[0])
        )


def sync_notebooks(notebooks_dir: str | os.PathLike[str], ref: str = REF) -> list[Path]:
    """Rewrite every chapter's Colab badge and setup cell for ``ref``; the files it changed.

    The setup cell is the one that installs the package (whatever version of it the chapter
    has); only those two places change, so ``make release`` can move every chapter to a new
    version in one step.
    """
    import nbformat

    changed = []
    for path in sorted(Path(notebooks_dir).glob(NOTEBOOK_GLOB)):
        nb = nbformat.read(path, as_version=4)
        before = nbformat.writes(nb)
        edition = edition_of(path)
        point_badge(nb, colab_url(path.name, ref, folder=edition_dir(edition)))
        for cell in nb.cells:
            if cell.cell_type == "code" and _installs_something(cell_source(cell)):
                cell.source = setup_source(ref=ref, edition=edition).rstrip("\n")
                break
        if nbformat.writes(nb) != before:
            nbformat.write(nb, path)
            changed.append(path)
    return changed


def release(version: str, root: str | os.PathLike[str] = ".") -> list[Path]:
    """Make ``version`` the course's version: ``lstm_course/__init__.py`` and every chapter's
    badge and setup cell (``v<version>``), in both editions. The files it changed; the tag is
    for the publisher. (``make release`` then writes each edition's student edition, from the
    chapters this has just synced, into :func:`student_dir`: :func:`lstm_course.workshop.main`.)"""
    if VERSION_PATTERN.match(version) is None:
        raise ValueError(f"a version is three numbers, e.g. 0.2.0; got {version!r}")
    init = Path(root) / "lstm_course" / "__init__.py"
    text = init.read_text(encoding="utf-8")
    updated = re.sub(r'^__version__ = "[^"]*"$', f'__version__ = "{version}"', text, flags=re.M)
    changed = []
    if updated != text:
        init.write_text(updated, encoding="utf-8")
        changed.append(init)
    for edition in EDITIONS:
        folder = Path(root) / edition_dir(edition)
        if folder.is_dir():
            changed += sync_notebooks(folder, release_ref(version))
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """``new NN SLUG`` writes a chapter skeleton; ``check PATH...`` checks chapters;
    ``release X.Y.Z`` moves the version and every badge and setup cell to it."""
    parser = argparse.ArgumentParser(prog="python -m lstm_course.conventions")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="write a chapter skeleton that follows the conventions")
    new.add_argument("number", help="two digits, e.g. 11")
    new.add_argument("slug", help="lower-case words joined by underscores, e.g. text_generation")
    new.add_argument("--title", help="the chapter's title (default: from the slug)")
    new.add_argument("--notebooks", type=Path, default=Path(NOTEBOOKS_DIR))
    check = commands.add_parser("check", help="check chapter notebooks against the conventions")
    check.add_argument("paths", nargs="+", type=Path)
    bump = commands.add_parser("release", help="set the version; rewrite badges and setup cells")
    bump.add_argument("version", help="three numbers, e.g. 0.2.0")
    args = parser.parse_args(argv)
    if args.command == "release":
        try:
            changed = release(args.version)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        for path in changed:
            print(f"updated {path}")
        ref = release_ref(args.version)
        print(f"Now commit, tag the commit {ref} and push the tag: the notebooks install {ref}.")
        return 0
    if args.command == "new":
        try:
            path = new_chapter(args.notebooks, args.number, args.slug, args.title)
        except (ValueError, FileExistsError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(f"wrote {path}: it passes the checks; now write the chapter (CONTRIBUTING.md)")
        return 0
    failed = 0
    for path in args.paths:
        problems = check_notebook(path)
        failed += bool(problems)
        print(f"{path}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
        for problem in problems:
            print(f"  - {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
