r"""Checks of the ``optimizers`` assignment: one pure step of momentum, RMSprop and Adam.

Contract (design.md), with ``g`` the gradient:

* momentum: ``v = momentum * v + g``; ``params = params - learning_rate * v``;
* RMSprop: ``s = alpha * s + (1 - alpha) * g**2``; ``params = params - learning_rate * g / (sqrt(s) + eps)``;
* Adam (``t`` counts from 1): ``m = beta1 m + (1 - beta1) g``, ``v = beta2 v + (1 - beta2) g**2``,
  ``m_hat = m / (1 - beta1**t)``, ``v_hat = v / (1 - beta2**t)``,
  ``params = params - learning_rate * m_hat / (sqrt(v_hat) + eps)``.

Each step returns new arrays and changes no input.

Each ``check_*`` takes the student's function, calls it on a few inputs of different shapes and
fails with one paragraph ending in ``Hint: ...`` when the behaviour is wrong. A hint names a
cause only when a mistake of ``mistakes.py`` reproduces the student's results on every input of
the check (:mod:`paramcourse.grading.diagnosis`); otherwise it says what was observed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from paramcourse.grading.bundle import mistakes_beside
from paramcourse.grading.compare import check_cases, check_pure, describe, fail, fmt, to_array
from paramcourse.grading.diagnosis import Case

MISTAKES = mistakes_beside(__file__)


class Example(NamedTuple):
    """Parameters, a gradient and the state of each optimizer, all of one shape."""

    params: np.ndarray
    grads: np.ndarray
    velocity: np.ndarray
    sq_avg: np.ndarray
    m: np.ndarray
    v: np.ndarray
    label: str


#: The worked example of the notebook (``params_example``, ``grads_example``, ``velocity_example``,
#: ``sq_avg_example``, ``m_example``, ``v_example``). The last gradient entry is tiny, which makes
#: the place of eps (inside or outside the square root) visible in RMSprop and Adam.
EXAMPLE = Example(
    params=np.array([1.0, -2.0, 0.5]),
    grads=np.array([0.5, -1.0, 1e-6]),
    velocity=np.array([0.1, 0.2, 0.0]),
    sq_avg=np.array([0.04, 0.5, 0.0]),
    m=np.array([0.05, -0.1, 0.0]),
    v=np.array([0.002, 0.01, 0.0]),
    label="the example",
)


def make_example(seed: int, shape: tuple[int, ...], label: str) -> Example:
    """Seeded arrays of ``shape``: any parameters and gradient, a velocity and a first moment of
    either sign, a running average and a second moment that are positive."""
    rng = np.random.default_rng(seed)
    return Example(
        params=rng.normal(size=shape),
        grads=rng.normal(size=shape),
        velocity=0.5 * rng.normal(size=shape),
        sq_avg=0.5 * rng.random(shape),
        m=0.1 * rng.normal(size=shape),
        v=0.01 * rng.random(shape),
        label=label,
    )


#: A second visible input of another shape: a cause is named only when it explains both.
SECOND = make_example(7, (5,), "a second visible case (checks.SECOND, 5 entries)")

MOMENTUM_FORMULA = "v = momentum * v + g, then params = params - learning_rate * v"
RMSPROP_FORMULA = ("s = alpha * s + (1 - alpha) * g**2, then params = params - learning_rate * g / "
                   "(sqrt(s) + eps)")
ADAM_FORMULA = ("m = beta1*m + (1-beta1)*g; v = beta2*v + (1-beta2)*g**2; m_hat = m/(1-beta1**t); "
                "v_hat = v/(1-beta2**t); params = params - learning_rate * m_hat/(sqrt(v_hat) + eps)")

# ----------------------------------------------------------------------------- references


def _momentum(params, grads, velocity, learning_rate, momentum=0.9) -> dict[str, np.ndarray]:
    v = momentum * velocity + grads
    return {"params": params - learning_rate * v, "velocity": v}


def _rmsprop(params, grads, sq_avg, learning_rate=0.01, alpha=0.99, eps=1e-8) -> dict[str, np.ndarray]:
    s = alpha * sq_avg + (1 - alpha) * grads**2
    return {"params": params - learning_rate * grads / (np.sqrt(s) + eps), "sq_avg": s}


def _adam(params, grads, m, v, t, learning_rate=0.001, beta1=0.9, beta2=0.999, eps=1e-8) -> dict[str, np.ndarray]:
    m_new = beta1 * m + (1 - beta1) * grads
    v_new = beta2 * v + (1 - beta2) * grads**2
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    return {"params": params - learning_rate * m_hat / (np.sqrt(v_hat) + eps), "m": m_new, "v": v_new}


class Optimizer(NamedTuple):
    """What the checks need to know about one step function."""

    name: str
    reference: Callable[..., dict[str, np.ndarray]]
    arguments: tuple[str, ...]  # the names of the positional arguments
    outputs: tuple[str, ...]
    formula: str


MOMENTUM = Optimizer("momentum_step", _momentum, ("params", "grads", "velocity", "learning_rate"),
                     ("params", "velocity"), MOMENTUM_FORMULA)
RMSPROP = Optimizer("rmsprop_step", _rmsprop, ("params", "grads", "sq_avg"), ("params", "sq_avg"), RMSPROP_FORMULA)
ADAM = Optimizer("adam_step", _adam, ("params", "grads", "m", "v", "t"), ("params", "m", "v"), ADAM_FORMULA)

# ------------------------------------------------------------------------------ the checking


def _step_case(opt: Optimizer, desc: str, args: tuple, kwargs: dict[str, Any] | None = None,
               shown: Sequence[str] | None = None) -> Case:
    """``opt``'s function on ``args``; the label shows the call (``shown`` names the arrays)."""
    kwargs = dict(kwargs or {})
    parts = []
    for index, (name, value) in enumerate(zip(opt.arguments, args)):
        if isinstance(value, np.ndarray):
            parts.append(shown[index] if shown else f"{name}={fmt(value)}")
        else:
            parts.append(repr(value))
    parts += [f"{key}={fmt(value)}" for key, value in kwargs.items()]
    return Case(f"{desc}, called as {opt.name}({', '.join(parts)})", tuple(args), kwargs)


