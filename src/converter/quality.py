"""Quality: what a reader should check in a conversion, and whether it looks plausible.

A converter that meets a report it was never tuned to can go wrong in ways it can see itself:
notes that look like a contents page or swallowed a table, markers without notes, a page read
as columns, a heading on every other line. `assess` lists them (the summary prints them and
`quality.json` keeps them); `verdict` says in one line when the whole looks implausible.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from .conventions import TABLE_CAPTION
from .model import Document, PageLayout, Quality, QualityItem

NOTE_MAX_WORDS = 150  # a note longer than this has probably swallowed body text or a table
_DOT_LEADER = re.compile(r"(?:\.\s*){4,}\d{1,4}\b|…\s*\d{1,4}\b")
# Thresholds for `verdict`: beyond these a conversion is probably wrong as a whole.
MAX_HEADINGS_PER_PAGE = 3.0  # on average over the pages with text
MAX_UNCITED_SHARE = 0.5  # of the notes, cited by no marker
MAX_UNRESOLVED_SHARE = 0.3  # of the markers, citing no note


def assess(document: Document, layouts: Sequence[PageLayout]) -> Quality:
    """The items a reader should check, page by page."""
    items: list[QualityItem] = []
    for note in document.footnotes:
        words = len(note.text.split())
        if _DOT_LEADER.search(note.text):
            items.append(QualityItem("note_dot_leaders", note.page, note.number,
                                     "voetnoot met stippellijn: een inhoudsopgave?"))
        if words > NOTE_MAX_WORDS:
            items.append(QualityItem("note_long", note.page, note.number,
                                     f"voetnoot van {words} woorden: tekst of tabel opgeslokt?"))
        if note.paragraph is None:
            items.append(QualityItem("note_uncited", note.page, note.number,
                                     "voetnoot zonder voetnootteken in de tekst"))
    for holder in (*document.sections, *document.paragraphs):
        for mark in holder.marks:
            if not mark.label:
                items.append(QualityItem("marker_unresolved", mark.page or holder.page,
                                         mark.number, "voetnootteken zonder voetnoot"))
    for paragraph in document.paragraphs:
        if paragraph.figure is not None and paragraph.figure.table_lines:
            number = TABLE_CAPTION.match(paragraph.text)  # "Tabel 9.7"
            subject = number.group(0) if number else paragraph.id
            items.append(QualityItem("table_unrecovered", paragraph.page, subject,
                                     "tabel als afbeelding getoond: rijen en kolommen niet "
                                     "herkend"))
    for layout in layouts:
        if layout.columns:
            gutters = max(len(band.gutters) for band in layout.columns)
            sidebar = any(band.sidebar for band in layout.columns)
            items.append(QualityItem(
                "page_columns", layout.number, str(gutters + 1),
                f"gelezen in {gutters + 1} kolommen" + (" (met zijkolom)" if sidebar else "")))
    headings = Counter(section.page for section in document.sections)
    for page, count in sorted(headings.items()):
        if count > MAX_HEADINGS_PER_PAGE:
            items.append(QualityItem("page_headings", page, str(count),
                                     f"{count} koppen op één pagina"))
    pages_with_text = len({p.page for p in document.paragraphs} | set(headings)) or 1
    quality = Quality(items=tuple(sorted(items, key=lambda i: (i.page, i.kind, i.subject))),
                      headings_per_page=round(len(document.sections) / pages_with_text, 2))
    return replace(quality, verdict=verdict(document, quality))


def verdict(document: Document, quality: Quality) -> str:
    """One line when the conversion as a whole looks implausible, else ""."""
    counts = Counter(item.kind for item in quality.items)
    reasons = []
    if quality.headings_per_page > MAX_HEADINGS_PER_PAGE:
        reasons.append(f"{quality.headings_per_page:.1f} koppen per pagina")
    notes = len(document.footnotes)
    if notes >= 4 and counts["note_uncited"] > MAX_UNCITED_SHARE * notes:
        reasons.append(f"{counts['note_uncited']} van {notes} voetnoten zonder verwijzing")
    markers = sum(len(h.marks) for h in (*document.sections, *document.paragraphs))
    if markers >= 4 and counts["marker_unresolved"] > MAX_UNRESOLVED_SHARE * markers:
        reasons.append(f"{counts['marker_unresolved']} van {markers} voetnoottekens zonder "
                       "voetnoot")
    if counts["note_dot_leaders"]:
        reasons.append(f"{counts['note_dot_leaders']} voetnoten met stippellijnen")
    if not reasons:
        return ""
    return ("de omzetting lijkt niet te kloppen (" + "; ".join(reasons)
            + "); controleer quality.json en beleidslezer inspect")
