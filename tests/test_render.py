"""Render stage: escaping hostile text, inline annotations, and the JSON model."""

from __future__ import annotations

import markdown
import pytest

from converter.model import (
    Document,
    Footnote,
    FootnoteMark,
    Occurrence,
    PageInfo,
    Paragraph,
    Reference,
    Section,
    Source,
)
from converter.render import document_to_json, document_to_markdown, escape_markdown, safe_url

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klik](javascript:alert(1))",
    "**vet** en _schuin_ en `code` en | pijp | en # kop",
    "{{ config.site_name }} en {% include 'x' %}",
    "*[COA]: misleidende afkorting",
    "[^1]: valse voetnoot",
    "{: #kaping .x }",
    "&amp; &lt; \\ backslash",
]
EXTENSIONS = ["attr_list", "footnotes", "abbr", "tables", "md_in_html"]


def _text_of(html: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser").get_text()


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_literally(text):
    html = markdown.markdown(escape_markdown(text), extensions=EXTENSIONS)
    assert _text_of(html).strip() == text
    assert "<script" not in html and "<img" not in html and "javascript:" not in html.replace(
        text.replace("<", "&lt;"), "")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "vbscript:x", "ftp://x"])
def test_only_http_links(url):
    assert safe_url(url) is None


def test_http_link_characters_that_could_end_the_link_are_encoded():
    assert safe_url("https://example.org/a b)c") == "https://example.org/a%20b%29c"


def _document(text: str) -> Document:
    mark_at = text.index("gemeenten en") + len("gemeenten en")
    paragraph = Paragraph("p28-3", "s2-1", 28, (28, 29), "paragraph", text,
                          (FootnoteMark(mark_at, "28", 28, "28"),), "rapport/hoofdstuk-2/#p28-3",
                          page_starts=((len(text) - 5, 29),))
    note_text = "Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883."
    footnote = Footnote("28", "fn:28", 28, note_text, "p28-3", "rapport/hoofdstuk-2/#fn:28")
    occurrence = Occurrence("ref-kst-32847-883-1", "p28-3", "28", 28, 0, len(note_text) - 1,
                            note_text[:-1])
    reference = Reference("kamerstuk", "kst-32847-883", "Kamerstukken II 2021/22, 32 847, nr. 883",
                          "https://zoek.officielebekendmakingen.nl/kst-32847-883.html",
                          (occurrence,))
    section = Section("s2-1", 1, "2", "Migratie <b>", 27, "rapport/hoofdstuk-2/#s2-1",
                      "hoofdstuk-2.md")
    pages = tuple(PageInfo(n, str(n), f"page-{n}", f"rapport/hoofdstuk-2/#page-{n}")
                  for n in (27, 28, 29))
    return Document("Rapport", "rapport", Source("rapport.pdf", 30, "0" * 64), pages,
                    (section,), (paragraph,), (footnote,), (reference,))


def test_markdown_has_anchor_footnote_page_start_and_citation_link():
    files = document_to_markdown(
        _document("Voldoende woningen voor gemeenten en <script>x</script> slot."))
    chapter = files["hoofdstuk-2.md"]
    html = markdown.markdown(chapter.split("---", 2)[2], extensions=EXTENSIONS)
    assert 'id="p28-3"' in html
    assert 'href="#fn:28"' in html
    assert 'id="page-29"' in html and 'id="page-28"' in html
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-32847-883.html"' in html
    assert 'id="ref-kst-32847-883-1"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Migratie &lt;b&gt;" in html
    # the marker sits right after "gemeenten en"
    assert "gemeenten en<sup" in html


def test_json_model_fields():
    model = document_to_json(_document("Voor gemeenten en anderen."))
    assert set(model) >= {"title", "source", "sections", "paragraphs", "footnotes",
                          "references", "entities"}
    paragraph = model["paragraphs"][0]
    assert paragraph["footnotes"] == ["28"] and paragraph["pages"] == [28, 29]
    assert model["footnotes"][0]["paragraph"] == "p28-3"


@pytest.mark.parametrize(("marker", "shown", "numbered"), [
    ("1.", "1. Hoofdstuk 2 beschrijft de migratie.", True),
    ("(b)", "(b) Hoofdstuk 2 beschrijft de migratie.", True),
    ("a)", "a) Hoofdstuk 2 beschrijft de migratie.", True),
    ("•", "Hoofdstuk 2 beschrijft de migratie.", False),
])
def test_list_item_keeps_its_own_number_and_shows_no_bullet_beside_it(marker, shown, numbered):
    from bs4 import BeautifulSoup

    item = Paragraph("p4-5", "s2-1", 28, (28,), "list_item", "Hoofdstuk 2 beschrijft de migratie.",
                     (), "rapport/hoofdstuk-2/#p4-5", number=marker)
    document = _document("Voldoende woningen voor gemeenten en slot.")
    document = Document(document.title, document.slug, document.source, document.pages,
                        document.sections, (*document.paragraphs, item), document.footnotes, ())
    page = document_to_markdown(document)["hoofdstuk-2.md"]
    html = markdown.markdown(page.split("---", 2)[2], extensions=EXTENSIONS)
    li = BeautifulSoup(html, "html.parser").find("li", id="p4-5")
    assert li.get_text().strip() == shown
    assert ("bl-numbered" in li["class"]) is numbered
    assert li.find_parent("ul") is not None and li.find("ol") is None  # not a nested list


