"""Tables: ruled ones from the rules a page draws, unruled ones from the alignment of text.

Ruled tables are found before lines are joined, for the reason columns are: a `Line` keeps no
glyph positions, so a line that ran across a cell border could not be split again. The chain
is pdfplumber's: rules -> edges (snapped and joined) -> grids of crossing edges -> cells (an
elementary cell merges with its neighbour where the border between them is not drawn) ->
checked against the glyphs (a chart's grid is mostly empty, a grid whose cells hold columns of
their own is under-ruled). `layout.chars_to_lines` then groups glyphs per cell.

Unruled tables are found among a page's body lines, from the x-extents of their parts between
column gaps (`Line.segments`): consecutive lines whose parts line up in columns.

Both become `TableRegion`s (regions.py); blocks.py gives the cells their text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from .conventions import CAPTION, SOURCE_LINE, TABLE_CAPTION
from .model import (
    NO_COLOUR,
    Block,
    Char,
    Drawing,
    FigureRegion,
    FootnoteMark,
    Graphic,
    Line,
    RuledGrid,
    Table,
    TableCell,
    TableRegion,
    table_text,
)


@dataclass(frozen=True, slots=True)
class TableSettings:
    rule_thickness: float = 2.5  # pt: a filled rectangle this thin is a rule (Word's borders)
    snap: float = 3.0  # pt: edges this close across are one (double and offset borders)
    join: float = 3.0  # pt: collinear edges with a gap this small are one
    border_cover: float = 0.5  # share of a cell's side a drawn edge covers to be its border
    min_rule_length: float = 6.0  # pt: shorter edges are ticks or corners, not rules
    max_overhang: float = 10.0  # pt: a grid's rules end this close to its outer borders
    cell_spacing: float = 30.0  # pt: grids this far apart, rows level, are one table
    min_text_cells: float = 0.5  # share of a grid's cells that hold text, at least
    max_split_cells: float = 0.25  # share of text cells with a column gap inside, at most
    column_gap: float = 1.6  # of the size: white this wide inside a cell is a column gap
    bar_fill: float = 0.7  # a tint narrower and lower than this share of its cell is a bar
    max_bars: int = 2  # more tints that fit no cell than this: a chart, not a table
    max_curves: int = 2  # more curves than this inside a grid: a chart
    chart_curve: float = 36.0  # pt: a curve this long is a chart's line or slice (as a
    # figure's drawing is at least this large); shorter ones are marks, a chart's if many
    # unruled tables
    min_rows: int = 2  # lines with parts in two or more columns, at least
    max_row_step: float = 2.8  # of the size: rows of a table follow each other this close
    wrap_step: float = 1.5  # of the size: a cell's wrapped line follows this close
    align: float = 2.0  # pt: edges this close are aligned
    numeric_share: float = 0.6  # share of a column's body cells that are numbers
    heading_size: float = 1.12  # of the body size: a line this large is a heading, no row
    max_lead: int = 12  # header lines set apart before a table's first row, at most
    same_row: float = 0.8  # of the size: lines closer than this are in one row (a cell's
    # text set in the middle of its row, beside cells of two lines)
    # tables announced but not recovered
    caption_reach: float = 5.0  # of the body size: a found table this close to a caption
    running_text: float = 0.8  # share of the column's text width a line of one part fills
    # at least to be running text, which ends a table

    def __post_init__(self) -> None:
        if self.snap < 0 or self.join < 0:
            raise ValueError("snap and join must not be negative")
        if not 0 < self.border_cover <= 1:
            raise ValueError("border_cover must be in (0, 1]")


DEFAULT = TableSettings()

# --- ruled grids: edges ---------------------------------------------------------------------


class _Edge:
    """A horizontal (`at` is y, from `start` to `end` in x) or vertical rule."""

    __slots__ = ("at", "end", "start")

    def __init__(self, at: float, start: float, end: float) -> None:
        self.at, self.start, self.end = at, start, end

    def covers(self, a: float, b: float, share: float) -> bool:
        return min(self.end, b) - max(self.start, a) >= share * (b - a)


def _edges(graphics: Sequence[Graphic], s: TableSettings
           ) -> tuple[list[_Edge], list[_Edge]]:
    """Horizontal and vertical edges from what is drawn: lines, thin filled rectangles, the
    sides of stroked rectangles, and the top and bottom of tints (filled rectangles without a
    stroke): rows shaded in turn are told apart by their tint alone. A tint's sides are no
    column border: Word shades a cell's padding inset from its borders."""
    horizontal: list[_Edge] = []
    vertical: list[_Edge] = []
    thin = s.rule_thickness
    for g in graphics:
        if g.kind not in ("line", "rect") or not g.visible:
            continue
        width, height = g.x1 - g.x0, g.bottom - g.top
        if height <= thin and width > thin:
            horizontal.append(_Edge((g.top + g.bottom) / 2, g.x0, g.x1))
        elif width <= thin and height > thin:
            vertical.append(_Edge((g.x0 + g.x1) / 2, g.top, g.bottom))
        elif g.kind == "rect" and width > thin:
            horizontal += [_Edge(g.top, g.x0, g.x1), _Edge(g.bottom, g.x0, g.x1)]
            if g.stroke not in (NO_COLOUR, 0xFFFFFF):
                vertical += [_Edge(g.x0, g.top, g.bottom), _Edge(g.x1, g.top, g.bottom)]
    return _snapped(horizontal, s), _snapped(vertical, s)


def _snapped(edges: list[_Edge], s: TableSettings) -> list[_Edge]:
    """Edges this close across share one position (their mean); collinear ones that touch or
    nearly do become one."""
    edges.sort(key=lambda e: e.at)
    groups: list[list[_Edge]] = []
    for edge in edges:
        if groups and edge.at - groups[-1][0].at <= s.snap:
            groups[-1].append(edge)
        else:
            groups.append([edge])
    out: list[_Edge] = []
    for group in groups:
        at = sum(e.at for e in group) / len(group)
        group.sort(key=lambda e: e.start)
        current = _Edge(at, group[0].start, group[0].end)
        for edge in group[1:]:
            if edge.start <= current.end + s.join:
                current.end = max(current.end, edge.end)
            else:
                out.append(current)
                current = _Edge(at, edge.start, edge.end)
        out.append(current)
    return [e for e in out if e.end - e.start >= s.min_rule_length]


# --- ruled grids: edges -> grids -> cells ----------------------------------------------------


