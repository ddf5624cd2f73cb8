"""Course-wide settings: fast mode, seeds, and the environment variables that switch things.

``LSTM_COURSE_FAST=1`` makes every notebook shrink its data and epochs through the same
code path, so the test suite can run each chapter top to bottom in seconds.
"""

from __future__ import annotations

import os

FAST_ENV = "LSTM_COURSE_FAST"
"""Fast mode: small data, few epochs (the test suite's mode)."""
SEED_ENV = "LSTM_COURSE_SEED"
#: Set by the runner in its kernels: explorers draw a static figure instead of sliders.
HEADLESS_ENV = "LSTM_COURSE_HEADLESS"
"""The run's seed: the course runner sets it (``--seeds 0 1 2``); unset, it is 0."""

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def env_flag(name: str) -> bool:
    """Whether the environment variable ``name`` is set to a true value (1, true, yes, on).

    Unset, empty, 0, false, no and off are false; anything else is an error that names the
    variable and the values it takes, so that ``LSTM_COURSE_FAST=ture`` does not silently
    mean "off".
    """
    value = os.environ.get(name, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(
        f"{name}={os.environ[name]!r} is neither on nor off: set it to 1 (or true, yes, on) "
        "to switch it on, or to 0 (or false, no, off, or unset it) to switch it off."
    )


def fast_mode() -> bool:
    """True when ``LSTM_COURSE_FAST`` is set to a true value (1, true, yes, on)."""
    return env_flag(FAST_ENV)


def pick(full, fast):
    """Return ``fast`` in fast mode and ``full`` otherwise: ``epochs = pick(20, 1)``."""
    return fast if fast_mode() else full


def on_gpu() -> bool:
    """Whether the Keras backend computes on a GPU (Colab's GPU runtime, say).

    Chapters use it for choices that help one kind of machine and hurt the other: XLA
    (``jit_compile=True``) speeds up a CPU's training step, while on a GPU Keras's ``LSTM`` and
    ``GRU`` run NVIDIA's cuDNN kernels, which XLA cannot compile.
    """
    import keras

    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        return bool(tf.config.list_physical_devices("GPU"))
    if backend == "jax":
        import jax

        return jax.default_backend() == "gpu"
    if backend == "torch":
        import torch

        return torch.cuda.is_available()
    return False


def run_seed() -> int:
    """The seed of this run: ``LSTM_COURSE_SEED`` (the runner's ``--seeds``), 0 when unset.

    A chapter writes ``SEED = run_seed()`` once and seeds everything from ``SEED``, so the same
    notebook can be run on several seeds to see how much a result moves.
    """
    value = os.environ.get(SEED_ENV, "").strip()
    if not value:
        return 0
    try:
        return int(value)
    except ValueError:
        raise ValueError(
            f"{SEED_ENV}={value!r} is not a whole number: set it to 0, 1, 2, ... or unset it."
        ) from None


def set_seed(seed: int | None = None) -> None:
    """Seed Python, NumPy and the Keras backend so Restart & Run All tells the same story.

    ``seed`` defaults to :func:`run_seed` (0 unless the runner asked for another).
    """
    import keras  # here, so that reading the fast-mode flag does not start TensorFlow

    keras.utils.set_random_seed(run_seed() if seed is None else seed)
