"""The browser check of the website (``make book-check``) finds each fault it promises to find.

The site here is a handful of hand-written HTML pages, each with one fault, and a
``_manifest.json`` as ``make book`` writes it; the Korean edition's pages (``ko/``) and the
language switches between the two editions are written the same way. It needs Playwright's
Python package and Debian's Chromium (``make test-book`` installs both); without them the
browser tests are skipped.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lstm_course import book_check

from .test_book import tiny_png

HANGUL_FONT = "Course Hangul"


def html(body: str, head: str = "", lang: str = "") -> str:
    attribute = f' lang="{lang}"' if lang else ""
    return (
        f"<!doctype html><html{attribute}><head><meta charset='utf-8'>{head}</head>"
        f"<body>{body}</body></html>"
    )


def figure(src: str = "../fig.png") -> str:
    return f'<div class="cell_output"><img src="{src}" alt="a figure"></div>'


CHAPTERS = {
    "01_good": ("ok", 1, figure()),
    "02_remote": ("ok", 1, figure() + '<img src="http://192.0.2.1/logo.png">'),
    "03_dollars": ("ok", 1, figure() + "<p>the state $$h_t = o_t$$ shown raw</p>"),
    "04_missing_image": ("ok", 1, figure("../nowhere.png")),
    "05_console": ("ok", 1, figure() + "<script>console.error('boom')</script>"),
    "06_too_few_figures": ("ok", 3, figure()),
    "07_failed_with_box": ("FAILED", 2, '<div class="book-run-status">failed</div>'),
    "08_failed_no_box": ("FAILED", 0, "<p>nothing says it failed</p>"),
    "09_hangul_no_font": ("ok", 0, "<p>은닉 상태</p>"),
}
SLIDES = {"01_good": True, "06_too_few_figures": True}  # 01's are in the site, 06's are not


def write_site(folder: Path, chapters: dict[str, tuple[str, int, str]]) -> Path:
    """A site with an index linking ``chapters`` (all but the last one), and a search page."""
    import base64

    (folder / "chapters").mkdir(parents=True)
    (folder / "fig.png").write_bytes(base64.b64decode(tiny_png()))
    names = list(chapters)
    links = "".join(f'<a href="chapters/{name}.html">{name}</a>' for name in names[:-1])
    (folder / "index.html").write_text(html(f"<article>{links}</article>"))
    # Sphinx's search page fills this list from its local index; here it is written in.
    (folder / "search.html").write_text(html('<ul id="search-results"><li>forget gate</li></ul>'))
    manifest = {"chapters": []}
    for name, (status, figures, body) in chapters.items():
        (folder / "chapters" / f"{name}.html").write_text(html(f"<article>{body}</article>"))
        page = f"chapters/{name}.html"
        slides = SLIDES.get(name, False)
        manifest["chapters"].append(
            {"name": name, "page": page, "status": status, "figures": figures, "slides": slides}
        )
    (folder / "slides").mkdir()
    (folder / "slides" / "01_good.slides.html").write_text(html("<p>slides</p>"))
    (folder / "_manifest.json").write_text(json.dumps(manifest))
    return folder


def test_only_loopback_and_inline_addresses_are_local() -> None:
    assert book_check.is_local("http://127.0.0.1:8000/index.html")
    assert book_check.is_local("data:image/png;base64,AAAA")
    assert not book_check.is_local("https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js")
    assert not book_check.is_local("http://localhost:8000/")  # only the address the check serves


def test_no_site_says_to_build_it_first(tmp_path: Path, capsys) -> None:
    assert book_check.main(["--site", str(tmp_path / "none")]) == 2
    assert "run `make book` first" in capsys.readouterr().err


def needs_a_browser() -> None:
    pytest.importorskip("playwright", reason="make test-book installs Playwright")
    if shutil.which(book_check.CHROMIUM) is None:
        pytest.skip("no Chromium at /usr/bin/chromium (make test-book installs it)")


@pytest.mark.slow
def test_every_fault_is_found_on_its_own_page(tmp_path: Path) -> None:
    needs_a_browser()
    site = write_site(tmp_path / "site", CHAPTERS)
    found = book_check.check_site(site, tmp_path / "shots")
    problems = "\n".join(found.problems)

    def on(name: str) -> list[str]:
        return [p for p in found.problems if p.startswith(f"chapters/{name}.html:")]

    assert not on("01_good"), problems
    assert any("outside 127.0.0.1: http://192.0.2.1/logo.png" in p for p in on("02_remote"))
    assert any("raw $$ in the text" in p for p in on("03_dollars"))
    assert any("image did not load" in p for p in on("04_missing_image"))
    assert any("404 for" in p for p in on("04_missing_image"))
    assert any("console error: boom" in p for p in on("05_console"))
    assert "chapters/06_too_few_figures.html: its workshop slides link to slides/" in problems
    assert on("06_too_few_figures")[0] == (
        "chapters/06_too_few_figures.html: 1 figures shown, its notebook has 3"
    )
    assert not on("07_failed_with_box"), problems  # noted, not failed: its box says it
    assert any("07_failed_with_box" in note for note in found.notes)
    assert any("no box says so" in p for p in on("08_failed_no_box"))
    assert any("Hangul font did not load" in p for p in on("09_hangul_no_font"))
    assert "index.html: no link to the chapter page chapters/09_hangul_no_font.html" in problems
    assert (tmp_path / "shots" / "index.png").is_file()
    assert (tmp_path / "shots" / "chapter-01_good.png").is_file()


@pytest.mark.slow
def test_a_good_site_passes_with_its_screenshots(tmp_path: Path, capsys) -> None:
    needs_a_browser()
    good = {"01_good": CHAPTERS["01_good"], "02_also_good": ("ok", 1, figure())}
    site = write_site(tmp_path / "site", {**good, "03_last": ("ok", 0, "<p>text</p>")})
    index = (
        (site / "index.html")
        .read_text()
        .replace("</article>", '<a href="chapters/03_last.html">03</a></article>')
    )
    (site / "index.html").write_text(index)
    shots = tmp_path / "shots"
    assert book_check.main(["--site", str(site), "--shots", str(shots)]) == 0
    out = capsys.readouterr().out
    assert "book-check: 5 passed, 0 failed" in out
    assert sorted(p.name for p in shots.iterdir()) == ["chapter-01_good.png", "index.png"]


# --------------------------------------------------------------------------------------------
# The Korean edition: its pages, the switch both ways
# --------------------------------------------------------------------------------------------


def switch(href: str, edition: str) -> str:
    """The language switch as ``make book`` writes it, from a page in ``edition``."""
    if edition == "en":
        return (
            f'<span class="book-lang"><strong>English</strong> | <a href="{href}">한국어</a></span>'
        )
    return f'<span class="book-lang"><a href="{href}">English</a> | <strong>한국어</strong></span>'


FONT_HEAD = (
    '<style>@font-face { font-family: "Course Hangul"; src: url("/fonts/hangul.woff") '
    'format("woff"); } body { font-family: "Course Hangul", sans-serif; }</style>'
)
# name -> (twin in the manifest, the English page's body, the Korean page's body, its lang)
PAIRS = {
    "01_pair": (True, switch("../ko/chapters/01_pair.html", "en"), "", "ko"),
    "02_one_way": (True, switch("../ko/chapters/02_one_way.html", "en"), "<p>한쪽</p>", "ko"),
    "03_dangling": (False, switch("../ko/chapters/03_dangling.html", "en"), None, ""),
    "04_wrong_lang": (False, "", "<p>언어 표시</p>", "en"),
    "05_no_font": (False, "", "<p>글꼴 없음</p>", "ko"),
    "06_no_hangul": (False, "", "<p>only English here</p>", "ko"),
}


def write_korean_site(folder: Path, pairs: dict) -> Path:
    """A site in English and Korean: for each name in ``pairs``, an English chapter page and
    (where its Korean body is not None) a Korean one; the manifest's twins as ``pairs`` says."""
    pytest.importorskip("koreanize_matplotlib", reason="the Hangul font: requirements.txt")
    from lstm_course import book

    (folder / "ko" / "chapters").mkdir(parents=True)
    (folder / "chapters").mkdir()
    texts = ["한국어 장 목록 안녕 한쪽 언어 표시 글꼴 없음"]
    assert book.hangul_font(folder, texts)  # folder/fonts/hangul.woff, as in the site's _static
    english, korean = [], []
    for name, (twin, en_body, ko_body, lang) in pairs.items():
        en_page, ko_page = f"chapters/{name}.html", f"ko/chapters/{name}.html"
        (folder / en_page).write_text(html(f"<article>{en_body}</article>", FONT_HEAD))
        english.append(
            {"name": name, "page": en_page, "status": "ok", "figures": 0, "slides": False}
            | {"twin": ko_page if twin else None}
        )
        if ko_body is None:
            continue
        if name == "01_pair":
            ko_body = switch("../../chapters/01_pair.html", "ko") + "<p>안녕</p>"
        head = "" if name == "05_no_font" else FONT_HEAD
        (folder / ko_page).write_text(html(f"<article>{ko_body}</article>", head, lang))
        korean.append(
            {"name": name, "page": ko_page, "status": "ok", "figures": 0, "slides": False}
            | {"twin": en_page if twin else None}
        )
    links = "".join(f'<a href="{c["page"]}">{c["name"]}</a>' for c in english)
    index = switch("ko/index.html", "en") + links
    (folder / "index.html").write_text(html(f"<article>{index}</article>", FONT_HEAD))
    links = "".join(f'<a href="chapters/{c["name"]}.html">{c["name"]}</a>' for c in korean)
    ko_index = switch("../index.html", "ko") + "<h1>장 목록</h1>" + links
    (folder / "ko" / "index.html").write_text(
        html(f"<article>{ko_index}</article>", FONT_HEAD, "ko")
    )
    (folder / "search.html").write_text(html('<ul id="search-results"><li>forget gate</li></ul>'))
    korean_edition = {"index": "ko/index.html", "fast": True, "chapters": korean}
    manifest = {"chapters": english, "editions": {"ko": korean_edition}}
    (folder / "_manifest.json").write_text(json.dumps(manifest))
    return folder


