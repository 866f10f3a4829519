"""The built book as a reader meets it, in a real browser.

Debian's Chromium (``scripts/install-system-packages.sh`` installs it; Playwright drives it as
its executable, Playwright's own browser builds are never downloaded) opens the site served by
a local ``http.server`` on 127.0.0.1 and checks, page by page, what a person would notice:

* every page of ``_toc.yml`` loads with no console error, no uncaught exception and no failed
  request, and no request leaves 127.0.0.1 (MathJax, fonts and scripts come with the site);
  the math on a page is typeset by MathJax;
* the search page finds the chapter about a key term;
* previous/next buttons walk the table of contents in order, the sidebar links open every page,
  toggled answers open on click and on Enter;
* the launch buttons (Binder, Colab) and the download button point at notebooks of this
  repository;
* at phone width (390 px) no page scrolls sideways and figures fit the screen;
* images have alt text and headings do not skip a level.

Screenshots of every page (desktop and phone) go to ``_build/test-artifacts/`` (git-ignored).
The pages come from ``_toc.yml``, so new chapters are covered as they land.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml
from playwright.sync_api import BrowserContext, Page

from conftest import REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("book")]

#: Debian's Chromium; another build can be named with PARAMCOURSE_CHROMIUM.
CHROMIUM = os.environ.get("PARAMCOURSE_CHROMIUM", "/usr/bin/chromium")

#: Headless, no sandbox (containers, root), and none of Chromium's own traffic to Google's hosts
#: (updates, field trials, sync), so that every request the tests see comes from the page.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

ARTIFACTS = REPO_ROOT / "_build" / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

#: Terms a reader searches for. A term is checked once some page of the book mentions it (the
#: chapters on initialization, regularization and optimizers bring "Xavier", "lasso", "Adam").
SEARCH_TERMS = ["gradient", "intercept", "learning rate", "Xavier", "lasso", "Adam"]


# --- the table of contents -------------------------------------------------------------------


def _toc_entries(entries: list[dict]) -> Iterator[str]:
    for entry in entries:
        if "file" in entry:
            yield entry["file"]
        yield from _toc_entries(entry.get("sections", []))


def toc_pages() -> list[str]:
    """Every page of ``_toc.yml`` in reading order (the root first), without suffix."""
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += list(_toc_entries(part.get("chapters", [])))
    pages += list(_toc_entries(toc.get("chapters", [])))
    pages += list(_toc_entries(toc.get("sections", [])))
    return [p.removesuffix(".md").removesuffix(".ipynb") for p in pages]


def source_of(page: str) -> Path:
    """The repository file a page is built from."""
    for suffix in (".ipynb", ".md", ".rst"):
        path = REPO_ROOT / f"{page}{suffix}"
        if path.is_file():
            return path
    raise AssertionError(f"{page} is in _toc.yml but has no source file")


PAGES = toc_pages()


def _page_id(page: str) -> str:
    return page.replace("/", "_")


# --- the site server and the browser ---------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> Iterator[str]:
    """The built site served on 127.0.0.1 at a free port, from a thread, for the session."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def launch_chromium(playwright, user_data_dir: Path, **options) -> BrowserContext:
    """Debian's Chromium, headless, with a fresh profile in ``user_data_dir``."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"{CHROMIUM} not found: run `bash scripts/install-system-packages.sh` first "
            "(or set PARAMCOURSE_CHROMIUM to a Chromium executable)"
        )
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir),
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        **options,
    )


@pytest.fixture(scope="session")
def browser(playwright_driver, tmp_path_factory) -> Iterator[BrowserContext]:
    context = launch_chromium(playwright_driver, tmp_path_factory.mktemp("chromium-profile"), viewport=DESKTOP)
    context.set_default_timeout(30_000)
    try:
        yield context
    finally:
        context.close()


class PageLog:
    """Everything a page did that a reader could be hurt by: console errors, uncaught
    exceptions, failed requests, and requests to any host but the local server."""

    def __init__(self, page: Page, site_url: str) -> None:
        self.host = urlsplit(site_url).netloc
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught exception: {error}"))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.errors.append(f"console error: {message.text} ({where})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def foreign_requests(self) -> list[str]:
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.scheme not in ("http", "https") or parts.netloc != self.host:
                foreign.append(url)
        return foreign

    def assert_clean(self, what: str) -> None:
        foreign = self.foreign_requests()
        assert not foreign, f"{what}: requests left 127.0.0.1: {foreign}"
        assert not self.errors, f"{what}: errors in the browser: {self.errors}"
        assert not self.failed, f"{what}: failed requests: {self.failed}"


@pytest.fixture
def tab(browser, site_url) -> Iterator[tuple[Page, PageLog]]:
    """A new tab of the session's browser and the log of what it does."""
    page = browser.new_page()
    log = PageLog(page, site_url)
    try:
        yield page, log
    finally:
        page.close()


