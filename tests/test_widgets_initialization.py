"""The initialization explorer: rule, scale, depth and activation each redraw the spread curve
with the numbers of initializers.activation_stds for the same weights, and the histogram of the
last layer; the static fallback draws both activations. Speed lives in benchmarks/."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402


from paramcourse import initializers, mlp, plots, widgets  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


X = np.random.default_rng(42).standard_normal((64, 32))


def expected_stds(rule, scale, depth, activation, seed=0):
    params = mlp.init_mlp([32] * (depth + 2), np.random.default_rng(seed + 1), initializers.make_rule(rule, scale))
    with np.errstate(over="ignore", invalid="ignore"):
        return initializers.activation_stds(X, [W for W, _ in params[:-1]], activation)


def test_controls_redraw_the_spread_and_histogram():
    box = widgets.explore_initialization(X, rule="he", depth=10, activation="relu", width=32)
    assert set(box.controls) == {"rule", "scale", "depth", "activation"}
    for ax in box.axes.values():
        assert ax.get_xlabel() and ax.get_ylabel()
    line = plots.find_artist(box.axes["spread"], "spread:activations")
    hist = plots.find_artist(box.axes["histogram"], "histogram")
    np.testing.assert_allclose(line.get_ydata(), expected_stds("he", 1.0, 10, "relu"))
    first_png, first_hist = bytes(box.image.value), np.array(hist.get_ydata())
    assert first_png.startswith(PNG_MAGIC)
    assert np.sum(first_hist) == pytest.approx(1.0)

    box.controls["scale"].value = 0.25
    np.testing.assert_allclose(line.get_ydata(), expected_stds("he", 0.25, 10, "relu"))
    assert "vanishes" in box.readout.value
    assert not np.allclose(hist.get_ydata(), first_hist)
    assert bytes(box.image.value) != first_png

    box.controls["rule"].value = "xavier"
    box.controls["activation"].value = "tanh"
    box.controls["depth"].value = 15
    box.controls["scale"].value = 1.0
    np.testing.assert_allclose(line.get_ydata(), expected_stds("xavier", 1.0, 15, "tanh"))
    assert len(line.get_xdata()) == 15
    assert "layer 15" in box.readout.value


def test_exploding_signal_is_reported_without_warnings():
    box = widgets.explore_initialization(X, rule="normal", depth=10, activation="relu", width=32)
    box.controls["scale"].value = 8.0  # std 0.08 is still small for width 32: vanishes
    assert "vanishes" in box.readout.value
    box.controls["rule"].value = "he"
    box.controls["depth"].value = 50
    assert "explodes" in box.readout.value


def test_validates():
    with pytest.raises(ValueError, match="rule"):
        widgets.explore_initialization(rule="lecun")
    with pytest.raises(ValueError, match="depth"):
        widgets.explore_initialization(depth=60, max_depth=50)


def test_static_fallback():
    fig, table = widgets.static_initialization(X, depth=8, width=32)
    assert len(fig.axes) == 2
    key = ("relu", "He/Kaiming × 1")
    np.testing.assert_allclose(table["forward"][key], expected_stds("he", 1.0, 8, "relu"))
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_title()
    fig.canvas.draw()
