"""Practice of chapter 13, *Data preprocessing*: the condition number of the MSE Hessian (how the
scale of the features shapes the loss), standardization of new rows with statistics learned from
the training rows only, and the expected MSE under input noise (augmentation as ridge).
"""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

__all__ = ["EXERCISES"]

_rng = np.random.default_rng(1313)

# -------------------------------------------------------------------- mse_condition_number


def mse_condition_number(X):
    """The condition number of the Hessian of the MSE of a linear model on X, with an intercept."""
    A = np.column_stack([X, np.ones(len(X))])
    eigenvalues = np.linalg.eigvalsh(A.T @ A)
    return float(eigenvalues[-1] / eigenvalues[0])


def _kappa_without_intercept(X):
    eigenvalues = np.linalg.eigvalsh(X.T @ X)
    return float(eigenvalues[-1] / eigenvalues[0])


def _kappa_singular_values(X):
    return float(np.linalg.cond(np.column_stack([X, np.ones(len(X))])))


def _kappa_upside_down(X):
    A = np.column_stack([X, np.ones(len(X))])
    eigenvalues = np.linalg.eigvalsh(A.T @ A)
    return float(eigenvalues[0] / eigenvalues[-1])


_KAPPA_CASES = [
    Case("two features spread over [0, 1] and [0, 20], X of shape (6, 2)",
         (np.column_stack([_rng.uniform(0, 1, 6), _rng.uniform(0, 20, 6)]),)),
    Case("one feature with mean about 10, X of shape (5, 1)", (_rng.normal(10.0, 1.0, size=(5, 1)),)),
    Case("three centred features of similar spread, X of shape (8, 3)", (_rng.normal(0.0, 1.0, size=(8, 3)),)),
]

# -------------------------------------------------------------- standardize_with_train_stats


def standardize_with_train_stats(X_train, X_new):
    """The rows of X_new standardized with the mean and standard deviation of the training rows."""
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    return (X_new - mean) / std


def _standardize_with_all_rows(X_train, X_new):
    both = np.vstack([X_train, X_new])
    return (X_new - both.mean(axis=0)) / both.std(axis=0)


def _standardize_new_rows_on_their_own(X_train, X_new):
    return (X_new - X_new.mean(axis=0)) / X_new.std(axis=0)


def _standardize_sample_std(X_train, X_new):
    return (X_new - X_train.mean(axis=0)) / X_train.std(axis=0, ddof=1)


def _standardize_by_variance(X_train, X_new):
    return (X_new - X_train.mean(axis=0)) / X_train.var(axis=0)


def _standardize_only_centred(X_train, X_new):
    return X_new - X_train.mean(axis=0)


_X_new = _rng.normal([52.0, -1.8], [12.0, 0.6], size=(3, 2))
_STANDARDIZE_CASES = [
    Case("X_train of shape (6, 2) on two scales, X_new of shape (3, 2)",
         (_rng.normal([50.0, -2.0], [10.0, 0.5], size=(6, 2)), _X_new)),
    Case("X_train of shape (9, 2), the same X_new",
         (_rng.normal([45.0, -2.5], [8.0, 0.4], size=(9, 2)), _X_new)),
]

# ---------------------------------------------------------------------------- noisy_input_mse


def noisy_input_mse(w, b, X, y, sigma):
    """The expected MSE of the linear model (w, b) when Gaussian noise of standard deviation sigma is
    added to every input: MSE(w, b) + sigma**2 * sum(w**2)."""
    mse = np.mean((X @ w + b - y) ** 2)
    return float(mse + sigma**2 * np.sum(w**2))


def _noisy_mse_sigma_not_squared(w, b, X, y, sigma):
    return float(np.mean((X @ w + b - y) ** 2) + sigma * np.sum(w**2))


def _noisy_mse_penalizes_b(w, b, X, y, sigma):
    return float(np.mean((X @ w + b - y) ** 2) + sigma**2 * (np.sum(w**2) + b**2))


def _noisy_mse_norm_not_squared(w, b, X, y, sigma):
    return float(np.mean((X @ w + b - y) ** 2) + sigma**2 * np.sqrt(np.sum(w**2)))


def _noisy_mse_without_noise(w, b, X, y, sigma):
    return float(np.mean((X @ w + b - y) ** 2))


def _noisy_mse_noise_per_sample(w, b, X, y, sigma):
    return float(np.mean((X @ w + b - y) ** 2) + len(y) * sigma**2 * np.sum(w**2))


