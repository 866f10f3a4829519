"""The download of the whole course (_ext/course_download.py): every chapter and released
exercise, nothing private, runnable offline, reproducible. The built site's copy is checked in
test_book.py."""

from __future__ import annotations

import json
import sys
import zipfile

from conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "_ext"))
import course_download  # noqa: E402


def test_the_archive_holds_the_chapters_and_released_exercises_only(tmp_path):
    out = course_download.write_archive(REPO_ROOT, tmp_path / "course.zip", course_download._spec(REPO_ROOT))
    names = zipfile.ZipFile(out).namelist()
    chapters = sorted(p.name for p in (REPO_ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(n.split("/")[-1] for n in names if n.startswith("paramcourse/book/")) == chapters
    for folder in (REPO_ROOT / "exercises").iterdir():
        assert f"paramcourse/exercises/{folder.name}/{folder.name}.ipynb" in names
        assert f"paramcourse/exercises/{folder.name}/checks.py" in names
    assert not [n for n in names if "solutions" in n or "mistakes" in n], "nothing private leaves the course"
    assert "paramcourse/README.txt" in names


def test_the_archived_checks_are_the_released_ones_without_hidden_parts(tmp_path):
    out = course_download.write_archive(REPO_ROOT, tmp_path / "course.zip", "x")
    archive = zipfile.ZipFile(out)
    for folder in (REPO_ROOT / "exercises").iterdir():
        text = archive.read(f"paramcourse/exercises/{folder.name}/checks.py").decode()
        assert "BEGIN HIDDEN CHECKS" not in text
        notebook = json.loads(archive.read(f"paramcourse/exercises/{folder.name}/{folder.name}.ipynb"))
        assert not any("BEGIN HIDDEN TESTS" in "".join(c["source"]) for c in notebook["cells"])


def test_the_readme_names_the_install_spec_and_the_archive_is_reproducible(tmp_path):
    spec = course_download._spec(REPO_ROOT)
    first = course_download.write_archive(REPO_ROOT, tmp_path / "a.zip", spec).read_bytes()
    second = course_download.write_archive(REPO_ROOT, tmp_path / "b.zip", spec).read_bytes()
    assert first == second
    readme = zipfile.ZipFile(tmp_path / "a.zip").read("paramcourse/README.txt").decode()
    assert spec in readme and "paramcourse check" in readme
    assert not list(tmp_path.glob("*.part"))
