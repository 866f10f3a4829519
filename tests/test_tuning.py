"""Tests of paramcourse.tuning against scikit-learn: k-fold splits (KFold semantics, exact index
sets without shuffling), cross-validation scores (cross_val_score with the same folds), grid
search (ParameterGrid), random search (reproducible), nested cross-validation (against a direct
loop) and successive halving (budgets, survivors, the winner)."""

from __future__ import annotations

import numpy as np
import pytest

from paramcourse import data, linear, tuning

pytestmark = pytest.mark.filterwarnings("error")


def _ridge_fit_predict(lam):
    def fit_predict(X_train, y_train, X_val):
        return linear.Ridge(lam).fit(X_train, y_train).predict(X_val)

    return fit_predict


@pytest.mark.parametrize("n, k", [(10, 2), (10, 3), (17, 5), (23, 23), (100, 7)])
def test_k_fold_matches_kfold_without_shuffle(n, k):
    from sklearn.model_selection import KFold

    ours = tuning.k_fold_indices(n, k)
    theirs = list(KFold(n_splits=k, shuffle=False).split(np.zeros((n, 1))))
    assert len(ours) == k
    for (tr, va), (tr_ref, va_ref) in zip(ours, theirs):
        np.testing.assert_array_equal(va, va_ref)
        np.testing.assert_array_equal(np.sort(tr), tr_ref)


@pytest.mark.parametrize("n, k", [(10, 3), (31, 4), (50, 50)])
def test_k_fold_partition_with_shuffle(n, k):
    splits = tuning.k_fold_indices(n, k, rng=np.random.default_rng(0))
    sizes = [va.size for _, va in splits]
    # First n % k folds one larger, as in KFold.
    assert sizes == [n // k + 1] * (n % k) + [n // k] * (k - n % k)
    every_val = np.concatenate([va for _, va in splits])
    np.testing.assert_array_equal(np.sort(every_val), np.arange(n))  # each sample validated once
    for tr, va in splits:
        assert np.intersect1d(tr, va).size == 0
        np.testing.assert_array_equal(np.sort(np.concatenate([tr, va])), np.arange(n))
    # Shuffled: not the contiguous split; reproducible from the seed.
    again = tuning.k_fold_indices(n, k, rng=np.random.default_rng(0))
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(splits, again))
    assert not np.array_equal(every_val, np.arange(n))


def test_k_fold_rejects_bad_input():
    with pytest.raises(ValueError, match="k must be at most"):
        tuning.k_fold_indices(5, 6)
    with pytest.raises(ValueError, match="k must be"):
        tuning.k_fold_indices(5, 1)
    with pytest.raises(ValueError, match="rng"):
        tuning.k_fold_indices(5, 2, rng=0)


@pytest.mark.parametrize("shuffle", [False, True])
def test_cross_val_score_matches_scikit_learn(shuffle):
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import PredefinedSplit, cross_val_score

    X, y, _ = data.load_diabetes()
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    lam, k = 0.05, 5
    rng = np.random.default_rng(1) if shuffle else None
    ours = tuning.cross_val_score(_ridge_fit_predict(lam), X, y, k, rng=rng)
    # The same folds for scikit-learn: label each sample with its validation fold.
    test_fold = np.empty(len(y), dtype=int)
    for i, (_, va) in enumerate(tuning.k_fold_indices(len(y), k, np.random.default_rng(1) if shuffle else None)):
        test_fold[va] = i
    # Our Ridge(lam) is scikit-learn's Ridge(alpha = n_train * lam), and n_train differs between
    # folds (442 / 5: validation folds of 89 or 88 rows), so each fold gets its own alpha.
    sizes = np.array([va.size for _, va in tuning.k_fold_indices(len(y), k)])
    alphas = lam * (len(y) - sizes)
    theirs = np.array([
        cross_val_score(Ridge(alpha=a), X, y, cv=PredefinedSplit(test_fold),
                        scoring="neg_mean_squared_error")[i]
        for i, a in enumerate(alphas)
    ])
    np.testing.assert_allclose(ours, -theirs, rtol=1e-9)


