"""Grade a class: one notebook per student, in parallel, into a CSV (and a gradebook).

Each submission is graded by :func:`runner.grade_notebook` in its own temporary
course directory and its own kernel: a broken or hostile notebook costs only its
own row. Each of the ``jobs`` threads owns one :class:`runner.Worker` process and
reuses it for submission after submission (it never runs student code, and
importing nbgrader once per job instead of once per notebook saves seconds each);
a worker killed after a timeout is replaced by a fresh one.

The CSV is rewritten atomically (a temporary file renamed over it) after every
finished submission, sorted by student: an interrupted run keeps every row already
finished, ``resume=True`` grades only the students missing from it, and regrading
the same folder gives an identical file.
"""

from __future__ import annotations

import csv
import io
import os
import queue
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import TextIO

from paramcourse.grading import UngradableError
from paramcourse.grading.course import GradeCell, assignment_names, find_course, grade_cells
from paramcourse.grading.report import CheckResult, clip
from paramcourse.grading.runner import (
    DEFAULT_CELL_TIMEOUT,
    DEFAULT_TIMEOUT,
    Worker,
    alembic_head,
    grade_notebook,
    stop_all,
)

__all__ = ["Row", "find_submissions", "grade_class", "read_rows", "write_rows"]


@dataclass(frozen=True)
class Row:
    """One line of the grades CSV.

    ``status`` is ``graded``, ``timeout`` or ``error`` (the notebook ran, or tried to,
    and scores are final), ``ungradable`` (not a notebook, ...) or ``missing`` (no
    notebook for that student).
    """

    student: str
    assignment: str
    score: str
    max_score: str
    status: str
    message: str


FIELDS = [f.name for f in fields(Row)]


def _points(value: float) -> str:
    return f"{value:g}"


def find_submissions(submissions: Path, assignment: str) -> dict[str, Path | None]:
    """Map every student folder of ``submissions`` to its notebook (``None`` when missing).

    ``<student>/NAME.ipynb`` is the layout; nbgrader's ``<student>/NAME/NAME.ipynb`` is
    accepted too. Folders whose name starts with a dot are skipped.
    """
    if not submissions.is_dir():
        raise UngradableError(f"{submissions} is not a folder; give the folder holding one folder per student")
    found: dict[str, Path | None] = {}
    for folder in sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith(".")):
        candidates = [folder / f"{assignment}.ipynb", folder / assignment / f"{assignment}.ipynb"]
        found[folder.name] = next((c for c in candidates if c.is_file()), None)
    return found


def _row(student: str, assignment: str, result: CheckResult) -> Row:
    failed = [test.name for test in result.tests if not test.passed]
    if result.status != "graded":
        message = result.message
    else:
        message = f"failed: {', '.join(failed)}" if failed else ""
    return Row(student, assignment, _points(result.score), _points(result.max_score), result.status, clip(message, 300))


def _grade_one(
    student: str, notebook: Path | None, assignment: str, course: Path, max_score: float,
    cell_timeout: float, timeout: float, workers: queue.Queue[Worker],
) -> tuple[Row, CheckResult | None]:
    zero = (_points(0), _points(max_score))
    if notebook is None:
        return Row(student, assignment, *zero, "missing", f"no {assignment}.ipynb in the student's folder"), None
    worker = workers.get()
    try:
        result = grade_notebook(
            notebook, course=course, assignment=assignment, cell_timeout=cell_timeout, timeout=timeout, worker=worker
        )
    except UngradableError as error:
        return Row(student, assignment, *zero, "ungradable", clip(str(error), 300)), None
    except Exception as error:  # one submission must never stop the batch
        return Row(student, assignment, *zero, "error", clip(f"grader failure: {error!r}", 300)), None
    finally:
        workers.put(worker)
    return _row(student, assignment, result), result


def read_rows(path: Path) -> dict[str, Row]:
    """Return the rows of an existing grades CSV by student (empty if there is none)."""
    if not path.is_file():
        return {}
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != FIELDS:
            raise UngradableError(f"{path} is not a grades CSV written by paramcourse (columns {reader.fieldnames})")
        return {line["student"]: Row(**line) for line in reader}


