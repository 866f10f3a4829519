"""Practice of chapter 7, initialization: the gradient that keeps equal hidden units equal, the
spread of the signal predicted layer by layer, and every rule as a gain over the square root of
a fan."""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

_rng = np.random.default_rng(7)


# ------------------------------------------------------------------------ hidden_weight_gradient


def hidden_weight_gradient(X, y, W1, w2):
    """The gradient of the MSE of the network tanh(X @ W1) @ w2 with respect to W1.

    h = tanh(X @ W1) holds the hidden units and r = h @ w2 - y the residuals; then
    dL/dW1 = X.T @ ((2 / n) * outer(r, w2) * (1 - h**2)), where * and ** act elementwise.

    X: shape (n, d); y: shape (n,); W1: shape (d, m); w2: shape (m,).
    Returns an array of shape (d, m), like W1.
    """
    n = X.shape[0]
    h = np.tanh(X @ W1)
    r = h @ w2 - y
    delta = (2 / n) * np.outer(r, w2) * (1 - h ** 2)
    return X.T @ delta


def _gradient_without_tanh_derivative(X, y, W1, w2):
    h = np.tanh(X @ W1)
    r = h @ w2 - y
    return X.T @ ((2 / X.shape[0]) * np.outer(r, w2))


def _gradient_with_unsquared_derivative(X, y, W1, w2):
    h = np.tanh(X @ W1)
    r = h @ w2 - y
    return X.T @ ((2 / X.shape[0]) * np.outer(r, w2) * (1 - h))


def _gradient_of_the_summed_loss(X, y, W1, w2):
    h = np.tanh(X @ W1)
    r = h @ w2 - y
    return X.T @ (2 * np.outer(r, w2) * (1 - h ** 2))


def _gradient_without_the_two(X, y, W1, w2):
    h = np.tanh(X @ W1)
    r = h @ w2 - y
    return X.T @ ((1 / X.shape[0]) * np.outer(r, w2) * (1 - h ** 2))


def _gradient_without_the_output_weights(X, y, W1, w2):
    h = np.tanh(X @ W1)
    r = h @ w2 - y
    return X.T @ ((2 / X.shape[0]) * r[:, None] * (1 - h ** 2))


def _network(n: int, d: int, m: int, equal_units: bool = False):
    X = _rng.normal(size=(n, d))
    y = 0.8 + _rng.normal(size=n)
    W1 = _rng.normal(0.0, 0.7, size=(d, m))
    w2 = _rng.normal(size=m)
    if equal_units:  # units 0 and 1 start alike: the same incoming and outgoing weights
        W1[:, 1], w2[1] = W1[:, 0], w2[0]
    return X, y, W1, w2


_GRADIENT = Exercise(
    name="hidden_weight_gradient",
    solution=hidden_weight_gradient,
    cases=[
        Case("X of shape (5, 2), 3 hidden units", _network(5, 2, 3)),
        Case("X of shape (8, 2), 3 hidden units", _network(8, 2, 3)),
        Case("X of shape (4, 2), 3 hidden units of which units 0 and 1 start equal", _network(4, 2, 3, True)),
    ],
    formula="h = tanh(X @ W1), r = h @ w2 - y, grad_W1 = X.T @ ((2 / n) * outer(r, w2) * (1 - h**2))",
    mistakes=[
        Mistake("hidden_weight_gradient", _gradient_without_tanh_derivative,
                "you left out the derivative of tanh: multiply (2 / n) * outer(r, w2) elementwise by "
                "1 - h**2 before the product with X.T."),
        Mistake("hidden_weight_gradient", _gradient_with_unsquared_derivative,
                "the derivative of tanh is 1 - tanh(z)**2, not 1 - tanh(z): square h."),
        Mistake("hidden_weight_gradient", _gradient_of_the_summed_loss,
                "you differentiated the sum of the squared residuals; the loss is their mean, so the "
                "factor is 2 / n, not 2."),
        Mistake("hidden_weight_gradient", _gradient_without_the_two,
                "the derivative of r**2 is 2 * r: the factor is 2 / n, not 1 / n."),
        Mistake("hidden_weight_gradient", _gradient_without_the_output_weights,
                "the error reaches hidden unit j through its output weight w2[j]: use outer(r, w2), "
                "the residuals times w2, not the residuals alone."),
    ],
    arg_names=("X", "y", "W1", "w2"),
)