def test_cross_val_score_without_shuffle_matches_kfold_cv():
    from sklearn.linear_model import LinearRegression
    from sklearn.model_selection import KFold, cross_val_score

    X, y = data.make_linear_regression(n_samples=37, weights=(1.0, -2.0, 0.5), noise=0.5,
                                       rng=np.random.default_rng(2))

    def fit_predict(X_train, y_train, X_val):
        return linear.LinearRegression().fit(X_train, y_train).predict(X_val)

    ours = tuning.cross_val_score(fit_predict, X, y, 4)
    theirs = cross_val_score(LinearRegression(), X, y, cv=KFold(4), scoring="neg_mean_squared_error")
    np.testing.assert_allclose(ours, -theirs, rtol=1e-9)


def test_cross_val_score_leaves_inputs_and_checks_predictions():
    X, y = data.make_polynomial_data(20, rng=np.random.default_rng(0))
    X0, y0 = X.copy(), y.copy()
    tuning.cross_val_score(_ridge_fit_predict(0.1), X, y, 4, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)
    with pytest.raises(ValueError, match="shape"):
        tuning.cross_val_score(lambda a, b, c: np.zeros(3), X, y, 4)


def test_grid_search_covers_parameter_grid():
    from sklearn.model_selection import ParameterGrid

    grid = {"a": [1, 2, 3], "b": [0.1, 0.2], "c": ["x", "y"]}
    calls = []

    def score(a, b, c):
        calls.append({"a": a, "b": b, "c": c})
        return (a - 2) ** 2 + (b - 0.2) ** 2 + (c == "x")

    best, results = tuning.grid_search(score, grid)
    key = lambda p: tuple(sorted(p.items()))
    assert sorted(map(key, [p for p, _ in results])) == sorted(map(key, ParameterGrid(grid)))
    assert len(calls) == len(ParameterGrid(grid)) == 12
    assert best == {"a": 2, "b": 0.2, "c": "y"}
    for params, s in results:
        assert s == pytest.approx(score(**params))


def test_grid_search_ties_and_errors():
    best, _ = tuning.grid_search(lambda a: 0.0, {"a": [3, 1, 2]})
    assert best == {"a": 3}
    with pytest.raises(ValueError, match="grid"):
        tuning.grid_search(lambda a: 0.0, {"a": []})
    with pytest.raises(ValueError, match="grid"):
        tuning.grid_search(lambda a: 0.0, {})


def test_random_search_is_reproducible_and_uses_the_samplers():
    space = {"lam": lambda rng: 10 ** rng.uniform(-4, 0), "degree": lambda rng: int(rng.integers(1, 9))}

    def score(lam, degree):
        return (np.log10(lam) + 2) ** 2 + (degree - 4) ** 2

    best1, res1 = tuning.random_search(score, space, 25, np.random.default_rng(5))
    best2, res2 = tuning.random_search(score, space, 25, np.random.default_rng(5))
    assert res1 == res2 and best1 == best2
    # The draws are exactly those of the samplers, name by name, trial by trial.
    rng = np.random.default_rng(5)
    for params, s in res1:
        assert params["lam"] == 10 ** rng.uniform(-4, 0)
        assert params["degree"] == int(rng.integers(1, 9))
        assert s == score(**params)
    assert best1 == min(res1, key=lambda item: item[1])[0]
    assert len({p["lam"] for p, _ in res1}) == 25
    with pytest.raises(ValueError, match="rng"):
        tuning.random_search(score, space, 3, 0)


