"""Explorer of chapter 11: a shift slider moves a signal, and the outputs of a convolution (one
shared kernel) and of a locally connected layer (a kernel per position) follow, or do not;
:func:`static_equivariance` is the book's fallback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from paramcourse import plots
from paramcourse._validation import as_vector, check_count, check_rng
from paramcourse.widgets._common import _Blitter, _figure, explorer_box

_KINDS = ("input", "conv", "local")
_KEYS = {"input": "x_shifted", "conv": "conv_shifted", "local": "local_shifted"}


def _limits(x, kernel, local_kernels, shifts) -> dict[str, tuple[float, float]]:
    """y-limits of each panel that hold the curves of every shift in ``shifts``."""
    runs = [plots.compute_equivariance(x, kernel, s, local_kernels=local_kernels) for s in shifts]
    out = {}
    for kind in _KINDS:
        values = np.concatenate([np.r_[r[_KEYS[kind]], r[_KEYS[kind].replace("_shifted", "")]]
                                 for r in runs])
        lo, hi = float(values.min()), float(values.max())
        pad = 0.08 * (hi - lo or 1.0)
        out[kind] = (lo - pad, hi + 5 * pad)  # room for the legend above the curves
    return out


def explore_equivariance(
    x,
    kernel,
    *,
    rng: np.random.Generator,
    shift: int = 4,
    max_shift: int = 10,
):
    """A slider for the shift ``s`` of the input signal.

    Three panels: the signal and its shift, the convolution's output for both (the orange
    curve is the blue one moved by ``s``), and a locally connected layer's output for both
    (it is not). The readout gives ``max |layer(S x) - S layer(x)|`` for each layer.

    Parameters
    ----------
    x : array_like of shape (n,)
        The signal; zeros near its ends keep the convolution exactly equivariant.
    kernel : array_like of shape (k,)
    rng : numpy.random.Generator
        Draws the locally connected layer's kernels once (the kernel plus N(0, 1) noise).
    shift : int
        Starting shift.
    max_shift : int
        The slider runs from ``-max_shift`` to ``max_shift``.

    Returns
    -------
    ipywidgets.VBox with ``controls`` (``"shift"``), ``figure``, ``axes`` (``"input"``,
    ``"conv"``, ``"local"``), ``readout``, ``image`` and ``redraw`` attributes.
    """
    import ipywidgets as widgets

    x = as_vector(x, "x")
    w = as_vector(kernel, "kernel")
    max_shift = check_count(max_shift, "max_shift")
    if not isinstance(shift, (int, np.integer)) or abs(shift) > max_shift:
        raise ValueError(f"shift must be an integer in [-{max_shift}, {max_shift}]; got {shift!r}")
    data = plots.compute_equivariance(x, w, int(shift), check_rng(rng))
    kernels = data["local_kernels"]
    limits = _limits(x, w, kernels, range(-max_shift, max_shift + 1))

    fig, axes = _figure((12.0, 3.6), 3)
    ax = dict(zip(_KINDS, axes))
    moving = []
    for kind in _KINDS:
        plots.plot_equivariance(data, ax[kind], kind=kind)
        ax[kind].set_ylim(*limits[kind])
        moving.append(plots.find_artist(ax[kind], "shifted"))
    # The legends are part of the cached background, so they name the shift generically.
    for kind in _KINDS:
        ax[kind].get_legend().get_texts()[1].set_text(
            "x shifted by s" if kind == "input" else "output for x shifted by s")

    slider = widgets.IntSlider(
        value=int(shift), min=-max_shift, max=max_shift, step=1, description="shift s",
        continuous_update=True, style={"description_width": "initial"},
        layout=widgets.Layout(width="60%"),
    )
    readout = widgets.HTML()
    image = widgets.Image(format="png")

    def redraw(change: Any = None) -> None:
        d = plots.compute_equivariance(x, w, int(slider.value), local_kernels=kernels)
        for kind, line in zip(_KINDS, moving):
            line.set_ydata(d[_KEYS[kind]])
        readout.value = (
            f"Shift s = {d['shift']}: max |layer(shifted x) − shifted layer(x)| is "
            f"<b>{d['conv_error']:.3g}</b> for the convolution and "
            f"<b>{d['local_error']:.3g}</b> for the locally connected layer."
        )
        image.value = blitter.render()

    blitter = _Blitter(fig, moving)
    slider.observe(redraw, names="value")
    redraw()

    return explorer_box(
        [slider],
        controls={"shift": slider},
        figure=fig,
        axes=ax,
        readout=readout,
        image=image,
        redraw=redraw,
    )


def static_equivariance(x, kernel, shifts: Sequence[int] = (3, 8), *, rng: np.random.Generator):
    """Static fallback of :func:`explore_equivariance`: one row of three panels per shift, the
    same locally connected layer in every row.

    Returns
    -------
    matplotlib Figure.
    """
    shifts = [int(s) for s in shifts]
    if not shifts:
        raise ValueError("shifts must hold at least one shift")
    kernels = plots.compute_equivariance(x, kernel, 0, check_rng(rng))["local_kernels"]
    limits = _limits(as_vector(x, "x"), as_vector(kernel, "kernel"), kernels, shifts)
    fig, axes = plots.small_multiples(len(shifts), 3, panel_size=(4.2, 3.1))
    for row, s in zip(axes, shifts):
        d = plots.compute_equivariance(x, kernel, s, local_kernels=kernels)
        for ax, kind in zip(row, _KINDS):
            plots.plot_equivariance(d, ax, kind=kind)
            ax.set_ylim(*limits[kind])
    return fig
