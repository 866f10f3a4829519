"""Correct and wrong answers to the ``initialization`` assignment (see ``__init__``)."""

from __future__ import annotations

import numpy as np

from . import collect, correct, mistake

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


# -------------------------------------------------------------------------------- mistakes


@mistake("he_uniform", "fan_out instead of fan_in")
def he_uniform_fan_out(fan_in, fan_out, rng):
    """Uses fan_out."""
    a = np.sqrt(6 / fan_out)
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("he_normal", "fan_out instead of fan_in")
def he_normal_fan_out(fan_in, fan_out, rng):
    """Uses fan_out."""
    return rng.normal(0, np.sqrt(2 / fan_out), size=(fan_in, fan_out))


@mistake("he_normal", "variance as the scale")
def he_normal_variance_as_std(fan_in, fan_out, rng):
    """Passes the variance where numpy wants the standard deviation."""
    return rng.normal(0, 2 / fan_in, size=(fan_in, fan_out))


@mistake("xavier_normal", "variance as the scale")
def xavier_normal_variance_as_std(fan_in, fan_out, rng, gain=1.0):
    """Passes the variance as scale."""
    return rng.normal(0, gain * 2 / (fan_in + fan_out), size=(fan_in, fan_out))


@mistake("he_normal", "LeCun")
def he_normal_lecun(fan_in, fan_out, rng):
    """Forgets the factor 2 for ReLU."""
    return rng.normal(0, np.sqrt(1 / fan_in), size=(fan_in, fan_out))


@mistake("xavier_uniform", "sqrt(3)")
def xavier_uniform_std_as_bound(fan_in, fan_out, rng, gain=1.0):
    """Uses the normal's std as the uniform's bound."""
    a = gain * np.sqrt(2 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("xavier_uniform", "fan_in + fan_out")
def xavier_uniform_he_rule(fan_in, fan_out, rng, gain=1.0):
    """Uses fan_in only."""
    a = gain * np.sqrt(6 / fan_in)
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("xavier_uniform", "gain was ignored")
def xavier_uniform_no_gain(fan_in, fan_out, rng, gain=1.0):
    """Ignores gain."""
    a = np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("xavier_normal", "gain was ignored")
def xavier_normal_no_gain(fan_in, fan_out, rng, gain=1.0):
    """Ignores gain."""
    return rng.normal(0, np.sqrt(2 / (fan_in + fan_out)), size=(fan_in, fan_out))


@mistake("xavier_normal", "not a uniform")
def xavier_normal_is_uniform(fan_in, fan_out, rng, gain=1.0):
    """Draws a uniform with the right standard deviation."""
    a = gain * np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("he_uniform", "beyond")
def he_uniform_is_normal(fan_in, fan_out, rng):
    """Draws a normal with the uniform's standard deviation."""
    return rng.normal(0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))


@mistake("he_uniform", "symmetric around 0")
def he_uniform_positive(fan_in, fan_out, rng):
    """U(0, a) instead of U(-a, a)."""
    return rng.random((fan_in, fan_out)) * np.sqrt(6 / fan_in)


@mistake("he_normal", "transposed")
def he_normal_transposed(fan_in, fan_out, rng):
    """Shape (fan_out, fan_in)."""
    return rng.normal(0, np.sqrt(2 / fan_in), size=(fan_out, fan_in))


@mistake("xavier_uniform", "global")
def xavier_uniform_global(fan_in, fan_out, rng, gain=1.0):
    """Uses the global np.random state."""
    a = gain * np.sqrt(6 / (fan_in + fan_out))
    return np.random.uniform(-a, a, size=(fan_in, fan_out))


@mistake("he_normal", "does not depend on rng")
def he_normal_own_generator(fan_in, fan_out, rng):
    """Makes its own seeded generator."""
    return np.random.default_rng(0).normal(0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))


@mistake("xavier_normal", "reproducible")
def xavier_normal_unseeded(fan_in, fan_out, rng, gain=1.0):
    """Makes a fresh unseeded generator."""
    std = gain * np.sqrt(2 / (fan_in + fan_out))
    return np.random.default_rng().normal(0, std, size=(fan_in, fan_out))


@mistake("he_uniform", "repeats values")
def he_uniform_one_row(fan_in, fan_out, rng):
    """Draws one row and repeats it."""
    a = np.sqrt(6 / fan_in)
    return np.tile(rng.uniform(-a, a, size=fan_out), (fan_in, 1))


@mistake("activation_stds", "before the activation")
def activation_stds_pre(X, weights, activation):
    """Records the pre-activation spread."""
    f = activation if callable(activation) else ACT[activation]
    h, stds = X, []
    for W in weights:
        z = h @ W
        stds.append(z.std())
        h = f(z)
    return stds


@mistake("activation_stds", "variance")
def activation_stds_variance(X, weights, activation):
    """Records the variance."""
    f = activation if callable(activation) else ACT[activation]
    h, out = X, []
    for W in weights:
        h = f(h @ W)
        out.append(h.var())
    return out


@mistake("activation_stds", "one entry per layer")
def activation_stds_with_input(X, weights, activation):
    """Includes the input's spread."""
    f = activation if callable(activation) else ACT[activation]
    h, out = X, [X.std()]
    for W in weights:
        h = f(h @ W)
        out.append(h.std())
    return out


@mistake("activation_stds", "all entries")
def activation_stds_per_unit(X, weights, activation):
    """Averages per-unit standard deviations."""
    f = activation if callable(activation) else ACT[activation]
    h, out = X, []
    for W in weights:
        h = f(h @ W)
        out.append(h.std(axis=0).mean())
    return out


@mistake("activation_stds", "not applied")
def activation_stds_no_activation(X, weights, activation):
    """Only handles callables; strings are treated as linear."""
    f = activation if callable(activation) else (lambda h: h)
    h, out = X, []
    for W in weights:
        h = f(h @ W)
        out.append(h.std())
    return out


@mistake("activation_stds", "activation(h @ W)")
def activation_stds_activation_first(X, weights, activation):
    """Applies the activation before the matrix product."""
    f = activation if callable(activation) else ACT[activation]
    h, out = X, []
    for W in weights:
        h = f(h) @ W
        out.append(h.std())
    return out


CORRECT, MISTAKES = collect(globals())
