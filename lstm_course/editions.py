"""Keeping the Korean edition (한국어판) in step with the English one, code cell by code cell.

Each chapter ``notebooks/NN_slug.ipynb`` has a twin ``notebooks/ko/NN_slug.ipynb``. Their prose
is written for each language's readers, but their **code** is the same program: the same code
cells, in the same order, with the same tags. A twin may differ only in

* comments and docstrings;
* **display text**: the strings a learner reads and no code reads back: what ``print`` shows,
  a figure's ``title``, ``xlabel``, ``ylabel`` and ``label``, a claim's statement, a widget's
  ``description``, an error's message (see :data:`DISPLAY_KEYWORDS` and :data:`DISPLAY_CALLS`);
* the value given to ``LANGUAGE`` (``"en"`` or ``"ko"``), the one switch a chapter reads to
  choose its examples, such as a Korean sentence in place of an English one.

Everything else, names of metrics and claims included, must match, so that both editions
measure the same thing. :func:`compare_chapters` says which cells differ and shows how::

    python -m lstm_course.editions check          # every chapter that has a Korean twin
    python -m lstm_course.editions check 07       # one chapter
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lstm_course.conventions import (
    NOTEBOOK_GLOB,
    NOTEBOOKS_DIR,
    cell_source,
    edition_dir,
)

DISPLAY_KEYWORDS = frozenset(
    {
        "title",
        "suptitle",
        "xlabel",
        "ylabel",
        "zlabel",
        "label",
        "labels",
        "description",
        "statement",
        "caption",
        "placeholder",
        "header",
        "legend_title",
        "message",
        "colorbar_label",
        "event",
    }
)
"""Keyword arguments whose strings are display text wherever they are passed."""

DISPLAY_CALLS = frozenset(
    {
        "print",
        "display",
        "Markdown",
        "HTML",
        "set_title",
        "suptitle",
        "set_xlabel",
        "set_ylabel",
        "set_xticklabels",
        "set_yticklabels",
        "text",
        "annotate",
        "legend",
        "warn",
        "plot_heatmap",
    }
)
"""Functions and methods whose positional string arguments are all display text
(``plots.plot_heatmap(values, title)``: its only string is the title)."""

STATEMENT_ARGUMENT = {"claim": 2}
"""Calls with one display argument by position: ``claim(name, holds, statement, ...)``."""

SWITCH = "LANGUAGE"
"""The variable whose value names the edition (``LANGUAGE = "ko"``); it alone may differ."""

PLACEHOLDER = "…"


class _Blank(ast.NodeTransformer):
    """Replace display strings with :data:`PLACEHOLDER`, leaving the program's shape."""

    def _blank(self, node: ast.expr) -> ast.expr:
        """Blank every string in ``node``. An f-string keeps only its values, sorted, since a
        translation may put them in another order ("{n} words" is "단어 {n}개")."""
        if isinstance(node, ast.JoinedStr):
            parts = node.values
            values = sorted(ast.unparse(v) for v in parts if isinstance(v, ast.FormattedValue))
            return ast.Tuple([ast.Constant(PLACEHOLDER), *map(ast.Constant, values)], ast.Load())
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return ast.Constant(PLACEHOLDER)
        for field, value in ast.iter_fields(node):
            if isinstance(value, ast.expr):
                setattr(node, field, self._blank(value))
            elif isinstance(value, list):
                blanked = [self._blank(v) if isinstance(v, ast.expr) else v for v in value]
                setattr(node, field, blanked)
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in DISPLAY_CALLS:
            node.args = [self._blank(arg) for arg in node.args]
        position = STATEMENT_ARGUMENT.get(name)
        if position is not None and len(node.args) > position:
            node.args[position] = self._blank(node.args[position])
        for keyword in node.keywords:
            if keyword.arg in DISPLAY_KEYWORDS:
                keyword.value = self._blank(keyword.value)
        return node

    def visit_Raise(self, node: ast.Raise) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.exc, ast.Call):
            node.exc.args = [self._blank(arg) for arg in node.exc.args]
        return node

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            node.value.value = PLACEHOLDER  # a docstring or a bare string: read, not run
        return node

    def visit_Assign(self, node: ast.Assign) -> ast.AST:
        self.generic_visit(node)
        if any(isinstance(t, ast.Name) and t.id == SWITCH for t in node.targets):
            node.value = ast.Constant(PLACEHOLDER)
        return node


def code_skeleton(source: str) -> str:
    """The program of a code cell with its display text, comments and docstrings blanked out.

    Two cells whose skeletons are equal do the same thing. IPython lines (``%magic``,
    ``!shell``) are kept as they are. A cell that is not Python gives its source unchanged.
    """
    lines = source.splitlines()
    magics = [line for line in lines if line.lstrip().startswith(("%", "!"))]
    python = "\n".join("" if line in magics else line for line in lines)
    try:
        tree = ast.parse(python)
    except SyntaxError:
        return source
    return "\n".join([*magics, ast.unparse(_Blank().visit(tree))])


