"""Render: the document model becomes Markdown files and a JSON model.

All text from the PDF is escaped here (with `converter.escaping`, as in the hooks), so nothing
in a report can become markup: citations and entity mentions are the only links and spans we
add, and only http(s) URLs are ever linked. Ids and labels are written as they are, so they
are checked to hold only safe characters.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import quote

from .anchors import figure_file
from .escaping import (
    SAFE_ID,
    escape_attr,
    escape_html,
    escape_markdown,
    front_matter,
    one_line,
    safe_url,
)
from .images import shown_size
from .model import (
    Document,
    Figure,
    Footnote,
    FootnoteMark,
    Occurrence,
    Paragraph,
    Section,
    Table,
    TableCell,
    table_text,
)
from .report_files import GENERATOR
from .structure import INDEX_FILE, file_of

SCHEMA_VERSION = 1

# --- escaping -----------------------------------------------------------------------------

#: What would make an abbreviation definition markup, or never match the text.
_ABBREVIATION_UNSAFE = re.compile(r"[\[\]<>&*{}\\`]")


def _attr(value: str) -> str:
    return escape_attr(value)


def _name(value: str) -> str:
    """An id or label written as it is: refused unless it holds only safe characters."""
    if not SAFE_ID.match(value):
        raise ValueError(f"unsafe id or label in the model: {value!r}")
    return value


# --- inline annotations -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    kind: str  # "ref" | "entity"
    occurrence: Occurrence
    key: str
    url: str


MARKER_SEPARATOR = '<sup class="bl-marksep">,</sup>'


def _inline(text: str, spans: list[_Span], points: list[tuple[int, str]]) -> str:
    """Escape `text`, wrap citation and entity spans, and insert markers at offsets."""
    chosen: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start), s.kind != "ref")):
        if chosen and span.start < chosen[-1].end:
            continue  # overlapping: the citation (or the longer match) wins
        if 0 <= span.start < span.end <= len(text):
            chosen.append(span)
    # a marker inside a span moves to the span's end so it never splits a link
    moved = []
    for offset, markup in points:
        for span in chosen:
            if span.start < offset < span.end:
                offset = span.end
        moved.append((min(max(offset, 0), len(text)), markup))
    out: list[str] = []
    cursor = 0
    last_marker = -1  # the offset of the marker written last
    events = sorted([(s.start, 1, i) for i, s in enumerate(chosen)] +
                    [(o, 0, i) for i, (o, _) in enumerate(moved)])
    for offset, is_span, index in events:
        if offset < cursor:
            continue
        out.append(escape_markdown(text[cursor:offset]))
        cursor = offset
        if not is_span:
            if offset == last_marker:  # "leven.⁵⁶" reads as note 56: part them as "5,6"
                out.append(MARKER_SEPARATOR)
            out.append(moved[index][1])
            last_marker = offset
            continue
        span = chosen[index]
        inner = escape_markdown(text[span.start:span.end])
        occurrence_id = _name(span.occurrence.id)
        url = safe_url(span.url) if span.url else None
        if span.kind == "ref" and url:
            out.append(f'[{inner}]({url}){{: #{occurrence_id} .bl-ref '
                       f'data-key="{_attr(span.key)}" }}')
        elif span.kind == "ref":
            out.append(f'<span class="bl-ref" id="{occurrence_id}" '
                       f'data-key="{_attr(span.key)}">{inner}</span>')
        else:
            out.append(f'<span class="bl-entity" id="{occurrence_id}" '
                       f'data-entity="{_attr(span.key)}">{inner}</span>')
        cursor = span.end
    out.append(escape_markdown(text[cursor:]))
    return "".join(out)


def _spans_by_place(document: Document) -> dict[tuple[str, str | None], list[_Span]]:
    """Occurrences indexed by (paragraph id, footnote label or None)."""
    places: dict[tuple[str, str | None], list[_Span]] = defaultdict(list)
    for reference in document.references:
        for occ in reference.occurrences:
            places[(occ.paragraph or "", occ.footnote)].append(
                _Span(occ.start, occ.end, "ref", occ, reference.key, reference.url))
    for entity in document.entities:
        for occ in entity.occurrences:
            places[(occ.paragraph or "", occ.footnote)].append(
                _Span(occ.start, occ.end, "entity", occ, entity.id, ""))
    return places


# --- Markdown -----------------------------------------------------------------------------


def _page_marker(page: int, label: str, inline: bool) -> str:
    tag = "span" if inline else "div"
    return (f'<{tag} class="bl-page" id="page-{page}" data-page="{page}" '
            f'data-label="{_attr(label)}"></{tag}>')


def document_to_markdown(document: Document) -> dict[str, str]:
    """One Markdown file per chapter plus the report's index, keyed by file name."""
    labels = {p.number: p.label for p in document.pages}
    notes = _NoteIndex(document.footnotes)
    glossary = {(a.abbr, a.expansion) for a in document.abbreviations}
    places = _spans_by_place(document)
    # page anchors still to be placed, per file, in page order (document.pages is in order)
    pending_pages: dict[str, list[int]] = defaultdict(list)
    for page in document.pages:
        pending_pages[file_of(page.url)].append(page.number)

    order = _document_order(document)
    bodies: dict[str, list[str]] = defaultdict(list)
    notes_in_file: dict[str, list[Footnote]] = defaultdict(list)
    for note in document.footnotes:
        notes_in_file[file_of(note.url)].append(note)
    file_pages: dict[str, list[int]] = defaultdict(list)

    list_depth: dict[str, int] = defaultdict(lambda: -1)  # of the last item, -1: no list
    titles = {frame.id: frame.title for frame in document.frames}
    open_frame: dict[str, str] = defaultdict(str)  # the box each file's text stands in
    for item in order:
        file = item.file if isinstance(item, Section) else file_of(item.url)
        lines = bodies[file]
        frame = "" if isinstance(item, Section) else item.frame
        if frame != open_frame[file]:
            if open_frame[file]:
                lines.append("</div>")
            if frame:
                lines.append(_frame_start(frame, titles.get(frame, "")))
            open_frame[file] = frame
            list_depth[file] = -1
        file_pages[file].extend(getattr(item, "pages", (item.page,)))
        # page anchors for pages that begin before this item
        waiting = pending_pages.get(file, [])
        while waiting and waiting[0] <= item.page:
            number = waiting.pop(0)
            lines.append(_page_marker(number, labels.get(number, str(number)), inline=False))
        if isinstance(item, Section):
            hashes = "#" * min(item.level, 6)
            number = f"{escape_markdown(item.number)} " if item.number else ""
            title = _inline(item.title, [], notes.marker_points(item.marks, file))
            anchor = _name(item.id)
            lines.append(f"{hashes} {number}{title} {{: #{anchor} data-page=\"{item.page}\" }}")
            continue
        markdown = _paragraph_markdown(item, labels, places, waiting, notes, file, glossary,
                                       document.source.file)
        # a nested item needs its parent item right before it, or Markdown reads code
        depth = min(item.depth, list_depth[file] + 1) if item.kind == "list_item" else -1
        if depth > 0 and lines and lines[-1].lstrip().startswith("- "):
            markdown = "\n".join("    " * depth + line for line in markdown.split("\n"))
        else:
            depth = min(depth, 0)
        list_depth[file] = depth
        lines.append(markdown)

    for file, frame in open_frame.items():
        if frame:
            bodies[file].append("</div>")
    # pages that begin after the last text of their file (a contents page, an empty page)
    for file, waiting in pending_pages.items():
        for number in waiting:
            bodies[file].append(_page_marker(number, labels.get(number, str(number)), inline=False))
    files: dict[str, str] = {}
    section_titles = {s.file: s for s in document.sections if s.level == 1}
    # abbr puts the expansion into a title attribute as it is (the serializer escapes it)
    abbreviations = "".join(_abbreviation_markdown(a.abbr, a.expansion)
                            for a in document.abbreviations)
    for file in sorted(set(bodies) | {INDEX_FILE}):
        chapter = section_titles.get(file)
        title = (f"{chapter.number} {chapter.title}".strip() if chapter else document.title)
        pages = sorted(set(file_pages.get(file, [])))
        front = _front_matter(document, title, pages)
        parts = [front]
        if file == INDEX_FILE:
            parts.append(_index_intro(document))
        parts.append("\n\n".join(bodies.get(file, [])))
        defined, listed = notes.split(file, notes_in_file.get(file, []), "\n".join(parts))
        if listed:
            parts.append(_listed_notes_markdown(listed, places))
        if defined:
            parts.append("\n".join(_footnote_markdown(n, places) for n in defined))
        if abbreviations:
            parts.append(abbreviations)
        files[file] = "\n\n".join(p for p in parts if p).rstrip() + "\n"
    return files


