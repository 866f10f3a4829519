r"""Losses, their gradients, and the loss of the linear model seen as a function of its parameters.

Two views of a loss live here:

* **prediction view** (``y_true`` first, like scikit-learn's metrics): ``squared_error``,
  ``absolute_error``, ``binary_cross_entropy``, ``cross_entropy``, ``softmax_cross_entropy``
  and their gradients with respect to the predictions;
* **parameter view** of the linear model ``f(x) = x . w + b``: ``mse_loss(w, b, X, y)``,
  ``mse_gradient``, the loss surface over a grid of ``(w, b)`` and the least-squares fit.

Throughout, ``MSE(w, b) = (1/n) * sum_i (X[i] @ w + b - y[i])**2`` (no factor 1/2).
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    as_array,
    as_labels,
    as_matrix,
    as_scalar,
    as_vector,
    as_weights,
    as_xy,
    check_positive,
)

__all__ = [
    "absolute_error",
    "absolute_error_grad",
    "binary_cross_entropy",
    "compute_loss_surface",
    "cross_entropy",
    "least_squares_fit",
    "mse_gradient",
    "mse_hessian",
    "mse_loss",
    "sigmoid",
    "softmax",
    "softmax_cross_entropy",
    "smoothness_constant",
    "softmax_cross_entropy_grad",
    "squared_error",
    "squared_error_grad",
]


def _pair(y_true, y_pred, pred_name: str = "y_pred") -> tuple[np.ndarray, np.ndarray]:
    y_true = as_vector(y_true, "y_true")
    y_pred = as_vector(y_pred, pred_name, y_true.shape[0], "len(y_true)")
    return y_true, y_pred


# --------------------------------------------------------------------------- regression losses


def squared_error(y_true, y_pred) -> float:
    r"""Mean squared error :math:`\frac1n \sum_i (\hat y_i - y_i)^2`.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n,)

    Returns
    -------
    float
    """
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean((y_pred - y_true) ** 2))


def squared_error_grad(y_true, y_pred) -> np.ndarray:
    r"""Gradient of :func:`squared_error` with respect to ``y_pred``: :math:`\frac2n (\hat y - y)`.

    Returns
    -------
    ndarray of shape (n,)
    """
    y_true, y_pred = _pair(y_true, y_pred)
    return 2.0 * (y_pred - y_true) / y_true.shape[0]


def absolute_error(y_true, y_pred) -> float:
    r"""Mean absolute error :math:`\frac1n \sum_i |\hat y_i - y_i|`.

    Parameters
    ----------
    y_true, y_pred : array_like of shape (n,)

    Returns
    -------
    float
    """
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(np.abs(y_pred - y_true)))


def absolute_error_grad(y_true, y_pred) -> np.ndarray:
    r"""A subgradient of :func:`absolute_error` with respect to ``y_pred``.

    .. math:: g_i = \frac1n \operatorname{sign}(\hat y_i - y_i)

    ``|r|`` has no derivative at ``r = 0``; any value in ``[-1/n, 1/n]`` is a valid subgradient
    there, and this function returns 0 (the choice that makes a perfect fit a fixed point).

    Returns
    -------
    ndarray of shape (n,)
    """
    y_true, y_pred = _pair(y_true, y_pred)
    return np.sign(y_pred - y_true) / y_true.shape[0]


# ------------------------------------------------------------------------ classification losses


def sigmoid(z) -> np.ndarray:
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`, elementwise.

    Computed as :math:`1/(1+e^{-|z|})` for :math:`z \ge 0` and :math:`e^{-|z|}/(1+e^{-|z|})` for
    :math:`z < 0`, so that ``exp`` only ever sees a non-positive argument and cannot overflow.

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the same shape as ``z``, values in ``[0, 1]``
    """
    z = as_array(z, "z", allow_nonfinite=True)
    if np.any(np.isnan(z)):
        raise ValueError("z contains NaN values")
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def softmax(Z) -> np.ndarray:
    r"""Row-wise softmax :math:`p_{ij} = e^{Z_{ij}} / \sum_k e^{Z_{ik}}`.

    Each row is shifted by its maximum first; the result is unchanged (the shift cancels) and
    ``exp`` never overflows.

    Parameters
    ----------
    Z : array_like of shape (n, k)
        Logits, one row per sample.

    Returns
    -------
    ndarray of shape (n, k), rows summing to 1
    """
    return _softmax(as_matrix(Z, "Z", columns="n_classes"))


