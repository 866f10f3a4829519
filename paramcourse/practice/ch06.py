"""Practice of chapter 6, optimizers: how far momentum moves the parameters over a run, Adam's
bias-corrected running average, and a learning-rate schedule with linear warm-up and cosine decay.

(The graded assignment ``optimizers`` has the single steps ``momentum_step``, ``rmsprop_step`` and
``adam_step``; these exercises look at whole runs instead.)"""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

_rng = np.random.default_rng(606)

# ----------------------------------------------------------------------- momentum_displacement


def _momentum_displacement(grads, learning_rate, beta):
    v = np.zeros_like(grads[0])
    total = np.zeros_like(grads[0])
    for g in grads:
        v = beta * v + g
        total = total + v
    return -learning_rate * total


def _averaged_velocity(grads, learning_rate, beta):
    v = np.zeros_like(grads[0])
    total = np.zeros_like(grads[0])
    for g in grads:
        v = beta * v + (1 - beta) * g
        total = total + v
    return -learning_rate * total


def _no_momentum(grads, learning_rate, beta):
    return -learning_rate * grads.sum(axis=0)


def _uphill_momentum(grads, learning_rate, beta):
    v = np.zeros_like(grads[0])
    total = np.zeros_like(grads[0])
    for g in grads:
        v = beta * v + g
        total = total + v
    return learning_rate * total


def _last_step_only(grads, learning_rate, beta):
    v = np.zeros_like(grads[0])
    for g in grads:
        v = beta * v + g
    return -learning_rate * v


_DISPLACEMENT_CASES = [
    Case("5 random gradients of 2 coordinates, learning rate 0.1, beta = 0.9",
         (_rng.normal(0.5, 1.0, (5, 2)), 0.1, 0.9)),
    Case("3 random gradients of 2 coordinates, learning rate 0.01, beta = 0.5",
         (_rng.normal(-1.0, 2.0, (3, 2)), 0.01, 0.5)),
    Case("8 equal gradients (1, -2), learning rate 0.1, beta = 0.9", (np.tile([1.0, -2.0], (8, 1)), 0.1, 0.9)),
    Case("a single gradient (0.4, 3), learning rate 0.5, beta = 0.9", (np.array([[0.4, 3.0]]), 0.5, 0.9)),
]

# --------------------------------------------------------------------- bias_corrected_average


def _bias_corrected_average(grads, beta):
    m = np.zeros_like(grads[0])
    for t, g in enumerate(grads, start=1):
        m = beta * m + (1 - beta) * g
    return m / (1 - beta**t)


def _uncorrected_average(grads, beta):
    m = np.zeros_like(grads[0])
    for g in grads:
        m = beta * m + (1 - beta) * g
    return m


def _steps_counted_from_zero(grads, beta):
    m = np.zeros_like(grads[0])
    for t, g in enumerate(grads):
        m = beta * m + (1 - beta) * g
    return m / (1 - beta**t)


def _corrected_value_fed_back(grads, beta):
    m = np.zeros_like(grads[0])
    for t, g in enumerate(grads, start=1):
        m = beta * m + (1 - beta) * g
        m = m / (1 - beta**t)
    return m


_AVERAGE_CASES = [
    Case("6 gradients of 2 coordinates with mean 2, beta = 0.9", (2.0 + _rng.standard_normal((6, 2)), 0.9)),
    Case("3 gradients of 2 coordinates, beta = 0.5", (_rng.normal(-1.0, 1.0, (3, 2)), 0.5)),
    Case("a single gradient (0.3, -4), beta = 0.9", (np.array([[0.3, -4.0]]), 0.9)),
]

# ------------------------------------------------------------------------ warmup_cosine_rates


def _warmup_cosine_rates(learning_rate, n_steps, warmup_steps):
    t = np.arange(n_steps)
    warmup = np.minimum(1.0, (t + 1) / warmup_steps)
    cosine = 0.5 * (1 + np.cos(np.pi * t / n_steps))
    return learning_rate * warmup * cosine


def _warmup_from_zero(learning_rate, n_steps, warmup_steps):
    t = np.arange(n_steps)
    warmup = np.minimum(1.0, t / warmup_steps)
    return learning_rate * warmup * 0.5 * (1 + np.cos(np.pi * t / n_steps))


