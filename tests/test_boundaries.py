"""Dependencies point one way (design.md): chapters take science from the concept modules and
only figures from ``plots`` and ``widgets``; ``plots`` uses concept modules and its own style;
``widgets`` use the public functions of ``plots``; ``grading`` and ``practice`` use no figures."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "paramcourse"
CONCEPTS = {"data", "losses", "gradcheck", "linear", "optim", "initializers", "mlp", "preprocessing", "sharing",
            "tuning", "bayesopt", "importance", "landscape", "autodiff", "beliefs", "transfer", "_validation"}
#: What a chapter may take from plots besides compute_* and plot_* functions: drawing helpers.
PLOTS_DRAWING = {"small_multiples", "style", "use_style", "COLORS", "PALETTE", "GREY", "CMAP", "MODEL_COLORS"}


def _imports(path: Path) -> list[str]:
    """Every module a Python file imports (``from a import b`` counts as ``a.b`` and ``a``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return [name for name in found if name.startswith("paramcourse")]


def _part(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


@pytest.mark.parametrize("path", sorted((PACKAGE / "plots").glob("*.py")), ids=lambda p: p.stem)
def test_plots_use_concept_modules_and_their_own_style(path: Path):
    for name in _imports(path):
        assert _part(name) in CONCEPTS | {"plots", ""}, f"{path.name} imports {name}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "widgets").glob("*.py")), ids=lambda p: p.stem)
def test_widgets_use_only_the_public_functions_of_plots(path: Path):
    """Widgets draw with plots' public compute_/plot_ functions, never its submodules' insides; a
    control's range may come from a concept module (the learning-rate slider's 2 / L), but no
    science is defined in a widget."""
    for name in _imports(path):
        part = _part(name)
        if part == "plots":
            rest = name.split(".")[2:]
            assert not rest or rest[0].startswith(("compute_", "plot_")) or rest[0] in PLOTS_DRAWING, (
                f"{path.name} imports {name}: widgets wire controls to plots' public compute_/plot_ functions"
            )
        else:
            assert part in CONCEPTS | {"widgets", ""}, f"{path.name} imports {name}"


@pytest.mark.parametrize("folder", ["grading", "practice"])
def test_grading_and_practice_draw_nothing(folder: str):
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        for name in _imports(path):
            assert _part(name) not in {"plots", "widgets"}, f"{path.relative_to(PACKAGE)} imports {name}"
            if folder == "grading":
                assert _part(name) in {"grading", ""}, f"{path.relative_to(PACKAGE)} imports {name}"


def _chapter_code(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    lines = []
    for cell in cells:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            lines += ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    return "\n".join(lines)


CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapters_take_science_from_concept_modules(path: Path):
    tree = ast.parse(_chapter_code(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("paramcourse."):
            assert _part(node.module) not in {"plots", "widgets"}, f"{path.name}: from {node.module} import ..."
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "plots":
                assert node.attr.startswith(("compute_", "plot_")) or node.attr in PLOTS_DRAWING, (
                    f"{path.name} uses plots.{node.attr}: science belongs in a concept module"
                )
            elif node.value.id == "widgets":
                assert node.attr.startswith(("explore_", "static_")), f"{path.name} uses widgets.{node.attr}"
