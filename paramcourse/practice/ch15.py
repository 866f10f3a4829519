"""Practice of chapter 15, *Parameter and feature importance*: standardized coefficients, the drop
in R² when one column is shuffled (one repeat of permutation importance), the increase of the
held-out MSE when the model is refitted without one column (drop-column importance), and
magnitude pruning of one weight matrix.
"""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

__all__ = ["EXERCISES"]

_rng = np.random.default_rng(1515)

# ---------------------------------------------------------------------- standardized_weights


def standardized_weights(coef, X):
    """The weights times the standard deviation of their feature: w_j * s_j."""
    return coef * X.std(axis=0)


def _standardized_divided(coef, X):
    return coef / X.std(axis=0)


def _standardized_by_variance(coef, X):
    return coef * X.var(axis=0)


def _standardized_sample_std(coef, X):
    return coef * X.std(axis=0, ddof=1)


def _standardized_by_mean(coef, X):
    return coef * X.mean(axis=0)


_STANDARDIZED_CASES = [
    Case("3 weights, X of shape (6, 3) on three scales",
         (np.array([0.04, -22.0, 1.1]), _rng.normal([50.0, 1.5, 150.0], [13.0, 0.5, 35.0], size=(6, 3)))),
    Case("3 weights, X of shape (9, 3)",
         (np.array([-3.0, 0.5, 68.0]), _rng.normal([5.0, 100.0, 4.6], [2.0, 14.0, 0.5], size=(9, 3)))),
]

# ------------------------------------------------------------------------- shuffled_r2_drop


def _linear_predict(w, b):
    def predict(X):
        return X @ w + b

    return predict


def shuffled_r2_drop(predict, X, y, column, rng):
    """The drop in R² of predict on (X, y) when column `column` of X is shuffled by rng.permutation."""
    def r2(y_pred):
        return 1 - np.sum((y - y_pred) ** 2) / np.sum((y - y.mean()) ** 2)

    X_shuffled = X.copy()
    X_shuffled[:, column] = X[rng.permutation(len(y)), column]
    return r2(predict(X)) - r2(predict(X_shuffled))


def _shuffled_whole_rows(predict, X, y, column, rng):
    def r2(y_pred):
        return 1 - np.sum((y - y_pred) ** 2) / np.sum((y - y.mean()) ** 2)

    return r2(predict(X)) - r2(predict(X[rng.permutation(len(y))]))


def _shuffled_gain_not_drop(predict, X, y, column, rng):
    return -shuffled_r2_drop(predict, X, y, column, rng)


def _shuffled_mse_increase(predict, X, y, column, rng):
    X_shuffled = X.copy()
    X_shuffled[:, column] = X[rng.permutation(len(y)), column]
    return np.mean((y - predict(X_shuffled)) ** 2) - np.mean((y - predict(X)) ** 2)


def _shuffled_r2_uncentred(predict, X, y, column, rng):
    def r2(y_pred):
        return 1 - np.sum((y - y_pred) ** 2) / np.sum(y**2)

    X_shuffled = X.copy()
    X_shuffled[:, column] = X[rng.permutation(len(y)), column]
    return r2(predict(X)) - r2(predict(X_shuffled))


def _shuffled_wrong_column(predict, X, y, column, rng):
    return shuffled_r2_drop(predict, X, y, X.shape[1] - 1 - column, rng)


_X8 = _rng.normal(size=(8, 3))
_X7 = _rng.normal([10.0, -2.0], [3.0, 1.0], size=(7, 2))
_SHUFFLE_CASES = [
    Case("a linear model on X of shape (8, 3), column 0",
         (_linear_predict(np.array([2.0, -1.0, 0.5]), 1.0), _X8,
          _X8 @ np.array([2.0, -1.0, 0.5]) + 1.0 + _rng.normal(0, 0.5, 8), 0, np.random.default_rng(7))),
    Case("a linear model on X of shape (7, 2), column 1",
         (_linear_predict(np.array([0.3, 1.5]), -4.0), _X7,
          _X7 @ np.array([0.3, 1.5]) - 4.0 + _rng.normal(0, 0.5, 7), 1, np.random.default_rng(8))),
]

# ------------------------------------------------------------------------ drop_column_mse_rise


def _least_squares(X_fit, y_fit, X_new):
    A = np.column_stack([X_fit, np.ones(len(X_fit))])
    theta = np.linalg.lstsq(A, y_fit, rcond=None)[0]
    return X_new @ theta[:-1] + theta[-1]


def drop_column_mse_rise(fit_predict, X_train, y_train, X_test, y_test, column):
    """How much the test MSE grows when the model is refitted without column `column`."""
    with_all = fit_predict(X_train, y_train, X_test)
    X_train_without = np.delete(X_train, column, axis=1)
    X_test_without = np.delete(X_test, column, axis=1)
    without = fit_predict(X_train_without, y_train, X_test_without)
    return np.mean((without - y_test) ** 2) - np.mean((with_all - y_test) ** 2)


