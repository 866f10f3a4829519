r"""Checks of the ``gradient_descent`` assignment: ``mse_loss``, ``mse_gradient``, ``gradient_descent``.

Contract (design.md): ``MSE(w, b) = (1/n) * sum_i (X[i] @ w + b - y[i])**2`` (no factor 1/2),
its gradient ``grad_w = (2/n) X^T r``, ``grad_b = (2/n) sum_i r_i`` with ``r = X w + b - y``, and
full-batch gradient descent whose ``losses`` list has ``n_steps + 1`` entries.

Each ``check_*`` takes the student's function, calls it on seeded inputs, and raises
``AssertionError`` with one paragraph ending in ``Hint: ...`` when the behaviour is wrong. The
references are computed here from the closed forms, and wrong answers are diagnosed by comparing
them with known wrong variants computed from the same inputs.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..compare import (
    assert_close,
    assert_unchanged,
    call,
    diagnose,
    fail,
    fmt,
    to_array,
    to_float,
)
from ._common import Regression, copies, make_regression

__all__ = [
    "CHECKS",
    "EXAMPLE",
    "check_gradient_descent_hidden",
    "check_gradient_descent_losses",
    "check_gradient_descent_values",
    "check_mse_gradient_hidden",
    "check_mse_gradient_values",
    "check_mse_loss_hidden",
    "check_mse_loss_values",
]

#: The worked example of the notebook (``X_example``, ``y_example``, ``w_example``, ``b_example``).
EXAMPLE = Regression(
    X=np.array([[0.5, 1.0], [-1.0, 0.5], [1.5, -0.5], [0.0, -1.0]]),
    y=np.array([2.0, -0.5, 1.0, -1.5]),
    w=np.array([1.0, -0.5]),
    b=0.5,
    label="the example (X_example, y_example, w_example, b_example)",
)

def notebook_example_names() -> dict[str, object]:
    """The names under which the notebook's setup cell defines :data:`EXAMPLE`."""
    return {"X_example": EXAMPLE.X, "y_example": EXAMPLE.y, "w_example": EXAMPLE.w, "b_example": EXAMPLE.b}


# Hidden cases: a generic one, one sample, one feature, a taller problem with shifted features.
_HIDDEN = (
    make_regression(11, 7, 3, "a hidden case with n=7, d=3"),
    make_regression(12, 1, 3, "a hidden case with one sample (n=1, d=3)"),
    make_regression(13, 9, 1, "a hidden case with one feature (n=9, d=1)"),
    make_regression(14, 30, 4, "a hidden case with n=30, d=4 and shifted features", offset=2.0),
)

MSE_FORMULA = "MSE(w, b) = (1/n) * sum_i (X[i] @ w + b - y[i])**2"
GRAD_FORMULA = "grad_w = (2/n) * X.T @ r and grad_b = (2/n) * sum(r), with residuals r = X @ w + b - y"
GD_FORMULA = (
    "each step computes both gradients at the current (w, b), then sets "
    "w = w - learning_rate * grad_w and b = b - learning_rate * grad_b"
)

# ----------------------------------------------------------------------------- references


