"""Tests of paramcourse.plots.beliefs: the grid posterior of one slope against the conjugate
closed form and the exact soft-threshold MAP, the predictive bands against scikit-learn's
BayesianRidge with pinned hyperparameters, the bootstrap figure's numbers against separate
refits and np.percentile, and the plot functions' labels and artists."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from paramcourse import data, linear, plots
from paramcourse.plots.style import find_artist

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def line():
    X, y = data.make_linear_regression(8, weights=(0.5,), bias=1.0, noise=1.0, x_range=(-1, 1),
                                       rng=np.random.default_rng(1))
    return X[:, 0], y


def _assert_labelled(ax):
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip() and ax.get_title().strip()


def test_gaussian_slope_posterior_matches_the_conjugate_closed_form(line):
    x, y = line
    sigma, tau = 1.0, 0.5
    post = plots.compute_slope_posterior(x, y, sigma, "gaussian", tau, np.linspace(-3, 3, 3001))
    xc, yc = x - x.mean(), y - y.mean()
    var = 1.0 / (xc @ xc / sigma**2 + 1.0 / tau**2)
    mean = var * (xc @ yc) / sigma**2
    exact = np.exp(-(post["grid"] - mean) ** 2 / (2 * var)) / np.sqrt(2 * np.pi * var)
    np.testing.assert_allclose(post["posterior"], exact, atol=1e-6)
    assert post["map"] == pytest.approx(mean, rel=1e-9)
    assert post["posterior_mean"] == pytest.approx(mean, abs=1e-6)
    assert post["mle"] == pytest.approx(np.polyfit(x, y, 1)[0], rel=1e-9)
    dw = post["grid"][1] - post["grid"][0]
    assert post["prior"].sum() * dw == pytest.approx(1.0, abs=1e-6)
    assert post["likelihood"].sum() * dw == pytest.approx(1.0, abs=1e-9)


def test_laplace_slope_map_is_the_soft_thresholded_least_squares_slope(line):
    x, y = line
    sigma, beta = 1.0, 0.35
    post = plots.compute_slope_posterior(x, y, sigma, "laplace", beta, np.linspace(-3, 3, 3001))
    xc = x - x.mean()
    # 1-D: minimize (xc.xc / (2 sigma^2)) (w - w_ols)^2 + |w| / beta  =>  soft threshold.
    threshold = sigma**2 / (beta * (xc @ xc))
    expected = np.sign(post["mle"]) * max(abs(post["mle"]) - threshold, 0.0)
    assert post["map"] == pytest.approx(expected, abs=1e-8)
    assert post["map"] == 0.0 and post["posterior_mean"] > 0.05      # mode at zero, mean not
    assert post["grid"][np.argmax(post["posterior"])] == pytest.approx(0.0, abs=2e-3)


def test_predictive_bands_match_bayesian_ridge(line):
    from sklearn.linear_model import BayesianRidge

    x, y = line
    sigma, tau = 0.3, 5.0
    grid = np.linspace(-1.2, 1.2, 25)
    bands = plots.compute_predictive_bands(x, y, degree=3, noise_std=sigma, prior_std=tau, x_grid=grid,
                                           n_draws=3, truth=lambda t: 1 + 0.5 * t, rng=np.random.default_rng(0))
    P = linear.polynomial_features(x.reshape(-1, 1), 3)
    c = 1e12
    ref = BayesianRidge(alpha_1=c / sigma**2, alpha_2=c, lambda_1=c / tau**2, lambda_2=c,
                        alpha_init=1 / sigma**2, lambda_init=1 / tau**2).fit(P, y)
    mean, std = ref.predict(linear.polynomial_features(grid.reshape(-1, 1), 3), return_std=True)
    np.testing.assert_allclose(bands["mean"], mean, rtol=1e-7, atol=1e-9)
    # scikit-learn omits the intercept's sigma^2 / n; the function band also omits sigma^2.
    np.testing.assert_allclose(bands["std_y"] ** 2, std**2 + sigma**2 / len(x), rtol=1e-6)
    np.testing.assert_allclose(bands["std_f"] ** 2, bands["std_y"] ** 2 - sigma**2, rtol=1e-9)
    assert bands["draws"].shape == (3, grid.size)
    np.testing.assert_allclose(bands["truth"], 1 + 0.5 * grid)


def test_bootstrap_distribution_matches_separate_refits():
    rng = np.random.default_rng(3)
    X = rng.uniform(-1, 1, size=(30, 2))
    y = X @ np.array([2.0, -1.0]) + 0.5 * rng.standard_normal(30)
    rows = rng.integers(0, 30, size=(200, 30))
    boot = plots.compute_bootstrap_distribution(X, y, rows, level=0.9, feature=1, t_quantile=2.0)
    refits = np.array([linear.LinearRegression().fit(X[r], y[r]).coef_[1] for r in rows])
    np.testing.assert_allclose(boot["replicates"], refits, rtol=1e-8)
    np.testing.assert_allclose(boot["percentile_interval"], np.percentile(refits, [5, 95]))
    fit = linear.LinearRegression().fit(X, y).coef_[1]
    assert boot["estimate"] == pytest.approx(fit)
    assert boot["t_interval"] == pytest.approx((fit - 2.0 * boot["se"], fit + 2.0 * boot["se"]))
    default = plots.compute_bootstrap_distribution(X, y, rows, level=0.95)
    width = default["t_interval"][1] - default["t_interval"][0]
    assert width == pytest.approx(2 * 1.959964 * default["se"], rel=1e-6)
    with pytest.raises(ValueError, match="feature"):
        plots.compute_bootstrap_distribution(X, y, rows, feature=2)


def test_plots_draw_their_artists_with_labels(line):
    x, y = line
    post = plots.compute_slope_posterior(x, y, 1.0, "gaussian", 0.5)
    ax = plots.plot_slope_posterior(post)
    _assert_labelled(ax)
    for gid in ("prior", "likelihood", "posterior", "mle", "map", "posterior-mean"):
        find_artist(ax, gid)

    bands = plots.compute_predictive_bands(x, y, degree=2, noise_std=1.0, prior_std=2.0,
                                           rng=np.random.default_rng(0))
    ax = plots.plot_predictive_bands(bands, ylim=(-3, 4))
    _assert_labelled(ax)
    assert ax.get_ylim() == (-3, 4)
    for gid in ("band-y", "band-f", "mean", "draws", "data"):
        find_artist(ax, gid)

    rows = np.random.default_rng(1).integers(0, 8, size=(100, 8))
    boot = plots.compute_bootstrap_distribution(x.reshape(-1, 1), y, rows)
    ax = plots.plot_bootstrap_distribution(boot, truth=0.5)
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()   # no title unless asked for
    for gid in ("normal", "percentile-interval", "t-interval", "estimate", "truth"):
        find_artist(ax, gid)


def test_input_checks(line):
    x, y = line
    with pytest.raises(ValueError, match="grid"):
        plots.compute_slope_posterior(x, y, 1.0, "gaussian", 0.5, np.array([0.0, 1.0, 3.0]))
    with pytest.raises(ValueError, match="prior"):
        plots.compute_slope_posterior(x, y, 1.0, "cauchy", 0.5)
    with pytest.raises(ValueError, match="noise_std"):
        plots.compute_predictive_bands(x, y, degree=2, noise_std=0.0, prior_std=1.0, rng=np.random.default_rng(0))
