"""Grade one notebook with nbgrader's real autograde pipeline, in a throw-away course.

Step by step (:func:`grade_notebook`):

1. Read the notebook as JSON and check it looks like a notebook (else
   :class:`~paramcourse.grading.UngradableError`); find the course and the assignment.
2. Make a temporary course directory: the instructor's ``solutions/NAME/`` goes to
   ``source/NAME/``, the notebook's bytes to ``submitted/student/NAME/NAME.ipynb``. A notebook
   that lacks one of the instructor's test or answer cells (deleted, or stripped of its
   nbgrader metadata) goes there rebuilt instead (:func:`_restored`): the released notebook
   with the student's answers and own code cells put in, and the report says so.
   Everything nbgrader writes (gradebook, logs, the autograded copy) and everything
   the kernel writes (its working directory, IPython's profile, connection files)
   stays in there; the directory is removed at the end.
3. Hand the request to a :class:`Worker`: a ``python -m paramcourse.grading.runner
   --serve`` process in its own session, with ``PARAMCOURSE_GRADING=1`` in its
   environment (inherited by the kernel, so the self-check cell does nothing). It
   runs nbgrader's ``generate_assignment`` (so the gradebook knows the hidden tests;
   a worker reuses the gradebook it generated for the same solution notebook) and
   ``autograde`` in-process, with a per-cell timeout, capped outputs, restarts after a
   dead kernel and a memory-capped kernel (:mod:`.kernel`), and answers with one line.
   The kernel records every call of a student function in a transcript (:mod:`.transcript`)
   and gives it a time budget of at most half the per-cell timeout.
4. The supervisor waits at most the whole-check timeout, then kills the worker's
   process group and any kernel still running from the temporary directory, and
   restores any course file the notebook changed (:mod:`.guard`; the notebook then
   gets no marks).
5. The autograded notebook is read back and scored by :func:`report.evaluate`: each of
   the instructor's test cells is replayed here, outside the student's kernel, against
   the transcript, and the student's own code is scanned for borrowed reference code
   (:mod:`.borrowing`).

Why a worker process rather than nbgrader in the calling process: the whole-check
timeout needs something to kill, and the command line stays light (``--help`` and
the exit-2 errors never import nbgrader). It costs one interpreter start, about
0.1 s, and :mod:`.batch` keeps one worker per job for a whole class.
"""

from __future__ import annotations

import ast
import copy
import functools
import hashlib
import json
import logging
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path
from typing import Any

from paramcourse.grading import GRADING_ENV, UngradableError
from paramcourse.grading.course import (
    GradeCell,
    find_course,
    grade_cells,
    identify_assignment,
    solution_notebook,
)
from paramcourse.grading import borrowing
from paramcourse.grading.bundle import BUNDLES_ENV
from paramcourse.grading.guard import CourseGuard
from paramcourse.grading.kernel import (
    DEFAULT_MEMORY_MB, KERNEL_STARTS, MEMORY_ENV, guarded_execute_class, write_kernelspec,
)
from paramcourse.grading.report import CheckResult, clip, evaluate, failed_everywhere
from paramcourse.grading.transcript import CALL_BUDGET, CALL_BUDGET_ENV, TRANSCRIPT_ENV

__all__ = [
    "DEFAULT_CELL_TIMEOUT", "DEFAULT_TIMEOUT", "RESTORED", "TAMPERED", "Worker", "grade_notebook", "read_notebook",
    "stop_all",
]

#: Seconds one cell may run before nbgrader interrupts it.
DEFAULT_CELL_TIMEOUT = 60
#: Seconds the whole check of one notebook may take.
DEFAULT_TIMEOUT = 600

STUDENT = "student"  # the only student of a temporary course; real names stay outside
#: How the message of a notebook that changed the course's files begins.
TAMPERED = "the notebook changed the course's files"
#: The note of a notebook rebuilt around the instructor's cells (see :func:`_restored`).
RESTORED = (
    "the test cells were missing or edited and were restored from the instructor's notebook "
    "(your functions and your own code cells were kept)"
)
_MAX_NOTEBOOK_BYTES = 50_000_000