def _document_order(document: Document) -> list[Section | Paragraph]:
    """Sections and paragraphs in reading order (the model keeps them in two lists)."""
    by_section: dict[str | None, list[Paragraph]] = defaultdict(list)
    for paragraph in document.paragraphs:
        by_section[paragraph.section].append(paragraph)
    order: list[Section | Paragraph] = list(by_section.get(None, []))
    for section in document.sections:
        order.append(section)
        order.extend(by_section.get(section.id, []))
    return order


def _paragraph_markdown(paragraph: Paragraph, labels: dict[int, str],
                        places: dict[tuple[str, str | None], list[_Span]],
                        waiting_pages: list[int], notes: _NoteIndex, file: str,
                        glossary: set[tuple[str, str]] = frozenset(), pdf: str = "") -> str:
    label = labels.get(paragraph.page, str(paragraph.page))
    attrs = (f'#{_name(paragraph.id)} .bl-para .bl-{_name(paragraph.kind).replace("_", "-")}'
             f'{" .bl-italic" if paragraph.italic else ""} '
             f'data-page="{paragraph.page}" data-label="{_attr(label)}"')
    points = notes.marker_points(paragraph.marks, file)
    if paragraph.kind == "figure" and paragraph.figure is not None:
        caption = _inline(paragraph.text, places.get((paragraph.id, None), []), points)
        return _figure_markdown(paragraph, paragraph.figure, caption, label, pdf)
    for offset, page in paragraph.page_starts:
        if page in waiting_pages:
            waiting_pages.remove(page)
            points.append((offset, _page_marker(page, labels.get(page, str(page)), inline=True)))
    if paragraph.kind == "table" and paragraph.rows:
        return _table_markdown(paragraph, label, places.get((paragraph.id, None), []), points,
                               _glossary_header(paragraph.rows, glossary))
    text = _inline(paragraph.text, places.get((paragraph.id, None), []), points)
    if paragraph.kind == "list_item":
        marker = paragraph.number
        # The report's own "1.", "a)" or "(b)" stays part of the text (a citation quotes it);
        # the item is marked so the list shows no bullet beside it. Escaped: a "1." at the
        # start of the item would open a nested list.
        numbered = any(c.isalnum() for c in marker)
        if numbered:
            text = escape_markdown(marker) + " " + text
            attrs += " .bl-numbered"
        # attr_list applies to a list item only from an indented line of its own
        return f"- {text}\n  {{: {attrs} }}"
    return f"{text}\n{{: {attrs} }}"