@pytest.mark.slow
def test_korean_pages_and_the_switch_both_ways_are_checked(tmp_path: Path) -> None:
    needs_a_browser()
    site = write_korean_site(tmp_path / "site", PAIRS)
    found = book_check.check_site(site, tmp_path / "shots")
    problems = "\n".join(found.problems)

    def on(page: str) -> list[str]:
        return [p.partition(": ")[2] for p in found.problems if p.startswith(f"{page}:")]

    for good in (
        "index.html",
        "ko/index.html",
        "chapters/01_pair.html",
        "ko/chapters/01_pair.html",
    ):
        assert not on(good), problems
    assert on("chapters/02_one_way.html") == [], problems  # its switch is there and loads
    assert on("ko/chapters/02_one_way.html") == [
        "no language switch to its twin chapters/02_one_way.html"
    ]
    assert on("chapters/03_dangling.html") == [
        "a language switch to ko/chapters/03_dangling.html, but the site has no twin of this page "
        "in the other edition",
        "its language switch links ko/chapters/03_dangling.html, which is not in the site",
    ]
    assert on("ko/chapters/04_wrong_lang.html") == ['a Korean page with <html lang="en">, not "ko"']
    assert on("ko/chapters/05_no_font.html") == [
        "Hangul in the text, but the site's Hangul font did not load"
    ]
    assert on("ko/chapters/06_no_hangul.html") == ["a Korean page without Hangul in its text"]
    assert sorted(path.name for path in (tmp_path / "shots").iterdir()) == [
        "index.png",
        "ko-index.png",
        "switch-en-01_pair.png",
        "switch-ko-01_pair.png",
    ]


@pytest.mark.slow
def test_a_site_with_its_korean_edition_passes(tmp_path: Path, capsys) -> None:
    needs_a_browser()
    site = write_korean_site(tmp_path / "site", {"01_pair": PAIRS["01_pair"]})
    assert book_check.main(["--site", str(site), "--shots", str(tmp_path / "shots")]) == 0
    assert "book-check: 5 passed, 0 failed" in capsys.readouterr().out
