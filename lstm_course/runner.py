"""Run the course: every chapter notebook, in order, headless, into ``build/``.

    python -m lstm_course.runner [--fast] [--only 01 02 ...] [--edition ko] [--build-dir build]
                                 [--timeout S]

Each ``notebooks/NN_slug.ipynb`` runs in a fresh ``python3`` kernel whose working directory is
the notebooks folder. The executed notebook goes to ``build/NN_slug.ipynb``, a web page of it to
``build/NN_slug.html``, the metrics it recorded (:func:`lstm_course.course.record_metric`) to
``build/NN_slug.metrics.json``, and what the kernel process itself printed (TensorFlow's start-up
lines, C++ warnings; those the kernel caught into a cell's output move there too) to
``build/NN_slug.log``, shown only when the chapter fails; the run ends
with a table and ``build/summary.json`` and ``build/summary.md``. A failing chapter stops the run
(unless ``--keep-going``), naming the cell and the error; what had run is saved. Exit status:
0 all ran, 1 a chapter failed, 2 bad arguments, 130 interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from lstm_course import conventions, course
from lstm_course.config import FAST_ENV, HEADLESS_ENV, SEED_ENV, fast_mode
from lstm_course.report import (
    FAILED,
    INTERRUPTED,
    OK,
    SKIPPED,
    CellFailure,
    ChapterResult,
    claims_failure,
    describe_failure,
    format_table,
    minutes,
    results_table,
    summarize,
    write_summary,
)

PACKAGE_ROOT = Path(course.__file__).resolve().parent.parent
"""The folder that holds the ``lstm_course`` package (the repository root in a checkout)."""
DEFAULT_NOTEBOOKS = (
    PACKAGE_ROOT / conventions.NOTEBOOKS_DIR
    if (PACKAGE_ROOT / conventions.NOTEBOOKS_DIR).is_dir()
    else Path(conventions.NOTEBOOKS_DIR)  # installed with pip: the working directory's
)
DEFAULT_BUILD = PACKAGE_ROOT / "build"
DEFAULT_TIMEOUT = 1800
KERNEL_NAME = "python3"


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: TensorFlow's C++ start-up lines, which its absl logging prints before ``TF_CPP_MIN_LOG_LEVEL``
#: is read (so that variable does not hide them): glog-style lines such as ``I0000 00:00:17.9
#: 8541 port.cc:153] oneDNN custom operations are on...`` or ``... cudart_stub.cc:31] Could not
#: find cuda drivers ...``, absl's notice before them, and the CPU-features line after one.
STARTUP_NOISE = re.compile(
    r"^(?:[IWEF]\d{4} \d\d:\d\d:\d+\.\d+\s+\d+ [\w.+-]+:\d+\] .*"
    r"|WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|To enable the following instructions: .*rebuild TensorFlow with the appropriate compiler"
    r" flags\.)$"
)


# --------------------------------------------------------------------------------------------
# Finding the chapters
# --------------------------------------------------------------------------------------------


def find_chapters(notebooks_dir: Path) -> list[Path]:
    """The chapter notebooks ``NN_slug.ipynb`` in ``notebooks_dir``, in order."""
    return sorted(notebooks_dir.glob(conventions.NOTEBOOK_GLOB))


def select_chapters(chapters: Sequence[Path], only: Sequence[str] | None) -> list[Path]:
    """The chapters named in ``only`` (``01``, ``1``, ``01_rnn_basics`` or its file name).

    Raises ``ValueError`` naming the chapters there are when one of ``only`` matches none.
    """
    if not only:
        return list(chapters)
    chosen = []
    for wanted in only:
        key = wanted.removesuffix(".ipynb")
        matches = [c for c in chapters if _chapter_matches(c, key)]
        if not matches:
            available = ", ".join(c.stem for c in chapters) or "none"
            raise ValueError(f"no chapter {wanted!r}; the chapters are: {available}")
        chosen += [c for c in matches if c not in chosen]
    return sorted(chosen)


def _chapter_matches(chapter: Path, key: str) -> bool:
    """Whether ``key`` (a number or a name) names ``chapter``."""
    if key.isdigit():
        return chapter.name[:2].isdigit() and int(chapter.name[:2]) == int(key)
    return chapter.stem == key


# --------------------------------------------------------------------------------------------
# Running one chapter
# --------------------------------------------------------------------------------------------


def kernel_env(fast: bool, metrics_file: Path, seed: int = 0) -> dict[str, str]:
    """The kernel's environment: ours, plus fast mode, the seed, the metrics file, this package."""
    env = dict(os.environ)
    env[FAST_ENV] = "1" if fast else "0"
    env[SEED_ENV] = str(seed)
    env[course.METRICS_ENV] = str(metrics_file)
    env[HEADLESS_ENV] = "1"  # explorers draw their static figure
    # TensorFlow's C++ start-up lines (no GPU found, CPU features) say nothing to a learner.
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    paths = [str(PACKAGE_ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def run_chapter(
    notebook: Path,
    build_dir: Path,
    *,
    fast: bool,
    timeout: int = DEFAULT_TIMEOUT,
    on_cell: Callable[[int, int], None] | None = None,
    seed: int = 0,
) -> ChapterResult:
    """Execute ``notebook`` top to bottom and save what it gave into ``build_dir``.

    The notebook runs in a fresh ``python3`` kernel, working directory its own folder, with
    ``LSTM_COURSE_FAST`` set from ``fast`` and ``LSTM_COURSE_SEED`` from ``seed``; ``timeout``
    is per cell, in seconds. ``on_cell(i, n)`` is called as the i-th of n code cells starts.
    The executed notebook, its HTML page, its metrics file and its log are written even when a
    cell fails or the run is interrupted (Ctrl-C); for a seed other than 0 their names end in
    ``.seedN`` (``02_many_to_one_spam.seed1.ipynb``). In full mode a claim that did not hold
    (:func:`lstm_course.course.claim`) fails the chapter, at the cell that made it.
    """
    import nbformat
    from nbclient.exceptions import CellExecutionError

    build_dir.mkdir(parents=True, exist_ok=True)
    result = ChapterResult(notebook.name, seed=seed)
    metrics_file = build_dir / f"{result.stem}.metrics.json"
    metrics_file.unlink(missing_ok=True)
    log_file = build_dir / f"{result.stem}.log"
    nb = nbformat.read(notebook, as_version=4)
    code_cells = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    running: list[int] = []

    def cell_started(cell: Any, cell_index: int) -> None:
        running.append(cell_index)
        if on_cell is not None:
            on_cell(code_cells.index(cell_index) + 1, len(code_cells))

    client = _client_class()(
        nb,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        resources={"metadata": {"path": str(notebook.parent.resolve())}},
        on_cell_execute=cell_started,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # not its start-up warnings
    )
    started = time.monotonic()
    try:
        with log_file.open("w", encoding="utf-8") as log:  # the kernel process's own output
            client.execute(env=kernel_env(fast, metrics_file, seed), stdout=log, stderr=log)
        result.status = OK
    except KeyboardInterrupt:
        result.status = INTERRUPTED
        result.failure = _failure(nb, running, "KeyboardInterrupt", "interrupted (Ctrl-C)")
    except CellExecutionError as error:
        result.status = FAILED
        result.failure = _failure(nb, running, error.ename, error.evalue)
    except Exception as error:  # a timeout, a dead kernel, a kernel that would not start
        result.status = FAILED
        result.failure = _failure(nb, running, type(error).__name__, _first_line(str(error)))
    if result.status != OK and (client.interrupted or result.failure.ename == "KeyboardInterrupt"):
        result.status = INTERRUPTED
        result.failure = _failure(nb, running, "KeyboardInterrupt", "interrupted (Ctrl-C)")
    result.seconds = time.monotonic() - started
    _collect_metrics(result, metrics_file)
    if result.status == OK and not fast and result.failed_claims():
        result.status = FAILED
        result.failure = _claim_failure(nb, result)
    executed = build_dir / f"{result.stem}.ipynb"
    result.outputs = _save_outputs(nb, executed, metrics_file, log_file)
    if result.status == FAILED:
        result.log_tail = _last_lines(log_file, 15)
    return result


_CLIENT: Any = None


def _client_class() -> Any:
    """nbclient's ``NotebookClient``, also recording whether Ctrl-C or SIGTERM stopped it.

    While a notebook runs, nbclient handles those two signals itself (it shuts the kernel down,
    and the run then fails with whatever error that caused); this subclass puts its own handler
    in their place, which records the signal and then shuts the kernel down the same way.
    """
    global _CLIENT
    if _CLIENT is None:
        from nbclient import NotebookClient

        class InterruptibleClient(NotebookClient):
            interrupted = False

            @contextlib.asynccontextmanager
            async def async_setup_kernel(self, **kwargs: Any) -> Any:
                async with super().async_setup_kernel(**kwargs):
                    loop = asyncio.get_running_loop()
                    with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows
                        for signum in (signal.SIGINT, signal.SIGTERM):
                            loop.add_signal_handler(signum, self.stop)
                    yield

            def stop(self) -> None:
                self.interrupted = True
                asyncio.ensure_future(self.km.shutdown_kernel(now=True))

            def _cleanup_kernel(self) -> None:
                # A kernel that never started has no manager to shut down; nbclient would
                # still try at exit and print an AssertionError after our one-line failure.
                if self.km is not None:
                    super()._cleanup_kernel()

        _CLIENT = InterruptibleClient
    return _CLIENT


def _last_lines(path: Path, count: int) -> list[str]:
    """The last ``count`` non-blank lines of a text file (none if it cannot be read)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    return [line for line in lines if line.strip()][-count:]


def _failure(nb: Any, running: list[int], ename: str, evalue: str) -> CellFailure:
    """A :class:`CellFailure` for the cell that was running last."""
    if not running:
        return CellFailure(None, "", ename, evalue)
    cell = nb.cells[running[-1]]
    first = next((line for line in cell.source.splitlines() if line.strip()), "")
    traceback: list[str] = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            traceback = _ANSI.sub("", "\n".join(output.get("traceback", []))).splitlines()
    return CellFailure(running[-1], first.strip(), ename, evalue, traceback)


def _first_line(text: str) -> str:
    """The first non-blank line of ``text``."""
    return next((line.strip() for line in text.splitlines() if line.strip()), text)


def _collect_metrics(result: ChapterResult, metrics_file: Path) -> None:
    """Read what the chapter recorded with ``record_metric`` and ``claim`` into ``result``."""
    data = course.read_metrics(metrics_file)
    result.metrics = data["metrics"]
    result.headline = data["headline"]
    result.claims = data["claims"]
    result.exercises = data["exercises"]


def _claim_failure(nb: Any, result: ChapterResult) -> CellFailure:
    """A ``ClaimFailed`` at the cell that printed the first claim that did not hold."""
    first = result.failed_claims()[0]
    marker = f"[claim] {first}: "
    index = next(
        (
            i
            for i, cell in enumerate(nb.cells)
            for output in cell.get("outputs", [])
            if marker in output.get("text", "")
        ),
        None,
    )
    line = "" if index is None else _first_line(nb.cells[index].source)
    return CellFailure(index, line, "ClaimFailed", claims_failure(result))


def strip_startup_noise(nb: Any) -> list[str]:
    """Take TensorFlow's start-up lines (:data:`STARTUP_NOISE`) out of the notebook's stderr
    outputs, in place, dropping an output left empty; the lines taken, in order.

    The kernel captures what its process writes to stderr, so these lines land in the cell that
    first imports TensorFlow, where they say nothing to a learner. Any other stderr line stays.
    """
    removed: list[str] = []
    for cell in nb.cells:
        kept_outputs = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                text = output.get("text", "")
                lines = (text if isinstance(text, str) else "".join(text)).splitlines(keepends=True)
                noise = [line for line in lines if STARTUP_NOISE.match(line.rstrip("\r\n"))]
                if noise:
                    removed += [line.rstrip("\r\n") for line in noise]
                    output["text"] = "".join(line for line in lines if line not in noise)
                    if not output["text"].strip():
                        continue
            kept_outputs.append(output)
        if "outputs" in cell:
            cell["outputs"] = kept_outputs
    return removed


def _save_outputs(nb: Any, executed: Path, metrics_file: Path, log_file: Path) -> list[str]:
    """Write the executed notebook and its HTML page; the names of the files in the build folder.

    TensorFlow's start-up lines move from the notebook's outputs to the end of the log.
    """
    import nbformat

    noise = strip_startup_noise(nb)
    if noise:
        with log_file.open("a", encoding="utf-8") as log:
            log.write("# TensorFlow's start-up lines, taken out of the notebook's outputs:\n")
            log.write("\n".join(noise) + "\n")
    nbformat.write(nb, executed)
    written = [executed.name]
    html = executed.with_suffix(".html")
    try:
        html.write_text(_html_exporter().from_notebook_node(nb)[0], encoding="utf-8")
        written.append(html.name)
    except Exception as error:  # the page is a convenience: never lose the run over it
        print(f"  (could not write {html.name}: {type(error).__name__}: {error})", flush=True)
    written += [path.name for path in (metrics_file, log_file) if path.exists()]
    return written


_EXPORTER: Any = None


def _html_exporter() -> Any:
    """One nbconvert HTML exporter for the whole run (building one takes a moment)."""
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter()
    return _EXPORTER


# --------------------------------------------------------------------------------------------
# Running the course
# --------------------------------------------------------------------------------------------


class Progress:
    """Progress lines: ``[2/10] 02_many_to_one_spam ... ok  3.2 min  test_accuracy=0.987``.

    On a terminal the line also shows the running cell (``cell 7/31``), rewritten in place; in
    a log (CI) only the finished lines are written.
    """

    def __init__(self, chapters: Sequence[Path], out: TextIO, runs: int | None = None) -> None:
        self.total = len(chapters) if runs is None else runs
        self.width = max((len(c.stem) for c in chapters), default=0)
        self.out = out
        self.live = out.isatty()
        self.color = self.live and "NO_COLOR" not in os.environ
        self.prefix = ""

    def start(self, index: int, chapter: Path, seed: int | None = None) -> None:
        """Chapter ``index`` (from 1) starts; ``seed`` is shown when the run has several."""
        name = chapter.stem if seed is None else f"{chapter.stem} seed {seed}"
        self.prefix = f"[{index}/{self.total}] {name:<{self.width}} ..."
        if self.live:
            self.out.write(self.prefix)
            self.out.flush()

    def cell(self, number: int, count: int) -> None:
        """The ``number``-th of ``count`` code cells starts (shown on a terminal only)."""
        if self.live:
            self.out.write(f"\r\x1b[K{self.prefix} cell {number}/{count}")
            self.out.flush()

    def done(self, result: ChapterResult) -> None:
        """Chapter finished: the line with its status, time and headline metric."""
        status = self.paint(f"{result.status:<6}", result.status)
        line = f"{self.prefix} {status} {minutes(result.seconds):>5} min  {result.headline_text()}"
        self.out.write(("\r\x1b[K" if self.live else "") + line.rstrip() + "\n")
        if result.failure is not None:
            self.out.write(describe_failure(result, self.paint) + "\n")
        self.out.flush()

    def paint(self, text: str, status: str) -> str:
        """``text`` in the colour of ``status``, on a terminal that takes colours."""
        codes = {OK: "32", FAILED: "1;31", INTERRUPTED: "33", SKIPPED: "2"}
        if not self.color or status not in codes:
            return text
        return f"\x1b[{codes[status]}m{text}\x1b[0m"


def chapter_seeds(notebook: Path) -> list[int]:
    """The seeds a chapter asks ``make verify`` to run it on: its metadata's
    ``lstm_course.seeds`` (``[0, 1, 2]`` where a result's margin is thin), else ``[0]``."""
    import nbformat

    seeds = nbformat.read(notebook, as_version=4).metadata.get("lstm_course", {}).get("seeds")
    if not seeds:
        return [0]
    if not all(isinstance(s, int) and s >= 0 for s in seeds):
        raise ValueError(f"{notebook.name}: metadata lstm_course.seeds must be whole numbers")
    return list(seeds)


def run_course(
    chapters: Sequence[Path],
    build_dir: Path,
    *,
    fast: bool,
    timeout: int = DEFAULT_TIMEOUT,
    keep_going: bool = False,
    out: TextIO | None = None,
    seeds: Callable[[Path], Sequence[int]] | Sequence[int] = (0,),
) -> list[ChapterResult]:
    """Run ``chapters`` in order into ``build_dir``; one result per chapter and seed.

    ``seeds`` is a list for every chapter, or a function giving each chapter's list. A failure
    stops the run unless ``keep_going`` (the runs not made are ``skipped``); Ctrl-C stops it,
    the run it interrupted marked ``interrupted``.
    """
    out = sys.stdout if out is None else out
    plan = [(c, s) for c in chapters for s in (seeds(c) if callable(seeds) else seeds)]
    several = any(seed != 0 for _, seed in plan)
    progress = Progress(chapters, out, runs=len(plan))
    results = [ChapterResult(chapter.name, seed=seed) for chapter, seed in plan]
    for index, (chapter, seed) in enumerate(plan):
        progress.start(index + 1, chapter, seed if several else None)
        try:
            results[index] = run_chapter(
                chapter, build_dir, fast=fast, timeout=timeout, on_cell=progress.cell, seed=seed
            )
        except KeyboardInterrupt:  # between two cells, or while saving
            results[index] = ChapterResult(chapter.name, INTERRUPTED, seed=seed)
        progress.done(results[index])
        status = results[index].status
        if status == INTERRUPTED or (status != OK and not keep_going):
            break
    return results


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m lstm_course.runner",
        description="Run the course's notebooks in order, headless, into a build folder.",
    )
    parser.add_argument(
        "--fast", action="store_true", help=f"fast mode: small data, few epochs ({FAST_ENV}=1)"
    )
    parser.add_argument(
        "--only", nargs="+", metavar="CHAPTER", help="run only these chapters: 01 02 or names"
    )
    parser.add_argument(
        "--edition",
        choices=conventions.EDITIONS,
        default="en",
        help="en: the English chapters (notebooks/); ko: the Korean edition (notebooks/ko/, "
        "into build/ko/)",
    )
    parser.add_argument("--build-dir", type=Path, help="default: build/ (ko: build/ko/)")
    parser.add_argument("--notebooks", type=Path, help="default: notebooks/ (ko: notebooks/ko/)")
    parser.add_argument(
        "--timeout",
        type=int,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"the most one cell may take (default {DEFAULT_TIMEOUT})",
    )
    parser.add_argument(
        "--keep-going", action="store_true", help="run the other chapters after a failure"
    )
    parser.add_argument(
        "--seeds",
        nargs="+",
        type=int,
        metavar="SEED",
        help="run every chapter once per seed (LSTM_COURSE_SEED); default 0",
    )
    parser.add_argument(
        "--verify",
        action="store_true",
        help="full mode, keep going, each chapter on the seeds its metadata asks for; exit 1 if "
        "a run fails, a claim does not hold or a target is missed (make verify)",
    )
    parser.add_argument(
        "--results-table",
        type=Path,
        metavar="SUMMARY_JSON",
        help="print the README's results table from a summary.json (of make verify) and exit",
    )
    parser.add_argument("--list", action="store_true", help="list the chapters and exit")
    args = parser.parse_args(argv)
    if args.notebooks is None:
        args.notebooks = DEFAULT_NOTEBOOKS
        if args.edition != "en":
            args.notebooks = DEFAULT_NOTEBOOKS / args.edition
    if args.build_dir is None:
        args.build_dir = DEFAULT_BUILD if args.edition == "en" else DEFAULT_BUILD / args.edition
    return args


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is below it."""
    try:
        return f"{path.resolve().relative_to(Path.cwd())}{os.sep}"
    except ValueError:
        return f"{path}{os.sep}"


def missing_tools() -> list[str]:
    """The runner's packages that are not installed (``pip install lstm-course[runner]``)."""
    return [name for name in RUNNER_TOOLS if importlib.util.find_spec(name) is None]


RUNNER_TOOLS = ("nbclient", "nbformat", "nbconvert", "ipykernel")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the course from the command line; the exit status."""
    args = parse_args(argv)
    if args.results_table is not None:
        return _print_results_table(args.results_table)
    if not args.notebooks.is_dir():
        print(
            f"error: no notebooks folder at {args.notebooks}: run this from the course's folder "
            "(the one with notebooks/), or name the folder with --notebooks",
            file=sys.stderr,
        )
        return 2
    missing = missing_tools()
    if missing:
        print(
            f"error: the runner needs {', '.join(missing)}, which this Python does not have: "
            "pip install 'lstm-course[runner]' (or `make course`, which sets everything up)",
            file=sys.stderr,
        )
        return 2
    chapters = find_chapters(args.notebooks)
    if not chapters:
        print(
            f"No chapter notebooks in {_shown(args.notebooks)} yet (looking for NN_slug.ipynb). "
            "The set-up is done; there is nothing to run."
        )
        return 0
    try:
        chapters = select_chapters(chapters, args.only)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.list:
        print("\n".join(chapter.stem for chapter in chapters))
        return 0
    return _run(chapters, args)


def _print_results_table(path: Path) -> int:
    """Print the README's results table made from the summary.json at ``path``."""
    import json

    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"error: cannot read {path} ({error}); run `make verify` first", file=sys.stderr)
        return 2
    print(results_table(summary))
    return 0


def _run(chapters: list[Path], args: argparse.Namespace) -> int:
    """Run the chosen chapters, print the table, write the summary; the exit status."""
    if args.verify and args.fast:
        print("error: --verify runs the full mode; leave out --fast", file=sys.stderr)
        return 2
    fast = not args.verify and (args.fast or fast_mode())
    seeds = args.seeds or (chapter_seeds if args.verify else [0])
    started = datetime.now(timezone.utc)
    backend = os.environ.get("KERAS_BACKEND", "tensorflow")
    print(
        f"lstm-course: {len(chapters)} chapter{'s' * (len(chapters) != 1)}, "
        f"{'fast' if fast else 'full'} mode, Keras backend {backend}, "
        f"{_shown(args.notebooks)} -> {_shown(args.build_dir)}",
        flush=True,
    )
    results = run_course(
        chapters,
        args.build_dir,
        fast=fast,
        timeout=args.timeout,
        keep_going=args.keep_going or args.verify,
        seeds=seeds,
    )
    summaries = summarize(results, fast)
    status = 0 if all(c.status == OK for c in summaries) else 1
    if any(r.status == INTERRUPTED for r in results):
        status = 130
    print("\n" + format_table(summaries))
    paths = write_summary(results, args.build_dir, fast=fast, started=started)
    print(f"\nSummary: {', '.join(_shown(p).rstrip(os.sep) for p in paths)}")
    pages = [name for r in results for name in r.outputs if name.endswith(".html")]
    if pages:
        print(f"Pages:   {_shown(args.build_dir)}{pages[0]}, ... (open them in a browser)")
    return status


if __name__ == "__main__":
    sys.exit(main())
