"""The nbgrader gradebook database in which ``paramcourse grade`` records per-test scores.

Holds :func:`database_url`, which turns what the instructor gave (a file path, a
``sqlite://`` URL or a ``postgresql://`` URL) into a database URL, and
:class:`GradebookRecorder`, which writes each graded submission into that
database with nbgrader's own :class:`nbgrader.api.Gradebook`. The notebook of an
assignment is named like the assignment.

Several graders may write to one database at once (two ``paramcourse grade`` runs
for different folders of the same class, say). nbgrader's ``update_or_create_*``
methods look an entry up and insert it when missing, so two writers can both
miss it and both insert it; the loser gets a unique-constraint error (or, with
SQLite, "database is locked" or "table already exists"). Every write is therefore
rolled back and retried from its start, a bounded number of times: nbgrader commits
step by step, and each step is an update-or-create, so repeating one is harmless.
"""

from __future__ import annotations

import logging
import os
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paramcourse.grading import UngradableError
from paramcourse.grading.runner import alembic_head

if TYPE_CHECKING:
    from nbgrader.api import Gradebook

    from paramcourse.grading.batch import Row
    from paramcourse.grading.course import GradeCell
    from paramcourse.grading.report import CheckResult

__all__ = ["ATTEMPTS", "CONNECT_TIMEOUT", "GradebookRecorder", "database_url"]

#: Tries of one gradebook write before giving up (the first try included).
ATTEMPTS = 10

#: Seconds to wait for a PostgreSQL server to answer before saying it cannot be reached.
CONNECT_TIMEOUT = 10

_ACCEPTED = "a file path (an SQLite gradebook), sqlite:///PATH or postgresql://USER@HOST:PORT/DB"
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def database_url(gradebook: str | os.PathLike[str]) -> str:
    """Return the database URL of ``gradebook``, a file path or a database URL.

    Parameters
    ----------
    gradebook : str or path-like
        A filesystem path (an SQLite gradebook file, created if missing), or a
        ``sqlite://`` or ``postgresql://`` URL (a driver may be named, as in
        ``postgresql+psycopg2://``).

    Returns
    -------
    str
        ``sqlite:///ABSOLUTE/PATH`` for a path; a URL unchanged.

    Raises
    ------
    UngradableError
        For any other URL scheme, a malformed URL, an empty string or an in-memory
        SQLite database (whose grades would vanish once recorded).
    """
    if isinstance(gradebook, os.PathLike):
        return f"sqlite:///{Path(gradebook).resolve()}"
    text = str(gradebook).strip()
    if not text:
        raise UngradableError(f"empty gradebook; give {_ACCEPTED}")
    match = _SCHEME.match(text)
    if match is None:
        return f"sqlite:///{Path(text).resolve()}"
    backend = match.group(1).split("+")[0].lower()
    if backend not in {"sqlite", "postgresql"}:
        hint = " (write postgresql://, not postgres://)" if backend == "postgres" else ""
        raise UngradableError(f"unsupported gradebook URL {_hide_password(text)}{hint}; give {_ACCEPTED}")
    from sqlalchemy.engine import make_url

    try:
        url = make_url(text)
    except Exception as error:  # sqlalchemy says ArgumentError, or ValueError for a bad port
        raise UngradableError(f"malformed gradebook URL {_hide_password(text)} ({error}); give {_ACCEPTED}") from None
    if backend == "sqlite" and url.database in (None, "", ":memory:"):
        raise UngradableError(
            f"{text} is an in-memory SQLite database, which forgets the grades; give sqlite:///PATH or a file path"
        )
    return text


def _hide_password(url: str) -> str:
    # URLs end up in error messages, which end up in logs and screenshots.
    return re.sub(r"^([^:/]+://[^:@/]*):[^@/]*@", r"\1:***@", url)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _engine_url(url: str) -> str:
    # SQLAlchemy 2.1 reads a bare postgresql:// as psycopg 3, 2.0 as psycopg2; the
    # requirements install psycopg2, so it is named explicitly.
    if url.lower().startswith("postgresql://"):
        return "postgresql+psycopg2://" + url[len("postgresql://"):]
    return url


