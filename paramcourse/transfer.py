r"""Parameters you inherit (chapter 18): freezing and counting trainable parameters, low-rank
adapters (LoRA), batch normalization's parameters and buffers, and the memory that training
needs for parameters, gradients and optimizer state.

Parameters are held as a flat dict ``{name: ndarray}`` (the form of
:func:`paramcourse.mlp.params_to_dict` and of :mod:`paramcourse.optim`). Freezing a parameter
means leaving it out of the optimizer: :func:`split_trainable` cuts a dict into the trainable
part, which the optimizer updates (and keeps state for), and the frozen part, which it never
sees. The forward pass still uses both.

A *low-rank adapter* (Hu et al., 2021) adds a trainable product of two thin matrices to a
frozen dense layer. In this book's layout (``W`` of shape ``(fan_in, fan_out)``, ``Z = X W + b``)

.. math::
    W' = W + \frac{\alpha}{r} A B, \qquad A \in \mathbb R^{\text{fan\_in} \times r},
    \quad B \in \mathbb R^{r \times \text{fan\_out}},

with ``A`` random and ``B`` zero at the start, so that the adapted layer first computes exactly
what the pretrained one did. The paper (and PyTorch, which stores ``(fan_out, fan_in)``)
writes the transpose, :math:`W_0 + \frac{\alpha}{r} B A` with :math:`A` of shape
:math:`r \times \text{fan\_in}`. The adapter trains :math:`r(\text{fan\_in} + \text{fan\_out})`
numbers instead of :math:`\text{fan\_in} \cdot \text{fan\_out}`.

Batch normalization (Ioffe and Szegedy, 2015) has *parameters* :math:`\gamma, \beta`, trained
by gradient descent, and *buffers*, the running mean and variance, which training updates by a
running average and which are not parameters. :func:`batch_norm_forward` follows
``torch.nn.BatchNorm1d`` (``momentum=0.1``, ``eps=1e-5``, the unbiased batch variance in the
running variance).

:func:`training_memory` counts the bytes of parameters, gradients and optimizer state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from ._validation import as_array, as_matrix, as_scalar, check_choice, check_count, check_rng

__all__ = [
    "BYTES_PER_VALUE",
    "OPTIMIZER_STATES",
    "batch_norm_backward",
    "batch_norm_forward",
    "count_trainable",
    "init_batch_norm",
    "init_lora",
    "lora_backward",
    "lora_forward",
    "lora_merge",
    "lora_parameter_count",
    "split_trainable",
    "training_memory",
]

#: Bytes of one stored number, by dtype name.
BYTES_PER_VALUE: dict[str, int] = {"float64": 8, "float32": 4, "bfloat16": 2, "float16": 2, "int8": 1}

#: Params-shaped arrays each optimizer keeps between steps (see :mod:`paramcourse.optim`):
#: momentum keeps a velocity, RMSprop a running average of squared gradients, Adam both moments.
OPTIMIZER_STATES: dict[str, int] = {"sgd": 0, "momentum": 1, "rmsprop": 1, "adam": 2, "adamw": 2}


# --------------------------------------------------------------------------- trainable or frozen


def _check_tree(params, name: str = "params") -> dict[str, np.ndarray]:
    if not isinstance(params, Mapping) or not params:
        raise ValueError(f"{name} must be a non-empty dict of arrays, e.g. {{'W1': W1, 'b1': b1}}; "
                         f"got {type(params).__name__}")
    return {str(key): as_array(value, f"{name}[{key!r}]") for key, value in params.items()}


def _check_names(names, params: Mapping[str, Any], name: str) -> list[str]:
    if isinstance(names, str):
        raise ValueError(f"{name} must be a list of parameter names, not one string; got {names!r}")
    try:
        names = list(names)
    except TypeError:
        raise ValueError(f"{name} must be a list of parameter names; got {names!r}") from None
    unknown = [n for n in names if n not in params]
    if unknown:
        raise ValueError(f"{name} holds names that are not in params: {unknown}; known: {sorted(params)}")
    return names


def split_trainable(params: Mapping[str, Any], trainable: Iterable[str]) -> tuple[dict, dict]:
    """Cut a parameter dict into its trainable and its frozen part.

    Parameters
    ----------
    params : dict of str to ndarray
    trainable : iterable of str
        The names the optimizer updates; every other entry is frozen.

    Returns
    -------
    trainable, frozen : dict
        Two dicts whose union is ``params`` (the arrays are not copied). Hand only the first
        to the optimizer; merge them back with ``{**frozen, **trainable}`` for the forward pass.

    Examples
    --------
    >>> train, frozen = split_trainable({"W1": np.ones((2, 3)), "b1": np.zeros(3)}, ["b1"])
    >>> sorted(train), sorted(frozen)
    (['b1'], ['W1'])
    """
    params = _check_tree(params)
    names = set(_check_names(trainable, params, "trainable"))
    return ({k: v for k, v in params.items() if k in names},
            {k: v for k, v in params.items() if k not in names})


def count_trainable(params: Mapping[str, Any], trainable: Iterable[str]) -> dict[str, int]:
    r"""Count all, trainable and frozen parameters of a parameter dict.

    .. math:: n_\text{total} = \sum_{\text{name}} \operatorname{size}(\theta_\text{name}), \qquad
              n_\text{total} = n_\text{trainable} + n_\text{frozen}

    Frozen parameters are still stored and still used by every forward pass; they only get no
    gradient step, and the optimizer keeps no state for them.

    Parameters
    ----------
    params : dict of str to ndarray
    trainable : iterable of str
        Names of the trainable entries.

    Returns
    -------
    dict
        ``total``, ``trainable`` and ``frozen``, all ints.

    Examples
    --------
    >>> p = {"W1": np.zeros((64, 32)), "b1": np.zeros(32), "W2": np.zeros((32, 5)), "b2": np.zeros(5)}
    >>> count_trainable(p, ["W2", "b2"])
    {'total': 2245, 'trainable': 165, 'frozen': 2080}
    """
    train, frozen = split_trainable(params, trainable)
    n_train = int(sum(v.size for v in train.values()))
    n_frozen = int(sum(v.size for v in frozen.values()))
    return {"total": n_train + n_frozen, "trainable": n_train, "frozen": n_frozen}


# --------------------------------------------------------------------------------- LoRA


def lora_parameter_count(fan_in: int, fan_out: int, rank: int) -> int:
    r"""Trainable numbers of a rank-``r`` adapter on a ``fan_in x fan_out`` weight matrix.

    .. math:: r\,(\text{fan\_in} + \text{fan\_out}) \quad\text{against}\quad
              \text{fan\_in} \cdot \text{fan\_out} \text{ for the full matrix}

    Examples
    --------
    >>> lora_parameter_count(4096, 4096, 8)
    65536
    """
    fan_in, fan_out = check_count(fan_in, "fan_in"), check_count(fan_out, "fan_out")
    rank = check_count(rank, "rank")
    return rank * (fan_in + fan_out)


def init_lora(fan_in: int, fan_out: int, rank: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    r"""Initial adapter matrices: ``A`` random, ``B`` zero, so that :math:`AB = 0`.

    :math:`A_{ij} \sim U\big(-1/\sqrt{\text{fan\_in}},\ 1/\sqrt{\text{fan\_in}}\big)`, the
    default of PyTorch's ``nn.Linear`` and of the PEFT library's ``lora_A``; :math:`B = 0`.
    (Hu et al. draw :math:`A` from a Gaussian; what matters is that :math:`B = 0`: the adapted
    layer starts equal to the pretrained one, and the gradient of :math:`B` is non-zero because
    :math:`A` is not.)

    Parameters
    ----------
    fan_in, fan_out, rank : int
        ``rank`` :math:`r` must be at most ``min(fan_in, fan_out)``.
    rng : numpy.random.Generator

    Returns
    -------
    A : ndarray of shape (fan_in, rank)
    B : ndarray of shape (rank, fan_out), all zeros
    """
    fan_in, fan_out = check_count(fan_in, "fan_in"), check_count(fan_out, "fan_out")
    rank = check_count(rank, "rank")
    if rank > min(fan_in, fan_out):
        raise ValueError(f"rank must be at most min(fan_in, fan_out) = {min(fan_in, fan_out)}; got {rank}")
    bound = 1.0 / np.sqrt(fan_in)
    return check_rng(rng).uniform(-bound, bound, size=(fan_in, rank)), np.zeros((rank, fan_out))


def _check_lora(W, A, B, alpha) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    W = as_matrix(W, "W", columns="fan_out", rows="fan_in")
    fan_in, fan_out = W.shape
    A = as_matrix(A, "A", columns="rank", rows="fan_in")
    if A.shape[0] != fan_in:
        raise ValueError(f"A must have shape ({fan_in}, rank) (W.shape[0] rows); got {A.shape}")
    r = A.shape[1]
    B = as_matrix(B, "B", columns="fan_out", rows="rank")
    if B.shape != (r, fan_out):
        raise ValueError(f"B must have shape ({r}, {fan_out}) (A.shape[1], W.shape[1]); got {B.shape}")
    return W, A, B, as_scalar(alpha, "alpha") / r


def lora_merge(W, A, B, alpha: float) -> np.ndarray:
    r"""The adapted weight matrix :math:`W' = W + \frac{\alpha}{r} A B`.

    Merging after training gives a plain dense layer again: no extra cost at prediction time.

    Parameters
    ----------
    W : array_like of shape (fan_in, fan_out)
        The frozen pretrained weight.
    A : array_like of shape (fan_in, r)
    B : array_like of shape (r, fan_out)
    alpha : float
        The scale :math:`\alpha`; the update is multiplied by :math:`\alpha / r`.

    Returns
    -------
    ndarray of shape (fan_in, fan_out)
    """
    W, A, B, scale = _check_lora(W, A, B, alpha)
    return W + scale * (A @ B)


def lora_forward(X, W, b, A, B, alpha: float) -> np.ndarray:
    r"""A dense layer with a low-rank adapter, without forming :math:`W'`.

    .. math:: Z = X W + b + \frac{\alpha}{r} (X A) B

    ``X @ A`` has only ``r`` columns, so the extra cost is :math:`n r (\text{fan\_in} +
    \text{fan\_out})` multiplications.

    Parameters
    ----------
    X : array_like of shape (n, fan_in)
    W : array_like of shape (fan_in, fan_out)
    b : array_like of shape (fan_out,)
    A, B, alpha
        As in :func:`lora_merge`.

    Returns
    -------
    ndarray of shape (n, fan_out)
    """
    W, A, B, scale = _check_lora(W, A, B, alpha)
    X = as_matrix(X, "X")
    if X.shape[1] != W.shape[0]:
        raise ValueError(f"X must have shape (n_samples, {W.shape[0]}) (W.shape[0]); got {X.shape}")
    b = as_array(b, "b")
    if b.shape != (W.shape[1],):
        raise ValueError(f"b must have shape ({W.shape[1]},); got {b.shape}")
    return X @ W + b + scale * ((X @ A) @ B)


def lora_backward(dZ, X, W, A, B, alpha: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Gradients through :func:`lora_forward` for the input and the two adapter matrices.

    With :math:`s = \alpha / r` and :math:`\delta = \partial\mathcal L / \partial Z`:

    .. math::
        \frac{\partial\mathcal L}{\partial A} = s\, X^\top (\delta B^\top), \qquad
        \frac{\partial\mathcal L}{\partial B} = s\, (X A)^\top \delta, \qquad
        \frac{\partial\mathcal L}{\partial X} = \delta W^\top + s\, (\delta B^\top) A^\top

    Equivalently, with the gradient of the merged weight :math:`G = X^\top\delta`,
    :math:`\partial\mathcal L/\partial A = s\,G B^\top` and :math:`\partial\mathcal L/\partial B
    = s\,A^\top G`; the form above never builds the ``fan_in x fan_out`` matrix :math:`G`.
    ``W`` and ``b`` are frozen: they get no gradient.

    Parameters
    ----------
    dZ : array_like of shape (n, fan_out)
    X, W, A, B, alpha
        As in :func:`lora_forward`.

    Returns
    -------
    dX : ndarray of shape (n, fan_in)
    dA : ndarray of shape (fan_in, r)
    dB : ndarray of shape (r, fan_out)
    """
    W, A, B, scale = _check_lora(W, A, B, alpha)
    X = as_matrix(X, "X")
    if X.shape[1] != W.shape[0]:
        raise ValueError(f"X must have shape (n_samples, {W.shape[0]}) (W.shape[0]); got {X.shape}")
    dZ = as_matrix(dZ, "dZ", columns="fan_out")
    if dZ.shape != (X.shape[0], W.shape[1]):
        raise ValueError(f"dZ must have shape ({X.shape[0]}, {W.shape[1]}) (the output's shape); got {dZ.shape}")
    dU = dZ @ B.T  # gradient of the r-column bottleneck X @ A, before the scale
    return dZ @ W.T + scale * (dU @ A.T), scale * (X.T @ dU), scale * ((X @ A).T @ dZ)