def test_italic_paragraph_is_marked_in_markdown_and_json():
    from bs4 import BeautifulSoup

    document = _document("Voldoende woningen voor gemeenten en slot.")
    advice = Paragraph("p28-4", "s2-1", 28, (28,), "paragraph", "De Afdeling adviseert.", (),
                       "rapport/hoofdstuk-2/#p28-4", italic=True)
    document = Document(document.title, document.slug, document.source, document.pages,
                        document.sections, (*document.paragraphs, advice), document.footnotes,
                        ())
    page = document_to_markdown(document)["hoofdstuk-2.md"]
    html = markdown.markdown(page.split("---", 2)[2], extensions=EXTENSIONS)
    soup = BeautifulSoup(html, "html.parser")
    assert "bl-italic" in soup.find(id="p28-4")["class"]
    assert "bl-italic" not in soup.find(id="p28-3")["class"]
    paragraphs = document_to_json(document)["paragraphs"]
    assert [p.get("italic", False) for p in paragraphs] == [False, True]


def test_nested_list_items_render_inside_their_parent_item():
    from bs4 import BeautifulSoup

    document = _document("Voldoende woningen voor gemeenten en slot.")
    items = tuple(
        Paragraph(pid, "s2-1", 28, (28,), "list_item", text, (), f"rapport/hoofdstuk-2/#{pid}",
                  number=marker, depth=depth)
        for pid, text, marker, depth in [("p28-4", "de knelpunten:", "•", 0),
                                         ("p28-5", "de overdracht;", "–", 1),
                                         ("p28-6", "de medewerking;", "–", 1),
                                         ("p28-7", "de doorlooptijden.", "•", 0)])
    document = Document(document.title, document.slug, document.source, document.pages,
                        document.sections, (*document.paragraphs, *items), document.footnotes, ())
    page = document_to_markdown(document)["hoofdstuk-2.md"]
    soup = BeautifulSoup(markdown.markdown(page.split("---", 2)[2], extensions=EXTENSIONS),
                         "html.parser")
    parent = soup.find(id="p28-4").find_parent("li")
    assert soup.find(id="p28-5").find_parent("li").find_parent("li") is parent
    assert soup.find(id="p28-7").find_parent("li").find_parent("li") is None
    assert soup.find("pre") is None and soup.find("code") is None  # never read as code
    assert [p.get("depth", 0) for p in document_to_json(document)["paragraphs"]] == [0, 0, 1, 1, 0]


def test_any_pairing_of_markers_and_notes_renders_without_dangling_footnotes():
    """Duplicate numbers, notes without markers, markers without notes, a marker in a table
    and a marker whose note sits in another chapter: every note keeps its anchor, every
    footnote definition is referenced (a strict MkDocs build fails otherwise)."""
    from bs4 import BeautifulSoup

    base = _document("Voldoende woningen voor gemeenten en slot.")
    url = "rapport/hoofdstuk-2/#"
    other = Section("s3", 1, "3", "Elders", 29, "rapport/hoofdstuk-3/#s3", "hoofdstuk-3.md")
    paragraphs = (
        *base.paragraphs,
        Paragraph("p28-4", "s2-1", 28, (28,), "paragraph", "Noot zonder tekst en nog een.",
                  (FootnoteMark(5, "40"), FootnoteMark(10, "28", label="28")), url + "p28-4"),
        Paragraph("p28-5", "s2-1", 28, (28,), "table", "a b",
                  (FootnoteMark(1, "29", label="29"),), url + "p28-5",
                  rows=(("a", "b"), ("c", "d"))),
        Paragraph("p29-1", "s3", 29, (29,), "paragraph", "Verwijst naar hoofdstuk 2.",
                  (FootnoteMark(4, "30", label="30"),), "rapport/hoofdstuk-3/#p29-1"),
    )
    notes = (
        *base.footnotes,
        Footnote("28-2", "fn:28-2", 28, "Tweede noot met nummer 28.", "p28-3", url + "fn:28-2"),
        Footnote("29", "fn:29", 28, "Noot bij de tabel.", "p28-5", url + "fn:29"),
        Footnote("30", "fn:30", 28, "Noot zonder marker hier.", None, url + "fn:30"),
        Footnote("31", "fn:31", 28, "Wees.", None, url + "fn:31"),
    )
    document = Document(base.title, base.slug, base.source, base.pages,
                        (*base.sections, other), paragraphs, notes, base.references)
    files = document_to_markdown(document)
    pages = {name: BeautifulSoup(markdown.markdown(text.split("---", 2)[2],
                                                   extensions=EXTENSIONS), "html.parser")
             for name, text in files.items()}
    chapter = pages["hoofdstuk-2.md"]
    for note in notes:
        assert chapter.find(id=note.id) is not None, note.id
    for definition in chapter.select(".footnote li[id]"):  # each definition is referenced
        assert chapter.select(f'a.footnote-ref[href="#{definition["id"]}"]'), definition["id"]
    listed = [li["id"] for li in chapter.select(".bl-listed-notes li")]
    assert listed == ["fn:28-2", "fn:30", "fn:31"]  # the table's marker is in its cell
    assert chapter.select_one("#fn\\:28-2 .bl-note-number").get_text() == "28"  # as printed
    assert "Noot zonder marker hier." in chapter.find(id="fn:30").get_text()
    assert chapter.find(id="p28-4").find("sup").get_text() == "40"  # marker without a note
    link = pages["hoofdstuk-3.md"].select_one("#p29-1 sup a")
    assert link["href"] == "hoofdstuk-2.md#fn:30"


