r"""Checks of the ``backpropagation`` assignment: ``linear_forward``, ``linear_backward``,
``relu_backward``, ``softmax_cross_entropy``, ``two_layer_gradients``.

Contract (design.md): ``X`` is ``(n, d_in)``, a weight matrix ``W`` is ``(fan_in, fan_out)``, a
bias ``b`` is ``(fan_out,)`` and ``y`` holds integer labels ``0..k-1``.

- ``linear_forward(X, W, b) = X @ W + b``;
- ``linear_backward(dZ, X, W) = (dZ @ W.T, X.T @ dZ, dZ.sum(axis=0))``;
- ``relu_backward(dA, Z) = dA * (Z > 0)``;
- ``softmax_cross_entropy(Z, y) = (mean_i -log softmax(Z)[i, y_i], (softmax(Z) - onehot(y)) / n)``,
  numerically stable;
- ``two_layer_gradients(X, y, W1, b1, W2, b2) = (loss, {"W1", "b1", "W2", "b2"})`` for the network
  ``Z1 = X @ W1 + b1``, ``A1 = relu(Z1)``, ``Z2 = A1 @ W2 + b2`` with the loss above.

Each ``check_*`` takes the student's function, calls it on a few inputs of different shapes and
fails with one paragraph ending in ``Hint: ...`` when the behaviour is wrong. A hint names a
cause only when a mistake of ``mistakes.py`` reproduces the student's results on every input of
the check (:mod:`paramcourse.grading.diagnosis`); otherwise it says what was observed.

The references below are written in closed form; ``tests/test_backpropagation_references.py``
verifies them against central finite differences.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from paramcourse.grading.bundle import mistakes_beside
from paramcourse.grading.compare import check_cases, check_pure, fail, fmt, to_array, to_float
from paramcourse.grading.diagnosis import Case

MISTAKES = mistakes_beside(__file__)


class Network(NamedTuple):
    """A two-layer network and a batch: ``X`` is ``(n, d_in)``, ``y`` ``(n,)`` integer labels,
    ``W1`` ``(d_in, hidden)``, ``b1`` ``(hidden,)``, ``W2`` ``(hidden, k)``, ``b2`` ``(k,)``."""

    X: np.ndarray
    y: np.ndarray
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray
    label: str


def make_network(seed: int, n: int, d_in: int, hidden: int, k: int, label: str, *,
                 y: np.ndarray | None = None, scale2: float = 1.0) -> Network:
    """A seeded network with He-like weights and small biases; ``y`` defaults to random labels
    (every class present when ``n >= k``); ``scale2`` multiplies ``W2`` (large logits)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d_in))
    W1 = rng.normal(size=(d_in, hidden)) * np.sqrt(2.0 / d_in)
    b1 = 0.1 * rng.normal(size=hidden)
    W2 = rng.normal(size=(hidden, k)) * np.sqrt(2.0 / hidden) * scale2
    b2 = 0.1 * rng.normal(size=k)
    if y is None:
        y = np.arange(n) % k
        rng.shuffle(y)
    return Network(X, np.asarray(y, dtype=np.int64), W1, b1, W2, b2, label)


#: The worked example of the notebook (``X_example``, ``y_example``, ``W1_example``, ...):
#: n = 4 samples, d_in = 3 features, 5 hidden units, k = 3 classes.
EXAMPLE = Network(
    X=np.array([[-1.4, -0.9, 0.4], [-0.5, 0.5, 0.8], [-1.4, 1.0, -0.6], [2.1, 0.7, -0.5]]),
    y=np.array([0, 2, 1, 2]),
    W1=np.array([[0.2, 0.2, 0.3, 1.1, 0.4], [1.3, 0.5, -0.1, -1.2, -1.2], [0.2, 0.6, 1.2, -0.5, 0.1]]),
    b1=np.array([-0.2, -0.1, -0.7, 0.2, -0.2]),
    W2=np.array([[-0.1, 0.4, 0.3], [-1.1, 1.2, 0.6], [0.4, -0.5, -1.3], [-1.3, -0.2, 0.1], [-0.6, 1.5, 0.2]]),
    b2=np.array([0.3, 0.3, -0.3]),
    label="the example (X_example, y_example, W1_example, b1_example, W2_example, b2_example)",
)
#: A second visible input of other shapes (n=6, d_in=2, 4 hidden units, k=4 classes): a cause
#: is named only when it explains both.
SECOND = make_network(21, 6, 2, 4, 4, "a second visible network with n=6, d_in=2, 4 hidden units and k=4 classes")
VISIBLE = (EXAMPLE, SECOND)

