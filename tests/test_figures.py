"""Figures from what a page draws: a chart with its labels, caption and source; and what is no
figure (a shaded table, a logo on every page, a picture inside a table's frame)."""

from __future__ import annotations

from converter.blocks import layouts_to_blocks, vocabulary
from converter.figures import page_drawings
from converter.model import Graphic, PageChars
from converter.regions import pages_to_layouts
from synthetic import LOREM, glyphs, page, page_lines, text_lines

LEFT = 72.0
NAVY, ORANGE, GREY = 0x1F4E79, 0xE07B39, 0xC8C8C8


def bar_chart(top: float) -> tuple[list[Graphic], list[list]]:
    """Five pairs of bars on gridlines, with data labels, years, an axis title and a legend."""
    bottom = top + 120
    graphics = [Graphic("line", 100, 500, y, y, stroke=GREY, width=0.4)
                for y in (top + 10, top + 40, top + 70, top + 100, bottom)]
    text = [glyphs("Aantal personen", 80, top - 4, size=7)]
    for i, (a, b) in enumerate([(60, 20), (70, 25), (40, 15), (80, 30), (100, 45)]):
        x = 120 + 75 * i
        graphics += [Graphic("rect", x, x + 25, bottom - a, bottom, fill=NAVY),
                     Graphic("rect", x + 25, x + 50, bottom - b, bottom, fill=ORANGE)]
        text += [glyphs(f"{a * 300}", x, bottom - a - 3, size=6),
                 glyphs(str(2018 + i), x + 12, bottom + 10, size=7)]
    graphics += [Graphic("rect", 100, 106, bottom + 20, bottom + 26, fill=NAVY),
                 Graphic("rect", 200, 206, bottom + 20, bottom + 26, fill=ORANGE)]
    text += [glyphs("Eerste aanvragen", 110, bottom + 26, size=7),
             glyphs("Nareizigers", 210, bottom + 26, size=7)]
    return graphics, text


def convert(*pages: PageChars):
    layouts = pages_to_layouts([page_lines(p) for p in pages])
    return layouts, layouts_to_blocks(layouts, vocabulary(layouts))


def test_a_chart_is_a_figure_with_its_labels_caption_and_source_and_none_of_it_in_the_body():
    graphics, labels = bar_chart(300)
    caption = glyphs("Figuur 2.1 Eerste asielaanvragen en nareizigers, 2018–2022", LEFT, 280,
                     bold=True)
    source = glyphs("Bron: CBS", LEFT, 470, size=8)
    after = text_lines(LOREM, LEFT, 500, 90)
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), caption, *labels, source, *after,
             graphics=tuple(graphics))
    (_layout,), blocks = convert(p)
    (figure,) = [b for b in blocks if b.kind == "figure"]
    assert figure.text == "Figuur 2.1 Eerste asielaanvragen en nareizigers, 2018–2022"
    assert figure.figure.source == "Bron: CBS"
    assert {"Aantal personen", "18000", "2022", "Eerste aanvragen", "Nareizigers"} <= set(
        figure.figure.labels)
    body = " ".join(b.text for b in blocks if b.kind != "figure")
    assert "18000" not in body and "Nareizigers" not in body and "Bron: CBS" not in body
    kinds = [b.kind for b in blocks]
    assert kinds.index("figure") == 1  # in its place: after the text above it


def test_a_horizontal_bar_chart_with_labels_and_values_beside_its_bars_is_a_figure():
    """Each bar's label stands left of it and its value right of it, on the bar's baseline:
    one line of text across the bar, but in two parts with the bar between them, so no text
    is set over a coloured shape (as in a shaded table's header)."""
    graphics = [Graphic("line", 200, 200, 300, 420, stroke=GREY, width=0.5)]
    text = []
    for i, (name, value) in enumerate([("India", 8940), ("Turkije", 2310), ("China", 2150),
                                       ("Verenigde Staten", 1870), ("Brazilië", 1040)]):
        top = 302 + 22 * i
        right = 200 + value / 30
        graphics.append(Graphic("rect", 200, right, top, top + 14, fill=NAVY))
        label = f"{name}"
        text += [glyphs(label, 196 - 4 * len(label), top + 10, size=8),
                 glyphs(f"{value:,}".replace(",", "."), right + 4, top + 10, size=8)]
    caption = glyphs("Figuur 2.1 Kennismigranten naar nationaliteit, 2023", LEFT, 285, bold=True)
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), caption, *text,
             *text_lines(LOREM, LEFT, 470, 90), graphics=tuple(graphics))
    _, blocks = convert(p)
    (figure,) = [b for b in blocks if b.kind == "figure"]
    assert figure.text.startswith("Figuur 2.1")
    assert {"India", "8.940", "Verenigde Staten", "1.040"} <= set(figure.figure.labels)
    body = " ".join(b.text for b in blocks if b.kind != "figure")
    assert "8.940" not in body and "Turkije" not in body