def _frame_start(frame: str, title: str) -> str:
    """A box ("kader") as a Material admonition, its paragraphs inside with their anchors."""
    heading = (f'<p class="admonition-title">{escape_html(title)}</p>\n\n' if title
               else "")
    return (f'<div markdown="1" id="{_name(frame)}" class="admonition note bl-box">\n\n'
            + heading).rstrip("\n")


def _figure_markdown(paragraph: Paragraph, figure: Figure, caption: str, label: str,
                     pdf: str) -> str:
    """A figure in place: its picture (its size set, so nothing shifts while it loads), its
    caption as the picture's alt text and as a figcaption, its source, a link to its page."""
    width, height = shown_size(figure.box)
    alt = paragraph.text or f"Figuur op pagina {label}"
    parts = [caption] if caption else []
    if figure.source:
        parts.append(f'<span class="bl-figure-source">{escape_markdown(figure.source)}</span>')
    if pdf:  # a Markdown link, so MkDocs makes it relative to the chapter's page
        parts.append(f"[pagina {escape_markdown(label)} in de PDF]"
                     f"({quote(pdf)}#page={paragraph.page}){{: .bl-figure-page }}")
    image = figure_file(_name(paragraph.id))  # named by the id, whatever the model says
    kind = " bl-table-picture" if figure.table_lines else ""
    return (f'<figure markdown="1" id="{_name(paragraph.id)}" class="bl-para bl-figure{kind}" '
            f'data-page="{paragraph.page}" data-label="{_attr(label)}">\n\n'
            f'![{escape_markdown(alt)}]({quote(image)}){{: width="{width}" '
            f'height="{height}" loading="lazy" }}\n\n'
            f'{_table_lines(figure.table_lines)}'
            f'<figcaption markdown="1">{" ".join(parts)}</figcaption>\n\n</figure>')


