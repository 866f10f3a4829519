"""Held-out wrong implementations for the ``initialization`` assignment."""
from __future__ import annotations

import numpy as np

from . import collect, held_out


# ---------------------------------------------------------------- xavier_uniform

@held_out("xavier_uniform", "computes 6 // (fan_in + fan_out) with integer division, so the bound "
          "is truncated (zero, an all-zero matrix, once fan_in + fan_out > 6)")
def xavier_uniform_integer_division(fan_in, fan_out, rng, gain=1.0):
    a = gain * np.sqrt(6 // (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@held_out("xavier_uniform", "puts the gain inside the square root (sqrt(gain * 6 / (fan_in + "
          "fan_out))), so the bound scales with sqrt(gain) and is only right when gain == 1")
def xavier_uniform_gain_inside_sqrt(fan_in, fan_out, rng, gain=1.0):
    a = np.sqrt(gain * 6 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@held_out("xavier_uniform", "returns an array of shape (fan_out, fan_in), transposed from the "
          "required (fan_in, fan_out) (only right when fan_in == fan_out)")
def xavier_uniform_transposed_shape(fan_in, fan_out, rng, gain=1.0):
    a = gain * np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_out, fan_in))


# ---------------------------------------------------------------- xavier_normal

@held_out("xavier_normal", "uses the uniform bound sqrt(6 / (fan_in + fan_out)) as the standard "
          "deviation instead of sqrt(2 / (fan_in + fan_out)), so the std is sqrt(3) times too large")
def xavier_normal_uniform_bound(fan_in, fan_out, rng, gain=1.0):
    std = gain * np.sqrt(6 / (fan_in + fan_out))
    return rng.normal(0.0, std, size=(fan_in, fan_out))


@held_out("xavier_normal", "passes the variance 2 / (fan_in + fan_out) as the scale of "
          "rng.normal, which expects the standard deviation, so the std is the square of the right one")
def xavier_normal_variance_as_scale(fan_in, fan_out, rng, gain=1.0):
    var = gain ** 2 * 2 / (fan_in + fan_out)
    return rng.normal(0.0, var, size=(fan_in, fan_out))


@held_out("xavier_normal", "draws with the global np.random.normal instead of the given rng, so "
          "the result is not reproducible from rng and rng is never advanced")
def xavier_normal_global_random(fan_in, fan_out, rng, gain=1.0):
    std = gain * np.sqrt(2 / (fan_in + fan_out))
    return np.random.normal(0.0, std, size=(fan_in, fan_out))


@held_out("xavier_normal", "calls rng.standard_normal(fan_in, fan_out) as if it were "
          "np.random.randn; the second argument is read as a dtype and the call raises TypeError")
def xavier_normal_randn_style_call(fan_in, fan_out, rng, gain=1.0):
    std = gain * np.sqrt(2 / (fan_in + fan_out))
    return std * rng.standard_normal(fan_in, fan_out)


# ---------------------------------------------------------------- he

@held_out("he_uniform", "uses fan_out instead of fan_in in the bound sqrt(6 / fan_in) (only right "
          "when fan_in == fan_out)")
def he_uniform_fan_out(fan_in, fan_out, rng):
    a = np.sqrt(6 / fan_out)
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@held_out("he_normal", "uses fan_out instead of fan_in in std = sqrt(2 / fan_in) (only right "
          "when fan_in == fan_out)")
def he_normal_fan_out(fan_in, fan_out, rng):
    return rng.normal(0.0, np.sqrt(2 / fan_out), size=(fan_in, fan_out))


# ---------------------------------------------------------------- activation_stds

def _apply(activation, z):
    if callable(activation):
        return activation(z)
    if activation == "relu":
        return np.maximum(z, 0.0)
    if activation == "tanh":
        return np.tanh(z)
    return z


@held_out("activation_stds", "returns the variance (np.var) of each layer's activations instead "
          "of the standard deviation")
def activation_stds_variances(X, weights, activation="relu"):
    h, out = X, []
    for W in weights:
        h = _apply(activation, h @ W)
        out.append(float(np.var(h)))
    return out


@held_out("activation_stds", "also records the standard deviation of the input X before the first "
          "layer, so it returns len(weights) + 1 values")
def activation_stds_includes_input(X, weights, activation="relu"):
    h, out = X, [float(np.std(X))]
    for W in weights:
        h = _apply(activation, h @ W)
        out.append(float(np.std(h)))
    return out


@held_out("activation_stds", "records the standard deviation of the pre-activation h @ W instead "
          "of the activation after it (right only for the linear activation)")
def activation_stds_pre_activation(X, weights, activation="relu"):
    h, out = X, []
    for W in weights:
        z = h @ W
        out.append(float(np.std(z)))
        h = _apply(activation, z)
    return out


@held_out("activation_stds", "averages the per-unit standard deviations (np.std(h, axis=0).mean()) "
          "instead of taking the standard deviation of all entries of h")
def activation_stds_mean_of_column_stds(X, weights, activation="relu"):
    h, out = X, []
    for W in weights:
        h = _apply(activation, h @ W)
        out.append(float(np.std(h, axis=0).mean()))
    return out


@held_out("activation_stds", "looks the activation up in a dict of the three names, so a callable "
          "activation raises KeyError")
def activation_stds_no_callable(X, weights, activation="relu"):
    table = {"linear": lambda z: z, "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0)}
    act = table[activation]
    h, out = X, []
    for W in weights:
        h = act(h @ W)
        out.append(float(np.std(h)))
    return out


# Held-out mistakes whose hint names a catalogued mistake, each judged by reading the named
# hint against the true cause above: the same mistake, so naming it is right.
SAME_AS = {
    'xavier_uniform_gain_inside_sqrt': ('xavier_uniform_gain_inside_sqrt',),
    'xavier_normal_uniform_bound': ('xavier_normal_bound_as_std',),
    'xavier_normal_variance_as_scale': ('xavier_normal_variance_as_std',),
    'he_uniform_fan_out': ('he_uniform_fan_out',),
    'he_normal_fan_out': ('he_normal_fan_out',),
    'activation_stds_variances': ('activation_stds_variance',),
    'activation_stds_includes_input': ('activation_stds_with_input',),
    'activation_stds_pre_activation': ('activation_stds_pre',),
    'activation_stds_mean_of_column_stds': ('activation_stds_per_unit',),
}

HELD_OUT = collect(globals())
