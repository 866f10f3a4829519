r"""Checks of the ``optimizers`` assignment: one pure step of momentum, RMSprop and Adam.

Contract (design.md), with ``g`` the gradient:

* momentum: ``v = momentum * v + g``; ``params = params - learning_rate * v``;
* RMSprop: ``s = alpha * s + (1 - alpha) * g**2``; ``params = params - learning_rate * g / (sqrt(s) + eps)``;
* Adam (``t`` counts from 1): ``m = beta1 m + (1 - beta1) g``, ``v = beta2 v + (1 - beta2) g**2``,
  ``m_hat = m / (1 - beta1**t)``, ``v_hat = v / (1 - beta2**t)``,
  ``params = params - learning_rate * m_hat / (sqrt(v_hat) + eps)``.

Each step returns new arrays and changes no input. The references below take a ``mistake``
keyword that builds in one known error, so that a wrong answer can be matched to its cause.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ..compare import (
    assert_close,
    assert_unchanged,
    call,
    close,
    diagnose,
    fail,
    fmt,
    to_array,
)

__all__ = [
    "CHECKS",
    "check_adam_step_hidden",
    "check_adam_step_sequence",
    "check_adam_step_values",
    "check_momentum_step_hidden",
    "check_momentum_step_sequence",
    "check_momentum_step_values",
    "check_rmsprop_step_hidden",
    "check_rmsprop_step_sequence",
    "check_rmsprop_step_values",
]

# The notebook's worked example. The last gradient entry is tiny, which makes the place of eps
# (inside or outside the square root) visible in RMSprop and Adam.
PARAMS_EXAMPLE = np.array([1.0, -2.0, 0.5])
GRADS_EXAMPLE = np.array([0.5, -1.0, 1e-6])
VELOCITY_EXAMPLE = np.array([0.1, 0.2, 0.0])
SQ_AVG_EXAMPLE = np.array([0.04, 0.5, 0.0])
M_EXAMPLE = np.array([0.05, -0.1, 0.0])
V_EXAMPLE = np.array([0.002, 0.01, 0.0])


def notebook_example_names() -> dict[str, object]:
    """The names under which the notebook's setup cell defines the example arrays."""
    return {
        "params_example": PARAMS_EXAMPLE,
        "grads_example": GRADS_EXAMPLE,
        "velocity_example": VELOCITY_EXAMPLE,
        "sq_avg_example": SQ_AVG_EXAMPLE,
        "m_example": M_EXAMPLE,
        "v_example": V_EXAMPLE,
    }


# ------------------------------------------------------------------------------- references


def _momentum(params, grads, velocity, learning_rate, momentum=0.9, mistake=None):
    if mistake == "lr_in_velocity":
        v = momentum * velocity + learning_rate * grads
        return params - v, v
    if mistake == "dampening":
        v = momentum * velocity + (1 - momentum) * grads
    elif mistake == "negative_velocity":
        v = momentum * velocity - grads
        return params + learning_rate * v, v
    else:
        v = momentum * velocity + grads
    if mistake == "old_velocity":
        return params - learning_rate * velocity, v
    if mistake == "ascent":
        return params + learning_rate * v, v
    if mistake == "nesterov":
        return params - learning_rate * (grads + momentum * v), v
    return params - learning_rate * v, v


MOMENTUM_MISTAKES = {
    "lr_in_velocity": "the velocity accumulates the raw gradient, v = momentum * v + g; the "
    "learning rate enters only in params = params - learning_rate * v (your params may be right, "
    "but the velocity you return is scaled by the learning rate).",
    "dampening": "there is no (1 - momentum) factor on the gradient: v = momentum * v + g.",
    "negative_velocity": "keep the sign convention of the task: v = momentum * v + g and "
    "params = params - learning_rate * v.",
    "old_velocity": "update the velocity first, then move the parameters with the new "
    "velocity: params = params - learning_rate * v_new.",
    "ascent": "subtract the step: params = params - learning_rate * v.",
    "nesterov": "that is Nesterov's momentum; the task is the classical form params = params - "
    "learning_rate * v.",
}
MOMENTUM_FORMULA = "v = momentum * v + g, then params = params - learning_rate * v"


def _rmsprop(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8, mistake=None):
    if mistake == "swapped_alpha":
        s = (1 - alpha) * sq_avg + alpha * grads**2
    elif mistake == "no_square":
        s = alpha * sq_avg + (1 - alpha) * grads
    elif mistake == "no_one_minus":
        s = alpha * sq_avg + grads**2
    else:
        s = alpha * sq_avg + (1 - alpha) * grads**2
    denom_s = sq_avg if mistake == "old_average" else s
    with np.errstate(divide="ignore", invalid="ignore"):
        if mistake == "eps_inside":
            step = grads / np.sqrt(denom_s + eps)
        elif mistake == "no_sqrt":
            step = grads / (denom_s + eps)
        elif mistake == "no_eps":
            step = grads / np.sqrt(denom_s)
        else:
            step = grads / (np.sqrt(denom_s) + eps)
    sign = 1.0 if mistake == "ascent" else -1.0
    return params + sign * learning_rate * step, s


