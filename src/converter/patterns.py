"""Scanning a text for a pattern that opens with a lookbehind, as fast as re allows.

The citation and name patterns open with a lookbehind (``(?<![\\w])Wet…``: a match starts a
word). Python's re finds where a match may start in C from the pattern's literal prefix,
but not past a leading assertion: such a pattern is tried at every position of the text,
and the references and entities stages spend most of their time there. The pattern without
its lookbehind has the prefix: it finds the first place a match can start, and the whole
pattern is matched from there on. The matches are the same: every match of the whole is a
match of the rest at the same place, and a lookbehind looks before the position a scan
starts at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

Scan = Callable[[str], Iterator[re.Match[str]]]

_LEADING_LOOKBEHINDS = re.compile(r"^(?:\(\?<!\[[^\]]*\]\))+")


def prefix_scan(pattern: re.Pattern[str]) -> Scan:
    """`pattern.finditer`, started where the pattern without its leading lookbehinds first
    matches. For patterns whose next element re can search for quickly: a literal, or a
    small set of first characters ("Stb|Stcrt|…", a digit); after an alternation of unlike
    words the search costs more than it saves."""
    rest = _LEADING_LOOKBEHINDS.sub("", pattern.pattern, count=1)
    if rest == pattern.pattern:
        raise ValueError(f"pattern does not open with a lookbehind: {pattern.pattern[:40]}")
    quick = re.compile(rest, pattern.flags)

    def scan(text: str) -> Iterator[re.Match[str]]:
        first = quick.search(text)
        return pattern.finditer(text, first.start()) if first is not None else iter(())

    return scan
