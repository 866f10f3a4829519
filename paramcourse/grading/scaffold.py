"""``paramcourse new NAME``: a new assignment bundle that releases, checks and grades out of the box.

The bundle is ``solutions/NAME/`` with a small worked assignment (one function, ``scale``) that
shows every convention at once: the notebook's nbgrader metadata, a visible and a hidden test
cell that load the checks with ``load_checks``, the worked example defined once in
``checks.py``, a hidden region, and a ``mistakes.py`` with two catalogued mistakes. The
instructor then replaces the function, the checks and the mistakes with their own; the guide
``docs/writing-an-assignment.md`` walks through it. The scaffold is released at once, so
``exercises/NAME/`` exists too.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path

from paramcourse.grading import UngradableError
from paramcourse.grading.course import RELEASE_DIRECTORY, SOURCE_DIRECTORY, find_course

__all__ = ["new_assignment"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

_CHECKS = '''r"""Checks of the ``{name}`` assignment: ``scale``.

Contract: ``scale(x, factor) -> ndarray``, the array ``x`` multiplied by ``factor``, of the same
shape; ``x`` is not modified.

A check calls the student's function on inputs of at least two shapes; a hint names a cause
only when a mistake of mistakes.py reproduces every output (paramcourse.grading.diagnosis).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from paramcourse.grading.bundle import mistakes_beside
from paramcourse.grading.compare import check_cases, check_pure
from paramcourse.grading.diagnosis import Case

MISTAKES = mistakes_beside(__file__)
FORMULA = "scale(x, factor) = factor * x, entry by entry, with the shape of x"

#: The worked example of the notebook (x_example, factor_example): defined here only.
EXAMPLE = Case("the example (x_example, factor_example)", (np.array([1.0, -2.0, 0.5]), 3.0))
#: A second visible input of another shape: a cause is named only when it explains both.
SECOND = Case("a 2 x 2 array with factor -0.5", (np.array([[1.0, 2.0], [3.0, 4.0]]), -0.5))


def _scale(x: np.ndarray, factor: float) -> np.ndarray:
    return factor * np.asarray(x, dtype=float)


def check_scale_values(scale: Callable) -> None:
    """``scale`` on the worked example and on a second visible input."""
    check_cases(scale, "scale", [EXAMPLE, SECOND], lambda case: _scale(*case.args),
                formula=FORMULA, catalogue=MISTAKES)


### BEGIN HIDDEN CHECKS
_HIDDEN = [
    Case("a hidden 3 x 1 x 2 array with factor 0", (np.arange(6.0).reshape(3, 1, 2), 0.0)),
    Case("a hidden vector of length 5 with factor 2.5", (np.linspace(-1.0, 1.0, 5), 2.5)),
]


def check_scale_hidden(scale: Callable) -> None:
    """Hidden inputs (a zero factor, a three-dimensional array), and ``x`` left unchanged."""
    check_cases(scale, "scale", _HIDDEN, lambda case: _scale(*case.args), formula=FORMULA, catalogue=MISTAKES)
    check_pure(scale, "scale", _HIDDEN, ("x", "factor"), MISTAKES)
### END HIDDEN CHECKS


#: The checks of each function the student writes, in the order the test cells call them.
CHECKS = {{"scale": ("check_scale_values", "check_scale_hidden")}}
'''

_MISTAKES = '''"""Plausible wrong answers to the ``{name}`` assignment, each with the hint it gets.

The grader names one of these only when it reproduces the student's results on every input of a
check. Each function has the contract's signature.
"""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import collect, mistake


@mistake("scale", "you added factor instead of multiplying by it: return factor * x.")
def scale_adds(x, factor):
    return x + factor


@mistake("scale", "you divided by factor instead of multiplying by it: return factor * x.")
def scale_divides(x, factor):
    return x / factor


@mistake("scale", "your function changes x in place (x *= factor): return a new array, factor * x.")
def scale_in_place(x, factor):
    x *= factor
    return x


