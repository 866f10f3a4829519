r"""Bayesian optimization in NumPy: a Gaussian-process surrogate, expected improvement, and a
small loop that minimizes a function on a 1-D or 2-D box.

**Surrogate.** A Gaussian process (GP) with zero prior mean and the squared-exponential (RBF)
kernel

.. math:: k(x, x') = s^2 \exp\!\Big(-\frac{\lVert x - x' \rVert^2}{2 \ell^2}\Big)

(signal variance :math:`s^2`, length scale :math:`\ell`) and observation noise variance
:math:`\sigma_n^2`. Given observations :math:`y` at inputs :math:`X`, with
:math:`K = k(X, X) + \sigma_n^2 I = L L^\top` (Cholesky) and :math:`k_* = k(X, x_*)`, the
posterior of the function value at :math:`x_*` is normal with

.. math:: \mu(x_*) = k_*^\top K^{-1} y, \qquad
          \sigma^2(x_*) = k(x_*, x_*) - k_*^\top K^{-1} k_*

(Rasmussen and Williams, 2006, Algorithm 2.1), computed with triangular solves, never an
explicit inverse.

**Acquisition.** For minimization with the best observed value :math:`f_{\text{best}}`,
expected improvement (Jones et al., 1998) is

.. math:: \mathrm{EI}(x) = \mathrm{E}\max(f_{\text{best}} - \xi - f(x), 0)
          = (f_{\text{best}} - \mu - \xi)\,\Phi(z) + \sigma\,\varphi(z), \qquad
          z = \frac{f_{\text{best}} - \mu - \xi}{\sigma},

with the standard normal cdf :math:`\Phi` and density :math:`\varphi`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ._validation import (
    as_array,
    as_matrix,
    as_vector,
    check_callable,
    check_count,
    check_positive,
    check_range,
    check_rng,
)

__all__ = [
    "LENGTH_SCALES",
    "GaussianProcess",
    "bayes_opt_minimize",
    "expected_improvement",
    "fit_surrogate",
    "normal_cdf",
    "normal_pdf",
    "rbf_kernel",
]

#: Length scales (in units of the box width, inputs scaled to [0, 1]) among which
#: :func:`fit_surrogate` picks the one of largest marginal likelihood.
LENGTH_SCALES: tuple[float, ...] = (0.05, 0.08, 0.12, 0.18, 0.25, 0.35, 0.5, 0.7, 1.0)

_erf = np.frompyfunc(math.erf, 1, 1)


def normal_cdf(z) -> np.ndarray:
    r"""Standard normal cdf :math:`\Phi(z) = \tfrac12 \big(1 + \operatorname{erf}(z / \sqrt2)\big)`."""
    z = as_array(z, "z")
    return 0.5 * (1.0 + _erf(z / math.sqrt(2.0)).astype(float))


def normal_pdf(z) -> np.ndarray:
    r"""Standard normal density :math:`\varphi(z) = e^{-z^2/2} / \sqrt{2\pi}`."""
    z = as_array(z, "z")
    return np.exp(-0.5 * z**2) / math.sqrt(2.0 * math.pi)


def rbf_kernel(A, B, length_scale: float = 1.0, signal_variance: float = 1.0) -> np.ndarray:
    r"""Squared-exponential kernel matrix :math:`K_{ij} = s^2 \exp(-\lVert a_i - b_j \rVert^2 / (2\ell^2))`.

    Parameters
    ----------
    A : array of shape (n, d)
    B : array of shape (m, d)
    length_scale : float
        :math:`\ell > 0`, in the units of the inputs.
    signal_variance : float
        :math:`s^2 > 0`, the prior variance of the function at any input.

    Returns
    -------
    ndarray of shape (n, m)
    """
    A = as_matrix(A, "A")
    B = as_matrix(B, "B")
    if A.shape[1] != B.shape[1]:
        raise ValueError(f"A and B must have the same number of columns; got {A.shape} and {B.shape}")
    ell = check_positive(length_scale, "length_scale")
    s2 = check_positive(signal_variance, "signal_variance")
    sq = (A**2).sum(axis=1)[:, None] + (B**2).sum(axis=1)[None, :] - 2.0 * A @ B.T
    return s2 * np.exp(-0.5 * np.maximum(sq, 0.0) / ell**2)


class GaussianProcess:
    r"""Gaussian-process regression with a fixed RBF kernel and zero prior mean.

    Follows the estimator contract: the kernel hyperparameters are set in ``__init__`` and not
    changed by ``fit``. (scikit-learn's ``GaussianProcessRegressor(ConstantKernel(s2) *
    RBF(length_scale), alpha=noise_variance, optimizer=None)`` is the same model.)

    Parameters
    ----------
    length_scale : float
        :math:`\ell > 0`.
    signal_variance : float
        :math:`s^2 > 0`.
    noise_variance : float
        :math:`\sigma_n^2 \ge 0`, added to the diagonal of :math:`K`; a small value such as
        ``1e-8`` keeps the Cholesky factorization stable for noise-free observations.

    Attributes
    ----------
    X_train_ : ndarray of shape (n, d)
    L_ : ndarray of shape (n, n)
        Lower Cholesky factor of :math:`K = k(X, X) + \sigma_n^2 I`.
    alpha_ : ndarray of shape (n,)
        :math:`K^{-1} y`.
    log_marginal_likelihood_ : float
        :math:`\log p(y \mid X) = -\tfrac12 y^\top K^{-1} y - \sum_i \log L_{ii} - \tfrac n2 \log 2\pi`.
    """

    def __init__(self, length_scale: float = 1.0, signal_variance: float = 1.0, noise_variance: float = 1e-8):
        self.length_scale = length_scale
        self.signal_variance = signal_variance
        self.noise_variance = noise_variance

    def _kernel(self, A, B) -> np.ndarray:
        return rbf_kernel(A, B, self.length_scale, self.signal_variance)

    def fit(self, X, y) -> GaussianProcess:
        """Condition on observations ``y`` (n,) at inputs ``X`` (n, d); return ``self``."""
        X = as_matrix(X, "X")
        y = as_vector(y, "y", X.shape[0], "X.shape[0]")
        noise = check_positive(self.noise_variance, "noise_variance", allow_zero=True)
        K = self._kernel(X, X) + noise * np.eye(X.shape[0])
        try:
            L = np.linalg.cholesky(K)
        except np.linalg.LinAlgError:
            raise ValueError(
                "the kernel matrix is not positive definite (repeated inputs without noise?); "
                "use a larger noise_variance"
            ) from None
        alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
        self.X_train_, self.L_, self.alpha_ = X, L, alpha
        self.log_marginal_likelihood_ = float(
            -0.5 * y @ alpha - np.log(np.diag(L)).sum() - 0.5 * X.shape[0] * math.log(2 * math.pi)
        )
        return self

    def predict(self, X, return_std: bool = False):
        """Posterior mean (m,) of the function at ``X`` (m, d), and its standard deviation if asked.

        The standard deviation is that of the latent function value :math:`f(x_*)` (without the
        observation noise), clipped at 0 against rounding.
        """
        if not hasattr(self, "alpha_"):
            raise ValueError("this GaussianProcess is not fitted yet; call fit(X, y) first")
        X = as_matrix(X, "X")
        if X.shape[1] != self.X_train_.shape[1]:
            raise ValueError(
                f"X must have shape (n_samples, {self.X_train_.shape[1]}) like the data seen in fit; "
                f"got {X.shape}"
            )
        K_star = self._kernel(self.X_train_, X)
        mean = K_star.T @ self.alpha_
        if not return_std:
            return mean
        V = np.linalg.solve(self.L_, K_star)
        var = float(check_positive(self.signal_variance, "signal_variance")) - (V**2).sum(axis=0)
        return mean, np.sqrt(np.maximum(var, 0.0))


def expected_improvement(mean, std, f_best: float, xi: float = 0.0) -> np.ndarray:
    r"""Expected improvement over ``f_best`` for minimization.

    .. math:: \mathrm{EI} = (f_{\text{best}} - \mu - \xi)\,\Phi(z) + \sigma\,\varphi(z), \qquad
              z = (f_{\text{best}} - \mu - \xi) / \sigma .

    Where :math:`\sigma = 0` the value is known and EI is the improvement itself,
    :math:`\max(f_{\text{best}} - \mu - \xi, 0)` (the limit :math:`\sigma \to 0`); at an
    observed point of a noise-free GP that is 0.

    Parameters
    ----------
    mean, std : arrays of the same shape
        Posterior mean :math:`\mu` and standard deviation :math:`\sigma \ge 0`.
    f_best : float
        The best (lowest) value observed so far.
    xi : float
        Margin :math:`\xi \ge 0`: larger values favour exploring uncertain regions.

    Returns
    -------
    ndarray of the same shape, ``>= 0``.
    """
    mu = as_array(mean, "mean")
    sigma = as_array(std, "std")
    if mu.shape != sigma.shape:
        raise ValueError(f"mean and std must have the same shape; got {mu.shape} and {sigma.shape}")
    if np.any(sigma < 0):
        raise ValueError("std must be >= 0")
    xi = check_positive(xi, "xi", allow_zero=True)
    improvement = float(f_best) - mu - xi
    positive = sigma > 0
    safe = np.where(positive, sigma, 1.0)
    z = improvement / safe
    ei = improvement * normal_cdf(z) + safe * normal_pdf(z)
    return np.where(positive, np.maximum(ei, 0.0), np.maximum(improvement, 0.0))


def _bounds(bounds) -> np.ndarray:
    try:
        pairs = [check_range(b, f"bounds[{i}]") for i, b in enumerate(bounds)]
    except TypeError:
        raise ValueError(f"bounds must be a list of (low, high) pairs; got {bounds!r}") from None
    if not 1 <= len(pairs) <= 2:
        raise ValueError(f"bounds must hold one or two (low, high) pairs (a 1-D or 2-D box); got {len(pairs)}")
    return np.array(pairs, dtype=float)


def _to_unit(X: np.ndarray, box: np.ndarray) -> np.ndarray:
    return (X - box[:, 0]) / (box[:, 1] - box[:, 0])


def fit_surrogate(
    X, y, bounds, *, length_scales: Sequence[float] = LENGTH_SCALES, noise_variance: float = 1e-6
) -> dict[str, Any]:
    r"""The GP surrogate that :func:`bayes_opt_minimize` uses, fitted to observations.

    Inputs are mapped to the unit box, :math:`u = (x - \text{low}) / (\text{high} - \text{low})`,
    and observations standardized, :math:`\tilde y = (y - \bar y) / \operatorname{sd}(y)`; the
    GP has signal variance 1 and the length scale (in box widths) from ``length_scales`` with
    the largest log marginal likelihood, a simple form of type-II maximum likelihood.

    Returns
    -------
    dict with ``gp`` (the fitted :class:`GaussianProcess`, in unit coordinates and standardized
    values), ``length_scale``, ``y_mean``, ``y_std``, ``box`` (d, 2), and ``predict``, a
    function ``predict(X) -> (mean, std)`` in the original units of ``X`` and ``y``.
    """
    box = _bounds(bounds)
    X = as_matrix(X, "X")
    if X.shape[1] != box.shape[0]:
        raise ValueError(f"X must have shape (n_samples, {box.shape[0]}) for these bounds; got {X.shape}")
    y = as_vector(y, "y", X.shape[0], "X.shape[0]")
    y_mean = float(y.mean())
    y_std = float(y.std()) if y.size > 1 and y.std() > 0 else 1.0
    U, z = _to_unit(X, box), (y - y_mean) / y_std
    fits = [GaussianProcess(ell, 1.0, noise_variance).fit(U, z) for ell in length_scales]
    gp = max(fits, key=lambda g: g.log_marginal_likelihood_)

    def predict(X_new):
        mean, std = gp.predict(_to_unit(as_matrix(X_new, "X"), box), return_std=True)
        return y_mean + y_std * mean, y_std * std

    return {"gp": gp, "length_scale": gp.length_scale, "y_mean": y_mean, "y_std": y_std,
            "box": box, "predict": predict}


def bayes_opt_minimize(
    objective: Callable,
    bounds,
    n_init: int,
    n_iter: int,
    rng: np.random.Generator,
    *,
    n_candidates: int = 1000,
    xi: float = 0.01,
    noise_variance: float = 1e-6,
) -> dict[str, Any]:
    r"""Minimize ``objective`` on a 1-D or 2-D box by Bayesian optimization.

    1. Evaluate ``objective`` at ``n_init`` points drawn uniformly in the box.
    2. Repeat ``n_iter`` times: fit the surrogate (:func:`fit_surrogate`) to all observations,
       draw ``n_candidates`` uniform random points, evaluate the next point where expected
       improvement (in standardized units, margin ``xi``) is largest.

    Maximizing EI over random candidates is crude but simple and fast in one or two
    dimensions; libraries use gradient-based multi-start optimizers instead (Snoek et al., 2012).

    Parameters
    ----------
    objective : callable
        ``objective(x)`` for ``x`` of shape (d,) returns a float (lower is better).
    bounds : sequence of (low, high)
        One pair per dimension, ``d`` = 1 or 2.
    n_init, n_iter : int
        Initial random points (``>= 1``) and Bayesian-optimization steps (``>= 0``).
    rng : numpy.random.Generator
        Draws the initial points and the candidates.
    n_candidates : int
        Random candidates per step.
    xi : float
        Margin of expected improvement (in units of the standard deviation of the observations).
    noise_variance : float
        Noise (jitter) of the GP in standardized units.

    Returns
    -------
    dict with ``X`` (n_init + n_iter, d) the points in the order evaluated, ``y`` their values,
    ``best_x`` (d,), ``best_y``, ``best_so_far`` (n_init + n_iter,), ``length_scales``
    (n_iter,) chosen at each step, ``max_ei`` (n_iter,) the largest EI found at each step, and
    ``n_init`` and ``bounds``.
    """
    check_callable(objective, "objective")
    box = _bounds(bounds)
    n_init = check_count(n_init, "n_init")
    n_iter = check_count(n_iter, "n_iter", minimum=0)
    n_candidates = check_count(n_candidates, "n_candidates")
    rng = check_rng(rng)
    d = box.shape[0]
    low, width = box[:, 0], box[:, 1] - box[:, 0]

    X = low + width * rng.random((n_init, d))
    y = [float(objective(x)) for x in X]
    length_scales, max_ei = [], []
    for _ in range(n_iter):
        surrogate = fit_surrogate(X, y, box, noise_variance=noise_variance)
        candidates = low + width * rng.random((n_candidates, d))
        mean, std = surrogate["gp"].predict(_to_unit(candidates, box), return_std=True)
        f_best = (min(y) - surrogate["y_mean"]) / surrogate["y_std"]
        ei = expected_improvement(mean, std, f_best, xi)
        j = int(np.argmax(ei))
        X = np.vstack([X, candidates[j]])
        y.append(float(objective(candidates[j])))
        length_scales.append(surrogate["length_scale"])
        max_ei.append(float(ei[j]) * surrogate["y_std"])
    y = np.array(y)
    best = int(np.argmin(y))
    return {
        "X": X,
        "y": y,
        "best_x": X[best],
        "best_y": float(y[best]),
        "best_so_far": np.minimum.accumulate(y),
        "length_scales": np.array(length_scales),
        "max_ei": np.array(max_ei),
        "n_init": n_init,
        "bounds": box,
    }
