"""Notebooks whose test cells were deleted or lost their nbgrader metadata are rebuilt from the
instructor's notebook around the student's own cells before nbgrader sees them
(``runner._restored``); a notebook that has all of them is graded as it is, and nbgrader puts
back the source of its edited test cells.

The toy course (tests/fixtures/course): ``double`` and two test cells, 1 + 2 points.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from paramcourse.grading import runner
from paramcourse.grading.runner import RESTORED, Worker, grade_notebook
from test_grading_runner import COURSE, TOY_RELEASED, TOY_SOLUTION

RIGHT = "def double(x):\n    return 2 * x\n"
WRONG = "def double(x):\n    return x + 2\n"  # right for x = 2 only: the hidden test catches it
STUB = "fill in the body of double: it still raises NotImplementedError."


@pytest.fixture(scope="module")
def worker():
    with Worker() as shared:
        yield shared


def _code(source: str, **metadata) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": metadata, "outputs": [], "source": source}


def _solution(body: str = RIGHT) -> dict:
    """The toy solution notebook with ``body`` as the student's answer."""
    notebook = json.loads(TOY_SOLUTION.read_text(encoding="utf-8"))
    notebook["cells"][1]["source"] = body
    return notebook


def _is_test(cell: dict) -> bool:
    meta = cell["metadata"].get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def _write(tmp_path: Path, notebook: dict) -> Path:
    path = tmp_path / "toy.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def _without_tests(body: str = RIGHT) -> dict:
    notebook = _solution(body)
    notebook["cells"] = [cell for cell in notebook["cells"] if not _is_test(cell)]
    return notebook


def _stripped(notebook: dict) -> dict:
    """``notebook`` as pasted into a new notebook: no nbgrader metadata, no cell ids."""
    for cell in notebook["cells"]:
        cell["metadata"] = {}
        cell.pop("id", None)
    notebook["nbformat_minor"] = 4
    return notebook


def _rebuilt(notebook: dict) -> dict | None:
    return runner._restored(notebook, COURSE, "toy")


def _sources(notebook: dict) -> list[str]:
    return ["".join(cell["source"]) for cell in notebook["cells"]]


# ---------------------------------------------------------------- the rebuild (no kernel)


def test_a_notebook_with_all_its_cells_is_not_touched():
    assert _rebuilt(_solution()) is None
    assert _rebuilt(json.loads(TOY_RELEASED.read_text(encoding="utf-8"))) is None
    # Edited test cells keep their metadata: nbgrader restores their source itself.
    edited = _solution()
    for cell in edited["cells"]:
        if _is_test(cell):
            cell["source"] = "pass"
    assert _rebuilt(edited) is None


def test_the_rebuild_is_the_released_notebook_with_the_students_cells_in_place():
    helper = _code("def twice(x):\n    return x * 2\n")
    notebook = _without_tests("def double(x):\n    return twice(x)\n")
    notebook["cells"].insert(1, helper)
    rebuilt = _rebuilt(notebook)
    released = json.loads(TOY_RELEASED.read_text(encoding="utf-8"))
    assert rebuilt["metadata"] == released["metadata"]
    ids = [cell["metadata"].get("nbgrader", {}).get("grade_id") for cell in rebuilt["cells"]]
    assert ids == ["intro", "double", None, "test_double_small", "test_double_hidden", "self_check"]
    sources = _sources(rebuilt)
    assert sources[1] == "def double(x):\n    return twice(x)\n"  # the student's answer, the instructor's metadata
    assert rebuilt["cells"][1]["metadata"] == released["cells"][1]["metadata"]
    assert sources[2] == "def twice(x):\n    return x * 2\n"  # the helper, before the first test
    assert sources[3:] == _sources(released)[2:]
    assert len({cell["id"] for cell in rebuilt["cells"]}) == len(rebuilt["cells"])


def test_stripped_cells_are_matched_by_the_function_they_define():
    notebook = _stripped(_solution())
    notebook["cells"].insert(0, _code("import math\n"))  # the student's own, before everything
    notebook["cells"].append(_code("print(double(21))\n"))  # and after everything
    rebuilt = _rebuilt(notebook)
    sources = _sources(rebuilt)
    assert sources.count(RIGHT) == 1 and sources.index(RIGHT) == 1
    # The copies of the instructor's cells (tests with their hidden part, the self-check) are
    # left out; the student's cells keep their order, before the first test that follows them.
    assert sources[2] == "import math\n" and sources[-1] == "print(double(21))\n"
    assert len(sources) == len(json.loads(TOY_RELEASED.read_text(encoding="utf-8"))["cells"]) + 2
    assert all(isinstance(cell["id"], str) and cell["id"] for cell in rebuilt["cells"])


