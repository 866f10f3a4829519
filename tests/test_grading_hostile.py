"""Hostile and broken notebooks, graded for real (nbgrader, kernels): the grader cannot be fooled
or broken (issue "Grading that cannot be fooled or broken"; threat model in docs/threat-model.md).

Each case is a notebook built here from the toy assignment (tests/fixtures/course) or a real
one, with the student's code replaced by the attack. A wrong answer is used wherever an attack
could hide one: the attack succeeds only if that notebook gets full marks.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from paramcourse.grading import UngradableError
from paramcourse.grading.guard import CourseGuard
from paramcourse.grading.runner import RESTORED, Worker, grade_notebook
from test_grading_runner import COURSE, REPO, TOY_SOLUTION, toy_with, tree_digest

pytestmark = pytest.mark.slow

WRONG = "def double(x):\n    return x + 2\n"  # right for x = 2 only: the hidden test catches it


@pytest.fixture(scope="module")
def worker():
    with Worker() as shared:
        yield shared


def _grade(path: Path, worker: Worker, **options):
    started = time.perf_counter()
    result = grade_notebook(path, course=options.pop("course", COURSE), worker=worker, **options)
    print(f"graded {path.name} in {time.perf_counter() - started:.1f} s: {result.score:g}/{result.max_score:g}")
    return result


def _with_cells(tmp_path: Path, body: str, *extra: str, source: Path = TOY_SOLUTION, grade_id: str = "double",
                name: str | None = None) -> Path:
    """A copy of ``source`` whose solution cell ``grade_id`` is ``body``, with ``extra`` code
    cells (no nbgrader metadata, as a student adds them) inserted after it."""
    notebook = json.loads(source.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    index = next(i for i, c in enumerate(cells) if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)
    cells[index]["source"] = body
    for offset, code in enumerate(extra, start=1):
        cells.insert(index + offset, {"cell_type": "code", "execution_count": None, "id": f"extra{offset}",
                                      "metadata": {}, "outputs": [], "source": code})
    path = tmp_path / (name or source.name)
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


# ------------------------------------------------------------------ 1. no forged marks

FORGERIES = {
    "patched numpy comparisons": (
        "import numpy as np\n"
        "np.allclose = lambda *a, **k: True\nnp.all = lambda *a, **k: True\nnp.abs = lambda x: 0 * x\n"
        "np.isfinite = lambda x: True\nnp.testing.assert_allclose = lambda *a, **k: None\n"
    ),
    "errors swallowed by IPython": (
        "get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)\n"
    ),
    "exception hook and AssertionError replaced": (
        "import sys\nsys.excepthook = lambda *a: None\n"
        "class AssertionError(Exception):\n    pass\n"
    ),
    "math.isclose and operator patched": (
        "import math, operator\nmath.isclose = lambda *a, **k: True\noperator.le = lambda a, b: True\n"
    ),
    "paramcourse patched through an alias": (
        "import paramcourse as pc\n"
        "pc.grading.compare.assert_close = lambda *a, **k: None\n"
        "pc.grading.compare.close = lambda *a, **k: True\n"
    ),
}


@pytest.mark.parametrize("attack", list(FORGERIES), ids=list(FORGERIES))
def test_a_patched_comparison_never_passes_a_wrong_answer(tmp_path, worker, attack):
    result = _grade(_with_cells(tmp_path, WRONG, FORGERIES[attack]), worker)
    small, hidden = result.tests
    assert not hidden.passed, f"{attack}: the wrong answer passed the hidden test"
    assert not result.full_marks


FORGED_OBJECTS = {
    "always equal": (
        "class Forged:\n    def __eq__(self, other): return True\n    __le__ = __ge__ = __lt__ = __gt__ = __eq__\n"
        "    def __float__(self): return 4.0\n    def __array__(self, dtype=None, copy=None):\n"
        "        import numpy as np\n        return np.array(4.0)\n"
        "def double(x):\n    return Forged()\n"
    ),
    "lying float subclass": (
        "class Liar(float):\n    def __eq__(self, other): return True\n    def __sub__(self, other): return 0.0\n"
        "    def __rsub__(self, other): return 0.0\n    def __abs__(self): return 0.0\n"
        "def double(x):\n    return Liar(x + 2)\n"
    ),
    "ndarray subclass": (
        "import numpy as np\nclass Arr(np.ndarray):\n    def __eq__(self, other): return True\n"
        "def double(x):\n    return np.asarray(float(x + 2)).view(Arr)\n"
    ),
}


@pytest.mark.parametrize("attack", list(FORGED_OBJECTS), ids=list(FORGED_OBJECTS))
def test_a_forged_return_value_earns_nothing(tmp_path, worker, attack):
    result = _grade(_with_cells(tmp_path, FORGED_OBJECTS[attack]), worker)
    assert result.score == 0.0, [t.hint for t in result.tests]
    assert all("number" in t.hint or "type" in t.hint for t in result.tests), [t.hint for t in result.tests]


def test_a_forged_transcript_without_the_right_values_fails(tmp_path, worker):
    """Records displayed by the student's own code claim values; wrong claims still fail."""
    body = WRONG + (
        "from IPython.display import display\n"
        "display({'application/vnd.paramcourse.call+json': {'args': 'x', 'result': ['float', '-6.0']}}, raw=True)\n"
    )
    result = _grade(_with_cells(tmp_path, body), worker)
    assert not result.tests[1].passed


