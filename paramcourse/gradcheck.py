r"""Checking gradients with finite differences.

A hand-derived gradient is easy to get subtly wrong (a missing factor 2, a transposed matrix).
The derivative is the limit of a difference quotient, so a small but finite step gives an
independent estimate to compare with:

.. math::
    \frac{\partial f}{\partial x_j}
    \approx \frac{f(x + \varepsilon e_j) - f(x - \varepsilon e_j)}{2 \varepsilon}

The central difference has error of order :math:`\varepsilon^2` (the one-sided difference only
:math:`\varepsilon`); with :math:`\varepsilon = 10^{-6}` in double precision, truncation and
rounding errors are both around :math:`10^{-10}` for well-scaled functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._validation import as_array, check_callable, check_positive

__all__ = ["GradCheckResult", "check_gradient", "numerical_gradient"]


def _call_scalar(f: Callable, x: np.ndarray) -> float:
    value = np.asarray(f(x))
    if value.size != 1:
        raise ValueError(f"f must return a single number (the loss); it returned shape {value.shape}")
    return float(value.reshape(()))


def numerical_gradient(f: Callable[[np.ndarray], float], x, eps: float = 1e-6) -> np.ndarray:
    r"""Estimate the gradient of ``f`` at ``x`` by central differences, one coordinate at a time.

    .. math:: g_j = \frac{f(x + \varepsilon e_j) - f(x - \varepsilon e_j)}{2 \varepsilon}

    Parameters
    ----------
    f : callable
        Maps an array of ``x``'s shape to a number.
    x : array_like of any shape
        The point; it is not modified (``f`` is evaluated at copies).
    eps : float
        The step :math:`\varepsilon > 0`.

    Returns
    -------
    ndarray of the same shape as ``x``
        Costs ``2 * x.size`` evaluations of ``f``.
    """
    f = check_callable(f, "f")
    x = as_array(x, "x")
    eps = check_positive(eps, "eps")
    grad = np.empty_like(x)
    for index in np.ndindex(x.shape):
        shifted = x.copy()
        shifted[index] = x[index] + eps
        f_plus = _call_scalar(f, shifted)
        shifted[index] = x[index] - eps
        f_minus = _call_scalar(f, shifted)
        grad[index] = (f_plus - f_minus) / (2.0 * eps)
    return grad


@dataclass(frozen=True, eq=False)
class GradCheckResult:
    """Outcome of :func:`check_gradient`.

    Attributes
    ----------
    max_abs_error : float
        Largest ``|analytic - numerical|`` over the entries.
    max_rel_error : float
        Largest relative error ``|a - n| / max(|a| + |n|, 1e-12)``.
    worst_index : tuple of int
        Index of the entry with the largest relative error.
    passed : bool
        Whether every entry has relative error ``<= rtol`` or absolute error ``<= atol``.
    analytic, numerical : ndarray
        The two gradients that were compared.
    """

    max_abs_error: float
    max_rel_error: float
    worst_index: tuple[int, ...]
    passed: bool
    analytic: np.ndarray
    numerical: np.ndarray


def check_gradient(
    f: Callable[[np.ndarray], float],
    grad,
    x,
    eps: float = 1e-6,
    rtol: float = 1e-5,
    *,
    atol: float = 1e-8,
) -> GradCheckResult:
    r"""Compare an analytic gradient with :func:`numerical_gradient` and report the worst entry.

    For each entry, with analytic value :math:`a` and numerical value :math:`n`,

    .. math:: \text{rel} = \frac{|a - n|}{\max(|a| + |n|,\ 10^{-12})}

    The relative error is scale-free, but where the true derivative is 0 it compares two
    tiny rounding errors and can be large for a correct gradient; ``atol`` lets such entries
    pass when their absolute error is negligible.

    Parameters
    ----------
    f : callable
        The function, mapping an array of ``x``'s shape to a number.
    grad : callable or array_like
        The analytic gradient: a function ``grad(x)`` or its value at ``x``; same shape as ``x``.
    x : array_like of any shape
        The point of the check (not modified).
    eps : float
        Finite-difference step.
    rtol : float
        Largest relative error that passes.
    atol : float, keyword-only
        Absolute error below which an entry passes whatever its relative error.

    Returns
    -------
    GradCheckResult
    """
    x = as_array(x, "x")
    rtol = check_positive(rtol, "rtol")
    atol = check_positive(atol, "atol", allow_zero=True)
    analytic = as_array(grad(x.copy()) if callable(grad) else grad, "grad")
    if analytic.shape != x.shape:
        raise ValueError(f"grad must have the shape of x, {x.shape}; got {analytic.shape}")
    numerical = numerical_gradient(f, x, eps)

    abs_err = np.abs(analytic - numerical)
    rel_err = abs_err / np.maximum(np.abs(analytic) + np.abs(numerical), 1e-12)
    worst = np.unravel_index(int(np.argmax(rel_err)), x.shape) if x.size else ()
    return GradCheckResult(
        max_abs_error=float(abs_err.max(initial=0.0)),
        max_rel_error=float(rel_err.max(initial=0.0)),
        worst_index=tuple(int(i) for i in worst),
        passed=bool(np.all((rel_err <= rtol) | (abs_err <= atol))),
        analytic=analytic,
        numerical=numerical,
    )
