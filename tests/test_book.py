"""The website (``make book``): pages made from a course run's executed notebooks.

A run's folder is made by hand here, from the runner's tiny fixture notebooks
(``tests/fixtures/runner/``) with outputs written in, and a ``summary.json`` from
:func:`lstm_course.report.write_summary`: no kernel starts. Most tests check the pages' source
(``assemble``); the ones that run Sphinx need ``requirements-book.txt`` (``make test-book``).
The Korean edition's run (``build/ko/``, ``notebooks/ko/``) is made the same way.
"""

from __future__ import annotations

import base64
import json
import posixpath
import re
import shutil
import struct
import zlib
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest

from lstm_course import book, report

FIXTURES = Path(__file__).parent / "fixtures" / "runner"
ROOT = Path(__file__).resolve().parents[1]
NOISE = (
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
    "I0000 00:00:1796023849.817329    7216 port.cc:153] oneDNN custom operations are on.\n"
    "I0000 00:00:1796023849.844062    7216 cudart_stub.cc:31] Could not find cuda drivers on "
    "your machine, GPU will not be used.\n"
    "To enable the following instructions: AVX2 FMA, in other operations, rebuild TensorFlow "
    "with the appropriate compiler flags.\n"
)
A_WARNING = "/tmp/x.py:3: RuntimeWarning: Mean of empty slice\n"


def tiny_png() -> str:
    """A 1x1 PNG, base64, as a notebook's ``image/png`` output holds it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    png += chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")
    return base64.b64encode(png).decode()


def executed(fixture: str, outputs: list[dict]) -> nbformat.NotebookNode:
    """The fixture notebook with ``outputs`` in its last code cell, as the runner saves it."""
    nb = nbformat.read(FIXTURES / fixture, as_version=4)
    last = [cell for cell in nb.cells if cell.cell_type == "code"][-1]
    last.outputs = [nbformat.from_dict(output) for output in outputs]
    return nb


def badge(name: str) -> str:
    """The header cell's Colab badge, as ``conventions`` writes it."""
    return book.conventions.colab_badge(f"{name}.ipynb")


@pytest.fixture
def run_dir(tmp_path: Path) -> tuple[Path, Path]:
    """``notebooks/`` with chapters 01-04 and ``build/`` with what a run left: 01 ran, 03
    failed, 02 is from an earlier run (not in the summary), 04 never ran."""
    notebooks, build = tmp_path / "notebooks", tmp_path / "build"
    notebooks.mkdir()
    build.mkdir()
    for fixture, name in [
        ("01_hello.ipynb", "01_hello"),
        ("02_second.ipynb", "02_second"),
        ("broken.ipynb", "03_broken"),
        ("02_second.ipynb", "04_new"),
    ]:
        nb = nbformat.read(FIXTURES / fixture, as_version=4)
        nb.cells[0].source = f"# {name[:2]} · {name[3:]}\n\n{badge(name)}\n\nWhat it does."
        nbformat.write(nb, notebooks / f"{name}.ipynb")
    figure = {"output_type": "display_data", "data": {"image/png": tiny_png()}, "metadata": {}}
    noise = {"output_type": "stream", "name": "stderr", "text": NOISE + A_WARNING}
    said = {"output_type": "stream", "name": "stdout", "text": "mean 4.5\n"}
    error = {
        "output_type": "error",
        "ename": "ZeroDivisionError",
        "evalue": "division by zero",
        "traceback": ["ZeroDivisionError: division by zero"],
    }
    for name, outputs in [
        ("01_hello", [noise, said, figure, figure]),
        ("02_second", [said]),
        ("03_broken", [error]),
    ]:
        nb = executed(f"{name}.ipynb" if name != "03_broken" else "broken.ipynb", outputs)
        nb.cells[0].source = (
            nbformat.read(notebooks / f"{name}.ipynb", as_version=4).cells[0].source
        )
        nbformat.write(nb, build / f"{name}.ipynb")
    failure = report.CellFailure(3, "ratio = x / 0", "ZeroDivisionError", "division by zero")
    results = [
        report.ChapterResult("01_hello.ipynb", report.OK, 1.0, "mean", {"mean": {"value": 4.5}}),
        report.ChapterResult("03_broken.ipynb", report.FAILED, 1.0, failure=failure),
        report.ChapterResult("04_new.ipynb", report.SKIPPED),
    ]
    report.write_summary(results, build, fast=True, started=datetime.now(timezone.utc))
    return notebooks, build


