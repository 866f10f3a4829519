r"""Checks of the ``regularization`` assignment: penalties, ridge and lasso.

Contract (design.md): ``l2_penalty = lam * sum(w**2)``, ``l1_penalty = lam * sum(|w|)``,
``ridge_loss = MSE(w, b) + l2_penalty(w, lam)`` with an unpenalized intercept, its gradient, its
exact minimizer, the elementwise soft threshold ``sign(z) * max(|z| - t, 0)``, and the lasso
fitted by proximal gradient descent (ISTA) with step ``1 / L`` by default.

The references are closed forms (ridge: centre the data, then solve
``(Xc^T Xc + n lam I) w = Xc^T yc`` and ``b = mean(y) - mean(X) @ w``) and a coordinate-descent
lasso solver run to machine precision. The lasso is judged at its minimizer, which every correct
ISTA variant (centred or not, any valid step) reaches within the step counts used here, because
the test problems are well conditioned.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..compare import (
    assert_close,
    assert_unchanged,
    call,
    close,
    diagnose,
    fail,
    fmt,
    to_array,
    to_float,
)
from ._common import Regression, make_regression

__all__ = [
    "CHECKS",
    "EXAMPLE",
    "check_l1_penalty_hidden",
    "check_l1_penalty_values",
    "check_l2_penalty_hidden",
    "check_l2_penalty_values",
    "check_lasso_ista_hidden",
    "check_lasso_ista_sparsity",
    "check_lasso_ista_values",
    "check_ridge_closed_form_hidden",
    "check_ridge_closed_form_values",
    "check_ridge_gradient_hidden",
    "check_ridge_gradient_values",
    "check_ridge_loss_hidden",
    "check_ridge_loss_values",
    "check_soft_threshold_hidden",
    "check_soft_threshold_values",
]

#: The notebook's worked example (``X_example``, ``y_example``, ``w_example``, ``b_example``);
#: the targets have a large mean, so that a penalized intercept is easy to tell apart.
EXAMPLE = Regression(
    X=np.array([[1.0, 0.5], [-0.5, 1.5], [0.0, -1.0], [1.5, 0.0], [-1.0, -0.5], [-1.0, 0.5]]),
    y=np.array([4.5, 3.0, 1.5, 5.0, 1.0, 2.5]),
    w=np.array([0.8, -0.3]),
    b=0.5,
    label="the example (X_example, y_example, w_example, b_example)",
)
LAM_EXAMPLE = 0.1
Z_EXAMPLE = np.array([-2.0, -0.5, -0.2, 0.0, 0.3, 1.5])
T_EXAMPLE = 0.5


def notebook_example_names() -> dict[str, object]:
    """The names under which the notebook's setup cell defines the example data."""
    return {
        "X_example": EXAMPLE.X,
        "y_example": EXAMPLE.y,
        "w_example": EXAMPLE.w,
        "b_example": EXAMPLE.b,
        "lam_example": LAM_EXAMPLE,
        "z_example": Z_EXAMPLE,
        "t_example": T_EXAMPLE,
    }


_HIDDEN = (
    make_regression(21, 12, 3, "a hidden case with n=12, d=3"),
    make_regression(22, 1, 2, "a hidden case with one sample (n=1, d=2)"),
    make_regression(23, 15, 1, "a hidden case with one feature (n=15, d=1)"),
    make_regression(24, 40, 4, "a hidden case with n=40, d=4 and shifted features", offset=1.5),
)
_HIDDEN_LAMS = (0.3, 0.05, 1.0, 0.02)

L2_FORMULA = "l2_penalty(w, lam) = lam * sum(w**2)"
L1_FORMULA = "l1_penalty(w, lam) = lam * sum(abs(w))"
RIDGE_FORMULA = "ridge_loss = (1/n) * sum((X @ w + b - y)**2) + lam * sum(w**2), with b not penalized"
RIDGE_GRAD_FORMULA = (
    "grad_w = (2/n) * X.T @ r + 2 * lam * w and grad_b = (2/n) * sum(r), with r = X @ w + b - y "
    "(the intercept is not penalized)"
)
CLOSED_FORM = (
    "centre the data (Xc = X - X.mean(axis=0), yc = y - y.mean()), solve "
    "(Xc.T @ Xc + n * lam * I) w = Xc.T @ yc, then b = y.mean() - X.mean(axis=0) @ w"
)
SOFT_FORMULA = "soft_threshold(z, t) = sign(z) * max(|z| - t, 0), elementwise"
ISTA_FORMULA = (
    "each step takes a gradient step on the MSE, w = soft_threshold(w - eta * grad_w, eta * lam) "
    "and b = b - eta * grad_b (b is never thresholded), with eta = 1/L and L = (2/n) * the "
    "largest eigenvalue of A.T @ A for A = [X, 1] (or of Xc.T @ Xc if you centre the data)"
)