# ------------------------------------------------------------------------------ predicted_stds


def predicted_stds(width, weight_std, depth, activation, input_std=1.0):
    """The standard deviation of z_l = h_(l-1) @ W_l that the variance rule predicts, per layer.

    Every layer has `width` inputs and weights of standard deviation `weight_std`; the input
    has mean 0 and standard deviation `input_std`. Var(z_1) = width * weight_std**2 * input_std**2,
    and Var(z_l) = width * weight_std**2 * E[h_(l-1)**2] for the later layers, where
    E[h**2] = Var(z) after a linear layer and Var(z) / 2 after a ReLU layer.

    width, depth: int; weight_std, input_std: float; activation: "linear" or "relu".
    Returns an array of shape (depth,): sqrt(Var(z_l)) for l = 1, ..., depth.
    """
    second_moment = input_std ** 2
    stds = []
    for _ in range(depth):
        var_z = width * weight_std ** 2 * second_moment
        stds.append(np.sqrt(var_z))
        second_moment = var_z / 2 if activation == "relu" else var_z
    return np.array(stds)


def _stds_halving_the_input_too(width, weight_std, depth, activation, input_std=1.0):
    second_moment = input_std ** 2 / 2 if activation == "relu" else input_std ** 2
    stds = []
    for _ in range(depth):
        var_z = width * weight_std ** 2 * second_moment
        stds.append(np.sqrt(var_z))
        second_moment = var_z / 2 if activation == "relu" else var_z
    return np.array(stds)


def _stds_ignoring_relu(width, weight_std, depth, activation, input_std=1.0):
    factor = np.sqrt(width) * weight_std
    return input_std * factor ** np.arange(1, depth + 1)


def _stds_with_the_weight_std_for_its_variance(width, weight_std, depth, activation, input_std=1.0):
    second_moment = input_std ** 2
    stds = []
    for _ in range(depth):
        var_z = width * weight_std * second_moment
        stds.append(np.sqrt(var_z))
        second_moment = var_z / 2 if activation == "relu" else var_z
    return np.array(stds)


def _variances_instead_of_stds(width, weight_std, depth, activation, input_std=1.0):
    return predicted_stds(width, weight_std, depth, activation, input_std) ** 2


def _stds_ignoring_the_input(width, weight_std, depth, activation, input_std=1.0):
    return predicted_stds(width, weight_std, depth, activation, 1.0)


_PREDICTED = Exercise(
    name="predicted_stds",
    solution=predicted_stds,
    cases=[
        Case("width 64, weight std 0.1, ReLU, input std 1.5", (64, 0.1, 4, "relu"), {"input_std": 1.5}),
        Case("width 10, weight std 0.3, linear, input std 2", (10, 0.3, 4, "linear", 2.0)),
        Case("width 100, weight std 0.2, ReLU, input std 0.5", (100, 0.2, 4, "relu", 0.5)),
    ],
    formula="Var(z_1) = width * weight_std**2 * input_std**2, then Var(z_l) = width * weight_std**2 "
            "* E[h_(l-1)**2] with E[h**2] = Var(z) (linear) or Var(z) / 2 (relu); return "
            "sqrt(Var(z_l)) for l = 1, ..., depth",
    mistakes=[
        Mistake("predicted_stds", _stds_halving_the_input_too,
                "the input X is not the output of a ReLU: start from E[x**2] = input_std**2 and halve "
                "the second moment only after a ReLU layer."),
        Mistake("predicted_stds", _stds_ignoring_relu,
                "ReLU zeroes the negative half of z, so E[relu(z)**2] = Var(z) / 2: halve the second "
                "moment after every ReLU layer."),
        Mistake("predicted_stds", _stds_with_the_weight_std_for_its_variance,
                "the formula multiplies by the variance of the weights, weight_std**2, not by their "
                "standard deviation."),
        Mistake("predicted_stds", _variances_instead_of_stds,
                "you returned the variances: take the square root of each Var(z_l)."),
        Mistake("predicted_stds", _stds_ignoring_the_input,
                "the first layer's variance is width * weight_std**2 * input_std**2: start from the "
                "input's second moment input_std**2, not from 1."),
    ],
    pure=False,
)


