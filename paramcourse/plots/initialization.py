r"""Figures of the initialization chapter (chapter 7): how the spread of the signal changes layer
by layer in a deep network, forward (activations) and backward (weight gradients), for several
initialization rules and scales.

The forward spread is what :func:`paramcourse.initializers.activation_stds` computes, taken from
:func:`paramcourse.mlp.forward`; the backward spread comes from :func:`paramcourse.mlp.backward`.
Every layer has the same width and no bias (biases start at zero), so only the weights' scale and
the activation decide what happens.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Union

import numpy as np

from paramcourse._validation import as_matrix, check_choice, check_count, check_rng
from paramcourse.plots.style import COLORS, GREY, _new_axes, style

Rule = Union[str, Callable[[int, int, np.random.Generator], np.ndarray]]


def compute_signal_spread(
    X,
    rule: Rule,
    *,
    depth: int = 20,
    width: int = 64,
    activation: str = "tanh",
    backward: bool = True,
    rng: np.random.Generator,
) -> dict[str, Any]:
    r"""The spread of the signal through a deep, bias-free network at initialization.

    The network has ``depth`` hidden layers of ``width`` units, :math:`h_\ell = \phi(h_{\ell-1}
    W_\ell)`, and a linear read-out layer of ``width`` outputs. Forward: the standard deviation
    of :math:`h_\ell` over all entries, as :func:`paramcourse.initializers.activation_stds`
    computes it (here read from the cache of :func:`paramcourse.mlp.forward`, which keeps the values).
    Backward: a unit-variance gradient :math:`\partial\mathcal L/\partial z_{\text{out}}`
    (entries :math:`N(0, 1)`) is sent back with :func:`paramcourse.mlp.backward`, and the
    standard deviation of :math:`\partial\mathcal L/\partial W_\ell` is recorded for each hidden
    layer.

    Parameters
    ----------
    X : array_like of shape (n, d)
        The inputs (ideally standardized).
    rule : str or callable
        A name of :mod:`paramcourse.mlp`'s ``INITS`` or a function ``(fan_in, fan_out, rng) -> W``
        such as :func:`paramcourse.initializers.make_rule` returns.
    depth, width : int
    activation : {"linear", "tanh", "relu"}
    backward : bool
        Also compute the backward spread (``False`` leaves it NaN and saves half the time).
    rng : numpy.random.Generator
        Draws the weights, then the output gradient.

    Returns
    -------
    dict with ``layers`` (1 .. depth), ``forward`` (depth,), ``backward`` (depth,),
    ``input_std`` (the spread of ``X``) and ``activations`` (the last hidden layer's values,
    flattened).
    """
    from paramcourse import mlp

    X = as_matrix(X, "X")
    depth = check_count(depth, "depth")
    width = check_count(width, "width")
    activation = check_choice(activation, "activation", ("linear", "tanh", "relu"))
    rng = check_rng(rng)
    params = mlp.init_mlp([X.shape[1], *([width] * depth), width], rng, rule)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        _, cache = mlp.forward(params, X, activation)
        hidden = cache["inputs"][1:]  # h_1 .. h_depth (biases are zero)
        forward = [float(np.std(h)) for h in hidden]
        if backward and all(np.isfinite(forward)):
            grad_out = rng.standard_normal((X.shape[0], width))
            grads = mlp.backward(params, cache, grad_out)
            back = [float(np.std(dW)) for dW, _ in grads[:-1]]
        else:
            back = [float("nan")] * depth
    return {
        "layers": np.arange(1, depth + 1),
        "forward": np.array(forward),
        "backward": np.array(back),
        "input_std": float(np.std(X)),
        "activations": np.ravel(hidden[-1]),
    }


def compute_spread_table(
    X,
    rules: Mapping[str, Rule],
    activations: Sequence[str] = ("tanh", "relu"),
    *,
    depth: int = 20,
    width: int = 64,
    backward: bool = False,
    rng: np.random.Generator,
) -> dict[str, Any]:
    """:func:`compute_signal_spread` for every rule and activation (same seed for each).

    Returns
    -------
    dict with ``layers``, ``rules`` (labels), ``activations`` and ``forward``/``backward``:
    dicts ``(activation, rule label) -> array (depth,)``.
    """
    import copy

    rng = check_rng(rng)
    out: dict[str, Any] = {"rules": list(rules), "activations": list(activations), "forward": {},
                           "backward": {}}
    for act in activations:
        for label, rule in rules.items():
            res = compute_signal_spread(X, rule, depth=depth, width=width, activation=act,
                                        backward=backward, rng=copy.deepcopy(rng))
            out["forward"][(act, label)] = res["forward"]
            out["backward"][(act, label)] = res["backward"]
            out["layers"] = res["layers"]
    return out


def _finite_floor(values: np.ndarray) -> np.ndarray:
    # On a log axis, values that underflowed to 0 are drawn at 1e-300 (off the bottom of the axes)
    return np.clip(np.asarray(values, dtype=float), 1e-300, None)


def plot_signal_spread(
    curves: Mapping[str, np.ndarray],
    ax=None,
    *,
    layers: np.ndarray | None = None,
    reference: float | None = None,
    ylabel: str = "std of the activations",
    title: str | None = "Spread of the signal through the layers",
    ylim: tuple[float, float] | None = (1e-6, 1e6),
    legend: bool = True,
):
    """Standard deviation against layer (log scale), one line per label.

    Parameters
    ----------
    curves : dict of label -> array (depth,)
        E.g. ``{"He": spread["forward"]}`` from :func:`compute_signal_spread`.
    layers : array, optional
        Horizontal positions (default ``1 .. depth``).
    reference : float, optional
        A grey horizontal line, e.g. the spread of the input.
    ylim : (float, float) or None
        Fixed vertical limits (the explorer needs fixed limits); values outside leave the axes.

    Returns
    -------
    matplotlib Axes; the line of ``label`` has ``gid="spread:" + label``.
    """
    from matplotlib.ticker import MaxNLocator

    ax = _new_axes(ax)
    with style():
        if reference is not None:
            ax.axhline(reference, color=GREY, linewidth=1.0, linestyle="--", label="spread of the input")
        for i, (label, values) in enumerate(curves.items()):
            values = _finite_floor(values)
            xs = np.arange(1, values.size + 1) if layers is None else np.asarray(layers)
            ax.plot(xs, values, marker="o", markersize=3.5, color=COLORS[i % len(COLORS)], label=label,
                    gid="spread:" + label)
        ax.set_yscale("log")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if ylim is not None:
            ax.set_ylim(*ylim)
        ax.set_xlabel("layer ℓ")
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        if legend:
            ax.legend(loc="best")
    return ax


def plot_hidden_units(
    weights: Mapping[str, np.ndarray],
    ax=None,
    *,
    title: str | None = "First-layer weights of the hidden units",
):
    """Each hidden unit as one point: its weights from the first two inputs.

    Parameters
    ----------
    weights : dict of label -> array (d, m)
        First-layer weight matrices (``d >= 2`` inputs, ``m`` hidden units); column ``j`` is
        unit ``j``, drawn at ``(W[0, j], W[1, j])``. Units with identical weights fall on one
        point: the count of distinct points is given in the legend.

    Returns
    -------
    matplotlib Axes; the points of ``label`` have ``gid="units:" + label``.
    """
    ax = _new_axes(ax)
    markers = ["o", "s", "^", "D", "v"]
    with style():
        for i, (label, W) in enumerate(weights.items()):
            W = as_matrix(W, f"weights[{label!r}]", columns="n_units", rows="n_inputs")
            if W.shape[0] < 2:
                raise ValueError(f"weights[{label!r}] must have at least two rows (inputs); got {W.shape}")
            distinct = np.unique(np.round(W, 9), axis=1).shape[1]
            ax.plot(W[0], W[1], linestyle="none", marker=markers[i % len(markers)], markersize=8,
                    color=COLORS[i % len(COLORS)], alpha=0.85, markeredgecolor="white",
                    label=f"{label}: {distinct} distinct of {W.shape[1]}", gid="units:" + label)
        ax.axhline(0.0, color=GREY, linewidth=0.8)
        ax.axvline(0.0, color=GREY, linewidth=0.8)
        ax.set_xlabel("weight from input 1")
        ax.set_ylabel("weight from input 2")
        if title:
            ax.set_title(title)
        ax.legend(loc="best")
    return ax