# ------------------------------------------------------------------------------- references


def _mse(w, b, X, y) -> float:
    return float(np.mean((X @ w + b - y) ** 2))


def _mse_grad(w, b, X, y) -> tuple[np.ndarray, float]:
    r = X @ w + b - y
    n = X.shape[0]
    return 2.0 / n * (X.T @ r), float(2.0 / n * np.sum(r))


def _ridge(X: np.ndarray, y: np.ndarray, lam: float) -> tuple[np.ndarray, float]:
    """Exact minimizer of MSE + lam * |w|^2 with a free intercept (least squares when lam = 0)."""
    n = X.shape[0]
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    if lam == 0:
        w = np.linalg.lstsq(Xc, yc, rcond=None)[0]
    else:
        w = np.linalg.solve(Xc.T @ Xc + n * lam * np.eye(X.shape[1]), Xc.T @ yc)
    return w, float(y_mean - x_mean @ w)


def _ridge_penalized_intercept(X, y, lam) -> tuple[np.ndarray, float]:
    """The mistake of penalizing b as well: ridge on A = [X, 1] with every coefficient penalized."""
    A = np.column_stack([X, np.ones(X.shape[0])])
    theta = np.linalg.solve(A.T @ A + X.shape[0] * lam * np.eye(A.shape[1]), A.T @ y)
    return theta[:-1], float(theta[-1])


def _ridge_no_intercept(X, y, lam) -> tuple[np.ndarray, float]:
    """The mistake of dropping the intercept (no centring, b = 0)."""
    w = np.linalg.solve(X.T @ X + X.shape[0] * lam * np.eye(X.shape[1]), X.T @ y)
    return w, 0.0


def _soft(z: np.ndarray, t: float) -> np.ndarray:
    # Adding 0.0 turns -0.0 into 0.0, so that messages do not show "-0.".
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0) + 0.0


def _lasso_cd(A: np.ndarray, y: np.ndarray, penalties: np.ndarray) -> np.ndarray:
    """Minimize (1/n)|A theta - y|^2 + sum_j penalties[j] |theta_j| by coordinate descent.

    Each coordinate update is exact: theta_j = S(a_j . r_j, n p_j / 2) / |a_j|^2, where r_j is
    the residual without coordinate j. Run until nothing moves (machine precision).
    """
    n, d = A.shape
    theta = np.zeros(d)
    norms = np.sum(A**2, axis=0)
    residual = y.copy()
    for _ in range(100_000):
        largest = 0.0
        for j in range(d):
            if norms[j] == 0:
                continue
            old = theta[j]
            rho = A[:, j] @ residual + norms[j] * old
            theta[j] = _soft(np.array(rho), n * penalties[j] / 2.0)[()] / norms[j]
            if theta[j] != old:
                residual -= A[:, j] * (theta[j] - old)
                largest = max(largest, abs(theta[j] - old))
        if largest < 1e-15:
            break
    return theta + 0.0


def _lasso(X: np.ndarray, y: np.ndarray, lam: float) -> tuple[np.ndarray, float]:
    """Exact lasso minimizer with a free intercept (centring removes b from the problem)."""
    x_mean, y_mean = X.mean(axis=0), y.mean()
    w = _lasso_cd(X - x_mean, y - y_mean, np.full(X.shape[1], lam))
    return w, float(y_mean - x_mean @ w)


def _lasso_penalized_intercept(X, y, lam) -> tuple[np.ndarray, float]:
    A = np.column_stack([X, np.ones(X.shape[0])])
    theta = _lasso_cd(A, y, np.full(A.shape[1], lam))
    return theta[:-1], float(theta[-1])


def _lasso_no_intercept(X, y, lam) -> tuple[np.ndarray, float]:
    return _lasso_cd(X, y, np.full(X.shape[1], lam)), 0.0


