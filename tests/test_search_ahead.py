"""Texts searched ahead: while the converting process reads regions and blocks, the workers
search the paragraphs read so far (`pipeline.SearchAhead`), with the gazetteer as it stands.
The report's own abbreviations come later, so `link_references` keeps only what they cannot
change (`entities.may_find_otherwise`): the result is the same as searching afterwards."""

from __future__ import annotations

import dataclasses

import pytest

from converter import linking
from converter.entities import find_entities, load_gazetteer, may_find_otherwise
from converter.limits import worker_pool
from converter.model import Abbreviation, Document
from converter.pipeline import SearchAhead, link_references

# abbreviations that change the gazetteer: one moved to another expansion, an act the
# gazetteer does not know, an existing entry's new abbreviation (and one that changes nothing)
CHANGING = (
    Abbreviation("COA", "Commissie Onderzoek Apps"),
    Abbreviation("Wtgh", "Wet tijdelijke gemeentelijke huisvesting 2031"),
    Abbreviation("PAK", "Programma Aanpak Kwetsbaarheden"),
    Abbreviation("VW2", "Vreemdelingenwet 2000"),
)

CRAFTED = [
    "Het COA vangt asielzoekers op; de Commissie Onderzoek Apps (COA) adviseert.",
    "De Wet tijdelijke gemeentelijke huisvesting 2031 (Wtgh) regelt de opvang.",
    "Met het Programma Aanpak Kwetsbaarheden werken gemeenten samen.",
    "De VW2 en de Vreemdelingenwet 2000 zijn één wet.",
    "Een zin zonder namen, over niets in het bijzonder.",
]


def _texts(document: Document) -> list[str]:
    return [t.text for t in linking._texts_in_order(document) if t.text]


def test_texts_the_abbreviations_cannot_reach_are_found_the_same(sample_document: Document):
    base = load_gazetteer()
    changed = base.with_abbreviations({a.abbr: a.expansion for a in CHANGING})
    test = may_find_otherwise(base, changed)
    texts = list(dict.fromkeys(_texts(sample_document) + CRAFTED))
    flagged = [t for t in texts if test(t)]
    for text in texts:
        if text not in flagged:
            assert find_entities(text, base) == find_entities(text, changed), text
    # the test says something: the crafted mentions are flagged, most of the report is not
    # ("Programma Aanpak Kwetsbaarheden" is no name the patterns know: its PAK adds nothing)
    assert [test(t) for t in CRAFTED] == [True, True, False, True, False]
    assert 0 < len(flagged) < len(texts) / 2
    # texts on which the result does differ are among the flagged
    assert any(find_entities(t, base) != find_entities(t, changed) for t in flagged)


def test_abbreviations_the_gazetteer_has_already_reach_nothing():
    base = load_gazetteer()
    assert not may_find_otherwise(base, base.with_abbreviations({}))("Het COA en de IND.")


@pytest.mark.parametrize("abbreviations", [(), CHANGING], ids=["own", "changing"])
def test_linking_with_texts_found_ahead_is_linking_afterwards(sample_document: Document,
                                                               abbreviations):
    document = (dataclasses.replace(sample_document, abbreviations=abbreviations)
                if abbreviations else sample_document)
    texts = _texts(document)
    # everything found ahead, with the gazetteer as it stands
    found = dict(zip(texts, linking.find_in_texts(texts, load_gazetteer()), strict=True))
    with worker_pool(1) as pool:
        ahead = link_references(document, pool, 2, found)
    assert ahead == link_references(document)
    assert ahead.entities and ahead.references


def test_search_ahead_hands_out_batches_and_stops_when_asked():
    texts = [f"Zie Kamerstukken II 2021/22, 32 847, nr. {n} over de Vreemdelingenwet 2000."
             for n in range(1, 400)]
    with worker_pool(1) as pool, SearchAhead(pool, 1) as ahead:
        for text in texts:
            ahead.add(text)
        ahead.hand_out()
        pool.submit(int).result()  # every batch handed out before this is done by now
        found = ahead.results()
        assert found  # several batches, each of about AHEAD_CHARS
        expected = dict(zip(texts, linking.find_in_texts(texts, load_gazetteer()),
                            strict=True))
        assert all(found[t] == expected[t] for t in found)
        ahead.add("Na de resultaten wordt niets meer uitgedeeld, ook niet over de Wet 2021.")
        ahead.hand_out()
        assert ahead._running == []  # nothing was handed out after the results
