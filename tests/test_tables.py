"""Tables: ruled grids from drawn rules (cells, merged cells, charts and boxes that are none),
lines kept inside their cells, unruled tables from alignment, captions, sources, continuation
over a page break. Synthetic pages (tests/synthetic.py) for each mechanism; reportlab for a
real PDF with merged cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from converter.blocks import layouts_to_blocks, resolve_footnotes, vocabulary, zones_to_footnotes
from converter.model import Graphic
from converter.regions import pages_to_layouts
from converter.tables import is_number, ruled_grids
from synthetic import LOREM, glyphs, page, page_lines, text_lines

LEFT = 72.0


def h(x0: float, x1: float, y: float) -> Graphic:
    return Graphic("line", x0, x1, y, y, stroke=0x555555, width=0.5)


def v(x: float, top: float, bottom: float) -> Graphic:
    return Graphic("line", x, x, top, bottom, stroke=0x555555, width=0.5)


def ruled(xs: list[float], ys: list[float], missing: set = frozenset()) -> list[Graphic]:
    """Rules of a grid; `missing` names borders left out: ("v", column border index, row) or
    ("h", row border index, column), which merges the cells either side."""
    rules = []
    for i, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if ("h", i, c) not in missing:
                rules.append(h(xs[c], xs[c + 1], y))
    for i, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if ("v", i, r) not in missing:
                rules.append(v(x, ys[r], ys[r + 1]))
    return rules


def cells_text(grid_rows: list[list[str]], xs: list[float], ys: list[float], size: float = 9.0,
               align_right: set = frozenset(), bold_rows: set = frozenset()) -> list[list]:
    """Glyphs of each cell's text, left aligned at 3 pt padding (right aligned for columns in
    `align_right`), on the cell's baseline."""
    runs = []
    for r, row in enumerate(grid_rows):
        for c, text in enumerate(row):
            if not text:
                continue
            baseline = ys[r] + 0.5 * (ys[r + 1] - ys[r]) + 0.35 * size
            width = len(text) * 0.5 * size
            x = xs[c + 1] - 3 - width if c in align_right else xs[c] + 3
            runs.append(glyphs(text, x, baseline, size=size, bold=r in bold_rows))
    return runs


def blocks_of(*pages):
    layouts = pages_to_layouts([page_lines(p) for p in pages])
    words = vocabulary(layouts)
    blocks, _ = resolve_footnotes(layouts_to_blocks(layouts, words),
                                  zones_to_footnotes(layouts, words))
    return layouts, blocks


def tables_of(blocks):
    return [b for b in blocks if b.kind == "table"]


# --- ruled grids ---------------------------------------------------------------------------

XS = [LEFT, 250.0, 330.0, 410.0]
YS = [300.0, 316.0, 332.0, 348.0, 364.0]


def test_a_grid_of_rules_gives_its_cells():
    (grid,) = ruled_grids(ruled(XS, YS))
    assert len(grid.cells) == 12
    assert all(c.rowspan == c.colspan == 1 for c in grid.cells)
    assert grid.xs == tuple(XS) and grid.ys == tuple(YS)


def test_a_border_left_out_merges_cells():
    # no border between the 2nd and 3rd cell of the top row; none under the first one
    (grid,) = ruled_grids(ruled(XS, YS, {("v", 2, 0), ("h", 1, 0)}))
    spans = {(c.row, c.column): (c.rowspan, c.colspan) for c in grid.cells}
    assert spans[(0, 1)] == (1, 2)
    assert spans[(0, 0)] == (2, 1)
    assert len(grid.cells) == 10


def test_word_borders_as_thin_rectangles_and_inset_cell_tints():
    """Word draws borders as thin filled rectangles and tints a cell inset by its padding:
    the tint's sides are no column borders."""
    graphics = []
    for y in YS:
        graphics.append(Graphic("rect", XS[0], XS[-1], y - 0.25, y + 0.25, fill=0x95B3D7))
    for x in XS:
        graphics.append(Graphic("rect", x - 0.25, x + 0.25, YS[0], YS[-1], fill=0x95B3D7))
    for c in range(len(XS) - 1):  # the first row tinted, cell by cell, inset 5 pt
        graphics.append(Graphic("rect", XS[c] + 5, XS[c + 1] - 5, YS[0] + 0.3, YS[1],
                                fill=0xDBE5F1))
    (grid,) = ruled_grids(graphics)
    assert len(grid.xs) == 4 and len(grid.cells) == 12


def test_zebra_rows_between_column_rules_are_rows():
    """Rows told apart by their tint alone, columns by rules (code review reports)."""
    graphics = [h(XS[0], XS[-1], YS[0])] + [v(x, YS[0], YS[-1]) for x in XS]
    graphics += [Graphic("rect", XS[0], XS[-1], YS[r], YS[r + 1], fill=0xEDEDED)
                 for r in (0, 2)]
    graphics.append(h(XS[0], XS[-1], YS[-1]))
    (grid,) = ruled_grids(graphics)
    assert len(grid.ys) == 5 and len(grid.cells) == 12


def test_a_framed_box_and_rules_one_way_are_no_grid():
    box = [Graphic("rect", LEFT, 520, 300, 400, fill=0xEEF3F8, stroke=0x336699, width=1.0)]
    assert ruled_grids(box) == ()
    only_rows = [h(LEFT, 520, y) for y in YS]  # booktabs: read from alignment instead
    assert ruled_grids(only_rows) == ()


def test_a_header_ruled_where_its_columns_are_not_is_no_grid():
    """Rules running on past a grid's last border: a header's cells ruled, the table's
    columns not (the table is read from alignment)."""
    graphics = [h(LEFT, 520, 300), h(LEFT, 520, 316)] + [v(x, 300, 316) for x in (400, 460, 520)]
    assert ruled_grids(graphics) == ()


