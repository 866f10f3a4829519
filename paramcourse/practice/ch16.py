"""Practice of chapter 16, how gradients are computed: a reverse sweep by hand through a small
computation graph, and the backward pass of one linear layer with a mean-squared-error loss."""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

_rng = np.random.default_rng(16)


def _pair(shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    return _rng.uniform(-1.5, 1.5, size=shape), _rng.uniform(-1.5, 1.5, size=shape)


# ----------------------------------------------------------------------------- reverse_sweep


def reverse_sweep(x, y):
    """g(x, y) = (x + y) * tanh(x * y) and its two partial derivatives, by a reverse sweep.

    Forward: s = x + y, p = x * y, t = tanh(p), g = s * t.
    Backward, from g_bar = 1: s_bar = g_bar * t, t_bar = g_bar * s, p_bar = t_bar * (1 - t**2),
    x_bar = s_bar + p_bar * y, y_bar = s_bar + p_bar * x (x and y are each used twice).

    x, y: arrays of the same shape (everything acts entry by entry).
    Returns (g, x_bar, y_bar), three arrays of that shape.
    """
    s = x + y
    p = x * y
    t = np.tanh(p)
    g = s * t
    g_bar = 1.0
    s_bar = g_bar * t
    t_bar = g_bar * s
    p_bar = t_bar * (1 - t**2)
    x_bar = s_bar + p_bar * y
    y_bar = s_bar + p_bar * x
    return g, x_bar, y_bar


def _sweep(x, y, *, keep_sum=True, tanh_of_input=False, swap=False, inner=True):
    s, p = x + y, x * y
    t = np.tanh(p)
    if not inner:
        p_bar = s
    elif tanh_of_input:
        p_bar = s * (1 - p**2)
    else:
        p_bar = s * (1 - t**2)
    s_bar = t if keep_sum else 0.0
    x_bar = s_bar + p_bar * (x if swap else y)
    y_bar = s_bar + p_bar * (y if swap else x)
    return s * t, x_bar, y_bar


def _sweep_overwrites_the_adjoint(x, y):
    return _sweep(x, y, keep_sum=False)


def _sweep_with_the_derivative_of_tanh_at_the_wrong_point(x, y):
    return _sweep(x, y, tanh_of_input=True)


def _sweep_with_swapped_partners(x, y):
    return _sweep(x, y, swap=True)


def _sweep_without_the_derivative_of_tanh(x, y):
    return _sweep(x, y, inner=False)


_REVERSE = Exercise(
    name="reverse_sweep",
    solution=reverse_sweep,
    cases=[
        Case("x and y of shape (4,)", _pair((4,))),
        Case("x and y of shape (2, 3)", _pair((2, 3))),
        Case("x and y of shape (5,)", _pair((5,))),
    ],
    formula="s = x + y, p = x * y, t = tanh(p), g = s * t; then s_bar = t, t_bar = s, "
            "p_bar = t_bar * (1 - t**2), x_bar = s_bar + p_bar * y, y_bar = s_bar + p_bar * x",
    mistakes=[
        Mistake("reverse_sweep", _sweep_overwrites_the_adjoint,
                "x and y each feed two nodes (the sum s and the product p), so their adjoints add up two "
                "contributions: x_bar = s_bar + p_bar * y, not p_bar * y alone."),
        Mistake("reverse_sweep", _sweep_with_the_derivative_of_tanh_at_the_wrong_point,
                "the derivative of tanh at p is 1 - tanh(p)**2 = 1 - t**2, not 1 - p**2."),
        Mistake("reverse_sweep", _sweep_with_swapped_partners,
                "the local derivative of p = x * y with respect to x is the other factor, y: "
                "x_bar gets p_bar * y and y_bar gets p_bar * x."),
        Mistake("reverse_sweep", _sweep_without_the_derivative_of_tanh,
                "between t and p lies the tanh: p_bar = t_bar * (1 - t**2), the chain rule's local "
                "derivative of t = tanh(p)."),
    ],
    arg_names=("x", "y"),
)


# ----------------------------------------------------------------------- linear_mse_backward


def linear_mse_backward(X, W, b, Y):
    """Gradients of L = mean((X @ W + b - Y)**2) with respect to W and b.

    The mean runs over all n * k entries (as torch.nn.MSELoss does), so with Z = X @ W + b,
    dZ = 2 * (Z - Y) / Z.size; then dW = X.T @ dZ and db = dZ.sum(axis=0).

    X: shape (n, d); W: shape (d, k); b: shape (k,); Y: shape (n, k).
    Returns (dW, db): arrays of shapes (d, k) and (k,).
    """
    Z = X @ W + b
    dZ = 2 * (Z - Y) / Z.size
    dW = X.T @ dZ
    db = dZ.sum(axis=0)
    return dW, db


def _linear(X, W, b, Y, *, scale=None, bias=True, mean_b=False, sign=1.0):
    Z = X @ W + (b if bias else 0.0)
    dZ = sign * (2.0 if scale is None else scale) * (Z - Y) / Z.size
    if scale == "n":
        dZ = sign * 2.0 * (Z - Y) / X.shape[0]
    return X.T @ dZ, (dZ.mean(axis=0) if mean_b else dZ.sum(axis=0))


def _linear_averaged_over_samples_only(X, W, b, Y):
    return _linear(X, W, b, Y, scale="n")


def _linear_without_the_two(X, W, b, Y):
    return _linear(X, W, b, Y, scale=1.0)


def _linear_bias_gradient_averaged(X, W, b, Y):
    return _linear(X, W, b, Y, mean_b=True)


def _linear_forward_without_the_bias(X, W, b, Y):
    return _linear(X, W, b, Y, bias=False)


def _linear_with_the_residual_reversed(X, W, b, Y):
    return _linear(X, W, b, Y, sign=-1.0)


def _regression(n: int, d: int, k: int) -> tuple[np.ndarray, ...]:
    return (_rng.normal(size=(n, d)), _rng.normal(size=(d, k)), _rng.normal(size=k),
            _rng.normal(size=(n, k)))


_LINEAR = Exercise(
    name="linear_mse_backward",
    solution=linear_mse_backward,
    cases=[
        Case("X (5, 3), W (3, 2), b (2,), Y (5, 2)", _regression(5, 3, 2)),
        Case("X (4, 2), W (2, 3), b (3,), Y (4, 3)", _regression(4, 2, 3)),
        Case("X (6, 4), W (4, 1), b (1,), Y (6, 1)", _regression(6, 4, 1)),
    ],
    formula="Z = X @ W + b, dZ = 2 * (Z - Y) / Z.size (the mean runs over all n * k entries), "
            "dW = X.T @ dZ, db = dZ.sum(axis=0)",
    mistakes=[
        Mistake("linear_mse_backward", _linear_averaged_over_samples_only,
                "the loss is the mean over all n * k entries of Z, so dZ = 2 * (Z - Y) / Z.size; dividing "
                "by n alone belongs to a loss summed over the k outputs."),
        Mistake("linear_mse_backward", _linear_without_the_two,
                "the derivative of a square brings a factor 2: dZ = 2 * (Z - Y) / Z.size."),
        Mistake("linear_mse_backward", _linear_bias_gradient_averaged,
                "b is added to every row of Z, so its gradient adds up the rows of dZ: "
                "db = dZ.sum(axis=0), not their mean (the 1 / Z.size is already inside dZ)."),
        Mistake("linear_mse_backward", _linear_forward_without_the_bias,
                "the prediction includes the bias: Z = X @ W + b before the residual Z - Y."),
        Mistake("linear_mse_backward", _linear_with_the_residual_reversed,
                "the derivative of (Z - Y)**2 with respect to Z is 2 * (Z - Y), prediction minus target; "
                "with Y - Z every gradient has the wrong sign."),
    ],
    arg_names=("X", "W", "b", "Y"),
)


EXERCISES = (_REVERSE, _LINEAR)
