"""Per-test results of an executed notebook, the hints, and the text and JSON reports.

The decision "this test passed" is taken here, outside the student's kernel: each of the
instructor's test cells is run again in this process (:func:`transcript.replay_test`), its
calls of the student's functions answered from the transcript the kernel recorded. The
kernel's own outcome is used only to explain a test that could not be replayed (the function
was never defined, the cell timed out before calling it, the kernel died). nbgrader's score is
not used either: it zeroes a cell that merely wrote to stderr (a warning from a correct answer
must cost nothing) and reads partial credit from what a cell displays.

A student function that ran out of its time budget in the kernel
(:class:`~paramcourse.grading.transcript.StudentTimeout`) fails every test that calls it, each
with the same hint naming the function.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paramcourse.grading.course import GradeCell
from paramcourse.grading.transcript import (
    MIME,
    ReplayError,
    StudentExit,
    StudentInterrupted,
    StudentTimeout,
    replay_test,
)

__all__ = ["CheckResult", "TestResult", "clip", "evaluate", "failed_everywhere", "format_text", "hint_for", "to_json"]

#: Longest hint reported, in characters: a test's message is for a human, and a
#: flooding notebook must not flood the report.
MAX_HINT_CHARS = 600

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# An IPython traceback frame inside a function: "Cell In[3], line 4, in mse_loss(w, b, X, y)".
_FRAME_FUNCTION = re.compile(r"^Cell In\[\d+\], line \d+, in (\w+)\(", re.MULTILINE)
_NAME_ERROR = re.compile(r"name '(\w+)' is not defined")


@dataclass(frozen=True)
class TestResult:
    """The outcome of one graded test cell."""

    __test__ = False  # a result, not a pytest test class

    name: str
    score: float
    max_score: float
    passed: bool
    hint: str | None = None


@dataclass
class CheckResult:
    """The outcome of grading one notebook.

    ``status`` is ``"graded"`` (the notebook ran; scores are meaningful), ``"timeout"``
    (the whole check hit its time limit), ``"error"`` (the kernel died or nbgrader
    failed: every test scores zero) or ``"ungradable"`` (not a notebook, unknown
    assignment, ...). ``message`` explains any status but ``"graded"``; with ``"graded"`` it may
    note what happened on the way (a kernel that died and was restarted).
    """

    assignment: str
    tests: list[TestResult] = field(default_factory=list)
    status: str = "graded"
    message: str = ""

    @property
    def score(self) -> float:
        """Points earned."""
        return float(sum(test.score for test in self.tests))

    @property
    def max_score(self) -> float:
        """Points available."""
        return float(sum(test.max_score for test in self.tests))

    @property
    def full_marks(self) -> bool:
        """Whether every test passed (and there was at least one)."""
        return self.status == "graded" and bool(self.tests) and all(t.passed for t in self.tests)


def clip(text: str, limit: int = MAX_HINT_CHARS) -> str:
    """Return ``text`` without ANSI colours, cut to ``limit`` characters."""
    text = _ANSI.sub("", text).strip()
    if len(text) <= limit:
        return text
    return text[: limit - 30].rstrip() + f" ... [{len(text) - limit + 30} characters cut]"


def _errors(cell: dict[str, Any]) -> list[dict[str, Any]]:
    outputs = cell.get("outputs") or []
    return [out for out in outputs if isinstance(out, dict) and out.get("output_type") == "error"]


def _innermost_function(error: dict[str, Any]) -> str | None:
    traceback = _ANSI.sub("", "\n".join(str(line) for line in error.get("traceback") or []))
    names = _FRAME_FUNCTION.findall(traceback)
    return names[-1] if names else None


def _earlier_failure(failures: Sequence[tuple[int, dict[str, Any]]], before: int) -> str:
    for index, error in failures:
        if index < before:
            return (
                f" An earlier cell (cell {index + 1}) failed with {error.get('ename')}: "
                f"{clip(str(error.get('evalue', '')), 200)}; fix that cell first."
            )
    return ""


def hint_for(
    error: dict[str, Any],
    *,
    cell_timeout: float | None = None,
    earlier: str = "",
    function: str | None = None,
) -> str:
    """Return the hint for a test cell that raised ``error`` (an nbformat error output).

    An ``AssertionError`` carries the test's own message, which names the likely
    mistake; the other errors get a hint written here. ``function`` names the student's
    function involved when it is known (else it is read from the traceback).
    """
    ename = str(error.get("ename", "Error"))
    evalue = str(error.get("evalue", ""))
    where = function or _innermost_function(error)
    if ename == "AssertionError":
        return clip(evalue) if evalue.strip() else "a check failed (the test gave no message)."
    if ename == "NotImplementedError":
        name = where or "the function this test calls"
        return f"fill in the body of {name}: it still raises NotImplementedError."
    if ename == "NameError":
        match = _NAME_ERROR.search(evalue)
        name = match.group(1) if match else "a name this test uses"
        return clip(
            f"{name} is not defined: keep its def line (name and arguments) as given and make "
            f"sure the cell defining it runs without error.{earlier}"
        )
    if ename == "StudentTimeout":  # a call ran out of its time budget (transcript.invoke)
        return clip(f"{evalue} (an infinite loop or a very slow loop?); the tests that call it score 0.")
    if ename in ("CellTimeoutError", "KeyboardInterrupt"):  # nbgrader interrupts a slow cell
        limit = f" within {cell_timeout:g} s" if cell_timeout else ""
        return (
            f"the test did not finish{limit}: look for an infinite loop or a very slow loop "
            "in the functions it calls."
        )
    if ename == "SyntaxError":
        return clip(f"SyntaxError: {evalue}. Fix the syntax of your code.{earlier}")
    place = f" in {where}" if where else ""
    return clip(f"{ename}{place}: {evalue}")


def _records(cell: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for out in cell.get("outputs") or []:
        data = out.get("data") if isinstance(out, dict) else None
        if isinstance(data, dict) and isinstance(data.get(MIME), dict):
            found.append(data[MIME])
    return found


def _replayed_hint(
    grade: GradeCell,
    cell: dict[str, Any],
    earlier: str,
    folder: Path | None,
    cell_timeout: float | None,
) -> str | None:
    """Replay one test cell; ``None`` when it passes, else the hint."""
    try:
        replay_test(grade.source, _records(cell), folder)
    except AssertionError as error:
        return clip(str(error)) or "a check failed (the test gave no message)."
    except NotImplementedError as error:
        return hint_for({"ename": "NotImplementedError"}, function=getattr(error, "student_function", None))
    except StudentInterrupted:
        return hint_for({"ename": "KeyboardInterrupt"}, cell_timeout=cell_timeout)
    except StudentTimeout as error:
        return hint_for({"ename": "StudentTimeout", "evalue": str(error)})
    except StudentExit as error:
        return (
            f"{error.args[0] if error.args else 'your function'} called sys.exit() (raised SystemExit): "
            "return the result instead of stopping Python."
        )
    except ReplayError as error:
        errors = _errors(cell)
        if errors:  # the kernel tells why the calls were never made
            return hint_for(errors[0], cell_timeout=cell_timeout, earlier=earlier)
        return clip(
            f"the test could not be checked: {error}. Code in the notebook may have replaced parts of "
            "numpy, paramcourse or the test itself; start from a fresh copy of the exercise."
        )
    except Exception as error:  # the instructor's check itself broke on what was returned
        return clip(f"{type(error).__name__} while checking your result: {error}")
    return None


def evaluate(
    expected: Sequence[GradeCell],
    executed: dict[str, Any],
    *,
    cell_timeout: float | None = None,
    transcripts: Path | None = None,
    borrowed: Sequence[str] = (),
) -> list[TestResult]:
    """Score the graded cells of an executed notebook.

    Parameters
    ----------
    expected : sequence of GradeCell
        The instructor's graded cells: what counts, for how many points, and their code.
    executed : dict
        The autograded notebook (JSON): it supplies the transcripts of the test cells.
    cell_timeout : float, optional
        The per-cell limit used, quoted in timeout hints.
    transcripts : Path, optional
        The folder of the transcripts' large arrays.
    borrowed : sequence of str
        Findings of :func:`paramcourse.grading.borrowing.findings`; when there are any, no test
        passes and each says why.

    Returns
    -------
    list of TestResult
        One per expected cell, in the instructor's order. A test cell missing from
        the executed notebook scores zero.
    """
    cells = executed.get("cells") or []
    by_id: dict[str, tuple[int, dict[str, Any]]] = {}
    failures: list[tuple[int, dict[str, Any]]] = []
    expected_names = {cell.name for cell in expected}
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            continue
        grade_id = ((cell.get("metadata") or {}).get("nbgrader") or {}).get("grade_id")
        if grade_id in expected_names and grade_id not in by_id:
            by_id[grade_id] = (index, cell)
        elif _errors(cell):
            failures.append((index, _errors(cell)[0]))
    borrowed_hint = None
    if borrowed:
        shown = "; ".join(borrowed[:3]) + (f"; and {len(borrowed) - 3} more" if len(borrowed) > 3 else "")
        borrowed_hint = clip(
            f"the notebook uses the course's own code or interpreter internals ({shown}). Graded "
            "functions must be your own NumPy implementation: remove these lines and check again."
        )
    results = []
    for grade in expected:
        if grade.name not in by_id:
            results.append(
                TestResult(
                    grade.name, 0.0, grade.max_score, False,
                    "this test cell is missing from the notebook (deleted, or its nbgrader metadata "
                    "removed): start from a fresh copy of the exercise and paste your functions in.",
                )
            )
            continue
        index, cell = by_id[grade.name]
        hint = _replayed_hint(grade, cell, _earlier_failure(failures, index), transcripts, cell_timeout)
        if borrowed_hint is not None:  # the cause of every failure too: say it, not its symptoms
            hint = borrowed_hint
        if hint is None:
            results.append(TestResult(grade.name, grade.max_score, grade.max_score, True, None))
        else:
            results.append(TestResult(grade.name, 0.0, grade.max_score, False, hint))
    return results


def failed_everywhere(expected: Sequence[GradeCell], assignment: str, status: str, message: str) -> CheckResult:
    """Return a result in which every test scores zero with ``message`` as hint."""
    tests = [TestResult(cell.name, 0.0, cell.max_score, False, message) for cell in expected]
    return CheckResult(assignment, tests, status=status, message=message)


def _points(value: float) -> str:
    return f"{value:g}"


def to_json(result: CheckResult) -> str:
    """Return the report as the JSON object documented in design.md."""
    payload = {
        "assignment": result.assignment,
        "score": result.score,
        "max_score": result.max_score,
        "tests": [
            {
                "name": test.name,
                "score": test.score,
                "max_score": test.max_score,
                "passed": test.passed,
                "hint": test.hint,
            }
            for test in result.tests
        ],
    }
    return json.dumps(payload, indent=2)


def format_text(result: CheckResult) -> str:
    """Return the human-readable report: one line per test, hints under failures."""
    width = max((len(test.name) for test in result.tests), default=0)
    lines = [f"{result.assignment}: {_points(result.score)} / {_points(result.max_score)} points"]
    if result.status != "graded":
        lines.append(f"  ({result.status}) {result.message}")
    elif result.message:
        lines.append(f"  Note: {result.message}.")
    for test in result.tests:
        mark = "PASS" if test.passed else "FAIL"
        lines.append(
            f"  [{mark}] {test.name:<{width}}  {_points(test.score)} / {_points(test.max_score)}"
        )
        if test.hint and result.status == "graded":
            lines.append(f"         -> {test.hint}")
    if result.full_marks:
        lines.append("Full marks. Well done!")
    else:
        lines.append("Fix the first failing test, save the notebook, and check again.")
    return "\n".join(lines)