# --- helpers ---------------------------------------------------------------------------------

#: A page is ready to read when it has loaded, its fonts and images are in, and MathJax has
#: typeset every formula (each ``.math`` element holds an ``mjx-container``). Waiting on these
#: conditions replaces Playwright's "networkidle", which does not always fire for pages served
#: from the browser's memory cache.
_SETTLED = """() => {
    if (document.readyState !== 'complete' || document.fonts.status !== 'loaded') return false;
    if (![...document.images].every(image => image.complete)) return false;
    const math = [...document.querySelectorAll('.math')];
    if (math.length === 0) return true;
    return Boolean(window.MathJax && window.MathJax.startup)
        && math.every(element => element.querySelector('mjx-container') !== null);
}"""


def settle(page: Page) -> None:
    """Wait until the current page is ready to read (see ``_SETTLED``)."""
    page.wait_for_load_state("load")
    page.wait_for_function(_SETTLED, timeout=30_000)


def open_page(page: Page, url: str) -> None:
    """Go to ``url`` and wait until it is ready to read."""
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    settle(page)


def path_of(url: str, site_url: str) -> str:
    """The page a URL shows, as in _toc.yml (``book/01_what_is_a_parameter``)."""
    path = urlsplit(url).path
    base = urlsplit(site_url).path
    return path[len(base):].removesuffix(".html") if path.startswith(base) else path


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target))
    return target


def _clean_title(text: str) -> str:
    text = text.strip().removesuffix("#").strip()
    return re.sub(r"^\d+(\.\d+)*\.?\s+", "", text)


def article_text(html_file: Path) -> str:
    """The readable text of a page's article (no navigation, scripts or tags)."""
    html = html_file.read_text(encoding="utf-8")
    match = re.search(r"<article[^>]*bd-article[^>]*>(.*?)</article>", html, re.S)
    body = match.group(1) if match else html
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", body))


# --- every page: loads offline, clean, with its math ------------------------------------------


@pytest.mark.parametrize("page_name", PAGES, ids=_page_id)
def test_page_loads_offline_with_no_error_and_typeset_math(tab, site_url, page_name):
    page, log = tab
    open_page(page, f"{site_url}{page_name}.html")
    screenshot(page, f"desktop-{_page_id(page_name)}")
    log.assert_clean(page_name)
    assert log.requests, "the browser recorded no request at all"

    math = page.locator(".math")
    source = source_of(page_name).read_text(encoding="utf-8")
    if re.search(r"\$[^$\n]+\$", source):
        assert math.count() > 0, f"{page_name}: its source has $...$ math but the page has none"
    if math.count():
        assert page.locator("mjx-container").count() >= math.count()
        errors = page.locator("mjx-merror").all_inner_texts()
        assert not errors, f"{page_name}: MathJax could not typeset: {errors}"
        scripts = [urlsplit(u).path for u in log.requests if "mathjax" in u.lower()]
        assert any(s.endswith("/_static/mathjax/tex-chtml.js") for s in scripts), scripts


