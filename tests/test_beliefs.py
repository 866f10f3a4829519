"""paramcourse.beliefs against independent references: log densities from scipy.stats and a
numerical optimizer (MAP = ridge/lasso), scikit-learn's Ridge, Lasso and BayesianRidge through the
stated conversions, a brute-force grid posterior, Monte-Carlo spreads of refits on simulated data,
per-resample refits, and an enumeration of hidden-unit symmetries."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import optimize, stats
from sklearn import linear_model as sk
from sklearn.base import clone

from paramcourse import beliefs, linear, mlp


@pytest.fixture(scope="module")
def problem():
    rng = np.random.default_rng(17)
    n, d = 40, 3
    X = rng.normal(size=(n, d)) * np.array([1.0, 2.0, 0.5]) + np.array([1.0, -2.0, 3.0])
    y = X @ np.array([1.5, -0.5, 0.0]) + 2.0 + 0.8 * rng.normal(size=n)
    return X, y


def _scipy_neg_log_posterior(theta, X, y, sigma, prior, scale):
    """-log p(w, b | data) from scipy's densities (flat prior on b), including all constants."""
    w, b = theta[:-1], theta[-1]
    log_lik = stats.norm.logpdf(y, loc=X @ w + b, scale=sigma).sum()
    if prior == "gaussian":
        log_prior = stats.norm.logpdf(w, scale=scale).sum()
    else:
        log_prior = stats.laplace.logpdf(w, scale=scale).sum()
    return -(log_lik + log_prior)


# -------------------------------------------------------------------------------- MAP = ridge


def test_ridge_is_the_map_estimate_under_a_gaussian_prior(problem):
    X, y = problem
    n, d = X.shape
    sigma, tau = 0.8, 0.3
    res = optimize.minimize(_scipy_neg_log_posterior, np.zeros(d + 1), args=(X, y, sigma, "gaussian", tau),
                            method="BFGS", options={"gtol": 1e-10})
    lam = beliefs.ridge_lambda(sigma, tau, n)
    assert lam == pytest.approx(sigma**2 / (n * tau**2))
    ours = linear.Ridge(lam).fit(X, y)
    np.testing.assert_allclose(ours.coef_, res.x[:-1], atol=1e-5)
    assert ours.intercept_ == pytest.approx(res.x[-1], abs=1e-5)
    # scikit-learn's Ridge adds alpha * ||w||^2 to the sum of squares: alpha = n * lam = sigma^2 / tau^2.
    ref = sk.Ridge(alpha=sigma**2 / tau**2).fit(X, y)
    np.testing.assert_allclose(ref.coef_, ours.coef_, rtol=1e-9)


def test_lasso_is_the_map_estimate_under_laplace_priors(problem):
    X, y = problem
    n = X.shape[0]
    sigma, beta = 0.8, 0.02
    lam = beliefs.lasso_lambda(sigma, beta, n)
    assert lam == pytest.approx(2 * sigma**2 / (n * beta))
    # scikit-learn's Lasso: (1/(2n))||r||^2 + alpha ||w||_1, so alpha = lam / 2 = sigma^2 / (n beta).
    ref = sk.Lasso(alpha=sigma**2 / (n * beta), tol=1e-12, max_iter=100_000).fit(X, y)
    ours = linear.Lasso(lam, n_steps=50_000, tol=1e-13).fit(X, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-7)
    assert np.sum(ref.coef_ == 0.0) >= 1, "the test wants a zero weight"
    theta = np.append(ref.coef_, ref.intercept_)
    best = _scipy_neg_log_posterior(theta, X, y, sigma, "laplace", beta)
    rng = np.random.default_rng(0)
    for step in rng.normal(scale=1e-3, size=(200, theta.size)):
        assert _scipy_neg_log_posterior(theta + step, X, y, sigma, "laplace", beta) >= best - 1e-9


