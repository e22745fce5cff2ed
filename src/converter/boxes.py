"""Boxes ("kaders"): text set apart on a tinted ground or inside a frame, with a title.

A box is a tinted or stroked rectangle that holds lines of text and stands alone: a table's
shaded rows and cells touch their neighbours, a box does not. Its first line is its title
when it reads as one ("Kader 2.1 …", or set bold); the rest stays text of its own, marked as
the box's, so its paragraphs and lists keep their anchors. A box that runs on into the next
column or page (a tinted area at the top of it, without a title, right after a box that
reached the bottom of the one before) is the same box.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .conventions import BOX_CAPTION
from .model import BoxRegion, Graphic, Line

Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class BoxSettings:
    min_width: float = 8.0  # of the body size: a box is at least this wide ...
    min_height: float = 2.0  # ... and this tall
    min_lines: int = 2  # lines of text it holds at least
    tint: int = 0xB0  # a fill lighter than this in every channel is a tint
    touch: float = 1.5  # points: a rectangle this close to another one is a table's cell
    page_share: float = 0.8  # of the page: a rectangle this large is a background
    title_words: int = 16  # a title is at most this many words


DEFAULT = BoxSettings()


def _ground(g: Graphic, s: BoxSettings) -> bool:
    """A tinted fill (not white, not ink) or a stroked outline."""
    if g.kind != "rect" or not g.visible:
        return False
    if g.fill >= 0 and g.fill != 0xFFFFFF:
        return all((g.fill >> shift) & 0xFF > s.tint for shift in (16, 8, 0))
    return g.stroke >= 0


def page_boxes(lines: Sequence[Line], graphics: Sequence[Graphic], body_size: float,
               width: float, height: float, s: BoxSettings = DEFAULT) -> list[BoxRegion]:
    """The boxes of one page, outermost first, each with its title and its lines."""
    candidates = [g for g in graphics if _ground(g, s)
                  and g.x1 - g.x0 >= s.min_width * body_size
                  and g.bottom - g.top >= s.min_height * body_size
                  and (g.x1 - g.x0) * (g.bottom - g.top) < s.page_share * width * height]
    shapes = [g for g in graphics if g.kind == "rect" and g.visible]
    found: list[BoxRegion] = []
    taken: set[int] = set()
    for g in sorted(candidates, key=lambda g: -(g.x1 - g.x0) * (g.bottom - g.top)):
        box: Box = (g.x0, g.top, g.x1, g.bottom)
        if any(_inside_box(box, other.box) for other in found):
            continue  # a tint inside a box: the box's own shading
        if any(other is not g and _touches(box, other, s) for other in shapes
               if not _inside_box((other.x0, other.top, other.x1, other.bottom), box)):
            continue  # it meets other rectangles: a table's cell or row
        inside = [line for line in lines if id(line) not in taken and _holds(box, line)]
        if len(inside) < s.min_lines:
            continue
        if sum("\t" in line.plain_text.strip() for line in inside) * 2 >= len(inside):
            continue  # rows of cells: a table's shaded header or body
        title = _title(inside, body_size, s)
        taken.update(id(line) for line in inside)
        found.append(BoxRegion(box=box, title=tuple(title),
                               lines=tuple(line for line in inside if line not in title),
                               column=inside[0].column))
    return found


def _inside_box(inner: Box, outer: Box) -> bool:
    return (inner[0] >= outer[0] - 0.5 and inner[2] <= outer[2] + 0.5
            and inner[1] >= outer[1] - 0.5 and inner[3] <= outer[3] + 0.5)


def _touches(box: Box, other: Graphic, s: BoxSettings) -> bool:
    """Shares an edge with another rectangle of its height or width (a table's grid)."""
    o = (other.x0, other.top, other.x1, other.bottom)
    beside = (abs(o[0] - box[2]) <= s.touch or abs(box[0] - o[2]) <= s.touch) and (
        min(box[3], o[3]) - max(box[1], o[1]) > 0.5 * (box[3] - box[1]))
    stacked = (abs(o[1] - box[3]) <= s.touch or abs(box[1] - o[3]) <= s.touch) and (
        min(box[2], o[2]) - max(box[0], o[0]) > 0.5 * (box[2] - box[0]))
    return (beside or stacked) and (o[2] - o[0]) > 2 and (o[3] - o[1]) > 2


def _holds(box: Box, line: Line) -> bool:
    middle = (line.top + line.bottom) / 2
    return (box[0] - 1 <= line.x0 and line.x1 <= box[2] + 1 and box[1] <= middle <= box[3])


def _title(lines: Sequence[Line], body_size: float, s: BoxSettings) -> list[Line]:
    """The box's first line(s) when they read as a title: "Kader 2.1 …", or a short bold
    line, with the line it wraps onto in the same style."""
    first = lines[0]
    text = first.plain_text.strip()
    if not (BOX_CAPTION.match(text) or (first.bold and len(text.split()) <= s.title_words
                                        and not text.endswith((".", ";", ",")))):
        return []
    title = [first]
    for line in lines[1:3]:
        last = title[-1]
        if (line.bold == first.bold and abs(line.size - first.size) < 0.5
                and line.top - last.bottom <= 0.8 * last.size
                and not BOX_CAPTION.match(line.plain_text.strip())
                and first.bold):
            title.append(line)
        else:
            break
    return title


class BoxNamer:
    """Gives every box of the document, page after page, its id: "kader-2-1" for "Kader 2.1
    …", else by page and place; a box without a title at the top of a column, right after
    one that reached the bottom of the column before, goes on with that box and has its id.
    """

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.last: tuple[str, float] | None = None  # the last box's id and how low it reached

    def name(self, page: int, boxes: Sequence[BoxRegion], height: float) -> list[str]:
        ids = []
        for i, box in enumerate(boxes):
            if (not box.title and self.last is not None and box.box[1] < 0.25 * height
                    and self.last[1] > 0.6):
                ids.append(self.last[0])
                continue
            base = _box_id(box, page, i)
            candidate, n = base, 1
            while candidate in self.used:
                n += 1
                candidate = f"{base}-{n}"
            self.used.add(candidate)
            ids.append(candidate)
            self.last = (candidate, box.box[3] / height)
        if boxes:
            self.last = (ids[-1], boxes[-1].box[3] / height)
        return ids


def _box_id(box: BoxRegion, page: int, index: int) -> str:
    title = " ".join(line.plain_text for line in box.title).strip()
    match = BOX_CAPTION.match(title)
    if match:
        number = title[match.start():match.end()].split(None, 1)[-1].strip(".")
        return "kader-" + number.replace(".", "-")
    return f"kader-p{page}-{index + 1}"


def mark_lines(lines: Sequence[Line], boxes: Sequence[BoxRegion], ids: Sequence[str]
               ) -> list[Line]:
    """The page's lines with each box's lines marked as the box's (`Line.frame`), its title
    lines left out (the title is the box's, not a paragraph)."""
    frame = {id(line): box_id for box, box_id in zip(boxes, ids, strict=True)
             for line in box.lines}
    titles = {id(line) for box in boxes for line in box.title}
    return [replace(line, frame=frame[id(line)]) if id(line) in frame else line
            for line in lines if id(line) not in titles]
