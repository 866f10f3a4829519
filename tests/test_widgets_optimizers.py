"""The optimizers explorer: each control (optimizer, learning rate, beta) redraws the paths and
loss curves with the numbers of an independent run; the static fallback draws its panels.
Redraw speed is measured in benchmarks/bench_widgets.py, not asserted here."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import ipywidgets  # noqa: E402

from paramcourse import optim, plots, widgets  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def reference_path(opt, n_steps=60):
    loss, grad = optim.quadratic_valley(1.0, 25.0)
    return optim.minimize(loss, grad, np.array([-4.5, 1.0]), opt, n_steps=n_steps)


def test_controls_redraw_paths_and_curves():
    box = widgets.explore_optimizers(optimizer="adam", learning_rate=0.1)
    assert isinstance(box, ipywidgets.VBox)
    assert set(box.controls) == {"optimizer", "learning_rate", "beta"}
    for ax in box.axes.values():
        assert ax.get_xlabel() and ax.get_ylabel()
    path = plots.find_artist(box.axes["path"], "trajectory:chosen optimizer")
    reference = plots.find_artist(box.axes["path"], "trajectory:gradient descent, same η")
    curve = plots.find_artist(box.axes["loss"], "curve:chosen optimizer")
    np.testing.assert_allclose(path.get_xydata(), reference_path(optim.adam(0.1)).params)
    first_png = bytes(box.image.value)
    assert first_png.startswith(PNG_MAGIC)

    box.controls["learning_rate"].value = 0.05
    np.testing.assert_allclose(path.get_xydata(), reference_path(optim.adam(0.05)).params)
    np.testing.assert_allclose(reference.get_xydata(), reference_path(optim.sgd(0.05)).params)
    assert bytes(box.image.value) != first_png

    box.controls["optimizer"].value = "momentum"
    box.controls["beta"].value = 0.5
    expected = reference_path(optim.momentum(0.05, beta=0.5))
    np.testing.assert_allclose(path.get_xydata(), expected.params)
    np.testing.assert_allclose(curve.get_ydata(), np.clip(expected.losses, 1e-16, None))
    assert "momentum" in box.readout.value and "β = 0.50" in box.axes["loss"].get_title()


def test_divergence_is_reported_without_warnings():
    box = widgets.explore_optimizers(optimizer="sgd", learning_rate=0.05)
    box.controls["learning_rate"].value = 0.5  # far beyond 2 / 25 for gradient descent
    assert "diverged" in box.readout.value
    box.controls["optimizer"].value = "rmsprop"
    assert "β has no effect" in box.readout.value


def test_validates():
    with pytest.raises(ValueError, match="optimizer"):
        widgets.explore_optimizers(optimizer="lbfgs")
    with pytest.raises(ValueError, match="beta"):
        widgets.explore_optimizers(beta=1.0)


def test_static_fallback_draws_one_panel_per_setting():
    fig, runs = widgets.static_optimizers({"GD": ("sgd", 0.05), "Adam": ("adam", 0.3), "RMSprop": ("rmsprop", 0.1)})
    assert len(fig.axes) == 3
    assert [ax.get_title().splitlines()[0] for ax in fig.axes] == ["GD", "Adam", "RMSprop"]
    np.testing.assert_allclose(runs["params"][1], reference_path(optim.adam(0.3)).params)
    fig.canvas.draw()
    fig, runs = widgets.static_optimizers()
    assert len(fig.axes) == 4
