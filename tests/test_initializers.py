"""paramcourse.initializers by their distributions: shape, bounds, mean, spread (against the
formulas of Glorot & Bengio 2010, He et al. 2015 and PyTorch's nn.init), reproducibility and
independence from the global NumPy random state."""

from __future__ import annotations

import math

import numpy as np
import pytest

from paramcourse import initializers as init

FAN_IN, FAN_OUT = 300, 200  # 60 000 draws: the sample std is within ~0.3% of the truth


def rng(seed=0):
    return np.random.default_rng(seed)


# (name, draw(fan_in, fan_out, rng), standard deviation the formula implies, uniform bound or None)
CASES = [
    ("normal", lambda i, o, r: init.normal(i, o, r), 0.01, None),
    ("normal std=0.5", lambda i, o, r: init.normal(i, o, r, std=0.5), 0.5, None),
    ("xavier_uniform", init.xavier_uniform, math.sqrt(2 / (FAN_IN + FAN_OUT)), math.sqrt(6 / (FAN_IN + FAN_OUT))),
    (
        "xavier_uniform tanh gain",
        lambda i, o, r: init.xavier_uniform(i, o, r, gain=5 / 3),
        5 / 3 * math.sqrt(2 / (FAN_IN + FAN_OUT)),
        5 / 3 * math.sqrt(6 / (FAN_IN + FAN_OUT)),
    ),
    ("xavier_normal", init.xavier_normal, math.sqrt(2 / (FAN_IN + FAN_OUT)), None),
    ("xavier_normal gain 2", lambda i, o, r: init.xavier_normal(i, o, r, gain=2.0), 2 * math.sqrt(2 / (FAN_IN + FAN_OUT)), None),
    ("he_uniform", init.he_uniform, math.sqrt(2 / FAN_IN), math.sqrt(6 / FAN_IN)),
    ("he_normal", init.he_normal, math.sqrt(2 / FAN_IN), None),
    ("make_rule normal", init.make_rule("normal"), 0.01, None),
    ("make_rule normal std=0.2 scale=3", init.make_rule("normal", 3.0, std=0.2), 0.6, None),
    ("make_rule xavier scale=0.5", init.make_rule("xavier", 0.5), 0.5 * math.sqrt(2 / (FAN_IN + FAN_OUT)), None),
    ("make_rule he scale=2", init.make_rule("he", 2.0), 2 * math.sqrt(2 / FAN_IN), None),
]
IDS = [c[0] for c in CASES]


@pytest.mark.parametrize("name, draw, std, bound", CASES, ids=IDS)
def test_distribution_has_the_stated_shape_mean_and_spread(name, draw, std, bound):
    W = draw(FAN_IN, FAN_OUT, rng(1))
    assert W.shape == (FAN_IN, FAN_OUT)
    assert abs(W.mean()) < 5 * std / math.sqrt(W.size)
    assert W.std() == pytest.approx(std, rel=0.02)
    if bound is not None:
        # uniform on (-a, a): inside the bounds, reaching close to both, flat histogram
        assert np.all(np.abs(W) <= bound)
        assert W.max() > 0.99 * bound and W.min() < -0.99 * bound
        counts, _ = np.histogram(W, bins=10, range=(-bound, bound))
        np.testing.assert_allclose(counts / W.size, 0.1, atol=0.01)
    else:
        # normal: about 68.3% within one std, 95.4% within two
        assert np.mean(np.abs(W) < std) == pytest.approx(0.683, abs=0.01)
        assert np.mean(np.abs(W) < 2 * std) == pytest.approx(0.954, abs=0.01)


@pytest.mark.parametrize(
    "name, scale, std",
    [("normal", 1.0, lambda i, o: 0.01),
     ("normal", 0.5, lambda i, o: 0.005),
     ("xavier", 1.0, lambda i, o: math.sqrt(2 / (i + o))),
     ("xavier", 5 / 3, lambda i, o: 5 / 3 * math.sqrt(2 / (i + o))),
     ("he", 1.0, lambda i, o: math.sqrt(2 / i)),
     ("he", 0.25, lambda i, o: 0.25 * math.sqrt(2 / i))],
)
def test_make_rule_draws_normal_weights_with_the_formula_std(name, scale, std):
    """The same draws as NumPy's own normal sampler at the standard deviation of the formula."""
    for fan_in, fan_out in [(3, 5), (64, 10)]:
        expected = rng(4).normal(0.0, std(fan_in, fan_out), size=(fan_in, fan_out))
        np.testing.assert_allclose(init.make_rule(name, scale)(fan_in, fan_out, rng(4)), expected, rtol=1e-12)
    assert set(init.RULE_NAMES) == {"normal", "xavier", "he"}


@pytest.mark.parametrize("name, draw, std, bound", CASES, ids=IDS)
def test_small_shapes_are_fan_in_by_fan_out(name, draw, std, bound):
    assert draw(3, 5, rng()).shape == (3, 5)
    assert draw(1, 1, rng()).shape == (1, 1)


@pytest.mark.parametrize("name, draw, std, bound", CASES, ids=IDS)
def test_same_seed_same_weights_other_seed_other_weights(name, draw, std, bound):
    np.testing.assert_array_equal(draw(4, 6, rng(7)), draw(4, 6, rng(7)))
    assert not np.array_equal(draw(4, 6, rng(7)), draw(4, 6, rng(8)))


