"""The course's conventions, in one place: what a chapter notebook looks like and what it reports.

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
   epochs through the same code path; its results reported with :func:`record_metric`;
   a cell that shows an error on purpose carries the tag ``raises-exception``;
4. a ``## Summary`` section, then a ``## Exercises`` section, last.

:func:`check_notebook` checks all of this; ``tests/test_notebooks.py`` runs it on every chapter.

:func:`record_metric` is how a notebook reports a number: it prints a line for the reader and,
when ``LSTM_COURSE_METRICS`` names a file (the course runner sets it for each chapter), merges the
metric into that JSON file, which the runner turns into its summary table.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO_URL = "https://github.com/lstm-course/lstm-course"
"""The repository's public address."""
BRANCH = "main"
"""The branch the Colab badges open and the Colab setup cell installs from."""
NOTEBOOKS_DIR = "notebooks"
"""Where the chapters live, relative to the repository root."""
NOTEBOOK_PATTERN = re.compile(r"^(?P<number>\d\d)_(?P<slug>[a-z0-9]+(?:_[a-z0-9]+)*)\.ipynb$")
"""A chapter's file name: ``NN_slug.ipynb``, the slug in lower case with underscores."""
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
"""The glob the runner and the tests use to find the chapters."""

COLAB_BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
GOALS_LINE = "**You will be able to:**"
TIME_LABEL = "**Time:**"
SUMMARY_HEADING = "## Summary"
EXERCISES_HEADING = "## Exercises"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

SETUP_CELL = f"""\
# Setup: on Colab, install the course package (Colab's own TensorFlow stays). Locally: nothing.
import sys

if "google.colab" in sys.modules:
    %pip install -q "lstm-course @ git+{REPO_URL}@{BRANCH}"
"""
"""The one setup cell every chapter has, character for character (give or take trailing space)."""

METRICS_ENV = "LSTM_COURSE_METRICS"
"""The environment variable that names the JSON file :func:`record_metric` writes to."""


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


def colab_url(notebook: str | os.PathLike[str]) -> str:
    """The address that opens the chapter ``notebook`` (a file name or path) on Colab."""
    name = Path(notebook).name
    repo = REPO_URL.removeprefix("https://github.com/")
    return f"https://colab.research.google.com/github/{repo}/blob/{BRANCH}/{NOTEBOOKS_DIR}/{name}"


def colab_badge(notebook: str | os.PathLike[str]) -> str:
    """The markdown "Open in Colab" badge of the chapter ``notebook``."""
    return f"[![Open In Colab]({COLAB_BADGE_IMAGE})]({colab_url(notebook)})"


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
# Reporting: record_metric
# --------------------------------------------------------------------------------------------


def record_metric(
    name: str, value: Any, *, headline: bool = False, higher_is_better: bool | None = None
) -> Any:
    """Report a chapter's result: print it, and record it for the course runner; return ``value``.

    ``value`` is a number (a Python, NumPy or backend scalar) or a short string. With
    ``headline=True`` this metric is the one the runner's table shows for the chapter (the last
    headline recorded wins). ``higher_is_better`` says which way is good (``None``: neither).
    When ``$LSTM_COURSE_METRICS`` names a file, the metric is merged into that JSON file::

        {"headline": "test_accuracy",
         "metrics": {"test_accuracy": {"value": 0.987, "higher_is_better": true}}}

    Recording the same name again replaces its value. Not-a-number and infinities are stored as
    ``null``. The file is replaced atomically, so a reader never sees half of it.
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"record_metric: the name must be a non-empty string, not {name!r}")
    number = _plain_value(value)
    print(_metric_line(name, number, headline, higher_is_better))
    path = os.environ.get(METRICS_ENV)
    if path:
        _merge_metric(Path(path), name, number, headline, higher_is_better)
    return value


def read_metrics(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The metrics file written by :func:`record_metric`; empty when it is missing or unreadable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"headline": None, "metrics": {}}
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        return {"headline": None, "metrics": {}}
    data.setdefault("headline", None)
    return data


def format_value(value: Any) -> str:
    """A metric value as the reader sees it: 4 significant digits for floats."""
    if value is None:
        return "nan"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _plain_value(value: Any) -> int | float | str | None:
    """``value`` as a JSON-ready Python scalar (``None`` for NaN and infinities)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, str)):
        return value
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:
        value = value.item()  # NumPy scalars and one-element arrays
        if isinstance(value, (bool, int)):
            return int(value)
    try:
        number = float(value)  # backend tensors and everything else float-like
    except (TypeError, ValueError):
        raise TypeError(
            f"record_metric: the value must be a number or a string, not {type(value).__name__}"
        ) from None
    return number if math.isfinite(number) else None


def _metric_line(name: str, value: Any, headline: bool, higher_is_better: bool | None) -> str:
    """The reader's line: ``[metric] test_accuracy = 0.9871  (headline, higher is better)``."""
    notes = []
    if headline:
        notes.append("headline")
    if higher_is_better is not None:
        notes.append("higher is better" if higher_is_better else "lower is better")
    suffix = f"  ({', '.join(notes)})" if notes else ""
    return f"[metric] {name} = {format_value(value)}{suffix}"