def _lipschitz_values(X: np.ndarray) -> list[float]:
    """Lipschitz constants a student may use: of the joint (w, b) gradient and of the centred one."""
    n = X.shape[0]
    A = np.column_stack([X, np.ones(n)])
    Xc = X - X.mean(axis=0)
    return [2.0 / n * float(np.linalg.eigvalsh(A.T @ A)[-1]), 2.0 / n * float(np.linalg.eigvalsh(Xc.T @ Xc)[-1])]


# --------------------------------------------------------------------------------- helpers


def _pair(result: object, what: str, names: tuple[str, str], d: int) -> tuple[np.ndarray, float]:
    if type(result) not in (tuple, list) or len(result) != 2:
        fail(f"{what} should return a pair ({names[0]}, {names[1]}); got {fmt(result)}.",
             f"end with return {names[0]}, {names[1]}.")
    first = to_array(result[0], f"{names[0]} from {what}", (d,), f"one entry per column of X, d = {d}")
    second = to_float(result[1], f"{names[1]} from {what}")
    return first, second


def _check_inputs_unchanged(func: Callable, name: str, args: tuple, names: tuple[str, ...]) -> None:
    """Call ``func`` on copies of the array arguments and check that none was modified."""
    private = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
    call(func, *private, what=f"{name}(...) on a hidden case")
    for original, passed, arg_name in zip(args, private, names):
        if isinstance(original, np.ndarray):
            assert_unchanged(original, passed, arg_name, name)


# -------------------------------------------------------------------------------- penalties


def _penalty_variants(w: np.ndarray, lam: float, kind: str) -> list[tuple[float, str]]:
    square, absolute = float(np.sum(w**2)), float(np.sum(np.abs(w)))
    if kind == "l2":
        return [
            (lam * float(np.sqrt(square)), "you used the length |w| = sqrt(sum(w**2)); the L2 "
             "penalty uses the squared length, without the square root."),
            (lam * float(np.sum(w)), "you summed the weights themselves: square each weight "
             "first."),
            (square, "the penalty must be multiplied by lam."),
            (0.5 * lam * square, "no factor 1/2 here: the penalty is lam * sum(w**2)."),
            (lam * float(np.sum(w)) ** 2, "you squared the sum of the weights: square each "
             "weight, then sum."),
            (lam * float(np.mean(w**2)), "use the sum over the weights, not the mean."),
            (lam * absolute, "that is the L1 penalty (absolute values); the L2 penalty squares "
             "the weights."),
        ]
    return [
        (lam * float(np.sum(w)), "negative weights cancel positive ones: take the absolute "
         "value of each weight before summing."),
        (lam * square, "you squared the weights: the L1 penalty uses their absolute values."),
        (absolute, "the penalty must be multiplied by lam."),
        (lam * abs(float(np.sum(w))), "take the absolute value of each weight, not of their sum."),
        (lam * float(np.mean(np.abs(w))), "use the sum over the weights, not the mean."),
        (lam * float(np.max(np.abs(w))), "sum all the absolute values, not just the largest."),
    ]


def _check_penalty(func: Callable, name: str, w: np.ndarray, lam: float, label: str) -> None:
    kind = "l2" if name == "l2_penalty" else "l1"
    expected = lam * float(np.sum(w**2)) if kind == "l2" else lam * float(np.sum(np.abs(w)))
    what = f"{name}(w, lam) with w = {fmt(w)}, lam = {fmt(lam)}{label}"
    got = to_float(call(func, w.copy(), lam, what=what), what)
    formula = L2_FORMULA if kind == "l2" else L1_FORMULA
    hint = diagnose(got, _penalty_variants(w, lam, kind), f"compare your code with {formula}.")
    assert_close(got, expected, what, hint, rtol=1e-9, atol=1e-14)


_PENALTY_VISIBLE = (np.array([0.8, -0.3]), 0.1)
_PENALTY_HIDDEN = (
    (np.array([1.5, -2.0, 0.0, 0.25]), 0.7),
    (np.array([-3.0]), 2.0),
    (np.array([0.4, -1.1, 2.2]), 0.0),
    (np.array([-0.5, -0.25, 1.75, -1.0, 0.3]), 1.0),
)


def check_l2_penalty_values(l2_penalty: Callable) -> None:
    """``l2_penalty`` on the example weights, as a single number."""
    _check_penalty(l2_penalty, "l2_penalty", np.array([1.0, -2.5, 0.5]), 0.5, "")
    _check_penalty(l2_penalty, "l2_penalty", *_PENALTY_VISIBLE, "")


