"""Build the site with `mkdocs build --strict` and check what a reader gets.

Runs on the synthetic reports (always) and on the converted sample report (when the
converter and samples/staat-van-migratie-sample.pdf are there): every internal link and
fragment resolves, the HTML is Dutch and accessible, the registers and search index hold
what the hooks put there, and a published anchor that no longer resolves fails the build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from site_fixture import (
    BuiltSite,
    converter_available,
    copy_site,
    run_build,
    shared_site,
    synthetic_reports,
)

SITES = [
    "synthetic",
    pytest.param(
        "sample",
        marks=pytest.mark.skipif(
            not converter_available(), reason="converter CLI or sample PDF not there yet"
        ),
    ),
]


@pytest.fixture(scope="session", params=SITES)
def built(request, tmp_path_factory) -> BuiltSite:
    return shared_site(request.param, tmp_path_factory.mktemp)


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory) -> BuiltSite:
    return shared_site("synthetic", tmp_path_factory.mktemp)


_soups: dict[Path, BeautifulSoup] = {}


def soup_of(path: Path) -> BeautifulSoup:
    if path not in _soups:
        _soups[path] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return _soups[path]


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def resolve(page: Path, site: Path, href: str) -> tuple[Path, str] | None:
    """The file an internal href points to, and its fragment; None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    target = (page.parent / unquote(parts.path)).resolve()
    if href.endswith("/") or target.is_dir():
        target = target / "index.html"
    assert site.resolve() in target.parents or target == site.resolve(), f"{href} leaves the site"
    return target, unquote(parts.fragment)


# --- links ----------------------------------------------------------------------------------


def test_every_internal_link_resolves(built):
    site = built.site
    problems = []
    checked = 0
    for page in html_pages(site):
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup_of(page).find_all(tag):
                href = element.get(attr)
                if not href:
                    continue
                resolved = resolve(page, site, href)
                if resolved is None:
                    continue
                target, fragment = resolved
                checked += 1
                where = f"{page.relative_to(site)}: {href}"
                if not target.exists():
                    problems.append(f"{where} -> missing file")
                    continue
                if not fragment or target.suffix != ".html":
                    # PDF fragments (#page=28) name a page, not an element: the file suffices
                    if fragment and target.suffix == ".pdf":
                        assert re.fullmatch(r"page=\d+", fragment), where
                    continue
                if fragment.startswith("__"):
                    continue  # Material's own toggles (#__search, #__drawer)
                if soup_of(target).find(id=fragment) is None:
                    problems.append(f"{where} -> no element with id {fragment!r}")
    assert checked > 50
    assert problems == []


def test_every_model_anchor_exists_on_its_page(built):
    for model in built.models:
        for kind in ("pages", "sections", "paragraphs", "footnotes"):
            for item in model[kind]:
                path, _, fragment = item["url"].partition("#")
                page = built.site / path / "index.html"
                assert page.exists(), item["url"]
                assert soup_of(page).find(id=fragment) is not None, item["url"]


# --- accessibility --------------------------------------------------------------------------


def test_pages_are_dutch(built):
    for page in html_pages(built.site):
        assert soup_of(page).html.get("lang") == "nl", page


def test_headings_never_skip_a_level_downwards(built):
    for page in html_pages(built.site):
        article = soup_of(page).select_one("article")
        if article is None:
            continue
        previous = 1
        for heading in article.find_all(re.compile(r"^h[1-6]$")):
            level = int(heading.name[1])
            assert level <= previous + 1, (
                f"{page}: {heading.name} after h{previous}: {heading.get_text()}"
            )
            previous = level


def test_every_link_has_a_name(built):
    for page in html_pages(built.site):
        for a in soup_of(page).find_all("a"):
            name = a.get_text(strip=True) or a.get("aria-label") or a.get("title")
            assert name, f"{page}: {a}"


def test_paragraphs_carry_what_the_page_script_needs(built):
    for model in built.models:
        paragraph = model["paragraphs"][0]
        path = built.site / paragraph["url"].partition("#")[0] / "index.html"
        soup = soup_of(path)
        element = soup.find(id=paragraph["id"])
        assert "bl-para" in element["class"]
        assert element["data-page"] == str(paragraph["page"])
        assert element.get("data-label")
        assert soup.find("meta", attrs={"name": "bl-report-title"})["content"] == model["title"]
        pdf = soup.find("meta", attrs={"name": "bl-pdf"})["content"]
        assert (path.parent / pdf).resolve() == (
            built.site / model["slug"] / model["source"]["file"]
        ).resolve()
        assert soup.find(id="bl-links") is not None


# --- registers and navigation ---------------------------------------------------------------


def test_registers_are_in_the_navigation(built):
    home = soup_of(built.site / "index.html")
    nav = [a.get_text(strip=True) for a in home.select("nav.md-nav--primary a")]
    # the navigation is pruned: a page shows the sections, and the open section's pages
    register = soup_of(built.site / "register" / "index.html")
    register_nav = [a.get_text(strip=True) for a in register.select("nav.md-nav--primary a")]
    assert "Registers" in nav
    for title in (
        "Wetten en EU-regelgeving",
        "Programma's en agenda's",
        "Kamerstukken en andere officiële bronnen",
        "Organisaties",
    ):
        assert title in register_nav and title not in nav
    for model in built.models:
        assert model["title"] in nav
    # home first, reports next, registers last (the home page's own "Registers" heading
    # also shows up, in its table of contents: compare with the last one)
    assert nav.index(built.models[0]["title"]) < len(nav) - 1 - nav[::-1].index("Registers")


