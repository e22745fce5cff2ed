"""Text helpers for generated Markdown: escaping PDF text and cutting highlighted snippets."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from converter import escaping

#: A sentence ends at . ! ? (optionally followed by a closing quote or bracket) followed by
#: space and an upper-case letter, digit-free quote or bracket.
_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]?\s+(?=[A-ZÀ-Ý‘“'\"(])")
#: Short words before a full stop that do not end a sentence ("nr.", "o.a.", "bijv.").
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:[A-Za-z]{1,2}|[a-z]\.[a-z]|nrs?|bijv|blz|art|jo|resp|ca|vgl|zgn|incl|excl|"
    r"jl|dhr|mevr|mr|drs|prof|ir|ing|Stb|Stcrt|Trb|Kamerstukken|Hand)\.?$"
)

SNIPPET_MAX = 260  # characters of sentence shown around a mention
SNIPPET_CONTEXT = 110  # characters either side of the mention when the sentence is longer


def escape(text: str) -> str:
    """PDF text made safe for Markdown with inline HTML: nothing in it is markup any more.

    The converter's one escaping function, so hooks and converter cannot drift apart.
    """
    return escaping.escape_markdown(str(text))


def escape_attr(text: str) -> str:
    return escaping.escape_attr(str(text))


def safe_url(url: str) -> str | None:
    """An http(s) URL fit for a Markdown link, or None (the converter's one URL check)."""
    return escaping.safe_url(str(url))


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the sentence(s) that contain ``text[start:end]``."""
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > start:
            break
        if not _ABBREVIATION.search(text[max(0, match.start() - 14) : match.start() + 1]):
            begin = match.end()
    finish = len(text)
    for match in _SENTENCE_END.finditer(text, end):
        if match.start() < end:
            continue
        if not _ABBREVIATION.search(text[max(0, match.start() - 14) : match.start() + 1]):
            finish = match.start() + 1
            break
    return begin, finish


def locate(text: str, start: int, end: int, expected: str) -> tuple[int, int] | None:
    """The range of a mention, checked against its text; searched for when the offsets are off."""
    if 0 <= start < end <= len(text) and (not expected or text[start:end] == expected):
        return start, end
    if expected:
        index = text.find(expected)
        if index < 0:
            index = text.casefold().find(expected.casefold())
        if index >= 0:
            return index, index + len(expected)
    return None


def snippet(text: str, ranges: Iterable[tuple[int, int]], *, limit: int = SNIPPET_MAX) -> str:
    """The sentence around the ranges, escaped, with each range in ``<mark>``.

    Long sentences are cut to ``SNIPPET_CONTEXT`` characters either side of the mentions, at
    word boundaries, with an ellipsis where text was left out.
    """
    spans = sorted({(s, e) for s, e in ranges if 0 <= s < e <= len(text)})
    if not spans:
        return escape(text[:limit].strip()) + ("…" if len(text) > limit else "")
    first, last = spans[0][0], max(e for _, e in spans)
    begin, finish = sentence_bounds(text, first, last)
    if finish - begin > limit:
        begin = max(begin, _word_start(text, first - SNIPPET_CONTEXT))
        finish = min(finish, _word_end(text, last + SNIPPET_CONTEXT))
    parts: list[str] = []
    if begin > 0 and text[:begin].strip():
        parts.append("… ")
    cursor = begin
    for s, e in spans:
        if s < cursor or e > finish:
            continue
        parts.append(escape(text[cursor:s]))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    parts.append(escape(text[cursor:finish]))
    if text[finish:].strip():
        parts.append(" …")
    return "".join(parts).strip()


def _word_start(text: str, index: int) -> int:
    if index <= 0:
        return 0
    space = text.find(" ", index)
    return space + 1 if space >= 0 else index


def _word_end(text: str, index: int) -> int:
    if index >= len(text):
        return len(text)
    space = text.rfind(" ", 0, index)
    return space if space > 0 else index


def html_id(key: str) -> str:
    """A stable HTML id for a register entry key (kept as is when already safe)."""
    cleaned = re.sub(r"[^\w:.-]+", "-", key, flags=re.ASCII).strip("-")
    if not cleaned or not cleaned[0].isalpha():
        cleaned = f"r-{cleaned}"
    return cleaned


def spaced_number(digits: str) -> str:
    """Thousands grouping as used for dossier numbers: ``32847`` -> ``32 847``."""
    if not digits.isdigit() or len(digits) <= 3:
        return digits
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return " ".join(groups)


def paragraph_text(paragraph: Mapping[str, Any]) -> str:
    """What a reader can search a paragraph by: its text, and for a figure (whose text is its
    caption) its source line and the labels inside it, so "COA-bezetting" finds the chart;
    for a table (whose text is its cells) its caption and source line, which the model keeps
    with the table rather than as paragraphs of their own."""
    text = str(paragraph.get("text") or "")
    table = paragraph.get("table")
    if isinstance(table, Mapping):
        parts = [str(table.get("caption") or ""), text, str(table.get("source") or "")]
        text = " ".join(part for part in parts if part)
    figure = paragraph.get("figure")
    if isinstance(figure, Mapping):
        extra = [str(figure.get("source") or "")]
        extra += [str(label) for label in figure.get("labels") or () if isinstance(label, str)]
        extra = [part for part in extra if part]
        if extra:
            text = " · ".join([text, *extra]) if text else " · ".join(extra)
    return text