RMSPROP_MISTAKES = {
    "eps_inside": "eps belongs outside the square root: g / (sqrt(s) + eps), not g / "
    "sqrt(s + eps) (the difference shows when gradients are tiny).",
    "swapped_alpha": "alpha weights the old average: s = alpha * s + (1 - alpha) * g**2.",
    "no_square": "the average is over squared gradients: s = alpha * s + (1 - alpha) * g**2.",
    "no_one_minus": "the new squared gradient is weighted by (1 - alpha): s = alpha * s + "
    "(1 - alpha) * g**2.",
    "old_average": "update the average first, then divide by the square root of the new one.",
    "no_sqrt": "divide by the square root of the average: g / (sqrt(s) + eps).",
    "no_eps": "add eps to the denominator, g / (sqrt(s) + eps): without it a zero average "
    "divides by zero.",
    "ascent": "subtract the step: params = params - learning_rate * g / (sqrt(s) + eps).",
}
RMSPROP_FORMULA = ("s = alpha * s + (1 - alpha) * g**2, then params = params - learning_rate * g / "
                   "(sqrt(s) + eps)")


def _adam(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8, mistake=None):
    if mistake == "swapped_betas":
        m_new = beta2 * m + (1 - beta2) * grads
        v_new = beta1 * v + (1 - beta1) * grads**2
    elif mistake == "no_one_minus":
        m_new = beta1 * m + grads
        v_new = beta2 * v + grads**2
    else:
        m_new = beta1 * m + (1 - beta1) * grads
        v_new = beta2 * v + (1 - beta2) * grads**2
    exponent = {"t_minus_one": t - 1, "t_plus_one": t + 1}.get(mistake, t)
    with np.errstate(divide="ignore", invalid="ignore"):
        if mistake == "no_bias_correction":
            m_hat, v_hat = m_new, v_new
        elif mistake == "only_m_corrected":
            m_hat, v_hat = m_new / (1 - beta1**exponent), v_new
        else:
            m_hat = m_new / (1 - beta1**exponent)
            v_hat = v_new / (1 - beta2**exponent)
        if mistake == "eps_inside":
            step = m_hat / np.sqrt(v_hat + eps)
        else:
            step = m_hat / (np.sqrt(v_hat) + eps)
    new_params = params - learning_rate * step
    if mistake == "returns_hat":
        return new_params, m_hat, v_hat
    return new_params, m_new, v_new


ADAM_MISTAKES = {
    "no_bias_correction": "the bias correction is missing: divide by (1 - beta1**t) and "
    "(1 - beta2**t) before the update (it matters most in the first steps, when m and v start "
    "at zero).",
    "only_m_corrected": "correct both moments: v_hat = v / (1 - beta2**t) as well as m_hat.",
    "t_minus_one": "t counts steps from 1: use beta1**t and beta2**t with the t you are given "
    "(not t - 1).",
    "t_plus_one": "t counts steps from 1 and is passed in already: use beta1**t, not beta1**(t + 1).",
    "eps_inside": "eps belongs outside the square root: m_hat / (sqrt(v_hat) + eps).",
    "swapped_betas": "beta1 goes with the mean m and beta2 with the squared gradients v.",
    "no_one_minus": "weight the new gradient by (1 - beta1) in m and (1 - beta2) in v.",
    "returns_hat": "return the raw moments m and v (they carry over to the next step); the "
    "bias-corrected m_hat and v_hat are only used for this step's update.",
}
ADAM_FORMULA = ("m = beta1*m + (1-beta1)*g; v = beta2*v + (1-beta2)*g**2; m_hat = m/(1-beta1**t); "
                "v_hat = v/(1-beta2**t); params = params - learning_rate * m_hat/(sqrt(v_hat) + eps)")


class Optimizer(NamedTuple):
    """What the generic checks need to know about one step function."""

    name: str
    reference: Callable
    arguments: tuple[str, ...]  # the positional arguments the checks pass
    outputs: tuple[str, ...]
    mistakes: dict[str, str]
    formula: str


_OPTIMIZERS = {
    "momentum_step": Optimizer("momentum_step", _momentum, ("params", "grads", "velocity", "learning_rate"), ("params", "velocity"), MOMENTUM_MISTAKES,
                               MOMENTUM_FORMULA),
    "rmsprop_step": Optimizer("rmsprop_step", _rmsprop, ("params", "grads", "sq_avg"), ("params", "sq_avg"), RMSPROP_MISTAKES,
                              RMSPROP_FORMULA),
    "adam_step": Optimizer("adam_step", _adam, ("params", "grads", "m", "v", "t"), ("params", "m", "v"), ADAM_MISTAKES, ADAM_FORMULA),
}

