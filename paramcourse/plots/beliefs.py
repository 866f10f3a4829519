r"""Figures of the chapter on parameters as beliefs: prior, likelihood and posterior of one slope,
the posterior predictive bands of Bayesian linear regression, and the bootstrap distribution of a
fitted slope next to its classical standard error.

The science (MAP penalties, the posterior, standard errors, the bootstrap) lives in
:mod:`paramcourse.beliefs`; this module computes the numbers behind the figures and draws them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from paramcourse import beliefs, linear
from paramcourse._validation import (
    as_vector,
    as_xy,
    check_callable,
    check_choice,
    check_count,
    check_fraction,
    check_positive,
    check_rng,
)
from paramcourse.plots.style import GREY, PALETTE, _new_axes, style

__all__ = [
    "compute_bootstrap_distribution",
    "compute_predictive_bands",
    "compute_slope_posterior",
    "plot_bootstrap_distribution",
    "plot_predictive_bands",
    "plot_slope_posterior",
]


# ------------------------------------------------------------------------ one slope, on a grid


def compute_slope_posterior(x, y, noise_std: float, prior: str = "gaussian", prior_scale: float = 1.0,
                            grid=None) -> dict[str, Any]:
    r"""Prior, likelihood and posterior of the slope :math:`w` of a line fit, on a grid.

    The intercept has a flat prior and is integrated out, which leaves the likelihood of the
    centred data, :math:`L(w) \propto \exp\big(-\lVert \mathbf y_c - w\mathbf x_c \rVert^2 /
    (2\sigma^2)\big)`. The posterior is prior times likelihood, normalized numerically on the
    grid; the likelihood is normalized the same way so that the three curves share one scale.
    The MAP estimate comes from :class:`paramcourse.linear.Ridge` or
    :class:`~paramcourse.linear.Lasso` with :func:`paramcourse.beliefs.ridge_lambda` or
    :func:`~paramcourse.beliefs.lasso_lambda`: the penalized fit, not the grid.

    Parameters
    ----------
    x, y : array_like of shape (n,)
    noise_std : float
        :math:`\sigma`.
    prior : {"gaussian", "laplace"}
    prior_scale : float
        :math:`\tau` (Gaussian: :math:`N(0, \tau^2)`) or :math:`\beta` (Laplace:
        :math:`e^{-\lvert w \rvert/\beta} / (2\beta)`).
    grid : array_like of shape (m,), optional
        Evenly spaced slopes; by default 2001 points covering the likelihood and the prior.

    Returns
    -------
    dict with ``grid``, ``prior``, ``likelihood``, ``posterior`` (densities, shape (m,)),
    ``mle`` (least squares), ``map`` (the penalized fit), ``posterior_mean`` (from the grid),
    ``prior_name``, ``prior_scale``, ``lam`` (the course's penalty).
    """
    x = as_vector(x, "x")
    X, y = as_xy(x.reshape(-1, 1), y)
    sigma = check_positive(noise_std, "noise_std")
    prior = check_choice(prior, "prior", ("gaussian", "laplace"))
    scale = check_positive(prior_scale, "prior_scale")
    n = x.size
    xc, yc = x - x.mean(), y - y.mean()
    mle = float(xc @ yc / (xc @ xc))
    spread = sigma / np.sqrt(xc @ xc)
    if grid is None:
        reach = max(abs(mle) + 5 * spread, 4 * scale)
        grid = np.linspace(-reach, reach, 2001)
    grid = as_vector(grid, "grid")
    step = np.diff(grid)
    if grid.size < 3 or not np.allclose(step, step[0]) or step[0] <= 0:
        raise ValueError("grid must hold at least 3 evenly spaced, increasing slopes")
    dw = float(step[0])

    log_lik = -((yc[None, :] - grid[:, None] * xc[None, :]) ** 2).sum(axis=1) / (2 * sigma**2)
    if prior == "gaussian":
        log_prior = -grid**2 / (2 * scale**2) - np.log(np.sqrt(2 * np.pi) * scale)
        lam = beliefs.ridge_lambda(sigma, scale, n)
        w_map = float(linear.Ridge(lam).fit(X, y).coef_[0])
    else:
        log_prior = -np.abs(grid) / scale - np.log(2 * scale)
        lam = beliefs.lasso_lambda(sigma, scale, n)
        w_map = float(linear.Lasso(lam, n_steps=10_000).fit(X, y).coef_[0])

    def density(log_values):
        values = np.exp(log_values - log_values.max())
        return values / (values.sum() * dw)

    posterior = density(log_lik + log_prior)
    return {
        "grid": grid,
        "prior": np.exp(log_prior),
        "likelihood": density(log_lik),
        "posterior": posterior,
        "mle": mle,
        "map": w_map,
        "posterior_mean": float((grid * posterior).sum() * dw),
        "prior_name": prior,
        "prior_scale": scale,
        "lam": lam,
    }


def plot_slope_posterior(post: Mapping[str, Any], ax=None, *, legend: bool = True, title: str | None = None,
                         xlabel: str = "slope w (units of y per unit of x)"):
    """Prior (dashed), likelihood and posterior of one slope, with the least-squares estimate,
    the MAP estimate and the posterior mean as vertical lines.

    Artists: ``gid="prior"``, ``"likelihood"``, ``"posterior"``, ``"mle"``, ``"map"``,
    ``"posterior-mean"``.
    """
    ax = _new_axes(ax)
    grid = post["grid"]
    with style():
        ax.plot(grid, post["prior"], color=GREY, linestyle="--", linewidth=1.6, label="prior", gid="prior")
        ax.plot(grid, post["likelihood"], color=PALETTE["orange"], linewidth=1.8,
                label="likelihood (normalized)", gid="likelihood")
        ax.fill_between(grid, 0.0, post["posterior"], color=PALETTE["blue"], alpha=0.25, linewidth=0)
        ax.plot(grid, post["posterior"], color=PALETTE["blue"], label="posterior", gid="posterior")
        ax.axvline(post["mle"], color=PALETTE["orange"], linestyle=":", linewidth=1.8,
                   label="least squares (max. likelihood)", gid="mle")
        ax.axvline(post["map"], color=PALETTE["blue"], linestyle="-", linewidth=1.2,
                   label="MAP = penalized fit", gid="map")
        ax.axvline(post["posterior_mean"], color=PALETTE["green"], linestyle="-.", linewidth=1.6,
                   label="posterior mean", gid="posterior-mean")
        ax.set_ylim(bottom=0.0)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("density (per unit of w)")
        if title is None:
            symbol = "τ" if post["prior_name"] == "gaussian" else "β"
            title = f"{post['prior_name'].capitalize()} prior, {symbol} = {post['prior_scale']:.3g}"
        ax.set_title(title)
        if legend:
            ax.legend(fontsize=8, loc="upper left")
    return ax


# ------------------------------------------------------------------ predictive bands (1-D fit)


def compute_predictive_bands(x, y, *, degree: int, noise_std: float, prior_std: float, x_grid=None,
                             n_draws: int = 5, truth: Callable | None = None,
                             rng: np.random.Generator) -> dict[str, Any]:
    r"""Posterior predictive bands of a Bayesian polynomial fit in one feature.

    The features are :func:`paramcourse.linear.polynomial_features` of degree :math:`p`, the
    model :class:`paramcourse.beliefs.BayesianLinearRegression` (prior :math:`N(0, \tau^2 I)` on
    the coefficients, flat prior on the intercept, known :math:`\sigma`). At every grid point it
    returns the posterior mean, the standard deviation of the function value and that of a new
    observation (which adds :math:`\sigma^2`), and ``n_draws`` functions drawn from the posterior.

    Parameters
    ----------
    x, y : array_like of shape (n,)
    degree : int
    noise_std, prior_std : float
        :math:`\sigma` and :math:`\tau`.
    x_grid : array_like of shape (m,), optional
        Where to evaluate; by default 200 points from the data range widened by a quarter.
    n_draws : int
    truth : callable, optional
        The true function, evaluated on the grid for the figure.
    rng : numpy.random.Generator
        Draws the posterior functions.

    Returns
    -------
    dict with ``x``, ``y`` (the data), ``x_grid``, ``mean``, ``std_f``, ``std_y`` (shape (m,)),
    ``draws`` (n_draws, m), ``truth`` (m,) or None, ``degree``, ``noise_std``, ``prior_std``.
    """
    x = as_vector(x, "x")
    X, y = as_xy(x.reshape(-1, 1), y)
    degree = check_count(degree, "degree")
    n_draws = check_count(n_draws, "n_draws", minimum=0)
    rng = check_rng(rng)
    if x_grid is None:
        margin = 0.25 * (x.max() - x.min())
        x_grid = np.linspace(x.min() - margin, x.max() + margin, 200)
    x_grid = as_vector(x_grid, "x_grid")
    model = beliefs.BayesianLinearRegression(noise_std, prior_std).fit(linear.polynomial_features(X, degree), y)
    P = linear.polynomial_features(x_grid.reshape(-1, 1), degree)
    mean, std_f = model.predict(P, return_std=True, include_noise=False)
    _, std_y = model.predict(P, return_std=True)
    draws = np.empty((n_draws, x_grid.size))
    if n_draws:
        W, b = model.sample_parameters(n_draws, rng)
        draws = W @ P.T + b[:, None]
    if truth is not None:
        truth = np.asarray(check_callable(truth, "truth")(x_grid), dtype=float)
    return {"x": x, "y": y, "x_grid": x_grid, "mean": mean, "std_f": std_f, "std_y": std_y,
            "draws": draws, "truth": truth, "degree": degree,
            "noise_std": float(noise_std), "prior_std": float(prior_std)}


def plot_predictive_bands(bands: Mapping[str, Any], ax=None, *, legend: bool = True, legend_loc: str = "best",
                          title: str | None = None, ylim: tuple[float, float] | None = None,
                          xlabel: str = "feature x (arbitrary units)", ylabel: str = "target y (arbitrary units)"):
    """Data, posterior mean, a ±2 sd band for the function and a wider one for new observations,
    posterior draws and (if known) the truth; ``ylim`` fixes the vertical range.

    Artists: ``gid="band-y"``, ``"band-f"``, ``"mean"``, ``"draws"`` (the first draw),
    ``"data"``, ``"truth"``.
    """
    ax = _new_axes(ax)
    xg = bands["x_grid"]
    with style():
        ax.fill_between(xg, bands["mean"] - 2 * bands["std_y"], bands["mean"] + 2 * bands["std_y"],
                        color=PALETTE["sky"], alpha=0.25, linewidth=0,
                        label="±2 sd, new observation", gid="band-y")
        ax.fill_between(xg, bands["mean"] - 2 * bands["std_f"], bands["mean"] + 2 * bands["std_f"],
                        color=PALETTE["blue"], alpha=0.35, linewidth=0,
                        label="±2 sd, function value", gid="band-f")
        for i, draw in enumerate(bands["draws"]):
            ax.plot(xg, draw, color=PALETTE["purple"], linewidth=0.9, alpha=0.8,
                    label="posterior draws" if i == 0 else None, gid="draws" if i == 0 else None)
        if bands["truth"] is not None:
            ax.plot(xg, bands["truth"], color=PALETTE["black"], linestyle="--", linewidth=1.4,
                    label="true function", gid="truth")
        ax.plot(xg, bands["mean"], color=PALETTE["blue"], label="posterior mean", gid="mean")
        ax.scatter(bands["x"], bands["y"], s=20, color=PALETTE["vermillion"], edgecolors=PALETTE["black"],
                   linewidths=0.5, label="data", gid="data", zorder=4)
        ax.set_xlim(xg[0], xg[-1])
        if ylim is not None:
            ax.set_ylim(*ylim)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        if title is None:
            title = (f"{len(bands['x'])} points, degree {bands['degree']}, "
                     f"σ = {bands['noise_std']:g}, τ = {bands['prior_std']:g}")
        ax.set_title(title)
        if legend:
            ax.legend(fontsize=8, loc=legend_loc)
    return ax


# ---------------------------------------------------------------- bootstrap vs standard error


def compute_bootstrap_distribution(X, y, rows, *, level: float = 0.95, feature: int = 0,
                                   t_quantile: float | None = None) -> dict[str, Any]:
    r"""The bootstrap replicates of one fitted weight, its percentile interval, and the classical
    interval :math:`\hat w \pm t \cdot \mathrm{SE}` for comparison.

    Parameters
    ----------
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
    rows : array_like of int, shape (n_boot, n)
        Bootstrap resamples, from :func:`paramcourse.beliefs.bootstrap_rows`.
    level : float
        Coverage of both intervals.
    feature : int
        Which weight.
    t_quantile : float, optional
        The multiplier of the standard error; by default the normal quantile for ``level``
        (pass Student's :math:`t_{n-d-1}` quantile for the exact classical interval).

    Returns
    -------
    dict with ``replicates`` (n_boot,), ``estimate``, ``se``, ``t_interval`` (low, high),
    ``percentile_interval`` (low, high), ``level``.
    """
    X, y = as_xy(X, y)
    level = check_fraction(level, "level")
    if isinstance(feature, bool) or not isinstance(feature, (int, np.integer)) or not 0 <= feature < X.shape[1]:
        raise ValueError(f"feature must be a column index 0..{X.shape[1] - 1}; got {feature!r}")
    if t_quantile is None:
        from statistics import NormalDist

        t_quantile = NormalDist().inv_cdf((1 + level) / 2)
    t_quantile = check_positive(t_quantile, "t_quantile")
    estimate = float(linear.LinearRegression().fit(X, y).coef_[feature])
    se = float(beliefs.ols_standard_errors(X, y)[0][feature])
    W, _ = beliefs.bootstrap_coefficients(X, y, rows)
    replicates = W[:, feature]
    return {
        "replicates": replicates,
        "estimate": estimate,
        "se": se,
        "t_interval": (estimate - t_quantile * se, estimate + t_quantile * se),
        "percentile_interval": beliefs.percentile_interval(replicates, level),
        "level": level,
    }


def plot_bootstrap_distribution(boot: Mapping[str, Any], ax=None, *, truth: float | None = None,
                                legend: bool = True, title: str | None = None,
                                xlabel: str = "fitted slope (units of y per unit of x)"):
    """Histogram of the bootstrap replicates (as a density), the normal curve of the classical
    standard error, both intervals as bars below the axis, and the true value if known.

    Artists: ``gid="replicates"``, ``"normal"``, ``"percentile-interval"``, ``"t-interval"``,
    ``"estimate"``, ``"truth"``.
    """
    ax = _new_axes(ax)
    reps = np.asarray(boot["replicates"])
    est, se = boot["estimate"], boot["se"]
    with style():
        ax.hist(reps, bins=40, density=True, color=PALETTE["sky"], edgecolor="white", linewidth=0.4,
                label="bootstrap replicates", gid="replicates")
        lo, hi = min(reps.min(), est - 4 * se), max(reps.max(), est + 4 * se)
        grid = np.linspace(lo, hi, 300)
        ax.plot(grid, np.exp(-0.5 * ((grid - est) / se) ** 2) / (np.sqrt(2 * np.pi) * se),
                color=PALETTE["vermillion"], label="normal, sd = standard error", gid="normal")
        top = ax.get_ylim()[1]
        pct = f"{100 * boot['level']:g} %"
        ax.plot(boot["percentile_interval"], [-0.06 * top] * 2, color=PALETTE["blue"], linewidth=4,
                solid_capstyle="butt", label=f"{pct} bootstrap percentile interval", gid="percentile-interval")
        ax.plot(boot["t_interval"], [-0.13 * top] * 2, color=PALETTE["vermillion"], linewidth=4,
                solid_capstyle="butt", label=f"{pct} interval from the standard error", gid="t-interval")
        ax.axvline(est, color=PALETTE["black"], linewidth=1.2, label="estimate from the data", gid="estimate")
        if truth is not None:
            ax.axvline(truth, color=PALETTE["green"], linestyle="--", linewidth=1.6, label="true slope",
                       gid="truth")
        ax.set_ylim(-0.2 * top, 1.05 * top)
        ax.set_xlim(lo, hi)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("density (per unit of slope)")
        if title is not None:
            ax.set_title(title)
        if legend:
            ax.legend(fontsize=8, loc="upper left")
    return ax
