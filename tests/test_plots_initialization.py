"""paramcourse.plots.initialization: the forward spread equals initializers.activation_stds, the
backward spread is the std of mlp.backward's weight gradients, and the plot draws labelled log
axes. (The rules themselves, initializers.make_rule, are tested in test_initializers.py.)"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from paramcourse import initializers, mlp, plots  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")


X = np.random.default_rng(0).standard_normal((64, 32))


@pytest.mark.parametrize("activation", ["linear", "tanh", "relu"])
def test_forward_spread_is_activation_stds(activation):
    res = plots.compute_signal_spread(X, "he_normal", depth=6, width=32, activation=activation,
                                      rng=np.random.default_rng(3))
    params = mlp.init_mlp([32] * 8, np.random.default_rng(3), "he_normal")
    np.testing.assert_allclose(res["forward"], initializers.activation_stds(X, [W for W, _ in params[:-1]], activation))
    assert res["layers"].tolist() == list(range(1, 7))
    assert res["activations"].size == 64 * 32


def test_backward_spread_is_the_std_of_the_weight_gradients():
    rng = np.random.default_rng(5)
    res = plots.compute_signal_spread(X, "xavier_normal", depth=3, width=32, activation="tanh", rng=rng)
    rng = np.random.default_rng(5)
    params = mlp.init_mlp([32] * 5, rng, "xavier_normal")
    _, cache = mlp.forward(params, X, "tanh")
    grads = mlp.backward(params, cache, rng.standard_normal((64, 32)))
    np.testing.assert_allclose(res["backward"], [np.std(dW) for dW, _ in grads[:-1]])


def test_he_keeps_relu_spread_and_small_weights_vanish():
    table = plots.compute_spread_table(X, {"He": initializers.make_rule("he"), "tiny": initializers.make_rule("normal")},
                                       ("relu",), depth=10, width=32, rng=np.random.default_rng(1))
    he, tiny = table["forward"][("relu", "He")], table["forward"][("relu", "tiny")]
    assert 0.2 < he[-1] < 5
    assert tiny[-1] < 1e-10


def test_exploding_spread_has_no_warnings():
    res = plots.compute_signal_spread(X, initializers.make_rule("normal", std=30.0), depth=40, width=32,
                                      activation="relu", rng=np.random.default_rng(0))
    assert not np.isfinite(res["forward"][-1]) or res["forward"][-1] > 1e30


def test_plot_signal_spread():
    res = plots.compute_signal_spread(X, "he_normal", depth=5, width=32, activation="relu",
                                      rng=np.random.default_rng(0))
    ax = plots.plot_signal_spread({"He": res["forward"]}, reference=1.0)
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_yscale() == "log"
    np.testing.assert_allclose(plots.find_artist(ax, "spread:He").get_ydata(), res["forward"])
