"""The notebooks as a student uses them: in JupyterLab, in a real browser.

A token-less JupyterLab on 127.0.0.1 serves a temporary copy of the repository (the repository
itself is never touched). Chromium (see test_site_browser.py) then

1. opens chapter 1, runs all cells (the explorer cell too: its ``skip-execution`` tag only
   concerns the book build), moves the slope slider of the line-fit explorer from the keyboard
   (focus the slider, ArrowRight) and checks that the figure and the MSE readout change and
   that no cell shows an error;
2. opens the gradient-descent exercise as a student who has filled in every function (the
   solution's bodies are copied into the temporary copy), runs all cells and reads the
   self-check report that the last cell prints.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from conftest import REPO_ROOT
from test_site_browser import launch_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHAPTER = "book/01_what_is_a_parameter.ipynb"
ASSIGNMENT = "gradient_descent"
EXERCISE = f"exercises/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
SOLUTION = f"solutions/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"

#: What is not part of a fresh clone's content (and would only slow the copy down).
_NOT_COPIED = shutil.ignore_patterns(
    ".git", "_build", ".jupyter_cache", "__pycache__", "*.egg-info", ".pytest_cache",
    ".ipynb_checkpoints", "node_modules", ".venv", "venv", ".benchmarks",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _jupyter_settings(settings_dir: Path) -> None:
    """Settings of a quiet, deterministic JupyterLab: every cell stays in the page (no
    windowing), no news or update checks."""
    overrides = {
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    for name, values in overrides.items():
        path = settings_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


@pytest.fixture(scope="module")
def course_copy(tmp_path_factory) -> Path:
    """A temporary copy of the repository, where the student's work can be saved."""
    root = tmp_path_factory.mktemp("lab") / "paramcourse"
    shutil.copytree(REPO_ROOT, root, ignore=_NOT_COPIED)
    return root


@pytest.fixture(scope="module")
def lab_url(course_copy, tmp_path_factory) -> Iterator[str]:
    """JupyterLab, token-less, on 127.0.0.1 at a free port, serving ``course_copy``."""
    state = tmp_path_factory.mktemp("lab-state")
    _jupyter_settings(state / "settings")
    env = dict(os.environ)
    env.pop("PARAMCOURSE_GRADING", None)  # a student's kernel, not the grader's
    env.update(
        JUPYTERLAB_SETTINGS_DIR=str(state / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(state / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(state / "runtime"),
        IPYTHONDIR=str(state / "ipython"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(course_copy), env.get("PYTHONPATH")])),
        MPLBACKEND="module://matplotlib_inline.backend_inline",
    )
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.ip=127.0.0.1",
        f"--port={port}", "--ServerApp.port_retries=0", f"--ServerApp.root_dir={course_copy}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if os.geteuid() == 0:  # CI containers run as root
        command.append("--allow-root")
    log_path = state / "jupyterlab.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, cwd=course_copy, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited with {server.returncode}:\n{log_path.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(f"{url}api/status", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer in 90 s:\n{log_path.read_text()[-4000:]}")
            time.sleep(0.25)
        yield url
    finally:
        # SIGTERM: the server shuts its kernels down and exits; kill it only if it hangs.
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture(scope="module")
def lab_browser(playwright_driver, tmp_path_factory):
    context = launch_chromium(
        playwright_driver, tmp_path_factory.mktemp("lab-chromium"), viewport={"width": 1400, "height": 1000}
    )
    context.set_default_timeout(60_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def lab_page(lab_browser, lab_url) -> Iterator[tuple[Page, list[str]]]:
    """A tab on JupyterLab, and the list of requests it sent to any other host."""
    page = lab_browser.new_page()
    host = lab_url.split("/")[2]
    foreign: list[str] = []

    def record(request) -> None:
        scheme, _, rest = request.url.partition("://")
        if scheme in ("http", "https", "ws", "wss") and rest.split("/")[0] != host:
            foreign.append(request.url)

    page.on("request", record)
    try:
        yield page, foreign
    finally:
        page.close()


# --- driving a notebook ----------------------------------------------------------------------

_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def open_notebook(page: Page, lab_url: str, path: str) -> None:
    """Open a notebook in JupyterLab and wait until its kernel is ready."""
    page.goto(f"{lab_url}lab/tree/{path}?reset")  # ?reset: a clean workspace, one notebook
    page.locator(f"{_PANEL} .jp-Notebook").wait_for(state="visible", timeout=90_000)
    # The status bar reads "Python 3 (ipykernel) | Idle" once the kernel is connected and
    # ready; before that, Run All would step through the cells without running them.
    page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\|\s*Idle\s*$")).wait_for(
        state="visible", timeout=90_000
    )


def _prompts(page: Page) -> list[str]:
    return [t.strip() for t in page.locator(f"{_PANEL} .jp-CodeCell .jp-InputPrompt").all_inner_texts()]


