r"""Figures of the optimizers chapter (chapter 6): optimizer runs on a two-dimensional test function
(paths over its contour lines, loss curves), a learning-rate sweep, learning-rate schedules, and
weight decay in Adam versus AdamW.

The runs use :func:`paramcourse.optim.minimize` and the test functions
:func:`paramcourse.optim.quadratic_valley` and :func:`paramcourse.optim.rosenbrock`; paths are
drawn with :func:`paramcourse.plots.plot_loss_surface` and loss curves with
:func:`paramcourse.plots.plot_loss_curves`, so that every contour plot of the book looks alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from paramcourse._validation import (
    as_scalar,
    as_vector,
    check_callable,
    check_count,
    check_positive,
    check_range,
)
from paramcourse.plots.style import COLORS, GREY, PALETTE, _new_axes, style


def compute_optimizer_runs(
    loss: Callable,
    grad: Callable,
    x0,
    settings: Mapping[str, tuple[str, float]],
    *,
    n_steps: int = 100,
    beta: float = 0.9,
    max_loss: float = 1e12,
) -> dict[str, Any]:
    """Run several optimizers from the same start on the same function.

    Parameters
    ----------
    loss, grad : callable
        ``loss(x) -> float`` and ``grad(x) -> (2,) array``, e.g. from
        :func:`paramcourse.optim.quadratic_valley`.
    x0 : array_like of shape (2,)
    settings : dict of label -> (optimizer name, learning rate)
        Names as in :func:`paramcourse.optim.make_optimizer`.
        For example ``{"Adam, η = 0.1": ("adam", 0.1)}``.
    n_steps : int
    beta : float
        Momentum coefficient (``momentum``) and ``beta1`` (``adam``).
    max_loss : float
        A run stops as diverged once its loss exceeds this.

    Returns
    -------
    dict with ``labels``, ``names``, ``learning_rates`` (lists), ``params`` (list of arrays
    (k + 1, 2)), ``losses`` (list of arrays (k + 1,)) and ``diverged`` (list of bool).
    """
    from paramcourse import optim

    check_callable(loss, "loss")
    check_callable(grad, "grad")
    x0 = as_vector(x0, "x0", 2)
    n_steps = check_count(n_steps, "n_steps")
    out: dict[str, Any] = {"labels": [], "names": [], "learning_rates": [], "params": [], "losses": [],
                           "diverged": []}
    for label, (name, lr) in settings.items():
        lr = check_positive(lr, f"learning rate of {label!r}")
        traj = optim.minimize(loss, grad, x0, optim.make_optimizer(name, lr, beta), n_steps=n_steps,
                              max_loss=max_loss)
        out["labels"].append(str(label))
        out["names"].append(name)
        out["learning_rates"].append(lr)
        out["params"].append(traj.params)
        out["losses"].append(traj.losses)
        out["diverged"].append(traj.diverged)
    return out


def plot_lr_sweep(
    data: Mapping[str, Any],
    ax=None,
    *,
    labels: Mapping[str, str] | None = None,
    ylabel: str = "loss after the last step",
    title: str | None = "Final loss against the learning rate",
):
    """Final loss against learning rate (log-log), one line per optimizer.

    ``data`` is a dict with ``names`` (the optimizers), ``learning_rates`` (m,), ``final``
    (array (len(names), m), the loss after the last step, ``inf`` for a diverged run) and
    ``best`` (dict name -> the chosen learning rate, which is starred). Diverged runs are left
    out of the line and marked with a cross at the top of the axes. ``labels`` renames the
    optimizers.
    """
    ax = _new_axes(ax)
    rates = data["learning_rates"]
    with style():
        finite = data["final"][np.isfinite(data["final"])]
        top = float(finite.max()) * 3 if finite.size else 1.0
        for i, name in enumerate(data["names"]):
            color = COLORS[i % len(COLORS)]
            values = data["final"][i]
            ok = np.isfinite(values)
            label = (labels or {}).get(name, name)
            ax.plot(rates[ok], np.clip(values[ok], 1e-16, None), marker="o", markersize=4, color=color,
                    label=label, gid="sweep:" + name)
            if (~ok).any():
                # one row of crosses per optimizer, so that they do not hide each other
                ax.plot(rates[~ok], np.full((~ok).sum(), top * 2.5**i), marker="X", linestyle="none",
                        color=color, markersize=7)
            j = int(np.argmin(np.abs(rates - data["best"][name])))
            if ok[j]:
                ax.plot([rates[j]], [max(values[j], 1e-16)], marker="*", markersize=14, color=color,
                        markeredgecolor="black", linestyle="none")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("learning rate η (log scale)")
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        ax.legend(loc="best")
    return ax


def compute_function_grid(loss: Callable, x_range, y_range, resolution: int = 120) -> dict[str, np.ndarray]:
    """A function of two variables on a grid, in the layout of
    :func:`paramcourse.plots.plot_loss_surface`: ``loss[i, j] = f((x[j], y[i]))``.

    Returns
    -------
    dict with ``w`` (the first coordinate, (m,)), ``b`` (the second, (m,)) and ``loss`` (m, m).
    """
    check_callable(loss, "loss")
    x_lo, x_hi = check_range(x_range, "x_range")
    y_lo, y_hi = check_range(y_range, "y_range")
    m = check_count(resolution, "resolution", minimum=5)
    xs, ys = np.linspace(x_lo, x_hi, m), np.linspace(y_lo, y_hi, m)
    values = np.array([[loss(np.array([x, y])) for x in xs] for y in ys])
    return {"w": xs, "b": ys, "loss": values}


def _as_runs(runs) -> Mapping[str, Any]:
    """``runs`` in the layout of :func:`compute_optimizer_runs`: that output itself, or a dict of
    label -> :class:`paramcourse.optim.Trajectory` (what a loop over ``optim.minimize`` collects)."""
    if isinstance(runs, Mapping) and "labels" in runs and "params" in runs:
        return runs
    if isinstance(runs, Mapping) and runs and all(hasattr(t, "params") and hasattr(t, "losses")
                                                  for t in runs.values()):
        trajectories = list(runs.values())
        return {
            "labels": [str(label) for label in runs],
            "params": [np.asarray(t.params, dtype=float) for t in trajectories],
            "losses": [np.asarray(t.losses, dtype=float) for t in trajectories],
            "diverged": [bool(getattr(t, "diverged", False)) for t in trajectories],
        }
    raise ValueError(
        "runs must be the output of compute_optimizer_runs or a dict of label -> optim.Trajectory; "
        f"got {type(runs).__name__}"
    )


def plot_optimizer_paths(
    runs: Mapping[str, Any],
    grid: Mapping[str, np.ndarray],
    ax=None,
    *,
    minimum: tuple[float, float] | None = (0.0, 0.0),
    levels: int = 14,
    title: str | None = "Paths of the optimizers",
    legend: bool = True,
):
    """The paths of :func:`compute_optimizer_runs` over the contour lines of ``grid``.

    ``runs`` may also be a dict of label -> :class:`paramcourse.optim.Trajectory`. ``grid`` is
    the output of :func:`compute_function_grid`; each path has ``gid="trajectory:" + label``.
    Coordinates are labelled ``x₀`` and ``x₁`` (arbitrary units).
    """
    from paramcourse.plots.surfaces import plot_loss_surface

    runs = _as_runs(runs)

    return plot_loss_surface(
        grid,
        ax,
        trajectories=dict(zip(runs["labels"], runs["params"])),
        minimum=minimum,
        levels=levels,
        colorbar=False,
        title=title,
        legend=legend,
        xlabel="parameter x₀ (arbitrary units)",
        ylabel="parameter x₁ (arbitrary units)",
    )


def plot_optimizer_losses(
    runs: Mapping[str, Any],
    ax=None,
    *,
    title: str | None = "Loss during the run",
    legend: bool = True,
):
    """Loss against step (log scale) for the runs of :func:`compute_optimizer_runs` (or a dict of
    label -> :class:`paramcourse.optim.Trajectory`)."""
    from paramcourse.plots.descent import plot_loss_curves

    runs = _as_runs(runs)
    return plot_loss_curves(
        {"losses": runs["losses"], "learning_rates": runs.get("learning_rates", [np.nan] * len(runs["losses"])),
         "diverged": runs["diverged"]},
        ax,
        labels=runs["labels"],
        ylabel="loss f(x)",
        title=title,
        legend=legend,
    )


# --------------------------------------------------------------------------------------------
# Learning-rate schedules
# --------------------------------------------------------------------------------------------


def compute_schedules(schedules: Mapping[str, Callable[[int], float]], n_steps: int) -> dict[str, Any]:
    """The learning rate of each schedule at steps ``0 .. n_steps - 1``.

    Returns
    -------
    dict with ``steps`` (n_steps,) and ``rates`` (dict label -> array (n_steps,)).
    """
    n_steps = check_count(n_steps, "n_steps")
    steps = np.arange(n_steps)
    rates = {}
    for label, schedule in schedules.items():
        check_callable(schedule, f"schedule {label!r}")
        rates[str(label)] = np.array([as_scalar(schedule(int(t)), f"{label}({t})") for t in steps])
    return {"steps": steps, "rates": rates}


def plot_schedules(data: Mapping[str, Any], ax=None, *, title: str | None = "Learning-rate schedules"):
    """The learning rate against the step for each schedule of :func:`compute_schedules`."""
    ax = _new_axes(ax)
    with style():
        for i, (label, rates) in enumerate(data["rates"].items()):
            ax.plot(data["steps"], rates, color=COLORS[i % len(COLORS)], label=label, gid="schedule:" + label)
        ax.set_xlabel("step t")
        ax.set_ylabel("learning rate η at step t")
        ax.set_ylim(bottom=0)
        if title:
            ax.set_title(title)
        ax.legend(loc="best")
    return ax


# --------------------------------------------------------------------------------------------
# Weight decay: Adam with an L2 term versus AdamW
# --------------------------------------------------------------------------------------------


def plot_decay_comparison(data: Mapping[str, Any], ax=None, *, title: str | None = "Weight decay in Adam and AdamW"):
    """Weights trained by Adam with an L2 term and by AdamW, against the step.

    ``data`` holds ``noise_scales`` (k,): the gradient noise of each weight; ``steps``
    (n_steps + 1,); ``adam`` and ``adamw``: arrays (n_steps + 1, k) of the weights after each
    step (chapter 6 trains them). Colour tells the optimizer, line style the gradient noise.
    """
    ax = _new_axes(ax)
    styles = ["-", "--", ":", "-."]
    with style():
        for key, name, color in (("adam", "Adam + L2", PALETTE["vermillion"]), ("adamw", "AdamW", PALETTE["blue"])):
            for i, s in enumerate(data["noise_scales"]):
                ax.plot(data["steps"], data[key][:, i], color=color, linestyle=styles[i % len(styles)],
                        linewidth=1.6, label=f"{name}, gradient noise σ = {s:g}", gid=f"decay:{key}:{i}")
        ax.axhline(0.0, color=GREY, linewidth=0.8)
        ax.set_xlabel("step t")
        ax.set_ylabel("weight θ (arbitrary units)")
        if title:
            ax.set_title(title)
        ax.legend(loc="best")
    return ax


def plot_path_panels(
    runs: Mapping[str, Any],
    grid: Mapping[str, np.ndarray],
    *,
    minimum: tuple[float, float] | None = (0.0, 0.0),
    ncols: int = 2,
    panel_size: tuple[float, float] = (4.2, 3.4),
    levels: int = 14,
):
    """Small multiples: one panel per run of :func:`compute_optimizer_runs` (or per entry of a
    dict of label -> :class:`paramcourse.optim.Trajectory`), each path over the same contour
    lines of ``grid``, titled with the run's label and its final loss.

    Returns
    -------
    fig : matplotlib Figure
    axes : ndarray of Axes, one per run (flattened; unused panels are removed)
    """
    from paramcourse.plots.style import small_multiples
    from paramcourse.plots.surfaces import plot_loss_surface

    runs = _as_runs(runs)
    n = len(runs["labels"])
    ncols = check_count(ncols, "ncols")
    nrows = -(-n // ncols)
    fig, axes = small_multiples(nrows, ncols, panel_size=panel_size, sharex=True, sharey=True)
    flat = axes.ravel()
    for i, (label, path, values, diverged) in enumerate(
        zip(runs["labels"], runs["params"], runs["losses"], runs["diverged"])
    ):
        ax = flat[i]
        plot_loss_surface(grid, ax, trajectories={label: path}, minimum=minimum, levels=levels,
                          colorbar=False, legend=False, title=None,
                          xlabel="x₀ (arbitrary units)", ylabel="x₁ (arbitrary units)")
        ax.get_lines()[-2].set_color(COLORS[i % len(COLORS)])
        ax.get_lines()[-1].set_markeredgecolor(COLORS[i % len(COLORS)])
        end = "diverged" if diverged else f"final loss {values[-1]:.2g}"
        ax.set_title(f"{label}\n{end}", fontsize=10)
    for ax in flat[n:]:
        fig.delaxes(ax)
    for ax in axes[:-1].ravel():
        ax.set_xlabel("")
    for ax in axes[:, 1:].ravel():
        ax.set_ylabel("")
    return fig, flat[:n]