def _converter(opt: Optimizer) -> Callable[[object, Case, str], dict[str, np.ndarray]]:
    def convert(result: object, case: Case, what: str) -> dict[str, np.ndarray]:
        k = len(opt.outputs)
        if type(result) not in (tuple, list) or len(result) != k:
            fail(f"{what} should return {k} arrays ({', '.join(opt.outputs)}); got {describe(result)}.",
                 f"end with return {', '.join(opt.outputs)}.")
        shape = case.args[0].shape
        return {name: to_array(value, f"{name} from {what}", shape, f"the shape of params, {shape}")
                for name, value in zip(opt.outputs, result)}

    return convert


def _check(func: Callable, opt: Optimizer, cases: Sequence[Case], formula: str | None = None) -> None:
    """Every output of ``func`` on every case against the reference."""
    check_cases(func, opt.name, cases, lambda c: opt.reference(*c.args, **c.kwargs),
                formula=formula or opt.formula, catalogue=MISTAKES, convert=_converter(opt),
                rtol=1e-7, atol=1e-12)


def _pure(func: Callable, opt: Optimizer, cases: Sequence[Case]) -> None:
    """No array argument is changed, on any case."""
    check_pure(func, opt.name, cases, opt.arguments, MISTAKES)


# The quadratics 0.5 * sum(c * p**2) of the sequence checks (gradient c * p), from p0. The tiny
# curvature of the second gives a tiny gradient entry, where the place of eps shows.
QUADRATICS = (
    (np.array([1.0, 10.0, 0.1]), np.array([1.0, 1.0, -2.0])),
    (np.array([[2.0, 0.5], [5.0, 1e-6]]), np.array([[1.0, -1.0], [0.5, 2.0]])),
)


def _trajectory(opt: Optimizer, steps: Sequence[int], kwargs: dict[str, Any]) -> list[Case]:
    """The inputs of each step of the right updates on :data:`QUADRATICS`, from a zero state:
    step k starts from the right parameters and state after step k - 1."""
    cases = []
    state_names = " and ".join(opt.outputs[1:])
    for (c, p0), n_steps in zip(QUADRATICS, steps):
        params = p0.copy()
        state = tuple(np.zeros_like(p0) for _ in opt.outputs[1:])
        for step in range(1, n_steps + 1):
            grads = c * params
            args = (params, grads, *state, *((step,) if opt is ADAM else ()))
            start = (f"from params = p0 and zero {state_names}" if step == 1 else
                     f"from the right params and {state_names} after step {step - 1}")
            desc = f"step {step} of {n_steps} on the quadratic 0.5 * sum(c * p**2) with c = {fmt(c)}, {start}"
            cases.append(_step_case(opt, desc, args, kwargs))
            result = opt.reference(*args, **kwargs)
            params, state = result["params"], tuple(result[name] for name in opt.outputs[1:])
    return cases