def write_rows(path: Path, rows: dict[str, Row]) -> None:
    """Write ``rows`` sorted by student to ``path`` atomically."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    for student in sorted(rows):
        writer.writerow(astuple(rows[student]))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    os.replace(tmp, path)


class _Progress:
    """A one-line counter on a terminal, one line per submission otherwise."""

    def __init__(self, stream: TextIO | None, total: int) -> None:
        self.stream, self.total, self.done, self.started = stream, total, 0, time.perf_counter()
        self.live = bool(stream is not None and getattr(stream, "isatty", lambda: False)())

    def update(self, row: Row) -> None:
        self.done += 1
        if self.stream is None:
            return
        elapsed = time.perf_counter() - self.started
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        bar = "#" * filled + "." * (width - filled)
        line = (
            f"[{bar}] {self.done}/{self.total} {elapsed:.0f}s  "
            f"{row.student}: {row.score}/{row.max_score} {row.status}"
        )
        if self.live:
            self.stream.write("\r" + line[:120].ljust(120))
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def grade_class(
    submissions: str | os.PathLike[str],
    assignment: str,
    *,
    out: str | os.PathLike[str] = "grades.csv",
    jobs: int = 1,
    course: str | os.PathLike[str] | None = None,
    gradebook: str | os.PathLike[str] | None = None,
    resume: bool = False,
    cell_timeout: float = DEFAULT_CELL_TIMEOUT,
    timeout: float = DEFAULT_TIMEOUT,
    progress: TextIO | None = sys.stderr,
) -> list[Row]:
    """Grade every submission of ``assignment`` in ``submissions`` and write the CSV ``out``.

    Parameters
    ----------
    submissions : path-like
        A folder with one folder per student, each holding ``NAME.ipynb``.
    assignment : str
        The assignment's name.
    out : path-like
        The grades CSV.
    jobs : int
        Submissions graded at once (each uses one worker process and one kernel).
    course : path-like, optional
        The course directory (default: searched upward from ``submissions``, then the cwd).
    gradebook : path-like, optional
        An nbgrader SQLite gradebook in which per-test scores are also recorded.
    resume : bool
        Keep the rows already in ``out`` and grade only the other students.
    cell_timeout, timeout : float
        Seconds per cell and per notebook.
    progress : text stream, optional
        Where the progress display goes (``None``: nowhere).

    Returns
    -------
    list of Row
        Every row of the CSV, sorted by student.
    """
    submissions, out = Path(submissions), Path(out)
    course_dir = find_course(submissions, Path(course) if course is not None else None)
    if assignment not in assignment_names(course_dir):
        raise UngradableError(
            f"unknown assignment {assignment!r}; the course at {course_dir} has: "
            f"{', '.join(assignment_names(course_dir)) or 'none'}"
        )
    expected = grade_cells(course_dir, assignment)
    max_score = sum(cell.max_score for cell in expected)
    notebooks = find_submissions(submissions, assignment)
    rows = {s: r for s, r in read_rows(out).items() if r.assignment == assignment} if resume else {}
    todo = [student for student in notebooks if student not in rows]
    meter = _Progress(progress, len(todo))
    workers: queue.Queue[Worker] = queue.Queue()
    for _ in range(jobs):
        workers.put(Worker())
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [
            pool.submit(
                _grade_one, student, notebooks[student], assignment, course_dir, max_score,
                cell_timeout, timeout, workers,
            )
            for student in todo
        ]
        try:
            # Opened while the first notebooks grade: importing nbgrader here takes seconds.
            recorder = _Recorder(Path(gradebook), assignment, expected) if gradebook is not None else None
            for future in as_completed(futures):
                row, result = future.result()
                rows[row.student] = row
                write_rows(out, rows)
                if recorder is not None:
                    recorder.record(row, result)
                meter.update(row)
        except BaseException:
            for future in futures:
                future.cancel()
            stop_all()
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            while not workers.empty():
                workers.get().close()
    if not todo:
        write_rows(out, rows)
    return [rows[student] for student in sorted(rows)]


def _quiet_sqlalchemy() -> None:
    # nbgrader's gradebook code triggers SQLAlchemy "not in session" warnings that
    # mean nothing to an instructor; they would bury the progress display.
    import warnings

    warnings.filterwarnings("ignore", module="nbgrader.api")
    warnings.filterwarnings("ignore", message=".*not in session.*")


class _Recorder:
    """Records per-test auto scores in an nbgrader gradebook (notebook name = assignment name)."""

    def __init__(self, path: Path, assignment: str, expected: list[GradeCell]) -> None:
        import nbgrader.api

        nbgrader.api.get_alembic_version = alembic_head  # no subprocess for a new gradebook
        _quiet_sqlalchemy()
        self.url = f"sqlite:///{path.resolve()}"
        self.assignment, self.expected = assignment, expected
        with nbgrader.api.Gradebook(self.url) as book:
            book.update_or_create_assignment(assignment)
            book.update_or_create_notebook(assignment, assignment)
            for cell in expected:
                book.update_or_create_grade_cell(
                    cell.name, assignment, assignment, max_score=cell.max_score, cell_type="code"
                )

    def record(self, row: Row, result: CheckResult | None) -> None:
        from nbgrader.api import Gradebook, MissingEntry

        scores = {test.name: test.score for test in result.tests} if result is not None else {}
        with Gradebook(self.url) as book:
            book.update_or_create_student(row.student)
            book.update_or_create_submission(self.assignment, row.student)
            for cell in self.expected:
                try:
                    grade = book.find_grade(cell.name, self.assignment, self.assignment, row.student)
                except MissingEntry:
                    continue
                grade.auto_score = scores.get(cell.name, 0.0)
                # Anything but a clean run is flagged for the instructor to look at.
                grade.needs_manual_grade = row.status != "graded"
            book.db.commit()
