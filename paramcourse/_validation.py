"""Input checks shared by every module: each turns bad input into a ``ValueError`` that names
the argument and what was expected, instead of a NumPy error several frames deeper.

These are the one place where arguments are validated; modules call them at their boundary.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np


def as_matrix(X, name: str = "X", columns: str = "n_features", rows: str = "n_samples") -> np.ndarray:
    """Return ``X`` as a float array of shape ``(n_samples, n_features)``.

    ``rows`` and ``columns`` name the axes in the error message, e.g. ``columns="n_classes"``
    for logits.
    Raises ``ValueError`` for another number of dimensions, an empty array or non-finite values.
    """
    arr = _as_float_array(X, name)
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must have shape ({rows}, {columns}); got {arr.shape}. "
            f"For a single feature use {name}.reshape(-1, 1)."
        )
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must have at least one sample and one feature; got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def as_vector(v, name: str, length: int | None = None, length_name: str = "") -> np.ndarray:
    """Return ``v`` as a finite 1-D float array, optionally of a given length.

    ``length_name`` says where the expected length comes from, e.g. ``"X.shape[0]"``.
    """
    arr = _as_float_array(v, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array; got shape {arr.shape}")
    if length is not None and arr.shape[0] != length:
        where = f" ({length_name})" if length_name else ""
        raise ValueError(f"{name} must have shape ({length},){where}; got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def as_xy(X, y) -> tuple[np.ndarray, np.ndarray]:
    """Validate a design matrix ``X`` of shape ``(n, d)`` and targets ``y`` of shape ``(n,)``."""
    X = as_matrix(X, "X")
    y = as_vector(y, "y", X.shape[0], "X.shape[0]")
    return X, y


def as_weights(w, n_features: int, name: str = "w") -> np.ndarray:
    """Validate a weight vector of shape ``(n_features,)``."""
    return as_vector(w, name, n_features, "the number of columns of X")


def as_scalar(value, name: str) -> float:
    """Return a finite real number as ``float``."""
    if isinstance(value, bool) or not isinstance(value, Real | np.floating | np.integer):
        arr = np.asarray(value)
        if arr.shape != () or not np.issubdtype(arr.dtype, np.number):
            raise ValueError(f"{name} must be a real number; got {value!r}")
    out = float(value)
    if not np.isfinite(out):
        raise ValueError(f"{name} must be finite; got {out}")
    return out


def check_positive(value, name: str, *, allow_zero: bool = False) -> float:
    """Return ``value`` as ``float`` if it is ``> 0`` (or ``>= 0`` with ``allow_zero``)."""
    out = as_scalar(value, name)
    if out < 0 or (out == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be {bound}; got {out}")
    return out


def check_fraction(value, name: str, *, allow_zero: bool = False) -> float:
    """Return ``value`` as ``float`` if it lies in ``(0, 1)`` (or ``[0, 1)`` with ``allow_zero``)."""
    out = as_scalar(value, name)
    if allow_zero and out == 0.0:
        return out
    if not 0.0 < out < 1.0:
        low = "0 (inclusive)" if allow_zero else "0"
        raise ValueError(f"{name} must lie strictly between {low} and 1; got {out}")
    return out


def check_count(value, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as ``int`` if it is an integer ``>= minimum``."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value}")
    return int(value)


def check_rng(rng) -> np.random.Generator:
    """Require an explicit ``numpy.random.Generator``; the global ``np.random`` state is never used."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            "rng must be a numpy.random.Generator, e.g. rng=np.random.default_rng(0); "
            f"got {type(rng).__name__}"
        )
    return rng


def _as_float_array(value, name: str) -> np.ndarray:
    # np.asarray on a ragged list or a string raises TypeError/ValueError deep inside NumPy;
    # turn both into a message that names the argument.
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of real numbers; got {value!r}") from None


def as_array(value, name: str, *, allow_nonfinite: bool = False) -> np.ndarray:
    """Return ``value`` as a float array of any shape (a new array is not guaranteed: copy before writing).

    Non-finite entries are rejected unless ``allow_nonfinite`` is true.
    """
    arr = _as_float_array(value, name)
    if not allow_nonfinite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def as_labels(y, name: str, n_samples: int | None = None, n_classes: int | None = None) -> np.ndarray:
    """Return class labels as a 1-D integer array with values in ``0 .. n_classes - 1``.

    Float labels are accepted when they are whole numbers (``1.0`` is class 1).
    """
    arr = as_vector(y, name, n_samples, "the number of rows" if n_samples is not None else "")
    labels = arr.astype(int)
    if not np.array_equal(labels, arr) or np.any(labels < 0):
        raise ValueError(f"{name} must hold integer class labels 0, 1, 2, ...; got {np.unique(arr)[:10]}")
    if n_classes is not None and labels.size and labels.max() >= n_classes:
        raise ValueError(
            f"{name} must hold labels in 0..{n_classes - 1} (one per column); got label {labels.max()}"
        )
    return labels


def check_range(value, name: str) -> tuple[float, float]:
    """Return ``(low, high)`` as floats if ``value`` is a pair of finite numbers with ``low < high``."""
    try:
        low, high = value
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (low, high); got {value!r}") from None
    low, high = as_scalar(low, f"{name}[0]"), as_scalar(high, f"{name}[1]")
    if not low < high:
        raise ValueError(f"{name} must satisfy low < high; got ({low}, {high})")
    return low, high


def check_choice(value, name: str, choices) -> str:
    """Return ``value`` if it is one of ``choices`` (strings)."""
    if not isinstance(value, str) or value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value


def check_callable(value, name: str):
    """Return ``value`` if it can be called."""
    if not callable(value):
        raise ValueError(f"{name} must be callable; got {type(value).__name__}")
    return value


def check_size_tuple(value, name: str, ndim: int, *, minimum: int = 1) -> tuple[int, ...]:
    """Return an integer or a sequence of ``ndim`` integers ``>= minimum`` as a tuple of length ``ndim``.

    A single integer is repeated, as PyTorch does for ``kernel_size=3`` in a 2-D convolution.
    """
    if isinstance(value, Integral) and not isinstance(value, bool):
        return (check_count(value, name, minimum=minimum),) * ndim
    try:
        items = tuple(value)
    except TypeError:
        raise ValueError(
            f"{name} must be an integer or a sequence of {ndim} integers >= {minimum}; got {value!r}"
        ) from None
    if len(items) != ndim:
        raise ValueError(f"{name} must have {ndim} entries; got {len(items)} ({value!r})")
    return tuple(check_count(v, f"{name}[{i}]", minimum=minimum) for i, v in enumerate(items))


def check_permutations(value, name: str, n: int) -> np.ndarray:
    """Return ``value`` as an integer array of shape ``(k, n)`` whose every row is a permutation of ``0 .. n - 1``."""
    arr = np.asarray(value)
    if arr.ndim != 2 or arr.shape[1] != n or arr.shape[0] == 0:
        raise ValueError(f"{name} must have shape (n_repeats, {n}); got {arr.shape}")
    if not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"{name} must hold integer row indices; got dtype {arr.dtype}")
    if not np.all(np.sort(arr, axis=1) == np.arange(n)):
        raise ValueError(f"every row of {name} must be a permutation of 0..{n - 1}")
    return arr
