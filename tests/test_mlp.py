"""paramcourse.mlp: backpropagation against central finite differences for every parameter,
the inverted-dropout expectation, initialization (zeros biases, reproducible weights, symmetry
of equal weights), and the classifier's scikit-learn contract and accuracy on the digits."""

from __future__ import annotations

import numpy as np
import pytest

from paramcourse import data, gradcheck, initializers, losses, mlp, optim


def small_problem(seed=0, n=7, sizes=(4, 5, 3, 3)):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, sizes[0]))
    y = rng.integers(0, sizes[-1], size=n)
    params = mlp.init_mlp(sizes, rng, "xavier_normal")
    # non-zero biases, so that their gradients are tested at a generic point
    params = [(W, rng.normal(scale=0.3, size=b.shape)) for W, b in params]
    return X, y, params


def _loss_of_entry(params, layer, which, X, y, **kwargs):
    """The loss as a function of one parameter array (layer ``layer``, W (0) or b (1))."""

    def f(value):
        changed = [list(p) for p in params]
        changed[layer][which] = value
        return mlp.loss_and_grads([tuple(p) for p in changed], X, y, **kwargs)[0]

    return f


@pytest.mark.parametrize("activation", ["relu", "tanh", "linear"])
@pytest.mark.parametrize("weight_decay", [0.0, 0.3])
def test_backprop_matches_finite_differences_for_every_parameter(activation, weight_decay):
    X, y, params = small_problem()
    _, grads = mlp.loss_and_grads(params, X, y, activation=activation, weight_decay=weight_decay)
    for layer, (W, b) in enumerate(params):
        for which, value in ((0, W), (1, b)):
            f = _loss_of_entry(params, layer, which, X, y, activation=activation, weight_decay=weight_decay)
            result = gradcheck.check_gradient(f, grads[layer][which], value, rtol=1e-6)
            assert result.passed, (activation, layer, which, result.max_rel_error)


def test_backprop_with_dropout_uses_the_same_masks():
    # With a fixed seed the masks are the same in every call, so the loss is a smooth function
    # of the parameters and its gradient must match finite differences.
    X, y, params = small_problem(seed=3)
    kwargs = {"activation": "tanh", "dropout": 0.4}

    def loss_with_seed(p):
        return mlp.loss_and_grads(p, X, y, rng=np.random.default_rng(11), **kwargs)

    _, grads = loss_with_seed(params)
    for layer, (W, b) in enumerate(params):
        for which, value in ((0, W), (1, b)):

            def f(v, layer=layer, which=which):
                changed = [list(p) for p in params]
                changed[layer][which] = v
                return loss_with_seed([tuple(p) for p in changed])[0]

            assert gradcheck.check_gradient(f, grads[layer][which], value, rtol=1e-6).passed


def test_backward_of_a_linear_network_is_the_closed_form():
    # One layer, no activation: the logits are X W + b, so dL/dW = X^T G and dL/db = sum G.
    rng = np.random.default_rng(1)
    X = rng.normal(size=(6, 3))
    params = [(rng.normal(size=(3, 2)), rng.normal(size=2))]
    out, cache = mlp.forward(params, X)
    np.testing.assert_allclose(out, X @ params[0][0] + params[0][1])
    G = rng.normal(size=(6, 2))
    (dW, db), = mlp.backward(params, cache, G)
    np.testing.assert_allclose(dW, X.T @ G)
    np.testing.assert_allclose(db, G.sum(axis=0))


def test_forward_matches_a_direct_computation():
    X, _, params = small_problem()
    (W1, b1), (W2, b2), (W3, b3) = params
    h1 = np.tanh(X @ W1 + b1)
    h2 = np.tanh(h1 @ W2 + b2)
    out, cache = mlp.forward(params, X, activation="tanh")
    np.testing.assert_allclose(out, h2 @ W3 + b3)
    assert len(cache["inputs"]) == 3 and cache["masks"] == [None, None]


