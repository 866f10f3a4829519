"""What every explorer shares: an Agg figure in the book's style, a redraw that only
repaints the moving artists (blitting) and encodes a PNG, and small helpers for ranges and
input checks."""

from __future__ import annotations

import io

import numpy as np

from paramcourse import plots
from paramcourse._validation import as_xy

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


def explorer_box(control_rows, controls, figure, axes, readout, image, redraw, **extra):
    """Assemble an explorer: controls on top, then the readout and the figure's image.

    Returns the :class:`ipywidgets.VBox` with the attributes every explorer exposes (see the
    package docstring): ``controls``, ``figure``, ``axes``, ``readout``, ``image``, ``redraw``,
    plus any explorer-specific ``extra`` ones (e.g. ``L`` or ``sweep``).
    """
    import ipywidgets as widgets

    box = widgets.VBox([*control_rows, readout, image])
    box.controls = controls
    box.figure = figure
    box.axes = axes
    box.readout = readout
    box.image = image
    box.redraw = redraw
    for name, value in extra.items():
        setattr(box, name, value)
    return box
