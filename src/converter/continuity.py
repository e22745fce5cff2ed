"""Anchors follow their text: a paragraph keeps the id it was published with.

A paragraph id is page-based when it is first published (``p4-3``: the third block that starts
on PDF page 4), so that readers can read it. A revised edition converted into the same folder
must not give ``p4-3`` to other text: a citation pasted into a memo would silently change
meaning. `carry_paragraph_ids` renames the new conversion's paragraphs before anything is
rendered:

1. a paragraph whose text is the same as an old one's (after `normalise_text`) keeps that
   id; old and new paragraphs are aligned in reading order first, so repeated texts pair in
   order, then same texts that moved elsewhere are paired;
2. a paragraph that is nearly the same as an old one between the same two kept paragraphs
   (the same place in the text) and in the same chapter keeps its id: word-sequence
   similarity (difflib ratio) of at least `SIMILAR`, best pairs first;
3. every other paragraph gets a new page-based id never published before (``p4-7`` when
   ``p4-1`` … ``p4-6`` ever existed);
4. an old id left without text gets a successor: the new paragraph standing where it stood
   (its replacement), else the next kept paragraph, else the one before. The CLI turns these
   into redirects; the page script shows the reader a note when it follows one.

Why 0.85: on the corpus conversions, changing one to three words of a paragraph of 20 words or
more keeps the ratio at 0.83–1.0 (one word: at least 0.85), while of 23,700 pairs of distinct
paragraphs in one section 0.34% reach 0.85: templated captions and statistics ("Figure 3.17
Intentie …" against "Figure 3.18 Intentie …", 0.95). Such a pair is only confused when one
replaces the other at the same place, between the same unchanged neighbours.

Headings (``s2-1``), footnotes (``fn:28``) and pages (``page-28``) are named by the report's
own numbers; those ids keep naming the number.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Any

from .manifest import PARAGRAPH_ID
from .model import Document, Occurrence, Paragraph

SIMILAR = 0.85
MAX_COMPARISONS = 40_000  # per stretch of changed paragraphs; beyond it, only nearby pairs
_WORD = re.compile(r"\w+")


def normalise_text(text: str) -> str:
    """The words of `text`, case-folded and NFKC-normalised: what a fingerprint covers.

    Punctuation, spacing and hyphenation (which a converter change may alter) do not count.
    """
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def fingerprint(text: str) -> str:
    """``"<16 hex digits of sha256> <first words>"``: recorded per id in anchors.json."""
    words = normalise_text(text)
    digest = hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]
    return f"{digest} {words[:80]}".rstrip()


def text_fingerprints(paragraphs: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    return {str(p["id"]): fingerprint(str(p.get("text", ""))) for p in paragraphs}


@dataclass(frozen=True, slots=True)
class _Item:
    id: str
    chapter: str
    text: str
    words: tuple[str, ...]
    key: str


def _item(paragraph_id: str, url: str, text: str) -> _Item:
    words = normalise_text(text)
    return _Item(paragraph_id, url.split("#", 1)[0], text, tuple(words.split()), words)


def carry_paragraph_ids(document: Document, previous: Mapping[str, Any] | None,
                        published: Iterable[str] = ()) -> tuple[Document, dict[str, str]]:
    """`document` with each paragraph under the id its text had in `previous` (an old
    model.json), new ids never in `published`, and ``{old id: successor}`` for the old ids
    whose text is gone. Without either, the document is returned as it is."""
    published = list(published)
    if not previous and not published:
        return document, {}  # a first conversion: the page-based ids as they are
    old = [_item(str(p["id"]), str(p.get("url", "")), str(p.get("text", "")))
           for p in (previous or {}).get("paragraphs", ())]
    new = [_item(p.id, p.url, p.text) for p in document.paragraphs]
    aligned, pairs = _pair(old, new)
    taken = {*published, *(item.id for item in old)}
    final = _final_ids(document.paragraphs, pairs, old, taken)
    successors = _successors(old, new, aligned, pairs, final)
    return rename_paragraphs(document, final), successors


# --- pairing --------------------------------------------------------------------------------


def _pair(old: Sequence[_Item], new: Sequence[_Item]
          ) -> tuple[list[tuple[int, int]], dict[int, int]]:
    """The same texts in reading order (``[(old index, new index)]``, both increasing), and
    ``{new index: old index}`` for every paragraph that keeps an id."""
    matcher = SequenceMatcher(None, [o.key for o in old], [n.key for n in new], autojunk=False)
    aligned = [(block.a + k, block.b + k) for block in matcher.get_matching_blocks()
               for k in range(block.size)]
    pairs = {j: i for i, j in aligned}
    # the same text elsewhere: moved (to another page, section or chapter)
    free_old: dict[str, list[int]] = defaultdict(list)
    used_old = set(pairs.values())
    for i, item in enumerate(old):
        if i not in used_old and item.key:
            free_old[item.key].append(i)
    for j, item in enumerate(new):
        if j not in pairs and free_old.get(item.key):
            pairs[j] = free_old[item.key].pop(0)
    # nearly the same text, at the same place
    for old_range, new_range in _stretches(aligned, pairs, len(old), len(new)):
        for i, j in _similar_pairs(old, new, old_range, new_range):
            pairs[j] = i
    return aligned, pairs


def _stretches(aligned: Sequence[tuple[int, int]], pairs: Mapping[int, int], n_old: int,
               n_new: int) -> list[tuple[list[int], list[int]]]:
    """Unpaired old and new paragraphs between the same two aligned pairs: the same place."""
    used_old, used_new = set(pairs.values()), set(pairs)
    stretches = []
    bounds = [(-1, -1), *aligned, (n_old, n_new)]
    for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
        old_range = [i for i in range(i0 + 1, i1) if i not in used_old]
        new_range = [j for j in range(j0 + 1, j1) if j not in used_new]
        if old_range and new_range:
            stretches.append((old_range, new_range))
    return stretches


def _similar_pairs(old: Sequence[_Item], new: Sequence[_Item], old_range: Sequence[int],
                   new_range: Sequence[int]) -> list[tuple[int, int]]:
    band = None
    if len(old_range) * len(new_range) > MAX_COMPARISONS:
        band = max(1, MAX_COMPARISONS // (2 * max(len(old_range), len(new_range))))
    scored = []
    for a, i in enumerate(old_range):
        for b, j in enumerate(new_range):
            if band is not None and abs(a - b) > band:
                continue
            o, n = old[i], new[j]
            if o.chapter != n.chapter or not o.words or not n.words:
                continue
            matcher = SequenceMatcher(None, o.words, n.words, autojunk=False)
            if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
                continue
            ratio = matcher.ratio()
            if ratio >= SIMILAR:
                scored.append((-ratio, a, b, i, j))
    chosen: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _, _, _, i, j in sorted(scored):
        if i not in used_old and j not in used_new:
            chosen.append((i, j))
            used_old.add(i)
            used_new.add(j)
    return chosen


# --- ids ------------------------------------------------------------------------------------


def _final_ids(paragraphs: Sequence[Paragraph], pairs: Mapping[int, int],
               old: Sequence[_Item], taken: set[str]) -> dict[str, str]:
    """``{provisional id: final id}`` for every new paragraph."""
    highest: dict[int, int] = defaultdict(int)  # page -> highest n of any pP-n ever used
    for anchor in taken:
        if match := PARAGRAPH_ID.match(anchor):
            page, n = int(match["page"]), int(match["n"])
            highest[page] = max(highest[page], n)
    final: dict[str, str] = {}
    for j, paragraph in enumerate(paragraphs):
        if j in pairs:
            final[paragraph.id] = old[pairs[j]].id
            continue
        highest[paragraph.page] += 1
        final[paragraph.id] = f"p{paragraph.page}-{highest[paragraph.page]}"
    return final


def _successors(old: Sequence[_Item], new: Sequence[_Item], aligned: Sequence[tuple[int, int]],
                pairs: Mapping[int, int], final: Mapping[str, str]) -> dict[str, str]:
    """``{old id: new id}`` for old paragraphs that kept no id: where their reader goes.

    Neighbours are the aligned (unchanged, in-order) paragraphs around the old one.
    """
    if not new:
        return {}
    kept = set(pairs.values())
    new_of_old = dict(aligned)
    result: dict[str, str] = {}
    for i, item in enumerate(old):
        if i in kept:
            continue
        before = next((k for k in range(i - 1, -1, -1) if k in new_of_old), None)
        after = next((k for k in range(i + 1, len(old)) if k in new_of_old), None)
        j_before = new_of_old[before] if before is not None else -1
        j_after = new_of_old[after] if after is not None else len(new)
        if j_before < j_after - 1:  # new text stands where it stood: its replacement
            offset = i - (before if before is not None else -1) - 1
            j = min(j_before + 1 + offset, j_after - 1)
        elif after is not None and (new[j_after].chapter == item.chapter or before is None):
            j = j_after
        elif before is not None:
            j = j_before
        else:
            j = min(i, len(new) - 1)
        result[item.id] = final[new[j].id]
    return result


def rename_paragraphs(document: Document, ids: Mapping[str, str]) -> Document:
    """`document` with paragraph ids renamed everywhere they occur (urls, footnotes,
    occurrences); ids not in `ids` stay."""
    if all(old == new for old, new in ids.items()):
        return document

    def rename(anchor: str | None) -> str | None:
        return ids.get(anchor, anchor) if anchor is not None else None

    def url(value: str, anchor: str) -> str:
        base, _, fragment = value.partition("#")
        return f"{base}#{ids.get(fragment, fragment)}" if fragment == anchor else value

    def occurrences(items: Iterable[Occurrence]) -> tuple[Occurrence, ...]:
        return tuple(replace(o, paragraph=rename(o.paragraph)) for o in items)

    paragraphs = tuple(replace(p, id=ids.get(p.id, p.id), url=url(p.url, p.id))
                       for p in document.paragraphs)
    footnotes = tuple(replace(f, paragraph=rename(f.paragraph)) for f in document.footnotes)
    references = tuple(replace(r, occurrences=occurrences(r.occurrences))
                       for r in document.references)
    entities = tuple(replace(e, occurrences=occurrences(e.occurrences))
                     for e in document.entities)
    return replace(document, paragraphs=paragraphs, footnotes=footnotes,
                   references=references, entities=entities)