def test_inverted_dropout_keeps_the_expected_output():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3, 4))
    params = mlp.init_mlp([4, 50, 2], rng)
    clean, _ = mlp.forward(params, X)
    draws = np.stack([mlp.forward(params, X, dropout=0.5, rng=rng)[0] for _ in range(4000)])
    # the mean over masks equals the output without dropout (within Monte-Carlo error)
    sem = draws.std(axis=0) / np.sqrt(len(draws))
    assert np.all(np.abs(draws.mean(axis=0) - clean) < 5 * sem + 1e-12)
    mask = mlp.dropout_mask((200, 200), 0.3, np.random.default_rng(1))
    assert set(np.unique(mask)) == {0.0, 1 / 0.7}
    assert abs(np.mean(mask == 0) - 0.3) < 0.01
    assert abs(mask.mean() - 1.0) < 0.02


def test_dropout_needs_an_rng_and_a_valid_rate():
    X, _, params = small_problem()
    with pytest.raises(ValueError, match="rng"):
        mlp.forward(params, X, dropout=0.5)
    with pytest.raises(ValueError, match="dropout"):
        mlp.forward(params, X, dropout=1.0, rng=np.random.default_rng(0))


def test_init_shapes_zero_biases_and_reproducibility():
    sizes = [64, 32, 16, 10]
    a = mlp.init_mlp(sizes, np.random.default_rng(5), "he_normal")
    b = mlp.init_mlp(sizes, np.random.default_rng(5), "he_normal")
    c = mlp.init_mlp(sizes, np.random.default_rng(6), "he_normal")
    for i, ((W, bias), (W2, _), (W3, _)) in enumerate(zip(a, b, c)):
        assert W.shape == (sizes[i], sizes[i + 1]) and bias.shape == (sizes[i + 1],)
        assert not bias.any()
        np.testing.assert_array_equal(W, W2)
        assert not np.array_equal(W, W3)
    assert mlp.count_parameters(a) == 64 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10
    # the rule is the initializer's: same draws as calling it directly
    rng = np.random.default_rng(2)
    W1 = mlp.init_mlp([8, 4], np.random.default_rng(2), "xavier_uniform")[0][0]
    np.testing.assert_array_equal(W1, initializers.xavier_uniform(8, 4, rng))
    assert not mlp.init_mlp([3, 2], rng, "zeros")[0][0].any()


def test_init_validates():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="init"):
        mlp.init_mlp([3, 2], rng, "glorot")
    with pytest.raises(ValueError, match="shape"):
        mlp.init_mlp([3, 2], rng, lambda i, o, r: np.zeros((o, i)))
    with pytest.raises(ValueError, match="rng"):
        mlp.init_mlp([3, 2], 0)
    with pytest.raises(ValueError, match="at least two"):
        mlp.init_mlp([3], rng)


def test_params_dict_round_trip():
    _, _, params = small_problem()
    tree = mlp.params_to_dict(params)
    assert sorted(tree) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    back = mlp.params_from_dict(tree)
    for (W, b), (W2, b2) in zip(params, back):
        assert W is W2 and b is b2


def test_equal_weights_keep_hidden_units_identical():
    # Symmetry: with every weight equal, all hidden units compute the same function and get the
    # same gradient, so gradient descent never makes them differ.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    y = rng.integers(0, 3, size=40)
    params = mlp.init_mlp([3, 6, 3], rng, lambda i, o, r: np.full((i, o), 0.3))
    tree = mlp.params_to_dict(params)
    opt = optim.sgd(0.5)
    state = opt.init(tree)
    for _ in range(50):
        _, grads = mlp.loss_and_grads(mlp.params_from_dict(tree), X, y, activation="tanh")
        updates, state = opt.update(mlp.params_to_dict(grads), state, tree)
        tree = optim.apply_updates(tree, updates)
    W1 = tree["W1"]
    assert np.ptp(W1, axis=1).max() < 1e-12  # the columns (hidden units) are still equal
    assert not np.allclose(W1, 0.3)          # although they did move


