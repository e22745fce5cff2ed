"""Who issued a report and when: the imprint a citation names.

`find_imprint(document, layouts, gazetteer, created)` reads the pages as the geometry stage
left them (furniture included: letterheads and address blocks are furniture) and the
linked document, and returns `Imprint(publisher, year)`. A wrong issuer in a reference is
worse than none, so only plain evidence counts, tried in this order; the first kind that
names anyone decides:

1. a colophon: "Uitgave" / "Een uitgave van" / "Published by" with a name, or a copyright
   line ("© Centerdata, Tilburg, 2026", "Copyright © 2020 NFIR BV");
2. a masthead: the topmost line of the first page is a Dutch public body by itself
   ("Tweede Kamer der Staten-Generaal" over a Kamerstuk);
3. a letter's signature on its last pages: "De Staatssecretaris van Veiligheid en Justitie,"
   names the ministry, "Hoogachtend, / Autoriteit Persoonsgegevens," the body;
4. a sender's address block: a known organisation over "Postbus …" or a street address;
5. the cover: paragraphs of the first page that consist of Dutch public bodies' names
   alone (the ministries under a report's title).

Organisations a front page names as the recipient ("Client", "Klantnaam", "Aan",
"in opdracht van …") are never the issuer by masthead, address block or cover. Names of
organisations are the gazetteer's (a "Ministerie van …" line is matched against the
ministries it knows); a body is Dutch and public when it is a ministry or a chamber of the
States General, or the gazetteer gives it an official site under .nl.

The year is, in order: the date labelled "Datum" or "Date" on the first two pages; a date
standing on the first page that no other label claims ("b) Datum ontvangst
Commissiedocument" dates something else); the year of a copyright line; the year in the
title; the year of the PDF's CreationDate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from converter.entities import Gazetteer, find_entities
from converter.model import Document, Line, PageLayout

__all__ = ["Imprint", "find_date_year", "find_imprint"]

#: Pages read from the front (cover, colophon, letterhead) and from the back (signature,
#: colophon, back cover).
FRONT_PAGES = 3
BACK_PAGES = 2
#: Lines of one block: left edges this close, and no larger gap than this many line heights.
BLOCK_X_TOLERANCE = 4.0
BLOCK_GAP_LINES = 1.6
#: A date line on the cover is short: the date and a few words ("Versie 0.5, 19 mei 2020").
COVER_DATE_MAX_WORDS = 8
#: A name given by a colophon label is a name, not a sentence.
NAME_MAX_WORDS = 8

#: The chambers issue parliamentary papers; they are no register entries (see entities.yaml).
CHAMBERS = ("Tweede Kamer der Staten-Generaal", "Eerste Kamer der Staten-Generaal")


@dataclass(frozen=True, slots=True)
class Imprint:
    publisher: tuple[str, ...] = ()
    year: str = ""


# --- dates ---------------------------------------------------------------------------------

_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|january|february|march|may|june|july|august|october"
    "|jan|feb|mrt|mar|apr|jun|jul|aug|sept|sep|okt|oct|nov|dec"
)
_YEAR = r"((?:19|20)\d\d)"
_DATE_RES = (
    re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS})\.?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b\d{{1,2}}[-/.]\d{{1,2}}[-/.]{_YEAR}\b"),
    re.compile(rf"\b{_YEAR}-\d\d-\d\d\b"),
)


def find_date_year(text: str) -> tuple[str, int, int] | None:
    """(year, start, end) of the first full date in `text` ("6 augustus 2020", "August 28th,
    2020", "01/09/2020", "2020-09-01"), or None."""
    found = [(m.start(), m.end(), m.group(1)) for rx in _DATE_RES for m in rx.finditer(text)]
    if not found:
        return None
    start, end, year = min(found)
    return year, start, end


_DATE_LABEL_RE = re.compile(r"^(?:datum|date|dated)\s*:?$", re.IGNORECASE)
_OTHER_DATE_LABEL_RE = re.compile(r"\b(?:datum|date|d\.d\.)", re.IGNORECASE)
_TITLE_YEAR_RE = re.compile(r"\b((?:19|20)\d\d)\b")


def _cells(line: Line) -> list[str]:
    return [c.strip() for c in re.split(r"\t| {3,}", line.text) if c.strip()]


def _labelled_year(blocks: Iterable[list[Line]]) -> str:
    """The year of a date labelled "Datum": on its line, or under it (a table's header)."""
    for block in blocks:
        for i, line in enumerate(block):
            cells = _cells(line)
            if not cells or not _DATE_LABEL_RE.match(cells[0]):
                continue
            rest = " ".join(cells[1:])
            below = _cells(block[i + 1]) if i + 1 < len(block) else []
            for text in (rest, below[0] if below else ""):
                found = find_date_year(text)
                if found and (text is rest or found[1] == 0):
                    return found[0]
    return ""


def _cover_date_year(blocks: Iterable[list[Line]]) -> str:
    """The year of a short date line on the cover that no other label claims."""
    for block in blocks:
        for i, line in enumerate(block):
            text = " ".join(_cells(line))
            found = find_date_year(text)
            if found is None or len(text.split()) > COVER_DATE_MAX_WORDS:
                continue
            label = text[: found[1]].strip(" ,:;-–")
            if not label and i > 0:
                label = " ".join(_cells(block[i - 1]))
            if label and _OTHER_DATE_LABEL_RE.search(label):
                continue  # "Datum ontvangst …", "vastgesteld d.d.": the date of something else
            return found[0]
    return ""


# --- names -----------------------------------------------------------------------------------

_SEPARATORS_RE = re.compile(r"(?:[\s,;/&|•·–—-]|\b(?:en|and)\b)*")
_MINISTRY_RE = re.compile(r"Ministerie van [A-Z][\w'’-]*(?:(?:,\s*|\s+(?:en\s+)?)[A-Z][\w'’-]*)*")


def _organisations(text: str, gazetteer: Gazetteer) -> list[str] | None:
    """The organisations `text` consists of (one or several, with separators), by their
    canonical names; None when it holds anything else."""
    spans: list[tuple[int, int, str]] = [
        (m.start, m.end, m.name) for m in find_entities(text, gazetteer)
        if m.kind == "organisation"]
    for chamber in CHAMBERS:
        for m in re.finditer(re.escape(chamber), text):
            spans.append((m.start(), m.end(), chamber))
    spans.sort()
    names: list[str] = []
    cursor = 0
    for start, end, name in spans:
        if start < cursor:
            continue
        if not _SEPARATORS_RE.fullmatch(text[cursor:start]):
            return None
        names.append(name)
        cursor = end
    if not names or not _SEPARATORS_RE.fullmatch(text[cursor:]):
        return None
    return list(dict.fromkeys(names))


def _dutch_public_body(name: str, gazetteer: Gazetteer) -> bool:
    if name in CHAMBERS or name.startswith("Ministerie van "):
        return True
    entry = gazetteer.lookup(name)
    host = (urlsplit(entry.url).hostname or "") if entry is not None else ""
    return host.endswith(".nl")


def _canonical(name: str, gazetteer: Gazetteer) -> str:
    entry = gazetteer.lookup(name)
    return entry.name if entry is not None and entry.kind == "organisation" else name


def _name_like(text: str) -> bool:
    words = text.split()
    return (0 < len(words) <= NAME_MAX_WORDS and text[:1].isupper()
            and not re.search(r"@|https?:|www\.", text) and find_date_year(text) is None
            and not _TITLE_YEAR_RE.fullmatch(text))


# --- the page's blocks -------------------------------------------------------------------------


def _lines(layout: PageLayout) -> list[Line]:
    """Every line of the page: a cover's facts may stand in a drawing (a table over a
    picture is a figure's labels) or be furniture (a letterhead, an address block)."""
    figures = [line for f in layout.figures for line in (*f.labels, *f.caption, *f.source)]
    titles = [line for box in layout.boxes for line in box.title]
    return [*layout.furniture, *layout.body, *layout.footnotes, *figures, *titles]


def _blocks(layout: PageLayout) -> list[list[Line]]:
    """The page's lines in blocks: runs of lines that share a left edge and follow each
    other closely (an address block, a label over its value, a title), each top to bottom."""
    blocks: list[list[Line]] = []
    for line in sorted(_lines(layout), key=lambda ln: (ln.top, ln.x0)):
        for block in reversed(blocks):
            last = block[-1]
            if (abs(line.x0 - last.x0) <= BLOCK_X_TOLERANCE
                    and 0 <= line.top - last.bottom <= BLOCK_GAP_LINES * max(line.size, 1.0)):
                block.append(line)
                break
        else:
            blocks.append([line])
    return blocks


def _table_rows(layout: PageLayout) -> list[str]:
    """The text of each row of the page's tables, cells in order ("Client Ministerie van …"):
    a front page's label and its value often stand in a table's two columns."""
    rows: list[str] = []
    for region in layout.tables:
        by_row: dict[int, list[tuple[int, str]]] = {}
        for cell, lines in zip(region.table.cells, region.lines, strict=False):
            text = " ".join(line.plain_text for line in lines)
            by_row.setdefault(cell.row, []).append((cell.column, text))
        rows.extend(" ".join(t for _, t in sorted(cells)) for _, cells in sorted(by_row.items()))
    return rows


def _pages(layouts: Sequence[PageLayout], front: bool = True, back: bool = True
           ) -> list[PageLayout]:
    chosen = [*(layouts[:FRONT_PAGES] if front else ()), *(layouts[-BACK_PAGES:] if back else ())]
    return list({p.number: p for p in chosen}.values())  # a short report's pages once


# --- evidence ----------------------------------------------------------------------------------

#: "©" or "Copyright"; not "(c)", which is as often a list item's letter.
_COPYRIGHT_RE = re.compile(
    r"^\s*(?:copyright\s*©?|©)\s*(?:(?:19|20)\d\d[,\s]*)?(?P<name>.+)$", re.IGNORECASE)
_COLOPHON_LABEL_RE = re.compile(
    r"^\s*(?:uitgave|uitgegeven door|een uitgave van|published by|publisher)\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE)


def _colophon(layouts: Sequence[PageLayout], gazetteer: Gazetteer) -> list[str]:
    found: list[str] = []
    for layout in _pages(layouts):
        for block in _blocks(layout):
            for i, line in enumerate(block):
                text = " ".join(_cells(line))
                m = _COPYRIGHT_RE.match(text)
                if m:
                    name = m.group("name").split(",")[0].strip(" .")
                else:
                    label = _COLOPHON_LABEL_RE.match(text)
                    if label is None:
                        continue
                    name = label.group("rest").strip()
                    if not name and i + 1 < len(block):
                        name = " ".join(_cells(block[i + 1]))
                if _name_like(name):
                    found.append(_canonical(name, gazetteer))
    return found


def _masthead(layouts: Sequence[PageLayout], gazetteer: Gazetteer) -> list[str]:
    lines = _lines(layouts[0]) if layouts else []
    if not lines:
        return []
    top = min(lines, key=lambda ln: (ln.top, ln.x0))
    cells = _cells(top)
    if not cells or any(re.search(r"[^\W\d_]", c) for c in cells[1:]):
        return []  # a page number beside the name may stand there, nothing else
    names = _organisations(cells[0], gazetteer) or []
    return [n for n in names if _dutch_public_body(n, gazetteer)]


_MINISTER_SIGNATURE_RE = re.compile(
    r"^De (?:minister|staatssecretaris)(?:-president)? van (?P<department>.+),$", re.IGNORECASE)
_OFFICER_SIGNATURE_RE = re.compile(
    r"^De (?:voorzitter|vicepresident|vice-president|president|directeur|secretaris)"
    r"(?:-generaal)? van (?:de |het )?(?P<body>.+),$", re.IGNORECASE)
_CLOSING_RE = re.compile(r"^(?:hoogachtend|met (?:vriendelijke|hoogachtende) groet(?:en)?)"
                         r",?$", re.IGNORECASE)


def _signatures(layouts: Sequence[PageLayout], gazetteer: Gazetteer) -> list[str]:
    found: list[str] = []
    for layout in _pages(layouts, front=False):
        for block in _blocks(layout):
            for i, line in enumerate(block):
                text = " ".join(_cells(line))
                minister = _MINISTER_SIGNATURE_RE.match(text)
                officer = _OFFICER_SIGNATURE_RE.match(text)
                if minister:
                    candidates = [f"Ministerie van {minister.group('department')}"]
                elif officer:
                    candidates = [officer.group("body")]
                elif _CLOSING_RE.match(text) and i + 1 < len(block):
                    candidates = [" ".join(_cells(block[i + 1])).rstrip(",")]
                else:
                    continue
                for name in candidates:
                    entry = gazetteer.lookup(name)
                    if entry is not None and entry.kind == "organisation":
                        found.append(entry.name)
    return found


_ADDRESS_RE = re.compile(
    r"^(?:postbus\s+\d+|[A-Z][\w'’.-]+(?:\s+[\w'’.-]+){0,3}\s+\d+[a-zA-Z]?(?:[,\s]|$)"
    r"|\d{4}\s?[A-Z]{2}\b)", re.IGNORECASE)


def _sender_blocks(layouts: Sequence[PageLayout], gazetteer: Gazetteer) -> list[str]:
    found: list[str] = []
    for layout in _pages(layouts):
        for block in _blocks(layout):
            if len(block) < 2 or not _ADDRESS_RE.match(" ".join(_cells(block[1]))):
                continue
            found.extend(_organisations(" ".join(_cells(block[0])).rstrip(","), gazetteer) or ())
    return found


def _cover(document: Document, gazetteer: Gazetteer) -> list[str]:
    first = min((p.page for p in document.paragraphs), default=0)
    found: list[str] = []
    for paragraph in document.paragraphs:
        if paragraph.page != first or paragraph.kind not in ("paragraph", "heading", "caption"):
            continue
        names = _organisations(paragraph.text, gazetteer) or []
        found.extend(n for n in names if _dutch_public_body(n, gazetteer))
    return found


_RECIPIENT_RE = re.compile(
    r"(?:^(?:client|klant|klantnaam|opdrachtgever|aan|voor|t\.a\.v\.|ter attentie van)\b\s*:?"
    r"|\bin opdracht van\b|\bprepared for\b|\bcommissioned by\b)\s*", re.IGNORECASE)
#: How far after a recipient label its name may start ("in opdracht van de Kiesraad").
RECIPIENT_REACH = 6


def _recipients(layouts: Sequence[PageLayout], gazetteer: Gazetteer) -> set[str]:
    """Organisations the front pages name as client or addressee."""
    found: set[str] = set()
    for layout in _pages(layouts, back=False):
        texts = [" ".join(" ".join(_cells(line)) for line in block) for block in _blocks(layout)]
        for text in (*texts, *_table_rows(layout)):
            for m in _RECIPIENT_RE.finditer(text):
                for match in find_entities(text[m.end():], gazetteer):
                    if match.kind == "organisation" and match.start <= RECIPIENT_REACH:
                        found.add(match.name)
                    break
    return found


def _unique(names: Iterator[str] | list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def find_imprint(document: Document, layouts: Sequence[PageLayout], gazetteer: Gazetteer,
                 created: str = "") -> Imprint:
    """The report's issuer(s) and year, each empty when the pages do not say it plainly.

    `layouts` are the pages in order (furniture kept); `created` is the year of the PDF's
    CreationDate, the last resort for the year.
    """
    publisher: tuple[str, ...] = _unique(_colophon(layouts, gazetteer))
    if not publisher:
        recipients = _recipients(layouts, gazetteer)
        for evidence in (_masthead(layouts, gazetteer), _signatures(layouts, gazetteer),
                         _sender_blocks(layouts, gazetteer), _cover(document, gazetteer)):
            publisher = _unique(n for n in evidence if n not in recipients)
            if publisher:
                break
    front = [block for layout in layouts[:2] for block in _blocks(layout)]
    year = (_labelled_year(front)
            or _cover_date_year(_blocks(layouts[0]) if layouts else [])
            or _copyright_year(layouts)
            or _title_year(document.title)
            or created)
    return Imprint(publisher, year)


def _copyright_year(layouts: Sequence[PageLayout]) -> str:
    for layout in _pages(layouts):
        for line in _lines(layout):
            text = line.text
            if _COPYRIGHT_RE.match(text):
                years = _TITLE_YEAR_RE.findall(text)
                if years:
                    return years[0]
    return ""


def _title_year(title: str) -> str:
    years = _TITLE_YEAR_RE.findall(title)
    return years[-1] if years else ""
