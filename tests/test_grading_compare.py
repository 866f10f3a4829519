"""The strict converters of paramcourse.grading.compare refuse forged values, and the standard
checks (check_cases, check_pure) report what they observed."""

from __future__ import annotations

import numpy as np
import pytest

from paramcourse.grading import compare
from paramcourse.grading.diagnosis import Case, Mistake


# ------------------------------------------------------------------ strict converters


class AlwaysEqual:
    """A forged result: equal to everything, convertible to any float."""

    def __eq__(self, other):
        return True

    def __float__(self):
        return 1.0

    def __array__(self, dtype=None, copy=None):
        return np.array(1.0)


class LyingFloat(float):
    """A float subclass that claims to equal everything."""

    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


@pytest.mark.parametrize(
    "value",
    [AlwaysEqual(), True, np.bool_(False), "1.0", 1 + 0j, LyingFloat(2.0), None, [1.0], np.array([1.0]),
     np.array(1.0, dtype=object)],
    ids=["always-equal", "bool", "numpy-bool", "string", "complex", "float-subclass", "none", "list",
         "one-element-array", "object-0d"],
)
def test_to_float_rejects_non_numbers(value):
    with pytest.raises(AssertionError, match="Hint: "):
        compare.to_float(value, "the loss")


@pytest.mark.parametrize("value", [3, 2.5, np.float32(1.5), np.int64(-2), np.array(0.25), np.float64(7.0)])
def test_to_float_accepts_real_scalars(value):
    out = compare.to_float(value, "x")
    assert type(out) is float and out == float(value)


@pytest.mark.parametrize(
    "value",
    [AlwaysEqual(), np.array([AlwaysEqual(), 1.0], dtype=object), np.array([True, False]), "abc",
     [1.0, "2"], [AlwaysEqual()], np.array(["a"]), np.array([1 + 1j]), [[1.0], [1.0, 2.0]],
     np.ma.masked_array([1.0, 2.0])],
    ids=["always-equal", "object-array", "bool-array", "string", "list-with-string", "list-with-object",
         "string-array", "complex-array", "ragged", "ndarray-subclass"],
)
def test_to_array_rejects_non_numeric(value):
    with pytest.raises(AssertionError, match="Hint: "):
        compare.to_array(value, "grad_w")


def test_to_array_returns_fresh_float_copy_and_checks_shape():
    source = np.array([1, 2, 3])
    out = compare.to_array(source, "w", (3,))
    assert out.dtype == np.float64 and out is not source and not np.shares_memory(out, source)
    assert compare.to_array([np.float32(1.0), 2, 3.5], "w", (3,)).tolist() == [1.0, 2.0, 3.5]
    with pytest.raises(AssertionError, match=r"shape \(3,\).*got shape \(3, 1\)"):
        compare.to_array(np.ones((3, 1)), "w", (3,))
    with pytest.raises(AssertionError, match="transposed"):
        compare.to_array(np.ones((2, 3)), "W", (3, 2))


def test_to_index_array_rejects_floats_and_objects():
    assert compare.to_index_array([np.int64(1), 2], "idx").tolist() == [1, 2]
    for bad in ([1.0, 2.0], np.array([0.0, 1.0]), [AlwaysEqual()], [True]):
        with pytest.raises(AssertionError, match="Hint: "):
            compare.to_index_array(bad, "idx")


def test_assert_close_message_is_one_paragraph_with_hint():
    with pytest.raises(AssertionError) as info:
        compare.assert_close(np.array([1.0, 2.0]), np.array([1.0, 3.0]), "grad_w", "check\nthe formula.")
    text = str(info.value)
    assert "\n" not in text and "expected [1., 3.]" in text and "Hint: check the formula." in text
    compare.assert_close(1.0 + 1e-12, 1.0, "x", "never shown")


def test_call_wraps_errors_but_not_not_implemented():
    def broken(x):
        raise ValueError("shapes (3,) and (2,)\nnot aligned")

    with pytest.raises(AssertionError, match=r"raised ValueError: shapes \(3,\) and \(2,\) not aligned"):
        compare.call(broken, 1, what="f(x)")

    def todo(x):
        raise NotImplementedError()

    with pytest.raises(NotImplementedError):
        compare.call(todo, 1, what="f(x)")


def test_call_lets_check_failures_through():
    """A check failing inside an instrumented callable keeps its own message."""

    def instrumented():
        compare.fail("score was called with positional arguments.", "use score(**params).")

    def student(callback):
        return callback()

    with pytest.raises(AssertionError) as info:
        compare.call(student, instrumented, what="grid_search(score, grid)")
    assert type(info.value) is AssertionError
    assert str(info.value) == "score was called with positional arguments. Hint: use score(**params)."
