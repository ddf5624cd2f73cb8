"""What a course run gave: one result per chapter and seed, and the summaries made of them.

The runner (:mod:`lstm_course.runner`) fills a :class:`ChapterResult` for each run of a chapter;
:class:`ChapterSummary` puts the runs of one chapter together (several when the chapter ran on
several seeds): its status, the mean and standard deviation of each metric, whether the target
is met on the mean, and each claim over every run. From those come the table printed at the end
of a run, ``build/summary.json``, ``build/summary.md`` and the README's results table
(:func:`results_table`).

A chapter's status in a full-mode run is ``FAILED`` when one of its runs failed, when a claim
did not hold in one of them, or when the mean of its headline metric misses the target. In fast
mode claims and targets are reported and never fail a chapter: the models are too small there.
"""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from lstm_course import course

OK, FAILED, SKIPPED, INTERRUPTED = "ok", "FAILED", "skipped", "interrupted"


@dataclass
class CellFailure:
    """Where and how a chapter failed."""

    cell_index: int | None  # position in the notebook, from 0; None if no cell was running
    first_line: str  # the first non-blank line of that cell's source
    ename: str  # the error's name: ZeroDivisionError, CellTimeoutError, ClaimFailed...
    evalue: str  # its message
    traceback: list[str] = field(default_factory=list)  # plain text, colours removed

    def where(self) -> str:
        """``cell 4 (index 3): x = 1 / 0``."""
        if self.cell_index is None:
            return "before the first cell (starting the kernel)"
        return f"cell {self.cell_index + 1} (index {self.cell_index}): {self.first_line}"


@dataclass
class ChapterResult:
    """What one run of one chapter gave."""

    notebook: str  # file name, NN_slug.ipynb
    status: str = SKIPPED
    seconds: float = 0.0
    headline: str | None = None  # the headline metric's name
    metrics: dict[str, Any] = field(default_factory=dict)  # name -> {"value", ...}
    failure: CellFailure | None = None
    outputs: list[str] = field(default_factory=list)  # files written into the build folder
    log_tail: list[str] = field(default_factory=list)  # the kernel's own last lines, on failure
    seed: int = 0  # LSTM_COURSE_SEED of this run
    claims: dict[str, Any] = field(default_factory=dict)  # name -> {"statement", "passed", ...}
    exercises: dict[str, str] = field(default_factory=dict)  # "07 q1" -> "correct", ...

    @property
    def name(self) -> str:
        """The chapter's name, ``NN_slug``."""
        return Path(self.notebook).stem

    @property
    def stem(self) -> str:
        """The name of this run's files: ``NN_slug``, or ``NN_slug.seed1`` for seed 1."""
        return self.name if self.seed == 0 else f"{self.name}.seed{self.seed}"

    def failed_claims(self) -> list[str]:
        """The names of the claims that did not hold in this run."""
        return [name for name, entry in self.claims.items() if not entry.get("passed")]

    def headline_text(self) -> str:
        """``test_accuracy=0.987``: the headline metric, else the first one, else empty."""
        name = self.headline or next(iter(self.metrics), None)
        if name is None or name not in self.metrics:
            return ""
        return f"{name}={course.format_value(self.metrics[name].get('value'))}"


def claims_failure(result: ChapterResult) -> str:
    """``2 claims did not hold: a (x=1, y=2); b (z=3)``: the message of a ``ClaimFailed``."""
    parts = []
    for name in result.failed_claims():
        measured = result.claims[name].get("measured", {})
        values = ", ".join(f"{k}={course.format_value(v)}" for k, v in measured.items())
        parts.append(f"{name} ({values})" if values else name)
    count = len(parts)
    return f"{count} claim{'s' * (count != 1)} did not hold: {'; '.join(parts)}"


