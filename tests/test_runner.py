"""The course runner (``python -m lstm_course.runner``) and ``record_metric``.

The runner runs on a temporary ``notebooks/`` folder holding tiny pure-Python fixture notebooks
(``tests/fixtures/runner/``): a kernel start is the slow part, a second or two each.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import numpy as np
import pytest

from lstm_course import conventions, course, report, runner

FIXTURES = Path(__file__).parent / "fixtures" / "runner"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with ``notebooks/01_hello.ipynb`` and ``notebooks/02_second.ipynb``."""
    monkeypatch.delenv(runner.FAST_ENV, raising=False)
    monkeypatch.delenv(course.METRICS_ENV, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    (tmp_path / "notebooks").mkdir()
    add_notebook(tmp_path, "01_hello.ipynb")
    add_notebook(tmp_path, "02_second.ipynb")
    return tmp_path


def add_notebook(workdir: Path, fixture: str, name: str | None = None) -> None:
    """Copy a fixture notebook into ``workdir/notebooks`` (as ``name``)."""
    shutil.copy(FIXTURES / fixture, workdir / "notebooks" / (name or fixture))


SLEEP = "import time\n\ntime.sleep(60)"


def write_notebook(workdir: Path, name: str, *sources: str) -> None:
    """Write ``workdir/notebooks/name``: one code cell per source."""
    cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": conventions.KERNELSPEC})
    nbformat.write(nb, workdir / "notebooks" / name)


def run(workdir: Path, *args: str) -> int:
    """``python -m lstm_course.runner`` on ``workdir``, in this process; the exit status."""
    notebooks, build = workdir / "notebooks", workdir / "build"
    return runner.main(["--notebooks", str(notebooks), "--build-dir", str(build), *args])


def summary(workdir: Path) -> dict:
    """``build/summary.json``."""
    return json.loads((workdir / "build" / "summary.json").read_text())


def row(output: str, number: str) -> str:
    """The line of the final table for chapter ``number``."""
    return next(line for line in output.splitlines() if line.startswith(f"{number}  "))


# --------------------------------------------------------------------------------------------
# A run that works
# --------------------------------------------------------------------------------------------


def test_runs_every_chapter_in_order_into_build(workdir: Path, capsys) -> None:
    assert run(workdir, "--fast") == 0
    out = capsys.readouterr().out

    assert "2 chapters, fast mode" in out
    first, second = out.index("[1/2] 01_hello"), out.index("[2/2] 02_second")
    assert first < second
    assert re.search(r"\[1/2\] 01_hello\s+\.\.\. ok\s+\d+\.\d min  mean=4\.5\n", out)
    assert re.search(r"\[2/2\] 02_second \.\.\. ok\s+\d+\.\d min  loss=0\.25\n", out)
    assert re.fullmatch(r"01\s+hello\s+ok\s+\d+\.\d\s+mean=4\.5", row(out, "01"))
    assert re.fullmatch(r"02\s+second\s+ok\s+\d+\.\d\s+loss=0\.25", row(out, "02"))
    assert re.search(r"^\s+total\s+ok\s+\d+\.\d$", out, re.MULTILINE)

    build = workdir / "build"
    for name in ("01_hello", "02_second"):
        for suffix in (".ipynb", ".html", ".metrics.json"):
            assert (build / f"{name}{suffix}").is_file(), f"{name}{suffix}"
    executed = nbformat.read(build / "01_hello.ipynb", as_version=4)
    last = executed.cells[-1]
    assert last.execution_count == 3
    assert "[metric] mean = 4.5  (headline, higher is better)" in last.outputs[0]["text"]
    assert "[metric] mean = 4.5" in (build / "01_hello.html").read_text()
    assert "| 02 | second | ok |" in (build / "summary.md").read_text()


def test_summary_json_holds_every_chapters_metrics(workdir: Path) -> None:
    assert run(workdir, "--fast") == 0
    data = summary(workdir)

    assert data["ok"] is True and data["fast"] is True
    hello, second = data["chapters"]
    assert hello["notebook"] == "01_hello.ipynb" and hello["status"] == "ok"
    assert hello["headline"] == "mean" and hello["headline_text"] == "mean=4.5"
    assert hello["metrics"]["n_samples"] == {
        "value": 10,
        "std": None,
        "values": [10],
        "higher_is_better": None,
    }
    assert hello["runs"][0]["metrics"]["n_samples"] == {"value": 10, "higher_is_better": None}
    assert hello["metrics"]["sees_itself"]["value"] == 1, "cwd is not the notebooks folder"
    assert hello["failure"] is None and hello["seconds"] > 0
    assert second["metrics"]["loss"]["value"] == 0.25
    assert second["metrics"]["loss"]["higher_is_better"] is False


def test_full_mode_and_only(workdir: Path) -> None:
    assert run(workdir, "--only", "01") == 0
    data = summary(workdir)

    assert data["fast"] is False
    assert [c["notebook"] for c in data["chapters"]] == ["01_hello.ipynb"]
    assert data["chapters"][0]["metrics"]["n_samples"]["value"] == 1000
    assert not (workdir / "build" / "02_second.ipynb").exists()


def test_fast_mode_from_the_environment(workdir: Path, monkeypatch) -> None:
    monkeypatch.setenv(runner.FAST_ENV, "yes")
    assert run(workdir, "--only", "01_hello") == 0
    data = summary(workdir)

    assert data["fast"] is True
    assert data["chapters"][0]["metrics"]["n_samples"]["value"] == 10


# --------------------------------------------------------------------------------------------
# A run that fails
# --------------------------------------------------------------------------------------------


def test_a_failing_chapter_stops_the_run_and_names_cell_and_error(workdir: Path, capsys) -> None:
    (workdir / "notebooks" / "02_second.ipynb").rename(workdir / "notebooks" / "03_after.ipynb")
    add_notebook(workdir, "broken.ipynb", "02_broken.ipynb")

    assert run(workdir, "--fast") == 1
    out = capsys.readouterr().out

    assert re.search(r"^\[2/3\] 02_broken\s+\.\.\. FAILED\s+\d+\.\d min$", out, re.MULTILINE)
    assert "chapter: 02_broken.ipynb" in out
    assert "at cell 4 (index 3): # the first non-blank line names the cell" in out
    assert "ZeroDivisionError: division by zero" in out
    assert "----> 2 ratio = x / 0" in out  # the traceback's last lines
    assert "[3/3]" not in out
    assert re.fullmatch(r"02\s+broken\s+FAILED\s+\d+\.\d", row(out, "02"))
    assert re.fullmatch(r"03\s+after\s+skipped\s+-", row(out, "03"))

    data = summary(workdir)
    assert data["ok"] is False
    assert [c["status"] for c in data["chapters"]] == ["ok", "FAILED", "skipped"]
    failure = data["chapters"][1]["failure"]
    assert failure["cell_index"] == 3 and failure["ename"] == "ZeroDivisionError"
    assert failure["first_line"] == "# the first non-blank line names the cell"

    build = workdir / "build"
    partial = nbformat.read(build / "02_broken.ipynb", as_version=4)
    assert partial.cells[1].execution_count == 1  # what ran before the error is kept
    assert partial.cells[3].outputs[0]["ename"] == "ZeroDivisionError"
    assert partial.cells[4].outputs == []
    assert (build / "02_broken.html").is_file()
    assert not (build / "03_after.ipynb").exists()
    assert "## 02_broken: FAILED" in (build / "summary.md").read_text()


NOISE = 'import os\n\nos.write(2, b"kernel start-up noise\\n")'


def test_the_kernel_process_output_goes_to_a_log_not_the_screen(workdir: Path, capfd) -> None:
    write_notebook(workdir, "03_noisy.ipynb", NOISE, "print('a line for the reader')")

    assert run(workdir, "--only", "3") == 0
    screen = capfd.readouterr()

    assert "kernel start-up noise" not in screen.out + screen.err
    assert re.search(r"\[1/1\] 03_noisy \.\.\. ok", screen.out)
    log = workdir / "build" / "03_noisy.log"
    assert "kernel start-up noise" in log.read_text()
    assert "03_noisy.log" in summary(workdir)["chapters"][0]["outputs"]


TF_STARTUP = (
    "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
    "I0000 00:00:1796023849.817329    7216 port.cc:153] oneDNN custom operations are on.\n"
    "E0000 00:00:1796023853.515412    7216 cuda_platform.cc:52] failed call to cuInit: 303\n"
)


def test_startup_noise_is_taken_out_of_stderr_outputs_and_nothing_else() -> None:
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import keras",
                outputs=[nbformat.v4.new_output("stream", name="stderr", text=TF_STARTUP)],
            ),
            nbformat.v4.new_code_cell(
                "x",
                outputs=[
                    nbformat.v4.new_output("stream", name="stderr", text=TF_STARTUP + "kept\n"),
                    nbformat.v4.new_output("stream", name="stdout", text=TF_STARTUP),
                ],
            ),
        ]
    )
    removed = runner.strip_startup_noise(nb)
    assert len(removed) == 6 and removed[1].endswith("oneDNN custom operations are on.")
    assert nb.cells[0].outputs == []  # left empty: dropped
    assert nb.cells[1].outputs[0]["text"] == "kept\n"
    assert nb.cells[1].outputs[1]["text"] == TF_STARTUP  # stdout is the notebook's own