def _sequence(func: Callable, opt: Optimizer, steps: Sequence[int], kwargs: dict[str, Any]) -> None:
    cases = _trajectory(opt, steps, kwargs)
    _check(func, opt, cases)
    _pure(func, opt, [cases[1], cases[steps[0] + 1]])


# ------------------------------------------------------------------------------ momentum_step

_EXAMPLE_MOMENTUM = ("params_example", "grads_example", "velocity_example")


def _momentum_visible() -> list[Case]:
    e, s = EXAMPLE, SECOND
    return [
        _step_case(MOMENTUM, "the example", (e.params, e.grads, e.velocity, 0.1), {"momentum": 0.5}, _EXAMPLE_MOMENTUM),
        _step_case(MOMENTUM, "the example, default momentum", (e.params, e.grads, e.velocity, 0.1), {}, _EXAMPLE_MOMENTUM),
        _step_case(MOMENTUM, s.label, (s.params, s.grads, s.velocity, 0.05), {"momentum": 0.8}),
    ]


def check_momentum_step_values(momentum_step: Callable) -> None:
    """One step on the example (with ``momentum`` given and with its default 0.9) and on a second
    case of another shape; no input is changed."""
    cases = _momentum_visible()
    _check(momentum_step, MOMENTUM, cases)
    _pure(momentum_step, MOMENTUM, cases[1:])


def check_momentum_step_sequence(momentum_step: Callable) -> None:
    """Five steps on a quadratic of 3 parameters and three on one of 2 x 2, from a zero velocity,
    each step from the right parameters and velocity of the step before."""
    _sequence(momentum_step, MOMENTUM, (5, 3), {"learning_rate": 0.05})


# ------------------------------------------------------------------------------- rmsprop_step

_EXAMPLE_RMSPROP = ("params_example", "grads_example", "sq_avg_example")


def _rmsprop_visible() -> list[Case]:
    e, s = EXAMPLE, SECOND
    return [
        _step_case(RMSPROP, "the example", (e.params, e.grads, e.sq_avg),
                   {"learning_rate": 0.1, "alpha": 0.9, "eps": 1e-8}, _EXAMPLE_RMSPROP),
        _step_case(RMSPROP, "the example, default settings", (e.params, e.grads, e.sq_avg), {}, _EXAMPLE_RMSPROP),
        _step_case(RMSPROP, s.label, (s.params, s.grads, s.sq_avg), {"learning_rate": 0.05, "alpha": 0.9}),
    ]


def check_rmsprop_step_values(rmsprop_step: Callable) -> None:
    """One step on the example (one gradient entry is tiny), with given and default settings, and
    on a second case of another shape; no input is changed."""
    cases = _rmsprop_visible()
    _check(rmsprop_step, RMSPROP, cases)
    _pure(rmsprop_step, RMSPROP, cases[1:])


def check_rmsprop_step_sequence(rmsprop_step: Callable) -> None:
    """Five steps on a quadratic of 3 parameters and three on one of 2 x 2, from a zero average,
    each step from the right parameters and average of the step before."""
    _sequence(rmsprop_step, RMSPROP, (5, 3), {"learning_rate": 0.05, "alpha": 0.9})


# ---------------------------------------------------------------------------------- adam_step

_EXAMPLE_ADAM = ("params_example", "grads_example", "m_example", "v_example")


def _adam_visible() -> list[Case]:
    e, s = EXAMPLE, SECOND
    zeros = ("params_example", "grads_example", "np.zeros(3)", "np.zeros(3)")
    return [
        _step_case(ADAM, "the example, first step", (e.params, e.grads, np.zeros(3), np.zeros(3), 1),
                   {"learning_rate": 0.1}, zeros),
        _step_case(ADAM, "the example, third step", (e.params, e.grads, e.m, e.v, 3), {"learning_rate": 0.1},
                   _EXAMPLE_ADAM),
        _step_case(ADAM, "the example, default settings", (e.params, e.grads, e.m, e.v, 3), {}, _EXAMPLE_ADAM),
        _step_case(ADAM, s.label, (s.params, s.grads, s.m, s.v, 2), {"learning_rate": 0.05}),
    ]