# ------------------------------------------------------------------ 2. no borrowed answers

GD = REPO / "solutions" / "gradient_descent" / "gradient_descent.ipynb"
GD_HEAD = "def mse_loss(w, b, X, y):\n"


@pytest.mark.parametrize(
    ("label", "body", "reason"),
    [
        ("import of the grader's reference",
         "from paramcourse.grading.bundle import load_checks\n" + GD_HEAD
         + "    return load_checks('gradient_descent')._mse(w, b, X, y)\n",
         "paramcourse.grading.bundle"),
        ("alias of the package",
         "import paramcourse as pc\n" + GD_HEAD + "    checks = pc.grading.bundle.load_checks('gradient_descent')\n"
         "    return checks._mse(w, b, X, y)\n",
         "paramcourse.grading.bundle.load_checks"),
        ("reached through getattr, which only the run-time detector sees",
         "import paramcourse as pc\n" + GD_HEAD + "    checks = getattr(pc, 'grading').bundle.load_checks('gradient_descent')\n"
         "    return checks._mse(w, b, X, y)\n",
         "calls the course's own code"),
        ("the bundle's checks.py imported as a module",
         "import checks\n" + GD_HEAD + "    return checks._mse(w, b, X, y)\n",
         "import checks"),
    ],
    ids=["import", "alias", "getattr", "checks-module"],
)
def test_calling_the_reference_implementation_is_caught_and_explained(tmp_path, worker, label, body, reason):
    result = _grade(_with_cells(tmp_path, body, source=GD, grade_id="mse_loss"), worker, course=REPO)
    loss_tests = [t for t in result.tests if t.name.startswith("test_mse_loss")]
    assert loss_tests and not any(t.passed for t in loss_tests), label
    assert all(reason in t.hint for t in loss_tests), [t.hint for t in loss_tests]
    assert not result.full_marks


# ------------------------------------------------------------------ 3. bounded resources


def test_memory_is_capped_and_only_the_greedy_test_fails(tmp_path, worker):
    # One 8 GB request, more than the cap: refused at once, so the test does not depend on how
    # fast a loaded machine can fill pages (the call budget would stop a slow fill first).
    body = (
        "import numpy as np\n"
        "def double(x):\n"
        "    if x < 0:\n"
        "        hoard = np.empty((80, 10**8), dtype=np.uint8)\n"
        "    return 2 * x\n"
    )
    small, hidden = _grade(_with_cells(tmp_path, body), worker, memory_mb=2048).tests
    assert small.passed
    assert not hidden.passed and "MemoryError" in hidden.hint


