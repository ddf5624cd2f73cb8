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

**Two languages.** The Korean edition (한국어판, ``notebooks/ko/``) is made the same way, by the
same tags (``make workshop LANG=ko``: ``--edition ko``): its kit goes to ``build/workshop/ko/``,
from the Korean run in ``build/ko/``; its student edition's stubs say what to do in Korean
(:data:`STUDENT_TEXT`) and its Colab badges open ``workshop/student/ko/``
(:func:`lstm_course.conventions.student_dir`), where ``make release`` writes it beside the
English one in ``workshop/student/``.

**Slides** (:func:`write_slides`) are reveal.js decks made by nbconvert from the *executed*
chapters (their figures and printed results), from the cells a chapter marks with slide metadata
(``metadata.slideshow.slide_type``: ``slide``, ``subslide``, ``fragment`` or ``-``); every other
cell is skipped. They work with no network: reveal.js, MathJax 2, jQuery and RequireJS are
fetched once from the npm registry (``npm pack``) into ``build/workshop/slides/lib/``, and
:func:`external_references` proves that no slide asks for a script, stylesheet or font from
the web.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SOLUTION = "solution"
INSTRUCTOR_NOTE = "instructor-note"
GOING_FURTHER = "going-further"
ROLE_TAGS = (SOLUTION, INSTRUCTOR_NOTE, GOING_FURTHER)

STUDENT_MARKDOWN = "*Your answer here.*"
STUB_COMMENT = "# your answer: replace the ... and run this cell"
#: What the student edition writes in place of a solution, in each edition's language: a
#: markdown answer, the comment above a code stub's ``name = ...`` lines, and the comment of a
#: stub for a solution that defines no name.
STUDENT_TEXT = {
    "en": {"markdown": STUDENT_MARKDOWN, "stub": STUB_COMMENT, "code": "# your code here"},
    "ko": {
        "markdown": "*여기에 답을 쓰세요.*",
        "stub": "# 여러분의 답: ... 자리를 채우고 이 셀을 실행하세요",
        "code": "# 여기에 코드를 쓰세요",
    },
}

#: The slide libraries, from the npm registry, pinned; nbconvert's reveal template expects
#: reveal.js 4 (loaded with RequireJS) and MathJax 2.
SLIDE_LIBRARIES = {
    "reveal.js": "4.6.1",
    "mathjax": "2.7.9",
    "jquery": "3.7.1",
    "requirejs": "2.3.7",
}
#: What of each package the slides use (prefixes inside the package), to keep the kit small.
_KEEP = {
    "reveal.js": ("dist/", "plugin/notes/", "LICENSE"),
    "mathjax": (
        "MathJax.js",
        "config/",
        "extensions/",
        "jax/input/TeX/",
        "jax/element/",
        "jax/output/CommonHTML/",
        "fonts/HTML-CSS/TeX/woff/",
        "localization/en/",
        "LICENSE",
    ),
    "jquery": ("dist/jquery.min.js", "LICENSE.txt"),
    "requirejs": ("require.js",),
}
#: The slides draw no Mermaid diagram: this module stands in for the one nbconvert's template
#: imports. A data: address, because a browser loads no module from a file:// page (CORS).
MERMAID_NONE = "data:text/javascript,export%20default%20%7Binitialize()%20%7B%7D%7D%3B"
SLIDE_TYPES = ("slide", "subslide", "fragment", "-", "notes", "skip")
_COLAB_BADGE = re.compile(r"\[!\[Open In Colab\]\([^)]*\)\]\([^)]*\)\n?")

