"""Correct and wrong answers to the ``hyperparameter_search`` assignment (see ``__init__``)."""

from __future__ import annotations

import itertools

import numpy as np

from . import collect, correct, mistake

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


# -------------------------------------------------------------------------------- mistakes


@mistake("k_fold_indices", "drops the remainder")
def k_fold_floor(n_samples, k, rng=None):
    """size = n // k: the last n % k samples are never validated."""
    indices = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    size = n_samples // k
    out = []
    for i in range(k):
        val = indices[i * size:(i + 1) * size]
        out.append((np.setdiff1d(indices, val), val))
    return out


@mistake("k_fold_indices", "at most one")
def k_fold_remainder_last(n_samples, k, rng=None):
    """Puts the whole remainder in the last fold."""
    indices = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    size = n_samples // k
    out = []
    for i in range(k):
        stop = (i + 1) * size if i < k - 1 else n_samples
        val = indices[i * size:stop]
        out.append((np.setdiff1d(indices, val), val))
    return out


@mistake("k_fold_indices", "leak")
def k_fold_train_all(n_samples, k, rng=None):
    """Trains on every sample."""
    indices = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    return [(np.arange(n_samples), val) for val in np.array_split(indices, k)]


@mistake("k_fold_indices", "overlap")
def k_fold_overlapping(n_samples, k, rng=None):
    """Rounds the fold size up, so neighbouring folds share samples."""
    indices = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    size = -(-n_samples // k)
    out = []
    for i in range(k):
        start = min(i * size, n_samples - size)
        val = indices[start:start + size]
        out.append((np.setdiff1d(indices, val), val))
    return out


@mistake("k_fold_indices", "shuffle the indices first")
def k_fold_never_shuffles(n_samples, k, rng=None):
    """Ignores rng."""
    return k_fold_array_split(n_samples, k, None)


@mistake("k_fold_indices", "global np.random")
def k_fold_global_shuffle(n_samples, k, rng=None):
    """Shuffles with the global generator."""
    indices = np.arange(n_samples) if rng is None else np.random.permutation(n_samples)
    folds = np.array_split(indices, k)
    return [(np.concatenate(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]


@mistake("k_fold_indices", "integer")
def k_fold_float_indices(n_samples, k, rng=None):
    """Float index arrays (from np.linspace)."""
    indices = np.linspace(0, n_samples - 1, n_samples)
    if rng is not None:
        indices = rng.permutation(indices)
    folds = np.array_split(indices, k)
    return [(np.concatenate(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]


@mistake("cross_val_score", "one validation MSE per fold")
def cross_val_mean(fit_predict, X, y, k, rng=None):
    """Returns the average over folds."""
    return float(np.mean(cross_val_plain(fit_predict, X, y, k, rng)))


@mistake("cross_val_score", "RMSE")
def cross_val_rmse(fit_predict, X, y, k, rng=None):
    """Root mean squared error."""
    return np.sqrt(cross_val_plain(fit_predict, X, y, k, rng))


@mistake("cross_val_score", "not the sum")
def cross_val_sse(fit_predict, X, y, k, rng=None):
    """Sum of squared errors."""
    scores = []
    for train, val in k_fold_array_split(len(y), k, rng):
        scores.append(np.sum((fit_predict(X[train], y[train], X[val]) - y[val]) ** 2))
    return np.array(scores)


@mistake("cross_val_score", "leak")
def cross_val_train_on_all(fit_predict, X, y, k, rng=None):
    """Fits on all data, validation rows included."""
    scores = []
    for _, val in k_fold_array_split(len(y), k, rng):
        scores.append(np.mean((fit_predict(X, y, X[val]) - y[val]) ** 2))
    return np.array(scores)


@mistake("cross_val_score", "pass rng on")
def cross_val_ignores_rng(fit_predict, X, y, k, rng=None):
    """Never shuffles."""
    return cross_val_plain(fit_predict, X, y, k, None)


@mistake("grid_search", "minimized")
def grid_maximizes(score, grid):
    """Keeps the highest score."""
    best, results = grid_product(score, grid)
    return max(results, key=lambda item: item[1])[0], results


@mistake("grid_search", "one hyperparameter at a time")
def grid_one_at_a_time(score, grid):
    """Varies each name alone, the others at their first value."""
    base = {name: values[0] for name, values in grid.items()}
    results = []
    for name, values in grid.items():
        for value in values:
            params = {**base, name: value}
            results.append((params, score(**params)))
    return min(results, key=lambda item: item[1])[0], results


@mistake("grid_search", "zip")
def grid_zip(score, grid):
    """Pairs the i-th values of each list."""
    names = list(grid)
    results = []
    for values in zip(*grid.values()):
        params = dict(zip(names, values))
        results.append((params, score(**params)))
    return min(results, key=lambda item: item[1])[0], results


@mistake("grid_search", "last setting")
def grid_last(score, grid):
    """Overwrites best in every iteration."""
    names = list(grid)
    results, best = [], None
    for values in itertools.product(*grid.values()):
        best = dict(zip(names, values))
        results.append((best, score(**best)))
    return best, results


@mistake("random_search", "new values in every iteration")
def random_sample_once(score, space, n_iter, rng):
    """Draws one setting and scores it n_iter times."""
    params = {name: sample(rng) for name, sample in space.items()}
    results = [(params, score(**params)) for _ in range(n_iter)]
    return params, results


@mistake("random_search", "exactly n_iter")
def random_off_by_one(score, space, n_iter, rng):
    """range(1, n_iter)."""
    results = []
    for _ in range(1, n_iter):
        params = {name: sample(rng) for name, sample in space.items()}
        results.append((params, score(**params)))
    best = min(results, key=lambda item: item[1])[0] if results else {}
    return best, results


@mistake("random_search", "another generator")
def random_own_generator(score, space, n_iter, rng):
    """Makes a new generator from a fixed seed."""
    return random_plain(score, space, n_iter, np.random.default_rng(0))


@mistake("random_search", "minimized")
def random_maximizes(score, space, n_iter, rng):
    """Keeps the highest score."""
    _, results = random_plain(score, space, n_iter, rng)
    return max(results, key=lambda item: item[1])[0], results


CORRECT, MISTAKES = collect(globals())
