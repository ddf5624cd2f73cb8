"""Chapter 08's checks: each accepts a right answer, teaches on a wrong one, names a wrong shape.

The contexts are small and built here (a 4-unit toy layer, a fake trace, a tiny untrained
model for the gradients), nothing is trained.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from lstm_course import datasets
from lstm_course.exercises import AnswerError, Outcome
from lstm_course.exercises import chapter08 as ch
from lstm_course.layers import LSTM
from lstm_course.probes import trace_lstm


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# ------------------------------------------------------------------------------------------ q1


@pytest.fixture(scope="module")
def toy_context():
    toy = LSTM(4, return_sequences=True)
    x_toy = np.random.default_rng(0).normal(size=(2, 6, 3)).astype("float32")
    toy(x_toy)
    return toy, x_toy, trace_lstm(toy, x_toy)


def parts_at_step_2(toy, x_toy, trace, h=None):
    kernel, recurrent_kernel, bias = toy.get_weights()
    h_1 = trace["hidden_state"][:, 0] if h is None else h
    z = x_toy[:, 1] @ kernel + h_1 @ recurrent_kernel + bias
    z_i, z_f, z_c, _ = np.split(z, 4, axis=-1)
    return sigmoid(z_i), sigmoid(z_f), z_c, trace["cell_state"][:, 0]


def test_q1_accepts_the_update_from_the_slices(toy_context) -> None:
    toy, x_toy, trace = toy_context
    i, f, z_c, c_1 = parts_at_step_2(toy, x_toy, trace)
    ch.check_cell_update(f * c_1 + i * np.tanh(z_c), toy=toy, x_toy=x_toy)


def test_q1_teaches_each_wrong_update(toy_context) -> None:
    toy, x_toy, trace = toy_context
    i, f, z_c, c_1 = parts_at_step_2(toy, x_toy, trace)
    h_1 = trace["hidden_state"][:, 0]
    wrong = {
        "only the write": i * np.tanh(z_c),
        "not the hidden state": f * h_1 + i * np.tanh(z_c),
        "goes through tanh, not the sigmoid": f * c_1 + i * sigmoid(z_c),
        "are swapped": i * c_1 + f * np.tanh(z_c),
        "cell state at step 3": trace["cell_state"][:, 2],
    }
    for lesson, answer in wrong.items():
        with pytest.raises(AnswerError, match=lesson):
            ch.check_cell_update(answer, toy=toy, x_toy=x_toy)
    i0, f0, z0_c, _ = parts_at_step_2(toy, x_toy, trace, h=np.zeros_like(h_1))
    with pytest.raises(AnswerError, match="also read h_1"):
        ch.check_cell_update(f0 * c_1 + i0 * np.tanh(z0_c), toy=toy, x_toy=x_toy)


def test_q1_names_the_expected_shape(toy_context) -> None:
    toy, x_toy, trace = toy_context
    with pytest.raises(AnswerError, match=r"shape \(2, 4\) = \(batch, units\)"):
        ch.check_cell_update(trace["cell_state"], toy=toy, x_toy=x_toy)  # (batch, time, units)
    with pytest.raises(AnswerError, match="array of numbers"):
        ch.check_cell_update("C_2", toy=toy, x_toy=x_toy)


# ------------------------------------------------------------------------------------------ q2

CELL = {
    "c_before": np.array([0.6, 0.6, -0.2]),
    "forget_now": np.array([1.0, 0.5, 1.0]),
    "input_now": np.array([0.5, 0.5, 0.5]),
    "candidate_now": np.array([0.8, 0.8, 0.8]),
}


def test_q2_accepts_the_update() -> None:
    ch.check_predicted_cell([1.0, 0.7, 0.2], **CELL)


@pytest.mark.parametrize(
    ("answer", "lesson"),
    [
        ([1.4, 1.1, 0.6], "only half of the\\s+proposal"),
        ([0.4, 0.4, 0.4], "does not replace the memory"),
        ([0.7, 0.7, 0.3], "a blend"),
        ([1.0, 1.0, 0.2], "forget gate below 1"),
        ([1.0, 0.7, -0.2], "add the two"),
    ],
)
def test_q2_teaches_each_wrong_prediction(answer, lesson) -> None:
    with pytest.raises(AnswerError, match=lesson) as wrong:
        ch.check_predicted_cell(answer, **CELL)
    assert "0.7" not in str(wrong.value)


def test_q2_names_three_units() -> None:
    with pytest.raises(AnswerError, match=r"shape \(3,\) = \(units,\)"):
        ch.check_predicted_cell(1.0, **CELL)
    with pytest.raises(AnswerError, match="array of numbers"):
        ch.check_predicted_cell(["one", "half", "a fifth"], **CELL)


# ------------------------------------------------------------------------------------------ q3


def gradient_at_marks(model, x, marks):
    """The chapter's function, as section 7 defines it."""
    marks = np.asarray(marks)
    if marks.shape != (len(x), 2):
        raise ValueError("marks must be (sequences, 2)")
    x = tf.convert_to_tensor(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y_hat = model(x, training=False)
    grad = tape.gradient(y_hat, x).numpy()
    rows = np.arange(len(grad))
    at_marks = np.concatenate([grad[rows, marks[:, k], 0] for k in range(2)])
    distance = np.concatenate([grad.shape[1] - 1 - marks[:, k] for k in range(2)])
    return at_marks, distance


@pytest.fixture(scope="module")
def gradient_context():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((None, 2)), LSTM(4), keras.layers.Dense(1)])
    short = datasets.make_adding_problem(length=10, n_train=1, n_validation=0, n_test=20, seed=0)
    long_data = datasets.make_adding_problem(
        length=10, test_length=20, n_train=1, n_validation=0, n_test=20, seed=1
    )
    return {
        "model": model,
        "gradient_at_marks": gradient_at_marks,
        "long_data": long_data,
        "marked": short.test.marks["marked_steps"],
    }


