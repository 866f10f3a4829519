"""Tests of paramcourse.plots.importance: correlations against np.corrcoef, and the plot
functions' labels and artists. (How least squares, ridge and the lasso split the weight of a
feature and its near-copy, the twin experiment of chapter 15, is tested in test_linear.py.)"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.colors import to_hex

from paramcourse import importance, plots

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def small_data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((120, 3))
    X[:, 2] = 0.8 * X[:, 0] + 0.6 * X[:, 2]  # correlated with the first column
    y = X @ np.array([3.0, -1.0, 0.5]) + 0.3 * rng.standard_normal(120)
    return X, y


def _assert_labelled(ax):
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()


# ------------------------------------------------------------------ correlation


def test_correlation_matches_numpy(small_data):
    X, _ = small_data
    corr = plots.compute_correlation(X, ["a", "b", "c"])
    np.testing.assert_allclose(corr["corr"], np.corrcoef(X.T), atol=1e-12)
    a, c, r = corr["strongest"]
    assert {a, c} == {"a", "c"} and r == pytest.approx(np.corrcoef(X[:, 0], X[:, 2])[0, 1])
    assert plots.compute_correlation(X)["names"] == ["x1", "x2", "x3"]


def test_correlation_input_checks(small_data):
    X, _ = small_data
    with pytest.raises(ValueError, match="constant"):
        plots.compute_correlation(np.column_stack([X, np.ones(len(X))]))
    with pytest.raises(ValueError, match="names"):
        plots.compute_correlation(X, ["a"])
    with pytest.raises(ValueError, match="2 rows"):
        plots.compute_correlation(X[:1])


def test_plot_correlation(small_data):
    X, _ = small_data
    corr = plots.compute_correlation(X, ["a", "b", "c"])
    ax = plots.plot_correlation(corr)
    _assert_labelled(ax)
    image = plots.find_artist(ax, "correlation")
    np.testing.assert_allclose(image.get_array(), corr["corr"])
    assert image.get_clim() == (-1.0, 1.0)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert len(ax.texts) == 9  # one value per cell
    assert len(ax.figure.axes) == 2  # and a colour bar
    assert len(plots.plot_correlation(corr, annotate=False).texts) == 0


# ------------------------------------------------------------------ twins


def test_plot_twin_split():
    # What chapter 15 records: per kind (least squares, ridge, lasso) and draw, the two weights.
    split = {"kinds": importance.TWIN_KINDS, "name": "b", "alone": np.array([2.0, 1.9, 1.5]),
             "coefs": np.array([[[5.0, -3.0], [-1.0, 3.1], [2.5, -0.4]],
                                [[1.0, 0.9], [0.95, 0.95], [0.9, 1.0]],
                                [[1.5, 0.0], [0.0, 1.5], [1.4, 0.0]]])}
    fig, axes = plots.small_multiples(1, 3)
    for ax, kind in zip(axes[0], importance.TWIN_KINDS):
        plots.plot_twin_split(split, ax, kind=kind)
        _assert_labelled(ax)
        m = importance.TWIN_KINDS.index(kind)
        np.testing.assert_allclose(plots.find_artist(ax, "twin-sum").get_ydata(),
                                   split["coefs"][m].sum(axis=1))
        assert plots.find_artist(ax, "twin-alone").get_ydata()[0] == pytest.approx(split["alone"][m])
        heights = [p.get_height() for p in ax.patches if p.get_gid() == "twin-copy"]
        np.testing.assert_allclose(heights, split["coefs"][m][:, 1])
    assert "b" in [t.get_text() for t in axes[0, 0].get_legend().get_texts()]
    with pytest.raises(ValueError, match="kind"):
        plots.plot_twin_split(split, kind="elastic net")


# ------------------------------------------------------------------ importances


def test_plot_importances_bars_order_and_error_bars():
    result = {"importances_mean": np.array([0.1, 0.5, -0.02]),
              "importances_std": np.array([0.01, 0.05, 0.02])}
    names = ["a", "b", "noise"]
    ax = plots.plot_importances(result, names, sort=True, highlight=("noise",), title="t")
    _assert_labelled(ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["noise", "a", "b"]  # largest on top
    for name, mean in zip(names, result["importances_mean"]):
        bar = plots.find_artist(ax, "importance:" + name)
        assert bar.get_width() == pytest.approx(mean)
    assert to_hex(plots.find_artist(ax, "importance:noise").get_facecolor()) == plots.PALETTE["vermillion"].lower()
    assert to_hex(plots.find_artist(ax, "importance:a").get_facecolor()) == plots.PALETTE["blue"].lower()
    errorbars = [c for c in ax.containers if type(c).__name__ == "ErrorbarContainer"]
    assert len(errorbars) == 3

    unsorted = plots.plot_importances(result, names)
    assert [t.get_text() for t in unsorted.get_yticklabels()] == ["noise", "b", "a"]  # first on top
    no_std = plots.plot_importances({"importances_mean": result["importances_mean"]})
    assert not [c for c in no_std.containers if type(c).__name__ == "ErrorbarContainer"]
    assert [t.get_text() for t in no_std.get_yticklabels()] == ["x3", "x2", "x1"]


def test_plot_importances_accepts_paramcourse_and_scikit_learn_results(small_data):
    from sklearn.inspection import permutation_importance
    from sklearn.linear_model import LinearRegression

    from paramcourse import importance

    X, y = small_data
    model = LinearRegression().fit(X, y)
    ours = importance.permutation_importance(model.predict, X, y, 3, np.random.default_rng(0))
    theirs = permutation_importance(model, X, y, n_repeats=3, random_state=0)
    for result in (ours, theirs):
        ax = plots.plot_importances(result)
        assert plots.find_artist(ax, "importance:x1").get_width() == pytest.approx(result["importances_mean"][0])
    with pytest.raises(ValueError, match="importances_std"):
        plots.plot_importances({"importances_mean": [1.0, 2.0], "importances_std": [1.0]})
    with pytest.raises(ValueError, match="names"):
        plots.plot_importances(ours, ["a"])


# ------------------------------------------------------------------ removing weights


def _removal_check():
    rng = np.random.default_rng(0)
    estimate = np.concatenate([rng.normal(0, 1e-3, 20), np.zeros(3)])
    actual = estimate * (1 + 0.02 * rng.normal(size=23))
    return {"actual": actual, "estimate": estimate, "magnitude": np.abs(rng.normal(size=23)),
            "unused": actual == 0}


def test_plot_removal_check_draws_used_and_unused_weights():
    check = _removal_check()
    ax = plots.plot_removal_check(check, against="estimate", title="estimate")
    _assert_labelled(ax)
    assert ax.get_yscale() == "symlog" and ax.get_xscale() == "symlog"
    used = plots.find_artist(ax, "removal-used").get_offsets()
    unused = plots.find_artist(ax, "removal-unused").get_offsets()
    assert len(used) == 20 and len(unused) == 3
    np.testing.assert_allclose(np.sort(used[:, 1]), np.sort(check["actual"][:20]))
    assert plots.find_artist(ax, "removal-diagonal") is not None
    ticks = ax.get_yticks()
    assert 0.0 in ticks and np.allclose(ticks, -ticks[::-1])  # symmetric decades around 0

    ax = plots.plot_removal_check(check, against="magnitude")
    assert "|w|" in ax.get_xlabel() and ax.get_xscale() == "linear"
    np.testing.assert_allclose(np.sort(plots.find_artist(ax, "removal-used").get_offsets()[:, 0]),
                               np.sort(check["magnitude"][:20]))
    with pytest.raises(ValueError, match="against"):
        plots.plot_removal_check(check, against="gradient")
    with pytest.raises(ValueError, match="unused"):
        plots.plot_removal_check({**check, "unused": np.zeros(3, bool)})


def test_plot_pruning_curves_draws_means_over_seeds():
    fractions = np.linspace(0.0, 0.9, 4)
    accuracy = {"magnitude": np.array([[0.9, 0.8, 0.5, 0.2], [0.9, 0.7, 0.4, 0.1]]),
                "random": np.array([[0.9, 0.5, 0.2, 0.1], [0.9, 0.6, 0.3, 0.1]])}
    ax = plots.plot_pruning_curves({"fractions": fractions, "accuracy": accuracy, "chance": 0.1})
    _assert_labelled(ax)
    line = plots.find_artist(ax, "pruning:magnitude")
    np.testing.assert_allclose(line.get_ydata(), [0.9, 0.75, 0.45, 0.15])
    np.testing.assert_allclose(line.get_xdata(), fractions)
    assert plots.find_artist(ax, "pruning:random") is not None
    assert plots.find_artist(ax, "pruning-chance") is not None
    with pytest.raises(ValueError, match="accuracy"):
        plots.plot_pruning_curves({"fractions": fractions, "accuracy": {"a": np.ones((2, 3))}})
    with pytest.raises(ValueError, match="accuracy"):
        plots.plot_pruning_curves({"fractions": fractions, "accuracy": {}})
