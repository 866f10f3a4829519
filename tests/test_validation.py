"""The shared input checks: each bad input becomes a ValueError naming the argument."""

import numpy as np
import pytest

from paramcourse import _validation as v


def test_as_matrix_accepts_lists_and_returns_float_copy():
    data = [[1, 2], [3, 4]]
    out = v.as_matrix(data)
    assert out.dtype == float and out.shape == (2, 2)


@pytest.mark.parametrize("bad", [[1.0, 2.0], [[[1.0]]], np.empty((0, 2)), [[np.nan, 1.0]]])
def test_as_matrix_rejects_bad_input_naming_the_argument(bad):
    with pytest.raises(ValueError, match="^Xtrain"):
        v.as_matrix(bad, "Xtrain")


def test_as_matrix_suggests_reshape_for_1d_input():
    with pytest.raises(ValueError, match=r"reshape\(-1, 1\)"):
        v.as_matrix(np.arange(3.0))


def test_as_xy_checks_matching_lengths():
    with pytest.raises(ValueError, match=r"y must have shape \(3,\)"):
        v.as_xy(np.ones((3, 2)), np.ones(4))


def test_as_weights_names_expected_length():
    with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
        v.as_weights(np.ones(3), 2)


@pytest.mark.parametrize("bad", ["1.0", None, True, [1.0], float("nan"), float("inf")])
def test_as_scalar_rejects_non_numbers(bad):
    with pytest.raises(ValueError, match="lam"):
        v.as_scalar(bad, "lam")


def test_as_scalar_accepts_numpy_scalars_and_0d_arrays():
    assert v.as_scalar(np.float32(0.5), "a") == 0.5
    assert v.as_scalar(np.array(2.0), "a") == 2.0
    assert isinstance(v.as_scalar(np.int64(3), "a"), float)


def test_check_positive_and_zero():
    assert v.check_positive(0.0, "lam", allow_zero=True) == 0.0
    with pytest.raises(ValueError, match="lam must be > 0"):
        v.check_positive(0.0, "lam")
    with pytest.raises(ValueError, match="lam must be >= 0"):
        v.check_positive(-1.0, "lam", allow_zero=True)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.1, 1.5])
def test_check_fraction_bounds(bad):
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        v.check_fraction(bad, "val_fraction")


@pytest.mark.parametrize("bad", [0, 2.0, True, "3"])
def test_check_count(bad):
    with pytest.raises(ValueError, match="n_steps must be an integer >= 1"):
        v.check_count(bad, "n_steps")
    assert v.check_count(np.int64(4), "n_steps") == 4


def test_check_rng_requires_a_generator():
    rng = np.random.default_rng(0)
    assert v.check_rng(rng) is rng
    for bad in (None, 0, np.random.RandomState(0)):
        with pytest.raises(ValueError, match="default_rng"):
            v.check_rng(bad)
