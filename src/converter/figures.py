"""Figures: charts, diagrams and pictures, found from what a page draws.

A figure is a region of images and vector drawing together with the text inside it (axis
labels, ticks, legend, data labels). It is found from the graphics, not from its caption:
images, curves and coloured shapes that lie close together make one drawing; thin lines and
light fills join a drawing they touch but never make one (they are a table's rules or a
box's tint). The text inside the drawing, and short label text around it, belongs to the
figure and never enters the body; its caption ("Figuur 2.1 …") and source line ("Bron: CBS")
are attached to it.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .conventions import CAPTION, FIGURE_CAPTION, SOURCE_LINE, TABLE_CAPTION
from .model import Drawing, FigureRegion, Graphic, Line, PageLines


@dataclass(frozen=True, slots=True)
class FigureSettings:
    min_image: float = 24.0  # points: smaller images are icons and bullets
    min_drawing: float = 36.0  # points: a vector drawing is at least this wide and tall
    min_parts: int = 4  # coloured shapes a drawing without curves or images needs
    gap: float = 3.0  # of the body size: shapes this close belong to one drawing (the bars
    # of a chart stand apart; its rules then join them)
    thin: float = 1.6  # points: a rectangle this thin is a rule
    ink: int = 0xB0  # a grey lighter than this is a tint (a box's or a table header's
    # background), not ink; any clear colour is ink
    chroma: int = 40  # channels this far apart: a colour, not a grey
    label_reach: float = 1.6  # of the body size: label text this far around a drawing
    label_words: int = 8  # a label is at most this many words
    caption_reach: float = 5.0  # of the body size: a caption this far above or below, with
    # no other text between
    background: float = 0.7  # share of the page an image covering it is a background
    logo_pages: int = 3  # an image at the same place on this many pages is a logo
    text_share: float = 0.5  # of a drawing's area: text covering more makes it a text box
    wordy_lines: int = 3  # lines of five words or more inside: a table's or a box's text
    filled_cells: float = 0.5  # share of its coloured shapes holding text: a shaded table
    margin_band: float = 0.12  # top and bottom share of a page: an uncaptioned drawing
    # there is a letterhead's or a cover's ornament

    def __post_init__(self) -> None:
        if self.gap < 0 or self.thin <= 0:
            raise ValueError("gap and thin must be positive")


DEFAULT = FigureSettings()
# A figure's caption; a picture of a table ("Tabel 7.2" over an image) has a table's.
_FIGURE_OR_TABLE = re.compile(f"(?:{FIGURE_CAPTION.pattern})|(?:{TABLE_CAPTION.pattern})")
Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def page_drawings(graphics: Sequence[Graphic], width: float, height: float, size: float,
                  s: FigureSettings = DEFAULT) -> tuple[Drawing, ...]:
    """What a page draws that may be a figure, from its graphics alone.

    Runs before lines are joined (`size` is the page's usual glyph size): columns must not
    be read through a drawing, and its labels must not join the text beside it.
    """
    strong, weak = _sort_graphics(graphics, width, height, s)
    if not strong:
        return ()
    gap = s.gap * size
    # An image is a figure of its own (a screenshot beside a chart stays apart from it); it
    # joins a drawing it overlaps about as large as itself (a chart drawn over a picture), not
    # a frame around it (a table that holds a screenshot).
    images = [g for g in strong if g.kind == "image"]
    vector = _absorb(_on_one_axis(_clusters([g for g in strong if g.kind != "image"], gap),
                                  weak, gap, s.thin), weak, gap)
    for image in images:
        place = (image.x0, image.top, image.x1, image.bottom)
        overlapping = [i for i, (box, _) in enumerate(vector)
                       if _near(place, box, 0.0) and _area(box) <= 2 * _area(place)]
        if overlapping:
            i = overlapping[0]
            vector[i] = (_union([vector[i][0], place]), [*vector[i][1], image])
        else:
            vector.append((place, [image]))
    figures = [(box, members) for box, members in vector if _is_figure(box, members, s)]
    # a few small shapes near a drawing, within its width, are its own: a legend's keys;
    # further off, beside it and level with it, keys in the drawing's own colours are too
    for box, members in vector:
        if _is_figure(box, members, s) or any(g.kind == "image" for g in members):
            continue
        for i, (figure, parts) in enumerate(figures):
            if any(g.kind == "image" for g in parts):
                continue  # a picture has no legend of shapes
            below = (_near(box, figure, gap) and box[0] >= figure[0] - gap
                     and box[2] <= figure[2] + gap)
            if below or _legend_beside(box, members, figure, parts, gap):
                figures[i] = (_union([figure, box]), [*parts, *members])
                break
    found = []
    for box, members in figures:
        images = tuple(_logo_key(g) for g in members if g.kind == "image")
        shapes = tuple((g.x0, g.top, g.x1, g.bottom) for g in members
                       if g.kind == "rect" and g in strong)
        found.append(Drawing(box, images, shapes, _fingerprint(members)))
    return tuple(found)


def _legend_beside(box: Box, members: list[Graphic], figure: Box, parts: list[Graphic],
                   gap: float) -> bool:
    """Small filled shapes right or left of a drawing, level with it (within `gap` of its
    height), no further from it than it is wide, each in one of the drawing's own fill
    colours: the keys of its legend (a pie chart's legend stands beside it)."""
    keys = [g for g in members if g.kind == "rect" and g.fill >= 0]
    colours = {g.fill for g in parts if g.fill >= 0 and g not in keys}
    if len(keys) < 2 or not {g.fill for g in keys} <= colours:
        return False
    if not (box[1] < figure[3] + gap and figure[1] - gap < box[3]):
        return False  # not level with it
    width = figure[2] - figure[0]
    return 0 <= box[0] - figure[2] <= width or 0 <= figure[0] - box[2] <= width


def logo_places(pages: Sequence[PageLines], s: FigureSettings = DEFAULT) -> set[object]:
    """Where an image or a drawing stands on many pages (a logo in the header): furniture,
    not a figure."""
    seen: Counter[object] = Counter()
    for page in pages:
        places: set[object] = {_logo_key(g) for g in page.graphics if g.kind == "image"}
        # a vector logo: a drawing without pictures at the same place, drawing the same
        # (charts of one style share a place when their tallest bar reaches the same top)
        places |= {_vector_key(d) for d in page.drawings if not d.images}
        seen.update(places)
    return {place for place, count in seen.items() if count >= s.logo_pages}


def _vector_key(drawing: Drawing) -> tuple[Box, int]:
    return tuple(round(v) for v in drawing.box), drawing.fingerprint


def _fingerprint(members: Sequence[Graphic]) -> int:
    """The same for the same drawing on another page: order-free, rounded to the point."""
    parts = sorted((g.kind, _place(g), g.fill, g.stroke) for g in members)
    return zlib.crc32(repr(parts).encode())  # not hash(): workers may hash strings otherwise


def _place(g: Graphic) -> Box:
    return (round(g.x0), round(g.top), round(g.x1), round(g.bottom))


def _logo_key(g: Graphic) -> tuple[Box, int]:
    """An image's place and picture: the same logo comes back with both."""
    return _place(g), g.ident


def _tint(colour: int, s: FigureSettings) -> bool:
    """A light grey (or white): what a box or a table's header is shaded with."""
    channels = [(colour >> shift) & 0xFF for shift in (16, 8, 0)]
    return max(channels) - min(channels) < s.chroma and min(channels) > s.ink


def page_figures(lines: Sequence[Line], drawings: Sequence[Drawing], body_size: float,
                 height: float, logos: set[object] = frozenset(), s: FigureSettings = DEFAULT
                 ) -> list[FigureRegion]:
    """The figures among a page's drawings, each with its label, caption and source lines.

    A drawing that is only a logo (on many pages) is none, and neither is text on a tinted
    ground: a box or a shaded table, where text covers most of it, or runs in sentences, or
    stands in most of its coloured shapes (a chart's bars hold few labels).
    """
    captions = _caption_blocks(lines)
    reserved = {id(line) for caption in captions for line in caption}
    taken: set[int] = set()
    figures: list[FigureRegion] = []
    for drawing in drawings:
        if drawing.images:
            if all(image in logos for image in drawing.images):
                continue
        elif _vector_key(drawing) in logos:
            continue
        inside = [line for line in lines if id(line) not in taken | reserved
                  and _inside(line, drawing.box)]
        backdrop = False
        if _texty(drawing, inside, lines, body_size, s):
            if not drawing.images:
                continue  # text set over a tint or a table's shading
            # text set over a picture (a cover): the picture is a figure, the text stays
            backdrop, inside = True, []
            drawing = Drawing(_union([box for box, _ in drawing.images]), drawing.images)
        labels = list(inside)
        box = _union([drawing.box, *(_line_box(line) for line in labels)])
        above, below = _fences(lines, drawing.box)
        for _ in range(0 if backdrop else 3):  # labels beyond labels: an axis title
            more = [line for line in lines if id(line) not in taken | reserved
                    and line not in labels and above <= line.top and line.bottom <= below
                    and _label_near(line, box, body_size, s)]
            if not more:
                break
            labels += more
            box = _union([box, *(_line_box(line) for line in more)])
        taken.update(id(line) for line in labels)
        caption = _caption(captions, lines, box, taken, body_size, s)
        taken.update(id(line) for line in caption)
        source = _source(lines, box, caption, taken, body_size, s)
        taken.update(id(line) for line in source)
        labels.sort(key=lambda line: (line.top, line.x0))
        if not caption and (box[3] <= s.margin_band * height
                            or box[1] >= (1 - s.margin_band) * height):
            taken.difference_update(id(line) for line in labels)
            continue  # an ornament in the margin: a letterhead's, a cover's
        column = min((line.column for line in labels), default=_column(lines, box))
        figures.append(FigureRegion(box=box, raster=bool(drawing.images), labels=tuple(labels),
                                    caption=tuple(caption), source=tuple(source),
                                    column=column))
    return figures


def _texty(drawing: Drawing, inside: Sequence[Line], lines: Sequence[Line], body_size: float,
           s: FigureSettings) -> bool:
    """Text on a tinted ground, or a shaded table: not a drawing with labels."""
    if _text_area(inside) > s.text_share * _area(drawing.box):
        return True
    if sum(len(line.plain_text.split()) >= 5 for line in inside) >= s.wordy_lines:
        return True
    # words over a coloured shape: a header cell's; a chart's bars hold numbers at most, and
    # a legend's keys are too small to hold anything
    cells = [shape for shape in drawing.shapes if shape[2] - shape[0] > 2 * body_size]
    if cells:
        # by the parts of a line between its column gaps: a bar's label left of the bar and
        # its value on it are one line, but only the value stands on the bar
        wordy = [part for line in lines for part in _parts(line)
                 if sum(c.isalpha() for c in part[1]) >= 3]
        holding = sum(any(_over(part, shape) for part in wordy) for shape in cells)
        if holding >= s.filled_cells * len(cells):
            return True
    return False


def _parts(line: Line) -> list[tuple[Box, str]]:
    """The line's parts between its column gaps, each with its box and text."""
    texts = line.plain_text.split("\t")
    if not line.segments or len(texts) != len(line.segments):
        return [(_line_box(line), line.plain_text)]
    return [((x0, line.top, x1, line.bottom), text)
            for (x0, x1), text in zip(line.segments, texts, strict=True)]


def _over(part: tuple[Box, str], box: Box) -> bool:
    """Text set over the shape: the part's middle in its height, overlapping its width (a
    bar's label and its value on either side of it are not over it)."""
    (x0, top, x1, bottom), _ = part
    return box[1] <= (top + bottom) / 2 <= box[3] and x0 < box[2] and x1 > box[0]


def _sort_graphics(graphics: Iterable[Graphic], width: float, height: float,
                   s: FigureSettings) -> tuple[list[Graphic], list[Graphic]]:
    """Graphics that make a drawing (images, curves, coloured shapes), and those that only
    join one (rules, tints)."""
    strong, weak = [], []
    page_area = width * height
    for g in graphics:
        if not g.visible:
            continue
        w, h = g.x1 - g.x0, g.bottom - g.top
        if g.kind == "image":
            if w < s.min_image or h < s.min_image or w * h > s.background * page_area:
                continue
            strong.append(g)
        elif g.kind == "curve":
            (strong if w > 2 or h > 2 else weak).append(g)
        elif g.kind == "rect" and min(w, h) > s.thin and g.fill >= 0 and not _tint(g.fill, s):
            strong.append(g)
        else:
            weak.append(g)
    return strong, weak


def _clusters(graphics: list[Graphic], gap: float) -> list[tuple[Box, list[Graphic]]]:
    """Graphics grouped by nearness: each group's box and members (a sweep by `top`)."""
    groups: list[tuple[Box, list[Graphic]]] = []
    for g in sorted(graphics, key=lambda g: g.top):
        box: Box = (g.x0, g.top, g.x1, g.bottom)
        members = [g]
        merged = True
        while merged:
            merged = False
            for i, (other, others) in enumerate(groups):
                if _near(box, other, gap):
                    box = _union([box, other])
                    members += others
                    del groups[i]
                    merged = True
                    break
        groups.append((box, members))
    return groups


def _on_one_axis(groups: list[tuple[Box, list[Graphic]]], weak: list[Graphic], gap: float,
                 thin: float) -> list[tuple[Box, list[Graphic]]]:
    """Groups that one straight rule touches, each of them, are one drawing with the rules
    that tie them: bars set wider apart than a drawing's parts lie together still stand on
    one axis (and between gridlines)."""
    if len(groups) < 2:
        return groups
    parent = list(range(len(groups)))
    ties: dict[int, list[Graphic]] = {}  # the rules that join groups, by the first one

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for g in weak:
        horizontal = g.bottom - g.top <= thin
        if not horizontal and g.x1 - g.x0 > thin:
            continue  # not a straight rule
        rule = (g.x0, g.top, g.x1, g.bottom)
        touched = [i for i, (box, _) in enumerate(groups) if _near(rule, box, 0.5)]
        if len(touched) < 2:
            continue
        for i in touched[1:]:
            parent[find(i)] = find(touched[0])
        ties.setdefault(touched[0], []).append(g)
    merged: dict[int, tuple[Box, list[Graphic]]] = {}
    for i, (box, members) in enumerate(groups):
        root = find(i)
        if root in merged:
            other, others = merged[root]
            merged[root] = (_union([other, box]), [*others, *members])
        else:
            merged[root] = (box, members)
    for first, rules in ties.items():
        root = find(first)
        box, members = merged[root]
        merged[root] = (_union([box, *((g.x0, g.top, g.x1, g.bottom) for g in rules)]),
                        [*members, *rules])
    return list(merged.values())


def _absorb(drawings: list[tuple[Box, list[Graphic]]], weak: list[Graphic], gap: float,
            thin: float = DEFAULT.thin) -> list[tuple[Box, list[Graphic]]]:
    """A drawing takes in the rules that touch it (axes, gridlines) and those that touch
    what it took in, within its own width; a tint only when it lies within the drawing (the
    plot area's background), never a box's tint beside it."""
    result = []
    slack = gap / 2
    for box, members in drawings:
        grown = box
        left = [g for g in weak if g not in members]  # not the rules `_on_one_axis` took
        changed = True
        while changed:
            changed = False
            for g in list(left):
                candidate = (g.x0, g.top, g.x1, g.bottom)
                rule = min(g.x1 - g.x0, g.bottom - g.top) <= thin
                if not _near(candidate, grown, gap):
                    continue
                if rule and not (candidate[0] >= box[0] - slack
                                 and candidate[2] <= box[2] + slack):
                    continue
                horizontal = g.bottom - g.top <= thin
                length = g.x1 - g.x0 if horizontal else g.bottom - g.top
                span = box[2] - box[0] if horizontal else box[3] - box[1]
                if rule and not _near(candidate, grown, 0.5) and length < 0.6 * span:
                    continue  # a short rule apart from it (a footnote's separator), no axis
                if not rule and not _within(candidate, grown, gap):
                    continue
                grown = _union([grown, candidate])
                members = [*members, g]
                left.remove(g)
                changed = True
        result.append((grown, members))
    return result


def _is_figure(box: Box, members: list[Graphic], s: FigureSettings) -> bool:
    if any(g.kind == "image" for g in members):
        return True
    x0, top, x1, bottom = box
    if x1 - x0 < s.min_drawing or bottom - top < s.min_drawing:
        return False
    shapes = [g for g in members if g.kind in ("rect", "curve")]
    return any(g.kind == "curve" for g in members) or len(shapes) >= s.min_parts


def _near(a: Box, b: Box, gap: float) -> bool:
    return (a[0] <= b[2] + gap and b[0] <= a[2] + gap
            and a[1] <= b[3] + gap and b[1] <= a[3] + gap)


def _within(inner: Box, outer: Box, slack: float) -> bool:
    return (inner[0] >= outer[0] - slack and inner[2] <= outer[2] + slack
            and inner[1] >= outer[1] - slack and inner[3] <= outer[3] + slack)


def _union(boxes: Iterable[Box]) -> Box:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _line_box(line: Line) -> Box:
    return (line.x0, line.top, line.x1, line.bottom)


def _text_area(lines: Iterable[Line]) -> float:
    return sum(_area(_line_box(line)) for line in lines)


def _inside(line: Line, box: Box) -> bool:
    """Most of the line lies in the box."""
    x0 = max(line.x0, box[0])
    x1 = min(line.x1, box[2])
    middle = (line.top + line.bottom) / 2
    return x1 - x0 >= 0.6 * (line.x1 - line.x0) and box[1] <= middle <= box[3]


def _fences(lines: Sequence[Line], box: Box) -> tuple[float, float]:
    """How far up and down a drawing's labels may reach: to the nearest caption or source
    line over its width above and below it (text beyond those is the page's, not the
    figure's: "Bron: IND" and then the running text)."""
    above, below = float("-inf"), float("inf")
    for line in lines:
        if line.x1 <= box[0] or line.x0 >= box[2]:
            continue
        text = line.plain_text.strip()
        if not (CAPTION.match(text) or SOURCE_LINE.match(text)):
            continue
        if line.top >= box[3] - 1:
            below = min(below, line.top)
        elif line.bottom <= box[1] + 1:
            above = max(above, line.bottom)
    return above, below


def _label_near(line: Line, box: Box, body_size: float, s: FigureSettings) -> bool:
    """Short text just outside a drawing: a tick label, a legend, an axis title."""
    text = line.plain_text.strip()
    parts = text.split("\t")  # "jan<tab>feb<tab>…"
    longest = max(len(part.split()) for part in parts)
    if len(parts) == 1 and not any(c.isalpha() for c in text):
        longest = 0  # "0% 10% … 100%": a row of ticks (a table's row has its label apart)
    if (longest > s.label_words or CAPTION.match(text) or SOURCE_LINE.match(text)
            or text.endswith((".", ":", ";")) or line.size > body_size + 0.25):
        return False  # a sentence, a caption, or a heading: not a label
    if line.hyphenated or (len(text) > 1 and text[-1] in "-\u2010" and text[-2].isalpha()):
        return False  # a word broken at the line's end: running text
    reach = s.label_reach * body_size
    if not _near(_line_box(line), box, reach):
        return False
    if line.x0 >= box[0] - 4 * reach and line.x1 <= box[2] + 4 * reach:
        return True
    # a long row label of a horizontal bar chart, set against the bars, in their height
    return box[1] <= (line.top + line.bottom) / 2 <= box[3]


def _caption_blocks(lines: Sequence[Line]) -> list[list[Line]]:
    """Every caption on the page: a line that starts like one and the lines it wraps onto
    (same size, set close, up to a source line or the next caption)."""
    blocks = []
    for i, line in enumerate(lines):
        if not _FIGURE_OR_TABLE.match(line.plain_text.strip()):
            continue
        caption = [line]
        for after in lines[i + 1:]:
            last = caption[-1]
            text = after.plain_text.strip()
            if (after.column != last.column or abs(after.size - last.size) > 0.5
                    or after.top - last.bottom > 0.8 * last.size or SOURCE_LINE.match(text)
                    or _FIGURE_OR_TABLE.match(text)):
                break
            caption.append(after)
        blocks.append(caption)
    return blocks


def _caption(captions: list[list[Line]], lines: Sequence[Line], box: Box, taken: set[int],
             body_size: float, s: FigureSettings) -> list[Line]:
    """The caption right above or below the figure, with no other text between them."""
    reach = s.caption_reach * body_size
    found: list[tuple[float, list[Line]]] = []
    for caption in captions:
        if any(id(line) in taken for line in caption[:1]) or (
                caption[0].x1 <= box[0] or caption[0].x0 >= box[2]):
            continue
        above = caption[-1].bottom <= box[1] + 0.5
        if not above and caption[0].top < box[3] - 0.5:
            continue  # beside the figure, not above or below it
        top, bottom = (caption[-1].bottom, box[1]) if above else (box[3], caption[0].top)
        if not 0 <= bottom - top <= reach:
            continue
        between = any(id(other) not in taken and other not in caption
                      and other.top >= top - 0.5 and other.bottom <= bottom + 0.5
                      and other.x1 > box[0] and other.x0 < box[2] for other in lines)
        if not between:
            found.append((bottom - top, caption))
    return min(found, key=lambda item: item[0])[1] if found else []


def _source(lines: Sequence[Line], box: Box, caption: list[Line], taken: set[int],
            body_size: float, s: FigureSettings) -> list[Line]:
    """ "Bron: …" right below the figure (or below its caption when that is below)."""
    bottom = max([box[3], *(line.bottom for line in caption if line.top > box[3])])
    reach = s.caption_reach * body_size
    for i, line in enumerate(lines):
        if (id(line) not in taken and SOURCE_LINE.match(line.plain_text.strip())
                and 0 <= line.top - bottom <= reach and line.x1 > box[0] and line.x0 < box[2]):
            found = [line]
            for after in lines[i + 1:]:
                if (id(after) in taken or after.top - found[-1].bottom > 0.8 * after.size
                        or abs(after.size - line.size) > 0.5):
                    break
                found.append(after)
            return found
    return []


def _column(lines: Sequence[Line], box: Box) -> int:
    """The column of the text nearest above the figure (a figure without any text of its
    own still stands somewhere in the reading order)."""
    above = [line for line in lines if line.bottom <= box[1] and line.x1 > box[0]
             and line.x0 < box[2]]
    return max(above, key=lambda line: line.bottom).column if above else 0
