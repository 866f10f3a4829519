"""The in-chapter practice: every exercise of the book has a skeleton that its check reports as
unfinished, a solution in the book that passes, catalogued mistakes that get their hints, and a
check strong enough to catch simple mutations of the solution.

The chapters are read as notebooks (nothing is executed here but the functions themselves).
"""

from __future__ import annotations

import ast
import copy
import json
import re
import types
from pathlib import Path

import numpy as np
import pytest

from paramcourse.practice import Result, check, exercises

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p for p in (ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
_SOLUTION = re.compile(r"`{3,}\{solution\}\s*(\S+).*?```python\n(.*?)```", re.S)


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _practice(path: Path) -> list[dict]:
    """Each practice exercise of a chapter: its name, cell index, skeleton, check cell and solution."""
    cells = json.loads(path.read_text())["cells"]
    found = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code" or "practice" not in cell["metadata"].get("tags", []):
            continue
        tree = ast.parse(_source(cell))
        functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
        entry = {"index": index, "cells": len(cells), "skeleton": _source(cell), "tree": tree,
                 "name": functions[0].name if len(functions) == 1 else None, "functions": len(functions)}
        following = cells[index + 1:index + 6]
        entry["check"] = _source(following[0]) if following and following[0]["cell_type"] == "code" else ""
        solutions = [m.group(2) for c in following if c["cell_type"] == "markdown"
                     for m in _SOLUTION.finditer(_source(c))]
        entry["solution"] = solutions[0] if solutions else None
        found.append(entry)
    return found


ENTRIES = [(path.stem, entry) for path in CHAPTERS for entry in _practice(path)]
IDS = [f"{chapter}-{entry['name']}" for chapter, entry in ENTRIES]


def _define(source: str, name: str) -> types.FunctionType:
    namespace: dict = {"np": np}
    exec(compile(source, f"<{name}>", "exec"), namespace)
    return namespace[name]


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_chapter_has_practice_early(path: Path):
    entries = _practice(path)
    assert len(entries) >= 2, f"{path.name} has {len(entries)} practice exercises; give it 2 to 4"
    assert min(e["index"] for e in entries) < entries[0]["cells"] / 2, "none in the first half of the chapter"


def test_practice_names_are_unique_and_registered():
    names = [entry["name"] for _, entry in ENTRIES]
    assert len(names) == len(set(names))
    assert set(names) == set(exercises()), "every registered exercise appears in exactly one chapter"
    for chapter, entry in ENTRIES:
        assert exercises()[entry["name"]].chapter == f"ch{chapter[:2]}", entry["name"]


@pytest.mark.parametrize(("chapter", "entry"), ENTRIES, ids=IDS)
def test_the_stored_cell_is_a_skeleton_and_its_check_says_so(chapter, entry):
    assert entry["functions"] == 1, "a practice cell defines exactly one function"
    function = next(node for node in entry["tree"].body if isinstance(node, ast.FunctionDef))
    body = function.body
    assert isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant), "a docstring says what to compute"
    assert isinstance(body[-1], ast.Raise) and "NotImplementedError" in ast.unparse(body[-1])
    assert re.search(rf"\bcheck\({entry['name']}\)", entry["check"]), "the next cell calls check(fn)"
    assert "from paramcourse.practice import check" in entry["check"]
    result = check(_define(entry["skeleton"], entry["name"]))
    assert isinstance(result, Result) and not result.passed and result.status == "todo"


@pytest.mark.parametrize(("chapter", "entry"), ENTRIES, ids=IDS)
def test_the_books_solution_passes_quickly(chapter, entry):
    assert entry["solution"], "a {solution} dropdown with a fenced python block follows within a few cells"
    result = check(_define(entry["solution"], entry["name"]))
    assert result.passed, result.message
    assert result.seconds < 5  # generous: the benchmark measures it (well under a second)


@pytest.mark.parametrize(("chapter", "entry"), ENTRIES, ids=IDS)
def test_later_cells_do_not_use_the_learners_function(chapter, entry):
    path = ROOT / "book" / f"{chapter}.ipynb"
    cells = json.loads(path.read_text())["cells"]
    name = entry["name"]
    for cell in cells[entry["index"] + 1:]:
        if cell["cell_type"] != "code":
            continue
        source = re.sub(rf"\bcheck\({name}\)", "", _source(cell))
        assert not re.search(rf"\b{name}\b", source), f"a later cell uses {name}: keep using the package there"


def _renamed(func: types.FunctionType, name: str) -> types.FunctionType:
    clone = types.FunctionType(func.__code__, func.__globals__, name, func.__defaults__, func.__closure__)
    clone.__kwdefaults__ = func.__kwdefaults__
    return clone


MISTAKES = [(name, m) for name, exercise in sorted(exercises().items()) for m in exercise.mistakes]