def _residuals(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    return X @ w + b - y


def _mse(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(_residuals(w, b, X, y) ** 2))


def _grad(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    r = _residuals(w, b, X, y)
    n = X.shape[0]
    return 2.0 / n * (X.T @ r), float(2.0 / n * np.sum(r))


def _descend(
    X: np.ndarray,
    y: np.ndarray,
    learning_rate: float,
    n_steps: int,
    w0: np.ndarray | None,
    b0: float,
    *,
    grad_scale: float = 1.0,
    update_b: bool = True,
    sequential: bool = False,
) -> tuple[np.ndarray, float, np.ndarray]:
    """Reference gradient descent; the keyword flags build in one known mistake each."""
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = float(b0)
    losses = [_mse(w, b, X, y)]
    for _ in range(n_steps):
        grad_w, grad_b = _grad(w, b, X, y)
        w = w - learning_rate * grad_scale * grad_w
        if sequential:
            # The mistake of updating b with a gradient evaluated at the *new* w.
            grad_b = _grad(w, b, X, y)[1]
        if update_b:
            b = b - learning_rate * grad_scale * grad_b
        losses.append(_mse(w, b, X, y))
    return w, b, np.array(losses)


# ----------------------------------------------------------------------------------- mse_loss


def _mse_variants(case: Regression) -> list[tuple[float, str]]:
    w, b, X, y = case.w, case.b, case.X, case.y
    r = _residuals(w, b, X, y)
    mse = _mse(w, b, X, y)
    n = X.shape[0]
    return [
        (0.5 * mse, "your value is half the MSE: the course's MSE has no factor 1/2 (some books "
         "use 1/(2n)); take the plain mean of the squared residuals."),
        (n * mse, "your value is n times the MSE: you used a sum instead of the mean; divide by "
         "n (or use np.mean)."),
        (float(np.sqrt(mse)), "your value is the square root of the MSE (the RMSE): do not take "
         "the square root."),
        (float(np.mean(np.abs(r))), "your value is the mean absolute error: square the "
         "residuals instead of taking their absolute value."),
        (_mse(w, 0.0, X, y), "your value ignores the intercept b: the prediction is X @ w + b."),
        (float(np.mean(r) ** 2), "you squared the mean residual: square each residual first, "
         "then take the mean."),
        (float(np.mean((X @ w - b - y) ** 2)), "the intercept enters with the wrong sign: the "
         "prediction is X @ w + b."),
    ]


def _check_mse_case(mse_loss: Callable, case: Regression) -> None:
    what = f"mse_loss(w, b, X, y) on {case.label}"
    got = to_float(call(mse_loss, case.w.copy(), case.b, case.X.copy(), case.y.copy(), what=what), what)
    expected = _mse(case.w, case.b, case.X, case.y)
    hint = diagnose(got, _mse_variants(case), f"compare your code with {MSE_FORMULA}.")
    assert_close(got, expected, what, hint, rtol=1e-7, atol=1e-12)


def check_mse_loss_values(mse_loss: Callable) -> None:
    """``mse_loss`` returns the MSE of the notebook's example as a single number."""
    _check_mse_case(mse_loss, EXAMPLE)


def check_mse_loss_hidden(mse_loss: Callable) -> None:
    """Hidden cases (one sample, one feature, shifted features), a perfect fit gives 0, and the
    inputs are not modified."""
    for case in _HIDDEN:
        _check_mse_case(mse_loss, case)
    # A perfect fit: y generated exactly by (w, b) must give a loss of (numerically) zero.
    case = _HIDDEN[0]
    y_exact = case.X @ case.w + case.b
    what = "mse_loss(w, b, X, y) when y = X @ w + b exactly"
    got = to_float(call(mse_loss, case.w.copy(), case.b, case.X.copy(), y_exact.copy(), what=what), what)
    assert_close(got, 0.0, what, "a perfect fit has zero residuals and so zero loss; check the "
                 f"sign of each term in X @ w + b - y ({MSE_FORMULA}).", atol=1e-12)
    _check_pure(mse_loss, "mse_loss")


def _check_pure(func: Callable, name: str) -> None:
    """The function must leave ``w``, ``X`` and ``y`` as they were."""
    case = _HIDDEN[3]
    w, X, y = copies(case.w, case.X, case.y)
    call(func, w, case.b, X, y, what=f"{name}(w, b, X, y) on {case.label}")
    assert_unchanged(case.w, w, "w", name)
    assert_unchanged(case.X, X, "X", name)
    assert_unchanged(case.y, y, "y", name)


# ------------------------------------------------------------------------------- mse_gradient


def _gradient_variants(case: Regression, part: int) -> list[tuple[object, str]]:
    """Known wrong values of ``grad_w`` (part 0) or ``grad_b`` (part 1)."""
    w, b, X, y = case.w, case.b, case.X, case.y
    n = X.shape[0]
    right = _grad(w, b, X, y)[part]
    no_b = _grad(w, 0.0, X, y)[part]
    r = _residuals(w, b, X, y)
    variants: list[tuple[object, str]] = [
        (0.5 * right, "your gradient is half the correct one: the derivative of a square brings "
         "down a factor 2 (the course's MSE has no 1/2)."),
        (n * right, "your gradient is n times the correct one: you summed over the samples "
         "instead of averaging (divide by n)."),
        (0.5 * n * right, "your gradient is the sum over samples without the factor 2: average "
         "over the samples and keep the 2 from the derivative of the square."),
        (-right, "your gradient has the wrong sign: use residuals r = X @ w + b - y "
         "(prediction minus target), not y - prediction."),
        (no_b, "your gradient ignores the intercept b: the residuals are X @ w + b - y."),
    ]
    if part == 0:
        variants.append((2.0 * np.mean(X, axis=0) * np.mean(r), "average the products X[i] * "
                         "r[i] over samples, not the product of the averages: grad_w = (2/n) X.T @ r."))
    return variants


def _check_gradient_case(mse_gradient: Callable, case: Regression) -> None:
    what = f"mse_gradient(w, b, X, y) on {case.label}"
    result = call(mse_gradient, case.w.copy(), case.b, case.X.copy(), case.y.copy(), what=what)
    if type(result) not in (tuple, list) or len(result) != 2:
        fail(f"{what} should return a pair (grad_w, grad_b); got {fmt(result)}.",
             "end with return grad_w, grad_b.")
    d = case.X.shape[1]
    grad_w = to_array(result[0], f"grad_w from {what}", (d,), f"the same shape as w, d = {d}")
    grad_b = to_float(result[1], f"grad_b from {what}")
    expected_w, expected_b = _grad(case.w, case.b, case.X, case.y)
    default = f"compare your code with {GRAD_FORMULA}."
    hint_w = diagnose(grad_w, _gradient_variants(case, 0), default)
    assert_close(grad_w, expected_w, f"grad_w from {what}", hint_w, rtol=1e-7, atol=1e-10)
    hint_b = diagnose(grad_b, _gradient_variants(case, 1), default)
    if hint_b == default and abs(grad_b - 0.5 * expected_b) > 1e-9 and abs(expected_b) > 1e-9:
        hint_b = f"grad_b is (2/n) * sum(r), twice the average residual; {default}"
    assert_close(grad_b, expected_b, f"grad_b from {what}", hint_b, rtol=1e-7, atol=1e-10)


def check_mse_gradient_values(mse_gradient: Callable) -> None:
    """``mse_gradient`` returns ``(grad_w, grad_b)`` of the right shapes and values on the example."""
    _check_gradient_case(mse_gradient, EXAMPLE)


def check_mse_gradient_hidden(mse_gradient: Callable) -> None:
    """Hidden cases, agreement with a finite-difference estimate, and no modified inputs."""
    for case in _HIDDEN:
        _check_gradient_case(mse_gradient, case)
    # The gradient must vanish at the least-squares solution (a stationary point of the MSE).
    case = _HIDDEN[3]
    A = np.column_stack([case.X, np.ones(case.X.shape[0])])
    theta = np.linalg.lstsq(A, case.y, rcond=None)[0]
    what = "mse_gradient at the least-squares solution of a hidden case"
    result = call(mse_gradient, theta[:-1].copy(), float(theta[-1]), case.X.copy(), case.y.copy(), what=what)
    if type(result) not in (tuple, list) or len(result) != 2:
        fail(f"{what} should return a pair (grad_w, grad_b).", "end with return grad_w, grad_b.")
    grad_w = to_array(result[0], f"grad_w from {what}", (case.X.shape[1],))
    grad_b = to_float(result[1], f"grad_b from {what}")
    hint = f"at the minimizer of the MSE both gradients are zero; compare with {GRAD_FORMULA}."
    assert_close(grad_w, np.zeros_like(grad_w), f"grad_w from {what}", hint, atol=1e-9)
    assert_close(grad_b, 0.0, f"grad_b from {what}", hint, atol=1e-9)
    _check_pure(mse_gradient, "mse_gradient")


# --------------------------------------------------------------------------- gradient_descent


def _unpack_descent(result: object, what: str, d: int, n_steps: int) -> tuple[np.ndarray, float, np.ndarray]:
    if type(result) not in (tuple, list) or len(result) != 3:
        fail(f"{what} should return a triple (w, b, losses); got {fmt(result)}.",
             "end with return w, b, losses.")
    w = to_array(result[0], f"w from {what}", (d,), f"one weight per column of X, d = {d}")
    b = to_float(result[1], f"b from {what}")
    raw = result[2]
    if type(raw) in (list, tuple, np.ndarray):
        length = len(raw) if type(raw) is not np.ndarray or raw.ndim == 1 else -1
        if length not in (-1, n_steps + 1):
            fail(f"losses from {what} has {length} entries but should have n_steps + 1 = "
                 f"{n_steps + 1}.",
                 "the list is off by one: it holds the loss before the first step and then the "
                 "loss after each of the n_steps steps.")
    losses = to_array(raw, f"losses from {what}", (n_steps + 1,),
                      "the loss before the first step, then one after each step")
    return w, b, losses


def _descent_variants(X, y, lr, n_steps, w0, b0, part: int, default_lr: float) -> list[tuple[object, str]]:
    """Known wrong results (part 0: w, 1: b, 2: losses) of gradient descent on the same inputs."""
    def run(**kwargs):
        return _descend(X, y, kwargs.pop("lr", lr), n_steps, kwargs.pop("w0", w0),
                        kwargs.pop("b0", b0), **kwargs)[part]

    zeros = np.zeros(X.shape[1])
    variants = [
        (run(grad_scale=-1.0), "the parameters moved uphill (gradient ascent): subtract "
         "learning_rate * gradient, do not add it."),
        (run(update_b=False), "b never changes: update the intercept too, b = b - learning_rate "
         "* grad_b."),
        (run(sequential=True), "w and b must be updated simultaneously: compute both gradients "
         "at the current (w, b) before changing either."),
        (run(grad_scale=0.5), "your steps are half as long as they should be: check the factor 2 "
         "in mse_gradient (or that the step is learning_rate * gradient)."),
        (run(grad_scale=float(X.shape[0])), "your steps are n times too long: mse_gradient must "
         "average over the samples, not sum."),
    ]
    if lr != default_lr:
        variants.append((run(lr=default_lr), "learning_rate was ignored: use the argument, not "
                         "a fixed value."))
    if w0 is not None and not np.array_equal(w0, zeros):
        variants.append((run(w0=None), "w0 was ignored: start from w0 when it is given (zeros "
                         "only when w0 is None)."))
    if b0 != 0.0:
        variants.append((run(b0=0.0), "b0 was ignored: start from b = b0."))
    return variants


def _check_descent_case(gradient_descent: Callable, case: Regression, lr: float | None,
                        n_steps: int | None, w0: np.ndarray | None, b0: float | None) -> None:
    kwargs: dict[str, object] = {}
    if lr is not None:
        kwargs["learning_rate"] = lr
    if n_steps is not None:
        kwargs["n_steps"] = n_steps
    if w0 is not None:
        kwargs["w0"] = w0.copy()
    if b0 is not None:
        kwargs["b0"] = b0
    shown = ", ".join(f"{k}={fmt(v)}" for k, v in kwargs.items())
    label = "the example (X_example, y_example)" if case is EXAMPLE else case.label
    what = f"gradient_descent(X, y{', ' + shown if shown else ''}) on {label}"
    lr_used = 0.1 if lr is None else lr
    steps_used = 100 if n_steps is None else n_steps
    b0_used = 0.0 if b0 is None else b0
    d = case.X.shape[1]
    result = call(gradient_descent, case.X.copy(), case.y.copy(), what=what, **kwargs)
    w, b, losses = _unpack_descent(result, what, d, steps_used)
    expected = _descend(case.X, case.y, lr_used, steps_used, w0, b0_used)
    default = f"{GD_FORMULA}, starting from w0 (zeros when None) and b0."
    for part, (got, name) in enumerate(((w, "w"), (b, "b"), (losses, "losses"))):
        variants = _descent_variants(case.X, case.y, lr_used, steps_used, w0, b0_used, part, 0.1)
        hint = diagnose(got, variants, default, rtol=1e-6)
        if part == 2 and hint == default:
            hint = _losses_hint(losses, expected[2], default)
        assert_close(got, expected[part], f"{name} from {what}", hint, rtol=1e-6, atol=1e-9)


def _losses_hint(got: np.ndarray, expected: np.ndarray, default: str) -> str:
    """Tell a list shifted by one step (loss recorded before instead of after) from other errors."""
    if got.shape == expected.shape and got.size > 1:
        if np.allclose(got[1:], expected[:-1], rtol=1e-6) or np.allclose(got[:-1], expected[1:], rtol=1e-6):
            return ("the losses are shifted by one step (off by one): losses[0] is the loss at the "
                    "start, losses[k] the loss after k steps.")
    return default


def check_gradient_descent_values(gradient_descent: Callable) -> None:
    """On the example, with the default arguments and with a given learning rate and step count,
    ``w``, ``b`` and every entry of ``losses`` match full-batch gradient descent."""
    _check_descent_case(gradient_descent, EXAMPLE, None, None, None, None)
    _check_descent_case(gradient_descent, EXAMPLE, 0.05, 20, None, None)


def check_gradient_descent_losses(gradient_descent: Callable) -> None:
    """``losses`` has ``n_steps + 1`` entries: the starting loss, then one after each step; it
    decreases for a small step on this convex loss; ``n_steps=0`` returns the start unchanged."""
    case = EXAMPLE
    d = case.X.shape[1]
    w0 = np.array([0.25, 0.75])
    what = "gradient_descent(X, y, learning_rate=0.1, n_steps=0, w0=w0, b0=-1.0) on the example"
    result = call(gradient_descent, case.X.copy(), case.y.copy(), learning_rate=0.1, n_steps=0,
                  w0=w0.copy(), b0=-1.0, what=what)
    w, b, losses = _unpack_descent(result, what, d, 0)
    hint = "with n_steps=0 no step is taken: return w0, b0 and a list holding only their loss."
    if np.allclose(w, 0.0) and not np.allclose(b, 0.0):
        hint = "w0 was ignored: start from w0 when it is given (zeros only when w0 is None)."
    elif np.allclose(b, 0.0) and np.allclose(w, w0):
        hint = "b0 was ignored: start from b = b0."
    assert_close(w, w0, f"w from {what}", hint)
    assert_close(b, -1.0, f"b from {what}", hint)
    assert_close(losses, np.array([_mse(w0, -1.0, case.X, case.y)]), f"losses from {what}", hint)

    what = "gradient_descent(X, y, learning_rate=0.1, n_steps=5) on the example"
    result = call(gradient_descent, case.X.copy(), case.y.copy(), learning_rate=0.1, n_steps=5, what=what)
    w, b, losses = _unpack_descent(result, what, d, 5)
    start = _mse(np.zeros(d), 0.0, case.X, case.y)
    assert_close(losses[0], start, f"losses[0] (the loss before the first step) from {what}",
                 "losses[0] is the loss at the starting point w = zeros, b = 0, before any step "
                 "(compute it before the loop).", rtol=1e-7)
    assert_close(losses[-1], _mse(w, b, case.X, case.y),
                 f"losses[-1] compared with the loss of the returned (w, b) from {what}",
                 "losses[-1] must be the loss after the last step, at the (w, b) you return: "
                 "record the loss after each update, not before it.", rtol=1e-7)
    if not np.all(np.diff(losses) < 0):
        fail(f"losses from {what} should decrease at every step for this small learning rate; "
             f"got {fmt(losses)}.", f"{GD_FORMULA}; a loss that grows means a step in the wrong "
             "direction or a wrong gradient.")


def check_gradient_descent_hidden(gradient_descent: Callable) -> None:
    """Hidden cases with given ``w0`` and ``b0``, one sample and one feature, convergence to the
    least-squares solution, and no modified inputs (``X``, ``y`` and ``w0`` stay as they were)."""
    for index, case in enumerate(_HIDDEN):
        lr = 0.02 if index == 3 else 0.05
        _check_descent_case(gradient_descent, case, lr, 15, case.w, case.b)
    # Many steps on a well-conditioned problem reach the least-squares fit.
    case = _HIDDEN[0]
    A = np.column_stack([case.X, np.ones(case.X.shape[0])])
    theta = np.linalg.lstsq(A, case.y, rcond=None)[0]
    what = f"gradient_descent(X, y, learning_rate=0.1, n_steps=3000) on {case.label}"
    result = call(gradient_descent, case.X.copy(), case.y.copy(), learning_rate=0.1, n_steps=3000, what=what)
    w, b, _ = _unpack_descent(result, what, case.X.shape[1], 3000)
    hint = f"after many small steps the parameters should reach the least-squares fit; {GD_FORMULA}."
    assert_close(w, theta[:-1], f"w from {what} (the least-squares weights)", hint, rtol=1e-5, atol=1e-7)
    assert_close(b, float(theta[-1]), f"b from {what} (the least-squares intercept)", hint, rtol=1e-5, atol=1e-7)
    # Purity: the caller's X, y and w0 are unchanged (w -= ... on w0 is the usual culprit).
    case = _HIDDEN[3]
    X, y, w0 = copies(case.X, case.y, case.w)
    call(gradient_descent, X, y, learning_rate=0.02, n_steps=3, w0=w0, b0=case.b,
         what=f"gradient_descent on {case.label}")
    assert_unchanged(case.w, w0, "w0", "gradient_descent")
    assert_unchanged(case.X, X, "X", "gradient_descent")
    assert_unchanged(case.y, y, "y", "gradient_descent")


#: The checks of each contract function, in the order the notebook's test cells call them.
CHECKS: dict[str, tuple[Callable[[Callable], None], ...]] = {
    "mse_loss": (check_mse_loss_values, check_mse_loss_hidden),
    "mse_gradient": (check_mse_gradient_values, check_mse_gradient_hidden),
    "gradient_descent": (
        check_gradient_descent_values,
        check_gradient_descent_losses,
        check_gradient_descent_hidden,
    ),
}
