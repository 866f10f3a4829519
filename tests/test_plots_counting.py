"""Tests of paramcourse.plots.counting: the counts agree with layer shapes written out here, and
the plots draw them on log axes with labels."""

from __future__ import annotations

from itertools import pairwise

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from paramcourse import plots  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")


def test_mlp_counts_from_weight_shapes():
    data = plots.compute_mlp_counts(64, 10, widths=[8, 32], depths=[1, 2])
    for i, depth in enumerate([1, 2]):
        for j, m in enumerate([8, 32]):
            sizes = [64] + [m] * depth + [10]
            shapes = list(pairwise(sizes))
            expected = sum(a * b + b for a, b in shapes)
            assert data["counts"][i, j] == expected


def test_conv_dense_counts_by_hand():
    data = plots.compute_conv_dense_counts([8, 16], in_channels=1, out_channels=16, kernel_size=3)
    # convolution: 16 kernels of 3x3 plus 16 biases, for every size
    np.testing.assert_array_equal(data["conv"], [160, 160])
    # own kernel at each of the n*n positions (padding keeps the size)
    np.testing.assert_array_equal(data["locally_connected"], [64 * 160, 256 * 160])
    # dense from n*n pixels to 16*n*n outputs
    np.testing.assert_array_equal(data["dense"], [64 * 1024 + 1024, 256 * 4096 + 4096])
    with pytest.raises(ValueError, match="odd"):
        plots.compute_conv_dense_counts([8], kernel_size=4)


def test_count_plots_are_labelled_and_on_log_axes():
    mlp = plots.compute_mlp_counts(64, 10, widths=[8, 16, 32], depths=[1, 3])
    ax = plots.plot_mlp_counts(mlp, reference=("images", 1797))
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_yscale() == "log"
    np.testing.assert_array_equal(plots.find_artist(ax, "depth:1").get_ydata(), mlp["counts"][1])
    conv = plots.compute_conv_dense_counts([8, 16, 32])
    _, ax2 = plt.subplots()
    assert plots.plot_conv_dense_counts(conv, ax2) is ax2
    assert ax2.get_xlabel() and ax2.get_ylabel() and ax2.get_yscale() == "log"
    np.testing.assert_array_equal(plots.find_artist(ax2, "dense").get_ydata(), conv["dense"])