def test_classifier_learns_the_digits_quickly():
    X, y = data.load_digits()
    X_train, _, X_test, y_train, _, y_test = data.train_val_test_split(
        X, y, val_fraction=0.0, test_fraction=0.25, rng=np.random.default_rng(0)
    )
    model = mlp.MLPClassifier(hidden_sizes=(32,), n_epochs=15, random_state=0)
    assert model.fit(X_train, y_train, X_test, y_test) is model
    assert model.score(X_test, y_test) > 0.9
    assert len(model.loss_curve_) == 15 and model.loss_curve_[-1] < model.loss_curve_[0]
    assert len(model.val_score_curve_) == 15
    assert model.val_score_curve_[-1] == pytest.approx(model.score(X_test, y_test))
    proba = model.predict_proba(X_test)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(model.classes_[proba.argmax(axis=1)], model.predict(X_test))
    assert [W.shape for W, _ in model.params_] == [(64, 32), (32, 10)]


def test_classifier_is_reproducible_and_keeps_labels():
    rng = np.random.default_rng(0)
    X, y = data.make_classification(n_samples=120, rng=rng)
    labels = np.where(y == 1, "yes", "no")
    a = mlp.MLPClassifier(hidden_sizes=(8,), n_epochs=5, optimizer="adam", learning_rate=0.01,
                          random_state=3).fit(X, labels)
    b = mlp.MLPClassifier(hidden_sizes=(8,), n_epochs=5, optimizer="adam", learning_rate=0.01,
                          random_state=3).fit(X, labels)
    np.testing.assert_array_equal(a.params_[0][0], b.params_[0][0])
    assert set(a.predict(X)) <= {"yes", "no"}
    assert a.loss_curve_ == b.loss_curve_


def test_classifier_loss_curve_matches_the_loss_of_full_batch_training():
    # With one batch per epoch and plain SGD, epoch 1's recorded loss is the loss at the start,
    # and the parameters after it are one gradient step from the initial ones.
    rng = np.random.default_rng(4)
    X = rng.normal(size=(30, 5))
    y = rng.integers(0, 3, size=30)
    model = mlp.MLPClassifier(hidden_sizes=(4,), n_epochs=1, batch_size=30, learning_rate=0.2,
                              weight_decay=0.1, random_state=np.random.default_rng(9)).fit(X, y)
    start = mlp.init_mlp([5, 4, 3], np.random.default_rng(9))
    loss0, grads = mlp.loss_and_grads(start, X, y, weight_decay=0.1)
    assert model.loss_curve_[0] == pytest.approx(loss0)
    for (W, b), (W0, b0), (dW, db) in zip(model.params_, start, grads):
        np.testing.assert_allclose(W, W0 - 0.2 * dW)
        np.testing.assert_allclose(b, b0 - 0.2 * db)


def test_fit_is_the_loop_written_with_the_public_checked_functions():
    # fit runs unchecked kernels for speed; a loop written with the public functions (which
    # validate everything at every call), drawing from the generator in the same order, must
    # give the same parameters and curves bit for bit: dropout, weight decay, Adam, mini-batches.
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(50, 6)), rng.integers(0, 3, size=50)
    X_val, y_val = rng.normal(size=(20, 6)), rng.integers(0, 3, size=20)
    settings = dict(hidden_sizes=(7, 5), n_epochs=3, batch_size=16, learning_rate=0.01, dropout=0.2,
                    weight_decay=0.01, optimizer="adam", activation="tanh")
    model = mlp.MLPClassifier(**settings, random_state=3).fit(X, y, X_val, y_val)

    draws = np.random.default_rng(3)
    tree = mlp.params_to_dict(mlp.init_mlp([6, 7, 5, 3], draws, "he_normal"))
    opt = optim.adam(0.01)
    state = opt.init(tree)
    curve, val_loss = [], []
    for _ in range(3):
        order, total = draws.permutation(50), 0.0
        for start in range(0, 50, 16):
            idx = order[start:start + 16]
            loss, grads = mlp.loss_and_grads(mlp.params_from_dict(tree), X[idx], y[idx], "tanh", 0.2, draws, 0.01)
            updates, state = opt.update(mlp.params_to_dict(grads), state, tree)
            tree = optim.apply_updates(tree, updates)
            total += loss * idx.size
        curve.append(total / 50)
        logits, _ = mlp.forward(mlp.params_from_dict(tree), X_val, "tanh")
        val_loss.append(losses.softmax_cross_entropy(y_val, logits))
    assert model.loss_curve_ == curve and model.val_loss_curve_ == val_loss
    for (W, b), (W_ref, b_ref) in zip(model.params_, mlp.params_from_dict(tree)):
        np.testing.assert_array_equal(W, W_ref)
        np.testing.assert_array_equal(b, b_ref)