class _Sets:
    """Union-find over indexes."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def ruled_grids(graphics: Sequence[Graphic], s: TableSettings = DEFAULT
                ) -> tuple[RuledGrid, ...]:
    """The grids a page's rules draw, top to bottom: edges that cross each other form one
    grid; its cells are what its borders enclose. A single cell (a framed box) is no grid."""
    horizontal, vertical = _edges(graphics, s)
    if len(horizontal) < 2 or len(vertical) < 2:
        return ()
    sets = _Sets(len(horizontal) + len(vertical))
    by_x = sorted(range(len(vertical)), key=lambda i: vertical[i].at)
    xs = [vertical[i].at for i in by_x]
    tolerance = s.join
    for h_index, h in enumerate(horizontal):
        lo = bisect.bisect_left(xs, h.start - tolerance)
        hi = bisect.bisect_right(xs, h.end + tolerance)
        for i in by_x[lo:hi]:
            v = vertical[i]
            if v.start - tolerance <= h.at <= v.end + tolerance:
                sets.union(h_index, len(horizontal) + i)
    components: dict[int, tuple[list[_Edge], list[_Edge]]] = {}
    for i, h in enumerate(horizontal):
        components.setdefault(sets.find(i), ([], []))[0].append(h)
    for i, v in enumerate(vertical):
        components.setdefault(sets.find(len(horizontal) + i), ([], []))[1].append(v)
    grids = []
    for hs, vs in _side_by_side(list(components.values()), s):
        grid = _grid(hs, vs, graphics, s)
        if grid is not None:
            grids.append(grid)
    grids.sort(key=lambda g: (g.ys[0], g.xs[0]))
    return tuple(grids)


def _side_by_side(components: list[tuple[list[_Edge], list[_Edge]]], s: TableSettings
                  ) -> list[tuple[list[_Edge], list[_Edge]]]:
    """Grids that stand side by side with their rows at the same heights are one table whose
    cells are set apart (cell spacing): the white between them is no cell of its own."""
    def rows(component: tuple[list[_Edge], list[_Edge]]) -> list[float]:
        return _positions(component[0])

    def extent(component: tuple[list[_Edge], list[_Edge]]) -> tuple[float, float]:
        hs, vs = component
        return (min(e.start for e in hs) if hs else min(e.at for e in vs),
                max(e.end for e in hs) if hs else max(e.at for e in vs))

    merged: list[tuple[list[_Edge], list[_Edge]]] = []
    for component in sorted(components, key=lambda c: extent(c)[0]):
        ys = rows(component)
        for other in merged:
            other_ys = rows(other)
            if (len(ys) >= 2 and len(ys) == len(other_ys)
                    and all(abs(a - b) <= s.snap for a, b in zip(ys, other_ys, strict=True))
                    and 0 <= extent(component)[0] - extent(other)[1] <= s.cell_spacing):
                other[0].extend(component[0])
                other[1].extend(component[1])
                break
        else:
            merged.append(([*component[0]], [*component[1]]))
    return [(_snapped(hs, s), vs) for hs, vs in merged]


def _positions(edges: list[_Edge]) -> list[float]:
    return sorted({round(e.at, 2) for e in edges})


def _grid(hs: list[_Edge], vs: list[_Edge], graphics: Sequence[Graphic], s: TableSettings
          ) -> RuledGrid | None:
    xs, ys = _positions(vs), _positions(hs)
    if len(xs) < 2 or len(ys) < 2:
        return None
    reach = s.max_overhang
    hs = [*hs, *_cut_borders(vs, xs, ys, s)]
    ys = _positions(hs)
    if (any(e.start < xs[0] - reach or e.end > xs[-1] + reach for e in hs)
            or any(e.start < ys[0] - reach or e.end > ys[-1] + reach for e in vs)):
        return None  # rules running on past the last border across: part of a table that
        # is ruled only one way (a header's cells ruled, its columns not)
    rows, columns = len(ys) - 1, len(xs) - 1
    h_at: dict[float, list[_Edge]] = {}
    for e in hs:
        h_at.setdefault(round(e.at, 2), []).append(e)
    v_at: dict[float, list[_Edge]] = {}
    for e in vs:
        v_at.setdefault(round(e.at, 2), []).append(e)

    def h_border(y: float, x0: float, x1: float) -> bool:
        return any(e.covers(x0, x1, s.border_cover) for e in h_at.get(y, ()))

    def v_border(x: float, y0: float, y1: float) -> bool:
        return any(e.covers(y0, y1, s.border_cover) for e in v_at.get(x, ()))

    sets = _Sets(rows * columns)
    outside: set[int] = set()
    for r in range(rows):
        for c in range(columns):
            i = r * columns + c
            y0, y1, x0, x1 = ys[r], ys[r + 1], xs[c], xs[c + 1]
            if c + 1 < columns and not v_border(x1, y0, y1):
                sets.union(i, i + 1)
            if r + 1 < rows and not h_border(y1, x0, x1):
                sets.union(i, i + columns)
            if ((c == 0 and not v_border(x0, y0, y1)) or (c + 1 == columns
                                                            and not v_border(x1, y0, y1))
                    or (r == 0 and not h_border(y0, x0, x1))
                    or (r + 1 == rows and not h_border(y1, x0, x1))):
                outside.add(i)  # open to the outside: not enclosed by the table's frame
    outside = {sets.find(i) for i in outside}
    members: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(columns):
            root = sets.find(r * columns + c)
            if root not in outside:
                members.setdefault(root, []).append((r, c))
    cells: list[TableCell] = []
    owner = [[-1] * columns for _ in range(rows)]
    for group in members.values():
        r0, r1 = min(r for r, _ in group), max(r for r, _ in group)
        c0, c1 = min(c for _, c in group), max(c for _, c in group)
        if len(group) != (r1 - r0 + 1) * (c1 - c0 + 1):
            return None  # a merged cell that is no rectangle: not a table's grid
        for r, c in group:
            owner[r][c] = len(cells)
        cells.append(TableCell(r0, c0, "", r1 - r0 + 1, c1 - c0 + 1))
    if len(cells) < 2:
        return None  # one framed rectangle is a box, not a table
    order = sorted(range(len(cells)), key=lambda i: (cells[i].row, cells[i].column))
    renumber = {old: new for new, old in enumerate(order)}
    cells = [cells[i] for i in order]
    owner_rows = tuple(tuple(renumber.get(i, -1) for i in row) for row in owner)
    grid = RuledGrid(tuple(xs), tuple(ys), tuple(cells), owner_rows)
    if len({c.row for c in cells}) < 2 or len({c.column for c in cells}) < 2:
        return None  # rows under rules only, or columns only: alignment reads those
    if _chart_like(grid, graphics, s):
        return None
    return replace(grid, shading=_shading(grid, graphics, s))


def _cut_borders(vs: list[_Edge], xs: list[float], ys: list[float], s: TableSettings
                 ) -> list[_Edge]:
    """The border a table cut by a page break does not draw: where every column rule runs on
    past the last rule across (or starts above the first) to one height, the table goes on
    over the page break (or came from the page before) and its rows end there."""
    found = []
    for beyond, at in ((lambda e: e.end > ys[-1] + s.max_overhang, lambda e: e.end),
                       (lambda e: e.start < ys[0] - s.max_overhang, lambda e: e.start)):
        over = [e for e in vs if beyond(e)]
        if not over or {round(e.at, 2) for e in over} != set(xs):
            continue
        ends = [at(e) for e in over]
        if max(ends) - min(ends) <= s.snap:
            found.append(_Edge(sum(ends) / len(ends), xs[0], xs[-1]))
    return found


def cell_box(grid: RuledGrid, cell: TableCell) -> tuple[float, float, float, float]:
    return (grid.xs[cell.column], grid.ys[cell.row], grid.xs[cell.column + cell.colspan],
            grid.ys[cell.row + cell.rowspan])


def cell_at(grid: RuledGrid, x: float, y: float) -> int:
    """Index of the cell holding point (x, y), or -1 outside the grid's cells."""
    xs, ys = grid.xs, grid.ys
    if not (xs[0] < x < xs[-1] and ys[0] < y < ys[-1]):
        return -1
    return grid.owner[bisect.bisect(ys, y) - 1][bisect.bisect(xs, x) - 1]


