"""Named entities (src/converter/entities.py): gazetteer, patterns, precision."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from converter.entities import (
    Gazetteer,
    GazetteerEntry,
    find_entities,
    followed_differently,
    load_gazetteer,
    slugify,
)
from converter.model import EntityMatch

IDENTIFIERS = Path(__file__).resolve().parents[2] / "shared" / "reference" / "identifiers.tsv"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "staat-van-migratie-2023-p28.txt"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def found(text: str, g: Gazetteer, extra: dict[str, str] | None = None) -> list[tuple[str, str]]:
    return [(m.kind, m.id) for m in find_entities(text, g, extra or {})]


def spans(text: str, g: Gazetteer) -> list[str]:
    return [text[m.start : m.end] for m in find_entities(text, g)]


# --- the data file --------------------------------------------------------------------------


def test_packaged_gazetteer_loads(gazetteer: Gazetteer) -> None:
    kinds = {e.kind for e in gazetteer.entries}
    assert kinds == {"law", "eu_act", "programme", "organisation"}
    assert len({e.id for e in gazetteer.entries}) == len(gazetteer.entries)
    for e in gazetteer.entries:
        assert e.id == slugify(e.id), e.id
        assert e.name
        assert e.url == "" or e.url.startswith("https://")
        if e.bwb:
            assert e.url == f"https://wetten.overheid.nl/{e.bwb}"
        if e.celex.startswith("3"):
            assert e.url.endswith(f"CELEX:{e.celex}")


@pytest.mark.skipif(not IDENTIFIERS.is_file(), reason="identifiers.tsv not available")
def test_every_bwb_and_celex_of_identifiers_tsv_is_in_the_gazetteer(gazetteer: Gazetteer) -> None:
    rows = [line.split("\t") for line in IDENTIFIERS.read_text(encoding="utf-8").splitlines()[1:]]
    bwbs = {e.bwb for e in gazetteer.entries}
    celexes = {e.celex for e in gazetteer.entries}
    for row in rows:
        ident = row[3]
        if ident.startswith(("BWBR", "BWBV")):
            assert ident.split()[0] in bwbs, row[1]
        if ident.startswith("CELEX "):
            assert ident.split()[1] in celexes, row[1]


def test_gazetteer_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(
        yaml.safe_dump(
            {"organisation": [{"id": "coa", "name": "Centraal Orgaan opvang asielzoekers",
                               "abbreviations": ["COA"], "url": "https://www.coa.nl"}]}
        ),
        encoding="utf-8",
    )
    g = load_gazetteer(path)
    assert found("Het COA bouwt.", g) == [("organisation", "coa")]


def test_duplicate_ids_are_rejected() -> None:
    entry = GazetteerEntry("law", "x", "X")
    with pytest.raises(ValueError, match="duplicate"):
        Gazetteer((entry, entry))


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="kinds"):
        Gazetteer((GazetteerEntry("person", "x", "X"),))


# --- gazetteer matches ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De Wet inburgering 2021 trad in werking.", [("law", "wet-inburgering-2021")]),
        ("artikel 29 Vw 2000", [("law", "vreemdelingenwet-2000")]),
        ("de Vreemdelingenwet 2000 en de Participatiewet",
         [("law", "vreemdelingenwet-2000"), ("law", "participatiewet")]),
        ("de Spreidingswet",
         [("law", "wet-gemeentelijke-taak-mogelijk-maken-asielopvangvoorzieningen")]),
        ("de Wet gemeentelijke taak mogelijk maken asielopvangvoorzieningen",
         [("law", "wet-gemeentelijke-taak-mogelijk-maken-asielopvangvoorzieningen")]),
        ("de Huisvestingswet 2014", [("law", "huisvestingswet-2014")]),
        ("Wet COA", [("law", "wet-centraal-orgaan-opvang-asielzoekers")]),
        ("het EVRM", [("law", "evrm")]),
        ("de Opvangrichtlijn", [("eu_act", "opvangrichtlijn")]),
        ("de opvangrichtlijn", [("eu_act", "opvangrichtlijn")]),
        ("de Dublinverordening", [("eu_act", "dublinverordening")]),
        ("de Richtlijn tijdelijke bescherming", [("eu_act", "richtlijn-tijdelijke-bescherming")]),
        ("Richtlijn 2013/33/EU", [("eu_act", "opvangrichtlijn")]),
        ("Verordening (EU) nr. 604/2013", [("eu_act", "dublinverordening")]),
        ("de Terugkeerrichtlijn (2008/115/EG)", [("eu_act", "terugkeerrichtlijn")]),
        ("Nationale Woon- en Bouwagenda", [("programme", "nationale-woon-en-bouwagenda")]),
        ("Integrale Migratieagenda", [("programme", "integrale-migratieagenda")]),
        ("de Werkagenda", [("programme", "werkagenda")]),
        ("het Aanjaagteam Bescherming Arbeidsmigranten",
         [("programme", "aanjaagteam-bescherming-arbeidsmigranten")]),
        ("brede migratiepartnerschappen", [("programme", "brede-migratiepartnerschappen")]),
        ("de Taskforce versnelling tijdelijke huisvesting van start",
         [("programme", "taskforce-versnelling-tijdelijke-huisvesting")]),
        ("het COA en de IND", [("organisation", "coa"), ("organisation", "ind")]),
        ("DUO, VNG, IPO, UWV en SVB", [("organisation", i) for i in
                                       ("duo", "vng", "ipo", "uwv", "svb")]),
        ("de Raad van State", [("organisation", "raad-van-state")]),
        ("de Afdeling advisering van de Raad van State", [("organisation", "raad-van-state")]),
        ("de Autoriteit Persoonsgegevens", [("organisation", "autoriteit-persoonsgegevens")]),
        ("de Europese Commissie", [("organisation", "europese-commissie")]),
        ("UNHCR en IOM", [("organisation", "unhcr"), ("organisation", "iom")]),
        ("de Dienst Terugkeer en Vertrek (DT&V)",
         [("organisation", "dtv"), ("organisation", "dtv")]),
        ("de AVIM en de KMar", [("organisation", "avim"), ("organisation", "kmar")]),
        ("de GGD’en", [("organisation", "ggd")]),
    ],
)
def test_gazetteer_names(gazetteer: Gazetteer, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text, gazetteer) == expected


def test_match_carries_canonical_name_and_url(gazetteer: Gazetteer) -> None:
    (m,) = find_entities("de Wi 2021", gazetteer)
    assert m == EntityMatch("law", "wet-inburgering-2021", "Wet inburgering 2021",
                            "https://wetten.overheid.nl/BWBR0044770", 3, 10)


def test_longest_match_wins(gazetteer: Gazetteer) -> None:
    assert spans("de Wet inburgering 2021 is", gazetteer) == ["Wet inburgering 2021"]
    assert found("de Opvangrichtlijn 2024", gazetteer) == [("eu_act", "opvangrichtlijn-2024")]


def test_names_across_line_breaks_and_nbsp(gazetteer: Gazetteer) -> None:
    text = "de Wet\ninburgering\u00a02021 en het Centraal Orgaan\nopvang asielzoekers"
    assert found(text, gazetteer) == [("law", "wet-inburgering-2021"), ("organisation", "coa")]


# --- precision ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "de coalitie sloot een akkoord",  # coa inside a word
        "de index steeg",  # IND inside a word
        "een coa-locatie",  # abbreviations are case-sensitive
        "De ind is niet de IND",  # only the second one
        "zoals de wet voorschrijft",
        "volgens de wet en regelgeving",
        "Wet en regelgeving moeten duidelijk zijn.",
        "Kieswetgeving en regelgeving",
        "de wetgeving",
        "een wetsvoorstel van het kabinet",
        "het programma",
        "de agenda van de minister",
        "Agenda voor vandaag",
        "een initial public offering (IPO) plaats",
        "Vandaag. Wet is wet.",
        "37.500 flexwoningen in 2022-2024",
    ],
)
def test_precision_negatives(gazetteer: Gazetteer, text: str) -> None:
    got = found(text, gazetteer)
    if text.startswith("De ind is niet"):
        assert got == [("organisation", "ind")]
    else:
        assert got == [], got


def test_sentence_start_wet_needs_a_year_or_known_name(gazetteer: Gazetteer) -> None:
    assert found("Vorig jaar. Wet maatschappelijke ondersteuning geldt.", gazetteer) == []
    assert found("Vorig jaar. Wet maatschappelijke ondersteuning 2015 geldt.", gazetteer) == [
        ("law", "wet-maatschappelijke-ondersteuning-2015")
    ]
    assert found("Vorig jaar. Wet arbeid vreemdelingen geldt.", gazetteer) == [
        ("law", "wet-arbeid-vreemdelingen")
    ]


# --- patterns -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "kind", "entity_id", "name"),
    [
        ("De Wet donorgegevens kunstmatige bevruchting geeft kinderen",
         "Wet donorgegevens kunstmatige bevruchting", "law",
         "wet-donorgegevens-kunstmatige-bevruchting", "Wet donorgegevens kunstmatige bevruchting"),
        ("in de Wet op de ruimtelijke ordening (Wro) staat",
         "Wet op de ruimtelijke ordening", "law", "wet-op-de-ruimtelijke-ordening",
         "Wet op de ruimtelijke ordening"),
        ("de Wet maatschappelijke ondersteuning 2015 is", "Wet maatschappelijke ondersteuning 2015",
         "law", "wet-maatschappelijke-ondersteuning-2015",
         "Wet maatschappelijke ondersteuning 2015"),
        ("de Omgevingswet treedt", "Omgevingswet", "law", "omgevingswet", "Omgevingswet"),
        ("de Coronanoodwet", "Coronanoodwet", "law", "coronanoodwet", "Coronanoodwet"),
        ("de Tijdelijke wet maatregelen COVID-19 en", "Tijdelijke wet maatregelen COVID-19",
         "law", "tijdelijke-wet-maatregelen-covid-19", "Tijdelijke wet maatregelen COVID-19"),
        ("het wetsvoorstel Versterking regie op de volkshuisvesting is ingediend",
         "wetsvoorstel Versterking regie op de volkshuisvesting", "law",
         "wetsvoorstel-versterking-regie-op-de-volkshuisvesting",
         "Wetsvoorstel Versterking regie op de volkshuisvesting"),
        ("Met het programma ´Een thuis voor iedereen´ wordt", "programma ´Een thuis voor iedereen´",
         "programme", "een-thuis-voor-iedereen", "Programma Een thuis voor iedereen"),
        ("het programma ‘Samen tegen mensenhandel’ loopt", "programma ‘Samen tegen mensenhandel’",
         "programme", "samen-tegen-mensenhandel", "Samen tegen mensenhandel"),
        ("het actieplan „Perspectief op werk” is", "actieplan „Perspectief op werk”",
         "programme", "perspectief-op-werk", "Perspectief op werk"),
        ("de Taskforce Gedragswetenschappen die adviseert", "Taskforce Gedragswetenschappen",
         "programme", "taskforce-gedragswetenschappen", "Taskforce Gedragswetenschappen"),
        ("het nieuw Actieplan Kapitaalmarktunie, dat", "Actieplan Kapitaalmarktunie",
         "programme", "actieplan-kapitaalmarktunie", "Actieplan Kapitaalmarktunie"),
        ("de Nationale Integratieagenda komt", "Nationale Integratieagenda", "programme",
         "nationale-integratieagenda", "Nationale Integratieagenda"),
        ("Deze Samenwerkingsagenda komt", "Samenwerkingsagenda", "programme",
         "samenwerkingsagenda", "Samenwerkingsagenda"),
    ],
)
def test_patterns(
    gazetteer: Gazetteer, text: str, span: str, kind: str, entity_id: str, name: str
) -> None:
    (m,) = find_entities(text, gazetteer)
    assert (text[m.start : m.end], m.kind, m.id, m.name) == (span, kind, entity_id, name)


def test_bill_named_after_an_act_is_the_act(gazetteer: Gazetteer) -> None:
    text = "het wetsvoorstel Tijdelijke wet notificatieapplicatie wordt"
    assert found(text, gazetteer) == [("law", "tijdelijke-wet-notificatieapplicatie")]


def test_pattern_name_runs_on_but_is_cut_back_to_a_shorter_mention(gazetteer: Gazetteer) -> None:
    text = (
        "met het wetsvoorstel Versterking regie op de volkshuisvesting wettelijk verankerd. "
        "In het wetsvoorstel Versterking regie op de volkshuisvesting is opgenomen"
    )
    names = {text[m.start : m.end] for m in find_entities(text, gazetteer)}
    assert names == {
        "wetsvoorstel Versterking regie op de volkshuisvesting",
    }


def test_a_year_makes_another_act_not_a_run_on(gazetteer: Gazetteer) -> None:
    text = (
        "De Wet maatschappelijke ondersteuning 2015 verving de Wet maatschappelijke "
        "ondersteuning uit 2007."
    )
    assert [m.id for m in find_entities(text, gazetteer)] == [
        "wet-maatschappelijke-ondersteuning-2015",
        "wet-maatschappelijke-ondersteuning",
    ]


def test_a_name_that_opens_a_quotation_runs_to_its_closing_quote(gazetteer: Gazetteer) -> None:
    text = ("aanvankelijk als deel van de ‘Tijdelijke wet informatieverstrekking RIVM i.v.m. "
            "Covid-19’, maar")
    (m,) = find_entities(text, gazetteer)
    assert m.name == "Tijdelijke wet informatieverstrekking RIVM i.v.m. Covid-19"
    assert text[m.end] == "’" and m.sure
    # a sentence inside the quotes is no name, nor is a name that only ends at an apostrophe
    (m,) = find_entities("de ‘Wet toezicht kinderopvang. Daarna volgt’ hier", gazetteer)
    assert m.name == "Wet toezicht kinderopvang"
    (m,) = find_entities("de GGD’en en de ‘Wet toezicht kinderopvang’ zijn", gazetteer)[1:]
    assert m.name == "Wet toezicht kinderopvang"


def test_an_acronym_before_a_lower_case_word_belongs_to_the_name(gazetteer: Gazetteer) -> None:
    text = "In de Taskforce digitale ondersteuning bestrijding COVID-19 kijken wetenschappers"
    assert spans(text, gazetteer) == ["Taskforce digitale ondersteuning bestrijding COVID-19"]
    # before a capitalised word it heads the next row of a list of abbreviations
    text = "TVTH Taskforce versnelling tijdelijke huisvesting UWV Uitvoeringsinstituut"
    assert "Taskforce versnelling tijdelijke huisvesting UWV" not in spans(text, gazetteer)


def sure_of(text: str, g: Gazetteer) -> dict[str, bool]:
    return {m.name: m.sure for m in find_entities(text, g)}


@pytest.mark.parametrize(("text", "name"), [
    ("de Kinderopvangwet regelt", "Kinderopvangwet"),  # one word
    ("de Wet maatschappelijke ondersteuning 2015 is", "Wet maatschappelijke ondersteuning 2015"),
    ("de Tijdelijke wet maatregelen COVID-19 en", "Tijdelijke wet maatregelen COVID-19"),
    ("de Taskforce Gedragswetenschappen die adviseert", "Taskforce Gedragswetenschappen"),
    ("volgens de Wet toezicht trustkantoren, die", "Wet toezicht trustkantoren"),
    ("in de Wet toezicht trustkantoren (Wtt) staat", "Wet toezicht trustkantoren"),
    ("Zie de Wet toezicht trustkantoren", "Wet toezicht trustkantoren"),  # the text's end
    ("het programma ‘Samen tegen mensenhandel’ loopt", "Samen tegen mensenhandel"),
    ("gazetteer: de Wet publieke gezondheid waar", "Wet publieke gezondheid"),
])
def test_names_the_text_bounds_are_sure(gazetteer: Gazetteer, text: str, name: str) -> None:
    assert sure_of(text, gazetteer)[name] is True


@pytest.mark.parametrize(("text", "name"), [
    # the name ends where a word looks like no part of it: a guess
    ("bij de Wet bescherming klokkenluiders waar de grens ligt",
     "Wet bescherming klokkenluiders waar"),
    ("het wetsvoorstel Versterking regie op de volkshuisvesting wettelijk",
     "Wetsvoorstel Versterking regie op de volkshuisvesting"),
])
def test_names_that_end_at_a_guess_are_unsure(gazetteer: Gazetteer, text: str, name: str) -> None:
    assert sure_of(text, gazetteer)[name] is False


def test_a_name_before_different_words_ends_where_the_text_ends_it(gazetteer: Gazetteer) -> None:
    one = "met het wetsvoorstel Versterking regie op de volkshuisvesting wettelijk verankerd"
    other = "In het wetsvoorstel Versterking regie op de volkshuisvesting is opgenomen"
    same = "Ook het wetsvoorstel Versterking regie op de volkshuisvesting wettelijk geregeld"
    (a,), (b,), (c,) = (find_entities(t, gazetteer) for t in (one, other, same))
    assert not a.sure and not b.sure
    assert followed_differently([(one, a), (other, b)])
    assert not followed_differently([(one, a), (same, c)])  # cut before the same word


# --- the report's own abbreviations ---------------------------------------------------------


def test_report_abbreviation_becomes_alias(gazetteer: Gazetteer) -> None:
    text = "Vrij snel na de start van de Wi2021 bleek"
    assert found(text, gazetteer) == [("law", "wet-inburgering-2021")]
    assert found("De WIN 2021 en de Wi21", gazetteer, {"Wi21": "Wet inburgering 2021"}) == [
        ("law", "wet-inburgering-2021")
    ]


def test_report_abbreviation_for_a_pattern_name(gazetteer: Gazetteer) -> None:
    extra = {"Wmo 2015": "Wet maatschappelijke ondersteuning 2015"}
    assert found("zoals de Wmo 2015 regelt", gazetteer, extra) == [
        ("law", "wet-maatschappelijke-ondersteuning-2015")
    ]


def test_report_meaning_of_an_abbreviation_wins(gazetteer: Gazetteer) -> None:
    extra = {"IPO": "initial public offering"}
    assert found("het IPO overlegt", gazetteer, extra) == []
    assert found("het IPO overlegt", gazetteer) == [("organisation", "ipo")]


def test_with_abbreviations_keeps_the_original(gazetteer: Gazetteer) -> None:
    g2 = gazetteer.with_abbreviations({"Wi21": "Wet inburgering 2021"})
    assert "Wi21" in g2.get("wet-inburgering-2021").abbreviations  # type: ignore[union-attr]
    assert "Wi21" not in gazetteer.get("wet-inburgering-2021").abbreviations  # type: ignore[union-attr]


@pytest.mark.skipif(not SEED.is_file(), reason="seed page not available")
def test_seed_page(gazetteer: Gazetteer) -> None:
    text = SEED.read_text(encoding="utf-8")
    extra = {"Wi2021": "Wet inburgering 2021"}
    got = {(m.kind, m.id) for m in find_entities(text, gazetteer, extra)}
    assert got >= {
        ("organisation", "coa"),
        ("programme", "een-thuis-voor-iedereen"),
        ("programme", "taskforce-versnelling-tijdelijke-huisvesting"),
        ("law", "wet-inburgering-2021"),
        ("law", "wetsvoorstel-versterking-regie-op-de-volkshuisvesting"),
    }


# --- properties ----------------------------------------------------------------------------


def check(text: str, matches: list[EntityMatch]) -> None:
    previous_end = 0
    for m in matches:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= previous_end
        previous_end = m.end
        assert m.kind in ("law", "eu_act", "programme", "organisation")
        assert m.id
        assert m.id == slugify(m.id)


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_arbitrary_text_never_crashes(text: str) -> None:
    check(text, find_entities(text, load_gazetteer_cached()))


NAME_ALPHABET = st.sampled_from(
    [
        "Wet ", "wet ", "Participatiewet ", "inburgering ", "2021 ", "en ", "op ", "het ",
        "programma ", "'", "´", "“", "”", "Taskforce ", "Actieplan ", "agenda ", "Werkagenda ",
        "Nationale ", "Woon- en ", "Bouwagenda", "COA", "IND", "(", ")", ". ", "\n", "\u00a0",
        "wetsvoorstel ", "Versterking ", "Richtlijn 2013/33/EU", "Een ", "thuis ",
    ]
)


@given(st.lists(NAME_ALPHABET, max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_name_like_noise_never_crashes(text: str) -> None:
    check(text, find_entities(text, load_gazetteer_cached(), {"Wi2021": "Wet inburgering 2021"}))


@functools.lru_cache(maxsize=1)
def load_gazetteer_cached() -> Gazetteer:
    return load_gazetteer()


# --- the phrase finder is a faster form of one big alternation ------------------------------

_WORDS = st.sampled_from(["Wet", "wet", "inburgering", "2021", "Raad", "van", "State", "IND",
                          "asiel-", "zoekers", "COA", "x", "Ä", "ß", "-", "(", ")", "’s"])
_PHRASES = st.lists(st.lists(_WORDS, min_size=1, max_size=4).map(" ".join), min_size=1,
                    max_size=12)
_SEPARATORS = st.sampled_from([" ", "  ", "\n", "-\n", "", ",", "."])


@settings(max_examples=300, deadline=None)
@given(_PHRASES, st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=30), st.booleans())
def test_phrase_finder_finds_what_one_big_alternation_finds(phrases, words, ignore_case):
    from converter.entities import _alternation, _PhraseFinder

    text = "".join(w + sep for w, sep in words)
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    flags = re.IGNORECASE if ignore_case else 0
    reference = re.compile(r"(?<![\w])(?:" + _alternation(ordered) + r")(?![\w])", flags)
    expected = [(m.start(), m.end()) for m in reference.finditer(text)]
    found = [(m.start(), m.end()) for m in _PhraseFinder(phrases, ignore_case).finditer(text)]
    assert found == expected


# --- register noise: names a pattern found that are not names -------------------------------


@pytest.mark.parametrize(("text", "wanted", "unwanted"), [
    # a verb after a trigger word names nothing
    ("De Taskforce kijkt naar de mogelijkheden voor extra plekken.", set(), {"Taskforce kijkt"}),
    # an inflected adjective cannot end a name: the name was cut short
    ("Het wetsvoorstel Tijdelijke, dat in 2020 werd ingediend, is aangenomen.", set(),
     {"wetsvoorstel Tijdelijke"}),
    # a known act followed by other words is the known act
    ("Op grond van de Wet publieke gezondheid WP29 is advies gevraagd.",
     {"Wet publieke gezondheid"}, {"Wet publieke gezondheid WP29"}),
    ("Zie de Wet publieke gezondheid artikel 6 en verder.", {"Wet publieke gezondheid"},
     {"Wet publieke gezondheid artikel"}),
    ("De vraag is bij de Wet publieke gezondheid waar de grens ligt.",
     {"Wet publieke gezondheid"}, {"Wet publieke gezondheid waar"}),
    # the next row of a list of abbreviations is not part of the name before it
    ("NWBA Nationale Woon- en Bouwagenda PIP Persoonlijk Plan Inburgering en Participatie",
     {"Nationale Woon- en Bouwagenda"}, {"Nationale Woon- en Bouwagenda PIP"}),
    ("TVTH Taskforce versnelling tijdelijke huisvesting UWV Uitvoeringsinstituut "
     "Werknemersverzekeringen", {"Taskforce versnelling tijdelijke huisvesting"},
     {"Taskforce versnelling tijdelijke huisvesting UWV Uitvoeringsinstituut "
      "Werknemersverzekeringen"}),
    # what must stay
    ("De Taskforce DBCO en de Taskforce Gedragswetenschappen adviseren.",
     {"Taskforce DBCO", "Taskforce Gedragswetenschappen"}, set()),
    ("de Tijdelijke wet informatieverstrekking RIVM en de Nationale Woon- en Bouwagenda NWBA",
     {"Tijdelijke wet informatieverstrekking RIVM"}, set()),
])
def test_pattern_names_end_at_a_word_of_the_name(gazetteer: Gazetteer, text, wanted, unwanted):
    names = set(spans(text, gazetteer))
    assert wanted <= names, names
    assert not (unwanted & names), names


# --- on real reports: what must and must not be in the registers ----------------------------

MUST = {  # file name -> names that must be found
    "staat-van-migratie-sample.pdf": {"Nationale Woon- en Bouwagenda", "Wet inburgering 2021",
                                      "Taskforce Versnelling Tijdelijke Huisvesting"},
    "ethische-analyse.pdf": {"Taskforce Gedragswetenschappen", "Taskforce DBCO"},
    "evaluatie-coronamelder-LISS-wave6.pdf": set(),
    "kiesraad-evaluatie-vragenlijsten-GR2026.pdf": {"Kieswet"},
    "BNC-fiche-5_MiFID-MiFIR_2021.pdf": {"Actieplan Kapitaalmarktunie"},
}
MUST_NOT = {"De Staat van Migratie", "Taskforce kijkt", "Wetsvoorstel Tijdelijke",
            "Wet publieke gezondheid WP29",
            "Wet publieke gezondheid artikel", "Wet publieke gezondheid waar",
            "Nationale Woon- en Bouwagenda PIP", "Taskforce Gedragswetenschappen adviseren"}


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(MUST))
def test_register_entities_on_real_reports(name: str) -> None:
    from conftest import CORPUS, SAMPLE, converted

    path = SAMPLE if name == SAMPLE.name else CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} not there")
    document = converted(path)
    names = {e.name for e in document.entities}
    assert MUST[name] <= names, MUST[name] - names
    assert not (MUST_NOT & names), MUST_NOT & names
    abbreviations = {a.abbr for a in document.abbreviations}
    for entity in document.entities:
        if entity.url:
            continue  # a known name from the gazetteer
        last = entity.name.split()[-1]
        assert last not in abbreviations or entity.name == last, entity.name  # a list's next row
        assert not re.search(r"(lijke|ische|ale|ele)$", last), entity.name
        assert entity.name.casefold() != document.title.casefold(), entity.name


def test_patterns_compiled_ahead_find_the_same_and_are_shared_by_copies(gazetteer: Gazetteer
                                                                         ) -> None:
    text = ("De Vreemdelingenwet 2000 en de Wet inburgering 2021 (Wi21), zie ook de "
            "Participatiewet en het Besluit inburgering 2021.")
    lazy = Gazetteer(gazetteer.entries)  # a copy: nothing compiled yet
    before = [(m.id, m.start, m.end) for m in find_entities(text, lazy)]
    ahead = Gazetteer(gazetteer.entries)
    ahead.compile_patterns()
    finder = ahead._insensitive[0]
    assert finder is not None and set(finder._compiled) == set(finder._groups)
    assert [(m.id, m.start, m.end) for m in find_entities(text, ahead)] == before
    assert before  # the text names something, so the comparison says something
    # a report's abbreviations make a new gazetteer; its unchanged groups reuse the patterns
    copy = ahead.with_abbreviations({"Wi21": "Wet inburgering 2021"})
    copy.compile_patterns()
    again = copy._insensitive[0]
    assert again is not finder
    shared = [key for key in finder._groups if again._groups.get(key) == finder._groups[key]]
    assert shared and all(again._compiled[key] is finder._compiled[key] for key in shared)