def test_a_chart_plot_area_is_no_table():
    """Gridlines with bars in them, labels only along the axes: not a table."""
    xs = [100.0 + 60 * i for i in range(6)]
    ys = [300.0 + 30 * i for i in range(5)]
    bars = [Graphic("rect", x + 20, x + 40, 360 - 10 * i, 420, fill=0x1F5F8B)
            for i, x in enumerate(xs[:-1])]
    values = [glyphs(str(10 * i), x + 22, 355 - 10 * i, size=6) for i, x in enumerate(xs[:-1])]
    with_bars = page(1, *values, graphics=(*ruled(xs, ys), *bars))
    assert ruled_grids(with_bars.graphics)  # rules alone make a grid ...
    assert page_lines(with_bars).grids == ()  # ... but bars stand in it
    labels = [glyphs(str(n), x + 25, ys[-2] + 20, size=8) for n, x in enumerate(xs[:-1])]
    no_bars = page(1, *labels, graphics=tuple(ruled(xs, ys)))
    assert page_lines(no_bars).grids == ()  # a grid that is mostly empty


# --- lines inside cells --------------------------------------------------------------------


def test_lines_never_cross_a_cell_border():
    rows = [["Locatie", "Aantal", "Aandeel"], ["Asielzoekerscentrum (azc)", "31.200", "24%"],
            ["Noodopvang", "2.100", "11%"], ["Totaal", "33.300", "35%"]]
    xs = [LEFT, 200.0, 232.0, 290.0]  # the first cell's text runs up to its border
    runs = cells_text(rows, xs, YS, align_right={1, 2})
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *runs, graphics=tuple(ruled(xs, YS)))
    lines = page_lines(p).lines
    cell_lines = [line for line in lines if line.cell]
    assert {line.text for line in cell_lines} == {t for row in rows for t in row}
    assert all(line.cell[0] == 0 for line in cell_lines)
    _, blocks = blocks_of(p)
    (table,) = tables_of(blocks)
    assert table.rows == tuple(tuple(r) for r in rows)
    assert table.table.ruled and table.table.numeric == (False, True, True)
    assert not any(t in b.text for b in blocks if b.kind != "table" for t in ("31.200", "azc"))


def test_a_merged_header_keeps_its_spans_and_header_rows():
    xs = [LEFT, 200.0, 260.0, 320.0, 380.0, 440.0]
    ys = [300.0 + 16 * i for i in range(6)]
    header = [["Locatietype", "Capaciteit", "", "Bezetting", ""],
              ["", "2021", "2022", "2021", "2022"]]
    body = [["Azc", "31.200", "33.850", "30.980", "34.210"],
            ["Crisisnoodopvang", "", "4.120", "", "3.980"],
            ["Totaal", "34.150", "49.030", "33.640", "48.670"]]
    missing = {("h", 1, 0), ("v", 2, 0), ("v", 4, 0)}
    runs = cells_text(header + body, xs, ys, align_right={1, 2, 3, 4})
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *runs,
             graphics=tuple(ruled(xs, ys, missing)))
    _, blocks = blocks_of(p)
    (block,) = tables_of(blocks)
    table = block.table
    assert block.rows == tuple(tuple(r) for r in header + body)  # empty cells kept
    assert table.header_rows == 2
    spans = {(c.row, c.column): (c.rowspan, c.colspan) for c in table.cells
             if c.rowspan > 1 or c.colspan > 1}
    assert spans == {(0, 0): (2, 1), (0, 1): (1, 2), (0, 3): (1, 2)}
    assert all(c.header == (c.row < 2) for c in table.cells)


def test_wrapped_cell_text_is_joined_and_hyphenation_undone():
    xs = [LEFT, 160.0, 240.0]
    ys = [300.0, 316.0, 344.0, 360.0]
    runs = cells_text([["Soort", "Aantal"], ["", "2.100"], ["Totaal", "2.100"]], xs, ys,
                      align_right={1})
    runs.append(glyphs("Noodopvang in ge-", LEFT + 3, 327, size=9, hyphen_last=True))
    runs.append(glyphs("meentelijke hallen", LEFT + 3, 338, size=9))
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *runs, graphics=tuple(ruled(xs, ys)))
    _, blocks = blocks_of(p)
    (table,) = tables_of(blocks)
    assert table.rows[1] == ("Noodopvang in gemeentelijke hallen", "2.100")


def test_a_marker_in_a_ruled_cell_stays_in_its_cell():
    from synthetic import marker, rule

    rows = [["Locatie", "Aantal"], ["Crisisnoodopvang", "4.120"], ["Totaal", "4.120"]]
    xs = [LEFT, 200.0, 280.0]
    runs = cells_text(rows, xs, YS[:4], align_right={1})
    label = next(r for r in runs if "".join(c.text for c in r) == "Crisisnoodopvang")
    note = [glyphs("26", LEFT, 757, size=5.0), glyphs("Besluit van 1 april 2022.", LEFT + 8,
                                                      760, size=8.0)]
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *runs, marker("26", label), *note,
             graphics=(*ruled(xs, YS[:4]), rule(LEFT, LEFT + 150, 745)))
    _, blocks = blocks_of(p)
    (table,) = tables_of(blocks)
    (mark,) = table.marks
    assert mark.label == "26" and table.text[:mark.offset].endswith("Crisisnoodopvang")
    assert table.rows[1] == ("Crisisnoodopvang", "4.120")


# --- unruled tables ------------------------------------------------------------------------


def unruled_rows(rows: list[tuple[str, ...]], top: float, x_columns: list[float],
                 size: float = 9.0, step: float = 14.0, bold_first: bool = True,
                 right: set = frozenset({1, 2, 3})) -> list[list]:
    """Glyphs of an unruled table: column k starts (or, right aligned, ends) at x_columns[k];
    a header centred over right-aligned numbers, as reportlab and Word set them."""
    runs = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if not text:
                continue
            width = len(text) * 0.5 * size
            if c in right and r == 0:
                x = x_columns[c] - 20 - width / 2  # centred over its column
            elif c in right:
                x = x_columns[c] - width
            else:
                x = x_columns[c]
            runs.append(glyphs(text, x, top + r * step, size=size, bold=bold_first and r == 0))
    return runs


