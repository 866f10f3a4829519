"""Tests of paramcourse.bayesopt: the GP posterior against the closed form with an explicit
inverse and against scikit-learn's GaussianProcessRegressor with a fixed kernel, expected
improvement against a Monte-Carlo estimate, and the optimization loop on simple functions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from paramcourse import bayesopt

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture
def tiny():
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(6, 2))
    y = np.sin(X[:, 0]) + 0.5 * X[:, 1] ** 2
    X_test = rng.uniform(-2, 2, size=(5, 2))
    return X, y, X_test


def test_rbf_kernel_entries():
    A = np.array([[0.0, 0.0], [1.0, 2.0]])
    B = np.array([[1.0, 0.0]])
    K = bayesopt.rbf_kernel(A, B, length_scale=0.5, signal_variance=2.0)
    expected = [[2.0 * math.exp(-1.0 / (2 * 0.25))], [2.0 * math.exp(-4.0 / (2 * 0.25))]]
    np.testing.assert_allclose(K, expected, rtol=1e-12)


def test_posterior_matches_closed_form_with_explicit_inverse(tiny):
    X, y, X_test = tiny
    ell, s2, noise = 0.8, 1.7, 0.05
    gp = bayesopt.GaussianProcess(ell, s2, noise).fit(X, y)
    mean, std = gp.predict(X_test, return_std=True)

    def k(a, b):
        return s2 * np.exp(-np.sum((a - b) ** 2) / (2 * ell**2))

    K = np.array([[k(a, b) for b in X] for a in X]) + noise * np.eye(len(X))
    K_inv = np.linalg.inv(K)
    for j, x in enumerate(X_test):
        k_star = np.array([k(a, x) for a in X])
        assert mean[j] == pytest.approx(k_star @ K_inv @ y, rel=1e-9)
        assert std[j] ** 2 == pytest.approx(s2 - k_star @ K_inv @ k_star, rel=1e-8)
    lml = -0.5 * y @ K_inv @ y - 0.5 * np.log(np.linalg.det(K)) - 0.5 * len(y) * math.log(2 * math.pi)
    assert gp.log_marginal_likelihood_ == pytest.approx(lml, rel=1e-9)


def test_posterior_matches_scikit_learn(tiny):
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel

    X, y, X_test = tiny
    ell, s2, noise = 0.6, 2.5, 1e-3
    gp = bayesopt.GaussianProcess(ell, s2, noise).fit(X, y)
    mean, std = gp.predict(X_test, return_std=True)

    kernel = ConstantKernel(s2, "fixed") * RBF(ell, "fixed")
    sk = GaussianProcessRegressor(kernel, alpha=noise, optimizer=None).fit(X, y)
    sk_mean, sk_std = sk.predict(X_test, return_std=True)
    np.testing.assert_allclose(mean, sk_mean, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(std, sk_std, rtol=1e-6, atol=1e-9)
    assert gp.log_marginal_likelihood_ == pytest.approx(sk.log_marginal_likelihood_value_, rel=1e-9)

    # With the noise as a WhiteKernel, scikit-learn's std is that of a new noisy observation.
    white = GaussianProcessRegressor(kernel + WhiteKernel(noise, "fixed"), alpha=0.0, optimizer=None)
    w_mean, w_std = white.fit(X, y).predict(X_test, return_std=True)
    np.testing.assert_allclose(mean, w_mean, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(std**2 + noise, w_std**2, rtol=1e-6)


def test_noise_free_posterior_interpolates(tiny):
    X, y, _ = tiny
    gp = bayesopt.GaussianProcess(0.7, 1.0, 1e-10).fit(X, y)
    mean, std = gp.predict(X, return_std=True)
    np.testing.assert_allclose(mean, y, atol=1e-6)
    assert np.all(std < 1e-3)


def test_normal_cdf_and_pdf():
    z = np.array([-2.0, 0.0, 1.0, 3.0])
    from statistics import NormalDist

    nd = NormalDist()
    np.testing.assert_allclose(bayesopt.normal_cdf(z), [nd.cdf(v) for v in z], rtol=1e-12)
    np.testing.assert_allclose(bayesopt.normal_pdf(z), [nd.pdf(v) for v in z], rtol=1e-12)


@pytest.mark.parametrize("mu, sigma, f_best, xi", [(0.3, 0.5, 0.0, 0.0), (-0.2, 1.5, 0.1, 0.01), (2.0, 0.4, 1.0, 0.0)])
def test_expected_improvement_matches_monte_carlo(mu, sigma, f_best, xi):
    rng = np.random.default_rng(0)
    f = mu + sigma * rng.standard_normal(2_000_000)
    mc = np.mean(np.maximum(f_best - xi - f, 0.0))
    ei = bayesopt.expected_improvement(np.array([mu]), np.array([sigma]), f_best, xi)[0]
    se = np.std(np.maximum(f_best - xi - f, 0.0)) / np.sqrt(f.size)
    assert abs(ei - mc) < 5 * se + 1e-12


def test_expected_improvement_where_sigma_is_zero():
    ei = bayesopt.expected_improvement(np.array([1.0, 0.5, 2.0]), np.array([0.0, 0.0, 0.0]), 1.0)
    np.testing.assert_array_equal(ei, [0.0, 0.5, 0.0])
    # At observed points of a noise-free GP (mean = observed value >= f_best), EI is 0.
    X = np.array([[0.0], [1.0], [2.0]])
    y = np.array([1.0, 0.0, 2.0])
    gp = bayesopt.GaussianProcess(0.5, 1.0, 0.0).fit(X, y)
    mean, std = gp.predict(X, return_std=True)
    assert np.all(bayesopt.expected_improvement(mean, std, y.min()) < 1e-6)
    with pytest.raises(ValueError, match="std"):
        bayesopt.expected_improvement(np.array([0.0]), np.array([-1.0]), 0.0)


def test_bayes_opt_finds_minimum_of_1d_function():
    def f(x):
        return float((x[0] - 0.7) ** 2 + 0.3 * np.sin(5 * x[0]))

    grid = np.linspace(-2, 3, 20001)
    values = (grid - 0.7) ** 2 + 0.3 * np.sin(5 * grid)
    out = bayesopt.bayes_opt_minimize(f, [(-2.0, 3.0)], n_init=3, n_iter=12, rng=np.random.default_rng(1))
    assert out["X"].shape == (15, 1) and out["y"].shape == (15,)
    assert out["best_y"] - values.min() < 1e-2
    assert abs(out["best_x"][0] - grid[values.argmin()]) < 0.1
    np.testing.assert_array_equal(out["best_so_far"], np.minimum.accumulate(out["y"]))
    assert np.all((out["X"] >= -2.0) & (out["X"] <= 3.0))
    again = bayesopt.bayes_opt_minimize(f, [(-2.0, 3.0)], n_init=3, n_iter=12, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(out["X"], again["X"])


def test_bayes_opt_2d_beats_its_initial_design():
    def f(x):
        return float((x[0] - 1.0) ** 2 + 2 * (x[1] + 0.5) ** 2)

    out = bayesopt.bayes_opt_minimize(f, [(-3.0, 3.0), (-3.0, 3.0)], n_init=5, n_iter=20,
                                      rng=np.random.default_rng(0))
    assert out["best_y"] < 0.05
    assert out["best_y"] < out["y"][:5].min()


def test_fit_surrogate_predicts_in_original_units():
    X = np.array([[0.0], [2.0], [5.0], [9.0]])
    y = np.array([10.0, 30.0, 20.0, 50.0])
    s = bayesopt.fit_surrogate(X, y, [(0.0, 10.0)], noise_variance=1e-10)
    mean, _ = s["predict"](X)
    np.testing.assert_allclose(mean, y, atol=1e-3)
    assert s["length_scale"] in bayesopt.LENGTH_SCALES
    with pytest.raises(ValueError, match="bounds"):
        bayesopt.fit_surrogate(X, y, [(0, 1), (0, 1), (0, 1)])
