"""Plausible wrong answers to the ``optimizers`` assignment, each with the hint it gets.

The grader names one of these only when it reproduces the student's results on every input of
a check (:mod:`paramcourse.grading.diagnosis`). Each function has the contract's signature.
"""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import collect, mistake

# ------------------------------------------------------------------------------ momentum_step


@mistake("momentum_step", "the velocity you return includes the learning rate: the velocity "
         "accumulates the raw gradient, v = momentum * v + g, and the learning rate enters only in "
         "params = params - learning_rate * v.")
def momentum_lr_in_velocity(params, grads, velocity, learning_rate, momentum=0.9):
    v = momentum * velocity + learning_rate * grads
    return params - v, v


@mistake("momentum_step", "your velocity is an exponential average of the gradients: there is no "
         "(1 - momentum) factor on the gradient, v = momentum * v + g.")
def momentum_dampened(params, grads, velocity, learning_rate, momentum=0.9):
    v = momentum * velocity + (1 - momentum) * grads
    return params - learning_rate * v, v


@mistake("momentum_step", "your velocity points against the gradient (v = momentum * v - g, params "
         "= params + learning_rate * v): keep the sign convention of the task, v = momentum * v + g "
         "and params = params - learning_rate * v.")
def momentum_negative_velocity(params, grads, velocity, learning_rate, momentum=0.9):
    v = momentum * velocity - grads
    return params + learning_rate * v, v


@mistake("momentum_step", "the parameters moved with the old velocity: update the velocity first, "
         "then move the parameters with the new one, params = params - learning_rate * v_new.")
def momentum_old_velocity(params, grads, velocity, learning_rate, momentum=0.9):
    return params - learning_rate * velocity, momentum * velocity + grads


@mistake("momentum_step", "the parameters moved uphill: subtract the step, params = params - "
         "learning_rate * v.")
def momentum_ascent(params, grads, velocity, learning_rate, momentum=0.9):
    v = momentum * velocity + grads
    return params + learning_rate * v, v


@mistake("momentum_step", "that is Nesterov's momentum (a look-ahead step g + momentum * v); the task "
         "is the classical form params = params - learning_rate * v.")
def momentum_nesterov(params, grads, velocity, learning_rate, momentum=0.9):
    v = momentum * velocity + grads
    return params - learning_rate * (grads + momentum * v), v


@mistake("momentum_step", "the momentum argument was ignored (a fixed 0.9 was used): use the value "
         "passed in.")
def momentum_fixed_momentum(params, grads, velocity, learning_rate, momentum=0.9):
    v = 0.9 * velocity + grads
    return params - learning_rate * v, v


@mistake("momentum_step", "your function updates the caller's params and velocity in place (*=, +=, "
         "-=): compute new arrays, v = momentum * velocity + grads and params - learning_rate * v.")
def momentum_inplace(params, grads, velocity, learning_rate, momentum=0.9):
    velocity *= momentum
    velocity += grads
    params -= learning_rate * velocity
    return params, velocity


# ------------------------------------------------------------------------------- rmsprop_step


def _rmsprop_update(params, grads, s, learning_rate, eps):
    with np.errstate(divide="ignore", invalid="ignore"):
        return params - learning_rate * grads / (np.sqrt(s) + eps)


@mistake("rmsprop_step", "eps belongs outside the square root: g / (sqrt(s) + eps), not g / "
         "sqrt(s + eps) (the difference shows when gradients are tiny).")
