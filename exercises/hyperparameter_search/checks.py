r"""Checks of the ``hyperparameter_search`` assignment: ``k_fold_indices``, ``cross_val_score``,
``grid_search``, ``random_search``.

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

Each ``check_*`` takes the student's function, calls it on a few inputs of different shapes and
fails with one paragraph ending in ``Hint: ...`` when the behaviour is wrong. A hint names a
cause only when a mistake of ``mistakes.py`` reproduces the student's results on every input of
the check (:mod:`paramcourse.grading.diagnosis`); otherwise it says what was observed.

The checks never assume one particular fold order or iteration order: they hand the student's
code recording callables (a ``fit_predict`` that records the rows it is given, a ``score`` that
records its calls, samplers that record the generator they receive) and judge the results
against those records. A catalogued mistake is run on the same inputs with fresh recorders and
copies of the same generators (:func:`_run_fresh`), and compared with what the student's calls
returned.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from paramcourse.grading.bundle import mistakes_beside
from paramcourse.grading.compare import (
    assert_close,
    call,
    check_cases,
    check_pure,
    close,
    describe,
    fail,
    fmt,
    to_array,
    to_float,
    to_index_array,
)
from paramcourse.grading.diagnosis import Case, explain, run_case, same

MISTAKES = mistakes_beside(__file__)

KFOLD_RULE = ("split np.arange(n_samples) (shuffled with rng.permutation(n_samples) when rng is given) "
              "into k nearly equal parts, e.g. with np.array_split; each part is once the validation "
              "fold and the other samples are its training set")
CV_FORMULA = ("for the i-th fold (train_idx, val_idx) of k_fold_indices(len(y), k, rng), score i = "
              "mean((fit_predict(X[train_idx], y[train_idx], X[val_idx]) - y[val_idx])**2); return the "
              "k scores in fold order")
GRID_FORMULA = ("results holds (params, score(**params)) for every combination of the grid's values "
                "(itertools.product), and best is the params with the lowest score")
RANDOM_FORMULA = ("in each of the n_iter trials draw params = {name: space[name](rng) for name in space} "
                  "and store (params, score(**params)); best is the params with the lowest score")

# ------------------------------------------------------------------------ the worked example


def least_squares_fit_predict(X_train: np.ndarray, y_train: np.ndarray, X_val: np.ndarray) -> np.ndarray:
    """The example's model: fit ``y = X @ w + b`` by least squares on the training rows, predict ``X_val``."""
    A = np.column_stack([X_train, np.ones(len(X_train))])
    theta = np.linalg.lstsq(A, y_train, rcond=None)[0]
    return np.column_stack([X_val, np.ones(len(X_val))]) @ theta


