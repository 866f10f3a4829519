"""Tests of paramcourse.sharing against independent references: scikit-learn's fitted MLP and
PolynomialFeatures, the weight shapes PyTorch documents (written out here, element by element),
published totals (VGG-16) and a small network counted by hand (LeNet-5 style)."""

from __future__ import annotations

import warnings
from math import prod

import numpy as np
import pytest

from paramcourse import sharing


def _n_elements(*shapes) -> int:
    """Number of entries of arrays with the given shapes (the independent reference)."""
    return sum(prod(shape) for shape in shapes)


# ----------------------------------------------------------------------- linear and polynomial


def test_linear_is_d_plus_one():
    assert sharing.linear(1) == 2
    assert sharing.linear(10) == 11
    assert sharing.linear(64, bias=False) == 64


@pytest.mark.parametrize("n_features", [1, 2, 3, 5])
@pytest.mark.parametrize(
    ("degree", "include_bias"),
    # degree 0 without the constant would have no terms at all (scikit-learn rejects it)
    [(0, True)] + [(p, bias) for p in (1, 2, 4, 7) for bias in (True, False)],
)
def test_polynomial_matches_scikit_learn(n_features, degree, include_bias):
    from sklearn.preprocessing import PolynomialFeatures

    pf = PolynomialFeatures(degree, include_bias=include_bias).fit(np.zeros((1, n_features)))
    assert sharing.polynomial(n_features, degree, include_bias) == pf.n_output_features_


def test_polynomial_one_feature_is_p_plus_one():
    for p in range(10):
        assert sharing.polynomial(1, p) == p + 1


# -------------------------------------------------------------------------------- dense and MLP


def test_dense_counts_weight_and_bias():
    assert sharing.dense(64, 10) == _n_elements((64, 10), (10,))
    assert sharing.dense(3, 5, bias=False) == 15


def test_mlp_matches_a_fitted_scikit_learn_mlp_on_digits():
    from sklearn.datasets import load_digits
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X, y = load_digits(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(32, 16), max_iter=3, random_state=0).fit(X / 16, y)
    fitted = sum(W.size for W in clf.coefs_) + sum(b.size for b in clf.intercepts_)
    assert sharing.mlp([64, 32, 16, 10]) == fitted
    assert sharing.mlp([64, 32, 10]) == 64 * 32 + 32 + 32 * 10 + 10 == 2410


def test_mlp_rejects_a_single_size():
    with pytest.raises(ValueError, match="at least two"):
        sharing.mlp([64])
    with pytest.raises(ValueError, match=r"layer_sizes\[1\]"):
        sharing.mlp([64, 0, 10])


# ------------------------------------------------------------------------------- convolutions


def test_conv_counts_match_pytorch_weight_shapes():
    # nn.Conv2d(3, 16, 5): weight (16, 3, 5, 5), bias (16,)
    assert sharing.conv2d(3, 16, 5) == _n_elements((16, 3, 5, 5), (16,))
    # nn.Conv2d(8, 12, (3, 1), groups=4, bias=False): weight (12, 2, 3, 1)
    assert sharing.conv2d(8, 12, (3, 1), bias=False, groups=4) == _n_elements((12, 2, 3, 1))
    # nn.Conv1d(4, 6, 7): weight (6, 4, 7), bias (6,)
    assert sharing.conv1d(4, 6, 7) == _n_elements((6, 4, 7), (6,))
    # depthwise nn.Conv1d(32, 32, 3, groups=32): weight (32, 1, 3), bias (32,)
    assert sharing.conv1d(32, 32, 3, groups=32) == _n_elements((32, 1, 3), (32,))


def test_conv_rejects_groups_that_do_not_divide():
    with pytest.raises(ValueError, match="groups must divide"):
        sharing.conv2d(6, 4, 3, groups=4)


def test_vgg16_has_its_published_138_million_parameters():
    # VGG-16 (configuration D of Simonyan & Zisserman, 2015): 3x3 convolutions, "M" = max pool.
    config = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]
    total, channels = 0, 3
    for item in config:
        if item != "M":
            total += sharing.conv2d(channels, item, 3)
            channels = item
    # After five 2x2 poolings a 224x224 image is 7x7 with 512 channels.
    total += sharing.mlp([512 * 7 * 7, 4096, 4096, 1000])
    assert total == 138_357_544


