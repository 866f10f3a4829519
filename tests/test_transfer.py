"""Tests of paramcourse.transfer against independent references: counts done by hand and by
paramcourse.mlp / paramcourse.sharing, finite differences for the LoRA and batch-norm
gradients, a batch-norm step computed by hand and scikit-learn's StandardScaler, and the
bytes NumPy actually allocates for parameters and Adam's state."""

from __future__ import annotations

import numpy as np
import pytest

from paramcourse import gradcheck, mlp, optim, sharing, transfer

pytestmark = pytest.mark.filterwarnings("error")


def _net(rng, sizes=(64, 32, 5)):
    return mlp.params_to_dict(mlp.init_mlp(list(sizes), rng))


# --------------------------------------------------------------------------- trainable counts


def test_counts_by_hand_and_by_the_other_counters():
    p = _net(np.random.default_rng(0))
    # 64 * 32 + 32 = 2080 in the hidden layer, 32 * 5 + 5 = 165 in the head
    assert transfer.count_trainable(p, ["W2", "b2"]) == {"total": 2245, "trainable": 165, "frozen": 2080}
    assert transfer.count_trainable(p, ["W1", "b1", "W2", "b2"])["frozen"] == 0
    assert transfer.count_trainable(p, [])["trainable"] == 0
    total = transfer.count_trainable(p, ["b1"])["total"]
    assert total == mlp.count_parameters(mlp.params_from_dict(p)) == sharing.mlp([64, 32, 5])


def test_split_trainable_partitions_without_copying():
    p = _net(np.random.default_rng(1), (4, 3, 2))
    train, frozen = transfer.split_trainable(p, ("W2", "b2"))
    assert sorted(train) == ["W2", "b2"] and sorted(frozen) == ["W1", "b1"]
    assert {**frozen, **train}.keys() == p.keys()
    assert all(np.shares_memory(train[k], p[k]) for k in train)
    with pytest.raises(ValueError, match="not in params"):
        transfer.split_trainable(p, ["W3"])
    with pytest.raises(ValueError, match="one string"):
        transfer.count_trainable(p, "W1")


def test_frozen_parameters_are_left_unchanged_by_a_training_step():
    rng = np.random.default_rng(2)
    p = _net(rng, (6, 4, 3))
    X, y = rng.normal(size=(10, 6)), rng.integers(0, 3, 10)
    train, frozen = transfer.split_trainable(p, ["W2", "b2"])
    opt = optim.adam(0.1)
    state = opt.init(train)
    _, grads = mlp.loss_and_grads(mlp.params_from_dict({**frozen, **train}), X, y)
    grads = mlp.params_to_dict(grads)
    updates, state = opt.update({k: grads[k] for k in train}, state, train)
    new = {**frozen, **optim.apply_updates(train, updates)}
    assert np.array_equal(new["W1"], p["W1"]) and np.array_equal(new["b1"], p["b1"])
    assert not np.allclose(new["W2"], p["W2"])
    assert set(state.m) == {"W2", "b2"}  # the optimizer keeps no state for frozen parameters


# --------------------------------------------------------------------------------------- LoRA


def test_lora_count_by_hand_and_from_the_matrices():
    assert transfer.lora_parameter_count(64, 32, 4) == 4 * 96 == 384
    assert transfer.lora_parameter_count(4096, 4096, 8) == 65_536
    A, B = transfer.init_lora(64, 32, 4, np.random.default_rng(0))
    assert A.size + B.size == 384
    assert 64 * 32 == sharing.dense(64, 32, bias=False)


def test_init_lora_starts_at_the_pretrained_layer():
    rng = np.random.default_rng(3)
    W, b, X = rng.normal(size=(7, 5)), rng.normal(size=5), rng.normal(size=(9, 7))
    A, B = transfer.init_lora(7, 5, 2, np.random.default_rng(4))
    assert A.shape == (7, 2) and B.shape == (2, 5) and not B.any() and A.std() > 0
    assert np.all(np.abs(A) <= 1 / np.sqrt(7))
    np.testing.assert_array_equal(A, transfer.init_lora(7, 5, 2, np.random.default_rng(4))[0])
    np.testing.assert_array_equal(transfer.lora_forward(X, W, b, A, B, alpha=4.0), X @ W + b)
    with pytest.raises(ValueError, match="rank"):
        transfer.init_lora(3, 5, 4, rng)


