"""Blocks: zoned lines become paragraphs, headings, list items, tables, captions and footnotes.

Line-end hyphenation is undone here, where both sides of the line break are known, and
superscript footnote markers become `FootnoteMark`s at their exact offset in the text.
"""

from __future__ import annotations

import itertools
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from . import tables
from .conventions import CAPTION, SOURCE_LINE
from .model import (
    Block,
    BlockKind,
    Figure,
    FigureRegion,
    FootnoteMark,
    FootnoteText,
    Line,
    PageLayout,
    Run,
    TableRegion,
    table_text,
)
from .notes import MARKER_TEXT, footnote_number, marker_digits, marker_numbers


@dataclass(frozen=True, slots=True)
class BlockSettings:
    paragraph_gap: float = 1.22  # a baseline step this many times the usual leading splits
    indent: float = 0.8  # of the size: a first line indented this much starts a paragraph
    short_line: float = 0.85  # a line ending a sentence before this share of the width ends it
    very_short_line: float = 0.6  # ... this short ends it before a capital, whatever its end
    heading_size: float = 1.12  # text this much larger than body text is a heading
    heading_max_words: int = 18
    small_print: float = 0.92  # bold text smaller than this share of body text is no heading


DEFAULT = BlockSettings()
PAGE_MEASURE_LINES = 10  # body lines a page needs to have a measure of its own

_SENTENCE_END = re.compile(r"[.!?:;)\]”\"’']\s*$")
# A raised 2 or 3 right after a unit is its exponent ("km²", "m³"), not a note.
_UNIT = re.compile(r"(?<![A-Za-zÀ-ÿ])[kcdm]?m$")
_EXPONENTS = str.maketrans("23", "²³")
# List markers. A lone "o" is Word's second-level bullet (Courier New); no Dutch sentence
# starts with a lower-case "o" and a space.
# Roman numerals up to xxxix, as list numbers: "vi.", "(vii)".
_ROMAN = r"(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})"
_BULLET = re.compile(
    r"^\s*(?:([•●▪■◦○‣⁃∙·◆►✓\-–—*\uf0b7\uf0a7\uf0d8\uf0fc\uf02d\uf076o]|\d{1,2}[.)]|[a-z][.)]|"
    rf"{_ROMAN}[.)]|\((?:[a-z0-9]{{1,2}}|{_ROMAN})\))[\s\t]+(?=\S)"
    # a numeral of two letters or more set tight against its item ("vii.de …"), as a hanging
    # marker right-aligned to the text can come out; one letter ("i.v.m.") stays text
    rf"|((?=[ivx]{{2}}){_ROMAN}\.)(?=[a-z]))"
)
# The field labels of a government letter or note (Rijkshuisstijl): set large or bold in the
# letterhead, they name fields, not chapters. A line of nothing but labels is no heading.
LETTERHEAD_LABEL = re.compile(
    r"^(?:(?:datum|ons kenmerk|uw kenmerk|uw brief(?: van)?|kenmerk|onderwerp|betreft|inzake"
    r"|contactpersoon|behandeld door|inlichtingen|doorkiesnummer|telefoon|e-?mail|bijlage\(n\)"
    r"|bijlagen|retouradres|aan|van|cc)\s*)+$",
    re.IGNORECASE,
)
_HEADING_NUMBER = re.compile(
    r"^(?P<number>(?:Bijlage|Hoofdstuk|Deel)\s+(?:\d+|[IVX]+)|\d{1,2}(?:\.\d{1,2}){0,3})"
    r"\.?(?:[\s\t]+(?=[A-ZÀ-Ý‘'“\"(])|$)(?P<title>.*)$"
)
# dot leaders come as "....", ". . . .", "…" or a tab
_CONTENTS_ENTRY = re.compile(r"^(?P<title>.+?)(?:(?:\s*\.){3,}|\s*…+|\t)\s*(?P<page>\d{1,4})$")
_CONJUNCTIONS = {"en", "of", "tot", "noch", "alsook", "dan", "and", "or", "to"}
# Words Dutch joins to the next with a hyphen, and that no syllable break produces.
_HYPHENATED_PREFIXES = {"niet"}


def normalise(text: str) -> str:
    """Unicode NFC, soft hyphens and odd spaces removed; quotes and diacritics kept."""
    if not unicodedata.is_normalized("NFC", text):  # the check is cheap, the change is not
        text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\u2009", " ")
    text = text.replace("\u200b", "").replace("\t", " ")
    return re.sub(r" {2,}", " ", text) if "  " in text else text


# --- joining lines ----------------------------------------------------------------------


_bare_word = operator.methodcaller("strip", ".,;:()“”‘’'\"")  # a token without its punctuation


