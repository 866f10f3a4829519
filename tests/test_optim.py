"""paramcourse.optim against steps computed by hand from the update rules documented for
torch.optim (SGD with momentum, RMSprop, Adam, AdamW), written out here independently."""

from __future__ import annotations

import copy
import math
import warnings

import numpy as np
import pytest

from paramcourse import optim
from paramcourse.gradcheck import check_gradient

GRADS = [np.array([0.5, -1.0]), np.array([0.2, 0.4]), np.array([-0.3, 1.5])]
START = np.array([1.0, -2.0])


def run(opt, grads=GRADS, params=START):
    """Apply the optimizer to a fixed sequence of gradients; return the params after each step."""
    state = opt.init(params)
    out = []
    for g in grads:
        updates, state = opt.update(g, state, params)
        params = optim.apply_updates(params, updates)
        out.append(params)
    return out


# ---------------------------------------------------------------------- hand-computed steps


def test_sgd_steps_by_hand():
    p1, p2, _ = run(optim.sgd(0.1))
    np.testing.assert_allclose(p1, [1.0 - 0.05, -2.0 + 0.1])
    np.testing.assert_allclose(p2, [0.95 - 0.02, -1.9 - 0.04])


def test_momentum_steps_by_hand():
    # PyTorch: v1 = g1; v_t = beta v_{t-1} + g_t; p_t = p_{t-1} - lr v_t   (beta = 0.5, lr = 0.1)
    v1 = np.array([0.5, -1.0])
    v2 = 0.5 * v1 + np.array([0.2, 0.4])  # (0.45, -0.1)
    v3 = 0.5 * v2 + np.array([-0.3, 1.5])  # (-0.075, 1.45)
    p1, p2, p3 = run(optim.momentum(0.1, beta=0.5))
    np.testing.assert_allclose(p1, START - 0.1 * v1)
    np.testing.assert_allclose(p2, [0.95 - 0.045, -1.9 + 0.01])
    np.testing.assert_allclose(p3, p2 - 0.1 * v3)


def test_rmsprop_steps_by_hand():
    # s1 = 0.1 g1^2 = (0.025, 0.1); p1 = p0 - 0.01 g1 / (sqrt(s1) + eps)
    eps = 1e-8
    p1, p2, _ = run(optim.rmsprop(0.01, alpha=0.9, eps=eps))
    np.testing.assert_allclose(p1, [1.0 - 0.01 * 0.5 / (math.sqrt(0.025) + eps), -2.0 + 0.01 / (math.sqrt(0.1) + eps)])
    s2 = np.array([0.9 * 0.025 + 0.1 * 0.04, 0.9 * 0.1 + 0.1 * 0.16])  # (0.0265, 0.106)
    np.testing.assert_allclose(p2, p1 - 0.01 * np.array([0.2, 0.4]) / (np.sqrt(s2) + eps))


def _torch_adam_reference(params, grads, lr, beta1, beta2, eps, weight_decay, decoupled):
    """torch.optim.Adam / AdamW as their documentation states the algorithm, one loop per step."""
    m = np.zeros_like(params)
    v = np.zeros_like(params)
    out = []
    for t, g in enumerate(grads, start=1):
        if decoupled:
            params = params - lr * weight_decay * params
        elif weight_decay:
            g = g + weight_decay * params
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        params = params - lr * m_hat / (np.sqrt(v_hat) + eps)
        out.append(params)
    return out


def test_adam_first_two_steps_by_hand():
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    p1, p2, _ = run(optim.adam(lr, b1, b2, eps))
    # step 1: m_hat = g1, v_hat = g1^2, so each coordinate moves by lr * sign(g1) (up to eps)
    np.testing.assert_allclose(p1, START - lr * np.sign(GRADS[0]), rtol=1e-7)
    # step 2, coordinate 0 (g1 = 0.5, g2 = 0.2), the moments written out
    m = 0.9 * (0.1 * 0.5) + 0.1 * 0.2
    v = 0.999 * (0.001 * 0.25) + 0.001 * 0.04
    expected0 = p1[0] - lr * (m / (1 - 0.81)) / (math.sqrt(v / (1 - 0.999**2)) + eps)
    assert p2[0] == pytest.approx(expected0, rel=1e-12)


