"""Tests of paramcourse.importance against independent references: refits on standardized data,
scikit-learn's permutation_importance (identical numbers with the same permutations, agreement
within sampling error otherwise), the closed-form expected MSE increase of a linear model,
explicit refits for drop-column importance, and scikit-learn's feature_importances_."""

from __future__ import annotations

import numpy as np
import pytest

from paramcourse import data, importance, linear, mlp

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def diabetes():
    return data.load_diabetes(scaled=False)


@pytest.fixture(scope="module")
def split(diabetes):
    X, y, _ = diabetes
    X_tr, _, X_te, y_tr, _, y_te = data.train_val_test_split(
        X, y, val_fraction=0.0, test_fraction=0.3, rng=np.random.default_rng(0))
    return X_tr, y_tr, X_te, y_te


def _standardize(M):
    return (M - M.mean(axis=0)) / M.std(axis=0)


# ------------------------------------------------------------------ standardized coefficients


def test_standardized_coefficients_equal_a_refit_on_standardized_data(diabetes):
    from sklearn.linear_model import LinearRegression
    from sklearn.preprocessing import StandardScaler

    X, y, _ = diabetes
    model = linear.LinearRegression().fit(X, y)
    refit = linear.LinearRegression().fit(_standardize(X), y).coef_
    np.testing.assert_allclose(importance.standardized_coefficients(model, X), refit, rtol=1e-8)
    # scikit-learn's scaler and estimator, and a plain coefficient array, give the same numbers
    sk = LinearRegression().fit(StandardScaler().fit_transform(X), y).coef_
    np.testing.assert_allclose(importance.standardized_coefficients(model.coef_, X), sk, rtol=1e-8)
    # with y standardized too: the "beta weights" of statistics
    refit_y = linear.LinearRegression().fit(_standardize(X), (y - y.mean()) / y.std()).coef_
    np.testing.assert_allclose(importance.standardized_coefficients(model, X, y), refit_y, rtol=1e-8)


def test_standardized_coefficients_do_not_depend_on_units(diabetes):
    X, y, _ = diabetes
    X_decades = X.copy()
    X_decades[:, 0] = X[:, 0] / 10.0  # age in decades
    raw = linear.LinearRegression().fit(X, y)
    raw_dec = linear.LinearRegression().fit(X_decades, y)
    assert raw_dec.coef_[0] == pytest.approx(10 * raw.coef_[0], rel=1e-8)
    np.testing.assert_allclose(importance.standardized_coefficients(raw_dec, X_decades),
                               importance.standardized_coefficients(raw, X), rtol=1e-8)


def test_standardized_coefficients_input_checks(diabetes):
    X, y, _ = diabetes
    with pytest.raises(ValueError, match="coef"):
        importance.standardized_coefficients(np.ones(3), X)
    with pytest.raises(ValueError, match="constant"):
        importance.standardized_coefficients(np.ones(10), X, np.ones(len(y)))
    X_in = X.copy()
    importance.standardized_coefficients(np.ones(10), X_in, y)
    np.testing.assert_array_equal(X_in, X)  # pure
    # one row of weights, as some scikit-learn models store them
    assert importance.standardized_coefficients(np.ones((1, 10)), X).shape == (10,)


# ------------------------------------------------------------------ permutation importance


def _sklearn_permutations(random_state: int, n: int, n_repeats: int) -> np.ndarray:
    """The row orders scikit-learn's permutation_importance applies to every column.

    It draws one seed, then for each column shuffles an index array in place once per repeat
    and writes ``X_perm[:, j] = X_perm[idx, j]``: the permutations compose, so repeat k uses
    the rows ``idx_1[idx_2[...idx_k]]`` of the original column.
    """
    seed = np.random.RandomState(random_state).randint(np.iinfo(np.int32).max + 1)
    rs = np.random.RandomState(seed)
    idx, total, out = np.arange(n), np.arange(n), []
    for _ in range(n_repeats):
        rs.shuffle(idx)
        total = total[idx]
        out.append(total.copy())
    return np.array(out)


