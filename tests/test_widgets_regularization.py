"""Tests of paramcourse.widgets.regularization: the log-lambda slider moves the marker and the
bars to the weights at that penalty, the ridge/lasso toggle swaps the visible path, and the
static fallback draws both paths with their weights."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import ipywidgets  # noqa: E402

from paramcourse import data, linear, plots, widgets

pytestmark = pytest.mark.filterwarnings("error")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def diabetes():
    X, y, names = data.load_diabetes()
    return (X - X.mean(axis=0)) / X.std(axis=0), y, names


def _heights(box, names):
    return np.array([plots.find_artist(box.axes["weights"], "bar:" + n).get_height() for n in names])


def test_slider_and_toggle_redraw(diabetes):
    X, y, names = diabetes
    box = widgets.explore_regularization(X, y, names, kind="ridge", log_lam=0.0,
                                   log_lam_range=(-2.0, 2.0), n_lams=21)
    assert isinstance(box, ipywidgets.VBox)
    slider, toggle = box.controls["log_lambda"], box.controls["kind"]
    assert set(toggle.options) == {"ridge", "lasso"}
    for ax in box.axes.values():
        assert ax.get_xlabel() and ax.get_ylabel()
    first_png = bytes(box.image.value)
    assert first_png.startswith(PNG_MAGIC)
    np.testing.assert_allclose(_heights(box, names), linear.Ridge(1.0).fit(X, y).coef_, atol=1e-8)

    slider.value = 1.0  # lambda = 10
    np.testing.assert_allclose(_heights(box, names), linear.Ridge(10.0).fit(X, y).coef_, atol=1e-8)
    marker = plots.find_artist(box.axes["path"], "current-lambda")
    np.testing.assert_allclose(marker.get_xdata(), [10.0, 10.0])
    assert "0 of 10 weights exactly 0" in box.readout.value
    png_ridge = bytes(box.image.value)
    assert png_ridge != first_png

    ridge_lines = [a for a in box.axes["path"].get_lines() if a.get_gid() == "path:bmi"]
    assert len(ridge_lines) == 2  # one per kind; only one visible
    toggle.value = "lasso"
    lasso = linear.Lasso(10.0, n_steps=20000, tol=1e-12).fit(X, y).coef_
    np.testing.assert_allclose(_heights(box, names), lasso, atol=1e-3)
    assert [line.get_visible() for line in ridge_lines] == [False, True]
    zeros = int(np.sum(lasso == 0.0))
    assert f"{zeros} of 10 weights exactly 0" in box.readout.value and zeros > 0
    assert box.axes["path"].get_title() == "Lasso path"
    assert bytes(box.image.value) != png_ridge


def test_explorer_input_checks(diabetes):
    X, y, names = diabetes
    with pytest.raises(ValueError, match="kind"):
        widgets.explore_regularization(X, y, names, kind="elastic")
    with pytest.raises(ValueError, match="log_lam_range"):
        widgets.explore_regularization(X, y, names, log_lam_range=(2.0, -2.0))


def test_static_regularization(diabetes):
    X, y, names = diabetes
    fig, paths = widgets.static_regularization(X, y, names, lams=(10.0, 10.0), n_lams=19)
    assert len(fig.axes) == 4
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    assert set(paths) == {"ridge", "lasso"}
    lasso_bars = np.array([plots.find_artist(fig.axes[3], "bar:" + n).get_height() for n in names])
    np.testing.assert_allclose(lasso_bars, plots.weights_at(paths["lasso"], 10.0))
    assert np.any(lasso_bars == 0.0) and np.all(
        np.array([plots.find_artist(fig.axes[1], "bar:" + n).get_height() for n in names]) != 0.0
    )
    fig.canvas.draw()
    with pytest.raises(ValueError, match="lams"):
        widgets.static_regularization(X, y, names, lams=(1.0,))
