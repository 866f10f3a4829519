r"""Hyperparameter search: k-fold splits, cross-validation, grid and random search, nested
cross-validation and successive halving.

The first four functions are the reference versions of the graded assignment
``hyperparameter_search`` (same names, signatures and meanings); the book uses them. Every
search *minimizes* a score, here a validation mean squared error

.. math:: \mathrm{MSE}_i = \frac{1}{|V_i|} \sum_{j \in V_i} (\hat y_j - y_j)^2

of fold :math:`i` with validation rows :math:`V_i`. A *setting* is a ``dict`` that maps
hyperparameter names to values, passed to the scored function as keyword arguments.

Randomness comes only from an explicit ``rng`` (:class:`numpy.random.Generator`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ._validation import as_xy, check_callable, check_count, check_positive, check_rng

__all__ = [
    "cross_val_score",
    "grid_search",
    "k_fold_indices",
    "mean_cv_score",
    "nested_cross_val_score",
    "polynomial_ridge",
    "random_search",
    "successive_halving",
]


def k_fold_indices(
    n_samples: int, k: int, rng: np.random.Generator | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Indices of a k-fold split.

    The indices :math:`0, \\dots, n-1` (shuffled first when ``rng`` is given, with
    ``rng.permutation(n_samples)``) are cut into ``k`` consecutive folds; the first
    ``n_samples % k`` folds hold one sample more than the others, as in scikit-learn's
    ``KFold``. Fold ``i`` is the validation set of split ``i``, and every other sample is in
    its training set, so every sample is validated exactly once.

    Parameters
    ----------
    n_samples : int
        Number of samples ``n >= 2``.
    k : int
        Number of folds, ``2 <= k <= n_samples``.
    rng : numpy.random.Generator, optional
        Shuffles the samples; without it the folds are contiguous blocks in order
        (``KFold(k, shuffle=False)``).

    Returns
    -------
    list of (train_idx, val_idx)
        ``k`` pairs of integer arrays; ``train_idx`` holds every sample not in ``val_idx``
        (in increasing fold order).

    Examples
    --------
    >>> [val.tolist() for _, val in k_fold_indices(7, 3)]
    [[0, 1, 2], [3, 4], [5, 6]]
    """
    n = check_count(n_samples, "n_samples", minimum=2)
    k = check_count(k, "k", minimum=2)
    if k > n:
        raise ValueError(f"k must be at most n_samples = {n}; got k = {k}")
    indices = np.arange(n) if rng is None else check_rng(rng).permutation(n)
    folds = np.array_split(indices, k)
    return [
        (np.concatenate([folds[j] for j in range(k) if j != i]), folds[i]) for i in range(k)
    ]


def _fold_scores(fit_predict: Callable, X: np.ndarray, y: np.ndarray, splits) -> np.ndarray:
    """Validation MSE of ``fit_predict`` on each ``(train_idx, val_idx)`` pair of ``splits``."""
    scores = []
    for train_idx, val_idx in splits:
        prediction = np.asarray(fit_predict(X[train_idx], y[train_idx], X[val_idx]), dtype=float)
        if prediction.shape != (val_idx.size,):
            raise ValueError(
                f"fit_predict must return predictions of shape ({val_idx.size},) for X_val; "
                f"got {prediction.shape}"
            )
        scores.append(np.mean((prediction - y[val_idx]) ** 2))
    return np.array(scores)


def mean_cv_score(make_fit_predict: Callable, X, y, splits) -> Callable:
    r"""Return ``score(**params)``, the mean validation MSE of ``make_fit_predict(**params)``.

    .. math:: \mathrm{score}(\theta) = \frac1k \sum_{i=1}^{k} \frac{1}{|V_i|}
              \sum_{j \in V_i} \big(f_\theta(x_j; T_i) - y_j\big)^2

    where :math:`(T_i, V_i)` are the training and validation indices of ``splits`` and
    :math:`f_\theta(\cdot; T_i)` the model with hyperparameters :math:`\theta` fitted on
    :math:`T_i`. The result is the ``score`` that :func:`grid_search` and
    :func:`random_search` minimize.

    Parameters
    ----------
    make_fit_predict : callable
        ``make_fit_predict(**params)`` returns ``fit_predict(X_train, y_train, X_val)``.
    X : array of shape (n, d)
    y : array of shape (n,)
    splits : sequence of (train_idx, val_idx)
        For example :func:`k_fold_indices`.
    """
    X, y = as_xy(X, y)

    def score(**params) -> float:
        return float(np.mean(_fold_scores(make_fit_predict(**params), X, y, splits)))

    return score