def check_adam_step_values(adam_step: Callable) -> None:
    """The first step (``t = 1``) and a later one (``t = 3``) on the example, and a step on a second
    case of another shape; no input is changed."""
    cases = _adam_visible()
    _check(adam_step, ADAM, cases)
    _pure(adam_step, ADAM, cases[2:])


def check_adam_step_sequence(adam_step: Callable) -> None:
    """Six steps on a quadratic of 3 parameters and three on one of 2 x 2, ``t = 1, 2, ...`` from
    zero moments, each step from the right parameters and moments of the step before."""
    _sequence(adam_step, ADAM, (6, 3), {"learning_rate": 0.1})


### BEGIN HIDDEN CHECKS
# Hidden cases: 2-D parameters, a momentum of 0 (plain gradient descent), zero gradients, a zero
# gradient with a zero average (no division by zero), a large eps, other betas, a large t.


def check_momentum_step_hidden(momentum_step: Callable) -> None:
    """2-D parameters, zero momentum (plain gradient descent), a zero gradient, another 1-D case;
    inputs unchanged."""
    rng = np.random.default_rng(41)
    p, g, v = rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    other = make_example(44, (7,), "a hidden case with 7 entries")
    cases = [
        _step_case(MOMENTUM, "a hidden 2-D case", (p, g, v, 0.03), {"momentum": 0.8}),
        _step_case(MOMENTUM, "a hidden case with momentum 0", (p, g, v, 0.03), {"momentum": 0.0}),
        _step_case(MOMENTUM, "a hidden case with a zero gradient", (p, np.zeros_like(g), v, 0.5)),
        _step_case(MOMENTUM, other.label, (other.params, other.grads, other.velocity, 0.2), {"momentum": 0.95}),
    ]
    _check(momentum_step, MOMENTUM, cases)
    _pure(momentum_step, MOMENTUM, [cases[0], cases[3]])


def check_rmsprop_step_hidden(rmsprop_step: Callable) -> None:
    """2-D parameters, a zero gradient with a zero average (must not divide by zero), a large
    ``eps``; inputs unchanged."""
    rng = np.random.default_rng(42)
    p, g, s = rng.normal(size=(2, 5)), rng.normal(size=(2, 5)), rng.random((2, 5))
    cases = [
        _step_case(RMSPROP, "a hidden 2-D case", (p, g, s), {"learning_rate": 0.02, "alpha": 0.95}),
        _step_case(RMSPROP, "a hidden case with a zero gradient and a zero average",
                   (np.array([0.5, -1.0]), np.array([0.0, 2.0]), np.zeros(2))),
        _step_case(RMSPROP, "a hidden case with a large eps", (p, g, s), {"eps": 0.5}),
    ]
    _check(rmsprop_step, RMSPROP, cases)
    _pure(rmsprop_step, RMSPROP, cases[:2])


def check_adam_step_hidden(adam_step: Callable) -> None:
    """2-D parameters, other betas, a large ``t`` (bias correction fades), a zero gradient with
    zero moments, another 1-D case; inputs unchanged."""
    rng = np.random.default_rng(43)
    p, g = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    m, v = 0.1 * rng.normal(size=(3, 2)), 0.1 * rng.random((3, 2))
    other = make_example(45, (4,), "a hidden case with 4 entries")
    cases = [
        _step_case(ADAM, "a hidden 2-D case", (p, g, m, v, 2), {"learning_rate": 0.01, "beta1": 0.8, "beta2": 0.99}),
        _step_case(ADAM, "a hidden case with t = 500", (p, g, m, v, 500), {"learning_rate": 0.01}),
        _step_case(ADAM, "a hidden case with a zero gradient and zero moments",
                   (p, np.zeros_like(g), np.zeros_like(m), np.zeros_like(v), 1)),
        _step_case(ADAM, other.label, (other.params, other.grads, other.m, other.v, 10),
                   {"learning_rate": 0.05, "beta1": 0.95}),
    ]
    _check(adam_step, ADAM, cases)
    _pure(adam_step, ADAM, [cases[0], cases[3]])
### END HIDDEN CHECKS


#: The checks of each contract function, in the order the notebook's test cells call them.
CHECKS: dict[str, tuple[str, ...]] = {
    "momentum_step": ("check_momentum_step_values", "check_momentum_step_sequence", "check_momentum_step_hidden"),
    "rmsprop_step": ("check_rmsprop_step_values", "check_rmsprop_step_sequence", "check_rmsprop_step_hidden"),
    "adam_step": ("check_adam_step_values", "check_adam_step_sequence", "check_adam_step_hidden"),
}