KOREAN_TITLES = {"01_hello": "안녕", "03_broken": "고장 난 장"}


@pytest.fixture
def korean_run_dir(run_dir: tuple[Path, Path]) -> tuple[Path, Path]:
    """``run_dir`` with a Korean run beside it: ``notebooks/ko/`` holds 01 and 03 (02 and 04 are
    English only), ``build/ko/`` what ``make course LANG=ko FAST=1`` left: 01 ran, 03 failed."""
    notebooks, build = run_dir
    (notebooks / "ko").mkdir()
    (build / "ko").mkdir()
    for name, title in KOREAN_TITLES.items():
        nb = nbformat.read(notebooks / f"{name}.ipynb", as_version=4)
        ko_badge = book.conventions.colab_badge(f"{name}.ipynb", edition="ko")
        nb.cells[0].source = f"# {name[:2]} · {title}\n\n{ko_badge}\n\n하는 일."
        nbformat.write(nb, notebooks / "ko" / f"{name}.ipynb")
        ran = nbformat.read(build / f"{name}.ipynb", as_version=4)
        ran.cells[0].source = nb.cells[0].source
        nbformat.write(ran, build / "ko" / f"{name}.ipynb")
    failure = report.CellFailure(3, "ratio = x / 0", "ZeroDivisionError", "division by zero")
    results = [
        report.ChapterResult("01_hello.ipynb", report.OK, 1.0, "mean", {"mean": {"value": 4.5}}),
        report.ChapterResult("03_broken.ipynb", report.FAILED, 1.0, failure=failure),
    ]
    report.write_summary(results, build / "ko", fast=True, started=datetime.now(timezone.utc))
    return notebooks, build


def assemble(run_dir: tuple[Path, Path], tmp_path: Path) -> tuple[dict, Path]:
    """The site's source for ``run_dir`` (no MathJax, no font), with its Korean edition where
    it has a Korean run; the manifest and the folder."""
    notebooks, build = run_dir
    run = book.read_run(build, notebooks)
    staging = tmp_path / "book-src"
    manifest = book.assemble(
        run,
        staging,
        readme=ROOT / "README.md",
        data_cards=ROOT / "datasets" / "README.md",
        static=False,
        korean=book.read_korean(build, notebooks),
    )
    return manifest, staging


def page(staging: Path, name: str, edition: str = "") -> nbformat.NotebookNode:
    folder = staging / edition / "chapters"
    return nbformat.read(folder / f"{name}.ipynb", as_version=4)


def text_of(nb: nbformat.NotebookNode) -> str:
    return json.dumps(nb, ensure_ascii=False)


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


def test_no_executed_notebooks_says_which_command_to_run_first(tmp_path: Path, capsys) -> None:
    (tmp_path / "build").mkdir()
    status = book.main(["--build-dir", str(tmp_path / "build"), "--out", str(tmp_path / "site")])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1, err
    assert err.startswith("error: no executed notebooks in ")
    assert "run `make course` (or `make course FAST=1`, a quick run) first" in err
    assert not (tmp_path / "site").exists()


def test_executed_notebooks_without_a_summary_ask_for_a_run_too(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "01_hello.ipynb", tmp_path / "01_hello.ipynb")
    with pytest.raises(book.NoRunError, match=r"no summary.json in .*: run `make course`"):
        book.read_run(tmp_path, tmp_path / "notebooks")


