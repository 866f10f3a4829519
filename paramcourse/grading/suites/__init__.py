"""The checks of the graded assignments, one module per assignment.

Each module ``paramcourse.grading.suites.<assignment>`` holds ``check_*`` functions that the
notebook's test cells call with the student's function, e.g.::

    from paramcourse.grading.suites import gradient_descent as suite
    suite.check_mse_loss_values(mse_loss)

and a ``CHECKS`` mapping from each contract function to its checks. A check passes silently or
raises ``AssertionError`` whose message is one paragraph ending in ``Hint: ...``; it judges
behaviour only, through the strict converters of :mod:`paramcourse.grading.compare`.

While a notebook is graded, its test cells run twice: in the student's kernel, which only
records each call of a student function, and in the grader's process, which replays the check
against those records and decides (:mod:`paramcourse.grading.transcript`). A check must
therefore be deterministic and call the student's functions only through ``compare.call``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

#: The graded assignments, in the order the course introduces them.
ASSIGNMENTS: tuple[str, ...] = (
    "gradient_descent",
    "optimizers",
    "initialization",
    "regularization",
    "hyperparameter_search",
)


def load(assignment: str) -> ModuleType:
    """Return the suite module of ``assignment`` (``ValueError`` for an unknown name)."""
    if assignment not in ASSIGNMENTS:
        known = ", ".join(ASSIGNMENTS)
        raise ValueError(f"unknown assignment {assignment!r}; known: {known}")
    return importlib.import_module(f"{__name__}.{assignment}")
