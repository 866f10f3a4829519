"""The grading runner and its report, on the toy fixture course (fast) and the real assignments.

The toy course (tests/fixtures/course) has one assignment, ``toy``: a function
``double`` and two graded cells, a visible one worth 1 point and a hidden one worth 2.
Tests that start kernels share one worker per module so that nbgrader is imported once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
import time
from pathlib import Path

import pytest

from paramcourse.grading import UngradableError, transcript
from paramcourse.grading.compare import call
from paramcourse.grading.course import GradeCell, find_course, grade_cells, identify_assignment
from paramcourse.grading.report import CheckResult, evaluate, format_text, hint_for, to_json
from paramcourse.grading.report import TestResult as Result
from paramcourse.grading.runner import RESTORED, Worker, grade_notebook, read_notebook

REPO = Path(__file__).resolve().parent.parent
COURSE = REPO / "tests" / "fixtures" / "course"
TOY_SOLUTION = COURSE / "solutions" / "toy" / "toy.ipynb"
TOY_RELEASED = COURSE / "exercises" / "toy" / "toy.ipynb"
EXPECTED = [GradeCell("test_double_small", 1.0), GradeCell("test_double_hidden", 2.0)]


def toy_with(tmp_path: Path, body: str, name: str = "toy.ipynb") -> Path:
    """Write a copy of the toy solution whose solution cell is ``body``."""
    notebook = json.loads(TOY_SOLUTION.read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if c["metadata"]["nbgrader"]["grade_id"] == "double")
    cell["source"] = body
    path = tmp_path / name
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """A temporary directory of this test's own for everything the grader creates."""
    private = tmp_path / "grader-tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    return private


@pytest.fixture(scope="module")
def worker():
    with Worker() as shared:
        yield shared


# ---------------------------------------------------------------- reading the notebook


def test_read_notebook_accepts_the_toy_solution():
    assert read_notebook(TOY_SOLUTION)["nbformat"] == 4


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "not valid notebook JSON"),
        (b"\xff\xfe\x00garbage", "not valid notebook JSON"),
        (b"[1, 2, 3]", "not a Jupyter notebook"),
        (b'{"cells": "nope", "nbformat": 4}', "not a Jupyter notebook"),
        (b'{"cells": [], "nbformat": 3}', "notebook format 3"),
    ],
)
def test_read_notebook_rejects_damaged_files_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "toy.ipynb"
    path.write_bytes(content)
    with pytest.raises(UngradableError, match=reason):
        read_notebook(path)


def test_read_notebook_rejects_a_missing_file_and_a_folder(tmp_path):
    with pytest.raises(UngradableError, match="no such file"):
        read_notebook(tmp_path / "absent.ipynb")
    with pytest.raises(UngradableError, match="not a file"):
        read_notebook(tmp_path)


# ---------------------------------------------------------------- course and assignment


def test_find_course_searches_up_from_the_notebook_then_the_cwd(tmp_path, monkeypatch):
    assert find_course(TOY_RELEASED) == COURSE
    monkeypatch.chdir(COURSE / "exercises")
    assert find_course(tmp_path / "elsewhere.ipynb") == COURSE
    monkeypatch.chdir(tmp_path)
    # Outside any course, and with the package not installed from one either.
    monkeypatch.setattr("paramcourse.grading.course._installed_course", lambda: None)
    with pytest.raises(UngradableError, match="no course found"):
        find_course(tmp_path / "elsewhere.ipynb")


def test_find_course_refuses_an_explicit_directory_that_is_no_course(tmp_path):
    assert find_course(explicit=COURSE) == COURSE
    with pytest.raises(UngradableError, match="not a course directory"):
        find_course(explicit=tmp_path)


def test_grade_cells_come_from_the_instructor_notebook():
    assert grade_cells(COURSE, "toy") == EXPECTED


def test_identify_assignment_by_name_by_grade_ids_or_explicitly(tmp_path):
    content = read_notebook(TOY_SOLUTION)
    assert identify_assignment(COURSE, TOY_SOLUTION, content) == "toy"
    renamed = tmp_path / "toy-Copy1.ipynb"
    assert identify_assignment(COURSE, renamed, content) == "toy"
    assert identify_assignment(COURSE, renamed, content, explicit="toy") == "toy"
    with pytest.raises(UngradableError, match="unknown assignment 'nope'"):
        identify_assignment(COURSE, renamed, content, explicit="nope")
    stripped = {"cells": [], "nbformat": 4}
    with pytest.raises(UngradableError, match="cannot tell which assignment"):
        identify_assignment(COURSE, renamed, stripped)