# ------------------------------------------------------------------------- batch normalization


def init_batch_norm(n_features: int) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    r"""Parameters and buffers of a fresh batch-normalization layer, as PyTorch starts them.

    Returns
    -------
    params : dict
        ``gamma`` (ones) and ``beta`` (zeros), shape ``(n_features,)``: trained by gradient.
    buffers : dict
        ``running_mean`` (zeros), ``running_var`` (ones), shape ``(n_features,)``, and
        ``num_batches_tracked`` (0): updated by :func:`batch_norm_forward` in training mode,
        never by gradient.
    """
    k = check_count(n_features, "n_features")
    return ({"gamma": np.ones(k), "beta": np.zeros(k)},
            {"running_mean": np.zeros(k), "running_var": np.ones(k), "num_batches_tracked": 0})


def _check_bn(X, params, buffers=None):
    X = as_matrix(X, "X")
    k = X.shape[1]
    out = []
    for tree, names, label in ((params, ("gamma", "beta"), "params"),
                               (buffers, ("running_mean", "running_var"), "buffers")):
        if tree is None:
            continue
        if not isinstance(tree, Mapping) or any(n not in tree for n in names):
            raise ValueError(f"{label} must be a dict with keys {list(names)}, as init_batch_norm returns")
        for n in names:
            arr = as_array(tree[n], f"{label}[{n!r}]")
            if arr.shape != (k,):
                raise ValueError(f"{label}[{n!r}] must have shape ({k},) (X.shape[1]); got {arr.shape}")
            out.append(arr)
    return X, out