def check_l2_penalty_hidden(l2_penalty: Callable) -> None:
    """Hidden weights: one weight, ``lam = 0``, negative weights; ``w`` is not modified."""
    for w, lam in _PENALTY_HIDDEN:
        _check_penalty(l2_penalty, "l2_penalty", w, lam, " (hidden case)")
    _check_inputs_unchanged(l2_penalty, "l2_penalty", _PENALTY_HIDDEN[0], ("w", "lam"))


def check_l1_penalty_values(l1_penalty: Callable) -> None:
    """``l1_penalty`` on the example weights (one of them negative), as a single number."""
    _check_penalty(l1_penalty, "l1_penalty", np.array([1.0, -2.5, 0.5]), 0.5, "")
    _check_penalty(l1_penalty, "l1_penalty", *_PENALTY_VISIBLE, "")


def check_l1_penalty_hidden(l1_penalty: Callable) -> None:
    """Hidden weights: one weight, ``lam = 0``, mostly negative weights; ``w`` is not modified."""
    for w, lam in _PENALTY_HIDDEN:
        _check_penalty(l1_penalty, "l1_penalty", w, lam, " (hidden case)")
    _check_inputs_unchanged(l1_penalty, "l1_penalty", _PENALTY_HIDDEN[0], ("w", "lam"))


# -------------------------------------------------------------------------------- ridge_loss


def _check_ridge_loss_case(ridge_loss: Callable, case: Regression, lam: float) -> None:
    w, b, X, y = case.w, case.b, case.X, case.y
    what = f"ridge_loss(w, b, X, y, lam={fmt(lam)}) on {case.label}"
    got = to_float(call(ridge_loss, w.copy(), b, X.copy(), y.copy(), lam, what=what), what)
    mse, square, n = _mse(w, b, X, y), float(np.sum(w**2)), X.shape[0]
    expected = mse + lam * square
    variants = [
        (expected + lam * b**2, "the intercept b must not be penalized: the penalty is lam * "
         "sum(w**2) over the weights only."),
        (mse + lam * float(np.sum(np.abs(w))), "you added the L1 penalty; ridge uses lam * "
         "sum(w**2)."),
        (0.5 * mse + lam * square, "no factor 1/2 on the MSE in this course."),
        (n * mse + lam * square, "use the mean of the squared residuals, not their sum."),
        (mse + 0.5 * lam * square, "no factor 1/2 on the penalty: it is lam * sum(w**2)."),
        (mse, "the penalty lam * sum(w**2) is missing."),
        (mse + lam * float(np.sqrt(square)), "the penalty uses the squared length sum(w**2), "
         "without a square root."),
    ]
    hint = diagnose(got, variants, f"compare your code with {RIDGE_FORMULA}.")
    assert_close(got, expected, what, hint, rtol=1e-9, atol=1e-12)


def check_ridge_loss_values(ridge_loss: Callable) -> None:
    """``ridge_loss`` on the example with ``lam_example``."""
    _check_ridge_loss_case(ridge_loss, EXAMPLE, LAM_EXAMPLE)


def check_ridge_loss_hidden(ridge_loss: Callable) -> None:
    """Hidden cases (one sample, one feature, ``lam = 0`` gives the MSE); inputs not modified."""
    for case, lam in zip(_HIDDEN, _HIDDEN_LAMS):
        _check_ridge_loss_case(ridge_loss, case, lam)
    _check_ridge_loss_case(ridge_loss, _HIDDEN[0], 0.0)
    case = _HIDDEN[3]
    _check_inputs_unchanged(ridge_loss, "ridge_loss", (case.w, case.b, case.X, case.y, 0.5),
                            ("w", "b", "X", "y", "lam"))


# ---------------------------------------------------------------------------- ridge_gradient


