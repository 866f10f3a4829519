"""Correct answers to the ``regularization`` assignment in several styles (see ``__init__``)."""

from __future__ import annotations

import numpy as np

from . import collect, correct

# --------------------------------------------------------------------------------- correct


@correct("l2_penalty")
def l2_vectorized(w, lam):
    return lam * np.sum(w**2)


@correct("l2_penalty")
def l2_norm_squared(w, lam):
    """Squared Euclidean norm; a NumPy scalar."""
    return lam * np.linalg.norm(w) ** 2


@correct("l2_penalty")
def l2_loop(w, lam):
    total = 0
    for weight in w:
        total += weight * weight
    return float(lam * total)


@correct("l1_penalty")
def l1_vectorized(w, lam):
    return lam * np.abs(w).sum()


@correct("l1_penalty")
def l1_norm(w, lam):
    return lam * np.linalg.norm(w, ord=1)


@correct("l1_penalty")
def l1_loop(w, lam):
    return lam * sum(weight if weight > 0 else -weight for weight in w)


def _mse(w, b, X, y):
    return np.mean((X @ w + b - y) ** 2)


@correct("ridge_loss")
def ridge_loss_plain(w, b, X, y, lam):
    return _mse(w, b, X, y) + lam * np.sum(w**2)


@correct("ridge_loss")
def ridge_loss_einsum(w, b, X, y, lam):
    r = np.einsum("ij,j->i", X, w) + b - y
    return np.asarray(r @ r / len(y) + lam * w @ w)


@correct("ridge_gradient")
def ridge_gradient_plain(w, b, X, y, lam):
    r = X @ w + b - y
    return 2 * X.T @ r / len(y) + 2 * lam * w, 2 * r.mean()


@correct("ridge_gradient")
def ridge_gradient_loop(w, b, X, y, lam):
    """Loops; returns a list and a Python float."""
    n, d = X.shape
    r = [float(X[i] @ w + b - y[i]) for i in range(n)]
    grad_w = [sum(2 * r[i] * X[i, j] for i in range(n)) / n + 2 * lam * w[j] for j in range(d)]
    return grad_w, 2 * sum(r) / n


@correct("ridge_closed_form")
def ridge_closed_form_centred(X, y, lam):
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    w = np.linalg.solve(Xc.T @ Xc + len(y) * lam * np.eye(X.shape[1]), Xc.T @ yc)
    return w, y_mean - x_mean @ w


@correct("ridge_closed_form")
def ridge_closed_form_augmented(X, y, lam):
    """One linear system in (w, b) with a penalty matrix that leaves b out."""
    n, d = X.shape
    A = np.hstack([X, np.ones((n, 1))])
    P = np.eye(d + 1)
    P[d, d] = 0.0
    theta = np.linalg.lstsq(A.T @ A + n * lam * P, A.T @ y, rcond=None)[0]
    return theta[:d], theta[d]


@correct("ridge_closed_form")
def ridge_closed_form_svd(X, y, lam):
    """Through the SVD of the centred data: w = V diag(s / (s^2 + n lam)) U^T yc."""
    x_mean = X.mean(axis=0)
    U, s, Vt = np.linalg.svd(X - x_mean, full_matrices=False)
    denom = s**2 + len(y) * lam
    factors = np.divide(s, denom, out=np.zeros_like(s), where=denom > 1e-12)
    w = Vt.T @ (factors * (U.T @ (y - y.mean())))
    return w, float(y.mean() - x_mean @ w)


@correct("soft_threshold")
def soft_threshold_plain(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0)


@correct("soft_threshold")
def soft_threshold_where(z, t):
    return np.where(z > t, z - t, np.where(z < -t, z + t, 0.0))


@correct("soft_threshold")
def soft_threshold_clip(z, t):
    """z minus its projection onto [-t, t]."""
    return z - np.clip(z, -t, t)


@correct("soft_threshold")
def soft_threshold_list(z, t):
    """A flat loop for 1-D input; a list is accepted where the result is 1-D."""
    if np.ndim(z) != 1:
        return soft_threshold_plain(z, t)
    out = []
    for value in z:
        if value > t:
            out.append(value - t)
        elif value < -t:
            out.append(value + t)
        else:
            out.append(0.0)
    return out


@correct("lasso_ista")
def lasso_ista_joint(X, y, lam, learning_rate=None, n_steps=1000):
    """ISTA on (w, b) together; L from the augmented matrix [X, 1]."""
    n, d = X.shape
    if learning_rate is None:
        A = np.hstack([X, np.ones((n, 1))])
        learning_rate = 1.0 / (2.0 / n * np.linalg.eigvalsh(A.T @ A).max())
    w, b = np.zeros(d), 0.0
    for _ in range(n_steps):
        r = X @ w + b - y
        w = soft_threshold_plain(w - learning_rate * 2 / n * X.T @ r, learning_rate * lam)
        b = b - learning_rate * 2 * r.mean()
    return w, b


@correct("lasso_ista")
def lasso_ista_centred(X, y, lam, learning_rate=None, n_steps=1000):
    """ISTA on centred data, b recovered at the end; L from the centred Gram matrix."""
    n = X.shape[0]
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    if learning_rate is None:
        learning_rate = n / (2 * np.linalg.norm(Xc, 2) ** 2)
    w = np.zeros(X.shape[1])
    for _ in range(n_steps):
        grad = 2 / n * Xc.T @ (Xc @ w - yc)
        w = soft_threshold_clip(w - learning_rate * grad, learning_rate * lam)
    return list(w), np.float64(y_mean - x_mean @ w)


@correct("lasso_ista")
def lasso_ista_exact_b(X, y, lam, learning_rate=None, n_steps=1000):
    """Sets b to its best value for the current w at each step (a block update)."""
    n = X.shape[0]
    if learning_rate is None:
        A = np.column_stack([X, np.ones(n)])
        learning_rate = n / (2 * np.linalg.svd(A, compute_uv=False)[0] ** 2)
    w = np.zeros(X.shape[1])
    b = y.mean()
    for _ in range(n_steps):
        grad = 2 / n * X.T @ (X @ w + b - y)
        w = soft_threshold_where(w - learning_rate * grad, learning_rate * lam)
        b = np.mean(y - X @ w)
    return w, b


CORRECT = collect(globals())
