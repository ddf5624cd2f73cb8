"""Exercises that check themselves: ``q1.check()``, ``q1.hint()``, ``q1.solution()``.

In a chapter::

    from lstm_course.exercises import chapter07 as ex
    ex.bind(globals())
    ...
    forget_by_hand = ...      # the learner's answer
    ex.q1.check()

A :class:`Question` reads the learner's variables by name from the notebook's globals (which
``bind`` hands it) and says one of four things, in colour in Jupyter and as plain text elsewhere:

* **not attempted**: a variable it reads is missing or still ``...``;
* **incorrect**: with a message that teaches the misconception, never the expected value;
* **correct**;
* **uncheckable**: a thought question (:class:`ThoughtQuestion`); ``solution()`` shows a model
  answer to compare with.

A wrong type or shape (a string for an array, (time, units) for (batch, time, units)) is told in
words that name what was expected and what came (:func:`expect_array`, :func:`expect_number`),
never as a traceback from inside the checker. ``hint()`` shows the next hint each time it is
called. Each outcome is also recorded beside the chapter's metrics (the course runner reads them:
the instructor edition must run with every check correct).

The chapter modules (``chapter01`` ...) hold the questions; a check takes at most a couple of
seconds and trains nothing unless training is the exercise.
"""

from __future__ import annotations

import enum
import html
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "AnswerError",
    "Outcome",
    "Question",
    "ThoughtQuestion",
    "bind_questions",
    "close",
    "expect_array",
    "expect_number",
    "expect_shape",
    "expect_whole",
]


class Outcome(enum.Enum):
    """What a check found."""

    NOT_ATTEMPTED = "not attempted"
    INCORRECT = "incorrect"
    CORRECT = "correct"
    UNCHECKABLE = "uncheckable"


_COLOURS = {
    Outcome.NOT_ATTEMPTED: "#8a6d00",
    Outcome.INCORRECT: "#c0392b",
    Outcome.CORRECT: "#1e8449",
    Outcome.UNCHECKABLE: "#2e5c8a",
    "hint": "#2e5c8a",
    "solution": "#555555",
}


class AnswerError(Exception):
    """Raised by a check function: the answer is wrong, and the message says how to think again."""


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray) or hasattr(value, "shape"):
        return f"an array of shape {tuple(getattr(value, 'shape', ()))}"
    return f"a {type(value).__name__} ({value!r:.60})"


def expect_array(
    value: Any,
    name: str,
    *,
    shape: Sequence[int | None] | None = None,
    meaning: str = "",
) -> np.ndarray:
    """``value`` as a float NumPy array, or :class:`AnswerError` naming what was expected.

    ``shape`` may hold ``None`` for a size that can be anything; ``meaning`` names the axes, as
    ``"(batch, time, units)"``, so the message says what each number is.
    """
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise AnswerError(
            f"`{name}` should be an array of numbers{' ' + meaning if meaning else ''}; "
            f"it is {_describe(value)}."
        ) from None
    if shape is not None:
        fits = array.ndim == len(shape) and all(
            want is None or want == got for want, got in zip(shape, array.shape, strict=False)
        )
        if not fits:
            parts = ["any" if s is None else str(s) for s in shape]
            wanted = f"({parts[0]},)" if len(parts) == 1 else "(" + ", ".join(parts) + ")"
            raise AnswerError(
                f"`{name}` should have shape {wanted}{' = ' + meaning if meaning else ''}; "
                f"it has shape {array.shape}."
            )
    return array


def expect_number(value: Any, name: str, *, meaning: str = "") -> float:
    """``value`` as one float, or :class:`AnswerError` naming what was expected."""
    wrong = AnswerError(
        f"`{name}` should be one number{' (' + meaning + ')' if meaning else ''}; "
        f"it is {_describe(value)}."
    )
    if value is None or isinstance(value, (bool, str)) or np.ndim(value) != 0:
        raise wrong
    try:
        return float(value)
    except (TypeError, ValueError):
        raise wrong from None


def expect_whole(value: Any, name: str, meaning: str = "") -> int:
    """``value`` as one whole number (a count), or :class:`AnswerError` naming what was expected."""
    number = expect_number(value, name, meaning=meaning)
    if number != int(number):
        raise AnswerError(
            f"`{name}` should be a whole number{' (' + meaning + ')' if meaning else ''}; "
            f"it is {number!r}."
        )
    return int(number)


def expect_shape(value: Any, name: str, meaning: str = "") -> tuple[int, ...]:
    """``value`` as a shape, a tuple of whole numbers, or :class:`AnswerError` naming what was
    expected (``meaning`` names the axes, as ``"(batch, time, units)"``)."""
    wrong = AnswerError(
        f"`{name}` should be a shape, a tuple of whole numbers such as (8, 16)"
        f"{' for ' + meaning if meaning else ''}; it is {_describe(value)}."
    )
    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list)) or not value:
        raise wrong
    sizes = []
    for size in value:
        if isinstance(size, (bool, np.bool_, str)) or size is None or np.ndim(size) != 0:
            raise wrong
        try:
            whole = float(size)
        except (TypeError, ValueError):
            raise wrong from None
        if whole != int(whole):
            raise wrong
        sizes.append(int(whole))
    return tuple(sizes)