def _softmax(Z: np.ndarray) -> np.ndarray:
    # The unchecked body, for training loops that validated their arrays once (paramcourse.mlp).
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def binary_cross_entropy(y_true, p, eps: float = 1e-12) -> float:
    r"""Mean binary cross-entropy :math:`-\frac1n \sum_i [y_i \log p_i + (1 - y_i) \log(1 - p_i)]`.

    Parameters
    ----------
    y_true : array_like of shape (n,)
        Targets in ``[0, 1]`` (usually the labels 0 and 1).
    p : array_like of shape (n,)
        Predicted probabilities of class 1, in ``[0, 1]``.
    eps : float
        ``p`` is clipped to ``[eps, 1 - eps]`` so that a confident mistake costs a large finite
        loss instead of ``inf``.

    Returns
    -------
    float
    """
    y_true, p = _pair(y_true, p, "p")
    eps = as_scalar(eps, "eps")
    if not 0.0 <= eps < 0.5:
        raise ValueError(f"eps must lie in [0, 0.5); got {eps}")
    if np.any((y_true < 0) | (y_true > 1)):
        raise ValueError("y_true must hold values in [0, 1]")
    if np.any((p < 0) | (p > 1)):
        raise ValueError("p must hold probabilities in [0, 1]")
    p = np.clip(p, eps, 1.0 - eps)
    with np.errstate(divide="ignore"):
        # With eps=0 a probability of exactly 0 or 1 gives log(0) = -inf, multiplied by a zero
        # target weight; np.where keeps those terms at 0 instead of 0 * inf = nan.
        log_p = np.where(y_true > 0, np.log(p), 0.0)
        log_q = np.where(y_true < 1, np.log1p(-p), 0.0)
    return float(-np.mean(y_true * log_p + (1.0 - y_true) * log_q))


def cross_entropy(y_true, probs, eps: float = 1e-12) -> float:
    r"""Mean cross-entropy :math:`-\frac1n \sum_i \log P_{i, y_i}` for integer labels.

    Parameters
    ----------
    y_true : array_like of shape (n,)
        Integer class labels in ``0 .. k-1``.
    probs : array_like of shape (n, k)
        Predicted class probabilities, one row per sample.
    eps : float
        Probabilities are clipped below at ``eps`` so that a zero probability costs
        ``-log(eps)`` instead of ``inf``.

    Returns
    -------
    float
    """
    probs = as_matrix(probs, "probs", columns="n_classes")
    y_true = as_labels(y_true, "y_true", probs.shape[0], probs.shape[1])
    eps = check_positive(eps, "eps", allow_zero=True)
    if np.any((probs < 0) | (probs > 1)):
        raise ValueError("probs must hold probabilities in [0, 1]")
    picked = probs[np.arange(probs.shape[0]), y_true]
    with np.errstate(divide="ignore"):
        return float(-np.mean(np.log(np.maximum(picked, eps))))