def _drop_on_training_rows(fit_predict, X_train, y_train, X_test, y_test, column):
    with_all = fit_predict(X_train, y_train, X_train)
    without = fit_predict(np.delete(X_train, column, axis=1), y_train, np.delete(X_train, column, axis=1))
    return np.mean((without - y_train) ** 2) - np.mean((with_all - y_train) ** 2)


def _drop_reversed(fit_predict, X_train, y_train, X_test, y_test, column):
    return -drop_column_mse_rise(fit_predict, X_train, y_train, X_test, y_test, column)


def _drop_mse_without_only(fit_predict, X_train, y_train, X_test, y_test, column):
    without = fit_predict(np.delete(X_train, column, axis=1), y_train, np.delete(X_test, column, axis=1))
    return np.mean((without - y_test) ** 2)


def _drop_zeroed_not_refitted(fit_predict, X_train, y_train, X_test, y_test, column):
    X_test_zeroed = X_test.copy()
    X_test_zeroed[:, column] = 0.0
    with_all = fit_predict(X_train, y_train, X_test)
    zeroed = fit_predict(X_train, y_train, X_test_zeroed)
    return np.mean((zeroed - y_test) ** 2) - np.mean((with_all - y_test) ** 2)


def _drop_data(n_train, n_test, w, b, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_train + n_test, len(w)))
    y = X @ np.asarray(w) + b + rng.normal(0, 0.5, n_train + n_test)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


_DROP_CASES = [
    Case("least squares, 10 training and 5 test rows with 3 features, column 1",
         (_least_squares, *_drop_data(10, 5, [1.0, -2.0, 0.5], 3.0, 21), 1)),
    Case("least squares, 12 training and 6 test rows with 2 features, column 0",
         (_least_squares, *_drop_data(12, 6, [1.5, 0.8], -1.0, 22), 0)),
]

# -------------------------------------------------------------------------- prune_by_magnitude


def prune_by_magnitude(W, fraction):
    """A copy of W with the round(fraction * W.size) entries of smallest |w| set to 0."""
    k = round(fraction * W.size)
    flat = W.flatten()
    flat[np.argsort(np.abs(flat))[:k]] = 0.0
    return flat.reshape(W.shape)


def _prune_largest(W, fraction):
    k = round(fraction * W.size)
    flat = W.flatten()
    flat[np.argsort(-np.abs(flat))[:k]] = 0.0
    return flat.reshape(W.shape)


def _prune_signed(W, fraction):
    k = round(fraction * W.size)
    flat = W.flatten()
    flat[np.argsort(flat)[:k]] = 0.0
    return flat.reshape(W.shape)


def _prune_floor(W, fraction):
    k = int(fraction * W.size)
    flat = W.flatten()
    flat[np.argsort(np.abs(flat))[:k]] = 0.0
    return flat.reshape(W.shape)


def _prune_keep_fraction(W, fraction):
    k = round((1 - fraction) * W.size)
    flat = W.flatten()
    flat[np.argsort(np.abs(flat))[:k]] = 0.0
    return flat.reshape(W.shape)


def _prune_each_row(W, fraction):
    out = W.copy()
    for row in out:
        k = round(fraction * row.size)
        row[np.argsort(np.abs(row))[:k]] = 0.0
    return out


def _distinct_weights(shape, seed):
    rng = np.random.default_rng(seed)
    size = int(np.prod(shape))
    magnitudes = rng.permutation(np.linspace(0.05, 2.0, size))  # no ties
    return (rng.choice([-1.0, 1.0], size) * magnitudes).reshape(shape)


_PRUNE_CASES = [
    Case("W of shape (3, 4), fraction 0.4 (4.8 weights: 5 go)", (_distinct_weights((3, 4), 31), 0.4)),
    Case("W of shape (2, 3), fraction 0.25 (1.5 weights: 2 go)", (_distinct_weights((2, 3), 32), 0.25)),
    Case("W of shape (4, 5), fraction 0.7 (14 weights go)", (_distinct_weights((4, 5), 33), 0.7)),
]

