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

Each ``check_*`` takes the student's function, calls it on a few inputs of different shapes and
fails with one paragraph ending in ``Hint: ...`` when the behaviour is wrong. A hint names a
cause only when a mistake of ``mistakes.py`` reproduces the student's results on every input of
the check (:mod:`paramcourse.grading.diagnosis`); otherwise it says what was observed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from paramcourse.grading.bundle import mistakes_beside
from paramcourse.grading.casedata import Regression, make_regression
from paramcourse.grading.compare import (
    call,
    check_cases,
    check_pure,
    close,
    fail,
    fmt,
    to_array,
    to_float,
)
from paramcourse.grading.diagnosis import Case, explain

MISTAKES = mistakes_beside(__file__)

#: The notebook's worked example (``X_example``, ``y_example``, ``w_example``, ``b_example``);
#: the targets have a large mean, so that a penalized intercept is easy to tell apart.
EXAMPLE = Regression(
    X=np.array([[1.0, 0.5], [-0.5, 1.5], [0.0, -1.0], [1.5, 0.0], [-1.0, -0.5], [-1.0, 0.5]]),
    y=np.array([4.5, 3.0, 1.5, 5.0, 1.0, 2.5]),
    w=np.array([0.8, -0.3]),
    b=0.5,
    label="the example (X_example, y_example, w_example, b_example)",
)
#: The notebook's ``lam_example``, ``z_example`` and ``t_example``.
LAM_EXAMPLE = 0.1
Z_EXAMPLE = np.array([-2.0, -0.5, -0.2, 0.0, 0.3, 1.5])
T_EXAMPLE = 0.5

#: A second visible input of another shape: a cause is named only when it explains both.
SECOND = make_regression(7, 8, 3, "a second visible case with n=8 samples and d=3 features", offset=1.0)
LAM_SECOND = 0.2
VISIBLE = ((EXAMPLE, LAM_EXAMPLE), (SECOND, LAM_SECOND))

#: Weights and penalty strengths of the visible penalty checks: ``w_example`` and another.
PENALTY_VISIBLE = ((np.array([1.0, -2.5, 0.5]), 0.5), (EXAMPLE.w, LAM_EXAMPLE))
#: The soft threshold's visible inputs: ``(z_example, t_example)`` and another.
SOFT_VISIBLE = ((Z_EXAMPLE, T_EXAMPLE), (np.array([0.75, -3.0, 0.1, -0.2]), 0.25))

L2_FORMULA = "l2_penalty(w, lam) = lam * sum(w**2)"
L1_FORMULA = "l1_penalty(w, lam) = lam * sum(abs(w))"
RIDGE_FORMULA = "ridge_loss = (1/n) * sum((X @ w + b - y)**2) + lam * sum(w**2), with b not penalized"
RIDGE_GRAD_FORMULA = (
    "grad_w = (2/n) * X.T @ r + 2 * lam * w and grad_b = (2/n) * sum(r), with r = X @ w + b - y "
    "(the intercept is not penalized)"
)
CLOSED_FORM = (
    "the exact minimizer: centre the data (Xc = X - X.mean(axis=0), yc = y - y.mean()), solve "
    "(Xc.T @ Xc + n * lam * I) w = Xc.T @ yc, then b = y.mean() - X.mean(axis=0) @ w"
)
SOFT_FORMULA = "soft_threshold(z, t) = sign(z) * max(|z| - t, 0), elementwise"
ISTA_STEP = (
    "ISTA: w = soft_threshold(w - eta * grad_w, eta * lam) and b = b - eta * grad_b at each step (a "
    "gradient step on the MSE; b is never thresholded), from w = 0 and b = 0, with eta = learning_rate, "
    "or eta = 1/L when it is None, where L = (2/n) * the largest eigenvalue of A.T @ A for A = [X, 1] "
    "(or of Xc.T @ Xc if you centre the data)"
)
ISTA_FORMULA = f"{ISTA_STEP}; after these step counts it has reached the lasso minimizer"
POINT_ARGS = ("w", "b", "X", "y", "lam")
FIT_ARGS = ("X", "y", "lam")

# ------------------------------------------------------------------------------- references


def _mse(w, b, X, y) -> float:
    return float(np.mean((X @ w + b - y) ** 2))


