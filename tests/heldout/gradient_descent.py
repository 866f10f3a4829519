"""Held-out wrong implementations for the ``gradient_descent`` assignment."""
from __future__ import annotations

import numpy as np

from . import collect, held_out


# ---------------------------------------------------------------- mse_loss

@held_out("mse_loss", "uses np.var of the residuals, which subtracts their mean, so any constant "
          "offset between predictions and targets (for example a wrong intercept) is not counted")
def mse_loss_var_of_residuals(w, b, X, y):
    return float(np.var(X @ w + b - y))


@held_out("mse_loss", "multiplies the mean of the squared residuals by 1/2, but the course's MSE "
          "has no factor 1/2")
def mse_loss_half(w, b, X, y):
    return float(0.5 * np.mean((X @ w + b - y) ** 2))


@held_out("mse_loss", "sums the squared residuals instead of averaging them, so the loss is n "
          "times too large")
def mse_loss_sum(w, b, X, y):
    return float(np.sum((X @ w + b - y) ** 2))


@held_out("mse_loss", "leaves the intercept b out of the predictions, so the loss is only right "
          "when b == 0")
def mse_loss_ignores_intercept(w, b, X, y):
    return float(np.mean((X @ w - y) ** 2))


@held_out("mse_loss", "turns the predictions into an (n, 1) column, so subtracting y of shape (n,) "
          "broadcasts to an (n, n) matrix of all prediction/target pairs and the mean is taken "
          "over n*n differences (right only when n == 1)")
def mse_loss_column_broadcast(w, b, X, y):
    pred = X @ w.reshape(-1, 1) + b
    return float(np.mean((pred - y) ** 2))


# ---------------------------------------------------------------- mse_gradient

@held_out("mse_gradient", "divides the gradient by the number of features d instead of the "
          "number of samples n")
def mse_gradient_divides_by_d(w, b, X, y):
    n, d = X.shape
    r = X @ w + b - y
    return 2 / d * X.T @ r, float(2 / d * np.sum(r))


@held_out("mse_gradient", "drops the factor 2 from the derivative of the square, so both "
          "gradients are half the right size")
def mse_gradient_missing_two(w, b, X, y):
    n = X.shape[0]
    r = X @ w + b - y
    return X.T @ r / n, float(np.sum(r) / n)


@held_out("mse_gradient", "leaves the intercept b out of the residuals, so the gradient is only "
          "right when b == 0")
def mse_gradient_residual_without_b(w, b, X, y):
    n = X.shape[0]
    r = X @ w - y
    return 2 / n * X.T @ r, float(2 / n * np.sum(r))


@held_out("mse_gradient", "returns grad_w as a (d, 1) column (it multiplies X.T by the residuals "
          "as an (n, 1) column) instead of a vector of shape (d,)")
def mse_gradient_column(w, b, X, y):
    n = X.shape[0]
    r = (X @ w + b - y).reshape(-1, 1)
    return 2 / n * X.T @ r, float(2 / n * np.sum(r))


@held_out("mse_gradient", "squeezes the residuals, which turns them into a 0-d scalar when "
          "n == 1, so X.T @ r raises on a one-sample input (the values are right otherwise)")
def mse_gradient_squeezed_residuals(w, b, X, y):
    n = X.shape[0]
    r = np.squeeze(X @ w + b - y)
    return 2 / n * X.T @ r, float(2 / n * np.sum(r))


# ---------------------------------------------------------------- gradient_descent

@held_out("gradient_descent", "stops early as soon as the loss does not decrease, so it returns "
          "fewer than n_steps + 1 losses (and stale parameters) when the loss plateaus or grows")
def gradient_descent_stops_early(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [float(np.mean((X @ w + b - y) ** 2))]
    for _ in range(n_steps):
        r = X @ w + b - y
        gw, gb = 2 / len(y) * X.T @ r, 2 / len(y) * float(np.sum(r))
        w, b = w - learning_rate * gw, b - learning_rate * gb
        losses.append(float(np.mean((X @ w + b - y) ** 2)))
        if losses[-1] >= losses[-2]:
            break
    return w, b, losses


@held_out("gradient_descent", "records the loss only after each step, so the loss before the "
          "first step is missing and losses has n_steps entries instead of n_steps + 1")
def gradient_descent_missing_initial_loss(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = []
    for _ in range(n_steps):
        r = X @ w + b - y
        gw, gb = 2 / len(y) * X.T @ r, 2 / len(y) * float(np.sum(r))
        w, b = w - learning_rate * gw, b - learning_rate * gb
        losses.append(float(np.mean((X @ w + b - y) ** 2)))
    return w, b, losses


@held_out("gradient_descent", "updates w in place on the caller's w0 (w = w0; w -= ...), so the "
          "starting weights passed in are overwritten; the returned values are right")
def gradient_descent_mutates_w0(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else w0
    b = float(b0)
    losses = [float(np.mean((X @ w + b - y) ** 2))]
    for _ in range(n_steps):
        r = X @ w + b - y
        gw, gb = 2 / len(y) * X.T @ r, 2 / len(y) * float(np.sum(r))
        w -= learning_rate * gw
        b -= learning_rate * gb
        losses.append(float(np.mean((X @ w + b - y) ** 2)))
    return w, b, losses


@held_out("gradient_descent", "updates w first and then takes grad_b at the new w, instead of "
          "taking both gradients at the current (w, b)")
def gradient_descent_sequential_update(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [float(np.mean((X @ w + b - y) ** 2))]
    for _ in range(n_steps):
        w = w - learning_rate * 2 / len(y) * X.T @ (X @ w + b - y)
        b = b - learning_rate * 2 / len(y) * float(np.sum(X @ w + b - y))
        losses.append(float(np.mean((X @ w + b - y) ** 2)))
    return w, b, losses


# Held-out mistakes whose hint names a catalogued mistake, each judged by reading the named
# hint against the true cause above: the same mistake, so naming it is right.
SAME_AS = {
    'mse_loss_half': ('mse_loss_half',),
    'mse_loss_sum': ('mse_loss_sum',),
    'mse_loss_ignores_intercept': ('mse_loss_no_b',),
    'mse_gradient_missing_two': ('mse_gradient_no_two',),
    'mse_gradient_residual_without_b': ('mse_gradient_no_b',),
    'mse_gradient_column': ('mse_gradient_column',),
    'gradient_descent_missing_initial_loss': ('gradient_descent_no_initial_loss',),
    'gradient_descent_mutates_w0': ('gradient_descent_mutates_w0',),
    'gradient_descent_sequential_update': ('gradient_descent_sequential',),
}

HELD_OUT = collect(globals())
