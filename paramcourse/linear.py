r"""Linear models, written out: least squares, polynomial features, ridge and lasso.

The estimators follow scikit-learn's contract so that the book can use them side by side with
scikit-learn's own: hyperparameters are set in ``__init__`` and stored unchanged, ``fit(X, y)``
learns the parameters ``coef_`` (:math:`w`, shape ``(d,)``) and ``intercept_`` (:math:`b`) and
returns the estimator, ``predict(X)`` computes :math:`Xw + b`, ``score(X, y)`` is :math:`R^2`.

Objectives, with :math:`\mathrm{MSE}(w, b) = \frac1n \lVert y - Xw - b \rVert^2`:

========================  ==================================================================
``LinearRegression``      :math:`\mathrm{MSE}(w, b)`
``PolynomialRegression``  the same on the powers :math:`x, x^2, \dots, x^p` of one feature
``Ridge``                 :math:`\mathrm{MSE}(w, b) + \lambda \lVert w \rVert_2^2`
``Lasso``                 :math:`\mathrm{MSE}(w, b) + \lambda \lVert w \rVert_1`
========================  ==================================================================

The intercept is never penalized: shifting every target by a constant should shift ``b`` and
leave ``w`` alone. (scikit-learn writes the same objectives as ``Ridge(alpha=n * lam)`` and
``Lasso(alpha=lam / 2)``.)
"""

from __future__ import annotations

import inspect

import numpy as np

from ._validation import (
    as_array,
    as_matrix,
    as_vector,
    as_xy,
    check_choice,
    check_count,
    check_positive,
)
from .losses import least_squares_fit

__all__ = [
    "PENALTIES",
    "Lasso",
    "LinearRegression",
    "PolynomialRegression",
    "Ridge",
    "lasso_path",
    "polynomial_features",
    "ridge_path",
    "soft_threshold",
]

#: The penalized linear models by the name of their penalty: ``"ridge"`` (:class:`Ridge`, the L2
#: penalty :math:`\lambda \lVert w \rVert_2^2`, path :func:`ridge_path`) and ``"lasso"``
#: (:class:`Lasso`, the L1 penalty :math:`\lambda \lVert w \rVert_1`, path :func:`lasso_path`).
PENALTIES = ("ridge", "lasso")


def polynomial_features(X, degree: int, include_bias: bool = False) -> np.ndarray:
    r"""Powers ``1 .. degree`` of every column of ``X``, without cross terms.

    For columns :math:`x_1, \dots, x_d` the output is
    :math:`[x_1, \dots, x_d, x_1^2, \dots, x_d^2, \dots, x_1^p, \dots, x_d^p]`, preceded by a
    column of ones when ``include_bias``. For one column this is scikit-learn's
    ``PolynomialFeatures(degree, include_bias=include_bias)``.

    Parameters
    ----------
    X : array_like of shape (n, d)
    degree : int
        Highest power ``p >= 1``.
    include_bias : bool
        Prepend a column of ones (leave it off when the model fits its own intercept).

    Returns
    -------
    ndarray of shape (n, d * p + include_bias)
    """
    X = as_matrix(X, "X")
    degree = check_count(degree, "degree")
    columns = [X**power for power in range(1, degree + 1)]
    if include_bias:
        columns.insert(0, np.ones((X.shape[0], 1)))
    return np.hstack(columns)


def soft_threshold(z, t: float) -> np.ndarray:
    r"""Shrink every entry towards 0 by ``t``, and set it to exactly 0 if it is within ``t``.

    .. math:: S_t(z) = \operatorname{sign}(z) \max(|z| - t, 0)

    This is the proximal operator of :math:`t \lVert \cdot \rVert_1`, the step that gives the
    lasso its exact zeros.

    Parameters
    ----------
    z : array_like of any shape
    t : float
        Threshold ``t >= 0``.

    Returns
    -------
    ndarray of the same shape as ``z``
    """
    z = as_array(z, "z")
    t = check_positive(t, "t", allow_zero=True)
    return _shrink(z, t)


