"""Seeded data for the checks of assignments (``solutions/<name>/checks.py``) and practice.

The data are generated from fixed seeds, rather than read from files, so that a check is a pure
function of the student's code and the check's own source. Nothing here is a hidden case: the
seeds and sizes of those live in each bundle's hidden part.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Regression(NamedTuple):
    """A small linear-regression problem: ``X`` is ``(n, d)``, ``y`` is ``(n,)``; ``w``, ``b``
    a point in parameter space at which losses and gradients are evaluated."""

    X: np.ndarray
    y: np.ndarray
    w: np.ndarray
    b: float
    label: str


def make_regression(seed: int, n: int, d: int, label: str, offset: float = 0.0) -> Regression:
    """Seeded regression data with roughly standardized features (a well-conditioned problem,
    so that gradient methods converge within the step counts the checks use).

    ``offset`` shifts every feature, which makes the intercept matter (for the ridge and lasso
    checks where a penalized intercept must be told apart from an unpenalized one).
    """
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) + offset
    w_true = rng.normal(size=d)
    y = X @ w_true + 1.5 + 0.3 * rng.normal(size=n)
    w = rng.normal(size=d)
    b = float(rng.normal())
    return Regression(X, y, w, b, label)


def copies(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """Private copies of the inputs, taken before a call to test purity afterwards."""
    return tuple(np.array(a, copy=True) for a in arrays)
