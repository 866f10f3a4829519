"""Repository hygiene: notebooks are source, the table of contents matches book/, the README's
two commands are the ones CI and Binder rely on, and the configuration keeps the book offline."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest
import yaml

from conftest import REPO_ROOT

SKIP_DIRS = {"_build", "node_modules", "__pycache__", ".ipynb_checkpoints"}


def _load_readme_command_module():
    spec = importlib.util.spec_from_file_location(
        "readme_command", REPO_ROOT / "scripts" / "readme_command.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _source_notebooks():
    for path in sorted(REPO_ROOT.rglob("*.ipynb")):
        parts = path.relative_to(REPO_ROOT).parts
        if any(p in SKIP_DIRS or p.startswith(".") for p in parts):
            continue
        yield path


def _toc_files(toc: dict) -> list[str]:
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return files


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load((REPO_ROOT / "_config.yml").read_text())


@pytest.fixture(scope="module")
def readme() -> str:
    return (REPO_ROOT / "README.md").read_text()


def test_there_are_notebooks_to_check():
    assert list(_source_notebooks()), "no notebooks found: is the test looking in the right place?"


@pytest.mark.parametrize(
    "path", list(_source_notebooks()), ids=lambda p: str(p.relative_to(REPO_ROOT))
)
def test_notebooks_are_stored_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb.get("nbformat") == 4, f"{path.name}: expected nbformat 4"
    dirty = [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, (
        f"{path.relative_to(REPO_ROOT)}: code cells {dirty} have outputs or execution counts; "
        "run `nbstripout` on it (or `pre-commit install` once so commits strip them)"
    )


def test_every_book_page_is_in_the_toc_and_every_toc_entry_exists():
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text())
    listed = _toc_files(toc)
    assert len(listed) == len(set(listed)), f"pages listed twice in _toc.yml: {listed}"
    pages = {
        str(p.relative_to(REPO_ROOT).with_suffix(""))
        for p in (REPO_ROOT / "book").rglob("*")
        if p.suffix in {".md", ".ipynb"}
        and not any(part.startswith(("_", ".")) for part in p.relative_to(REPO_ROOT).parts)
    }
    missing_pages = [f for f in listed if f not in pages]
    unlisted = sorted(pages - set(listed))
    assert not missing_pages, f"_toc.yml lists pages that do not exist: {missing_pages}"
    assert not unlisted, f"pages in book/ missing from _toc.yml: {unlisted}"


def test_readme_has_the_two_setup_commands(readme):
    rc = _load_readme_command_module()
    build = rc.readme_command("build", readme)
    test = rc.readme_command("test", readme)
    assert "pip install -r requirements.txt" in build
    assert "jupyter-book build . -W -n --keep-going" in build
    assert "pip install -r requirements-test.txt" in test
    assert "pytest" in test


def test_readme_command_reader_rejects_a_missing_marker():
    rc = _load_readme_command_module()
    with pytest.raises(ValueError, match="no <!-- test-command --> marker"):
        rc.readme_command("test", "# README without commands\n")


def test_ci_runs_the_readme_test_command():
    ci = (REPO_ROOT / ".ci" / "run").read_text()
    assert "scripts/readme_command.py test" in ci
    assert "set -euo pipefail" in ci


def test_requirements_are_what_binder_needs():
    reqs = (REPO_ROOT / "requirements.txt").read_text().splitlines()
    lines = [line.split("#")[0].strip() for line in reqs if line.split("#")[0].strip()]
    assert lines[-1] == "-e .", "requirements.txt must install the package itself with `-e .`"
    jb = [line for line in lines if line.startswith("jupyter-book")]
    assert jb and "<2" in jb[0], "Jupyter Book must stay below 2 (JB2 downloads its theme)"
    unpinned = [line for line in lines[:-1] if not re.search(r"[<>=]", line)]
    assert not unpinned, f"give these a version range: {unpinned}"
    assert (REPO_ROOT / "runtime.txt").read_text().strip() == "python-3.11"


def test_binder_badge_follows_the_repository_url(config, readme):
    url = config["repository"]["url"].rstrip("/")
    owner_repo = url.removeprefix("https://github.com/")
    assert f"mybinder.org/v2/gh/{owner_repo}/{config['repository']['branch']}" in readme


def test_config_executes_with_cache_timeout_and_fails_on_errors(config):
    execute = config["execute"]
    assert execute["execute_notebooks"] == "cache"
    assert 0 < execute["timeout"] <= 120
    assert execute["allow_errors"] is False
    assert {"exercises/*", "solutions/*"} <= set(execute["exclude_patterns"])
    sphinx = config["sphinx"]["config"]
    assert sphinx["nb_execution_raise_on_error"] is True
    assert sphinx["nb_output_stderr"] in {"warn", "error", "severe"}


def test_config_serves_mathjax_locally(config):
    assert "sphinx-mathjax-offline" in config["sphinx"]["extra_extensions"]
    assert not config["sphinx"]["config"]["mathjax_path"].startswith(("http:", "https:", "//"))


def test_launch_buttons_open_jupyterlab_on_binder_and_colab(config):
    launch = config["launch_buttons"]
    assert launch["notebook_interface"] == "jupyterlab"
    assert launch["binderhub_url"].startswith("https://")
    assert launch["colab_url"].startswith("https://")


def test_nbgrader_directories():
    text = (REPO_ROOT / "nbgrader_config.py").read_text()
    assert 'source_directory = "solutions"' in text
    assert 'release_directory = "exercises"' in text


def test_build_output_is_ignored():
    ignored = (REPO_ROOT / ".gitignore").read_text().split()
    assert "_build/" in ignored