def _check_ridge_gradient_case(ridge_gradient: Callable, case: Regression, lam: float) -> None:
    w, b, X, y = case.w, case.b, case.X, case.y
    what = f"ridge_gradient(w, b, X, y, lam={fmt(lam)}) on {case.label}"
    result = call(ridge_gradient, w.copy(), b, X.copy(), y.copy(), lam, what=what)
    grad_w, grad_b = _pair(result, what, ("grad_w", "grad_b"), X.shape[1])
    mse_w, mse_b = _mse_grad(w, b, X, y)
    n = X.shape[0]
    default = f"compare your code with {RIDGE_GRAD_FORMULA}."
    variants_w = [
        (mse_w + lam * w, "the derivative of lam * w**2 is 2 * lam * w: the factor 2 is missing."),
        (mse_w - 2 * lam * w, "the penalty's gradient is + 2 * lam * w (it pulls weights towards "
         "zero when you subtract the gradient)."),
        (-mse_w + 2 * lam * w, "the MSE part has the wrong sign: residuals are X @ w + b - y."),
        (0.5 * mse_w + 2 * lam * w, "the MSE part lacks its factor 2: (2/n) * X.T @ r."),
        (n * mse_w + 2 * lam * w, "average over the samples in the MSE part: (2/n) * X.T @ r, "
         "not a sum."),
        (mse_w + lam * np.sign(w), "lam * sign(w) is the L1 subgradient; ridge adds 2 * lam * w."),
        (mse_w, "the penalty's gradient 2 * lam * w is missing."),
    ]
    assert_close(grad_w, mse_w + 2 * lam * w, f"grad_w from {what}", diagnose(grad_w, variants_w, default),
                 rtol=1e-8, atol=1e-11)
    variants_b = [
        (mse_b + 2 * lam * b, "the intercept is not penalized, so grad_b has no 2 * lam * b term."),
        (mse_b + lam * b, "the intercept is not penalized, so grad_b has no lam * b term."),
        (-mse_b, "grad_b has the wrong sign: residuals are X @ w + b - y."),
        (0.5 * mse_b, "grad_b = (2/n) * sum(r): the factor 2 is missing."),
    ]
    assert_close(grad_b, mse_b, f"grad_b from {what}", diagnose(grad_b, variants_b, default),
                 rtol=1e-8, atol=1e-11)


def check_ridge_gradient_values(ridge_gradient: Callable) -> None:
    """``ridge_gradient`` returns ``(grad_w, grad_b)`` with the right values on the example."""
    _check_ridge_gradient_case(ridge_gradient, EXAMPLE, LAM_EXAMPLE)


def check_ridge_gradient_hidden(ridge_gradient: Callable) -> None:
    """Hidden cases, ``lam = 0``, a zero gradient at the exact ridge solution, pure inputs."""
    for case, lam in zip(_HIDDEN, _HIDDEN_LAMS):
        _check_ridge_gradient_case(ridge_gradient, case, lam)
    _check_ridge_gradient_case(ridge_gradient, _HIDDEN[2], 0.0)
    case, lam = _HIDDEN[3], _HIDDEN_LAMS[3]
    w, b = _ridge(case.X, case.y, lam)
    what = "ridge_gradient at the exact ridge solution of a hidden case"
    grad_w, grad_b = _pair(call(ridge_gradient, w, b, case.X.copy(), case.y.copy(), lam, what=what),
                           what, ("grad_w", "grad_b"), case.X.shape[1])
    hint = f"at the minimizer of the ridge loss both gradients vanish; {RIDGE_GRAD_FORMULA}."
    assert_close(grad_w, np.zeros_like(w), f"grad_w from {what}", hint, atol=1e-9)
    assert_close(grad_b, 0.0, f"grad_b from {what}", hint, atol=1e-9)
    _check_inputs_unchanged(ridge_gradient, "ridge_gradient", (case.w, case.b, case.X, case.y, 0.5),
                            ("w", "b", "X", "y", "lam"))


# ------------------------------------------------------------------------- ridge_closed_form


