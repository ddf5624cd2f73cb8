"""The workshop kit, built from the chapter notebooks: student and instructor editions.

One source, two editions. A chapter marks a cell's role with a cell tag (``metadata.tags``):

``solution``
    a model answer. In the **student edition** a code cell becomes a stub that assigns ``...``
    to every name the solution defines (so the checks say "not attempted", and the notebook
    still runs top to bottom); a markdown cell becomes "*Your answer here.*". In the
    **instructor edition** it stays.
``instructor-note``
    what to say, how long it takes, the mistakes the checks see most. Kept in the instructor
    edition, dropped from the student edition.
``going-further``
    a section beyond the chapter's core path: in both editions, and left out of the core time.

:func:`student_edition` and :func:`instructor_edition` turn one notebook into the other; the
``make workshop`` target writes every chapter's editions under ``build/workshop/``.
"""

from __future__ import annotations

import argparse
import ast
import copy
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SOLUTION = "solution"
INSTRUCTOR_NOTE = "instructor-note"
GOING_FURTHER = "going-further"
ROLE_TAGS = (SOLUTION, INSTRUCTOR_NOTE, GOING_FURTHER)

STUDENT_MARKDOWN = "*Your answer here.*"
STUB_COMMENT = "# your answer: replace the ... and run this cell"

__all__ = [
    "GOING_FURTHER",
    "INSTRUCTOR_NOTE",
    "ROLE_TAGS",
    "SOLUTION",
    "defined_names",
    "instructor_edition",
    "solution_stub",
    "student_edition",
]


def tags(cell: dict[str, Any]) -> list[str]:
    """A cell's tags (none when it has no metadata)."""
    return list(cell.get("metadata", {}).get("tags", []))


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def defined_names(code: str) -> list[str]:
    """The names a solution cell defines at its top level, in order: assignments, functions,
    classes (``x = ...``, ``a, b = ...``, ``def f(...)``).

    Raises ``ValueError`` for code that does not parse, naming the error.
    """
    try:
        tree = ast.parse(code)
    except SyntaxError as error:
        raise ValueError(
            f"a solution cell does not parse: {error.msg} (line {error.lineno})"
        ) from None
    names: list[str] = []

    def add(target: ast.AST) -> None:
        if isinstance(target, ast.Name):
            names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                add(element)

    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                add(target)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            add(node.target)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
    return list(dict.fromkeys(names))


def solution_stub(code: str) -> str:
    """The student's version of a solution cell: its leading comments, then ``name = ...`` for
    every name the solution defines. A solution that defines nothing becomes a comment only."""
    comments = []
    for line in code.splitlines():
        if line.startswith("#"):
            comments.append(line)
        elif line.strip():
            break
    names = defined_names(code)
    stub = [*comments, STUB_COMMENT] if names else [*comments, "# your code here"]
    stub += [f"{name} = ..." for name in names]
    return "\n".join(stub)


def _clean(cell: dict[str, Any]) -> dict[str, Any]:
    cell = copy.deepcopy(cell)
    if cell.get("cell_type") == "code":
        cell["outputs"] = []
        cell["execution_count"] = None
    return cell


def student_edition(nb: dict[str, Any]) -> dict[str, Any]:
    """The notebook with every solution replaced by a stub and every instructor note dropped."""
    student = copy.deepcopy(nb)
    cells = []
    for cell in student["cells"]:
        role = tags(cell)
        if INSTRUCTOR_NOTE in role:
            continue
        if SOLUTION in role:
            cell = _clean(cell)
            if cell["cell_type"] == "code":
                cell["source"] = solution_stub(_source(cell))
            else:
                cell["source"] = STUDENT_MARKDOWN
            cell["metadata"].get("jupyter", {}).pop("source_hidden", None)
        cells.append(cell)
    student["cells"] = cells
    student["metadata"].setdefault("lstm_course", {})["edition"] = "student"
    return student


def instructor_edition(nb: dict[str, Any]) -> dict[str, Any]:
    """The notebook as it is, solutions and notes in place, the solutions shown (not collapsed)."""
    instructor = copy.deepcopy(nb)
    for cell in instructor["cells"]:
        if SOLUTION in tags(cell):
            cell.get("metadata", {}).get("jupyter", {}).pop("source_hidden", None)
    instructor["metadata"].setdefault("lstm_course", {})["edition"] = "instructor"
    return instructor


def write_editions(notebooks: Sequence[Path], out_dir: Path) -> list[Path]:
    """Write ``out_dir/student/NN_slug.ipynb`` and ``out_dir/instructor/NN_slug.ipynb``."""
    import nbformat

    written = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for edition, make in (("student", student_edition), ("instructor", instructor_edition)):
            target = out_dir / edition / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nbformat.from_dict(make(nb)), target)
            written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lstm_course.workshop", description="Build the workshop kit."
    )
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"))
    parser.add_argument("--out", type=Path, default=Path("build/workshop"))
    args = parser.parse_args(argv)
    from lstm_course.runner import find_chapters

    chapters = find_chapters(args.notebooks)
    if not chapters:
        print(f"no chapters (NN_slug.ipynb) in {args.notebooks}", file=sys.stderr)
        return 1
    written = write_editions(chapters, args.out)
    print(f"workshop: {len(written)} notebooks in {args.out}/student and {args.out}/instructor")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
