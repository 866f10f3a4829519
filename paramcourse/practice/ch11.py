"""Practice of chapter 11, *Parameter sharing*: a 1-D convolution written as a loop over
positions, the gap between shift-then-convolve and convolve-then-shift (translation
equivariance and where it fails), and the hidden states of a recurrent layer that reuses its
weights at every time step.

The signals are small and seeded and are not zero at their ends, so that an off-by-one window,
a flipped kernel or a wrapped shift changes the output. The cases of each exercise differ in the
input lengths (or the input size of the recurrent layer) and keep the output length.
"""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

__all__ = ["EXERCISES"]

_rng = np.random.default_rng(1111)

# ------------------------------------------------------------------------------- conv1d_valid


def conv1d_valid(x, kernel, bias):
    """z_p = sum_j kernel[j] * x[p + j] + bias for p = 0, ..., n - k ("valid", no flip)."""
    n, k = len(x), len(kernel)
    z = np.zeros(n - k + 1)
    for p in range(n - k + 1):
        z[p] = np.sum(kernel * x[p:p + k]) + bias
    return z


def _flipped_kernel(x, kernel, bias):
    return np.convolve(x, kernel, mode="valid") + bias


def _full_mode(x, kernel, bias):
    return np.correlate(x, kernel, mode="full") + bias


def _one_position_short(x, kernel, bias):
    n, k = len(x), len(kernel)
    return np.array([np.sum(kernel * x[p:p + k]) + bias for p in range(n - k)])


def _bias_forgotten(x, kernel, bias):
    return np.correlate(x, kernel, mode="valid")


def _bias_per_weight(x, kernel, bias):
    n, k = len(x), len(kernel)
    return np.array([np.sum(kernel * x[p:p + k] + bias) for p in range(n - k + 1)])


_CONV_CASES = [
    Case("a signal of length 8, kernel of length 3, bias 0.5",
         (_rng.normal(0.0, 1.0, 8), np.array([1.0, -2.0, 0.5]), 0.5)),
    Case("a signal of length 7, kernel of length 2, bias -1",
         (_rng.normal(1.0, 1.0, 7), np.array([0.3, -1.2]), -1.0)),
    Case("a signal of length 10, kernel of length 5, bias 0.25",
         (_rng.normal(0.0, 2.0, 10), np.array([0.5, 1.0, -1.5, 2.0, -0.25]), 0.25)),
]

# ---------------------------------------------------------------------------- equivariance_gap


def equivariance_gap(x, kernel, shift):
    """conv(S x) - S conv(x) for a right shift S by shift >= 0 samples with zeros coming in."""
    n, k = len(x), len(kernel)
    shifted_x = np.zeros(n)
    shifted_x[shift:] = x[:n - shift]
    conv = np.correlate(x, kernel, mode="valid")
    shifted_conv = np.zeros(n - k + 1)
    shifted_conv[shift:] = conv[:n - k + 1 - shift]
    return np.correlate(shifted_x, kernel, mode="valid") - shifted_conv


def _rolled(x, kernel, shift):
    conv = np.correlate(x, kernel, mode="valid")
    return np.correlate(np.roll(x, shift), kernel, mode="valid") - np.roll(conv, shift)


def _other_order(x, kernel, shift):
    return -equivariance_gap(x, kernel, shift)


def _shifted_left(x, kernel, shift):
    n, k = len(x), len(kernel)
    shifted_x = np.zeros(n)
    shifted_x[:n - shift] = x[shift:]
    conv = np.correlate(x, kernel, mode="valid")
    shifted_conv = np.zeros(n - k + 1)
    shifted_conv[:n - k + 1 - shift] = conv[shift:]
    return np.correlate(shifted_x, kernel, mode="valid") - shifted_conv


def _bump(n, start, values):
    x = np.zeros(n)
    x[start:start + len(values)] = values
    return x


_GAP_CASES = [
    Case("a signal of length 10, kernel of length 3, shift 2",
         (_rng.normal(0.0, 1.0, 10), np.array([-1.0, 2.0, 0.5]), 2)),
    Case("a signal of length 9, kernel of length 2, shift 3",
         (_rng.normal(1.0, 1.0, 9), np.array([1.5, -0.5]), 3)),
    Case("a signal of length 12, kernel of length 5, shift 1",
         (_rng.normal(0.0, 1.0, 12), np.array([0.2, -1.0, 1.0, 0.5, -0.3]), 1)),
    Case("a bump of length 11 with zeros at both ends, kernel of length 4, shift 2",
         (_bump(11, 3, [1.0, 2.0, -1.0]), np.array([1.0, -1.0, 0.5, 2.0]), 2)),
]

# -------------------------------------------------------------------------------- rnn_states


def rnn_states(xs, W_xh, W_hh, b):
    """h_t = tanh(x_t @ W_xh + h_{t-1} @ W_hh + b) from h_0 = 0; returns the rows h_1, ..., h_T."""
    h = np.zeros(W_hh.shape[0])
    states = np.zeros((xs.shape[0], h.size))
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] @ W_xh + h @ W_hh + b)
        states[t] = h
    return states


