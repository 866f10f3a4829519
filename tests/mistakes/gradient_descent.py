"""Correct and wrong answers to the ``gradient_descent`` assignment (see ``__init__``)."""

from __future__ import annotations

import numpy as np

from . import collect, correct, mistake

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


# -------------------------------------------------------------------------------- mistakes


@mistake("mse_loss", "factor 1/2")
def mse_loss_half(w, b, X, y):
    """Uses the 1/(2n) convention of some textbooks."""
    return np.sum((X @ w + b - y) ** 2) / (2 * len(y))


@mistake("mse_loss", "sum instead of the mean")
def mse_loss_sum(w, b, X, y):
    """Sums the squared residuals."""
    return np.sum((X @ w + b - y) ** 2)


@mistake("mse_loss", "RMSE")
def mse_loss_rmse(w, b, X, y):
    """Takes the square root."""
    return np.sqrt(np.mean((X @ w + b - y) ** 2))


@mistake("mse_loss", "intercept b")
def mse_loss_no_b(w, b, X, y):
    """Forgets the intercept."""
    return np.mean((X @ w - y) ** 2)


@mistake("mse_loss", "single number")
def mse_loss_keepdims(w, b, X, y):
    """Returns a one-element array."""
    return np.mean((X @ w + b - y) ** 2, keepdims=True)


@mistake("mse_loss", "absolute value")
def mse_loss_mae(w, b, X, y):
    """Mean absolute error."""
    return np.mean(np.abs(X @ w + b - y))


@mistake("mse_gradient", "factor 2")
def mse_gradient_no_two(w, b, X, y):
    """Forgets the 2 from the derivative of the square."""
    r = X @ w + b - y
    return X.T @ r / len(y), r.mean()


@mistake("mse_gradient", "summed")
def mse_gradient_sum(w, b, X, y):
    """Sums over samples instead of averaging."""
    r = X @ w + b - y
    return 2 * X.T @ r, 2 * r.sum()


@mistake("mse_gradient", "wrong sign")
def mse_gradient_sign(w, b, X, y):
    """Residuals as target minus prediction."""
    r = y - (X @ w + b)
    return 2 * X.T @ r / len(y), 2 * r.mean()


@mistake("mse_gradient", "shape")
def mse_gradient_column(w, b, X, y):
    """Returns grad_w as a column of shape (d, 1)."""
    r = (X @ w + b - y).reshape(-1, 1)
    return 2 * X.T @ r / len(y), 2 * r.mean()


@mistake("mse_gradient", "(2/n) * sum(r)")
def mse_gradient_bad_b(w, b, X, y):
    """Uses the mean prediction instead of the mean residual for grad_b."""
    r = X @ w + b - y
    return 2 * X.T @ r / len(y), 2 * np.mean(X @ w + b)


@mistake("mse_gradient", "in place")
def mse_gradient_mutates(w, b, X, y):
    """Centres y in place (changes the caller's array)."""
    r = X @ w + b - y
    y -= 0.0 * y + 1.0
    y += 1.0
    y[0] += 1.0
    return 2 * X.T @ r / len(r), 2 * r.mean()


@mistake("gradient_descent", "off by one")
def gradient_descent_no_initial_loss(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    """Records the loss only after each step."""
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = b0
    losses = []
    for _ in range(n_steps):
        gw, gb = mse_gradient_vectorized(w, b, X, y)
        w, b = w - learning_rate * gw, b - learning_rate * gb
        losses.append(mse_loss_vectorized(w, b, X, y))
    return w, b, losses


@mistake("gradient_descent", "off by one")
def gradient_descent_loss_before_step(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    """Records the loss before each step only (misses the final one)."""
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = b0
    losses = []
    for _ in range(n_steps):
        losses.append(mse_loss_vectorized(w, b, X, y))
        gw, gb = mse_gradient_vectorized(w, b, X, y)
        w, b = w - learning_rate * gw, b - learning_rate * gb
    return w, b, losses


@mistake("gradient_descent", "uphill")
def gradient_descent_ascent(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    """Adds the gradient."""
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = b0
    losses = [mse_loss_vectorized(w, b, X, y)]
    for _ in range(n_steps):
        gw, gb = mse_gradient_vectorized(w, b, X, y)
        w, b = w + learning_rate * gw, b + learning_rate * gb
        losses.append(mse_loss_vectorized(w, b, X, y))
    return w, b, losses


@mistake("gradient_descent", "b never changes")
def gradient_descent_fixed_b(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    """Updates w only."""
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    losses = [mse_loss_vectorized(w, b0, X, y)]
    for _ in range(n_steps):
        w = w - learning_rate * mse_gradient_vectorized(w, b0, X, y)[0]
        losses.append(mse_loss_vectorized(w, b0, X, y))
    return w, b0, losses


@mistake("gradient_descent", "simultaneously")
def gradient_descent_sequential(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    """Updates b with a gradient taken after w has moved."""
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = b0
    losses = [mse_loss_vectorized(w, b, X, y)]
    for _ in range(n_steps):
        w = w - learning_rate * mse_gradient_vectorized(w, b, X, y)[0]
        b = b - learning_rate * mse_gradient_vectorized(w, b, X, y)[1]
        losses.append(mse_loss_vectorized(w, b, X, y))
    return w, b, losses


@mistake("gradient_descent", "w0 was ignored")
def gradient_descent_ignores_w0(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    """Always starts from zeros."""
    return gradient_descent_plain(X, y, learning_rate, n_steps, None, b0)


@mistake("gradient_descent", "b0 was ignored")
def gradient_descent_ignores_b0(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    """Always starts from b = 0."""
    return gradient_descent_plain(X, y, learning_rate, n_steps, w0, 0.0)


@mistake("gradient_descent", "learning_rate was ignored")
def gradient_descent_fixed_lr(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    """Hard-codes the step size."""
    return gradient_descent_plain(X, y, 0.1, n_steps, w0, b0)


@mistake("gradient_descent", "in place")
def gradient_descent_mutates_w0(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    """Updates the caller's w0 in place."""
    w = np.zeros(X.shape[1]) if w0 is None else w0
    b = b0
    losses = [mse_loss_vectorized(w, b, X, y)]
    for _ in range(n_steps):
        gw, gb = mse_gradient_vectorized(w, b, X, y)
        w -= learning_rate * gw
        b -= learning_rate * gb
        losses.append(mse_loss_vectorized(w, b, X, y))
    return w, b, losses


@mistake("gradient_descent", "half as long")
def gradient_descent_half_gradient(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    """Uses a gradient without the factor 2."""
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = b0
    losses = [mse_loss_vectorized(w, b, X, y)]
    for _ in range(n_steps):
        gw, gb = mse_gradient_no_two(w, b, X, y)
        w, b = w - learning_rate * gw, b - learning_rate * gb
        losses.append(mse_loss_vectorized(w, b, X, y))
    return w, b, losses


CORRECT, MISTAKES = collect(globals())
