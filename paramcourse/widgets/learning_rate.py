"""Explorer of chapter 5: a learning-rate slider shows gradient descent converging, oscillating
or diverging; :func:`static_learning_rate` is the book's fallback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from paramcourse import losses, optim, plots
from paramcourse._validation import as_scalar, check_count
from paramcourse.widgets._common import (
    _Blitter,
    _default_ranges,
    _figure,
    _one_feature,
    _surface_grid,
    explorer_box,
)


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
    ``L = 2 lambda_max(X_aug^T X_aug / n)`` (:func:`paramcourse.losses.smoothness_constant`).
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
    L = losses.smoothness_constant(X)
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
        regime = optim.learning_rate_regime(eta, L)
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

    return explorer_box(
        [slider],
        controls={"learning_rate": slider},
        figure=fig,
        axes={"path": ax_path, "loss": ax_loss},
        readout=readout,
        image=image,
        redraw=redraw,
        L=L,
    )


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
    L = losses.smoothness_constant(X)
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
            title=f"η = {frac:.2f} × 2/L: {optim.learning_rate_regime(eta, L)}",
        )
        ax.title.set_fontsize(10)
    for ax in axes[0]:
        ax.set_xlabel("")
    for ax in axes[:, 1]:
        ax.set_ylabel("")
    return fig, runs