def vocabulary(layouts: Iterable[PageLayout]) -> frozenset[str]:
    """Words the document writes inside lines; tells a split word from a hyphenated one."""
    words: set[str] = set()
    for page in layouts:
        for line in (*page.body, *page.footnotes):
            tokens = line.plain_text.lower().split()
            words.update(map(_bare_word, tokens[:-1]))
        # in a narrow cell a line may also begin with the rest of a word broken without a
        # hyphen ("Oppervla" / "kte per plaats"): a cell line's first word is no evidence
        for lines in (lines for region in page.tables for lines in region.lines):
            for line in lines:
                tokens = line.plain_text.lower().split()
                words.update(map(_bare_word, tokens[1:-1]))
    return frozenset(words)


def join_hyphenated(left: str, right: str, words: frozenset[str]) -> str:
    """Join two lines, undoing a typesetter's hyphenation but keeping real hyphens.

    pdfium flags every hyphen that ends a line after a letter, real ("AVG-", "niet-") or not,
    so the flag does not decide; the words around the break and the document's own
    vocabulary (`words`, from inside lines) do.
    """
    if not left:
        return right.lstrip()
    right = right.lstrip()
    if left.endswith("\u2010"):  # HYPHEN, as weasyprint breaks words: like "-"
        left = left[:-1] + "-"
    if left.endswith("\u2013") and len(left) >= 2 and left[-2].isalnum() and right[:1].isalnum():
        return left + right  # a range broken after its dash: "2018–" / "2022"
    if not left.endswith("-") or len(left) < 2 or not left[-2].isalnum():
        return f"{left} {right}" if right else left
    last_token = left.rsplit(" ", 1)[-1]
    if "://" in last_token or last_token.startswith("www."):
        # a URL broken at a hyphen keeps it; before "_" the break itself made the hyphen
        return left[:-1] + right if right.startswith("_") else left + right
    stem_match = re.search(r"([\w’'-]+)-$", left)
    stem = stem_match.group(1) if stem_match else ""
    first = right.split(" ", 1)[0] if right else ""
    first_word = first.strip(".,;:()")
    if first_word.lower() in _CONJUNCTIONS:
        return f"{left} {right}"  # "asiel- en migratiebeleid"
    if not first_word or not first_word[0].islower():
        return left + right  # "2022-2024", "Noord-Holland", "EU-Turkije"
    last_part = stem.rsplit("-", 1)[-1]
    if any(c.isdigit() for c in last_part) or sum(c.isupper() for c in last_part) > 1:
        return left + right  # "Nt2-docenten", "EU-landen", "AVG-wetgeving"
    if last_part.lower() in _HYPHENATED_PREFIXES:
        return left + right  # "niet-essentiële": Dutch writes these with a hyphen
    joined = (last_part + first_word).lower()
    hyphenated = f"{last_part}-{first_word}".lower()
    if hyphenated in words and joined not in words:
        return left + right  # the document writes this compound with a hyphen
    if "-" in stem and f"{stem}{first_word}".lower() in words:
        return left[:-1] + right  # the document writes the compound whole: "Noord-Hol-" / "land"
    if "-" in stem and joined not in words:
        return left + right  # at a compound's next hyphen: "notificatie-app-software"
    return left[:-1] + right


def _runs_on(last: Line, line: Line, geometry: _PageGeometry) -> bool:
    """`line` goes on from `last` as running text does: in its type, the next line down,
    and `last` fills its line (a caption is set apart: its own type, space, a short line
    before it)."""
    step = line.baseline - last.baseline
    return ((line.page, line.column) == (last.page, last.column)
            and abs(line.size - last.size) < 0.3 and line.bold == last.bold
            and line.italic == last.italic
            and 0 < step <= 1.1 * geometry.leading
            and last.x1 >= geometry.right - 0.5 * last.size)


def _item_text_start(line: Line) -> float:
    """Where a list item's text starts after its marker ("•", "vi."): the end of the wide
    space behind the marker (0 when the line does not say)."""
    for offset, _, after in line.gaps:
        if offset <= 6:
            return after
    return 0.0


def _broken_word(left: str, right: str, words: frozenset[str], full: bool = False) -> bool:
    """ "Taakstelli" + "ng": a word broken without a hyphen in a narrow cell: neither part is
    a word of the document, and the document writes the whole word, or the part before the
    break filled its cell's line alone (`full`)."""
    tail = re.search(r"([^\W\d_]+)$", left)
    head = re.match(r"([^\W\d_]+)", right)
    if not tail or not head or not head.group(1)[0].islower():
        return False
    a, b = tail.group(1).lower(), head.group(1).lower()
    return a not in words and ((a + b) in words or (full and b not in words))


_MARKER_SEPARATORS = (",", ";")  # between markers, set in the text's size


