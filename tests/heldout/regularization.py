"""Held-out wrong implementations for the ``regularization`` assignment."""
from __future__ import annotations

import numpy as np

from . import collect, held_out


# ---------------------------------------------------------------- penalties

@held_out("l2_penalty", "uses the Euclidean norm of w instead of its square (lam * ||w|| rather "
          "than lam * sum(w**2))")
def l2_penalty_norm_not_squared(w, lam):
    return float(lam * np.linalg.norm(w))


@held_out("l2_penalty", "averages the squared weights (np.mean) instead of summing them, so the "
          "penalty is d times too small (right only when d == 1)")
def l2_penalty_mean(w, lam):
    return float(lam * np.mean(w ** 2))


@held_out("l1_penalty", "sums the weights without taking their absolute value, so negative "
          "weights lower the penalty (right only when no weight is negative)")
def l1_penalty_no_abs(w, lam):
    return float(lam * np.sum(w))


# ---------------------------------------------------------------- ridge

@held_out("ridge_loss", "penalizes the intercept too (adds lam * b**2), so the loss is only right "
          "when b == 0")
def ridge_loss_penalizes_intercept(w, b, X, y, lam):
    return float(np.mean((X @ w + b - y) ** 2) + lam * (np.sum(w ** 2) + b ** 2))


@held_out("ridge_gradient", "differentiates lam * sum(w**2) as lam * w instead of 2 * lam * w "
          "(the penalty part of grad_w is half the right size)")
def ridge_gradient_penalty_missing_two(w, b, X, y, lam):
    n = X.shape[0]
    r = X @ w + b - y
    return 2 / n * X.T @ r + lam * w, float(2 / n * np.sum(r))


@held_out("ridge_gradient", "computes the data part of grad_w as a (d, 1) column (X.T @ r[:, None]), "
          "which broadcasts against 2 * lam * w of shape (d,) into a (d, d) matrix")
def ridge_gradient_column_broadcast(w, b, X, y, lam):
    n = X.shape[0]
    r = X @ w + b - y
    return 2 / n * X.T @ r[:, None] + 2 * lam * w, float(2 / n * np.sum(r))


@held_out("ridge_closed_form", "appends a column of ones and solves the ridge system on it, so "
          "the intercept is penalized too (n * lam is added to its diagonal entry)")
def ridge_closed_form_penalizes_intercept(X, y, lam):
    n, d = X.shape
    Xa = np.hstack([X, np.ones((n, 1))])
    theta = np.linalg.solve(Xa.T @ Xa + n * lam * np.eye(d + 1), Xa.T @ y)
    return theta[:d], float(theta[d])


@held_out("ridge_closed_form", "adds lam * I instead of n * lam * I to Xc.T @ Xc, i.e. it solves "
          "the problem with the penalty scaled for the sum of squares rather than the mean")
def ridge_closed_form_lam_without_n(X, y, lam):
    d = X.shape[1]
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    w = np.linalg.solve(Xc.T @ Xc + lam * np.eye(d), Xc.T @ yc)
    return w, float(y_mean - x_mean @ w)


@held_out("ridge_closed_form", "sets the intercept to mean(y) without subtracting mean(X, axis=0) "
          "@ w, which is only right when the columns of X have zero mean")
def ridge_closed_form_intercept_is_mean_y(X, y, lam):
    n, d = X.shape
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    w = np.linalg.solve(Xc.T @ Xc + n * lam * np.eye(d), Xc.T @ yc)
    return w, float(y_mean)


# ---------------------------------------------------------------- soft threshold

@held_out("soft_threshold", "drops the sign: returns max(|z| - t, 0), so negative entries beyond "
          "the threshold come out positive")
def soft_threshold_loses_sign(z, t):
    return np.maximum(np.abs(z) - t, 0.0)


@held_out("soft_threshold", "implements hard thresholding: zeroes entries with |z| <= t but does "
          "not shrink the others towards zero by t")
