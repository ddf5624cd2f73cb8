"""Chapter 09's checks: a right answer, a wrong one (its teaching message), a wrong type or shape.

The contexts are tiny layers built here, untrained: the checks compute their truth from them.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest

from lstm_course.exercises import Outcome
from lstm_course.exercises import chapter09 as ex
from lstm_course.layers import GRU, LSTM
from lstm_course.probes import trace_gru, trace_lstm


def run(question, shown: list[dict], **namespace) -> tuple[Outcome, str]:
    ex.bind(namespace)
    question.check()
    return question.outcome, shown[-1]["text/plain"]


# --- q1 ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dashboard() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    o = rng.uniform(0.05, 1, size=(1, 6, 4))
    c = rng.normal(scale=4, size=(1, 6, 4))  # memories well past 1
    return {"output_gate": o, "cell_state": c, "hidden_state": o * np.tanh(c)}


def test_q1_right_wrong_and_wrong_type(shown, dashboard) -> None:
    outcome, _ = run(ex.q1, shown, ceiling_prediction="always", dashboard=dashboard)
    assert outcome is Outcome.CORRECT

    outcome, said = run(
        ex.q1, shown, ceiling_prediction="only where |C_t| < 1", dashboard=dashboard
    )
    assert outcome is Outcome.INCORRECT
    assert "that would be true of o_t * C_t" in said

    outcome, said = run(
        ex.q1, shown, ceiling_prediction="no: |h_t| can exceed o_t", dashboard=dashboard
    )
    assert "How large can |tanh(C_t)| be" in said

    outcome, said = run(ex.q1, shown, ceiling_prediction=True, dashboard=dashboard)
    assert outcome is Outcome.INCORRECT
    assert '`ceiling_prediction` should be one of the three options, as a string: "always"' in said


def test_q1_is_not_attempted_while_the_stub_is_there(shown, dashboard) -> None:
    outcome, said = run(ex.q1, shown, ceiling_prediction=..., dashboard=dashboard)
    assert outcome is Outcome.NOT_ATTEMPTED and "`ceiling_prediction`" in said


def test_q1_truth_comes_from_the_trace(dashboard) -> None:
    assert ex.ceiling_holds(dashboard)
    broken = dict(dashboard, hidden_state=dashboard["cell_state"] * dashboard["output_gate"])
    assert not ex.ceiling_holds(broken)


# --- q2 ---------------------------------------------------------------------------------------

VOCAB = [f"w{i}" for i in range(11)]  # 11 one-hot features


def test_q2_counts_match_keras_and_the_course_layer(shown) -> None:
    for after in (True, False):
        layer = keras.layers.GRU(16, reset_after=after)
        layer.build((None, None, len(VOCAB)))
        assert ex.gru_count(len(VOCAB), 16, after) == layer.count_params()
    right = ex.gru_count(len(VOCAB), 16, True), ex.gru_count(len(VOCAB), 16, False)
    outcome, _ = run(
        ex.q2,
        shown,
        gru_parameters=right[0],
        gru_parameters_reset_before=right[1],
        vocab=VOCAB,
    )
    assert outcome is Outcome.CORRECT


@pytest.mark.parametrize(
    ("after_true", "message"),
    [
        (ex.gru_count(11, 16, False), "the count for the other bias layout"),
        (4 * (11 * 16 + 16 * 16 + 16), "counts four blocks, as in the LSTM"),
        (3 * (11 * 16 + 16 * 16), "leaves out the bias"),
        (11 * 16 + 16 * 16 + 2 * 16, "counts one block"),
        (12345, "The input is one-hot words: how many features"),
    ],
)
def test_q2_wrong_counts_are_told_what_they_missed(shown, after_true, message) -> None:
    outcome, said = run(
        ex.q2,
        shown,
        gru_parameters=after_true,
        gru_parameters_reset_before=ex.gru_count(11, 16, False),
        vocab=VOCAB,
    )
    assert outcome is Outcome.INCORRECT and message in said
    assert str(ex.gru_count(11, 16, True)) not in said, "the message never gives the count"


def test_q2_the_reset_before_count_is_checked_too(shown) -> None:
    outcome, said = run(
        ex.q2,
        shown,
        gru_parameters=ex.gru_count(11, 16, True),
        gru_parameters_reset_before=ex.gru_count(11, 16, True),
        vocab=VOCAB,
    )
    assert outcome is Outcome.INCORRECT
    assert "`gru_parameters_reset_before` is the count for the other bias layout" in said


def test_q2_a_wrong_type_names_a_whole_number(shown) -> None:
    outcome, said = run(
        ex.q2, shown, gru_parameters="1800", gru_parameters_reset_before=1, vocab=VOCAB
    )
    assert outcome is Outcome.INCORRECT
    assert (
        "`gru_parameters` should be one whole number (a count of parameters); it is a str" in said
    )


# --- q3 ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gru_context() -> dict[str, np.ndarray]:
    layer = GRU(3, return_sequences=True)
    x = np.random.default_rng(1).normal(size=(1, 5, 2)).astype("float32")
    layer.build(x.shape)
    gru_trace = trace_gru(layer, x)
    h = gru_trace["hidden_state"]
    h_previous = np.concatenate([np.zeros_like(h[:, :1]), h[:, :-1]], axis=1)
    return {"gru_trace": gru_trace, "h_previous": h_previous}


def test_q3_right_answer(shown, gru_context) -> None:
    z_prime = 1 - gru_context["gru_trace"]["update_gate"]
    h_textbook = (1 - z_prime) * gru_context["h_previous"] + z_prime * gru_context["gru_trace"][
        "candidate"
    ]
    outcome, _ = run(ex.q3, shown, z_prime=z_prime, h_textbook=h_textbook, **gru_context)
    assert outcome is Outcome.CORRECT


def test_q3_keras_z_is_not_the_textbook_z(shown, gru_context) -> None:
    z = gru_context["gru_trace"]["update_gate"]
    outcome, said = run(ex.q3, shown, z_prime=z, h_textbook=z, **gru_context)
    assert outcome is Outcome.INCORRECT and "`z_prime` is Keras's z_t itself" in said


def test_q3_a_wrong_state_and_a_wrong_shape(shown, gru_context) -> None:
    z_prime = 1 - gru_context["gru_trace"]["update_gate"]
    outcome, said = run(
        ex.q3, shown, z_prime=z_prime, h_textbook=gru_context["h_previous"], **gru_context
    )
    assert outcome is Outcome.INCORRECT and "`h_textbook` equals h_(t-1)" in said

    outcome, said = run(ex.q3, shown, z_prime=z_prime[0], h_textbook=z_prime, **gru_context)
    assert outcome is Outcome.INCORRECT
    assert "`z_prime` should have shape (1, 5, 3) = (batch, words, units)" in said


# --- q4 ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def review() -> dict:
    keras.utils.set_random_seed(2)
    model = keras.Sequential(
        [
            keras.Input((8,), dtype="int64"),
            keras.layers.Embedding(20, 4, mask_zero=True, name="embedding"),
            LSTM(3, name="lstm"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    review_ids = np.array([[5, 9, 3, 7, 12, 0, 0, 0]])
    return {"sentiment": model, "review_ids": review_ids, "tokens": ["a", "b", "c", "d", "e"]}


def lstm_by_hand(review: dict, carry: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The learner's loop, here to make right and wrong answers."""
    model = review["sentiment"]
    table = model.get_layer("embedding").get_weights()[0].astype(float)
    W_x, W_h, b = (w.astype(float) for w in model.get_layer("lstm").get_weights())
    h = C = np.zeros(W_h.shape[0])
    hs, cs = [], []
    for step in range(len(review["tokens"])):
        if not carry:
            h = C = np.zeros(W_h.shape[0])
        z = table[review["review_ids"][0, step]] @ W_x + h @ W_h + b
        i, f, c_tilde, o = np.split(z, 4)
        sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
        C = sig(f) * C + sig(i) * np.tanh(c_tilde)
        h = sig(o) * np.tanh(C)
        hs.append(h)
        cs.append(C)
    return np.array(hs), np.array(cs)


