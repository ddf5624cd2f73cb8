"""Fake data sources for the loaders' tests: they serve small files in the real formats, with
their right hashes, and need no network."""

from __future__ import annotations

import hashlib
from pathlib import Path

from lstm_course.datasets.sources import RemoteFile, Source


def fake_source(name: str, files: dict[str, bytes]) -> Source:
    """A source named ``name`` whose "download" writes ``files`` (file name -> bytes)."""

    def writer(content: bytes):
        def download(url, output_file, pooch=None, check_only=False):
            Path(output_file).write_bytes(content)

        return download

    remotes = tuple(
        RemoteFile(
            fn,
            f"https://example.invalid/{fn}",
            "sha256:" + hashlib.sha256(content).hexdigest(),
            writer(content),
        )
        for fn, content in files.items()
    )
    return Source(name, remotes, online=False, kind="fake")
