"""paramcourse.data: shapes, the stated distributions, reproducibility, splits and the loaders."""

from __future__ import annotations

import numpy as np
import pytest

from paramcourse import data


def rng(seed=0):
    return np.random.default_rng(seed)


def _same_global_state(before, after):
    return before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]


# ------------------------------------------------------------------------ synthetic makers


def test_linear_regression_shapes_and_range():
    X, y = data.make_linear_regression(40, weights=(1.0, -2.0, 0.5), x_range=(0.0, 2.0), rng=rng())
    assert X.shape == (40, 3) and y.shape == (40,)
    assert X.min() >= 0.0 and X.max() < 2.0


def test_linear_regression_without_noise_is_exactly_linear():
    w = np.array([2.0, -1.0])
    X, y = data.make_linear_regression(20, weights=w, bias=0.5, noise=0.0, rng=rng(1))
    np.testing.assert_allclose(y, X @ w + 0.5)


def test_linear_regression_noise_has_the_stated_spread():
    w = np.array([2.0, -1.0])
    X, y = data.make_linear_regression(20_000, weights=w, bias=0.5, noise=0.7, rng=rng(2))
    residual = y - (X @ w + 0.5)
    assert abs(residual.mean()) < 0.03
    assert residual.std() == pytest.approx(0.7, rel=0.03)


def test_classification_labels_are_balanced_and_in_range():
    X, y = data.make_classification(301, n_features=4, n_classes=3, rng=rng())
    assert X.shape == (301, 4) and y.shape == (301,)
    assert np.issubdtype(y.dtype, np.integer)
    counts = np.bincount(y)
    assert counts.size == 3 and counts.max() - counts.min() <= 1


@pytest.mark.parametrize("n_features, n_classes", [(1, 2), (2, 2), (2, 3), (5, 4)])
def test_classification_neighbouring_centres_are_separation_apart(n_features, n_classes):
    X, y = data.make_classification(40_000, n_features, n_classes, separation=3.0, rng=rng(3))
    means = np.array([X[y == k].mean(axis=0) for k in range(n_classes)])
    within = np.concatenate([X[y == k] - means[k] for k in range(n_classes)])
    np.testing.assert_allclose(within.std(axis=0), 1.0, rtol=0.03)
    # neighbouring classes (k, k + 1) are `separation` apart
    gaps = np.linalg.norm(np.diff(means, axis=0), axis=1)
    np.testing.assert_allclose(gaps, 3.0, atol=0.1)


def test_poly4_truth_is_the_stated_polynomial():
    assert data.POLY4_COEFS.shape == (5,)
    assert data.POLY4_COEFS[4] != 0  # really degree 4
    x = np.linspace(-1, 1, 11)
    expected = sum(c * x**j for j, c in enumerate(data.POLY4_COEFS))
    np.testing.assert_allclose(data.poly4_truth(x), expected)
    assert data.poly4_truth(np.zeros((2, 3))).shape == (2, 3)


def test_poly4_truth_wiggles_on_the_interval():
    x = np.linspace(-1, 1, 2001)
    f = data.poly4_truth(x)
    turning_points = np.sum(np.diff(np.sign(np.diff(f))) != 0)
    assert turning_points == 3
    assert f.max() - f.min() > 1.0  # large next to the default noise of 0.3


def test_poly4_coefficients_are_read_only():
    with pytest.raises(ValueError):
        data.POLY4_COEFS[0] = 1.0


def test_polynomial_data_shapes_and_noise_free_values():
    X, y = data.make_polynomial_data(25, noise=0.0, rng=rng())
    assert X.shape == (25, 1) and y.shape == (25,)
    assert X.min() >= -1 and X.max() < 1
    np.testing.assert_allclose(y, data.poly4_truth(X[:, 0]))


MAKERS = [
    lambda r: data.make_linear_regression(rng=r),
    lambda r: data.make_classification(rng=r),
    lambda r: data.make_polynomial_data(rng=r),
]


@pytest.mark.parametrize("make", MAKERS)
def test_makers_are_reproducible_and_seed_dependent(make):
    X1, y1 = make(rng(7))
    X2, y2 = make(rng(7))
    X3, _ = make(rng(8))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("make", MAKERS + [lambda r: data.train_val_test_split(np.ones((10, 2)), np.ones(10), rng=r)])
def test_makers_do_not_touch_the_global_random_state(make):
    np.random.seed(123)
    before = np.random.get_state()
    make(rng(0))
    assert _same_global_state(before, np.random.get_state())


# --------------------------------------------------------------------------------- splitting


