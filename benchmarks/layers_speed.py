"""Time our recurrent layers against their Keras twins: one training step and one prediction.

    python benchmarks/layers_speed.py                  # the README's table (several minutes)
    python benchmarks/layers_speed.py --steps 100 --repeats 3
    python benchmarks/layers_speed.py --jit            # both models compiled with XLA
    KERAS_BACKEND=jax python benchmarks/layers_speed.py

Both models are the same: the recurrent layer (128 units) on inputs of 32 features, then
Dense(1), compiled with Adam and MSE; ours gets Keras's weights. Each measurement is the
median over ``--repeats`` rounds of ``--calls`` calls of ``train_on_batch`` or
``predict_on_batch`` on one batch of 64 sequences, after a warm-up that compiles the step.
Ours and Keras's alternate round by round, so a slow spell of the machine hits both.
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


def seconds_per_call(fn, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


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
    samples: dict[tuple[str, str], list[float]] = {key: [] for key in jobs}
    for _ in range(args.repeats):
        for key, fn in jobs.items():
            samples[key].append(seconds_per_call(fn, args.calls))
    return {f"{name}_{task}": statistics.median(v) for (name, task), v in samples.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS))
    parser.add_argument("--steps", nargs="+", type=int, default=[100, 500])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--features", type=int, default=32)
    parser.add_argument("--units", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--calls", type=int, default=5)
    parser.add_argument(
        "--jit", action="store_true", help="compile both with XLA (Keras's 'auto' leaves it off)"
    )
    args = parser.parse_args(argv)

    print(
        f"backend={keras.backend.backend()} keras={keras.__version__} cpus={os.cpu_count()} "
        f"batch={args.batch} features={args.features} units={args.units} "
        f"repeats={args.repeats} calls={args.calls} jit_compile={True if args.jit else 'auto'}"
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
