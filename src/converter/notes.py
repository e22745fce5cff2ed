"""Note areas: where a page, or each of its columns, prints its footnotes.

A note area is the bottom of a column, and it needs evidence beyond small type: a separator
rule above it, a gap, numbers that the page's markers use, numbers that go on from the
previous page's notes, numbers set as superscripts. Lines that are a table's row, a contents
entry or a heading are never notes, so an area never swallows them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Graphic, Line

# A marker's text: "27", "12,13", "12–14", "27 28 29"; Unicode superscript digits too.
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
MARKER_TEXT = re.compile(r"^\d{1,4}(?:\s*[,–\-]\s*\d{1,4}|\s+\d{1,4})*\*?$")
# a plain number, then a space, a tab, or "." or ")" and a space: "12 Zie", "12. Zie", "12) Zie";
# or a number alone on its line, when the note's first word did not fit beside it
_FOOTNOTE_START = re.compile(r"^\s*(\d{1,4})(?:[.)]?\s|[.)]?$)")
# dot leaders, as a contents page sets them: "Voorstel ........ 9"
_LEADER = re.compile(r"(?:\.\s*){4,}\d{1,4}\s*$|…\s*\d{1,4}\s*$")


@dataclass(frozen=True, slots=True)
class NoteSettings:
    note_size: float = 0.92  # of the body size: footnotes are set smaller than this
    rule_height: float = 1.6  # a separator rule is a line or a rectangle at most this thin
    rule_width: float = 3.0  # of the body size: ... and at least this wide
    rule_reach: float = 3.0  # of the body size: ... within this distance above the notes
    line_gap: float = 1.6  # of the size: the lines of one area follow each other this close
    gap_above: float = 1.3  # of the body leading: white above an area that sets it apart
    min_evidence: int = 3  # points an area needs (see `_evidence`), among them one of
    # the strong cues: a separator rule, the page's markers, superscript note numbers

    def __post_init__(self) -> None:
        if not 0 < self.note_size < 1:
            raise ValueError("note_size must be between 0 and 1")


DEFAULT = NoteSettings()


def marker_digits(text: str) -> str:
    """A marker's text with Unicode superscript digits as plain ones."""
    return text.translate(_SUPERSCRIPT_DIGITS)


def marker_numbers(text: str) -> list[int]:
    """The note numbers a marker cites: "12–14" is 12, 13 and 14; "12,13" and "12 13" two."""
    text = marker_digits(text).strip().rstrip("*")
    if text.isdigit():  # one number, the usual marker
        return [int(text)]
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*|\s+", text):
        bounds = re.split(r"\s*[–\-]\s*", part)
        if len(bounds) == 2 and all(b.isdigit() for b in bounds):
            low, high = int(bounds[0]), int(bounds[1])
            if low < high <= low + 20:
                numbers.extend(range(low, high + 1))
                continue
        numbers.extend(int(b) for b in bounds if b.isdigit())
    return numbers


def page_markers(lines: Iterable[Line]) -> set[int]:
    """Every note number the superscript markers of these lines cite."""
    found: set[int] = set()
    for line in lines:
        for run in line.runs:
            if run.superscript:
                text = marker_digits(run.text).strip()
                if MARKER_TEXT.match(text):
                    found.update(marker_numbers(text))
    return found


def footnote_number(line: Line) -> str | None:
    """The number a footnote definition line starts with, if it starts one."""
    first = next((r for r in line.runs if r.text.strip()), None)
    if first is None:
        return None
    if first.superscript:
        text = marker_digits(first.text).strip()
        return text if text.isdigit() else None
    match = _FOOTNOTE_START.match(line.text)
    return match.group(1) if match else None


def separator_rules(graphics: Sequence[Graphic], body_size: float, s: NoteSettings = DEFAULT
                    ) -> list[Graphic]:
    """Thin horizontal lines or rectangles that stand alone, like the rule above footnotes.

    A table's border is a rule too, but other rules and cell shading meet it at its ends.
    """
    visible = [g for g in graphics if g.kind in ("line", "rect") and g.visible]
    rules = [g for g in visible if g.bottom - g.top <= s.rule_height
             and g.x1 - g.x0 >= s.rule_width * body_size]
    reach = 2.0
    alone = []
    for rule in rules:
        touching = any(other is not rule and other.x0 <= rule.x1 + reach
                       and other.x1 >= rule.x0 - reach and other.top <= rule.bottom + reach
                       and other.bottom >= rule.top - reach
                       and not (abs(other.top - rule.top) < 0.01 and other[1:] == rule[1:])
                       for other in visible)
        if not touching:
            alone.append(rule)
    return alone


@dataclass(frozen=True, slots=True)
class NoteArea:
    """How one column's lines split: body, its footnotes, and a colophon below them."""

    body: tuple[Line, ...]
    notes: tuple[Line, ...]
    evidence: tuple[str, ...] = ()  # why the notes were taken for notes


def split_note_area(lines: Sequence[Line], rules: Sequence[Graphic], body_size: float,
                    leading: float, markers: set[int], previous: int | None,
                    carry: bool, s: NoteSettings = DEFAULT) -> NoteArea:
    """The note area at the bottom of one column's `lines` (top to bottom), if it has one.

    `rules` are the page's separator rules, `markers` the note numbers the page's markers
    cite, `previous` the number of the last note printed before this column, and `carry`
    whether the column before (on this page or the last) printed notes, so that its last
    note may go on here. Candidates are tried from the bottom up: below each separator rule,
    then the bottom run of small type; the first with enough evidence is the area.
    """
    if not lines:
        return NoteArea((), ())
    for start, rule in _candidates(lines, rules, body_size, s):
        area = _area_from(lines, start, rule, body_size, leading, markers, previous, carry, s)
        if area is not None:
            return area
    return NoteArea(tuple(lines), ())


