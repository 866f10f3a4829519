r"""Figures of hyperparameter search (chapter 14): grid and random layouts on an objective with
one unimportant hyperparameter, their regret against the budget, k-fold splits, the Gaussian-
process surrogate with expected improvement, the optimism of the winner's cross-validation
score, and the rounds of successive halving.

The searches themselves live in :mod:`paramcourse.tuning` and :mod:`paramcourse.bayesopt`;
this module only computes the numbers behind the figures and draws them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from paramcourse._validation import (
    check_callable,
    check_choice,
    check_count,
    check_positive,
    check_rng,
)
from paramcourse.plots.style import CMAP, COLORS, GREY, PALETTE, _new_axes, style

# --------------------------------------------------------------------------------------------
# Grid versus random search
# --------------------------------------------------------------------------------------------


def separable_objective(x1, x2, *, optimum=(0.3, 0.6), weights=(1.0, 0.05), width: float = 0.1):
    r"""A validation loss over two hyperparameters scaled to :math:`[0, 1]`, one of them unimportant.

    .. math:: f(x_1, x_2) = w_1 \big(1 - e^{-(x_1 - a_1)^2 / (2 s^2)}\big)
                          + w_2 \big(1 - e^{-(x_2 - a_2)^2 / (2 s^2)}\big)

    with optimum :math:`a`, weights :math:`w` and width :math:`s`; its minimum is 0 at
    :math:`a`. With :math:`w_2 \ll w_1` only :math:`x_1` matters, the situation that
    Bergstra and Bengio (2012) found common in practice ("low effective dimensionality").

    Returns
    -------
    ndarray of the broadcast shape of ``x1`` and ``x2``.
    """
    a1, a2 = optimum
    w1, w2 = weights
    s2 = 2.0 * check_positive(width, "width") ** 2
    x1, x2 = np.asarray(x1, dtype=float), np.asarray(x2, dtype=float)
    return w1 * (1.0 - np.exp(-((x1 - a1) ** 2) / s2)) + w2 * (1.0 - np.exp(-((x2 - a2) ** 2) / s2))


def _grid_points(n_trials: int) -> np.ndarray:
    m = math.isqrt(n_trials)
    if m * m != n_trials:
        raise ValueError(f"n_trials must be a perfect square for an m x m grid; got {n_trials}")
    values = (np.arange(m) + 0.5) / m  # cell centres: the grid's fairest placement
    g1, g2 = np.meshgrid(values, values, indexing="ij")
    return np.column_stack([g1.ravel(), g2.ravel()])


def compute_search_layouts(
    n_trials: int = 9,
    *,
    optimum=(0.3, 0.6),
    weights=(1.0, 0.05),
    rng: np.random.Generator,
    n_grid: int = 121,
) -> dict[str, Any]:
    """Trials of a grid search (``m x m`` cell centres) and of a random search with the same budget.

    Both search the unit square for the minimum of :func:`separable_objective`. The grid has
    only ``m = sqrt(n_trials)`` distinct values of each hyperparameter; random search has
    ``n_trials`` distinct values of each (with probability 1).

    Returns
    -------
    dict with ``x`` (n_grid,), ``z`` (n_grid, n_grid) the objective on a fine grid
    (``z[i, j]`` at ``x2 = x[i], x1 = x[j]``), ``points`` and ``values`` (dicts keyed
    ``"grid"`` and ``"random"``, points of shape (n_trials, 2)), ``best`` (same keys: the best
    value found), ``optimum`` and ``weights``.
    """
    n_trials = check_count(n_trials, "n_trials", minimum=4)
    rng = check_rng(rng)
    x = np.linspace(0.0, 1.0, check_count(n_grid, "n_grid", minimum=2))
    X1, X2 = np.meshgrid(x, x)
    points = {"grid": _grid_points(n_trials), "random": rng.random((n_trials, 2))}
    values = {k: separable_objective(p[:, 0], p[:, 1], optimum=optimum, weights=weights)
              for k, p in points.items()}
    return {
        "x": x,
        "z": separable_objective(X1, X2, optimum=optimum, weights=weights),
        "points": points,
        "values": values,
        "best": {k: float(v.min()) for k, v in values.items()},
        "optimum": tuple(optimum),
        "weights": tuple(weights),
    }


def plot_search_layout(layout: Mapping[str, Any], kind: str = "grid", ax=None, *, title: str | None = None):
    """Contours of the objective, the trials of one search, and their projections on each axis.

    The short ticks along the bottom and left edges (``gid="rug-x1"``, ``gid="rug-x2"``) are
    the values of each hyperparameter that the search tried. The trials have ``gid="trials"``,
    the best one ``gid="best-trial"``, the true optimum ``gid="optimum"``.
    """
    kind = check_choice(kind, "kind", ("grid", "random"))
    ax = _new_axes(ax)
    pts, vals = layout["points"][kind], layout["values"][kind]
    color = PALETTE["vermillion"] if kind == "grid" else PALETTE["blue"]
    with style():
        ax.contourf(layout["x"], layout["x"], layout["z"], levels=12, cmap=CMAP, alpha=0.85)
        ax.scatter(pts[:, 0], pts[:, 1], s=48, color="white", edgecolors=color, linewidths=2.0,
                   zorder=3, gid="trials", label=f"{kind} trials")
        j = int(np.argmin(vals))
        ax.scatter([pts[j, 0]], [pts[j, 1]], s=130, marker="o", facecolors="none",
                   edgecolors=PALETTE["black"], linewidths=2.0, zorder=4, gid="best-trial",
                   label="best trial")
        ax.plot(*layout["optimum"], marker="*", markersize=15, color=PALETTE["yellow"],
                markeredgecolor=PALETTE["black"], linestyle="none", zorder=5, gid="optimum",
                label="true optimum")
        for i, gid in ((0, "rug-x1"), (1, "rug-x2")):
            coords = np.unique(pts[:, i])
            if i == 0:
                lines = ax.vlines(coords, 0.0, 0.05, color=color, linewidth=2.2, gid=gid)
            else:
                lines = ax.hlines(coords, 0.0, 0.05, color=color, linewidth=2.2, gid=gid)
            lines.set_clip_on(True)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_aspect("equal")
        ax.set_xlabel("important hyperparameter h₁ (scaled to [0, 1])")
        ax.set_ylabel("unimportant hyperparameter h₂ (scaled)")
        n_distinct = np.unique(pts[:, 0]).size
        if title is None:
            title = f"{kind.capitalize()} search: {len(pts)} trials, {n_distinct} values of h₁"
        ax.set_title(title, fontsize=11)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=3, fontsize=8,
                  handletextpad=0.3, columnspacing=0.8)
    return ax


def compute_search_regret(
    budgets: Sequence[int],
    weight_sets: Mapping[str, tuple[float, float]],
    *,
    n_repeats: int = 500,
    rng: np.random.Generator,
) -> dict[str, Any]:
    r"""Average regret of grid and random search against the budget, over random objectives.

    For each repeat the optimum :math:`a` of :func:`separable_objective` is drawn uniformly
    from :math:`[0.1, 0.9]^2`; the regret of a search is the best value it found minus the
    minimum 0. The grid uses the :math:`m \times m` cell centres with :math:`m^2` = budget;
    random search draws budget points uniformly.

    Parameters
    ----------
    budgets : sequence of int
        Perfect squares (4, 9, 16, ...).
    weight_sets : dict of str to (w1, w2)
        One objective per entry, e.g. ``{"one important": (1, 0.05), "both important": (1, 1)}``.
    n_repeats : int
    rng : numpy.random.Generator

    Returns
    -------
    dict with ``budgets`` (b,) and ``curves``: for each label a dict with ``grid`` and
    ``random`` (b,) mean regrets and ``grid_se``, ``random_se`` their standard errors.
    """
    budgets = [check_count(int(b), "budgets", minimum=4) for b in budgets]
    n_repeats = check_count(n_repeats, "n_repeats", minimum=2)
    rng = check_rng(rng)
    grids = {b: _grid_points(b) for b in budgets}
    curves = {}
    for label, weights in weight_sets.items():
        regret = {"grid": np.empty((len(budgets), n_repeats)), "random": np.empty((len(budgets), n_repeats))}
        for r in range(n_repeats):
            a = tuple(rng.uniform(0.1, 0.9, size=2))
            for i, b in enumerate(budgets):
                for kind, pts in (("grid", grids[b]), ("random", rng.random((b, 2)))):
                    regret[kind][i, r] = separable_objective(pts[:, 0], pts[:, 1], optimum=a,
                                                             weights=weights).min()
        curves[label] = {
            "grid": regret["grid"].mean(axis=1),
            "random": regret["random"].mean(axis=1),
            "grid_se": regret["grid"].std(axis=1, ddof=1) / np.sqrt(n_repeats),
            "random_se": regret["random"].std(axis=1, ddof=1) / np.sqrt(n_repeats),
        }
    return {"budgets": np.array(budgets), "curves": curves}


def plot_search_regret(regret: Mapping[str, Any], ax=None, *, title: str | None = "Regret against budget"):
    """Mean regret (log scale) of grid and random search against the number of trials.

    Colour tells the method (grid vermillion, random blue), line style the objective.
    Lines have ``gid="<method>:<label>"``.
    """
    ax = _new_axes(ax)
    budgets = regret["budgets"]
    styles = ("-", "--", ":", "-.")
    with style():
        for i, (label, curve) in enumerate(regret["curves"].items()):
            for kind, color, marker in (("grid", PALETTE["vermillion"], "s"), ("random", PALETTE["blue"], "o")):
                ax.plot(budgets, curve[kind], color=color, linestyle=styles[i % 4], marker=marker,
                        markersize=5, label=f"{kind} search, {label}", gid=f"{kind}:{label}")
                ax.errorbar(budgets, curve[kind], yerr=curve[f"{kind}_se"], fmt="none", ecolor=color,
                            capsize=2, linewidth=1.0)
        ax.set_yscale("log")
        ax.set_xlabel("number of trials (same for both methods)")
        ax.set_ylabel("mean regret: best found − true minimum\n(arbitrary units, log scale)")
        if title:
            ax.set_title(title)
        # Outside the axes: the curves fill the panel from corner to corner.
        ax.legend(fontsize=8.5, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
    return ax


# --------------------------------------------------------------------------------------------
# k-fold splits
# --------------------------------------------------------------------------------------------


def plot_k_fold(splits: Sequence[tuple[np.ndarray, np.ndarray]], ax=None, *, title: str | None = None):
    """Draw a k-fold split as a grid: one row per split, one column per sample.

    ``splits`` is the output of :func:`paramcourse.tuning.k_fold_indices`. Validation samples
    are orange, training samples blue. The image has ``gid="folds"``.
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    splits = list(splits)
    n = max(max(tr.max(initial=-1), va.max(initial=-1)) for tr, va in splits) + 1
    matrix = np.zeros((len(splits), n))
    for i, (_, va) in enumerate(splits):
        matrix[i, va] = 1.0
    ax = _new_axes(ax)
    with style():
        cmap = ListedColormap([PALETTE["sky"], PALETTE["orange"]])
        ax.imshow(matrix, cmap=cmap, vmin=0, vmax=1, aspect="auto", interpolation="nearest", gid="folds")
        ax.set_xticks(np.arange(-0.5, n, 1.0), minor=True)
        ax.set_yticks(np.arange(-0.5, len(splits), 1.0), minor=True)
        ax.grid(False)
        ax.grid(which="minor", color="white", linewidth=1.0)
        ax.tick_params(which="minor", length=0)
        ax.set_yticks(range(len(splits)), [f"split {i + 1}" for i in range(len(splits))])
        ax.set_xlabel("sample index")
        ax.set_ylabel("split (model fitted once per split)")
        ax.legend(handles=[Patch(color=PALETTE["sky"], label="training"),
                           Patch(color=PALETTE["orange"], label="validation")],
                  loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=2, fontsize=9)
        if title is None:
            title = f"{len(splits)}-fold cross-validation of {n} samples"
        ax.set_title(title)
    return ax


