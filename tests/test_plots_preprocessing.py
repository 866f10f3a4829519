"""Tests of paramcourse.plots.preprocessing: the bowls' paths against optim-free updates, the
preprocessing choice against separate fits, and the plot functions' labels and artists."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from paramcourse import data, linear, plots, preprocessing

pytestmark = pytest.mark.filterwarnings("error")


def _labelled(ax):
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()


def _two_scales(seed=0, n=100):
    rng = np.random.default_rng(seed)
    X = np.column_stack([rng.uniform(0, 1, n), rng.uniform(0, 20, n)])
    return X, X @ np.array([3.0, 0.2]) + rng.normal(0, 0.3, n)


def test_scaling_bowls_paths_and_surfaces():
    X, y = _two_scales()
    bowls = plots.compute_scaling_bowls(X, y, n_steps=5, resolution=21)
    raw = bowls["raw"]
    Xc, yc = X - X.mean(0), y - y.mean()
    np.testing.assert_allclose(raw["minimum"], linear.LinearRegression().fit(X, y).coef_, rtol=1e-8)
    L = np.linalg.eigvalsh(2 * Xc.T @ Xc / len(y)).max()
    w1 = -(1 / L) * 2 / len(y) * Xc.T @ (-yc)
    np.testing.assert_allclose(raw["path"][1], w1)
    i, j = 3, 7
    w = np.array([raw["surface"]["w"][j], raw["surface"]["b"][i]])
    assert raw["surface"]["loss"][i, j] == pytest.approx(np.mean((Xc @ w - yc) ** 2))
    assert bowls["standardized"]["condition"] < 2 < raw["condition"]
    assert bowls["standardized"]["final_excess"] < raw["final_excess"]
    ax = plots.plot_scaling_bowl(raw, title="raw")
    _labelled(ax)
    with pytest.raises(ValueError, match="2"):
        plots.compute_scaling_bowls(np.ones((5, 3)), np.ones(5))


def test_leakage_plot():
    # the layout chapter 13 builds: the fold accuracies of both procedures and the chance level
    out = {"wrong": np.array([0.9, 0.8, 1.0, 0.9]), "right": np.array([0.5, 0.4, 0.6, 0.5]), "chance": 0.5}
    ax = plots.plot_leakage(out)
    _labelled(ax)


def test_preprocessing_choice_against_separate_fits():
    X, y, _ = data.load_diabetes()
    Xtr, Xva, _, ytr, yva, _ = data.train_val_test_split(X, y, 0.25, 0.25, rng=np.random.default_rng(0))
    lams = [0.01, 1.0]
    out = plots.compute_preprocessing_choice(Xtr, ytr, Xva, yva, lams)
    assert out["scalers"] == ["none", "standardize", "min-max"]
    scaler = preprocessing.MinMaxScaler().fit(Xtr)
    model = linear.Ridge(1.0).fit(scaler.transform(Xtr), ytr)
    expected = np.mean((model.predict(scaler.transform(Xva)) - yva) ** 2)
    assert out["val_mse"][2, 1] == pytest.approx(expected, rel=1e-6)
    assert out["best_val_mse"] == pytest.approx(out["val_mse"].min())
    ax = plots.plot_preprocessing_choice(out)
    _labelled(ax)
    assert len(ax.get_lines()) == 4
