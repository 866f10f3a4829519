"""What the grading tests know about the assignments: the bundles under ``solutions/``, their
checks and mistakes, the correct variants (``tests/variants/``) and the held-out mistakes
(``tests/heldout/``). Imported by the test modules; not a test module itself."""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from paramcourse.grading.bundle import load_module

ROOT = Path(__file__).resolve().parents[1]
#: The assignments: every folder of solutions/ with a checks.py (no registry).
ASSIGNMENTS = sorted(p.parent.name for p in (ROOT / "solutions").glob("*/checks.py"))


def checks(assignment: str) -> ModuleType:
    """The full checks module of a bundle."""
    return load_module(ROOT / "solutions" / assignment / "checks.py", "checks")


def mistakes(assignment: str) -> list:
    """The bundle's catalogued mistakes (what the diagnosis uses)."""
    return list(checks(assignment).MISTAKES)


def variants(assignment: str) -> list:
    """The correct variants of ``tests/variants/<assignment>.py``."""
    return list(importlib.import_module(f"variants.{assignment}").CORRECT)


def held_out(assignment: str) -> list:
    """The held-out mistakes of ``tests/heldout/<assignment>.py`` (empty when there is none)."""
    try:
        return list(importlib.import_module(f"heldout.{assignment}").HELD_OUT)
    except ModuleNotFoundError:
        return []


def failures(assignment: str, target: str, func: Callable) -> list[AssertionError]:
    """Run every check of ``target`` against ``func``; the errors of those that fail, in order."""
    module = checks(assignment)
    found = []
    for name in module.CHECKS[target]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a wrong answer may overflow; the check reports it
            try:
                getattr(module, name)(func)
            except AssertionError as error:
                found.append(error)
    return found
