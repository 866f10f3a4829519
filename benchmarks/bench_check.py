"""Time ``paramcourse check`` against plain ``nbgrader autograde`` of the same notebook.

Both are timed as a user runs them, as commands in a fresh process, in the same run,
alternating so that machine load affects both alike. The plain run uses a course
directory prepared once (``nbgrader generate_assignment`` done, not timed); the check
builds its temporary course itself every time, which is the overhead measured.

Usage::

    python benchmarks/bench_check.py [--repeat 5] [--assignment gradient_descent]

Prints the median and best wall-clock seconds of each, the CPU seconds of the whole
process tree (kernels included), which a busy machine disturbs much less, and the
ratios (target: at most 1.0).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Return the wall-clock and CPU seconds of one run of ``command``."""
    cpu, started = _children_cpu(), time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed, cpu = time.perf_counter() - started, _children_cpu() - cpu
    if completed.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({completed.returncode}):\n{completed.stderr[-2000:]}")
    return elapsed, cpu


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
        # The plain kernel's test cells load the full checks.py from the bundle, as a grading kernel does.
        env["PARAMCOURSE_BUNDLES"] = str(course / "source")
        plain_cmd = [sys.executable, "-m", "nbgrader", "autograde", name, "--student", "student", "--force"]
        check_cmd = [sys.executable, "-m", "paramcourse.cli", "check", str(notebook)]
        _timed(plain_cmd, course, env)  # warm the file cache for both
        _timed(check_cmd, REPO, check_env)
        plain, check = [], []
        for _ in range(args.repeat):
            plain.append(_timed(plain_cmd, course, env))
            check.append(_timed(check_cmd, REPO, check_env))
    print(
        f"notebook: {notebook.relative_to(REPO)}  repeats: {args.repeat}  cpus: {os.cpu_count()}  "
        f"load average: {os.getloadavg()[0]:.2f}"
    )
    figures = {}
    for label, runs in (("nbgrader autograde (prepared course)", plain), ("paramcourse check", check)):
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        figures[label] = (statistics.median(walls), min(walls), statistics.median(cpus))
        print(
            f"{label:<37} wall median {figures[label][0]:.2f} s, best {figures[label][1]:.2f} s; "
            f"CPU median {figures[label][2]:.2f} s   (runs {' '.join(f'{w:.2f}' for w in walls)})"
        )
    (pm, pb, pc), (cm, cb, cc) = figures.values()
    print(
        f"ratio check / autograde: wall median {cm / pm:.2f}, best {cb / pb:.2f}; CPU {cc / pc:.2f}  "
        "(target <= 1.0)"
    )


if __name__ == "__main__":
    main()
