"""List markers in every form, weasyprint's hyphen, and bold that font names do not tell."""

from __future__ import annotations

from pathlib import Path

from converter.blocks import join_hyphenated, layouts_to_blocks, vocabulary
from converter.extract import iter_page_chars
from converter.regions import pages_to_layouts
from pdf_bytes import raw_pdf
from synthetic import LOREM, glyphs, page, page_lines, text_lines

LEFT = 72.0


def blocks_of(*runs):
    layouts = pages_to_layouts([page_lines(page(1, *runs))])
    return layouts_to_blocks(layouts, vocabulary(layouts))


def test_roman_lettered_and_dash_items_in_their_own_run_are_list_items():
    items = []
    marked = [("vi.", "de hogere instroom;"), ("vii.", "de doorlooptijden;"),
              ("a)", "de opvang;"), ("–", "de uitstroom.")]
    for i, (mark, text) in enumerate(marked):
        y = 200 + 14 * i
        # the marker stands a tab's width before its text, as Word sets it
        items += [glyphs(mark, LEFT, y), glyphs(text, LEFT + 40, y)]
    blocks = blocks_of(*text_lines(LOREM, LEFT, 100, 90), *items)
    listed = [(b.kind, b.number, b.text) for b in blocks if b.kind == "list_item"]
    assert listed == [("list_item", "vi.", "de hogere instroom;"),
                      ("list_item", "vii.", "de doorlooptijden;"),
                      ("list_item", "a)", "de opvang;"), ("list_item", "–", "de uitstroom.")]
    assert not [b for b in blocks if b.kind == "table"]


def test_weasyprints_hyphen_at_a_line_end_is_undone():
    assert join_hyphenated("het in\u2010", "schrijven van", frozenset()) == "het inschrijven van"
    assert join_hyphenated("de EU\u2010", "landen", frozenset()) == "de EU-landen"


def test_text_stroked_over_its_fill_is_bold(tmp_path: Path):
    content = (b"BT /F1 11 Tf 72 700 Td (Gewone tekst) Tj ET "
               b"BT /F1 11 Tf 2 Tr 0.3 w 72 680 Td (Vette kop) Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /CIDFont+F1 >>",
    ]
    path = tmp_path / "stroked.pdf"
    path.write_bytes(raw_pdf(objects))
    chars = next(iter_page_chars(path)).chars
    assert {c.text.strip(): c.bold for c in chars if c.text.strip()} == {
        "Gewone": False, "tekst": False, "Vette": True, "kop": True}


def test_a_list_that_runs_on_into_the_next_column_keeps_its_depth():
    from converter.model import Source
    from converter.structure import build_document

    left, right = 60.0, 310.0  # two columns of 45 characters with a gutter
    end = 100 + 12 * len(text_lines(LOREM, left, 100, 45))
    runs = text_lines(LOREM, left, 100, 45) + text_lines(LOREM.upper(), right, 130, 45)
    items = [(left, 0, end + 2 + 14 * i, text) for i, text in enumerate(
        ("de hogere instroom;", "de langere doorlooptijden;"))]
    items += [(left, 1, end + 30, "vooral in het noorden;")]
    items += [(right, 0, 100 + 14 * i, text) for i, text in enumerate(
        ("de beperkte uitstroom;", "de krappe woningmarkt."))]
    for x, depth, y, text in items:
        runs += [glyphs("•" if depth == 0 else "–", x + 14 * depth, y),
                 glyphs(text, x + 14 * depth + 14, y)]
    layouts = pages_to_layouts([page_lines(page(1, *runs))])
    assert layouts[0].columns  # read as two columns
    blocks = layouts_to_blocks(layouts, vocabulary(layouts))
    document = build_document(blocks, [], layouts, Source("x.pdf", 1, ""), "")
    depths = [(p.text, p.depth) for p in document.paragraphs if p.kind == "list_item"]
    # the right column's items stand at its own left edge: the list's first level again
    assert depths == [("de hogere instroom;", 0), ("de langere doorlooptijden;", 0),
                      ("vooral in het noorden;", 1), ("de beperkte uitstroom;", 0),
                      ("de krappe woningmarkt.", 0)]
