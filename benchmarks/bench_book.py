"""Book build times: cold (empty output folder, every chapter executed), cached (again, nothing
changed), and each chapter's own execution time with nbclient.

Targets (issue 4): cold <= 120 s, cached <= 10 s, each chapter <= 20 s, median <= 5 s.
Usage: python benchmarks/bench_book.py [--chapters-only] [--serial-baseline]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def build(output: Path, parallel: bool = True) -> float:
    """Seconds for one build into `output` as the README does it (the chapters executed in parallel
    by scripts/execute_book.py, then `jupyter-book build`), or with `jupyter-book build` alone
    (`parallel=False`: it executes the chapters one after another); raises if the build fails."""
    steps = [[sys.executable, str(ROOT / "scripts" / "execute_book.py"), "--path-output", str(output)]] if parallel else []
    steps.append([
        sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", str(ROOT),
        "--path-output", str(output), "-W", "-n", "--keep-going",
    ])
    start = time.perf_counter()
    for cmd in steps:
        result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if result.returncode != 0:
            sys.exit(f"build failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return time.perf_counter() - start


def chapter_times() -> dict[str, float]:
    """Execution time of each chapter notebook, kernel start included, run from book/."""
    times = {}
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        client.execute()
        times[path.stem] = time.perf_counter() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters-only", action="store_true", help="skip the two builds")
    parser.add_argument("--serial-baseline", action="store_true",
                        help="also time a cold build by jupyter-book alone, for the parallel/serial ratio")
    args = parser.parse_args()

    times = chapter_times()
    for name, seconds in times.items():
        print(f"chapter {name:<40} {seconds:6.1f} s")
    if times:
        print(f"chapters: max {max(times.values()):.1f} s, median {statistics.median(times.values()):.1f} s")
    if args.chapters_only:
        return
    with tempfile.TemporaryDirectory() as tmp:
        cold = build(Path(tmp))
        cached = build(Path(tmp))
    print(f"cold build   {cold:6.1f} s   (target <= 120 s)")
    print(f"cached build {cached:6.1f} s   (target <= 10 s)  cold/cached = {cold / cached:.1f}x")
    if args.serial_baseline:
        with tempfile.TemporaryDirectory() as tmp:
            serial = build(Path(tmp), parallel=False)
        print(f"cold build, jupyter-book alone (serial) {serial:6.1f} s   parallel/serial = {cold / serial:.2f}")


if __name__ == "__main__":
    main()
