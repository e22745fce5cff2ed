"""Tables in the built site, in headless Chromium: a merged header as the PDF has it, a wide
table that scrolls in its own box on a 390-pixel phone (the page does not), a Kamerstuk cited
in a cell linked and in the register, a footnote marker in a cell, and axe-core on the page.

The report is typeset here with reportlab (`make_table_report`): real ruled tables with
merged cells, converted by the real converter and built by MkDocs. Screenshots go to
tests/output/screenshots/tables-*.png.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_fixture import convert_and_build, copy_site
from test_browser import CHROMIUM, CHROMIUM_ARGS, PHONE, SCREENSHOTS, Server, axe_violations

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")

SLUG = "tabellen-proef"
KAMERSTUK = "Kamerstukken II 2022/23, 19 637, nr. 3016"
MERGED = [["Locatietype", "Capaciteit", "", "Bezetting", ""],
          ["", "2021", "2022", "2021", "2022"],
          ["Asielzoekerscentrum (azc)", "31.200", "33.850", "30.980", "34.210"],
          ["Crisisnoodopvang", "", "4.120", "", "3.980"],
          ["Totaal", "34.150", "49.030", "33.640", "48.670"]]
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
WIDE = [["Nationaliteit", *MONTHS, "Totaal"],
        ["Syrië", *(f"{1000 + 37 * i}" for i in range(12)), "14.442"],
        ["Afghanistan", *(f"{400 + 23 * i}" for i in range(12)), "6.318"],
        ["Turkije", *(f"{300 + 11 * i}" for i in range(12)), "4.326"]]
LOREM = ("Het Centraal Orgaan opvang asielzoekers had aan het einde van 2022 ruim 50 duizend "
         "mensen in de opvang, het hoogste aantal sinds 2016. Omdat de reguliere capaciteit "
         "ontoereikend was, werd een groot beroep gedaan op noodopvang in gemeenten.")


def make_table_report(pdf: Path) -> None:
    """A short report: text, a table with a merged header (a Kamerstuk cited in a cell and a
    footnote marker in another), and a table too wide for a phone, each with a caption
    above it and a source line below it."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=13)
    caption = ParagraphStyle("caption", parent=body, fontName="Helvetica-Bold")
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11)

    def grid(data, spans=(), numbers_from=1):
        table = Table(data, repeatRows=0)
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#555555")),
                 ("FONTSIZE", (0, 0), (-1, -1), 9),
                 ("ALIGN", (numbers_from, 0), (-1, -1), "RIGHT"),
                 ("VALIGN", (0, 0), (-1, -1), "TOP")]
        style += [("SPAN", a, b) for a, b in spans]
        table.setStyle(TableStyle(style))
        return table

    merged = [list(row) for row in MERGED]
    merged[3][0] = Paragraph("Crisisnoodopvang<super>1</super>", cell)
    merged.append([Paragraph(f"Zie {KAMERSTUK}.", cell), "", "", "", ""])
    merged_table = grid(merged, [((1, 0), (2, 0)), ((3, 0), (4, 0)), ((0, 0), (0, 1)),
                                 ((0, 5), (4, 5))])
    merged_table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 1),
                                       colors.HexColor("#e6e6e6")),
                                      ("FONTNAME", (0, 0), (-1, 1), "Helvetica-Bold")]))
    story = [
        Paragraph("1 Opvang", ParagraphStyle("h1", parent=body, fontSize=16, leading=20,
                                             fontName="Helvetica-Bold")),
        Paragraph(LOREM, body),
        Paragraph("Tabel 1.1 Capaciteit en bezetting van de opvang, ultimo 2021 en 2022",
                  caption),
        merged_table,
        Paragraph("Bron: COA, bewerking Rijksoverheid", small),
        Spacer(1, 6),
        Paragraph(LOREM, body),
        Paragraph("Tabel 1.2 Eerste asielaanvragen per maand en nationaliteit, 2022", caption),
        grid(WIDE),
        Paragraph("Bron: IND", small),
        Spacer(1, 6),
        Paragraph(LOREM, body),
    ]
    def footnote(canvas, document):
        canvas.saveState()
        canvas.setLineWidth(0.5)
        canvas.line(document.leftMargin, 90, document.leftMargin + 150, 90)
        canvas.setFont("Helvetica", 5.5)
        canvas.drawString(document.leftMargin, 78, "1")
        canvas.setFont("Helvetica", 8)
        canvas.drawString(document.leftMargin + 6, 75, "Tijdelijke locaties van gemeenten en "
                          "de rijksoverheid.")
        canvas.restoreState()

    SimpleDocTemplate(str(pdf), pagesize=A4, title="Tabellenproef", leftMargin=60,
                      rightMargin=60).build(story, onFirstPage=footnote)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_site(tmp_path_factory.mktemp("tables-site"))
    pdf = root / "tabellen-proef.pdf"
    make_table_report(pdf)
    convert_and_build(root, pdf, SLUG)
    return root


