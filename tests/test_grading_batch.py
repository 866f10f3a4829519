"""Class grading: one row per student whatever the submission, parallel, deterministic, resumable."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paramcourse.grading import UngradableError, batch
from paramcourse.grading.batch import FIELDS, Row, grade_class, read_rows, write_rows

REPO = Path(__file__).resolve().parent.parent
COURSE = REPO / "tests" / "fixtures" / "course"
TOY_SOLUTION = COURSE / "solutions" / "toy" / "toy.ipynb"
TOY_RELEASED = COURSE / "exercises" / "toy" / "toy.ipynb"


def _toy_with(body: str) -> bytes:
    notebook = json.loads(TOY_SOLUTION.read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if c["metadata"]["nbgrader"]["grade_id"] == "double")
    cell["source"] = body
    return json.dumps(notebook).encode()


@pytest.fixture
def mixed_class(tmp_path) -> Path:
    """Seven students: right, untouched, wrong, damaged, hostile, missing, nbgrader layout."""
    folder = tmp_path / "submissions"
    files = {
        "alice/toy.ipynb": TOY_SOLUTION.read_bytes(),
        "bob/toy.ipynb": TOY_RELEASED.read_bytes(),
        "carol/toy.ipynb": _toy_with("def double(x):\n    return x + 2"),
        "dave/toy.ipynb": b"{ this is not json",
        "erin/toy.ipynb": _toy_with("import os\nos._exit(1)"),
        "heidi/toy.ipynb": _toy_with("def double(x):\n    while x < 0:\n        pass\n    return 2 * x"),
        "ivan/toy.ipynb": _toy_with("import numpy as np\nnp.allclose = lambda *a, **k: True\n"
                                    "np.all = lambda *a, **k: True\ndef double(x):\n    return x + 2"),
        "frank/notes.txt": b"forgot to upload",
        "grace/toy/toy.ipynb": TOY_SOLUTION.read_bytes(),
    }
    for relative, data in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)
    return folder


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_a_mixed_class_gets_a_row_per_student_and_regrades_identically(mixed_class, tmp_path):
    out = tmp_path / "grades.csv"
    rows = grade_class(mixed_class, "toy", out=out, jobs=2, course=COURSE, progress=None, cell_timeout=3)
    by_student = {row.student: row for row in rows}
    assert list(by_student) == ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"]
    assert (by_student["alice"].score, by_student["alice"].status) == ("3", "graded")
    assert (by_student["bob"].score, by_student["bob"].status) == ("0", "graded")
    assert by_student["bob"].message == "failed: test_double_small, test_double_hidden"
    assert (by_student["carol"].score, by_student["carol"].message) == ("1", "failed: test_double_hidden")
    assert by_student["dave"].status == "ungradable" and "not valid notebook JSON" in by_student["dave"].message
    assert (by_student["erin"].score, by_student["erin"].status) == ("0", "graded")
    assert "kernel died in cell" in by_student["erin"].message
    assert (by_student["heidi"].score, by_student["heidi"].message) == ("1", "failed: test_double_hidden")
    assert (by_student["ivan"].score, by_student["ivan"].message) == ("1", "failed: test_double_hidden")
    assert by_student["frank"].status == "missing"
    assert (by_student["grace"].score, by_student["grace"].status) == ("3", "graded")
    assert all(row.max_score == "3" and row.assignment == "toy" for row in rows)
    first = out.read_bytes()
    assert [line["student"] for line in _csv(out)] == list(by_student)
    assert list(_csv(out)[0]) == FIELDS

    again = tmp_path / "again.csv"
    grade_class(mixed_class, "toy", out=again, jobs=1, course=COURSE, progress=None, cell_timeout=3)
    assert again.read_bytes() == first


@pytest.mark.slow
def test_a_notebook_that_writes_to_the_course_is_found_among_parallel_ones(tmp_path):
    """With two jobs the thread that notices a changed course file may not be the one whose
    kernel changed it: the overlapping submissions are graded again alone, so only the culprit
    loses its marks, and the course (including a classmate's submission) stays as it was."""
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    folder = tmp_path / "submissions"
    victim = folder / "bea" / "toy.ipynb"
    culprit = _toy_with(
        "import pathlib, time\n"
        f"pathlib.Path({str(course / 'solutions' / 'toy' / 'toy.ipynb')!r}).write_text('{{}}')\n"
        f"pathlib.Path({str(victim)!r}).write_text('{{}}')\n"
        "time.sleep(1)\ndef double(x):\n    return 2 * x"
    )
    files = {"abe": culprit, "bea": TOY_SOLUTION.read_bytes(), "cid": TOY_SOLUTION.read_bytes()}
    for student, data in files.items():
        (folder / student).mkdir(parents=True)
        (folder / student / "toy.ipynb").write_bytes(data)
    before = {p: p.read_bytes() for p in course.rglob("*") if p.is_file()}
    rows = {row.student: row for row in grade_class(folder, "toy", out=tmp_path / "g.csv", jobs=2, course=course,
                                                     progress=None)}
    assert (rows["abe"].score, rows["abe"].status) == ("0", "error")
    assert "changed the course's files" in rows["abe"].message
    assert (rows["bea"].score, rows["bea"].status) == ("3", "graded")
    assert (rows["cid"].score, rows["cid"].status) == ("3", "graded")
    assert {p: p.read_bytes() for p in course.rglob("*") if p.is_file()} == before


@pytest.mark.slow
def test_an_interrupted_batch_keeps_its_rows_and_resume_finishes_the_rest(tmp_path, monkeypatch):
    folder = tmp_path / "submissions"
    for student in ("ann", "ben", "cat", "dan"):
        (folder / student).mkdir(parents=True)
        (folder / student / "toy.ipynb").write_bytes(TOY_SOLUTION.read_bytes())
    out = tmp_path / "grades.csv"
    real = batch.grade_notebook
    graded: list[str] = []

    def interrupted_at_cat(notebook, **kwargs):
        student = Path(notebook).parent.name
        if student == "cat":
            raise KeyboardInterrupt
        graded.append(student)
        return real(notebook, **kwargs)

    monkeypatch.setattr(batch, "grade_notebook", interrupted_at_cat)
    with pytest.raises(KeyboardInterrupt):
        grade_class(folder, "toy", out=out, jobs=1, course=COURSE, progress=None)
    assert [line["student"] for line in _csv(out)] == ["ann", "ben"]
    assert not list(tmp_path.glob(".grades.csv.*"))  # no temporary file left behind

    graded.clear()
    def counted(notebook, **kwargs):
        graded.append(Path(notebook).parent.name)
        return real(notebook, **kwargs)

    monkeypatch.setattr(batch, "grade_notebook", counted)
    rows = grade_class(folder, "toy", out=out, jobs=1, course=COURSE, resume=True, progress=None)
    assert graded == ["cat", "dan"]
    assert [(row.student, row.score) for row in rows] == [("ann", "3"), ("ben", "3"), ("cat", "3"), ("dan", "3")]


@pytest.mark.slow
def test_grades_are_recorded_in_an_nbgrader_gradebook(tmp_path):
    from nbgrader.api import Gradebook

    folder = tmp_path / "submissions"
    wrong = _toy_with("def double(x):\n    return x + 2")
    for student, data in {"amy": TOY_SOLUTION.read_bytes(), "bo": wrong}.items():
        (folder / student).mkdir(parents=True)
        (folder / student / "toy.ipynb").write_bytes(data)
    database = tmp_path / "gradebook.db"
    grade_class(folder, "toy", out=tmp_path / "g.csv", jobs=2, course=COURSE, gradebook=database, progress=None)
    with Gradebook(f"sqlite:///{database}") as book:
        assert book.find_submission("toy", "amy").score == 3.0
        assert book.find_submission("toy", "bo").score == 1.0
        assert book.find_grade("test_double_hidden", "toy", "toy", "bo").auto_score == 0.0
        assert book.find_grade("test_double_small", "toy", "toy", "bo").auto_score == 1.0


def test_an_unknown_assignment_or_a_missing_folder_stops_before_grading(tmp_path):
    with pytest.raises(UngradableError, match="unknown assignment 'nope'"):
        grade_class(tmp_path, "nope", out=tmp_path / "g.csv", course=COURSE, progress=None)
    with pytest.raises(UngradableError, match="is not a folder"):
        grade_class(tmp_path / "absent", "toy", out=tmp_path / "g.csv", course=COURSE, progress=None)
    assert not (tmp_path / "g.csv").exists()


def test_rows_round_trip_sorted_and_a_foreign_csv_is_refused(tmp_path):
    rows = {
        "zoe": Row("zoe", "toy", "1", "3", "graded", 'failed: "quoted", with comma'),
        "al": Row("al", "toy", "0", "3", "missing", "no toy.ipynb"),
    }
    path = tmp_path / "g.csv"
    write_rows(path, rows)
    assert path.read_text(encoding="utf-8").splitlines()[1].startswith("al,")
    assert read_rows(path) == rows
    (tmp_path / "other.csv").write_text("name,grade\nx,1\n", encoding="utf-8")
    with pytest.raises(UngradableError, match="not a grades CSV"):
        read_rows(tmp_path / "other.csv")


def test_grade_command_writes_the_csv_and_shows_progress(tmp_path):
    folder = tmp_path / "submissions"
    (folder / "solo").mkdir(parents=True)
    (folder / "solo" / "toy.ipynb").write_bytes(TOY_SOLUTION.read_bytes())
    out = tmp_path / "grades.csv"
    completed = subprocess.run(
        [sys.executable, "-m", "paramcourse.cli", "grade", str(folder), "--assignment", "toy", "--out", str(out)],
        cwd=COURSE, capture_output=True, text=True, timeout=300, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "1/1" in completed.stderr and "solo: 3/3 graded" in completed.stderr
    assert _csv(out) == [
        {"student": "solo", "assignment": "toy", "score": "3", "max_score": "3", "status": "graded", "message": ""}
    ]
