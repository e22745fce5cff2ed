"""The typesetter matrix's scorer must be able to fail: the truth scored against a document
built from the truth itself is perfect, and each kind of damage a converter does lowers
exactly the metric that measures it. Also: the committed matrix is complete, and the
generator still reproduces a rendering's truth (typst, the engine pip installs)."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest

from converter.model import (
    Document,
    Footnote,
    FootnoteMark,
    PageInfo,
    Paragraph,
    Section,
    Source,
)
from converter.render import document_to_json
from matrix_scoring import MatrixScore, load_truth, pdf_of, score_rendering, truths

MATRIX = Path(__file__).parent / "fixtures" / "matrix"
RENDERINGS = [f"{engine}-{n}col" for engine in
              ("typst", "weasyprint", "libreoffice", "reportlab", "fpdf2") for n in (1, 2)]


def document_from_truth(truth: dict, table_fields: bool = False) -> tuple[Document, dict]:
    """A Document (and its JSON model, with figure and box blocks) exactly as the truth says.

    Tables become `table` paragraphs whose rows are the header grid and body rows, with the
    caption paragraph before and the source line after; with `table_fields` the caption and
    source are fields of the table's JSON block instead."""
    headings = {h["id"]: h for h in truth["headings"]}
    paras = {p["id"]: p for p in truth["paragraphs"]}
    tables = {t["id"]: t for t in truth["tables"]}
    figures = {f["id"]: f for f in truth["figures"]}
    boxes = {b["id"]: b for b in truth["boxes"]}
    cell_notes: dict[tuple[str, int, int], list[dict]] = {}
    for note in truth["footnotes"]:
        where = note["cited_in"]
        if where["kind"] == "table_cell":
            cell_notes.setdefault((where["id"], where["row"], where["col"]), []).append(note)
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    extra: list[dict] = []
    table_blocks: dict[str, dict] = {}
    section = None

    def paragraph(ident, kind, text, page, marks=(), **more) -> None:
        paragraphs.append(Paragraph(ident, section, page, (page,), kind, text, tuple(marks),
                                    "", **more))

    for ident in truth["order"]:
        if ident in headings:
            h = headings[ident]
            section = ident
            sections.append(Section(ident, h["level"], h["number"], h["title"], h["page"], "",
                                    "x.md", tuple(FootnoteMark(m["offset"], m["number"])
                                                  for m in h["marks"])))
        elif ident in paras:
            p = paras[ident]
            paragraph(ident, p["kind"], p["text"], p["page"],
                      [FootnoteMark(m["offset"], m["number"]) for m in p["marks"]],
                      number=p.get("marker", ""), depth=p.get("depth", 0))
        elif ident in tables:
            t = tables[ident]
            rows = t["header_grid"] + t["rows"]
            text, marks = "", []
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    if cell:
                        text = f"{text} {cell}" if text else cell
                        marks += [FootnoteMark(len(text), n["number"])
                                  for n in cell_notes.get((ident, r, c), [])]
            if not table_fields:
                paragraph(f"{ident}-caption", "caption", t["caption"], t["page"])
            paragraph(ident, "table", text, t["page"], marks,
                      rows=tuple(tuple(r) for r in rows))
            if table_fields:
                table_blocks[ident] = {"caption": t["caption"], "source": t["source"]}
            else:
                paragraph(f"{ident}-source", "paragraph", t["source"], t["page"])
        elif ident in figures:
            f = figures[ident]
            extra.append({"kind": "figure", "id": ident, "caption": f["caption"],
                          "source": f["source"], "labels": f["labels"], "page": f["page"]})
        elif ident in boxes:
            b = boxes[ident]
            extra.append({"kind": "box", "id": ident, "title": b["title"],
                          "paragraphs": list(b["paragraphs"])})
    holder = {}
    for note in truth["footnotes"]:
        holder[note["key"]] = note["cited_in"]["id"]
    footnotes = tuple(Footnote(n["number"], f"fn:{n['key']}", n["page"], n["text"],
                               holder[n["key"]], "") for n in truth["footnotes"])
    pages = tuple(PageInfo(n, str(n), f"page-{n}", "") for n in range(1, truth["page_count"] + 1))
    document = Document(truth["title"], "matrix", Source(truth["pdf"], truth["page_count"], ""),
                        pages, tuple(sections), tuple(paragraphs), footnotes)
    model = document_to_json(document)
    for block in model["paragraphs"]:
        block.update(table_blocks.get(block["id"], {}))
    model["paragraphs"] += extra
    return document, model


