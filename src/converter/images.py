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
from concurrent.futures import Future, ProcessPoolExecutor
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


Region = tuple[float, float, float, float]
Request = tuple[int, float, Region, bool]  # page, pixels per point, region, raster


def _request(page: int, box: Region, raster: bool) -> Request:
    x0, top, x1, bottom = box
    padded = (x0 - PADDING, top - PADDING, x1 + PADDING, bottom + PADDING)
    css_width, _ = shown_size(box)
    return page, DENSITY * css_width / (padded[2] - padded[0]), padded, raster


def _figures(document: Document) -> list[tuple[int, int, Region, bool]]:
    """(index of the paragraph, page, box, raster) of every figure of `document`."""
    return [(index, paragraph.page, paragraph.figure.box, paragraph.figure.raster)
            for index, paragraph in enumerate(document.paragraphs)
            if paragraph.figure is not None]


def figure_images(document: Document, pdf: Path, password: str | None = None,
                  jobs: int = 1) -> dict[int, bytes]:
    """{index of the figure's paragraph in the document: WebP bytes} for every figure.

    By index, not by id: a new conversion may give paragraphs the ids they had before
    (`continuity`), and a picture is named by the id its figure ends up with. With `jobs`,
    that many processes render and encode (from `PARALLEL_MIN_FIGURES` figures on).
    """
    figures = _figures(document)
    requests = [_request(page, box, raster) for _, page, box, raster in figures]
    if jobs > 1 and len(requests) >= PARALLEL_MIN_FIGURES:
        with worker_pool(jobs - 1) as pool:
            encoded = _shared_pictures(pool, pdf, password, requests, jobs)
    else:
        encoded = _pictures(pdf, password, requests)
    return {index: picture for (index, *_), picture in zip(figures, encoded, strict=True)}


def _chunks(pdf: Path, password: str | None, requests: list[Request], jobs: int
            ) -> list[tuple[Path, str | None, list[Request]]]:
    size = _chunk_size(len(requests), jobs)
    return [(pdf, password, requests[i:i + size]) for i in range(0, len(requests), size)]


def _chunk_size(count: int, jobs: int) -> int:
    # three chunks a process: the last ones, unstarted, are left to this process
    return max(1, -(-count // (jobs * 3)))


def _shared_pictures(pool: ProcessPoolExecutor, pdf: Path, password: str | None,
                     requests: list[Request], jobs: int) -> list[bytes]:
    return [picture for chunk in shared_work(pool, _pictures,
                                             _chunks(pdf, password, requests, jobs), jobs - 1)
            for picture in chunk]


class FigurePictures:
    """The pictures of a conversion's figures, made by its workers while it goes on.

    The geometry stage knows every figure's region long before the document is done, and
    the stages between (blocks, structure) run in the converting process alone, leaving the
    workers idle: `start` hands them the regions then, `collect` takes what they made
    (making itself what no worker started) and `by_paragraph` maps it onto the document.
    """

    def __init__(self, pdf: Path, password: str | None = None) -> None:
        self.pdf, self.password = pdf, password
        # (page, box) of each picture a chunk makes, the chunk, and the worker's future
        self._pending: list[tuple[list[tuple[int, Region]], list[Request],
                                  Future[list[bytes]]]] = []
        self._made: dict[tuple[int, Region], bytes] = {}

    def start(self, figures: list[tuple[int, Region, bool]],
              pool: ProcessPoolExecutor | None, jobs: int) -> None:
        """Hand the pictures of (page, box, raster) `figures` to `pool`'s workers."""
        if pool is None:
            return  # made by `by_paragraph`, in this process
        requests = [_request(page, box, raster) for page, box, raster in figures]
        keys = [(page, box) for page, box, _ in figures]
        size = _chunk_size(len(requests), jobs)
        for i in range(0, len(requests), size):
            chunk = requests[i:i + size]
            self._pending.append((keys[i:i + size], chunk,
                                  pool.submit(_pictures, self.pdf, self.password, chunk)))

    def collect(self) -> None:
        """Wait for the workers' pictures; make those no worker has started here."""
        # from the end, like `limits.shared_work`: the workers go on with the first chunks
        for keys, chunk, future in reversed(self._pending):
            if not future.cancel():
                break
            self._made.update(zip(keys, _pictures(self.pdf, self.password, chunk),
                                  strict=True))
        for keys, _, future in self._pending:
            if not future.cancelled():
                self._made.update(zip(keys, future.result(), strict=True))
        self._pending = []

    @property
    def ready(self) -> int:
        """How many pictures are made (by `collect`, or a `by_paragraph` before)."""
        return len(self._made)

    def by_paragraph(self, document: Document) -> dict[int, bytes]:
        """{index of the figure's paragraph in `document`: WebP bytes}, as `figure_images`;
        a figure whose region was not handed over is made now."""
        self.collect()
        figures = _figures(document)
        missing = [(page, box, raster) for _, page, box, raster in figures
                   if (page, box) not in self._made]
        made = _pictures(self.pdf, self.password, [_request(*f) for f in missing])
        for (page, box, _), picture in zip(missing, made, strict=True):
            self._made[page, box] = picture
        return {index: self._made[page, box] for index, page, box, _ in figures}


def _pictures(pdf: Path, password: str | None, requests: list[Request]) -> list[bytes]:
    if not requests:
        return []
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
