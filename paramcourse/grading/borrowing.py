"""Borrowed answers seen in the source: student code that reaches for the course's own code.

The package ships reference implementations (:mod:`paramcourse.linear`, :mod:`paramcourse.optim`,
the graders' own references in each assignment's ``checks.py``, ...). A graded function that
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
# An assignment's own checks.py and mistakes.py (beside the notebook for the instructor, the
# public checks for a student): importing them is reaching for the references.
_BUNDLE_MODULES = {"checks", "mistakes"}
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


def _parse(source: str) -> ast.Module | None:
    # IPython magics and shell escapes are not Python; blank them so the rest still parses.
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None  # the kernel reports it; nothing runs from this cell


_ALIASED = {"paramcourse", "sys", "threading"}  # modules whose attributes the scan judges


def _aliases(trees: Iterable[ast.Module]) -> dict[str, str]:
    """Names bound to the judged modules anywhere in the student's code: ``import paramcourse
    as pc`` makes ``pc.linear`` read as ``paramcourse.linear`` in every cell, and ``import sys as
    s`` makes ``s.setprofile`` read as ``sys.setprofile``."""
    aliases: dict[str, str] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in _ALIASED:
                        aliases[alias.asname or alias.name.split(".")[0]] = (
                            alias.name if alias.asname else alias.name.split(".")[0]
                        )
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in _ALIASED:
                for alias in node.names:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def _cell_findings(tree: ast.Module, aliases: dict[str, str]) -> list[str]:
    found: list[str] = []
    dotted_names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.name != "paramcourse" and _package_reference(alias.name)) or \
                        alias.name.split(".")[0] in _MACHINERY_MODULES | _BUNDLE_MODULES:
                    found.append(f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if node.module.split(".")[0] in _MACHINERY_MODULES | _BUNDLE_MODULES or (node.module, alias.name) in \
                        _MACHINERY_ATTRIBUTES or (_package_reference(node.module) and _package_reference(full)):
                    found.append(f"from {node.module} import {alias.name}")
        elif isinstance(node, ast.Attribute):
            dotted = _dotted(node)
            if dotted is None:
                continue
            head, _, rest = dotted.partition(".")
            if head in aliases:
                dotted = f"{aliases[head]}.{rest}" if rest else aliases[head]
            if tuple(dotted.split(".")[:2]) in _MACHINERY_ATTRIBUTES:
                found.append(_MACHINERY_ATTRIBUTES[tuple(dotted.split(".")[:2])])
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
    parsed = [(number, _parse(source)) for number, source in cells]
    aliases = _aliases(tree for _, tree in parsed if tree is not None)
    result = []
    for number, tree in parsed:
        if tree is None:
            continue
        seen: list[str] = []
        for item in _cell_findings(tree, aliases):
            if item not in seen:
                seen.append(item)
        result += [f"cell {number}: {item}" for item in seen]
    return result
