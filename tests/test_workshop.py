"""The workshop editions: solutions stubbed for students, kept for instructors."""

from __future__ import annotations

import nbformat
import pytest

from lstm_course import workshop


def cell(kind: str, source: str, *cell_tags: str, hidden: bool = False) -> dict:
    made = (nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell)(source)
    if cell_tags:
        made.metadata["tags"] = list(cell_tags)
    if hidden:
        made.metadata["jupyter"] = {"source_hidden": True}
    return made


def chapter() -> dict:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        cell("markdown", "## Exercises\n\n1. Compute the forget gate by hand."),
        cell(
            "code",
            "# f_t = sigmoid(x_t W_xf + h_{t-1} W_hf + b_f)\nz = x @ W_xf + h @ W_hf + b_f\n"
            "forget_by_hand = 1 / (1 + np.exp(-z))",
            "solution",
            hidden=True,
        ),
        cell("code", "ex.q1.check()"),
        cell("markdown", "Say that most learners forget the bias.", "instructor-note"),
        cell("markdown", "The memory fades because f < 1.", "solution"),
        cell("code", "def gate(z):\n    return 1 / (1 + np.exp(-z))\n", "solution"),
        cell("markdown", "## Going further: ours against Keras", "going-further"),
    ]
    return nb


def test_defined_names_reads_assignments_functions_and_tuples() -> None:
    code = "a = 1\nb, (c, d) = 2, (3, 4)\ne: int = 5\ndef f():\n    g = 1\nclass K: ...\na += 1"
    assert workshop.defined_names(code) == ["a", "b", "c", "d", "e", "f", "K"]
    with pytest.raises(ValueError, match=r"a solution cell does not parse: .* \(line 1\)"):
        workshop.defined_names("x = = 1")


def test_the_student_edition_stubs_solutions_and_drops_notes() -> None:
    student = workshop.student_edition(chapter())
    sources = [c.source for c in student.cells]
    assert sources[1] == (
        "# f_t = sigmoid(x_t W_xf + h_{t-1} W_hf + b_f)\n"
        "# your answer: replace the ... and run this cell\n"
        "z = ...\nforget_by_hand = ..."
    )
    assert "Say that most learners" not in "".join(sources)
    assert sources[3] == workshop.STUDENT_MARKDOWN
    assert sources[4].endswith("gate = ...")
    assert sources[2] == "ex.q1.check()" and sources[-1].startswith("## Going further")
    assert "source_hidden" not in student.cells[1].metadata.get("jupyter", {})
    assert student.metadata["lstm_course"]["edition"] == "student"


def test_the_instructor_edition_keeps_everything_and_shows_solutions() -> None:
    source = chapter()
    instructor = workshop.instructor_edition(source)
    assert [c.source for c in instructor.cells] == [c.source for c in source.cells]
    assert "source_hidden" not in instructor.cells[1].metadata["jupyter"]
    assert source.cells[1].metadata["jupyter"]["source_hidden"] is True  # the source is untouched


def test_write_editions_writes_both(tmp_path) -> None:
    path = tmp_path / "07_forget_gate.ipynb"
    nbformat.write(nbformat.from_dict(chapter()), path)
    written = workshop.write_editions([path], tmp_path / "out")
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in written) == [
        "instructor/07_forget_gate.ipynb",
        "student/07_forget_gate.ipynb",
    ]
    student = nbformat.read(tmp_path / "out" / "student" / path.name, as_version=4)
    nbformat.validate(student)


def test_external_references_finds_web_scripts_styles_fonts_and_imports(tmp_path) -> None:
    (tmp_path / "local.css").write_text(
        "@import url(https://fonts.example.org/css?family=Lato);\nbody { }"
    )
    page = tmp_path / "deck.html"
    page.write_text(
        '<script src="lib/reveal.js"></script>\n'
        '<script src="https://cdn.example.org/require.js"></script>\n'
        '<link rel="stylesheet" href="//cdn.example.org/theme.css">\n'
        '<link rel="stylesheet" href="local.css">\n'
        "<style>@font-face { src: url('https://fonts.example.org/a.woff'); }</style>\n"
        "<script type=\"module\">import m from 'https://cdn.example.org/m.mjs';</script>\n"
        '<a href="https://example.org/paper">a link is not a fetch</a>'
    )
    assert sorted(workshop.external_references(page)) == [
        "deck.html: //cdn.example.org/theme.css",
        "deck.html: https://cdn.example.org/m.mjs",
        "deck.html: https://cdn.example.org/require.js",
        "deck.html: https://fonts.example.org/a.woff",
        "local.css: https://fonts.example.org/css?family=Lato",
    ]


