"""The generated fixture PDFs: deterministic, committed, and their ground truth is complete."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pypdf
import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
SAMPLE_PDF = REPO / "samples" / "staat-van-migratie-sample.pdf"
SAMPLE_TRUTH = REPO / "samples" / "staat-van-migratie-sample.truth.json"
PLAIN_PDF = FIXTURES / "plain-report.pdf"
PLAIN_TRUTH = FIXTURES / "plain-report.truth.json"
SHARED_SEED = REPO.parent / "shared" / "seed" / "staat-van-migratie-2023-p28.txt"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, FIXTURES / f"{name}.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample_mod() -> ModuleType:
    return _load("make_sample_report")


@pytest.fixture(scope="module")
def plain_mod() -> ModuleType:
    return _load("make_plain_report")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, sample_mod: ModuleType) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("sample") / "sample.pdf"
    sample_mod.write(out)
    return out, json.loads(sample_mod.truth_path(out).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory, plain_mod: ModuleType) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("plain") / "plain.pdf"
    plain_mod.write(out)
    return out, json.loads(plain_mod.truth_path(out).read_text(encoding="utf-8"))


# --- determinism and the committed files ------------------------------------------------------


def test_sample_is_deterministic_and_committed(sample, sample_mod, tmp_path):
    pdf, truth = sample
    again = tmp_path / "again.pdf"
    sample_mod.write(again)
    assert again.read_bytes() == pdf.read_bytes()
    assert pdf.read_bytes() == SAMPLE_PDF.read_bytes(), "regenerate the committed sample"
    assert truth == json.loads(SAMPLE_TRUTH.read_text(encoding="utf-8"))
    assert SAMPLE_PDF.stat().st_size < 300_000


def test_plain_is_deterministic_and_committed(plain, plain_mod, tmp_path):
    pdf, truth = plain
    again = tmp_path / "again.pdf"
    plain_mod.write(again)
    assert again.read_bytes() == pdf.read_bytes()
    assert pdf.read_bytes() == PLAIN_PDF.read_bytes(), "regenerate the committed plain report"
    assert truth == json.loads(PLAIN_TRUTH.read_text(encoding="utf-8"))
    assert PLAIN_PDF.stat().st_size < 300_000


def test_committed_seed_copy_matches_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip("no shared seed text here")
    assert (FIXTURES / "seed_p28.txt").read_bytes() == SHARED_SEED.read_bytes()


def test_sample_is_labelled_as_sample():
    reader = pypdf.PdfReader(SAMPLE_PDF)
    assert "geen officiële publicatie" in reader.metadata.subject
    assert "geen officiële publicatie" in reader.pages[0].extract_text()
    assert len(reader.pages) == json.loads(SAMPLE_TRUTH.read_text(encoding="utf-8"))["page_count"]


# --- the sample's ground truth ------------------------------------------------------------------


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads(SAMPLE_TRUTH.read_text(encoding="utf-8"))


def _seed(sample_mod: ModuleType):
    return sample_mod.parse_seed(sample_mod.load_seed_text())


def test_footnotes_are_numbered_consecutively_and_one_spans_pages(truth):
    numbers = [f["number"] for f in truth["footnotes"]]
    assert len(numbers) >= 30
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)]
    spanning = [f for f in truth["footnotes"] if len(f["pages"]) > 1]
    assert spanning, "no footnote continues on the next page"
    assert all(f["pages"] == [f["page"], f["page"] + 1] for f in spanning)
    referenced = [n for p in truth["paragraphs"] for n in p["footnotes"]]
    assert referenced == numbers  # each footnote referenced once, in order


def test_footnote_marks_sit_in_the_text(truth):
    for p in truth["paragraphs"]:
        assert p["footnotes"] == [m["number"] for m in p["marks"]]
        for m in p["marks"]:
            assert 0 < m["offset"] <= len(p["text"])
            assert not p["text"][m["offset"] - 1].isspace()  # glued to a word or punctuation


def test_citation_forms_in_footnotes(truth):
    texts = " ".join(f["text"] for f in truth["footnotes"])
    for pattern in (r"Tweede Kamer, vergaderjaar \d{4}-\d{4}, \d\d \d{3}, nr\. \d+",
                    r"Kamerstukken II \d{4}/\d\d, 36 200 VI+, nr\. \d+",
                    r"Kamerstukken I \d{4}/\d\d, 36 333, A", r"Stb\. \d{4}, \d+",
                    r"Stcrt\. \d{4}, \d+", r"ECLI:NL:RVS:\d{4}:\d+", r"Richtlijn 2013/33/EU",
                    r"Aanhangsel Handelingen II \d{4}/\d\d, nr\. \d+", r"https://\S+",
                    r"Handelingen II \d{4}/\d\d, nr\. \d+, item \d+", r"nrs\. \d+ en \d+"):
        assert re.search(pattern, texts), pattern


def test_seed_page_text_is_in_the_truth(truth, sample_mod):
    seed = _seed(sample_mod)
    note = next(f for f in truth["footnotes"] if f["number"] == seed.footnote_number)
    assert note["text"] == seed.footnote == "Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883."
    assert note["pages"] == [truth["seed_page"]]
    joined = " ".join(p["text"] for p in truth["paragraphs"])
    body = " ".join(line for line in seed.body_lines if line != seed.heading)
    body = re.sub(r"([a-z])- (?=[a-z])", r"\1", body)  # the two words split at a line end
    for sentence in re.split(r"(?<=\.) ", body):
        if len(sentence) > 15 and not sentence.endswith("- een"):
            assert sentence in joined, sentence
    assert "vergunninghouders, arbeidsmigranten en internationale studenten" in joined
    assert "opvanglocaties voor asielzoekers. Verder is er sprake van een tekort aan Nt2-docenten" \
        in joined
    assert "periode 2022-2024 opgenomen" in joined
    marked = next(p for p in truth["paragraphs"] if "28" in p["footnotes"])
    offset = next(m["offset"] for m in marked["marks"] if m["number"] == "28")
    assert marked["text"][:offset].endswith("verdeling over gemeenten en")
    assert marked["page"] == truth["seed_page"]
    inburgering = next(h for h in truth["headings"] if h["title"] == "Inburgering")
    assert inburgering["page"] == truth["seed_page"]
    assert inburgering["number"] == ""
    # the paragraph that runs on to the next page
    last = next(p for p in truth["paragraphs"] if p["text"].startswith("Gemeenten, die in dit"))
    assert last["pages"] == [truth["seed_page"], truth["seed_page"] + 1]
    assert "brede intake - een eerste inschatting" in last["text"]


def test_seed_page_extracts_as_printed(truth, sample_mod):
    seed = _seed(sample_mod)
    text = pypdf.PdfReader(SAMPLE_PDF).pages[truth["seed_page"] - 1].extract_text()
    # pypdf glues the superscript marker "28" to the end of its line
    lines = [line.rstrip().removesuffix(seed.footnote_number) for line in text.splitlines()]
    assert lines[: len(seed.body_lines)] == list(seed.body_lines)
    assert seed.footnote in lines


def test_hyphens_real_and_discretionary(truth):
    joined = " ".join(p["text"] for p in truth["paragraphs"])
    assert "toekomstbestendig asiel- en migratiebeleid" in joined  # real hyphen at a line end
    assert "voor de jaren 2022-2024 geld" in joined  # real hyphen at a line end
    assert "EU-landen" in joined
    assert "Nt2-docenten" in joined
    assert "Naast vergunninghouders zijn er ook andere aandachtsgroepen" in joined
    assert "\u00ad" not in joined
    assert "~" not in joined
    reader = pypdf.PdfReader(SAMPLE_PDF)
    page = next(p for p in truth["paragraphs"] if "asiel- en migratiebeleid" in p["text"])["page"]
    assert "toekomstbestendig asiel-\nen migratiebeleid" in reader.pages[page - 1].extract_text()


def test_blocks_of_every_kind(truth):
    kinds = {p["kind"] for p in truth["paragraphs"]}
    assert kinds == {"paragraph", "list_item", "caption", "table"}
    markers = {p["marker"] for p in truth["paragraphs"] if p["kind"] == "list_item"}
    assert {"•", "–", "1.", "2."} <= markers
    assert any(p.get("level") == 2 for p in truth["paragraphs"] if p["kind"] == "list_item")
    bullet = next(p for p in truth["paragraphs"] if p.get("marker") == "•")
    assert "•" in pypdf.PdfReader(SAMPLE_PDF).pages[bullet["page"] - 1].extract_text()
    table = next(p for p in truth["paragraphs"] if p["kind"] == "table")
    assert table["rows"][0] == ["Jaar", "Asielaanvragen", "Nareizigers"]
    assert 5 <= len(table["rows"]) <= 7
    assert all(len(r) == 3 for r in table["rows"])
    captions = [p["text"] for p in truth["paragraphs"] if p["kind"] == "caption"]
    assert any(c.startswith("Tabel 2.1 ") for c in captions)
    assert any(c.startswith("Figuur 3.1 ") for c in captions)
    assert truth["figures"][0]["caption"].startswith("Figuur 3.1")
    # a paragraph that continues on the next page after that page's footnotes
    with_notes = {p["page"] for p in truth["pages"] if p["footnote_lines"]}
    assert any(len(p["pages"]) > 1 and p["pages"][0] in with_notes for p in truth["paragraphs"])


def test_headings_and_contents(truth):
    levels = {h["level"] for h in truth["headings"]}
    assert levels == {1, 2, 3}
    numbers = [h["number"] for h in truth["headings"]]
    assert {"1", "2", "3", "2.1", "2.1.3", "Bijlage 1"} <= set(numbers)
    pages = {(h["number"], h["title"]): h["page"] for h in truth["headings"]}
    for entry in truth["contents"]["entries"]:
        assert pages[(entry["number"], entry["title"])] == entry["page"]
    chapter_pages = [h["page"] for h in truth["headings"] if h["level"] == 1]
    assert chapter_pages == sorted(set(chapter_pages))  # every chapter on a page of its own


def test_abbreviations_and_furniture(truth):
    abbr = truth["abbreviations"]
    for key in ("COA", "IND", "DUO", "VNG", "IPO", "EU", "NWBA", "TVTH", "Wav"):
        assert key in abbr
    assert abbr["Wi2021"] == "Wet inburgering 2021"
    assert abbr["Vw 2000"] == "Vreemdelingenwet 2000"
    assert "De Staat van Migratie 2023" in truth["furniture"]
    seed_page = next(p for p in truth["pages"] if p["page"] == truth["seed_page"])
    assert seed_page["furniture"][:2] == [str(truth["seed_page"]), "De Staat van Migratie 2023"]
    assert truth["pages"][0]["furniture"] == []  # the cover has no page number


def test_padding_adds_pages(sample_mod):
    doc = sample_mod.build(20)
    assert len(doc.pages) >= 20
    assert doc.truth["seed_page"] >= 4
    seed_note = "Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883."
    assert doc.truth["footnotes"][27]["text"] == seed_note


# --- the plain report -------------------------------------------------------------------------


def test_plain_report_truth():
    truth = json.loads(PLAIN_TRUTH.read_text(encoding="utf-8"))
    assert 5 <= truth["page_count"] <= 8
    assert len(pypdf.PdfReader(PLAIN_PDF).pages) == truth["page_count"]
    numbers = [f["number"] for f in truth["footnotes"]]
    assert len(numbers) >= 8
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)]
    assert [n for p in truth["paragraphs"] for n in p["footnotes"]] == numbers
    items = [p for p in truth["paragraphs"] if p["kind"] == "list_item"]
    assert [p["marker"] for p in items] == ["1.", "2.", "3.", "4."]
    assert all(h["number"] == "" for h in truth["headings"])
    assert any(p["page"] == 2 for p in truth["paragraphs"])
    text = pypdf.PdfReader(PLAIN_PDF).pages[1].extract_text()
    assert "- 2 -" in text