@pytest.mark.parametrize("prior", ["gaussian", "laplace"])
def test_neg_log_posterior_differs_from_scipy_by_a_constant(problem, prior):
    X, y = problem
    rng = np.random.default_rng(1)
    values = []
    for _ in range(5):
        w, b = rng.normal(size=3), float(rng.normal())
        ours = beliefs.neg_log_posterior(w, b, X, y, 0.8, prior, 0.5)
        values.append(ours - _scipy_neg_log_posterior(np.append(w, b), X, y, 0.8, prior, 0.5))
    np.testing.assert_allclose(values, values[0], atol=1e-9)


# ------------------------------------------------------------------ Bayesian linear regression


def test_posterior_matches_a_brute_force_grid_in_one_dimension():
    rng = np.random.default_rng(3)
    x = rng.uniform(-1, 2, size=8)
    y = 1.2 * x - 0.5 + 0.6 * rng.normal(size=8)
    sigma, tau = 0.6, 0.7
    model = beliefs.BayesianLinearRegression(sigma, tau).fit(x.reshape(-1, 1), y)
    # Unnormalized posterior over a fine (w, b) grid, flat prior on b, normalized numerically.
    w_grid = np.linspace(-2.0, 4.0, 801)
    b_grid = np.linspace(-3.0, 2.5, 801)
    Wg, Bg = np.meshgrid(w_grid, b_grid, indexing="ij")
    resid = y[None, None, :] - Wg[..., None] * x - Bg[..., None]
    log_post = -(resid**2).sum(axis=-1) / (2 * sigma**2) - Wg**2 / (2 * tau**2)
    p = np.exp(log_post - log_post.max())
    p /= p.sum()
    mean_w, mean_b = (p * Wg).sum(), (p * Bg).sum()
    assert model.coef_[0] == pytest.approx(mean_w, abs=1e-6)
    assert model.intercept_ == pytest.approx(mean_b, abs=1e-6)
    assert model.coef_cov_[0, 0] == pytest.approx((p * (Wg - mean_w) ** 2).sum(), rel=1e-4)
    assert model.intercept_var_ == pytest.approx((p * (Bg - mean_b) ** 2).sum(), rel=1e-4)
    x_new = 3.0
    f = Wg * x_new + Bg
    mean_f = (p * f).sum()
    var_f = (p * (f - mean_f) ** 2).sum()
    mu, sd_f = model.predict([[x_new]], return_std=True, include_noise=False)
    _, sd_y = model.predict([[x_new]], return_std=True)
    assert mu[0] == pytest.approx(mean_f, abs=1e-6)
    assert sd_f[0] ** 2 == pytest.approx(var_f, rel=1e-4)
    assert sd_y[0] ** 2 == pytest.approx(var_f + sigma**2, rel=1e-4)


def test_posterior_matches_sklearn_bayesian_ridge_with_pinned_hyperparameters(problem):
    X, y = problem
    sigma, tau = 0.8, 0.5
    model = beliefs.BayesianLinearRegression(sigma, tau).fit(X, y)
    # Gamma hyperpriors so sharp that BayesianRidge's evidence updates keep alpha = 1/sigma^2 and
    # lambda = 1/tau^2 (shape / rate = the value, both huge).
    c = 1e12
    ref = sk.BayesianRidge(alpha_1=c / sigma**2, alpha_2=c, lambda_1=c / tau**2, lambda_2=c,
                           alpha_init=1 / sigma**2, lambda_init=1 / tau**2).fit(X, y)
    assert ref.alpha_ * sigma**2 == pytest.approx(1.0, rel=1e-8)
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-8)
    np.testing.assert_allclose(model.coef_cov_, ref.sigma_, rtol=1e-7, atol=1e-12)
    assert model.intercept_ == pytest.approx(ref.intercept_, rel=1e-8)
    X_new = np.random.default_rng(5).normal(size=(6, 3))
    mu, sd = model.predict(X_new, return_std=True)
    mu_ref, sd_ref = ref.predict(X_new, return_std=True)
    np.testing.assert_allclose(mu, mu_ref, rtol=1e-8)
    # scikit-learn leaves out the intercept's own uncertainty, sigma^2 / n.
    np.testing.assert_allclose(sd**2 - sd_ref**2, sigma**2 / X.shape[0], rtol=1e-6)


