"""The diagnosis engine names a cause only when a catalogued mistake reproduces every output of a
check on inputs of at least two shapes; otherwise it reports what it observed."""

from __future__ import annotations

import numpy as np
import pytest

from paramcourse.grading.compare import check_cases, check_pure
from paramcourse.grading.diagnosis import Case, Mistake, Raised, collect, explain, mistake, observe, same


def _mean_square(x):
    return float(np.mean(x**2))


def _half(x):
    return 0.5 * float(np.mean(x**2))


def _sum(x):
    return float(np.sum(x**2))


CATALOGUE = [
    Mistake("mean_square", _half, "you halved it."),
    Mistake("mean_square", _sum, "you summed instead of averaging."),
]
TWO_SHAPES = [Case("a vector of 3", (np.array([1.0, -2.0, 3.0]),)), Case("a 2 x 2 array", (np.array([[1.0, 2.0], [0.5, -1.0]]),))]


def _outputs(func, cases):
    return [func(*case.args) for case in cases]


def test_a_mistake_that_reproduces_every_output_is_named():
    assert explain(TWO_SHAPES, _outputs(_sum, TWO_SHAPES), CATALOGUE, "mean_square").func is _sum


def test_one_input_or_inputs_of_one_shape_never_name_a_cause():
    one = TWO_SHAPES[:1]
    assert explain(one, _outputs(_sum, one), CATALOGUE, "mean_square") is None
    same_shape = [TWO_SHAPES[0], Case("another vector of 3", (np.array([0.0, 1.0, 1.0]),))]
    assert explain(same_shape, _outputs(_sum, same_shape), CATALOGUE, "mean_square") is None


def test_a_mistake_that_matches_only_some_inputs_is_not_named():
    """The variance of x equals the mean square when x has mean 0: a coincidence on one input."""

    def variance(x):
        return float(np.var(x))

    cases = [Case("a centred vector", (np.array([1.0, -1.0]),)), Case("a vector of 3", (np.array([1.0, 2.0, 6.0]),))]
    catalogue = [Mistake("mean_square", variance, "you took the variance.")]
    outputs = [_mean_square(cases[0].args[0]), _half(cases[1].args[0])]
    assert explain(cases, outputs, catalogue, "mean_square") is None


def test_mistakes_of_other_functions_are_not_tried():
    assert explain(TWO_SHAPES, _outputs(_sum, TWO_SHAPES), CATALOGUE, "other_function") is None


def test_a_raised_error_is_reproduced_only_by_the_same_error():
    def crashes(x):
        return x[5]

    catalogue = [Mistake("f", crashes, "you indexed past the end.")]
    assert explain(TWO_SHAPES, [Raised("IndexError")] * 2, catalogue, "f").func is crashes
    assert explain(TWO_SHAPES, [Raised("ValueError")] * 2, catalogue, "f") is None
    assert explain(TWO_SHAPES, [1.0, 2.0], catalogue, "f") is None


def test_cases_pass_fresh_copies_including_generators():
    case = Case("seeded", (np.random.default_rng(4), np.zeros(3)))
    first, second = case.fresh(), case.fresh()
    assert first[0][0].normal() == second[0][0].normal()
    first[0][1][0] = 9.0
    assert case.args[1][0] == 0.0


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((np.ones(2), 1.0), [np.ones(2), 1.0], True),
        ({"w": np.ones(2)}, {"w": np.ones(2) + 1e-12}, True),
        ({"w": np.ones(2)}, {"v": np.ones(2)}, False),
        (np.ones((2, 1)), np.ones(2), False),
        (np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), True),
        ([1, 2, 3], np.array([1.0, 2.0, 3.0]), True),
        (object(), object(), False),
        (True, 1.0, False),
    ],
    ids=["tuple-list", "dict", "dict-keys", "shape", "nan", "list-array", "objects", "bool"],
)
def test_same_compares_structure_and_values(a, b, expected):
    assert same(a, b) is expected


@pytest.mark.parametrize(
    ("got", "expected", "says"),
    [
        (np.ones((3, 1)), np.ones(3), "expected shape (3,), got shape (3, 1)"),
        (np.array([0.5, 1.0]), np.array([1.0, 2.0]), "every entry is 1/2 times the expected value"),
        (-2.0, 2.0, "it is -1 times the expected value"),
        (np.array([1.0, 5.0, 3.0]), np.array([1.0, 2.0, 3.0]), "entries at index 1 differ; the others are right"),
        (np.array([2.5, 3.5]), np.array([1.0, 2.0]), "every entry is off by the same amount, +1.5"),
        (np.array([np.inf, 1.0]), np.array([1.0, 1.0]), "NaN or inf"),
    ],
    ids=["shape", "factor", "sign", "entries", "offset", "nan"],
)
def test_observe_reports_facts(got, expected, says):
    assert says in observe(got, expected)


def test_the_mistake_decorator_registers_in_order():
    @mistake("f", "first")
    def one(x):
        return x

    @mistake("f", "second")
    def two(x):
        return x

    assert [m.name for m in collect(locals())] == ["one", "two"]
    assert collect(locals())[1].hint == "second"


def test_check_cases_names_a_reproduced_cause():
    with pytest.raises(AssertionError) as info:
        check_cases(_sum, "mean_square", TWO_SHAPES, lambda c: _mean_square(*c.args), formula="mean(x**2)",
                    catalogue=CATALOGUE)
    assert info.value.cause == "_sum" and "Hint: you summed instead of averaging." in str(info.value)


def test_check_cases_without_a_reproducing_mistake_reports_observations_and_the_formula():
    def variance(x):
        return float(np.var(x))

    with pytest.raises(AssertionError) as info:
        check_cases(variance, "mean_square", TWO_SHAPES, lambda c: _mean_square(*c.args), formula="mean(x**2)",
                    catalogue=CATALOGUE)
    text = str(info.value)
    assert info.value.cause is None
    assert "on a vector of 3" in text and "times the expected value" in text
    assert "Hint: compare your code with mean(x**2)" in text


def test_check_cases_reports_a_wrong_shape_with_both_shapes():
    def column(x):
        return np.atleast_2d(x * 2).T

    with pytest.raises(AssertionError, match=r"should have shape \(3,\).*got shape \(3, 1\)") as info:
        check_cases(column, "double", TWO_SHAPES[:1] + [Case("a vector of 2", (np.ones(2),))],
                    lambda c: 2 * c.args[0], formula="2 * x")
    assert info.value.cause is None


def test_check_pure_names_the_changed_argument():
    def scales_in_place(x, factor):
        x *= factor
        return x

    cases = [Case("a vector", (np.ones(3), 2.0)), Case("a matrix", (np.ones((2, 2)), 3.0))]
    with pytest.raises(AssertionError, match="changed its argument x in place") as info:
        check_pure(scales_in_place, "scale", cases, ("x", "factor"),
                   [Mistake("scale", scales_in_place, "you used x *= factor.")])
    assert info.value.cause == "scales_in_place"
    assert cases[0].args[0].tolist() == [1.0, 1.0, 1.0]  # the cases themselves are untouched
    check_pure(lambda x, factor: factor * x, "scale", cases, ("x", "factor"))