FORWARD_FORMULA = "Z = X @ W + b, of shape (n, fan_out): b is added to every row"
BACKWARD_FORMULA = (
    "dX = dZ @ W.T (shape (n, fan_in)), dW = X.T @ dZ (shape (fan_in, fan_out)) and "
    "db = dZ.sum(axis=0) (shape (fan_out,)): the bias gradient adds up the rows of dZ"
)
RELU_FORMULA = "dZ = dA * (Z > 0): dA where Z is positive, 0 where Z <= 0 (0 also where Z == 0)"
SOFTMAX_FORMULA = (
    "P = softmax(Z) row by row (subtract each row's max before np.exp), loss = the mean over "
    "samples of -log P[i, y[i]] (a number; compute log P with log-sum-exp), and "
    "dZ = (P - onehot(y)) / n with onehot(y) of shape (n, k), k = Z.shape[1]"
)
TWO_LAYER_FORMULA = (
    "forward: Z1 = X @ W1 + b1, A1 = relu(Z1), Z2 = A1 @ W2 + b2, (loss, dZ2) = "
    "softmax_cross_entropy(Z2, y); backward: dW2 = A1.T @ dZ2, db2 = dZ2.sum(axis=0), "
    "dA1 = dZ2 @ W2.T, dZ1 = dA1 * (Z1 > 0), dW1 = X.T @ dZ1, db1 = dZ1.sum(axis=0)"
)
NETWORK_ARGS = ("X", "y", "W1", "b1", "W2", "b2")

# ----------------------------------------------------------------------------- references


