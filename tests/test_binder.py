"""The repository root is a working Binder (repo2docker) environment.

* Fast: the files repo2docker reads say what we mean: ``requirements.txt`` installs the course
  package last (``-e .``), ``runtime.txt`` pins Python 3.11 the repo2docker way, no other
  environment file would take precedence, every notebook asks for the ``python3`` kernel.
* Slow: the Binder user's path, reproduced in a fresh virtual environment: install
  ``requirements.txt`` (pip may use its cache), then run every chapter under ``book/`` and every
  instructor notebook under ``solutions/`` with nbclient in that environment's kernel. Everything
  happens in a temporary copy of the repository (repo2docker also builds from a copy), so
  nothing is left behind in the working tree.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from conftest import REPO_ROOT

#: Files that repo2docker would use instead of (or on top of) requirements.txt.
CONFLICTING = [
    "environment.yml", "environment.yaml", "Pipfile", "Pipfile.lock", "setup.py",
    "Project.toml", "install.R", "DESCRIPTION", "default.nix", "Dockerfile",
]
#: A folder with either name replaces the root as repo2docker's configuration directory.
CONFIG_DIRS = ["binder", ".binder"]

_NOT_COPIED = shutil.ignore_patterns(
    ".git", "_build", ".jupyter_cache", "__pycache__", "*.egg-info", ".pytest_cache",
    ".ipynb_checkpoints", "node_modules", ".venv", "venv", ".benchmarks",
)


def _requirement_lines() -> list[str]:
    lines = []
    for raw in (REPO_ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def _notebooks(*folders: str) -> list[Path]:
    found = []
    for folder in folders:
        for path in sorted((REPO_ROOT / folder).rglob("*.ipynb")):
            if not any(part.startswith(".") or part == "_build" for part in path.relative_to(REPO_ROOT).parts):
                found.append(path)
    return found


# --- (a) the files ---------------------------------------------------------------------------


def test_requirements_install_the_course_package_last():
    lines = _requirement_lines()
    assert lines, "requirements.txt is empty"
    assert lines[-1] == "-e .", f"the last requirement must be `-e .`, not {lines[-1]!r}"
    assert lines.count("-e .") == 1
    for line in lines[:-1]:
        assert not line.startswith(("-e", "--editable", "git+", "http:", "https:", "file:")), (
            f"{line!r}: Binder installs from the package index only"
        )
        assert re.search(r"(==|>=|<=|~=|<|>)\s*\d", line), f"{line!r} has no version range"


def test_runtime_pins_python_311():
    runtime = REPO_ROOT / "runtime.txt"
    assert runtime.is_file(), "runtime.txt is missing: repo2docker would pick its default Python"
    assert runtime.read_text(encoding="utf-8").strip() == "python-3.11"


def test_no_other_environment_file_takes_precedence():
    present = [name for name in CONFLICTING if (REPO_ROOT / name).exists()]
    present += [name for name in CONFIG_DIRS if (REPO_ROOT / name).is_dir()]
    assert not present, f"repo2docker would read {present} instead of requirements.txt"


def test_every_notebook_uses_the_python3_kernel():
    notebooks = _notebooks("book", "exercises", "solutions")
    assert notebooks, "no notebook found"
    wrong = {}
    for path in notebooks:
        spec = nbformat.read(path, as_version=4).metadata.get("kernelspec", {})
        if spec.get("name") != "python3" or spec.get("language", "python") != "python":
            wrong[str(path.relative_to(REPO_ROOT))] = spec
    assert not wrong, f"notebooks with another kernel: {wrong}"


# --- (b) the Binder user's path --------------------------------------------------------------

# Run by the fresh environment's interpreter: executes the notebooks given as JSON on stdin, each
# in the folder it lives in (as JupyterLab on Binder does), and prints one JSON line per notebook.
_RUNNER = textwrap.dedent(
    """
    import json, os, sys, time
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    for job in json.load(sys.stdin):
        os.environ.pop("PARAMCOURSE_GRADING", None)
        os.environ.update(job["env"])
        nb = nbformat.read(job["path"], as_version=4)
        client = NotebookClient(
            nb, timeout=600, kernel_name="python3",
            # A reader runs every cell, the explorers' (tagged skip-execution for the book) too.
            skip_cells_with_tag="paramcourse-never-skip",
            resources={"metadata": {"path": os.path.dirname(job["path"])}},
        )
        start = time.perf_counter()
        error = None
        try:
            client.execute()
        except CellExecutionError as exc:
            error = str(exc)[-3000:]
        except Exception as exc:  # a kernel that dies or times out
            error = f"{type(exc).__name__}: {exc}"[-3000:]
        stderr = [
            out.get("text", "") for cell in nb.cells for out in cell.get("outputs", [])
            if out.get("name") == "stderr"
        ]
        print(json.dumps({"path": job["path"], "seconds": time.perf_counter() - start,
                          "error": error, "stderr": stderr}), flush=True)
    """
)


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_binder_path_in_a_fresh_environment(tmp_path):
    chapters = _notebooks("book")
    solutions = _notebooks("solutions")
    assert chapters, "no chapter notebook under book/"
    assert solutions, "no solution notebook under solutions/"

    start = time.perf_counter()
    copy = tmp_path / "repo"
    shutil.copytree(REPO_ROOT, copy, ignore=_NOT_COPIED)

    # A clean environment, as on Binder: no variables from the test run or another venv.
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.pop("PARAMCOURSE_GRADING", None)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env, timeout=300)
    python = venv / "bin" / "python"
    env["VIRTUAL_ENV"] = str(venv)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-r", "requirements.txt"],
        cwd=copy, env=env, capture_output=True, text=True, timeout=1200,
    )
    assert install.returncode == 0, f"pip install -r requirements.txt failed:\n{install.stdout[-3000:]}\n{install.stderr[-3000:]}"
    installed = time.perf_counter() - start
    print(f"\nfresh venv + pip install -r requirements.txt: {installed:.1f} s")

    # The course package comes from the copy (editable), not from the test run's environment.
    where = subprocess.run(
        [str(python), "-c", "import paramcourse, sys; print(paramcourse.__file__); print(sys.prefix)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()
    assert Path(where[0]).is_relative_to(copy), f"paramcourse imported from {where[0]}"
    assert Path(where[1]) == venv, where

    jobs = [{"path": str(copy / p.relative_to(REPO_ROOT)), "env": {}} for p in chapters]
    jobs += [{"path": str(copy / p.relative_to(REPO_ROOT)), "env": {"PARAMCOURSE_GRADING": "1"}} for p in solutions]
    run = subprocess.run(
        [str(python), "-c", _RUNNER], input=json.dumps(jobs), cwd=copy, env=env,
        capture_output=True, text=True, timeout=1500,
    )
    results = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    for result in results:
        name = Path(result["path"]).relative_to(copy)
        status = "ok" if result["error"] is None else "FAILED"
        print(f"  {result['seconds']:6.1f} s  {status:6}  {name}")
        for text in result["stderr"]:
            print(f"           stderr: {text.strip()[:300]}")
    print(f"total: {time.perf_counter() - start:.1f} s")
    assert run.returncode == 0, f"the notebook runner failed:\n{run.stderr[-4000:]}"
    assert len(results) == len(jobs), f"ran {len(results)} of {len(jobs)} notebooks:\n{run.stderr[-4000:]}"
    failures = {str(Path(r["path"]).relative_to(copy)): r["error"] for r in results if r["error"]}
    assert not failures, "notebooks that fail on Binder:\n" + "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())
