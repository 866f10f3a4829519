"""Plausible wrong answers to the ``gradient_descent`` assignment, each with the hint it gets.

The grader names one of these only when it reproduces the student's results on every input of
a check (:mod:`paramcourse.grading.diagnosis`). Each function has the contract's signature.
"""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import collect, mistake


def _mse(w, b, X, y):
    return float(np.mean((X @ w + b - y) ** 2))


def _grad(w, b, X, y, scale=1.0):
    r = X @ w + b - y
    return scale * 2 * X.T @ r / len(y), scale * 2 * float(np.mean(r))


def _descend(X, y, learning_rate, n_steps, w0, b0, *, scale=1.0, update_b=True, sequential=False):
    """Gradient descent with one known slip switched on by a keyword."""
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [_mse(w, b, X, y)]
    for _ in range(n_steps):
        gw, gb = _grad(w, b, X, y, scale)
        w = w - learning_rate * gw
        if sequential:
            gb = _grad(w, b, X, y, scale)[1]
        if update_b:
            b = b - learning_rate * gb
        losses.append(_mse(w, b, X, y))
    return w, b, losses


# ----------------------------------------------------------------------------------- mse_loss


@mistake("mse_loss", "your value is half the MSE: the course's MSE has no factor 1/2 (some books "
         "use 1/(2n)); take the plain mean of the squared residuals.")
def mse_loss_half(w, b, X, y):
    return np.sum((X @ w + b - y) ** 2) / (2 * len(y))


@mistake("mse_loss", "your value is the sum of the squared residuals instead of the mean: divide by n "
         "(or use np.mean).")
def mse_loss_sum(w, b, X, y):
    return np.sum((X @ w + b - y) ** 2)


@mistake("mse_loss", "your value is the square root of the MSE (the RMSE): do not take the square root.")
def mse_loss_rmse(w, b, X, y):
    return np.sqrt(np.mean((X @ w + b - y) ** 2))


@mistake("mse_loss", "your value ignores the intercept b: the prediction is X @ w + b.")
def mse_loss_no_b(w, b, X, y):
    return np.mean((X @ w - y) ** 2)


@mistake("mse_loss", "you returned a one-element array (keepdims): return the number itself, e.g. "
         "float(np.mean(...)).")
def mse_loss_keepdims(w, b, X, y):
    return np.mean((X @ w + b - y) ** 2, keepdims=True)


@mistake("mse_loss", "your value is the mean absolute error: square the residuals instead of taking "
         "their absolute value.")
def mse_loss_mae(w, b, X, y):
    return np.mean(np.abs(X @ w + b - y))


@mistake("mse_loss", "you squared the mean residual: square each residual first, then take the mean.")
def mse_loss_square_of_mean(w, b, X, y):
    return np.mean(X @ w + b - y) ** 2


@mistake("mse_loss", "the intercept enters with the wrong sign: the prediction is X @ w + b.")
def mse_loss_minus_b(w, b, X, y):
    return np.mean((X @ w - b - y) ** 2)


# ------------------------------------------------------------------------------- mse_gradient


@mistake("mse_gradient", "your gradient is half the correct one: the derivative of a square brings "
         "down a factor 2 (the course's MSE has no 1/2).")
def mse_gradient_no_two(w, b, X, y):
    return _grad(w, b, X, y, 0.5)


@mistake("mse_gradient", "you summed over the samples instead of averaging: divide by n.")
def mse_gradient_sum(w, b, X, y):
    r = X @ w + b - y
    return 2 * X.T @ r, 2 * r.sum()


@mistake("mse_gradient", "you summed over the samples and dropped the factor 2: average over the "
         "samples and keep the 2 from the derivative of the square.")
def mse_gradient_sum_no_two(w, b, X, y):
    r = X @ w + b - y
    return X.T @ r, r.sum()


@mistake("mse_gradient", "your gradient has the wrong sign: use residuals r = X @ w + b - y "
         "(prediction minus target), not y - prediction.")
def mse_gradient_sign(w, b, X, y):
    return _grad(w, b, X, y, -1.0)


@mistake("mse_gradient", "your gradient ignores the intercept b: the residuals are X @ w + b - y.")
def mse_gradient_no_b(w, b, X, y):
    return _grad(w, 0.0, X, y)


@mistake("mse_gradient", "grad_w is a column of shape (d, 1): keep r one-dimensional (shape (n,)) "
         "so that X.T @ r has shape (d,).")