# ------------------------------------------------------------------------ variance_scaling_std


def variance_scaling_std(fan_in, fan_out, mode, gain=1.0):
    """The standard deviation gain / sqrt(fan) of a variance-scaling initializer.

    fan is fan_in for mode "fan_in", fan_out for mode "fan_out", and the average
    (fan_in + fan_out) / 2 for mode "fan_avg".

    fan_in, fan_out: int; mode: "fan_in", "fan_out" or "fan_avg"; gain: float.
    Returns a float.
    """
    if mode == "fan_in":
        fan = fan_in
    elif mode == "fan_out":
        fan = fan_out
    else:
        fan = (fan_in + fan_out) / 2
    return gain / np.sqrt(fan)


def _scaling_by_the_sum_of_fans(fan_in, fan_out, mode, gain=1.0):
    fan = {"fan_in": fan_in, "fan_out": fan_out}.get(mode, fan_in + fan_out)
    return gain / np.sqrt(fan)


def _scaling_with_the_gain_under_the_root(fan_in, fan_out, mode, gain=1.0):
    fan = {"fan_in": fan_in, "fan_out": fan_out}.get(mode, (fan_in + fan_out) / 2)
    return np.sqrt(gain / fan)


def _scaling_returning_the_variance(fan_in, fan_out, mode, gain=1.0):
    fan = {"fan_in": fan_in, "fan_out": fan_out}.get(mode, (fan_in + fan_out) / 2)
    return gain ** 2 / fan


def _scaling_with_the_fans_swapped(fan_in, fan_out, mode, gain=1.0):
    fan = {"fan_in": fan_out, "fan_out": fan_in}.get(mode, (fan_in + fan_out) / 2)
    return gain / np.sqrt(fan)


_SCALING = Exercise(
    name="variance_scaling_std",
    solution=variance_scaling_std,
    cases=[
        Case("He for a ReLU layer 256 -> 128", (256, 128, "fan_in", float(np.sqrt(2.0)))),
        Case("Xavier for a layer 300 -> 100", (300, 100, "fan_avg", 1.0)),
        Case("fan_out for a layer 50 -> 200 with the tanh gain", (50, 200, "fan_out", 5 / 3)),
        Case("Xavier with the tanh gain for a layer 64 -> 32", (64, 32, "fan_avg"), {"gain": 5 / 3}),
    ],
    formula="std = gain / sqrt(fan) with fan = fan_in, fan_out or (fan_in + fan_out) / 2 for mode "
            "'fan_in', 'fan_out' or 'fan_avg'",
    mistakes=[
        Mistake("variance_scaling_std", _scaling_by_the_sum_of_fans,
                "'fan_avg' is the average of the two fans, (fan_in + fan_out) / 2, not their sum."),
        Mistake("variance_scaling_std", _scaling_with_the_gain_under_the_root,
                "the gain multiplies the standard deviation: gain / sqrt(fan), not sqrt(gain / fan)."),
        Mistake("variance_scaling_std", _scaling_returning_the_variance,
                "you returned the variance gain**2 / fan: take its square root, gain / sqrt(fan)."),
        Mistake("variance_scaling_std", _scaling_with_the_fans_swapped,
                "mode 'fan_in' divides by the number of inputs of the layer, fan_in, and 'fan_out' by "
                "the number of outputs; you swapped them."),
    ],
    pure=False,
)


EXERCISES = (_GRADIENT, _PREDICTED, _SCALING)
