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

from paramcourse.widgets.capacity import (
    explore_polynomial_degree,
    static_polynomial_degree,
)
from paramcourse.widgets.equivariance import explore_equivariance, static_equivariance
from paramcourse.widgets.initialization import (
    explore_initialization,
    static_initialization,
)
from paramcourse.widgets.learning_rate import (
    explore_learning_rate,
    static_learning_rate,
)
from paramcourse.widgets.line_fit import explore_line_fit, static_line_fit
from paramcourse.widgets.optimizers import explore_optimizers, static_optimizers
from paramcourse.widgets.regularization import (
    explore_regularization,
    static_regularization,
)

__all__ = [
    "explore_line_fit",
    "static_line_fit",
    "explore_learning_rate",
    "static_learning_rate",
    "explore_optimizers",
    "static_optimizers",
    "explore_initialization",
    "static_initialization",
    "explore_polynomial_degree",
    "static_polynomial_degree",
    "explore_regularization",
    "static_regularization",
    "explore_equivariance",
    "static_equivariance",
]
