"""paramcourse.plots.optimizers: optimizer runs agree with update rules written out here,
schedules are sampled exactly, and the weight-decay comparison shows the behaviour derived in its
docstring; plots draw labelled axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from paramcourse import optim, plots  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")


def _labelled(ax):
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()


def valley():
    return optim.quadratic_valley(1.0, 25.0)


def test_runs_follow_the_update_rules():
    loss, grad = valley()
    x0 = np.array([-4.5, 1.0])
    runs = plots.compute_optimizer_runs(loss, grad, x0, {"gd": ("sgd", 0.05), "mom": ("momentum", 0.02)},
                                        n_steps=5, beta=0.5)
    # gradient descent on the valley: each coordinate shrinks by (1 - eta * curvature) per step
    expected = x0 * (1 - 0.05 * np.array([1.0, 25.0]))[None, :] ** np.arange(6)[:, None]
    np.testing.assert_allclose(runs["params"][0], expected)
    # heavy ball written out: v = beta v + g, x = x - eta v
    x, v, path = x0.copy(), np.zeros(2), [x0]
    for _ in range(5):
        v = 0.5 * v + grad(x)
        x = x - 0.02 * v
        path.append(x)
    np.testing.assert_allclose(runs["params"][1], np.array(path))
    np.testing.assert_allclose(runs["losses"][1], [loss(p) for p in path])
    assert runs["labels"] == ["gd", "mom"] and runs["diverged"] == [False, False]


def test_lr_sweep_plot():
    # the layout chapter 6 builds: final losses per optimizer and rate, inf where a run diverged
    sweep = {"names": ["sgd", "adam"], "learning_rates": np.array([0.01, 0.05, 0.2]),
             "final": np.array([[0.3, 1e-4, np.inf], [2.0, 0.01, 0.5]]), "best": {"sgd": 0.05, "adam": 0.05}}
    ax = plots.plot_lr_sweep(sweep)
    _labelled(ax)
    assert ax.get_xscale() == "log"


def test_function_grid_layout_and_path_plots():
    loss, grad = valley()
    grid = plots.compute_function_grid(loss, (-2, 1), (-1, 1), resolution=7)
    assert grid["loss"].shape == (7, 7)
    assert grid["loss"][2, 5] == pytest.approx(loss(np.array([grid["w"][5], grid["b"][2]])))
    runs = plots.compute_optimizer_runs(loss, grad, [-1.5, 0.5], {"GD": ("sgd", 0.01), "Adam": ("adam", 0.1)},
                                        n_steps=10)
    ax = plots.plot_optimizer_paths(runs, grid)
    _labelled(ax)
    np.testing.assert_allclose(plots.find_artist(ax, "trajectory:Adam").get_xydata(), runs["params"][1])
    ax = plots.plot_optimizer_losses(runs)
    _labelled(ax)
    np.testing.assert_allclose(plots.find_artist(ax, "curve:GD").get_ydata(), runs["losses"][0])
    fig, axes = plots.plot_path_panels(runs, grid)
    assert len(axes) == 2 and "Adam" in axes[1].get_title()


def test_path_and_loss_plots_take_trajectories_from_a_loop():
    loss, grad = valley()
    start = np.array([-1.5, 0.5])
    runs = {"GD": optim.minimize(loss, grad, start, optim.sgd(0.01), n_steps=10),
            "too big": optim.minimize(loss, grad, start, optim.sgd(1.0), n_steps=10)}
    assert runs["too big"].diverged
    grid = plots.compute_function_grid(loss, (-2, 1), (-1, 1), resolution=7)
    ax = plots.plot_optimizer_paths(runs, grid)
    np.testing.assert_allclose(plots.find_artist(ax, "trajectory:GD").get_xydata(), runs["GD"].params)
    ax = plots.plot_optimizer_losses(runs)
    _labelled(ax)
    np.testing.assert_allclose(plots.find_artist(ax, "curve:GD").get_ydata(), runs["GD"].losses)
    fig, axes = plots.plot_path_panels(runs, grid)
    assert "GD" in axes[0].get_title() and "diverged" in axes[1].get_title()
    with pytest.raises(ValueError, match="runs"):
        plots.plot_path_panels({"GD": 1.0}, grid)


def test_schedules_are_sampled_from_step_zero():
    data = plots.compute_schedules({"step": optim.step_decay(0.1, 0.5, 10),
                                    "cos": optim.cosine_decay(0.1, 20)}, 25)
    assert data["rates"]["step"][9] == 0.1 and data["rates"]["step"][10] == 0.05
    assert data["rates"]["cos"][0] == pytest.approx(0.1) and data["rates"]["cos"][20] == pytest.approx(0.0)
    ax = plots.plot_schedules(data)
    _labelled(ax)


def test_plot_decay_comparison_draws_each_optimizer_and_weight():
    # What chapter 6 records: two weights (quiet, noisy), three steps, for each optimizer.
    data = {"noise_scales": np.array([0.0, 10.0]), "steps": np.arange(3),
            "adam": np.array([[1.0, 1.0], [0.99, 1.2], [0.98, 0.7]]),
            "adamw": np.array([[1.0, 1.0], [0.999, 1.1], [0.998, 0.8]])}
    ax = plots.plot_decay_comparison(data)
    _labelled(ax)
    lines = {(key, i): plots.find_artist(ax, f"decay:{key}:{i}") for key in ("adam", "adamw") for i in range(2)}
    for (key, i), line in lines.items():
        np.testing.assert_array_equal(line.get_ydata(), data[key][:, i])
        assert f"σ = {data['noise_scales'][i]:g}" in line.get_label()
    # colour tells the optimizer, line style the weight's gradient noise
    assert lines["adam", 0].get_color() == lines["adam", 1].get_color() != lines["adamw", 0].get_color()
    assert lines["adam", 0].get_linestyle() == lines["adamw", 0].get_linestyle() != lines["adam", 1].get_linestyle()