VERTREK = [("Wijze van vertrek", "2020", "2021", "2022"),
           ("Aantoonbaar zelfstandig vertrek", "3.390", "3.620", "4.010"),
           ("Gedwongen vertrek", "2.110", "", "2.540"),
           ("Overdracht aan een andere lidstaat", "1.240", "1.510", "1.880"),
           ("Totaal", "11.720", "12.660", "14.650")]


def test_an_unruled_table_from_alignment_with_caption_and_source():
    caption = glyphs("Tabel 4.1 Vertrek van vreemdelingen, 2020–2022", LEFT, 290, size=9,
                     bold=True)
    runs = unruled_rows(VERTREK, 310, [LEFT, 330, 410, 490])
    source = glyphs("Bron: DTenV", LEFT, 310 + 14 * 5 + 2, size=8)
    after = text_lines(LOREM, LEFT, 410, 90)
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), caption, *runs, source, *after)
    _, blocks = blocks_of(p)
    (table,) = tables_of(blocks)
    assert table.rows == tuple(VERTREK)
    assert not table.table.ruled and table.table.header_rows == 1
    assert table.table.numeric == (False, True, True, True)
    assert table.table.caption == "Tabel 4.1 Vertrek van vreemdelingen, 2020–2022"
    assert table.table.source == "Bron: DTenV"
    texts = [b.text for b in blocks]
    assert not any(t.startswith(("Tabel 4.1", "Bron:")) for t in texts)  # not paragraphs
    assert blocks.index(table) == 1  # where it stands: after the first paragraph


def test_a_wrapped_row_label_and_a_two_level_header():
    rows = [("Locatietype", "Capaciteit", "", "Bezetting", ""),
            ("", "2021", "2022", "2021", "2022")]
    x = [LEFT, 300, 350, 420, 470]
    runs = []
    size = 9.0
    for c, text in ((0, "Locatietype"), (1, "Capaciteit"), (3, "Bezetting")):
        # a merged header cell's text centred over the figures of its two columns
        middle = (x[c] - 27 + x[c + 1]) / 2 if c else 0
        left = x[c] if c == 0 else middle - len(text) * 0.25 * size
        runs.append(glyphs(text, left, 300, size=size, bold=True))
    for c, text in ((1, "2021"), (2, "2022"), (3, "2021"), (4, "2022")):
        runs.append(glyphs(text, x[c] - 20, 312, size=size, bold=True))
    body = [("Asielzoekerscentrum (azc)", "31.200", "33.850", "30.980", "34.210"),
            ("Noodopvang in gemeentelijke", "2.100", "9.640", "1.870", "9.120"),
            ("sporthallen", "", "", "", ""),
            ("Totaal", "34.150", "49.030", "33.640", "48.670")]
    y = 326.0
    for row in body:
        for c, text in enumerate(row):
            if text:
                left = x[c] if c == 0 else x[c] - len(text) * 0.5 * size
                runs.append(glyphs(text, left, y, size=size))
        y += 11.0 if row[0] == "Noodopvang in gemeentelijke" else 14.0
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *runs, *text_lines(LOREM, LEFT, 420, 90))
    _, blocks = blocks_of(p)
    (block,) = tables_of(blocks)
    assert block.rows[:2] == tuple(rows)
    assert block.rows[3] == ("Noodopvang in gemeentelijke sporthallen", "2.100", "9.640",
                             "1.870", "9.120")
    assert len(block.rows) == 5
    spans = {(c.row, c.column): (c.rowspan, c.colspan) for c in block.table.cells
             if c.rowspan > 1 or c.colspan > 1}
    assert spans == {(0, 0): (2, 1), (0, 1): (1, 2), (0, 3): (1, 2)}
    assert block.table.header_rows == 2


def test_a_row_whose_every_cell_wraps_is_one_row():
    """"Vergunninghou-" / "der" beside "asielzoeker aan wie een" / "vergunning is verleend":
    every part of the second line goes on with its cell, so it is no row of its own."""
    lines = [(300, "Begrip", "Omschrijving"), (316, "Nareiziger", "gezinslid van een houder"),
             (332, "Vergunninghou-", "asielzoeker aan wie een"),
             (343, "der", "vergunning is verleend"),  # wrapped: one line's step, 11 pt
             (359, "Referent", "persoon bij wie iemand verblijft")]
    text = [glyphs(t, x, y, size=9.0, bold=y == 300) for y, *cells in lines
            for x, t in zip((LEFT, 200.0), cells, strict=True)]
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *text,
             *text_lines(LOREM, LEFT, 420, 90))
    _, blocks = blocks_of(p)
    (table,) = tables_of(blocks)
    assert table.rows[1:] == (("Nareiziger", "gezinslid van een houder"),
                              ("Vergunninghouder", "asielzoeker aan wie een vergunning is "
                               "verleend"),
                              ("Referent", "persoon bij wie iemand verblijft"))


def test_a_table_ends_at_a_heading():
    runs = unruled_rows(VERTREK, 310, [LEFT, 330, 410, 490])
    heading = glyphs("4.3 Tot slot", LEFT, 310 + 14 * 5 + 4, size=13, bold=True)
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *runs, heading,
             *text_lines(LOREM, LEFT, 410, 90))
    _, blocks = blocks_of(p)
    (table,) = tables_of(blocks)
    assert len(table.rows) == 5
    assert any(b.kind == "heading" and b.text == "4.3 Tot slot" for b in blocks)


def test_labels_over_a_bar_chart_are_no_table():
    bars = tuple(Graphic("rect", x, x + 25, 345 + 12 * i, 420, fill=0x1F5F8B)
                 for i, x in enumerate((120, 220)))  # data labels stand over the bars
    labels = [glyphs("10.000", 110, 322, size=8), glyphs("8.900", 215, 322, size=8),
              glyphs("6.710", 110, 326 + 10, size=8), glyphs("6.970", 215, 336, size=8)]
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *labels, graphics=bars)
    _, blocks = blocks_of(p)
    assert not tables_of(blocks)