def _marker(run: Run, before: str) -> str:
    """A superscript run's marker text ("12", "5–7"), "exponent" after a unit, else ""."""
    if not run.superscript:
        return ""
    text = marker_digits(run.text).strip()
    if not MARKER_TEXT.match(text):
        return ""
    if text in ("2", "3") and _UNIT.search(before):
        return "exponent"
    return text


@dataclass
class _TextBuilder:
    """Accumulates lines into one text with footnote marks and page starts."""

    words: frozenset[str]
    text: str = ""
    marks: list[FootnoteMark] = field(default_factory=list)
    page_starts: list[tuple[int, int]] = field(default_factory=list)
    page: int = 0
    narrow: bool = False  # a table cell's text: a word too long for it breaks without a hyphen
    right: float = 0.0  # ... and where the cell's text ends at the most (0: not known)
    last_x1: float = 0.0
    last_alone: bool = False  # the previous line was one word

    def add(self, line: Line) -> None:
        line_text = ""
        line_marks: list[tuple[int, str, str]] = []
        runs = line.runs
        if len(runs) == 1 and not runs[0].superscript:  # most lines: one run, no marker
            line_text, runs = runs[0].text, ()
        for i, run in enumerate(runs):
            marker = _marker(run, line_text)
            if (not marker and run.text.strip() in _MARKER_SEPARATORS and 0 < i < len(runs) - 1
                    and line_marks and line_marks[-1][0] == len(normalise(line_text).lstrip())
                    and _marker(runs[i + 1], line_text) not in ("", "exponent")):
                continue  # "5,6,7" with the commas set in the text's own size: one run
            if marker == "exponent":
                line_text += marker_digits(run.text).strip().translate(_EXPONENTS)
            elif marker:
                line_text = line_text.rstrip()
                offset = len(normalise(line_text).lstrip())
                numbers = marker_numbers(marker)
                glyph = run.text.strip() if marker_digits(run.text) != run.text else ""
                line_marks.extend((offset, str(n), glyph if len(numbers) == 1 else "")
                                  for n in numbers)
                if run.text.endswith((" ", "\t")):
                    line_text += " "
            else:
                line_text += run.text
        line_text = normalise(line_text).strip()
        before = len(self.text)
        # a typesetter breaks a word without a hyphen only when it does not fit its line at
        # all: the part before the break then fills a line of its own
        full = (bool(self.right) and self.last_alone
                and self.last_x1 >= self.right - 0.5 * line.size)
        if self.narrow and _broken_word(self.text, line_text, self.words, full):
            self.text += line_text
        else:
            self.text = join_hyphenated(self.text, line_text, self.words)
        self.last_x1 = line.x1
        self.last_alone = " " not in line_text
        shift = len(self.text) - len(line_text)  # where this line's text starts
        if self.page and line.page != self.page:
            self.page_starts.append((shift, line.page))
        self.page = line.page
        for offset, number, glyph in line_marks:
            self.marks.append(FootnoteMark(max(before, min(len(self.text), offset + shift)),
                                           number, line.page, glyph=glyph))


# --- footnotes ----------------------------------------------------------------------------


def zones_to_footnotes(layouts: Sequence[PageLayout], words: frozenset[str]) -> list[FootnoteText]:
    """Footnote definitions, numbered as printed; continuations join the note before them.

    A superscript number always starts a note. A plain number starts one only when it is the
    next in sequence, or a restart at 1 as a column's first note (numbering per chapter):
    "25 295, nr. 219" continues a Kamerstuk citation.
    """
    notes: list[FootnoteText] = []
    builder: _TextBuilder | None = None
    number = ""
    page = 0
    for layout in layouts:
        column = None
        for line in layout.footnotes:
            found = footnote_number(line)
            first = line.column != column
            column = line.column
            if found is not None and not _starts_note(line, found, number, first):
                found = None
            if found is not None:
                if builder is not None:
                    notes.append(FootnoteText(number, page, builder.text))
                builder = _TextBuilder(words)
                number, page = found, layout.number
                builder.add(_without_number(line, found))
            elif builder is not None:
                builder.add(line)
    if builder is not None:
        notes.append(FootnoteText(number, page, builder.text))
    return notes


def _starts_note(line: Line, found: str, previous: str, first_in_column: bool) -> bool:
    first = next((r for r in line.runs if r.text.strip()), None)
    if first is not None and first.superscript:
        return True
    if not previous.isdigit():
        return True
    return int(found) == int(previous) + 1 or (int(found) == 1 and first_in_column)


def _without_number(line: Line, number: str) -> Line:
    runs = list(line.runs)
    while runs and not runs[0].text.strip():
        runs.pop(0)
    first = runs[0]
    if first.superscript:
        runs.pop(0)
    else:
        rest = first.text.lstrip()[len(number):].lstrip(".) \t")
        runs[0] = type(first)(rest, first.size, first.bold, False, first.italic)
    return type(line)(line.page, tuple(runs), line.x0, line.x1, line.top, line.bottom,
                      line.baseline, line.size, line.bold, line.hyphenated)


