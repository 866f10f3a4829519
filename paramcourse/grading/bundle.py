"""Assignment bundles: ``solutions/<name>/`` holds the notebook, ``checks.py`` and ``mistakes.py``.

A bundle is found by its folder; there is no registry. Its files:

``<name>.ipynb``
    The instructor's notebook (nbgrader metadata, solutions, hidden tests).
``checks.py``
    The check functions the test cells call, their reference computations and cases. Parts
    between ``### BEGIN HIDDEN CHECKS`` and ``### END HIDDEN CHECKS`` lines are hidden: ``paramcourse
    release`` writes ``exercises/<name>/checks.py`` without them, as nbgrader strips hidden tests
    from the notebook.
``mistakes.py``
    Plausible wrong implementations, each registered with
    :func:`paramcourse.grading.diagnosis.mistake` and the hint it should get. It is not released
    (a wrong implementation is often the right one with one change).

A test cell gets the checks with :func:`load_checks`::

    from paramcourse.grading.bundle import load_checks
    checks = load_checks("gradient_descent")
    checks.check_mse_loss_values(mse_loss)

which finds, in order: the full checks the grader loaded before any student code ran
(:func:`preload`); in a grading kernel, the copy of the bundle the grader points to
(:data:`BUNDLES_ENV`); ``checks.py`` in the working directory (the notebook's folder: the
released public checks for a student, the full ones for the instructor); the course's
``exercises/<name>/`` or ``solutions/<name>/``; last, the released exercise installed with the
package (:func:`packaged_exercise`), for a learner without the course folder (Colab, a download).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

__all__ = [
    "BUNDLES_ENV",
    "HIDDEN_BEGIN",
    "HIDDEN_END",
    "checks_path",
    "load_checks",
    "load_module",
    "mistakes_beside",
    "packaged_exercise",
    "preload",
    "strip_hidden",
]

#: Set by the grader for the kernels it starts: the folder holding ``<name>/checks.py``.
BUNDLES_ENV = "PARAMCOURSE_BUNDLES"
HIDDEN_BEGIN = "### BEGIN HIDDEN CHECKS"
HIDDEN_END = "### END HIDDEN CHECKS"
CHECKS_FILE = "checks.py"
MISTAKES_FILE = "mistakes.py"

_PRELOADED: dict[str, ModuleType] = {}
_BY_PATH: dict[str, ModuleType] = {}


def load_module(path: Path, kind: str) -> ModuleType:
    """Import the Python file ``path`` under a private module name (cached by path and content).

    ``kind`` (``"checks"`` or ``"mistakes"``) is part of the module's name, which also carries a
    digest of the resolved path so that two courses' bundles of the same name never collide.
    """
    path = Path(path).resolve()
    data = path.read_bytes()
    key = hashlib.sha256(str(path).encode() + b"\0" + data).hexdigest()[:12]
    if key in _BY_PATH:
        return _BY_PATH[key]
    module_name = f"_paramcourse_bundle_{path.parent.name}_{kind}_{key}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py path always has a loader
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses and pickling look the module up by name
    # No __pycache__ inside a bundle: it would be copied into every grading folder and release.
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    finally:
        sys.dont_write_bytecode = saved
    _BY_PATH[key] = module
    return module


def mistakes_beside(checks_file: str | os.PathLike[str]) -> list:
    """The catalogued mistakes of the bundle that holds ``checks_file`` (``[]`` when the folder
    has no ``mistakes.py``, as in a released exercise)."""
    from paramcourse.grading.diagnosis import collect

    path = Path(checks_file).resolve().parent / MISTAKES_FILE
    if not path.is_file():
        return []
    return collect(vars(load_module(path, "mistakes")))


def checks_path(course: Path, name: str) -> Path:
    """The full ``checks.py`` of assignment ``name`` in ``course``."""
    from paramcourse.grading.course import SOURCE_DIRECTORY

    return Path(course) / SOURCE_DIRECTORY / name / CHECKS_FILE


def preload(course: Path, name: str) -> ModuleType | None:
    """Load the full checks of ``name`` now, before any student code runs (the grader calls this):
    test cells replayed later use this module even if a notebook rewrites the file."""
    path = checks_path(course, name)
    if not path.is_file():
        return None
    module = load_module(path, "checks")
    _PRELOADED[name] = module
    return module


#: Where a wheel of the package keeps the released exercises (``exercises/<name>/`` of the
#: repository, mapped there by pyproject.toml). An editable install has no such folder: it finds
#: the course itself.
PACKAGED_EXERCISES = Path(__file__).resolve().parents[1] / "_released"


def packaged_exercise(name: str) -> Path | None:
    """The folder of the released exercise ``name`` installed with the package (its notebook and
    public ``checks.py``), or ``None`` when this installation has none."""
    folder = PACKAGED_EXERCISES / name
    return folder if (folder / CHECKS_FILE).is_file() else None


def packaged_names() -> list[str]:
    """The names of the released exercises installed with the package."""
    if not PACKAGED_EXERCISES.is_dir():
        return []
    return sorted(p.name for p in PACKAGED_EXERCISES.iterdir() if (p / CHECKS_FILE).is_file())


def _candidates(name: str) -> list[Path]:
    found = []
    bundles = os.environ.get(BUNDLES_ENV)
    if bundles:
        found.append(Path(bundles) / name / CHECKS_FILE)
    found.append(Path.cwd() / CHECKS_FILE)
    from paramcourse.grading import UngradableError
    from paramcourse.grading.course import RELEASE_DIRECTORY, SOURCE_DIRECTORY, find_course

    try:
        course = find_course()
    except UngradableError:
        course = None
    if course is not None:
        found += [course / RELEASE_DIRECTORY / name / CHECKS_FILE, course / SOURCE_DIRECTORY / name / CHECKS_FILE]
    packaged = packaged_exercise(name)
    if packaged is not None:
        found.append(packaged / CHECKS_FILE)
    return found


def load_checks(name: str) -> ModuleType:
    """The checks module of assignment ``name`` (see the module docstring for where it is found).

    Raises
    ------
    FileNotFoundError
        When no ``checks.py`` of the assignment can be found, with what to do about it.
    """
    if name in _PRELOADED:
        return _PRELOADED[name]
    for path in _candidates(name):
        if path.is_file() and (path.parent.name == name or path.parent == Path.cwd()):
            return load_module(path, "checks")
    raise FileNotFoundError(
        f"the checks of the assignment {name!r} (checks.py) were not found: keep the checks.py that "
        f"came with the exercise in the notebook's folder (exercises/{name}/), or check with "
        "`paramcourse check NOTEBOOK` from the course folder"
    )


def strip_hidden(source: str, where: str = CHECKS_FILE) -> str:
    """``source`` without the lines from each ``### BEGIN HIDDEN CHECKS`` to its ``### END HIDDEN
    CHECKS`` (both included).

    Raises
    ------
    ValueError
        When the markers are unbalanced or nested, naming the line.
    """
    kept: list[str] = []
    inside = 0
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        marker = line.strip()
        if marker == HIDDEN_BEGIN:
            if inside:
                raise ValueError(f"{where}, line {number}: {HIDDEN_BEGIN} inside a hidden region; close the first with {HIDDEN_END}")
            inside = number
            continue
        if marker == HIDDEN_END:
            if not inside:
                raise ValueError(f"{where}, line {number}: {HIDDEN_END} without a {HIDDEN_BEGIN} before it")
            inside = 0
            continue
        if not inside:
            kept.append(line)
    if inside:
        raise ValueError(f"{where}, line {inside}: {HIDDEN_BEGIN} is never closed; add a line {HIDDEN_END}")
    return "".join(kept)
