"""paramcourse.autodiff against independent references: central finite differences
(paramcourse.gradcheck) on random expressions, the closed-form gradients of paramcourse.losses,
and the matrix-form backpropagation of paramcourse.mlp; forward mode against reverse mode."""

from __future__ import annotations

import math

import numpy as np
import pytest

from paramcourse import autodiff, gradcheck, losses, mlp
from paramcourse.autodiff import Value

# ------------------------------------------------------------------ random expressions

_BINARY = ("+", "-", "*", "/")
_UNARY = ("tanh", "exp", "log", "relu", "pow", "neg")


def _random_program(rng: np.random.Generator, n_inputs: int, n_steps: int) -> list[tuple]:
    """A random straight-line program: each step combines earlier results (inputs included)."""
    program = []
    for step in range(n_steps):
        available = n_inputs + step
        if rng.random() < 0.5:
            program.append((str(rng.choice(_BINARY)), int(rng.integers(available)), int(rng.integers(available))))
        else:
            program.append((str(rng.choice(_UNARY)), int(rng.integers(available)), int(rng.integers(2, 4))))
    return program


def _run(program, inputs, ops):
    """Evaluate the program with the operations ``ops`` (Values or floats); operands of log and
    / are made positive first (u * u + 1) so that every program is defined everywhere, and exp
    sees a tanh so that nothing overflows."""
    values = list(inputs)
    for op, i, j in program:
        a = values[i]
        if op in _BINARY:
            b = values[j]
            out = ops["div"](a, b * b + 1.0) if op == "/" else {"+": a + b, "-": a - b, "*": a * b}[op]
        elif op == "log":
            out = ops["log"](a * a + 1.0)
        elif op == "exp":
            out = ops["exp"](ops["tanh"](a))
        elif op == "pow":
            out = (a * a + 0.5) ** (j / 2)   # a positive base, exponent 1 or 1.5
        elif op == "neg":
            out = -a
        else:
            out = ops[op](a)
        values.append(out)
    return sum(values[len(inputs):], values[0] * 0.0)


_VALUE_OPS = {"div": lambda a, b: a / b, "log": Value.log, "exp": Value.exp, "tanh": Value.tanh, "relu": Value.relu}
_FLOAT_OPS = {"div": lambda a, b: a / b, "log": math.log, "exp": math.exp, "tanh": math.tanh,
              "relu": lambda a: max(a, 0.0)}


@pytest.mark.parametrize("seed", range(12))
def test_reverse_mode_matches_central_differences_on_random_expressions(seed):
    rng = np.random.default_rng(seed)
    program = _random_program(rng, n_inputs=4, n_steps=14)
    x = rng.normal(size=4)
    inputs = [Value(v, f"x{i}") for i, v in enumerate(x)]
    out = _run(program, inputs, _VALUE_OPS)
    assert out.data == pytest.approx(_run(program, list(x), _FLOAT_OPS), rel=1e-12)
    grad = autodiff.gradient(out, inputs)
    result = gradcheck.check_gradient(lambda v: _run(program, list(v), _FLOAT_OPS), grad, x, rtol=1e-6, atol=1e-7)
    assert result.passed, (program, result.max_rel_error)


@pytest.mark.parametrize("seed", range(4))
def test_forward_mode_equals_reverse_mode(seed):
    rng = np.random.default_rng(100 + seed)
    program = _random_program(rng, n_inputs=3, n_steps=10)
    inputs = [Value(v) for v in rng.normal(size=3)]
    out = _run(program, inputs, _VALUE_OPS)
    reverse = autodiff.gradient(out, inputs)
    np.testing.assert_allclose(autodiff.forward_mode_gradient(out, inputs), reverse, rtol=1e-12, atol=1e-14)
    direction = rng.normal(size=3)
    assert autodiff.forward_derivative(out, inputs, direction) == pytest.approx(reverse @ direction, rel=1e-12)


def test_each_operation_has_its_textbook_derivative():
    x = 0.7
    cases = {
        "tanh": (lambda v: v.tanh(), 1 - math.tanh(x) ** 2),
        "exp": (lambda v: v.exp(), math.exp(x)),
        "log": (lambda v: v.log(), 1 / x),
        "relu": (lambda v: v.relu(), 1.0),
        "pow": (lambda v: v**3, 3 * x**2),
        "rdiv": (lambda v: 2.0 / v, -2.0 / x**2),
        "rsub": (lambda v: 2.0 - v, -1.0),
        "neg": (lambda v: -v, -1.0),
    }
    for name, (fn, expected) in cases.items():
        v = Value(x)
        fn(v).backward()
        assert v.grad == pytest.approx(expected, rel=1e-12), name


def test_a_node_used_twice_receives_both_contributions_and_backward_is_repeatable():
    x = Value(3.0)
    y = x * x + x          # dy/dx = 2x + 1
    y.backward()
    assert x.grad == 7.0
    y.backward()           # grads are reset, not accumulated
    assert x.grad == 7.0


def test_relu_has_derivative_zero_at_the_kink():
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0


