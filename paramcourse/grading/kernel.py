"""How a submitted notebook runs: a kernel with a memory cap, capped outputs, and a restart when
the kernel dies.

* :func:`write_kernelspec` puts a ``python3`` kernel spec into the temporary course, found
  first through ``JUPYTER_PATH``: it starts ``python -m paramcourse.grading.kernel`` (this
  module), which caps the kernel's address space (``RLIMIT_AS``) before IPython starts, so a
  notebook that allocates too much gets a ``MemoryError`` in the cell that did it.
* :class:`GuardedExecute` replaces nbgrader's ``Execute`` preprocessor in the worker. It keeps
  at most :data:`MAX_OUTPUT_CHARS` characters of output per cell (and, apart,
  :data:`MAX_RECORD_CHARS` of the transcript records of :mod:`.transcript`), and when the
  kernel dies (``os._exit``, a crash, a kill) it marks that cell with an error, starts a new
  kernel, re-runs the notebook's non-test cells before it to restore the definitions, and goes
  on with the next cell: the tests before and after the fatal cell are graded. After :data:`MAX_RESTARTS` deaths the
  remaining cells are marked as not run. (``exit()`` does not end a grading kernel at all.) A cell
  that does not stop when interrupted at its time limit is handled the same way: the backstop for
  code that also ignored or swallowed the time budget of its calls (:mod:`.transcript`).
  A kernel that dies while it starts, before any cell ran, is started again (at most
  :data:`KERNEL_STARTS` tries): that is the machine's doing, not the notebook's (on a busy
  machine two kernels started at once can be handed the same free port).
"""

from __future__ import annotations

import copy
import functools
import json
import os
import resource
import sys
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_MEMORY_MB", "KERNEL_STARTS", "MAX_OUTPUT_CHARS", "MAX_RECORD_CHARS", "MAX_RESTARTS", "MEMORY_ENV",
    "guarded_execute_class", "write_kernelspec",
]

#: Address-space limit of a grading kernel, in MiB (NumPy, IPython and the student's arrays).
DEFAULT_MEMORY_MB = 4096
#: Environment variable that carries the limit to the kernel (0 or unset: no limit).
MEMORY_ENV = "PARAMCOURSE_KERNEL_MEMORY_MB"
#: Characters of output kept per cell; the rest is replaced by one line saying so.
MAX_OUTPUT_CHARS = 100_000
#: Characters of transcript records kept per cell (large arrays travel in files instead).
MAX_RECORD_CHARS = 20_000_000
#: Kernel deaths survived per notebook.
MAX_RESTARTS = 3
#: Tries to start a kernel that answers (each start of the notebook's kernels, restarts included).
KERNEL_STARTS = 3


