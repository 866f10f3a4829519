r"""Figures of the chapter on computing gradients: a computation graph of
:class:`paramcourse.autodiff.Value` nodes with their values and adjoints, the cost of a gradient
relative to the cost of the loss as the number of parameters grows, and the size of the
backpropagated gradient layer by layer in a deep network.

The graph is drawn from the Values themselves (:func:`compute_graph_layout` reads their
``parents``, ``local_grads``, ``data`` and ``grad``); the cost and the per-layer norms are
measured in the chapter and passed in as arrays.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from paramcourse._validation import as_array, as_vector
from paramcourse.autodiff import Value, topological_order
from paramcourse.plots.style import COLORS, GREY, PALETTE, _new_axes, style

_OP_NAMES = {"+": "+", "-": "−", "*": "×", "/": "/", "neg": "−x"}


def _node_name(node: Value) -> str:
    if node.label:
        return node.label
    if not node.parents:
        return f"{node.data:g}"
    return _OP_NAMES.get(node.op, node.op)


def _expression(node: Value) -> str:
    """How a node was computed from its parents' names: ``x1 × x2``, ``exp(x1)``, ``v ** 2``."""
    names = [_node_name(p) for p in node.parents]
    if len(names) == 2:
        return f"{names[0]} {_OP_NAMES.get(node.op, node.op)} {names[1]}"
    if node.op == "neg":
        return f"−{names[0]}"
    if node.op.startswith("**"):
        return f"{names[0]}^{node.op[2:]}"
    return f"{node.op}({names[0]})"


def compute_graph_layout(output: Value, *, show_grad: bool = True) -> dict[str, Any]:
    r"""Positions and texts of the nodes and edges of the computation graph behind ``output``.

    A node's column is the length of the longest path to it from a leaf, so every edge points to
    the right; within a column the nodes are spread evenly, in the order of a topological sort.

    Parameters
    ----------
    output : Value
        The last node; its graph is every Value it depends on.
    show_grad : bool
        Include each node's ``grad`` (its adjoint :math:`\partial f / \partial v`, after
        ``output.backward()``) in its text.

    Returns
    -------
    dict
        ``x``, ``y`` (arrays, one entry per node, in topological order), ``names`` (label, or the
        operation for an unlabelled node), ``texts`` (name, value and, with ``show_grad``, the
        grad), ``kinds`` (``"input"`` for a labelled leaf, ``"constant"`` for an unlabelled leaf,
        ``"operation"``; a labelled operation's text starts with how it was computed, e.g.
        ``v1 = x1 × x2``), ``edges`` (pairs ``(parent index, child index)``) and ``local_grads``
        (the local derivative along each edge).
    """
    if not isinstance(output, Value):
        raise ValueError(f"output must be a Value; got {type(output).__name__}")
    order = topological_order(output)
    index = {id(node): i for i, node in enumerate(order)}
    column = np.zeros(len(order), dtype=int)
    for i, node in enumerate(order):
        if node.parents:
            column[i] = 1 + max(column[index[id(p)]] for p in node.parents)
    # A constant (an unlabelled leaf) sits just left of the first node that uses it.
    for i, node in enumerate(order):
        for p in node.parents:
            j = index[id(p)]
            if not p.parents and not p.label:
                column[j] = column[i] - 1
    # Column by column, left to right: order the nodes by the mean height of their parents
    # (the barycentre heuristic, which avoids most crossings), then spread them evenly.
    y = np.zeros(len(order))
    for c in np.unique(column):
        members = np.flatnonzero(column == c)
        if c > column.min():
            centre = [np.mean([y[index[id(p)]] for p in order[i].parents]) if order[i].parents else 0.0
                      for i in members]
            members = members[np.argsort(-np.asarray(centre), kind="stable")]
        y[members] = (len(members) - 1) / 2 - np.arange(len(members))
    edges, local = [], []
    for i, node in enumerate(order):
        for p, g in zip(node.parents, node.local_grads):
            edges.append((index[id(p)], i))
            local.append(float(g))
    names = [_node_name(node) for node in order]
    kinds = ["operation" if node.parents else ("input" if node.label else "constant") for node in order]
    texts = []
    for node, name in zip(order, names):
        head = f"{name} = {_expression(node)}" if node.parents and node.label else name
        lines = [head, f"value {node.data:.3g}"]
        if show_grad:
            lines.append(f"grad {node.grad:.3g}")
        texts.append("\n".join(lines))
    return {"x": column.astype(float), "y": y, "names": names, "texts": texts, "kinds": kinds,
            "edges": edges, "local_grads": np.array(local)}