def test_home_page_lists_reports_and_registers(built):
    home = soup_of(built.site / "index.html")
    text = home.select_one("article").get_text(" ", strip=True)
    assert "bl:reports" not in str(home)
    for model in built.models:
        assert home.select_one(f'article a[href="{model["slug"]}/"]') is not None
    assert "Wetten en EU-regelgeving" in text


def test_register_entries_link_to_paragraphs_and_pdf_pages(synthetic):
    page = soup_of(synthetic.site / "register" / "wetten" / "index.html")
    entry = page.find(id="wet-inburgering-2021")
    assert entry is not None
    official = entry.find_next("p", class_="bl-entry-meta").find("a")
    assert official["href"] == "https://wetten.overheid.nl/BWBR0044770"
    items = entry.find_next("ul").find_all("li")
    first = items[0]
    assert first.find("mark").get_text() == "Wet inburgering 2021"
    links = [a["href"] for a in first.find_all("a")]
    assert links[0].endswith("staat-van-migratie-2022/01-migratie/#p2-1")
    assert links[-1].endswith("staat-van-migratie-2022/staat-van-migratie-2022.pdf#page=2")
    # grouped by report, then chapter
    groups = [
        g.get_text(" ", strip=True) for g in entry.find_all_next(class_="bl-mention-group", limit=2)
    ]
    assert groups[:2] == [
        "De Staat van Migratie 2022 · 1 Migratie",
        "De Staat van Migratie 2023 · 2 Migratie naar Nederland",
    ]


def test_kamerstukken_grouped_by_dossier(synthetic):
    page = soup_of(synthetic.site / "register" / "kamerstukken" / "index.html")
    dossiers = [h["id"] for h in page.select("h3[id^=dossier-]")]
    assert dossiers == ["dossier-19637", "dossier-29861", "dossier-32847"]
    papers = [h["id"] for h in page.select("h4.bl-entry")]
    assert papers == ["kst-19637-2535", "kst-29861-69", "kst-32847-883", "kst-32847-994"]
    assert "Integrale visie op de woningmarkt" in page.find(id="dossier-32847").get_text()


def test_footnotes_show_report_numbers(synthetic):
    page = soup_of(
        synthetic.site / "staat-van-migratie-2023" / "02-migratie-naar-nederland" / "index.html"
    )
    assert [a.get_text() for a in page.select("a.footnote-ref")] == ["3", "4"]
    assert [li.get("value") for li in page.select("div.footnote li")] == ["3", "4"]


# --- search ---------------------------------------------------------------------------------


