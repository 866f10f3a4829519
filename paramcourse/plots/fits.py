"""Data with a fitted line and its residuals, and a family of lines over the same data
(chapter 1: one point in parameter space is one line).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from paramcourse._validation import as_scalar, as_xy, check_count
from paramcourse.plots.style import GREY, MODEL_COLORS, PALETTE, _new_axes, style


def compute_line_fit(X, y, w, b, n_line: int = 2) -> dict[str, Any]:
    """Predictions, residuals and MSE of the line ``y_hat = w * x + b`` on one-feature data.

    ``residuals[i] = y_hat[i] - y[i]``; ``mse`` is
    :math:`\\mathrm{MSE}(w, b) = \\frac1n \\sum_i (w x_i + b - y_i)^2`, computed by
    :func:`paramcourse.losses.mse_loss`.

    Parameters
    ----------
    X : array of shape (n, 1)
    y : array of shape (n,)
    w : float or array of shape (1,)
        Slope.
    b : float
        Intercept.
    n_line : int
        Number of points on the drawn line (2 suffice for a straight line).

    Returns
    -------
    dict with ``x`` (n,), ``y`` (n,), ``w``, ``b``, ``y_pred`` (n,), ``residuals`` (n,),
    ``mse``, ``x_line`` and ``y_line`` (n_line,), and ``segments`` (n, 2, 2): residual ``i``
    as the segment from ``(x[i], y[i])`` to ``(x[i], y_pred[i])``, ready for a
    ``LineCollection`` (the explorer of chapter 1 moves it with ``set_segments``).
    """
    from paramcourse import losses

    X, y = as_xy(X, y)
    if X.shape[1] != 1:
        raise ValueError(f"X must have shape (n_samples, 1) for a line fit; got {X.shape}")
    w = float(np.ravel(np.asarray(w, dtype=float))[0]) if np.ndim(w) else as_scalar(w, "w")
    b = as_scalar(b, "b")
    x = X[:, 0]
    y_pred = w * x + b
    residuals = y_pred - y
    lo, hi = float(x.min()), float(x.max())
    pad = 0.05 * (hi - lo if hi > lo else 1.0)
    x_line = np.linspace(lo - pad, hi + pad, check_count(n_line, "n_line", minimum=2))
    return {
        "x": x,
        "y": y,
        "w": w,
        "b": b,
        "y_pred": y_pred,
        "residuals": residuals,
        "mse": losses.mse_loss(np.array([w]), b, X, y),
        "x_line": x_line,
        "y_line": w * x_line + b,
        "segments": np.stack([np.column_stack([x, y]), np.column_stack([x, y_pred])], axis=1),
    }


def plot_line_fit(
    data: Mapping[str, Any],
    ax=None,
    *,
    residuals: bool = True,
    title: str | None = None,
    xlabel: str = "feature x (arbitrary units)",
    ylabel: str = "target y (arbitrary units)",
    legend: bool = True,
    color: str | None = None,
):
    """Draw data points, the line ``y_hat = w x + b`` and (optionally) the residuals.

    Parameters
    ----------
    data : dict
        The output of :func:`compute_line_fit`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is created when ``None``.
    residuals : bool
        Draw each residual as a vertical segment from the point to the line.
    title : str, optional
        Defaults to the parameters and the MSE.

    Returns
    -------
    matplotlib Axes. The line has ``gid="fit-line"``, the points ``gid="data"``, the residual
    segments ``gid="residuals"``.
    """
    from matplotlib.collections import LineCollection

    ax = _new_axes(ax)
    with style():
        if residuals:
            segments = LineCollection(
                data["segments"],
                colors=GREY,
                linewidths=1.0,
                linestyles="dashed",
                label="residuals",
                gid="residuals",
                zorder=1,
            )
            ax.add_collection(segments)
        ax.scatter(
            data["x"], data["y"], s=22, color=PALETTE["blue"], label="data", gid="data", zorder=2
        )
        ax.plot(
            data["x_line"],
            data["y_line"],
            color=color or PALETTE["vermillion"],
            label=r"model $\hat y = w x + b$",
            gid="fit-line",
            zorder=3,
        )
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title is None:
            title = f"w = {data['w']:.2f}, b = {data['b']:.2f}: MSE = {data['mse']:.2f}"
        ax.set_title(title)
        if legend:
            ax.legend(loc="upper left")
    return ax


def compute_line_family(X, y, params: Sequence[tuple[float, float]]) -> dict[str, Any]:
    """Several members ``y_hat = w x + b`` of the family of lines, with their MSE on ``(X, y)``.

    Returns
    -------
    dict with ``x`` (n,), ``y`` (n,) and ``members``: a list of dicts with ``w``, ``b``,
    ``mse``, ``x_line`` and ``y_line`` (one per ``(w, b)`` in ``params``).
    """
    X, y = as_xy(X, y)
    members = []
    for w, b in params:
        fit = compute_line_fit(X, y, w, b)
        members.append({k: fit[k] for k in ("w", "b", "mse", "x_line", "y_line")})
    if not members:
        raise ValueError("params must hold at least one (w, b) pair")
    return {"x": X[:, 0], "y": y, "members": members}


def plot_line_family(
    data: Mapping[str, Any],
    ax=None,
    *,
    title: str | None = "Members of the family y = w x + b",
    xlabel: str = "feature x (arbitrary units)",
    ylabel: str = "target y (arbitrary units)",
):
    """Draw the data and several lines of the family, each labelled with ``(w, b)`` and its MSE.

    ``data`` is the output of :func:`compute_line_family`. Line ``i`` has ``gid="member:i"``.
    """
    ax = _new_axes(ax)
    with style():
        ax.scatter(data["x"], data["y"], s=18, color=PALETTE["blue"], alpha=0.8, label="data",
                   gid="data", zorder=2)
        styles = ["-", "--", "-.", ":", (0, (5, 1, 1, 1))]
        for i, m in enumerate(data["members"]):
            ax.plot(
                m["x_line"],
                m["y_line"],
                color=MODEL_COLORS[i % len(MODEL_COLORS)],
                linestyle=styles[i % len(styles)],
                label=f"w = {m['w']:.1f}, b = {m['b']:.1f} (MSE {m['mse']:.1f})",
                gid=f"member:{i}",
                zorder=3,
            )
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        ax.legend(loc="upper left")
    return ax
