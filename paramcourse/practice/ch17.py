"""Practice of chapter 17, parameters as beliefs: the ridge penalty that a Gaussian prior
implies, the posterior of Bayesian linear regression, and a bootstrap percentile interval."""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

_rng = np.random.default_rng(17)


# ------------------------------------------------------------------------ ridge_lambda_from_prior


def ridge_lambda_from_prior(noise_std, prior_std, n_samples):
    """The ridge penalty whose fit is the MAP estimate under the prior w ~ N(0, prior_std**2 I).

    With noise N(0, noise_std**2) on each of the n_samples targets and a flat prior on the
    intercept, return (lam, alpha): lam = noise_std**2 / (n_samples * prior_std**2) for the
    course's objective MSE + lam * ||w||^2, and alpha = n_samples * lam for scikit-learn's
    Ridge(alpha), which adds alpha * ||w||^2 to the sum of squared residuals.

    noise_std, prior_std: floats > 0; n_samples: int.
    Returns a tuple of two floats.
    """
    lam = noise_std ** 2 / (n_samples * prior_std ** 2)
    alpha = n_samples * lam
    return lam, alpha


def _lam_without_n(noise_std, prior_std, n_samples):
    lam = noise_std ** 2 / prior_std ** 2
    return lam, n_samples * lam


def _lam_unsquared(noise_std, prior_std, n_samples):
    lam = noise_std / (n_samples * prior_std)
    return lam, n_samples * lam


def _lam_inverted(noise_std, prior_std, n_samples):
    lam = prior_std ** 2 / (n_samples * noise_std ** 2)
    return lam, n_samples * lam


def _lam_half(noise_std, prior_std, n_samples):
    lam = noise_std ** 2 / (2 * n_samples * prior_std ** 2)
    return lam, n_samples * lam


def _alpha_equals_lam(noise_std, prior_std, n_samples):
    lam = noise_std ** 2 / (n_samples * prior_std ** 2)
    return lam, lam


_LAMBDA = Exercise(
    name="ridge_lambda_from_prior",
    solution=ridge_lambda_from_prior,
    cases=[
        Case("noise_std = 1.5, prior_std = 0.5, n_samples = 30", (1.5, 0.5, 30)),
        Case("noise_std = 0.3, prior_std = 2.0, n_samples = 12", (0.3, 2.0, 12)),
        Case("noise_std = 2.5, prior_std = 0.8, n_samples = 7", (2.5, 0.8, 7)),
    ],
    formula="lam = noise_std**2 / (n_samples * prior_std**2), alpha = n_samples * lam",
    mistakes=[
        Mistake("ridge_lambda_from_prior", _lam_without_n,
                "the course's MSE averages over the n rows, so dividing the negative log posterior "
                "by n / (2 sigma**2) leaves lam = sigma**2 / (n * tau**2); sigma**2 / tau**2 is "
                "scikit-learn's alpha."),
        Mistake("ridge_lambda_from_prior", _lam_unsquared,
                "both densities involve variances: lam = noise_std**2 / (n_samples * prior_std**2), "
                "with squares."),
        Mistake("ridge_lambda_from_prior", _lam_inverted,
                "more noise means the data say less, so the penalty grows with the noise: "
                "lam = noise_std**2 / (n_samples * prior_std**2), not the inverse."),
        Mistake("ridge_lambda_from_prior", _lam_half,
                "both Gaussian exponents carry a factor 1/2, ||r||^2 / (2 sigma**2) and "
                "||w||^2 / (2 tau**2); they cancel, leaving lam = sigma**2 / (n * tau**2)."),
        Mistake("ridge_lambda_from_prior", _alpha_equals_lam,
                "scikit-learn's Ridge penalizes the sum of squared residuals, not their mean: "
                "alpha = n_samples * lam."),
    ],
    arg_names=("noise_std", "prior_std", "n_samples"),
)


# ---------------------------------------------------------------------------- posterior_mean_cov


def posterior_mean_cov(X, y, noise_std, prior_std):
    """Posterior mean and covariance of the weights of Bayesian linear regression.

    Prior w ~ N(0, prior_std**2 I), a flat prior on the intercept, noise N(0, noise_std**2).
    With the centred data X_c = X - X.mean(axis=0) and y_c = y - y.mean():
    S = inv(X_c.T @ X_c / noise_std**2 + I / prior_std**2) and m = S @ X_c.T @ y_c / noise_std**2.

    X: array of shape (n, d); y: array of shape (n,); noise_std, prior_std: floats > 0.
    Returns (m, S): arrays of shapes (d,) and (d, d).
    """
    d = X.shape[1]
    Xc = X - X.mean(axis=0)
    yc = y - y.mean()
    S = np.linalg.inv(Xc.T @ Xc / noise_std ** 2 + np.eye(d) / prior_std ** 2)
    m = S @ Xc.T @ yc / noise_std ** 2
    return m, S


