"""Practice of chapter 5, gradient descent: one step on the MSE of a linear model, the worst
contraction factor of a learning rate on that quadratic, and the gradient of the MSE by central
finite differences."""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

_rng = np.random.default_rng(505)

# ------------------------------------------------------------------------------------ gd_step


def _gd_step(w, b, X, y, learning_rate):
    n = X.shape[0]
    r = X @ w + b - y
    grad_w = 2 / n * X.T @ r
    grad_b = 2 / n * np.sum(r)
    return w - learning_rate * grad_w, b - learning_rate * grad_b


def _no_factor_two(w, b, X, y, learning_rate):
    r = X @ w + b - y
    grad_w, grad_b = X.T @ r / len(y), np.mean(r)
    return w - learning_rate * grad_w, b - learning_rate * grad_b


def _uphill(w, b, X, y, learning_rate):
    r = X @ w + b - y
    grad_w, grad_b = 2 * X.T @ r / len(y), 2 * np.mean(r)
    return w + learning_rate * grad_w, b + learning_rate * grad_b


def _summed_gradient(w, b, X, y, learning_rate):
    r = X @ w + b - y
    grad_w, grad_b = 2 * X.T @ r, 2 * np.sum(r)
    return w - learning_rate * grad_w, b - learning_rate * grad_b


def _frozen_intercept(w, b, X, y, learning_rate):
    r = X @ w + b - y
    return w - learning_rate * 2 * X.T @ r / len(y), b


def _regression(n, d, rng):
    X = rng.normal(0.0, 1.0, (n, d))
    y = X @ rng.normal(0.0, 2.0, d) + 1.5 + rng.normal(0.0, 0.3, n)
    return X, y


_X6, _y6 = _regression(6, 2, _rng)
_X4, _y4 = _regression(4, 2, _rng)
_GD_CASES = [
    Case("6 examples, 2 features, learning rate 0.1", (np.array([0.5, -1.0]), 2.0, _X6, _y6, 0.1)),
    Case("4 examples, 2 features, learning rate 0.05", (np.array([1.0, -0.5]), -1.0, _X4, _y4, 0.05)),
]

# ------------------------------------------------------------------------ gd_contraction_factor


def _gd_contraction_factor(X, learning_rate):
    A = np.column_stack([X, np.ones(X.shape[0])])
    H = 2 * A.T @ A / X.shape[0]
    eigenvalues = np.linalg.eigvalsh(H)
    return float(np.max(np.abs(1 - learning_rate * eigenvalues)))


def _no_intercept_column(X, learning_rate):
    eigenvalues = np.linalg.eigvalsh(2 * X.T @ X / X.shape[0])
    return float(np.max(np.abs(1 - learning_rate * eigenvalues)))


def _hessian_without_two(X, learning_rate):
    A = np.column_stack([X, np.ones(X.shape[0])])
    eigenvalues = np.linalg.eigvalsh(A.T @ A / X.shape[0])
    return float(np.max(np.abs(1 - learning_rate * eigenvalues)))


def _no_absolute_value(X, learning_rate):
    A = np.column_stack([X, np.ones(X.shape[0])])
    eigenvalues = np.linalg.eigvalsh(2 * A.T @ A / X.shape[0])
    return float(np.max(1 - learning_rate * eigenvalues))


def _best_direction(X, learning_rate):
    A = np.column_stack([X, np.ones(X.shape[0])])
    eigenvalues = np.linalg.eigvalsh(2 * A.T @ A / X.shape[0])
    return float(np.min(np.abs(1 - learning_rate * eigenvalues)))


_X8 = np.column_stack([_rng.normal(2.0, 1.5, 8), _rng.normal(0.0, 0.5, 8)])
_X7 = _rng.normal(1.0, 2.0, (7, 1))
_CONTRACTION_CASES = [
    Case("8 examples, 2 features, learning rate 0.05 (below 1/L)", (_X8, 0.05)),
    Case("7 examples, 1 feature, learning rate 0.2 (beyond 2/L)", (_X7, 0.2)),
    Case("7 examples, 1 feature, learning rate 0.06 (between 1/L and 2/L)", (_X7, 0.06)),
]

# ---------------------------------------------------------------------- numerical_mse_gradient


def _numerical_mse_gradient(w, b, X, y, eps=1e-6):
    def mse(w_, b_):
        return np.mean((X @ w_ + b_ - y) ** 2)

    grad_w = np.zeros(w.size)
    for j in range(w.size):
        step = np.zeros(w.size)
        step[j] = eps
        grad_w[j] = (mse(w + step, b) - mse(w - step, b)) / (2 * eps)
    grad_b = (mse(w, b + eps) - mse(w, b - eps)) / (2 * eps)
    return grad_w, grad_b