def test_an_unreadable_summary_says_to_run_the_course_again(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "01_hello.ipynb", tmp_path / "01_hello.ipynb")
    (tmp_path / "summary.json").write_text("{cut off")
    with pytest.raises(book.NoRunError, match=r"cannot be read .*run `make course` again"):
        book.read_run(tmp_path, tmp_path / "notebooks")


# --------------------------------------------------------------------------------------------
# The chapters: found, in order, each with how it fared
# --------------------------------------------------------------------------------------------


def test_chapters_are_found_in_both_folders_in_order_with_their_status(run_dir) -> None:
    run = book.read_run(run_dir[1], run_dir[0])
    assert [(c.name, c.status) for c in run.chapters] == [
        ("01_hello", "ok"),
        ("02_second", book.EARLIER),
        ("03_broken", "FAILED"),
        ("04_new", book.NOT_RUN),
    ]
    assert run.fast
    assert run.chapters[2].failure == (
        "It stopped at cell 4, ``ratio = x / 0``, with ZeroDivisionError: division by zero"
    )
    assert run.chapters[3].shown == run_dir[0] / "04_new.ipynb"  # nothing ran: the committed one


def test_a_failed_chapter_has_a_visible_box_pointing_at_the_summary(run_dir, tmp_path) -> None:
    manifest, staging = assemble(run_dir, tmp_path)
    cells = page(staging, "03_broken").cells
    box = cells[0].source.partition("\n:::{admonition}")[2]  # under the title and links
    assert box.startswith(" This chapter failed in the build run\n")
    assert f":class: error {book.STATUS_CLASS}" in box
    assert "This chapter failed in the build run: see `" in box
    assert "summary.md`. It stopped at cell 4, ``ratio = x / 0``" in box
    assert cells[-1].outputs[0]["ename"] == "ZeroDivisionError"  # what ran is still shown
    statuses = {c["name"]: c["status"] for c in manifest["chapters"]}
    assert statuses == {
        "01_hello": "ok",
        "02_second": "earlier run",
        "03_broken": "FAILED",
        "04_new": "not run",
    }


def test_chapters_that_did_not_run_say_so_and_one_that_did_has_no_box(run_dir, tmp_path) -> None:
    _, staging = assemble(run_dir, tmp_path)
    assert "This chapter was not part of the build run" in page(staging, "04_new").cells[0].source
    assert "This chapter is from an earlier run" in page(staging, "02_second").cells[0].source
    assert book.STATUS_CLASS not in text_of(page(staging, "01_hello"))


def test_a_chapter_page_has_colab_downloads_and_no_tensorflow_noise(run_dir, tmp_path) -> None:
    manifest, staging = assemble(run_dir, tmp_path)
    nb = page(staging, "01_hello")
    header = nb.cells[0].source
    assert "colab-badge.svg" not in header  # an image from another host
    assert '<a class="book-button" href="https://colab.research.google.com/github/' in header
    assert "{download}`Download the notebook <../_notebooks/01_hello.ipynb>`" in header
    assert "{download}`with this run's outputs <../_notebooks/run/01_hello.ipynb>`" in header
    assert (staging / "_notebooks" / "01_hello.ipynb").is_file()
    assert (staging / "_notebooks" / "run" / "01_hello.ipynb").is_file()
    outputs = text_of(nb)
    for line in ("absl::InitializeLog", "port.cc", "cudart_stub.cc", "To enable the following"):
        assert line not in outputs
    assert "RuntimeWarning: Mean of empty slice" in outputs  # a real warning stays
    assert manifest["chapters"][0]["figures"] == 2
    assert "Workshop slides" not in header


def test_workshop_slides_are_linked_and_copied_where_they_exist(run_dir, tmp_path) -> None:
    slides = run_dir[1] / "workshop" / "slides"
    slides.mkdir(parents=True)
    (slides / "01_hello.slides.html").write_text("<html>slides</html>")
    manifest, staging = assemble(run_dir, tmp_path)
    assert '<a href="../slides/01_hello.slides.html">Workshop slides</a>' in (
        page(staging, "01_hello").cells[0].source
    )
    assert "Workshop slides" not in page(staging, "03_broken").cells[0].source
    assert (staging / "_extra" / "slides" / "01_hello.slides.html").is_file()
    assert [c["slides"] for c in manifest["chapters"]] == [True, False, False, False]


