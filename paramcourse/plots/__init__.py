"""Plotting helpers: one function per figure kind, all in one visual style.

The book follows a *compute, plot, explore* convention:

* a ``compute_*`` function is pure NumPy and returns the numbers behind a figure as a ``dict``;
* a ``plot_*(data, ax=None)`` function draws that ``dict`` on the given axes (creating a figure
  only when ``ax`` is ``None``), labels both axes, and returns the axes; it never calls
  ``plt.show()``;
* an ``explore_*`` function in :mod:`paramcourse.widgets` wires sliders to the two.

Style lives here and only here: the colour-blind-safe Okabe-Ito palette (:data:`PALETTE`), font
sizes and the default figure size (:data:`RC`). Every ``plot_*`` function draws inside
:func:`style`, so chapters never set colours or fonts themselves.

The figures are grouped by subject, one small module each: :mod:`~paramcourse.plots.style`,
:mod:`~paramcourse.plots.fits`, :mod:`~paramcourse.plots.surfaces`,
:mod:`~paramcourse.plots.descent`; every public name is available from ``paramcourse.plots``
itself. matplotlib is imported inside the functions, so ``import paramcourse`` does not import
it.

Artists that the explorers update in place carry a ``gid`` (for example the fitted line has
``gid="fit-line"``); :func:`find_artist` looks them up.
"""

from paramcourse.plots.descent import (
    compute_fd_errors,
    compute_gd_runs,
    compute_minibatch_runs,
    compute_paths_1d,
    compute_step_size_factors,
    plot_fd_errors,
    plot_loss_curves,
    plot_paths_1d,
    plot_step_size_factors,
    smoothness_constant,
)
from paramcourse.plots.fits import (
    compute_line_family,
    compute_line_fit,
    plot_line_family,
    plot_line_fit,
)
from paramcourse.plots.style import (
    CMAP,
    COLORS,
    GREY,
    MODEL_COLORS,
    PALETTE,
    RC,
    find_artist,
    small_multiples,
    style,
    use_style,
)
from paramcourse.plots.surfaces import plot_loss_surface

__all__ = [
    "PALETTE",
    "CMAP",
    "GREY",
    "COLORS",
    "MODEL_COLORS",
    "RC",
    "style",
    "use_style",
    "small_multiples",
    "find_artist",
    "compute_line_fit",
    "plot_line_fit",
    "compute_line_family",
    "plot_line_family",
    "plot_loss_surface",
    "smoothness_constant",
    "compute_gd_runs",
    "plot_loss_curves",
    "compute_minibatch_runs",
    "compute_step_size_factors",
    "plot_step_size_factors",
    "compute_paths_1d",
    "plot_paths_1d",
    "compute_fd_errors",
    "plot_fd_errors",
]
