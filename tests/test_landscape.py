"""Tests of paramcourse.landscape: flattening round trips, filter normalization by its definition
and the invariance it is for, and random slices against a quadratic computed in closed form."""

from __future__ import annotations

import numpy as np
import pytest

from paramcourse import landscape, losses, mlp


def _params(seed=0):
    return mlp.init_mlp([5, 4, 3], np.random.default_rng(seed))


def test_vector_round_trip_and_order():
    params = _params()
    params[0] = (params[0][0], np.arange(4.0))
    v = landscape.params_to_vector(params)
    assert v.shape == (mlp.count_parameters(params),)
    np.testing.assert_array_equal(v[:20], params[0][0].ravel())
    np.testing.assert_array_equal(v[20:24], np.arange(4.0))
    back = landscape.vector_to_params(v, params)
    for (W, b), (W2, b2) in zip(params, back):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)
    with pytest.raises(ValueError, match="vector must have shape"):
        landscape.vector_to_params(v[:-1], params)


def test_filter_normalize_gives_each_column_the_norm_of_the_weights_column():
    params = _params()
    direction = landscape.random_direction(params, np.random.default_rng(1))
    normed = landscape.filter_normalize(direction, params)
    for (W, b), (dW, db), (dW0, _) in zip(params, normed, direction):
        np.testing.assert_allclose(np.linalg.norm(dW, axis=0), np.linalg.norm(W, axis=0))
        # same direction within every column: a positive multiple of the raw column
        cos = np.sum(dW * dW0, axis=0) / (np.linalg.norm(dW, axis=0) * np.linalg.norm(dW0, axis=0))
        np.testing.assert_allclose(cos, 1.0)
        assert not np.any(db)
    with pytest.raises(ValueError, match="same shapes"):
        landscape.filter_normalize(direction[:1], params)


def test_filter_normalized_slices_do_not_see_a_relu_rescaling():
    # Multiplying layer 1 (weights and biases) by c and dividing layer 2 by c leaves a ReLU
    # network's function unchanged; the filter-normalized loss along the same random draw too.
    gen = np.random.default_rng(2)
    X, y = gen.standard_normal((30, 5)), gen.integers(0, 3, 30)
    (W1, b1), (W2, b2) = _params()
    b1 = gen.standard_normal(4)
    params = [(W1, b1), (W2, b2)]
    twin = [(7.0 * W1, 7.0 * b1), (W2 / 7.0, b2)]

    def loss_along(p, alpha):
        d = landscape.filter_normalize(landscape.random_direction(p, np.random.default_rng(5)), p)
        moved = [(W + alpha * dW, b + alpha * db) for (W, b), (dW, db) in zip(p, d)]
        return losses.softmax_cross_entropy(y, mlp.forward(moved, X)[0])

    for alpha in [0.0, 0.3, -0.8]:
        assert loss_along(params, alpha) == pytest.approx(loss_along(twin, alpha), rel=1e-10)


def test_random_slice_of_a_quadratic_matches_the_closed_form():
    gen = np.random.default_rng(3)
    A = gen.standard_normal((6, 6))
    H = A @ A.T
    c, d1, d2 = gen.standard_normal((3, 6))
    alphas, betas = np.linspace(-1, 1, 5), np.linspace(-2, 2, 3)
    out = landscape.random_slice(lambda v: 0.5 * v @ H @ v, c, d1, d2, alphas, betas)
    assert out["loss"].shape == (3, 5)
    for i, b in enumerate(betas):
        for j, a in enumerate(alphas):
            p = c + a * d1 + b * d2
            assert out["loss"][i, j] == pytest.approx(0.5 * p @ H @ p)
    assert out["center_loss"] == pytest.approx(0.5 * c @ H @ c)
    with pytest.raises(ValueError, match="dir2"):
        landscape.random_slice(lambda v: 0.0, c, d1, d2[:3], alphas, betas)
    with pytest.raises(ValueError, match="rng"):
        landscape.random_direction(_params(), rng=0)


def test_mlp_loss_and_directions_agree_with_the_pair_form():
    gen = np.random.default_rng(4)
    X, y = gen.standard_normal((20, 5)), gen.integers(0, 3, 20)
    params = _params()
    loss = landscape.mlp_loss(params, X, y)
    theta = landscape.params_to_vector(params)
    assert loss(theta) == pytest.approx(losses.softmax_cross_entropy(y, mlp.forward(params, X)[0]))
    d1, d2 = landscape.filter_normalized_directions(params, np.random.default_rng(6))
    gen6 = np.random.default_rng(6)
    ref = landscape.filter_normalize(landscape.random_direction(params, gen6), params)
    np.testing.assert_array_equal(d1, landscape.params_to_vector(ref))
    assert d2.shape == theta.shape and not np.array_equal(d1, d2)