def test_tensorflows_startup_lines_go_to_the_log_not_the_notebook(workdir: Path) -> None:
    stderr = TF_STARTUP + "mine\n"
    write_notebook(workdir, "03_noisy.ipynb", f"import sys\n\nsys.stderr.write({stderr!r})")

    assert run(workdir, "--only", "3") == 0

    outputs = nbformat.read(workdir / "build" / "03_noisy.ipynb", as_version=4).cells[0].outputs
    streams = [(o["name"], o["text"]) for o in outputs if o["output_type"] == "stream"]
    assert streams == [("stderr", "mine\n")]
    log = (workdir / "build" / "03_noisy.log").read_text()
    assert "# TensorFlow's start-up lines, taken out of the notebook's outputs:" in log
    assert "cuda_platform.cc:52] failed call to cuInit" in log


def test_a_failed_chapter_shows_the_end_of_its_kernel_log(workdir: Path, capfd) -> None:
    write_notebook(workdir, "03_noisy.ipynb", NOISE, "1 / 0")

    assert run(workdir, "--only", "3") == 1
    out = capfd.readouterr().out

    assert "the kernel's own output (03_noisy.log, last lines):" in out
    assert "      kernel start-up noise" in out


def test_keep_going_runs_the_chapters_after_a_failure(workdir: Path, capsys) -> None:
    add_notebook(workdir, "broken.ipynb", "00_broken.ipynb")

    assert run(workdir, "--keep-going", "--only", "0", "2") == 1
    data = summary(workdir)

    assert [c["status"] for c in data["chapters"]] == ["FAILED", "ok"]
    assert re.search(r"^\s+total\s+1 FAILED\s", capsys.readouterr().out, re.MULTILINE)


