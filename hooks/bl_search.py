"""Search per paragraph, and keywords so the site search finds citations in any written form.

Material's search plugin indexes a page by its headings: a hit leads to a section, and its
preview is the section's text. For a report a reader wants the paragraph, so the index of a
report page is rewritten after the build (`rewrite_search_index`): each paragraph and each
footnote becomes an entry of its own (its anchor, its section's title, its text), and the
sections keep their titles but give their text to those entries.

A paragraph citing "Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883" in a footnote
should be found by "32847", "32 847" and "kst-32847-883"; one that says "Wet inburgering
2021" by "Wi2021". Those forms go into an extra index field, ``keywords`` (declared in
mkdocs.yml's search ``fields``), which is searched but never shown, so previews stay clean.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from bl_registers import KAMERSTUK_KINDS, dossier_of
from bl_reports import Report
from bl_text import paragraph_text, spaced_number

KEYWORDS_FIELD = "keywords"


def reference_terms(reference: Mapping[str, Any]) -> list[str]:
    """Ways a reader may type a citation: the key, and for Kamerstukken the dossier forms."""
    key = str(reference.get("key", ""))
    terms = [key] if key else []
    if reference.get("kind") in KAMERSTUK_KINDS:
        dossier = dossier_of(key)
        if dossier:
            terms += [dossier, spaced_number(dossier)]
    return terms


def entity_terms(entity: Mapping[str, Any]) -> list[str]:
    return [str(entity.get("name", ""))] + [str(a) for a in entity.get("aliases") or ()]


def search_terms(model: Mapping[str, Any]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """``({paragraph_id: [terms]}, {footnote_number: [terms]})`` for what cites or names things.

    Mentions in a footnote count for the footnote and for the paragraph it belongs to.
    """
    by_paragraph: dict[str, list[str]] = {}
    by_footnote: dict[str, list[str]] = {}
    for kind, terms_of in (("references", reference_terms), ("entities", entity_terms)):
        for item in model.get(kind, ()):
            terms = terms_of(item)
            for occurrence in item.get("occurrences", ()):
                if occurrence.get("paragraph"):
                    _extend(by_paragraph.setdefault(occurrence["paragraph"], []), terms)
                if occurrence.get("footnote"):
                    _extend(by_footnote.setdefault(str(occurrence["footnote"]), []), terms)
    return ({p: t for p, t in by_paragraph.items() if t},
            {f: t for f, t in by_footnote.items() if t})


def _extend(terms: list[str], new: Iterable[str]) -> None:
    for term in new:
        if term and term not in terms:
            terms.append(term)


def search_entries(report: Report, page_url: Callable[[str], str | None]
                   ) -> dict[str, list[dict[str, str]]]:
    """``{page url: [index entry, …]}``: the report's paragraphs, then its footnotes.

    `page_url` maps a Markdown source path (relative to docs/) to the page's URL in the
    site, as Material writes it in the index ("slug/hoofdstuk-2/"), or None if not built.
    """
    by_paragraph, by_footnote = search_terms(report.model)
    entries: dict[str, list[dict[str, str]]] = {}

    def add(url: str, anchor: str, title: str, text: str, terms: list[str] | None) -> None:
        page = page_url(report.src_uri_of(url))
        if page is None:
            return
        entry = {"location": f"{page}#{anchor}", "title": html.escape(title, quote=False),
                 "text": html.escape(text, quote=False)}
        if terms:
            entry[KEYWORDS_FIELD] = html.escape(" ".join(terms), quote=False)
        entries.setdefault(page, []).append(entry)

    for paragraph in report.model.get("paragraphs", ()):
        section = report.sections.get(paragraph.get("section") or "") or {}
        title = f"{section.get('number') or ''} {section.get('title') or ''}".strip()
        add(paragraph["url"], paragraph["id"], title or report.title, paragraph_text(paragraph),
            by_paragraph.get(paragraph["id"]))
    for note in report.model.get("footnotes", ()):
        number = str(note["number"])
        add(note["url"], f"fn:{number}", f"Voetnoot {number}", note.get("text", ""),
            by_footnote.get(number))
    return entries


def rewrite_search_index(index: dict[str, Any], entries: Mapping[str, list[dict[str, str]]],
                         section_ids: Iterable[str]) -> dict[str, Any]:
    """`index` (Material's search_index.json) with report pages searchable per paragraph.

    On a page that has `entries`, the report's sections (`section_ids`) keep their titles but
    give their text to the paragraph and footnote entries, which follow the page's own
    entries: Material takes the first entry of a page as the parent of the rest. The page
    entry keeps its text (on a report's front page, the introduction). Pages keep their
    order; entries of a page that is not in the index are left out.
    """
    sections = set(section_ids)
    pages: dict[str, list[dict[str, Any]]] = {}  # insertion order: first seen, first out
    for doc in index.get("docs", ()):
        page, _, anchor = str(doc.get("location", "")).partition("#")
        if page in entries and anchor in sections:
            doc = {**doc, "text": ""}
        pages.setdefault(page, []).append(doc)
    docs = [doc for page, own in pages.items() for doc in (*own, *entries.get(page, ()))]
    return {**index, "docs": docs}