__all__ = [
    "GOING_FURTHER",
    "INSTRUCTOR_NOTE",
    "ROLE_TAGS",
    "SOLUTION",
    "defined_names",
    "external_references",
    "instructor_edition",
    "solution_stub",
    "student_edition",
    "write_slides",
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


def solution_stub(code: str, edition: str = "en") -> str:
    """The student's version of a solution cell: its leading comments, then ``name = ...`` for
    every name the solution defines. A solution that defines nothing becomes a comment only.
    The added comment is in ``edition``'s language (:data:`STUDENT_TEXT`)."""
    text = _student_text(edition)
    comments = []
    for line in code.splitlines():
        if line.startswith("#"):
            comments.append(line)
        elif line.strip():
            break
    names = defined_names(code)
    stub = [*comments, text["stub"]] if names else [*comments, text["code"]]
    stub += [f"{name} = ..." for name in names]
    return "\n".join(stub)


def _student_text(edition: str) -> dict[str, str]:
    if edition not in STUDENT_TEXT:
        raise ValueError(f"edition {edition!r}: expected one of {', '.join(STUDENT_TEXT)}")
    return STUDENT_TEXT[edition]


def _clean(cell: dict[str, Any]) -> dict[str, Any]:
    cell = copy.deepcopy(cell)
    if cell.get("cell_type") == "code":
        cell["outputs"] = []
        cell["execution_count"] = None
    return cell


def student_edition(
    nb: dict[str, Any], name: str | None = None, ref: str | None = None, edition: str = "en"
) -> Any:
    """The notebook with every solution replaced by a stub and every instructor note dropped;
    given the chapter's file ``name``, its Colab badge opens the student edition at ``ref``
    (``workshop/student/``; the Korean one, ``edition="ko"``, ``workshop/student/ko/``)."""
    import nbformat

    from lstm_course.conventions import REF, colab_url, point_badge, student_dir

    text = _student_text(edition)
    student = nbformat.from_dict(copy.deepcopy(nb))
    if name is not None:
        point_badge(student, colab_url(name, ref or REF, folder=student_dir(edition)))
    cells = []
    for cell in student["cells"]:
        role = tags(cell)
        if INSTRUCTOR_NOTE in role:
            continue
        if SOLUTION in role:
            cell = _clean(cell)
            if cell["cell_type"] == "code":
                cell["source"] = solution_stub(_source(cell), edition)
            else:
                cell["source"] = text["markdown"]
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


def write_editions(notebooks: Sequence[Path], out_dir: Path, edition: str = "en") -> list[Path]:
    """Write ``out_dir/student/NN_slug.ipynb`` and ``out_dir/instructor/NN_slug.ipynb`` from the
    chapters of ``edition``."""
    import nbformat

    written = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        editions = {
            "student": student_edition(nb, path.name, edition=edition),
            "instructor": instructor_edition(nb),
        }
        for kind, made in editions.items():
            target = out_dir / kind / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nbformat.from_dict(made), target)
            written.append(target)
    return written


def write_student_edition(
    notebooks: Sequence[Path], folder: Path, ref: str, edition: str = "en"
) -> list[Path]:
    """The student edition of each chapter of ``edition`` into ``folder`` (``make release``: the
    repository's ``workshop/student``, ``workshop/student/ko`` for Korean, so the badges open it
    at the release tag); the files it changed."""
    import nbformat

    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        made = nbformat.writes(student_edition(nb, path.name, ref, edition))
        target = folder / path.name
        if not target.exists() or target.read_text(encoding="utf-8") != made + "\n":
            target.write_text(made + "\n", encoding="utf-8")
            changed.append(target)
    return changed


# --------------------------------------------------------------------------- slides


class SlidesUnavailableError(RuntimeError):
    """The slide libraries could not be fetched (no npm, or no registry)."""