def _no_tanh(xs, W_xh, W_hh, b):
    h, states = np.zeros(W_hh.shape[0]), []
    for x_t in xs:
        h = x_t @ W_xh + h @ W_hh + b
        states.append(h)
    return np.array(states)


def _no_recurrence(xs, W_xh, W_hh, b):
    return np.tanh(xs @ W_xh + b)


def _column_convention(xs, W_xh, W_hh, b):
    h, states = np.zeros(W_hh.shape[0]), []
    for x_t in xs:
        h = np.tanh(x_t @ W_xh + W_hh @ h + b)
        states.append(h)
    return np.array(states)


def _last_state_only(xs, W_xh, W_hh, b):
    return rnn_states(xs, W_xh, W_hh, b)[-1]


def _stored_before_update(xs, W_xh, W_hh, b):
    h, states = np.zeros(W_hh.shape[0]), []
    for x_t in xs:
        states.append(h)
        h = np.tanh(x_t @ W_xh + h @ W_hh + b)
    return np.array(states)


def _recurrent_layer(T, I, H, rng):
    return (rng.normal(0.0, 1.0, (T, I)), rng.normal(0.0, 0.7, (I, H)), rng.normal(0.0, 0.7, (H, H)),
            rng.normal(0.0, 0.3, H))


_RNN_CASES = [
    Case("T = 4 steps of I = 2 inputs, H = 3 hidden units", _recurrent_layer(4, 2, 3, _rng)),
    Case("T = 4 steps of I = 5 inputs, H = 3 hidden units", _recurrent_layer(4, 5, 3, _rng)),
    Case("T = 4 steps of I = 1 input, H = 3 hidden units", _recurrent_layer(4, 1, 3, _rng)),
]

EXERCISES = (
    Exercise(
        name="conv1d_valid",
        solution=conv1d_valid,
        cases=_CONV_CASES,
        formula="for p = 0, ..., n - k: z[p] = sum over j of kernel[j] * x[p + j], plus bias; an array of "
                "n - k + 1 values (np.correlate(x, kernel, mode='valid') + bias).",
        mistakes=[
            Mistake("conv1d_valid", _flipped_kernel,
                    "you flipped the kernel (np.convolve does): the convolution of deep learning slides "
                    "the kernel as it is, z[p] = sum_j kernel[j] * x[p + j]."),
            Mistake("conv1d_valid", _full_mode,
                    "you kept windows that stick out of the signal: 'valid' padding uses only the n - k + 1 "
                    "windows that lie fully inside it."),
            Mistake("conv1d_valid", _one_position_short,
                    "one position is missing: the last window starts at p = n - k, so p runs over "
                    "range(n - k + 1)."),
            Mistake("conv1d_valid", _bias_forgotten,
                    "the bias is missing: add it once at every position."),
            Mistake("conv1d_valid", _bias_per_weight,
                    "you added the bias to every product in the window, k times per position: add it "
                    "once, after the sum."),
        ],
        arg_names=("x", "kernel", "bias"),
    ),
    Exercise(
        name="equivariance_gap",
        solution=equivariance_gap,
        cases=_GAP_CASES,
        formula="with S moving a signal shift places to the right and filling with zeros, and conv the "
                "'valid' correlation with kernel: return conv(S x) - S conv(x), an array of n - k + 1 values.",
        mistakes=[
            Mistake("equivariance_gap", _rolled,
                    "np.roll wraps the samples that fall off the right end around to the left; the shift "
                    "S fills the vacated places with zeros instead (out[shift:] = x[:n - shift])."),
            Mistake("equivariance_gap", _other_order,
                    "you subtracted in the other order: the gap is conv(S x) - S conv(x)."),
            Mistake("equivariance_gap", _shifted_left,
                    "you shifted to the left: S moves every sample shift places to the right, "
                    "out[shift:] = x[:n - shift]."),
        ],
        arg_names=("x", "kernel", "shift"),
    ),
    Exercise(
        name="rnn_states",
        solution=rnn_states,
        cases=_RNN_CASES,
        formula="h = zeros(H); for each row x_t of xs: h = tanh(x_t @ W_xh + h @ W_hh + b), and keep h; "
                "return the T states as an array of shape (T, H).",
        mistakes=[
            Mistake("rnn_states", _no_tanh,
                    "the states are not squashed: apply np.tanh to x_t @ W_xh + h @ W_hh + b."),
            Mistake("rnn_states", _no_recurrence,
                    "every state ignores the one before it: add h_{t-1} @ W_hh inside the tanh, with the "
                    "state carried from step to step."),
            Mistake("rnn_states", _column_convention,
                    "you computed W_hh @ h, the column-vector convention; here states are rows, so the "
                    "product is h @ W_hh."),
            Mistake("rnn_states", _last_state_only,
                    "you returned only the last state; return every state, one row per time step."),
            Mistake("rnn_states", _stored_before_update,
                    "your rows are one step late: the first row is h_1, the state after reading x_1, so "
                    "store h after updating it."),
        ],
        arg_names=("xs", "W_xh", "W_hh", "b"),
    ),
)