def test_classifier_validates_and_reports_unfitted():
    model = mlp.MLPClassifier()
    with pytest.raises(ValueError, match="not fitted"):
        model.predict(np.ones((2, 3)))
    X = np.random.default_rng(0).normal(size=(10, 3))
    with pytest.raises(ValueError, match="optimizer"):
        mlp.MLPClassifier(optimizer="lbfgs").fit(X, np.arange(10) % 2)
    with pytest.raises(ValueError, match="y must have shape"):
        model.fit(X, np.zeros(9))
    fitted = mlp.MLPClassifier(n_epochs=1).fit(X, np.arange(10) % 2)
    with pytest.raises(ValueError, match="n_samples, 3"):
        fitted.predict(np.ones((2, 4)))
    assert fitted.set_params(dropout=0.5) is fitted and fitted.get_params()["dropout"] == 0.5


def test_softmax_head_agrees_with_losses_module():
    X, y, params = small_problem()
    logits, _ = mlp.forward(params, X)
    loss, _ = mlp.loss_and_grads(params, X, y)
    assert loss == pytest.approx(losses.cross_entropy(y, losses.softmax(logits)))


# ----------------------------------------------------------------- learning-rate range test


def test_lr_range_test_schedule_and_first_steps():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 5))
    y = rng.integers(0, 3, size=40)
    out = mlp.lr_range_test(X, y, (6,), lr_min=1e-3, lr_max=1.0, n_steps=25, batch_size=10,
                            smoothing=0.0, stop_factor=1e9, rng=np.random.default_rng(7))
    np.testing.assert_allclose(out["schedule"], np.geomspace(1e-3, 1.0, 25))
    assert out["learning_rates"].size == out["losses"].size == 25 and not out["stopped_early"]
    np.testing.assert_array_equal(out["smoothed"], out["losses"])  # no smoothing
    # the same two steps by hand: same initial weights and shuffle from the same seed
    ref_rng = np.random.default_rng(7)
    params = mlp.init_mlp([5, 6, 3], ref_rng, "he_normal")
    order = ref_rng.permutation(40)
    for k in range(2):
        idx = order[10 * k : 10 * (k + 1)]
        loss, grads = mlp.loss_and_grads(params, X[idx], y[idx])
        assert out["losses"][k] == pytest.approx(loss)
        lr = out["schedule"][k]
        params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]


def test_lr_range_test_smoothing_and_stop():
    X, y = data.load_digits()
    out = mlp.lr_range_test(X[:300], y[:300], (16,), lr_min=1e-3, lr_max=1e4, n_steps=150,
                            rng=np.random.default_rng(0))
    beta = 0.9
    avg = 0.0
    for k, loss in enumerate(out["losses"][:10]):
        avg = beta * avg + (1 - beta) * loss
        assert out["smoothed"][k] == pytest.approx(avg / (1 - beta ** (k + 1)))
    assert out["stopped_early"] and out["losses"].size < 150  # a rate of 10^4 blows the loss up
    assert out["lr_at_min"] < 10.0
    assert out["smoothed"][-1] > 4.0 * np.nanmin(out["smoothed"][:-1]) or not np.isfinite(out["smoothed"][-1])
    with pytest.raises(ValueError, match="lr_min"):
        mlp.lr_range_test(X[:50], y[:50], lr_min=1.0, lr_max=0.1, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng"):
        mlp.lr_range_test(X[:50], y[:50], rng=0)
