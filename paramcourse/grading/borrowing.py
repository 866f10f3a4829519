"""Borrowed answers seen in the source: student code that reaches for the course's own code.

The package ships reference implementations (:mod:`paramcourse.linear`, :mod:`paramcourse.optim`,
the graders' own references in :mod:`paramcourse.grading.suites`, ...). A graded function that
calls them has not been implemented. Two detectors work together:

* at run time, :mod:`.transcript` notes every call from student code into the package while a
  graded function runs (this catches aliases and obfuscated imports);
* here, before anything runs, :func:`findings` reads the student's code cells with :mod:`ast`
  and reports references to the package (other than the harmless parts listed in
  :data:`ALLOWED`) and to the interpreter machinery that could switch the run-time detector off
  or reach around it (``sys.setprofile``, ``gc``, ``ctypes``, ``importlib``, ``__import__``,
  ``sys.modules``).

A finding fails every test of the notebook with a message that quotes it: an honest notebook
never needs any of these, and the student learns exactly what to remove.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import Any

__all__ = ["ALLOWED", "findings", "student_sources"]

#: Parts of the package a notebook may use: data, figures, explorers and the self-check.
ALLOWED = ("paramcourse.data", "paramcourse.plots", "paramcourse.widgets", "paramcourse.grading.self_check")

_MACHINERY_MODULES = {"gc", "ctypes", "importlib", "inspect", "builtins"}
_MACHINERY_ATTRIBUTES = {
    ("sys", "setprofile"): "sys.setprofile",
    ("sys", "settrace"): "sys.settrace",
    ("sys", "modules"): "sys.modules",
    ("sys", "_getframe"): "sys._getframe",
    ("threading", "setprofile"): "threading.setprofile",
}
_MACHINERY_NAMES = {"__import__", "__builtins__", "globals"}


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def student_sources(submitted: dict[str, Any], instructor: Iterable[dict[str, Any]]) -> list[tuple[int, str]]:
    """The code cells of ``submitted`` written by the student, as ``(cell number, source)``.

    A cell counts as the instructor's when its source is exactly that of a code cell of the
    instructor's notebooks (``instructor``: the solution and the released version); test cells
    are left out too, since the grader restores and replays them from the instructor's copy.
    """
    given = {_source(cell).strip() for notebook in instructor for cell in notebook.get("cells", [])
             if cell.get("cell_type") == "code"}
    found = []
    for number, cell in enumerate(submitted.get("cells") or [], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        meta = ((cell.get("metadata") or {}).get("nbgrader") or {}) if isinstance(cell.get("metadata"), dict) else {}
        if meta.get("grade") and not meta.get("solution"):
            continue
        text = _source(cell)
        if text.strip() and text.strip() not in given:
            found.append((number, text))
    return found


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _package_reference(name: str) -> str | None:
    if name != "paramcourse" and not name.startswith("paramcourse."):
        return None
    if any(name == allowed or name.startswith(allowed + ".") for allowed in ALLOWED):
        return None
    return name


def _cell_findings(source: str) -> list[str]:
    # IPython magics and shell escapes are not Python; blank them so the rest still parses.
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return []  # the kernel reports it; nothing runs from this cell
    found: list[str] = []
    dotted_names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.name != "paramcourse" and _package_reference(alias.name)) or \
                        alias.name.split(".")[0] in _MACHINERY_MODULES:
                    found.append(f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if node.module.split(".")[0] in _MACHINERY_MODULES or (
                    _package_reference(node.module) and _package_reference(full)
                ):
                    found.append(f"from {node.module} import {alias.name}")
        elif isinstance(node, ast.Attribute):
            dotted = _dotted(node)
            if dotted is None:
                continue
            head = tuple(dotted.split(".")[:2])
            if head in _MACHINERY_ATTRIBUTES:
                found.append(_MACHINERY_ATTRIBUTES[head])
            dotted_names.add(dotted)
        elif isinstance(node, ast.Name) and node.id in _MACHINERY_NAMES:
            found.append(node.id)
    # Judge only the longest chains: paramcourse.grading.self_check is allowed, although its
    # prefix paramcourse.grading is not.
    for dotted in sorted(dotted_names):
        longest = not any(other.startswith(dotted + ".") for other in dotted_names)
        if longest and "." in dotted and _package_reference(dotted):
            found.append(dotted)
    return found


def findings(cells: Iterable[tuple[int, str]]) -> list[str]:
    """Human-readable findings, e.g. ``"cell 7: from paramcourse.linear import ridge_closed_form"``."""
    result = []
    for number, source in cells:
        seen: list[str] = []
        for item in _cell_findings(source):
            if item not in seen:
                seen.append(item)
        result += [f"cell {number}: {item}" for item in seen]
    return result
