"""Regenerate the student notebooks ``exercises/NAME/`` from ``solutions/NAME/``.

nbgrader's ``generate_assignment`` runs in a temporary copy of the course (so no
``gradebook.db`` or ``release/`` folder is left behind), and the released files are
copied back. The output depends only on the solution notebooks, the course's
``nbgrader_config.py`` and the nbgrader version: on a clean checkout the command
changes no file, and a file whose bytes are unchanged is not rewritten at all.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import tempfile
from pathlib import Path

from paramcourse.grading import UngradableError
from paramcourse.grading.course import RELEASE_DIRECTORY, SOURCE_DIRECTORY, assignment_names, find_course

__all__ = ["release"]


def release(
    course: str | os.PathLike[str] | None = None,
    names: list[str] | None = None,
    out: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Release assignments and return the files written or confirmed unchanged.

    Parameters
    ----------
    course : path-like, optional
        The course directory (default: searched upward from the working directory).
    names : list of str, optional
        Assignments to release (default: all of them).
    out : path-like, optional
        Where the ``NAME/`` folders go (default: the course's ``exercises/``).

    Returns
    -------
    list of Path
        Every released file, sorted.

    Raises
    ------
    UngradableError
        When an assignment is unknown or nbgrader cannot generate it.
    """
    course_dir = find_course(explicit=Path(course) if course is not None else None)
    known = assignment_names(course_dir)
    names = list(names) if names else known
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UngradableError(
            f"unknown assignment(s) {', '.join(unknown)}; the course at {course_dir} has: {', '.join(known) or 'none'}"
        )
    destination = Path(out) if out is not None else course_dir / RELEASE_DIRECTORY
    with tempfile.TemporaryDirectory(prefix="paramcourse-release-") as tmp:
        root = Path(tmp)
        for name in names:
            shutil.copytree(course_dir / SOURCE_DIRECTORY / name, root / "source" / name)
        _generate(root, course_dir, names)
        written = []
        for name in names:
            released = root / "release" / name
            for source in sorted(p for p in released.rglob("*") if p.is_file()):
                target = destination / name / source.relative_to(released)
                written.append(target)
                data = source.read_bytes()
                if target.is_file() and target.read_bytes() == data:
                    continue  # unchanged: keep its timestamp
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
    return sorted(written)


def _generate(root: Path, course: Path, names: list[str]) -> None:
    import nbgrader.api

    from paramcourse.grading.runner import alembic_head, nbgrader_config

    nbgrader.api.get_alembic_version = alembic_head  # no subprocess per fresh gradebook
    from nbgrader.converters import GenerateAssignment
    from nbgrader.converters.base import NbGraderException
    from nbgrader.coursedir import CourseDirectory

    config = nbgrader_config(root, course, cell_timeout=60)
    for name in names:
        coursedir = CourseDirectory(config=config)
        coursedir.assignment_id = name
        app = GenerateAssignment(coursedir=coursedir, config=config)
        app.force = True
        app.create_assignment = True
        captured = io.StringIO()
        handler = logging.StreamHandler(captured)
        app.log.addHandler(handler)
        try:
            app.start()
        except NbGraderException:
            errors = [line for line in captured.getvalue().splitlines() if line.strip()]
            raise UngradableError(
                f"nbgrader could not generate {name}: {errors[-1] if errors else 'see nbgrader output'}; "
                f"check the nbgrader metadata of solutions/{name}/{name}.ipynb"
            ) from None
        finally:
            app.log.removeHandler(handler)
