"""Practice of chapter 3, *Counting parameters*: the coefficients of a full polynomial in d
features, the weights and biases of a multilayer perceptron, and a convolution layer against a
dense layer with the same input and output.

The functions take sizes (integers), not arrays, so there is nothing to leave unchanged
(``pure=False``).
"""

from __future__ import annotations

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

__all__ = ["EXERCISES"]

# ----------------------------------------------------------- count_polynomial_coefficients


def count_polynomial_coefficients(n_features, degree):
    """The number of coefficients of a full polynomial of total degree at most ``degree`` in
    ``n_features`` features, the constant included: C(d + p, p)."""
    from math import comb

    return comb(n_features + degree, degree)


def _powers_of_single_features(n_features, degree):
    return n_features * degree + 1


def _without_constant(n_features, degree):
    return count_polynomial_coefficients(n_features, degree) - 1


def _every_power_up_to_degree(n_features, degree):
    return (degree + 1) ** n_features


_POLYNOMIAL_CASES = [
    Case("d = 1 feature, degree p = 3", (1, 3)),
    Case("d = 2 features, degree p = 2", (2, 2)),
    Case("d = 3 features, degree p = 3", (3, 3)),
    Case("d = 10 features, degree p = 2", (10, 2)),
]

# --------------------------------------------------------------------- count_mlp_parameters


def count_mlp_parameters(layer_sizes):
    """The number of weights and biases of an MLP whose layers have the given sizes, inputs first."""
    total = 0
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        total += n_in * n_out + n_out
    return total


def _mlp_weights_only(layer_sizes):
    return sum(n_in * n_out for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]))


def _mlp_bias_per_input(layer_sizes):
    return sum(n_in * n_out + n_in for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]))


def _mlp_bias_for_every_unit(layer_sizes):
    return _mlp_weights_only(layer_sizes) + sum(layer_sizes)


_MLP_CASES = [
    Case("the digits MLP [64, 32, 10]", ([64, 32, 10],)),
    Case("a deeper MLP [10, 4, 4, 1]", ([10, 4, 4, 1],)),
    Case("a single dense layer [3, 5]", ([3, 5],)),
    Case("an MLP [2, 8, 8, 8, 3]", ([2, 8, 8, 8, 3],)),
]

# -------------------------------------------------------------------- conv_and_dense_counts


def conv_and_dense_counts(n, in_channels, out_channels, kernel_size):
    """The parameters of a convolution layer and of a dense layer that both map an n x n image
    with in_channels channels to out_channels maps of n x n; returns (conv, dense)."""
    conv = out_channels * in_channels * kernel_size**2 + out_channels
    n_inputs = in_channels * n**2
    n_outputs = out_channels * n**2
    dense = n_inputs * n_outputs + n_outputs
    return conv, dense


def _conv_without_in_channels(n, in_channels, out_channels, kernel_size):
    _, dense = conv_and_dense_counts(n, in_channels, out_channels, kernel_size)
    return out_channels * kernel_size**2 + out_channels, dense


def _conv_kernel_side_not_area(n, in_channels, out_channels, kernel_size):
    _, dense = conv_and_dense_counts(n, in_channels, out_channels, kernel_size)
    return out_channels * in_channels * kernel_size + out_channels, dense


def _dense_bias_per_channel(n, in_channels, out_channels, kernel_size):
    conv, _ = conv_and_dense_counts(n, in_channels, out_channels, kernel_size)
    return conv, in_channels * n**2 * out_channels * n**2 + out_channels


_CONV_CASES = [
    Case("an 8 x 8 grey image to 16 maps, 3 x 3 kernels", (8, 1, 16, 3)),
    Case("a 28 x 28 grey image to 8 maps, 5 x 5 kernels", (28, 1, 8, 5)),
    Case("a 32 x 32 colour image to 4 maps, 3 x 3 kernels", (32, 3, 4, 3)),
]

EXERCISES = (
    Exercise(
        name="count_polynomial_coefficients",
        solution=count_polynomial_coefficients,
        cases=_POLYNOMIAL_CASES,
        formula="C(d + p, p) = (d + p)! / (d! p!), e.g. math.comb(n_features + degree, degree)",
        mistakes=[
            Mistake("count_polynomial_coefficients", _powers_of_single_features,
                    "you counted the constant and the powers x_j**q of single features only: a full "
                    "polynomial also has products of features such as x_1 * x_2; count them all with "
                    "C(d + p, p)."),
            Mistake("count_polynomial_coefficients", _without_constant,
                    "you left out the constant term: C(d + p, p) counts it (the monomial with all "
                    "powers zero)."),
            Mistake("count_polynomial_coefficients", _every_power_up_to_degree,
                    "(p + 1)**d lets every feature's power run up to p on its own, which also counts "
                    "monomials of total degree above p: the powers must add up to at most p."),
        ],
        pure=False,
        arg_names=("n_features", "degree"),
    ),
    Exercise(
        name="count_mlp_parameters",
        solution=count_mlp_parameters,
        cases=_MLP_CASES,
        formula=("the sum over consecutive sizes (n_in, n_out) of n_in * n_out + n_out, e.g. "
                 "64 * 32 + 32 + 32 * 10 + 10 = 2410 for [64, 32, 10]"),
        mistakes=[
            Mistake("count_mlp_parameters", _mlp_weights_only,
                    "you counted the weights only: every layer also has one bias per output unit, "
                    "n_out of them."),
            Mistake("count_mlp_parameters", _mlp_bias_per_input,
                    "the biases belong to the outputs of a layer: add n_out per layer, not n_in."),
            Mistake("count_mlp_parameters", _mlp_bias_for_every_unit,
                    "you gave the input units biases too: the inputs are data, and only the units of "
                    "the hidden and output layers have a bias."),
        ],
        pure=False,
        arg_names=("layer_sizes",),
    ),
    Exercise(
        name="conv_and_dense_counts",
        solution=conv_and_dense_counts,
        cases=_CONV_CASES,
        formula=("conv = C_out * C_in * k**2 + C_out; dense = (C_in * n**2) * (C_out * n**2) + C_out * n**2; "
                 "return (conv, dense)"),
        mistakes=[
            Mistake("conv_and_dense_counts", _conv_without_in_channels,
                    "the convolution count misses the input channels: each output channel has a k x k "
                    "kernel for every input channel, C_out * C_in * k**2 weights in all."),
            Mistake("conv_and_dense_counts", _conv_kernel_side_not_area,
                    "a k x k kernel has k**2 weights per input channel, not k."),
            Mistake("conv_and_dense_counts", _dense_bias_per_channel,
                    "the dense layer has one bias per output value, and there are C_out * n**2 of them, "
                    "not C_out."),
        ],
        pure=False,
        arg_names=("n", "in_channels", "out_channels", "kernel_size"),
    ),
)
