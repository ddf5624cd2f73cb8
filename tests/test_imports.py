"""No import cycle anywhere in ``lstm_course``.

The graph is read from the source with :mod:`ast`, without importing anything: an edge goes from
a module to every module of the package that it imports, absolute (``import lstm_course.x``,
``from lstm_course.x import y``) or relative (``from .x import y``, ``from . import x``), at
module level or inside a function (a function-level import still runs, only later, and still
ties the two modules together). ``from package import name`` points at the submodule
``package.name`` when there is one, else at the package itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "lstm_course"
ROOT = Path(__file__).resolve().parents[1] / PACKAGE


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the package in folder ``root``: dotted name -> file (a package is its
    ``__init__.py``)."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name of ``from <level dots><target> import ...`` written in ``module``."""
    base = module.split(".")
    if not is_package:
        base = base[:-1]  # the package that holds the module
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of the package that ``module`` imports, anywhere in its file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                source = _resolve_relative(module, is_package, node.level, node.module)
            else:
                source = node.module or ""
            if source not in modules:
                continue
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                found.add(sub if sub in modules else source)
    found.discard(module)
    return found


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    modules = module_files(root)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as ``[a, b, ..., a]``, or None (depth-first search, three colours)."""
    state: dict[str, int] = {}  # absent: unseen, 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_graph_sees_every_kind_of_import():
    graph = import_graph()
    assert f"{PACKAGE}.datasets.splits" in graph[f"{PACKAGE}.datasets.results"]  # from .splits
    assert f"{PACKAGE}.plots" in graph[f"{PACKAGE}.seqplots"]  # from . import plots
    assert f"{PACKAGE}.course" in graph[f"{PACKAGE}.runner"]  # from lstm_course import course
    assert f"{PACKAGE}.hangul" in graph[f"{PACKAGE}.datasets.korean"]  # from ..hangul import
    assert f"{PACKAGE}.datasets.ner" in graph[f"{PACKAGE}.datasets"]  # the package's __init__


def test_find_cycle_names_the_cycle(tmp_path):
    pkg = tmp_path / "toy"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from .b import f\n")
    (pkg / "a.py").write_text("def g():\n    from toy.sub import b\n")  # function level
    (pkg / "sub" / "b.py").write_text("from ..a import g\n")
    (pkg / "c.py").write_text("import toy.a\n")
    graph = import_graph(pkg)
    assert graph["toy.a"] == {"toy.sub.b"} and graph["toy.c"] == {"toy.a"}
    assert find_cycle(graph) == ["toy.a", "toy.sub.b", "toy.a"]
    (pkg / "a.py").write_text("")
    assert find_cycle(import_graph(pkg)) is None


def test_no_import_cycle_in_the_package():
    cycle = find_cycle(import_graph())
    if cycle:
        pytest.fail("import cycle in lstm_course: " + " -> ".join(cycle))


def test_splits_imports_nothing_from_the_data_modules():
    graph = import_graph()
    assert graph[f"{PACKAGE}.datasets.splits"] == set()