# Workers run in their own sessions, so Ctrl+C in a terminal does not reach them:
# a batch that is interrupted stops them through this registry.
_RUNNING: set[int] = set()
_RUNNING_LOCK = threading.Lock()


def stop_all() -> None:
    """Kill every grading worker this process has started and is still waiting for."""
    with _RUNNING_LOCK:
        pids = list(_RUNNING)
    for pid in pids:
        _kill_group(pid)


def read_notebook(path: Path) -> dict[str, Any]:
    """Return the notebook at ``path`` as JSON after checking that it is one.

    Raises
    ------
    UngradableError
        When the file is missing, is not JSON, or is not a version-4 notebook.
    """
    path = Path(path)
    if not path.exists():
        raise UngradableError(f"{path}: no such file; give the path of your .ipynb notebook")
    if not path.is_file():
        raise UngradableError(f"{path} is not a file; give the path of your .ipynb notebook")
    if path.stat().st_size > _MAX_NOTEBOOK_BYTES:
        raise UngradableError(
            f"{path} is larger than {_MAX_NOTEBOOK_BYTES // 1_000_000} MB; clear its outputs "
            "(Edit > Clear Outputs of All Cells), save, and check again"
        )
    try:
        with open(path, encoding="utf-8") as handle:
            notebook = json.load(handle)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UngradableError(
            f"{path} is not valid notebook JSON ({error.__class__.__name__}: {error}); "
            "it may be damaged: download a fresh copy of the exercise and paste your code in"
        ) from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise UngradableError(
            f"{path} is JSON but not a Jupyter notebook (no list of cells); grade the .ipynb file"
        )
    if notebook.get("nbformat") != 4:
        raise UngradableError(
            f"{path} uses notebook format {notebook.get('nbformat')!r}, not 4; open and save it "
            "in a current JupyterLab to convert it"
        )
    return notebook


def grade_notebook(
    notebook: str | os.PathLike[str],
    *,
    course: str | os.PathLike[str] | None = None,
    assignment: str | None = None,
    cell_timeout: float = DEFAULT_CELL_TIMEOUT,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    worker: Worker | None = None,
    guard: CourseGuard | None = None,
) -> CheckResult:
    """Grade ``notebook`` against the instructor's tests (see the module docstring).

    Parameters
    ----------
    notebook : path-like
        The student's notebook; it is only read.
    course : path-like, optional
        The course directory; searched for from the notebook and the working directory.
    assignment : str, optional
        The assignment; by default told from the notebook (see :mod:`.course`).
    cell_timeout : float
        Seconds one cell may run.
    timeout : float
        Seconds the whole check may take.
    memory_mb : int
        Address-space limit of the kernel in MiB (0: none).
    worker : Worker, optional
        A worker to reuse (class grading keeps one per job); by default a new one is
        started and stopped.
    guard : CourseGuard, optional
        The snapshot of the course's files to restore after the notebook ran; by default
        one is taken now.

    Returns
    -------
    CheckResult
        Per-test scores and hints. A timeout of the whole check, an nbgrader failure or a
        notebook that changed the course's files gives a result whose ``status`` says so,
        with zero points, rather than an exception.

    Raises
    ------
    UngradableError
        When the notebook, the course or the assignment cannot be graded at all.
    """
    path = Path(notebook)
    content = read_notebook(path)
    course_dir = find_course(path, Path(course) if course is not None else None)
    name = identify_assignment(course_dir, path, content, assignment)
    expected = grade_cells(course_dir, name)
    _import_checks(course_dir, name)
    findings = borrowing.findings(borrowing.student_sources(content, _instructor_notebooks(course_dir, name)))
    restored = _restored(content, course_dir, name)
    submission = path.read_bytes() if restored is None else json.dumps(restored, indent=1).encode("utf-8")
    if guard is None:
        guard = CourseGuard(course_dir)
    own_worker = worker is None
    if worker is None:
        worker = Worker()
    request = {"course": str(course_dir), "assignment": name, "cell_timeout": cell_timeout, "memory_mb": memory_mb}
    try:
        result = _attempt(path, submission, expected, findings, guard, worker, request, timeout)
        if result.message.startswith(TAMPERED):
            # Once more before blaming the notebook: another grader on this machine may have
            # made the change. A notebook that makes it again gets no marks.
            result = _attempt(path, submission, expected, findings, guard, worker, request, timeout)
        if restored is not None and result.status == "graded":
            result.message = "; ".join(filter(None, [RESTORED, result.message]))
        return result
    finally:
        if own_worker:
            worker.close()