def _replace_paragraphs(document: Document, paragraphs, footnotes=None) -> Document:
    return dataclasses.replace(document, paragraphs=tuple(paragraphs),
                               footnotes=tuple(footnotes or document.footnotes))


def _changed(before: MatrixScore, after: MatrixScore) -> dict[str, tuple]:
    a, b = before.metrics(), after.metrics()
    return {k: (a[k], b[k]) for k in a if a[k] != b[k]}


@pytest.fixture(scope="module")
def truth() -> dict:
    # two columns, numbering per chapter: the hardest dev rendering to score right
    return load_truth(MATRIX / "dev" / "libreoffice-2col.truth.json")


def test_the_matrix_is_complete():
    for set_name in ("dev", "holdout"):
        names = sorted(load_truth(p)["rendering"] for p in truths(set_name))
        assert names == sorted(RENDERINGS), set_name
        for path in truths(set_name):
            assert pdf_of(path).exists(), path
    size = sum(p.stat().st_size for p in MATRIX.rglob("*") if p.is_file())
    assert size < 10_000_000


@pytest.mark.parametrize("path", truths("dev"), ids=lambda p: p.name.split(".")[0])
def test_the_truth_scores_perfectly_against_itself(path: Path):
    truth = load_truth(path)
    document, model = document_from_truth(truth)
    result = score_rendering(document, truth, model)
    assert all(result.metrics()[k] == 1.0 for k in MatrixScore.SHARES), result
    assert all(result.metrics()[k] == 0 for k in MatrixScore.COUNTS), result


def test_captions_as_fields_of_the_table_block_count_too(truth):
    document, model = document_from_truth(truth, table_fields=True)
    assert score_rendering(document, truth, model).captions == 1.0


def test_a_merged_paragraph_costs_paragraphs_only(truth):
    document, model = document_from_truth(truth)
    base = score_rendering(document, truth, model)
    paras = list(document.paragraphs)
    # two body paragraphs in a row, the second citing a note
    i = next(i for i in range(len(paras) - 1) if paras[i].kind == paras[i + 1].kind ==
             "paragraph" and paras[i + 1].marks and paras[i].section == paras[i + 1].section
             and not paras[i].id.endswith("-source"))
    first, second = paras[i], paras[i + 1]
    merged = dataclasses.replace(
        first, text=f"{first.text} {second.text}",
        marks=first.marks + tuple(FootnoteMark(m.offset + len(first.text) + 1, m.number)
                                  for m in second.marks))
    notes = [dataclasses.replace(f, paragraph=first.id) if f.paragraph == second.id else f
             for f in document.footnotes]
    damaged = _replace_paragraphs(document, [*paras[:i], merged, *paras[i + 2:]], notes)
    after = score_rendering(damaged, truth, model)
    assert set(_changed(base, after)) == {"paragraphs"}
    assert after.paragraphs < base.paragraphs


def test_a_misplaced_marker_costs_markers_only(truth):
    document, model = document_from_truth(truth)
    base = score_rendering(document, truth, model)
    paras = list(document.paragraphs)
    i = next(i for i, p in enumerate(paras) if p.kind == "paragraph" and p.marks
             and p.marks[0].offset < len(p.text) - 20)
    p = paras[i]
    mark = p.marks[0]
    later = p.text.index(" ", mark.offset + 1)  # one word further on
    paras[i] = dataclasses.replace(p, marks=(FootnoteMark(later, mark.number), *p.marks[1:]))
    after = score_rendering(_replace_paragraphs(document, paras), truth, model)
    assert set(_changed(base, after)) == {"markers"}
    assert after.markers < 1.0


def test_a_leaked_footer_costs_furniture_only(truth):
    document, model = document_from_truth(truth)
    base = score_rendering(document, truth, model)
    page = next(p for p in truth["pages"] if p["page"] > 3 and p["furniture"])
    line = next(line for line in page["furniture"] if "Migratie" in line)
    paras = list(document.paragraphs)
    at = next(i for i, p in enumerate(paras) if p.page == page["page"])
    leaked = Paragraph("leak", paras[at].section, page["page"], (page["page"],), "paragraph",
                       line, (), "")
    after = score_rendering(_replace_paragraphs(document, [*paras[:at], leaked, *paras[at:]]),
                            truth, model)
    assert set(_changed(base, after)) == {"furniture_leaks"}
    assert after.furniture_leaks == 1