def search_docs(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def offline_url(url: str) -> str:
    """A model URL as the offline build (no directory URLs) writes it."""
    path, _, fragment = url.partition("#")
    path = (path.rstrip("/") + ".html") if path.count("/") > 1 else path + "index.html"
    return f"{path}#{fragment}" if fragment else path


@pytest.fixture(scope="session")
def offline(tmp_path_factory) -> BuiltSite:
    return shared_site("synthetic-offline", tmp_path_factory.mktemp)


def test_served_site_searches_with_pagefind_and_ships_no_lunr_index(built):
    assert (built.site / "pagefind" / "pagefind.js").exists()
    assert (built.site / "pagefind" / "pagefind-entry.json").exists()
    assert not (built.site / "search" / "search_index.json").exists()
    home = soup_of(built.site / "index.html")
    dialog = home.select_one(".bl-search[role=dialog]")
    assert dialog is not None and dialog.get("aria-label") == "Zoeken"
    assert home.find("form", attrs={"name": "search"}) is None  # Material would fetch lunr


def test_offline_site_keeps_directory_free_links_and_an_inlined_lunr_index(offline):
    site = offline.site
    assert (site / "search" / "search_index.js").read_text("utf-8").startswith("var __index =")
    assert not (site / "pagefind").exists()
    home = soup_of(site / "index.html")
    scripts = [s.get("src", "") for s in home.find_all("script")]
    assert "assets/vendor/iframe-worker/shim.js" in scripts  # no CDN: offline means offline
    assert not any(s.startswith("http") for s in scripts)
    hrefs = [a["href"] for a in home.find_all("a", href=True)
             if not urlsplit(a["href"]).scheme and not a["href"].startswith("#")]
    assert hrefs and all(urlsplit(h).path.endswith((".html", ".pdf", ".md", ".xml", ".js"))
                         or not urlsplit(h).path for h in hrefs), hrefs
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["nl"]
    # Material's default: no stemmer and no trimmer. Material turns every query term into a
    # prefix query ("asielzoeker*"), which lunr does not stem, so a stemmed index would miss
    # "asielzoekers"; and the Dutch trimmer would cut digits from "32847".
    assert index["config"]["pipeline"] == ["stopWordFilter"]


@pytest.mark.parametrize("term", ["32847", "32 847", "kst-32847-883", "Wi2021"])
def test_search_index_finds_citing_paragraphs(offline, term):
    docs = search_docs(offline.site)
    hits = [d["location"] for d in docs if term in d["text"] or term in d.get("keywords", "")]
    assert "staat-van-migratie-2023/02-migratie-naar-nederland.html#p6-1" in hits
    if term != "Wi2021":
        # the 2023 introduction cites kst-32847-883 in footnote 2: the note and its paragraph
        assert "staat-van-migratie-2023/01-inleiding.html#fn:2" in hits
        model = next(m for m in offline.models if m["slug"] == "staat-van-migratie-2023")
        note = next(f for f in model["footnotes"] if f["number"] == "2")
        assert f"staat-van-migratie-2023/01-inleiding.html#{note['paragraph']}" in hits


def test_search_index_has_an_entry_per_paragraph_and_clean_previews(offline):
    synthetic = offline
    index = json.loads((synthetic.site / "search" / "search_index.json").read_text("utf-8"))
    assert "keywords" in index["config"]["fields"]  # searched by Material's worker
    locations = {d["location"]: d for d in index["docs"]}
    for model in synthetic.models:
        for paragraph in model["paragraphs"]:
            assert offline_url(paragraph["url"]) in locations, paragraph["url"]
        for section in model["sections"]:
            entry = locations.get(offline_url(section["url"]))
            assert entry is None or entry["text"] == ""  # its text is in its paragraphs
    # keyword forms are never part of the text shown in results, nor of the pages
    assert not any("kst-32847-883" in d["text"] for d in index["docs"])
    page = soup_of(synthetic.site / "staat-van-migratie-2023" / "02-migratie-naar-nederland.html")
    assert "kst-32847-883" not in page.find(id="p6-1").get_text()
    # Material takes a page's first entry as the parent of the others
    first_of_page: dict[str, str] = {}
    for doc in index["docs"]:
        first_of_page.setdefault(doc["location"].split("#")[0], doc["location"])
    assert all("#" not in first for page, first in first_of_page.items() if page)


def test_entity_mentions_link_to_their_register_entry(synthetic):
    chapter = synthetic.site / "staat-van-migratie-2023" / "02-migratie-naar-nederland"
    paragraph = soup_of(chapter / "index.html").find(id="p6-1")
    link = paragraph.select_one("a.bl-entity[data-entity='wet-inburgering-2021']")
    assert link is not None and link.get_text() == "Wet inburgering 2021"
    assert link["href"] == "../../register/wetten/#wet-inburgering-2021"
    register = soup_of(synthetic.site / "register" / "wetten" / "index.html")
    assert register.find(id="wet-inburgering-2021") is not None
    # the entry lists this very mention, so reader can go back and forth
    assert register.select(f"a[href$='#{link['id']}'], a[href$='#p6-1']")


# --- links that stay ------------------------------------------------------------------------


def test_redirect_data_on_report_pages(synthetic):
    page = soup_of(synthetic.site / "staat-van-migratie-2023" / "01-inleiding" / "index.html")
    data = json.loads(page.find(id="bl-links")["data-links"])
    assert data["redirects"]["p5-4"] == "../02-migratie-naar-nederland/#p5-3"
    assert data["pages"]["6"] == "../02-migratie-naar-nederland/#page-6"


def test_build_fails_when_a_published_anchor_is_lost(tmp_path):
    root = copy_site(tmp_path / "site-src")
    synthetic_reports(root / "docs")
    anchors_path = root / "docs" / "staat-van-migratie-2023" / "anchors.json"
    anchors = json.loads(anchors_path.read_text(encoding="utf-8"))
    anchors["anchors"]["p6-7"] = "staat-van-migratie-2023/02-migratie-naar-nederland/#p6-7"
    anchors_path.write_text(json.dumps(anchors), encoding="utf-8")
    result = run_build(root)
    assert result.returncode != 0
    assert "p6-7" in result.stderr
    assert "staat-van-migratie-2023" in result.stderr
    # a redirect makes it whole again
    (root / "docs" / "staat-van-migratie-2023" / "redirects.json").write_text(
        json.dumps({"p5-4": "p5-3", "s2-3": "s2-2", "p6-7": "p6-3"}), encoding="utf-8"
    )
    result = run_build(root)
    assert result.returncode == 0, result.stderr


def test_footer_and_report_home_are_dutch(built):
    home = soup_of(built.site / "index.html")
    footer = home.select_one(".md-copyright").get_text(" ", strip=True)
    assert "Gemaakt met" in footer and "Made with" not in footer
    assert home.select_one(".md-copyright a")["href"].startswith("https://squidfunk.github.io")
    for model in built.models:
        report_home = soup_of(built.site / model["slug"] / "index.html")
        cite = report_home.find(id="citeren")
        assert cite is not None
        text = cite.find_next("p").get_text(" ", strip=True)
        assert text.startswith("Citeer dit rapport als:") and model["title"] in text
