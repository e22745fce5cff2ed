"""The document model: every stage takes and returns these frozen dataclasses.

The pipeline reads top to bottom in this file:
Char -> Line -> PageLayout -> Block -> (Section, Paragraph, Footnote) -> Document.
Only `render` turns the model into JSON or Markdown; only `extract` touches a PDF library.

Coordinates are PDF points with the origin at the top-left of the page (``top`` grows
downwards), so "above" and "below" read naturally in the layout code.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from operator import attrgetter
from typing import Literal, NamedTuple

# --- extraction -------------------------------------------------------------------------


class Char(NamedTuple):
    """One glyph as the PDF places it, or a word piece: glyphs one text object draws in a row
    on one baseline, which behave as one (see `extract`). Style weights count characters.

    The one record that is not a dataclass: a report has millions of glyphs, and a frozen
    dataclass costs ~4 µs each to build (object.__setattr__ per field), a NamedTuple ~1 µs.
    It is just as immutable and typed.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float  # y of the glyph origin, text rise included
    size: float  # effective size in points (font size times text-matrix scale)
    font: str
    bold: bool
    hyphen: bool = False  # the typesetter marked this as a line-end (soft) hyphen
    space: bool = False  # a space follows (folded in by extraction: it needs no box of its own)
    italic: bool = False  # an italic or oblique font


GraphicKind = Literal["image", "rect", "line", "curve"]
NO_COLOUR = -1


class Graphic(NamedTuple):
    """Something drawn that is not text: an image, or a path as a rectangle, a straight line
    or a curve (any other shape, kept as its bounding box).

    A NamedTuple for the same reason as `Char`: a page of a Word table holds thousands.
    Colours are 0xRRGGBB, or `NO_COLOUR` where the shape is not filled (or not stroked).
    """

    kind: GraphicKind
    x0: float
    x1: float
    top: float
    bottom: float
    fill: int = NO_COLOUR
    stroke: int = NO_COLOUR
    width: float = 0.0  # stroke width
    ident: int = 0  # images: a fingerprint of the picture (its data's length and pixel size)

    @property
    def visible(self) -> bool:
        """Paints something a reader sees on white paper."""
        return self.kind == "image" or self.stroke not in (NO_COLOUR, 0xFFFFFF) or (
            self.fill not in (NO_COLOUR, 0xFFFFFF))


@dataclass(frozen=True, slots=True)
class PageChars:
    """All glyphs of one PDF page, in content-stream order, and what it draws besides."""

    number: int  # 1-based index of the page in the PDF
    width: float
    height: float
    chars: tuple[Char, ...]
    rotation: int = 0
    error: str = ""  # why the page could not be read; the document converts without it
    graphics: tuple[Graphic, ...] = ()


# --- columns ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnBand:
    """A stretch of a page (top to bottom) whose text runs in columns split at `gutters`."""

    top: float
    bottom: float
    gutters: tuple[float, ...]  # x of the middle of each gutter, left to right
    sidebar: bool = False  # the last column is a narrow stack of small print beside the text


# --- layout ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of a line in one style; `superscript` runs are footnote-marker candidates."""

    text: str
    size: float
    bold: bool
    superscript: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    runs: tuple[Run, ...]
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float  # dominant (most frequent by glyph count) non-superscript size
    bold: bool  # most glyphs are bold
    hyphenated: bool = False  # ends in a hyphen the typesetter put there to split a word
    column: int = 0  # reading-order index of the column it is in (see `columns.column_of`)
    frame: str = ""  # the id of the box ("kader") it stands in (see `boxes`)
    cell: tuple[int, int, int] = ()  # (grid, row, column) of the ruled table cell it is in
    # x-extents of its parts between column gaps (the "\t"s of its text), left to right
    segments: tuple[tuple[float, float], ...] = ()
    # word spaces too wide for running text: (offset of the space in `text`, x where the
    # word before it ends, x where the next begins); a tight table's cells part there
    gaps: tuple[tuple[int, float, float], ...] = ()
    # Derived from the runs once: every stage reads them, many times over.
    text: str = field(init=False, repr=False, compare=False)
    plain_text: str = field(init=False, repr=False, compare=False)  # superscript runs left out

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", "".join(r.text for r in self.runs))
        object.__setattr__(self, "plain_text",
                           "".join(r.text for r in self.runs if not r.superscript))

    @property
    def italic(self) -> bool:
        """Most of the line's text (markers aside) is set in italics."""
        body = [r for r in self.runs if not r.superscript]
        return sum(len(r.text) for r in body if r.italic) * 2 > sum(len(r.text) for r in body)