def rmsprop_eps_inside(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    s = alpha * sq_avg + (1 - alpha) * grads**2
    return params - learning_rate * grads / np.sqrt(s + eps), s


@mistake("rmsprop_step", "alpha and 1 - alpha are swapped: alpha weights the old average, s = alpha * "
         "s + (1 - alpha) * g**2.")
def rmsprop_swapped_alpha(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    s = (1 - alpha) * sq_avg + alpha * grads**2
    return _rmsprop_update(params, grads, s, learning_rate, eps), s


@mistake("rmsprop_step", "the gradient is not squared in the running average: it averages squared "
         "gradients, s = alpha * s + (1 - alpha) * g**2.")
def rmsprop_no_square(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    s = alpha * sq_avg + (1 - alpha) * grads
    return _rmsprop_update(params, grads, s, learning_rate, eps), s


@mistake("rmsprop_step", "the new squared gradient lacks its weight (1 - alpha): s = alpha * s + "
         "(1 - alpha) * g**2.")
def rmsprop_no_one_minus(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    s = alpha * sq_avg + grads**2
    return _rmsprop_update(params, grads, s, learning_rate, eps), s


@mistake("rmsprop_step", "the step divides by the old average: update the average first, then divide "
         "by the square root of the new one.")
def rmsprop_old_average(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    s = alpha * sq_avg + (1 - alpha) * grads**2
    return _rmsprop_update(params, grads, sq_avg, learning_rate, eps), s


@mistake("rmsprop_step", "the step divides by the average itself: divide by its square root, g / "
         "(sqrt(s) + eps).")
def rmsprop_no_sqrt(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    s = alpha * sq_avg + (1 - alpha) * grads**2
    with np.errstate(divide="ignore", invalid="ignore"):
        return params - learning_rate * grads / (s + eps), s


@mistake("rmsprop_step", "eps is missing from the denominator: divide by sqrt(s) + eps (without it a "
         "zero average divides by zero).")
def rmsprop_no_eps(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    s = alpha * sq_avg + (1 - alpha) * grads**2
    with np.errstate(divide="ignore", invalid="ignore"):
        return params - learning_rate * grads / np.sqrt(s), s


@mistake("rmsprop_step", "the parameters moved uphill: subtract the step, params = params - "
         "learning_rate * g / (sqrt(s) + eps).")
def rmsprop_ascent(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    s = alpha * sq_avg + (1 - alpha) * grads**2
    return params + learning_rate * grads / (np.sqrt(s) + eps), s


@mistake("rmsprop_step", "your function updates the caller's sq_avg in place (*=, +=): compute a new "
         "array, s = alpha * sq_avg + (1 - alpha) * grads**2.")
def rmsprop_inplace(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8):
    sq_avg *= alpha
    sq_avg += (1 - alpha) * grads**2
    return _rmsprop_update(params, grads, sq_avg, learning_rate, eps), sq_avg


# ---------------------------------------------------------------------------------- adam_step


def _adam(params, grads, m, v, t, learning_rate, beta1, beta2, eps, *, correct_m=True, correct_v=True,
          exponent=None, eps_inside=False, return_hats=False):
    """Adam with one known slip switched on by a keyword."""
    m_new = beta1 * m + (1 - beta1) * grads
    v_new = beta2 * v + (1 - beta2) * grads**2
    power = t if exponent is None else exponent
    with np.errstate(divide="ignore", invalid="ignore"):
        m_hat = m_new / (1 - beta1**power) if correct_m else m_new
        v_hat = v_new / (1 - beta2**power) if correct_v else v_new
        step = m_hat / np.sqrt(v_hat + eps) if eps_inside else m_hat / (np.sqrt(v_hat) + eps)
    new_params = params - learning_rate * step
    return (new_params, m_hat, v_hat) if return_hats else (new_params, m_new, v_new)


@mistake("adam_step", "the bias correction is missing: divide m by (1 - beta1**t) and v by "
         "(1 - beta2**t) before the update (it matters most in the first steps, when m and v start "
         "at zero).")
def adam_no_bias_correction(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam(params, grads, m, v, t, learning_rate, beta1, beta2, eps, correct_m=False, correct_v=False)


@mistake("adam_step", "only m is bias-corrected: correct both moments, v_hat = v / (1 - beta2**t) as "
         "well as m_hat = m / (1 - beta1**t).")
def adam_only_m_corrected(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam(params, grads, m, v, t, learning_rate, beta1, beta2, eps, correct_v=False)


@mistake("adam_step", "the bias correction uses t - 1: t counts steps from 1 and is this step's "
         "number, so use beta1**t and beta2**t with the t you are given.")
def adam_t_minus_one(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam(params, grads, m, v, t, learning_rate, beta1, beta2, eps, exponent=t - 1)


@mistake("adam_step", "the bias correction uses t + 1: t is passed in already counting from 1, so use "
         "beta1**t and beta2**t.")
def adam_t_plus_one(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam(params, grads, m, v, t, learning_rate, beta1, beta2, eps, exponent=t + 1)


@mistake("adam_step", "eps belongs outside the square root: m_hat / (sqrt(v_hat) + eps), not "
         "m_hat / sqrt(v_hat + eps).")
def adam_eps_inside(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam(params, grads, m, v, t, learning_rate, beta1, beta2, eps, eps_inside=True)


@mistake("adam_step", "eps is missing from the denominator: divide by sqrt(v_hat) + eps (without it a "
         "zero gradient with zero moments divides 0 by 0).")
def adam_no_eps(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam(params, grads, m, v, t, learning_rate, beta1, beta2, 0.0)


@mistake("adam_step", "beta1 and beta2 are swapped in the moment updates: beta1 goes with the mean m "
         "and beta2 with the squared gradients v.")
def adam_swapped_betas(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta2 * m + (1 - beta2) * grads
    v_new = beta1 * v + (1 - beta1) * grads**2
    m_hat, v_hat = m_new / (1 - beta1**t), v_new / (1 - beta2**t)
    return params - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


@mistake("adam_step", "the new gradient lacks its weight in the moments: m = beta1*m + (1-beta1)*g "
         "and v = beta2*v + (1-beta2)*g**2.")
def adam_no_one_minus(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + grads
    v_new = beta2 * v + grads**2
    m_hat, v_hat = m_new / (1 - beta1**t), v_new / (1 - beta2**t)
    return params - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


@mistake("adam_step", "you returned the bias-corrected m_hat and v_hat as the new state: return the "
         "raw moments m and v (they carry over to the next step); m_hat and v_hat are only used for "
         "this step's update.")
def adam_returns_corrected(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    return _adam(params, grads, m, v, t, learning_rate, beta1, beta2, eps, return_hats=True)


@mistake("adam_step", "your function updates the caller's m and v in place (*=, +=): compute new "
         "arrays, m = beta1 * m + (1 - beta1) * grads (and likewise v).")
def adam_inplace_moments(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m *= beta1
    m += (1 - beta1) * grads
    v *= beta2
    v += (1 - beta2) * grads**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return params - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v


MISTAKES = collect(globals())
