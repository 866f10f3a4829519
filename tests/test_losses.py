"""paramcourse.losses against scikit-learn's metrics, hand-computed values and finite differences."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression as SkLinearRegression
from sklearn.metrics import log_loss, mean_absolute_error, mean_squared_error

from paramcourse import losses
from paramcourse.gradcheck import check_gradient


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


@pytest.fixture
def regression(rng):
    X = rng.normal(size=(30, 3))
    y = X @ np.array([1.5, -2.0, 0.5]) + 0.7 + 0.3 * rng.normal(size=30)
    return X, y


# ------------------------------------------------------------------------- regression losses


def test_squared_and_absolute_error_by_hand():
    y_true, y_pred = [1.0, 2.0, 3.0], [1.0, 4.0, 2.0]
    assert losses.squared_error(y_true, y_pred) == pytest.approx((0 + 4 + 1) / 3)
    assert losses.absolute_error(y_true, y_pred) == pytest.approx((0 + 2 + 1) / 3)


def test_regression_losses_match_sklearn(rng):
    y_true, y_pred = rng.normal(size=20), rng.normal(size=20)
    assert losses.squared_error(y_true, y_pred) == pytest.approx(mean_squared_error(y_true, y_pred))
    assert losses.absolute_error(y_true, y_pred) == pytest.approx(mean_absolute_error(y_true, y_pred))


def test_squared_error_grad_by_finite_differences(rng):
    y_true, y_pred = rng.normal(size=7), rng.normal(size=7)
    result = check_gradient(
        lambda p: losses.squared_error(y_true, p), lambda p: losses.squared_error_grad(y_true, p), y_pred
    )
    assert result.passed, result


def test_absolute_error_grad_by_finite_differences_away_from_ties(rng):
    y_true = rng.normal(size=7)
    y_pred = y_true + np.array([0.5, -0.3, 1.0, -2.0, 0.1, -0.1, 0.8])
    result = check_gradient(
        lambda p: losses.absolute_error(y_true, p), lambda p: losses.absolute_error_grad(y_true, p), y_pred
    )
    assert result.passed, result


def test_absolute_error_subgradient_is_zero_at_a_tie():
    grad = losses.absolute_error_grad([1.0, 2.0, 3.0, 4.0], [1.0, 3.0, 2.0, 4.0])
    np.testing.assert_array_equal(grad, [0.0, 0.25, -0.25, 0.0])


# --------------------------------------------------------------------- classification losses


def test_sigmoid_values_and_symmetry():
    z = np.linspace(-20, 20, 41)
    np.testing.assert_allclose(losses.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-12)
    np.testing.assert_allclose(losses.sigmoid(-z), 1 - losses.sigmoid(z), atol=1e-15)
    assert losses.sigmoid(0.0) == 0.5
    assert losses.sigmoid(np.ones((2, 3))).shape == (2, 3)


def test_sigmoid_and_softmax_do_not_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = losses.sigmoid(np.array([-1e4, -800.0, 800.0, 1e4, -np.inf, np.inf]))
        P = losses.softmax(np.array([[1000.0, 0.0, -1000.0], [-1e4, -1e4, -1e4]]))
        ce = losses.softmax_cross_entropy([2, 0], np.array([[1000.0, 0.0, -1000.0], [-1e4, -1e4, -1e4]]))
    np.testing.assert_array_equal(s, [0.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    np.testing.assert_allclose(P, [[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3]])
    assert ce == pytest.approx((2000.0 + np.log(3)) / 2)


def test_softmax_rows_match_the_definition_and_ignore_shifts(rng):
    Z = rng.normal(size=(5, 4))
    expected = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(losses.softmax(Z), expected, rtol=1e-12)
    np.testing.assert_allclose(losses.softmax(Z + 100.0), expected, rtol=1e-10)
    np.testing.assert_allclose(losses.softmax(Z).sum(axis=1), 1.0)


def test_binary_cross_entropy_matches_sklearn(rng):
    y = rng.integers(0, 2, size=40)
    p = rng.uniform(0.05, 0.95, size=40)
    assert losses.binary_cross_entropy(y, p) == pytest.approx(log_loss(y, p), rel=1e-10)


def test_binary_cross_entropy_edges_by_hand():
    assert losses.binary_cross_entropy([1, 0], [1.0, 0.0]) == pytest.approx(0.0, abs=1e-11)
    # A certain mistake costs -log(eps), not inf.
    assert losses.binary_cross_entropy([1], [0.0], eps=1e-12) == pytest.approx(-np.log(1e-12))
    assert losses.binary_cross_entropy([1, 0], [0.8, 0.4]) == pytest.approx(-(np.log(0.8) + np.log(0.6)) / 2)


def test_cross_entropy_matches_sklearn(rng):
    y = np.array([0, 1, 2, 2, 1, 0, 1])
    probs = losses.softmax(rng.normal(size=(7, 3)))
    assert losses.cross_entropy(y, probs) == pytest.approx(log_loss(y, probs, labels=[0, 1, 2]), rel=1e-10)
    assert losses.softmax_cross_entropy(y, np.log(probs)) == pytest.approx(losses.cross_entropy(y, probs))


def test_softmax_cross_entropy_grad_by_finite_differences(rng):
    y = np.array([0, 3, 1, 1, 2])
    logits = rng.normal(size=(5, 4))
    result = check_gradient(
        lambda Z: losses.softmax_cross_entropy(y, Z),
        lambda Z: losses.softmax_cross_entropy_grad(y, Z),
        logits,
    )
    assert result.passed, result


def test_softmax_cross_entropy_grad_formula_by_hand():
    # Two equal logits: P = (1/2, 1/2); label 0 -> (P - onehot) / n with n = 1.
    np.testing.assert_allclose(losses.softmax_cross_entropy_grad([0], [[0.0, 0.0]]), [[-0.5, 0.5]])


# ------------------------------------------------------------------------ the parameter view


def test_mse_loss_by_hand():
    X = np.array([[1.0], [2.0]])
    y = np.array([1.0, 3.0])
    # residuals X w + b - y = (1 + 0.5 - 1, 2 + 0.5 - 3) = (0.5, -0.5)
    assert losses.mse_loss(np.array([1.0]), 0.5, X, y) == pytest.approx(0.25)


def test_mse_loss_matches_sklearn(regression, rng):
    X, y = regression
    w, b = rng.normal(size=3), 0.3
    assert losses.mse_loss(w, b, X, y) == pytest.approx(mean_squared_error(y, X @ w + b))


@pytest.mark.parametrize("d", [1, 2, 5])
def test_mse_gradient_by_finite_differences(d, rng):
    X, y = rng.normal(size=(12, d)), rng.normal(size=12)
    theta = rng.normal(size=d + 1)  # (w, b) stacked

    def loss(t):
        return losses.mse_loss(t[:-1], t[-1], X, y)

    def grad(t):
        gw, gb = losses.mse_gradient(t[:-1], t[-1], X, y)
        assert gw.shape == (d,) and isinstance(gb, float)
        return np.append(gw, gb)

    result = check_gradient(loss, grad, theta)
    assert result.passed, result


def test_least_squares_fit_matches_sklearn(regression):
    X, y = regression
    w, b = losses.least_squares_fit(X, y)
    sk = SkLinearRegression().fit(X, y)
    np.testing.assert_allclose(w, sk.coef_, rtol=1e-10)
    assert b == pytest.approx(sk.intercept_, rel=1e-10)


def test_least_squares_fit_zeroes_the_gradient_even_with_a_duplicated_column(regression):
    X, y = regression
    X_dup = np.hstack([X, X[:, :1]])
    w, b = losses.least_squares_fit(X_dup, y)
    gw, gb = losses.mse_gradient(w, b, X_dup, y)
    np.testing.assert_allclose(gw, 0.0, atol=1e-10)
    assert gb == pytest.approx(0.0, abs=1e-10)
    # The minimum-norm solution splits the weight evenly between the two copies.
    assert w[0] == pytest.approx(w[-1])


def test_compute_loss_surface_matches_pointwise_losses(rng):
    x = rng.uniform(-3, 3, size=25)
    X, y = x.reshape(-1, 1), 2 * x + 1 + rng.normal(size=25)
    w_values, b_values = np.linspace(-1, 4, 7), np.linspace(-2, 3, 5)
    surface = losses.compute_loss_surface(X, y, w_values, b_values)
    assert surface["loss"].shape == (5, 7)
    np.testing.assert_array_equal(surface["w"], w_values)
    np.testing.assert_array_equal(surface["b"], b_values)
    for i, b in enumerate(b_values):
        for j, w in enumerate(w_values):
            assert surface["loss"][i, j] == pytest.approx(np.mean((w * x + b - y) ** 2), rel=1e-10)


def test_compute_loss_surface_minimum_is_the_least_squares_fit(rng):
    x = rng.uniform(-3, 3, size=40)
    X, y = x.reshape(-1, 1), -1.5 * x + 0.5 + rng.normal(size=40)
    w_star, b_star = losses.least_squares_fit(X, y)
    surface = losses.compute_loss_surface(X, y, w_star + np.linspace(-1, 1, 201), b_star + np.linspace(-1, 1, 201))
    i, j = np.unravel_index(np.argmin(surface["loss"]), surface["loss"].shape)
    assert (i, j) == (100, 100)
    assert surface["loss"].min() == pytest.approx(losses.mse_loss(w_star, b_star, X, y), rel=1e-10)


def test_functions_do_not_change_their_inputs(regression):
    X, y = regression
    w = np.array([0.1, 0.2, 0.3])
    Z = np.array([[1.0, 2.0], [3.0, -1.0]])
    copies = [a.copy() for a in (X, y, w, Z)]
    losses.mse_loss(w, 0.0, X, y)
    losses.mse_gradient(w, 0.0, X, y)
    losses.least_squares_fit(X, y)
    losses.softmax(Z)
    losses.softmax_cross_entropy_grad([0, 1], Z)
    losses.compute_loss_surface(X[:, :1], y, w, w)
    for before, after in zip(copies, (X, y, w, Z)):
        np.testing.assert_array_equal(before, after)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: losses.squared_error([1.0, 2.0], [1.0]), r"y_pred must have shape \(2,\)"),
        (lambda: losses.squared_error_grad([[1.0]], [1.0]), "y_true must be a 1-D array"),
        (lambda: losses.absolute_error([1.0], [1.0, 2.0]), "y_pred must have shape"),
        (lambda: losses.absolute_error_grad([1.0], [[1.0]]), "y_pred must be a 1-D array"),
        (lambda: losses.sigmoid("abc"), "z must be an array of real numbers"),
        (lambda: losses.softmax([1.0, 2.0]), r"Z must have shape \(n_samples, n_classes\)"),
        (lambda: losses.binary_cross_entropy([1, 0], [0.5]), "p must have shape"),
        (lambda: losses.binary_cross_entropy([1, 0], [0.5, 1.5]), "p must hold probabilities"),
        (lambda: losses.cross_entropy([0, 1], [0.5, 0.5]), "probs must have shape"),
        (lambda: losses.cross_entropy([0, 2], [[0.5, 0.5], [0.5, 0.5]]), "y_true must hold labels in 0..1"),
        (lambda: losses.cross_entropy([0, 0.5], [[0.5, 0.5], [0.5, 0.5]]), "y_true must hold integer"),
        (lambda: losses.softmax_cross_entropy([0], [[0.0, 1.0], [1.0, 0.0]]), r"y_true must have shape \(2,\)"),
        (lambda: losses.softmax_cross_entropy_grad([0, 1], [0.0, 1.0]), "logits must have shape"),
        (lambda: losses.mse_loss([1.0, 2.0], 0.0, np.ones((3, 1)), np.ones(3)), r"w must have shape \(1,\)"),
        (lambda: losses.mse_loss([1.0], 0.0, np.ones(3), np.ones(3)), r"X must have shape"),
        (lambda: losses.mse_gradient([1.0], 0.0, np.ones((3, 1)), np.ones(2)), r"y must have shape \(3,\)"),
        (lambda: losses.mse_gradient([1.0], [0.0, 1.0], np.ones((3, 1)), np.ones(3)), "b must be a real number"),
        (lambda: losses.compute_loss_surface(np.ones((3, 2)), np.ones(3), [1.0], [1.0]), r"\(n_samples, 1\)"),
        (lambda: losses.compute_loss_surface(np.ones((3, 1)), np.ones(3), [[1.0]], [1.0]), "w_values must be"),
        (lambda: losses.least_squares_fit(np.ones((3, 1)), np.ones(4)), r"y must have shape \(3,\)"),
    ],
)
def test_bad_input_names_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("d", [1, 3])
def test_mse_hessian_and_smoothness_constant_match_finite_differences(d):
    """The Hessian of the MSE in (w, b), estimated by central differences of the gradient."""
    rng = np.random.default_rng(d)
    X, y = rng.normal(size=(12, d)) + 1.0, rng.normal(size=12)

    def grad(theta):
        gw, gb = losses.mse_gradient(theta[:d], theta[d], X, y)
        return np.append(gw, gb)

    eps = 1e-5
    H = np.column_stack([(grad(np.eye(d + 1)[i] * eps) - grad(-np.eye(d + 1)[i] * eps)) / (2 * eps)
                         for i in range(d + 1)])
    np.testing.assert_allclose(losses.mse_hessian(X), H, rtol=1e-6, atol=1e-8)
    assert losses.smoothness_constant(X) == pytest.approx(np.linalg.eigvalsh(H).max(), rel=1e-6)
