"""The workshop editions: solutions stubbed for students, kept for instructors."""

from __future__ import annotations

import nbformat
import pytest

from lstm_course import conventions, workshop


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


# --------------------------------------------------------------------------------------------
# The Korean edition (한국어판): the same tags, its own words, its own folders
# --------------------------------------------------------------------------------------------

BADGE = "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"


def korean_chapter() -> dict:
    """The fixture chapter's Korean twin: its header has a badge, its prose is Korean."""
    nb = chapter()
    nb.cells.insert(0, cell("markdown", f"# 07 · 망각 게이트\n\n{BADGE}(https://x/07.ipynb)"))
    nb.cells[1].source = "## 연습 문제\n\n1. 망각 게이트를 손으로 계산하세요."
    return nb


def test_the_korean_student_edition_speaks_korean_and_opens_its_own_folder() -> None:
    student = workshop.student_edition(korean_chapter(), "07_forget_gate.ipynb", "v9.8.7", "ko")
    sources = [c.source for c in student.cells]
    assert sources[0].endswith(
        "(https://colab.research.google.com/github/lstm-course/lstm-course/blob/v9.8.7/"
        "workshop/student/ko/07_forget_gate.ipynb)"
    )
    assert sources[2].splitlines()[1:] == [
        "# 여러분의 답: ... 자리를 채우고 이 셀을 실행하세요",
        "z = ...",
        "forget_by_hand = ...",
    ]
    assert sources[4] == "*여기에 답을 쓰세요.*"
    assert workshop.solution_stub("print(1)", "ko") == "# 여기에 코드를 쓰세요"
    assert "강사" not in "".join(sources) and "Say that most learners" not in "".join(sources)
    english = workshop.student_edition(korean_chapter(), "07_forget_gate.ipynb", "v9.8.7")
    assert "/blob/v9.8.7/workshop/student/07_forget_gate.ipynb)" in english.cells[0].source
    with pytest.raises(ValueError, match="edition 'ja': expected one of en, ko"):
        workshop.student_edition(korean_chapter(), edition="ja")
    assert conventions.student_dir("ko") == "workshop/student/ko"
    with pytest.raises(ValueError, match="edition 'ja': expected one of en, ko"):
        conventions.student_dir("ja")


def test_the_korean_slides_say_their_language() -> None:
    nb = korean_chapter()
    nb.cells[0].metadata["slideshow"] = {"slide_type": "slide"}
    deck = nbformat.from_dict(workshop.slide_deck(nb))
    korean, _ = workshop._slides_exporter("lib", "ko").from_notebook_node(deck)
    english, _ = workshop._slides_exporter("lib").from_notebook_node(deck)
    assert '<html lang="ko">' in korean and '<html lang="en">' in english
    assert "망각 게이트" in korean and "colab-badge" not in korean
    assert f"import mermaid from '{workshop.MERMAID_NONE}'" in korean  # loads from file:// too


def write_korean_course(root) -> None:
    """Chapters 07 and 08 in ``root/notebooks/``, and their Korean twins in ``notebooks/ko/``."""
    (root / "notebooks" / "ko").mkdir(parents=True)
    english = korean_chapter()
    english.cells[0].source = f"# 07 · The forget gate\n\n{BADGE}(https://x/07.ipynb)"
    for name in ("07_forget_gate.ipynb", "08_input_gate.ipynb"):
        nbformat.write(nbformat.from_dict(english), root / "notebooks" / name)
        nbformat.write(nbformat.from_dict(korean_chapter()), root / "notebooks" / "ko" / name)


