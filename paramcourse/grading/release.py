"""Regenerate the student folders ``exercises/NAME/`` from the bundles ``solutions/NAME/``.

nbgrader's ``generate_assignment`` runs in a temporary copy of the course (so no
``gradebook.db`` or ``release/`` folder is left behind), and the released files are
copied back: the student notebook and the public part of ``checks.py`` (its hidden regions
stripped, :func:`paramcourse.grading.bundle.strip_hidden`); ``mistakes.py`` stays private. The
output depends only on the bundles, the course's ``nbgrader_config.py`` and the nbgrader
version: on a clean checkout the command changes no file, and a file whose bytes are unchanged
is not rewritten at all.

Before anything is generated, each test cell is checked for what the grader's replay can
handle (:func:`replay_problems`): the replay answers the student's functions from the
transcript of the calls a check made, so a test cell may only hand the student's functions to
checks, never call them itself or read other notebook variables.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import tempfile
from pathlib import Path

import ast
import json

from paramcourse.grading import UngradableError
from paramcourse.grading.bundle import CHECKS_FILE, MISTAKES_FILE, strip_hidden
from paramcourse.grading.course import RELEASE_DIRECTORY, SOURCE_DIRECTORY, assignment_names, find_course
from paramcourse.grading.transcript import free_names

__all__ = ["release", "replay_problems"]

# Files of a bundle that never reach students, and build litter that is never released.
_PRIVATE = {MISTAKES_FILE}
_LITTER = {"__pycache__", ".ipynb_checkpoints"}


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
    for name in names:
        problems = replay_problems(course_dir / SOURCE_DIRECTORY / name / f"{name}.ipynb")
        if problems:
            raise UngradableError(f"solutions/{name}/{name}.ipynb cannot be released: " + "; ".join(problems))
    with tempfile.TemporaryDirectory(prefix="paramcourse-release-") as tmp:
        root = Path(tmp)
        for name in names:
            shutil.copytree(course_dir / SOURCE_DIRECTORY / name, root / "source" / name,
                            ignore=shutil.ignore_patterns(*_LITTER, *_PRIVATE))
        _generate(root, course_dir, names)
        written = []
        for name in names:
            released = root / "release" / name
            checks = released / CHECKS_FILE
            if checks.is_file():
                try:
                    public = strip_hidden(checks.read_text(encoding="utf-8"), f"solutions/{name}/{CHECKS_FILE}")
                except ValueError as error:
                    raise UngradableError(f"cannot release {name}: {error}") from None
                checks.write_text(public, encoding="utf-8")
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


def _student_functions(notebook: dict) -> set[str]:
    """Names of the functions the solution cells define (what students write)."""
    names: set[str] = set()
    for cell in notebook.get("cells", []):
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        if cell.get("cell_type") != "code" or not meta.get("solution"):
            continue
        try:
            tree = ast.parse("".join(cell.get("source", "")))
        except SyntaxError:
            continue
        names |= {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    return names


def replay_problems(path: Path) -> list[str]:
    """What in the test cells of the instructor's notebook ``path`` the replay cannot handle.

    A test cell is replayed outside the student's kernel with each free name standing for a
    student function answered from the transcript, so it must (1) read no notebook variable
    other than the student's functions (import or define everything else in the cell), and
    (2) use a student function only as an argument of a call (``checks.check_x(f)``): a direct
    call ``f(...)`` or an attribute ``f.x`` is not recorded. Returns one line per problem,
    naming the cell.
    """
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    functions = _student_functions(notebook)
    problems = []
    for cell in notebook.get("cells", []):
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        if cell.get("cell_type") != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        cell_id = meta.get("grade_id", "?")
        source = "".join(cell.get("source", ""))
        try:
            tree = ast.parse(source)
        except SyntaxError as error:
            problems.append(f"test cell {cell_id!r} is not valid Python ({error.msg}, line {error.lineno})")
            continue
        for name in sorted(free_names(source) - functions):
            problems.append(
                f"test cell {cell_id!r} reads {name!r}, which is neither a student function nor defined "
                "in the cell: import or define it in the test cell (the grader replays the cell on its own)"
            )
        arguments = {id(arg) for node in ast.walk(tree) if isinstance(node, ast.Call)
                     for arg in (*node.args, *(k.value for k in node.keywords))}
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in functions and isinstance(node.ctx, ast.Load) \
                    and id(node) not in arguments:
                problems.append(
                    f"test cell {cell_id!r} uses the student function {node.id!r} other than as an argument "
                    f"of a check (line {node.lineno}); pass it to a check function that calls it through "
                    "paramcourse.grading.compare (check_cases, call), so that the call is recorded"
                )
    return problems