def _full_cosine_period(learning_rate, n_steps, warmup_steps):
    t = np.arange(n_steps)
    warmup = np.minimum(1.0, (t + 1) / warmup_steps)
    return learning_rate * warmup * 0.5 * (1 + np.cos(2 * np.pi * t / n_steps))


def _cosine_without_half(learning_rate, n_steps, warmup_steps):
    t = np.arange(n_steps)
    warmup = np.minimum(1.0, (t + 1) / warmup_steps)
    return learning_rate * warmup * (1 + np.cos(np.pi * t / n_steps))


_SCHEDULE_CASES = [
    Case("learning rate 0.1, 20 steps, 5 of warm-up", (0.1, 20, 5)),
    Case("learning rate 0.05, 20 steps, 1 of warm-up", (0.05, 20, 1)),
    Case("learning rate 1, 20 steps, 8 of warm-up", (1.0, 20, 8)),
]

EXERCISES = (
    Exercise(
        name="momentum_displacement",
        solution=_momentum_displacement,
        cases=_DISPLACEMENT_CASES,
        formula="start from v = 0; for each gradient g_t set v = beta * v + g_t; return "
                "-learning_rate * (v_1 + ... + v_T), an array of the shape of one gradient.",
        mistakes=[
            Mistake("momentum_displacement", _averaged_velocity,
                    "you wrote the averaged form beta * v + (1 - beta) * g; the book's (PyTorch's) velocity "
                    "adds the whole gradient: v = beta * v + g."),
            Mistake("momentum_displacement", _no_momentum,
                    "that is the displacement of plain gradient descent, -learning_rate times the sum of the "
                    "gradients: momentum steps along the velocity v = beta * v + g instead."),
            Mistake("momentum_displacement", _uphill_momentum,
                    "the parameters moved uphill: every step is -learning_rate * v, so the sum carries a minus "
                    "sign."),
            Mistake("momentum_displacement", _last_step_only,
                    "you returned only the last step; the displacement adds up the steps of all T updates."),
        ],
        arg_names=("grads", "learning_rate", "beta"),
    ),
    Exercise(
        name="bias_corrected_average",
        solution=_bias_corrected_average,
        cases=_AVERAGE_CASES,
        formula="start from m = 0; for t = 1, ..., T set m = beta * m + (1 - beta) * g_t; return "
                "m / (1 - beta**T), an array of the shape of one gradient.",
        mistakes=[
            Mistake("bias_corrected_average", _uncorrected_average,
                    "that is the raw average m_T, too small after few steps: divide it by 1 - beta**T."),
            Mistake("bias_corrected_average", _steps_counted_from_zero,
                    "t counts the steps from 1, so after T gradients the factor is 1 - beta**T (after one "
                    "gradient 1 - beta, not 1 - beta**0 = 0): use enumerate(grads, start=1)."),
            Mistake("bias_corrected_average", _corrected_value_fed_back,
                    "you fed the corrected value back into the recursion: keep the raw m for the next step "
                    "and divide only the final value."),
        ],
        arg_names=("grads", "beta"),
    ),
    Exercise(
        name="warmup_cosine_rates",
        solution=_warmup_cosine_rates,
        cases=_SCHEDULE_CASES,
        formula="for t = 0, ..., n_steps - 1: learning_rate * min(1, (t + 1) / warmup_steps) "
                "* (1 + cos(pi * t / n_steps)) / 2, as an array of shape (n_steps,).",
        mistakes=[
            Mistake("warmup_cosine_rates", _warmup_from_zero,
                    "your first rate is 0, so the first step does not move: the ramp is (t + 1) / warmup_steps, "
                    "which reaches the full rate at t = warmup_steps - 1."),
            Mistake("warmup_cosine_rates", _full_cosine_period,
                    "your rate comes back up at the end: the decay is half a cosine, cos(pi * t / n_steps), "
                    "not a full period."),
            Mistake("warmup_cosine_rates", _cosine_without_half,
                    "your rates are twice too large: 1 + cos(...) runs from 2 to 0, so halve it to run from "
                    "1 to 0."),
        ],
        pure=False,
        arg_names=("learning_rate", "n_steps", "warmup_steps"),
    ),
)
