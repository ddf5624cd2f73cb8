"""Chapter 01's checks: each accepts a right answer, teaches on a wrong one, names a wrong type.

The contexts are small and built here (a 4-unit untrained forecaster, a tiny stack, a toy yearly
series split like the sunspots); nothing is trained.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lstm_course.datasets.timeseries import _time_series_data
from lstm_course.exercises import AnswerError
from lstm_course.exercises import chapter01 as ch
from lstm_course.layers import SimpleRNN

UNITS = 4


def numpy_states(x, W_x, W_h, b, activation=np.tanh) -> np.ndarray:
    h = np.zeros((x.shape[0], W_h.shape[0]))
    states = []
    for t in range(x.shape[1]):
        h = activation(x[:, t] @ W_x + h @ W_h + b)
        states.append(h)
    return np.stack(states, axis=1)


# ------------------------------------------------------------------------------------------ q1


@pytest.fixture(scope="module")
def forecaster():
    import keras

    from lstm_course.config import set_seed

    set_seed(3)
    model = keras.Sequential([keras.Input((6, 1)), SimpleRNN(UNITS), keras.layers.Dense(1)])
    rng = np.random.default_rng(1)
    model.layers[0].set_weights(
        [
            rng.normal(size=(1, UNITS)).astype("float32"),
            rng.normal(scale=0.5, size=(UNITS, UNITS)).astype("float32"),
            rng.normal(scale=0.3, size=(UNITS,)).astype("float32"),
        ]
    )
    x_test = rng.normal(size=(3, 6, 1)).astype("float32")
    return {"model": model, "x_test": x_test}


def test_q1_accepts_the_layers_second_state(forecaster) -> None:
    W_x, W_h, b = (w.astype(float) for w in forecaster["model"].layers[0].get_weights())
    right = numpy_states(forecaster["x_test"][:1, :2], W_x, W_h, b)[:, -1]
    ch.check_two_steps(right, **forecaster)
    ch.check_two_steps(right.tolist(), **forecaster)


def test_q1_teaches_each_slip(forecaster) -> None:
    W_x, W_h, b = (w.astype(float) for w in forecaster["model"].layers[0].get_weights())
    x = forecaster["x_test"][:1].astype(float)
    x1, x2 = x[:, 0], x[:, 1]
    h1 = np.tanh(x1 @ W_x + b)
    slips = {
        "that is h_1": h1,
        "the whole window": numpy_states(x, W_x, W_h, b)[:, -1],
        "tanh is missing": x2 @ W_x + (x1 @ W_x + b) @ W_h + b,
        "second step needs its tanh": x2 @ W_x + h1 @ W_h + b,
        "bias b is missing": np.tanh(x2 @ W_x + np.tanh(x1 @ W_x) @ W_h),
        "transposed": np.tanh(x2 @ W_x + h1 @ W_h.T + b),
        "forgot the first": np.tanh(x2 @ W_x + b),
        "not the layer's h_2": h1 + 0.5,
    }
    for taught, answer in slips.items():
        with pytest.raises(AnswerError, match=taught):
            ch.check_two_steps(answer, **forecaster)


def test_q1_names_what_was_expected(forecaster) -> None:
    with pytest.raises(AnswerError, match=r"shape \(1, 4\) = \(batch, units\)"):
        ch.check_two_steps(np.zeros(UNITS), **forecaster)
    with pytest.raises(AnswerError, match="array of numbers"):
        ch.check_two_steps("h2", **forecaster)


# ------------------------------------------------------------------------------------------ q2

RIGHT_SHAPES = ((32, 64), (32, 50, 64), [(32, 50, 64), (32, 64)])


def test_q2_the_truth_comes_from_the_layer() -> None:
    assert ch.layer_output_shapes(False, False) == [(32, 64)]
    assert ch.layer_output_shapes(True, True) == [(32, 50, 64), (32, 64)]


def test_q2_accepts_the_three_shapes() -> None:
    ch.check_shapes(*RIGHT_SHAPES)
    ch.check_shapes([32, 64], (np.int64(32), 50, 64), ((32, 50, 64), [32, 64]))


@pytest.mark.parametrize(
    ("shapes", "taught"),
    [
        (((32, 50, 64), (32, 50, 64), RIGHT_SHAPES[2]), "shape_default.*no time axis"),
        (((32, 10), (32, 50, 64), RIGHT_SHAPES[2]), "shape_default.*not the input's features"),
        (((64,), (32, 50, 64), RIGHT_SHAPES[2]), "shape_default.*batch axis is missing"),
        (((32, 64), (32, 64), RIGHT_SHAPES[2]), "shape_sequences.*time axis stays"),
        (((32, 64), (50, 64), RIGHT_SHAPES[2]), "shape_sequences.*batch axis"),
        (((32, 64), (32, 50, 64), [(32, 64), (32, 50, 64)]), "wrong order"),
        (((32, 64), (32, 50, 64), [(32, 50, 64)]), "how many outputs"),
        (((32, 64), (32, 50, 64), [(32, 50, 64)] + [(32, 64)] * 2), "three outputs is an LSTM"),
        (((32, 64), (32, 50, 64), [(32, 64), (32, 64)]), "does not change the first output"),
        (((32, 64), (32, 50, 64), [(32, 50, 64), (32, 50, 64)]), "after the last step only"),
    ],
)
def test_q2_teaches_each_wrong_prediction(shapes, taught: str) -> None:
    with pytest.raises(AnswerError, match=taught):
        ch.check_shapes(*shapes)


def test_q2_names_what_was_expected() -> None:
    with pytest.raises(AnswerError, match=r"shape_default` should be a shape, a tuple"):
        ch.check_shapes("(32, 64)", *RIGHT_SHAPES[1:])
    with pytest.raises(AnswerError, match="tuple of whole numbers"):
        ch.check_shapes((32.5, 64), *RIGHT_SHAPES[1:])
    with pytest.raises(AnswerError, match="list of outputs.*Write a list of shapes"):
        ch.check_shapes(*RIGHT_SHAPES[:2], (32, 50, 64))
    with pytest.raises(AnswerError, match="should be a list of shapes"):
        ch.check_shapes(*RIGHT_SHAPES[:2], 64)


# ------------------------------------------------------------------------------------------ q3


@pytest.fixture(scope="module")
def stack():
    import keras

    return keras.Sequential(
        [keras.Input((7, 3)), SimpleRNN(5, return_sequences=True), SimpleRNN(2)]
    )


def count(features: int, units: int) -> int:
    return features * units + units * units + units


def test_q3_accepts_both_counts(stack) -> None:
    assert count(3, 5) == stack.layers[0].count_params()
    assert count(5, 2) == stack.layers[1].count_params()
    ch.check_stack_params(count(3, 5), np.int64(count(5, 2)), stack=stack)


@pytest.mark.parametrize(
    ("first", "second", "taught"),
    [
        (count(3, 5), count(3, 2), "does not read the input's features"),
        (3 * 5 + 5 * 5, count(5, 2), "params_first.*bias b is missing"),
        (3 * 5 + 5, count(5, 2), "params_first.*W_h is missing"),
        (7 * count(3, 5), count(5, 2), "params_first.*sequence length does not count"),
        (count(7, 5), count(5, 2), "params_first.*not the number of steps"),
        (99, count(5, 2), "params_first.*not the first layer's count"),
        (count(3, 5), 5 * 2 + 2 * 2, "params_second.*bias b is missing"),
        (count(3, 5), 7 * count(5, 2), "params_second.*sequence length"),
        (count(3, 5), 99, "params_second.*the first layer's states"),
    ],
)
def test_q3_teaches_each_slip(stack, first: int, second: int, taught: str) -> None:
    with pytest.raises(AnswerError, match=taught):
        ch.check_stack_params(first, second, stack=stack)


def test_q3_names_what_was_expected(stack) -> None:
    with pytest.raises(AnswerError, match="params_second` should be one number"):
        ch.check_stack_params(count(3, 5), "5*2 + 4 + 2", stack=stack)


# ------------------------------------------------------------------------------------------ q4


@pytest.fixture(scope="module")
def toy_series():
    years = pd.to_datetime([str(y) for y in range(1900, 1940)], format="%Y")
    values = 50 + 40 * np.sin(np.arange(40) / 2.0) + np.arange(40)
    series = pd.Series(values, index=years, name="toy")
    return _time_series_data("toy", series, 0.2, 0.25, "made up", "a toy series.")


def by_hand(data, scaled: bool = True, shift: int = 0):
    values = data.scale(data.series.to_numpy()) if scaled else data.series.to_numpy()
    start = len(data.train) + len(data.validation)
    targets = range(start, start + len(data.test))
    X = np.stack([values[t - ch.WINDOW_Q4 + shift : t + shift] for t in targets])[..., None]
    return X, values[start : start + len(data.test)]


def test_q4_accepts_the_helpers_windows(toy_series) -> None:
    X, y = by_hand(toy_series)
    ch.check_test_windows(X, y, sunspots=toy_series)


def test_q4_teaches_each_slip(toy_series) -> None:
    X, y = by_hand(toy_series)
    inside_X, inside_y = toy_series.windows(ch.WINDOW_Q4, look_back=False)["test"]
    slips = {
        "reach back into the validation": (inside_X, inside_y),
        "raw sunspot numbers": by_hand(toy_series, scaled=False),
        "last year of its own window": by_hand(toy_series, shift=1),
        "one year early": (by_hand(toy_series, shift=-1)[0], y),
        "every window has exactly one target": (X, y[:-1]),
        "not the helper's test windows": (X + 0.5, y),
    }
    for taught, (X_given, y_given) in slips.items():
        with pytest.raises(AnswerError, match=taught):
            ch.check_test_windows(X_given, y_given, sunspots=toy_series)


def test_q4_names_what_was_expected(toy_series) -> None:
    X, y = by_hand(toy_series)
    with pytest.raises(AnswerError, match=r"shape \(any, 5, 1\) = \(examples, time, features\)"):
        ch.check_test_windows(X[..., 0], y, sunspots=toy_series)
    with pytest.raises(AnswerError, match=r"y_test_by_hand` should have shape \(any,\)"):
        ch.check_test_windows(X, y[:, None], sunspots=toy_series)


# ------------------------------------------------------------------------------------------ q5


@pytest.fixture(scope="module")
def loop_weights():
    rng = np.random.default_rng(0)
    return {
        "x": rng.normal(size=(1, 4, 2)).astype("float32"),
        "W_x": rng.normal(scale=0.5, size=(2, 3)).astype("float32"),
        "W_h": rng.normal(scale=0.5, size=(3, 3)).astype("float32"),
        "b": rng.normal(scale=0.1, size=(3,)).astype("float32") + 0.2,
    }


def relu(z):
    return np.maximum(0, z)


def test_q5_accepts_the_relu_loop(loop_weights) -> None:
    ch.check_relu_states(numpy_states(**loop_weights, activation=relu), **loop_weights)


def test_q5_teaches_each_slip(loop_weights) -> None:
    w = loop_weights
    no_feedback = np.stack([relu(w["x"][:, t] @ w["W_x"] + w["b"]) for t in range(4)], axis=1)
    right = numpy_states(**w, activation=relu)
    slips = {
        "tanh states of section 2": numpy_states(**w),
        "starts again from h_0": no_feedback,
        "never gives": -right - 0.1,
        "not the ReLU layer's states": right + 0.3,
    }
    for taught, answer in slips.items():
        with pytest.raises(AnswerError, match=taught):
            ch.check_relu_states(answer, **w)


def test_q5_names_what_was_expected(loop_weights) -> None:
    right = numpy_states(**loop_weights, activation=relu)
    with pytest.raises(AnswerError, match=r"shape \(1, 4, 3\) = \(batch, time, units\)"):
        ch.check_relu_states(right[:, -1], **loop_weights)