@pytest.mark.parametrize("name, draw, std, bound", CASES, ids=IDS)
def test_the_global_random_state_is_not_used(name, draw, std, bound):
    np.random.seed(42)
    before = np.random.get_state()
    a = draw(4, 6, rng(3))
    after = np.random.get_state()
    assert before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]
    np.random.seed(999)  # a different global seed changes nothing
    np.testing.assert_array_equal(a, draw(4, 6, rng(3)))


def test_zeros():
    W = init.zeros(3, 4)
    assert W.shape == (3, 4) and not W.any()


@pytest.mark.parametrize(
    "args, gain",
    [
        (("linear",), 1.0),
        (("conv2d",), 1.0),
        (("sigmoid",), 1.0),
        (("tanh",), 5 / 3),
        (("relu",), math.sqrt(2)),
        (("leaky_relu",), math.sqrt(2 / (1 + 0.01**2))),
        (("leaky_relu", 0.2), math.sqrt(2 / 1.04)),
        (("leaky_relu", 0.0), math.sqrt(2)),
        (("selu",), 0.75),
    ],
)
def test_calculate_gain_follows_pytorch_table(args, gain):
    assert init.calculate_gain(*args) == pytest.approx(gain, rel=1e-15)


# ---------------------------------------------------------------------------- activation_stds


def _by_hand(X, weights, phi):
    out, h = [], X
    for W in weights:
        h = phi(h @ W)
        out.append(float(np.std(h)))
    return out


@pytest.mark.parametrize(
    "activation, phi",
    [("linear", lambda z: z), ("tanh", np.tanh), ("relu", lambda z: np.maximum(z, 0)), (np.sin, np.sin)],
)
def test_activation_stds_pushes_x_through_the_layers(activation, phi):
    r = rng(5)
    X = r.normal(size=(20, 4))
    weights = [r.normal(size=(4, 6)), r.normal(size=(6, 3)), r.normal(size=(3, 3))]
    stds = init.activation_stds(X, weights, activation)
    assert isinstance(stds, list) and all(isinstance(s, float) for s in stds)
    assert stds == pytest.approx(_by_hand(X, weights, phi), rel=1e-12)


def test_activation_stds_tiny_example_by_hand():
    X = np.array([[1.0, -1.0], [2.0, 0.0]])
    W = np.array([[1.0], [1.0]])  # outputs 0 and 2: std 1
    assert init.activation_stds(X, [W], "linear") == [1.0]
    assert init.activation_stds(X, [-W], "relu") == [0.0]


def test_he_keeps_relu_signals_steady_and_small_weights_vanish():
    r = rng(11)
    X = r.normal(size=(500, 256))
    he = init.activation_stds(X, [init.he_normal(256, 256, r) for _ in range(10)], "relu")
    tiny = init.activation_stds(X, [init.normal(256, 256, r, std=0.01) for _ in range(10)], "relu")
    assert 0.5 < he[-1] / he[0] < 2.0
    assert tiny[-1] < 1e-8 * tiny[0]


def test_activation_stds_overflow_is_quiet():
    import warnings

    r = rng(12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        stds = init.activation_stds(r.normal(size=(10, 50)), [init.normal(50, 50, r, std=10.0) for _ in range(200)], "linear")
    assert not np.isfinite(stds[-1])


def test_activation_stds_does_not_change_inputs():
    r = rng(13)
    X, W = r.normal(size=(5, 3)), r.normal(size=(3, 3))
    X0, W0 = X.copy(), W.copy()
    init.activation_stds(X, [W, W], "relu")
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(W, W0)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: init.zeros(0, 3), "fan_in must be an integer >= 1"),
        (lambda: init.normal(3, 2.5, rng()), "fan_out must be an integer >= 1"),
        (lambda: init.normal(3, 2, rng(), std=-1.0), "std must be >= 0"),
        (lambda: init.xavier_uniform(3, 2, None), "rng must be a numpy.random.Generator"),
        (lambda: init.xavier_normal(3, 2, rng(), gain=0.0), "gain must be > 0"),
        (lambda: init.he_uniform(-1, 2, rng()), "fan_in must be"),
        (lambda: init.he_normal(3, 2, np.random.RandomState(0)), "rng must be"),
        (lambda: init.calculate_gain("swish"), "nonlinearity must be one of"),
        (lambda: init.make_rule("lecun"), "name must be one of"),
        (lambda: init.make_rule("he", scale=0.0), "scale must be > 0"),
        (lambda: init.make_rule("normal", std=-0.1), "std must be > 0"),
        (lambda: init.calculate_gain("leaky_relu", "a"), "param must be a real number"),
        (lambda: init.activation_stds(np.ones(3), [np.ones((3, 3))], "relu"), r"X must have shape \(n_samples, n_features\)"),
        (lambda: init.activation_stds(np.ones((2, 3)), [np.ones((3, 4)), np.ones((3, 2))], "relu"), r"weights\[1\] must have shape \(4, fan_out\)"),
        (lambda: init.activation_stds(np.ones((2, 3)), [np.ones((2, 4))], "relu"), r"weights\[0\] must have shape \(3, fan_out\)"),
        (lambda: init.activation_stds(np.ones((2, 3)), [np.ones(3)], "relu"), r"weights\[0\] must have shape \(fan_in, fan_out\)"),
        (lambda: init.activation_stds(np.ones((2, 3)), np.ones((3, 3)), "relu"), "weights must be a sequence"),
        (lambda: init.activation_stds(np.ones((2, 3)), [], "relu"), "weights must hold at least one layer"),
        (lambda: init.activation_stds(np.ones((2, 3)), [np.ones((3, 3))], "gelu"), "activation must be"),
    ],
)
def test_bad_input_names_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()