def test_posterior_mean_is_the_ridge_fit_and_the_augmented_formula_agrees(problem):
    X, y = problem
    n, d = X.shape
    sigma, tau = 0.8, 0.5
    model = beliefs.BayesianLinearRegression(sigma, tau).fit(X, y)
    ridge = linear.Ridge(beliefs.ridge_lambda(sigma, tau, n)).fit(X, y)
    np.testing.assert_allclose(model.coef_, ridge.coef_, rtol=1e-10)
    # Joint posterior of theta = (w, b) with prior precision diag(1/tau^2, ..., 0).
    A = np.column_stack([X, np.ones(n)])
    prior_precision = np.diag(np.append(np.full(d, 1 / tau**2), 0.0))
    S_a = np.linalg.inv(A.T @ A / sigma**2 + prior_precision)
    m_a = S_a @ A.T @ y / sigma**2
    np.testing.assert_allclose(model.coef_, m_a[:d], rtol=1e-9)
    np.testing.assert_allclose(model.coef_cov_, S_a[:d, :d], rtol=1e-9)
    assert model.intercept_var_ == pytest.approx(S_a[d, d], rel=1e-9)
    X_new = np.random.default_rng(6).normal(size=(4, d))
    A_new = np.column_stack([X_new, np.ones(4)])
    _, sd = model.predict(X_new, return_std=True)
    np.testing.assert_allclose(sd**2, sigma**2 + np.einsum("ij,jk,ik->i", A_new, S_a, A_new), rtol=1e-9)


def test_flat_prior_gives_least_squares_and_its_sampling_covariance(problem):
    X, y = problem
    model = beliefs.BayesianLinearRegression(0.8, np.inf).fit(X, y)
    ols = linear.LinearRegression().fit(X, y)
    np.testing.assert_allclose(model.coef_, ols.coef_, rtol=1e-9)
    Xc = X - X.mean(axis=0)
    np.testing.assert_allclose(model.coef_cov_, 0.8**2 * np.linalg.inv(Xc.T @ Xc), rtol=1e-9)
    with pytest.raises(ValueError, match="improper"):
        beliefs.BayesianLinearRegression(0.8, np.inf).fit(np.ones((5, 1)), np.arange(5.0))


def test_posterior_draws_have_the_posterior_moments(problem):
    X, y = problem
    model = beliefs.BayesianLinearRegression(0.8, 0.5).fit(X, y)
    W, b = model.sample_parameters(40_000, np.random.default_rng(7))
    assert W.shape == (40_000, 3) and b.shape == (40_000,)
    np.testing.assert_allclose(W.mean(axis=0), model.coef_, atol=4 * np.sqrt(np.diag(model.coef_cov_) / 40_000).max())
    np.testing.assert_allclose(np.cov(W.T), model.coef_cov_, rtol=0.05, atol=1e-4)
    assert b.var() == pytest.approx(model.intercept_var_, rel=0.05)


def test_bayesian_linear_regression_is_an_estimator(problem):
    X, y = problem
    model = beliefs.BayesianLinearRegression(noise_std=0.5, prior_std=2.0)
    assert clone(model).get_params() == {"noise_std": 0.5, "prior_std": 2.0}
    assert model.fit(X, y) is model
    assert model.score(X, y) > 0.5
    with pytest.raises(ValueError, match="noise_std"):
        beliefs.BayesianLinearRegression(noise_std=0.0).fit(X, y)
    with pytest.raises(ValueError, match="not fitted"):
        beliefs.BayesianLinearRegression().predict(X)


# ------------------------------------------------------- standard errors and the bootstrap


