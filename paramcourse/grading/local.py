"""Checking an assignment where no course is found: Colab, or a notebook downloaded from the site.

Without the course folder there are no hidden tests and no supervised kernel, so the released
exercise's visible test cells run in the learner's own process, against the learner's
functions: :func:`check_namespace` takes the functions of a running kernel (the self-check cell
on Colab), :func:`check_file` first runs the code cells of a saved notebook in this process
(``paramcourse check`` on a download). The score, the hints and the report look the same as in
a course, and the report says plainly that hidden tests run only when the instructor grades.

The test cells come from the released notebook installed with the package (see
:func:`paramcourse.grading.bundle.packaged_exercise`), so a notebook whose test cells were edited
or deleted is still checked with the real ones. A test cell of the released notebook whose first
line starts with ``# Hidden tests`` holds hidden tests in the instructor's copy: it is reported as
not run here and counts for nothing in the local score.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paramcourse.grading import GRADING_ENV, UngradableError
from paramcourse.grading.bundle import packaged_exercise, packaged_names
from paramcourse.grading.report import CheckResult, TestResult, clip
from paramcourse.grading.runner import _is_test, _nbgrader, _source, read_notebook

__all__ = ["HIDDEN_NOTE", "TestCell", "check_file", "check_namespace", "test_cells"]

#: Said in every local report.
HIDDEN_NOTE = (
    "no course folder was found, so only the visible tests ran, here in your own Python; "
    "hidden tests run only when your instructor grades the notebook"
)
_HIDDEN_HEADER = re.compile(r"^\s*#\s*Hidden tests", re.IGNORECASE)
_SELF_CHECK = re.compile(r"\bself_check\s*\(")


@dataclass(frozen=True)
class TestCell:
    """One graded test cell of a released notebook."""

    __test__ = False  # not a pytest class

    name: str
    points: float
    source: str

    @property
    def hidden(self) -> bool:
        """Whether the instructor's copy of this cell holds hidden tests."""
        return bool(_HIDDEN_HEADER.match(self.source))


def test_cells(name: str) -> list[TestCell]:
    """The graded test cells of the released exercise ``name`` installed with the package."""
    folder = packaged_exercise(name)
    if folder is None or not (folder / f"{name}.ipynb").is_file():
        known = ", ".join(packaged_names()) or "none"
        raise UngradableError(
            f"no released exercise {name!r} is installed with this package (installed: {known}); "
            "install the course package again (see the first cell of the notebook) or pass --assignment"
        )
    notebook = read_notebook(folder / f"{name}.ipynb")
    return [
        TestCell(str(_nbgrader(cell).get("grade_id")), float(_nbgrader(cell).get("points", 0)), _source(cell))
        for cell in notebook["cells"]
        if cell.get("cell_type") == "code" and _is_test(cell)
    ]