@dataclass(frozen=True, slots=True)
class Drawing:
    """Graphics that lie together and may make a figure (see `figures.page_drawings`)."""

    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    # its images: where each stands (rounded) and its picture's fingerprint
    images: tuple[tuple[tuple[float, float, float, float], int], ...] = ()
    shapes: tuple[tuple[float, float, float, float], ...] = ()  # its coloured rectangles
    # what it draws, for telling a repeated logo from charts that share a place: the kinds,
    # rounded boxes and colours of all its graphics
    fingerprint: int = 0


@dataclass(frozen=True, slots=True)
class RuledGrid:
    """A ruled table's cells as its drawn rules enclose them, found before lines are joined.

    `xs` and `ys` are the positions of its rules; `owner[r][c]` is the index in `cells` of the
    (possibly merged) cell that holds the elementary cell between xs[c]..xs[c+1] and
    ys[r]..ys[r+1]. Cells' text is empty here: glyphs are grouped into lines per cell."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    cells: tuple[TableCell, ...]
    owner: tuple[tuple[int, ...], ...]
    shading: tuple[int, ...] = ()  # per cell: its tint (0xRRGGBB) or NO_COLOUR; headers often
    # have a tint of their own

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


@dataclass(frozen=True, slots=True)
class PageLines:
    """A page after layout: its lines in reading order (column by column), its columns and
    what it draws. Glyphs are gone by now, so a long report's memory is bounded by a page."""

    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    columns: tuple[ColumnBand, ...] = ()
    graphics: tuple[Graphic, ...] = ()
    chars: int = 0  # how many glyphs (or word pieces) the page had
    error: str = ""
    drawings: tuple[Drawing, ...] = ()
    grids: tuple[RuledGrid, ...] = ()  # ruled tables; lines inside them carry `Line.cell`


# --- page geometry ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BoxRegion:
    """A box as the geometry stage finds it: its rectangle, title lines and text lines."""

    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    title: tuple[Line, ...]
    lines: tuple[Line, ...]
    column: int
    id: str = ""  # "kader-2-1"; a box that runs on into the next column keeps its id


@dataclass(frozen=True, slots=True)
class FigureRegion:
    """A figure as the geometry stage finds it: the drawing's box (its labels included) and
    the lines that belong to it, taken out of the body."""

    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    raster: bool
    labels: tuple[Line, ...]  # text inside the drawing and around it (ticks, legend)
    caption: tuple[Line, ...]
    source: tuple[Line, ...]
    column: int  # the column it stands in, for the reading order
    # a table the page announces and sets in columns whose cells no finder recovered: shown
    # as its picture, its lines (`labels`) as text under it (`tables.unrecovered_tables`)
    table: bool = False


Zone = Literal["body", "footnotes", "furniture"]


@dataclass(frozen=True, slots=True)
class PageLayout:
    """A page split into zones; furniture is kept so tests can see what was removed."""

    number: int
    width: float
    height: float
    label: str | None  # printed page number, from the running footer/header
    body: tuple[Line, ...]
    footnotes: tuple[Line, ...]
    furniture: tuple[Line, ...]
    columns: tuple[ColumnBand, ...] = ()
    graphics: tuple[Graphic, ...] = ()
    figures: tuple[FigureRegion, ...] = ()  # in reading order, their lines not in `body`
    boxes: tuple[BoxRegion, ...] = ()  # their text lines in `body`, marked, titles not
    tables: tuple[TableRegion, ...] = ()  # table regions; their lines are not in `body`


