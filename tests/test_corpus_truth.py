"""Issue 9's targets on every corpus PDF, scored against the hand-checked layout truth.

For each real PDF in ../shared/corpus, tests/expected/layout/<stem>.yaml says which notes start
on which page, which markers each page prints, what the running furniture reads and which lines
only look like notes (its README has the schema). The targets ("done when" of issue 9): footnote
numbers found against the printed notes with recall and precision >= 95%, each marker cited
from its own page, word recall >= 99% against an independent extraction (pypdf), no furniture
in the body, no line that merely looks like a note made into one. Several fail on today's
converter; `python scripts/measure_corpus.py` prints the figures.

The last tests show the scorer can fail: a perturbed model scores lower.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path

import pytest

from conftest import converted, corpus_pdfs
from converter.model import Document, Footnote, FootnoteMark, PageInfo, Paragraph, Section, Source
from converter.render import document_to_json
from corpus_scoring import (
    CorpusScore,
    LayoutTruth,
    load_truth,
    normalize,
    parse_pages,
    reference_pages,
    score_document,
    score_markers,
    score_notes,
    score_own_page,
    strip_furniture,
    truth_path,
    word_recall,
)

PDFS = corpus_pdfs()
NOTES_TARGET = 0.95
WORDS_TARGET = 0.99
corpus = pytest.mark.corpus


@cache
def reference(pdf: Path) -> tuple[str, ...]:
    return tuple(reference_pages(pdf))


@cache
def scored(pdf: Path) -> CorpusScore:
    document = converted(pdf)
    return score_document(load_truth(truth_path(pdf)), document, document_to_json(document),
                          reference(pdf))


# --- the truth itself ------------------------------------------------------------------------


@corpus
def test_every_corpus_pdf_has_a_layout_truth() -> None:
    assert PDFS
    assert not [p.name for p in PDFS if not truth_path(p).is_file()]


@corpus
@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_truth_matches_the_pdf(pdf: Path) -> None:
    """The truth was typed by hand: its furniture, look-alike lines and note numbers must be on
    the pages it names, as the independent extraction reads them."""
    truth = load_truth(truth_path(pdf))
    pages = reference(pdf)
    assert truth.source == pdf.name and truth.pages == len(pages)
    problems = []
    for item in truth.furniture:
        pattern = re.escape(normalize(item.text)).replace("\\#", r"\S*").replace(r"\ ", r"\s*")
        problems += [f"furniture {item.text!r} not on p{p}" for p in sorted(item.pages)
                     if not re.search(pattern, normalize(pages[p - 1]))]
    for item in truth.not_notes:
        flat = re.sub(r"(?:\s*[.…])+\s*", " ", normalize(pages[item.page - 1]))
        text = re.sub(r"(?:\s*[.…])+\s*", " ", normalize(item.text))
        if text not in flat:
            problems.append(f"not-note {item.text!r} not on p{item.page}")
    for page, numbers in truth.notes.items():
        problems += [f"note {n} does not start a line on p{page}" for n in numbers
                     if not re.search(rf"(?m)^\s*{n}\s*\S", pages[page - 1])]
    problems += [f"marker on p{page} for note {n}, printed nowhere" for page, numbers
                 in truth.markers.items() for n in numbers
                 if truth.expected_note_page(n, page) is None]
    assert not problems


# --- the targets -----------------------------------------------------------------------------


@corpus
@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_footnotes_found_against_the_printed_notes(pdf: Path) -> None:
    notes = scored(pdf).notes
    report = f"missed {notes.missed}, spurious {notes.spurious}"
    assert notes.recall >= NOTES_TARGET, report
    assert notes.precision >= NOTES_TARGET, report


@corpus
@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_each_marker_is_cited_from_its_own_page(pdf: Path) -> None:
    """A marker resolves to the note printed on its page (page-local resolution)."""
    own = scored(pdf).own_page
    report = f"missed {own.missed}, wrong or extra {own.spurious}"
    assert own.recall >= NOTES_TARGET, report
    assert own.precision >= NOTES_TARGET, report


@corpus
@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_word_recall(pdf: Path) -> None:
    words = scored(pdf).words
    assert words.recall >= WORDS_TARGET, f"{words.found}/{words.total}, missed {words.missed}"


@corpus
@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_no_furniture_in_the_body(pdf: Path) -> None:
    assert not scored(pdf).leaks


@corpus
@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_lines_that_only_look_like_notes_stay_text(pdf: Path) -> None:
    """Contents lines, table rows, units ("km²") and ordinals are never notes or markers."""
    assert not scored(pdf).not_notes


# --- the scorer can fail -----------------------------------------------------------------------

TRUTH_YAML = """
source: tiny.pdf
pages: 3
footnotes:
  numbering: document
  pages:
    1: {notes: [1, 2], markers: [1, 2]}
    2: {notes: [3], continued: [2], markers: [3, 4]}
    3: {notes: [4], markers: []}