def _posterior_uncentred(X, y, noise_std, prior_std):
    S = np.linalg.inv(X.T @ X / noise_std ** 2 + np.eye(X.shape[1]) / prior_std ** 2)
    return S @ X.T @ y / noise_std ** 2, S


def _posterior_without_noise_in_precision(X, y, noise_std, prior_std):
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    S = np.linalg.inv(Xc.T @ Xc + np.eye(X.shape[1]) / prior_std ** 2)
    return S @ Xc.T @ yc / noise_std ** 2, S


def _posterior_mean_without_noise(X, y, noise_std, prior_std):
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    S = np.linalg.inv(Xc.T @ Xc / noise_std ** 2 + np.eye(X.shape[1]) / prior_std ** 2)
    return S @ Xc.T @ yc, S


def _posterior_prior_std_unsquared(X, y, noise_std, prior_std):
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    S = np.linalg.inv(Xc.T @ Xc / noise_std ** 2 + np.eye(X.shape[1]) / prior_std)
    return S @ Xc.T @ yc / noise_std ** 2, S


def _posterior_precision_returned(X, y, noise_std, prior_std):
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    P = Xc.T @ Xc / noise_std ** 2 + np.eye(X.shape[1]) / prior_std ** 2
    return np.linalg.solve(P, Xc.T @ yc / noise_std ** 2), P


