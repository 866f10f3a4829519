"""Correct and wrong answers to the ``regularization`` assignment (see ``__init__``)."""

from __future__ import annotations

import numpy as np

from . import collect, correct, mistake

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


# -------------------------------------------------------------------------------- mistakes


@mistake("l2_penalty", "square root")
def l2_norm(w, lam):
    """Uses the norm instead of the squared norm."""
    return lam * np.linalg.norm(w)


@mistake("l2_penalty", "multiplied by lam")
def l2_no_lam(w, lam):
    """Forgets lam."""
    return np.sum(w**2)


@mistake("l2_penalty", "factor 1/2")
def l2_half(w, lam):
    """Uses the 1/2 convention of some books."""
    return 0.5 * lam * np.sum(w**2)


@mistake("l2_penalty", "not the mean")
def l2_mean(w, lam):
    """Averages instead of summing."""
    return lam * np.mean(w**2)


@mistake("l1_penalty", "absolute value")
def l1_no_abs(w, lam):
    """Sums signed weights."""
    return lam * np.sum(w)


@mistake("l1_penalty", "absolute values")
def l1_squared(w, lam):
    """Squares instead of taking absolute values."""
    return lam * np.sum(w**2)


@mistake("l1_penalty", "not of their sum")
def l1_abs_of_sum(w, lam):
    """Absolute value of the sum."""
    return lam * abs(np.sum(w))


@mistake("ridge_loss", "intercept b must not be penalized")
def ridge_loss_penalized_b(w, b, X, y, lam):
    """Penalizes the intercept."""
    return _mse(w, b, X, y) + lam * (np.sum(w**2) + b**2)


@mistake("ridge_loss", "L1")
def ridge_loss_l1(w, b, X, y, lam):
    """Uses the L1 penalty."""
    return _mse(w, b, X, y) + lam * np.sum(np.abs(w))


@mistake("ridge_loss", "not their sum")
def ridge_loss_sse(w, b, X, y, lam):
    """Sum of squared residuals."""
    return np.sum((X @ w + b - y) ** 2) + lam * np.sum(w**2)


@mistake("ridge_gradient", "factor 2 is missing")
def ridge_gradient_no_two(w, b, X, y, lam):
    """Differentiates lam * w**2 to lam * w."""
    r = X @ w + b - y
    return 2 * X.T @ r / len(y) + lam * w, 2 * r.mean()


@mistake("ridge_gradient", "not penalized")
def ridge_gradient_penalized_b(w, b, X, y, lam):
    """Adds a penalty gradient for b."""
    r = X @ w + b - y
    return 2 * X.T @ r / len(y) + 2 * lam * w, 2 * r.mean() + 2 * lam * b


@mistake("ridge_gradient", "+ 2 * lam * w")
def ridge_gradient_penalty_sign(w, b, X, y, lam):
    """Subtracts the penalty gradient."""
    r = X @ w + b - y
    return 2 * X.T @ r / len(y) - 2 * lam * w, 2 * r.mean()


@mistake("ridge_closed_form", "n * lam")
def ridge_closed_form_lam_not_n_lam(X, y, lam):
    """Uses lam * I (the sum-of-squares convention)."""
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    w = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ yc)
    return w, y_mean - x_mean @ w


@mistake("ridge_closed_form", "penalized the intercept")
def ridge_closed_form_penalized_b(X, y, lam):
    """Appends a column of ones and penalizes it like the weights."""
    A = np.hstack([X, np.ones((X.shape[0], 1))])
    theta = np.linalg.solve(A.T @ A + len(y) * lam * np.eye(A.shape[1]), A.T @ y)
    return theta[:-1], theta[-1]


@mistake("ridge_closed_form", "intercept is missing")
def ridge_closed_form_no_b(X, y, lam):
    """No intercept at all."""
    w = np.linalg.solve(X.T @ X + len(y) * lam * np.eye(X.shape[1]), X.T @ y)
    return w, 0.0


@mistake("ridge_closed_form", "centre X and y")
def ridge_closed_form_uncentred(X, y, lam):
    """Solves on uncentred data, then patches b from the means (not the minimizer)."""
    w = np.linalg.solve(X.T @ X + len(y) * lam * np.eye(X.shape[1]), X.T @ y)
    return w, y.mean() - X.mean(axis=0) @ w


@mistake("soft_threshold", "negative entries")
def soft_threshold_one_sided(z, t):
    """Forgets negative entries."""
    return np.maximum(z - t, 0)