def test_the_index_lists_every_chapter_with_the_readmes_idea(run_dir, tmp_path) -> None:
    _, staging = assemble(run_dir, tmp_path)
    index = (staging / "index.md").read_text()
    rows = [line for line in index.splitlines() if line.startswith("| 0")]
    assert [row.split(" | ")[1] for row in rows] == [
        "**[hello](chapters/01_hello.ipynb)**",
        "**[second](chapters/02_second.ipynb)**",
        "**[broken](chapters/03_broken.ipynb)**",
        "**[new](chapters/04_new.ipynb)**",
    ]
    assert rows[0].endswith("| ok: `mean=4.5` |")
    assert "chapters/04_new\n```" in index  # the toctree, in order
    assert (staging / "data.md").read_text().startswith("# Data cards")
    assert json.loads((staging / "_book.json").read_text())["banner"] == book.FAST_BANNER


def test_a_full_mode_run_has_no_banner(run_dir, tmp_path) -> None:
    summary_path = run_dir[1] / "summary.json"
    summary = json.loads(summary_path.read_text())
    summary_path.write_text(json.dumps({**summary, "fast": False}))
    manifest, staging = assemble(run_dir, tmp_path)
    assert json.loads((staging / "_book.json").read_text())["banner"] == ""
    assert "full mode" in (staging / "index.md").read_text()
    assert not manifest["fast"]
    assert {"data.html", "api/index.html", "api/lstm_course.layers.html"} <= set(manifest["pages"])


def test_the_readme_chapter_table_is_read_and_written_as_written() -> None:
    rows = book.readme_chapter_rows((ROOT / "README.md").read_text())
    assert "01_rnn_basics" in rows and "10_bidirectional_sentiment" in rows
    assert book._literal_marks("C~_t = f_t * C_{t-1}, `return_state`") == (
        "C~\\_t = f\\_t \\* C\\_{t-1}, `return_state`"
    )


def test_every_module_gets_an_api_page() -> None:
    names = book.module_names()
    assert {"lstm_course", "lstm_course.layers", "lstm_course.datasets.spam"} <= set(names)
    pages = book.api_pages(names)
    assert ".. automodule:: lstm_course.layers\n   :members:" in pages["api/lstm_course.layers.md"]
    assert "lstm_course.layers" in pages["api/index.md"]


# --------------------------------------------------------------------------------------------
# The Korean edition (build/ko/) and the language switch
# --------------------------------------------------------------------------------------------


def test_without_a_korean_run_the_site_has_no_korean_pages_and_no_switch(run_dir, tmp_path):
    notebooks, build = run_dir
    (notebooks / "ko").mkdir()  # the Korean notebooks are committed, but they never ran
    shutil.copy(notebooks / "01_hello.ipynb", notebooks / "ko" / "01_hello.ipynb")
    assert book.read_korean(build, notebooks) is None
    manifest, staging = assemble(run_dir, tmp_path)
    assert "editions" not in manifest
    assert all(chapter["twin"] is None for chapter in manifest["chapters"])
    assert not (staging / "ko").exists()
    assert json.loads((staging / "_book.json").read_text())["editions"] == {}
    for path in staging.rglob("*.*"):
        if path.suffix in (".md", ".ipynb"):
            assert book.SWITCH_CLASS not in path.read_text(encoding="utf-8"), path
            assert "한국어판" not in path.read_text(encoding="utf-8"), path