def _regression(n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    X = _rng.normal(size=(n, d)) * np.linspace(0.8, 1.6, d) + np.arange(1.0, d + 1)
    w = np.linspace(1.0, -1.0, d)
    return X, 3.0 + X @ w + 0.5 * _rng.standard_normal(n)


_POSTERIOR = Exercise(
    name="posterior_mean_cov",
    solution=posterior_mean_cov,
    cases=[
        Case("X of shape (8, 2), noise_std = 0.5, prior_std = 0.7", (*_regression(8, 2), 0.5, 0.7)),
        Case("X of shape (12, 3), noise_std = 1.5, prior_std = 0.4", (*_regression(12, 3), 1.5, 0.4)),
        Case("X of shape (6, 2), noise_std = 0.8, prior_std = 2.0", (*_regression(6, 2), 0.8, 2.0)),
    ],
    formula="X_c = X - X.mean(axis=0), y_c = y - y.mean(), "
            "S = inv(X_c.T @ X_c / noise_std**2 + I / prior_std**2), m = S @ X_c.T @ y_c / noise_std**2",
    mistakes=[
        Mistake("posterior_mean_cov", _posterior_uncentred,
                "the intercept has a flat prior and is integrated out by centring: use "
                "X_c = X - X.mean(axis=0) and y_c = y - y.mean(), not X and y."),
        Mistake("posterior_mean_cov", _posterior_without_noise_in_precision,
                "the data's precision is X_c.T @ X_c / noise_std**2: divide by the noise variance "
                "inside the inverse as well."),
        Mistake("posterior_mean_cov", _posterior_mean_without_noise,
                "the mean is S @ X_c.T @ y_c / noise_std**2: the division by the noise variance "
                "belongs to the mean too."),
        Mistake("posterior_mean_cov", _posterior_prior_std_unsquared,
                "the prior's precision is I / prior_std**2, the inverse of its variance."),
        Mistake("posterior_mean_cov", _posterior_precision_returned,
                "S is the inverse of the precision X_c.T @ X_c / noise_std**2 + I / prior_std**2; "
                "return the covariance, not the precision."),
    ],
    arg_names=("X", "y"),
)


# ---------------------------------------------------------------------- bootstrap_slope_interval


def bootstrap_slope_interval(x, y, rows, level=0.95):
    """Bootstrap percentile interval of the least-squares slope of a line fit y ~ w x + b.

    Row k of rows (shape (n_boot, n)) holds the indices of resample k: refit the line on
    x[rows[k]], y[rows[k]] (slope = sum((x - mean x) * y) / sum((x - mean x)**2) within the
    resample), and return the percentiles 100 * (1 - level) / 2 and 100 * (1 + level) / 2 of the
    n_boot slopes, as np.percentile computes them.

    x, y: arrays of shape (n,); rows: integer array of shape (n_boot, n); level: float in (0, 1).
    Returns (low, high): two floats.
    """
    xb, yb = x[rows], y[rows]
    xc = xb - xb.mean(axis=1, keepdims=True)
    slopes = (xc * yb).sum(axis=1) / (xc ** 2).sum(axis=1)
    low, high = np.percentile(slopes, [50 * (1 - level), 50 * (1 + level)])
    return float(low), float(high)


def _slopes(x, y, rows, *, resample_x=True, centre=True):
    xb = x[rows] if resample_x else np.broadcast_to(x, rows.shape)
    yb = y[rows]
    xc = xb - xb.mean(axis=1, keepdims=True) if centre else xb
    return (xc * yb).sum(axis=1) / (xc ** 2).sum(axis=1)


def _interval_one_sided_percentiles(x, y, rows, level=0.95):
    low, high = np.percentile(_slopes(x, y, rows), [100 * (1 - level), 100 * level])
    return float(low), float(high)


def _interval_normal(x, y, rows, level=0.95):
    from statistics import NormalDist

    slopes = _slopes(x, y, rows)
    z = NormalDist().inv_cdf((1 + level) / 2)
    return float(slopes.mean() - z * slopes.std()), float(slopes.mean() + z * slopes.std())


def _interval_y_only(x, y, rows, level=0.95):
    low, high = np.percentile(_slopes(x, y, rows, resample_x=False), [50 * (1 - level), 50 * (1 + level)])
    return float(low), float(high)


def _interval_through_origin(x, y, rows, level=0.95):
    low, high = np.percentile(_slopes(x, y, rows, centre=False), [50 * (1 - level), 50 * (1 + level)])
    return float(low), float(high)


def _interval_of_the_intercept(x, y, rows, level=0.95):
    slopes = _slopes(x, y, rows)
    intercepts = y[rows].mean(axis=1) - slopes * x[rows].mean(axis=1)
    low, high = np.percentile(intercepts, [50 * (1 - level), 50 * (1 + level)])
    return float(low), float(high)


def _line_data(n: int, n_boot: int, level: float):
    x = _rng.uniform(1.0, 4.0, size=n)                  # away from 0: a fit through the origin differs
    y = 2.0 - 0.7 * x + 0.6 * _rng.standard_normal(n)
    rows = _rng.integers(0, n, size=(n_boot, n))
    return x, y, rows, level


_BOOTSTRAP = Exercise(
    name="bootstrap_slope_interval",
    solution=bootstrap_slope_interval,
    cases=[
        Case("x of shape (10,), 200 resamples, level = 0.9", _line_data(10, 200, 0.9)),
        Case("x of shape (15,), 300 resamples, level = 0.95", _line_data(15, 300, 0.95)),
        Case("x of shape (8,), 150 resamples, level = 0.8", _line_data(8, 150, 0.8)),
    ],
    formula="for each row k of rows: slope_k = least-squares slope of y[rows[k]] on x[rows[k]]; "
            "return np.percentile(slopes, [50 * (1 - level), 50 * (1 + level)])",
    mistakes=[
        Mistake("bootstrap_slope_interval", _interval_one_sided_percentiles,
                "a central interval leaves (1 - level) / 2 in each tail: the percentiles are "
                "50 * (1 - level) and 50 * (1 + level), e.g. 2.5 and 97.5 for level = 0.95."),
        Mistake("bootstrap_slope_interval", _interval_normal,
                "the percentile interval takes the percentiles of the bootstrap slopes themselves, "
                "not mean +- z * sd (that is the normal-approximation interval)."),
        Mistake("bootstrap_slope_interval", _interval_y_only,
                "resample whole rows: x[rows[k]] together with y[rows[k]], not the original x with "
                "resampled y."),
        Mistake("bootstrap_slope_interval", _interval_through_origin,
                "the line has an intercept: centre x within each resample, slope = "
                "sum((x - mean x) * y) / sum((x - mean x)**2)."),
        Mistake("bootstrap_slope_interval", _interval_of_the_intercept,
                "return the interval of the slope, not of the intercept."),
    ],
    arg_names=("x", "y", "rows"),
)


EXERCISES = (_LAMBDA, _POSTERIOR, _BOOTSTRAP)
