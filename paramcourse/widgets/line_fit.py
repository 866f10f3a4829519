"""Explorer of chapter 1: slope and intercept sliders move a line over the data and its point
on the loss contours; :func:`static_line_fit` is the book's fallback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from paramcourse import plots
from paramcourse._validation import as_scalar, check_count
from paramcourse.widgets._common import (
    _Blitter,
    _default_ranges,
    _figure,
    _one_feature,
    _surface_grid,
    explorer_box,
)


def explore_line_fit(
    X,
    y,
    *,
    w: float = 0.0,
    b: float = 0.0,
    w_range: tuple[float, float] | None = None,
    b_range: tuple[float, float] | None = None,
    resolution: int = 60,
):
    """Sliders for the slope ``w`` and intercept ``b`` of ``y_hat = w x + b``.

    Left: the data, the line and its residuals. Right: the MSE over ``(w, b)`` as contour
    lines, the least-squares minimum (star) and the current model (a dot): one point in
    parameter space is one model. A readout states the current MSE.

    Parameters
    ----------
    X : array of shape (n, 1)
    y : array of shape (n,)
    w, b : float
        Starting slope and intercept.
    w_range, b_range : (float, float), optional
        Slider and contour ranges; by default the least-squares values plus or minus 3
        (slope) and 4 (intercept).
    resolution : int
        Grid points per axis of the loss surface.

    Returns
    -------
    ipywidgets.VBox with ``controls`` (``"slope"``, ``"intercept"``), ``figure``, ``axes``
    (``"fit"``, ``"loss"``), ``readout``, ``image`` and ``redraw`` attributes.
    """
    import ipywidgets as widgets

    X, y = _one_feature(X, y)
    (w_star, b_star), w_range, b_range = _default_ranges(X, y, w_range, b_range)
    w0, b0 = as_scalar(w, "w"), as_scalar(b, "b")
    surface = _surface_grid(X, y, w_range, b_range, check_count(resolution, "resolution", minimum=5))

    fig, (ax_fit, ax_loss) = _figure((10.0, 4.0), 2)
    data = plots.compute_line_fit(X, y, w0, b0)
    plots.plot_line_fit(data, ax_fit)
    plots.plot_loss_surface(
        surface,
        ax_loss,
        points={"current model": (w0, b0)},
        minimum=(w_star, b_star),
        colorbar=False,
    )
    min_mse = plots.compute_line_fit(X, y, w_star, b_star)["mse"]
    line = plots.find_artist(ax_fit, "fit-line")
    segments = plots.find_artist(ax_fit, "residuals")
    point = plots.find_artist(ax_loss, "point:current model")
    # Fix the data axes so that the view does not jump while the line moves.
    ax_fit.set_ylim(ax_fit.get_ylim())

    style = {"description_width": "initial"}
    layout = widgets.Layout(width="45%")
    slope = widgets.FloatSlider(
        value=w0, min=w_range[0], max=w_range[1], step=0.05, description="slope w",
        continuous_update=True, readout_format=".2f", style=style, layout=layout,
    )
    intercept = widgets.FloatSlider(
        value=b0, min=b_range[0], max=b_range[1], step=0.05, description="intercept b",
        continuous_update=True, readout_format=".2f", style=style, layout=layout,
    )
    readout = widgets.HTML()
    image = widgets.Image(format="png")

    def redraw(change: Any = None) -> None:
        d = plots.compute_line_fit(X, y, slope.value, intercept.value)
        line.set_data(d["x_line"], d["y_line"])
        segments.set_segments(d["segments"])
        point.set_data([d["w"]], [d["b"]])
        ax_fit.title.set_text(f"w = {d['w']:.2f}, b = {d['b']:.2f}: MSE = {d['mse']:.2f}")
        readout.value = (
            f"Current model: ŷ = {d['w']:.2f}·x + {d['b']:.2f}; "
            f"<b>MSE = {d['mse']:.3f}</b> (the least-squares line, w = {w_star:.2f}, "
            f"b = {b_star:.2f}, has the smallest possible MSE, {min_mse:.3f})"
        )
        image.value = blitter.render()

    blitter = _Blitter(fig, [segments, line, point, ax_fit.title])
    slope.observe(redraw, names="value")
    intercept.observe(redraw, names="value")
    redraw()

    return explorer_box(
        [widgets.HBox([slope, intercept])],
        controls={"slope": slope, "intercept": intercept},
        figure=fig,
        axes={"fit": ax_fit, "loss": ax_loss},
        readout=readout,
        image=image,
        redraw=redraw,
    )


def static_line_fit(
    X,
    y,
    settings: Sequence[tuple[float, float]] | None = None,
    *,
    w_range: tuple[float, float] | None = None,
    b_range: tuple[float, float] | None = None,
    resolution: int = 80,
):
    """Static fallback of :func:`explore_line_fit`: three lines and their place on the loss.

    Draws a 2 x 2 grid: three panels with the data and the line of one ``(w, b)`` setting each
    (with residuals and MSE), and one panel with the loss contours and the three settings
    marked as points.

    Parameters
    ----------
    settings : sequence of three (w, b), optional
        By default a flat line ``(0, mean(y))``, a rough guess, and the least-squares line.

    Returns
    -------
    matplotlib Figure.
    """
    X, y = _one_feature(X, y)
    (w_star, b_star), w_range, b_range = _default_ranges(X, y, w_range, b_range)
    if settings is None:
        settings = [
            (0.0, float(np.mean(y))),
            (round(w_star - 1.5, 1), round(b_star + 2.0, 1)),
            (w_star, b_star),
        ]
    settings = [(as_scalar(w, "w"), as_scalar(b, "b")) for w, b in settings]
    if len(settings) != 3:
        raise ValueError(f"settings must hold three (w, b) pairs; got {len(settings)}")
    surface = _surface_grid(X, y, w_range, b_range, check_count(resolution, "resolution", minimum=5))

    fig, axes = plots.small_multiples(2, 2, panel_size=(4.0, 3.3))
    names = ["A", "B", "C"]
    fits = [plots.compute_line_fit(X, y, w, b) for w, b in settings]
    y_lo = min(float(y.min()), *(float(f["y_line"].min()) for f in fits))
    y_hi = max(float(y.max()), *(float(f["y_line"].max()) for f in fits))
    pad = 0.05 * (y_hi - y_lo)
    for i, (ax, fit) in enumerate(zip(axes.flat[:3], fits)):
        plots.plot_line_fit(
            fit,
            ax,
            legend=(i == 0),
            title=f"{names[i]}: w = {fit['w']:.2f}, b = {fit['b']:.2f}, MSE = {fit['mse']:.2f}",
            color=plots.MODEL_COLORS[i],
        )
        ax.set_ylim(y_lo - pad, y_hi + pad)
    plots.plot_loss_surface(
        surface,
        axes[1, 1],
        points={f"model {n}": s for n, s in zip(names, settings)},
        colorbar=False,
        title="The three models in parameter space",
    )
    return fig