# --- tables, figures, boxes ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableCell:
    """One cell of a table's grid; a merged cell spans rows or columns from (row, column)."""

    row: int
    column: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table's structure. Its cells' text, row by row, is the block's `rows` grid (a merged
    cell's text at its first row and column, "" where it spans), and `table_text(rows)` the
    text that markers and citations in cells are offsets into."""

    cells: tuple[TableCell, ...]
    rows: int
    columns: int
    header_rows: int = 0
    ruled: bool = False  # found from drawn rules (else from the alignment of its text)
    numeric: tuple[bool, ...] = ()  # per column: holds numbers (shown right-aligned)
    caption: str = ""  # "Tabel 3.1 …"
    source: str = ""  # "Bron: CBS"
    pages: tuple[int, ...] = ()  # a table continued on the next page is one table

    def grid(self) -> tuple[tuple[str, ...], ...]:
        """Cell text by row and column: merged cells at their first position."""
        grid = [[""] * self.columns for _ in range(self.rows)]
        for cell in self.cells:
            grid[cell.row][cell.column] = cell.text
        return tuple(tuple(row) for row in grid)


@dataclass(frozen=True, slots=True)
class TableRegion:
    """A table found on a page: where it is, its structure, and the lines of each cell
    (`lines[i]` belongs to `table.cells[i]`; blocks turns them into the cells' text)."""

    page: int
    column: int  # reading-order index of the column it stands in
    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    table: Table
    lines: tuple[tuple[Line, ...], ...]
    cell_boxes: tuple[tuple[float, float, float, float], ...] = ()  # per cell, where ruled


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart, diagram or picture: a region of images and drawing with the text inside it."""

    box: tuple[float, float, float, float]  # x0, top, x1, bottom on its page
    caption: str = ""  # "Figuur 2.1 …"
    source: str = ""  # "Bron: CBS"
    labels: tuple[str, ...] = ()  # the text inside it: axes, ticks, legend, data labels
    raster: bool = False  # holds an image (a photo, a scanned chart)
    # a table whose rows and cells were not recovered: its lines as the PDF sets them, parts
    # apart by a tab, shown under its picture (and listed in the quality report)
    table_lines: tuple[str, ...] = ()
    # its picture in the report folder is named by its paragraph's id: anchors.figure_file


# --- blocks -----------------------------------------------------------------------------

BlockKind = Literal["paragraph", "list_item", "caption", "table", "heading", "figure"]


@dataclass(frozen=True, slots=True)
class FootnoteMark:
    """A footnote reference at `offset` characters into the text it belongs to."""

    offset: int
    number: str  # as printed
    page: int = 0  # the PDF page the marker is printed on
    label: str = ""  # the label of the note it cites, once resolved ("" if none was found)
    glyph: str = ""  # its character when the PDF wrote a superscript one ("²"): text again
    # if it cites no note ("X²")


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    text: str  # plain text, markers removed, hyphenation undone
    page: int  # page where the block starts
    pages: tuple[int, ...]
    marks: tuple[FootnoteMark, ...] = ()
    size: float = 0.0
    bold: bool = False
    level: int = 0  # headings: 1 = chapter
    number: str = ""  # headings: "2.1"; list items: "•", "a."
    rows: tuple[tuple[str, ...], ...] = ()  # tables whose columns could be recovered
    page_starts: tuple[tuple[int, int], ...] = ()  # (offset in text, page) where a page begins
    x0: float = 0.0  # left edge of the first line, for contents matching
    # how far the first line stands in from its column's left edge (or its box's): list
    # nesting, the same in either column and on odd and even pages
    indent: float = 0.0
    italic: bool = False  # most of the text is set in italics
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # x0, top, x1, bottom of
    # its lines in the column (of the page) where it starts
    table: Table | None = None  # a table's structure (merged headers, spans)
    figure: Figure | None = None
    frame: str = ""  # the id of the box ("kader") it stands in, if any


@dataclass(frozen=True, slots=True)
class FootnoteText:
    """A footnote definition as found in the footnote zones, before it is attached."""

    number: str  # as printed
    page: int
    text: str
    label: str = ""  # unique in the document: the number, or "12-2" for a second note 12


# --- references and entities ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CitationMatch:
    """A citation found in a text, with its normalised key and official link."""

    kind: str  # kamerstuk, dossier, handelingen, aanhangsel, staatsblad, staatscourant,
    # tractatenblad, ecli, tk_document, eu_act, url
    key: str
    label: str
    url: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EntityMatch:
    kind: str  # law, eu_act, programme, organisation
    id: str
    name: str
    url: str
    start: int
    end: int
    # the finder is sure of the name: the gazetteer knows it, or the text bounds it (see
    # `entities`); a name found by its form alone, whose end is a guess, is not
    sure: bool = True


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where something is mentioned: a paragraph, or a footnote attached to one."""

    id: str  # anchor of this occurrence in the rendered page
    paragraph: str | None
    footnote: str | None
    page: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Reference:
    kind: str
    key: str
    label: str
    url: str
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True, slots=True)
class Entity:
    kind: str
    id: str
    name: str
    aliases: tuple[str, ...]
    url: str
    occurrences: tuple[Occurrence, ...]
    sure: bool = True  # see `EntityMatch.sure`; the registers list an unsure entity apart


# --- the document -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    file: str  # file name of the PDF as copied into the site
    pages: int
    sha256: str


