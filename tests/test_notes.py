"""Note areas need evidence, are per column, and never take a table, a contents page or code;
markers resolve to the note printed on their own page."""

from __future__ import annotations

from converter.blocks import layouts_to_blocks, resolve_footnotes, vocabulary, zones_to_footnotes
from converter.regions import pages_to_layouts
from synthetic import LOREM, glyphs, marker, page, page_lines, rule, text_lines

LEFT = 72.0


def body_with_marker(number: str, top: float = 100.0, words: str = LOREM) -> list[list]:
    lines = text_lines(words, LEFT, top, 90)
    return [*lines, marker(number, lines[1])]


def note(number: str, text: str, baseline: float, x: float = LEFT) -> list[list]:
    return [glyphs(number, x, baseline - 2.5, size=5.0), glyphs(text, x + 5, baseline, size=8.0)]


def layouts(*pages):
    return pages_to_layouts([page_lines(p) for p in pages])


def notes_of(*pages):
    found = layouts(*pages)
    words = vocabulary(found)
    blocks = layouts_to_blocks(found, words)
    return resolve_footnotes(blocks, zones_to_footnotes(found, words))


def test_notes_below_a_rule_with_the_pages_marker_are_a_note_area():
    citation = "Kamerstukken II 2021/22, 32 847, nr. 883."
    p = page(1, *body_with_marker("1"), *note("1", citation, 760),
             graphics=(rule(LEFT, LEFT + 150, 745),))
    (layout,) = layouts(p)
    assert [line.plain_text.strip() for line in layout.footnotes][-1].startswith("Kamerstukken")
    assert all("Kamerstukken" not in line.text for line in layout.body)


def test_small_numbered_lines_without_any_cue_are_not_notes():
    """A table of small figures at the foot of a page: no rule, no markers, plain numbers."""
    rows = [glyphs(f"{year} telde {n} aanvragen", LEFT, 700 + 10 * i, size=8.0)
            for i, (year, n) in enumerate([(2019, 22533), (2020, 13717), (2021, 24740)])]
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), *rows)
    (layout,) = layouts(p)
    assert layout.footnotes == ()


def test_contents_entries_and_table_rows_are_never_notes():
    contents = [glyphs(f"{n} Voorstel {'.' * 30} {n + 8}", LEFT, 700 + 10 * n, size=8.0)
                for n in range(1, 4)]
    p1 = page(1, *body_with_marker("1"), *contents, graphics=(rule(LEFT, LEFT + 150, 695),))
    rows = [glyphs(f"{a} - {a + 7} jaar", LEFT, 700 + 10 * i, size=8.0) + glyphs(
        str(n), 300, 700 + 10 * i, size=8.0) for i, (a, n) in enumerate([(17, 128), (25, 301)])]
    p2 = page(2, *body_with_marker("17"), *rows)
    for layout in layouts(p1, p2):
        assert layout.footnotes == ()


def test_code_in_small_type_after_a_note_page_is_not_a_note():
    p1 = page(1, *body_with_marker("1"), *note("1", "Zie de bijlage.", 760),
              graphics=(rule(LEFT, LEFT + 150, 745),))
    code = [glyphs(line, LEFT, 700 + 10 * i, size=8.0)
            for i, line in enumerate(["GET /auth?token=eyJ0eX", "2hzSW95USIsIm5hb HTTP/1.1",
                                      "Host: coronamelder-portal.nl"])]
    p2 = page(2, *text_lines(LOREM, LEFT, 100, 90), *code)
    assert layouts(p1, p2)[1].footnotes == ()


def test_a_note_continued_below_the_next_pages_rule_is_kept_only_after_a_note():
    first = page(1, *body_with_marker("1"), *note("1", "Het advies van de Raad van State", 760),
                 graphics=(rule(LEFT, LEFT + 150, 745),))
    rest = glyphs("luidde anders; zie ook de memorie van toelichting.", LEFT, 760, size=8.0)
    second = page(2, *text_lines(LOREM, LEFT, 100, 90), rest,
                  graphics=(rule(LEFT, LEFT + 150, 745),))
    assert layouts(first, second)[1].footnotes != ()
    assert layouts(page(1, *text_lines(LOREM, LEFT, 100, 90)), second)[1].footnotes == ()
    notes = notes_of(first, second)[1]
    assert [n.text for n in notes] == [
        "Het advies van de Raad van State luidde anders; zie ook de memorie van toelichting."]


def test_each_column_keeps_its_own_notes():
    left = text_lines(LOREM, 60, 100, 45)
    right = text_lines(LOREM.upper(), 310, 100, 45)
    p = page(1, *left, marker("1", left[2]), *right, marker("2", right[2]),
             *note("1", "Noot bij de linkerkolom.", 780, 60),
             *note("2", "Noot bij de rechterkolom.", 780, 310),
             graphics=(rule(60, 150, 765), rule(310, 400, 765)))
    (layout,) = layouts(p)
    texts = [line.plain_text.strip() for line in layout.footnotes]
    assert texts == ["Noot bij de linkerkolom.", "Noot bij de rechterkolom."]
    assert {line.column for line in layout.footnotes} == {1, 2}


def test_markers_cite_the_note_on_their_own_page_when_numbering_restarts():
    pages = [page(n, *body_with_marker("1"), *note("1", f"Noot een van hoofdstuk {n}.", 760),
                  graphics=(rule(LEFT, LEFT + 150, 745),)) for n in (1, 2)]
    blocks, notes = notes_of(*pages)
    assert [(n.label, n.page) for n in notes] == [("1", 1), ("1-2", 2)]
    cited = {m.page: m.label for b in blocks for m in b.marks}
    assert cited == {1: "1", 2: "1-2"}


def test_a_note_pushed_to_the_next_page_is_still_found():
    first = page(1, *body_with_marker("4"))
    second = page(2, *text_lines(LOREM, LEFT, 100, 90), *note("4", "Naar de volgende pagina.", 760),
                  graphics=(rule(LEFT, LEFT + 150, 745),))
    blocks, notes = notes_of(first, second)
    assert [(n.label, n.page) for n in notes] == [("4", 2)]
    assert [m.label for b in blocks for m in b.marks] == ["4"]


def test_markers_set_together_are_split_by_the_notes_on_the_page():
    lines = text_lines(LOREM, LEFT, 100, 90)
    p = page(1, *lines, marker("23", lines[1]), marker("5–7", lines[3]), marker("9 10", lines[4]),
             *[part for i, n in enumerate(["2", "3", "5", "6", "7", "9", "10"])
               for part in note(n, f"Bron nummer {n}.", 700 + 12 * i)],
             graphics=(rule(LEFT, LEFT + 150, 685),))
    blocks, _notes = notes_of(p)
    assert [m.label for b in blocks for m in b.marks] == ["2", "3", "5", "6", "7", "9", "10"]


def test_an_exponent_after_a_unit_is_not_a_marker():
    row = glyphs("De gemeente is 12 km", LEFT, 100)
    p = page(1, row, marker("2", row), *text_lines(LOREM, LEFT, 112, 90))
    blocks, _notes = notes_of(p)
    assert blocks[0].text == "De gemeente is 12 km²" and not blocks[0].marks