def close(a: Any, b: Any, tolerance: float = 1e-4) -> bool:
    """Whether two arrays have one shape and agree within ``tolerance`` (and 0.1% relative)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, atol=tolerance, rtol=1e-3))


def _show(kind: Outcome | str, title: str, body: str = "") -> None:
    """Show a coloured box in Jupyter, a plain line elsewhere."""
    from IPython.display import display

    plain = f"{title}: {body}" if body else title
    colour = _COLOURS[kind]
    rendered = html.escape(body).replace("\n", "<br>")
    markup = (
        f'<div style="border-left: 4px solid {colour}; padding: 2px 8px">'
        f'<b style="color: {colour}">{html.escape(title)}</b>'
        + (f" {rendered}" if body else "")
        + "</div>"
    )
    display({"text/html": markup, "text/plain": plain}, raw=True)


@dataclass
class Question:
    """One checked exercise.

    ``reads`` names the learner's variables; ``context`` names what the chapter's own cells
    made that the check needs (a trained layer, the data); ``check_answer`` gets both as keyword
    arguments and raises :class:`AnswerError` (with a teaching message) when the answer is wrong;
    ``hints`` are shown one per ``hint()`` call; ``solution_code`` is the model answer, as code.
    """

    name: str
    reads: Sequence[str]
    check_answer: Callable[..., Any]
    hints: Sequence[str] = ()
    solution_code: str = ""
    context: Sequence[str] = ()
    chapter: str = ""
    namespace: dict[str, Any] | None = field(default=None, repr=False)
    _hints_shown: int = field(default=0, repr=False)
    outcome: Outcome | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return f"{self.chapter} {self.name}".strip()

    def _answers(self) -> dict[str, Any] | None:
        if self.namespace is None:
            raise RuntimeError(
                f"{self.label} is not bound to your notebook: run `ex.bind(globals())` first "
                "(the cell near the top of the exercises)."
            )
        missing = [name for name in self.context if name not in self.namespace]
        if missing:
            raise RuntimeError(
                f"{self.label} needs what the chapter's cells above make "
                f"({', '.join(missing)} not defined yet): run them first (Run > Run All Above)."
            )
        answers = {name: self.namespace[name] for name in self.context}
        for variable in self.reads:
            value = self.namespace.get(variable, ...)
            if value is ...:
                return None
            answers[variable] = value
        return answers

    def _record(self, outcome: Outcome) -> Outcome:
        from lstm_course.course import record_exercise

        self.outcome = outcome
        record_exercise(self.label, outcome.value)
        return outcome

    def check(self) -> None:
        """Check the learner's answer and say what it found."""
        answers = self._answers()
        if answers is None:
            names = ", ".join(f"`{v}`" for v in self.reads)
            self._record(Outcome.NOT_ATTEMPTED)
            _show(
                Outcome.NOT_ATTEMPTED,
                f"{self.label}: not attempted yet",
                f"set {names} (replace the `...`), run that cell, then check again.",
            )
            return
        try:
            self.check_answer(**answers)
        except AnswerError as wrong:
            self._record(Outcome.INCORRECT)
            _show(Outcome.INCORRECT, f"{self.label}: not yet", str(wrong))
            return
        except Exception as error:  # the learner's value broke the check: say it, no traceback
            self._record(Outcome.INCORRECT)
            _show(
                Outcome.INCORRECT,
                f"{self.label}: the checker could not use your answer",
                f"{type(error).__name__}: {error}. Look at the type and shape of "
                + ", ".join(f"`{v}`" for v in self.reads)
                + ".",
            )
            return
        self._record(Outcome.CORRECT)
        _show(Outcome.CORRECT, f"{self.label}: correct")

    def hint(self) -> None:
        """Show the next hint (the last one again once all are shown)."""
        if not self.hints:
            _show("hint", f"{self.label}: no hint for this one", "try solution() to compare.")
            return
        index = min(self._hints_shown, len(self.hints) - 1)
        self._hints_shown += 1
        _show("hint", f"Hint {index + 1} of {len(self.hints)}", self.hints[index])

    def solution(self) -> None:
        """Show the model answer."""
        from IPython.display import display

        code = textwrap.dedent(self.solution_code).strip()
        display(
            {
                "text/markdown": f"**{self.label}, a solution:**\n\n```python\n{code}\n```",
                "text/plain": f"{self.label}, a solution:\n{code}",
            },
            raw=True,
        )


@dataclass
class ThoughtQuestion(Question):
    """A question with no single checkable answer: ``check()`` says so; ``solution()`` explains."""

    reads: Sequence[str] = ()
    check_answer: Callable[..., Any] = lambda: None
    model_answer: str = ""

    def check(self) -> None:
        self._record(Outcome.UNCHECKABLE)
        _show(
            Outcome.UNCHECKABLE,
            f"{self.label}: a question to think about",
            "there is no single right answer to check; compare yours with solution().",
        )

    def solution(self) -> None:
        _show("solution", f"{self.label}, a model answer", textwrap.dedent(self.model_answer))


def bind_questions(chapter: str, *questions: Question) -> Callable[[dict[str, Any]], None]:
    """The ``bind`` of a chapter module: hands the notebook's globals to each of its questions."""
    for question in questions:
        question.chapter = chapter

    def bind(namespace: dict[str, Any]) -> None:
        if not isinstance(namespace, dict):
            raise TypeError(
                "bind() takes the notebook's globals: ex.bind(globals()); "
                f"got {_describe(namespace)}."
            )
        for question in questions:
            question.namespace = namespace

    return bind
