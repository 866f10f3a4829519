"""Strict conversion and comparison of what a student's function returned.

Every check in :mod:`paramcourse.grading.suites` goes through this module to

* call the student's function (:func:`call`), turning an unexpected exception into a readable
  ``AssertionError`` (``NotImplementedError`` is left alone: it means "not attempted yet");
* turn the result into plain Python floats and fresh ``float64`` arrays (:func:`to_float`,
  :func:`to_array`, :func:`to_index_array`), accepting only genuine number types, so that an
  object whose ``__eq__`` always answers ``True`` or whose ``__float__`` lies cannot pass;
* compare with the expected value and, when they differ, fail with one paragraph that says what
  was observed followed by ``Hint: ...`` (:func:`assert_close`, :func:`fail`);
* run the standard checks: :func:`check_cases` (the student's function on several inputs against
  a reference) and :func:`check_pure` (inputs left unchanged), whose hints name a cause only when
  a catalogued mistake reproduces every output (:mod:`paramcourse.grading.diagnosis`).

Keeping all of this in one place means that :func:`call` (and the two standard checks, through
the same :func:`~paramcourse.grading.transcript.invoke`) is where a check meets the student's
code: while grading, it records each call into the test's transcript, and the verdict is
taken by replaying the check outside the student's kernel (:mod:`paramcourse.grading.transcript`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn

import numpy as np

from paramcourse.grading.diagnosis import ATOL, RTOL, Case, Mistake, Raised, explain, observe, run_case
from paramcourse.grading.transcript import invoke

__all__ = [
    "assert_close",
    "call",
    "check_cases",
    "check_pure",
    "close",
    "describe",
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


def fail(message: str, hint: str | None = None, *, cause: str | None = None) -> NoReturn:
    """Raise ``AssertionError`` with ``message`` and, if given, ``Hint: hint`` as one paragraph.

    The error keeps the parts as attributes: ``message``, ``hint`` and ``cause`` (the name of the
    catalogued mistake the hint names, or ``None`` when the hint only reports what was observed).
    """
    text = message.rstrip()
    if hint:
        text = f"{text} Hint: {hint.strip()}"
    error = AssertionError(one_paragraph(text))
    setattr(error, _CHECK_MARK, True)
    error.message, error.hint, error.cause = one_paragraph(message), hint, cause  # type: ignore[attr-defined]
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
    value, message = _attempt(func, args, kwargs, what)
    if message is not None:
        fail(message, _RAISED_HINT)
    return value


def _attempt(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], what: str) -> tuple[Any, str | None]:
    """``(result, None)``, or ``(Raised(kind), message)`` when the student's function raised.

    ``NotImplementedError`` and the failures of a check's own instrumented callables propagate.
    """
    try:
        # While grading, invoke() also writes the call into the test's transcript, from which
        # the grader replays this check outside the student's kernel (see transcript).
        return invoke(func, args, kwargs), None
    except NotImplementedError:
        raise
    except Exception as error:
        if getattr(error, _CHECK_MARK, False):
            raise
        return Raised(type(error).__name__), _raised_message(what, error)


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


def assert_close(
    got: Any,
    expected: Any,
    what: str,
    hint: str,
    rtol: float = 1e-7,
    atol: float = 1e-10,
    *,
    cause: str | None = None,
) -> None:
    """Fail with "``what``: expected ..., got ... (what differs). Hint: ``hint``" unless the values agree.

    ``got`` and ``expected`` must be converted values (floats or ``float64`` arrays of the same
    shape); use :func:`to_float` / :func:`to_array` on the student's result first. The part in
    brackets is :func:`~paramcourse.grading.diagnosis.observe`: a fact about the two values.
    """
    if close(got, expected, rtol=rtol, atol=atol):
        return
    detail = observe(got, expected, rtol=rtol, atol=atol)
    # Show as many digits as it takes for the two renderings to differ visibly.
    for digits in (6, 9, 12, 17):
        shown_expected, shown_got = fmt(expected, digits), fmt(got, digits)
        if shown_expected != shown_got:
            break
    fail(f"{what}: expected {shown_expected}, got {shown_got}{f' ({detail})' if detail else ''}.", hint, cause=cause)


def check_cases(
    func: Callable[..., Any],
    name: str,
    cases: Sequence[Case],
    reference: Callable[[Case], Any],
    *,
    formula: str,
    catalogue: Iterable[Mistake] = (),
    convert: Callable[[Any, Case, str], Any] | None = None,
    rtol: float = 1e-7,
    atol: float = 1e-10,
    run: Callable[[Callable[..., Any], Case], Any] = run_case,
    agree: Callable[[Any, Any], bool] | None = None,
) -> None:
    """The standard check: the student's ``func`` on every case, compared with ``reference``.

    Every case is called first (through :func:`call`'s recording), then the results are
    converted and compared in order. At the first wrong result the check fails with what was
    observed on that input, and a hint that names a cause only when a catalogued mistake
    reproduces the student's results on every case (:func:`~paramcourse.grading.diagnosis.explain`);
    otherwise the hint is the formula.

    Parameters
    ----------
    func : callable
        The student's function.
    name : str
        Its contract name, e.g. ``"mse_gradient"`` (messages and the catalogue use it).
    cases : sequence of Case
        The inputs; give at least two of different shapes, or no cause can ever be named.
    reference : callable
        ``reference(case)`` returns the right answer in converted form.
    formula : str
        What to compute, shown when no cause is named.
    catalogue : iterable of Mistake
        The known wrong implementations (an assignment's ``mistakes.py``).
    convert : callable, optional
        ``convert(result, case, what)`` turns a raw result into the form of ``reference``:
        a float, an array, or a dict of named parts (``{"grad_w": ..., "grad_b": ...}``); it
        fails (:func:`fail`) on a wrong type or shape. Default: :func:`to_float` for a float
        reference, else :func:`to_array` with the reference's shape.
    rtol, atol : float
        Tolerances of the comparison with the reference.
    run : callable, optional
        How a catalogued mistake is run on a case (for functions that take callbacks).
    agree : callable, optional
        How a mistake's raw output is compared with the student's (default: equal values to the
        check's tolerances, :func:`~paramcourse.grading.diagnosis.same`).
    """
    if convert is None:
        def convert(value: Any, case: Case, what: str) -> Any:
            return _default_convert(reference(case))(value, case, what)
    tolerances = {"rtol": min(rtol, RTOL), "atol": min(atol, ATOL)}

    def is_right(case: Case, value: Any) -> bool:
        got = convert(value, case, "a catalogued mistake")
        want = reference(case)
        parts = got.items() if isinstance(got, dict) else [(None, got)]
        return all(close(v, want[k] if k is not None else want, rtol=rtol, atol=atol) for k, v in parts)

    def diagnosed() -> Mistake | None:
        return explain(cases, outputs, catalogue, name, run=run, agree=agree, is_right=is_right, **tolerances)

    outputs: list[Any] = []
    messages: list[str | None] = []
    for case in cases:
        args, kwargs = case.fresh()
        value, message = _attempt(func, args, kwargs, f"{name} on {case.label}")
        outputs.append(value)
        messages.append(message)
    for case, output, raised in zip(cases, outputs, messages):
        what = f"{name} on {case.label}"
        if raised is not None:
            _fail_with(raised, _RAISED_HINT, diagnosed())
        expected = reference(case)
        try:
            got = convert(output, case, what)
        except AssertionError as error:
            if not getattr(error, _CHECK_MARK, False):
                raise
            _fail_with(getattr(error, "message", str(error)),
                       getattr(error, "hint", None) or f"compare your code with {formula}.", diagnosed())
        parts = got.items() if isinstance(got, dict) else [(None, got)]
        for part, value in parts:
            want = expected[part] if part is not None else expected
            if close(value, want, rtol=rtol, atol=atol):
                continue
            label = f"{part} from {what}" if part is not None else what
            cause = diagnosed()
            try:
                assert_close(value, want, label, cause.hint if cause else f"compare your code with {formula}.",
                             rtol=rtol, atol=atol, cause=cause.name if cause else None)
            except AssertionError as error:
                raise error from None


_RAISED_HINT = (
    "run the worked example above the test to see the full traceback; a shape error usually means "
    "a transposed matrix or a product with * where @ was meant."
)


def _raised_message(what: str, error: BaseException) -> str:
    detail = one_paragraph(str(error)) or "(no message)"
    if len(detail) > 300:
        detail = detail[:297] + "..."
    return f"{what} raised {type(error).__name__}: {detail}."


def _fail_with(message: str, hint: str, cause: Mistake | None) -> NoReturn:
    """Fail with ``message``; the hint is the reproduced mistake's when there is one, else ``hint``."""
    fail(message, cause.hint if cause else hint, cause=cause.name if cause else None)


def _default_convert(expected: Any) -> Callable[[Any, Case, str], Any]:
    if isinstance(expected, float):
        return lambda value, case, what: to_float(value, what)
    shape = np.shape(expected)
    return lambda value, case, what: to_array(value, what, shape)


_PURITY_HINT = (
    "functions must not modify their inputs: write x = x - step (a new array) instead of x -= step "
    "or x[...] = ..., or work on a copy (x.copy())."
)


def _arrays_after(func: Callable[..., Any], case: Case) -> list[Any]:
    """Run ``func`` on fresh copies of the case and return its array arguments afterwards."""
    args, kwargs = case.fresh()
    func(*args, **kwargs)
    return [value for value in (*args, *kwargs.values()) if isinstance(value, np.ndarray)]


def check_pure(
    func: Callable[..., Any],
    name: str,
    cases: Sequence[Case],
    arg_names: Sequence[str],
    catalogue: Iterable[Mistake] = (),
) -> None:
    """Fail when the student's ``func`` changes one of its array arguments, on any case.

    ``arg_names`` names the positional arguments of the cases (keyword arguments are named by
    their keys), so that the message says which one changed. A catalogued mistake is named when
    it changes the arguments in the same way on every case.
    """
    after: list[list[Any]] = []
    for case in cases:
        args, kwargs = case.fresh()
        call(func, *args, what=f"{name} on {case.label}", **kwargs)
        after.append([value for value in (*args, *kwargs.values()) if isinstance(value, np.ndarray)])
    for case, arrays in zip(cases, after):
        names = [*arg_names[: len(case.args)], *case.kwargs]
        originals = [(label, value) for label, value in zip(names, (*case.args, *case.kwargs.values()))
                     if isinstance(value, np.ndarray)]
        for (label, before), now in zip(originals, arrays):
            if type(now) is np.ndarray and now.shape == before.shape and np.array_equal(now, before, equal_nan=True):
                continue
            cause = explain(cases, after, catalogue, name, run=_arrays_after)
            fail(f"{name} changed its argument {label} in place (on {case.label}).",
                 cause.hint if cause else _PURITY_HINT, cause=cause.name if cause else None)
