"""Layout: a page's glyphs become lines, column by column, with superscripts as runs.

Columns come first (`columns.find_columns`, from the page's whitespace), so a line never runs
across a gutter; lines are then in reading order: column by column, top to bottom in each.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .columns import column_of
from .model import Char, ColumnBand, Line, PageChars, RuledGrid, Run
from .tables import cell_at


@dataclass(frozen=True, slots=True)
class LayoutSettings:
    same_baseline: float = 0.35  # of the size: glyphs this close vertically share a line
    superscript_size: float = 0.85  # glyphs smaller than this share of the line size ...
    superscript_rise: float = 0.12  # ... and raised by this share of it are superscript
    rise_only: float = 0.28  # raised this much, a same-size glyph is superscript too
    max_rise: float = 0.8  # higher than this it is a line of its own
    word_gap: float = 0.18  # a horizontal gap wider than this share of the size is a space
    column_gap: float = 1.6  # ... wider than this, a column gap (tables), kept as a tab
    soft_gap: float = 0.45  # a word space wider than this may part two cells of a tight table
    soft_ratio: float = 1.8  # ... if it is this much wider than the line's narrowest one

    def __post_init__(self) -> None:
        if not 0 < self.superscript_size < 1:
            raise ValueError("superscript_size must be between 0 and 1")


DEFAULT = LayoutSettings()

# --- lines ------------------------------------------------------------------------------


class _Fragment:
    """Glyphs gathered for one line; `ref` is the largest glyph, which sets the baseline."""

    __slots__ = ("chars", "last", "ref")

    def __init__(self, char: Char) -> None:
        self.chars = [char]
        self.ref = char
        self.last = char  # the last glyph that is not a space

    def accepts(self, char: Char, s: LayoutSettings) -> bool:
        ref = self.ref
        if char.text.isspace():
            return abs(char.baseline - ref.baseline) <= s.max_rise * ref.size
        last = self.last
        if char.x1 < last.x0 - 0.5 * ref.size and char.baseline > ref.baseline - 0.1:
            return False  # back to the left margin: a new line
        drop = char.baseline - ref.baseline  # > 0: the new glyph sits lower
        if abs(drop) <= s.same_baseline * (ref.size if ref.size > char.size else char.size):
            return True
        if drop < 0 and -drop <= s.max_rise * ref.size and char.size < ref.size:
            return True  # a superscript on this line
        # this fragment so far is a superscript that precedes its line (a footnote number)
        return 0 < drop <= s.max_rise * char.size and ref.size < s.superscript_size * char.size

    def add(self, char: Char) -> None:
        self.chars.append(char)
        if not char.text.isspace():
            self.last = char
            if char.size > self.ref.size:
                self.ref = char


def chars_to_lines(page: PageChars, columns: tuple[ColumnBand, ...] = (),
                   settings: LayoutSettings = DEFAULT, grids: tuple[RuledGrid, ...] = ()
                   ) -> list[Line]:
    """Group a page's glyphs into lines in reading order: column by column, top to bottom.

    Glyphs inside a ruled table's cell (`grids`, see `tables.ruled_grids`) make lines of
    their own, which record the cell: a line never runs across a cell border, as it never
    runs across a gutter. A table's lines are all in the column its top left corner is in.
    """
    if not columns and not grids:
        return _lines(page.chars, page.number, 0, settings)
    grid_columns = [column_of(columns, grid.xs[0] + 1.0, grid.ys[0] + 1.0) for grid in grids]
    groups: dict[tuple[int, tuple[int, int, int] | tuple[()]], list[Char]] = {}
    key: tuple[int, tuple[int, int, int] | tuple[()]] = (0, ())
    for char in page.chars:
        if not char.text.isspace():  # a space goes with the glyph before it
            x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
            key = (column_of(columns, x, char.baseline), ()) if columns else (0, ())
            for g, grid in enumerate(grids):
                index = cell_at(grid, x, y)
                if index >= 0:
                    cell = grid.cells[index]
                    key = (grid_columns[g], (g, cell.row, cell.column))
                    break
        groups.setdefault(key, []).append(char)
    by_column: dict[int, list[Line]] = {}
    for (column, cell), chars in groups.items():
        by_column.setdefault(column, []).extend(
            _lines(chars, page.number, column, settings, cell))
    result = []
    for column in sorted(by_column):
        lines = by_column[column]
        lines.sort(key=lambda line: (round(line.baseline, 1), line.x0))
        result.extend(lines)
    return result


def _lines(chars: list[Char] | tuple[Char, ...], page: int, column: int, s: LayoutSettings,
           cell: tuple[int, int, int] | tuple[()] = ()) -> list[Line]:
    fragments: list[_Fragment] = []
    current: _Fragment | None = None
    for char in chars:
        if current is not None and current.accepts(char, s):
            current.add(char)
            continue
        if char.text.isspace():
            continue
        current = _Fragment(char)
        fragments.append(current)
    merged = _merge_same_baseline(fragments, s)
    lines = [_fragment_to_line(f, page, column, s, cell) for f in merged]
    lines = [line for line in lines if line.text.strip()]
    lines.sort(key=lambda line: (round(line.baseline, 1), line.x0))
    return lines


def _merge_same_baseline(fragments: list[_Fragment], s: LayoutSettings) -> list[_Fragment]:
    """Join fragments the content stream drew separately but that share a baseline."""
    by_baseline = sorted(fragments, key=lambda f: f.ref.baseline)
    result: list[_Fragment] = []
    for fragment in by_baseline:
        target = next(
            (r for r in reversed(result[-6:]) if _same_line(r, fragment, s)), None
        )
        if target is None:
            result.append(fragment)
        else:
            for char in fragment.chars:
                target.add(char)
    return result


def _same_line(a: _Fragment, b: _Fragment, s: LayoutSettings) -> bool:
    ra, rb = a.ref, b.ref
    size = max(ra.size, rb.size)
    drop = rb.baseline - ra.baseline
    if abs(drop) <= s.same_baseline * size:
        return not _overlaps(a, b)
    # a raised fragment of small glyphs (a marker drawn on its own) joins the line below it
    small, big = (b, a) if rb.size < ra.size else (a, b)
    rise = big.ref.baseline - small.ref.baseline
    return (small.ref.size < s.superscript_size * big.ref.size
            and 0 < rise <= s.max_rise * big.ref.size and not _overlaps(a, b))


def _overlaps(a: _Fragment, b: _Fragment) -> bool:
    a0 = min(c.x0 for c in a.chars)
    a1 = max(c.x1 for c in a.chars)
    b0 = min(c.x0 for c in b.chars)
    b1 = max(c.x1 for c in b.chars)
    return min(a1, b1) - max(a0, b0) > 1.0


def _fragment_to_line(fragment: _Fragment, page: int, column: int, s: LayoutSettings,
                      cell: tuple[int, int, int] | tuple[()] = ()) -> Line:
    """Glyphs left to right, split into runs where superscript starts or stops.

    Runs once per glyph of the document, so the loops are kept flat.
    """
    ref = fragment.ref
    # A space glyph (drawn, or generated by pdfium from the text's own spacing) marks a word
    # break even where the gap is too narrow to measure, as in tightly set text.
    spaced = set()
    glyphs: list[Char] = []
    for char in sorted(fragment.chars, key=_X0):
        if char.text.isspace():
            spaced.add(len(glyphs))
        else:
            glyphs.append(char)
    base = ref.baseline
    small, rise, rise_only = (s.superscript_size * ref.size, s.superscript_rise * ref.size,
                              s.rise_only * ref.size)
    flags = [(base - c.baseline > rise and c.size < small) or base - c.baseline > rise_only
             for c in glyphs]
    raised = any(flags)  # most lines have no marker: they are one run, styled once
    body = [c for c, sup in zip(glyphs, flags, strict=True) if not sup] if raised else glyphs
    size = _common_size(body) if body else ref.size
    cell_gap, word = s.column_gap * size, s.word_gap
    separators = [""]
    last = len(glyphs) - 1
    soft_gap = s.soft_gap * size
    tabs: list[int] = []  # glyphs a column gap goes before
    wide_at: list[int] = []  # ... and a word space wide enough to part two cells
    for i in range(1, len(glyphs)):
        a, b = glyphs[i - 1], glyphs[i]
        gap = b.x0 - a.x1
        larger = a.size if a.size > b.size else b.size  # min() and max() cost a call each
        narrow = gap <= word * (size if size < larger else larger)
        if gap > cell_gap:
            separators.append("\t")
            tabs.append(i)
        elif i == last and b.text in _HYPHENS and narrow and a.text[-1:].isalpha():
            # a line-end hyphen set as a piece of its own (LibreOffice): it ends the word,
            # whatever space the text layer puts before it
            separators.append("")
        elif a.space or i in spaced or not narrow:
            separators.append(" ")
            if gap > soft_gap:
                wide_at.append(i)
        else:
            separators.append("")
    x1 = max([c.x1 for c in glyphs])
    segments = _segments(glyphs, tabs) if tabs else ((glyphs[0].x0, x1),)
    wide = _wide_spaces(glyphs, separators, wide_at, s) if wide_at else ()
    bold = _mostly_bold(body or glyphs)
    if raised:
        runs = _runs(glyphs, flags, separators)
    else:  # body is glyphs: the one run has the line's size and weight
        text = "".join([sep + glyph.text for sep, glyph in zip(separators, glyphs, strict=True)])
        runs = [Run(text, size, bold, False, _mostly_italic(glyphs))]
    return Line(
        page=page,
        runs=tuple(runs),
        x0=glyphs[0].x0,
        x1=x1,
        top=min([c.top for c in glyphs]),
        bottom=max([c.bottom for c in glyphs]),
        baseline=base,
        size=size,
        bold=bold,
        hyphenated=glyphs[-1].hyphen,
        column=column,
        cell=cell,
        segments=tuple(segments),
        gaps=tuple(wide),
    )


_HYPHENS = ("-", "\u2010", "\u00ad")


def _runs(glyphs: list[Char], flags: list[bool], separators: list[str]) -> list[Run]:
    """A line's runs where superscript starts or stops (`flags`: glyphs that are raised)."""
    runs: list[Run] = []
    start = 0
    for end in range(1, len(glyphs) + 1):
        if end < len(glyphs) and flags[end] == flags[start]:
            continue
        text = "".join(separators[i] + glyphs[i].text for i in range(start, end))
        if end < len(glyphs) and flags[end]:  # the gap before a marker ends this run
            text += separators[end]
            separators[end] = ""
        runs.append(_run(text, glyphs[start:end], flags[start]))
        start = end
    return runs