@pytest.mark.parametrize(
    "body",
    [
        "import signal\ndef double(x):\n    if x < 0:\n        signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        "        signal.signal(signal.SIGALRM, signal.SIG_IGN)\n        while True:\n            pass\n    return 2 * x\n",
        "def double(x):\n    while x < 0:\n        try:\n            while True:\n                pass\n"
        "        except BaseException:\n            pass\n    return 2 * x\n",
    ],
    ids=["signals-ignored", "exceptions-swallowed"],
)
def test_a_loop_that_ignores_the_interrupt_costs_only_its_test(tmp_path, worker, body):
    """Neither the call's time budget (SIGALRM) nor the cell's interrupt (SIGINT) stops it: the
    per-cell timeout and a new kernel do."""
    result = _grade(_with_cells(tmp_path, body), worker, cell_timeout=3)
    small, hidden = result.tests
    assert result.status == "graded" and small.passed
    assert not hidden.passed and "did not finish within 3 s" in hidden.hint


def test_output_flood_is_cut_while_running_and_grading_goes_on(tmp_path, worker):
    body = "def double(x):\n    print('spam ' * 1000 * 1000)\n    for i in range(20000):\n        print(i)\n    return 2 * x\n"
    result = _grade(_with_cells(tmp_path, body), worker)
    assert result.full_marks, [t.hint for t in result.tests]


# ------------------------------------------------------------------ 4. dead kernels and exits


@pytest.mark.parametrize(
    ("label", "body", "small_passes", "hint"),
    [
        ("sys.exit in the function", "import sys\ndef double(x):\n    if x < 0:\n        sys.exit(1)\n    return 2 * x\n",
         True, "sys.exit"),
        ("exit() at the top of a cell", "def double(x):\n    return 2 * x\nexit()\n", True, None),
        ("kill -9 of its own kernel", "import os, signal\ndef double(x):\n    if x < 0:\n"
         "        os.kill(os.getpid(), signal.SIGKILL)\n    return 2 * x\n", True, "kernel died"),
        ("segfault", "import faulthandler\ndef double(x):\n    if x < 0:\n        faulthandler._sigsegv()\n    return 2 * x\n",
         True, "kernel died"),
    ],
    ids=["sys-exit", "exit", "sigkill", "segfault"],
)
def test_exits_and_crashes_are_graded_as_far_as_possible(tmp_path, worker, label, body, small_passes, hint):
    result = _grade(_with_cells(tmp_path, body), worker)
    assert result.status == "graded", result.message
    small, hidden = result.tests
    assert small.passed is small_passes, (label, small.hint)
    if hint is None:
        assert hidden.passed, (label, hidden.hint)
    else:
        assert not hidden.passed and hint in hidden.hint, (label, hidden.hint)


def test_a_cell_that_kills_the_kernel_is_skipped_and_the_rest_graded(tmp_path, worker):
    path = _with_cells(tmp_path, "def double(x):\n    return 2 * x\n", "import os\nos._exit(3)")
    result = _grade(path, worker)
    assert result.status == "graded" and "kernel died in cell" in result.message
    assert (result.score, result.max_score) == (3.0, 3.0)


