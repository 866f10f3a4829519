"""What every chapter carries, read from the notebook sources (fast; the built pages are
checked in test_book.py): learning objectives, figures with captions and alt text, practice
questions, a summary, a pointer to the graded work, and the misconception boxes of the topic map.
"""

from __future__ import annotations

import json
import re

import pytest

import paramcourse.widgets
from conftest import REPO_ROOT

CHAPTERS = sorted((REPO_ROOT / "book").glob("[0-9][0-9]_*.ipynb"))

# The common claims the topic map asks the book to correct, each in a "Misconception:" box.
CLAIMS = [
    "Parameter tuning means grid, random or Bayesian search.",
    "Regularization strength and the activation function are tuning parameters of the network.",
    "Linear regression has two parameters.",
    "Random search is faster than grid search.",
    "Gradient descent finds the lowest point of the valley.",
    "Random initialization is about starting from different places each run.",
    "Adam picks a learning rate for each parameter.",
    "A bigger coefficient means a more important feature.",
    "Better-fitted parameters mean a more accurate model.",
    "Bayesian optimization uses probability to guess, especially with many parameters.",
    "L2 regularization shrinks all parameters equally.",
    "Parameter sharing is only about using fewer parameters.",
]


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _markdown(path) -> str:
    return "\n".join("".join(c["source"]) for c in _cells(path) if c["cell_type"] == "markdown")


def test_all_eighteen_chapters_exist():
    # Chapters 16-18 were added in the second edition; their files keep new numbers so that the
    # first edition's links and practice modules (ch01..ch15) stay valid, and _toc.yml places them.
    numbers = [int(p.name[:2]) for p in CHAPTERS]
    assert numbers == list(range(1, 19)), numbers


def test_every_claim_of_the_topic_map_has_its_misconception_box():
    titles = set()
    for path in CHAPTERS:
        titles |= {
            t.strip() for t in re.findall(r"\{admonition\}\s*Misconception:(.*)", _markdown(path))
        }
    missing = [claim for claim in CLAIMS if claim not in titles]
    assert not missing, f"no misconception box for: {missing}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_structure(path):
    text = _markdown(path)
    assert "Learning objectives" in text
    assert re.search(r"^## Summary", text, re.M), "no Summary section"
    assert re.search(r"^## Graded assignment", text, re.M), "no pointer to the graded work"
    assert text.count("{exercise}") >= 2, "fewer than two practice questions"
    assert text.count("{solution}") >= text.count("{exercise}"), "a question without answer"
    assert re.search(r"\{solution\}[^\n]*\n:class: dropdown", text), "answers must be hidden"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_code_imports_the_package_and_figures_are_described(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    assert any("paramcourse" in "".join(c["source"]) for c in code)
    figures = [c["metadata"].get("mystnb", {}) for c in code if "mystnb" in c["metadata"]]
    described = [
        f for f in figures
        if f.get("figure", {}).get("caption", "").strip() and f.get("image", {}).get("alt", "").strip()
    ]
    assert len(described) >= 2, "a chapter needs at least two figures with caption and alt text"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_explorer_cells_are_skipped_in_the_build_and_followed_by_a_fallback(path):
    cells = _cells(path)
    for i, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and "explore_" in source and "widgets." in source:
            assert "skip-execution" in cell["metadata"].get("tags", []), (
                f"{path.name} cell {i}: an explorer cell must carry the skip-execution tag"
            )
            following = "".join(cells[i + 1]["source"]) if i + 1 < len(cells) else ""
            assert "static_" in following, f"{path.name} cell {i}: no static fallback after it"


def test_at_least_six_explorers_each_with_a_static_fallback():
    explorers = [n for n in paramcourse.widgets.__all__ if n.startswith("explore_")]
    assert len(explorers) >= 6, explorers
    for name in explorers:
        fallback = "static_" + name.removeprefix("explore_")
        assert fallback in paramcourse.widgets.__all__, f"{name} has no {fallback}"
