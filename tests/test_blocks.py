"""Blocks stage: dehyphenation, footnote marks, paragraphs, headings, lists and tables."""

from __future__ import annotations

import pytest

from converter import structure
from converter.blocks import (
    heading_number,
    is_heading_line,
    join_hyphenated,
    layouts_to_blocks,
    normalise,
    zones_to_footnotes,
)
from converter.model import Block, Line, PageLayout, Run

WORDS = frozenset({"vergunninghouders", "asielzoekers", "nt2-docenten", "eu-landen"})


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("Dit betreft ook onder andere vergunning-", "houders, arbeidsmigranten",
         "Dit betreft ook onder andere vergunninghouders, arbeidsmigranten"),
        ("opvanglocaties voor asiel-", "zoekers. Verder",
         "opvanglocaties voor asielzoekers. Verder"),
        ("het asiel-", "en migratiebeleid", "het asiel- en migratiebeleid"),
        ("een tekort aan Nt2-", "docenten.", "een tekort aan Nt2-docenten."),
        ("in de periode 2022-", "2024 opgenomen", "in de periode 2022-2024 opgenomen"),
        ("andere EU-", "landen", "andere EU-landen"),
        ("provincie Noord-", "Holland", "provincie Noord-Holland"),
        ("gewone regel", "volgende regel", "gewone regel volgende regel"),
        ("een gedachte –", "die doorloopt", "een gedachte – die doorloopt"),
        ("nareizigers, 2018–", "2022", "nareizigers, 2018–2022"),
        ("de jaren 2018 –", "2022", "de jaren 2018 – 2022"),
    ],
)
def test_join_hyphenated(left, right, joined):
    assert join_hyphenated(left, right, WORDS) == joined


def test_compound_the_document_writes_with_a_hyphen_keeps_it():
    words = frozenset({"app-gebruikers"})
    assert join_hyphenated("andere app-", "gebruikers in", words) == "andere app-gebruikers in"


@pytest.mark.parametrize(
    ("left", "right", "words", "joined"),
    [
        # found by comparing the converted corpus with its pages
        ("de nog in te richten notificatie-", "app is", {"notificatie-app"},
         "de nog in te richten notificatie-app is"),
        ("de notificatie-app-", "software", set(), "de notificatie-app-software"),
        ("het ‘privacy-by-", "design’-principe", {"privacy-by-design"},
         "het ‘privacy-by-design’-principe"),
        ("voor niet-", "professionele beleggers", set(), "voor niet-professionele beleggers"),
        # a syllable break inside the last part of a compound still joins
        ("de AVG-verwerkings-", "verantwoordelijke", {"verwerkingsverantwoordelijke"},
         "de AVG-verwerkingsverantwoordelijke"),
        ("de vergunning-", "houders", set(), "de vergunninghouders"),
    ],
)
def test_hyphen_at_a_line_end_kept_or_joined(left, right, words, joined):
    assert join_hyphenated(left, right, frozenset(words)) == joined


def test_normalise_keeps_quotes_and_diacritics():
    text = "programma ´Een thuis voor iedereen´ voor álle \u00adgroepen\u00a0en ‘Oekraïne’"
    assert normalise(text) == "programma ´Een thuis voor iedereen´ voor álle groepen en ‘Oekraïne’"


@pytest.mark.parametrize(
    ("text", "number", "title"),
    [
        ("2.1 Arbeidsmigratie", "2.1", "Arbeidsmigratie"),
        ("3 Opvang en huisvesting", "3", "Opvang en huisvesting"),
        ("1. Inleiding", "1", "Inleiding"),
        ("Bijlage 1 Cijfers", "Bijlage 1", "Cijfers"),
        ("Inburgering", "", "Inburgering"),
        ("35 538 Tijdelijke bepalingen", "", "35 538 Tijdelijke bepalingen"),
        ("14 juli 2020", "", "14 juli 2020"),
    ],
)
def test_heading_number(text, number, title):
    assert heading_number(text) == (number, title)


def line(page: int, text: str, top: float, size: float = 10.0, x0: float = 72.0,
         x1: float = 520.0, bold: bool = False, marker: str = "", hyphenated: bool = False) -> Line:
    runs = [Run(text, size, bold)]
    if marker:
        runs.append(Run(marker, size * 0.6, False, True))
    return Line(page, tuple(runs), x0, x1, top, top + size, top + 0.8 * size, size, bold,
                hyphenated)


