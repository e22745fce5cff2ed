"""Extraction stage: glyph positions, raised footnote markers and hyphen flags from real PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS, SAMPLE
from converter.extract import ConversionError, iter_page_chars, open_pdf
from converter.layout import chars_to_lines

KST = CORPUS / "kst-35538-4_advies-RvS-nader-rapport.pdf"


def page_text(path: Path, number: int, word_pieces: bool = True) -> tuple[str, list]:
    page = next(iter_page_chars(path, pages=range(number - 1, number), word_pieces=word_pieces))
    return joined(page.chars), list(page.chars)


def shown(char) -> str:
    """A Char's text with the space extraction folded into it."""
    return char.text + " " if char.space else char.text


def joined(chars) -> str:
    return "".join(shown(c) for c in chars)


def char_at(chars: list, offset: int):
    """The Char (glyph or word piece) that holds character `offset` of the joined text."""
    for char in chars:
        if offset < len(shown(char)):
            return char
        offset -= len(shown(char))
    raise IndexError(offset)


def test_glyphs_have_positions_sizes_and_fonts():
    text, chars = page_text(KST, 2)
    assert "bron- en contactopsporing" in text
    body = [c for c in chars if c.text.isalpha()]
    assert all(0 <= c.x0 < c.x1 <= 600 and c.top < c.bottom for c in body)
    assert {round(c.size, 1) for c in body} >= {9.1, 6.9}  # body text and footnotes
    assert all(c.font for c in body)


def test_raised_footnote_marker_is_smaller_and_above_the_baseline():
    _, chars = page_text(KST, 2)
    text = joined(chars)
    at = text.index("zoals het virus.") + len("zoals het virus.")
    marker, word = char_at(chars, at), char_at(chars, at - 2)
    assert marker.text == "2" and word.text in ("s", "virus.")
    assert marker.size < 0.8 * word.size
    assert marker.baseline < word.baseline - 1.0  # top-down coordinates: raised is smaller


def test_typesetter_hyphen_is_flagged():
    _, chars = page_text(KST, 2)
    flagged = [i for i, c in enumerate(chars) if c.hyphen]
    assert flagged and all(chars[i].text == "-" for i in flagged)
    assert any(joined(chars[i - 3:i + 1]).endswith("verwerkings-")
               for i in flagged)


def test_sample_seed_marker_28_is_raised():
    for page in iter_page_chars(SAMPLE):
        text = joined(page.chars)
        if "over gemeenten en" in text:
            break
    else:
        pytest.fail("seed page not found")
    at = text.index("28", text.index("over gemeenten en"))
    marker, word = char_at(list(page.chars), at), char_at(list(page.chars), at - 2)
    assert marker.text in ("2", "28") and word.text in ("e", "en")
    assert marker.size < 8 and marker.baseline < word.baseline


def test_open_pdf_describes_the_file():
    info = open_pdf(KST)
    assert info.pages == 16 and len(info.sha256) == 64


def test_open_pdf_refuses_what_is_not_a_pdf(tmp_path: Path):
    text = tmp_path / "notitie.pdf"
    text.write_text("geen pdf", encoding="utf-8")
    with pytest.raises(ConversionError, match="geen PDF"):
        open_pdf(text)


@pytest.mark.parametrize("pdf", [SAMPLE, *sorted(CORPUS.glob("*.pdf"))],
                         ids=lambda p: p.stem[:24])
def test_word_pieces_give_the_same_lines_as_single_glyphs(pdf: Path):
    """Reading a word as one piece is a shortcut: lines keep their text, styles and places.

    One difference is allowed, and wanted: where two words are printed over each other,
    single glyphs sorted by position interleave their letters ("cc" over "van" gives "cvcan")
    while pieces keep each word whole ("ccvan"). Such a line has the same letters.
    """
    def lines(word_pieces: bool) -> list[tuple]:
        return [(line.page, round(line.x0, 1), round(line.baseline, 1), line.bold,
                 line.hyphenated, [(r.size, r.bold, r.superscript) for r in line.runs], line.text)
                for page in iter_page_chars(pdf, word_pieces=word_pieces)
                for line in chars_to_lines(page)]

    pieces, glyphs = lines(True), lines(False)
    assert len(pieces) == len(glyphs)
    reordered = 0
    for piece_line, glyph_line in zip(pieces, glyphs, strict=True):
        assert piece_line[:-1] == glyph_line[:-1]
        if piece_line[-1] != glyph_line[-1]:
            assert sorted(piece_line[-1]) == sorted(glyph_line[-1])
            reordered += 1
    assert reordered <= len(glyphs) // 100


def test_a_word_drawn_by_one_text_object_is_one_piece():
    text, pieces = page_text(KST, 2)
    glyph_text, glyphs = page_text(KST, 2, word_pieces=False)
    assert text == glyph_text
    words = [c for c in pieces if len(c.text) > 1]
    assert len(words) > 100
    offset = 0
    for piece in pieces:  # a piece spans its first glyph to its last, in that glyph's style
        first, last = char_at(glyphs, offset), char_at(glyphs, offset + len(piece.text) - 1)
        assert (piece.x0, piece.x1) == (pytest.approx(first.x0), pytest.approx(last.x1))
        assert (piece.baseline, piece.size, piece.font) == (first.baseline, first.size, first.font)
        offset += len(shown(piece))


def test_italic_fonts_are_flagged():
    _, chars = page_text(KST, 2)  # the advice is set in Univers-Oblique, the reply upright
    oblique = [c for c in chars if "oblique" in c.font.lower()]
    upright = [c for c in chars if c.font.lower().startswith("univers") and c not in oblique]
    assert oblique and all(c.italic for c in oblique)
    assert not any(c.italic for c in upright)


def test_a_page_box_inherited_from_the_page_tree_places_the_glyphs(tmp_path: Path):
    """The media box may stand on the page tree, not the page (fpdf2 writes it so): glyphs
    are measured from the top of that box, not from a US Letter default 50 pt lower."""
    from pdf_bytes import raw_pdf

    path = tmp_path / "geerfd.pdf"
    content = b"BT /F1 12 Tf 72 741.89 Td (Hallo) Tj ET"
    path.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595.28 841.89] >>",
        b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]))
    page = next(iter_page_chars(path))
    assert page.height == pytest.approx(841.89, abs=0.01)
    assert page.chars[0].baseline == pytest.approx(100.0, abs=0.5)