def test_a_list_of_abbreviations_gets_a_header_of_its_own():
    """Its first row is an entry, not a header: it must not render as a bold table head."""
    from bs4 import BeautifulSoup

    from converter.model import Abbreviation

    base = _document("Voldoende woningen voor gemeenten en slot.")
    rows = (("COA", "Centraal Orgaan opvang asielzoekers"), ("IND", "Immigratie- en "
            "Naturalisatiedienst"))
    table = Paragraph("p28-9", "s2-1", 28, (28,), "table", "COA …", (),
                      "rapport/hoofdstuk-2/#p28-9", rows=rows)
    other = Paragraph("p28-10", "s2-1", 28, (28,), "table", "Jaar …", (),
                      "rapport/hoofdstuk-2/#p28-10", rows=(("Jaar", "Aantal"), ("2022", "5")))
    document = Document(base.title, base.slug, base.source, base.pages, base.sections,
                        (*base.paragraphs, table, other), base.footnotes, (),
                        abbreviations=tuple(Abbreviation(a, e) for a, e in rows))
    page = document_to_markdown(document)["hoofdstuk-2.md"]
    soup = BeautifulSoup(markdown.markdown(page.split("---", 2)[2], extensions=EXTENSIONS),
                         "html.parser")
    glossary = soup.find(id="p28-9")
    assert [th.get_text() for th in glossary.find_all("th")] == ["Afkorting", "Betekenis"]
    assert [td.get_text() for td in glossary.find_all("td")][:2] == list(rows[0])
    assert [th.get_text() for th in soup.find(id="p28-10").find_all("th")] == ["Jaar", "Aantal"]


def test_markers_side_by_side_are_parted_by_a_comma_and_one_alone_is_not():
    from converter.render import MARKER_SEPARATOR, _inline

    both = _inline("na te leven. Verder.", [], [(12, "[^5]"), (12, "[^6]"), (20, "[^7]")])
    assert both == f"na te leven\\.[^5]{MARKER_SEPARATOR}[^6] Verder\\.[^7]"



def test_an_unrecovered_table_shows_its_picture_then_its_lines_escaped():
    from dataclasses import replace

    from converter.model import Figure

    figure = Figure(box=(70.0, 100.0, 530.0, 220.0), caption="Tabel 9.7 Voorinlevering",
                    labels=("Nee", "<1%"), table_lines=("Klein\tTotaal", "Nee\t<1%",
                                                        "Ja\t>99% <script>x</script>"))
    base = _document("Tekst over gemeenten en hun aanpak.")
    table = Paragraph("p28-4", "s2-1", 28, (28,), "figure", "Tabel 9.7 Voorinlevering", (),
                      "rapport/hoofdstuk-2/#p28-4", figure=figure)
    doc = replace(base, paragraphs=(*base.paragraphs, table))
    text = document_to_markdown(doc)["hoofdstuk-2.md"]
    html = markdown.markdown(text, extensions=EXTENSIONS)
    from bs4 import BeautifulSoup

    shown = BeautifulSoup(html, "html.parser").find(id="p28-4")
    assert "bl-table-picture" in shown["class"] and shown.find("img")
    lines = shown.select(".bl-table-lines p:not(.bl-table-note)")
    assert [[s.get_text() for s in p.find_all("span")] for p in lines] == [
        ["Klein", "Totaal"], ["Nee", "<1%"], ["Ja", ">99% <script>x</script>"]]
    assert not shown.find("script")
    (shown_json,) = [p for p in document_to_json(doc)["paragraphs"] if p["id"] == "p28-4"]
    assert shown_json["figure"]["table_lines"] == list(figure.table_lines)
