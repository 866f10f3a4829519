"""Explorer of chapter 8: a degree slider shows the polynomial fit over the data and the truth,
and the training and validation error against the degree with the current degree marked;
:func:`static_polynomial_degree` is the book's fallback."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from paramcourse import plots
from paramcourse._validation import check_callable, check_count
from paramcourse.widgets._common import _Blitter, _figure, explorer_box


def _sweep(X_train, y_train, X_val, y_val, max_degree: int):
    max_degree = check_count(max_degree, "max_degree")
    return plots.compute_degree_sweep(X_train, y_train, X_val, y_val, range(1, max_degree + 1))


def _title(sweep, i: int) -> str:
    """The title of the fit panel for the ``i``-th degree of ``sweep``: the degree and both errors."""
    return f"degree {sweep['degrees'][i]}: train MSE {sweep['train_mse'][i]:.3f}, val MSE {sweep['val_mse'][i]:.3f}"


def _truth(truth):
    if truth is None:
        from paramcourse import data

        return data.poly4_truth
    return check_callable(truth, "truth")


def explore_polynomial_degree(
    X_train,
    y_train,
    X_val,
    y_val,
    *,
    degree: int = 1,
    max_degree: int = 15,
    truth: Callable | None = None,
):
    """A degree slider for least-squares polynomial regression on one feature.

    Left: the training data (filled dots), the validation data (open squares), the true
    function (dashed) and the fitted polynomial of the chosen degree. Right: training and
    validation MSE against the degree (log scale), with the chosen degree marked. Every degree
    is fitted once, when the explorer is built; moving the slider only swaps curves.

    Parameters
    ----------
    X_train, y_train : arrays of shape (n_train, 1) and (n_train,)
        The data the polynomials are fitted to.
    X_val, y_val : arrays of shape (n_val, 1) and (n_val,)
        Held-out data, used only to score the fits.
    degree : int
        Starting degree.
    max_degree : int
        Largest degree on the slider (keep it below ``n_train - 1``: from degree
        ``n_train - 1`` on, the polynomial can pass through every training point).
    truth : callable, optional
        The function the data came from; by default :func:`paramcourse.data.poly4_truth`.

    Returns
    -------
    ipywidgets.VBox with ``controls`` (``"degree"``), ``figure``, ``axes`` (``"fit"``,
    ``"errors"``), ``readout``, ``image``, ``redraw`` and ``sweep`` (the output of
    :func:`paramcourse.plots.compute_degree_sweep`) attributes.
    """
    import ipywidgets as widgets

    sweep = _sweep(X_train, y_train, X_val, y_val, max_degree)
    truth = _truth(truth)
    degree = check_count(degree, "degree")
    if degree > max_degree:
        raise ValueError(f"degree must be at most max_degree = {max_degree}; got {degree}")

    fig, (ax_fit, ax_err) = _figure((10.5, 4.2), 2)
    plots.plot_polynomial_fit(sweep, degree, ax_fit, truth=truth, title=_title(sweep, degree - 1))
    plots.plot_degree_sweep(sweep, ax_err, current=degree, title="Error against degree")
    fit_line = plots.find_artist(ax_fit, "poly-fit")
    vline = plots.find_artist(ax_err, "current-degree")
    dots = plots.find_artist(ax_err, "current-points")
    ax_fit.title.set_fontsize(10.5)

    slider = widgets.IntSlider(
        value=degree, min=1, max=max_degree, step=1, description="polynomial degree p",
        continuous_update=True, style={"description_width": "initial"},
        layout=widgets.Layout(width="60%"),
    )
    readout = widgets.HTML()
    image = widgets.Image(format="png")

    def redraw(change: Any = None) -> None:
        p = int(slider.value)
        i = p - 1
        fit_line.set_ydata(sweep["curves"][i])
        vline.set_xdata([p, p])
        dots.set_data([p, p], [sweep["train_mse"][i], sweep["val_mse"][i]])
        ax_fit.title.set_text(_title(sweep, i))
        best = sweep["best_degree"]
        readout.value = (
            f"Degree {p}: {p + 1} parameters. Training MSE {sweep['train_mse'][i]:.4f}, "
            f"validation MSE <b>{sweep['val_mse'][i]:.4f}</b> "
            f"(the smallest validation MSE is at degree {best})."
        )
        image.value = blitter.render()

    blitter = _Blitter(fig, [fit_line, vline, dots, ax_fit.title])
    slider.observe(redraw, names="value")
    redraw()

    return explorer_box(
        [slider],
        controls={"degree": slider},
        figure=fig,
        axes={"fit": ax_fit, "errors": ax_err},
        readout=readout,
        image=image,
        redraw=redraw,
        sweep=sweep,
    )


def static_polynomial_degree(
    X_train,
    y_train,
    X_val,
    y_val,
    degrees: Sequence[int] = (1, 4, 15),
    *,
    max_degree: int = 15,
    truth: Callable | None = None,
):
    """Static fallback of :func:`explore_polynomial_degree`: three fits and the error curves.

    Draws a 2 x 2 grid: the fits of three degrees (by default too low, right and too high) and
    the training and validation MSE against the degree with those three degrees marked.

    Returns
    -------
    fig : matplotlib Figure
    sweep : dict, the output of :func:`paramcourse.plots.compute_degree_sweep` for degrees
        ``1 .. max_degree``
    """
    degrees = [check_count(int(p) if isinstance(p, np.integer) else p, "degrees") for p in degrees]
    if len(degrees) != 3:
        raise ValueError(f"degrees must hold three degrees; got {len(degrees)}")
    if max(degrees) > max_degree:
        raise ValueError(f"degrees must be at most max_degree = {max_degree}; got {degrees}")
    sweep = _sweep(X_train, y_train, X_val, y_val, max_degree)
    truth = _truth(truth)
    fig, axes = plots.small_multiples(2, 2, panel_size=(4.6, 3.6))
    for i, (ax, p) in enumerate(zip(axes.flat[:3], degrees)):
        plots.plot_polynomial_fit(sweep, p, ax, truth=truth, legend=(i == 0))
        ax.title.set_fontsize(10)
    ax_err = axes[1, 1]
    plots.plot_degree_sweep(sweep, ax_err, title="Error against degree")
    for p, color in zip(degrees, plots.MODEL_COLORS):
        ax_err.axvline(p, color=color, linewidth=1.0, linestyle=(0, (4, 2)))
    return fig, sweep