def test_lenet5_style_network_counted_by_hand():
    # conv 1->6 5x5:   6*1*25 + 6   =    156
    # conv 6->16 5x5: 16*6*25 + 16  =  2 416
    # dense 400->120: 400*120 + 120 = 48 120
    # dense 120->84:  120*84 + 84   = 10 164
    # dense 84->10:   84*10 + 10    =    850
    #                         total = 61 706
    total = sharing.conv2d(1, 6, 5) + sharing.conv2d(6, 16, 5) + sharing.mlp([400, 120, 84, 10])
    assert total == 61_706


def test_conv_counts_with_and_without_sharing():
    # 3x3 kernels, 1 -> 4 channels on an 8x8 image: 6x6 output positions.
    counts = sharing.conv_counts(1, 4, 3, (8, 8))
    assert counts["output_size"] == (6, 6)
    assert counts["positions"] == 36
    assert counts["conv"] == 4 * 9 + 4
    assert counts["locally_connected"] == 36 * (4 * 9 + 4)
    assert counts["dense"] == 64 * (4 * 36) + 4 * 36
    assert counts["inputs"] == 64


def test_conv_counts_locally_connected_matches_an_explicit_layer():
    # Build the weights of a locally connected 1-D layer position by position and count them.
    length, k, stride, pad, c_in, c_out = 20, 5, 2, 1, 3, 2
    positions = range(0, length + 2 * pad - k + 1, stride)
    shapes = [(c_out, c_in, k) for _ in positions] + [(c_out,) for _ in positions]
    counts = sharing.conv_counts(c_in, c_out, k, length, stride=stride, padding=pad)
    assert counts["output_size"] == (len(positions),)
    assert counts["locally_connected"] == _n_elements(*shapes)
    assert counts["locally_connected"] == counts["positions"] * counts["conv"]


def test_conv_output_size_matches_numpy_convolution():
    x, kernel = np.arange(11.0), np.ones(4)
    assert sharing.conv_output_size(11, 4) == np.convolve(x, kernel, mode="valid").size
    assert sharing.conv_output_size(28, 5, stride=1, padding=2) == 28
    assert sharing.conv_output_size(224, 3, stride=2, padding=1) == 112
    with pytest.raises(ValueError, match="larger than the padded input"):
        sharing.conv_output_size(3, 5)


# ------------------------------------------------------------------------------------ recurrent


@pytest.mark.parametrize(
    ("kind", "gates"), [("rnn", 1), ("gru", 3), ("lstm", 4)]
)
def test_rnn_matches_pytorch_weight_shapes(kind, gates):
    I, H = 10, 20
    # PyTorch, layer 0: weight_ih_l0 (G*H, I), weight_hh_l0 (G*H, H), bias_ih_l0, bias_hh_l0 (G*H,)
    layer0 = _n_elements((gates * H, I), (gates * H, H), (gates * H,), (gates * H,))
    # layer 1 reads the hidden state of layer 0: weight_ih_l1 (G*H, H)
    layer1 = _n_elements((gates * H, H), (gates * H, H), (gates * H,), (gates * H,))
    assert sharing.rnn(I, H, kind) == layer0
    assert sharing.rnn(I, H, kind, num_layers=2) == layer0 + layer1
    no_bias = _n_elements((gates * H, I), (gates * H, H))
    assert sharing.rnn(I, H, kind, bias=False) == no_bias


def test_lstm_formula_from_the_docstring():
    I, H = 7, 5
    assert sharing.rnn(I, H, "lstm") == 4 * (H * I + H * H + 2 * H)


def test_bidirectional_rnn_matches_pytorch_weight_shapes():
    I, H = 6, 4
    # two directions; layer 1 reads both directions' outputs, size 2H
    layer0 = 2 * _n_elements((3 * H, I), (3 * H, H), (3 * H,), (3 * H,))
    layer1 = 2 * _n_elements((3 * H, 2 * H), (3 * H, H), (3 * H,), (3 * H,))
    assert sharing.rnn(I, H, "gru", num_layers=2, bidirectional=True) == layer0 + layer1


def test_rnn_unshared_is_one_copy_per_step():
    assert sharing.rnn_unshared(10, 20, 50, "lstm") == 50 * sharing.rnn(10, 20, "lstm")


def test_rnn_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="kind must be one of"):
        sharing.rnn(3, 4, kind="transformer")


# ----------------------------------------------------------------------- embedding, attention


