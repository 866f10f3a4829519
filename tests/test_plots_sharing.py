"""Tests of paramcourse.plots.sharing: equivariance by its definition, and the plots' labels and
data. (Shifts and feature maps live in paramcourse.sharing and are tested in test_sharing.py.)"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402

from paramcourse import data, plots, sharing  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")


def test_convolution_is_equivariant_and_locally_connected_is_not():
    x = np.zeros(25)
    x[4:9] = [1.0, 3.0, -2.0, 0.5, 1.0]
    out = plots.compute_equivariance(x, [0.3, -1.0, 2.0], shift=6, rng=np.random.default_rng(0))
    assert out["conv_error"] == 0.0
    assert out["local_error"] > 0.5
    np.testing.assert_allclose(out["conv_shifted"][6:], out["conv"][:-6])


def test_sharing_counts_and_plots():
    cases = [("conv", sharing.conv1d(1, 1, 3), sharing.conv_counts(1, 1, 3, 10)["locally_connected"]),
             ("rnn", sharing.rnn(2, 3), sharing.rnn_unshared(2, 3, 5))]
    counts = plots.compute_sharing_counts(cases)
    np.testing.assert_allclose(counts["factor"], [8, 5])
    ax = plots.plot_sharing_counts(counts)
    assert ax.get_xscale() == "log" and ax.get_xlabel() and ax.get_ylabel()
    bars = [p.get_width() for p in ax.patches]
    np.testing.assert_allclose(sorted(bars), [4, 21, 32, 105])
    fig, axes = plots.small_multiples(1, 5)
    eq = plots.compute_equivariance(np.r_[np.zeros(5), 1.0, np.zeros(8)], [1.0, -1.0], 3, np.random.default_rng(0))
    for ax, kind in zip(axes[0], ["input", "conv", "local"]):
        plots.plot_equivariance(eq, ax, kind=kind)
    np.testing.assert_allclose(plots.find_artist(axes[0, 1], "shifted").get_ydata(), eq["conv_shifted"])
    X, y = data.make_bump_signals(10, rng=np.random.default_rng(0))
    plots.plot_bump_signals(X, y, axes[0, 3])
    task = {"models": ["a", "b"], "train": np.array([1.0, 0.5]), "test": np.array([0.9, 0.5])}
    plots.plot_position_task(task, axes[0, 4])
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_ylabel()
    with pytest.raises(ValueError, match="kind"):
        plots.plot_equivariance(eq, kind="dense")


def test_position_task_whiskers_span_the_runs():
    task = {"models": ["a", "b"], "train": np.array([0.6, 1.0]), "test": np.array([0.5, 0.99]),
            "train_range": np.array([[0.55, 1.0], [0.62, 1.0]]),
            "test_range": np.array([[0.44, 0.98], [0.53, 1.0]])}
    ax = plots.plot_position_task(task)
    bars = {c.get_label(): c for c in ax.containers if isinstance(c, BarContainer)}
    np.testing.assert_allclose([r.get_height() for r in bars["test"]], task["test"])
    segments = [seg for coll in ax.collections for seg in coll.get_segments()]
    spans = sorted((round(seg[0][1], 6), round(seg[1][1], 6)) for seg in segments)
    expected = sorted((lo, hi) for split in ("train", "test") for lo, hi in zip(*task[f"{split}_range"]))
    np.testing.assert_allclose(spans, expected)
    with pytest.raises(ValueError, match="test_range"):
        plots.plot_position_task({**task, "test_range": np.array([0.4, 0.5])})