def _quiet_sqlalchemy() -> None:
    # nbgrader's gradebook code triggers SQLAlchemy "not in session" warnings that
    # mean nothing to an instructor; they would bury the progress display.
    import warnings

    warnings.filterwarnings("ignore", module="nbgrader.api")
    warnings.filterwarnings("ignore", message=".*not in session.*")


class _NoRollbackTracebacks(logging.Filter):
    """Drops nbgrader's "Rolling back session" tracebacks: a lost race is retried, not an error."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Rolling back session due to database error")


@contextmanager
def _quiet_rollbacks() -> Iterator[None]:
    # nbgrader logs every failed commit with a full traceback on tornado's application
    # logger (stderr when nothing is configured) before raising; a retried write
    # would print one per lost race. A write that fails for good still raises.
    logger, quiet = logging.getLogger("tornado.application"), _NoRollbackTracebacks()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def _retryable(error: BaseException) -> bool:
    """Whether ``error`` is a lost race with another writer, worth one more try."""
    from nbgrader.api import InvalidEntry
    from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

    if isinstance(error, InvalidEntry):
        # nbgrader re-raises a failed commit as InvalidEntry; the database error is its context.
        error = error.__context__
    if isinstance(error, (IntegrityError, OperationalError)):
        return True
    # Two first writers creating the tables at once: PostgreSQL's DuplicateTable.
    return isinstance(error, ProgrammingError) and "already exists" in str(error)


def _open(url: str) -> Gradebook:
    """Return ``nbgrader.api.Gradebook(url)``, releasing its connection if the constructor fails."""
    from nbgrader.api import Gradebook

    book = Gradebook.__new__(Gradebook)
    try:
        Gradebook.__init__(book, url)
    except BaseException:
        # The constructor creates the tables; when that loses a race, its session holds a
        # connection whose aborted PostgreSQL transaction keeps its locks until rolled
        # back, which would stall the other writer until garbage collection.
        if getattr(book, "db", None) is not None:
            book.db.remove()
        if getattr(book, "engine", None) is not None:
            book.engine.dispose()
        raise
    return book


class GradebookRecorder:
    """Records the per-test auto scores of graded submissions in an nbgrader gradebook database.

    Creating the recorder checks that the database can be reached and creates the
    assignment, its notebook (named like the assignment) and its grade cells, so a
    wrong URL or a server that is down stops the run at once.

    Parameters
    ----------
    db_url : str or path-like
        The database: anything :func:`database_url` accepts.
    assignment : str
        The assignment's name.
    expected : list of GradeCell
        The assignment's grade cells (name and points), from
        :func:`paramcourse.grading.course.grade_cells`.

    Raises
    ------
    UngradableError
        When the URL is not accepted, the database driver is not installed, or the
        database cannot be reached or opened; the message is one line.

    Attributes
    ----------
    url : str
        The URL SQLAlchemy connects to (``postgresql://`` names its driver,
        ``postgresql+psycopg2://``).
    """

    def __init__(self, db_url: str | os.PathLike[str], assignment: str, expected: list[GradeCell]) -> None:
        import nbgrader.api

        nbgrader.api.get_alembic_version = alembic_head  # no subprocess for a new gradebook
        _quiet_sqlalchemy()
        self._given = database_url(db_url)
        self.url = _engine_url(self._given)
        self.assignment, self.expected = assignment, list(expected)
        self._check_connection()

        def setup(book: Gradebook) -> None:
            book.update_or_create_assignment(assignment)
            book.update_or_create_notebook(assignment, assignment)
            for cell in self.expected:
                book.update_or_create_grade_cell(
                    cell.name, assignment, assignment, max_score=cell.max_score, cell_type="code"
                )

        self._write(setup, f"setting up assignment {assignment!r}")

    def _describe(self) -> str:
        from sqlalchemy.engine import make_url

        url = make_url(self._given)
        if url.get_backend_name() == "sqlite":
            return f"the SQLite gradebook {url.database}"
        return f"the PostgreSQL gradebook {_hide_password(self._given)}"

    def _check_connection(self) -> None:
        """Connect once, so that a wrong URL or a server that is down is one clear line."""
        import sqlalchemy
        from sqlalchemy.exc import ArgumentError, DBAPIError

        postgres = not self.url.lower().startswith("sqlite")
        connect_args: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT} if postgres else {}
        engine = None
        try:
            engine = sqlalchemy.create_engine(self.url, connect_args=connect_args)
            with engine.connect():
                pass
        except ImportError as error:
            package = "psycopg2-binary" if "psycopg2" in str(error) else "the database driver"
            raise UngradableError(
                f"cannot use {self._describe()}: {_one_line(error)}; install {package} "
                "(pip install -r requirements.txt)"
            ) from None
        except ArgumentError as error:  # an unknown driver after the "+"
            raise UngradableError(f"cannot use {self._describe()}: {_one_line(error)}; give {_ACCEPTED}") from None
        except DBAPIError as error:
            reason = _one_line(str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else error)
            if postgres:
                from sqlalchemy.engine import make_url

                url = make_url(self.url)
                server = f"{url.host}:{url.port or 5432}" if url.host else "the local socket"
                check = (
                    f"check that a PostgreSQL server is running and accepts connections on {server}, "
                    "and that the user, its password and the database exist"
                )
            else:
                check = "check that its folder exists and is writable"
            raise UngradableError(f"cannot connect to {self._describe()}: {reason}; {check}") from None
        finally:
            if engine is not None:
                engine.dispose()

    def _write(self, action: Callable[[Gradebook], None], what: str) -> None:
        """Run ``action`` on a freshly opened gradebook and commit; retry when another writer got in the way.

        At most :data:`ATTEMPTS` tries; then an :class:`UngradableError` says what failed, in one line.
        """
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with _quiet_rollbacks():
                    book = _open(self.url)
                    try:
                        action(book)
                        book.db.commit()
                    except BaseException:
                        book.db.rollback()
                        raise
                    finally:
                        book.close()
                return
            except Exception as error:
                if not _retryable(error):
                    raise
                if attempt == ATTEMPTS:
                    cause = error.__context__ if error.__context__ is not None else error
                    reason = _one_line(str(cause).splitlines()[0])
                    raise UngradableError(
                        f"{what} in {self._describe()} failed {ATTEMPTS} times: {reason}"
                    ) from error
                # Randomised and growing, so two writers that collided do not collide again.
                time.sleep(min(0.05 * 2 ** (attempt - 1), 1.0) * random.uniform(0.5, 1.5))

    def record(self, row: Row, result: CheckResult | None) -> None:
        """Record one student's submission: each grade cell's auto score.

        Parameters
        ----------
        row : Row
            The student's CSV row (student, status).
        result : CheckResult or None
            The grading result; ``None`` (missing or ungradable notebook) records zero
            points.

        Notes
        -----
        Anything but a clean run (status other than ``graded``) is flagged as needing
        manual grading, for the instructor to look at.
        """
        from nbgrader.api import MissingEntry

        scores = {test.name: test.score for test in result.tests} if result is not None else {}

        def write(book: Gradebook) -> None:
            book.update_or_create_student(row.student)
            book.update_or_create_submission(self.assignment, row.student)
            for cell in self.expected:
                try:
                    grade = book.find_grade(cell.name, self.assignment, self.assignment, row.student)
                except MissingEntry:
                    continue
                grade.auto_score = scores.get(cell.name, 0.0)
                grade.needs_manual_grade = row.status != "graded"

        self._write(write, f"recording the grades of {row.student}")
