"""``paramcourse release`` regenerates exercises/ from solutions/ byte for byte, leaving nothing behind."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from paramcourse.cli import main
from paramcourse.grading import UngradableError
from paramcourse.grading.release import release

REPO = Path(__file__).resolve().parent.parent
COURSE = REPO / "tests" / "fixtures" / "course"
ASSIGNMENTS = sorted(p.parent.name for p in (REPO / "solutions").glob("*/*.ipynb") if p.stem == p.parent.name)


def digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_release_of_the_fixture_reproduces_the_committed_exercise(tmp_path):
    before = digest(COURSE)
    written = release(course=COURSE, out=tmp_path)
    assert written == [tmp_path / "toy" / "toy.ipynb"]
    assert digest(tmp_path) == digest(COURSE / "exercises")
    assert digest(COURSE) == before  # no gradebook.db, no release/ folder, nothing rewritten


def test_released_notebook_hides_solutions_and_hidden_tests(tmp_path):
    release(course=COURSE, out=tmp_path)
    text = (tmp_path / "toy" / "toy.ipynb").read_text(encoding="utf-8")
    notebook = json.loads(text)
    assert "BEGIN SOLUTION" not in text and "return 2 * x" not in text
    assert "double(-3)" not in text  # the hidden test
    assert "raise NotImplementedError" in text
    assert "".join(notebook["cells"][1]["source"]).startswith("def double(x):")


def test_release_in_place_changes_no_file_and_no_timestamp(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    target = course / "exercises" / "toy" / "toy.ipynb"
    stamp = target.stat().st_mtime_ns
    assert main(["release", "--course", str(course)]) == 0
    assert target.stat().st_mtime_ns == stamp
    assert digest(course) == digest(COURSE)


def test_release_regenerates_a_deleted_exercise(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    shutil.rmtree(course / "exercises")
    release(course=course, names=["toy"])
    assert digest(course / "exercises") == digest(COURSE / "exercises")


def test_release_refuses_an_unknown_assignment(capsys):
    with pytest.raises(UngradableError, match="unknown assignment"):
        release(course=COURSE, names=["nope"])
    assert main(["release", "nope", "--course", str(COURSE)]) == 2
    assert "unknown assignment(s) nope" in capsys.readouterr().err


@pytest.mark.skipif(not ASSIGNMENTS, reason="no assignments written yet")
def test_release_of_the_course_reproduces_every_committed_exercise(tmp_path):
    release(course=REPO, out=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ASSIGNMENTS
    for name in ASSIGNMENTS:
        assert digest(tmp_path / name) == digest(REPO / "exercises" / name), (
            f"exercises/{name} is not what `paramcourse release` makes from solutions/{name}: "
            "run `paramcourse release` and commit the result"
        )