def _shrink(z: np.ndarray, t: float) -> np.ndarray:
    # "+ 0.0" turns the -0.0 of sign(-z) * 0 into 0.0, so printed weights show plain zeros.
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0) + 0.0


def _centre(X: np.ndarray, y: np.ndarray):
    # After centring, the best intercept for any w is b = mean(y) - mean(X) @ w, so the
    # penalized problems reduce to problems in w alone.
    x_mean, y_mean = X.mean(axis=0), y.mean()
    return X - x_mean, y - y_mean, x_mean, y_mean


class _LinearModel:
    """What every estimator here shares: ``get_params``/``set_params`` (enough for
    ``sklearn.base.clone``), ``predict`` and ``score``."""

    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return sorted(name for name in signature.parameters if name != "self")

    def get_params(self, deep: bool = True) -> dict:
        """The hyperparameters as a dict, ``{name: value}`` (``deep`` is accepted for scikit-learn)."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params) -> "_LinearModel":
        """Set hyperparameters by name and return the estimator."""
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(
                    f"{name!r} is not a hyperparameter of {type(self).__name__}; valid: {valid}"
                )
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"

    def predict(self, X) -> np.ndarray:
        """Predictions :math:`Xw + b`, shape ``(n,)``, for ``X`` of shape ``(n, d)``."""
        if not hasattr(self, "coef_"):
            raise ValueError(f"this {type(self).__name__} is not fitted yet; call fit(X, y) first")
        X = as_matrix(X, "X")
        if X.shape[1] != self.coef_.shape[0]:
            raise ValueError(
                f"X must have shape (n_samples, {self.coef_.shape[0]}) like the data seen in fit; "
                f"got {X.shape}"
            )
        return X @ self.coef_ + self.intercept_

    def score(self, X, y) -> float:
        r"""Coefficient of determination :math:`R^2 = 1 - \sum (y - \hat y)^2 / \sum (y - \bar y)^2`.

        1 is a perfect fit, 0 is no better than predicting the mean, and it can be negative.
        """
        X, y = as_xy(X, y)
        ss_res = float(np.sum((y - self.predict(X)) ** 2))
        ss_tot = float(np.sum((y - y.mean()) ** 2))
        if ss_tot == 0.0:
            # Constant targets: scikit-learn's convention.
            return 1.0 if ss_res == 0.0 else 0.0
        return 1.0 - ss_res / ss_tot


class LinearRegression(_LinearModel):
    r"""Least squares: minimize :math:`\mathrm{MSE}(w, b) = \frac1n \lVert Xw + b - y \rVert^2`.

    Parameters
    ----------
    solver : {"normal", "gd"}
        ``"normal"``: the exact solution of the normal equations
        (:func:`paramcourse.losses.least_squares_fit`). ``"gd"``: full-batch gradient descent
        from :math:`w = 0, b = 0`, ``n_steps`` updates
        :math:`w \leftarrow w - \eta \nabla_w, \ b \leftarrow b - \eta \partial_b`.
    learning_rate : float
        Step size :math:`\eta` of ``"gd"``. Too large a step makes the loss grow without bound:
        the history then ends in ``inf``/``nan`` (no warning is raised).
    n_steps : int
        Number of gradient steps of ``"gd"``.

    Attributes
    ----------
    coef_ : ndarray of shape (d,)
    intercept_ : float
    loss_history_ : ndarray of shape (n_steps + 1,)
        ``"gd"`` only: the MSE before the first step and after each step.
    n_features_in_ : int
    """

    def __init__(self, solver: str = "normal", learning_rate: float = 0.1, n_steps: int = 1000):
        self.solver = solver
        self.learning_rate = learning_rate
        self.n_steps = n_steps

    def fit(self, X, y) -> "LinearRegression":
        """Fit to ``X`` of shape ``(n, d)`` and ``y`` of shape ``(n,)``; return ``self``."""
        X, y = as_xy(X, y)
        solver = check_choice(self.solver, "solver", ("normal", "gd"))
        if solver == "normal":
            self.coef_, self.intercept_ = least_squares_fit(X, y)
        else:
            eta = check_positive(self.learning_rate, "learning_rate")
            n_steps = check_count(self.n_steps, "n_steps", minimum=0)
            self.coef_, self.intercept_, self.loss_history_ = _gradient_descent(X, y, eta, n_steps)
        self.n_features_in_ = X.shape[1]
        return self


class PolynomialRegression(_LinearModel):
    r"""Least squares on the powers of one feature: :math:`\hat y = b + \sum_{j=1}^{p} w_j x^j`.

    The model has :math:`p + 1` parameters; it is :class:`LinearRegression` on
    :func:`polynomial_features` of degree :math:`p`.

    Parameters
    ----------
    degree : int
        The degree :math:`p \ge 1`.

    Attributes
    ----------
    coef_ : ndarray of shape (degree,)
        :math:`w_1, \dots, w_p`, the coefficients of :math:`x, \dots, x^p`.
    intercept_ : float
    n_features_in_ : int
        Always 1.
    """

    def __init__(self, degree: int = 1):
        self.degree = degree

    def fit(self, X, y) -> "PolynomialRegression":
        """Fit to ``X`` of shape ``(n, 1)`` and ``y`` of shape ``(n,)``; return ``self``."""
        X, y = as_xy(X, y)
        _one_feature(X)
        degree = check_count(self.degree, "degree")
        self.coef_, self.intercept_ = least_squares_fit(polynomial_features(X, degree), y)
        self.n_features_in_ = 1
        return self

    def predict(self, X) -> np.ndarray:
        r"""Predictions :math:`b + \sum_j w_j x^j`, shape ``(n,)``, for ``X`` of shape ``(n, 1)``."""
        if not hasattr(self, "coef_"):
            raise ValueError("this PolynomialRegression is not fitted yet; call fit(X, y) first")
        X = as_matrix(X, "X")
        _one_feature(X)
        return polynomial_features(X, self.coef_.shape[0]) @ self.coef_ + self.intercept_


def _one_feature(X: np.ndarray) -> None:
    if X.shape[1] != 1:
        raise ValueError(f"X must have shape (n_samples, 1): a polynomial in one feature x; got {X.shape}")


def _gradient_descent(X, y, eta, n_steps):
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    history = np.empty(n_steps + 1)
    # A divergent run is a lesson in the book, not an error: let it overflow quietly.
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(n_steps + 1):
            r = X @ w + b - y
            history[step] = np.mean(r**2)
            if step < n_steps:
                w = w - eta * (2.0 / n) * (X.T @ r)
                b = b - eta * 2.0 * r.mean()
    return w, float(b), history


class Ridge(_LinearModel):
    r"""Ridge regression: minimize :math:`\frac1n \lVert y - Xw - b \rVert^2 + \lambda \lVert w \rVert_2^2`.

    Closed form after centring (the intercept is not penalized):

    .. math:: w = (X_c^\top X_c + n \lambda I)^{-1} X_c^\top y_c, \qquad b = \bar y - \bar x \cdot w

    computed as the least-squares solution of the stacked system
    :math:`\begin{bmatrix} X_c \\ \sqrt{n\lambda} I \end{bmatrix} w \approx
    \begin{bmatrix} y_c \\ 0 \end{bmatrix}` (the penalty is just ``d`` extra rows), which is
    stabler than forming the inverse. Same coefficients as scikit-learn's
    ``Ridge(alpha=n * lam)``.

    Parameters
    ----------
    lam : float
        Penalty strength :math:`\lambda \ge 0` (0 is ordinary least squares).

    Attributes
    ----------
    coef_ : ndarray of shape (d,)
    intercept_ : float
    n_features_in_ : int
    """

    def __init__(self, lam: float = 1.0):
        self.lam = lam

    def fit(self, X, y) -> "Ridge":
        """Fit to ``X`` of shape ``(n, d)`` and ``y`` of shape ``(n,)``; return ``self``."""
        X, y = as_xy(X, y)
        lam = check_positive(self.lam, "lam", allow_zero=True)
        Xc, yc, x_mean, y_mean = _centre(X, y)
        n, d = X.shape
        A = np.vstack([Xc, np.sqrt(n * lam) * np.eye(d)])
        rhs = np.concatenate([yc, np.zeros(d)])
        self.coef_ = np.linalg.lstsq(A, rhs, rcond=None)[0]
        self.intercept_ = float(y_mean - x_mean @ self.coef_)
        self.n_features_in_ = d
        return self


def _lambdas(lams) -> np.ndarray:
    lams = as_vector(lams, "lams")
    if lams.size == 0 or np.any(lams < 0):
        raise ValueError("lams must be a non-empty 1-D array of penalty strengths >= 0")
    return lams


def ridge_path(X, y, lams) -> np.ndarray:
    r"""Ridge coefficients for each penalty in ``lams``, for a regularization-path figure.

    One singular value decomposition :math:`X_c = U \operatorname{diag}(s) V^\top` serves every
    :math:`\lambda`:

    .. math:: w(\lambda) = V \operatorname{diag}\Big(\frac{s_k}{s_k^2 + n\lambda}\Big) U^\top y_c

    which shows how ridge shrinks: direction :math:`k` is scaled by
    :math:`s_k^2 / (s_k^2 + n\lambda)`, never to exactly 0 for :math:`\lambda` finite.

    Parameters
    ----------
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
    lams : array_like of shape (m,)
        Penalty strengths, each ``>= 0``.

    Returns
    -------
    ndarray of shape (m, d)
        Row ``i`` is ``Ridge(lams[i]).fit(X, y).coef_``.
    """
    X, y = as_xy(X, y)
    lams = _lambdas(lams)
    Xc, yc, _, _ = _centre(X, y)
    n = X.shape[0]
    U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    denom = s[None, :] ** 2 + n * lams[:, None]
    # A zero singular value with lam = 0: that direction is unconstrained; take the
    # minimum-norm solution (factor 0), as lstsq does.
    factors = np.divide(s[None, :], denom, out=np.zeros_like(denom), where=denom > 0)
    return (factors * (U.T @ yc)[None, :]) @ Vt


def _lipschitz(Xc: np.ndarray) -> float:
    # The gradient of (1/n)||Xc w - yc||^2 is (2/n) Xc^T (Xc w - yc); its Lipschitz constant
    # is the largest eigenvalue of its Jacobian (2/n) Xc^T Xc.
    n = Xc.shape[0]
    return 2.0 * float(np.linalg.eigvalsh(Xc.T @ Xc / n)[-1])


def _ista(Xc, yc, lam, eta, n_steps, tol, w0):
    n = Xc.shape[0]
    # The gradient only needs these two products, computed once instead of every step.
    gram, xty = Xc.T @ Xc / n, Xc.T @ yc / n
    w = w0
    for step in range(1, n_steps + 1):
        grad = 2.0 * (gram @ w - xty)
        w_new = _shrink(w - eta * grad, eta * lam)
        change = float(np.max(np.abs(w_new - w)))
        w = w_new
        if change <= tol:
            return w, step
    return w, n_steps


class Lasso(_LinearModel):
    r"""Lasso: minimize :math:`\frac1n \lVert y - Xw - b \rVert^2 + \lambda \lVert w \rVert_1` by ISTA.

    The intercept is handled by centring: for any :math:`w` the best intercept is
    :math:`b = \bar y - \bar x \cdot w`, so the problem becomes one in :math:`w` alone on
    :math:`X_c, y_c`. ISTA (proximal gradient descent) alternates a gradient step on the smooth
    part and a soft threshold (:func:`soft_threshold`) for the penalty:

    .. math:: w \leftarrow S_{\eta\lambda}\Big(w - \eta \cdot \tfrac2n X_c^\top (X_c w - y_c)\Big)

    It converges for :math:`\eta \le 1/L`, with
    :math:`L = 2 \lambda_{\max}(X_c^\top X_c / n)` the Lipschitz constant of that gradient.
    Same coefficients as scikit-learn's ``Lasso(alpha=lam / 2)``.

    Parameters
    ----------
    lam : float
        Penalty strength :math:`\lambda \ge 0`.
    learning_rate : float or None
        Step :math:`\eta`; ``None`` uses :math:`1/L`.
    n_steps : int
        Maximum number of ISTA steps.
    tol : float
        Stop once no weight moves by more than ``tol`` in one step.

    Attributes
    ----------
    coef_ : ndarray of shape (d,)
        Often with exact zeros.
    intercept_ : float
    n_iter_ : int
        Steps taken; equal to ``n_steps`` means the tolerance was not reached.
    learning_rate_ : float
        The step actually used.
    n_features_in_ : int
    """

    def __init__(
        self,
        lam: float = 1.0,
        learning_rate: float | None = None,
        n_steps: int = 1000,
        tol: float = 1e-10,
    ):
        self.lam = lam
        self.learning_rate = learning_rate
        self.n_steps = n_steps
        self.tol = tol

    def fit(self, X, y) -> "Lasso":
        """Fit to ``X`` of shape ``(n, d)`` and ``y`` of shape ``(n,)``; return ``self``."""
        X, y = as_xy(X, y)
        lam = check_positive(self.lam, "lam", allow_zero=True)
        n_steps = check_count(self.n_steps, "n_steps")
        tol = check_positive(self.tol, "tol", allow_zero=True)
        Xc, yc, x_mean, y_mean = _centre(X, y)
        eta = _step_size(self.learning_rate, Xc)
        w, self.n_iter_ = _ista(Xc, yc, lam, eta, n_steps, tol, np.zeros(X.shape[1]))
        self.coef_, self.intercept_ = w, float(y_mean - x_mean @ w)
        self.learning_rate_ = eta
        self.n_features_in_ = X.shape[1]
        return self


def _step_size(learning_rate, Xc) -> float:
    if learning_rate is not None:
        return check_positive(learning_rate, "learning_rate")
    L = _lipschitz(Xc)
    # L = 0 only when every column is constant; then w = 0 is the answer and any step works.
    return 1.0 / L if L > 0 else 1.0


def lasso_path(X, y, lams, *, n_steps: int = 1000, tol: float = 1e-10) -> np.ndarray:
    r"""Lasso coefficients for each penalty in ``lams``, for a regularization-path figure.

    Each fit starts from the previous one's solution (a warm start), which is why the path is
    cheaper than separate fits; sort ``lams`` from large to small to profit most.

    Parameters
    ----------
    X : array_like of shape (n, d)
    y : array_like of shape (n,)
    lams : array_like of shape (m,)
        Penalty strengths, each ``>= 0``.
    n_steps, tol : keyword-only
        As in :class:`Lasso`, per penalty.

    Returns
    -------
    ndarray of shape (m, d)
        Row ``i`` is the minimizer for ``lams[i]``, as ``Lasso(lams[i]).fit(X, y).coef_``.
    """
    X, y = as_xy(X, y)
    lams = _lambdas(lams)
    n_steps = check_count(n_steps, "n_steps")
    tol = check_positive(tol, "tol", allow_zero=True)
    Xc, yc, _, _ = _centre(X, y)
    eta = _step_size(None, Xc)
    path = np.empty((lams.size, X.shape[1]))
    w = np.zeros(X.shape[1])
    for i, lam in enumerate(lams):
        w, _ = _ista(Xc, yc, lam, eta, n_steps, tol, w)
        path[i] = w
    return path