def _attempt(
    path: Path, submission: bytes, expected: list[GradeCell], findings: list[str], guard: CourseGuard,
    worker: Worker, request: dict[str, Any], timeout: float,
) -> CheckResult:
    """Grade ``submission`` (the notebook's bytes, or its restored version) once in a fresh
    temporary course; restore the course's files afterwards."""
    name = request["assignment"]
    root = Path(tempfile.mkdtemp(prefix=f"paramcourse-{name}-"))
    try:
        _prepare(root, Path(request["course"]), name, submission)
        outcome = worker.run({**request, "root": str(root)}, timeout)
        _kill_strays(root)
        tampered = guard.restore()
        if tampered:
            shown = "; ".join(tampered[:3]) + (f"; and {len(tampered) - 3} more" if len(tampered) > 3 else "")
            return failed_everywhere(
                expected, name, "error",
                f"{TAMPERED} ({shown}); they were restored, and the notebook gets no marks. Graded "
                "code must not write outside its own folder.",
            )
        if outcome["status"] == "ungradable":
            raise UngradableError(f"{path}: {outcome['message']}")
        if outcome["status"] != "ok":
            return failed_everywhere(expected, name, outcome["status"], outcome["message"])
        graded = root / "autograded" / STUDENT / name / f"{name}.ipynb"
        with open(graded, encoding="utf-8") as handle:
            executed = json.load(handle)
        tests = evaluate(
            expected, executed, cell_timeout=request["cell_timeout"], transcripts=root / "transcript",
            borrowed=findings,
        )
        return CheckResult(name, tests, message=_restarts(executed))
    finally:
        _kill_strays(root)
        shutil.rmtree(root, ignore_errors=True)


def _import_checks(course: Path, name: str) -> None:
    """Load the assignment's full checks now, before any student code runs: the replay must use
    the code as it was, even if a notebook rewrites the files (the guard puts them back)."""
    from paramcourse.grading.bundle import preload

    preload(course, name)


def _restarts(executed: dict[str, Any]) -> str:
    """Say in which cells the kernel died (and was restarted), or nothing."""
    cells = [
        number
        for number, cell in enumerate(executed.get("cells") or [], start=1)
        if any(out.get("ename") == "DeadKernelError" and not str(out.get("evalue", "")).startswith("not run")
               for out in cell.get("outputs") or [] if isinstance(out, dict))
    ]
    if not cells:
        return ""
    where = ", ".join(map(str, cells[:5]))
    return (
        f"the kernel died in cell {where} (os._exit, a signal, a crash or too much memory); it was "
        "restarted and the rest of the notebook was graded"
    )


def _instructor_notebooks(course: Path, name: str) -> list[dict[str, Any]]:
    """The solution notebook and, when released, the exercise: their cells are not the student's."""
    found = []
    for path in (solution_notebook(course, name), course / "exercises" / name / f"{name}.ipynb"):
        try:
            with open(path, encoding="utf-8") as handle:
                found.append(json.load(handle))
        except (OSError, ValueError):
            continue
    return found


def _prepare(root: Path, course: Path, name: str, submission: bytes) -> None:
    shutil.copytree(solution_notebook(course, name).parent, root / "source" / name)
    submitted = root / "submitted" / STUDENT / name
    submitted.mkdir(parents=True)
    (submitted / f"{name}.ipynb").write_bytes(submission)
    for folder in ("runtime", "ipython"):
        (root / folder).mkdir()


# ----------------------------------------------------------------------------------
# Restoring a notebook whose test cells were deleted or lost their nbgrader metadata.
# ----------------------------------------------------------------------------------

_DEF_LINE = re.compile(r"^(?:async\s+)?def\s+(\w+)", re.MULTILINE)
_GENERATE_LOCK = threading.Lock()