@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
def test_adam_matches_torch_documented_algorithm(weight_decay):
    got = run(optim.adam(0.05, 0.8, 0.99, 1e-6, weight_decay=weight_decay))
    ref = _torch_adam_reference(START, GRADS, 0.05, 0.8, 0.99, 1e-6, weight_decay, decoupled=False)
    np.testing.assert_allclose(got, ref, rtol=1e-12)


@pytest.mark.parametrize("weight_decay", [0.0, 0.01, 0.5])
def test_adamw_matches_torch_documented_algorithm(weight_decay):
    got = run(optim.adamw(0.05, 0.8, 0.99, 1e-6, weight_decay=weight_decay))
    ref = _torch_adam_reference(START, GRADS, 0.05, 0.8, 0.99, 1e-6, weight_decay, decoupled=True)
    np.testing.assert_allclose(got, ref, rtol=1e-12)


def test_adamw_first_step_by_hand():
    # PyTorch's AdamW: p <- p * (1 - lr * wd), then p <- p - lr * m_hat / (sqrt(v_hat) + eps).
    # Step 1 with lr = 0.1, wd = 0.5 from (1, -2), gradient (0.5, -1): m_hat = g, sqrt(v_hat) = |g|,
    # so the adaptive part moves each coordinate by 0.1 against sign(g): (-0.1, +0.1); the decay
    # subtracts 0.1 * 0.5 * (1, -2) = (0.05, -0.1). Result: (0.85, -1.8).
    p1 = run(optim.adamw(0.1, weight_decay=0.5), grads=GRADS[:1])[0]
    np.testing.assert_allclose(p1, [0.85, -1.8], rtol=1e-7)


def test_adamw_decay_per_step_is_learning_rate_times_weight_decay():
    # PyTorch's convention (not Loshchilov & Hutter's, where the base rate does not enter the
    # decay): with zero gradients one step multiplies the weights by 1 - lr * wd.
    zero = [np.zeros(2)]
    np.testing.assert_allclose(run(optim.adamw(0.1, weight_decay=0.5), grads=zero)[0], START * 0.95)
    np.testing.assert_allclose(run(optim.adamw(0.2, weight_decay=0.5), grads=zero)[0], START * 0.90)
    # With a schedule the decay follows the scheduled rate: 0.1, then 0.05.
    halving = optim.step_decay(0.1, factor=0.5, every=1)
    two = run(optim.adamw(halving, weight_decay=0.5), grads=zero * 2)[-1]
    np.testing.assert_allclose(two, START * (1 - 0.05) * (1 - 0.025))


def test_adam_first_step_is_about_lr_whatever_the_gradient_scale():
    params = np.zeros(4)
    grads = np.array([1e-4, -1.0, 30.0, -1e4])
    opt = optim.adam(0.01)
    updates, _ = opt.update(grads, opt.init(params), params)
    np.testing.assert_allclose(np.abs(updates), 0.01, rtol=1e-3)


def test_adamw_and_adam_with_l2_differ():
    adam_l2 = run(optim.adam(0.1, weight_decay=0.1))
    adamw = run(optim.adamw(0.1, weight_decay=0.1))
    assert not np.allclose(adam_l2[-1], adamw[-1])


def test_make_optimizer_by_name_against_the_rules_by_hand():
    """Each name builds the optimizer whose steps follow its rule, with beta where the name uses it."""
    g1, g2 = GRADS[0], GRADS[1]
    expected = {
        "sgd": -0.1 * g2,
        "momentum": -0.1 * (0.5 * g1 + g2),
        "rmsprop": -0.1 * g2 / (np.sqrt(0.99 * 0.01 * g1**2 + 0.01 * g2**2) + 1e-8),
    }
    m = 0.5 * 0.5 * g1 + 0.5 * g2
    v = 0.999 * 0.001 * g1**2 + 0.001 * g2**2
    expected["adam"] = -0.1 * (m / (1 - 0.5**2)) / (np.sqrt(v / (1 - 0.999**2)) + 1e-8)
    assert set(optim.OPTIMIZER_NAMES) == set(expected)
    for name in optim.OPTIMIZER_NAMES:
        opt = optim.make_optimizer(name, 0.1, beta=0.5)
        state = opt.init(START)
        _, state = opt.update(g1, state, START)
        second, _ = opt.update(g2, state, START)
        np.testing.assert_allclose(second, expected[name], err_msg=name)
    with pytest.raises(ValueError, match="name"):
        optim.make_optimizer("adagrad", 0.1)


