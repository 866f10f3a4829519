"""Explorer of chapter 6: pick an optimizer, its learning rate and its momentum coefficient, and
watch its path down an elongated valley next to plain gradient descent at the same rate;
:func:`static_optimizers` is the book's fallback."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from paramcourse import optim, plots
from paramcourse._validation import (
    as_scalar,
    as_vector,
    check_choice,
    check_count,
    check_fraction,
)
from paramcourse.widgets._common import _Blitter, _figure, explorer_box

#: Names shown in the optimizer menu.
DISPLAY_NAMES = {"sgd": "gradient descent", "momentum": "momentum", "rmsprop": "RMSprop", "adam": "Adam"}

_REFERENCE = "gradient descent, same η"
_CHOSEN = "chosen optimizer"


def _valley_setup(a, b, x0, x_range, y_range, resolution):
    loss, grad = optim.quadratic_valley(a, b)
    x0 = as_vector(x0, "x0", 2)
    grid = plots.compute_function_grid(loss, x_range, y_range, check_count(resolution, "resolution", minimum=5))
    return loss, grad, x0, grid


def explore_optimizers(
    *,
    optimizer: str = "adam",
    learning_rate: float = 0.1,
    beta: float = 0.9,
    n_steps: int = 60,
    a: float = 1.0,
    b: float = 25.0,
    x0=(-4.5, 1.0),
    x_range: tuple[float, float] = (-5.0, 1.5),
    y_range: tuple[float, float] = (-3.0, 3.0),
    resolution: int = 80,
):
    r"""Controls for an optimizer on the valley :math:`f(x) = \frac12 (a x_0^2 + b x_1^2)`.

    A menu chooses the optimizer (gradient descent, momentum, RMSprop, Adam), a logarithmic
    slider its learning rate :math:`\eta` from :math:`10^{-3}` to 3, and a slider the momentum
    coefficient :math:`\beta` (of momentum; :math:`\beta_1` of Adam). Left: the path over the
    contour lines, next to plain gradient descent with the same :math:`\eta` (which diverges
    beyond :math:`2/b`). Right: both losses against the step, on a log scale.

    Returns
    -------
    ipywidgets.VBox with ``controls`` (``"optimizer"``, ``"learning_rate"``, ``"beta"``),
    ``figure``, ``axes`` (``"path"``, ``"loss"``), ``readout``, ``image`` and ``redraw``.
    """
    import ipywidgets as widgets

    optimizer = check_choice(optimizer, "optimizer", optim.OPTIMIZER_NAMES)
    eta0 = as_scalar(learning_rate, "learning_rate")
    beta0 = check_fraction(beta, "beta", allow_zero=True)
    n_steps = check_count(n_steps, "n_steps")
    loss, grad, x0, grid = _valley_setup(a, b, x0, x_range, y_range, resolution)

    def runs_for(name: str, eta: float, beta_: float):
        return plots.compute_optimizer_runs(
            loss, grad, x0, {_CHOSEN: (name, eta), _REFERENCE: ("sgd", eta)}, n_steps=n_steps, beta=beta_
        )

    fig, (ax_path, ax_loss) = _figure((10.0, 4.0), 2)
    runs = runs_for(optimizer, eta0, beta0)
    plots.plot_optimizer_paths(runs, grid, ax_path, title="Path over the valley", legend=False)
    plots.plot_optimizer_losses(runs, ax_loss, title="Loss during the run", legend=False)
    paths = [plots.find_artist(ax_path, "trajectory:" + label) for label in (_CHOSEN, _REFERENCE)]
    curves = [plots.find_artist(ax_loss, "curve:" + label) for label in (_CHOSEN, _REFERENCE)]
    # Fixed limits: only the moving artists are redrawn (diverging runs leave the axes).
    ax_loss.set_xlim(0, n_steps)
    ax_loss.set_ylim(1e-10, 1e5)
    ax_loss.title.set_fontsize(10)
    # One legend above both panels, where the moving paths cannot cover it.
    handles = [plots.find_artist(ax_path, "minimum"), *paths]
    fig.legend(handles, [h.get_label() for h in handles], loc="outside upper center", ncols=3)

    menu = widgets.Dropdown(
        options=[(DISPLAY_NAMES[n], n) for n in optim.OPTIMIZER_NAMES], value=optimizer, description="optimizer",
    )
    rate = widgets.FloatLogSlider(
        value=eta0, base=10, min=-3, max=np.log10(3.0), step=0.05, description="learning rate η",
        readout_format=".3g", continuous_update=True, style={"description_width": "initial"},
        layout=widgets.Layout(width="40%"),
    )
    momentum = widgets.FloatSlider(
        value=beta0, min=0.0, max=0.99, step=0.01, description="β (momentum, Adam's β₁)",
        readout_format=".2f", continuous_update=True, style={"description_width": "initial"},
        layout=widgets.Layout(width="35%"),
    )
    readout = widgets.HTML()
    image = widgets.Image(format="png")

    def redraw(change: Any = None) -> None:
        name, eta, beta_ = menu.value, float(rate.value), float(momentum.value)
        r = runs_for(name, eta, beta_)
        for line, curve, params, values in zip(paths, curves, r["params"], r["losses"]):
            line.set_data(params[:, 0], params[:, 1])
            curve.set_data(np.arange(values.size), np.clip(values, 1e-16, None))
        uses_beta = name in ("momentum", "adam")
        ax_loss.title.set_text(
            f"{DISPLAY_NAMES[name]}, η = {eta:.3g}" + (f", β = {beta_:.2f}" if uses_beta else "")
        )

        def outcome(values, diverged):
            if diverged:
                return f"diverged after {values.size - 1} steps"
            return f"loss {values[-1]:.3g} after {values.size - 1} steps"

        readout.value = (
            f"<b>{DISPLAY_NAMES[name]}</b>: {outcome(r['losses'][0], r['diverged'][0])}; "
            f"gradient descent with the same η: {outcome(r['losses'][1], r['diverged'][1])} "
            f"(it diverges for η &gt; 2/b = {2 / float(b):.3g}). Start loss {r['losses'][0][0]:.3g}."
            + ("" if uses_beta else " (β has no effect on this optimizer.)")
        )
        image.value = blitter.render()

    blitter = _Blitter(fig, [*paths, *curves, ax_loss.title])
    for control in (menu, rate, momentum):
        control.observe(redraw, names="value")
    redraw()

    return explorer_box(
        [widgets.HBox([menu, rate, momentum])],
        controls={"optimizer": menu, "learning_rate": rate, "beta": momentum},
        figure=fig,
        axes={"path": ax_path, "loss": ax_loss},
        readout=readout,
        image=image,
        redraw=redraw,
    )


def static_optimizers(
    settings: Mapping[str, tuple[str, float]] | None = None,
    *,
    n_steps: int = 60,
    beta: float = 0.9,
    a: float = 1.0,
    b: float = 25.0,
    x0=(-4.5, 1.0),
    x_range: tuple[float, float] = (-5.0, 1.5),
    y_range: tuple[float, float] = (-3.0, 3.0),
    resolution: int = 100,
):
    """Static fallback of :func:`explore_optimizers`: one panel per (optimizer, learning rate).

    Parameters
    ----------
    settings : dict of label -> (optimizer name, learning rate), optional
        By default Adam with a base rate that is too small (0.003), about right (0.3) and too
        large (2.5), and momentum with 0.02.

    Returns
    -------
    fig : matplotlib Figure (small multiples, see :func:`paramcourse.plots.plot_path_panels`)
    runs : dict, the output of :func:`paramcourse.plots.compute_optimizer_runs`
    """
    if settings is None:
        settings = {
            "Adam, η = 0.003": ("adam", 0.003),
            "Adam, η = 0.3": ("adam", 0.3),
            "Adam, η = 2.5": ("adam", 2.5),
            "momentum, η = 0.02": ("momentum", 0.02),
        }
    loss, grad, x0, grid = _valley_setup(a, b, x0, x_range, y_range, resolution)
    runs = plots.compute_optimizer_runs(loss, grad, x0, settings, n_steps=check_count(n_steps, "n_steps"),
                                       beta=check_fraction(beta, "beta", allow_zero=True))
    fig, _ = plots.plot_path_panels(runs, grid, minimum=(0.0, 0.0))
    return fig, runs