def run_all_cells(page: Page, n_code_cells: int, timeout_ms: int = 120_000) -> None:
    """Run > Run All Cells from the menu bar, then wait until the kernel has finished: every
    code cell has run, or a cell has failed (which stops Run All)."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
    try:
        _wait_until_run(page, n_code_cells, timeout_ms)
    except PlaywrightTimeoutError:
        page.screenshot(path=str(_artifact("jupyterlab-run-all-timeout.png")))
        status = page.locator(f"{_PANEL} .jp-Notebook-ExecutionIndicator").evaluate_all(
            "items => items.map(i => i.dataset.status)"
        )
        pytest.fail(
            f"Run All did not finish in {timeout_ms / 1000:.0f} s: prompts {_prompts(page)}, "
            f"kernel status {status}, errors {error_outputs(page)}"
        )
    prompts = _prompts(page)
    assert len(prompts) == n_code_cells and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts), (
        f"Run All did not run every cell (prompts {prompts}); errors: {error_outputs(page)}"
    )


def _wait_until_run(page: Page, n_code_cells: int, timeout_ms: int) -> None:
    page.wait_for_function(
        r"""([panel, n]) => {
            const prompts = [...document.querySelectorAll(panel + ' .jp-CodeCell .jp-InputPrompt')]
                .map(p => p.textContent.trim());
            const indicator = document.querySelector(panel + ' .jp-Notebook-ExecutionIndicator');
            if (indicator === null || indicator.dataset.status !== 'idle') return false;
            if (prompts.some(p => p.includes('*'))) return false;
            const failed = document.querySelector(
                panel + " .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']");
            return failed !== null || (prompts.length === n && prompts.every(p => /^\[\d+\]:$/.test(p)));
        }""",
        arg=[_PANEL, n_code_cells],
        timeout=timeout_ms,
    )


def error_outputs(page: Page) -> list[str]:
    """Text of every output that JupyterLab shows as an error (tracebacks and stderr)."""
    return page.locator(
        f"{_PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
    ).all_inner_texts()


def code_cell_count(notebook: Path) -> int:
    return sum(cell.cell_type == "code" for cell in nbformat.read(notebook, as_version=4).cells)


# --- the tests -------------------------------------------------------------------------------


def test_chapter_explorer_responds_to_the_keyboard(lab_page, lab_url, course_copy):
    page, foreign = lab_page
    notebook = course_copy / CHAPTER
    assert notebook.is_file(), f"{CHAPTER} is missing"
    source = notebook.read_text(encoding="utf-8")
    assert "explore_line_fit" in source, f"{CHAPTER} has no line-fit explorer cell"

    open_notebook(page, lab_url, CHAPTER)
    run_all_cells(page, code_cell_count(notebook))
    assert not error_outputs(page), f"errors after Run All: {error_outputs(page)}"

    explorer = page.locator(f"{_PANEL} .jp-OutputArea-output", has=page.locator(".widget-slider")).first
    explorer.wait_for(state="visible")
    slope = explorer.locator(".widget-slider", has_text="slope").first
    handle = slope.locator(".noUi-handle")
    readout = explorer.locator(".widget-html", has_text="MSE").first
    image = explorer.locator("img").first
    readout.wait_for(state="visible")
    image.wait_for(state="visible")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    before = {
        "value": slope.locator(".widget-readout").inner_text(),
        "readout": readout.inner_text(),
        "image": image.get_attribute("src"),
    }
    explorer.scroll_into_view_if_needed()
    page.screenshot(path=str(_artifact("jupyterlab-explorer-before.png")))

    handle.focus()
    assert handle.evaluate("h => document.activeElement === h"), "the slider cannot take focus"
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        """([readout, image, text, src]) => readout.innerText !== text && image.getAttribute('src') !== src
            && image.complete && image.naturalWidth > 0""",
        arg=[readout.element_handle(), image.element_handle(), before["readout"], before["image"]],
        timeout=30_000,
    )
    after_value = slope.locator(".widget-readout").inner_text()
    assert float(after_value) > float(before["value"]), (before["value"], after_value)
    page.screenshot(path=str(_artifact("jupyterlab-explorer-after.png")))
    assert not error_outputs(page), f"errors after moving the slider: {error_outputs(page)}"
    assert not foreign, f"JupyterLab's page sent requests off the machine: {foreign}"


def _filled_in(exercise: Path, solution: Path) -> None:
    """Write into ``exercise`` the solution's body of every cell the student fills in."""
    student = nbformat.read(exercise, as_version=4)
    answers = {
        cell.metadata["nbgrader"]["grade_id"]: cell.source
        for cell in nbformat.read(solution, as_version=4).cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }
    filled = 0
    for cell in student.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in answers:
            cell.source = answers[grade_id]
            filled += 1
    assert filled, f"{exercise.name}: no cell for the student to fill in"
    nbformat.write(student, exercise)


def test_exercise_runs_and_shows_the_self_check(lab_page, lab_url, course_copy):
    page, foreign = lab_page
    exercise, solution = course_copy / EXERCISE, course_copy / SOLUTION
    assert exercise.is_file(), f"{EXERCISE} is missing: release the assignment (paramcourse release)"
    assert solution.is_file(), f"{SOLUTION} is missing"
    last = nbformat.read(exercise, as_version=4).cells[-1]
    assert "self_check" in last.source, f"the last cell of {EXERCISE} does not call self_check"

    _filled_in(exercise, solution)  # a student who has done the work and saved it
    open_notebook(page, lab_url, EXERCISE)
    run_all_cells(page, code_cell_count(exercise))
    assert not error_outputs(page), f"errors after Run All: {error_outputs(page)}"

    report = page.locator(f"{_PANEL} .jp-Cell").last.locator(".jp-OutputArea-output")
    text = "\n".join(report.all_inner_texts())
    page.screenshot(path=str(_artifact("jupyterlab-exercise-self-check.png")), full_page=False)
    match = re.search(rf"{ASSIGNMENT}: (\d+) / (\d+) points", text)
    assert match, f"the self-check cell printed no score:\n{text}"
    assert match[1] == match[2] and int(match[2]) > 0, f"a complete solution scored {match[0]}:\n{text}"
    assert "[FAIL]" not in text, text
    assert not foreign, f"JupyterLab's page sent requests off the machine: {foreign}"


def _artifact(name: str) -> Path:
    folder = REPO_ROOT / "_build" / "test-artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name