def _ridge_loss(w, b, X, y, lam) -> float:
    return _mse(w, b, X, y) + lam * float(np.sum(w**2))


def _ridge_grad(w, b, X, y, lam) -> dict[str, object]:
    r = X @ w + b - y
    n = X.shape[0]
    return {"grad_w": 2.0 / n * (X.T @ r) + 2.0 * lam * w, "grad_b": float(2.0 / n * np.sum(r))}


def _ridge(X: np.ndarray, y: np.ndarray, lam: float) -> dict[str, object]:
    """Exact minimizer of MSE + lam * |w|^2 with a free intercept (least squares when lam = 0)."""
    n = X.shape[0]
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    if lam == 0:
        w = np.linalg.lstsq(Xc, yc, rcond=None)[0]
    else:
        w = np.linalg.solve(Xc.T @ Xc + n * lam * np.eye(X.shape[1]), Xc.T @ yc)
    return {"w": w, "b": float(y_mean - x_mean @ w)}


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


def _lasso(X: np.ndarray, y: np.ndarray, lam: float) -> dict[str, object]:
    """Exact lasso minimizer with a free intercept (centring removes b from the problem)."""
    x_mean, y_mean = X.mean(axis=0), y.mean()
    w = _lasso_cd(X - x_mean, y - y_mean, np.full(X.shape[1], lam))
    return {"w": w, "b": float(y_mean - x_mean @ w)}


def _lipschitz(X: np.ndarray) -> float:
    """The larger of the Lipschitz constants a student may use: of the joint (w, b) gradient and
    of the centred one."""
    n = X.shape[0]
    A = np.column_stack([X, np.ones(n)])
    Xc = X - X.mean(axis=0)
    return max(2.0 / n * float(np.linalg.eigvalsh(A.T @ A)[-1]), 2.0 / n * float(np.linalg.eigvalsh(Xc.T @ Xc)[-1]))


# ---------------------------------------------------------------------------------- helpers


def _pair_converter(names: tuple[str, str], x_position: int) -> Callable[[object, Case, str], dict[str, object]]:
    """A converter of a returned pair (``names``): an array with one entry per column of ``X``
    (found at ``case.args[x_position]``) and a number."""

    def convert(result: object, case: Case, what: str) -> dict[str, object]:
        if type(result) not in (tuple, list) or len(result) != 2:
            fail(f"{what} should return a pair ({names[0]}, {names[1]}); got {fmt(result)}.",
                 f"end with return {names[0]}, {names[1]}.")
        d = case.args[x_position].shape[1]
        return {
            names[0]: to_array(result[0], f"{names[0]} from {what}", (d,), f"one entry per column of X, d = {d}"),
            names[1]: to_float(result[1], f"{names[1]} from {what}"),
        }

    return convert


_convert_gradient = _pair_converter(("grad_w", "grad_b"), 2)
_convert_fit = _pair_converter(("w", "b"), 0)


def _point_case(case: Regression, lam: float) -> Case:
    """``f(w, b, X, y, lam)`` on a regression problem."""
    return Case(f"{case.label}, lam={fmt(lam)}", (case.w, case.b, case.X, case.y, lam))


def _fit_case(X: np.ndarray, y: np.ndarray, lam: float, label: str, name: str, **kwargs: object) -> Case:
    """``f(X, y, lam, **kwargs)``, labelled with the call."""
    shown = "".join(f", {k}={fmt(v)}" for k, v in kwargs.items())
    return Case(f"{label}, called as {name}(X, y, lam={fmt(lam)}{shown})", (X, y, lam), dict(kwargs))


def _fit_label(case: Regression) -> str:
    """How a visible case is named where only ``X`` and ``y`` are passed."""
    return "the example (X_example, y_example)" if case is EXAMPLE else case.label


def _penalty_case(w: np.ndarray, lam: float, note: str = "") -> Case:
    return Case(f"w = {fmt(w)}, lam = {fmt(lam)}{note}", (w, lam))


def _soft_case(z: np.ndarray, t: float, note: str = "") -> Case:
    return Case(f"z = {fmt(z)}, t = {fmt(t)}{note}", (z, t))


def _l2(case: Case) -> float:
    w, lam = case.args
    return lam * float(np.sum(w**2))


def _l1(case: Case) -> float:
    w, lam = case.args
    return lam * float(np.sum(np.abs(w)))


