"""Chapter 07's checks: each accepts a right answer, teaches on a wrong one, names a wrong shape.

The contexts are small and built here (a 3-unit toy layer, a fake trace), nothing is trained.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from lstm_course.exercises import AnswerError, Outcome
from lstm_course.exercises import chapter07 as ch
from lstm_course.layers import LSTM
from lstm_course.probes import trace_lstm


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


@pytest.fixture(scope="module")
def toy_context():
    toy = LSTM(3, return_sequences=True)
    x_toy = np.random.default_rng(0).normal(size=(1, 4, 2)).astype("float32")
    toy(x_toy)
    return toy, x_toy, trace_lstm(toy, x_toy)


def gate_from_slices(toy, x_toy, trace, part, with_h=True, squash=sigmoid):
    kernel, recurrent_kernel, bias = toy.get_weights()
    columns = slice(part * toy.units, (part + 1) * toy.units)
    h_prev = np.zeros((x_toy.shape[0], toy.units))
    steps = []
    for t in range(x_toy.shape[1]):
        z = x_toy[:, t] @ kernel[:, columns] + bias[columns]
        if with_h:
            z = z + h_prev @ recurrent_kernel[:, columns]
        steps.append(squash(z))
        h_prev = trace["hidden_state"][:, t]
    return np.stack(steps, axis=1)


# ------------------------------------------------------------------------------------------ q1


def test_q1_accepts_the_input_gate_from_its_slices(toy_context) -> None:
    toy, x_toy, trace = toy_context
    ch.check_input_gate(gate_from_slices(toy, x_toy, trace, 0), toy=toy, x_toy=x_toy)


def test_q1_names_the_forget_gates_columns(toy_context) -> None:
    toy, x_toy, trace = toy_context
    with pytest.raises(AnswerError, match="forget gate, not the input gate.*order i, f, C~, o"):
        ch.check_input_gate(gate_from_slices(toy, x_toy, trace, 1), toy=toy, x_toy=x_toy)


def test_q1_teaches_the_missing_sigmoid_and_the_missing_h(toy_context) -> None:
    toy, x_toy, trace = toy_context
    raw = gate_from_slices(toy, x_toy, trace, 0, squash=lambda z: z)
    with pytest.raises(AnswerError, match="through the sigmoid"):
        ch.check_input_gate(raw, toy=toy, x_toy=x_toy)
    no_h = gate_from_slices(toy, x_toy, trace, 0, with_h=False)
    with pytest.raises(AnswerError, match="from step 2 on, h_\\{t-1\\} is not zero"):
        ch.check_input_gate(no_h, toy=toy, x_toy=x_toy)


def test_q1_names_the_expected_shape(toy_context) -> None:
    toy, x_toy, trace = toy_context
    one_sequence = gate_from_slices(toy, x_toy, trace, 0)[0]  # (time, units)
    with pytest.raises(AnswerError, match=r"shape \(1, 4, 3\).*\(batch, time, units\)"):
        ch.check_input_gate(one_sequence, toy=toy, x_toy=x_toy)
    with pytest.raises(AnswerError, match="array of numbers"):
        ch.check_input_gate("sigmoid", toy=toy, x_toy=x_toy)


# ------------------------------------------------------------------------------------------ q2


def test_q2_accepts_the_power_and_its_rounding() -> None:
    ch.check_predicted_left(0.5**10)
    ch.check_predicted_left(0.001)  # the chapter's own rounding


@pytest.mark.parametrize(
    ("answer", "lesson"),
    [
        (0.5, "after one step"),
        (5.0, "between 0 and 1"),
        (0.5**9, "count the multiplications"),
        (0.0, "never reaches 0"),
        (0.3, "write out the first three steps"),
    ],
)
def test_q2_teaches_each_wrong_prediction(answer, lesson) -> None:
    with pytest.raises(AnswerError, match=lesson) as wrong:
        ch.check_predicted_left(answer)
    assert "0.000977" not in str(wrong.value) and "0.5**10" not in str(wrong.value)


def test_q2_names_a_number_when_given_text() -> None:
    with pytest.raises(AnswerError, match="one number.*fraction of the write"):
        ch.check_predicted_left("a thousandth")
    with pytest.raises(AnswerError, match="one number"):
        ch.check_predicted_left([0.5, 0.25])


def test_q2_truth_is_the_cell_update_run_step_by_step() -> None:
    assert ch.left_after(0.5, 10) == pytest.approx(0.5**10)


# ------------------------------------------------------------------------------------------ q3


def test_q3_accepts_the_half_life_of_sigma_2() -> None:
    f = 1 / (1 + math.exp(-2.0))
    ch.check_half_life(math.log(0.5) / math.log(f))


@pytest.mark.parametrize(
    ("answer", "lesson"),
    [
        (math.log(0.5) / math.log(2.0), "f = σ\\(b_f\\)"),  # the bias taken for the gate
        (math.log(1 / (1 + math.exp(-2.0))) / math.log(0.5), "upside down"),
        (5, "need not be a whole number"),
        (12.0, "f = σ\\(b_f\\) = 1 / \\(1 \\+ e\\^\\(-b_f\\)\\)"),
    ],
)
def test_q3_teaches_each_wrong_half_life(answer, lesson) -> None:
    with pytest.raises(AnswerError, match=lesson):
        ch.check_half_life(answer)


def test_q3_names_a_number_of_steps() -> None:
    with pytest.raises(AnswerError, match="one number \\(a number of steps\\)"):
        ch.check_half_life(np.array([5.5, 5.4]))


# ------------------------------------------------------------------------------------------ q4


@pytest.fixture(scope="module")
def first_layer():
    lstm = LSTM(16)
    lstm.build((None, None, 18))
    return lstm, [f"word{i}" for i in range(18)]


def test_q4_accepts_the_count_keras_gives(first_layer) -> None:
    lstm, vocab = first_layer
    ch.check_params(4 * (16 * 8 + 8 * 8 + 8), lstm=lstm, vocab=vocab)
    assert ch.stacked_layer_params(lstm) == 800


@pytest.mark.parametrize(
    ("answer", "lesson"),
    [
        (16 * 8 + 8 * 8 + 8, "that is one part"),
        (4 * (16 * 8 + 8 * 8), "also has a bias"),
        (4 * (16 * 8 + 16 * 16 + 8), "units × units\\) of the new layer"),
        (4 * (18 * 8 + 8 * 8 + 8), "does not read the words"),
        (1000, "not Keras's count"),
    ],
)
def test_q4_teaches_each_wrong_count(first_layer, answer, lesson) -> None:
    lstm, vocab = first_layer
    with pytest.raises(AnswerError, match=lesson) as wrong:
        ch.check_params(answer, lstm=lstm, vocab=vocab)
    assert "800" not in str(wrong.value)


def test_q4_names_a_count_when_given_a_layer(first_layer) -> None:
    lstm, vocab = first_layer
    with pytest.raises(AnswerError, match="one number \\(a count of weights and biases\\)"):
        ch.check_params("800", lstm=lstm, vocab=vocab)


# ------------------------------------------------------------------------------------------ q5


@pytest.fixture(scope="module")
def object_context():
    rng = np.random.default_rng(1)
    trace = {"input_gate": rng.uniform(size=(6, 10, 4))}
    marks = {"distractor_step": np.array([3, -1, 5, -1, 2, 7])}
    return trace, marks


def test_q5_accepts_the_input_gate_one_step_after_the_object(object_context) -> None:
    trace, marks = object_context
    rows = np.array([0, 2, 4, 5])
    right = trace["input_gate"][rows, marks["distractor_step"][rows] + 1].mean()
    ch.check_object_property(right, trace=trace, marks=marks)


def test_q5_teaches_the_stories_without_an_object(object_context) -> None:
    trace, marks = object_context
    steps = marks["distractor_step"]
    every_story = trace["input_gate"][np.arange(6), steps + 1].mean()
    with pytest.raises(AnswerError, match="distractor_step is -1"):
        ch.check_object_property(every_story, trace=trace, marks=marks)


def test_q5_teaches_the_object_itself(object_context) -> None:
    trace, marks = object_context
    with pytest.raises(AnswerError, match="object itself"):
        ch.check_object_property(
            ch.input_gate_at(trace, marks["distractor_step"], shift=0), trace=trace, marks=marks
        )


def test_q5_names_one_number(object_context) -> None:
    trace, marks = object_context
    with pytest.raises(AnswerError, match="one number \\(the mean input gate"):
        ch.check_object_property(trace["input_gate"][:, 3], trace=trace, marks=marks)


# ------------------------------------------------------------------------------ bound questions


def test_the_questions_read_the_notebook(toy_context, monkeypatch) -> None:
    monkeypatch.setattr("IPython.display.display", lambda data, raw: None)
    toy, x_toy, trace = toy_context
    notebook = {"toy": toy, "x_toy": x_toy, "input_gate_by_hand": ..., "predicted_left": 0.5}
    ch.bind(notebook)
    ch.q1.check()
    assert ch.q1.outcome is Outcome.NOT_ATTEMPTED
    ch.q2.check()
    assert ch.q2.outcome is Outcome.INCORRECT
    notebook["input_gate_by_hand"] = gate_from_slices(toy, x_toy, trace, 0)
    ch.q1.check()
    assert ch.q1.outcome is Outcome.CORRECT
