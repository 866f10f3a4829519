"""Tests of paramcourse.plots: numbers from the compute_* functions, and the plot_* functions
draw on the axes they are given, label both axes and carry the expected data."""

from __future__ import annotations

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from paramcourse import data, losses, plots  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(autouse=True)
def _forbid_show(monkeypatch):
    def no_show(*args, **kwargs):
        raise AssertionError("plot functions must not call plt.show()")

    monkeypatch.setattr(plt, "show", no_show)


@pytest.fixture
def xy():
    return data.make_linear_regression(n_samples=40, rng=np.random.default_rng(1))


def _assert_labelled(ax):
    assert ax.get_xlabel().strip(), "x axis has no label"
    assert ax.get_ylabel().strip(), "y axis has no label"


def test_import_paramcourse_does_not_import_matplotlib_or_ipywidgets():
    code = (
        "import sys, paramcourse, paramcourse.plots, paramcourse.widgets\n"
        "bad = [m for m in ('matplotlib', 'ipywidgets') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_palette_is_okabe_ito():
    assert set(plots.PALETTE.values()) == {
        "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    }
    assert set(plots.COLORS) == set(plots.PALETTE.values())
    assert set(plots.MODEL_COLORS) <= set(plots.PALETTE.values())


def test_style_is_temporary():
    before = dict(matplotlib.rcParams)
    with plots.style():
        assert matplotlib.rcParams["font.size"] == plots.RC["font.size"]
        colors = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
        assert [c.upper() for c in colors] == list(plots.COLORS)
    assert matplotlib.rcParams["font.size"] == before["font.size"]


def test_small_multiples_grid():
    fig, axes = plots.small_multiples(2, 3, panel_size=(2.0, 1.5))
    assert axes.shape == (2, 3)
    assert tuple(fig.get_size_inches()) == pytest.approx((6.0, 3.0))
    fig, axes = plots.small_multiples(1, 1)
    assert axes.shape == (1, 1)
    with pytest.raises(ValueError, match="nrows"):
        plots.small_multiples(0, 2)


def test_compute_line_fit_matches_mse_loss(xy):
    X, y = xy
    d = plots.compute_line_fit(X, y, 1.5, -0.5)
    assert d["mse"] == pytest.approx(losses.mse_loss(np.array([1.5]), -0.5, X, y))
    np.testing.assert_allclose(d["y_pred"], 1.5 * X[:, 0] - 0.5)
    np.testing.assert_allclose(d["residuals"], d["y_pred"] - y)
    np.testing.assert_allclose(d["y_line"], 1.5 * d["x_line"] - 0.5)
    # Residual i is drawn from the data point (x_i, y_i) straight down or up to the line.
    assert d["segments"].shape == (X.shape[0], 2, 2)
    np.testing.assert_allclose(d["segments"][:, 0], np.column_stack([X[:, 0], y]))
    np.testing.assert_allclose(d["segments"][:, 1], np.column_stack([X[:, 0], 1.5 * X[:, 0] - 0.5]))
    with pytest.raises(ValueError, match="X must have shape"):
        plots.compute_line_fit(np.ones((5, 2)), np.ones(5), 1.0, 0.0)


def test_plot_line_fit_draws_on_given_axes(xy):
    X, y = xy
    fig, ax = plt.subplots()
    d = plots.compute_line_fit(X, y, 2.0, 1.0)
    out = plots.plot_line_fit(d, ax)
    assert out is ax
    assert plt.get_fignums() == [fig.number]
    _assert_labelled(ax)
    assert "MSE" in ax.get_title()
    line = plots.find_artist(ax, "fit-line")
    np.testing.assert_allclose(line.get_ydata(), 2.0 * d["x_line"] + 1.0)
    assert len(plots.find_artist(ax, "residuals").get_segments()) == X.shape[0]
    assert ax.get_legend() is not None


def test_plot_line_fit_creates_axes_when_none(xy):
    X, y = xy
    ax = plots.plot_line_fit(plots.compute_line_fit(X, y, 0.0, 0.0), residuals=False)
    assert ax is not None and len(plt.get_fignums()) == 1
    with pytest.raises(KeyError):
        plots.find_artist(ax, "residuals")


def test_plot_loss_surface_with_trajectory_and_points(xy):
    X, y = xy
    surface = losses.compute_loss_surface(X, y, np.linspace(-1, 5, 30), np.linspace(-3, 5, 20))
    path = np.array([[0.0, 0.0], [1.0, 0.5], [1.8, 0.9]])
    ax = plots.plot_loss_surface(
        surface, trajectories={"run": path}, points={"A": (0.5, 2.0)}, minimum=(2.0, 1.0)
    )
    _assert_labelled(ax)
    assert ax.get_xlabel() == "slope w" and ax.get_ylabel() == "intercept b"
    line = plots.find_artist(ax, "trajectory:run")
    np.testing.assert_allclose(line.get_xdata(), path[:, 0])
    np.testing.assert_allclose(line.get_ydata(), path[:, 1])
    np.testing.assert_allclose(plots.find_artist(ax, "point:A").get_xydata(), [[0.5, 2.0]])
    assert ax.get_legend() is not None
    # a bare array is one trajectory; no colour bar means labelled contours
    fig, axes = plots.small_multiples(1, 1)
    plots.plot_loss_surface(surface, axes[0, 0], trajectories=path, colorbar=False)
    plots.find_artist(axes[0, 0], "trajectory:gradient descent")
    assert axes[0, 0].texts, "contour labels expected without a colour bar"


def test_plot_loss_surface_rejects_bad_shapes(xy):
    X, y = xy
    surface = losses.compute_loss_surface(X, y, np.linspace(-1, 5, 30), np.linspace(-3, 5, 20))
    bad = dict(surface, loss=surface["loss"].T)
    with pytest.raises(ValueError, match="len\\(b\\), len\\(w\\)"):
        plots.plot_loss_surface(bad)
    with pytest.raises(ValueError, match="trajectory"):
        plots.plot_loss_surface(surface, trajectories=np.ones((4, 3)))


def test_compute_gd_runs_matches_hand_steps_and_threshold(xy):
    X, y = xy
    L = losses.smoothness_constant(X)
    runs = plots.compute_gd_runs(X, y, [0.5 / L, 0.99 * 2 / L, 1.05 * 2 / L], n_steps=400)
    # first step by hand
    eta = 0.5 / L
    gw, gb = losses.mse_gradient(np.zeros(1), 0.0, X, y)
    np.testing.assert_allclose(runs["params"][0][1], [-eta * gw[0], -eta * gb])
    assert runs["losses"][0][0] == pytest.approx(losses.mse_loss(np.zeros(1), 0.0, X, y))
    assert runs["diverged"] == [False, False, True]
    assert runs["losses"][0][-1] == pytest.approx(runs["min_loss"], rel=1e-9)
    assert runs["losses"][2][-1] > runs["losses"][2][0]
    w_star, b_star = losses.least_squares_fit(X, y)
    np.testing.assert_allclose(runs["params"][0][-1], [w_star[0], b_star], atol=1e-6)


def test_plot_loss_curves_from_runs_and_dict(xy):
    X, y = xy
    L = losses.smoothness_constant(X)
    runs = plots.compute_gd_runs(X, y, [0.1 / L, 3.0 / L], n_steps=60)
    ax = plots.plot_loss_curves(runs, subtract=runs["min_loss"])
    _assert_labelled(ax)
    assert ax.get_yscale() == "log"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("diverged" in t for t in labels)
    assert ax.get_ylabel() == "loss minus its minimum"
    ax2 = plots.plot_loss_curves({"a": [3.0, 2.0, 1.0]}, log=False, steps={"a": [0, 5, 10]})
    np.testing.assert_allclose(plots.find_artist(ax2, "curve:a").get_xdata(), [0, 5, 10])
    assert ax2.get_yscale() == "linear"
    with pytest.raises(ValueError, match="curves"):
        plots.plot_loss_curves([1.0, 2.0])


def test_step_size_factors_threshold():
    d = plots.compute_step_size_factors([1.0, 10.0], np.linspace(0.01, 0.3, 300))
    assert d["threshold"] == pytest.approx(0.2)
    assert d["best"] == pytest.approx(2 / 11)
    eta = d["learning_rates"]
    assert np.all(d["worst"][eta < 0.2] < 1) and np.all(d["worst"][eta > 0.2] > 1)
    assert eta[np.argmin(d["worst"])] == pytest.approx(2 / 11, abs=1e-3)
    ax = plots.plot_step_size_factors(d)
    _assert_labelled(ax)
    with pytest.raises(ValueError, match="positive"):
        plots.compute_step_size_factors([0.0, 1.0], [0.1])


def test_paths_1d_on_a_quadratic():
    d = plots.compute_paths_1d(lambda x: x**2, lambda x: 2 * x, [-2.0, 1.0], 0.25, n_steps=10)
    np.testing.assert_allclose(d["paths"][0][:3], [-2.0, -1.0, -0.5])
    assert np.all(np.abs(d["ends"]) < 1e-2)
    ax = plots.plot_paths_1d(d)
    _assert_labelled(ax)
    assert len(ax.get_legend().get_texts()) == 3


def test_fd_errors_central_beats_forward():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    x0 = np.array([0.7, -1.2])
    d = plots.compute_fd_errors(lambda x: 0.5 * x @ A @ x + np.sin(x[0]),
                                lambda x: A @ x + np.array([np.cos(x[0]), 0.0]), x0)
    i = np.argmin(np.abs(d["eps"] - 1e-4))
    assert d["central"][i] < d["forward"][i] / 100
    # truncation error of the forward difference is first order in eps
    j = np.argmin(np.abs(d["eps"] - 1e-2))
    assert d["forward"][j] / d["forward"][i] == pytest.approx(100, rel=0.2)
    ax = plots.plot_fd_errors(d)
    _assert_labelled(ax)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"


def test_line_family(xy):
    X, y = xy
    d = plots.compute_line_family(X, y, [(0.0, 1.0), (2.0, -1.0)])
    assert [m["mse"] for m in d["members"]] == pytest.approx(
        [losses.mse_loss(np.array([0.0]), 1.0, X, y), losses.mse_loss(np.array([2.0]), -1.0, X, y)]
    )
    ax = plots.plot_line_family(d)
    _assert_labelled(ax)
    line = plots.find_artist(ax, "member:1")
    np.testing.assert_allclose(line.get_ydata(), 2.0 * line.get_xdata() - 1.0)
    assert len(ax.get_legend().get_texts()) == 3
    with pytest.raises(ValueError, match="params"):
        plots.compute_line_family(X, y, [])
