"""Tests of paramcourse.plots.regularization: paths against scikit-learn (Ridge(alpha=n*lam),
Lasso(alpha=lam/2)), the constraint picture against its Lagrange conditions, the validation
curve against separate fits, early stopping against a loop of gradient-descent steps, and the
plot functions' labels and artists."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from paramcourse import data, linear, plots

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def diabetes():
    X, y, names = data.load_diabetes()
    return (X - X.mean(axis=0)) / X.std(axis=0), y, names


def _assert_labelled(ax):
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()


def test_ridge_path_matches_scikit_learn(diabetes):
    from sklearn.linear_model import Ridge

    X, y, names = diabetes
    lams = np.array([10.0, 0.01, 1.0])
    path = plots.compute_regularization_path(X, y, lams, "ridge", names)
    np.testing.assert_array_equal(path["lams"], np.sort(lams))
    for lam, coefs, b in zip(path["lams"], path["coefs"], path["intercepts"]):
        ref = Ridge(alpha=len(y) * lam).fit(X, y)
        np.testing.assert_allclose(coefs, ref.coef_, rtol=1e-8, atol=1e-8)
        assert b == pytest.approx(ref.intercept_)
    assert np.all(path["n_nonzero"] == X.shape[1])  # ridge never zeroes a weight
    assert path["names"] == names


def test_lasso_path_matches_scikit_learn(diabetes):
    from sklearn.linear_model import Lasso

    X, y, _ = diabetes
    lams = np.array([0.5, 5.0, 30.0, 100.0])
    path = plots.compute_regularization_path(X, y, lams, "lasso")
    for lam, coefs in zip(path["lams"], path["coefs"]):
        ref = Lasso(alpha=lam / 2, tol=1e-12, max_iter=100_000).fit(X, y).coef_
        np.testing.assert_allclose(coefs, ref, atol=5e-3)
        np.testing.assert_array_equal(coefs == 0.0, np.abs(ref) < 1e-10)
    assert path["n_nonzero"][-1] == 0  # beyond lambda_max every weight is zero
    assert np.all(np.diff(path["n_nonzero"]) <= 0)
    assert path["names"] == [f"x{j + 1}" for j in range(X.shape[1])]


def test_path_input_checks(diabetes):
    X, y, names = diabetes
    with pytest.raises(ValueError, match="kind"):
        plots.compute_regularization_path(X, y, [1.0], "elastic")
    with pytest.raises(ValueError, match="lams"):
        plots.compute_regularization_path(X, y, [0.0, 1.0])
    with pytest.raises(ValueError, match="names"):
        plots.compute_regularization_path(X, y, [1.0], names=names[:3])


def test_path_and_bar_plots(diabetes):
    X, y, names = diabetes
    path = plots.compute_regularization_path(X, y, np.logspace(-2, 2, 9), "ridge", names)
    ax = plots.plot_regularization_path(path, current=1.0)
    _assert_labelled(ax)
    assert ax.get_xscale() == "log"
    np.testing.assert_allclose(plots.find_artist(ax, "path:bmi").get_ydata(), path["coefs"][:, 2])
    assert list(plots.find_artist(ax, "current-lambda").get_xdata()) == [1.0, 1.0]
    w = plots.weights_at(path, 1.1)
    np.testing.assert_array_equal(w, path["coefs"][4])  # 1.1 is closest to 10**0 on a log scale
    ax2 = plots.plot_weight_bars(names, w)
    _assert_labelled(ax2)
    assert plots.find_artist(ax2, "bar:bmi").get_height() == pytest.approx(w[2])


def test_constraint_region_solution_lies_on_the_boundary():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((100, 2)) @ np.array([[1.0, 0.0], [0.6, 0.8]])
    y = X @ np.array([2.0, 0.6]) + 0.5 * rng.standard_normal(100)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    for kind in ("ridge", "lasso"):
        d = plots.compute_constraint_region(X, y, 1.0, kind, resolution=40)
        norm = np.linalg.norm(d["w_pen"]) if kind == "ridge" else np.abs(d["w_pen"]).sum()
        assert norm == pytest.approx(d["budget"])
        assert d["budget"] < (np.linalg.norm(d["w_ols"]) if kind == "ridge" else np.abs(d["w_ols"]).sum())
        # The boundary of the drawn region has the budget as its norm.
        ord_ = 2 if kind == "ridge" else 1
        np.testing.assert_allclose(np.linalg.norm(d["region"], ord=ord_, axis=1), d["budget"])
        # No point of the grid inside the region has a smaller loss than the solution.
        W1, W2 = np.meshgrid(d["w1"], d["w2"])
        inside = (np.hypot(W1, W2) if kind == "ridge" else np.abs(W1) + np.abs(W2)) <= d["budget"]
        assert d["loss"][inside].min() >= d["loss_at_pen"] - 1e-9
        assert d["loss_at_pen"] == pytest.approx(np.mean((Xc @ d["w_pen"] - yc) ** 2))
        ax = plots.plot_constraint_region(d)
        _assert_labelled(ax)
        plots.find_artist(ax, "region")
    # The lasso at lambda = 1 sits on the corner: w2 exactly 0.
    assert plots.compute_constraint_region(X, y, 1.0, "lasso", resolution=10)["w_pen"][1] == 0.0
    with pytest.raises(ValueError, match="n_samples, 2"):
        plots.compute_constraint_region(np.ones((5, 3)), np.ones(5), 1.0)


def test_validation_curve_matches_separate_fits(diabetes):
    X, y, _ = diabetes
    rng = np.random.default_rng(1)
    X_tr, X_va, _, y_tr, y_va, _ = data.train_val_test_split(X, y, 0.25, 0.25, rng=rng)
    lams = np.logspace(-2, 2, 7)
    for kind, model in (("ridge", linear.Ridge), ("lasso", lambda lam: linear.Lasso(lam, n_steps=20000))):
        curve = plots.compute_validation_curve(X_tr, y_tr, X_va, y_va, lams, kind)
        for i, lam in enumerate(curve["lams"]):
            m = model(lam).fit(X_tr, y_tr)
            assert curve["val_mse"][i] == pytest.approx(np.mean((m.predict(X_va) - y_va) ** 2), rel=1e-4)
            assert curve["train_mse"][i] == pytest.approx(np.mean((m.predict(X_tr) - y_tr) ** 2), rel=1e-4)
        assert curve["best_lam"] == curve["lams"][np.argmin(curve["val_mse"])]
        assert np.all(np.diff(curve["train_mse"]) >= -1e-6)  # lambda = 0 minimizes training error
    ax = plots.plot_validation_curve(curve)
    _assert_labelled(ax)
    with pytest.raises(ValueError, match="X_val"):
        plots.compute_validation_curve(X_tr, y_tr, X_va[:, :3], y_va, lams)


def test_early_stopping_matches_a_loop_of_gradient_steps():
    rng = np.random.default_rng(0)
    X, y = data.make_polynomial_data(n_samples=40, rng=rng)
    P = linear.polynomial_features(X, 8)
    P_tr, P_va, y_tr, y_va = P[:30], P[30:], y[:30], y[30:]
    steps = np.array([0, 1, 2, 10, 57, 300])
    es = plots.compute_early_stopping(P_tr, y_tr, P_va, y_va, steps, learning_rate=0.05)
    A = np.column_stack([P_tr, np.ones(30)])
    theta = np.zeros(9)
    for k in range(steps.max() + 1):
        if k in steps:
            i = list(steps).index(k)
            np.testing.assert_allclose(es["params"][i], theta, rtol=1e-8, atol=1e-10)
            assert es["train_mse"][i] == pytest.approx(np.mean((A @ theta - y_tr) ** 2))
        theta = theta - 0.05 * (2 / 30) * A.T @ (A @ theta - y_tr)
    # Many steps approach the least-squares fit (the minimum-norm one, from a zero start).
    far = plots.compute_early_stopping(P_tr, y_tr, P_va, y_va, np.array([10**14]))
    ls = linear.LinearRegression().fit(P_tr, y_tr)
    assert far["train_mse"][0] == pytest.approx(np.mean((ls.predict(P_tr) - y_tr) ** 2), rel=1e-6)
    ax = plots.plot_early_stopping(es)
    _assert_labelled(ax)
    with pytest.raises(ValueError, match="learning_rate"):
        plots.compute_early_stopping(P_tr, y_tr, P_va, y_va, steps, learning_rate=10.0)
    with pytest.raises(ValueError, match="steps"):
        plots.compute_early_stopping(P_tr, y_tr, P_va, y_va, np.array([1.5]))
