"""Self-check and class grading of the course's assignments, with nbgrader underneath.

The pieces, one concept per module:

=============  ========================================================================
``course``     find the course (the directory holding ``nbgrader_config.py`` and
               ``solutions/``) and tell which assignment a notebook belongs to
``runner``     grade one notebook with nbgrader's real autograde pipeline, in a
               temporary course directory and a supervised worker process (a notebook
               whose test cells are missing is rebuilt from the instructor's first)
``kernel``     how the notebook runs: memory cap, output cap, restarts after a dead kernel
``transcript`` calls of the student's functions recorded in the kernel (each with a time
               budget), replayed outside it
``report``     the verdict (replayed tests) and hints; text and JSON reports
``borrowing``  student code that reaches for the course's reference implementations
``guard``      snapshot of the course's files, restored after each submission
``batch``      grade a class folder in parallel into a CSV (and an nbgrader gradebook)
``gradebook``  record grades in an nbgrader gradebook (SQLite or PostgreSQL)
``release``    regenerate ``exercises/`` from the bundles in ``solutions/`` reproducibly
``bundle``     find an assignment's bundle (``solutions/NAME/``: notebook, ``checks.py``,
               ``mistakes.py``) and load its checks; strip the hidden checks on release
``compare``    the standard checks (``check_cases``, ``check_pure``) and strict converters
``diagnosis``  name a mistake only when a catalogued one reproduces every output
``casedata``   seeded data for checks
``scaffold``   ``paramcourse new NAME``: a bundle that works out of the box
``local``      where no course is found (Colab, a download): the released exercise's visible
               tests in the learner's own process
=============  ========================================================================

The checks themselves, their hidden cases and the catalogue of mistakes live in each
assignment's bundle, not in this package (``docs/writing-an-assignment.md``).

What the grader protects, against whom, and its limits: ``docs/threat-model.md``.

The command line (``paramcourse check``, ``grade``, ``release``, ``new``) lives in
:mod:`paramcourse.cli`. Importing this package is cheap: nbgrader is imported only
inside the functions that need it, and only in the worker process that grades.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

__all__ = ["GRADING_ENV", "UngradableError", "self_check"]

#: Environment variable set for every kernel the grader starts. The self-check cell
#: at the end of each assignment looks at it so that grading never recurses.
GRADING_ENV = "PARAMCOURSE_GRADING"


class UngradableError(Exception):
    """A notebook, course or assignment that cannot be graded at all.

    The message is one line that says what is wrong and what to do; the command
    line prints it and exits with status 2.
    """


def self_check(path: str | os.PathLike[str], *, timeout: float | None = None) -> None:
    """Check the notebook ``path`` and print the report (the last cell of each assignment).

    In a course (the repository, Binder, a class folder) this runs ``python -m paramcourse.cli
    check PATH`` in a separate process, so the student's kernel is neither used nor disturbed:
    the file on disk is graded with the instructor's tests, hidden ones included (save first).

    Where no course is found (Colab, a downloaded notebook), the released exercise's visible
    tests run here, in the kernel, against the functions defined in it
    (:func:`paramcourse.grading.local.check_namespace`); the report says that hidden tests run
    only when the instructor grades.

    Parameters
    ----------
    path : str or path-like
        The notebook file, usually its bare name (a kernel's working directory is
        the notebook's folder); on Colab only its name is used, to tell the assignment.
    timeout : float, optional
        Whole-check time limit in seconds passed on as ``--timeout``.

    Notes
    -----
    When the environment variable ``PARAMCOURSE_GRADING`` is set (the grader sets it
    for the kernels it starts), prints one line and returns without grading.
    """
    if os.environ.get(GRADING_ENV):
        print(f"paramcourse: self-check skipped ({GRADING_ENV} is set: this notebook is being graded).")
        return
    from paramcourse.grading.course import find_course

    try:
        find_course(near=Path(path).resolve().parent)
        in_course = Path(path).is_file()
    except UngradableError:
        in_course = False
    if not in_course:
        from paramcourse.grading.local import check_namespace
        from paramcourse.grading.report import format_text

        caller = sys._getframe(1).f_globals  # the notebook's namespace: its functions are checked
        print(f"Checking the functions defined in this notebook session ({Path(path).stem}).")
        try:
            print(format_text(check_namespace(Path(path).stem, caller)))
        except UngradableError as error:
            print(f"paramcourse: cannot check here: {error}")
        return
    print(
        f"Checking the saved file {Path(path).name}. Save the notebook first "
        "(File > Save, or Ctrl+S): unsaved changes are not checked."
    )
    command = [sys.executable, "-m", "paramcourse.cli", "check", os.fspath(path)]
    if timeout is not None:
        command += ["--timeout", str(timeout)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    # Printed on stdout on purpose: a notebook shows stderr in red, which reads as a crash.
    print(completed.stdout, end="")
    if completed.stderr:
        print(completed.stderr, end="")
