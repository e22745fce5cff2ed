"""Collect citations and named entities of a whole document into registers.

`link_document(doc, gazetteer)` runs `find_citations` and `find_entities` over the text of every
paragraph and every footnote and returns the document with `references` and `entities` filled:
one `Reference` per key and one `Entity` per id, each with its `Occurrence`s in document order.

Document order: each paragraph, then the footnotes it cites (in footnote order). A footnote
whose paragraph is unknown follows the last paragraph on or before its page.

Occurrence ids are ``ref-<key>-<n>`` and ``ent-<id>-<n>`` (n counts from 1 per key/id) with
every character outside ``[A-Za-z0-9_-]`` replaced by ``-``; should two keys collapse to the
same id that way, both get a short hash of the key appended so anchors stay unique.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from converter.anchors import html_id
from converter.entities import Gazetteer, find_entities, followed_differently, harmonise_names
from converter.model import (
    CitationMatch,
    Document,
    Entity,
    EntityMatch,
    Occurrence,
    Reference,
)
from converter.references import find_citations, kamerstuk_sort_key, natural_key

__all__ = ["html_id", "link_document"]

@dataclass(frozen=True, slots=True)
class _Text:
    """One searchable text: a paragraph, or a footnote attached to a paragraph."""

    text: str
    paragraph: str | None
    footnote: str | None
    page: int


def _texts_in_order(doc: Document) -> Iterator[_Text]:
    paragraph_ids = {p.id for p in doc.paragraphs}
    attached: dict[str, list[int]] = {}
    loose: list[int] = []
    for i, fn in enumerate(doc.footnotes):
        if fn.paragraph in paragraph_ids:
            attached.setdefault(fn.paragraph, []).append(i)  # type: ignore[arg-type]
        else:
            loose.append(i)
    # A footnote without a known paragraph goes after the last paragraph on or before its page.
    loose_after: dict[int, list[int]] = {}
    leading: list[int] = []
    starts = [p.page for p in doc.paragraphs]  # document order: pages never decrease
    for i in loose:
        k = bisect.bisect_right(starts, doc.footnotes[i].page) - 1
        if k >= 0:
            loose_after.setdefault(k, []).append(i)
        else:
            leading.append(i)

    def footnote_text(i: int) -> _Text:
        fn = doc.footnotes[i]
        return _Text(fn.text, fn.paragraph, fn.number, fn.page)

    for i in leading:
        yield footnote_text(i)
    for k, p in enumerate(doc.paragraphs):
        yield _Text(p.text, p.id, None, p.page)
        for i in attached.get(p.id, ()):
            yield footnote_text(i)
        for i in loose_after.get(k, ()):
            yield footnote_text(i)


def _unique_ids(prefix: str, keys: Iterable[str]) -> dict[str, str]:
    """key -> anchor base, unique even when two keys differ only in unsafe characters."""
    keys = sorted(set(keys))
    base = {k: f"{prefix}-{html_id(k)}" for k in keys}
    counts = Counter(base.values())
    return {
        k: b if counts[b] == 1 else f"{b}-{hashlib.sha1(k.encode()).hexdigest()[:8]}"
        for k, b in base.items()
    }


def _occurrence(anchor: str, where: _Text, start: int, end: int) -> Occurrence:
    return Occurrence(
        id=anchor,
        paragraph=where.paragraph,
        footnote=where.footnote,
        page=where.page,
        start=start,
        end=end,
        text=where.text[start:end],
    )


def _preferred_label(labels: list[str]) -> str:
    """The most informative label: chamber and session named, no pinpoint, first seen."""

    def score(label: str) -> tuple[int, int, int]:
        chamber = bool(re.match(r"(?:Kamerstukken|Handelingen|Aanhangsel Handelingen) I", label))
        session = bool(re.search(r"\b(?:19|20)\d\d/\d\d\b", label))
        return (-chamber, -session, len(label))

    return min(labels, key=lambda label: (score(label), labels.index(label)))


def _reference_sort_key(ref: Reference) -> tuple[object, ...]:
    if ref.kind in ("kamerstuk", "dossier"):
        return (ref.kind, kamerstuk_sort_key(ref.key))
    return (ref.kind, (1, natural_key(ref.key)))


def _references(found: list[tuple[_Text, CitationMatch]]) -> tuple[Reference, ...]:
    anchors = _unique_ids("ref", (m.key for _, m in found))
    by_key: dict[str, list[tuple[_Text, CitationMatch]]] = {}
    for where, m in found:
        by_key.setdefault(m.key, []).append((where, m))
    refs = []
    for key, items in by_key.items():
        first = items[0][1]
        occurrences = tuple(
            _occurrence(f"{anchors[key]}-{n}", where, m.start, m.end)
            for n, (where, m) in enumerate(items, start=1)
        )
        label = _preferred_label([m.label for _, m in items])
        refs.append(Reference(first.kind, key, label, first.url, occurrences))
    return tuple(sorted(refs, key=_reference_sort_key))


def _entities(found: list[tuple[_Text, EntityMatch]], gazetteer: Gazetteer) -> tuple[Entity, ...]:
    anchors = _unique_ids("ent", (m.id for _, m in found))
    by_id: dict[str, list[tuple[_Text, EntityMatch]]] = {}
    for where, m in found:
        by_id.setdefault(m.id, []).append((where, m))
    entities = []
    for entity_id, items in by_id.items():
        entry = gazetteer.get(entity_id)
        first = items[0][1]
        if entry is not None:
            name, url, aliases = entry.name, entry.url, entry.all_aliases
            sure = True
        else:
            names = Counter(m.name for _, m in items)
            best = max(names.values())
            name = next(m.name for _, m in items if names[m.name] == best)
            url, aliases = first.url, ()
            # one mention the text bounds, or two that end before different words
            sure = (any(m.sure for _, m in items)
                    or followed_differently((where.text, m) for where, m in items))
        occurrences = tuple(
            _occurrence(f"{anchors[entity_id]}-{n}", where, m.start, m.end)
            for n, (where, m) in enumerate(items, start=1)
        )
        entities.append(Entity(first.kind, entity_id, name, aliases, url, occurrences, sure))
    return tuple(sorted(entities, key=lambda e: (e.kind, e.name.casefold(), e.name, e.id)))


Matches = tuple[list[CitationMatch], list[EntityMatch]]
Finder = Callable[[list[str]], list[Matches]]


def find_in_texts(texts: list[str], gazetteer: Gazetteer,
                  cited: Sequence[list[CitationMatch] | None] = ()) -> list[Matches]:
    """Citations and entities of each text, in order (the part that can run in parallel).

    `cited[i]`, where given and not None, is `find_citations(texts[i])` found before.
    """
    found: list[Matches] = []
    for i, text in enumerate(texts):
        known = cited[i] if cited else None
        citations = known if known is not None else find_citations(text)
        found.append((citations, find_entities(text, gazetteer, citations=citations)))
    return found


def link_document(doc: Document, gazetteer: Gazetteer, finder: Finder | None = None) -> Document:
    """`doc` with `references` and `entities` gathered from all paragraph and footnote texts.

    `finder` maps texts to their matches (for example over worker processes); by default they
    are found here with `gazetteer` and the report's own abbreviations.
    """
    abbreviations = {a.abbr: a.expansion for a in doc.abbreviations}
    g = gazetteer.with_abbreviations(abbreviations)
    places = [where for where in _texts_in_order(doc) if where.text]
    texts = [where.text for where in places]
    found = finder(texts) if finder is not None else find_in_texts(texts, g)
    citations: list[tuple[_Text, CitationMatch]] = []
    named: list[tuple[_Text, EntityMatch]] = []
    for where, (cited, names) in zip(places, found, strict=True):
        citations.extend((where, m) for m in cited)
        named.extend((where, m) for m in names)
    # A pattern-found name that runs on in one place is cut back to its shorter form elsewhere.
    harmonised = harmonise_names([(where.text, m) for where, m in named], g)
    named = [(where, m) for (where, _), m in zip(named, harmonised, strict=True)]
    own = _comparable(doc.title)
    named = [(where, m) for where, m in named if not _is_the_report_itself(m, own)]
    return replace(doc, references=_references(citations), entities=_entities(named, g))


def _is_the_report_itself(match: EntityMatch, own: str) -> bool:
    """A report's own title (`own`, made `_comparable`) is never an entity of itself
    ("Programma van Eisen …" found as a programme in the report that is that programme of
    requirements)."""
    name = _comparable(match.name)
    return bool(name) and (name == own or (len(name) >= 12 and own.startswith(name)))


@lru_cache(maxsize=4096)  # asked of each mention's name; a report names its few often
def _comparable(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()
