r"""Parameters as beliefs: priors and posteriors of a linear model, ridge and lasso as MAP
estimates, Bayesian linear regression, standard errors and bootstrap intervals of fitted
coefficients, and the symmetries that make a network's parameters non-unique.

The model throughout is a linear model with Gaussian noise of known standard deviation
:math:`\sigma`, for ``X`` of shape ``(n, d)`` and ``y`` of shape ``(n,)``:

.. math:: y_i = \mathbf x_i \cdot \mathbf w + b + \varepsilon_i, \qquad
          \varepsilon_i \sim N(0, \sigma^2) \text{ independent.}

The intercept :math:`b` gets a flat prior (every value equally plausible), which is the
probabilistic reason why the course never penalizes it.

=============================  ===============================================================
``ridge_lambda``               :math:`\lambda = \sigma^2 / (n\tau^2)`: ridge is the MAP estimate
                               under :math:`\mathbf w \sim N(0, \tau^2 I)`
``lasso_lambda``               :math:`\lambda = 2\sigma^2 / (n\beta)`: the lasso is the MAP
                               estimate under independent Laplace priors of scale :math:`\beta`
``neg_log_posterior``          :math:`-\log p(\mathbf w, b \mid X, \mathbf y)` up to a constant
``BayesianLinearRegression``   the Gaussian posterior of :math:`(\mathbf w, b)` and the
                               posterior predictive distribution
``ols_standard_errors``        square roots of the diagonal of :math:`\hat\sigma^2 (A^\top A)^{-1}`
``bootstrap_rows``             row indices of bootstrap resamples
``bootstrap_coefficients``     least-squares fits on those resamples
``percentile_interval``        the central ``level`` interval of a sample
``permute_hidden_units``       reorder the units of a hidden layer (same function)
``flip_hidden_signs``          flip the signs of units (same function for odd activations: tanh)
``rescale_hidden_units``       rescale units (same function for ReLU)
``count_hidden_symmetries``    how many permutations and sign flips give the same function
=============================  ===============================================================

(The Laplace scale is written :math:`\beta` because :math:`b` is the intercept.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ._validation import (
    as_matrix,
    as_scalar,
    as_vector,
    as_xy,
    check_choice,
    check_count,
    check_fraction,
    check_positive,
    check_rng,
)
from .linear import _LinearModel

__all__ = [
    "BayesianLinearRegression",
    "bootstrap_coefficients",
    "bootstrap_rows",
    "count_hidden_symmetries",
    "flip_hidden_signs",
    "lasso_lambda",
    "neg_log_posterior",
    "ols_standard_errors",
    "percentile_interval",
    "permute_hidden_units",
    "rescale_hidden_units",
    "ridge_lambda",
]


# ----------------------------------------------------------------------- MAP = penalized fit


def ridge_lambda(noise_std: float, prior_std: float, n_samples: int) -> float:
    r"""The ridge penalty whose minimizer is the MAP estimate under a Gaussian prior.

    With noise :math:`N(0, \sigma^2)`, the prior :math:`\mathbf w \sim N(0, \tau^2 I)` and a flat
    prior on :math:`b`, the negative log posterior is
    :math:`\frac{n}{2\sigma^2}\big(\mathrm{MSE} + \frac{\sigma^2}{n\tau^2}\lVert\mathbf w\rVert^2\big)`
    plus a constant, so the MAP estimate is the course's ridge fit with

    .. math:: \lambda = \frac{\sigma^2}{n \tau^2}.

    scikit-learn's ``Ridge(alpha)`` penalizes the *sum* of squares, so its ``alpha`` is
    :math:`n\lambda = \sigma^2/\tau^2`.

    Parameters
    ----------
    noise_std : float
        :math:`\sigma > 0`.
    prior_std : float
        :math:`\tau > 0`.
    n_samples : int
        :math:`n`, the number of training rows.

    Returns
    -------
    float

    Examples
    --------
    >>> ridge_lambda(noise_std=1.0, prior_std=0.5, n_samples=40)
    0.1
    """
    sigma = check_positive(noise_std, "noise_std")
    tau = check_positive(prior_std, "prior_std")
    n = check_count(n_samples, "n_samples")
    return sigma**2 / (n * tau**2)


def lasso_lambda(noise_std: float, laplace_scale: float, n_samples: int) -> float:
    r"""The lasso penalty whose minimizer is the MAP estimate under Laplace priors.

    With noise :math:`N(0, \sigma^2)`, independent priors
    :math:`p(w_j) = \frac{1}{2\beta} e^{-\lvert w_j \rvert / \beta}` and a flat prior on :math:`b`,
    the negative log posterior is
    :math:`\frac{n}{2\sigma^2}\big(\mathrm{MSE} + \frac{2\sigma^2}{n\beta}\lVert\mathbf w\rVert_1\big)`
    plus a constant, so the MAP estimate is the course's lasso fit with

    .. math:: \lambda = \frac{2\sigma^2}{n \beta}.

    scikit-learn's ``Lasso(alpha)`` minimizes :math:`\frac{1}{2n}\lVert\mathbf r\rVert^2 +
    \alpha\lVert\mathbf w\rVert_1`, half of the course's objective, so its ``alpha`` is
    :math:`\lambda / 2 = \sigma^2 / (n\beta)`.

    Parameters
    ----------
    noise_std : float
        :math:`\sigma > 0`.
    laplace_scale : float
        :math:`\beta > 0` (the prior standard deviation is :math:`\sqrt2\,\beta`).
    n_samples : int
        :math:`n`.

    Returns
    -------
    float

    Examples
    --------
    >>> lasso_lambda(noise_std=1.0, laplace_scale=0.5, n_samples=40)
    0.1
    """
    sigma = check_positive(noise_std, "noise_std")
    beta = check_positive(laplace_scale, "laplace_scale")
    n = check_count(n_samples, "n_samples")
    return 2.0 * sigma**2 / (n * beta)


PRIORS = ("gaussian", "laplace")


def neg_log_posterior(w, b: float, X, y, noise_std: float, prior: str = "gaussian",
                      prior_scale: float = 1.0) -> float:
    r"""Minus the log posterior density of :math:`(\mathbf w, b)`, without the terms that do not
    depend on them.

    .. math::
        -\log p(\mathbf w, b \mid X, \mathbf y) = \frac{1}{2\sigma^2}\lVert \mathbf y - X\mathbf w
        - b \rVert^2 + \begin{cases} \frac{1}{2\tau^2}\lVert \mathbf w \rVert_2^2 &
        \text{Gaussian prior, } \tau = \text{prior\_scale} \\
        \frac{1}{\beta}\lVert \mathbf w \rVert_1 & \text{Laplace prior, } \beta = \text{prior\_scale}
        \end{cases} + \text{const}

    The intercept has a flat prior and adds nothing. Dividing by :math:`n / (2\sigma^2)` gives the
    course's ridge or lasso objective with :func:`ridge_lambda` or :func:`lasso_lambda`.

    Parameters
    ----------
    w : array_like of shape (d,)
    b : float
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
    noise_std : float
        :math:`\sigma > 0`.
    prior : {"gaussian", "laplace"}
    prior_scale : float
        :math:`\tau` (Gaussian) or :math:`\beta` (Laplace), ``> 0``.

    Returns
    -------
    float
    """
    X, y = as_xy(X, y)
    w = as_vector(w, "w", X.shape[1], "the number of columns of X")
    b = as_scalar(b, "b")
    sigma = check_positive(noise_std, "noise_std")
    prior = check_choice(prior, "prior", PRIORS)
    scale = check_positive(prior_scale, "prior_scale")
    r = y - X @ w - b
    data_term = float(r @ r) / (2.0 * sigma**2)
    if prior == "gaussian":
        return data_term + float(w @ w) / (2.0 * scale**2)
    return data_term + float(np.sum(np.abs(w))) / scale


# --------------------------------------------------------------- Bayesian linear regression


class BayesianLinearRegression(_LinearModel):
    r"""The posterior of a linear model with a Gaussian prior on the weights and known noise.

    Prior :math:`\mathbf w \sim N(0, \tau^2 I)`, a flat prior on :math:`b`, noise
    :math:`N(0, \sigma^2)`. With the centred data :math:`X_c = X - \bar{\mathbf x}`,
    :math:`\mathbf y_c = \mathbf y - \bar y`, the squared error splits as
    :math:`\lVert \mathbf y_c - X_c \mathbf w \rVert^2 + n(\bar y - \bar{\mathbf x}\cdot\mathbf w - b)^2`,
    so the posterior factorizes:

    .. math::
        \mathbf w \mid \mathcal D \sim N(\mathbf m, S), \quad
        S = \Big(\frac{X_c^\top X_c}{\sigma^2} + \frac{I}{\tau^2}\Big)^{-1}, \quad
        \mathbf m = \frac{S X_c^\top \mathbf y_c}{\sigma^2}; \qquad
        b \mid \mathbf w, \mathcal D \sim N\Big(\bar y - \bar{\mathbf x}\cdot\mathbf w, \frac{\sigma^2}{n}\Big).

    The posterior mean :math:`\mathbf m` is the ridge fit with :func:`ridge_lambda`. At a new
    input :math:`\mathbf x` the function value :math:`f = \mathbf x\cdot\mathbf w + b` has mean
    :math:`\bar y + (\mathbf x - \bar{\mathbf x})\cdot\mathbf m` and variance
    :math:`(\mathbf x - \bar{\mathbf x})^\top S (\mathbf x - \bar{\mathbf x}) + \sigma^2/n`; a new
    observation adds the noise :math:`\sigma^2`. This equals :math:`\sigma^2 +
    \mathbf a^\top S_a \mathbf a` for the augmented input :math:`\mathbf a = (\mathbf x, 1)` and the
    posterior covariance :math:`S_a` of :math:`(\mathbf w, b)`.

    Parameters
    ----------
    noise_std : float
        :math:`\sigma > 0`, assumed known.
    prior_std : float
        :math:`\tau > 0`; ``numpy.inf`` gives a flat prior on the weights too (the posterior is
        then centred on the least-squares fit and needs :math:`X_c^\top X_c` invertible).

    Attributes
    ----------
    coef_ : ndarray of shape (d,)
        Posterior mean :math:`\mathbf m` of the weights.
    intercept_ : float
        Posterior mean of :math:`b`, :math:`\bar y - \bar{\mathbf x}\cdot\mathbf m`.
    coef_cov_ : ndarray of shape (d, d)
        Posterior covariance :math:`S` of the weights.
    intercept_var_ : float
        Posterior variance of :math:`b`, :math:`\sigma^2/n + \bar{\mathbf x}^\top S \bar{\mathbf x}`.
    x_mean_ : ndarray of shape (d,)
    n_train_ : int
    n_features_in_ : int
    """

    def __init__(self, noise_std: float = 1.0, prior_std: float = 1.0):
        self.noise_std = noise_std
        self.prior_std = prior_std

    def _scales(self) -> tuple[float, float]:
        sigma = check_positive(self.noise_std, "noise_std")
        if isinstance(self.prior_std, (int, float, np.floating)) and self.prior_std == np.inf:
            return sigma, np.inf
        return sigma, check_positive(self.prior_std, "prior_std")

    def fit(self, X, y) -> "BayesianLinearRegression":
        """Compute the posterior from ``X`` of shape ``(n, d)`` and ``y`` of shape ``(n,)``; return ``self``."""
        X, y = as_xy(X, y)
        sigma, tau = self._scales()
        n, d = X.shape
        x_mean, y_mean = X.mean(axis=0), y.mean()
        Xc, yc = X - x_mean, y - y_mean
        precision = Xc.T @ Xc / sigma**2 + (0.0 if tau == np.inf else 1.0 / tau**2) * np.eye(d)
        try:
            chol = np.linalg.cholesky(precision)
        except np.linalg.LinAlgError:
            raise ValueError(
                "the posterior is improper: with prior_std=inf the centred X must have full column rank"
            ) from None
        # S = (L L^T)^-1 from two triangular solves; symmetrize against rounding.
        inv_chol = np.linalg.solve(chol, np.eye(d))
        cov = inv_chol.T @ inv_chol
        self.coef_cov_ = (cov + cov.T) / 2.0
        self.coef_ = self.coef_cov_ @ (Xc.T @ yc) / sigma**2
        self.intercept_ = float(y_mean - x_mean @ self.coef_)
        self.intercept_var_ = float(sigma**2 / n + x_mean @ self.coef_cov_ @ x_mean)
        self.x_mean_ = x_mean
        self.n_train_ = n
        self.n_features_in_ = d
        return self

    def _check_X(self, X) -> np.ndarray:
        if not hasattr(self, "coef_"):
            raise ValueError("this BayesianLinearRegression is not fitted yet; call fit(X, y) first")
        X = as_matrix(X, "X")
        if X.shape[1] != self.coef_.shape[0]:
            raise ValueError(
                f"X must have shape (n_samples, {self.coef_.shape[0]}) like the data seen in fit; got {X.shape}"
            )
        return X

    def predict(self, X, return_std: bool = False, include_noise: bool = True):
        r"""Posterior predictive mean, and optionally its standard deviation, at the rows of ``X``.

        Parameters
        ----------
        X : array_like of shape (m, d)
        return_std : bool
            Also return the standard deviation.
        include_noise : bool
            ``True``: of a new observation :math:`y`,
            :math:`\sqrt{\sigma^2 + \sigma^2/n + (\mathbf x - \bar{\mathbf x})^\top S
            (\mathbf x - \bar{\mathbf x})}`. ``False``: of the function value
            :math:`f(\mathbf x) = \mathbf x\cdot\mathbf w + b`, without :math:`\sigma^2`.

        Returns
        -------
        mean : ndarray of shape (m,)
        std : ndarray of shape (m,), only when ``return_std``
        """
        X = self._check_X(X)
        mean = X @ self.coef_ + self.intercept_
        if not return_std:
            return mean
        sigma, _ = self._scales()
        D = X - self.x_mean_
        var = np.einsum("ij,jk,ik->i", D, self.coef_cov_, D) + sigma**2 / self.n_train_
        if include_noise:
            var = var + sigma**2
        return mean, np.sqrt(var)

    def sample_parameters(self, n_draws: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        r"""Draws of :math:`(\mathbf w, b)` from the joint posterior.

        :math:`\mathbf w = \mathbf m + L\mathbf z` with :math:`S = LL^\top`, then
        :math:`b = \bar y - \bar{\mathbf x}\cdot\mathbf w + (\sigma/\sqrt n)\, z_0`, with standard
        normal :math:`\mathbf z, z_0`.

        Parameters
        ----------
        n_draws : int
        rng : numpy.random.Generator

        Returns
        -------
        W : ndarray of shape (n_draws, d)
        b : ndarray of shape (n_draws,)
        """
        if not hasattr(self, "coef_"):
            raise ValueError("this BayesianLinearRegression is not fitted yet; call fit(X, y) first")
        k = check_count(n_draws, "n_draws")
        rng = check_rng(rng)
        sigma, _ = self._scales()
        d = self.coef_.shape[0]
        # eigh instead of cholesky: S may be nearly singular along well-determined directions.
        vals, vecs = np.linalg.eigh(self.coef_cov_)
        root = vecs * np.sqrt(np.clip(vals, 0.0, None))
        W = self.coef_ + rng.standard_normal((k, d)) @ root.T
        y_mean = self.intercept_ + self.x_mean_ @ self.coef_
        b = y_mean - W @ self.x_mean_ + sigma / np.sqrt(self.n_train_) * rng.standard_normal(k)
        return W, b


# --------------------------------------------------------- standard errors and the bootstrap


def _augmented(X: np.ndarray) -> np.ndarray:
    return np.column_stack([X, np.ones(X.shape[0])])


def ols_standard_errors(X, y) -> tuple[np.ndarray, float]:
    r"""Classical standard errors of the least-squares weights and intercept.

    With :math:`A = [X, \mathbf 1]` and :math:`\hat{\boldsymbol\theta} = (\hat{\mathbf w}, \hat b)`
    the least-squares fit, the noise variance is estimated from the residual sum of squares with
    :math:`n - d - 1` degrees of freedom, and

    .. math:: \widehat{\mathrm{Cov}}(\hat{\boldsymbol\theta}) = \hat\sigma^2 (A^\top A)^{-1}, \qquad
              \hat\sigma^2 = \frac{\lVert \mathbf y - A\hat{\boldsymbol\theta} \rVert^2}{n - d - 1}.

    The standard errors are the square roots of its diagonal. The formula assumes independent
    noise of the same variance for every row.

    Parameters
    ----------
    X : array_like of shape (n, d), with ``n > d + 1`` and ``[X, 1]`` of full column rank
    y : array_like of shape (n,)

    Returns
    -------
    se_w : ndarray of shape (d,)
    se_b : float
    """
    X, y = as_xy(X, y)
    n, d = X.shape
    if n <= d + 1:
        raise ValueError(f"X must have more rows than columns + 1 to estimate the noise; got shape {X.shape}")
    A = _augmented(X)
    theta, _, rank, _ = np.linalg.lstsq(A, y, rcond=None)
    if rank < d + 1:
        raise ValueError("X with a column of ones must have full column rank (no constant or duplicate columns)")
    r = y - A @ theta
    sigma2 = float(r @ r) / (n - d - 1)
    se = np.sqrt(sigma2 * np.diag(np.linalg.inv(A.T @ A)))
    return se[:d], float(se[d])


def bootstrap_rows(n_samples: int, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    r"""Row indices of ``n_boot`` bootstrap resamples: each row of the result holds ``n_samples``
    indices drawn uniformly from ``0 .. n_samples - 1`` with replacement.

    Parameters
    ----------
    n_samples : int
    n_boot : int
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of int, shape (n_boot, n_samples)
    """
    n = check_count(n_samples, "n_samples")
    B = check_count(n_boot, "n_boot")
    rng = check_rng(rng)
    return rng.integers(0, n, size=(B, n))


def bootstrap_coefficients(X, y, rows) -> tuple[np.ndarray, np.ndarray]:
    r"""Least-squares fits on bootstrap resamples of the rows (the "pairs" bootstrap).

    Resample :math:`k` is the data set :math:`(X[\text{rows}_k], \mathbf y[\text{rows}_k])`; its
    fit minimizes the MSE with an intercept, as :class:`paramcourse.linear.LinearRegression`:
    centre the resample, solve the normal equations :math:`X_c^\top X_c \mathbf w =
    X_c^\top \mathbf y_c`, and set :math:`b = \bar y - \bar{\mathbf x}\cdot\mathbf w`. All
    resamples are solved at once; if one is degenerate (its centred columns are linearly
    dependent), all are solved with pseudo-inverses, which give the minimum-norm weights.

    Parameters
    ----------
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
    rows : array_like of int, shape (n_boot, m)
        Row indices, e.g. from :func:`bootstrap_rows` (usually ``m = n``).

    Returns
    -------
    W : ndarray of shape (n_boot, d)
    b : ndarray of shape (n_boot,)
    """
    X, y = as_xy(X, y)
    rows = _rows(rows, X.shape[0])
    Xb, yb = X[rows], y[rows]                    # (B, m, d) and (B, m)
    x_mean, y_mean = Xb.mean(axis=1), yb.mean(axis=1)
    Xc = Xb - x_mean[:, None, :]
    XcT = Xc.transpose(0, 2, 1)
    rhs = XcT @ (yb - y_mean[:, None])[..., None]
    try:
        W = np.linalg.solve(XcT @ Xc, rhs)[..., 0]
    except np.linalg.LinAlgError:
        W = (np.linalg.pinv(Xc) @ (yb - y_mean[:, None])[..., None])[..., 0]
    return W, y_mean - np.einsum("bj,bj->b", x_mean, W)


def _rows(rows, n: int) -> np.ndarray:
    arr = np.asarray(rows)
    if arr.ndim != 2 or arr.shape[1] == 0 or arr.shape[0] == 0:
        raise ValueError(f"rows must have shape (n_boot, n_samples); got {arr.shape}")
    if not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"rows must hold integer row indices; got dtype {arr.dtype}")
    if arr.min() < 0 or arr.max() >= n:
        raise ValueError(f"rows must hold indices in 0..{n - 1}")
    return arr


def percentile_interval(samples, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    r"""The central ``level`` interval of a sample, per column: the quantiles
    :math:`(1 - \text{level})/2` and :math:`(1 + \text{level})/2` (NumPy's default linear
    interpolation, as ``np.percentile``).

    Applied to bootstrap replicates this is the bootstrap percentile interval
    (Efron and Tibshirani, 1993, ch. 13).

    Parameters
    ----------
    samples : array_like of shape (k,) or (k, d)
    level : float in (0, 1)

    Returns
    -------
    low, high : float or ndarray of shape (d,)
    """
    arr = np.asarray(samples, dtype=float)
    if arr.ndim not in (1, 2) or arr.shape[0] < 2:
        raise ValueError(f"samples must have shape (k,) or (k, d) with k >= 2; got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("samples contains NaN or infinite values")
    level = check_fraction(level, "level")
    low, high = np.quantile(arr, [(1.0 - level) / 2.0, (1.0 + level) / 2.0], axis=0)
    if arr.ndim == 1:
        return float(low), float(high)
    return low, high


# ---------------------------------------------------------------------------- identifiability


def _hidden(params, layer: int):
    from .mlp import _check_params

    params = _check_params(params)
    if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) or not 0 <= layer < len(params) - 1:
        raise ValueError(
            f"layer must be the index of a hidden layer, 0..{len(params) - 2}; got {layer!r}"
        )
    return [(W.copy(), b.copy()) for W, b in params], int(layer)


def permute_hidden_units(params, layer: int, order) -> list:
    r"""Reorder the units of hidden layer ``layer``: the network computes the same function.

    Unit :math:`j` of the new layer is unit ``order[j]`` of the old one: the columns of
    :math:`W_\ell` and the entries of :math:`b_\ell` are permuted, and the rows of
    :math:`W_{\ell+1}` with them, so every unit keeps its incoming and outgoing weights.

    Parameters
    ----------
    params : list of (W, b)
        As :func:`paramcourse.mlp.init_mlp` returns; not changed.
    layer : int
        Index of the hidden layer, ``0 .. len(params) - 2`` (0 is the first hidden layer, the
        output of ``params[0]``).
    order : array_like of int, shape (m,)
        A permutation of ``0 .. m - 1`` for the layer's width ``m``.

    Returns
    -------
    list of (W, b)
    """
    new, layer = _hidden(params, layer)
    m = new[layer][0].shape[1]
    order = np.asarray(order)
    is_permutation = (order.shape == (m,) and np.issubdtype(order.dtype, np.integer)
                      and np.array_equal(np.sort(order), np.arange(m)))
    if not is_permutation:
        raise ValueError(f"order must be a permutation of 0..{m - 1} (shape ({m},)); got {order!r}")
    W, b = new[layer]
    new[layer] = (W[:, order], b[order])
    W_next, b_next = new[layer + 1]
    new[layer + 1] = (W_next[order, :], b_next)
    return new


def flip_hidden_signs(params, layer: int, signs) -> list:
    r"""Multiply the incoming weights, bias and outgoing weights of chosen units by :math:`-1`.

    For an odd activation, :math:`\phi(-z) = -\phi(z)` (tanh), unit :math:`j` then outputs
    :math:`-h_j`, and its negated outgoing weights undo that: the function is unchanged. For ReLU
    it is not.

    Parameters
    ----------
    params : list of (W, b)
    layer : int
        Index of the hidden layer, ``0 .. len(params) - 2``.
    signs : array_like of shape (m,)
        Entries ``+1`` (keep) or ``-1`` (flip).

    Returns
    -------
    list of (W, b)
    """
    new, layer = _hidden(params, layer)
    m = new[layer][0].shape[1]
    signs = as_vector(signs, "signs", m, "the width of the layer")
    if not np.all(np.abs(signs) == 1.0):
        raise ValueError(f"signs must hold only +1 and -1; got {signs}")
    return _scale_unit(new, layer, signs, signs)


def rescale_hidden_units(params, layer: int, scales) -> list:
    r"""Multiply the incoming weights and bias of unit :math:`j` by :math:`c_j > 0` and divide its
    outgoing weights by :math:`c_j`.

    For a positively homogeneous activation, :math:`\phi(cz) = c\,\phi(z)` for :math:`c > 0`
    (ReLU), the function is unchanged: a continuous family of equivalent parameter vectors.
    For tanh it is not.

    Parameters
    ----------
    params : list of (W, b)
    layer : int
        Index of the hidden layer, ``0 .. len(params) - 2``.
    scales : array_like of shape (m,)
        Positive factors :math:`c_j`.

    Returns
    -------
    list of (W, b)
    """
    new, layer = _hidden(params, layer)
    m = new[layer][0].shape[1]
    scales = as_vector(scales, "scales", m, "the width of the layer")
    if not np.all(scales > 0):
        raise ValueError(f"scales must be positive; got {scales}")
    return _scale_unit(new, layer, scales, 1.0 / scales)


def _scale_unit(new: list, layer: int, incoming: np.ndarray, outgoing: np.ndarray) -> list:
    W, b = new[layer]
    new[layer] = (W * incoming[None, :], b * incoming)
    W_next, b_next = new[layer + 1]
    new[layer + 1] = (W_next * outgoing[:, None], b_next)
    return new


def count_hidden_symmetries(hidden_widths: Sequence[int], activation: str = "tanh") -> int:
    r"""The number of permutations and sign flips of hidden units that leave the function unchanged.

    Each hidden layer of width :math:`m` can be permuted in :math:`m!` ways; with tanh every unit
    can also flip sign, a factor :math:`2^m` (Bishop, 2006, sec. 5.1.1; Chen et al., 1993):

    .. math:: \prod_\ell m_\ell!\, 2^{m_\ell} \ \ (\tanh), \qquad \prod_\ell m_\ell! \ \ (\text{ReLU}).

    For a generic network (no two units alike, no zero weights) these give that many distinct
    parameter vectors. ReLU has no sign flips but a continuous family of rescalings
    (:func:`rescale_hidden_units`), which this count leaves out.

    Parameters
    ----------
    hidden_widths : sequence of int
        Widths :math:`m_\ell` of the hidden layers.
    activation : {"tanh", "relu"}

    Returns
    -------
    int

    Examples
    --------
    >>> count_hidden_symmetries([3], "tanh")
    48
    """
    widths = [check_count(m, f"hidden_widths[{i}]") for i, m in enumerate(hidden_widths)]
    activation = check_choice(activation, "activation", ("tanh", "relu"))
    total = 1
    for m in widths:
        total *= math.factorial(m) * (2**m if activation == "tanh" else 1)
    return total
