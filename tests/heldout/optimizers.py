"""Held-out wrong implementations for the ``optimizers`` assignment."""
from __future__ import annotations

import numpy as np

from . import collect, held_out


# ---------------------------------------------------------------- momentum

@held_out("momentum_step", "uses the dampened (exponential-average) velocity v = momentum * v + "
          "(1 - momentum) * g instead of v = momentum * v + g")
def momentum_step_dampened(params, grads, velocity, learning_rate, momentum=0.9):
    v = momentum * velocity + (1 - momentum) * grads
    return params - learning_rate * v, v


@held_out("momentum_step", "folds the learning rate into the velocity (v = momentum * v + "
          "learning_rate * g; params = params - v), so the returned velocity is scaled by the "
          "learning rate and the step is wrong whenever the incoming velocity is non-zero")
def momentum_step_lr_in_velocity(params, grads, velocity, learning_rate, momentum=0.9):
    v = momentum * velocity + learning_rate * grads
    return params - v, v


@held_out("momentum_step", "moves the parameters with the old velocity and only then updates the "
          "velocity, instead of updating the velocity first")
def momentum_step_uses_old_velocity(params, grads, velocity, learning_rate, momentum=0.9):
    new_params = params - learning_rate * velocity
    return new_params, momentum * velocity + grads


@held_out("momentum_step", "updates params and velocity in place (velocity *= momentum; "
          "params -= ...), so the caller's arrays are changed; the returned values are right")
def momentum_step_in_place(params, grads, velocity, learning_rate, momentum=0.9):
    velocity *= momentum
    velocity += grads
    params -= learning_rate * velocity
    return params, velocity


# ---------------------------------------------------------------- rmsprop

@held_out("rmsprop_step", "adds eps inside the square root (sqrt(s + eps)) instead of after it "
          "(sqrt(s) + eps); only visible when s is tiny compared with eps or eps is large")
def rmsprop_step_eps_inside_sqrt(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    s = alpha * sq_avg + (1 - alpha) * grads ** 2
    return params - learning_rate * grads / np.sqrt(s + eps), s


@held_out("rmsprop_step", "divides by the square root of the old running average (before this "
          "step's update), so the first step divides by sqrt(0) + eps and explodes")
def rmsprop_step_old_average(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    new_params = params - learning_rate * grads / (np.sqrt(sq_avg) + eps)
    return new_params, alpha * sq_avg + (1 - alpha) * grads ** 2


@held_out("rmsprop_step", "swaps the weights of the running average (s = (1 - alpha) * s + alpha "
          "* g**2), so the new squared gradient gets weight alpha (right only when alpha == 0.5)")
def rmsprop_step_alpha_swapped(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    s = (1 - alpha) * sq_avg + alpha * grads ** 2
    return params - learning_rate * grads / (np.sqrt(s) + eps), s


@held_out("rmsprop_step", "divides the gradient by s + eps without taking the square root of the "
          "running average of squared gradients")
def rmsprop_step_no_sqrt(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    s = alpha * sq_avg + (1 - alpha) * grads ** 2
    return params - learning_rate * grads / (s + eps), s


# ---------------------------------------------------------------- adam

@held_out("adam_step", "leaves out the bias correction: uses m and v directly instead of "
          "m / (1 - beta1**t) and v / (1 - beta2**t)")
def adam_step_no_bias_correction(params, grads, m, v, t, learning_rate=0.001,
                                 beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads ** 2
    return params - learning_rate * m / (np.sqrt(v) + eps), m, v


@held_out("adam_step", "bias-corrects with t - 1 instead of t (1 - beta**(t - 1)), which divides "
          "by zero at the first step t = 1")
def adam_step_correction_t_minus_one(params, grads, m, v, t, learning_rate=0.001,
                                     beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads ** 2
    m_hat = m / (1 - beta1 ** (t - 1))
    v_hat = v / (1 - beta2 ** (t - 1))
    return params - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v


@held_out("adam_step", "treats t as counting from 0 and bias-corrects with t + 1 instead of t")
def adam_step_correction_t_plus_one(params, grads, m, v, t, learning_rate=0.001,
                                    beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads ** 2
    m_hat = m / (1 - beta1 ** (t + 1))
    v_hat = v / (1 - beta2 ** (t + 1))
    return params - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v


@held_out("adam_step", "returns the bias-corrected moments m_hat and v_hat instead of the raw m "
          "and v (the parameter update itself is right)")
def adam_step_returns_corrected_moments(params, grads, m, v, t, learning_rate=0.001,
                                        beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return params - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat


@held_out("adam_step", "bias-corrects the first moment but not the second (divides m by "
          "1 - beta1**t and uses v as it is)")
def adam_step_corrects_only_m(params, grads, m, v, t, learning_rate=0.001,
                              beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads ** 2
    m_hat = m / (1 - beta1 ** t)
    return params - learning_rate * m_hat / (np.sqrt(v) + eps), m, v


@held_out("adam_step", "adds eps inside the square root (sqrt(v_hat + eps)) instead of after it; "
          "only visible when v_hat is not much larger than eps (small gradients or large eps)")
def adam_step_eps_inside_sqrt(params, grads, m, v, t, learning_rate=0.001,
                              beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grads
    v = beta2 * v + (1 - beta2) * grads ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return params - learning_rate * m_hat / np.sqrt(v_hat + eps), m, v


# Held-out mistakes whose hint names a catalogued mistake, each judged by reading the named
# hint against the true cause above: the same mistake, so naming it is right.
SAME_AS = {
    'momentum_step_dampened': ('momentum_dampened',),
    'momentum_step_lr_in_velocity': ('momentum_lr_in_velocity',),
    'momentum_step_uses_old_velocity': ('momentum_old_velocity',),
    'momentum_step_in_place': ('momentum_inplace',),
    'rmsprop_step_eps_inside_sqrt': ('rmsprop_eps_inside',),
    'rmsprop_step_old_average': ('rmsprop_old_average',),
    'rmsprop_step_alpha_swapped': ('rmsprop_swapped_alpha',),
    'rmsprop_step_no_sqrt': ('rmsprop_no_sqrt',),
    'adam_step_no_bias_correction': ('adam_no_bias_correction',),
    'adam_step_correction_t_minus_one': ('adam_t_minus_one',),
    'adam_step_correction_t_plus_one': ('adam_t_plus_one',),
    'adam_step_returns_corrected_moments': ('adam_returns_corrected',),
    'adam_step_corrects_only_m': ('adam_only_m_corrected',),
    'adam_step_eps_inside_sqrt': ('adam_eps_inside',),
}

HELD_OUT = collect(globals())
