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
import yaml

from site_fixture import ROOT, SAMPLE_PDF, BuiltSite, converter_available, shared_site

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


TODAY = "2026-12-01T10:00:00"


def copy_with(page, paragraph: str, button: str, status_text: str) -> str:
    page.locator(f"#{paragraph}").hover()
    page.locator(f"#{paragraph} {button}").click()
    status = page.locator(f"#{paragraph} .bl-status")
    # the status of the copy before may still stand there: wait for this one's (retried)
    sync_api.expect(status).to_have_text(status_text)
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_citation(page, server):
    page.clock.set_fixed_time(TODAY)
    open_page(page, server, CHAPTER)
    url = f"{server.base}{CHAPTER}#p6-1"
    copied = copy_with(page, "p6-1", ".bl-cite", "Citaat gekopieerd")
    assert copied == (
        "Ministerie van Justitie en Veiligheid, De Staat van Migratie 2023 (2023), "
        "2 Migratie naar Nederland, 2.2 Inburgering, p. 4, alinea p6-1, "
        f"{url} (geraadpleegd op 1 december 2026).")
    bibtex = copy_with(page, "p6-1", ".bl-cite-bibtex", "BibTeX gekopieerd")
    assert bibtex == (
        "@report{Veiligheid2023-p6-1,\n"
        "  title = {De Staat van Migratie 2023},\n"
        "  author = {{Ministerie van Justitie en Veiligheid}},\n"
        "  institution = {Ministerie van Justitie en Veiligheid},\n"
        "  year = {2023},\n"
        "  pages = {4},\n"
        "  note = {2 Migratie naar Nederland, 2.2 Inburgering, alinea p6-1},\n"
        f"  url = {{{url}}},\n"
        "  urldate = {2026-12-01},\n"
        "  langid = {dutch}\n"
        "}\n")
    ris = copy_with(page, "p6-1", ".bl-cite-ris", "RIS gekopieerd")
    assert ris.split("\r\n") == [
        "TY  - RPRT", "TI  - De Staat van Migratie 2023",
        "AU  - Ministerie van Justitie en Veiligheid",
        "PB  - Ministerie van Justitie en Veiligheid",
        "PY  - 2023", "T2  - 2 Migratie naar Nederland", "N1  - 2.2 Inburgering", "SP  - 4",
        "N1  - alinea p6-1", f"UR  - {url}", "Y2  - 2026-12-01", "LA  - nl", "ER  - ", ""]


def test_report_without_a_known_issuer_is_cited_without_one(page, server):
    page.clock.set_fixed_time(TODAY)
    open_page(page, server, "staat-van-migratie-2022/01-migratie/")
    copied = copy_with(page, "p2-1", ".bl-cite", "Citaat gekopieerd")
    assert copied == (
        "De Staat van Migratie 2022 (2022), 1 Migratie, p. 2, alinea p2-1, "
        f"{server.base}staat-van-migratie-2022/01-migratie/#p2-1 "
        "(geraadpleegd op 1 december 2026).")


def test_footnote_tooltip(page, server):
    open_page(page, server, CHAPTER)
    page.locator("a.footnote-ref[href$='#fn:4']").hover()
    tooltip = page.locator(".md-tooltip2", has_text="32 847, nr. 883")
    tooltip.wait_for(state="visible", timeout=5000)
    assert "Tweede Kamer, vergaderjaar 2021-2022" in tooltip.inner_text()


def search_hrefs(page, query: str) -> list[str]:
    """Type a query into the search dialog; the result links once they have settled."""
    field = page.locator(".bl-search__input")
    field.click()
    field.fill("")
    page.keyboard.type(query)
    results = page.locator(".bl-search__link")
    results.first.wait_for(timeout=10_000)
    settled_hrefs(page, results)
    for _ in range(20):  # all of them: "toon meer resultaten" until there are no more
        more = page.locator(".bl-search__more button")
        if not more.count():
            break
        more.click()
        page.wait_for_function("!document.querySelector('.bl-search__pending')")
    return settled_hrefs(page, results)