def test_a_chart_label_in_the_body_costs_chart_labels_only(truth):
    document, model = document_from_truth(truth)
    base = score_rendering(document, truth, model)
    figure = next(f for f in truth["figures"] if f["kind"] == "vector")
    stray = next(label for label in figure["labels"] if "." in label)  # a data label: 16.470
    paras = list(document.paragraphs)
    at = next(i for i, p in enumerate(paras) if p.page == figure["page"])
    leaked = Paragraph("label", paras[at].section, figure["page"], (figure["page"],),
                       "paragraph", stray, (), "")
    after = score_rendering(_replace_paragraphs(document, [*paras[:at], leaked, *paras[at:]]),
                            truth, model)
    assert set(_changed(base, after)) == {"chart_labels"}
    assert after.chart_labels == 1


def test_a_contents_page_read_as_a_table_is_a_fake_table(truth):
    document, model = document_from_truth(truth)
    base = score_rendering(document, truth, model)
    rows = tuple((e["title"], str(e["page"])) for e in truth["contents"]["entries"][:6])
    fake = Paragraph("fake", None, 2, (2,), "table", " ".join(c for r in rows for c in r), (),
                     "", rows=rows)
    after = score_rendering(_replace_paragraphs(document, [fake, *document.paragraphs]),
                            truth, model)
    assert set(_changed(base, after)) == {"fake_tables"}


def test_notes_numbered_per_chapter_are_told_apart(truth):
    """The same number in two chapters: each note must link to its own paragraph."""
    assert truth["style"]["restart_notes"]
    document, model = document_from_truth(truth)
    numbers = [f.number for f in document.footnotes]
    assert len(numbers) != len(set(numbers))
    swapped = list(document.footnotes)
    ones = [i for i, f in enumerate(swapped) if f.number == "1"][:2]
    a, b = swapped[ones[0]], swapped[ones[1]]
    swapped[ones[0]] = dataclasses.replace(a, paragraph=b.paragraph)
    swapped[ones[1]] = dataclasses.replace(b, paragraph=a.paragraph)
    after = score_rendering(_replace_paragraphs(document, document.paragraphs, swapped), truth,
                            model)
    assert after.linked < 1.0 and after.notes == 1.0


def test_a_converted_rendering_is_scored():
    """End to end on one small rendering: the scorer reads what the converter makes."""
    from converter.pipeline import convert

    path = MATRIX / "dev" / "typst-2col.truth.json"
    result = score_rendering(convert(pdf_of(path), jobs=1), load_truth(path))
    for key in MatrixScore.SHARES:
        assert 0.0 <= result.metrics()[key] <= 1.0
    assert result.paragraphs > 0.2  # it is the same text: a good part must come through


def test_the_generator_reproduces_a_truth(tmp_path):
    """typst is deterministic and pip-installable: regenerate one rendering, compare."""
    sys.path.insert(0, str(MATRIX))
    try:
        import generate
    finally:
        sys.path.remove(str(MATRIX))
    assert generate.main(["--set", "dev", "--engine", "typst", "--columns", "2", "--strict",
                          "--out", str(tmp_path)]) == 0
    fresh = json.loads((tmp_path / "dev" / "typst-2col.truth.json").read_text("utf-8"))
    committed = load_truth(MATRIX / "dev" / "typst-2col.truth.json")
    for key in ("paragraphs", "footnotes", "headings", "tables", "figures", "boxes", "pages"):
        assert fresh[key] == committed[key], key


def test_scores_differ_when_a_note_text_is_wrong(truth):
    document, model = document_from_truth(truth)
    notes = list(document.footnotes)
    notes[3] = dataclasses.replace(notes[3], text=notes[3].text + " 2.1 Immigratie naar motief")
    after = score_rendering(_replace_paragraphs(document, document.paragraphs, notes), truth,
                            model)
    assert after.notes < 1.0 and after.extra_notes == 1
