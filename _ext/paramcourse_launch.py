"""Sphinx extension of the course: a ``launch-links`` directive for pages that are not
notebooks (the exercises part), so they get the same Binder, Colab and download links that
Jupyter Book puts on notebook pages.

The links are built from the one place that names the repository, ``repository`` in
``_config.yml`` (Jupyter Book passes it on as ``html_theme_options``), and from
``launch_buttons`` there. Usage in a MyST page::

    ```{launch-links} exercises/gradient_descent/gradient_descent.ipynb
    ```

The path is relative to the repository root; a missing file is a build error, so a link can
never point at a notebook that does not exist.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective


def launch_urls(repository_url: str, branch: str, path: str, binderhub: str, colab: str) -> dict:
    """Binder and Colab URLs that open ``path`` (relative to the repository root)."""
    owner_repo = repository_url.rstrip("/").removeprefix("https://github.com/")
    return {
        "binder": (
            f"{binderhub.rstrip('/')}/v2/gh/{owner_repo}/{branch}"
            f"?urlpath={quote('lab/tree/' + path, safe='')}"
        ),
        "colab": f"{colab.rstrip('/')}/github/{owner_repo}/blob/{branch}/{path}",
    }


class LaunchLinks(SphinxDirective):
    """Binder, Colab and download links for one notebook of the repository."""

    required_arguments = 1
    has_content = False

    def run(self):
        path = self.arguments[0].strip().lstrip("/")
        source = Path(self.env.srcdir) / path
        if not source.is_file():
            raise self.error(f"launch-links: {path} does not exist in the repository")
        options = self.config.html_theme_options
        launch = options.get("launch_buttons", {})
        try:
            urls = launch_urls(
                options["repository_url"],
                options.get("repository_branch", "main"),
                path,
                launch["binderhub_url"],
                launch["colab_url"],
            )
        except KeyError as missing:
            raise ExtensionError(
                f"launch-links needs repository.url and launch_buttons.{missing.args[0]} "
                "in _config.yml"
            ) from None
        # The download link is a Sphinx {download} role, so the notebook is copied into the
        # site and the link works offline.
        to_root = posixpath.relpath(".", posixpath.dirname(self.env.docname) or ".")
        name = posixpath.basename(path)
        markdown = (
            f"[Open on Binder]({urls['binder']}) · [Open in Colab]({urls['colab']}) · "
            f"{{download}}`Download {name} <{posixpath.join(to_root, path)}>`"
        )
        paragraph = nodes.container(classes=["launch-links"])
        self.state.nested_parse(StringList([markdown], source=path), self.content_offset, paragraph)
        return [paragraph]


def setup(app):
    app.add_directive("launch-links", LaunchLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}


__all__ = ["LaunchLinks", "launch_urls", "setup"]
