"""Held-out wrong implementations for the ``backpropagation`` assignment."""
from __future__ import annotations

import numpy as np

from . import collect, held_out


# ---------------------------------------------------------------- linear layer

@held_out("linear_forward", "leaves out the bias: returns X @ W instead of X @ W + b (right only "
          "when b is zero)")
def linear_forward_no_bias(X, W, b):
    return X @ W


@held_out("linear_backward", "computes dW as dZ.T @ X, the transpose of X.T @ dZ, so dW has shape "
          "(fan_out, fan_in) instead of W's shape (fan_in, fan_out)")
def linear_backward_dW_transposed(dZ, X, W):
    return dZ @ W.T, dZ.T @ X, dZ.sum(axis=0)


@held_out("linear_backward", "returns db = dZ without summing over the samples (axis 0), so db has "
          "shape (n, fan_out) instead of (fan_out,)")
def linear_backward_db_not_summed(dZ, X, W):
    return dZ @ W.T, X.T @ dZ, dZ


# ---------------------------------------------------------------- relu

@held_out("relu_backward", "uses the mask Z >= 0 instead of Z > 0, so the gradient passes through "
          "where Z is exactly zero (only differs at Z == 0)")
def relu_backward_ge_zero(dA, Z):
    return dA * (Z >= 0)


@held_out("relu_backward", "builds the mask from the upstream gradient dA (dA > 0) instead of from "
          "the pre-activation Z")
def relu_backward_mask_on_dA(dA, Z):
    return dA * (dA > 0)


# ---------------------------------------------------------------- softmax cross-entropy

@held_out("softmax_cross_entropy", "exponentiates Z without subtracting the row maximum first, so "
          "large logits overflow to inf and the loss and dZ become nan")
def softmax_cross_entropy_no_max_shift(Z, y):
    n = Z.shape[0]
    e = np.exp(Z)
    p = e / e.sum(axis=1, keepdims=True)
    loss = float(-np.mean(np.log(p[np.arange(n), y])))
    dZ = p.copy()
    dZ[np.arange(n), y] -= 1
    return loss, dZ / n


@held_out("softmax_cross_entropy", "sums the per-sample losses instead of averaging them, so the "
          "loss is n times too large (dZ is right)")
def softmax_cross_entropy_sum_loss(Z, y):
    n = Z.shape[0]
    s = Z - Z.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    loss = float(-np.sum(logp[np.arange(n), y]))
    dZ = np.exp(logp)
    dZ[np.arange(n), y] -= 1
    return loss, dZ / n


@held_out("softmax_cross_entropy", "returns dZ = softmax(Z) - onehot(y) without dividing by n "
          "(the loss is right)")
def softmax_cross_entropy_dZ_not_divided(Z, y):
    n = Z.shape[0]
    s = Z - Z.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    loss = float(-np.mean(logp[np.arange(n), y]))
    dZ = np.exp(logp)
    dZ[np.arange(n), y] -= 1
    return loss, dZ


@held_out("softmax_cross_entropy", "indexes the log-probabilities with [:, y] instead of "
          "[np.arange(n), y], so the loss averages an (n, n) table of every sample against every "
          "label (right only when all labels are equal, e.g. n == 1)")
def softmax_cross_entropy_column_index(Z, y):
    n = Z.shape[0]
    s = Z - Z.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    loss = float(-np.mean(logp[:, y]))
    dZ = np.exp(logp)
    dZ[np.arange(n), y] -= 1
    return loss, dZ / n


@held_out("softmax_cross_entropy", "builds the one-hot matrix for dZ as np.eye(y.max() + 1)[y], which "
          "has too few columns when the largest class is absent from y (dZ then fails to broadcast, "
          "or silently broadcasts to wrong values when y holds only class 0)")
def softmax_cross_entropy_onehot_from_labels(Z, y):
    n = Z.shape[0]
    s = Z - Z.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    loss = float(-np.mean(logp[np.arange(n), y]))
    onehot = np.eye(y.max() + 1)[y]
    return loss, (np.exp(logp) - onehot) / n


@held_out("softmax_cross_entropy", "squeezes Z first, which turns a one-sample (1, k) input into "
          "shape (k,) so the row-wise max over axis 1 raises an IndexError (AxisError)")
