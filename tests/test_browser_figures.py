"""Figures in Chromium: the sample's chart stands in its place with its picture and caption,
and search finds it by a label inside it that no sentence of the report says.

The server, browser and sample site are those of tests/test_browser.py (imported, not copied).
"""

from __future__ import annotations

import pytest

from test_browser import SCREENSHOTS, Server, browser, sample_site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

LABEL = "Bewoners op 31 december, in duizendtallen"  # the chart's axis title, live text


def _search_urls(page, query: str) -> list[str]:
    """The URLs of the results the reader's own search gives for `query`."""
    return page.evaluate(
        """async q => { await window.beleidslezerSearch.search(q);
           const all = window.beleidslezerSearch.results();
           return (await Promise.all(all.map(r => r.data()))).map(d => d.url); }""", query)


def _figure(model: dict) -> dict:
    return next(p for p in model["paragraphs"] if p["kind"] == "figure")


def test_the_chart_is_shown_in_place_with_its_caption(browser, sample_site):  # noqa: F811
    model = sample_site.models[0]
    figure = _figure(model)
    chapter = figure["url"].split("#", 1)[0]
    server = Server(sample_site.site)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.base + chapter + "#" + figure["id"])
        page.wait_for_load_state("load")
        shown = page.evaluate(
            """id => { const f = document.getElementById(id);
                       const img = f.querySelector('img');
                       const before = f.previousElementSibling;
                       return {tag: f.tagName, caption: f.querySelector('figcaption').innerText,
                               alt: img.alt, loaded: img.complete && img.naturalWidth > 0,
                               width: img.getAttribute('width'),
                               shownWidth: img.getBoundingClientRect().width,
                               before: before ? before.innerText : ''}; }""",
            figure["id"])
        assert shown["tag"] == "FIGURE" and shown["loaded"], shown
        assert shown["caption"].startswith(figure["text"]) and shown["alt"] == figure["text"]
        assert "pagina" in shown["caption"] and "PDF" in shown["caption"]  # its page link
        assert shown["width"] and shown["shownWidth"] > 200
        # in its place: after the paragraph that introduces it ("Figuur 3.1 toont …")
        assert "Figuur 3.1 toont" in shown["before"]
        # the chart's labels are the figure's, not paragraphs of the chapter
        texts = page.evaluate("Array.from(document.querySelectorAll('p.bl-para'))"
                              ".map(p => p.innerText)")
        assert not [t for t in texts if LABEL in t or t.strip() in ("50,8", "2018")]
        page.locator(f"[id='{figure['id']}']").screenshot(
            path=str(SCREENSHOTS / "sample-figure.png"))
    finally:
        context.close()
        server.close()


def test_search_finds_the_chart_by_a_label_inside_it(browser, sample_site):  # noqa: F811
    model = sample_site.models[0]
    figure = _figure(model)
    assert LABEL in figure["figure"]["labels"]
    assert not any(LABEL.split(",")[0] in p["text"] for p in model["paragraphs"])
    server = Server(sample_site.site)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.base)
        found = _search_urls(page, "duizendtallen")
        assert any(url.endswith("#" + figure["id"]) for url in found), found
    finally:
        context.close()
        server.close()


def test_a_search_whose_first_index_load_fails_is_tried_again(browser, sample_site):  # noqa: F811
    """The first request for Pagefind's script fails (a dropped request, a device too slow
    to start it): the reader's search loads it once more instead of finding nothing."""
    model = sample_site.models[0]
    figure = _figure(model)
    server = Server(sample_site.site)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    dropped = []

    def drop_first(route):
        if not dropped:
            dropped.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    try:
        context.route("**/pagefind/pagefind.js*", drop_first)
        page = context.new_page()
        page.goto(server.base)
        found = _search_urls(page, "duizendtallen")
        assert dropped, "the route never saw Pagefind's script"
        assert any(url.endswith("#" + figure["id"]) for url in found), found
    finally:
        context.close()
        server.close()
