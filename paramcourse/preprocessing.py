r"""Preprocessing with the scikit-learn contract: statistics are learned by ``fit`` on training data
only, and ``transform`` applies them to any data. Also a correlation-based feature selector and
two data augmentations (shifted images, noisy copies).

==================  ==========================================================================
``Standardizer``    :math:`z_{ij} = (x_{ij} - \bar x_j) / s_j`, like ``StandardScaler``
``MinMaxScaler``    :math:`z_{ij} = (x_{ij} - \min_j) / (\max_j - \min_j)`, like scikit-learn's
``make_scaler``     a fresh scaler by name, one of :data:`SCALERS`
``condition_number``  :math:`\kappa` of the MSE Hessian: how much scaling slows gradient descent
``CorrelationSelector``  keep the ``k`` columns most correlated with ``y``
``shift_images``    augmentation: every image moved by whole pixels
``add_noise_copies``  augmentation: copies of ``X`` with Gaussian noise added
==================  ==========================================================================

A feature whose training values are all equal has no spread to divide by; both scalers then
divide by 1 instead (as scikit-learn does), so the column becomes zeros rather than NaN.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._validation import as_matrix, as_scalar, check_count, check_positive, check_rng, check_size_tuple

__all__ = [
    "SCALERS",
    "CorrelationSelector",
    "MinMaxScaler",
    "Standardizer",
    "add_noise_copies",
    "condition_number",
    "make_scaler",
    "shift_images",
]

#: The names :func:`make_scaler` knows, in the order the book compares them.
SCALERS: tuple[str, ...] = ("none", "standardize", "min-max")


class _Fitted:
    n_features_in_: int

    def _check_fitted(self, attribute: str) -> None:
        if not hasattr(self, attribute):
            raise ValueError(f"this {type(self).__name__} is not fitted yet; call fit(X) first")

    def _check_X(self, X) -> np.ndarray:
        X = as_matrix(X, "X")
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X must have shape (n_samples, {self.n_features_in_}); got {X.shape}")
        return X

    def fit_transform(self, X, y=None) -> np.ndarray:
        """``fit(X, y)`` followed by ``transform(X)``."""
        return self.fit(X, y).transform(X)


class Standardizer(_Fitted):
    r"""Standardize features with the mean and standard deviation of the training data.

    .. math:: z_{ij} = \frac{x_{ij} - \bar x_j}{s_j}, \qquad
              \bar x_j = \frac1n \sum_i x_{ij}, \quad
              s_j = \sqrt{\frac1n \sum_i (x_{ij} - \bar x_j)^2}

    (the population standard deviation, as in scikit-learn's ``StandardScaler``). A column
    with :math:`s_j = 0` is divided by 1.

    Parameters
    ----------
    with_mean : bool
        Subtract :math:`\bar x_j` (otherwise ``mean_`` is zeros and the columns are only scaled).
    with_std : bool
        Divide by :math:`s_j` (otherwise ``scale_`` is ones).

    Attributes
    ----------
    mean_ : ndarray of shape (d,)
        :math:`\bar x_j` of the training data (zeros when ``with_mean=False``).
    scale_ : ndarray of shape (d,)
        The divisor: :math:`s_j`, or 1 where :math:`s_j = 0` or ``with_std=False``.
    var_ : ndarray of shape (d,)
        :math:`s_j^2` of the training data.
    n_features_in_ : int
    """

    def __init__(self, with_mean: bool = True, with_std: bool = True):
        self.with_mean = with_mean
        self.with_std = with_std

    def fit(self, X, y=None) -> "Standardizer":
        """Learn ``mean_``, ``var_`` and ``scale_`` from ``X`` of shape ``(n, d)``; returns ``self``."""
        X = as_matrix(X, "X")
        self.n_features_in_ = X.shape[1]
        mean = X.mean(axis=0)
        self.var_ = X.var(axis=0)
        self.mean_ = mean if self.with_mean else np.zeros(X.shape[1])
        std = np.sqrt(self.var_)
        # a constant column (up to rounding) is divided by 1, as in scikit-learn
        constant = std <= 10 * np.finfo(float).eps * np.maximum(np.abs(mean), 1.0)
        self.scale_ = np.where(constant, 1.0, std) if self.with_std else np.ones(X.shape[1])
        return self

    def transform(self, X) -> np.ndarray:
        """:math:`(X - \\mu) / \\sigma` with the training statistics, shape ``(n, d)``."""
        self._check_fitted("scale_")
        return (self._check_X(X) - self.mean_) / self.scale_

    def inverse_transform(self, Z) -> np.ndarray:
        """Undo :meth:`transform`: :math:`Z \\sigma + \\mu`."""
        self._check_fitted("scale_")
        return self._check_X(Z) * self.scale_ + self.mean_


class MinMaxScaler(_Fitted):
    r"""Rescale every feature linearly so that its training values span ``feature_range``.

    .. math:: z_{ij} = a + (b - a)\,\frac{x_{ij} - m_j}{M_j - m_j}, \qquad
              m_j = \min_i x_{ij}, \quad M_j = \max_i x_{ij}

    A column with :math:`M_j = m_j` is divided by 1. New data may fall outside ``[a, b]``.

    Parameters
    ----------
    feature_range : (float, float)
        The target interval ``(a, b)``, ``a < b``.

    Attributes
    ----------
    data_min_, data_max_ : ndarray of shape (d,)
    scale_ : ndarray of shape (d,)
        :math:`(b - a) / (M_j - m_j)` (or :math:`b - a` for a constant column).
    min_ : ndarray of shape (d,)
        :math:`a - m_j \cdot \text{scale}_j`, so that ``transform(X) = X * scale_ + min_``.
    n_features_in_ : int
    """

    def __init__(self, feature_range: tuple[float, float] = (0.0, 1.0)):
        self.feature_range = feature_range

    def fit(self, X, y=None) -> "MinMaxScaler":
        """Learn the minimum and maximum of every column of ``X``; returns ``self``."""
        try:
            a, b = (as_scalar(v, "feature_range") for v in self.feature_range)
        except TypeError:
            raise ValueError(f"feature_range must be a pair (a, b); got {self.feature_range!r}") from None
        if not a < b:
            raise ValueError(f"feature_range must satisfy a < b; got {self.feature_range!r}")
        X = as_matrix(X, "X")
        self.n_features_in_ = X.shape[1]
        self.data_min_, self.data_max_ = X.min(axis=0), X.max(axis=0)
        span = self.data_max_ - self.data_min_
        span = np.where(span <= 10 * np.finfo(float).eps * np.maximum(np.abs(self.data_max_), 1.0), 1.0, span)
        self.scale_ = (b - a) / span
        self.min_ = a - self.data_min_ * self.scale_
        return self

    def transform(self, X) -> np.ndarray:
        """``X * scale_ + min_``, shape ``(n, d)``."""
        self._check_fitted("scale_")
        return self._check_X(X) * self.scale_ + self.min_


def make_scaler(name: str) -> Standardizer | MinMaxScaler | None:
    """A fresh, unfitted scaler by name, so that the scaling can be searched like any hyperparameter.

    Parameters
    ----------
    name : {"none", "standardize", "min-max"}
        One of :data:`SCALERS`: no scaling (``None``), :class:`Standardizer` or
        :class:`MinMaxScaler` onto ``[0, 1]``.

    Returns
    -------
    Standardizer, MinMaxScaler or None

    Examples
    --------
    >>> make_scaler("min-max").fit([[0.0], [4.0]]).transform([[1.0]])
    array([[0.25]])
    """
    if name == "none":
        return None
    if name == "standardize":
        return Standardizer()
    if name == "min-max":
        return MinMaxScaler()
    raise ValueError(f"name must be one of {SCALERS}; got {name!r}")


def condition_number(X) -> float:
    r"""The condition number :math:`\kappa = h_{\max} / h_{\min}` of the Hessian of the MSE on ``X``.

    For a linear model the Hessian is :math:`H = \frac2n A^\top A` with :math:`A = [X, \mathbf 1]`
    (:func:`paramcourse.losses.mse_hessian`), whatever the weights and the targets, and
    :math:`h_{\max} \ge h_{\min}` are its extreme eigenvalues. Gradient descent with
    :math:`\eta = 1/h_{\max}` shrinks the error along the flattest direction by only
    :math:`1 - 1/\kappa` per step, so :math:`\kappa` counts roughly how many steps a factor
    :math:`e` takes. Rescaling the columns of ``X`` changes :math:`\kappa`; the factor 2 does not.

    Parameters
    ----------
    X : array_like of shape (n, d)

    Returns
    -------
    float
        :math:`\kappa \ge 1`, or ``inf`` when :math:`H` is singular (a constant column, or
        fewer rows than parameters).

    Examples
    --------
    >>> round(condition_number([[-1.0], [1.0]]), 6)
    1.0
    >>> round(condition_number([[9.0], [11.0]]))
    10402
    """
    from paramcourse.losses import mse_hessian

    eig = np.linalg.eigvalsh(mse_hessian(as_matrix(X, "X")))
    return float(eig[-1] / eig[0]) if eig[0] > 1e-12 * eig[-1] else float("inf")


class CorrelationSelector(_Fitted):
    r"""Keep the ``k`` features with the largest absolute correlation with the target.

    .. math:: r_j = \frac{\sum_i (x_{ij} - \bar x_j)(y_i - \bar y)}
                         {\sqrt{\sum_i (x_{ij} - \bar x_j)^2 \sum_i (y_i - \bar y)^2}}

    The ranking by :math:`\lvert r_j \rvert` is the ranking by scikit-learn's
    ``f_regression`` F statistic, :math:`F_j = (n - 2) r_j^2 / (1 - r_j^2)`, which
    ``SelectKBest(f_regression, k=k)`` uses. Class labels ``0``/``1`` work as ``y``.

    Attributes
    ----------
    correlations_ : ndarray of shape (d,)
        :math:`r_j` on the training data (0 for a constant column).
    support_ : ndarray of shape (k,)
        Indices of the kept columns, in increasing order.
    n_features_in_ : int
    """

    def __init__(self, k: int = 10):
        self.k = k

    def fit(self, X, y) -> "CorrelationSelector":
        """Rank the columns of ``X`` by :math:`\\lvert r_j \\rvert` against ``y``; returns ``self``."""
        X = as_matrix(X, "X")
        y = np.asarray(y, dtype=float)
        if y.shape != (X.shape[0],):
            raise ValueError(f"y must have shape ({X.shape[0]},) (X.shape[0]); got {y.shape}")
        k = check_count(self.k, "k")
        if k > X.shape[1]:
            raise ValueError(f"k must be at most the number of features {X.shape[1]}; got {k}")
        Xc, yc = X - X.mean(axis=0), y - y.mean()
        norms = np.sqrt((Xc**2).sum(axis=0) * (yc**2).sum())
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.where(norms > 0, Xc.T @ yc / np.where(norms > 0, norms, 1.0), 0.0)
        self.n_features_in_ = X.shape[1]
        self.correlations_ = r
        self.support_ = np.sort(np.argsort(-np.abs(r), kind="stable")[:k])
        return self

    def transform(self, X) -> np.ndarray:
        """The kept columns of ``X``, shape ``(n, k)``."""
        self._check_fitted("support_")
        return self._check_X(X)[:, self.support_]


def shift_images(X, image_shape: Sequence[int] = (8, 8),
                 shifts: Sequence[tuple[int, int]] = ((0, 1), (0, -1), (1, 0), (-1, 0))) -> np.ndarray:
    r"""Move every image by whole pixels; pixels shifted in from the border are 0.

    Parameters
    ----------
    X : array_like of shape (n, h * w)
        One flattened image per row (row-major, as :func:`paramcourse.data.load_digits` gives them).
    image_shape : (int, int)
        ``(h, w)``.
    shifts : sequence of (int, int)
        ``(down, right)`` offsets in pixels; ``(0, 1)`` moves the image one pixel right.

    Returns
    -------
    ndarray of shape (len(shifts) * n, h * w)
        The shifted copies, all images for the first shift, then for the second, and so on.
        Repeat the labels with ``np.tile(y, len(shifts))``.
    """
    h, w = check_size_tuple(image_shape, "image_shape", 2)
    X = as_matrix(X, "X", columns="h * w")
    if X.shape[1] != h * w:
        raise ValueError(f"X must have shape (n_samples, {h * w}) for images of shape {(h, w)}; got {X.shape}")
    images = X.reshape(-1, h, w)
    out = []
    for shift in shifts:
        try:
            dy, dx = (int(s) for s in shift)
        except (TypeError, ValueError):
            raise ValueError(f"shifts must hold pairs of integers (down, right); got {shift!r}") from None
        if abs(dy) >= h or abs(dx) >= w:
            raise ValueError(f"a shift must be smaller than the image; got {shift!r} for shape {(h, w)}")
        moved = np.zeros_like(images)
        moved[:, max(dy, 0): h + min(dy, 0), max(dx, 0): w + min(dx, 0)] = \
            images[:, max(-dy, 0): h + min(-dy, 0), max(-dx, 0): w + min(-dx, 0)]
        out.append(moved.reshape(-1, h * w))
    if not out:
        raise ValueError("shifts must hold at least one shift")
    return np.concatenate(out)


def add_noise_copies(X, y, sigma: float, n_copies: int, *, rng: np.random.Generator):
    r"""Augment by noise injection: ``n_copies`` copies of the data with Gaussian input noise.

    .. math:: \tilde x^{(c)}_i = x_i + \sigma \varepsilon^{(c)}_i, \qquad
              \varepsilon^{(c)}_i \sim N(0, I_d), \qquad \tilde y^{(c)}_i = y_i

    For a linear model, least squares on infinitely many such copies is ridge regression with
    :math:`\lambda = \sigma^2` (Bishop, 1995): the expected squared error is
    :math:`\mathrm{E}(\tilde x^\top w + b - y)^2 = (x^\top w + b - y)^2 + \sigma^2 \lVert w \rVert^2`.

    Returns
    -------
    X_aug : ndarray of shape (n_copies * n, d)
    y_aug : ndarray of shape (n_copies * n,)
    """
    X = as_matrix(X, "X")
    y = np.asarray(y)
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) (X.shape[0]); got {y.shape}")
    s = check_positive(sigma, "sigma", allow_zero=True)
    c = check_count(n_copies, "n_copies")
    rng = check_rng(rng)
    X_aug = np.tile(X, (c, 1)) + s * rng.standard_normal((c * X.shape[0], X.shape[1]))
    return X_aug, np.tile(y, c)