def test_a_kernel_that_dies_in_every_cell_gives_an_explicit_zero(tmp_path, worker):
    body = "import os\nos._exit(1)\n"
    notebook = json.loads(_with_cells(tmp_path, body).read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["source"] = "import os\nos._exit(1)\n" + "".join(cell["source"])
    path = tmp_path / "toy.ipynb"
    path.write_text(json.dumps(notebook))
    result = _grade(path, worker)
    assert result.score == 0.0 and result.max_score == 3.0
    assert all(t.hint for t in result.tests)


# ------------------------------------------------------------------ 5. damaged notebooks


def _edit_test_cells(tmp_path: Path, edit) -> Path:
    notebook = json.loads(toy_with(tmp_path, WRONG).read_text())
    tests = [c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade") and
             not c["metadata"]["nbgrader"].get("solution")]
    edit(notebook, tests)
    path = tmp_path / "toy.ipynb"
    path.write_text(json.dumps(notebook))
    return path


@pytest.mark.parametrize(
    "edit",
    [
        lambda nb, tests: [t.update(source="") for t in tests],
        lambda nb, tests: [t.update(source="pass") for t in tests],
        lambda nb, tests: [t.update(source="assert True  # " + "".join(t["source"])) for t in tests],
    ],
    ids=["blanked", "replaced", "commented-out"],
)
def test_edited_test_cells_are_restored_from_the_instructors_copy(tmp_path, worker, edit):
    result = _grade(_edit_test_cells(tmp_path, edit), worker)
    small, hidden = result.tests
    assert small.passed and not hidden.passed and "negative inputs" in hidden.hint


def test_deleted_and_stripped_test_cells_are_restored(tmp_path, worker):
    def edit(notebook, tests):
        notebook["cells"].remove(tests[1])
        tests[0]["metadata"] = {}

    result = _grade(_edit_test_cells(tmp_path, edit), worker)
    small, hidden = result.tests
    assert result.message == RESTORED
    assert small.passed and not hidden.passed and "negative inputs" in hidden.hint


def test_duplicated_cells_never_give_full_marks_for_a_wrong_answer(tmp_path, worker):
    def edit(notebook, tests):
        notebook["cells"].insert(0, json.loads(json.dumps(tests[1])))

    path = _edit_test_cells(tmp_path, edit)
    try:
        result = _grade(path, worker)
    except UngradableError as error:
        assert "duplicate" in str(error).lower() or "metadata" in str(error).lower()
        return
    assert not result.full_marks


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{\"cells\": [", "not valid notebook JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not valid notebook JSON"),
        (json.dumps({"nbformat": 3, "cells": []}).encode(), "format 3"),
        (json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code"}]}).encode(),
         "not a valid notebook"),
    ],
    ids=["truncated", "binary", "nbformat-3", "schema"],
)
def test_damaged_files_are_refused_with_a_reason(tmp_path, worker, content, reason):
    path = tmp_path / "toy.ipynb"
    path.write_bytes(content)
    with pytest.raises(UngradableError, match=reason):
        _grade(path, worker)


# ------------------------------------------------------------------ 6. course files untouched


def test_writes_to_the_course_are_undone_and_earn_nothing(tmp_path, worker):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    # A copy of the package stands in for the real one, which other tests guard at the same time.
    package = tmp_path / "package"
    shutil.copytree(REPO / "paramcourse", package, ignore=shutil.ignore_patterns("__pycache__"))
    guard = CourseGuard(course, package=package)
    before, package_before = tree_digest(course), tree_digest(package)
    solution = course / "solutions" / "toy" / "toy.ipynb"
    planted = package / "grading" / "_planted_by_a_notebook.py"
    body = (
        "import pathlib, shutil\n"
        f"pathlib.Path({str(solution)!r}).write_text('{{}}')\n"
        f"shutil.rmtree({str(course / 'exercises')!r})\n"
        f"pathlib.Path({str(planted)!r}).write_text('x = 1')\n"
        f"pathlib.Path({str(package / 'linear.py')!r}).write_text('')\n"
        "def double(x):\n    return 2 * x\n"
    )
    result = _grade(_with_cells(tmp_path, body), worker, course=course, guard=guard)
    assert result.score == 0.0 and "changed the course's files" in result.message
    assert tree_digest(course) == before
    assert not planted.exists() and tree_digest(package) == package_before
    # The next notebook is graded against the intact course.
    assert _grade(TOY_SOLUTION, worker, course=course, guard=guard).full_marks


# ------------------------------------------------------------------ 7. noise is not an error


def test_warnings_stderr_and_displays_from_a_correct_answer_cost_nothing(tmp_path, worker):
    body = (
        "import sys, warnings, logging\nimport numpy as np\n"
        "def double(x):\n    warnings.warn('deprecated', DeprecationWarning)\n"
        "    logging.getLogger('x').error('loud log line')\n    print('stderr', file=sys.stderr)\n"
        "    np.seterr(all='warn'); np.float64(1.0) / 0.0\n    return 2 * x\n"
    )
    assert _grade(_with_cells(tmp_path, body), worker).full_marks
