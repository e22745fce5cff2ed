"""Search keywords per paragraph, so the site search finds citations in any written form.

Material's search indexes the rendered text. A paragraph citing "Tweede Kamer, vergaderjaar
2021-2022, 32 847, nr. 883" in a footnote should be found by "32847", "32 847" and
"kst-32847-883"; one that says "Wet inburgering 2021" should be found by "Wi2021". The hook
adds those forms as a hidden span inside the paragraph: invisible and silent for readers
(``hidden``), but part of the text the search plugin indexes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

from bl_registers import KAMERSTUK_KINDS, dossier_of
from bl_reports import occurrences_by_paragraph
from bl_text import spaced_number

TERMS_CLASS = "bl-terms"

# Opening tag of an element carrying one of our paragraph ids; group 1 is the tag name.
_OPEN_TAG = re.compile(r"<(p|li|dd|figcaption|caption|td)\b[^>]*?\bid=\"([^\"]+)\"[^>]*>")
_END_OF = {
    "p": re.compile(r"</p>"),
    "li": re.compile(r"</li>|<ul\b|<ol\b"),
    "dd": re.compile(r"</dd>"),
    "figcaption": re.compile(r"</figcaption>"),
    "caption": re.compile(r"</caption>"),
    "td": re.compile(r"</td>"),
}


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


def paragraph_terms(model: Mapping[str, Any]) -> dict[str, list[str]]:
    """``{paragraph_id: [terms]}`` for every paragraph that cites or names something.

    Mentions in a footnote count for the paragraph the footnote belongs to.
    """
    result: dict[str, list[str]] = {}
    for paragraph, pairs in occurrences_by_paragraph(model.get("references", ())).items():
        for reference, _ in pairs:
            _extend(result.setdefault(paragraph, []), reference_terms(reference))
    for paragraph, pairs in occurrences_by_paragraph(model.get("entities", ())).items():
        for entity, _ in pairs:
            _extend(result.setdefault(paragraph, []), entity_terms(entity))
    return {p: terms for p, terms in result.items() if terms}


def _extend(terms: list[str], new: Iterable[str]) -> None:
    for term in new:
        if term and term not in terms:
            terms.append(term)


def add_search_terms(page_html: str, terms_by_id: Mapping[str, list[str]]) -> str:
    """Insert a hidden span with the terms at the end of each paragraph that has any."""
    if not terms_by_id:
        return page_html
    out: list[str] = []
    cursor = 0
    for match in _OPEN_TAG.finditer(page_html):
        if match.start() < cursor:
            continue
        terms = terms_by_id.get(match[2])
        if not terms:
            continue
        end = _END_OF[match[1]].search(page_html, match.end())
        insert_at = end.start() if end else match.end()
        text = html.escape(" ".join(terms), quote=False)
        span = f' <span class="{TERMS_CLASS}" hidden>{text}</span>'
        out.append(page_html[cursor:insert_at])
        out.append(span)
        cursor = insert_at
    out.append(page_html[cursor:])
    return "".join(out)