def test_embedding_is_a_table():
    assert sharing.embedding(50_000, 512) == _n_elements((50_000, 512))


def test_multihead_attention_matches_pytorch_parameter_shapes():
    E = 512
    # in_proj_weight (3E, E), in_proj_bias (3E,), out_proj.weight (E, E), out_proj.bias (E,)
    expected = _n_elements((3 * E, E), (3 * E,), (E, E), (E,))
    assert sharing.multihead_attention(E, 8) == expected == 4 * E**2 + 4 * E
    assert sharing.multihead_attention(E, 8, bias=False) == 4 * E**2
    # kdim/vdim: q_proj_weight (E, E), k_proj_weight (E, kdim), v_proj_weight (E, vdim)
    expected = _n_elements((E, E), (E, 100), (E, 60), (3 * E,), (E, E), (E,))
    assert sharing.multihead_attention(E, 8, kdim=100, vdim=60) == expected


def test_heads_do_not_change_the_count_but_must_divide():
    assert sharing.multihead_attention(64, 1) == sharing.multihead_attention(64, 16)
    with pytest.raises(ValueError, match="num_heads must divide"):
        sharing.multihead_attention(64, 5)


# --------------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "call",
    [
        lambda: sharing.dense(0, 3),
        lambda: sharing.dense(3.5, 3),
        lambda: sharing.dense(3, 3, bias="yes"),
        lambda: sharing.conv2d(1, 1, (3, 3, 3)),
        lambda: sharing.polynomial(2, -1),
        lambda: sharing.embedding(10, 0),
        lambda: sharing.conv_counts(1, 1, 3, (8, 8, 8)),
    ],
)
def test_bad_arguments_raise_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_counts_are_python_ints():
    values = [
        sharing.linear(3),
        sharing.polynomial(3, 2),
        sharing.mlp([3, 4, 2]),
        sharing.conv2d(1, 2, 3),
        sharing.rnn(2, 3, "gru"),
        sharing.embedding(5, 2),
        sharing.multihead_attention(8, 2),
    ]
    assert all(type(v) is int for v in values)


def test_tied_embeddings_store_the_table_once():
    V, D = 1000, 64
    # untied: embedding (V, D), output weight (D, V), output bias (V,)
    assert sharing.language_model_embeddings(V, D) == _n_elements((V, D), (D, V), (V,))
    # tied: the output weight is the embedding table transposed
    assert sharing.language_model_embeddings(V, D, tied=True) == _n_elements((V, D), (V,))
    assert sharing.language_model_embeddings(V, D, tied=True, output_bias=False) == V * D


# ------------------------------------------------------------------ forward passes (chapter 11)


def test_conv1d_forward_matches_np_correlate():
    gen = np.random.default_rng(0)
    for n, k in [(10, 3), (7, 7), (25, 1)]:
        x, w = gen.standard_normal(n), gen.standard_normal(k)
        np.testing.assert_allclose(sharing.conv1d_forward(x, w, bias=-0.7), np.correlate(x, w, "valid") - 0.7)
    # cross-correlation, not convolution: the kernel is not flipped
    assert sharing.conv1d_forward([0.0, 1.0, 0.0], [1.0, 2.0]).tolist() == [2.0, 1.0]
    with pytest.raises(ValueError, match="kernel"):
        sharing.conv1d_forward(np.ones(3), np.ones(4))


def test_locally_connected_with_equal_kernels_is_the_convolution_and_counts_match():
    gen = np.random.default_rng(1)
    x, w = gen.standard_normal(12), gen.standard_normal(4)
    positions = 12 - 4 + 1
    same = sharing.locally_connected1d_forward(x, np.tile(w, (positions, 1)), np.full(positions, 0.2))
    np.testing.assert_allclose(same, sharing.conv1d_forward(x, w, 0.2))
    kernels, biases = gen.standard_normal((positions, 4)), gen.standard_normal(positions)
    explicit = [kernels[p] @ x[p : p + 4] + biases[p] for p in range(positions)]
    np.testing.assert_allclose(sharing.locally_connected1d_forward(x, kernels, biases), explicit)
    counts = sharing.conv_counts(1, 1, 4, 12)
    assert counts["locally_connected"] == kernels.size + biases.size
    with pytest.raises(ValueError, match="kernels must have shape"):
        sharing.locally_connected1d_forward(x, kernels[:-1], biases[:-1])


