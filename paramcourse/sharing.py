r"""Parameter counts of common layers, and what parameter sharing saves.

Every function returns a plain ``int`` (or, for the comparisons, a ``dict`` of ints): the number
of learned numbers the layer holds. Counting needs no arrays, so the functions work for layers
far too big to build. The conventions are PyTorch's (``torch.nn``), which the docstrings state
with the weight shapes they count:

==============================  ==========================================================
``linear``                      :math:`d + 1`
``polynomial``                  :math:`\binom{d + p}{p}` monomials of degree :math:`\le p`
``dense``                       :math:`n_\text{in} n_\text{out} + n_\text{out}`
``mlp``                         sum of ``dense`` over consecutive layer sizes
``conv1d``, ``conv2d``          :math:`C_\text{out} (C_\text{in}/g) \prod k + C_\text{out}`
``conv_counts``                 the same layer with and without sharing, on one input size
``rnn``                         ``"rnn"``, ``"lstm"``, ``"gru"``: :math:`G (H I + H^2 + 2H)` per layer
``rnn_unshared``                an unrolled recurrent layer with new weights at every step
``embedding``                   :math:`V \cdot D`
``language_model_embeddings``   input table and output layer, tied or not
``multihead_attention``         :math:`4E^2 + 4E`
==============================  ==========================================================

Three small forward passes make the sharing visible in code (chapter 11):
``conv1d_forward`` (one kernel at every position), ``locally_connected1d_forward`` (a kernel of
its own at every position) and ``rnn_forward`` (one set of matrices at every time step);
``shift_signal`` is the shift :math:`S_s` of translation equivariance, and
``conv1d_feature_maps`` applies a bank of shared kernels (with a ReLU) to many signals.

Sharing means that one weight is used in many places: a convolution applies one kernel at every
position of the input, a recurrent layer applies one set of matrices at every time step. The
helpers ``conv_counts`` and ``rnn_unshared`` give the count the same computation would need if
every position or time step had weights of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from math import comb, prod

import numpy as np

from ._validation import as_array, as_matrix, as_scalar, as_vector, check_choice, check_count, check_size_tuple

__all__ = [
    "conv1d",
    "conv1d_forward",
    "conv2d",
    "conv_counts",
    "conv_output_size",
    "decoder_lm",
    "dense",
    "embedding",
    "language_model_embeddings",
    "linear",
    "locally_connected1d_forward",
    "mlp",
    "multihead_attention",
    "polynomial",
    "rnn",
    "rnn_forward",
    "rnn_unshared",
    "shift_signal",
    "conv1d_feature_maps",
]

#: Number of gate blocks per recurrent cell: each block has its own input-to-hidden and
#: hidden-to-hidden matrix and two bias vectors (PyTorch's ``weight_ih``/``weight_hh`` stack them).
GATES = {"rnn": 1, "gru": 3, "lstm": 4}


def _check_bias(bias) -> bool:
    if not isinstance(bias, bool):
        raise ValueError(f"bias must be True or False; got {bias!r}")
    return bias


def linear(n_features: int, bias: bool = True) -> int:
    r"""Parameters of a linear model :math:`\hat y = \mathbf{x}^\top \mathbf{w} + b`: :math:`d + 1`.

    Parameters
    ----------
    n_features : int
        Number of features :math:`d \ge 1`.
    bias : bool
        Count the intercept :math:`b`.

    Returns
    -------
    int
    """
    return check_count(n_features, "n_features") + int(_check_bias(bias))


def polynomial(n_features: int, degree: int, include_bias: bool = True) -> int:
    r"""Coefficients of a full polynomial of degree ``p`` in ``d`` variables.

    The monomials :math:`x_1^{a_1} \cdots x_d^{a_d}` with :math:`a_1 + \dots + a_d \le p` number

    .. math:: \binom{d + p}{p} = \frac{(d + p)!}{d!\, p!}

    (choose where to put :math:`p` "stars" among :math:`d` "bars"), the constant among them; a
    linear model on these features has one coefficient per monomial. With one feature this is
    :math:`p + 1`. The same count as ``len`` of scikit-learn's
    ``PolynomialFeatures(degree, include_bias=include_bias)`` output (``n_output_features_``).

    Parameters
    ----------
    n_features : int
        Number of variables :math:`d \ge 1`.
    degree : int
        Highest total degree :math:`p \ge 0`.
    include_bias : bool
        Count the constant term (the intercept).

    Returns
    -------
    int
    """
    d = check_count(n_features, "n_features")
    p = check_count(degree, "degree", minimum=0)
    return comb(d + p, p) - (0 if _check_bias(include_bias) else 1)


def dense(n_in: int, n_out: int, bias: bool = True) -> int:
    r"""Parameters of a dense (fully connected) layer :math:`h = x W + b`.

    ``W`` has shape ``(n_in, n_out)`` (``(fan_in, fan_out)``, the book's convention; PyTorch's
    ``nn.Linear`` stores its transpose) and ``b`` shape ``(n_out,)``:

    .. math:: n_\text{in} \cdot n_\text{out} + n_\text{out}

    Parameters
    ----------
    n_in, n_out : int
        Input and output sizes, each ``>= 1``.
    bias : bool
        Count the bias vector.

    Returns
    -------
    int
    """
    n_in = check_count(n_in, "n_in")
    n_out = check_count(n_out, "n_out")
    return n_in * n_out + (n_out if _check_bias(bias) else 0)


def mlp(layer_sizes: Sequence[int], bias: bool = True) -> int:
    r"""Parameters of a multilayer perceptron with the given layer sizes.

    ``layer_sizes = [n_0, n_1, ..., n_L]`` lists the input size, the hidden sizes and the output
    size; layer :math:`l` is ``dense(n_{l-1}, n_l)``, so the total is

    .. math:: \sum_{l=1}^{L} (n_{l-1} n_l + n_l)

    Activation functions have no parameters. Example: ``mlp([64, 32, 10])`` is
    :math:`64 \cdot 32 + 32 + 32 \cdot 10 + 10 = 2410`.

    Parameters
    ----------
    layer_sizes : sequence of int
        At least two sizes, each ``>= 1``.
    bias : bool
        Count every layer's bias vector.

    Returns
    -------
    int
    """
    try:
        sizes = list(layer_sizes)
    except TypeError:
        raise ValueError(f"layer_sizes must be a sequence of integers; got {layer_sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError(
            f"layer_sizes must hold at least two sizes (input and output); got {layer_sizes!r}"
        )
    sizes = [check_count(s, f"layer_sizes[{i}]") for i, s in enumerate(sizes)]
    return sum(dense(a, b, bias) for a, b in pairwise(sizes))


def _conv(in_channels, out_channels, kernel_size, bias, groups, ndim) -> int:
    c_in = check_count(in_channels, "in_channels")
    c_out = check_count(out_channels, "out_channels")
    kernel = check_size_tuple(kernel_size, "kernel_size", ndim)
    g = check_count(groups, "groups")
    if c_in % g or c_out % g:
        raise ValueError(
            f"groups must divide in_channels and out_channels; got groups={g}, "
            f"in_channels={c_in}, out_channels={c_out}"
        )
    return c_out * (c_in // g) * prod(kernel) + (c_out if _check_bias(bias) else 0)


def conv1d(
    in_channels: int, out_channels: int, kernel_size, bias: bool = True, groups: int = 1
) -> int:
    r"""Parameters of a 1-D convolution layer (PyTorch ``nn.Conv1d``).

    The weight has shape ``(out_channels, in_channels / groups, k)`` and the bias
    ``(out_channels,)``:

    .. math:: C_\text{out} \cdot \frac{C_\text{in}}{g} \cdot k + C_\text{out}

    The count does not depend on the length of the input: the same kernel slides over every
    position (parameter sharing).

    Parameters
    ----------
    in_channels, out_channels : int
        Channel counts :math:`C_\text{in}, C_\text{out}`, each divisible by ``groups``.
    kernel_size : int or (int,)
        Kernel length :math:`k`.
    bias : bool
        Count the bias (one per output channel).
    groups : int
        Number of channel groups :math:`g`; each output channel sees
        :math:`C_\text{in}/g` input channels (``groups = in_channels`` is a depthwise convolution).

    Returns
    -------
    int
    """
    return _conv(in_channels, out_channels, kernel_size, bias, groups, 1)


def conv2d(
    in_channels: int, out_channels: int, kernel_size, bias: bool = True, groups: int = 1
) -> int:
    r"""Parameters of a 2-D convolution layer (PyTorch ``nn.Conv2d``).

    The weight has shape ``(out_channels, in_channels / groups, k_h, k_w)`` and the bias
    ``(out_channels,)``:

    .. math:: C_\text{out} \cdot \frac{C_\text{in}}{g} \cdot k_h k_w + C_\text{out}

    independent of the image size (see :func:`conv_counts` for what sharing saves).

    Parameters
    ----------
    in_channels, out_channels : int
        Channel counts, each divisible by ``groups``.
    kernel_size : int or (int, int)
        ``k`` for a square kernel, or ``(k_h, k_w)``.
    bias : bool
        Count the bias (one per output channel).
    groups : int
        Number of channel groups :math:`g`.

    Returns
    -------
    int
    """
    return _conv(in_channels, out_channels, kernel_size, bias, groups, 2)


def conv_output_size(input_size: int, kernel_size: int, stride: int = 1, padding: int = 0) -> int:
    r"""Length of a convolution's output along one axis (dilation 1, as in PyTorch):

    .. math:: \Big\lfloor \frac{n + 2 \cdot \text{padding} - k}{\text{stride}} \Big\rfloor + 1

    Raises ``ValueError`` when the kernel does not fit into the padded input.
    """
    n = check_count(input_size, "input_size")
    k = check_count(kernel_size, "kernel_size")
    s = check_count(stride, "stride")
    p = check_count(padding, "padding", minimum=0)
    if n + 2 * p < k:
        raise ValueError(
            f"kernel_size={k} is larger than the padded input ({n} + 2 * {p} = {n + 2 * p})"
        )
    return (n + 2 * p - k) // s + 1


def conv_counts(
    in_channels: int,
    out_channels: int,
    kernel_size,
    input_size,
    *,
    stride=1,
    padding=0,
    bias: bool = True,
) -> dict:
    r"""A convolution layer on one input size, counted with and without parameter sharing.

    ``input_size`` is an ``int`` for a 1-D signal of that length or ``(H, W)`` for an image;
    ``kernel_size``, ``stride`` and ``padding`` are ints or tuples of the same length. With
    :math:`P` output positions (``output_size``; e.g. :math:`P = H' W'`) and
    :math:`K = C_\text{in} \prod k` inputs per kernel, the three counts are

    ``conv``
        the convolution, one kernel shared by all positions: :math:`C_\text{out} K + C_\text{out}`;
    ``locally_connected``
        the same connections, but every position has its own kernel and every output unit its
        own bias (a "locally connected" layer): :math:`P (C_\text{out} K + C_\text{out})`;
    ``dense``
        a dense layer from the whole input, :math:`C_\text{in} \prod n` values, to an output of
        the same size as the convolution's, :math:`C_\text{out} P` values:
        :math:`C_\text{in} (\prod n) \cdot C_\text{out} P + C_\text{out} P`.

    ``locally_connected / conv`` is exactly :math:`P`: sharing divides the count by the number
    of positions.

    Returns
    -------
    dict
        ``conv``, ``locally_connected``, ``dense`` (ints), ``output_size`` (tuple of ints),
        ``positions`` (int, :math:`P`) and ``inputs`` (int, :math:`C_\text{in} \prod n`).
    """
    ndim = 1 if isinstance(input_size, int) and not isinstance(input_size, bool) else None
    if ndim is None:
        try:
            ndim = len(input_size)
        except TypeError:
            raise ValueError(
                f"input_size must be an int (1-D) or a tuple (H, W); got {input_size!r}"
            ) from None
    if ndim not in (1, 2):
        raise ValueError(f"input_size must be an int (1-D) or a tuple (H, W); got {input_size!r}")
    sizes = check_size_tuple(input_size, "input_size", ndim)
    kernel = check_size_tuple(kernel_size, "kernel_size", ndim)
    strides = check_size_tuple(stride, "stride", ndim)
    pads = check_size_tuple(padding, "padding", ndim, minimum=0)
    c_in = check_count(in_channels, "in_channels")
    c_out = check_count(out_channels, "out_channels")
    bias = _check_bias(bias)

    out_size = tuple(conv_output_size(n, k, s, p) for n, k, s, p in zip(sizes, kernel, strides, pads))
    positions = prod(out_size)
    shared = _conv(c_in, c_out, kernel, bias, 1, ndim)
    n_inputs = c_in * prod(sizes)
    return {
        "conv": shared,
        "locally_connected": positions * shared,
        "dense": dense(n_inputs, c_out * positions, bias),
        "output_size": out_size,
        "positions": positions,
        "inputs": n_inputs,
    }


def rnn(
    input_size: int,
    hidden_size: int,
    kind: str = "rnn",
    num_layers: int = 1,
    bias: bool = True,
    bidirectional: bool = False,
) -> int:
    r"""Parameters of a (stacked) recurrent layer: PyTorch's ``nn.RNN``, ``nn.LSTM``, ``nn.GRU``.

    A cell with :math:`G` gate blocks (1 for ``"rnn"``, 3 for ``"gru"``, 4 for ``"lstm"``) has,
    per layer and direction, ``weight_ih`` of shape ``(G*H, I)``, ``weight_hh`` of shape
    ``(G*H, H)`` and, following PyTorch, **two** bias vectors ``bias_ih`` and ``bias_hh`` of
    shape ``(G*H,)`` each (mathematically one would do, as their sum is all that matters):

    .. math:: G\,(H I + H^2 + 2H)

    For example one LSTM layer has :math:`4(HI + H^2 + 2H)`. The first layer's input size is
    :math:`I` = ``input_size``; every later layer reads the previous layer's output, of size
    :math:`H`, or :math:`2H` when ``bidirectional``. A bidirectional layer has two such sets of
    weights. The count does not depend on the sequence length (parameter sharing across time;
    see :func:`rnn_unshared`).

    Parameters
    ----------
    input_size, hidden_size : int
        :math:`I` and :math:`H`.
    kind : {"rnn", "lstm", "gru"}
    num_layers : int
        Number of stacked layers.
    bias : bool
        Count ``bias_ih`` and ``bias_hh``.
    bidirectional : bool

    Returns
    -------
    int
    """
    i_size = check_count(input_size, "input_size")
    h = check_count(hidden_size, "hidden_size")
    gates = GATES[check_choice(kind, "kind", tuple(GATES))]
    layers = check_count(num_layers, "num_layers")
    bias = _check_bias(bias)
    if not isinstance(bidirectional, bool):
        raise ValueError(f"bidirectional must be True or False; got {bidirectional!r}")
    directions = 2 if bidirectional else 1

    total = 0
    for layer in range(layers):
        layer_input = i_size if layer == 0 else directions * h
        per_direction = gates * (h * layer_input + h * h + (2 * h if bias else 0))
        total += directions * per_direction
    return total


def rnn_unshared(
    input_size: int, hidden_size: int, seq_len: int, kind: str = "rnn", bias: bool = True
) -> int:
    r"""Parameters of one recurrent layer unrolled over ``seq_len`` steps *without* sharing.

    A recurrent layer applies the same weights at every time step. If instead each of the
    :math:`T` steps had weights of its own (the same shapes), the count would be
    :math:`T` times that of :func:`rnn`, and the model could only read sequences of length
    :math:`T`.

    Returns
    -------
    int
        ``seq_len * rnn(input_size, hidden_size, kind, bias=bias)``.
    """
    steps = check_count(seq_len, "seq_len")
    return steps * rnn(input_size, hidden_size, kind, 1, bias)


def embedding(num_embeddings: int, embedding_dim: int) -> int:
    r"""Parameters of an embedding table (PyTorch ``nn.Embedding``): :math:`V \cdot D`.

    The weight has shape ``(num_embeddings, embedding_dim)``: one learned vector of length
    :math:`D` per token of a vocabulary of size :math:`V`; there is no bias.
    """
    return check_count(num_embeddings, "num_embeddings") * check_count(embedding_dim, "embedding_dim")


def language_model_embeddings(
    vocab_size: int, embedding_dim: int, tied: bool = False, output_bias: bool = True
) -> int:
    r"""Parameters of a language model's input embedding plus its output layer over the vocabulary.

    The input embedding is a ``(V, D)`` table (:func:`embedding`); the output layer maps a
    hidden vector of size :math:`D` to one score per token, a ``(D, V)`` weight matrix and, with
    ``output_bias``, a ``(V,)`` bias. *Tying* the two (Press and Wolf, 2017) uses the embedding
    table, transposed, as the output weight matrix, so the :math:`V D` weights are stored once:

    .. math:: \text{untied: } 2VD + V, \qquad \text{tied: } VD + V \quad (\text{with output bias})

    Returns
    -------
    int
    """
    v = check_count(vocab_size, "vocab_size")
    d = check_count(embedding_dim, "embedding_dim")
    if not isinstance(tied, bool):
        raise ValueError(f"tied must be True or False; got {tied!r}")
    output_bias = _check_bias(output_bias)
    output = (0 if tied else d * v) + (v if output_bias else 0)
    return embedding(v, d) + output


def multihead_attention(
    embed_dim: int,
    num_heads: int,
    bias: bool = True,
    kdim: int | None = None,
    vdim: int | None = None,
) -> int:
    r"""Parameters of PyTorch's ``nn.MultiheadAttention`` (without ``add_bias_kv``).

    The query, key and value projections map to :math:`E` = ``embed_dim`` each (PyTorch stacks
    them as ``in_proj_weight`` of shape ``(3E, E)`` when keys and values also have size
    :math:`E`, with ``in_proj_bias`` of shape ``(3E,)``), and the output projection
    ``out_proj`` is a dense :math:`E \to E` layer. With ``kdim = vdim = E``:

    .. math:: 3E^2 + 3E + E^2 + E = 4E^2 + 4E

    The number of heads does not change the count: the heads split the :math:`E` projected
    dimensions into ``num_heads`` groups of :math:`E / \text{num\_heads}`, which must be whole.

    Parameters
    ----------
    embed_dim : int
        :math:`E`.
    num_heads : int
        Must divide ``embed_dim``.
    bias : bool
        Count ``in_proj_bias`` and the bias of ``out_proj``.
    kdim, vdim : int, optional
        Sizes of the keys and values (default :math:`E`); the key and value projection
        weights then have shapes ``(E, kdim)`` and ``(E, vdim)``.

    Returns
    -------
    int
    """
    e = check_count(embed_dim, "embed_dim")
    heads = check_count(num_heads, "num_heads")
    if e % heads:
        raise ValueError(f"num_heads must divide embed_dim; got embed_dim={e}, num_heads={heads}")
    k = e if kdim is None else check_count(kdim, "kdim")
    v = e if vdim is None else check_count(vdim, "vdim")
    bias = _check_bias(bias)
    projections = e * e + e * k + e * v + (3 * e if bias else 0)
    return projections + dense(e, e, bias)


def decoder_lm(
    vocab_size: int,
    d_model: int,
    n_layers: int,
    context_length: int,
    d_ff: int | None = None,
    tied: bool = True,
    output_bias: bool = False,
) -> dict:
    r"""Parameters of a GPT-2 style decoder-only language model, part by part.

    The layout of GPT-2 (Radford et al., 2019): a token embedding ``(V, D)``, a learned
    position embedding ``(context_length, D)``, :math:`N` blocks of [LayerNorm, multi-head
    self-attention, LayerNorm, MLP :math:`D \to D_\text{ff} \to D`], a final LayerNorm, and an
    output layer over the vocabulary. Each LayerNorm has a gain and a bias, :math:`2D`; the
    attention is :func:`multihead_attention` (:math:`4D^2 + 4D`, the number of heads does not
    matter), the MLP is :func:`mlp` ``([D, D_ff, D])``. The output layer is counted by
    :func:`language_model_embeddings` (tied: it reuses the token embedding; GPT-2 has no
    output bias).

    Parameters
    ----------
    vocab_size, d_model, n_layers, context_length : int
        :math:`V`, :math:`D`, :math:`N` and the number of positions.
    d_ff : int, optional
        Hidden width of the MLP, default :math:`4D`.
    tied : bool
        Share the token embedding with the output layer.
    output_bias : bool
        Give the output layer a bias of size :math:`V`.

    Returns
    -------
    dict
        ``token_embedding``, ``output_layer`` (the extra parameters of the output layer beyond
        the token embedding), ``position_embedding``, ``attention``, ``mlp``, ``layer_norms``
        (summed over all blocks) and ``total``, all ints.
    """
    v = check_count(vocab_size, "vocab_size")
    d = check_count(d_model, "d_model")
    n = check_count(n_layers, "n_layers")
    ctx = check_count(context_length, "context_length")
    ff = 4 * d if d_ff is None else check_count(d_ff, "d_ff")
    parts = {
        "token_embedding": embedding(v, d),
        "output_layer": language_model_embeddings(v, d, tied, output_bias) - embedding(v, d),
        "position_embedding": embedding(ctx, d),
        "attention": n * multihead_attention(d, 1),
        "mlp": n * mlp([d, ff, d]),
        "layer_norms": (2 * n + 1) * 2 * d,
    }
    parts["total"] = sum(parts.values())
    return parts


# ----------------------------------------------------------------------------- forward passes


def conv1d_forward(x, kernel, bias: float = 0.0) -> np.ndarray:
    r"""A 1-D convolution layer with one input and one output channel, "valid" padding, stride 1.

    As in PyTorch's ``nn.Conv1d`` (and every deep-learning library), the "convolution" is a
    cross-correlation: the kernel is not flipped,

    .. math:: z_p = \sum_{j=0}^{k-1} w_j\, x_{p+j} + b, \qquad p = 0, \dots, n - k ,

    the same :math:`k` weights and one bias at every position :math:`p`. This equals
    ``np.correlate(x, kernel, mode="valid") + bias``.

    Parameters
    ----------
    x : array_like of shape (n,)
        The input signal.
    kernel : array_like of shape (k,), k <= n
    bias : float

    Returns
    -------
    ndarray of shape (n - k + 1,)
    """
    x = as_vector(x, "x")
    w = as_vector(kernel, "kernel")
    b = as_scalar(bias, "bias")
    if w.size > x.size:
        raise ValueError(f"kernel must not be longer than x; got kernel of length {w.size} and x of length {x.size}")
    windows = np.lib.stride_tricks.sliding_window_view(x, w.size)  # (n - k + 1, k)
    return windows @ w + b


def shift_signal(x, shift: int) -> np.ndarray:
    r"""Shift a signal right by ``shift`` samples (left if negative), filling with zeros.

    .. math:: (S_s \mathbf x)_t = x_{t - s} \text{ if } 0 \le t - s < n, \text{ else } 0,
              \qquad t = 0, \dots, n - 1 .

    A "valid" convolution with a kernel of length :math:`k` commutes with this shift,
    :math:`\mathrm{conv}(S_s \mathbf x) = S_s\, \mathrm{conv}(\mathbf x)`, when the first and the
    last :math:`k - 1` samples of the signal are zero (translation equivariance, chapter 11); near
    the ends the zeros that come in make the two differ. Unlike ``np.roll``, nothing wraps around.

    Parameters
    ----------
    x : array_like of shape (n,)
    shift : int
        :math:`s`; a shift by :math:`|s| \ge n` gives all zeros.

    Returns
    -------
    ndarray of shape (n,)

    Examples
    --------
    >>> shift_signal([1.0, 2.0, 3.0, 4.0], 1)
    array([0., 1., 2., 3.])
    """
    x = as_vector(x, "x")
    if not isinstance(shift, (int, np.integer)) or isinstance(shift, bool):
        raise ValueError(f"shift must be an integer; got {shift!r}")
    out = np.zeros_like(x)
    s = int(shift)
    if 0 <= s < x.size:
        out[s:] = x[: x.size - s]
    elif -x.size < s < 0:
        out[: x.size + s] = x[-s:]
    return out


def conv1d_feature_maps(X, kernels) -> np.ndarray:
    r"""ReLU feature maps of a bank of shared 1-D kernels on many signals.

    Each of the :math:`C` kernels is applied at every position of every signal, as in
    :func:`conv1d_forward` ("valid" padding, no bias), followed by a ReLU:

    .. math:: A_{i, c, p} = \max\Big(0, \sum_{j=0}^{k-1} w_{c, j}\, x_{i, p+j}\Big),
              \qquad p = 0, \dots, L - k .

    This is a convolution layer with one input channel and :math:`C` output channels; its
    :math:`C k` weights are the same at all :math:`L - k + 1` positions.

    Parameters
    ----------
    X : array_like of shape (n, L)
        One signal per row.
    kernels : array_like of shape (C, k), k <= L
        One kernel per output channel.

    Returns
    -------
    ndarray of shape (n, C, L - k + 1)
    """
    X = as_matrix(X, "X", columns="length")
    K = as_matrix(kernels, "kernels", columns="k", rows="channels")
    if K.shape[1] > X.shape[1]:
        raise ValueError(f"kernels must not be longer than the signals; got k = {K.shape[1]} and L = {X.shape[1]}")
    windows = np.lib.stride_tricks.sliding_window_view(X, K.shape[1], axis=1)  # (n, L - k + 1, k)
    return np.maximum(windows @ K.T, 0.0).transpose(0, 2, 1)  # (n, C, L - k + 1)


def locally_connected1d_forward(x, kernels, biases) -> np.ndarray:
    r"""A locally connected 1-D layer: the windows of :func:`conv1d_forward`, but a kernel of its
    own at every position (no sharing),

    .. math:: z_p = \sum_{j=0}^{k-1} w_{p, j}\, x_{p+j} + b_p, \qquad p = 0, \dots, n - k .

    With every row of ``kernels`` equal to one kernel and every bias equal, it computes the
    convolution.

    Parameters
    ----------
    x : array_like of shape (n,)
    kernels : array_like of shape (n - k + 1, k)
        Row :math:`p` is the kernel at position :math:`p`.
    biases : array_like of shape (n - k + 1,)

    Returns
    -------
    ndarray of shape (n - k + 1,)
    """
    x = as_vector(x, "x")
    W = as_matrix(kernels, "kernels", columns="k", rows="positions")
    positions, k = W.shape
    if positions != x.size - k + 1:
        raise ValueError(
            f"kernels must have shape ({x.size - k + 1}, {k}) = (n - k + 1, k) for x of length {x.size}; got {W.shape}"
        )
    b = as_vector(biases, "biases", positions, "the number of positions, n - k + 1")
    windows = np.lib.stride_tricks.sliding_window_view(x, k)
    return np.einsum("pk,pk->p", windows, W) + b


def rnn_forward(xs, W_xh, W_hh, b, h0=None) -> np.ndarray:
    r"""The hidden states of a simple (Elman) recurrent layer over a sequence.

    .. math:: \mathbf h_t = \tanh(\mathbf x_t W_{xh} + \mathbf h_{t-1} W_{hh} + \mathbf b),
              \qquad t = 1, \dots, T

    with the **same** :math:`W_{xh}` (shape ``(I, H)``), :math:`W_{hh}` (``(H, H)``) and
    :math:`\mathbf b` (``(H,)``) at every step, which is why the layer reads sequences of any
    length. (PyTorch's ``nn.RNN`` computes the same with the transposed weights and two bias
    vectors whose sum is :math:`\mathbf b`.)

    Parameters
    ----------
    xs : array_like of shape (T, I)
        The inputs :math:`\mathbf x_1, \dots, \mathbf x_T`, one row per time step.
    W_xh, W_hh, b : array_like
        Input-to-hidden weights, hidden-to-hidden weights, bias.
    h0 : array_like of shape (H,), optional
        The initial state; zeros when ``None``.

    Returns
    -------
    ndarray of shape (T, H)
        Row :math:`t - 1` is :math:`\mathbf h_t`.
    """
    xs = as_matrix(xs, "xs", columns="input_size", rows="T")
    W_xh = as_matrix(W_xh, "W_xh", columns="hidden_size", rows="input_size")
    hidden = W_xh.shape[1]
    if W_xh.shape[0] != xs.shape[1]:
        raise ValueError(f"W_xh must have shape ({xs.shape[1]}, hidden_size) (xs.shape[1] rows); got {W_xh.shape}")
    W_hh = as_array(W_hh, "W_hh")
    if W_hh.shape != (hidden, hidden):
        raise ValueError(f"W_hh must have shape ({hidden}, {hidden}); got {W_hh.shape}")
    b = as_vector(b, "b", hidden, "hidden_size")
    h = np.zeros(hidden) if h0 is None else as_vector(h0, "h0", hidden, "hidden_size")
    states = []
    for x_t in xs:
        h = np.tanh(x_t @ W_xh + h @ W_hh + b)
        states.append(h)
    return np.array(states)
