"""Plausible wrong answers to the ``backpropagation`` assignment, each with the hint it gets.

The grader names one of these only when it reproduces the student's results on every input of
a check (:mod:`paramcourse.grading.diagnosis`). Each function has the contract's signature.
"""

from __future__ import annotations

import functools

import numpy as np

from paramcourse.grading.diagnosis import collect, mistake


def _quiet(func):
    """Run ``func`` without NumPy's overflow and division warnings: the grader runs these mistakes
    on large logits, and a warning would print a line of this private file to the student."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        with np.errstate(all="ignore"):
            return func(*args, **kwargs)

    return run


def _softmax(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _log_softmax(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _network(X, y, W1, b1, W2, b2, *, mask="Z1", dW2_from="A1", dW1_transposed=False, average=True,
             use_b1=True, unstable=False, sum_b=True, keys=("W1", "b1", "W2", "b2")):
    """The two-layer forward and backward pass with one known slip switched on by a keyword."""
    n, k = X.shape[0], W2.shape[1]
    Z1 = X @ W1 + (b1 if use_b1 else 0.0)
    A1 = np.maximum(Z1, 0.0)
    Z2 = A1 @ W2 + b2
    if unstable:
        P = np.exp(Z2) / np.exp(Z2).sum(axis=1, keepdims=True)
        loss = float(-np.mean(np.log(P[np.arange(n), y])))
    else:
        P = _softmax(Z2)
        loss = float(-np.mean(_log_softmax(Z2)[np.arange(n), y]))
    dZ2 = (P - np.eye(k)[y]) / (n if average else 1)
    dW2 = (A1 if dW2_from == "A1" else Z1).T @ dZ2
    db2 = dZ2.sum(axis=0) if sum_b else dZ2
    dA1 = dZ2 @ W2.T
    dZ1 = {"Z1": dA1 * (Z1 > 0), "Z1>=0": dA1 * (Z1 >= 0), "dA1": dA1 * (dA1 > 0), "none": dA1}[mask]
    dW1 = dZ1.T @ X if dW1_transposed else X.T @ dZ1
    db1 = dZ1.sum(axis=0) if sum_b else dZ1
    return loss, dict(zip(keys, (dW1, db1, dW2, db2)))


# ----------------------------------------------------------------------------- linear_forward


@mistake("linear_forward", "the bias is missing: add b to every row, Z = X @ W + b.")
def linear_forward_no_bias(X, W, b):
    return X @ W


@mistake("linear_forward", "the bias is subtracted: the layer computes Z = X @ W + b.")
def linear_forward_minus_bias(X, W, b):
    return X @ W - b


@mistake("linear_forward", "your Z is transposed, shape (fan_out, n) (W.T @ X.T + ...): with one sample per "
         "row, Z = X @ W + b has shape (n, fan_out).")
def linear_forward_transposed(X, W, b):
    return W.T @ X.T + b[:, None]


# ----------------------------------------------------------------------------- linear_backward


@mistake("linear_backward", "dW is transposed (dZ.T @ X has shape (fan_out, fan_in)): dW = X.T @ dZ has the "
         "shape of W, (fan_in, fan_out).")
def linear_backward_dW_transposed(dZ, X, W):
    return dZ @ W.T, dZ.T @ X, dZ.sum(axis=0)


@mistake("linear_backward", "dX is transposed (W @ dZ.T has shape (fan_in, n)): dX = dZ @ W.T has the shape "
         "of X, (n, fan_in).")
def linear_backward_dX_transposed(dZ, X, W):
    return W @ dZ.T, X.T @ dZ, dZ.sum(axis=0)


@mistake("linear_backward", "db was not summed over the samples (it has one row per sample, shape (n, fan_out)): "
         "b is added to every row, so its gradient adds up the rows, db = dZ.sum(axis=0).")
def linear_backward_db_not_summed(dZ, X, W):
    return dZ @ W.T, X.T @ dZ, dZ


@mistake("linear_backward", "db is averaged over the samples: sum the rows instead, db = dZ.sum(axis=0) (the 1/n "
         "of the mean loss is already inside dZ).")
def linear_backward_db_mean(dZ, X, W):
    return dZ @ W.T, X.T @ dZ, dZ.mean(axis=0)


@mistake("linear_backward", "db is summed over the wrong axis (axis=1 gives one number per sample): sum over "
         "the samples, db = dZ.sum(axis=0), one entry per output unit.")
def linear_backward_db_wrong_axis(dZ, X, W):
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=1)


@mistake("linear_backward", "db is the sum of all entries of dZ, a single number: sum over the samples only, "
         "db = dZ.sum(axis=0), one entry per output unit.")
def linear_backward_db_total(dZ, X, W):
    return dZ @ W.T, X.T @ dZ, dZ.sum()


@mistake("linear_backward", "dW is divided by n: dW = X.T @ dZ with no extra 1/n (the 1/n of the mean loss is "
         "already inside dZ).")
def linear_backward_dW_mean(dZ, X, W):
    return dZ @ W.T, X.T @ dZ / X.shape[0], dZ.sum(axis=0)


# ----------------------------------------------------------------------------- relu_backward


@mistake("relu_backward", "the mask is taken from dA instead of Z: the gradient passes where the ReLU's input "
         "was positive, dZ = dA * (Z > 0).")
def relu_backward_mask_from_dA(dA, Z):
    return dA * (dA > 0)


@mistake("relu_backward", "you returned the ReLU's derivative (Z > 0) alone: multiply it by the upstream "
         "gradient, dZ = dA * (Z > 0).")
def relu_backward_mask_only(dA, Z):
    return (Z > 0).astype(float)


@mistake("relu_backward", "you multiplied dA by relu(Z) = max(Z, 0) instead of by its derivative: use the mask, "
         "dZ = dA * (Z > 0).")
def relu_backward_times_relu(dA, Z):
    return dA * np.maximum(Z, 0)


@mistake("relu_backward", "your mask is Z >= 0, which lets the gradient through where Z == 0: the contract's "
         "mask is Z > 0 (the gradient is 0 at Z == 0).")
def relu_backward_mask_includes_zero(dA, Z):
    return dA * (Z >= 0)


@mistake("relu_backward", "your function changes the caller's dA in place (dA[Z <= 0] = 0): work on a copy, "
         "dZ = dA.copy(), or return the new array dA * (Z > 0).")
def relu_backward_mutates_dA(dA, Z):
    dA[Z <= 0] = 0
    return dA


@mistake("relu_backward", "your function changes the caller's Z in place (Z[Z < 0] = 0, an in-place ReLU): "
         "leave Z as it is and return dA * (Z > 0).")
def relu_backward_mutates_Z(dA, Z):
    Z[Z < 0] = 0
    return dA * (Z > 0)


# ----------------------------------------------------------------------------- softmax_cross_entropy


@mistake("softmax_cross_entropy", "dZ is n times too large: the loss is a mean over the n samples, so "
         "dZ = (softmax(Z) - onehot(y)) / n.")
def softmax_cross_entropy_dZ_not_averaged(Z, y):
    n, k = Z.shape
    return float(-np.mean(_log_softmax(Z)[np.arange(n), y])), _softmax(Z) - np.eye(k)[y]


@mistake("softmax_cross_entropy", "you summed over the samples instead of averaging (both the loss and dZ are n "
         "times too large): the loss is the mean of -log p, and dZ = (softmax(Z) - onehot(y)) / n.")
def softmax_cross_entropy_summed(Z, y):
    n, k = Z.shape
    return float(-np.sum(_log_softmax(Z)[np.arange(n), y])), _softmax(Z) - np.eye(k)[y]


@mistake("softmax_cross_entropy", "the loss is summed over the samples instead of averaged: take the mean of "
         "-log softmax(Z)[i, y[i]].")
def softmax_cross_entropy_loss_summed(Z, y):
    n, k = Z.shape
    return float(-np.sum(_log_softmax(Z)[np.arange(n), y])), (_softmax(Z) - np.eye(k)[y]) / n


@mistake("softmax_cross_entropy", "the loss has the wrong sign: cross-entropy is minus the mean log-probability "
         "of the true class, so it is never negative.")
def softmax_cross_entropy_loss_sign(Z, y):
    n, k = Z.shape
    return float(np.mean(_log_softmax(Z)[np.arange(n), y])), (_softmax(Z) - np.eye(k)[y]) / n


@mistake("softmax_cross_entropy", "dZ has the wrong sign: the gradient of the loss is (softmax(Z) - onehot(y)) / n, "
         "probabilities minus targets.")
def softmax_cross_entropy_dZ_sign(Z, y):
    n, k = Z.shape
    return float(-np.mean(_log_softmax(Z)[np.arange(n), y])), (np.eye(k)[y] - _softmax(Z)) / n


@mistake("softmax_cross_entropy", "the softmax is normalized down each column (over the samples, axis=0): "
         "normalize each row, exp(Z) / exp(Z).sum(axis=1, keepdims=True), so that each sample's "
         "probabilities add up to 1.")
@_quiet
def softmax_cross_entropy_columns(Z, y):
    n, k = Z.shape
    e = np.exp(Z - Z.max(axis=0))
    P = e / e.sum(axis=0)
    return float(-np.mean(np.log(P[np.arange(n), y]))), (P - np.eye(k)[y]) / n


@mistake("softmax_cross_entropy", "the loss picks P[:, y], an (n, n) block of probabilities: pick one entry per "
         "row, P[np.arange(n), y], the probability of each sample's own label.")
def softmax_cross_entropy_all_pairs(Z, y):
    n, k = Z.shape
    return float(-np.mean(_log_softmax(Z)[:, y])), (_softmax(Z) - np.eye(k)[y]) / n


@mistake("softmax_cross_entropy", "the number of classes was taken from the labels (y.max() + 1), which is too "
         "small when the largest class does not occur: use k = Z.shape[1], e.g. np.eye(Z.shape[1])[y].")
def softmax_cross_entropy_k_from_labels(Z, y):
    n = Z.shape[0]
    onehot = np.eye(y.max() + 1)[y]
    return float(-np.mean(_log_softmax(Z)[np.arange(n), y])), (_softmax(Z) - onehot) / n


@mistake("softmax_cross_entropy", "np.exp overflows for large logits (exp(1000) is inf, and inf / inf is NaN): "
         "subtract each row's max from Z before np.exp, which does not change the softmax.")
@_quiet
def softmax_cross_entropy_unstable(Z, y):
    n, k = Z.shape
    e = np.exp(Z)
    P = e / e.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(P[np.arange(n), y]))), (P - np.eye(k)[y]) / n


@mistake("softmax_cross_entropy", "you subtracted the max of the whole array, not of each row: a row whose logits "
         "are all far below it underflows to 0 / 0. Subtract each row's own max, Z.max(axis=1, keepdims=True).")
@_quiet
def softmax_cross_entropy_global_max(Z, y):
    n, k = Z.shape
    e = np.exp(Z - Z.max())
    P = e / e.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(P[np.arange(n), y]))), (P - np.eye(k)[y]) / n


@mistake("softmax_cross_entropy", "the loss takes np.log of a probability that underflows to 0 (log 0 = -inf) for a "
         "label far below the row's max: compute the log-probability directly, log p = (Z - m) - "
         "log(sum(exp(Z - m))) with m the row's max (log-sum-exp).")
@_quiet
def softmax_cross_entropy_log_of_probability(Z, y):
    n, k = Z.shape
    P = _softmax(Z)
    return float(-np.mean(np.log(P[np.arange(n), y]))), (P - np.eye(k)[y]) / n


@mistake("softmax_cross_entropy", "your function changes the caller's Z in place (Z -= Z.max(...)): write "
         "shifted = Z - Z.max(axis=1, keepdims=True), a new array.")
def softmax_cross_entropy_shifts_Z_in_place(Z, y):
    n, k = Z.shape
    Z -= Z.max(axis=1, keepdims=True)
    log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[np.arange(n), y])), (np.exp(log_p) - np.eye(k)[y]) / n


# ----------------------------------------------------------------------------- two_layer_gradients


@mistake("two_layer_gradients", "the backward pass skips the ReLU: multiply by its mask before the first layer, "
         "dZ1 = dA1 * (Z1 > 0).")
def two_layer_gradients_no_relu_mask(X, y, W1, b1, W2, b2):
    return _network(X, y, W1, b1, W2, b2, mask="none")


@mistake("two_layer_gradients", "the ReLU mask is taken from dA1 instead of Z1: dZ1 = dA1 * (Z1 > 0), where the "
         "hidden units were active in the forward pass.")
def two_layer_gradients_mask_from_dA1(X, y, W1, b1, W2, b2):
    return _network(X, y, W1, b1, W2, b2, mask="dA1")


@mistake("two_layer_gradients", "the ReLU mask is Z1 >= 0, which lets the gradient through hidden units with "
         "Z1 == 0 exactly: use dZ1 = dA1 * (Z1 > 0), as in relu_backward.")
def two_layer_gradients_mask_includes_zero(X, y, W1, b1, W2, b2):
    return _network(X, y, W1, b1, W2, b2, mask="Z1>=0")


@mistake("two_layer_gradients", "dW2 uses Z1, the hidden layer before the ReLU: the second layer's input is "
         "A1 = relu(Z1), so dW2 = A1.T @ dZ2.")
def two_layer_gradients_Z1_for_dW2(X, y, W1, b1, W2, b2):
    return _network(X, y, W1, b1, W2, b2, dW2_from="Z1")


@mistake("two_layer_gradients", "grads['W1'] is transposed (dZ1.T @ X): dW1 = X.T @ dZ1 has the shape of W1, "
         "(d_in, hidden).")
def two_layer_gradients_dW1_transposed(X, y, W1, b1, W2, b2):
    return _network(X, y, W1, b1, W2, b2, dW1_transposed=True)


@mistake("two_layer_gradients", "every gradient is n times too large: the loss is a mean, so dZ2 = "
         "(softmax(Z2) - onehot(y)) / n.")
def two_layer_gradients_not_averaged(X, y, W1, b1, W2, b2):
    return _network(X, y, W1, b1, W2, b2, average=False)


@mistake("two_layer_gradients", "the forward pass leaves out b1: Z1 = X @ W1 + b1.")
def two_layer_gradients_no_b1(X, y, W1, b1, W2, b2):
    return _network(X, y, W1, b1, W2, b2, use_b1=False)


@mistake("two_layer_gradients", "the bias gradients were not summed over the samples (shape (n, ...)): "
         "db1 = dZ1.sum(axis=0) and db2 = dZ2.sum(axis=0), shaped like b1 and b2.")
def two_layer_gradients_db_not_summed(X, y, W1, b1, W2, b2):
    return _network(X, y, W1, b1, W2, b2, sum_b=False)


@mistake("two_layer_gradients", "the keys of grads are 'dW1', 'db1', ...: name each gradient after its "
         "parameter, grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}.")
def two_layer_gradients_d_keys(X, y, W1, b1, W2, b2):
    return _network(X, y, W1, b1, W2, b2, keys=("dW1", "db1", "dW2", "db2"))


@mistake("two_layer_gradients", "the softmax overflows for large logits (inf or NaN): subtract each row's max before "
         "np.exp and compute the loss with log-sum-exp, e.g. by calling your softmax_cross_entropy.")
@_quiet
def two_layer_gradients_unstable(X, y, W1, b1, W2, b2):
    return _network(X, y, W1, b1, W2, b2, unstable=True)


MISTAKES = collect(globals())