# ----------------------------------------------------------------------------- generic check


def _show(value) -> str:
    return fmt(value) if isinstance(value, np.ndarray) else repr(value)


def _check_step(func: Callable, opt: Optimizer, args: tuple, kwargs: dict, label: str) -> tuple[np.ndarray, ...]:
    """Call ``func(*args, **kwargs)`` on copies and compare every output with the reference."""
    names = opt.arguments
    shown = ", ".join(f"{n}={_show(a)}" for n, a in zip(names, args))
    shown += "".join(f", {k}={fmt(v)}" for k, v in kwargs.items())
    what = f"{opt.name}({shown}){label}"
    private = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    result = call(func, *private, what=what, **kwargs)
    k = len(opt.outputs)
    if type(result) not in (tuple, list) or len(result) != k:
        fail(f"{what} should return {k} arrays ({', '.join(opt.outputs)}); got {fmt(result)}.",
             f"end with return {', '.join(opt.outputs)}.")
    shape = args[0].shape
    got = tuple(to_array(r, f"{n} from {what}", shape, "the shape of params") for r, n in zip(result, opt.outputs))
    expected = opt.reference(*args, **kwargs)
    wrong = {name: opt.reference(*args, **kwargs, mistake=name) for name in opt.mistakes}
    for index, name in enumerate(opt.outputs):
        # Mistakes that also explain the outputs already accepted come first: a right params
        # with a wrong state points to a state-only mistake.
        ranked = sorted(opt.mistakes, key=lambda m: not all(
            close(got[j], wrong[m][j], rtol=1e-7, atol=1e-13) for j in range(index)))
        variants = [(wrong[m][index], opt.mistakes[m]) for m in ranked]
        hint = diagnose(got[index], variants, f"compare your code with {opt.formula}.", rtol=1e-7, atol=1e-13)
        assert_close(got[index], expected[index], f"{name} from {what}", hint, rtol=1e-9, atol=1e-13)
    # Purity: every array argument is as it was, and the results are new arrays.
    for original, passed, arg_name in zip(args, private, names):
        if isinstance(original, np.ndarray):
            assert_unchanged(original, passed, arg_name, opt.name)
    for r, n in zip(result, opt.outputs):
        if any(r is p for p in private):
            fail(f"{opt.name} returned one of its arguments as {n}.",
                 "return new arrays (e.g. params = params - step), never the input objects.")
    return got


def _sequence(func: Callable, opt: Optimizer, n_steps: int, kwargs: dict, label: str) -> None:
    """Minimize the quadratic 0.5 * sum(c * p**2) for a few steps, feeding back the state."""
    c = np.array([1.0, 10.0, 0.1])
    params = np.array([1.0, 1.0, -2.0])
    state = tuple(np.zeros_like(params) for _ in opt.outputs[1:])
    for step in range(1, n_steps + 1):
        grads = c * params
        args = (params, grads) + state + ((step,) if opt.name == "adam_step" else ())
        got = _check_step(func, opt, args, kwargs, f" at step {step} of {label}")
        params, state = got[0], tuple(got[1:])


# ------------------------------------------------------------------------------------ momentum


def check_momentum_step_values(momentum_step: Callable) -> None:
    """One step on the example, with ``momentum`` given and with its default 0.9."""
    opt = _OPTIMIZERS["momentum_step"]
    _check_step(momentum_step, opt, (PARAMS_EXAMPLE, GRADS_EXAMPLE, VELOCITY_EXAMPLE, 0.1),
                {"momentum": 0.5}, " (the example)")
    _check_step(momentum_step, opt, (PARAMS_EXAMPLE, GRADS_EXAMPLE, VELOCITY_EXAMPLE, 0.1), {},
                " (the example, default momentum)")


def check_momentum_step_sequence(momentum_step: Callable) -> None:
    """Five steps on a quadratic, each step's velocity fed into the next."""
    _sequence(momentum_step, _OPTIMIZERS["momentum_step"], 5, {"learning_rate": 0.05}, "a quadratic")


def check_momentum_step_hidden(momentum_step: Callable) -> None:
    """2-D parameters, zero momentum (plain gradient descent), zero gradients; inputs unchanged."""
    opt = _OPTIMIZERS["momentum_step"]
    rng = np.random.default_rng(41)
    p, g, v = rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    _check_step(momentum_step, opt, (p, g, v, 0.03), {"momentum": 0.8}, " (hidden 2-D case)")
    _check_step(momentum_step, opt, (p, g, v, 0.03), {"momentum": 0.0}, " (hidden case)")
    _check_step(momentum_step, opt, (p, np.zeros_like(g), v, 0.5), {}, " (hidden case, zero gradient)")


