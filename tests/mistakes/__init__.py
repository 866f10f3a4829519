"""The mistake catalogue: plausible wrong answers to each graded assignment, and correct answers
written in different styles.

Each module ``tests/mistakes/<assignment>.py`` defines plain functions with the contract's
signatures and exposes two lists built with :func:`correct` and :func:`mistake`:

* ``CORRECT``: ``(function_name, implementation)`` -- every check must pass;
* ``MISTAKES``: ``(function_name, implementation, hint_keyword)`` -- at least one check of that
  function must fail, and the first failure's message must contain ``hint_keyword``.

``tests/test_grading_suites.py`` runs the suites in :mod:`paramcourse.grading.suites` against them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple


class Correct(NamedTuple):
    target: str
    func: Callable


class Mistake(NamedTuple):
    target: str
    func: Callable
    keyword: str


def correct(target: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a correct implementation of ``target``."""

    def register(func: Callable) -> Callable:
        func._catalogue = Correct(target, func)  # type: ignore[attr-defined]
        return func

    return register


def mistake(target: str, keyword: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as a wrong ``target`` whose hint must mention ``keyword``."""

    def register(func: Callable) -> Callable:
        func._catalogue = Mistake(target, func, keyword)  # type: ignore[attr-defined]
        return func

    return register


def collect(namespace: dict) -> tuple[list[Correct], list[Mistake]]:
    """The registered correct variants and mistakes of a module, in definition order."""
    entries = [v._catalogue for v in namespace.values() if hasattr(v, "_catalogue")]
    return (
        [e for e in entries if isinstance(e, Correct)],
        [e for e in entries if isinstance(e, Mistake)],
    )