@pytest.mark.parametrize("query", ["32847", "32 847", "kst-32847-883", "Wi2021"])
def test_search_finds_citing_paragraphs(page, server, query):
    open_page(page, server, "")
    hrefs = search_hrefs(page, query)
    assert any(h.endswith("02-migratie-naar-nederland/#p6-1") for h in hrefs), hrefs
    if query != "Wi2021":
        assert any(h.endswith("01-inleiding/#fn:2") for h in hrefs), hrefs
    # the hit is visible: the paragraph's words, or its footnote and the citation, marked
    hit = page.locator(".bl-search__link[href$='02-migratie-naar-nederland/#p6-1']")
    assert hit.locator("mark").count() > 0
    if query != "Wi2021":
        assert "32 847, nr. 883" in hit.inner_text()
    assert page.locator(".md-search-result__meta").inner_text().endswith("resultaten")
    page.screenshot(path=str(SCREENSHOTS / f"search-{re.sub(r'[^0-9A-Za-z]+', '-', query)}.png"))


def test_search_results_show_text_and_marks_only(page, server):
    """Pagefind's excerpt is HTML; a result shows its text and its <mark>s, nothing else."""
    open_page(page, server, "")
    html = page.evaluate("""() => window.beleidslezerSearch.resultItem({
        url: "/x/#p1", meta: {title: "<b>titel</b>", report: "R", page: "4"},
        excerpt: '<mark>32847</mark> <img src=x onerror="window.__pwned = 1">' +
                 '<script>window.__pwned = 2</script>'
      }).outerHTML""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    assert "<mark>32847</mark>" in html and "&lt;b&gt;titel&lt;/b&gt;" in html


def test_search_result_leads_to_the_paragraph_and_closes(page, server):
    open_page(page, server, "")
    search_hrefs(page, "leerbaarheidstoets")
    page.locator(".bl-search__link").first.click()
    page.wait_for_url(re.compile(r"02-migratie-naar-nederland/#p6-3$"))
    page.wait_for_function("document.querySelector('#p6-3.bl-target') !== null")
    assert page.evaluate("document.getElementById('__search').checked") is False


def test_search_keyboard(page, server):
    open_page(page, server, CHAPTER)
    page.locator("body").press("/")
    assert page.evaluate("document.activeElement.classList.contains('bl-search__input')")
    page.keyboard.type("Opvangrichtlijn")
    page.locator(".bl-search__link").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('bl-search__link')")
    page.keyboard.press("Escape")
    assert page.evaluate("document.getElementById('__search').checked") is False


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


def test_redirected_anchor_followed_on_an_open_page(page, server):
    open_page(page, server, CHAPTER)
    page.evaluate("""() => { const a = document.createElement('a'); a.href = '#p5-4';
        a.id = 'old-link'; a.textContent = 'oud'; document.querySelector('.md-content__inner p')
        .appendChild(a); }""")
    page.locator("#old-link").click()  # instant navigation: pushState, no hashchange
    page.wait_for_function("location.hash === '#p5-3'")
    page.locator(".bl-note").wait_for()
    page.evaluate("location.hash = '#s2-3'")  # a plain hash change
    page.wait_for_function("location.hash === '#s2-2'")


def test_unknown_fragment_without_fallback_is_left_alone(page, server):
    open_page(page, server, CHAPTER + "#iets-anders")
    page.wait_for_timeout(300)
    assert page.evaluate("location.hash") == "#iets-anders"
    assert page.locator(".bl-note").count() == 0


def test_navigation_shows_only_the_open_reports_chapters(page, server):
    open_page(page, server, INTRO)
    nav = page.locator("nav.md-nav--primary")
    assert nav.locator("a[href$='02-migratie-naar-nederland/']").count() >= 1
    assert nav.locator("a[href*='staat-van-migratie-2022/01-migratie']").count() == 0
    assert nav.get_by_text("De Staat van Migratie 2022").count() >= 1  # the report, collapsed


def test_instant_navigation_keeps_tools_and_title(page, server):
    open_page(page, server, INTRO)
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
        page.clock.set_fixed_time(TODAY)
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
        sections = {x["id"]: x for x in model["sections"]}
        section = sections[paragraph["section"]]
        chapter = next(x for x in model["sections"] if x["file"] == section["file"]
                       and x["level"] == 1)
        heading = lambda x: f"{x['number']} {x['title']}".strip()  # noqa: E731
        where = [heading(chapter)] + ([heading(section)] if section is not chapter else [])
        # issuer and year as checked by hand (tests/expected/imprint.yaml), not as the
        # model says: the converter found them on the cover and in the title
        imprint = yaml.safe_load((ROOT / "tests" / "expected" / "imprint.yaml")
                                 .read_text(encoding="utf-8"))[SAMPLE_PDF.name]
        assert copied == (f"{', '.join(imprint['publisher'])}, {model['title']} "
                          f"({imprint['year']}), {', '.join(where)}, p. {label}, "
                          f"alinea {paragraph['id']}, {server.base}{paragraph['url']} "
                          "(geraadpleegd op 1 december 2026).")
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


def test_sample_search_recall(browser, sample_site):
    """Every paragraph that holds a word (or a longer form of it: asielzoeker, asielzoekers)
    or cites a paper is found; the expected set comes from the model."""
    model = sample_site.models[0]
    server = Server(sample_site.site)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.base)
        words = ["vergunninghouders", "asielzoeker", "arbeidsmigranten", "Oekraïne",
                 "inburgering", "gemeenten", "ontheemden", "opvang", "huisvesting", "woningen",
                 "leerbaarheidstoets", "Richtlijn", "taskforce", "statushouders", "2022"]
        citations = ["32847", "32 847", "kst-32847-883", "Wi2021", "2013/33/EU", "32824"]
        checked = 0
        for query in words + citations:
            expected = _expected_hits(model, query)
            if not expected:
                continue
            found = set(page.evaluate(
                """async q => { await window.beleidslezerSearch.search(q);
                   const all = window.beleidslezerSearch.results();
                   return (await Promise.all(all.map(r => r.data()))).map(d => d.url); }""",
                query))
            found = {urlsplit_path(u) for u in found}
            missing = sorted(expected - found)
            assert not missing, (query, missing[:10], len(expected))
            checked += 1
        assert checked >= 20
    finally:
        context.close()
        server.close()


def urlsplit_path(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path.lstrip("/") + ("#" + parts.fragment if parts.fragment else "")


def _expected_hits(model, query: str) -> set[str]:
    """Paragraph and footnote URLs that must be found for `query`."""
    import sys

    sys.path.insert(0, str(ROOT / "hooks"))
    from bl_registers import dossier_of

    hits: set[str] = set()
    if re.fullmatch(r"[^\W\d_]+", query):  # a word: any word of the text it begins
        word = re.compile(r"\b" + re.escape(query.casefold()) + r"\w*", re.UNICODE)
        for paragraph in model["paragraphs"]:
            if word.search(paragraph["text"].casefold()):
                hits.add(paragraph["url"])
        for note in model["footnotes"]:
            if word.search(note["text"].casefold()):
                hits.add(note["url"])
        return hits
    compact = query.replace(" ", "")
    for kind in ("references", "entities"):
        for item in model[kind]:
            names = {item.get("key", ""), item.get("id", ""), *(item.get("aliases") or ())}
            dossier = dossier_of(item.get("key", "")) if kind == "references" else ""
            if compact not in names and compact != dossier and not any(
                    compact == n.replace(" ", "") for n in names):
                continue
            for occurrence in item["occurrences"]:
                if occurrence.get("footnote"):
                    note = next(f for f in model["footnotes"]
                                if f["number"] == occurrence["footnote"])
                    hits.add(note["url"])
                if occurrence.get("paragraph"):
                    hits.add(next(p["url"] for p in model["paragraphs"]
                                  if p["id"] == occurrence["paragraph"]))
    for paragraph in model["paragraphs"]:  # written in the text itself
        if query in paragraph["text"]:
            hits.add(paragraph["url"])
    return hits


# --- read from disk ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> BuiltSite:
    if not converter_available():
        pytest.skip("converter CLI or sample PDF not there yet")
    return shared_site("sample-offline", tmp_path_factory.mktemp)


def test_offline_site_from_disk(browser, offline_site):
    """file://: pages link to pages (no directory listings), search and tools work."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda r: errors.append(f"{r.url} {r.failure}"))
    try:
        page.goto((offline_site.site / "index.html").as_uri())
        slug = offline_site.models[0]["slug"]
        report = page.locator(f"nav.md-nav--primary a[href='{slug}/index.html']").first
        report.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/index.html"), page.url
        chapter = page.locator(".md-content a[href*='hoofdstuk-2.html']").first
        chapter.click()
        page.wait_for_load_state("load")
        assert re.search(r"hoofdstuk-2\.html(#.*)?$", page.url), page.url
        page.wait_for_function("document.querySelector('.bl-tools') !== null")
        assert page.locator("h1").count() == 1
        for query in ["vergunninghouders", "asielzoeker", "Oekraïne", "32847", "kst-32847-883"]:
            field = page.locator(".md-search__input")
            field.click()
            field.fill("")
            page.keyboard.type(query)  # Material reads keystrokes, not a filled-in value
            results = page.locator(".md-search-result__item a")
            results.first.wait_for(timeout=15_000)
            hrefs = settled_hrefs(page, results)
            assert any(".html" in h and "#" in h for h in hrefs), (query, hrefs)
            page.keyboard.press("Escape")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        field = page.locator(".md-search__input")
        field.click()
        field.fill("")
        page.keyboard.type("vergunninghouders")
        page.locator(".md-search-result__item").first.wait_for()
        page.screenshot(path=str(SCREENSHOTS / "offline-search.png"))
        assert errors == []
    finally:
        context.close()


# --- phones --------------------------------------------------------------------------------

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2, "locale": "nl-NL"}