def test_nested_cross_val_score_against_direct_loop():
    X, y = data.make_polynomial_data(40, noise=0.3, rng=np.random.default_rng(3))
    X = linear.polynomial_features(X, 6)
    grid = {"lam": [1e-4, 1e-2, 1.0]}
    out = tuning.nested_cross_val_score(_ridge_fit_predict, grid, X, y, 4, 3, rng=np.random.default_rng(7))
    # Direct loop with the same random stream: outer permutation first, then one inner per fold.
    rng = np.random.default_rng(7)
    outer = tuning.k_fold_indices(40, 4, rng)
    for i, (tr, va) in enumerate(outer):
        inner = tuning.k_fold_indices(tr.size, 3, rng)
        means = []
        for lam in grid["lam"]:
            fold = []
            for itr, iva in inner:
                model = linear.Ridge(lam).fit(X[tr][itr], y[tr][itr])
                fold.append(np.mean((model.predict(X[tr][iva]) - y[tr][iva]) ** 2))
            means.append(np.mean(fold))
        j = int(np.argmin(means))
        assert out["best_params"][i] == {"lam": grid["lam"][j]}
        assert out["inner_best_scores"][i] == pytest.approx(means[j])
        model = linear.Ridge(grid["lam"][j]).fit(X[tr], y[tr])
        assert out["outer_scores"][i] == pytest.approx(np.mean((model.predict(X[va]) - y[va]) ** 2))
    assert out["score"] == pytest.approx(out["outer_scores"].mean())


def test_successive_halving_budgets_and_winner():
    true_scores = np.linspace(1.0, 0.0, 27)[np.random.default_rng(0).permutation(27)]
    candidates = [{"id": i} for i in range(27)]
    calls = []

    def evaluate(params, budget):
        calls.append((params["id"], budget))
        # Score approaches the true value as the budget grows; the ranking never changes.
        return true_scores[params["id"]] + 1.0 / budget

    out = tuning.successive_halving(evaluate, candidates, min_budget=1, eta=3)
    assert [r["budget"] for r in out["rounds"]] == [1, 3, 9, 27]
    assert [r["indices"].size for r in out["rounds"]] == [27, 9, 3, 1]
    assert out["best_index"] == int(np.argmin(true_scores))
    assert out["best"] == candidates[out["best_index"]]
    assert out["total_budget"] == 27 * 1 + 9 * 3 + 3 * 9 + 1 * 27 == sum(b for _, b in calls)
    # Survivors of each round are the best third of the previous one.
    for prev, nxt in zip(out["rounds"], out["rounds"][1:]):
        kept = prev["indices"][np.argsort(prev["scores"])[: nxt["indices"].size]]
        assert set(kept) == set(nxt["indices"])


def test_successive_halving_stops_at_max_budget():
    out = tuning.successive_halving(lambda p, b: p["x"] ** 2 / b, [{"x": x} for x in range(-4, 5)],
                                    min_budget=10, eta=2, max_budget=45)
    assert [r["budget"] for r in out["rounds"]] == [10, 20, 40]
    assert [r["indices"].size for r in out["rounds"]] == [9, 4, 2]
    assert out["best"] == {"x": 0}
    with pytest.raises(ValueError, match="eta"):
        tuning.successive_halving(lambda p, b: 0.0, [{}], 1, eta=1)


def test_mean_cv_score_is_the_mean_validation_mse_of_each_setting():
    rng = np.random.default_rng(21)
    X = rng.normal(size=(30, 2))
    y = X @ np.array([1.0, -1.0]) + rng.normal(size=30)
    splits = tuning.k_fold_indices(30, 5, rng=np.random.default_rng(2))

    def make(shift):
        return lambda X_train, y_train, X_val: np.full(X_val.shape[0], y_train.mean() + shift)

    score = tuning.mean_cv_score(make, X, y, splits)
    for shift in (0.0, 0.7):
        direct = np.mean([np.mean((y[tr].mean() + shift - y[va]) ** 2) for tr, va in splits])
        assert score(shift=shift) == pytest.approx(direct, rel=1e-12)
    with pytest.raises(ValueError):
        tuning.mean_cv_score(make, X, y[:-1], splits)