def test_adamw_with_zero_gradients_only_shrinks_the_weights():
    # m = v = 0 so the adaptive part is 0 / (0 + eps) = 0; each step multiplies by (1 - lr * wd).
    steps = run(optim.adamw(0.1, weight_decay=0.5), grads=[np.zeros(2)] * 3)
    np.testing.assert_allclose(steps[-1], START * 0.95**3)
    # Adam's L2 form instead routes wd * params through the normalization: a step of ~lr.
    first = run(optim.adam(0.1, weight_decay=0.5), grads=[np.zeros(2)])[0]
    np.testing.assert_allclose(first, START - 0.1 * np.sign(START), rtol=1e-6)


# ------------------------------------------------------------------------- params as dicts


@pytest.mark.parametrize("make", [lambda: optim.sgd(0.1), lambda: optim.momentum(0.1), lambda: optim.rmsprop(0.01), lambda: optim.adam(0.01, weight_decay=0.1), lambda: optim.adamw(0.01)])
def test_dict_params_are_updated_leaf_by_leaf(make):
    params = {"W": np.ones((2, 3)), "inner": {"b": np.array([0.5, -0.5])}}
    grads = [{"W": np.full((2, 3), k + 1.0), "inner": {"b": np.array([k, -1.0])}} for k in range(3)]
    got = run(make(), grads=grads, params=params)[-1]
    ref_W = run(make(), grads=[g["W"] for g in grads], params=params["W"])[-1]
    ref_b = run(make(), grads=[g["inner"]["b"] for g in grads], params=params["inner"]["b"])[-1]
    np.testing.assert_allclose(got["W"], ref_W)
    np.testing.assert_allclose(got["inner"]["b"], ref_b)


@pytest.mark.parametrize("make", [lambda: optim.sgd(0.1), lambda: optim.momentum(0.1), lambda: optim.rmsprop(0.01), lambda: optim.adam(0.01), lambda: optim.adamw(0.01)])
def test_update_changes_no_input(make):
    opt = make()
    params = {"w": np.array([1.0, 2.0])}
    grads = {"w": np.array([0.3, -0.1])}
    state = opt.update(grads, opt.init(params), params)[1]  # a state with non-zero buffers
    saved = copy.deepcopy((params, grads, state))
    updates, new_state = opt.update(grads, state, params)
    optim.apply_updates(params, updates)
    for before, after in zip(saved, (params, grads, state)):
        np.testing.assert_equal(before, after)
    assert new_state is not state


# -------------------------------------------------------------------------------- schedules


def cosine_value(t, total=10):
    return 0.5 * (1 + math.cos(math.pi * t / total))


def test_schedules_by_hand():
    assert [optim.constant(0.1)(t) for t in (0, 50)] == [0.1, 0.1]
    assert [optim.step_decay(1.0, 0.5, every=3)(t) for t in (0, 2, 3, 6, 7)] == [1, 1, 0.5, 0.25, 0.25]
    assert optim.exponential_decay(2.0, 0.9)(3) == pytest.approx(2.0 * 0.729)
    cosine = optim.cosine_decay(1.0, 10, final_lr=0.1)
    assert cosine(0) == pytest.approx(1.0)
    assert cosine(5) == pytest.approx(0.55)
    assert cosine(10) == pytest.approx(0.1) and cosine(20) == pytest.approx(0.1)
    warm = optim.linear_warmup(0.4, 4)
    assert [warm(t) for t in range(6)] == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.4, 0.4])
    warm_cos = optim.linear_warmup(optim.cosine_decay(1.0, 10), 2)
    assert warm_cos(0) == pytest.approx(0.5 * cosine_value(0)) and warm_cos(4) == pytest.approx(cosine_value(4))


