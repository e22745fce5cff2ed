"""Columns: where a page's text runs in columns, found from its whitespace before lines exist.

Lines must not be joined across a gutter, so this looks at glyphs, not lines. A gutter is a
vertical strip of white that many rows of text keep open, with text on both sides that fills
its column the way running text does (a table's or a letterhead's narrow cells do not). Where
a row of text crosses the strip (a title over both columns, a wide figure or table) the gutter
closes: the page becomes bands, each with its own columns, read top to bottom and, within a
band, column by column.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Char, ColumnBand, PageLines


@dataclass(frozen=True, slots=True)
class ColumnSettings:
    row_baseline: float = 0.35  # of the size: glyphs this close vertically share a row
    min_gap: float = 0.8  # of the size: narrower white inside a row is a word space
    min_rows: int = 3  # rows that must keep a gutter open, on each side
    min_side: float = 0.2  # share of the text width each side of a gutter spans at least
    text_fill: float = 0.55  # median row width on a side, as a share of that side's width
    single_span: float = 0.3  # share of a side's rows that are full rows of running text
    min_measure: float = 10.0  # of the size: the median row on a side is at least this wide
    max_leading: float = 1.7  # of the size: running text's rows follow each other this close
    sidebar_rows: int = 4  # rows a sidebar stacks at one left edge, at least
    sidebar_width: float = 0.3  # share of the page width a sidebar is at most
    sidebar_start: float = 0.55  # share of the page width left of a sidebar at least
    sidebar_size: float = 0.9  # a sidebar's type is at most this share of the text beside it
    max_gutter: float = 0.15  # share of the page width a gutter may be at most

    def __post_init__(self) -> None:
        if self.min_rows < 2:
            raise ValueError("min_rows must be at least 2")
        if not 0 < self.min_side < 0.5:
            raise ValueError("min_side must be between 0 and 0.5")


DEFAULT = ColumnSettings()


@dataclass(slots=True)
class _Row:
    """Glyphs on one baseline, as spans of text separated by white wider than a word space."""

    top: float
    bottom: float
    baseline: float
    size: float
    spans: list[tuple[float, float]]
    sizes: list[float]  # the largest glyph of each span


def find_columns(chars: Sequence[Char], width: float,
                 drawings: Sequence[tuple[float, float, float, float]] = (),
                 s: ColumnSettings = DEFAULT,
                 solid: Sequence[tuple[float, float, float, float]] = ()
                 ) -> tuple[ColumnBand, ...]:
    """Bands of the page (top to bottom) that have more than one column, with their gutters.

    A page of one column gives no bands: every glyph is in column 0. `drawings` (x0, top,
    x1, bottom) are figures: their labels say nothing about the columns, and one that spans
    a gutter closes it, as a title across both columns does. `solid` boxes count as rows of
    text filling their width: a ruled table's rows, whose glyphs the caller leaves out, so
    that a table's cells neither open a gutter nor, inside a column, close the page's.
    """
    if drawings:
        chars = [c for c in chars if not any(
            d[0] - 2 <= (c.x0 + c.x1) / 2 <= d[2] + 2 and d[1] - 2 <= c.baseline <= d[3] + 2
            for d in drawings)]
    rows = _rows(chars, s)
    if solid:
        rows = _with_solid(rows, solid)
    if len(rows) < 2 * s.min_rows:
        return ()
    left = min(span[0] for row in rows for span in row.spans)
    right = max(span[1] for row in rows for span in row.spans)
    text_width = right - left
    if text_width <= 0:
        return ()
    bands: list[ColumnBand] = []
    narrowest = s.min_side * text_width  # no column is narrower than a side may be
    for centre in _gutter_candidates(rows, width, s):  # the most open gutter first
        across = [d for d in drawings if d[0] < centre < d[2]]
        for band_rows in _open_stretches(rows, centre, across):
            top, bottom = min(r.top for r in band_rows), max(r.bottom for r in band_rows)
            if any(abs(g - centre) < narrowest and b.top < bottom and top < b.bottom
                   for b in bands for g in b.gutters):
                continue  # it would cut a column in two: a list's bullets, a table's cells
            if _is_column_split(band_rows, centre, left, right, s):
                bands.append(ColumnBand(top, bottom, (centre,)))
    bands.extend(_sidebars(rows, width, s))
    return _merge_bands(bands)


def _sidebars(rows: list[_Row], width: float, s: ColumnSettings) -> list[ColumnBand]:
    """Narrow stacks of small print at one left edge in the right of the page, beside other
    text: a letter's sender details (Rijkshuisstijl), a report's margin column."""
    edges: dict[int, list[_Row]] = {}
    for row in rows:
        x0, x1 = row.spans[-1]
        if x0 >= s.sidebar_start * width and x1 - x0 <= s.sidebar_width * width:
            edges.setdefault(round(x0 / 2), []).append(row)
    bands = []
    for stack in edges.values():
        x = min(row.spans[-1][0] for row in stack)
        beside = [row for row in stack if len(row.spans) > 1]
        if len(stack) < s.sidebar_rows or not beside:
            continue
        top, bottom = min(r.top for r in stack), max(r.bottom for r in stack)
        inside = [row for row in rows if row.top >= top - 0.5 and row.bottom <= bottom + 0.5]
        if any(_crosses(row, x - 1.0) for row in inside):
            continue  # text runs into it: not a column of its own
        small = [row.sizes[-1] for row in stack]
        others = sorted(size for row in inside for size in row.sizes[:-1])
        if not others or max(small) > s.sidebar_size * others[len(others) // 2]:
            continue  # a sidebar is set smaller than the text beside it
        if len(beside) * 3 > 2 * len(stack):
            continue  # a table's last column: a cell beside nearly every row
        left_end = max((x1 for row in inside for x0, x1 in row.spans if x1 < x), default=x)
        bands.append(ColumnBand(top, bottom, ((left_end + x) / 2,), sidebar=True))
    return bands


def _with_solid(rows: list[_Row], solid: Sequence[tuple[float, float, float, float]]
                ) -> list[_Row]:
    """Rows with each solid box as a span of the rows beside it (a table's row beside the
    other column's lines, or beside a table's row in the other column), or as a row of its
    own where no row is beside it."""
    sizes = sorted(row.size for row in rows) or [10.0]
    size = sizes[len(sizes) // 2]
    rows = sorted(rows, key=lambda row: row.baseline)
    for x0, top, x1, bottom in sorted(solid, key=lambda box: box[3]):
        baselines = [row.baseline for row in rows]
        beside = rows[bisect.bisect_left(baselines, top):bisect.bisect_right(baselines, bottom)]
        beside = [row for row in beside if not any(a < x1 and b > x0 for a, b in row.spans)]
        if not beside:
            row = _Row(top, bottom, bottom - 0.25 * size, size, [(x0, x1)], [size])
            rows.insert(bisect.bisect(baselines, row.baseline), row)
        for row in beside:
            at = bisect.bisect(row.spans, (x0, x1))
            row.spans.insert(at, (x0, x1))
            row.sizes.insert(at, size)
    return rows


def _rows(chars: Sequence[Char], s: ColumnSettings) -> list[_Row]:
    glyphs = sorted([c for c in chars if not c.text.isspace()], key=_BASELINE)
    rows: list[_Row] = []
    group: list[Char] = []
    share = s.row_baseline
    for char in glyphs:
        if group and char.baseline - group[0].baseline > share * max(group[0].size, char.size):
            rows.append(_row(group, s))
            group = []
        group.append(char)
    if group:
        rows.append(_row(group, s))
    return rows


_BASELINE = operator.attrgetter("baseline")
_X0 = operator.attrgetter("x0")


def _row(chars: list[Char], s: ColumnSettings) -> _Row:
    chars = sorted(chars, key=_X0)
    size = max([c.size for c in chars])
    gap = s.min_gap * size
    spans: list[tuple[float, float]] = []
    sizes: list[float] = []
    # the span being gathered: runs once per glyph of the document, so it is kept in locals
    x0, x1, largest = chars[0].x0, chars[0].x1, chars[0].size
    for char in chars[1:]:
        if char.x0 - x1 < gap:
            if char.x1 > x1:
                x1 = char.x1
            if char.size > largest:
                largest = char.size
        else:
            spans.append((x0, x1))
            sizes.append(largest)
            x0, x1, largest = char.x0, char.x1, char.size
    spans.append((x0, x1))
    sizes.append(largest)
    return _Row(min([c.top for c in chars]), max([c.bottom for c in chars]),
                chars[0].baseline, size, spans, sizes)


def _gutter_candidates(rows: list[_Row], width: float, s: ColumnSettings) -> list[float]:
    """x of the middle of strips where much less text stands than on either side of them,
    the deepest such strip first.

    Counted as ink, not as white inside a row: the columns' baselines need not line up (a
    heading in one column shifts the other's), and then a row holds one column's line alone.
    A strip wider than a gutter may be (`max_gutter`) is white between unrelated things.
    """
    bins = max(1, int(width) + 1)
    delta = [0] * (bins + 1)
    for row in rows:
        for x0, x1 in row.spans:
            a, b = max(0, int(x0)), min(bins, int(x1) + 1)
            if a < b:
                delta[a] += 1
                delta[b] -= 1
    ink = list(itertools.accumulate(delta[:bins]))  # rows with text at each x
    left = max(0, int(min(row.spans[0][0] for row in rows)))
    right = min(bins - 1, int(max(row.spans[-1][1] for row in rows)))
    if right - left < 3:
        return []
    before = list(itertools.accumulate(ink[left:right + 1], max))
    after = list(itertools.accumulate(reversed(ink[left:right + 1]), max))[::-1]
    depth = [min(b, a) - n for b, a, n in zip(before, after, ink[left:right + 1], strict=True)]
    candidates: list[tuple[int, float]] = []
    x = 0
    while x < len(depth):
        if depth[x] < s.min_rows:
            x += 1
            continue
        start = x
        while x < len(depth) and depth[x] >= s.min_rows:
            x += 1
        least = min(ink[left + i] for i in range(start, x))
        # the widest stretch of the least ink in the strip: its middle is the gutter's
        best, i = (0, 0), start
        while i < x:
            if ink[left + i] != least:
                i += 1
                continue
            j = i
            while j < x and ink[left + j] == least:
                j += 1
            best = max(best, (j - i, i), key=lambda b: b[0])
            i = j
        span, first = best
        if span > s.max_gutter * width:
            continue
        peak = max(depth[start:x])
        candidates.append((peak, left + first + span / 2))
    return [centre for _, centre in sorted(candidates, key=lambda c: (-c[0], c[1]))]


def _crosses(row: _Row, centre: float) -> bool:
    return any(x0 < centre < x1 for x0, x1 in row.spans)


def _open_stretches(rows: list[_Row], centre: float,
                    across: Sequence[tuple[float, float, float, float]] = ()
                    ) -> list[list[_Row]]:
    """Runs of consecutive rows (top to bottom) that no text, and no drawing in `across`,
    crosses at `centre`."""
    stretches: list[list[_Row]] = [[]]
    for row in rows:
        previous = stretches[-1][-1] if stretches[-1] else None
        drawn = previous is not None and any(
            d[1] < row.bottom and d[3] > previous.top for d in across)
        if (_crosses(row, centre) or drawn) and stretches[-1]:
            stretches.append([])
        if not _crosses(row, centre):
            stretches[-1].append(row)
    return [stretch for stretch in stretches if stretch]


def _is_column_split(rows: list[_Row], centre: float, left: float, right: float,
                     s: ColumnSettings) -> bool:
    """Running text on both sides: each side wide, with enough rows of running text.

    A row of running text is one span (its words are a space apart) that fills most of its
    side; such rows follow each other at a text's leading. A table beside running text (a
    column may hold one) adds rows of several cells, which neither count nor spoil it; a
    table alone, or a letterhead's labels and values, has too few full rows on a side.
    """
    text_width = right - left
    for on_side in (lambda x0, x1: x1 <= centre, lambda x0, x1: x0 >= centre):
        sided = [(row, [(x0, x1) for x0, x1 in row.spans if on_side(x0, x1)]) for row in rows]
        sided = [(row, spans) for row, spans in sided if spans]
        if len(sided) < s.min_rows:
            return False
        lo = min(spans[0][0] for _, spans in sided)
        hi = max(spans[-1][1] for _, spans in sided)
        if hi - lo < s.min_side * text_width:
            return False
        full = [row for row, spans in sided if len(spans) == 1
                and spans[0][1] - spans[0][0] >= s.text_fill * (hi - lo)
                and (spans[0][1] - spans[0][0]) / row.size >= s.min_measure]
        if len(full) < max(s.min_rows, s.single_span * len(sided)):
            return False
        # the text's leading shows in the closest quarter of the steps between the side's
        # rows, whatever else the side holds (a table, a list, short last lines)
        steps = sorted((b.baseline - a.baseline) / b.size
                       for (a, _), (b, _) in itertools.pairwise(sided))
        if steps and steps[len(steps) // 4] > s.max_leading:
            return False  # rows set apart like a table's
    return True


# --- the document's gutter, for pages too sparse to show their own -------------------------

#: Pages in columns with one gutter at (about) the same x: at least this many, and this share
#: of the pages read in columns, make it the document's gutter.
PRIOR_PAGES = 3
PRIOR_SHARE = 0.6


def document_gutter(pages: Sequence[PageLines]) -> float | None:
    """The x of the gutter most pages in columns share, when they share one.

    A page that holds a few lines in each column (a chapter's end, a page under a wide
    table) has too few rows to show its gutter; the report's other pages show it.
    """
    gutters = [band.gutters[0] for page in pages for band in page.columns
               if len(band.gutters) == 1 and not band.sidebar]
    if len(gutters) < PRIOR_PAGES:
        return None
    width = max((page.width for page in pages), default=0.0)
    centre = sorted(gutters)[len(gutters) // 2]
    near = [g for g in gutters if abs(g - centre) <= 0.02 * width]
    return sum(near) / len(near) if len(near) >= PRIOR_SHARE * len(gutters) else None


def read_across(page: PageLines, gutter: float) -> bool:
    """A page read as one column whose lines run across `gutter` in two parts, the white
    between them around it: two columns' lines joined side by side."""
    if page.columns:
        return False
    for line in page.lines:
        for (_, a1), (b0, _) in itertools.pairwise(line.segments):
            if a1 < gutter < b0:
                return True
    return False