@dataclass
class ChapterSummary:
    """The runs of one chapter, put together."""

    runs: list[ChapterResult]
    fast: bool

    @property
    def name(self) -> str:
        return self.runs[0].name

    @property
    def seeds(self) -> list[int]:
        return [run.seed for run in self.runs]

    @property
    def seconds(self) -> float:
        return sum(run.seconds for run in self.runs)

    @property
    def headline(self) -> str | None:
        """The headline metric's name (the first run that recorded one)."""
        return next((run.headline for run in self.runs if run.headline), None) or next(
            (name for run in self.runs for name in run.metrics), None
        )

    def metric(self, name: str) -> dict[str, Any]:
        """The metric over the runs: ``value`` (the mean), ``std``, ``values`` (one per run),
        ``higher_is_better``, and ``target`` and ``met`` (on the mean) when it has a target."""
        entries = [run.metrics[name] for run in self.runs if name in run.metrics]
        values = [e.get("value") for e in entries]
        numbers = [v for v in values if isinstance(v, (int, float))]
        first = entries[0] if entries else {}
        mean = statistics.fmean(numbers) if len(numbers) == len(values) and numbers else None
        out: dict[str, Any] = {
            "value": mean if len(values) != 1 else values[0],
            "std": statistics.stdev(numbers) if len(numbers) > 1 else None,
            "values": values,
            "higher_is_better": first.get("higher_is_better"),
        }
        if first.get("target") is not None and out["higher_is_better"] is not None:
            out["target"] = first["target"]
            out["met"] = course.meets_target(out["value"], out["target"], out["higher_is_better"])
        return out

    def metrics(self) -> dict[str, dict[str, Any]]:
        names = dict.fromkeys(name for run in self.runs for name in run.metrics)
        return {name: self.metric(name) for name in names}

    def claims(self) -> dict[str, dict[str, Any]]:
        """Each claim: its statement, whether it held in every run, and each run's values."""
        found: dict[str, dict[str, Any]] = {}
        for run in self.runs:
            for name, entry in run.claims.items():
                item = found.setdefault(
                    name, {"statement": entry.get("statement", ""), "passed": True, "runs": []}
                )
                item["passed"] = item["passed"] and bool(entry.get("passed"))
                item["runs"].append(
                    {"seed": run.seed, "passed": entry.get("passed"), "measured": entry["measured"]}
                )
        return found

    def targets(self) -> dict[str, dict[str, Any]]:
        """The metrics that carry a target, each judged on its mean over the runs."""
        return {name: m for name, m in self.metrics().items() if "target" in m}

    def target_missed(self) -> bool:
        """Whether the mean of a metric misses its target."""
        return any(m["met"] is False for m in self.targets().values())

    @property
    def status(self) -> str:
        statuses = [run.status for run in self.runs]
        for bad in (INTERRUPTED, FAILED):
            if bad in statuses:
                return bad
        if all(status == OK for status in statuses):
            return FAILED if not self.fast and self.target_missed() else OK
        return SKIPPED

    def headline_text(self) -> str:
        """``f1=0.951`` for one run; ``f1=0.951 ± 0.004 (3 seeds)`` for several."""
        name = self.headline
        if name is None:
            return ""
        metric = self.metric(name)
        if len(self.runs) == 1:
            return self.runs[0].headline_text()
        mean = course.format_value(metric["value"])
        spread = f" ± {course.format_value(metric['std'])}" if metric["std"] is not None else ""
        return f"{name}={mean}{spread} ({len(metric['values'])} seeds)"

    def target_text(self) -> str:
        """``met (>= 0.95)`` for each metric with a target (``MISSED`` where the mean misses it,
        named when it is not the headline); empty when none has one."""
        parts = []
        for name, metric in self.targets().items():
            side = ">=" if metric["higher_is_better"] else "<="
            bound = f"{side} {course.format_value(metric['target'])}"
            label = "" if name == self.headline else f"{name} "
            if self.fast:
                parts.append(f"{label}not judged in fast mode ({bound})")
            else:
                parts.append(f"{label}{'met' if metric['met'] else 'MISSED'} ({bound})")
        return "; ".join(parts)

    def claims_text(self) -> str:
        """``3/3``: the claims that held in every run, of those recorded."""
        claims = self.claims()
        if not claims:
            return ""
        held = sum(item["passed"] for item in claims.values())
        return f"{held}/{len(claims)}"

    def as_dict(self) -> dict[str, Any]:
        """Everything about this chapter, for ``summary.json``."""
        first = asdict(self.runs[0])
        first.pop("seed")
        return {
            **first,
            "name": self.name,
            "status": self.status,
            "seeds": self.seeds,
            "seconds": round(self.seconds, 2),
            "minutes": round(self.seconds / 60, 2),
            "headline_text": self.headline_text(),
            "target_text": self.target_text(),
            "metrics": self.metrics(),
            "claims": self.claims(),
            "runs": [asdict(run) for run in self.runs],
        }