@pytest.fixture
def phone(browser, server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def test_phone_footnote_tap_shows_the_note_in_place(phone, server):
    open_page(phone, server, CHAPTER)
    marker = phone.locator("a.footnote-ref[href$='#fn:4']")
    marker.scroll_into_view_if_needed()
    marker.tap()
    popover = phone.locator(".bl-note-popover")
    popover.wait_for(state="visible")
    assert "32 847, nr. 883" in popover.inner_text()
    assert phone.evaluate("location.hash") == ""  # no jump to the list
    assert in_viewport(phone, ".bl-note-popover")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "phone-footnote.png"))
    phone.locator(".bl-note-popover__close").tap()
    assert phone.locator(".bl-note-popover").count() == 0


def test_phone_tools_are_big_enough_and_take_no_line(phone, server):
    open_page(phone, server, CHAPTER)
    heights = phone.evaluate("""() => [...document.querySelectorAll('.bl-para')].map(p => {
        const tools = p.querySelector(':scope > .bl-tools');
        const before = p.getBoundingClientRect().height;
        tools.style.display = 'none';
        const after = p.getBoundingClientRect().height;
        tools.style.display = '';
        return [p.id, before, after]; })""")
    assert heights and all(abs(a - b) < 0.5 for _, a, b in heights), heights
    para = phone.locator("#p6-3")
    para.scroll_into_view_if_needed()
    para.tap(position={"x": 20, "y": 10})
    phone.wait_for_function(
        "getComputedStyle(document.querySelector('#p6-3 .bl-tools')).opacity === '1'")
    sizes = phone.locator("#p6-3 .bl-tools a, #p6-3 .bl-tools button").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })")
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes
    box = phone.locator("#p6-3 .bl-tools").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # on screen
    phone.screenshot(path=str(SCREENSHOTS / "phone-tools.png"))


