"""The references of the ``backpropagation`` checks, verified independently of their formulas.

The checks in ``solutions/backpropagation/checks.py`` compare students' answers with closed-form
references. Here each reference is compared with central finite differences on random inputs
(and the loss with a direct computation), so that a slip in a reference cannot pass unnoticed.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from catalogue import checks

SEEDS = range(5)
H = 1e-6


@pytest.fixture(scope="module")
def ref():
    return checks("backpropagation")


def numeric_gradient(f, x: np.ndarray, h: float = H) -> np.ndarray:
    """Central differences of the scalar function ``f`` at ``x``, entry by entry."""
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = h
        grad[index] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def shapes(seed: int) -> tuple[int, int, int, int]:
    """(n, d_in, hidden, k) for a seed: one sample and one class-like sizes included."""
    return [(4, 3, 5, 3), (1, 2, 3, 4), (7, 5, 2, 2), (3, 1, 6, 5), (9, 4, 4, 3)][seed]


def away_from_kink(rng: np.random.Generator, shape: tuple[int, ...], margin: float = 1e-2) -> np.ndarray:
    """Normal draws pushed at least ``margin`` away from 0 (where the ReLU has no derivative)."""
    z = rng.normal(size=shape)
    return np.where(np.abs(z) < margin, np.sign(z + 1e-300) * margin, z)


@pytest.mark.parametrize("seed", SEEDS)
def test_linear_references_match_finite_differences(ref, seed):
    n, d_in, hidden, _ = shapes(seed)
    rng = np.random.default_rng(seed)
    X, W, b = rng.normal(size=(n, d_in)), rng.normal(size=(d_in, hidden)), rng.normal(size=hidden)
    G = rng.normal(size=(n, hidden))  # L = sum(G * Z) has dL/dZ = G
    assert np.allclose(ref._linear_forward(X, W, b), np.einsum("ni,io->no", X, W) + b[None, :])
    got = ref._linear_backward(G, X, W)
    assert np.allclose(got["dX"], numeric_gradient(lambda v: np.sum(G * ref._linear_forward(v, W, b)), X), atol=1e-7)
    assert np.allclose(got["dW"], numeric_gradient(lambda v: np.sum(G * ref._linear_forward(X, v, b)), W), atol=1e-7)
    assert np.allclose(got["db"], numeric_gradient(lambda v: np.sum(G * ref._linear_forward(X, W, v)), b), atol=1e-7)


@pytest.mark.parametrize("seed", SEEDS)
def test_relu_reference_matches_finite_differences(ref, seed):
    n, _, hidden, _ = shapes(seed)
    rng = np.random.default_rng(100 + seed)
    Z, G = away_from_kink(rng, (n, hidden)), rng.normal(size=(n, hidden))
    numeric = numeric_gradient(lambda v: np.sum(G * np.maximum(v, 0.0)), Z)
    assert np.allclose(ref._relu_backward(G, Z), numeric, atol=1e-7)
    # At Z == 0 the contract's mask Z > 0 gives 0.
    assert np.array_equal(ref._relu_backward(np.ones((2, 2)), np.array([[0.0, 1.0], [-1.0, 0.0]])),
                          np.array([[0.0, 1.0], [0.0, 0.0]]))


def _direct_loss(Z: np.ndarray, y: np.ndarray) -> float:
    """-mean log softmax(Z)[i, y_i] with the math module, row by row (exact log-sum-exp)."""
    total = 0.0
    for row, label in zip(Z, y):
        m = max(row)
        total += m + math.log(math.fsum(math.exp(z - m) for z in row)) - row[label]
    return total / len(y)


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_reference_matches_finite_differences(ref, seed):
    n, _, _, k = shapes(seed)
    rng = np.random.default_rng(200 + seed)
    Z, y = 2 * rng.normal(size=(n, k)), rng.integers(0, k, size=n)
    got = ref._softmax_cross_entropy(Z, y)
    assert isinstance(got["loss"], float)
    assert math.isclose(got["loss"], _direct_loss(Z, y), rel_tol=1e-12, abs_tol=1e-12)
    numeric = numeric_gradient(lambda v: ref._softmax_cross_entropy(v, y)["loss"], Z)
    assert np.allclose(got["dZ"], numeric, atol=1e-8)
    # Shifting every logit of a row changes nothing.
    shifted = ref._softmax_cross_entropy(Z + rng.normal(size=(n, 1)) * 50, y)
    assert math.isclose(shifted["loss"], got["loss"], rel_tol=1e-9) and np.allclose(shifted["dZ"], got["dZ"])


def test_softmax_reference_is_stable_on_the_large_logits(ref):
    for case in ref._LARGE:
        Z, y = case.args
        got = ref._softmax_cross_entropy(Z, y)
        assert np.isfinite(got["loss"]) and np.all(np.isfinite(got["dZ"]))
        assert math.isclose(got["loss"], _direct_loss(Z, y), rel_tol=1e-12)
        # Far from overflow the gradient is again the finite-difference one.
        assert np.allclose(got["dZ"], numeric_gradient(lambda v: ref._softmax_cross_entropy(v, y)["loss"], Z,
                                                       h=1e-4), atol=1e-6)


def _random_network(ref, seed):
    n, d_in, hidden, k = shapes(seed)
    net = ref.make_network(300 + seed, n, d_in, hidden, k, f"random network {seed}")
    return net


def _keys(grads: dict) -> dict:
    return {key[len("grads['"):-2]: value for key, value in grads.items() if key.startswith("grads[")}


@pytest.mark.parametrize("seed", SEEDS)
def test_two_layer_reference_matches_finite_differences(ref, seed):
    net = _random_network(ref, seed)
    Z1 = net.X @ net.W1 + net.b1
    assert np.abs(Z1).min() > 1e-4, "a hidden unit sits at the ReLU's kink: choose another seed"
    args = (net.X, net.y, net.W1, net.b1, net.W2, net.b2)
    got = ref._two_layer_gradients(*args)
    params = {"W1": net.W1, "b1": net.b1, "W2": net.W2, "b2": net.b2}
    Z2 = np.maximum(Z1, 0) @ net.W2 + net.b2
    assert math.isclose(got["loss"], _direct_loss(Z2, net.y), rel_tol=1e-12)
    assert math.isclose(got["loss"], ref._two_layer_loss(*args), rel_tol=1e-12)
    grads = _keys(got)
    assert set(grads) == set(params)
    for name, value in params.items():
        numeric = numeric_gradient(lambda v, name=name: ref._two_layer_loss(net.X, net.y, **{**params, name: v}), value)
        assert grads[name].shape == value.shape
        assert np.allclose(grads[name], numeric, rtol=1e-5, atol=1e-7), name


def test_finite_difference_reference_agrees_with_closed_form(ref):
    """The estimate the hidden check compares students with agrees with the closed form on every
    network it is used on (none of them has a hidden unit near the ReLU's kink)."""
    for net in (ref._H_GENERIC, ref._H_ONE, ref._H_WIDE):
        args = (net.X, net.y, net.W1, net.b1, net.W2, net.b2)
        assert np.abs(net.X @ net.W1 + net.b1).min() > 1e-3
        closed, numeric = ref._two_layer_gradients(*args), ref._finite_difference_gradients(*args, h=ref.FD_STEP)
        assert closed.keys() == numeric.keys()
        for key in closed:
            assert np.allclose(numeric[key], closed[key], rtol=ref.FD_RTOL / 100, atol=ref.FD_ATOL / 100), key


def test_the_cases_have_the_properties_their_labels_claim(ref):
    for net in (ref.EXAMPLE, ref.SECOND):
        assert set(net.y.tolist()) == set(range(net.W2.shape[1])), "every class occurs in a visible case"
    for net in (ref._H_CLASS0, ref._H_CLASS0_B):
        assert set(net.y.tolist()) == {0}
    assert ref._H_ONE.X.shape[0] == 1
    for net in (ref._H_KINK, ref._H_KINK_B):
        assert np.any(net.X @ net.W1 + net.b1 == 0.0)
    for net in (ref._H_LARGE, ref._H_LARGE_B):
        Z2 = ref._intermediates(net)["Z2"]
        assert np.abs(Z2).max() > 710, "large enough for np.exp to overflow"
        with np.errstate(over="ignore", invalid="ignore"):
            assert not np.all(np.isfinite(np.exp(Z2)))
    for case in ref._LARGE:
        assert np.abs(case.args[0]).max() >= 1000


def test_the_example_has_the_documented_shapes(ref):
    """The worked example: n=4, d_in=3, 5 hidden units, k=3, no hidden unit near the kink."""
    net = ref.EXAMPLE
    assert net.X.shape == (4, 3) and net.W1.shape == (3, 5) and net.W2.shape == (5, 3)
    assert np.abs(net.X @ net.W1 + net.b1).min() > 1e-2