@pytest.mark.parametrize(("marks", "is_table"), [(1, True), (2, True), (4, False)])
def test_an_arrow_between_cells_leaves_a_table_but_many_marks_make_a_chart(marks, is_table):
    """Kiesraad's tables point from "Ja" to the rows that detail it with a drawn arrow: a
    small curve that holds no text is no chart's mark; a chart's small marks (a scatter
    plot's dots) are many."""
    rows = [[("Klein", 200), ("Groot", 290), ("Totaal", 380)],
            [("Ja", LEFT), ("7%", 200), ("56%", 290), ("24%", 380)],
            [("Gemiddeld aantal", LEFT + 30), ("1,3", 200), ("25,5", 290), ("9,2", 380)],
            [("Nee", LEFT), ("85%", 200), ("37%", 290), ("71%", 380)]]
    runs = [run for r, row in enumerate(rows) for run in _row(row, 300 + 16 * r)]
    # an arrow from "Ja" down to the row it details; further marks in the white beside it
    curves = (Graphic("curve", LEFT + 8, LEFT + 26, 318, 334, stroke=0, width=0.6),
              *(Graphic("curve", 220 + 12 * i, 226 + 12 * i, 322, 328, fill=0x1F5F8B)
                for i in range(marks - 1)))
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *runs, *text_lines(LOREM, LEFT, 400, 90),
             graphics=curves)
    _, blocks = blocks_of(p)
    found = tables_of(blocks)
    assert bool(found) == is_table
    if is_table:
        assert found[0].rows[3] == ("Nee", "85%", "37%", "71%")


@pytest.mark.parametrize("lines", [
    # list items and numbered paragraphs set with a tab
    [("•", "Functionele eisen: wat moet de app doen?"), ("•", "Niet-functionele eisen.")],
    [("2.24", "Op 17 augustus is het advies gegeven."), ("2.25", "De Raad merkt op dat.")],
    # a contents page set with tabs
    [("1 Inleiding", "3"), ("2 Opzet van het onderzoek", "5"), ("3 Resultaten", "9"),
     ("4 Conclusies", "14")],
])
def test_lists_and_contents_set_with_tabs_are_no_tables(lines):
    runs = [glyphs(a, LEFT, 300 + 14 * i) + glyphs(b, 400 if b.isdigit() else LEFT + 40,
                                                   300 + 14 * i)
            for i, (a, b) in enumerate(lines)]
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *runs)
    _, blocks = blocks_of(p)
    assert not tables_of(blocks)


# --- continued over a page break -----------------------------------------------------------


def test_a_table_continued_on_the_next_page_is_one_table():
    xs = [LEFT, 250.0, 330.0]
    header = ["Gemeente", "Inwoners"]
    first = [header] + [[f"Gemeente {i}", f"{i}.000"] for i in range(1, 8)]
    second = [header] + [[f"Gemeente {i}", f"{i}.000"] for i in range(8, 12)]
    ys1 = [600.0 + 16 * i for i in range(len(first) + 1)]
    ys2 = [72.0 + 16 * i for i in range(len(second) + 1)]
    p1 = page(1, *text_lines(LOREM, LEFT, 100, 90),
              *cells_text(first, xs, ys1, align_right={1}, bold_rows={0}),
              graphics=tuple(ruled(xs, ys1)))
    p2 = page(2, *cells_text(second, xs, ys2, align_right={1}, bold_rows={0}),
              glyphs("Bron: COA", LEFT, ys2[-1] + 12, size=8),
              *text_lines(LOREM, LEFT, ys2[-1] + 40, 90), graphics=tuple(ruled(xs, ys2)))
    _, blocks = blocks_of(p1, p2)
    (table,) = tables_of(blocks)
    assert table.pages == (1, 2) and table.table.pages == (1, 2)
    assert table.rows == tuple(tuple(r) for r in first + second[1:])  # header once
    assert table.table.header_rows == 1 and table.table.source == "Bron: COA"
    assert (table.text.index("Gemeente 8"), 2) in table.page_starts


def test_a_table_cut_by_the_page_break_keeps_its_open_last_row_and_its_rest():
    """The page break cuts the last row: no rule closes it, the column rules run on to the
    foot of the page, and the row's last cell goes on over the break, in a row without label
    on the next page (as weasyprint breaks a table)."""
    xs = [LEFT, 250.0, 330.0, 450.0]
    header = ["Land", "Aanvragen", "Stand"]
    first = [header] + [[f"Land {i}", f"{i}.000", "goed"] for i in range(1, 6)]
    first.append(["Moldavië", "530", ""])
    ys1 = [600.0 + 16 * i for i in range(len(first))] + [600.0 + 16 * len(first) - 3]
    rules = [g for g in ruled(xs, ys1) if not (g.top == g.bottom == ys1[-1])]  # open foot
    second = [header, ["", "", "visumvrij"], ["Albanië", "520", "goed"]]
    ys2 = [72.0 + 16 * i for i in range(len(second) + 1)]
    p1 = page(1, *text_lines(LOREM, LEFT, 100, 90),
              *cells_text(first, xs, ys1, bold_rows={0}), graphics=tuple(rules))
    p2 = page(2, *cells_text(second, xs, ys2, bold_rows={0}),
              *text_lines(LOREM, LEFT, ys2[-1] + 40, 90), graphics=tuple(ruled(xs, ys2)))
    _, blocks = blocks_of(p1, p2)
    (table,) = tables_of(blocks)
    assert table.table.ruled and table.pages == (1, 2)
    assert table.rows[-2:] == (("Moldavië", "530", "visumvrij"), ("Albanië", "520", "goed"))


def test_two_tables_one_after_the_other_stay_two():
    xs = [LEFT, 250.0, 330.0]
    a = [["WSTG-ID", "Configuration"], ["CONF-01", "Test"], ["CONF-02", "Test"]]
    b = [["WSTG-ID", "Identity"], ["IDNT-01", "Test"], ["IDNT-02", "Test"]]
    ys1 = [300.0 + 16 * i for i in range(4)]
    ys2 = [380.0 + 16 * i for i in range(4)]
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *cells_text(a, xs, ys1, bold_rows={0}),
             *cells_text(b, xs, ys2, bold_rows={0}),
             graphics=(*ruled(xs, ys1), *ruled(xs, ys2)))
    _, blocks = blocks_of(p)
    assert [len(t.rows) for t in tables_of(blocks)] == [3, 3]


