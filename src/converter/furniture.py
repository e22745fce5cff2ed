"""Furniture: running headers and footers, and printed page numbers.

Recognised by repeating in the page margins across the document, not by knowing the title:
a text that comes back at the top or bottom of many pages (its digits aside) is furniture, and
the number in it that follows the PDF page number is the page's printed label.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .model import Graphic, Line, PageLines
from .notes import footnote_number


@dataclass(frozen=True, slots=True)
class FurnitureSettings:
    band: float = 0.12  # top and bottom share of the page searched for furniture
    repeat: float = 0.3  # share of pages a header/footer must repeat on

    def __post_init__(self) -> None:
        if not 0 < self.band < 0.5:
            raise ValueError("band must be between 0 and 0.5")


DEFAULT = FurnitureSettings()


def _top(line: Line) -> float:
    return line.top


_LONE_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}|[ivxlc]{1,7}|"
    r"(?:pagina|page|blz\.?|p\.)\s*\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?|\d{1,4}\s*(?:/|van)\s*\d{1,4})$",
    re.IGNORECASE,
)


_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # asked of every margin line several times over
def furniture_key(text: str) -> str:
    """What stays the same in a running header or footer from page to page."""
    return _SPACES.sub(" ", _DIGITS.sub("#", text)).strip().lower()


def _in_band(line: Line, page: PageLines, s: FurnitureSettings) -> bool:
    band = s.band * page.height
    return line.bottom <= band or line.top >= page.height - band


def _furniture_candidate(line: Line, page: PageLines, s: FurnitureSettings) -> bool:
    if not _in_band(line, page, s):  # most lines: their runs need no look
        return False
    first = next((r for r in line.runs if r.text.strip()), None)
    return not (first and first.superscript)


def running_furniture_keys(
    pages: Sequence[PageLines], body_size: float, s: FurnitureSettings
) -> set[str]:
    """Texts that repeat in the page margins; those with digits must carry the page number.

    The page-number rule keeps out footnotes of one shape ("Tweede Kamer, vergaderjaar
    ####-####, ## ###, nr. ###") that can sit in the same place on many pages.
    """
    seen: dict[str, list[tuple[int, list[int]]]] = {}
    for page in pages:
        for line in page.lines:
            if _furniture_candidate(line, page, s):
                numbers = [int(n) for n in re.findall(r"\d{1,4}", line.text)]
                seen.setdefault(furniture_key(line.text), []).append((page.number, numbers))
    needed = max(2, round(s.repeat * len(pages)))
    keys = set(heading_echoes(pages, body_size, s))
    top_band = _top_band_keys(pages, s)
    for key, places in seen.items():
        pages_seen = {number for number, _ in places}
        if len(pages_seen) < 2 or not key.strip("# "):
            continue
        if all(numbers == places[0][1] for _, numbers in places[1:]) and key in top_band:
            keys.add(key)  # a running header such as "2 Migratie naar Nederland"
            continue
        if "#" in key:
            # the page number stands at one place in the text ("28 De Staat van Migratie
            # 2023": the first number); a note's number that happens to track it on one
            # page and another number of the same note shape on another page do not
            offsets: Counter[tuple[int, int]] = Counter()
            for number, numbers in places:
                offsets.update({(i, n - number) for i, n in enumerate(numbers)})
            tracking = offsets.most_common(1)[0][1]
            if tracking == len(places):
                # the page number itself, on every page it is printed on: a chapter's own
                # running footer ("Back-end Code Review 27"), however short the chapter
                keys.add(key)
                continue
            if tracking < 0.6 * len(places):
                continue
        if len(pages_seen) < needed:
            continue
        keys.add(key)
    return keys


def heading_echoes(pages: Sequence[PageLines], body_size: float,
                   s: FurnitureSettings = DEFAULT) -> dict[str, float]:
    """Small lines at a page top repeating a heading set larger elsewhere: running headers,
    as {key: the heading's size}.

    A chapter title repeated above its pages may occur only once in a short chapter, so
    repetition alone cannot find it.
    """
    large = {furniture_key(line.text): line.size for page in pages for line in page.lines
             if line.size >= HEADING_SIZE * body_size}
    echoes = {}
    for page in pages:
        for line in sorted(page.lines, key=_top)[:2]:
            key = furniture_key(line.text)
            if (line.bottom <= s.band * page.height and key in large
                    and line.size < large[key] - 0.5):
                echoes[key] = large[key]
    return echoes


def _top_band_keys(pages: Sequence[PageLines], s: FurnitureSettings) -> set[str]:
    """Keys of texts that occur only at page tops: running headers, not footnotes."""
    top_only: dict[str, bool] = {}
    for page in pages:
        band = s.band * page.height
        for line in page.lines:
            key = furniture_key(line.text)
            top_only[key] = top_only.get(key, True) and line.bottom <= band
    return {key for key, only in top_only.items() if only}


HEADING_SIZE = 1.12  # of the body size: a running header is never set this large


def is_furniture(line: Line, page: PageLines, keys: set[str], s: FurnitureSettings,
                 headings: dict[str, float] | None = None) -> bool:
    """A running header or footer, or a page number. A heading whose text the running header
    echoes in smaller type (`headings`, from `heading_echoes`) is the heading itself where it
    is set at its own size."""
    if not _furniture_candidate(line, page, s):
        return False
    text = line.text.strip()
    if text.isdigit() and 1900 <= int(text) <= 2099 and abs(int(text) - page.number) > 50:
        return False  # a year ending a reference at the foot of the page, not a page number
    if _LONE_PAGE_NUMBER.match(text):
        return True
    key = furniture_key(text)
    if headings and key in headings and line.size >= headings[key] - 0.5:
        return False  # the chapter's heading at a page's top, which the running header echoes
    return key in keys


def label_offset(
    pages: Sequence[PageLines], keys: set[str], s: FurnitureSettings
) -> int | None:
    """The most common difference between a printed number in the furniture and the page index."""
    offsets: Counter[int] = Counter()
    for page in pages:
        found = set()
        for line in page.lines:
            if is_furniture(line, page, keys, s):
                found.update(int(n) - page.number for n in re.findall(r"\d{1,4}", line.text))
        offsets.update(found)
    if not offsets:
        return None
    offset, count = offsets.most_common(1)[0]
    return offset if count >= max(2, len(pages) // 3) else None


def page_label(furniture: list[Line], number: int, offset: int | None) -> str | None:
    if offset is None:
        return None
    wanted = str(number + offset)
    for line in furniture:
        if wanted in re.findall(r"\d{1,4}", line.text):
            return wanted
    return None


def body_size(lines: Iterable[Line]) -> float:
    """The size most of the text is set in (by characters), to half a point."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def colophon_tail(lines: Sequence[Line], body_size: float, page_height: float,
                  note_size: float, rules: Sequence[Graphic] = (), carry: bool = False,
                  s: FurnitureSettings = DEFAULT, page_width: float = 0.0,
                  graphics: Sequence[Graphic] = ()) -> tuple[list[Line], list[Line]]:
    """(lines, tail): a colophon or imprint set apart below everything else in the bottom band
    (a Kamerstuk's first page) is furniture; numbered small print there is footnotes, and so
    is small print right below a separator rule when the page before printed notes (its last
    note, continued). Higher up, the last lines of a page are an imprint when they are small
    print centred on the page and set well apart, with nothing drawn above them (under a
    figure they would be its caption)."""
    limit = note_size * body_size
    band_top = page_height * (1 - s.band)
    groups: list[list[Line]] = []
    for line in lines:
        if groups and line.top - groups[-1][-1].bottom <= 1.2 * max(line.size,
                                                                   groups[-1][-1].size):
            groups[-1].append(line)
        else:
            groups.append([line])
    tail: list[Line] = []
    while len(groups) > 1 and all(line.top >= band_top for line in groups[-1]):
        group, above = groups[-1], groups[-2]
        small = all(line.size <= limit for line in group)
        # numbered and smaller at all: footnotes set only a little smaller than the text
        # (8 under 8.5) are still notes, which a colophon is not
        numbered = any(line.size < body_size - 0.25 and footnote_number(line) for line in group)
        apart = group[0].top - above[-1].bottom > 2.5 * body_size
        ruled = carry and any(above[-1].bottom <= rule.top <= group[0].top for rule in rules)
        if numbered or ruled or not (small or apart):
            break
        tail = groups.pop() + tail
    if not tail and len(groups) > 1 and page_width:
        group, above = groups[-1], groups[-2]
        centred = all(abs(line.x0 - (page_width - line.x1)) <= 2 * line.size for line in group)
        drawn = any(g.visible and g.top >= above[-1].bottom - 1 and g.bottom <= group[0].top + 1
                    and g.bottom - g.top > body_size for g in graphics)  # a figure, not a rule
        if (len(group) <= 2 and centred and not drawn
                and all(line.size <= limit and not footnote_number(line) for line in group)
                and group[0].top - above[-1].bottom > 1.5 * body_size):
            tail = groups.pop()
    return [line for group in groups for line in group], tail


# --- letterheads, mastheads, address blocks ----------------------------------------------

MASTHEAD_BAND = 0.3  # share of the first page's height a masthead stays within
MASTHEAD_RULE = 0.6  # share of the text's width the rule closing a masthead spans at least
MASTHEAD_LINES = 3  # lines a masthead holds at most


def masthead(lines: Sequence[Line], graphics: Sequence[Graphic], page_height: float
             ) -> list[Line]:
    """The lines above a rule across the top of a first page (a Kamerstuk's chamber and
    session year), which name the series, not the document."""
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    rules = [g for g in graphics if g.kind in ("line", "rect") and g.visible
             and g.bottom - g.top <= 2.0 and g.x1 - g.x0 >= MASTHEAD_RULE * (right - left)
             and g.bottom <= MASTHEAD_BAND * page_height]
    if not rules:
        return []
    lowest = max(rule.top for rule in rules)
    above = [line for line in lines if line.bottom <= lowest]
    below = [line for line in lines if line.top >= lowest]
    if not above or len(above) > MASTHEAD_LINES or not below:
        return []
    return above


# What anchors an address: a Dutch postcode, or a Postbus.
_POSTAL = re.compile(r"\b[1-9]\d{3} ?[A-Z]{2}\b|^(?:postbus|p\.?o\.? box)\s+\d+", re.IGNORECASE)
_ADDRESS = re.compile(
    r"\b[1-9]\d{3} ?[A-Z]{2}\b"  # a Dutch postcode
    r"|^(?:postbus|p\.?o\.? box)\s+\d+"
    r"|^(?:t|f|tel|telefoon|fax|phone)\b[.:]?\s*[+(]?\d[\d\s()-]{7,}$|^\+?\d[\d\s()-]{8,}\d$"
    r"|^\S+@\S+\.[a-z]{2,}$"
    r"|^(?:https?://)?(?:www\.)?[\w.-]+\.(?:nl|com|org|eu|net)(?:/\S*)?$"
    r"|^[A-Z][a-zà-ÿ]+(?:straat|weg|laan|plein|haven|kade|gracht|singel|dreef|park)\s+\d+",
    re.IGNORECASE,
)
ADDRESS_MIN_LINES = 3
ADDRESS_MAX_CHARS = 60


def address_blocks(lines: Sequence[Line]) -> list[Line]:
    """Stacks of short lines that are mostly an address (postcode, Postbus, phone, e-mail,
    website, street and number), among them a postcode or a Postbus: a letterhead's sender,
    a back cover's imprint. (A list of domain names alone is no address.)"""
    found: list[Line] = []
    group: list[Line] = []

    def flush() -> None:
        if len(group) < ADDRESS_MIN_LINES:  # most groups: one line
            return
        hits = sum(bool(_ADDRESS.search(line.text.strip())) for line in group)
        postal = any(_POSTAL.search(line.text.strip()) for line in group)
        if postal and hits >= 2 and hits * 2 >= len(group):
            found.extend(group)

    for line in lines:
        short = len(line.text.strip()) <= ADDRESS_MAX_CHARS and "\t" not in line.text
        if group and short and line.column == group[-1].column and (
                abs(line.size - group[-1].size) < 1.5
                and line.top - group[-1].bottom <= 1.2 * group[-1].size):
            group.append(line)
            continue
        flush()
        group = [line] if short else []
    flush()
    return found