def test_a_bar_chart_with_long_row_labels_and_values_on_its_bars_is_a_figure():
    """Survey charts (Word/Excel): each row's label, some of it wrapped, ends just left of its
    bar, reaching far left of the drawing; the value stands on the bar in white, so the label
    and the value are one line in two parts, only the value over the bar; a row of ticks
    ("0% 10% … 100%") and a legend below. Every part of it is the figure's."""
    graphics, text = [], []
    rows = [("Ik kreeg snel antwoord", 84), ("Inhoud van het antwoord was duidelijk", 78),
            ("Het antwoord kwam op tijd bij de juiste afdeling", 73),
            ("Het gebruik van de portal was makkelijk", 55), ("Iets anders", 6)]
    for i, (label, share) in enumerate(rows):
        top = 310 + 30 * i
        graphics.append(Graphic("rect", 280, 280 + 2 * share, top, top + 18, fill=NAVY))
        words = label.split()
        parts = [label] if len(words) <= 5 else [" ".join(words[:5]), " ".join(words[5:])]
        for j, part in enumerate(parts):
            baseline = top + 12 + (j - (len(parts) - 1) / 2) * 10
            text.append(glyphs(part, 274 - 4.4 * len(part), baseline, size=8))
        text.append(glyphs(f"{share}%", 280 + share, top + 12, size=8))
    ticks = " ".join(f"{10 * t}%" for t in range(11))
    text += [glyphs(ticks, 276, 470, size=8), glyphs("Ja", 340, 488, size=8)]
    caption = glyphs("Figuur 4.7 Waarom vond u het informatiepunt goed?", LEFT, 290, bold=True)
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), caption, *text,
             *text_lines(LOREM, LEFT, 520, 90), graphics=tuple(graphics))
    _, blocks = convert(p)
    (figure,) = [b for b in blocks if b.kind == "figure"]
    assert figure.text.startswith("Figuur 4.7")
    labels = " ".join(figure.figure.labels)
    assert all(word in labels for word in ("snel", "juiste", "afdeling", "84%", "100%", "Ja"))
    body = " ".join(b.text for b in blocks if b.kind != "figure")
    assert not any(word in body for word in ("antwoord", "portal", "afdeling", "84%", "90%"))


def test_a_pie_charts_legend_beside_it_is_its_own():
    """The legend stands right of the pie, further off than a drawing's parts lie together
    and beginning above its top: its keys are in the pie's colours, so they and their
    labels are the figure's, as is the slice's share set on the line of a legend entry."""
    orange, green = 0xFF5C00, 0x15B01A
    graphics = [Graphic("curve", 125, 205, 180, 340, fill=green),
                Graphic("curve", 200, 285, 180, 340, fill=orange),
                Graphic("rect", 342, 540, 140, 185, fill=0xEDEDED),  # the legend's panel
                Graphic("rect", 346, 357, 143, 154, fill=orange),
                Graphic("rect", 346, 357, 165, 176, fill=green)]
    text = [glyphs("Unresolved (15)", 368, 152, size=8), glyphs("Resolved (11)", 368, 174, size=8),
            glyphs("42.3%", 104, 240, size=7), glyphs("57.7%", 290, 270, size=7)]
    title = glyphs("1.5.1.1 Code Review Findings by Status", LEFT, 110, size=12)
    p = page(1, title, *text, *text_lines(LOREM, LEFT, 400, 90), graphics=tuple(graphics))
    _, blocks = convert(p)
    (figure,) = [b for b in blocks if b.kind == "figure"]
    assert {"Unresolved (15)", "Resolved (11)", "42.3%", "57.7%"} <= set(figure.figure.labels)
    body = " ".join(b.text for b in blocks if b.kind != "figure")
    assert "Resolved" not in body and "1.5.1.1" in body


