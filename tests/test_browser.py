"""The built site in headless Chromium, as a reader uses it.

Serves the built site over HTTP on 127.0.0.1 and drives the system Chromium with Playwright:
paragraph links, search on dossier numbers, footnote tooltips, register links, citations on
the clipboard, links to anchors that no longer exist, keyboard access. Screenshots of the home
page, a chapter and a register go to tests/output/screenshots/.

Without /usr/bin/chromium these tests are skipped, except in CI (CI set), where that is an
error: .ci/install-browser installs it.
"""

from __future__ import annotations

import functools
import os
import re
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from site_fixture import ROOT, BuiltSite, converter_available, shared_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = ROOT / "tests" / "output" / "screenshots"
CHAPTER = "staat-van-migratie-2023/02-migratie-naar-nederland/"
INTRO = "staat-van-migratie-2023/01-inleiding/"

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} missing in CI: run .ci/install-browser first")
    pytest.skip(
        f"{CHROMIUM} not installed (apt-get install chromium, or .ci/install-browser)",
        allow_module_level=True,
    )

try:
    from playwright import sync_api
except ImportError:
    if os.environ.get("CI"):
        raise
    pytest.skip(
        "playwright (Python) not installed: pip install -e .[test]", allow_module_level=True
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class Server:
    """The built site over HTTP on a free port of 127.0.0.1."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    return shared_site("synthetic", tmp_path_factory.mktemp)


@pytest.fixture(scope="module")
def server(site) -> Iterator[Server]:
    server = Server(site.site)
    yield server
    server.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base.rstrip("/"))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: _request_failed(errors, server, request))
    page.errors = errors
    yield page
    context.close()
    assert errors == []


def _request_failed(errors: list[str], server: Server, request) -> None:
    """Failed requests to the site count as errors; requests cut off by navigation do not."""
    if request.url.startswith(server.base) and "ERR_ABORTED" not in (request.failure or ""):
        errors.append(f"request failed: {request.url} ({request.failure})")


def open_page(page, server: Server, path: str) -> None:
    page.goto(server.base + path)
    page.wait_for_load_state("load")
    page.wait_for_function(
        "document.querySelector('.bl-tools') !== null || !document.querySelector('.bl-para')"
    )


def settled_hrefs(page, links, deadline: float = 10.0) -> list[str]:
    """The links' hrefs once two reads 250 ms apart agree.

    Material re-renders the results on every key typed; reading them one by one while that
    happens can wait for an element that is already gone.
    """
    read = "links => links.map(a => a.getAttribute('href') || '')"
    previous = links.evaluate_all(read)
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        page.wait_for_timeout(250)
        current = links.evaluate_all(read)
        if current == previous and current:
            return current
        previous = current
    return previous


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight && r.bottom > 0; }",
    )


def test_paragraph_link_scrolls_and_highlights(page, server):
    open_page(page, server, CHAPTER + "#p6-3")
    target = page.locator("#p6-3")
    assert in_viewport(page, "#p6-3")
    assert "bl-target" in (target.get_attribute("class") or "")
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    other = page.locator("#p5-1").evaluate("el => getComputedStyle(el).backgroundColor")
    assert other in ("rgba(0, 0, 0, 0)", "transparent")


def test_paragraph_tools(page, server):
    open_page(page, server, CHAPTER)
    para = page.locator("#p6-1")
    tools = para.locator(".bl-tools")
    assert tools.locator(".bl-permalink").get_attribute("href") == "#p6-1"
    assert tools.locator(".bl-permalink").get_attribute("aria-label") == "Link naar deze alinea"
    pdf = tools.locator(".bl-pdfpage")
    assert pdf.inner_text() == "p. 4"  # the printed label, not the PDF page number
    assert pdf.get_attribute("href").endswith("staat-van-migratie-2023.pdf#page=6")
    assert float(tools.evaluate("el => getComputedStyle(el).opacity")) == 0
    para.hover()
    page.wait_for_function(
        "getComputedStyle(document.querySelector('#p6-1 .bl-tools')).opacity === '1'"
    )
    # a list item gets the tools too
    assert page.locator("#p6-2 .bl-permalink").count() == 1


def test_permalink_is_reachable_by_keyboard(page, server):
    open_page(page, server, CHAPTER)
    page.locator("#p5-1").evaluate("el => el.scrollIntoView()")
    page.focus("h1")  # start tabbing from the content
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        if "bl-permalink" in focused:
            break
    else:
        pytest.fail("no ¶ link reachable with Tab")
    # shown while focused (after the short fade-in)
    page.wait_for_function("getComputedStyle(document.activeElement.parentElement).opacity === '1'")
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash.startsWith('#p')")


def test_copy_citation(page, server):
    open_page(page, server, CHAPTER)
    page.locator("#p6-1").hover()
    page.locator("#p6-1 .bl-cite").click()
    status = page.locator("#p6-1 .bl-status")
    status.wait_for(state="visible")
    assert status.inner_text() == "Citaat gekopieerd"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"De Staat van Migratie 2023, p. 4, {server.base}{CHAPTER}#p6-1"


def test_footnote_tooltip(page, server):
    open_page(page, server, CHAPTER)
    page.locator("a.footnote-ref[href$='#fn:4']").hover()
    tooltip = page.locator(".md-tooltip2", has_text="32 847, nr. 883")
    tooltip.wait_for(state="visible", timeout=5000)
    assert "Tweede Kamer, vergaderjaar 2021-2022" in tooltip.inner_text()


@pytest.mark.parametrize("query", ["32847", "32 847", "kst-32847-883", "Wi2021"])
def test_search_finds_citing_paragraphs(page, server, query):
    open_page(page, server, "")
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    # result links look like …/02-migratie-naar-nederland/?h=32847#p6-1: the paragraph itself
    hrefs = [re.sub(r"\?h=[^#]*", "", href) for href in settled_hrefs(page, results)]
    assert any(h.endswith("02-migratie-naar-nederland/#p6-1") for h in hrefs), hrefs
    if query != "Wi2021":
        assert any(h.endswith("01-inleiding/#fn:2") for h in hrefs), hrefs
    previews = page.locator(".md-search-result").inner_text()
    assert "kst-32847-883" not in previews  # keywords are searched, never shown
    if query in ("32 847", "Wi2021"):  # words of the text itself are highlighted
        assert page.locator(".md-search-result mark").count() > 0
    page.screenshot(path=str(SCREENSHOTS / f"search-{re.sub(r'[^0-9A-Za-z]+', '-', query)}.png"))


def test_register_entry_leads_to_its_paragraph(page, server):
    open_page(page, server, "register/wetten/")
    entry = page.locator("#wet-inburgering-2021")
    link = entry.locator("xpath=following::a[contains(@href, '#p6-3')][1]")
    link.click()
    page.wait_for_url(re.compile(r"02-migratie-naar-nederland/#p6-3$"))
    page.wait_for_function("document.querySelector('#p6-3.bl-target') !== null")
    assert in_viewport(page, "#p6-3")
    # the register's "p. 4" links to the PDF page
    page.go_back()
    pdf = entry.locator("xpath=following::a[contains(@class, 'bl-pdf-page')][1]")
    assert pdf.get_attribute("href").endswith(
        "staat-van-migratie-2023.pdf#page=5"
    ) or pdf.get_attribute("href").endswith("staat-van-migratie-2022.pdf#page=2")


def test_mention_leads_to_its_register_entry(page, server):
    open_page(page, server, CHAPTER)
    page.locator("#p6-1 a.bl-entity", has_text="Wet inburgering 2021").click()
    page.wait_for_url(re.compile(r"register/wetten/#wet-inburgering-2021$"))
    assert in_viewport(page, "#wet-inburgering-2021")


def test_redirected_anchor_on_the_same_page(page, server):
    open_page(page, server, CHAPTER + "#p5-4")  # published once, now redirected to p5-3
    page.wait_for_function("location.hash === '#p5-3'")
    note = page.locator(".bl-note")
    note.wait_for()
    assert "oudere versie" in note.inner_text()
    assert "bl-target" in (page.locator("#p5-3").get_attribute("class") or "")


def test_unknown_paragraph_falls_back_to_its_page_elsewhere(page, server):
    open_page(page, server, INTRO + "#p6-9")  # never existed; page 6 is in chapter 2
    page.wait_for_url(re.compile(r"02-migratie-naar-nederland/#page-6$"))
    page.locator(".bl-note").wait_for()
    assert in_viewport(page, "#page-6")


def test_unknown_fragment_without_fallback_is_left_alone(page, server):
    open_page(page, server, CHAPTER + "#iets-anders")
    page.wait_for_timeout(300)
    assert page.evaluate("location.hash") == "#iets-anders"
    assert page.locator(".bl-note").count() == 0


def test_instant_navigation_keeps_tools_and_title(page, server):
    open_page(page, server, "staat-van-migratie-2022/01-migratie/")
    page.locator("nav.md-nav--primary a[href$='02-migratie-naar-nederland/']").first.click()
    page.wait_for_url(re.compile(r"02-migratie-naar-nederland/$"))
    page.wait_for_function("document.querySelector('#p6-1 .bl-tools') !== null")
    title = page.evaluate("document.querySelector('meta[name=bl-report-title]').content")
    assert title == "De Staat van Migratie 2023"
    pdf = page.locator("#p6-1 .bl-pdfpage").evaluate("a => a.href")
    assert pdf == f"{server.base}staat-van-migratie-2023/staat-van-migratie-2023.pdf#page=6"


@pytest.mark.parametrize(
    ("name", "path", "full"),
    [
        ("home", "", False),
        ("chapter", CHAPTER + "#p6-1", False),
        ("register-wetten", "register/wetten/", True),
        ("register-kamerstukken", "register/kamerstukken/", False),
    ],
)
def test_screenshots(page, server, name, path, full):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    open_page(page, server, path)
    if name == "chapter":
        page.locator("#p6-1").hover()
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full)
    assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000


# --- the converted sample report --------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> BuiltSite:
    if not converter_available():
        pytest.skip("converter CLI or sample PDF not there yet")
    return shared_site("sample", tmp_path_factory.mktemp)


def test_sample_report_in_the_browser(browser, sample_site):
    server = Server(sample_site.site)
    try:
        model = sample_site.models[0]
        paragraph = next(p for p in model["paragraphs"] if p["footnotes"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.grant_permissions(
            ["clipboard-read", "clipboard-write"], origin=server.base.rstrip("/")
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(server.base + paragraph["url"])
        page.wait_for_function(f"document.querySelector('#{paragraph['id']}.bl-target') !== null")
        assert in_viewport(page, f"#{paragraph['id']}")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "sample-chapter.png"))
        page.locator(f"#{paragraph['id']}").hover()
        page.locator(f"#{paragraph['id']} .bl-cite").click()
        label = next(p["label"] for p in model["pages"] if p["number"] == paragraph["page"])
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == f"{model['title']}, p. {label}, {server.base}{paragraph['url']}"
        # the report's own list numbers show without a bullet beside them
        numbered = next(p for p in model["paragraphs"] if p.get("marker", "")[:1].isdigit())
        page.goto(server.base + numbered["url"])
        bullets = page.evaluate(
            "[...document.querySelectorAll('.md-content li')].map(li => [li.textContent.trim(),"
            " getComputedStyle(li).listStyleType])")
        shown = {text[:20]: style for text, style in bullets}
        marker_text = f"{numbered['marker']} {numbered['text']}"[:20]
        assert shown[marker_text] == "none", shown
        assert "decimal" in shown.values(), shown  # the footnote list keeps its numbers
        page.goto(server.base)
        page.screenshot(path=str(SCREENSHOTS / "sample-home.png"))
        page.goto(server.base + "register/kamerstukken/")
        page.screenshot(path=str(SCREENSHOTS / "sample-register.png"), full_page=False)
        context.close()
        assert errors == []
    finally:
        server.close()
