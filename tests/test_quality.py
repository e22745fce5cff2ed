"""The quality report lists what a reader should check, and says when the whole is implausible."""

from __future__ import annotations

from converter.model import (
    ColumnBand,
    Document,
    Footnote,
    FootnoteMark,
    PageInfo,
    PageLayout,
    Paragraph,
    Section,
    Source,
)
from converter.quality import assess

SOURCE = Source("r.pdf", 3, "0" * 64)


def document(paragraphs=(), footnotes=(), sections=()) -> Document:
    pages = tuple(PageInfo(n, str(n), f"page-{n}", f"r/#page-{n}") for n in (1, 2, 3))
    return Document("Rapport", "r", SOURCE, pages, tuple(sections), tuple(paragraphs),
                    tuple(footnotes))


def paragraph(pid: str, page: int, marks=()) -> Paragraph:
    return Paragraph(pid, None, page, (page,), "paragraph", "Tekst van de alinea.", tuple(marks),
                     f"r/#{pid}")


def layout(number: int, columns=()) -> PageLayout:
    return PageLayout(number, 595, 842, None, (), (), (), columns=tuple(columns))


def test_suspicious_notes_markers_and_columns_are_listed_by_page():
    notes = [Footnote("1", "fn:1", 1, "Voorstel ........ 9", "p1-1", "r/#fn:1"),
             Footnote("2", "fn:2", 2, "woord " * 200, "p1-1", "r/#fn:2"),
             Footnote("3", "fn:3", 2, "Zie de bijlage.", None, "r/#fn:3")]
    marks = [FootnoteMark(5, "1", 1, "1"), FootnoteMark(9, "2", 1, "2"), FootnoteMark(12, "7", 1)]
    doc = document([paragraph("p1-1", 1, marks)], notes)
    quality = assess(doc, [layout(1), layout(2, [ColumnBand(100, 700, (297.0,))]), layout(3)])
    found = [(i.kind, i.page, i.subject) for i in quality.items]
    assert found == [("marker_unresolved", 1, "7"), ("note_dot_leaders", 1, "1"),
                     ("note_long", 2, "2"), ("note_uncited", 2, "3"), ("page_columns", 2, "2")]
    assert "stippellijn" in quality.verdict  # a contents line as a note: implausible


def test_a_heading_on_every_line_is_implausible_and_a_clean_conversion_is_not():
    sections = [Section(f"s{i}", 1, "", f"Kop {i}", 1 + i % 3, "r/#", "index.md")
                for i in range(12)]
    doc = document([paragraph("p1-1", 1)], sections=sections)
    quality = assess(doc, [layout(n) for n in (1, 2, 3)])
    assert quality.headings_per_page == 4.0
    assert "koppen per pagina" in quality.verdict
    assert assess(document([paragraph("p1-1", 1)]), [layout(1)]).verdict == ""


def test_a_table_shown_as_its_picture_is_listed():
    from dataclasses import replace

    from converter.model import Figure

    table = replace(paragraph("p2-1", 2), kind="figure", text="Tabel 9.7 – Voorinlevering",
                    figure=Figure((70, 100, 530, 220), caption="Tabel 9.7 – Voorinlevering",
                                  table_lines=("Nee\t2%", "Ja\t98%")))
    chart = replace(paragraph("p3-1", 3), kind="figure", text="Figuur 1.1",
                    figure=Figure((70, 100, 530, 220), caption="Figuur 1.1"))
    quality = assess(document([table, chart]), [layout(1), layout(2), layout(3)])
    assert [(i.kind, i.page, i.subject) for i in quality.items] == [
        ("table_unrecovered", 2, "Tabel 9.7")]
