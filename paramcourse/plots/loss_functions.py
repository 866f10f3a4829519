r"""Loss functions as figures (chapter 4): squared and absolute loss against the residual,
cross-entropy against the predicted probability, the constant that minimizes each loss (mean
versus median), and the Gaussian negative log-likelihood of a line next to its MSE.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from paramcourse._validation import as_scalar, as_vector, as_xy, check_positive
from paramcourse.plots.style import GREY, PALETTE, _new_axes, style

# ----------------------------------------------------------------------- losses of one example


def compute_regression_losses(residuals) -> dict[str, np.ndarray]:
    r"""Squared and absolute loss of one example, and their derivatives, against the residual.

    .. math:: \ell_2(r) = r^2,\quad \ell_2'(r) = 2r; \qquad
              \ell_1(r) = |r|,\quad \ell_1'(r) = \operatorname{sign}(r)

    (at :math:`r = 0` the absolute loss has no derivative; 0 is returned, a valid subgradient).

    Parameters
    ----------
    residuals : array_like of shape (m,)
        Residuals :math:`r = \hat y - y`.

    Returns
    -------
    dict with ``r``, ``squared``, ``absolute``, ``squared_grad``, ``absolute_grad``, each (m,).
    """
    r = as_vector(residuals, "residuals").copy()
    return {
        "r": r,
        "squared": r**2,
        "absolute": np.abs(r),
        "squared_grad": 2.0 * r,
        "absolute_grad": np.sign(r),
    }


def plot_regression_losses(
    data: Mapping[str, Any],
    ax=None,
    *,
    gradient: bool = False,
    title: str | None = None,
    xlabel: str = r"residual $r = \hat y - y$ (arbitrary units)",
    ylabel: str | None = None,
):
    """Draw the squared and absolute loss (or, with ``gradient=True``, their derivatives).

    Returns
    -------
    matplotlib Axes with lines ``gid="squared"`` and ``gid="absolute"``.
    """
    ax = _new_axes(ax)
    suffix = "_grad" if gradient else ""
    with style():
        ax.plot(data["r"], data["squared" + suffix], color=PALETTE["blue"],
                label=r"squared: $2r$" if gradient else r"squared: $r^2$", gid="squared")
        ax.plot(data["r"], data["absolute" + suffix], color=PALETTE["orange"], linestyle="--",
                label=r"absolute: $\mathrm{sign}(r)$" if gradient else r"absolute: $|r|$",
                gid="absolute")
        ax.axhline(0.0, color=GREY, linewidth=0.8)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel or ("derivative dℓ/dr" if gradient else "loss ℓ(r) of one example"))
        if title is None:
            title = "Their derivatives" if gradient else "Loss of one example"
        if title:
            ax.set_title(title)
        ax.legend(loc="upper center")
    return ax


def compute_cross_entropy_curves(p) -> dict[str, np.ndarray]:
    r"""Binary cross-entropy of one example against the predicted probability :math:`p` of class 1.

    .. math:: \ell(p; y=1) = -\log p, \qquad \ell(p; y=0) = -\log(1 - p)

    and the derivative with respect to the logit :math:`z` (where :math:`p = \sigma(z)`),
    :math:`\partial \ell / \partial z = p - y`.

    Parameters
    ----------
    p : array_like of shape (m,)
        Probabilities strictly between 0 and 1.

    Returns
    -------
    dict with ``p``, ``loss_y1``, ``loss_y0``, ``grad_z_y1``, ``grad_z_y0``, each (m,).
    """
    p = as_vector(p, "p").copy()
    if np.any((p <= 0) | (p >= 1)):
        raise ValueError("p must hold probabilities strictly between 0 and 1")
    return {
        "p": p,
        "loss_y1": -np.log(p),
        "loss_y0": -np.log1p(-p),
        "grad_z_y1": p - 1.0,
        "grad_z_y0": p,
    }


def plot_cross_entropy_curves(
    data: Mapping[str, Any],
    ax=None,
    *,
    gradient: bool = False,
    title: str | None = None,
    xlabel: str = "predicted probability p of class 1",
    ylabel: str | None = None,
):
    """Draw :math:`-\\log p` (true class 1) and :math:`-\\log(1-p)` (true class 0), or with
    ``gradient=True`` their derivatives with respect to the logit, :math:`p - 1` and :math:`p`.

    Returns
    -------
    matplotlib Axes with lines ``gid="y1"`` and ``gid="y0"``.
    """
    ax = _new_axes(ax)
    if gradient:
        keys, labels = ("grad_z_y1", "grad_z_y0"), (r"true class 1: $p - 1$", r"true class 0: $p$")
    else:
        keys, labels = ("loss_y1", "loss_y0"), (r"true class 1: $-\log p$", r"true class 0: $-\log(1-p)$")
    with style():
        ax.plot(data["p"], data[keys[0]], color=PALETTE["blue"], label=labels[0], gid="y1")
        ax.plot(data["p"], data[keys[1]], color=PALETTE["vermillion"], linestyle="--",
                label=labels[1], gid="y0")
        ax.set_xlim(0.0, 1.0)
        if gradient:
            ax.axhline(0.0, color=GREY, linewidth=0.8)
        else:
            ax.set_ylim(bottom=0.0)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel or ("derivative dℓ/dz (nats per unit of logit)" if gradient
                                 else "loss ℓ(p) (nats)"))
        if title is None:
            title = "Its derivative with respect to the logit z" if gradient else \
                "Cross-entropy of one example"
        if title:
            ax.set_title(title)
        ax.legend(loc="upper center" if not gradient else "upper left")
    return ax


# ----------------------------------------------------------------- the best constant prediction


def compute_location_losses(y, candidates) -> dict[str, Any]:
    r"""Mean squared and mean absolute loss of predicting the same constant :math:`c` for every target.

    .. math:: Q(c) = \frac1n \sum_i (c - y_i)^2, \qquad A(c) = \frac1n \sum_i |c - y_i|

    :math:`Q` is smallest at the mean of ``y``, :math:`A` at the median.

    Parameters
    ----------
    y : array_like of shape (n,)
    candidates : array_like of shape (m,)
        The constants :math:`c` to evaluate.

    Returns
    -------
    dict with ``y``, ``c`` (m,), ``squared`` (m,), ``absolute`` (m,), ``mean``, ``median``.
    """
    y = as_vector(y, "y").copy()
    c = as_vector(candidates, "candidates").copy()
    diff = c[:, None] - y[None, :]
    return {
        "y": y,
        "c": c,
        "squared": np.mean(diff**2, axis=1),
        "absolute": np.mean(np.abs(diff), axis=1),
        "mean": float(np.mean(y)),
        "median": float(np.median(y)),
    }


def plot_location_losses(
    data: Mapping[str, Any],
    ax=None,
    *,
    loss: str = "squared",
    title: str | None = None,
    xlabel: str = "constant prediction c (arbitrary units)",
    ylabel: str | None = None,
):
    """Draw one loss of :func:`compute_location_losses` against ``c``, the data as ticks on the
    axis, and the mean and the median as vertical lines.

    Parameters
    ----------
    loss : {"squared", "absolute"}

    Returns
    -------
    matplotlib Axes with the curve ``gid="loss"``, lines ``gid="mean"`` and ``gid="median"``.
    """
    if loss not in ("squared", "absolute"):
        raise ValueError(f"loss must be 'squared' or 'absolute'; got {loss!r}")
    ax = _new_axes(ax)
    with style():
        color = PALETTE["blue"] if loss == "squared" else PALETTE["orange"]
        ax.plot(data["c"], data[loss], color=color, gid="loss",
                label="mean squared loss" if loss == "squared" else "mean absolute loss")
        ax.axvline(data["mean"], color=PALETTE["vermillion"], linestyle="--", linewidth=1.5,
                   label=f"mean of y = {data['mean']:.2f}", gid="mean")
        ax.axvline(data["median"], color=PALETTE["green"], linestyle="-.", linewidth=1.5,
                   label=f"median of y = {data['median']:.2f}", gid="median")
        # The targets as ticks along the bottom edge (x in data units, y in axes units); those
        # outside the range of c are clipped, which the caption should mention.
        ax.plot(data["y"], np.full_like(data["y"], 0.03), linestyle="none", marker="|",
                markersize=14, color=PALETTE["black"], label="targets y", gid="data",
                transform=ax.get_xaxis_transform())
        ax.set_xlim(data["c"][0], data["c"][-1])
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel or ("Q(c), squared (arbitrary units)" if loss == "squared"
                                 else "A(c), absolute (arbitrary units)"))
        if title is None:
            title = "Squared loss: minimized by the mean" if loss == "squared" else \
                "Absolute loss: minimized by the median"
        if title:
            ax.set_title(title)
        ax.legend(loc="upper center")
    return ax


# -------------------------------------------------------------------- maximum likelihood


def compute_gaussian_nll(X, y, w_values, b: float, sigma: float) -> dict[str, Any]:
    r"""Negative log-likelihood of a line under Gaussian noise, and the same through the MSE.

    If :math:`y_i = x_i w + b + \varepsilon_i` with independent
    :math:`\varepsilon_i \sim N(0, \sigma^2)`, the negative log-likelihood is computed here from
    the density itself,

    .. math:: \mathrm{NLL}(w) = -\sum_{i=1}^n \log\Big[\frac{1}{\sqrt{2\pi\sigma^2}}
              \exp\Big(-\frac{(y_i - x_i w - b)^2}{2\sigma^2}\Big)\Big],

    and, separately, as :math:`\frac{n}{2\sigma^2}\mathrm{MSE}(w, b) + \frac n2 \log(2\pi\sigma^2)`
    with :func:`paramcourse.losses.mse_loss`. The two agree up to rounding, so both have the same
    minimizer.

    Parameters
    ----------
    X : array of shape (n, 1)
    y : array of shape (n,)
    w_values : array of shape (m,)
        Slopes at which to evaluate, with the intercept held at ``b``.
    b : float
    sigma : float
        Noise standard deviation, ``> 0``.

    Returns
    -------
    dict with ``w`` (m,), ``nll`` (m,) from the density, ``mse`` (m,), ``from_mse`` (m,),
    ``constant`` (the term :math:`\frac n2 \log(2\pi\sigma^2)`), ``sigma``, ``b``, ``n``.
    """
    from paramcourse import losses

    X, y = as_xy(X, y)
    if X.shape[1] != 1:
        raise ValueError(f"X must have shape (n_samples, 1) (one feature); got {X.shape}")
    w = as_vector(w_values, "w_values").copy()
    b = as_scalar(b, "b")
    sigma = check_positive(sigma, "sigma")
    n = X.shape[0]
    resid = y[None, :] - X[:, 0][None, :] * w[:, None] - b
    # Deliberately the density first and then its log (the derivation is what is being checked);
    # keep w_values near the fit, where no density underflows to 0.
    density = np.exp(-(resid**2) / (2 * sigma**2)) / np.sqrt(2 * np.pi * sigma**2)
    nll = -np.sum(np.log(density), axis=1)
    mse = np.array([losses.mse_loss(np.array([wi]), b, X, y) for wi in w])
    constant = 0.5 * n * np.log(2 * np.pi * sigma**2)
    return {
        "w": w,
        "nll": nll,
        "mse": mse,
        "from_mse": n / (2 * sigma**2) * mse + constant,
        "constant": float(constant),
        "sigma": sigma,
        "b": b,
        "n": n,
    }


def plot_gaussian_nll(
    data: Mapping[str, Any],
    ax=None,
    *,
    title: str | None = "Gaussian likelihood and MSE: the same curve",
    xlabel: str = "slope w (intercept fixed)",
    ylabel: str = "negative log-likelihood (nats)",
):
    """Draw the NLL from the density (line) and :math:`\\frac{n}{2\\sigma^2}\\mathrm{MSE} + c`
    (markers) against ``w``, with the minimizer marked.

    Returns
    -------
    matplotlib Axes with ``gid="nll"``, ``gid="from_mse"`` and ``gid="argmin"``.
    """
    ax = _new_axes(ax)
    with style():
        ax.plot(data["w"], data["nll"], color=PALETTE["blue"], label="NLL from the Gaussian density",
                gid="nll")
        step = max(1, len(data["w"]) // 20)
        ax.plot(data["w"][::step], data["from_mse"][::step], linestyle="none", marker="o",
                markerfacecolor="none", markeredgecolor=PALETTE["vermillion"], markersize=7,
                label=r"$\frac{n}{2\sigma^2}\,\mathrm{MSE} + \frac{n}{2}\log(2\pi\sigma^2)$",
                gid="from_mse")
        i = int(np.argmin(data["nll"]))
        ax.axvline(data["w"][i], color=GREY, linestyle="--", linewidth=1.2,
                   label=f"minimum of both at w ≈ {data['w'][i]:.2f}", gid="argmin")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        ax.legend(loc="upper center")
    return ax
