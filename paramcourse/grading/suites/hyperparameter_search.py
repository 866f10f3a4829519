r"""Checks of the ``hyperparameter_search`` assignment: k-fold splits, cross-validation, grid
search and random search.

Contract (design.md):

* ``k_fold_indices(n_samples, k, rng=None)`` returns ``k`` pairs ``(train_idx, val_idx)``; every
  sample is in exactly one validation fold, fold sizes differ by at most one, and the order is
  shuffled when ``rng`` is given;
* ``cross_val_score(fit_predict, X, y, k, rng=None)`` returns the validation MSE of each fold,
  where ``fit_predict(X_train, y_train, X_val)`` returns predictions for ``X_val``;
* ``grid_search(score, grid)`` minimizes ``score(**params)`` over every combination of the
  grid's lists and returns ``(best, results)`` with ``results`` the list of ``(params, score)``;
* ``random_search(score, space, n_iter, rng)`` draws ``n_iter`` settings, each value from
  ``space[name](rng)``.

The checks never assume one particular fold order or iteration order: they watch what the
student's code does through instrumented callables (a ``fit_predict`` that records the rows it
is given, a ``score`` that records its calls, samplers that record the generator they receive)
and judge the results against those records.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

from ..compare import (
    assert_close,
    assert_unchanged,
    call,
    fail,
    fmt,
    to_array,
    to_float,
    to_index_array,
)

__all__ = [
    "CHECKS",
    "check_cross_val_score_hidden",
    "check_cross_val_score_shuffle",
    "check_cross_val_score_values",
    "check_grid_search_hidden",
    "check_grid_search_values",
    "check_k_fold_indices_hidden",
    "check_k_fold_indices_partition",
    "check_k_fold_indices_shuffle",
    "check_random_search_hidden",
    "check_random_search_values",
]

KFOLD_RULE = ("split np.arange(n_samples) (shuffled with rng.permutation when rng is given) into k "
              "nearly equal parts, e.g. with np.array_split; each part is once the validation fold "
              "and the rest is the training set")

# --------------------------------------------------------------------------------- k-fold


def _global_state_unchanged(func: Callable) -> tuple[Any, bool]:
    """Run ``func()`` with a seeded global np.random; return its result and whether the global
    state was left alone. The caller's global state is restored afterwards."""
    saved = np.random.get_state()
    try:
        np.random.seed(2468)
        before = np.random.get_state()
        result = func()
        after = np.random.get_state()
    finally:
        np.random.set_state(saved)
    same = before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]
    return result, same


