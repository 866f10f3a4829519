"""The gradebook database of ``paramcourse grade``: SQLite files and a real PostgreSQL server.

The PostgreSQL tests start their own server (Debian's ``postgresql`` binaries, installed by
``scripts/install-system-packages.sh``) on 127.0.0.1 and a free port, one fresh database per
test; they carry ``@pytest.mark.xdist_group("postgres")`` so that one xdist worker runs them all
against one server. Missing binaries fail those tests: they are part of the test set-up.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# report.TestResult, not imported by name: pytest would try to collect a class named Test*.
from paramcourse.grading import UngradableError, gradebook, report
from paramcourse.grading.batch import Row, grade_class
from paramcourse.grading.course import grade_cells
from paramcourse.grading.gradebook import GradebookRecorder, database_url
from paramcourse.grading.report import CheckResult

# The toy course and its submissions, shared with the class-grading tests (tests/ is on sys.path).
from test_grading_batch import COURSE, TOY_RELEASED, TOY_SOLUTION, _csv, _toy_with

WRONG = _toy_with("def double(x):\n    return x + 2")  # passes test_double_small only: 1 of 3 points
POSTGRES_USER = "grader"


# ---------------------------------------------------------------- helpers


def _submissions(folder: Path, notebooks: dict[str, bytes | None]) -> Path:
    """Write one folder per student (``None``: a folder without a notebook)."""
    for student, data in notebooks.items():
        (folder / student).mkdir(parents=True)
        if data is not None:
            (folder / student / "toy.ipynb").write_bytes(data)
    return folder


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _psycopg2(url: str) -> str:
    # What GradebookRecorder connects with: SQLAlchemy 2.1 would read a bare
    # postgresql:// as psycopg 3, which the requirements do not install.
    return url.replace("postgresql://", "postgresql+psycopg2://", 1)


def _gradebook_scores(url: str, assignment: str = "toy") -> dict[str, tuple[float, bool]]:
    """Every submission of ``assignment`` in the gradebook at ``url``: student -> (score, flagged)."""
    from nbgrader.api import Gradebook

    with Gradebook(_psycopg2(url)) as book:
        return {
            submission.student.id: (submission.score, submission.needs_manual_grade)
            for submission in book.find_assignment(assignment).submissions
        }


def _csv_scores(path: Path) -> dict[str, tuple[float, bool]]:
    return {line["student"]: (float(line["score"]), line["status"] != "graded") for line in _csv(path)}


def _run_grade(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "paramcourse.cli", "grade", *args, "--quiet"],
        cwd=COURSE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


# ---------------------------------------------------------------- a real PostgreSQL server


def _postgres_bindir() -> Path:
    """The folder of ``initdb`` and ``pg_ctl``: ``pg_config --bindir``, else Debian's newest."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config is not None:
        answer = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(Path(answer.stdout.strip()))
    # Debian's libpq-dev pg_config answers /usr/bin, which has the client tools only.
    versions = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(versions, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    for bindir in candidates:
        if all((bindir / tool).is_file() for tool in ("initdb", "pg_ctl", "createdb")):
            return bindir
    pytest.fail(
        "PostgreSQL server binaries (initdb, pg_ctl) not found via pg_config --bindir or in "
        "/usr/lib/postgresql/*/bin: install Debian's postgresql (bash scripts/install-system-packages.sh)",
        pytrace=False,
    )


class PostgresServer:
    """A throw-away PostgreSQL cluster listening on 127.0.0.1 only, trusting every local user."""

    def __init__(self, bindir: Path, root: Path, port: int, as_postgres: list[str]) -> None:
        self.bindir, self.root, self.port, self.as_postgres = bindir, root, port, as_postgres
        self.data, self.log = root / "data", root / "server.log"

    def _server_command(self, *args: str) -> subprocess.CompletedProcess[str]:
        # The server's own commands run as the postgres user when the tests run as root.
        completed = subprocess.run(
            [*self.as_postgres, *args], cwd=self.root, capture_output=True, text=True, timeout=60, check=False
        )
        if completed.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.is_file() else ""
            pytest.fail(f"{' '.join(args[:2])} failed:\n{completed.stdout}{completed.stderr}\n{log}", pytrace=False)
        return completed

    def start(self) -> None:
        self._server_command(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", POSTGRES_USER, "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-sync",
        )
        # Durability is not wanted for a database thrown away after the tests: faster.
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._server_command(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "30",
            "start",
        )

    def stop(self) -> None:
        subprocess.run(
            [*self.as_postgres, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
            cwd=self.root, capture_output=True, timeout=60, check=False,
        )

    def create_database(self, name: str) -> str:
        """Create the database ``name`` and return its URL (as an instructor writes it)."""
        completed = subprocess.run(
            [str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", POSTGRES_USER, name],
            capture_output=True, text=True, timeout=60, check=False,
        )
        assert completed.returncode == 0, completed.stderr
        return f"postgresql://{POSTGRES_USER}@127.0.0.1:{self.port}/{name}"


@pytest.fixture(scope="module")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server started for this module on 127.0.0.1 and a free port, stopped at its end."""
    bindir = _postgres_bindir()
    # Not under pytest's tmp_path: its parents are private to root, and the server may run as postgres.
    root = Path(tempfile.mkdtemp(prefix="paramcourse-postgres-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root (CI runs as root): the Debian package's postgres user does.
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("running as root and there is no postgres user: install Debian's postgresql", pytrace=False)
        os.chown(root, account.pw_uid, account.pw_gid)
        as_postgres = ["runuser", "-u", "postgres", "--"]
    server = PostgresServer(bindir, root, _free_port(), as_postgres)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server, request) -> str:
    """A fresh, empty database on the test server: tables are created by the code under test."""
    name = "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:40]  # names: 63 bytes
    return postgres_server.create_database(f"{name}_{os.getpid()}_{time.monotonic_ns() % 10**6}")


# ---------------------------------------------------------------- database_url


def test_database_url_makes_paths_sqlite_urls_and_passes_urls_through(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert database_url(Path("book.db")) == f"sqlite:///{tmp_path / 'book.db'}"
    assert database_url("sub/book.db") == f"sqlite:///{tmp_path / 'sub' / 'book.db'}"
    for url in ["sqlite:///rel.db", "sqlite:////abs/book.db", "postgresql://me@db.example:5433/grades",
                "postgresql+psycopg2://me:pw@127.0.0.1/grades"]:
        assert database_url(url) == url


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("mysql://me@host/grades", "unsupported gradebook URL"),
        ("postgres://me:secret@host/grades", "write postgresql://"),
        ("postgresql://me@host:port/grades", "malformed gradebook URL"),
        ("sqlite://", "in-memory"),
        ("", "empty gradebook"),
    ],
)
def test_database_url_refuses_anything_else_in_one_line(given, reason):
    with pytest.raises(UngradableError) as caught:
        database_url(given)
    message = str(caught.value)
    assert reason in message and "\n" not in message and "secret" not in message
    assert "sqlite:///PATH or postgresql://USER@HOST:PORT/DB" in message or "in-memory" in message


# ---------------------------------------------------------------- SQLite


@pytest.mark.slow
def test_grades_land_in_an_sqlite_gradebook_given_as_a_path_string(tmp_path):
    folder = _submissions(tmp_path / "class", {
        "amy": TOY_SOLUTION.read_bytes(), "bo": WRONG, "cy": TOY_RELEASED.read_bytes(), "dee": b"{ not json",
    })
    database, out = tmp_path / "gradebook.db", tmp_path / "grades.csv"
    grade_class(folder, "toy", out=out, jobs=2, course=COURSE, gradebook=str(database), progress=None)
    url = f"sqlite:///{database}"
    assert _gradebook_scores(url) == _csv_scores(out) == {
        "amy": (3.0, False), "bo": (1.0, False), "cy": (0.0, False), "dee": (0.0, True),
    }


def test_a_lost_race_is_rolled_back_and_retried(tmp_path, monkeypatch):
    """nbgrader turns a unique-constraint violation into InvalidEntry; the recorder retries it."""
    from nbgrader.api import Gradebook, InvalidEntry
    from sqlalchemy.exc import IntegrityError

    monkeypatch.setattr(gradebook.time, "sleep", lambda seconds: None)
    real = Gradebook.update_or_create_student
    losses = {"left": 2}

    def racing(self, student_id, **kwargs):
        if losses["left"]:
            losses["left"] -= 1
            # What nbgrader raises when another writer inserted the same student first.
            try:
                raise IntegrityError("INSERT INTO student", {}, Exception("UNIQUE constraint failed: student.id"))
            except IntegrityError as error:
                raise InvalidEntry(*error.args)  # noqa: B904 - nbgrader chains implicitly, as here
        return real(self, student_id, **kwargs)

    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    recorder = GradebookRecorder(url, "toy", grade_cells(COURSE, "toy"))
    monkeypatch.setattr(Gradebook, "update_or_create_student", racing)
    result = CheckResult("toy", [report.TestResult("test_double_small", 1.0, 1.0, True),
                                 report.TestResult("test_double_hidden", 0.0, 2.0, False)])
    recorder.record(Row("amy", "toy", "1", "3", "graded", ""), result)
    assert losses["left"] == 0
    assert _gradebook_scores(url) == {"amy": (1.0, False)}

    losses["left"] = gradebook.ATTEMPTS  # a race lost every time is reported, in one line
    with pytest.raises(UngradableError, match=f"recording the grades of bo .* failed {gradebook.ATTEMPTS} times"):
        recorder.record(Row("bo", "toy", "0", "3", "graded", ""), None)
    assert _gradebook_scores(url) == {"amy": (1.0, False)}


def test_a_gradebook_that_cannot_be_opened_stops_the_run_without_a_csv(tmp_path):
    folder = _submissions(tmp_path / "class", {"amy": TOY_SOLUTION.read_bytes()})
    out = tmp_path / "grades.csv"
    with pytest.raises(UngradableError, match="cannot connect to the SQLite gradebook .*check that its folder exists"):
        grade_class(folder, "toy", out=out, course=COURSE, gradebook=tmp_path / "no" / "such" / "g.db", progress=None)
    assert not out.exists()


# ---------------------------------------------------------------- unreachable server, bad URL, CLI


def test_an_unreachable_server_stops_the_run_before_any_row_is_written(tmp_path):
    port = _free_port()  # nothing listens there: connection refused at once
    folder = _submissions(tmp_path / "class", {"amy": TOY_SOLUTION.read_bytes(), "bo": WRONG})
    out = tmp_path / "grades.csv"
    started = time.perf_counter()
    with pytest.raises(UngradableError) as caught:
        grade_class(folder, "toy", out=out, course=COURSE, gradebook=f"postgresql://me:secret@127.0.0.1:{port}/g",
                    progress=None)
    message = str(caught.value)
    assert "\n" not in message and "secret" not in message
    assert "cannot connect to the PostgreSQL gradebook" in message and f"127.0.0.1:{port}" in message
    assert "check that a PostgreSQL server is running" in message
    assert not out.exists()
    assert time.perf_counter() - started < 30  # no notebook was waited for


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        (["--db-url", "postgresql://me@127.0.0.1:{port}/g"], "cannot connect to the PostgreSQL gradebook"),
        (["--db-url", "mysql://me@127.0.0.1/g"], "unsupported gradebook URL"),
        (["--db-url", "sqlite:///g.db", "--gradebook", "g.db"], "not allowed with argument"),
    ],
    ids=["unreachable", "unsupported", "both-options"],
)
def test_the_grade_command_exits_2_with_one_line(tmp_path, options, reason):
    folder = _submissions(tmp_path / "class", {"amy": TOY_SOLUTION.read_bytes()})
    out = tmp_path / "grades.csv"
    options = [option.format(port=_free_port()) for option in options]
    grader = _run_grade(str(folder), "--assignment", "toy", "--out", str(out), *options)
    stdout, stderr = grader.communicate(timeout=120)
    assert grader.returncode == 2, stderr
    assert reason in stderr.strip().splitlines()[-1]
    if reason != "not allowed with argument":  # argparse prints its usage first
        assert len(stderr.strip().splitlines()) == 1 and stderr.startswith("paramcourse grade: ")
    assert not out.exists()


# ---------------------------------------------------------------- PostgreSQL


@pytest.mark.slow
@pytest.mark.xdist_group("postgres")
def test_grades_of_a_class_land_in_postgresql(tmp_path, postgres_url):
    folder = _submissions(tmp_path / "class", {
        "amy": TOY_SOLUTION.read_bytes(), "bo": WRONG, "cy": TOY_RELEASED.read_bytes(), "dan": None,
    })
    out = tmp_path / "grades.csv"
    rows = grade_class(folder, "toy", out=out, jobs=2, course=COURSE, gradebook=postgres_url, progress=None)
    assert [row.status for row in rows] == ["graded", "graded", "graded", "missing"]
    assert _gradebook_scores(postgres_url) == _csv_scores(out) == {
        "amy": (3.0, False), "bo": (1.0, False), "cy": (0.0, False), "dan": (0.0, True),
    }
    from nbgrader.api import Gradebook

    with Gradebook(_psycopg2(postgres_url)) as book:
        assert book.find_grade("test_double_hidden", "toy", "toy", "bo").auto_score == 0.0
        assert book.find_grade("test_double_small", "toy", "toy", "bo").auto_score == 1.0


@pytest.mark.xdist_group("postgres")
def test_a_missing_database_on_a_running_server_is_one_line(postgres_server):
    missing = f"postgresql://{POSTGRES_USER}@127.0.0.1:{postgres_server.port}/no_such_database"
    with pytest.raises(UngradableError, match='database "no_such_database" does not exist; check that') as caught:
        GradebookRecorder(missing, "toy", grade_cells(COURSE, "toy"))
    assert "\n" not in str(caught.value)


# One racer: everything imported and set up, then it waits for the go file and, at the same
# moment as the others, creates its recorder (tables, assignment, cells) and records a student.
RACER = """
import sys, time
from pathlib import Path
from paramcourse.grading.batch import Row
from paramcourse.grading.course import grade_cells
from paramcourse.grading.gradebook import GradebookRecorder
from paramcourse.grading.report import CheckResult, TestResult
import nbgrader.api, sqlalchemy.dialects.postgresql.psycopg2, psycopg2

url, student, course, ready, go = sys.argv[1:]
expected = grade_cells(Path(course), "toy")
result = CheckResult("toy", [TestResult("test_double_small", 1.0, 1.0, True),
                             TestResult("test_double_hidden", 0.0, 2.0, False)])
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.001)
GradebookRecorder(url, "toy", expected).record(Row(student, "toy", "1", "3", "graded", ""), result)
"""


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.xdist_group("postgres"))])
def test_recorders_racing_on_a_fresh_database_all_get_their_grades_in(backend, tmp_path, request):
    """Four grader processes create the tables, the assignment and its cells, then record, all at once."""
    url = request.getfixturevalue("postgres_url") if backend == "postgresql" else f"sqlite:///{tmp_path / 'g.db'}"
    students = [f"student{i}" for i in range(4)]
    go = tmp_path / "go"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, url, student, str(COURSE), str(tmp_path / f"{student}.ready"), str(go)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for student in students
    ]
    try:
        deadline = time.monotonic() + 300  # generous: a loaded machine starts interpreters slowly
        while not all((tmp_path / f"{student}.ready").exists() for student in students):
            assert all(racer.poll() is None for racer in racers), "a racer died before the start"
            assert time.monotonic() < deadline, "the racers never got ready"
            time.sleep(0.01)
        go.touch()
        outputs = [racer.communicate(timeout=120) for racer in racers]
    finally:
        for racer in racers:
            if racer.poll() is None:
                racer.kill()
    for racer, (_, stderr) in zip(racers, outputs, strict=True):
        assert racer.returncode == 0 and stderr == "", stderr
    assert _gradebook_scores(url) == {student: (1.0, False) for student in students}


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.xdist_group("postgres"))])
def test_two_graders_writing_at_once(backend, tmp_path, request):
    """Two ``paramcourse grade`` processes, one class in two folders, one gradebook, at the same time."""
    url = request.getfixturevalue("postgres_url") if backend == "postgresql" else f"sqlite:///{tmp_path / 'g.db'}"
    first = _submissions(tmp_path / "room-a", {"amy": TOY_SOLUTION.read_bytes(), "bo": WRONG})
    second = _submissions(tmp_path / "room-b", {"cy": TOY_RELEASED.read_bytes(), "dee": TOY_SOLUTION.read_bytes()})
    graders = [
        _run_grade(str(folder), "--assignment", "toy", "--out", str(tmp_path / f"{folder.name}.csv"), "--db-url", url)
        for folder in (first, second)
    ]
    outputs = [grader.communicate(timeout=300) for grader in graders]
    for grader, (_, stderr) in zip(graders, outputs, strict=True):
        assert grader.returncode == 0, stderr
        for noise in ("Traceback", "IntegrityError", "Rolling back", "locked"):
            assert noise not in stderr, stderr
    in_csv = {**_csv_scores(tmp_path / "room-a.csv"), **_csv_scores(tmp_path / "room-b.csv")}
    rows = [row for room in ("room-a", "room-b") for row in _csv(tmp_path / f"{room}.csv")]
    assert _gradebook_scores(url) == in_csv == {
        "amy": (3.0, False), "bo": (1.0, False), "cy": (0.0, False), "dee": (3.0, False),
    }, rows  # a status other than "graded" says why in its message
