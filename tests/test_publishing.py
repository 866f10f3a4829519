"""Publishing: the GitHub Actions workflow builds the book with the README's build command,
deploys it to GitHub Pages from main only, and runs the README's test command."""

from __future__ import annotations

import importlib.util

import pytest
import yaml

from conftest import REPO_ROOT

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "book.yml"


def _readme_command(kind: str) -> str:
    spec = importlib.util.spec_from_file_location("readme_command", REPO_ROOT / "scripts" / "readme_command.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.readme_command(kind, (REPO_ROOT / "README.md").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def _runs(job: dict) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def _uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_the_build_step_is_the_readme_build_command(workflow):
    assert _runs(workflow["jobs"]["build"]) == [_readme_command("build")]


def test_the_test_job_runs_the_readme_test_command(workflow):
    assert _readme_command("test") in _runs(workflow["jobs"]["test"])


def test_the_site_is_deployed_to_pages_from_main_after_build_and_tests(workflow):
    assert "main" in workflow["on"]["push"]["branches"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "actions/upload-pages-artifact" in _uses(build)
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    assert "actions/deploy-pages" in _uses(deploy)
    assert set(deploy["needs"]) == {"build", "test"}
    assert "refs/heads/main" in deploy["if"] and "push" in deploy["if"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_pip_and_the_execution_cache_are_cached(workflow):
    build = workflow["jobs"]["build"]
    python = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["cache"] == "pip"
    cache = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == "_build/.jupyter_cache"


def test_the_readme_says_how_to_publish_a_fork():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Publish the book" in readme
    section = readme.split("## Publish the book", 1)[1].split("\n## ", 1)[0]
    assert "repository.url" in section and "Pages" in section and ".github/workflows/book.yml" in section
