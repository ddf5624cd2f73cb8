"""The course as a website: ``make book`` turns a course run's executed notebooks into pages.

    python -m lstm_course.book [--build-dir build] [--out build/book] [--notebooks notebooks]

It reads what ``make course`` (:mod:`lstm_course.runner`) left in ``build/``: the executed
notebooks ``NN_slug.ipynb`` and ``summary.json``. It copies ``book/`` (``conf.py``, the CSS) to
``build/book-src/``, adds the pages, and runs Sphinx (myst-nb, sphinx-book-theme) into
``build/book/``. Nothing is executed again: the pages show the run's own outputs.

- ``index``: the README's opening paragraph and its chapter table, each chapter linked to its
  page, with what the run gave (status and headline metric); a banner on every page when the run
  was a fast one.
- ``chapters/NN_slug``: one page per chapter, found as ``NN_slug.ipynb`` in ``notebooks/`` and
  ``build/``, in order: its Colab link, a download of the notebook (as committed, and as run),
  the workshop slides where ``build/workshop/slides/NN_slug.slides.html`` exists (``--slides``;
  the folder is copied into the site), and a box when the chapter failed in the run (or was not
  in it). TensorFlow's start-up lines are left out.
- ``data``: the data cards, ``datasets/README.md``.
- ``api/``: one page per module of ``lstm_course``, from its docstrings (autodoc).
- ``ko/index`` and ``ko/chapters/NN_slug``: the Korean edition (한국어판), where the run's folder
  holds a Korean run (``build/ko/``, from ``make course LANG=ko``): its chapters found as
  ``NN_slug.ipynb`` in ``notebooks/ko/`` and ``build/ko/`` as above, its landing page with each
  chapter's Korean title and what the Korean run gave, its Colab links opening
  ``notebooks/ko/``. Every chapter page that has a twin in the other edition, and both landing
  pages, carry a switch to it (English | 한국어); without a Korean run there is no switch.

MathJax (from the ``django-static-mathjax`` wheel) and a Hangul font (NanumGothic, from
``koreanize-matplotlib``, cut down to the syllables the site uses) are copied into the site, so
it works without a network. ``_manifest.json`` in the site lists the chapter pages, their
figures and their twins in the other edition, for ``make book-check``
(:mod:`lstm_course.book_check`). Exit status: 0 built,
1 Sphinx failed, 2 nothing to build from (the message says which command to run first).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lstm_course import conventions
from lstm_course.report import FAILED, INTERRUPTED, OK, SKIPPED

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
BOOK_SOURCE = PACKAGE_ROOT / "book"
"""The site's own source in the repository: ``conf.py`` and ``_static/``."""
NOT_RUN = "not run"
EARLIER = "earlier run"
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
BOOK_TOOLS = ("sphinx", "myst_nb", "sphinx_book_theme")
STATUS_CLASS = "book-run-status"
"""The CSS class of the box on a chapter page that did not run cleanly (the check looks for it)."""
FAST_BANNER = (
    "Quick run: the numbers and figures on these pages come from a fast-mode run (small data, "
    "few epochs), not from the course's full run."
)
KOREAN = "ko"
"""The Korean edition (한국어판): its run is ``build/ko/``, its pages are under ``ko/``."""
SWITCH_CLASS = "book-lang"
"""The CSS class of the language switch on a page (English | 한국어; the check looks for it)."""
COURSE_COMMAND = {"en": "make course", KOREAN: "make course LANG=ko"}
"""The command that runs each edition's chapters."""
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "colab": "Open in Colab",
        "download": "Download the notebook",
        "with_outputs": "with this run's outputs",
        "slides": "Workshop slides",
        "not_run_title": "This chapter was not part of the build run",
        "not_run": "The run (see {summary}) did not include it, so this page shows the notebook "
        "without outputs: run `{command}` to see them.",
        "earlier_title": "This chapter is from an earlier run",
        "earlier": "The last run (see {summary}) did not include it: its outputs are older.",
        "failed_title": "This chapter failed in the build run",
        "failed": "This chapter failed in the build run: see {summary}.",
        "failed_more": " {failure}. The page shows what ran up to there.",
        "stopped": "It stopped {where}, with {ename}: {evalue}",
        "before_first": "before its first cell",
        "at_cell": "at cell {cell}, ``{line}``",
    },
    KOREAN: {
        "colab": "Colab에서 열기",
        "download": "노트북 내려받기",
        "with_outputs": "이번 실행의 출력 포함",
        "slides": "워크숍 슬라이드",
        "not_run_title": "이 장은 사이트를 만든 실행에 없었습니다",
        "not_run": "실행({summary} 참고)에 이 장이 들어 있지 않아서, 이 페이지는 출력 없는 "
        "노트북을 보여 줍니다. 출력을 보려면 `{command}`를 실행하세요.",
        "earlier_title": "이 장은 이전 실행의 결과입니다",
        "earlier": "마지막 실행({summary} 참고)에는 이 장이 없었습니다. 출력은 그보다 앞선 "
        "실행의 것입니다.",
        "failed_title": "이 장은 사이트를 만든 실행에서 실패했습니다",
        "failed": "이 장은 사이트를 만든 실행에서 실패했습니다. {summary}를 보세요.",
        "failed_more": " {failure}. 이 페이지는 거기까지 실행된 내용을 보여 줍니다.",
        "stopped": "{where}에서 {ename}: {evalue} 오류로 멈췄습니다",
        "before_first": "첫 셀을 실행하기 전",
        "at_cell": "셀 {cell}(``{line}``)",
    },
}
"""What the pages of each edition say around a chapter: the links row, the boxes."""
FAST_BANNER_KO = (
    "빠른 실행: 이 페이지들의 숫자와 그림은 강좌의 전체 실행이 아니라 빠른 모드 실행(작은 "
    "데이터, 적은 에포크)에서 나온 것입니다."
)
STATUS_KO = {
    OK: "완료",
    FAILED: "실패",
    INTERRUPTED: "중단됨",
    NOT_RUN: "실행 안 됨",
    EARLIER: "이전 실행",
}
"""A chapter's status as the Korean landing page says it (any other status as it is)."""
COLAB_BADGE = re.compile(r"\[!\[Open In Colab\]\([^)]*\)\]\((?P<url>[^)\s]+)\)")
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


