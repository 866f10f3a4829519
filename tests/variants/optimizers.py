"""Correct answers to the ``optimizers`` assignment in several styles (see ``__init__``)."""

from __future__ import annotations

import numpy as np

from . import collect, correct

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


@correct("rmsprop_step")
def rmsprop_copy_then_inplace(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    """In-place arithmetic on private copies; returns a list."""
    s = np.array(sq_avg, dtype=float)
    s *= alpha
    s += (1 - alpha) * grads * grads
    p = params.copy()
    p -= learning_rate * grads / (np.sqrt(s) + eps)
    return [p, s]


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


@correct("adam_step")
def adam_loop(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Entry by entry with Python floats and math.sqrt."""
    import math

    p_new, m_new, v_new = (np.empty(params.shape) for _ in range(3))
    for i in np.ndindex(params.shape):
        g = float(grads[i])
        m_new[i] = beta1 * m[i] + (1 - beta1) * g
        v_new[i] = beta2 * v[i] + (1 - beta2) * g * g
        m_hat = m_new[i] / (1 - beta1**t)
        v_hat = v_new[i] / (1 - beta2**t)
        p_new[i] = params[i] - learning_rate * m_hat / (math.sqrt(v_hat) + eps)
    return p_new, m_new, v_new


CORRECT = collect(globals())
