"""MkDocs hook: per-paragraph extras on the pages of a converted report.

- hidden search keywords inside each paragraph that cites a paper or names a law
  (bl_search), so "32847", "32 847", "kst-32847-883" and "Wi2021" find it;
- footnote markers and list numbers that show the report's own numbers (bl_footnotes);
- a hidden element with the report's redirects and page anchors (bl_links), which the page script
  uses when a link names an anchor that no longer exists.

The visible controls (¶ link, "kopieer citaat", PDF page) are added in the browser by
docs/assets/beleidslezer.js, so they stay out of the search index.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from bl_footnotes import keep_footnote_numbers
from bl_links import fallback_data, fallback_script
from bl_reports import CACHE, report_of
from bl_search import add_search_terms, paragraph_terms

# The search terms of a report depend only on its model: keep them while the model is the same.
_terms_cache: dict[int, tuple[object, dict[str, list[str]]]] = {}


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html = keep_footnote_numbers(html)
    reports = CACHE.load_all(config.docs_dir, (f.src_uri for f in files))
    report = report_of(reports, page.file.src_uri)
    if report is None:
        return html
    html = add_search_terms(html, _terms(report.model))
    data = fallback_data(report.model, report.redirects, page.url)
    return html + "\n" + fallback_script(data)


def _terms(model: dict) -> dict[str, list[str]]:
    cached = _terms_cache.get(id(model))
    if cached is not None and cached[0] is model:
        return cached[1]
    terms = paragraph_terms(model)
    if len(_terms_cache) > 32:  # models replaced by `mkdocs serve` rebuilds
        _terms_cache.clear()
    _terms_cache[id(model)] = (model, terms)
    return terms