def layout(number: int, body: list[Line], footnotes: list[Line] = ()) -> PageLayout:
    return PageLayout(number, 595, 842, str(number), tuple(body), tuple(footnotes), ())


def test_paragraph_runs_over_page_break_and_past_footnotes():
    pages = [
        layout(1, [
            line(1, "Eerste alinea die hier eindigt.", 100, x1=300),
            line(1, "Tweede alinea met een verwijzing naar gemeenten en", 112, marker="28"),
            line(1, "die doorloopt tot onderaan de pagina, waarna de", 124),
        ], [line(1, "28 Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883.", 780, size=8)]),
        layout(2, [line(2, "tekst op de volgende pagina verdergaat.", 60, x1=300),
                   line(2, "Een nieuwe alinea.", 84, x1=200)]),
    ]
    blocks = layouts_to_blocks(pages, frozenset())
    assert [b.page for b in blocks] == [1, 1, 2]
    second = blocks[1]
    assert second.pages == (1, 2)
    assert second.text.startswith("Tweede alinea met een verwijzing naar gemeenten en die")
    assert second.text.endswith("volgende pagina verdergaat.")
    mark = second.marks[0]
    assert mark.number == "28"
    assert second.text[:mark.offset].endswith("gemeenten en")
    offset, page = second.page_starts[0]
    assert page == 2 and second.text[offset:].startswith("tekst op de volgende")
    notes = zones_to_footnotes(pages, frozenset())
    assert [(n.number, n.page, n.text) for n in notes] == [
        ("28", 1, "Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883.")]


def test_word_style_o_bullets_are_list_items():
    pages = [layout(1, [
        line(1, "De backend server bestaat uit:", 100, x1=300),
        line(1, "o een tijdelijke opslag voor de diagnosesleutels;", 112, x0=90, x1=400),
        line(1, "o een koppeling met het GGD-portaal.", 124, x0=90, x1=400),
    ])]
    blocks = layouts_to_blocks(pages, frozenset())
    assert [(b.kind, b.number) for b in blocks] == [
        ("paragraph", ""), ("list_item", "o"), ("list_item", "o")]
    assert blocks[1].text == "een tijdelijke opslag voor de diagnosesleutels;"


def test_headings_and_lists():
    # (tables are found in the page geometry, before blocks: tests/test_tables.py)
    pages = [layout(1, [
        line(1, "2.1 Arbeidsmigratie", 80, size=14, bold=True),
        line(1, "De cijfers zijn als volgt:", 110, x1=250),
        line(1, "• eerste punt dat over twee", 130),
        line(1, "regels doorloopt;", 142, x0=84, x1=200),
        line(1, "• tweede punt.", 154, x1=200),
    ])]
    blocks = layouts_to_blocks(pages, frozenset())
    kinds = [b.kind for b in blocks]
    assert kinds == ["heading", "paragraph", "list_item", "list_item"]
    assert blocks[2].text == "eerste punt dat over twee regels doorloopt;"
    assert blocks[2].number == "•"


def test_footnote_continuing_on_next_page_is_joined():
    pages = [
        layout(1, [line(1, "Tekst.", 100)], [
            line(1, "5 Een lange voetnoot die verder-", 770, size=8, hyphenated=True)]),
        layout(2, [line(2, "Meer tekst.", 100)], [
            line(2, "gaat op de volgende pagina.", 760, size=8),
            line(2, "6 Volgende noot met 25 295, nr. 219.", 770, size=8),
            line(2, "25 295, nr. 220 is een vervolgregel.", 780, size=8),
        ]),
    ]
    notes = zones_to_footnotes(pages, frozenset())
    assert [(n.number, n.page) for n in notes] == [("5", 1), ("6", 2)]
    assert notes[0].text == "Een lange voetnoot die verdergaat op de volgende pagina."
    assert notes[1].text.endswith("nr. 219. 25 295, nr. 220 is een vervolgregel.")


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("zie https://www.autoriteitpersoonsgegevens.nl/ap-", "privacy/x.",
         "zie https://www.autoriteitpersoonsgegevens.nl/ap-privacy/x."),
        ("zie https://eur-lex.europa.eu/mifid-", "_ii.pdf", "zie https://eur-lex.europa.eu/mifid_ii.pdf"),
    ],
)
def test_url_broken_over_lines(left, right, joined):
    assert join_hyphenated(left, right, frozenset()) == joined


