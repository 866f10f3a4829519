"""Execute the book's notebooks in parallel into Jupyter Book's execution cache.

``jupyter-book build`` (execution mode ``cache``) runs the chapters one after another. This
script runs the ones whose code changed, several at once, with the same executor, working
directory and timeout the build would use (myst-nb's ``single_nb_execution``), and stores the
results in the same cache (``<path-output>/_build/.jupyter_cache``). The build that follows
finds every chapter cached and only renders. Run alone it changes nothing in the book: without
it the build executes what is missing itself.

Usage: python scripts/execute_book.py [--path-output DIR] [--jobs N]

A chapter that fails is reported with its traceback and the script exits with status 1 (the
other chapters still run and are cached); nothing partial is cached.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _toc_files(toc: dict) -> list[str]:
    found: list[str] = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                found.append(entry["file"])
            walk(entry.get("chapters", []) + entry.get("sections", []))

    walk(toc.get("parts", []) + toc.get("chapters", []))
    return found


def notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks of the table of contents, in order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return [root / f"{name}.ipynb" for name in _toc_files(toc) if (root / f"{name}.ipynb").is_file()]


def _execute(path: str, timeout: int) -> tuple[str, object, float, str | None]:
    """Run one notebook in its folder, as the build does; return it executed, or the traceback."""
    from jupyter_cache.executors.utils import single_nb_execution

    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    try:
        # The kernel's own log goes to this terminal: only its errors, not ipykernel's notices
        # (such as "running over TCP without encryption", once per chapter). What a cell writes
        # to stderr is unaffected: it is in the notebook's outputs, where the build fails on it.
        result = single_nb_execution(notebook, cwd=str(Path(path).parent), timeout=timeout, allow_errors=False,
                                     meta_override=True, extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except Exception as error:  # noqa: BLE001 - e.g. a kernel that died while starting
        return path, notebook, time.perf_counter() - start, f"{type(error).__name__}: {error}"
    error = None if result.err is None else (result.exc_string or repr(result.err))
    return path, notebook, time.perf_counter() - start, error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path-output", type=Path, default=ROOT,
                        help="the folder jupyter-book build --path-output will get (default: the repository)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="notebooks at once (default: CPUs)")
    args = parser.parse_args(argv)

    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    timeout = int(config.get("execute", {}).get("timeout", 30))
    cache = get_cache(str((args.path_output / "_build" / ".jupyter_cache").resolve()))
    todo = []
    for path in notebooks():
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            todo.append(path)
    print(f"execute_book: {len(todo)} of {len(notebooks())} notebooks to run, {args.jobs} at once", flush=True)
    if not todo:
        return 0
    # One BLAS thread per kernel: the kernels already use every core between them.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    failures: list[tuple[str, str]] = []
    start = time.perf_counter()

    def record(path: str, notebook, seconds: float, error: str | None, retry: bool) -> None:
        name = str(Path(path).relative_to(ROOT))
        if error is not None:
            print(f"  {'failed, will run it again alone' if retry else 'FAILED'}: {name} ({seconds:.1f} s)", flush=True)
            failures.append((path, error))
            return
        cache.cache_notebook_bundle(CacheBundleIn(notebook, str(Path(path).resolve()),
                                                  data={"execution_seconds": seconds}),
                                    check_validity=False, overwrite=True)
        print(f"  {name} ({seconds:.1f} s)", flush=True)

    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for job in as_completed([pool.submit(_execute, str(path), timeout) for path in todo]):
            record(*job.result(), retry=True)
    # Kernels started side by side can, rarely, fail to start (two picking the same free port):
    # a failure gets one more run on its own; a real error in a cell fails again and is reported.
    first, failures = failures, []
    for path, _ in first:
        record(*_execute(path, timeout), retry=False)
    print(f"execute_book: done in {time.perf_counter() - start:.1f} s", flush=True)
    for path, error in failures:
        print(f"\n{Path(path).relative_to(ROOT)} failed:\n{error[-4000:]}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
