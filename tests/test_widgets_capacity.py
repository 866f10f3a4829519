"""Tests of paramcourse.widgets.capacity: moving the degree slider swaps the fitted curve, moves
the marker on the error curves, updates the readout and shows a new PNG; the static fallback
draws three fits and the error curves."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import ipywidgets  # noqa: E402

from paramcourse import data, linear, plots, widgets

pytestmark = pytest.mark.filterwarnings("error")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def split():
    rng = np.random.default_rng(0)
    X, y = data.make_polynomial_data(n_samples=60, rng=rng)
    X_tr, X_va, _, y_tr, y_va, _ = data.train_val_test_split(X, y, 0.25, 0.25, rng=rng)
    return X_tr, y_tr, X_va, y_va


def test_degree_slider_redraws_fit_and_marker(split):
    X_tr, y_tr, X_va, y_va = split
    box = widgets.explore_polynomial_degree(X_tr, y_tr, X_va, y_va, degree=1, max_degree=12)
    assert isinstance(box, ipywidgets.VBox)
    slider = box.controls["degree"]
    assert (slider.min, slider.max, slider.value) == (1, 12, 1)
    for ax in box.axes.values():
        assert ax.get_xlabel() and ax.get_ylabel()
    fit = plots.find_artist(box.axes["fit"], "poly-fit")
    vline = plots.find_artist(box.axes["errors"], "current-degree")
    first_png = bytes(box.image.value)
    assert first_png.startswith(PNG_MAGIC)
    line_before = np.asarray(fit.get_ydata()).copy()

    slider.value = 5
    x = np.asarray(fit.get_xdata())
    model = linear.LinearRegression().fit(linear.polynomial_features(X_tr, 5), y_tr)
    np.testing.assert_allclose(fit.get_ydata(), model.predict(linear.polynomial_features(x.reshape(-1, 1), 5)))
    assert not np.allclose(fit.get_ydata(), line_before)
    assert list(vline.get_xdata()) == [5, 5]
    val = np.mean((model.predict(linear.polynomial_features(X_va, 5)) - y_va) ** 2)
    assert f"{val:.4f}" in box.readout.value
    assert "Degree 5: 6 parameters" in box.readout.value
    assert "degree 5" in box.axes["fit"].get_title()
    assert bytes(box.image.value) != first_png


def test_explorer_input_checks(split):
    X_tr, y_tr, X_va, y_va = split
    with pytest.raises(ValueError, match="max_degree"):
        widgets.explore_polynomial_degree(X_tr, y_tr, X_va, y_va, degree=9, max_degree=5)
    with pytest.raises(ValueError, match="n_samples, 1"):
        widgets.explore_polynomial_degree(np.ones((5, 2)), np.ones(5), X_va, y_va)


def test_static_polynomial_degree(split):
    X_tr, y_tr, X_va, y_va = split
    fig, sweep = widgets.static_polynomial_degree(X_tr, y_tr, X_va, y_va, degrees=(1, 4, 12),
                                                  max_degree=12)
    assert len(fig.axes) == 4
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    np.testing.assert_allclose(plots.find_artist(fig.axes[2], "poly-fit").get_ydata(), sweep["curves"][11])
    np.testing.assert_allclose(plots.find_artist(fig.axes[3], "train-curve").get_ydata(), sweep["train_mse"])
    fig.canvas.draw()
    with pytest.raises(ValueError, match="three"):
        widgets.static_polynomial_degree(X_tr, y_tr, X_va, y_va, degrees=(1, 2))
