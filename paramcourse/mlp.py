r"""A tiny multilayer perceptron in NumPy: initialization, forward pass with (inverted) dropout,
backpropagation, a softmax cross-entropy head, and a scikit-learn style classifier.

The network with layer sizes :math:`(d, m_1, \dots, m_{L-1}, k)` computes, for a batch
``X`` of shape ``(n, d)``,

.. math::
    h_0 = X, \qquad
    z_\ell = h_{\ell-1} W_\ell + b_\ell, \qquad
    h_\ell = \phi(z_\ell) \odot M_\ell \ \ (\ell < L), \qquad
    \text{output} = z_L

with weights :math:`W_\ell` of shape ``(fan_in, fan_out)``, biases :math:`b_\ell` of shape
``(fan_out,)``, an activation :math:`\phi` (ReLU or tanh) on every hidden layer, and dropout
masks :math:`M_\ell` (all ones without dropout). The output ``z_L`` holds one *logit* per class;
:func:`paramcourse.losses.softmax` turns a row of logits into class probabilities.

Parameters are a list with one ``(W, b)`` pair per layer. :func:`params_to_dict` and
:func:`params_from_dict` convert to and from the flat dict ``{"W1": ..., "b1": ..., ...}``
that the optimizers of :mod:`paramcourse.optim` accept.

Backpropagation is the chain rule, layer by layer from the output back:

.. math::
    \frac{\partial \mathcal L}{\partial W_\ell} = h_{\ell-1}^\top \delta_\ell, \qquad
    \frac{\partial \mathcal L}{\partial b_\ell} = \textstyle\sum_i \delta_{\ell, i}, \qquad
    \delta_{\ell-1} = \big(\delta_\ell W_\ell^\top\big) \odot M_{\ell-1} \odot \phi'(z_{\ell-1})

where :math:`\delta_\ell = \partial \mathcal L / \partial z_\ell` and
:math:`\delta_L` is the gradient of the loss with respect to the output.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Union

import numpy as np

from . import initializers, losses
from ._validation import (
    as_labels,
    as_matrix,
    as_scalar,
    check_choice,
    check_count,
    check_positive,
    check_rng,
)

__all__ = [
    "ACTIVATIONS",
    "INITS",
    "MLPClassifier",
    "backward",
    "count_parameters",
    "dropout_mask",
    "forward",
    "init_mlp",
    "loss_and_grads",
    "lr_range_test",
    "params_from_dict",
    "params_to_dict",
]

Params = list  # list of (W, b) pairs

#: The activations of the hidden layers, ``name -> (phi, phi')``; ``phi'`` takes ``z``.
ACTIVATIONS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]] = {
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)),
    "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
    "linear": (lambda z: z, lambda z: np.ones_like(z)),
}

#: Initialization rules by name, each ``(fan_in, fan_out, rng) -> W`` from :mod:`paramcourse.initializers`.
INITS: dict[str, Callable[[int, int, np.random.Generator], np.ndarray]] = {
    "he_normal": initializers.he_normal,
    "he_uniform": initializers.he_uniform,
    "xavier_normal": initializers.xavier_normal,
    "xavier_uniform": initializers.xavier_uniform,
    "zeros": lambda fan_in, fan_out, rng: initializers.zeros(fan_in, fan_out),
}

InitRule = Union[str, Callable[[int, int, np.random.Generator], np.ndarray]]


# ------------------------------------------------------------------------------- parameters


def init_mlp(layer_sizes: Sequence[int], rng: np.random.Generator, init: InitRule = "he_normal") -> Params:
    r"""Initial parameters of an MLP: weights by ``init``, biases zero.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``(d, m_1, ..., k)``: input features, hidden widths, outputs; at least two entries.
    rng : numpy.random.Generator
        The only source of randomness: the same seed gives the same weights.
    init : str or callable
        A name from :data:`INITS` (``"he_normal"``, ``"he_uniform"``, ``"xavier_normal"``,
        ``"xavier_uniform"``, ``"zeros"``) or a function ``(fan_in, fan_out, rng) -> W``
        returning an array of shape ``(fan_in, fan_out)``.

    Returns
    -------
    list of (W, b)
        Layer ``l`` has ``W`` of shape ``(layer_sizes[l], layer_sizes[l + 1])`` and ``b`` of
        shape ``(layer_sizes[l + 1],)``, all zeros.
    """
    sizes = [check_count(s, f"layer_sizes[{i}]") for i, s in enumerate(layer_sizes)]
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes must hold at least two sizes (inputs, outputs); got {list(layer_sizes)}")
    rng = check_rng(rng)
    if isinstance(init, str):
        rule = INITS[check_choice(init, "init", sorted(INITS))]
    elif callable(init):
        rule = init
    else:
        raise ValueError(f"init must be one of {sorted(INITS)} or a callable; got {init!r}")
    params = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        W = np.array(rule(fan_in, fan_out, rng), dtype=float)
        if W.shape != (fan_in, fan_out):
            raise ValueError(f"init must return shape ({fan_in}, {fan_out}) for layer {i}; got {W.shape}")
        params.append((W, np.zeros(fan_out)))
    return params


def _check_params(params) -> list[tuple[np.ndarray, np.ndarray]]:
    if not isinstance(params, (list, tuple)) or not params:
        raise ValueError("params must be a non-empty list of (W, b) pairs, as init_mlp returns")
    out = []
    for i, pair in enumerate(params):
        try:
            W, b = pair
        except (TypeError, ValueError):
            raise ValueError(f"params[{i}] must be a pair (W, b); got {type(pair).__name__}") from None
        W = as_matrix(W, f"params[{i}][0] (W)", columns="fan_out", rows="fan_in")
        b = np.asarray(b, dtype=float)
        if b.shape != (W.shape[1],):
            raise ValueError(f"params[{i}][1] (b) must have shape ({W.shape[1]},); got {b.shape}")
        if i and W.shape[0] != out[-1][0].shape[1]:
            raise ValueError(
                f"params[{i}][0] must have shape ({out[-1][0].shape[1]}, fan_out) to follow layer {i - 1}; "
                f"got {W.shape}"
            )
        out.append((W, b))
    return out


def count_parameters(params) -> int:
    """Number of parameters: the sum of ``W.size + b.size`` over the layers."""
    return int(sum(W.size + b.size for W, b in _check_params(params)))


def params_to_dict(params) -> dict[str, np.ndarray]:
    """The flat dict ``{"W1": W, "b1": b, "W2": ...}`` (layers numbered from 1) of a parameter list."""
    return _to_dict(_check_params(params))


def _to_dict(params: Params) -> dict[str, np.ndarray]:
    out = {}
    for i, (W, b) in enumerate(params, start=1):
        out[f"W{i}"], out[f"b{i}"] = W, b
    return out


def params_from_dict(tree: dict[str, np.ndarray]) -> Params:
    """The inverse of :func:`params_to_dict`."""
    n_layers = len(tree) // 2
    try:
        return [(tree[f"W{i}"], tree[f"b{i}"]) for i in range(1, n_layers + 1)]
    except KeyError as err:
        raise ValueError(f"tree must have keys W1, b1, ..., W{n_layers}, b{n_layers}; missing {err}") from None


# ------------------------------------------------------------------------- forward, backward


def dropout_mask(shape: tuple[int, ...], rate: float, rng: np.random.Generator) -> np.ndarray:
    r"""An inverted-dropout mask: each entry is 0 with probability ``rate``, else ``1 / (1 - rate)``.

    .. math:: M_{ij} = \frac{\mathbb 1[U_{ij} \ge p]}{1 - p}, \quad U_{ij} \sim U(0, 1), \qquad
              \mathbb E[M_{ij}] = 1

    Because the mask has mean 1, ``h * M`` has the expected value of ``h``: nothing needs
    rescaling at prediction time, when dropout is switched off.
    """
    rate = as_scalar(rate, "rate")
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"rate must lie in [0, 1); got {rate}")
    rng = check_rng(rng)
    return (rng.random(shape) >= rate) / (1.0 - rate)


def forward(params, X, activation: str = "relu", dropout: float = 0.0, rng: np.random.Generator | None = None):
    r"""Forward pass: the output logits and a cache of what :func:`backward` needs.

    Parameters
    ----------
    params : list of (W, b)
    X : array_like of shape (n, d)
    activation : {"relu", "tanh", "linear"}
        :math:`\phi`, applied after every layer except the last.
    dropout : float
        Probability ``p`` in ``[0, 1)`` of zeroing each hidden activation (inverted dropout: the
        kept ones are scaled by ``1 / (1 - p)``). Use it in training only.
    rng : numpy.random.Generator, optional
        Required when ``dropout > 0``; it draws the masks.

    Returns
    -------
    output : ndarray of shape (n, k)
        The logits :math:`z_L`.
    cache : dict
        ``inputs`` (the :math:`h_{\ell-1}` fed to each layer), ``pre`` (the :math:`z_\ell` of the
        hidden layers), ``masks`` (their dropout masks, or ``None``), ``activation``, ``params``.
    """
    params = _check_params(params)
    h = as_matrix(X, "X")
    if h.shape[1] != params[0][0].shape[0]:
        raise ValueError(f"X must have shape (n_samples, {params[0][0].shape[0]}); got {h.shape}")
    activation = check_choice(activation, "activation", sorted(ACTIVATIONS))
    p = as_scalar(dropout, "dropout")
    if not 0.0 <= p < 1.0:
        raise ValueError(f"dropout must lie in [0, 1); got {p}")
    if p > 0:
        rng = check_rng(rng)
    return _forward(params, h, activation, p, rng)


def _forward(params: Params, h: np.ndarray, activation: str, p: float, rng) -> tuple[np.ndarray, dict[str, Any]]:
    # The unchecked body of forward: MLPClassifier.fit validates its arrays once, not at every step.
    phi = ACTIVATIONS[activation][0]
    inputs, pre, masks = [], [], []
    for W, b in params[:-1]:
        inputs.append(h)
        z = h @ W + b
        h = phi(z)
        mask = dropout_mask(h.shape, p, rng) if p > 0 else None
        if mask is not None:
            h = h * mask
        pre.append(z)
        masks.append(mask)
    W, b = params[-1]
    inputs.append(h)
    output = h @ W + b
    cache = {"inputs": inputs, "pre": pre, "masks": masks, "activation": activation, "params": params}
    return output, cache


def backward(params, cache: dict[str, Any], grad_output) -> Params:
    r"""Backpropagation: the gradient of a loss with respect to every parameter.

    Parameters
    ----------
    params : list of (W, b)
        The parameters :func:`forward` used.
    cache : dict
        The cache :func:`forward` returned.
    grad_output : array_like of shape (n, k)
        :math:`\delta_L = \partial \mathcal L / \partial z_L`, e.g.
        :func:`paramcourse.losses.softmax_cross_entropy_grad`.

    Returns
    -------
    list of (dW, db)
        Same shapes as ``params``: :math:`\partial\mathcal L/\partial W_\ell = h_{\ell-1}^\top
        \delta_\ell` and :math:`\partial\mathcal L/\partial b_\ell = \sum_i \delta_{\ell,i}`.
    """
    params = _check_params(params)
    delta = as_matrix(grad_output, "grad_output", columns="n_outputs")
    n_out = params[-1][0].shape[1]
    n = cache["inputs"][0].shape[0]
    if delta.shape != (n, n_out):
        raise ValueError(f"grad_output must have shape ({n}, {n_out}) (the output's shape); got {delta.shape}")
    return _backward(params, cache, delta)


def _backward(params: Params, cache: dict[str, Any], delta: np.ndarray) -> Params:
    # The unchecked body of backward.
    dphi = ACTIVATIONS[cache["activation"]][1]
    grads: list[tuple[np.ndarray, np.ndarray]] = []
    for layer in range(len(params) - 1, -1, -1):
        W = params[layer][0]
        h_in = cache["inputs"][layer]
        grads.append((h_in.T @ delta, delta.sum(axis=0)))
        if layer > 0:
            delta = delta @ W.T
            mask = cache["masks"][layer - 1]
            if mask is not None:
                delta = delta * mask
            delta = delta * dphi(cache["pre"][layer - 1])
    return grads[::-1]


def loss_and_grads(
    params,
    X,
    y,
    activation: str = "relu",
    dropout: float = 0.0,
    rng: np.random.Generator | None = None,
    weight_decay: float = 0.0,
) -> tuple[float, Params]:
    r"""Softmax cross-entropy of the network on ``(X, y)`` and its gradient.

    .. math:: \mathcal L = \frac1n \sum_i \Big(\log \sum_c e^{z_{ic}} - z_{i, y_i}\Big)
              + \frac{\lambda}{2} \sum_\ell \lVert W_\ell \rVert^2

    The penalty (``weight_decay`` :math:`\lambda`) covers the weights, not the biases; it adds
    :math:`\lambda W_\ell` to each weight gradient, as ``weight_decay`` does in ``torch.optim.SGD``.

    Parameters
    ----------
    params : list of (W, b)
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
        Integer class labels ``0 .. k-1``.
    activation, dropout, rng
        As in :func:`forward`.
    weight_decay : float
        :math:`\lambda \ge 0`.

    Returns
    -------
    loss : float
    grads : list of (dW, db)
    """
    lam = check_positive(weight_decay, "weight_decay", allow_zero=True)
    logits, cache = forward(params, X, activation, dropout, rng)  # checks params, X, dropout, rng
    labels = as_labels(y, "y", logits.shape[0], logits.shape[1])
    return _loss_and_grads_of(logits, cache, labels, lam)


def _loss_and_grads(params: Params, X: np.ndarray, labels: np.ndarray, activation: str, dropout: float,
                    rng, lam: float) -> tuple[float, Params]:
    # loss_and_grads without the checks, for the training loop of MLPClassifier (same arithmetic).
    logits, cache = _forward(params, X, activation, dropout, rng)
    return _loss_and_grads_of(logits, cache, labels, lam)


def _loss_and_grads_of(logits: np.ndarray, cache: dict[str, Any], labels: np.ndarray, lam: float):
    loss = losses._softmax_cross_entropy(labels, logits)
    grads = _backward(cache["params"], cache, losses._softmax_cross_entropy_grad(labels, logits))
    if lam > 0:
        loss += 0.5 * lam * sum(float(np.sum(W**2)) for W, _ in cache["params"])
        grads = [(dW + lam * W, db) for (dW, db), (W, _) in zip(grads, cache["params"])]
    return float(loss), grads


# ---------------------------------------------------------------------------------- estimator


class MLPClassifier:
    r"""A multilayer perceptron classifier trained by mini-batch gradient descent (scikit-learn style).

    Minimizes the softmax cross-entropy plus :math:`\frac{\lambda}{2}\sum_\ell \lVert W_\ell\rVert^2`
    (see :func:`loss_and_grads`) with an optimizer of :mod:`paramcourse.optim`. Each epoch
    shuffles the training rows and takes one step per mini-batch.

    Parameters
    ----------
    hidden_sizes : tuple of int
        Widths of the hidden layers, e.g. ``(32,)`` or ``(64, 32)``.
    activation : {"relu", "tanh"}
    learning_rate : float
    n_epochs : int
    batch_size : int
        Rows per mini-batch (the last batch of an epoch may be smaller).
    dropout : float
        Dropout rate on the hidden activations during training, in ``[0, 1)``.
    weight_decay : float
        L2 coefficient :math:`\lambda \ge 0` on the weights (biases are not penalized).
    optimizer : {"sgd", "momentum", "adam"}
        :func:`paramcourse.optim.sgd`, :func:`~paramcourse.optim.momentum` (beta 0.9) or
        :func:`~paramcourse.optim.adam` (default betas).
    init : str or callable
        Weight initialization, see :func:`init_mlp`.
    random_state : int or numpy.random.Generator
        Seeds the initial weights, the shuffling and the dropout masks.

    Attributes
    ----------
    params_ : list of (W, b)
        The learned parameters.
    classes_ : ndarray of shape (k,)
        The class labels seen in ``fit``; column ``c`` of :meth:`predict_proba` is ``classes_[c]``.
    n_features_in_ : int
    loss_curve_ : list of float
        The training objective averaged over the mini-batches of each epoch.
    val_loss_curve_, val_score_curve_ : list of float
        Cross-entropy and accuracy on ``(X_val, y_val)`` after each epoch, if given to ``fit``.
    diverged_ : bool
        Whether training stopped early because a parameter became infinite or NaN (the last
        entry of ``loss_curve_`` is then NaN and ``params_`` are not usable).
    """

    def __init__(
        self,
        hidden_sizes: Sequence[int] = (32,),
        activation: str = "relu",
        learning_rate: float = 0.1,
        n_epochs: int = 20,
        batch_size: int = 32,
        dropout: float = 0.0,
        weight_decay: float = 0.0,
        optimizer: str = "sgd",
        init: InitRule = "he_normal",
        random_state: int | np.random.Generator = 0,
    ):
        self.hidden_sizes = hidden_sizes
        self.activation = activation
        self.learning_rate = learning_rate
        self.n_epochs = n_epochs
        self.batch_size = batch_size
        self.dropout = dropout
        self.weight_decay = weight_decay
        self.optimizer = optimizer
        self.init = init
        self.random_state = random_state

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The hyperparameters, as scikit-learn's ``get_params`` returns them."""
        names = ["hidden_sizes", "activation", "learning_rate", "n_epochs", "batch_size", "dropout",
                 "weight_decay", "optimizer", "init", "random_state"]
        return {name: getattr(self, name) for name in names}

    def set_params(self, **params) -> "MLPClassifier":
        """Set hyperparameters by name; returns ``self``."""
        valid = self.get_params()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"unknown hyperparameter {name!r}; valid: {sorted(valid)}")
            setattr(self, name, value)
        return self

    def _rng(self) -> np.random.Generator:
        if isinstance(self.random_state, np.random.Generator):
            return self.random_state
        return np.random.default_rng(check_count(self.random_state, "random_state", minimum=0))

    def _make_optimizer(self):
        from . import optim

        lr = check_positive(self.learning_rate, "learning_rate")
        name = check_choice(self.optimizer, "optimizer", ("sgd", "momentum", "adam"))
        return {"sgd": optim.sgd, "momentum": optim.momentum, "adam": optim.adam}[name](lr)

    def _encode(self, y, n_rows: int) -> np.ndarray:
        y = np.asarray(y)
        if y.shape != (n_rows,):
            raise ValueError(f"y must have shape ({n_rows},) (X.shape[0]); got {y.shape}")
        index = np.searchsorted(self.classes_, y)
        index = np.clip(index, 0, len(self.classes_) - 1)
        if not np.array_equal(self.classes_[index], y):
            raise ValueError(f"y holds labels not seen in fit; known classes: {self.classes_}")
        return index

    def fit(self, X, y, X_val=None, y_val=None) -> "MLPClassifier":
        """Train on ``X`` of shape ``(n, d)`` and labels ``y`` of shape ``(n,)``; returns ``self``.

        ``X_val``, ``y_val`` (optional) are scored after every epoch, filling
        ``val_loss_curve_`` and ``val_score_curve_``; they do not influence training.
        """
        from . import optim

        X = as_matrix(X, "X")
        y = np.asarray(y)
        if y.shape != (X.shape[0],):
            raise ValueError(f"y must have shape ({X.shape[0]},) (X.shape[0]); got {y.shape}")
        activation = check_choice(self.activation, "activation", ("relu", "tanh"))
        hidden = [check_count(h, "hidden_sizes") for h in self.hidden_sizes]
        n_epochs = check_count(self.n_epochs, "n_epochs")
        batch_size = check_count(self.batch_size, "batch_size")
        dropout = as_scalar(self.dropout, "dropout")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"dropout must lie in [0, 1); got {dropout}")
        lam = check_positive(self.weight_decay, "weight_decay", allow_zero=True)
        opt = self._make_optimizer()
        rng = self._rng()

        self.classes_ = np.unique(y)
        if self.classes_.size < 2:
            raise ValueError(f"y must hold at least two classes; got {self.classes_}")
        labels = self._encode(y, X.shape[0])
        validate = X_val is not None
        if validate:
            X_val = as_matrix(X_val, "X_val")
            labels_val = self._encode(y_val, X_val.shape[0])
        self.n_features_in_ = X.shape[1]
        params = init_mlp([X.shape[1], *hidden, self.classes_.size], rng, self.init)
        tree = params_to_dict(params)
        state = opt.init(tree)
        self.loss_curve_, self.val_loss_curve_, self.val_score_curve_ = [], [], []
        n = X.shape[0]
        self.diverged_ = False
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(n_epochs):
                order = rng.permutation(n)
                total = 0.0
                for start in range(0, n, batch_size):
                    idx = order[start : start + batch_size]
                    # The arrays were checked above; the unchecked kernels skip the checks that
                    # the public functions repeat at every call (benchmarks/bench_mlp.py).
                    loss, grads = _loss_and_grads(
                        params_from_dict(tree), X[idx], labels[idx], activation, dropout, rng, lam
                    )
                    updates, state = opt.update(_to_dict(grads), state, tree)
                    tree = optim.apply_updates(tree, updates)
                    total += loss * idx.size
                    if not all(np.all(np.isfinite(v)) for v in tree.values()):
                        self.diverged_ = True  # the learning rate is too large
                        break
                self.loss_curve_.append(float(total / n) if not self.diverged_ else float("nan"))
                if self.diverged_:
                    break
                if validate:
                    logits, _ = _forward(params_from_dict(tree), X_val, activation, 0.0, None)
                    self.val_loss_curve_.append(losses._softmax_cross_entropy(labels_val, logits))
                    self.val_score_curve_.append(float(np.mean(logits.argmax(axis=1) == labels_val)))
        self.params_ = params_from_dict(tree)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "params_"):
            raise ValueError("this MLPClassifier is not fitted yet; call fit(X, y) first")

    def decision_function(self, X) -> np.ndarray:
        """The logits, shape ``(n, k)`` (no dropout)."""
        self._check_fitted()
        X = as_matrix(X, "X")
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X must have shape (n_samples, {self.n_features_in_}); got {X.shape}")
        return forward(self.params_, X, self.activation)[0]

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, shape ``(n, k)``: the softmax of the logits; rows sum to 1."""
        return losses.softmax(self.decision_function(X))

    def predict(self, X) -> np.ndarray:
        """The most probable class of each row, shape ``(n,)``, in the labels of ``classes_``."""
        logits = self.decision_function(X)
        return self.classes_[np.argmax(logits, axis=1)]

    def score(self, X, y) -> float:
        """Accuracy: the fraction of rows of ``X`` whose predicted class equals ``y``."""
        y = np.asarray(y)
        pred = self.predict(X)
        if y.shape != pred.shape:
            raise ValueError(f"y must have shape {pred.shape} (X.shape[0],); got {y.shape}")
        return float(np.mean(pred == y))


# ------------------------------------------------------------------------ learning-rate range test


def lr_range_test(
    X,
    y,
    hidden_sizes: Sequence[int] = (32,),
    *,
    lr_min: float = 1e-4,
    lr_max: float = 10.0,
    n_steps: int = 200,
    batch_size: int = 32,
    activation: str = "relu",
    init: InitRule = "he_normal",
    smoothing: float = 0.9,
    stop_factor: float = 4.0,
    rng: np.random.Generator,
) -> dict[str, Any]:
    r"""A learning-rate range test: plain SGD whose rate grows exponentially at every mini-batch.

    Step :math:`k = 0, \dots, K-1` (``K = n_steps``) uses the rate

    .. math:: \eta_k = \eta_{\min} \left(\frac{\eta_{\max}}{\eta_{\min}}\right)^{k / (K - 1)}

    on the next mini-batch (a fresh shuffle of the rows every epoch) and records the training
    loss of that batch *before* the step. The loss first stays flat (rates too small to
    matter), then falls, and finally blows up once the rate is too large. The test stops early
    when the smoothed loss exceeds ``stop_factor`` times its smallest value or a loss is not
    finite. Smith (2017) introduced the test with a linearly growing rate over a few epochs;
    the exponential schedule spends equal time on every order of magnitude.

    The smoothed loss is an exponential moving average with bias correction,
    :math:`s_k = \beta s_{k-1} + (1 - \beta)\ell_k`, reported as :math:`s_k / (1 - \beta^{k+1})`.

    Parameters
    ----------
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
        Class labels (any values; they are encoded as ``0 .. k-1`` in sorted order).
    hidden_sizes : sequence of int
        Hidden widths of the network, as in :class:`MLPClassifier`.
    lr_min, lr_max : float
        First and last rate, ``0 < lr_min < lr_max``.
    n_steps : int
        Number of mini-batches ``K >= 2``.
    batch_size : int
    activation : {"relu", "tanh"}
    init : str or callable
        See :func:`init_mlp`.
    smoothing : float
        :math:`\beta \in [0, 1)` of the moving average (0: no smoothing).
    stop_factor : float
        Stop once the smoothed loss exceeds this multiple of its minimum (``> 1``).
    rng : numpy.random.Generator
        Draws the initial weights and the shuffles.

    Returns
    -------
    dict with ``learning_rates`` (m,) (the rates actually used, ``m <= n_steps``), ``losses``
    (m,) (raw mini-batch losses), ``smoothed`` (m,), ``lr_at_min`` (the rate at the smallest
    smoothed loss), ``stopped_early`` (bool) and ``schedule`` (the full (n_steps,) schedule).
    """
    X = as_matrix(X, "X")
    y = np.asarray(y)
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) (X.shape[0]); got {y.shape}")
    lo = check_positive(lr_min, "lr_min")
    hi = check_positive(lr_max, "lr_max")
    if not lo < hi:
        raise ValueError(f"lr_min must be smaller than lr_max; got lr_min={lo}, lr_max={hi}")
    K = check_count(n_steps, "n_steps", minimum=2)
    B = check_count(batch_size, "batch_size")
    activation = check_choice(activation, "activation", ("relu", "tanh"))
    beta = as_scalar(smoothing, "smoothing")
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"smoothing must lie in [0, 1); got {beta}")
    factor = as_scalar(stop_factor, "stop_factor")
    if not factor > 1.0:
        raise ValueError(f"stop_factor must be greater than 1; got {factor}")
    rng = check_rng(rng)
    classes, labels = np.unique(y, return_inverse=True)
    if classes.size < 2:
        raise ValueError(f"y must hold at least two classes; got {classes}")

    hidden = [check_count(h, "hidden_sizes") for h in hidden_sizes]
    params = init_mlp([X.shape[1], *hidden, classes.size], rng, init)
    schedule = lo * (hi / lo) ** (np.arange(K) / (K - 1))
    n = X.shape[0]
    order, position = rng.permutation(n), 0
    raw, smoothed = [], []
    average, best, stopped = 0.0, np.inf, False
    with np.errstate(over="ignore", invalid="ignore"):
        for k, lr in enumerate(schedule):
            if position >= n:
                order, position = rng.permutation(n), 0
            idx = order[position : position + B]
            position += B
            loss, grads = loss_and_grads(params, X[idx], labels[idx], activation)
            average = beta * average + (1.0 - beta) * loss
            value = average / (1.0 - beta ** (k + 1))
            raw.append(loss)
            smoothed.append(value)
            if not np.isfinite(value) or value > factor * best:
                stopped = True
                break
            best = min(best, value)
            params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]
    m = len(raw)
    smooth = np.array(smoothed)
    finite = np.where(np.isfinite(smooth), smooth, np.inf)
    at_min = int(np.argmin(finite))
    return {
        "learning_rates": schedule[:m],
        "losses": np.array(raw),
        "smoothed": smooth,
        "lr_at_min": float(schedule[at_min]),
        "stopped_early": stopped,
        "schedule": schedule,
    }
