"""paramcourse.preprocessing: the scalers against scikit-learn's StandardScaler and MinMaxScaler
(including constant columns and statistics learned from training data only), the correlation
selector against SelectKBest(f_regression), and the augmentations against explicit loops and the
ridge equivalence of input noise."""

from __future__ import annotations

import numpy as np
import pytest

from paramcourse import linear, preprocessing

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture
def train_test():
    rng = np.random.default_rng(0)
    X_train = rng.normal(loc=[0.0, 50.0, -3.0, 7.0], scale=[1.0, 20.0, 0.01, 3.0], size=(40, 4))
    X_train[:, 3] = 7.0  # a constant column
    X_test = rng.normal(loc=[0.0, 50.0, -3.0, 7.0], scale=[2.0, 10.0, 0.1, 1.0], size=(15, 4))
    return X_train, X_test


@pytest.mark.parametrize("with_mean, with_std", [(True, True), (False, True), (True, False)])
def test_standardizer_matches_standard_scaler(train_test, with_mean, with_std):
    from sklearn.preprocessing import StandardScaler

    X_train, X_test = train_test
    ours = preprocessing.Standardizer(with_mean=with_mean, with_std=with_std).fit(X_train)
    ref = StandardScaler(with_mean=with_mean, with_std=with_std).fit(X_train)
    np.testing.assert_allclose(ours.transform(X_test), ref.transform(X_test), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours.fit_transform(X_train), ref.transform(X_train), atol=1e-12)
    if with_std:
        np.testing.assert_allclose(ours.scale_, ref.scale_)
        np.testing.assert_allclose(ours.var_, ref.var_)


def test_standardizer_uses_training_statistics_only(train_test):
    X_train, X_test = train_test
    scaler = preprocessing.Standardizer().fit(X_train)
    Z = scaler.transform(X_train)
    np.testing.assert_allclose(Z[:, :3].mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z[:, :3].std(axis=0), 1.0)
    np.testing.assert_array_equal(Z[:, 3], 0.0)  # constant column: divided by 1, not by 0
    np.testing.assert_allclose(scaler.transform(X_test), (X_test - X_train.mean(0)) / np.where(
        X_train.std(0) > 0, X_train.std(0), 1.0))
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(X_test)), X_test)
    assert np.all(np.isfinite(scaler.transform(X_test)))


def test_minmax_matches_scikit_learn(train_test):
    from sklearn.preprocessing import MinMaxScaler

    X_train, X_test = train_test
    for feature_range in [(0.0, 1.0), (-1.0, 2.0)]:
        ours = preprocessing.MinMaxScaler(feature_range).fit(X_train)
        ref = MinMaxScaler(feature_range=feature_range).fit(X_train)
        np.testing.assert_allclose(ours.transform(X_test), ref.transform(X_test), atol=1e-12)
        np.testing.assert_allclose(ours.transform(X_train), ref.transform(X_train), atol=1e-12)


def test_scalers_validate_and_do_not_change_inputs(train_test):
    X_train, X_test = train_test
    copy = X_train.copy()
    preprocessing.Standardizer().fit_transform(X_train)
    preprocessing.MinMaxScaler().fit_transform(X_train)
    np.testing.assert_array_equal(X_train, copy)
    with pytest.raises(ValueError, match="not fitted"):
        preprocessing.Standardizer().transform(X_test)
    with pytest.raises(ValueError, match="shape"):
        preprocessing.Standardizer().fit(X_train).transform(X_test[:, :2])
    with pytest.raises(ValueError, match="feature_range"):
        preprocessing.MinMaxScaler((1.0, 0.0)).fit(X_train)


def test_correlation_selector_matches_select_k_best():
    from sklearn.feature_selection import SelectKBest, f_regression

    rng = np.random.default_rng(1)
    X = rng.standard_normal((50, 30))
    y = X[:, 3] - 0.5 * X[:, 17] + 0.3 * X[:, 8] + rng.standard_normal(50)
    ours = preprocessing.CorrelationSelector(k=5).fit(X, y)
    ref = SelectKBest(f_regression, k=5).fit(X, y)
    np.testing.assert_array_equal(ours.support_, np.flatnonzero(ref.get_support()))
    np.testing.assert_allclose(ours.correlations_, [np.corrcoef(X[:, j], y)[0, 1] for j in range(30)])
    np.testing.assert_array_equal(ours.transform(X), ref.transform(X))
    with pytest.raises(ValueError, match="k must be at most"):
        preprocessing.CorrelationSelector(k=31).fit(X, y)


def test_shift_images_against_a_loop():
    rng = np.random.default_rng(2)
    X = rng.random((3, 12))  # images 3 x 4
    shifts = [(0, 1), (-1, 0), (2, -3)]
    out = preprocessing.shift_images(X, (3, 4), shifts)
    assert out.shape == (9, 12)
    for s, (dy, dx) in enumerate(shifts):
        for n in range(3):
            img = X[n].reshape(3, 4)
            expected = np.zeros((3, 4))
            for i in range(3):
                for j in range(4):
                    if 0 <= i - dy < 3 and 0 <= j - dx < 4:
                        expected[i, j] = img[i - dy, j - dx]
            np.testing.assert_array_equal(out[s * 3 + n].reshape(3, 4), expected)
    with pytest.raises(ValueError, match="shape"):
        preprocessing.shift_images(X, (4, 4))


def test_noise_copies_act_like_ridge():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((80, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.3 * rng.standard_normal(80)
    sigma = 0.7
    X_aug, y_aug = preprocessing.add_noise_copies(X, y, sigma, 2000, rng=np.random.default_rng(4))
    assert X_aug.shape == (160_000, 3) and y_aug.shape == (160_000,)
    np.testing.assert_array_equal(y_aug[80:160], y)
    w_noise = linear.LinearRegression().fit(X_aug, y_aug).coef_
    w_ridge = linear.Ridge(sigma**2).fit(X, y).coef_
    w_ols = linear.LinearRegression().fit(X, y).coef_
    np.testing.assert_allclose(w_noise, w_ridge, atol=0.03)
    assert np.abs(w_ols - w_ridge).max() > 0.2  # the penalty is not negligible here


def test_make_scaler_names_each_scaler():
    X = np.array([[1.0, -2.0], [3.0, 0.0], [8.0, 4.0]])
    assert preprocessing.make_scaler("none") is None
    for name, cls in (("standardize", preprocessing.Standardizer), ("min-max", preprocessing.MinMaxScaler)):
        scaler = preprocessing.make_scaler(name)
        assert type(scaler) is cls and not hasattr(scaler, "scale_")  # fresh, unfitted
        np.testing.assert_allclose(scaler.fit_transform(X), cls().fit_transform(X))
    assert preprocessing.SCALERS == ("none", "standardize", "min-max")
    with pytest.raises(ValueError, match="name must be one of"):
        preprocessing.make_scaler("robust")


def test_condition_number_against_numpy():
    """kappa of the MSE Hessian against np.linalg.cond of A^T A / n, A = [X, 1]."""
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.uniform(0, 1, 100), rng.uniform(0, 20, 100)])
    A = np.column_stack([X, np.ones(len(X))])
    assert preprocessing.condition_number(X) == pytest.approx(np.linalg.cond(A.T @ A / len(X)), rel=1e-8)
    Z = preprocessing.Standardizer().fit_transform(X)
    assert preprocessing.condition_number(Z) < preprocessing.condition_number(X) / 50
    assert preprocessing.condition_number(np.array([[-1.0], [1.0]])) == pytest.approx(1.0)
    assert preprocessing.condition_number(np.ones((4, 1))) == np.inf  # the weight and b compete