# --------------------------------------------------------------------------------------------
# Bayesian optimization
# --------------------------------------------------------------------------------------------


def compute_bo_snapshot(
    result: Mapping[str, Any],
    step: int,
    *,
    objective: Callable | None = None,
    xi: float = 0.01,
    n_grid: int = 300,
) -> dict[str, Any]:
    """The surrogate and expected improvement that step ``step`` of a 1-D Bayesian optimization saw.

    Refits :func:`paramcourse.bayesopt.fit_surrogate` to the first ``n_init + step``
    observations of ``result`` (the output of :func:`paramcourse.bayesopt.bayes_opt_minimize`),
    exactly as the loop did, and evaluates its mean, standard deviation and expected improvement
    (in the units of the objective, margin ``xi`` in standardized units as in the loop) on a
    grid. The point the loop chose next is ``X[n_init + step]``.

    Returns
    -------
    dict with ``x`` (n_grid,), ``mean``, ``std``, ``ei`` (n_grid,), ``truth`` (n_grid,) or
    None, ``X_obs`` (m,), ``y_obs`` (m,), ``next_x`` (float or None when ``step`` is past the
    end), ``step`` and ``length_scale``.
    """
    from paramcourse import bayesopt

    box = np.asarray(result["bounds"], dtype=float)
    if box.shape != (1, 2):
        raise ValueError(f"compute_bo_snapshot draws 1-D problems only; got bounds of shape {box.shape}")
    step = check_count(step, "step", minimum=0)
    m = result["n_init"] + step
    if m > len(result["y"]):
        raise ValueError(f"step must be at most {len(result['y']) - result['n_init']}; got {step}")
    X_obs, y_obs = result["X"][:m], result["y"][:m]
    surrogate = bayesopt.fit_surrogate(X_obs, y_obs, box)
    x = np.linspace(box[0, 0], box[0, 1], check_count(n_grid, "n_grid", minimum=2))
    mean, std = surrogate["predict"](x[:, None])
    s = surrogate["y_std"]
    ei = s * bayesopt.expected_improvement((mean - surrogate["y_mean"]) / s, std / s,
                                           (y_obs.min() - surrogate["y_mean"]) / s, xi)
    truth = None
    if objective is not None:
        check_callable(objective, "objective")
        truth = np.array([float(objective(np.array([v]))) for v in x])
    return {
        "x": x,
        "mean": mean,
        "std": std,
        "ei": ei,
        "truth": truth,
        "X_obs": X_obs[:, 0],
        "y_obs": y_obs,
        "next_x": float(result["X"][m, 0]) if m < len(result["y"]) else None,
        "step": step,
        "length_scale": surrogate["length_scale"],
    }