def test_q3_accepts_the_gradients_with_the_new_marks(gradient_context) -> None:
    long_data = gradient_context["long_data"]
    g, d = gradient_at_marks(
        gradient_context["model"], long_data.test.x, long_data.test.marks["marked_steps"]
    )
    ch.check_long_gradients(g, d, **gradient_context)


def test_q3_teaches_the_marks_of_other_sequences(gradient_context) -> None:
    c = gradient_context
    g, d = gradient_at_marks(c["model"], c["long_data"].test.x, c["marked"])  # runs silently
    with pytest.raises(AnswerError, match="marks of section 2's 50-step test"):
        ch.check_long_gradients(g, d, **c)


def test_q3_teaches_gradients_of_another_model(gradient_context) -> None:
    c = gradient_context
    long_data = c["long_data"]
    g, d = gradient_at_marks(c["model"], long_data.test.x, long_data.test.marks["marked_steps"])
    with pytest.raises(AnswerError, match="distances are right but the gradients are not"):
        ch.check_long_gradients(g + 0.5, d, **c)
    with pytest.raises(AnswerError, match="gradients\\s+and the distances T - 1 - s, in that"):
        ch.check_long_gradients(d, g, **c)  # the two swapped


def test_q3_names_the_expected_shape(gradient_context) -> None:
    c = gradient_context
    long_data = c["long_data"]
    g, d = gradient_at_marks(c["model"], long_data.test.x, long_data.test.marks["marked_steps"])
    with pytest.raises(AnswerError, match=r"`long_gradients` should have shape \(40,\)"):
        ch.check_long_gradients(g.reshape(2, 20), d, **c)
    with pytest.raises(AnswerError, match="`long_distances` should be an array"):
        ch.check_long_gradients(g, "far", **c)


# ------------------------------------------------------------------------------------------ q4


@pytest.fixture(scope="module")
def belt_context():
    forget = np.random.default_rng(2).uniform(0.5, 1.0, size=(5, 12, 3))
    marked = np.array([[1, 7], [0, 9], [4, 6], [2, 11], [3, 8]])
    return {"trace": {"forget_gate": forget}, "belt": 2, "marked": marked}


def test_q4_accepts_the_product_from_s1_plus_1_to_s2(belt_context) -> None:
    f = belt_context["trace"]["forget_gate"][:, :, 2]
    right = [f[n, s1 + 1 : s2 + 1].prod() for n, (s1, s2) in enumerate(belt_context["marked"])]
    ch.check_between_marks(np.array(right), **belt_context)


@pytest.mark.parametrize(
    ("start", "stop", "lesson"),
    [(0, 1, "one factor too many"), (1, 0, "one factor short"), (1, None, "to the end")],
)
def test_q4_teaches_the_ends_of_the_product(belt_context, start, stop, lesson) -> None:
    f = belt_context["trace"]["forget_gate"][:, :, 2]
    answer = [
        f[n, s1 + start : None if stop is None else s2 + stop].prod()
        for n, (s1, s2) in enumerate(belt_context["marked"])
    ]
    with pytest.raises(AnswerError, match=lesson):
        ch.check_between_marks(np.array(answer), **belt_context)


def test_q4_teaches_another_unit_and_names_the_shape(belt_context) -> None:
    f = belt_context["trace"]["forget_gate"][:, :, 0]  # not the belt unit
    answer = [f[n, s1 + 1 : s2 + 1].prod() for n, (s1, s2) in enumerate(belt_context["marked"])]
    with pytest.raises(AnswerError, match="along the sum unit's belt"):
        ch.check_between_marks(np.array(answer), **belt_context)
    with pytest.raises(AnswerError, match=r"shape \(5,\) = \(sequences,\)"):
        ch.check_between_marks(0.5, **belt_context)


# ------------------------------------------------------------------------------------------ q5


def test_q5_accepts_the_running_sum_and_the_layer_agrees() -> None:
    assert ch.pinned_behaviour() == "running sum"
    ch.check_pinned_both("running sum")
    ch.check_pinned_both(" Running Sum ")


@pytest.mark.parametrize(
    ("answer", "lesson"),
    [
        ("last candidate", "would need f_t = 0"),
        ("running average", "nothing divides by t"),
        ("stays at zero", "every candidate is written"),
    ],
)
def test_q5_teaches_each_wrong_choice(answer, lesson) -> None:
    with pytest.raises(AnswerError, match=lesson):
        ch.check_pinned_both(answer)


def test_q5_lists_the_choices() -> None:
    with pytest.raises(AnswerError, match='one of the strings "running sum", "last candidate"'):
        ch.check_pinned_both(1.0)
    with pytest.raises(AnswerError, match="one of the strings"):
        ch.check_pinned_both("a sum")


# ------------------------------------------------------------------------------ bound questions


def test_the_questions_read_the_notebook(monkeypatch) -> None:
    monkeypatch.setattr("IPython.display.display", lambda data, raw: None)
    notebook = dict(CELL, predicted_cell=..., pinned_both="running sum")
    ch.bind(notebook)
    ch.q2.check()
    assert ch.q2.outcome is Outcome.NOT_ATTEMPTED
    notebook["predicted_cell"] = np.array([1.0, 0.7, 0.2])
    ch.q2.check()
    assert ch.q2.outcome is Outcome.CORRECT
    ch.q5.check()
    assert ch.q5.outcome is Outcome.CORRECT