def test_the_korean_kit_goes_to_its_own_folder_from_the_korean_run(
    tmp_path, monkeypatch, capsys
) -> None:
    write_korean_course(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert workshop.main(["--edition", "ko", "--no-pack"]) == 1  # no Korean run in build/ko/
    err = capsys.readouterr().err
    assert "no executed chapters in build/ko for the slides" in err
    assert "run `make course LANG=ko` (or `make course FAST=1 LANG=ko`) first" in err
    kit = tmp_path / "build" / "workshop" / "ko"
    assert sorted(p.relative_to(kit).as_posix() for p in kit.rglob("*.ipynb")) == [
        "instructor/07_forget_gate.ipynb",
        "instructor/08_input_gate.ipynb",
        "student/07_forget_gate.ipynb",
        "student/08_input_gate.ipynb",
    ]
    student = nbformat.read(kit / "student" / "08_input_gate.ipynb", 4)
    instructor = nbformat.read(kit / "instructor" / "08_input_gate.ipynb", 4)
    assert "workshop/student/ko/08_input_gate.ipynb" in student.cells[0].source
    assert "*여기에 답을 쓰세요.*" in [c.source for c in student.cells]
    assert "망각 게이트를 손으로" in instructor.cells[1].source
    assert not (tmp_path / "build/workshop/student").exists()  # the English kit is not touched

    assert workshop.main(["--edition", "ko", "--no-pack", "--no-slides"]) == 0
    guide = (tmp_path / "build/workshop/ko/TIMING.md").read_text(encoding="utf-8")
    assert guide.startswith("# 시간 안내 (한국어판)")


def test_release_writes_the_student_edition_of_both_editions(tmp_path, monkeypatch, capsys):
    write_korean_course(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert workshop.main(["--release", "9.8.7"]) == 0
    english = (tmp_path / "workshop/student/07_forget_gate.ipynb").read_text(encoding="utf-8")
    korean = (tmp_path / "workshop/student/ko/07_forget_gate.ipynb").read_text(encoding="utf-8")
    assert "/blob/v9.8.7/workshop/student/07_forget_gate.ipynb)" in english
    assert "/blob/v9.8.7/workshop/student/ko/07_forget_gate.ipynb)" in korean
    assert "여기에 답을 쓰세요" in korean and "Your answer here" in english
    said = capsys.readouterr().out
    assert "the en student edition in workshop/student/ (2 changed)" in said
    assert "the ko student edition in workshop/student/ko/ (2 changed)" in said
    assert workshop.main(["--release", "9.8.7"]) == 0
    assert "(0 changed)" in capsys.readouterr().out  # nothing left to change

    monkeypatch.chdir(tmp_path / "workshop")  # no notebooks/ here
    assert workshop.main(["--release", "9.8.7"]) == 1
    assert "run this from the repository's root" in capsys.readouterr().err


def test_the_korean_pack_holds_the_korean_student_edition(tmp_path, monkeypatch) -> None:
    import tarfile

    student = tmp_path / "student"
    student.mkdir()
    made = workshop.student_edition(korean_chapter(), edition="ko")
    nbformat.write(made, student / "07_forget_gate.ipynb")
    (tmp_path / "requirements.txt").write_text("keras>=3.12\n")
    monkeypatch.setattr(workshop, "_pip", lambda *args: None)
    monkeypatch.setattr(workshop, "fill_data_cache", lambda data_dir: [])
    archive = workshop.classroom_pack(student, tmp_path / "out", tmp_path, edition="ko")
    with tarfile.open(archive) as tar:
        readme = tar.extractfile("classroom-pack/README.md").read().decode()
        notebook = tar.extractfile("classroom-pack/notebooks/07_forget_gate.ipynb").read()
    assert "`ex.q1.check()` checks them), in Korean (한국어판);" in readme
    assert "여기에 답을 쓰세요" in notebook.decode()


def test_the_hangul_font_is_one_a_browser_accepts(tmp_path) -> None:
    """Chromium and Firefox refuse a web font with an empty table (NanumGothic's ``TSI3``) and
    then draw boxes for Hangul: the copy beside the slides is a subset without one, holding the
    Hangul the decks use; no Hangul, no font."""
    from fontTools.ttLib import TTFont

    assert workshop.hangul_font(tmp_path / "none", ["no Korean here"]) == ""
    css = workshop.hangul_font(tmp_path / "lib", ["# 07 · 망각 게이트", "한국어 글꼴"])
    font = TTFont(tmp_path / "lib" / "fonts" / "hangul.woff")
    assert not [tag for tag in font.reader.tables if tag.startswith("TSI")]
    assert all(font.reader.tables[tag].length > 0 for tag in font.reader.tables)
    assert {ord(c) for c in "망각 게이트한국어글꼴" if c != " "} <= set(font.getBestCmap())
    assert "url('lib/fonts/hangul.woff')" in css
    assert "var(--jp-code-font-family-default, monospace), 'NanumGothic'" in css  # printed text