@pytest.mark.parametrize("scoring, sk_scoring", [("r2", None), ("mse", "neg_mean_squared_error")])
def test_permutation_importance_matches_scikit_learn_exactly(split, scoring, sk_scoring):
    from sklearn.inspection import permutation_importance
    from sklearn.linear_model import LinearRegression

    X_tr, y_tr, X_te, y_te = split
    model = LinearRegression().fit(X_tr, y_tr)
    ref = permutation_importance(model, X_te, y_te, scoring=sk_scoring, n_repeats=7, random_state=3)
    perms = _sklearn_permutations(3, len(y_te), 7)
    ours = importance.permutation_importance(model.predict, X_te, y_te, n_repeats=7,
                                             scoring=scoring, permutations=perms)
    np.testing.assert_allclose(ours["importances"], ref.importances, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours["importances_mean"], ref.importances_mean, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours["importances_std"], ref.importances_std, rtol=1e-9, atol=1e-12)


def test_permutation_importance_agrees_with_scikit_learn_within_sampling_error(split):
    from sklearn.ensemble import RandomForestRegressor
    from sklearn.inspection import permutation_importance

    X_tr, y_tr, X_te, y_te = split
    forest = RandomForestRegressor(n_estimators=10, max_depth=4, random_state=0, n_jobs=1).fit(X_tr, y_tr)
    n_repeats = 60
    ref = permutation_importance(forest, X_te, y_te, n_repeats=n_repeats, random_state=0)
    ours = importance.permutation_importance(forest.predict, X_te, y_te, n_repeats=n_repeats,
                                             rng=np.random.default_rng(1))
    # two independent Monte Carlo means of the same expectation: their difference has standard
    # error sqrt(s1^2 + s2^2) / sqrt(n_repeats); allow 4.5 of them
    se = np.sqrt(ref.importances_std**2 + ours["importances_std"] ** 2) / np.sqrt(n_repeats)
    assert np.all(np.abs(ours["importances_mean"] - ref.importances_mean) <= 4.5 * se + 1e-12)


def test_linear_model_mse_increase_matches_its_closed_form(diabetes):
    # For least squares evaluated on its training data, the residuals are orthogonal to every
    # centred column, and a uniformly random permutation pi gives
    #   E[MSE increase of feature j] = w_j^2 * mean_i mean_k (x_kj - x_ij)^2 = 2 w_j^2 var(x_j).
    X, y, _ = diabetes
    model = linear.LinearRegression().fit(X, y)
    n_repeats = 400
    result = importance.permutation_importance(model.predict, X, y, n_repeats=n_repeats,
                                               rng=np.random.default_rng(0), scoring="mse")
    expected = 2 * model.coef_**2 * X.var(axis=0)
    se = result["importances_std"] / np.sqrt(n_repeats)
    assert np.all(np.abs(result["importances_mean"] - expected) <= 5 * se + 1e-9)
    # and therefore a function of the standardized coefficient alone
    std_coef = importance.standardized_coefficients(model, X)
    np.testing.assert_allclose(expected, 2 * std_coef**2, rtol=1e-10)


def test_unused_feature_has_exactly_zero_importance_in_both(split):
    from sklearn.inspection import permutation_importance
    from sklearn.linear_model import LinearRegression

    X_tr, y_tr, X_te, y_te = split
    model = LinearRegression().fit(X_tr, y_tr)
    model.coef_[0] = 0.0  # the model ignores age
    ref = permutation_importance(model, X_te, y_te, n_repeats=5, random_state=0)
    ours = importance.permutation_importance(model.predict, X_te, y_te, n_repeats=5,
                                             rng=np.random.default_rng(0))
    assert np.all(ref.importances[0] == 0.0) and np.all(ours["importances"][0] == 0.0)
    assert ours["baseline_score"] == pytest.approx(model.score(X_te, y_te))


def test_permutation_importance_deterministic_case():
    # y = x1 on four points, model predicts x1. Reversing the rows of x1 gives predictions
    # (4, 3, 2, 1) for targets (1, 2, 3, 4): MSE from 0 to (9 + 1 + 1 + 9) / 4 = 5.
    X = np.array([[1.0, 5.0], [2.0, 6.0], [3.0, 7.0], [4.0, 8.0]])
    y = X[:, 0].copy()
    perms = np.array([[3, 2, 1, 0], [0, 1, 2, 3]])
    res = importance.permutation_importance(lambda Z: Z[:, 0], X, y, n_repeats=2, scoring="mse",
                                            permutations=perms)
    np.testing.assert_array_equal(res["importances"], [[5.0, 0.0], [0.0, 0.0]])
    np.testing.assert_array_equal(res["importances_mean"], [2.5, 0.0])
    np.testing.assert_array_equal(res["importances_std"], [2.5, 0.0])
    assert res["baseline_score"] == 0.0
    r2 = importance.permutation_importance(lambda Z: Z[:, 0], X, y, n_repeats=2, permutations=perms)
    np.testing.assert_allclose(r2["importances"][0], [5.0 / 1.25, 0.0])  # var(y) = 1.25