def plot_gp_posterior(
    snapshot: Mapping[str, Any],
    ax=None,
    *,
    xlabel: str = "hyperparameter h",
    ylabel: str = "objective (validation error)",
    legend: bool = True,
    title: str | None = None,
):
    """The surrogate: observations, posterior mean, a ±2 standard-deviation band and the truth.

    Artists: ``gid="gp-mean"``, ``gid="gp-band"``, ``gid="observations"``, ``gid="truth"``
    (when known), ``gid="next-point"`` (a vertical line where the next trial goes).
    """
    ax = _new_axes(ax)
    x = snapshot["x"]
    with style():
        if snapshot["truth"] is not None:
            ax.plot(x, snapshot["truth"], color=PALETTE["black"], linestyle="--", linewidth=1.3,
                    label="true objective", gid="truth")
        ax.fill_between(x, snapshot["mean"] - 2 * snapshot["std"], snapshot["mean"] + 2 * snapshot["std"],
                        color=PALETTE["sky"], alpha=0.35, linewidth=0, label="mean ± 2 sd", gid="gp-band")
        ax.plot(x, snapshot["mean"], color=PALETTE["blue"], label="posterior mean", gid="gp-mean")
        ax.plot(snapshot["X_obs"], snapshot["y_obs"], "o", color=PALETTE["vermillion"],
                markeredgecolor=PALETTE["black"], markersize=6, label="observed trials",
                gid="observations", zorder=4)
        if snapshot["next_x"] is not None:
            ax.axvline(snapshot["next_x"], color=PALETTE["green"], linestyle=":", linewidth=1.8,
                       label="next trial", gid="next-point")
        ax.set_xlim(x[0], x[-1])
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title is None:
            title = f"after {len(snapshot['y_obs'])} trials"
        ax.set_title(title)
        if legend:
            ax.legend(fontsize=8, loc="upper center")
    return ax