EXERCISES = (
    Exercise(
        name="standardized_weights",
        solution=standardized_weights,
        cases=_STANDARDIZED_CASES,
        formula="w_j * s_j, with s_j = X[:, j].std() (divisor n), for every feature j at once: "
                "coef * X.std(axis=0)",
        mistakes=[
            Mistake("standardized_weights", _standardized_divided,
                    "you divided the weights by the standard deviations: a weight is per unit of its feature, "
                    "so per standard deviation it is w_j * s_j."),
            Mistake("standardized_weights", _standardized_by_variance,
                    "you multiplied by the variance s_j**2: multiply by the standard deviation, X.std(axis=0)."),
            Mistake("standardized_weights", _standardized_sample_std,
                    "you used the sample standard deviation (ddof=1); the book's s_j has the divisor n, as "
                    "X.std(axis=0) by default."),
            Mistake("standardized_weights", _standardized_by_mean,
                    "you multiplied by the mean of each feature: the scale of a feature is its standard "
                    "deviation, X.std(axis=0)."),
        ],
        arg_names=("coef", "X"),
    ),
    Exercise(
        name="shuffled_r2_drop",
        solution=shuffled_r2_drop,
        cases=_SHUFFLE_CASES,
        formula="R²(y, predict(X)) - R²(y, predict(X_shuffled)), where X_shuffled is a copy of X whose column "
                "`column` is X[rng.permutation(n), column], and R² = 1 - sum((y - y_pred)**2) / "
                "sum((y - mean(y))**2)",
        mistakes=[
            Mistake("shuffled_r2_drop", _shuffled_whole_rows,
                    "you shuffled whole rows of X: that permutes every feature together and only reorders the "
                    "predictions. Shuffle the one column: X_shuffled[:, column] = X[order, column]."),
            Mistake("shuffled_r2_drop", _shuffled_gain_not_drop,
                    "you subtracted the other way round: the importance is the score before the shuffle minus "
                    "the score after it, positive when shuffling makes the model worse."),
            Mistake("shuffled_r2_drop", _shuffled_mse_increase,
                    "you measured the increase of the MSE: the score here is R² = 1 - sum((y - y_pred)**2) / "
                    "sum((y - mean(y))**2), and the importance is its drop."),
            Mistake("shuffled_r2_drop", _shuffled_r2_uncentred,
                    "your R² divides by sum(y**2): the denominator is the spread around the mean, "
                    "sum((y - y.mean())**2)."),
            Mistake("shuffled_r2_drop", _shuffled_wrong_column,
                    "you shuffled a different column from `column`: X_shuffled[:, column] gets the shuffled "
                    "values X[order, column]."),
        ],
        arg_names=("predict", "X", "y", "column", "rng"),
    ),
    Exercise(
        name="drop_column_mse_rise",
        solution=drop_column_mse_rise,
        cases=_DROP_CASES,
        formula="MSE on the test rows of fit_predict refitted without column `column` (np.delete(..., column, "
                "axis=1) on X_train and X_test) minus the test MSE of fit_predict with every column",
        mistakes=[
            Mistake("drop_column_mse_rise", _drop_on_training_rows,
                    "you scored on the training rows: predict X_test and compare with y_test, so the "
                    "importance says what the model needs on new data."),
            Mistake("drop_column_mse_rise", _drop_reversed,
                    "you subtracted the other way round: return the MSE without the column minus the MSE with "
                    "all columns, positive when the column helps."),
            Mistake("drop_column_mse_rise", _drop_mse_without_only,
                    "you returned the test MSE of the refitted model itself: subtract the test MSE of the model "
                    "with every column."),
            Mistake("drop_column_mse_rise", _drop_zeroed_not_refitted,
                    "you set the column to zero in X_test instead of refitting without it: remove the column "
                    "from X_train and X_test with np.delete(..., column, axis=1) and call fit_predict again."),
        ],
        arg_names=("fit_predict", "X_train", "y_train", "X_test", "y_test", "column"),
    ),
    Exercise(
        name="prune_by_magnitude",
        solution=prune_by_magnitude,
        cases=_PRUNE_CASES,
        formula="a copy of W in which the k = round(fraction * W.size) entries of smallest absolute value are 0: "
                "flat = W.flatten(); flat[np.argsort(np.abs(flat))[:k]] = 0.0; return flat.reshape(W.shape)",
        mistakes=[
            Mistake("prune_by_magnitude", _prune_largest,
                    "you set the largest weights to 0: magnitude pruning removes the weights of smallest |w| "
                    "(np.argsort sorts in increasing order, so take the first k)."),
            Mistake("prune_by_magnitude", _prune_signed,
                    "you sorted the signed weights, so the most negative ones went first: rank by the size "
                    "np.abs(W), whatever the sign."),
            Mistake("prune_by_magnitude", _prune_floor,
                    "you rounded the count down (int(...)): remove round(fraction * W.size) weights, as "
                    "torch.nn.utils.prune does; 0.4 of 12 weights is 4.8, so 5 go."),
            Mistake("prune_by_magnitude", _prune_keep_fraction,
                    "you set (1 - fraction) of the weights to 0: `fraction` is the share that is removed, "
                    "not the share that is kept."),
            Mistake("prune_by_magnitude", _prune_each_row,
                    "you pruned every row on its own: rank all the entries of W together (W.flatten()), so "
                    "a row of small weights can lose more of them than a row of large ones."),
        ],
        arg_names=("W", "fraction"),
    ),
)