def _folds(result: Any, what: str, n: int, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Validate the shape of a k-fold result and return it as integer arrays."""
    if type(result) not in (list, tuple):
        fail(f"{what} should return a list of (train_idx, val_idx) pairs; got {fmt(result)}.",
             "build a list and append one (train_idx, val_idx) tuple per fold.")
    if len(result) != k:
        fail(f"{what} returned {len(result)} folds; expected k = {k}.",
             f"one (train_idx, val_idx) pair per fold: {KFOLD_RULE}.")
    folds = []
    for i, pair in enumerate(result):
        if type(pair) not in (list, tuple) or len(pair) != 2:
            fail(f"fold {i} of {what} should be a pair (train_idx, val_idx); got {fmt(pair)}.",
                 "append a tuple (train_idx, val_idx) for each fold, training indices first.")
        train = to_index_array(pair[0], f"train_idx of fold {i} from {what}")
        val = to_index_array(pair[1], f"val_idx of fold {i} from {what}")
        for name, idx in (("train_idx", train), ("val_idx", val)):
            if idx.size and (idx.min() < 0 or idx.max() >= n):
                fail(f"{name} of fold {i} from {what} holds indices outside 0..{n - 1}: {fmt(idx)}.",
                     f"indices refer to samples 0, ..., n_samples - 1; {KFOLD_RULE}.")
        folds.append((train, val))
    return folds


def _check_partition(folds: list[tuple[np.ndarray, np.ndarray]], what: str, n: int, k: int) -> None:
    """Every sample in exactly one validation fold, sizes within one, train = the complement."""
    counts = np.bincount(np.concatenate([val for _, val in folds]), minlength=n)
    if np.any(counts > 1):
        fail(f"the validation folds of {what} overlap: sample {int(np.argmax(counts > 1))} is in "
             f"{int(counts.max())} of them.", f"folds must not overlap: {KFOLD_RULE}.")
    if np.any(counts == 0):
        missing = np.flatnonzero(counts == 0)
        fail(f"the validation folds of {what} miss {missing.size} of the {n} samples "
             f"(e.g. {fmt(missing[:5])}).",
             "every sample must be in exactly one validation fold; with n_samples not divisible "
             "by k, size = n_samples // k drops the remainder: use np.array_split, which makes "
             "the first n_samples % k folds one larger.")
    sizes = [val.size for _, val in folds]
    if max(sizes) - min(sizes) > 1:
        fail(f"the validation folds of {what} have sizes {sizes}; they should differ by at most one.",
             "spread the remainder over several folds instead of putting it in the last one: "
             "np.array_split(indices, k) does this.")
    for i, (train, val) in enumerate(folds):
        if np.intersect1d(train, val).size:
            fail(f"in fold {i} of {what} some validation samples are also in train_idx.",
                 "the validation samples leak into the training set: train_idx must be all "
                 "samples not in val_idx.")
        if np.unique(train).size != train.size or np.union1d(train, val).size != n:
            fail(f"in fold {i} of {what} train_idx has {train.size} entries ({np.unique(train).size} "
                 f"distinct) for {n - val.size} samples outside the validation fold.",
                 "train_idx must hold every sample not in val_idx, each once, e.g. "
                 "np.concatenate of the other folds or np.setdiff1d(np.arange(n_samples), val_idx).")


def _call_kfold(k_fold_indices: Callable, n: int, k: int, seed: int | None):
    if seed is None:
        what = f"k_fold_indices({n}, {k})"
        result = call(k_fold_indices, n, k, what=what)
    else:
        what = f"k_fold_indices({n}, {k}, rng=np.random.default_rng({seed}))"
        result = call(k_fold_indices, n, k, rng=np.random.default_rng(seed), what=what)
    return _folds(result, what, n, k), what


def check_k_fold_indices_partition(k_fold_indices: Callable) -> None:
    """Without ``rng``: ``k`` pairs of integer index arrays; every sample in exactly one
    validation fold; sizes within one; training set = the other samples."""
    for n, k in ((10, 5), (10, 3), (12, 4)):
        folds, what = _call_kfold(k_fold_indices, n, k, None)
        _check_partition(folds, what, n, k)


def _same_folds(a, b) -> bool:
    return all(np.array_equal(ta, tb) and np.array_equal(va, vb) for (ta, va), (tb, vb) in zip(a, b))


def check_k_fold_indices_shuffle(k_fold_indices: Callable) -> None:
    """With ``rng``: still a partition, shuffled, reproducible with the same seed, different with
    another, drawn from ``rng`` only; without ``rng``: deterministic."""
    n, k = 30, 3
    (folds, what), untouched = _global_state_unchanged(lambda: _call_kfold(k_fold_indices, n, k, 5))
    _check_partition(folds, what, n, k)
    if not untouched:
        fail(f"{what} changed the global np.random state.",
             "shuffle with the rng argument (rng.permutation(n_samples) or rng.shuffle), not "
             "np.random.permutation / np.random.shuffle.")
    order = np.concatenate([np.sort(val) for _, val in folds])
    if all(np.all(np.diff(np.sort(val)) == 1) for _, val in folds) and np.array_equal(np.sort(order), order):
        fail(f"the validation folds of {what} are the consecutive blocks of an unshuffled split.",
             "when rng is given, shuffle the indices first: indices = rng.permutation(n_samples).")
    again, _ = _call_kfold(k_fold_indices, n, k, 5)
    if not _same_folds(folds, again):
        fail(f"two calls of {what} with fresh generators of the same seed gave different folds.",
             "use only the rng argument for shuffling, so that the same seed gives the same folds.")
    other, other_what = _call_kfold(k_fold_indices, n, k, 6)
    if _same_folds(folds, other):
        fail(f"{what} and {other_what} gave the same folds: the shuffle ignores rng.",
             "shuffle with the rng you are given, not with a generator of your own.")
    plain, plain_what = _call_kfold(k_fold_indices, n, k, None)
    plain_again, _ = _call_kfold(k_fold_indices, n, k, None)
    if not _same_folds(plain, plain_again):
        fail(f"two calls of {plain_what} (no rng) gave different folds.",
             "without rng the split must not be random: do not shuffle when rng is None.")


def check_k_fold_indices_hidden(k_fold_indices: Callable) -> None:
    """``k = n`` (leave-one-out), ``k = 2``, remainders, a larger shuffled case."""
    for n, k, seed in ((7, 7, None), (9, 2, None), (11, 3, None), (23, 5, 3), (1000, 7, 4), (5, 5, 8)):
        folds, what = _call_kfold(k_fold_indices, n, k, seed)
        _check_partition(folds, what, n, k)


# ---------------------------------------------------------------------- cross_val_score


class _Recorder:
    """A ``fit_predict`` that records which rows it was given and predicts with least squares."""

    def __init__(self, X: np.ndarray, y: np.ndarray):
        self.X, self.y = X, y
        self.rows = {X[i].tobytes(): i for i in range(X.shape[0])}
        self.calls: list[dict[str, Any]] = []

    def _row_ids(self, A: Any, what: str) -> np.ndarray:
        if type(A) is not np.ndarray or A.ndim != 2 or A.shape[1] != self.X.shape[1]:
            fail(f"fit_predict received {what} that is not a 2-D array with {self.X.shape[1]} columns "
                 f"(got {fmt(A)}).", "pass rows of X: X[train_idx] and X[val_idx].")
        ids = []
        for row in np.asarray(A, dtype=float):
            key = row.tobytes()
            if key not in self.rows:
                fail(f"fit_predict received {what} with a row that is not a row of X.",
                     "pass the rows of X itself, X[train_idx] and X[val_idx], unchanged.")
            ids.append(self.rows[key])
        return np.array(ids, dtype=np.int64)

    def __call__(self, X_train, y_train, X_val):
        train = self._row_ids(X_train, "X_train")
        val = self._row_ids(X_val, "X_val")
        y_train_arr = to_array(y_train, "y_train passed to fit_predict", (train.size,),
                               "one target per row of X_train")
        A = np.column_stack([self.X[train], np.ones(train.size)])
        theta = np.linalg.lstsq(A, y_train_arr, rcond=None)[0]
        prediction = np.column_stack([self.X[val], np.ones(val.size)]) @ theta
        self.calls.append({"train": train, "val": val, "y_train": y_train_arr, "pred": prediction.copy()})
        return prediction


def _cv_data(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = X @ np.array([1.5, -2.0]) + 0.5 + rng.normal(size=n)
    return X, y


def _run_cv(cross_val_score: Callable, X: np.ndarray, y: np.ndarray, k: int, seed: int | None):
    recorder = _Recorder(X, y)
    args = f"fit_predict, X, y, k={k}" + ("" if seed is None else f", rng=np.random.default_rng({seed})")
    what = f"cross_val_score({args}) with n = {X.shape[0]} samples"
    kwargs = {} if seed is None else {"rng": np.random.default_rng(seed)}
    result = call(cross_val_score, recorder, X.copy(), y.copy(), k, what=what, **kwargs)
    if type(result) in (int, float) or (type(result) is np.ndarray and result.ndim == 0) \
            or isinstance(result, np.floating):
        fail(f"{what} returned a single number {fmt(result)}.",
             "return one validation MSE per fold (an array of length k), not their mean.")
    scores = to_array(result, f"the result of {what}", (k,), "one score per fold")
    return recorder, scores, what


def _check_cv(cross_val_score: Callable, X: np.ndarray, y: np.ndarray, k: int, seed: int | None) -> list[dict]:
    recorder, scores, what = _run_cv(cross_val_score, X, y, k, seed)
    n = X.shape[0]
    if len(recorder.calls) != k:
        fail(f"{what} called fit_predict {len(recorder.calls)} times; expected once per fold (k = {k}).",
             "for each fold call fit_predict(X[train_idx], y[train_idx], X[val_idx]) once.")
    folds = [(c["train"], c["val"]) for c in recorder.calls]
    _check_partition(folds, f"{what} (the rows given to fit_predict)", n, k)
    for i, c in enumerate(recorder.calls):
        if not np.array_equal(c["y_train"], y[c["train"]]):
            fail(f"in fold {i} of {what}, y_train does not match the rows of X_train.",
                 "index X and y with the same train_idx: fit_predict(X[train_idx], y[train_idx], X[val_idx]).")
    expected = np.array([np.mean((c["pred"] - y[c["val"]]) ** 2) for c in recorder.calls])
    if not np.allclose(scores, expected, rtol=1e-9, atol=1e-12):
        variants = [
            (np.sqrt(expected), "your scores are square roots of the MSE (RMSE): return the mean "
             "squared error of each fold."),
            (np.array([np.sum((c["pred"] - y[c["val"]]) ** 2) for c in recorder.calls]),
             "use the mean of the squared errors over the validation fold, not the sum."),
            (np.array([np.mean(np.abs(c["pred"] - y[c["val"]])) for c in recorder.calls]),
             "square the errors: the score is the mean squared error, not the mean absolute error."),
            (expected[::-1], "keep the scores in the order of the folds."),
        ]
        hint = ("score each fold with the mean squared error between fit_predict's predictions for "
                "X[val_idx] and y[val_idx].")
        for value, text in variants:
            if np.allclose(scores, value, rtol=1e-9, atol=1e-12):
                hint = text
                break
        if np.allclose(np.sort(scores), np.sort(expected), rtol=1e-9) and hint.startswith("score each"):
            hint = "keep the scores in the order of the folds (score i belongs to the i-th call of fit_predict)."
        assert_close(scores, expected, f"the scores from {what} (per fold, in the order of the calls)", hint,
                     rtol=1e-9, atol=1e-12)
    return recorder.calls


def check_cross_val_score_values(cross_val_score: Callable) -> None:
    """Without ``rng``: one call of ``fit_predict`` per fold on disjoint train/validation rows,
    and the validation MSE of each fold, in order."""
    X, y = _cv_data(51, 20)
    _check_cv(cross_val_score, X, y, 4, None)
    X, y = _cv_data(52, 13)
    _check_cv(cross_val_score, X, y, 3, None)


def check_cross_val_score_shuffle(cross_val_score: Callable) -> None:
    """With ``rng``: the folds are shuffled, reproducible with the same seed, drawn from ``rng``
    only."""
    X, y = _cv_data(53, 24)
    calls, untouched = _global_state_unchanged(lambda: _check_cv(cross_val_score, X, y, 3, 9))
    if not untouched:
        fail("cross_val_score(..., rng=...) changed the global np.random state.",
             "pass rng on to k_fold_indices (or shuffle with rng.permutation); never use np.random.* directly.")
    if all(np.all(np.diff(np.sort(c["val"])) == 1) for c in calls):
        fail("with rng given, cross_val_score used consecutive blocks of rows as validation folds.",
             "pass rng on to k_fold_indices so that the folds are shuffled.")
    again = _check_cv(cross_val_score, X, y, 3, 9)
    if not all(np.array_equal(a["val"], b["val"]) for a, b in zip(calls, again)):
        fail("two calls of cross_val_score with fresh generators of the same seed used different folds.",
             "use only the rng argument for shuffling.")


def check_cross_val_score_hidden(cross_val_score: Callable) -> None:
    """Leave-one-out (``k = n``), a remainder, a shuffled case; ``X`` and ``y`` are not modified."""
    X, y = _cv_data(54, 8)
    _check_cv(cross_val_score, X, y, 8, None)
    X, y = _cv_data(55, 17)
    _check_cv(cross_val_score, X, y, 5, None)
    _check_cv(cross_val_score, X, y, 2, 10)
    X_private, y_private = X.copy(), y.copy()
    call(cross_val_score, _Recorder(X, y), X_private, y_private, 3, what="cross_val_score on a hidden case")
    assert_unchanged(X, X_private, "X", "cross_val_score")
    assert_unchanged(y, y_private, "y", "cross_val_score")


# ---------------------------------------------------------------------------- grid / random


def _same_value(got: Any, expected: Any) -> bool:
    """Strict equality of one hyperparameter value: strings as strings, numbers as numbers."""
    if type(expected) is str:
        return type(got) is str and got == expected
    try:
        return to_float(got, "a value") == float(expected)
    except AssertionError:
        return False


def _params(value: Any, what: str, names: list[str]) -> dict[str, Any]:
    if type(value) is not dict:
        fail(f"{what} should be a dict of hyperparameters; got {fmt(value)}.",
             "represent each setting as a dict such as {'learning_rate': 0.1, 'depth': 2}.")
    if sorted(value) != sorted(names) or any(type(key) is not str for key in value):
        fail(f"{what} has the keys {sorted(map(str, value))}; expected {sorted(names)}.",
             "use exactly the names of the grid (or space) as keys.")
    return value


def _results(result: Any, what: str, names: list[str]) -> tuple[dict, list[tuple[dict, float]]]:
    if type(result) not in (tuple, list) or len(result) != 2:
        fail(f"{what} should return a pair (best, results); got {fmt(result)}.",
             "end with return best, results.")
    best = _params(result[0], f"best from {what}", names)
    raw = result[1]
    if type(raw) not in (list, tuple):
        fail(f"results from {what} should be a list of (params, score) pairs; got {fmt(raw)}.",
             "append (params, score) for every setting tried.")
    out = []
    for i, item in enumerate(raw):
        if type(item) not in (tuple, list) or len(item) != 2:
            fail(f"results[{i}] from {what} should be a pair (params, score); got {fmt(item)}.",
                 "append a tuple (params, score) for every setting tried.")
        out.append((_params(item[0], f"the params of results[{i}] from {what}", names),
                    to_float(item[1], f"the score of results[{i}] from {what}")))
    return best, out


class _Score:
    """A score to minimize that records every call; it must be called with keyword arguments."""

    def __init__(self, formula: Callable[..., float]):
        self.formula = formula
        self.calls: list[dict[str, Any]] = []

    def __call__(self, *args, **params):
        if args:
            fail("score was called with positional arguments.",
                 "call it with keyword arguments, score(**params), so that each value reaches "
                 "the right hyperparameter.")
        self.calls.append(dict(params))
        return self.formula(**params)


def _key(params: dict[str, Any], names: list[str]) -> tuple:
    return tuple((name, str(params[name]) if type(params[name]) is str else to_float(params[name], name))
                 for name in sorted(names))


def _check_scores_and_best(best, results, formula, what, names, maximize_hint=True) -> None:
    for i, (params, value) in enumerate(results):
        expected = float(formula(**params))
        assert_close(value, expected, f"the score of results[{i}] ({fmt(params)}) from {what}",
                     "store score(**params) for the params of the same entry.", rtol=1e-12, atol=0.0)
    values = [value for _, value in results]
    lowest = results[int(np.argmin(values))][0]
    if not all(_same_value(best[name], lowest[name]) for name in names):
        highest = results[int(np.argmax(values))][0]
        if all(_same_value(best[name], highest[name]) for name in names):
            hint = "the score is minimized: keep the params with the lowest score, not the highest."
        elif results and all(_same_value(best[name], results[-1][0][name]) for name in names):
            hint = ("best is the last setting tried: update best only when a score is lower than "
                    "the best so far.")
        else:
            hint = "best must be the params whose score is the lowest among the results."
        fail(f"best from {what} is {fmt(best)}, but the lowest score belongs to {fmt(lowest)}.", hint)


def _grid_formula(**params) -> float:
    lr, depth = params["learning_rate"], params["depth"]
    return float((np.log10(lr) + 2.0) ** 2 + 0.5 * (depth - 3) ** 2 + 0.01 * depth)


def _check_grid(grid_search: Callable, grid: dict[str, list], formula: Callable, label: str) -> None:
    names = list(grid)
    score = _Score(formula)
    what = f"grid_search(score, grid) with grid = {fmt(grid)}{label}"
    best, results = _results(call(grid_search, score, {k: list(v) for k, v in grid.items()}, what=what), what, names)
    combos = [dict(zip(names, values)) for values in itertools.product(*grid.values())]
    expected_keys = sorted(_key(c, names) for c in combos)
    got_keys = sorted(_key(p, names) for p, _ in results)
    if got_keys != expected_keys:
        sizes = [len(v) for v in grid.values()]
        hint = "results must hold every combination of the grid's values exactly once (itertools.product)."
        if len(results) == sum(sizes) and len(sizes) > 1:
            hint = ("you varied one hyperparameter at a time; a grid tries every combination: "
                    "use itertools.product over the lists.")
        elif len(results) == min(sizes) and len(sizes) > 1:
            hint = "zip pairs the i-th values only; a grid tries every combination: itertools.product."
        elif len(set(got_keys)) < len(got_keys):
            hint = "some combinations appear more than once; try each combination exactly once."
        fail(f"results from {what} hold {len(results)} settings; the grid has {len(combos)} combinations.", hint)
    called = {_key(c, names) for c in score.calls}
    if not set(expected_keys) <= called:
        fail(f"{what} did not call score for every combination.",
             "compute each result with score(**params); do not invent or reuse scores.")
    _check_scores_and_best(best, results, formula, what, names)


def check_grid_search_values(grid_search: Callable) -> None:
    """A 3 x 3 grid over ``learning_rate`` and ``depth``: every combination once, its score,
    and the best (lowest) one."""
    grid = {"learning_rate": [0.1, 0.01, 0.001], "depth": [1, 3, 5]}
    _check_grid(grid_search, grid, _grid_formula, "")


def check_grid_search_hidden(grid_search: Callable) -> None:
    """One hyperparameter; three hyperparameters with a string; the best at the first or the last
    combination; one value per name."""
    _check_grid(grid_search, {"alpha": [3.0, 1.0, 0.5, 2.0]}, lambda alpha: (alpha - 0.6) ** 2, " (hidden)")

    def three(lr, units, activation):
        return (lr - 0.05) ** 2 + abs(units - 64) / 100 + (0.0 if activation == "relu" else 0.3)

    _check_grid(grid_search, {"lr": [0.01, 0.05], "units": [16, 64, 256], "activation": ["tanh", "relu"]},
                three, " (hidden)")
    _check_grid(grid_search, {"a": [1, 2, 3], "b": [4, 5]}, lambda a, b: a + b, " (hidden, best first)")
    _check_grid(grid_search, {"a": [1, 2, 3], "b": [4, 5]}, lambda a, b: -(a + b), " (hidden, best last)")
    _check_grid(grid_search, {"a": [7], "b": ["x"]}, lambda a, b: 1.0, " (hidden, one value each)")


class _Sampler:
    """A sampler ``space[name](rng)`` that records the generator it receives and its values."""

    def __init__(self, draw: Callable[[np.random.Generator], Any]):
        self.draw = draw
        self.rngs: list[Any] = []
        self.values: list[Any] = []

    def __call__(self, rng):
        self.rngs.append(rng)
        if not isinstance(rng, np.random.Generator):
            fail(f"a sampler of the space was called with {fmt(rng)} instead of the rng.",
                 "draw each value as space[name](rng), passing the rng argument.")
        value = self.draw(rng)
        self.values.append(value)
        return value


def _random_formula(lr, units) -> float:
    return float((np.log10(lr) + 2.5) ** 2 + ((units - 40) / 50.0) ** 2)


def _check_random(random_search: Callable, draws: dict[str, Callable], formula: Callable, n_iter: int,
                  seed: int, label: str) -> list[tuple[dict, float]]:
    names = list(draws)
    samplers = {name: _Sampler(draw) for name, draw in draws.items()}
    score = _Score(formula)
    rng = np.random.default_rng(seed)
    what = f"random_search(score, space, n_iter={n_iter}, rng=np.random.default_rng({seed})){label}"
    result, untouched = _global_state_unchanged(
        lambda: call(random_search, score, dict(samplers), n_iter, rng, what=what))
    best, results = _results(result, what, names)
    if not untouched:
        fail(f"{what} changed the global np.random state.",
             "draw every value with space[name](rng); never use np.random.* directly.")
    if len(results) != n_iter:
        fail(f"results from {what} hold {len(results)} settings; expected n_iter = {n_iter}.",
             "try exactly n_iter settings: for _ in range(n_iter).")
    for name, sampler in samplers.items():
        if any(r is not rng for r in sampler.rngs):
            fail(f"{what} called the sampler of {name!r} with another generator than rng.",
                 "pass the rng argument to every sampler, space[name](rng); do not make a new generator.")
        if len(sampler.values) < n_iter:
            fail(f"{what} drew only {len(sampler.values)} values of {name!r} for {n_iter} settings.",
                 "sample new values in every iteration: call space[name](rng) inside the loop.")
    for i, (params, _) in enumerate(results):
        for name in names:
            if not any(_same_value(params[name], v) for v in samplers[name].values):
                fail(f"results[{i}] from {what} has {name} = {fmt(params[name])}, a value the sampler "
                     "never returned.", "use the values returned by space[name](rng) as they are.")
    if n_iter > 1 and len({_key(p, names) for p, _ in results}) == 1:
        fail(f"all {n_iter} settings in results from {what} are the same.",
             "sample new values in every iteration: call space[name](rng) inside the loop.")
    _check_scores_and_best(best, results, formula, what, names)
    return results


_DRAWS = {
    "lr": lambda r: float(10 ** r.uniform(-4, -1)),
    "units": lambda r: int(r.integers(8, 129)),
}


def check_random_search_values(random_search: Callable) -> None:
    """Ten draws: each value from ``space[name](rng)`` with the given ``rng``, each scored once,
    the best (lowest) returned; the same seed gives the same results."""
    first = _check_random(random_search, _DRAWS, _random_formula, 10, 61, "")
    second = _check_random(random_search, _DRAWS, _random_formula, 10, 61, "")
    if [_key(p, ["lr", "units"]) for p, _ in first] != [_key(p, ["lr", "units"]) for p, _ in second]:
        fail("two runs of random_search with fresh generators of the same seed gave different results.",
             "draw only through space[name](rng) with the rng argument.")


def check_random_search_hidden(random_search: Callable) -> None:
    """One iteration, one hyperparameter, a categorical value, many iterations."""
    _check_random(random_search, {"alpha": lambda r: float(r.exponential())}, lambda alpha: (alpha - 1) ** 2,
                  1, 62, " (hidden)")
    choices = ("relu", "tanh", "sigmoid")
    draws = {"activation": lambda r: choices[int(r.integers(3))], "dropout": lambda r: float(r.uniform(0, 0.5))}

    def formula(activation, dropout):
        return {"relu": 0.0, "tanh": 0.2, "sigmoid": 0.5}[activation] + (dropout - 0.2) ** 2

    _check_random(random_search, draws, formula, 12, 63, " (hidden)")
    _check_random(random_search, _DRAWS, _random_formula, 60, 64, " (hidden)")


#: The checks of each contract function, in the order the notebook's test cells call them.
CHECKS: dict[str, tuple[Callable[[Callable], None], ...]] = {
    "k_fold_indices": (check_k_fold_indices_partition, check_k_fold_indices_shuffle, check_k_fold_indices_hidden),
    "cross_val_score": (check_cross_val_score_values, check_cross_val_score_shuffle, check_cross_val_score_hidden),
    "grid_search": (check_grid_search_values, check_grid_search_hidden),
    "random_search": (check_random_search_values, check_random_search_hidden),
}
