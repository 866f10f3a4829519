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


def _toy_with_test_cell(course: Path, source: str) -> None:
    path = course / "solutions" / "toy" / "toy.ipynb"
    notebook = json.loads(path.read_text())
    for cell in notebook["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "test_double_small":
            cell["source"] = source
    path.write_text(json.dumps(notebook))


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("assert double(2) == 4", "uses the student function 'double' other than as an argument"),
        ("from paramcourse.grading.compare import call\ncall(double, x_example, what='double')",
         "reads 'x_example'"),
    ],
    ids=["direct-call", "notebook-variable"],
)
def test_release_refuses_a_test_cell_the_replay_cannot_handle(tmp_path, source, reason):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    _toy_with_test_cell(course, source)
    with pytest.raises(UngradableError, match=reason) as info:
        release(course=course, out=tmp_path / "out")
    assert "test_double_small" in str(info.value)
    assert not (tmp_path / "out").exists()


def test_release_strips_hidden_checks_and_keeps_mistakes_private(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    bundle = course / "solutions" / "toy"
    (bundle / "checks.py").write_text("PUBLIC = 1\n### BEGIN HIDDEN CHECKS\nSECRET = 2\n### END HIDDEN CHECKS\nALSO = 3\n")
    (bundle / "mistakes.py").write_text("WRONG = 1\n")
    written = release(course=course, out=tmp_path / "out")
    assert sorted(p.name for p in written) == ["checks.py", "toy.ipynb"]
    assert (tmp_path / "out" / "toy" / "checks.py").read_text() == "PUBLIC = 1\nALSO = 3\n"


@pytest.mark.parametrize("text", ["### BEGIN HIDDEN CHECKS\nx = 1\n", "x = 1\n### END HIDDEN CHECKS\n"],
                         ids=["unclosed", "unopened"])
def test_release_refuses_unbalanced_hidden_markers(tmp_path, text):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    (course / "solutions" / "toy" / "checks.py").write_text(text)
    with pytest.raises(UngradableError, match="HIDDEN CHECKS"):
        release(course=course, out=tmp_path / "out")