# ---------------------------------------------------------------- scoring and hints (no kernel)


def _cell(grade_id: str | None, outputs: list[dict]) -> dict:
    metadata = {"nbgrader": {"grade_id": grade_id}} if grade_id else {}
    return {"cell_type": "code", "metadata": metadata, "outputs": outputs, "source": ""}


def _error(ename: str, evalue: str, traceback: list[str] | None = None) -> dict:
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": traceback or []}


@pytest.fixture
def record(tmp_path, monkeypatch):
    """``record(double)``: run the toy's test cells against ``double`` as a grading kernel would,
    and return the executed cells with their transcripts (no kernel: this process records)."""

    def run(double) -> dict:
        cells = []
        for grade in grade_cells(COURSE, "toy"):
            records: list[dict] = []
            monkeypatch.setenv(transcript.TRANSCRIPT_ENV, str(tmp_path))
            monkeypatch.setattr(transcript, "publish", records.append)
            try:
                exec(grade.source, {"double": double})
            except AssertionError:
                pass
            finally:
                monkeypatch.delenv(transcript.TRANSCRIPT_ENV)
            outputs = [{"output_type": "display_data", "data": {transcript.MIME: r}, "metadata": {}} for r in records]
            cells.append(_cell(grade.name, outputs))
        return {"cells": cells}

    return run


def test_evaluate_passes_clean_cells_and_ignores_stderr_noise(record):
    executed = record(lambda x: 2 * x)
    executed["cells"][0]["outputs"].append({"output_type": "stream", "name": "stderr", "text": "UserWarning: noise\n"})
    results = evaluate(grade_cells(COURSE, "toy"), executed)
    assert [r.passed for r in results] == [True, True]
    assert [r.score for r in results] == [1.0, 2.0]
    assert all(r.hint is None for r in results)


def test_evaluate_reports_the_check_message_as_hint(record):
    small, hidden = evaluate(grade_cells(COURSE, "toy"), record(lambda x: 2 * abs(x)))
    assert small.passed and not hidden.passed
    assert hidden.score == 0.0 and hidden.max_score == 2.0
    assert hidden.hint == "double(-3): expected -6, got 6 (it is -1 times the expected value). Hint: check negative inputs."


def test_evaluate_ignores_what_the_kernel_concluded(record):
    """A kernel that swallowed the failure (no error output) does not pass a wrong answer, and a
    kernel whose comparison was sabotaged does not fail a right one: the replay decides."""
    wrong = record(lambda x: x + 2)  # right for x = 2 only
    assert [r.passed for r in evaluate(grade_cells(COURSE, "toy"), wrong)] == [True, False]
    right = record(lambda x: 2 * x)
    for cell in right["cells"]:
        cell["outputs"].append(_error("AssertionError", "forged failure"))
    assert all(r.passed for r in evaluate(grade_cells(COURSE, "toy"), right))


def test_evaluate_without_a_transcript_fails_with_a_reason():
    executed = {"cells": [_cell("test_double_small", []), _cell("test_double_hidden", [])]}
    for result in evaluate(grade_cells(COURSE, "toy"), executed):
        assert not result.passed and "could not be checked" in result.hint


def test_evaluate_fails_every_test_when_borrowing_was_found(record):
    results = evaluate(grade_cells(COURSE, "toy"), record(lambda x: 2 * x), borrowed=["cell 3: import paramcourse.linear"])
    assert not any(r.passed for r in results)
    assert all("import paramcourse.linear" in r.hint for r in results)


def test_evaluate_scores_a_deleted_test_cell_zero_with_a_reason(record):
    executed = {"cells": record(lambda x: 2 * x)["cells"][:1]}
    small, hidden = evaluate(grade_cells(COURSE, "toy"), executed)
    assert small.passed
    assert not hidden.passed and "missing from the notebook" in hidden.hint


