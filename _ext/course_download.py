"""Sphinx extension of the course: the whole course as one zip of notebooks, built with the site.

``paramcourse-notebooks.zip``, written next to the start page in the HTML output, holds every chapter (``book/``), every
released exercise (``exercises/<name>/``: the notebook and its public ``checks.py``; never the
solutions or the catalogue of mistakes) and a ``README.txt`` on how to run them offline. The start
page links to it. The archive is reproducible: sorted entries, fixed timestamps.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

ARCHIVE = "paramcourse-notebooks.zip"
_EPOCH = (2026, 1, 1, 0, 0, 0)

_README = """paramcourse: Parameters in Machine Learning, the notebooks for offline use

book/          the chapters, in the order of the book's table of contents by file number
exercises/     the graded exercises; keep each checks.py next to its notebook

Run them with Jupyter (or open them in Colab). The first code cell of every notebook installs
the course package when it is missing; to install it yourself beforehand:

    python -m pip install "{spec}"

Self-check an exercise with its last cell, or in a terminal opened in its folder:

    paramcourse check NAME.ipynb

Without the course repository only the visible tests run; hidden tests run when your
instructor grades the notebook.
"""


def course_files(root: Path) -> list[tuple[Path, str]]:
    """``(file, name in the archive)`` for every file the archive holds, sorted by name."""
    files = [(p, f"book/{p.name}") for p in (root / "book").glob("[0-9][0-9]_*.ipynb")]
    for folder in sorted((root / "exercises").iterdir()):
        notebook, checks = folder / f"{folder.name}.ipynb", folder / "checks.py"
        if notebook.is_file() and checks.is_file():
            files += [(notebook, f"exercises/{folder.name}/{notebook.name}"),
                      (checks, f"exercises/{folder.name}/checks.py")]
    return sorted(files, key=lambda item: item[1])


def write_archive(root: Path, out: Path, spec: str) -> Path:
    """Write the course archive to ``out`` (a file path) and return it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")  # a failed build leaves no half archive behind
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(f"paramcourse/{name}", date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)

        add("README.txt", _README.format(spec=spec).encode())
        for path, name in course_files(root):
            add(name, path.read_bytes())
    partial.replace(out)
    return out


def _spec(root: Path) -> str:
    """The install cell's default (scripts/install_cells.py), from the same _config.yml."""
    sys.path.insert(0, str(root / "scripts"))
    try:
        from install_cells import default_spec
    finally:
        sys.path.pop(0)
    return default_spec(root / "_config.yml")


def _build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    root = Path(app.confdir)
    if not (root / "scripts" / "install_cells.py").is_file() or not (root / "exercises").is_dir():
        return  # a single page built alone (jupyter-book build book/PAGE): no course around it
    # Beside the start page (book/intro.html), which links to it by its bare name.
    start = Path(app.outdir) / Path(app.config.root_doc).parent
    write_archive(root, start / ARCHIVE, _spec(root))


def setup(app):
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}


__all__ = ["ARCHIVE", "course_files", "setup", "write_archive"]
