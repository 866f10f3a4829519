r"""Reading a trained model: standardized coefficients, permutation, drop-column and impurity
importance (chapter 15).

Every importance here is a *difference of scores*. A score is "higher is better":

===============  ========================================================================
``"r2"``         :math:`R^2 = 1 - \sum_i (y_i - \hat y_i)^2 / \sum_i (y_i - \bar y)^2`
``"mse"``        :math:`-\frac1n \sum_i (y_i - \hat y_i)^2` (minus the MSE, so that the
                 importance is the *increase* of the MSE)
``"accuracy"``   :math:`\frac1n \sum_i [\hat y_i = y_i]`
callable         ``score(y_true, y_pred) -> float``, higher is better
===============  ========================================================================

and the importance of feature :math:`j` is the score of the model minus the score after
feature :math:`j` has been made useless: shuffled (:func:`permutation_importance`, as in
scikit-learn's ``sklearn.inspection.permutation_importance``) or removed and the model refitted
(:func:`drop_column_importance`). :func:`standardized_coefficients` puts the weights of a
linear model on a common scale, and :func:`impurity_importance` reads the mean decrease in
impurity that a scikit-learn forest stores in ``feature_importances_``.

The same questions can be asked of a network's own *parameters* (the last section of
chapter 15). :func:`magnitude_prune` zeroes the weights of smallest absolute value,
:func:`prune_smallest` the weights of smallest score by any criterion, and
:func:`weight_saliency` scores every weight by the second-order estimate
:math:`\tfrac12 H_{ii} w_i^2` of how much the training loss grows when the weight is removed
("optimal brain damage", LeCun et al. 1990), with the diagonal of the Hessian from
:func:`hessian_diagonal`. Networks are parameter lists of :mod:`paramcourse.mlp`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import losses, mlp
from ._validation import (
    as_labels,
    as_matrix,
    as_scalar,
    as_vector,
    as_weights,
    as_xy,
    check_callable,
    check_count,
    check_permutations,
    check_rng,
)

__all__ = [
    "SCORINGS",
    "TWIN_KINDS",
    "drop_column_importance",
    "get_scorer",
    "hessian_diagonal",
    "impurity_importance",
    "magnitude_prune",
    "permutation_importance",
    "prune_smallest",
    "standardized_coefficients",
    "weight_saliency",
]

#: Names accepted by ``scoring``.
SCORINGS: tuple[str, ...] = ("r2", "mse", "accuracy")

#: The three fits that split the weight of a feature with a near-copy of it ("twin"), in the
#: order the book compares them: least squares splits erratically, ridge evenly, the lasso all
#: or nothing (chapter 15 fits them; :func:`paramcourse.plots.plot_twin_split` draws them).
TWIN_KINDS: tuple[str, ...] = ("least squares", "ridge", "lasso")


def _r2(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    ss_res = float(np.sum((y_true - y_pred) ** 2))
    ss_tot = float(np.sum((y_true - y_true.mean()) ** 2))
    if ss_tot == 0.0:
        return 1.0 if ss_res == 0.0 else 0.0  # scikit-learn's convention for constant targets
    return 1.0 - ss_res / ss_tot


def _neg_mse(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    return -float(np.mean((y_true - y_pred) ** 2))


def _accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    return float(np.mean(y_true == y_pred))


_SCORERS: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "r2": _r2,
    "mse": _neg_mse,
    "accuracy": _accuracy,
}


def get_scorer(scoring: str | Callable = "r2") -> Callable[[np.ndarray, np.ndarray], float]:
    """Return the function ``score(y_true, y_pred) -> float`` (higher is better) for ``scoring``.

    Parameters
    ----------
    scoring : {"r2", "mse", "accuracy"} or callable
        A name from :data:`SCORINGS` (``"mse"`` gives *minus* the mean squared error, like
        scikit-learn's ``"neg_mean_squared_error"``), or a callable, returned unchanged.
    """
    if callable(scoring):
        return scoring
    if not isinstance(scoring, str) or scoring not in _SCORERS:
        options = ", ".join(repr(s) for s in SCORINGS)
        raise ValueError(f"scoring must be one of {options} or a callable; got {scoring!r}")
    return _SCORERS[scoring]


def _predictions(predict: Callable, X: np.ndarray, n: int, name: str = "predict") -> np.ndarray:
    y_pred = np.asarray(predict(X))
    if y_pred.shape != (n,):
        raise ValueError(f"{name}(X) must return an array of shape ({n},); got {y_pred.shape}")
    return y_pred


# --------------------------------------------------------------------------------------------
# Coefficients on a common scale
# --------------------------------------------------------------------------------------------


def standardized_coefficients(model_or_coef, X, y=None) -> np.ndarray:
    r"""Coefficients of a linear model per standard deviation of each feature.

    .. math:: \tilde w_j = w_j \, s_j \qquad\text{or, with } y,\qquad
              \tilde w_j = w_j \, \frac{s_j}{s_y},

    with :math:`s_j` the standard deviation of column :math:`j` of ``X`` and :math:`s_y` that of
    ``y`` (both with ``ddof=0``, as scikit-learn's ``StandardScaler``). :math:`\tilde w_j` is the
    change of the prediction when feature :math:`j` grows by one standard deviation and the
    other features stay fixed (in standard deviations of ``y`` when ``y`` is given).

    For least squares these are exactly the coefficients of the model refitted on standardized
    columns :math:`(x_j - \bar x_j) / s_j` (and standardized targets when ``y`` is given): the
    fit is unchanged by rescaling a column, which only rescales its weight. For a penalized fit
    (ridge, lasso) the refit differs, because the penalty depends on the scale.

    Parameters
    ----------
    model_or_coef : fitted linear model with ``coef_`` of shape (d,), or array of shape (d,)
    X : array of shape (n, d)
        The data the scales are measured on (normally the training data).
    y : array of shape (n,), optional

    Returns
    -------
    ndarray of shape (d,)
    """
    coef = getattr(model_or_coef, "coef_", model_or_coef)
    X = as_matrix(X, "X")
    if np.ndim(coef) == 2 and np.shape(coef)[0] == 1:
        coef = np.ravel(coef)  # scikit-learn stores one row of weights for some models
    coef = as_weights(coef, X.shape[1], "coef")
    scaled = coef * X.std(axis=0)
    if y is not None:
        y = as_vector(y, "y", X.shape[0], "X.shape[0]")
        s_y = y.std()
        if s_y == 0.0:
            raise ValueError("y is constant: its standard deviation is 0, so it cannot be standardized")
        scaled = scaled / s_y
    return scaled


# --------------------------------------------------------------------------------------------
# Permutation importance
# --------------------------------------------------------------------------------------------


def permutation_importance(
    predict: Callable,
    X,
    y,
    n_repeats: int = 5,
    rng: np.random.Generator | None = None,
    scoring: str | Callable = "r2",
    *,
    permutations=None,
) -> dict[str, Any]:
    r"""Drop in score when one column of ``X`` is shuffled, for every column.

    For feature :math:`j` and repeat :math:`k`, the rows of column :math:`j` are shuffled by a
    permutation :math:`\pi_k` (the other columns stay put) and

    .. math:: I_{jk} = s\big(y, f(X)\big) - s\big(y, f(X^{(j, \pi_k)})\big),

    where :math:`s` is the score and :math:`f` the ``predict`` function. Shuffling keeps the
    column's distribution but cuts its link to the target and to the other features, so a model
    that does not use feature :math:`j` has :math:`I_{jk} = 0`. Use held-out data to learn what
    the model needs to *generalize*. This is the definition of Breiman (2001) and of
    ``sklearn.inspection.permutation_importance`` (whose default score for a regressor is
    :math:`R^2`); with the same permutations the numbers are identical.

    Parameters
    ----------
    predict : callable
        ``predict(X) -> y_pred`` of shape ``(n,)``, e.g. ``model.predict``. It is not refitted.
    X : array of shape (n, d)
    y : array of shape (n,)
    n_repeats : int
        Number of shuffles per feature.
    rng : numpy.random.Generator
        Draws the permutations (``rng.permutation(n)`` for each feature and repeat, in that
        order). Not needed when ``permutations`` is given.
    scoring : {"r2", "mse", "accuracy"} or callable
        See :func:`get_scorer`. With ``"mse"`` the importance is the increase of the MSE.
    permutations : array of shape (n_repeats, n), optional
        Row orders to use instead of random ones; repeat ``k`` uses ``X[permutations[k], j]``
        as the new column ``j``, for every ``j``.

    Returns
    -------
    dict with
        ``importances`` (d, n_repeats): :math:`I_{jk}`;
        ``importances_mean`` (d,) and ``importances_std`` (d,): mean and standard deviation
        (``ddof=0``, as scikit-learn) over the repeats;
        ``baseline_score``: :math:`s(y, f(X))`.
    """
    check_callable(predict, "predict")
    X, y = as_xy(X, y)
    n, d = X.shape
    score = get_scorer(scoring)
    n_repeats = check_count(n_repeats, "n_repeats")
    if permutations is not None:
        perms = check_permutations(permutations, "permutations", n)
        if perms.shape[0] != n_repeats:
            raise ValueError(
                f"permutations must have shape (n_repeats, n_samples) = ({n_repeats}, {n}); "
                f"got {perms.shape}"
            )
    else:
        rng = check_rng(rng)
        perms = None

    baseline = float(score(y, _predictions(predict, X, n)))
    importances = np.empty((d, n_repeats))
    X_perm = X.copy()
    for j in range(d):
        for k in range(n_repeats):
            order = perms[k] if perms is not None else rng.permutation(n)
            X_perm[:, j] = X[order, j]
            importances[j, k] = baseline - float(score(y, _predictions(predict, X_perm, n)))
        X_perm[:, j] = X[:, j]  # restore before the next column
    return {
        "importances": importances,
        "importances_mean": importances.mean(axis=1),
        "importances_std": importances.std(axis=1),
        "baseline_score": baseline,
    }


# --------------------------------------------------------------------------------------------
# Drop-column importance
# --------------------------------------------------------------------------------------------


def drop_column_importance(
    fit_predict: Callable,
    X_train,
    y_train,
    X_test,
    y_test,
    scoring: str | Callable = "r2",
    groups: Sequence[Sequence[int]] | None = None,
) -> dict[str, Any]:
    r"""Drop in held-out score when a column (or a group of columns) is removed and the model refitted.

    .. math:: I_g = s\big(y_\text{test}, f_{\text{all}}(X_\text{test})\big)
                  - s\big(y_\text{test}, f_{-g}(X_\text{test}^{(-g)})\big),

    where :math:`f_{-g}` is trained without the columns of group :math:`g`. Unlike
    :func:`permutation_importance` this asks what the *model family* loses without the feature:
    a feature whose information another feature also carries gets an importance near 0, because
    the refitted model uses the other one instead.

    Parameters
    ----------
    fit_predict : callable
        ``fit_predict(X_train, y_train, X_test) -> y_pred`` of shape ``(n_test,)``: train a
        fresh model and predict (the convention of ``cross_val_score`` in the assignments).
    X_train : array of shape (n_train, d)
    y_train : array of shape (n_train,)
    X_test : array of shape (n_test, d)
    y_test : array of shape (n_test,)
    scoring : {"r2", "mse", "accuracy"} or callable
    groups : sequence of sequences of column indices, optional
        The column sets to drop, one refit each; default ``[[0], [1], ..., [d - 1]]``.

    Returns
    -------
    dict with ``importances`` (len(groups),), ``scores`` (len(groups),) the held-out scores
    without each group, ``baseline_score`` and ``groups`` (list of lists of int).
    """
    check_callable(fit_predict, "fit_predict")
    X_train, y_train = as_xy(X_train, y_train)
    X_test = as_matrix(X_test, "X_test")
    y_test = as_vector(y_test, "y_test", X_test.shape[0], "X_test.shape[0]")
    d = X_train.shape[1]
    if X_test.shape[1] != d:
        raise ValueError(f"X_test must have shape (n_test, {d}) like X_train; got {X_test.shape}")
    score = get_scorer(scoring)
    if groups is None:
        groups = [[j] for j in range(d)]
    groups = [_group(g, d, i) for i, g in enumerate(groups)]
    if not groups:
        raise ValueError("groups must hold at least one group of column indices")

    n_test = X_test.shape[0]
    baseline = float(score(y_test, _predictions(lambda Z: fit_predict(X_train, y_train, Z), X_test,
                                                n_test, "fit_predict")))
    scores = np.empty(len(groups))
    for i, g in enumerate(groups):
        keep = np.setdiff1d(np.arange(d), g)
        pred = _predictions(lambda Z: fit_predict(X_train[:, keep], y_train, Z), X_test[:, keep],
                            n_test, "fit_predict")
        scores[i] = score(y_test, pred)
    return {"importances": baseline - scores, "scores": scores, "baseline_score": baseline,
            "groups": groups}


def _group(g, d: int, i: int) -> list[int]:
    try:
        cols = [int(c) for c in g]
    except (TypeError, ValueError):
        raise ValueError(f"groups[{i}] must be a sequence of column indices; got {g!r}") from None
    if not cols or len(set(cols)) != len(cols) or min(cols) < 0 or max(cols) >= d or len(cols) == d:
        raise ValueError(
            f"groups[{i}] must hold distinct column indices in 0..{d - 1}, at least one and not "
            f"all of them; got {g!r}"
        )
    return cols


# --------------------------------------------------------------------------------------------
# Impurity importance of a fitted forest
# --------------------------------------------------------------------------------------------


def impurity_importance(forest) -> dict[str, Any]:
    r"""Mean decrease in impurity (MDI) of a fitted scikit-learn tree ensemble, with its spread.

    In one tree, every split on feature :math:`j` at node :math:`t` lowers the impurity (the
    variance of the targets for regression, the Gini index for classification) by
    :math:`\frac{n_t}{n}\big(i(t) - \frac{n_L}{n_t} i(t_L) - \frac{n_R}{n_t} i(t_R)\big)`; the
    tree's importance of :math:`j` is the sum over its splits on :math:`j`, normalized to sum to
    1 over the features. The forest's ``feature_importances_`` is the mean over trees (again
    normalized). It is computed on the *training* data while the trees are grown.

    Parameters
    ----------
    forest : fitted scikit-learn ensemble of trees
        Anything with ``estimators_`` (trees with ``feature_importances_``), such as
        ``RandomForestRegressor`` or ``RandomForestClassifier``.

    Returns
    -------
    dict with ``importances`` (d, n_trees): each tree's importances;
    ``importances_mean`` (d,): equal to ``forest.feature_importances_``;
    ``importances_std`` (d,): standard deviation over the trees (``ddof=0``).
    """
    trees = getattr(forest, "estimators_", None)
    if trees is None:
        raise ValueError("forest must be a fitted tree ensemble with an estimators_ attribute; "
                         f"got {type(forest).__name__}")
    trees = [t for t in np.ravel(np.asarray(trees, dtype=object)) if t.tree_.node_count > 1]
    if not trees:
        raise ValueError("every tree of the forest is a single leaf: no split, no importance")
    per_tree = np.column_stack([t.feature_importances_ for t in trees])
    mean = per_tree.mean(axis=1)
    total = mean.sum()
    return {
        "importances": per_tree,
        "importances_mean": mean / total if total > 0 else mean,
        "importances_std": per_tree.std(axis=1),
    }


# --------------------------------------------------------------------------------------------
# The importance of parameters: pruning and saliency
# --------------------------------------------------------------------------------------------


def prune_smallest(params, scores, fraction: float) -> list[tuple[np.ndarray, np.ndarray]]:
    r"""Zero the ``fraction`` of a network's weights with the smallest scores, all layers together.

    With :math:`N` weights in all the matrices :math:`W_\ell` together, the
    :math:`k = \operatorname{round}(f N)` weights of smallest score are set to 0 (Python's
    ``round``, as ``torch.nn.utils.prune`` rounds a fractional ``amount``); ties are broken by
    position (layer by layer, row-major). The biases are kept: they are few, and each one shifts
    a whole unit. The ranking is *global*: a layer whose scores are small loses more of its
    weights than another.

    Parameters
    ----------
    params : list of (W, b)
        A network of :mod:`paramcourse.mlp`.
    scores : list of arrays
        One array per layer, shaped like that layer's ``W``; lower means less important.
    fraction : float
        :math:`f \in [0, 1]`.

    Returns
    -------
    list of (W, b)
        New arrays; ``params`` is not changed.

    Examples
    --------
    >>> W = np.array([[0.5, -0.1], [2.0, -0.3]])
    >>> pruned = prune_smallest([(W, np.zeros(2))], [np.abs(W)], 0.5)
    >>> pruned[0][0]
    array([[0.5, 0. ],
           [2. , 0. ]])
    """
    params = mlp._check_params(params)
    if not isinstance(scores, (list, tuple)) or len(scores) != len(params):
        raise ValueError(f"scores must be a list with one array per layer ({len(params)}); got {type(scores).__name__}"
                         + (f" of length {len(scores)}" if isinstance(scores, (list, tuple)) else ""))
    flat_scores = []
    for i, (score, (W, _)) in enumerate(zip(scores, params)):
        score = np.asarray(score, dtype=float)
        if score.shape != W.shape:
            raise ValueError(f"scores[{i}] must have the shape of params[{i}][0], {W.shape}; got {score.shape}")
        if not np.all(np.isfinite(score)):
            raise ValueError(f"scores[{i}] must be finite")
        flat_scores.append(score.ravel())
    f = as_scalar(fraction, "fraction")
    if not 0.0 <= f <= 1.0:
        raise ValueError(f"fraction must lie in [0, 1]; got {f}")
    flat = np.concatenate(flat_scores)
    k = round(f * flat.size)
    keep = np.ones(flat.size, dtype=bool)
    keep[np.argsort(flat, kind="stable")[:k]] = False
    pruned, start = [], 0
    for W, b in params:
        mask = keep[start:start + W.size].reshape(W.shape)
        pruned.append((np.where(mask, W, 0.0), b.copy()))
        start += W.size
    return pruned


def magnitude_prune(params, fraction: float) -> list[tuple[np.ndarray, np.ndarray]]:
    r"""Magnitude pruning: zero the ``fraction`` of the weights with the smallest :math:`\lvert w \rvert`.

    :func:`prune_smallest` with the scores :math:`\lvert w_i \rvert`, all layers ranked together
    (global magnitude pruning, as ``torch.nn.utils.prune.global_unstructured`` with
    ``L1Unstructured``); biases are kept. Han et al. (2015) prune this way and then retrain the
    remaining weights; this function only removes.

    Parameters
    ----------
    params : list of (W, b)
    fraction : float
        :math:`f \in [0, 1]`: :math:`\operatorname{round}(f N)` of the :math:`N` weights are zeroed.

    Returns
    -------
    list of (W, b)
        New arrays; ``params`` is not changed.
    """
    params = mlp._check_params(params)
    return prune_smallest(params, [np.abs(W) for W, _ in params], fraction)


def hessian_diagonal(params, X, y, activation: str = "relu") -> list[tuple[np.ndarray, np.ndarray]]:
    r"""Diagonal of the Hessian of the mean softmax cross-entropy of an MLP, for every parameter.

    For the loss :math:`L = \frac1n \sum_n \ell(z_n)` of :func:`paramcourse.mlp.loss_and_grads`
    (no weight decay, no dropout), with logits :math:`z_n \in \mathbb R^k` and probabilities
    :math:`p_n = \operatorname{softmax}(z_n)`,

    .. math:: H_{ii} = \frac{\partial^2 L}{\partial \theta_i^2}
              = \frac1n \sum_n J_{ni}^\top \big(\operatorname{diag}(p_n) - p_n p_n^\top\big) J_{ni}
              + \frac1n \sum_n \sum_c (p_{nc} - [y_n = c])\, \frac{\partial^2 z_{nc}}{\partial \theta_i^2},
              \qquad J_{ni} = \frac{\partial z_n}{\partial \theta_i} .

    Between the kinks of ReLU, the logits are linear in each *single* weight or bias (every path
    from input to output passes through a parameter at most once), so the second term is 0 and
    the first is the exact :math:`H_{ii}`; the same holds for ``"linear"``. For ``"tanh"`` the
    second term is dropped: the result is the diagonal of the Gauss-Newton matrix, the
    approximation LeCun et al. (1990) also made.

    For a weight :math:`W_\ell[a, j]`, :math:`J_{ni} = h_{n a}\, \delta_{n j}` where
    :math:`h` is the layer's input and :math:`\delta_{nj} = \partial z_n / \partial (z_\ell)_{nj}`
    (a vector over the classes), so :math:`H = (h^{\odot 2})^\top V / n` with
    :math:`V_{nj} = \sum_c p_{nc} \delta_{njc}^2 - (\sum_c p_{nc} \delta_{njc})^2`; the
    :math:`\delta` are propagated backwards once per class.

    Parameters
    ----------
    params : list of (W, b)
    X : array of shape (n, d)
    y : array of shape (n,)
        Integer labels ``0 .. k-1``.
    activation : {"relu", "tanh", "linear"}

    Returns
    -------
    list of (H_W, H_b)
        Shaped like ``params``: the diagonal entries for every weight and bias, all ``>= 0``.
    """
    logits, cache = mlp.forward(params, X, activation)
    params = cache["params"]
    n, k = logits.shape
    as_labels(y, "y", n, k)  # the Hessian does not depend on the labels, but they must fit
    p = losses.softmax(logits)
    dphi = mlp.ACTIVATIONS[activation][1]
    D = np.broadcast_to(np.eye(k), (n, k, k))  # D[n, j, c] = d z_{n c} / d (pre-activation)_{n j}
    out = []
    for layer in range(len(params) - 1, -1, -1):
        mean = np.einsum("njc,nc->nj", D, p)
        V = np.einsum("njc,nc->nj", D**2, p) - mean**2
        h = cache["inputs"][layer]
        out.append(((h**2).T @ V / n, V.sum(axis=0) / n))
        if layer > 0:
            W = params[layer][0]
            D = np.einsum("ij,njc->nic", W, D) * dphi(cache["pre"][layer - 1])[:, :, None]
    return out[::-1]


def weight_saliency(params, X, y, activation: str = "relu") -> list[np.ndarray]:
    r"""Saliency of every weight ("optimal brain damage", LeCun et al. 1990): :math:`s_i = \tfrac12 H_{ii} w_i^2`.

    Setting weight :math:`w_i` to 0 moves the parameters by :math:`-w_i` along coordinate
    :math:`i`; by Taylor's theorem the training loss changes by

    .. math:: \Delta L_i = L(\theta - w_i e_i) - L(\theta)
              \approx -g_i w_i + \tfrac12 H_{ii} w_i^2 ,

    with the gradient :math:`g` and the Hessian diagonal :math:`H_{ii}` (:func:`hessian_diagonal`).
    At a minimum of the training loss :math:`g = 0`, which leaves the saliency
    :math:`s_i = \frac12 H_{ii} w_i^2`. Unlike :math:`\lvert w_i \rvert` it does not change when
    a ReLU unit's incoming weights are multiplied by :math:`c > 0` and its outgoing weights
    divided by :math:`c` (the same function): :math:`H_{ii}` scales by :math:`1/c^2` where
    :math:`w_i^2` scales by :math:`c^2`, and the other way round.

    Parameters
    ----------
    params : list of (W, b)
    X : array of shape (n, d)
        The data of the loss, normally the training data.
    y : array of shape (n,)
    activation : {"relu", "tanh", "linear"}

    Returns
    -------
    list of arrays
        One per layer, shaped like its ``W``; use them as ``scores`` of :func:`prune_smallest`.
    """
    hessian = hessian_diagonal(params, X, y, activation)
    params = mlp._check_params(params)
    return [0.5 * H_W * W**2 for (H_W, _), (W, _) in zip(hessian, params)]