def _cv_data(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = X @ np.array([1.5, -2.0]) + 0.5 + rng.normal(size=n)
    return X, y


def grid_score(learning_rate: float, depth: int) -> float:
    """The example's score for grid search (lowest at learning_rate = 0.01, depth = 3)."""
    return float((np.log10(learning_rate) + 2.0) ** 2 + 0.5 * (depth - 3) ** 2 + 0.01 * depth)


def draw_learning_rate(rng: np.random.Generator) -> float:
    """A log-uniform learning rate between 1e-4 and 1e-1."""
    return float(10 ** rng.uniform(-4, -1))


def draw_units(rng: np.random.Generator) -> int:
    """A whole number of units between 8 and 128."""
    return int(rng.integers(8, 129))


def space_score(lr: float, units: int) -> float:
    """The example's score for random search."""
    return float((np.log10(lr) + 2.5) ** 2 + ((units - 40) / 50.0) ** 2)


class Example(NamedTuple):
    """The notebook's worked example: the first input of each visible check."""

    n_samples: int  # k_fold_indices(n_samples, k)
    k: int
    X: np.ndarray  # cross_val_score(fit_predict, X, y, k_cv)
    y: np.ndarray
    k_cv: int
    fit_predict: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
    grid: dict[str, list]  # grid_search(grid_score, grid)
    grid_score: Callable[..., float]
    space: dict[str, Callable[[np.random.Generator], Any]]  # random_search(space_score, space, n_iter, rng)
    space_score: Callable[..., float]
    n_iter: int
    seed: int  # rng = np.random.default_rng(seed)


_X_EXAMPLE, _Y_EXAMPLE = _cv_data(51, 20)
EXAMPLE = Example(
    n_samples=10, k=3,
    X=_X_EXAMPLE, y=_Y_EXAMPLE, k_cv=4, fit_predict=least_squares_fit_predict,
    grid={"learning_rate": [0.1, 0.01, 0.001], "depth": [1, 3, 5]}, grid_score=grid_score,
    space={"lr": draw_learning_rate, "units": draw_units}, space_score=space_score, n_iter=10, seed=61,
)

# ------------------------------------------------------------------- recording callables


class _Recorder:
    """Base of the recording callables handed to the student's code.

    A deep copy of a recorder is the recorder itself, so that when a check calls the student's
    function on fresh copies of a case's arguments (``Case.fresh``) the recorder in the case sees
    the calls; catalogued mistakes get new recorders instead (:func:`_run_fresh`).
    """

    def __deepcopy__(self, memo: dict) -> _Recorder:
        return self


class _FitPredict(_Recorder):
    """A ``fit_predict`` that records which rows of ``X`` it was given and predicts by least squares.

    It never fails inside the student's call: what is wrong with its arguments is written in
    ``problems`` and reported by the check afterwards (where a cause can be diagnosed).
    """

    def __init__(self, X: np.ndarray, y: np.ndarray) -> None:
        self.X, self.y = X, y
        self.row_of = {np.asarray(X[i], dtype=np.float64).tobytes(): i for i in range(X.shape[0])}
        self.calls: list[dict[str, Any]] = []
        self.problems: list[str] = []

    def fresh(self) -> _FitPredict:
        return _FitPredict(self.X, self.y)

    def _rows(self, A: Any, name: str) -> np.ndarray | None:
        d = self.X.shape[1]
        if type(A) is not np.ndarray or A.ndim != 2 or A.shape[1] != d or A.dtype.kind not in "iuf":
            self.problems.append(f"fit_predict received as {name} {describe(A)}, not a 2-D array with {d} columns")
            return None
        rows = []
        for row in A.astype(np.float64):
            i = self.row_of.get(row.tobytes())
            if i is None:
                self.problems.append(f"fit_predict received as {name} an array with a row that is not a row of X")
                return None
            rows.append(i)
        return np.array(rows, dtype=np.int64)

    def __call__(self, X_train: Any, y_train: Any, X_val: Any) -> np.ndarray:
        train, val = self._rows(X_train, "X_train"), self._rows(X_val, "X_val")
        y_fit = None
        if type(y_train) is not np.ndarray or y_train.ndim != 1 or y_train.dtype.kind not in "iuf":
            self.problems.append(f"fit_predict received as y_train {describe(y_train)}, not a 1-D array of numbers")
        elif train is not None and y_train.shape[0] != train.size:
            self.problems.append(f"fit_predict received {y_train.shape[0]} targets in y_train for "
                                 f"{train.size} rows of X_train")
        else:
            y_fit = np.array(y_train, dtype=np.float64)
        if train is not None and val is not None and y_fit is not None:
            prediction = least_squares_fit_predict(self.X[train], y_fit, self.X[val])
        else:
            prediction = np.zeros(val.size if val is not None else 0)
        self.calls.append({"train": train, "val": val, "y_train": y_fit, "pred": prediction.copy()})
        return prediction


class _Score(_Recorder):
    """A score to minimize that records its calls; it must be called with keyword arguments, the
    names of the grid (or space). A wrong call is noted in ``problems`` and answered with NaN."""


    def __init__(self, formula: Callable[..., float], names: list[str]) -> None:
        self.formula, self.names = formula, list(names)
        self.calls: list[tuple[dict[str, Any], float]] = []
        self.problems: list[str] = []

    def fresh(self) -> _Score:
        return _Score(self.formula, self.names)

    def __call__(self, *args: Any, **params: Any) -> float:
        if args:
            shown = ", ".join(fmt(a) for a in args[:4]) + (", ..." if len(args) > 4 else "")
            self.problems.append(f"score was called with positional arguments, score({shown})")
            return float("nan")
        if sorted(params) != sorted(self.names):
            self.problems.append(f"score was called with the names {sorted(params)}; the hyperparameters "
                                 f"are {sorted(self.names)}")
            return float("nan")
        try:
            value = float(self.formula(**params))
        except Exception:
            self.problems.append(f"score was called with values it cannot use, score(**{fmt(params)})")
            return float("nan")
        self.calls.append((dict(params), value))
        return value


class _Sampler(_Recorder):
    """A sampler ``space[name](rng)`` that records the state of the generator it receives and the
    values it returns; the samplers of one space share one ``log``, in call order."""


    def __init__(self, name: str, draw: Callable[[np.random.Generator], Any], log: list[dict[str, Any]]) -> None:
        self.name, self.draw, self.log = name, draw, log
        self.values: list[Any] = []

    def fresh(self, log: list[dict[str, Any]]) -> _Sampler:
        return _Sampler(self.name, self.draw, log)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        rng = args[0] if len(args) == 1 and not kwargs else None
        if type(rng) is not np.random.Generator:
            given = ", ".join([*(describe(a) for a in args), *(f"{k}={describe(v)}" for k, v in kwargs.items())])
            self.log.append({"problem": f"the sampler of {self.name!r} was called with ({given or 'nothing'}) "
                                        "instead of the generator rng"})
            value = self.draw(np.random.default_rng(0))
        else:
            self.log.append({"name": self.name, "state": rng.bit_generator.state})
            value = self.draw(rng)
        self.values.append(value)
        return value


def _renew(value: Any) -> Any:
    """A fresh recorder in place of a case's recorder (a space gets new samplers sharing a new log)."""
    if isinstance(value, (_FitPredict, _Score)):
        return value.fresh()
    if type(value) is dict and value and all(isinstance(v, _Sampler) for v in value.values()):
        log: list[dict[str, Any]] = []
        return {name: sampler.fresh(log) for name, sampler in value.items()}
    return value


def _run_fresh(func: Callable[..., Any], case: Case) -> Any:
    """How a catalogued mistake (or a reference) is run on a case: fresh copies of the arrays and
    generators, and fresh recording callables, so that the case's own recorders keep what the
    student's call did."""
    args, kwargs = case.fresh()
    return func(*(_renew(a) for a in args), **{key: _renew(v) for key, v in kwargs.items()})


_GLOBAL_SEED = 2468


def _seeded(thunk: Callable[[], Any]) -> tuple[Any, bool]:
    """Run ``thunk()`` with the global np.random seeded; return its result and whether the global
    state was left alone. The caller's global state is restored afterwards."""
    saved = np.random.get_state()
    try:
        np.random.seed(_GLOBAL_SEED)
        before = np.random.get_state()
        result = thunk()
        after = np.random.get_state()
    finally:
        np.random.set_state(saved)
    untouched = before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]
    return result, bool(untouched)


