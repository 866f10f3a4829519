"""Grade a class: one notebook per student, in parallel, into a CSV (and a gradebook).

Each submission is graded by :func:`runner.grade_notebook` in its own temporary
course directory and its own kernel: a broken or hostile notebook costs only its
own row. Each of the ``jobs`` threads owns one :class:`runner.Worker` process and
reuses it for submission after submission (it never runs student code, and
importing nbgrader once per job instead of once per notebook saves seconds each);
a worker killed after a timeout is replaced by a fresh one.

Before the first kernel starts, every submission is copied to a private folder (a notebook
cannot rewrite a classmate's) and the course's files are snapshot (:mod:`.guard`). A
submission that changed them gets no marks; with several jobs the change may have come from
another kernel running at the same time, so every submission that was running when a change
was found is graded again, alone, at the end.

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
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import TextIO

from paramcourse.grading import UngradableError
from paramcourse.grading.course import assignment_names, find_course, grade_cells
from paramcourse.grading.gradebook import GradebookRecorder, database_url
from paramcourse.grading.report import CheckResult, clip
from paramcourse.grading.guard import CourseGuard
from paramcourse.grading.kernel import DEFAULT_MEMORY_MB
from paramcourse.grading.runner import (
    DEFAULT_CELL_TIMEOUT,
    DEFAULT_TIMEOUT,
    Worker,
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
        if result.message:
            message = f"{message}; {result.message}" if message else result.message
    return Row(student, assignment, _points(result.score), _points(result.max_score), result.status, clip(message, 300))


@dataclass(frozen=True)
class _Job:
    """What every submission of a batch is graded with."""

    assignment: str
    course: Path
    max_score: float
    cell_timeout: float
    timeout: float
    memory_mb: int
    guard: CourseGuard


@dataclass(frozen=True)
class _Graded:
    row: Row
    result: CheckResult | None
    span: tuple[float, float]  # monotonic start and end: which submissions ran at the same time


def _grade_one(student: str, notebook: Path | None, job: _Job, workers: queue.Queue[Worker],
               original: Path | None = None) -> _Graded:
    """Grade ``notebook`` (a private copy of ``original``, which messages name instead)."""
    started = time.monotonic()
    zero = (_points(0), _points(job.max_score))
    if notebook is None:
        row = Row(student, job.assignment, *zero, "missing", f"no {job.assignment}.ipynb in the student's folder")
        return _Graded(row, None, (started, started))
    worker = workers.get()
    try:
        result = grade_notebook(
            notebook, course=job.course, assignment=job.assignment, cell_timeout=job.cell_timeout,
            timeout=job.timeout, memory_mb=job.memory_mb, worker=worker, guard=job.guard,
        )
        row = _row(student, job.assignment, result)
    except UngradableError as error:
        message = str(error).replace(str(notebook), str(original or notebook))
        result, row = None, Row(student, job.assignment, *zero, "ungradable", clip(message, 300))
    except Exception as error:  # one submission must never stop the batch
        result, row = None, Row(student, job.assignment, *zero, "error", clip(f"grader failure: {error!r}", 300))
    finally:
        workers.put(worker)
    return _Graded(row, result, (started, time.monotonic()))


def _suspects(graded: dict[str, _Graded], changes: list[float]) -> list[str]:
    """Students whose grading was running when a change to the course was found.

    With several jobs, the thread that finds (and undoes) a change is not necessarily the one
    whose kernel made it; each of these is graded again, alone, to tell.
    """
    return sorted(
        student for student, g in graded.items()
        if g.result is not None and any(g.span[0] <= moment <= g.span[1] for moment in changes)
    )


def _private_copies(notebooks: dict[str, Path | None], students: list[str], folder: Path) -> dict[str, Path | None]:
    """Copy each submission into ``folder`` before any is graded: a notebook's code cannot then
    rewrite a classmate's submission."""
    copies: dict[str, Path | None] = {}
    for student in students:
        source = notebooks[student]
        if source is None:
            copies[student] = None
            continue
        target = folder / student / source.name
        target.parent.mkdir()
        try:
            shutil.copyfile(source, target)
        except OSError:
            target = source  # unreadable: grading reports why
        copies[student] = target
    return copies


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
    memory_mb: int = DEFAULT_MEMORY_MB,
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
    gradebook : str or path-like, optional
        An nbgrader gradebook database in which per-test scores are also recorded: a
        file path (SQLite), or a ``sqlite:///PATH`` or ``postgresql://USER@HOST:PORT/DB``
        URL (see :func:`paramcourse.grading.gradebook.database_url`). Other graders
        may write to the same database at the same time.
    resume : bool
        Keep the rows already in ``out`` and grade only the other students.
    cell_timeout, timeout : float
        Seconds per cell and per notebook.
    memory_mb : int
        Address-space limit of each kernel in MiB (0: none).
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
    job = _Job(assignment, course_dir, max_score, cell_timeout, timeout, memory_mb, CourseGuard(course_dir))
    private = Path(tempfile.mkdtemp(prefix="paramcourse-submissions-"))
    workers: queue.Queue[Worker] = queue.Queue()
    for _ in range(jobs):
        workers.put(Worker())
    graded: dict[str, _Graded] = {}
    try:
        copies = _private_copies(notebooks, todo, private)
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [
                pool.submit(_grade_one, student, copies[student], job, workers, notebooks[student]) for student in todo
            ]
            try:
                # Opened while the first notebooks grade: importing nbgrader here takes seconds.
                recorder = (
                    GradebookRecorder(database_url(gradebook), assignment, expected) if gradebook is not None else None
                )
                for future in as_completed(futures):
                    outcome = future.result()
                    graded[outcome.row.student] = outcome
                    rows[outcome.row.student] = outcome.row
                    write_rows(out, rows)
                    if recorder is not None:
                        recorder.record(outcome.row, outcome.result)
                    meter.update(outcome.row)
            except BaseException:
                for future in futures:
                    future.cancel()
                stop_all()
                raise
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        if jobs > 1:
            for student in _suspects(graded, job.guard.seen):
                outcome = _grade_one(student, copies[student], job, workers, notebooks[student])
                rows[student] = outcome.row
                write_rows(out, rows)
                if recorder is not None:
                    recorder.record(outcome.row, outcome.result)
    finally:
        while not workers.empty():
            workers.get().close()
        shutil.rmtree(private, ignore_errors=True)
    if not todo:
        write_rows(out, rows)
    return [rows[student] for student in sorted(rows)]
