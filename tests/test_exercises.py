"""The exercise checks: four outcomes, teaching messages, hints in turn, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lstm_course import course
from lstm_course.exercises import (
    AnswerError,
    Outcome,
    Question,
    ThoughtQuestion,
    bind_questions,
    expect_array,
    expect_number,
)


def check_sigmoid(sigmoid_of_zero: float) -> None:
    value = expect_number(sigmoid_of_zero, "sigmoid_of_zero", meaning="σ(0)")
    if value == pytest.approx(0.0):
        raise AnswerError("σ(0) is not 0: the sigmoid squashes 0 to the middle of (0, 1).")
    if value != pytest.approx(0.5):
        raise AnswerError("σ(z) = 1 / (1 + e^(-z)); put z = 0 and e^0 = 1.")


def check_states(states: np.ndarray) -> None:
    array = expect_array(states, "states", shape=(2, 5, 3), meaning="(batch, time, units)")
    if not np.all(np.abs(array) <= 1):
        raise AnswerError("a tanh state lies in (-1, 1); did you forget the tanh?")


def make_chapter():
    q1 = Question(
        "q1",
        reads=("sigmoid_of_zero",),
        check_answer=check_sigmoid,
        hints=("Where does the sigmoid cross the middle?", "e^0 = 1."),
        solution_code="sigmoid_of_zero = 1 / (1 + np.exp(-0.0))",
    )
    q2 = Question("q2", reads=("states",), check_answer=check_states)
    q3 = ThoughtQuestion("q3", model_answer="Because the forget gate multiplies the memory.")
    return q1, q2, q3, bind_questions("07", q1, q2, q3)


def plain(bundle: dict) -> str:
    return bundle["text/plain"]


def test_the_four_outcomes(shown, tmp_path: Path, monkeypatch) -> None:
    metrics = tmp_path / "metrics.json"
    monkeypatch.setenv(course.METRICS_ENV, str(metrics))
    q1, q2, q3, bind = make_chapter()
    notebook = {"sigmoid_of_zero": ...}
    bind(notebook)

    q1.check()
    assert q1.outcome is Outcome.NOT_ATTEMPTED
    assert "07 q1: not attempted yet" in plain(shown[-1])
    assert "`sigmoid_of_zero`" in plain(shown[-1])

    notebook["sigmoid_of_zero"] = 0.0
    q1.check()
    assert q1.outcome is Outcome.INCORRECT
    assert "squashes 0 to the middle" in plain(shown[-1])
    assert "0.5" not in plain(shown[-1]), "an incorrect message never gives the answer away"

    notebook["sigmoid_of_zero"] = 1 / (1 + np.exp(-0.0))
    q1.check()
    assert q1.outcome is Outcome.CORRECT and plain(shown[-1]) == "07 q1: correct"
    assert "#1e8449" in shown[-1]["text/html"]  # green in Jupyter

    q3.check()
    assert q3.outcome is Outcome.UNCHECKABLE
    assert json.loads(metrics.read_text())["exercises"] == {
        "07 q1": "correct",
        "07 q3": "uncheckable",
    }


def test_a_missing_variable_is_not_attempted(shown) -> None:
    q1, _, _, bind = make_chapter()
    bind({})
    q1.check()
    assert q1.outcome is Outcome.NOT_ATTEMPTED


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("0.5", "should be one number (σ(0)); it is a str"),
        (np.zeros(3), "should be one number (σ(0)); it is an array of shape (3,)"),
        (None, "should be one number (σ(0)); it is a NoneType"),
    ],
)
def test_a_wrong_type_is_named_not_a_traceback(shown, answer, message) -> None:
    q1, _, _, bind = make_chapter()
    bind({"sigmoid_of_zero": answer})
    q1.check()
    assert q1.outcome is Outcome.INCORRECT
    assert message in plain(shown[-1])
    assert "Traceback" not in plain(shown[-1])


def test_a_wrong_shape_names_the_axes(shown) -> None:
    _, q2, _, bind = make_chapter()
    bind({"states": np.zeros((5, 3))})
    q2.check()
    assert q2.outcome is Outcome.INCORRECT
    assert "should have shape (2, 5, 3) = (batch, time, units); it has shape (5, 3)" in plain(
        shown[-1]
    )
    bind({"states": "h"})
    q2.check()
    assert "should be an array of numbers (batch, time, units); it is a str" in plain(shown[-1])


def test_an_error_inside_the_check_is_told_in_one_line(shown) -> None:
    def fussy(value):
        return {}[value]  # a KeyError the checker did not foresee

    question = Question("q9", reads=("value",), check_answer=fussy)
    bind_questions("01", question)({"value": "x"})
    question.check()
    assert question.outcome is Outcome.INCORRECT
    assert plain(shown[-1]).startswith("01 q9: the checker could not use your answer: KeyError")


def test_hints_come_one_at_a_time_and_the_solution_shows_code(shown) -> None:
    q1, q2, q3, bind = make_chapter()
    bind({})
    q1.hint()
    q1.hint()
    q1.hint()
    assert [plain(b) for b in shown] == [
        "Hint 1 of 2: Where does the sigmoid cross the middle?",
        "Hint 2 of 2: e^0 = 1.",
        "Hint 2 of 2: e^0 = 1.",
    ]
    q1.solution()
    assert "sigmoid_of_zero = 1 / (1 + np.exp(-0.0))" in shown[-1]["text/markdown"]
    q2.hint()
    assert "no hint for this one" in plain(shown[-1])
    q3.solution()
    assert "forget gate multiplies the memory" in plain(shown[-1])


def test_an_unbound_question_says_how_to_bind(shown) -> None:
    q1, _, _, _ = make_chapter()
    with pytest.raises(RuntimeError, match=r"run `ex.bind\(globals\(\)\)` first"):
        q1.check()
    _, _, _, bind = make_chapter()
    with pytest.raises(TypeError, match="bind\\(\\) takes the notebook's globals"):
        bind("globals")


def test_a_check_needs_the_chapters_context_and_says_what_to_run(shown) -> None:
    def check_count(count, layer_units):
        if expect_number(count, "count") != 4 * layer_units * (layer_units + 1):
            raise AnswerError("an LSTM has four blocks of weights, each with its bias")

    question = Question("q2", reads=("count",), check_answer=check_count, context=("layer_units",))
    bind = bind_questions("02", question)
    bind({"count": 24})
    with pytest.raises(RuntimeError, match=r"layer_units not defined yet\): run them first"):
        question.check()
    bind({"count": 24, "layer_units": 2})
    question.check()
    assert question.outcome is Outcome.CORRECT


def test_expect_shape_whole_and_close() -> None:
    from lstm_course.exercises import close, expect_shape, expect_whole

    assert expect_shape((8, np.int64(16), 3.0), "s") == (8, 16, 3)
    for wrong in ["(8, 16)", (8, 7.5), (8, None), (), np.zeros((8, 16)), (True, 2)]:
        with pytest.raises(AnswerError, match="`s` should be a shape, a tuple of whole numbers"):
            expect_shape(wrong, "s", "(batch, units)")
    assert expect_whole(np.float32(12.0), "n") == 12
    with pytest.raises(AnswerError, match=r"`n` should be a whole number \(a count\); it is 12.5"):
        expect_whole(12.5, "n", "a count")
    assert close([1.0, 2.0], [1.00001, 2.0]) and not close([1.0], [1.0, 1.0])
