"""Practice of chapter 10, *High-dimensional parameter spaces*: the minimum-norm exact fit when
there are more weights than data points, ridge regression through the small n x n system, and
the ratio of the nearest to the farthest distance that concentrates in high dimension.

The data are small and seeded. In the first two exercises the cases share the number of weights
d and differ in the number of data points n (always n < d), so that a weight vector of the wrong
length or a missing factor n shows on every input.
"""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

__all__ = ["EXERCISES"]

_rng = np.random.default_rng(1010)


def _wide(n, d, rng):
    """n data points with d > n features in general position, and targets that are not zero."""
    X = rng.normal(0.0, 1.0, (n, d))
    y = rng.normal(1.0, 2.0, n)
    return X, y


_X2, _y2 = _wide(2, 6, _rng)
_X3, _y3 = _wide(3, 6, _rng)
_X4, _y4 = _wide(4, 6, _rng)

# -------------------------------------------------------------------------------- min_norm_fit


def min_norm_fit(X, y):
    """w = X.T @ a with (X X^T) a = y: the exact fit in the row space of X, w = X^+ y."""
    a = np.linalg.solve(X @ X.T, y)
    return X.T @ a


def _dual_coefficients(X, y):
    return np.linalg.solve(X @ X.T, y)


def _no_solve(X, y):
    return X.T @ y


_MIN_NORM_CASES = [
    Case("n = 3 data points, d = 6 weights", (_X3, _y3)),
    Case("n = 2 data points, d = 6 weights", (_X2, _y2)),
    Case("n = 4 data points, d = 6 weights", (_X4, _y4)),
]

# ------------------------------------------------------------------------------ ridge_fit_wide


def ridge_fit_wide(X, y, lam):
    """Ridge without intercept through the n x n system: w = X.T @ (X X^T + n lam I_n)^{-1} y."""
    n = X.shape[0]
    a = np.linalg.solve(X @ X.T + n * lam * np.eye(n), y)
    return X.T @ a


def _penalty_without_n(X, y, lam):
    n = X.shape[0]
    return X.T @ np.linalg.solve(X @ X.T + lam * np.eye(n), y)


def _lam_ignored(X, y, lam):
    return X.T @ np.linalg.solve(X @ X.T, y)


def _ridge_dual_coefficients(X, y, lam):
    n = X.shape[0]
    return np.linalg.solve(X @ X.T + n * lam * np.eye(n), y)


def _penalty_subtracted(X, y, lam):
    n = X.shape[0]
    return X.T @ np.linalg.solve(X @ X.T - n * lam * np.eye(n), y)


_RIDGE_CASES = [
    Case("n = 3, d = 6, lam = 0.5", (_X3, _y3, 0.5)),
    Case("n = 2, d = 6, lam = 2.0", (_X2, _y2, 2.0)),
    Case("n = 4, d = 6, lam = 0.05", (_X4, _y4, 0.05)),
]

# ---------------------------------------------------------------------- nearest_farthest_ratio


def nearest_farthest_ratio(points, query):
    """D_min / D_max over the Euclidean distances from query to the rows of points."""
    dist = np.sqrt(np.sum((points - query) ** 2, axis=1))
    return dist.min() / dist.max()


def _squared_distances(points, query):
    dist2 = np.sum((points - query) ** 2, axis=1)
    return dist2.min() / dist2.max()


def _farthest_over_nearest(points, query):
    dist = np.sqrt(np.sum((points - query) ** 2, axis=1))
    return dist.max() / dist.min()


def _summed_over_points(points, query):
    dist = np.sqrt(np.sum((points - query) ** 2, axis=0))
    return dist.min() / dist.max()


def _l1_distances(points, query):
    dist = np.sum(np.abs(points - query), axis=1)
    return dist.min() / dist.max()


_P2, _q2 = _rng.random((7, 2)), _rng.random(2)
_P5, _q5 = _rng.random((9, 5)), _rng.random(5)
_P40, _q40 = _rng.random((12, 40)), _rng.random(40)
_RATIO_CASES = [
    Case("7 points in d = 2", (_P2, _q2)),
    Case("9 points in d = 5", (_P5, _q5)),
    Case("12 points in d = 40", (_P40, _q40)),
]

EXERCISES = (
    Exercise(
        name="min_norm_fit",
        solution=min_norm_fit,
        cases=_MIN_NORM_CASES,
        formula="solve (X @ X.T) a = y for a (shape (n,)), then return w = X.T @ a (shape (d,)); "
                "this is np.linalg.pinv(X) @ y when the rows of X are independent.",
        mistakes=[
            Mistake("min_norm_fit", _dual_coefficients,
                    "you returned a, one coefficient per data point (shape (n,)); the weights are the "
                    "combination of the rows that a describes, w = X.T @ a, of shape (d,)."),
            Mistake("min_norm_fit", _no_solve,
                    "X.T @ y lies in the row space but does not fit the data: first solve "
                    "(X @ X.T) a = y with np.linalg.solve, then return X.T @ a."),
        ],
        arg_names=("X", "y"),
    ),
    Exercise(
        name="ridge_fit_wide",
        solution=ridge_fit_wide,
        cases=_RIDGE_CASES,
        formula="with n = X.shape[0]: a = solve(X @ X.T + n * lam * I_n, y), w = X.T @ a; the same w as "
                "solve(X.T @ X + n * lam * I_d, X.T @ y).",
        mistakes=[
            Mistake("ridge_fit_wide", _penalty_without_n,
                    "the penalty enters as n * lam: the loss is the mean squared error plus "
                    "lam * ||w||^2, and multiplying it by n gives X X^T + n * lam * I. Add n * lam * np.eye(n)."),
            Mistake("ridge_fit_wide", _lam_ignored,
                    "that is the minimum-norm fit, lam = 0: add n * lam * np.eye(n) to X @ X.T before solving."),
            Mistake("ridge_fit_wide", _ridge_dual_coefficients,
                    "you returned a, one coefficient per data point (shape (n,)); return the weights "
                    "w = X.T @ a, of shape (d,)."),
            Mistake("ridge_fit_wide", _penalty_subtracted,
                    "the penalty makes the matrix larger: add n * lam * I to X @ X.T, do not subtract it."),
        ],
        arg_names=("X", "y", "lam"),
    ),
    Exercise(
        name="nearest_farthest_ratio",
        solution=nearest_farthest_ratio,
        cases=_RATIO_CASES,
        formula="dist_i = sqrt(sum_j (points[i, j] - query[j])**2) for every row i; return "
                "min(dist) / max(dist), a number between 0 and 1.",
        mistakes=[
            Mistake("nearest_farthest_ratio", _squared_distances,
                    "you compared squared distances, which squares the ratio: take the square root of "
                    "each sum of squares (or use np.linalg.norm(points - query, axis=1))."),
            Mistake("nearest_farthest_ratio", _farthest_over_nearest,
                    "your ratio is upside down (it is larger than 1): divide the nearest distance by the "
                    "farthest."),
            Mistake("nearest_farthest_ratio", _summed_over_points,
                    "you summed over the points (axis 0) instead of over the coordinates of each point "
                    "(axis=1), so you got one number per coordinate, not one distance per point."),
            Mistake("nearest_farthest_ratio", _l1_distances,
                    "you summed absolute differences (the L1 distance); the Euclidean distance is the "
                    "square root of the sum of squared differences."),
        ],
        arg_names=("points", "query"),
    ),
)
