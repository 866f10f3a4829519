"""The launch-links directive of the exercises part builds its URLs from the repository URL."""

from __future__ import annotations

import importlib.util
from urllib.parse import parse_qs, urlparse

from conftest import REPO_ROOT

_spec = importlib.util.spec_from_file_location(
    "paramcourse_launch", REPO_ROOT / "_ext" / "paramcourse_launch.py"
)
launch = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(launch)


def test_binder_url_opens_the_notebook_in_jupyterlab():
    urls = launch.launch_urls(
        "https://github.com/org/repo/", "main", "exercises/a/a.ipynb",
        "https://mybinder.org", "https://colab.research.google.com",
    )
    binder = urlparse(urls["binder"])
    assert binder.netloc == "mybinder.org"
    assert binder.path == "/v2/gh/org/repo/main"
    assert parse_qs(binder.query)["urlpath"] == ["lab/tree/exercises/a/a.ipynb"]


def test_colab_url_points_at_the_file_on_the_branch():
    urls = launch.launch_urls(
        "https://github.com/org/repo", "dev", "exercises/a/a.ipynb",
        "https://mybinder.org/", "https://colab.research.google.com/",
    )
    assert urls["colab"] == (
        "https://colab.research.google.com/github/org/repo/blob/dev/exercises/a/a.ipynb"
    )


def test_every_exercise_page_links_its_own_existing_notebook():
    pages = sorted((REPO_ROOT / "book" / "exercises").glob("*.md"))
    assert pages
    for page in pages:
        if page.stem == "index":
            continue
        text = page.read_text()
        target = f"exercises/{page.stem}/{page.stem}.ipynb"
        assert f"```{{launch-links}} {target}" in text, page.name
        assert (REPO_ROOT / target).is_file(), f"{page.name} links a missing notebook"
