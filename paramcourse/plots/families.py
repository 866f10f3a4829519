"""Model families and who sets what (chapters 2 and 3): the parameters of a line moving during
gradient descent while the learning rate stays put, and polynomial fits of several degrees,
where the degree (a hyperparameter) picks the family and least squares picks the member.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from paramcourse._validation import as_vector, as_xy, check_callable, check_count
from paramcourse.plots.style import COLORS, GREY, PALETTE, _new_axes, style


def plot_parameter_traces(
    runs: Mapping[str, Any],
    ax=None,
    *,
    title: str | None = "Parameters change during training; the learning rate does not",
    xlabel: str = "gradient-descent step",
    ylabel: str = "value (arbitrary units)",
):
    """Draw each parameter of each run against the step, with the run's learning rate.

    Parameters
    ----------
    runs : dict
        The output of :func:`paramcourse.plots.compute_gd_runs` (``params`` is a list of arrays
        of shape ``(k + 1, d + 1)``, the last column the intercept).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes. The line of parameter ``j`` in run ``i`` has ``gid=f"param:{i}:{j}"``; the
    learning rate of run ``i``, drawn as a flat line (it is never updated), ``gid=f"lr:{i}"``.
    """
    ax = _new_axes(ax)
    with style():
        for i, (lr, path) in enumerate(zip(runs["learning_rates"], runs["params"])):
            path = np.asarray(path, dtype=float)
            steps = np.arange(path.shape[0])
            color = COLORS[i % len(COLORS)]
            d = path.shape[1] - 1
            names = ["w"] if d == 1 else [f"w{j + 1}" for j in range(d)]
            names.append("b")
            for j, name in enumerate(names):
                ax.plot(
                    steps,
                    path[:, j],
                    color=color,
                    linestyle="-" if j < d else "--",
                    label=f"{name} (η = {lr:.3g})",
                    gid=f"param:{i}:{j}",
                )
            ax.plot(
                steps,
                np.full(steps.shape, lr),
                color=color,
                linestyle=":",
                linewidth=2.5,
                label=f"learning rate η = {lr:.3g}",
                gid=f"lr:{i}",
            )
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        # Below the axes: inside, the legend would cover the curves it explains.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=len(runs["params"]))
    return ax


def compute_polynomial_fits(
    X,
    y,
    degrees: Sequence[int],
    *,
    truth: Callable | None = None,
    X_test=None,
    y_test=None,
    n_grid: int = 300,
    x_grid=None,
) -> dict[str, Any]:
    r"""Least-squares polynomial fits of one-feature data, one per degree.

    Degree :math:`p` fits :math:`\hat y = b + \sum_{j=1}^{p} w_j x^j` with
    :class:`paramcourse.linear.PolynomialRegression`: :math:`p + 1` parameters.

    Parameters
    ----------
    X : array of shape (n, 1)
    y : array of shape (n,)
    degrees : sequence of int
        Each ``>= 1``.
    truth : callable, optional
        The noise-free function, evaluated on the grid for reference.
    X_test, y_test : arrays of shape (m, 1) and (m,), optional
        Held-out data; their MSE is reported as ``test_mse``.
    n_grid : int
        Number of points of the drawn curves, spanning the range of ``X``.
    x_grid : array of shape (m,), optional
        The points of the drawn curves instead (``n_grid`` is then ignored).

    Returns
    -------
    dict with ``x`` (n,), ``y`` (n,), ``x_grid`` (n_grid,), ``truth`` (n_grid,) or ``None``, and
    ``fits``: one dict per degree with ``degree``, ``n_params``, ``coef`` (p,), ``intercept``,
    ``y_grid`` (n_grid,), ``train_mse`` and ``test_mse`` (``None`` without test data).
    """
    from paramcourse import linear

    X, y = as_xy(X, y)
    if X.shape[1] != 1:
        raise ValueError(f"X must have shape (n_samples, 1) (one feature); got {X.shape}")
    if not len(degrees):
        raise ValueError("degrees must hold at least one degree")
    degrees = [check_count(p, "degree") for p in degrees]
    has_test = X_test is not None or y_test is not None
    if has_test:
        X_test, y_test = as_xy(X_test, y_test)
        if X_test.shape[1] != 1:
            raise ValueError(f"X_test must have shape (n_samples, 1); got {X_test.shape}")
    x = X[:, 0]
    if x_grid is None:
        x_grid = np.linspace(x.min(), x.max(), check_count(n_grid, "n_grid", minimum=2))
    else:
        x_grid = as_vector(x_grid, "x_grid")
    fits = []
    for p in degrees:
        model = linear.PolynomialRegression(p).fit(X, y)
        y_grid = model.predict(x_grid[:, None])
        train = float(np.mean((model.predict(X) - y) ** 2))
        test = None
        if has_test:
            test = float(np.mean((model.predict(X_test) - y_test) ** 2))
        fits.append(
            {
                "degree": p,
                "n_params": p + 1,
                "coef": model.coef_,
                "intercept": model.intercept_,
                "y_grid": y_grid,
                "train_mse": train,
                "test_mse": test,
            }
        )
    truth_grid = None
    if truth is not None:
        truth_grid = np.asarray(check_callable(truth, "truth")(x_grid), dtype=float)
    return {"x": x, "y": y, "x_grid": x_grid, "truth": truth_grid, "fits": fits}


def plot_polynomial_fits(
    data: Mapping[str, Any],
    ax=None,
    *,
    which: Sequence[int] | None = None,
    title: str | None = None,
    xlabel: str = "feature x (arbitrary units)",
    ylabel: str = "target y (arbitrary units)",
    ylim: tuple[float, float] | None = None,
):
    """Draw the data, the truth (if known) and the polynomial fits of :func:`compute_polynomial_fits`.

    Parameters
    ----------
    data : dict
        The output of :func:`compute_polynomial_fits`.
    which : sequence of int, optional
        Indices into ``data["fits"]`` to draw (default: all).
    ylim : (float, float), optional
        Clip the view; wild high-degree curves otherwise squash everything else. By default the
        view is the data range plus half its height on each side.

    Returns
    -------
    matplotlib Axes. Fit ``i`` has ``gid=f"fit:{i}"``, the truth ``gid="truth"``.
    """
    ax = _new_axes(ax)
    indices = range(len(data["fits"])) if which is None else which
    styles = ["-", "--", "-.", (0, (5, 1, 1, 1))]
    colors = [PALETTE["vermillion"], PALETTE["green"], PALETTE["purple"], PALETTE["orange"]]
    with style():
        ax.scatter(data["x"], data["y"], s=24, color=PALETTE["blue"], label="data", gid="data",
                   zorder=3)
        if data.get("truth") is not None:
            ax.plot(data["x_grid"], data["truth"], color=GREY, linewidth=1.5, linestyle=":",
                    label="truth", gid="truth", zorder=1)
        for k, i in enumerate(indices):
            fit = data["fits"][i]
            ax.plot(
                data["x_grid"],
                fit["y_grid"],
                color=colors[k % len(colors)],
                linestyle=styles[k % len(styles)],
                label=f"degree {fit['degree']} ({fit['n_params']} parameters)",
                gid=f"fit:{i}",
                zorder=2,
            )
        if ylim is None:
            lo, hi = float(np.min(data["y"])), float(np.max(data["y"]))
            pad = 0.5 * (hi - lo if hi > lo else 1.0)
            ylim = (lo - pad, hi + pad)
        ax.set_ylim(*ylim)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        ax.legend(loc="best")
    return ax