def _table_lines(lines: tuple[str, ...]) -> str:
    """An unrecovered table's text under its picture: line by line as the PDF sets it, its
    parts apart, so it can be read, copied and searched where the picture cannot."""
    if not lines:
        return ""
    rows = "".join("<p>" + " ".join(f"<span>{escape_html(part)}</span>"
                                    for part in line.split("\t")) + "</p>"
                   for line in lines)
    return (f'<div class="bl-table-lines"><p class="bl-table-note">De rijen en kolommen van '
            f'deze tabel zijn niet herkend: hierboven staat de tabel zoals in de PDF, '
            f'hieronder de tekst ervan.</p>{rows}</div>\n\n')


class _NoteIndex:
    """Which footnotes become Markdown footnotes, and which are listed as plain notes.

    Python-Markdown's footnotes need a marker and a definition in the same file, and a strict
    MkDocs build fails on a definition nobody references. The converter cannot always pair
    them (a note whose marker was not found, a number printed twice, a marker inside a table,
    a marker in one chapter and its note in another), and a reader's build must never fail on
    that. So a note is a footnote definition only when a marker for it was written in its own
    file, the first note of a number per file; every other note is listed below the text
    with its own anchor (``fn:{number}``), so links to it and the registers keep working.
    """

    def __init__(self, footnotes: Iterable[Footnote]) -> None:
        self.first: dict[tuple[str, str], Footnote] = {}  # (file, number) -> first note
        self.anywhere: dict[str, Footnote] = {}
        for note in footnotes:
            self.first.setdefault((file_of(note.url), note.number), note)
            self.anywhere.setdefault(note.number, note)
        self.referenced: set[tuple[str, str]] = set()

    def marker_points(self, marks: Iterable[FootnoteMark], file: str) -> list[tuple[int, str]]:
        """Footnote references at their offsets.

        A marker whose note is in this file is a footnote reference; one whose note is in
        another chapter links there; one whose note was not found stays a superscript.
        """
        points: list[tuple[int, str]] = []
        for mark in marks:
            number = escape_markdown(mark.number)  # as printed
            key = mark.label  # the note's label ("28-2" for a number printed again), or ""
            other = self.anywhere.get(key) if key else None
            if key and (file, key) in self.first and _footnote_label(key):
                self.referenced.add((file, key))
                points.append((mark.offset, f"[^{_name(key)}]"))
            elif other is not None:
                target = f"{file_of(other.url)}#{quote(other.id, safe=':')}"
                points.append((mark.offset, f'<sup class="bl-noteref">[{number}]({target})</sup>'))
            else:
                points.append((mark.offset, f"<sup>{number}</sup>"))
        return points

    def split(self, file: str, notes: Iterable[Footnote], markdown: str
              ) -> tuple[list[Footnote], list[Footnote]]:
        """(footnote definitions, listed notes) of a file, in the order of the model.

        Only references that made it into the file's `markdown` count: a marker the table
        layout could not place in a cell is not there.
        """
        written = set(_REFERENCE.findall(markdown))
        defined: list[Footnote] = []
        listed: list[Footnote] = []
        for note in notes:
            if ((file, note.number) in self.referenced and note.number in written
                    and self.first[(file, note.number)] is note):
                defined.append(note)
            else:
                listed.append(note)
        return defined, listed


_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def _footnote_label(number: str) -> bool:
    """Whether Python-Markdown reads ``[^number]`` as a footnote reference."""
    return bool(number) and not re.search(r"[\s\]\[^]", number)


ABBREVIATION_HEADER = ("Afkorting", "Betekenis")


