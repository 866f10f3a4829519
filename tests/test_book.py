"""The book builds from a clean state with no warning, every chapter executed, and the site it
produces is self-contained: no asset from another host, math served locally, figures with alt
text, launch buttons that point at notebooks in this repository.

One cold build (about a minute, the session-wide ``built_site`` fixture) serves every test here
and the browser tests; they are marked slow."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import REPO_ROOT

# One build per session, shared with the browser tests: keep them in one xdist worker.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("book")]


class _PageParser(HTMLParser):
    """Collects what the tests look at: asset URLs, images, links, admonition titles."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.images: list[dict] = []
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])
        if tag == "link" and attrs.get("rel") in ("stylesheet", "preload") and attrs.get("href"):
            self.assets.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs)
            self.assets.append(attrs.get("src", ""))
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_data(self, data):
        self.text.append(data)


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


CHAPTERS = sorted(p.stem for p in (REPO_ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def _toc_pages() -> list[str]:
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [c["file"] for c in part.get("chapters", [])]
    return pages


@pytest.fixture
def site(built_site) -> Path:
    """The book built once per session (``built_site`` in conftest.py)."""
    return built_site


def test_every_toc_page_has_html(site):
    for page in _toc_pages():
        assert (site / f"{page}.html").is_file(), f"{page} was not built"


def test_no_page_loads_assets_from_another_host(site):
    offenders = {}
    for html in site.rglob("*.html"):
        external = [a for a in _parse(html).assets if re.match(r"^(https?:)?//", a)]
        if external:
            offenders[str(html.relative_to(site))] = external
    assert not offenders, f"pages load assets from other hosts: {offenders}"


def test_mathjax_is_served_with_the_site(site):
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file()
    chapter = _parse(site / "book" / "05_gradient_descent.html")
    assert any(a.endswith("_static/mathjax/tex-chtml.js") for a in chapter.assets)


def test_every_image_has_alt_text_and_exists(site):
    for page in _toc_pages():
        path = site / f"{page}.html"
        for img in _parse(path).images:
            assert img.get("alt", "").strip(), f"{page}: image {img.get('src')} has no alt text"
            assert (path.parent / img["src"]).is_file(), f"{page}: missing image {img['src']}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapters_have_figures_misconceptions_and_exercises(site, chapter):
    page = _parse(site / "book" / f"{chapter}.html")
    text = " ".join(page.text)
    figures = [i for i in page.images if "_images/" in i.get("src", "")]
    assert len(figures) >= 2, f"{chapter}: expected at least two figures made by its code"
    assert "Misconception:" in text
    assert "Learning objectives" in text or "learning objectives" in text.lower()
    assert re.search(r"Exercise \d", text), f"{chapter}: no practice questions"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_launch_buttons_point_to_notebooks_in_the_repository(site, chapter):
    links = _parse(site / "book" / f"{chapter}.html").links
    binder = [link for link in links if "mybinder.org" in link]
    colab = [link for link in links if "colab.research.google.com" in link]
    assert binder and colab, f"{chapter}: launch buttons missing"
    for link in binder + colab:
        match = re.search(r"(book/[\w./-]+\.ipynb)", link.replace("%2F", "/"))
        assert match, f"launch link does not name a notebook: {link}"
        assert (REPO_ROOT / match.group(1)).is_file(), f"{link} points to a missing notebook"


def test_the_site_offers_the_whole_course_as_one_zip_linked_from_the_start_page(site):
    import zipfile

    archive = site / "book" / "paramcourse-notebooks.zip"  # beside the start page, book/intro.html
    assert archive.is_file(), "the build did not write the course download"
    names = zipfile.ZipFile(archive).namelist()
    assert {f"paramcourse/book/{c}.ipynb" for c in CHAPTERS} <= set(names)
    assert not [n for n in names if "solutions" in n or "mistakes" in n]
    start = _parse(site / "book" / "intro.html")
    assert "paramcourse-notebooks.zip" in start.links, start.links


def test_the_install_cell_is_not_shown_on_the_pages(site):
    for chapter in CHAPTERS:
        text = (site / "book" / f"{chapter}.html").read_text(encoding="utf-8")
        assert "PARAMCOURSE_PIP_SPEC" not in text, f"{chapter} shows the install cell"