def test_gradient_of_an_input_the_output_does_not_use_is_zero():
    x, unused = Value(1.0), Value(5.0)
    unused.grad = 9.0
    np.testing.assert_array_equal(autodiff.gradient(x * 2.0, [x, unused]), [2.0, 0.0])


def test_deep_chains_do_not_hit_the_recursion_limit():
    x = Value(1.0)
    total = sum((x * 1.0 for _ in range(5000)), Value(0.0))
    total.backward()
    assert x.grad == 5000.0
    assert autodiff.count_operations(total)["operations"] == 2 * 5000


def test_count_operations_of_a_small_graph():
    x1, x2 = Value(0.5, "x1"), Value(2.0, "x2")
    f = x1 * x2 + x1.exp() / x2
    assert autodiff.count_operations(f) == {"nodes": 6, "leaves": 2, "operations": 4, "edges": 7}


# ------------------------------------------------------------------ closed-form gradients


def test_mse_of_a_linear_model_matches_losses_mse_gradient():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(7, 3)), rng.normal(size=7)
    w0, b0 = rng.normal(size=3), 0.4
    w, b = autodiff.as_values(w0, "w"), Value(b0, "b")
    loss = ((X @ w + b - y) ** 2).sum() / len(y)
    assert loss.data == pytest.approx(losses.mse_loss(w0, b0, X, y), rel=1e-12)
    loss.backward()
    grad_w, grad_b = losses.mse_gradient(w0, b0, X, y)
    np.testing.assert_allclose(autodiff.grad_of(w), grad_w, rtol=1e-12)
    assert b.grad == pytest.approx(grad_b, rel=1e-12)


def _softmax_cross_entropy(Z, y):
    """Mean cross-entropy of an object array of logits, with the stable log-sum-exp."""
    total = Value(0.0)
    for row, label in zip(Z, y):
        shift = max(z.data for z in row)
        log_sum = sum(((z - shift).exp() for z in row), Value(0.0)).log() + shift
        total = total + log_sum - row[label]
    return total / len(y)


def test_cross_entropy_matches_losses_softmax_cross_entropy_grad():
    rng = np.random.default_rng(1)
    logits, y = 3 * rng.normal(size=(5, 4)), np.array([0, 3, 1, 1, 2])
    Z = autodiff.as_values(logits)
    loss = _softmax_cross_entropy(Z, y)
    assert loss.data == pytest.approx(losses.softmax_cross_entropy(y, logits), rel=1e-12)
    loss.backward()
    np.testing.assert_allclose(autodiff.grad_of(Z), losses.softmax_cross_entropy_grad(y, logits), atol=1e-14)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_two_layer_network_gradients_equal_mlp_backward(activation):
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(6, 3)), rng.integers(0, 4, size=6)
    params = mlp.init_mlp([3, 5, 4], rng, "he_normal")
    params = [(W, rng.normal(scale=0.1, size=b.shape)) for W, b in params]  # non-zero biases
    (W1, b1), (W2, b2) = params
    V = {name: autodiff.as_values(a, name) for name, a in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2))}
    act = np.frompyfunc(lambda v: v.relu() if activation == "relu" else v.tanh(), 1, 1)
    Z2 = act(X @ V["W1"] + V["b1"]) @ V["W2"] + V["b2"]
    loss = _softmax_cross_entropy(Z2, y)
    loss.backward()
    expected_loss, grads = mlp.loss_and_grads(params, X, y, activation=activation)
    assert loss.data == pytest.approx(expected_loss, rel=1e-12)
    for (dW, db), i in zip(grads, (1, 2)):
        np.testing.assert_allclose(autodiff.grad_of(V[f"W{i}"]), dW, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(autodiff.grad_of(V[f"b{i}"]), db, rtol=1e-10, atol=1e-14)


# -------------------------------------------------------------------------- arrays, errors


def test_as_values_wraps_labels_and_leaves_the_input_alone():
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    V = autodiff.as_values(a, "W")
    assert V.shape == (2, 2) and V[1, 0].label == "W[1,0]"
    np.testing.assert_array_equal(autodiff.data_of(V), a)
    np.testing.assert_array_equal(autodiff.grad_of(V), np.zeros((2, 2)))
    V[0, 0].data = 10.0
    assert a[0, 0] == 1.0


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Value(-1.0).log(), "positive"),
        (lambda: Value(1.0) / Value(0.0), "division"),
        (lambda: Value(2.0) ** Value(2.0), "exponent"),
        (lambda: Value(-2.0) ** 0.5, "not real"),
        (lambda: Value("3"), "real number"),
        (lambda: Value(float("nan")), "finite"),
        (lambda: Value(1.0) + "a", "real number"),
        (lambda: autodiff.gradient(3.0, []), "must be a Value"),
        (lambda: autodiff.forward_derivative(Value(1.0), [Value(1.0)], [1.0, 2.0]), "direction"),
        (lambda: autodiff.grad_of([1.0]), "must be a Value"),
    ],
)
def test_bad_input_gets_a_value_error_that_names_it(make, message):
    with pytest.raises(ValueError, match=message):
        make()