def _seeded_run(func: Callable[..., Any], case: Case) -> Any:
    """Run ``func`` on a case as the k-fold checks call the student: with the global np.random
    seeded, so that a mistake drawing from it draws what the student's code drew."""
    return _seeded(lambda: run_case(func, case))[0]


def _diagnosed(judge: Callable[[], None], cases: list[Case], outputs: list[Any], target: str,
               run: Callable[[Callable, Case], Any], agree: Callable[[Any, Any], bool] = same,
               is_right: Callable[[Case, Any], bool] | None = None) -> None:
    """Run ``judge()``, which fails (:func:`fail`) with what it observed; keep that message, and name a
    cause only when a catalogued mistake reproduces ``outputs`` on every case."""
    try:
        judge()
        return
    except AssertionError as error:
        message, hint = getattr(error, "message", None), getattr(error, "hint", None)
        if message is None:
            raise
    cause = explain(cases, outputs, MISTAKES, target, run=run, agree=agree, is_right=is_right)
    fail(message, cause.hint if cause else hint, cause=cause.name if cause else None)


# ----------------------------------------------------------------------------- k_fold_indices


def _k_fold_reference(n_samples: int, k: int, rng: np.random.Generator | None = None) -> list:
    indices = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    folds = np.array_split(indices, k)
    return [(np.concatenate(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]


def _kinds(value: Any) -> Any:
    """The kind of number of each index array in a k-fold result (``"int"``, ``"float"``, ...)."""
    if isinstance(value, np.ndarray):
        if value.size == 0:
            return "empty"
        return {"i": "int", "u": "int", "f": "float"}.get(value.dtype.kind, "other")
    if isinstance(value, (list, tuple)):
        if not value:
            return "empty"
        numbers = (int, float, np.integer, np.floating)
        if all(isinstance(v, numbers) and not isinstance(v, (bool, np.bool_)) for v in value):
            kinds = {"float" if isinstance(v, (float, np.floating)) else "int" for v in value}
            return kinds.pop() if len(kinds) == 1 else "mixed"
        return tuple(_kinds(v) for v in value)
    return type(value).__name__


def _same_split(got: Any, other: Any) -> bool:
    """Two k-fold results agree: the same index values and the same kinds of numbers (a float index
    array is not an integer one, though its values are equal)."""
    return same(got, other) and _kinds(got) == _kinds(other)


def _kfold_case(n: int, k: int, seed: int | None = None) -> Case:
    if seed is None:
        return Case(f"k_fold_indices({n}, {k})", (n, k))
    return Case(f"k_fold_indices({n}, {k}, rng=np.random.default_rng({seed}))", (n, k),
                {"rng": np.random.default_rng(seed)})


def _kfold_outputs(k_fold_indices: Callable, cases: list[Case]) -> tuple[list[Any], list[bool]]:
    """The student's results on every case (each call with the global np.random seeded) and, for
    each, whether the global state was left alone."""
    outputs, untouched = [], []
    for case in cases:
        args, kwargs = case.fresh()
        result, clean = _seeded(lambda: call(k_fold_indices, *args, what=case.label, **kwargs))
        outputs.append(result)
        untouched.append(clean)
    return outputs, untouched


def _judge_kfold(judge: Callable[[], None], cases: list[Case], outputs: list[Any]) -> None:
    def is_right(case: Case, value: Any) -> bool:
        return _same_split(value, _seeded_run(_k_fold_reference, case))

    _diagnosed(judge, cases, outputs, "k_fold_indices", _seeded_run, _same_split, is_right)


def _folds(result: Any, what: str, n: int, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Validate the form of a k-fold result and return it as integer arrays."""
    if type(result) not in (list, tuple):
        fail(f"{what} should return a list of (train_idx, val_idx) pairs; got {describe(result)}.",
             "build a list and append one (train_idx, val_idx) tuple per fold.")
    if len(result) != k:
        fail(f"{what} returned {len(result)} folds; expected k = {k}.",
             f"one (train_idx, val_idx) pair per fold: {KFOLD_RULE}.")
    folds = []
    for i, pair in enumerate(result):
        if type(pair) not in (list, tuple) or len(pair) != 2:
            fail(f"fold {i} of {what} should be a pair (train_idx, val_idx); got {describe(pair)}.",
                 "append a tuple (train_idx, val_idx) for each fold, training indices first.")
        train = to_index_array(pair[0], f"train_idx of fold {i} from {what}")
        val = to_index_array(pair[1], f"val_idx of fold {i} from {what}")
        for name, idx in (("train_idx", train), ("val_idx", val)):
            if idx.size and (idx.min() < 0 or idx.max() >= n):
                fail(f"{name} of fold {i} from {what} holds indices outside 0..{n - 1}: {fmt(idx)}.",
                     f"indices refer to samples 0, ..., n_samples - 1; {KFOLD_RULE}.")
        folds.append((train, val))
    return folds


def _check_partition(folds: list[tuple[np.ndarray, np.ndarray]], what: str, n: int,
                     train_name: str = "train_idx", val_name: str = "val_idx") -> None:
    """Every sample in exactly one validation fold, sizes within one, training set = the rest."""
    counts = np.bincount(np.concatenate([val for _, val in folds]), minlength=n)
    sizes = [int(val.size) for _, val in folds]
    if np.any(counts > 1):
        sample = int(np.argmax(counts > 1))
        fail(f"the validation folds of {what} overlap: sample {sample} is in {int(counts[sample])} of them "
             f"(fold sizes {sizes}).", f"every sample is in exactly one validation fold: {KFOLD_RULE}.")
    if np.any(counts == 0):
        missing = np.flatnonzero(counts == 0)
        fail(f"the validation folds of {what} miss {missing.size} of the {n} samples ({fmt(missing[:5])}"
             f"{', ...' if missing.size > 5 else ''}); the fold sizes are {sizes}.",
             f"every sample is in exactly one validation fold: {KFOLD_RULE}.")
    if max(sizes) - min(sizes) > 1:
        fail(f"the validation folds of {what} have sizes {sizes}; they should differ by at most one.",
             "with n_samples = q * k + r, r folds hold q + 1 samples and the other k - r folds hold q "
             "(np.array_split(indices, k) does this).")
    for i, (train, val) in enumerate(folds):
        shared = np.intersect1d(train, val)
        if shared.size:
            fail(f"in fold {i} of {what}, {shared.size} of the {val.size} validation samples are also in "
                 f"{train_name} (e.g. sample {int(shared[0])}).",
                 f"{train_name} holds exactly the samples outside the validation fold: {KFOLD_RULE}.")
        if np.unique(train).size != train.size or np.union1d(train, val).size != n:
            fail(f"in fold {i} of {what}, {train_name} has {train.size} entries ({np.unique(train).size} "
                 f"distinct) for the {n - val.size} samples outside the validation fold.",
                 f"{train_name} holds every sample not in {val_name}, each once, e.g. np.concatenate of the "
                 "other folds or np.setdiff1d(np.arange(n_samples), val_idx).")


def _unshuffled(vals: list[np.ndarray]) -> bool:
    """The validation folds are consecutive blocks, in order: the split of np.arange(n)."""
    order = np.concatenate([np.sort(val) for val in vals])
    return all(np.all(np.diff(np.sort(val)) == 1) for val in vals) and bool(np.all(np.diff(order) > 0))


def _equal_folds(a: list, b: list) -> bool:
    return len(a) == len(b) and all(
        np.array_equal(ta, tb) and np.array_equal(va, vb) for (ta, va), (tb, vb) in zip(a, b))


def _judge_partitions(cases: list[Case], outputs: list[Any]) -> list[list[tuple[np.ndarray, np.ndarray]]]:
    splits = []
    for case, output in zip(cases, outputs):
        n, k = case.args
        folds = _folds(output, case.label, n, k)
        _check_partition(folds, case.label, n)
        splits.append(folds)
    return splits


#: The visible partitions: the example first, then remainders of 0, 1 and 3.
_PARTITIONS = ((EXAMPLE.n_samples, EXAMPLE.k), (10, 5), (12, 4), (11, 4))


def check_k_fold_indices_partition(k_fold_indices: Callable) -> None:
    """Without ``rng``: ``k`` pairs of integer index arrays; every sample in exactly one
    validation fold; sizes within one; training set = the other samples."""
    cases = [_kfold_case(n, k) for n, k in _PARTITIONS]
    outputs, _ = _kfold_outputs(k_fold_indices, cases)
    _judge_kfold(lambda: _judge_partitions(cases, outputs), cases, outputs)


def check_k_fold_indices_shuffle(k_fold_indices: Callable) -> None:
    """With ``rng``: still a partition, shuffled, reproducible with the same seed, different with
    another, drawn from ``rng`` only; without ``rng``: deterministic."""
    cases = [_kfold_case(30, 3, 5), _kfold_case(30, 3, 5), _kfold_case(30, 3, 6), _kfold_case(13, 4, 7),
             _kfold_case(30, 3), _kfold_case(30, 3)]
    outputs, untouched = _kfold_outputs(k_fold_indices, cases)
    first, again, other, small, plain, plain_again = cases

    def judge() -> None:
        splits = _judge_partitions(cases, outputs)
        for case, clean in zip(cases, untouched):
            if not clean:
                fail(f"{case.label} changed the global np.random state.",
                     "draw the permutation from the rng argument, rng.permutation(n_samples); never call "
                     "np.random.* functions.")
        for i in (0, 3):
            if _unshuffled([val for _, val in splits[i]]):
                fail(f"the validation folds of {cases[i].label} are the consecutive blocks of an unshuffled "
                     f"split (the first is {fmt(splits[i][0][1])}).",
                     "when rng is given, shuffle the indices first: indices = rng.permutation(n_samples).")
        if not _equal_folds(splits[0], splits[1]):
            fail(f"two calls of {first.label} with fresh generators of the same seed gave different folds.",
                 "draw the shuffle from the rng argument only, so that the same seed gives the same folds.")
        if _equal_folds(splits[0], splits[2]):
            fail(f"{first.label} and {other.label} gave the same folds: the split does not depend on the "
                 "seed of rng.", "shuffle with the rng argument: indices = rng.permutation(n_samples).")
        if not _equal_folds(splits[4], splits[5]):
            fail(f"two calls of {plain.label} (no rng) gave different folds.",
                 "without rng the split is not random: split np.arange(n_samples) in order.")

    _judge_kfold(judge, cases, outputs)


# ---------------------------------------------------------------------------- cross_val_score


def _cv_case(X: np.ndarray, y: np.ndarray, k: int, label: str, seed: int | None = None) -> Case:
    kwargs = {} if seed is None else {"rng": np.random.default_rng(seed)}
    shown = f"k = {k}" + ("" if seed is None else f", rng=np.random.default_rng({seed})")
    return Case(f"{label} with {shown}", (_FitPredict(X, y), X, y, k), kwargs)


def _fold_mses(case: Case) -> np.ndarray:
    """The validation MSE of the predictions fit_predict returned, one per call, in call order."""
    recorder, y = case.args[0], case.args[2]
    scores = []
    for c in recorder.calls:
        ok = c["val"] is not None and c["pred"].shape == (c["val"].size,)
        scores.append(float(np.mean((c["pred"] - y[c["val"]]) ** 2)) if ok else math.nan)
    return np.array(scores)


def _is_one_number(value: Any) -> bool:
    return type(value) in (int, float) or isinstance(value, (np.floating, np.integer)) or (
        type(value) is np.ndarray and value.ndim == 0)


def _convert_cv(result: Any, case: Case, what: str) -> np.ndarray:
    """Judge what the recording fit_predict saw, then return the scores as an array of shape (k,)."""
    recorder, X, y, k = case.args
    n = len(y)
    if recorder.problems:
        fail(f"in {what}, {recorder.problems[0]}.",
             "call fit_predict(X[train_idx], y[train_idx], X[val_idx]) with the rows of X and y themselves, "
             "indexed by the folds of k_fold_indices.")
    if len(recorder.calls) != k:
        fail(f"{what} called fit_predict {len(recorder.calls)} times; expected once per fold (k = {k}).",
             "for each of the k folds, call fit_predict(X[train_idx], y[train_idx], X[val_idx]) once.")
    folds = [(c["train"], c["val"]) for c in recorder.calls]
    _check_partition(folds, f"{what} (the rows given to fit_predict)", n, "X_train", "X_val")
    for i, c in enumerate(recorder.calls):
        if not np.array_equal(c["y_train"], y[c["train"]]):
            fail(f"in call {i} of fit_predict by {what}, y_train is not y at the rows of X_train.",
                 "index X and y with the same train_idx: fit_predict(X[train_idx], y[train_idx], X[val_idx]).")
    if "rng" in case.kwargs and _unshuffled([val for _, val in folds]):
        fail(f"{what} validated on consecutive blocks of rows, in order (an unshuffled split), although "
             "rng was given.", "with rng, the folds are those of k_fold_indices(len(y), k, rng), which shuffles "
             "the samples: pass rng on.")
    if _is_one_number(result):
        fail(f"{what} returned a single number, {fmt(result)}; expected one score per fold (k = {k}).",
             "return an array with the validation MSE of each fold, in the order of the folds.")
    scores = to_array(result, f"the scores from {what}", (k,), f"one score per fold, k = {k}")
    expected = _fold_mses(case)
    if not close(scores, expected, rtol=1e-9, atol=1e-12) and close(np.sort(scores), np.sort(expected),
                                                                    rtol=1e-9, atol=1e-12):
        fail(f"the scores from {what} are the validation MSEs of the folds in another order: expected "
             f"{fmt(expected)} (in the order of the calls of fit_predict), got {fmt(scores)}.",
             "score i belongs to the i-th fold, the i-th call of fit_predict: keep that order.")
    return scores


def _check_cv(cross_val_score: Callable, cases: list[Case]) -> None:
    check_cases(cross_val_score, "cross_val_score", cases, _fold_mses, formula=CV_FORMULA, catalogue=MISTAKES,
                convert=_convert_cv, rtol=1e-9, atol=1e-12,
                run=_run_fresh)


def _check_cv_rng(cross_val_score: Callable, cases: list[Case]) -> None:
    """:func:`_check_cv`, then: the global np.random state untouched."""
    _, untouched = _seeded(lambda: _check_cv(cross_val_score, cases))
    if not untouched:
        fail(f"cross_val_score changed the global np.random state (on {', '.join(c.label for c in cases)}).",
             "pass rng on to k_fold_indices, which shuffles with rng.permutation; never call np.random.* "
             "functions.")


def check_cross_val_score_values(cross_val_score: Callable) -> None:
    """Without ``rng``: one call of ``fit_predict`` per fold on disjoint train/validation rows,
    and the validation MSE of each fold, in order (the example and a second case)."""
    X, y = _cv_data(52, 13)
    cases = [_cv_case(EXAMPLE.X, EXAMPLE.y, EXAMPLE.k_cv, "the example (X_example, y_example, n = 20)"),
             _cv_case(X, y, 3, "a second case with n = 13 samples")]
    _check_cv(cross_val_score, cases)


def check_cross_val_score_shuffle(cross_val_score: Callable) -> None:
    """With ``rng``: the folds are shuffled, reproducible with the same seed, drawn from ``rng``
    only."""
    X, y = _cv_data(53, 24)
    X_small, y_small = _cv_data(56, 15)
    cases = [_cv_case(X, y, 3, "n = 24 samples", 9), _cv_case(X, y, 3, "n = 24 samples", 9),
             _cv_case(X_small, y_small, 4, "n = 15 samples", 11)]
    _check_cv_rng(cross_val_score, cases)
    first, again = (case.args[0].calls for case in cases[:2])
    if not all(np.array_equal(a["val"], b["val"]) for a, b in zip(first, again)):
        fail(f"two calls of cross_val_score on {cases[0].label} (fresh generators of the same seed) "
             "validated on different folds.", "shuffle only through rng: pass it on to k_fold_indices.")


# -------------------------------------------------------------------------------- grid_search


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
        fail(f"{what} should be a dict of hyperparameters; got {describe(value)}.",
             "represent each setting as a dict such as {'learning_rate': 0.1, 'depth': 2}.")
    if sorted(map(str, value)) != sorted(names) or any(type(key) is not str for key in value):
        fail(f"{what} has the keys {sorted(map(str, value))}; expected {sorted(names)}.",
             "use exactly the names of the grid (or space) as keys.")
    return value


def _results(result: Any, what: str, names: list[str]) -> tuple[dict, list[tuple[dict, float]]]:
    if type(result) not in (tuple, list) or len(result) != 2:
        fail(f"{what} should return a pair (best, results); got {describe(result)}.",
             "end with return best, results.")
    best = _params(result[0], f"best from {what}", names)
    raw = result[1]
    if type(raw) not in (list, tuple):
        fail(f"results from {what} should be a list of (params, score) pairs; got {describe(raw)}.",
             "append (params, score) for every setting tried.")
    out = []
    for i, item in enumerate(raw):
        if type(item) not in (tuple, list) or len(item) != 2:
            fail(f"results[{i}] from {what} should be a pair (params, score); got {describe(item)}.",
                 "append a tuple (params, score) for every setting tried.")
        out.append((_params(item[0], f"the params of results[{i}] from {what}", names),
                    to_float(item[1], f"the score of results[{i}] from {what}")))
    return best, out


def _key(params: dict[str, Any], names: list[str]) -> tuple:
    return tuple((name, params[name] if type(params[name]) is str else to_float(params[name], name))
                 for name in sorted(names))


def _score_problems(score: _Score, what: str) -> None:
    if score.problems:
        fail(f"in {what}, {score.problems[0]}.",
             "call score(**params) with keyword arguments, exactly the names of the grid (or space), so that "
             "each value reaches its hyperparameter.")


def _check_scores_and_best(best: dict, results: list[tuple[dict, float]], formula: Callable, what: str,
                           names: list[str]) -> None:
    for i, (params, value) in enumerate(results):
        assert_close(value, float(formula(**params)), f"the score of results[{i}] ({fmt(params)}) from {what}",
                     "store each setting with the value score(**params) returned for it.", rtol=1e-12, atol=0.0)
    values = [value for _, value in results]
    low = min(values)
    keys = [_key(params, names) for params, _ in results]
    best_key = _key(best, names)
    if best_key in {key for key, value in zip(keys, values) if value == low}:
        return
    if best_key not in keys:
        notes = ["best is not one of the settings in results"]
    else:
        highest = best_key in {key for key, value in zip(keys, values) if value == max(values)}
        notes = [f"the score of best is {fmt(values[keys.index(best_key)])}{', the highest in results' if highest else ''}"]
        if best_key == keys[-1]:
            notes.append("best is the last setting in results")
    fail(f"best from {what} is {fmt(best)}, but the lowest score in results, {fmt(low)}, belongs to "
         f"{fmt(results[values.index(low)][0])} ({'; '.join(notes)}).",
         "the score is minimized: best is the params with the lowest score in results.")


def _grid_case(grid: dict[str, list], formula: Callable, label: str) -> Case:
    return Case(f"{label} ({fmt(grid)})", (_Score(formula, list(grid)), {k: list(v) for k, v in grid.items()}))


def _grid_best(case: Case) -> dict[str, float]:
    score, grid = case.args
    names = list(grid)
    return {"the score of best": min(float(score.formula(**dict(zip(names, values))))
                                     for values in itertools.product(*grid.values()))}


def _convert_grid(result: Any, case: Case, what: str) -> dict[str, float]:
    """Judge the combinations, the scores and best; return the score of best."""
    score, grid = case.args
    names = list(grid)
    _score_problems(score, what)
    best, results = _results(result, what, names)
    combos = [dict(zip(names, values)) for values in itertools.product(*grid.values())]
    wanted = [_key(c, names) for c in combos]
    got = [_key(p, names) for p, _ in results]
    if sorted(got) != sorted(wanted):
        notes = []
        missing = [c for c, key in zip(combos, wanted) if key not in got]
        if missing:
            notes.append(f"{len(missing)} combinations are missing, e.g. {fmt(missing[0])}")
        repeated = [p for (p, _), key in zip(results, got) if got.count(key) > 1]
        if repeated:
            count = len({_key(p, names) for p in repeated})
            notes.append(f"{count} {'is' if count == 1 else 'are'} there more than once, e.g. {fmt(repeated[0])}")
        foreign = [p for (p, _), key in zip(results, got) if key not in wanted]
        if foreign:
            notes.append(f"{len(foreign)} are not combinations of the grid, e.g. {fmt(foreign[0])}")
        fail(f"results from {what} hold {len(results)} settings; the grid has {len(combos)} combinations "
             f"({'; '.join(notes)}).",
             "results hold every combination of the grid's values exactly once: "
             "itertools.product(*grid.values()) gives them.")
    called = {_key(params, names) for params, _ in score.calls}
    if not set(wanted) <= called:
        skipped = next(c for c, key in zip(combos, wanted) if key not in called)
        fail(f"{what} did not call score for every combination (not for {fmt(skipped)}).",
             "compute each result with score(**params).")
    _check_scores_and_best(best, results, score.formula, what, names)
    return {"the score of best": float(score.formula(**best))}


def _check_grid(grid_search: Callable, cases: list[Case]) -> None:
    check_cases(grid_search, "grid_search", cases, _grid_best, formula=GRID_FORMULA, catalogue=MISTAKES,
                convert=_convert_grid, rtol=1e-12, atol=0.0, run=_run_fresh)


def check_grid_search_values(grid_search: Callable) -> None:
    """The example's 3 x 3 grid over ``learning_rate`` and ``depth`` and a second 2 x 4 grid: every
    combination once, its score, and the best (lowest) one."""
    cases = [_grid_case(EXAMPLE.grid, EXAMPLE.grid_score, "the example grid_example"),
             _grid_case({"depth": [4, 3, 2, 5], "learning_rate": [0.001, 0.03]}, grid_score, "a second grid")]
    _check_grid(grid_search, cases)


# ------------------------------------------------------------------------------ random_search


def _random_case(draws: dict[str, Callable], formula: Callable, n_iter: int, seed: int, label: str) -> Case:
    log: list[dict[str, Any]] = []
    space = {name: _Sampler(name, draw, log) for name, draw in draws.items()}
    return Case(f"{label} (n_iter={n_iter}, rng=np.random.default_rng({seed}))",
                (_Score(formula, list(draws)), space, n_iter, np.random.default_rng(seed)))


def _random_best(case: Case) -> dict[str, float]:
    values = [value for _, value in case.args[0].calls]
    return {"the score of best": min(values) if values else math.nan}


def _convert_random(result: Any, case: Case, what: str) -> dict[str, float]:
    """Judge the draws, the settings, the scores and best; return the score of best."""
    score, space, n_iter, rng = case.args
    names = list(space)
    log = next(iter(space.values())).log
    problems = [entry["problem"] for entry in log if "problem" in entry]
    if problems:
        fail(f"in {what}, {problems[0]}.", "draw each value as space[name](rng), passing the rng argument itself.")
    _score_problems(score, what)
    best, results = _results(result, what, names)
    if len(results) != n_iter:
        fail(f"results from {what} hold {len(results)} settings; expected n_iter = {n_iter}.",
             "try exactly n_iter settings: for _ in range(n_iter).")
    draws = [entry for entry in log if "state" in entry]
    if draws and draws[0]["state"] != rng.bit_generator.state:
        fail(f"in {what}, the first call of a sampler received a generator in another state than the rng "
             "passed to random_search.",
             "pass the rng argument itself to every sampler, space[name](rng), and draw nothing else from it.")
    for name, sampler in space.items():
        if len(sampler.values) < n_iter:
            fail(f"{what} drew {len(sampler.values)} value(s) of {name!r} for {n_iter} settings.",
                 "draw new values for every trial: call space[name](rng) for each name in each of the n_iter "
                 "iterations.")
    for i, (params, _) in enumerate(results):
        for name in names:
            if not any(_same_value(params[name], v) for v in space[name].values):
                fail(f"results[{i}] from {what} has {name} = {fmt(params[name])}, a value the sampler never "
                     "returned.", "use the values returned by space[name](rng) as they are.")
    if n_iter > 1 and len({_key(params, names) for params, _ in results}) == 1:
        fail(f"all {n_iter} settings in results from {what} are the same.",
             "draw new values for every trial: call space[name](rng) inside the loop.")
    _check_scores_and_best(best, results, score.formula, what, names)
    return {"the score of best": float(score.formula(**best))}


def _check_random(random_search: Callable, cases: list[Case]) -> None:
    """Every case through check_cases (with the global np.random seeded), then: the global state
    untouched."""
    _, untouched = _seeded(lambda: check_cases(
        random_search, "random_search", cases, _random_best, formula=RANDOM_FORMULA, catalogue=MISTAKES,
        convert=_convert_random, rtol=1e-12, atol=0.0, run=_run_fresh))
    if not untouched:
        fail(f"random_search changed the global np.random state (on {', '.join(c.label for c in cases)}).",
             "draw every value with space[name](rng); never call np.random.* functions.")


def check_random_search_values(random_search: Callable) -> None:
    """Ten draws on the example and six on a second case: each value from ``space[name](rng)``
    with the given ``rng``, each scored, the best (lowest) returned; the same seed gives the same
    results."""
    cases = [_random_case(EXAMPLE.space, EXAMPLE.space_score, EXAMPLE.n_iter, EXAMPLE.seed,
                          "the example space_example"),
             _random_case(EXAMPLE.space, EXAMPLE.space_score, 6, 65, "a second case with space_example"),
             _random_case(EXAMPLE.space, EXAMPLE.space_score, EXAMPLE.n_iter, EXAMPLE.seed,
                          "the example space_example, called again")]
    _check_random(random_search, cases)
    first, again = ([sampler.values for sampler in case.args[1].values()] for case in (cases[0], cases[2]))
    if not same(first, again):
        fail(f"two calls of random_search on {cases[0].label} (fresh generators of the same seed) drew "
             "different values.", "draw only through space[name](rng) with the rng argument.")




#: The checks of each contract function, in the order the notebook's test cells call them.
CHECKS: dict[str, tuple[str, ...]] = {
    "k_fold_indices": ("check_k_fold_indices_partition", "check_k_fold_indices_shuffle", "check_k_fold_indices_hidden"),
    "cross_val_score": ("check_cross_val_score_values", "check_cross_val_score_shuffle", "check_cross_val_score_hidden"),
    "grid_search": ("check_grid_search_values", "check_grid_search_hidden"),
    "random_search": ("check_random_search_values", "check_random_search_hidden"),
}
