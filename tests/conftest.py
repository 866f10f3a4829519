"""Shared test settings: a headless matplotlib backend, the repository root, and the book built
once per test session (``built_site``) for every test that reads the HTML."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time

import pytest

# Set before any test imports matplotlib: tests never open windows.
os.environ.setdefault("MPLBACKEND", "Agg")

REPO_ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the pyplot figures a test made, so figures never pile up across tests."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture(scope="session")
def repo_root() -> pathlib.Path:
    """The root of the course repository (where _config.yml lives)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def playwright_driver():
    """The one Playwright driver of this test process, shared by every browser test.

    Playwright's sync API allows a single driver per thread: a second ``sync_playwright()``
    opened while another is alive fails with "using Playwright Sync API inside the asyncio
    loop". With xdist, one worker can hold the site's browser (session-scoped) when it reaches
    the JupyterLab tests, so both open their browsers from this driver.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


# The jupyter-book command line, run with the interpreter of the tests (the package has no
# ``__main__`` module, so ``python -m jupyter_book`` does not work).
JUPYTER_BOOK = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()"]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> pathlib.Path:
    """The HTML of the book, built from the repository as the README's build command does:
    from a clean cache, failing on any warning (``-W -n --keep-going``).

    One build serves the whole session. Tests that use it carry
    ``@pytest.mark.xdist_group("book")`` so that ``pytest -n 2 --dist loadgroup`` runs them all in
    one worker and builds once. The output goes to a temporary folder, never into the repository.
    """
    out = tmp_path_factory.mktemp("book")
    start = time.perf_counter()
    # The kernels must draw with Jupyter's inline backend, as in a reader's build: the Agg
    # backend set above for the tests would leave every chapter without its figures.
    env = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    # As the README's build command: the chapters run in parallel into the cache, then the build.
    execute = subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "execute_book.py"), "--path-output", str(out)],
                             capture_output=True, text=True, cwd=REPO_ROOT, timeout=900, env=env)
    assert execute.returncode == 0, f"executing the chapters failed:\n{(execute.stdout + execute.stderr)[-6000:]}"
    cmd = [*JUPYTER_BOOK, "build", str(REPO_ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO_ROOT, timeout=900, env=env)
    log = result.stdout + result.stderr
    print(f"book built in {time.perf_counter() - start:.1f} s")
    assert result.returncode == 0, f"book build failed:\n{log[-6000:]}"
    # Sphinx warnings read "file: WARNING: ..."; kernels' own log lines ("[IPKernelApp] WARNING |
    # Kernel is running over TCP ...") are not about the book.
    warnings = [line for line in log.splitlines() if "WARNING:" in line]
    assert "build succeeded" in log and not warnings, "\n".join(warnings[:40]) or log[-6000:]
    html = out / "_build" / "html"
    assert (html / "index.html").is_file(), f"no index.html in {html}"
    return html