def summarize(results: Sequence[ChapterResult], fast: bool) -> list[ChapterSummary]:
    """The runs grouped by chapter, in the order the chapters first ran."""
    groups: dict[str, list[ChapterResult]] = {}
    for result in results:
        groups.setdefault(result.notebook, []).append(result)
    return [ChapterSummary(runs, fast) for runs in groups.values()]


# --------------------------------------------------------------------------------------------
# Text: the failure, the table, summary.md
# --------------------------------------------------------------------------------------------


def minutes(seconds: float) -> str:
    """Seconds as minutes with one decimal: ``3.2``."""
    return f"{seconds / 60:.1f}"


def describe_failure(
    result: ChapterResult, paint: Callable[[str, str], str] = lambda text, _: text
) -> str:
    """Where a chapter failed, with what error, and where to look: indented lines."""
    failure = result.failure
    if failure is None:
        return ""
    seed = f" (seed {result.seed})" if result.seed else ""
    lines = [
        f"    chapter: {result.notebook}{seed}",
        f"    at {failure.where()}",
        "    " + paint(f"{failure.ename}: {failure.evalue}", FAILED),
    ]
    tail = [line for line in failure.traceback if line.strip()][-12:]
    if tail:
        lines += ["    traceback (last lines):", *(f"      {line}" for line in tail)]
    if result.log_tail:
        lines += [f"    the kernel's own output ({result.stem}.log, last lines):"]
        lines += [f"      {line}" for line in result.log_tail]
    if result.outputs:
        lines.append(f"    saved: {', '.join(result.outputs)} (what ran, and the error)")
    return "\n".join(lines)


_COLUMNS = ("#", "chapter", "status", "minutes", "headline metric", "target", "claims")


def _rows(chapters: Sequence[ChapterSummary]) -> list[tuple[str, ...]]:
    """One row of the summary table per chapter, then the total."""
    rows = []
    for chapter in chapters:
        number, _, slug = chapter.name.partition("_")
        spent = minutes(chapter.seconds) if chapter.status != SKIPPED else "-"
        rows.append(
            (
                number,
                slug,
                chapter.status,
                spent,
                chapter.headline_text(),
                chapter.target_text(),
                chapter.claims_text(),
            )
        )
    total = minutes(sum(chapter.seconds for chapter in chapters))
    rows.append(("", "total", overall(chapters), total, "", "", ""))
    return rows


def overall(chapters: Sequence[ChapterSummary]) -> str:
    """``ok``, or how many chapters failed / were interrupted."""
    bad = [c for c in chapters if c.status in (FAILED, INTERRUPTED)]
    if not bad:
        return OK if all(c.status == OK for c in chapters) else SKIPPED
    return f"{len(bad)} {bad[0].status if len(bad) == 1 else FAILED}"


