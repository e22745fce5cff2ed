"""Furniture beyond running headers: a chapter's own footer, a letter's sidebar, address
blocks, a Kamerstuk's masthead; and markers in a table's cells."""

from __future__ import annotations

from converter.blocks import layouts_to_blocks, resolve_footnotes, vocabulary, zones_to_footnotes
from converter.furniture import address_blocks, masthead
from converter.regions import pages_to_layouts
from synthetic import HEIGHT, LOREM, glyphs, marker, page, page_lines, rule, text_lines

LEFT = 72.0


def test_a_chapters_footer_with_the_page_number_is_furniture_however_short_the_chapter():
    pages = [page(n, *text_lines(LOREM, LEFT, 100, 90),
                  glyphs(f"{'Inleiding' if n < 3 else 'Bevindingen'} {n + 4}", LEFT, 810))
             for n in range(1, 11)]
    layouts = pages_to_layouts([page_lines(p) for p in pages])
    assert all(len(layout.furniture) == 1 for layout in layouts)
    assert all("Inleiding" not in line.text and "Bevindingen" not in line.text
               for layout in layouts for line in layout.body)


def test_a_letters_sidebar_of_small_print_is_not_its_text():
    address = [glyphs(t, LEFT, 150 + 12 * i) for i, t in enumerate(
        ["Aan de Voorzitter van de Tweede Kamer", "der Staten-Generaal", "Postbus 20018",
         "2500 EA DEN HAAG"])]
    sidebar = [glyphs(t, 468, 150 + 9 * i, size=6.5) for i, t in enumerate(
        ["Directoraat-Generaal", "Preventie, Jeugd en", "Sancties", "Schedeldoekshaven 100",
         "2511 EX Den Haag", "Postbus 20301", "2500 EH Den Haag", "www.rijksoverheid.nl"])]
    body = text_lines(LOREM, LEFT, 300, 70)
    (layout,) = pages_to_layouts([page_lines(page(1, *address, *sidebar, *body))])
    assert not any("Schedeldoekshaven" in line.text or "Sancties" in line.text
                   for line in layout.body)
    assert any(line.text.startswith("Het aantal") for line in layout.body)


def test_an_address_block_needs_a_postcode_or_postbus():
    imprint = [glyphs(t, 400, 700 + 13 * i) for i, t in enumerate(
        ["NFIR B.V.", "Verlengde Tolweg 2", "2517 JV Den Haag", "Telefoon: 088 - 323 02 05",
         "info@nfir.nl", "https://www.nfir.nl"])]
    servers = [glyphs(t, LEFT, 300 + 13 * i) for i, t in enumerate(
        ["ns1.rijksoverheid.nl", "ns2.rijksoverheid.eu", "ns3.rijksoverheid.nl"])]
    lines = page_lines(page(1, *servers, *imprint)).lines
    found = {line.text for line in address_blocks(lines)}
    assert "NFIR B.V." in found and "2517 JV Den Haag" in found
    assert not any("rijksoverheid" in text for text in found)


def test_a_masthead_above_a_rule_across_the_first_page_is_furniture():
    lines = page_lines(page(1, glyphs("Tweede Kamer der Staten-Generaal", LEFT, 40, size=14),
                            glyphs("Vergaderjaar 2019–2020", LEFT, 95),
                            glyphs("35 538 Tijdelijke wet notificatieapplicatie", LEFT, 150),
                            *text_lines(LOREM, LEFT, 200, 90))).lines
    rules = (rule(LEFT, 520, 85), rule(LEFT, 520, 139))
    assert [line.text for line in masthead(lines, rules, HEIGHT)] == [
        "Tweede Kamer der Staten-Generaal", "Vergaderjaar 2019–2020"]
    assert masthead(lines, (rule(LEFT, 200, 139),), HEIGHT) == []  # a short rule: no masthead


def test_markers_in_table_cells_are_kept_in_their_cell():
    rows = []
    for i, (name, kind, note) in enumerate([("app_bundle_id", "TEXT", "Applicatie"),
                                            ("counter", "INTEGER", "Onbekend"),
                                            ("tek_id", "INTEGER", "Sleutel")]):
        cells = [glyphs(name, LEFT, 200 + 14 * i), glyphs(kind, 220, 200 + 14 * i),
                 glyphs(note, 340, 200 + 14 * i)]
        rows += cells
        if i == 0:
            rows.append(marker("11", cells[2]))
    note = [glyphs("11", LEFT, 757, size=5.0), glyphs("Zie de documentatie.", LEFT + 8, 760,
                                                       size=8.0)]
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *rows, *note,
             graphics=(rule(LEFT, LEFT + 150, 745),))
    layouts = pages_to_layouts([page_lines(p)])
    words = vocabulary(layouts)
    blocks, _ = resolve_footnotes(layouts_to_blocks(layouts, words),
                                      zones_to_footnotes(layouts, words))
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows[0] == ("app_bundle_id", "TEXT", "Applicatie")
    (mark,) = table.marks
    assert mark.label == "11" and table.text[:mark.offset].endswith("Applicatie")


