r"""Figures of capacity (chapter 8): polynomial fits of growing degree, training and validation
error against the degree, many fits from resampled data (bias and variance) and the
bias-variance decomposition (both drawn from a simulation the chapter runs itself), and learning
curves.

Every polynomial model here is :class:`paramcourse.linear.PolynomialRegression` (least squares
on :math:`x, \dots, x^p` with its own intercept), fitted per degree by
:func:`paramcourse.plots.families.compute_polynomial_fits` where a figure needs the curves. A
model of degree ``p`` has ``p + 1`` parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from paramcourse._validation import (
    as_xy,
    check_callable,
    check_count,
    check_positive,
    check_range,
    check_rng,
)
from paramcourse.plots.families import compute_polynomial_fits
from paramcourse.plots.style import COLORS, GREY, PALETTE, _new_axes, style


def _one_column(X, y, name: str = "X"):
    X, y = as_xy(X, y)
    if X.shape[1] != 1:
        raise ValueError(f"{name} must have shape (n_samples, 1) for a polynomial in x; got {X.shape}")
    return X, y


def _degrees(degrees) -> np.ndarray:
    degrees = [check_count(int(p) if isinstance(p, np.integer) else p, "degrees") for p in degrees]
    if not degrees:
        raise ValueError("degrees must hold at least one degree >= 1")
    return np.asarray(degrees, dtype=int)


def _polynomial(X, y, degree: int):
    """The least-squares polynomial of ``degree`` fitted to ``X`` (n, 1) and ``y`` (n,)."""
    from paramcourse import linear

    return linear.PolynomialRegression(int(degree)).fit(X, y)


def _mse(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean((a - b) ** 2))


def _grid(x_range, n_grid: int) -> np.ndarray:
    low, high = check_range(x_range, "x_range")
    return np.linspace(low, high, check_count(n_grid, "n_grid", minimum=2))


# --------------------------------------------------------------------------------------------
# One fit, and a sweep over the degree
# --------------------------------------------------------------------------------------------


def compute_degree_sweep(
    X_train,
    y_train,
    X_val,
    y_val,
    degrees: Sequence[int],
    *,
    x_range: tuple[float, float] = (-1.0, 1.0),
    n_grid: int = 200,
) -> dict[str, Any]:
    r"""Fit a least-squares polynomial of each degree and score it on training and validation data.

    For degree :math:`p` the model is :math:`\hat y = b + \sum_{j=1}^{p} w_j x^j` with
    :math:`p + 1` parameters, fitted to the training data by least squares. Its errors are

    .. math:: \mathrm{MSE}_{\text{train}} = \frac{1}{n_{\text{train}}} \sum_{i \in \text{train}}
              (\hat y_i - y_i)^2, \qquad
              \mathrm{MSE}_{\text{val}} = \frac{1}{n_{\text{val}}} \sum_{i \in \text{val}}
              (\hat y_i - y_i)^2 .

    Parameters
    ----------
    X_train : array of shape (n_train, 1)
    y_train : array of shape (n_train,)
    X_val : array of shape (n_val, 1)
    y_val : array of shape (n_val,)
    degrees : sequence of int
        Degrees ``p >= 1`` to fit.
    x_range : (float, float)
        Interval of the grid on which each fitted curve is evaluated (for drawing).
    n_grid : int
        Number of grid points.

    Returns
    -------
    dict with ``degrees`` (k,), ``train_mse`` (k,), ``val_mse`` (k,), ``n_params`` (k,),
    ``best_degree`` (the degree with the smallest validation MSE), ``x_grid`` (n_grid,),
    ``curves`` (k, n_grid) the fitted curves on the grid, and the data ``x_train``,
    ``y_train``, ``x_val``, ``y_val`` as 1-D arrays.
    """
    X_train, y_train = _one_column(X_train, y_train, "X_train")
    X_val, y_val = _one_column(X_val, y_val, "X_val")
    degrees = _degrees(degrees)
    x_grid = _grid(x_range, n_grid)
    fits = compute_polynomial_fits(X_train, y_train, degrees, X_test=X_val, y_test=y_val, x_grid=x_grid)["fits"]
    val_mse = np.array([fit["test_mse"] for fit in fits])
    curves = [fit["y_grid"] for fit in fits]
    return {
        "degrees": degrees,
        "n_params": degrees + 1,
        "train_mse": np.array([fit["train_mse"] for fit in fits]),
        "val_mse": val_mse,
        "best_degree": int(degrees[int(np.argmin(val_mse))]),
        "x_grid": x_grid,
        "curves": np.array(curves),
        "x_train": X_train[:, 0],
        "y_train": y_train,
        "x_val": X_val[:, 0],
        "y_val": y_val,
    }


def plot_polynomial_fit(
    sweep: Mapping[str, Any],
    degree: int,
    ax=None,
    *,
    truth: Callable | None = None,
    show_val: bool = True,
    ylim: tuple[float, float] | None = None,
    legend: bool = True,
    title: str | None = None,
    xlabel: str = "feature x (arbitrary units)",
    ylabel: str = "target y (arbitrary units)",
):
    """Draw the training (and validation) data, the true function and the fit of one degree.

    Parameters
    ----------
    sweep : dict
        The output of :func:`compute_degree_sweep`; ``degree`` must be one of its degrees.
    truth : callable, optional
        The function the data came from (e.g. :func:`paramcourse.data.poly4_truth`), drawn dashed.
    ylim : (float, float), optional
        Vertical limits; by default the data range with a margin, so that a wild high-degree
        fit leaves the picture instead of squashing the data.

    Returns
    -------
    matplotlib Axes. The fitted curve has ``gid="poly-fit"``, the truth ``gid="truth"``.
    """
    degrees = list(np.asarray(sweep["degrees"]))
    if degree not in degrees:
        raise ValueError(f"degree must be one of the swept degrees {degrees}; got {degree!r}")
    i = degrees.index(degree)
    ax = _new_axes(ax)
    x_grid = sweep["x_grid"]
    with style():
        ax.scatter(sweep["x_train"], sweep["y_train"], s=22, color=PALETTE["blue"],
                   label="training data", gid="train-data", zorder=3)
        if show_val:
            ax.scatter(sweep["x_val"], sweep["y_val"], s=26, facecolors="none",
                       edgecolors=PALETTE["orange"], linewidths=1.4, marker="s",
                       label="validation data", gid="val-data", zorder=3)
        if truth is not None:
            check_callable(truth, "truth")
            ax.plot(x_grid, truth(x_grid), color=PALETTE["black"], linestyle="--", linewidth=1.4,
                    label="true function", gid="truth", zorder=2)
        ax.plot(x_grid, sweep["curves"][i], color=PALETTE["vermillion"],
                label="fitted polynomial", gid="poly-fit", zorder=4)
        if ylim is None:
            ys = np.concatenate([sweep["y_train"], sweep["y_val"] if show_val else []])
            lo, hi = float(ys.min()), float(ys.max())
            pad = 0.25 * (hi - lo if hi > lo else 1.0)
            ylim = (lo - pad, hi + pad)
        ax.set_ylim(*ylim)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title is None:
            title = _fit_title(sweep, i)
        ax.set_title(title)
        if legend:
            ax.legend(loc="upper center", ncols=2, fontsize=8.5)
    return ax


def _fit_title(sweep: Mapping[str, Any], i: int) -> str:
    return (
        f"degree {sweep['degrees'][i]}: train MSE {sweep['train_mse'][i]:.3f}, "
        f"val MSE {sweep['val_mse'][i]:.3f}"
    )


def plot_degree_sweep(
    sweep: Mapping[str, Any],
    ax=None,
    *,
    current: int | None = None,
    noise_var: float | None = None,
    log: bool = True,
    title: str | None = "Error against polynomial degree",
    legend: bool = True,
):
    """Training and validation MSE against the degree, with the current degree marked.

    Parameters
    ----------
    sweep : dict
        The output of :func:`compute_degree_sweep`.
    current : int, optional
        A degree to mark with a vertical line (``gid="current-degree"``) and two dots
        (``gid="current-points"``).
    noise_var : float, optional
        The noise variance, drawn as a horizontal line: no model can have a smaller expected
        error on new data.
    log : bool
        Logarithmic error axis.

    Returns
    -------
    matplotlib Axes; the curves have ``gid="train-curve"`` and ``gid="val-curve"``.
    """
    ax = _new_axes(ax)
    degrees = np.asarray(sweep["degrees"])
    with style():
        ax.plot(degrees, sweep["train_mse"], marker="o", color=PALETTE["blue"],
                label="training MSE", gid="train-curve")
        ax.plot(degrees, sweep["val_mse"], marker="s", color=PALETTE["orange"],
                label="validation MSE", gid="val-curve")
        if noise_var is not None:
            ax.axhline(check_positive(noise_var, "noise_var"), color=GREY, linestyle=":",
                       linewidth=1.2, label="noise variance σ²")
        if log:
            ax.set_yscale("log")
        if current is not None:
            degree_list = list(degrees)
            if current not in degree_list:
                raise ValueError(f"current must be one of the swept degrees {degree_list}; got {current!r}")
            i = degree_list.index(current)
            ax.axvline(current, color=PALETTE["vermillion"], linewidth=1.2, gid="current-degree")
            ax.plot([current, current], [sweep["train_mse"][i], sweep["val_mse"][i]],
                    linestyle="none", marker="o", markersize=9, markerfacecolor="none",
                    markeredgecolor=PALETTE["vermillion"], markeredgewidth=1.8,
                    gid="current-points")
        ax.set_xlabel("polynomial degree p (p + 1 parameters)")
        ax.set_ylabel("mean squared error")
        if title:
            ax.set_title(title)
        if legend:
            ax.legend(loc="upper left")
    return ax


# --------------------------------------------------------------------------------------------
# Bias and variance by simulation
# --------------------------------------------------------------------------------------------


def plot_resampled_fits(
    data: Mapping[str, Any],
    degree: int,
    ax=None,
    *,
    n_show: int = 20,
    ylim: tuple[float, float] = (-1.5, 3.5),
    legend: bool = True,
    title: str | None = None,
):
    """Draw ``n_show`` fits of one degree from different training sets, their mean and the truth.

    ``data`` is a dict with ``degrees`` (k,), ``x_test`` (m,) the test inputs, ``truth`` (m,)
    the true values there, ``predictions`` (k, n_repeats, m) the fit to each training set,
    ``mean_prediction`` (k, m) their mean over the repeats, and ``bias2`` and ``variance`` (k,)
    for the title. The spread of the thin lines is the variance; the gap between the thick line
    (mean fit, ``gid="mean-fit"``) and the dashed truth (``gid="truth"``) is the bias.
    """
    degrees = list(np.asarray(data["degrees"]))
    if degree not in degrees:
        raise ValueError(f"degree must be one of {degrees}; got {degree!r}")
    k = degrees.index(degree)
    n_show = min(check_count(n_show, "n_show"), data["predictions"].shape[1])
    ax = _new_axes(ax)
    x = data["x_test"]
    with style():
        for r in range(n_show):
            ax.plot(x, data["predictions"][k, r], color=PALETTE["sky"], linewidth=0.8, alpha=0.7,
                    label="fits to resampled data" if r == 0 else None, gid=f"fit:{r}")
        ax.plot(x, data["truth"], color=PALETTE["black"], linestyle="--", linewidth=1.6,
                label="true function", gid="truth")
        ax.plot(x, data["mean_prediction"][k], color=PALETTE["vermillion"], linewidth=2.2,
                label="average fit", gid="mean-fit")
        ax.set_ylim(*ylim)
        ax.set_xlabel("feature x (arbitrary units)")
        ax.set_ylabel("prediction (arbitrary units)")
        if title is None:
            title = (f"degree {degree}: bias² {data['bias2'][k]:.3f}, "
                     f"variance {data['variance'][k]:.3f}")
        ax.set_title(title)
        if legend:
            ax.legend(loc="upper center", fontsize=8.5)
    return ax


def plot_bias_variance(
    data: Mapping[str, Any],
    ax=None,
    *,
    log: bool = True,
    title: str | None = "Bias-variance decomposition",
):
    """Bias², variance, noise and their sum against the degree, with the simulated test error.

    ``data`` is a dict with ``degrees``, ``bias2``, ``variance``, ``total``
    (= bias2 + variance + noise_var) and ``test_mse`` (arrays (k,)) and ``noise_var`` (a float).
    The sum is a line (``gid="total"``); the directly simulated expected test error is drawn as
    open circles on it (``gid="test-mse"``).
    """
    ax = _new_axes(ax)
    degrees = np.asarray(data["degrees"])
    with style():
        ax.plot(degrees, data["bias2"], marker="o", color=PALETTE["blue"], label="bias²", gid="bias2")
        ax.plot(degrees, data["variance"], marker="s", color=PALETTE["orange"], label="variance",
                gid="variance")
        ax.axhline(data["noise_var"], color=GREY, linestyle=":", linewidth=1.4,
                   label="noise σ²", gid="noise")
        ax.plot(degrees, data["total"], color=PALETTE["black"], label="bias² + variance + σ²",
                gid="total")
        ax.plot(degrees, data["test_mse"], linestyle="none", marker="o", markersize=10,
                markerfacecolor="none", markeredgecolor=PALETTE["vermillion"], markeredgewidth=1.5,
                label="simulated test MSE", gid="test-mse")
        if log:
            ax.set_yscale("log")
        ax.set_xlabel("polynomial degree p")
        ax.set_ylabel("squared error (arbitrary units²)")
        if title:
            ax.set_title(title)
        ax.legend(loc="best", fontsize=8.5)
    return ax


# --------------------------------------------------------------------------------------------
# Learning curves
# --------------------------------------------------------------------------------------------


def compute_learning_curves(
    X_train,
    y_train,
    X_val,
    y_val,
    degrees: Sequence[int],
    sizes: Sequence[int],
    *,
    n_repeats: int = 20,
    rng: np.random.Generator,
) -> dict[str, Any]:
    r"""Training and validation error against the number of training examples.

    For each degree and each size :math:`m`, draw ``n_repeats`` random subsets of :math:`m`
    training rows (without replacement, with ``rng``), fit the polynomial on the subset, and
    average its MSE on that subset (training error) and on the whole validation set
    (validation error). Subsets are drawn in the order degree, size, repeat.

    Returns
    -------
    dict with ``degrees`` (k,), ``sizes`` (s,), ``train_mse`` (k, s) and ``val_mse`` (k, s).
    """
    X_train, y_train = _one_column(X_train, y_train, "X_train")
    X_val, y_val = _one_column(X_val, y_val, "X_val")
    degrees = _degrees(degrees)
    sizes = np.asarray([check_count(int(m), "sizes", minimum=2) for m in sizes], dtype=int)
    if sizes.size == 0 or sizes.max() > X_train.shape[0]:
        raise ValueError(
            f"sizes must be a non-empty list of sizes between 2 and n_train = {X_train.shape[0]}; "
            f"got {list(sizes)}"
        )
    n_repeats = check_count(n_repeats, "n_repeats")
    rng = check_rng(rng)
    n = X_train.shape[0]
    train_mse = np.empty((degrees.size, sizes.size))
    val_mse = np.empty_like(train_mse)
    for k, p in enumerate(degrees):
        for s, m in enumerate(sizes):
            tr, va = [], []
            for _ in range(n_repeats):
                idx = rng.choice(n, size=m, replace=False)
                model = _polynomial(X_train[idx], y_train[idx], p)
                tr.append(_mse(model.predict(X_train[idx]), y_train[idx]))
                va.append(_mse(model.predict(X_val), y_val))
            train_mse[k, s], val_mse[k, s] = np.mean(tr), np.mean(va)
    return {"degrees": degrees, "sizes": sizes, "train_mse": train_mse, "val_mse": val_mse}


def plot_learning_curves(
    data: Mapping[str, Any],
    ax=None,
    *,
    noise_var: float | None = None,
    log: bool = True,
    title: str | None = "Learning curves",
):
    """Training (dashed) and validation (solid) MSE against the training-set size, per degree.

    ``data`` is the output of :func:`compute_learning_curves`. The curves of degree ``p`` have
    ``gid="train:p"`` and ``gid="val:p"``.
    """
    ax = _new_axes(ax)
    sizes = data["sizes"]
    with style():
        for k, p in enumerate(data["degrees"]):
            color = COLORS[k % len(COLORS)]
            ax.plot(sizes, data["val_mse"][k], color=color, marker="s", markersize=4,
                    label=f"degree {p}: validation", gid=f"val:{p}")
            ax.plot(sizes, data["train_mse"][k], color=color, linestyle="--", marker="o",
                    markersize=4, label=f"degree {p}: training", gid=f"train:{p}")
        if noise_var is not None:
            ax.axhline(check_positive(noise_var, "noise_var"), color=GREY, linestyle=":",
                       linewidth=1.2, label="noise variance σ²")
        if log:
            ax.set_yscale("log")
        ax.set_xlabel("number of training examples m")
        ax.set_ylabel("mean squared error")
        if title:
            ax.set_title(title)
        ax.legend(loc="upper right", fontsize=8.5)
    return ax


__all__ = [
    "compute_degree_sweep",
    "compute_learning_curves",
    "plot_bias_variance",
    "plot_degree_sweep",
    "plot_learning_curves",
    "plot_polynomial_fit",
    "plot_resampled_fits",
]
