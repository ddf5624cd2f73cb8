"""Explorers: move a value by hand and watch a figure change.

An explorer is a plain function, its *callback*, that takes numbers (or a string) and returns a
matplotlib ``Figure``. :func:`explore` puts controls in front of it:

* in a live notebook (JupyterLab, Jupyter Notebook, VS Code, Colab) with ipywidgets: a slider per
  :class:`Slider`, a text box per :class:`Text`, and the figure drawn again after each change;
* in a headless run (the course runner, the tests, the built website) or where ipywidgets is
  missing: the callback once, at the controls' starting values. That static figure is what the
  executed notebook and the website show, so nothing is lost where widgets cannot render.

The callbacks live in this package's modules, one per chapter, and the tests call them directly.
The runner sets ``LSTM_COURSE_HEADLESS=1`` in its kernels' environment.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure

from ..config import HEADLESS_ENV

__all__ = ["HEADLESS_ENV", "Slider", "Text", "explore", "live_widgets"]


@dataclass(frozen=True)
class Slider:
    """A number to move by hand: ``low`` to ``high`` in steps of ``step``, starting at ``value``."""

    low: float
    high: float
    step: float
    value: float
    label: str = ""

    def __post_init__(self) -> None:
        if not self.low <= self.value <= self.high:
            raise ValueError(
                f"A slider's starting value must lie in [low, high]; got value={self.value} "
                f"with low={self.low}, high={self.high}. Move the value or widen the range."
            )
        if self.step <= 0:
            raise ValueError(f"A slider's step must be positive; got step={self.step}.")


@dataclass(frozen=True)
class Text:
    """A line of text to type, starting as ``value``."""

    value: str
    label: str = ""


def live_widgets() -> bool:
    """Whether sliders can render here: an IPython kernel, ipywidgets installed, not headless."""
    if os.environ.get(HEADLESS_ENV, "") == "1":
        return False
    try:
        import ipywidgets  # noqa: F401
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _starting_values(controls: dict[str, Any]) -> dict[str, Any]:
    return {
        name: control.value if isinstance(control, (Slider, Text)) else control
        for name, control in controls.items()
    }


def _widget(name: str, control: Slider | Text):
    import ipywidgets as widgets

    description = control.label or name
    style = {"description_width": "initial"}
    if isinstance(control, Text):
        return widgets.Text(
            value=control.value, description=description, continuous_update=False, style=style
        )
    return widgets.FloatSlider(
        value=control.value,
        min=control.low,
        max=control.high,
        step=control.step,
        description=description,
        continuous_update=False,
        style=style,
    )


def _show(figure: Figure) -> None:
    import matplotlib.pyplot as plt
    from IPython.display import display

    display(figure)
    plt.close(figure)


def explore(callback: Callable[..., Figure], /, **controls: Slider | Text | Any) -> None:
    """Show ``callback``'s figure with a control for each :class:`Slider` or :class:`Text`.

    Other keyword arguments are passed to the callback as they are (a trained model, data).
    Where widgets cannot render (see :func:`live_widgets`), the figure is drawn once at the
    controls' starting values.
    """
    if not callable(callback):
        raise TypeError(f"explore() needs a function that returns a figure; got {callback!r}.")
    fixed = {n: c for n, c in controls.items() if not isinstance(c, (Slider, Text))}
    moving = {n: c for n, c in controls.items() if isinstance(c, (Slider, Text))}
    if not live_widgets():
        figure = callback(**_starting_values(controls))
        if not isinstance(figure, Figure):
            raise TypeError(
                f"{getattr(callback, '__name__', callback)} must return a matplotlib Figure; "
                f"it returned {type(figure).__name__}."
            )
        _show(figure)
        return
    import ipywidgets as widgets
    from IPython.display import display

    sliders = {name: _widget(name, control) for name, control in moving.items()}

    def draw(**values: Any) -> None:
        _show(callback(**values, **fixed))

    display(widgets.VBox([*sliders.values(), widgets.interactive_output(draw, sliders)]))
