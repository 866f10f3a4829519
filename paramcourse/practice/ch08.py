"""Practice of chapter 8, capacity: a least-squares polynomial from its design matrix, the training
and validation error of one degree, and bias and variance from repeated fits."""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

_rng = np.random.default_rng(8)


def _points(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` noisy points of a curve with a non-zero intercept, ``x`` in [-1, 1]."""
    x = _rng.uniform(-1.0, 1.0, size=n)
    y = 0.7 + 1.5 * x - 2.0 * x**2 + 0.8 * x**3 + 0.3 * _rng.standard_normal(n)
    return x, y


# ------------------------------------------------------------------------------ polynomial_fit


def polynomial_fit(x, y, degree):
    """The least-squares polynomial of `degree` through the points (x, y).

    The design matrix A has one column per power, [1, x, x**2, ..., x**degree]; coefs is the
    least-squares solution of A @ coefs = y.

    x, y: arrays of shape (n,); degree: int.
    Returns an array of shape (degree + 1,): the intercept b, then w_1, ..., w_degree.
    """
    A = np.column_stack([x ** k for k in range(degree + 1)])
    coefs, *_ = np.linalg.lstsq(A, y, rcond=None)
    return coefs


def _fit_without_the_column_of_ones(x, y, degree):
    A = np.column_stack([x ** k for k in range(1, degree + 1)])
    return np.linalg.lstsq(A, y, rcond=None)[0]


def _fit_highest_power_first(x, y, degree):
    return np.linalg.lstsq(np.vander(x, degree + 1), y, rcond=None)[0]


def _fit_one_power_short(x, y, degree):
    A = np.column_stack([x ** k for k in range(degree)])
    return np.linalg.lstsq(A, y, rcond=None)[0]


_FIT = Exercise(
    name="polynomial_fit",
    solution=polynomial_fit,
    cases=[
        Case("6 points, degree 2", (*_points(6), 2)),
        Case("9 points, degree 2", (*_points(9), 2)),
        Case("12 points, degree 2", (*_points(12), 2)),
    ],
    formula="A = [1, x, x**2, ..., x**degree] (one column per power), coefs = the least-squares "
            "solution of A @ coefs = y, in the order b, w_1, ..., w_degree",
    mistakes=[
        Mistake("polynomial_fit", _fit_without_the_column_of_ones,
                "the model has an intercept b: start the design matrix with the column x**0 = 1, so "
                "that it has degree + 1 columns and coefs[0] is b."),
        Mistake("polynomial_fit", _fit_highest_power_first,
                "np.vander (like np.polyfit) puts the highest power first; return the coefficients "
                "in the order b, w_1, ..., w_degree (np.vander(x, degree + 1, increasing=True))."),
        Mistake("polynomial_fit", _fit_one_power_short,
                "range(degree) stops at x**(degree - 1): use range(degree + 1) so that x**degree is a "
                "column too."),
    ],
    arg_names=("x", "y", "degree"),
)


# ------------------------------------------------------------------------------- degree_errors


def degree_errors(x_train, y_train, x_val, y_val, degree):
    """The training and validation MSE of the least-squares polynomial of `degree`.

    Fit the coefficients on (x_train, y_train) with the design matrix [1, x, ..., x**degree],
    then score that one polynomial on both sets: mean((prediction - y)**2).

    x_train, y_train: arrays of shape (n_train,); x_val, y_val: arrays of shape (n_val,);
    degree: int. Returns (train_mse, val_mse), two floats.
    """
    powers = np.arange(degree + 1)
    A_train = x_train[:, None] ** powers
    A_val = x_val[:, None] ** powers
    coefs, *_ = np.linalg.lstsq(A_train, y_train, rcond=None)
    train_mse = np.mean((A_train @ coefs - y_train) ** 2)
    val_mse = np.mean((A_val @ coefs - y_val) ** 2)
    return float(train_mse), float(val_mse)


def _errors_as_sums(x_train, y_train, x_val, y_val, degree):
    powers = np.arange(degree + 1)
    coefs = np.linalg.lstsq(x_train[:, None] ** powers, y_train, rcond=None)[0]
    return (float(np.sum((x_train[:, None] ** powers @ coefs - y_train) ** 2)),
            float(np.sum((x_val[:, None] ** powers @ coefs - y_val) ** 2)))


def _errors_refitted_on_validation(x_train, y_train, x_val, y_val, degree):
    powers = np.arange(degree + 1)
    on_train = np.linalg.lstsq(x_train[:, None] ** powers, y_train, rcond=None)[0]
    on_val = np.linalg.lstsq(x_val[:, None] ** powers, y_val, rcond=None)[0]
    return (float(np.mean((x_train[:, None] ** powers @ on_train - y_train) ** 2)),
            float(np.mean((x_val[:, None] ** powers @ on_val - y_val) ** 2)))


def _errors_in_the_wrong_order(x_train, y_train, x_val, y_val, degree):
    train_mse, val_mse = degree_errors(x_train, y_train, x_val, y_val, degree)
    return val_mse, train_mse


def _errors_without_intercept(x_train, y_train, x_val, y_val, degree):
    powers = np.arange(1, degree + 1)
    coefs = np.linalg.lstsq(x_train[:, None] ** powers, y_train, rcond=None)[0]
    return (float(np.mean((x_train[:, None] ** powers @ coefs - y_train) ** 2)),
            float(np.mean((x_val[:, None] ** powers @ coefs - y_val) ** 2)))


_ERRORS = Exercise(
    name="degree_errors",
    solution=degree_errors,
    cases=[
        Case("8 training and 5 validation points, degree 2", (*_points(8), *_points(5), 2)),
        Case("10 training and 6 validation points, degree 3", (*_points(10), *_points(6), 3)),
        Case("12 training and 4 validation points, degree 1", (*_points(12), *_points(4), 1)),
    ],
    formula="fit coefs by least squares on the training design matrix [1, x, ..., x**degree], then "
            "train_mse = mean((A_train @ coefs - y_train)**2) and val_mse = mean((A_val @ coefs - "
            "y_val)**2)",
    mistakes=[
        Mistake("degree_errors", _errors_as_sums,
                "you summed the squared errors; the mean squared error divides by the number of points "
                "of each set."),
        Mistake("degree_errors", _errors_refitted_on_validation,
                "the validation error must come from the polynomial fitted to the training data: fit "
                "once on (x_train, y_train), then only evaluate on (x_val, y_val)."),
        Mistake("degree_errors", _errors_in_the_wrong_order,
                "you returned the two errors in the wrong order: the training MSE first, then the "
                "validation MSE."),
        Mistake("degree_errors", _errors_without_intercept,
                "the polynomial has an intercept: include the column x**0 = 1 (powers 0, 1, ..., "
                "degree)."),
    ],
    arg_names=("x_train", "y_train", "x_val", "y_val", "degree"),
)


# ------------------------------------------------------------------------- bias_variance_terms


def bias_variance_terms(predictions, truth):
    """The bias² and the variance of repeated fits, averaged over the test inputs.

    predictions[r, j] is the prediction of the fit to training set r at test input j, and
    truth[j] the true value there. With mean_fit = the mean of the predictions over the fits,
    bias2 = mean over j of (mean_fit[j] - truth[j])**2 and
    variance = mean over r and j of (predictions[r, j] - mean_fit[j])**2.

    predictions: array of shape (n_fits, m); truth: array of shape (m,).
    Returns (bias2, variance), two floats.
    """
    mean_fit = predictions.mean(axis=0)
    bias2 = np.mean((mean_fit - truth) ** 2)
    variance = np.mean((predictions - mean_fit) ** 2)
    return float(bias2), float(variance)


def _terms_with_the_error_of_single_fits(predictions, truth):
    mean_fit = predictions.mean(axis=0)
    return float(np.mean((predictions - truth) ** 2)), float(np.mean((predictions - mean_fit) ** 2))


def _terms_with_the_sample_variance(predictions, truth):
    mean_fit = predictions.mean(axis=0)
    return float(np.mean((mean_fit - truth) ** 2)), float(np.mean(np.var(predictions, axis=0, ddof=1)))


def _terms_with_the_variance_across_inputs(predictions, truth):
    mean_fit = predictions.mean(axis=0)
    return float(np.mean((mean_fit - truth) ** 2)), float(np.mean(np.var(predictions, axis=1)))


def _terms_averaging_before_squaring(predictions, truth):
    mean_fit = predictions.mean(axis=0)
    return float(np.mean(mean_fit - truth) ** 2), float(np.mean((predictions - mean_fit) ** 2))


def _fits(n_repeats: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    truth = np.sin(np.linspace(-1.0, 2.0, m))
    offsets = _rng.normal(0.3, 0.2, size=m)
    offsets[::2] *= -1.0  # biases of both signs: averaging them before squaring lets them cancel
    return truth + offsets + 0.5 * _rng.standard_normal((n_repeats, m)), truth


_TERMS = Exercise(
    name="bias_variance_terms",
    solution=bias_variance_terms,
    cases=[
        Case("4 fits at 3 inputs", _fits(4, 3)),
        Case("6 fits at 5 inputs", _fits(6, 5)),
        Case("3 fits at 7 inputs", _fits(3, 7)),
    ],
    formula="mean_fit = predictions.mean(axis=0) (over the fits), bias2 = mean over the inputs of "
            "(mean_fit - truth)**2, variance = mean over fits and inputs of (predictions - mean_fit)**2",
    mistakes=[
        Mistake("bias_variance_terms", _terms_with_the_error_of_single_fits,
                "you averaged the squared errors of the single fits, which is bias² + variance; the "
                "bias² is the squared error of the average fit: average the predictions over the fits "
                "first."),
        Mistake("bias_variance_terms", _terms_with_the_sample_variance,
                "the variance here is the mean of (predictions - mean_fit)**2 over the fits: divide by "
                "the number of fits, not by one less (np.var's default ddof=0)."),
        Mistake("bias_variance_terms", _terms_with_the_variance_across_inputs,
                "the variance is taken over the fits (axis 0) at each input, then averaged over the "
                "inputs; you took it across the inputs of each fit."),
        Mistake("bias_variance_terms", _terms_averaging_before_squaring,
                "square the error of the average fit at each input before averaging over the inputs; "
                "averaging first lets positive and negative errors cancel."),
    ],
    arg_names=("predictions", "truth"),
)


EXERCISES = (_FIT, _ERRORS, _TERMS)