def test_a_cell_over_the_timeout_fails_the_chapter(workdir: Path, capsys) -> None:
    write_notebook(workdir, "03_slow.ipynb", SLEEP)

    assert run(workdir, "--only", "3", "--timeout", "2") == 1
    out = capsys.readouterr().out

    assert "at cell 1 (index 0): import time" in out
    assert "CellTimeoutError: A cell timed out while it was being executed, after 2 seconds" in out
    assert summary(workdir)["chapters"][0]["failure"]["ename"] == "CellTimeoutError"


def test_ctrl_c_stops_the_run_saves_and_exits_130(workdir: Path) -> None:
    write_notebook(workdir, "03_sleepy.ipynb", 'open("started", "w").close()', SLEEP)
    command = [sys.executable, "-m", "lstm_course.runner", "--only", "3", "1"]
    env = {**os.environ, "PYTHONPATH": str(runner.PACKAGE_ROOT)}
    process = subprocess.Popen(
        [*command, "--notebooks", "notebooks", "--build-dir", "build"],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    started = workdir / "notebooks" / "started"
    deadline = time.monotonic() + 300  # kernels start slowly on a loaded machine
    while not started.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=60)

    assert process.returncode == 130, out
    assert re.search(r"\[2/2\] 03_sleepy \.\.\. interrupted", out)
    assert "at cell 2 (index 1): import time" in out
    assert "KeyboardInterrupt: interrupted (Ctrl-C)" in out
    assert [c["status"] for c in summary(workdir)["chapters"]] == ["ok", "interrupted"]
    assert (workdir / "build" / "03_sleepy.ipynb").is_file()


