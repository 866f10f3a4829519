"""Tests of paramcourse.plots.search: the search layouts and regret curves against direct
computations, the BO snapshot against the loop it replays, and the plot functions' labels and
artists."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from paramcourse import bayesopt, plots, tuning

pytestmark = pytest.mark.filterwarnings("error")


def _assert_labelled(ax):
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()


def test_separable_objective_minimum_and_weights():
    assert plots.separable_objective(0.3, 0.6) == pytest.approx(0.0)
    # Far from the optimum the value approaches w1 + w2.
    assert plots.separable_objective(10.0, 10.0, weights=(1.0, 0.05)) == pytest.approx(1.05)
    # Moving x2 changes the value by at most w2.
    x2 = np.linspace(0, 1, 11)
    values = plots.separable_objective(0.3, x2, weights=(1.0, 0.05))
    assert values.max() - values.min() <= 0.05


def test_search_layouts_distinct_values():
    layout = plots.compute_search_layouts(9, rng=np.random.default_rng(0), n_grid=21)
    grid, rand = layout["points"]["grid"], layout["points"]["random"]
    assert grid.shape == rand.shape == (9, 2)
    assert np.unique(grid[:, 0]).size == 3 and np.unique(rand[:, 0]).size == 9
    np.testing.assert_allclose(np.unique(grid[:, 0]), [1 / 6, 1 / 2, 5 / 6])
    for kind in ("grid", "random"):
        pts = layout["points"][kind]
        np.testing.assert_allclose(layout["values"][kind], plots.separable_objective(pts[:, 0], pts[:, 1]))
        assert layout["best"][kind] == pytest.approx(layout["values"][kind].min())
    assert layout["z"].shape == (21, 21)
    with pytest.raises(ValueError, match="perfect square"):
        plots.compute_search_layouts(10, rng=np.random.default_rng(0))


def test_plot_search_layout_rug_and_labels():
    layout = plots.compute_search_layouts(16, rng=np.random.default_rng(1), n_grid=21)
    for kind, n_ticks in (("grid", 4), ("random", 16)):
        ax = plots.plot_search_layout(layout, kind)
        _assert_labelled(ax)
        rug = plots.find_artist(ax, "rug-x1")
        assert len(rug.get_segments()) == n_ticks
        assert plots.find_artist(ax, "trials").get_offsets().shape == (16, 2)


def test_search_regret_matches_direct_computation():
    regret = plots.compute_search_regret([4, 9], {"a": (1.0, 0.05)}, n_repeats=20, rng=np.random.default_rng(3))
    # Replay the same random stream by hand.
    rng = np.random.default_rng(3)
    grid_r, rand_r = np.zeros((2, 20)), np.zeros((2, 20))
    for r in range(20):
        a = tuple(rng.uniform(0.1, 0.9, size=2))
        for i, b in enumerate((4, 9)):
            m = int(np.sqrt(b))
            g = (np.arange(m) + 0.5) / m
            G1, G2 = np.meshgrid(g, g)
            grid_r[i, r] = plots.separable_objective(G1, G2, optimum=a, weights=(1.0, 0.05)).min()
            P = rng.random((b, 2))
            rand_r[i, r] = plots.separable_objective(P[:, 0], P[:, 1], optimum=a, weights=(1.0, 0.05)).min()
    np.testing.assert_allclose(regret["curves"]["a"]["grid"], grid_r.mean(axis=1))
    np.testing.assert_allclose(regret["curves"]["a"]["random"], rand_r.mean(axis=1))
    ax = plots.plot_search_regret(regret)
    _assert_labelled(ax)
    assert ax.get_yscale() == "log"
    plots.find_artist(ax, "grid:a")


def test_plot_k_fold_marks_each_sample_once():
    splits = tuning.k_fold_indices(12, 4, rng=np.random.default_rng(0))
    ax = plots.plot_k_fold(splits)
    _assert_labelled(ax)
    image = plots.find_artist(ax, "folds").get_array()
    assert image.shape == (4, 12)
    np.testing.assert_array_equal(np.asarray(image).sum(axis=0), np.ones(12))


@pytest.fixture(scope="module")
def bo_run():
    def f(u):
        return float((u[0] - 0.3) ** 2)

    return f, bayesopt.bayes_opt_minimize(f, [(-1.0, 1.0)], n_init=3, n_iter=4, rng=np.random.default_rng(0))


def test_bo_snapshot_replays_the_loop(bo_run):
    f, run = bo_run
    snap = plots.compute_bo_snapshot(run, 2, objective=f, n_grid=101)
    assert snap["X_obs"].size == 5 and snap["next_x"] == run["X"][5, 0]
    assert snap["length_scale"] == run["length_scales"][2]
    # The same surrogate by hand, and EI with the standardized margin converted back.
    s = bayesopt.fit_surrogate(run["X"][:5], run["y"][:5], [(-1.0, 1.0)])
    mean, std = s["predict"](snap["x"][:, None])
    np.testing.assert_allclose(snap["mean"], mean)
    ei = bayesopt.expected_improvement(mean, std, run["y"][:5].min(), xi=0.01 * s["y_std"])
    np.testing.assert_allclose(snap["ei"], ei, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(snap["truth"], (snap["x"] - 0.3) ** 2)
    _, axes = plt.subplots(2, 1)
    ax = plots.plot_gp_posterior(snap, axes[0])
    _assert_labelled(ax)
    np.testing.assert_allclose(plots.find_artist(ax, "gp-mean").get_ydata(), mean)
    plots.find_artist(ax, "next-point")
    ax = plots.plot_acquisition(snap, axes[1])
    _assert_labelled(ax)
    np.testing.assert_allclose(plots.find_artist(ax, "ei").get_ydata(), ei, atol=1e-15)
    last = plots.compute_bo_snapshot(run, 4, n_grid=11)
    assert last["next_x"] is None and last["truth"] is None
    with pytest.raises(ValueError, match="step"):
        plots.compute_bo_snapshot(run, 5)


def test_plot_best_so_far():
    runs = {"a": np.array([[3.0, 2.0, 2.5, 1.0]]), "b": np.array([4.0, 1.5, 1.5, 1.5])}
    ax = plots.plot_best_so_far(runs, optimum=0.5)
    _assert_labelled(ax)
    np.testing.assert_allclose(plots.find_artist(ax, "best:a").get_ydata(), [2.5, 1.5, 1.5, 0.5])
    with pytest.raises(ValueError, match="optimum"):
        plots.plot_best_so_far(runs, optimum=2.0)


def test_selection_bias_plot():
    # the layout chapter 14 builds: one value per simulated data set for each estimate
    bias = {"inner": np.array([0.8, 0.9, 0.85]), "true": np.array([1.1, 1.2, 1.05]),
            "nested": np.array([1.0, 1.3, 1.1]), "noise_var": 1.0}
    ax = plots.plot_selection_bias(bias)
    _assert_labelled(ax)
    assert plots.find_artist(ax, "mean:inner").get_segments()[0][0, 1] == pytest.approx(bias["inner"].mean())


def test_halving_plots():
    out = tuning.successive_halving(lambda p, b: (p["x"] - 3) ** 2 + 10 / b, [{"x": x} for x in range(9)],
                                    min_budget=1, eta=3)
    _, axes = plt.subplots(1, 2)
    ax = plots.plot_halving_scores(out, axes[0], budget_label="epochs")
    _assert_labelled(ax)
    np.testing.assert_allclose(plots.find_artist(ax, "winner").get_xdata(), [1, 3, 9])
    assert ax.get_xlabel().startswith("epochs")
    ax = plots.plot_halving_budgets(out, axes[1])
    _assert_labelled(ax)
    assert plots.find_artist(ax, "round:0").get_height() == 9
    assert plots.find_artist(ax, "round:1").get_height() == 3 * 3
