"""The install cell (scripts/install_cells.py) opens every chapter, instructor notebook and
released exercise, follows _config.yml, is hidden in the book, and does nothing where the
package is importable. The Colab path itself, where it installs, is in test_colab_path.py."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import sys

import pytest
import yaml

from conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "scripts"))
import install_cells  # noqa: E402

EXERCISES = sorted(p for p in (REPO_ROOT / "exercises").glob("*/*.ipynb") if p.stem == p.parent.name)


def test_the_default_spec_follows_the_repository_in_config(tmp_path):
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text())
    url, branch = config["repository"]["url"], config["repository"]["branch"]
    assert install_cells.default_spec() == f"paramcourse @ git+{url}@{branch}"
    fork = tmp_path / "_config.yml"
    fork.write_text("repository:\n  url: https://github.com/someone/fork/\n  branch: teaching\n")
    assert install_cells.default_spec(fork) == "paramcourse @ git+https://github.com/someone/fork@teaching"
    assert "someone/fork@teaching" in install_cells.cell_source(fork)


@pytest.mark.parametrize("path", install_cells.notebooks() + EXERCISES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_notebook_opens_with_the_current_install_cell(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    index = install_cells.first_code_cell(notebook)
    cell = notebook["cells"][index]
    assert "".join(cell["source"]) == install_cells.cell_source(), (
        f"{path.name}: run `python scripts/install_cells.py` (and `paramcourse release` for exercises/)"
    )
    if path.is_relative_to(REPO_ROOT / "book"):
        assert install_cells.HIDDEN_TAG in cell["metadata"].get("tags", [])
    else:
        meta = cell["metadata"]["nbgrader"]
        assert meta["locked"] and not meta["grade"] and not meta["solution"]


def test_the_check_mode_finds_a_missing_and_a_stale_cell(tmp_path):
    source = install_cells.cell_source()
    root = tmp_path
    (root / "book").mkdir()
    chapter = root / "book" / "01_x.ipynb"
    chapter.write_text(json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": "import numpy",
                                              "outputs": [], "execution_count": None}],
                                   "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    assert not install_cells.up_to_date(chapter, source, root)
    install_cells.write(chapter, source, root)
    assert install_cells.up_to_date(chapter, source, root)
    cells = json.loads(chapter.read_text())["cells"]
    assert len(cells) == 2 and "".join(cells[1]["source"]) == "import numpy"
    install_cells.write(chapter, source.replace("@main", "@other"), root)  # a changed branch replaces it
    assert not install_cells.up_to_date(chapter, source, root)
    assert len(json.loads(chapter.read_text())["cells"]) == 2


def test_where_the_package_is_importable_the_cell_is_silent_and_installs_nothing(monkeypatch):
    calls = []
    monkeypatch.setattr("subprocess.run", lambda *a, **k: calls.append(a))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(install_cells.cell_source(), "<install>", "exec"), {})
    assert importlib.util.find_spec("paramcourse") is not None
    assert out.getvalue() == "" and calls == []


def test_where_the_package_is_missing_the_cell_installs_the_spec_and_says_so_in_one_line(monkeypatch):
    calls = []

    class Done:
        returncode, stderr = 0, ""

    monkeypatch.setattr("importlib.util.find_spec", lambda name, *a: None)
    monkeypatch.setattr("subprocess.run", lambda args, **k: calls.append(args) or Done())
    monkeypatch.setenv("PARAMCOURSE_PIP_SPEC", "/somewhere/paramcourse-0.2.0-py3-none-any.whl")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(install_cells.cell_source(), "<install>", "exec"), {})
    assert calls == [[sys.executable, "-m", "pip", "install", "--quiet", "/somewhere/paramcourse-0.2.0-py3-none-any.whl"]]
    assert out.getvalue().count("\n") == 1 and "/somewhere/paramcourse" in out.getvalue()


def test_a_failed_install_says_what_pip_said(monkeypatch):
    class Failed:
        returncode, stderr = 1, "ERROR: No matching distribution found for nowhere"

    monkeypatch.setattr("importlib.util.find_spec", lambda name, *a: None)
    monkeypatch.setattr("subprocess.run", lambda args, **k: Failed())
    monkeypatch.setenv("PARAMCOURSE_PIP_SPEC", "nowhere")
    with pytest.raises(RuntimeError, match="(?s)pip could not install nowhere.*No matching distribution"), \
            contextlib.redirect_stdout(io.StringIO()):
        exec(compile(install_cells.cell_source(), "<install>", "exec"), {})
