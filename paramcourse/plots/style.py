"""The book's one visual style: the Okabe-Ito palette, font sizes, figure size, and the helpers
that create axes in that style (single axes, small multiples) or find an artist by ``gid``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from paramcourse._validation import check_count

#: The Okabe-Ito palette (Okabe and Ito, 2008), distinguishable with the common forms of colour
#: blindness. Keys are the colour names; :data:`COLORS` is the drawing order.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: Colours in the order successive lines get them (yellow last: it is faint on white).
COLORS: tuple[str, ...] = (
    PALETTE["blue"],
    PALETTE["orange"],
    PALETTE["green"],
    PALETTE["vermillion"],
    PALETTE["purple"],
    PALETTE["sky"],
    PALETTE["black"],
    PALETTE["yellow"],
)

#: Colours of individual models (points in parameter space and their lines), chosen to stand
#: apart from the blue of the data points.
MODEL_COLORS: tuple[str, ...] = (
    PALETTE["vermillion"],
    PALETTE["purple"],
    PALETTE["green"],
    PALETTE["orange"],
    PALETTE["black"],
)

#: A neutral grey for guides (residual segments, reference lines).
GREY = "#7F7F7F"

#: matplotlib settings of every figure in the book.
RC: dict[str, Any] = {
    "figure.figsize": (6.4, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.constrained_layout.use": True,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 9.5,
    "legend.framealpha": 0.9,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.linewidth": 2.0,
    "lines.markersize": 5,
    "image.cmap": "viridis",
}

#: Sequential colour map for loss surfaces (perceptually uniform, colour-blind safe).
CMAP = "viridis"


def _rc() -> dict[str, Any]:
    from cycler import cycler

    return {**RC, "axes.prop_cycle": cycler(color=list(COLORS))}


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Context manager that applies the book's style (:data:`RC`, :data:`COLORS`) temporarily.

    Examples
    --------
    >>> from paramcourse import plots
    >>> with plots.style():          # doctest: +SKIP
    ...     fig, ax = plt.subplots()
    """
    import matplotlib as mpl

    # Only the keys set here are restored afterwards (unlike ``matplotlib.rc_context``, which
    # restores every setting): matplotlib loads its backend lazily, at the first figure, and
    # Jupyter's inline backend then switches on interactive mode; undoing that on exit would
    # stop later figures from showing in the notebook.
    settings = _rc()
    saved = {key: mpl.rcParams[key] for key in settings}
    mpl.rcParams.update(settings)
    try:
        yield
    finally:
        mpl.rcParams.update(saved)


def use_style() -> None:
    """Apply the book's style globally (for your own figures in a notebook)."""
    import matplotlib as mpl

    mpl.rcParams.update(_rc())


def _new_axes(ax=None, figsize: tuple[float, float] | None = None):
    """Return ``ax``, or the axes of a new figure in the book's style when ``ax`` is ``None``."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    with style():
        _, ax = plt.subplots(figsize=figsize)
    return ax


def small_multiples(
    nrows: int,
    ncols: int,
    *,
    panel_size: tuple[float, float] = (3.6, 3.0),
    sharex: bool = False,
    sharey: bool = False,
):
    """Create a grid of axes for a figure of small multiples (one setting per panel).

    The static fallbacks of the explorers use it: the same ``plot_*`` function is called on
    each panel with a different setting.

    Parameters
    ----------
    nrows, ncols : int
        Grid shape.
    panel_size : (float, float)
        Width and height of one panel in inches; the figure is ``ncols * width`` by
        ``nrows * height``.
    sharex, sharey : bool
        Share the axis limits across panels.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : ndarray of Axes, shape ``(nrows, ncols)`` (always 2-D).
    """
    nrows = check_count(nrows, "nrows")
    ncols = check_count(ncols, "ncols")
    import matplotlib.pyplot as plt

    width, height = panel_size
    with style():
        fig, axes = plt.subplots(
            nrows,
            ncols,
            figsize=(ncols * width, nrows * height),
            sharex=sharex,
            sharey=sharey,
            squeeze=False,
        )
    return fig, axes


def find_artist(ax, gid: str):
    """Return the artist of ``ax`` whose ``gid`` is ``gid`` (the explorers update it in place)."""
    for artist in ax.get_children():
        if artist.get_gid() == gid:
            return artist
    raise KeyError(f"no artist with gid={gid!r} on these axes")