def test_q4_right_answer_matches_trace_lstm(shown, review) -> None:
    h_by_hand, _ = lstm_by_hand(review)
    traced = trace_lstm(review["sentiment"], layer="lstm", inputs=review["review_ids"])
    assert np.abs(traced["hidden_state"][0, :5] - h_by_hand).max() < 1e-5
    outcome, _ = run(ex.q4, shown, h_by_hand=h_by_hand, **review)
    assert outcome is Outcome.CORRECT


def test_q4_states_not_carried_are_told(shown, review) -> None:
    h_by_hand, _ = lstm_by_hand(review, carry=False)
    outcome, said = run(ex.q4, shown, h_by_hand=h_by_hand, **review)
    assert outcome is Outcome.INCORRECT
    assert "the first 1 word(s) match, then the states part" in said


def test_q4_cell_states_and_a_wrong_first_step(shown, review) -> None:
    h_by_hand, c_by_hand = lstm_by_hand(review)
    outcome, said = run(ex.q4, shown, h_by_hand=c_by_hand, **review)
    assert outcome is Outcome.INCORRECT and "did you store C_t" in said
    outcome, said = run(ex.q4, shown, h_by_hand=h_by_hand[::-1], **review)
    assert "the first word is already off" in said


def test_q4_a_wrong_shape_names_the_axes(shown, review) -> None:
    h_by_hand, _ = lstm_by_hand(review)
    outcome, said = run(ex.q4, shown, h_by_hand=h_by_hand[None], **review)
    assert outcome is Outcome.INCORRECT
    assert "`h_by_hand` should have shape (5, 3) = (words of the review, units)" in said
