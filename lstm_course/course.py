"""What a chapter notebook uses while it runs: reporting its results and checking its findings.

:func:`record_metric` is how a notebook reports a number: it prints a line for the reader and,
when ``LSTM_COURSE_METRICS`` names a file (the course runner sets it for each chapter), merges the
metric into that JSON file, which the runner turns into its summary table. A metric can carry
the course's ``target`` for it; the runner judges the target in full mode, on the mean over seeds.

:func:`claim` is how a notebook checks a finding its prose states ("the LSTM's gradient fades
more slowly"), right after the cell that measures it: it prints whether the finding holds on
this run, with the measured values, and records it beside the metrics. In full mode a claim
that does not hold fails the chapter in the course run (``make verify``); in fast mode, where
the models are too small to show much, claims are recorded and not enforced.

:func:`show_source` puts the code of a mechanism beside its equations: ``show_source(
LSTMCell.step)`` displays the method the chapter is about to use, exactly as the package runs it.

What a chapter must look like, and the tools that write and check one, are in
:mod:`lstm_course.conventions` (for authors and the tests, never imported by a notebook).
"""

from __future__ import annotations

import inspect
import json
import math
import os
import re
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from lstm_course.config import fast_mode

METRICS_ENV = "LSTM_COURSE_METRICS"
"""The environment variable that names the JSON file :func:`record_metric` writes to."""


def record_metric(
    name: str,
    value: Any,
    *,
    headline: bool = False,
    higher_is_better: bool | None = None,
    target: float | None = None,
) -> Any:
    """Report a chapter's result: print it, and record it for the course runner; return ``value``.

    ``value`` is a number (a Python, NumPy or backend scalar) or a short string. With
    ``headline=True`` this metric is the one the runner's table shows for the chapter (the last
    headline recorded wins). ``higher_is_better`` says which way is good (``None``: neither).
    ``target`` is what the course promises for it in full mode (at least ``target`` when higher
    is better, at most when lower is); the runner judges it on the mean over the seeds it ran.
    When ``$LSTM_COURSE_METRICS`` names a file, the metric is merged into that JSON file::

        {"headline": "test_accuracy",
         "metrics": {"test_accuracy": {"value": 0.987, "higher_is_better": true,
                                       "target": 0.95}},
         "claims": {}}

    Recording the same name again replaces its value. Not-a-number and infinities are stored as
    ``null``. The file is replaced atomically, so a reader never sees half of it.
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"record_metric: the name must be a non-empty string, not {name!r}")
    if target is not None and higher_is_better is None:
        raise ValueError(
            f"record_metric({name!r}): a target needs higher_is_better=True or False, to say "
            "which side of it is good"
        )
    number = _plain_value(value)
    entry = {"value": number, "higher_is_better": higher_is_better}
    if target is not None:
        entry["target"] = float(target)
    print(_metric_line(name, number, headline, higher_is_better, target))
    _merge(lambda data: _put_metric(data, name, entry, headline))
    return value


def meets_target(value: float | None, target: float, higher_is_better: bool) -> bool:
    """Whether ``value`` is on the good side of ``target`` (equal counts as met)."""
    if value is None:
        return False
    return value >= target if higher_is_better else value <= target


def claim(name: str, holds: Any, statement: str, **measured: Any) -> bool:
    """Check a finding the prose states, on this run; print and record it; return whether it holds.

    ``claim("lstm_fades_slower", ratio_lstm > ratio_rnn, "the LSTM's gradient fades more
    slowly than the SimpleRNN's", ratio_lstm=ratio_lstm, ratio_rnn=ratio_rnn)``

    ``name`` is a short identifier (letters, digits, underscores), ``holds`` the measured truth of
    ``statement`` (a bool, or a NumPy bool), and ``measured`` the numbers it rests on, shown and
    recorded with it. Nothing is raised here: a learner whose run differs from the prose reads it
    in the output and goes on. The course runner, in full mode, fails the chapter on a claim
    that does not hold, naming it with its measured values.
    """
    if not isinstance(name, str) or re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) is None:
        raise ValueError(
            f"claim: the name is a short identifier such as 'lstm_fades_slower', not {name!r}"
        )
    if not isinstance(statement, str) or not statement.strip():
        raise ValueError(f"claim({name!r}): the statement says in words what is claimed")
    try:
        passed = bool(holds)
    except (TypeError, ValueError):  # an array: "the truth value ... is ambiguous"
        raise TypeError(
            f"claim({name!r}): holds must be one True or False, not {type(holds).__name__}; "
            "reduce an array first, e.g. (a > b).all()"
        ) from None
    values = {key: _plain_value(value) for key, value in measured.items()}
    entry = {"statement": statement.strip(), "measured": values, "passed": passed}
    print(_claim_line(name, entry, fast_mode()))
    _merge(lambda data: data["claims"].__setitem__(name, entry))
    return passed


def record_exercise(name: str, outcome: str) -> None:
    """Record what an exercise's ``check()`` found (``"07 q1"`` -> ``"correct"``) beside the
    metrics, so the runner can tell whether an edition's checks all pass."""
    _merge(lambda data: data["exercises"].__setitem__(name, outcome))


def show_source(code: Any) -> None:
    """Display the source of a function, method or class of the package, as the package runs it.

    In Jupyter it shows as a highlighted Python block; where only text can show, as plain text.
    """
    try:
        source = textwrap.dedent(inspect.getsource(code))
    except (TypeError, OSError) as error:
        raise TypeError(
            f"show_source needs a function, method or class written in Python; got {code!r} "
            f"({error}). Pass the thing itself, e.g. show_source(LSTMCell.step)."
        ) from None
    from IPython.display import display

    display({"text/markdown": f"```python\n{source}```", "text/plain": source}, raw=True)


def read_metrics(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The file written by :func:`record_metric`, :func:`claim` and :func:`record_exercise`;
    empty when missing or unreadable: ``{"headline", "metrics", "claims", "exercises"}``."""
    empty = {"headline": None, "metrics": {}, "claims": {}, "exercises": {}}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return empty
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        return empty
    data.setdefault("headline", None)
    for key in ("claims", "exercises"):
        if not isinstance(data.get(key), dict):
            data[key] = {}
    return data


def format_value(value: Any) -> str:
    """A metric value as the reader sees it: 4 significant digits for floats."""
    if value is None:
        return "nan"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _plain_value(value: Any) -> int | float | str | None:
    """``value`` as a JSON-ready Python scalar (``None`` for NaN and infinities)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, str)):
        return value
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:
        value = value.item()  # NumPy scalars and one-element arrays
        if isinstance(value, (bool, int)):
            return int(value)
    try:
        number = float(value)  # backend tensors and everything else float-like
    except (TypeError, ValueError):
        raise TypeError(
            f"a metric or a measured value must be a number or a string, not {type(value).__name__}"
        ) from None
    return number if math.isfinite(number) else None