@pytest.mark.parametrize(("text", "size", "bold", "heading"), [
    ("Inburgering", 10.0, True, True),  # bold in body type: a heading
    ("Migratie naar Nederland", 14.0, False, True),  # large type: a heading
    ("Sancties", 7.2, True, False),  # bold small print (a letterhead column): not a heading
    ("Datum Ons kenmerk", 14.0, False, False),  # field labels of a letter: not a heading
    ("Onderwerp", 10.0, True, False),
    ("Bijlage 1", 14.0, False, True),  # an appendix, not the letter's "Bijlage(n)" field
])
def test_heading_lines(text, size, bold, heading):
    assert is_heading_line(line(1, text, 100, size=size, bold=bold), body_size=10.0) is heading


# --- the document's title (structure) --------------------------------------------------------


def block(text: str, size: float = 10.0, kind: str = "paragraph", page: int = 1,
          rows: tuple = ()) -> Block:
    return Block(kind, text, page, (page,), size=size, rows=rows)


@pytest.mark.parametrize(("blocks", "metadata", "title"), [
    # the metadata title the pages print wins over larger type, unless it is a file name
    ([block("Rijksoverheid", 30), block("De Staat van Migratie 2023", 20)],
     "De Staat van Migratie 2023", "De Staat van Migratie 2023"),
    ([block("Draagmoederschap en illegale opneming", 16)],
     "Microsoft Word - 20110301 brief.doc", "Draagmoederschap en illegale opneming"),
    # a letter: its subject field, not its letterhead labels
    ([block("Datum Ons kenmerk", 14, "heading"), block("06 augustus 2020 z2020-11824"),
      block("Onderwerp"), block("Advies over de notificatie-app")], "",
     "Advies over de notificatie-app"),
    ([block("Aan de Voorzitter van de Tweede Kamer", 12), block("Onderwerp Draagmoederschap")],
     "", "Draagmoederschap"),
    ([block("datum 12 augustus 2020 inzake Juridische analyse", kind="table",
            rows=(("datum", "12 augustus 2020"), ("inzake", "Juridische analyse")))],
     "", "Juridische analyse"),
    # a sentence that starts like a field is not a subject
    ([block("Betreft het " + "voorstel " * 25 + "dan geldt dit."), block("Titel", 16)], "",
     "Titel"),
    # a Kamerstuk's masthead names the chamber; the dossier title is the title
    ([block("Tweede Kamer der Staten-Generaal 2", 51),
      block("35 538 Tijdelijke bepalingen notificatieapplicatie", 12, "heading")], "",
     "35 538 Tijdelijke bepalingen notificatieapplicatie"),
])
def test_document_title(blocks, metadata, title):
    assert structure._title(blocks, metadata) == title


def test_a_long_title_is_cut_between_words():
    long = "35 538 Tijdelijke bepalingen in verband met de inzet van een notificatieapplicatie " * 3
    title = structure._title([block(long, 12, "heading")], "")
    assert len(title) <= 202 and title.endswith(" …")
    assert long.startswith(title.removesuffix(" …"))
    assert title.removesuffix(" …").split()[-1] in long.split()


def test_emphasised_lines_become_headings_only_when_they_introduce_upright_text():
    def para(text, italic=False, kind="paragraph", number="", bold=False):
        return Block(kind, text, 1, (1,), size=10.0, italic=italic, number=number, bold=bold)

    blocks = [
        para("Valse start", italic=True), para("De eerste versie van de app werd gestopt."),
        para("Een advies dat in zijn geheel cursief staat.", italic=True),
        para("Reactie: het kabinet neemt het advies over."),
        para("Doelomschrijving", italic=True), para("Het advies gaat verder.", italic=True),
        para("Verwerkingsgrondslag", kind="list_item", number="(b)", bold=True),
        para("De AP stelt dat er geen grondslag is."),
        para("Eerste punt", kind="list_item", number="a)", bold=True),
        para("Tweede punt", kind="list_item", number="b)", bold=True),
        para("Daarna volgt gewone tekst."),
    ]
    out = structure._emphasised_lines_as_headings(blocks)
    assert [(b.kind, b.text) for b in out if b.kind == "heading"] == [
        ("heading", "Valse start"), ("heading", "(b) Verwerkingsgrondslag")]
    # a lettered heading is one level below the heading before it
    levels = structure._heading_levels(out, [])
    lettered = next(h for h in levels.values() if h.title.startswith("(b)"))
    assert lettered.relative and lettered.level == 1


