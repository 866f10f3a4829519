"""Practice of chapter 4, loss functions: the mean squared and mean absolute error of predictions,
binary cross-entropy with clipped probabilities, and k-class cross-entropy from logits that
cannot overflow."""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

_rng = np.random.default_rng(404)

# ------------------------------------------------------------------------------ mse_and_mae


def _mse_and_mae(y_true, y_pred):
    residuals = y_pred - y_true
    mse = np.mean(residuals**2)
    mae = np.mean(np.abs(residuals))
    return float(mse), float(mae)


def _sums_not_means(y_true, y_pred):
    residuals = y_pred - y_true
    return float(np.sum(residuals**2)), float(np.sum(np.abs(residuals)))


def _signed_mae(y_true, y_pred):
    residuals = y_pred - y_true
    return float(np.mean(residuals**2)), float(np.mean(residuals))


def _root_mse(y_true, y_pred):
    residuals = y_pred - y_true
    return float(np.sqrt(np.mean(residuals**2))), float(np.mean(np.abs(residuals)))


_MSE_MAE_CASES = [
    Case("five targets with residuals of both signs",
         (np.array([3.0, -1.0, 2.5, 0.0, 4.0]), np.array([2.0, 0.5, 2.5, -1.0, 7.0]))),
    Case("eight random targets", (_rng.normal(2.0, 3.0, 8), _rng.normal(1.0, 3.0, 8))),
]

# ------------------------------------------------------------------------ clipped_cross_entropy


def _clipped_cross_entropy(y, p, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    terms = y * np.log(p) + (1 - y) * np.log(1 - p)
    return float(-np.mean(terms))


def _no_clipping(y, p, eps=1e-12):
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _summed_cross_entropy(y, p, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _no_minus_sign(y, p, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    return float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _swapped_logs(y, p, eps=1e-12):
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log(1 - p) + (1 - y) * np.log(p)))


_CE_CASES = [
    Case("six labels, two predictions exactly 0 and 1",
         (np.array([1.0, 0.0, 1.0, 0.0, 1.0, 1.0]), np.array([0.9, 0.2, 1.0, 0.0, 0.6, 0.35]))),
    Case("four labels, one confident mistake, eps = 0.01",
         (np.array([0.0, 1.0, 1.0, 0.0]), np.array([0.999, 0.7, 0.0, 0.1])), {"eps": 0.01}),
    Case("three labels with probabilities away from 0 and 1",
         (np.array([1.0, 0.0, 0.0]), np.array([0.8, 0.45, 0.05]))),
]

# -------------------------------------------------------------------- cross_entropy_from_logits


def _cross_entropy_from_logits(Z, y):
    m = Z.max(axis=1, keepdims=True)
    log_probs = Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True))
    return float(-np.mean(log_probs[np.arange(len(y)), y]))


def _unshifted_logits(Z, y):
    log_probs = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    return float(-np.mean(log_probs[np.arange(len(y)), y]))


def _global_max_shift(Z, y):
    m = Z.max()
    log_probs = Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True))
    return float(-np.mean(log_probs[np.arange(len(y)), y]))


def _columns_for_every_row(Z, y):
    m = Z.max(axis=1, keepdims=True)
    log_probs = Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True))
    return float(-np.mean(log_probs[:, y]))


def _every_class(Z, y):
    m = Z.max(axis=1, keepdims=True)
    log_probs = Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True))
    return float(-np.mean(log_probs))


_LOGIT_CASES = [
    Case("three examples of three classes, one row of logits near 1000 and one spread from -800 to 800",
         (np.array([[1000.0, 1001.0, 1002.0], [-3.0, 0.0, 2.0], [-800.0, 0.0, 800.0]]), np.array([2, 0, 1]))),
    Case("four examples of five classes with moderate logits",
         (3.0 * _rng.standard_normal((4, 5)), np.array([4, 0, 2, 2]))),
    Case("two examples of two classes", (np.array([[0.5, -0.5], [2.0, 2.0]]), np.array([1, 0]))),
]

EXERCISES = (
    Exercise(
        name="mse_and_mae",
        solution=_mse_and_mae,
        cases=_MSE_MAE_CASES,
        formula="with residuals r = y_pred - y_true, return (mean(r**2), mean(|r|)) as two floats.",
        mistakes=[
            Mistake("mse_and_mae", _sums_not_means,
                    "you summed the squared and absolute residuals instead of averaging them: use np.mean, "
                    "or divide the sums by n."),
            Mistake("mse_and_mae", _signed_mae,
                    "the MAE averages the absolute residuals |r|; without np.abs, positive and negative "
                    "residuals cancel."),
            Mistake("mse_and_mae", _root_mse,
                    "you took the square root of the mean squared error (that is the RMSE); the MSE has no "
                    "square root."),
        ],
        arg_names=("y_true", "y_pred"),
    ),
    Exercise(
        name="clipped_cross_entropy",
        solution=_clipped_cross_entropy,
        cases=_CE_CASES,
        formula="clip p to [eps, 1 - eps], then return -mean(y * log(p) + (1 - y) * log(1 - p)) as a float.",
        mistakes=[
            Mistake("clipped_cross_entropy", _no_clipping,
                    "a probability of exactly 0 or 1 makes a log -inf: clip p to [eps, 1 - eps] with "
                    "np.clip before taking logs."),
            Mistake("clipped_cross_entropy", _summed_cross_entropy,
                    "you summed the losses of the examples; the cross-entropy of a data set is their mean."),
            Mistake("clipped_cross_entropy", _no_minus_sign,
                    "the result is negative: the loss is minus the mean log-probability of the true label, "
                    "so put a minus sign in front."),
            Mistake("clipped_cross_entropy", _swapped_logs,
                    "the logs are swapped: a label 1 costs -log(p) and a label 0 costs -log(1 - p)."),
        ],
        arg_names=("y", "p"),
    ),
    Exercise(
        name="cross_entropy_from_logits",
        solution=_cross_entropy_from_logits,
        cases=_LOGIT_CASES,
        formula="with m_i the largest logit of row i, log p_ij = Z_ij - m_i - log(sum_l exp(Z_il - m_i)); "
                "return the mean over the rows i of -log p_i,y_i as a float.",
        mistakes=[
            Mistake("cross_entropy_from_logits", _unshifted_logits,
                    "np.exp overflows to inf for logits near 1000: subtract each row's largest logit before "
                    "exponentiating and add it back outside the log (Z.max(axis=1, keepdims=True))."),
            Mistake("cross_entropy_from_logits", _global_max_shift,
                    "you subtracted the largest logit of the whole array; a row far below it underflows to "
                    "exp(...) = 0 and log(0) = -inf. Shift each row by its own maximum (axis=1, keepdims=True)."),
            Mistake("cross_entropy_from_logits", _columns_for_every_row,
                    "log_probs[:, y] takes the columns y for every row, an n-by-n block; take one entry per row "
                    "with log_probs[np.arange(n), y]."),
            Mistake("cross_entropy_from_logits", _every_class,
                    "you averaged the log-probabilities of every class; the loss of example i is -log p of its "
                    "true class y_i only."),
        ],
        arg_names=("Z", "y"),
    ),
)
