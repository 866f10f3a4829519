"""paramcourse.gradcheck: first checked on functions whose gradients are known in closed form,
so that the other test modules can trust it as their reference for every gradient."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from paramcourse.gradcheck import GradCheckResult, check_gradient, numerical_gradient

RNG_SEED = 20240601


# Functions with gradients derived by hand: (f, grad, shape of x).
def _cubes(x):
    return float(np.sum(x**3))


def _cubes_grad(x):
    return 3 * x**2


def _sin_exp(x):
    return float(np.sin(x[0]) * np.exp(x[1]))


def _sin_exp_grad(x):
    return np.array([np.cos(x[0]) * np.exp(x[1]), np.sin(x[0]) * np.exp(x[1])])


A = np.array([[2.0, -1.0, 0.5], [0.3, 1.0, 2.0], [-0.7, 0.0, 1.5]])


def _trace_form(X):
    # f(X) = trace(X^T A X), gradient (A + A^T) X for a non-symmetric A.
    return float(np.trace(X.T @ A @ X))


def _trace_form_grad(X):
    return (A + A.T) @ X


KNOWN = [
    (_cubes, _cubes_grad, ()),
    (_cubes, _cubes_grad, (4,)),
    (_cubes, _cubes_grad, (2, 3)),
    (_sin_exp, _sin_exp_grad, (2,)),
    (_trace_form, _trace_form_grad, (3, 2)),
]


@pytest.mark.parametrize("f, grad, shape", KNOWN)
def test_numerical_gradient_matches_closed_form(f, grad, shape):
    x = np.random.default_rng(RNG_SEED).normal(size=shape)
    approx = numerical_gradient(f, x)
    assert approx.shape == x.shape
    np.testing.assert_allclose(approx, grad(x), rtol=1e-7, atol=1e-8)


def test_central_difference_is_second_order():
    # f = x^3 at x = 1: the central difference is exactly 3 + eps^2 (the Taylor remainder).
    for eps in (1e-2, 1e-3):
        approx = numerical_gradient(lambda x: float(x[0] ** 3), np.array([1.0]), eps=eps)
        assert approx[0] == pytest.approx(3 + eps**2, rel=1e-9)


def test_numerical_gradient_leaves_x_unchanged_and_calls_f_with_x_shape():
    x = np.arange(6.0).reshape(2, 3)
    before = x.copy()
    shapes = []

    def f(z):
        shapes.append(z.shape)
        return float(np.sum(z**2))

    numerical_gradient(f, x)
    np.testing.assert_array_equal(x, before)
    assert shapes == [(2, 3)] * 12


@pytest.mark.parametrize("f, grad, shape", KNOWN)
def test_check_gradient_passes_a_correct_gradient(f, grad, shape):
    x = np.random.default_rng(RNG_SEED + 1).normal(size=shape)
    result = check_gradient(f, grad, x)
    assert isinstance(result, GradCheckResult)
    assert result.passed
    assert result.max_rel_error < 1e-6


def test_check_gradient_reports_the_worst_entry_of_a_wrong_gradient():
    c = np.array([[1.0, -2.0], [3.0, 0.5]])
    wrong = c.copy()
    wrong[1, 0] = 3.3  # numerical gradient of c . x is exactly c up to rounding
    result = check_gradient(lambda x: float(np.sum(c * x)), wrong, np.zeros((2, 2)))
    assert not result.passed
    assert result.worst_index == (1, 0)
    assert result.max_abs_error == pytest.approx(0.3, rel=1e-6)
    assert result.max_rel_error == pytest.approx(0.3 / 6.3, rel=1e-6)
    np.testing.assert_allclose(result.numerical, c, atol=1e-8)


def test_check_gradient_catches_a_missing_factor_two():
    x = np.array([0.5, -1.0, 2.0])
    result = check_gradient(lambda z: float(np.sum(z**2)), lambda z: z, x)
    assert not result.passed
    assert result.max_rel_error == pytest.approx(1 / 3, rel=1e-6)


def test_zero_gradient_counts_as_passed():
    result = check_gradient(lambda z: 1.0, np.zeros(3), np.ones(3))
    assert result.passed and result.max_rel_error == 0.0


def test_result_is_frozen():
    result = check_gradient(_cubes, _cubes_grad, np.ones(2))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.passed = False


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: numerical_gradient("not a function", np.ones(2)), "f must be callable"),
        (lambda: numerical_gradient(lambda z: z, np.ones(2)), "f must return a single number"),
        (lambda: numerical_gradient(_cubes, np.ones(2), eps=0.0), "eps must be > 0"),
        (lambda: numerical_gradient(_cubes, [1.0, np.nan]), "x contains NaN"),
        (lambda: check_gradient(_cubes, np.ones(3), np.ones(2)), r"grad must have the shape of x, \(2,\)"),
        (lambda: check_gradient(_cubes, _cubes_grad, np.ones(2), rtol=-1.0), "rtol must be > 0"),
    ],
)
def test_bad_input_names_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()