def resolve_footnotes(blocks: Sequence[Block], notes: Sequence[FootnoteText]
                      ) -> tuple[list[Block], list[FootnoteText]]:
    """Give every note a unique label and every marker the label of the note it cites.

    Notes are page-local: a marker on page p cites the note with its number printed on p,
    else on the next page (a note the typesetter pushed on), else the nearest earlier one
    with that number (notes continued, or collected at a chapter's end). Numbering may
    restart per chapter, so a number alone says nothing. A marker like "23" that cites no
    note, where notes 2 and 3 are printed on its page, is those two markers set together.
    """
    taken: set[str] = set()
    labelled: list[FootnoteText] = []
    for note in notes:
        label = note.number
        n = 1
        while label in taken:
            n += 1
            label = f"{note.number}-{n}"
        taken.add(label)
        labelled.append(replace(note, label=label))
    by_number: dict[str, list[FootnoteText]] = {}
    for note in labelled:
        by_number.setdefault(note.number, []).append(note)
    on_page = {(note.page, note.number) for note in labelled}

    def cite(number: str, page: int) -> str:
        candidates = by_number.get(number, [])
        for wanted in (page, page + 1):
            for note in candidates:
                if note.page == wanted:
                    return note.label
        earlier = [note for note in candidates if note.page < page]
        if earlier:
            return earlier[-1].label
        return candidates[0].label if candidates else ""

    result = []
    for block in blocks:
        if not block.marks:
            result.append(block)
            continue
        marks: list[FootnoteMark] = []
        for mark in block.marks:
            if (mark.page, mark.number) not in on_page and len(mark.number) > 1:
                parts = _split_run(mark.number, mark.page, on_page)
                if parts:
                    marks.extend(replace(mark, number=part, label=cite(part, mark.page))
                                 for part in parts)
                    continue
            marks.append(replace(mark, label=cite(mark.number, mark.page)))
        result.append(_glyphs_as_text(replace(block, marks=tuple(marks))))
    return result, labelled


def _glyphs_as_text(block: Block) -> Block:
    """A superscript character that cites no note ("X²" in a formula) is text again."""
    if block.kind == "table" or not any(m.glyph and not m.label for m in block.marks):
        return block
    text = block.text
    marks: list[FootnoteMark] = []
    starts = list(block.page_starts)
    shift = 0
    for mark in block.marks:
        offset = mark.offset + shift
        if mark.glyph and not mark.label:
            text = text[:offset] + mark.glyph + text[offset:]
            shift += len(mark.glyph)
            starts = [(o + len(mark.glyph) if o > offset else o, p) for o, p in starts]
            continue
        marks.append(replace(mark, offset=offset))
    return replace(block, text=text, marks=tuple(marks), page_starts=tuple(starts))


def _split_run(number: str, page: int, on_page: set[tuple[int, str]]) -> list[str]:
    """ "23" as "2", "3" (or "910" as "9", "10") when those notes are printed on `page`."""
    for cut in range(1, len(number)):
        head, tail = number[:cut], number[cut:]
        if tail.startswith("0"):
            continue
        if int(tail) == int(head) + 1 and {(page, head), (page, tail)} <= on_page:
            return [head, tail]
    return []


# --- body -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _PageGeometry:
    left: float
    right: float
    leading: float


def document_style(layouts: Sequence[PageLayout]) -> tuple[float, float]:
    """Body text size and usual leading (baseline to baseline) of the document."""
    sizes: Counter[float] = Counter()
    steps: Counter[float] = Counter()
    for page in layouts:
        for a, b in itertools.pairwise(page.body):
            if abs(a.size - b.size) < 0.3:
                steps[round(b.baseline - a.baseline, 0)] += 1
        for line in page.body:
            sizes[round(line.size * 2) / 2] += len(line.text)
    size = sizes.most_common(1)[0][0] if sizes else 10.0
    positive = [(step, n) for step, n in steps.most_common() if step > 0.5 * size]
    leading = positive[0][0] if positive else 1.2 * size
    return size, leading