def test_optimizers_call_the_schedule_from_step_zero():
    seen = []

    def schedule(step):
        seen.append(step)
        return 0.1 * (step + 1)

    p1, p2, p3 = run(optim.sgd(schedule))
    assert seen == [0, 1, 2]
    np.testing.assert_allclose(p2, START - 0.1 * GRADS[0] - 0.2 * GRADS[1])


# ------------------------------------------------------------------------------- minimize


def test_minimize_matches_the_closed_form_of_gd_on_a_quadratic():
    loss, grad = optim.quadratic_valley(a=1.0, b=10.0)
    x0 = np.array([2.0, 1.0])
    traj = optim.minimize(loss, grad, x0, optim.sgd(0.05), n_steps=30)
    assert traj.params.shape == (31, 2) and traj.losses.shape == (31,) and not traj.diverged
    k = np.arange(31)
    # x_k = (1 - lr * curvature)^k x_0, coordinate by coordinate
    np.testing.assert_allclose(traj.params[:, 0], 2.0 * 0.95**k)
    np.testing.assert_allclose(traj.params[:, 1], 1.0 * 0.5**k)
    np.testing.assert_allclose(traj.losses, [loss(p) for p in traj.params])
    np.testing.assert_array_equal(x0, [2.0, 1.0])


def test_minimize_stops_quietly_on_divergence():
    loss, grad = optim.quadratic_valley(a=1.0, b=10.0)
    # lr = 0.25 > 2 / 10: the b-direction grows by |1 - 2.5| = 1.5 per step.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        traj = optim.minimize(loss, grad, np.array([1.0, 1.0]), optim.sgd(0.25), n_steps=1000)
        huge = optim.minimize(loss, grad, np.array([1e200, 1e200]), optim.momentum(1e50), n_steps=10)
    assert traj.diverged and len(traj.losses) < 1001
    assert traj.losses[-1] > 1e12 and np.all(traj.losses[:-1] <= 1e12)
    assert traj.params.shape == (len(traj.losses), 2)
    assert huge.diverged and not np.isfinite(huge.losses[-1])


def test_adam_on_rosenbrock_gets_to_the_minimum():
    loss, grad = optim.rosenbrock()
    traj = optim.minimize(loss, grad, np.array([-1.0, 1.0]), optim.adam(0.02), n_steps=3000)
    np.testing.assert_allclose(traj.params[-1], [1.0, 1.0], atol=0.02)


@pytest.mark.parametrize("make", [lambda: optim.quadratic_valley(2.0, 7.0), lambda: optim.rosenbrock(), lambda: optim.rosenbrock(0.5, 20.0)])
def test_test_function_gradients_by_finite_differences(make):
    loss, grad = make()
    for x in (np.array([0.3, -0.7]), np.array([-1.2, 1.0])):
        result = check_gradient(loss, grad, x)
        assert result.passed, result


def test_test_function_minima():
    loss, grad = optim.rosenbrock(a=2.0, b=10.0)
    assert loss(np.array([2.0, 4.0])) == 0.0
    np.testing.assert_array_equal(grad(np.array([2.0, 4.0])), 0.0)
    assert optim.quadratic_valley()[0](np.array([1.0, 1.0])) == pytest.approx(5.5)