def test_a_korean_run_gets_its_pages_under_ko_with_korean_links(korean_run_dir, tmp_path):
    manifest, staging = assemble(korean_run_dir, tmp_path)
    korean = manifest["editions"]["ko"]
    assert korean["index"] == "ko/index.html" and korean["fast"]
    assert [(c["name"], c["page"], c["status"]) for c in korean["chapters"]] == [
        ("01_hello", "ko/chapters/01_hello.html", "ok"),
        ("03_broken", "ko/chapters/03_broken.html", "FAILED"),
    ]
    header = page(staging, "01_hello", "ko").cells[0].source
    assert header.startswith("# 01 · 안녕\n")
    colab = "https://colab.research.google.com/github/lstm-course/lstm-course/blob/"
    assert f'<a class="book-button" href="{colab}' in header
    assert '/notebooks/ko/01_hello.ipynb">Colab에서 열기</a>' in header
    assert "{download}`노트북 내려받기 <../../_notebooks/ko/01_hello.ipynb>`" in header
    assert "{download}`이번 실행의 출력 포함 <../../_notebooks/ko/run/01_hello.ipynb>`" in header
    assert (staging / "_notebooks" / "ko" / "run" / "01_hello.ipynb").is_file()
    assert "하는 일." in header
    assert korean["chapters"][0]["figures"] == 2
    book_json = json.loads((staging / "_book.json").read_text(encoding="utf-8"))
    assert book_json["editions"] == {"ko/": {"language": "ko", "banner": book.FAST_BANNER_KO}}


def test_a_korean_page_without_a_badge_still_opens_the_korean_notebook_on_colab(
    korean_run_dir, tmp_path
) -> None:
    notebooks, build = korean_run_dir
    for folder in (notebooks / "ko", build / "ko"):
        nb = nbformat.read(folder / "01_hello.ipynb", as_version=4)
        nb.cells[0].source = "# 01 · 안녕\n\n하는 일."
        nbformat.write(nb, folder / "01_hello.ipynb")
    _, staging = assemble(korean_run_dir, tmp_path)
    row = page(staging, "01_hello", "ko").cells[1].source
    colab = book.conventions.colab_url("01_hello.ipynb", folder=book.conventions.edition_dir("ko"))
    assert colab.endswith("/notebooks/ko/01_hello.ipynb")
    assert f'<a class="book-button" href="{colab}">Colab에서 열기</a>' in row


def test_the_switch_leads_to_the_twin_both_ways_and_only_where_there_is_one(
    korean_run_dir, tmp_path
) -> None:
    manifest, staging = assemble(korean_run_dir, tmp_path)
    english = page(staging, "01_hello").cells[0].source
    assert (
        '<span class="book-lang"><strong>English</strong> | '
        '<a href="../ko/chapters/01_hello.html" hreflang="ko" lang="ko">한국어</a></span>'
    ) in english
    korean = page(staging, "01_hello", "ko").cells[0].source
    assert (
        '<span class="book-lang"><a href="../../chapters/01_hello.html" hreflang="en" '
        'lang="en">English</a> | <strong lang="ko">한국어</strong></span>'
    ) in korean
    twins = {c["page"]: c["twin"] for c in manifest["chapters"]}
    twins |= {c["page"]: c["twin"] for c in manifest["editions"]["ko"]["chapters"]}
    assert twins == {
        "chapters/01_hello.html": "ko/chapters/01_hello.html",
        "chapters/02_second.html": None,
        "chapters/03_broken.html": "ko/chapters/03_broken.html",
        "chapters/04_new.html": None,
        "ko/chapters/01_hello.html": "chapters/01_hello.html",
        "ko/chapters/03_broken.html": "chapters/03_broken.html",
    }
    for path, twin in twins.items():  # each switch's address, from its page, is the twin
        source = page(staging, Path(path).stem, path.partition("chapters/")[0]).cells[0].source
        hrefs = re.findall(r'class="book-lang">.*?href="([^"]+)"', source)
        resolved = [posixpath.normpath(posixpath.join(posixpath.dirname(path), h)) for h in hrefs]
        assert resolved == ([twin] if twin else []), path