def _nbgrader(cell: Any) -> dict[str, Any]:
    meta = cell.get("metadata") if isinstance(cell, dict) else None
    found = meta.get("nbgrader") if isinstance(meta, dict) else None
    return found if isinstance(found, dict) else {}


def _grade_id(cell: Any) -> str | None:
    grade_id = _nbgrader(cell).get("grade_id")
    return None if grade_id is None else str(grade_id)


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _is_test(cell: dict[str, Any]) -> bool:
    meta = _nbgrader(cell)
    return bool(meta.get("grade")) and not meta.get("solution")


def _graded_ids(notebook: dict[str, Any]) -> set[str]:
    """The grade ids of the test and solution cells of ``notebook``."""
    return {
        _grade_id(cell)
        for cell in notebook.get("cells") or []
        if _grade_id(cell) is not None and (_nbgrader(cell).get("grade") or _nbgrader(cell).get("solution"))
    }


def _defined_functions(source: str) -> set[str]:
    """The functions a cell defines at its top level (by its ``def`` lines when it does not parse)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set(_DEF_LINE.findall(source))
    return {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


@functools.lru_cache(maxsize=8)
def _generated(course: Path, name: str, stamp: tuple[int, int]) -> str:
    """The student notebook generated from ``solutions/`` now, as JSON text (``stamp``: the
    solution notebook's modification time and size, so that an edit is seen)."""
    from paramcourse.grading.release import release

    with _GENERATE_LOCK, tempfile.TemporaryDirectory(prefix="paramcourse-restore-") as tmp:
        release(course, [name], out=tmp)
        return (Path(tmp) / name / f"{name}.ipynb").read_text(encoding="utf-8")


def _released_notebook(course: Path, name: str, solution: dict[str, Any]) -> dict[str, Any]:
    """The student version of the assignment: ``exercises/NAME/NAME.ipynb`` when it has the same
    test and solution cells as ``solution``, else one generated from ``solutions/`` (nbgrader is
    imported then, in this process)."""
    try:
        with open(course / "exercises" / name / f"{name}.ipynb", encoding="utf-8") as handle:
            released = json.load(handle)
        if isinstance(released, dict) and _graded_ids(released) == _graded_ids(solution):
            return released
    except (OSError, ValueError):
        pass
    stat = solution_notebook(course, name).stat()
    return json.loads(_generated(course, name, (stat.st_mtime_ns, stat.st_size)))


def _restored(content: dict[str, Any], course: Path, name: str) -> dict[str, Any] | None:
    """``content`` rebuilt around the instructor's cells, or ``None`` when it has them all.

    A notebook needs it when one of the instructor's test or solution cells is missing, as
    nbgrader knows them (by ``grade_id``): deleted, or stripped of its metadata (copied into a
    new notebook). nbgrader itself restores the source of an edited test cell that kept them.
    """
    solution = json.loads(solution_notebook(course, name).read_text(encoding="utf-8"))
    present = {_grade_id(cell) for cell in content.get("cells") or []}
    if _graded_ids(solution) <= present or not _valid(content):
        return None  # an invalid notebook goes on as it is: the worker refuses it with the reason
    return _rebuild(content, _released_notebook(course, name, solution), [solution])


def _valid(content: dict[str, Any]) -> bool:
    """Whether nbformat accepts ``content`` (as the worker checks it)."""
    import nbformat

    try:
        with warnings.catch_warnings():  # missing cell ids and the like: the rebuild adds them
            warnings.simplefilter("ignore")
            nbformat.validate(nbformat.reads(json.dumps(content), as_version=4))
    except Exception:  # any reason nbformat refuses it
        return False
    return True


def _rebuild(content: dict[str, Any], released: dict[str, Any], others: list[dict[str, Any]]) -> dict[str, Any]:
    """Every cell of the student notebook ``released``, in order, with the student's work put in.

    Each solution cell is replaced by the student's cell with its ``grade_id``, else by one that
    defines its function (the student's cell, with the instructor's metadata); a solution cell
    with no such cell stays the released stub, unless the function is defined in another kept
    cell (a stub after it would replace it). The student's other code cells, their own helpers,
    are kept in their order, each before the first test cell that follows the instructor's cell
    it came after, so that they exist when the tests run. Copies of the instructor's cells
    (same ``grade_id``, or same source as a cell of ``released`` or of ``others``, the solution
    notebook) are left out: the instructor's cell is there.
    """
    mine = [cell for cell in content.get("cells") or [] if isinstance(cell, dict)]
    theirs = [cell for cell in released.get("cells") or [] if isinstance(cell, dict)]
    position = {_grade_id(cell): j for j, cell in enumerate(theirs) if _grade_id(cell) is not None}
    copies = {_source(cell).strip(): j for j, cell in enumerate(theirs)}
    for notebook in others:
        for cell in notebook.get("cells") or []:
            j = position.get(_grade_id(cell))
            if j is not None:
                copies.setdefault(_source(cell).strip(), j)
    solutions = {j for j, cell in enumerate(theirs) if _nbgrader(cell).get("solution")}
    tests = [j for j, cell in enumerate(theirs) if _is_test(cell)]
    code = [i for i, cell in enumerate(mine) if cell.get("cell_type") == "code"]
    defines = {i: _defined_functions(_source(mine[i])) for i in code}

    # The instructor's cell each of the student's cells stands for, where it stands for one.
    anchor: dict[int, int] = {}
    for i, cell in enumerate(mine):
        j = position.get(_grade_id(cell))
        if j is not None and (j not in solutions or j not in anchor.values()):
            anchor[i] = j
    slot: dict[int, int] = {j: i for i, j in anchor.items() if j in solutions}
    for j in sorted(solutions - set(slot)):
        wanted = _defined_functions(_source(theirs[j]))
        found = next((i for i in code if i not in anchor and defines[i] & wanted), None)
        if found is not None:
            anchor[found], slot[j] = j, found
    for i in code:
        if i not in anchor and _source(mine[i]).strip() in copies:
            anchor[i] = copies[_source(mine[i]).strip()]

    helpers: dict[int, list[dict[str, Any]]] = {}
    after, target = -1, 0
    for i, cell in enumerate(mine):
        if i in anchor:
            after = max(after, anchor[i])
        elif i in defines and _source(cell).strip():
            target = max(target, next((j for j in tests if j > after), len(theirs)))
            kept = copy.deepcopy(cell)
            if _grade_id(kept) in position:  # a second copy of a solution cell
                kept["metadata"].pop("nbgrader")
            helpers.setdefault(target, []).append(kept)
    kept_functions = set().union(*(defines[i] for i in slot.values()), *(
        _defined_functions(_source(cell)) for cells in helpers.values() for cell in cells))

    cells: list[dict[str, Any]] = []
    for j, cell in enumerate(theirs):
        cells += helpers.get(j, [])
        if j in slot:
            student = copy.deepcopy(mine[slot[j]])
            student["metadata"] = copy.deepcopy(cell.get("metadata") or {})
            cells.append(student)
        elif j not in solutions or not _defined_functions(_source(cell)) & kept_functions:
            cells.append(copy.deepcopy(cell))
    cells += helpers.get(len(theirs), [])
    rebuilt = {key: copy.deepcopy(value) for key, value in released.items() if key != "cells"}
    rebuilt["cells"] = _unique_ids(cells)
    return rebuilt


_CELL_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def _unique_ids(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each cell a valid id of its own (the student's and the instructor's cells may share
    ids, or the student's have none): nbformat refuses a notebook otherwise."""
    seen: set[str] = set()
    for number, cell in enumerate(cells):
        given = cell.get("id")
        if not isinstance(given, str) or not _CELL_ID.match(given) or given in seen:
            given = f"restored-{number}"
            cell["id"] = given
        seen.add(given)
    return cells


class Worker:
    """A grading worker process: imports nbgrader once, grades notebooks on request.

    It never runs student code itself (each notebook gets a fresh kernel, started
    from the notebook's temporary course), so reusing it across a class is safe and
    saves the seconds nbgrader takes to import. It runs in its own session: after a
    timeout its whole process group is killed, and the next request starts a new one.
    """

    def __init__(self) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="paramcourse-worker-"))
        self.process: subprocess.Popen[str] | None = None
        self.log = None

    def _start(self) -> subprocess.Popen[str]:
        env = dict(os.environ)
        package_parent = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, env.get("PYTHONPATH")]))
        env[GRADING_ENV] = "1"  # inherited by every kernel: the self-check cell stays quiet
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        self.log = open(self.home / "worker.log", "ab")
        process = subprocess.Popen(
            [sys.executable, "-m", "paramcourse.grading.runner", "--serve", str(self.home)],
            cwd=self.home,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            start_new_session=True,  # one process group to kill on timeout
        )
        with _RUNNING_LOCK:
            _RUNNING.add(process.pid)
        return process

    def run(self, request: dict[str, Any], timeout: float) -> dict[str, str]:
        """Send one request; return ``{"status", "message"}`` within ``timeout`` seconds."""
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        process = self.process
        try:
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
            ready, _, _ = select.select([process.stdout], [], [], timeout)
            line = process.stdout.readline() if ready else None
        except BaseException:  # Ctrl+C: the worker's own session does not get the signal
            self.stop()
            raise
        if line is None:
            self.stop()
            return {
                "status": "timeout",
                "message": f"grading stopped after the time limit of {timeout:g} s; look for "
                "an infinite or very slow loop in your functions",
            }
        try:
            return json.loads(line)
        except json.JSONDecodeError:
            self.stop()
            log = (self.home / "worker.log").read_text(encoding="utf-8", errors="replace")
            return {
                "status": "error",
                "message": f"the grader stopped unexpectedly: {clip(log[-2000:], 300) or 'no message'}",
            }

    def stop(self) -> None:
        """Stop the worker process if it runs; the next request starts a new one."""
        if self.process is not None:
            _kill_group(self.process.pid)
            self.process.wait()
            with _RUNNING_LOCK:
                _RUNNING.discard(self.process.pid)
            for stream in (self.process.stdin, self.process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            self.process = None
        if self.log is not None:
            self.log.close()
            self.log = None

    def close(self) -> None:
        """Stop the worker process and remove its files."""
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _kill_strays(root: Path) -> None:
    """Kill kernels still running with a connection file under ``root`` (Linux only).

    Kernels start in their own session, so killing the worker's group misses them;
    they would notice their parent's death only after a while.
    """
    proc = Path("/proc")
    if not proc.is_dir():
        return
    marker = str(root).encode()
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker in cmdline:
            _kill_group(int(entry.name))
            try:
                os.kill(int(entry.name), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


# ----------------------------------------------------------------------------------
# The worker: runs inside the temporary course, imports nbgrader, writes result.json.
# ----------------------------------------------------------------------------------


def alembic_head() -> str:
    """Return the gradebook schema revision without a subprocess.

    nbgrader asks for it by running ``alembic heads`` in a subprocess whenever it
    creates a gradebook, which costs seconds; a fresh gradebook is created for
    every check, so it is read from nbgrader's migration scripts here instead.
    """
    import nbgrader
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

    config = AlembicConfig()
    config.set_main_option("script_location", str(Path(nbgrader.__file__).parent / "alembic"))
    return ScriptDirectory.from_config(config).get_current_head()


def nbgrader_config(root: Path, course: Path, cell_timeout: float) -> Any:
    """Return the nbgrader (traitlets) configuration of a temporary course at ``root``.

    The course's ``nbgrader_config.py`` is loaded first, so the instructor's settings
    (code stubs, ...) apply to checks as they do to ``paramcourse release``; the
    directories, the gradebook and the per-cell timeout are then set for ``root``.
    """
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    if (course / "nbgrader_config.py").is_file():
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config())
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.source_directory = "source"
    config.CourseDirectory.release_directory = "release"
    config.CourseDirectory.submitted_directory = "submitted"
    config.CourseDirectory.autograded_directory = "autograded"
    config.CourseDirectory.feedback_directory = "feedback"
    config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    config.Execute.timeout = max(1, int(round(cell_timeout)))
    return config


_DAMAGED = (
    "its nbgrader cell metadata was edited ({detail}); download a fresh copy of the exercise "
    "and paste your functions into it"
)
# The exception line that ends a traceback nbgrader logged: "nbgrader.api.MissingEntry: No such ...".
_EXCEPTION_LINE = re.compile(r"^([\w.]+(?:Error|Exception|Entry)): (.*)$", re.MULTILINE)


# What jupyter_client raises when a kernel dies or stays silent while it starts (after the
# tries GuardedExecute makes).
_KERNEL_START_FAILED = ("Kernel died before replying to kernel_info", "Kernel didn't respond in")


def _classify_failure(log_text: str) -> dict[str, str]:
    """Turn the log of a failed nbgrader run into a status and a message for people."""
    if "DeadKernelError" in log_text:
        message = (
            "the kernel died while running the notebook (a cell may call os._exit, crash "
            "Python or use too much memory); every test scores 0"
        )
        return {"status": "error", "message": message}
    if any(sign in log_text for sign in _KERNEL_START_FAILED):
        message = (
            f"a grading kernel stopped {KERNEL_STARTS} times while starting, before it could run a "
            "cell; grade the notebook again (with fewer --jobs if the machine is busy)"
        )
        return {"status": "error", "message": message}
    if "unresponsive" in log_text.lower():
        return {"status": "error", "message": "the kernel stopped responding and could not be interrupted"}
    if "of the nbgrader metadata format" in log_text:  # SchemaTooNewError, SchemaTooOldError
        return {"status": "ungradable", "message": _DAMAGED.format(detail="schema version")}
    exceptions = _EXCEPTION_LINE.findall(log_text)
    if exceptions and "No such grade cell" in exceptions[-1][1]:
        cell = exceptions[-1][1].rsplit("/", 1)[-1]
        detail = f"cell {cell!r} claims to be a graded cell the instructor's notebook does not have"
        return {"status": "ungradable", "message": _DAMAGED.format(detail=detail)}
    if exceptions:
        name, text = exceptions[-1]
        detail = f"{name.rsplit('.', 1)[-1]}: {text}"
    else:
        lines = [line for line in log_text.splitlines() if line.strip() and not line.startswith("[")]
        detail = lines[-1] if lines else "no message"
    return {"status": "error", "message": f"nbgrader could not grade the notebook: {clip(detail, 300)}"}


#: Where generated gradebooks are kept between checks (``PARAMCOURSE_CACHE`` overrides it).
CACHE_ENV = "PARAMCOURSE_CACHE"


def _template(home: Path, course: Path, name: str) -> Path:
    """Return where the freshly generated gradebook of an assignment is kept.

    It is the same for every check of the same solution notebook, course configuration and
    nbgrader version, so it is kept across processes in the user's cache folder (a second
    ``paramcourse check`` skips nbgrader's ``generate_assignment``) and falls back to the
    worker's own folder when the cache cannot be written. The gradebook only tells nbgrader
    which cells are graded; the verdict never depends on it (the replay uses the solution
    notebook itself), so a stale or forged file can cost marks but not grant them.
    """
    import nbgrader

    digest = hashlib.sha256()
    for path in (solution_notebook(course, name), course / "nbgrader_config.py"):
        digest.update(path.read_bytes() if path.is_file() else b"")
        digest.update(b"\0")
    digest.update(str(nbgrader.__version__).encode())
    key = f"{name}-{digest.hexdigest()[:20]}"
    cache = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "paramcourse") / "gradebooks"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        if os.access(cache, os.W_OK):
            return cache / key / "gradebook.db"
    except OSError:
        pass
    return home / "templates" / key / "gradebook.db"