def test_permutation_importance_is_pure_and_reproducible(split):
    X_tr, y_tr, X_te, y_te = split
    model = linear.LinearRegression().fit(X_tr, y_tr)
    X_copy = X_te.copy()
    a = importance.permutation_importance(model.predict, X_te, y_te, 3, np.random.default_rng(5))
    b = importance.permutation_importance(model.predict, X_te, y_te, 3, np.random.default_rng(5))
    np.testing.assert_array_equal(X_te, X_copy)
    np.testing.assert_array_equal(a["importances"], b["importances"])


def test_permutation_importance_accuracy_and_callable_scoring():
    X = np.array([[0.0], [1.0], [0.0], [1.0]])
    y = np.array([0, 1, 0, 1])
    perms = np.array([[1, 0, 3, 2]])  # swaps every label
    acc = importance.permutation_importance(lambda Z: Z[:, 0].astype(int), X, y, 1,
                                            scoring="accuracy", permutations=perms)
    assert acc["baseline_score"] == 1.0 and acc["importances"][0, 0] == 1.0
    mae = importance.permutation_importance(lambda Z: Z[:, 0], X, y, 1,
                                            scoring=lambda t, p: -np.mean(np.abs(t - p)),
                                            permutations=perms)
    assert mae["importances"][0, 0] == pytest.approx(1.0)


def test_permutation_importance_input_checks(split):
    X_tr, y_tr, X_te, y_te = split
    predict = linear.LinearRegression().fit(X_tr, y_tr).predict
    with pytest.raises(ValueError, match="rng"):
        importance.permutation_importance(predict, X_te, y_te, 2)
    with pytest.raises(ValueError, match="scoring"):
        importance.permutation_importance(predict, X_te, y_te, 2, np.random.default_rng(0), "auc")
    with pytest.raises(ValueError, match="n_repeats"):
        importance.permutation_importance(predict, X_te, y_te, 0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="predict"):
        importance.permutation_importance("model", X_te, y_te, 2, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"predict\(X\)"):
        importance.permutation_importance(lambda Z: Z, X_te, y_te, 2, np.random.default_rng(0))
    n = len(y_te)
    with pytest.raises(ValueError, match="permutation of"):
        importance.permutation_importance(predict, X_te, y_te, 1, permutations=np.zeros((1, n), int))
    with pytest.raises(ValueError, match="n_repeats"):
        importance.permutation_importance(predict, X_te, y_te, 2, permutations=[np.arange(n)])
    with pytest.raises(ValueError, match="shape"):
        importance.permutation_importance(predict, X_te, y_te[:-1], 2, np.random.default_rng(0))


# ------------------------------------------------------------------ drop-column importance


def _ols(X_train, y_train, X_test):
    return linear.LinearRegression().fit(X_train, y_train).predict(X_test)


def test_drop_column_importance_equals_explicit_refits(split):
    X_tr, y_tr, X_te, y_te = split
    res = importance.drop_column_importance(_ols, X_tr, y_tr, X_te, y_te, scoring="mse",
                                            groups=[[2], [4, 5]])
    full = np.mean((_ols(X_tr, y_tr, X_te) - y_te) ** 2)
    for g, imp, sc in zip([[2], [4, 5]], res["importances"], res["scores"]):
        keep = [j for j in range(10) if j not in g]
        mse = np.mean((_ols(X_tr[:, keep], y_tr, X_te[:, keep]) - y_te) ** 2)
        assert sc == pytest.approx(-mse) and imp == pytest.approx(mse - full)
    assert res["baseline_score"] == pytest.approx(-full)
    assert res["groups"] == [[2], [4, 5]]
    assert importance.drop_column_importance(_ols, X_tr, y_tr, X_te, y_te)["importances"].shape == (10,)


def test_a_duplicated_feature_gets_no_drop_column_credit(split):
    # Exact twins: either one can stand in for the other, so dropping one costs nothing,
    # dropping both costs what the feature is worth.
    X_tr, y_tr, X_te, y_te = split
    twin_tr, twin_te = np.column_stack([X_tr, X_tr[:, 2]]), np.column_stack([X_te, X_te[:, 2]])
    res = importance.drop_column_importance(_ols, twin_tr, y_tr, twin_te, y_te,
                                            groups=[[2], [10], [2, 10]])
    assert abs(res["importances"][0]) < 1e-8 and abs(res["importances"][1]) < 1e-8
    assert res["importances"][2] > 0.03  # bmi is worth about 0.05 of R^2 here