def softmax_cross_entropy(y_true, logits) -> float:
    r"""Cross-entropy of :func:`softmax` probabilities, computed from the logits directly.

    .. math:: L = \frac1n \sum_i \Big(\log \sum_k e^{Z_{ik}} - Z_{i, y_i}\Big)

    Working with logits (the log-sum-exp form) avoids taking ``log`` of a probability that has
    rounded to 0.

    Parameters
    ----------
    y_true : array_like of shape (n,)
        Integer class labels in ``0 .. k-1``.
    logits : array_like of shape (n, k)

    Returns
    -------
    float
    """
    Z = as_matrix(logits, "logits", columns="n_classes")
    return _softmax_cross_entropy(as_labels(y_true, "y_true", Z.shape[0], Z.shape[1]), Z)


def _softmax_cross_entropy(y_true: np.ndarray, Z: np.ndarray) -> float:
    # Unchecked: integer labels (n,) in range and float logits (n, k), validated by the caller.
    shift = Z.max(axis=1)
    log_sum_exp = shift + np.log(np.exp(Z - shift[:, None]).sum(axis=1))
    return float(np.mean(log_sum_exp - Z[np.arange(Z.shape[0]), y_true]))


def softmax_cross_entropy_grad(y_true, logits) -> np.ndarray:
    r"""Gradient of :func:`softmax_cross_entropy` with respect to the logits: :math:`(P - Y)/n`.

    ``P = softmax(logits)`` and ``Y`` is the one-hot encoding of ``y_true``.

    Returns
    -------
    ndarray of shape (n, k)
    """
    Z = as_matrix(logits, "logits", columns="n_classes")
    return _softmax_cross_entropy_grad(as_labels(y_true, "y_true", Z.shape[0], Z.shape[1]), Z)


def _softmax_cross_entropy_grad(y_true: np.ndarray, Z: np.ndarray) -> np.ndarray:
    # Unchecked, as _softmax_cross_entropy.
    n = Z.shape[0]
    grad = _softmax(Z)
    grad[np.arange(n), y_true] -= 1.0
    return grad / n


# ------------------------------------------------------- the linear model's loss over (w, b)


def _check_linear(w, b, X, y):
    X, y = as_xy(X, y)
    return as_weights(w, X.shape[1]), as_scalar(b, "b"), X, y


def mse_loss(w, b, X, y) -> float:
    r"""Mean squared error of the linear model as a function of its parameters.

    .. math:: \mathrm{MSE}(w, b) = \frac1n \sum_{i=1}^n (x_i \cdot w + b - y_i)^2

    Parameters
    ----------
    w : array_like of shape (d,)
    b : float
    X : array_like of shape (n, d)
    y : array_like of shape (n,)

    Returns
    -------
    float
    """
    w, b, X, y = _check_linear(w, b, X, y)
    return float(np.mean((X @ w + b - y) ** 2))


def mse_gradient(w, b, X, y) -> tuple[np.ndarray, float]:
    r"""Gradient of :func:`mse_loss` with respect to ``w`` and ``b``.

    With residuals :math:`r = Xw + b - y`:

    .. math:: \nabla_w = \frac2n X^\top r, \qquad \frac{\partial}{\partial b} = \frac2n \sum_i r_i

    Returns
    -------
    grad_w : ndarray of shape (d,)
    grad_b : float
    """
    w, b, X, y = _check_linear(w, b, X, y)
    r = X @ w + b - y
    n = X.shape[0]
    return 2.0 * (X.T @ r) / n, float(2.0 * r.sum() / n)


