"""The course guard: a snapshot of the course's files that finds and undoes every change."""

from __future__ import annotations

import shutil
from pathlib import Path

import paramcourse
from paramcourse.grading.guard import CourseGuard

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "tests" / "fixtures" / "course"


def _copy(tmp_path: Path) -> tuple[Path, Path]:
    course, package = tmp_path / "course", tmp_path / "package"
    shutil.copytree(COURSE, course)
    (package / "sub").mkdir(parents=True)
    (package / "mod.py").write_text("A = 1\n")
    (package / "sub" / "other.py").write_text("B = 2\n")
    return course, package


def test_by_default_the_package_the_grader_runs_from_is_guarded():
    guard = CourseGuard(COURSE)
    assert Path(paramcourse.__file__).resolve().parent in guard.roots
    assert any(path.name == "transcript.py" for path in guard.saved)


def test_nothing_changed_means_nothing_found(tmp_path):
    course, package = _copy(tmp_path)
    guard = CourseGuard(course, package=package)
    assert guard.restore() == [] and guard.seen == []


def test_changed_deleted_and_added_files_are_put_back(tmp_path):
    course, package = _copy(tmp_path)
    solution = course / "solutions" / "toy" / "toy.ipynb"
    original = solution.read_bytes()
    guard = CourseGuard(course, package=package)
    solution.write_text("{}")
    shutil.rmtree(course / "exercises")
    (package / "mod.py").unlink()
    (package / "sub" / "planted.py").write_text("evil = True\n")
    (course / "nbgrader_config.py").chmod(0o444)
    found = guard.restore()
    assert sorted(entry.split(" ")[0] for entry in found) == ["added", "changed", "deleted", "deleted"]
    assert solution.read_bytes() == original
    assert (course / "exercises" / "toy" / "toy.ipynb").is_file()
    assert (package / "mod.py").read_text() == "A = 1\n"
    assert not (package / "sub" / "planted.py").exists()
    assert len(guard.seen) == 1
    assert guard.restore() == []


def test_byte_code_caches_are_not_the_course(tmp_path):
    course, package = _copy(tmp_path)
    guard = CourseGuard(course, package=package)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"\0")
    (package / "sub" / "stale.pyc").write_bytes(b"\0")
    assert guard.changes() == []
