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

MathJax (from the ``django-static-mathjax`` wheel) and a Hangul font (NanumGothic, from
``koreanize-matplotlib``, cut down to the syllables the site uses) are copied into the site, so
it works without a network. ``_manifest.json`` in the site lists the chapter pages and their
figures, for ``make book-check`` (:mod:`lstm_course.book_check`). Exit status: 0 built,
1 Sphinx failed, 2 nothing to build from (the message says which command to run first).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
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
from lstm_course.report import OK, SKIPPED

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
COLAB_BADGE = re.compile(r"\[!\[Open In Colab\]\([^)]*\)\]\((?P<url>[^)\s]+)\)")
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


class NoRunError(Exception):
    """There are no executed notebooks to make pages of (the message says what to run)."""


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

    @property
    def number(self) -> str:
        return self.name[:2]

    @property
    def page(self) -> str:
        """The page's path in the site, ``chapters/NN_slug.html``."""
        return f"chapters/{self.name}.html"

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


def read_run(build_dir: Path, notebooks_dir: Path) -> Run:
    """The run in ``build_dir``, its chapters found as ``NN_slug.ipynb`` there and in
    ``notebooks_dir``; :class:`NoRunError` when ``build_dir`` holds no executed chapter."""
    executed = _chapter_files(build_dir)
    summary_path = build_dir / "summary.json"
    if not executed or not summary_path.is_file():
        what = "no executed notebooks" if not executed else "no summary.json"
        raise NoRunError(
            f"{what} in {build_dir}{os.sep}: run `make course` (or `make course FAST=1`, a quick "
            "run) first, then `make book`"
        )
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise NoRunError(
            f"{summary_path} cannot be read ({error}): run `make course` again, then `make book`"
        ) from error
    ran = {entry["name"]: entry for entry in summary.get("chapters", [])}
    committed = _chapter_files(notebooks_dir)
    run = Run(build_dir, summary)
    for name in sorted(set(executed) | set(committed)):
        chapter = Chapter(name, committed.get(name), executed.get(name))
        entry = ran.get(name)
        if entry is not None:
            chapter.status = entry.get("status", NOT_RUN)
            chapter.headline = entry.get("headline_text", "")
            chapter.failure = _failure_line(entry)
        if chapter.status in (NOT_RUN, SKIPPED):  # not in this run, or stopped before it
            chapter.status = NOT_RUN if chapter.executed is None else EARLIER
        run.chapters.append(chapter)
    return run


def _failure_line(entry: dict[str, Any]) -> str:
    """Where and how a chapter failed, from its ``summary.json`` entry."""
    failure = entry.get("failure")
    if not failure:
        return ""
    cell = failure.get("cell_index")
    where = (
        "before its first cell"
        if cell is None
        else f"at cell {cell + 1}, ``{failure.get('first_line', '')}``"
    )
    return f"It stopped {where}, with {failure.get('ename')}: {failure.get('evalue')}"


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
    if chapter.status == NOT_RUN:
        title, body = (
            "This chapter was not part of the build run",
            f"The run (see {summary_md}) did not include it, so this page shows the notebook "
            "without outputs: run `make course` to see them.",
        )
    elif chapter.status == EARLIER:
        title, body = (
            "This chapter is from an earlier run",
            f"The last run (see {summary_md}) did not include it: its outputs are older.",
        )
    else:
        title = "This chapter failed in the build run"
        body = f"This chapter failed in the build run: see {summary_md}."
        if chapter.failure:
            body += f" {chapter.failure}. The page shows what ran up to there."
    return f":::{{admonition}} {title}\n:class: error {STATUS_CLASS}\n\n{body}\n:::\n"


def links_line(chapter: Chapter, colab: str, slides: bool) -> str:
    """The row under a chapter's title: Colab, the notebook's downloads, the slides."""
    parts = [f'<a class="book-button" href="{colab}">Open in Colab</a>']
    if chapter.notebook is not None:
        parts.append(f"{{download}}`Download the notebook <../_notebooks/{chapter.name}.ipynb>`")
    if chapter.executed is not None:
        parts.append(
            f"{{download}}`with this run's outputs <../_notebooks/run/{chapter.name}.ipynb>`"
        )
    if slides:
        parts.append(f'<a href="../slides/{chapter.name}.slides.html">Workshop slides</a>')
    return " · ".join(parts)


