"""Self-check where no course is found (paramcourse.grading.local): the released exercise's visible
tests, in the learner's process. The packaged exercises of a wheel are stood in for by the
repository's exercises/; the wheel itself is exercised in test_colab_path.py."""

from __future__ import annotations

import contextlib
import io
import json

import nbformat
import pytest

from conftest import REPO_ROOT
from paramcourse import cli
from paramcourse.grading import UngradableError, bundle, course, local, self_check

NAME = "gradient_descent"


@pytest.fixture(autouse=True)
def no_course(monkeypatch, tmp_path):
    """A learner's machine: the package's released exercises, no course anywhere."""
    monkeypatch.setattr(bundle, "PACKAGED_EXERCISES", REPO_ROOT / "exercises")
    monkeypatch.setattr(course, "_installed_course", lambda: None)
    monkeypatch.chdir(tmp_path)


def _answers(name: str = NAME) -> dict:
    """The instructor's functions, defined as a learner's kernel would define them."""
    namespace: dict = {}
    notebook = nbformat.read(REPO_ROOT / "solutions" / name / f"{name}.ipynb", as_version=4)
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and (meta.get("solution") or meta.get("grade_id") == "setup"):
            exec(cell.source, namespace)
    return namespace


def _released(tmp_path, name: str = NAME, **answers: str):
    notebook = nbformat.read(REPO_ROOT / "exercises" / name / f"{name}.ipynb", as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path


def test_right_answers_get_every_visible_point_and_hidden_tests_are_named_not_run():
    result = local.check_namespace(NAME, _answers())
    cells = local.test_cells(NAME)
    visible = [c for c in cells if not c.hidden]
    assert {t.name for t in result.tests} == {c.name for c in visible}
    assert result.full_marks and result.score == sum(c.points for c in visible) > 0
    hidden = [c.name for c in cells if c.hidden]
    assert hidden and all(name in result.message for name in hidden)
    assert "hidden tests run only when your instructor grades" in result.message


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO_ROOT / "exercises").iterdir()))
def test_every_released_exercise_passes_with_the_instructors_answers(name):
    result = local.check_namespace(name, _answers(name))
    assert result.full_marks, [(t.name, t.hint) for t in result.tests if not t.passed]


def test_a_wrong_answer_fails_with_what_differs():
    namespace = _answers()
    namespace["mse_loss"] = lambda w, b, X, y: float(((X @ w + b - y) ** 2).sum())  # the sum, not the mean
    result = local.check_namespace(NAME, namespace)
    failed = [t for t in result.tests if not t.passed]
    assert failed[0].name == "test_mse_loss_values"  # (gradient_descent reports its losses with it)
    assert "test_mse_gradient_values" not in [t.name for t in failed]
    assert "expected" in failed[0].hint and "got" in failed[0].hint
    assert namespace["mse_loss"].__name__ == "<lambda>", "the learner's namespace is left as it was"


def test_check_file_runs_the_saved_notebook_and_names_unwritten_functions(tmp_path):
    result = local.check_file(_released(tmp_path))
    assert result.score == 0 and not result.full_marks
    hints = {t.name: t.hint for t in result.tests}
    assert "fill in the body of mse_loss" in hints["test_mse_loss_values"]


def test_check_file_uses_the_released_tests_not_the_notebooks_own(tmp_path):
    # Blanking the visible test cells in the file changes nothing: the tests come with the package.
    path = _released(tmp_path, test_mse_loss_values="pass", test_mse_gradient_values="pass")
    result = local.check_file(path)
    assert {t.name for t in result.tests} >= {"test_mse_loss_values", "test_mse_gradient_values"}
    assert result.score == 0


def test_a_cell_that_never_ends_is_stopped_and_reported(tmp_path):
    path = _released(tmp_path, mse_loss="while True:\n    pass")
    result = local.check_file(path, cell_timeout=1)
    assert "ran longer than 1 s" in result.message
    assert any(t.name == "test_mse_loss_values" and not t.passed for t in result.tests)


def test_damaged_or_unknown_notebooks_get_a_clear_message(tmp_path):
    broken = tmp_path / "gradient_descent.ipynb"
    broken.write_text("{ not json")
    with pytest.raises(UngradableError, match="not valid notebook JSON"):
        local.check_file(broken)
    other = tmp_path / "mine.ipynb"
    other.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    with pytest.raises(UngradableError, match="pass --assignment"):
        local.check_file(other)
    with pytest.raises(UngradableError, match="no released exercise 'nope'"):
        local.test_cells("nope")


def test_the_command_checks_locally_where_no_course_is_found(tmp_path, capsys):
    status = cli.main(["check", str(_released(tmp_path))])
    out = capsys.readouterr().out
    assert status == cli.EXIT_POINTS_MISSING
    assert "gradient_descent: 0 /" in out and "only the visible tests ran" in out


def test_self_check_in_a_kernel_without_course_checks_the_kernels_functions():
    namespace = _answers()
    namespace["self_check"] = self_check
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec('self_check("gradient_descent.ipynb")', namespace)
    text = printed.getvalue()
    assert "Checking the functions defined in this notebook session" in text
    assert "Full marks" in text and "hidden tests run only when your instructor grades" in text
