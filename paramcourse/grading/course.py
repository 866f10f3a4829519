"""Finding the course and the assignment a notebook belongs to.

A *course* is a directory holding ``nbgrader_config.py`` and ``solutions/``; the
repository root is one (so is Binder's working directory). An *assignment* ``NAME``
is ``solutions/NAME/NAME.ipynb``.

How the assignment of a notebook is decided
-------------------------------------------
1. ``--assignment NAME`` when given.
2. The notebook's file stem, when it names an assignment (``gradient_descent.ipynb``).
3. Otherwise (a renamed copy such as ``gradient_descent-Copy1.ipynb``) the
   assignment whose graded cells' ``grade_id`` values the notebook carries in its
   nbgrader cell metadata, when exactly one assignment matches best.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paramcourse.grading import UngradableError

__all__ = [
    "GradeCell",
    "assignment_names",
    "find_course",
    "grade_cells",
    "identify_assignment",
    "is_course",
    "solution_notebook",
]

SOURCE_DIRECTORY = "solutions"
RELEASE_DIRECTORY = "exercises"


@dataclass(frozen=True)
class GradeCell:
    """One auto-graded test cell of the instructor's notebook; ``source`` is its code, hidden
    tests included (the grader replays it, see :mod:`.transcript`)."""

    name: str
    max_score: float
    source: str = field(default="", compare=False, repr=False)


def is_course(directory: Path) -> bool:
    """Return whether ``directory`` holds ``nbgrader_config.py`` and ``solutions/``."""
    return (directory / "nbgrader_config.py").is_file() and (directory / SOURCE_DIRECTORY).is_dir()


def _upward(start: Path) -> Iterable[Path]:
    start = start.resolve()
    yield start
    yield from start.parents


def _installed_course() -> Path | None:
    """The repository this package runs from, if it is a course (an editable install)."""
    root = Path(__file__).resolve().parents[2]  # paramcourse/grading/course.py -> root
    return root if is_course(root) else None


def find_course(near: Path | None = None, explicit: Path | None = None) -> Path:
    """Return the course directory.

    Parameters
    ----------
    near : Path, optional
        The notebook being graded, or a folder of submissions; the search starts
        at that folder (the notebook's folder).
    explicit : Path, optional
        A directory given with ``--course``; it must be a course.

    Returns
    -------
    Path
        The first course found upward from the notebook's folder, then upward from
        the current working directory, then the course this package is installed from
        (``pip install -e .`` in the repository), so that a notebook copied anywhere
        can still be checked on the machine that has the course.

    Raises
    ------
    UngradableError
        When no course is found.
    """
    if explicit is not None:
        if not is_course(Path(explicit)):
            raise UngradableError(
                f"{explicit} is not a course directory: it needs nbgrader_config.py and "
                f"{SOURCE_DIRECTORY}/; pass the repository root with --course"
            )
        return Path(explicit).resolve()
    starts = [Path.cwd()]
    if near is not None:
        starts.insert(0, Path(near) if Path(near).is_dir() else Path(near).parent)
    for start in starts:
        for directory in _upward(start):
            if is_course(directory):
                return directory
    installed = _installed_course()
    if installed is not None:
        return installed
    raise UngradableError(
        f"no course found (a folder with nbgrader_config.py and {SOURCE_DIRECTORY}/) above "
        f"{starts[0]} or the current directory; run from the repository or pass --course DIR"
    )


def solution_notebook(course: Path, name: str) -> Path:
    """Return the instructor's notebook ``solutions/NAME/NAME.ipynb`` of ``course``."""
    return course / SOURCE_DIRECTORY / name / f"{name}.ipynb"


def assignment_names(course: Path) -> list[str]:
    """Return the sorted names of the assignments of ``course``."""
    source = course / SOURCE_DIRECTORY
    return sorted(p.name for p in source.iterdir() if solution_notebook(course, p.name).is_file())


def _cells_metadata(notebook: dict[str, Any]) -> list[dict[str, Any]]:
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        return []
    found = []
    for cell in cells:
        meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
        nbgrader = meta.get("nbgrader") if isinstance(meta, dict) else None
        if isinstance(nbgrader, dict):
            found.append(nbgrader)
    return found


def grade_cells(course: Path, name: str) -> list[GradeCell]:
    """Return the auto-graded cells of an assignment, in notebook order.

    They come from the instructor's notebook, never from the student's: a test cell
    deleted from a submission still counts, with zero points.
    """
    with open(solution_notebook(course, name), encoding="utf-8") as handle:
        notebook = json.load(handle)
    cells = []
    for cell in notebook.get("cells", []):
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        if meta.get("grade") and not meta.get("solution"):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            cells.append(GradeCell(str(meta["grade_id"]), float(meta.get("points", 0)), source))
    return cells


def identify_assignment(
    course: Path, notebook_path: Path, notebook: dict[str, Any], explicit: str | None = None
) -> str:
    """Return the assignment ``notebook`` belongs to (see the module docstring).

    Raises
    ------
    UngradableError
        When the assignment is unknown or cannot be told.
    """
    names = assignment_names(course)
    if explicit is not None:
        if explicit not in names:
            raise UngradableError(
                f"unknown assignment {explicit!r}; the course at {course} has: {', '.join(names) or 'none'}"
            )
        return explicit
    stem = notebook_path.stem
    if stem in names:
        return stem
    ids = {str(meta.get("grade_id")) for meta in _cells_metadata(notebook)}
    overlap = {name: len(ids & {cell.name for cell in grade_cells(course, name)}) for name in names}
    best = max(overlap.values(), default=0)
    winners = [name for name, count in overlap.items() if count == best]
    if best > 0 and len(winners) == 1:
        return winners[0]
    raise UngradableError(
        f"cannot tell which assignment {notebook_path.name} is: its name is not one of "
        f"{', '.join(names) or 'no assignments'}; rename it to <assignment>.ipynb or pass --assignment NAME"
    )