def _shift_by_loop(x, s):
    """The shift S_s by its definition, one sample at a time."""
    out = np.zeros(len(x))
    for t in range(len(x)):
        if 0 <= t - s < len(x):
            out[t] = x[t - s]
    return out


@pytest.mark.parametrize("shift", [0, 1, 3, -2, 5, 6, -6, 9])
def test_shift_signal_matches_its_definition(shift):
    x = np.random.default_rng(shift + 10).standard_normal(6)
    np.testing.assert_array_equal(sharing.shift_signal(x, shift), _shift_by_loop(x, shift))


def test_shift_signal_rejects_a_fractional_shift_and_leaves_x_alone():
    x = np.arange(1.0, 6.0)
    assert sharing.shift_signal(x, 2).tolist() == [0, 0, 1, 2, 3]
    assert x.tolist() == [1, 2, 3, 4, 5]
    with pytest.raises(ValueError, match="shift"):
        sharing.shift_signal(x, 1.5)


def test_convolution_commutes_with_a_shift_away_from_the_ends():
    x = np.zeros(25)
    x[4:9] = [1.0, 3.0, -2.0, 0.5, 1.0]
    k = np.array([0.3, -1.0, 2.0])
    np.testing.assert_allclose(sharing.conv1d_forward(sharing.shift_signal(x, 6), k),
                               sharing.shift_signal(sharing.conv1d_forward(x, k), 6))


def test_feature_maps_match_np_correlate_and_pooling_is_shift_invariant():
    gen = np.random.default_rng(1)
    X, K = gen.standard_normal((3, 20)), gen.standard_normal((2, 4))
    maps = sharing.conv1d_feature_maps(X, K)
    assert maps.shape == (3, 2, 17)
    for i in range(3):
        for c in range(2):
            np.testing.assert_allclose(maps[i, c], np.maximum(np.correlate(X[i], K[c], "valid"), 0))
    x = np.zeros(30)
    x[5:10] = gen.standard_normal(5)
    both = sharing.conv1d_feature_maps(np.stack([x, sharing.shift_signal(x, 12)]), K)
    np.testing.assert_allclose(both[0].max(axis=1), both[1].max(axis=1))
    with pytest.raises(ValueError, match="kernels"):
        sharing.conv1d_feature_maps(X[:, :3], K)


def test_rnn_forward_matches_an_explicit_loop_and_the_pytorch_formula():
    gen = np.random.default_rng(2)
    T, I, H = 5, 3, 4
    xs = gen.standard_normal((T, I))
    W_xh, W_hh, b = gen.standard_normal((I, H)), gen.standard_normal((H, H)), gen.standard_normal(H)
    h0 = gen.standard_normal(H)
    states = sharing.rnn_forward(xs, W_xh, W_hh, b, h0)
    # PyTorch: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh), weights (H, I) and (H, H)
    W_ih_t, W_hh_t, b_ih = W_xh.T, W_hh.T, 0.25 * b
    b_hh = b - b_ih
    h = h0
    for t in range(T):
        h = np.tanh(W_ih_t @ xs[t] + b_ih + W_hh_t @ h + b_hh)
        np.testing.assert_allclose(states[t], h)
    # PyTorch counts both bias vectors
    assert sharing.rnn(I, H) == _n_elements(W_ih_t.shape, W_hh_t.shape, b_ih.shape, b_hh.shape)
    with pytest.raises(ValueError, match="W_hh"):
        sharing.rnn_forward(xs, W_xh, np.ones((H, H + 1)), b)


def test_decoder_lm_matches_gpt2_small_weight_shapes():
    V, D, N, ctx = 50257, 768, 12, 1024
    block = [(D,), (D,),                        # ln_1 gain and bias
             (D, 3 * D), (3 * D,), (D, D), (D,),  # attention: c_attn, c_proj
             (D,), (D,),                        # ln_2
             (D, 4 * D), (4 * D,), (4 * D, D), (D,)]  # MLP: c_fc, c_proj
    shapes = [(V, D), (ctx, D)] + block * N + [(D,), (D,)]  # wte, wpe, blocks, ln_f
    parts = sharing.decoder_lm(V, D, N, ctx)
    assert parts["total"] == _n_elements(*shapes) == 124_439_808
    untied = sharing.decoder_lm(V, D, N, ctx, tied=False)
    assert untied["total"] - parts["total"] == V * D
    assert sharing.decoder_lm(V, D, N, ctx, output_bias=True)["total"] == parts["total"] + V