def mse_gradient_column(w, b, X, y):
    r = (X @ w + b - y).reshape(-1, 1)
    return 2 * X.T @ r / len(y), 2 * r.mean()


@mistake("mse_gradient", "grad_b uses the mean prediction instead of the mean residual: grad_b = "
         "(2/n) * sum(r) with r = X @ w + b - y.")
def mse_gradient_bad_b(w, b, X, y):
    r = X @ w + b - y
    return 2 * X.T @ r / len(y), 2 * np.mean(X @ w + b)


@mistake("mse_gradient", "grad_w multiplies the averages of X and r: average the products X[i] * r[i] "
         "over samples instead, grad_w = (2/n) X.T @ r.")
def mse_gradient_product_of_means(w, b, X, y):
    r = X @ w + b - y
    return 2 * X.mean(axis=0) * r.mean(), 2 * r.mean()


@mistake("mse_gradient", "your function changes y in place: compute with new arrays and leave the "
         "caller's data as it was.")
def mse_gradient_mutates(w, b, X, y):
    r = X @ w + b - y
    y[0] += 1.0
    return 2 * X.T @ r / len(r), 2 * r.mean()


# --------------------------------------------------------------------------- gradient_descent


@mistake("gradient_descent", "losses misses the loss at the start: record the loss once before the "
         "loop, then once after each step (n_steps + 1 entries).")
def gradient_descent_no_initial_loss(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    w, b, losses = _descend(X, y, learning_rate, n_steps, w0, b0)
    return w, b, losses[1:]


@mistake("gradient_descent", "losses misses the loss after the last step: you record the loss before "
         "each step only; add the loss at the returned (w, b).")
def gradient_descent_loss_before_step(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    w, b, losses = _descend(X, y, learning_rate, n_steps, w0, b0)
    return w, b, losses[:-1]


@mistake("gradient_descent", "the parameters moved uphill (gradient ascent): subtract learning_rate * "
         "gradient, do not add it.")
def gradient_descent_ascent(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    return _descend(X, y, learning_rate, n_steps, w0, b0, scale=-1.0)


@mistake("gradient_descent", "b never changes: update the intercept too, b = b - learning_rate * grad_b.")
def gradient_descent_fixed_b(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    return _descend(X, y, learning_rate, n_steps, w0, b0, update_b=False)


@mistake("gradient_descent", "w and b must be updated simultaneously: compute both gradients at the "
         "current (w, b) before changing either.")
def gradient_descent_sequential(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    return _descend(X, y, learning_rate, n_steps, w0, b0, sequential=True)


@mistake("gradient_descent", "w0 was ignored: start from w0 when it is given (zeros only when w0 is None).")
def gradient_descent_ignores_w0(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    return _descend(X, y, learning_rate, n_steps, None, b0)


@mistake("gradient_descent", "b0 was ignored: start from b = b0.")
def gradient_descent_ignores_b0(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    return _descend(X, y, learning_rate, n_steps, w0, 0.0)


@mistake("gradient_descent", "learning_rate was ignored: use the argument, not a fixed value.")
def gradient_descent_fixed_lr(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    return _descend(X, y, 0.1, n_steps, w0, b0)


@mistake("gradient_descent", "your function changes the caller's w0 in place (w -= ... on w0): start "
         "from a copy, w = np.array(w0, dtype=float).")
def gradient_descent_mutates_w0(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    w = np.zeros(X.shape[1]) if w0 is None else w0
    b = b0
    losses = [_mse(w, b, X, y)]
    for _ in range(n_steps):
        gw, gb = _grad(w, b, X, y)
        w -= learning_rate * gw
        b -= learning_rate * gb
        losses.append(_mse(w, b, X, y))
    return w, b, losses


@mistake("gradient_descent", "your steps are half as long as they should be: the gradient lacks the "
         "factor 2 of the derivative of the square.")
def gradient_descent_half_gradient(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    return _descend(X, y, learning_rate, n_steps, w0, b0, scale=0.5)


@mistake("gradient_descent", "your steps are n times too long: the gradient sums over the samples "
         "instead of averaging.")
def gradient_descent_summed_gradient(X, y, learning_rate=0.1, n_steps=100, w0=None, b0=0.0):
    return _descend(X, y, learning_rate, n_steps, w0, b0, scale=float(X.shape[0]))


MISTAKES = collect(globals())
