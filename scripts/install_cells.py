"""Write (or check) the install cell that opens every notebook of the course.

A learner who opens a chapter in Colab, or downloads a notebook from the site, has the notebook
but not the course package. The first code cell of every chapter (``book/``), every instructor
notebook (``solutions/``) and so every released exercise installs the package when it is not
importable, and does nothing, silently, when it is (Binder, a clone, the book build, the
grader). It installs from ``PARAMCOURSE_PIP_SPEC`` when that is set (anything ``pip install``
accepts), otherwise from the repository and branch named in ``_config.yml`` — this script is the
one place that turns ``_config.yml`` into the cell, so the two cannot drift apart.

Usage::

    python scripts/install_cells.py          # rewrite the cells that are missing or out of date
    python scripts/install_cells.py --check  # exit 1 and list them instead

After changing ``solutions/``, run ``paramcourse release`` so that ``exercises/`` follows.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
#: The tag Jupyter Book uses to leave a cell out of the page (it still runs).
HIDDEN_TAG = "remove-cell"
#: The nbgrader identity of the cell in the assignments: locked, not graded.
GRADE_ID = "install"
MARKER = "# paramcourse: install the course package where it is missing"

TEMPLATE = '''{marker} (Colab, a downloaded notebook).
# Elsewhere (Binder, a clone of the repository) it does nothing. To install from another place,
# set PARAMCOURSE_PIP_SPEC to anything `pip install` accepts: a folder, a wheel, a URL.
import importlib.util
if importlib.util.find_spec("paramcourse") is None:
    import os, subprocess, sys
    _spec = os.environ.get("PARAMCOURSE_PIP_SPEC") or "{default}"
    print(f"Installing the course package from {{_spec}} ...")
    _pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", _spec], capture_output=True, text=True)
    if _pip.returncode != 0:
        raise RuntimeError(f"pip could not install {{_spec}}:\\n{{_pip.stderr[-2000:]}}")
    importlib.invalidate_caches()'''


def default_spec(config: Path = ROOT / "_config.yml") -> str:
    """``paramcourse @ git+URL@BRANCH`` from ``repository.url`` and ``repository.branch``."""
    repository = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("repository") or {}
    url, branch = repository.get("url"), repository.get("branch", "main")
    if not url:
        raise SystemExit(f"{config}: repository.url is missing; the install cell needs it")
    return f"paramcourse @ git+{str(url).rstrip('/')}@{branch}"


def cell_source(config: Path = ROOT / "_config.yml") -> str:
    """The install cell's code for the repository named in ``config``."""
    return TEMPLATE.format(marker=MARKER, default=default_spec(config))


def notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks that carry the cell: chapters and instructor notebooks (exercises follow by release)."""
    chapters = sorted((root / "book").glob("[0-9][0-9]_*.ipynb"))
    solutions = sorted(p for p in (root / "solutions").glob("*/*.ipynb") if p.stem == p.parent.name)
    return chapters + solutions


def _text(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _metadata(path: Path, root: Path) -> dict[str, Any]:
    if path.relative_to(root).parts[0] == "book":
        return {"tags": [HIDDEN_TAG]}
    return {"nbgrader": {"grade": False, "grade_id": GRADE_ID, "locked": True, "schema_version": 3, "solution": False}}


def install_cell(path: Path, source: str, root: Path = ROOT) -> dict[str, Any]:
    """The cell as it should stand in ``path``."""
    return {"cell_type": "code", "execution_count": None, "metadata": _metadata(path, root), "outputs": [],
            "source": source.splitlines(keepends=True)}


def first_code_cell(notebook: dict[str, Any]) -> int | None:
    return next((i for i, c in enumerate(notebook["cells"]) if c.get("cell_type") == "code"), None)


def up_to_date(path: Path, source: str, root: Path = ROOT) -> bool:
    """Whether the first code cell of ``path`` is the install cell, with the right metadata."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    index = first_code_cell(notebook)
    if index is None:
        return False
    cell = notebook["cells"][index]
    wanted = install_cell(path, source, root)
    return _text(cell) == source and all(cell["metadata"].get(k) == v for k, v in wanted["metadata"].items())


def write(path: Path, source: str, root: Path = ROOT) -> None:
    """Put the install cell first among the code cells of ``path`` (replacing an older one)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cell = install_cell(path, source, root)
    if notebook.get("nbformat_minor", 0) >= 5:
        cell["id"] = "paramcourse-install"
    cell = dict(sorted(cell.items()))  # nbformat's key order
    index = first_code_cell(notebook)
    if index is not None and _text(notebook["cells"][index]).startswith(MARKER):
        notebook["cells"][index] = cell
    else:
        notebook["cells"].insert(len(notebook["cells"]) if index is None else index, cell)
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list notebooks out of date and exit 1; change nothing")
    args = parser.parse_args(argv)
    source = cell_source()
    stale = [path for path in notebooks() if not up_to_date(path, source)]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(ROOT)}: the install cell is missing or out of date", file=sys.stderr)
        if stale:
            print("run: python scripts/install_cells.py && paramcourse release", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        write(path, source)
        print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