MISTAKES = collect(globals())
'''


def _cell(kind: str, source: str, grade_id: str | None = None, *, solution: bool = False,
          points: float = 0) -> dict:
    cell: dict = {"cell_type": kind, "id": grade_id or kind, "metadata": {}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    if grade_id is not None:
        cell["metadata"]["nbgrader"] = {
            "grade": points > 0, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, **({"points": points} if points > 0 else {}),
        }
    return cell


def _notebook(name: str) -> dict:
    title = name.replace("_", " ").capitalize()
    load = f'from paramcourse.grading.bundle import load_checks\nchecks = load_checks("{name}")\n'
    cells = [
        _cell("markdown", f"# Assignment: {title}\n\nFill in the body of each function where it says "
              "`raise NotImplementedError()`; keep the `def` line and the docstring. Save the notebook and "
              f"run the last cell (or `paramcourse check {name}.ipynb`) to see your score and hints.", "intro"),
        _cell("code", "import numpy as np\n" + load + "\n"
              "# The worked example used by the visible tests, defined once in checks.py.\n"
              "x_example, factor_example = checks.EXAMPLE.args\n"
              "print(\"x_example =\", x_example, \" factor_example =\", factor_example)", "setup"),
        _cell("markdown", "## 1. Scaling an array\n\nReturn a new array: every entry of `x` times `factor`.",
              "explain_scale"),
        _cell("code", 'def scale(x: np.ndarray, factor: float) -> np.ndarray:\n'
              '    """Return ``factor * x``, an array of the shape of ``x``; ``x`` is not modified."""\n'
              "    ### BEGIN SOLUTION\n    return factor * np.asarray(x, dtype=float)\n    ### END SOLUTION",
              "scale", solution=True),
        _cell("code", "# Test: scale on the worked example and a second input\n" + load
              + "checks.check_scale_values(scale)", "test_scale_values", points=1),
        _cell("code", "# Hidden tests (other shapes, a zero factor, x left unchanged) run when the notebook is "
              "graded.\n" + load + "checks.check_scale_values(scale)\n### BEGIN HIDDEN TESTS\n"
              "checks.check_scale_hidden(scale)\n### END HIDDEN TESTS", "test_scale_hidden", points=1),
        _cell("markdown", "## Check your work\n\nSave the notebook, then run the cell below.", "check_intro"),
        _cell("code", f'from paramcourse.grading import self_check\n\nself_check("{name}.ipynb")', "self_check"),
    ]
    for cell in cells:
        text = cell["source"]
        cell["source"] = text.splitlines(keepends=True)
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def new_assignment(name: str, course: str | Path | None = None, *, release: bool = True) -> list[Path]:
    """Create the bundle ``solutions/NAME/`` (and release it); return the files written.

    Raises
    ------
    UngradableError
        When ``name`` is not a lower-case Python identifier, or the assignment already exists.
    """
    import json

    if not _NAME.match(name) or keyword.iskeyword(name):
        raise UngradableError(
            f"{name!r} cannot name an assignment: use lower-case letters, digits and underscores, "
            "starting with a letter (it becomes a folder and a notebook name)"
        )
    course_dir = find_course(explicit=Path(course) if course is not None else None)
    folder = course_dir / SOURCE_DIRECTORY / name
    if folder.exists() or (course_dir / RELEASE_DIRECTORY / name).exists():
        raise UngradableError(f"the assignment {name!r} exists already ({folder}); choose another name")
    folder.mkdir(parents=True)
    written = [folder / "checks.py", folder / "mistakes.py", folder / f"{name}.ipynb"]
    written[0].write_text(_CHECKS.format(name=name), encoding="utf-8")
    written[1].write_text(_MISTAKES.format(name=name), encoding="utf-8")
    written[2].write_text(json.dumps(_notebook(name), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if release:
        from paramcourse.grading.release import release as release_bundles

        written += release_bundles(course=course_dir, names=[name])
    return written
