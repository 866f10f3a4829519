r"""Figures of inherited parameters (chapter 18): test accuracy of the ways to adapt a pretrained
network, batch normalization's running statistics following the data, and the memory of
parameters, gradients and optimizer state.

The chapter trains the adapted networks and runs batch normalization itself (with
:mod:`paramcourse.transfer`) and hands the numbers to :func:`plot_adaptation` and
:func:`plot_running_statistics`; :func:`compute_memory_breakdown` calls
:func:`paramcourse.transfer.training_memory`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from paramcourse._validation import as_matrix, as_vector, check_count
from paramcourse.plots.style import COLORS, GREY, PALETTE, _new_axes, style

__all__ = [
    "compute_adaptation",
    "compute_memory_breakdown",
    "plot_adaptation",
    "plot_memory_breakdown",
    "plot_running_statistics",
]


def compute_adaptation(strategies: Sequence[str], accuracy, trainable: Sequence[int]) -> dict[str, Any]:
    """Collect the test accuracies of several ways to adapt a network, over seeds.

    Parameters
    ----------
    strategies : sequence of str
        One name per way of adapting (a row of ``accuracy``).
    accuracy : array_like of shape (n_strategies, n_seeds)
        Test accuracy (fraction correct) of each strategy for each seed.
    trainable : sequence of int
        Trainable parameters of each strategy.

    Returns
    -------
    dict with ``strategies`` (list of str), ``accuracy`` (n_strategies, n_seeds), ``mean``,
    ``std`` (population standard deviation over seeds), ``min``, ``max`` and ``trainable``
    (int array), one entry per strategy.
    """
    names = [str(s) for s in strategies]
    acc = as_matrix(accuracy, "accuracy", columns="n_seeds", rows="n_strategies")
    if acc.shape[0] != len(names):
        raise ValueError(f"accuracy must have shape ({len(names)}, n_seeds) (one row per strategy); got {acc.shape}")
    counts = np.array([check_count(int(t), "trainable", minimum=0) for t in trainable])
    if counts.shape != (len(names),):
        raise ValueError(f"trainable must hold {len(names)} counts (one per strategy); got {counts.shape}")
    return {"strategies": names, "accuracy": acc, "mean": acc.mean(axis=1), "std": acc.std(axis=1),
            "min": acc.min(axis=1), "max": acc.max(axis=1), "trainable": counts}


def plot_adaptation(data: Mapping[str, Any], ax=None):
    """One column of dots per strategy (one dot per seed) and a bar at their mean.

    The tick labels give each strategy's trainable-parameter count.

    Returns
    -------
    matplotlib Axes; the dots of strategy ``i`` have ``gid=f"seeds:{i}"``, its mean line
    ``gid=f"mean:{i}"``.
    """
    acc = np.asarray(data["accuracy"], dtype=float)
    ax = _new_axes(ax, figsize=(7.2, 4.2))
    n_seeds = acc.shape[1]
    offsets = np.linspace(-0.12, 0.12, n_seeds) if n_seeds > 1 else np.zeros(1)
    with style():
        for i, row in enumerate(acc):
            color = COLORS[i % len(COLORS)]
            ax.scatter(i + offsets, row, color=color, s=28, zorder=3, gid=f"seeds:{i}",
                       label="one seed" if i == 0 else None)
            ax.plot([i - 0.25, i + 0.25], [row.mean()] * 2, color=PALETTE["black"], linewidth=2.2,
                    gid=f"mean:{i}", label="mean over seeds" if i == 0 else None)
        ax.set_xticks(np.arange(len(acc)))
        ax.set_xticklabels([f"{name}\n{count:,} trainable" for name, count
                            in zip(data["strategies"], data["trainable"])])
        ax.set_xlim(-0.6, len(acc) - 0.4)
        ax.set_xlabel("how the network is adapted")
        ax.set_ylabel("test accuracy (fraction correct)")
        ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_running_statistics(data: Mapping[str, Any], ax=None):
    """Batch means of one feature, the running mean that batch normalization keeps, and the
    mean of the data the batches come from, against the batch number.

    Parameters
    ----------
    data : dict
        ``batch_mean``, ``running_mean`` and ``data_mean`` (arrays of shape (T,), one entry per
        training batch; ``running_mean`` is the value after that batch's update), and
        optionally ``switch`` (the first batch from the new data, drawn as a dotted line) and
        ``feature`` (a name for the y label).

    Returns
    -------
    matplotlib Axes with artists ``gid="batch-mean"``, ``gid="running-mean"`` and
    ``gid="data-mean"``.
    """
    batch = as_vector(data["batch_mean"], "batch_mean")
    running = as_vector(data["running_mean"], "running_mean", batch.size, "len(batch_mean)")
    target = as_vector(data["data_mean"], "data_mean", batch.size, "len(batch_mean)")
    steps = np.arange(1, batch.size + 1)
    ax = _new_axes(ax)
    with style():
        ax.plot(steps, batch, color=PALETTE["sky"], marker="o", markersize=3, linestyle="none",
                gid="batch-mean", label="mean of each batch")
        ax.plot(steps, target, color=GREY, linestyle="--", linewidth=1.5, gid="data-mean",
                label="mean over all images of that data")
        ax.plot(steps, running, color=PALETTE["vermillion"], gid="running-mean",
                label="running mean (buffer)")
        if data.get("switch") is not None:
            ax.axvline(float(data["switch"]) - 0.5, color=PALETTE["black"], linestyle=":", linewidth=1.2)
        ax.set_xlabel("training batch")
        ax.set_ylabel(f"mean of {data.get('feature', 'the feature')}")
        ax.legend(loc="best", fontsize=8)
    return ax


def compute_memory_breakdown(setups: Sequence[tuple[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """Memory of parameters, gradients and optimizer state for several training setups.

    Parameters
    ----------
    setups : sequence of (label, kwargs)
        ``kwargs`` are passed to :func:`paramcourse.transfer.training_memory`, e.g.
        ``{"n_params": 7_000_000_000, "dtype": "float16", "optimizer": "sgd", "n_trainable": 0}``.

    Returns
    -------
    dict with ``labels`` and float arrays ``parameters``, ``gradients``, ``optimizer_state``
    and ``total`` in gigabytes (:math:`10^9` bytes).
    """
    from paramcourse import transfer

    if not setups:
        raise ValueError("setups must hold at least one (label, kwargs) pair")
    rows = [transfer.training_memory(**dict(kwargs)) for _, kwargs in setups]
    out: dict[str, Any] = {"labels": [str(label) for label, _ in setups]}
    for key in ("parameters", "gradients", "optimizer_state", "total"):
        out[key] = np.array([row[key] for row in rows], dtype=float) / 1e9
    return out


def plot_memory_breakdown(data: Mapping[str, Any], ax=None):
    """Stacked horizontal bars: parameters, gradients and optimizer state of each setup, in GB.

    Returns
    -------
    matplotlib Axes with bar containers ``gid="parameters"``, ``gid="gradients"`` and
    ``gid="optimizer_state"``.
    """
    labels = list(data["labels"])
    ax = _new_axes(ax, figsize=(7.6, 1.2 + 0.7 * len(labels)))
    y = np.arange(len(labels))
    left = np.zeros(len(labels))
    parts = [("parameters", "parameters", PALETTE["blue"]), ("gradients", "gradients", PALETTE["orange"]),
             ("optimizer_state", "optimizer state", PALETTE["green"])]
    with style():
        for key, label, color in parts:
            values = np.asarray(data[key], dtype=float)
            ax.barh(y, values, left=left, height=0.6, color=color, label=label, gid=key)
            left = left + values
        for i, total in enumerate(left):
            ax.text(total + left.max() * 0.01, i, f"{total:,.0f} GB", va="center", fontsize=9)
        ax.set_xlim(0, left.max() * 1.15)
        ax.set_yticks(y)
        ax.set_yticklabels(labels)
        ax.invert_yaxis()
        ax.set_xlabel("memory (GB, 10⁹ bytes)")
        ax.set_ylabel("setup")
        ax.legend(loc="lower right", fontsize=8)
    return ax