not_notes:
  - {page: 3, text: "7.4 Algemene werving 45", kind: contents}
  - {page: 3, text: "inwoners per km²", kind: unit, marker: "2", after: "km"}
furniture:
  running:
    - {text: "Rapport X — pagina #", where: footer, pages: "1-3"}
  blocks: []
columns: {multi_column: [], contents: []}
"""

REFERENCE = (
    "De vergunning-\nhouders van de regio melden zich.1 Zij doen dat tijdig.2\n"
    "1 Eerste noot.\n2 Tweede noot begint\nRapport X — pagina 1",
    "Rapport X — pagina 2\nen loopt door. Bron- en contactopsporing gaat door.3 Dat is zo.4\n"
    "3 Derde noot.",
    "Het aantal inwoners per km2 daalt.\n4 Vierde noot.\nRapport X — pagina 3",
)


def _mark(offset: int, number: str, page: int = 0, label: str | None = None) -> FootnoteMark:
    """A marker linked to the note labelled as its number; page 0: read from page_starts."""
    return FootnoteMark(offset, number, page, number if label is None else label)


def _paragraph(pid: str, page: int, text: str, marks: tuple[tuple[int, str], ...] = (),
               pages: tuple[int, ...] = (), starts: tuple[tuple[int, int], ...] = ()) -> Paragraph:
    return Paragraph(id=pid, section=None, page=page, pages=pages or (page,), kind="paragraph",
                     text=text, marks=tuple(_mark(o, n) for o, n in marks), url="",
                     page_starts=starts)


def _note(number: str, page: int, text: str) -> Footnote:
    return Footnote(number=number, id=f"fn:{number}", page=page, text=text, paragraph=None,
                    url="")


FIRST = "De vergunninghouders van de regio melden zich. Zij doen dat tijdig."
SECOND = "Bron- en contactopsporing gaat door. Dat is zo."
THIRD = "Het aantal inwoners per km2 daalt."


def _after(text: str, words: str) -> int:
    return text.index(words) + len(words)


def _perfect() -> Document:
    first, second = FIRST, SECOND
    return Document(
        title="Rapport X", slug="x", source=Source("tiny.pdf", 3, ""),
        pages=tuple(PageInfo(n, str(n), f"page-{n}", "") for n in (1, 2, 3)),
        sections=(Section("s-x", 1, "", "Rapport X", 1, "", "index.md"),),
        paragraphs=(
            _paragraph("p1-1", 1, first, ((_after(first, "zich."), "1"), (len(first), "2"))),
            _paragraph("p2-1", 2, second, ((_after(second, "door."), "3"), (len(second), "4"))),
            _paragraph("p3-1", 3, THIRD),
        ),
        footnotes=(_note("1", 1, "Eerste noot."),
                   _note("2", 1, "Tweede noot begint en loopt door."),
                   _note("3", 2, "Derde noot."), _note("4", 3, "Vierde noot.")),
    )


@pytest.fixture
def tiny(tmp_path: Path) -> LayoutTruth:
    path = tmp_path / "tiny.yaml"
    path.write_text(TRUTH_YAML, encoding="utf-8")
    return load_truth(path)


def _score(truth: LayoutTruth, document: Document) -> CorpusScore:
    return score_document(truth, document, document_to_json(document), REFERENCE)


def test_page_ranges() -> None:
    assert parse_pages("2-5,7-9") == {2, 3, 4, 5, 7, 8, 9}
    assert parse_pages("6-12:2") == {6, 8, 10, 12}
    assert parse_pages(4) == {4}


def test_marker_expects_the_note_of_its_page(tiny: LayoutTruth) -> None:
    assert tiny.expected_note_page("1", 1) == 1
    assert tiny.expected_note_page("4", 2) == 3  # pushed to the next page, as Word does
    assert tiny.expected_note_page("9", 2) is None


def test_a_faithful_model_scores_full_marks(tiny: LayoutTruth) -> None:
    score = _score(tiny, _perfect())
    assert score.notes.recall == score.notes.precision == 1.0
    assert score.markers.recall == score.markers.precision == 1.0
    assert score.own_page.recall == score.own_page.precision == 1.0
    assert score.words.recall == 1.0, score.words.missed
    assert not score.leaks and not score.hyphens and not score.not_notes


def test_the_reference_loses_its_furniture_and_keeps_split_words_whole(tiny: LayoutTruth) -> None:
    stripped = strip_furniture(REFERENCE, tiny)
    assert not any("pagina" in page for page in stripped)
    split_line = ["De vergunning-\nhouders van de regio melden zich."]
    for text, recall in [("De vergunninghouders van de regio melden zich.", 1.0),
                         ("De vergunning-houders van de regio melden zich.", 1.0),
                         ("De vergunning- houders van de regio melden zich.", 6 / 7),
                         ("De vergunning van de regio melden zich.", 6 / 7)]:
        model = {"paragraphs": [{"id": "p1-1", "text": text}]}
        assert word_recall(split_line, model).recall == pytest.approx(recall), text


def test_missing_and_misplaced_notes_lower_the_score(tiny: LayoutTruth) -> None:
    perfect = _perfect()
    dropped = dataclasses.replace(perfect, footnotes=perfect.footnotes[:2])
    assert score_notes(tiny, dropped).recall == 0.5
    moved = dataclasses.replace(perfect, footnotes=(*perfect.footnotes[:3],
                                                    _note("4", 2, "Vierde noot.")))
    assert score_notes(tiny, moved).precision == 0.75
    # resolving marker 4 to a note on the wrong page is not "cited from its own page"
    assert score_own_page(tiny, moved).recall == 0.75
    contents = dataclasses.replace(perfect, footnotes=(
        *perfect.footnotes, _note("7", 3, "4 Algemene werving ........ 45")))
    assert score_notes(tiny, contents).precision == 0.8
    assert _score(tiny, contents).not_notes


def test_markers_on_the_wrong_page_or_missing_lower_the_score(tiny: LayoutTruth) -> None:
    perfect = _perfect()
    first, second, third = perfect.paragraphs
    # the paragraph runs on to page 2 from offset 20: both its markers are now read on page 2
    spilled = dataclasses.replace(first, pages=(1, 2), page_starts=((20, 2),))
    moved = dataclasses.replace(perfect, paragraphs=(spilled, second, third))
    assert score_markers(tiny, moved).recall == 0.5
    unmarked = dataclasses.replace(perfect, paragraphs=(
        dataclasses.replace(first, marks=()), second, third))
    assert score_markers(tiny, unmarked).recall == 0.5
    assert score_own_page(tiny, unmarked).recall == 0.5
    # the model says where a marker is printed, and which note it links to
    elsewhere = dataclasses.replace(first, marks=(first.marks[0], dataclasses.replace(
        first.marks[1], page=3)))
    assert score_markers(tiny, dataclasses.replace(
        perfect, paragraphs=(elsewhere, second, third))).recall == 0.75
    unlinked = dataclasses.replace(second, marks=(second.marks[0], dataclasses.replace(
        second.marks[1], label="")))
    linked_wrong = dataclasses.replace(second, marks=(second.marks[0], dataclasses.replace(
        second.marks[1], label="3")))
    for model in (unlinked, linked_wrong):
        document = dataclasses.replace(perfect, paragraphs=(first, model, third))
        assert score_markers(tiny, document).recall == 1.0
        assert score_own_page(tiny, document).recall == 0.75


def test_a_unit_read_as_a_marker_is_caught(tiny: LayoutTruth) -> None:
    perfect = _perfect()
    first, second, third = perfect.paragraphs
    text = "Het aantal inwoners per km daalt."
    km = dataclasses.replace(third, text=text, marks=(_mark(_after(text, "km"), "2"),))
    assert _score(tiny, dataclasses.replace(perfect, paragraphs=(first, second, km))).not_notes


def test_lost_text_furniture_and_hyphens_are_caught(tiny: LayoutTruth) -> None:
    perfect = _perfect()
    first, second, third = perfect.paragraphs
    lost = _score(tiny, dataclasses.replace(perfect, paragraphs=(first, second)))
    assert lost.words.recall < 0.9
    leaked = dataclasses.replace(third, text=third.text + " Rapport X — pagina 3")
    assert _score(tiny, dataclasses.replace(perfect, paragraphs=(first, second, leaked))).leaks
    broken = dataclasses.replace(first, text=first.text.replace("vergunninghouders",
                                                                 "vergunning- houders"))
    score = _score(tiny, dataclasses.replace(perfect, paragraphs=(broken, second, third)))
    assert score.hyphens == ("vergunning- houders",)


@corpus
def test_a_perturbed_conversion_of_a_real_pdf_scores_lower() -> None:
    pdf = next(p for p in PDFS if p.name.startswith("kst-35538-4"))
    document = converted(pdf)
    truth = load_truth(truth_path(pdf))
    half = dataclasses.replace(document, footnotes=document.footnotes[::2])
    assert score_notes(truth, half).recall < 0.6
    shifted = dataclasses.replace(document, footnotes=tuple(
        dataclasses.replace(f, page=f.page + 1) for f in document.footnotes))
    assert score_notes(truth, shifted).recall == score_own_page(truth, shifted).recall == 0.0
    thinned = dataclasses.replace(document, paragraphs=document.paragraphs[::2])
    words = score_document(truth, thinned, document_to_json(thinned), reference(pdf)).words
    assert words.recall < min(WORDS_TARGET, scored(pdf).words.recall)