def _metric_line(
    name: str, value: Any, headline: bool, higher_is_better: bool | None, target: float | None
) -> str:
    """The reader's line: ``[metric] test_accuracy = 0.9871  (headline, higher is better)``."""
    notes = []
    if headline:
        notes.append("headline")
    if higher_is_better is not None:
        notes.append("higher is better" if higher_is_better else "lower is better")
    if target is not None:
        notes.append(f"target {'>=' if higher_is_better else '<='} {format_value(float(target))}")
    suffix = f"  ({', '.join(notes)})" if notes else ""
    return f"[metric] {name} = {format_value(value)}{suffix}"


def _claim_line(name: str, entry: dict[str, Any], fast: bool) -> str:
    """``[claim] name: holds. The statement (a=1, b=2)``, with a note in fast mode."""
    verdict = "holds" if entry["passed"] else "DOES NOT HOLD on this run"
    values = ", ".join(f"{k}={format_value(v)}" for k, v in entry["measured"].items())
    line = f"[claim] {name}: {verdict}. {entry['statement']}" + (f" ({values})" if values else "")
    if fast and not entry["passed"]:
        line += "  [fast mode: small data and few epochs; the prose describes a full run]"
    return line


def _put_metric(data: dict[str, Any], name: str, entry: dict[str, Any], headline: bool) -> None:
    data["metrics"][name] = entry
    if headline:
        data["headline"] = name


def _merge(update) -> None:
    """Apply ``update`` to the file ``$LSTM_COURSE_METRICS`` names, if any, atomically."""
    path = os.environ.get(METRICS_ENV)
    if not path:
        return
    data = read_metrics(path)
    update(data)
    keys = ("headline", "metrics", "claims", "exercises")
    write_json_atomic(Path(path), {key: data[key] for key in keys})


def write_json_atomic(path: Path, data: Any) -> None:
    """Write ``data`` as JSON to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