# ------------------------------------------------------------------------------------- rmsprop


def check_rmsprop_step_values(rmsprop_step: Callable) -> None:
    """One step on the example (one gradient entry is tiny), with given and default settings."""
    opt = _OPTIMIZERS["rmsprop_step"]
    _check_step(rmsprop_step, opt, (PARAMS_EXAMPLE, GRADS_EXAMPLE, SQ_AVG_EXAMPLE),
                {"learning_rate": 0.1, "alpha": 0.9, "eps": 1e-8}, " (the example)")
    _check_step(rmsprop_step, opt, (PARAMS_EXAMPLE, GRADS_EXAMPLE, SQ_AVG_EXAMPLE), {},
                " (the example, default settings)")


def check_rmsprop_step_sequence(rmsprop_step: Callable) -> None:
    """Five steps on a quadratic from a zero average, each step's average fed into the next."""
    _sequence(rmsprop_step, _OPTIMIZERS["rmsprop_step"], 5, {"learning_rate": 0.05, "alpha": 0.9},
              "a quadratic")


def check_rmsprop_step_hidden(rmsprop_step: Callable) -> None:
    """2-D parameters, a zero gradient with a zero average (must not divide by zero), a large
    ``eps``; inputs unchanged."""
    opt = _OPTIMIZERS["rmsprop_step"]
    rng = np.random.default_rng(42)
    p, g, s = rng.normal(size=(2, 5)), rng.normal(size=(2, 5)), rng.random((2, 5))
    _check_step(rmsprop_step, opt, (p, g, s), {"learning_rate": 0.02, "alpha": 0.95}, " (hidden 2-D case)")
    _check_step(rmsprop_step, opt, (np.array([0.5, -1.0]), np.array([0.0, 2.0]), np.zeros(2)), {},
                " (hidden case, zero gradient and zero average)")
    _check_step(rmsprop_step, opt, (p, g, s), {"eps": 0.5}, " (hidden case, large eps)")


# ---------------------------------------------------------------------------------------- adam


def check_adam_step_values(adam_step: Callable) -> None:
    """The first step (``t = 1``) and a later one (``t = 3``) on the example."""
    opt = _OPTIMIZERS["adam_step"]
    zeros = np.zeros(3)
    _check_step(adam_step, opt, (PARAMS_EXAMPLE, GRADS_EXAMPLE, zeros, zeros, 1),
                {"learning_rate": 0.1}, " (the example, first step)")
    _check_step(adam_step, opt, (PARAMS_EXAMPLE, GRADS_EXAMPLE, M_EXAMPLE, V_EXAMPLE, 3),
                {"learning_rate": 0.1}, " (the example, third step)")
    _check_step(adam_step, opt, (PARAMS_EXAMPLE, GRADS_EXAMPLE, M_EXAMPLE, V_EXAMPLE, 3), {},
                " (the example, default settings)")


def check_adam_step_sequence(adam_step: Callable) -> None:
    """Six steps on a quadratic, ``t = 1, 2, ...``, each step's moments fed into the next."""
    _sequence(adam_step, _OPTIMIZERS["adam_step"], 6, {"learning_rate": 0.1}, "a quadratic")


def check_adam_step_hidden(adam_step: Callable) -> None:
    """2-D parameters, other betas, a large ``t`` (bias correction fades), a zero gradient;
    inputs unchanged."""
    opt = _OPTIMIZERS["adam_step"]
    rng = np.random.default_rng(43)
    p, g = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    m, v = 0.1 * rng.normal(size=(3, 2)), 0.1 * rng.random((3, 2))
    _check_step(adam_step, opt, (p, g, m, v, 2), {"learning_rate": 0.01, "beta1": 0.8, "beta2": 0.99},
                " (hidden 2-D case)")
    _check_step(adam_step, opt, (p, g, m, v, 500), {"learning_rate": 0.01}, " (hidden case, t = 500)")
    _check_step(adam_step, opt, (p, np.zeros_like(g), np.zeros_like(m), np.zeros_like(v), 1), {},
                " (hidden case, zero gradient and zero moments)")


#: The checks of each contract function, in the order the notebook's test cells call them.
CHECKS: dict[str, tuple[Callable[[Callable], None], ...]] = {
    "momentum_step": (check_momentum_step_values, check_momentum_step_sequence, check_momentum_step_hidden),
    "rmsprop_step": (check_rmsprop_step_values, check_rmsprop_step_sequence, check_rmsprop_step_hidden),
    "adam_step": (check_adam_step_values, check_adam_step_sequence, check_adam_step_hidden),
}
