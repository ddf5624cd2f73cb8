"""Chapter 09's explorer: h = o * tanh(C), drawn over a range of memories and over a held one."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lstm_course.explorers.output_gate import (  # noqa: E402
    OPEN_STEPS,
    STEPS,
    WRITE_STEP,
    held_memory,
    output_gate_figure,
    shown_memory,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def line(ax, starts_with: str):
    """The line of ``ax`` whose legend label starts with ``starts_with``."""
    (found,) = [ln for ln in ax.lines if ln.get_label().startswith(starts_with)]
    return np.asarray(found.get_xdata(), dtype=float), np.asarray(found.get_ydata(), dtype=float)


def test_a_shut_gate_hides_everything_the_memory_holds():
    figure = output_gate_figure(o=0.0, c_max=3.0)
    shutter, story = figure.axes
    memory, shown = line(shutter, "h = ")
    assert memory.min() == pytest.approx(-3.0) and memory.max() == pytest.approx(3.0)
    np.testing.assert_array_equal(shown, 0.0)
    _, cell = line(story, "cell state")
    _, hidden = line(story, "hidden state")
    assert cell.max() == pytest.approx(3.0)  # the memory is there ...
    np.testing.assert_array_equal(hidden, 0.0)  # ... and nothing of it shows


def test_an_open_gate_shows_tanh_of_the_memory():
    shutter, story = output_gate_figure(o=1.0, c_max=2.5).axes
    memory, shown = line(shutter, "h = ")
    np.testing.assert_allclose(shown, np.tanh(memory))
    steps, hidden = line(story, "hidden state")
    opened = np.isin(steps, OPEN_STEPS)
    np.testing.assert_allclose(hidden[opened], np.tanh(2.5))
    np.testing.assert_array_equal(hidden[~opened], 0.0)  # shut at every other step


def test_the_gate_is_the_ceiling_of_what_shows():
    memory = np.linspace(-50, 50, 101)
    assert np.abs(shown_memory(0.3, memory)).max() == pytest.approx(0.3, abs=1e-12)
    np.testing.assert_allclose(shown_memory(0.5, [0.0, 1.0]), [0.0, 0.5 * np.tanh(1.0)])


def test_the_held_memory_is_written_once_and_shown_only_at_the_open_steps():
    held = held_memory(0.8, 4.0)
    assert all(values.shape == (STEPS,) for values in held.values())
    np.testing.assert_array_equal(held["cell_state"][:WRITE_STEP], 0.0)
    np.testing.assert_array_equal(held["cell_state"][WRITE_STEP:], 4.0)
    shown_at = np.flatnonzero(held["hidden_state"])
    assert tuple(shown_at) == OPEN_STEPS
    np.testing.assert_allclose(held["hidden_state"][shown_at], 0.8 * np.tanh(4.0))


def test_the_figure_has_titles_and_labelled_axes():
    figure = output_gate_figure(0.4, 1.5)
    assert "0.40" in figure._suptitle.get_text()
    for ax in figure.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


@pytest.mark.parametrize("o", [-0.1, 1.5, float("nan")])
def test_a_gate_outside_0_to_1_is_refused_with_the_range(o):
    with pytest.raises(ValueError, match=r"lies in \[0, 1\]; got o="):
        output_gate_figure(o, 2.0)
    with pytest.raises(ValueError, match=r"lies in \[0, 1\]"):
        shown_memory(o, [1.0])


@pytest.mark.parametrize("c_max", [0.0, -1.0, float("inf")])
def test_a_memory_size_that_is_not_positive_is_refused(c_max):
    with pytest.raises(ValueError, match="c_max is the size of the memory, a positive finite"):
        output_gate_figure(0.5, c_max)


def test_a_gate_that_is_not_a_number_is_named():
    with pytest.raises(TypeError, match="one number in \\[0, 1\\]; got 'open'"):
        output_gate_figure("open", 2.0)