@dataclass
class CellDifference:
    """One code cell where the twins disagree."""

    position: int  # the n-th code cell (from 1) in both
    english_cell: int | None  # its index among all cells of the English chapter
    korean_cell: int | None
    reason: str
    diff: str = ""

    def __str__(self) -> str:
        where = f"code cell {self.position} (English cell {self.english_cell}, Korean cell "
        where += f"{self.korean_cell})"
        return f"{where}: {self.reason}" + (f"\n{self.diff}" if self.diff else "")


def _code_cells(nb: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    return [(i, c) for i, c in enumerate(nb.get("cells", [])) if c.get("cell_type") == "code"]


def _tags(cell: dict[str, Any]) -> list[str]:
    return sorted(cell.get("metadata", {}).get("tags", []))


def _headings(nb: dict[str, Any]) -> int:
    return sum(
        line.startswith("## ")
        for cell in nb.get("cells", [])
        if cell.get("cell_type") == "markdown"
        for line in cell_source(cell).splitlines()
    )


def compare_notebooks(english: dict[str, Any], korean: dict[str, Any]) -> list[CellDifference]:
    """Every code cell where ``korean`` is not the same program as ``english`` (parsed JSON),
    plus a difference in the number of code cells or of ``##`` sections; empty when in step."""
    differences = []
    ours, theirs = _code_cells(english), _code_cells(korean)
    for position, (en, ko) in enumerate(zip(ours, theirs, strict=False), start=1):
        (en_index, en_cell), (ko_index, ko_cell) = en, ko
        en_code, ko_code = code_skeleton(cell_source(en_cell)), code_skeleton(cell_source(ko_cell))
        if en_code != ko_code:
            diff = difflib.unified_diff(
                en_code.splitlines(), ko_code.splitlines(), "English", "Korean", lineterm="", n=1
            )
            differences.append(
                CellDifference(
                    position,
                    en_index,
                    ko_index,
                    "the code differs beyond display text, comments and LANGUAGE",
                    "\n".join(diff),
                )
            )
        elif _tags(en_cell) != _tags(ko_cell):
            reason = f"tags {_tags(en_cell)} in English, {_tags(ko_cell)} in Korean"
            differences.append(CellDifference(position, en_index, ko_index, reason))
    if len(ours) != len(theirs):
        longer, which = (ours, "English") if len(ours) > len(theirs) else (theirs, "Korean")
        index = longer[min(len(ours), len(theirs))][0]
        reason = (
            f"{len(ours)} code cells in English, {len(theirs)} in Korean: the {which} chapter "
            f"has more, from its cell {index} on"
        )
        position = min(len(ours), len(theirs)) + 1
        differences.append(
            CellDifference(
                position,
                index if which == "English" else None,
                index if which == "Korean" else None,
                reason,
            )
        )
    if _headings(english) != _headings(korean):
        differences.append(
            CellDifference(
                0,
                None,
                None,
                f"{_headings(english)} '##' sections in English, {_headings(korean)} in Korean",
            )
        )
    return differences


def twins(root: str | Path = ".") -> list[tuple[Path, Path]]:
    """Each English chapter with its Korean twin's path (which may not exist yet)."""
    root = Path(root)
    korean = root / edition_dir("ko")
    return [
        (path, korean / path.name) for path in sorted((root / NOTEBOOKS_DIR).glob(NOTEBOOK_GLOB))
    ]


def compare_chapters(english: str | Path, korean: str | Path) -> list[CellDifference]:
    """:func:`compare_notebooks` on two chapter files."""
    read = lambda path: json.loads(Path(path).read_text(encoding="utf-8"))  # noqa: E731
    return compare_notebooks(read(english), read(korean))


def main(argv: Sequence[str] | None = None) -> int:
    """``check [NN ...]``: compare each English chapter with its Korean twin."""
    parser = argparse.ArgumentParser(prog="python -m lstm_course.editions")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="are the Korean chapters' code cells in step?")
    check.add_argument("chapters", nargs="*", help="two-digit numbers; default: all")
    args = parser.parse_args(argv)
    failed = 0
    for english, korean in twins():
        if args.chapters and english.name[:2] not in args.chapters:
            continue
        if not korean.exists():
            print(f"{korean}: missing (no Korean twin of {english.name} yet)")
            failed += bool(args.chapters)
            continue
        differences = compare_chapters(english, korean)
        failed += bool(differences)
        print(f"{korean}: {'in step' if not differences else f'{len(differences)} difference(s)'}")
        for difference in differences:
            print("  - " + str(difference).replace("\n", "\n    "))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
