"""Practice of chapter 2, *Parameters and hyperparameters*: one step of the training loop (it
returns new parameters and only reads the learning rate), the prediction of k-nearest neighbours
(no fitted parameters, one hyperparameter k), and the outer loop that chooses a polynomial degree
on validation data while least squares fits the coefficients inside it.
"""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

__all__ = ["EXERCISES"]

_rng = np.random.default_rng(202)

# ------------------------------------------------------------------------- training_step


def training_step(w, b, X, y, learning_rate):
    """One gradient-descent step on the MSE of y_hat = X @ w + b; returns the new (w, b)."""
    n = X.shape[0]
    r = X @ w + b - y
    grad_w = 2 * X.T @ r / n
    grad_b = 2 * np.sum(r) / n
    return w - learning_rate * grad_w, float(b - learning_rate * grad_b)


def _step_without_two(w, b, X, y, learning_rate):
    n = X.shape[0]
    r = X @ w + b - y
    return w - learning_rate * (X.T @ r) / n, float(b - learning_rate * np.sum(r) / n)


def _step_uphill(w, b, X, y, learning_rate):
    n = X.shape[0]
    r = X @ w + b - y
    return w + learning_rate * 2 * X.T @ r / n, float(b + learning_rate * 2 * np.sum(r) / n)


def _step_summed_gradient(w, b, X, y, learning_rate):
    r = X @ w + b - y
    return w - learning_rate * 2 * X.T @ r, float(b - learning_rate * 2 * np.sum(r))


def _step_in_place(w, b, X, y, learning_rate):
    n = X.shape[0]
    r = X @ w + b - y
    w -= learning_rate * 2 * X.T @ r / n
    return w, float(b - learning_rate * 2 * np.sum(r) / n)


def _linear_data(n: int, w: np.ndarray, b: float) -> tuple[np.ndarray, np.ndarray]:
    X = _rng.normal(size=(n, w.size))
    return X, X @ w + b + _rng.normal(0, 0.3, n)


_X5, _y5 = _linear_data(5, np.array([1.0, -2.0]), 0.5)
_X7, _y7 = _linear_data(7, np.array([0.5, 1.0, -1.0]), -1.0)
_X4, _y4 = _linear_data(4, np.array([2.0]), 1.0)
_STEP_CASES = [
    Case("X of shape (5, 2), w = (0.2, 0.1), b = -0.3, learning rate 0.1",
         (np.array([0.2, 0.1]), -0.3, _X5, _y5, 0.1)),
    Case("X of shape (7, 3), w = (1, 0, -0.5), b = 0.5, learning rate 0.05",
         (np.array([1.0, 0.0, -0.5]), 0.5, _X7, _y7, 0.05)),
    Case("one feature: X of shape (4, 1), w = (0,), b = 0, learning rate 0.3", (np.zeros(1), 0.0, _X4, _y4, 0.3)),
]

# -------------------------------------------------------------- nearest_neighbours_predict


def nearest_neighbours_predict(X_train, y_train, X_new, k):
    """The k-nearest-neighbours prediction for each row of X_new: the mean target of its k
    nearest training points (Euclidean distance)."""
    distances = np.sum((X_new[:, None, :] - X_train[None, :, :]) ** 2, axis=2)
    nearest = np.argsort(distances, axis=1)[:, :k]
    return np.mean(y_train[nearest], axis=1)


def _knn_skips_nearest(X_train, y_train, X_new, k):
    distances = np.sum((X_new[:, None, :] - X_train[None, :, :]) ** 2, axis=2)
    return np.mean(y_train[np.argsort(distances, axis=1)[:, 1:k + 1]], axis=1)


def _knn_farthest(X_train, y_train, X_new, k):
    distances = np.sum((X_new[:, None, :] - X_train[None, :, :]) ** 2, axis=2)
    return np.mean(y_train[np.argsort(distances, axis=1)[:, -k:]], axis=1)


def _knn_ignores_k(X_train, y_train, X_new, k):
    return np.full(X_new.shape[0], np.mean(y_train))


_KNN_CASES = [
    Case("8 training points in 2-D, 3 new points, k = 3",
         (_rng.normal(size=(8, 2)), _rng.normal(size=8), _rng.normal(size=(3, 2)), 3)),
    Case("10 training points in 1-D, 4 new points, k = 2",
         (_rng.uniform(-3, 3, size=(10, 1)), _rng.normal(2.0, 1.0, size=10), _rng.uniform(-3, 3, size=(4, 1)), 2)),
    Case("6 training points in 3-D, 2 new points, k = 1",
         (_rng.normal(size=(6, 3)), _rng.normal(size=6), _rng.normal(size=(2, 3)), 1)),
]

# ------------------------------------------------------------------------- choose_degree


def choose_degree(x_train, y_train, x_val, y_val, degrees):
    """The outer loop: fit a polynomial of each degree on the training data, score it on the
    validation data, and return the best degree and every validation MSE."""
    val_mse = []
    for degree in degrees:
        coef = np.polyfit(x_train, y_train, degree)
        val_mse.append(np.mean((np.polyval(coef, x_val) - y_val) ** 2))
    val_mse = np.array(val_mse)
    return degrees[np.argmin(val_mse)], val_mse