def cross_val_score(
    fit_predict: Callable, X, y, k: int, rng: np.random.Generator | None = None
) -> np.ndarray:
    r"""Validation mean squared error of each of the ``k`` folds.

    For each split ``(train_idx, val_idx)`` of :func:`k_fold_indices` ``(n, k, rng)``, the model
    is trained on the training rows and scored on the validation rows:
    :math:`\mathrm{MSE}_i = \operatorname{mean}\big((\texttt{fit\_predict}(X_{T_i}, y_{T_i},
    X_{V_i}) - y_{V_i})^2\big)`. The cross-validation estimate of the error is their mean.

    Parameters
    ----------
    fit_predict : callable
        ``fit_predict(X_train, y_train, X_val)`` fits a model on the training rows and returns
        its predictions for ``X_val``, shape ``(n_val,)``.
    X : array of shape (n, d)
    y : array of shape (n,)
    k : int
        Number of folds.
    rng : numpy.random.Generator, optional
        Shuffles the folds (passed on to :func:`k_fold_indices`).

    Returns
    -------
    ndarray of shape (k,)
        The MSE of each fold, in fold order (scikit-learn's ``cross_val_score`` with
        ``scoring="neg_mean_squared_error"`` and the same folds gives the negatives).
    """
    check_callable(fit_predict, "fit_predict")
    X, y = as_xy(X, y)
    return _fold_scores(fit_predict, X, y, k_fold_indices(X.shape[0], k, rng))


def _best(results: list[tuple[dict, float]]) -> dict:
    # The first setting with the lowest score (ties go to the earlier one, as in scikit-learn).
    return min(results, key=lambda item: item[1])[0]


def grid_search(score: Callable, grid: Mapping[str, Sequence]) -> tuple[dict, list[tuple[dict, float]]]:
    """Minimize ``score(**params)`` over every combination of the values in ``grid``.

    With :math:`m_j` values for hyperparameter :math:`j`, the grid has
    :math:`\\prod_j m_j` combinations, built in the order of :func:`itertools.product` (the last
    name varies fastest).

    Parameters
    ----------
    score : callable
        Called with keyword arguments, one per name in ``grid``; lower is better.
    grid : dict of str to list
        The values to try for each hyperparameter (each list non-empty).

    Returns
    -------
    best : dict
        The combination with the lowest score (the first one on ties).
    results : list of (dict, float)
        Every combination with its score.
    """
    check_callable(score, "score")
    if not isinstance(grid, Mapping) or not grid:
        raise ValueError(f"grid must be a non-empty dict of name -> list of values; got {grid!r}")
    names = list(grid)
    for name in names:
        if isinstance(grid[name], str) or len(grid[name]) == 0:
            raise ValueError(f"grid[{name!r}] must be a non-empty list of values; got {grid[name]!r}")
    results = []
    for values in itertools.product(*(grid[name] for name in names)):
        params = dict(zip(names, values))
        results.append((params, float(score(**params))))
    return _best(results), results


def random_search(
    score: Callable, space: Mapping[str, Callable], n_iter: int, rng: np.random.Generator
) -> tuple[dict, list[tuple[dict, float]]]:
    """Minimize ``score(**params)`` over ``n_iter`` settings drawn from ``space``.

    Trial ``t`` draws ``params[name] = space[name](rng)`` for every name, in the order of
    ``space``, and scores it. The same seed gives the same settings.

    Parameters
    ----------
    score : callable
        Called with keyword arguments; lower is better.
    space : dict of str to callable
        ``space[name](rng)`` draws one value of that hyperparameter, e.g.
        ``lambda rng: 10 ** rng.uniform(-4, 0)`` for a log-uniform penalty.
    n_iter : int
        Number of settings to try.
    rng : numpy.random.Generator
        Passed to every sampler.

    Returns
    -------
    best : dict
    results : list of (dict, float)
    """
    check_callable(score, "score")
    if not isinstance(space, Mapping) or not space:
        raise ValueError(f"space must be a non-empty dict of name -> sampler; got {space!r}")
    for name, sample in space.items():
        check_callable(sample, f"space[{name!r}]")
    n_iter = check_count(n_iter, "n_iter")
    rng = check_rng(rng)
    results = []
    for _ in range(n_iter):
        params = {name: sample(rng) for name, sample in space.items()}
        results.append((params, float(score(**params))))
    return _best(results), results


