"""Tests of paramcourse.plots.loss_functions against independent references: the package's own
losses and finite differences, brute-force minimizers, and the Gaussian density of scipy."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from paramcourse import data, losses, plots  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")


def _labelled(ax):
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()


def test_regression_losses_and_their_derivatives():
    r = np.array([-2.0, -0.5, 0.3, 1.5])
    curves = plots.compute_regression_losses(r)
    for i, ri in enumerate(r):
        assert curves["squared"][i] == pytest.approx(losses.squared_error([0.0], [ri]))
        assert curves["absolute"][i] == pytest.approx(losses.absolute_error([0.0], [ri]))
        h = 1e-6
        assert curves["squared_grad"][i] == pytest.approx(((ri + h) ** 2 - (ri - h) ** 2) / (2 * h), rel=1e-6)
        assert curves["absolute_grad"][i] == pytest.approx((abs(ri + h) - abs(ri - h)) / (2 * h), rel=1e-6)


def test_cross_entropy_curves_match_the_package_and_the_logit_gradient():
    p = np.array([0.05, 0.3, 0.8])
    curves = plots.compute_cross_entropy_curves(p)
    for i, pi in enumerate(p):
        assert curves["loss_y1"][i] == pytest.approx(losses.binary_cross_entropy([1.0], [pi]))
        assert curves["loss_y0"][i] == pytest.approx(losses.binary_cross_entropy([0.0], [pi]))
        z, h = np.log(pi / (1 - pi)), 1e-6
        numeric = (-np.log(losses.sigmoid(z + h)) + np.log(losses.sigmoid(z - h))) / (2 * h)
        assert curves["grad_z_y1"][i] == pytest.approx(numeric, rel=1e-5)
    with pytest.raises(ValueError, match="strictly between"):
        plots.compute_cross_entropy_curves([0.0, 0.5])


def test_location_losses_are_minimized_by_mean_and_median():
    y = np.array([1.0, 2.0, 2.5, 7.0, 30.0])
    c = np.linspace(0, 35, 35001)
    loc = plots.compute_location_losses(y, c)
    assert c[np.argmin(loc["squared"])] == pytest.approx(np.mean(y), abs=1e-3)
    assert c[np.argmin(loc["absolute"])] == pytest.approx(np.median(y), abs=1e-3)
    assert loc["mean"] == np.mean(y) and loc["median"] == np.median(y)


def test_gaussian_nll_matches_scipy_and_the_mse_identity():
    from scipy.stats import norm

    X, y = data.make_linear_regression(n_samples=20, rng=np.random.default_rng(0))
    w = np.array([1.5, 2.0, 2.5])
    out = plots.compute_gaussian_nll(X, y, w, b=0.7, sigma=1.3)
    for i, wi in enumerate(w):
        ref = -np.sum(norm.logpdf(y, loc=X[:, 0] * wi + 0.7, scale=1.3))
        assert out["nll"][i] == pytest.approx(ref, rel=1e-12)
    np.testing.assert_allclose(out["nll"], out["from_mse"], rtol=1e-12)


def test_loss_plots_draw_and_label():
    _, axes = plt.subplots(1, 5)
    curves = plots.compute_regression_losses(np.linspace(-1, 1, 11))
    plots.plot_regression_losses(curves, axes[0])
    plots.plot_regression_losses(curves, axes[1], gradient=True)
    np.testing.assert_allclose(plots.find_artist(axes[1], "squared").get_ydata(), 2 * curves["r"])
    plots.plot_cross_entropy_curves(plots.compute_cross_entropy_curves([0.1, 0.5, 0.9]), axes[2])
    loc = plots.compute_location_losses([1.0, 2.0, 9.0], np.linspace(0, 10, 21))
    plots.plot_location_losses(loc, axes[3], loss="absolute")
    assert plots.find_artist(axes[3], "median").get_xdata()[0] == 2.0
    X, y = data.make_linear_regression(n_samples=10, rng=np.random.default_rng(1))
    plots.plot_gaussian_nll(plots.compute_gaussian_nll(X, y, np.linspace(1, 3, 21), 1.0, 1.0), axes[4])
    for ax in axes:
        _labelled(ax)
    with pytest.raises(ValueError, match="loss must be"):
        plots.plot_location_losses(loc, loss="huber")


def test_cross_entropy_gradient_panel_draws_p_minus_y():
    curves = plots.compute_cross_entropy_curves(np.linspace(0.1, 0.9, 9))
    ax = plots.plot_cross_entropy_curves(curves, gradient=True)
    _labelled(ax)
    np.testing.assert_allclose(plots.find_artist(ax, "y1").get_ydata(), curves["p"] - 1)
    np.testing.assert_allclose(plots.find_artist(ax, "y0").get_ydata(), curves["p"])