@dataclass(frozen=True, slots=True)
class PageInfo:
    number: int  # 1-based PDF page
    label: str  # printed page number ("28", "iv"), or the PDF number when none is printed
    id: str  # anchor of the page start
    url: str


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    level: int
    number: str
    title: str
    page: int
    url: str
    file: str  # Markdown file (relative to the report folder) that holds the section
    marks: tuple[FootnoteMark, ...] = ()  # footnote markers in the heading itself


@dataclass(frozen=True, slots=True)
class Paragraph:
    id: str
    section: str | None
    page: int
    pages: tuple[int, ...]
    kind: BlockKind
    text: str
    marks: tuple[FootnoteMark, ...]
    url: str
    number: str = ""  # list marker
    rows: tuple[tuple[str, ...], ...] = ()
    page_starts: tuple[tuple[int, int], ...] = ()
    italic: bool = False  # set in italics (in a nader rapport: the Raad van State's advice)
    depth: int = 0  # list items: 1 under the item before it, 2 under that one, …
    table: Table | None = None
    figure: Figure | None = None
    frame: str = ""  # the id of the box ("kader") it stands in, if any

    @property
    def footnotes(self) -> tuple[str, ...]:
        """Labels of the notes this paragraph cites (see `Footnote.number`)."""
        return tuple(m.label for m in self.marks if m.label)


def table_text(rows: tuple[tuple[str, ...], ...] | list[tuple[str, ...]]
               ) -> tuple[str, dict[tuple[int, int], int]]:
    """A table's text (its non-empty cells row by row, a space apart) and where each cell
    starts in it. Markers and citations in a table's cells are offsets into this text."""
    parts: list[str] = []
    starts: dict[tuple[int, int], int] = {}
    cursor = 0
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell:
                starts[(r, c)] = cursor
                parts.append(cell)
                cursor += len(cell) + 1
    return " ".join(parts), starts


@dataclass(frozen=True, slots=True)
class Footnote:
    number: str  # its label: the printed number, with "-2", "-3" for a number printed again
    id: str
    page: int
    text: str
    paragraph: str | None
    url: str


@dataclass(frozen=True, slots=True)
class Frame:
    """A box ("Kader 3.1 …"): a tinted or framed region with a title of its own; its
    paragraphs are the document's paragraphs whose `frame` is this id."""

    id: str
    title: str
    page: int
    section: str | None


@dataclass(frozen=True, slots=True)
class Abbreviation:
    abbr: str
    expansion: str


@dataclass(frozen=True, slots=True)
class QualityItem:
    """Something in a conversion a reader should check (see `quality`)."""

    kind: str  # note_dot_leaders, note_long, note_uncited, marker_unresolved, page_columns,
    # page_headings, table_unrecovered
    page: int
    subject: str  # the note's label, the marker's number, the count of columns or headings
    message: str  # in Dutch, for readers


@dataclass(frozen=True, slots=True)
class Quality:
    items: tuple[QualityItem, ...] = ()
    headings_per_page: float = 0.0
    verdict: str = ""  # one line when the whole looks implausible, else ""


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    slug: str
    source: Source
    pages: tuple[PageInfo, ...]
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[Footnote, ...]
    references: tuple[Reference, ...] = ()
    entities: tuple[Entity, ...] = ()
    abbreviations: tuple[Abbreviation, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    quality: Quality = field(default_factory=Quality)
    frames: tuple[Frame, ...] = ()
    # who issued the report (the ministries, or the organisation) and when, for citations;
    # empty where the report does not say it plainly enough (see `imprint`)
    publisher: tuple[str, ...] = ()
    year: str = ""


# --- pickling -------------------------------------------------------------------------------


def _pickled_by_init_fields(cls: type) -> None:
    """Pickle `cls` as a call of the class on its init fields.

    Pages, matches and whole documents cross between processes. A frozen slots dataclass
    pickles by default through a `__setstate__` that loops over its fields in Python: 11.7 ms
    to load 19 pages of the 151-page report, against 4.3 ms this way (2.1 ms to dump, not 10.4).
    Every field that `__init__` leaves out is derived from the others (`Line.text`), so the
    call rebuilds the same value.
    """
    names = tuple(f.name for f in fields(cls) if f.init)
    get = attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))

    def __reduce__(self: object) -> tuple[type, tuple[object, ...]]:
        return cls, get(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]


for _cls in list(globals().values()):
    if isinstance(_cls, type) and is_dataclass(_cls) and _cls.__module__ == __name__:
        _pickled_by_init_fields(_cls)
del _cls
