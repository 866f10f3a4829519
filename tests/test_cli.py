"""The ``paramcourse`` command line: help, exit statuses, error messages, JSON output, self-check."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paramcourse.cli import main
from paramcourse.grading import self_check

REPO = Path(__file__).resolve().parent.parent
COURSE = REPO / "tests" / "fixtures" / "course"
TOY_SOLUTION = COURSE / "solutions" / "toy" / "toy.ipynb"
TOY_RELEASED = COURSE / "exercises" / "toy" / "toy.ipynb"


def run_cli(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paramcourse.cli", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False,
    )


# ---------------------------------------------------------------- help


@pytest.mark.parametrize("args", [[], ["check"], ["grade"], ["release"]])
def test_help_of_the_command_and_each_subcommand(args, capsys):
    with pytest.raises(SystemExit) as stop:
        main([*args, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: paramcourse")
    for word in {"": ["check", "grade", "release"], "check": ["--json", "--course", "--timeout"],
                 "grade": ["--assignment", "--jobs", "--out", "--gradebook", "--db-url", "--resume"],
                 "release": ["--out"]}[args[0] if args else ""]:
        assert word in out


def test_console_script_and_module_entry_point_answer():
    script = shutil.which("paramcourse")
    assert script is not None, "run `pip install -e . --no-deps` to install the console script"
    assert subprocess.run([script, "--help"], capture_output=True, text=True, check=False).returncode == 0
    completed = run_cli("--help")
    assert completed.returncode == 0 and "check" in completed.stdout


def test_a_missing_subcommand_or_a_bad_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stop:
        main([])
    assert stop.value.code == 2
    with pytest.raises(SystemExit) as stop:
        main(["check", "x.ipynb", "--timeout", "-3"])
    assert stop.value.code == 2
    assert "positive number of seconds" in capsys.readouterr().err


# ---------------------------------------------------------------- check: cannot be graded (exit 2)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda d: d / "toy.ipynb", "no such file"),
        (lambda d: _write(d / "toy.ipynb", b"{\"cells\": [},"), "not valid notebook JSON"),
        (lambda d: _write(d / "toy.ipynb", b"print('hello')\n"), "not valid notebook JSON"),
        (lambda d: _write(d / "toy.ipynb", b'{"hello": "world"}'), "not a Jupyter notebook"),
        (lambda d: _write(d / "other.ipynb", TOY_SOLUTION.read_bytes().replace(b"test_double", b"test_triple")),
         "cannot tell which assignment"),
    ],
    ids=["missing", "invalid-json", "python-file", "json-not-notebook", "unknown-assignment"],
)
def test_check_says_why_a_notebook_cannot_be_graded(tmp_path, capsys, make, reason):
    path = make(tmp_path)
    status = main(["check", str(path), "--course", str(COURSE)])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("paramcourse check: ") and reason in lines[0]


def test_check_refuses_an_unknown_assignment_name(capsys):
    assert main(["check", str(TOY_SOLUTION), "--assignment", "nope"]) == 2
    assert "unknown assignment 'nope'" in capsys.readouterr().err


def test_check_without_a_course_says_where_it_looked(tmp_path, capsys, monkeypatch):
    # Outside any course, and with the package not installed from one either.
    from paramcourse.grading import course

    monkeypatch.setattr(course, "_installed_course", lambda: None)
    monkeypatch.chdir(tmp_path)
    notebook = _write(tmp_path / "toy.ipynb", TOY_SOLUTION.read_bytes())
    assert main(["check", str(notebook)]) == 2
    assert "no course found" in capsys.readouterr().err


# ---------------------------------------------------------------- check: graded (exit 0 / 1)


def test_check_json_from_the_notebook_folder(capsys, monkeypatch):
    monkeypatch.chdir(TOY_SOLUTION.parent)
    assert main(["check", "toy.ipynb", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload == {
        "assignment": "toy",
        "score": 3.0,
        "max_score": 3.0,
        "tests": [
            {"name": "test_double_small", "score": 1.0, "max_score": 1.0, "passed": True, "hint": None},
            {"name": "test_double_hidden", "score": 2.0, "max_score": 2.0, "passed": True, "hint": None},
        ],
    }


def test_check_text_of_the_released_notebook_from_the_course_root():
    completed = run_cli("check", "exercises/toy/toy.ipynb", cwd=COURSE)
    assert completed.returncode == 1, completed.stderr
    assert completed.stdout.startswith("toy: 0 / 3 points")
    assert "fill in the body of double" in completed.stdout
    assert completed.stderr == ""


# ---------------------------------------------------------------- self_check


def test_self_check_does_nothing_while_grading(capsys, monkeypatch):
    monkeypatch.setenv("PARAMCOURSE_GRADING", "1")
    self_check(TOY_SOLUTION)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "skipped" in out


def test_self_check_grades_the_saved_file_and_reminds_to_save(capsys, monkeypatch):
    monkeypatch.delenv("PARAMCOURSE_GRADING", raising=False)
    monkeypatch.chdir(TOY_RELEASED.parent)
    self_check("toy.ipynb")
    out = capsys.readouterr().out
    assert "Save the notebook first" in out
    assert "toy: 0 / 3 points" in out and "fill in the body of double" in out


# ---------------------------------------------------------------- the real course


@pytest.mark.slow
@pytest.mark.skipif(not (REPO / "exercises/gradient_descent/gradient_descent.ipynb").is_file(),
                    reason="gradient_descent not released yet")
def test_check_json_on_a_real_exercise_from_the_repository_root():
    completed = run_cli("check", "exercises/gradient_descent/gradient_descent.ipynb", "--json")
    assert completed.returncode == 1, completed.stderr
    payload = json.loads(completed.stdout)
    assert list(payload) == ["assignment", "score", "max_score", "tests"]
    assert payload["assignment"] == "gradient_descent" and payload["score"] == 0
    assert payload["max_score"] == sum(t["max_score"] for t in payload["tests"]) > 0
    assert all(list(t) == ["name", "score", "max_score", "passed", "hint"] for t in payload["tests"])
    assert all(t["passed"] is False and t["hint"] for t in payload["tests"])


def test_import_paramcourse_does_not_import_nbgrader():
    code = "import sys, paramcourse, paramcourse.cli, paramcourse.grading; print('nbgrader' in sys.modules)"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                               env=dict(os.environ))
    assert completed.stdout.strip() == "False"
