"""Tests of paramcourse.plots.hyperparameters: runs on several training sets against separately
trained MLPClassifiers, and the plot functions' labels and artists."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from paramcourse import data, mlp, plots

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def digits():
    X, y = data.load_digits()
    Xtr, Xva, _, ytr, yva, _ = data.train_val_test_split(X, y, 0.2, 0.2, rng=np.random.default_rng(0))
    return Xtr[:200], ytr[:200], Xva[:100], yva[:100]


def _labelled(ax):
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()


def test_width_depth_plot_of_one_run():
    grid = {"widths": np.array([4, 16]), "depths": np.array([1, 2]),
            "val_score": np.array([[0.6, 0.8], [0.65, 0.85]])}  # (depths, widths): one run each
    ax = plots.plot_width_depth(grid)
    _labelled(ax)
    assert len(ax.get_lines()) == 2


def _sweep_by_hand():
    """What the sweep plots read, for two settings of dropout trained for three epochs."""
    val_score = [np.array([0.5, 0.7, 0.75]), np.array([0.4, 0.6, 0.7])]
    return {"name": "dropout", "values": [0.0, 0.5],
            "train_loss": [np.array([2.0, 1.2, 0.8]), np.array([2.1, 1.5, 1.1])],
            "val_loss": [np.array([1.5, 1.0, 1.1]), np.array([1.6, 1.2, 1.0])],
            "val_score": val_score, "diverged": np.array([False, False]), "steps_per_epoch": np.array([4, 4]),
            "best_epoch": np.array([2, 3]), "final_val_score": np.array([s[-1] for s in val_score])}


def test_plots_draw_and_label(digits):
    Xtr, ytr, _, _ = digits
    sweep = _sweep_by_hand()
    for kwargs in ({}, {"x": "steps"}, {"metric": "val_loss"}, {"metric": "train_loss"}):
        ax = plots.plot_sweep_curves(sweep, **kwargs)
        _labelled(ax)
        np.testing.assert_allclose(plots.find_artist(ax, "curve-1").get_ydata(),
                                   sweep[kwargs.get("metric", "val_score")][1])
        plt.close("all")
    ax = plots.plot_sweep_summary(sweep)
    _labelled(ax)
    ax = plots.plot_training_curves(sweep, 0)
    _labelled(ax)
    assert plots.find_artist(ax, "best").get_xdata()[0] == sweep["best_epoch"][0]
    rt = mlp.lr_range_test(Xtr, ytr, (8,), n_steps=30, rng=np.random.default_rng(0))
    ax = plots.plot_lr_range_test(rt, suggested=0.1)
    _labelled(ax)
    assert ax.get_xscale() == "log"
    with pytest.raises(ValueError, match="metric"):
        plots.plot_sweep_curves(sweep, metric="accuracy")


def test_repeated_runs_are_drawn_as_mean_and_range(digits):
    Xtr, ytr, Xva, yva = digits
    settings = dict(hidden_sizes=(8,), n_epochs=3, batch_size=50)
    runs = np.array([mlp.MLPClassifier(random_state=seed, **settings).fit(Xtr, ytr, Xva, yva).val_score_curve_
                     for seed in range(3)])                     # (3 runs, 3 epochs)
    data = {"name": "learning_rate", "values": [0.1], "val_score": [runs], "diverged": [[False] * 3],
            "steps_per_epoch": [4]}
    ax = plots.plot_sweep_curves(data, x="steps")
    _labelled(ax)
    np.testing.assert_allclose(plots.find_artist(ax, "curve-0").get_ydata(), runs.mean(axis=0))
    np.testing.assert_allclose(plots.find_artist(ax, "curve-0").get_xdata(), [4, 8, 12])
    band = plots.find_artist(ax, "band-0").get_paths()[0].vertices
    assert band[:, 1].min() == pytest.approx(runs.min()) and band[:, 1].max() == pytest.approx(runs.max())
    with pytest.raises(ValueError, match="n_runs, n_epochs"):
        plots.plot_sweep_curves({**data, "val_score": [runs[None]]})
    plt.close("all")

    scores = np.array([[[0.5, 0.7, 0.6], [0.9, 0.95, 0.92]]])  # 1 depth, 2 widths, 3 runs
    grid = {"widths": np.array([8, 32]), "depths": np.array([1]), "val_score": scores}
    ax = plots.plot_width_depth(grid)
    _labelled(ax)
    np.testing.assert_allclose(plots.find_artist(ax, "depth-1").get_ydata(), [0.6, 0.92333333])
    segments = plots.find_artist(ax, "spread-1").get_segments()
    np.testing.assert_allclose([seg[:, 1] for seg in segments], [[0.5, 0.7], [0.9, 0.95]])
    with pytest.raises(ValueError, match="val_score"):
        plots.plot_width_depth({**grid, "val_score": scores[0]})
    plt.close("all")
