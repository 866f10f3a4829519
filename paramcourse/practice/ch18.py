"""Practice of chapter 18, parameters you inherit: the trainable parameters of a network whose
first layers are frozen, the merged weight of a low-rank adapter, and one update of batch
normalization's running statistics."""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

_rng = np.random.default_rng(18)


# ------------------------------------------------------------------ trainable_parameter_count


def trainable_parameter_count(layer_sizes, n_frozen):
    """Trainable parameters of an MLP whose first n_frozen dense layers are frozen.

    layer_sizes = [n_0, n_1, ..., n_L] lists the input size, the hidden widths and the output
    size; dense layer l (l = 1, ..., L) has n_{l-1} * n_l weights and n_l biases. Freezing a
    layer freezes its weights and its biases.

    layer_sizes: list of int; n_frozen: int, 0 <= n_frozen <= L.
    Returns an int.
    """
    count = 0
    for layer, (fan_in, fan_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:])):
        if layer >= n_frozen:
            count += fan_in * fan_out + fan_out
    return count


def _layers(layer_sizes):
    return list(zip(layer_sizes[:-1], layer_sizes[1:]))


def _count_without_biases(layer_sizes, n_frozen):
    return sum(a * b for a, b in _layers(layer_sizes)[n_frozen:])


def _count_of_the_frozen_ones(layer_sizes, n_frozen):
    return sum(a * b + b for a, b in _layers(layer_sizes)[:n_frozen])


def _count_freezing_the_last_layers(layer_sizes, n_frozen):
    layers = _layers(layer_sizes)
    return sum(a * b + b for a, b in layers[:len(layers) - n_frozen])


def _count_freezing_one_layer_too_many(layer_sizes, n_frozen):
    return sum(a * b + b for a, b in _layers(layer_sizes)[n_frozen + 1:])


def _count_with_the_input_bias(layer_sizes, n_frozen):
    return sum(a * b + a for a, b in _layers(layer_sizes)[n_frozen:])


def _count_of_all(layer_sizes, n_frozen):
    return sum(a * b + b for a, b in _layers(layer_sizes))


_TRAINABLE = Exercise(
    name="trainable_parameter_count",
    solution=trainable_parameter_count,
    cases=[
        Case("layer_sizes = [64, 32, 5], n_frozen = 1", ([64, 32, 5], 1)),
        Case("layer_sizes = [8, 16, 12, 3], n_frozen = 2", ([8, 16, 12, 3], 2)),
        Case("layer_sizes = [10, 6, 4, 2], n_frozen = 1", ([10, 6, 4, 2], 1)),
        Case("layer_sizes = [5, 7, 3], n_frozen = 0", ([5, 7, 3], 0)),
    ],
    formula="the sum of n_{l-1} * n_l + n_l over the dense layers l = n_frozen + 1, ..., L",
    mistakes=[
        Mistake("trainable_parameter_count", _count_without_biases,
                "each dense layer also has n_l biases, and they are trainable unless the layer is "
                "frozen: add n_l to n_{l-1} * n_l."),
        Mistake("trainable_parameter_count", _count_of_the_frozen_ones,
                "you counted the frozen layers; the trainable parameters are those of the layers after "
                "the first n_frozen."),
        Mistake("trainable_parameter_count", _count_freezing_the_last_layers,
                "the frozen layers are the first n_frozen (next to the input), not the last ones: "
                "a new head on a pretrained body trains the layers at the output end."),
        Mistake("trainable_parameter_count", _count_freezing_one_layer_too_many,
                "one layer too many is frozen: with n_frozen = 1 only the first dense layer (weights "
                "n_0 x n_1) is frozen."),
        Mistake("trainable_parameter_count", _count_with_the_input_bias,
                "a dense layer has one bias per output, n_l, not one per input."),
        Mistake("trainable_parameter_count", _count_of_all,
                "freezing does not change the total, but it does change the trainable count: leave "
                "out the first n_frozen layers."),
    ],
    arg_names=("layer_sizes", "n_frozen"),
)


# ------------------------------------------------------------------------ lora_merged_weight


def lora_merged_weight(W, A, B, alpha):
    """The weight matrix of a dense layer after a low-rank adapter is merged into it.

    W' = W + (alpha / r) * A @ B, where r = A.shape[1] is the rank of the adapter.

    W: array of shape (fan_in, fan_out); A: array of shape (fan_in, r);
    B: array of shape (r, fan_out); alpha: float.
    Returns a new array of shape (fan_in, fan_out); W is not changed.
    """
    r = A.shape[1]
    return W + (alpha / r) * (A @ B)


def _merged_without_scale(W, A, B, alpha):
    return W + A @ B


def _merged_with_alpha_only(W, A, B, alpha):
    return W + alpha * (A @ B)


def _merged_with_r_from_fan_in(W, A, B, alpha):
    return W + (alpha / A.shape[0]) * (A @ B)


def _merged_with_r_over_alpha(W, A, B, alpha):
    return W + (A.shape[1] / alpha) * (A @ B)


def _update_only(W, A, B, alpha):
    return (alpha / A.shape[1]) * (A @ B)


def _merged_in_place(W, A, B, alpha):
    W += (alpha / A.shape[1]) * (A @ B)
    return W


def _adapter(fan_in, fan_out, r):
    return (_rng.normal(size=(fan_in, fan_out)), _rng.normal(size=(fan_in, r)),
            _rng.normal(size=(r, fan_out)))