def nested_cross_val_score(
    make_fit_predict: Callable,
    grid: Mapping[str, Sequence],
    X,
    y,
    k_outer: int = 5,
    k_inner: int = 5,
    rng: np.random.Generator | None = None,
) -> dict[str, Any]:
    r"""Nested cross-validation of "grid search with k-fold cross-validation".

    The outer loop splits the data into ``k_outer`` folds. For outer fold :math:`i`, a grid
    search on the outer *training* rows only picks the setting with the lowest mean inner
    ``k_inner``-fold MSE (every setting sees the same inner folds); that setting is refitted on
    all outer training rows and scored on the outer validation rows, which took no part in the
    choice. The mean outer score estimates the error of the whole procedure, tuning included
    (Varma and Simon, 2006; Cawley and Talbot, 2010). The inner score of each winner is
    reported too: it is the minimum over many noisy estimates, so on average it is optimistic.

    Parameters
    ----------
    make_fit_predict : callable
        ``make_fit_predict(**params)`` returns a ``fit_predict(X_train, y_train, X_val)``
        function (see :func:`cross_val_score`) for one setting.
    grid : dict of str to list
        The settings to search, as in :func:`grid_search`.
    X : array of shape (n, d)
    y : array of shape (n,)
    k_outer, k_inner : int
        Numbers of outer and inner folds.
    rng : numpy.random.Generator, optional
        Shuffles the outer folds and then the inner folds; no shuffling when None.

    Returns
    -------
    dict with ``outer_scores`` (k_outer,) the MSE of each outer fold, ``inner_best_scores``
    (k_outer,) the mean inner CV MSE of each fold's winner, ``best_params`` (list of
    k_outer dicts), and ``score`` the mean of ``outer_scores``.
    """
    check_callable(make_fit_predict, "make_fit_predict")
    X, y = as_xy(X, y)
    outer_scores, inner_best, chosen = [], [], []
    for train_idx, val_idx in k_fold_indices(X.shape[0], k_outer, rng):
        X_tr, y_tr = X[train_idx], y[train_idx]
        inner = k_fold_indices(X_tr.shape[0], k_inner, rng)

        best, results = grid_search(mean_cv_score(make_fit_predict, X_tr, y_tr, inner), grid)
        chosen.append(best)
        inner_best.append(min(s for _, s in results))
        outer = _fold_scores(make_fit_predict(**best), X, y, [(train_idx, val_idx)])
        outer_scores.append(float(outer[0]))
    outer_scores = np.array(outer_scores)
    return {
        "outer_scores": outer_scores,
        "inner_best_scores": np.array(inner_best),
        "best_params": chosen,
        "score": float(outer_scores.mean()),
    }