def _area_from(lines: Sequence[Line], start: int, rule: Graphic | None, body_size: float,
               leading: float, markers: set[int], previous: int | None, carry: bool,
               s: NoteSettings) -> NoteArea | None:
    # an area holds nothing but notes: it starts below the last line that is no note
    for i in range(len(lines) - 1, start - 1, -1):
        if not _note_like(lines[i], body_size):
            start, rule = i + 1, None
            break
    if start >= len(lines):
        return None
    numbered = [i for i in range(start, len(lines)) if footnote_number(lines[i]) is not None]
    if not numbered:
        # only the previous page's last note, continued: that needs its separator rule
        if rule is not None and carry:
            return NoteArea(tuple(lines[:start]), tuple(lines[start:]), ("rule", "continued"))
        return None
    first = numbered[0]
    if first > start and not (carry and _close(lines[start:first + 1], s)):
        start = first  # small lines above the first note that do not continue one
    end = len(lines)
    note_size = max(line.size for line in lines[start:first + 1])
    while end - 1 > first and lines[end - 1].size > note_size + 0.5 and (
            lines[end - 1].top - lines[end - 2].bottom > s.line_gap * lines[end - 2].size):
        end -= 1  # larger type set apart below the notes: a footer, not a note
    if end < len(lines):
        area = _area_from(lines[:end], start, rule, body_size, leading, markers, previous,
                          carry, s)
        return None if area is None else NoteArea(area.body + tuple(lines[end:]), area.notes,
                                                  area.evidence)
    evidence = _evidence(lines, start, rule, body_size, leading, markers, previous, s)
    if sum(points for _, points in evidence) < s.min_evidence:
        return None
    if not {name for name, _ in evidence} & STRONG_EVIDENCE:
        return None
    return NoteArea(tuple(lines[:start]), tuple(lines[start:]),
                    tuple(name for name, _ in evidence))


def _candidates(lines: Sequence[Line], rules: Sequence[Graphic], body_size: float,
                s: NoteSettings) -> list[tuple[int, Graphic | None]]:
    """Where an area might start: below a separator rule (lowest first), then where the
    bottom run of small type starts.

    A separator rule has no text beside it, starts at the left edge of the text below it, is
    no wider than the column, and what follows it starts a note (or is small print) and is
    set no larger than the text above it.
    """
    right = max(line.x1 for line in lines)
    limit = s.note_size * body_size
    found: list[tuple[int, Graphic | None]] = []
    for rule in sorted(rules, key=lambda g: -g.top):
        below = next((i for i, line in enumerate(lines) if line.top >= rule.bottom - 0.5),
                     len(lines))
        if below == len(lines) or lines[below].top - rule.bottom > s.rule_reach * body_size:
            continue
        first = lines[below]
        if abs(rule.x0 - first.x0) > 2 * body_size or rule.x1 > right + 2 * body_size:
            continue  # not at the left edge of the text below, or wider than the column
        if below > 0 and lines[below - 1].bottom > rule.top + 0.5:
            continue  # text beside the rule: a table's or an underline, not a separator
        if footnote_number(first) is None and first.size > limit:
            continue
        if below > 0 and max(line.size for line in lines[below:]) > max(
                line.size for line in lines[:below]) + 0.1:
            continue
        found.append((below, rule))
    start = len(lines)
    while start > 0 and lines[start - 1].size <= limit and (
            start == len(lines) or _close(lines[start - 1:start + 1], s)):
        start -= 1
    if start < len(lines):
        found.append((start, None))
    return found


def _close(lines: Sequence[Line], s: NoteSettings) -> bool:
    return all(b.top - a.bottom <= s.line_gap * max(a.size, b.size)
               for a, b in itertools.pairwise(lines))


def _note_like(line: Line, body_size: float) -> bool:
    """Not a table row, a contents entry or a heading: text a footnote can be made of."""
    text = line.plain_text.strip()
    cells = [c for c in line.plain_text.split("\t") if c.strip()]
    if len(cells) > 2 or (len(cells) == 2 and not re.fullmatch(r"\d{1,4}[.)]?", cells[0].strip())):
        return False  # cells: a table's row (a note's number may stand a tab before its text)
    if _LEADER.search(text):
        return False
    return line.size < 1.12 * body_size


STRONG_EVIDENCE = frozenset({"rule", "markers on the page", "superscript number"})


def _evidence(lines: Sequence[Line], start: int, rule: Graphic | None, body_size: float,
              leading: float, markers: set[int], previous: int | None, s: NoteSettings
              ) -> list[tuple[str, int]]:
    area = lines[start:]
    numbers = [int(n) for line in area if (n := footnote_number(line)) is not None]
    found: list[tuple[str, int]] = []
    if rule is not None:
        found.append(("rule", 2))
    if all(line.size <= s.note_size * body_size for line in area):
        found.append(("small type", 1))
    if markers & set(numbers):
        found.append(("markers on the page", 2))
    if previous is not None and numbers and numbers[0] == previous + 1:
        found.append(("numbering goes on", 1))
    first = next((r for r in area[0].runs if r.text.strip()), None) if area else None
    if first is not None and first.superscript:
        found.append(("superscript number", 1))
    if start > 0 and area[0].top - lines[start - 1].bottom > s.gap_above * leading - body_size:
        found.append(("gap above", 1))
    return found