def _inside(g: Graphic, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return g.x0 >= x0 - 1 and g.x1 <= x1 + 1 and g.top >= top - 1 and g.bottom <= bottom + 1


def _tints(grid: RuledGrid, graphics: Sequence[Graphic], s: TableSettings
           ) -> list[Graphic]:
    thin = s.rule_thickness
    return [g for g in graphics
            if g.kind == "rect" and g.visible and g.fill not in (-1, 0xFFFFFF)
            and g.x1 - g.x0 > thin and g.bottom - g.top > thin and _inside(g, grid.box)]


def _chart_like(grid: RuledGrid, graphics: Sequence[Graphic], s: TableSettings) -> bool:
    """Curves inside the grid: a chart's plot area (its bars are told by the text check)."""
    curves = sum(1 for g in graphics if g.kind == "curve" and _inside(g, grid.box))
    return curves > s.max_curves


def _bars(grid: RuledGrid, graphics: Sequence[Graphic], chars: Sequence[Char],
          s: TableSettings) -> int:
    """Tints in the grid that neither fill their cell nor hold text: a chart's bars. (A cell's
    tint fills it, Word's inset by its padding; a paragraph's shading holds its text.)"""
    bars = 0
    for g in _tints(grid, graphics, s):
        index = cell_at(grid, (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2)
        if index < 0:
            continue
        x0, top, x1, bottom = cell_box(grid, grid.cells[index])
        fills = ((g.x1 - g.x0) >= s.bar_fill * (x1 - x0)
                 and (g.bottom - g.top) >= s.bar_fill * (bottom - top))
        if fills or any(g.x0 <= (c.x0 + c.x1) / 2 <= g.x1 and g.top <= (c.top + c.bottom) / 2
                        <= g.bottom for c in chars):
            continue
        bars += 1
    return bars


def _shading(grid: RuledGrid, graphics: Sequence[Graphic], s: TableSettings
             ) -> tuple[int, ...]:
    shading = [NO_COLOUR] * len(grid.cells)
    for g in _tints(grid, graphics, s):
        index = cell_at(grid, (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2)
        if index >= 0 and g.fill != 0:  # black fill is ink (a rule, a bar), not a tint
            shading[index] = g.fill
    return tuple(shading)


def grids_with_text(grids: Sequence[RuledGrid], chars: Sequence[Char],
                    graphics: Sequence[Graphic] = (), s: TableSettings = DEFAULT
                    ) -> tuple[RuledGrid, ...]:
    """The grids that are tables: most cells hold text, no cell holds columns of its own (a
    grid with few rules around columns of text is read from alignment instead), and no bars
    stand in it."""
    if not grids:
        return ()
    found: list[dict[int, list[Char]]] = [{} for _ in grids]
    for char in chars:
        if char.text.isspace():
            continue
        x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
        for g, grid in enumerate(grids):
            index = cell_at(grid, x, y)
            if index >= 0:
                found[g].setdefault(index, []).append(char)
                break
    kept = []
    for grid, by_cell in zip(grids, found, strict=True):
        if len(by_cell) < s.min_text_cells * len(grid.cells) or len(by_cell) < 2:
            continue
        split = sum(1 for chars_in in by_cell.values() if _has_column_gap(chars_in, s))
        if split > s.max_split_cells * len(by_cell):
            continue
        inside = [c for cell_chars in by_cell.values() for c in cell_chars]
        if graphics and _bars(grid, graphics, inside, s) > s.max_bars:
            continue
        kept.append(grid)
    return tuple(kept)


def outside_grids(chars: Sequence[Char], grids: Sequence[RuledGrid]) -> Sequence[Char]:
    """The glyphs in no grid's cell (what column finding looks at)."""
    if not grids:
        return chars
    return [c for c in chars
            if all(cell_at(g, (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2) < 0 for g in grids)]


def drawings_outside(drawings: Sequence[Drawing], grids: Sequence[RuledGrid]
                     ) -> tuple[Drawing, ...]:
    """The drawings that are not ruled tables' own tints and rules (one drawing may take in
    two tables and the text between them; a picture in a cell stays a picture)."""
    def within(box: tuple[float, float, float, float], grid: RuledGrid) -> bool:
        x0, top, x1, bottom = grid.box
        return (box[0] >= x0 - 3 and box[2] <= x1 + 3 and box[1] >= top - 3
                and box[3] <= bottom + 3)

    def tables(d: Drawing) -> bool:  # all it draws stands in ruled tables
        places = d.shapes or (d.box,)
        return all(any(within(place, grid) for grid in grids) for place in places)

    return tuple(d for d in drawings if d.images or not grids or not tables(d))


def grid_rows(grids: Sequence[RuledGrid]) -> list[tuple[float, float, float, float]]:
    """Each grid row's box, x0, top, x1, bottom: a row of text as wide as its table."""
    return [(g.xs[0], top, g.xs[-1], bottom) for g in grids
            for top, bottom in itertools.pairwise(g.ys)]


def _has_column_gap(chars: list[Char], s: TableSettings) -> bool:
    rows: dict[int, list[Char]] = {}
    for char in chars:
        rows.setdefault(round(char.baseline / max(char.size * 0.5, 1.0)), []).append(char)
    for row in rows.values():
        row.sort(key=lambda c: c.x0)
        for a, b in itertools.pairwise(row):
            if b.x0 - a.x1 > s.column_gap * max(a.size, b.size):
                return True
    return False


# --- ruled regions ---------------------------------------------------------------------------

_NUMBER = re.compile(r"^[^A-Za-zÀ-ÿ]*\d[^A-Za-zÀ-ÿ]*$")
_UNITS = re.compile(r"\b[nN]\s*=|\b(?:k?m[²³2]|x|mln|mld|jaar)\b|%|€")


def is_number(text: str) -> bool:
    """A figure as tables print them: "31.200", "24 m²", "19% (n = 63)", "-", "403.000*"."""
    text = _UNITS.sub("", text).strip()
    return bool(_NUMBER.match(text)) or text in ("-", "–", "—")


def numeric_columns(grid: Sequence[Sequence[str]], header_rows: int, columns: int,
                    s: TableSettings = DEFAULT) -> tuple[bool, ...]:
    """Per column: most of its body cells are numbers (shown right-aligned)."""
    flags = []
    for c in range(columns):
        cells = [row[c] for row in grid[header_rows:] if c < len(row) and row[c]]
        numbers = sum(1 for text in cells if is_number(text) and text not in ("-", "–", "—"))
        flags.append(bool(cells) and numbers >= s.numeric_share * len(cells))
    return tuple(flags)


def _cell_text(lines: Sequence[Line]) -> str:
    return " ".join(line.text.replace("\t", " ").strip() for line in lines).strip()


def ruled_regions(page: int, lines: Sequence[Line], grids: Sequence[RuledGrid],
                  s: TableSettings = DEFAULT) -> list[TableRegion]:
    """A region per grid, from the lines `chars_to_lines` put into its cells."""
    by_grid: dict[int, dict[tuple[int, int], list[Line]]] = {}
    for line in lines:
        if line.cell:
            g, r, c = line.cell
            by_grid.setdefault(g, {}).setdefault((r, c), []).append(line)
    regions = []
    for g, by_cell in sorted(by_grid.items()):
        if g >= len(grids):
            continue
        grid = grids[g]
        cells_lines = tuple(tuple(sorted(by_cell.get((cell.row, cell.column), ()),
                                         key=lambda line: (line.baseline, line.x0)))
                            for cell in grid.cells)
        header = _ruled_header_rows(grid, cells_lines)
        found = _unmerged(grid, cells_lines)
        cells = tuple(TableCell(cell.row, cell.column, _cell_text(cl), cell.rowspan,
                                cell.colspan, cell.row < header) for cell, cl, _ in found)
        cells_lines = tuple(cl for _, cl, _ in found)
        rows, columns = len(grid.ys) - 1, len(grid.xs) - 1
        table = Table(cells, rows, columns, header, ruled=True, pages=(page,))
        table = _compact(table, cells_lines)
        table, cells_lines = table[0], table[1]
        table = _with_numeric(table, s)
        column = next(line.column for cl in cells_lines for line in cl)
        boxes = tuple(box for _, _, box in found)
        regions.append(TableRegion(page, column, grid.box, table, cells_lines, boxes))
    return regions


def _unmerged(grid: RuledGrid, cells_lines: Sequence[tuple[Line, ...]]
              ) -> list[tuple[TableCell, tuple[Line, ...], tuple[float, float, float, float]]]:
    """The grid's cells with their lines and boxes; a merged cell whose text stands in the
    columns under it, apart (a header band drawn without borders between its labels), is
    the cells of those columns again."""
    out = []
    for cell, lines in zip(grid.cells, cells_lines, strict=True):
        box = cell_box(grid, cell)
        placed: dict[int, list[Line]] = {}
        inner = [(x - 1.0, x + 1.0) for x in grid.xs[cell.column + 1:cell.column + cell.colspan]]
        if cell.colspan > 1 and lines:
            for line in lines:
                for part in split_at_gaps(line, inner):
                    k = bisect.bisect(grid.xs, (part.x0 + part.x1) / 2) - 1
                    inside = (cell.column <= k < cell.column + cell.colspan
                              and grid.xs[k] - 1 <= part.x0 and part.x1 <= grid.xs[k + 1] + 1)
                    if not inside:
                        placed = {}
                        break
                    placed.setdefault(k, []).append(part)
                if not placed:
                    break
        if len(placed) < 2:
            out.append((cell, lines, box))
            continue
        for k in range(cell.column, cell.column + cell.colspan):
            out.append((TableCell(cell.row, k, "", cell.rowspan, 1), tuple(placed.get(k, ())),
                        (grid.xs[k], box[1], grid.xs[k + 1], box[3])))
    return out


def _with_numeric(table: Table, s: TableSettings) -> Table:
    """The table with its numeric columns; and, where nothing else told its header, its
    first row as the header when that row names the columns of figures below it."""
    grid = table.grid()
    numeric = numeric_columns(grid, table.header_rows, table.columns, s)
    if table.header_rows == 0 and table.rows > 2 and any(numeric):
        first = [grid[0][c] for c in range(table.columns) if numeric[c] and grid[0][c]]
        if first and not any(is_number(text) for text in first):
            table = replace(table, header_rows=1, cells=tuple(
                replace(c, header=c.row == 0) for c in table.cells))
            numeric = numeric_columns(grid, 1, table.columns, s)
    return replace(table, numeric=numeric)


def _compact(table: Table, cells_lines: tuple[tuple[Line, ...], ...]
             ) -> tuple[Table, tuple[tuple[Line, ...], ...]]:
    """Drop grid rows and columns no cell starts in (a rule drawn for a merged cell only
    elsewhere leaves slivers): spans shrink accordingly."""
    row_starts = sorted({c.row for c in table.cells})
    column_starts = sorted({c.column for c in table.cells})
    if len(row_starts) == table.rows and len(column_starts) == table.columns:
        return table, cells_lines
    row_index = {r: i for i, r in enumerate(row_starts)}
    column_index = {c: i for i, c in enumerate(column_starts)}

    def span(start: int, length: int, starts: list[int], index: dict[int, int]) -> int:
        return max(1, sum(1 for x in starts if start <= x < start + length))

    cells = tuple(replace(c, row=row_index[c.row], column=column_index[c.column],
                          rowspan=span(c.row, c.rowspan, row_starts, row_index),
                          colspan=span(c.column, c.colspan, column_starts, column_index))
                  for c in table.cells)
    header = sum(1 for r in row_starts if r < table.header_rows)
    cells = tuple(replace(c, header=c.row < header) for c in cells)
    return replace(table, cells=cells, rows=len(row_starts), columns=len(column_starts),
                   header_rows=header), cells_lines


def _ruled_header_rows(grid: RuledGrid, cells_lines: Sequence[Sequence[Line]]) -> int:
    """Header rows: the rows a merged cell of the first row spans (a two-level header), or the
    leading rows that are tinted or bold where the row after them is not."""
    rows = len(grid.ys) - 1
    first = [c for c in grid.cells if c.row == 0]
    spanned = max((c.rowspan for c in first), default=1)
    if spanned > 1 and spanned < rows:
        return spanned
    if any(c.colspan > 1 for c in first) and len(first) >= 2 and rows > 2:
        return 2 if any(c.row == 1 for c in grid.cells) else 1  # a header of two levels

    def tint(r: int) -> int:
        tints = {grid.shading[i] if grid.shading else NO_COLOUR
                 for i, c in enumerate(grid.cells) if c.row == r}
        return tints.pop() if len(tints) == 1 else NO_COLOUR

    def bold(r: int) -> bool:
        texts = [line for i, c in enumerate(grid.cells) if c.row == r for line in cells_lines[i]]
        return bool(texts) and all(line.bold for line in texts)

    # a tint of the header's own: rows after it are plain or tinted otherwise (zebra rows
    # share one tint, so a tinted first row of those is a body row)
    head = tint(0)
    if head != NO_COLOUR:
        n = next((r for r in range(rows) if tint(r) != head), rows)
        if n < rows and all(tint(r) != head for r in range(n, rows)):
            return n
    if bold(0):
        n = next((r for r in range(rows) if not bold(r)), rows)
        if n < rows:
            return n
    return 0


# --- unruled tables: parts of lines aligned in columns --------------------------------------

# A list item or numbered paragraph ("•<tab>tekst", "2.24<tab>Op 17 augustus"): its marker
# stands a column gap before its text, but it is no table row.
_LIST_MARKER = re.compile(
    r"^\s*(?:[•●▪■◦○‣⁃∙·◆►✓\-–—*\uf0b7\uf0a7\uf0d8\uf0fc\uf02d\uf076o]|\(?[a-z0-9]{1,2}[.)]"
    r"|\d{1,2}(?:\.\d{1,2}){1,5}\.?|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})[.)])\s*$")
_DOT_LEADERS = re.compile(r"(?:\s*\.){4,}|…")
_NOTE_LINE = re.compile(r"^(?:Noot|Opmerking|Note)\s*:|^\*\s", re.IGNORECASE)  # under a table


def split_at_gaps(line: Line, whites: Sequence[tuple[float, float]] = ()) -> list[Line]:
    """A line cut at its column gaps (its tabs), and at the wide word spaces (`Line.gaps`)
    that lie in the white between two columns (`whites`, x0 and x1 of each): one line per
    part, with that part's runs and extent."""
    tabs = [i for i, ch in enumerate(line.text) if ch == "\t"]
    if len(tabs) != max(0, len(line.segments) - 1):
        return [line]
    cuts = [(i, a[1], b[0]) for i, a, b in zip(tabs, line.segments, line.segments[1:],
                                                strict=False)]
    for offset, left, right in line.gaps:
        if any(min(right, w1) - max(left, w0) > -1.0 for w0, w1 in whites):
            cuts.append((offset, left, right))
    if not cuts:
        return [line]
    cuts.sort()
    pieces: list[list] = [[]]
    at = 0  # offset in the line's text where the current run starts
    k = 0  # the next cut
    for run in line.runs:
        text, start = run.text, 0
        while k < len(cuts) and cuts[k][0] < at + len(text):
            cut = cuts[k][0] - at
            if cut > start:
                pieces[-1].append(replace(run, text=text[start:cut]))
            pieces.append([])
            start = cut + 1  # the tab or space itself goes
            k += 1
        if start < len(text):
            pieces[-1].append(replace(run, text=text[start:]))
        at += len(text)
    edges = [line.x0, *(x for _, left, right in cuts for x in (left, right)), line.x1]
    out = []
    for n, runs in enumerate(pieces):
        x0, x1 = edges[2 * n], edges[2 * n + 1]
        letters = sum(len(r.text) for r in runs if not r.superscript) or 1
        bold = sum(len(r.text) for r in runs if r.bold and not r.superscript) * 2 > letters
        out.append(replace(line, runs=tuple(runs), x0=x0, x1=x1, segments=((x0, x1),),
                           gaps=(), bold=bold,
                           hyphenated=line.hyphenated and n == len(pieces) - 1))
    return [part for part in out if part.text.strip()]


@dataclass(slots=True)
class _Column:
    """A column of an unruled table: its parts in the lines that fill every column."""

    parts: list[tuple[float, float]]
    left: float = 0.0  # where its cells begin and end: the gap to a neighbour goes to the
    right: float = 0.0  # column its text is aligned towards

    def aligned(self, s: TableSettings) -> str:
        """ "left", "right" or "centre": the edge most of its parts share."""
        def share(values: list[float]) -> float:
            values = sorted(values)
            best = 0
            for i, v in enumerate(values):
                j = bisect.bisect_right(values, v + s.align)
                best = max(best, j - i)
            return best / len(values)

        lefts = share([a for a, _ in self.parts])
        rights = share([b for _, b in self.parts])
        centres = share([(a + b) / 2 for a, b in self.parts])
        if lefts >= rights and lefts >= centres:
            return "left"
        return "right" if rights >= centres else "centre"


class _Columns(NamedTuple):
    areas: list[tuple[float, float]]  # x-ranges of the columns, covering the table's width
    whites: list[tuple[float, float]]  # the white between one column's text and the next's
    texts: list[tuple[float, float]]  # where each column's text stands in the full rows


def _soft_segments(line: Line) -> tuple[tuple[float, float], ...]:
    """A line's parts between its column gaps and its wide word spaces (`Line.gaps`)."""
    if not line.gaps:
        return line.segments
    out = []
    cuts = sorted((left, right) for _, left, right in line.gaps)
    for x0, x1 in line.segments:
        start = x0
        for left, right in cuts:
            if x0 < left and right < x1:
                out.append((start, left))
                start = right
        out.append((start, x1))
    return tuple(out)


def _areas(lines: Sequence[Line], s: TableSettings) -> _Columns | None:
    """Where a table's columns are, from the lines whose parts fill every column; None when
    those parts do not line up. Cells set closer than a column gap count as parts of their
    own where that gives more columns that line up (a tight table of figures)."""
    hard = _columns_from([line.segments for line in lines], lines, s)
    soft = [_soft_segments(line) for line in lines]
    if any(len(p) != len(line.segments) for p, line in zip(soft, lines, strict=True)):
        tight = _columns_from(soft, lines, s)
        if tight is not None and (hard is None or len(tight.areas) > len(hard.areas)):
            return tight
    return hard


def _columns_from(parts_of: list[tuple[tuple[float, float], ...]], lines: Sequence[Line],
                  s: TableSettings) -> _Columns | None:
    counts = Counter(len(parts) for parts in parts_of if len(parts) >= 2)
    if not counts:
        return None
    common = counts.most_common()
    n = common[0][0]
    for count, times in common:  # more columns win when enough lines fill them
        if count > n and times >= max(2, 0.3 * sum(counts.values())):
            n = count
    full = [parts for parts in parts_of if len(parts) == n]
    if len(full) < 2 and counts[n] < 2:
        return None
    columns = [_Column([parts[k] for parts in full]) for k in range(n)]
    for a, b in itertools.pairwise(columns):
        if max(x1 for _, x1 in a.parts) >= min(x0 for x0, _ in b.parts):
            return None  # parts of one column reach into the next: not aligned in columns
    modes = [c.aligned(s) for c in columns]
    lo = min(line.x0 for line in lines)
    hi = max(line.x1 for line in lines)
    bounds = [lo]
    for k in range(n - 1):
        a_right = max(x1 for _, x1 in columns[k].parts)
        b_left = min(x0 for x0, _ in columns[k + 1].parts)
        if modes[k + 1] == "right":
            bounds.append(a_right + 0.5)  # the white before a right-aligned column is its own
        elif modes[k] == "left" and modes[k + 1] == "left":
            bounds.append(b_left - 0.5)
        else:
            bounds.append((a_right + b_left) / 2)
    bounds.append(hi)
    whites = [(max(x1 for _, x1 in a.parts), min(x0 for x0, _ in b.parts))
              for a, b in itertools.pairwise(columns)]
    texts = [(min(x0 for x0, _ in c.parts), max(x1 for _, x1 in c.parts)) for c in columns]
    return _Columns(list(itertools.pairwise(bounds)), whites, texts)


def _columns_of(segment: tuple[float, float], columns: _Columns) -> tuple[int, int]:
    """The first and last column a part of a line stands in: a part over the text of two
    columns or more is a merged cell ("Capaciteit" over 2021 and 2022); any other stands in
    the column its middle is in (a header centred over a column is wider than its figures)."""
    x0, x1 = segment
    over = [k for k, (a, b) in enumerate(columns.texts)
            if min(b, x1) - max(a, x0) >= 0.2 * max(b - a, 0.1)]
    if len(over) >= 2:
        return over[0], over[-1]
    centre = (x0 + x1) / 2
    areas = columns.areas
    inside = [k for k, (a, b) in enumerate(areas) if a <= centre <= b]
    if inside:
        return inside[0], inside[0]
    k = min(range(len(areas)), key=lambda k: abs((areas[k][0] + areas[k][1]) / 2 - centre))
    return k, k


@dataclass(slots=True)
class _Row:
    lines: list[list[Line]]  # per column, the line parts in it
    spans: dict[int, int]  # column -> colspan of the part that starts there
    filled: set[int]
    bottom: float
    last_line: Line
    rowspans: dict[int, int] = field(default_factory=dict)  # column -> rows it spans down


def _breaks(graphics: Sequence[Graphic], x0: float, x1: float, top: float, bottom: float,
            s: TableSettings) -> list[float]:
    """y of the row borders a reader sees across most of a table's width: rules that stand
    out from the ground they are drawn on, and tint edges where the colour changes. (Word
    draws a tinted header's cell borders, and insets its cells' tints, in the same colour:
    no border shows there.)"""
    near = [g for g in graphics if g.visible and g.kind in ("line", "rect")
            and g.bottom >= top - 2 and g.top <= bottom + 2 and g.x1 > x0 and g.x0 < x1]
    thin = s.rule_thickness
    tints = [g for g in near if g.kind == "rect" and g.fill not in (NO_COLOUR, 0xFFFFFF)
             and g.x1 - g.x0 > thin and g.bottom - g.top > thin]
    width = x1 - x0

    def ground(x: float, y: float) -> int:
        colour = 0xFFFFFF
        for g in tints:  # in drawing order: the last one drawn shows
            if g.x0 <= x <= g.x1 and g.top <= y <= g.bottom:
                colour = g.fill
        return colour

    found: list[float] = []
    for g in near:
        across = min(g.x1, x1) - max(g.x0, x0)
        if across < 0.5 * width:
            continue
        x = (max(g.x0, x0) + min(g.x1, x1)) / 2
        if g.bottom - g.top <= thin:  # a rule: seen where it differs from its ground
            colour = g.stroke if g.kind == "line" or g.fill == NO_COLOUR else g.fill
            y = (g.top + g.bottom) / 2
            if colour != ground(x, y - thin) or colour != ground(x, y + thin):
                found.append(y)
        elif g in tints:
            found.extend(y for y in (g.top, g.bottom)
                         if ground(x, y - 1.5) != ground(x, y + 1.5))
    found.sort()
    return [y for i, y in enumerate(found) if i == 0 or y - found[i - 1] > s.snap]


def _between(breaks: list[float], y0: float, y1: float) -> bool:
    i = bisect.bisect_right(breaks, y0)
    return i < len(breaks) and breaks[i] < y1


def aligned_table(page: int, lines: Sequence[Line], graphics: Sequence[Graphic] = (),
                  s: TableSettings = DEFAULT, lead: int = 0
                  ) -> tuple[TableRegion | None, int, int]:
    """The table a run of lines makes, if their parts line up in two or more columns, and
    the range of `lines` it takes. Of the `lead` lines before the run's first row it takes
    the header lines set apart (a header cell aligned to its foot starts lower than its
    neighbour), which stand clear of the first column, where text before a table runs; it
    ends before a line that runs across its columns."""
    columns = _areas(lines[lead:], s)
    if (columns is None or len(columns.areas) < 2
            or _over_a_chart(lines, graphics, s)):
        return None, 0, 0
    areas = columns.areas
    placed: list[tuple[Line, list[tuple[int, int, Line]]]] = []
    for line in lines:
        parts = split_at_gaps(line, columns.whites)
        if not parts:
            return None, 0, 0
        placed.append((line, [(*_columns_of(p.segments[0], columns), p) for p in parts]))
    used = 0
    while used < lead and (all(first >= 1 for first, _, _ in placed[lead - used - 1][1])
                           or _group_label(*placed[lead - used - 1])):
        used += 1
    while used and _group_label(*placed[lead - used]):
        used -= 1  # a label stands under a header, never over it (a caption's last line)
    start = lead - used
    end = len(lines)
    for k in range(lead + 1, len(lines)):
        (line, parts) = placed[k]
        if len(parts) == 1 and parts[0][1] > parts[0][0]:
            end = k  # one line across the columns: text after the table, not a row
            break
    while end - 1 > lead and len(placed[end - 1][1]) == 1 and (
            lines[end - 1].baseline - lines[end - 2].baseline
            > s.wrap_step * lines[end - 1].size):
        end -= 1  # a line after the last row, set apart: not a cell's wrapped text
    placed = placed[start:end]
    lines = lines[start:end]
    x0 = min(line.x0 for line in lines)
    x1 = max(line.x1 for line in lines)
    top, bottom = min(line.top for line in lines), max(line.bottom for line in lines)
    breaks = _breaks(graphics, x0, x1, top, bottom, s)
    header_lines = _aligned_header(placed, breaks, len(areas))
    header = _header_rows(placed[:header_lines], len(areas))
    body = _body_rows(placed[header_lines:], breaks, areas, s)
    rows = header + body
    if len(body) < 1 or len(rows) < 2:
        return None, 0, 0
    if sum(1 for row in rows if len(row.filled) >= 2) < s.min_rows:
        return None, 0, 0
    cells: list[TableCell] = []
    cell_lines: list[list[Line]] = []
    covered: dict[tuple[int, int], int] = {}  # position -> the merged cell over it
    n = len(areas)
    for r, row in enumerate(rows):
        for c in range(n):
            if (r, c) in covered:  # text under a merged cell is that cell's, never lost
                cell_lines[covered[(r, c)]].extend(row.lines[c])
                continue
            colspan = min(row.spans.get(c, 1), n - c)
            rowspan = min(row.rowspans.get(c, 1), len(rows) - r)
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered[(r + dr, c + dc)] = len(cells)
            cells.append(TableCell(r, c, "", rowspan, colspan, r < len(header)))
            cell_lines.append(list(row.lines[c]))
    for lines_of_cell in cell_lines:
        lines_of_cell.sort(key=lambda line: (line.baseline, line.x0))
    cells = [replace(cell, text=_cell_text(ls)) for cell, ls in zip(cells, cell_lines,
                                                                    strict=True)]
    table = Table(tuple(cells), len(rows), n, len(header), ruled=False, pages=(page,))
    table = _with_numeric(table, s)
    region = TableRegion(page, lines[0].column, (x0, top, x1, bottom), table,
                         tuple(tuple(ls) for ls in cell_lines))
    return region, start, end


def _group_label(line: Line, parts: list[tuple[int, int, Line]]) -> bool:
    """A bold label in the first column alone ("Geslacht" over "Man", "Vrouw"): a row
    that names the rows under it, not the end of the text before the table."""
    return line.bold and all(first == last == 0 for first, last, _ in parts)


def _over_a_chart(lines: Sequence[Line], graphics: Sequence[Graphic], s: TableSettings
                  ) -> bool:
    """Bars or curves among the lines that hold none of their text: labels of a chart. A
    table's tints and frames hold its text, or tint a row (as wide as the table, or in
    cells side by side that share their top and bottom, an empty row's too); a chart's
    bars stand beside their labels, each as high as its figure."""
    x0, x1 = min(line.x0 for line in lines), max(line.x1 for line in lines)
    size = max(line.size for line in lines)  # bars right under their labels count too
    top = min(line.top for line in lines) - size
    bottom = max(line.bottom for line in lines) + size
    parts = [(a, b, line.top, line.bottom) for line in lines for a, b in line.segments]
    thin = s.rule_thickness
    shapes = [g for g in graphics if g.kind in ("rect", "curve") and g.visible
              and not (g.kind == "rect" and (g.x1 - g.x0 <= thin or g.bottom - g.top <= thin))
              and g.x1 > x0 and g.x0 < x1 and g.bottom > top and g.top < bottom]
    rects = [g for g in shapes if g.kind == "rect"]

    def tiles(g: Graphic) -> bool:  # a cell's tint beside the next cell's, one row high,
        # or inside a tint of its colour (Word tints a cell's padding apart)
        return any(o is not g and ((abs(o.top - g.top) <= 1 and abs(o.bottom - g.bottom) <= 1
                                    and (abs(o.x0 - g.x1) <= 2 or abs(g.x0 - o.x1) <= 2))
                                   or (o.fill == g.fill and o.x0 <= g.x0 and g.x1 <= o.x1
                                       and o.top <= g.top and g.bottom <= o.bottom))
                   for o in rects)

    small_curves = 0
    for g in shapes:
        if any(a < g.x1 and b > g.x0 and g.top <= (t + u) / 2 <= g.bottom
               for a, b, t, u in parts):
            continue  # text is set on it
        if g.kind == "rect" and (g.x1 - g.x0 >= 0.6 * (x1 - x0) or tiles(g)):
            continue  # a row's tint
        if g.kind == "curve" and max(g.x1 - g.x0, g.bottom - g.top) < s.chart_curve:
            small_curves += 1  # an arrow or a bracket between cells; a chart's marks are many
            continue
        return True
    return small_curves > s.max_curves


def _aligned_header(placed: list[tuple[Line, list[tuple[int, int, Line]]]],
                    breaks: list[float], columns: int) -> int:
    """How many of the first lines are the header: those above the first rule inside the
    table; else the leading lines with nothing in the first column where later lines have it
    (a stub column); else the leading bold lines."""
    lines = [line for line, _ in placed]
    for i in range(1, len(lines)):
        if _between(breaks, lines[i - 1].bottom - 1, lines[i].top + 1):
            figures = any(sum(is_number(part.text) for _, _, part in parts) >= 2
                          for _, parts in placed[:i])
            return i if i < len(lines) - 1 and not figures else 0  # (a header holds words)
    def stub(parts: list[tuple[int, int, Line]]) -> bool:
        return any(first == 0 for first, _, _ in parts)

    stubless = next((i for i, (_, parts) in enumerate(placed) if stub(parts)), len(placed))
    if 0 < stubless < len(placed) - 1:
        return stubless
    bold = next((i for i, line in enumerate(lines) if not line.bold), len(lines))
    if 0 < bold < len(lines) - 1:
        return bold
    return 0


def _header_rows(placed: list[tuple[Line, list[tuple[int, int, Line]]]], columns: int
                 ) -> list[_Row]:
    """Header lines as rows: lines join per column (a header cell's text wraps) until a line
    holds a merged cell; the lines under it are the next header row. A column that no merged
    cell covers is one cell down the whole header (its text wraps on)."""
    if not placed:
        return []
    groups: list[list[tuple[Line, list[tuple[int, int, Line]]]]] = [[]]
    for line, parts in placed:
        groups[-1].append((line, parts))
        if any(last > first for first, last, _ in parts):
            groups.append([])
    groups = [g for g in groups if g]
    rows = []
    for group in groups:
        lines: list[list[Line]] = [[] for _ in range(columns)]
        spans: dict[int, int] = {}
        for _, parts in group:
            for first, last, part in parts:
                lines[first].append(part)
                if last > first:
                    spans[first] = max(spans.get(first, 1), last - first + 1)
        row = _Row(lines, spans, {c for c in range(columns) if lines[c]},
                   max(line.bottom for line, _ in group), group[-1][0])
        rows.append(row)
    if len(rows) > 1:
        under = {c for row in rows[:-1] for first, span in row.spans.items()
                 for c in range(first, first + span)}
        top = rows[0]
        rowspans = {}
        for c in range(columns):
            if c in under:
                continue
            for row in rows[1:]:
                top.lines[c].extend(row.lines[c])
                row.lines[c] = []
                row.filled.discard(c)
            rowspans[c] = len(rows)
        top.rowspans = rowspans
    return rows


def _body_rows(placed: list[tuple[Line, list[tuple[int, int, Line]]]], breaks: list[float],
               areas: list[tuple[float, float]], s: TableSettings) -> list[_Row]:
    """Body lines as rows. A line goes on with the row above it (a cell's text wrapped) when it
    follows closely, no rule or tint edge lies between them, and it adds only to cells that
    row fills: to the first column alone, or not to the first column at all. Where rules or
    tints part (nearly) every row, they alone decide."""
    columns = len(areas)
    lines = [line for line, _ in placed]
    gaps = [_between(breaks, a.bottom - 1, b.top + 1) for a, b in itertools.pairwise(lines)]
    multi_pairs = [g for g, (a, b) in zip(gaps, itertools.pairwise(lines),
                                          strict=False)
                   if len(a.segments) >= 2 and len(b.segments) >= 2]
    ruled_rows = bool(multi_pairs) and sum(multi_pairs) >= 0.8 * len(multi_pairs)
    rows: list[_Row] = []
    for i, (line, parts) in enumerate(placed):
        cols = {c for first, last, _ in parts for c in range(first, last + 1)}
        row = rows[-1] if rows else None
        joins = False
        if row is not None:
            previous = row.last_line
            parted = gaps[i - 1] if i else False
            step = line.baseline - previous.baseline
            if not parted and step < s.same_row * max(line.size, previous.size):
                joins = True  # no room for a row of its own between them
            elif ruled_rows:
                joins = not parted
            elif not parted and step <= s.wrap_step * max(line.size, previous.size):
                if cols <= row.filled and 0 not in cols:
                    joins = True
                elif not cols & row.filled:
                    joins = True  # the row's other cells, set in the middle of its height
                elif (0 in cols and row.filled == {0}
                      and not line.plain_text.lstrip()[:1].isupper()):
                    joins = True  # its label goes on, and the figures beside it begin
                elif cols == {0} and 0 in row.filled:
                    first = line.plain_text.lstrip()[:1]
                    a, b = areas[0]
                    reached = max(p.x1 for p in row.lines[0]) >= a + 0.7 * (b - a)
                    joins = not first.isupper() or reached
                elif cols <= row.filled and all(_goes_on(row.lines[first], part)
                                                for first, _, part in parts):
                    joins = True  # every cell's text wraps: "Vergunninghou-" / "der"
        if joins and row is not None:
            for first, last, part in parts:
                row.lines[first].append(part)
                if last > first:
                    row.spans[first] = max(row.spans.get(first, 1), last - first + 1)
                row.filled.update(range(first, last + 1))
            row.bottom, row.last_line = line.bottom, line
            continue
        cells: list[list[Line]] = [[] for _ in range(columns)]
        spans: dict[int, int] = {}
        for first, last, part in parts:
            cells[first].append(part)
            if last > first:
                spans[first] = last - first + 1
        rows.append(_Row(cells, spans, cols, line.bottom, line))
    return rows


def _goes_on(above: list[Line], part: Line) -> bool:
    """`part` continues the cell text `above` it: after a line-end hyphen, or in lower case
    (a cell's text does not start a sentence there)."""
    if not above:
        return False
    if above[-1].plain_text.rstrip().endswith(("-", "\u2010")):
        return True
    return part.plain_text.lstrip()[:1].islower()


def _starts_run(line: Line, body_size: float, s: TableSettings) -> bool:
    if len(line.segments) < 2 or line.size >= s.heading_size * body_size:
        return False  # large type with a tab ("35 538<tab>Tijdelijke …") is a title
    first = line.plain_text.split("\t", 1)[0]
    return not _LIST_MARKER.match(first) and not _DOT_LEADERS.search(line.plain_text)


def _ends_run(line: Line, previous: Line, body_size: float, s: TableSettings) -> bool:
    step = line.baseline - previous.baseline
    size = max(line.size, previous.size)
    if step < -0.5 * size or step > 2 * s.max_row_step * size or (
            step > s.max_row_step * size and not _same_columns(line, previous, s)):
        return True  # (over an empty row, a table goes on in the same columns)
    text = line.plain_text.strip()
    if (CAPTION.match(text) or SOURCE_LINE.match(text) or _NOTE_LINE.match(text)
            or _DOT_LEADERS.search(line.plain_text)):
        return True
    if len(line.segments) < 2:
        return line.size >= s.heading_size * body_size  # a heading ends a table; other text
        # on a line of its own may be a cell's (`aligned_table` ends at one across columns)
    return _LIST_MARKER.match(line.plain_text.split("\t", 1)[0]) is not None


def _same_columns(a: Line, b: Line, s: TableSettings) -> bool:
    """Two rows whose parts stand in the same columns: their last parts (all but the first
    of the shorter row, whose label may run into the next cell) start or end level."""
    n = min(len(a.segments), len(b.segments)) - 1
    if n < 1:
        return False
    return all(abs(p[0] - q[0]) <= s.align or abs(p[1] - q[1]) <= s.align
               for p, q in zip(a.segments[-n:], b.segments[-n:], strict=True))


def _may_lead(line: Line, after: Line, body_size: float, s: TableSettings) -> bool:
    """`line` may be a header line (or a group's label) over the table row `after`."""
    text = line.plain_text.strip()
    return (line.column == after.column
            and 0 < after.baseline - line.baseline <= s.max_row_step * after.size
            and line.size < s.heading_size * body_size
            and not (CAPTION.match(text) or SOURCE_LINE.match(text) or _NOTE_LINE.match(text)
                     or _DOT_LEADERS.search(line.plain_text)))


def aligned_regions(page: int, lines: Sequence[Line], graphics: Sequence[Graphic],
                    body_size: float, s: TableSettings = DEFAULT
                    ) -> tuple[list[TableRegion], list[Line]]:
    """Unruled tables among a page's lines (in reading order), and the lines left."""
    regions: list[TableRegion] = []
    rest: list[Line] = []
    i = regions_end = 0
    while i < len(lines):
        line = lines[i]
        if not _starts_run(line, body_size, s):
            rest.append(line)
            i += 1
            continue
        j = i + 1
        while (j < len(lines) and lines[j].column == line.column
               and not _ends_run(lines[j], lines[j - 1], body_size, s)):
            j += 1
        # a run ends on lines with parts in columns, or on a cell's wrapped line after one
        while j - 1 > i and len(lines[j - 1].segments) < 2 and (
                lines[j - 1].baseline - lines[j - 2].baseline > s.wrap_step * lines[j - 1].size):
            j -= 1
        k = i  # header lines set apart before the first row (see `aligned_table`)
        while k > regions_end and i - k < s.max_lead and _may_lead(lines[k - 1], lines[k],
                                                                    body_size, s):
            k -= 1
        region, first, last = (aligned_table(page, lines[k:j], graphics, s, lead=i - k)
                               if j - i >= 2 else (None, 0, 0))
        if region is not None and _contents_like(region.table):
            rest.extend(lines[i:j])  # a contents page: none of its lines is a table's
            i = j
            continue
        if region is None:
            rest.append(line)
            i += 1
            continue
        if k + first < i:  # header lines before the first row: set aside as text so far
            del rest[len(rest) - (i - k - first):]
        regions.append(region)
        i = regions_end = k + last
    return regions, rest


def _contents_like(table: Table) -> bool:
    """A contents page set with tabs: titles and a last column of page numbers in order."""
    grid = table.grid()
    last = [row[-1] for row in grid[table.header_rows:] if row[-1]]
    if len(last) < 3 or not all(text.isdigit() for text in last):
        return False
    numbers = [int(text) for text in last]
    body = grid[table.header_rows:]

    def figures(c: int) -> bool:  # a column of figures, not of section numbers ("2.1")
        cells = [row[c] for row in body if row[c]]
        counted = [x for x in cells if is_number(x)
                   and not re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*\.?", x)]
        return bool(cells) and len(counted) >= 0.6 * len(cells)

    return numbers == sorted(numbers) and not any(figures(c) for c in range(table.columns - 1))


def unrecovered_tables(lines: Sequence[Line], found: Sequence[TableRegion], body_size: float,
                       s: TableSettings = DEFAULT) -> tuple[list[FigureRegion], list[Line]]:
    """Tables the page announces ("Tabel 6.9 …") and sets in columns, but whose rows and
    cells no finder recovered: each becomes a region that is shown as its picture with its
    lines as text under it, instead of paragraphs of shredded rows; and the lines left.

    The evidence is the caption with no table `found` near it, followed (as close as a
    table's rows follow each other) by lines of which at least `min_rows` have parts in
    columns; the table ends at a caption, a heading or a line of running text.
    """
    reach = s.caption_reach * body_size
    regions: list[FigureRegion] = []
    taken: set[int] = set()
    for i, line in enumerate(lines):
        if not TABLE_CAPTION.match(line.plain_text.strip()) or id(line) in taken:
            continue
        if any(table.column == line.column and (0 <= table.box[1] - line.bottom <= reach
                                                or 0 <= line.top - table.box[3] <= reach)
               for table in found):
            continue  # its table was found
        column = [other for other in lines if other.column == line.column]
        width = max(other.x1 for other in column) - min(other.x0 for other in column)
        caption, rows, source = [line], [], []
        j = i + 1
        while (j < len(lines) and lines[j].column == line.column
               and len(lines[j].segments) < 2 and abs(lines[j].size - line.size) < 0.5
               and abs(lines[j].x0 - line.x0) < 2
               and lines[j].baseline - lines[j - 1].baseline <= s.wrap_step * line.size):
            caption.append(lines[j])  # the caption's own wrapped lines
            j += 1
        while j < len(lines) and lines[j].column == line.column:
            row = lines[j]
            text = row.plain_text.strip()
            if row.baseline - lines[j - 1].baseline > s.max_row_step * row.size:
                break
            if SOURCE_LINE.match(text):
                source.append(row)
                break
            one_part = len(row.segments) < 2
            if CAPTION.match(text) or (one_part and (
                    row.size >= s.heading_size * body_size
                    or row.x1 - row.x0 >= s.running_text * width)):
                break  # the next caption, a heading, running text
            rows.append(row)
            j += 1
        if sum(len(row.segments) >= 2 for row in rows) < s.min_rows:
            continue
        box = (min(r.x0 for r in rows), min(r.top for r in rows), max(r.x1 for r in rows),
               max(r.bottom for r in rows))
        regions.append(FigureRegion(box, False, tuple(rows), tuple(caption), tuple(source),
                                    line.column, table=True))
        taken.update(id(member) for member in (*caption, *rows, *source))
    return regions, [line for line in lines if id(line) not in taken]


def find_tables(page: int, lines: Sequence[Line], cell_lines: Sequence[Line],
                grids: Sequence[RuledGrid], graphics: Sequence[Graphic], body_size: float,
                s: TableSettings = DEFAULT) -> tuple[tuple[TableRegion, ...], list[Line]]:
    """A page's tables: ruled ones from the lines in grid cells, unruled ones among its body
    lines; and the body lines that are in no table, in reading order."""
    ruled = ruled_regions(page, cell_lines, grids, s)
    unruled, rest = aligned_regions(page, lines, graphics, body_size, s)
    regions = sorted([*ruled, *unruled], key=lambda r: (r.column, r.box[1]))
    return tuple(regions), rest


def joined_tables(first: Table, second: Table, s: TableSettings = DEFAULT) -> Table | None:
    """`second` as the continuation of `first` (the next page's part of one table), or None
    when it is another table: other columns, or a header of its own. A header printed again
    over the continuation is left out."""
    if first.columns != second.columns:
        return None
    header = first.grid()[:first.header_rows]
    drop = 0
    if second.header_rows:
        if not header or second.grid()[:len(header)] != header:
            return None
        drop = len(header)
    elif header and second.rows > len(header) and second.grid()[:len(header)] == header:
        drop = len(header)  # the header again, set like a body row
    elif header and any(a and a == b for a, b in zip(second.grid()[0], header[0],
                                                        strict=False)):
        return None  # a header like the first one's, naming other things: another table
    if second.rows <= drop:
        return None
    first_cells, drop = _row_split_by_the_break(first, second, drop)
    cells = (*first_cells, *(replace(c, row=c.row - drop + first.rows, header=False)
                             for c in second.cells if c.row >= drop))
    table = replace(first, cells=cells, rows=first.rows + second.rows - drop,
                    ruled=first.ruled and second.ruled, caption=first.caption or second.caption,
                    source=second.source or first.source, pages=(*first.pages, *second.pages))
    return _with_numeric(table, s)


def _row_split_by_the_break(first: Table, second: Table, drop: int
                            ) -> tuple[tuple[TableCell, ...], int]:
    """`first`'s cells, with the rest of its last row where the page break cut that row: the
    continuation's first row has no label and text only in cells the last row left empty
    ("Moldavië | 530 | 490 | | " over "| | | | goed, visumvrij reizen"). Returns the cells and
    how many of `second`'s rows are used up."""
    last = first.rows - 1
    below = {c.column: c for c in second.cells if c.row == drop}
    above = {c.column: c for c in first.cells if c.row == last}
    filled = {col for col, c in below.items() if c.text}
    if (last < first.header_rows or not filled or 0 in filled or drop + 1 >= second.rows
            or any(c.rowspan > 1 for c in below.values())):
        return first.cells, drop
    if any(col not in above or above[col].text or above[col].colspan != below[col].colspan
           for col in filled):
        return first.cells, drop
    cells = tuple(replace(c, text=below[c.column].text)
                  if c.row == last and c.column in filled else c for c in first.cells)
    return cells, drop + 1


# --- table blocks: continued over pages, captions and sources -------------------------------

CAPTION_MAX_CHARS = 400


def _cell_marks(block: Block) -> list[tuple[int, int, FootnoteMark]]:
    """A table block's markers as (row, column, mark with its offset in that cell)."""
    _, starts = table_text(block.rows)
    by_start = sorted((start, cell) for cell, start in starts.items())
    out = []
    for mark in block.marks:
        start, (r, c) = max(((st, cell) for st, cell in by_start if st <= mark.offset),
                            default=(0, (0, 0)))
        out.append((r, c, replace(mark, offset=mark.offset - start)))
    return out


def continued_tables_joined(blocks: list[Block]) -> list[Block]:
    """A table that goes on at the head of the next page (or column) with the same columns is
    one table; a header printed again over the continuation is dropped."""
    out: list[Block] = []
    last_part = (0.0, 0.0, 0.0, 0.0)  # the box of the last part of the table out[-1]
    for block in blocks:
        previous = out[-1] if out else None
        if (previous is not None and previous.table is not None and block.table is not None
                and _continues(previous.pages[-1], last_part, block)):
            joined = joined_tables(previous.table, block.table)
            if joined is not None:
                out[-1] = _joined_block(previous, block, joined)
                last_part = block.box
                continue
        out.append(block)
        last_part = block.box
    return out


def _continues(page: int, box: tuple[float, float, float, float], second: Block) -> bool:
    """`second` stands where a table ending in `box` on `page` goes on: the next page, or
    the next column of the page; as wide."""
    width = box[2] - box[0]
    same_width = abs((second.box[2] - second.box[0]) - width) <= 0.05 * max(width, 1.0)
    next_page = second.page == page + 1
    next_column = second.page == page and second.box[0] >= box[2] - 1.0
    return (next_page or next_column) and same_width


def _joined_block(first: Block, second: Block, table: Table) -> Block:
    rows = table.grid()
    text, starts = table_text(rows)
    dropped = table.rows - first.table.rows - second.table.rows  # negative: header rows
    marks = []
    for r, c, mark in _cell_marks(first):
        marks.append(replace(mark, offset=starts.get((r, c), 0) + mark.offset))
    for r, c, mark in _cell_marks(second):
        row = r + first.table.rows + dropped
        if (row, c) in starts and row >= first.table.rows:
            marks.append(replace(mark, offset=starts[(row, c)] + mark.offset))
    later = min((starts[(r, c)] for (r, c) in starts if r >= first.table.rows),
                default=len(text))
    return replace(first, text=text, rows=rows, table=table, marks=tuple(marks),
                   pages=(*first.pages, *second.pages),
                   page_starts=(*first.page_starts, (later, second.page)))


def captions_attached(blocks: list[Block]) -> list[Block]:
    """A table's caption ("Tabel 3.1 …", above it, else below it) and its source line
    ("Bron: …", below it) become the table's: they describe it, they are not paragraphs.
    A caption or source with a footnote marker stays a block of its own (keeps the mark)."""
    out: list[Block] = []
    used: set[int] = set()
    for i, block in enumerate(blocks):
        if i in used:
            continue
        if block.table is None:
            out.append(block)
            continue
        table = block.table
        before = blocks[i - 1] if i and i - 1 not in used else None
        after = i + 1
        if not table.caption and before is not None and _describes(before, TABLE_CAPTION):
            table = replace(table, caption=before.text.strip())
            out.pop()
        elif (not table.caption and after < len(blocks)
              and _describes(blocks[after], TABLE_CAPTION)
              and (after + 1 == len(blocks) or blocks[after + 1].table is None)):
            # below it, unless it is the caption over the next table
            table = replace(table, caption=blocks[after].text.strip())
            used.add(after)
            after += 1
        if (not table.source and after < len(blocks)
                and _describes(blocks[after], SOURCE_LINE)):
            table = replace(table, source=blocks[after].text.strip())
            used.add(after)
        out.append(replace(block, table=table))
    return out


def _describes(block: Block, pattern: re.Pattern[str]) -> bool:
    return (block.kind in ("caption", "paragraph") and not block.marks and block.table is None
            and len(block.text) <= CAPTION_MAX_CHARS and bool(pattern.match(block.text.strip())))
