"""Correct answers to each graded assignment, written in different styles: loops and vectorized
code, lists and tuples where the contract allows them, NumPy scalars, in-place updates on private
copies. Every check of the assignment must pass each of them.

Each module ``tests/variants/<assignment>.py`` defines plain functions with the contract's
signatures, registered with :func:`correct`, and ends with ``CORRECT = collect(globals())``.
The wrong answers live in the bundles (``solutions/<assignment>/mistakes.py``, which the grader's
diagnosis uses) and in ``tests/heldout/`` (written apart, to audit that no hint names a wrong cause).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple


class Correct(NamedTuple):
    target: str
    func: Callable


def correct(target: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a correct implementation of ``target``."""

    def register(func: Callable) -> Callable:
        func._catalogue = Correct(target, func)  # type: ignore[attr-defined]
        return func

    return register


def collect(namespace: dict) -> list[Correct]:
    """The registered correct variants of a module, in definition order."""
    return [v._catalogue for v in list(namespace.values()) if isinstance(getattr(v, "_catalogue", None), Correct)]
