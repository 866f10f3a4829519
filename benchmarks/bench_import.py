"""Import time of paramcourse against import numpy, each in a fresh interpreter.

Prints the median over several runs and the ratios. Target: importing the core modules a
chapter uses costs at most 1.5x `import numpy` (numpy is the floor: the core needs it).
"""

from __future__ import annotations

import statistics
import subprocess
import sys

RUNS = 15
CORE = "data, losses, gradcheck, linear, optim, initializers"
STATEMENTS = {
    "import numpy": "import numpy",
    "import paramcourse": "import paramcourse",
    f"import paramcourse.{{{CORE}}}": "import paramcourse; "
    + "; ".join(f"import paramcourse.{m.strip()}" for m in CORE.split(",")),
}


def time_statement(statement: str) -> float:
    """Seconds for `statement` in a new interpreter, timed inside it (interpreter start excluded)."""
    code = (
        "import time; t = time.perf_counter(); "
        f"{statement}; print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    for statement in STATEMENTS.values():
        time_statement(statement)  # warm the file-system cache
    # Interleave the statements round by round so that drift in machine load hits all alike.
    samples: dict[str, list[float]] = {label: [] for label in STATEMENTS}
    for _ in range(RUNS):
        for label, statement in STATEMENTS.items():
            samples[label].append(time_statement(statement))
    medians = {label: statistics.median(times) for label, times in samples.items()}
    base = medians["import numpy"]
    for label, seconds in medians.items():
        print(f"{label:<75} {seconds * 1000:7.1f} ms  {seconds / base:5.2f}x numpy")


if __name__ == "__main__":
    main()