def test_a_centred_imprint_after_the_text_is_furniture_but_a_caption_under_a_figure_is_not():
    from converter.model import Graphic

    notice = "Het bureau is ingeschreven bij de Kamer van Koophandel onder nummer 60628081."
    width = len(notice) * 4.5
    x = (595 - width) / 2
    text = text_lines(LOREM, LEFT, 100, 90)
    imprint = glyphs(notice, x, 220, size=9.0)
    (layout,) = pages_to_layouts([page_lines(page(1, *text, imprint))])
    assert [line.text for line in layout.furniture] == [notice]
    figure = Graphic("image", 150, 450, 178, 208)
    (layout,) = pages_to_layouts([page_lines(page(1, *text, imprint, graphics=(figure,)))])
    assert any(line.text == notice for line in layout.body)


def test_a_chapter_heading_at_a_page_top_stays_though_the_running_header_repeats_it():
    pages = [page(1, glyphs("2 Migratie naar Nederland", LEFT, 60, size=16, bold=True),
                  *text_lines(LOREM, LEFT, 100, 90))]
    for n in (2, 3, 4):
        pages.append(page(n, glyphs("2 Migratie naar Nederland", 400, 40, size=8),
                          glyphs("Vertrouwelijk", LEFT, 60, size=20),
                          *text_lines(LOREM, LEFT, 100, 90)))
    pages[0] = page(1, glyphs("Vertrouwelijk", LEFT, 30, size=20),
                    glyphs("2 Migratie naar Nederland", LEFT, 60, size=16, bold=True),
                    *text_lines(LOREM, LEFT, 100, 90))
    layouts = pages_to_layouts([page_lines(p) for p in pages])
    assert layouts[0].body[0].text == "2 Migratie naar Nederland"
    # a large running header ("Vertrouwelijk", 20 pt, on every page) is furniture still
    assert all(not any(line.text == "Vertrouwelijk" for line in layout.body)
               for layout in layouts)
    assert all(not any(line.text == "2 Migratie naar Nederland" for line in layout.body)
               for layout in layouts[1:])


def test_notes_of_one_shape_on_two_pages_are_notes_whatever_their_numbers():
    """Note 2 on page 3 and note 48 on page 15, both "Tweede Kamer, vergaderjaar …, 36 200
    VI, nr. …": the first note's "36" and the second's "48" each lie 33 above their page
    number, but at other places in the text; a page number stands at one place."""
    def note_page(number: int, note: str) -> object:
        text = text_lines(LOREM, LEFT, 100, 90)
        last = text[-1]
        return page(number, *text, marker(note.split()[0], last),
                    glyphs(note, LEFT, 775, size=8), glyphs(str(number), 295, 810, size=8),
                    graphics=(rule(LEFT, 200, 760),))

    pages = [note_page(3, "2 Tweede Kamer, vergaderjaar 2022-2023, 36 200 VI, nr. 12."),
             *(page(n, *text_lines(LOREM, LEFT, 100, 90), glyphs(str(n), 295, 810, size=8))
               for n in range(4, 15)),
             note_page(15, "48 Tweede Kamer, vergaderjaar 2022-2023, 36 200 VI, nr. 97.")]
    layouts = pages_to_layouts([page_lines(p) for p in pages])
    for layout in (layouts[0], layouts[-1]):
        assert [line.text for line in layout.furniture] == [str(layout.number)]
        assert layout.footnotes and "Tweede Kamer" in layout.footnotes[0].text


def test_numbered_notes_only_a_little_smaller_than_the_text_are_no_colophon():
    """A short page's notes at its foot, set apart from its text, in 8 pt under 8.5 pt text:
    numbered, so notes (left to the note area), not a colophon (furniture)."""
    from converter.furniture import colophon_tail

    text = text_lines(LOREM, LEFT, 100, 90, size=8.5)[:6]
    notes = [glyphs("1 Kamerstukken II 2022/23, 19 637, nr. 3061.", LEFT, 770, size=8)]
    lines = page_lines(page(3, *text, *notes)).lines
    kept, tail = colophon_tail(list(lines), 8.5, HEIGHT, 0.92)
    assert tail == [] and len(kept) == len(lines)
    colophon = [glyphs("Dit is een uitgave van het ministerie.", LEFT, 770, size=7)]
    lines = page_lines(page(3, *text, *colophon)).lines
    _, tail = colophon_tail(list(lines), 8.5, HEIGHT, 0.92)
    assert [line.text for line in tail] == ["Dit is een uitgave van het ministerie."]