def test_keyboard_stops_once_per_paragraph(page, server):
    open_page(page, server, CHAPTER)
    counts = page.evaluate("""() => {
        const tabbable = [...document.querySelectorAll('.md-content a[href], .md-content button')]
            .filter(e => e.tabIndex >= 0 && !e.closest('[hidden]'));
        return {tools: tabbable.filter(e => e.closest('.bl-tools')).length,
                paras: document.querySelectorAll('.bl-para').length}; }""")
    assert counts["tools"] == counts["paras"]
    page.focus("#p6-1 .bl-permalink")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.classList.contains('bl-cite')")
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.classList.contains('bl-pdfpage')")


# --- accessibility: axe-core ---------------------------------------------------------------

AXE_PAGES = [
    ("home", ""),
    ("chapter", CHAPTER),
    ("report-home", "staat-van-migratie-2023/"),
    ("register-index", "register/"),
    ("register-wetten", "register/wetten/"),
    ("register-programmas", "register/programmas/"),
    ("register-kamerstukken", "register/kamerstukken/"),
    ("register-organisaties", "register/organisaties/"),
    ("search", "?search"),
]


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                        for n in v["nodes"][:3]) + f" [{len(v['nodes'])}]"
            for v in results.response["violations"]]


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize(("name", "path"), AXE_PAGES)
def test_axe_finds_no_violations(browser, server, device, name, path):
    options = PHONE if device == "phone" else {"viewport": {"width": 1280, "height": 900}}
    context = browser.new_context(**options)
    page = context.new_page()
    try:
        if path == "?search":
            open_page(page, server, CHAPTER)
            if device == "phone":
                page.locator("label.md-header__button[for=__search]").click()
            field = page.locator(".bl-search__input")
            field.click()
            page.keyboard.type("inburgering")
            page.locator(".bl-search__link").first.wait_for()
        else:
            open_page(page, server, path)
        violations = axe_violations(page)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"axe-{device}-{name}.png"))
        assert violations == []
    finally:
        context.close()