def _geometries(layouts: Sequence[PageLayout], body_size: float, leading: float
                ) -> dict[int, _PageGeometry]:
    """The text column of odd and of even pages, measured over the whole document.

    A page of a few short lines (a letter's last page) says nothing about its own measure.
    """
    result = {}
    for parity in (0, 1):
        lines = [line for page in layouts if page.number % 2 == parity for line in page.body
                 if abs(line.size - body_size) < 1.0]
        if not lines:
            lines = [line for page in layouts for line in page.body
                     if abs(line.size - body_size) < 1.0]
        if not lines:
            result[parity] = _PageGeometry(0.0, max((p.width for p in layouts), default=0.0),
                                           leading)
            continue
        lefts = sorted(line.x0 for line in lines)
        rights = sorted(line.x1 for line in lines)
        left = Counter(round(x) for x in lefts).most_common(1)[0][0]
        right = rights[int(0.9 * (len(rights) - 1))]
        result[parity] = _PageGeometry(min(left, lefts[len(lefts) // 10]), right, leading)
    return result


def _column_geometries(page: PageLayout, body_size: float, page_geometry: _PageGeometry,
                       column_width: float = 0.0) -> dict[int, _PageGeometry]:
    """The measure of each column of a page: from the column's own lines where it has enough
    of them. A page without columns has the document's measure, unless its text runs in one
    column of a report set in columns (a chapter's last lines in its left column): measured
    from ten lines on when clearly narrower, else from `column_width`, the report's usual
    column width, when it fits one."""
    if not page.columns:
        lines = [line for line in page.body if abs(line.size - body_size) < 1.0]
        if not lines:
            return {}
        left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
        left = min(left, min(line.x0 for line in lines))
        rights = sorted(line.x1 for line in lines)
        right = rights[int(0.9 * (len(rights) - 1))]
        document_width = page_geometry.right - page_geometry.left
        if len(lines) >= PAGE_MEASURE_LINES and right - left < 0.8 * document_width:
            own = _PageGeometry(left, right, page_geometry.leading)  # a column's measure
        elif column_width and max(line.x1 for line in lines) - left <= 1.1 * column_width:
            own = _PageGeometry(left, left + column_width, page_geometry.leading)
        else:
            return {}
        return {line.column: own for line in page.body}
    by_column: dict[int, list[Line]] = {}
    for line in page.body:
        if abs(line.size - body_size) < 1.0:
            by_column.setdefault(line.column, []).append(line)
    result: dict[int, _PageGeometry] = {}
    for column, lines in by_column.items():
        if len(lines) < 3:
            continue
        rights = sorted(line.x1 for line in lines)
        left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
        result[column] = _PageGeometry(min(left, min(line.x0 for line in lines)),
                                       rights[int(0.9 * (len(rights) - 1))],
                                       page_geometry.leading)
    width = max((g.right - g.left for g in result.values()), default=column_width)
    for column, lines in by_column.items():
        if column not in result and width:
            left = min(line.x0 for line in lines)
            result[column] = _PageGeometry(left, left + width, page_geometry.leading)
    return result


def _frame_geometries(page: PageLayout, body_size: float, page_geometry: _PageGeometry
                      ) -> dict[tuple[str, int], _PageGeometry]:
    """The measure of each box in each column of the page: its own lines', set in from the
    column's (a box that runs on into the next column has a measure in each)."""
    by_frame: dict[tuple[str, int], list[Line]] = {}
    for line in page.body:
        if line.frame:
            by_frame.setdefault((line.frame, line.column), []).append(line)
    result = {}
    for frame, lines in by_frame.items():
        rights = sorted(line.x1 for line in lines)
        left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
        result[frame] = _PageGeometry(min(left, min(line.x0 for line in lines)),
                                      rights[int(0.9 * (len(rights) - 1))],
                                      page_geometry.leading)
    return result


def _column_width(layouts: Sequence[PageLayout], body_size: float,
                  geometries: dict[int, _PageGeometry]) -> float:
    """The usual width of a column in a report set in columns (0 when it is not)."""
    widths = sorted(g.right - g.left for page in layouts if page.columns
                    for g in _column_geometries(page, body_size,
                                                geometries[page.number % 2]).values())
    return widths[len(widths) // 2] if widths else 0.0


def is_heading_line(line: Line, body_size: float, s: BlockSettings = DEFAULT) -> bool:
    text = line.plain_text.strip()
    bullet = _BULLET.match(text)
    if not text or len(text.split()) > s.heading_max_words:
        return False
    if bullet and not (bullet.group(1) or bullet.group(2))[0].isdigit():
        return False
    if LETTERHEAD_LABEL.match(text) or SOURCE_LINE.match(text):
        return False  # a letter's field label; "Bron: CBS" under a table, however bold
    if line.size >= s.heading_size * body_size:
        return not text.isdigit()
    return (line.bold and line.size >= s.small_print * body_size
            and not text.endswith((".", ",", ";")) and any(c.isalpha() for c in text))


def contents_entries(page: PageLayout) -> list[tuple[str, str, float]]:
    """(title, page, indent) of each entry if this page is a table of contents, else []."""
    lines = [line.plain_text.strip() for line in page.body]
    entries = []
    for line, text in zip(page.body, lines, strict=True):
        # an entry ends in its page number: testing that first spares the costly pattern
        match = _CONTENTS_ENTRY.match(text) if text[-1:].isdigit() else None
        if match and (match.group(0).count(".") >= 3 or "\t" in text or "…" in text):
            entries.append((normalise(match.group("title")).strip(" ."), match.group("page"),
                            line.x0))
    titled = any(re.match(r"^(inhoud|inhoudsopgave|contents)\b", t, re.I) for t in lines[:3])
    if len(entries) >= 3 and (titled or len(entries) * 2 >= len(lines)):
        return entries
    return []


def layouts_to_blocks(
    layouts: Sequence[PageLayout], words: frozenset[str], s: BlockSettings = DEFAULT,
    finished: Callable[[str], None] | None = None,
) -> list[Block]:
    """Body lines of all pages become blocks; a paragraph may run across pages.

    `finished` is given each paragraph's text as soon as the paragraph ends, while later
    pages are still being read (the pipeline's workers search such texts meanwhile).
    """
    body_size, leading = document_style(layouts)
    geometries = _geometries(layouts, body_size, leading)
    column_width = _column_width(layouts, body_size, geometries)
    blocks: list[Block] = []
    builder: _BlockBuilder | None = None
    waiting: list[Block] = []  # figures met inside a paragraph: they follow it

    def close() -> None:
        if builder is not None:
            blocks.append(builder.finish())
            if finished is not None:
                finished(blocks[-1].text)
        blocks.extend(waiting)
        waiting.clear()

    for page in layouts:
        if contents_entries(page):
            continue
        measures = _column_geometries(page, body_size, geometries[page.number % 2],
                                      column_width)
        previous: Line | None = None
        framed = _frame_geometries(page, body_size, geometries[page.number % 2])
        for item in _reading_order(page):
            if isinstance(item, FigureRegion):
                figure = _figure_block(item, page.number, words)
                if builder is not None and builder.open_sentence():
                    waiting.append(figure)  # text flows around it: the paragraph goes on
                else:
                    close()
                    builder = None
                    blocks.append(figure)
                continue
            if isinstance(item, TableRegion):
                close()
                builder = None
                blocks.append(_table_block(item, words))
                continue
            line = item
            if builder is not None and _marker_line(line, body_size):
                # markers the typesetter wrapped onto a line of their own: the block's end
                end = len(builder.text.text)
                builder.text.marks.extend(FootnoteMark(end, str(n), line.page) for n in
                                          marker_numbers(marker_digits(line.plain_text)))
                continue
            geometry = (framed.get((line.frame, line.column)) if line.frame else None
                        ) or measures.get(line.column, geometries[page.number % 2])
            kind = _line_kind(line, body_size, s)
            if (kind == "list_item" and builder is not None and builder.kind == "paragraph"
                    and line.text.lstrip()[:1] in "-–—" and line.page == builder.last.page
                    and not _SENTENCE_END.search(builder.last.plain_text)):
                kind = "paragraph"  # a dash opening a line mid-sentence is not a bullet
            if (kind == "caption" and builder is not None and builder.kind == "paragraph"
                    and _runs_on(builder.last, line, geometry)):
                kind = "paragraph"  # "Tabel 3.1 laat zien …" in the paragraph's own type
            if builder is not None and builder.continues_with(
                line, kind, previous, geometry, body_size, s
            ):
                builder.add(line)
            else:
                close()
                builder = _BlockBuilder(kind, line, words, body_size, geometry.left)
            previous = line
    close()
    blocks = _leading_marks_to_previous(blocks)
    blocks = tables.captions_attached(tables.continued_tables_joined(blocks))
    # Blocks without a letter are labels of a figure the graphics did not reveal.
    return [b for b in blocks if b.rows or b.figure or any(c.isalpha() for c in b.text)]


def _marker_line(line: Line, body_size: float) -> bool:
    """A line of nothing but small note numbers ("39 40 41")."""
    text = marker_digits(line.plain_text).strip()
    return bool(text) and line.size < 0.75 * body_size and bool(MARKER_TEXT.match(text))


def _leading_marks_to_previous(blocks: list[Block]) -> list[Block]:
    """Markers that open a block belong to the end of the block before it: the typesetter
    wrapped them onto the next line ("… haalbaar is." / "³⁹ ⁴⁰ ⁴¹ Vrij snel …")."""
    result: list[Block] = []
    for block in blocks:
        leading = [m for m in block.marks if m.offset == 0]
        previous = result[-1] if result else None
        if (leading and previous is not None and previous.kind in ("paragraph", "list_item")
                and block.kind in ("paragraph", "list_item", "heading")
                and previous.page in (block.page, block.page - 1)):
            end = len(previous.text)
            result[-1] = replace(previous, marks=previous.marks + tuple(
                replace(m, offset=end) for m in leading))
            block = replace(block, marks=tuple(m for m in block.marks if m.offset != 0))
        result.append(block)
    return result


def _reading_order(page: PageLayout) -> list[Line | FigureRegion | TableRegion]:
    """The page's body lines, figures and tables in reading order: column by column, top to
    bottom.

    Body lines are in that order already; each figure or table goes before the first line of
    its column that starts below its top.
    """
    if not page.figures and not page.tables:
        return list(page.body)
    items: list[Line | FigureRegion | TableRegion] = []
    figures: list[FigureRegion | TableRegion] = sorted(
        [*page.figures, *page.tables], key=lambda f: (f.column, f.box[1]))
    for line in page.body:
        while figures and (figures[0].column, figures[0].box[1]) < (line.column, line.top):
            items.append(figures.pop(0))
        items.append(line)
    items.extend(figures)
    return items


def _figure_block(region: FigureRegion, page: int, words: frozenset[str]) -> Block:
    """A figure's block: its caption is its text (markers in it included)."""
    caption = _TextBuilder(words)
    for line in region.caption:
        caption.add(line)
    source = _TextBuilder(words)
    for line in region.source:
        source.add(line)
    parts = [[normalise(p).strip() for p in line.plain_text.split("\t")]
             for line in region.labels]
    labels = tuple(part for line in parts for part in line if part)
    # an unrecovered table keeps its lines as set: they are shown, not only searched
    table_lines = tuple("\t".join(p for p in line if p) for line in parts) \
        if region.table else ()
    figure = Figure(box=region.box, caption=caption.text.strip(), source=source.text.strip(),
                    labels=labels, raster=region.raster, table_lines=table_lines)
    first = region.caption[0] if region.caption else None
    return Block("figure", figure.caption, page, (page,), marks=tuple(caption.marks),
                 size=first.size if first else 0.0, x0=region.box[0], box=region.box,
                 figure=figure)


def _line_kind(line: Line, body_size: float, s: BlockSettings) -> BlockKind:
    text = line.plain_text.strip()
    if CAPTION.match(text):
        return "caption"
    if is_heading_line(line, body_size, s):
        return "heading"  # (tables are found before: `tables.find_tables`)
    if _BULLET.match(line.text):
        return "list_item"
    return "paragraph"


class _BlockBuilder:
    def __init__(self, kind: BlockKind, line: Line, words: frozenset[str], body_size: float,
                 margin: float = 0.0):
        self.kind: BlockKind = kind
        self.lines = [line]
        self.indent = line.x0 - margin  # from its column's (or box's) left edge
        self.body_size = body_size
        self.text = _TextBuilder(words)
        self.number = ""
        if kind == "list_item":
            match = _BULLET.match(line.text)
            assert match is not None
            self.number = match.group(1) or match.group(2)
            line = _strip_prefix(line, len(match.group(0)))
        self.text.add(line)

    @property
    def last(self) -> Line:
        return self.lines[-1]

    def open_sentence(self) -> bool:
        """A paragraph or item whose last line does not end its sentence (a line alone set
        larger than the text is a title that `structure` may find a heading: none)."""
        return (self.kind in ("paragraph", "list_item")
                and not _SENTENCE_END.search(self.last.plain_text)
                and not (len(self.lines) == 1 and self.last.size > self.body_size + 0.5))

    def continues_with(self, line: Line, kind: BlockKind, previous: Line | None,
                       geometry: _PageGeometry, body_size: float, s: BlockSettings) -> bool:
        last = self.last
        if line.frame != last.frame:
            return False  # into or out of a box
        # a new column reads on like a new page: from the foot of one to the head of the next
        new_page = (line.page, line.column) != (last.page, last.column)
        step = line.baseline - last.baseline if not new_page else geometry.leading
        if (self.kind == "caption" and kind in ("heading", "paragraph")
                and abs(line.size - last.size) < 0.5 and line.bold == last.bold
                and (step <= 1.6 * max(line.size, geometry.leading) if not new_page
                     else last.plain_text.rstrip().endswith(("-", "\u2010")))):
            return True  # a caption wraps in its own type, bold as it may be, and goes on
            # over a page break where its word does
        if kind == "heading" or self.kind == "heading":
            return (kind == self.kind == "heading" and not new_page
                    and abs(line.size - last.size) < 0.5 and line.bold == last.bold
                    and step <= 1.6 * max(line.size, geometry.leading)
                    and not _HEADING_NUMBER.match(line.plain_text.strip()))
        if kind in ("list_item", "caption") and kind != "paragraph":
            return False
        if abs(line.size - last.size) > 0.6:
            return False
        if not new_page and step > s.paragraph_gap * geometry.leading:
            return False
        ended = bool(_SENTENCE_END.search(last.plain_text))
        if ended and line.italic != last.italic:
            return False  # a sentence ends and the voice changes (advice, then the reply)
        if new_page:
            # a paragraph runs on over the page break (past that page's footnotes) unless
            # its last line closed a sentence
            return not ended or line.plain_text[:1].islower()
        if self.kind == "list_item":
            if line.x0 <= self.lines[0].x0 + 0.3 * line.size:
                return False
            # after an item that ends its sentence, a capital away from where the item's text
            # stands (its hanging indent) starts a paragraph at that paragraph's own indent
            start = _item_text_start(self.lines[0])
            return not (start and ended and line.plain_text.lstrip()[:1].isupper()
                        and abs(line.x0 - start) > 0.15 * line.size)
        # A sentence does not start in lower case: after "(kunnen)" or "de zgn." at a line's
        # end, a line in lower case goes on with the paragraph.
        ended = ended and not line.plain_text.lstrip()[:1].islower()
        if line.x0 > geometry.left + s.indent * line.size and ended:
            return False  # first-line indent
        width = geometry.right - geometry.left
        short = last.x1 < geometry.left + s.short_line * width
        if short and ended:
            return False
        # a line this short cannot be a wrap in ragged text: no word is that long
        very_short = last.x1 < geometry.left + s.very_short_line * width
        return not (very_short and line.plain_text.lstrip()[:1].isupper())

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self.text.add(line)

    def finish(self) -> Block:
        start = self.lines[0]
        on_first = [line for line in self.lines
                    if (line.page, line.column) == (start.page, start.column)]
        return replace(self._finish(), frame=start.frame,
                       box=(min(line.x0 for line in on_first), min(line.top for line in on_first),
                            max(line.x1 for line in on_first),
                            max(line.bottom for line in on_first)))

    def _finish(self) -> Block:
        first = self.lines[0]
        pages = tuple(sorted({line.page for line in self.lines}))
        if self.kind == "caption" and _is_prose(self.text.text):
            self.kind = "paragraph"  # "Figuur 2.1 laat zien hoe …": a sentence about one
        return Block(
            kind=self.kind,
            text=self.text.text.strip(),
            page=first.page,
            pages=pages,
            marks=tuple(self.text.marks),
            size=first.size,
            bold=first.bold,
            number=self.number,
            page_starts=tuple(self.text.page_starts),
            x0=first.x0,
            indent=self.indent,
            italic=sum(len(line.text) for line in self.lines if line.italic) * 2
            > sum(len(line.text) for line in self.lines),
        )


CAPTION_MAX_WORDS = 40


def _is_prose(text: str) -> bool:
    """Sentences, not a caption: one sentence ends and another begins, or it runs long."""
    return (len(text.split()) > CAPTION_MAX_WORDS
            or re.search(r"[a-zà-ÿ)]\.\s+[A-ZÀ-Ý]", text) is not None)


def _strip_prefix(line: Line, length: int) -> Line:
    runs = []
    remaining = length
    for run in line.runs:
        if remaining <= 0:
            runs.append(run)
        elif len(run.text) <= remaining:
            remaining -= len(run.text)
        else:
            runs.append(type(run)(run.text[remaining:], run.size, run.bold, run.superscript,
                                  run.italic))
            remaining = 0
    return type(line)(line.page, tuple(runs), line.x0, line.x1, line.top, line.bottom,
                      line.baseline, line.size, line.bold, line.hyphenated)


def heading_number(text: str) -> tuple[str, str]:
    """Split "2.1 Arbeidsmigratie" into ("2.1", "Arbeidsmigratie"); unnumbered: ("", text)."""
    match = _HEADING_NUMBER.match(text.strip())
    if match and match.group("title").strip():
        return match.group("number"), match.group("title").strip()
    return "", text.strip()


# --- tables -------------------------------------------------------------------------------


def _table_block(region: TableRegion, words: frozenset[str]) -> Block:
    """A table region as a block: each cell's lines joined as a paragraph's are (hyphenation
    undone, markers kept), the text and markers as offsets into `table_text(rows)`."""
    cells = []
    cell_marks: list[tuple[int, int, FootnoteMark]] = []
    for i, (cell, lines) in enumerate(zip(region.table.cells, region.lines, strict=True)):
        text = _TextBuilder(words, narrow=True)
        if region.cell_boxes and lines:  # text fills the cell up to its padding, as on its left
            x0, _, x1, _ = region.cell_boxes[i]
            text.right = x1 - max(0.0, min(line.x0 for line in lines) - x0)
        for line in lines:
            text.add(line)
        cells.append(replace(cell, text=text.text.strip()))
        cell_marks.extend((cell.row, cell.column, mark) for mark in text.marks)
    table = replace(region.table, cells=tuple(cells))
    rows = table.grid()
    text, starts = table_text(rows)
    marks = tuple(replace(mark, offset=starts[(r, c)] + mark.offset)
                  for r, c, mark in cell_marks if (r, c) in starts)
    first = next((line for lines in region.lines for line in lines), None)
    return Block("table", text, region.page, (region.page,), marks=marks,
                 size=first.size if first else 0.0, rows=rows, x0=region.box[0],
                 box=region.box, table=table)
