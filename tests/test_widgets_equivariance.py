"""Tests of paramcourse.widgets.equivariance: moving the shift slider moves the shifted curves to
what sharing.conv1d_forward and locally_connected1d_forward compute for the shifted signal,
updates the readout and shows a new PNG; the static fallback draws one row per shift."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest


from paramcourse import plots, sharing, widgets

pytestmark = pytest.mark.filterwarnings("error")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
KERNEL = np.array([-1.0, 2.0, -1.0])


@pytest.fixture
def bump():
    t = np.arange(30)
    return np.maximum(0.0, 1.0 - np.abs(t - 14.0) / 3.0)


def test_shift_slider_moves_the_shifted_outputs(bump):
    box = widgets.explore_equivariance(bump, KERNEL, rng=np.random.default_rng(0), shift=2)
    assert set(box.controls) == {"shift"} and set(box.axes) == {"input", "conv", "local"}
    before = bytes(box.image.value)
    assert before.startswith(PNG_MAGIC)
    box.controls["shift"].value = 7
    shifted = sharing.shift_signal(bump, 7)
    conv_line = plots.find_artist(box.axes["conv"], "shifted")
    np.testing.assert_allclose(plots.find_artist(box.axes["input"], "shifted").get_ydata(), shifted)
    np.testing.assert_allclose(conv_line.get_ydata(), sharing.conv1d_forward(shifted, KERNEL))
    # the convolution's output moved with the input: it is the original output shifted by 7
    original = plots.find_artist(box.axes["conv"], "original").get_ydata()
    np.testing.assert_allclose(conv_line.get_ydata(), sharing.shift_signal(original, 7))
    # the locally connected layer keeps its kernels (drawn once) and does not follow the shift
    local = plots.find_artist(box.axes["local"], "shifted").get_ydata()
    local_original = plots.find_artist(box.axes["local"], "original").get_ydata()
    assert np.max(np.abs(local - sharing.shift_signal(local_original, 7))) > 0.1
    assert "Shift s = 7" in box.readout.value and "<b>0</b>" in box.readout.value
    after = bytes(box.image.value)
    assert after != before and after.startswith(PNG_MAGIC)
    box.controls["shift"].value = -4
    np.testing.assert_allclose(plots.find_artist(box.axes["input"], "shifted").get_ydata(),
                               sharing.shift_signal(bump, -4))


def test_explorer_rejects_a_shift_outside_the_slider(bump):
    with pytest.raises(ValueError, match="shift"):
        widgets.explore_equivariance(bump, KERNEL, rng=np.random.default_rng(0), shift=20)


def test_static_fallback_has_one_row_per_shift(bump):
    fig = widgets.static_equivariance(bump, KERNEL, shifts=(3, 8), rng=np.random.default_rng(0))
    assert len(fig.axes) == 6
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel()
    np.testing.assert_allclose(plots.find_artist(fig.axes[3], "shifted").get_ydata(),
                               sharing.shift_signal(bump, 8))