def test_a_line_in_lower_case_goes_on_with_the_paragraph():
    full = "van een gewone alinea die de hele breedte vult tot de rand."
    body = [line(1, f"Regel {i} {full}", 100 + 12 * i) for i in range(6)]
    body += [line(1, "Apple en Google hebben geen toegang (kunnen)", 172, x1=300),
             line(1, "verkrijgen tot de gegevens, aldus de zgn.", 184, x1=280),
             line(1, "gegevensverwerkingsbeginselen van de AVG.", 196, x1=300),
             line(1, "Een nieuwe alinea begint met een hoofdletter.", 208, x1=300)]
    blocks = layouts_to_blocks([layout(1, body)], frozenset())
    assert [b.text.split()[0] for b in blocks] == ["Regel", "Een"]
    assert "toegang (kunnen) verkrijgen" in blocks[0].text and "zgn. gegevens" in blocks[0].text


def test_each_paragraph_text_is_handed_on_when_the_paragraph_ends():
    full = "van een gewone alinea die de hele breedte vult tot de rand."
    body = [line(1, f"Regel {i} {full}", 100 + 12 * i) for i in range(3)]
    body += [line(1, "Slot van de eerste alinea.", 136, x1=200),
             line(1, "Een nieuwe alinea begint met een hoofdletter.", 160, x1=300)]
    handed: list[str] = []
    blocks = layouts_to_blocks([layout(1, body)], frozenset(), finished=handed.append)
    assert len(blocks) == 2
    assert handed == [b.text for b in blocks]


def test_a_reference_to_a_table_is_no_caption():
    body = [line(1, "Het ministerie laat de app op verschillende manieren testen (zie", 100),
            line(1, "Tabel 1): in een proefregio en in een veldtest.", 112, x1=300)]
    blocks = layouts_to_blocks([layout(1, body)], frozenset())
    assert [b.kind for b in blocks] == ["paragraph"]


def test_the_cover_heading_a_long_title_was_shortened_from_is_no_chapter():
    long = "35 538 Tijdelijke bepalingen in verband met de inzet van een notificatieapplicatie " * 3
    blocks = [block(long.strip(), 12, "heading"), block("Inleiding", 12, "heading", page=2),
              block("Tekst.", page=2)]
    title = structure._title(blocks, "")
    kept = structure._drop_title_blocks(blocks, title)
    assert [b.text for b in kept] == ["Inleiding", "Tekst."]
    # a short title does not swallow headings that merely start like it
    blocks = [block("Rapportage over de opvang", 12, "heading"), block("Tekst.")]
    assert structure._drop_title_blocks(blocks, "Rapport") == blocks


def test_list_depth_follows_how_far_the_markers_stand_in():
    def item(text, x0, kind="list_item"):
        # indent: how far the marker stands in from its column's left edge (here at 60)
        return Block(kind, text, 1, (1,), size=10.0, x0=x0, number="•", indent=x0 - 60)

    blocks = [item("een", 72), item("sub een", 86), item("sub twee", 86.5), item("twee", 72),
              item("tekst", 72, "paragraph"), item("nieuw, dieper begonnen", 86)]
    depths = structure._list_depths(blocks)
    assert [depths.get(id(b)) for b in blocks] == [0, 1, 1, 0, None, 0]


def test_a_stale_metadata_title_the_pages_do_not_print_gives_way():
    blocks = [block("Fiche 5: Herziening verordening markten voor financiële instrumenten", 12,
                    "heading"), block("Algemene gegevens", 10, "heading")]
    assert structure._title(blocks, "Toelichting invullen fiche mededeling").startswith("Fiche 5")
    printed = [block("De Staat van Migratie 2023", 24, "heading")]
    assert structure._title(printed, "De Staat van Migratie 2023") == "De Staat van Migratie 2023"


def test_the_title_repeated_over_the_text_is_no_chapter():
    title = "Ethische analyse van de COVID-19 notificatie-app"
    blocks = [block("Management summary", 12, "heading", page=2), block("Tekst.", page=2),
              block(title, 12, "heading", page=4), block("Inleiding", 12, "heading", page=4),
              block(title, 12, "heading", page=9)]
    kept = structure._drop_title_blocks(blocks, title)
    assert [b.page for b in kept if b.text == title] == [9]  # later on, a real heading


