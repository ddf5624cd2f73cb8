"""The explorer mechanism: a static figure where widgets cannot render, sliders where they can."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from lstm_course import explorers
from lstm_course.explorers import Slider, Text, explore


def square(a: float, label: str, scale: float):
    figure, ax = plt.subplots()
    ax.plot([0, 1], [0, a * scale])
    ax.set_title(label)
    return figure


def test_headless_draws_the_figure_once_at_the_starting_values(monkeypatch) -> None:
    monkeypatch.setenv(explorers.HEADLESS_ENV, "1")
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    explore(square, a=Slider(0.0, 2.0, 0.1, 0.5), label=Text("hello"), scale=4.0)
    assert len(shown) == 1
    (figure,) = shown
    assert figure.axes[0].get_title() == "hello"
    assert figure.axes[0].lines[0].get_ydata()[-1] == pytest.approx(2.0)
    assert not plt.get_fignums(), "the shown figure is closed, so it is not drawn twice"


def test_outside_a_kernel_widgets_are_not_live(monkeypatch) -> None:
    monkeypatch.delenv(explorers.HEADLESS_ENV, raising=False)
    assert explorers.live_widgets() is False  # pytest is no IPython kernel


def test_a_slider_refuses_a_start_outside_its_range() -> None:
    with pytest.raises(ValueError, match=r"starting value must lie in \[low, high\]"):
        Slider(0.0, 1.0, 0.1, 1.5)
    with pytest.raises(ValueError, match="step must be positive"):
        Slider(0.0, 1.0, 0.0, 0.5)


def test_a_callback_that_returns_no_figure_is_named(monkeypatch) -> None:
    monkeypatch.setenv(explorers.HEADLESS_ENV, "1")

    def no_figure(a: float):
        return a

    with pytest.raises(TypeError, match="no_figure must return a matplotlib Figure; it returned"):
        explore(no_figure, a=Slider(0.0, 1.0, 0.1, 0.5))
    with pytest.raises(TypeError, match="needs a function"):
        explore("not a function", a=Slider(0.0, 1.0, 0.1, 0.5))


def test_live_shows_a_control_per_slider_and_text_and_redraws(monkeypatch) -> None:
    import ipywidgets

    monkeypatch.setattr(explorers, "live_widgets", lambda: True)
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    explore(square, a=Slider(0.0, 2.0, 0.1, 0.5), label=Text("hello"), scale=4.0)
    box = next(item for item in shown if isinstance(item, ipywidgets.VBox))
    slider, text = box.children[0], box.children[1]
    assert isinstance(slider, ipywidgets.FloatSlider) and slider.value == 0.5
    assert isinstance(text, ipywidgets.Text) and text.value == "hello"
    drawn = len([item for item in shown if not isinstance(item, ipywidgets.VBox)])
    slider.value = 1.5
    figures = [item for item in shown if not isinstance(item, ipywidgets.VBox)]
    assert len(figures) == drawn + 1
    assert figures[-1].axes[0].lines[0].get_ydata()[-1] == pytest.approx(6.0)
