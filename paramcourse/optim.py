r"""Optimizers as pure ``init``/``update`` pairs (the optax style), learning-rate schedules, and a
``minimize`` loop that records the trajectory.

An optimizer is two functions and no hidden state:

.. code-block:: python

    opt = adam(0.01)
    state = opt.init(params)                           # e.g. Adam's moments, all zeros
    updates, state = opt.update(grads, state, params)  # the step, and the new state
    params = apply_updates(params, updates)            # params + updates

``params`` (and ``grads``, ``updates``) are an ndarray or a dict of ndarrays (dicts may nest).
Nothing is modified in place: every call returns new arrays.

The update rules are PyTorch's (``torch.optim``), written with :math:`g` the gradient,
:math:`\eta_t` the learning rate at step :math:`t` and all operations elementwise:

==========  ===================================================================================
sgd         :math:`\Delta = -\eta g`
momentum    :math:`v \leftarrow \beta v + g`; :math:`\Delta = -\eta v`
rmsprop     :math:`s \leftarrow \alpha s + (1-\alpha) g^2`; :math:`\Delta = -\eta g / (\sqrt{s} + \epsilon)`
adam        :math:`m \leftarrow \beta_1 m + (1-\beta_1) g`, :math:`v \leftarrow \beta_2 v + (1-\beta_2) g^2`,
            :math:`\Delta = -\eta \hat m / (\sqrt{\hat v} + \epsilon)` with
            :math:`\hat m = m / (1-\beta_1^t)`, :math:`\hat v = v / (1-\beta_2^t)`, :math:`t = 1, 2, \dots`
==========  ===================================================================================

A learning rate is a number or a *schedule*, a function ``step -> learning rate`` called with
``step = 0`` for the first update.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple, Union

import numpy as np

from ._validation import (
    as_array,
    as_scalar,
    as_xy,
    check_callable,
    check_choice,
    check_count,
    check_fraction,
    check_positive,
)

__all__ = [
    "AdamState",
    "learning_rate_regime",
    "MomentumState",
    "OPTIMIZER_NAMES",
    "Optimizer",
    "RmspropState",
    "SgdState",
    "Trajectory",
    "adam",
    "adamw",
    "apply_updates",
    "constant",
    "cosine_decay",
    "exponential_decay",
    "gd_steps_to_tolerance",
    "linear_warmup",
    "make_optimizer",
    "minimize",
    "momentum",
    "quadratic_valley",
    "rmsprop",
    "rosenbrock",
    "sgd",
    "step_decay",
]

Params = Union[np.ndarray, dict]
Schedule = Callable[[int], float]


class Optimizer(NamedTuple):
    """A pair of pure functions.

    Attributes
    ----------
    init : callable
        ``init(params) -> state``.
    update : callable
        ``update(grads, state, params=None) -> (updates, state)``; apply the updates with
        :func:`apply_updates`.
    """

    init: Callable[[Params], Any]
    update: Callable[..., tuple[Params, Any]]


class SgdState(NamedTuple):
    """State of :func:`sgd`: the number of updates done so far."""

    step: int


class MomentumState(NamedTuple):
    """State of :func:`momentum`: update count and velocity ``v`` (params-shaped)."""

    step: int
    velocity: Params


class RmspropState(NamedTuple):
    """State of :func:`rmsprop`: update count and running average ``s`` of squared gradients."""

    step: int
    sq_avg: Params


class AdamState(NamedTuple):
    """State of :func:`adam`/:func:`adamw`: update count ``t`` and the moment averages ``m``, ``v``."""

    step: int
    m: Params
    v: Params


# ------------------------------------------------------------------ params as trees of arrays


def _as_tree(tree, name: str) -> Params:
    """A new tree with every leaf a float ndarray."""
    if isinstance(tree, dict):
        return {key: _as_tree(value, f"{name}[{key!r}]") for key, value in tree.items()}
    return as_array(tree, name, allow_nonfinite=True).copy()


def _tree_map(fn: Callable, tree: Params, *others: Params) -> Params:
    if isinstance(tree, dict):
        return {key: _tree_map(fn, tree[key], *(o[key] for o in others)) for key in tree}
    return fn(tree, *others)


def _check_like(tree: Params, reference: Params, name: str, ref_name: str) -> Params:
    """``tree`` as float arrays, after checking it has the keys and shapes of ``reference``."""
    if isinstance(reference, dict):
        if not isinstance(tree, dict) or set(tree) != set(reference):
            keys = sorted(tree) if isinstance(tree, dict) else type(tree).__name__
            raise ValueError(f"{name} must have the keys of {ref_name}, {sorted(reference)}; got {keys}")
        return {
            k: _check_like(tree[k], reference[k], f"{name}[{k!r}]", f"{ref_name}[{k!r}]")
            for k in reference
        }
    arr = as_array(tree, name, allow_nonfinite=True)
    if arr.shape != np.shape(reference):
        raise ValueError(f"{name} must have the shape of {ref_name}, {np.shape(reference)}; got {arr.shape}")
    return arr


def apply_updates(params: Params, updates: Params) -> Params:
    """Return ``params + updates`` (a new tree; neither input is changed)."""
    params = _as_tree(params, "params")
    updates = _check_like(updates, params, "updates", "params")
    return _tree_map(np.add, params, updates)


# ----------------------------------------------------------------------------------- schedules


def _as_schedule(learning_rate) -> Schedule:
    if callable(learning_rate):
        return learning_rate
    return constant(check_positive(learning_rate, "learning_rate"))


def _lr_at(schedule: Schedule, step: int) -> float:
    lr = as_scalar(schedule(step), f"learning_rate at step {step}")
    if lr < 0:
        raise ValueError(f"learning_rate at step {step} must be >= 0; got {lr}")
    return lr


def constant(lr: float) -> Schedule:
    r"""The schedule :math:`\eta_t = \eta`."""
    lr = check_positive(lr, "lr")

    def schedule(step: int) -> float:
        check_count(step, "step", minimum=0)
        return lr

    return schedule


def step_decay(lr: float, factor: float = 0.5, every: int = 10) -> Schedule:
    r"""Multiply the rate by ``factor`` every ``every`` steps.

    .. math:: \eta_t = \eta \cdot \text{factor}^{\lfloor t / \text{every} \rfloor}
    """
    lr = check_positive(lr, "lr")
    factor = check_positive(factor, "factor")
    every = check_count(every, "every")

    def schedule(step: int) -> float:
        return lr * factor ** (check_count(step, "step", minimum=0) // every)

    return schedule


def exponential_decay(lr: float, rate: float) -> Schedule:
    r"""Multiply by ``rate`` every step: :math:`\eta_t = \eta \cdot \text{rate}^t` (``0 < rate <= 1``)."""
    lr = check_positive(lr, "lr")
    rate = check_positive(rate, "rate")
    if rate > 1:
        raise ValueError(f"rate must lie in (0, 1]; got {rate}")

    def schedule(step: int) -> float:
        return lr * rate ** check_count(step, "step", minimum=0)

    return schedule


def cosine_decay(lr: float, total_steps: int, final_lr: float = 0.0) -> Schedule:
    r"""Half a cosine from ``lr`` down to ``final_lr`` over ``total_steps``, then ``final_lr``.

    .. math:: \eta_t = \eta_{\text{final}} + (\eta - \eta_{\text{final}})
              \tfrac12 \big(1 + \cos(\pi \min(t, T) / T)\big)
    """
    lr = check_positive(lr, "lr")
    total = check_count(total_steps, "total_steps")
    final_lr = check_positive(final_lr, "final_lr", allow_zero=True)

    def schedule(step: int) -> float:
        t = min(check_count(step, "step", minimum=0), total)
        return final_lr + (lr - final_lr) * 0.5 * (1.0 + np.cos(np.pi * t / total))

    return schedule


def linear_warmup(lr, warmup_steps: int) -> Schedule:
    r"""Ramp up linearly over the first ``warmup_steps`` steps, then hold (or follow a schedule).

    .. math:: \eta_t = \min\Big(1, \frac{t + 1}{T_{\text{warm}}}\Big) \, \eta(t)

    The ``+ 1`` makes the first update (``t = 0``) move; the full rate is reached at
    ``t = warmup_steps - 1``.

    Parameters
    ----------
    lr : float or schedule
        The rate to warm up to, or a schedule whose values the ramp multiplies
        (e.g. ``linear_warmup(cosine_decay(0.1, 100), 10)``).
    warmup_steps : int
    """
    base = _as_schedule(lr)
    warmup = check_count(warmup_steps, "warmup_steps")

    def schedule(step: int) -> float:
        step = check_count(step, "step", minimum=0)
        return min(1.0, (step + 1) / warmup) * base(step)

    return schedule


# ---------------------------------------------------------------------------------- optimizers


def sgd(learning_rate) -> Optimizer:
    r"""Plain gradient descent: :math:`\Delta = -\eta_t g`.

    Parameters
    ----------
    learning_rate : float or schedule
    """
    schedule = _as_schedule(learning_rate)

    def init(params: Params) -> SgdState:
        _as_tree(params, "params")
        return SgdState(step=0)

    def update(grads: Params, state: SgdState, params: Params | None = None):
        grads = _as_tree(grads, "grads") if params is None else _check_like(grads, params, "grads", "params")
        lr = _lr_at(schedule, state.step)
        return _tree_map(lambda g: -lr * g, grads), SgdState(state.step + 1)

    return Optimizer(init, update)


def momentum(learning_rate, beta: float = 0.9) -> Optimizer:
    r"""Heavy-ball momentum, PyTorch's form (``torch.optim.SGD(momentum=beta)``).

    .. math:: v \leftarrow \beta v + g, \qquad \Delta = -\eta_t v

    The velocity :math:`v` starts at 0, so it is a running sum of past gradients with weights
    :math:`1, \beta, \beta^2, \dots`; on a constant gradient the step grows to
    :math:`\eta g / (1 - \beta)`.

    Parameters
    ----------
    learning_rate : float or schedule
    beta : float
        Momentum coefficient in ``[0, 1)``; 0 gives :func:`sgd`.
    """
    schedule = _as_schedule(learning_rate)
    beta = check_fraction(beta, "beta", allow_zero=True)

    def init(params: Params) -> MomentumState:
        return MomentumState(0, _tree_map(np.zeros_like, _as_tree(params, "params")))

    def update(grads: Params, state: MomentumState, params: Params | None = None):
        grads = _check_like(grads, state.velocity, "grads", "the params given to init")
        lr = _lr_at(schedule, state.step)
        velocity = _tree_map(lambda v, g: beta * v + g, state.velocity, grads)
        return _tree_map(lambda v: -lr * v, velocity), MomentumState(state.step + 1, velocity)

    return Optimizer(init, update)


def rmsprop(learning_rate=0.01, alpha: float = 0.99, eps: float = 1e-8) -> Optimizer:
    r"""RMSprop, PyTorch's form (``torch.optim.RMSprop``, no momentum, not centred).

    .. math:: s \leftarrow \alpha s + (1 - \alpha) g^2, \qquad \Delta = -\eta_t \frac{g}{\sqrt{s} + \epsilon}

    :math:`s` is a running average of squared gradients, so each coordinate's step is divided
    by the typical size of its recent gradients.

    Parameters
    ----------
    learning_rate : float or schedule
    alpha : float
        Averaging coefficient in ``[0, 1)``.
    eps : float
        Added to the denominator to avoid dividing by 0.
    """
    schedule = _as_schedule(learning_rate)
    alpha = check_fraction(alpha, "alpha", allow_zero=True)
    eps = check_positive(eps, "eps", allow_zero=True)

    def init(params: Params) -> RmspropState:
        return RmspropState(0, _tree_map(np.zeros_like, _as_tree(params, "params")))

    def update(grads: Params, state: RmspropState, params: Params | None = None):
        grads = _check_like(grads, state.sq_avg, "grads", "the params given to init")
        lr = _lr_at(schedule, state.step)
        sq_avg = _tree_map(lambda s, g: alpha * s + (1.0 - alpha) * g**2, state.sq_avg, grads)
        updates = _tree_map(lambda g, s: -lr * g / (np.sqrt(s) + eps), grads, sq_avg)
        return updates, RmspropState(state.step + 1, sq_avg)

    return Optimizer(init, update)


def _adam(learning_rate, beta1, beta2, eps, weight_decay, decoupled: bool) -> Optimizer:
    schedule = _as_schedule(learning_rate)
    beta1 = check_fraction(beta1, "beta1", allow_zero=True)
    beta2 = check_fraction(beta2, "beta2", allow_zero=True)
    eps = check_positive(eps, "eps", allow_zero=True)
    wd = check_positive(weight_decay, "weight_decay", allow_zero=True)

    def init(params: Params) -> AdamState:
        zeros = _tree_map(np.zeros_like, _as_tree(params, "params"))
        return AdamState(0, zeros, _tree_map(np.copy, zeros))

    def update(grads: Params, state: AdamState, params: Params | None = None):
        grads = _check_like(grads, state.m, "grads", "the params given to init")
        if wd > 0:
            if params is None:
                raise ValueError(
                    "params is required when weight_decay > 0: the decay is proportional to them"
                )
            params = _check_like(params, state.m, "params", "the params given to init")
        if wd > 0 and not decoupled:
            # L2 regularization: the penalty's gradient wd * params joins g before the moments.
            grads = _tree_map(lambda g, p: g + wd * p, grads, params)
        lr = _lr_at(schedule, state.step)
        t = state.step + 1
        m = _tree_map(lambda m_, g: beta1 * m_ + (1.0 - beta1) * g, state.m, grads)
        v = _tree_map(lambda v_, g: beta2 * v_ + (1.0 - beta2) * g**2, state.v, grads)
        # Bias correction: m and v start at 0, so early averages underestimate by 1 - beta^t.
        c1, c2 = 1.0 - beta1**t, 1.0 - beta2**t
        updates = _tree_map(lambda m_, v_: -lr * (m_ / c1) / (np.sqrt(v_ / c2) + eps), m, v)
        if wd > 0 and decoupled:
            # AdamW: shrink the weights directly, outside the adaptive scaling.
            updates = _tree_map(lambda u, p: u - lr * wd * p, updates, params)
        return updates, AdamState(t, m, v)

    return Optimizer(init, update)


def adam(
    learning_rate=0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 0.0,
) -> Optimizer:
    r"""Adam with bias correction, PyTorch's form (``torch.optim.Adam``).

    .. math::
        g &\leftarrow g + \lambda\, \theta \quad \text{(only if weight\_decay } \lambda > 0\text{)} \\
        m &\leftarrow \beta_1 m + (1 - \beta_1) g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2) g^2 \\
        \Delta &= -\eta_t \frac{m / (1 - \beta_1^t)}{\sqrt{v / (1 - \beta_2^t)} + \epsilon},
            \qquad t = 1, 2, \dots

    On the first step :math:`\hat m = g` and :math:`\sqrt{\hat v} = |g|`, so every coordinate
    moves by about :math:`\eta`, whatever the size of its gradient. ``weight_decay`` here is
    an L2 penalty: it passes through the adaptive scaling, unlike :func:`adamw`.

    Parameters
    ----------
    learning_rate : float or schedule
    beta1, beta2 : float
        Averaging coefficients of the first and second moments, in ``[0, 1)``.
    eps : float
    weight_decay : float
        L2 coefficient :math:`\lambda \ge 0`; when positive, ``update`` needs ``params``.
    """
    return _adam(learning_rate, beta1, beta2, eps, weight_decay, decoupled=False)


def adamw(
    learning_rate=0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 0.01,
) -> Optimizer:
    r"""AdamW: Adam with decoupled weight decay, PyTorch's form (``torch.optim.AdamW``).

    .. math:: \Delta = -\eta_t \lambda \theta - \eta_t \frac{\hat m}{\sqrt{\hat v} + \epsilon}

    with :math:`\hat m, \hat v` from the plain gradient (see :func:`adam`) and :math:`\theta`
    the parameters before the step. Every weight shrinks by the same fraction
    :math:`\eta_t \lambda` per step, however large or small its gradients are; in
    :func:`adam` the decay term is rescaled like the gradient.

    **Which decay this is.** The decay per step is the learning rate *times* ``weight_decay``
    (PyTorch: ``param.mul_(1 - lr * weight_decay)``; optax's ``adamw`` does the same), and
    :math:`\eta_t` is the full learning rate at step :math:`t`, schedule included. Doubling
    ``learning_rate`` therefore doubles the decay per step, so the product
    :math:`\eta\lambda` is what sets the strength of the decay. The original decoupled form
    of Loshchilov and Hutter (2019, Algorithm 2) instead multiplies the decay by the schedule
    multiplier :math:`c_t` only, not by the base rate :math:`\eta`:
    :math:`\Delta = -c_t\big(\eta\, \hat m / (\sqrt{\hat v} + \epsilon) + \lambda \theta\big)`
    (the paper writes :math:`\alpha` for the base rate and :math:`\eta_t` for the multiplier).
    There the decay per step does not change with the base rate; here a paper's
    :math:`\lambda` corresponds to ``weight_decay`` :math:`= \lambda / \eta`.

    Parameters
    ----------
    learning_rate : float or schedule
        :math:`\eta_t`; it scales both the adaptive step and the decay.
    beta1, beta2, eps : float
        As in :func:`adam`.
    weight_decay : float
        Decay coefficient :math:`\lambda \ge 0`; when positive, ``update`` needs ``params``.

    Examples
    --------
    With a zero gradient only the decay acts: one step multiplies the weights by
    :math:`1 - \eta\lambda`, so twice the learning rate decays twice as much.

    >>> for lr in (0.1, 0.2):
    ...     opt = adamw(lr, weight_decay=0.5)
    ...     updates, _ = opt.update(np.zeros(1), opt.init(np.ones(1)), np.ones(1))
    ...     print(round(float(1 + updates[0]), 6))
    0.95
    0.9
    """
    return _adam(learning_rate, beta1, beta2, eps, weight_decay, decoupled=True)


#: The optimizers the book races against each other, by the name :func:`make_optimizer` takes.
OPTIMIZER_NAMES = ("sgd", "momentum", "rmsprop", "adam")


def make_optimizer(name: str, learning_rate, beta: float = 0.9) -> Optimizer:
    r"""The optimizer called ``name`` (one of :data:`OPTIMIZER_NAMES`), with one shared ``beta``.

    ======== =================================================================================
    name     optimizer
    ======== =================================================================================
    sgd      :func:`sgd` (``beta`` is ignored)
    momentum :func:`momentum` with momentum coefficient :math:`\beta`
    rmsprop  :func:`rmsprop` with :math:`\alpha = 0.99` (``beta`` is ignored)
    adam     :func:`adam` with :math:`\beta_1 = \beta`, :math:`\beta_2 = 0.999`
    ======== =================================================================================

    The other settings are PyTorch's defaults. One name and one ``beta`` for every optimizer is
    what a comparison over a grid of learning rates needs.

    Parameters
    ----------
    name : str
    learning_rate : float or schedule
    beta : float
        Momentum coefficient of ``"momentum"`` and :math:`\beta_1` of ``"adam"``, in ``[0, 1)``.

    Examples
    --------
    >>> opt = make_optimizer("momentum", 0.1, beta=0.5)
    >>> updates, state = opt.update(np.ones(2), opt.init(np.zeros(2)))
    >>> updates
    array([-0.1, -0.1])
    """
    name = check_choice(name, "name", OPTIMIZER_NAMES)
    if name == "sgd":
        return sgd(learning_rate)
    if name == "momentum":
        return momentum(learning_rate, beta=beta)
    if name == "rmsprop":
        return rmsprop(learning_rate)
    return adam(learning_rate, beta1=beta)


# ----------------------------------------------------------------------- running an optimizer


class Trajectory(NamedTuple):
    """The path of :func:`minimize`.

    Attributes
    ----------
    params : ndarray of shape (k + 1, *x0.shape)
        The start and the point after each of the ``k`` steps taken.
    losses : ndarray of shape (k + 1,)
        The loss at each of those points.
    diverged : bool
        Whether the run stopped early because the loss became non-finite or exceeded ``max_loss``.
    """

    params: np.ndarray
    losses: np.ndarray
    diverged: bool


def minimize(
    loss: Callable[[np.ndarray], float],
    grad: Callable[[np.ndarray], np.ndarray],
    x0,
    optimizer: Optimizer,
    n_steps: int = 100,
    max_loss: float = 1e12,
) -> Trajectory:
    """Run ``optimizer`` from ``x0`` for up to ``n_steps`` steps and record the path.

    A too-large learning rate is something the book shows on purpose, so divergence is an
    outcome, not an error: the run stops after the first step whose loss is non-finite or above
    ``max_loss``, sets ``diverged``, and emits no NumPy overflow warnings.

    Parameters
    ----------
    loss : callable
        ``loss(x) -> float``.
    grad : callable
        ``grad(x) -> ndarray`` of ``x``'s shape.
    x0 : array_like
        Starting point (an ndarray; not modified).
    optimizer : Optimizer
    n_steps : int
        Maximum number of steps.
    max_loss : float
        Loss above which the run counts as diverged.

    Returns
    -------
    Trajectory
    """
    check_callable(loss, "loss")
    check_callable(grad, "grad")
    x = as_array(x0, "x0").copy()
    if not isinstance(optimizer, Optimizer):
        raise ValueError(f"optimizer must be an Optimizer, e.g. sgd(0.1); got {type(optimizer).__name__}")
    n_steps = check_count(n_steps, "n_steps", minimum=0)
    max_loss = as_scalar(max_loss, "max_loss")

    def blown_up(value: float) -> bool:
        return not np.isfinite(value) or value > max_loss

    path, losses = [x], []
    state = optimizer.init(x)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        losses.append(float(loss(x)))
        diverged = blown_up(losses[0])
        for _ in range(n_steps):
            if diverged:
                break
            g = as_array(grad(x), "grad(x)", allow_nonfinite=True)
            if g.shape != x.shape:
                raise ValueError(f"grad(x) must have the shape of x0, {x.shape}; got {g.shape}")
            updates, state = optimizer.update(g, state, x)
            x = apply_updates(x, updates)
            path.append(x)
            losses.append(float(loss(x)))
            diverged = blown_up(losses[-1])
    return Trajectory(np.stack(path), np.array(losses), bool(diverged))


def gd_steps_to_tolerance(X, y, tol: float = 1e-6, max_steps: int = 10**7) -> dict[str, Any]:
    r"""How many steps of gradient descent on the MSE of a linear model cut its excess loss to ``tol`` times its start.

    Full-batch gradient descent on :math:`\mathrm{MSE}(\theta)`, :math:`\theta = (w, b)`, with
    the step :math:`\eta = 1/L` from :math:`\theta_0 = 0`, needs no loop to be followed: the
    Hessian :math:`H = \frac2n A^\top A`, :math:`A = [X, \mathbf 1]`
    (:func:`paramcourse.losses.mse_hessian`), is constant, and along each of its eigenvectors
    :math:`q_i` (eigenvalue :math:`h_i`) the error is :math:`c_i (1 - \eta h_i)^k` after
    :math:`k` steps, :math:`c_i = q_i^\top(\theta_0 - \theta^*)`. So the excess loss is

    .. math:: \mathcal L(\theta_k) - \mathcal L(\theta^*) = \tfrac12 \sum_i h_i c_i^2 (1 - \eta h_i)^{2k},

    which falls with :math:`k`; the number of steps is found by bisection over :math:`k`. With
    :math:`L = h_{\max}` the slowest factor is :math:`1 - 1/\kappa`, so badly scaled features
    (a large condition number :math:`\kappa`) need many steps.

    Parameters
    ----------
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
    tol : float
        The target, a fraction of the excess loss at the start.
    max_steps : int
        Give up (``steps`` is ``None``) beyond this many steps.

    Returns
    -------
    dict with ``steps`` (int, or ``None`` when more than ``max_steps`` are needed), ``condition``
    (:math:`\kappa = h_{\max} / h_{\min}`), ``L`` (:math:`h_{\max}`), ``learning_rate``
    (:math:`1/L`) and ``excess`` (a function ``k -> excess loss after k steps``).

    Examples
    --------
    >>> gd_steps_to_tolerance([[-1.0], [1.0]], [0.0, 2.0])["steps"]  # kappa = 1: one step
    1
    """
    from paramcourse.losses import mse_hessian

    X, y = as_xy(X, y)
    tol = check_positive(tol, "tol")
    max_steps = check_count(max_steps, "max_steps")
    h, Q = np.linalg.eigh(mse_hessian(X))
    A = np.column_stack([X, np.ones(X.shape[0])])
    theta_star = np.linalg.lstsq(A, y, rcond=None)[0]
    c = Q.T @ (np.zeros_like(theta_star) - theta_star)
    L = float(h[-1])
    eta = 1.0 / L
    factors = np.abs(1.0 - eta * h)

    def excess(k: int) -> float:
        return 0.5 * float(np.sum(h * c**2 * factors ** (2 * k)))

    target = tol * excess(0)
    if excess(max_steps) > target:
        steps = None
    elif excess(0) <= target:
        steps = 0
    else:
        lo, hi = 0, max_steps  # excess(lo) > target >= excess(hi); excess falls with k
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if excess(mid) <= target else (mid, hi)
        steps = hi
    return {"steps": steps, "condition": float(h[-1] / h[0]), "L": L, "learning_rate": eta, "excess": excess}


# ---------------------------------------------------------------- test functions for the book


def _check_point(x) -> np.ndarray:
    x = as_array(x, "x", allow_nonfinite=True)
    if x.shape != (2,):
        raise ValueError(f"x must have shape (2,); got {x.shape}")
    return x


def quadratic_valley(a: float = 1.0, b: float = 10.0):
    r"""An elongated quadratic bowl, :math:`f(x) = \tfrac12 (a x_0^2 + b x_1^2)`, minimum at 0.

    The gradient is :math:`(a x_0, b x_1)`. Its curvatures are :math:`a` and :math:`b`, so
    gradient descent diverges for :math:`\eta > 2 / \max(a, b)`, and with :math:`b \gg a`
    it zig-zags across the valley while crawling along it.

    Returns
    -------
    loss : callable, ``(2,)``-array -> float
    grad : callable, ``(2,)``-array -> ``(2,)``-array
    """
    a = check_positive(a, "a")
    b = check_positive(b, "b")

    def loss(x) -> float:
        x = _check_point(x)
        return float(0.5 * (a * x[0] ** 2 + b * x[1] ** 2))

    def grad(x) -> np.ndarray:
        x = _check_point(x)
        return np.array([a * x[0], b * x[1]])

    return loss, grad


def rosenbrock(a: float = 1.0, b: float = 100.0):
    r"""Rosenbrock's banana-shaped valley, with its minimum 0 at :math:`(a, a^2)`.

    .. math:: f(x) = (a - x_0)^2 + b (x_1 - x_0^2)^2

    .. math:: \nabla f = \big(-2(a - x_0) - 4 b x_0 (x_1 - x_0^2),\ 2 b (x_1 - x_0^2)\big)

    Returns
    -------
    loss : callable, ``(2,)``-array -> float
    grad : callable, ``(2,)``-array -> ``(2,)``-array
    """
    a = as_scalar(a, "a")
    b = check_positive(b, "b")

    def loss(x) -> float:
        x = _check_point(x)
        return float((a - x[0]) ** 2 + b * (x[1] - x[0] ** 2) ** 2)

    def grad(x) -> np.ndarray:
        x = _check_point(x)
        inner = x[1] - x[0] ** 2
        return np.array([-2.0 * (a - x[0]) - 4.0 * b * x[0] * inner, 2.0 * b * inner])

    return loss, grad


def learning_rate_regime(learning_rate: float, L: float) -> str:
    """Name what gradient descent does on a quadratic with largest curvature ``L``.

    Along the steepest direction the error is multiplied by ``1 - learning_rate * L`` per step:
    it shrinks monotonically when ``learning_rate <= 1/L``, shrinks while flipping sign when
    ``1/L < learning_rate < 2/L``, stays the same size at ``2/L`` and grows beyond.

    Examples
    --------
    >>> learning_rate_regime(1.5, 1.0)
    'converges, oscillating across the valley'
    """
    eta = as_scalar(learning_rate, "learning_rate")
    L = as_scalar(L, "L")
    if eta <= 0:
        return "no progress (η ≤ 0)"
    r = eta * L
    if r <= 1.0:
        return "converges without overshooting"
    if r < 2.0 - 1e-9:
        return "converges, oscillating across the valley"
    if r <= 2.0 + 1e-9:
        return "on the edge: oscillates without shrinking"
    return "diverges"