@contextlib.contextmanager
def _time_limit(seconds: float | None, what: str) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (only in the main thread, where signals arrive)."""
    usable = seconds is not None and hasattr(signal, "setitimer")
    if usable:
        try:
            previous = signal.signal(signal.SIGALRM, _alarm(what, seconds))
        except ValueError:  # not the main thread
            usable = False
    if not usable:
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _TimeUp(Exception):
    pass


def _alarm(what: str, seconds: float):
    def handler(signum, frame):  # noqa: ARG001 - the signal interface
        raise _TimeUp(f"{what} ran longer than {seconds:g} s; look for a loop that never ends")

    return handler


def _learner_function(error: BaseException) -> str | None:
    """The innermost function of the learner's cells in ``error``'s traceback."""
    found, frame = None, error.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_filename.startswith("<cell "):
            found = frame.tb_frame.f_code.co_name
        frame = frame.tb_next
    return found if found and found != "<module>" else None


def _hint(error: BaseException) -> str:
    if isinstance(error, AssertionError):
        return clip(str(error) or "a check failed")
    if isinstance(error, NotImplementedError):
        where = _learner_function(error)
        return clip(f"fill in the body of {where}: it still raises NotImplementedError" if where
                    else "not written yet: fill in the function's body")
    if isinstance(error, NameError):
        return clip(f"{error}: run the cell that defines it (or keep its def line as given)")
    return clip(f"{type(error).__name__}: {error}")


def check_namespace(
    name: str, namespace: dict[str, Any], *, cell_timeout: float | None = 60.0, note: str = ""
) -> CheckResult:
    """Run the visible tests of assignment ``name`` against the functions in ``namespace``.

    Each test cell runs in a shallow copy of ``namespace`` (the learner's variables are not
    changed). A test passes when its cell raises nothing; its hint is the error's message.
    Cells marked as hidden are listed as not run and count for nothing here.
    """
    tests: list[TestResult] = []
    skipped: list[str] = []
    previous = os.environ.get(GRADING_ENV)
    os.environ[GRADING_ENV] = "local"  # a test cell must not start another self-check
    try:
        for cell in test_cells(name):
            if cell.hidden:
                skipped.append(cell.name)
                continue
            scope = dict(namespace)
            try:
                with _time_limit(cell_timeout, f"the test {cell.name}"):
                    exec(compile(cell.source, f"<test {cell.name}>", "exec"), scope)  # noqa: S102 - the course's own test
            except Exception as error:  # noqa: BLE001 - every failure becomes a hint
                tests.append(TestResult(cell.name, 0.0, cell.points, False, _hint(error)))
            else:
                tests.append(TestResult(cell.name, cell.points, cell.points, True))
    finally:
        if previous is None:
            os.environ.pop(GRADING_ENV, None)
        else:
            os.environ[GRADING_ENV] = previous
    message = HIDDEN_NOTE
    if skipped:
        message += f" ({len(skipped)} tests not run here: {', '.join(skipped)})"
    if note:
        message += f"; {note}"
    return CheckResult(name, tests, status="graded", message=message)


def _identify(path: Path, notebook: dict[str, Any], explicit: str | None) -> str:
    names = packaged_names()
    if explicit is not None:
        if explicit not in names:
            raise UngradableError(f"unknown assignment {explicit!r}; this package has: {', '.join(names) or 'none'}")
        return explicit
    if path.stem in names:
        return path.stem
    ids = {str(_nbgrader(cell).get("grade_id")) for cell in notebook["cells"] if isinstance(cell, dict)}
    overlap = {name: len(ids & {cell.name for cell in test_cells(name)}) for name in names}
    best = max(overlap, key=overlap.get, default=None)
    if best is None or overlap[best] == 0:
        raise UngradableError(
            f"no course found, and {path.name} is not one of the exercises installed with the package "
            f"({', '.join(names) or 'none'}); pass --assignment NAME, or run from the course folder"
        )
    return best


def _runnable(source: str) -> str:
    """``source`` as plain Python: IPython's magics and shell lines translated when IPython is
    installed, dropped otherwise (a notebook cell may start with ``%pip``)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:
        return "\n".join("pass" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    return TransformerManager().transform_cell(source)


def check_file(
    path: str | os.PathLike[str], *, assignment: str | None = None, cell_timeout: float | None = 60.0
) -> CheckResult:
    """Run the code cells of the saved notebook ``path`` in this process, in its folder, then its
    assignment's visible tests (:func:`check_namespace`).

    Test cells and the self-check cell of the notebook are not run: the tests come from the
    released notebook installed with the package. A cell that fails is reported in the note and
    the next cells still run, as in a grader.
    """
    path = Path(path)
    notebook = read_notebook(path)
    name = _identify(path, notebook, assignment)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    failed: list[str] = []
    previous_dir = Path.cwd()
    previous = os.environ.get(GRADING_ENV)
    os.environ[GRADING_ENV] = "local"
    os.environ.setdefault("MPLBACKEND", "Agg")  # figures drawn by the notebook open no window
    try:
        os.chdir(path.resolve().parent)  # as a kernel would: data and checks.py beside the notebook
        for number, cell in enumerate(notebook["cells"], start=1):
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = _source(cell)
            if _is_test(cell) or _SELF_CHECK.search(source):
                continue
            try:
                # What the cells print is not part of the report (and would break --json).
                with _time_limit(cell_timeout, f"cell {number}"), contextlib.redirect_stdout(io.StringIO()), \
                        contextlib.redirect_stderr(io.StringIO()):
                    exec(compile(_runnable(source), f"<cell {number}>", "exec"), namespace)  # noqa: S102 - the learner's own code
            except Exception as error:  # noqa: BLE001 - reported, and the next cells still run
                failed.append(f"cell {number} ({type(error).__name__}: {clip(str(error), 120)})")
    finally:
        os.chdir(previous_dir)
        if previous is None:
            os.environ.pop(GRADING_ENV, None)
        else:
            os.environ[GRADING_ENV] = previous
    note = f"cells that raised an error: {'; '.join(failed)}" if failed else ""
    return check_namespace(name, namespace, cell_timeout=cell_timeout, note=note)