def _linear_forward(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    return X @ W + b


def _linear_backward(dZ: np.ndarray, X: np.ndarray, W: np.ndarray) -> dict[str, np.ndarray]:
    return {"dX": dZ @ W.T, "dW": X.T @ dZ, "db": dZ.sum(axis=0)}


def _relu_backward(dA: np.ndarray, Z: np.ndarray) -> np.ndarray:
    return dA * (Z > 0)


def _log_softmax(Z: np.ndarray) -> np.ndarray:
    """``log softmax(Z)`` row by row, by log-sum-exp after subtracting each row's max."""
    shifted = Z - Z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _softmax_cross_entropy(Z: np.ndarray, y: np.ndarray) -> dict[str, object]:
    n, k = Z.shape
    log_p = _log_softmax(Z)
    onehot = np.eye(k)[y]
    return {"loss": float(-log_p[np.arange(n), y].mean()), "dZ": (np.exp(log_p) - onehot) / n}


def _two_layer_loss(X: np.ndarray, y: np.ndarray, W1: np.ndarray, b1: np.ndarray,
                    W2: np.ndarray, b2: np.ndarray) -> float:
    """The network's loss alone (what the finite differences differentiate)."""
    Z2 = np.maximum(X @ W1 + b1, 0.0) @ W2 + b2
    return float(-_log_softmax(Z2)[np.arange(X.shape[0]), y].mean())


def _two_layer_gradients(X: np.ndarray, y: np.ndarray, W1: np.ndarray, b1: np.ndarray,
                         W2: np.ndarray, b2: np.ndarray) -> dict[str, object]:
    Z1 = _linear_forward(X, W1, b1)
    A1 = np.maximum(Z1, 0.0)
    Z2 = _linear_forward(A1, W2, b2)
    out = _softmax_cross_entropy(Z2, y)
    second = _linear_backward(out["dZ"], A1, W2)
    first = _linear_backward(_relu_backward(second["dX"], Z1), X, W1)
    return {"loss": out["loss"], "grads['W1']": first["dW"], "grads['b1']": first["db"],
            "grads['W2']": second["dW"], "grads['b2']": second["db"]}


def _finite_difference_gradients(X: np.ndarray, y: np.ndarray, W1: np.ndarray, b1: np.ndarray,
                                 W2: np.ndarray, b2: np.ndarray, h: float = 1e-6) -> dict[str, object]:
    """Central differences ``(L(p + h) - L(p - h)) / (2h)`` of :func:`_two_layer_loss`, one
    parameter entry at a time: an estimate that does not use the backward formulas at all."""
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    result: dict[str, object] = {"loss": _two_layer_loss(X, y, W1, b1, W2, b2)}
    for name, value in params.items():
        grad = np.zeros_like(value, dtype=float)
        for index in np.ndindex(value.shape):
            shifted = {}
            for sign in (1.0, -1.0):
                moved = np.array(value, dtype=float)
                moved[index] += sign * h
                shifted[sign] = _two_layer_loss(X, y, **{**params, name: moved})
            grad[index] = (shifted[1.0] - shifted[-1.0]) / (2 * h)
        result[f"grads['{name}']"] = grad
    return result


def _intermediates(net: Network) -> dict[str, np.ndarray]:
    """The forward and backward quantities of ``net`` (``Z1``, ``A1``, ``Z2``, ``dZ2``, ``dA1``,
    ``dZ1``), from which the cases of the layer-by-layer checks are taken."""
    Z1 = _linear_forward(net.X, net.W1, net.b1)
    A1 = np.maximum(Z1, 0.0)
    Z2 = _linear_forward(A1, net.W2, net.b2)
    dZ2 = _softmax_cross_entropy(Z2, net.y)["dZ"]
    dA1 = dZ2 @ net.W2.T
    return {"Z1": Z1, "A1": A1, "Z2": Z2, "dZ2": dZ2, "dA1": dA1, "dZ1": _relu_backward(dA1, Z1)}


# ----------------------------------------------------------------------------- cases


def _forward_cases(net: Network, short: str) -> list[Case]:
    """The two layers of ``net``: ``(X, W1, b1)`` and ``(A1, W2, b2)``."""
    A1 = _intermediates(net)["A1"]
    return [Case(f"{short}'s first layer, linear_forward(X, W1, b1)", (net.X, net.W1, net.b1)),
            Case(f"{short}'s second layer, linear_forward(A1, W2, b2)", (A1, net.W2, net.b2))]


def _backward_cases(net: Network, short: str) -> list[Case]:
    """The two layers of ``net`` in the backward pass: ``(dZ2, A1, W2)`` and ``(dZ1, X, W1)``."""
    q = _intermediates(net)
    return [Case(f"{short}'s second layer, linear_backward(dZ2, A1, W2)", (q["dZ2"], q["A1"], net.W2)),
            Case(f"{short}'s first layer, linear_backward(dZ1, X, W1)", (q["dZ1"], net.X, net.W1))]


def _relu_case(net: Network, short: str) -> Case:
    q = _intermediates(net)
    return Case(f"{short}'s hidden layer, relu_backward(dA1, Z1)", (q["dA1"], q["Z1"]))


def _softmax_case(net: Network, short: str) -> Case:
    return Case(f"{short}'s output layer, softmax_cross_entropy(Z2, y)", (_intermediates(net)["Z2"], net.y))


def _network_case(net: Network) -> Case:
    return Case(net.label, (net.X, net.y, net.W1, net.b1, net.W2, net.b2))


def _convert_backward(result: object, case: Case, what: str) -> dict[str, np.ndarray]:
    if type(result) not in (tuple, list) or len(result) != 3:
        fail(f"{what} should return a triple (dX, dW, db); got {fmt(result)}.", "end with return dX, dW, db.")
    dZ, X, W = case.args
    n, fan_in = X.shape
    fan_out = W.shape[1]
    return {
        "dX": to_array(result[0], f"dX from {what}", X.shape, f"the shape of X, (n, fan_in) = ({n}, {fan_in})"),
        "dW": to_array(result[1], f"dW from {what}", W.shape,
                       f"the shape of W, (fan_in, fan_out) = ({fan_in}, {fan_out})"),
        "db": to_array(result[2], f"db from {what}", (fan_out,), f"the shape of b, (fan_out,) = ({fan_out},)"),
    }


def _convert_softmax(result: object, case: Case, what: str) -> dict[str, object]:
    if type(result) not in (tuple, list) or len(result) != 2:
        fail(f"{what} should return a pair (loss, dZ); got {fmt(result)}.", "end with return loss, dZ.")
    Z = case.args[0]
    return {
        "loss": to_float(result[0], f"loss from {what}"),
        "dZ": to_array(result[1], f"dZ from {what}", Z.shape, f"the shape of Z, (n, k) = {Z.shape}"),
    }


_GRAD_KEYS = ("W1", "b1", "W2", "b2")


def _convert_two_layer(result: object, case: Case, what: str) -> dict[str, object]:
    if type(result) not in (tuple, list) or len(result) != 2:
        fail(f"{what} should return a pair (loss, grads); got {fmt(result)}.", "end with return loss, grads.")
    grads = result[1]
    if not isinstance(grads, dict):
        fail(f"grads from {what} should be a dict; got {fmt(grads)}.",
             "return grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}.")
    keys = list(grads.keys())
    if sorted(map(str, keys)) != sorted(_GRAD_KEYS) or len(keys) != 4:
        fail(f"grads from {what} should have exactly the keys 'W1', 'b1', 'W2', 'b2'; got the keys "
             f"{', '.join(repr(k) for k in keys) or 'none'}.",
             "name each gradient after its parameter: grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}.")
    params = dict(zip(_GRAD_KEYS, case.args[2:]))
    converted: dict[str, object] = {"loss": to_float(result[0], f"loss from {what}")}
    for key in _GRAD_KEYS:
        converted[f"grads['{key}']"] = to_array(grads[key], f"grads['{key}'] from {what}", params[key].shape,
                                                f"the shape of {key}")
    return converted


# ----------------------------------------------------------------------------- linear_forward


def check_linear_forward_values(linear_forward: Callable) -> None:
    """``linear_forward`` on both layers of the worked example and of a second network."""
    cases = _forward_cases(EXAMPLE, "the example") + _forward_cases(SECOND, "the second network")
    check_cases(linear_forward, "linear_forward", cases, lambda c: _linear_forward(*c.args),
                formula=FORWARD_FORMULA, catalogue=MISTAKES)


# ----------------------------------------------------------------------------- linear_backward


def check_linear_backward_values(linear_backward: Callable) -> None:
    """``linear_backward`` returns ``(dX, dW, db)`` of the right shapes and values on both
    layers of the worked example and of a second network."""
    cases = _backward_cases(EXAMPLE, "the example") + _backward_cases(SECOND, "the second network")
    check_cases(linear_backward, "linear_backward", cases, lambda c: _linear_backward(*c.args),
                formula=BACKWARD_FORMULA, catalogue=MISTAKES, convert=_convert_backward)


# ----------------------------------------------------------------------------- relu_backward


def check_relu_backward_values(relu_backward: Callable) -> None:
    """``relu_backward`` on the hidden layer of the worked example and of a second network."""
    cases = [_relu_case(EXAMPLE, "the example"), _relu_case(SECOND, "the second network")]
    check_cases(relu_backward, "relu_backward", cases, lambda c: _relu_backward(*c.args),
                formula=RELU_FORMULA, catalogue=MISTAKES)


# ----------------------------------------------------------------------------- softmax_cross_entropy


def check_softmax_cross_entropy_values(softmax_cross_entropy: Callable) -> None:
    """``softmax_cross_entropy`` returns ``(loss, dZ)``, a number and an array shaped like ``Z``,
    on the output layer of the worked example and of a second network."""
    cases = [_softmax_case(EXAMPLE, "the example"), _softmax_case(SECOND, "the second network")]
    check_cases(softmax_cross_entropy, "softmax_cross_entropy", cases,
                lambda c: _softmax_cross_entropy(*c.args), formula=SOFTMAX_FORMULA, catalogue=MISTAKES,
                convert=_convert_softmax)


# ----------------------------------------------------------------------------- two_layer_gradients


def check_two_layer_gradients_values(two_layer_gradients: Callable) -> None:
    """``two_layer_gradients`` returns the loss and the dict of the four gradients, each shaped
    like its parameter, on the worked example and on a second network."""
    check_cases(two_layer_gradients, "two_layer_gradients", [_network_case(n) for n in VISIBLE],
                lambda c: _two_layer_gradients(*c.args), formula=TWO_LAYER_FORMULA, catalogue=MISTAKES,
                convert=_convert_two_layer)




#: The checks of each contract function, in the order the notebook's test cells call them.
CHECKS: dict[str, tuple[str, ...]] = {
    "linear_forward": ("check_linear_forward_values", "check_linear_forward_hidden"),
    "linear_backward": ("check_linear_backward_values", "check_linear_backward_hidden"),
    "relu_backward": ("check_relu_backward_values", "check_relu_backward_hidden"),
    "softmax_cross_entropy": ("check_softmax_cross_entropy_values", "check_softmax_cross_entropy_hidden"),
    "two_layer_gradients": ("check_two_layer_gradients_values", "check_two_layer_gradients_hidden"),
}
