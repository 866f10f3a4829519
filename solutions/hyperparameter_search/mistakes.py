"""Plausible wrong answers to the ``hyperparameter_search`` assignment, each with the hint it gets.

The grader names one of these only when it reproduces the student's results on every input of
a check (:mod:`paramcourse.grading.diagnosis`): the functions are run on the same inputs with
fresh recording callbacks (a ``fit_predict``, a ``score``, samplers) and copies of the same
generators, so a mistake that draws from ``rng`` draws the same numbers as the student did.
Each function has the contract's signature.
"""

from __future__ import annotations

import itertools

import numpy as np

from paramcourse.grading.diagnosis import collect, mistake


def _split(indices, k):
    """The correct split of an index order into k (train_idx, val_idx) pairs."""
    folds = np.array_split(indices, k)
    return [(np.concatenate(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]


def _folds(n_samples, k, rng=None):
    return _split(np.arange(n_samples) if rng is None else rng.permutation(n_samples), k)


def _cross_val(fit_predict, X, y, k, rng=None, error=lambda e: np.mean(e**2)):
    return np.array([error(fit_predict(X[train], y[train], X[val]) - y[val]) for train, val in _folds(len(y), k, rng)])


def _grid(score, grid):
    names = list(grid)
    results = []
    for values in itertools.product(*grid.values()):
        params = dict(zip(names, values))
        results.append((params, score(**params)))
    return results


def _random(score, space, n_iter, rng):
    results = []
    for _ in range(n_iter):
        params = {name: sample(rng) for name, sample in space.items()}
        results.append((params, score(**params)))
    return results


def _lowest(results):
    return min(results, key=lambda item: item[1])[0]


# ----------------------------------------------------------------------------- k_fold_indices


@mistake("k_fold_indices", "your index arrays hold floats, which cannot index X: build them from integers, "
         "np.arange(n_samples) or rng.permutation(n_samples).")
def k_fold_float_indices(n_samples, k, rng=None):
    indices = np.linspace(0, n_samples - 1, n_samples)
    if rng is not None:
        indices = rng.permutation(indices)
    return _split(indices, k)


@mistake("k_fold_indices", "every fold takes n_samples // k samples, so the last n_samples % k samples "
         "are never validated: give one extra sample to each of the first n_samples % k folds "
         "(np.array_split(indices, k) does this).")
def k_fold_floor(n_samples, k, rng=None):
    indices = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    size = n_samples // k
    out = []
    for i in range(k):
        val = indices[i * size:(i + 1) * size]
        out.append((np.setdiff1d(indices, val), val))
    return out


@mistake("k_fold_indices", "the last fold takes the whole remainder (n_samples % k extra samples), so the "
         "sizes differ by more than one: spread the remainder, one extra sample in each of the first "
         "n_samples % k folds (np.array_split(indices, k) does this).")
def k_fold_remainder_last(n_samples, k, rng=None):
    indices = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    size = n_samples // k
    out = []
    for i in range(k):
        stop = (i + 1) * size if i < k - 1 else n_samples
        val = indices[i * size:stop]
        out.append((np.setdiff1d(indices, val), val))
    return out


@mistake("k_fold_indices", "train_idx holds every sample, the validation fold included, so each model "
         "would be validated on samples it was trained on: train_idx is the samples of the other folds.")
def k_fold_train_all(n_samples, k, rng=None):
    indices = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    return [(np.arange(n_samples), val) for val in np.array_split(indices, k)]


@mistake("k_fold_indices", "the fold size is rounded up (ceil(n_samples / k)) and the last folds are "
         "shifted back to fit, so they overlap: use sizes n_samples // k and one more, without overlap "
         "(np.array_split(indices, k)).")
def k_fold_overlapping(n_samples, k, rng=None):
    indices = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    size = -(-n_samples // k)
    out = []
    for i in range(k):
        start = min(i * size, n_samples - size)
        val = indices[start:start + size]
        out.append((np.setdiff1d(indices, val), val))
    return out


@mistake("k_fold_indices", "rng is ignored: the folds are the same unshuffled blocks with or without it. "
         "When rng is given, shuffle the indices first: indices = rng.permutation(n_samples).")
def k_fold_never_shuffles(n_samples, k, rng=None):
    return _folds(n_samples, k, None)


@mistake("k_fold_indices", "you shuffle with the global generator (np.random.permutation or "
         "np.random.shuffle), not with rng: use rng.permutation(n_samples), so that the seed of rng decides "
         "the folds.")
def k_fold_global_shuffle(n_samples, k, rng=None):
    indices = np.arange(n_samples) if rng is None else np.random.permutation(n_samples)
    return _split(indices, k)


@mistake("k_fold_indices", "you shuffle with a generator of your own (np.random.default_rng(0)), so every "
         "seed gives the same folds: shuffle with the rng argument, rng.permutation(n_samples).")
def k_fold_own_generator(n_samples, k, rng=None):
    return _folds(n_samples, k, None if rng is None else np.random.default_rng(0))


# ---------------------------------------------------------------------------- cross_val_score


@mistake("cross_val_score", "you returned the mean of the fold scores: return the k scores themselves, an "
         "array with one validation MSE per fold.")
def cross_val_mean(fit_predict, X, y, k, rng=None):
    return float(np.mean(_cross_val(fit_predict, X, y, k, rng)))


@mistake("cross_val_score", "your scores are the square roots of the fold MSEs (RMSE): return the mean "
         "squared error of each fold, without the square root.")
def cross_val_rmse(fit_predict, X, y, k, rng=None):
    return np.sqrt(_cross_val(fit_predict, X, y, k, rng))


@mistake("cross_val_score", "your scores are sums of squared errors over each validation fold: take the "
         "mean over the fold (np.mean), not the sum.")
def cross_val_sse(fit_predict, X, y, k, rng=None):
    return _cross_val(fit_predict, X, y, k, rng, error=lambda e: np.sum(e**2))


@mistake("cross_val_score", "your scores are mean absolute errors: square the errors, the score of a fold "
         "is the mean squared error.")
def cross_val_mae(fit_predict, X, y, k, rng=None):
    return _cross_val(fit_predict, X, y, k, rng, error=lambda e: np.mean(np.abs(e)))


@mistake("cross_val_score", "your scores are in reverse fold order: append the score of each fold as "
         "you go, so that score i belongs to fold i.")
def cross_val_reversed(fit_predict, X, y, k, rng=None):
    return _cross_val(fit_predict, X, y, k, rng)[::-1]


@mistake("cross_val_score", "fit_predict was trained on all of X and y, the validation rows included: pass "
         "the training rows only, fit_predict(X[train_idx], y[train_idx], X[val_idx]).")
def cross_val_train_on_all(fit_predict, X, y, k, rng=None):
    return np.array([np.mean((fit_predict(X, y, X[val]) - y[val]) ** 2) for _, val in _folds(len(y), k, rng)])


@mistake("cross_val_score", "the folds were not shuffled although rng was given: pass rng on, "
         "k_fold_indices(len(y), k, rng) (and k_fold_indices must shuffle with it).")
def cross_val_ignores_rng(fit_predict, X, y, k, rng=None):
    return _cross_val(fit_predict, X, y, k, None)


# -------------------------------------------------------------------------------- grid_search


@mistake("grid_search", "best is the setting with the highest score, but the score is minimized: keep "
         "the params with the lowest score.")
def grid_maximizes(score, grid):
    results = _grid(score, grid)
    return max(results, key=lambda item: item[1])[0], results


@mistake("grid_search", "you varied one hyperparameter at a time, the others at their first value: a grid "
         "tries every combination, itertools.product(*grid.values()).")
def grid_one_at_a_time(score, grid):
    base = {name: values[0] for name, values in grid.items()}
    results = []
    for name, values in grid.items():
        for value in values:
            params = {**base, name: value}
            results.append((params, score(**params)))
    return _lowest(results), results


@mistake("grid_search", "zip pairs the i-th values of the lists only: a grid tries every combination, "
         "itertools.product(*grid.values()).")
def grid_zip(score, grid):
    names = list(grid)
    results = []
    for values in zip(*grid.values()):
        params = dict(zip(names, values))
        results.append((params, score(**params)))
    return _lowest(results), results


@mistake("grid_search", "best is the last setting tried, whatever its score: replace best only when a "
         "score is lower than the lowest so far (or take the minimum over results at the end).")
def grid_last(score, grid):
    results = _grid(score, grid)
    return results[-1][0], results


@mistake("grid_search", "you reuse one params dict and change it in place, so every entry of results "
         "shows the last combination: build a new dict for each combination, dict(zip(names, values)).")
def grid_shared_params(score, grid):
    names = list(grid)
    params, results = {}, []
    best, best_score = params, np.inf
    for values in itertools.product(*grid.values()):
        for name, value in zip(names, values):
            params[name] = value
        value = score(**params)
        results.append((params, value))
        if value < best_score:
            best, best_score = params, value
    return best, results


# ------------------------------------------------------------------------------ random_search


@mistake("random_search", "every trial uses the same setting, drawn once before the loop: draw new values, "
         "space[name](rng), inside the loop, for each of the n_iter trials.")
def random_sample_once(score, space, n_iter, rng):
    params = {name: sample(rng) for name, sample in space.items()}
    results = [(params, score(**params)) for _ in range(n_iter)]
    return params, results


@mistake("random_search", "you tried n_iter - 1 settings (range(1, n_iter)): loop over range(n_iter).")
def random_off_by_one(score, space, n_iter, rng):
    results = _random(score, space, n_iter - 1, rng)
    return (_lowest(results) if results else {}), results


@mistake("random_search", "the samplers got a generator of your own (np.random.default_rng(0)), not rng: "
         "call space[name](rng) with the rng argument.")
def random_own_generator(score, space, n_iter, rng):
    results = _random(score, space, n_iter, np.random.default_rng(0))
    return _lowest(results), results


@mistake("random_search", "best is the setting with the highest score, but the score is minimized: keep "
         "the params with the lowest score.")
def random_maximizes(score, space, n_iter, rng):
    results = _random(score, space, n_iter, rng)
    return max(results, key=lambda item: item[1])[0], results


@mistake("random_search", "best is the last setting tried, whatever its score: replace best only when a "
         "score is lower than the lowest so far (or take the minimum over results at the end).")
def random_keeps_last(score, space, n_iter, rng):
    results = _random(score, space, n_iter, rng)
    return results[-1][0], results


MISTAKES = collect(globals())