def _store_template(generated: Path, template: Path) -> None:
    """Copy a generated gradebook to ``template`` atomically (parallel graders may race)."""
    template.parent.mkdir(parents=True, exist_ok=True)
    partial = template.with_name(f"{template.name}.{os.getpid()}.{threading.get_ident()}.partial")
    shutil.copyfile(generated, partial)
    os.replace(partial, template)


def _work(request: dict[str, Any], home: Path) -> dict[str, str]:
    root = Path(request["root"])
    course = Path(request["course"])
    name = request["assignment"]
    import nbformat

    submitted = root / "submitted" / STUDENT / name / f"{name}.ipynb"
    try:
        nbformat.validate(nbformat.read(submitted, as_version=4))
    except Exception as error:  # any reason nbformat refuses the file
        first = str(error).strip().splitlines()[0] if str(error).strip() else error.__class__.__name__
        return {"status": "ungradable", "message": f"not a valid notebook ({clip(first, 200)})"}

    import nbgrader.api

    nbgrader.api.get_alembic_version = alembic_head  # see alembic_head
    from nbgrader.converters import Autograde, GenerateAssignment
    from nbgrader.converters.base import NbGraderException
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import Execute

    # Read by jupyter_client and IPython when the kernel starts, so set per notebook:
    # connection files under root (how stray kernels are found), a fresh IPython
    # profile (no user startup scripts, no history file).
    os.environ["JUPYTER_RUNTIME_DIR"] = str(root / "runtime")
    os.environ["IPYTHONDIR"] = str(root / "ipython")
    # The kernel records its calls for the replay (transcript), starts through the memory-capped
    # launcher (kernel), and never reads the user's site directory.
    os.environ[TRANSCRIPT_ENV] = str(root / "transcript")
    # Half the cell timeout at most: the budget, not the cell's interrupt, stops a call that
    # hangs, and the cell still has time for its other calls (answered at once).
    os.environ[CALL_BUDGET_ENV] = f"{min(CALL_BUDGET, float(request['cell_timeout']) / 2):g}"
    os.environ[BUNDLES_ENV] = str(root / "source")  # the kernel's test cells load checks.py from here
    os.environ[MEMORY_ENV] = str(int(request.get("memory_mb") or 0))
    os.environ["JUPYTER_PATH"] = str(write_kernelspec(root / "jupyter").parents[1])
    os.environ["PYTHONNOUSERSITE"] = "1"
    log_path = root / "nbgrader.log"
    handler = logging.FileHandler(log_path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
    config = nbgrader_config(root, course, float(request["cell_timeout"]))
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = name
    template = _template(home, course, name)
    logger = logging.getLogger("traitlets")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        if template.is_file():
            # The gradebook generate_assignment wrote for an earlier notebook of the
            # same assignment: identical, and copying it saves the generation.
            shutil.copyfile(template, root / "gradebook.db")
        else:
            generate = GenerateAssignment(coursedir=coursedir, config=config)
            generate.force = True
            generate.create_assignment = True
            generate.start()
            _store_template(root / "gradebook.db", template)
        coursedir.student_id = STUDENT
        autograde = Autograde(coursedir=coursedir, config=config)
        guarded = guarded_execute_class()
        autograde.autograde_preprocessors = [
            guarded if preprocessor is Execute else preprocessor for preprocessor in autograde.autograde_preprocessors
        ]
        autograde.force = True
        autograde.create_student = True
        autograde.start()
    except NbGraderException:
        handler.flush()
        return _classify_failure(log_path.read_text(encoding="utf-8"))
    finally:
        logger.removeHandler(handler)
        handler.close()
    return {"status": "ok", "message": ""}


def _serve(home: Path) -> int:
    """Answer requests (one JSON line each on stdin) with one JSON line each on stdout."""
    # The protocol gets a private copy of stdout; file descriptor 1, which kernels
    # inherit, now points to /dev/null, so nothing a kernel prints can forge an answer.
    protocol = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    for line in sys.stdin:
        if not line.strip():
            continue
        started = time.perf_counter()
        try:
            result = _work(json.loads(line), home)
        except Exception as error:  # report, never a traceback on the student's screen
            logging.getLogger(__name__).exception("grading worker failed")
            result = {"status": "error", "message": f"the grader failed: {clip(repr(error), 300)}"}
        result["seconds"] = f"{time.perf_counter() - started:.3f}"
        protocol.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] != ["--serve"] or len(sys.argv) != 3:
        sys.exit("usage: python -m paramcourse.grading.runner --serve HOME (started by paramcourse itself)")
    sys.exit(_serve(Path(sys.argv[2])))
