"""Plausible wrong answers to the ``initialization`` assignment, each with the hint it gets.

The grader names one of these only when it reproduces the student's results on every input of
a check (:mod:`paramcourse.grading.diagnosis`). Each function has the contract's signature. The
initializers draw in the most common way (``rng.uniform(-a, a, size=...)``,
``rng.normal(0, std, size=...)``): run on a check's case, whose generator is copied with its
seed and state, a mistake draws exactly the numbers the student's code drew when it makes the
same slip in the same way; a student who draws differently gets the observed statistics and the
formula instead.
"""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import collect, mistake

# ------------------------------------------------------------------------------ xavier_uniform


@mistake("xavier_uniform", "your bound is the normal's standard deviation, gain * sqrt(2 / (fan_in + "
         "fan_out)): U(-a, a) has standard deviation a / sqrt(3), so the bound is a = gain * sqrt(6 / "
         "(fan_in + fan_out)).")
def xavier_uniform_std_as_bound(fan_in, fan_out, rng, gain=1.0):
    a = gain * np.sqrt(2 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("xavier_uniform", "you used fan_in alone (the He rule, sqrt(6 / fan_in)): Xavier averages both "
         "fans, a = gain * sqrt(6 / (fan_in + fan_out)).")
def xavier_uniform_he_rule(fan_in, fan_out, rng, gain=1.0):
    a = gain * np.sqrt(6 / fan_in)
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("xavier_uniform", "you used fan_out alone: Xavier uses both fans, a = gain * sqrt(6 / (fan_in + "
         "fan_out)).")
def xavier_uniform_fan_out(fan_in, fan_out, rng, gain=1.0):
    a = gain * np.sqrt(6 / fan_out)
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("xavier_uniform", "your bound is 6 / (fan_in + fan_out) without the square root: a = gain * "
         "sqrt(6 / (fan_in + fan_out)).")
def xavier_uniform_no_sqrt(fan_in, fan_out, rng, gain=1.0):
    a = gain * 6 / (fan_in + fan_out)
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("xavier_uniform", "the constant under the square root is 3 in your bound; for the uniform "
         "version it is 6: a = gain * sqrt(6 / (fan_in + fan_out)).")
def xavier_uniform_three(fan_in, fan_out, rng, gain=1.0):
    a = gain * np.sqrt(3 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("xavier_uniform", "your draws are in [0, a) (rng.uniform(0, a)): the interval is symmetric, "
         "U(-a, a), e.g. rng.uniform(-a, a, size=(fan_in, fan_out)).")
def xavier_uniform_half_interval(fan_in, fan_out, rng, gain=1.0):
    a = gain * np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(0, a, size=(fan_in, fan_out))


@mistake("xavier_uniform", "gain was ignored: multiply the bound by gain, a = gain * sqrt(6 / (fan_in + "
         "fan_out)).")
def xavier_uniform_no_gain(fan_in, fan_out, rng, gain=1.0):
    a = np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("xavier_uniform", "you multiplied the bound by gain squared: the standard deviation scales with "
         "gain itself, a = gain * sqrt(6 / (fan_in + fan_out)).")
def xavier_uniform_gain_squared(fan_in, fan_out, rng, gain=1.0):
    a = gain**2 * np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("xavier_uniform", "gain is under your square root (sqrt(gain * 6 / ...)): multiply the square "
         "root by gain, a = gain * sqrt(6 / (fan_in + fan_out)).")
def xavier_uniform_gain_inside_sqrt(fan_in, fan_out, rng, gain=1.0):
    a = np.sqrt(gain * 6 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("xavier_uniform", "you drew from NumPy's global generator (np.random.uniform, np.random.rand and "
         "the like), not from rng: draw with the rng argument, rng.uniform(-a, a, size=(fan_in, fan_out)).")
def xavier_uniform_global(fan_in, fan_out, rng, gain=1.0):
    a = gain * np.sqrt(6 / (fan_in + fan_out))
    return np.random.uniform(-a, a, size=(fan_in, fan_out))


# ------------------------------------------------------------------------------- xavier_normal


@mistake("xavier_normal", "you passed the variance gain * 2 / (fan_in + fan_out) as the scale of "
         "rng.normal, which takes the standard deviation: std = gain * sqrt(2 / (fan_in + fan_out)).")
def xavier_normal_variance_as_std(fan_in, fan_out, rng, gain=1.0):
    return rng.normal(0, gain * 2 / (fan_in + fan_out), size=(fan_in, fan_out))


@mistake("xavier_normal", "your standard deviation is the uniform's bound, gain * sqrt(6 / (fan_in + "
         "fan_out)): for the normal version std = gain * sqrt(2 / (fan_in + fan_out)).")
def xavier_normal_bound_as_std(fan_in, fan_out, rng, gain=1.0):
    return rng.normal(0, gain * np.sqrt(6 / (fan_in + fan_out)), size=(fan_in, fan_out))


@mistake("xavier_normal", "you used fan_in alone (the He rule): Xavier uses both fans, std = gain * "
         "sqrt(2 / (fan_in + fan_out)).")
def xavier_normal_he_rule(fan_in, fan_out, rng, gain=1.0):
    return rng.normal(0, gain * np.sqrt(2 / fan_in), size=(fan_in, fan_out))


@mistake("xavier_normal", "you drew from a uniform (rng.uniform): xavier_normal draws from a normal, "
         "rng.normal(0.0, std, size=(fan_in, fan_out)) with std = gain * sqrt(2 / (fan_in + fan_out)).")
def xavier_normal_is_uniform(fan_in, fan_out, rng, gain=1.0):
    a = gain * np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("xavier_normal", "gain was ignored: multiply the standard deviation by gain, std = gain * "
         "sqrt(2 / (fan_in + fan_out)).")
def xavier_normal_no_gain(fan_in, fan_out, rng, gain=1.0):
    return rng.normal(0, np.sqrt(2 / (fan_in + fan_out)), size=(fan_in, fan_out))


@mistake("xavier_normal", "gain is under your square root (sqrt(gain * 2 / ...)): multiply the square "
         "root by gain, std = gain * sqrt(2 / (fan_in + fan_out)).")
def xavier_normal_gain_inside_sqrt(fan_in, fan_out, rng, gain=1.0):
    return rng.normal(0, np.sqrt(gain * 2 / (fan_in + fan_out)), size=(fan_in, fan_out))


# --------------------------------------------------------------------------------- he_uniform


@mistake("he_uniform", "you used fan_out instead of fan_in: He initialization keeps the variance of "
         "the forward signal, which depends on fan_in, a = sqrt(6 / fan_in).")
def he_uniform_fan_out(fan_in, fan_out, rng):
    a = np.sqrt(6 / fan_out)
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("he_uniform", "you used fan_in + fan_out (the Xavier rule): He uses fan_in alone, a = sqrt(6 / "
         "fan_in).")
def he_uniform_xavier_rule(fan_in, fan_out, rng):
    a = np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("he_uniform", "your bound is the normal's standard deviation, sqrt(2 / fan_in): U(-a, a) has "
         "standard deviation a / sqrt(3), so the bound is a = sqrt(6 / fan_in).")
def he_uniform_std_as_bound(fan_in, fan_out, rng):
    a = np.sqrt(2 / fan_in)
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("he_uniform", "your bound sqrt(3 / fan_in) lacks He's factor 2 for ReLU (that is LeCun's "
         "uniform rule): a = sqrt(6 / fan_in).")
def he_uniform_lecun(fan_in, fan_out, rng):
    a = np.sqrt(3 / fan_in)
    return rng.uniform(-a, a, size=(fan_in, fan_out))


@mistake("he_uniform", "you drew from a normal with the uniform's standard deviation: he_uniform draws "
         "from U(-a, a), rng.uniform(-a, a, size=(fan_in, fan_out)) with a = sqrt(6 / fan_in).")
def he_uniform_is_normal(fan_in, fan_out, rng):
    return rng.normal(0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))


@mistake("he_uniform", "your draws are rng.random() * a, in [0, a): the interval is symmetric, U(-a, a), "
         "e.g. rng.uniform(-a, a, size=(fan_in, fan_out)) or a * (2 * rng.random(...) - 1).")
def he_uniform_positive(fan_in, fan_out, rng):
    return rng.random((fan_in, fan_out)) * np.sqrt(6 / fan_in)


@mistake("he_uniform", "you drew one row of fan_out values and repeated it on every row: draw all "
         "fan_in * fan_out entries independently, rng.uniform(-a, a, size=(fan_in, fan_out)).")
def he_uniform_one_row(fan_in, fan_out, rng):
    a = np.sqrt(6 / fan_in)
    return np.tile(rng.uniform(-a, a, size=fan_out), (fan_in, 1))


# ---------------------------------------------------------------------------------- he_normal


@mistake("he_normal", "you used fan_out instead of fan_in: He initialization keeps the variance of the "
         "forward signal, which depends on fan_in, std = sqrt(2 / fan_in).")
def he_normal_fan_out(fan_in, fan_out, rng):
    return rng.normal(0, np.sqrt(2 / fan_out), size=(fan_in, fan_out))


@mistake("he_normal", "you passed the variance 2 / fan_in as the scale of rng.normal, which takes the "
         "standard deviation: std = sqrt(2 / fan_in).")
def he_normal_variance_as_std(fan_in, fan_out, rng):
    return rng.normal(0, 2 / fan_in, size=(fan_in, fan_out))


@mistake("he_normal", "your std sqrt(1 / fan_in) lacks He's factor 2 for ReLU (that is LeCun's rule): "
         "std = sqrt(2 / fan_in).")
def he_normal_lecun(fan_in, fan_out, rng):
    return rng.normal(0, np.sqrt(1 / fan_in), size=(fan_in, fan_out))


@mistake("he_normal", "your standard deviation is the uniform's bound sqrt(6 / fan_in): for the normal "
         "version std = sqrt(2 / fan_in).")
def he_normal_bound_as_std(fan_in, fan_out, rng):
    return rng.normal(0, np.sqrt(6 / fan_in), size=(fan_in, fan_out))


@mistake("he_normal", "you used fan_in + fan_out (the Xavier rule): He uses fan_in alone, std = sqrt(2 / "
         "fan_in).")
def he_normal_xavier_rule(fan_in, fan_out, rng):
    return rng.normal(0, np.sqrt(2 / (fan_in + fan_out)), size=(fan_in, fan_out))


@mistake("he_normal", "your array is transposed, of shape (fan_out, fan_in): draw with size=(fan_in, "
         "fan_out), one row per input of the layer.")
def he_normal_transposed(fan_in, fan_out, rng):
    return rng.normal(0, np.sqrt(2 / fan_in), size=(fan_out, fan_in))


@mistake("he_normal", "you drew from a generator of your own with a fixed seed (np.random.default_rng(0)), "
         "so the rng argument has no effect: draw with rng itself, rng.normal(0.0, std, size=(fan_in, "
         "fan_out)).")
def he_normal_own_generator(fan_in, fan_out, rng):
    return np.random.default_rng(0).normal(0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))


# ---------------------------------------------------------------------------- activation_stds

ACT = {"linear": lambda h: h, "tanh": np.tanh, "relu": lambda h: np.maximum(h, 0)}


def _act(activation):
    return activation if callable(activation) else ACT[activation]


@mistake("activation_stds", "you recorded the spread before the activation (of h @ W): apply the "
         "activation first, h = activation(h @ W), then take np.std(h).")
def activation_stds_pre(X, weights, activation):
    f = _act(activation)
    h, stds = X, []
    for W in weights:
        z = h @ W
        stds.append(z.std())
        h = f(z)
    return stds


@mistake("activation_stds", "you recorded the variance of each layer's output: take the standard "
         "deviation, np.std(h), not np.var(h).")
def activation_stds_variance(X, weights, activation):
    f = _act(activation)
    h, out = X, []
    for W in weights:
        h = f(h @ W)
        out.append(h.var())
    return out


@mistake("activation_stds", "your list starts with the spread of X itself, one entry too many: return "
         "one entry per layer, the first one after the first layer.")
def activation_stds_with_input(X, weights, activation):
    f = _act(activation)
    h, out = X, [X.std()]
    for W in weights:
        h = f(h @ W)
        out.append(h.std())
    return out


@mistake("activation_stds", "your list is shifted by one layer: it starts with the spread of X and misses "
         "the last layer's; record np.std(h) after each layer, not before it.")
def activation_stds_shifted(X, weights, activation):
    f = _act(activation)
    h, out = X, []
    for W in weights:
        out.append(h.std())
        h = f(h @ W)
    return out


@mistake("activation_stds", "you averaged the standard deviations of the columns (units): take the "
         "standard deviation of all entries of h at once, np.std(h).")
def activation_stds_per_unit(X, weights, activation):
    f = _act(activation)
    h, out = X, []
    for W in weights:
        h = f(h @ W)
        out.append(h.std(axis=0).mean())
    return out


@mistake("activation_stds", "the named activations were not applied (every string acted as 'linear'): map "
         "'tanh' to np.tanh and 'relu' to np.maximum(z, 0), and call a callable activation as it is.")
def activation_stds_no_activation(X, weights, activation):
    f = activation if callable(activation) else (lambda h: h)
    h, out = X, []
    for W in weights:
        h = f(h @ W)
        out.append(h.std())
    return out


@mistake("activation_stds", "you applied the activation before the matrix product (activation(h) @ W): "
         "each layer computes h = activation(h @ W).")
def activation_stds_activation_first(X, weights, activation):
    f = _act(activation)
    h, out = X, []
    for W in weights:
        h = f(h) @ W
        out.append(h.std())
    return out


MISTAKES = collect(globals())
