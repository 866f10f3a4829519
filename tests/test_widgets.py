"""Tests of paramcourse.widgets: moving a control redraws the figure (artists' data change, a new
PNG is shown, the readout follows); the static fallbacks draw without error.
Redraw speed is measured in benchmarks/bench_widgets.py, not asserted here."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import ipywidgets  # noqa: E402

from paramcourse import data, losses, plots, widgets  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def xy():
    return data.make_linear_regression(n_samples=50, rng=np.random.default_rng(0))


def test_explore_line_fit_sliders_move_line_and_point(xy):
    X, y = xy
    box = widgets.explore_line_fit(X, y)
    assert isinstance(box, ipywidgets.VBox)
    assert set(box.controls) == {"slope", "intercept"}
    ax_fit, ax_loss = box.axes["fit"], box.axes["loss"]
    for ax in (ax_fit, ax_loss):
        assert ax.get_xlabel() and ax.get_ylabel()
    line = plots.find_artist(ax_fit, "fit-line")
    point = plots.find_artist(ax_loss, "point:current model")
    first_png = bytes(box.image.value)
    assert first_png.startswith(PNG_MAGIC)

    box.controls["slope"].value = 1.5
    box.controls["intercept"].value = 0.5
    np.testing.assert_allclose(line.get_ydata(), 1.5 * line.get_xdata() + 0.5)
    np.testing.assert_allclose(point.get_xydata(), [[1.5, 0.5]])
    assert bytes(box.image.value) != first_png
    mse = losses.mse_loss(np.array([1.5]), 0.5, X, y)
    assert f"MSE = {mse:.3f}" in box.readout.value
    assert f"MSE = {mse:.2f}" in ax_fit.get_title()
    segments = plots.find_artist(ax_fit, "residuals").get_segments()
    np.testing.assert_allclose([s[1, 1] for s in segments], 1.5 * X[:, 0] + 0.5)


def test_explore_line_fit_validates_input():
    with pytest.raises(ValueError, match="n_samples, 1"):
        widgets.explore_line_fit(np.ones((5, 2)), np.ones(5))


def test_explore_learning_rate_slider_changes_path_and_curve(xy):
    X, y = xy
    box = widgets.explore_learning_rate(X, y, n_steps=25)
    assert isinstance(box, ipywidgets.VBox)
    slider = box.controls["learning_rate"]
    L = box.L
    assert L == pytest.approx(losses.smoothness_constant(X))
    assert slider.max > 2 / L  # the reader can cross the threshold
    path = plots.find_artist(box.axes["path"], "trajectory:gradient descent")
    curve = plots.find_artist(box.axes["loss"], "curve:gradient descent")
    for ax in box.axes.values():
        assert ax.get_xlabel() and ax.get_ylabel()

    slider.value = 0.2 / L
    slow_path = path.get_xydata().copy()
    slow_curve = np.asarray(curve.get_ydata()).copy()
    assert "converges without overshooting" in box.readout.value

    slider.value = 1.5 / L
    assert not np.allclose(path.get_xydata(), slow_path)
    assert not np.allclose(curve.get_ydata(), slow_curve)
    assert "oscillating" in box.readout.value

    slider.value = 2.2 / L  # divergent: no overflow warning (pytest turns warnings into errors)
    assert "diverges" in box.readout.value
    assert np.asarray(curve.get_ydata())[-1] > slow_curve[0]
    assert bytes(box.image.value).startswith(PNG_MAGIC)


def test_static_line_fit_draws_three_models(xy):
    X, y = xy
    fig = widgets.static_line_fit(X, y)
    axes = fig.axes
    assert len(axes) == 4
    for ax in axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    w_star, b_star = losses.least_squares_fit(X, y)
    line_c = plots.find_artist(axes[2], "fit-line")
    np.testing.assert_allclose(line_c.get_ydata(), w_star[0] * line_c.get_xdata() + b_star)
    for name in "ABC":
        plots.find_artist(axes[3], f"point:model {name}")
    fig.canvas.draw()
    with pytest.raises(ValueError, match="three"):
        widgets.static_line_fit(X, y, settings=[(0.0, 0.0)])


def test_static_learning_rate_four_regimes(xy):
    X, y = xy
    fig, runs = widgets.static_learning_rate(X, y)
    assert len(fig.axes) == 4
    assert runs["diverged"][:3] == [False, False, False]
    titles = [ax.get_title() for ax in fig.axes]
    assert "diverges" in titles[3] and "oscillating" in titles[2]
    for ax in fig.axes:
        plots.find_artist(ax, next(a.get_gid() for a in ax.lines if str(a.get_gid()).startswith("trajectory:")))
    fig.canvas.draw()