_NOISY_CASES = [
    Case("X of shape (6, 2), w = (1.5, -0.5), b = 0.3, sigma = 0.5",
         (np.array([1.5, -0.5]), 0.3, _rng.normal(size=(6, 2)), _rng.normal(size=6), 0.5)),
    Case("X of shape (4, 3), w = (0.2, 2, -1), b = -1, sigma = 1.5",
         (np.array([0.2, 2.0, -1.0]), -1.0, _rng.normal(size=(4, 3)), _rng.normal(size=4), 1.5)),
    Case("X of shape (5, 1), w = (3,), b = 2, sigma = 0.1",
         (np.array([3.0]), 2.0, _rng.normal(size=(5, 1)), _rng.normal(size=5), 0.1)),
]

EXERCISES = (
    Exercise(
        name="mse_condition_number",
        solution=mse_condition_number,
        cases=_KAPPA_CASES,
        formula="kappa = largest / smallest eigenvalue of A.T @ A, where A = [X, 1] has a column of ones "
                "appended (np.column_stack, np.linalg.eigvalsh); the factor 2/n of H cancels in the ratio",
        mistakes=[
            Mistake("mse_condition_number", _kappa_without_intercept,
                    "you left out the column of ones for the intercept b: the parameters are (w, b), so build "
                    "A = np.column_stack([X, np.ones(len(X))]) and take the eigenvalues of A.T @ A."),
            Mistake("mse_condition_number", _kappa_singular_values,
                    "you returned np.linalg.cond(A), the ratio of the singular values of A, which is the square "
                    "root of kappa: take the eigenvalues of A.T @ A (the Hessian up to the factor 2/n)."),
            Mistake("mse_condition_number", _kappa_upside_down,
                    "you divided the smallest eigenvalue by the largest: kappa = largest / smallest is at least 1 "
                    "(np.linalg.eigvalsh returns the eigenvalues in increasing order)."),
        ],
        arg_names=("X",),
    ),
    Exercise(
        name="standardize_with_train_stats",
        solution=standardize_with_train_stats,
        cases=_STANDARDIZE_CASES,
        formula="with mean_j = X_train[:, j].mean() and s_j = X_train[:, j].std() (divisor n), return "
                "(X_new - mean) / s, of the shape of X_new",
        mistakes=[
            Mistake("standardize_with_train_stats", _standardize_with_all_rows,
                    "you computed the mean and standard deviation from the training and new rows together: "
                    "that is a leak. Compute them from X_train only and apply them, unchanged, to X_new."),
            Mistake("standardize_with_train_stats", _standardize_new_rows_on_their_own,
                    "you standardized X_new with its own mean and standard deviation: new rows must be "
                    "transformed with the statistics learned from X_train."),
            Mistake("standardize_with_train_stats", _standardize_sample_std,
                    "you divided by the sample standard deviation (ddof=1, divisor n - 1); s_j here has the "
                    "divisor n, which X_train.std(axis=0) uses by default."),
            Mistake("standardize_with_train_stats", _standardize_by_variance,
                    "you divided by the variance s_j**2 instead of the standard deviation s_j: use "
                    "X_train.std(axis=0)."),
            Mistake("standardize_with_train_stats", _standardize_only_centred,
                    "you subtracted the training mean but did not divide by the training standard deviation."),
        ],
        arg_names=("X_train", "X_new"),
    ),
    Exercise(
        name="noisy_input_mse",
        solution=noisy_input_mse,
        cases=_NOISY_CASES,
        formula="MSE(w, b) + sigma**2 * sum(w**2), with MSE(w, b) = mean((X @ w + b - y)**2); the "
                "intercept b gets no noise term",
        mistakes=[
            Mistake("noisy_input_mse", _noisy_mse_sigma_not_squared,
                    "you multiplied by sigma, the standard deviation of the noise; the extra term is its "
                    "variance times the squared norm, sigma**2 * sum(w**2)."),
            Mistake("noisy_input_mse", _noisy_mse_penalizes_b,
                    "you added b**2 to the noise term: the noise is added to the inputs x, which the "
                    "intercept does not multiply, so only sigma**2 * sum(w**2) appears."),
            Mistake("noisy_input_mse", _noisy_mse_norm_not_squared,
                    "you used the norm of w, not its square: the term is sigma**2 * sum(w**2)."),
            Mistake("noisy_input_mse", _noisy_mse_without_noise,
                    "you returned the plain MSE: the noise adds sigma**2 * sum(w**2) on average."),
            Mistake("noisy_input_mse", _noisy_mse_noise_per_sample,
                    "you multiplied the noise term by n: each sample gains sigma**2 * sum(w**2), and the MSE "
                    "averages over the samples, so the term appears once."),
        ],
        arg_names=("w", "b", "X", "y", "sigma"),
    ),
)