def test_a_lettered_heading_inside_italic_text_is_still_a_heading():
    def para(text, kind="paragraph", number=""):
        return Block(kind, text, 1, (1,), size=10.0, italic=True, number=number)

    blocks = [para("De Afdeling adviseert het volgende."),
              para("Doelomschrijving", "list_item", "a."),
              para("Het voorstel noemt als doel de bron- en contactopsporing.")]
    out = structure._emphasised_lines_as_headings(blocks)
    assert [(b.kind, b.text) for b in out][1] == ("heading", "a. Doelomschrijving")


def test_contents_page_indentation_nests_headings_whose_numbers_restart():
    contents = [("5. Ethische issues en aanbevelingen", "9", 71.8),
                ("1. Vrijwilligheid", "9", 89.2), ("5. Inclusiviteit", "14", 89.2),
                ("a. Gelijke beschikbaarheid", "14", 107.8)]
    blocks = [block(text, 12, "heading") for text, _, _ in contents]
    levels = structure._heading_levels(blocks, contents)
    assert [levels[id(b)].level for b in blocks] == [1, 2, 2, 3]
    # a contents page that does not indent says nothing about levels
    flush = [(title, page, 72.0) for title, page, _ in contents]
    assert structure._contents_levels(flush) == {}



def test_a_subsection_the_contents_page_does_not_list_is_a_heading_by_its_number():
    """The contents page lists two levels; "5.1.2 Bedienen", a line set a point larger than
    the text, extends the number of "5.1 De app" before it: a third-level heading. A numbered
    requirement ("5.1.3 De app ... verwijderen.") is a sentence, and a line at the text's size
    ("6.2.1 Opslag") extends no heading's number before it."""
    contents = [("5 Functionele eisen", "9", 72.0), ("5.1 De app", "9", 84.0)]
    blocks = [block("5 Functionele eisen", 16, "heading"), block("5.1 De app", 13),
              block("Dit hoofdstuk beschrijft de eisen van de app die volgen.", 11),
              block("5.1.1 Installeren en aanmelden", 12), block("F1. De app vraagt.", 11),
              block("5.1.2 Bedienen", 12),
              block("5.1.3 De gebruiker kan de app op elk moment verwijderen.", 12),
              block("6.2.1 Opslag", 12), block("F4. De gebruiker kan de app verwijderen.", 11)]
    levels = structure._heading_levels(blocks, contents)
    assert [(levels[id(b)].number, levels[id(b)].level) for b in blocks if id(b) in levels] == [
        ("5", 1), ("5.1", 2), ("5.1.1", 3), ("5.1.2", 3)]


def test_a_word_too_wide_for_its_cell_is_joined_a_wrapped_line_is_not():
    """A typesetter breaks a word without a hyphen only when the word alone does not fit its
    cell ("Oppervla" / "kte per plaats"); a line of several words that ends at the cell's
    edge was wrapped between words ("Daarom achten" / "wij dit nodig")."""
    from converter.blocks import vocabulary
    from converter.model import Table, TableCell, TableRegion

    def cell_line(text: str, top: float, x0: float, x1: float) -> Line:
        return line(1, text, top, x0=x0, x1=x1)

    cells = (TableCell(0, 0, ""), TableCell(0, 1, ""))
    lines = ((cell_line("Oppervla", 100, 72, 119.5), cell_line("kte per plaats", 112, 72, 118)),
             (cell_line("Daarom achten", 100, 130, 199.5),
              cell_line("wij dit nodig", 112, 130, 190)))
    region = TableRegion(1, 0, (70, 98, 202, 124), Table(cells, 1, 2), lines,
                         cell_boxes=((70, 98, 122, 124), (128, 98, 202, 124)))
    page = PageLayout(1, 595, 842, "1", (line(1, "Een regel tekst.", 300),), (), (),
                      tables=(region,))
    [table] = [b for b in layouts_to_blocks([page], vocabulary([page])) if b.kind == "table"]
    assert table.rows == (("Oppervlakte per plaats", "Daarom achten wij dit nodig"),)