def _degree_by_training_error(x_train, y_train, x_val, y_val, degrees):
    errors = np.array([np.mean((np.polyval(np.polyfit(x_train, y_train, p), x_train) - y_train) ** 2)
                       for p in degrees])
    return degrees[np.argmin(errors)], errors


def _degree_index(x_train, y_train, x_val, y_val, degrees):
    _, val_mse = choose_degree(x_train, y_train, x_val, y_val, degrees)
    return int(np.argmin(val_mse)), val_mse


def _degree_largest_error(x_train, y_train, x_val, y_val, degrees):
    _, val_mse = choose_degree(x_train, y_train, x_val, y_val, degrees)
    return degrees[np.argmax(val_mse)], val_mse


def _degree_summed_errors(x_train, y_train, x_val, y_val, degrees):
    _, val_mse = choose_degree(x_train, y_train, x_val, y_val, degrees)
    return degrees[np.argmin(val_mse)], val_mse * len(y_val)


def _cubic_data(n: int) -> tuple[np.ndarray, np.ndarray]:
    x = _rng.uniform(-1.0, 1.0, size=n)
    return x, 1.0 - 2.0 * x + 3.0 * x**3 + _rng.normal(0, 0.3, n)


_xa, _ya = _cubic_data(12)
_xa_val, _ya_val = _cubic_data(8)
_xb, _yb = _cubic_data(10)
_xb_val, _yb_val = _cubic_data(10)
_xc, _yc = _cubic_data(15)
_xc_val, _yc_val = _cubic_data(6)
_DEGREE_CASES = [
    Case("12 training and 8 validation points, degrees [1, 2, 3, 4, 5]", (_xa, _ya, _xa_val, _ya_val, [1, 2, 3, 4, 5])),
    Case("10 training and 10 validation points, degrees [2, 3, 6]", (_xb, _yb, _xb_val, _yb_val, [2, 3, 6])),
    Case("15 training and 6 validation points, degrees [0, 1, 3, 4]", (_xc, _yc, _xc_val, _yc_val, [0, 1, 3, 4])),
]

EXERCISES = (
    Exercise(
        name="training_step",
        solution=training_step,
        cases=_STEP_CASES,
        formula=("with r = X @ w + b - y: grad_w = (2/n) * X.T @ r, grad_b = (2/n) * sum(r); return "
                 "(w - learning_rate * grad_w, b - learning_rate * grad_b) as new values"),
        mistakes=[
            Mistake("training_step", _step_without_two,
                    "your step is half the right one: the derivative of r**2 is 2 * r, so the gradient of "
                    "the MSE carries a factor 2."),
            Mistake("training_step", _step_uphill,
                    "you stepped uphill: subtract learning_rate times the gradient from w and b."),
            Mistake("training_step", _step_summed_gradient,
                    "you summed over the examples: the MSE averages over the n examples, so its gradient "
                    "is divided by n too."),
            Mistake("training_step", _step_in_place,
                    "the values are right, but w -= ... changed the caller's w in place: write "
                    "w_new = w - learning_rate * grad_w and return the new array."),
        ],
        arg_names=("w", "b", "X", "y", "learning_rate"),
    ),
    Exercise(
        name="nearest_neighbours_predict",
        solution=nearest_neighbours_predict,
        cases=_KNN_CASES,
        formula=("for each row of X_new, the mean of y_train over the k training rows with the smallest "
                 "Euclidean distance to it; an array of shape (m,)"),
        mistakes=[
            Mistake("nearest_neighbours_predict", _knn_skips_nearest,
                    "you skipped the nearest training point: the new points are not in the training set, "
                    "so keep the first k entries of the sorted order, [:k]."),
            Mistake("nearest_neighbours_predict", _knn_farthest,
                    "you averaged the k farthest training points: np.argsort sorts from the smallest "
                    "distance up, so the nearest come first."),
            Mistake("nearest_neighbours_predict", _knn_ignores_k,
                    "every prediction is the mean of all training targets: average only the targets of "
                    "the k nearest training points of each new point."),
        ],
        arg_names=("X_train", "y_train", "X_new", "k"),
    ),
    Exercise(
        name="choose_degree",
        solution=choose_degree,
        cases=_DEGREE_CASES,
        formula=("for each degree p: coef = np.polyfit(x_train, y_train, p), validation MSE = "
                 "mean((np.polyval(coef, x_val) - y_val)**2); return (the degree with the smallest "
                 "validation MSE, the array of validation MSEs)"),
        mistakes=[
            Mistake("choose_degree", _degree_by_training_error,
                    "you scored each degree on the training points it was fitted to, which favours the "
                    "highest degree: compute the MSE on x_val and y_val."),
            Mistake("choose_degree", _degree_index,
                    "you returned the position of the best degree in the list: return the degree itself, "
                    "degrees[i]."),
            Mistake("choose_degree", _degree_largest_error,
                    "you picked the degree with the largest validation error: the best degree has the "
                    "smallest (np.argmin)."),
            Mistake("choose_degree", _degree_summed_errors,
                    "the errors are n times too large: average the squared errors over the validation "
                    "points instead of adding them up."),
        ],
        arg_names=("x_train", "y_train", "x_val", "y_val", "degrees"),
        rtol=1e-6,
    ),
)
