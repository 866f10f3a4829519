"""The course outside its repository: the wheel, and the Colab learner's path.

* The wheel: ``pip wheel`` of the repository gives a package that holds the released exercises
  (public checks only) and whose version is the one in ``paramcourse/__init__.py``.
* A clean environment with only that wheel installed: ``paramcourse --help`` and ``--version``
  answer, and ``paramcourse check`` on a released exercise, in a folder with no course, runs its
  visible tests in-process and says that hidden tests run when the instructor grades.
* Colab: a fresh environment with Colab's usual packages (numpy, matplotlib, scikit-learn,
  ipykernel) and no course package. Chapters and an exercise notebook, copied out of the
  repository as a learner downloads them, run top to bottom in that environment's kernel with
  ``PARAMCOURSE_PIP_SPEC`` pointing at the wheel: the first cell installs the package, and the
  exercise's self-check prints a score.

Slow (a wheel build and two environments; pip may use its cache).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import paramcourse
from conftest import REPO_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("colab"), pytest.mark.timeout(1800)]

CHAPTERS = ["01_what_is_a_parameter", "03_counting_parameters", "05_gradient_descent"]
COLAB_PACKAGES = ["numpy", "matplotlib", "scikit-learn", "ipykernel"]
_NOT_COPIED = shutil.ignore_patterns(".git", "_build", "build", "__pycache__", "*.egg-info", ".pytest_cache",
                                     ".ipynb_checkpoints", "node_modules", ".venv", "venv")


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


def _venv(where: Path, packages: list[str]) -> Path:
    _run([sys.executable, "-m", "venv", str(where)])
    python = where / "bin" / "python"
    if packages:
        _run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *packages])
    return python


def _clean_env(**extra: str) -> dict[str, str]:
    # Nothing of this checkout may leak in: no PYTHONPATH, no grading variables.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PARAMCOURSE", "VIRTUAL_ENV"))}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the checkout (the build leaves nothing in the working tree)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(REPO_ROOT, source, ignore=_NOT_COPIED)
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(work / "dist"), str(source)])
    (built,) = (work / "dist").glob("paramcourse-*.whl")
    return built


def test_the_wheel_holds_the_released_exercises_and_the_version(wheel):
    assert wheel.name.startswith(f"paramcourse-{paramcourse.__version__}-")
    names = zipfile.ZipFile(wheel).namelist()
    archive = zipfile.ZipFile(wheel)
    for folder in (REPO_ROOT / "exercises").iterdir():
        checks = f"paramcourse/_released/{folder.name}/checks.py"
        assert checks in names and f"paramcourse/_released/{folder.name}/{folder.name}.ipynb" in names
        assert archive.read(checks) == (folder / "checks.py").read_bytes()
        assert b"BEGIN HIDDEN" not in archive.read(checks)
    assert not [n for n in names if "solutions" in n or n.endswith("mistakes.py")], "nothing private in the wheel"
    for package in ("paramcourse/practice/core.py", "paramcourse/plots/style.py", "paramcourse/grading/local.py"):
        assert package in names


def _solved_release(name: str, out: Path) -> Path:
    """The released notebook of ``name`` with the instructor's answers typed in, as a learner who
    solved it would have it (the test cells stay the released, visible ones)."""
    answers = {cell.metadata["nbgrader"]["grade_id"]: cell.source
               for cell in nbformat.read(REPO_ROOT / "solutions" / name / f"{name}.ipynb", as_version=4).cells
               if cell.metadata.get("nbgrader", {}).get("solution")}
    notebook = nbformat.read(REPO_ROOT / "exercises" / name / f"{name}.ipynb", as_version=4)
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = answers[meta["grade_id"]]
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, out)
    return out


def test_a_clean_environment_with_the_wheel_checks_a_released_exercise(wheel, tmp_path):
    python = _venv(tmp_path / "env", [str(wheel)])
    paramcourse_cli = tmp_path / "env" / "bin" / "paramcourse"
    env = _clean_env()
    assert "check" in _run([str(paramcourse_cli), "--help"], env=env, cwd=tmp_path).stdout
    assert _run([str(paramcourse_cli), "--version"], env=env, cwd=tmp_path).stdout.strip() == (
        f"paramcourse {paramcourse.__version__}"
    )
    learner = tmp_path / "downloads"
    learner.mkdir()
    blank = learner / "gradient_descent.ipynb"
    shutil.copy(REPO_ROOT / "exercises" / "gradient_descent" / "gradient_descent.ipynb", blank)
    result = subprocess.run([str(paramcourse_cli), "check", blank.name], capture_output=True, text=True, env=env,
                            cwd=learner)
    assert result.returncode == 1, result.stderr
    assert re.search(r"gradient_descent: 0 / \d+ points", result.stdout), result.stdout
    assert "hidden tests run only when your instructor grades" in result.stdout
    assert "fill in the body of mse_loss" in result.stdout

    solved = _solved_release("gradient_descent", learner / "solved" / "gradient_descent.ipynb")
    result = subprocess.run([str(paramcourse_cli), "check", str(solved), "--json"], capture_output=True, text=True,
                            env=env, cwd=learner)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["score"] == report["max_score"] > 0
    # The practice checks and the figures' package work from the wheel too.
    probe = "from paramcourse.practice import exercises; import paramcourse.plots; print(len(exercises()))"
    assert int(_run([str(python), "-c", probe], env=env, cwd=tmp_path).stdout) >= 45


def _kernel(where: Path, python: Path, env: dict[str, str]) -> str:
    """A kernelspec named ``colab`` in ``where`` that starts ``python`` with ``env``."""
    spec = where / "kernels" / "colab"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Colab-like", "language": "python", "env": env,
    }))
    return "colab"


def _execute(path: Path, kernel: str, jupyter_path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    saved = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(jupyter_path)
    try:
        NotebookClient(notebook, timeout=600, kernel_name=kernel,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        if saved is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = saved
    return notebook


def _stdout(notebook: nbformat.NotebookNode) -> str:
    return "".join(out.get("text", "") for cell in notebook.cells for out in cell.get("outputs", [])
                   if out.get("name") == "stdout")


def test_colab_path_installs_the_package_and_runs_chapters_and_an_exercise(wheel, tmp_path):
    python = _venv(tmp_path / "colab", COLAB_PACKAGES)
    missing = subprocess.run([str(python), "-c", "import paramcourse"], capture_output=True, env=_clean_env(),
                             cwd=tmp_path)
    assert missing.returncode != 0, "the Colab-like environment must start without the course package"
    kernel = _kernel(tmp_path / "jupyter", python, _clean_env(PARAMCOURSE_PIP_SPEC=str(wheel), MPLBACKEND="Agg"))

    content = tmp_path / "content"  # Colab's working folder: only the notebook, no repository
    content.mkdir()
    for name in CHAPTERS:
        shutil.copy(REPO_ROOT / "book" / f"{name}.ipynb", content)
    _solved_release("gradient_descent", content / "gradient_descent.ipynb")

    first = _execute(content / f"{CHAPTERS[0]}.ipynb", kernel, tmp_path / "jupyter")
    install_output = [out.get("text", "") for out in first.cells[_first_code(first)].get("outputs", [])]
    assert install_output == [f"Installing the course package from {wheel} ...\n"], install_output
    for name in CHAPTERS[1:]:
        notebook = _execute(content / f"{name}.ipynb", kernel, tmp_path / "jupyter")
        assert not notebook.cells[_first_code(notebook)].get("outputs"), "installed once, then silent"

    exercise = _execute(content / "gradient_descent.ipynb", kernel, tmp_path / "jupyter")
    printed = _stdout(exercise)
    assert re.search(r"gradient_descent: (\d+) / \1 points", printed), printed[-2000:]
    assert "hidden tests run only when your instructor grades" in printed


def _first_code(notebook: nbformat.NotebookNode) -> int:
    return next(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code")