def test_root_url_opens_the_first_page(tab, site_url):
    page, log = tab
    page.goto(site_url, wait_until="load")
    page.wait_for_url(f"{site_url}{PAGES[0]}.html")
    settle(page)
    log.assert_clean("index.html")


# --- search ----------------------------------------------------------------------------------


def _wait_for_search(page: Page) -> list[str]:
    page.wait_for_function(
        """() => {
            const summary = document.querySelector('#search-results .search-summary');
            return summary !== null && /found|did not match/.test(summary.textContent);
        }"""
    )
    return page.locator("#search-results ul.search li a").evaluate_all(
        "links => links.map(link => link.href)"
    )


def _pages_mentioning(built_site: Path, term: str) -> dict[str, int]:
    pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, term.split())), re.I)
    counts = {}
    for page in PAGES:
        n = len(pattern.findall(article_text(built_site / f"{page}.html")))
        if n:
            counts[page] = n
    return counts


@pytest.mark.parametrize("term", SEARCH_TERMS)
def test_search_finds_the_chapter_about_a_term(tab, site_url, built_site, term):
    counts = _pages_mentioning(built_site, term)
    if not counts:
        pytest.skip(f"no page of the book mentions {term!r} yet")
    # The page that uses the term most is the one a reader is looking for.
    expected = max(counts, key=counts.get)
    page, log = tab
    open_page(page, f"{site_url}search.html?q={term.replace(' ', '+')}")
    found = [path_of(url, site_url) for url in _wait_for_search(page)]
    assert expected in found, f"searching {term!r} found {found}, not {expected} ({counts})"
    log.assert_clean(f"search for {term!r}")


def test_search_box_works_from_the_keyboard(tab, site_url, built_site):
    term = next((t for t in SEARCH_TERMS if _pages_mentioning(built_site, t)), None)
    assert term, f"none of {SEARCH_TERMS} appears in the book"
    page, log = tab
    open_page(page, f"{site_url}{PAGES[0]}.html")
    page.keyboard.press("Control+k")
    box = page.locator("input[name='q']:visible").first
    box.wait_for(state="visible")
    box.fill(term)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?"))
    assert parse_qs(urlsplit(page.url).query).get("q") == [term]
    assert _wait_for_search(page), f"the search box found nothing for {term!r}"
    screenshot(page, "desktop-search")
    log.assert_clean("search box")


# --- navigation ------------------------------------------------------------------------------


def _follow(page: Page, link) -> str:
    """Click a link and wait until its page has loaded."""
    target = link.evaluate("a => a.href").split("#")[0]
    link.click()
    page.wait_for_url(lambda url: url.split("#")[0] == target)
    settle(page)
    return target


def test_next_and_previous_buttons_walk_the_toc_in_order(tab, site_url):
    page, log = tab
    open_page(page, f"{site_url}{PAGES[0]}.html")
    visited = [path_of(page.url, site_url)]
    while page.locator("a.right-next").count():
        _follow(page, page.locator("a.right-next"))
        visited.append(path_of(page.url, site_url))
        assert len(visited) <= len(PAGES) + 1, f"'next' goes round in circles: {visited}"
    assert visited == PAGES, "the 'next' buttons do not follow _toc.yml"

    back = [path_of(page.url, site_url)]
    while page.locator("a.left-prev").count():
        _follow(page, page.locator("a.left-prev"))
        back.append(path_of(page.url, site_url))
        assert len(back) <= len(PAGES) + 1, f"'previous' goes round in circles: {back}"
    assert back == PAGES[::-1], "the 'previous' buttons do not follow _toc.yml"
    log.assert_clean("previous/next walk")


