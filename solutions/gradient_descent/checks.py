r"""Checks of the ``gradient_descent`` assignment: ``mse_loss``, ``mse_gradient``, ``gradient_descent``.

Contract (design.md): ``MSE(w, b) = (1/n) * sum_i (X[i] @ w + b - y[i])**2`` (no factor 1/2),
its gradient ``grad_w = (2/n) X^T r``, ``grad_b = (2/n) sum_i r_i`` with ``r = X w + b - y``, and
full-batch gradient descent whose ``losses`` list has ``n_steps + 1`` entries.

Each ``check_*`` takes the student's function, calls it on a few inputs of different shapes and
fails with one paragraph ending in ``Hint: ...`` when the behaviour is wrong. A hint names a
cause only when a mistake of ``mistakes.py`` reproduces the student's results on every input of
the check (:mod:`paramcourse.grading.diagnosis`); otherwise it says what was observed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from paramcourse.grading.bundle import mistakes_beside
from paramcourse.grading.casedata import Regression, make_regression
from paramcourse.grading.compare import (
    assert_close,
    call,
    check_cases,
    check_pure,
    fail,
    fmt,
    to_array,
    to_float,
)
from paramcourse.grading.diagnosis import Case

MISTAKES = mistakes_beside(__file__)

#: The worked example of the notebook (``X_example``, ``y_example``, ``w_example``, ``b_example``).
EXAMPLE = Regression(
    X=np.array([[0.5, 1.0], [-1.0, 0.5], [1.5, -0.5], [0.0, -1.0]]),
    y=np.array([2.0, -0.5, 1.0, -1.5]),
    w=np.array([1.0, -0.5]),
    b=0.5,
    label="the example (X_example, y_example, w_example, b_example)",
)
#: A second visible input of another shape: a cause is named only when it explains both.
SECOND = make_regression(5, 3, 3, "a second visible case with n=3 samples and d=3 features")
VISIBLE = (EXAMPLE, SECOND)

MSE_FORMULA = "MSE(w, b) = (1/n) * sum_i (X[i] @ w + b - y[i])**2"
GRAD_FORMULA = "grad_w = (2/n) * X.T @ r and grad_b = (2/n) * sum(r), with residuals r = X @ w + b - y"
GD_FORMULA = (
    "each step computes both gradients at the current (w, b), then sets "
    "w = w - learning_rate * grad_w and b = b - learning_rate * grad_b; losses[0] is the loss at "
    "the start and losses[k] the loss after k steps"
)
ARGS = ("w", "b", "X", "y")

# ----------------------------------------------------------------------------- references


def _residuals(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    return X @ w + b - y


def _mse(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(_residuals(w, b, X, y) ** 2))


def _grad(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> dict[str, object]:
    r = _residuals(w, b, X, y)
    n = X.shape[0]
    return {"grad_w": 2.0 / n * (X.T @ r), "grad_b": float(2.0 / n * np.sum(r))}


def _descend(X: np.ndarray, y: np.ndarray, learning_rate: float = 0.1, n_steps: int = 100,
             w0: np.ndarray | None = None, b0: float = 0.0) -> dict[str, object]:
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [_mse(w, b, X, y)]
    for _ in range(n_steps):
        grad = _grad(w, b, X, y)
        w, b = w - learning_rate * grad["grad_w"], b - learning_rate * grad["grad_b"]
        losses.append(_mse(w, b, X, y))
    return {"w": w, "b": b, "losses": np.array(losses)}


def _point_case(case: Regression) -> Case:
    """``f(w, b, X, y)`` on a regression problem."""
    return Case(case.label, (case.w, case.b, case.X, case.y))


def _convert_gradient(result: object, case: Case, what: str) -> dict[str, object]:
    if type(result) not in (tuple, list) or len(result) != 2:
        fail(f"{what} should return a pair (grad_w, grad_b); got {fmt(result)}.", "end with return grad_w, grad_b.")
    d = case.args[2].shape[1]
    return {
        "grad_w": to_array(result[0], f"grad_w from {what}", (d,), f"the same shape as w, d = {d}"),
        "grad_b": to_float(result[1], f"grad_b from {what}"),
    }


def _convert_descent(result: object, case: Case, what: str) -> dict[str, object]:
    if type(result) not in (tuple, list) or len(result) != 3:
        fail(f"{what} should return a triple (w, b, losses); got {fmt(result)}.", "end with return w, b, losses.")
    X = case.args[0]
    n_steps = case.kwargs.get("n_steps", 100)
    return {
        "w": to_array(result[0], f"w from {what}", (X.shape[1],), f"one weight per column of X, d = {X.shape[1]}"),
        "b": to_float(result[1], f"b from {what}"),
        "losses": to_array(result[2], f"losses from {what}", (n_steps + 1,),
                           f"n_steps + 1 = {n_steps + 1} entries: the loss before the first step, then one after each step"),
    }


def _descent_case(case: Regression, label: str | None = None, **kwargs: object) -> Case:
    shown = ", ".join(f"{k}={'w0' if k == 'w0' else fmt(v)}" for k, v in kwargs.items())
    return Case(f"{label or case.label}, called as gradient_descent(X, y{', ' + shown if shown else ''})",
                (case.X, case.y), dict(kwargs))


# ----------------------------------------------------------------------------------- mse_loss


def check_mse_loss_values(mse_loss: Callable) -> None:
    """``mse_loss`` returns the MSE of the worked example and of a second case as one number."""
    check_cases(mse_loss, "mse_loss", [_point_case(c) for c in VISIBLE], lambda c: _mse(*c.args),
                formula=MSE_FORMULA, catalogue=MISTAKES, atol=1e-12)


# ------------------------------------------------------------------------------- mse_gradient


def check_mse_gradient_values(mse_gradient: Callable) -> None:
    """``mse_gradient`` returns ``(grad_w, grad_b)`` of the right shapes and values."""
    check_cases(mse_gradient, "mse_gradient", [_point_case(c) for c in VISIBLE], lambda c: _grad(*c.args),
                formula=GRAD_FORMULA, catalogue=MISTAKES, convert=_convert_gradient)


# --------------------------------------------------------------------------- gradient_descent


def check_gradient_descent_values(gradient_descent: Callable) -> None:
    """With the default arguments and with a given learning rate and step count, ``w``, ``b`` and
    every entry of ``losses`` match full-batch gradient descent."""
    cases = [
        _descent_case(EXAMPLE, "the example (X_example, y_example)"),
        _descent_case(EXAMPLE, "the example (X_example, y_example)", learning_rate=0.05, n_steps=20),
        _descent_case(SECOND, learning_rate=0.05, n_steps=10),
    ]
    check_cases(gradient_descent, "gradient_descent", cases, lambda c: _descend(*c.args, **c.kwargs),
                formula=GD_FORMULA, catalogue=MISTAKES, convert=_convert_descent, rtol=1e-6, atol=1e-9)


def check_gradient_descent_losses(gradient_descent: Callable) -> None:
    """``losses`` has ``n_steps + 1`` entries: the starting loss, then one after each step;
    ``n_steps=0`` returns the start unchanged; the loss decreases for a small step."""
    w0 = np.array([0.25, 0.75])
    cases = [
        _descent_case(EXAMPLE, "the example", learning_rate=0.1, n_steps=0, w0=w0, b0=-1.0),
        _descent_case(SECOND, learning_rate=0.1, n_steps=0, w0=SECOND.w, b0=SECOND.b),
        _descent_case(EXAMPLE, "the example", learning_rate=0.1, n_steps=1, w0=w0, b0=-1.0),
    ]
    check_cases(gradient_descent, "gradient_descent", cases, lambda c: _descend(*c.args, **c.kwargs),
                formula="with n_steps=0 no step is taken: return w0, b0 and a list holding only their "
                f"loss; {GD_FORMULA}", catalogue=MISTAKES, convert=_convert_descent, rtol=1e-7)
    case = EXAMPLE
    what = "gradient_descent(X, y, learning_rate=0.1, n_steps=5) on the example"
    result = call(gradient_descent, case.X.copy(), case.y.copy(), learning_rate=0.1, n_steps=5, what=what)
    losses = _convert_descent(result, Case(what, (case.X, case.y), {"n_steps": 5}), what)["losses"]
    if not np.all(np.diff(losses) < 0):
        fail(f"losses from {what} should decrease at every step for this small learning rate; got "
             f"{fmt(losses)}.", f"{GD_FORMULA}. A loss that grows means a step in the wrong direction or "
             "a wrong gradient.")


### BEGIN HIDDEN CHECKS
# Hidden cases: a generic one, one sample, one feature, a taller problem with shifted features.
_HIDDEN = (
    make_regression(11, 7, 3, "a hidden case with n=7, d=3"),
    make_regression(12, 1, 3, "a hidden case with one sample (n=1, d=3)"),
    make_regression(13, 9, 1, "a hidden case with one feature (n=9, d=1)"),
    make_regression(14, 30, 4, "a hidden case with n=30, d=4 and shifted features", offset=2.0),
)


def check_mse_loss_hidden(mse_loss: Callable) -> None:
    """Hidden cases (one sample, one feature, shifted features), a perfect fit gives 0, and the
    inputs are not modified."""
    check_cases(mse_loss, "mse_loss", [_point_case(c) for c in _HIDDEN], lambda c: _mse(*c.args),
                formula=MSE_FORMULA, catalogue=MISTAKES, atol=1e-12)
    case = _HIDDEN[0]
    y_exact = case.X @ case.w + case.b
    what = "mse_loss(w, b, X, y) when y = X @ w + b exactly"
    got = to_float(call(mse_loss, case.w.copy(), case.b, case.X.copy(), y_exact, what=what), what)
    assert_close(got, 0.0, what, f"a perfect fit has zero residuals and so zero loss; {MSE_FORMULA}.", atol=1e-12)
    check_pure(mse_loss, "mse_loss", [_point_case(c) for c in _HIDDEN[2:]], ARGS, MISTAKES)


def check_mse_gradient_hidden(mse_gradient: Callable) -> None:
    """Hidden cases, a zero gradient at the least-squares fit, and no modified inputs."""
    check_cases(mse_gradient, "mse_gradient", [_point_case(c) for c in _HIDDEN], lambda c: _grad(*c.args),
                formula=GRAD_FORMULA, catalogue=MISTAKES, convert=_convert_gradient)
    # The gradient vanishes at the least-squares solution (a stationary point of the MSE).
    fits = []
    for case in _HIDDEN[2:]:
        A = np.column_stack([case.X, np.ones(case.X.shape[0])])
        theta = np.linalg.lstsq(A, case.y, rcond=None)[0]
        fits.append(Case(f"the least-squares fit of {case.label}", (theta[:-1], float(theta[-1]), case.X, case.y)))
    check_cases(mse_gradient, "mse_gradient", fits, lambda c: _grad(*c.args),
                formula=f"at the minimizer of the MSE both gradients are zero; {GRAD_FORMULA}",
                catalogue=MISTAKES, convert=_convert_gradient, atol=1e-9)
    check_pure(mse_gradient, "mse_gradient", [_point_case(c) for c in _HIDDEN[2:]], ARGS, MISTAKES)


def check_gradient_descent_hidden(gradient_descent: Callable) -> None:
    """Hidden cases with given ``w0`` and ``b0``, one sample and one feature, convergence to the
    least-squares solution, and no modified inputs (``X``, ``y`` and ``w0`` stay as they were)."""
    cases = [_descent_case(c, learning_rate=0.02 if i == 3 else 0.05, n_steps=15, w0=c.w, b0=c.b)
             for i, c in enumerate(_HIDDEN)]
    check_cases(gradient_descent, "gradient_descent", cases, lambda c: _descend(*c.args, **c.kwargs),
                formula=GD_FORMULA, catalogue=MISTAKES, convert=_convert_descent, rtol=1e-6, atol=1e-9)
    # Many steps on a well-conditioned problem reach the least-squares fit.
    case = _HIDDEN[0]
    A = np.column_stack([case.X, np.ones(case.X.shape[0])])
    theta = np.linalg.lstsq(A, case.y, rcond=None)[0]
    what = f"gradient_descent(X, y, learning_rate=0.1, n_steps=3000) on {case.label}"
    result = call(gradient_descent, case.X.copy(), case.y.copy(), learning_rate=0.1, n_steps=3000, what=what)
    got = _convert_descent(result, Case(what, (case.X, case.y), {"n_steps": 3000}), what)
    hint = f"after many small steps the parameters should reach the least-squares fit; {GD_FORMULA}."
    assert_close(got["w"], theta[:-1], f"w from {what} (the least-squares weights)", hint, rtol=1e-5, atol=1e-7)
    assert_close(got["b"], float(theta[-1]), f"b from {what} (the least-squares intercept)", hint, rtol=1e-5, atol=1e-7)
    check_pure(gradient_descent, "gradient_descent",
               [_descent_case(c, learning_rate=0.02, n_steps=3, w0=c.w, b0=c.b) for c in _HIDDEN[2:]],
               ("X", "y"), MISTAKES)
### END HIDDEN CHECKS


#: The checks of each contract function, in the order the notebook's test cells call them.
CHECKS: dict[str, tuple[str, ...]] = {
    "mse_loss": ("check_mse_loss_values", "check_mse_loss_hidden"),
    "mse_gradient": ("check_mse_gradient_values", "check_mse_gradient_hidden"),
    "gradient_descent": ("check_gradient_descent_values", "check_gradient_descent_losses", "check_gradient_descent_hidden"),
}
