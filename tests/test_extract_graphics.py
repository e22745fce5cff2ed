"""Extraction of what a page draws besides text, and of superior figures by their ink.

Hand-written content streams, so every box is known exactly (a page is 200 x 300 points; PDF
space has its origin at the bottom left, the model's at the top left).
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from converter.extract import MAX_PATH_SEGMENTS, iter_page_chars
from converter.layout import chars_to_lines
from converter.model import NO_COLOUR, Graphic
from pdf_bytes import raw_pdf

HEIGHT = 300


def _pdf(tmp_path: Path, content: bytes, resources: bytes = b"<< >>",
         extra: list[bytes] | None = None) -> Path:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 300] /Contents 4 0 R /Resources "
        + resources + b" >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *(extra or []),
    ]
    path = tmp_path / "page.pdf"
    path.write_bytes(raw_pdf(objects))
    return path


def graphics(path: Path) -> list[Graphic]:
    return list(next(iter_page_chars(path)).graphics)


def near(graphic: Graphic, x0: float, x1: float, top: float, bottom: float) -> bool:
    return all(abs(a - b) < 0.05 for a, b in
               zip((graphic.x0, graphic.x1, graphic.top, graphic.bottom), (x0, x1, top, bottom),
                   strict=True))


def test_filled_rectangle_has_its_box_and_colour(tmp_path: Path):
    path = _pdf(tmp_path, b"0.9 0.95 1 rg 20 100 160 50 re f")
    (box,) = graphics(path)
    assert box.kind == "rect" and box.stroke == NO_COLOUR
    assert near(box, 20, 180, HEIGHT - 150, HEIGHT - 100)
    assert box.fill == (round(0.9 * 255) << 16) | (round(0.95 * 255) << 8) | 255


def test_stroked_rule_is_a_line_with_its_width(tmp_path: Path):
    path = _pdf(tmp_path, b"0.5 w 0 0 0 RG 20 60 m 80 60 l S")
    (rule,) = graphics(path)
    assert rule.kind == "line" and rule.fill == NO_COLOUR and rule.stroke == 0
    assert rule.width == 0.5
    assert near(rule, 20, 80, HEIGHT - 60, HEIGHT - 60)


def test_one_path_of_several_rectangles_gives_each_of_them(tmp_path: Path):
    # a table's cell borders drawn as one path object
    path = _pdf(tmp_path, b"0 g 10 10 50 1 re 10 30 50 1 re 10 10 1 21 re f")
    boxes = sorted(graphics(path), key=lambda g: (g.top, g.x0))
    assert [g.kind for g in boxes] == ["rect", "rect", "rect"]
    assert near(boxes[0], 10, 60, HEIGHT - 31, HEIGHT - 30)
    assert near(boxes[1], 10, 11, HEIGHT - 31, HEIGHT - 10)
    assert near(boxes[2], 10, 60, HEIGHT - 11, HEIGHT - 10)


def test_curves_and_slanted_lines_are_kept_as_their_bounds(tmp_path: Path):
    path = _pdf(tmp_path, b"1 0 0 RG 10 10 m 50 90 70 90 110 10 c S 0 0 1 RG 10 200 m 90 250 l S")
    curve, slanted = graphics(path)
    assert curve.kind == slanted.kind == "curve"
    assert curve.stroke == 0xFF0000 and slanted.stroke == 0x0000FF
    # bounds include the stroke's width (and its miters)
    assert 8 < curve.x0 <= 10 and 110 <= curve.x1 < 112
    assert 8 < slanted.x0 <= 10 and 90 <= slanted.x1 < 92


def test_a_long_path_is_one_curve(tmp_path: Path):
    points = b" ".join(b"%d %d l" % (10 + i, 10 + (i % 2) * 5) for i in range(MAX_PATH_SEGMENTS))
    path = _pdf(tmp_path, b"10 10 m " + points + b" S")
    (drawing,) = graphics(path)
    assert drawing.kind == "curve"


def test_clipping_paths_and_invisible_shapes_are_not_graphics(tmp_path: Path):
    path = _pdf(tmp_path, b"q 0 0 100 100 re W n 10 10 20 20 re n Q")
    assert graphics(path) == []


def test_graphics_inside_a_form_are_placed_by_the_form_matrix(tmp_path: Path):
    form = b"0 g 0 0 10 10 re f"
    form_object = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length %d >>\nstream\n"
                   % len(form) + form + b"\nendstream")
    path = _pdf(tmp_path, b"q 2 0 0 3 50 100 cm /F1 Do Q", b"<< /XObject << /F1 5 0 R >> >>",
                [form_object])
    (box,) = graphics(path)
    assert near(box, 50, 70, HEIGHT - 130, HEIGHT - 100)


def test_images_are_graphics_with_their_placement(tmp_path: Path):
    pixels = zlib.compress(bytes([200, 30, 30] * 4))
    image = (b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceRGB "
             b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(pixels)
             + pixels + b"\nendstream")
    path = _pdf(tmp_path, b"q 80 0 0 40 30 200 cm /Im1 Do Q", b"<< /XObject << /Im1 5 0 R >> >>",
                [image])
    (picture,) = graphics(path)
    assert picture.kind == "image" and picture.visible
    assert near(picture, 30, 110, HEIGHT - 240, HEIGHT - 200)


def test_superior_figures_at_body_size_are_raised_and_small():
    """typst sets footnote numbers as OpenType superior glyphs at the body's size."""
    typst = pytest.importorskip("typst")
    source = (b'#set text(size: 11pt)\n'
              b'Het aantal nam toe.#footnote[Kamerstukken II 2021/22, 32 847, nr. 883.] '
              b'Het jaar 2023 telde 12 maanden.\n')
    pdf = typst.compile(source)
    path = Path(__file__).parent / "output" / "superior.pdf"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(pdf)
    lines = chars_to_lines(next(iter_page_chars(path)))
    runs = [(r.text.strip(), r.superscript) for line in lines for r in line.runs]
    assert ("1", True) in runs  # the marker in the text, and the note's own number
    body = next(line for line in lines if "toe." in line.text)
    assert [r.text for r in body.runs if r.superscript] == ["1"]
    assert "2023" in body.plain_text and "12" in body.plain_text  # lining figures stay text