def _check_ridge_closed_form_case(ridge_closed_form: Callable, X, y, lam: float, label: str) -> None:
    what = f"ridge_closed_form(X, y, lam={fmt(lam)}) on {label}"
    w, b = _pair(call(ridge_closed_form, X.copy(), y.copy(), lam, what=what), what, ("w", "b"), X.shape[1])
    expected_w, expected_b = _ridge(X, y, lam)
    n = X.shape[0]
    candidates = []
    if lam > 0:
        candidates += [
            (_ridge(X, y, lam / n), "you solved (X.T X + lam I) w = X.T y, which minimizes the "
             "sum of squares plus lam |w|^2; for the mean squared error the matrix is X.T X + n * "
             "lam * I."),
            (_ridge(X, y, lam / 2), "the system is (Xc.T Xc + n * lam * I) w = Xc.T yc: the 2 from "
             "the MSE and the 2 from the penalty cancel, so no factor 1/2."),
            (_ridge(X, y, 2 * lam), "the system is (Xc.T Xc + n * lam * I) w = Xc.T yc: no factor 2 "
             "on lam."),
            (_ridge(X, y, n * lam), "the penalty term is n * lam * I, not n**2 * lam * I."),
            (_ridge(X, y, 0.0), "lam was ignored: that is the least-squares fit."),
        ]
    candidates += [
        (_ridge_penalized_intercept(X, y, lam), "you penalized the intercept (a column of ones "
         "inside the penalty): centre X and y instead, so that b is free, then b = y.mean() - "
         "X.mean(axis=0) @ w."),
        (_ridge_no_intercept(X, y, lam), "the intercept is missing: centre X and y (then b = "
         "y.mean() - X.mean(axis=0) @ w)."),
    ]
    default = f"the exact minimizer: {CLOSED_FORM}."
    for part, got in ((0, w), (1, b)):
        hint = diagnose(got, [(value[part], text) for value, text in candidates], default, rtol=1e-6)
        name = "w" if part == 0 else "b"
        assert_close(got, (expected_w, expected_b)[part], f"{name} from {what}", hint, rtol=1e-6, atol=1e-9)


def check_ridge_closed_form_values(ridge_closed_form: Callable) -> None:
    """``ridge_closed_form`` on the example with ``lam_example`` returns the exact minimizer."""
    _check_ridge_closed_form_case(ridge_closed_form, EXAMPLE.X, EXAMPLE.y, LAM_EXAMPLE,
                                  "the example (X_example, y_example)")


def check_ridge_closed_form_hidden(ridge_closed_form: Callable) -> None:
    """Hidden cases, ``lam = 0`` (least squares), a huge ``lam`` (``w`` near 0, ``b`` near
    ``mean(y)``), one feature, shifted features; inputs not modified."""
    for case, lam in zip(_HIDDEN, _HIDDEN_LAMS):
        _check_ridge_closed_form_case(ridge_closed_form, case.X, case.y, lam, case.label)
    case = _HIDDEN[0]
    _check_ridge_closed_form_case(ridge_closed_form, case.X, case.y, 0.0, case.label)
    _check_ridge_closed_form_case(ridge_closed_form, case.X, case.y, 1e6, case.label)
    case = _HIDDEN[3]
    _check_inputs_unchanged(ridge_closed_form, "ridge_closed_form", (case.X, case.y, 0.5), ("X", "y", "lam"))


# ------------------------------------------------------------------------------ soft_threshold


def _check_soft_case(soft_threshold: Callable, z: np.ndarray, t: float, label: str) -> None:
    what = f"soft_threshold(z, t={fmt(t)}) with z = {fmt(z)}{label}"
    got = to_array(call(soft_threshold, z.copy(), t, what=what), what, z.shape, "the same shape as z")
    expected = _soft(z, t)
    variants = [
        (np.maximum(z - t, 0.0), "negative entries must shrink towards 0 too: use sign(z) * "
         "max(|z| - t, 0), not max(z - t, 0)."),
        (z - t * np.sign(z), "entries with |z| <= t must become exactly 0: the max(..., 0) is "
         "missing."),
        (z * (np.abs(z) > t), "that is hard thresholding (keep or zero); soft thresholding also "
         "shrinks the kept entries by t."),
        (np.clip(z, -t, t), "clipping to [-t, t] is not soft thresholding: sign(z) * max(|z| - "
         "t, 0)."),
        (z - t, "subtract t from |z|, not from z: sign(z) * max(|z| - t, 0)."),
        (np.maximum(np.abs(z) - t, 0.0), "the sign of z was lost: multiply by sign(z)."),
    ]
    hint = diagnose(got, variants, f"compare your code with {SOFT_FORMULA}.")
    assert_close(got, expected, what, hint, rtol=1e-12, atol=1e-14)


def check_soft_threshold_values(soft_threshold: Callable) -> None:
    """``soft_threshold(z_example, t_example)``: shrink by ``t``, exact zeros inside ``[-t, t]``."""
    _check_soft_case(soft_threshold, Z_EXAMPLE, T_EXAMPLE, "")


