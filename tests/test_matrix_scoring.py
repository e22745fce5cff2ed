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
    Figure,
    Footnote,
    FootnoteMark,
    Frame,
    PageInfo,
    Paragraph,
    Section,
    Source,
    Table,
    TableCell,
    table_text,
)
from matrix_scoring import MatrixScore, load_truth, pdf_of, score_rendering, truths

MATRIX = Path(__file__).parent / "fixtures" / "matrix"
RENDERINGS = [f"{engine}-{n}col" for engine in
              ("typst", "weasyprint", "libreoffice", "reportlab", "fpdf2") for n in (1, 2)]


def _table(t: dict) -> Table:
    """The truth table as `model.Table`: header cells with their spans, then the body."""
    cells, taken = [], set()
    for r, row in enumerate(t["header"]):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            cells.append(TableCell(r, c, cell["text"], cell["rowspan"], cell["colspan"], True))
            taken |= {(r + dr, c + dc) for dr in range(cell["rowspan"])
                      for dc in range(cell["colspan"])}
            c += cell["colspan"]
    header = len(t["header"])
    cells += [TableCell(header + r, c, text) for r, row in enumerate(t["rows"])
              for c, text in enumerate(row)]
    return Table(tuple(cells), header + len(t["rows"]), t["columns"], header, t["ruled"],
                 caption=t["caption"], source=t["source"], pages=tuple(t["pages"]))


def document_from_truth(truth: dict) -> Document:
    """A Document exactly as the truth says: tables with their structure, caption and
    source, figures with caption, source and labels, boxes as frames."""
    headings = {h["id"]: h for h in truth["headings"]}
    paras = {p["id"]: p for p in truth["paragraphs"]}
    tables = {t["id"]: t for t in truth["tables"]}
    figures = {f["id"]: f for f in truth["figures"]}
    boxes = {b["id"]: b for b in truth["boxes"]}
    label = {}  # note key -> unique label, as the converter gives repeated numbers
    seen: dict[str, int] = {}
    for note in truth["footnotes"]:
        seen[note["number"]] = seen.get(note["number"], 0) + 1
        n = seen[note["number"]]
        label[note["key"]] = note["number"] + (f"-{n}" if n > 1 else "")
    cell_notes: dict[tuple[str, int, int], list[dict]] = {}
    for note in truth["footnotes"]:
        where = note["cited_in"]
        if where["kind"] == "table_cell":
            cell_notes.setdefault((where["id"], where["row"], where["col"]), []).append(note)

    def mark(offset: int, record: dict, page: int) -> FootnoteMark:
        return FootnoteMark(offset, record["number"], page, label[record["note"]])

    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    frames: list[Frame] = []
    section = None
    for ident in truth["order"]:
        if ident in headings:
            h = headings[ident]
            section = ident
            sections.append(Section(ident, h["level"], h["number"], h["title"], h["page"], "",
                                    "x.md", tuple(mark(m["offset"], m, h["page"])
                                                  for m in h["marks"])))
        elif ident in paras:
            p = paras[ident]
            paragraphs.append(Paragraph(
                ident, section, p["page"], (p["page"],), p["kind"], p["text"],
                tuple(mark(m["offset"], m, p["page"]) for m in p["marks"]), "",
                number=p.get("marker", ""), depth=p.get("depth", 0), frame=p.get("box", "")))
        elif ident in tables:
            t = tables[ident]
            rows = tuple(tuple(r) for r in t["header_grid"] + t["rows"])
            text, starts = table_text(rows)
            marks = tuple(
                FootnoteMark(starts[(r, c)] + len(rows[r][c]), n["number"], t["page"],
                             label[n["key"]])
                for (table_id, r, c), notes in cell_notes.items() if table_id == ident
                for n in notes)
            paragraphs.append(Paragraph(ident, section, t["page"], tuple(t["pages"]), "table",
                                        text, marks, "", rows=rows, table=_table(t)))
        elif ident in figures:
            f = figures[ident]
            figure = Figure((0, 0, 100, 100), f["caption"], f["source"], tuple(f["labels"]),
                            raster=f["kind"] == "raster")
            paragraphs.append(Paragraph(ident, section, f["page"], (f["page"],), "figure",
                                        f["caption"], (), "", figure=figure))
        elif ident in boxes:
            b = boxes[ident]
            frames.append(Frame(ident, b["title"], b["page"], section))
    footnotes = tuple(Footnote(label[n["key"]], f"fn:{label[n['key']]}", n["page"], n["text"],
                               n["cited_in"]["id"], "") for n in truth["footnotes"])
    pages = tuple(PageInfo(n, str(n), f"page-{n}", "") for n in range(1, truth["page_count"] + 1))
    return Document(truth["title"], "matrix", Source(truth["pdf"], truth["page_count"], ""),
                    pages, tuple(sections), tuple(paragraphs), footnotes, frames=tuple(frames))


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
    document = document_from_truth(truth)
    result = score_rendering(document, truth)
    assert all(result.metrics()[k] == 1.0 for k in MatrixScore.SHARES), result
    assert all(result.metrics()[k] == 0 for k in MatrixScore.COUNTS), result


