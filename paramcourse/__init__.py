"""paramcourse: the small NumPy teaching package behind the course *Parameters in Machine Learning*.

Every chapter of the book imports it so that its cells stay short. One module per concept:

==============  =====================================================================
``data``        seeded synthetic data, bundled datasets, splits
``losses``      losses, their gradients, loss surfaces over ``(w, b)``
``gradcheck``   finite-difference gradient checks
``linear``      least squares, polynomial features, ridge and lasso estimators
``optim``       optimizers as pure ``init``/``update`` pairs, schedules, ``minimize``
``initializers`` zeros, normal, Xavier/Glorot, He/Kaiming, gains
``mlp``         a tiny NumPy multilayer perceptron: backprop, dropout, a classifier
``preprocessing`` standardizing and min-max scaling fitted on training data, feature selection, augmentation
``sharing``     parameter counts of dense, convolution, recurrent, embedding, attention layers
``tuning``      k-fold splits, cross-validation, grid, random and nested search, successive halving
``bayesopt``    Gaussian-process surrogate, expected improvement, a Bayesian-optimization loop
``importance``  standardized coefficients, permutation, drop-column and impurity importance
``landscape``   random 2-D slices of a loss, filter-normalized directions
``autodiff``    a tiny automatic differentiation on scalars: forward and reverse sweeps
``beliefs``     likelihood, prior and posterior: MAP estimates, Bayesian linear regression, intervals
``transfer``    pretrained weights, freezing and fine-tuning, low-rank adapters, parameter memory
``plots``       one plotting function per figure kind (matplotlib imported lazily)
``widgets``     ipywidgets explorers, each with a static fallback
``glue``        hand a computed value to the book's text (myst-nb's glue format)
==============  =====================================================================

Submodules are imported on first use (``paramcourse.linear`` works after a bare
``import paramcourse``), which keeps ``import paramcourse`` about as fast as ``import numpy``.
"""

from __future__ import annotations

import importlib

__version__ = "0.2.0"

_SUBMODULES = frozenset(
    {
        "data",
        "losses",
        "gradcheck",
        "linear",
        "optim",
        "initializers",
        "mlp",
        "preprocessing",
        "sharing",
        "tuning",
        "bayesopt",
        "importance",
        "landscape",
        "autodiff",
        "beliefs",
        "transfer",
        "glue",
        "plots",
        "widgets",
        "grading",
    }
)

__all__ = sorted(_SUBMODULES) + ["__version__"]


def __getattr__(name: str):
    # PEP 562: import a submodule the first time it is asked for.
    if name in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'paramcourse' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