def plot_acquisition(
    snapshot: Mapping[str, Any],
    ax=None,
    *,
    xlabel: str = "hyperparameter h",
    title: str | None = None,
):
    """Expected improvement over the grid, with the next trial marked (``gid="ei"``, ``gid="next-point"``)."""
    ax = _new_axes(ax)
    x = snapshot["x"]
    with style():
        ax.fill_between(x, 0.0, snapshot["ei"], color=PALETTE["green"], alpha=0.25, linewidth=0)
        ax.plot(x, snapshot["ei"], color=PALETTE["green"], label="expected improvement", gid="ei")
        if snapshot["next_x"] is not None:
            ax.axvline(snapshot["next_x"], color=PALETTE["green"], linestyle=":", linewidth=1.8,
                       gid="next-point")
        ax.set_xlim(x[0], x[-1])
        ax.set_ylim(bottom=0.0)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("expected improvement\n(units of the objective)")
        if title:
            ax.set_title(title)
    return ax


def plot_best_so_far(runs: Mapping[str, Any], ax=None, *, optimum: float | None = None,
                     title: str | None = "Best value found so far"):
    """Best objective value so far against the trial number, one line (mean over runs) per method.

    ``runs`` maps a label to an array of shape (n_runs, n_trials) or (n_trials,) of observed
    values in trial order. Without ``optimum`` the mean best value is drawn; with it, the mean
    gap ``best - optimum`` on a log scale (``optimum`` must not exceed any observed value).
    Lines have ``gid="best:<label>"``.
    """
    ax = _new_axes(ax)
    with style():
        for i, (label, values) in enumerate(runs.items()):
            values = np.atleast_2d(np.asarray(values, dtype=float))
            best = np.minimum.accumulate(values, axis=1).mean(axis=0)
            if optimum is not None:
                if np.any(values < optimum):
                    raise ValueError("optimum must not exceed any observed value")
                best = best - optimum
            ax.plot(np.arange(1, best.size + 1), best, color=COLORS[i % len(COLORS)], marker="o",
                    markersize=3.5, label=label, gid=f"best:{label}")
        ax.set_xlabel("trial number")
        if optimum is not None:
            ax.set_yscale("log")
            ax.set_ylabel("best value so far − minimum\n(log scale)")
        else:
            ax.set_ylabel("best objective value so far")
        if title:
            ax.set_title(title)
        ax.legend(fontsize=9)
    return ax


