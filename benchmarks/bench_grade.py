"""Throughput of ``paramcourse grade`` with two jobs against one.

Builds a class folder of 20 submissions of one assignment (alternately the solution
and the released exercise, so that passing and failing tests both occur), grades it
with ``--jobs 1`` and with ``--jobs 2`` as commands in fresh processes, and prints
the times, the throughputs and their ratio (target: at least 1.8 on two cores).

Usage::

    python benchmarks/bench_grade.py [--students 20] [--jobs 2] [--assignment gradient_descent]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _grade(folder: Path, name: str, jobs: int, out: Path) -> float:
    command = [
        sys.executable, "-m", "paramcourse.cli", "grade", str(folder),
        "--assignment", name, "--jobs", str(jobs), "--out", str(out), "--quiet",
    ]
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{completed.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--assignment", default="gradient_descent")
    args = parser.parse_args()
    name = args.assignment
    sources = [REPO / "solutions" / name / f"{name}.ipynb", REPO / "exercises" / name / f"{name}.ipynb"]
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        folder = Path(tmp) / "submissions"
        for index in range(args.students):
            student = folder / f"student{index:02d}"
            student.mkdir(parents=True)
            shutil.copy(sources[index % 2], student / f"{name}.ipynb")
        one = _grade(folder, name, 1, Path(tmp) / "one.csv")
        many = _grade(folder, name, args.jobs, Path(tmp) / "many.csv")
        same = (Path(tmp) / "one.csv").read_bytes() == (Path(tmp) / "many.csv").read_bytes()
    n = args.students
    print(f"{n} submissions of {name}, cpus: {os.cpu_count()}")
    print(f"--jobs 1: {one:.1f} s  ({n / one:.2f} notebooks/s)")
    print(f"--jobs {args.jobs}: {many:.1f} s  ({n / many:.2f} notebooks/s)")
    print(f"throughput ratio: {one / many:.2f}  (target >= 1.8)   identical CSVs: {same}")


if __name__ == "__main__":
    main()
