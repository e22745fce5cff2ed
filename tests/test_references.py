"""Citation parsing (src/converter/references.py) against shared/reference/citations.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.model import CitationMatch
from converter.references import find_citations, kamerstuk_sort_key

OEB = "https://zoek.officielebekendmakingen.nl"


def keys(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.key) for m in find_citations(text)]


def only(text: str) -> CitationMatch:
    found = find_citations(text)
    assert len(found) == 1, found
    return found[0]


# Every row of citations.md, plus the variants the brief lists. (text, [(kind, key), ...])
CITATION_FORMS = [
    # -- Kamerstukken --
    ("Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883", [("kamerstuk", "kst-32847-883")]),
    ("Tweede Kamer, vergaderjaar 2021–2022, 32 847, nr. 883.", [("kamerstuk", "kst-32847-883")]),
    ("Kamerstukken II 2021/22, 32847, nr. 883", [("kamerstuk", "kst-32847-883")]),
    ("Kamerstukken II 2021/2022, 32847, nr. 883", [("kamerstuk", "kst-32847-883")]),
    ("Kamerstukken II 2021-2022, 32847, nr. 883", [("kamerstuk", "kst-32847-883")]),
    ("Kamerstuk II 2021/22, 32 847, nr. 883", [("kamerstuk", "kst-32847-883")]),
    ("Kamerstukken I 2021/22, 32 847, nr. 883", [("kamerstuk", "kst-32847-883")]),
    ("Kamerstuk 32 824, nr. 379", [("kamerstuk", "kst-32824-379")]),
    ("Kamerstukken II 2022/23, 36 200 VII, nr. 14", [("kamerstuk", "kst-36200-VII-14")]),
    ("Kamerstukken I 2023/24, 36 333, A", [("kamerstuk", "kst-36333-A")]),
    ("Kamerstukken I 2023/24, 36 333, nr. E", [("kamerstuk", "kst-36333-E")]),
    ("Eerste Kamer, vergaderjaar 2023-2024, 36 333, C", [("kamerstuk", "kst-36333-C")]),
    ("Kamerstukken II 2022/23, 21 501-32, nr. 1703", [("kamerstuk", "kst-21501-32-1703")]),
    (
        "Kamerstukken II 2022/23, 19637, nrs. 3000 en 3001",
        [("kamerstuk", "kst-19637-3000"), ("kamerstuk", "kst-19637-3001")],
    ),
    (
        "Kamerstukken II 2022/23, 19 637, nrs. 12, 13 en 15",
        [("kamerstuk", "kst-19637-12"), ("kamerstuk", "kst-19637-13"),
         ("kamerstuk", "kst-19637-15")],
    ),
    ("Kamerstukken 26 643 en 32 761, nr. 920", [("kamerstuk", "kst-26643-920")]),
    ("Kamerstuk 19 637/30 573, nr. 2535", [("kamerstuk", "kst-19637-2535")]),
    ("Kamerstukken II 2009/10, 31945", [("dossier", "dossier-31945")]),
    ("Kamerstukken II 2009/10, 31945, nr. 42e", [("kamerstuk", "kst-31945-42e")]),
    ("het dossier 31 945", [("dossier", "dossier-31945")]),
    ("Kamerstukdossier 36 200-VII", [("dossier", "dossier-36200-VII")]),
    ("dossiernummer 32847, nr. 883", [("kamerstuk", "kst-32847-883")]),
    ("Kamerstukken II 2009/10, 31 945, nr. 188b, p. 7–8", [("kamerstuk", "kst-31945-188b")]),
    ("Kamerstukken II 2009/10, 31 945, nr. 18, blz. 134 e.v.", [("kamerstuk", "kst-31945-18")]),
    ("Bijlage bij Kamerstukken II 2015/16, 34389, nr. 9", [("kamerstuk", "kst-34389-9")]),
    (
        "Kamerstukken II 2021/22, 32 847, nr. 883; 32 824, nr. 379",
        [("kamerstuk", "kst-32847-883"), ("kamerstuk", "kst-32824-379")],
    ),
    (
        "Kamerstukken II 2021/22, 32 847, nr. 883; Kamerstukken I 2022/23, 36 333, A",
        [("kamerstuk", "kst-32847-883"), ("kamerstuk", "kst-36333-A")],
    ),
    ("Kamerstukken II 2020/21, 22 112 nr. 2953.", [("kamerstuk", "kst-22112-2953")]),
    ("(Kamerstukken II 2009/10, 32 123 XVI, nr. 30)", [("kamerstuk", "kst-32123-XVI-30")]),
    ("zie de Kamerbrief hierover (32 847, nr. 883)", [("kamerstuk", "kst-32847-883")]),
    ("TK 2021/22, 32 847, nr. 883", [("kamerstuk", "kst-32847-883")]),
    ("vergaderjaar 2021–2022, 32 847, nr. 883", [("kamerstuk", "kst-32847-883")]),
    ("kst-35538-4", [("kamerstuk", "kst-35538-4")]),
    ("kst-36200-VII-14", [("kamerstuk", "kst-36200-VII-14")]),
    ("kst-21501-32-1703", [("kamerstuk", "kst-21501-32-1703")]),
    ("Kamerstukken II 2019/20, 35 538, nrs. 12-14", [
        ("kamerstuk", "kst-35538-12"), ("kamerstuk", "kst-35538-13"),
        ("kamerstuk", "kst-35538-14"),
    ]),
    # -- Other official publications --
    ("Handelingen II 2022/23, nr. 45, item 12", [("handelingen", "h-tk-20222023-45-12")]),
    ("Handelingen I 2022/23, nr. 5, item 3", [("handelingen", "h-ek-20222023-5-3")]),
    ("Handelingen II 2009/10, nr. 72, p. 6141", [("handelingen", "h-tk-20092010-72-6141")]),
    ("Aanhangsel Handelingen II 2022/23, nr. 1734", [("aanhangsel", "ah-tk-20222023-1734")]),
    ("Aanhangsel Handelingen II, vergaderjaar 2022–2023, nr. 1734",
     [("aanhangsel", "ah-tk-20222023-1734")]),
    ("Stb. 2021, 38", [("staatsblad", "stb-2021-38")]),
    ("Staatsblad 2021, 38", [("staatsblad", "stb-2021-38")]),
    ("Stb. 2021, nr. 38", [("staatsblad", "stb-2021-38")]),
    ("Stcrt. 2022, 8990", [("staatscourant", "stcrt-2022-8990")]),
    ("Staatscourant 2022, 8990", [("staatscourant", "stcrt-2022-8990")]),
    ("Trb. 2019, 12", [("tractatenblad", "trb-2019-12")]),
    ("Tractatenblad 2019, 12", [("tractatenblad", "trb-2019-12")]),
    ("ECLI:NL:RVS:2022:3159", [("ecli", "ECLI:NL:RVS:2022:3159")]),
    ("ecli:nl:rvs:2022:3159.", [("ecli", "ECLI:NL:RVS:2022:3159")]),
    ("ECLI:EU:C:2014:2166", [("ecli", "ECLI:EU:C:2014:2166")]),
    ("2022D29161", [("tk_document", "2022D29161")]),
    ("(zaak 2022Z14106)", [("tk_document", "2022Z14106")]),
    # -- EU law --
    ("Richtlijn 2013/33/EU", [("eu_act", "32013L0033")]),
    ("richtlijn 2004/38/EG", [("eu_act", "32004L0038")]),
    ("Verordening (EU) nr. 604/2013", [("eu_act", "32013R0604")]),
    ("Verordening (EU) 2016/399", [("eu_act", "32016R0399")]),
    ("Uitvoeringsbesluit (EU) 2022/382", [("eu_act", "32022D0382")]),
    ("Besluit (EU) 2015/1601", [("eu_act", "32015D1601")]),
    ("Richtlijn (EU) 2021/1883", [("eu_act", "32021L1883")]),
    ("Richtlijn 96/71/EG", [("eu_act", "31996L0071")]),
    ("Verordening (EG) nr. 810/2009", [("eu_act", "32009R0810")]),
    ("Verordening (EEG) nr. 1612/68", [("eu_act", "31968R1612")]),
    ("Besluit nr. 716/2009/EG", [("eu_act", "32009D0716")]),
    ("Besluit 2009/77/EG", [("eu_act", "32009D0077")]),
    ("Kaderbesluit 2002/584/JBZ", [("eu_act", "32002F0584")]),
    ("Verordening 2016/679", [("eu_act", "32016R0679")]),
    ("Directive 2014/65/EU", [("eu_act", "32014L0065")]),
    ("Regulation (EU) No 600/2014", [("eu_act", "32014R0600")]),
    ("de Terugkeerrichtlijn (2008/115/EG)", [("eu_act", "32008L0115")]),
    ("CELEX:32013L0033", [("eu_act", "32013L0033")]),
    ("PbEU 2021, L 468/1", [("pbeu", "pbeu-2021-L-468-1")]),
    ("(PbEU 2010, L331)", [("pbeu", "pbeu-2010-L-331")]),
    ("PB L 180 van 29.6.2013, blz. 96", [("pbeu", "pbeu-2013-L-180-96")]),
    # -- URLs --
    ("zie https://www.rijksoverheid.nl/a/b.pdf.", [("url", "https://www.rijksoverheid.nl/a/b.pdf")]),
    ("(https://example.org/wiki/A_(b))", [("url", "https://example.org/wiki/A_(b)")]),
    ("http://example.org/x?y=1&z=2, en", [("url", "http://example.org/x?y=1&z=2")]),
    ("https://zoek.officielebekendmakingen.nl/kst-32847-883.html",
     [("kamerstuk", "kst-32847-883")]),
    ("https://zoek.officielebekendmakingen.nl/stb-2021-38.html", [("staatsblad", "stb-2021-38")]),
    ("https://zoek.officielebekendmakingen.nl/dossier/31945", [("dossier", "dossier-31945")]),
    ("https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32013L0033",
     [("eu_act", "32013L0033")]),
    ("https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RVS:2022:3159",
     [("ecli", "ECLI:NL:RVS:2022:3159")]),
    ("https://www.tweedekamer.nl/kamerstukken/detail?id=2022Z09144&did=2022D18416",
     [("tk_document", "2022D18416")]),
]


@pytest.mark.parametrize(("text", "expected"), CITATION_FORMS, ids=[t for t, _ in CITATION_FORMS])
def test_citation_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert keys(text) == expected


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("Kamerstuk 32 824, nr. 379", f"{OEB}/kst-32824-379.html"),
        ("Kamerstukken II 2009/10, 31945", f"{OEB}/dossier/31945"),
        ("Handelingen II 2022/23, nr. 45, item 12", f"{OEB}/h-tk-20222023-45-12.html"),
        ("Aanhangsel Handelingen II 2022/23, nr. 1734", f"{OEB}/ah-tk-20222023-1734.html"),
        ("Stb. 2021, 38", f"{OEB}/stb-2021-38.html"),
        ("Stcrt. 2022, 8990", f"{OEB}/stcrt-2022-8990.html"),
        ("Trb. 2019, 12", f"{OEB}/trb-2019-12.html"),
        ("ECLI:NL:RVS:2022:3159",
         "https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RVS:2022:3159"),
        ("2022Z14106", "https://www.tweedekamer.nl/kamerstukken/detail?id=2022Z14106"),
        ("Richtlijn 2013/33/EU",
         "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32013L0033"),
        ("PbEU 2021, L 468/1",
         "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=OJ:L:2021:468:TOC"),
    ],
)
def test_links(text: str, url: str) -> None:
    assert only(text).url == url


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883",
         "Kamerstukken II 2021/22, 32 847, nr. 883"),
        ("Kamerstukken II 2021/2022, 32847, nr. 883", "Kamerstukken II 2021/22, 32 847, nr. 883"),
        ("Kamerstuk 32824, nr 379", "Kamerstuk 32 824, nr. 379"),
        ("Kamerstukken I 2023/24, 36 333, nr. A", "Kamerstukken I 2023/24, 36 333, A"),
        ("Kamerstukken II 2022/23, 36 200 VII, nr. 14",
         "Kamerstukken II 2022/23, 36 200 VII, nr. 14"),
        ("Kamerstukken II 2022/23, 21501-32, nr. 1703",
         "Kamerstukken II 2022/23, 21 501-32, nr. 1703"),
        ("Kamerstukken II 2009/10, 31 945, nr. 42e, p. 7–8",
         "Kamerstukken II 2009/10, 31 945, nr. 42e, p. 7-8"),
        ("Kamerstukken II 2009/10, 31945", "Kamerstukken II 2009/10, 31 945"),
        ("Staatsblad 2021, 38", "Stb. 2021, 38"),
        ("Staatscourant 2022, 8990", "Stcrt. 2022, 8990"),
        ("richtlijn 2004/38/EG", "Richtlijn 2004/38/EG"),
        ("Regulation (EU) No 600/2014", "Verordening (EU) nr. 600/2014"),
        ("Verordening 2016/679", "Verordening (EU) 2016/679"),
        ("Besluit nr. 716/2009/EG", "Besluit nr. 716/2009/EG"),
    ],
)
def test_labels(text: str, label: str) -> None:
    assert only(text).label == label


def test_pinpoint_is_in_label_and_span_not_in_key() -> None:
    text = "Kamerstukken II 2009/10, 31 945, nr. 18, blz. 134 e.v. Daarna"
    m = only(text)
    assert m.key == "kst-31945-18"
    assert text[m.start : m.end] == "Kamerstukken II 2009/10, 31 945, nr. 18, blz. 134 e.v."
    assert m.label.endswith("blz. 134 e.v.")


def test_several_numbers_first_span_covers_citation_rest_cover_number_tokens() -> None:
    text = "Zie Kamerstukken II 2022/23, 19637, nrs. 3000 en 3001, p. 4."
    first, second = find_citations(text)
    assert text[first.start : first.end] == "Kamerstukken II 2022/23, 19637, nrs. 3000"
    assert text[second.start : second.end] == "3001, p. 4"
    assert first.label == "Kamerstukken II 2022/23, 19 637, nr. 3000"
    assert second.label == "Kamerstukken II 2022/23, 19 637, nr. 3001, p. 4"


def test_continuation_inherits_chamber_and_session() -> None:
    _, second = find_citations("Kamerstukken II 2021/22, 32 847, nr. 883; 32 824, nr. 379")
    assert second.label == "Kamerstukken II 2021/22, 32 824, nr. 379"


def test_running_footer_page_number_is_not_part_of_the_number() -> None:
    m = only("Tweede Kamer, vergaderjaar 2019–2020, 35 538, nr. 4 2")
    assert m.key == "kst-35538-4"


def test_misprinted_session_is_dropped_but_the_paper_is_kept() -> None:
    m = only("Kamerstukken II 2021/24, 32 847, nr. 883")
    assert (m.key, m.label) == ("kst-32847-883", "Kamerstukken II, 32 847, nr. 883")


def test_bare_dossier_needs_kamerstuk_context() -> None:
    assert keys("Kamerstuk: zie 21 501-32, nr. 1703") == [("kamerstuk", "kst-21501-32-1703")]
    assert keys("Er kwamen 21 501 mensen, nr. 1703 in de rij") == []


def test_spans_of_line_broken_citations_cover_the_original_text() -> None:
    text = "Bijlage bij Kamerstukken II 2019/20, \n25 295, nr. 219."
    m = only(text)
    assert m.key == "kst-25295-219"
    assert text[m.start : m.end] == "Bijlage bij Kamerstukken II 2019/20, \n25 295, nr. 219"


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("https://example.nl/nieuws/ap-\nprivacy-corona", "https://example.nl/nieuws/ap-privacy-corona"),
        ("https://example.nl/files/report_mifid-\n_ii_final.pdf.",
         "https://example.nl/files/report_mifid_ii_final.pdf"),
        ("https://example.nl/a/Impact%20for\n%20the%20App.pdf",
         "https://example.nl/a/Impact%20for%20the%20App.pdf"),
        ("https://github.com/org/covidtracker \ndocumentation/blob/master/x.pdf",
         "https://github.com/org/covidtracker%20documentation/blob/master/x.pdf"),
    ],
)
def test_urls_broken_over_lines_are_joined(text: str, url: str) -> None:
    m = only(text)
    assert (m.kind, m.key) == ("url", url)


@pytest.mark.parametrize(
    ("text", "url"),
    [
        # converter output: line breaks became spaces
        ("https://example.nl/a/Impact%20for %20the%20App.pdf",
         "https://example.nl/a/Impact%20for%20the%20App.pdf"),
        ("https://github.com/org/covidtracker documentation/blob/master/x.pdf",
         "https://github.com/org/covidtracker%20documentation/blob/master/x.pdf"),
        ("https://example.nl/nieuws/ap- privacy-corona", "https://example.nl/nieuws/ap-privacy-corona"),
    ],
)
def test_urls_joined_with_a_space_are_joined(text: str, url: str) -> None:
    assert keys(text) == [("url", url)]


def test_url_followed_by_a_date_or_words_is_not_extended() -> None:
    assert keys("https://a.example/x 12/03/2020") == [("url", "https://a.example/x")]
    assert keys("https://a.example/x, geraadpleegd op 03-08-2020") == [("url", "https://a.example/x")]
    assert keys("https://a.example/x en/of verder") == [("url", "https://a.example/x")]


def test_url_on_next_line_is_a_separate_url() -> None:
    text = "https://a.example/x \nhttps://b.example/y"
    assert keys(text) == [("url", "https://a.example/x"), ("url", "https://b.example/y")]


def test_url_followed_by_prose_on_next_line_is_not_extended() -> None:
    assert keys("https://a.example/x\nen/of verder") == [("url", "https://a.example/x")]


@pytest.mark.parametrize(
    "text",
    [
        "In 2021-2022 werden 37.500 flexwoningen gebouwd.",
        "in de periode 2022-2024",
        "artikel 3.4 van de Vreemdelingenwet 2000",
        "op 12 maart 2022 en 1 januari 2023",
        "Vreemdelingenbesluit 2000",
        "www.rijksoverheid.nl/venj",
        "ftp://example.org/file",
        "mailto:info@example.org",
        "rechtbank Den Haag onder nr. 36/2020",
        "Handelsregister onder nr. 27283716",
        "Richtsnoeren 04/2020 van de EDPB",
        "2020/C 124 I/01",
        "ISSN 0921 - 7371",
        "kenmerk 1722926-208233-DICIO",
        "het besluit 12/2020 van de gemeente",
        "Aanwijzing 2.24",
        "Tweede Kamer 32 847",
        "nr. 883",
        "COM(2021) 726",
        "het dossier 2021 is dik",
        "tel. 070 8888 500",
        "2022D2916",
    ],
)
def test_precision_negatives(text: str) -> None:
    assert find_citations(text) == []


def test_offsets_index_the_callers_text_with_nbsp_and_dashes() -> None:
    text = "Zie Kamerstukken\u00a0II 2021\u20132022, 32\u00a0847, nr.\u00a0883."
    m = only(text)
    assert m.key == "kst-32847-883"
    assert text[m.start : m.end] == "Kamerstukken\u00a0II 2021\u20132022, 32\u00a0847, nr.\u00a0883"


def test_sort_key_orders_kamerstukken_numerically() -> None:
    ks = ["kst-32847-883", "kst-9500-2", "kst-32847-99", "kst-36333-A", "kst-36333-12",
          "kst-36200-VII-14", "dossier-31945"]
    assert sorted(ks, key=kamerstuk_sort_key) == [
        "kst-9500-2", "dossier-31945", "kst-32847-99", "kst-32847-883", "kst-36200-VII-14",
        "kst-36333-12", "kst-36333-A",
    ]


# --- property tests -----------------------------------------------------------------------

SPACE = st.sampled_from([" ", "\u00a0", " \n", "\n", "  "])


@st.composite
def kamerstuk_variants(draw: st.DrawFn) -> str:
    """One citation (kst-32847-883) in the many ways documents print it."""
    session = draw(st.sampled_from(["2021/22", "2021/2022", "2021-2022", "2021\u20132022"]))
    dossier = draw(st.sampled_from(["32847", "32 847", "32\u00a0847"]))
    nr = draw(st.sampled_from(["nr.", "nr", "Nr.", "nr. "]))
    head = draw(
        st.sampled_from(
            [
                "Kamerstukken{s}II{s}{session},{s}",
                "Kamerstuk{s}II{s}{session},{s}",
                "Tweede{s}Kamer,{s}vergaderjaar{s}{session},{s}",
                "Kamerstukken{s}II{s}{session}{s}",
                "Kamerstuk{s}",
            ]
        )
    )
    s1, s2, s3 = draw(SPACE), draw(SPACE), draw(SPACE)
    comma = draw(st.sampled_from([",", ""]))
    text = head.format(s=s1, session=session) + dossier + comma + s2 + nr + s3 + "883"
    return draw(st.sampled_from(["{}", "({})", "Zie {}.", "{}; verder", "{} en meer"])).format(
        text
    )


@given(kamerstuk_variants())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_formatting_variants_give_one_key(text: str) -> None:
    assert keys(text) == [("kamerstuk", "kst-32847-883")], text


@st.composite
def eu_variants(draw: st.DrawFn) -> str:
    form = draw(
        st.sampled_from(
            [
                "Richtlijn{s}2013/33/EU",
                "richtlijn{s}2013/33/EU",
                "Richtlijn{s}2013/33",
                "Opvangrichtlijn{s}(2013/33/EU)",
                "Directive{s}2013/33/EU",
                "Richtlijn{s}(EU){s}nr.{s}2013/33",
            ]
        )
    )
    return form.format(s=draw(SPACE))


@given(eu_variants())
def test_eu_variants_give_one_celex(text: str) -> None:
    assert keys(text) == [("eu_act", "32013L0033")], text


def check_spans(text: str, found: list[CitationMatch]) -> None:
    previous_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= previous_end
        previous_end = m.end
        assert m.key
        assert m.kind
        assert m.url.startswith(("http://", "https://"))


@given(st.text())
@settings(max_examples=500)
def test_arbitrary_text_never_crashes_and_spans_are_sane(text: str) -> None:
    check_spans(text, find_citations(text))


CITATION_ALPHABET = st.sampled_from(
    [
        *"0123456789 ,.;/-\n\u00a0\u2013()",
        "Kamerstukken ", "II ", "I ", "nr. ", "nrs. ", " en ", "vergaderjaar ", "Tweede Kamer",
        "Stb. ", "Richtlijn ", "(EU) ", "/EU", "ECLI:NL:RVS:", "https://x.nl/", "-\n",
        "Handelingen ", "item ", "p. ", "D", "Z", "VII ", "A",
    ]
)


@given(st.lists(CITATION_ALPHABET, max_size=40).map("".join))
@settings(max_examples=500)
def test_citation_like_noise_never_crashes_and_spans_are_sane(text: str) -> None:
    check_spans(text, find_citations(text))


SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "staat-van-migratie-2023-p28.txt"


def test_the_seed_page_footnote() -> None:
    text = "28 \nTweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883.\n28 De Staat van Migratie"
    assert keys(text) == [("kamerstuk", "kst-32847-883")]


@pytest.mark.skipif(not SEED.is_file(), reason="seed page not available")
def test_the_seed_page_has_exactly_its_one_citation() -> None:
    # p. 28 of De Staat van Migratie 2023: "37.500 flexwoningen", "2022-2024", "1 januari 2022"
    # and "Wi2021" are no citations; footnote 28 is.
    assert keys(SEED.read_text(encoding="utf-8")) == [("kamerstuk", "kst-32847-883")]
