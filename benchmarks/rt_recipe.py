"""Chapter 10's Rotten Tomatoes recipe: which word-vector width and dropout, chosen on validation.

The chapter's bidirectional models read the critics' snippets through a learned embedding, a
``SpatialDropout1D`` and a final dropout, with early stopping on the validation accuracy. This
script trains the chapter's two bidirectional heads (the final states; the mean of the states)
with each candidate recipe on several seeds and prints the validation and test accuracy of each
run, and of the head the chapter would choose by validation. Choose on the validation column:
the test column is there to report, not to choose.

    python benchmarks/rt_recipe.py                 # seeds 0 1 2, about 6 minutes on 2 cores
    python benchmarks/rt_recipe.py --seeds 0 1 2 3 4 --markdown
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keras  # noqa: E402

from lstm_course import datasets  # noqa: E402
from lstm_course.config import set_seed  # noqa: E402
from lstm_course.layers import LSTM, Bidirectional  # noqa: E402

MAX_LEN = 40
RECIPES = {"32-d vectors, dropout 0.4": (32, 0.4), "64-d vectors, dropout 0.5": (64, 0.5)}


def build(vocabulary_size: int, width: int, dropout: float, pool: bool) -> keras.Model:
    """The chapter's ``sentiment_model`` with a bidirectional LSTM(32) and the given recipe."""
    layers = [
        keras.Input((MAX_LEN,), dtype="int32"),
        keras.layers.Embedding(vocabulary_size, width, mask_zero=True),
        keras.layers.SpatialDropout1D(dropout),
        Bidirectional(LSTM(32, return_sequences=pool)),
    ]
    if pool:
        layers.append(keras.layers.GlobalAveragePooling1D())
    layers += [keras.layers.Dropout(0.5), keras.layers.Dense(1, activation="sigmoid")]
    return keras.Sequential(layers)


def accuracy(model: keras.Model, x: np.ndarray, y: np.ndarray) -> float:
    return float(((np.asarray(model(x, training=False))[:, 0] > 0.5) == y).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()

    reviews = datasets.first_available(datasets.load_rotten_tomatoes)
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = (
        reviews.xy(split) for split in ("train", "validation", "test")
    )
    vectorizer = keras.layers.TextVectorization(max_tokens=20_000, output_sequence_length=MAX_LEN)
    vectorizer.adapt(x_train)
    size = len(vectorizer.get_vocabulary())
    ids = [np.asarray(vectorizer(np.asarray(t, dtype=object))) for t in (x_train, x_val, x_test)]

    rows = []
    for recipe, (width, dropout) in RECIPES.items():
        for seed in args.seeds:
            runs = {}
            for head, pool in (("final states", False), ("mean of states", True)):
                set_seed(seed)
                model = build(size, width, dropout, pool)
                model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
                start = time.perf_counter()
                model.fit(
                    ids[0],
                    y_train,
                    validation_data=(ids[1], y_val),
                    epochs=12,
                    batch_size=64,
                    verbose=0,
                    callbacks=[
                        keras.callbacks.EarlyStopping(
                            monitor="val_accuracy", patience=2, restore_best_weights=True
                        )
                    ],
                )
                runs[head] = (accuracy(model, ids[1], y_val), accuracy(model, ids[2], y_test))
                seconds = time.perf_counter() - start
                rows.append((recipe, seed, head, *runs[head], seconds))
                print(
                    f"{recipe}, seed {seed}, {head}: val {runs[head][0]:.4f} "
                    f"test {runs[head][1]:.4f} ({seconds:.0f} s)",
                    file=sys.stderr,
                )
            chosen = max(runs, key=lambda h: runs[h][0])
            rows.append((recipe, seed, f"chosen by validation ({chosen})", *runs[chosen], 0.0))

    line = (
        "| {} | {} | {} | {:.4f} | {:.4f} |"
        if args.markdown
        else "{:<28} {:>4} {:<44} {:.4f} {:.4f}"
    )
    if args.markdown:
        print(
            "| recipe | seed | head | validation accuracy | test accuracy |\n|---|---|---|---|---|"
        )
    for recipe, seed, head, val, test, _ in rows:
        print(line.format(recipe, seed, head, val, test))
    for recipe in RECIPES:
        chosen = [r for r in rows if r[0] == recipe and r[2].startswith("chosen")]
        print(
            f"{recipe}: chosen head, mean over seeds {args.seeds}: validation "
            f"{np.mean([r[3] for r in chosen]):.4f}, test {np.mean([r[4] for r in chosen]):.4f}"
        )
    print(f"command: python benchmarks/rt_recipe.py --seeds {' '.join(map(str, args.seeds))}")


if __name__ == "__main__":
    main()