def _convert_soft(result: object, case: Case, what: str) -> np.ndarray:
    z = case.args[0]
    return to_array(result, what, z.shape, "the same shape as z")


def _lasso_reference(case: Case) -> dict[str, object]:
    X, y, lam = case.args
    return _lasso(X, y, lam)


def _check_lasso(lasso_ista: Callable, cases: Sequence[Case]) -> None:
    check_cases(lasso_ista, "lasso_ista", cases, _lasso_reference, formula=ISTA_FORMULA,
                catalogue=MISTAKES, convert=_convert_fit, rtol=1e-5, atol=1e-6)


def _lasso_outputs(lasso_ista: Callable, cases: Sequence[Case]) -> list[dict[str, object]]:
    """The student's converted results on ``cases`` (every case is called first)."""
    raw = []
    for case in cases:
        args, kwargs = case.fresh()
        raw.append(call(lasso_ista, *args, what=f"lasso_ista on {case.label}", **kwargs))
    return [_convert_fit(result, case, f"lasso_ista on {case.label}") for result, case in zip(raw, cases)]


# -------------------------------------------------------------------------------- penalties


def check_l2_penalty_values(l2_penalty: Callable) -> None:
    """``l2_penalty`` on two visible weight vectors (``w_example`` among them), as a single number."""
    check_cases(l2_penalty, "l2_penalty", [_penalty_case(w, lam) for w, lam in PENALTY_VISIBLE], _l2,
                formula=L2_FORMULA, catalogue=MISTAKES, rtol=1e-9, atol=1e-14)


def check_l1_penalty_values(l1_penalty: Callable) -> None:
    """``l1_penalty`` on two visible weight vectors (with negative weights), as a single number."""
    check_cases(l1_penalty, "l1_penalty", [_penalty_case(w, lam) for w, lam in PENALTY_VISIBLE], _l1,
                formula=L1_FORMULA, catalogue=MISTAKES, rtol=1e-9, atol=1e-14)


# ------------------------------------------------------------------------------- ridge_loss


def check_ridge_loss_values(ridge_loss: Callable) -> None:
    """``ridge_loss`` on the example with ``lam_example`` and on a second visible case."""
    check_cases(ridge_loss, "ridge_loss", [_point_case(c, lam) for c, lam in VISIBLE],
                lambda c: _ridge_loss(*c.args), formula=RIDGE_FORMULA, catalogue=MISTAKES,
                rtol=1e-9, atol=1e-12)


# --------------------------------------------------------------------------- ridge_gradient


def check_ridge_gradient_values(ridge_gradient: Callable) -> None:
    """``ridge_gradient`` returns ``(grad_w, grad_b)`` with the right shapes and values on the
    example and on a second visible case."""
    check_cases(ridge_gradient, "ridge_gradient", [_point_case(c, lam) for c, lam in VISIBLE],
                lambda c: _ridge_grad(*c.args), formula=RIDGE_GRAD_FORMULA, catalogue=MISTAKES,
                convert=_convert_gradient, rtol=1e-8, atol=1e-11)


# ------------------------------------------------------------------------ ridge_closed_form


def _ridge_reference(case: Case) -> dict[str, object]:
    return _ridge(*case.args)


def _check_ridge_closed_form(ridge_closed_form: Callable, cases: Sequence[Case]) -> None:
    check_cases(ridge_closed_form, "ridge_closed_form", cases, _ridge_reference, formula=CLOSED_FORM,
                catalogue=MISTAKES, convert=_convert_fit, rtol=1e-6, atol=1e-9)


def check_ridge_closed_form_values(ridge_closed_form: Callable) -> None:
    """``ridge_closed_form`` returns the exact minimizer on the example with ``lam_example`` and
    on a second visible case."""
    _check_ridge_closed_form(ridge_closed_form, [_fit_case(c.X, c.y, lam, _fit_label(c), "ridge_closed_form")
                                                 for c, lam in VISIBLE])


# ---------------------------------------------------------------------------- soft_threshold


def _check_soft(soft_threshold: Callable, cases: Sequence[Case]) -> None:
    check_cases(soft_threshold, "soft_threshold", cases, lambda c: _soft(*c.args), formula=SOFT_FORMULA,
                catalogue=MISTAKES, convert=_convert_soft, rtol=1e-12, atol=1e-14)


