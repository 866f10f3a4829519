"""Strict conversion and comparison of what a student's function returned.

Every check in :mod:`paramcourse.grading.suites` goes through this module to

* call the student's function (:func:`call`), turning an unexpected exception into a readable
  ``AssertionError`` (``NotImplementedError`` is left alone: it means "not attempted yet");
* turn the result into plain Python floats and fresh ``float64`` arrays (:func:`to_float`,
  :func:`to_array`, :func:`to_index_array`), accepting only genuine number types, so that an
  object whose ``__eq__`` always answers ``True`` or whose ``__float__`` lies cannot pass;
* compare with the expected value and, when they differ, fail with one paragraph that says what
  was wrong followed by ``Hint: ...`` (:func:`assert_close`, :func:`fail`), where the hint is
  chosen by diagnosis (:func:`diagnose`: which known wrong variant did the answer match?).

Keeping all of this in one place means that :func:`call` is the one place where a check meets the
student's code: while grading, it records each call into the test's transcript, and the verdict is
taken by replaying the check outside the student's kernel (:mod:`paramcourse.grading.transcript`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn

import numpy as np

from paramcourse.grading.transcript import invoke

__all__ = [
    "assert_close",
    "assert_unchanged",
    "call",
    "close",
    "describe",
    "diagnose",
    "fail",
    "fmt",
    "to_array",
    "to_float",
    "to_index_array",
]

# Exact types accepted as "a real number". Subclasses are refused on purpose: a subclass of
# float can override __float__ or __eq__ and so forge any comparison.
_REAL_SCALAR_TYPES: frozenset[type] = frozenset(
    {int, float} | {np.dtype(code).type for code in "bBhHiIlLqQefdg"}
)
_INTEGER_SCALAR_TYPES: frozenset[type] = frozenset(
    {int} | {np.dtype(code).type for code in "bBhHiIlLqQ"}
)
# dtype kinds of real numbers: signed and unsigned integers, floats (not bool, complex, object).
_REAL_KINDS = "iuf"


# Marks the AssertionErrors raised by fail(). call() lets them through unchanged, so that a
# check failing inside an instrumented callable the student's code calls (a recording `score`
# or `fit_predict`) reports its own message rather than "your function raised ...". The class
# stays plain AssertionError because the report recognizes failures by that name.
_CHECK_MARK = "_paramcourse_check"


def one_paragraph(text: str) -> str:
    """Collapse all whitespace (newlines included) so that ``text`` reads as one paragraph."""
    return " ".join(str(text).split())


def fail(message: str, hint: str | None = None) -> NoReturn:
    """Raise ``AssertionError`` with ``message`` and, if given, ``Hint: hint`` as one paragraph."""
    text = message.rstrip()
    if hint:
        text = f"{text} Hint: {hint.strip()}"
    error = AssertionError(one_paragraph(text))
    setattr(error, _CHECK_MARK, True)
    raise error


def fmt(value: Any, digits: int = 6) -> str:
    """A short, single-line rendering of a number or an array for failure messages, with
    ``digits`` significant digits for numbers (about ``digits - 1`` decimals for arrays)."""
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return fmt(float(value), digits)
        with np.printoptions(precision=digits - 1, threshold=12, edgeitems=3, linewidth=10**6):
            text = np.array2string(value, separator=", ")
        return one_paragraph(text)
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    if type(value) is dict and len(value) <= 12:
        inner = ", ".join(f"{key!r}: {fmt(item, digits)}" for key, item in value.items())
        return "{" + inner + "}"
    if isinstance(value, (list, tuple)) and len(value) <= 12:
        inner = ", ".join(fmt(v, digits) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def describe(value: Any) -> str:
    """Name what a value is, for messages such as "expected a number; got a list of length 3"."""
    if type(value) is np.ndarray:
        return f"a NumPy array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, np.ndarray):
        return f"an object of type {type(value).__name__} (a subclass of np.ndarray; use np.asarray)"
    if isinstance(value, bool | np.bool_):
        return f"the bool {value!r}"
    if value is None:
        return "None (did the function forget to return its result?)"
    if isinstance(value, list | tuple):
        return f"a {type(value).__name__} of length {len(value)}"
    if type(value) in _REAL_SCALAR_TYPES:
        return f"the number {fmt(float(value))}"
    return f"an object of type {type(value).__name__}"


def call(func: Callable[..., Any], *args: Any, what: str, **kwargs: Any) -> Any:
    """Call the student's ``func`` and return its result.

    ``NotImplementedError`` propagates unchanged (the function was not attempted yet), as does
    a failure raised by :func:`fail` inside an instrumented callable of the check; any other
    exception becomes an ``AssertionError`` that names the call, so that the report shows one
    readable paragraph instead of a traceback into NumPy.
    """
    try:
        # While grading, invoke() also writes the call into the test's transcript, from which
        # the grader replays this check outside the student's kernel (see transcript).
        return invoke(func, args, kwargs)
    except NotImplementedError:
        raise
    except Exception as error:
        if getattr(error, _CHECK_MARK, False):
            raise
        detail = one_paragraph(str(error)) or "(no message)"
        if len(detail) > 300:
            detail = detail[:297] + "..."
        fail(
            f"{what} raised {type(error).__name__}: {detail}.",
            "run the worked example above the test to see the full traceback; a shape error "
            "usually means a transposed matrix (X has shape (n, d), w has shape (d,)) or a "
            "product with * where @ was meant.",
        )


def to_float(value: Any, what: str) -> float:
    """Return ``value`` as a Python ``float`` if it is exactly one real number.

    Accepted: Python ``int`` and ``float``, NumPy integer and floating scalars and 0-d real
    arrays. Refused: ``bool``, strings, complex numbers, arrays with more than one entry and any
    other object (even one with a ``__float__`` method), so that a forged object cannot pass.
    """
    kind = type(value)
    if kind in _REAL_SCALAR_TYPES:
        return float(value)
    if kind is np.ndarray and value.dtype.kind in _REAL_KINDS:
        if value.shape == ():
            return float(value[()])
        if value.size == 1:
            fail(
                f"{what} should be a single number; got {describe(value)}.",
                "return a number rather than a one-element array, e.g. with float(...) or "
                "np.sum over all entries instead of keepdims/reshape.",
            )
    fail(
        f"{what} should be a single real number (a Python float or a NumPy scalar); "
        f"got {describe(value)}.",
        "return the number itself (e.g. float(result)), not a list, a bool or another object.",
    )


def _check_real_leaves(value: Any, what: str, depth: int = 0) -> None:
    """Refuse anything inside a list/tuple that is not a genuine real number or real array."""
    kind = type(value)
    if kind in _REAL_SCALAR_TYPES:
        return
    if kind is np.ndarray:
        if value.dtype.kind not in _REAL_KINDS:
            fail(
                f"{what} contains {describe(value)}.",
                "use arrays of real numbers (float), not objects, bools or strings.",
            )
        return
    if kind in (list, tuple) and depth < 8:
        for item in value:
            _check_real_leaves(item, what, depth + 1)
        return
    fail(
        f"{what} should contain only real numbers; it contains {describe(value)}.",
        "return a NumPy array of floats (or a list of floats).",
    )


def _shape_text(shape: Sequence[int | None]) -> str:
    parts = ["any" if s is None else str(s) for s in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def to_array(
    value: Any,
    what: str,
    shape: Sequence[int | None] | None = None,
    shape_note: str = "",
) -> np.ndarray:
    """Return ``value`` as a fresh ``float64`` array, checking its shape.

    Parameters
    ----------
    value
        A NumPy array of real numbers (integer or float dtype), or a list/tuple of real numbers
        (nested for more dimensions). Object, bool, string and complex arrays are refused, as is
        any other type (also ndarray subclasses, whose methods could be overridden).
    what
        How the value is named in a failure message, e.g. ``"grad_w"``.
    shape
        The expected shape; ``None`` entries accept any length. ``None`` skips the check.
    shape_note
        Where the expected shape comes from, e.g. ``"(d,) for X with d = 3 columns"``.
    """
    kind = type(value)
    if kind is np.ndarray:
        if value.dtype.kind not in _REAL_KINDS:
            fail(
                f"{what} should be an array of real numbers; got {describe(value)}.",
                "build it from floats (np.zeros, np.asarray(..., dtype=float)); object, bool "
                "and string arrays are not accepted.",
            )
        arr = np.array(value, dtype=np.float64, copy=True)
    elif kind in (list, tuple):
        _check_real_leaves(value, what)
        try:
            arr = np.array(value, dtype=np.float64)
        except ValueError:
            fail(
                f"{what} is a {kind.__name__} whose rows have different lengths.",
                "return a rectangular NumPy array.",
            )
    elif kind in _REAL_SCALAR_TYPES:
        arr = np.array(float(value), dtype=np.float64)
    else:
        fail(
            f"{what} should be a NumPy array of real numbers; got {describe(value)}.",
            "return an np.ndarray (a list of floats also works where the task allows it).",
        )
    if shape is not None:
        expected = tuple(shape)
        matches = arr.ndim == len(expected) and all(
            want is None or want == have for want, have in zip(expected, arr.shape)
        )
        if not matches:
            note = f" ({shape_note})" if shape_note else ""
            got = "a single number" if arr.ndim == 0 else f"shape {arr.shape}"
            hint = "check the axes of your matrix products and reductions."
            if arr.ndim == len(expected) == 2 and arr.shape == expected[::-1]:
                hint = "the result is transposed: swap the order of the two dimensions."
            elif arr.ndim == len(expected) + 1 and 1 in arr.shape:
                hint = "there is an extra axis of length 1: flatten it (e.g. .ravel()) or avoid keepdims."
            fail(f"{what} should have shape {_shape_text(expected)}{note}; got {got}.", hint)
    return arr


def to_index_array(value: Any, what: str) -> np.ndarray:
    """Return ``value`` as a fresh 1-D ``int64`` array of indices.

    Accepts a 1-D NumPy integer array or a list/tuple of Python/NumPy integers; floats are
    refused because they cannot index an array.
    """
    kind = type(value)
    if kind is np.ndarray:
        if value.dtype.kind not in "iu":
            fail(
                f"{what} should be an array of integer indices; got {describe(value)}.",
                "indices must have an integer dtype (np.arange and rng.permutation give one); "
                "float arrays cannot index X.",
            )
        arr = np.array(value, dtype=np.int64, copy=True)
    elif kind in (list, tuple):
        for item in value:
            if type(item) not in _INTEGER_SCALAR_TYPES and not (
                type(item) is np.ndarray and item.shape == () and item.dtype.kind in "iu"
            ):
                fail(
                    f"{what} should contain integer indices; it contains {describe(item)}.",
                    "use integers (e.g. from np.arange), not floats or other objects.",
                )
        arr = np.array([int(item) for item in value], dtype=np.int64)
    else:
        fail(
            f"{what} should be an array of integer indices; got {describe(value)}.",
            "return NumPy integer arrays such as np.arange(...) slices.",
        )
    if arr.ndim != 1:
        fail(f"{what} should be a 1-D array of indices; got shape {arr.shape}.", "flatten it.")
    return arr


def close(got: Any, expected: Any, rtol: float = 1e-7, atol: float = 1e-10) -> bool:
    """True when ``got`` and ``expected`` have the same shape and agree to the tolerances.

    Both must already be plain floats or ``float64`` arrays (outputs of the converters or of the
    suite's own reference code). Non-finite entries must match exactly (NaN matches NaN).
    """
    a = np.asarray(got, dtype=np.float64)
    b = np.asarray(expected, dtype=np.float64)
    if a.shape != b.shape:
        return False
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        # NaN matches NaN here only so that a diagnosis can recognize a variant that also
        # produces NaN (a division by zero); references of correct answers are always finite.
        return bool(np.array_equal(a, b, equal_nan=True))
    return bool(np.all(np.abs(a - b) <= atol + rtol * np.abs(b)))


def diagnose(
    got: Any,
    variants: Iterable[tuple[Any, str]],
    default: str,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> str:
    """Return the hint of the first known wrong variant that ``got`` matches, else ``default``.

    ``variants`` are ``(value, hint)`` pairs, each value computed by the check from the same
    inputs with one typical mistake built in (missing factor 2, sum instead of mean, ...).
    """
    for value, hint in variants:
        try:
            if close(got, value, rtol=rtol, atol=atol):
                return hint
        except (TypeError, ValueError):
            continue
    return default


def assert_close(
    got: Any,
    expected: Any,
    what: str,
    hint: str,
    rtol: float = 1e-7,
    atol: float = 1e-10,
) -> None:
    """Fail with "``what``: expected ..., got .... Hint: ``hint``" unless the values agree.

    ``got`` and ``expected`` must be converted values (floats or ``float64`` arrays of the same
    shape); use :func:`to_float` / :func:`to_array` on the student's result first.
    """
    if close(got, expected, rtol=rtol, atol=atol):
        return
    got_arr = np.asarray(got, dtype=np.float64)
    detail = ""
    if got_arr.ndim > 0 and got_arr.shape == np.shape(expected) and got_arr.size > 1:
        diff = np.abs(got_arr - np.asarray(expected, dtype=np.float64))
        if np.all(np.isfinite(diff)):
            worst = np.unravel_index(int(np.argmax(diff)), diff.shape)
            index = worst[0] if len(worst) == 1 else worst
            detail = f" (largest difference at index {index})"
    if not np.all(np.isfinite(got_arr)):
        detail += " (the result contains NaN or inf: did the computation divide by zero or diverge?)"
    # Show as many digits as it takes for the two renderings to differ visibly.
    for digits in (6, 9, 12, 17):
        shown_expected, shown_got = fmt(expected, digits), fmt(got, digits)
        if shown_expected != shown_got:
            break
    fail(f"{what}: expected {shown_expected}, got {shown_got}{detail}.", hint)


def assert_unchanged(before: np.ndarray, after: Any, name: str, func_name: str) -> None:
    """Fail if the argument ``name`` was modified in place by the student's ``func_name``.

    ``before`` is a private copy taken before the call, ``after`` the object that was passed.
    """
    same = (
        type(after) is np.ndarray
        and after.shape == before.shape
        and bool(np.array_equal(after, before, equal_nan=True))
    )
    if not same:
        fail(
            f"{func_name} changed its argument {name} in place.",
            "functions must not modify their inputs: write x = x - step (a new array) instead of "
            "x -= step or x[...] = ..., or work on a copy (x.copy()).",
        )
