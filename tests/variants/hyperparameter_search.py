"""Correct answers to the ``hyperparameter_search`` assignment in several styles (see ``__init__``)."""

from __future__ import annotations

import itertools

import numpy as np

from . import collect, correct

# --------------------------------------------------------------------------------- correct


@correct("k_fold_indices")
def k_fold_array_split(n_samples, k, rng=None):
    indices = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    folds = np.array_split(indices, k)
    return [(np.concatenate(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]


@correct("k_fold_indices")
def k_fold_manual_sizes(n_samples, k, rng=None):
    """Fold boundaries computed by hand; training indices by set difference; lists of ints."""
    indices = list(range(n_samples))
    if rng is not None:
        rng.shuffle(indices)
    out, start = [], 0
    for i in range(k):
        size = n_samples // k + (1 if i < n_samples % k else 0)
        val = indices[start:start + size]
        start += size
        train = [j for j in indices if j not in set(val)]
        out.append((train, val))
    return out


@correct("k_fold_indices")
def k_fold_strided(n_samples, k, rng=None):
    """Strided folds (i, i + k, ...) and a boolean mask for training; a tuple of tuples."""
    order = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    result = []
    for i in range(k):
        val = order[i::k]
        mask = np.ones(n_samples, dtype=bool)
        mask[val] = False
        result.append((np.flatnonzero(mask), val))
    return tuple(result)


@correct("cross_val_score")
def cross_val_plain(fit_predict, X, y, k, rng=None):
    scores = []
    for train, val in k_fold_array_split(len(y), k, rng):
        pred = fit_predict(X[train], y[train], X[val])
        scores.append(np.mean((pred - y[val]) ** 2))
    return np.array(scores)


@correct("cross_val_score")
def cross_val_list(fit_predict, X, y, k, rng=None):
    """Uses the strided folds and returns a list of floats."""
    out = []
    for train, val in k_fold_strided(X.shape[0], k, rng):
        err = np.asarray(fit_predict(X[train], y[train], X[val])) - y[val]
        out.append(float(err @ err / len(val)))
    return out


@correct("cross_val_score")
def cross_val_masks(fit_predict, X, y, k, rng=None):
    """Boolean masks for the training rows; a tuple of NumPy scalars."""
    scores = []
    for _, val in k_fold_manual_sizes(len(y), k, rng):
        mask = np.ones(len(y), dtype=bool)
        mask[val] = False
        pred = fit_predict(X[mask], y[mask], X[val])
        scores.append(np.mean(np.square(pred - y[val])))
    return tuple(scores)


@correct("grid_search")
def grid_product(score, grid):
    names = list(grid)
    results = []
    for values in itertools.product(*(grid[n] for n in names)):
        params = dict(zip(names, values))
        results.append((params, score(**params)))
    best = min(results, key=lambda item: item[1])[0]
    return best, results


@correct("grid_search")
def grid_recursive(score, grid):
    """Builds the combinations recursively; results as lists; best tracked in the loop."""
    names = sorted(grid)

    def combos(i):
        if i == len(names):
            yield {}
            return
        for rest in combos(i + 1):
            for value in grid[names[i]]:
                yield {names[i]: value, **rest}

    best, best_score, results = None, np.inf, []
    for params in combos(0):
        s = score(**params)
        results.append([params, np.float64(s)])
        if s < best_score:
            best, best_score = params, s
    return best, results


@correct("random_search")
def random_plain(score, space, n_iter, rng):
    results = []
    for _ in range(n_iter):
        params = {name: sample(rng) for name, sample in space.items()}
        results.append((params, score(**params)))
    best = min(results, key=lambda item: item[1])[0]
    return best, results


@correct("random_search")
def random_argmin(score, space, n_iter, rng):
    """Draws all settings first, then scores them; best by np.argmin."""
    settings = [{name: space[name](rng) for name in space} for _ in range(n_iter)]
    scores = [score(**params) for params in settings]
    return settings[int(np.argmin(scores))], list(zip(settings, scores))


@correct("random_search")
def random_sorted_names(score, space, n_iter, rng):
    """Draws the names in sorted order (another sequence of draws); best tracked in the loop."""
    best, best_score, results = None, float("inf"), []
    for _ in range(n_iter):
        params = {name: space[name](rng) for name in sorted(space)}
        value = float(score(**params))
        results.append((params, value))
        if value < best_score:
            best, best_score = params, value
    return best, results


CORRECT = collect(globals())
