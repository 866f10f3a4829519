"""Tests of paramcourse.plots.hyperparameters: sweeps against separately trained MLPClassifiers,
the width-depth grid against parameter counts and separate fits, and the plot functions' labels
and artists."""

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


def test_sweep_matches_separate_fits(digits):
    Xtr, ytr, Xva, yva = digits
    settings = dict(hidden_sizes=(8,), n_epochs=3, batch_size=50)
    sweep = plots.compute_mlp_sweep(Xtr, ytr, Xva, yva, "learning_rate", [0.05, 0.3], **settings)
    assert sweep["name"] == "learning_rate" and sweep["values"] == [0.05, 0.3]
    for k, lr in enumerate(sweep["values"]):
        ref = mlp.MLPClassifier(learning_rate=lr, **settings).fit(Xtr, ytr, Xva, yva)
        np.testing.assert_allclose(sweep["train_loss"][k], ref.loss_curve_)
        np.testing.assert_allclose(sweep["val_loss"][k], ref.val_loss_curve_)
        np.testing.assert_allclose(sweep["val_score"][k], ref.val_score_curve_)
        assert sweep["final_val_score"][k] == pytest.approx(ref.score(Xva, yva))
        assert sweep["best_epoch"][k] == int(np.argmin(ref.val_loss_curve_)) + 1
        assert sweep["models"][k].score(Xva, yva) == pytest.approx(sweep["final_val_score"][k])
    np.testing.assert_array_equal(sweep["steps_per_epoch"], [4, 4])
    assert np.all(sweep["seconds_per_epoch"] > 0)


def test_runs_on_several_training_sets(digits):
    Xtr, ytr, Xva, yva = digits
    runs = plots.compute_mlp_runs({"all": (Xtr, ytr), "half": (Xtr[:100], ytr[:100])}, Xva, yva,
                                  hidden_sizes=(8,), n_epochs=2)
    assert runs["values"] == ["all", "half"]
    np.testing.assert_array_equal(runs["steps_per_epoch"], [7, 4])
    ref = mlp.MLPClassifier(hidden_sizes=(8,), n_epochs=2).fit(Xtr[:100], ytr[:100], Xva, yva)
    np.testing.assert_allclose(runs["val_score"][1], ref.val_score_curve_)
    with pytest.raises(ValueError, match="shape"):
        plots.compute_mlp_sweep(Xtr, ytr, Xva[:, :5], yva, "dropout", [0.0])


def test_width_depth_grid(digits):
    Xtr, ytr, Xva, yva = digits
    grid = plots.compute_width_depth(Xtr, ytr, Xva, yva, widths=[4, 16], depths=[1, 2], n_epochs=2)
    assert grid["val_score"].shape == (2, 2)
    np.testing.assert_array_equal(grid["n_params"], [[64 * 4 + 4 + 4 * 10 + 10, 64 * 16 + 16 + 16 * 10 + 10],
                                                     [64 * 4 + 4 + 4 * 4 + 4 + 4 * 10 + 10,
                                                      64 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10]])
    ref = mlp.MLPClassifier(hidden_sizes=(16, 16), n_epochs=2).fit(Xtr, ytr)
    assert grid["val_score"][1, 1] == pytest.approx(ref.score(Xva, yva))
    ax = plots.plot_width_depth(grid)
    _labelled(ax)
    assert len(ax.get_lines()) == 2


def test_plots_draw_and_label(digits):
    Xtr, ytr, Xva, yva = digits
    sweep = plots.compute_mlp_sweep(Xtr, ytr, Xva, yva, "dropout", [0.0, 0.5], hidden_sizes=(8,), n_epochs=3)
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