def test_split_is_disjoint_covers_every_row_and_has_the_stated_sizes():
    X = np.arange(200.0).reshape(100, 2)
    y = np.arange(100)
    X_tr, X_va, X_te, y_tr, y_va, y_te = data.train_val_test_split(X, y, 0.25, 0.15, rng=rng())
    assert (len(y_tr), len(y_va), len(y_te)) == (60, 25, 15)
    all_ids = np.concatenate([y_tr, y_va, y_te])
    np.testing.assert_array_equal(np.sort(all_ids), np.arange(100))
    # rows and labels stay paired, and the dtype of y is kept
    for Xs, ys in ((X_tr, y_tr), (X_va, y_va), (X_te, y_te)):
        np.testing.assert_array_equal(Xs[:, 0], 2 * ys)
        assert np.issubdtype(ys.dtype, np.integer)
    assert not np.array_equal(y_tr, np.sort(y_tr))  # shuffled


def test_split_is_reproducible_and_allows_no_validation_set():
    X, y = np.arange(20.0).reshape(10, 2), np.arange(10.0)
    a = data.train_val_test_split(X, y, rng=rng(4))
    b = data.train_val_test_split(X, y, rng=rng(4))
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    X_tr, X_va, X_te, *_ = data.train_val_test_split(X, y, val_fraction=0, test_fraction=0.3, rng=rng())
    assert (len(X_tr), len(X_va), len(X_te)) == (7, 0, 3)


def test_split_does_not_change_its_inputs():
    X, y = np.arange(20.0).reshape(10, 2), np.arange(10.0)
    X0, y0 = X.copy(), y.copy()
    data.train_val_test_split(X, y, rng=rng())
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


# ----------------------------------------------------------------------------------- loaders


def test_load_diabetes_raw_has_age_in_years():
    X, y, names = data.load_diabetes()
    assert X.shape == (442, 10) and y.shape == (442,)
    assert isinstance(names, list) and names[0] == "age" and len(names) == 10
    age = X[:, names.index("age")]
    assert 18 <= age.min() and age.max() <= 80


def test_load_diabetes_scaled_columns_are_centred():
    X, _, names = data.load_diabetes(scaled=True)
    np.testing.assert_allclose(X.mean(axis=0), 0.0, atol=1e-10)
    assert "age" in names


def test_load_digits_range_and_labels():
    X, y = data.load_digits()
    assert X.shape == (1797, 64) and X.dtype == float
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(np.unique(y), np.arange(10))


# -------------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: data.make_linear_regression(rng=None), "rng must be a numpy.random.Generator"),
        (lambda: data.make_linear_regression(rng=np.random.RandomState(0)), "rng must be"),
        (lambda: data.make_linear_regression(0, rng=rng()), "n_samples must be an integer >= 1"),
        (lambda: data.make_linear_regression(weights=[[1.0, 2.0]], rng=rng()), "weights must be a 1-D array"),
        (lambda: data.make_linear_regression(weights=(), rng=rng()), "weights must hold at least one"),
        (lambda: data.make_linear_regression(noise=-1.0, rng=rng()), "noise must be >= 0"),
        (lambda: data.make_linear_regression(x_range=(1.0, -1.0), rng=rng()), "x_range must satisfy low < high"),
        (lambda: data.make_linear_regression(x_range=3.0, rng=rng()), r"x_range must be a pair"),
        (lambda: data.make_classification(n_classes=1, rng=rng()), "n_classes must be an integer >= 2"),
        (lambda: data.make_classification(n_features=0, rng=rng()), "n_features must be"),
        (lambda: data.make_classification(separation=-1.0, rng=rng()), "separation must be >= 0"),
        (lambda: data.poly4_truth("x"), "x must be an array of real numbers"),
        (lambda: data.make_polynomial_data(noise="a", rng=rng()), "noise must be a real number"),
        (lambda: data.train_val_test_split(np.ones(5), np.ones(5), rng=rng()), r"X must have shape \(n_samples, n_features\)"),
        (lambda: data.train_val_test_split(np.ones((5, 1)), np.ones(4), rng=rng()), r"y must have shape \(5,\)"),
        (lambda: data.train_val_test_split(np.ones((5, 1)), np.ones(5), 0.6, 0.6, rng=rng()), "leave an empty set"),
        (lambda: data.train_val_test_split(np.ones((5, 1)), np.ones(5), test_fraction=0, rng=rng()), "test_fraction"),
        (lambda: data.load_diabetes(scaled="yes"), "scaled must be True or False"),
    ],
)
def test_bad_input_names_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_bump_signals_put_the_bump_on_the_side_of_the_label():
    X, y = data.make_bump_signals(60, length=40, width=1.5, noise=0.0, rng=rng(3))
    assert X.shape == (60, 40) and y.tolist() == [0, 1] * 30
    peaks = X.argmax(axis=1)
    assert np.all(peaks[y == 0] < 20) and np.all(peaks[y == 1] >= 20)
    np.testing.assert_allclose(X.max(axis=1), 1.0, atol=0.06)   # height 1 up to grid rounding
    X2, _ = data.make_bump_signals(60, length=40, rng=rng(3))
    X3, _ = data.make_bump_signals(60, length=40, rng=rng(3))
    np.testing.assert_array_equal(X2, X3)
    with pytest.raises(ValueError, match="length"):
        data.make_bump_signals(10, length=10, width=1.5, rng=rng())