@mistake("soft_threshold", "exactly 0")
def soft_threshold_no_max(z, t):
    """Shrinks every entry, even past zero."""
    return z - t * np.sign(z)


@mistake("soft_threshold", "hard thresholding")
def soft_threshold_hard(z, t):
    """Keeps or zeroes without shrinking."""
    return np.where(np.abs(z) > t, z, 0.0)


@mistake("soft_threshold", "in place")
def soft_threshold_inplace(z, t):
    """Modifies z."""
    z[np.abs(z) <= t] = 0.0
    z -= t * np.sign(z)
    return z


@mistake("lasso_ista", "learning_rate * lam")
def lasso_ista_threshold_lam(X, y, lam, learning_rate=None, n_steps=1000):
    """Thresholds by lam instead of learning_rate * lam."""
    n, d = X.shape
    if learning_rate is None:
        A = np.hstack([X, np.ones((n, 1))])
        learning_rate = 1.0 / (2.0 / n * np.linalg.eigvalsh(A.T @ A).max())
    w, b = np.zeros(d), 0.0
    for _ in range(n_steps):
        r = X @ w + b - y
        w = soft_threshold_plain(w - learning_rate * 2 / n * X.T @ r, lam)
        b = b - learning_rate * 2 * r.mean()
    return w, b


@mistake("lasso_ista", "b was soft-thresholded")
def lasso_ista_penalized_b(X, y, lam, learning_rate=None, n_steps=1000):
    """Thresholds the intercept along with the weights."""
    n, d = X.shape
    A = np.hstack([X, np.ones((n, 1))])
    if learning_rate is None:
        learning_rate = 1.0 / (2.0 / n * np.linalg.eigvalsh(A.T @ A).max())
    theta = np.zeros(d + 1)
    for _ in range(n_steps):
        theta = soft_threshold_plain(theta - learning_rate * 2 / n * A.T @ (A @ theta - y), learning_rate * lam)
    return theta[:d], theta[d]


@mistake("lasso_ista", "subgradient")
def lasso_ista_subgradient(X, y, lam, learning_rate=None, n_steps=1000):
    """Subgradient descent: lam * sign(w) instead of a proximal step."""
    n, d = X.shape
    if learning_rate is None:
        A = np.hstack([X, np.ones((n, 1))])
        learning_rate = 1.0 / (2.0 / n * np.linalg.eigvalsh(A.T @ A).max())
    w, b = np.zeros(d), 0.0
    for _ in range(n_steps):
        r = X @ w + b - y
        w = w - learning_rate * (2 / n * X.T @ r + lam * np.sign(w))
        b = b - learning_rate * 2 * r.mean()
    return w, b


@mistake("lasso_ista", "factor 2")
def lasso_ista_half_gradient(X, y, lam, learning_rate=None, n_steps=1000):
    """Uses (1/n) X^T r as the MSE gradient."""
    n, d = X.shape
    if learning_rate is None:
        A = np.hstack([X, np.ones((n, 1))])
        learning_rate = 1.0 / (2.0 / n * np.linalg.eigvalsh(A.T @ A).max())
    w, b = np.zeros(d), 0.0
    for _ in range(n_steps):
        r = X @ w + b - y
        w = soft_threshold_plain(w - learning_rate / n * X.T @ r, learning_rate * lam)
        b = b - learning_rate * r.mean()
    return w, b


@mistake("lasso_ista", "learning_rate was ignored")
def lasso_ista_ignores_lr(X, y, lam, learning_rate=None, n_steps=1000):
    """Always uses 1/L."""
    return lasso_ista_joint(X, y, lam, None, n_steps)


@mistake("lasso_ista", "n_steps was ignored")
def lasso_ista_ignores_steps(X, y, lam, learning_rate=None, n_steps=1000):
    """Always takes 5000 steps."""
    return lasso_ista_joint(X, y, lam, learning_rate, 5000)


@mistake("lasso_ista", "in place")
def lasso_ista_centres_in_place(X, y, lam, learning_rate=None, n_steps=1000):
    """Centres the caller's X and y in place."""
    x_mean, y_mean = X.mean(axis=0), y.mean()
    X -= x_mean
    y -= y_mean
    w = np.asarray(lasso_ista_centred(X, y, lam, learning_rate, n_steps)[0])
    return w, y_mean - x_mean @ w


CORRECT, MISTAKES = collect(globals())