@pytest.mark.parametrize(("name", "mistake"), MISTAKES, ids=[f"{n}-{m.name}" for n, m in MISTAKES])
def test_a_catalogued_mistake_gets_its_hint(name, mistake):
    result = check(_renamed(mistake.func, name))
    assert not result.passed and result.status == "failed"
    assert " ".join(mistake.hint.split()) in result.message, result.message


def test_every_exercise_catalogues_mistakes():
    for name, exercise in exercises().items():
        assert len(exercise.mistakes) >= 2, f"{name}: catalogue at least two plausible mistakes"
        shapes = {repr(case.shape_key) for case in exercise.cases}
        assert len(exercise.cases) >= 2 and len(shapes) >= 2, f"{name}: two inputs of different shapes"


@pytest.mark.parametrize(
    "answer",
    [lambda *a, **k: None, lambda *a, **k: "text", lambda *a, **k: [object()], lambda *a, **k: 1 / 0,
     lambda *a, **k: np.full(3, np.nan)],
    ids=["none", "string", "object", "raises", "nan"],
)
def test_check_never_raises_for_a_wrong_answer(answer):
    for name in list(exercises())[:50]:
        result = check(_renamed(answer, name))
        assert isinstance(result, Result) and not result.passed, name


def test_check_of_an_unknown_function_says_what_it_needs():
    def not_an_exercise(x):
        return x

    result = check(not_an_exercise)
    assert not result.passed and result.status == "unknown" and "practice functions" in result.message
    assert "<div" in result._repr_html_() and "✓" in repr(Result(True, "ok", "passed"))


# ------------------------------------------------------------------------------- mutations


class _Mutator(ast.NodeTransformer):
    """Yields single-point mutants of a function: a changed constant, a swapped operator or
    comparison, a sum for a mean (and back)."""

    SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
             ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Pow: ast.Mult}
    CALLS = {"sum": "mean", "mean": "sum", "max": "min", "min": "max", "argmin": "argmax", "argmax": "argmin"}

    def __init__(self, target: int) -> None:
        self.target, self.seen, self.done = target, -1, False

    def _hit(self) -> bool:
        self.seen += 1
        return self.seen == self.target

    def visit_Constant(self, node):
        if isinstance(node.value, (int, float)) and not isinstance(node.value, bool) and self._hit():
            return ast.copy_location(ast.Constant(node.value + 1 if node.value in (0, 1) else node.value * 2), node)
        return node

    def visit_BinOp(self, node):
        self.generic_visit(node)
        if type(node.op) in self.SWAPS and self._hit():
            node.op = self.SWAPS[type(node.op)]()
        return node

    def visit_Compare(self, node):
        self.generic_visit(node)
        if len(node.ops) == 1 and type(node.ops[0]) in self.SWAPS and self._hit():
            node.ops = [self.SWAPS[type(node.ops[0])]()]
        return node

    def visit_Attribute(self, node):
        self.generic_visit(node)
        if node.attr in self.CALLS and self._hit():
            node.attr = self.CALLS[node.attr]
        return node


def _mutants(source: str, name: str):
    tree = ast.parse(source)
    function = next(node for node in tree.body if isinstance(node, ast.FunctionDef))
    # Leave the docstring alone: mutating it changes nothing.
    body_start = 1 if isinstance(function.body[0], ast.Expr) and isinstance(function.body[0].value, ast.Constant) else 0
    target = 0
    while True:
        mutant = copy.deepcopy(tree)
        mutator = _Mutator(target)
        fn = next(node for node in mutant.body if isinstance(node, ast.FunctionDef))
        fn.body[body_start:] = [mutator.visit(statement) for statement in fn.body[body_start:]]
        if mutator.seen < target:
            return
        text = ast.unparse(ast.fix_missing_locations(mutant))
        if text != ast.unparse(tree):
            yield text
        target += 1


def _caught(chapter: str, entry: dict) -> tuple[int, int]:
    caught = total = 0
    for text in _mutants(entry["solution"], entry["name"]):
        try:
            func = _define(text, entry["name"])
        except Exception:
            continue
        total += 1
        with np.errstate(all="ignore"):
            caught += not check(func).passed
    return caught, total


def test_checks_catch_three_in_four_simple_mutations():
    """Changed constants, swapped operators and comparisons, sum for mean: across the book at
    least 3 in 4 mutants fail their check, and at least half of each exercise's."""
    totals = [0, 0]
    weak = []
    for chapter, entry in ENTRIES:
        if not entry["solution"]:
            continue
        caught, total = _caught(chapter, entry)
        totals[0] += caught
        totals[1] += total
        if total and caught / total < 0.5:
            weak.append(f"{entry['name']}: {caught}/{total}")
    assert totals[1] > 0
    assert totals[0] / totals[1] >= 0.75, f"caught {totals[0]} of {totals[1]} mutants"
    assert not weak, f"exercises whose check misses most mutants: {weak}"