def test_a_title_before_a_figure_does_not_run_on_into_the_next_page():
    """A line alone, set larger than the text and ending in no full stop, then a chart that
    ends the page: no sentence goes on around the chart, so the next page's first line is a
    block of its own."""
    graphics, labels = bar_chart(300)
    title = glyphs("1.5.1.2 Findings by Threat Level", LEFT, 270, size=10.9)
    first = page(1, *text_lines(LOREM, LEFT, 100, 90), title, *labels,
                 graphics=tuple(graphics))
    second = page(2, glyphs("1.5.1.3 Findings by Type", LEFT, 90, size=10.9),
                  *text_lines(LOREM, LEFT, 120, 90))
    _, blocks = convert(first, second)
    texts = [b.text for b in blocks if b.kind != "figure"]
    assert "1.5.1.2 Findings by Threat Level" in texts
    assert not any("Threat Level 1.5.1.3" in text for text in texts)


def test_bars_set_wide_apart_on_one_axis_are_one_chart():
    """Five bars further apart than a drawing's parts lie together, one colour, between
    gridlines and on an axis that runs under all of them: one chart, its caption above its
    axis title, its tick labels left of the gridlines, its source below."""
    bottom = 460
    graphics = [Graphic("line", 80, 537, y, y, stroke=GREY, width=0.4)
                for y in (bottom - 156, bottom - 117, bottom - 78, bottom - 39)]
    graphics.append(Graphic("line", 80, 537, bottom, bottom, stroke=0, width=0.6))
    text = [glyphs("Aantal vertrekken", 54, bottom - 162, size=7)]
    for i, value in enumerate((6830, 5500, 5990, 6550, 7240)):
        x = 94 + 98 * i  # 64 wide, 34 apart
        height = value / 8000 * 156
        graphics.append(Graphic("rect", x, x + 64, bottom - height, bottom, fill=0x37474F))
        text += [glyphs(f"{value:,}".replace(",", "."), x + 22, bottom - height - 3, size=6),
                 glyphs(str(2019 + i), x + 22, bottom + 9, size=7)]
    text += [glyphs(f"{t:,}".replace(",", "."), 58, bottom - 39 * k + 2, size=7)
             for k, t in enumerate((0, 2000, 4000, 6000, 8000))]
    caption = glyphs("Figuur 5.1 Aantoonbaar vertrek, 2019–2023", LEFT, bottom - 180, bold=True)
    source = glyphs("Bron: DTenV", LEFT, bottom + 24, size=7)
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), caption, *text, source,
             *text_lines(LOREM, LEFT, 520, 90), graphics=tuple(graphics))
    _, blocks = convert(p)
    (figure,) = [b for b in blocks if b.kind == "figure"]
    assert figure.text == "Figuur 5.1 Aantoonbaar vertrek, 2019–2023"
    assert figure.figure.source == "Bron: DTenV"
    assert {"Aantal vertrekken", "8.000", "6.830", "2023"} <= set(figure.figure.labels)
    body = " ".join(b.text for b in blocks if b.kind != "figure")
    assert "vertrekken" not in body and "8.000" not in body


def test_running_text_under_a_figures_source_line_is_no_label():
    """An axis title below the bars, then "Bron: IND", then the column's text at the usual
    distance: the text is beyond the source line, so it is not the chart's."""
    graphics, labels = bar_chart(300)
    caption = glyphs("Figuur 2.1 Eerste asielaanvragen, 2018–2022", LEFT, 280, bold=True)
    source = glyphs("Bron: IND", LEFT, 458, size=8)
    after = [glyphs("De regeling is in 2004 ingevoerd om", LEFT, 470),  # 14 pt under the
             glyphs("het voor werkgevers eenvoudiger", LEFT, 482),  # legend: near it
             glyphs("te maken hooggekwalificeerd personeel", LEFT, 494)]
    p = page(1, *text_lines(LOREM, LEFT, 100, 90), caption, *labels, source, *after,
             graphics=tuple(graphics))
    _, blocks = convert(p)
    (figure,) = [b for b in blocks if b.kind == "figure"]
    assert figure.figure.source == "Bron: IND"
    assert not any("werkgevers" in label for label in figure.figure.labels)
    assert any(b.text.startswith("De regeling is in 2004") for b in blocks)