def test_sidebar_table_of_contents_opens_every_page(tab, site_url):
    page, log = tab
    open_page(page, f"{site_url}{PAGES[0]}.html")
    nav = page.locator("nav.bd-docs-nav")
    hrefs = nav.locator("a.reference.internal").evaluate_all("links => links.map(a => a.href)")
    listed = [path_of(href.split("#")[0], site_url) for href in hrefs]
    assert listed == PAGES, "the sidebar does not list the pages of _toc.yml in order"

    for page_name in PAGES[1:] + PAGES[:1]:
        link = nav.locator("a.reference.internal").nth(PAGES.index(page_name))
        # Sections of a chapter sit in collapsed <details>: open them as a reader would.
        link.evaluate(
            "a => { for (let d = a.closest('details'); d; d = d.parentElement.closest('details'))"
            " d.open = true; }"
        )
        title = _clean_title(link.inner_text())
        _follow(page, link)
        assert path_of(page.url.split("#")[0], site_url) == page_name
        heading = _clean_title(page.locator("article h1").first.inner_text())
        assert heading == title, f"the sidebar says {title!r}, the page is titled {heading!r}"
        current = nav.locator("a.reference.internal.current, li.current > a").first
        assert path_of(current.evaluate("a => a.href").split("#")[0], site_url) == page_name
    log.assert_clean("sidebar walk")


def test_toggled_answers_open_on_click_and_keyboard(tab, site_url):
    page, log = tab
    opened = 0
    for page_name in PAGES:
        open_page(page, f"{site_url}{page_name}.html")
        buttons = page.locator("article button.toggle-button")
        for i in range(buttons.count()):
            button = buttons.nth(i)
            target = page.locator(f"[id='{button.get_attribute('data-target')}']")
            content = target.locator(":scope > :not(.admonition-title)").first
            assert "toggle-hidden" in (target.get_attribute("class") or "")
            assert not content.is_visible(), f"{page_name}: answer {i + 1} is shown before a click"
            button.scroll_into_view_if_needed()
            if i % 2 == 0:
                button.click()
            else:  # every other one from the keyboard
                button.focus()
                page.keyboard.press("Enter")
            content.wait_for(state="visible")
            assert button.get_attribute("aria-expanded") == "true"
            opened += 1
        details = page.locator("article details:not(.toctree-wrapper details)")
        for i in range(details.count()):
            item = details.nth(i)
            if item.evaluate("d => d.open"):
                continue
            item.locator(":scope > summary").click()
            page.wait_for_function("d => d.open", arg=item.element_handle())
            opened += 1
    assert opened, "no page of the book has a toggled answer"
    log.assert_clean("toggles")


def _repository() -> tuple[str, str, str]:
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))
    repo = config["repository"]
    owner, name = urlsplit(repo["url"]).path.strip("/").removesuffix(".git").split("/")[:2]
    return owner, name, repo.get("branch", "main")


NOTEBOOK_PAGES = [p for p in PAGES if source_of(p).suffix == ".ipynb"]


@pytest.mark.parametrize("page_name", NOTEBOOK_PAGES, ids=_page_id)
def test_launch_and_download_buttons_point_at_the_repository_notebook(tab, site_url, page_name):
    page, log = tab
    owner, name, branch = _repository()
    notebook = source_of(page_name).relative_to(REPO_ROOT).as_posix()
    open_page(page, f"{site_url}{page_name}.html")

    page.locator(".dropdown-launch-buttons button.dropdown-toggle").click()
    menu = page.locator(".dropdown-launch-buttons .dropdown-menu")
    menu.wait_for(state="visible")
    # (Bootstrap moves the links' titles into tooltips: find them by their text.)
    links = {service: menu.locator("a.dropdown-item", has_text=service) for service in ("Binder", "Colab")}
    patterns = {
        "Binder": rf"/v2/gh/{owner}/{name}/{branch}\?urlpath=lab/tree/(?P<path>[^&#]+)$",
        "Colab": rf"/github/{owner}/{name}/blob/{branch}/(?P<path>[^?#]+)$",
    }
    for service, link in links.items():
        assert link.count() == 1 and link.is_visible(), f"{page_name}: no visible {service} button"
        href = link.get_attribute("href")
        match = re.search(patterns[service], href)
        assert match, f"{page_name}: {service} link {href} does not name {owner}/{name}@{branch}"
        assert match["path"] == notebook, f"{service} opens {match['path']}, not {notebook}"
        assert (REPO_ROOT / match["path"]).is_file()
    page.keyboard.press("Escape")

    page.locator(".dropdown-download-buttons button.dropdown-toggle").click()
    download = page.locator(".dropdown-download-buttons a.btn-download-source-button")
    download.wait_for(state="visible")
    response = page.request.get(urljoin(page.url, download.get_attribute("href")))
    assert response.ok, f"{page_name}: download link answers {response.status}"
    served = json.loads(response.body())
    stored = json.loads((REPO_ROOT / notebook).read_text(encoding="utf-8"))
    assert [c["source"] for c in served["cells"]] == [c["source"] for c in stored["cells"]]
    log.assert_clean(f"{page_name} buttons")


