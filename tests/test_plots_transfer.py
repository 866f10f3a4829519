"""Tests of paramcourse.plots.transfer: the figure data against numbers computed here, and the
plots' labels and artists. (The science is in paramcourse.transfer, tested in test_transfer.py.)"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from paramcourse import plots, transfer  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")


def test_adaptation_summary_and_plot():
    acc = np.array([[0.8, 0.9, 1.0], [0.5, 0.6, 0.7]])
    data = plots.compute_adaptation(["a", "b"], acc, [100, 5])
    np.testing.assert_allclose(data["mean"], [0.9, 0.6])
    np.testing.assert_allclose(data["std"], np.sqrt(2 / 3) * 0.1)
    np.testing.assert_allclose(data["min"], [0.8, 0.5])
    ax = plots.plot_adaptation(data)
    assert ax.get_xlabel() and ax.get_ylabel()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a\n100 trainable", "b\n5 trainable"]
    np.testing.assert_allclose(plots.find_artist(ax, "mean:1").get_ydata(), [0.6, 0.6])
    np.testing.assert_allclose(plots.find_artist(ax, "seeds:0").get_offsets()[:, 1], acc[0])
    with pytest.raises(ValueError, match="one row per strategy"):
        plots.compute_adaptation(["a"], acc, [1])
    with pytest.raises(ValueError, match="trainable"):
        plots.compute_adaptation(["a", "b"], acc, [1])


def test_running_statistics_plot():
    params, buffers = transfer.init_batch_norm(1)
    rng = np.random.default_rng(0)
    batch_means, running = [], []
    for _ in range(12):
        X = rng.normal(2.0, 1.0, size=(8, 1))
        _, buffers = transfer.batch_norm_forward(X, params, buffers, training=True)
        batch_means.append(X.mean())
        running.append(buffers["running_mean"][0])
    data = {"batch_mean": batch_means, "running_mean": running, "data_mean": np.full(12, 2.0),
            "switch": 6, "feature": "unit 1"}
    ax = plots.plot_running_statistics(data)
    assert ax.get_xlabel() == "training batch" and "unit 1" in ax.get_ylabel()
    np.testing.assert_allclose(plots.find_artist(ax, "running-mean").get_ydata(), running)
    np.testing.assert_allclose(plots.find_artist(ax, "batch-mean").get_xdata(), np.arange(1, 13))
    with pytest.raises(ValueError, match="running_mean"):
        plots.plot_running_statistics({**data, "running_mean": running[:-1]})


def test_memory_breakdown_in_gigabytes():
    setups = [("inference", {"n_params": 7_000_000_000, "n_trainable": 0, "dtype": "float16"}),
              ("adam", {"n_params": 7_000_000_000, "dtype": "float32", "optimizer": "adam"})]
    data = plots.compute_memory_breakdown(setups)
    np.testing.assert_allclose(data["total"], [14.0, 112.0])  # 7e9 * 2 bytes; 7e9 * 16 bytes
    np.testing.assert_allclose(data["optimizer_state"], [0.0, 56.0])
    ax = plots.plot_memory_breakdown(data)
    assert ax.get_xlabel() and ax.get_ylabel()
    widths = [p.get_width() for p in ax.patches]
    np.testing.assert_allclose(sorted(widths), sorted([14, 28, 0, 28, 0, 56]))
    with pytest.raises(ValueError, match="setups"):
        plots.compute_memory_breakdown([])
