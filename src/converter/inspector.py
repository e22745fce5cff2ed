"""`beleidslezer inspect`: draw what the converter saw on images of the pages.

For each page: its columns (gutters, dashed), what it draws (images, rules, shading), its
furniture, body and footnote lines, the separator rules of its note areas, its blocks with
their kind and anchor-to-be, and the footnote markers of each line. One look shows why a page
converted as it did (pdfplumber's `display.py` is the model).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from . import anchors, notes
from .blocks import layouts_to_blocks, vocabulary
from .extract import ConversionError, open_pdf, render_regions
from .furniture import body_size
from .model import Block, Graphic, Line, PageLayout
from .pipeline import read_layouts
from .regions import document_leading

SCALE = 1.5
COLOURS = {
    "gutter": (214, 0, 140),
    "body": (40, 90, 220),
    "footnotes": (0, 150, 70),
    "furniture": (150, 150, 150),
    "rule": (230, 30, 30),
    "marker": (245, 130, 0),
    "image": (200, 170, 0),
    "rect": (120, 120, 200),
    "curve": (160, 80, 200),
    "line": (120, 120, 200),
    "block": (20, 20, 20),
    "figure": (230, 120, 0),
}


@dataclass(frozen=True, slots=True)
class PageReport:
    number: int
    image: Path
    columns: int
    body: int
    footnotes: int
    furniture: int
    blocks: int


def parse_pages(spec: str, count: int) -> list[int]:
    """ "4-6,9" -> [4, 5, 6, 9], within 1..count; ConversionError for anything else."""
    pages: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        bounds = part.split("-", 1)
        if not all(b.strip().isdigit() for b in bounds):
            raise ConversionError(f"--pages {spec!r}: gebruik bijvoorbeeld 4-6,9 "
                                  "(pages like 4-6,9)")
        low, high = int(bounds[0]), int(bounds[-1])
        if not 1 <= low <= high <= count:
            raise ConversionError(f"--pages {spec!r}: het PDF heeft pagina 1 tot {count} "
                                  f"(the PDF has pages 1 to {count})")
        pages.update(range(low, high + 1))
    return sorted(pages)


def inspect(pdf: Path, pages: Sequence[int] | None, out: Path, password: str | None = None
            ) -> list[PageReport]:
    """Draw the converter's view of `pages` (all when None) into PNG files in `out`."""
    info = open_pdf(pdf, password)
    layouts = read_layouts(info, password)
    words = vocabulary(layouts)
    blocks = layouts_to_blocks(layouts, words)
    body = [b for b in blocks if b.kind != "heading"]  # headings get section ids instead
    ids = dict(zip(map(id, body), anchors.paragraph_ids([b.page for b in body]), strict=True))
    size = body_size(line for layout in layouts for line in (*layout.body, *layout.footnotes))
    wanted = set(pages) if pages is not None else {layout.number for layout in layouts}
    out.mkdir(parents=True, exist_ok=True)
    reports = []
    shown = [layout for layout in layouts if layout.number in wanted]
    images = render_regions(pdf, [(layout.number, SCALE, None) for layout in shown], password)
    for layout, image in zip(shown, images, strict=True):
        on_page = [b for b in blocks if b.page == layout.number]
        _draw(image, layout, on_page, ids, size)
        path = out / f"pagina-{layout.number:03d}.png"
        image.save(path)
        reports.append(PageReport(layout.number, path, _column_count(layout), len(layout.body),
                                  len(layout.footnotes), len(layout.furniture), len(on_page)))
    return reports


def _column_count(layout: PageLayout) -> int:
    return max((len(band.gutters) + 1 for band in layout.columns), default=1)


def _box(x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
    return (x0 * SCALE, top * SCALE, x1 * SCALE, bottom * SCALE)


def _draw(image: Image.Image, layout: PageLayout, blocks: Iterable[Block], ids: dict[int, str],
          size: float) -> None:
    canvas = ImageDraw.Draw(image, "RGBA")
    for graphic in layout.graphics:
        if graphic.visible:
            _outline(canvas, graphic, COLOURS.get(graphic.kind, COLOURS["rect"]), 1)
    for rule in notes.separator_rules(layout.graphics, size):
        canvas.rectangle(_box(rule.x0, rule.top - 1, rule.x1, rule.bottom + 1),
                         fill=(*COLOURS["rule"], 160))
    for band in layout.columns:
        for gutter in band.gutters:
            _dashed(canvas, gutter, band.top, band.bottom)
    for zone, lines in (("furniture", layout.furniture), ("body", layout.body),
                        ("footnotes", layout.footnotes)):
        for line in lines:
            canvas.rectangle(_box(line.x0, line.top, line.x1, line.bottom),
                             outline=(*COLOURS[zone], 200), width=1)
            _markers(canvas, line)
    for figure in layout.figures:
        canvas.rectangle(_box(*figure.box), outline=(*COLOURS["figure"], 230), width=3)
        canvas.text((figure.box[0] * SCALE, figure.box[3] * SCALE + 2),
                    f"figuur ({len(figure.labels)} labels)", fill=(*COLOURS["figure"], 255))
        for line in (*figure.labels, *figure.caption, *figure.source):
            canvas.rectangle(_box(line.x0, line.top, line.x1, line.bottom),
                             outline=(*COLOURS["figure"], 160), width=1)
    for block in blocks:
        x0, top, x1, bottom = block.box
        canvas.rectangle(_box(x0 - 2, top - 2, x1 + 2, bottom + 2),
                         outline=(*COLOURS["block"], 120), width=1)
        label = f"{ids.get(id(block), '')} {block.kind}"
        canvas.text((x0 * SCALE, max(0, (top - 2) * SCALE - 11)), label,
                    fill=(*COLOURS["block"], 230))
    leading = document_leading(list(layout.body), size)
    canvas.text((4, 4), f"pagina {layout.number} · kolommen {_column_count(layout)} · "
                        f"regels {len(layout.body)} · noten {len(layout.footnotes)} · "
                        f"interlinie {leading:.1f}", fill=(0, 0, 0, 255))


def _outline(canvas: ImageDraw.ImageDraw, graphic: Graphic, colour: tuple[int, int, int],
             width: int) -> None:
    x0, top, x1, bottom = _box(graphic.x0, graphic.top, graphic.x1, graphic.bottom)
    canvas.rectangle((x0, top, max(x0, x1), max(top, bottom)), outline=(*colour, 110),
                     width=width)


def _dashed(canvas: ImageDraw.ImageDraw, x: float, top: float, bottom: float) -> None:
    y = top
    while y < bottom:
        canvas.line((x * SCALE, y * SCALE, x * SCALE, min(bottom, y + 6) * SCALE),
                    fill=(*COLOURS["gutter"], 220), width=2)
        y += 10


def _markers(canvas: ImageDraw.ImageDraw, line: Line) -> None:
    found = [notes.marker_digits(r.text).strip() for r in line.runs if r.superscript]
    found = [text for text in found if notes.MARKER_TEXT.match(text)]
    if found:
        canvas.text((line.x1 * SCALE + 3, line.top * SCALE), "^" + " ".join(found),
                    fill=(*COLOURS["marker"], 255))
