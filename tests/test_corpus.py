"""End to end on every real PDF in ../shared/corpus: typeset by different tools, never tuned
to one."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from conftest import converted, corpus_pdfs
from converter.blocks import LETTERHEAD_LABEL
from converter.extract import open_pdf
from converter.model import PageLayout
from converter.pipeline import read_layouts

pytestmark = pytest.mark.corpus
PDFS = corpus_pdfs()
CONJUNCTIONS = {"en", "of", "tot", "noch", "and", "or", "to", "dan", "alsook"}


@cache
def layouts(path: Path) -> list[PageLayout]:
    return read_layouts(open_pdf(path), jobs=1)


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_converts_with_text_and_anchors(pdf: Path):
    document = converted(pdf)
    assert document.paragraphs
    ids = [p.id for p in document.paragraphs] + [s.id for s in document.sections]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"p\d+-\d+", p.id) for p in document.paragraphs)


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_title_and_chapters_are_not_letterhead(pdf: Path):
    """Letters and Kamerstukken print field labels and a masthead in large or bold type."""
    document = converted(pdf)
    # a numbered chapter ("7 Bijlagen") is a report's own heading; field labels are unnumbered
    names = [document.title] + [s.title for s in document.sections if not s.number]
    assert not [n for n in names if LETTERHEAD_LABEL.match(n.strip())]
    assert not document.title.startswith(("Tweede Kamer der", "Eerste Kamer der"))


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_footnote_numbers_have_no_gaps(pdf: Path):
    document = converted(pdf)
    numbers = [int(f.number) for f in document.footnotes if f.number.isdigit()]
    if numbers:
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    cited = {m.number for p in document.paragraphs for m in p.marks}
    cited |= {m.number for s in document.sections for m in s.marks}
    assert cited <= {f.number for f in document.footnotes}


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_no_running_header_or_footer_inside_paragraphs(pdf: Path):
    """A header's text may also stand in the body ("Classificatie Vertrouwelijk" under the
    header "Vertrouwelijk"): a leak is an occurrence the PDF's own body lines do not have."""
    document = converted(pdf)
    found = layouts(pdf)
    furniture = {_spaced(line.text) for layout in found for line in layout.furniture}
    furniture = {text for text in furniture if len(text) >= 12}
    # the PDF's own body text, page by page, lines joined (a name may break across lines)
    printed = [" ".join(_spaced(line.text) for line in zone) for layout in found
               for zone in (layout.body, layout.footnotes, *_cells(layout))]
    texts = [p.text for p in document.paragraphs] + [f.text for f in document.footnotes]
    leaks = {f: [t[:80] for t in texts if f in t] for f in furniture
             if sum(t.count(f) for t in texts) > sum(line.count(f) for line in printed)}
    assert not leaks


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _cells(layout) -> list[tuple]:
    """The lines of each cell of the page's tables: printed text, as the body's lines are."""
    return [lines for region in layout.tables for lines in region.lines]


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_no_line_end_hyphen_left_inside_a_word(pdf: Path):
    """ "X- Y" where the PDF broke the line after "X-"; a hyphen printed before a space inside
    a line ("waar- maar ook onwaarheden") is the author's, not the typesetter's."""
    document = converted(pdf)
    printed = "\n".join(_spaced(line.text) for layout in layouts(pdf)
                        for line in (*layout.body, *layout.footnotes,
                                     *(line for lines in _cells(layout) for line in lines)))
    leftovers = []
    for text in [p.text for p in document.paragraphs] + [f.text for f in document.footnotes]:
        for match in re.finditer(r"\b([a-zà-ÿ]{2,})- ([a-zà-ÿ]{2,})\b", text):
            if match.group(2) not in CONJUNCTIONS and match.group(0) not in printed:
                leftovers.append(match.group(0))
    assert not leftovers


def test_nader_rapport_keeps_the_advice_in_italics_and_the_reply_upright():
    """The Raad van State's advice is printed in italics, the minister's reply upright."""
    pdf = next(p for p in PDFS if p.name.startswith("kst-35538-4"))
    paragraphs = converted(pdf).paragraphs
    by_start = {p.text[:40]: p for p in paragraphs}
    advice = next(p for s, p in by_start.items()
                  if s.startswith("De Afdeling advisering van de Raad van S"))
    assert advice.italic
    replies = [p for p in paragraphs if p.text.startswith("Reactie:")]
    assert len(replies) >= 5 and not any(p.italic for p in replies)
    assert 0.3 < sum(p.italic for p in paragraphs) / len(paragraphs) < 0.9


def test_ethische_analyse_keeps_the_hierarchy_of_its_contents_page():
    """Its issues restart at "1." under chapter 5, and italic subheadings sit under a. b. c."""
    pdf = next(p for p in PDFS if p.name.startswith("ethische-analyse"))
    levels = {s.title: s.level for s in converted(pdf).sections}
    assert levels["Ethische issues en aanbevelingen"] == 1
    assert levels["Vrijwilligheid"] == levels["Privacy"] == 2
    assert levels["a) Gelijke beschikbaarheid"] == 3
    assert levels["Functionele onderdelen"] == levels["Proces"] == 3  # siblings under "b."


@cache
def page_lines(path: Path) -> list:
    from converter.extract import iter_page_chars
    from converter.pipeline import _lines_of

    return [_lines_of(page) for page in iter_page_chars(path)]


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_every_picture_of_the_pdf_is_a_figure_in_the_site(pdf: Path):
    """Counted against the PDF's image objects: every picture of some size is inside a
    figure of its page, but logos (the same picture at the same place on three pages or
    more), page backgrounds, and uncaptioned ornaments in the page's top or bottom band."""
    from converter import figures

    pages = page_lines(pdf)
    logos = figures.logo_places(pages)
    boxes: dict[int, list] = {}
    for paragraph in converted(pdf).paragraphs:
        if paragraph.figure is not None:
            boxes.setdefault(paragraph.page, []).append(paragraph.figure.box)
    missing = []
    for page in pages:
        band = figures.DEFAULT.margin_band * page.height
        for g in page.graphics:
            w, h = g.x1 - g.x0, g.bottom - g.top
            if (g.kind != "image" or w < figures.DEFAULT.min_image
                    or h < figures.DEFAULT.min_image or figures._logo_key(g) in logos
                    or w * h > figures.DEFAULT.background * page.width * page.height
                    or g.bottom <= band or g.top >= page.height - band):
                continue
            if not any(b[0] - 2 <= g.x0 and g.x1 <= b[2] + 2 and b[1] - 2 <= g.top
                       and g.bottom <= b[3] + 2 for b in boxes.get(page.number, ())):
                missing.append((page.number, round(g.x0), round(g.top)))
    assert not missing


CHART_LABELS = yaml.safe_load(
    (Path(__file__).parent / "expected" / "chart_labels.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("stem", "page"), [(stem, page) for stem, pages in CHART_LABELS.items()
                                            for page in pages])
def test_a_charts_labels_are_its_figures_and_no_paragraphs(stem: str, page: int):
    (pdf,) = [p for p in PDFS if p.stem == stem]
    on_page = [p for p in converted(pdf).paragraphs if p.page == page]
    labels = " ".join(label for p in on_page if p.figure for label in p.figure.labels)
    body = [p.text for p in on_page if p.figure is None]
    for label in CHART_LABELS[stem][page]:
        assert label in labels, f"{label!r} is not a label of a figure on page {page}"
        assert not any(label in text for text in body), f"{label!r} is in the body"
