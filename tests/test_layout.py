"""Layout stage on synthetic glyphs: lines, superscripts, furniture and footnote zones."""

from __future__ import annotations

from converter.furniture import furniture_key
from converter.layout import chars_to_lines
from converter.model import Char, PageChars, PageLines
from converter.notes import footnote_number
from converter.regions import pages_to_layouts

WIDTH, HEIGHT = 595.0, 842.0


def glyphs(text: str, x: float, baseline: float, size: float = 10.0, bold: bool = False,
           hyphen_last: bool = False) -> list[Char]:
    """Monospaced-ish glyphs, each 0.5 * size wide; a space is a glyph too (as pdfium gives)."""
    out = []
    for i, ch in enumerate(text):
        x0 = x + i * 0.5 * size
        out.append(Char(ch, x0, x0 + 0.5 * size, baseline - 0.8 * size, baseline + 0.2 * size,
                        baseline, size, "Body", bold,
                        hyphen=hyphen_last and i == len(text) - 1))
    return out


def lines_of(page: PageChars) -> PageLines:
    return PageLines(page.number, page.width, page.height, tuple(chars_to_lines(page)),
                     chars=len(page.chars))


def page(number: int, *runs: list[Char]) -> PageChars:
    return PageChars(number, WIDTH, HEIGHT, tuple(c for run in runs for c in run))


def test_superscript_marker_joins_its_line_as_a_run():
    body = glyphs("gemeenten en", 72, 400)
    marker = glyphs("28", 72 + 13 * 5 + 1, 396, size=6.0)
    rest = glyphs(" met de juiste zorg", 72 + 13 * 5 + 8, 400)
    lines = chars_to_lines(page(1, body, marker, rest))
    assert len(lines) == 1
    runs = lines[0].runs
    assert [r.superscript for r in runs] == [False, True, False]
    assert runs[1].text == "28"
    assert lines[0].plain_text.replace("  ", " ") == "gemeenten en met de juiste zorg"


def test_marker_drawn_after_the_line_still_attaches_to_it():
    body = glyphs("einde van de zin.", 72, 400)
    later = glyphs("Volgende regel", 72, 412)
    marker = glyphs("3", 72 + 17 * 5 + 1, 396, size=6.0)
    lines = chars_to_lines(page(1, body, later, marker))
    assert next(line.text for line in lines).endswith("zin.3")
    assert lines[0].runs[-1].superscript


def test_footnote_number_before_its_text():
    number = glyphs("12", 72, 797, size=5.0)
    text = glyphs(" Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883.", 78, 800, size=8.0)
    lines = chars_to_lines(page(1, number, text))
    assert len(lines) == 1
    assert footnote_number(lines[0]) == "12"


def test_plain_numbered_footnote_line():
    lines = chars_to_lines(page(1, glyphs("7 Zie ook de Kamerbrief.", 72, 800, size=8.0)))
    assert footnote_number(lines[0]) == "7"
    assert footnote_number(chars_to_lines(page(1, glyphs("Zie 7.", 72, 800)))[0]) is None


def test_column_gap_becomes_a_tab():
    row = glyphs("2022", 72, 300) + glyphs("36.000", 300, 300)
    assert chars_to_lines(page(1, row))[0].text == "2022\t36.000"


def test_typesetter_hyphen_flag_is_kept_on_the_line():
    line = chars_to_lines(page(1, glyphs("vergunning-", 72, 300, hyphen_last=True)))[0]
    assert line.hyphenated


def test_furniture_key_ignores_page_numbers():
    assert furniture_key("28 De Staat van Migratie 2023") == furniture_key(
        "29  De Staat van Migratie 2023")


def _report_pages(count: int) -> list[PageChars]:
    pages = []
    for n in range(1, count + 1):
        footer = (glyphs(f"{n} De Staat van Migratie 2023", 72, 810) if n % 2 == 0
                  else glyphs(f"De Staat van Migratie 2023 {n}", 300, 810))
        text = f"Tekst van pagina {n} met gewone woorden."
        body = glyphs(text, 72, 100)
        cite = glyphs(str(3 * n + 1), 72 + len(text) * 5, 97, size=6.0)  # its marker
        # one note of the same shape in the same place on every page: not a running footer
        note = glyphs(f"{3 * n + 1} Tweede Kamer, vergaderjaar 2021-2022, 32 847, "
                      f"nr. {880 + 7 * n}.",
                      72, 760, size=8.0)
        pages.append(page(n, body, cite, note, footer))
    return pages


def test_running_footer_is_furniture_and_labels_pages():
    layouts = pages_to_layouts([lines_of(p) for p in _report_pages(6)])
    for layout in layouts:
        assert layout.label == str(layout.number)
        assert next(line.text for line in layout.furniture).strip().endswith(
            ("2023", str(layout.number)))
        assert all("Staat van Migratie" not in line.text for line in layout.body)
        assert [footnote_number(line) for line in layout.footnotes] == [str(3 * layout.number + 1)]


def test_body_line_repeated_mid_page_is_not_furniture():
    pages = []
    for n in range(1, 5):
        pages.append(page(n, glyphs("Inburgering", 72, 400), glyphs(f"Regel {n}", 72, 420)))
    layouts = pages_to_layouts([lines_of(p) for p in pages])
    assert all(layout.furniture == () for layout in layouts)


def test_a_space_folded_into_a_piece_breaks_words_even_where_they_touch():
    # pdfium's loose boxes can overlap across a space ("Noodzaak en" in the AP advies)
    first = Char("Noodzaak", 100, 143.4, 396, 402, 400, 10.0, "Body", False, space=True)
    second = Char("en", 141.7, 155.8, 396, 402, 400, 10.0, "Body", False)
    glued = Char("en", 143.4, 155.8, 396, 402, 400, 10.0, "Body", False)
    assert chars_to_lines(page(1, [first, second]))[0].text == "Noodzaak en"
    assert chars_to_lines(page(1, [first._replace(space=False), glued]))[0].text == "Noodzaaken"


def test_a_lone_year_at_the_foot_of_a_page_is_text_but_a_lone_page_number_is_furniture():
    pages = []
    for n in range(1, 5):
        body = glyphs("Munnichs, G., Van Est, R.,", 72, 748)  # the reference the year ends
        year = glyphs("2019", 72, 760)  # in the bottom band, where page numbers stand
        number = glyphs(str(n), 300, 810)
        pages.append(page(n, body, year, number))
    layouts = pages_to_layouts([lines_of(p) for p in pages])
    for layout in layouts:
        assert [line.text.strip() for line in layout.furniture] == [str(layout.number)]
        assert any(line.text.strip() == "2019" for line in (*layout.body, *layout.footnotes))
