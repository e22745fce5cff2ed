"""Columns from whitespace: two columns, a full-width title over them, and what is not a column."""

from __future__ import annotations

import pytest

from converter.columns import column_of, find_columns
from converter.model import Char
from synthetic import LOREM, glyphs, page, page_lines, text_lines

LEFT, RIGHT = 60.0, 310.0  # two columns of 45 characters (225 pt) with a 25 pt gutter


def two_columns(top: float = 100.0, words: str = LOREM) -> list[list[Char]]:
    left = text_lines(words, LEFT, top, 45)
    right = text_lines(words.upper(), RIGHT, top, 45)
    return left + right


def test_two_columns_split_at_the_gutter_and_read_column_by_column():
    chars = page(1, *two_columns())
    (band,) = find_columns(chars.chars, chars.width)
    assert LEFT + 225 < band.gutters[0] < RIGHT
    lines = page_lines(chars).lines
    # every line stays inside its column, and the left column is read first
    assert all(line.x1 < band.gutters[0] or line.x0 > band.gutters[0] for line in lines)
    columns = [line.column for line in lines]
    assert columns == sorted(columns) and len(set(columns)) == 2
    assert lines[0].text.startswith("Het aantal") and lines[-1].text.isupper()


def test_columns_whose_baselines_do_not_line_up_are_columns():
    # a heading in one column shifts its lines against the other's: no row holds both
    for offset in (3.0, 6.0, 30.0):
        left = text_lines(LOREM, LEFT, 100, 45)
        right = text_lines(LOREM.upper(), RIGHT, 100 + offset, 45)
        chars = page(1, *left, *right)
        (band,) = find_columns(chars.chars, chars.width)
        assert LEFT + 225 < band.gutters[0] < RIGHT, offset


def test_a_title_across_both_columns_closes_the_gutter_above_them():
    title = glyphs("2 Migratie naar Nederland en de gevolgen voor gemeenten", 150, 70, size=16)
    chars = page(1, title, *two_columns(top=110))
    (band,) = find_columns(chars.chars, chars.width)
    assert band.top > 70
    lines = page_lines(chars).lines
    assert lines[0].text.startswith("2 Migratie") and lines[0].column == 0
    assert {line.column for line in lines[1:]} == {1, 2}


def test_full_width_text_between_two_column_bands_is_read_between_them():
    upper = two_columns(top=100)
    middle = text_lines(LOREM, LEFT, 300, 95)
    lower = two_columns(top=400)
    lines = page_lines(page(1, *upper, *middle, *lower)).lines
    order = [line.column for line in lines]
    assert order == sorted(order)
    assert len(set(order)) == 5  # two columns, the full-width text, two columns


def test_a_single_column_page_has_no_bands():
    chars = page(1, *text_lines(LOREM * 2, LEFT, 100, 95))
    assert find_columns(chars.chars, chars.width) == ()


def test_a_table_is_not_columns():
    rows = []
    table = [("Arbeid", "12.345", "13.456"), ("Studie", "4.567", "5.678"),
             ("Gezin", "23.456", "24.567"), ("Asiel", "35.535", "47.991"),
             ("Overig", "1.234", "2.345"), ("Totaal", "77.137", "94.037")]
    for i, (label, a, b) in enumerate(table):
        y = 100 + 14 * i
        rows += [glyphs(label, LEFT, y), glyphs(a, 300, y), glyphs(b, 420, y)]
    chars = page(1, *rows)
    assert find_columns(chars.chars, chars.width) == ()


def test_a_letterhead_of_labels_and_values_is_not_columns():
    rows = []
    for i, (label, value) in enumerate([("Datum", "1 maart 2011"), ("Betreft", "Draagmoederschap"),
                                        ("Ons kenmerk", "5687928/11"), ("Bijlagen", "2"),
                                        ("Contactpersoon", "mr. J. de Vries")]):
        rows += [glyphs(label, LEFT, 100 + 14 * i, size=8), glyphs(value, 250, 100 + 14 * i)]
    chars = page(1, *rows)
    assert find_columns(chars.chars, chars.width) == ()


def test_column_of_counts_full_width_stretches_between_bands():
    from converter.model import ColumnBand

    bands = (ColumnBand(100, 200, (300.0,)), ColumnBand(300, 400, (200.0, 400.0)))
    assert column_of(bands, 50, 50) == 0
    assert [column_of(bands, x, 150) for x in (100, 500)] == [1, 2]
    assert column_of(bands, 50, 250) == 3
    assert [column_of(bands, x, 350) for x in (100, 300, 500)] == [4, 5, 6]
    assert column_of(bands, 50, 500) == 7


def test_a_sparse_page_takes_the_documents_gutter(tmp_path):
    """A page holding three lines in each column has too few rows to prove its gutter; the
    report's other pages show it, so its lines are not joined across the columns."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from converter.pipeline import convert

    words = LOREM.split()
    path = tmp_path / "kolommen.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]

    def column(x: float, top: float, lines: int, start: int) -> None:
        for i in range(lines):
            pdf.drawString(x, height - top - 13 * i, " ".join(words[(start + 7 * i) % 40:][:7]))

    for _ in range(4):  # full pages in two columns
        pdf.setFont("Helvetica", 10)
        column(60, 80, 50, 0)
        column(310, 80, 50, 3)
        pdf.showPage()
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(60, height - 80, "2.2.1 Studie en werk")
    pdf.setFont("Helvetica", 10)
    pdf.drawString(60, height - 100, "Links staat de eerste regel van de linkerkolom")
    pdf.drawString(60, height - 113, "en de tweede regel van de linkerkolom eindigt.")
    pdf.drawString(310, height - 80, "Rechts de eerste regel van de rechterkolom hier,")
    pdf.drawString(310, height - 93, "de tweede regel van de rechterkolom staat eronder")
    pdf.drawString(310, height - 106, "en de derde regel sluit de rechterkolom af.")
    pdf.showPage()
    pdf.save()
    document = convert(path, jobs=1, link=False)
    last = [p.text for p in document.paragraphs if p.page == 5]
    assert last == ["Links staat de eerste regel van de linkerkolom en de tweede regel van de "
                    "linkerkolom eindigt.",
                    "Rechts de eerste regel van de rechterkolom hier, de tweede regel van de "
                    "rechterkolom staat eronder en de derde regel sluit de rechterkolom af."]
    assert [s.title for s in document.sections if s.page == 5] == ["Studie en werk"]


def test_the_documents_gutter_needs_pages_that_agree():
    from converter.columns import document_gutter
    from converter.model import ColumnBand, PageLines

    def lines(*gutters: float) -> list[PageLines]:
        return [PageLines(n, 595, 842, (), (ColumnBand(80, 700, (g,)),) if g else ())
                for n, g in enumerate(gutters, 1)]

    assert document_gutter(lines(297, 298, 296.5, 0)) == pytest.approx(297.2, abs=0.1)
    assert document_gutter(lines(297, 298)) is None  # too few pages say it
    assert document_gutter(lines(297, 200, 400, 150)) is None  # they do not agree
