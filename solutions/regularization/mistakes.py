"""Plausible wrong answers to the ``regularization`` assignment, each with the hint it gets.

The grader names one of these only when it reproduces the student's results on every input of
a check (:mod:`paramcourse.grading.diagnosis`). Each function has the contract's signature.
"""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import collect, mistake


def _mse(w, b, X, y):
    return float(np.mean((X @ w + b - y) ** 2))


def _soft(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def _ridge_solve(X, y, penalty):
    """Centred ridge with ``penalty * I`` in the normal equations (lstsq copes with penalty 0)."""
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    w = np.linalg.lstsq(Xc.T @ Xc + penalty * np.eye(X.shape[1]), Xc.T @ yc, rcond=None)[0]
    return w, float(y_mean - x_mean @ w)


def _joint_rate(X, learning_rate):
    """``learning_rate``, or ``1 / L`` for the joint (w, b) gradient when it is None."""
    if learning_rate is not None:
        return learning_rate
    n = X.shape[0]
    A = np.column_stack([X, np.ones(n)])
    return 1.0 / (2.0 / n * np.linalg.eigvalsh(A.T @ A).max())


def _ista(X, y, lam, learning_rate, n_steps, *, threshold=None, grad_scale=1.0, prox="soft",
          update_b=True):
    """ISTA on (w, b) from zeros, with one known slip switched on by a keyword.

    ``threshold(eta, lam)`` gives the soft threshold (default ``eta * lam``); ``grad_scale``
    multiplies the MSE gradient; ``prox`` is ``"soft"``, ``"none"`` (plain gradient descent),
    ``"subgradient"`` (a step along ``lam * sign(w)``) or ``"ridge"`` (a step along
    ``2 * lam * w``); ``update_b=False`` keeps ``b`` at 0.
    """
    n, d = X.shape
    eta = _joint_rate(X, learning_rate)
    w, b = np.zeros(d), 0.0
    for _ in range(n_steps):
        r = X @ w + b - y
        grad_w = grad_scale * 2.0 / n * (X.T @ r)
        grad_b = grad_scale * 2.0 / n * float(np.sum(r))
        if prox == "soft":
            w = _soft(w - eta * grad_w, eta * lam if threshold is None else threshold(eta, lam))
        elif prox == "subgradient":
            w = w - eta * (grad_w + lam * np.sign(w))
        elif prox == "ridge":
            w = w - eta * (grad_w + 2.0 * lam * w)
        else:
            w = w - eta * grad_w
        if update_b:
            b = b - eta * grad_b
    return w, b


# ------------------------------------------------------------------------------- l2_penalty


@mistake("l2_penalty", "you used the length |w| = sqrt(sum(w**2)); the L2 penalty uses the squared "
         "length, without the square root.")
def l2_norm(w, lam):
    return lam * np.linalg.norm(w)


@mistake("l2_penalty", "you summed the weights themselves: square each weight first, then sum.")
def l2_sum_of_weights(w, lam):
    return lam * np.sum(w)


@mistake("l2_penalty", "the penalty must be multiplied by lam.")
def l2_no_lam(w, lam):
    return np.sum(w**2)


@mistake("l2_penalty", "no factor 1/2 here (some books use one): the penalty is lam * sum(w**2).")
def l2_half(w, lam):
    return 0.5 * lam * np.sum(w**2)


@mistake("l2_penalty", "you squared the sum of the weights: square each weight, then sum.")
def l2_square_of_sum(w, lam):
    return lam * np.sum(w) ** 2


@mistake("l2_penalty", "use the sum over the weights, not the mean.")
def l2_mean(w, lam):
    return lam * np.mean(w**2)


@mistake("l2_penalty", "that is the L1 penalty (absolute values); the L2 penalty squares the weights.")
def l2_is_l1(w, lam):
    return lam * np.sum(np.abs(w))


# ------------------------------------------------------------------------------- l1_penalty


@mistake("l1_penalty", "negative weights cancel positive ones: take the absolute value of each weight "
         "before summing.")
def l1_no_abs(w, lam):
    return lam * np.sum(w)


@mistake("l1_penalty", "you squared the weights: the L1 penalty uses their absolute values.")
def l1_squared(w, lam):
    return lam * np.sum(w**2)


@mistake("l1_penalty", "the L1 penalty must be multiplied by lam.")
def l1_no_lam(w, lam):
    return np.sum(np.abs(w))


@mistake("l1_penalty", "take the absolute value of each weight, not of their sum.")
def l1_abs_of_sum(w, lam):
    return lam * abs(np.sum(w))


@mistake("l1_penalty", "use the sum of the absolute values, not their mean.")
def l1_mean(w, lam):
    return lam * np.mean(np.abs(w))


@mistake("l1_penalty", "sum all the absolute values, not just the largest one.")
def l1_max(w, lam):
    return lam * np.max(np.abs(w))


# ------------------------------------------------------------------------------- ridge_loss


@mistake("ridge_loss", "the intercept b must not be penalized: the penalty is lam * sum(w**2) over "
         "the weights only.")
def ridge_loss_penalized_b(w, b, X, y, lam):
    return _mse(w, b, X, y) + lam * (np.sum(w**2) + b**2)


@mistake("ridge_loss", "you added the L1 penalty lam * sum(abs(w)); ridge uses lam * sum(w**2).")
def ridge_loss_l1(w, b, X, y, lam):
    return _mse(w, b, X, y) + lam * np.sum(np.abs(w))


@mistake("ridge_loss", "the MSE has no factor 1/2 in this course: (1/n) * sum of the squared residuals.")
def ridge_loss_half_mse(w, b, X, y, lam):
    return 0.5 * _mse(w, b, X, y) + lam * np.sum(w**2)


@mistake("ridge_loss", "use the mean of the squared residuals, not their sum.")
def ridge_loss_sse(w, b, X, y, lam):
    return np.sum((X @ w + b - y) ** 2) + lam * np.sum(w**2)


@mistake("ridge_loss", "no factor 1/2 on the penalty: it is lam * sum(w**2).")
def ridge_loss_half_penalty(w, b, X, y, lam):
    return _mse(w, b, X, y) + 0.5 * lam * np.sum(w**2)


@mistake("ridge_loss", "the penalty lam * sum(w**2) is missing: add it to the MSE.")
def ridge_loss_no_penalty(w, b, X, y, lam):
    return _mse(w, b, X, y)


@mistake("ridge_loss", "the penalty uses the squared length sum(w**2), without a square root.")
def ridge_loss_norm_penalty(w, b, X, y, lam):
    return _mse(w, b, X, y) + lam * np.linalg.norm(w)


# --------------------------------------------------------------------------- ridge_gradient


def _mse_grad(w, b, X, y):
    r = X @ w + b - y
    return 2.0 * X.T @ r / len(y), 2.0 * float(np.mean(r))


@mistake("ridge_gradient", "the derivative of lam * w**2 is 2 * lam * w: the factor 2 of the penalty's "
         "gradient is missing.")
def ridge_gradient_no_two(w, b, X, y, lam):
    gw, gb = _mse_grad(w, b, X, y)
    return gw + lam * w, gb


@mistake("ridge_gradient", "the penalty's gradient is + 2 * lam * w (it pulls the weights towards zero "
         "when you subtract the gradient), not - 2 * lam * w.")
def ridge_gradient_penalty_sign(w, b, X, y, lam):
    gw, gb = _mse_grad(w, b, X, y)
    return gw - 2 * lam * w, gb


@mistake("ridge_gradient", "the MSE part has the wrong sign: use the residuals r = X @ w + b - y "
         "(prediction minus target), not y - prediction.")
def ridge_gradient_residual_sign(w, b, X, y, lam):
    gw, gb = _mse_grad(w, b, X, y)
    return -gw + 2 * lam * w, -gb


@mistake("ridge_gradient", "the MSE part lacks its factor 2: it is (2/n) * X.T @ r for w and "
         "(2/n) * sum(r) for b.")
def ridge_gradient_half_mse(w, b, X, y, lam):
    gw, gb = _mse_grad(w, b, X, y)
    return 0.5 * gw + 2 * lam * w, 0.5 * gb


@mistake("ridge_gradient", "the MSE part sums over the samples: average instead, (2/n) * X.T @ r and "
         "(2/n) * sum(r).")
def ridge_gradient_summed(w, b, X, y, lam):
    r = X @ w + b - y
    return 2 * X.T @ r + 2 * lam * w, 2 * float(np.sum(r))


@mistake("ridge_gradient", "lam * sign(w) is the (sub)gradient of the L1 penalty; the ridge penalty "
         "lam * sum(w**2) adds 2 * lam * w.")
def ridge_gradient_l1(w, b, X, y, lam):
    gw, gb = _mse_grad(w, b, X, y)
    return gw + lam * np.sign(w), gb


@mistake("ridge_gradient", "the penalty's gradient 2 * lam * w is missing from grad_w.")
def ridge_gradient_no_penalty(w, b, X, y, lam):
    return _mse_grad(w, b, X, y)


@mistake("ridge_gradient", "the intercept is not penalized, so grad_b has no 2 * lam * b term: "
         "grad_b = (2/n) * sum(r).")
def ridge_gradient_penalized_b(w, b, X, y, lam):
    gw, gb = _mse_grad(w, b, X, y)
    return gw + 2 * lam * w, gb + 2 * lam * b


@mistake("ridge_gradient", "the intercept is not penalized, so grad_b has no lam * b term: "
         "grad_b = (2/n) * sum(r).")
def ridge_gradient_penalized_b_half(w, b, X, y, lam):
    gw, gb = _mse_grad(w, b, X, y)
    return gw + 2 * lam * w, gb + lam * b


@mistake("ridge_gradient", "two slips: the derivative of lam * w**2 is 2 * lam * w (the factor 2 is "
         "missing in grad_w), and the intercept is not penalized, so grad_b has no lam * b term.")
def ridge_gradient_penalized_b_no_two(w, b, X, y, lam):
    gw, gb = _mse_grad(w, b, X, y)
    return gw + lam * w, gb + lam * b


# ------------------------------------------------------------------------ ridge_closed_form


@mistake("ridge_closed_form", "you solved (Xc.T Xc + lam I) w = Xc.T yc, which minimizes the sum of "
         "squares plus lam |w|^2; for the mean squared error the matrix is Xc.T Xc + n * lam * I.")
def ridge_closed_form_lam_not_n_lam(X, y, lam):
    return _ridge_solve(X, y, lam)


@mistake("ridge_closed_form", "your w solves the system with n * lam / 2: the 2 from the MSE and the 2 "
         "from the penalty cancel, so the matrix is Xc.T Xc + n * lam * I, without a factor 1/2.")
def ridge_closed_form_half_lam(X, y, lam):
    return _ridge_solve(X, y, len(y) * lam / 2)


@mistake("ridge_closed_form", "your w solves the system with 2 * n * lam: the 2 from the MSE and the 2 "
         "from the penalty cancel, so the matrix is Xc.T Xc + n * lam * I, without a factor 2.")
def ridge_closed_form_double_lam(X, y, lam):
    return _ridge_solve(X, y, 2 * len(y) * lam)


@mistake("ridge_closed_form", "the penalty term is n * lam * I, not n**2 * lam * I.")
def ridge_closed_form_n_squared(X, y, lam):
    return _ridge_solve(X, y, len(y) ** 2 * lam)


@mistake("ridge_closed_form", "lam was ignored: that is the least-squares fit; add n * lam * I to "
         "Xc.T @ Xc.")
def ridge_closed_form_no_lam(X, y, lam):
    return _ridge_solve(X, y, 0.0)


@mistake("ridge_closed_form", "you penalized the intercept (a column of ones inside the penalty): "
         "centre X and y instead, so that b is free, then b = y.mean() - X.mean(axis=0) @ w.")
def ridge_closed_form_penalized_b(X, y, lam):
    A = np.hstack([X, np.ones((X.shape[0], 1))])
    theta = np.linalg.lstsq(A.T @ A + len(y) * lam * np.eye(A.shape[1]), A.T @ y, rcond=None)[0]
    return theta[:-1], theta[-1]


@mistake("ridge_closed_form", "the intercept is missing: centre X and y, solve for w on the centred "
         "data, then b = y.mean() - X.mean(axis=0) @ w.")
def ridge_closed_form_no_b(X, y, lam):
    w = np.linalg.lstsq(X.T @ X + len(y) * lam * np.eye(X.shape[1]), X.T @ y, rcond=None)[0]
    return w, 0.0


@mistake("ridge_closed_form", "you solved for w on the raw data and only then set b from the means: "
         "centre X and y before solving for w, (Xc.T Xc + n * lam * I) w = Xc.T yc.")
def ridge_closed_form_uncentred(X, y, lam):
    w = np.linalg.lstsq(X.T @ X + len(y) * lam * np.eye(X.shape[1]), X.T @ y, rcond=None)[0]
    return w, y.mean() - X.mean(axis=0) @ w


# --------------------------------------------------------------------------- soft_threshold


@mistake("soft_threshold", "negative entries must shrink towards 0 too: use sign(z) * max(|z| - t, 0), "
         "not max(z - t, 0).")
def soft_threshold_one_sided(z, t):
    return np.maximum(z - t, 0.0)


@mistake("soft_threshold", "entries with |z| <= t must become exactly 0: the max(..., 0) is missing, "
         "so they cross zero.")
def soft_threshold_no_max(z, t):
    return z - t * np.sign(z)


@mistake("soft_threshold", "that is hard thresholding (keep or zero); soft thresholding also shrinks "
         "the kept entries by t.")
def soft_threshold_hard(z, t):
    return np.where(np.abs(z) > t, z, 0.0)


@mistake("soft_threshold", "clipping to [-t, t] is not soft thresholding: sign(z) * max(|z| - t, 0).")
def soft_threshold_clip(z, t):
    return np.clip(z, -t, t)


@mistake("soft_threshold", "subtract t from |z|, not from z: sign(z) * max(|z| - t, 0).")
def soft_threshold_minus_t(z, t):
    return z - t


@mistake("soft_threshold", "the sign of z was lost: multiply max(|z| - t, 0) by sign(z).")
def soft_threshold_no_sign(z, t):
    return np.maximum(np.abs(z) - t, 0.0)


@mistake("soft_threshold", "your function changes z in place (z[...] = ..., z -= ...): work on a copy "
         "or build a new array, e.g. np.sign(z) * np.maximum(np.abs(z) - t, 0).")
def soft_threshold_inplace(z, t):
    z[np.abs(z) <= t] = 0.0
    z -= t * np.sign(z)
    return z


# ------------------------------------------------------------------------------- lasso_ista


@mistake("lasso_ista", "your w and b are the lasso fit for lam / learning_rate, not for lam: the threshold "
         "must be learning_rate * lam (the step size times lam), not lam.")
def lasso_ista_threshold_lam(X, y, lam, learning_rate=None, n_steps=1000):
    return _ista(X, y, lam, learning_rate, n_steps, threshold=lambda eta, lam: lam)


@mistake("lasso_ista", "your w and b are the lasso fit for lam / learning_rate, not for lam: the threshold "
         "must be learning_rate * lam (the step size times lam), not lam.")
def lasso_ista_threshold_lam_centred(X, y, lam, learning_rate=None, n_steps=1000):
    n = X.shape[0]
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    eta = n / (2 * np.linalg.norm(Xc, 2) ** 2) if learning_rate is None else learning_rate
    w = np.zeros(X.shape[1])
    for _ in range(n_steps):
        w = _soft(w - eta * 2 / n * Xc.T @ (Xc @ w - yc), lam)
    return w, y_mean - x_mean @ w


@mistake("lasso_ista", "your w and b are the lasso fit for lam / 2, not for lam: the threshold is "
         "learning_rate * lam, without a factor 1/2.")
def lasso_ista_half_threshold(X, y, lam, learning_rate=None, n_steps=1000):
    return _ista(X, y, lam, learning_rate, n_steps, threshold=lambda eta, lam: eta * lam / 2)


@mistake("lasso_ista", "b was soft-thresholded too: the intercept is not penalized, so update it with "
         "a plain gradient step, b = b - learning_rate * grad_b.")
def lasso_ista_penalized_b(X, y, lam, learning_rate=None, n_steps=1000):
    n, d = X.shape
    A = np.hstack([X, np.ones((n, 1))])
    eta = _joint_rate(X, learning_rate)
    theta = np.zeros(d + 1)
    for _ in range(n_steps):
        theta = _soft(theta - eta * 2 / n * A.T @ (A @ theta - y), eta * lam)
    return theta[:d], theta[d]


@mistake("lasso_ista", "the intercept is missing: fit b too, with a plain gradient step b = b - "
         "learning_rate * grad_b (or centre the data and set b = y.mean() - X.mean(axis=0) @ w).")
def lasso_ista_no_intercept(X, y, lam, learning_rate=None, n_steps=1000):
    return _ista(X, y, lam, learning_rate, n_steps, update_b=False)


@mistake("lasso_ista", "you took subgradient steps with lam * sign(w), which only make weights small, "
         "never exactly 0: apply w = soft_threshold(w - learning_rate * grad_w, learning_rate * lam) "
         "at every step instead.")
def lasso_ista_subgradient(X, y, lam, learning_rate=None, n_steps=1000):
    return _ista(X, y, lam, learning_rate, n_steps, prox="subgradient")


@mistake("lasso_ista", "your w and b are the lasso fit for 2 * lam, not for lam: check the factor 2 of "
         "the MSE gradient, (2/n) * X.T @ r and (2/n) * sum(r), against the threshold learning_rate * lam.")
def lasso_ista_half_gradient(X, y, lam, learning_rate=None, n_steps=1000):
    return _ista(X, y, lam, learning_rate, n_steps, grad_scale=0.5)


@mistake("lasso_ista", "your w and b are the least-squares fit, as if lam were 0: apply "
         "w = soft_threshold(w - learning_rate * grad_w, learning_rate * lam) at every step.")
def lasso_ista_no_threshold(X, y, lam, learning_rate=None, n_steps=1000):
    return _ista(X, y, lam, learning_rate, n_steps, prox="none")


@mistake("lasso_ista", "your w and b are the ridge fit (penalty lam * sum(w**2)), not the lasso fit: "
         "the lasso step is w = soft_threshold(w - learning_rate * grad_w, learning_rate * lam), with "
         "grad_w the gradient of the MSE alone.")
def lasso_ista_ridge(X, y, lam, learning_rate=None, n_steps=1000):
    return _ista(X, y, lam, learning_rate, n_steps, prox="ridge")


@mistake("lasso_ista", "learning_rate was ignored: use the argument when it is given (1 / L only when "
         "it is None).")
def lasso_ista_ignores_lr(X, y, lam, learning_rate=None, n_steps=1000):
    return _ista(X, y, lam, None, n_steps)


@mistake("lasso_ista", "n_steps was ignored: take exactly n_steps proximal gradient steps.")
def lasso_ista_ignores_steps(X, y, lam, learning_rate=None, n_steps=1000):
    return _ista(X, y, lam, learning_rate, 5000)


@mistake("lasso_ista", "your function changes the caller's X and y in place (X -= ..., y -= ...): "
         "centre copies instead, Xc = X - X.mean(axis=0) makes a new array.")
def lasso_ista_centres_in_place(X, y, lam, learning_rate=None, n_steps=1000):
    n = X.shape[0]
    x_mean, y_mean = X.mean(axis=0), y.mean()
    X -= x_mean
    y -= y_mean
    eta = n / (2 * np.linalg.norm(X, 2) ** 2) if learning_rate is None else learning_rate
    w = np.zeros(X.shape[1])
    for _ in range(n_steps):
        w = _soft(w - eta * 2 / n * X.T @ (X @ w - y), eta * lam)
    return w, y_mean - x_mean @ w


MISTAKES = collect(globals())