def _glossary_header(rows: tuple[tuple[str, ...], ...], glossary: set[tuple[str, str]]
                     ) -> tuple[str, ...] | None:
    """A header for a report's list of abbreviations, whose first row is an entry, not a
    header (a Markdown table takes its first row as the header); None for other tables."""
    pairs = [tuple(c.strip() for c in row) for row in rows]
    if glossary and all(len(p) == 2 for p in pairs) and pairs[0] in glossary and \
            sum(p in glossary for p in pairs) * 2 > len(pairs):
        return ABBREVIATION_HEADER
    return None


def _table_markdown(paragraph: Paragraph, label: str, spans: list[_Span],
                    points: list[tuple[int, str]], header: tuple[str, ...] | None = None
                    ) -> str:
    """A table as HTML that keeps its structure: merged cells span rows and columns, header
    cells are ``<th scope>`` (the first column too, where it labels the rows), numeric
    columns are right-aligned, and a scroll container lets a wide table scroll on a phone.
    Citations, mentions, markers and page starts (offsets into the table's text, see
    `model.table_text`) go into the cells that hold them; Markdown reads each cell's text
    (``markdown="span"``). With `header`, every row is a body row under that header."""
    rows = paragraph.rows
    table = paragraph.table or _first_row_header(rows)
    _, starts = table_text(rows)
    ident = _name(paragraph.id)
    numeric = table.numeric if len(table.numeric) == table.columns else (False,) * table.columns
    stub = table.columns > 1 and any(numeric[1:]) and not numeric[0]

    def content(r: int, c: int) -> str:
        text = rows[r][c] if r < len(rows) and c < len(rows[r]) else ""
        start = starts.get((r, c))
        if start is None:
            return ""
        end = start + len(text)
        inside = [replace(span, start=span.start - start, end=span.end - start)
                  for span in spans if start <= span.start and span.end <= end]
        here = [(offset - start, markup) for offset, markup in points
                if start <= offset <= end]
        return _inline(text, inside, here)

    def cell(c: TableCell, in_head: bool) -> str:
        attrs = []
        if c.rowspan > 1:
            attrs.append(f'rowspan="{c.rowspan}"')
        if c.colspan > 1:
            attrs.append(f'colspan="{c.colspan}"')
        if numeric[c.column] and c.colspan == 1:
            attrs.append('class="bl-num"')
        if not c.text.strip():
            tag = "td"  # an empty corner heads nothing (and an empty header confuses readers)
        elif in_head:
            tag = "th"
            attrs.insert(0, f'scope="{"colgroup" if c.colspan > 1 else "col"}"')
        elif stub and c.column == 0:
            tag = "th"
            attrs.insert(0, f'scope="{"rowgroup" if c.rowspan > 1 else "row"}"')
        else:
            tag = "td"
        return f'<{tag} {" ".join(attrs)} markdown="span">{content(c.row, c.column)}</{tag}>'

    by_row: dict[int, list[TableCell]] = defaultdict(list)
    for c in sorted(table.cells, key=lambda c: (c.row, c.column)):
        by_row[c.row].append(c)
    head_rows = 0 if header else table.header_rows
    lines = []
    if header:
        lines.append('<thead markdown="1">')
        lines.append('<tr markdown="1">' + "".join(
            f'<th scope="col" markdown="span">{escape_markdown(h)}</th>' for h in header)
            + "</tr>")
        lines.append("</thead>")
    for part, rows_in in (("thead", range(head_rows)), ("tbody", range(head_rows, table.rows))):
        if not rows_in:
            continue
        lines.append(f'<{part} markdown="1">')
        for r in rows_in:
            lines.append('<tr markdown="1">'
                         + "".join(cell(c, part == "thead") for c in by_row.get(r, ())) + "</tr>")
        lines.append(f"</{part}>")
    caption_id = f"{ident}-caption"
    caption = (f'<p class="bl-table-caption" id="{caption_id}" markdown="span">'
               f"{escape_markdown(table.caption)}</p>\n") if table.caption else ""
    named = (f'aria-labelledby="{caption_id}"' if table.caption
             else f'aria-label="Tabel op pagina {_attr(label)}"')
    source = (f'\n<p class="bl-table-source" markdown="span">{escape_markdown(table.source)}'
              "</p>") if table.source else ""
    return (f'<div markdown="1" id="{ident}" class="bl-para bl-table" '
            f'data-page="{paragraph.page}" data-label="{_attr(label)}">\n'
            f"{caption}"
            # a region of its own that the keyboard can scroll (axe: scrollable-region-focusable)
            f'<div class="bl-table-scroll" role="region" tabindex="0" {named} markdown="1">\n'
            # a class of its own: Material neither restyles nor rewraps it
            f'<table class="bl-grid" markdown="1">\n' + "\n".join(lines) + "\n</table>\n</div>"
            f"{source}\n</div>")