def check_soft_threshold_values(soft_threshold: Callable) -> None:
    """``soft_threshold(z_example, t_example)`` and a second visible ``z``: shrink by ``t``, exact
    zeros inside ``[-t, t]``."""
    _check_soft(soft_threshold, [_soft_case(z, t) for z, t in SOFT_VISIBLE])


# -------------------------------------------------------------------------------- lasso_ista


def check_lasso_ista_values(lasso_ista: Callable) -> None:
    """``lasso_ista`` with the default step reaches the lasso minimizer (the same as
    scikit-learn's ``Lasso(alpha=lam / 2)``) on the example with ``lam_example`` and on a second
    visible case."""
    _check_lasso(lasso_ista, [_fit_case(c.X, c.y, lam, _fit_label(c), "lasso_ista") for c, lam in VISIBLE])


def _sparse_problem(seed: int, n: int, d: int, label: str) -> Regression:
    """Data where only features 0 and d - 1 matter (``w`` and ``b`` are unused)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = 3.0 * X[:, 0] - 2.0 * X[:, -1] + 4.0 + 0.1 * rng.normal(size=n)
    return Regression(X, y, np.zeros(d), 0.0, label)


SPARSE = (
    _sparse_problem(26, 50, 5, "data where only features 0 and 4 of 5 matter (n=50)"),
    _sparse_problem(27, 30, 4, "data where only features 0 and 3 of 4 matter (n=30)"),
)
LAM_SPARSE = 0.2
LAM_HUGE = 50.0


def check_lasso_ista_sparsity(lasso_ista: Callable) -> None:
    """Weights that the lasso sets to zero come out as exact zeros (soft thresholding), and a
    large ``lam`` gives ``w = 0`` and ``b = mean(y)``."""
    cases = [_fit_case(c.X, c.y, lam, c.label, "lasso_ista") for lam in (LAM_SPARSE, LAM_HUGE) for c in SPARSE]
    _check_lasso(lasso_ista, cases)
    # Close is not enough here: the minimizer has exact zeros, and soft thresholding gives them.
    for case, got in zip(cases, _lasso_outputs(lasso_ista, cases)):
        zero = _lasso_reference(case)["w"] == 0.0
        if np.any(got["w"][zero] != 0.0):
            fail(f"w from lasso_ista on {case.label} should be exactly 0 at the indices {fmt(np.flatnonzero(zero))} "
                 f"(the lasso minimizer is 0 there); got {fmt(got['w'][zero], 17)} there.",
                 "the soft threshold sets every entry with |z| <= t to exactly 0.0, so ISTA's weights "
                 f"are exact zeros there, not just small; compare your code with {ISTA_STEP}.")


### BEGIN HIDDEN CHECKS
# Hidden cases: a generic one, one sample, one feature, a taller problem with shifted features.
_HIDDEN = (
    make_regression(21, 12, 3, "a hidden case with n=12, d=3"),
    make_regression(22, 1, 2, "a hidden case with one sample (n=1, d=2)"),
    make_regression(23, 15, 1, "a hidden case with one feature (n=15, d=1)"),
    make_regression(24, 40, 4, "a hidden case with n=40, d=4 and shifted features", offset=1.5),
)
_HIDDEN_LAMS = (0.3, 0.05, 1.0, 0.02)
_PENALTY_HIDDEN = (
    (np.array([1.5, -2.0, 0.0, 0.25]), 0.7),
    (np.array([-3.0]), 2.0),
    (np.array([0.4, -1.1, 2.2]), 0.0),
    (np.array([-0.5, -0.25, 1.75, -1.0, 0.3]), 1.0),
)


def _penalty_hidden_cases() -> list[Case]:
    return [_penalty_case(w, lam, " (hidden case)") for w, lam in _PENALTY_HIDDEN]


def check_l2_penalty_hidden(l2_penalty: Callable) -> None:
    """Hidden weights: one weight, ``lam = 0``, negative weights; ``w`` is not modified."""
    cases = _penalty_hidden_cases()
    check_cases(l2_penalty, "l2_penalty", cases, _l2, formula=L2_FORMULA, catalogue=MISTAKES, rtol=1e-9, atol=1e-14)
    check_pure(l2_penalty, "l2_penalty", cases[:2], ("w", "lam"), MISTAKES)


def check_l1_penalty_hidden(l1_penalty: Callable) -> None:
    """Hidden weights: one weight, ``lam = 0``, mostly negative weights; ``w`` is not modified."""
    cases = _penalty_hidden_cases()
    check_cases(l1_penalty, "l1_penalty", cases, _l1, formula=L1_FORMULA, catalogue=MISTAKES, rtol=1e-9, atol=1e-14)
    check_pure(l1_penalty, "l1_penalty", cases[:2], ("w", "lam"), MISTAKES)


def check_ridge_loss_hidden(ridge_loss: Callable) -> None:
    """Hidden cases (one sample, one feature, ``lam = 0`` gives the MSE); inputs not modified."""
    cases = [_point_case(c, lam) for c, lam in zip(_HIDDEN, _HIDDEN_LAMS)] + [_point_case(_HIDDEN[0], 0.0)]
    check_cases(ridge_loss, "ridge_loss", cases, lambda c: _ridge_loss(*c.args), formula=RIDGE_FORMULA,
                catalogue=MISTAKES, rtol=1e-9, atol=1e-12)
    check_pure(ridge_loss, "ridge_loss", [_point_case(_HIDDEN[3], 0.5), _point_case(_HIDDEN[2], 0.5)],
               POINT_ARGS, MISTAKES)


def check_ridge_gradient_hidden(ridge_gradient: Callable) -> None:
    """Hidden cases, ``lam = 0``, a zero gradient at the exact ridge solution, pure inputs."""
    cases = [_point_case(c, lam) for c, lam in zip(_HIDDEN, _HIDDEN_LAMS)] + [_point_case(_HIDDEN[2], 0.0)]
    check_cases(ridge_gradient, "ridge_gradient", cases, lambda c: _ridge_grad(*c.args),
                formula=RIDGE_GRAD_FORMULA, catalogue=MISTAKES, convert=_convert_gradient, rtol=1e-8, atol=1e-11)
    # Both gradients vanish at the exact ridge solution (the minimizer of the ridge loss).
    fits = []
    for index in (3, 0):
        case, lam = _HIDDEN[index], _HIDDEN_LAMS[index]
        solution = _ridge(case.X, case.y, lam)
        fits.append(Case(f"the exact ridge solution of {case.label}, lam={fmt(lam)}",
                         (solution["w"], solution["b"], case.X, case.y, lam)))
    check_cases(ridge_gradient, "ridge_gradient", fits, lambda c: _ridge_grad(*c.args),
                formula=f"at the minimizer of the ridge loss both gradients are zero; {RIDGE_GRAD_FORMULA}",
                catalogue=MISTAKES, convert=_convert_gradient, atol=1e-9)
    check_pure(ridge_gradient, "ridge_gradient", [_point_case(_HIDDEN[3], 0.5), _point_case(_HIDDEN[2], 0.5)],
               POINT_ARGS, MISTAKES)


def check_ridge_closed_form_hidden(ridge_closed_form: Callable) -> None:
    """Hidden cases, ``lam = 0`` (least squares), a huge ``lam`` (``w`` near 0, ``b`` near
    ``mean(y)``), one sample, one feature, shifted features; inputs not modified."""
    cases = [_fit_case(c.X, c.y, lam, c.label, "ridge_closed_form") for c, lam in zip(_HIDDEN, _HIDDEN_LAMS)]
    case = _HIDDEN[0]
    cases += [_fit_case(case.X, case.y, lam, case.label, "ridge_closed_form") for lam in (0.0, 1e6)]
    _check_ridge_closed_form(ridge_closed_form, cases)
    check_pure(ridge_closed_form, "ridge_closed_form",
               [_fit_case(c.X, c.y, 0.5, c.label, "ridge_closed_form") for c in (_HIDDEN[3], _HIDDEN[2])],
               FIT_ARGS, MISTAKES)


def check_soft_threshold_hidden(soft_threshold: Callable) -> None:
    """A 2-D ``z`` keeps its shape, ``t = 0`` changes nothing, a large ``t`` gives all zeros, a
    single entry; ``z`` is not modified."""
    z2 = np.random.default_rng(25).normal(scale=2.0, size=(4, 3))
    z3 = np.array([-1.5, 0.5, 2.0])
    cases = [
        _soft_case(z2, 0.75, " (hidden 2-D case)"),
        _soft_case(z3, 0.0, " (hidden case)"),
        _soft_case(z3, 10.0, " (hidden case)"),
        _soft_case(np.array([-4.0]), 1.5, " (hidden case)"),
    ]
    _check_soft(soft_threshold, cases)
    check_pure(soft_threshold, "soft_threshold", [cases[0], _soft_case(z3, 0.75, " (hidden case)")],
               ("z", "t"), MISTAKES)


def _honours(lasso_ista: Callable, cases: Sequence[Case], budget: str) -> None:
    """Fail when ``lasso_ista`` reaches the minimizer on any of ``cases``, which ``budget``
    cannot reach from the start ``w = 0``. A catalogued mistake is named when it reproduces the
    results on every case."""
    raw = []
    for case in cases:
        args, kwargs = case.fresh()
        raw.append(call(lasso_ista, *args, what=f"lasso_ista on {case.label}", **kwargs))
    for case, result in zip(cases, raw):
        got = _convert_fit(result, case, f"lasso_ista on {case.label}")
        expected = _lasso_reference(case)["w"]
        if close(got["w"], expected, rtol=1e-3, atol=1e-3):
            cause = explain(cases, raw, MISTAKES, "lasso_ista")
            fail(f"w from lasso_ista on {case.label} already equals the minimizer {fmt(expected)}, which "
                 f"{budget} cannot reach.",
                 cause.hint if cause else f"{budget} should leave w far from the minimizer (it starts "
                 f"at w = 0); compare your code with {ISTA_STEP}.",
                 cause=cause.name if cause else None)


def check_lasso_ista_hidden(lasso_ista: Callable) -> None:
    """Hidden cases, ``lam = 0`` (least squares), one feature, a given ``learning_rate``; the
    arguments ``learning_rate`` and ``n_steps`` are honoured; inputs not modified."""
    first, single = _HIDDEN[0], _HIDDEN[2]
    L = _lipschitz(first.X)
    cases = [_fit_case(c.X, c.y, _HIDDEN_LAMS[i], c.label, "lasso_ista") for i, c in ((0, first), (2, single))]
    cases += [
        _fit_case(first.X, first.y, 0.0, first.label, "lasso_ista"),
        _fit_case(first.X, first.y, 0.1, first.label, "lasso_ista", learning_rate=0.5 / L, n_steps=3000),
    ]
    _check_lasso(lasso_ista, cases)
    # A tiny step, or a single step, cannot reach the minimizer: the arguments must be used. (Not
    # on one feature: there one step of 1/L on centred data lands exactly on the minimizer.)
    _honours(lasso_ista, [_fit_case(c.X, c.y, 0.1, c.label, "lasso_ista", learning_rate=1e-7 / _lipschitz(c.X),
                                    n_steps=1000) for c in (first, _HIDDEN[3])],
             "1000 steps this small")
    _honours(lasso_ista, [_fit_case(c.X, c.y, 0.1, c.label, "lasso_ista", n_steps=1) for c in (first, _HIDDEN[3])],
             "one step")
    check_pure(lasso_ista, "lasso_ista",
               [_fit_case(c.X, c.y, 0.1, c.label, "lasso_ista") for c in (_HIDDEN[3], single)], FIT_ARGS, MISTAKES)
### END HIDDEN CHECKS


#: The checks of each contract function, in the order the notebook's test cells call them.
CHECKS: dict[str, tuple[str, ...]] = {
    "l2_penalty": ("check_l2_penalty_values", "check_l2_penalty_hidden"),
    "l1_penalty": ("check_l1_penalty_values", "check_l1_penalty_hidden"),
    "ridge_loss": ("check_ridge_loss_values", "check_ridge_loss_hidden"),
    "ridge_gradient": ("check_ridge_gradient_values", "check_ridge_gradient_hidden"),
    "ridge_closed_form": ("check_ridge_closed_form_values", "check_ridge_closed_form_hidden"),
    "soft_threshold": ("check_soft_threshold_values", "check_soft_threshold_hidden"),
    "lasso_ista": ("check_lasso_ista_values", "check_lasso_ista_sparsity", "check_lasso_ista_hidden"),
}