def compute_loss_surface(X, y, w_values, b_values) -> dict[str, np.ndarray]:
    r"""The MSE of a one-feature linear model on a grid of slopes and intercepts.

    ``loss[i, j] = MSE(w_values[j], b_values[i])``: rows follow ``b``, columns follow ``w``,
    which is the layout ``matplotlib.pyplot.contour(w, b, loss)`` expects.

    Rather than looping over the grid, the loss is expanded around the means
    :math:`\bar x, \bar y`:

    .. math:: \mathrm{MSE}(w, b) = w^2 s_{xx} - 2 w s_{xy} + s_{yy} + (w \bar x + b - \bar y)^2

    with :math:`s_{xx}, s_{xy}, s_{yy}` the (1/n) variances and covariance. The first three
    terms depend on the slope only, the last one is the intercept's "miss" of the mean.

    Parameters
    ----------
    X : array_like of shape (n, 1)
    y : array_like of shape (n,)
    w_values : array_like of shape (n_w,)
    b_values : array_like of shape (n_b,)

    Returns
    -------
    dict
        ``w`` (n_w,), ``b`` (n_b,) and ``loss`` of shape (n_b, n_w).
    """
    X, y = as_xy(X, y)
    if X.shape[1] != 1:
        raise ValueError(f"X must have shape (n_samples, 1) (one feature); got {X.shape}")
    w = as_vector(w_values, "w_values").copy()
    b = as_vector(b_values, "b_values").copy()
    x = X[:, 0]
    x_mean, y_mean = x.mean(), y.mean()
    xc, yc = x - x_mean, y - y_mean
    s_xx, s_xy, s_yy = np.mean(xc * xc), np.mean(xc * yc), np.mean(yc * yc)

    slope_part = w**2 * s_xx - 2.0 * w * s_xy + s_yy
    # The slope part is a mean of squares, so >= 0; rounding can push it a hair below.
    slope_part = np.maximum(slope_part, 0.0)
    miss = w[None, :] * x_mean + b[:, None] - y_mean
    return {"w": w, "b": b, "loss": slope_part[None, :] + miss**2}


def least_squares_fit(X, y) -> tuple[np.ndarray, float]:
    r"""The exact minimizer of :func:`mse_loss`, the closed-form reference for gradient descent.

    Centring removes the intercept: with :math:`X_c = X - \bar x` and :math:`y_c = y - \bar y`,

    .. math:: w = \arg\min_w \lVert X_c w - y_c \rVert^2 \ \text{(the normal equations
              } X_c^\top X_c w = X_c^\top y_c\text{)}, \qquad b = \bar y - \bar x \cdot w

    solved with ``numpy.linalg.lstsq``, which is stabler than inverting :math:`X_c^\top X_c` and
    returns the minimum-norm solution when the features are linearly dependent.

    Parameters
    ----------
    X : array_like of shape (n, d)
    y : array_like of shape (n,)

    Returns
    -------
    w : ndarray of shape (d,)
    b : float
    """
    X, y = as_xy(X, y)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    w = np.linalg.lstsq(X - x_mean, y - y_mean, rcond=None)[0]
    return w, float(y_mean - x_mean @ w)


def mse_hessian(X) -> np.ndarray:
    r"""The Hessian of :func:`mse_loss` in :math:`\theta = (w, b)`: :math:`H = \frac2n A^\top A`, :math:`A = [X, \mathbf 1]`.

    The MSE is a quadratic in :math:`\theta`, so :math:`H` is the same at every point; it
    does not depend on ``y``.

    Parameters
    ----------
    X : array_like of shape (n, d)

    Returns
    -------
    ndarray of shape (d + 1, d + 1)
        Rows and columns in the order ``w_1, ..., w_d, b``.

    Examples
    --------
    >>> mse_hessian([[1.0], [3.0]])
    array([[10.,  4.],
           [ 4.,  2.]])
    """
    X = as_matrix(X, "X")
    A = np.column_stack([X, np.ones(X.shape[0])])
    return 2.0 * A.T @ A / X.shape[0]


def smoothness_constant(X) -> float:
    r"""The smoothness constant :math:`L` of the MSE of a linear model on ``X``: the largest
    eigenvalue of :func:`mse_hessian`, the Lipschitz constant of the gradient.

    Gradient descent with a fixed learning rate converges from every start exactly when
    :math:`0 < \eta < 2 / L`.

    Examples
    --------
    >>> round(smoothness_constant([[1.0], [3.0]]), 4)
    11.6569
    """
    return float(np.linalg.eigvalsh(mse_hessian(X))[-1])
