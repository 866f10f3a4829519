"""The loss surface over ``(w, b)`` as contours, with trajectories and marked points on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from paramcourse._validation import as_vector
from paramcourse.plots.style import (
    CMAP,
    COLORS,
    MODEL_COLORS,
    PALETTE,
    _new_axes,
    style,
)


def _as_trajectories(trajectories) -> dict[str, np.ndarray]:
    if trajectories is None:
        return {}
    if isinstance(trajectories, Mapping):
        items = trajectories.items()
    else:
        items = [("gradient descent", trajectories)]
    out = {}
    for label, path in items:
        path = np.asarray(path, dtype=float)
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(
                f"trajectory {label!r} must have shape (n_points, 2) holding (w, b); "
                f"got {path.shape}"
            )
        out[str(label)] = path
    return out


def plot_loss_surface(
    surface: Mapping[str, Any],
    ax=None,
    *,
    trajectories=None,
    points: Mapping[str, tuple[float, float]] | None = None,
    minimum: tuple[float, float] | None = None,
    levels: int = 14,
    colorbar: bool = True,
    title: str | None = "MSE over parameter space",
    legend: bool = True,
    xlabel: str = "slope w",
    ylabel: str = "intercept b",
    equal_aspect: bool = False,
):
    """Contour lines of the loss over ``(w, b)``, with optional trajectories and marked points.

    Parameters
    ----------
    surface : dict
        ``{"w": (m,), "b": (k,), "loss": (k, m)}``, the output of
        :func:`paramcourse.losses.compute_loss_surface`.
    trajectories : array of shape (n_points, 2), or dict of label -> such array, optional
        Paths of ``(w, b)``; the first point is marked with a circle.
    points : dict of label -> (w, b), optional
        Single models to mark (one point in parameter space is one model).
    minimum : (w, b), optional
        The minimizer, drawn as a star.
    levels : int
        Number of contour levels, spaced geometrically between the smallest and largest loss
        (the loss is positive) so that the valley floor is resolved.
    equal_aspect : bool
        Draw one unit of ``w`` as long as one unit of ``b``; only then does the gradient look
        perpendicular to the contour lines.

    Returns
    -------
    matplotlib Axes. A trajectory labelled ``label`` has ``gid="trajectory:" + label``.
    """
    w_values = as_vector(surface["w"], "surface['w']")
    b_values = as_vector(surface["b"], "surface['b']")
    loss = np.asarray(surface["loss"], dtype=float)
    if loss.shape != (b_values.size, w_values.size):
        raise ValueError(
            "surface['loss'] must have shape (len(b), len(w)) = "
            f"({b_values.size}, {w_values.size}); got {loss.shape}"
        )
    from matplotlib.ticker import FormatStrFormatter

    ax = _new_axes(ax)
    lo, hi = float(np.min(loss)), float(np.max(loss))
    if lo > 0 and hi / lo > 20:
        contour_levels = np.geomspace(lo * 1.05, hi, levels)
    else:
        contour_levels = np.linspace(lo, hi, levels + 1)[1:]
    with style():
        cs = ax.contour(w_values, b_values, loss, levels=contour_levels, cmap=CMAP, linewidths=1.1)
        if colorbar:
            cbar = ax.figure.colorbar(cs, ax=ax, shrink=0.9)
            cbar.set_label("MSE (contour level)")
            cbar.ax.tick_params(labelsize=9)
            cbar.ax.yaxis.set_major_formatter(FormatStrFormatter("%.3g"))
        else:
            # Without a colour bar, label every third contour with its loss value.
            ax.clabel(cs, levels=cs.levels[::3], inline=True, fontsize=8, fmt="%.3g")
        if minimum is not None:
            ax.plot(
                [minimum[0]],
                [minimum[1]],
                marker="*",
                markersize=14,
                color=PALETTE["black"],
                linestyle="none",
                label="minimum",
                gid="minimum",
                zorder=4,
            )
        for i, (label, (w, b)) in enumerate((points or {}).items()):
            ax.plot(
                [w],
                [b],
                marker="o",
                markersize=9,
                color=MODEL_COLORS[i % len(MODEL_COLORS)],
                markeredgecolor="white",
                linestyle="none",
                label=label,
                gid="point:" + label,
                zorder=5,
            )
        for i, (label, path) in enumerate(_as_trajectories(trajectories).items()):
            color = COLORS[i % len(COLORS)]
            ax.plot(
                path[:, 0],
                path[:, 1],
                marker="o",
                markersize=3,
                linewidth=1.4,
                color=color,
                label=label,
                gid="trajectory:" + label,
                zorder=3,
            )
            ax.plot(
                [path[0, 0]],
                [path[0, 1]],
                marker="o",
                markersize=8,
                markerfacecolor="white",
                markeredgecolor=color,
                linestyle="none",
                gid="start:" + label,
                zorder=3,
            )
        ax.set_xlim(w_values[0], w_values[-1])
        ax.set_ylim(b_values[0], b_values[-1])
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.grid(False)
        if equal_aspect:
            ax.set_aspect("equal")
        if title:
            ax.set_title(title)
        if legend and (trajectories is not None or points or minimum is not None):
            ax.legend(loc="lower right")
    return ax