def test_evaluate_blames_an_earlier_failing_cell_for_a_name_error():
    executed = {
        "cells": [
            _cell("double", [_error("SyntaxError", "expected ':'")]),
            _cell("test_double_small", [_error("NameError", "name 'double' is not defined")]),
            _cell("test_double_hidden", [_error("NameError", "name 'double' is not defined")]),
        ]
    }
    hint = evaluate(grade_cells(COURSE, "toy"), executed)[0].hint
    assert "double is not defined" in hint
    assert "cell 1" in hint and "SyntaxError" in hint


# ---------------------------------------------------------------- the time budget of a call (no kernel)


@pytest.fixture
def budget(tmp_path, monkeypatch):
    """Record as a grading kernel does, with a call budget of 0.3 s and a fresh memory of the
    functions that hung; return the list the records land in."""
    records: list[dict] = []
    monkeypatch.setenv(transcript.TRANSCRIPT_ENV, str(tmp_path))
    monkeypatch.setenv(transcript.CALL_BUDGET_ENV, "0.3")
    monkeypatch.setattr(transcript, "publish", records.append)
    monkeypatch.setattr(transcript, "_TIMED_OUT", {})
    return records


def _hanging(runs: list[int]):
    def double(x):
        runs.append(x)
        while True:
            pass

    return double


def test_a_call_past_its_budget_is_stopped_once_and_later_calls_are_answered_at_once(budget):
    runs: list[int] = []
    double = _hanging(runs)
    handler, (delay, _) = signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL)  # pytest-timeout's
    for x in (1, 2, 3):
        with pytest.raises(transcript.StudentTimeout, match="double did not return within 0.3 s"):
            call(double, x, what=f"double({x})")
    assert runs == [1], "only the first call runs"
    assert [r["timed_out"] for r in budget] == [0.3] * 3
    assert budget[0]["borrowed"] == []  # the alarm's own handler is not the course's code
    assert signal.getsignal(signal.SIGALRM) == handler
    assert (signal.getitimer(signal.ITIMER_REAL)[0] > 0) == (delay > 0)


def test_a_swallowed_alarm_still_counts_as_a_timeout(budget):
    def double(x):
        try:
            while True:
                pass
        except BaseException:  # the student's loop catches everything, then returns
            return 2 * x

    with pytest.raises(transcript.StudentTimeout):
        call(double, 2, what="double(2)")
    assert budget[0]["timed_out"] == 0.3 and "result" not in budget[0]


def test_a_fast_call_leaves_the_notebooks_own_alarm_as_it_was(budget):
    rang: list[int] = []

    def handler(signum, frame):
        rang.append(signum)

    previous = signal.signal(signal.SIGALRM, handler)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, 0.5)  # pytest-timeout's, put back below
    try:
        assert call(lambda x: 2 * x, 2, what="double(2)") == 4
        assert signal.getsignal(signal.SIGALRM) is handler
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 0.5
        time.sleep(0.6)
        assert rang == [signal.SIGALRM]
    finally:
        signal.signal(signal.SIGALRM, previous)
        signal.setitimer(signal.ITIMER_REAL, *previous_timer)
    assert "timed_out" not in budget[0]


def test_a_timed_out_record_fails_each_test_with_one_hint_naming_the_function(budget, monkeypatch):
    double = _hanging([])
    cells = []
    for grade in grade_cells(COURSE, "toy"):
        budget.clear()
        with pytest.raises(transcript.StudentTimeout):
            exec(grade.source, {"double": double})
        outputs = [{"output_type": "display_data", "data": {transcript.MIME: r}, "metadata": {}} for r in budget]
        cells.append(_cell(grade.name, outputs))
    monkeypatch.delenv(transcript.TRANSCRIPT_ENV)
    hints = [r.hint for r in evaluate(grade_cells(COURSE, "toy"), {"cells": cells})]
    assert hints == [
        "double did not return within 0.3 s (an infinite loop or a very slow loop?); the tests that call it score 0."
    ] * 2


def test_hint_names_the_unfinished_function_from_the_traceback():
    frames = [
        "\x1b[0;31mNotImplementedError\x1b[0m   Traceback (most recent call last)",
        "Cell \x1b[0;32mIn[2], line 1\x1b[0m\n----> 1 assert double(2) == 4",
        "Cell \x1b[0;32mIn[1], line 4\x1b[0m, in \x1b[0;36mdouble\x1b[0;34m(x)\x1b[0m\n"
        "----> 4 raise NotImplementedError()",
    ]
    assert hint_for(_error("NotImplementedError", "", frames)) == (
        "fill in the body of double: it still raises NotImplementedError."
    )


