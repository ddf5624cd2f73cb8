"""What a chapter notebook uses while it runs: reporting its results.

:func:`record_metric` is how a notebook reports a number: it prints a line for the reader and,
when ``LSTM_COURSE_METRICS`` names a file (the course runner sets it for each chapter), merges the
metric into that JSON file, which the runner turns into its summary table.

What a chapter must look like, and the tools that write and check one, are in
:mod:`lstm_course.conventions` (for authors and the tests, never imported by a notebook).
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

METRICS_ENV = "LSTM_COURSE_METRICS"
"""The environment variable that names the JSON file :func:`record_metric` writes to."""


def record_metric(
    name: str, value: Any, *, headline: bool = False, higher_is_better: bool | None = None
) -> Any:
    """Report a chapter's result: print it, and record it for the course runner; return ``value``.

    ``value`` is a number (a Python, NumPy or backend scalar) or a short string. With
    ``headline=True`` this metric is the one the runner's table shows for the chapter (the last
    headline recorded wins). ``higher_is_better`` says which way is good (``None``: neither).
    When ``$LSTM_COURSE_METRICS`` names a file, the metric is merged into that JSON file::

        {"headline": "test_accuracy",
         "metrics": {"test_accuracy": {"value": 0.987, "higher_is_better": true}}}

    Recording the same name again replaces its value. Not-a-number and infinities are stored as
    ``null``. The file is replaced atomically, so a reader never sees half of it.
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"record_metric: the name must be a non-empty string, not {name!r}")
    number = _plain_value(value)
    print(_metric_line(name, number, headline, higher_is_better))
    path = os.environ.get(METRICS_ENV)
    if path:
        _merge_metric(Path(path), name, number, headline, higher_is_better)
    return value


def read_metrics(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The metrics file written by :func:`record_metric`; empty when it is missing or unreadable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"headline": None, "metrics": {}}
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        return {"headline": None, "metrics": {}}
    data.setdefault("headline", None)
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
            f"record_metric: the value must be a number or a string, not {type(value).__name__}"
        ) from None
    return number if math.isfinite(number) else None


def _metric_line(name: str, value: Any, headline: bool, higher_is_better: bool | None) -> str:
    """The reader's line: ``[metric] test_accuracy = 0.9871  (headline, higher is better)``."""
    notes = []
    if headline:
        notes.append("headline")
    if higher_is_better is not None:
        notes.append("higher is better" if higher_is_better else "lower is better")
    suffix = f"  ({', '.join(notes)})" if notes else ""
    return f"[metric] {name} = {format_value(value)}{suffix}"


def _merge_metric(
    path: Path, name: str, value: Any, headline: bool, higher_is_better: bool | None
) -> None:
    """Merge one metric into the JSON file at ``path``, replacing the file atomically."""
    data = read_metrics(path)
    data["metrics"][name] = {"value": value, "higher_is_better": higher_is_better}
    if headline:
        data["headline"] = name
    write_json_atomic(path, {"headline": data["headline"], "metrics": data["metrics"]})


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