# --------------------------------------------------------------------------------------------
# Nested cross-validation: the optimism of the winner's score
# --------------------------------------------------------------------------------------------


def plot_selection_bias(bias: Mapping[str, Any], ax=None, *, title: str | None = "Three estimates, many data sets"):
    """Per-repeat values (dots, joined per data set) and means (bars) of the three error estimates.

    ``bias`` is a dict with ``inner`` (the cross-validation score of the winner of each
    search), ``true`` (the winner's true expected error) and ``nested`` (the nested
    cross-validation estimate), arrays of one value per simulated data set, and ``noise_var``
    (drawn as a dotted line). Means are drawn with ``gid="mean:<key>"``.
    """
    ax = _new_axes(ax)
    keys = ("inner", "true", "nested")
    labels = ("CV score\nof the winner", "true error\nof the winner", "nested CV\nestimate")
    colors = (PALETTE["vermillion"], PALETTE["black"], PALETTE["blue"])
    values = np.array([bias[k] for k in keys])
    with style():
        for r in range(values.shape[1]):
            ax.plot(range(3), values[:, r], color=GREY, linewidth=0.6, alpha=0.5, zorder=1)
        for i, (key, color) in enumerate(zip(keys, colors)):
            ax.scatter(np.full(values.shape[1], i), values[i], s=16, color=color, alpha=0.7, zorder=2)
            ax.hlines(values[i].mean(), i - 0.3, i + 0.3, color=color, linewidth=3.0, zorder=3,
                      gid=f"mean:{key}")
            ax.annotate(f"mean {values[i].mean():.3f}", (i + 0.32, values[i].mean()), fontsize=9,
                        va="center", color=color)
        ax.axhline(bias["noise_var"], color=GREY, linestyle=":", linewidth=1.2, label="noise variance σ²")
        ax.set_xticks(range(3), labels)
        ax.set_xlim(-0.5, 2.9)
        ax.set_xlabel("estimate")
        ax.set_ylabel("mean squared error")
        if title:
            ax.set_title(title)
        ax.legend(loc="upper left", fontsize=8.5)
    return ax