def test_hint_for_a_cell_timeout_quotes_the_limit():
    hint = hint_for(_error("KeyboardInterrupt", ""), cell_timeout=5)
    assert "did not finish within 5 s" in hint and "infinite loop" in hint


def test_hints_are_cut_to_a_bounded_length():
    hint = hint_for(_error("AssertionError", "x" * 100_000))
    assert len(hint) <= 600 and "characters cut" in hint


def test_json_report_has_exactly_the_documented_shape():
    result = CheckResult("toy", [Result("a", 1.0, 1.0, True), Result("b", 0.0, 2.0, False, "why")])
    payload = json.loads(to_json(result))
    assert set(payload) == {"assignment", "score", "max_score", "tests"}
    assert payload["score"] == 1.0 and payload["max_score"] == 3.0
    assert [set(t) for t in payload["tests"]] == [{"name", "score", "max_score", "passed", "hint"}] * 2
    assert payload["tests"][1] == {"name": "b", "score": 0.0, "max_score": 2.0, "passed": False, "hint": "why"}


def test_text_report_shows_points_and_hints():
    result = CheckResult("toy", [Result("a", 1.0, 1.0, True), Result("b", 0.0, 2.0, False, "why")])
    text = format_text(result)
    assert text.splitlines()[0] == "toy: 1 / 3 points"
    assert re.search(r"\[FAIL\] b\s+0 / 2", text) and "-> why" in text
    assert "Full marks" not in text


# ---------------------------------------------------------------- grading with kernels (toy)


def test_solution_scores_full_marks_and_nothing_is_touched(worker, private_tmp):
    before = tree_digest(COURSE)
    result = grade_notebook(TOY_SOLUTION, worker=worker)
    assert result.status == "graded" and result.full_marks
    assert (result.score, result.max_score) == (3.0, 3.0)
    assert tree_digest(COURSE) == before
    assert list(private_tmp.iterdir()) == []  # the temporary course is gone


def test_released_notebook_scores_zero_with_fill_in_hints(worker):
    result = grade_notebook(TOY_RELEASED, worker=worker)
    assert result.status == "graded" and result.score == 0.0 and result.max_score == 3.0
    assert [t.hint for t in result.tests] == ["fill in the body of double: it still raises NotImplementedError."] * 2


def test_hidden_test_catches_a_wrong_answer_with_its_hint(tmp_path, worker):
    path = toy_with(tmp_path, "def double(x):\n    return x + 2")
    small, hidden = grade_notebook(path, course=COURSE, worker=worker).tests
    assert small.passed and small.score == 1.0  # 2 + 2 == 2 * 2: the visible test is fooled
    assert not hidden.passed and hidden.hint.endswith("Hint: check negative inputs.")


def test_warnings_and_stderr_from_a_correct_answer_cost_nothing(tmp_path, worker):
    body = (
        "import sys, warnings\n"
        "def double(x):\n"
        "    warnings.warn('a harmless warning')\n"
        "    print('chatter on stderr', file=sys.stderr)\n"
        "    return 2 * x"
    )
    result = grade_notebook(toy_with(tmp_path, body), course=COURSE, worker=worker)
    assert result.full_marks, result.tests


def test_kernels_run_with_the_grading_variable_set(tmp_path, worker):
    body = "import os\ndef double(x):\n    return 2 * x if os.environ.get('PARAMCOURSE_GRADING') == '1' else 0"
    assert grade_notebook(toy_with(tmp_path, body), course=COURSE, worker=worker).full_marks


def test_an_infinite_loop_costs_only_its_tests(tmp_path, worker):
    body = "def double(x):\n    if x < 0:\n        while True:\n            pass\n    return 2 * x"
    small, hidden = grade_notebook(toy_with(tmp_path, body), course=COURSE, worker=worker, cell_timeout=2).tests
    assert small.passed
    # The call's budget is half the cell timeout: the function is named, the cell not interrupted.
    assert not hidden.passed and hidden.hint.startswith("double did not return within 1 s")


HUNG = "def double(x):\n    while True:\n        pass\n"
HUNG_HINT = "double did not return within 10 s (an infinite loop or a very slow loop?); the tests that call it score 0."


