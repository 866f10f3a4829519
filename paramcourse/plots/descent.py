"""Figures of gradient descent (chapter 5): runs for several learning rates and batch sizes, loss
curves, the step-size contraction factor on a quadratic, one-dimensional paths on a non-convex
function, and finite-difference errors against the step size.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from paramcourse._validation import (
    as_scalar,
    as_vector,
    as_xy,
    check_count,
)
from paramcourse.plots.style import COLORS, GREY, PALETTE, _new_axes, style

# --------------------------------------------------------------------------------------------
# Gradient descent with several learning rates
# --------------------------------------------------------------------------------------------


def compute_gd_runs(
    X,
    y,
    learning_rates: Sequence[float],
    *,
    w0=None,
    b0: float = 0.0,
    n_steps: int = 50,
    max_loss: float = 1e12,
) -> dict[str, Any]:
    """Full-batch gradient descent on the MSE of a linear model, once per learning rate.

    Each run applies ``theta <- theta - learning_rate * grad MSE(theta)`` with
    ``theta = (w, b)``, using :func:`paramcourse.optim.minimize` with
    :func:`paramcourse.optim.sgd` and the gradient :func:`paramcourse.losses.mse_gradient`.
    A run stops early (``diverged=True``) once the loss exceeds ``max_loss``.

    Returns
    -------
    dict with ``learning_rates`` (list), ``params`` (list of arrays (k+1, d+1), the last
    column is ``b``), ``losses`` (list of arrays (k+1,)), ``diverged`` (list of bool),
    ``L`` (the smoothness constant, :func:`paramcourse.losses.smoothness_constant`) and ``min_loss``
    (the least-squares MSE).
    """
    from paramcourse import losses, optim

    X, y = as_xy(X, y)
    d = X.shape[1]
    w0 = np.zeros(d) if w0 is None else as_vector(np.atleast_1d(w0), "w0", d, "X.shape[1]")
    theta0 = np.concatenate([w0, [as_scalar(b0, "b0")]])

    def loss(theta):
        return losses.mse_loss(theta[:d], theta[d], X, y)

    def grad(theta):
        gw, gb = losses.mse_gradient(theta[:d], theta[d], X, y)
        return np.concatenate([np.atleast_1d(gw), [gb]])

    out: dict[str, Any] = {"learning_rates": [], "params": [], "losses": [], "diverged": []}
    for lr in learning_rates:
        lr = as_scalar(lr, "learning_rate")
        traj = optim.minimize(
            loss, grad, theta0, optim.sgd(lr), n_steps=n_steps, max_loss=max_loss
        )
        out["learning_rates"].append(lr)
        out["params"].append(np.asarray(traj.params))
        out["losses"].append(np.asarray(traj.losses))
        out["diverged"].append(bool(traj.diverged))
    w_star, b_star = losses.least_squares_fit(X, y)
    out["L"] = losses.smoothness_constant(X)
    out["min_loss"] = float(losses.mse_loss(np.atleast_1d(w_star), b_star, X, y))
    out["minimum"] = (np.atleast_1d(w_star), float(b_star))
    return out


def _curves(curves, labels=None) -> dict[str, tuple[np.ndarray, bool]]:
    """Normalise ``curves`` to ``{label: (losses, diverged)}``."""
    if isinstance(curves, Mapping) and "losses" in curves and "learning_rates" in curves:
        diverged = curves.get("diverged", [False] * len(curves["losses"]))
        if labels is None:
            labels = [f"η = {lr:.3g}" for lr in curves["learning_rates"]]
        if len(labels) != len(curves["losses"]):
            raise ValueError(
                f"labels must hold one label per run ({len(curves['losses'])}); got {len(labels)}"
            )
        return {
            str(label): (np.asarray(ls, dtype=float), bool(dv))
            for label, ls, dv in zip(labels, curves["losses"], diverged)
        }
    if isinstance(curves, Mapping):
        return {str(k): (np.asarray(v, dtype=float), False) for k, v in curves.items()}
    raise ValueError(
        "curves must be a dict of label -> losses, or the output of compute_gd_runs; "
        f"got {type(curves).__name__}"
    )


def plot_loss_curves(
    curves,
    ax=None,
    *,
    log: bool = True,
    subtract: float = 0.0,
    steps: Mapping[str, np.ndarray] | None = None,
    labels: Sequence[str] | None = None,
    xlabel: str = "step k",
    ylabel: str | None = None,
    title: str | None = "Training loss during gradient descent",
    legend: bool = True,
):
    """Loss against step for several runs (for example several learning rates).

    Parameters
    ----------
    curves : dict of label -> losses (1-D array), or the output of :func:`compute_gd_runs`
        (labels are then ``"η = <learning rate>"`` and diverged runs end in a cross).
    log : bool
        Logarithmic loss axis: linear convergence then shows as a straight line.
    subtract : float
        Plot ``loss - subtract`` (e.g. the minimum loss, to show the excess loss); values are
        clipped below at ``1e-16`` on a log axis.
    steps : dict of label -> x values, optional
        Horizontal positions (default ``0, 1, 2, ...``), e.g. epochs for mini-batch runs.
    labels : sequence of str, optional
        Legend labels for the runs of a :func:`compute_gd_runs` output.

    Returns
    -------
    matplotlib Axes; the curve labelled ``label`` has ``gid="curve:" + label``.
    """
    normalised = _curves(curves, labels)
    ax = _new_axes(ax)
    with style():
        for i, (label, (values, diverged)) in enumerate(normalised.items()):
            yv = values - subtract
            if log:
                yv = np.clip(yv, 1e-16, None)
            xv = np.arange(yv.size) if steps is None else np.asarray(steps[label])
            color = COLORS[i % len(COLORS)]
            ax.plot(
                xv,
                yv,
                color=color,
                label=label + (" (diverged)" if diverged else ""),
                gid="curve:" + label,
            )
            if diverged:
                ax.plot(
                    [xv[-1]], [yv[-1]], marker="X", markersize=10, color=color, linestyle="none"
                )
        if log:
            ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        if ylabel is None:
            ylabel = "loss minus its minimum" if subtract else "training loss (MSE)"
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        if legend:
            ax.legend(loc="best")
    return ax


# --------------------------------------------------------------------------------------------
# Step size on a quadratic: the contraction factor |1 - eta * lambda|
# --------------------------------------------------------------------------------------------


def compute_step_size_factors(eigenvalues, learning_rates) -> dict[str, Any]:
    """Per-direction contraction factors of gradient descent on a quadratic.

    On ``f(x) = x^T A x / 2`` gradient descent multiplies the component of ``x`` along the
    eigenvector ``i`` of ``A`` by ``1 - eta * lambda_i`` at each step. The error shrinks in every
    direction exactly when ``max_i |1 - eta * lambda_i| < 1``, that is when
    ``0 < eta < 2 / lambda_max``.

    Returns
    -------
    dict with ``eigenvalues`` (k,), ``learning_rates`` (m,), ``factors`` (k, m) holding
    ``|1 - eta lambda_i|``, ``worst`` (m,) their maximum over ``i``, ``threshold``
    ``2 / lambda_max`` and ``best`` ``2 / (lambda_min + lambda_max)``, the rate that
    minimises ``worst``.
    """
    lam = np.sort(as_vector(eigenvalues, "eigenvalues"))
    if lam[0] <= 0:
        raise ValueError(f"eigenvalues must be positive; got {lam}")
    eta = as_vector(learning_rates, "learning_rates")
    factors = np.abs(1.0 - lam[:, None] * eta[None, :])
    return {
        "eigenvalues": lam,
        "learning_rates": eta,
        "factors": factors,
        "worst": factors.max(axis=0),
        "threshold": 2.0 / lam[-1],
        "best": 2.0 / (lam[0] + lam[-1]),
    }


def plot_step_size_factors(
    data: Mapping[str, Any],
    ax=None,
    *,
    title: str | None = "How much one step shrinks the error",
):
    """Draw ``|1 - eta lambda_i|`` against the learning rate ``eta``, with the ``2/L`` threshold.

    ``data`` is the output of :func:`compute_step_size_factors`.
    """
    ax = _new_axes(ax)
    eta = data["learning_rates"]
    with style():
        for i, (lam, f) in enumerate(zip(data["eigenvalues"], data["factors"])):
            ax.plot(
                eta,
                f,
                color=COLORS[(i + 1) % len(COLORS)],
                linewidth=1.4,
                linestyle="--",
                label=f"direction with λ = {lam:.3g}",
            )
        ax.plot(eta, data["worst"], color=PALETTE["black"], label="worst direction", gid="worst")
        ax.axhline(1.0, color=GREY, linewidth=1.0)
        ax.axvline(data["threshold"], color=PALETTE["vermillion"], linewidth=1.2, linestyle=":")
        ax.annotate(
            "η = 2 / L",
            xy=(data["threshold"], 1.3),
            xytext=(6, 0),
            textcoords="offset points",
            color=PALETTE["vermillion"],
            fontsize=9.5,
        )
        ax.axvspan(data["threshold"], eta.max(), color=PALETTE["vermillion"], alpha=0.08)
        ax.set_xlim(eta.min(), eta.max())
        ax.set_ylim(0, max(1.6, float(min(data["worst"].max(), 2.5))))
        ax.set_xlabel("learning rate η")
        ax.set_ylabel("factor |1 − ηλ| per step")
        if title:
            ax.set_title(title)
        ax.legend(loc="upper left")
    return ax


# --------------------------------------------------------------------------------------------
# One-dimensional paths: gradient descent on a non-convex function
# --------------------------------------------------------------------------------------------


def compute_paths_1d(
    f: Callable[[float], float],
    grad: Callable[[float], float],
    starts: Sequence[float],
    learning_rate: float,
    n_steps: int = 100,
    x_range: tuple[float, float] | None = None,
    n_grid: int = 400,
) -> dict[str, Any]:
    """Gradient descent ``x <- x - learning_rate * f'(x)`` on a function of one variable.

    Returns
    -------
    dict with ``x`` and ``fx`` (the function on a grid), ``starts``, ``paths`` (list of
    arrays of iterates, each of length ``n_steps + 1``) and ``ends`` (the final iterates).
    """
    eta = as_scalar(learning_rate, "learning_rate")
    n_steps = check_count(n_steps, "n_steps")
    starts = [as_scalar(s, "starts") for s in starts]
    paths = []
    for s in starts:
        xs = [s]
        for _ in range(n_steps):
            xs.append(xs[-1] - eta * float(grad(xs[-1])))
        paths.append(np.array(xs))
    if x_range is None:
        allx = np.concatenate(paths)
        lo, hi = float(allx.min()), float(allx.max())
        pad = 0.15 * (hi - lo if hi > lo else 1.0)
        x_range = (lo - pad, hi + pad)
    grid = np.linspace(x_range[0], x_range[1], n_grid)
    return {
        "x": grid,
        "fx": np.array([f(v) for v in grid]),
        "starts": np.array(starts),
        "paths": paths,
        "ends": np.array([p[-1] for p in paths]),
        "f": f,
    }


def plot_paths_1d(
    data: Mapping[str, Any],
    ax=None,
    *,
    xlabel: str = "parameter θ",
    ylabel: str = "loss f(θ)",
    title: str | None = "Gradient descent from different starts",
):
    """Draw a function of one variable and gradient-descent iterates on it, one colour per start.

    ``data`` is the output of :func:`compute_paths_1d`.
    """
    ax = _new_axes(ax)
    f = data["f"]
    with style():
        ax.plot(data["x"], data["fx"], color=GREY, linewidth=1.5, label="f(θ)")
        for i, path in enumerate(data["paths"]):
            color = COLORS[i % len(COLORS)]
            fp = np.array([f(v) for v in path])
            ax.plot(path, fp, marker="o", markersize=3.5, linewidth=0.8, color=color, alpha=0.8,
                    label=f"start θ₀ = {path[0]:.2f} → θ = {path[-1]:.2f}")
            ax.plot([path[-1]], [fp[-1]], marker="*", markersize=13, color=color,
                    markeredgecolor="black", linestyle="none")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        ax.legend(loc="best")
    return ax


# --------------------------------------------------------------------------------------------
# Finite differences: error against step size
# --------------------------------------------------------------------------------------------


def compute_fd_errors(
    f: Callable[[np.ndarray], float],
    grad: Callable[[np.ndarray], np.ndarray],
    x,
    eps_values=None,
) -> dict[str, Any]:
    """Errors of forward and central finite differences against an exact gradient.

    For each ``eps``: forward ``(f(x + eps e_i) - f(x)) / eps`` and central
    ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)`` (the latter from
    :func:`paramcourse.gradcheck.numerical_gradient`); the error is the largest absolute
    difference from ``grad(x)`` over the coordinates.

    Returns
    -------
    dict with ``eps`` (m,), ``forward`` (m,), ``central`` (m,).
    """
    from paramcourse import gradcheck

    x = as_vector(np.atleast_1d(x), "x")
    eps_values = np.geomspace(1e-13, 1e-1, 49) if eps_values is None else as_vector(
        eps_values, "eps_values"
    )
    exact = np.asarray(grad(x), dtype=float)
    fx = float(f(x))
    forward, central = [], []
    for eps in eps_values:
        fwd = np.empty_like(x)
        for i in range(x.size):
            xp = x.copy()
            xp[i] += eps
            fwd[i] = (float(f(xp)) - fx) / eps
        forward.append(np.max(np.abs(fwd - exact)))
        num = np.asarray(gradcheck.numerical_gradient(f, x, eps=float(eps)), dtype=float)
        central.append(np.max(np.abs(num - exact)))
    return {"eps": eps_values, "forward": np.array(forward), "central": np.array(central)}


def plot_fd_errors(
    data: Mapping[str, Any],
    ax=None,
    *,
    title: str | None = "Finite-difference error against step size",
):
    """Log-log plot of the forward and central finite-difference errors against ``eps``.

    ``data`` is the output of :func:`compute_fd_errors`. Zero errors are drawn at ``1e-17``.
    """
    ax = _new_axes(ax)
    with style():
        for key, label, color, marker in (
            ("forward", "forward difference", PALETTE["orange"], "s"),
            ("central", "central difference", PALETTE["blue"], "o"),
        ):
            ax.plot(data["eps"], np.clip(data[key], 1e-17, None), color=color, marker=marker,
                    markersize=3.5, label=label, gid="fd:" + key)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("finite-difference step ε")
        ax.set_ylabel("largest absolute error in the gradient")
        if title:
            ax.set_title(title)
        ax.legend(loc="best")
    return ax
