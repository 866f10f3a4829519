"""The practice checks: :class:`Exercise` (what right means), :func:`check` and its :class:`Result`."""

from __future__ import annotations

import html
import importlib
import pkgutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["Exercise", "Result", "check", "exercises"]


@dataclass(frozen=True)
class Exercise:
    """One practice exercise: the function ``name`` must behave like ``solution`` on ``cases``.

    Parameters
    ----------
    name : str
        The function's name, as the chapter's practice cell defines it (unique across the book).
    solution : callable
        A right implementation; its outputs on the cases are the expected ones.
    cases : sequence of Case
        Small inputs (:class:`paramcourse.grading.diagnosis.Case`), at least two of different
        shapes so that a mistake can be named.
    formula : str
        What to compute, shown when no catalogued mistake explains a wrong answer.
    mistakes : sequence of Mistake
        Plausible wrong implementations with their hints.
    pure : bool
        Whether to check that array arguments are left unchanged.
    arg_names : sequence of str
        The names of the positional arguments, for the purity message.
    rtol, atol : float
        Tolerances of the comparison.
    """

    name: str
    solution: Callable[..., Any]
    cases: Sequence[Any]
    formula: str
    mistakes: Sequence[Any] = ()
    pure: bool = True
    arg_names: Sequence[str] = ()
    rtol: float = 1e-7
    atol: float = 1e-10
    chapter: str = field(default="", compare=False)


_SYMBOLS = {"passed": "✓", "failed": "✗", "todo": "…", "unknown": "?"}
_COLOURS = {"passed": "#1b7837", "failed": "#b2182b", "todo": "#4d4d4d", "unknown": "#4d4d4d"}


@dataclass(frozen=True)
class Result:
    """The outcome of :func:`check`: ``passed``, a ``message`` for people, and ``status``
    (``"passed"``, ``"failed"``, ``"todo"`` for an unfinished skeleton, ``"unknown"``)."""

    passed: bool
    message: str
    status: str = "failed"
    seconds: float = 0.0

    def __repr__(self) -> str:
        return f"{_SYMBOLS[self.status]} {self.message}"

    def _repr_html_(self) -> str:
        colour = _COLOURS[self.status]
        return (
            f'<div class="paramcourse-practice paramcourse-practice-{self.status}" role="status" '
            f'style="border-left: 4px solid {colour}; padding: 0.3em 0.8em;">'
            f'<strong style="color: {colour}">{_SYMBOLS[self.status]}</strong> {html.escape(self.message)}</div>'
        )

    def __bool__(self) -> bool:
        return self.passed


_REGISTRY: dict[str, Exercise] | None = None


def exercises() -> dict[str, Exercise]:
    """Every practice exercise of the book by function name (the chapter modules ``ch*``)."""
    global _REGISTRY
    if _REGISTRY is None:
        found: dict[str, Exercise] = {}
        import paramcourse.practice as package

        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            if not info.name.startswith("ch"):
                continue
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for exercise in module.EXERCISES:
                if exercise.name in found:
                    raise ValueError(
                        f"two practice exercises are named {exercise.name!r} ({found[exercise.name].chapter} "
                        f"and {info.name}); names must be unique across the book"
                    )
                found[exercise.name] = Exercise(**{**exercise.__dict__, "chapter": info.name})
        _REGISTRY = found
    return _REGISTRY


def _convert_like(expected_raw: Any) -> Callable[[Any, Any, str], Any]:
    """A converter that turns a result into the form of the solution's result ``expected_raw``:
    numbers to floats, arrays to arrays of the same shape, tuples and dicts part by part."""
    from paramcourse.grading.compare import fail, fmt, to_array, to_float

    def convert_one(value: Any, like: Any, what: str) -> Any:
        if isinstance(like, (bool, np.bool_)):
            if type(value) not in (bool, np.bool_):
                fail(f"{what} should be True or False; got {fmt(value)}.", "return a bool.")
            return float(bool(value))
        if isinstance(like, (int, float, np.integer, np.floating)):
            return to_float(value, what)
        return to_array(value, what, np.shape(like))

    def convert(value: Any, case: Any, what: str) -> Any:
        if isinstance(expected_raw, dict):
            if type(value) is not dict or set(value) != set(expected_raw):
                fail(f"{what} should be a dict with keys {sorted(expected_raw)}; got {fmt(value)}.",
                     "return a dict with exactly these keys.")
            return {key: convert_one(value[key], like, f"{key!r} of {what}") for key, like in expected_raw.items()}
        if isinstance(expected_raw, tuple):
            if type(value) not in (tuple, list) or len(value) != len(expected_raw):
                fail(f"{what} should return {len(expected_raw)} values; got {fmt(value)}.",
                     f"end with return followed by {len(expected_raw)} values separated by commas.")
            return {f"value {i + 1}": convert_one(v, like, f"value {i + 1} of {what}")
                    for i, (v, like) in enumerate(zip(value, expected_raw))}
        return convert_one(value, expected_raw, what)

    return convert


def _expected(exercise: Exercise, case: Any) -> Any:
    from paramcourse.grading.diagnosis import run_case

    raw = run_case(exercise.solution, case)
    return _convert_like(raw)(raw, case, "the solution")


def check(fn: Callable[..., Any]) -> Result:
    """Check the learner's ``fn`` against the practice exercise of the same name.

    Returns a :class:`Result`; never raises for a wrong or unfinished answer.
    """
    from paramcourse.grading.compare import check_cases, check_pure
    from paramcourse.grading.diagnosis import run_case

    started = time.perf_counter()
    name = getattr(fn, "__name__", None)
    if not callable(fn) or name not in exercises():
        known = ", ".join(sorted(exercises())[:5]) or "none yet"
        return Result(False, f"check() needs one of the book's practice functions ({known}, ...); got "
                      f"{name or type(fn).__name__!r}. Keep the def line of the exercise as given.", "unknown")
    exercise = exercises()[name]

    def convert(value: Any, case: Any, what: str) -> Any:
        # The form of the answer on this case: the solution's output on it (shapes follow inputs).
        return _convert_like(run_case(exercise.solution, case))(value, case, what)

    try:
        check_cases(fn, name, exercise.cases, lambda case: _expected(exercise, case), formula=exercise.formula,
                    catalogue=exercise.mistakes, convert=convert, rtol=exercise.rtol, atol=exercise.atol)
        if exercise.pure:
            check_pure(fn, name, exercise.cases, exercise.arg_names, exercise.mistakes)
    except NotImplementedError:
        return Result(False, f"Not done yet: write the body of {name} (replace raise NotImplementedError), "
                      "then run this cell again.", "todo", time.perf_counter() - started)
    except AssertionError as error:
        return Result(False, str(error), "failed", time.perf_counter() - started)
    except Exception as error:  # the learner's result broke the comparison itself
        return Result(False, f"{name} returned something the check could not compare ({type(error).__name__}: "
                      f"{error}). {exercise.formula}", "failed", time.perf_counter() - started)
    return Result(True, f"{name} is right on all {len(exercise.cases)} test inputs.", "passed",
                  time.perf_counter() - started)