@pytest.mark.parametrize(("text", "number"), [
    ("31.200", True), ("24 m²", True), ("19% (n = 63)", True), ("403.000*", True),
    ("-", True), ("€ 1,2 mln", True), ("Totaal", False), ("Gedwongen vertrek", False),
    ("2.24 Op 17 augustus", False)])
def test_numbers_as_tables_print_them(text, number):
    assert is_number(text) is number


# --- a real PDF: reportlab's Table with merged cells ---------------------------------------


def test_a_reportlab_table_with_merged_cells(tmp_path: Path):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from converter.pipeline import convert

    data = [["Locatietype", "Capaciteit", "", "Bezetting", ""],
            ["", "2021", "2022", "2021", "2022"],
            ["Asielzoekerscentrum", "31.200", "33.850", "30.980", "34.210"],
            ["Crisisnoodopvang", "", "4.120", "", "3.980"],
            ["Totaal", "34.150", "49.030", "33.640", "48.670"]]
    table = Table(data)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("SPAN", (1, 0), (2, 0)), ("SPAN", (3, 0), (4, 0)), ("SPAN", (0, 0), (0, 1)),
        ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#e6e6e6")),
        ("ALIGN", (1, 2), (-1, -1), "RIGHT"),
    ]))
    styles = getSampleStyleSheet()
    story = [Paragraph(LOREM, styles["BodyText"]),
             Paragraph("Tabel 3.1 Capaciteit en bezetting van de opvang", styles["BodyText"]),
             table, Paragraph("Bron: COA", styles["BodyText"]),
             Paragraph(LOREM, styles["BodyText"])]
    pdf = tmp_path / "tabel.pdf"
    SimpleDocTemplate(str(pdf), pagesize=A4).build(story)
    document = convert(pdf, jobs=1, link=False)
    (paragraph,) = [p for p in document.paragraphs if p.kind == "table"]
    assert paragraph.rows == tuple(tuple(r) for r in data)
    spans = {(c.row, c.column): (c.rowspan, c.colspan) for c in paragraph.table.cells
             if c.rowspan > 1 or c.colspan > 1}
    assert spans == {(0, 0): (2, 1), (0, 1): (1, 2), (0, 3): (1, 2)}
    assert paragraph.table.header_rows == 2
    assert paragraph.table.caption == "Tabel 3.1 Capaciteit en bezetting van de opvang"
    assert paragraph.table.source == "Bron: COA"


# --- render: an HTML table that keeps the structure ----------------------------------------


def test_a_table_renders_as_html_with_its_spans_markers_citations_and_page_start():
    import markdown
    from bs4 import BeautifulSoup

    from converter.model import (
        Document,
        Footnote,
        FootnoteMark,
        Occurrence,
        PageInfo,
        Paragraph,
        Reference,
        Section,
        Source,
        Table,
        TableCell,
        table_text,
    )
    from converter.render import document_to_markdown

    rows = (("Locatietype", "Capaciteit", "", "Bezetting", ""),
            ("", "2021", "2022", "2021", "2022"),
            ("Crisisnoodopvang", "", "4.120", "", "<b>*x*</b> | pijp"),
            ("Zie Kamerstukken II 2022/23, 19 637, nr. 3016", "34.150", "49.030", "33.640",
             "48.670"))
    spans = {(0, 0): (2, 1), (0, 1): (1, 2), (0, 3): (1, 2)}
    covered = {(1, 0), (0, 2), (0, 4)}
    cells = tuple(TableCell(r, c, text, *spans.get((r, c), (1, 1)), header=r < 2)
                  for r, row in enumerate(rows) for c, text in enumerate(row)
                  if (r, c) not in covered)
    table = Table(cells, 4, 5, header_rows=2, ruled=True,
                  numeric=(False, True, True, True, True),
                  caption="Tabel 3.1 Capaciteit [x](javascript:y)", source="Bron: COA",
                  pages=(8, 9))
    text, starts = table_text(rows)
    mark = FootnoteMark(starts[(2, 0)] + len("Crisisnoodopvang"), "26", 8, "26")
    cited = "Kamerstukken II 2022/23, 19 637, nr. 3016"
    at = text.index(cited)
    occurrence = Occurrence("ref-kst-19637-3016-1", "p8-2", None, 8, at, at + len(cited), cited)
    reference = Reference("kamerstuk", "kst-19637-3016", cited,
                          "https://zoek.officielebekendmakingen.nl/kst-19637-3016.html",
                          (occurrence,))
    paragraph = Paragraph("p8-2", "s3", 8, (8, 9), "table", text, (mark,), "r/h3/#p8-2",
                          rows=rows, page_starts=((starts[(3, 0)], 9),), table=table)
    document = Document(
        "Rapport", "r", Source("r.pdf", 9, "0" * 64),
        tuple(PageInfo(n, str(n), f"page-{n}", f"r/h3/#page-{n}") for n in (8, 9)),
        (Section("s3", 1, "3", "Opvang", 8, "r/h3/#s3", "h3.md"),), (paragraph,),
        (Footnote("26", "fn:26", 8, "Noot.", "p8-2", "r/h3/#fn:26"),), (reference,))
    page = document_to_markdown(document)["h3.md"]
    html = markdown.markdown(page.split("---", 2)[2],
                             extensions=["attr_list", "footnotes", "abbr", "tables",
                                         "md_in_html"])
    soup = BeautifulSoup(html, "html.parser")
    block = soup.find(id="p8-2")
    grid = block.find("table", class_="bl-grid")
    head = [[(c.name, c.get_text(), c.get("scope"), c.get("rowspan"), c.get("colspan"))
             for c in tr.find_all(["th", "td"])] for tr in grid.thead.find_all("tr")]
    assert head == [[("th", "Locatietype", "col", "2", None),
                     ("th", "Capaciteit", "colgroup", None, "2"),
                     ("th", "Bezetting", "colgroup", None, "2")],
                    [("th", "2021", "col", None, None), ("th", "2022", "col", None, None),
                     ("th", "2021", "col", None, None), ("th", "2022", "col", None, None)]]
    body = grid.tbody.find_all("tr")
    first = body[0].find_all(["th", "td"])
    assert [c.get_text() for c in first][1:] == ["", "4.120", "", "<b>*x*</b> | pijp"]
    assert first[0].name == "th" and first[0].get("scope") == "row"  # labels its row
    assert first[0].find("a", class_="footnote-ref")  # the marker, in its cell
    assert "bl-num" in first[2]["class"]
    assert not grid.find("b") and not grid.find("em")  # text stays text
    link = body[1].find("a", class_="bl-ref")
    assert link["id"] == "ref-kst-19637-3016-1" and link.get_text() == cited
    assert body[1].find(class_="bl-page")["id"] == "page-9"  # the table goes on on page 9
    scroll = block.find(class_="bl-table-scroll")
    assert scroll["tabindex"] == "0" and scroll["aria-labelledby"] == "p8-2-caption"
    assert block.find(id="p8-2-caption").get_text() == "Tabel 3.1 Capaciteit [x](javascript:y)"
    assert not block.find("a", href="javascript:y")
    assert block.find(class_="bl-table-source").get_text() == "Bron: COA"


