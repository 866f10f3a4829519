r"""Figures of regularization (chapter 9): ridge and lasso paths, the weights at one penalty as
bars, the constraint regions (disk and diamond) over loss contours, the validation curve of the
penalty, and early stopping of gradient descent.

The objectives are those of :mod:`paramcourse.linear`, with the intercept never penalized:

.. math:: \text{ridge: } \tfrac1n \lVert y - Xw - b \rVert^2 + \lambda \lVert w \rVert_2^2,
          \qquad
          \text{lasso: } \tfrac1n \lVert y - Xw - b \rVert^2 + \lambda \lVert w \rVert_1 .
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from paramcourse._validation import (
    as_vector,
    as_xy,
    check_choice,
    check_count,
    check_positive,
)
from paramcourse.linear import PENALTIES
from paramcourse.plots.style import CMAP, COLORS, GREY, PALETTE, _new_axes, style

#: Line styles that, with the eight colours of the palette, tell up to 16 features apart.
_LINESTYLES = ("-", "--", "-.", ":")


def _lams(lams) -> np.ndarray:
    lams = as_vector(lams, "lams")
    if lams.size == 0 or np.any(lams <= 0):
        raise ValueError("lams must be a non-empty 1-D array of penalty strengths > 0")
    return lams


def _names(names, d: int) -> list[str]:
    if names is None:
        return [f"x{j + 1}" for j in range(d)]
    names = [str(n) for n in names]
    if len(names) != d:
        raise ValueError(f"names must hold one name per column of X ({d}); got {len(names)}")
    return names


def _path(X, y, lams, kind: str) -> np.ndarray:
    """Coefficients (m, d) for each penalty, in the order of ``lams``."""
    from paramcourse import linear

    if kind == "ridge":
        return linear.ridge_path(X, y, lams)
    # The lasso path warm-starts each fit at the previous one: go from large to small penalties.
    order = np.argsort(lams)[::-1]
    coefs = np.empty((lams.size, X.shape[1]))
    coefs[order] = linear.lasso_path(X, y, lams[order], n_steps=5000, tol=1e-7)
    return coefs


def line_style(j: int) -> dict[str, Any]:
    """Colour and line style of feature ``j`` in path figures (the same in every panel)."""
    return {"color": COLORS[j % len(COLORS)], "linestyle": _LINESTYLES[(j // len(COLORS)) % 4]}


# --------------------------------------------------------------------------------------------
# Regularization paths and the weights at one penalty
# --------------------------------------------------------------------------------------------


def compute_regularization_path(X, y, lams, kind: str = "ridge", names=None) -> dict[str, Any]:
    r"""The ridge or lasso weights :math:`w(\lambda)` for a range of penalties.

    Uses :func:`paramcourse.linear.ridge_path` (exact, one SVD for all penalties) or
    :func:`paramcourse.linear.lasso_path` (ISTA, warm-started from large to small
    :math:`\lambda`). Standardize the columns of ``X`` first if the weights are to be compared.

    Parameters
    ----------
    X : array of shape (n, d)
    y : array of shape (n,)
    lams : array of shape (m,)
        Penalty strengths :math:`\lambda > 0`, in any order (returned sorted ascending).
    kind : {"ridge", "lasso"}
    names : sequence of d str, optional
        Feature names for the legend.

    Returns
    -------
    dict with ``kind``, ``lams`` (m,) ascending, ``coefs`` (m, d), ``intercepts`` (m,),
    ``n_nonzero`` (m,) the number of weights that are not exactly 0, and ``names``.
    """
    X, y = as_xy(X, y)
    kind = check_choice(kind, "kind", PENALTIES)
    lams = np.sort(_lams(lams))
    coefs = _path(X, y, lams, kind)
    return {
        "kind": kind,
        "lams": lams,
        "coefs": coefs,
        "intercepts": y.mean() - coefs @ X.mean(axis=0),
        "n_nonzero": np.count_nonzero(coefs, axis=1),
        "names": _names(names, X.shape[1]),
    }


def plot_regularization_path(
    path: Mapping[str, Any],
    ax=None,
    *,
    current: float | None = None,
    legend: bool = True,
    title: str | None = None,
    ylabel: str = "weight w_j",
):
    """Draw each weight against :math:`\\lambda` (log axis), with an optional marked penalty.

    ``path`` is the output of :func:`compute_regularization_path`. Feature ``name`` is drawn
    with ``gid="path:" + name``; the marked penalty is a vertical line with
    ``gid="current-lambda"``.
    """
    ax = _new_axes(ax)
    lams = path["lams"]
    with style():
        ax.axhline(0.0, color=GREY, linewidth=0.8)
        for j, name in enumerate(path["names"]):
            ax.plot(lams, path["coefs"][:, j], label=name, gid="path:" + name, linewidth=1.6,
                    **line_style(j))
        if current is not None:
            ax.axvline(check_positive(current, "current"), color=PALETTE["black"], linewidth=1.2,
                       linestyle=(0, (4, 2)), gid="current-lambda")
        ax.set_xscale("log")
        ax.set_xlim(lams.min(), lams.max())
        ax.set_xlabel("penalty strength λ (log scale)")
        ax.set_ylabel(ylabel)
        if title is None:
            title = f"{path['kind'].capitalize()} path"
        ax.set_title(title)
        if legend:
            ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8.5, frameon=False)
    return ax


def weights_at(path: Mapping[str, Any], lam: float) -> np.ndarray:
    """The row of ``path["coefs"]`` whose penalty is closest to ``lam`` on a log scale."""
    lam = check_positive(lam, "lam")
    i = int(np.argmin(np.abs(np.log(path["lams"]) - np.log(lam))))
    return path["coefs"][i]


def plot_weight_bars(
    names: Sequence[str],
    coefs,
    ax=None,
    *,
    ylim: tuple[float, float] | None = None,
    title: str | None = "Weights",
    ylabel: str = "weight w_j",
):
    """One bar per weight, coloured as in the path figure; exact zeros are marked "0".

    Returns
    -------
    matplotlib Axes; bar ``j`` has ``gid="bar:" + names[j]``.
    """
    coefs = as_vector(coefs, "coefs")
    names = _names(names, coefs.size)
    ax = _new_axes(ax)
    with style():
        bars = ax.bar(np.arange(coefs.size), coefs, color=[line_style(j)["color"] for j in range(coefs.size)],
                      edgecolor=PALETTE["black"], linewidth=0.6)
        for name, bar in zip(names, bars):
            bar.set_gid("bar:" + name)
        ax.axhline(0.0, color=GREY, linewidth=0.8)
        ax.set_xticks(np.arange(coefs.size), names, rotation=0, fontsize=9)
        ax.set_xlabel("feature")
        ax.set_ylabel(ylabel)
        if ylim is not None:
            ax.set_ylim(*ylim)
        if title:
            ax.set_title(title)
    return ax


# --------------------------------------------------------------------------------------------
# The constraint picture: disk (L2) and diamond (L1) over the loss contours
# --------------------------------------------------------------------------------------------


def compute_constraint_region(
    X,
    y,
    lam: float,
    kind: str = "lasso",
    *,
    w1_range: tuple[float, float] | None = None,
    w2_range: tuple[float, float] | None = None,
    resolution: int = 160,
) -> dict[str, Any]:
    r"""Loss contours over two weights, with the penalized solution and its constraint region.

    For two features the loss with the best intercept, :math:`\frac1n \lVert X_c w - y_c
    \rVert^2` (:math:`X_c`, :math:`y_c` centred), is drawn on a grid of :math:`(w_1, w_2)`. The
    penalized minimizer :math:`w_\lambda` (``Ridge`` or ``Lasso`` at ``lam``) is also the
    minimizer of the loss over the region :math:`\lVert w \rVert \le t` with
    :math:`t = \lVert w_\lambda \rVert` (the 2-norm for ridge: a disk; the 1-norm for the lasso:
    a diamond), because the two problems have the same Lagrange conditions. So the smallest
    contour that touches the region touches it at :math:`w_\lambda`.

    Returns
    -------
    dict with ``kind``, ``lam``, ``w1`` (r,), ``w2`` (r,), ``loss`` (r, r) indexed
    ``[w2, w1]``, ``w_ols`` (2,) the unpenalized minimizer, ``w_pen`` (2,), ``budget`` t,
    ``loss_at_pen`` the loss at ``w_pen`` and ``region`` (k, 2) the boundary of the region.
    """
    from paramcourse import linear

    X, y = as_xy(X, y)
    if X.shape[1] != 2:
        raise ValueError(f"X must have shape (n_samples, 2) for this picture; got {X.shape}")
    kind = check_choice(kind, "kind", PENALTIES)
    lam = check_positive(lam, "lam")
    resolution = check_count(resolution, "resolution", minimum=5)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    w_ols = linear.LinearRegression().fit(X, y).coef_
    model = linear.Ridge(lam) if kind == "ridge" else linear.Lasso(lam, n_steps=20000, tol=1e-12)
    w_pen = model.fit(X, y).coef_
    span = 1.3 * float(np.max(np.abs(w_ols))) + 0.5
    w1 = np.linspace(*(w1_range or (-span, span)), resolution)
    w2 = np.linspace(*(w2_range or (-span, span)), resolution)
    W1, W2 = np.meshgrid(w1, w2)
    W = np.stack([W1.ravel(), W2.ravel()])  # (2, r*r)
    loss = np.mean((Xc @ W - yc[:, None]) ** 2, axis=0).reshape(W1.shape)
    angles = np.linspace(0.0, 2 * np.pi, 361)
    if kind == "ridge":
        budget = float(np.linalg.norm(w_pen))
        region = budget * np.column_stack([np.cos(angles), np.sin(angles)])
    else:
        budget = float(np.sum(np.abs(w_pen)))
        region = budget * np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0], [1.0, 0.0]])
    return {
        "kind": kind,
        "lam": lam,
        "w1": w1,
        "w2": w2,
        "loss": loss,
        "w_ols": w_ols,
        "w_pen": w_pen,
        "budget": budget,
        "loss_at_pen": float(np.mean((Xc @ w_pen - yc) ** 2)),
        "region": region,
    }


def plot_constraint_region(
    data: Mapping[str, Any],
    ax=None,
    *,
    levels: int = 8,
    title: str | None = None,
    legend: bool = True,
):
    """Loss contours, the constraint region (shaded), the least-squares point and the solution.

    ``data`` is the output of :func:`compute_constraint_region`. The contour through the
    penalized solution is drawn thicker (``gid="touching-contour"``); the region has
    ``gid="region"`` and the solution ``gid="solution"``.
    """
    from matplotlib.patches import Polygon

    ax = _new_axes(ax)
    loss = data["loss"]
    lo = float(np.min(loss))
    touching = data["loss_at_pen"]
    # Contours between the minimum and a little beyond the touching one, evenly in sqrt(loss - lo)
    # (the loss is quadratic, so these are evenly spaced ellipses).
    radii = np.linspace(0.0, 1.6 * np.sqrt(max(touching - lo, 1e-12)), levels + 1)[1:]
    contour_levels = lo + radii**2
    with style():
        ax.contour(data["w1"], data["w2"], loss, levels=contour_levels, cmap=CMAP, linewidths=1.0)
        cs = ax.contour(data["w1"], data["w2"], loss, levels=[touching], colors=PALETTE["vermillion"],
                        linewidths=2.0)
        cs.set_gid("touching-contour")
        ax.add_patch(Polygon(data["region"], closed=True, facecolor=PALETTE["sky"], alpha=0.35,
                             edgecolor=PALETTE["blue"], linewidth=1.6, gid="region",
                             label="allowed region"))
        ax.axhline(0.0, color=GREY, linewidth=0.7)
        ax.axvline(0.0, color=GREY, linewidth=0.7)
        ax.plot(*data["w_ols"], marker="*", markersize=14, color=PALETTE["black"], linestyle="none",
                label="least squares", gid="ols")
        ax.plot(*data["w_pen"], marker="o", markersize=8, color=PALETTE["vermillion"],
                markeredgecolor=PALETTE["black"], linestyle="none",
                label=f"{data['kind']} solution", gid="solution")
        ax.set_aspect("equal")
        ax.set_xlim(data["w1"][0], data["w1"][-1])
        ax.set_ylim(data["w2"][0], data["w2"][-1])
        ax.set_xlabel("weight w₁")
        ax.set_ylabel("weight w₂")
        if title is None:
            norm = "‖w‖₂" if data["kind"] == "ridge" else "‖w‖₁"
            title = f"{data['kind'].capitalize()}: {norm} ≤ {data['budget']:.2f}"
        ax.set_title(title)
        if legend:
            ax.legend(loc="lower right", fontsize=8.5)
    return ax


# --------------------------------------------------------------------------------------------
# Choosing lambda on validation data
# --------------------------------------------------------------------------------------------


def compute_validation_curve(X_train, y_train, X_val, y_val, lams, kind: str = "ridge") -> dict[str, Any]:
    r"""Training and validation MSE of ridge or lasso for each penalty.

    Each model is fitted on the training data only (with the intercept
    :math:`b = \bar y - \bar x \cdot w` of the training data) and scored on both sets.

    Returns
    -------
    dict with ``kind``, ``lams`` (m,) ascending, ``train_mse`` (m,), ``val_mse`` (m,),
    ``best_lam`` (the penalty with the smallest validation MSE) and ``best_index``.
    """
    X_train, y_train = as_xy(X_train, y_train)
    X_val, y_val = as_xy(X_val, y_val)
    if X_val.shape[1] != X_train.shape[1]:
        raise ValueError(
            f"X_val must have shape (n_val, {X_train.shape[1]}) like X_train; got {X_val.shape}"
        )
    path = compute_regularization_path(X_train, y_train, lams, kind)
    pred_train = X_train @ path["coefs"].T + path["intercepts"]
    pred_val = X_val @ path["coefs"].T + path["intercepts"]
    val_mse = np.mean((pred_val - y_val[:, None]) ** 2, axis=0)
    best = int(np.argmin(val_mse))
    return {
        "kind": path["kind"],
        "lams": path["lams"],
        "train_mse": np.mean((pred_train - y_train[:, None]) ** 2, axis=0),
        "val_mse": val_mse,
        "best_lam": float(path["lams"][best]),
        "best_index": best,
    }


def plot_validation_curve(
    data: Mapping[str, Any],
    ax=None,
    *,
    title: str | None = None,
    ylabel: str = "mean squared error",
):
    """Training and validation MSE against :math:`\\lambda` (log axis), the best one marked."""
    ax = _new_axes(ax)
    with style():
        ax.plot(data["lams"], data["train_mse"], color=PALETTE["blue"], label="training MSE",
                gid="train-curve")
        ax.plot(data["lams"], data["val_mse"], color=PALETTE["orange"], label="validation MSE",
                gid="val-curve")
        best = data["best_index"]
        ax.plot([data["best_lam"]], [data["val_mse"][best]], marker="*", markersize=14,
                color=PALETTE["black"], linestyle="none",
                label=f"best λ = {data['best_lam']:.3g}", gid="best")
        ax.set_xscale("log")
        ax.set_xlabel("penalty strength λ (log scale)")
        ax.set_ylabel(ylabel)
        if title is None:
            title = f"Choosing λ for {data['kind']} on validation data"
        ax.set_title(title)
        ax.legend(loc="best")
    return ax


# --------------------------------------------------------------------------------------------
# Early stopping: gradient descent on least squares, stopped after k steps
# --------------------------------------------------------------------------------------------


def compute_early_stopping(
    X_train,
    y_train,
    X_val,
    y_val,
    steps,
    *,
    learning_rate: float | None = None,
) -> dict[str, Any]:
    r"""Training and validation MSE of full-batch gradient descent after each number of steps.

    Gradient descent on :math:`\mathrm{MSE}(\theta)` with :math:`\theta = (w, b)`, started at
    :math:`\theta_0 = 0` with step :math:`\eta`, has a closed form. With
    :math:`A = [X, \mathbf 1]`, Hessian :math:`H = \frac2n A^\top A = Q \operatorname{diag}(h) Q^\top`
    and :math:`g = \frac2n A^\top y`, the update
    :math:`\theta_{k+1} = \theta_k - \eta (H\theta_k - g)` gives, in the eigenbasis,

    .. math:: q_i^\top \theta_k = \frac{1 - (1 - \eta h_i)^k}{h_i}\, q_i^\top g ,

    so the iterate after any number of steps costs one eigendecomposition, not ``k`` updates.
    Directions of large curvature :math:`h_i` are fitted within a few steps, those of small
    curvature only after about :math:`1/(\eta h_i)` steps: stopping early damps them, much as
    ridge's factor :math:`h_i / (h_i + 2\lambda)` does.

    Parameters
    ----------
    X_train, y_train, X_val, y_val : arrays
        Training and validation data, ``X`` of shape ``(n, d)``.
    steps : array of int, shape (s,)
        Numbers of steps ``k >= 0`` at which to report the errors.
    learning_rate : float, optional
        Step :math:`\eta`; by default :math:`1 / \max_i h_i` (half the largest stable step).

    Returns
    -------
    dict with ``steps`` (s,), ``train_mse`` (s,), ``val_mse`` (s,), ``params`` (s, d + 1)
    (the last column is ``b``), ``learning_rate``, ``best_step`` (smallest validation MSE)
    and ``curvatures`` (the eigenvalues :math:`h_i`, ascending).
    """
    X_train, y_train = as_xy(X_train, y_train)
    X_val, y_val = as_xy(X_val, y_val)
    if X_val.shape[1] != X_train.shape[1]:
        raise ValueError(
            f"X_val must have shape (n_val, {X_train.shape[1]}) like X_train; got {X_val.shape}"
        )
    steps = np.asarray(steps)
    if steps.ndim != 1 or steps.size == 0 or not np.issubdtype(steps.dtype, np.integer) or np.any(steps < 0):
        raise ValueError(f"steps must be a non-empty 1-D array of integers >= 0; got {steps!r}")
    n = X_train.shape[0]
    A = np.column_stack([X_train, np.ones(n)])
    H = 2.0 / n * A.T @ A
    g = 2.0 / n * A.T @ y_train
    h, Q = np.linalg.eigh(H)
    h = np.clip(h, 0.0, None)
    eta = 1.0 / h[-1] if learning_rate is None else check_positive(learning_rate, "learning_rate")
    if eta * h[-1] >= 2.0:
        raise ValueError(f"learning_rate must be below 2 / max curvature = {2.0 / h[-1]:.4g}; got {eta}")
    k = steps.astype(float)[:, None]
    # (1 - (1 - eta h)^k) / h, written to stay accurate for tiny h (where it tends to k * eta).
    # For small eta*h use expm1/log1p (1 - eta*h would lose digits); for h = 0 the limit k*eta.
    x = eta * h
    small = x < 0.5
    shrunk = np.where(
        small[None, :],
        -np.expm1(k * np.log1p(-np.where(small, x, 0.0))),
        1.0 - np.power(1.0 - np.where(small, 0.5, x), k),
    )
    tiny = h <= 1e-14 * h[-1]
    factor = np.where(tiny[None, :], k * eta, shrunk / np.where(tiny, 1.0, h))
    params = (factor * (Q.T @ g)[None, :]) @ Q.T
    A_val = np.column_stack([X_val, np.ones(X_val.shape[0])])
    train_mse = np.mean((A @ params.T - y_train[:, None]) ** 2, axis=0)
    val_mse = np.mean((A_val @ params.T - y_val[:, None]) ** 2, axis=0)
    return {
        "steps": steps,
        "train_mse": train_mse,
        "val_mse": val_mse,
        "params": params,
        "learning_rate": float(eta),
        "best_step": int(steps[int(np.argmin(val_mse))]),
        "curvatures": h,
    }


def plot_early_stopping(
    data: Mapping[str, Any],
    ax=None,
    *,
    title: str | None = "Early stopping: error along gradient descent",
):
    """Training and validation MSE against the number of steps (log-log), best step marked."""
    ax = _new_axes(ax)
    steps = np.asarray(data["steps"], dtype=float)
    keep = steps > 0  # log axis
    with style():
        ax.plot(steps[keep], data["train_mse"][keep], color=PALETTE["blue"], label="training MSE",
                gid="train-curve")
        ax.plot(steps[keep], data["val_mse"][keep], color=PALETTE["orange"], label="validation MSE",
                gid="val-curve")
        ax.axvline(data["best_step"], color=PALETTE["black"], linestyle=(0, (4, 2)), linewidth=1.2,
                   label=f"best stop: step {data['best_step']:,}", gid="best-step")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("gradient-descent step k (log scale)")
        ax.set_ylabel("mean squared error")
        if title:
            ax.set_title(title)
        ax.legend(loc="best")
    return ax


__all__ = [
    "compute_constraint_region",
    "compute_early_stopping",
    "compute_regularization_path",
    "compute_validation_curve",
    "line_style",
    "plot_constraint_region",
    "plot_early_stopping",
    "plot_regularization_path",
    "plot_validation_curve",
    "plot_weight_bars",
    "weights_at",
]
