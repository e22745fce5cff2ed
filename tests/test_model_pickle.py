"""The model crosses between processes (pages from workers, the document from the command
line's converting child): every dataclass pickles as a call of its class on its init fields,
and comes back equal, derived fields included."""

from __future__ import annotations

import dataclasses
import pickle

from converter import model
from converter.model import Document, Line, Run
from synthetic import glyphs, page, page_lines


def _round_trip(value: object) -> object:
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def test_every_model_dataclass_pickles_by_its_init_fields():
    classes = [c for c in vars(model).values()
               if isinstance(c, type) and dataclasses.is_dataclass(c)
               and c.__module__ == model.__name__]
    assert len(classes) > 20
    for cls in classes:
        assert "__reduce__" in vars(cls), cls.__name__


def test_a_line_comes_back_with_its_derived_texts():
    line = Line(page=3, runs=(Run("Tekst ", 10.0, False), Run("12", 6.0, False, True),
                              Run(" verder", 10.0, False, italic=True)),
                x0=1.0, x1=2.0, top=3.0, bottom=4.0, baseline=3.8, size=10.0, bold=False,
                column=1, segments=((1.0, 2.0),), gaps=((5, 1.5, 1.7),))
    again = _round_trip(line)
    assert again == line
    assert (again.text, again.plain_text) == ("Tekst 12 verder", "Tekst  verder")
    assert again.italic == line.italic


def test_a_page_after_layout_comes_back_equal():
    lines = page_lines(page(1, glyphs("Een regel tekst op de pagina.", 72.0, 100.0),
                            glyphs("Nog een regel.", 72.0, 114.0)))
    assert lines.lines
    assert _round_trip(lines) == lines


def test_a_converted_document_comes_back_equal(sample_document: Document):
    again = _round_trip(sample_document)
    assert again == sample_document
    assert again.paragraphs and again.references
