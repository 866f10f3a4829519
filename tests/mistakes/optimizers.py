"""Correct and wrong answers to the ``optimizers`` assignment (see ``__init__``)."""

from __future__ import annotations

import numpy as np

from . import collect, correct, mistake

# --------------------------------------------------------------------------------- correct


@correct("momentum_step")
def momentum_plain(params, grads, velocity, learning_rate, momentum=0.9):
    velocity = momentum * velocity + grads
    return params - learning_rate * velocity, velocity


@correct("momentum_step")
def momentum_copy_then_inplace(params, grads, velocity, learning_rate, momentum=0.9):
    """In-place arithmetic on private copies; returns a list."""
    v = velocity.copy()
    v *= momentum
    v += grads
    p = params.copy()
    p -= learning_rate * v
    return [p, v]


@correct("momentum_step")
def momentum_loop(params, grads, velocity, learning_rate, momentum=0.9):
    """Entry by entry over the flattened arrays."""
    v = np.empty_like(velocity, dtype=float)
    p = np.empty_like(params, dtype=float)
    for i in np.ndindex(params.shape):
        v[i] = momentum * velocity[i] + grads[i]
        p[i] = params[i] - learning_rate * v[i]
    return p, v


@correct("rmsprop_step")
def rmsprop_plain(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    sq_avg = alpha * sq_avg + (1 - alpha) * grads**2
    return params - learning_rate * grads / (np.sqrt(sq_avg) + eps), sq_avg


@correct("rmsprop_step")
def rmsprop_lerp(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    """The average written as an interpolation s + (1 - alpha) * (g^2 - s)."""
    s = sq_avg + (1 - alpha) * (np.square(grads) - sq_avg)
    scale = learning_rate / (s**0.5 + eps)
    return params - scale * grads, s


@correct("adam_step")
def adam_plain(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return params - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v


@correct("adam_step")
def adam_folded_step(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Bias corrections written with np.power and divisions grouped differently."""
    m_new = np.add(beta1 * m, (1 - beta1) * grads)
    v_new = np.add(beta2 * v, (1 - beta2) * np.square(grads))
    denom = np.sqrt(v_new / (1 - np.power(beta2, t))) + eps
    step = learning_rate * (m_new / (1 - np.power(beta1, t))) / denom
    return params - step, m_new, v_new


# -------------------------------------------------------------------------------- mistakes


@mistake("momentum_step", "raw gradient")
def momentum_lr_in_velocity(params, grads, velocity, learning_rate, momentum=0.9):
    """Puts the learning rate inside the velocity."""
    v = momentum * velocity + learning_rate * grads
    return params - v, v


@mistake("momentum_step", "(1 - momentum)")
def momentum_dampened(params, grads, velocity, learning_rate, momentum=0.9):
    """An exponential average of gradients."""
    v = momentum * velocity + (1 - momentum) * grads
    return params - learning_rate * v, v


@mistake("momentum_step", "new velocity")
def momentum_old_velocity(params, grads, velocity, learning_rate, momentum=0.9):
    """Steps with the old velocity."""
    return params - learning_rate * velocity, momentum * velocity + grads


@mistake("momentum_step", "in place")
def momentum_inplace(params, grads, velocity, learning_rate, momentum=0.9):
    """Updates the caller's arrays in place."""
    velocity *= momentum
    velocity += grads
    params -= learning_rate * velocity
    return params, velocity


@mistake("momentum_step", "subtract")
def momentum_ascent(params, grads, velocity, learning_rate, momentum=0.9):
    """Adds the step."""
    v = momentum * velocity + grads
    return params + learning_rate * v, v


@mistake("rmsprop_step", "eps belongs outside the square root")
def rmsprop_eps_inside(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    """Adds eps under the square root."""
    s = alpha * sq_avg + (1 - alpha) * grads**2
    return params - learning_rate * grads / np.sqrt(s + eps), s


@mistake("rmsprop_step", "alpha weights the old average")
def rmsprop_swapped_alpha(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    """Swaps alpha and 1 - alpha."""
    s = (1 - alpha) * sq_avg + alpha * grads**2
    return params - learning_rate * grads / (np.sqrt(s) + eps), s


@mistake("rmsprop_step", "squared gradients")
def rmsprop_no_square(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    """Averages |g| instead of g**2 (sign lost, never squared)."""
    s = alpha * sq_avg + (1 - alpha) * grads
    with np.errstate(invalid="ignore"):
        return params - learning_rate * grads / (np.sqrt(s) + eps), s


@mistake("rmsprop_step", "update the average first")
def rmsprop_old_average(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    """Divides by the old average."""
    s = alpha * sq_avg + (1 - alpha) * grads**2
    with np.errstate(divide="ignore", invalid="ignore"):
        return params - learning_rate * grads / (np.sqrt(sq_avg) + eps), s


@mistake("rmsprop_step", "square root")
def rmsprop_no_sqrt(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    """Divides by the average itself."""
    s = alpha * sq_avg + (1 - alpha) * grads**2
    return params - learning_rate * grads / (s + eps), s


@mistake("rmsprop_step", "add eps")
def rmsprop_no_eps(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    """Forgets eps."""
    s = alpha * sq_avg + (1 - alpha) * grads**2
    with np.errstate(divide="ignore", invalid="ignore"):
        return params - learning_rate * grads / np.sqrt(s), s


@mistake("adam_step", "bias correction")
def adam_no_bias_correction(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Skips the bias correction."""
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads**2
    return params - learning_rate * m / (np.sqrt(v) + eps), m, v


@mistake("adam_step", "t counts steps from 1")
def adam_t_minus_one(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Uses t - 1 in the exponents."""
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads**2
    with np.errstate(divide="ignore", invalid="ignore"):
        m_hat = m / (1 - beta1 ** (t - 1))
        v_hat = v / (1 - beta2 ** (t - 1))
        return params - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v


@mistake("adam_step", "eps belongs outside the square root")
def adam_eps_inside(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """eps under the square root."""
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return params - learning_rate * m_hat / np.sqrt(v_hat + eps), m, v


@mistake("adam_step", "beta1 goes with the mean")
def adam_swapped_betas(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """beta2 for m and beta1 for v."""
    m = beta2 * m + (1 - beta2) * grads
    v = beta1 * v + (1 - beta1) * grads**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return params - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v


@mistake("adam_step", "raw moments")
def adam_returns_corrected(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Returns m_hat and v_hat as the new state."""
    m = (beta1 * m + (1 - beta1) * grads) / (1 - beta1**t)
    v = (beta2 * v + (1 - beta2) * grads**2) / (1 - beta2**t)
    return params - learning_rate * m / (np.sqrt(v) + eps), m, v


@mistake("adam_step", "in place")
def adam_inplace_moments(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Updates the caller's m and v in place."""
    m *= beta1
    m += (1 - beta1) * grads
    v *= beta2
    v += (1 - beta2) * grads**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return params - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v


CORRECT, MISTAKES = collect(globals())
