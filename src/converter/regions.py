"""Page geometry: every page split into body, footnotes and furniture, column by column.

This stage needs the whole document: running headers and footers are found by repetition
(`furniture`), and the body size and leading that note areas are measured against are the
document's. Each column's note area is its own (`notes`), so a two-column page keeps the notes
of each column with it, and a note area needs evidence, not only small type.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from . import boxes, figures, furniture, notes, tables
from .columns import sidebar_columns
from .model import Line, PageLayout, PageLines


@dataclass(frozen=True, slots=True)
class RegionSettings:
    furniture: furniture.FurnitureSettings = field(default_factory=furniture.FurnitureSettings)
    figures: figures.FigureSettings = field(default_factory=figures.FigureSettings)
    boxes: boxes.BoxSettings = field(default_factory=boxes.BoxSettings)
    notes: notes.NoteSettings = field(default_factory=notes.NoteSettings)
    tables: tables.TableSettings = field(default_factory=tables.TableSettings)


DEFAULT = RegionSettings()


def document_leading(lines: Sequence[Line], size: float) -> float:
    """The usual baseline step between consecutive lines of body text."""
    steps: Counter[float] = Counter()
    for a, b in itertools.pairwise(lines):
        if a.column == b.column and abs(a.size - size) < 0.3 and abs(b.size - size) < 0.3:
            steps[round(b.baseline - a.baseline, 0)] += 1
    positive = [step for step, _ in steps.most_common() if step > 0.5 * size]
    return positive[0] if positive else 1.2 * size


def pages_to_layouts(pages: Sequence[PageLines], s: RegionSettings = DEFAULT
                     ) -> list[PageLayout]:
    """Split every page into body, footnotes and furniture, and read printed page labels."""
    size = furniture.body_size(line for page in pages for line in page.lines)
    leading = document_leading([line for page in pages for line in page.lines], size)
    keys = furniture.running_furniture_keys(pages, size, s.furniture)
    echoed = furniture.heading_echoes(pages, size, s.furniture)
    offset = furniture.label_offset(pages, keys, s.furniture)
    logos = figures.logo_places(pages, s.figures)
    namer = boxes.BoxNamer()
    layouts = []
    last_note: int | None = None  # the number of the last note printed so far
    carry = False  # the column read last printed notes: its last note may go on
    for page in pages:
        furniture_lines, rest = [], []
        sidebars = sidebar_columns(page.columns)
        # a ruled table's lines are neither furniture nor notes, whatever their type
        cell_lines = [line for line in page.lines if line.cell]
        for line in page.lines:
            if line.cell:
                continue
            # a sidebar beside the text holds a letter's sender details, not its text
            (furniture_lines if line.column in sidebars
             or furniture.is_furniture(line, page, keys, s.furniture, echoed)
             else rest).append(line)
        apart = furniture.address_blocks(rest)
        if page is pages[0]:
            apart += furniture.masthead(rest, page.graphics, page.height)
        if apart:
            ids = {id(line) for line in apart}
            furniture_lines.extend(apart)
            rest = [line for line in rest if id(line) not in ids]
        found = figures.page_figures(rest, tables.drawings_outside(page.drawings, page.grids),
                                     size, page.height, logos, s.figures)
        if found:
            ids = {id(line) for f in found for line in (*f.labels, *f.caption, *f.source)}
            rest = [line for line in rest if id(line) not in ids]
        framed = boxes.page_boxes(rest, page.graphics, size, page.width, page.height, s.boxes)
        if framed:
            names = namer.name(page.number, framed, page.height)
            framed = [replace(box, id=name) for box, name in zip(framed, names, strict=True)]
            rest = boxes.mark_lines(rest, framed, names)
        rules = notes.separator_rules(page.graphics, size, s.notes)
        markers = notes.page_markers(rest)
        body: list[Line] = []
        footnotes: list[Line] = []
        page_notes = False
        for _, column in itertools.groupby(rest, key=lambda line: line.column):
            lines, tail = furniture.colophon_tail(list(column), size, page.height,
                                                  s.notes.note_size, rules, carry,
                                                  s.furniture, page.width, page.graphics)
            furniture_lines.extend(tail)
            area = notes.split_note_area(lines, rules, size, leading, markers, last_note,
                                         carry, s.notes)
            body.extend(area.body)
            footnotes.extend(area.notes)
            numbers = [int(n) for line in area.notes
                       if (n := notes.footnote_number(line)) is not None]
            if numbers:
                last_note = numbers[-1]
            if area.notes:
                page_notes = carry = True
        carry = page_notes
        regions, body = tables.find_tables(page.number, body, cell_lines, page.grids,
                                           page.graphics, size, s.tables)
        lost, body = tables.unrecovered_tables(body, regions, size, s.tables)
        found = [*found, *lost]
        layouts.append(PageLayout(
            number=page.number, width=page.width, height=page.height,
            label=furniture.page_label(furniture_lines, page.number, offset),
            body=tuple(body), footnotes=tuple(footnotes), furniture=tuple(furniture_lines),
            columns=page.columns, graphics=page.graphics,
            figures=tuple(sorted(found, key=lambda f: (f.column, f.box[1]))),
            boxes=tuple(framed), tables=regions,
        ))
    return layouts
