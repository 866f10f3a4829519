"""Parameter counts as figures (chapter 3): how the count of a multilayer perceptron grows with
width and depth, and how a dense layer and a convolution compare as the image grows. The
counts themselves come from :mod:`paramcourse.sharing`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from paramcourse._validation import check_count
from paramcourse.plots.style import COLORS, GREY, PALETTE, _new_axes, style


def compute_mlp_counts(
    n_in: int, n_out: int, widths: Sequence[int], depths: Sequence[int]
) -> dict[str, Any]:
    r"""Parameter counts of MLPs with ``depth`` hidden layers of ``width`` units each.

    ``counts[i, j] = sharing.mlp([n_in] + [widths[j]] * depths[i] + [n_out])``: for depth
    :math:`L \ge 1` and width :math:`m`,
    :math:`(n_\text{in} m + m) + (L - 1)(m^2 + m) + (m\, n_\text{out} + n_\text{out})`.

    Returns
    -------
    dict with ``n_in``, ``n_out``, ``widths`` (k,), ``depths`` (l,) and ``counts`` (l, k) of ints.
    """
    from paramcourse import sharing

    n_in = check_count(n_in, "n_in")
    n_out = check_count(n_out, "n_out")
    widths = np.array([check_count(m, "width") for m in widths], dtype=np.int64)
    depths = np.array([check_count(L, "depth") for L in depths], dtype=np.int64)
    if widths.size == 0 or depths.size == 0:
        raise ValueError("widths and depths must each hold at least one value")
    counts = np.array(
        [[sharing.mlp([n_in] + [int(m)] * int(L) + [n_out]) for m in widths] for L in depths],
        dtype=np.int64,
    )
    return {"n_in": n_in, "n_out": n_out, "widths": widths, "depths": depths, "counts": counts}


def plot_mlp_counts(
    data: Mapping[str, Any],
    ax=None,
    *,
    reference: tuple[str, float] | None = None,
    title: str | None = None,
    xlabel: str = "hidden units per layer (width)",
    ylabel: str = "number of parameters",
):
    """Draw parameter count against width, one line per depth, on log-log axes.

    Parameters
    ----------
    data : dict
        The output of :func:`compute_mlp_counts`.
    reference : (str, float), optional
        A labelled horizontal line, e.g. ``("training images", 1797)``.

    Returns
    -------
    matplotlib Axes. The line of depth index ``i`` has ``gid=f"depth:{i}"``.
    """
    ax = _new_axes(ax)
    markers = ["o", "s", "^", "D", "v"]
    with style():
        for i, L in enumerate(data["depths"]):
            ax.plot(
                data["widths"],
                data["counts"][i],
                marker=markers[i % len(markers)],
                color=COLORS[i % len(COLORS)],
                label=f"{L} hidden layer{'s' if L > 1 else ''}",
                gid=f"depth:{i}",
            )
        if reference is not None:
            label, value = reference
            ax.axhline(value, color=GREY, linestyle="--", linewidth=1.2, label=label, gid="reference")
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xticks(data["widths"])
        ax.set_xticklabels([str(int(m)) for m in data["widths"]])
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title is None:
            title = f"MLPs from {data['n_in']} inputs to {data['n_out']} outputs"
        if title:
            ax.set_title(title)
        ax.legend(loc="upper left")
    return ax


def compute_conv_dense_counts(
    image_sizes: Sequence[int],
    in_channels: int = 1,
    out_channels: int = 16,
    kernel_size: int = 3,
) -> dict[str, Any]:
    r"""Counts of a convolution and of a dense layer with the same input and output, per image size.

    For an :math:`n \times n` image the convolution is padded so that its output is also
    :math:`n \times n` (``padding = kernel_size // 2``, odd kernels). Counts from
    :func:`paramcourse.sharing.conv_counts`: the convolution
    :math:`C_\text{out}(C_\text{in} k^2 + 1)` does not depend on :math:`n`; the locally connected
    layer grows like :math:`n^2`; the dense layer like :math:`n^4`.

    Returns
    -------
    dict with ``sizes`` (m,), ``conv``, ``locally_connected``, ``dense`` (m,) as floats (the
    dense counts exceed what int64 plots comfortably), ``in_channels``, ``out_channels``,
    ``kernel_size``.
    """
    from paramcourse import sharing

    k = check_count(kernel_size, "kernel_size")
    if k % 2 == 0:
        raise ValueError(f"kernel_size must be odd so that padding keeps the size; got {k}")
    c_in = check_count(in_channels, "in_channels")
    c_out = check_count(out_channels, "out_channels")
    sizes = [check_count(n, "image size", minimum=k) for n in image_sizes]
    if not sizes:
        raise ValueError("image_sizes must hold at least one size")
    rows = [sharing.conv_counts(c_in, c_out, k, (n, n), padding=k // 2) for n in sizes]
    return {
        "sizes": np.array(sizes),
        "conv": np.array([r["conv"] for r in rows], dtype=float),
        "locally_connected": np.array([r["locally_connected"] for r in rows], dtype=float),
        "dense": np.array([r["dense"] for r in rows], dtype=float),
        "in_channels": c_in,
        "out_channels": c_out,
        "kernel_size": k,
    }


def plot_conv_dense_counts(
    data: Mapping[str, Any],
    ax=None,
    *,
    title: str | None = None,
    xlabel: str = "image side n (pixels; the image is n × n)",
    ylabel: str = "number of parameters",
):
    """Draw the three counts of :func:`compute_conv_dense_counts` against image size, log-log.

    Returns
    -------
    matplotlib Axes with lines ``gid="conv"``, ``gid="locally_connected"``, ``gid="dense"``.
    """
    ax = _new_axes(ax)
    k, c_in, c_out = data["kernel_size"], data["in_channels"], data["out_channels"]
    series = [
        ("dense", f"dense layer ({c_in}·n² inputs → {c_out}·n² outputs)", PALETTE["vermillion"], "s"),
        ("locally_connected", f"{k}×{k} kernels, a new one at each position", PALETTE["orange"], "^"),
        ("conv", f"convolution: one {k}×{k} kernel per channel pair, shared", PALETTE["blue"], "o"),
    ]
    with style():
        for key, label, color, marker in series:
            ax.plot(data["sizes"], data[key], marker=marker, color=color, label=label, gid=key)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xticks(data["sizes"])
        ax.set_xticklabels([str(int(n)) for n in data["sizes"]])
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title is None:
            title = f"One layer, {c_in} → {c_out} channels, same output size"
        if title:
            ax.set_title(title)
        ax.legend(loc="upper left")
    return ax
