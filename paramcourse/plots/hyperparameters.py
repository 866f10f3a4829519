r"""Figures of the key hyperparameters of neural networks (chapter 12), all made by training the
NumPy :class:`paramcourse.mlp.MLPClassifier`: the learning-rate range test, training curves
per setting of one hyperparameter (over epochs or over optimizer steps), the final validation
accuracy against the setting, the training and validation loss of one run with its best epoch,
and validation accuracy against width for a few depths.

The chapter trains the networks (the sweeps over a hyperparameter, the width-depth grid) and
passes what it recorded to the plots as dicts. One run is one random draw, though: a difference
between two single runs of a few accuracy points can be noise. The sweep and width-depth plots
therefore also accept repeated runs (a chapter trains them, one per seed and split) and draw their
mean with the range from the worst to the best run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from paramcourse.plots.style import COLORS, GREY, PALETTE, _new_axes, style

_METRICS = {
    "val_score": ("val_score_curve_", "validation accuracy"),
    "val_loss": ("val_loss_curve_", "validation cross-entropy"),
    "train_loss": ("loss_curve_", "training objective"),
}


def _format(name: str, value) -> str:
    symbols = {"learning_rate": "η", "batch_size": "B", "dropout": "p", "weight_decay": "λ"}
    if name in symbols:
        return f"{symbols[name]} = {value:g}"
    return f"{name} = {value}" if name != "training data" else str(value)


def plot_lr_range_test(data: Mapping[str, Any], ax=None, *, suggested: float | None = None,
                       title: str | None = "Learning-rate range test"):
    """Mini-batch loss (raw and smoothed) against the learning rate of :func:`paramcourse.mlp.lr_range_test`.

    The rate at the smallest smoothed loss is marked; ``suggested`` (optional) adds a dashed line.
    """
    ax = _new_axes(ax)
    with style():
        ax.plot(data["learning_rates"], data["losses"], color=GREY, linewidth=0.8, alpha=0.7,
                label="loss of each mini-batch", gid="raw")
        ax.plot(data["learning_rates"], data["smoothed"], color=PALETTE["blue"], label="smoothed loss",
                gid="smoothed")
        i = int(np.argmin(np.where(np.isfinite(data["smoothed"]), data["smoothed"], np.inf)))
        ax.plot([data["lr_at_min"]], [data["smoothed"][i]], marker="v", markersize=9, linestyle="none",
                color=PALETTE["vermillion"], label=f"lowest smoothed loss, η = {data['lr_at_min']:.2g}",
                gid="at-min")
        if suggested is not None:
            ax.axvline(suggested, color=PALETTE["green"], linestyle="--",
                       label=f"chosen rate η = {suggested:.2g}", gid="suggested")
        ax.set_xscale("log")
        ax.set_xlabel("learning rate η (log scale)")
        ax.set_ylabel("training cross-entropy")
        top = np.nanmax(np.where(np.isfinite(data["smoothed"]), data["smoothed"], np.nan))
        ax.set_ylim(0.0, 1.15 * max(top, float(data["smoothed"][0])))
        if title:
            ax.set_title(title)
        ax.legend(loc="lower left")
    return ax


def plot_sweep_curves(data: Mapping[str, Any], ax=None, *, metric: str = "val_score", x: str = "epoch",
                      title: str | None = None):
    """One curve per setting of a sweep: ``metric`` against epochs or optimizer steps.

    Parameters
    ----------
    data : dict
        Built by the chapter, with ``name``, ``values``, ``diverged`` (one bool per setting), ``steps_per_epoch`` (for
        ``x="steps"``) and ``metric``. An entry ``data[metric][k]`` is either one curve of shape
        ``(n_epochs,)`` or repeated runs of shape ``(n_runs, n_epochs)``; repeated runs are drawn
        as their mean (line, ``gid="curve-k"``) with a band from the smallest to the largest
        value at each epoch (``gid="band-k"``).
    metric : {"val_score", "val_loss", "train_loss"}
    x : {"epoch", "steps"}
        ``"steps"`` puts the number of optimizer steps (epochs times steps per epoch) on the
        horizontal axis.
    """
    if metric not in _METRICS:
        raise ValueError(f"metric must be one of {sorted(_METRICS)}; got {metric!r}")
    if x not in ("epoch", "steps"):
        raise ValueError(f"x must be 'epoch' or 'steps'; got {x!r}")
    ax = _new_axes(ax)
    with style():
        for k, value in enumerate(data["values"]):
            runs = np.asarray(data[metric][k], dtype=float)
            if runs.ndim not in (1, 2) or runs.shape[-1] == 0:
                raise ValueError(f"data[{metric!r}][{k}] must have shape (n_epochs,) or (n_runs, n_epochs); "
                                 f"got {runs.shape}")
            curve = runs.mean(axis=0) if runs.ndim == 2 else runs
            epochs = np.arange(1, curve.size + 1)
            xs = epochs if x == "epoch" else epochs * data["steps_per_epoch"][k]
            color = COLORS[k % len(COLORS)]
            label = _format(data["name"], value) + (" (diverged)" if np.any(data["diverged"][k]) else "")
            if runs.ndim == 2 and runs.shape[0] > 1:
                ax.fill_between(xs, runs.min(axis=0), runs.max(axis=0), color=color, alpha=0.2,
                                linewidth=0, gid=f"band-{k}")
            ax.plot(xs, curve, color=color, marker="o" if curve.size < 3 else None,
                    label=label, gid=f"curve-{k}")
        ax.set_xlabel("epoch" if x == "epoch" else "optimizer steps (mini-batches)")
        ax.set_ylabel(_METRICS[metric][1])
        if x == "steps":
            ax.set_xscale("log")
            ax.set_xlabel("optimizer steps (mini-batches, log scale)")
        if title:
            ax.set_title(title)
        ax.legend(loc="best")
    return ax


def plot_sweep_summary(data: Mapping[str, Any], ax=None, *, log_x: bool = True, xlabel: str | None = None,
                       title: str | None = None):
    """Validation accuracy after the last epoch against the setting of a sweep; diverged runs as crosses."""
    ax = _new_axes(ax)
    values = np.asarray(data["values"], dtype=float)
    with style():
        plotted = values.copy()
        if log_x and np.any(values <= 0):
            # a zero setting (no dropout, no weight decay) is drawn half a step left of the smallest positive one
            positive = values[values > 0]
            plotted[values <= 0] = positive.min() / 10 if positive.size else 1.0
        ok = ~np.asarray(data["diverged"], dtype=bool)
        ax.plot(plotted[ok], data["final_val_score"][ok], color=PALETTE["blue"], marker="o",
                label="validation accuracy after the last epoch", gid="summary")
        if np.any(~ok):
            ax.plot(plotted[~ok], np.zeros(np.sum(~ok)), color=PALETTE["vermillion"], marker="x",
                    markersize=10, linestyle="none", label="diverged", gid="diverged")
        if log_x:
            ax.set_xscale("log")
            if np.any(values <= 0):
                ticks = list(plotted)
                ax.set_xticks(ticks)
                ax.set_xticklabels(["0" if v <= 0 else f"{v:g}" for v in values])
                ax.minorticks_off()
        ax.set_xlabel(xlabel or data["name"].replace("_", " ") + (" (log scale)" if log_x else ""))
        ax.set_ylabel("validation accuracy")
        ax.set_ylim(0.0, 1.02)
        if title:
            ax.set_title(title)
        ax.legend(loc="lower left")
    return ax


def plot_training_curves(data: Mapping[str, Any], index: int = 0, ax=None, *, title: str | None = None):
    """Training objective and validation loss of one run of a sweep, with its best epoch marked."""
    ax = _new_axes(ax)
    with style():
        train = np.asarray(data["train_loss"][index], dtype=float)
        val = np.asarray(data["val_loss"][index], dtype=float)
        ax.plot(np.arange(1, train.size + 1), train, color=PALETTE["blue"], label="training loss", gid="train")
        ax.plot(np.arange(1, val.size + 1), val, color=PALETTE["orange"], label="validation loss", gid="val")
        best = int(data["best_epoch"][index])
        ax.axvline(best, color=GREY, linestyle=":", gid="best-line")
        ax.plot([best], [val[best - 1]], marker="*", markersize=14, color=PALETTE["black"], linestyle="none",
                label=f"best epoch: {best}", gid="best")
        ax.set_xlabel("epoch")
        ax.set_ylabel("cross-entropy")
        if title:
            ax.set_title(title)
        ax.legend(loc="upper right")
    return ax


def plot_width_depth(data: Mapping[str, Any], ax=None, *, title: str | None = "Width and depth"):
    """Validation accuracy against hidden width (log scale), one line per depth.

    ``data`` has ``widths`` (m,), ``depths`` (q,) and ``val_score`` of shape
    ``(n_depths, n_widths)`` (one run) or ``(n_depths, n_widths, n_runs)`` (repeated runs): then
    the line joins the means and vertical bars (``gid="spread-<depth>"``) span the smallest to
    the largest run.
    """
    ax = _new_axes(ax)
    markers = ("o", "s", "^", "D")
    scores = np.asarray(data["val_score"], dtype=float)
    expected = (len(data["depths"]), len(data["widths"]))
    if scores.shape[:2] != expected or scores.ndim not in (2, 3):
        raise ValueError(f"val_score must have shape {expected} or {expected + ('n_runs',)}; got {scores.shape}")
    with style():
        widths = np.asarray(data["widths"], dtype=float)
        for i, depth in enumerate(data["depths"]):
            color = COLORS[i % len(COLORS)]
            mean = scores[i].mean(axis=-1) if scores.ndim == 3 else scores[i]
            xs = widths
            if scores.ndim == 3:
                xs = widths * 2.0 ** (0.06 * (i - (len(data["depths"]) - 1) / 2))  # keep the bars apart
                ax.vlines(xs, scores[i].min(axis=-1), scores[i].max(axis=-1), color=color,
                          alpha=0.6, linewidth=2, gid=f"spread-{depth}")
            ax.plot(xs, mean, color=color,
                    marker=markers[i % len(markers)],
                    label=f"{depth} hidden layer{'s' if depth > 1 else ''}", gid=f"depth-{depth}")
        ax.set_xscale("log", base=2)
        ax.set_xticks(data["widths"])
        ax.set_xticklabels([str(w) for w in data["widths"]])
        ax.minorticks_off()
        ax.set_xlabel("units per hidden layer (log scale)")
        ax.set_ylabel("validation accuracy")
        if title:
            ax.set_title(title)
        ax.legend(loc="lower right")
    return ax
