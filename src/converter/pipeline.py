"""The whole conversion, stage by stage: extract -> layout -> blocks -> structure -> links.

Pages are independent until layout compares them (running headers, footnote continuations), so
extraction and line building run in worker processes over page ranges when that pays. The
workers die with this process and are memory-bounded like it (`limits.worker_pool`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .blocks import layouts_to_blocks, resolve_footnotes, vocabulary, zones_to_footnotes
from .columns import find_columns
from .extract import ConversionError, PdfInfo, iter_page_chars, open_pdf
from .figures import page_drawings
from .layout import chars_to_lines
from .limits import worker_pool
from .model import Document, PageChars, PageLayout, PageLines, Source
from .quality import assess
from .regions import pages_to_layouts
from .structure import build_document

if TYPE_CHECKING:
    from .entities import Gazetteer
    from .linking import Matches

# Below this, starting worker processes costs more than it saves: two workers save ~8 ms a page
# and cost ~80 ms to start and feed (measured on 3- to 22-page PDFs; 10 pages break even).
PARALLEL_MIN_PAGES = 12
Progress = Callable[[int, int], None]


def _page_lines(info: PdfInfo, password: str | None, pool: ProcessPoolExecutor | None,
                jobs: int, progress: Progress | None) -> list[PageLines]:
    total = info.pages
    if pool is None:
        pages = []
        for page in iter_page_chars(info.path, password):
            pages.append(_lines_of(page))
            if progress:
                progress(len(pages), total)
        return _require_text(info, pages)
    chunk = max(8, -(-total // (jobs * 4)))
    ranges = [(start, min(total, start + chunk)) for start in range(0, total, chunk)]
    pages = []
    futures = [pool.submit(_extract_counted, info.path, password, a, b) for a, b in ranges]
    for future in futures:
        pages.extend(future.result())
        if progress:
            progress(len(pages), total)
    return _require_text(info, pages)


def _extract_counted(path: Path, password: str | None, start: int, stop: int
                     ) -> list[PageLines]:
    return [_lines_of(page) for page in iter_page_chars(path, password, range(start, stop))]


def _lines_of(page: PageChars) -> PageLines:
    """A page's drawings, columns and lines; its glyphs are dropped here, so memory is
    bounded by one page."""
    drawings = page_drawings(page.graphics, page.width, page.height, _usual_size(page))
    columns = find_columns(page.chars, page.width, [d.box for d in drawings])
    return PageLines(page.number, page.width, page.height,
                     tuple(chars_to_lines(page, columns)), columns, page.graphics,
                     len(page.chars), page.error, drawings)


def _usual_size(page: PageChars) -> float:
    sizes = sorted(c.size for c in page.chars if not c.text.isspace())
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
            progress: Progress | None = None) -> Document:
    """Convert a report PDF into the document model (references and entities included)."""
    info = open_pdf(path, password)
    jobs = jobs or default_jobs()
    parallel = jobs > 1 and info.pages >= PARALLEL_MIN_PAGES
    if link and parallel:
        from .entities import load_gazetteer

        load_gazetteer()  # before the workers fork, so they inherit it parsed
    # one pool for extraction and linking: pages are independent, and so are texts
    with worker_pool(jobs) if parallel else nullcontext() as pool:
        pages = _page_lines(info, password, pool, jobs, progress)
        layouts = pages_to_layouts(pages)
        words = vocabulary(layouts)
        blocks = layouts_to_blocks(layouts, words)
        notes = zones_to_footnotes(layouts, words)
        blocks, notes = resolve_footnotes(blocks, notes)
        document = build_document(blocks, notes, layouts,
                                  Source(file="", pages=info.pages, sha256=info.sha256),
                                  info.title, slug=slug, title=title)
        warnings = info.warnings + page_warnings(pages)
        if warnings:
            document = replace(document, warnings=warnings + document.warnings)
        document = replace(document, source=replace(document.source,
                                                     file=f"{document.slug}.pdf"))
        document = replace(document, quality=assess(document, layouts))
        if link:
            document = link_references(document, pool, jobs)
        document = with_imprint(document, layouts, info.created)
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
    with worker_pool(jobs) if parallel else nullcontext() as pool:
        return pages_to_layouts(_page_lines(info, password, pool, jobs, progress))


def link_references(document: Document, pool: ProcessPoolExecutor | None = None,
                    jobs: int = 1) -> Document:
    from .entities import load_gazetteer
    from .linking import link_document

    if pool is None:
        return link_document(document, load_gazetteer())
    abbreviations = tuple((a.abbr, a.expansion) for a in document.abbreviations)

    def finder(texts: list[str]) -> list[Matches]:
        size = max(50, -(-len(texts) // (jobs * 4)))
        chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
        results = pool.map(_find_in_chunk, chunks, [abbreviations] * len(chunks))
        return [found for chunk in results for found in chunk]

    return link_document(document, load_gazetteer(), finder)


def _find_in_chunk(texts: list[str], abbreviations: tuple[tuple[str, str], ...]
                   ) -> list[Matches]:
    from .linking import find_in_texts

    return find_in_texts(texts, _worker_gazetteer(abbreviations))


@lru_cache(maxsize=4)
def _worker_gazetteer(abbreviations: tuple[tuple[str, str], ...]) -> Gazetteer:
    """The gazetteer is not picklable (mapping proxies): each worker loads it, once."""
    from .entities import load_gazetteer

    return load_gazetteer().with_abbreviations(dict(abbreviations))