def _mse(w, b, X, y):
    return np.mean((X @ w + b - y) ** 2)


def _forward_difference(w, b, X, y, eps=1e-6):
    grad_w = np.array([(_mse(w + eps * e, b, X, y) - _mse(w, b, X, y)) / eps for e in np.eye(w.size)])
    return grad_w, (_mse(w, b + eps, X, y) - _mse(w, b, X, y)) / eps


def _divided_by_eps(w, b, X, y, eps=1e-6):
    grad_w = np.array([(_mse(w + eps * e, b, X, y) - _mse(w - eps * e, b, X, y)) / eps for e in np.eye(w.size)])
    return grad_w, (_mse(w, b + eps, X, y) - _mse(w, b - eps, X, y)) / eps


def _all_weights_at_once(w, b, X, y, eps=1e-6):
    slope = (_mse(w + eps, b, X, y) - _mse(w - eps, b, X, y)) / (2 * eps)
    return np.full(w.size, slope), (_mse(w, b + eps, X, y) - _mse(w, b - eps, X, y)) / (2 * eps)


_FD_CASES = [
    Case("6 examples, 2 features, eps = 1e-3", (np.array([-1.0, 0.5]), 3.0, _X6, _y6), {"eps": 1e-3}),
    Case("4 examples, 2 features, eps = 1e-4", (np.array([2.0, 1.0]), -0.5, _X4, _y4), {"eps": 1e-4}),
]

EXERCISES = (
    Exercise(
        name="gd_step",
        solution=_gd_step,
        cases=_GD_CASES,
        formula="with r = X @ w + b - y: grad_w = (2/n) X.T @ r, grad_b = (2/n) sum(r); return "
                "(w - learning_rate * grad_w, b - learning_rate * grad_b).",
        mistakes=[
            Mistake("gd_step", _no_factor_two,
                    "the gradient is missing the factor 2 from differentiating the square: "
                    "grad_w = (2/n) X.T @ r and grad_b = (2/n) sum(r)."),
            Mistake("gd_step", _uphill,
                    "you added the gradient, which walks uphill: gradient descent subtracts "
                    "learning_rate times the gradient."),
            Mistake("gd_step", _summed_gradient,
                    "your gradient is n times too large: the MSE is a mean, so divide the sums over the "
                    "examples by n."),
            Mistake("gd_step", _frozen_intercept,
                    "the intercept did not move: b takes its own step, b - learning_rate * (2/n) sum(r)."),
        ],
        arg_names=("w", "b", "X", "y", "learning_rate"),
    ),
    Exercise(
        name="gd_contraction_factor",
        solution=_gd_contraction_factor,
        cases=_CONTRACTION_CASES,
        formula="with A = [X, 1] and H = (2/n) A.T @ A, return max over the eigenvalues lambda of H of "
                "|1 - learning_rate * lambda|.",
        mistakes=[
            Mistake("gd_contraction_factor", _no_intercept_column,
                    "the Hessian is over (w, b): append a column of ones to X for the intercept before "
                    "forming (2/n) A.T @ A."),
            Mistake("gd_contraction_factor", _hessian_without_two,
                    "the Hessian of the MSE is (2/n) A.T @ A; the factor 2 comes from the square."),
            Mistake("gd_contraction_factor", _no_absolute_value,
                    "a factor 1 - learning_rate * lambda below -1 also grows the error (with a flipped sign): "
                    "take the absolute value before the maximum."),
            Mistake("gd_contraction_factor", _best_direction,
                    "you took the smallest factor, the direction that converges fastest; the speed of the "
                    "whole run is set by the worst one, the maximum."),
        ],
        arg_names=("X", "learning_rate"),
    ),
    Exercise(
        name="numerical_mse_gradient",
        solution=_numerical_mse_gradient,
        cases=_FD_CASES,
        formula="entry j of grad_w is (MSE(w + eps * e_j, b) - MSE(w - eps * e_j, b)) / (2 * eps), with e_j "
                "the j-th unit vector, and grad_b = (MSE(w, b + eps) - MSE(w, b - eps)) / (2 * eps).",
        mistakes=[
            Mistake("numerical_mse_gradient", _forward_difference,
                    "that is the forward difference (MSE(w + eps e_j) - MSE(w)) / eps; the central one steps "
                    "both ways and divides by 2 * eps."),
            Mistake("numerical_mse_gradient", _divided_by_eps,
                    "every entry is twice the derivative: the two points are 2 * eps apart, so divide by "
                    "2 * eps."),
            Mistake("numerical_mse_gradient", _all_weights_at_once,
                    "the entries of grad_w are all the same: w + eps moves every weight at once. Move one "
                    "weight at a time, with a unit vector e_j."),
        ],
        arg_names=("w", "b", "X", "y"),
    ),
)
