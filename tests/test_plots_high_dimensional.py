"""Tests of paramcourse.plots.high_dimensional against independent references: the
pseudo-inverse and scikit-learn's Ridge and PCA, closed-form ball volumes and a Monte Carlo
estimate, the closed-form path of gradient descent on x^2 - y^2; and the plots' labels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from paramcourse import landscape, plots  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")


def test_underdetermined_fits_against_pinv_and_sklearn_ridge():
    from sklearn.linear_model import Ridge

    gen = np.random.default_rng(0)
    X, y = gen.standard_normal((3, 7)), gen.standard_normal(3)
    lams = [1.0, 0.1]
    out = plots.compute_underdetermined_fits(X, y, lams)
    np.testing.assert_allclose(out["min_norm"], np.linalg.pinv(X) @ y, atol=1e-12)
    np.testing.assert_allclose(X @ out["exact_line"].T, np.tile(y[:, None], 50), atol=1e-10)
    assert out["null_space"].shape == (7, 4)
    np.testing.assert_allclose(X @ out["null_space"], 0.0, atol=1e-12)
    for lam, w in zip(lams, out["ridge"]):
        ref = Ridge(alpha=3 * lam, fit_intercept=False).fit(X, y).coef_
        np.testing.assert_allclose(w, ref, atol=1e-10)
    with pytest.raises(ValueError, match="fewer rows"):
        plots.compute_underdetermined_fits(gen.standard_normal((4, 2)), np.ones(4), lams)


def test_distances_concentrate_and_are_reproducible():
    a = plots.compute_distance_concentration([1, 1000], 100, np.random.default_rng(1), hist_dims=[1000])
    b = plots.compute_distance_concentration([1, 1000], 100, np.random.default_rng(1), hist_dims=[1000])
    np.testing.assert_array_equal(a["ratio"], b["ratio"])
    assert np.all((a["ratio_low"] <= a["ratio"]) & (a["ratio"] <= a["ratio_high"]) & (a["ratio_high"] <= 1))
    assert a["ratio"][0] < 0.05 and a["ratio"][1] > 0.8
    assert a["hist"][1000].mean() == pytest.approx(1.0)
    # the mean distance in [0, 1]^d approaches sqrt(d / 6)
    gen = np.random.default_rng(2)
    dist = np.linalg.norm(gen.random((4000, 500)) - gen.random((4000, 500)), axis=1)
    assert dist.mean() == pytest.approx(np.sqrt(500 / 6), rel=0.01)


def test_ball_volume_closed_forms_and_monte_carlo():
    out = plots.compute_ball_volume([1, 2, 3, 4])
    np.testing.assert_allclose(out["volume"], [2.0, np.pi, 4 * np.pi / 3, np.pi**2 / 2])
    gen = np.random.default_rng(3)
    inside = np.mean(np.sum(gen.uniform(-1, 1, (200_000, 4)) ** 2, axis=1) <= 1)
    assert out["fraction"][3] == pytest.approx(inside, abs=0.005)
    big = plots.compute_ball_volume([200])
    assert 0 < big["fraction"][0] < 1e-100


def test_saddle_escape_follows_the_closed_form():
    out = plots.compute_saddle_escape([(1.5, 1e-4)], learning_rate=0.1, n_steps=200, radius=2.0)
    path = out["paths"][0]
    k = np.arange(len(path))
    np.testing.assert_allclose(path[:, 0], 1.5 * 0.8**k, rtol=1e-10)
    np.testing.assert_allclose(path[:, 1], 1e-4 * 1.2**k, rtol=1e-10)
    assert np.linalg.norm(path[-1]) > 2.0 and np.all(np.linalg.norm(path[:-1], axis=1) <= 2.0)
    np.testing.assert_allclose(out["grad_norms"][0], 2 * np.linalg.norm(path, axis=1))


def test_explained_variance_matches_sklearn_pca():
    from sklearn.decomposition import PCA

    gen = np.random.default_rng(6)
    X = gen.standard_normal((50, 6)) @ gen.standard_normal((6, 6))
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    out = plots.compute_explained_variance(s)
    np.testing.assert_allclose(out["ratio"], PCA().fit(X).explained_variance_ratio_, atol=1e-12)
    assert out["cumulative"][-1] == pytest.approx(1.0)


def test_plots_draw_the_data_with_labels():
    fig, axes = plots.small_multiples(2, 4)
    fits = plots.compute_underdetermined_fits([[1.0, 2.0]], [2.0], [1.0, 0.1])
    ax = plots.plot_underdetermined_fits(fits, axes[0, 0])
    np.testing.assert_allclose(plots.find_artist(ax, "min-norm").get_xdata(), [0.4])
    conc = plots.compute_distance_concentration([2, 20], 50, np.random.default_rng(0), hist_dims=[2])
    plots.plot_distance_histograms(conc, axes[0, 1])
    ax = plots.plot_distance_ratio(conc, axes[0, 2])
    np.testing.assert_allclose(plots.find_artist(ax, "ratio").get_ydata(), conc["ratio"])
    plots.plot_ball_volume(plots.compute_ball_volume(range(1, 6)), axes[0, 3])
    signs = {"dims": np.array([1, 2, 12]), "minima": np.array([0.5, 0.15, 0.0]), "n_samples": 500}
    ax = plots.plot_minimum_fraction(signs, axes[1, 0])
    assert ax.get_yscale() == "log"
    np.testing.assert_allclose(plots.find_artist(ax, "coin").get_ydata(), [0.5, 0.25, 2.0**-12])
    np.testing.assert_allclose(plots.find_artist(ax, "minima").get_ydata(), [0.5, 0.15])
    escape = plots.compute_saddle_escape([(1.0, 1e-3)])
    plots.plot_saddle_escape(escape, axes[1, 1])
    ax = plots.plot_saddle_escape(escape, axes[1, 2], kind="grad")
    np.testing.assert_allclose(plots.find_artist(ax, "run:0").get_ydata(), escape["grad_norms"][0])
    sl = landscape.random_slice(lambda v: 1.0 + v @ v, np.zeros(2), [1.0, 0.0], [0.0, 1.0],
                                np.linspace(-1, 1, 5), np.linspace(-1, 1, 5))
    ax = plots.plot_loss_slice(sl, axes[1, 3], title="bowl")
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel()
    ax = plots.plot_explained_variance(plots.compute_explained_variance([3.0, 2.0, 1.0]))
    assert ax.get_xlabel() and ax.get_ylabel()
    with pytest.raises(ValueError, match="kind"):
        plots.plot_saddle_escape(escape, kind="3d")
