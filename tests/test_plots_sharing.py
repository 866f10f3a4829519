"""Tests of paramcourse.plots.sharing: shifts and equivariance by their definitions, feature maps
against np.correlate, the invariance of global pooling, and the plots' labels and data."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from paramcourse import data, plots, sharing  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")


def test_shift_signal_by_definition():
    x = np.arange(1.0, 6.0)
    assert plots.shift_signal(x, 2).tolist() == [0, 0, 1, 2, 3]
    assert plots.shift_signal(x, -1).tolist() == [2, 3, 4, 5, 0]
    assert plots.shift_signal(x, 7).tolist() == [0] * 5
    with pytest.raises(ValueError, match="shift"):
        plots.shift_signal(x, 1.5)


def test_convolution_is_equivariant_and_locally_connected_is_not():
    x = np.zeros(25)
    x[4:9] = [1.0, 3.0, -2.0, 0.5, 1.0]
    out = plots.compute_equivariance(x, [0.3, -1.0, 2.0], shift=6, rng=np.random.default_rng(0))
    assert out["conv_error"] == 0.0
    assert out["local_error"] > 0.5
    np.testing.assert_allclose(out["conv_shifted"][6:], out["conv"][:-6])


def test_feature_maps_match_np_correlate_and_pooling_is_shift_invariant():
    gen = np.random.default_rng(1)
    X, K = gen.standard_normal((3, 20)), gen.standard_normal((2, 4))
    maps = plots.conv_feature_maps(X, K)
    assert maps.shape == (3, 2, 17)
    np.testing.assert_allclose(maps[1, 0], np.maximum(np.correlate(X[1], K[0], "valid"), 0))
    x = np.zeros(30)
    x[5:10] = gen.standard_normal(5)
    both = plots.conv_feature_maps(np.stack([x, plots.shift_signal(x, 12)]), K)
    np.testing.assert_allclose(both[0].max(axis=1), both[1].max(axis=1))


def test_position_task_pooling_is_near_chance_and_dense_is_not():
    X, y = data.make_bump_signals(240, rng=np.random.default_rng(2))
    kernels = np.random.default_rng(3).standard_normal((4, 5))
    out = plots.compute_position_task(X[:120], y[:120], X[120:], y[120:], kernels, n_epochs=40)
    assert out["models"][0].startswith("shared + global")
    assert out["test"][0] < 0.7 and out["test"][1] > 0.9 and out["test"][2] > 0.9
    assert out["n_parameters"] == [4 * 2 + 2, 4 * 36 * 2 + 2, 40 * 2 + 2]


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