def test_a_box_running_on_into_the_next_column_keeps_each_columns_measure():
    """A box's paragraph whose full last line ends a sentence goes on: measured against the
    box's width in its own column, not across both columns the box stands in."""
    from dataclasses import replace as with_

    def boxed(text: str, top: float, column: int, x0: float, x1: float) -> Line:
        return with_(line(6, text, top, x0=x0, x1=x1), frame="kader-3-1", column=column)

    left = [boxed("De wet bepaalt dat op een aanvraag binnen zes maanden", 600, 0, 80, 278),
            boxed("moet worden beslist.", 612, 0, 80, 277.5),
            boxed("Die termijn kan met ten hoogste negen maanden worden", 624, 0, 80, 278),
            boxed("verlengd als velen tegelijk een aanvraag indienen.", 636, 0, 80, 230)]
    right = [boxed(f"Regel {i} van het kader die doorloopt in de rechterkolom", 100 + 12 * i,
                   1, 330, 528) for i in range(6)]
    page = PageLayout(6, 595, 842, "6", tuple(left + right), (), ())
    blocks = layouts_to_blocks([page], frozenset())
    texts = [b.text for b in blocks]
    assert any(t.startswith("De wet bepaalt") and "Die termijn" in t for t in texts), texts


def test_a_compound_broken_after_its_own_hyphen_is_whole_where_the_document_says_so():
    words = frozenset({"noord-holland"})
    assert join_hyphenated("Noord-Hol-", "land 5.780", words) == "Noord-Holland 5.780"
    # without that evidence, the hyphen at a compound's next hyphen stays
    assert join_hyphenated("notificatie-app-", "software", frozenset()) == \
        "notificatie-app-software"


def test_a_paragraph_indented_less_than_the_items_text_after_a_list_is_no_part_of_it():
    """LibreOffice sets a bullet at 71, its text at 83; the paragraph after the list has its
    first line indented to 81: right of the bullet, but not where the item's text stands."""
    from dataclasses import replace as with_

    def item(text: str, top: float, x1: float) -> Line:
        return with_(line(1, text, top, x0=71, x1=x1), gaps=((1, 75.4, 83.0),))

    body = [item("• een gerichte aanpak in de transportsector.", 100, 300),
            line(1, "De Wet is in 2023 door beide Kamers aanvaard en treedt", 116, x0=81),
            line(1, "naar verwachting in 2025 in werking.", 132, x0=71, x1=300),
            item("• een item dat verder gaat op de volgende", 148, 500),
            line(1, "regel. En dan nog iets.", 164, x0=83, x1=200)]
    blocks = layouts_to_blocks([layout(1, body)], frozenset())
    assert [(b.kind, b.text.split()[:2]) for b in blocks] == [
        ("list_item", ["een", "gerichte"]), ("paragraph", ["De", "Wet"]),
        ("list_item", ["een", "item"])]


def test_a_sentence_starting_with_tabel_in_the_paragraphs_own_type_goes_on_with_it():
    """"Tabel 3.1 laat per provincie zien …" at the start of a line, after a full line, at
    the paragraph's leading and in its type: a sentence of the paragraph, no caption."""
    body = [line(1, "De bezetting van de opvang bleef hoog. Ruim vijftien duizend", 100),
            line(1, "vergunninghouders wachtten op een woning, zo blijkt.", 112),
            line(1, "Tabel 3.1 laat per provincie zien hoeveel plaatsen er waren.", 124, x1=400)]
    blocks = layouts_to_blocks([layout(1, body)], frozenset())
    assert [b.kind for b in blocks] == ["paragraph"]
    # set apart, in bold, it is a caption
    caption = line(1, "Tabel 3.1 Opvangplaatsen per provincie", 140, bold=True, x1=300)
    blocks = layouts_to_blocks([layout(1, [*body[:2], caption])], frozenset())
    assert [b.kind for b in blocks] == ["paragraph", "caption"]


def test_markers_parted_by_commas_in_the_texts_own_size_are_one_run():
    """weasyprint sets "integratie.⁵,⁶,⁷" with superior digits and the commas in body size."""
    runs = (Run("gen voor de integratie.", 10.0, False), Run("5", 6.0, False, True),
            Run(",", 10.0, False), Run("6", 6.0, False, True), Run(",", 10.0, False),
            Run("7", 6.0, False, True))
    body = [Line(1, runs, 72, 300, 100, 110, 108, 10.0, False)]
    (block,) = layouts_to_blocks([layout(1, body)], frozenset())
    assert block.text == "gen voor de integratie."
    assert [m.number for m in block.marks] == ["5", "6", "7"]
    assert {m.offset for m in block.marks} == {len(block.text)}
    # a comma after a single marker is the sentence's
    runs = (Run("zie de wet", 10.0, False), Run("5", 6.0, False, True),
            Run(", en verder", 10.0, False))
    (block,) = layouts_to_blocks([layout(1, [Line(1, runs, 72, 300, 100, 110, 108, 10.0,
                                                  False)])], frozenset())
    assert block.text == "zie de wet, en verder"