# --------------------------------------------------------------------------------------------
# The command line around the runs
# --------------------------------------------------------------------------------------------


def test_no_notebooks_yet_is_said_and_exits_0(tmp_path: Path) -> None:
    (tmp_path / "notebooks").mkdir()
    command = [sys.executable, "-m", "lstm_course.runner", "--notebooks", "notebooks"]
    env = {**os.environ, "PYTHONPATH": str(runner.PACKAGE_ROOT)}
    done = subprocess.run(
        [*command, "--build-dir", "build"], cwd=tmp_path, env=env, capture_output=True, text=True
    )

    assert done.returncode == 0, done.stderr
    assert "No chapter notebooks in notebooks/ yet" in done.stdout
    assert "nothing to run" in done.stdout
    assert not (tmp_path / "build").exists()


def test_a_missing_runner_tool_is_named_with_the_install_line(
    workdir: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(runner, "RUNNER_TOOLS", ("nbclient", "no_such_runner_tool"))
    assert run(workdir) == 2
    err = capsys.readouterr().err
    assert "the runner needs no_such_runner_tool, which this Python does not have" in err
    assert "pip install 'lstm-course[runner]'" in err
    assert not (workdir / "build").exists()


def test_an_unknown_chapter_is_an_error_that_lists_the_chapters(workdir: Path, capsys) -> None:
    assert run(workdir, "--only", "01", "09") == 2
    err = capsys.readouterr().err
    assert "no chapter '09'; the chapters are: 01_hello, 02_second" in err
    assert not (workdir / "build").exists()


def test_a_missing_notebooks_folder_is_an_error(tmp_path: Path, capsys) -> None:
    assert runner.main(["--notebooks", str(tmp_path / "nowhere")]) == 2
    assert "no notebooks folder" in capsys.readouterr().err


def test_list_prints_the_chosen_chapters(workdir: Path, capsys) -> None:
    assert run(workdir, "--list", "--only", "2", "1") == 0
    assert capsys.readouterr().out.split() == ["01_hello", "02_second"]
    assert not (workdir / "build").exists()


def test_select_chapters_by_number_or_name() -> None:
    chapters = [Path("n/01_rnn_basics.ipynb"), Path("n/02_spam.ipynb"), Path("n/10_bi.ipynb")]
    pick = runner.select_chapters

    assert pick(chapters, None) == chapters
    assert pick(chapters, ["10", "1"]) == [chapters[0], chapters[2]]
    assert pick(chapters, ["02_spam.ipynb", "2"]) == [chapters[1]]
    assert pick(chapters, ["01_rnn_basics"]) == [chapters[0]]
    with pytest.raises(ValueError, match="no chapter 'spam'"):
        pick(chapters, ["spam"])


def test_table_aligns_columns_and_totals() -> None:
    results = [
        runner.ChapterResult("01_rnn_basics.ipynb", "ok", 90.0, "mae", {"mae": {"value": 0.1234}}),
        runner.ChapterResult("02_many_to_one_spam.ipynb", "FAILED", 30.0),
        runner.ChapterResult("10_bidirectional_sentiment.ipynb"),
    ]
    lines = runner.format_table(runner.summarize(results, fast=True)).splitlines()

    assert lines[0].split() == ["#", "chapter", "status", "minutes", "headline", "metric"]
    assert lines[2].split() == ["01", "rnn_basics", "ok", "1.5", "mae=0.1234"]
    assert lines[3].split() == ["02", "many_to_one_spam", "FAILED", "0.5"]
    assert lines[4].split() == ["10", "bidirectional_sentiment", "skipped", "-"]
    assert lines[-1].split() == ["total", "1", "FAILED", "2.0"]
    right_edges = {[m.end() for m in re.finditer(r"\S+", line)][3] for line in lines[2:5]}
    assert right_edges == {lines[0].index("minutes") + len("minutes")}  # minutes right-aligned


def test_the_runner_fixture_uses_the_canonical_setup_cell() -> None:
    hello = nbformat.read(FIXTURES / "01_hello.ipynb", as_version=4)
    assert (
        hello.cells[1].source.strip() == conventions.SETUP_CELL.strip()
    )  # and runs it, as a no-op


# --------------------------------------------------------------------------------------------
# record_metric
# --------------------------------------------------------------------------------------------


def test_record_metric_prints_and_merges_into_the_metrics_file(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    path = tmp_path / "sub" / "metrics.json"
    monkeypatch.setenv(course.METRICS_ENV, str(path))

    assert course.record_metric("accuracy", 0.9, headline=True, higher_is_better=True) == 0.9
    course.record_metric("loss", np.float32(0.5), higher_is_better=False)
    course.record_metric("accuracy", 0.95)  # replaced, and still the headline
    course.record_metric("epochs", np.int64(3))

    assert json.loads(path.read_text()) == {
        "headline": "accuracy",
        "metrics": {
            "accuracy": {"value": 0.95, "higher_is_better": None},
            "loss": {"value": 0.5, "higher_is_better": False},
            "epochs": {"value": 3, "higher_is_better": None},
        },
        "claims": {},
        "exercises": {},
    }
    assert [p.name for p in path.parent.iterdir()] == ["metrics.json"]  # no temporary files left
    assert capsys.readouterr().out.splitlines() == [
        "[metric] accuracy = 0.9  (headline, higher is better)",
        "[metric] loss = 0.5  (lower is better)",
        "[metric] accuracy = 0.95",
        "[metric] epochs = 3",
    ]


def test_record_metric_the_last_headline_wins(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "metrics.json"
    monkeypatch.setenv(course.METRICS_ENV, str(path))
    course.record_metric("a", 1, headline=True)
    course.record_metric("b", 2, headline=True)
    assert course.read_metrics(path)["headline"] == "b"


def test_record_metric_values(tmp_path: Path, monkeypatch, capsys) -> None:
    path = tmp_path / "metrics.json"
    monkeypatch.setenv(course.METRICS_ENV, str(path))
    array = np.array([0.25])

    assert course.record_metric("one_element", array) is array  # the value itself comes back
    course.record_metric("flag", np.bool_(True))
    course.record_metric("best", "LSTM")
    course.record_metric("diverged", math.nan)
    course.record_metric("small", 1.23456789e-5)

    values = {k: v["value"] for k, v in course.read_metrics(path)["metrics"].items()}
    assert values == {
        "one_element": 0.25,
        "flag": 1,
        "best": "LSTM",
        "diverged": None,
        "small": 1.23456789e-5,
    }
    assert "[metric] diverged = nan" in capsys.readouterr().out
    assert "NaN" not in path.read_text()  # strict JSON
    with pytest.raises(TypeError, match="must be a number or a string"):
        course.record_metric("bad", [1, 2])
    with pytest.raises(ValueError, match="non-empty string"):
        course.record_metric(" ", 1)


def test_record_metric_without_the_variable_only_prints(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.delenv(course.METRICS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert course.record_metric("accuracy", 1.0) == 1.0
    assert capsys.readouterr().out == "[metric] accuracy = 1\n"
    assert list(tmp_path.iterdir()) == []


def test_record_metric_replaces_a_damaged_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "metrics.json"
    path.write_text('{"headline": "x", "metr')
    monkeypatch.setenv(course.METRICS_ENV, str(path))
    course.record_metric("accuracy", 0.5)
    assert course.read_metrics(path) == {
        "headline": None,
        "metrics": {"accuracy": {"value": 0.5, "higher_is_better": None}},
        "claims": {},
        "exercises": {},
    }


def test_claim_prints_records_and_returns_whether_it_holds(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    path = tmp_path / "metrics.json"
    monkeypatch.setenv(course.METRICS_ENV, str(path))
    monkeypatch.setenv(runner.FAST_ENV, "0")

    assert course.claim("fades", np.float32(0.8) < 0.9, "it fades", ratio=np.float32(0.8)) is True
    assert course.claim("grows", False, "it grows", slope=-1.5) is False
    out = capsys.readouterr().out
    assert "[claim] fades: holds. it fades (ratio=0.8)" in out
    assert "[claim] grows: DOES NOT HOLD on this run. it grows (slope=-1.5)\n" in out
    claims = course.read_metrics(path)["claims"]
    assert claims["grows"] == {
        "statement": "it grows",
        "measured": {"slope": -1.5},
        "passed": False,
    }


def test_claim_refuses_what_it_cannot_check(monkeypatch) -> None:
    monkeypatch.delenv(course.METRICS_ENV, raising=False)
    with pytest.raises(ValueError, match="short identifier"):
        course.claim("fades faster", True, "it fades")
    with pytest.raises(ValueError, match="says in words"):
        course.claim("fades", True, " ")
    with pytest.raises(TypeError, match=r"reduce an array first, e.g. \(a > b\).all\(\)"):
        course.claim("fades", np.array([True, False]), "it fades")
    with pytest.raises(TypeError, match="must be a number or a string"):
        course.claim("fades", True, "it fades", ratios=[0.1, 0.2])


def test_a_target_needs_a_direction_and_is_shown(tmp_path: Path, monkeypatch, capsys) -> None:
    path = tmp_path / "metrics.json"
    monkeypatch.setenv(course.METRICS_ENV, str(path))
    with pytest.raises(ValueError, match="a target needs higher_is_better"):
        course.record_metric("f1", 0.9, target=0.93)
    course.record_metric("f1", 0.95, higher_is_better=True, target=0.93)
    assert "[metric] f1 = 0.95  (higher is better, target >= 0.93)" in capsys.readouterr().out
    assert course.read_metrics(path)["metrics"]["f1"]["target"] == 0.93
    assert course.meets_target(0.93, 0.93, True) and not course.meets_target(None, 0.93, True)
    assert course.meets_target(0.009, 0.01, False) and not course.meets_target(0.02, 0.01, False)


# --------------------------------------------------------------------------------------------
# Claims, targets and seeds
# --------------------------------------------------------------------------------------------

CLAIMS = (
    "from lstm_course.course import claim\n\n"
    'claim("sum_is_right", 1 + 1 == 2, "one and one make two", total=2)\n'
    'claim("one_beats_two", 1 > 2, "one is bigger than two", one=1, two=2)'
)
SCORE = (
    "from lstm_course.config import run_seed\n"
    "from lstm_course.course import record_metric\n\n"
    'record_metric("score", 0.9 + 0.01 * run_seed(), headline=True, higher_is_better=True,'
    " target=0.904)"
)


def test_a_claim_that_does_not_hold_fails_a_full_run_at_its_cell(workdir: Path, capsys) -> None:
    write_notebook(workdir, "03_claims.ipynb", "x = 1", CLAIMS)

    assert run(workdir, "--only", "3") == 1
    out = capsys.readouterr().out

    assert "[claim]" not in out.split("[1/1]")[0]
    assert "at cell 2 (index 1): from lstm_course.course import claim" in out
    assert "ClaimFailed: 1 claim did not hold: one_beats_two (one=1, two=2)" in out
    chapter = summary(workdir)["chapters"][0]
    assert chapter["status"] == "FAILED"
    assert chapter["claims"]["sum_is_right"]["passed"] is True
    assert chapter["claims"]["one_beats_two"] == {
        "statement": "one is bigger than two",
        "passed": False,
        "runs": [{"seed": 0, "passed": False, "measured": {"one": 1, "two": 2}}],
    }
    executed = nbformat.read(workdir / "build" / "03_claims.ipynb", as_version=4)
    printed = executed.cells[1].outputs[0]["text"]
    assert "[claim] sum_is_right: holds. one and one make two (total=2)" in printed
    assert "[claim] one_beats_two: DOES NOT HOLD on this run." in printed
    assert "one_beats_two" in (workdir / "build" / "summary.md").read_text()


def test_claims_are_recorded_but_not_enforced_in_fast_mode(workdir: Path, capsys) -> None:
    write_notebook(workdir, "03_claims.ipynb", CLAIMS)

    assert run(workdir, "--only", "3", "--fast") == 0
    out = capsys.readouterr().out

    assert re.search(r"^03\s+claims\s+ok\s+\d+\.\d\s+\S*\s+1/2$", out, re.MULTILINE), out
    assert summary(workdir)["chapters"][0]["claims"]["one_beats_two"]["passed"] is False
    executed = nbformat.read(workdir / "build" / "03_claims.ipynb", as_version=4)
    assert "[fast mode: small data and few epochs" in executed.cells[0].outputs[0]["text"]


def test_a_target_is_judged_on_the_mean_over_the_seeds(workdir: Path, capsys) -> None:
    write_notebook(workdir, "03_score.ipynb", SCORE)

    assert run(workdir, "--only", "3") == 1  # seed 0 alone: 0.90, under the target 0.904
    assert summary(workdir)["chapters"][0]["target_text"] == "MISSED (>= 0.904)"

    assert run(workdir, "--only", "3", "--seeds", "0", "1") == 0  # mean 0.905
    out = capsys.readouterr().out
    assert "[1/2] 03_score seed 0 ..." in out and "[2/2] 03_score seed 1 ..." in out
    chapter = summary(workdir)["chapters"][0]
    assert chapter["seeds"] == [0, 1] and chapter["status"] == "ok"
    score = chapter["metrics"]["score"]
    assert score["values"] == pytest.approx([0.90, 0.91])
    assert score["value"] == pytest.approx(0.905) and score["std"] == pytest.approx(0.00707, 1e-3)
    assert score["met"] is True and chapter["target_text"] == "met (>= 0.904)"
    assert chapter["headline_text"] == "score=0.905 ± 0.007071 (2 seeds)"
    build = workdir / "build"
    assert (build / "03_score.ipynb").is_file() and (build / "03_score.seed1.ipynb").is_file()
    assert (build / "03_score.seed1.metrics.json").is_file()


def test_verify_runs_each_chapter_on_the_seeds_it_asks_for(workdir: Path) -> None:
    write_notebook(workdir, "03_score.ipynb", SCORE)
    path = workdir / "notebooks" / "03_score.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.metadata["lstm_course"] = {"seeds": [0, 1]}
    nbformat.write(nb, path)

    assert run(workdir, "--verify", "--only", "1", "3") == 0
    data = summary(workdir)
    assert data["fast"] is False
    assert [c["seeds"] for c in data["chapters"]] == [[0], [0, 1]]
    assert run(workdir, "--verify", "--fast") == 2


def test_the_readme_results_table_comes_from_the_summary(workdir: Path, capsys) -> None:
    write_notebook(workdir, "03_claims.ipynb", CLAIMS)
    run(workdir, "--only", "1", "3", "--keep-going")
    capsys.readouterr()

    assert runner.main(["--results-table", str(workdir / "build" / "summary.json")]) == 0
    table = capsys.readouterr().out
    assert "| # | chapter | headline metric | seeds | target | claims held | minutes |" in table
    assert re.search(r"^\| 03 \| claims \|  \| 0 \|  \| 1/2 \| \d+\.\d \|$", table, re.M), table
    readme = f"intro\n{report.RESULTS_START}\nold\n{report.RESULTS_END}\nend\n"
    assert report.replace_results_table(readme, "NEW") == (
        f"intro\n{report.RESULTS_START}\nNEW\n{report.RESULTS_END}\nend\n"
    )
    with pytest.raises(ValueError, match="the README has no results table"):
        report.replace_results_table("no markers", "NEW")
    assert runner.main(["--results-table", str(workdir / "missing.json")]) == 2


def test_a_kernel_that_never_started_is_not_shut_down_at_exit() -> None:
    """nbclient's exit hook asserts a kernel manager exists: after a kernel that did not start
    ("Kernel didn't respond in 60 seconds") it printed an AssertionError at exit."""
    import nbformat

    client = runner._client_class()(nbformat.v4.new_notebook())
    assert client.km is None
    client._cleanup_kernel()  # nothing to shut down, and nothing raised
