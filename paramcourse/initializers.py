r"""Initial weights for a dense layer, each a documented formula (as in PyTorch's ``nn.init``).

Every function returns an array of shape ``(fan_in, fan_out)``, the layout of ``h @ W``, and
draws only from the ``rng`` it is given, so a seed reproduces it exactly.

Why the scales: for :math:`h' = h W` with independent zero-mean entries,
:math:`\operatorname{Var}(h'_j) = \text{fan\_in} \cdot \operatorname{Var}(W) \operatorname{Var}(h)`.
Keeping the signal's variance constant through the layers needs
:math:`\operatorname{Var}(W) = 1/\text{fan\_in}` for a linear layer, twice that after ReLU (which
zeroes half of its input): He/Kaiming. Glorot and Bengio compromise between the forward and
the backward pass with :math:`\operatorname{Var}(W) = 2 / (\text{fan\_in} + \text{fan\_out})`:
Xavier/Glorot. A uniform :math:`U(-a, a)` has variance :math:`a^2/3`, hence the
:math:`\sqrt{6/\cdot}` bounds.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ._validation import as_matrix, as_scalar, check_choice, check_count, check_positive, check_rng

__all__ = [
    "RULE_NAMES",
    "activation_stds",
    "calculate_gain",
    "he_normal",
    "he_uniform",
    "make_rule",
    "normal",
    "xavier_normal",
    "xavier_uniform",
    "zeros",
]


def _fans(fan_in, fan_out) -> tuple[int, int]:
    return check_count(fan_in, "fan_in"), check_count(fan_out, "fan_out")


def zeros(fan_in: int, fan_out: int) -> np.ndarray:
    """All-zero weights of shape ``(fan_in, fan_out)``.

    Right for biases; wrong for the weights of a hidden layer: every unit computes the same
    thing and receives the same gradient, so they stay identical (the symmetry is never broken).
    """
    fan_in, fan_out = _fans(fan_in, fan_out)
    return np.zeros((fan_in, fan_out))


def normal(fan_in: int, fan_out: int, rng: np.random.Generator, std: float = 0.01) -> np.ndarray:
    r"""Weights :math:`W_{ij} \sim N(0, \text{std}^2)` with a fixed, layer-independent ``std``.

    Parameters
    ----------
    fan_in, fan_out : int
        Number of inputs and outputs of the layer.
    rng : numpy.random.Generator
        The only source of randomness.
    std : float
        Standard deviation, the same whatever the layer size.

    Returns
    -------
    ndarray of shape (fan_in, fan_out)
    """
    fan_in, fan_out = _fans(fan_in, fan_out)
    std = check_positive(std, "std", allow_zero=True)
    return check_rng(rng).normal(0.0, std, size=(fan_in, fan_out))


_UNIT_GAIN = frozenset(
    {"linear", "identity", "sigmoid", "conv1d", "conv2d", "conv3d",
     "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"}
)


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    r"""The recommended scale factor for a nonlinearity, PyTorch's ``nn.init.calculate_gain`` table.

    ==================================  ================================================
    linear, identity, sigmoid, conv*    :math:`1`
    tanh                                :math:`5/3`
    relu                                :math:`\sqrt 2`
    leaky_relu (slope ``param``)        :math:`\sqrt{2 / (1 + \text{slope}^2)}`, slope 0.01 by default
    selu                                :math:`3/4`
    ==================================  ================================================

    Parameters
    ----------
    nonlinearity : str
    param : float, optional
        The negative slope of ``leaky_relu``.

    Returns
    -------
    float
    """
    if nonlinearity in _UNIT_GAIN:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3.0
    if nonlinearity == "relu":
        return float(np.sqrt(2.0))
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else as_scalar(param, "param")
        return float(np.sqrt(2.0 / (1.0 + slope**2)))
    if nonlinearity == "selu":
        return 0.75
    known = sorted(_UNIT_GAIN | {"tanh", "relu", "leaky_relu", "selu"})
    raise ValueError(f"nonlinearity must be one of {known}; got {nonlinearity!r}")


def xavier_uniform(fan_in: int, fan_out: int, rng: np.random.Generator, gain: float = 1.0) -> np.ndarray:
    r"""Xavier/Glorot uniform initialization.

    .. math:: W_{ij} \sim U(-a, a), \qquad a = \text{gain} \sqrt{6 / (\text{fan\_in} + \text{fan\_out})}

    Parameters
    ----------
    fan_in, fan_out : int
        Number of inputs and outputs of the layer.
    rng : numpy.random.Generator
        The only source of randomness.
    gain : float
        Scale factor for the nonlinearity that follows, see :func:`calculate_gain`.

    Returns
    -------
    ndarray of shape (fan_in, fan_out)
    """
    fan_in, fan_out = _fans(fan_in, fan_out)
    gain = check_positive(gain, "gain")
    bound = gain * np.sqrt(6.0 / (fan_in + fan_out))
    return check_rng(rng).uniform(-bound, bound, size=(fan_in, fan_out))


def xavier_normal(fan_in: int, fan_out: int, rng: np.random.Generator, gain: float = 1.0) -> np.ndarray:
    r"""Xavier/Glorot normal initialization.

    .. math:: W_{ij} \sim N(0, \sigma^2), \qquad \sigma = \text{gain} \sqrt{2 / (\text{fan\_in} + \text{fan\_out})}

    Parameters
    ----------
    fan_in, fan_out : int
        Number of inputs and outputs of the layer.
    rng : numpy.random.Generator
        The only source of randomness.
    gain : float
        Scale factor for the nonlinearity that follows, see :func:`calculate_gain`.

    Returns
    -------
    ndarray of shape (fan_in, fan_out)
    """
    fan_in, fan_out = _fans(fan_in, fan_out)
    gain = check_positive(gain, "gain")
    std = gain * np.sqrt(2.0 / (fan_in + fan_out))
    return check_rng(rng).normal(0.0, std, size=(fan_in, fan_out))


def he_uniform(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    r"""He/Kaiming uniform initialization, for layers followed by ReLU.

    .. math:: W_{ij} \sim U(-a, a), \qquad a = \sqrt{6 / \text{fan\_in}}

    Parameters
    ----------
    fan_in, fan_out : int
        Number of inputs and outputs of the layer.
    rng : numpy.random.Generator
        The only source of randomness.

    Returns
    -------
    ndarray of shape (fan_in, fan_out)
    """
    fan_in, fan_out = _fans(fan_in, fan_out)
    bound = np.sqrt(6.0 / fan_in)
    return check_rng(rng).uniform(-bound, bound, size=(fan_in, fan_out))


def he_normal(fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
    r"""He/Kaiming normal initialization, for layers followed by ReLU.

    .. math:: W_{ij} \sim N(0, \sigma^2), \qquad \sigma = \sqrt{2 / \text{fan\_in}}

    Parameters
    ----------
    fan_in, fan_out : int
        Number of inputs and outputs of the layer.
    rng : numpy.random.Generator
        The only source of randomness.

    Returns
    -------
    ndarray of shape (fan_in, fan_out)
    """
    fan_in, fan_out = _fans(fan_in, fan_out)
    std = np.sqrt(2.0 / fan_in)
    return check_rng(rng).normal(0.0, std, size=(fan_in, fan_out))


#: The rules :func:`make_rule` knows, by name.
RULE_NAMES = ("normal", "xavier", "he")


def make_rule(
    name: str, scale: float = 1.0, std: float = 0.01
) -> Callable[[int, int, np.random.Generator], np.ndarray]:
    r"""An initialization rule ``(fan_in, fan_out, rng) -> W`` by name, its spread times ``scale``.

    Every rule draws normal weights :math:`W_{ij} \sim N(0, \sigma^2)`; they differ in how
    :math:`\sigma` depends on the layer:

    ============  ===========================================================================  =====================
    ``"normal"``  :math:`\sigma = \text{scale} \cdot \text{std}`, whatever the layer size      :func:`normal`
    ``"xavier"``  :math:`\sigma = \text{scale} \sqrt{2 / (\text{fan\_in} + \text{fan\_out})}`  :func:`xavier_normal`
    ``"he"``      :math:`\sigma = \text{scale} \sqrt{2 / \text{fan\_in}}`                      :func:`he_normal`
    ============  ===========================================================================  =====================

    ``scale = 1`` is the rule itself; ``scale = 2`` doubles every weight. The result is what
    :func:`paramcourse.mlp.init_mlp` accepts as ``init``.

    Parameters
    ----------
    name : {"normal", "xavier", "he"}
        One of :data:`RULE_NAMES`.
    scale : float
        Factor ``> 0`` on the standard deviation (for Xavier, the ``gain``).
    std : float
        The standard deviation of ``"normal"`` at ``scale = 1``; ignored by the other rules.

    Returns
    -------
    callable ``(fan_in, fan_out, rng) -> ndarray of shape (fan_in, fan_out)``

    Examples
    --------
    >>> rule = make_rule("he", scale=0.5)
    >>> W = rule(400, 300, np.random.default_rng(0))
    >>> W.shape, round(float(W.std()), 4), round(float(0.5 * np.sqrt(2 / 400)), 4)
    ((400, 300), 0.0354, 0.0354)
    """
    name = check_choice(name, "name", RULE_NAMES)
    scale = check_positive(scale, "scale")
    std = check_positive(std, "std")
    if name == "normal":
        return lambda fan_in, fan_out, rng: normal(fan_in, fan_out, rng, std=scale * std)
    if name == "xavier":
        return lambda fan_in, fan_out, rng: xavier_normal(fan_in, fan_out, rng, gain=scale)
    return lambda fan_in, fan_out, rng: scale * he_normal(fan_in, fan_out, rng)


_ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "linear": lambda z: z,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0.0),
}


def activation_stds(X, weights, activation) -> list[float]:
    r"""Push ``X`` through bias-free layers and report the spread of the signal after each.

    .. math:: h_0 = X, \qquad h_\ell = \phi(h_{\ell-1} W_\ell), \qquad
              \text{out}_\ell = \operatorname{std}(h_\ell) \text{ over all entries}

    A well-chosen initialization keeps these roughly constant with depth; too small weights
    make them shrink towards 0 (vanishing signal), too large ones make them grow (exploding)
    or, with ``tanh``, saturate. Values that overflow come out as ``inf``/``nan`` without a
    warning.

    Parameters
    ----------
    X : array_like of shape (n, d)
    weights : sequence of arrays
        Layer ``l`` has shape ``(fan_in_l, fan_out_l)``; the first ``fan_in`` is ``d`` and each
        ``fan_in`` equals the previous ``fan_out``.
    activation : {"linear", "tanh", "relu"} or callable
        :math:`\phi`, applied elementwise after every layer.

    Returns
    -------
    list of float, one per layer
    """
    h = as_matrix(X, "X")
    if callable(activation):
        phi = activation
    elif isinstance(activation, str) and activation in _ACTIVATIONS:
        phi = _ACTIVATIONS[activation]
    else:
        raise ValueError(f"activation must be 'linear', 'tanh', 'relu' or a callable; got {activation!r}")
    if isinstance(weights, np.ndarray) and weights.ndim == 2:
        raise ValueError("weights must be a sequence of 2-D arrays (one per layer); got a single matrix")
    layers = [as_matrix(W, f"weights[{i}]", columns="fan_out", rows="fan_in") for i, W in enumerate(weights)]
    if not layers:
        raise ValueError("weights must hold at least one layer")

    stds = []
    width = h.shape[1]
    with np.errstate(over="ignore", invalid="ignore"):
        for i, W in enumerate(layers):
            if W.shape[0] != width:
                raise ValueError(
                    f"weights[{i}] must have shape ({width}, fan_out) to follow the "
                    f"{'columns of X' if i == 0 else f'layer weights[{i - 1}]'}; got {W.shape}"
                )
            h = np.asarray(phi(h @ W), dtype=float)
            width = W.shape[1]
            stds.append(float(np.std(h)))
    return stds
