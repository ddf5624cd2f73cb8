"""Time our recurrent layers against their Keras twins: one training step and one prediction.

    python benchmarks/layers_speed.py                  # the README's table (several minutes)
    python benchmarks/layers_speed.py --steps 100 --repeats 3
    python benchmarks/layers_speed.py --jit            # both models compiled with XLA
    python benchmarks/layers_speed.py --single-thread  # one thread, CPU time, best of 7
    KERAS_BACKEND=jax python benchmarks/layers_speed.py

Both models are the same: the recurrent layer (128 units) on inputs of 32 features, then
Dense(1) on its last state, compiled with Adam and MSE; ours gets Keras's weights. Each
measurement times ``--calls`` calls of ``train_on_batch`` or ``predict_on_batch`` on one batch
of 64 sequences, after a warm-up that compiles the step, over ``--repeats`` rounds; ours and
Keras's alternate round by round, so a slow spell of the machine hits both.

Two set-ups, because each answers a different question:

- default: every core, wall-clock time, the median round (what a learner waits for);
- ``--single-thread``: TensorFlow limited to one thread, CPU time of this process, the best
  round (the cost of the step itself, least disturbed by other work on the machine).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from lstm_course import layers as ours  # noqa: E402

KINDS = {
    "LSTM": (ours.LSTM, keras.layers.LSTM),
    "GRU": (ours.GRU, keras.layers.GRU),
    "SimpleRNN": (ours.SimpleRNN, keras.layers.SimpleRNN),
}


def build(layer_class, steps: int, features: int, units: int, jit: bool) -> keras.Model:
    inputs = keras.Input((steps, features))
    model = keras.Model(inputs, keras.layers.Dense(1)(layer_class(units)(inputs)))
    model.compile(optimizer="adam", loss="mse", jit_compile=True if jit else "auto")
    return model


def seconds_per_call(fn, calls: int, clock=time.perf_counter) -> float:
    start = clock()
    for _ in range(calls):
        fn()
    return (clock() - start) / calls


def measure(kind: str, steps: int, args) -> dict[str, float]:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((args.batch, steps, args.features)).astype("float32")
    y = rng.standard_normal((args.batch, 1)).astype("float32")
    mine_class, keras_class = KINDS[kind]
    theirs = build(keras_class, steps, args.features, args.units, args.jit)
    mine = build(mine_class, steps, args.features, args.units, args.jit)
    mine.set_weights(theirs.get_weights())
    jobs = {
        (name, task): fn
        for name, model in (("ours", mine), ("keras", theirs))
        for task, fn in (
            ("train", lambda m=model: m.train_on_batch(x, y)),
            ("predict", lambda m=model: m.predict_on_batch(x)),
        )
    }
    for fn in jobs.values():  # warm-up: trace and compile
        fn()
        fn()
    clock = time.process_time if args.single_thread else time.perf_counter
    summary = min if args.single_thread else statistics.median
    samples: dict[tuple[str, str], list[float]] = {key: [] for key in jobs}
    for _ in range(args.repeats):
        for key, fn in jobs.items():
            samples[key].append(seconds_per_call(fn, args.calls, clock))
    return {f"{name}_{task}": summary(v) for (name, task), v in samples.items()}


def limit_to_one_thread() -> None:
    """One thread for the backend's kernels and for NumPy, before anything runs."""
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    elif keras.backend.backend() == "torch":
        import torch

        torch.set_num_threads(1)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS))
    parser.add_argument("--steps", nargs="+", type=int, default=[100, 500])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--features", type=int, default=32)
    parser.add_argument("--units", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=None, help="default 5 (7 single-thread)")
    parser.add_argument("--calls", type=int, default=5)
    parser.add_argument(
        "--jit", action="store_true", help="compile both with XLA (Keras's 'auto' leaves it off)"
    )
    parser.add_argument(
        "--single-thread",
        action="store_true",
        help="one thread, CPU time, best round (default: all cores, wall time, median round)",
    )
    args = parser.parse_args(argv)
    if args.repeats is None:
        args.repeats = 7 if args.single_thread else 5
    if args.single_thread:
        limit_to_one_thread()

    print(
        f"backend={keras.backend.backend()} keras={keras.__version__} cpus={os.cpu_count()} "
        f"batch={args.batch} features={args.features} units={args.units} "
        f"repeats={args.repeats} calls={args.calls} jit_compile={True if args.jit else 'auto'} "
        + ("one thread, CPU time, best round" if args.single_thread else "wall time, median round")
    )
    header = (
        "| layer | steps | train ours (ms) | train Keras (ms) | train ratio "
        "| predict ours (ms) | predict Keras (ms) | predict ratio |"
    )
    print(header)
    print("|---" * 8 + "|")
    for steps in args.steps:
        for kind in args.kinds:
            t = measure(kind, steps, args)
            print(
                f"| {kind} | {steps} "
                f"| {1e3 * t['ours_train']:.1f} | {1e3 * t['keras_train']:.1f} "
                f"| {t['ours_train'] / t['keras_train']:.2f} "
                f"| {1e3 * t['ours_predict']:.1f} | {1e3 * t['keras_predict']:.1f} "
                f"| {t['ours_predict'] / t['keras_predict']:.2f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