_LORA = Exercise(
    name="lora_merged_weight",
    solution=lora_merged_weight,
    cases=[
        Case("W of shape (5, 4), rank 2, alpha = 8", (*_adapter(5, 4, 2), 8.0)),
        Case("W of shape (6, 3), rank 3, alpha = 1.5", (*_adapter(6, 3, 3), 1.5)),
        Case("W of shape (4, 6), rank 1, alpha = 2", (*_adapter(4, 6, 1), 2.0)),
    ],
    formula="r = A.shape[1], W' = W + (alpha / r) * A @ B",
    mistakes=[
        Mistake("lora_merged_weight", _merged_without_scale,
                "the adapter's product is scaled by alpha / r before it is added: "
                "W + (alpha / r) * A @ B."),
        Mistake("lora_merged_weight", _merged_with_alpha_only,
                "the scale is alpha / r, not alpha: divide by the rank r = A.shape[1]."),
        Mistake("lora_merged_weight", _merged_with_r_from_fan_in,
                "the rank r is the number of columns of A, A.shape[1]; A.shape[0] is fan_in."),
        Mistake("lora_merged_weight", _merged_with_r_over_alpha,
                "the scale is alpha / r, alpha divided by the rank, not its inverse."),
        Mistake("lora_merged_weight", _update_only,
                "return the merged weight W + (alpha / r) * A @ B, not the update alone."),
    ],
    arg_names=("W", "A", "B", "alpha"),
)


# -------------------------------------------------------------------- update_running_stats


def update_running_stats(X, running_mean, running_var, momentum):
    """One training-mode update of batch normalization's running statistics (PyTorch's rule).

    With the batch mean mu_B = X.mean(axis=0) and the unbiased batch variance
    s2_B = X.var(axis=0, ddof=1):
    running_mean <- (1 - momentum) * running_mean + momentum * mu_B and
    running_var  <- (1 - momentum) * running_var  + momentum * s2_B.

    X: array of shape (n, k), n >= 2; running_mean, running_var: arrays of shape (k,);
    momentum: float in [0, 1].
    Returns (new_mean, new_var), two new arrays of shape (k,).
    """
    mean = X.mean(axis=0)
    var = X.var(axis=0, ddof=1)
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * var
    return new_mean, new_var


def _stats(X, running_mean, running_var, momentum, *, ddof=1, keras=False, std=False, axis=0):
    mean, var = X.mean(axis=axis), X.var(axis=axis, ddof=ddof)
    if std:
        var = np.sqrt(var)
    old = momentum if keras else 1 - momentum
    return old * running_mean + (1 - old) * mean, old * running_var + (1 - old) * var


def _stats_biased(X, running_mean, running_var, momentum):
    return _stats(X, running_mean, running_var, momentum, ddof=0)


def _stats_keras_momentum(X, running_mean, running_var, momentum):
    return _stats(X, running_mean, running_var, momentum, keras=True)


def _stats_with_std(X, running_mean, running_var, momentum):
    return _stats(X, running_mean, running_var, momentum, std=True)


def _stats_replaced(X, running_mean, running_var, momentum):
    return X.mean(axis=0), X.var(axis=0, ddof=1)


def _stats_mean_only(X, running_mean, running_var, momentum):
    mean, _ = _stats(X, running_mean, running_var, momentum)
    return mean, running_var.copy()


def _running(n, k, momentum):
    X = _rng.normal(size=(n, k)) * np.linspace(0.5, 3.0, k) + np.arange(1.0, k + 1)
    return X, _rng.normal(size=k), _rng.uniform(0.5, 2.0, size=k), momentum


_RUNNING = Exercise(
    name="update_running_stats",
    solution=update_running_stats,
    cases=[
        Case("X of shape (5, 3), momentum = 0.1", _running(5, 3, 0.1)),
        Case("X of shape (8, 2), momentum = 0.3", _running(8, 2, 0.3)),
        Case("X of shape (4, 4), momentum = 0.05", _running(4, 4, 0.05)),
    ],
    formula="mu_B = X.mean(axis=0), s2_B = X.var(axis=0, ddof=1), "
            "new_mean = (1 - momentum) * running_mean + momentum * mu_B, "
            "new_var = (1 - momentum) * running_var + momentum * s2_B",
    mistakes=[
        Mistake("update_running_stats", _stats_biased,
                "the running variance takes the unbiased batch variance, X.var(axis=0, ddof=1) "
                "(divide by n - 1); the biased one (ddof=0) is what normalizes the batch itself."),
        Mistake("update_running_stats", _stats_keras_momentum,
                "in PyTorch's convention momentum is the weight of the new batch: "
                "(1 - momentum) * old + momentum * batch. Keras' momentum is the weight of the old value."),
        Mistake("update_running_stats", _stats_with_std,
                "the buffer holds a variance: average s2_B = X.var(axis=0, ddof=1), not the "
                "standard deviation."),
        Mistake("update_running_stats", _stats_replaced,
                "the buffers are running averages: mix the batch statistics into the old values "
                "with weight momentum instead of replacing them."),
        Mistake("update_running_stats", _stats_mean_only,
                "update the running variance too, with the same rule as the mean."),
    ],
    arg_names=("X", "running_mean", "running_var"),
)


EXERCISES = (_TRAINABLE, _LORA, _RUNNING)
