"""Practice of chapter 1, *What a parameter is*: the loss of one member of the family of lines,
the least-squares line in closed form, and predictions from a parameter vector with ``d + 1``
entries (one point of parameter space is one model).
"""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

__all__ = ["EXERCISES"]

_rng = np.random.default_rng(101)

# ------------------------------------------------------------------------------ line_mse


def line_mse(w, b, x, y):
    """The mean squared error of the line y_hat = w * x + b on the points (x[i], y[i])."""
    return float(np.mean((w * x + b - y) ** 2))


def _line_mse_summed(w, b, x, y):
    return float(np.sum((w * x + b - y) ** 2))


def _line_mse_unsquared(w, b, x, y):
    return float(np.mean(w * x + b - y))


def _line_mse_without_intercept(w, b, x, y):
    return float(np.mean((w * x - y) ** 2))


_x5 = _rng.uniform(-2.0, 3.0, size=5)
_x8 = _rng.uniform(0.0, 4.0, size=8)
_LINE_MSE_CASES = [
    Case("a line with w = 1.5, b = -0.5 and 5 points", (1.5, -0.5, _x5, 2.0 * _x5 + 1.0 + _rng.normal(0, 1, 5))),
    Case("a falling line with w = -0.7, b = 2 and 8 points", (-0.7, 2.0, _x8, 3.0 - _x8 + _rng.normal(0, 0.5, 8))),
    Case("the line y_hat = x + 1 on (0, 1), (1, 3), (2, 3)",
         (1.0, 1.0, np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 3.0]))),
]

# -------------------------------------------------------------------- least_squares_line


def least_squares_line(x, y):
    """The slope and intercept of the least-squares line through the points (x[i], y[i])."""
    x_mean, y_mean = np.mean(x), np.mean(y)
    w = np.sum((x - x_mean) * (y - y_mean)) / np.sum((x - x_mean) ** 2)
    b = y_mean - w * x_mean
    return float(w), float(b)


def _line_through_origin_slope(x, y):
    w = np.sum(x * y) / np.sum(x**2)
    return float(w), float(np.mean(y) - w * np.mean(x))


def _line_intercept_plus(x, y):
    w, _ = least_squares_line(x, y)
    return w, float(np.mean(y) + w * np.mean(x))


def _line_divided_by_spread_of_y(x, y):
    x_c, y_c = x - np.mean(x), y - np.mean(y)
    w = np.sum(x_c * y_c) / np.sum(y_c**2)
    return float(w), float(np.mean(y) - w * np.mean(x))


_x6 = _rng.uniform(1.0, 4.0, size=6)
_x9 = _rng.uniform(-1.0, 5.0, size=9)
_LEAST_SQUARES_CASES = [
    Case("6 points around y = 2x + 1", (_x6, 2.0 * _x6 + 1.0 + _rng.normal(0, 0.5, 6))),
    Case("9 points around y = -0.5x + 3", (_x9, 3.0 - 0.5 * _x9 + _rng.normal(0, 0.5, 9))),
    Case("the points (0, 1), (1, 3), (2, 3)", (np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 3.0]))),
]

# --------------------------------------------------------------- predict_from_parameters


def predict_from_parameters(X, theta):
    """Predictions of the linear model whose d + 1 parameters are theta = (w_1, ..., w_d, b)."""
    d = X.shape[1]
    w, b = theta[:d], theta[d]
    return X @ w + b


def _theta_intercept_first(X, theta):
    return X @ theta[1:] + theta[0]


def _theta_without_intercept(X, theta):
    return X @ theta[: X.shape[1]]


_PREDICT_CASES = [
    Case("X of shape (4, 3) and theta of shape (4,)", (_rng.normal(size=(4, 3)), np.array([0.5, -1.0, 2.0, 1.5]))),
    Case("one feature: X of shape (6, 1) and theta = (w, b) = (2, -1)",
         (_rng.uniform(-2, 2, size=(6, 1)), np.array([2.0, -1.0]))),
    Case("X of shape (5, 2) and theta of shape (3,)", (_rng.normal(size=(5, 2)), np.array([-0.3, 0.8, 4.0]))),
]

EXERCISES = (
    Exercise(
        name="line_mse",
        solution=line_mse,
        cases=_LINE_MSE_CASES,
        formula="MSE(w, b) = (1/n) * sum_i (w * x[i] + b - y[i])**2, returned as one float",
        mistakes=[
            Mistake("line_mse", _line_mse_summed,
                    "you added up the squared residuals instead of averaging them: divide the sum by n "
                    "(np.mean does both)."),
            Mistake("line_mse", _line_mse_unsquared,
                    "you averaged the residuals without squaring them, so misses above and below the line "
                    "cancel: square each residual before taking the mean."),
            Mistake("line_mse", _line_mse_without_intercept,
                    "you left out the intercept: the prediction of the line is w * x + b."),
        ],
        arg_names=("w", "b", "x", "y"),
    ),
    Exercise(
        name="least_squares_line",
        solution=least_squares_line,
        cases=_LEAST_SQUARES_CASES,
        formula=("w = sum((x - mean(x)) * (y - mean(y))) / sum((x - mean(x))**2) and "
                 "b = mean(y) - w * mean(x), returned as (w, b)"),
        mistakes=[
            Mistake("least_squares_line", _line_through_origin_slope,
                    "your slope sum(x * y) / sum(x**2) is that of the best line through the origin: "
                    "subtract mean(x) from x and mean(y) from y before the sums."),
            Mistake("least_squares_line", _line_intercept_plus,
                    "the slope is right but the intercept has the wrong sign in front of w * mean(x): "
                    "the line passes through (mean(x), mean(y)), so b = mean(y) - w * mean(x)."),
            Mistake("least_squares_line", _line_divided_by_spread_of_y,
                    "you divided by the spread of y; the slope divides by the spread of x, "
                    "sum((x - mean(x))**2)."),
        ],
        arg_names=("x", "y"),
    ),
    Exercise(
        name="predict_from_parameters",
        solution=predict_from_parameters,
        cases=_PREDICT_CASES,
        formula="y_hat = X @ theta[:d] + theta[d], an array of shape (n,), where d = X.shape[1]",
        mistakes=[
            Mistake("predict_from_parameters", _theta_intercept_first,
                    "theta lists the d weights first and the intercept last: w is theta[:d] and b is "
                    "theta[d]."),
            Mistake("predict_from_parameters", _theta_without_intercept,
                    "you left out the intercept: add b = theta[d] to every prediction."),
        ],
        arg_names=("X", "theta"),
    ),
)