def columns_at(chars: Sequence[Char], gutter: float,
               drawings: Sequence[tuple[float, float, float, float]] = (),
               s: ColumnSettings = DEFAULT) -> tuple[ColumnBand, ...]:
    """Bands of the page where no row of text crosses `gutter` and text stands on both sides
    of it: the document's gutter on a page too sparse to prove its own. Rows that cross it
    (notes across the page, a footer, a title over both columns) close it."""
    if drawings:
        chars = [c for c in chars if not any(
            d[0] - 2 <= (c.x0 + c.x1) / 2 <= d[2] + 2 and d[1] - 2 <= c.baseline <= d[3] + 2
            for d in drawings)]
    bands = []
    for rows in _open_stretches(_rows(chars, s), gutter):
        left = sum(1 for row in rows if any(x1 <= gutter for _, x1 in row.spans))
        right = sum(1 for row in rows if any(x0 >= gutter for x0, _ in row.spans))
        if left >= 2 and right >= 2:
            bands.append(ColumnBand(min(r.top for r in rows), max(r.bottom for r in rows),
                                    (gutter,)))
    return tuple(bands)


def _merge_bands(bands: list[ColumnBand]) -> tuple[ColumnBand, ...]:
    """One band per stretch of the page, with every gutter that is open over it."""
    if not bands:
        return ()
    edges = sorted({b.top for b in bands} | {b.bottom for b in bands})
    merged: list[ColumnBand] = []
    for top, bottom in itertools.pairwise(edges):
        middle = (top + bottom) / 2
        here = [b for b in bands if b.top <= middle <= b.bottom]
        gutters = tuple(sorted({g for b in here for g in b.gutters}))
        if not gutters:
            continue
        sidebar = any(b.sidebar and b.gutters[-1] == gutters[-1] for b in here)
        if (merged and merged[-1].gutters == gutters and merged[-1].sidebar == sidebar
                and merged[-1].bottom >= top - 0.01):
            merged[-1] = ColumnBand(merged[-1].top, bottom, gutters, sidebar)
        else:
            merged.append(ColumnBand(top, bottom, gutters, sidebar))
    return tuple(merged)


def sidebar_columns(bands: Sequence[ColumnBand]) -> set[int]:
    """Reading-order indexes (as `column_of` counts them) of the columns that are sidebars."""
    found = set()
    index = 0
    for band in bands:
        first = index + 1
        if band.sidebar:
            found.add(first + len(band.gutters))
        index = first + len(band.gutters) + 1
    return found


def column_of(bands: Sequence[ColumnBand], x: float, y: float) -> int:
    """The reading-order index of the column that holds point (x, y).

    Bands are numbered top to bottom; the white between them, and a page without bands, is
    one full-width column of its own. Each band counts one more column than it has gutters.
    """
    index = 0  # the full-width stretch above the first band
    for band in bands:
        if y < band.top:
            return index
        first = index + 1
        if y <= band.bottom:
            return first + bisect.bisect(band.gutters, x)
        index = first + len(band.gutters) + 1  # the full-width stretch below this band
    return index
