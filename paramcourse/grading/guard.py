"""Keep the course's files as they were while student code runs.

A notebook is graded in a temporary copy of the course, but its kernel runs with the grader's
rights and could still write to the real course by absolute path: edit a solution, delete an
exercise, patch the package's checks. :class:`CourseGuard` takes a snapshot of the files that
matter (contents included) before grading; :meth:`CourseGuard.restore` compares them after a
submission ran, puts back every changed or deleted file, removes added ones, and returns what it
found, so that the submission can be reported (and given no marks).

Guarded: ``solutions/``, ``exercises/``, ``nbgrader_config.py`` and the ``paramcourse`` package
source the grader itself runs from. Byte-code caches and checkpoints are ignored (Python and
Jupyter write them on their own).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

__all__ = ["CourseGuard"]

_IGNORED_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}
_MAX_SNAPSHOT_BYTES = 200_000_000


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _IGNORED_PARTS]
        found += [Path(folder) / name for name in names if not name.endswith((".pyc", ".pyo"))]
    return found


class CourseGuard:
    """A snapshot of the course's files that can tell and undo what a submission changed."""

    def __init__(self, course: Path, package: Path | None = None) -> None:
        if package is None:
            package = Path(__file__).resolve().parents[1]
        self.roots = [course / "solutions", course / "exercises", course / "nbgrader_config.py", package]
        self.saved: dict[Path, bytes] = {}
        total = 0
        for root in self.roots:
            for path in _files(root):
                data = path.read_bytes()
                total += len(data)
                if total > _MAX_SNAPSHOT_BYTES:
                    raise RuntimeError(f"the course under {course} is too large to guard (over 200 MB)")
                self.saved[path] = data
        self.digests = {path: hashlib.sha256(data).digest() for path, data in self.saved.items()}
        self._lock = threading.Lock()  # class grading restores from several threads
        #: ``time.monotonic()`` of every restore that found a change (class grading looks for
        #: the submissions that were running then).
        self.seen: list[float] = []

    def changes(self) -> list[str]:
        """What differs from the snapshot, as ``"changed PATH"``, ``"deleted PATH"``, ``"added PATH"``."""
        found = []
        now = {path for root in self.roots for path in _files(root)}
        for path, digest in self.digests.items():
            if path not in now:
                found.append(f"deleted {path}")
            elif hashlib.sha256(path.read_bytes()).digest() != digest:
                found.append(f"changed {path}")
        found += [f"added {path}" for path in sorted(now - set(self.digests))]
        return found

    def restore(self) -> list[str]:
        """Undo every change since the snapshot; return what was found (empty: nothing)."""
        with self._lock:
            found = self._restore()
            if found:
                self.seen.append(time.monotonic())
            return found

    def _restore(self) -> list[str]:
        found = self.changes()
        for entry in found:
            kind, _, name = entry.partition(" ")
            path = Path(name)
            if kind == "added":
                try:
                    path.unlink()
                except IsADirectoryError:
                    pass
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                try:
                    path.chmod(0o644)
                except OSError:
                    pass
                path.write_bytes(self.saved[path])
        return found
