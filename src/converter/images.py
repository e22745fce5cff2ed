"""Figure images: each figure's region of its page as a picture for the site.

pypdfium2 renders the region (through `extract.render_regions`, the one module that touches
pdfium); Pillow writes WebP: lossless for drawings, which keeps chart text sharp at a
fraction of PNG's size, and lossy (quality 80) for pictures, a third of the lossless size
in a tenth of the time (measured on the corpus's 193 pictures: 4.5 against 11.6 MB). Both
at a low encoder effort: a higher one costs five times the time for 7% fewer bytes.
Pictures are made at twice the size they are shown, for high-density screens; the
shown size follows from the region alone, so the Markdown can set width and height (nothing
shifts while a picture loads) without rendering anything.
"""

from __future__ import annotations

import io
from pathlib import Path

# Loaded now, with the module: Pillow otherwise loads its WebP plugin (and libwebp) at the
# first save, inside the confined converting process, where a failed load under the memory
# limit is swallowed and surfaces as a bare KeyError('WEBP').
from PIL import WebPImagePlugin

from .extract import render_regions
from .limits import shared_work, worker_pool
from .model import Document

MAX_WIDTH = 760  # CSS pixels: the reading column of the site
DENSITY = 2  # image pixels per CSS pixel
PADDING = 3.0  # points around the figure's region, so no stroke is cut
POINT = 96 / 72  # CSS pixels per point at 100%
# Below this, starting a worker costs more than it saves (a picture takes ~5 ms to make).
PARALLEL_MIN_FIGURES = 16
if not WebPImagePlugin.SUPPORTED:
    raise ImportError("Pillow is built without WebP, which beleidslezer writes figures in")


def shown_size(box: tuple[float, float, float, float]) -> tuple[int, int]:
    """Width and height in CSS pixels at which the figure is shown."""
    width = max(1.0, box[2] - box[0] + 2 * PADDING)
    height = max(1.0, box[3] - box[1] + 2 * PADDING)
    css_width = min(MAX_WIDTH, width * POINT)
    return round(css_width), round(css_width * height / width)


def figure_images(document: Document, pdf: Path, password: str | None = None,
                  jobs: int = 1) -> dict[int, bytes]:
    """{index of the figure's paragraph in the document: WebP bytes} for every figure.

    By index, not by id: a new conversion may give paragraphs the ids they had before
    (`continuity`), and a picture is named by the id its figure ends up with. With `jobs`,
    that many processes render and encode (from `PARALLEL_MIN_FIGURES` figures on).
    """
    figures = [(index, paragraph) for index, paragraph in enumerate(document.paragraphs)
               if paragraph.figure is not None]
    requests = []
    for _, paragraph in figures:
        figure = paragraph.figure
        x0, top, x1, bottom = figure.box
        box = (x0 - PADDING, top - PADDING, x1 + PADDING, bottom + PADDING)
        css_width, _ = shown_size(figure.box)
        requests.append((paragraph.page, DENSITY * css_width / (box[2] - box[0]), box,
                         figure.raster))
    if jobs > 1 and len(requests) >= PARALLEL_MIN_FIGURES:
        size = -(-len(requests) // (jobs * 3))
        chunks = [(pdf, password, requests[i:i + size]) for i in range(0, len(requests), size)]
        with worker_pool(jobs - 1) as pool:
            encoded = [picture for chunk in shared_work(pool, _pictures, chunks)
                       for picture in chunk]
    else:
        encoded = _pictures(pdf, password, requests)
    return {index: picture for (index, _), picture in zip(figures, encoded, strict=True)}


def _pictures(pdf: Path, password: str | None,
              requests: list[tuple[int, float, tuple[float, float, float, float], bool]]
              ) -> list[bytes]:
    regions = [(page, scale, box) for page, scale, box, _ in requests]
    pictures = []
    for (*_, raster), image in zip(requests, render_regions(pdf, regions, password),
                                   strict=True):
        out = io.BytesIO()
        if raster:
            image.save(out, "WEBP", quality=80, method=2)
        else:
            image.save(out, "WEBP", lossless=True, quality=10, method=1)
        pictures.append(out.getvalue())
    return pictures
