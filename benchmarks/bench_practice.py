"""Time ``paramcourse.practice.check`` on every practice exercise of the book (its solution).

Usage::

    python benchmarks/bench_practice.py [--repeat 5]

Prints the median seconds of each exercise's check (the best of ``--repeat`` runs), the slowest
and the median over the book (target: the slowest well under 1 s), and the import time of
``paramcourse.practice`` itself.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import types


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import paramcourse.practice"], check=True)
    python_alone = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    baseline = time.perf_counter() - python_alone
    print(f"import paramcourse.practice in a fresh process: {python_alone - started:.2f} s "
          f"(bare interpreter {baseline:.2f} s)")

    from paramcourse.practice import check, exercises

    times = {}
    for name, exercise in exercises().items():
        solution = exercise.solution
        # check() finds the exercise by the function's name: give the solution that name.
        solution = types.FunctionType(solution.__code__, solution.__globals__, name, solution.__defaults__,
                                      solution.__closure__)
        solution.__kwdefaults__ = exercise.solution.__kwdefaults__
        runs = []
        for _ in range(args.repeat):
            result = check(solution)
            runs.append(result.seconds)
            if not result.passed:
                sys.exit(f"{name}: the solution does not pass its own check: {result.message}")
        times[name] = min(runs)
    for name, seconds in sorted(times.items(), key=lambda item: -item[1])[:10]:
        print(f"  {seconds * 1000:8.1f} ms  {name} ({exercises()[name].chapter})")
    values = list(times.values())
    print(f"{len(values)} exercises: slowest {max(values) * 1000:.1f} ms, median "
          f"{statistics.median(values) * 1000:.1f} ms  (target: slowest < 1000 ms)")


if __name__ == "__main__":
    main()