def check_soft_threshold_hidden(soft_threshold: Callable) -> None:
    """A 2-D ``z`` keeps its shape, ``t = 0`` changes nothing, a large ``t`` gives all zeros, a
    single entry; ``z`` is not modified."""
    rng = np.random.default_rng(25)
    z2 = rng.normal(scale=2.0, size=(4, 3))
    _check_soft_case(soft_threshold, z2, 0.75, " (hidden 2-D case)")
    _check_soft_case(soft_threshold, np.array([-1.5, 0.5, 2.0]), 0.0, " (hidden case)")
    _check_soft_case(soft_threshold, np.array([-1.5, 0.5, 2.0]), 10.0, " (hidden case)")
    _check_soft_case(soft_threshold, np.array([-4.0]), 1.5, " (hidden case)")
    _check_inputs_unchanged(soft_threshold, "soft_threshold", (z2, 0.75), ("z", "t"))


# ---------------------------------------------------------------------------------- lasso_ista


def _lasso_candidates(X, y, lam) -> list[tuple[tuple[np.ndarray, float], str]]:
    candidates = [
        (_lasso_penalized_intercept(X, y, lam), "b was soft-thresholded too: the intercept is not "
         "penalized, so update it with a plain gradient step."),
        (_lasso_no_intercept(X, y, lam), "the intercept is missing: fit b with a plain gradient "
         "step (or centre the data and set b = y.mean() - X.mean(axis=0) @ w)."),
    ]
    if lam > 0:
        candidates += [
            (_lasso(X, y, 2 * lam), "your fit matches the lasso with 2 * lam: the MSE gradient "
             "lacks its factor 2 ((2/n) * X.T @ r)."),
            (_lasso(X, y, lam / 2), "your fit matches the lasso with lam / 2: the threshold is "
             "learning_rate * lam, without a factor 1/2."),
            (_lasso(X, y, 0.0), "lam was ignored: that is the least-squares fit."),
            (_ridge(X, y, lam), "that is the ridge solution: the lasso step applies "
             "soft_threshold with threshold learning_rate * lam."),
        ]
        for L in _lipschitz_values(X):
            candidates.append((_lasso(X, y, lam * L), "the threshold must be learning_rate * lam "
                               "(the step size times lam), not lam."))
    return candidates


def _call_lasso(lasso_ista: Callable, X, y, lam, label, **kwargs) -> tuple[tuple[np.ndarray, float], str]:
    shown = "".join(f", {k}={fmt(v)}" for k, v in kwargs.items())
    what = f"lasso_ista(X, y, lam={fmt(lam)}{shown}) on {label}"
    result = call(lasso_ista, X.copy(), y.copy(), lam, what=what, **kwargs)
    return _pair(result, what, ("w", "b"), X.shape[1]), what


def _check_lasso_case(lasso_ista: Callable, X, y, lam: float, label: str, **kwargs) -> None:
    (w, b), what = _call_lasso(lasso_ista, X, y, lam, label, **kwargs)
    expected_w, expected_b = _lasso(X, y, lam)
    default = f"after n_steps steps the result should be the lasso minimizer; {ISTA_FORMULA}."
    candidates = _lasso_candidates(X, y, lam)
    zero = expected_w == 0.0
    if np.any(zero) and np.all(w[zero] != 0.0):
        default = ("the lasso sets some weights exactly to 0 and yours are all nonzero: apply "
                   "soft_threshold(w - eta * grad_w, eta * lam) at every step instead of a "
                   "subgradient step with lam * sign(w).")
    for part, got in ((0, w), (1, b)):
        hint = diagnose(got, [(value[part], text) for value, text in candidates], default, rtol=1e-5, atol=1e-7)
        name = "w" if part == 0 else "b"
        assert_close(got, (expected_w, expected_b)[part], f"{name} from {what}", hint, rtol=1e-5, atol=1e-6)


def check_lasso_ista_values(lasso_ista: Callable) -> None:
    """``lasso_ista`` on the example with ``lam_example`` and the default step reaches the lasso
    minimizer (the same as scikit-learn's ``Lasso(alpha=lam / 2)``)."""
    _check_lasso_case(lasso_ista, EXAMPLE.X, EXAMPLE.y, LAM_EXAMPLE, "the example (X_example, y_example)")


def _sparse_problem() -> tuple[np.ndarray, np.ndarray, float]:
    """Five features of which only two matter, and a lam that zeroes the other three."""
    rng = np.random.default_rng(26)
    X = rng.normal(size=(50, 5))
    y = 3.0 * X[:, 0] - 2.0 * X[:, 3] + 4.0 + 0.1 * rng.normal(size=50)
    return X, y, 0.2