def batch_norm_forward(
    X,
    params: Mapping[str, Any],
    buffers: Mapping[str, Any],
    training: bool,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> tuple[np.ndarray, dict[str, Any]]:
    r"""Batch normalization of the columns of ``X``, in training or evaluation mode.

    Training mode normalizes with the statistics of this batch and updates the buffers:

    .. math::
        \mu_B = \frac1n\sum_i x_i, \qquad \sigma_B^2 = \frac1n\sum_i (x_i - \mu_B)^2, \qquad
        y_i = \gamma \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}} + \beta,

    .. math::
        \hat\mu \leftarrow (1 - m)\,\hat\mu + m\,\mu_B, \qquad
        \hat\sigma^2 \leftarrow (1 - m)\,\hat\sigma^2 + m\,\frac{n}{n - 1}\sigma_B^2

    (``m`` = ``momentum``; the running variance takes the unbiased batch variance, as in
    PyTorch). Evaluation mode uses the running statistics :math:`\hat\mu, \hat\sigma^2` instead
    and changes nothing, so each row's output no longer depends on the rest of the batch.

    Parameters
    ----------
    X : array_like of shape (n, k)
        In training mode ``n >= 2``.
    params : dict
        ``gamma``, ``beta`` of shape ``(k,)``.
    buffers : dict
        ``running_mean``, ``running_var`` of shape ``(k,)`` and ``num_batches_tracked``.
    training : bool
    momentum : float
        Weight :math:`m \in [0, 1]` of the new batch in the running averages (PyTorch's
        convention; Keras' ``momentum=0.99`` is the weight of the *old* value, :math:`1 - m`).
    eps : float
        Added to the variance, :math:`\epsilon > 0`.

    Returns
    -------
    Y : ndarray of shape (n, k)
    buffers : dict
        New buffers (updated in training mode, an unchanged copy in evaluation mode); the
        inputs are not modified.
    """
    X, (gamma, beta, running_mean, running_var) = _check_bn(X, params, buffers)
    m = as_scalar(momentum, "momentum")
    if not 0.0 <= m <= 1.0:
        raise ValueError(f"momentum must lie in [0, 1]; got {m}")
    eps = as_scalar(eps, "eps")
    if eps <= 0:
        raise ValueError(f"eps must be > 0; got {eps}")
    tracked = int(buffers.get("num_batches_tracked", 0))
    if not training:
        Y = gamma * (X - running_mean) / np.sqrt(running_var + eps) + beta
        return Y, {"running_mean": running_mean.copy(), "running_var": running_var.copy(),
                   "num_batches_tracked": tracked}
    n = X.shape[0]
    if n < 2:
        raise ValueError(f"X must have at least 2 rows in training mode (a batch variance); got {n}")
    mean = X.mean(axis=0)
    var = X.var(axis=0)  # biased: divides by n
    Y = gamma * (X - mean) / np.sqrt(var + eps) + beta
    new = {
        "running_mean": (1 - m) * running_mean + m * mean,
        "running_var": (1 - m) * running_var + m * var * n / (n - 1),
        "num_batches_tracked": tracked + 1,
    }
    return Y, new


def batch_norm_backward(dY, X, params: Mapping[str, Any], eps: float = 1e-5) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    r"""Gradients of training-mode batch normalization (the buffers get none).

    With :math:`\hat x_i = (x_i - \mu_B)/\sqrt{\sigma_B^2 + \epsilon}` and
    :math:`\delta_i = \partial\mathcal L/\partial y_i`:

    .. math::
        \frac{\partial\mathcal L}{\partial\gamma} = \sum_i \delta_i \hat x_i, \qquad
        \frac{\partial\mathcal L}{\partial\beta} = \sum_i \delta_i, \qquad
        \frac{\partial\mathcal L}{\partial x_i} = \frac{\gamma}{\sqrt{\sigma_B^2 + \epsilon}}
        \Big(\delta_i - \frac1n\sum_j \delta_j - \hat x_i \frac1n\sum_j \delta_j \hat x_j\Big)

    The last term exists because :math:`\mu_B` and :math:`\sigma_B^2` depend on every row.

    Parameters
    ----------
    dY : array_like of shape (n, k)
    X : array_like of shape (n, k)
        The batch the forward pass saw.
    params : dict
        ``gamma``, ``beta``.
    eps : float

    Returns
    -------
    dX : ndarray of shape (n, k)
    grads : dict
        ``gamma`` and ``beta``, shape ``(k,)``.
    """
    X, (gamma, _beta) = _check_bn(X, params)
    dY = as_matrix(dY, "dY")
    if dY.shape != X.shape:
        raise ValueError(f"dY must have the shape of X, {X.shape}; got {dY.shape}")
    eps = as_scalar(eps, "eps")
    inv_std = 1.0 / np.sqrt(X.var(axis=0) + eps)
    x_hat = (X - X.mean(axis=0)) * inv_std
    dX = gamma * inv_std * (dY - dY.mean(axis=0) - x_hat * (dY * x_hat).mean(axis=0))
    return dX, {"gamma": (dY * x_hat).sum(axis=0), "beta": dY.sum(axis=0)}


# ------------------------------------------------------------------------------------ memory


def training_memory(
    n_params: int,
    n_trainable: int | None = None,
    *,
    dtype: str = "float32",
    optimizer: str = "adam",
    mixed_precision: bool = False,
) -> dict[str, int]:
    r"""Bytes that training keeps for parameters, gradients and optimizer state.

    With :math:`N` parameters of which :math:`T` are trainable, :math:`b` bytes per stored
    number (``dtype``) and :math:`s` params-shaped state arrays (:data:`OPTIMIZER_STATES`):

    .. math::
        \underbrace{N b}_{\text{parameters}} + \underbrace{T b}_{\text{gradients}} +
        \underbrace{T s b}_{\text{optimizer state}}

    Frozen parameters need memory but no gradient and no state. Plain float32 Adam costs
    :math:`4 + 4 + 8 = 16` bytes per trainable parameter, four times the parameters alone.
    With ``mixed_precision`` (Micikevicius et al., 2018) the parameters and gradients are
    stored in ``dtype`` (e.g. float16), and the optimizer keeps a float32 master copy of each
    trainable parameter besides its float32 state: :math:`T (4 + 4 s)` bytes of state, so
    float16 Adam also costs :math:`2 + 2 + 12 = 16` bytes per parameter.

    Activations, which the backward pass needs and which grow with the batch size, are not
    counted.

    Parameters
    ----------
    n_params : int
        :math:`N`, all parameters (trainable and frozen).
    n_trainable : int, optional
        :math:`T \le N`; default ``n_params`` (everything trained).
    dtype : str
        A key of :data:`BYTES_PER_VALUE`.
    optimizer : str
        A key of :data:`OPTIMIZER_STATES`.
    mixed_precision : bool

    Returns
    -------
    dict
        ``parameters``, ``gradients``, ``optimizer_state`` and ``total``, in bytes (ints).

    Examples
    --------
    >>> training_memory(1000)
    {'parameters': 4000, 'gradients': 4000, 'optimizer_state': 8000, 'total': 16000}
    """
    n = check_count(n_params, "n_params", minimum=0)
    t = n if n_trainable is None else check_count(n_trainable, "n_trainable", minimum=0)
    if t > n:
        raise ValueError(f"n_trainable must be at most n_params = {n}; got {t}")
    b = BYTES_PER_VALUE[check_choice(dtype, "dtype", tuple(BYTES_PER_VALUE))]
    s = OPTIMIZER_STATES[check_choice(optimizer, "optimizer", tuple(OPTIMIZER_STATES))]
    state = t * (4 + 4 * s) if mixed_precision else t * s * b
    out = {"parameters": n * b, "gradients": t * b, "optimizer_state": state}
    out["total"] = sum(out.values())
    return out
