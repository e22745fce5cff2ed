"""Footnote markers side by side in Chromium: "leven.¹²" must not read as note 12.

A small report with two markers after one word and one marker alone is converted by the
real command line and built with MkDocs; the browser shows "1,2" with both links working.
The browser and server are those of tests/test_browser.py (imported, not copied).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from site_fixture import ROOT, build_site
from test_browser import SCREENSHOTS, Server, browser  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

NOTES = ["Kamerstukken II 2022/23, 19 637, nr. 3061.", "Vreemdelingenbesluit 2000, artikel 3.30a.",
         "Voorschrift Vreemdelingen 2000, bijlage 13."]


def markers_pdf(path: Path) -> Path:
    """One page: notes 1 and 2 after "leven.", note 3 alone, the notes under a rule."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]
    pdf.setTitle("Markers naast elkaar")
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, height - 90, "1 Inleiding")
    lines = ["De regeling wordt uitgevoerd door erkende referenten die zich verplichten de",
             "voorwaarden na te leven.", "Daarna volgt een zin met een enkele noot in de tekst."]
    for i, text in enumerate(lines):
        y = height - 120 - 13 * i
        pdf.setFont("Helvetica", 10)
        pdf.drawString(72, y, text)
        x = 72 + pdf.stringWidth(text, "Helvetica", 10) + 0.5
        pdf.setFont("Helvetica", 6)
        for number in {1: "12", 2: "3"}.get(i, ""):
            pdf.drawString(x, y + 4, number)
            x += pdf.stringWidth(number, "Helvetica", 6) + 0.3
    pdf.line(72, 120, 200, 120)
    pdf.setFont("Helvetica", 8)
    for i, note in enumerate(NOTES):
        pdf.drawString(72, 105 - 11 * i, f"{i + 1} {note}")
    pdf.save()
    return path


@pytest.fixture(scope="module")
def markers_site(tmp_path_factory):
    pdf = markers_pdf(tmp_path_factory.mktemp("pdf") / "markers.pdf")

    def convert(docs: Path) -> list[dict]:
        subprocess.run([sys.executable, "-m", "converter.cli", "convert", str(pdf), "--out",
                        str(docs), "-q"], cwd=ROOT, check=True, capture_output=True)
        return [json.loads(p.read_text(encoding="utf-8")) for p in docs.glob("*/model.json")]

    return build_site(tmp_path_factory.mktemp("site"), convert)


def test_markers_side_by_side_read_as_two_notes(browser, markers_site):  # noqa: F811
    (model,) = markers_site.models
    paragraph = next(p for p in model["paragraphs"] if "leven" in p["text"])
    server = Server(markers_site.site)
    context = browser.new_context(viewport={"width": 900, "height": 700})
    try:
        page = context.new_page()
        page.goto(server.base + paragraph["url"])
        page.wait_for_load_state("load")
        shown = page.locator(f"[id='{paragraph['id']}']")
        assert shown.inner_text().split("leven.", 1)[1].startswith("1,2")
        links = shown.locator("a.footnote-ref")
        assert links.all_inner_texts() == ["1", "2"]
        alone = page.locator("p", has_text="enkele noot")
        assert "tekst.3" in alone.inner_text() and "," not in alone.inner_text()
        shown.screenshot(path=str(SCREENSHOTS / "markers-side-by-side.png"))
        links.nth(1).click()
        page.wait_for_function("location.hash === '#fn:2'")
        assert NOTES[1] in page.locator("[id='fn:2']").inner_text()
    finally:
        context.close()
        server.close()