def write_kernelspec(folder: Path) -> Path:
    """Write a ``kernels/python3/kernel.json`` under ``folder`` (a ``JUPYTER_PATH`` entry)."""
    spec = {
        "argv": [sys.executable, "-m", "paramcourse.grading.kernel", "-f", "{connection_file}"],
        "display_name": "Python 3 (graded)",
        "language": "python",
        "metadata": {"debugger": False},
    }
    target = folder / "kernels" / "python3"
    target.mkdir(parents=True, exist_ok=True)
    (target / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return target


def _limit_memory() -> None:
    megabytes = int(os.environ.get(MEMORY_ENV) or 0)
    if megabytes > 0:
        limit = megabytes * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _guarded_execute_class() -> type:
    """Build the preprocessor class (nbgrader is imported only in the worker)."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbformat.v4 import new_output
    from nbgrader.preprocessors import Execute
    from nbclient import NotebookClient

    from paramcourse.grading.transcript import MIME

    def is_test(cell: Any) -> bool:
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        return bool(meta.get("grade")) and not meta.get("solution")

    def died(cell: Any, text: str, ename: str = "DeadKernelError") -> None:
        cell.setdefault("outputs", []).append(new_output("error", ename=ename, evalue=text, traceback=[f"{ename}: {text}"]))

    class GuardedExecute(Execute):
        """nbgrader's Execute with capped outputs and restarts after a dead kernel."""

        def output(self, outs, msg, display_id, cell_index):  # noqa: D102 (nbclient's hook)
            out = super().output(outs, msg, display_id, cell_index)
            if out is None:
                return out
            # Transcript records have their own, larger allowance: the verdict needs them,
            # and a cell that floods them (forged records) must not exhaust the grader either.
            record = MIME in (out.get("data") or {})
            key, limit = ((cell_index, "records"), MAX_RECORD_CHARS) if record else (cell_index, MAX_OUTPUT_CHARS)
            used = self._output_chars.get(key, 0)
            size = len(json.dumps(out, default=str))
            self._output_chars[key] = used + size
            if used + size <= limit:
                return out
            outs.remove(out)
            if used <= limit:
                self._output_chars[key] = limit + 1
                what = "test records" if record else "output"
                outs.append(new_output(
                    "stream", name="stdout",
                    text=f"\n[paramcourse: {what} beyond {limit:,} characters dropped]\n",
                ))
            return None

        def preprocess(self, nb, resources=None, km=None):
            NotebookClient.__init__(self, nb, km)
            self.reset_execution_trackers()
            self._check_assign_resources(resources)
            self._output_chars: dict[int, int] = {}
            cells = self.nb.cells
            fatal: set[int] = set()
            start = 0
            while start < len(cells):
                self._start_kernel()
                with self.setup_kernel():
                    info = self.wait_for_reply(self.kc.kernel_info())
                    self.nb.metadata["language_info"] = info["content"]["language_info"]
                    index, rebuilding = start, bool(start)
                    try:
                        if rebuilding:
                            self._rebuild(cells[:start], fatal)
                            rebuilding = False
                        for index in range(start, len(cells)):
                            self.preprocess_cell(cells[index], resources, index)
                        start = len(cells)
                    except (DeadKernelError, CellTimeoutError) as error:
                        # A cell that ignores the interrupt after its time limit is as good as a
                        # dead kernel: leaving the block shuts the kernel down, and a new one goes on.
                        if not rebuilding:  # else _rebuild noted the cell; try again without it
                            fatal.add(index)
                            if isinstance(error, CellTimeoutError):
                                died(cells[index], f"the cell did not stop when interrupted after {self.timeout} s; "
                                     "the kernel was restarted for the cells after it", ename="CellTimeoutError")
                            else:
                                died(cells[index], "the kernel died while running this cell (os._exit, a crash, "
                                     "a signal or too much memory); it was restarted for the cells after it")
                            start = index + 1
                if len(fatal) > MAX_RESTARTS and start < len(cells):
                    for cell in cells[start:]:
                        if cell.cell_type == "code":
                            died(cell, f"not run: the kernel died {len(fatal)} times in this notebook")
                    break
            self.set_widgets_metadata()
            return self.nb, self.resources

        def _start_kernel(self) -> None:
            """Start a kernel and its client; try again when the kernel dies before it answers.

            jupyter_client raises RuntimeError ("Kernel died before replying to kernel_info",
            "Kernel didn't respond in N seconds") and has cleaned up by then; no cell has run
            in that kernel, so the failure is not the notebook's. A start that fails every
            time (say, a startup file a previous cell planted) still ends the grading.
            """
            for attempt in range(1, KERNEL_STARTS + 1):
                try:
                    if self.km is None:
                        self.km = self.create_kernel_manager()
                    self.start_new_kernel()
                    self.start_new_kernel_client()
                    return
                except RuntimeError as error:
                    if self.km is not None:  # the client's own clean-up did not run
                        self._cleanup_kernel()
                    self.km = self.kc = None  # a fresh manager, with fresh ports, for the next try
                    if attempt == KERNEL_STARTS:
                        raise
                    self.log.warning("kernel start %d of %d failed (%s); starting another", attempt,
                                     KERNEL_STARTS, error)

        def _rebuild(self, before, fatal) -> None:
            """Re-run the non-test cells before the restart point on copies (outputs dropped)."""
            budget = dict(self._output_chars)
            for index, cell in enumerate(before):
                if cell.cell_type != "code" or index in fatal or is_test(cell):
                    continue
                try:
                    self.execute_cell(copy.deepcopy(cell), index, store_history=False)
                except (DeadKernelError, CellTimeoutError):
                    fatal.add(index)
                    raise
            self._output_chars = budget

    return GuardedExecute


@functools.cache
def guarded_execute_class() -> type:
    """The :class:`GuardedExecute` preprocessor class, built once per worker."""
    return _guarded_execute_class()


if __name__ == "__main__":
    _limit_memory()
    from ipykernel.kernelapp import launch_new_instance
    from ipykernel.zmqshell import ZMQInteractiveShell

    # exit() and quit() in a cell would end the kernel once the cell finishes, so that the
    # *next* cell takes the blame; a grading kernel keeps running instead.
    ZMQInteractiveShell.ask_exit = lambda self: print("(exit() is ignored while the notebook is graded)")

    sys.exit(launch_new_instance())
