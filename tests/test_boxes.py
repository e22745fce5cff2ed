"""Boxes ("kaders"): a tinted or framed region with its own title and paragraphs, which keep
their anchors; a table's shaded cells are no box."""

from __future__ import annotations

import markdown

from converter.blocks import layouts_to_blocks, vocabulary
from converter.model import Graphic
from converter.pipeline import convert
from converter.regions import pages_to_layouts
from converter.render import document_to_markdown
from synthetic import LOREM, glyphs, page, page_lines, text_lines

LEFT = 72.0
TINT = 0xDDE8F3


def boxed_page(number: int = 1, stroke_only: bool = False):
    title = glyphs("Kader 2.1 Het Europese Migratiepact", LEFT + 10, 312, bold=True)
    inside = text_lines(LOREM, LEFT + 10, 330, 80)
    frame = Graphic("rect", LEFT, 520, 298, 330 + 12 * len(inside),
                    fill=-1 if stroke_only else TINT, stroke=0 if stroke_only else -1,
                    width=0.8)
    after = text_lines(LOREM.upper(), LEFT, 340 + 12 * len(inside) + 20, 90)
    return page(number, *text_lines(LOREM, LEFT, 100, 90), title, *inside, *after,
                graphics=(frame,))


def blocks_of(*pages):
    layouts = pages_to_layouts([page_lines(p) for p in pages])
    return layouts, layouts_to_blocks(layouts, vocabulary(layouts))


def test_a_tinted_box_has_its_title_and_its_own_paragraphs():
    (layout,), blocks = blocks_of(boxed_page())
    (box,) = layout.boxes
    assert box.id == "kader-2-1"
    assert " ".join(line.plain_text for line in box.title) == "Kader 2.1 Het Europese Migratiepact"
    framed = [b for b in blocks if b.frame]
    assert len(framed) == 1 and framed[0].text.startswith("Het aantal vergunninghouders")
    assert not any("Kader 2.1" in b.text for b in blocks)  # the title is the box's
    assert blocks[0].frame == "" and blocks[-1].frame == ""  # text around it is not in it


def test_a_framed_box_is_a_box_too():
    (layout,), _ = blocks_of(boxed_page(stroke_only=True))
    assert [b.id for b in layout.boxes] == ["kader-2-1"]


def test_shaded_table_rows_are_no_box():
    rows, graphics = [], []
    for r in range(4):
        y = 200 + 30 * r
        graphics.append(Graphic("rect", LEFT, 520, y - 10, y + 20, fill=TINT if r % 2 else
                                0xF2F2F2))
        rows += [glyphs(f"Rij {r} met een cel", LEFT + 4, y), glyphs("1.234", 400, y),
                 glyphs(f"vervolg van rij {r}", LEFT + 4, y + 12)]
    (layout,), _ = blocks_of(page(1, *rows, graphics=tuple(graphics)))
    assert layout.boxes == ()


def test_a_box_renders_as_an_admonition_with_its_paragraph_anchors(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "kader.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    pdf.setFillColorRGB(0xDD / 255, 0xE8 / 255, 0xF3 / 255)
    pdf.rect(60, height - 400, width - 120, 180, fill=1, stroke=0)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont("Helvetica-Bold", 11)
    pdf.drawString(72, height - 240, "Kader 3.1 Opvang in cijfers")
    pdf.setFont("Helvetica", 10)
    lines = ["Het aantal bewoners van de opvang steeg in 2022 sterk. Gemeenten hadden moeite",
             "om voldoende plekken te vinden voor alle asielzoekers en vergunninghouders die",
             "op een woning wachtten."]
    for i, text in enumerate(lines):
        pdf.drawString(72, height - 262 - 13 * i, text)
    pdf.drawString(60, height - 440, "Daarna volgt de gewone tekst, buiten het kader.")
    pdf.save()
    document = convert(path, jobs=1, link=False)
    (frame,) = document.frames
    assert frame.title == "Kader 3.1 Opvang in cijfers"
    html = markdown.markdown("\n".join(document_to_markdown(document).values()),
                             extensions=["attr_list", "md_in_html", "footnotes"])
    start = html.index('id="kader-3-1"')
    box = html[start:html.index("</div>", html.index("op een woning wachtten", start))]
    assert "admonition note bl-box" in html[start - 60:start + 60]
    assert '<p class="admonition-title">Kader 3.1 Opvang in cijfers</p>' in box
    assert 'id="p1-1"' in box and "buiten het kader" not in box


def test_a_box_title_over_two_lines_keeps_its_broken_word_whole(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "kader.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]
    pdf.setFillColorRGB(0xDD / 255, 0xE8 / 255, 0xF3 / 255)
    pdf.rect(60, height - 400, 240, 190, fill=1, stroke=0)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont("Helvetica-Bold", 11)
    pdf.drawString(72, height - 226, "Kader 3.1 Beslistermijnen in de asielproce-")
    pdf.drawString(72, height - 240, "dure")
    pdf.setFont("Helvetica", 10)
    for i, text in enumerate(["De IND beslist binnen zes maanden op een",
                              "aanvraag; de termijn kan worden verlengd",
                              "als er veel aanvragen zijn."]):
        pdf.drawString(72, height - 262 - 13 * i, text)
    pdf.drawString(60, height - 440, "Daarna volgt de gewone tekst, buiten het kader.")
    pdf.save()
    (frame,) = convert(path, jobs=1, link=False).frames
    assert frame.title == "Kader 3.1 Beslistermijnen in de asielprocedure"
