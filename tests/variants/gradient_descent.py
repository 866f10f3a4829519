"""Correct answers to the ``gradient_descent`` assignment in several styles (see ``__init__``)."""

from __future__ import annotations

import numpy as np

from . import collect, correct

# --------------------------------------------------------------------------------- correct


@correct("mse_loss")
def mse_loss_vectorized(w, b, X, y):
    """The textbook one-liner."""
    return np.mean((X @ w + b - y) ** 2)


@correct("mse_loss")
def mse_loss_loop(w, b, X, y):
    """Plain Python loops, returning a Python float."""
    total = 0.0
    for i in range(len(y)):
        pred = b
        for j in range(len(w)):
            pred += X[i, j] * w[j]
        total += (pred - y[i]) ** 2
    return total / len(y)


@correct("mse_loss")
def mse_loss_dot(w, b, X, y):
    """Residual dotted with itself, returned as a 0-d array."""
    r = np.dot(X, w) + b - y
    return np.asarray(r @ r / X.shape[0])


@correct("mse_gradient")
def mse_gradient_vectorized(w, b, X, y):
    r = X @ w + b - y
    return 2 * X.T @ r / len(y), 2 * r.mean()


@correct("mse_gradient")
def mse_gradient_loop(w, b, X, y):
    """Loops over samples, returning a list for grad_w and a Python float."""
    n, d = X.shape
    gw = [0.0] * d
    gb = 0.0
    for i in range(n):
        r = float(X[i] @ w + b - y[i])
        for j in range(d):
            gw[j] += 2 * r * X[i, j] / n
        gb += 2 * r / n
    return gw, gb


@correct("mse_gradient")
def mse_gradient_einsum(w, b, X, y):
    """np.einsum and a list as the returned pair."""
    r = np.einsum("ij,j->i", X, w) + b - y
    return [np.einsum("ij,i->j", X, r) * (2.0 / X.shape[0]), np.float64(2.0 * np.sum(r) / len(r))]


@correct("gradient_descent")
def gradient_descent_plain(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = b0
    losses = [mse_loss_vectorized(w, b, X, y)]
    for _ in range(n_steps):
        gw, gb = mse_gradient_vectorized(w, b, X, y)
        w = w - learning_rate * gw
        b = b - learning_rate * gb
        losses.append(mse_loss_vectorized(w, b, X, y))
    return w, b, losses


@correct("gradient_descent")
def gradient_descent_stacked(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    """One parameter vector theta = (w, b) against an augmented X; losses as an array."""
    A = np.hstack([X, np.ones((X.shape[0], 1))])
    theta = np.append(np.zeros(X.shape[1]) if w0 is None else w0, b0)
    losses = np.empty(n_steps + 1)
    for k in range(n_steps + 1):
        r = A @ theta - y
        losses[k] = np.mean(r**2)
        if k < n_steps:
            theta = theta - learning_rate * (2 / len(y)) * (A.T @ r)
    return theta[:-1], theta[-1], losses


@correct("gradient_descent")
def gradient_descent_inplace_on_copy(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    """In-place updates are fine on a private copy of w0."""
    w = np.zeros(X.shape[1]) if w0 is None else w0.copy()
    b = float(b0)
    losses = []
    for _ in range(n_steps):
        losses.append(float(np.mean((X @ w + b - y) ** 2)))
        gw, gb = mse_gradient_loop(w, b, X, y)
        w -= learning_rate * np.asarray(gw)
        b -= learning_rate * gb
    losses.append(float(np.mean((X @ w + b - y) ** 2)))
    return w, b, tuple(losses)


CORRECT = collect(globals())
