"""Compare pypdf and pypdfium2 as text sources on real PDFs (figures for the README).

For each PDF: seconds for pypdf's plain `extract_text`, for pypdfium2's plain page text, and
for our positioned extraction (pypdfium2 glyphs -> lines); and how many superscript footnote
markers each can see. pypdf's visitor reports text with its matrix but not the text rise, so a
marker raised by rise is indistinguishable from body text; we count what pypdf reports with a
smaller font size than its neighbours as its best case.

    python scripts/compare_extractors.py [PDF ...]   (default: ../shared/corpus/*.pdf)
"""

from __future__ import annotations

import itertools
import re
import sys
import time
from pathlib import Path

import pypdf
import pypdfium2 as pdfium

from converter.extract import iter_page_chars
from converter.layout import chars_to_lines

ROOT = Path(__file__).resolve().parents[1]


def pypdf_plain(path: Path) -> float:
    start = time.perf_counter()
    for page in pypdf.PdfReader(path).pages:
        page.extract_text()
    return time.perf_counter() - start


def pypdf_small_digit_runs(path: Path) -> int:
    """Digit-only text runs that pypdf reports at under 85% of the previous run's size."""
    count = 0
    for page in pypdf.PdfReader(path).pages:
        sizes: list[tuple[str, float]] = []

        def visit(text, _cm, tm, _font, size, sizes=sizes):
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 if tm else 1.0
            if text.strip():
                sizes.append((text.strip(), size * scale))

        page.extract_text(visitor_text=visit)
        for (_, before), (text, size) in itertools.pairwise(sizes):
            if re.fullmatch(r"\d{1,3}", text) and size < 0.85 * before:
                count += 1
    return count


def pdfium_plain(path: Path) -> float:
    start = time.perf_counter()
    document = pdfium.PdfDocument(str(path))
    for page in document:
        page.get_textpage().get_text_range()
    document.close()
    return time.perf_counter() - start


def ours(path: Path) -> tuple[float, int, int]:
    start = time.perf_counter()
    markers = hyphens = 0
    for page in iter_page_chars(path):
        for line in chars_to_lines(page):
            markers += sum(1 for r in line.runs if r.superscript and r.text.strip().isdigit())
            hyphens += line.hyphenated
    return time.perf_counter() - start, markers, hyphens


def main(paths: list[Path]) -> None:
    print(f"{'PDF':42} {'pages':>5} {'pypdf s':>8} {'pdfium s':>8} {'ours s':>7} "
          f"{'ours/pypdf':>10} {'markers pypdf':>13} {'markers ours':>12} {'soft hyphens':>12}")
    for path in paths:
        pages = len(pypdf.PdfReader(path).pages)
        plain = pypdf_plain(path)
        fast = pdfium_plain(path)
        elapsed, markers, hyphens = ours(path)
        print(f"{path.name[:42]:42} {pages:5d} {plain:8.2f} {fast:8.2f} {elapsed:7.2f} "
              f"{elapsed / plain:10.2f} {pypdf_small_digit_runs(path):13d} {markers:12d} "
              f"{hyphens:12d}")


if __name__ == "__main__":
    arguments = [Path(a) for a in sys.argv[1:]]
    main(arguments or sorted((ROOT.parent / "shared" / "corpus").glob("*.pdf")))