def test_merged_weight_has_low_rank_update_and_matches_the_forward_pass():
    rng = np.random.default_rng(5)
    W, b, X = rng.normal(size=(8, 6)), rng.normal(size=6), rng.normal(size=(5, 8))
    A, B = rng.normal(size=(8, 2)), rng.normal(size=(2, 6))
    merged = transfer.lora_merge(W, A, B, alpha=3.0)
    # written out: W + (alpha / r) A B with r = 2
    np.testing.assert_allclose(merged, W + 1.5 * A @ B)
    assert np.linalg.matrix_rank(merged - W) == 2
    np.testing.assert_allclose(transfer.lora_forward(X, W, b, A, B, 3.0), X @ merged + b, atol=1e-12)
    with pytest.raises(ValueError, match=r"B must have shape \(2, 6\)"):
        transfer.lora_merge(W, A, B.T, 3.0)
    with pytest.raises(ValueError, match="A must have shape"):
        transfer.lora_merge(W, A.T, B, 3.0)


def test_lora_gradients_match_finite_differences():
    rng = np.random.default_rng(6)
    X, W, b = rng.normal(size=(5, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)
    A, B = rng.normal(size=(4, 2)), rng.normal(size=(2, 3))
    C = rng.normal(size=(5, 3))  # the loss sum(C * Z) has dL/dZ = C
    alpha = 5.0
    dX, dA, dB = transfer.lora_backward(C, X, W, A, B, alpha)
    checks = [
        (lambda a: np.sum(C * transfer.lora_forward(X, W, b, a, B, alpha)), dA, A),
        (lambda m: np.sum(C * transfer.lora_forward(X, W, b, A, m, alpha)), dB, B),
        (lambda x: np.sum(C * transfer.lora_forward(x, W, b, A, B, alpha)), dX, X),
    ]
    for f, analytic, point in checks:
        assert gradcheck.check_gradient(f, analytic, point).passed


def test_lora_gradients_through_the_merged_weight():
    """The chain rule through W' = W + s A B: dA = s G B^T, dB = s A^T G with G = X^T dZ."""
    rng = np.random.default_rng(7)
    X, W, dZ = rng.normal(size=(6, 4)), rng.normal(size=(4, 3)), rng.normal(size=(6, 3))
    A, B = rng.normal(size=(4, 1)), rng.normal(size=(1, 3))
    _, dA, dB = transfer.lora_backward(dZ, X, W, A, B, alpha=2.0)
    G = X.T @ dZ
    np.testing.assert_allclose(dA, 2.0 * G @ B.T)
    np.testing.assert_allclose(dB, 2.0 * A.T @ G)


# ------------------------------------------------------------------------ batch normalization


X_HAND = np.array([[1.0, 0.0], [2.0, 2.0], [3.0, 4.0], [6.0, 10.0]])


def test_batch_norm_training_step_computed_by_hand():
    params = {"gamma": np.array([2.0, 1.0]), "beta": np.array([0.5, -1.0])}
    _, buffers = transfer.init_batch_norm(2)
    Y, new = transfer.batch_norm_forward(X_HAND, params, buffers, training=True)
    # column 0: mean 3, deviations -2 -1 0 3, biased variance 14/4 = 3.5, unbiased 14/3
    # column 1: mean 4, deviations -4 -2 0 6, biased variance 56/4 = 14, unbiased 56/3
    np.testing.assert_allclose(Y[:, 0], 2.0 * np.array([-2, -1, 0, 3]) / np.sqrt(3.5 + 1e-5) + 0.5)
    np.testing.assert_allclose(Y[:, 1], np.array([-4, -2, 0, 6]) / np.sqrt(14 + 1e-5) - 1.0)
    np.testing.assert_allclose(new["running_mean"], [0.1 * 3, 0.1 * 4])
    np.testing.assert_allclose(new["running_var"], [0.9 + 0.1 * 14 / 3, 0.9 + 0.1 * 56 / 3])
    assert new["num_batches_tracked"] == 1
    # the inputs are unchanged
    assert buffers["num_batches_tracked"] == 0 and not buffers["running_mean"].any()


def test_batch_norm_training_mode_is_standardization():
    from sklearn.preprocessing import StandardScaler

    X = np.random.default_rng(8).normal(3.0, 2.0, size=(50, 4))
    params, buffers = transfer.init_batch_norm(4)
    Y, _ = transfer.batch_norm_forward(X, params, buffers, training=True, eps=1e-12)
    np.testing.assert_allclose(Y, StandardScaler().fit_transform(X), atol=1e-9)


def test_batch_norm_eval_mode_uses_the_buffers_and_changes_nothing():
    params = {"gamma": np.array([2.0, 1.0]), "beta": np.array([0.5, -1.0])}
    buffers = {"running_mean": np.array([1.0, -2.0]), "running_var": np.array([4.0, 0.25]),
               "num_batches_tracked": 7}
    Y, new = transfer.batch_norm_forward(X_HAND, params, buffers, training=False)
    expected = params["gamma"] * (X_HAND - buffers["running_mean"]) / np.sqrt(buffers["running_var"] + 1e-5)
    np.testing.assert_allclose(Y, expected + params["beta"])
    np.testing.assert_array_equal(new["running_mean"], buffers["running_mean"])
    assert new["num_batches_tracked"] == 7
    # in evaluation mode a row's output does not depend on the other rows of the batch
    Y1, _ = transfer.batch_norm_forward(X_HAND[:1], params, buffers, training=False)
    np.testing.assert_allclose(Y1, Y[:1])
    with pytest.raises(ValueError, match="at least 2 rows"):
        transfer.batch_norm_forward(X_HAND[:1], params, buffers, training=True)


def test_running_mean_follows_the_closed_form_of_an_exponential_average():
    """After k identical batches from zero: mean_hat = (1 - (1 - m)^k) mu."""
    params, buffers = transfer.init_batch_norm(2)
    for _ in range(25):
        _, buffers = transfer.batch_norm_forward(X_HAND, params, buffers, training=True, momentum=0.2)
    np.testing.assert_allclose(buffers["running_mean"], (1 - 0.8**25) * X_HAND.mean(axis=0))
    unbiased = X_HAND.var(axis=0, ddof=1)
    np.testing.assert_allclose(buffers["running_var"], 0.8**25 + (1 - 0.8**25) * unbiased)
    assert buffers["num_batches_tracked"] == 25


def test_batch_norm_gradients_match_finite_differences():
    rng = np.random.default_rng(9)
    X, C = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    params = {"gamma": rng.normal(size=3), "beta": rng.normal(size=3)}
    _, buffers = transfer.init_batch_norm(3)

    def loss(X=X, gamma=params["gamma"], beta=params["beta"]):
        Y, _ = transfer.batch_norm_forward(X, {"gamma": gamma, "beta": beta}, buffers, training=True)
        return np.sum(C * Y)

    dX, grads = transfer.batch_norm_backward(C, X, params)
    assert gradcheck.check_gradient(lambda x: loss(X=x), dX, X).passed
    assert gradcheck.check_gradient(lambda g: loss(gamma=g), grads["gamma"], params["gamma"]).passed
    assert gradcheck.check_gradient(lambda b: loss(beta=b), grads["beta"], params["beta"]).passed


def test_batch_norm_validates_shapes():
    params, buffers = transfer.init_batch_norm(3)
    with pytest.raises(ValueError, match=r"must have shape \(2,\)"):
        transfer.batch_norm_forward(X_HAND, params, buffers, training=True)
    with pytest.raises(ValueError, match="momentum"):
        transfer.batch_norm_forward(X_HAND[:, :1].repeat(3, axis=1), params, buffers, True, momentum=1.5)


# ------------------------------------------------------------------------------------- memory


def test_memory_by_hand():
    assert transfer.training_memory(1000) == {"parameters": 4000, "gradients": 4000,
                                              "optimizer_state": 8000, "total": 16000}
    # float16 with mixed precision: 2 + 2 + (4 master + 4 + 4) = 16 bytes per parameter
    assert transfer.training_memory(10, dtype="float16", mixed_precision=True)["total"] == 160
    # frozen parameters cost their storage only: 100 * 2 + 5 * (2 + 12)
    assert transfer.training_memory(100, 5, dtype="float16", mixed_precision=True)["total"] == 270
    assert transfer.training_memory(50, optimizer="sgd")["optimizer_state"] == 0
    with pytest.raises(ValueError, match="n_trainable"):
        transfer.training_memory(10, 11)
    with pytest.raises(ValueError, match="dtype"):
        transfer.training_memory(10, dtype="float8")


def test_memory_matches_what_numpy_allocates_for_adam():
    p = _net(np.random.default_rng(10))
    train, frozen = transfer.split_trainable(p, ["W2", "b2"])
    state = optim.adam(0.01).init(train)
    grads = {k: np.zeros_like(v) for k, v in train.items()}
    nbytes = lambda tree: sum(v.nbytes for v in tree.values())  # noqa: E731
    counts = transfer.count_trainable(p, ["W2", "b2"])
    est = transfer.training_memory(counts["total"], counts["trainable"], dtype="float64", optimizer="adam")
    assert est["parameters"] == nbytes(p)
    assert est["gradients"] == nbytes(grads)
    assert est["optimizer_state"] == nbytes(state.m) + nbytes(state.v)