def plot_computation_graph(
    layout: Mapping[str, Any],
    ax=None,
    *,
    edge_labels: bool = True,
    title: str | None = "Computation graph",
):
    """Draw a computation graph from :func:`compute_graph_layout`: boxes joined by arrows.

    Inputs are blue boxes, operations orange, constants grey; each arrow runs from an operand
    to the node computed from it and, with ``edge_labels``, carries the local derivative of
    the node with respect to that operand.

    Returns
    -------
    matplotlib Axes; each node's text has ``gid="node:" + name`` and the axes are switched off
    (a diagram has no units).
    """
    xs, ys = np.asarray(layout["x"], float), np.asarray(layout["y"], float)
    n_cols = int(xs.max()) + 1 if xs.size else 1
    ax = _new_axes(ax, figsize=(max(6.4, 2.0 * n_cols), 1.5 + 1.3 * (np.ptp(ys) + 1) if ys.size else 4.2))
    faces = {"input": PALETTE["sky"], "operation": PALETTE["orange"], "constant": "#DDDDDD"}
    with style():
        boxes = []
        for x, y, text, kind, name in zip(xs, ys, layout["texts"], layout["kinds"], layout["names"]):
            label = ax.text(x, y, text, ha="center", va="center", fontsize=9, color=PALETTE["black"],
                            gid="node:" + name, zorder=2,
                            bbox={"boxstyle": "round,pad=0.4", "facecolor": faces[kind],
                                  "edgecolor": PALETTE["black"], "linewidth": 0.8})
            boxes.append(label.get_bbox_patch())
        for k, (i, j) in enumerate(layout["edges"]):
            ax.annotate("", xy=(xs[j], ys[j]), xytext=(xs[i], ys[i]), zorder=3,
                        arrowprops={"arrowstyle": "-|>", "color": GREY, "linewidth": 1.2,
                                    "patchA": boxes[i], "patchB": boxes[j], "shrinkA": 2, "shrinkB": 2})
            if edge_labels:
                # Nearer the head than the tail: the local derivative belongs to the node pointed at.
                mx, my = 0.4 * xs[i] + 0.6 * xs[j], 0.4 * ys[i] + 0.6 * ys[j]
                ax.text(mx, my, f"{layout['local_grads'][k]:.3g}", ha="center", va="center",
                        fontsize=8.5, color=PALETTE["black"], gid=f"edge:{k}", zorder=4,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": GREY,
                              "linewidth": 0.5})
        ax.set_xlim(xs.min() - 0.6, xs.max() + 0.6)
        ax.set_ylim(ys.min() - 0.8, ys.max() + 0.8)
        ax.set_axis_off()
        if title:
            ax.set_title(title)
    return ax


def plot_gradient_cost(
    n_params,
    ratios: Mapping[str, Any],
    ax=None,
    *,
    ylabel: str = "cost of the gradient / cost of the loss",
    title: str | None = "What a gradient costs",
):
    """Cost ratio against the number of parameters, on log-log axes, one line per method.

    Parameters
    ----------
    n_params : array_like of shape (m,)
        Number of parameters of each measured model.
    ratios : dict of label -> array_like of shape (m,)
        Cost of the gradient divided by the cost of the loss, per model (measured times, or
        counts such as ``2 * n_params`` for central differences). Labels that start with
        ``"count:"`` are drawn dashed, and the prefix is dropped from the legend.

    Returns
    -------
    matplotlib Axes; the line of ``label`` has ``gid="cost:" + label`` (prefix dropped).
    """
    n = as_vector(n_params, "n_params")
    ax = _new_axes(ax)
    with style():
        for k, (label, values) in enumerate(ratios.items()):
            values = as_vector(values, f"ratios[{label!r}]", n.size, "len(n_params)")
            counted = label.startswith("count:")
            name = label.removeprefix("count:")
            ax.plot(n, values, marker="" if counted else "o", linestyle="--" if counted else "-",
                    color=COLORS[k % len(COLORS)], label=name, gid="cost:" + name)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("number of parameters")
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        ax.legend(loc="upper left")
    return ax


def plot_layer_norms(
    norms: Mapping[str, Any],
    ax=None,
    *,
    ylabel: str = "gradient norm",
    title: str | None = None,
    legend: bool = True,
):
    """Norm per layer (log scale) for several settings: the median over seeds, and their range.

    Parameters
    ----------
    norms : dict of label -> array_like of shape (n_seeds, depth)
        One row per seed, one column per layer (layer 1 first).

    Returns
    -------
    matplotlib Axes; the median line of ``label`` has ``gid="norms:" + label``.
    """
    from matplotlib.ticker import MaxNLocator

    ax = _new_axes(ax)
    with style():
        for k, (label, values) in enumerate(norms.items()):
            arr = as_array(values, f"norms[{label!r}]")
            if arr.ndim != 2:
                raise ValueError(f"norms[{label!r}] must have shape (n_seeds, depth); got {arr.shape}")
            arr = np.clip(arr, 1e-300, None)
            layers = np.arange(1, arr.shape[1] + 1)
            colour = COLORS[k % len(COLORS)]
            ax.fill_between(layers, arr.min(axis=0), arr.max(axis=0), color=colour, alpha=0.25, linewidth=0)
            ax.plot(layers, np.median(arr, axis=0), marker="o", markersize=3.5, color=colour, label=label,
                    gid="norms:" + label)
        ax.set_yscale("log")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("layer ℓ (1 = next to the input)")
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        if legend:
            ax.legend(loc="best")
    return ax
