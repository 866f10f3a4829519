"""The assignment checks judge behaviour: every correct variant passes every check, every
catalogued mistake fails with a hint that names it, and the strict converters refuse forgeries.

Everything runs in-process on plain functions (no kernels, no nbgrader), so it is fast.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import numpy as np
import pytest

from paramcourse.grading import compare
from paramcourse.grading.suites import ASSIGNMENTS, load

ROOT = Path(__file__).resolve().parents[1]
# tests/ may or may not be a package; the catalogue is importable either way.
_CATALOGUE = f"{__package__}.mistakes" if __package__ else "mistakes"
_entries = importlib.import_module(_CATALOGUE)
Correct, Mistake = _entries.Correct, _entries.Mistake


def _catalogue(assignment: str):
    module = importlib.import_module(f"{_CATALOGUE}.{assignment}")
    return module.CORRECT, module.MISTAKES


def _available() -> list[str]:
    """Assignments whose suite and catalogue both exist (all five once the work is complete)."""
    names = []
    for name in ASSIGNMENTS:
        try:
            load(name)
            importlib.import_module(f"{_CATALOGUE}.{name}")
        except ModuleNotFoundError:
            continue
        names.append(name)
    return names


AVAILABLE = _available()


def _cases(kind: type) -> list:
    params = []
    for name in AVAILABLE:
        correct, mistakes = _catalogue(name)
        for entry in correct if kind is Correct else mistakes:
            params.append(pytest.param(name, entry, id=f"{name}-{entry.func.__name__}"))
    return params


def _failures(assignment: str, target: str, func) -> list[str]:
    """Run every check of ``target`` against ``func``; the messages of those that fail."""
    suite = load(assignment)
    messages = []
    for check in suite.CHECKS[target]:
        try:
            check(func)
        except AssertionError as error:
            messages.append(str(error))
    return messages


def test_all_five_assignments_have_suites_and_catalogues():
    assert AVAILABLE == list(ASSIGNMENTS)


@pytest.mark.parametrize(("assignment", "entry"), _cases(Correct))
def test_correct_variant_passes_every_check(assignment: str, entry: Correct):
    assert _failures(assignment, entry.target, entry.func) == []


@pytest.mark.parametrize(("assignment", "entry"), _cases(Mistake))
def test_mistake_is_caught_with_its_hint(assignment: str, entry: Mistake):
    messages = _failures(assignment, entry.target, entry.func)
    assert messages, f"{entry.func.__name__} passed every check of {entry.target}"
    first = messages[0]
    assert "\n" not in first and "Hint: " in first, first
    assert entry.keyword.lower() in first.lower(), first


@pytest.mark.parametrize("assignment", AVAILABLE)
def test_catalogue_is_large_enough(assignment: str):
    correct, mistakes = _catalogue(assignment)
    assert len(mistakes) >= 8
    suite = load(assignment)
    for target in suite.CHECKS:
        assert any(c.target == target for c in correct), f"no correct variant of {target}"
        assert any(m.target == target for m in mistakes), f"no mistake for {target}"
        assert len(suite.CHECKS[target]) >= 2, f"{target} must be worth points in two cells"


@pytest.mark.parametrize("assignment", AVAILABLE)
def test_not_implemented_propagates(assignment: str):
    """An untouched released function reports NotImplementedError, not a confusing message."""

    def stub(*args, **kwargs):
        raise NotImplementedError()

    suite = load(assignment)
    for checks in suite.CHECKS.values():
        for check in checks:
            with pytest.raises(NotImplementedError):
                check(stub)


# ------------------------------------------------------------------------ the notebooks


def _notebook(assignment: str) -> dict:
    path = ROOT / "solutions" / assignment / f"{assignment}.ipynb"
    if not path.exists():
        pytest.skip(f"{path} not written yet")
    return json.loads(path.read_text())


@pytest.mark.parametrize("assignment", AVAILABLE)
def test_notebook_test_cells_call_every_check(assignment: str):
    """Each check is called by a graded cell, hidden checks only inside a hidden region, and
    each contract function is worth points in at least two cells."""
    nb = _notebook(assignment)
    suite = load(assignment)
    graded = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade")]
    sources = ["".join(c["source"]) for c in graded]
    for target, checks in suite.CHECKS.items():
        cells = {i for check in checks for i, s in enumerate(sources) if f"suite.{check.__name__}({target})" in s}
        assert len(cells) >= 2, target
        for check in checks:
            calls = [s for s in sources if f"suite.{check.__name__}({target})" in s]
            assert calls, check.__name__
            if check.__name__.endswith("_hidden"):
                for s in calls:
                    hidden = s.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
                    assert f"suite.{check.__name__}(" in hidden
    for cell in graded:
        meta = cell["metadata"]["nbgrader"]
        assert meta["locked"] and not meta["solution"] and meta["points"] > 0
        assert meta["grade_id"].startswith("test_")
    ids = [c["metadata"]["nbgrader"]["grade_id"] for c in nb["cells"] if "nbgrader" in c["metadata"]]
    assert len(ids) == len(set(ids))
    last = nb["cells"][-1]
    assert "self_check(" in "".join(last["source"]) and f"{assignment}.ipynb" in "".join(last["source"])
    for cell in nb["cells"]:
        assert cell.get("outputs", []) == [] and cell.get("execution_count") is None


@pytest.mark.parametrize("assignment", AVAILABLE)
def test_notebook_solution_cells_keep_def_and_docstring(assignment: str):
    """The def line and the docstring sit outside the solution region, so they survive release."""
    nb = _notebook(assignment)
    suite = load(assignment)
    solutions = {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in nb["cells"]
                 if c["metadata"].get("nbgrader", {}).get("solution")}
    assert set(solutions) == set(suite.CHECKS)
    for name, source in solutions.items():
        head = source.split("### BEGIN SOLUTION")[0]
        assert head.startswith(f"def {name}(") and '"""' in head, name


