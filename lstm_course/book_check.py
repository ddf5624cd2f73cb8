"""The website in a real browser: ``make book-check`` opens every page the way a reader would.

    python -m lstm_course.book_check [--site build/book] [--shots build/book-check]

It serves the site (``build/book/``, from ``make book``) on ``127.0.0.1``, opens it in headless
Chromium (Debian's ``chromium``, driven by Playwright's Python package; no browser download),
and loads the index, every chapter page listed in the site's ``_manifest.json``, its other pages
(the data cards, the API) and the search page. It fails on:

- a console error, or an uncaught script error, on any page;
- a request to any address outside ``127.0.0.1`` (it is refused, and reported), or an answer of
  404 or worse from the local server;
- an image that does not load (every ``<img>`` on the page, decoded);
- raw ``$$`` left in the text outside code, or a math element MathJax did not render;
- a chapter page with fewer figures than its notebook's outputs hold (a page that carries the
  "failed in the build run" box is reported, not failed: its figures may never have been drawn);
- a chapter the manifest lists that the index does not link to, a chapter's workshop slides
  missing from the site, or Hangul text without the site's Hangul font loaded;
- a search for "forget gate" that finds nothing (the search index is a local file);
- a language switch (English | 한국어) that does not lead to the same page in the other edition,
  on a page whose twin the manifest lists, or any switch on a page that has no twin.

Where the site has the Korean edition (the manifest's ``editions``), it opens the Korean landing
page and every Korean chapter page too, with the same checks, and fails on a Korean page
without Hangul, without the Hangul font loaded, or without ``<html lang="ko">``; the switches are
checked both ways, English to Korean and back.

It saves screenshots of the index and of one chapter page (the first with figures, at its first
figure) under ``build/book-check/``; with the Korean edition, also of the Korean landing page
(``ko-index.png``) and of the top of the first chapter in both editions, with the switch
(``switch-en-NN_slug.png``, ``switch-ko-NN_slug.png``). Exit status: 0 every check passed,
1 a check failed, 2 no site or no browser (the message says what to run).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
#: Chromium's flags for a machine with no display and no network but loopback.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
SEARCH_QUERY = "forget gate"
STATUS_CLASS = "book-run-status"  # lstm_course.book.STATUS_CLASS (not imported: no Sphinx here)
SWITCH_CLASS = "book-lang"  # lstm_course.book.SWITCH_CLASS
PAGE_TIMEOUT_MS = 60_000

# What the browser measures on a page, once it has loaded and MathJax has finished.
MEASURE = """async ({statusClass, switchClass}) => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const images = [...document.images];
  for (const img of images) { img.loading = "eager"; }
  await Promise.all(images.map((img) => img.decode().catch(() => null)));
  const skip = "PRE, CODE, SCRIPT, STYLE, TEXTAREA, MJX-CONTAINER, MJX-ASSISTIVE-MML";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let text = "";
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement || !node.parentElement.closest(skip)) { text += node.data + "\\n"; }
  }
  const at = text.indexOf("$$");
  const article = document.querySelector("article") || document.body;
  return {
    rawDollars: (text.match(/\\$\\$/g) || []).length,
    rawDollarsAt: at >= 0 ? text.slice(Math.max(0, at - 60), at + 60) : "",
    mathUnrendered: [...document.querySelectorAll(".math")]
      .filter((el) => !el.querySelector("mjx-container"))
      .map((el) => el.textContent.slice(0, 80)),
    brokenImages: images
      .filter((img) => !(img.complete && img.naturalWidth > 0))
      .map((img) => img.src),
    figures: article.querySelectorAll(".cell_output img").length,
    statusBox: document.querySelectorAll("." + statusClass).length,
    hangul: /[\\u1100-\\u11ff\\u3130-\\u318f\\uac00-\\ud7a3]/.test(document.body.innerText),
    hangulFont: [...document.fonts].some(
      (f) => f.family.replace(/"/g, "") === "Course Hangul" && f.status === "loaded"),
    links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
    switchLinks: [...document.querySelectorAll("." + switchClass + " a[href]")].map((a) => a.href),
    lang: document.documentElement.lang,
  };
}"""


@dataclass
class Report:
    """What went wrong, page by page, and what was only noted."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pages: int = 0

    def fail(self, page: str, what: str) -> None:
        self.problems.append(f"{page}: {what}")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base's name)
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that drops a connection it no longer needs is no error of the site's."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) in a thread; its base address."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def is_local(url: str) -> bool:
    """Whether a request stays on this machine: 127.0.0.1, or a ``data:``/``blob:`` address."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws") and parts.hostname == "127.0.0.1"


def check_site(site: Path, shots: Path, browser_path: str = CHROMIUM) -> Report:
    """Open the site in Chromium and check every page; the report (screenshots saved)."""
    from playwright.sync_api import sync_playwright

    manifest = json.loads((site / "_manifest.json").read_text(encoding="utf-8"))
    report = Report()
    shots.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="book-check-"))
    try:
        with serve(site) as base, sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(profile),
                executable_path=browser_path,
                headless=True,
                args=list(CHROMIUM_FLAGS),
                viewport={"width": 1280, "height": 900},
                service_workers="block",
            )
            try:
                _check_pages(context, base, manifest, shots, report)
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return report


def _check_pages(context: Any, base: str, manifest: dict, shots: Path, report: Report) -> None:
    """Every check, page by page: the English pages, then the Korean ones where there are some."""
    checker = _Checker(context, base, shots, report)
    korean = manifest.get("editions", {}).get("ko")
    checker.landing("index.html", manifest["chapters"], korean and korean["index"], "index.png")
    checker.chapters(manifest["chapters"], "en")
    for path in manifest.get("pages", []):  # the data cards, the API: no figures expected
        checker.visit(path)
    if korean:
        checker.landing(korean["index"], korean["chapters"], "index.html", "ko-index.png", "ko")
        checker.chapters(korean["chapters"], "ko")
    checker.search()


class _Checker:
    """One browser tab on the served site, and what it found, page by page."""

    def __init__(self, context: Any, base: str, shots: Path, report: Report) -> None:
        self.base, self.shots, self.report = base, shots, report
        self.current = "?"
        context.route("**/*", self._route)
        page = context.new_page()
        page.on(
            "console",
            lambda msg: (
                msg.type == "error" and report.fail(self.current, f"console error: {msg.text}")
            ),
        )
        page.on("pageerror", lambda error: report.fail(self.current, f"script error: {error}"))
        page.on(
            "response",
            lambda response: (
                response.status >= 400
                and report.fail(self.current, f"{response.status} for {response.url}")
            ),
        )
        self.page = page

    def _route(self, route: Any) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            self.report.fail(self.current, f"requested an address outside 127.0.0.1: {url}")
            route.abort()

    def visit(self, path: str) -> dict[str, Any]:
        """Open ``path``; what the page shows, its common faults reported."""
        self.current = path
        self.report.pages += 1
        self.page.goto(self.base + path, wait_until="load", timeout=PAGE_TIMEOUT_MS)
        found = self.page.evaluate(
            MEASURE, {"statusClass": STATUS_CLASS, "switchClass": SWITCH_CLASS}
        )
        if found["rawDollars"]:
            where = " ".join(found["rawDollarsAt"].split())
            self.report.fail(path, f"raw $$ in the text (math not rendered): ...{where}...")
        for text in found["mathUnrendered"]:
            self.report.fail(path, f"math not rendered by MathJax: {text}")
        for src in found["brokenImages"]:
            self.report.fail(path, f"image did not load: {src}")
        if found["hangul"] and not found["hangulFont"]:
            self.report.fail(path, "Hangul in the text, but the site's Hangul font did not load")
        return found

    def korean(self, path: str, found: dict[str, Any]) -> None:
        """A Korean page shows Hangul (in the site's font: :meth:`visit`) and says it is Korean."""
        if not found["hangul"]:
            self.report.fail(path, "a Korean page without Hangul in its text")
        if found["lang"] != "ko":
            self.report.fail(path, f'a Korean page with <html lang="{found["lang"]}">, not "ko"')

    def switch(self, path: str, found: dict[str, Any], twin: str | None) -> None:
        """The page's language switch leads to ``twin`` and to nothing missing; a page without
        a twin has no switch."""
        targets = sorted({urlsplit(link).path.lstrip("/") for link in found["switchLinks"]})
        if twin is None and targets:
            self.report.fail(
                path,
                f"a language switch to {', '.join(targets)}, but the site has no twin of this "
                "page in the other edition",
            )
        elif twin is not None and twin not in targets:
            links = f" (it links {', '.join(targets)})" if targets else ""
            self.report.fail(path, f"no language switch to its twin {twin}{links}")
        for link in dict.fromkeys(found["switchLinks"]):
            if not self.page.request.get(link).ok:
                target = urlsplit(link).path.lstrip("/")
                self.report.fail(
                    path, f"its language switch links {target}, which is not in the site"
                )

    def landing(
        self, path: str, chapters: list[dict], twin: str | None, shot: str, edition: str = "en"
    ) -> None:
        """A landing page: it links every chapter of its edition; its switch; a screenshot."""
        found = self.visit(path)
        height = min(self.page.evaluate("document.documentElement.scrollHeight"), 2400)
        self.page.set_viewport_size({"width": 1280, "height": height})  # the chapter table
        self.page.screenshot(path=str(self.shots / shot))
        self.page.set_viewport_size({"width": 1280, "height": 900})
        linked = {urlsplit(link).path.lstrip("/") for link in found["links"]}
        for chapter in chapters:
            if chapter["page"] not in linked:
                self.report.fail(path, f"no link to the chapter page {chapter['page']}")
        self.switch(path, found, twin)
        if edition == "ko":
            self.korean(path, found)

    def chapters(self, chapters: list[dict], edition: str) -> None:
        """Every chapter page of one edition: figures, status box, slides, the language switch;
        the screenshots (English: the first figure; both: the top, with the switch)."""
        figure_shot = edition != "en"  # one chapter screenshot at a figure, from the English
        switch_shot = False
        for chapter in chapters:
            path = chapter["page"]
            found = self.visit(path)
            if edition == "ko":
                self.korean(path, found)
            self.switch(path, found, chapter.get("twin"))
            if not switch_shot and chapter.get("twin"):
                self.page.screenshot(
                    path=str(self.shots / f"switch-{edition}-{chapter['name']}.png")
                )
                switch_shot = True
            if found["figures"] < chapter["figures"]:
                what = f"{found['figures']} figures shown, its notebook has {chapter['figures']}"
                if found["statusBox"]:
                    self.report.notes.append(
                        f"{path}: {what} (the page says the chapter failed in the run)"
                    )
                else:
                    self.report.fail(path, what)
            if chapter["status"] != "ok" and not found["statusBox"]:
                self.report.fail(
                    path, f"the chapter's status is {chapter['status']!r}, but no box says so"
                )
            elif chapter["status"] != "ok":
                self.report.notes.append(
                    f"{path}: {chapter['status']} in the build run, and its box says so"
                )
            slides = f"slides/{chapter['name']}.slides.html"
            if chapter.get("slides") and not self.page.request.get(self.base + slides).ok:
                self.report.fail(
                    path, f"its workshop slides link to {slides}, which is not in the site"
                )
            if not figure_shot and chapter["figures"] and found["figures"]:
                self.page.locator(".cell_output img").first.scroll_into_view_if_needed()
                self.page.screenshot(path=str(self.shots / f"chapter-{chapter['name']}.png"))
                figure_shot = True

    def search(self) -> None:
        """The search page finds :data:`SEARCH_QUERY` (its index is a local file)."""
        self.current = "search.html"
        self.report.pages += 1
        self.page.goto(
            f"{self.base}search.html?q={SEARCH_QUERY.replace(' ', '+')}", wait_until="load"
        )
        try:
            self.page.wait_for_selector("#search-results li", timeout=PAGE_TIMEOUT_MS)
        except Exception:  # noqa: BLE001 (playwright's TimeoutError: no result came)
            self.report.fail("search.html", f"searching for {SEARCH_QUERY!r} found nothing")
        else:
            hits = self.page.locator("#search-results li").count()
            self.report.notes.append(f"search.html: {hits} pages found for {SEARCH_QUERY!r}")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m lstm_course.book_check``: the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m lstm_course.book_check",
        description="Open the course's website in headless Chromium and check every page.",
    )
    parser.add_argument("--site", type=Path, default=Path("build/book"))
    parser.add_argument("--shots", type=Path, default=Path("build/book-check"))
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", CHROMIUM))
    args = parser.parse_args(argv)
    if not (args.site / "_manifest.json").is_file():
        print(f"error: no site in {args.site}{os.sep}: run `make book` first", file=sys.stderr)
        return 2
    if shutil.which(args.chromium) is None:
        print(
            f"error: no Chromium at {args.chromium}: apt-get install chromium "
            "(`make book-check` does it)",
            file=sys.stderr,
        )
        return 2
    report = check_site(args.site, args.shots, args.chromium)
    for note in report.notes:
        print(f"  {note}")
    for problem in report.problems:
        print(f"FAIL {problem}")
    shots = ", ".join(str(path) for path in sorted(args.shots.glob("*.png")))
    print(f"screenshots: {shots}")
    passed = report.pages - len({p.split(":", 1)[0] for p in report.problems})
    print(f"book-check: {passed} passed, {report.pages - passed} failed")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