def test_an_unanswered_function_stays_the_stub():
    notebook = _without_tests()
    del notebook["cells"][1]  # no answer at all
    rebuilt = _rebuilt(notebook)
    assert "raise NotImplementedError()" in _sources(rebuilt)[1]


def test_no_stub_follows_a_function_answered_in_another_cell():
    """``g`` answered in the cell of ``f`` (whose cell of its own was deleted): a stub of ``g``
    after it would replace the answer."""

    def cell(grade_id: str, source: str, *, solution: bool) -> dict:
        meta = {"grade_id": grade_id, "solution": solution, "grade": not solution, "locked": not solution}
        return _code(source, nbgrader=meta)

    stub = "def {0}(x):\n    raise NotImplementedError()\n"
    released = {"metadata": {}, "nbformat": 4, "nbformat_minor": 5, "cells": [
        cell("f", stub.format("f"), solution=True), cell("test_f", "check(f)", solution=False),
        cell("g", stub.format("g"), solution=True), cell("test_g", "check(g)", solution=False),
    ]}
    answer = "def f(x):\n    return 1\n\ndef g(x):\n    return 2\n"
    student = {"cells": [cell("f", answer, solution=True)]}
    assert _sources(runner._rebuild(student, released, [])) == [answer, "check(f)", "check(g)"]


def test_without_a_released_notebook_it_is_generated_from_the_solutions(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course, ignore=shutil.ignore_patterns("exercises"))
    rebuilt = runner._restored(_without_tests(), course, "toy")
    released = json.loads(TOY_RELEASED.read_text(encoding="utf-8"))
    assert _sources(rebuilt) == [RIGHT if index == 1 else source for index, source in enumerate(_sources(released))]
    assert "### BEGIN SOLUTION" not in "".join(_sources(rebuilt))


# ---------------------------------------------------------------- graded for real


@pytest.mark.parametrize(
    "notebook",
    [_without_tests, lambda: _stripped(_solution()), lambda: _stripped(_without_tests())],
    ids=["no-test-cells", "metadata-stripped", "both"],
)
def test_right_answers_get_full_marks_with_the_restore_note(tmp_path, worker, notebook):
    result = grade_notebook(_write(tmp_path, notebook()), course=COURSE, worker=worker)
    assert result.full_marks, [t.hint for t in result.tests]
    assert (result.score, result.max_score) == (3.0, 3.0)
    assert result.message == RESTORED


def test_the_students_own_helper_survives_the_rebuild(tmp_path, worker):
    notebook = _stripped(_without_tests("def double(x):\n    return twice(x)\n"))
    notebook["cells"].insert(1, _code("def twice(x):\n    return x * 2\n"))
    result = grade_notebook(_write(tmp_path, notebook), course=COURSE, worker=worker)
    assert result.full_marks, [t.hint for t in result.tests]


def test_a_wrong_answer_in_a_rebuilt_notebook_meets_the_hidden_tests(tmp_path, worker):
    result = grade_notebook(_write(tmp_path, _without_tests(WRONG)), course=COURSE, worker=worker)
    small, hidden = result.tests
    assert small.passed and not hidden.passed and hidden.hint.endswith("Hint: check negative inputs.")
    assert result.message == RESTORED


def test_a_missing_answer_cell_gets_the_fill_in_hint(tmp_path, worker):
    notebook = _without_tests()
    del notebook["cells"][1]
    result = grade_notebook(_write(tmp_path, notebook), course=COURSE, worker=worker)
    assert [t.hint for t in result.tests] == [STUB] * 2 and result.message == RESTORED


def test_edited_test_cells_with_their_metadata_run_the_instructors_code(tmp_path, worker):
    """Not rebuilt: nbgrader puts the instructor's source back, so the right answer is recorded
    and passes (an edited cell that never calls double would leave nothing to replay)."""
    notebook = _solution()
    for cell in notebook["cells"]:
        if _is_test(cell):
            cell["source"] = "pass  # the student's edit"
    result = grade_notebook(_write(tmp_path, notebook), course=COURSE, worker=worker)
    assert result.full_marks, [t.hint for t in result.tests]
    assert result.message == ""