def check_lasso_ista_sparsity(lasso_ista: Callable) -> None:
    """Weights that the lasso sets to zero come out as exact zeros (soft thresholding), and a
    large ``lam`` gives ``w = 0`` and ``b = mean(y)``."""
    X, y, lam = _sparse_problem()
    label = "data where only features 0 and 3 matter"
    _check_lasso_case(lasso_ista, X, y, lam, label)
    (w, _), what = _call_lasso(lasso_ista, X, y, lam, label)
    expected_w, _ = _lasso(X, y, lam)
    zero = expected_w == 0.0
    if np.any(w[zero] != 0.0):
        fail(f"w from {what} should have exact zeros at indices {fmt(np.flatnonzero(zero))}; got "
             f"{fmt(w[zero])} there.",
             "apply soft_threshold(w - eta * grad_w, eta * lam) at every step; a subgradient step "
             "with lam * sign(w) only makes weights small, never exactly 0.")
    lam_big = 50.0
    (w, b), what = _call_lasso(lasso_ista, X, y, lam_big, label)
    hint = (f"a lam this large sets every weight to exactly 0, and the best intercept is then "
            f"mean(y); {ISTA_FORMULA}.")
    if np.any(w != 0.0):
        fail(f"w from {what} should be exactly zero; got {fmt(w)}.", hint)
    assert_close(b, float(np.mean(y)), f"b from {what}", hint, rtol=1e-6, atol=1e-6)


def check_lasso_ista_hidden(lasso_ista: Callable) -> None:
    """Hidden cases, ``lam = 0`` (least squares), one feature, a given ``learning_rate``; the
    arguments ``learning_rate`` and ``n_steps`` are honoured; inputs not modified."""
    for index in (0, 2):
        case = _HIDDEN[index]
        _check_lasso_case(lasso_ista, case.X, case.y, _HIDDEN_LAMS[index], case.label)
    case = _HIDDEN[0]
    _check_lasso_case(lasso_ista, case.X, case.y, 0.0, case.label)
    L = max(_lipschitz_values(case.X))
    _check_lasso_case(lasso_ista, case.X, case.y, 0.1, case.label, learning_rate=0.5 / L, n_steps=3000)
    # A tiny step, or a single step, cannot reach the minimizer: the arguments must be used.
    expected_w, _ = _lasso(case.X, case.y, 0.1)
    (w, _), what = _call_lasso(lasso_ista, case.X, case.y, 0.1, case.label, learning_rate=1e-7 / L,
                               n_steps=1000)
    if close(w, expected_w, rtol=1e-3, atol=1e-3):
        fail(f"w from {what} already equals the minimizer {fmt(expected_w)}, which 1000 steps this "
             "small cannot reach.", "learning_rate was ignored: use the argument when it is given "
             "(1 / L only when it is None).")
    (w, _), what = _call_lasso(lasso_ista, case.X, case.y, 0.1, case.label, n_steps=1)
    if close(w, expected_w, rtol=1e-3, atol=1e-3):
        fail(f"w from {what} already equals the minimizer {fmt(expected_w)}, which one step "
             "cannot reach.", "n_steps was ignored: take exactly n_steps proximal gradient steps.")
    case = _HIDDEN[3]
    _check_inputs_unchanged(lasso_ista, "lasso_ista", (case.X, case.y, 0.1), ("X", "y", "lam"))


#: The checks of each contract function, in the order the notebook's test cells call them.
CHECKS: dict[str, tuple[Callable[[Callable], None], ...]] = {
    "l2_penalty": (check_l2_penalty_values, check_l2_penalty_hidden),
    "l1_penalty": (check_l1_penalty_values, check_l1_penalty_hidden),
    "ridge_loss": (check_ridge_loss_values, check_ridge_loss_hidden),
    "ridge_gradient": (check_ridge_gradient_values, check_ridge_gradient_hidden),
    "ridge_closed_form": (check_ridge_closed_form_values, check_ridge_closed_form_hidden),
    "soft_threshold": (check_soft_threshold_values, check_soft_threshold_hidden),
    "lasso_ista": (check_lasso_ista_values, check_lasso_ista_sparsity, check_lasso_ista_hidden),
}
