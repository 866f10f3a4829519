"""Correct answers to the ``initialization`` assignment in several styles (see ``__init__``)."""

from __future__ import annotations

import numpy as np

from . import collect, correct

# --------------------------------------------------------------------------------- correct


@correct("xavier_uniform")
def xavier_uniform_plain(fan_in, fan_out, rng, gain=1.0):
    a = gain * np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@correct("xavier_uniform")
def xavier_uniform_from_random(fan_in, fan_out, rng, gain=1.0):
    """Scales rng.random() from [0, 1) to [-a, a)."""
    a = gain * (6.0 / (fan_in + fan_out)) ** 0.5
    return rng.random((fan_in, fan_out)) * 2 * a - a


@correct("xavier_uniform")
def xavier_uniform_float32(fan_in, fan_out, rng, gain=1.0):
    """float32 draws, reshaped from a flat vector."""
    a = np.float32(gain * np.sqrt(6 / (fan_in + fan_out)))
    flat = rng.uniform(-1, 1, size=fan_in * fan_out).astype(np.float32)
    return (a * flat).reshape(fan_in, fan_out)


@correct("xavier_normal")
def xavier_normal_plain(fan_in, fan_out, rng, gain=1.0):
    return rng.normal(0.0, gain * np.sqrt(2 / (fan_in + fan_out)), size=(fan_in, fan_out))


@correct("xavier_normal")
def xavier_normal_standard(fan_in, fan_out, rng, gain=1.0):
    """standard_normal times std."""
    return rng.standard_normal((fan_in, fan_out)) * gain * np.sqrt(2 / (fan_in + fan_out))


@correct("xavier_normal")
def xavier_normal_box_muller(fan_in, fan_out, rng, gain=1.0):
    """Normals built by hand from uniforms (Box-Muller): a different way to draw the same law."""
    u1 = 1.0 - rng.random((fan_in, fan_out))
    u2 = rng.random((fan_in, fan_out))
    z = np.sqrt(-2 * np.log(u1)) * np.cos(2 * np.pi * u2)
    return gain * np.sqrt(2 / (fan_in + fan_out)) * z


@correct("he_uniform")
def he_uniform_plain(fan_in, fan_out, rng):
    a = np.sqrt(6 / fan_in)
    return rng.uniform(low=-a, high=a, size=(fan_in, fan_out))


@correct("he_uniform")
def he_uniform_columns(fan_in, fan_out, rng):
    """Column by column, stacked."""
    a = np.sqrt(6 / fan_in)
    return np.column_stack([rng.uniform(-a, a, size=fan_in) for _ in range(fan_out)])


@correct("he_normal")
def he_normal_plain(fan_in, fan_out, rng):
    return rng.normal(scale=np.sqrt(2 / fan_in), size=(fan_in, fan_out))


@correct("he_normal")
def he_normal_nested_lists(fan_in, fan_out, rng):
    """A list of lists of Python floats."""
    std = (2 / fan_in) ** 0.5
    return [[float(std * rng.standard_normal()) for _ in range(fan_out)] for _ in range(fan_in)]


ACT = {"linear": lambda h: h, "tanh": np.tanh, "relu": lambda h: np.maximum(h, 0)}


@correct("activation_stds")
def activation_stds_plain(X, weights, activation):
    f = activation if callable(activation) else ACT[activation]
    h, stds = X, []
    for W in weights:
        h = f(h @ W)
        stds.append(float(h.std()))
    return stds


@correct("activation_stds")
def activation_stds_ddof1(X, weights, activation):
    """Sample standard deviation (ddof=1), NumPy scalars, a tuple."""
    if activation == "relu":
        f = lambda h: h * (h > 0)
    elif activation == "tanh":
        f = np.tanh
    elif activation == "linear":
        f = lambda h: h
    else:
        f = activation
    h = X
    out = []
    for W in weights:
        h = f(np.dot(h, W))
        out.append(np.std(h, ddof=1))
    return tuple(out)


@correct("activation_stds")
def activation_stds_manual(X, weights, activation):
    """Standard deviation from the mean of squares; an array."""
    f = activation if callable(activation) else ACT[activation]
    h = X
    out = np.zeros(len(weights))
    for k, W in enumerate(weights):
        h = f(np.einsum("ij,jk->ik", h, W))
        out[k] = np.sqrt(np.mean(h**2) - np.mean(h) ** 2)
    return out


CORRECT = collect(globals())
