"""The assignment bundles: every correct variant passes every check, every catalogued mistake
gets its own hint, no held-out mistake gets a wrong cause, and the notebooks call the checks.

Everything runs in-process on plain functions (no kernels, no nbgrader), so it is fast.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from catalogue import ASSIGNMENTS, ROOT, checks, failures, held_out, mistakes, variants


def _params(kind) -> list:
    return [pytest.param(name, entry, id=f"{name}-{entry.func.__name__}") for name in ASSIGNMENTS for entry in kind(name)]


def test_every_assignment_is_a_bundle():
    assert set(ASSIGNMENTS) >= {"gradient_descent", "optimizers", "initialization", "regularization",
                                 "hyperparameter_search", "backpropagation"}
    for name in ASSIGNMENTS:
        folder = ROOT / "solutions" / name
        assert {"checks.py", "mistakes.py", f"{name}.ipynb"} <= {p.name for p in folder.iterdir()}


def test_no_hidden_cases_in_the_package():
    """Hidden cases and references live in the bundles, not in the installed package."""
    assert not (ROOT / "paramcourse" / "grading" / "suites").exists()


@pytest.mark.parametrize(("assignment", "entry"), _params(variants))
def test_correct_variant_passes_every_check(assignment: str, entry):
    assert [str(e) for e in failures(assignment, entry.target, entry.func)] == []


@pytest.mark.parametrize(("assignment", "entry"), _params(mistakes))
def test_catalogued_mistake_gets_its_hint(assignment: str, entry):
    errors = failures(assignment, entry.target, entry.func)
    assert errors, f"{entry.name} passed every check of {entry.target}"
    first = errors[0]
    assert "\n" not in str(first) and "Hint: " in str(first), str(first)
    assert first.cause == entry.name, f"named {first.cause!r}: {first}"
    assert " ".join(entry.hint.split()) in str(first)


@pytest.mark.parametrize(("assignment", "entry"), _params(held_out))
def test_held_out_mistake_gets_no_wrong_cause(assignment: str, entry):
    """Mistakes written apart from the catalogue lose points, and their hints name no cause that
    is not theirs: either what was observed, or a catalogued mistake that is the same mistake."""
    errors = failures(assignment, entry.target, entry.func)
    assert errors, f"{entry.func.__name__} ({entry.cause}) passed every check of {entry.target}"
    for error in errors:
        assert error.cause is None or error.cause in entry.same_as, (
            f"{entry.func.__name__} ({entry.cause}) was told the cause of {error.cause}: {error}"
        )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_catalogue_covers_every_function(assignment: str):
    module = checks(assignment)
    assert len(mistakes(assignment)) >= 8
    for target, names in module.CHECKS.items():
        assert any(c.target == target for c in variants(assignment)), f"no correct variant of {target}"
        assert any(m.target == target for m in mistakes(assignment)), f"no mistake for {target}"
        assert len(names) >= 2, f"{target} must be worth points in two cells"
        for name in names:
            assert callable(getattr(module, name)), name


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_not_implemented_propagates(assignment: str):
    """An untouched released function reports NotImplementedError, not a confusing message."""

    def stub(*args, **kwargs):
        raise NotImplementedError()

    module = checks(assignment)
    for names in module.CHECKS.values():
        for name in names:
            with pytest.raises(NotImplementedError):
                getattr(module, name)(stub)


# ------------------------------------------------------------------------ the notebooks


def _notebook(assignment: str) -> dict:
    return json.loads((ROOT / "solutions" / assignment / f"{assignment}.ipynb").read_text())


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_notebook_test_cells_call_every_check(assignment: str):
    """Each check is called by a graded cell, hidden checks only inside a hidden region, and
    each contract function is worth points in at least two cells."""
    nb = _notebook(assignment)
    module = checks(assignment)
    graded = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade")]
    sources = ["".join(c["source"]) for c in graded]
    for source in sources:
        assert f'load_checks("{assignment}")' in source
    for target, names in module.CHECKS.items():
        cells = {i for name in names for i, s in enumerate(sources) if f"checks.{name}({target})" in s}
        assert len(cells) >= 2, target
        for name in names:
            calls = [s for s in sources if f"checks.{name}({target})" in s]
            assert calls, name
            if name.endswith("_hidden"):
                for s in calls:
                    hidden = s.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
                    assert f"checks.{name}(" in hidden
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


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_notebook_solution_cells_keep_def_and_docstring(assignment: str):
    """The def line and the docstring sit outside the solution region, so they survive release."""
    nb = _notebook(assignment)
    solutions = {c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in nb["cells"]
                 if c["metadata"].get("nbgrader", {}).get("solution")}
    assert set(solutions) == set(checks(assignment).CHECKS)
    for name, source in solutions.items():
        head = source.split("### BEGIN SOLUTION")[0]
        assert head.startswith(f"def {name}(") and '"""' in head, name


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_hidden_checks_are_marked_and_stripped_on_release(assignment: str):
    """Every *_hidden check sits in a hidden region of checks.py, so the released checks lack it."""
    public = (ROOT / "exercises" / assignment / "checks.py").read_text()
    full = (ROOT / "solutions" / assignment / "checks.py").read_text()
    assert "### BEGIN HIDDEN CHECKS" in full and "HIDDEN CHECKS" not in public
    for names in checks(assignment).CHECKS.values():
        for name in names:
            assert (f"def {name}(" in public) == (not name.endswith("_hidden")), name
    assert not (ROOT / "exercises" / assignment / "mistakes.py").exists()