def test_drop_column_importance_input_checks(split):
    X_tr, y_tr, X_te, y_te = split
    for bad in ([[]], [[10]], [[0, 0]], [list(range(10))], ["ab"]):
        with pytest.raises(ValueError, match="groups"):
            importance.drop_column_importance(_ols, X_tr, y_tr, X_te, y_te, groups=bad)
    with pytest.raises(ValueError, match="X_test"):
        importance.drop_column_importance(_ols, X_tr, y_tr, X_te[:, :3], y_te)
    with pytest.raises(ValueError, match="fit_predict"):
        importance.drop_column_importance(None, X_tr, y_tr, X_te, y_te)


# ------------------------------------------------------------------ impurity importance


def test_impurity_importance_matches_feature_importances(split):
    from sklearn.ensemble import RandomForestRegressor

    X_tr, y_tr, _, _ = split
    forest = RandomForestRegressor(n_estimators=12, max_depth=5, random_state=0, n_jobs=1).fit(X_tr, y_tr)
    res = importance.impurity_importance(forest)
    np.testing.assert_allclose(res["importances_mean"], forest.feature_importances_, rtol=1e-10)
    assert res["importances"].shape == (10, 12)
    np.testing.assert_allclose(res["importances"].sum(axis=0), 1.0)
    np.testing.assert_allclose(res["importances_std"],
                               np.std([t.feature_importances_ for t in forest.estimators_], axis=0))
    with pytest.raises(ValueError, match="estimators_"):
        importance.impurity_importance(linear.LinearRegression())


def test_impurity_importance_of_one_tree_is_its_variance_reduction():
    # A stump on x1 in {0, 1}: it splits once, on x1, so all of the impurity decrease is x1's.
    from sklearn.ensemble import RandomForestRegressor

    X = np.array([[0.0, 0.3], [0.0, 0.1], [1.0, 0.2], [1.0, 0.4]])
    y = np.array([0.0, 0.0, 1.0, 1.0])
    forest = RandomForestRegressor(n_estimators=3, max_depth=1, bootstrap=False, max_features=None,
                                   random_state=0, n_jobs=1).fit(X, y)
    res = importance.impurity_importance(forest)
    np.testing.assert_allclose(res["importances_mean"], [1.0, 0.0])
    np.testing.assert_allclose(res["importances_std"], [0.0, 0.0])


def test_twin_kinds_name_the_three_fits_in_panel_order():
    """The fits of the twin experiment, in the order the chapter's panels show them."""
    assert importance.TWIN_KINDS == ("least squares", "ridge", "lasso")


# ------------------------------------------------------------------ pruning and saliency of parameters


def _hand_network():
    W1 = np.array([[0.5, -0.1], [2.0, -0.3]])
    W2 = np.array([[0.05], [-4.0]])
    return [(W1, np.array([1.0, 1.0])), (W2, np.array([0.01]))]


def test_magnitude_prune_zeroes_the_smallest_weights_counted_by_hand():
    params = _hand_network()
    # the six weights by magnitude: 0.05 < 0.1 < 0.3 < 0.5 < 2.0 < 4.0; half of them go
    pruned = importance.magnitude_prune(params, 0.5)
    np.testing.assert_array_equal(pruned[0][0], [[0.5, 0.0], [2.0, 0.0]])
    np.testing.assert_array_equal(pruned[1][0], [[0.0], [-4.0]])
    # biases stay, even the smallest parameter of all (0.01)
    np.testing.assert_array_equal(pruned[0][1], [1.0, 1.0])
    np.testing.assert_array_equal(pruned[1][1], [0.01])
    # round(f * 6) weights: 0.25 * 6 = 1.5 rounds to 2 (Python's round, as torch.nn.utils.prune)
    assert sum(int(np.sum(W == 0)) for W, _ in importance.magnitude_prune(params, 0.25)) == 2
    assert sum(int(np.sum(W == 0)) for W, _ in importance.magnitude_prune(params, 0.4)) == 2  # 2.4
    assert sum(int(np.sum(W == 0)) for W, _ in importance.magnitude_prune(params, 0.45)) == 3  # 2.7
    # the ends: nothing, and every weight
    for (W, b), (W0, b0) in zip(importance.magnitude_prune(params, 0.0), params):
        np.testing.assert_array_equal(W, W0)
    assert all(np.all(W == 0) for W, _ in importance.magnitude_prune(params, 1.0))
    # pure
    np.testing.assert_array_equal(params[0][0], [[0.5, -0.1], [2.0, -0.3]])