def softmax_cross_entropy_squeezed(Z, y):
    Z = np.squeeze(Z)
    n = Z.shape[0]
    s = Z - Z.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    loss = float(-np.mean(logp[np.arange(n), y]))
    dZ = np.exp(logp)
    dZ[np.arange(n), y] -= 1
    return loss, dZ / n


# ---------------------------------------------------------------- two-layer network

@held_out("two_layer_gradients", "forgets the ReLU in the backward pass (dZ1 = dA1 instead of "
          "dA1 * (Z1 > 0)), so the gradients of W1 and b1 are wrong wherever Z1 < 0")
def two_layer_gradients_no_relu_backward(X, y, W1, b1, W2, b2):
    n = X.shape[0]
    Z1 = X @ W1 + b1
    A1 = np.maximum(Z1, 0)
    Z2 = A1 @ W2 + b2
    s = Z2 - Z2.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    loss = float(-np.mean(logp[np.arange(n), y]))
    dZ2 = np.exp(logp)
    dZ2[np.arange(n), y] -= 1
    dZ2 /= n
    dA1 = dZ2 @ W2.T
    dZ1 = dA1
    return loss, {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}


@held_out("two_layer_gradients", "uses the pre-activation Z1 instead of the activation A1 = "
          "relu(Z1) as the input of the second layer in dW2 = A1.T @ dZ2")
def two_layer_gradients_dW2_from_Z1(X, y, W1, b1, W2, b2):
    n = X.shape[0]
    Z1 = X @ W1 + b1
    A1 = np.maximum(Z1, 0)
    Z2 = A1 @ W2 + b2
    s = Z2 - Z2.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    loss = float(-np.mean(logp[np.arange(n), y]))
    dZ2 = np.exp(logp)
    dZ2[np.arange(n), y] -= 1
    dZ2 /= n
    dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
    return loss, {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": Z1.T @ dZ2, "b2": dZ2.sum(axis=0)}


@held_out("two_layer_gradients", "divides the weight and bias gradients by n again although dZ "
          "from softmax_cross_entropy is already averaged, so every gradient is n times too small")
def two_layer_gradients_divides_by_n_twice(X, y, W1, b1, W2, b2):
    n = X.shape[0]
    Z1 = X @ W1 + b1
    A1 = np.maximum(Z1, 0)
    Z2 = A1 @ W2 + b2
    s = Z2 - Z2.max(axis=1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    loss = float(-np.mean(logp[np.arange(n), y]))
    dZ2 = np.exp(logp)
    dZ2[np.arange(n), y] -= 1
    dZ2 /= n
    dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
    return loss, {"W1": X.T @ dZ1 / n, "b1": dZ1.sum(axis=0) / n,
                  "W2": A1.T @ dZ2 / n, "b2": dZ2.sum(axis=0) / n}


# Held-out mistakes whose hint names a catalogued mistake, each judged by reading the named
# hint against the true cause above: the same mistake, so naming it is right.
SAME_AS = {
    'linear_forward_no_bias': ('linear_forward_no_bias',),
    'linear_backward_dW_transposed': ('linear_backward_dW_transposed',),
    'linear_backward_db_not_summed': ('linear_backward_db_not_summed',),
    'relu_backward_ge_zero': ('relu_backward_mask_includes_zero',),
    'relu_backward_mask_on_dA': ('relu_backward_mask_from_dA',),
    'softmax_cross_entropy_no_max_shift': ('softmax_cross_entropy_unstable',),
    'softmax_cross_entropy_sum_loss': ('softmax_cross_entropy_loss_summed',),
    'softmax_cross_entropy_dZ_not_divided': ('softmax_cross_entropy_dZ_not_averaged',),
    'softmax_cross_entropy_column_index': ('softmax_cross_entropy_all_pairs',),
    'softmax_cross_entropy_onehot_from_labels': ('softmax_cross_entropy_k_from_labels',),
    'two_layer_gradients_no_relu_backward': ('two_layer_gradients_no_relu_mask',),
    'two_layer_gradients_dW2_from_Z1': ('two_layer_gradients_Z1_for_dW2',),
}

HELD_OUT = collect(globals())