def format_table(chapters: Sequence[ChapterSummary]) -> str:
    """The summary table as aligned plain text (minutes right-aligned, empty columns left out)."""
    rows = [_COLUMNS, *_rows(chapters)]
    shown = [i for i in range(len(_COLUMNS)) if i < 5 or any(row[i] for row in rows[1:])]
    rows = [tuple(row[i] for i in shown) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(shown))]

    def line(row: Sequence[str]) -> str:
        cells = [
            cell.rjust(width) if i == 3 else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    body = [line(row) for row in rows]
    return "\n".join([body[0], rule, *body[1:-1], rule, body[-1]])


def _markdown_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def format_markdown(chapters: Sequence[ChapterSummary], fast: bool) -> str:
    """The summary as markdown (``build/summary.md``): the table, then every failure and claim."""
    mode = "fast mode" if fast else "full mode"
    lines = [
        f"# lstm-course run ({mode})",
        "",
        _markdown_row(_COLUMNS),
        "|" + "|".join(["---", "---", "---", "---:", "---", "---", "---:"]) + "|",
        *(_markdown_row(row) for row in _rows(chapters)),
    ]
    for chapter in chapters:
        for run in chapter.runs:
            if run.failure is not None:
                seed = f" (seed {run.seed})" if run.seed else ""
                lines += ["", f"## {run.name}{seed}: {run.status}", "", "```"]
                lines += [describe_failure(run), "```"]
    claimed = [chapter for chapter in chapters if chapter.claims()]
    if claimed:
        lines += ["", "## Claims", ""]
        for chapter in claimed:
            for name, item in chapter.claims().items():
                verdict = "holds" if item["passed"] else "**does not hold**"
                values = "; ".join(
                    f"seed {r['seed']}: "
                    + ", ".join(f"{k}={course.format_value(v)}" for k, v in r["measured"].items())
                    for r in item["runs"]
                )
                lines.append(f"- {chapter.name} `{name}` {verdict}: {item['statement']} ({values})")
    return "\n".join(lines) + "\n"


def summary_data(
    chapters: Sequence[ChapterSummary], *, fast: bool, started: datetime
) -> dict[str, Any]:
    """Everything about the run, for ``build/summary.json``."""
    return {
        "ok": all(chapter.status == OK for chapter in chapters),
        "fast": fast,
        "started": started.isoformat(timespec="seconds"),
        "minutes": round(sum(chapter.seconds for chapter in chapters) / 60, 2),
        "python": platform.python_version(),
        "keras_backend": os.environ.get("KERAS_BACKEND", "tensorflow"),
        "machine": _machine(),
        "chapters": [chapter.as_dict() for chapter in chapters],
    }


def _machine() -> str:
    """``2 CPUs, x86_64, Intel(R) Xeon(R) Processor``: what the times were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return ", ".join(filter(None, [f"{os.cpu_count()} CPUs", platform.machine(), model]))


def write_summary(
    results: Sequence[ChapterResult], build_dir: Path, *, fast: bool, started: datetime
) -> list[Path]:
    """Write ``summary.json`` and ``summary.md`` into ``build_dir``; their paths."""
    build_dir.mkdir(parents=True, exist_ok=True)
    chapters = summarize(results, fast)
    json_path, md_path = build_dir / "summary.json", build_dir / "summary.md"
    course.write_json_atomic(json_path, summary_data(chapters, fast=fast, started=started))
    md_path.write_text(format_markdown(chapters, fast), encoding="utf-8")
    return [json_path, md_path]


# --------------------------------------------------------------------------------------------
# The README's results table, from a summary.json
# --------------------------------------------------------------------------------------------

RESULTS_START = "<!-- results table: written by `make results-table`, do not edit -->"
RESULTS_END = "<!-- end of results table -->"


def results_table(summary: dict[str, Any]) -> str:
    """The README's results table from a ``summary.json``: per chapter its headline metric (mean
    ± standard deviation over the seeds it ran), the target, the claims that held, and minutes."""
    mode = "fast mode" if summary.get("fast") else "full mode"
    started = str(summary.get("started", ""))[:10]
    lines = [
        f"From `make verify` ({mode}, {started}; Keras backend {summary.get('keras_backend')}, "
        f"Python {summary.get('python')}, {summary.get('machine', 'machine not recorded')}):",
        "",
        "| # | chapter | headline metric | seeds | target | claims held | minutes |",
        "|---|---|---|---|---|---:|---:|",
    ]
    for chapter in summary.get("chapters", []):
        number, _, slug = chapter["name"].partition("_")
        claims = chapter.get("claims", {})
        held = f"{sum(c['passed'] for c in claims.values())}/{len(claims)}" if claims else ""
        seeds = ", ".join(str(s) for s in chapter.get("seeds", [0]))
        cells = [
            number,
            slug.replace("_", " "),
            chapter.get("headline_text", ""),
            seeds,
            chapter.get("target_text", ""),
            held,
            f"{chapter.get('minutes', 0):.1f}",
        ]
        lines.append(_markdown_row(cells))
    return "\n".join(lines)


def update_readme(summary_json: str | os.PathLike[str], readme: str | os.PathLike[str]) -> None:
    """Write the results table made from ``summary_json`` into the README at ``readme``."""
    import json

    summary = json.loads(Path(summary_json).read_text(encoding="utf-8"))
    path = Path(readme)
    path.write_text(
        replace_results_table(path.read_text(encoding="utf-8"), results_table(summary)),
        encoding="utf-8",
    )


def replace_results_table(readme: str, table: str) -> str:
    """``readme`` with the text between :data:`RESULTS_START` and :data:`RESULTS_END` replaced."""
    start, end = readme.find(RESULTS_START), readme.find(RESULTS_END)
    if start < 0 or end < start:
        raise ValueError(
            f"the README has no results table to replace: put the two lines {RESULTS_START!r} "
            f"and {RESULTS_END!r} where the table goes"
        )
    return readme[: start + len(RESULTS_START)] + "\n" + table + "\n" + readme[end:]