# --------------------------------------------------------------------------------------------
# Successive halving
# --------------------------------------------------------------------------------------------


def plot_halving_scores(result: Mapping[str, Any], ax=None, *, budget_label: str = "budget",
                        title: str | None = "Successive halving"):
    """Each candidate's score against the budget of the rounds it survived (log budget axis).

    ``result`` is the output of :func:`paramcourse.tuning.successive_halving`. The winner's
    line is black (``gid="winner"``); the others have ``gid="candidate:<index>"``.
    """
    ax = _new_axes(ax)
    rounds = result["rounds"]
    history: dict[int, tuple[list, list]] = {}
    for r in rounds:
        for i, s in zip(r["indices"], r["scores"]):
            history.setdefault(int(i), ([], []))
            history[int(i)][0].append(r["budget"])
            history[int(i)][1].append(s)
    with style():
        for i, (budgets, scores) in history.items():
            survived = len(budgets)
            if i == result["best_index"]:
                continue
            ax.plot(budgets, scores, color=COLORS[(survived - 1) % len(COLORS)], marker="o",
                    markersize=3.5, linewidth=1.0, alpha=0.8, gid=f"candidate:{i}")
        budgets, scores = history[result["best_index"]]
        ax.plot(budgets, scores, color=PALETTE["black"], marker="o", linewidth=2.4, label="winner",
                gid="winner", zorder=4)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks([r["budget"] for r in rounds], [str(r["budget"]) for r in rounds])
        ax.minorticks_off()
        for r in rounds:
            ax.annotate(f"{r['indices'].size} left", (r["budget"], 1.0), xycoords=("data", "axes fraction"),
                        ha="center", va="bottom", fontsize=9)
        ax.set_xlabel(f"{budget_label} (log scale)")
        ax.set_ylabel("validation MSE (log scale)")
        if title:
            ax.set_title(title, pad=18)
        ax.legend(loc="upper right", fontsize=9)
    return ax


def plot_halving_budgets(result: Mapping[str, Any], ax=None, *, budget_label: str = "budget",
                         title: str | None = "Budget spent per round"):
    r"""Bars of the budget spent in each round (candidates × budget each), labelled ``n × b``.

    ``result`` is the output of :func:`paramcourse.tuning.successive_halving`. With
    :math:`\eta`-fold reduction every round costs about the same, while the budget per
    candidate grows by :math:`\eta`. Bars have ``gid="round:<r>"``.
    """
    ax = _new_axes(ax)
    rounds = result["rounds"]
    spent = [r["budget"] * r["indices"].size for r in rounds]
    with style():
        for i, (r, s) in enumerate(zip(rounds, spent)):
            ax.bar(i, s, color=PALETTE["blue"], width=0.65, gid=f"round:{i}")
            ax.annotate(f"{r['indices'].size} × {r['budget']}", (i, s), ha="center", va="bottom", fontsize=9)
        ax.set_xticks(range(len(rounds)), [f"round {i + 1}" for i in range(len(rounds))])
        ax.set_xlabel("round")
        ax.set_ylabel(f"total {budget_label} in the round")
        ax.set_ylim(0, 1.2 * max(spent))
        if title:
            ax.set_title(title)
    return ax


__all__ = [
    "compute_bo_snapshot",
    "compute_search_layouts",
    "compute_search_regret",
    "plot_acquisition",
    "plot_best_so_far",
    "plot_gp_posterior",
    "plot_halving_budgets",
    "plot_halving_scores",
    "plot_k_fold",
    "plot_search_layout",
    "plot_search_regret",
    "plot_selection_bias",
    "separable_objective",
]
