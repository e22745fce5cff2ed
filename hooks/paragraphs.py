"""MkDocs hook: per-paragraph extras on the pages of a converted report.

- footnote markers and list numbers that show the report's own numbers (bl_footnotes);
- each mention of a law, programme or organisation links to its register entry (bl_links);
- a hidden element with the report's redirects and page anchors (bl_links), which the page script
  uses when a link names an anchor that no longer exists;
- after the build, a search index with an entry per paragraph and footnote, and the ways a
  reader may type a citation as hidden keywords (bl_search).

The visible controls (¶ link, "kopieer citaat", PDF page) are added in the browser by
docs/assets/beleidslezer.js, so they stay out of the search index.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from bl_citation import citation_facts, how_to_cite
from bl_footnotes import keep_footnote_numbers
from bl_links import fallback_data, fallback_script, link_mentions, mentioned_entities
from bl_registers import ENTITY_GROUPS, REGISTER_DIR
from bl_reports import CACHE, Report, report_of
from bl_search import rewrite_search_index, search_entries
from bl_text import html_id

SEARCH_INDEX = Path("search") / "search_index.json"

# Page URL of every source file of the build, for the search index (set in on_files).
_page_urls: dict[str, str] = {}
_report_folders: list[str] = []


@event_priority(-100)  # after registers.py has added its generated pages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    _page_urls.clear()
    _page_urls.update({f.src_uri: f.url for f in files.documentation_pages()})
    _report_folders[:] = [r.folder for r in CACHE.load_all(config.docs_dir,
                                                          (f.src_uri for f in files))]
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html = keep_footnote_numbers(html)
    reports = CACHE.load_all(config.docs_dir, (f.src_uri for f in files))
    report = report_of(reports, page.file.src_uri)
    if report is None:
        return html
    html = link_mentions(html, _register_targets(report, mentioned_entities(html), page, files))
    data = fallback_data(report.model, report.redirects, page.url)
    return html + "\n" + fallback_script(data)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A report's home page says how to cite the report."""
    folder = page.file.src_uri.split("/", 1)[0] if "/" in page.file.src_uri else None
    if folder not in _report_folders or page.file.src_uri != f"{folder}/index.md":
        return markdown
    report = CACHE.load(config.docs_dir, folder)
    url = (config.site_url or "").rstrip("/") + "/" + page.url if config.site_url else ""
    facts = citation_facts(report.model, report.folder, config.extra)
    return markdown.rstrip() + "\n\n" + how_to_cite(report.title, facts, url) + "\n"


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    """Who issued the report and when, for the citations (overrides/main.html, meta tags)."""
    folder = page.file.src_uri.split("/", 1)[0] if "/" in page.file.src_uri else None
    if folder in _report_folders:
        report = CACHE.load(config.docs_dir, folder)
        facts = citation_facts(report.model, report.folder, config.extra)
        page.meta["bl_publisher"] = facts["publisher"]
        page.meta["bl_year"] = facts["year"]
    return context


def _register_targets(report: Report, wanted: set[str], page: Page, files: Files
                      ) -> dict[str, tuple[str, str]]:
    """``{entity id: (URL of its register entry relative to `page`, name)}`` for `wanted`."""
    targets: dict[str, tuple[str, str]] = {}
    pages: dict[str, str | None] = {}
    for entity in report.model.get("entities", ()):
        if entity["id"] not in wanted:
            continue
        register, _ = ENTITY_GROUPS.get(entity.get("kind", ""), ("organisaties", ""))
        if register not in pages:
            file = files.get_file_from_path(f"{REGISTER_DIR}/{register}.md")
            pages[register] = file.url_relative_to(page.file) if file is not None else None
        if pages[register] is not None:
            name = str(entity.get("name") or entity["id"])
            if entity.get("sure") is False:
                name += " (onzeker herkend)"
            targets[entity["id"]] = (f"{pages[register]}#{html_id(entity['id'])}", name)
    return targets


# after the search plugin has written its index (0), before the offline plugin inlines it
# into search_index.js (-100)
@event_priority(-50)
def on_post_build(config: MkDocsConfig) -> None:
    path = Path(config.site_dir) / SEARCH_INDEX
    if not path.exists() or not _report_folders:
        return
    entries: dict[str, list[dict[str, str]]] = {}
    sections: list[str] = []
    for folder in _report_folders:
        report = CACHE.load(config.docs_dir, folder)
        entries.update(search_entries(report, _page_urls.get))
        sections.extend(report.sections)
    index = rewrite_search_index(json.loads(path.read_text(encoding="utf-8")), entries, sections)
    # the same compact form as Material's own
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
