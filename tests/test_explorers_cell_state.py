"""Chapters 07 and 08's explorers: the cell state under held gates, the forget bias."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lstm_course.explorers.cell_state import (
    candidate_sequence,
    cell_state_figure,
    cell_states,
    forget_bias_figure,
    forget_gate_value,
    half_life,
)


def test_f_one_and_i_zero_keep_the_cell_state_constant() -> None:
    candidate = candidate_sequence(30, write_step=5)
    np.testing.assert_array_equal(cell_states(1.0, 0.0, candidate, start=0.7), 0.7)


def test_f_zero_keeps_only_the_last_write() -> None:
    candidate = candidate_sequence(30, write_step=5)
    np.testing.assert_allclose(cell_states(0.0, 0.6, candidate, start=0.7), 0.6 * candidate)


def test_f_one_and_i_one_add_up_every_write() -> None:
    candidate = candidate_sequence(30, write_step=5)
    np.testing.assert_allclose(cell_states(1.0, 1.0, candidate), np.cumsum(candidate))


def test_the_candidate_has_one_write_and_small_noise() -> None:
    candidate = candidate_sequence(40, write_step=5, write=0.9, noise=0.1, seed=2)
    assert candidate[5] == pytest.approx(0.9)
    assert np.abs(np.delete(candidate, 5)).max() <= 0.1


def test_the_figure_draws_the_constant_and_the_selective_gate() -> None:
    figure = cell_state_figure(0.9, 1.0, steps=20, write_step=5)
    ax = figure.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    candidate = candidate_sequence(20, 5)
    constant, selective = (np.asarray(line.get_ydata()) for line in ax.lines[:2])
    np.testing.assert_allclose(constant, cell_states(0.9, 1.0, candidate))
    # open at the write only: nothing before it, then the write fading by 0.9 per step
    np.testing.assert_allclose(selective[:5], 0.0)
    np.testing.assert_allclose(selective[5:], candidate[5] * 0.9 ** np.arange(15))
    assert "half-life" in ax.get_title()
    plt.close(figure)


def test_half_life_is_ln_half_over_ln_f() -> None:
    assert half_life(0.5) == pytest.approx(1.0)
    assert half_life(0.9) == pytest.approx(math.log(0.5) / math.log(0.9))
    assert 0.9 ** half_life(0.9) == pytest.approx(0.5)
    assert half_life(1.0) == math.inf
    assert half_life(0.0) == 0.0


def test_the_forget_gate_of_a_bias() -> None:
    assert forget_gate_value(0.0) == pytest.approx(0.5)
    assert forget_gate_value(1.0) == pytest.approx(1 / (1 + math.exp(-1)))
    assert forget_gate_value(1.0, -1.0) == pytest.approx(0.5)


def test_the_forget_bias_figure_shows_f_and_the_fading_memory() -> None:
    figure = forget_bias_figure(1.0, 0.0, steps=20)
    left, right = figure.axes
    f = forget_gate_value(1.0)
    assert left.lines[1].get_ydata()[0] == pytest.approx(f)
    np.testing.assert_allclose(right.lines[0].get_ydata(), f ** np.arange(21))
    assert f"{half_life(f):.1f}" in right.get_title()
    for ax in (left, right):
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    plt.close(figure)


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_a_gate_outside_zero_one_is_refused(bad: float) -> None:
    candidate = candidate_sequence(10, write_step=2)
    with pytest.raises(ValueError, match=r"f_t \(the forget gate\) is a gate, a value between 0"):
        cell_states(bad, 0.5, candidate)
    with pytest.raises(ValueError, match=r"i_t \(the input gate\) is a gate"):
        cell_states(0.5, bad, candidate)
    with pytest.raises(ValueError, match="is a gate"):
        half_life(bad)
    with pytest.raises(ValueError, match="is a gate"):
        cell_state_figure(bad, 0.5)


def test_a_write_step_outside_the_sequence_is_refused() -> None:
    with pytest.raises(ValueError, match="write_step must be a step of the sequence, 0 to 9"):
        candidate_sequence(10, write_step=10)