def chapter_notebook(chapter: Chapter, *, slides: bool, summary_md: str) -> Any:
    """The notebook of a chapter's page: the run's outputs without TensorFlow's start-up lines,
    the Colab badge replaced by the links row (no image from another host), the status box."""
    import nbformat

    from lstm_course.runner import strip_startup_noise

    nb = nbformat.read(chapter.shown, as_version=4)
    strip_startup_noise(nb)
    colab = conventions.colab_url(f"{chapter.name}.ipynb")
    header = nb.cells[0] if nb.cells and nb.cells[0].cell_type == "markdown" else None
    match = COLAB_BADGE.search(header.source) if header is not None else None
    if match:
        colab = match["url"]
    row = links_line(chapter, colab, slides)
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


def index_page(run: Run, titles: dict[str, str], readme: str) -> str:
    """The landing page: the README's opening, its chapter table, what the run gave."""
    intro = readme.partition("\n\n")[2].partition("\n\n")[0].strip()
    rows = readme_chapter_rows(readme)
    summary = run.summary
    mode = "fast mode, a quick run" if run.fast else "full mode"
    lines = [
        "# lstm-course",
        "",
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
    lines += [
        "",
        "Also here: the [data cards](data.md), and the [API](api/index.md) of the `lstm_course` "
        "package, from its docstrings. Search (top left) works without a network.",
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
) -> dict[str, Any]:
    """Write the site's source into ``staging`` (emptied first); the manifest of its chapters.

    ``slides_dir`` holds the workshop slides (default: the run's ``workshop/slides``);
    ``static=False`` leaves out MathJax and the font (the pages alone, for the tests)."""
    import nbformat

    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(BOOK_SOURCE, staging, ignore=shutil.ignore_patterns("__pycache__"))
    slides_dir = slides_dir or run.build_dir / "workshop" / "slides"
    summary_md = f"`{_shown(run.build_dir / 'summary.md')}`"
    titles, chapters, texts = {}, [], []
    (staging / "chapters").mkdir()
    (staging / "_notebooks" / "run").mkdir(parents=True)
    for chapter in run.chapters:
        slides = (slides_dir / f"{chapter.name}.slides.html").is_file()
        nb = chapter_notebook(chapter, slides=slides, summary_md=summary_md)
        nbformat.write(nb, staging / "chapters" / f"{chapter.name}.ipynb")
        if chapter.notebook is not None:
            shutil.copy2(chapter.notebook, staging / "_notebooks" / f"{chapter.name}.ipynb")
        if chapter.executed is not None:
            shutil.copy2(chapter.executed, staging / "_notebooks" / "run" / f"{chapter.name}.ipynb")
        titles[chapter.name] = title_of(nb, chapter.name)
        texts.append(json.dumps([cell.source for cell in nb.cells], ensure_ascii=False))
        chapters.append(
            {
                "name": chapter.name,
                "page": chapter.page,
                "status": chapter.status,
                "figures": count_figures(nb),
                "slides": slides,
            }
        )
    if slides_dir.is_dir():
        shutil.copytree(slides_dir, staging / "_extra" / "slides")
    readme_text = readme.read_text(encoding="utf-8")
    pages = {
        "index.md": index_page(run, titles, readme_text),
        "data.md": data_cards.read_text(encoding="utf-8"),
        **api_pages(module_names()),
    }
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

    book = {
        "version": __version__,
        "repository": conventions.REPO_URL,
        "banner": FAST_BANNER if run.fast else "",
        "extra": (staging / "_extra").is_dir(),
    }
    (staging / "_book.json").write_text(json.dumps(book, indent=1), encoding="utf-8")
    others = [name.removesuffix(".md") + ".html" for name in pages if name != "index.md"]
    return {
        "build_dir": str(run.build_dir),
        "fast": run.fast,
        "chapters": chapters,
        "pages": sorted(others),  # the data cards and the API pages
    }


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
            run, staging, readme=readme, data_cards=data_cards, slides_dir=slides_dir
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
    print(
        f"{out / 'index.html'}: {len(manifest['chapters'])} chapters from the {mode} in "
        f"{build_dir}{os.sep}, {folder_size(out) / 1e6:.1f} MB, "
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