def test_standard_errors_match_the_spread_of_refits_on_simulated_data():
    rng = np.random.default_rng(11)
    n, sigma = 25, 1.5
    X = rng.uniform(-2, 2, size=(n, 2))
    w_true, b_true = np.array([1.0, -2.0]), 0.5
    A = np.column_stack([X, np.ones(n)])
    Y = (X @ w_true + b_true)[:, None] + sigma * rng.normal(size=(n, 4000))
    fits = np.linalg.lstsq(A, Y, rcond=None)[0]          # one column per simulated data set
    exact = sigma * np.sqrt(np.diag(np.linalg.inv(A.T @ A)))
    # The spread of 4000 refits is the true sampling spread (relative error of its estimate ~1 %)...
    np.testing.assert_allclose(fits.std(axis=1), exact, rtol=0.05)
    # ... and the estimated variances sigma_hat^2 (A^T A)^-1 are unbiased for it on average.
    ses = np.array([np.append(*beliefs.ols_standard_errors(X, Y[:, k])) for k in range(4000)])
    np.testing.assert_allclose(np.mean(ses**2, axis=0), exact**2, rtol=0.03)


def test_standard_errors_validate_their_input():
    with pytest.raises(ValueError, match="more rows"):
        beliefs.ols_standard_errors(np.ones((3, 2)), np.arange(3.0))
    with pytest.raises(ValueError, match="full column rank"):
        beliefs.ols_standard_errors(np.ones((6, 1)), np.arange(6.0))


def test_bootstrap_coefficients_equal_refits_on_each_resample(problem):
    X, y = problem
    rows = beliefs.bootstrap_rows(X.shape[0], 25, np.random.default_rng(2))
    assert rows.shape == (25, 40) and rows.min() >= 0 and rows.max() < 40
    np.testing.assert_array_equal(rows, beliefs.bootstrap_rows(40, 25, np.random.default_rng(2)))
    W, b = beliefs.bootstrap_coefficients(X, y, rows)
    for k in range(25):
        fit = linear.LinearRegression().fit(X[rows[k]], y[rows[k]])
        np.testing.assert_allclose(W[k], fit.coef_, rtol=1e-8, atol=1e-10)
        assert b[k] == pytest.approx(fit.intercept_, rel=1e-8)
    with pytest.raises(ValueError, match="rows"):
        beliefs.bootstrap_coefficients(X, y, rows + 40)


def test_bootstrap_rows_draw_every_row_equally_often():
    rows = beliefs.bootstrap_rows(10, 5000, np.random.default_rng(4))
    counts = np.bincount(rows.ravel(), minlength=10) / rows.size
    np.testing.assert_allclose(counts, 0.1, atol=0.005)


def test_percentile_interval_is_numpys_percentile():
    sample = np.random.default_rng(8).normal(size=(501, 3))
    low, high = beliefs.percentile_interval(sample, 0.9)
    np.testing.assert_allclose(low, np.percentile(sample, 5, axis=0))
    np.testing.assert_allclose(high, np.percentile(sample, 95, axis=0))
    assert beliefs.percentile_interval(np.arange(101.0), 0.8) == pytest.approx((10.0, 90.0))
    with pytest.raises(ValueError, match="level"):
        beliefs.percentile_interval(sample, 95)


# ------------------------------------------------------------------------- identifiability


@pytest.fixture(scope="module")
def network():
    rng = np.random.default_rng(9)
    params = mlp.init_mlp([4, 5, 3, 2], rng, init="xavier_normal")
    params = [(W, rng.normal(size=b.shape)) for W, b in params]   # nonzero biases
    return params, rng.normal(size=(7, 4))


@pytest.mark.parametrize("layer", [0, 1])
def test_permutations_and_sign_flips_keep_a_tanh_network(network, layer):
    params, X = network
    before = [(W.copy(), b.copy()) for W, b in params]
    out, _ = mlp.forward(params, X, activation="tanh")
    m = params[layer][0].shape[1]
    rng = np.random.default_rng(layer)
    moved = beliefs.permute_hidden_units(params, layer, rng.permutation(m))
    moved = beliefs.flip_hidden_signs(moved, layer, np.where(np.arange(m) % 2 == 0, -1.0, 1.0))
    np.testing.assert_allclose(mlp.forward(moved, X, activation="tanh")[0], out, atol=1e-12)
    assert not np.allclose(moved[layer][0], params[layer][0])
    for (W, b), (W0, b0) in zip(params, before):        # inputs unchanged
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)


