"""Practice inside the chapters: ``check(fn)`` for the short coding exercises of the book.

An exercise is a code cell tagged ``practice`` that defines one function; the next cell runs::

    from paramcourse.practice import check
    check(fit_line)

:func:`check` finds the exercise by the function's name, runs it on a few small inputs in the
learner's own process (well under a second), and returns a :class:`Result` with ``passed`` and
``message`` that Jupyter shows as a tick or as what went wrong. It never raises for a wrong or
unfinished answer. Wrong answers are diagnosed as in the graded assignments
(:mod:`paramcourse.grading.diagnosis`): a hint names a mistake only when a catalogued wrong
implementation reproduces every output; otherwise it says what was observed and the formula.

The exercises live in one module per chapter (``paramcourse.practice.ch05`` ...), each with a
tuple ``EXERCISES`` of :class:`Exercise`; names are unique across the book.
"""

from __future__ import annotations

from paramcourse.practice.core import Exercise, Result, check, exercises

__all__ = ["Exercise", "Result", "check", "exercises"]
