"""How a submitted notebook's kernel starts and runs (paramcourse.grading.kernel).

The grading tests (test_grading_runner, test_grading_hostile) run real kernels through the whole
grader; here :class:`GuardedExecute` runs alone on a small notebook, with kernel specs that die
while they start, to check that such a start is tried again (a machine fault, not the notebook's)
and that a kernel that never starts still ends the run with the error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from paramcourse.grading.kernel import KERNEL_STARTS, guarded_execute_class, write_kernelspec
from paramcourse.grading.runner import _classify_failure

pytestmark = pytest.mark.slow  # real kernels

# Dies (exit status 1, before it could answer) on its first ``deaths`` starts, then execs ipykernel.
FLAKY_LAUNCHER = """\
import os, sys
from pathlib import Path
starts = Path({starts!r})
starts.write_text(starts.read_text() + "x" if starts.exists() else "x")
if len(starts.read_text()) <= {deaths}:
    sys.exit(1)
os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", sys.argv[1]])
"""


def _flaky_kernel(root: Path, deaths: int) -> Path:
    """A kernel spec ``flaky`` under ``root`` (a JUPYTER_PATH entry); returns the file counting starts."""
    starts = root / "starts"
    launcher = root / "launcher.py"
    launcher.write_text(FLAKY_LAUNCHER.format(starts=str(starts), deaths=deaths), encoding="utf-8")
    spec = root / "kernels" / "flaky"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(launcher), "{connection_file}"], "display_name": "flaky", "language": "python",
    }), encoding="utf-8")
    return starts


def _notebook(kernel: str) -> nbformat.NotebookNode:
    notebook = new_notebook(cells=[new_code_cell("x = 21"), new_code_cell("print(2 * x)")])
    notebook.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "python"}
    return notebook


def _execute(notebook: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    executor = guarded_execute_class()(timeout=60, startup_timeout=60)
    executed, _ = executor.preprocess(notebook, {"metadata": {"path": str(folder)}})
    return executed


def _printed(cell: nbformat.NotebookNode) -> str:
    return "".join(output.get("text", "") for output in cell.outputs if output.output_type == "stream")


def test_a_kernel_that_dies_while_starting_is_started_again(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    starts = _flaky_kernel(tmp_path, deaths=KERNEL_STARTS - 1)
    executed = _execute(_notebook("flaky"), tmp_path)
    assert len(starts.read_text()) == KERNEL_STARTS  # every death but the last try was survived
    assert _printed(executed.cells[1]) == "42\n"
    assert not any(output.output_type == "error" for cell in executed.cells for output in cell.outputs)


def test_a_kernel_that_never_starts_ends_the_run_after_a_bounded_number_of_tries(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    starts = _flaky_kernel(tmp_path, deaths=100)
    with pytest.raises(RuntimeError, match="[Kk]ernel died") as raised:
        _execute(_notebook("flaky"), tmp_path)
    assert len(starts.read_text()) == KERNEL_STARTS
    # The worker reads nbgrader's log of that error; the report says what happened, not a traceback.
    outcome = _classify_failure(f"[ERROR] while executing\nRuntimeError: {raised.value}\n")
    assert outcome["status"] == "error"
    assert f"stopped {KERNEL_STARTS} times while starting" in outcome["message"]


def test_the_written_kernel_spec_runs_a_notebook(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(write_kernelspec(tmp_path / "jupyter").parents[1]))
    executed = _execute(_notebook("python3"), tmp_path)
    assert _printed(executed.cells[1]) == "42\n"
    spec = json.loads((tmp_path / "jupyter" / "kernels" / "python3" / "kernel.json").read_text(encoding="utf-8"))
    assert spec["argv"][1:3] == ["-m", "paramcourse.grading.kernel"]
