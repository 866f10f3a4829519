"""One way to diagnose a wrong answer: name a cause only when a catalogued mistake reproduces it.

A check calls the student's function on a few inputs (:class:`Case`), at least two of
different shapes. When an output is wrong, :func:`explain` runs every catalogued wrong
implementation (:class:`Mistake`, written in an assignment's ``mistakes.py`` or in a practice
exercise) on the same inputs. A mistake is named only when it reproduces the student's output
on **every** input of the check; otherwise the hint reports what was observed
(:func:`observe`: both shapes, which entries differ, by what factor, on which input) and the
formula. A confident wrong cause sends the student to the wrong line, so the rule errs on the
side of saying less.

The engine is pure: it never calls the student's function itself (the checks do, through
:func:`paramcourse.grading.compare.call`, so that grading can record and replay the calls), and
it only compares values. The same engine serves the graded assignments and the in-chapter
practice checks (:mod:`paramcourse.practice`).
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

__all__ = [
    "Case",
    "Mistake",
    "Raised",
    "collect",
    "explain",
    "mistake",
    "observe",
    "run_case",
    "same",
]

#: Relative and absolute tolerance of "reproduces": tight, since a mistake computed from the
#: same inputs agrees with the student's value to rounding.
RTOL, ATOL = 1e-6, 1e-9


@dataclass(frozen=True)
class Case:
    """One input of a check: ``func(*args, **kwargs)``, described as ``label`` in messages.

    ``args`` and ``kwargs`` are kept pristine: :func:`run_case` passes deep copies, so a
    function that changes its arguments cannot change the case (a ``numpy.random.Generator``
    is copied with its state, so every run draws the same numbers).
    """

    label: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    def fresh(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """Deep copies of the arguments, for one call."""
        return copy.deepcopy(self.args), copy.deepcopy(self.kwargs)

    @property
    def shape_key(self) -> tuple[Any, ...]:
        """What "the shape of this input" means: array shapes, integer sizes, the lengths of lists
        and the keys and shapes of dicts, in order."""
        return tuple(_shape_of(value) for value in (*self.args, *self.kwargs.values()))


def _shape_of(value: Any, depth: int = 0) -> Any:
    if isinstance(value, np.ndarray):
        return value.shape
    if isinstance(value, int) and not isinstance(value, bool):
        return ("int", value)
    if isinstance(value, dict) and depth < 4:
        return ("dict", tuple((str(k), _shape_of(v, depth + 1)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("len", len(value))
    return None


class Mistake(NamedTuple):
    """A catalogued wrong implementation of ``target`` and the hint that names its cause."""

    target: str
    func: Callable[..., Any]
    hint: str

    @property
    def name(self) -> str:
        """The implementation's function name: how tests and reports refer to the mistake."""
        return self.func.__name__