def test_a_caption_left_beside_its_table_costs_captions_only(truth):
    document = document_from_truth(truth)
    base = score_rendering(document, truth)
    paras = list(document.paragraphs)
    i = next(i for i, p in enumerate(paras) if p.table is not None)
    table = paras[i]
    caption = Paragraph(f"{table.id}-caption", table.section, table.page, (table.page,),
                        "caption", table.table.caption, (), "")
    paras[i:i + 1] = [caption, dataclasses.replace(
        table, table=dataclasses.replace(table.table, caption=""))]
    after = score_rendering(_replace_paragraphs(document, paras), truth)
    assert set(_changed(base, after)) == {"captions"}


def test_a_box_without_its_frame_costs_boxes_only(truth):
    document = document_from_truth(truth)
    base = score_rendering(document, truth)
    after = score_rendering(dataclasses.replace(document, frames=()), truth)
    assert set(_changed(base, after)) == {"boxes"}


def test_a_merged_paragraph_costs_paragraphs_only(truth):
    document = document_from_truth(truth)
    base = score_rendering(document, truth)
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
    after = score_rendering(damaged, truth)
    assert set(_changed(base, after)) == {"paragraphs"}
    assert after.paragraphs < base.paragraphs


def test_a_misplaced_marker_costs_markers_only(truth):
    document = document_from_truth(truth)
    base = score_rendering(document, truth)
    paras = list(document.paragraphs)
    i = next(i for i, p in enumerate(paras) if p.kind == "paragraph" and p.marks
             and p.marks[0].offset < len(p.text) - 20)
    p = paras[i]
    mark = p.marks[0]
    later = p.text.index(" ", mark.offset + 1)  # one word further on
    paras[i] = dataclasses.replace(p, marks=(FootnoteMark(later, mark.number), *p.marks[1:]))
    after = score_rendering(_replace_paragraphs(document, paras), truth)
    assert set(_changed(base, after)) == {"markers"}
    assert after.markers < 1.0


def _with_stray_paragraph(document: Document, page: int, text: str) -> Document:
    """`document` with a paragraph of `text` before the first paragraph of `page`."""
    paras = list(document.paragraphs)
    at = next(i for i, p in enumerate(paras) if p.page == page)
    stray = Paragraph("stray", paras[at].section, page, (page,), "paragraph", text, (), "")
    return _replace_paragraphs(document, [*paras[:at], stray, *paras[at:]])


def test_a_leaked_footer_costs_furniture_only(truth):
    document = document_from_truth(truth)
    base = score_rendering(document, truth)
    page = next(p for p in truth["pages"] if p["page"] > 3 and p["furniture"])
    line = next(line for line in page["furniture"] if "Migratie" in line)
    after = score_rendering(_with_stray_paragraph(document, page["page"], line), truth)
    assert set(_changed(base, after)) == {"furniture_leaks"}
    assert after.furniture_leaks == 1


def test_a_chart_label_in_the_body_costs_chart_labels_only(truth):
    document = document_from_truth(truth)
    base = score_rendering(document, truth)
    figure = next(f for f in truth["figures"] if f["kind"] == "vector")
    stray = next(label for label in figure["labels"] if "." in label)  # a data label: 16.470
    after = score_rendering(_with_stray_paragraph(document, figure["page"], stray), truth)
    assert set(_changed(base, after)) == {"chart_labels"}
    assert after.chart_labels == 1


def test_a_contents_page_read_as_a_table_is_a_fake_table(truth):
    document = document_from_truth(truth)
    base = score_rendering(document, truth)
    rows = tuple((e["title"], str(e["page"])) for e in truth["contents"]["entries"][:6])
    fake = Paragraph("fake", None, 2, (2,), "table", " ".join(c for r in rows for c in r), (),
                     "", rows=rows)
    after = score_rendering(_replace_paragraphs(document, [fake, *document.paragraphs]),
                            truth)
    assert set(_changed(base, after)) == {"fake_tables"}


def test_notes_numbered_per_chapter_are_told_apart(truth):
    """The same number in two chapters: each note must link to its own paragraph."""
    assert truth["style"]["restart_notes"]
    document = document_from_truth(truth)
    swapped = list(document.footnotes)
    ones = [i for i, f in enumerate(swapped) if f.number in ("1", "1-2")]
    assert len(ones) == 2  # printed "1" twice, labelled 1 and 1-2
    a, b = swapped[ones[0]], swapped[ones[1]]
    swapped[ones[0]] = dataclasses.replace(a, paragraph=b.paragraph)
    swapped[ones[1]] = dataclasses.replace(b, paragraph=a.paragraph)
    base = score_rendering(document, truth)
    after = score_rendering(_replace_paragraphs(document, document.paragraphs, swapped), truth)
    assert set(_changed(base, after)) == {"linked"}


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
    document = document_from_truth(truth)
    notes = list(document.footnotes)
    notes[3] = dataclasses.replace(notes[3], text=notes[3].text + " 2.1 Immigratie naar motief")
    after = score_rendering(_replace_paragraphs(document, document.paragraphs, notes), truth)
    assert after.notes < 1.0 and after.extra_notes == 1
