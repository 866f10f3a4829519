"""Tests of paramcourse.plots.families: polynomial fits against scikit-learn, and the parameter
traces draw what compute_gd_runs recorded."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from paramcourse import data, plots  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")


def _labelled(ax):
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()


def test_polynomial_fits_match_scikit_learn():
    from sklearn.linear_model import LinearRegression
    from sklearn.preprocessing import PolynomialFeatures

    rng = np.random.default_rng(0)
    X, y = data.make_polynomial_data(n_samples=25, rng=rng)
    X_test, y_test = data.make_polynomial_data(n_samples=40, rng=rng)
    fits = plots.compute_polynomial_fits(X, y, [1, 3, 6], X_test=X_test, y_test=y_test, n_grid=50)
    for fit in fits["fits"]:
        pf = PolynomialFeatures(fit["degree"], include_bias=False)
        ref = LinearRegression().fit(pf.fit_transform(X), y)
        np.testing.assert_allclose(fit["coef"], ref.coef_, rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(fit["y_grid"], ref.predict(pf.transform(fits["x_grid"][:, None])), atol=1e-8)
        assert fit["n_params"] == fit["degree"] + 1
        assert fit["train_mse"] == pytest.approx(np.mean((ref.predict(pf.transform(X)) - y) ** 2))
        assert fit["test_mse"] == pytest.approx(np.mean((ref.predict(pf.transform(X_test)) - y_test) ** 2))


def test_interpolating_polynomial_has_zero_training_error():
    X, y = data.make_polynomial_data(n_samples=8, rng=np.random.default_rng(1))
    fits = plots.compute_polynomial_fits(X, y, [7])
    assert fits["fits"][0]["train_mse"] < 1e-12
    assert fits["fits"][0]["test_mse"] is None
    assert fits["truth"] is None


def test_polynomial_fits_validate():
    X, y = data.make_polynomial_data(n_samples=8, rng=np.random.default_rng(1))
    with pytest.raises(ValueError, match="one feature"):
        plots.compute_polynomial_fits(np.hstack([X, X]), y, [2])
    with pytest.raises(ValueError, match="degree"):
        plots.compute_polynomial_fits(X, y, [0])
    with pytest.raises(ValueError, match="at least one degree"):
        plots.compute_polynomial_fits(X, y, [])


def test_plot_polynomial_fits_draws_each_fit_and_the_truth():
    X, y = data.make_polynomial_data(n_samples=20, rng=np.random.default_rng(2))
    fits = plots.compute_polynomial_fits(X, y, [1, 4], truth=data.poly4_truth, n_grid=30)
    _, ax = plt.subplots()
    assert plots.plot_polynomial_fits(fits, ax) is ax
    _labelled(ax)
    for i, fit in enumerate(fits["fits"]):
        np.testing.assert_allclose(plots.find_artist(ax, f"fit:{i}").get_ydata(), fit["y_grid"])
    np.testing.assert_allclose(plots.find_artist(ax, "truth").get_ydata(), data.poly4_truth(fits["x_grid"]))


def test_plot_parameter_traces_draws_every_parameter_and_a_flat_learning_rate():
    X, y = data.make_linear_regression(n_samples=30, rng=np.random.default_rng(3))
    runs = plots.compute_gd_runs(X, y, [0.01, 0.05], n_steps=12)
    ax = plots.plot_parameter_traces(runs)
    _labelled(ax)
    for i, path in enumerate(runs["params"]):
        np.testing.assert_allclose(plots.find_artist(ax, f"param:{i}:0").get_ydata(), path[:, 0])
        np.testing.assert_allclose(plots.find_artist(ax, f"param:{i}:1").get_ydata(), path[:, 1])
        lr_line = plots.find_artist(ax, f"lr:{i}").get_ydata()
        assert np.all(lr_line == runs["learning_rates"][i])