def mistake(target: str, hint: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator for ``mistakes.py``: register the function as a wrong ``target`` with ``hint``.

    The hint states the cause and what to do, in one or two sentences, e.g.
    ``"you summed the squared residuals instead of averaging them: divide by n."``
    """

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        func._paramcourse_mistake = Mistake(target, func, hint)  # type: ignore[attr-defined]
        return func

    return register


def collect(namespace: dict[str, Any]) -> list[Mistake]:
    """The mistakes registered with :func:`mistake` in a module's namespace, in order."""
    return [v._paramcourse_mistake for v in list(namespace.values()) if hasattr(v, "_paramcourse_mistake")]


def run_case(func: Callable[..., Any], case: Case) -> Any:
    """``func`` on fresh copies of the case's arguments (how mistakes are run)."""
    args, kwargs = case.fresh()
    return func(*args, **kwargs)


# ------------------------------------------------------------------------------ comparing


def _leaf(value: Any) -> np.ndarray | None:
    """``value`` as a float64 array when it is a real number, a real array or a rectangular
    (nested) list of real numbers; ``None`` for anything else (pairs of arrays, objects)."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return np.array(float(value))
    if isinstance(value, np.ndarray):
        return value.astype(np.float64) if value.dtype.kind in "iuf" else None
    if isinstance(value, (list, tuple)) and value:
        if all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) for v in value):
            return np.array(value, dtype=np.float64)
        if all(isinstance(v, (list, tuple, np.ndarray)) for v in value):
            leaves = [_leaf(v) for v in value]
            if all(leaf is not None for leaf in leaves) and len({leaf.shape for leaf in leaves}) == 1:
                return np.stack(leaves)  # type: ignore[arg-type]
    return None


def _close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    if a.shape != b.shape:
        return False
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return bool(np.array_equal(a, b, equal_nan=True))
    return bool(np.all(np.abs(a - b) <= atol + rtol * np.abs(b)))


def same(got: Any, other: Any, rtol: float = RTOL, atol: float = ATOL, _depth: int = 0) -> bool:
    """Whether two results agree: numbers and arrays to the tolerances (shapes equal), lists and
    tuples item by item (a list and a tuple may stand for each other), dicts key by key.

    Anything else (an opaque object, a string, ``None``) agrees only with an equal value of the
    same plain type.
    """
    if _depth > 8:
        return False
    a, b = _leaf(got), _leaf(other)
    if a is not None and b is not None:
        return _close(a, b, rtol, atol)
    if isinstance(got, dict) and isinstance(other, dict):
        return set(got) == set(other) and all(same(got[k], other[k], rtol, atol, _depth + 1) for k in got)
    if isinstance(got, (list, tuple)) and isinstance(other, (list, tuple)):
        return len(got) == len(other) and all(same(x, y, rtol, atol, _depth + 1) for x, y in zip(got, other))
    if type(got) in (str, type(None), bool) and type(got) is type(other):
        return bool(got == other)
    return False


# ------------------------------------------------------------------------------ diagnosing


def explain(
    cases: Sequence[Case],
    outputs: Sequence[Any],
    catalogue: Iterable[Mistake],
    target: str,
    *,
    run: Callable[[Callable[..., Any], Case], Any] = run_case,
    agree: Callable[[Any, Any], bool] | None = None,
    rtol: float = RTOL,
    atol: float = ATOL,
    is_right: Callable[[Case, Any], bool] | None = None,
) -> Mistake | None:
    """The catalogued mistake of ``target`` that reproduces ``outputs`` on every case, if any.

    Parameters
    ----------
    cases : sequence of Case
        The inputs of one check, in order.
    outputs : sequence
        What the student's function returned on each case (same order). An entry may be a
        :class:`Raised` when the call raised.
    catalogue : iterable of Mistake
        Known wrong implementations; only those whose ``target`` is ``target`` are tried.
    run : callable, optional
        How a mistake is run on a case (default :func:`run_case`); checks whose functions take
        callbacks pass their own.
    agree : callable, optional
        How a mistake's output is compared with the student's (default :func:`same` with
        ``rtol`` and ``atol``).
    rtol, atol : float
        Tolerances of "reproduces". A check passes the tolerances it compares with when they are
        tighter, so that a mistake closer to the right answer than the check can see is not named.
    is_right : callable, optional
        ``is_right(case, value)`` tells whether a mistake's output is a right answer. A mistake
        that is right on every case is skipped: it would "reproduce" a right value in a wrong
        form (a list where a dict belongs, a masked array), which is not its cause.

    Returns
    -------
    Mistake or None
        ``None`` unless the cases hold at least two inputs of different shapes and one mistake
        reproduces the student's output on all of them: one matching input is a coincidence
        too often (a wrong formula can agree with another on a square matrix, on one sample or
        when the intercept happens to be zero).
    """
    if len(cases) != len(outputs) or len(cases) < 2 or len({repr(c.shape_key) for c in cases}) < 2:
        return None
    if agree is None:
        def agree(got: Any, value: Any) -> bool:
            return same(got, value, rtol=rtol, atol=atol)
    for entry in catalogue:
        if entry.target != target:
            continue
        values = [_run_quietly(entry, case, run) for case in cases]
        if all(_reproduces(value, output, agree) for value, output in zip(values, outputs)):
            if is_right is not None and all(
                not isinstance(value, Raised) and _safely(is_right, case, value) for case, value in zip(cases, values)
            ):
                continue
            return entry
    return None


class Raised(NamedTuple):
    """Stands for "the call raised ``kind``" among the outputs compared by :func:`explain`."""

    kind: str


def _run_quietly(entry: Mistake, case: Case, run: Callable) -> Any:
    """The mistake's output on ``case`` (a :class:`Raised` when it raises). Its warnings are
    silenced: an overflow in a catalogued mistake must not print lines of the private
    ``mistakes.py`` into a student's report."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return run(entry.func, case)
        except Exception as error:
            return Raised(type(error).__name__)


def _safely(predicate: Callable[..., bool], *args: Any) -> bool:
    try:
        return bool(predicate(*args))
    except Exception:
        return False


def _reproduces(value: Any, output: Any, agree: Callable) -> bool:
    """Whether a mistake's ``value`` reproduces the student's ``output`` (a raised error only
    by the same kind of error)."""
    if isinstance(value, Raised) or isinstance(output, Raised):
        return isinstance(value, Raised) and isinstance(output, Raised) and value.kind == output.kind
    return _safely(agree, output, value)


# ------------------------------------------------------------------------------ observing


def _shape_text(shape: tuple[int, ...]) -> str:
    return "a single number" if shape == () else f"shape {shape}"


def _ratio(got: np.ndarray, expected: np.ndarray) -> float | None:
    """The common factor ``got / expected`` when every entry shares it (and it is not 1)."""
    mask = np.abs(expected) > 1e-12
    if not np.any(mask) or np.any(np.abs(got[~mask]) > 1e-12):
        return None
    ratios = got[mask] / expected[mask]
    factor = float(np.median(ratios))
    # A factor within 0.1% of 1 says nothing a reader can use; the entries and offsets do.
    if np.allclose(ratios, factor, rtol=1e-6, atol=1e-12) and abs(factor - 1.0) > 1e-3:
        return factor
    return None


def _factor_text(factor: float) -> str:
    for name, value in (("-1", -1.0), ("1/2", 0.5), ("2", 2.0), ("-2", -2.0), ("-1/2", -0.5)):
        if np.isclose(factor, value, rtol=1e-9):
            return name
    return f"{factor:.4g}"


def _indices(mask: np.ndarray, limit: int = 4) -> str:
    where = np.argwhere(mask)
    shown = [str(tuple(int(i) for i in w)) if len(w) > 1 else str(int(w[0])) for w in where[:limit]]
    more = f" and {len(where) - limit} more" if len(where) > limit else ""
    return ", ".join(shown) + more


def observe(got: Any, expected: Any, rtol: float = 1e-7, atol: float = 1e-10) -> str:
    """Say what differs between ``got`` and ``expected`` (numbers or arrays), without guessing why.

    Examples: ``"expected shape (3,), got shape (3, 1)"``; ``"every entry is 1/2 times the
    expected one"``; ``"entries 0, 2 differ; the others are right"``; ``"it is larger by 1.5"``.
    Returns ``""`` when nothing more can be said than the two values.
    """
    a, b = _leaf(got), _leaf(expected)
    if a is None or b is None:
        return ""
    if a.shape != b.shape:
        return f"expected {_shape_text(b.shape)}, got {_shape_text(a.shape)}"
    if not np.all(np.isfinite(a)):
        return "the result contains NaN or inf (a division by zero, an overflow or a diverging loop?)"
    notes = []
    factor = _ratio(a, b)
    if factor is not None and factor == 0.0:
        notes.append("it is zero" if a.ndim == 0 else "every entry is zero")
    elif factor is not None:
        notes.append(f"{'it' if a.ndim == 0 else 'every entry'} is {_factor_text(factor)} times the expected value")
    elif a.size > 1:
        wrong = np.abs(a - b) > atol + rtol * np.abs(b)
        if 0 < wrong.sum() < a.size:
            notes.append(f"entries at index {_indices(wrong)} differ; the others are right")
        offset = a - b
        if np.allclose(offset, offset.flat[0], rtol=1e-6, atol=1e-12) and abs(offset.flat[0]) > atol:
            notes.append(f"every entry is off by the same amount, {offset.flat[0]:+.4g}")
    elif a.ndim == 0 and np.any(b != 0):
        notes.append(f"it is off by {float(a - b):+.4g}")
    return "; ".join(notes)