def test_magnitude_prune_ranks_all_layers_together():
    rng = np.random.default_rng(0)
    large = rng.choice([-1.0, 1.0], (20, 10)) * (1.0 + rng.random((20, 10)))
    params = [(large, np.zeros(10)), (rng.normal(0, 0.01, (10, 3)), np.zeros(3))]
    pruned = importance.magnitude_prune(params, 0.1)  # round(0.1 * 230) = 23 weights
    zeros = [int(np.sum(W == 0)) for W, _ in pruned]
    assert sum(zeros) == 23 and zeros[1] == 23  # the small second layer goes first
    # every surviving weight is at least as large as every pruned one
    kept = np.concatenate([np.abs(W[W != 0]) for W, _ in pruned])
    gone = np.concatenate([np.abs(W0[W == 0]) for (W, _), (W0, _) in zip(pruned, params)])
    assert kept.min() >= gone.max()


def test_prune_smallest_uses_any_score_and_checks_its_input():
    params = _hand_network()
    scores = [np.array([[3.0, 2.0], [1.0, 6.0]]), np.array([[5.0], [4.0]])]
    pruned = importance.prune_smallest(params, scores, 1 / 3)  # the two lowest scores: 1.0 and 2.0
    np.testing.assert_array_equal(pruned[0][0], [[0.5, 0.0], [0.0, -0.3]])
    np.testing.assert_array_equal(pruned[1][0], params[1][0])
    with pytest.raises(ValueError, match="fraction"):
        importance.magnitude_prune(params, 1.5)
    with pytest.raises(ValueError, match="scores"):
        importance.prune_smallest(params, scores[:1], 0.5)
    with pytest.raises(ValueError, match=r"scores\[1\]"):
        importance.prune_smallest(params, [scores[0], np.ones(2)], 0.5)
    with pytest.raises(ValueError, match="params"):
        importance.magnitude_prune([np.ones((2, 2))], 0.5)


def _loss(params, X, y, activation="relu"):
    return mlp.loss_and_grads(params, X, y, activation)[0]


def _small_problem(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(25, 4))
    y = rng.integers(0, 3, 25)
    params = mlp.init_mlp([4, 5, 6, 3], rng)
    return [(W, b + 0.1 * rng.normal(size=b.shape)) for W, b in params], X, y


@pytest.mark.parametrize("activation", ["relu", "linear"])
def test_hessian_diagonal_equals_second_differences_of_the_loss(activation):
    params, X, y = _small_problem()
    H = importance.hessian_diagonal(params, X, y, activation)
    L0, h = _loss(params, X, y, activation), 1e-4
    for layer, (W, b) in enumerate(params):
        for which, array in enumerate((W, b)):
            assert H[layer][which].shape == array.shape
            for index in np.ndindex(array.shape):
                values = []
                for step in (h, -h):
                    moved = [(W_.copy(), b_.copy()) for W_, b_ in params]
                    moved[layer][which][index] += step
                    values.append(_loss(moved, X, y, activation))
                second = (values[0] - 2 * L0 + values[1]) / h**2
                assert H[layer][which][index] == pytest.approx(second, rel=1e-3, abs=1e-6)


def test_hessian_diagonal_for_tanh_is_the_gauss_newton_diagonal():
    from paramcourse import losses

    params, X, y = _small_problem(1)
    H = importance.hessian_diagonal(params, X, y, "tanh")
    p = losses.softmax(mlp.forward(params, X, "tanh")[0])
    curvature = np.einsum("nc,cd->ncd", p, np.eye(3)) - np.einsum("nc,nd->ncd", p, p)
    h = 1e-6
    for layer, (W, b) in enumerate(params):
        for which, array in enumerate((W, b)):
            for index in list(np.ndindex(array.shape))[::3]:
                logits = []
                for step in (h, -h):
                    moved = [(W_.copy(), b_.copy()) for W_, b_ in params]
                    moved[layer][which][index] += step
                    logits.append(mlp.forward(moved, X, "tanh")[0])
                J = (logits[0] - logits[1]) / (2 * h)  # d logits / d parameter, by central differences
                gauss_newton = np.einsum("nc,ncd,nd->", J, curvature, J) / len(y)
                assert H[layer][which][index] == pytest.approx(gauss_newton, rel=1e-5, abs=1e-9)