def _timed(path: Path, **options) -> tuple[CheckResult, float]:
    started = time.perf_counter()
    result = grade_notebook(path, **options)
    seconds = time.perf_counter() - started
    print(f"graded {path.name} in {seconds:.1f} s")
    return result, seconds


def test_a_function_that_never_returns_is_reported_once_for_the_whole_notebook(tmp_path, worker):
    """Default limits: each test cell would wait 60 s for the interrupt; one 10 s budget is spent."""
    result, seconds = _timed(toy_with(tmp_path, HUNG), course=COURSE, worker=worker)
    assert result.status == "graded" and result.score == 0.0
    assert [t.hint for t in result.tests] == [HUNG_HINT] * 2
    assert seconds < 60  # two cell timeouts would take 120 s; one budget takes about 10


@pytest.fixture
def thrice_course(tmp_path) -> Path:
    """The toy course with a third test cell that calls ``double`` three times."""
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    path = course / "solutions" / "toy" / "toy.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    test = json.loads(json.dumps(notebook["cells"][2]))
    test["id"] = "test-double-thrice"
    test["metadata"]["nbgrader"].update(grade_id="test_double_thrice", points=1)
    test["source"] = (
        "from paramcourse.grading.compare import assert_close, call, to_float\n"
        "for x in (1, 5, 7):\n"
        "    assert_close(to_float(call(double, x, what=f'double({x})'), 'double'), 2.0 * x, f'double({x})', 'x2.')\n"
    )
    notebook["cells"].insert(4, test)
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return course


def test_a_loop_called_from_many_cells_costs_about_one_budget(tmp_path, worker, thrice_course):
    """``while True`` in the function; three test cells call it (one of them three times) and two
    cells of the student's call it directly between the tests: they fail at once too."""
    notebook = json.loads((thrice_course / "solutions" / "toy" / "toy.ipynb").read_text(encoding="utf-8"))
    notebook["cells"][1]["source"] = HUNG
    direct = "for x in range(3):\n    try:\n        print(double(x))\n    except Exception as error:\n        print(error)\n"
    for index in (3, 5):
        notebook["cells"].insert(index, {"cell_type": "code", "execution_count": None, "id": f"mine{index}",
                                         "metadata": {}, "outputs": [], "source": direct})
    path = tmp_path / "toy.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    result, seconds = _timed(path, course=thrice_course, worker=worker)
    assert result.status == "graded" and result.max_score == 4.0 and result.score == 0.0
    assert [t.hint for t in result.tests] == [HUNG_HINT] * 3
    assert seconds < 60  # each of the 5 cells would otherwise wait 60 s


def test_whole_check_timeout_gives_a_status_and_leaves_no_kernel(tmp_path, private_tmp):
    body = "import time\ntime.sleep(120)\ndef double(x):\n    return 2 * x"
    result = grade_notebook(toy_with(tmp_path, body), course=COURSE, cell_timeout=100, timeout=8)
    assert result.status == "timeout" and "time limit of 8 s" in result.message
    assert result.score == 0.0 and result.max_score == 3.0
    assert list(private_tmp.iterdir()) == []
    kernels = [p for p in Path("/proc").glob("[0-9]*") if str(private_tmp).encode() in _cmdline(p)]
    assert kernels == []


def _cmdline(proc: Path) -> bytes:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return b""


def test_a_flood_of_output_is_survived_and_the_report_stays_small(tmp_path, worker):
    body = (
        "for i in range(100_000):\n    print('flood line', i)\n"
        "print('y' * 5_000_000)\n"
        "def double(x):\n    assert x > 0, 'z' * 1_000_000\n    return 2 * x"
    )
    result = grade_notebook(toy_with(tmp_path, body), course=COURSE, worker=worker)
    small, hidden = result.tests
    assert small.passed and not hidden.passed
    assert len(hidden.hint) <= 600 and "raised AssertionError: zzz" in hidden.hint
    assert len(to_json(result)) < 5_000


def test_a_kernel_killed_inside_a_test_costs_only_that_test(tmp_path, worker):
    body = "import os\ndef double(x):\n    if x < 0:\n        os._exit(1)\n    return 2 * x"
    result = grade_notebook(toy_with(tmp_path, body), course=COURSE, worker=worker)
    small, hidden = result.tests
    assert small.passed and not hidden.passed and "kernel died" in hidden.hint
    # The worker survives for the next notebook.
    assert grade_notebook(TOY_SOLUTION, worker=worker).full_marks