def _segments(glyphs: list[Char], tabs: list[int]) -> tuple[tuple[float, float], ...]:
    """x-extents of a line's parts between its column gaps (before glyphs `tabs`)."""
    bounds = [0, *tabs, len(glyphs)]
    return tuple((glyphs[a].x0, max(c.x1 for c in glyphs[a:b]))
                 for a, b in itertools.pairwise(bounds))


def _wide_spaces(glyphs: list[Char], separators: list[str], wide_at: list[int],
                 s: LayoutSettings) -> tuple[tuple[int, float, float], ...]:
    """(offset of the space in the line's text, x before, x after) of the word spaces before
    glyphs `wide_at`, those much wider than the line's narrowest (in evenly spaced text, a
    code listing, none is)."""
    spaces = [glyphs[i].x0 - glyphs[i - 1].x1 for i in range(1, len(glyphs))
              if separators[i] == " "]
    narrowest = min(spaces) if len(spaces) >= 3 else 0.0
    offsets = []
    offset = 0
    for i, glyph in enumerate(glyphs):  # where separators[i] stands in the line's text
        offsets.append(offset)
        offset += len(separators[i]) + len(glyph.text)
    return tuple((offsets[i], glyphs[i - 1].x1, glyphs[i].x0) for i in wide_at
                 if glyphs[i].x0 - glyphs[i - 1].x1 >= s.soft_ratio * narrowest)


def _X0(char: Char) -> float:
    return char.x0


def _run(text: str, members: list[Char], superscript: bool) -> Run:
    return Run(text, _common_size(members), _mostly_bold(members), superscript,
               _mostly_italic(members))


def _mostly_italic(chars: list[Char]) -> bool:
    return sum(len(c.text) for c in chars if c.italic) * 2 > sum(len(c.text) for c in chars)


# A Char may be a word piece: style is decided by characters, not by Chars.


def _common_size(chars: list[Char]) -> float:
    """The size most characters have; the first one met wins a tie."""
    weights: dict[float, int] = {}
    for c in chars:
        weights[c.size] = weights.get(c.size, 0) + len(c.text)
    return max(weights, key=weights.__getitem__)


def _mostly_bold(chars: list[Char]) -> bool:
    bold = sum(len(c.text) for c in chars if c.bold)
    return bold * 2 > sum(len(c.text) for c in chars)
