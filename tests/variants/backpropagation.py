"""Correct answers to the ``backpropagation`` assignment in several styles (see ``__init__``)."""

from __future__ import annotations

import math

import numpy as np

from . import collect, correct

# ----------------------------------------------------------------------------- linear_forward


@correct("linear_forward")
def linear_forward_vectorized(X, W, b):
    return X @ W + b


@correct("linear_forward")
def linear_forward_loops(X, W, b):
    """Plain Python loops, returning nested lists."""
    n, fan_in = X.shape
    fan_out = W.shape[1]
    Z = []
    for i in range(n):
        row = []
        for j in range(fan_out):
            total = float(b[j])
            for m in range(fan_in):
                total += X[i, m] * W[m, j]
            row.append(total)
        Z.append(row)
    return Z


@correct("linear_forward")
def linear_forward_einsum(X, W, b):
    """np.einsum and an explicit broadcast of b."""
    return np.einsum("ni,io->no", X, W) + np.broadcast_to(b, (X.shape[0], W.shape[1]))


# ----------------------------------------------------------------------------- linear_backward


@correct("linear_backward")
def linear_backward_vectorized(dZ, X, W):
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)


@correct("linear_backward")
def linear_backward_per_sample(dZ, X, W):
    """Sum of per-sample outer products, returned as a list."""
    dW = np.zeros(W.shape)
    db = np.zeros(W.shape[1])
    dX = np.zeros(X.shape)
    for i in range(X.shape[0]):
        dW += np.outer(X[i], dZ[i])
        db += dZ[i]
        dX[i] = W @ dZ[i]
    return [dX, dW, db]


@correct("linear_backward")
def linear_backward_einsum(dZ, X, W):
    """np.einsum, and db as a ones-vector product."""
    return (np.einsum("no,io->ni", dZ, W), np.einsum("ni,no->io", X, dZ), np.ones(dZ.shape[0]) @ dZ)


# ----------------------------------------------------------------------------- relu_backward


@correct("relu_backward")
def relu_backward_mask(dA, Z):
    return dA * (Z > 0)


@correct("relu_backward")
def relu_backward_where(dA, Z):
    """np.where, as a float array."""
    return np.where(Z > 0, dA, 0.0)


@correct("relu_backward")
def relu_backward_copy_then_zero(dA, Z):
    """In-place zeroing on a private copy (np.maximum-free), the cs231n style done right."""
    dZ = np.array(dA, dtype=float, copy=True)
    dZ[Z <= 0] = 0.0
    return dZ


@correct("relu_backward")
def relu_backward_sign(dA, Z):
    """The mask from np.maximum(np.sign(Z), 0): 1 where Z > 0, 0 where Z <= 0."""
    return dA * np.maximum(np.sign(Z), 0)


# ----------------------------------------------------------------------------- softmax_cross_entropy


@correct("softmax_cross_entropy")
def softmax_cross_entropy_logsumexp(Z, y):
    n, k = Z.shape
    m = Z.max(axis=1, keepdims=True)
    log_p = Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True))
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    return -log_p[np.arange(n), y].mean(), (np.exp(log_p) - onehot) / n


@correct("softmax_cross_entropy")
def softmax_cross_entropy_loops(Z, y):
    """Row by row with the math module: a Python float loss and a list of lists for dZ."""
    n, k = Z.shape
    loss = 0.0
    dZ = []
    for i in range(n):
        row = [float(z) for z in Z[i]]
        m = max(row)
        total = math.fsum(math.exp(z - m) for z in row)
        log_total = m + math.log(total)
        loss += (log_total - row[int(y[i])]) / n
        dZ.append([(math.exp(z - log_total) - (1.0 if c == y[i] else 0.0)) / n for c, z in enumerate(row)])
    return loss, dZ


@correct("softmax_cross_entropy")
def softmax_cross_entropy_logaddexp(Z, y):
    """np.logaddexp.reduce for the normalizer, labels picked with np.take_along_axis."""
    n = Z.shape[0]
    lse = np.logaddexp.reduce(Z, axis=1)
    picked = np.take_along_axis(Z, y[:, None], axis=1)[:, 0]
    P = np.exp(Z - lse[:, None])
    P[np.arange(n), y] -= 1.0
    return np.float64(np.mean(lse - picked)), P / n


# ----------------------------------------------------------------------------- two_layer_gradients


@correct("two_layer_gradients")
def two_layer_gradients_composed(X, y, W1, b1, W2, b2):
    """Composed from the correct layer functions above."""
    Z1 = linear_forward_vectorized(X, W1, b1)
    A1 = np.maximum(Z1, 0)
    Z2 = linear_forward_vectorized(A1, W2, b2)
    loss, dZ2 = softmax_cross_entropy_logsumexp(Z2, y)
    dA1, dW2, db2 = linear_backward_vectorized(dZ2, A1, W2)
    dX, dW1, db1 = linear_backward_vectorized(relu_backward_where(dA1, Z1), X, W1)
    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


@correct("two_layer_gradients")
def two_layer_gradients_inline(X, y, W1, b1, W2, b2):
    """Everything inline; keys inserted in another order; the mask from A1 > 0 (same as Z1 > 0)."""
    n = X.shape[0]
    A1 = np.maximum(X @ W1 + b1, 0.0)
    Z2 = A1 @ W2 + b2
    Z2 = Z2 - Z2.max(axis=1, keepdims=True)
    E = np.exp(Z2)
    S = E.sum(axis=1)
    loss = float(np.mean(np.log(S) - Z2[np.arange(n), y]))
    dZ2 = E / S[:, None]
    dZ2[np.arange(n), y] -= 1
    dZ2 /= n
    dZ1 = (dZ2 @ W2.T) * (A1 > 0)
    return loss, {"b2": dZ2.sum(0), "W2": A1.T @ dZ2, "b1": dZ1.sum(0), "W1": X.T @ dZ1}


@correct("two_layer_gradients")
def two_layer_gradients_per_sample(X, y, W1, b1, W2, b2):
    """One sample at a time, accumulating the averaged gradients; loss as a 0-d array."""
    n = X.shape[0]
    grads = {"W1": np.zeros_like(W1), "b1": np.zeros_like(b1), "W2": np.zeros_like(W2), "b2": np.zeros_like(b2)}
    loss = 0.0
    for i in range(n):
        z1 = X[i] @ W1 + b1
        a1 = np.maximum(z1, 0)
        z2 = a1 @ W2 + b2
        lse = z2.max() + np.log(np.sum(np.exp(z2 - z2.max())))
        loss += (lse - z2[y[i]]) / n
        dz2 = np.exp(z2 - lse)
        dz2[y[i]] -= 1
        dz2 /= n
        dz1 = (W2 @ dz2) * (z1 > 0)
        grads["W2"] += np.outer(a1, dz2)
        grads["b2"] += dz2
        grads["W1"] += np.outer(X[i], dz1)
        grads["b1"] += dz1
    return np.asarray(loss), grads


CORRECT = collect(globals())