class NoRunError(Exception):
    """There are no executed notebooks to make pages of (the message says what to run)."""


def edition_prefix(edition: str) -> str:
    """Where an edition's pages are in the site: ``""`` for English, ``"ko/"`` for Korean."""
    return "" if edition == "en" else f"{edition}/"


# --------------------------------------------------------------------------------------------
# What the run left
# --------------------------------------------------------------------------------------------


@dataclass
class Chapter:
    """One chapter of the site: where its notebook is, and how it fared in the run."""

    name: str  # NN_slug
    notebook: Path | None  # as committed, notebooks/NN_slug.ipynb
    executed: Path | None  # as run, build/NN_slug.ipynb
    status: str = NOT_RUN
    failure: str = ""  # where and how it failed, one line
    headline: str = ""  # headline_text of the run
    edition: str = "en"  # en, or ko: notebooks/ko/NN_slug.ipynb, build/ko/NN_slug.ipynb

    @property
    def number(self) -> str:
        return self.name[:2]

    @property
    def page(self) -> str:
        """The page's path in the site, ``chapters/NN_slug.html`` (``ko/chapters/...``)."""
        return f"{edition_prefix(self.edition)}chapters/{self.name}.html"

    @property
    def shown(self) -> Path:
        """The notebook the page shows: the executed one, else the committed one."""
        path = self.executed or self.notebook
        assert path is not None
        return path


@dataclass
class Run:
    """A course run's folder: its summary and its chapters."""

    build_dir: Path
    summary: dict[str, Any]
    chapters: list[Chapter] = field(default_factory=list)
    edition: str = "en"

    @property
    def fast(self) -> bool:
        return bool(self.summary.get("fast"))


def _chapter_files(folder: Path) -> dict[str, Path]:
    """``NN_slug`` -> path, for the chapter notebooks in ``folder`` (seed copies left out)."""
    if not folder.is_dir():
        return {}
    return {
        path.stem: path
        for path in sorted(folder.glob(conventions.NOTEBOOK_GLOB))
        if conventions.NOTEBOOK_PATTERN.match(path.name)
    }


