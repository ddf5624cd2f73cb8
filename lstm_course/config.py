"""Course-wide settings: fast mode and seeds.

``LSTM_COURSE_FAST=1`` makes every notebook shrink its data and epochs through the same
code path, so the test suite can run each chapter top to bottom in seconds.
"""

from __future__ import annotations

import os

FAST_ENV = "LSTM_COURSE_FAST"


def fast_mode() -> bool:
    """True when ``LSTM_COURSE_FAST`` is set to a true value (1, true, yes, on)."""
    return os.environ.get(FAST_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def pick(full, fast):
    """Return ``fast`` in fast mode and ``full`` otherwise: ``epochs = pick(20, 1)``."""
    return fast if fast_mode() else full


def set_seed(seed: int = 0) -> None:
    """Seed Python, NumPy and the Keras backend so Restart & Run All tells the same story."""
    import keras  # here, so that reading the fast-mode flag does not start TensorFlow

    keras.utils.set_random_seed(seed)
