"""Explorer of chapter 7: choose an initialization rule, a scale factor, the depth and the
activation, and watch the spread of the signal layer by layer and the values that reach the last
layer; :func:`static_initialization` is the book's fallback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from paramcourse import initializers, plots
from paramcourse._validation import (
    as_matrix,
    as_scalar,
    check_choice,
    check_count,
    check_rng,
)
from paramcourse.widgets._common import _Blitter, _figure, explorer_box

#: Names shown in the rule menu.
RULE_LABELS = {"normal": "N(0, 0.01²), any layer size", "xavier": "Xavier/Glorot", "he": "He/Kaiming"}

_BINS = np.linspace(-3.0, 3.0, 61)


def _inputs(X, rng, n_samples: int = 128, n_features: int = 64):
    if X is None:
        return check_rng(rng).standard_normal((n_samples, n_features))
    return as_matrix(X, "X")


def _histogram(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fraction of the values in each bin of ``_BINS`` (values outside go to the end bins)."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.5 * (_BINS[:-1] + _BINS[1:]), np.zeros(_BINS.size - 1)
    counts, _ = np.histogram(np.clip(finite, _BINS[0], _BINS[-1]), bins=_BINS)
    return 0.5 * (_BINS[:-1] + _BINS[1:]), counts / finite.size


def explore_initialization(
    X=None,
    *,
    rule: str = "he",
    scale: float = 1.0,
    depth: int = 20,
    activation: str = "relu",
    width: int = 64,
    max_depth: int = 50,
    seed: int = 0,
):
    r"""Controls for the initialization of a deep, bias-free network of constant width.

    A menu picks the rule (a fixed :math:`N(0, 0.01^2)`, Xavier/Glorot or He/Kaiming, all
    normal), a logarithmic slider multiplies its standard deviation by a factor from 1/8 to 8,
    a slider sets the depth and a menu the activation (linear, tanh, ReLU). Left: the standard
    deviation of the activations after each layer (log scale), with the input's as a dashed
    line. Right: how the values of the last layer are distributed (fraction per bin, values
    beyond ±3 counted in the end bins). The readout gives the spread at the first and last layer.

    Parameters
    ----------
    X : array_like of shape (n, width), optional
        Inputs; by default 128 rows of standard normal noise (seeded by ``seed``).
    seed : int
        Seeds the inputs and every draw of weights, so a setting always shows the same network.

    Returns
    -------
    ipywidgets.VBox with ``controls`` (``"rule"``, ``"scale"``, ``"depth"``, ``"activation"``),
    ``figure``, ``axes`` (``"spread"``, ``"histogram"``), ``readout``, ``image`` and ``redraw``.
    """
    import ipywidgets as widgets

    rule = check_choice(rule, "rule", initializers.RULE_NAMES)
    activation = check_choice(activation, "activation", ("linear", "tanh", "relu"))
    max_depth = check_count(max_depth, "max_depth", minimum=2)
    depth = check_count(depth, "depth")
    if depth > max_depth:
        raise ValueError(f"depth must be at most max_depth = {max_depth}; got {depth}")
    width = check_count(width, "width")
    scale = as_scalar(scale, "scale")
    X = _inputs(X, np.random.default_rng(seed), n_features=width)

    def spread_for(rule_: str, scale_: float, depth_: int, activation_: str):
        return plots.compute_signal_spread(X, initializers.make_rule(rule_, scale_), depth=depth_, width=width,
                                           activation=activation_, backward=False,
                                           rng=np.random.default_rng(seed + 1))

    fig, (ax_spread, ax_hist) = _figure((10.0, 4.0), 2)
    data = spread_for(rule, scale, depth, activation)
    label = "activations"
    plots.plot_signal_spread({label: data["forward"]}, ax_spread, reference=data["input_std"],
                             ylim=(1e-8, 1e8), title="Spread after each layer", legend=False)
    ax_spread.set_xlim(0, max_depth + 1)
    line = plots.find_artist(ax_spread, "spread:" + label)
    centres, fractions = _histogram(data["activations"])
    with plots.style():
        (hist,) = ax_hist.plot(centres, fractions, drawstyle="steps-mid", color=plots.PALETTE["blue"],
                               gid="histogram")
        ax_hist.set_xlim(_BINS[0], _BINS[-1])
        ax_hist.set_ylim(0, 1.0)
        ax_hist.set_xlabel("value of an activation in the last layer (arbitrary units)")
        ax_hist.set_ylabel("fraction of the values")
        ax_hist.set_title("Values in the last layer")
    ax_hist.title.set_fontsize(10)

    style = {"description_width": "initial"}
    rule_menu = widgets.Dropdown(options=[(v, k) for k, v in RULE_LABELS.items()], value=rule,
                                 description="rule", style=style)
    scale_slider = widgets.FloatLogSlider(value=scale, base=2, min=-3, max=3, step=0.25,
                                          description="× std", readout_format=".3g", style=style)
    depth_slider = widgets.IntSlider(value=depth, min=1, max=max_depth, description="depth", style=style)
    act_menu = widgets.Dropdown(options=[("linear", "linear"), ("tanh", "tanh"), ("ReLU", "relu")],
                                value=activation, description="activation", style=style)
    readout = widgets.HTML()
    image = widgets.Image(format="png")

    def redraw(change: Any = None) -> None:
        d = spread_for(rule_menu.value, float(scale_slider.value), int(depth_slider.value), act_menu.value)
        line.set_data(d["layers"], np.clip(np.nan_to_num(d["forward"], nan=1e300, posinf=1e300), 1e-300, None))
        hist.set_data(*_histogram(d["activations"]))
        first, last = d["forward"][0], d["forward"][-1]
        ax_hist.title.set_text(f"Values in layer {d['layers'][-1]} (std {last:.3g})")
        if not np.isfinite(last) or last > 1e3 * d["input_std"]:
            verdict = "the signal explodes"
        elif last < 1e-3 * d["input_std"]:
            verdict = "the signal vanishes"
        else:
            verdict = "the signal keeps a usable size"
        readout.value = (
            f"{RULE_LABELS[rule_menu.value]} × {float(scale_slider.value):.3g}, {act_menu.value}: "
            f"std {first:.3g} after layer 1 and <b>{last:.3g}</b> after layer {d['layers'][-1]} "
            f"(input {d['input_std']:.3g}): {verdict}."
        )
        image.value = blitter.render()

    blitter = _Blitter(fig, [line, hist, ax_hist.title])
    for control in (rule_menu, scale_slider, depth_slider, act_menu):
        control.observe(redraw, names="value")
    redraw()

    return explorer_box(
        [widgets.HBox([rule_menu, scale_slider]), widgets.HBox([depth_slider, act_menu])],
        controls={"rule": rule_menu, "scale": scale_slider, "depth": depth_slider, "activation": act_menu},
        figure=fig,
        axes={"spread": ax_spread, "histogram": ax_hist},
        readout=readout,
        image=image,
        redraw=redraw,
    )


def static_initialization(
    X=None,
    *,
    scales: Sequence[float] = (0.5, 1.0, 2.0),
    depth: int = 30,
    width: int = 64,
    seed: int = 0,
):
    """Static fallback of :func:`explore_initialization`: the spread per layer for Xavier and He
    at a few scale factors, one panel per activation (tanh, ReLU).

    Returns
    -------
    fig : matplotlib Figure with two panels
    table : dict, the output of :func:`paramcourse.plots.compute_spread_table`
    """
    X = _inputs(X, np.random.default_rng(seed), n_features=width)
    scales = [as_scalar(s, "scales") for s in scales]
    rules, looks = {}, {}
    for name, color in (("xavier", plots.PALETTE["green"]), ("he", plots.PALETTE["vermillion"])):
        for s in sorted(scales):
            label = f"{RULE_LABELS[name]} × {s:g}"
            rules[label] = initializers.make_rule(name, s)
            # solid at the rule's own scale, dashed below it, dotted above it
            looks[label] = (color, "-" if s == 1 else ("--" if s < 1 else ":"))
    table = plots.compute_spread_table(X, rules, ("tanh", "relu"), depth=check_count(depth, "depth"),
                                       width=width, rng=np.random.default_rng(seed + 1))
    fig, axes = plots.small_multiples(1, 2, panel_size=(5.2, 4.2), sharey=True)
    for ax, act in zip(axes[0], ("tanh", "relu")):
        plots.plot_signal_spread({k: table["forward"][(act, k)] for k in rules}, ax, reference=float(np.std(X)),
                                 ylim=(1e-6, 1e6), title=f"{'tanh' if act == 'tanh' else 'ReLU'} network",
                                 legend=False)
        for label, (color, dash) in looks.items():
            artist = plots.find_artist(ax, "spread:" + label)
            artist.set_color(color)
            artist.set_linestyle(dash)
    axes[0, 1].set_ylabel("")
    axes[0, 1].legend(loc="upper left", fontsize=8)
    return fig, table