def _first_row_header(rows: tuple[tuple[str, ...], ...]) -> Table:
    """The structure of a table the model gives as rows only: its first row the header."""
    columns = max((len(row) for row in rows), default=0)
    cells = tuple(TableCell(r, c, text, header=r == 0) for r, row in enumerate(rows)
                  for c, text in enumerate(row))
    return Table(cells, len(rows), columns, header_rows=1 if len(rows) > 1 else 0)


def _footnote_markdown(note: Footnote, places: dict[tuple[str, str | None], list[_Span]]) -> str:
    spans = places.get((note.paragraph or "", note.number), [])
    text = _inline(note.text, spans, []) or "(leeg)"
    return f"[^{_name(note.number)}]: {text}"


def _printed(label: str) -> str:
    """A note's number as printed: "28" for the label "28-2" of a number printed again."""
    match = re.fullmatch(r"(\d+)-\d+", label)
    return match.group(1) if match else label


def _listed_notes_markdown(notes: list[Footnote],
                           places: dict[tuple[str, str | None], list[_Span]]) -> str:
    """Notes without a marker in this file, as a list of their own (see `_NoteIndex`)."""
    items = []
    for note in notes:
        spans = places.get((note.paragraph or "", note.number), [])
        text = _inline(note.text, spans, []) or "(leeg)"
        items.append(f'<li id="{_attr(note.id)}" class="bl-listed-note" '
                     f'data-note="{_attr(note.number)}" markdown="span">'
                     f'<span class="bl-note-number">{escape_markdown(_printed(note.number))}'
                     '</span> '
                     f"{text}</li>")
    return ('<div class="bl-listed-notes" markdown="1">\n\n'
            "**Voetnoten zonder verwijzing in de tekst**\n"
            '{: .bl-listed-notes__title }\n\n'
            '<ol class="bl-listed-notes__list" markdown="1">\n'
            + "\n".join(items) + "\n</ol>\n\n</div>")


def _front_matter(document: Document, title: str, pages: list[int]) -> str:
    fields = {
        # MkDocs and Material print a page title into the navigation unescaped; the report
        # title is escaped by our own template (overrides/main.html), so it stays as it is.
        "title": escape_html(title),
        "report": document.slug,
        "report_title": document.title,
        "pdf": document.source.file,
        "source_pages": [pages[0], pages[-1]] if pages else [],
    }
    return front_matter(fields)


def _abbreviation_markdown(abbr: str, expansion: str) -> str:
    """``*[COA]: Centraal Orgaan …``; abbr puts the expansion into a title attribute as it is
    (the serializer escapes it), so it is only made one clean line."""
    abbr = one_line(abbr).strip()
    if not abbr or _ABBREVIATION_UNSAFE.search(abbr):
        return ""
    return f"*[{abbr}]: {one_line(expansion).strip()}\n"


def _index_intro(document: Document) -> str:
    pdf = quote(document.source.file)
    chapters = [s for s in document.sections if s.level == 1]
    lines = [
        f"# {escape_markdown(document.title)}",
        "",
        f"Deze pagina's geven de tekst van [het PDF-bestand]({pdf}) "
        f"({document.source.pages} pagina's) weer, met ankers per alinea, voetnoot en pagina.",
    ]
    if chapters:
        lines += ["", "## Inhoud {: #inhoud }", ""]
        for section in chapters:
            link = section.file if section.file != INDEX_FILE else ""
            number = f"{escape_markdown(section.number)} " if section.number else ""
            title = escape_markdown(section.title)
            lines.append(f"- [{number}{title}]({link}#{_name(section.id)})")
    return "\n".join(lines)


# --- JSON ---------------------------------------------------------------------------------


