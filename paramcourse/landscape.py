r"""Looking at a high-dimensional loss through low-dimensional slices (chapter 10).

A network with thousands of parameters has a loss :math:`\mathcal L(\theta)` over a space of
thousands of dimensions, which no picture can show. A *slice* fixes a centre
:math:`\theta^*` (usually the trained parameters) and two directions :math:`\delta, \eta` and
draws the function of two numbers

.. math:: f(\alpha, \beta) = \mathcal L(\theta^* + \alpha \delta + \beta \eta)

on a grid (Goodfellow, Vinyals and Saxe, 2015; Li et al., 2018). What the picture shows
depends on the length of the directions: Li et al. therefore rescale a random direction
*filter by filter* to the size of the weights it perturbs (:func:`filter_normalize`).

The parameters of :mod:`paramcourse.mlp` are a list of ``(W, b)`` pairs;
:func:`params_to_vector` and :func:`vector_to_params` turn them into one flat vector and back,
so that :func:`random_slice` works with any ``loss_fn(vector) -> float``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._validation import as_array, as_vector, check_callable, check_count, check_rng

__all__ = [
    "filter_normalize",
    "filter_normalized_directions",
    "mlp_loss",
    "params_to_vector",
    "random_direction",
    "random_slice",
    "vector_to_params",
]


def _pairs(params, name: str = "params") -> list[tuple[np.ndarray, np.ndarray]]:
    if not isinstance(params, (list, tuple)) or not params:
        raise ValueError(f"{name} must be a non-empty list of (W, b) pairs, as mlp.init_mlp returns")
    out = []
    for i, pair in enumerate(params):
        try:
            W, b = pair
        except (TypeError, ValueError):
            raise ValueError(f"{name}[{i}] must be a pair (W, b); got {type(pair).__name__}") from None
        W = as_array(W, f"{name}[{i}][0] (W)")
        b = as_array(b, f"{name}[{i}][1] (b)")
        if W.ndim != 2 or b.shape != (W.shape[1],):
            raise ValueError(
                f"{name}[{i}] must hold W of shape (fan_in, fan_out) and b of shape (fan_out,); "
                f"got {W.shape} and {b.shape}"
            )
        out.append((W, b))
    return out


def params_to_vector(params) -> np.ndarray:
    """All parameters in one flat vector: ``W1`` (row by row), ``b1``, ``W2``, ``b2``, ...

    Parameters
    ----------
    params : list of (W, b)
        ``W`` of shape ``(fan_in, fan_out)``, ``b`` of shape ``(fan_out,)``.

    Returns
    -------
    ndarray of shape (P,)
        ``P`` is the number of parameters, ``sum(W.size + b.size)``.
    """
    return np.concatenate([np.concatenate([W.ravel(), b]) for W, b in _pairs(params)])


def vector_to_params(vector, like) -> list[tuple[np.ndarray, np.ndarray]]:
    """The inverse of :func:`params_to_vector`: cut ``vector`` into pairs shaped like ``like``.

    Parameters
    ----------
    vector : array_like of shape (P,)
    like : list of (W, b)
        Gives the shapes; its values are not used.

    Returns
    -------
    list of (W, b)
        New arrays (``vector`` is not changed).
    """
    shapes = [(W.shape, b.shape) for W, b in _pairs(like, "like")]
    total = sum(int(np.prod(sw)) + sb[0] for sw, sb in shapes)
    v = as_vector(vector, "vector", total, "the number of parameters of like")
    out, start = [], 0
    for sw, sb in shapes:
        size = int(np.prod(sw))
        W = v[start : start + size].reshape(sw).copy()
        start += size
        b = v[start : start + sb[0]].copy()
        start += sb[0]
        out.append((W, b))
    return out


def random_direction(like, rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    r"""A random direction in parameter space with the shapes of ``like``: every entry
    :math:`\sim \mathcal N(0, 1)`, independently, drawn with ``rng`` only.

    Returns
    -------
    list of (W, b)
    """
    rng = check_rng(rng)
    return [(rng.standard_normal(W.shape), rng.standard_normal(b.shape)) for W, b in _pairs(like, "like")]


def filter_normalize(direction, params, eps: float = 1e-10) -> list[tuple[np.ndarray, np.ndarray]]:
    r"""Filter-wise normalization of a direction (Li et al., 2018).

    A *filter* is the set of weights that feeds one output unit: a kernel of a convolution, or,
    in a dense layer with ``W`` of shape ``(fan_in, fan_out)``, one **column** ``W[:, j]``.
    Each filter of the direction is rescaled to the norm of the same filter of the parameters,

    .. math:: \delta_{\ell, j} \leftarrow \frac{\delta_{\ell, j}}{\lVert \delta_{\ell, j} \rVert}\,
              \lVert \theta_{\ell, j} \rVert ,

    so a step of :math:`\alpha = 1` along the direction changes every unit by as much as the
    unit's own weights. Without it, a slice is dominated by the scale of the weights: a ReLU
    network whose weights are multiplied by 10 in one layer and divided by 10 in the next
    computes the same function, but a fixed-size step moves it very differently. Biases are
    vectors, not filters; they get a zero direction (they are left where they are), as in
    the option of Li et al.'s code that ignores biases.

    Parameters
    ----------
    direction, params : list of (W, b)
        Same shapes.
    eps : float
        Added to :math:`\lVert \delta_{\ell, j} \rVert` to avoid dividing by zero.

    Returns
    -------
    list of (W, b)
        The normalized direction; its ``b`` entries are zero.
    """
    d_pairs = _pairs(direction, "direction")
    p_pairs = _pairs(params)
    if [W.shape for W, _ in d_pairs] != [W.shape for W, _ in p_pairs]:
        raise ValueError("direction must have the same shapes as params")
    out = []
    for (dW, _), (W, b) in zip(d_pairs, p_pairs):
        scale = np.linalg.norm(W, axis=0) / (np.linalg.norm(dW, axis=0) + eps)
        out.append((dW * scale, np.zeros_like(b)))
    return out


def random_slice(
    loss_fn: Callable[[np.ndarray], float],
    center,
    dir1,
    dir2,
    alphas,
    betas,
) -> dict[str, np.ndarray]:
    r"""The loss on a 2-D plane through ``center``:
    :math:`\text{loss}[i, j] = \mathcal L(\theta^* + \alpha_j \delta + \beta_i \eta)`.

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(theta) -> float`` for a flat parameter vector ``theta`` of shape ``(P,)``.
    center : array_like of shape (P,)
        :math:`\theta^*`.
    dir1, dir2 : array_like of shape (P,)
        The directions :math:`\delta` and :math:`\eta` (for example two filter-normalized
        random directions, flattened with :func:`params_to_vector`).
    alphas, betas : array_like of shape (m,) and (k,)
        Grid values along ``dir1`` and ``dir2``.

    Returns
    -------
    dict
        ``alphas`` (m,), ``betas`` (k,), ``loss`` (k, m) — rows follow ``betas``, columns
        ``alphas``, as :func:`matplotlib.pyplot.contour` expects — and ``center_loss``, the
        loss at :math:`\theta^*`.
    """
    check_callable(loss_fn, "loss_fn")
    c = as_vector(center, "center")
    d1 = as_vector(dir1, "dir1", c.size, "center.size")
    d2 = as_vector(dir2, "dir2", c.size, "center.size")
    a = as_vector(alphas, "alphas")
    b = as_vector(betas, "betas")
    loss = np.empty((b.size, a.size))
    for i, beta in enumerate(b):
        for j, alpha in enumerate(a):
            loss[i, j] = float(loss_fn(c + alpha * d1 + beta * d2))
    return {"alphas": a, "betas": b, "loss": loss, "center_loss": float(loss_fn(c.copy()))}


def filter_normalized_directions(params, rng: np.random.Generator, n: int = 2) -> list[np.ndarray]:
    """``n`` random directions for :func:`random_slice`: each drawn by :func:`random_direction`,
    passed through :func:`filter_normalize` and flattened with :func:`params_to_vector`.

    Returns
    -------
    list of ``n`` ndarrays of shape (P,)
    """
    n = check_count(n, "n")
    rng = check_rng(rng)
    return [params_to_vector(filter_normalize(random_direction(params, rng), params)) for _ in range(n)]


def mlp_loss(like, X, y, activation: str = "relu") -> Callable[[np.ndarray], float]:
    r"""The softmax cross-entropy of a :mod:`paramcourse.mlp` network as a function of its flat
    parameter vector: ``loss(theta) = softmax_cross_entropy(y, forward(vector_to_params(theta,
    like), X))``, ready for :func:`random_slice`.

    Parameters
    ----------
    like : list of (W, b)
        Gives the layer shapes.
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
        Integer labels ``0 .. k-1``.
    activation : {"relu", "tanh"}

    Returns
    -------
    callable ``theta -> float``
    """
    from . import losses, mlp

    _pairs(like, "like")

    def loss(theta) -> float:
        logits = mlp.forward(vector_to_params(theta, like), X, activation)[0]
        return losses.softmax_cross_entropy(y, logits)

    return loss
