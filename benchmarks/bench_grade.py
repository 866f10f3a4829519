"""Throughput of ``paramcourse grade`` with two jobs against one.

Builds a class folder of 20 submissions of one assignment (alternately the solution
and the released exercise, so that passing and failing tests both occur), grades it
with ``--jobs 1`` and with ``--jobs 2`` as commands in fresh processes, and prints
the times, the throughputs and their ratio (target: at least 1.8 on two cores).

The ratio can only approach 2 when both cores are free: the CPU seconds each run
used (its whole process tree) and the load average before each run are printed
too, so that a figure taken on a busy machine can be told apart from a slow grader.

Usage::

    python benchmarks/bench_grade.py [--students 20] [--jobs 2] [--assignment gradient_descent]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _grade(folder: Path, name: str, jobs: int, out: Path) -> tuple[float, float, float]:
    command = [
        sys.executable, "-m", "paramcourse.cli", "grade", str(folder),
        "--assignment", name, "--jobs", str(jobs), "--out", str(out), "--quiet",
    ]
    load = os.getloadavg()[0]
    cpu, started = _children_cpu(), time.perf_counter()
    completed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    elapsed, cpu = time.perf_counter() - started, _children_cpu() - cpu
    if completed.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{completed.stderr[-2000:]}")
    return elapsed, cpu, load


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
    for label, (wall, cpu, load) in (("--jobs 1", one), (f"--jobs {args.jobs}", many)):
        print(
            f"{label}: {wall:.1f} s  ({n / wall:.2f} notebooks/s)  CPU {cpu:.1f} s "
            f"({cpu / n:.2f} s per notebook)  load average before: {load:.2f}"
        )
    print(f"throughput ratio: {one[0] / many[0]:.2f}  (target >= 1.8)   identical CSVs: {same}")


if __name__ == "__main__":
    main()