def test_the_korean_landing_page_lists_the_korean_titles_and_the_korean_run(
    korean_run_dir, tmp_path
) -> None:
    _, staging = assemble(korean_run_dir, tmp_path)
    index = (staging / "ko" / "index.md").read_text(encoding="utf-8")
    assert index.startswith("# lstm-course 한국어판\n")
    rows = [line for line in index.splitlines() if line.startswith("| 0")]
    assert rows == [
        "| 01 | **[안녕](chapters/01_hello.ipynb)** | 완료: `mean=4.5` |",
        "| 03 | **[고장 난 장](chapters/03_broken.ipynb)** | 실패 |",
    ]
    assert 'href="../index.html" hreflang="en" lang="en">English</a>' in index
    assert (
        "아직 영어판에만 있는 장: [02 · second](../chapters/02_second.ipynb), "
        "[04 · new](../chapters/04_new.ipynb)."
    ) in index
    assert "빠른 모드" in index and "ko/summary.md`에 있습니다." in index
    assert ":caption: 장\n\nchapters/01_hello\nchapters/03_broken\n```" in index
    english = (staging / "index.md").read_text(encoding="utf-8")
    assert 'href="ko/index.html" hreflang="ko" lang="ko">한국어</a>' in english
    assert ":caption: 한국어판\n\nko/index\n```" in english
    assert "[lstm-course 한국어판](ko/index.md)" in english


def test_a_korean_chapter_that_failed_or_did_not_run_says_so_in_korean(korean_run_dir, tmp_path):
    notebooks, _ = korean_run_dir
    shutil.copy(notebooks / "ko" / "01_hello.ipynb", notebooks / "ko" / "02_second.ipynb")
    _, staging = assemble(korean_run_dir, tmp_path)
    box = page(staging, "03_broken", "ko").cells[0].source.partition("\n:::{admonition}")[2]
    assert box.startswith(" 이 장은 사이트를 만든 실행에서 실패했습니다\n")
    assert f":class: error {book.STATUS_CLASS}" in box
    assert "ko/summary.md`를 보세요. 셀 4(``ratio = x / 0``)에서 ZeroDivisionError: " in box
    assert "division by zero 오류로 멈췄습니다. 이 페이지는 거기까지" in box
    not_run = page(staging, "02_second", "ko").cells[0].source
    assert "이 장은 사이트를 만든 실행에 없었습니다" in not_run
    assert "`make course LANG=ko`를 실행하세요." in not_run


def test_a_korean_run_without_a_summary_is_left_out_and_says_what_to_run(
    korean_run_dir, tmp_path, capsys, monkeypatch
) -> None:
    notebooks, build = korean_run_dir
    (build / "ko" / "summary.json").unlink()
    with pytest.raises(
        book.NoRunError, match=r"no summary.json in .*ko.*: run `make course LANG=ko`"
    ):
        book.read_korean(build, notebooks)
    given = {}

    def assemble_only(run, staging, **kwargs):
        given.update(kwargs)
        raise book.NoRunError("stop here")  # no Sphinx: what build() gave assemble is the test

    monkeypatch.setattr(book, "BOOK_TOOLS", ())
    monkeypatch.setattr(book, "assemble", assemble_only)
    assert book.build(build, tmp_path / "site", notebooks, ROOT / "README.md", ROOT) == 2
    err = capsys.readouterr().err
    assert err.startswith("warning: the site is built without its Korean edition: no summary.json")
    assert "`make course LANG=ko` (or `make course LANG=ko FAST=1`, a quick run)" in err
    assert given["korean"] is None


# --------------------------------------------------------------------------------------------
# Docstrings as their authors laid them out
# --------------------------------------------------------------------------------------------


def test_an_indented_equation_block_becomes_a_literal_block() -> None:
    lines = ["One step:", "", "    h_t = tanh(x_t W_x + h_{t-1} W_h + b)", "", "Then |y| words."]
    book.plain_docstring(lines)
    assert lines == [
        "One step::",
        "",
        "    h_t = tanh(x_t W_x + h_{t-1} W_h + b)",
        "",
        "Then \\|y\\| words.",
    ]