def read_run(build_dir: Path, notebooks_dir: Path, edition: str = "en") -> Run:
    """The run of ``edition`` in ``build_dir``, its chapters found as ``NN_slug.ipynb`` there and
    in ``notebooks_dir``; :class:`NoRunError` when ``build_dir`` holds no executed chapter."""
    executed = _chapter_files(build_dir)
    summary_path = build_dir / "summary.json"
    command = COURSE_COMMAND[edition]
    if not executed or not summary_path.is_file():
        what = "no executed notebooks" if not executed else "no summary.json"
        raise NoRunError(
            f"{what} in {build_dir}{os.sep}: run `{command}` (or `{command} FAST=1`, a quick "
            "run) first, then `make book`"
        )
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise NoRunError(
            f"{summary_path} cannot be read ({error}): run `{command}` again, then `make book`"
        ) from error
    ran = {entry["name"]: entry for entry in summary.get("chapters", [])}
    committed = _chapter_files(notebooks_dir)
    run = Run(build_dir, summary, edition=edition)
    for name in sorted(set(executed) | set(committed)):
        chapter = Chapter(name, committed.get(name), executed.get(name), edition=edition)
        entry = ran.get(name)
        if entry is not None:
            chapter.status = entry.get("status", NOT_RUN)
            chapter.headline = entry.get("headline_text", "")
            chapter.failure = _failure_line(entry, edition)
        if chapter.status in (NOT_RUN, SKIPPED):  # not in this run, or stopped before it
            chapter.status = NOT_RUN if chapter.executed is None else EARLIER
        run.chapters.append(chapter)
    return run


def read_korean(build_dir: Path, notebooks_dir: Path) -> Run | None:
    """The Korean run beside the English one: ``build_dir/ko`` (``make course LANG=ko``), its
    chapters found there and in ``notebooks_dir/ko`` as :func:`read_run` finds them; None when
    ``build_dir/ko`` holds no executed chapter, :class:`NoRunError` when it holds some but no
    summary that can be read."""
    folder = build_dir / KOREAN
    if not _chapter_files(folder):
        return None
    return read_run(folder, notebooks_dir / KOREAN, edition=KOREAN)


def _failure_line(entry: dict[str, Any], edition: str = "en") -> str:
    """Where and how a chapter failed, from its ``summary.json`` entry, in ``edition``'s words."""
    failure = entry.get("failure")
    if not failure:
        return ""
    words = WORDS[edition]
    cell = failure.get("cell_index")
    where = (
        words["before_first"]
        if cell is None
        else words["at_cell"].format(cell=cell + 1, line=failure.get("first_line", ""))
    )
    return words["stopped"].format(
        where=where, ename=failure.get("ename"), evalue=failure.get("evalue")
    )


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


def count_figures(nb: Any) -> int:
    """How many images a notebook's outputs hold (one per output, whatever its formats)."""
    return sum(
        any(kind in output.get("data", {}) for kind in IMAGE_TYPES)
        for cell in nb.cells
        for output in cell.get("outputs", [])
    )


def status_box(chapter: Chapter, summary_md: str) -> str:
    """The MyST box a chapter page shows when the chapter did not run cleanly; empty if it did."""
    if chapter.status == OK:
        return ""
    words = WORDS[chapter.edition]
    command = COURSE_COMMAND[chapter.edition]
    if chapter.status == NOT_RUN:
        title = words["not_run_title"]
        body = words["not_run"].format(summary=summary_md, command=command)
    elif chapter.status == EARLIER:
        title = words["earlier_title"]
        body = words["earlier"].format(summary=summary_md)
    else:
        title = words["failed_title"]
        body = words["failed"].format(summary=summary_md)
        if chapter.failure:
            body += words["failed_more"].format(failure=chapter.failure)
    return f":::{{admonition}} {title}\n:class: error {STATUS_CLASS}\n\n{body}\n:::\n"