def successive_halving(
    evaluate: Callable,
    candidates: Sequence[Mapping[str, Any]],
    min_budget: float,
    eta: int = 3,
    max_budget: float | None = None,
) -> dict[str, Any]:
    r"""Successive halving: evaluate many settings cheaply, keep the best, give them more budget.

    Round :math:`r = 0, 1, \dots` evaluates every surviving candidate with budget
    :math:`b_r = b_0 \eta^r` (for example training steps or training examples), keeps the
    :math:`\lfloor n_r / \eta \rfloor` best (at least one) and multiplies the budget by
    :math:`\eta` (Jamieson and Talwalkar, 2016; with :math:`\eta = 2` half survive each round,
    hence the name). It stops when one candidate is left or when the next budget would exceed
    ``max_budget``; the winner is the best candidate of the last round. Hyperband (Li et al.,
    2017) runs it several times with different trade-offs between :math:`n_0` and :math:`b_0`.

    Parameters
    ----------
    evaluate : callable
        ``evaluate(params, budget)`` trains one setting with the given budget and returns its
        validation score; lower is better.
    candidates : sequence of dict
        The settings to compare (at least one).
    min_budget : float
        The budget :math:`b_0 > 0` of the first round (an ``int`` stays an ``int``).
    eta : int
        Reduction factor :math:`\eta \ge 2`.
    max_budget : float, optional
        No round gets a larger budget.

    Returns
    -------
    dict with ``rounds``, a list of dicts with ``budget``, ``indices`` (the candidates
    evaluated, as positions in ``candidates``) and ``scores``; ``best_index``, ``best`` (the
    winning setting), ``best_score`` and ``total_budget`` (the sum of all budgets spent).
    """
    check_callable(evaluate, "evaluate")
    candidates = list(candidates)
    if not candidates:
        raise ValueError("candidates must hold at least one setting")
    check_positive(min_budget, "min_budget")
    eta = check_count(eta, "eta", minimum=2)
    if max_budget is not None and check_positive(max_budget, "max_budget") < min_budget:
        raise ValueError(f"max_budget must be >= min_budget = {min_budget}; got {max_budget}")
    alive = list(range(len(candidates)))
    budget = min_budget
    rounds = []
    while True:
        scores = np.array([float(evaluate(candidates[i], budget)) for i in alive])
        rounds.append({"budget": budget, "indices": np.array(alive), "scores": scores})
        next_budget = budget * eta
        if len(alive) == 1 or (max_budget is not None and next_budget > max_budget):
            break
        keep = np.argsort(scores, kind="stable")[: max(1, len(alive) // eta)]
        alive = [alive[j] for j in keep]
        budget = next_budget
    last = rounds[-1]
    j = int(np.argmin(last["scores"]))
    best_index = int(last["indices"][j])
    return {
        "rounds": rounds,
        "best_index": best_index,
        "best": candidates[best_index],
        "best_score": float(last["scores"][j]),
        "total_budget": sum(r["budget"] * r["indices"].size for r in rounds),
    }


def polynomial_ridge(degree: int, lam: float) -> Callable:
    r"""A ``fit_predict`` function for ridge regression on standardized polynomial features.

    The features are the powers :math:`x, x^2, \dots, x^p` of every column (see
    :func:`paramcourse.linear.polynomial_features`), each standardized with the mean and
    standard deviation of the *training* rows only (no information from the validation rows
    leaks into the fit); the weights minimize
    :math:`\frac1n \lVert y - Fw - b \rVert^2 + \lambda \lVert w \rVert^2` (the intercept
    is not penalized), as :class:`paramcourse.linear.Ridge` does. Standardizing makes one value
    of :math:`\lambda` mean the same for every degree. The two hyperparameters are the degree
    :math:`p` and the penalty :math:`\lambda`.

    Parameters
    ----------
    degree : int
        :math:`p \ge 1`.
    lam : float
        :math:`\lambda \ge 0`.

    Returns
    -------
    callable
        ``fit_predict(X_train, y_train, X_val) -> predictions of shape (n_val,)``.
    """
    degree = check_count(int(degree) if isinstance(degree, np.integer) else degree, "degree")
    lam = check_positive(lam, "lam", allow_zero=True)
    powers = np.arange(1, degree + 1)

    def features(X):
        # Same columns as linear.polynomial_features(X, degree): all of x, then x^2, ...
        X = np.asarray(X, dtype=float)
        return (X[:, None, :] ** powers[:, None]).reshape(X.shape[0], -1)

    def fit_predict(X_train, y_train, X_val):
        F, F_val = features(X_train), features(X_val)
        mean = F.mean(axis=0)
        F, F_val = F - mean, F_val - mean
        scale = np.sqrt((F**2).mean(axis=0))
        scale[scale == 0] = 1.0
        F, F_val = F / scale, F_val / scale
        y_mean = float(np.mean(y_train))
        n, d = F.shape
        if lam > 0:
            w = np.linalg.solve(F.T @ F + n * lam * np.eye(d), F.T @ (y_train - y_mean))
        else:
            w = np.linalg.lstsq(F, y_train - y_mean, rcond=None)[0]
        return F_val @ w + y_mean

    return fit_predict