def test_a_block_after_a_sentence_gets_its_own_marker_and_lists_stay_lists() -> None:
    lines = ["Run it.", "", "    python -m x *.ipynb", "", "1. a list item:", "   continued"]
    book.plain_docstring(lines)
    assert lines == [
        "Run it.",
        "",
        "::",
        "",
        "    python -m x *.ipynb",
        "",
        "1. a list item:",
        "   continued",
    ]


def test_a_table_with_hangul_becomes_a_literal_block() -> None:
    table = ["=====  =====", "pair   after", "=====  =====", "은/는   은", "=====  ====="]
    lines = ["The pairs:", "", *table]
    book.plain_docstring(lines)
    assert lines == ["The pairs:", "", "::", "", *("    " + row for row in table)]


# --------------------------------------------------------------------------------------------
# The whole site, with Sphinx (make test-book)
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_site_builds_offline_with_every_page(run_dir, tmp_path: Path) -> None:
    pytest.importorskip("myst_nb", reason="the site's tools: make test-book installs them")
    pytest.importorskip("mathjax", reason="the site's tools: make test-book installs them")
    notebooks, build = run_dir
    out = tmp_path / "site"
    status = book.build(build, out, notebooks, ROOT / "README.md", ROOT / "datasets" / "README.md")
    assert status == 0
    for name in ("index", "data", "search", "api/lstm_course.layers", "chapters/03_broken"):
        assert (out / f"{name}.html").is_file(), name
    assert (
        "This chapter failed in the build run: see" in (out / "chapters/03_broken.html").read_text()
    )
    assert (out / "_static" / "mathjax" / "tex-chtml.js").is_file()
    assert (out / "_static" / "fonts" / "hangul.woff").is_file()
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["fast"] and len(manifest["chapters"]) == 4
    for html in out.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for remote in ('src="http', "src='http", '<link rel="stylesheet" href="http'):
            assert remote not in text, f"{html.relative_to(out)} loads {remote}..."
    hello = (out / "chapters" / "01_hello.html").read_text()
    assert hello.count("<img") >= 2 and "port.cc" not in hello
    assert "Quick run: the numbers" in (out / "index.html").read_text()


@pytest.mark.slow
def test_the_site_with_its_korean_edition_builds_with_switches_both_ways(
    korean_run_dir, tmp_path: Path
) -> None:
    pytest.importorskip("myst_nb", reason="the site's tools: make test-book installs them")
    pytest.importorskip("mathjax", reason="the site's tools: make test-book installs them")
    notebooks, build = korean_run_dir
    out = tmp_path / "site"
    status = book.build(build, out, notebooks, ROOT / "README.md", ROOT / "datasets" / "README.md")
    assert status == 0
    manifest = json.loads((out / "_manifest.json").read_text())
    for chapter in manifest["chapters"] + manifest["editions"]["ko"]["chapters"]:
        html = (out / chapter["page"]).read_text(encoding="utf-8")
        lang = "ko" if chapter["page"].startswith("ko/") else "en"
        assert f'<html lang="{lang}"' in html, chapter["page"]
        hrefs = re.findall(r'<span class="book-lang">.*?href="([^"]+)"', html)
        if chapter["twin"] is None:
            assert not hrefs, chapter["page"]
            continue
        assert len(hrefs) == 1, chapter["page"]
        target = posixpath.normpath(posixpath.join(posixpath.dirname(chapter["page"]), hrefs[0]))
        assert target == chapter["twin"] and (out / target).is_file()
    korean = (out / "ko" / "chapters" / "01_hello.html").read_text(encoding="utf-8")
    assert "빠른 실행: 이 페이지들의" in korean and "Quick run: the numbers" not in korean
    assert "notebooks/ko/01_hello.ipynb" in korean
    index = (out / "ko" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ko"' in index and "안녕" in index
    assert 'href="../index.html"' in index
    assert 'href="ko/index.html"' in (out / "index.html").read_text(encoding="utf-8")
    assert "Quick run: the numbers" in (out / "chapters" / "01_hello.html").read_text()