def soft_threshold_hard(z, t):
    return np.where(np.abs(z) > t, z, 0.0)


# ---------------------------------------------------------------- ISTA

@held_out("lasso_ista", "soft-thresholds by lam instead of learning_rate * lam, so the shrinkage "
          "per step ignores the step size and the fixed point is the wrong lasso solution")
def lasso_ista_threshold_ignores_step(X, y, lam, learning_rate=None, n_steps=1000):
    n, d = X.shape
    if learning_rate is None:
        Xa = np.hstack([X, np.ones((n, 1))])
        learning_rate = 1.0 / (2.0 / n * np.linalg.norm(Xa, 2) ** 2)
    w, b = np.zeros(d), 0.0
    for _ in range(n_steps):
        r = X @ w + b - y
        gw, gb = 2 / n * X.T @ r, 2 / n * float(np.sum(r))
        z = w - learning_rate * gw
        w = np.sign(z) * np.maximum(np.abs(z) - lam, 0.0)
        b = b - learning_rate * gb
    return w, float(b)


@held_out("lasso_ista", "soft-thresholds the intercept as well as the weights, so the intercept "
          "is penalized (its update should be a plain gradient step)")
def lasso_ista_penalizes_intercept(X, y, lam, learning_rate=None, n_steps=1000):
    n, d = X.shape
    if learning_rate is None:
        Xa = np.hstack([X, np.ones((n, 1))])
        learning_rate = 1.0 / (2.0 / n * np.linalg.norm(Xa, 2) ** 2)
    w, b = np.zeros(d), 0.0
    t = learning_rate * lam
    for _ in range(n_steps):
        r = X @ w + b - y
        gw, gb = 2 / n * X.T @ r, 2 / n * float(np.sum(r))
        z = w - learning_rate * gw
        zb = b - learning_rate * gb
        w = np.sign(z) * np.maximum(np.abs(z) - t, 0.0)
        b = float(np.sign(zb) * max(abs(zb) - t, 0.0))
    return w, float(b)


@held_out("lasso_ista", "ignores the learning_rate argument and always uses 1 / L, so a "
          "step size passed in has no effect")
def lasso_ista_ignores_learning_rate(X, y, lam, learning_rate=None, n_steps=1000):
    n, d = X.shape
    Xa = np.hstack([X, np.ones((n, 1))])
    eta = 1.0 / (2.0 / n * np.linalg.norm(Xa, 2) ** 2)
    w, b = np.zeros(d), 0.0
    for _ in range(n_steps):
        r = X @ w + b - y
        gw, gb = 2 / n * X.T @ r, 2 / n * float(np.sum(r))
        z = w - eta * gw
        w = np.sign(z) * np.maximum(np.abs(z) - eta * lam, 0.0)
        b = b - eta * gb
    return w, float(b)


# Held-out mistakes whose hint names a catalogued mistake, each judged by reading the named
# hint against the true cause above: the same mistake, so naming it is right.
SAME_AS = {
    'l2_penalty_norm_not_squared': ('l2_norm',),
    'l2_penalty_mean': ('l2_mean',),
    'l1_penalty_no_abs': ('l1_no_abs',),
    'ridge_loss_penalizes_intercept': ('ridge_loss_penalized_b',),
    'ridge_gradient_penalty_missing_two': ('ridge_gradient_no_two',),
    'ridge_closed_form_penalizes_intercept': ('ridge_closed_form_penalized_b',),
    'ridge_closed_form_lam_without_n': ('ridge_closed_form_lam_not_n_lam',),
    'soft_threshold_loses_sign': ('soft_threshold_no_sign',),
    'soft_threshold_hard': ('soft_threshold_hard',),
    'lasso_ista_threshold_ignores_step': ('lasso_ista_threshold_lam',),
    'lasso_ista_penalizes_intercept': ('lasso_ista_penalized_b',),
    'lasso_ista_ignores_learning_rate': ('lasso_ista_ignores_lr',),
}

HELD_OUT = collect(globals())