# --- phone width and accessibility -----------------------------------------------------------

_WIDER_THAN_SCREEN = """() => {
    const limit = window.innerWidth + 1;
    const wide = [];
    for (const element of document.querySelectorAll('body *')) {
        const box = element.getBoundingClientRect();
        if (box.width > 0 && box.right > limit && getComputedStyle(element).position !== 'fixed') {
            // Only elements that make the page itself wider, not content of a scrolling box.
            let parent = element.parentElement, clipped = false;
            while (parent && parent !== document.body) {
                const overflow = getComputedStyle(parent).overflowX;
                if (overflow !== 'visible') { clipped = true; break; }
                parent = parent.parentElement;
            }
            if (!clipped) wide.push(`${element.tagName.toLowerCase()}.${element.className}`);
        }
    }
    return wide.slice(0, 10);
}"""


@pytest.mark.parametrize("page_name", PAGES, ids=_page_id)
def test_phone_width_has_no_sideways_scroll_and_figures_fit(tab, site_url, page_name):
    page, log = tab
    page.set_viewport_size(PHONE)
    open_page(page, f"{site_url}{page_name}.html")
    screenshot(page, f"phone-{_page_id(page_name)}")
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert inner == PHONE["width"]
    assert width <= inner + 1, (
        f"{page_name} scrolls sideways at {inner} px (content {width} px wide): "
        f"{page.evaluate(_WIDER_THAN_SCREEN)}"
    )
    figures = page.locator("article img").evaluate_all(
        """images => images.filter(i => i.getClientRects().length).map(i => ({
            src: i.getAttribute('src'), width: i.getBoundingClientRect().width,
            right: i.getBoundingClientRect().right, natural: i.naturalWidth}))"""
    )
    for figure in figures:
        assert figure["natural"] > 0, f"{page_name}: image {figure['src']} did not load"
        assert figure["width"] <= inner and figure["right"] <= inner + 1, (
            f"{page_name}: image {figure['src']} is {figure['width']:.0f} px wide on a "
            f"{inner} px screen"
        )
    log.assert_clean(f"{page_name} at phone width")


@pytest.mark.parametrize("page_name", PAGES, ids=_page_id)
def test_images_have_alt_text_and_headings_do_not_skip_levels(tab, site_url, page_name):
    page, log = tab
    open_page(page, f"{site_url}{page_name}.html")
    images = page.locator("img").evaluate_all(
        "images => images.map(i => ({src: i.getAttribute('src'), alt: i.getAttribute('alt')}))"
    )
    missing = [i["src"] for i in images if not (i["alt"] or "").strip()]
    assert not missing, f"{page_name}: images without alt text: {missing}"

    # The outline a screen reader announces: rendered headings, in document order.
    levels = page.locator("h1, h2, h3, h4, h5, h6").evaluate_all(
        """headings => headings.filter(h => h.getClientRects().length)
            .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)])"""
    )
    assert levels and levels[0][0] == 1, f"{page_name}: the first heading is not an h1: {levels}"
    assert sum(1 for level, _ in levels if level == 1) == 1, f"{page_name}: several h1: {levels}"
    for (before, _), (level, text) in zip(levels, levels[1:]):
        assert level <= before + 1, f"{page_name}: heading {text!r} jumps from h{before} to h{level}"
    log.assert_clean(page_name)
