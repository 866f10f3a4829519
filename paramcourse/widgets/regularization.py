"""Explorer of chapter 9: a log-lambda slider and a ridge/lasso toggle show the regularization
path with the current penalty marked and the current weights as bars;
:func:`static_regularization` is the book's fallback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from paramcourse import plots
from paramcourse.linear import PENALTIES
from paramcourse._validation import (
    as_scalar,
    as_xy,
    check_choice,
    check_count,
    check_range,
)
from paramcourse.widgets._common import _Blitter, _figure, explorer_box


def _paths(X, y, names, log_lam_range, n_lams: int):
    X, y = as_xy(X, y)
    low, high = check_range(log_lam_range, "log_lam_range")
    n_lams = check_count(n_lams, "n_lams", minimum=2)
    log_lams = np.linspace(low, high, n_lams)
    lams = 10.0**log_lams
    return log_lams, {kind: plots.compute_regularization_path(X, y, lams, kind, names) for kind in PENALTIES}


def _limits(paths) -> tuple[float, float]:
    lo = min(float(p["coefs"].min()) for p in paths.values())
    hi = max(float(p["coefs"].max()) for p in paths.values())
    pad = 0.08 * (hi - lo if hi > lo else 1.0)
    return min(lo - pad, -pad), max(hi + pad, pad)


def _describe(kind: str, lam: float, coefs: np.ndarray) -> str:
    zeros = int(np.sum(coefs == 0.0))
    return f"{kind}, λ = {lam:.3g}: {zeros} of {coefs.size} weights exactly 0"


def explore_regularization(
    X,
    y,
    names: Sequence[str] | None = None,
    *,
    kind: str = "ridge",
    log_lam: float = 0.0,
    log_lam_range: tuple[float, float] = (-2.0, 2.5),
    n_lams: int = 46,
):
    r"""A slider for :math:`\log_{10}\lambda` and a ridge/lasso toggle.

    Left: the regularization path, every weight against :math:`\lambda` (log axis), with the
    current penalty marked by a vertical line. Right: the weights at the current penalty as
    bars. Both paths are computed once, on the grid of ``n_lams`` penalties that the slider
    steps through; moving the slider or the toggle only swaps what is drawn. Standardize the
    columns of ``X`` first, so that the weights are comparable and the penalty treats every
    feature alike.

    Parameters
    ----------
    X : array of shape (n, d)
    y : array of shape (n,)
    names : sequence of d str, optional
        Feature names (legend and bar labels).
    kind : {"ridge", "lasso"}
        Starting penalty.
    log_lam : float
        Starting :math:`\log_{10}\lambda` (snapped to the grid).
    log_lam_range : (float, float)
        Range of :math:`\log_{10}\lambda` on the slider.
    n_lams : int
        Number of grid penalties (slider positions).

    Returns
    -------
    ipywidgets.VBox with ``controls`` (``"log_lambda"``, ``"kind"``), ``figure``, ``axes``
    (``"path"``, ``"weights"``), ``readout``, ``image``, ``redraw`` and ``paths`` (dict kind ->
    output of :func:`paramcourse.plots.compute_regularization_path`) attributes.
    """
    import ipywidgets as widgets

    kind = check_choice(kind, "kind", PENALTIES)
    log_lams, paths = _paths(X, y, names, log_lam_range, n_lams)
    start = int(np.argmin(np.abs(log_lams - as_scalar(log_lam, "log_lam"))))
    ylim = _limits(paths)
    names = paths["ridge"]["names"]

    fig, (ax_path, ax_bars) = _figure((11.0, 4.3), 2)
    # Both paths are drawn; the toggle shows one and hides the other.
    for k in PENALTIES:
        plots.plot_regularization_path(paths[k], ax_path, current=10.0 ** log_lams[start],
                                       legend=(k == "ridge"), title="Regularization path")
    lines = {k: [] for k in PENALTIES}
    children = [a for a in ax_path.get_lines() if str(a.get_gid()).startswith("path:")]
    # plot_regularization_path drew the ridge lines first, then the lasso lines.
    lines["ridge"], lines["lasso"] = children[: len(names)], children[len(names):]
    markers = [a for a in ax_path.get_lines() if a.get_gid() == "current-lambda"]
    marker = markers[0]
    for extra in markers[1:]:
        extra.remove()
    ax_path.set_ylim(*ylim)
    plots.plot_weight_bars(names, paths[kind]["coefs"][start], ax_bars, ylim=ylim,
                           title="Weights at the current λ")
    bars = [plots.find_artist(ax_bars, "bar:" + name) for name in names]

    slider = widgets.FloatSlider(
        value=float(log_lams[start]), min=float(log_lams[0]), max=float(log_lams[-1]),
        step=float(log_lams[1] - log_lams[0]), description="log₁₀ λ", readout_format=".2f",
        continuous_update=True, style={"description_width": "initial"},
        layout=widgets.Layout(width="55%"),
    )
    toggle = widgets.ToggleButtons(options=list(PENALTIES), value=kind, description="penalty")
    readout = widgets.HTML()
    image = widgets.Image(format="png")

    def redraw(change: Any = None) -> None:
        i = int(np.argmin(np.abs(log_lams - slider.value)))
        current = toggle.value
        lam = float(paths[current]["lams"][i])
        coefs = paths[current]["coefs"][i]
        for k in PENALTIES:
            for line in lines[k]:
                line.set_visible(k == current)
        marker.set_xdata([lam, lam])
        for bar, c in zip(bars, coefs):
            bar.set_height(c)
        ax_path.title.set_text(f"{current.capitalize()} path")
        ax_bars.title.set_text(_describe(current, lam, coefs))
        shown = ", ".join(f"{n} {c:.2f}" for n, c in zip(names, coefs))
        readout.value = f"<b>{_describe(current, lam, coefs)}</b>. Weights: {shown}."
        image.value = blitter.render()

    blitter = _Blitter(
        fig, [*lines["ridge"], *lines["lasso"], marker, *bars, ax_path.title, ax_bars.title]
    )
    slider.observe(redraw, names="value")
    toggle.observe(redraw, names="value")
    redraw()

    return explorer_box(
        [widgets.HBox([slider, toggle])],
        controls={"log_lambda": slider, "kind": toggle},
        figure=fig,
        axes={"path": ax_path, "weights": ax_bars},
        readout=readout,
        image=image,
        redraw=redraw,
        paths=paths,
    )


def static_regularization(
    X,
    y,
    names: Sequence[str] | None = None,
    *,
    lams: tuple[float, float] = (10.0, 10.0),
    log_lam_range: tuple[float, float] = (-2.0, 2.5),
    n_lams: int = 31,
):
    r"""Static fallback of :func:`explore_regularization`: both paths and the weights at one penalty.

    A 2 x 2 grid: top row ridge, bottom row lasso; left the path with the chosen penalty marked,
    right the weights at that penalty as bars.

    Parameters
    ----------
    lams : (float, float)
        The penalty marked for ridge and for the lasso (snapped to the grid).

    Returns
    -------
    fig : matplotlib Figure
    paths : dict kind -> output of :func:`paramcourse.plots.compute_regularization_path`
    """
    _, paths = _paths(X, y, names, log_lam_range, n_lams)
    try:
        chosen = [plots.weights_at(paths[k], lam) for k, lam in zip(PENALTIES, lams, strict=True)]
    except ValueError:
        raise ValueError(f"lams must hold two penalties > 0 (ridge, lasso); got {lams!r}") from None
    ylim = _limits(paths)
    names = paths["ridge"]["names"]
    fig, axes = plots.small_multiples(2, 2, panel_size=(5.0, 3.4))
    for row, (k, lam, coefs) in enumerate(zip(PENALTIES, lams, chosen)):
        i = int(np.argmin(np.abs(np.log(paths[k]["lams"]) - np.log(lam))))
        lam_grid = float(paths[k]["lams"][i])
        plots.plot_regularization_path(paths[k], axes[row, 0], current=lam_grid, legend=(row == 0),
                                       ylabel="weight w_j")
        axes[row, 0].set_ylim(*ylim)
        plots.plot_weight_bars(names, coefs, axes[row, 1], ylim=ylim, ylabel="weight w_j",
                               title=_describe(k, lam_grid, coefs))
        axes[row, 1].title.set_fontsize(10)
    return fig, paths