# --- unruled tables as Word sets them ------------------------------------------------------


def _row(cells: list[tuple[str, float]], baseline: float, size: float = 9.0,
         bold: bool = False) -> list:
    """Glyphs of one row: (text, x) per cell; a space is a quarter of the size wide, as in
    real fonts, so that only the white between cells is wider."""
    out = []
    for text, x in cells:
        cursor = x
        for word in text.split(" "):
            out += glyphs(word, cursor, baseline, size=size, bold=bold)
            cursor += len(word) * 0.5 * size + 0.25 * size
    return [[c for c in out]]


def test_cells_set_closer_than_a_column_gap_are_parted_where_other_rows_part():
    """'196 (11.9%) 265 (16.0%)': two cells 12 pt apart, less than a column gap, parted
    where the rows with a tab between those cells part."""
    rows = [[("Helemaal mee oneens", LEFT), ("21 (1.3%)", 200), ("75 (4.5%)", 290),
             ("72 (4.4%)", 380)],
            [("Oneens", LEFT), ("28 (1.7%)", 200), ("152 (9.2%)", 285), ("158 (9.6%)", 375)],
            [("Neutraal", LEFT), ("196 (11.9%)", 240 - 51.75), ("265 (16.0%)", 246),
             ("218 (13.2%)", 370)]]
    runs = [run for r, row in enumerate(rows) for run in _row(row, 300 + 14 * r)]
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *runs, *text_lines(LOREM, LEFT, 400, 90))
    lines = page_lines(p).lines
    neutraal = next(line for line in lines if line.text.startswith("Neutraal"))
    assert "\t" not in neutraal.text.split("\t", 1)[1].split("265")[0]  # one part in layout
    _, blocks = blocks_of(p)
    (table,) = tables_of(blocks)
    assert table.rows[2] == ("Neutraal", "196 (11.9%)", "265 (16.0%)", "218 (13.2%)")


def test_header_cells_aligned_to_their_foot_and_a_label_over_its_rows():
    """Header cells of two and three lines end on one baseline, so their first lines stand
    alone above the first row; a bold label of the first column heads the rows under it."""
    runs = [glyphs("Ik loop", 200, 280, size=9), glyphs("risico op", 200, 291, size=9),
            glyphs("Ik vind", 300, 291, size=9),
            glyphs("besmetting", 200, 302, size=9), glyphs("het erg", 300, 302, size=9),
            glyphs("Geslacht", LEFT, 318, size=9, bold=True)]
    for r, (label, a, b) in enumerate([("Man", "102 (6.2%)", "63 (3.8%)"),
                                       ("Vrouw", "198 (12.0%)", "152 (9.2%)")]):
        y = 332 + 14 * r
        runs += [glyphs(label, LEFT, y, size=9), glyphs(a, 245 - len(a) * 4.5, y, size=9),
                 glyphs(b, 345 - len(b) * 4.5, y, size=9)]
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *runs, *text_lines(LOREM, LEFT, 420, 90))
    _, blocks = blocks_of(p)
    (table,) = tables_of(blocks)
    assert table.rows == (("", "Ik loop risico op besmetting", "Ik vind het erg"),
                          ("Geslacht", "", ""),
                          ("Man", "102 (6.2%)", "63 (3.8%)"),
                          ("Vrouw", "198 (12.0%)", "152 (9.2%)"))
    assert table.table.header_rows == 1


def test_a_label_over_several_lines_beside_its_figures_is_one_row():
    """Figures set in the middle of a row whose label wraps over three lines."""
    runs = [glyphs("Gebruikers", 260, 280, size=9, bold=True),
            glyphs("Niet gebruikers", 340, 280, size=9, bold=True)]
    y = 298.0
    for label, a, b in [(("... 1,5 meter afstand te", "houden van mensen", "buiten mijn huis"),
                         "228 (71.0%)", "659 (62.5%)"),
                        (("... drukke plekken te", "vermijden"), "238 (74.1%)", "691 (65.6%)")]:
        for k, part in enumerate(label):
            runs.append(glyphs(part, LEFT, y + 11 * k, size=9))
        middle = y + 11 * (len(label) - 1) / 2
        runs += [glyphs(a, 310 - len(a) * 4.5, middle, size=9),
                 glyphs(b, 410 - len(b) * 4.5, middle, size=9)]
        y += 11 * len(label) + 6
    for label, a, b in [("Totaal", "321 (100.0%)", "1054 (100.0%)"),
                        ("Onbekend", "12 (3.7%)", "40 (3.8%)")]:
        runs += [glyphs(label, LEFT, y, size=9), glyphs(a, 310 - len(a) * 4.5, y, size=9),
                 glyphs(b, 410 - len(b) * 4.5, y, size=9)]
        y += 17
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *runs, *text_lines(LOREM, LEFT, 420, 90))
    _, blocks = blocks_of(p)
    (table,) = tables_of(blocks)
    assert table.rows[1:3] == (
        ("... 1,5 meter afstand te houden van mensen buiten mijn huis", "228 (71.0%)",
         "659 (62.5%)"),
        ("... drukke plekken te vermijden", "238 (74.1%)", "691 (65.6%)"))


