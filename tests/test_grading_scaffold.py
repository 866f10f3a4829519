"""``paramcourse new NAME`` scaffolds a bundle that releases, checks and grades out of the box."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from paramcourse.cli import main
from paramcourse.grading import UngradableError
from paramcourse.grading.batch import grade_class
from paramcourse.grading.runner import grade_notebook
from paramcourse.grading.scaffold import new_assignment

COURSE = Path(__file__).resolve().parent / "fixtures" / "course"


@pytest.fixture
def course(tmp_path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    return root


def test_new_writes_a_bundle_and_releases_it(course, capsys):
    assert main(["new", "scaling", "--course", str(course)]) == 0
    printed = capsys.readouterr().out.split()
    bundle, released = course / "solutions" / "scaling", course / "exercises" / "scaling"
    assert {p.name for p in bundle.iterdir()} == {"checks.py", "mistakes.py", "scaling.ipynb"}
    assert {p.name for p in released.iterdir()} == {"checks.py", "scaling.ipynb"}
    assert str(released / "checks.py") in printed
    public = (released / "checks.py").read_text()
    assert "def check_scale_values(" in public and "def check_scale_hidden" not in public
    assert "_HIDDEN" not in public and "HIDDEN CHECKS" not in public
    notebook = json.loads((released / "scaling.ipynb").read_text())
    text = json.dumps(notebook)
    assert "BEGIN SOLUTION" not in text and "check_scale_hidden" not in text and "NotImplementedError" in text


def test_the_scaffold_checks_and_grades_out_of_the_box(course, tmp_path):
    new_assignment("scaling", course=course)
    solved = grade_notebook(course / "solutions" / "scaling" / "scaling.ipynb", course=course)
    assert solved.full_marks, solved.tests
    blank = grade_notebook(course / "exercises" / "scaling" / "scaling.ipynb", course=course)
    assert blank.score == 0 and blank.max_score == solved.max_score > 0
    assert all("fill in the body of scale" in test.hint for test in blank.tests)
    # A class of two: the instructor's answer and an untouched notebook.
    submissions = tmp_path / "submissions"
    for student, source in (("ada", "solutions"), ("bo", "exercises")):
        (submissions / student).mkdir(parents=True)
        shutil.copy(course / source / "scaling" / "scaling.ipynb", submissions / student / "scaling.ipynb")
    out = tmp_path / "grades.csv"
    grade_class(submissions, "scaling", out=out, course=course, progress=None)
    rows = {row["student"]: row for row in csv.DictReader(out.open())}
    assert float(rows["ada"]["score"]) == solved.max_score and float(rows["bo"]["score"]) == 0


def test_a_scaffolded_mistake_gets_its_hint(course, tmp_path):
    new_assignment("scaling", course=course)
    notebook = json.loads((course / "exercises" / "scaling" / "scaling.ipynb").read_text())
    for cell in notebook["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "scale":
            cell["source"] = "def scale(x, factor):\n    return x + factor\n"
    path = tmp_path / "scaling.ipynb"
    path.write_text(json.dumps(notebook))
    result = grade_notebook(path, course=course)
    assert not result.tests[0].passed
    assert "you added factor instead of multiplying by it" in result.tests[0].hint


@pytest.mark.parametrize("name", ["Scaling", "1st", "with-dash", "class", ""])
def test_new_refuses_a_name_that_cannot_be_an_assignment(course, name):
    with pytest.raises(UngradableError, match="cannot name an assignment"):
        new_assignment(name, course=course)
    assert not (course / "solutions" / name).exists() or name == ""


def test_new_refuses_an_existing_assignment(course, capsys):
    assert main(["new", "toy", "--course", str(course)]) == 2
    assert "exists already" in capsys.readouterr().err
