"""Sphinx configuration of the course's website (``make book``).

``python -m lstm_course.book`` copies this folder to ``build/book-src/``, adds the pages it makes
from the executed notebooks of a course run (``build/``), the data cards and one API page per
module, and writes ``_book.json`` there (whether the run was fast, when it ran); then it runs
Sphinx on that folder into ``build/book/``. Nothing is executed here: the notebooks' outputs are
the run's own (``nb_execution_mode = "off"``). Nothing is fetched: MathJax and the Hangul font are
copied into ``_static/`` from installed packages, and no page loads anything from another host.
The Korean edition's pages (``ko/``, where the run has one) get ``<html lang="ko">`` and the
Korean run's own fast-mode banner (``_book.json``'s ``editions``).
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
BOOK = json.loads((HERE / "_book.json").read_text(encoding="utf-8"))

project = "lstm-course"
author = "the lstm-course authors"
copyright = "the lstm-course authors"
release = BOOK["version"]
language = "en"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",  # the docstrings' Args:, Returns:, Attributes:
    "sphinx.ext.mathjax",
]
exclude_patterns = ["_notebooks/**", "_build", "**.ipynb_checkpoints"]
suppress_warnings = ["myst.header", "mystnb.unknown_mime_type"]

# --- notebooks: render the run's outputs, never run anything ----------------------------------
nb_execution_mode = "off"
nb_ipywidgets_js: dict[str, dict[str, str]] = {}  # widget state would load scripts from a CDN
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "html_admonition"]
myst_heading_anchors = 3

# --- math: MathJax 3 from _static (no CDN) -----------------------------------------------------
mathjax_path = "mathjax/tex-chtml.js"

# --- API pages: the docstrings as they are written (their equations as literal blocks) ---------
highlight_language = "text"  # literal blocks in docstrings are equations and tables, not code
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_inherit_docstrings = False  # Keras's own are Markdown
napoleon_numpy_docstring = False
autodoc_default_options = {"members": True, "show-inheritance": True}

# --- the look: sphinx-book-theme, our own CSS (the Hangul font, the run boxes) ---------------
html_theme = "sphinx_book_theme"
html_title = "lstm-course"
html_static_path = ["_static"]
html_css_files = ["book.css"]
html_last_updated_fmt = ""
html_copy_source = False
html_show_sourcelink = False
html_extra_path = ["_extra"] if BOOK["extra"] else []  # the workshop slides, where built
html_context = {"default_mode": "auto"}  # else the theme logs an error in the console
html_theme_options = {
    "repository_url": BOOK["repository"],
    "use_repository_button": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": {"**": ["page-toc"], "index": []},  # the chapter table: room
    "home_page_in_toc": True,
    "navigation_with_keys": False,
}
if BOOK.get("banner"):
    html_theme_options["announcement"] = BOOK["banner"]


def edition_page(app, pagename, templatename, context, doctree):
    """A page of another edition (``ko/...``): its ``<html lang>`` and its own run's banner."""
    for prefix, edition in BOOK.get("editions", {}).items():
        if pagename.startswith(prefix):
            context["language"] = edition["language"]
            context["theme_announcement"] = edition["banner"]


def setup(app):
    """Indented blocks after a line ending in ``:`` (equations, tables) become literal blocks;
    the pages of the Korean edition say they are Korean."""
    from lstm_course.book import plain_docstring

    app.connect(
        "autodoc-process-docstring",
        lambda app, what, name, obj, options, lines: plain_docstring(lines),
    )
    app.connect("html-page-context", edition_page)