@pytest.fixture(scope="module")
def model(site) -> dict:
    return json.loads((site / "docs" / SLUG / "model.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server(site) -> Iterator[Server]:
    server = Server(site / "site")
    yield server
    server.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def chapter_url(model: dict) -> str:
    table = next(p for p in model["paragraphs"] if p["kind"] == "table")
    return table["url"].split("#", 1)[0]


def tables_in(model: dict) -> list[dict]:
    return [p for p in model["paragraphs"] if p["kind"] == "table"]


def open_chapter(page, server: Server, model: dict) -> None:
    page.goto(server.base + chapter_url(model))
    page.wait_for_load_state("load")
    page.wait_for_function("document.querySelector('.bl-tools') !== null")


def test_the_model_holds_both_tables_with_caption_and_source(model):
    merged, wide = tables_in(model)
    assert merged["rows"][:5] == MERGED
    assert merged["table"]["caption"].startswith("Tabel 1.1 ")
    assert merged["table"]["source"] == "Bron: COA, bewerking Rijksoverheid"
    assert wide["rows"] == WIDE and wide["table"]["source"] == "Bron: IND"


def test_a_merged_header_renders_as_in_the_pdf(browser, server, model):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        open_chapter(page, server, model)
        merged = tables_in(model)[0]
        table = page.locator(f"#{merged['id']} table")
        table.scroll_into_view_if_needed()
        header = table.locator("thead tr").evaluate_all(
            "rows => rows.map(r => [...r.cells].map(c => [c.textContent.trim(), c.rowSpan, "
            "c.colSpan, c.tagName, c.getAttribute('scope')]))")
        assert header == [
            [["Locatietype", 2, 1, "TH", "col"], ["Capaciteit", 1, 2, "TH", "colgroup"],
             ["Bezetting", 1, 2, "TH", "colgroup"]],
            [["2021", 1, 1, "TH", "col"], ["2022", 1, 1, "TH", "col"],
             ["2021", 1, 1, "TH", "col"], ["2022", 1, 1, "TH", "col"]]]
        # laid out as in the PDF: "Capaciteit" over its two year columns, "Locatietype"
        # down both header rows
        box = {name: table.locator("thead th", has_text=name).first.bounding_box()
               for name in ("Locatietype", "Capaciteit")}
        years = table.locator("thead tr").nth(1).locator("th")
        first, second = years.nth(0).bounding_box(), years.nth(1).bounding_box()
        assert abs(box["Capaciteit"]["x"] - first["x"]) < 1
        assert abs(box["Capaciteit"]["x"] + box["Capaciteit"]["width"]
                   - second["x"] - second["width"]) < 1
        assert box["Locatietype"]["height"] >= first["height"] * 1.9
        # numbers right-aligned, an empty cell kept
        row = table.locator("tbody tr").nth(1)
        assert row.locator("td").nth(0).text_content() == ""
        assert row.locator("td").nth(1).evaluate("c => getComputedStyle(c).textAlign") == "right"
        # the footnote marker in a cell, the Kamerstuk in a cell linked
        assert table.locator("tbody th", has_text="Crisisnoodopvang").locator(
            "sup a.footnote-ref").count() == 1
        link = table.locator("a.bl-ref")
        assert link.count() == 1 and "19637" in (link.get_attribute("href") or "")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(f"#{merged['id']}").screenshot(path=str(SCREENSHOTS /
                                                             "tables-merged-header.png"))
        assert axe_violations(page) == []
    finally:
        context.close()
    assert errors == []


def test_a_wide_table_scrolls_on_a_phone_and_the_page_does_not(browser, server, model):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    try:
        open_chapter(page, server, model)
        wide = tables_in(model)[1]
        box = page.locator(f"#{wide['id']} .bl-table-scroll")
        box.scroll_into_view_if_needed()
        widths = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
        assert widths[0] > widths[1] + 100  # the table is wider than its box ...
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # ... not the page
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "tables-phone-before.png"))
        box.evaluate("b => b.scrollTo(b.scrollWidth, 0)")  # as a swipe to the left does
        page.wait_for_function(
            f"document.querySelector('#{wide['id']} .bl-table-scroll').scrollLeft > 100")
        page.screenshot(path=str(SCREENSHOTS / "tables-phone-scrolled.png"))
        last = page.locator(f"#{wide['id']} thead th").last
        assert last.text_content() == "Totaal"
        right = last.evaluate("c => c.getBoundingClientRect().right")
        assert right <= box.evaluate("b => b.getBoundingClientRect().right") + 1  # in view
        assert axe_violations(page) == []
    finally:
        context.close()


def test_a_kamerstuk_cited_in_a_cell_is_in_the_register_with_a_deep_link(browser, server,
                                                                          model):
    merged = tables_in(model)[0]
    reference = next(r for r in model["references"] if r["key"] == "kst-19637-3016")
    (occurrence,) = reference["occurrences"]
    assert occurrence["paragraph"] == merged["id"]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(server.base + "register/kamerstukken/")
        entry = page.locator("li", has=page.locator("mark", has_text="19 637, nr. 3016"))
        entry.locator(f"a[href$='#{merged['id']}']").click()
        page.wait_for_load_state("load")
        assert page.url.endswith(f"#{merged['id']}")
        # the citation itself is linked inside its cell, with the occurrence's anchor
        cited = page.locator(f"#{merged['id']} :is(td, th) [id='{occurrence['id']}']")
        assert cited.count() == 1 and "19 637" in cited.text_content()
        assert page.locator(f"#{merged['id']}").evaluate(
            "e => e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().top < 300")
    finally:
        context.close()
