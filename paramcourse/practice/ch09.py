"""Practice of chapter 9, regularization: ridge's shrinkage factor along each direction of the data,
the smallest lasso penalty that zeroes every weight, and gradient descent on the ridge loss as
weight decay."""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

_rng = np.random.default_rng(9)


def _features(n: int, d: int) -> np.ndarray:
    """Correlated columns with different scales and non-zero means."""
    mix = np.eye(d) + 0.6 * np.tri(d, k=-1)
    return _rng.normal(size=(n, d)) @ mix.T * np.linspace(0.5, 2.0, d) + np.arange(1.0, d + 1)


# --------------------------------------------------------------------- ridge_shrinkage_factors


def ridge_shrinkage_factors(X, lam):
    """Ridge's shrinkage factor along each direction of the centred data.

    X_c = X - X.mean(axis=0) has the singular values s_1 >= s_2 >= ...; ridge with penalty
    lam multiplies the least-squares component along direction k by s_k**2 / (s_k**2 + n * lam).

    X: array of shape (n, d); lam: float >= 0.
    Returns an array of shape (min(n, d),), largest singular value first.
    """
    n = X.shape[0]
    Xc = X - X.mean(axis=0)
    s = np.linalg.svd(Xc, compute_uv=False)
    return s ** 2 / (s ** 2 + n * lam)


def _factors_of_the_raw_features(X, lam):
    s = np.linalg.svd(X, compute_uv=False)
    return s ** 2 / (s ** 2 + X.shape[0] * lam)


def _factors_without_n(X, lam):
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    return s ** 2 / (s ** 2 + lam)


def _factors_of_unsquared_singular_values(X, lam):
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    return s / (s + X.shape[0] * lam)


def _factors_smallest_first(X, lam):
    Xc = X - X.mean(axis=0)
    e = np.linalg.eigvalsh(Xc.T @ Xc)
    return e / (e + X.shape[0] * lam)


_SHRINKAGE = Exercise(
    name="ridge_shrinkage_factors",
    solution=ridge_shrinkage_factors,
    cases=[
        Case("X of shape (6, 3), lam = 0.5", (_features(6, 3), 0.5)),
        Case("X of shape (10, 3), lam = 0.1", (_features(10, 3), 0.1)),
        Case("X of shape (8, 3), lam = 2", (_features(8, 3), 2.0)),
    ],
    formula="X_c = X - X.mean(axis=0), s = the singular values of X_c (largest first), factors = "
            "s**2 / (s**2 + n * lam)",
    mistakes=[
        Mistake("ridge_shrinkage_factors", _factors_of_the_raw_features,
                "ridge leaves the intercept unpenalized and works on the centred features: take the "
                "singular values of X_c = X - X.mean(axis=0), not of X."),
        Mistake("ridge_shrinkage_factors", _factors_without_n,
                "the penalty enters the closed form as n * lam, because the MSE averages over the n "
                "rows: s**2 / (s**2 + n * lam)."),
        Mistake("ridge_shrinkage_factors", _factors_of_unsquared_singular_values,
                "the factors use the squared singular values: s**2 / (s**2 + n * lam)."),
        Mistake("ridge_shrinkage_factors", _factors_smallest_first,
                "np.linalg.eigvalsh sorts its eigenvalues smallest first; return the factors in the "
                "order of the singular values, largest first, as np.linalg.svd gives them."),
    ],
    arg_names=("X", "lam"),
)


# ---------------------------------------------------------------------------- lasso_lambda_max


def lasso_lambda_max(X, y):
    """The smallest lasso penalty at which every weight is exactly zero.

    At w = 0 the slopes of the MSE along the weights are -(2 / n) * X_c.T @ y_c, with the
    centred X_c = X - X.mean(axis=0) and y_c = y - y.mean(); lambda_max is their largest
    absolute value, max_j |(2 / n) * X_c[:, j] @ y_c|.

    X: array of shape (n, d); y: array of shape (n,).
    Returns a float.
    """
    n = X.shape[0]
    Xc = X - X.mean(axis=0)
    slopes = 2 / n * Xc.T @ y
    return float(np.max(np.abs(slopes)))


def _lambda_max_uncentred(X, y):
    return float(np.max(np.abs(2 / X.shape[0] * X.T @ y)))


def _lambda_max_without_the_two(X, y):
    return float(np.max(np.abs((X - X.mean(axis=0)).T @ y / X.shape[0])))


def _lambda_max_signed(X, y):
    return float(np.max(2 / X.shape[0] * (X - X.mean(axis=0)).T @ y))


def _lambda_max_summed(X, y):
    return float(np.max(np.abs(2 * (X - X.mean(axis=0)).T @ y)))


def _lambda_max_norm(X, y):
    return float(np.linalg.norm(2 / X.shape[0] * (X - X.mean(axis=0)).T @ y))