def vendor_slide_libraries(lib_dir: Path) -> Path:
    """Put reveal.js, MathJax, jQuery and RequireJS under ``lib_dir`` (once; kept after)."""
    stamp = lib_dir / ".versions"
    wanted = " ".join(f"{name}@{version}" for name, version in SLIDE_LIBRARIES.items())
    if stamp.exists() and stamp.read_text() == wanted:
        return lib_dir
    npm = shutil.which("npm")
    if npm is None:
        raise SlidesUnavailableError(
            "the slides need reveal.js and MathJax from the npm registry, and npm was not found: "
            "install Node.js with npm (apt-get install npm), or skip the slides "
            "(python -m lstm_course.workshop --no-slides)"
        )
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run(
            [npm, "pack", "--silent", *wanted.split()],
            cwd=scratch,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no message"]
            raise SlidesUnavailableError(
                f"npm pack {wanted} failed ({reason[0]}); the slides need the npm registry"
            )
        if lib_dir.exists():
            shutil.rmtree(lib_dir)
        for name, version in SLIDE_LIBRARIES.items():
            _extract(Path(scratch) / f"{name}-{version}.tgz", lib_dir / name, _KEEP[name])
    stamp.write_text(wanted)
    return lib_dir


def _extract(archive: Path, target: Path, keep: Sequence[str]) -> None:
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            inner = member.name.split("/", 1)[-1]
            if not member.isfile() or not inner.startswith(tuple(keep)):
                continue
            destination = target / inner
            destination.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None
            destination.write_bytes(source.read())


def slide_deck(nb: dict[str, Any]) -> dict[str, Any]:
    """The notebook with every cell that has no slide type marked ``skip``; refuses a chapter
    that marks no slide, naming what to add."""
    deck = copy.deepcopy(nb)
    marked = 0
    for cell in deck["cells"]:
        show = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        if show is None:
            cell.setdefault("metadata", {})["slideshow"] = {"slide_type": "skip"}
        elif show not in SLIDE_TYPES:
            raise ValueError(f"slide_type must be one of {SLIDE_TYPES}; a cell has {show!r}")
        elif show != "skip":
            marked += 1
    if marked == 0:
        raise ValueError(
            "no cell is marked for the slides: give the key cells (goal, equations, the "
            "headline figure, the result) metadata.slideshow.slide_type = 'slide'"
        )
    deck["metadata"].pop("widgets", None)
    for cell in deck["cells"][:1]:  # a room may be offline: no Colab badge (an image from the web)
        if cell.get("cell_type") == "markdown":
            cell["source"] = _COLAB_BADGE.sub("", _source(cell))
    return deck


def _slides_exporter(lib: str, language: str = "en") -> Any:
    from nbconvert import SlidesExporter

    return SlidesExporter(
        language_code=language,  # <html lang="ko">: Korean fonts and line breaking, read aloud
        reveal_url_prefix=f"{lib}/reveal.js",
        reveal_theme="white",
        mathjax_url=f"{lib}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
        jquery_url=f"{lib}/jquery/dist/jquery.min.js",
        require_js_url=f"{lib}/requirejs/require.js",
        mermaid_js_url=MERMAID_NONE,
        embed_images=True,
        exclude_input=True,  # a slide shows what a cell printed or drew, not its code
        reveal_scroll=True,  # a long slide (a summary, a table) scrolls instead of running off
    )


def hangul_font(lib_dir: Path, texts: Sequence[str]) -> str:
    """NanumGothic (OFL, shipped by ``koreanize-matplotlib``) cut down to the Hangul in
    ``texts`` and written beside the slides as ``fonts/hangul.woff``; the CSS that makes it the
    fallback for Hangul, so a room's machines need no Korean font ("" when there is no Hangul).

    The font goes through fontTools (as the website's does): browsers refuse the shipped
    ``.ttf`` as it is (an empty ``TSI3`` table), and a subset is a fraction of its size."""
    from lstm_course.book import hangul_font as subset_font

    if not subset_font(lib_dir, texts):
        return ""
    return (
        "<style>\n@font-face { font-family: 'NanumGothic'; "
        f"src: url('{lib_dir.name}/fonts/hangul.woff') format('woff'); }}\n"
        ".reveal, .reveal h1, .reveal h2, .reveal h3, .jp-RenderedHTMLCommon { font-family: "
        "'Source Sans Pro', Helvetica, sans-serif, 'NanumGothic'; }\n"
        ".reveal pre, .reveal code, .reveal .jp-RenderedText pre { font-family: "
        "var(--jp-code-font-family-default, monospace), 'NanumGothic'; }\n</style>\n"
    )


def write_slides(executed: Sequence[Path], out_dir: Path, language: str = "en") -> list[Path]:
    """Write ``out_dir/NN_slug.slides.html`` for each executed chapter, and the libraries;
    ``language`` is the pages' ``lang`` (``ko`` for the Korean edition)."""
    import nbformat

    vendor_slide_libraries(out_dir / "lib")
    font_css = hangul_font(out_dir / "lib", [p.read_text(encoding="utf-8") for p in executed])
    exporter = _slides_exporter("lib", language)
    written = []
    for path in executed:
        nb = nbformat.from_dict(slide_deck(nbformat.read(path, as_version=4)))
        body, _ = exporter.from_notebook_node(nb)
        target = out_dir / f"{path.stem}.slides.html"
        target.write_text(body.replace("</head>", font_css + "</head>", 1), encoding="utf-8")
        written.append(target)
    return written


_REFERENCE = re.compile(
    r"""(?:<script[^>]*\ssrc|<link[^>]*\shref|@import\s+url\(|@import|url\()\s*=?\s*["']?"""
    r"""((?:https?:)?//[^"')\s>]+)""",
    re.IGNORECASE,
)
_STYLESHEET = re.compile(r"""(?:href=|@import\s+url\(|@import\s+)["']?([^"')\s>?#]+\.css)""")
_IMPORT = re.compile(r"""import\s+[^'"]*?from\s+['"]((?:https?:)?//[^'"]+)['"]""")


def external_references(page: Path) -> list[str]:
    """Every script, stylesheet, font or module that ``page`` (and the local stylesheets it
    links) would fetch from the web; empty for a page that works offline."""
    found: list[str] = []
    seen: set[Path] = set()

    def scan(path: Path) -> None:
        if path in seen or not path.is_file():
            return
        seen.add(path)
        text = path.read_text(encoding="utf-8", errors="replace")
        found.extend(f"{path.name}: {url}" for url in _REFERENCE.findall(text))
        found.extend(f"{path.name}: {url}" for url in _IMPORT.findall(text))
        local = re.findall(
            r"""(?:href=|@import\s+url\(|@import\s+)["']?([^"')\s>?#]+\.css)""", text
        )
        for ref in local:
            if "//" not in ref:
                scan((path.parent / ref).resolve())

    scan(page.resolve())
    return found


# --------------------------------------------------------------------------- classroom pack

PACK_README = """\
# lstm-course: the classroom pack

Everything a room without internet needs to run the course: the student notebooks, wheels of
the course and of every package it uses (Linux x86-64, CPython {python}), and the data the
chapters read, already downloaded. Built by `make workshop` from lstm-course {version}.

## Set up each machine (once, about five minutes)

    tar xzf classroom-pack.tar.gz && cd classroom-pack
    python{python} -m venv .venv
    .venv/bin/pip install --no-index --find-links wheels -r requirements.txt lstm-course

Nothing here reaches the network: `--no-index` keeps pip on the wheels in this folder.

## Run the course

    export LSTM_COURSE_DATA="$PWD/data" LSTM_COURSE_OFFLINE=1
    .venv/bin/jupyter lab notebooks/

`LSTM_COURSE_DATA` points the loaders at the data in this pack; `LSTM_COURSE_OFFLINE=1` keeps
the online-only sections switched off (they say so in one line and move on). For a quick check
of a machine, run a chapter headless in fast mode (a minute):

    LSTM_COURSE_FAST=1 .venv/bin/python -m lstm_course.runner --fast --only 01 \\
        --notebooks notebooks --build-dir /tmp/check

## What is inside

- `notebooks/`: the student edition (exercises to fill in; `ex.q1.check()` checks them){edition};
- `wheels/`: {wheels} wheels;
- `data/`: the cached data sets ({datasets});
- `requirements.txt`: what the course needs.
"""


def fill_data_cache(data_dir: Path) -> list[str]:
    """Fetch every real data set that is not online-only into ``data_dir``; their names."""
    from lstm_course import datasets
    from lstm_course.datasets.sources import DATA_ENV

    previous = os.environ.get(DATA_ENV)
    os.environ[DATA_ENV] = str(data_dir)
    try:
        filled = []
        for info in datasets.CATALOG:
            if not info.generated and not info.online:
                info.function()
                filled.append(info.name)
        return filled
    finally:
        if previous is None:
            os.environ.pop(DATA_ENV, None)
        else:
            os.environ[DATA_ENV] = previous


def _pip(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"pip {' '.join(args[:2])} failed: " + " / ".join(tail))


#: How the pack's README names the edition of its notebooks.
PACK_EDITION = {"en": "", "ko": ", in Korean (한국어판)"}


def classroom_pack(
    student_dir: Path, out_dir: Path, repo: Path = Path("."), edition: str = "en"
) -> Path:
    """Write ``out_dir/classroom-pack.tar.gz``: student notebooks, wheels, data, a README.

    One pack per kit: the Korean kit's pack holds the Korean student edition in ``notebooks/``
    (a room works in one language), with the same wheels and data as the English one (the two
    editions run the same code)."""
    import lstm_course

    staging = out_dir / "classroom-pack"
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(student_dir, staging / "notebooks")
    shutil.copy(repo / "requirements.txt", staging / "requirements.txt")
    print("classroom pack: fetching the data sets ...", flush=True)
    filled = fill_data_cache(staging / "data")
    print("classroom pack: building wheels (the course and all it needs) ...", flush=True)
    wheels = staging / "wheels"
    _pip("wheel", "--quiet", "-w", str(wheels), "-r", str(repo / "requirements.txt"))
    _pip("wheel", "--quiet", "--no-deps", "-w", str(wheels), str(repo))
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    (staging / "README.md").write_text(
        PACK_README.format(
            python=python,
            version=lstm_course.__version__,
            wheels=len(list(wheels.glob("*.whl"))),
            datasets=", ".join(filled),
            edition=PACK_EDITION[edition],
        ),
        encoding="utf-8",
    )
    archive = out_dir / "classroom-pack.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        tar.add(staging, arcname="classroom-pack")
    shutil.rmtree(staging)
    return archive


def executed_chapters(build_dir: Path) -> list[Path]:
    """The executed chapters a course run left in ``build_dir`` (seed 0), in order."""
    return sorted(p for p in build_dir.glob("[0-9][0-9]_*.ipynb") if ".seed" not in p.name)


def main(argv: Sequence[str] | None = None) -> int:
    from lstm_course.conventions import EDITIONS, edition_dir

    parser = argparse.ArgumentParser(
        prog="python -m lstm_course.workshop",
        description="Build the workshop kit: editions, slides, timing guide, classroom pack.",
    )
    parser.add_argument(
        "--edition",
        choices=EDITIONS,
        default="en",
        help="en: the English kit; ko: the Korean one (notebooks/ko/, build/ko/ into "
        "build/workshop/ko/)",
    )
    parser.add_argument("--notebooks", type=Path, help="default: notebooks/ (ko: notebooks/ko/)")
    parser.add_argument(
        "--build-dir", type=Path, help="a course run; default: build/ (ko: build/ko/)"
    )
    parser.add_argument(
        "--out", type=Path, help="default: build/workshop/ (ko: build/workshop/ko/)"
    )
    parser.add_argument("--no-slides", action="store_true", help="skip the slides")
    parser.add_argument("--no-pack", action="store_true", help="skip the classroom pack")
    parser.add_argument(
        "--release",
        metavar="VERSION",
        help="only write the student edition of every edition into workshop/student/ "
        "(Korean: workshop/student/ko/), its badges at vVERSION",
    )
    args = parser.parse_args(argv)
    korean = args.edition != "en"
    args.notebooks = args.notebooks or Path(edition_dir(args.edition))
    args.build_dir = args.build_dir or Path("build") / ("" if not korean else args.edition)
    args.out = args.out or Path("build/workshop") / ("" if not korean else args.edition)
    from lstm_course.runner import find_chapters
    from lstm_course.timing import edition_record, timing_markdown

    if args.release:
        return _release(args.release)
    chapters = find_chapters(args.notebooks)
    if not chapters:
        print(f"workshop: no chapters (NN_slug.ipynb) in {args.notebooks}", file=sys.stderr)
        return 1
    write_editions(chapters, args.out, args.edition)
    print(f"workshop: student and instructor editions of {len(chapters)} chapters in {args.out}")
    if not args.no_slides:
        executed = executed_chapters(args.build_dir)
        if not executed:
            lang = " LANG=ko" if korean else ""
            print(
                f"workshop: no executed chapters in {args.build_dir} for the slides: "
                f"run `make course{lang}` (or `make course FAST=1{lang}`) first",
                file=sys.stderr,
            )
            return 1
        try:
            slides = write_slides(executed, args.out / "slides", args.edition)
        except (SlidesUnavailableError, ValueError) as error:
            print(f"workshop: slides: {error}", file=sys.stderr)
            return 1
        print(f"workshop: {len(slides)} slide decks in {args.out / 'slides'}")
    guide = timing_markdown(chapters, edition_record(args.edition), edition=args.edition)
    (args.out / "TIMING.md").write_text(guide, encoding="utf-8")
    print(f"workshop: {args.out / 'TIMING.md'}")
    if not args.no_pack:
        archive = classroom_pack(args.out / "student", args.out, edition=args.edition)
        size = archive.stat().st_size / 2**20
        print(f"workshop: {archive} ({size:.0f} MiB)")
    return 0


def _release(version: str) -> int:
    """``make release``: every edition's student edition into its folder under
    ``workshop/student/``, from the chapters in the working directory's ``notebooks/``."""
    from lstm_course.conventions import EDITIONS, edition_dir, release_ref, student_dir
    from lstm_course.runner import find_chapters

    written = 0
    for edition in EDITIONS:
        chapters = find_chapters(Path(edition_dir(edition)))
        if not chapters:
            continue
        folder = Path(student_dir(edition))
        changed = write_student_edition(chapters, folder, release_ref(version), edition)
        print(f"workshop: the {edition} student edition in {folder}/ ({len(changed)} changed)")
        written += 1
    if not written:
        print(
            f"workshop: no chapters (NN_slug.ipynb) in {edition_dir('en')}/: run this from the "
            "repository's root",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
