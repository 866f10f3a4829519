"""Interactive explorers (ipywidgets), each with a static fallback for the printed book.

Every explorer follows the *compute, plot, explore* convention of :mod:`paramcourse.plots`: it
draws its figure once with the ``plot_*`` functions, and a control change only updates the data
of the existing artists (line data, marker positions, titles) and re-renders the figure to a PNG
shown in an :class:`ipywidgets.Image`. The figure is a plain :class:`matplotlib.figure.Figure`
on the Agg canvas, so the explorers need no interactive matplotlib backend and work the same in
JupyterLab, on Binder and in tests.

Each ``explore_*`` function returns an :class:`ipywidgets.VBox` with extra attributes so that
code (and the tests) can drive it:

``controls``
    dict of name -> slider
``figure``
    the :class:`~matplotlib.figure.Figure`
``axes``
    dict of name -> Axes
``readout``
    the :class:`ipywidgets.HTML` line that states the current numbers
``image``
    the :class:`ipywidgets.Image` showing the figure
``redraw``
    a function that updates the artists and the image from the controls' values

The matching ``static_*`` function draws small multiples (the same ``plot_*`` functions on a
few chosen settings); the built book shows those, because a static HTML page cannot run widgets.

ipywidgets and matplotlib are imported inside the functions, so ``import paramcourse`` stays light.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import numpy as np

from paramcourse import plots
from paramcourse._validation import as_scalar, as_xy, check_count
from paramcourse.plots.fits import _residual_segments

__all__ = [
    "explore_line_fit",
    "static_line_fit",
    "explore_learning_rate",
    "static_learning_rate",
    "learning_rate_regime",
]

#: Resolution of the PNG an explorer shows (lower is faster to redraw).
WIDGET_DPI = 80


def _figure(figsize: tuple[float, float], ncols: int):
    """A figure on the Agg canvas (not registered with pyplot, so never shown twice)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with plots.style():
        fig = Figure(figsize=figsize, dpi=WIDGET_DPI, layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(1, ncols)
    return fig, axes


class _Blitter:
    """Redraw only the artists that change, over a cached picture of everything else.

    The first full draw lays the figure out and renders the static parts (contours, data,
    axes, legends) once; the moving artists are marked ``animated`` so that they are left out
    of it. Each :meth:`render` restores that picture, draws the moving artists on top and
    encodes the result as PNG: a few milliseconds instead of a full redraw.
    """

    def __init__(self, fig, artists):
        self.fig = fig
        self.artists = list(artists)
        for artist in self.artists:
            artist.set_animated(True)
        fig.canvas.draw()
        # Freeze the layout computed by that draw, so later draws cannot move the axes.
        fig.set_layout_engine("none")
        self.background = fig.canvas.copy_from_bbox(fig.bbox)

    def render(self) -> bytes:
        from PIL import Image  # Pillow is a dependency of matplotlib

        canvas = self.fig.canvas
        canvas.restore_region(self.background)
        for artist in self.artists:
            self.fig.draw_artist(artist)
        width, height = canvas.get_width_height()
        picture = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        picture.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


def _nice_range(center: float, half_width: float) -> tuple[float, float]:
    lo = np.floor((center - half_width) * 2) / 2
    hi = np.ceil((center + half_width) * 2) / 2
    return float(lo), float(hi)


def _one_feature(X, y) -> tuple[np.ndarray, np.ndarray]:
    X, y = as_xy(X, y)
    if X.shape[1] != 1:
        raise ValueError(f"X must have shape (n_samples, 1) for this explorer; got {X.shape}")
    return X, y


def _surface_grid(X, y, w_range, b_range, resolution: int):
    from paramcourse import losses

    w_values = np.linspace(w_range[0], w_range[1], resolution)
    b_values = np.linspace(b_range[0], b_range[1], resolution)
    return losses.compute_loss_surface(X, y, w_values, b_values)


def _default_ranges(X, y, w_range, b_range, half_w: float = 3.0, half_b: float = 4.0):
    from paramcourse import losses

    w_star, b_star = losses.least_squares_fit(X, y)
    w_star = float(np.ravel(w_star)[0])
    b_star = float(b_star)
    if w_range is None:
        w_range = _nice_range(w_star, half_w)
    if b_range is None:
        b_range = _nice_range(b_star, half_b)
    return (w_star, b_star), tuple(map(float, w_range)), tuple(map(float, b_range))


# --------------------------------------------------------------------------------------------
# Slope and intercept
# --------------------------------------------------------------------------------------------


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
        segments.set_segments(_residual_segments(d))
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

    box = widgets.VBox([widgets.HBox([slope, intercept]), readout, image])
    box.controls = {"slope": slope, "intercept": intercept}
    box.figure = fig
    box.axes = {"fit": ax_fit, "loss": ax_loss}
    box.readout = readout
    box.image = image
    box.redraw = redraw
    return box


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


# --------------------------------------------------------------------------------------------
# Learning rate
# --------------------------------------------------------------------------------------------


def learning_rate_regime(learning_rate: float, L: float) -> str:
    """Name what gradient descent does on a quadratic with largest curvature ``L``.

    Along the steepest direction the error is multiplied by ``1 - learning_rate * L`` per step:
    it shrinks monotonically when ``learning_rate <= 1/L``, shrinks while flipping sign when
    ``1/L < learning_rate < 2/L``, stays the same size at ``2/L`` and grows beyond.
    """
    eta = as_scalar(learning_rate, "learning_rate")
    L = as_scalar(L, "L")
    if eta <= 0:
        return "no progress (η ≤ 0)"
    r = eta * L
    if r <= 1.0:
        return "converges without overshooting"
    if r < 2.0 - 1e-9:
        return "converges, oscillating across the valley"
    if r <= 2.0 + 1e-9:
        return "on the edge: oscillates without shrinking"
    return "diverges"


def _lr_defaults(X, y, w0, b0, w_range, b_range):
    (w_star, b_star), w_range, b_range = _default_ranges(X, y, w_range, b_range, 3.5, 4.0)
    if w0 is None:
        w0 = w_range[0] + 0.5
    if b0 is None:
        b0 = b_range[1] - 0.5
    return (w_star, b_star), w_range, b_range, as_scalar(w0, "w0"), as_scalar(b0, "b0")


def explore_learning_rate(
    X,
    y,
    *,
    learning_rate: float | None = None,
    n_steps: int = 30,
    w0: float | None = None,
    b0: float | None = None,
    w_range: tuple[float, float] | None = None,
    b_range: tuple[float, float] | None = None,
    resolution: int = 60,
):
    """A learning-rate slider for full-batch gradient descent on a one-feature linear regression.

    The MSE of a linear model is a quadratic in ``(w, b)`` whose gradient has Lipschitz constant
    ``L = 2 lambda_max(X_aug^T X_aug / n)`` (see :func:`paramcourse.plots.smoothness_constant`).
    The slider runs from ``0`` to ``1.2 * 2/L`` so that the reader sees gradient descent
    converge, oscillate and diverge. Left: the path of ``(w, b)`` over the loss contours.
    Right: the loss minus its minimum against the step, on a log scale.

    Returns
    -------
    ipywidgets.VBox with ``controls`` (``"learning_rate"``), ``figure``, ``axes``
    (``"path"``, ``"loss"``), ``readout``, ``image``, ``redraw`` and ``L`` attributes.
    """
    import ipywidgets as widgets

    X, y = _one_feature(X, y)
    n_steps = check_count(n_steps, "n_steps")
    (w_star, b_star), w_range, b_range, w0, b0 = _lr_defaults(X, y, w0, b0, w_range, b_range)
    surface = _surface_grid(X, y, w_range, b_range, check_count(resolution, "resolution", minimum=5))
    L = plots.smoothness_constant(X)
    threshold = 2.0 / L
    eta0 = 0.5 * threshold if learning_rate is None else as_scalar(learning_rate, "learning_rate")

    fig, (ax_path, ax_loss) = _figure((10.0, 4.0), 2)
    runs = plots.compute_gd_runs(X, y, [eta0], w0=[w0], b0=b0, n_steps=n_steps)
    label = "gradient descent"
    plots.plot_loss_surface(
        surface,
        ax_path,
        trajectories={label: runs["params"][0]},
        minimum=(w_star, b_star),
        colorbar=False,
        title="Path of (w, b)",
    )
    plots.plot_loss_curves(
        {label: runs["losses"][0]},
        ax_loss,
        subtract=runs["min_loss"],
        legend=False,
        title="Loss during training",
    )
    path_line = plots.find_artist(ax_path, "trajectory:" + label)
    curve = plots.find_artist(ax_loss, "curve:" + label)
    # Fixed limits: the picture of the axes is cached, only the curve moves (diverging runs
    # leave through the top).
    ax_loss.set_xlim(0, n_steps)
    ax_loss.set_ylim(1e-8, 1e6)
    ax_loss.title.set_fontsize(10)

    slider = widgets.FloatSlider(
        value=eta0, min=0.0, max=round(1.2 * threshold, 4), step=round(threshold / 200, 6),
        description="learning rate η", continuous_update=True, readout_format=".4f",
        style={"description_width": "initial"}, layout=widgets.Layout(width="70%"),
    )
    readout = widgets.HTML()
    image = widgets.Image(format="png")

    def redraw(change: Any = None) -> None:
        eta = float(slider.value)
        r = plots.compute_gd_runs(X, y, [eta], w0=[w0], b0=b0, n_steps=n_steps)
        params, losses_, diverged = r["params"][0], r["losses"][0], r["diverged"][0]
        path_line.set_data(params[:, 0], params[:, 1])
        excess = np.clip(losses_ - r["min_loss"], 1e-16, None)
        curve.set_data(np.arange(excess.size), excess)
        regime = learning_rate_regime(eta, L)
        ax_loss.title.set_text(f"η = {eta / threshold:.2f} × 2/L: {regime}")
        stop = f", stopped after {losses_.size - 1} steps (loss above 1e12)" if diverged else ""
        readout.value = (
            f"2/L = {threshold:.4f}. With η = {eta:.4f} gradient descent {regime}; "
            f"final loss {losses_[-1]:.4g} (minimum {r['min_loss']:.4g}){stop}."
        )
        image.value = blitter.render()

    blitter = _Blitter(fig, [path_line, curve, ax_loss.title])
    slider.observe(redraw, names="value")
    redraw()

    box = widgets.VBox([slider, readout, image])
    box.controls = {"learning_rate": slider}
    box.figure = fig
    box.axes = {"path": ax_path, "loss": ax_loss}
    box.readout = readout
    box.image = image
    box.redraw = redraw
    box.L = L
    return box


def static_learning_rate(
    X,
    y,
    fractions: Sequence[float] = (0.1, 0.45, 0.9, 1.05),
    *,
    n_steps: int = 30,
    w0: float | None = None,
    b0: float | None = None,
    w_range: tuple[float, float] | None = None,
    b_range: tuple[float, float] | None = None,
    resolution: int = 80,
):
    """Static fallback of :func:`explore_learning_rate`: the path of ``(w, b)`` for four rates.

    Parameters
    ----------
    fractions : sequence of four floats
        Learning rates as fractions of the threshold ``2/L``: by default too small (0.1),
        about right (0.45), oscillating (0.9) and divergent (1.05).

    Returns
    -------
    fig : matplotlib Figure (a 2 x 2 grid of loss contours with one path each)
    runs : dict, the output of :func:`paramcourse.plots.compute_gd_runs` for those rates
    """
    X, y = _one_feature(X, y)
    fractions = [as_scalar(f, "fractions") for f in fractions]
    if len(fractions) != 4:
        raise ValueError(f"fractions must hold four values; got {len(fractions)}")
    (w_star, b_star), w_range, b_range, w0, b0 = _lr_defaults(X, y, w0, b0, w_range, b_range)
    surface = _surface_grid(X, y, w_range, b_range, check_count(resolution, "resolution", minimum=5))
    L = plots.smoothness_constant(X)
    rates = [f * 2.0 / L for f in fractions]
    runs = plots.compute_gd_runs(X, y, rates, w0=[w0], b0=b0, n_steps=n_steps)

    fig, axes = plots.small_multiples(2, 2, panel_size=(4.0, 3.3), sharex=True, sharey=True)
    for ax, eta, frac, params in zip(axes.flat, rates, fractions, runs["params"]):
        plots.plot_loss_surface(
            surface,
            ax,
            trajectories={f"η = {eta:.3f}": params},
            minimum=(w_star, b_star),
            colorbar=False,
            legend=False,
            title=f"η = {frac:.2f} × 2/L: {learning_rate_regime(eta, L)}",
        )
        ax.title.set_fontsize(10)
    for ax in axes[0]:
        ax.set_xlabel("")
    for ax in axes[:, 1]:
        ax.set_ylabel("")
    return fig, runs