def test_rows_in_turn_tinted_decide_which_lines_are_one_row_and_an_empty_row_goes_on():
    """Zebra rows (a tint per cell, Word's padding tinted apart): a label wrapped in its
    tint is one row, and an empty tinted row between groups does not end the table."""
    tint = 0xEBF2FF
    graphics, runs = [], []
    rows = [("Door de dichtstbijzijnde stemlocatie op de", "87%", "74%", 2),
            ("Via sociale media", "80%", "73%", 1), ("", "", "", 1),
            ("Anders", "0%", "6%", 1), ("Totaal", "100%", "100%", 1)]
    top = 300.0
    for r, (label, a, b, height) in enumerate(rows):
        bottom = top + 15 * height
        if r % 2 == 0:
            for x0, x1 in ((LEFT - 3, 330), (330, 400), (400, 470)):
                graphics.append(Graphic("rect", x0, x1, top, bottom, fill=tint))
                graphics.append(Graphic("rect", x0 + 3, x1 - 3, top + 1.5, bottom - 1.5,
                                        fill=tint))
        if label:
            runs.append(glyphs(label, LEFT, top + 11, size=9))
            runs += [glyphs(a, 390 - len(a) * 4.5, top + 11, size=9),
                     glyphs(b, 460 - len(b) * 4.5, top + 11, size=9)]
        if height == 2:
            runs.append(glyphs("stempas vermelden", LEFT, top + 23, size=9))
        top = bottom + (10 if label == "" else 0)  # an empty row, a little higher
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *runs, *text_lines(LOREM, LEFT, 560, 90),
             graphics=tuple(graphics))
    _, blocks = blocks_of(p)
    (table,) = tables_of(blocks)
    assert table.rows == (
        ("Door de dichtstbijzijnde stemlocatie op de stempas vermelden", "87%", "74%"),
        ("Via sociale media", "80%", "73%"), ("Anders", "0%", "6%"),
        ("Totaal", "100%", "100%"))


def test_a_code_listing_in_a_frame_is_no_table():
    """Evenly spaced text (a monospaced listing) has no cells, however its words line up."""
    listing = ["Not valid before: Jul 27 10:10:33 2020 GMT",
               "Not valid after:  Jul 27 10:10:33 2021 GMT",
               "Signature Algorithm: sha256WithRSAEncryption"]
    runs = []
    for i, text in enumerate(listing):
        x = LEFT
        for word in text.split(" "):
            if word:
                runs.append(glyphs(word, x, 300 + 11 * i, size=9))
            x += (len(word) + 1) * 0.6 * 9
    frame = (Graphic("rect", LEFT - 4, 520, 288, 340, stroke=0, width=0.5),)
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *runs, graphics=frame)
    _, blocks = blocks_of(p)
    assert not tables_of(blocks)


def test_tables_in_both_columns_keep_the_gutter_open():
    """A ruled table at the head of each column, text under the first only: the two
    tables' rows stand beside each other, so the gutter between them is open and each
    column reads on its own."""
    left = [["Gemeente", "Inwoners"]] + [[f"Plaats {i}", f"{i}.000"] for i in range(1, 16)]
    right = [["Onderwerp", "2022"]] + [[f"Cijfer {i}", f"{i}00"] for i in range(1, 6)]
    xs_l, xs_r = [LEFT, 200.0, 280.0], [320.0, 450.0, 520.0]
    ys_l = [72.0 + 14 * i for i in range(len(left) + 1)]
    ys_r = [84.0 + 14 * i for i in range(len(right) + 1)]
    text_l = text_lines(LOREM, LEFT, ys_l[-1] + 30, 40, leading=11, size=9)
    p = page(1, *cells_text(left, xs_l, ys_l, bold_rows={0}),
             *cells_text(right, xs_r, ys_r, bold_rows={0}), *text_l,
             graphics=(*ruled(xs_l, ys_l), *ruled(xs_r, ys_r)))
    lines = page_lines(p)
    assert lines.columns and len(lines.columns[0].gutters) == 1
    _, blocks = blocks_of(p)
    kinds = [(b.kind, b.rows[0][0] if b.rows else b.text[:12]) for b in blocks]
    assert kinds.index(("table", "Gemeente")) < kinds.index(("table", "Onderwerp"))
    left_text = next(i for i, (kind, _) in enumerate(kinds) if kind == "paragraph")
    assert left_text < kinds.index(("table", "Onderwerp"))  # the left column reads first


def test_a_header_band_without_inner_borders_keeps_its_columns():
    """The header row drawn as one band (no border between its labels) over a ruled body:
    its labels stand in the columns under them, so they are the cells of those columns."""
    xs, ys = [LEFT, 160.0, 400.0], [300.0 + 16 * i for i in range(5)]
    rules = ruled(xs, ys, missing={("v", 1, 0)})
    band = Graphic("rect", LEFT, 400, ys[0], ys[1], fill=0xE2632E)
    runs = [glyphs("Abbreviation/Term", LEFT + 3, ys[0] + 11, size=8),
            glyphs("Definition", 163, ys[0] + 11, size=8)]
    runs += cells_text([[], ["AES", "Advanced Encryption Standard"], ["API", "Application"],
                        ["BLE", "Bluetooth Low Energy"]], xs, ys)
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *runs, graphics=(band, *rules))
    _, blocks = blocks_of(p)
    (table,) = tables_of(blocks)
    assert table.rows[0] == ("Abbreviation/Term", "Definition")
    assert all(c.colspan == 1 for c in table.table.cells)