def _merge_metric(
    path: Path, name: str, value: Any, headline: bool, higher_is_better: bool | None
) -> None:
    """Merge one metric into the JSON file at ``path``, replacing the file atomically."""
    data = read_metrics(path)
    data["metrics"][name] = {"value": value, "higher_is_better": higher_is_better}
    if headline:
        data["headline"] = name
    write_json_atomic(path, {"headline": data["headline"], "metrics": data["metrics"]})


def write_json_atomic(path: Path, data: Any) -> None:
    """Write ``data`` as JSON to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------------------------
# Checking the conventions
# --------------------------------------------------------------------------------------------


def check_notebook(path: str | os.PathLike[str]) -> list[str]:
    """Every way the chapter file at ``path`` breaks the conventions; empty when it follows them."""
    path = Path(path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [f"cannot read the notebook: {error}"]
    return check_notebook_node(nb, path.name)


def check_notebook_node(nb: dict[str, Any], filename: str) -> list[str]:
    """Every way the notebook ``nb`` (parsed JSON), named ``filename``, breaks the conventions."""
    problems = _check_schema(nb)
    if problems:
        return problems
    cells = nb["cells"]
    if NOTEBOOK_PATTERN.match(filename) is None:
        problems.append(f"file name {filename!r} is not NN_slug.ipynb (lower-case slug)")
    problems += _check_stripped(cells)
    problems += _check_kernel(nb.get("metadata", {}))
    problems += _check_header(cells, filename)
    problems += _check_setup(cells)
    problems += _check_body(cells)
    problems += _check_ending(cells)
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


def _check_header(cells: list[dict[str, Any]], filename: str) -> list[str]:
    """The first cell: ``# NN · title``, the badge to this very file, goals, time needed."""
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
        problems.append(f"the first cell has no Colab badge: {colab_badge(filename)}")
    elif badges[0] != colab_url(filename):
        problems.append(f"the Colab badge opens {badges[0]}, not this file: {colab_url(filename)}")
    if not _has_goals(lines):
        problems.append(f"the first cell needs '{GOALS_LINE}' followed by a list of goals")
    if not any(_is_time_line(line) for line in lines):
        problems.append(f"the first cell needs the time needed: '{TIME_LABEL} about 45 minutes'")
    return problems


def _has_goals(lines: list[str]) -> bool:
    """The goals line, then (after blank lines) at least one list item."""
    for index, line in enumerate(lines):
        if line.strip().lower() == GOALS_LINE.lower():
            rest = [item for item in lines[index + 1 :] if item.strip()]
            return bool(rest) and re.match(r"^\s*([-*+]|\d+\.)\s+\S", rest[0]) is not None
    return False


def _is_time_line(line: str) -> bool:
    """``**Time:** about 45 minutes`` (any wording with a number and a unit of time)."""
    if not line.startswith(TIME_LABEL):
        return False
    return re.search(r"\d+\s*(minutes?|mins?|hours?|h)\b", line, re.IGNORECASE) is not None


def _check_setup(cells: list[dict[str, Any]]) -> list[str]:
    """Exactly one setup cell, :data:`SETUP_CELL`, and it is the first code cell."""
    code = [(index, cell) for index, cell in enumerate(cells) if cell.get("cell_type") == "code"]
    installers = [index for index, cell in code if _installs_something(cell_source(cell))]
    canonical = SETUP_CELL.strip()
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


def _check_body(cells: list[dict[str, Any]]) -> list[str]:
    """The lesson seeds its randomness and records at least one metric."""
    code = "\n".join(cell_source(c) for c in cells if c.get("cell_type") == "code")
    problems = []
    if re.search(r"\bset_seed\(", code) is None:
        problems.append("no code cell calls set_seed(...) (lstm_course.config): fix the seeds")
    if re.search(r"\brecord_metric\(", code) is None:
        problems.append("no code cell calls record_metric(...) (lstm_course.course)")
    return problems


def _check_ending(cells: list[dict[str, Any]]) -> list[str]:
    """The last two ``##`` sections are ``## Summary`` then ``## Exercises``, neither empty."""
    sections = _sections(cells)
    names = [heading for heading, _ in sections]
    expected = f"the chapter must end with '{SUMMARY_HEADING}' then '{EXERCISES_HEADING}'"
    if len(names) < 2 or not (
        names[-2].startswith(SUMMARY_HEADING) and names[-1].startswith(EXERCISES_HEADING)
    ):
        found = ", ".join(repr(n) for n in names[-2:]) or "no '##' headings"
        return [f"{expected} (last sections: {found})"]
    problems = []
    if not sections[-2][1].strip():
        problems.append(f"the '{SUMMARY_HEADING}' section is empty")
    if re.search(r"^\s*([-*+]|\d+\.)\s+\S|^###\s+\S", sections[-1][1], re.MULTILINE) is None:
        problems.append(f"the '{EXERCISES_HEADING}' section has no exercise (a list item or ###)")
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