# ----------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: optim.sgd(-0.1), "learning_rate must be > 0"),
        (lambda: optim.momentum(0.1, beta=1.0), "beta must lie"),
        (lambda: optim.rmsprop(alpha=-0.5), "alpha must lie"),
        (lambda: optim.adam(beta2=1.5), "beta2 must lie"),
        (lambda: optim.adamw(weight_decay=-1.0), "weight_decay must be >= 0"),
        (lambda: optim.momentum(0.1).update(np.ones(3), optim.momentum(0.1).init(np.ones(2))), r"grads must have the shape of the params given to init, \(2,\)"),
        (lambda: optim.adam().update({"v": np.ones(2)}, optim.adam().init({"w": np.ones(2)})), r"grads must have the keys"),
        (lambda: optim.sgd(0.1).update(np.ones(3), optim.sgd(0.1).init(np.ones(2)), np.ones(2)), "grads must have the shape of params"),
        (lambda: optim.adamw().update(np.ones(2), optim.adamw().init(np.ones(2))), "params is required"),
        (lambda: optim.sgd(lambda t: -1.0).update(np.ones(2), optim.SgdState(0)), "learning_rate at step 0 must be >= 0"),
        (lambda: optim.apply_updates(np.ones(2), np.ones(3)), "updates must have the shape of params"),
        (lambda: optim.step_decay(0.1, every=0), "every must be an integer >= 1"),
        (lambda: optim.exponential_decay(0.1, 1.5), r"rate must lie in \(0, 1\]"),
        (lambda: optim.cosine_decay(0.1, 0), "total_steps must be"),
        (lambda: optim.linear_warmup(0.1, 0), "warmup_steps must be"),
        (lambda: optim.constant(0.1)(-1), "step must be an integer >= 0"),
        (lambda: optim.minimize(lambda x: 0.0, lambda x: x, [[np.nan]], optim.sgd(0.1)), "x0 contains NaN"),
        (lambda: optim.minimize(lambda x: 0.0, lambda x: x, np.ones(2), "adam"), "optimizer must be an Optimizer"),
        (lambda: optim.minimize(lambda x: 0.0, lambda x: x[:1], np.ones(2), optim.sgd(0.1)), r"grad\(x\) must have the shape of x0"),
        (lambda: optim.minimize(lambda x: 0.0, None, np.ones(2), optim.sgd(0.1)), "grad must be callable"),
        (lambda: optim.quadratic_valley()[0](np.ones(3)), r"x must have shape \(2,\)"),
        (lambda: optim.rosenbrock()[1](np.ones((2, 1))), r"x must have shape \(2,\)"),
        (lambda: optim.quadratic_valley(a=0.0), "a must be > 0"),
    ],
)
def test_bad_input_names_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_gd_steps_to_tolerance_against_a_loop():
    """The exact step count against an explicit loop of full-batch gradient descent on the MSE."""
    rng = np.random.default_rng(0)
    X = 3.0 * rng.uniform(0, 1, (40, 1))  # one feature with a mean: a moderately conditioned problem
    y = 3.0 * X[:, 0] + rng.normal(0, 0.3, 40)
    run = optim.gd_steps_to_tolerance(X, y, tol=1e-4, max_steps=10**6)
    A = np.column_stack([X, np.ones(len(X))])
    theta_star = np.linalg.lstsq(A, y, rcond=None)[0]
    min_loss = np.mean((A @ theta_star - y) ** 2)
    theta, eta = np.zeros(2), run["learning_rate"]
    assert eta == pytest.approx(1 / np.linalg.eigvalsh(2 * A.T @ A / len(y)).max())
    excess0 = np.mean((A @ theta - y) ** 2) - min_loss
    k = 0
    while np.mean((A @ theta - y) ** 2) - min_loss > 1e-4 * excess0:
        theta = theta - eta * 2 / len(y) * A.T @ (A @ theta - y)
        k += 1
    assert k > 10 and run["steps"] == k
    assert run["excess"](0) == pytest.approx(excess0)
    assert run["excess"](k) == pytest.approx(np.mean((A @ theta - y) ** 2) - min_loss, abs=1e-12)
    assert optim.gd_steps_to_tolerance(X, y, tol=1e-4, max_steps=k - 1)["steps"] is None
    with pytest.raises(ValueError, match="tol"):
        optim.gd_steps_to_tolerance(X, y, tol=0.0)


def test_learning_rate_regime_boundaries():
    """The regimes follow the factor 1 - eta * L of the steepest direction."""
    assert optim.learning_rate_regime(0.5, 1.0) == "converges without overshooting"
    assert optim.learning_rate_regime(1.0, 1.0) == "converges without overshooting"
    assert "oscillating" in optim.learning_rate_regime(1.5, 1.0)
    assert "edge" in optim.learning_rate_regime(2.0, 1.0)
    assert optim.learning_rate_regime(2.01, 1.0) == "diverges"
    assert "no progress" in optim.learning_rate_regime(0.0, 1.0)