def test_one_drawing_over_two_tables_is_no_figure():
    """Two ruled tables with tinted rows and a sentence between them make one drawing for
    the figure finder; all it draws stands in the tables, so it is no figure."""
    xs = [LEFT, 200.0, 400.0]
    graphics, runs = [], []
    for top, tinted in ((300.0, (1, 3)), (384.0, (0, 2))):
        ys = [top + 16 * i for i in range(5)]
        graphics += ruled(xs, ys)
        graphics += [Graphic("rect", LEFT, 400, ys[r], ys[r + 1], fill=0xE2632E)
                     for r in tinted]  # rows tinted in a clear colour: ink, close together
        runs += cells_text([["ID", "Type"], ["NLC-1", "Privacy"], ["NLC-2", "Crypto"],
                            ["NLC-3", "Auth"]], xs, ys)
    runs.append(glyphs("The table below gives the findings.", LEFT, 377, size=8))
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *runs, graphics=tuple(graphics))
    layouts, blocks = blocks_of(p)
    assert not layouts[0].figures and not [b for b in blocks if b.kind == "figure"]
    assert [len(t.rows) for t in tables_of(blocks)] == [4, 4]


def test_a_table_at_the_head_of_the_next_page_under_a_header_of_its_own_is_another():
    """Page 2 opens with a table whose first row names its columns as the one on page 1
    does, but with other things (and not set in bold): another table, not a continuation."""
    xs = [LEFT, 200.0, 400.0]
    first = [["WSTG-ID", "Business Logic Testing"]] + [[f"BUSL-0{i}", "Test"] for i in range(5)]
    second = [["WSTG-ID", "Client Side Testing"]] + [[f"CLNT-0{i}", "Test"] for i in range(5)]
    ys1 = [650.0 + 16 * i for i in range(len(first) + 1)]
    ys2 = [72.0 + 16 * i for i in range(len(second) + 1)]
    p1 = page(1, *text_lines(LOREM, LEFT, 100, 90),
              *cells_text(first, xs, ys1, bold_rows={0}), graphics=tuple(ruled(xs, ys1)))
    p2 = page(2, *cells_text(second, xs, ys2), *text_lines(LOREM, LEFT, 300, 90),
              graphics=tuple(ruled(xs, ys2)))
    _, blocks = blocks_of(p1, p2)
    assert [(t.page, len(t.rows)) for t in tables_of(blocks)] == [(1, 6), (2, 6)]


def test_a_caption_broken_over_a_page_break_is_the_table_s():
    """The caption's last word is hyphenated at the foot of page 1, and goes on over the
    table at the head of page 2, in its own bold type (which is no heading there)."""
    xs = [LEFT, 250.0, 330.0]
    rows = [["Gemeente", "Inwoners"], ["Amsterdam", "883.000"], ["Rotterdam", "655.000"]]
    ys = [90.0 + 16 * i for i in range(len(rows) + 1)]
    p1 = page(1, *text_lines(LOREM, LEFT, 100, 90),
              glyphs("Tabel 4.2 Taakstelling en realisatie huisves-", LEFT, 690,
                     bold=True, hyphen_last=True))
    p2 = page(2, glyphs("ting vergunninghouders, 2023", LEFT, 80, bold=True),
              *cells_text(rows, xs, ys, align_right={1}, bold_rows={0}),
              *text_lines(LOREM, LEFT, 200, 90), graphics=tuple(ruled(xs, ys)))
    _, blocks = blocks_of(p1, p2)
    (table,) = tables_of(blocks)
    assert table.table.caption == "Tabel 4.2 Taakstelling en realisatie huisvesting " \
                                  "vergunninghouders, 2023"
    assert not any(b.kind == "heading" for b in blocks)


# --- announced but not recovered -----------------------------------------------------------


def _announced_table(marks: int, caption: str = "Tabel 9.7 Voorinlevering van kandidatenlijsten"):
    """A caption, then rows in columns under it with `marks` small drawn arrows among them
    (more than a grid may hold make the rows look like a chart's labels), then running
    text."""
    rows = [[("Klein", 200), ("Groot", 290), ("Totaal", 380)],
            [("Nee", LEFT), ("2% (n = 1)", 200), ("0%", 290), ("<1%", 380)],
            [("Ja", LEFT), ("98%", 200), ("100%", 290), (">99%", 380)],
            [("Hoeveel dagen", LEFT + 30), ("4,8", 200), ("7,3", 290), ("5,5", 380)]]
    runs = [run for r, row in enumerate(rows) for run in _row(row, 300 + 16 * r)]
    arrows = tuple(Graphic("curve", LEFT + 4 + 8 * i, LEFT + 10 + 8 * i, 330, 350, stroke=0,
                           width=0.6) for i in range(marks))
    return page(1, *text_lines(LOREM, LEFT, 100, 90), glyphs(caption, LEFT, 280),
                *runs, *text_lines(LOREM, LEFT, 380, 90), graphics=arrows)


def test_a_table_announced_and_set_in_columns_but_not_recovered_is_shown_as_its_picture():
    (layout,), blocks = blocks_of(_announced_table(marks=4))
    assert not tables_of(blocks)  # the arrows make it look like a chart's labels
    (region,) = layout.figures
    assert region.table and [line.plain_text for line in region.caption] == [
        "Tabel 9.7 Voorinlevering van kandidatenlijsten"]
    (figure,) = [b for b in blocks if b.kind == "figure"]
    assert figure.text.startswith("Tabel 9.7")
    assert figure.figure.table_lines == ("Klein\tGroot\tTotaal", "Nee\t2% (n = 1)\t0%\t<1%",
                                         "Ja\t98%\t100%\t>99%", "Hoeveel dagen\t4,8\t7,3\t5,5")
    body = " ".join(b.text for b in blocks if b.kind != "figure")
    assert "98%" not in body and body.startswith("Het aantal")
    assert any(b.text.startswith("Het aantal") for b in blocks[blocks.index(figure) + 1:])


def test_a_recovered_table_and_a_caption_over_text_are_no_pictures():
    (layout,), blocks = blocks_of(_announced_table(marks=1))  # one arrow: a table
    assert tables_of(blocks) and not layout.figures
    lone = page(1, glyphs("Tabel 2.1 staat in de bijlage.", LEFT, 280),
                *text_lines(LOREM, LEFT, 300, 90))
    (layout,), _ = blocks_of(lone)
    assert not layout.figures
