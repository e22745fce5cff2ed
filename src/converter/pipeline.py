"""The whole conversion, stage by stage: extract -> layout -> blocks -> structure -> links.

Pages are independent until layout compares them (running headers, footnote continuations), so
extraction and line building run over page ranges in worker processes and in this one when
that pays (`jobs` processes in all). The workers die with this process and are
memory-bounded like it (`limits.worker_pool`).
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .blocks import layouts_to_blocks, resolve_footnotes, vocabulary, zones_to_footnotes
from .columns import columns_at, document_gutter, find_columns, read_across
from .extract import ConversionError, PdfInfo, iter_page_chars, open_pdf, page_count
from .figures import page_drawings
from .images import FigurePictures
from .layout import chars_to_lines
from .limits import SharedWork, quick_handover, shared_work, worker_pool
from .model import CitationMatch, Document, PageChars, PageLayout, PageLines, Source
from .quality import assess
from .regions import pages_to_layouts
from .structure import build_document
from .tables import grid_rows, grids_with_text, outside_grids, ruled_grids

if TYPE_CHECKING:
    from .entities import Gazetteer
    from .linking import Matches

# Below this, starting worker processes costs more than it saves: two workers save ~8 ms a page
# and cost ~80 ms to start and feed (measured on 3- to 22-page PDFs; 10 pages break even).
PARALLEL_MIN_PAGES = 12
# Page ranges (see `page_ranges`): 126-page ranges (1001 pages in 8) left one side idle for
# up to 1 s at the end.
MAX_CHUNK_PAGES = 32
MIN_CHUNK_PAGES = 4
# Paragraph and note texts searched as one item: about 4 items per process, at most 400
# texts each (a long report's last item would otherwise keep one side waiting, likewise).
CHUNKS_PER_JOB = 4
MAX_CHUNK_TEXTS = 400
Progress = Callable[[int, int], None]
Timings = dict[str, float]


# A conversion allocates millions of small objects that hold no reference cycles (glyphs,
# lines, runs), and Python's collector ran 221 times over them on the 151-page report,
# 0.07-0.15 s of a one-process conversion; every 20000 allocations it runs 4 times, 0.03 s.
COLLECT_EVERY = 20_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often inside the block (then as before)."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], COLLECT_EVERY), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def _timed(timings: Timings | None, stage: str) -> Iterator[None]:
    """Add the seconds spent in the block to `timings[stage]` (for the benchmark's shares)."""
    if timings is None:
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def _start_pages(pool: ProcessPoolExecutor, path: Path, password: str | None, total: int,
                 jobs: int) -> SharedWork[list[PageLines]]:
    """The workers begin on the pages' ranges; `_page_lines` takes part and collects."""
    return SharedWork(pool, _extract_counted,
                      [(path, password, a, b) for a, b in page_ranges(total, jobs)], jobs - 1)


def _halving(pages: int) -> list[int]:
    """Lengths that add up to `pages`, each about half of what is left (within bounds)."""
    lengths = []
    while pages > 0:
        size = (pages if pages < 2 * MIN_CHUNK_PAGES
                else max(MIN_CHUNK_PAGES, min(MAX_CHUNK_PAGES, pages // 2)))
        lengths.append(size)
        pages -= size
    return lengths


def page_ranges(total: int, jobs: int = 2) -> list[tuple[int, int]]:
    """Ranges of page indexes, long at both ends and short in the middle.

    The workers take ranges from the front and this process from the end until they meet
    (in the middle with one worker); whoever ends first then waits for the other's last
    range, so the ranges there are short. The others are long: each range opens the file
    once more (~4.5 ms).
    """
    meet = total * (jobs - 1) // jobs  # where `jobs - 1` workers meet this process
    front, back = _halving(meet), _halving(total - meet)  # lengths, from each end inwards
    ranges, start = [], 0
    for size in front + back[::-1]:
        ranges.append((start, start + size))
        start += size
    return ranges


def _page_lines(info: PdfInfo, password: str | None, pool: ProcessPoolExecutor | None,
                jobs: int, progress: Progress | None, timings: Timings | None = None,
                started: SharedWork[list[PageLines]] | None = None) -> list[PageLines]:
    total = info.pages
    if pool is None:
        pages = []
        glyphs = iter_page_chars(info.path, password)
        while True:
            with _timed(timings, "extract"):
                page = next(glyphs, None)
            if page is None:
                break
            pages.append(_lines_of(page, timings))
            if progress:
                progress(len(pages), total)
        return _with_document_gutter(info, password, _require_text(info, pages), timings)
    work = started or _start_pages(pool, info.path, password, total, jobs)
    pages: list[PageLines] = []
    with quick_handover():
        for lines in work:
            pages.extend(lines)
            if progress:
                progress(len(pages), total)
    return _with_document_gutter(info, password, _require_text(info, pages))


def _with_document_gutter(info: PdfInfo, password: str | None, pages: list[PageLines],
                          timings: Timings | None = None) -> list[PageLines]:
    """`pages`, where one read as a single column joins the lines of two columns across the
    document's gutter (too few rows to show it), read again with that gutter. Such pages
    are few; their glyphs are extracted a second time."""
    gutter = document_gutter(pages)
    if gutter is None:
        return pages
    again = {page.number: i for i, page in enumerate(pages) if read_across(page, gutter)}
    for glyphs in iter_page_chars(info.path, password, [number - 1 for number in again]):
        pages[again[glyphs.number]] = _lines_of(glyphs, timings, gutter)
    return pages


def _extract_counted(path: Path, password: str | None, start: int, stop: int
                     ) -> list[PageLines]:
    with fewer_collections():
        return [_lines_of(page) for page in iter_page_chars(path, password, range(start, stop))]


def _lines_of(page: PageChars, timings: Timings | None = None,
              gutter: float | None = None) -> PageLines:
    """A page's drawings, ruled tables, columns and lines; its glyphs are dropped here, so
    memory is bounded by one page. With `gutter` (the document's), a page that shows no
    columns of its own is read in columns where that gutter stays open."""
    with _timed(timings, "page geometry"):
        drawings = page_drawings(page.graphics, page.width, page.height, _usual_size(page))
        grids = grids_with_text(ruled_grids(page.graphics), page.chars, page.graphics)
        outside = outside_grids(page.chars, grids)
        columns = find_columns(outside, page.width, [d.box for d in drawings],
                               solid=grid_rows(grids))
        if not columns and gutter is not None:
            columns = columns_at(outside, gutter, [d.box for d in drawings])
    with _timed(timings, "layout"):
        lines = tuple(chars_to_lines(page, columns, grids=grids))
    return PageLines(page.number, page.width, page.height, lines, columns, page.graphics,
                     len(page.chars), page.error, drawings, grids)


def _usual_size(page: PageChars) -> float:
    sizes = sorted([c.size for c in page.chars if not c.text.isspace()])
    return sizes[len(sizes) // 2] if sizes else 10.0


def page_warnings(pages: list[PageLines]) -> tuple[str, ...]:
    return tuple(f"pagina {page.number} kon niet worden gelezen (unreadable page): {page.error}"
                 for page in pages if page.error)


def _require_text(info: PdfInfo, pages: list[PageLines]) -> list[PageLines]:
    if sum(page.chars for page in pages) == 0:
        raise ConversionError(
            f"{info.path}: PDF heeft geen tekstlaag (gescand?); OCR is nodig "
            "(no text layer, scanned?)"
        )
    return pages


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def convert(path: Path, *, password: str | None = None, slug: str | None = None,
            title: str | None = None, jobs: int | None = None, link: bool = True,
            progress: Progress | None = None, timings: Timings | None = None,
            pictures: FigurePictures | None = None) -> Document:
    """Convert a report PDF into the document model (references and entities included).

    With `timings`, the seconds of each stage are added to it; with workers, the stages they
    run are one entry ("extract, geometry, layout (workers)"). With `pictures`, the workers
    make the figures' pictures while this process goes on from the geometry stage (see
    `images.FigurePictures`); "figure pictures" is then the time spent waiting for them.
    """
    with fewer_collections():
        return _convert(path, password, slug, title, jobs, link, progress, timings, pictures)


def _convert(path: Path, password: str | None, slug: str | None, title: str | None,
             jobs: int | None, link: bool, progress: Progress | None, timings: Timings | None,
             pictures: FigurePictures | None) -> Document:
    jobs = jobs or default_jobs()
    # pdfium counts the pages in under a millisecond: the workers begin on them while pypdf
    # reads the file's description (0.04 s of 151 pages, 0.25 s of 1001). The gazetteer is
    # parsed later (0.03 s), by each process when it waits anyway (workers) or needs it.
    count = page_count(path, password) if jobs > 1 else 0
    parallel = count >= PARALLEL_MIN_PAGES
    # One pool for extraction, figure pictures and linking: pages are independent, and so are
    # figures and texts
    with worker_pool(jobs - 1) if parallel else nullcontext() as pool:
        started = _start_pages(pool, path, password, count, jobs) if pool is not None else None
        try:
            info = open_pdf(path, password)
        except BaseException:
            if started is not None:
                started.abandon()
            raise
        if started is not None and info.pages != count:
            started.abandon()  # pypdf counts otherwise: the pages as it counts them
            started = None
        if pool is None:
            pages = _page_lines(info, password, pool, jobs, progress, timings)
        else:
            with _timed(timings, "extract, geometry, layout (workers)"):
                pages = _page_lines(info, password, pool, jobs, progress, started=started)
        # the workers would wait while this process finds regions, blocks and structure:
        # meanwhile they search each paragraph's text as soon as it is read
        with (SearchAhead(pool, jobs - 1) if link and pool is not None
              else nullcontext()) as ahead:
            with _timed(timings, "page geometry"):
                layouts = pages_to_layouts(pages)
            if pictures is not None:
                pictures.start([(layout.number, region.box, region.raster)
                                for layout in layouts for region in layout.figures], pool, jobs)
            with _timed(timings, "blocks"):
                words = vocabulary(layouts)
                blocks = layouts_to_blocks(layouts, words,
                                           finished=ahead.add if ahead else None)
                notes = zones_to_footnotes(layouts, words)
                if ahead is not None:
                    for note in notes:
                        ahead.add(note.text)
                    ahead.hand_out()
                blocks, notes = resolve_footnotes(blocks, notes)
            with _timed(timings, "structure"):
                document = build_document(blocks, notes, layouts,
                                          Source(file="", pages=info.pages, sha256=info.sha256),
                                          info.title, slug=slug, title=title)
            warnings = info.warnings + page_warnings(pages)
            if warnings:
                document = replace(document, warnings=warnings + document.warnings)
            document = replace(document, source=replace(document.source,
                                                         file=f"{document.slug}.pdf"))
            with _timed(timings, "quality"):
                document = replace(document, quality=assess(document, layouts))
            if link:
                with _timed(timings, "references and entities"):
                    document = link_references(document, pool, jobs,
                                               ahead.results() if ahead else None)
        with _timed(timings, "imprint"):
            document = with_imprint(document, layouts, info.created)
        if pictures is not None:
            with _timed(timings, "figure pictures"):
                pictures.collect()
    return document


def with_imprint(document: Document, layouts: list[PageLayout], created: str) -> Document:
    """`document` with its issuer and year (see `imprint`)."""
    from .entities import load_gazetteer
    from .imprint import find_imprint

    found = find_imprint(document, layouts, load_gazetteer(), created)
    return replace(document, publisher=found.publisher, year=found.year)


def read_layouts(info: PdfInfo, password: str | None = None, jobs: int | None = None,
                 progress: Progress | None = None) -> list[PageLayout]:
    """Extraction and layout: every page split into body, footnote and furniture lines."""
    jobs = jobs or default_jobs()
    parallel = jobs > 1 and info.pages >= PARALLEL_MIN_PAGES
    with worker_pool(jobs - 1) if parallel else nullcontext() as pool:
        return pages_to_layouts(_page_lines(info, password, pool, jobs, progress))


def link_references(document: Document, pool: ProcessPoolExecutor | None = None,
                    jobs: int = 1, found: dict[str, Matches] | None = None) -> Document:
    """`document` with its references and entities; `found` holds texts searched ahead
    (`SearchAhead.results`) without the report's own abbreviations: of a text they may
    change (`entities.may_find_otherwise`), only the citations are used."""
    from .entities import load_gazetteer, may_find_otherwise
    from .linking import link_document

    if pool is None:
        return link_document(document, load_gazetteer())
    abbreviations = tuple((a.abbr, a.expansion) for a in document.abbreviations)
    found = found or {}
    gazetteer = load_gazetteer()
    differs = (may_find_otherwise(gazetteer, gazetteer.with_abbreviations(dict(abbreviations)))
               if abbreviations and found else None)

    def finder(texts: list[str]) -> list[Matches]:
        results: list[Matches | None] = [
            None if t not in found or (differs is not None and differs(t)) else found[t]
            for t in texts]
        todo = [i for i, known in enumerate(results) if known is None]
        size = min(MAX_CHUNK_TEXTS, max(50, -(-len(todo) // (jobs * CHUNKS_PER_JOB))))
        chunks = []
        for start in range(0, len(todo), size):
            part = todo[start:start + size]
            cited = [found[texts[i]][0] if texts[i] in found else None for i in part]
            chunks.append(([texts[i] for i in part], abbreviations,
                           cited if any(c is not None for c in cited) else []))
        done = (m for chunk in shared_work(pool, _find_in_chunk, chunks, jobs - 1)
                for m in chunk)
        for i, matches in zip(todo, done, strict=True):
            results[i] = matches
        return results  # type: ignore[return-value]  # every None is filled

    return link_document(document, gazetteer, finder)


def _find_in_chunk(texts: list[str], abbreviations: tuple[tuple[str, str], ...],
                   cited: list[list[CitationMatch] | None]) -> list[Matches]:
    from .linking import find_in_texts

    with fewer_collections():
        return find_in_texts(texts, _worker_gazetteer(abbreviations), cited)


AHEAD_CHARS = 8_000  # text handed to a worker at a time (~12 ms of its work)
AHEAD_DEPTH = 2  # batches handed to each worker at once, so that it never waits for the next


class SearchAhead:
    """Paragraph and note texts searched by idle workers while this process reads on.

    After extraction the workers would wait while this process finds regions, blocks and
    the structure (0.4-0.5 s of a 151-page report). Meanwhile they first compile the name
    patterns (regions come before any text), then search the texts read so far: batches of
    about AHEAD_CHARS, at most AHEAD_DEPTH per worker handed out at once, with the gazetteer
    as it stands. The report's abbreviations are known only later; `link_references` keeps
    what they cannot change. A batch that has not finished when the results are taken is
    searched again with the rest, so a busy pool (figure pictures) loses only what it would
    have done ahead. On the 151-page report about half the text is searched ahead.
    """

    def __init__(self, pool: ProcessPoolExecutor, workers: int) -> None:
        self._pool, self._workers = pool, workers
        self._lock = threading.Lock()
        self._pending: list[str] = []
        self._chars = 0
        self._running: list[Future[list[Matches]]] = []
        self._found: dict[str, Matches] = {}
        self._closed = False
        self._handover = quick_handover()

    def __enter__(self) -> SearchAhead:
        self._handover.__enter__()
        for _ in range(self._workers):
            self._pool.submit(_compile_name_patterns)
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()
        self._handover.__exit__(None, None, None)

    def add(self, text: str) -> None:
        """Search `text` ahead, in a batch of its own once there is enough to hand out."""
        if not text:
            return
        with self._lock:
            self._pending.append(text)
            self._chars += len(text)
            enough = self._chars >= AHEAD_CHARS
        if enough:
            self.hand_out()

    def hand_out(self) -> None:
        """Hand out what is pending, a batch at a time, while workers have room for one."""
        while True:
            with self._lock:
                full = len(self._running) >= AHEAD_DEPTH * self._workers
                if self._closed or not self._pending or full:
                    return
                texts: list[str] = []
                chars = 0
                for text in self._pending:
                    if chars >= AHEAD_CHARS:
                        break
                    texts.append(text)
                    chars += len(text)
                del self._pending[:len(texts)]
                self._chars -= chars
                try:
                    future = self._pool.submit(_find_in_chunk, texts, (), [])
                except Exception:  # a broken pool: linking finds it again, and says why
                    self._closed = True
                    return
                self._running.append(future)
            future.add_done_callback(lambda done, texts=texts: self._finished(texts, done))

    def _finished(self, texts: list[str], future: Future[list[Matches]]) -> None:
        with self._lock:
            self._running.remove(future)
            if not future.cancelled() and future.exception() is None:
                self._found.update(dict(zip(texts, future.result(), strict=True)))
        self.hand_out()  # from the pool's thread: this process may be busy reading

    def results(self) -> dict[str, Matches]:
        """What the workers have found; from now on nothing more is handed out."""
        self._close()
        with self._lock:
            return dict(self._found)

    def _close(self) -> None:
        with self._lock:
            self._closed = True
            running = list(self._running)
        for future in running:
            future.cancel()  # not started: the pool drops it


def _compile_name_patterns() -> None:
    from .entities import load_gazetteer

    load_gazetteer().compile_patterns()


@lru_cache(maxsize=4)
def _worker_gazetteer(abbreviations: tuple[tuple[str, str], ...]) -> Gazetteer:
    """The gazetteer is not picklable (mapping proxies): each worker loads it, once."""
    from .entities import load_gazetteer

    return load_gazetteer().with_abbreviations(dict(abbreviations))