#: max over p of |p (1 - p) (1 - 2p)|, the largest third derivative of the cross-entropy along one logit
_THIRD = 1 / (6 * np.sqrt(3))


def _remainder_bound(w, inputs):
    """Taylor's bound on what the second-order estimate misses when weight w into one logit is zeroed.

    The weight moves only its own logit, by inputs * t, so the loss along t has third derivative
    at most _THIRD * mean(|inputs|^3), and the remainder is at most |w|^3 / 6 times that."""
    return abs(w) ** 3 / 6 * _THIRD * np.mean(np.abs(inputs) ** 3)


def test_saliency_predicts_the_loss_change_of_removing_a_weight_at_a_minimum():
    # Softmax regression on overlapping classes has a finite minimum; there the gradient is 0 and
    # zeroing w_i raises the loss by 1/2 H_ii w_i^2 up to the third-order remainder.
    from scipy.optimize import minimize

    rng = np.random.default_rng(3)
    y = rng.integers(0, 3, 150)
    X = rng.normal(size=(3, 3))[y] + 3.0 * rng.normal(size=(150, 3))

    def unpack(v):
        return [(v[:9].reshape(3, 3), v[9:])]

    def loss_and_gradient(v):
        loss, grads = mlp.loss_and_grads(unpack(v), X, y, "linear")
        return loss, np.concatenate([grads[0][0].ravel(), grads[0][1]])

    fit = minimize(loss_and_gradient, np.zeros(12), jac=True, method="BFGS", options={"gtol": 1e-10})
    assert np.abs(fit.jac).max() < 1e-7
    params = unpack(fit.x)
    W, b = params[0]
    saliency = importance.weight_saliency(params, X, y, "linear")[0]
    L0 = _loss(params, X, y, "linear")
    for (a, c) in np.ndindex(W.shape):
        removed = W.copy()
        removed[a, c] = 0.0
        actual = _loss([(removed, b)], X, y, "linear") - L0
        bound = _remainder_bound(W[a, c], X[:, a])
        assert bound < actual / 3  # a sharp test: the remainder is small next to the change
        assert abs(actual - saliency[a, c]) <= bound + 1e-7 * abs(W[a, c])


def test_second_order_estimate_of_removing_an_output_weight_away_from_a_minimum():
    # In a ReLU network the loss is smooth in the last layer's weights; away from a minimum the
    # gradient term joins the saliency: removing w_i changes the loss by -g_i w_i + 1/2 H_ii w_i^2
    # up to the third-order remainder.
    params, X, y = _small_problem(2)
    L0, grads = mlp.loss_and_grads(params, X, y)
    hidden = mlp.forward(params, X)[1]["inputs"][-1]
    saliency = importance.weight_saliency(params, X, y)
    for layer, (W, _) in enumerate(params):
        assert saliency[layer].shape == W.shape
    W = params[-1][0]
    for (j, c) in np.ndindex(W.shape):
        moved = [(W_.copy(), b_) for W_, b_ in params]
        moved[-1][0][j, c] = 0.0
        actual = _loss(moved, X, y) - L0
        estimate = saliency[-1][j, c] - grads[-1][0][j, c] * W[j, c]
        assert abs(actual - estimate) <= _remainder_bound(W[j, c], hidden[:, j]) + 1e-12


def test_saliency_ignores_the_rescaling_symmetry_of_relu_units_but_magnitude_does_not():
    params, X, y = _small_problem(4)
    (W1, b1), (W2, b2), last = params
    c = np.array([4.0, 0.5, 1.0, 3.0, 0.25])  # unit j of the first hidden layer scaled by c_j
    rescaled = [(W1 * c, b1 * c), (W2 / c[:, None], b2), last]
    np.testing.assert_allclose(mlp.forward(rescaled, X)[0], mlp.forward(params, X)[0], atol=1e-12)
    for before, after in zip(importance.weight_saliency(params, X, y),
                             importance.weight_saliency(rescaled, X, y)):
        np.testing.assert_allclose(after, before, rtol=1e-9, atol=1e-15)
    assert not np.allclose(importance.magnitude_prune(rescaled, 0.5)[0][0] != 0,
                           importance.magnitude_prune(params, 0.5)[0][0] != 0)
