"""Anchors: the ids readers cite. The scheme is part of the public contract (see README).

- paragraphs, list items, captions, tables: ``p{page}-{n}``: the n-th block that starts on PDF
  page `page` ("p28-3" is page 28, block 3). A converter improvement that merges or splits
  blocks can only move ids on the pages it touches; the anchor manifest catches that.
- headings: ``s{number}`` with dots as dashes ("s2-1"), or ``s-{slug}`` when unnumbered.
- pages: ``page-{n}``; footnotes: ``fn:{number}`` (as Python-Markdown's footnotes write them).
- chapter files: ``hoofdstuk-{n}``, ``bijlage-{n}``, or a slug of the title when unnumbered.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter


def slugify(text: str, max_words: int | None = 8) -> str:
    """ASCII slug of Dutch text: "Één thuis voor iedereen" -> "een-thuis-voor-iedereen"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words]) or "x"


def paragraph_ids(pages: list[int]) -> list[str]:
    """Ids for blocks in document order, given the page each starts on."""
    seen: Counter[int] = Counter()
    ids = []
    for page in pages:
        seen[page] += 1
        ids.append(f"p{page}-{seen[page]}")
    return ids


def section_id(number: str, title: str, taken: set[str]) -> str:
    if number and re.fullmatch(r"\d+(?:\.\d+)*", number):
        base = "s" + number.replace(".", "-")
    elif number:
        base = "s-" + slugify(number)
    else:
        base = "s-" + slugify(title, max_words=6)
    return _unique(base, taken)


def chapter_file(number: str, title: str, taken: set[str]) -> str:
    if number and number.isdigit():
        base = f"hoofdstuk-{number}"
    elif number:
        base = slugify(number)  # "Bijlage 1" -> "bijlage-1"
    else:
        base = slugify(title, max_words=6)
    return _unique(base, taken) + ".md"


FIGURE_DIR = "figuren"


def figure_file(paragraph_id: str) -> str:
    """A figure's picture in the report folder: named by the figure's own anchor."""
    return f"{FIGURE_DIR}/{paragraph_id}.webp"


def page_id(page: int) -> str:
    return f"page-{page}"


def footnote_id(label: str) -> str:
    return f"fn:{label}"


def html_id(text: str) -> str:
    """Characters outside [A-Za-z0-9_-] become '-', so any key is a valid, copyable id."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", text)


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate
