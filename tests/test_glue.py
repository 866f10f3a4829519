"""Numbers in the prose come from the code (issue 13): a decimal or a percentage written in a
chapter's text is either glued from a computation with myst-nb (``{glue:text}`key:.2f` ``) or is a
definition, written as math (``$\\beta_1 = 0.9$``) or code (`` `lr=0.001` ``). Plain prose may not
state one, because a number typed by hand goes stale when the code changes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
_GLUED = re.compile(r"""\bglue\(\s*["']([\w.-]+)["']""")
_USED = re.compile(r"\{glue(?::\w+)?\}`([\w.-]+)")
_NUMBER = re.compile(r"(?<![\w.,/^_-])\d+\.\d+(?![\w.])|(?<![\w.])\d+(?:\.\d+)?\s?%")


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def prose(markdown: str) -> str:
    """The plain text of a markdown cell: code, math, roles, link targets and directive options removed."""
    text = re.sub(r"(`{3,}|~{3,})\s*(?:python|text|bash|console)?\n.*?\1", " ", markdown, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", " ", text, flags=re.S)
    text = re.sub(r"(?<!\\)\$[^$\n]+?\$", " ", text)
    text = re.sub(r"\{[\w:-]+\}`[^`]*`", " ", text)       # roles: glue, cite, term, doc, math
    text = re.sub(r"`[^`\n]*`", " ", text)                 # inline code
    text = re.sub(r"\]\([^)]*\)", "]", text)               # link targets
    text = re.sub(r"^:[\w-]+:.*$", " ", text, flags=re.M)  # directive options
    return text


def test_the_pattern_finds_decimals_and_percentages_but_not_definitions():
    found = _NUMBER.findall(prose("The mean moved by 2.6 and 79 % of the square, with $\\beta = 0.9$, "
                                  "`lr=0.001`, {glue:text}`shift:.1f` and section 7.10.2 of a book."))
    assert found == ["2.6", "79 %"], found


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_numbers_in_the_prose_are_glued_or_written_as_definitions(path: Path):
    stray = []
    for index, cell in enumerate(_cells(path)):
        if cell["cell_type"] == "markdown":
            for match in _NUMBER.finditer(prose(_source(cell))):
                stray.append(f"cell {index}: {match.group(0)!r}")
    assert not stray, (
        f"{path.name} states numbers by hand: {stray}. Glue a computed number (myst_nb.glue and "
        "{glue:text}`key:.2f`); write a definition (a default, a chosen setting) as math or code."
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_glued_name_used_in_the_text_is_glued_by_the_code(path: Path):
    cells = _cells(path)
    glued = {name for c in cells if c["cell_type"] == "code" for name in _GLUED.findall(_source(c))}
    used = {name for c in cells if c["cell_type"] == "markdown" for name in _USED.findall(_source(c))}
    assert used <= glued, f"{path.name} uses glue names no cell defines: {sorted(used - glued)}"


def _displays(glue, *calls) -> list:
    from unittest import mock

    shown = []
    record = lambda *a, **k: shown.append((a, k))  # noqa: E731
    # myst-nb binds IPython's display at import; the course's glue looks it up at each call.
    with mock.patch("IPython.display.display", record), mock.patch("myst_nb.ext.glue.ipy_display", record):
        for args, kwargs in calls:
            glue(*args, **kwargs)
    return shown


def test_the_course_glue_writes_what_myst_nb_glue_writes():
    from myst_nb.ext.glue import glue as myst_glue

    from paramcourse.glue import glue

    calls = [(("a", 0.125), {"display": False}), (("b", 3), {"display": True}), (("c", "text"), {"display": False})]
    assert _displays(glue, *calls) == _displays(myst_glue, *calls)


def test_numpy_scalars_are_glued_as_numbers_the_text_role_can_format():
    import numpy as np

    from paramcourse.glue import GLUE_PREFIX, glue

    ((args, _),) = _displays(glue, (("x", np.float64(0.5)), {}))
    assert float(args[0][GLUE_PREFIX + "text/plain"]) == 0.5
