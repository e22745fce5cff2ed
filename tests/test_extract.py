"""Extraction stage: glyph positions, raised footnote markers and hyphen flags from real PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS, SAMPLE
from converter.extract import ConversionError, iter_page_chars, open_pdf

KST = CORPUS / "kst-35538-4_advies-RvS-nader-rapport.pdf"


def page_text(path: Path, number: int) -> tuple[str, list]:
    page = next(iter_page_chars(path, pages=range(number - 1, number)))
    return "".join(c.text for c in page.chars), list(page.chars)


def test_glyphs_have_positions_sizes_and_fonts():
    text, chars = page_text(KST, 2)
    assert "bron- en contactopsporing" in text
    body = [c for c in chars if c.text.isalpha()]
    assert all(0 <= c.x0 < c.x1 <= 600 and c.top < c.bottom for c in body)
    assert {round(c.size, 1) for c in body} >= {9.1, 6.9}  # body text and footnotes
    assert all(c.font for c in body)


def test_raised_footnote_marker_is_smaller_and_above_the_baseline():
    _, chars = page_text(KST, 2)
    text = "".join(c.text for c in chars)
    at = text.index("zoals het virus.") + len("zoals het virus.")
    marker, word = chars[at], chars[at - 2]
    assert marker.text == "2"
    assert marker.size < 0.8 * word.size
    assert marker.baseline < word.baseline - 1.0  # top-down coordinates: raised is smaller


def test_typesetter_hyphen_is_flagged():
    _, chars = page_text(KST, 2)
    flagged = [i for i, c in enumerate(chars) if c.hyphen]
    assert flagged
    text = "".join(c.text for c in chars)
    assert any(text[i - 11:i + 1] == "verwerkings-" for i in flagged)


def test_sample_seed_marker_28_is_raised():
    for page in iter_page_chars(SAMPLE):
        text = "".join(c.text for c in page.chars)
        if "over gemeenten en" in text:
            break
    else:
        pytest.fail("seed page not found")
    at = text.index("28", text.index("over gemeenten en"))
    assert page.chars[at].size < 8 and page.chars[at].baseline < page.chars[at - 2].baseline


def test_open_pdf_describes_the_file():
    info = open_pdf(KST)
    assert info.pages == 16 and len(info.sha256) == 64


def test_open_pdf_refuses_what_is_not_a_pdf(tmp_path: Path):
    text = tmp_path / "notitie.pdf"
    text.write_text("geen pdf", encoding="utf-8")
    with pytest.raises(ConversionError, match="geen PDF"):
        open_pdf(text)
