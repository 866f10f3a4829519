r"""Figures of parameter sharing (chapter 11): translation equivariance of a 1-D convolution
against a locally connected layer, parameter counts with and without sharing, and a task where
a shift-invariant model fails because the label depends on position.

The layers, shifts and counts come from :mod:`paramcourse.sharing`; the chapter trains the
classifiers of the position task itself and hands their accuracies to :func:`plot_position_task`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from paramcourse._validation import as_matrix, as_vector, check_count, check_rng
from paramcourse.plots.style import COLORS, GREY, PALETTE, _new_axes, style

__all__ = [
    "compute_equivariance",
    "compute_sharing_counts",
    "plot_bump_signals",
    "plot_equivariance",
    "plot_position_task",
    "plot_sharing_counts",
]


def compute_equivariance(
    x, kernel, shift: int, rng: np.random.Generator | None = None, local_kernels=None
) -> dict[str, Any]:
    r"""A convolution and a locally connected layer applied to a signal and to its shift.

    The convolution (:func:`paramcourse.sharing.conv1d_forward`) commutes with shifts:
    :math:`\mathrm{conv}(Sx) = S\,\mathrm{conv}(x)` wherever no sample crosses the ends of the
    signal. The locally connected layer (:func:`~paramcourse.sharing.locally_connected1d_forward`)
    here has the given kernel plus independent :math:`\mathcal N(0, 1)` noise at every
    position, drawn with ``rng`` (or given as ``local_kernels``, shape ``(n - k + 1, k)``, to
    reuse the same layer for another shift): its output for the shifted signal is not the
    shifted output.

    Returns
    -------
    dict
        ``x``, ``x_shifted`` (n,), ``conv``, ``conv_shifted``, ``local``, ``local_shifted``
        (n - k + 1,), ``shift``, ``kernel``, ``local_kernels`` and the two errors
        ``conv_error = max |conv(Sx) - S conv(x)|`` and ``local_error`` (the same for the
        locally connected layer).
    """
    from paramcourse import sharing

    x = as_vector(x, "x")
    w = as_vector(kernel, "kernel")
    xs = sharing.shift_signal(x, shift)
    positions = x.size - w.size + 1
    if local_kernels is None:
        kernels = w + check_rng(rng).standard_normal((positions, w.size))
    else:
        kernels = as_matrix(local_kernels, "local_kernels", columns="k", rows="positions")
    biases = np.zeros(positions)
    conv, conv_s = sharing.conv1d_forward(x, w), sharing.conv1d_forward(xs, w)
    local = sharing.locally_connected1d_forward(x, kernels, biases)
    local_s = sharing.locally_connected1d_forward(xs, kernels, biases)
    return {
        "x": x, "x_shifted": xs, "conv": conv, "conv_shifted": conv_s, "local": local,
        "local_shifted": local_s, "shift": int(shift), "kernel": w, "local_kernels": kernels,
        "conv_error": float(np.max(np.abs(conv_s - sharing.shift_signal(conv, shift)))),
        "local_error": float(np.max(np.abs(local_s - sharing.shift_signal(local, shift)))),
    }


def plot_equivariance(data: Mapping[str, Any], ax=None, *, kind: str = "conv"):
    """One panel of :func:`compute_equivariance`: ``kind`` is ``"input"``, ``"conv"`` or
    ``"local"``; the original in blue, the version for the shifted input in orange (dashed).

    Returns
    -------
    matplotlib Axes with lines ``gid="original"`` and ``gid="shifted"``.
    """
    names = {"input": ("x", "x_shifted", "input signal"),
             "conv": ("conv", "conv_shifted", "convolution (one shared kernel)"),
             "local": ("local", "local_shifted", "locally connected (a kernel per position)")}
    if kind not in names:
        raise ValueError(f"kind must be one of {sorted(names)}; got {kind!r}")
    a, b, title = names[kind]
    ax = _new_axes(ax)
    with style():
        ax.plot(data[a], color=PALETTE["blue"], marker="o", markersize=3, gid="original",
                label="output for x" if kind != "input" else "x")
        ax.plot(data[b], color=PALETTE["orange"], linestyle="--", marker="s", markersize=3,
                gid="shifted", label=f"output for x shifted by {data['shift']}" if kind != "input"
                else f"x shifted by {data['shift']}")
        ax.set_xlabel("position (samples)" if kind == "input" else "output position p")
        ax.set_ylabel("value (arbitrary units)")
        ax.set_title(title)
        ax.legend(loc="upper left", fontsize=8)
    return ax


def compute_sharing_counts(cases: Sequence[tuple[str, int, int]]) -> dict[str, Any]:
    """Collect ``(label, shared count, unshared count)`` triples for :func:`plot_sharing_counts`.

    Returns
    -------
    dict with ``labels`` (list of str), ``shared`` and ``unshared`` (float arrays) and
    ``factor`` (unshared / shared).
    """
    if not cases:
        raise ValueError("cases must hold at least one (label, shared, unshared) triple")
    labels = [str(c[0]) for c in cases]
    shared = np.array([check_count(c[1], "shared count") for c in cases], dtype=float)
    unshared = np.array([check_count(c[2], "unshared count") for c in cases], dtype=float)
    return {"labels": labels, "shared": shared, "unshared": unshared, "factor": unshared / shared}


def plot_sharing_counts(data: Mapping[str, Any], ax=None):
    """Horizontal bars, log scale: each case with and without sharing, the factor written next
    to it.

    Returns
    -------
    matplotlib Axes with bar containers ``gid="shared"`` and ``gid="unshared"``.
    """
    ax = _new_axes(ax, figsize=(7.6, 0.9 + 0.75 * len(data["labels"])))
    y = np.arange(len(data["labels"]))
    with style():
        ax.barh(y - 0.2, data["shared"], height=0.38, color=PALETTE["blue"], label="with sharing",
                gid="shared")
        ax.barh(y + 0.2, data["unshared"], height=0.38, color=PALETTE["orange"],
                label="without sharing", gid="unshared")
        for i, (u, f) in enumerate(zip(data["unshared"], data["factor"])):
            ax.text(u * 1.3, i + 0.2, f"× {f:,.0f}", va="center", fontsize=9)
        ax.set_xscale("log")
        ax.set_xlim(right=float(np.max(data["unshared"])) * 100)
        ax.set_yticks(y)
        ax.set_yticklabels(data["labels"])
        ax.invert_yaxis()
        ax.set_xlabel("number of parameters (log scale)")
        ax.set_ylabel("layer")
        ax.legend(loc="upper right")
    return ax


def plot_bump_signals(X, y, ax=None, *, n_each: int = 3):
    """A few signals of each class: class 0 (bump on the left) in blue, class 1 in orange.

    Returns
    -------
    matplotlib Axes; the lines of class ``c`` have ``gid=f"class:{c}"``.
    """
    X = as_matrix(X, "X", columns="length")
    y = np.asarray(y)
    ax = _new_axes(ax)
    with style():
        for c, color, side in [(0, PALETTE["blue"], "left"), (1, PALETTE["orange"], "right")]:
            rows = np.nonzero(y == c)[0][:n_each]
            for j, i in enumerate(rows):
                ax.plot(X[i], color=color, gid=f"class:{c}",
                        label=f"class {c} (bump on the {side})" if j == 0 else None)
        ax.axvline(X.shape[1] / 2 - 0.5, color=GREY, linestyle=":", linewidth=1.2)
        ax.set_xlabel("position t (samples)")
        ax.set_ylabel("signal (arbitrary units)")
        ax.set_title("The label is where the bump is")
        ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_position_task(data: Mapping[str, Any], ax=None):
    """Bars of training and test accuracy per model, with chance level (0.5) dashed.

    Parameters
    ----------
    data : dict
        ``models`` (list of str, one per bar pair), ``train`` and ``test`` (accuracies, one per
        model: one run, or the mean over repeated runs). Optional ``train_range`` and
        ``test_range``, arrays of shape (2, n_models) holding the smallest and the largest
        accuracy over the runs, are drawn as whiskers on the bars.

    Returns
    -------
    matplotlib Axes with bar containers ``gid="train"`` and ``gid="test"``.
    """
    ax = _new_axes(ax)
    x = np.arange(len(data["models"]))
    whiskers = {}
    for split in ("train", "test"):
        span = data.get(f"{split}_range")
        if span is not None:
            span, mid = np.asarray(span, dtype=float), np.asarray(data[split], dtype=float)
            if span.shape != (2, mid.size):
                raise ValueError(f"{split}_range must have shape (2, {mid.size}): smallest and largest; "
                                 f"got {span.shape}")
            whiskers[split] = np.vstack([mid - span[0], span[1] - mid])  # below and above the bar
    with style():
        for split, shift, color, label in (("train", -0.2, COLORS[0], "training"), ("test", 0.2, COLORS[1], "test")):
            ax.bar(x + shift, data[split], width=0.38, color=color, label=label, gid=split,
                   yerr=whiskers.get(split), capsize=3, error_kw={"elinewidth": 1.0, "ecolor": "black"})
        tops = np.asarray(data["test"], dtype=float) + (whiskers["test"][1] if "test" in whiskers else 0.0)
        for i, (acc, top) in enumerate(zip(data["test"], tops)):
            ax.text(i + 0.2, top + 0.02, f"{acc:.2f}", ha="center", fontsize=9)
        ax.axhline(0.5, color=GREY, linestyle="--", linewidth=1.2, label="chance")
        ax.set_xticks(x)
        ax.set_xticklabels([m.replace(" + ", " +\n").replace(", ", ",\n") for m in data["models"]])
        ax.set_ylim(0, 1.3)  # room above the bars for the labels and the legend
        ax.set_yticks(np.linspace(0.0, 1.0, 6))
        ax.set_xlabel("what the softmax layer reads")
        ax.set_ylabel("accuracy (fraction correct)")
        ax.legend(loc="upper center", fontsize=8, ncols=3)
    return ax