def test_rescaling_keeps_relu_but_not_tanh_and_flips_break_relu(network):
    params, X = network
    scales = np.array([0.5, 2.0, 3.0, 1.0, 0.1])
    rescaled = beliefs.rescale_hidden_units(params, 0, scales)
    np.testing.assert_allclose(mlp.forward(rescaled, X, "relu")[0], mlp.forward(params, X, "relu")[0], atol=1e-12)
    assert not np.allclose(mlp.forward(rescaled, X, "tanh")[0], mlp.forward(params, X, "tanh")[0])
    flipped = beliefs.flip_hidden_signs(params, 0, -np.ones(5))
    assert not np.allclose(mlp.forward(flipped, X, "relu")[0], mlp.forward(params, X, "relu")[0])


def test_symmetry_count_matches_an_enumeration():
    """Enumerate every permutation and sign pattern of a width-3 tanh layer: all give the same
    outputs, and they are pairwise distinct parameter vectors, as many as the formula says."""
    rng = np.random.default_rng(12)
    params = mlp.init_mlp([2, 3, 1], rng, init="xavier_normal")
    params = [(W, rng.normal(size=b.shape)) for W, b in params]
    X = rng.normal(size=(5, 2))
    out = mlp.forward(params, X, "tanh")[0]
    seen = set()
    for order in itertools.permutations(range(3)):
        for signs in itertools.product([-1.0, 1.0], repeat=3):
            p = beliefs.flip_hidden_signs(beliefs.permute_hidden_units(params, 0, np.array(order)), 0, signs)
            np.testing.assert_allclose(mlp.forward(p, X, "tanh")[0], out, atol=1e-12)
            seen.add(tuple(np.round(np.concatenate([a.ravel() for pair in p for a in pair]), 12)))
    assert len(seen) == beliefs.count_hidden_symmetries([3], "tanh") == 48
    assert beliefs.count_hidden_symmetries([3, 2], "relu") == 6 * 2
    assert beliefs.count_hidden_symmetries([10], "tanh") == 3628800 * 1024


def test_symmetry_helpers_validate_their_input(network):
    params, _ = network
    with pytest.raises(ValueError, match="layer"):
        beliefs.permute_hidden_units(params, 2, np.arange(2))
    with pytest.raises(ValueError, match="permutation"):
        beliefs.permute_hidden_units(params, 0, np.array([0, 0, 1, 2, 3]))
    with pytest.raises(ValueError, match="signs"):
        beliefs.flip_hidden_signs(params, 0, np.full(5, 2.0))
    with pytest.raises(ValueError, match="scales"):
        beliefs.rescale_hidden_units(params, 0, -np.ones(5))
    with pytest.raises(ValueError, match="activation"):
        beliefs.count_hidden_symmetries([3], "sigmoid")


def test_penalty_conversions_validate_their_input():
    with pytest.raises(ValueError, match="prior_std"):
        beliefs.ridge_lambda(1.0, 0.0, 10)
    with pytest.raises(ValueError, match="n_samples"):
        beliefs.lasso_lambda(1.0, 1.0, 0)
    with pytest.raises(ValueError, match="prior"):
        beliefs.neg_log_posterior(np.zeros(1), 0.0, np.ones((3, 1)), np.zeros(3), 1.0, "cauchy")


def test_a_degenerate_resample_gets_the_minimum_norm_fit(problem):
    X, y = problem
    rows = np.vstack([np.full(40, 3), np.arange(40)])     # one resample repeats a single row
    W, b = beliefs.bootstrap_coefficients(X, y, rows)
    np.testing.assert_allclose(W[0], 0.0, atol=1e-12)
    assert b[0] == pytest.approx(y[3])
    fit = linear.LinearRegression().fit(X, y)
    np.testing.assert_allclose(W[1], fit.coef_, rtol=1e-8)