def _table_json(table: Table) -> dict[str, object]:
    return {"rows": table.rows, "columns": table.columns, "header_rows": table.header_rows,
            "ruled": table.ruled, "numeric": list(table.numeric), "caption": table.caption,
            "source": table.source, "pages": list(table.pages),
            "cells": [{"row": c.row, "column": c.column, "text": c.text,
                       **({"rowspan": c.rowspan} if c.rowspan > 1 else {}),
                       **({"colspan": c.colspan} if c.colspan > 1 else {}),
                       **({"header": True} if c.header else {})} for c in table.cells]}


def _figure_json(figure: Figure, paragraph_id: str) -> dict[str, object]:
    return {"box": [round(v, 2) for v in figure.box], "caption": figure.caption,
            "source": figure.source, "labels": list(figure.labels), "raster": figure.raster,
            "image": figure_file(_name(paragraph_id)),
            **({"table_lines": list(figure.table_lines)} if figure.table_lines else {})}


def _occurrence(o: Occurrence) -> dict[str, object]:
    return {"id": o.id, "paragraph": o.paragraph, "footnote": o.footnote, "page": o.page,
            "start": o.start, "end": o.end, "text": o.text}


def document_to_json(document: Document) -> dict[str, object]:
    return {
        "schema": SCHEMA_VERSION,
        "generator": GENERATOR,
        "title": document.title,
        "slug": document.slug,
        "publisher": list(document.publisher),
        "year": document.year,
        "source": {"file": document.source.file, "pages": document.source.pages,
                   "sha256": document.source.sha256},
        "pages": [{"number": p.number, "label": p.label, "id": p.id, "url": p.url}
                  for p in document.pages],
        "sections": [{"id": s.id, "level": s.level, "number": s.number, "title": s.title,
                      "page": s.page, "url": s.url, "file": s.file}
                     for s in document.sections],
        "paragraphs": [
            {"id": p.id, "section": p.section, "page": p.page, "pages": list(p.pages),
             "kind": p.kind, "text": p.text, "footnotes": list(p.footnotes), "url": p.url,
             **({"marker": p.number} if p.number else {}),
             **({"rows": [list(r) for r in p.rows]} if p.rows else {}),
             **({"italic": True} if p.italic else {}),
             **({"depth": p.depth} if p.depth else {}),
             **({"table": _table_json(p.table)} if p.table else {}),
             **({"figure": _figure_json(p.figure, p.id)} if p.figure else {}),
             **({"frame": p.frame} if p.frame else {})}
            for p in document.paragraphs
        ],
        "footnotes": [{"number": f.number, "id": f.id, "page": f.page, "text": f.text,
                       "paragraph": f.paragraph, "url": f.url} for f in document.footnotes],
        "references": [
            {"kind": r.kind, "key": r.key, "label": r.label, "url": r.url,
             "occurrences": [_occurrence(o) for o in r.occurrences]}
            for r in document.references
        ],
        "entities": [
            {"kind": e.kind, "id": e.id, "name": e.name, "aliases": list(e.aliases),
             "url": e.url, **({"sure": False} if not e.sure else {}),
             "occurrences": [_occurrence(o) for o in e.occurrences]}
            for e in document.entities
        ],
        "abbreviations": [{"abbr": a.abbr, "expansion": a.expansion}
                          for a in document.abbreviations],
        "frames": [{"id": f.id, "title": f.title, "page": f.page, "section": f.section}
                   for f in document.frames],
        "warnings": list(document.warnings),
    }


def quality_json(document: Document) -> dict[str, object]:
    """What a reader should check, for `quality.json` beside the model."""
    quality = document.quality
    return {
        "verdict": quality.verdict,
        "headings_per_page": quality.headings_per_page,
        "counts": dict(sorted(Counter(item.kind for item in quality.items).items())),
        "items": [{"kind": i.kind, "page": i.page, "subject": i.subject, "message": i.message}
                  for i in quality.items],
    }


def quality_text(document: Document) -> str:
    return json.dumps(quality_json(document), ensure_ascii=False, indent=1) + "\n"


def json_text(document: Document) -> str:
    return json.dumps(document_to_json(document), ensure_ascii=False, indent=1) + "\n"