def relative_link(page: str, target: str) -> str:
    """The address of the site's page ``target`` from the site's page ``page`` (both paths from
    the site's root): ``../ko/chapters/01_x.html`` from ``chapters/01_x.html``."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def language_switch(page: str, edition: str, twin: str) -> str:
    """The switch from ``page`` (in ``edition``) to ``twin``, the same page in the other edition:
    the edition shown in bold, the other one a link."""
    href = relative_link(page, twin)
    english = (
        "<strong>English</strong>"
        if edition == "en"
        else f'<a href="{href}" hreflang="en" lang="en">English</a>'
    )
    korean = (
        '<strong lang="ko">한국어</strong>'
        if edition == KOREAN
        else f'<a href="{href}" hreflang="ko" lang="ko">한국어</a>'
    )
    return f'<span class="{SWITCH_CLASS}">{english} | {korean}</span>'


def links_line(chapter: Chapter, colab: str, slides: bool, twin: str | None = None) -> str:
    """The row under a chapter's title: Colab, the notebook's downloads, the slides, and the
    switch to ``twin`` (the same chapter's page in the other edition) where there is one."""
    words = WORDS[chapter.edition]
    root = "../" * chapter.page.count("/")  # from the page's folder to the site's root
    notebooks = f"{root}_notebooks/{edition_prefix(chapter.edition)}"
    parts = [f'<a class="book-button" href="{colab}">{words["colab"]}</a>']
    if chapter.notebook is not None:
        parts.append(f"{{download}}`{words['download']} <{notebooks}{chapter.name}.ipynb>`")
    if chapter.executed is not None:
        parts.append(f"{{download}}`{words['with_outputs']} <{notebooks}run/{chapter.name}.ipynb>`")
    if slides:
        parts.append(f'<a href="{root}slides/{chapter.name}.slides.html">{words["slides"]}</a>')
    row = " · ".join(parts)
    if twin is not None:
        row = f"{language_switch(chapter.page, chapter.edition, twin)}\n{row}"
    return row


def chapter_notebook(
    chapter: Chapter, *, slides: bool, summary_md: str, twin: str | None = None
) -> Any:
    """The notebook of a chapter's page: the run's outputs without TensorFlow's start-up lines,
    the Colab badge replaced by the links row (no image from another host; the Colab link opens
    the chapter's own edition), the status box; ``twin``: the page of the same chapter in the
    other edition, for the language switch."""
    import nbformat

    from lstm_course.runner import strip_startup_noise

    nb = nbformat.read(chapter.shown, as_version=4)
    strip_startup_noise(nb)
    colab = conventions.colab_url(
        f"{chapter.name}.ipynb", folder=conventions.edition_dir(chapter.edition)
    )
    header = nb.cells[0] if nb.cells and nb.cells[0].cell_type == "markdown" else None
    match = COLAB_BADGE.search(header.source) if header is not None else None
    if match:
        colab = match["url"]
    row = links_line(chapter, colab, slides, twin)
    box = status_box(chapter, summary_md)
    top = f"{row}\n\n{box}" if box else row  # right under the title
    if match:
        header.source = COLAB_BADGE.sub(lambda _: top, header.source, count=1)
    else:
        nb.cells.insert(1 if header is not None else 0, nbformat.v4.new_markdown_cell(top))
    for index, cell in enumerate(nb.cells):
        cell.setdefault("id", f"book-{index}")
    nb.metadata.pop("widgets", None)  # widget state: its scripts would come from a CDN
    return nb


def readme_chapter_rows(readme: str) -> dict[str, list[str]]:
    """The README's chapter table, ``NN_slug`` -> its cells (the idea, the data)."""
    section = readme.partition("## The chapters")[2].partition("\n## ")[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[0].isdigit():
            rows[cells[1].strip("`")] = cells[2:4]
    return rows


def title_of(nb: Any, name: str) -> str:
    """A chapter's title, from its first heading ``# NN · Title``."""
    for cell in nb.cells[:1]:
        for line in cell.source.splitlines():
            if line.startswith("# "):
                return line[2:].split("·", 1)[-1].strip()
    return name[3:].replace("_", " ")


KOREAN_INDEX = "ko/index.html"
"""The Korean landing page's path in the site."""


def index_page(run: Run, titles: dict[str, str], readme: str, korean: Run | None = None) -> str:
    """The landing page: the README's opening, its chapter table, what the run gave; with
    ``korean``, the switch to the Korean landing page and that page in the side bar."""
    intro = readme.partition("\n\n")[2].partition("\n\n")[0].strip()
    rows = readme_chapter_rows(readme)
    summary = run.summary
    mode = "fast mode, a quick run" if run.fast else "full mode"
    switch = [language_switch("index.html", "en", KOREAN_INDEX), ""] if korean else []
    korean_toc = ["```{toctree}", ":hidden:", ":caption: 한국어판", "", "ko/index", "```", ""]
    if korean is None:
        korean_toc = []
    lines = [
        "# lstm-course",
        "",
        *switch,
        intro,
        "",
        "## The chapters",
        "",
        "| # | chapter: the idea | data | this run |",
        "|---|---|---|---|",
    ]
    for chapter in run.chapters:
        idea, data = rows.get(chapter.name, ["", ""])
        result = chapter.status if chapter.status != OK else "ok"
        if chapter.headline:
            result += f": `{chapter.headline}`"
        link = f"**[{titles[chapter.name]}](chapters/{chapter.name}.ipynb)**"
        if idea:
            link += f"<br>{_literal_marks(idea)}"
        cells = [chapter.number, link, _literal_marks(data), result]
        lines.append("| " + " | ".join(cell.replace("\n", " ") for cell in cells) + " |")
    korean_line = " The Korean edition: [lstm-course 한국어판](ko/index.md)." if korean else ""
    lines += [
        "",
        "Also here: the [data cards](data.md), and the [API](api/index.md) of the `lstm_course` "
        "package, from its docstrings. Search (top left) works without a network." + korean_line,
        "",
        f"Built from the course run of {summary.get('started', 'an unknown time')} ({mode}; "
        f"Python {summary.get('python', '?')}, Keras backend {summary.get('keras_backend', '?')}, "
        f"{summary.get('machine', 'machine not recorded')}); its summary is "
        f"`{_shown(run.build_dir / 'summary.md')}`.",
        "",
        "```{toctree}",
        ":hidden:",
        ":caption: Chapters",
        "",
        *(f"chapters/{chapter.name}" for chapter in run.chapters),
        "```",
        "",
        *korean_toc,  # in the side bar, right below the English chapters
        "```{toctree}",
        ":hidden:",
        ":caption: Reference",
        "",
        "data",
        "api/index",
        "```",
        "",
    ]
    return "\n".join(lines)


def korean_index_page(run: Run, titles: dict[str, str], english: dict[str, str]) -> str:
    """The Korean landing page, ``ko/index``: the Korean chapters with their Korean titles (from
    each notebook's first heading) and what the Korean run gave, the chapters only in English
    (``english``: every English chapter's title), a switch to the English landing page."""
    summary = run.summary
    mode = "빠른 모드, 짧은 실행" if run.fast else "전체 모드"
    only_english = [name for name in english if name not in titles]
    lines = [
        "# lstm-course 한국어판",
        "",
        language_switch(KOREAN_INDEX, KOREAN, "index.html"),
        "",
        "RNN, LSTM, GRU, 양방향 층을 TensorFlow 위의 케라스 3으로 배우는 강좌의 한국어판입니다. "
        "각 장의 페이지는 한국어판 노트북을 실행한 결과를 그대로 보여 줍니다.",
        "",
        "## 장 목록",
        "",
        "| # | 장 | 이번 실행 |",
        "|---|---|---|",
    ]
    for chapter in run.chapters:
        result = STATUS_KO.get(chapter.status, chapter.status)
        if chapter.headline:
            result += f": `{chapter.headline}`"
        link = f"**[{titles[chapter.name]}](chapters/{chapter.name}.ipynb)**"
        lines.append(f"| {chapter.number} | {link} | {result} |")
    lines.append("")
    if only_english:
        names = ", ".join(
            f"[{name[:2]} · {english[name]}](../chapters/{name}.ipynb)" for name in only_english
        )
        lines += [f"아직 영어판에만 있는 장: {names}.", ""]
    lines += [
        f"이 페이지들은 한국어판 실행({mode}, 시작 {summary.get('started', '기록 없음')}; "
        f"Python {summary.get('python', '?')}, 케라스 백엔드 {summary.get('keras_backend', '?')}, "
        f"{summary.get('machine', '기계 기록 없음')})의 결과로 만들었습니다. 실행 요약은 "
        f"`{_shown(run.build_dir / 'summary.md')}`에 있습니다.",
        "",
        "```{toctree}",
        ":hidden:",
        ":caption: 장",
        "",
        *(f"chapters/{chapter.name}" for chapter in run.chapters),
        "```",
        "",
    ]
    return "\n".join(lines)


def _literal_marks(text: str) -> str:
    """``C~_t = f_t * C_{t-1}`` as written: ``_`` and ``*`` escaped outside code spans, where
    Markdown would read them as emphasis."""
    parts = re.split(r"(`[^`]*`)", text)
    return "".join(
        part if part.startswith("`") else re.sub(r"([_*])", r"\\\1", part) for part in parts
    )


def module_names(package_dir: Path = PACKAGE_ROOT / "lstm_course") -> list[str]:
    """Every public module of the package, ``lstm_course``, ``lstm_course.layers``, ..."""
    names = []
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(package_dir.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(part.startswith("_") for part in parts) or "__pycache__" in path.parts:
            continue
        names.append(".".join(parts))
    return sorted(names)


def api_pages(modules: Sequence[str]) -> dict[str, str]:
    """``api/index.md`` and one ``api/<module>.md`` per module (autodoc)."""
    pages = {
        "api/index.md": "\n".join(
            [
                "# API",
                "",
                "Every module of the `lstm_course` package, from its docstrings. The equations "
                "are written as in the code, in the course's one notation (row vectors, "
                "weights multiplying from the right).",
                "",
                "```{toctree}",
                ":maxdepth: 1",
                "",
                *modules,
                "```",
                "",
            ]
        )
    }
    for name in modules:
        pages[f"api/{name}.md"] = (
            f"# `{name}`\n\n```{{eval-rst}}\n.. automodule:: {name}\n   :members:\n```\n"
        )
    return pages


def plain_docstring(lines: list[str]) -> None:
    """Read a docstring as its author laid it out, in place (Sphinx's ``autodoc`` hook).

    The package's docstrings are plain text with reST's inline marks: an indented block is an
    equation, a table or a command, lined up by hand. So each indented block after a paragraph
    becomes a literal block (the paragraph's last ``:`` doubled, or a ``::`` line put before
    it); a reST table holding wide (Hangul) characters, which reST would measure as two columns
    each, becomes one too; and ``|y|`` in the text stays text, not a substitution.
    """
    _wide_tables_to_literal(lines)
    index, previous = 0, None  # previous: the last paragraph line outside a literal block
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        blank_before = index > 0 and not lines[index - 1].strip()
        if (
            previous is not None
            and blank_before
            and _indent(line) > _content_indent(lines[previous])
        ):
            before = lines[previous].rstrip()
            if not before.endswith("::") and not before.lstrip().startswith(".."):
                if before.endswith(":"):
                    lines[previous] = before + ":"
                else:
                    lines.insert(index - 1, " " * _content_indent(before) + "::")
                    lines.insert(index - 1, "")
                    index += 2
            base = _content_indent(lines[previous])
            while index < len(lines) and (not lines[index].strip() or _indent(lines[index]) > base):
                index += 1
            continue
        lines[index] = _escape_bars(line)
        previous = index
        index += 1


_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+\.)\s+")
_BORDER = re.compile(r"^\s*=+(?: +=+)+\s*$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _content_indent(line: str) -> int:
    """Where a line's text starts: after its list marker, if it has one."""
    match = _LIST_ITEM.match(line)
    return len(match[0]) if match else _indent(line)


def _escape_bars(line: str) -> str:
    """``|y|`` outside inline literals written ``\\|y\\|``: reST would read a substitution."""
    parts = re.split(r"(``.*?``)", line)
    return "".join(
        part if part.startswith("``") else re.sub(r"(?<![\\`])\|(\S[^|]*?)\|", r"\\|\1\\|", part)
        for part in parts
    )


def _wide_tables_to_literal(lines: list[str]) -> None:
    """A simple reST table with Hangul (or other wide characters) in it: a literal block."""
    import unicodedata

    index = 0
    while index < len(lines):
        if _BORDER.match(lines[index]) and (index == 0 or not lines[index - 1].strip()):
            end = index
            while end < len(lines) and lines[end].strip():
                end += 1
            block = lines[index:end]
            if any(unicodedata.east_asian_width(ch) in "WF" for row in block for ch in row):
                lines[index:end] = ["::", "", *("    " + row for row in block)]
                end += 2
            index = end
        index += 1


# --------------------------------------------------------------------------------------------
# Static files: MathJax, the Hangul font
# --------------------------------------------------------------------------------------------

MATHJAX_PARTS = ("tex-chtml.js", "input/tex/extensions", "output/chtml/fonts/woff-v2", "ui", "a11y")


def copy_mathjax(static: Path) -> None:
    """MathJax 3's TeX-to-HTML component, its fonts and extensions, into ``static/mathjax``."""
    spec = importlib.util.find_spec("mathjax")
    if spec is None or spec.origin is None:
        raise NoRunError("MathJax is missing: pip install -r requirements-book.txt (make book)")
    es5 = Path(spec.origin).parent / "static" / "mathjax" / "es5"
    for part in MATHJAX_PARTS:
        source, target = es5 / part, static / "mathjax" / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        elif source.is_file():
            shutil.copy2(source, target)


def hangul_font(static: Path, texts: Iterable[str]) -> int:
    """NanumGothic (OFL, from koreanize-matplotlib) cut down to the Hangul in ``texts``, as
    ``static/fonts/hangul.woff``; the number of characters kept (0: no Hangul, no font)."""
    characters = sorted({ch for text in texts for ch in HANGUL.findall(text)})
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if not characters or spec is None or spec.origin is None:
        return 0
    import logging

    from fontTools import subset

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # not a line per table it drops

    source = Path(spec.origin).parent / "fonts" / "NanumGothic.ttf"
    target = static / "fonts" / "hangul.woff"
    target.parent.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.flavor = "woff"
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(characters))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)
    return len(characters)


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------


def assemble(
    run: Run,
    staging: Path,
    *,
    readme: Path,
    data_cards: Path,
    slides_dir: Path | None = None,
    static: bool = True,
    korean: Run | None = None,
) -> dict[str, Any]:
    """Write the site's source into ``staging`` (emptied first); the manifest of its chapters.

    ``slides_dir`` holds the workshop slides (default: the run's ``workshop/slides``);
    ``static=False`` leaves out MathJax and the font (the pages alone, for the tests);
    ``korean``: the Korean run (:func:`read_korean`), whose pages go under ``ko/``."""
    import nbformat

    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(BOOK_SOURCE, staging, ignore=shutil.ignore_patterns("__pycache__"))
    slides_dir = slides_dir or run.build_dir / "workshop" / "slides"
    runs = [run] if korean is None else [run, korean]
    pages_of = {each.edition: {c.name: c.page for c in each.chapters} for each in runs}
    titles: dict[str, dict[str, str]] = {}
    chapters: dict[str, list[dict[str, Any]]] = {}
    texts = []
    for each in runs:
        edition, prefix = each.edition, edition_prefix(each.edition)
        other = next((pages for name, pages in pages_of.items() if name != edition), {})
        summary_md = f"`{_shown(each.build_dir / 'summary.md')}`"
        titles[edition], chapters[edition] = {}, []
        (staging / prefix / "chapters").mkdir(parents=True)
        (staging / "_notebooks" / prefix / "run").mkdir(parents=True)
        for chapter in each.chapters:
            slides = edition == "en" and (slides_dir / f"{chapter.name}.slides.html").is_file()
            twin = other.get(chapter.name)
            nb = chapter_notebook(chapter, slides=slides, summary_md=summary_md, twin=twin)
            nbformat.write(nb, staging / prefix / "chapters" / f"{chapter.name}.ipynb")
            notebooks = staging / "_notebooks" / prefix
            if chapter.notebook is not None:
                shutil.copy2(chapter.notebook, notebooks / f"{chapter.name}.ipynb")
            if chapter.executed is not None:
                shutil.copy2(chapter.executed, notebooks / "run" / f"{chapter.name}.ipynb")
            titles[edition][chapter.name] = title_of(nb, chapter.name)
            texts.append(json.dumps(nb, ensure_ascii=False))  # outputs too: printed Hangul
            chapters[edition].append(
                {
                    "name": chapter.name,
                    "page": chapter.page,
                    "status": chapter.status,
                    "figures": count_figures(nb),
                    "slides": slides,
                    "twin": twin,
                }
            )
    if slides_dir.is_dir():
        shutil.copytree(slides_dir, staging / "_extra" / "slides")
    readme_text = readme.read_text(encoding="utf-8")
    pages = {
        "index.md": index_page(run, titles["en"], readme_text, korean),
        "data.md": data_cards.read_text(encoding="utf-8"),
        **api_pages(module_names()),
    }
    if korean is not None:
        pages["ko/index.md"] = korean_index_page(korean, titles[KOREAN], titles["en"])
    for name, text in pages.items():
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_text(text, encoding="utf-8")
    texts += pages.values()
    texts += [
        path.read_text(encoding="utf-8") for path in (PACKAGE_ROOT / "lstm_course").rglob("*.py")
    ]
    if static:
        copy_mathjax(staging / "_static")
        hangul_font(staging / "_static", texts)
    from lstm_course import __version__

    book: dict[str, Any] = {
        "version": __version__,
        "repository": conventions.REPO_URL,
        "banner": FAST_BANNER if run.fast else "",
        "extra": (staging / "_extra").is_dir(),
        "editions": {},  # prefix -> what conf.py sets on those pages: their language, banner
    }
    if korean is not None:
        banner = FAST_BANNER_KO if korean.fast else ""
        book["editions"][edition_prefix(KOREAN)] = {"language": KOREAN, "banner": banner}
    (staging / "_book.json").write_text(
        json.dumps(book, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    indexes = ("index.md", "ko/index.md")
    others = [name.removesuffix(".md") + ".html" for name in pages if name not in indexes]
    manifest: dict[str, Any] = {
        "build_dir": str(run.build_dir),
        "fast": run.fast,
        "chapters": chapters["en"],
        "pages": sorted(others),  # the data cards and the API pages
    }
    if korean is not None:  # the check opens these too, and their switches both ways
        manifest["editions"] = {
            KOREAN: {
                "index": KOREAN_INDEX,
                "build_dir": str(korean.build_dir),
                "fast": korean.fast,
                "chapters": chapters[KOREAN],
            }
        }
    return manifest


def sphinx_build(staging: Path, out: Path, doctrees: Path) -> int:
    """Run Sphinx (HTML) on ``staging`` into ``out``, in a fresh process; its exit status."""
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env["LSTM_COURSE_HEADLESS"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(
        dict.fromkeys(
            [str(PACKAGE_ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
        )
    )
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-j", "1"]
    command += ["-d", str(doctrees), str(staging), str(out)]
    completed = subprocess.run(command, env=env, capture_output=True, text=True)
    from lstm_course.runner import STARTUP_NOISE

    for line in (completed.stdout + completed.stderr).splitlines():
        if line.strip() and not STARTUP_NOISE.match(line):
            print(f"  sphinx: {line}", file=sys.stderr)
    return completed.returncode


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is below it (``build/summary.md``)."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def folder_size(folder: Path) -> int:
    """The bytes of every file under ``folder``."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def build(
    build_dir: Path,
    out: Path,
    notebooks_dir: Path,
    readme: Path,
    data_cards: Path,
    slides_dir: Path | None = None,
) -> int:
    """Build the site; the exit status (the messages printed)."""
    started = time.monotonic()
    try:
        run = read_run(build_dir, notebooks_dir)
    except NoRunError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        korean = read_korean(build_dir, notebooks_dir)
    except NoRunError as error:  # the English site is still worth building
        print(f"warning: the site is built without its Korean edition: {error}", file=sys.stderr)
        korean = None
    missing = [name for name in BOOK_TOOLS if importlib.util.find_spec(name) is None]
    if missing:
        print(
            f"error: the site needs {', '.join(missing)}: pip install -r requirements-book.txt "
            "(`make book` installs it)",
            file=sys.stderr,
        )
        return 2
    try:
        staging = out.parent / f"{out.name}-src"
        manifest = assemble(
            run,
            staging,
            readme=readme,
            data_cards=data_cards,
            slides_dir=slides_dir,
            korean=korean,
        )
    except NoRunError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if out.exists():
        shutil.rmtree(out)
    status = sphinx_build(staging, out, out.parent / f"{out.name}-doctrees")
    if status != 0 or not (out / "index.html").is_file():
        print(
            f"error: Sphinx failed (exit status {status}); its messages are above", file=sys.stderr
        )
        return 1
    (out / "_manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    failed = [c["name"] for c in manifest["chapters"] if c["status"] != OK]
    mode = "fast-mode run, with its banner" if run.fast else "full-mode run"
    line = f"{len(manifest['chapters'])} chapters from the {mode} in {build_dir}{os.sep}"
    if korean is not None:
        ko = manifest["editions"][KOREAN]["chapters"]
        failed += [f"ko/{c['name']}" for c in ko if c["status"] != OK]
        ko_mode = "fast-mode" if korean.fast else "full-mode"
        line += f", {len(ko)} Korean ones from the {ko_mode} run in {korean.build_dir}{os.sep}"
    print(
        f"{out / 'index.html'}: {line}, {folder_size(out) / 1e6:.1f} MB, "
        f"{time.monotonic() - started:.0f} s"
        + (f"; not run cleanly: {', '.join(failed)}" if failed else "")
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m lstm_course.book``: the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m lstm_course.book",
        description="Build the course's website from a course run's executed notebooks.",
    )
    parser.add_argument(
        "--build-dir", type=Path, default=Path("build"), help="the run's folder (default: build/)"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("build/book"), help="the site (default: build/book/)"
    )
    parser.add_argument("--notebooks", type=Path, default=Path(conventions.NOTEBOOKS_DIR))
    parser.add_argument("--readme", type=Path, default=Path("README.md"))
    parser.add_argument("--data-cards", type=Path, default=Path("datasets/README.md"))
    parser.add_argument(
        "--slides",
        type=Path,
        default=Path("build/workshop/slides"),
        help="the workshop slides, linked where they exist (default: build/workshop/slides/)",
    )
    args = parser.parse_args(argv)
    return build(
        args.build_dir, args.out, args.notebooks, args.readme, args.data_cards, args.slides
    )


if __name__ == "__main__":
    sys.exit(main())
