"""Data for the chapters: seeded synthetic data makers, scikit-learn's bundled datasets, splits.

Every maker draws from an explicit ``rng`` (a ``numpy.random.Generator``), so the same seed
gives the same data on every machine and the global ``np.random`` state is never touched.
Every function returns ``X`` of shape ``(n_samples, n_features)`` and ``y`` of shape
``(n_samples,)``.

scikit-learn is imported inside the two loaders only, so importing this module stays cheap.
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    as_matrix,
    as_scalar,
    as_array,
    as_vector,
    check_count,
    check_fraction,
    check_positive,
    check_range,
    check_rng,
)

__all__ = [
    "POLY4_COEFS",
    "load_diabetes",
    "load_digits",
    "make_bump_signals",
    "make_classification",
    "make_linear_regression",
    "make_polynomial_data",
    "poly4_truth",
    "train_val_test_split",
]

# The truth of the capacity chapter: 0.5 + x - 5 x^2 + 5 x^4, coefficients c0..c4 (lowest
# power first, as numpy.polynomial expects). On [-1, 1] it has two dips and a bump between
# them, large enough to see through noise of std 0.3, and a straight line or a parabola
# visibly misses them.
POLY4_COEFS = np.array([0.5, 1.0, -5.0, 0.0, 5.0])
POLY4_COEFS.flags.writeable = False


def make_linear_regression(
    n_samples: int = 50,
    weights=(2.0,),
    bias: float = 1.0,
    noise: float = 1.0,
    x_range: tuple[float, float] = (-3.0, 3.0),
    *,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Draw data from a known linear model plus Gaussian noise.

    .. math:: y_i = x_i \cdot w + b + \sigma \varepsilon_i, \qquad
              x_{ij} \sim U(\text{low}, \text{high}),\ \varepsilon_i \sim N(0, 1)

    Parameters
    ----------
    n_samples : int
        Number of rows ``n``.
    weights : sequence of float, length ``d``
        The true weights ``w``; their number sets the number of features.
    bias : float
        The true intercept ``b``.
    noise : float
        Standard deviation ``sigma >= 0`` of the noise.
    x_range : (float, float)
        Features are uniform on ``[low, high)``.
    rng : numpy.random.Generator
        The only source of randomness.

    Returns
    -------
    X : ndarray of shape (n, d)
    y : ndarray of shape (n,)
    """
    n = check_count(n_samples, "n_samples")
    w = as_vector(weights, "weights")
    if w.size == 0:
        raise ValueError("weights must hold at least one weight; got an empty sequence")
    b = as_scalar(bias, "bias")
    sigma = check_positive(noise, "noise", allow_zero=True)
    low, high = check_range(x_range, "x_range")
    rng = check_rng(rng)

    X = rng.uniform(low, high, size=(n, w.size))
    y = X @ w + b + sigma * rng.standard_normal(n)
    return X, y