def test_a_deck_skips_unmarked_cells_and_refuses_a_chapter_with_no_slide() -> None:
    nb = chapter()
    with pytest.raises(ValueError, match="no cell is marked for the slides"):
        workshop.slide_deck(nb)
    nb.cells[0].metadata["slideshow"] = {"slide_type": "slide"}
    nb.cells[0].source = "# 07 · Title\n[![Open In Colab](https://x/badge.svg)](https://x/07)\n"
    deck = workshop.slide_deck(nb)
    assert deck.cells[0].source == "# 07 · Title\n"  # no image from the web on a slide
    assert [c.metadata["slideshow"]["slide_type"] for c in deck.cells][:2] == ["slide", "skip"]
    nb.cells[1].metadata["slideshow"] = {"slide_type": "big"}
    with pytest.raises(ValueError, match="slide_type must be one of"):
        workshop.slide_deck(nb)


@pytest.mark.needs_index
def test_slides_work_offline_with_math_and_figures(tmp_path) -> None:
    import base64

    nb = nbformat.v4.new_notebook()
    title = cell(
        "markdown", "# 07 · The forget gate (망각 게이트)\n\n$$f_t = \\sigma(x_t W_{xf} + b_f)$$"
    )
    figure = cell("code", "plot()")
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 64).decode()
    figure.outputs = [nbformat.v4.new_output("display_data", data={"image/png": png})]
    for marked in (title, figure):
        marked.metadata["slideshow"] = {"slide_type": "slide"}
    nb.cells = [title, cell("markdown", "not on a slide"), figure]
    path = tmp_path / "07_forget_gate.ipynb"
    nbformat.write(nb, path)

    (deck,) = workshop.write_slides([path], tmp_path / "slides")
    html = deck.read_text()
    assert deck.name == "07_forget_gate.slides.html"
    assert workshop.external_references(deck) == []
    assert "not on a slide" not in html and "plot()" not in html  # skipped cell, no code
    assert f"data:image/png;base64,{png}" in html and "W_{xf}" in html
    assert (tmp_path / "slides" / "lib" / "mathjax" / "MathJax.js").is_file()
    assert (tmp_path / "slides" / "lib" / "reveal.js" / "dist" / "reveal.js").is_file()
    assert "url('lib/fonts/hangul.woff')" in html  # Hangul without a Korean font installed
    font = tmp_path / "slides" / "lib" / "fonts" / "hangul.woff"
    assert font.read_bytes()[:4] == b"wOFF"  # a subset browsers accept, not the raw .ttf


def test_the_classroom_pack_holds_notebooks_wheels_data_and_a_readme(tmp_path, monkeypatch):
    import tarfile

    student = tmp_path / "student"
    student.mkdir()
    nbformat.write(workshop.student_edition(chapter()), student / "07_forget_gate.ipynb")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "requirements.txt").write_text("keras>=3.12\n")
    calls = []

    def fake_pip(*args):
        calls.append(args)
        wheels = tmp_path / "out" / "classroom-pack" / "wheels"
        wheels.mkdir(parents=True, exist_ok=True)
        (wheels / f"pkg{len(calls)}-1.0-py3-none-any.whl").write_bytes(b"PK")

    def fake_fill(data_dir):
        (data_dir / "sms_spam").mkdir(parents=True)
        (data_dir / "sms_spam" / "spam.csv").write_text("label,text\n")
        return ["sms_spam"]

    monkeypatch.setattr(workshop, "_pip", fake_pip)
    monkeypatch.setattr(workshop, "fill_data_cache", fake_fill)
    archive = workshop.classroom_pack(student, tmp_path / "out", repo)

    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        readme = tar.extractfile("classroom-pack/README.md").read().decode()
    assert {
        "classroom-pack/notebooks/07_forget_gate.ipynb",
        "classroom-pack/requirements.txt",
        "classroom-pack/data/sms_spam/spam.csv",
        "classroom-pack/wheels/pkg1-1.0-py3-none-any.whl",
    } <= names
    assert "pip install --no-index --find-links wheels -r requirements.txt lstm-course" in readme
    assert "LSTM_COURSE_OFFLINE=1" in readme and "the cached data sets (sms_spam)" in readme
    assert [c[0] for c in calls] == ["wheel", "wheel"]
    assert not (tmp_path / "out" / "classroom-pack").exists()  # only the archive is left


def test_the_command_line_without_a_course_run_says_what_to_run(tmp_path, capsys) -> None:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(nbformat.from_dict(chapter()), notebooks / "07_forget_gate.ipynb")
    code = workshop.main(
        [
            "--notebooks",
            str(notebooks),
            "--build-dir",
            str(tmp_path / "empty"),
            "--out",
            str(tmp_path / "out"),
            "--no-pack",
        ]
    )
    assert code == 1
    assert "run `make course` (or `make course FAST=1`) first" in capsys.readouterr().err
    assert (tmp_path / "out" / "student" / "07_forget_gate.ipynb").is_file()
