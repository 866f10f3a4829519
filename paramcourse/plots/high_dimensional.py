r"""Figures of high-dimensional parameter spaces (chapter 10): exact fits when :math:`d > n`,
distances and volumes in high dimension, minima versus saddle points, a 2-D slice of a
network's loss, and the explained variance of principal components.

The loss slices themselves are computed by :mod:`paramcourse.landscape`, and the chapter counts
the positive definite random matrices itself; this module draws them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from math import lgamma, log, pi
from typing import Any

import numpy as np

from paramcourse._validation import as_array, as_matrix, as_scalar, as_vector, check_count, check_rng
from paramcourse.plots.style import CMAP, COLORS, GREY, MODEL_COLORS, PALETTE, _new_axes, style

__all__ = [
    "compute_ball_volume",
    "compute_distance_concentration",
    "compute_explained_variance",
    "compute_saddle_escape",
    "compute_underdetermined_fits",
    "plot_ball_volume",
    "plot_distance_histograms",
    "plot_distance_ratio",
    "plot_explained_variance",
    "plot_loss_slice",
    "plot_minimum_fraction",
    "plot_saddle_escape",
    "plot_underdetermined_fits",
]


# ------------------------------------------------------------------- more parameters than data


def compute_underdetermined_fits(X, y, lams: Sequence[float], span: float = 3.0) -> dict[str, Any]:
    r"""Exact fits, the minimum-norm fit and the ridge fits of a system with fewer rows than columns.

    For ``X`` of shape ``(n, d)`` with :math:`n < d` and full row rank, every
    :math:`\mathbf w = \mathbf w^+ + N \mathbf z` fits exactly (:math:`X \mathbf w = \mathbf y`),
    where :math:`\mathbf w^+ = X^+ \mathbf y` is the minimum-norm solution that
    ``np.linalg.lstsq`` returns and the columns of :math:`N` span the null space of :math:`X`
    (the last :math:`d - n` right singular vectors). Ridge without intercept,

    .. math:: \mathbf w_\lambda = (X^\top X + n \lambda I)^{-1} X^\top \mathbf y ,

    is unique for every :math:`\lambda > 0` and tends to :math:`\mathbf w^+` as
    :math:`\lambda \to 0`.

    Parameters
    ----------
    X : array_like of shape (n, d), n < d
    y : array_like of shape (n,)
    lams : sequence of float
        Ridge strengths :math:`\lambda > 0`.
    span : float
        The exact fits returned are :math:`\mathbf w^+ + t N_{:,0}` for :math:`t \in [-s, s]`.

    Returns
    -------
    dict
        ``min_norm`` (d,), ``null_space`` (d, d - n), ``exact_line`` (50, d) points along the
        first null-space direction, ``lams`` (m,), ``ridge`` (m, d).
    """
    X = as_matrix(X)
    n, d = X.shape
    if n >= d:
        raise ValueError(f"X must have fewer rows than columns (n < d); got shape {X.shape}")
    y = as_vector(y, "y", n, "X.shape[0]")
    lams = as_vector(lams, "lams")
    if np.any(lams <= 0):
        raise ValueError("lams must all be > 0")
    s = as_scalar(span, "span")
    w_plus = np.linalg.lstsq(X, y, rcond=None)[0]
    null = np.linalg.svd(X)[2][n:].T
    t = np.linspace(-s, s, 50)
    line = w_plus + t[:, None] * null[:, 0]
    ridge = np.array([np.linalg.solve(X.T @ X + n * lam * np.eye(d), X.T @ y) for lam in lams])
    return {"min_norm": w_plus, "null_space": null, "exact_line": line, "lams": lams, "ridge": ridge}


def plot_underdetermined_fits(data: Mapping[str, Any], ax=None, *, title: str | None = None):
    """Draw the line of exact fits, the minimum-norm fit and the ridge fits in the plane (d = 2).

    Returns
    -------
    matplotlib Axes with artists ``gid="exact-fits"``, ``gid="min-norm"``, ``gid="ridge"``.
    """
    line = np.asarray(data["exact_line"])
    if line.shape[1] != 2:
        raise ValueError(f"plot_underdetermined_fits draws d = 2 only; got d = {line.shape[1]}")
    ax = _new_axes(ax)
    w_plus, ridge = np.asarray(data["min_norm"]), np.asarray(data["ridge"])
    with style():
        ax.plot(line[:, 0], line[:, 1], color=PALETTE["blue"], gid="exact-fits",
                label="exact fits (training MSE = 0)")
        ax.plot([0, w_plus[0]], [0, w_plus[1]], color=GREY, linestyle=":", linewidth=1.2)
        ax.plot(ridge[:, 0], ridge[:, 1], marker="o", linestyle="none", color=PALETTE["orange"],
                gid="ridge", label="ridge, λ from large (near 0) to small")
        ax.plot(*w_plus, marker="*", markersize=15, linestyle="none", color=PALETTE["vermillion"],
                gid="min-norm", label="minimum norm (np.linalg.lstsq)")
        ax.plot(0, 0, marker="+", markersize=10, color="black", linestyle="none")
        ax.set_aspect("equal", adjustable="datalim")
        ax.set_xlabel("weight $w_1$")
        ax.set_ylabel("weight $w_2$")
        ax.set_title("One data point, two weights" if title is None else title)
        ax.legend(loc="best")
    return ax


# ------------------------------------------------------------------- distances and volumes


def compute_distance_concentration(
    dims: Sequence[int], n_points: int, rng: np.random.Generator, n_queries: int = 20,
    hist_dims: Sequence[int] = (),
) -> dict[str, Any]:
    r"""How nearest and farthest neighbours compare as the dimension grows.

    For each dimension :math:`d`, draw :math:`n` points and :math:`q` query points uniformly
    in the cube :math:`[0, 1]^d`, and for each query the Euclidean distances to the :math:`n`
    points. The ratio :math:`D_\min / D_\max` of the nearest to the farthest distance tends to
    1 as :math:`d` grows (Beyer et al., 1999): all points become about equally far away.

    Parameters
    ----------
    dims : sequence of int
    n_points : int
        :math:`n`, points per data set.
    rng : numpy.random.Generator
    n_queries : int
        :math:`q`; the ratios are averaged over the queries.
    hist_dims : sequence of int
        Dimensions for which to also return all distances divided by their mean.

    Returns
    -------
    dict
        ``dims`` (m,), ``ratio`` (m,) mean of :math:`D_\min / D_\max`, ``ratio_low`` and
        ``ratio_high`` (m,) the smallest and largest ratio over the queries, and ``hist`` a dict
        ``d -> distances / mean distance`` (1-D arrays) for ``hist_dims``.
    """
    dims = [check_count(d, "dims") for d in dims]
    n = check_count(n_points, "n_points", minimum=2)
    q = check_count(n_queries, "n_queries")
    rng = check_rng(rng)
    ratio, low, high, hist = [], [], [], {}
    for d in sorted(set(dims) | {check_count(h, "hist_dims") for h in hist_dims}):
        points = rng.random((n, d))
        queries = rng.random((q, d))
        dist = np.sqrt(((queries[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
        r = dist.min(axis=1) / dist.max(axis=1)
        if d in dims:
            ratio.append(r.mean())
            low.append(r.min())
            high.append(r.max())
        if d in hist_dims:
            hist[d] = (dist / dist.mean()).ravel()
    order = sorted(set(dims))
    return {"dims": np.array(order), "ratio": np.array(ratio), "ratio_low": np.array(low),
            "ratio_high": np.array(high), "hist": hist, "n_points": n}


def plot_distance_histograms(data: Mapping[str, Any], ax=None, *, bins: int = 40):
    """Histograms of the distances (divided by their mean) for the ``hist_dims`` of the data.

    Returns
    -------
    matplotlib Axes; the histogram of dimension ``d`` has ``gid=f"hist:{d}"``.
    """
    ax = _new_axes(ax)
    edges = np.linspace(0.0, 2.0, bins + 1)
    with style():
        for i, (d, values) in enumerate(sorted(data["hist"].items())):
            ax.hist(values, bins=edges, density=True, histtype="step", linewidth=2,
                    color=COLORS[i % len(COLORS)], label=f"d = {d}", gid=f"hist:{d}")
        ax.set_xlabel("distance / mean distance (dimensionless)")
        ax.set_ylabel("density")
        ax.set_title("Distances concentrate")
        ax.legend(loc="upper left")
    return ax


def plot_distance_ratio(data: Mapping[str, Any], ax=None):
    """The nearest-to-farthest ratio against the dimension (log x axis), with its range.

    Returns
    -------
    matplotlib Axes with the mean ratio as ``gid="ratio"``.
    """
    ax = _new_axes(ax)
    with style():
        ax.fill_between(data["dims"], data["ratio_low"], data["ratio_high"], color=PALETTE["sky"],
                        alpha=0.35, linewidth=0, label="range over queries")
        ax.plot(data["dims"], data["ratio"], marker="o", color=PALETTE["blue"], gid="ratio",
                label="mean")
        ax.axhline(1.0, color=GREY, linestyle="--", linewidth=1.2)
        ax.set_xscale("log")
        ax.set_ylim(0, 1.05)
        ax.set_xlabel("dimension d")
        ax.set_ylabel("nearest / farthest distance")
        ax.set_title(f"{data['n_points']} uniform points in $[0, 1]^d$")
        ax.legend(loc="lower right")
    return ax


def compute_ball_volume(dims: Sequence[int]) -> dict[str, np.ndarray]:
    r"""Volume of the unit ball and the fraction of the cube :math:`[-1, 1]^d` it fills.

    .. math:: V_d = \frac{\pi^{d/2}}{\Gamma(d/2 + 1)}, \qquad
              \text{fraction} = \frac{V_d}{2^d}

    computed through logarithms (``math.lgamma``) so that large :math:`d` does not overflow.

    Returns
    -------
    dict with ``dims`` (m,), ``volume`` (m,) and ``fraction`` (m,).
    """
    dims = np.array([check_count(d, "dims") for d in dims])
    log_v = np.array([0.5 * d * log(pi) - lgamma(0.5 * d + 1.0) for d in dims])
    return {"dims": dims, "volume": np.exp(log_v), "fraction": np.exp(log_v - dims * log(2.0))}


def plot_ball_volume(data: Mapping[str, Any], ax=None):
    """The fraction of the cube filled by the inscribed ball against the dimension (log y axis).

    Returns
    -------
    matplotlib Axes with ``gid="fraction"``.
    """
    ax = _new_axes(ax)
    with style():
        ax.plot(data["dims"], data["fraction"], marker="o", color=PALETTE["vermillion"], gid="fraction")
        ax.set_yscale("log")
        ax.set_xlabel("dimension d")
        ax.set_ylabel("ball volume / cube volume")
        ax.set_title("The ball inside the cube $[-1, 1]^d$")
    return ax


# ------------------------------------------------------------------------ minima and saddles


def plot_minimum_fraction(data: Mapping[str, Any], ax=None):
    r"""Fraction of random Hessians that are minima (log y axis), with the coin-flip guess
    :math:`2^{-d}`; dimensions where no sample was a minimum are marked at :math:`1/N` with
    a downward triangle ("below this").

    Parameters
    ----------
    data : dict
        ``dims`` (m,) the dimensions :math:`d`, ``minima`` (m,) the fraction of the sampled
        symmetric :math:`d \times d` matrices whose eigenvalues are all positive, and
        ``n_samples`` :math:`N`, the number of matrices per dimension (chapter 10 samples them).

    Returns
    -------
    matplotlib Axes with ``gid="minima"`` and ``gid="coin"``.
    """
    ax = _new_axes(ax)
    dims, frac = np.asarray(data["dims"]), np.asarray(data["minima"], dtype=float)
    seen = frac > 0
    with style():
        ax.plot(dims, 0.5 ** dims.astype(float), linestyle="--", color=GREY, gid="coin",
                label="$2^{-d}$ (independent signs)")
        ax.plot(dims[seen], frac[seen], marker="o", color=PALETTE["blue"], gid="minima",
                label="random symmetric matrices")
        if np.any(~seen):
            ax.plot(dims[~seen], np.full((~seen).sum(), 1.0 / data["n_samples"]), marker="v",
                    linestyle="none", color=PALETTE["blue"], markerfacecolor="white",
                    label=f"none in {data['n_samples']:,} samples")
        ax.set_yscale("log")
        ax.set_xlabel("dimension d")
        ax.set_ylabel("fraction that are minima")
        ax.set_title("All eigenvalues positive")
        ax.legend(loc="upper right", fontsize=8)  # the curves fall from the upper left corner
    return ax


def compute_saddle_escape(
    starts: Sequence[tuple[float, float]], learning_rate: float = 0.1, n_steps: int = 150,
    radius: float = 2.0,
) -> dict[str, Any]:
    r"""Gradient descent near the saddle point of :math:`f(x, y) = x^2 - y^2`.

    The gradient is :math:`(2x, -2y)`, so one step of size :math:`\eta` multiplies :math:`x`
    by :math:`1 - 2\eta` and :math:`y` by :math:`1 + 2\eta`: the run first slides towards the
    saddle at the origin along :math:`x`, then is pushed away along :math:`y`, slowly while
    :math:`y` is small. Each run is :func:`paramcourse.optim.minimize` with
    :func:`~paramcourse.optim.sgd`, cut where the distance from the origin first exceeds
    ``radius``.

    Returns
    -------
    dict
        ``starts`` (k, 2), ``paths`` (list of (t_i, 2) arrays), ``grad_norms`` (list of
        (t_i,) arrays, :math:`\lVert \nabla f \rVert = 2 \lVert (x, y) \rVert`),
        ``learning_rate``.
    """
    from paramcourse import optim

    eta = as_scalar(learning_rate, "learning_rate")
    n_steps = check_count(n_steps, "n_steps")
    r = as_scalar(radius, "radius")
    starts = as_array(starts, "starts")
    if starts.ndim != 2 or starts.shape[1] != 2:
        raise ValueError(f"starts must have shape (k, 2); got {starts.shape}")
    paths, norms = [], []
    for start in starts:
        run = optim.minimize(lambda p: p[0] ** 2 - p[1] ** 2, lambda p: np.array([2 * p[0], -2 * p[1]]),
                             start, optim.sgd(eta), n_steps=n_steps)
        dist = np.linalg.norm(run.params, axis=1)
        outside = np.nonzero(dist > r)[0]
        stop = outside[0] + 1 if outside.size else dist.size
        paths.append(run.params[:stop])
        norms.append(2.0 * dist[:stop])
    return {"starts": starts, "paths": paths, "grad_norms": norms, "learning_rate": eta}


def plot_saddle_escape(data: Mapping[str, Any], ax=None, *, kind: str = "paths"):
    """``kind="paths"``: the runs over the contours of :math:`x^2 - y^2`; ``kind="grad"``: the
    gradient norm against the step (log y axis).

    Returns
    -------
    matplotlib Axes; run ``i`` has ``gid=f"run:{i}"``.
    """
    if kind not in ("paths", "grad"):
        raise ValueError(f"kind must be 'paths' or 'grad'; got {kind!r}")
    ax = _new_axes(ax)
    with style():
        if kind == "paths":
            g = np.linspace(-2.0, 2.0, 101)
            xx, yy = np.meshgrid(g, g)
            ax.contour(g, g, xx**2 - yy**2, levels=np.linspace(-3.5, 3.5, 15), cmap=CMAP, linewidths=0.9)
            ax.plot(0, 0, marker="X", markersize=10, color="black", linestyle="none", label="saddle point")
        for i, (path, norm, start) in enumerate(zip(data["paths"], data["grad_norms"], data["starts"])):
            color = MODEL_COLORS[i % len(MODEL_COLORS)]
            label = f"start y = {start[1]:.0e}"
            if kind == "paths":
                ax.plot(path[:, 0], path[:, 1], marker="o", markersize=2.5, color=color, gid=f"run:{i}",
                        label=label)
            else:
                ax.plot(np.arange(norm.size), norm, color=color, gid=f"run:{i}", label=label)
        if kind == "paths":
            ax.set_xlim(-2, 2)
            ax.set_ylim(-2, 2)
            ax.set_aspect("equal")
            ax.set_xlabel("x")
            ax.set_ylabel("y")
            ax.set_title("$f(x, y) = x^2 - y^2$")
        else:
            ax.set_yscale("log")
            ax.set_xlabel("step k")
            ax.set_ylabel("gradient norm $\\|\\nabla f\\|$")
            ax.set_title(f"Gradient descent, η = {data['learning_rate']:g}")
        ax.legend(loc="lower right" if kind == "grad" else "lower left", fontsize=8)
    return ax


# ------------------------------------------------------------------------------- loss slices


def plot_loss_slice(data: Mapping[str, Any], ax=None, *, levels: int = 20, title: str | None = None,
                    label: str = "loss"):
    r"""Contours of a loss slice from :func:`paramcourse.landscape.random_slice`, with the
    centre :math:`(\alpha, \beta) = (0, 0)` marked.

    Levels are spaced geometrically between the smallest and the largest loss of the slice,
    so the contours crowd near the bottom of the valley.

    Returns
    -------
    matplotlib Axes with the centre marker ``gid="center"``.
    """
    ax = _new_axes(ax)
    loss = np.asarray(data["loss"])
    lo, hi = float(loss.min()), float(loss.max())
    check_count(levels, "levels", minimum=2)
    with style():
        cs = ax.contour(data["alphas"], data["betas"], loss, levels=np.geomspace(lo * 1.02, hi, levels),
                        cmap=CMAP, linewidths=1.1)
        ax.clabel(cs, levels=cs.levels[::3], inline=True, fontsize=8, fmt="%.2g")
        ax.plot(0, 0, marker="*", markersize=14, color=PALETTE["vermillion"], linestyle="none",
                gid="center", label=f"centre ({label} {data['center_loss']:.3g})")
        ax.set_aspect("equal")
        ax.locator_params(nbins=5)
        ax.set_xlabel("α (along direction 1)")
        ax.set_ylabel("β (along direction 2)")
        if title:
            ax.set_title(title)
        ax.legend(loc="upper right")
    return ax


# ----------------------------------------------------------------------------------- PCA


def compute_explained_variance(singular_values) -> dict[str, np.ndarray]:
    r"""Explained-variance ratios of principal components from the singular values of the
    centred data: component :math:`k` explains :math:`s_k^2 / \sum_j s_j^2`.

    Returns
    -------
    dict with ``components`` (1, 2, ..., r), ``ratio`` (r,) and ``cumulative`` (r,).
    """
    s = as_vector(singular_values, "singular_values")
    if np.any(s < 0):
        raise ValueError("singular_values must be >= 0")
    ratio = s**2 / np.sum(s**2)
    return {"components": np.arange(1, s.size + 1), "ratio": ratio, "cumulative": np.cumsum(ratio)}


def plot_explained_variance(data: Mapping[str, Any], ax=None, *, threshold: float = 0.9):
    """Cumulative explained variance against the number of components, with the number
    needed to reach ``threshold`` marked.

    Returns
    -------
    matplotlib Axes with ``gid="cumulative"`` and ``gid="ratio"``.
    """
    ax = _new_axes(ax)
    t = as_scalar(threshold, "threshold")
    k = int(np.searchsorted(data["cumulative"], t) + 1)
    with style():
        ax.bar(data["components"], data["ratio"], color=PALETTE["sky"], gid="ratio",
               label="per component")
        ax.plot(data["components"], data["cumulative"], marker="o", markersize=3,
                color=PALETTE["blue"], gid="cumulative", label="cumulative")
        ax.axhline(t, color=GREY, linestyle="--", linewidth=1.2)
        ax.axvline(k, color=PALETTE["vermillion"], linestyle=":", linewidth=1.5,
                   label=f"{k} components reach {t:.0%}")
        ax.set_ylim(0, 1.02)
        ax.set_xlabel("number of principal components")
        ax.set_ylabel("fraction of variance explained")
        ax.legend(loc="center right")
    return ax