def make_classification(
    n_samples: int = 200,
    n_features: int = 2,
    n_classes: int = 2,
    separation: float = 2.0,
    *,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Draw Gaussian blobs, one per class, with unit standard deviation in every feature.

    The class centres lie in the plane of the first two features, evenly spaced on a circle
    whose radius makes neighbouring centres exactly ``separation`` apart (for two classes:
    ``(-separation/2, 0)`` and ``(+separation/2, 0)``). With one feature they lie on a line,
    ``separation`` apart. Labels are balanced (class sizes differ by at most one) and shuffled.

    .. math:: x_i = \mu_{y_i} + \varepsilon_i, \qquad \varepsilon_i \sim N(0, I_d)

    Parameters
    ----------
    n_samples : int
        Number of rows ``n`` (at least ``n_classes``).
    n_features : int
        Number of features ``d``.
    n_classes : int
        Number of classes ``k >= 2``.
    separation : float
        Distance between neighbouring class centres, in units of the noise standard deviation.
    rng : numpy.random.Generator
        The only source of randomness.

    Returns
    -------
    X : ndarray of shape (n, d)
    y : ndarray of shape (n,), integer labels in ``0 .. k-1``
    """
    n_classes = check_count(n_classes, "n_classes", minimum=2)
    n = check_count(n_samples, "n_samples", minimum=n_classes)
    d = check_count(n_features, "n_features")
    sep = check_positive(separation, "separation", allow_zero=True)
    rng = check_rng(rng)

    centres = np.zeros((n_classes, d))
    if d == 1:
        centres[:, 0] = sep * (np.arange(n_classes) - (n_classes - 1) / 2)
    else:
        # A chord between neighbours on a circle of radius r has length 2 r sin(pi / k).
        radius = sep / (2 * np.sin(np.pi / n_classes))
        angles = np.pi + 2 * np.pi * np.arange(n_classes) / n_classes
        centres[:, 0] = radius * np.cos(angles)
        centres[:, 1] = radius * np.sin(angles)
        centres[np.abs(centres) < 1e-12] = 0.0

    y = rng.permutation(np.arange(n) % n_classes)
    X = centres[y] + rng.standard_normal((n, d))
    return X, y


def poly4_truth(x) -> np.ndarray:
    """Evaluate the degree-4 truth ``f(x) = sum_j POLY4_COEFS[j] * x**j`` elementwise.

    Parameters
    ----------
    x : array_like of any shape

    Returns
    -------
    ndarray of the same shape as ``x``
    """
    x = as_array(x, "x")
    return np.polynomial.polynomial.polyval(x, POLY4_COEFS)


def make_polynomial_data(
    n_samples: int = 30,
    noise: float = 0.3,
    x_range: tuple[float, float] = (-1.0, 1.0),
    *,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw noisy samples of :func:`poly4_truth`: ``y = f(x) + noise * N(0, 1)``, ``x ~ U(x_range)``.

    Parameters
    ----------
    n_samples : int
        Number of rows ``n``.
    noise : float
        Standard deviation of the noise, ``>= 0``.
    x_range : (float, float)
        ``x`` is uniform on ``[low, high)``.
    rng : numpy.random.Generator
        The only source of randomness.

    Returns
    -------
    X : ndarray of shape (n, 1)
    y : ndarray of shape (n,)
    """
    n = check_count(n_samples, "n_samples")
    sigma = check_positive(noise, "noise", allow_zero=True)
    low, high = check_range(x_range, "x_range")
    rng = check_rng(rng)

    x = rng.uniform(low, high, size=n)
    y = poly4_truth(x) + sigma * rng.standard_normal(n)
    return x.reshape(-1, 1), y


def train_val_test_split(
    X,
    y,
    val_fraction: float = 0.2,
    test_fraction: float = 0.2,
    *,
    rng: np.random.Generator,
):
    """Shuffle the rows and cut them into disjoint training, validation and test sets.

    The test set gets ``round(test_fraction * n)`` rows, the validation set
    ``round(val_fraction * n)`` rows and the training set the rest; together they hold every
    row exactly once. ``val_fraction=0`` gives an empty validation set (a train/test split).

    Parameters
    ----------
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
        Kept in its dtype (integer class labels stay integers).
    val_fraction, test_fraction : float
        Fractions of the rows, each in ``[0, 1)`` resp. ``(0, 1)``, with a sum below 1.
    rng : numpy.random.Generator
        Decides the shuffle.

    Returns
    -------
    X_train, X_val, X_test, y_train, y_val, y_test : ndarray
    """
    X = as_matrix(X, "X")
    as_vector(y, "y", X.shape[0], "X.shape[0]")
    y = np.array(y)
    val = check_fraction(val_fraction, "val_fraction", allow_zero=True)
    test = check_fraction(test_fraction, "test_fraction")
    rng = check_rng(rng)

    n = X.shape[0]
    n_test = int(round(test * n))
    n_val = int(round(val * n))
    if n_test == 0 or (val > 0 and n_val == 0) or n - n_test - n_val < 1:
        raise ValueError(
            f"val_fraction={val} and test_fraction={test} leave an empty set with n_samples={n}; "
            "use fractions with a sum below 1 and enough rows"
        )
    order = rng.permutation(n)
    test_idx, val_idx, train_idx = np.split(order, [n_test, n_test + n_val])
    return X[train_idx], X[val_idx], X[test_idx], y[train_idx], y[val_idx], y[test_idx]


def load_diabetes(scaled: bool = False) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Load scikit-learn's bundled diabetes data (442 patients, 10 features, no download).

    Parameters
    ----------
    scaled : bool
        ``False`` (default) gives the original units, e.g. ``age`` in years; ``True`` gives
        scikit-learn's centred columns scaled to unit Euclidean norm.

    Returns
    -------
    X : ndarray of shape (442, 10)
    y : ndarray of shape (442,)
        Disease progression one year after baseline.
    feature_names : list of str
        ``["age", "sex", "bmi", "bp", "s1", ..., "s6"]``.
    """
    if not isinstance(scaled, bool | np.bool_):
        raise ValueError(f"scaled must be True or False; got {scaled!r}")
    from sklearn import datasets

    bunch = datasets.load_diabetes(scaled=bool(scaled))
    return np.array(bunch.data, dtype=float), np.array(bunch.target, dtype=float), list(bunch.feature_names)


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """Load scikit-learn's bundled 8x8 handwritten digits (1797 images, no download).

    Returns
    -------
    X : ndarray of shape (1797, 64)
        Pixel intensities divided by 16, so in ``[0, 1]``; row ``i`` reshaped to ``(8, 8)``
        is the image.
    y : ndarray of shape (1797,)
        Integer labels ``0 .. 9``.
    """
    from sklearn import datasets

    bunch = datasets.load_digits()
    return np.asarray(bunch.data, dtype=float) / 16.0, np.asarray(bunch.target, dtype=int)


def make_bump_signals(
    n_samples: int = 200,
    length: int = 40,
    width: float = 1.5,
    noise: float = 0.1,
    *,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Signals with one bump whose *position* is the label (chapter 11).

    Each row is a Gaussian bump of height 1 plus noise,

    .. math:: x_{t} = \exp\!\Big(-\frac{(t - c)^2}{2 s^2}\Big) + \sigma \varepsilon_t,
              \qquad t = 0, \dots, L - 1,

    with its centre :math:`c` drawn uniformly from the left half of the signal for class 0 and
    from the right half for class 1 (at least :math:`3s` away from the ends and from the
    middle). The shape of the bump is the same in both classes: only *where* it is tells them
    apart. The two classes alternate, so ``y = [0, 1, 0, 1, ...]``.

    Parameters
    ----------
    n_samples : int
        Number of signals.
    length : int
        :math:`L`, samples per signal (at least ``12 * width + 4``).
    width : float
        :math:`s > 0`, the standard deviation of the bump, in samples.
    noise : float
        :math:`\sigma \ge 0`.
    rng : numpy.random.Generator
        The only source of randomness.

    Returns
    -------
    X : ndarray of shape (n_samples, length)
    y : ndarray of shape (n_samples,), integers 0 (bump on the left) or 1 (on the right)
    """
    n = check_count(n_samples, "n_samples")
    L = check_count(length, "length")
    s = check_positive(width, "width")
    sigma = check_positive(noise, "noise", allow_zero=True)
    rng = check_rng(rng)
    margin = 3.0 * s
    if L < 4 * margin + 4:
        raise ValueError(f"length must be at least 12 * width + 4 = {4 * margin + 4:g}; got {L}")
    half = L / 2.0
    y = np.arange(n) % 2
    low = np.where(y == 0, margin, half + margin)
    high = np.where(y == 0, half - margin, L - 1 - margin)
    centres = rng.uniform(low, high)
    t = np.arange(L)
    X = np.exp(-((t[None, :] - centres[:, None]) ** 2) / (2.0 * s**2))
    return X + sigma * rng.standard_normal((n, L)), y
