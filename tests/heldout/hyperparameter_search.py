"""Held-out wrong implementations for the ``hyperparameter_search`` assignment.

The ``cross_val_score`` mistakes build their folds inline (a permutation from ``rng`` when
given, then ``np.array_split`` into ``k`` contiguous folds), as a student's own
``k_fold_indices`` would; their stated cause is the only other departure from the contract.
"""
from __future__ import annotations

import numpy as np

from . import collect, held_out


# ---------------------------------------------------------------- k_fold_indices

@held_out("k_fold_indices", "makes every fold n_samples // k long, so the n_samples % k samples "
          "left over are never in any validation fold (right only when k divides n_samples)")
def k_fold_indices_drops_remainder(n_samples, k, rng=None):
    idx = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    size = n_samples // k
    folds = []
    for i in range(k):
        val = idx[i * size:(i + 1) * size]
        folds.append((np.setdiff1d(idx, val), val))
    return folds


@held_out("k_fold_indices", "gives all n_samples % k left-over samples to the last fold, so fold "
          "sizes differ by more than one when n_samples % k >= 2")
def k_fold_indices_remainder_to_last(n_samples, k, rng=None):
    idx = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    size = n_samples // k
    folds = []
    for i in range(k):
        stop = n_samples if i == k - 1 else (i + 1) * size
        val = idx[i * size:stop]
        folds.append((np.setdiff1d(idx, val), val))
    return folds


@held_out("k_fold_indices", "splits with np.split, which requires equal parts and raises "
          "ValueError when k does not divide n_samples")
def k_fold_indices_np_split(n_samples, k, rng=None):
    idx = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    folds = []
    for val in np.split(idx, k):
        folds.append((np.setdiff1d(idx, val), val))
    return folds


@held_out("k_fold_indices", "builds train_idx with np.delete(idx, val_idx), which deletes by "
          "position rather than by value, so after shuffling the training indices overlap the "
          "validation fold (right only without rng)")
def k_fold_indices_delete_by_position(n_samples, k, rng=None):
    idx = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    folds = []
    for val in np.array_split(idx, k):
        folds.append((np.delete(idx, val), val))
    return folds


@held_out("k_fold_indices", "never uses rng, so the folds are not shuffled when rng is given")
def k_fold_indices_ignores_rng(n_samples, k, rng=None):
    idx = np.arange(n_samples)
    folds = []
    for val in np.array_split(idx, k):
        folds.append((np.setdiff1d(idx, val), val))
    return folds


# ---------------------------------------------------------------- cross_val_score

@held_out("cross_val_score", "scores each fold on its own training rows (predicts X_train and "
          "compares with y_train) instead of on the validation rows")
def cross_val_score_on_training_fold(fit_predict, X, y, k, rng=None):
    n = len(y)
    idx = np.arange(n) if rng is None else rng.permutation(n)
    scores = []
    for val in np.array_split(idx, k):
        train = np.setdiff1d(idx, val)
        pred = fit_predict(X[train], y[train], X[train])
        scores.append(np.mean((pred - y[train]) ** 2))
    return np.array(scores)


@held_out("cross_val_score", "sums the squared errors of each fold instead of averaging them, so "
          "each score is multiplied by the fold size")
def cross_val_score_sum_of_squares(fit_predict, X, y, k, rng=None):
    n = len(y)
    idx = np.arange(n) if rng is None else rng.permutation(n)
    scores = []
    for val in np.array_split(idx, k):
        train = np.setdiff1d(idx, val)
        pred = fit_predict(X[train], y[train], X[val])
        scores.append(np.sum((pred - y[val]) ** 2))
    return np.array(scores)


@held_out("cross_val_score", "returns the mean of the fold scores, a single float, instead of the "
          "array of k per-fold scores")
def cross_val_score_returns_mean(fit_predict, X, y, k, rng=None):
    n = len(y)
    idx = np.arange(n) if rng is None else rng.permutation(n)
    scores = []
    for val in np.array_split(idx, k):
        train = np.setdiff1d(idx, val)
        pred = fit_predict(X[train], y[train], X[val])
        scores.append(np.mean((pred - y[val]) ** 2))
    return float(np.mean(scores))


# ---------------------------------------------------------------- grid_search

@held_out("grid_search", "picks the combination with the highest score (argmax) although the "
          "score is to be minimized")
def grid_search_maximizes(score, grid):
    names = list(grid)
    results = []
    for pos in np.ndindex(*[len(grid[name]) for name in names]):
        params = {name: grid[name][i] for name, i in zip(names, pos)}
        results.append((params, score(**params)))
    best = max(results, key=lambda item: item[1])[0]
    return best, results


@held_out("grid_search", "pairs the value lists with zip instead of taking their Cartesian "
          "product, so only the 'diagonal' combinations are tried (right only with one name)")
def grid_search_zip_not_product(score, grid):
    names = list(grid)
    results = []
    for values in zip(*grid.values()):
        params = dict(zip(names, values))
        results.append((params, score(**params)))
    best = min(results, key=lambda item: item[1])[0]
    return best, results


@held_out("grid_search", "reuses one params dict for every combination and updates it in place, "
          "so every entry of results (and best) is the same dict holding the last combination")
def grid_search_shared_dict(score, grid):
    names = list(grid)
    results = []
    params = {}
    for pos in np.ndindex(*[len(grid[name]) for name in names]):
        for name, i in zip(names, pos):
            params[name] = grid[name][i]
        results.append((params, score(**params)))
    best = min(results, key=lambda item: item[1])[0]
    return best, results


# ---------------------------------------------------------------- random_search

@held_out("random_search", "ignores the given rng and draws with a fresh unseeded "
          "np.random.default_rng(), so the search is not reproducible from rng")
def random_search_ignores_rng(score, space, n_iter, rng):
    own = np.random.default_rng()
    results = []
    for _ in range(n_iter):
        params = {name: sample(own) for name, sample in space.items()}
        results.append((params, score(**params)))
    best = min(results, key=lambda item: item[1])[0]
    return best, results


@held_out("random_search", "draws one setting before the loop and scores that same setting "
          "n_iter times instead of drawing a new setting each iteration")
def random_search_draws_once(score, space, n_iter, rng):
    params = {name: sample(rng) for name, sample in space.items()}
    results = []
    for _ in range(n_iter):
        results.append((dict(params), score(**params)))
    best = min(results, key=lambda item: item[1])[0]
    return best, results


@held_out("random_search", "picks the setting with the highest score (max) although the score is "
          "to be minimized")
def random_search_maximizes(score, space, n_iter, rng):
    results = []
    for _ in range(n_iter):
        params = {name: sample(rng) for name, sample in space.items()}
        results.append((params, score(**params)))
    best = max(results, key=lambda item: item[1])[0]
    return best, results


# Held-out mistakes whose hint names a catalogued mistake, each judged by reading the named
# hint against the true cause above: the same mistake, so naming it is right.
SAME_AS = {
    'k_fold_indices_drops_remainder': ('k_fold_floor',),
    'k_fold_indices_remainder_to_last': ('k_fold_remainder_last',),
    'k_fold_indices_ignores_rng': ('k_fold_never_shuffles',),
    'cross_val_score_sum_of_squares': ('cross_val_sse',),
    'cross_val_score_returns_mean': ('cross_val_mean',),
    'grid_search_maximizes': ('grid_maximizes',),
    'grid_search_zip_not_product': ('grid_zip',),
    'grid_search_shared_dict': ('grid_shared_params',),
    'random_search_draws_once': ('random_sample_once',),
    'random_search_maximizes': ('random_maximizes',),
}

HELD_OUT = collect(globals())
