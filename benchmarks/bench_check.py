"""Time ``paramcourse check`` against plain ``nbgrader autograde`` of the same notebook.

Both are timed as a user runs them, as commands in a fresh process, in the same run,
alternating so that machine load affects both alike. The plain run uses a course
directory prepared once (``nbgrader generate_assignment`` done, not timed); the check
builds its temporary course itself every time, which is the overhead measured.

Usage::

    python benchmarks/bench_check.py [--repeat 5] [--assignment gradient_descent]

Prints the median seconds of each and their ratio (target: at most 1.3).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if completed.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({completed.returncode}):\n{completed.stderr[-2000:]}")
    return elapsed


def _prepare_plain_course(root: Path, name: str, notebook: Path, env: dict[str, str]) -> None:
    shutil.copytree(REPO / "solutions" / name, root / "source" / name)
    (root / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force"],
        cwd=root, env=env, check=True, capture_output=True,
    )
    submitted = root / "submitted" / "student" / name
    submitted.mkdir(parents=True)
    shutil.copy(notebook, submitted / f"{name}.ipynb")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--assignment", default="gradient_descent")
    args = parser.parse_args()
    name = args.assignment
    notebook = REPO / "solutions" / name / f"{name}.ipynb"
    # The self-check cell must not start a nested check in either run.
    env = dict(os.environ, PARAMCOURSE_GRADING="1")
    check_env = {k: v for k, v in os.environ.items() if k != "PARAMCOURSE_GRADING"}
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        course = Path(tmp)
        _prepare_plain_course(course, name, notebook, env)
        plain_cmd = [sys.executable, "-m", "nbgrader", "autograde", name, "--student", "student", "--force"]
        check_cmd = [sys.executable, "-m", "paramcourse.cli", "check", str(notebook)]
        _timed(plain_cmd, course, env)  # warm the file cache for both
        _timed(check_cmd, REPO, check_env)
        plain, check = [], []
        for _ in range(args.repeat):
            plain.append(_timed(plain_cmd, course, env))
            check.append(_timed(check_cmd, REPO, check_env))
    p, c = statistics.median(plain), statistics.median(check)
    print(f"notebook: {notebook.relative_to(REPO)}  repeats: {args.repeat}  cpus: {os.cpu_count()}")
    print(f"nbgrader autograde (prepared course): median {p:.2f} s  runs {' '.join(f'{t:.2f}' for t in plain)}")
    print(f"paramcourse check:                    median {c:.2f} s  runs {' '.join(f'{t:.2f}' for t in check)}")
    print(f"ratio check / autograde: {c / p:.2f}  (target <= 1.3)")


if __name__ == "__main__":
    main()