def test_a_schema_invalid_notebook_is_ungradable(tmp_path, worker):
    notebook = json.loads(TOY_SOLUTION.read_text(encoding="utf-8"))
    notebook["cells"][1]["cell_type"] = "not-a-type"
    path = tmp_path / "toy.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    with pytest.raises(UngradableError, match="not a valid notebook"):
        grade_notebook(path, course=COURSE, worker=worker)


def _released_with(tmp_path: Path, edit) -> Path:
    notebook = json.loads(TOY_RELEASED.read_text(encoding="utf-8"))
    edit({c["metadata"]["nbgrader"]["grade_id"]: c["metadata"] for c in notebook["cells"]})
    path = tmp_path / "toy.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda meta: meta["double"]["nbgrader"].update(schema_version=99), "schema version"),
        (lambda meta: meta["double"]["nbgrader"].update(grade=True, points=5), "claims to be a graded cell"),
    ],
    ids=["schema-version", "forged-grade-cell"],
)
def test_edited_nbgrader_metadata_is_ungradable_with_a_reason(tmp_path, worker, edit, reason):
    with pytest.raises(UngradableError, match=f"metadata was edited.*{reason}"):
        grade_notebook(_released_with(tmp_path, edit), course=COURSE, worker=worker)


def test_a_test_cell_stripped_of_its_metadata_is_restored(tmp_path, worker):
    path = _released_with(tmp_path, lambda meta: meta["test_double_small"].pop("nbgrader"))
    result = grade_notebook(path, course=COURSE, worker=worker)
    assert result.message.startswith(RESTORED)
    assert [t.hint for t in result.tests] == ["fill in the body of double: it still raises NotImplementedError."] * 2


def test_the_graded_notebook_is_only_read(tmp_path, worker):
    path = toy_with(tmp_path, "def double(x):\n    return 2 * x")
    before = path.read_bytes(), os.stat(path).st_mtime_ns
    grade_notebook(path, course=COURSE, worker=worker)
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["toy.ipynb"]


# ---------------------------------------------------------------- the real assignments

ASSIGNMENTS = sorted(
    p.parent.name for p in (REPO / "solutions").glob("*/*.ipynb") if p.stem == p.parent.name
)


@pytest.mark.slow
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_solution_scores_full_marks(name, worker):
    result = grade_notebook(REPO / "solutions" / name / f"{name}.ipynb", worker=worker)
    assert result.status == "graded", result.message
    assert result.full_marks, [t for t in result.tests if not t.passed]
    assert result.max_score > 0


@pytest.mark.slow
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_released_notebook_scores_zero_without_crashing(name, worker):
    result = grade_notebook(REPO / "exercises" / name / f"{name}.ipynb", worker=worker)
    assert result.status == "graded", result.message
    assert result.score == 0.0 and result.max_score > 0
    assert all(t.hint for t in result.tests)


@pytest.mark.slow
@pytest.mark.skipif("gradient_descent" not in ASSIGNMENTS, reason="gradient_descent not written yet")
def test_one_wrong_function_shows_its_hint(tmp_path, worker):
    notebook = json.loads((REPO / "solutions/gradient_descent/gradient_descent.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "mse_loss")
    source = "".join(cell["source"])
    start, end = source.index("### BEGIN SOLUTION"), source.index("### END SOLUTION") + len("### END SOLUTION")
    cell["source"] = source[:start] + "return float(np.sum((X @ w + b - y) ** 2))" + source[end:]
    path = tmp_path / "gradient_descent.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    result = grade_notebook(path, worker=worker)
    by_name = {t.name: t for t in result.tests}
    loss_tests = [t for name, t in by_name.items() if name.startswith("test_mse_loss")]
    assert loss_tests and not any(t.passed for t in loss_tests)
    assert any("Hint:" in t.hint and "mean" in t.hint for t in loss_tests)
    gradient_tests = [t for name, t in by_name.items() if name.startswith("test_mse_gradient")]
    assert gradient_tests and all(t.passed for t in gradient_tests)
    assert 0 < result.score < result.max_score

