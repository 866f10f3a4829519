"""Tests of paramcourse.plots.capacity: the degree sweep against scikit-learn's
PolynomialFeatures + LinearRegression, learning curves against a direct computation, and the
plot functions' labels and artists."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from paramcourse import data, plots

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture
def split():
    rng = np.random.default_rng(0)
    X, y = data.make_polynomial_data(n_samples=60, noise=0.3, rng=rng)
    return data.train_val_test_split(X, y, val_fraction=0.25, test_fraction=0.25, rng=rng)


def _assert_labelled(ax):
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()


def test_degree_sweep_matches_scikit_learn(split):
    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures

    X_train, X_val, _, y_train, y_val, _ = split
    degrees = [1, 2, 4, 8, 12]
    sweep = plots.compute_degree_sweep(X_train, y_train, X_val, y_val, degrees, n_grid=50)
    for k, p in enumerate(degrees):
        model = make_pipeline(PolynomialFeatures(p, include_bias=False), LinearRegression())
        model.fit(X_train, y_train)
        train = np.mean((model.predict(X_train) - y_train) ** 2)
        val = np.mean((model.predict(X_val) - y_val) ** 2)
        assert sweep["train_mse"][k] == pytest.approx(train, rel=1e-6)
        assert sweep["val_mse"][k] == pytest.approx(val, rel=1e-6)
        np.testing.assert_allclose(
            sweep["curves"][k], model.predict(sweep["x_grid"].reshape(-1, 1)), rtol=1e-6, atol=1e-8
        )
    np.testing.assert_array_equal(sweep["n_params"], np.array(degrees) + 1)
    assert sweep["best_degree"] == degrees[int(np.argmin(sweep["val_mse"]))]


def test_training_error_never_increases_with_degree(split):
    X_train, X_val, _, y_train, y_val, _ = split
    sweep = plots.compute_degree_sweep(X_train, y_train, X_val, y_val, range(1, 16))
    assert np.all(np.diff(sweep["train_mse"]) <= 1e-12)


def test_degree_sweep_validates_input(split):
    X_train, X_val, _, y_train, y_val, _ = split
    with pytest.raises(ValueError, match="n_samples, 1"):
        plots.compute_degree_sweep(np.ones((5, 2)), np.ones(5), X_val, y_val, [1])
    with pytest.raises(ValueError, match="degrees"):
        plots.compute_degree_sweep(X_train, y_train, X_val, y_val, [0])
    with pytest.raises(ValueError, match="degrees"):
        plots.compute_degree_sweep(X_train, y_train, X_val, y_val, [])


def test_plot_polynomial_fit_and_sweep(split):
    X_train, X_val, _, y_train, y_val, _ = split
    sweep = plots.compute_degree_sweep(X_train, y_train, X_val, y_val, range(1, 6))
    ax = plots.plot_polynomial_fit(sweep, 3, truth=data.poly4_truth)
    _assert_labelled(ax)
    np.testing.assert_allclose(plots.find_artist(ax, "poly-fit").get_ydata(), sweep["curves"][2])
    np.testing.assert_allclose(
        plots.find_artist(ax, "truth").get_ydata(), data.poly4_truth(sweep["x_grid"])
    )
    ax2 = plots.plot_degree_sweep(sweep, current=2, noise_var=0.09)
    _assert_labelled(ax2)
    assert ax2.get_yscale() == "log"
    np.testing.assert_allclose(plots.find_artist(ax2, "val-curve").get_ydata(), sweep["val_mse"])
    assert list(plots.find_artist(ax2, "current-degree").get_xdata()) == [2, 2]
    with pytest.raises(ValueError, match="degree"):
        plots.plot_polynomial_fit(sweep, 9)
    with pytest.raises(ValueError, match="current"):
        plots.plot_degree_sweep(sweep, current=9)


def _bias_variance_by_hand():
    """The dict plot_resampled_fits and plot_bias_variance draw, for degrees 1 and 3: six
    "fits" per degree, the truth plus an offset (degree 1 only, the bias) and some noise."""
    rng = np.random.default_rng(5)
    x = np.linspace(-1.0, 1.0, 11)
    truth = data.poly4_truth(x)
    offsets = np.array([0.5, 0.0])[:, None, None]
    predictions = truth + offsets + 0.1 * rng.standard_normal((2, 6, x.size))
    mean_prediction = predictions.mean(axis=1)
    bias2 = np.mean((mean_prediction - truth) ** 2, axis=1)
    variance = np.mean(np.var(predictions, axis=1), axis=1)
    return {"degrees": np.array([1, 3]), "x_test": x, "truth": truth, "predictions": predictions,
            "mean_prediction": mean_prediction, "bias2": bias2, "variance": variance, "noise_var": 0.09,
            "total": bias2 + variance + 0.09, "test_mse": bias2 + variance + 0.1}


def test_resampled_fits_and_bias_variance_plots():
    bv = _bias_variance_by_hand()
    ax = plots.plot_resampled_fits(bv, 3, n_show=5)
    _assert_labelled(ax)
    np.testing.assert_allclose(plots.find_artist(ax, "mean-fit").get_ydata(), bv["mean_prediction"][1])
    ax2 = plots.plot_bias_variance(bv)
    _assert_labelled(ax2)
    np.testing.assert_allclose(plots.find_artist(ax2, "total").get_ydata(), bv["total"])


def test_learning_curves_match_a_direct_computation(split):
    X_train, X_val, _, y_train, y_val, _ = split
    degrees, sizes = [1, 5], [10, 20, 30]
    curves = plots.compute_learning_curves(X_train, y_train, X_val, y_val, degrees, sizes,
                                           n_repeats=3, rng=np.random.default_rng(7))
    rng = np.random.default_rng(7)
    for k, p in enumerate(degrees):
        for s, m in enumerate(sizes):
            tr, va = [], []
            for _ in range(3):
                idx = rng.choice(len(y_train), size=m, replace=False)
                coef = np.polynomial.polynomial.polyfit(X_train[idx, 0], y_train[idx], p)
                fit_train = np.polynomial.polynomial.polyval(X_train[idx, 0], coef)
                fit_val = np.polynomial.polynomial.polyval(X_val[:, 0], coef)
                tr.append(np.mean((fit_train - y_train[idx]) ** 2))
                va.append(np.mean((fit_val - y_val) ** 2))
            assert curves["train_mse"][k, s] == pytest.approx(np.mean(tr), rel=1e-6, abs=1e-12)
            assert curves["val_mse"][k, s] == pytest.approx(np.mean(va), rel=1e-6)
    ax = plots.plot_learning_curves(curves, noise_var=0.09)
    _assert_labelled(ax)
    np.testing.assert_allclose(plots.find_artist(ax, "val:5").get_ydata(), curves["val_mse"][1])
    with pytest.raises(ValueError, match="sizes"):
        plots.compute_learning_curves(X_train, y_train, X_val, y_val, [1], [1000],
                                      rng=np.random.default_rng(0))
