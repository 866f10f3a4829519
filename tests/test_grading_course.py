"""Finding the course: upward from the notebook, from the working directory, or the course the
package is installed from."""

from __future__ import annotations

import pytest

from conftest import REPO_ROOT
from paramcourse.grading import UngradableError
from paramcourse.grading.course import find_course


def test_course_found_upward_from_a_notebook_inside_it(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    notebook = REPO_ROOT / "exercises" / "gradient_descent" / "gradient_descent.ipynb"
    assert find_course(near=notebook) == REPO_ROOT


def test_notebook_outside_any_course_uses_the_installed_course(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert find_course(near=tmp_path / "gradient_descent.ipynb") == REPO_ROOT


def test_explicit_directory_must_be_a_course(tmp_path):
    with pytest.raises(UngradableError, match="is not a course directory"):
        find_course(explicit=tmp_path)