def test_a_sentence_about_the_figure_is_not_its_caption():
    graphics, labels = bar_chart(330)
    mention = glyphs("Figuur 2.1 laat zien hoe de aanvragen zich ontwikkelden.", LEFT, 290)
    caption = glyphs("Figuur 2.1 Eerste asielaanvragen, 2018–2022", LEFT, 312, bold=True)
    p = page(1, mention, caption, *labels, graphics=tuple(graphics))
    _, blocks = convert(p)
    (figure,) = [b for b in blocks if b.kind == "figure"]
    assert figure.text == "Figuur 2.1 Eerste asielaanvragen, 2018–2022"
    assert any(b.text.startswith("Figuur 2.1 laat zien") for b in blocks if b.kind != "figure")


def test_a_table_with_a_shaded_header_is_not_a_figure():
    graphics, text = [], []
    for r in range(6):
        y = 200 + 18 * r
        for c, x in enumerate((LEFT, 250, 400)):
            graphics.append(Graphic("rect", x, x + 150, y - 12, y + 6,
                                    fill=NAVY if r == 0 else 0xFFFFFF, stroke=0, width=0.5))
            text.append(glyphs(["Kolom", "Aantal", "Aandeel"][c] if r == 0 else
                               f"rij {r} cel {c}", x + 4, y))
    (layout,), blocks = convert(page(1, *text, graphics=tuple(graphics)))
    assert layout.figures == () and not [b for b in blocks if b.kind == "figure"]


def test_a_logo_on_every_page_is_not_a_figure_but_a_picture_is():
    logo = Graphic("image", 500, 560, 20, 80)
    pages = [page(n, *text_lines(LOREM, LEFT, 120, 90), graphics=(logo,)) for n in (1, 2, 3)]
    photo = Graphic("image", 100, 400, 300, 500)
    pages.append(page(4, *text_lines(LOREM, LEFT, 120, 90),
                      glyphs("Figuur 1 Een aanmeldcentrum", LEFT, 515), graphics=(logo, photo)))
    _layouts, blocks = convert(*pages)
    figures = [b for b in blocks if b.kind == "figure"]
    assert [(b.page, b.text, b.figure.raster) for b in figures] == [
        (4, "Figuur 1 Een aanmeldcentrum", True)]


def test_charts_at_one_place_on_many_pages_are_figures_but_a_drawn_logo_is_not():
    # A report's charts share a place when their tallest bar reaches the same height (the
    # scale is set to it): that place alone does not make them a logo, their bars differ.
    emblem = [Graphic("curve", 500, 540, 20, 60, fill=NAVY),
              Graphic("curve", 505, 535, 25, 55, fill=ORANGE)]
    pages = []
    for n in range(1, 6):
        bars = [Graphic("rect", 120 + 60 * i, 150 + 60 * i, 420 - h, 420, fill=NAVY)
                for i, h in enumerate((100, 20 + 15 * n, 60 - 5 * n, 35 + n, 80 - 3 * n))]
        labels = [glyphs(str(2018 + i), 125 + 60 * i, 432, size=7) for i in range(5)]
        caption = glyphs(f"Figuur {n}.1 Aanvragen per jaar", LEFT, 450, bold=True)
        pages.append(page(n, *text_lines(LOREM, LEFT, 120, 90), *labels, caption,
                          graphics=(*emblem, *bars)))
    _layouts, blocks = convert(*pages)
    figures = [b for b in blocks if b.kind == "figure"]
    assert [(b.page, b.text) for b in figures] == [
        (n, f"Figuur {n}.1 Aanvragen per jaar") for n in range(1, 6)]


def test_a_picture_inside_a_tables_frame_is_a_drawing_of_its_own():
    frame = [Graphic("rect", 80, 520, 100, 104, fill=0x666666),
             Graphic("curve", 420, 500, 120, 200, stroke=ORANGE, width=4)]
    frame += [Graphic("line", 80, 520, y, y, stroke=0, width=0.5) for y in (100, 300, 700)]
    screenshot = Graphic("image", 90, 420, 400, 550)
    drawings = page_drawings((*frame, screenshot), 595, 842, 10.0)
    assert any(d.box == (90, 400, 420, 550) and d.images for d in drawings)