WITH_EXAMPLES = [a for a in AVAILABLE if hasattr(load(a), "notebook_example_names")]


def test_assignments_with_regression_data_share_their_example():
    assert {"gradient_descent", "regularization"} <= set(WITH_EXAMPLES)


@pytest.mark.parametrize("assignment", WITH_EXAMPLES)
def test_notebook_example_matches_suite(assignment: str):
    """The example data printed in the notebook are the data the visible checks use."""
    suite = load(assignment)
    nb = _notebook(assignment)
    setup = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "setup")
    namespace: dict = {}
    exec("".join(setup["source"]), namespace)
    for name, value in suite.notebook_example_names().items():
        np.testing.assert_array_equal(namespace[name], value, err_msg=name)


# ------------------------------------------------------------------ strict converters


class AlwaysEqual:
    """A forged result: equal to everything, convertible to any float."""

    def __eq__(self, other):
        return True

    def __float__(self):
        return 1.0

    def __array__(self, dtype=None, copy=None):
        return np.array(1.0)


class LyingFloat(float):
    """A float subclass that claims to equal everything."""

    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


@pytest.mark.parametrize(
    "value",
    [AlwaysEqual(), True, np.bool_(False), "1.0", 1 + 0j, LyingFloat(2.0), None, [1.0], np.array([1.0]),
     np.array(1.0, dtype=object)],
    ids=["always-equal", "bool", "numpy-bool", "string", "complex", "float-subclass", "none", "list",
         "one-element-array", "object-0d"],
)
def test_to_float_rejects_non_numbers(value):
    with pytest.raises(AssertionError, match="Hint: "):
        compare.to_float(value, "the loss")


@pytest.mark.parametrize("value", [3, 2.5, np.float32(1.5), np.int64(-2), np.array(0.25), np.float64(7.0)])
def test_to_float_accepts_real_scalars(value):
    out = compare.to_float(value, "x")
    assert type(out) is float and out == float(value)


@pytest.mark.parametrize(
    "value",
    [AlwaysEqual(), np.array([AlwaysEqual(), 1.0], dtype=object), np.array([True, False]), "abc",
     [1.0, "2"], [AlwaysEqual()], np.array(["a"]), np.array([1 + 1j]), [[1.0], [1.0, 2.0]],
     np.ma.masked_array([1.0, 2.0])],
    ids=["always-equal", "object-array", "bool-array", "string", "list-with-string", "list-with-object",
         "string-array", "complex-array", "ragged", "ndarray-subclass"],
)
def test_to_array_rejects_non_numeric(value):
    with pytest.raises(AssertionError, match="Hint: "):
        compare.to_array(value, "grad_w")


def test_to_array_returns_fresh_float_copy_and_checks_shape():
    source = np.array([1, 2, 3])
    out = compare.to_array(source, "w", (3,))
    assert out.dtype == np.float64 and out is not source and not np.shares_memory(out, source)
    assert compare.to_array([np.float32(1.0), 2, 3.5], "w", (3,)).tolist() == [1.0, 2.0, 3.5]
    with pytest.raises(AssertionError, match=r"shape \(3,\).*got shape \(3, 1\)"):
        compare.to_array(np.ones((3, 1)), "w", (3,))
    with pytest.raises(AssertionError, match="transposed"):
        compare.to_array(np.ones((2, 3)), "W", (3, 2))


def test_to_index_array_rejects_floats_and_objects():
    assert compare.to_index_array([np.int64(1), 2], "idx").tolist() == [1, 2]
    for bad in ([1.0, 2.0], np.array([0.0, 1.0]), [AlwaysEqual()], [True]):
        with pytest.raises(AssertionError, match="Hint: "):
            compare.to_index_array(bad, "idx")


def test_assert_close_message_is_one_paragraph_with_hint():
    with pytest.raises(AssertionError) as info:
        compare.assert_close(np.array([1.0, 2.0]), np.array([1.0, 3.0]), "grad_w", "check\nthe formula.")
    text = str(info.value)
    assert "\n" not in text and "expected [1., 3.]" in text and "Hint: check the formula." in text
    compare.assert_close(1.0 + 1e-12, 1.0, "x", "never shown")


def test_diagnose_picks_matching_variant():
    hint = compare.diagnose(2.0, [(1.0, "a"), (2.0, "b")], "default")
    assert hint == "b"
    assert compare.diagnose(5.0, [(1.0, "a")], "default") == "default"


def test_call_wraps_errors_but_not_not_implemented():
    def broken(x):
        raise ValueError("shapes (3,) and (2,)\nnot aligned")

    with pytest.raises(AssertionError, match=r"raised ValueError: shapes \(3,\) and \(2,\) not aligned"):
        compare.call(broken, 1, what="f(x)")

    def todo(x):
        raise NotImplementedError()

    with pytest.raises(NotImplementedError):
        compare.call(todo, 1, what="f(x)")


def test_call_lets_check_failures_through():
    """A check failing inside an instrumented callable keeps its own message."""

    def instrumented():
        compare.fail("score was called with positional arguments.", "use score(**params).")

    def student(callback):
        return callback()

    with pytest.raises(AssertionError) as info:
        compare.call(student, instrumented, what="grid_search(score, grid)")
    assert type(info.value) is AssertionError
    assert str(info.value) == "score was called with positional arguments. Hint: use score(**params)."
