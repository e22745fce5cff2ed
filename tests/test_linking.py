"""Registers of a whole document (src/converter/linking.py)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from converter.anchors import html_id
from converter.entities import Gazetteer, load_gazetteer
from converter.linking import link_document
from converter.model import (
    Abbreviation,
    Document,
    Footnote,
    FootnoteMark,
    Occurrence,
    PageInfo,
    Paragraph,
    Source,
)

URL = "rapport/02-migratie/"


def paragraph(pid: str, page: int, text: str, marks: tuple[str, ...] = ()) -> Paragraph:
    return Paragraph(
        id=pid, section="s2-1", page=page, pages=(page,), kind="paragraph", text=text,
        marks=tuple(FootnoteMark(len(text), n, label=n) for n in marks), url=f"{URL}#{pid}",
    )


def footnote(number: str, page: int, text: str, pid: str | None) -> Footnote:
    return Footnote(number, f"fn:{number}", page, text, pid, f"{URL}#fn:{number}")


P1 = (
    "Met het programma ´Een thuis voor iedereen´ wordt beoogd de druk op de opvangcapaciteit "
    "van het COA te verlichten."
)
P2 = (
    "De Wet inburgering 2021 (hierna: Wi2021) heeft zich te bewijzen. Vrij snel na de start "
    "van de Wi2021 bleek dat. Zie Kamerstukken II 2022/23, 19637, nrs. 3000 en 3001."
)
P3 = "Het COA en de IND werken samen (Kamerstuk 32 824, nr. 379)."
FN28 = "Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883."
FN29 = "Kamerstukken II 2021/22, 32 847, nr. 883, p. 7; ECLI:NL:RVS:2022:3159."
FN30 = "Richtlijn 2013/33/EU."


def document() -> Document:
    return Document(
        title="De Staat van Migratie 2023",
        slug="staat-van-migratie-2023",
        source=Source("staat-van-migratie-2023.pdf", 30, "0" * 64),
        pages=tuple(PageInfo(n, str(n), f"page-{n}", f"{URL}#page-{n}") for n in (28, 29)),
        sections=(),
        paragraphs=(
            paragraph("p28-1", 28, P1, ("28",)),
            paragraph("p28-2", 28, P2, ("30",)),
            paragraph("p29-1", 29, P3),
        ),
        footnotes=(
            footnote("28", 28, FN28, "p28-1"),
            footnote("29", 29, FN29, None),  # attached to no paragraph
            footnote("30", 28, FN30, "p28-2"),
        ),
        abbreviations=(Abbreviation("Wi2021", "Wet inburgering 2021"),),
    )


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def linked(gazetteer: Gazetteer) -> Document:
    return link_document(document(), gazetteer)


def test_only_references_and_entities_change(linked: Document) -> None:
    assert replace(linked, references=(), entities=()) == document()


def test_references_sorted_by_kind_then_dossier_and_number(linked: Document) -> None:
    assert [(r.kind, r.key) for r in linked.references] == [
        ("ecli", "ECLI:NL:RVS:2022:3159"),
        ("eu_act", "32013L0033"),
        ("kamerstuk", "kst-19637-3000"),
        ("kamerstuk", "kst-19637-3001"),
        ("kamerstuk", "kst-32824-379"),
        ("kamerstuk", "kst-32847-883"),
    ]


def test_reference_occurrences_in_document_order(linked: Document) -> None:
    ref = next(r for r in linked.references if r.key == "kst-32847-883")
    assert ref.label == "Kamerstukken II 2021/22, 32 847, nr. 883"
    assert ref.url == "https://zoek.officielebekendmakingen.nl/kst-32847-883.html"
    first, second = ref.occurrences
    assert first == Occurrence(
        id="ref-kst-32847-883-1", paragraph="p28-1", footnote="28", page=28,
        start=0, end=len(FN28) - 1, text=FN28[:-1],
    )
    assert (second.id, second.paragraph, second.footnote, second.page) == (
        "ref-kst-32847-883-2", None, "29", 29,
    )
    assert second.text == "Kamerstukken II 2021/22, 32 847, nr. 883, p. 7"


def test_occurrence_text_is_the_slice_of_its_paragraph_or_footnote(linked: Document) -> None:
    texts = {p.id: p.text for p in linked.paragraphs}
    notes = {f.number: f.text for f in linked.footnotes}
    for item in (*linked.references, *linked.entities):
        for occ in item.occurrences:
            source = notes[occ.footnote] if occ.footnote else texts[occ.paragraph or ""]
            assert source[occ.start : occ.end] == occ.text


def test_every_occurrence_id_is_a_unique_html_id(linked: Document) -> None:
    ids = [o.id for item in (*linked.references, *linked.entities) for o in item.occurrences]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    ecli = next(r for r in linked.references if r.kind == "ecli")
    assert ecli.occurrences[0].id == "ref-ECLI-NL-RVS-2022-3159-1"


def test_document_order_puts_footnotes_after_their_paragraph(linked: Document) -> None:
    # footnote 30 belongs to p28-2, so it comes before p29-1 although it is listed after fn 29
    order = [
        (o.paragraph, o.footnote)
        for r in linked.references
        for o in r.occurrences
    ]
    assert ("p28-2", "30") in order
    eu = next(r for r in linked.references if r.kind == "eu_act")
    assert [(o.paragraph, o.footnote, o.page) for o in eu.occurrences] == [("p28-2", "30", 28)]


def test_entities_sorted_by_kind_then_name(linked: Document) -> None:
    keys = [(e.kind, e.name) for e in linked.entities]
    assert keys == sorted(keys, key=lambda k: (k[0], k[1].casefold()))
    assert {e.id for e in linked.entities} >= {
        "een-thuis-voor-iedereen", "coa", "ind", "wet-inburgering-2021", "opvangrichtlijn",
    }


def test_entity_occurrences_and_aliases(linked: Document) -> None:
    wi = next(e for e in linked.entities if e.id == "wet-inburgering-2021")
    assert [o.text for o in wi.occurrences] == ["Wet inburgering 2021", "Wi2021", "Wi2021"]
    assert [o.id for o in wi.occurrences] == [
        "ent-wet-inburgering-2021-1", "ent-wet-inburgering-2021-2", "ent-wet-inburgering-2021-3",
    ]
    assert "Wi2021" in wi.aliases
    assert "Wi 2021" in wi.aliases
    assert wi.url == "https://wetten.overheid.nl/BWBR0044770"
    coa = next(e for e in linked.entities if e.id == "coa")
    assert [(o.paragraph, o.footnote) for o in coa.occurrences] == [
        ("p28-1", None), ("p29-1", None),
    ]
    assert coa.name == "Centraal Orgaan opvang asielzoekers"


def test_report_abbreviation_for_an_unknown_act_is_an_alias(gazetteer: Gazetteer) -> None:
    doc = replace(
        document(),
        paragraphs=(paragraph("p1-1", 1, "De Wmo 2015 regelt dit."),),
        footnotes=(),
        abbreviations=(Abbreviation("Wmo 2015", "Wet maatschappelijke ondersteuning 2015"),),
    )
    (entity,) = link_document(doc, gazetteer).entities
    assert entity.id == "wet-maatschappelijke-ondersteuning-2015"
    assert entity.aliases == ("Wmo 2015",)


def test_pattern_names_are_harmonised_across_paragraphs(gazetteer: Gazetteer) -> None:
    doc = replace(
        document(),
        paragraphs=(
            paragraph("p1-1", 1, "Daarom wordt met het wetsvoorstel Versterking regie op de "
                                 "volkshuisvesting wettelijk verankerd dat"),
            paragraph("p1-2", 1, "In het wetsvoorstel Versterking regie op de volkshuisvesting "
                                 "is opgenomen"),
        ),
        footnotes=(),
    )
    (bill,) = link_document(doc, gazetteer).entities
    assert bill.id == "wetsvoorstel-versterking-regie-op-de-volkshuisvesting"
    assert [o.text for o in bill.occurrences] == [
        "wetsvoorstel Versterking regie op de volkshuisvesting",
        "wetsvoorstel Versterking regie op de volkshuisvesting",
    ]


def test_linking_is_deterministic(gazetteer: Gazetteer) -> None:
    assert link_document(document(), gazetteer) == link_document(document(), gazetteer)


def test_empty_document(gazetteer: Gazetteer) -> None:
    doc = replace(document(), paragraphs=(), footnotes=())
    linked = link_document(doc, gazetteer)
    assert (linked.references, linked.entities) == ((), ())


def test_keys_that_differ_only_in_unsafe_characters_get_distinct_anchors(
    gazetteer: Gazetteer,
) -> None:
    doc = replace(
        document(),
        paragraphs=(paragraph("p1-1", 1, "https://a.example/x.y en https://a.example/x-y"),),
        footnotes=(),
    )
    refs = link_document(doc, gazetteer).references
    ids = [r.occurrences[0].id for r in refs]
    assert len(set(ids)) == 2
    assert all(i.startswith("ref-https---a-example-x-y-") for i in ids)


def test_html_id() -> None:
    assert html_id("ECLI:NL:RVS:2022:3159") == "ECLI-NL-RVS-2022-3159"
    assert html_id("kst-36200-VII-14") == "kst-36200-VII-14"


def test_the_report_itself_is_not_an_entity_of_itself(gazetteer: Gazetteer) -> None:
    text = "Het programma ‘Aanpak arbeidsmigratie’ beschrijft de maatregelen."
    doc = replace(document(), title="Aanpak arbeidsmigratie",
                  paragraphs=(paragraph("p28-1", 28, text),), footnotes=())
    assert [e.name for e in link_document(doc, gazetteer).entities] == []
    other = replace(doc, title="De Staat van Migratie 2023")  # another report names it
    assert [e.name for e in link_document(other, gazetteer).entities] == ["Aanpak arbeidsmigratie"]


def _with_paragraphs(*texts: str) -> Document:
    doc = document()
    return replace(doc, footnotes=(), abbreviations=(), paragraphs=tuple(
        paragraph(f"p28-{n}", 28, text) for n, text in enumerate(texts, start=1)))


def test_an_entity_is_sure_when_the_gazetteer_or_the_text_vouches_for_it(
        gazetteer: Gazetteer) -> None:
    guess = "Het wetsvoorstel Regie op de bouw wettelijk verankerd is er."
    other = "Het wetsvoorstel Regie op de bouw is ingediend."
    bounded = "Zie het wetsvoorstel Regie op de bouw."
    known = "Het COA kijkt."

    def sure(*texts: str) -> dict[str, bool]:
        return {e.name: e.sure for e in link_document(_with_paragraphs(*texts),
                                                      gazetteer).entities}

    assert sure(guess, known) == {"Wetsvoorstel Regie op de bouw": False,
                                  "Centraal Orgaan opvang asielzoekers": True}
    assert sure(guess, guess) == {"Wetsvoorstel Regie op de bouw": False}  # same word after
    assert sure(guess, other) == {"Wetsvoorstel Regie op de bouw": True}
    assert sure(guess, bounded) == {"Wetsvoorstel Regie op de bouw": True}