def _regression(n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    X = _features(n, d)
    w = np.zeros(d)
    w[-1] = -1.5  # the strongest slope at w = 0 is negative: its sign matters
    w[0] = 0.4
    return X, 5.0 + X @ w + 0.3 * _rng.standard_normal(n)


_LAMBDA_MAX = Exercise(
    name="lasso_lambda_max",
    solution=lasso_lambda_max,
    cases=[
        Case("X of shape (8, 3)", _regression(8, 3)),
        Case("X of shape (12, 4)", _regression(12, 4)),
        Case("X of shape (6, 2)", _regression(6, 2)),
    ],
    formula="lambda_max = max_j |(2 / n) * X_c[:, j] @ y_c| with X_c = X - X.mean(axis=0) and "
            "y_c = y - y.mean()",
    mistakes=[
        Mistake("lasso_lambda_max", _lambda_max_uncentred,
                "the intercept is not penalized, so the slopes at w = 0 come from the centred "
                "features: use X_c = X - X.mean(axis=0)."),
        Mistake("lasso_lambda_max", _lambda_max_without_the_two,
                "the derivative of the squared error brings a factor 2: the slopes are "
                "(2 / n) * X_c.T @ y_c."),
        Mistake("lasso_lambda_max", _lambda_max_signed,
                "a weight can leave zero in either direction: take the largest absolute slope, "
                "max |(2 / n) * X_c.T @ y_c|."),
        Mistake("lasso_lambda_max", _lambda_max_summed,
                "the MSE averages over the n rows: divide the slopes by n."),
        Mistake("lasso_lambda_max", _lambda_max_norm,
                "each weight stays at zero while its own slope is at most lambda: take the largest "
                "single slope in absolute value, not the norm of all of them."),
    ],
    arg_names=("X", "y"),
)


# ------------------------------------------------------------------------ weight_decay_descent


def weight_decay_descent(X, y, lam, learning_rate, n_steps):
    """Gradient descent on the ridge loss MSE(w, b) + lam * sum(w**2), written as weight decay.

    From w = 0 and b = 0, repeat n_steps times, with the residuals r = X @ w + b - y:
    w <- (1 - 2 * learning_rate * lam) * w - learning_rate * (2 / n) * X.T @ r and
    b <- b - learning_rate * 2 * mean(r) (the intercept is not penalized).

    X: array of shape (n, d); y: array of shape (n,); lam, learning_rate: float; n_steps: int.
    Returns (w, b): an array of shape (d,) and a float.
    """
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(n_steps):
        r = X @ w + b - y
        grad_w = 2 / n * X.T @ r
        grad_b = 2 * np.mean(r)
        w = (1 - 2 * learning_rate * lam) * w - learning_rate * grad_w
        b = b - learning_rate * grad_b
    return w, float(b)


def _descent(X, y, lam, learning_rate, n_steps, *, decay, decay_b=False, after=False, summed=False,
             update_b=True):
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(n_steps):
        r = X @ w + b - y
        grad_w = (2 if summed else 2 / n) * X.T @ r
        grad_b = 2 * np.mean(r)
        if after:
            w = decay * (w - learning_rate * grad_w)
        else:
            w = decay * w - learning_rate * grad_w
        if update_b:
            b = (decay if decay_b else 1.0) * b - learning_rate * grad_b
    return w, float(b)


def _decay_by_eta_lam(X, y, lam, learning_rate, n_steps):
    return _descent(X, y, lam, learning_rate, n_steps, decay=1 - learning_rate * lam)


def _decay_of_the_intercept_too(X, y, lam, learning_rate, n_steps):
    return _descent(X, y, lam, learning_rate, n_steps, decay=1 - 2 * learning_rate * lam, decay_b=True)


def _decay_after_the_step(X, y, lam, learning_rate, n_steps):
    return _descent(X, y, lam, learning_rate, n_steps, decay=1 - 2 * learning_rate * lam, after=True)


def _decay_with_the_summed_gradient(X, y, lam, learning_rate, n_steps):
    return _descent(X, y, lam, learning_rate, n_steps, decay=1 - 2 * learning_rate * lam, summed=True)


def _decay_without_the_intercept(X, y, lam, learning_rate, n_steps):
    return _descent(X, y, lam, learning_rate, n_steps, decay=1 - 2 * learning_rate * lam, update_b=False)


_DECAY = Exercise(
    name="weight_decay_descent",
    solution=weight_decay_descent,
    cases=[
        Case("X of shape (6, 2), 3 steps", (*_regression(6, 2), 0.5, 0.05, 3)),
        Case("X of shape (9, 2), 5 steps", (*_regression(9, 2), 0.2, 0.02, 5)),
        Case("X of shape (7, 2), 4 steps", (*_regression(7, 2), 1.0, 0.04, 4)),
    ],
    formula="from w = 0, b = 0, repeat n_steps times: r = X @ w + b - y, "
            "w = (1 - 2 * learning_rate * lam) * w - learning_rate * (2 / n) * X.T @ r, "
            "b = b - learning_rate * 2 * mean(r)",
    mistakes=[
        Mistake("weight_decay_descent", _decay_by_eta_lam,
                "the gradient of lam * sum(w**2) is 2 * lam * w, so each step multiplies w by "
                "1 - 2 * learning_rate * lam (the factor 1 - learning_rate * lam belongs to the "
                "penalty (lam / 2) * sum(w**2))."),
        Mistake("weight_decay_descent", _decay_of_the_intercept_too,
                "the intercept is not penalized: decay w only, and take a plain gradient step on b."),
        Mistake("weight_decay_descent", _decay_after_the_step,
                "decay the current weights, then subtract the MSE step: "
                "w = (1 - 2 * learning_rate * lam) * w - learning_rate * grad_w; you shrank the step "
                "as well."),
        Mistake("weight_decay_descent", _decay_with_the_summed_gradient,
                "the MSE is a mean, so its gradient is (2 / n) * X.T @ r, with the 1 / n."),
        Mistake("weight_decay_descent", _decay_without_the_intercept,
                "the model has an intercept: update b at every step too, with its gradient "
                "2 * mean(r)."),
    ],
    arg_names=("X", "y"),
)


EXERCISES = (_SHRINKAGE, _LAMBDA_MAX, _DECAY)
