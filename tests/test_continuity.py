"""Anchors follow their text (src/converter/continuity.py), on models and through the CLI.

The end-to-end test converts the plain letter (tests/fixtures/make_plain_report.py), then
revised editions typeset by the same generator (`make_plain_report.revised`): a paragraph
inserted near the start (which moves text onto other pages), one deleted, one edited slightly,
one rewritten beyond recognition, one moved to another section; each converted into the same
slug. Every id
published by an earlier edition is checked: same text -> same id; nearly the same -> same
id; gone -> a redirect to a live paragraph; new text -> an id never published before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from converter.continuity import SIMILAR, carry_paragraph_ids, fingerprint, normalise_text
from converter.manifest import PARAGRAPH_ID
from converter.model import (
    Document,
    Footnote,
    FootnoteMark,
    Occurrence,
    Paragraph,
    Reference,
    Source,
)

sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import make_plain_report as letter_maker

# --- the pure function ----------------------------------------------------------------------


def _paragraph(pid: str, page: int, text: str, chapter: str = "h1") -> Paragraph:
    return Paragraph(pid, None, page, (page,), "paragraph", text, (), f"r/{chapter}/#{pid}")


def _document(paragraphs: list[Paragraph], notes: tuple[Footnote, ...] = (),
              references: tuple[Reference, ...] = ()) -> Document:
    return Document("R", "r", Source("r.pdf", 9, ""), (), (), tuple(paragraphs), notes,
                    references)


def _model(document: Document) -> dict:
    return {"paragraphs": [{"id": p.id, "text": p.text, "url": p.url, "page": p.page}
                           for p in document.paragraphs]}


TEXTS = [f"Alinea {word} over het beleid van de regering, met genoeg woorden om te tellen, "
         f"en een eigen onderwerp: {word}." for word in
         ("opvang", "huisvesting", "onderwijs", "zorg", "werk", "veiligheid")]


def test_first_conversion_keeps_the_page_based_ids():
    document = _document([_paragraph(f"p1-{n}", 1, t) for n, t in enumerate(TEXTS, 1)])
    assert carry_paragraph_ids(document, None) == (document, {})


def test_inserted_paragraph_gets_a_new_id_and_the_others_keep_theirs():
    old = _document([_paragraph(f"p1-{n}", 1, t) for n, t in enumerate(TEXTS, 1)])
    texts = [TEXTS[0], "Een nieuwe alinea die er eerst niet stond.", *TEXTS[1:]]
    new = _document([_paragraph(f"p1-{n}", 1, t) for n, t in enumerate(texts, 1)])
    carried, successors = carry_paragraph_ids(new, _model(old), ["p1-1", "p1-9", "page-1"])
    ids = [p.id for p in carried.paragraphs]
    assert ids == ["p1-1", "p1-10", "p1-2", "p1-3", "p1-4", "p1-5", "p1-6"]
    assert successors == {}


def test_slight_edit_keeps_the_id_rewrite_gets_a_new_one_and_a_successor():
    old = _document([_paragraph(f"p1-{n}", 1, t) for n, t in enumerate(TEXTS, 1)])
    texts = list(TEXTS)
    texts[1] = texts[1].replace("regering", "minister")  # one word of 21
    texts[3] = "Iets heel anders: de tekst is herschreven en zegt nu wat anders."
    del texts[4]
    new = _document([_paragraph(f"p1-{n}", 1, t) for n, t in enumerate(texts, 1)])
    carried, successors = carry_paragraph_ids(new, _model(old))
    assert [p.id for p in carried.paragraphs] == ["p1-1", "p1-2", "p1-3", "p1-7", "p1-6"]
    # p1-4 was rewritten and p1-5 deleted: p1-7 now stands where both stood
    assert successors == {"p1-4": "p1-7", "p1-5": "p1-7"}


def test_deleted_paragraph_goes_to_the_next_one_in_its_chapter():
    old = _document([_paragraph(f"p1-{n}", 1, t) for n, t in enumerate(TEXTS, 1)])
    new = _document([_paragraph(f"p1-{n}", 1, t) for n, t in
                     enumerate([*TEXTS[:2], *TEXTS[3:]], 1)])
    carried, successors = carry_paragraph_ids(new, _model(old))
    assert [p.id for p in carried.paragraphs] == ["p1-1", "p1-2", "p1-4", "p1-5", "p1-6"]
    assert successors == {"p1-3": "p1-4"}
    last = _document([_paragraph("p1-1", 1, TEXTS[0]), _paragraph("p2-1", 2, TEXTS[2], "h2")])
    _, successors = carry_paragraph_ids(last, _model(_document([
        _paragraph("p1-1", 1, TEXTS[0]), _paragraph("p1-2", 1, TEXTS[1]),
        _paragraph("p2-1", 2, TEXTS[2], "h2")])))
    assert successors == {"p1-2": "p1-1"}  # the next one is in another chapter


def test_same_text_moved_to_another_page_and_chapter_keeps_its_id():
    old = _document([_paragraph("p1-1", 1, TEXTS[0]), _paragraph("p1-2", 1, TEXTS[1]),
                     _paragraph("p2-1", 2, TEXTS[2], "h2")])
    new = _document([_paragraph("p1-1", 1, TEXTS[1]), _paragraph("p2-1", 2, TEXTS[2], "h2"),
                     _paragraph("p3-1", 3, TEXTS[0], "h3")])
    carried, successors = carry_paragraph_ids(new, _model(old))
    assert [(p.id, p.page) for p in carried.paragraphs] == [("p1-2", 1), ("p2-1", 2),
                                                           ("p1-1", 3)]
    assert successors == {}


def test_nearly_same_text_in_another_chapter_is_not_taken_for_the_old():
    old = _document([_paragraph("p1-1", 1, TEXTS[0], "h1")])
    new = _document([_paragraph("p1-1", 1, TEXTS[0].replace("regering", "minister"), "h2")])
    carried, successors = carry_paragraph_ids(new, _model(old))
    assert carried.paragraphs[0].id == "p1-2"
    assert successors == {"p1-1": "p1-2"}


def test_repeated_texts_pair_in_order():
    old = _document([_paragraph(f"p1-{n}", 1, t) for n, t in
                     enumerate(["Zie tabel.", TEXTS[0], "Zie tabel.", TEXTS[1]], 1)])
    new = _document([_paragraph(f"p1-{n}", 1, t) for n, t in
                     enumerate([TEXTS[0], "Zie tabel.", TEXTS[1]], 1)])
    carried, successors = carry_paragraph_ids(new, _model(old))
    assert [p.id for p in carried.paragraphs] == ["p1-2", "p1-3", "p1-4"]
    assert successors == {"p1-1": "p1-2"}


def test_ids_are_renamed_everywhere_they_occur():
    old = _document([_paragraph("p1-1", 1, TEXTS[0]), _paragraph("p1-2", 1, TEXTS[1])])
    mark = FootnoteMark(3, "1")
    paragraph = Paragraph("p1-2", None, 1, (1,), "paragraph", TEXTS[1], (mark,), "r/h1/#p1-2")
    note = Footnote("1", "fn:1", 1, "Kamerstukken II", "p1-2", "r/h1/#fn:1")
    occurrence = Occurrence("ref-x-1", "p1-2", None, 1, 0, 6, TEXTS[1][:6])
    new = _document([_paragraph("p1-1", 1, "Nieuw."), paragraph], (note,),
                    (Reference("kamerstuk", "x", "x", "", (occurrence,)),))
    carried, _ = carry_paragraph_ids(new, _model(old))
    assert carried.paragraphs[1].id == "p1-2" and carried.paragraphs[0].id == "p1-3"
    new = _document([paragraph, _paragraph("p1-1", 1, TEXTS[0])], (note,),
                    (Reference("kamerstuk", "x", "x", "", (occurrence,)),))
    carried, _ = carry_paragraph_ids(new, {"paragraphs": [
        {"id": "p1-7", "text": TEXTS[1], "url": "r/h1/#p1-7"},
        {"id": "p1-8", "text": TEXTS[0], "url": "r/h1/#p1-8"}]})
    assert [p.id for p in carried.paragraphs] == ["p1-7", "p1-8"]
    assert carried.paragraphs[0].url == "r/h1/#p1-7"
    assert carried.footnotes[0].paragraph == "p1-7"
    assert carried.references[0].occurrences[0].paragraph == "p1-7"


def test_fingerprint_ignores_case_spacing_and_punctuation():
    assert fingerprint("Het  COA, zegt: ja.") == fingerprint("het coa zegt ja")
    assert fingerprint("Het COA zegt ja") != fingerprint("Het COA zegt nee")
    assert normalise_text("Één-twee") == "één twee"
    assert 0.8 < SIMILAR < 0.95


# --- through the command line, with revised editions of a typeset letter ---------------------


def _cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BELEIDSLEZER_DEBUG"}
    return subprocess.run([sys.executable, "-m", "converter.cli", "convert", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, env=env, timeout=300,
                          check=False)


def _edition(path: Path, letter=letter_maker.LETTER) -> Path:
    letter_maker.build(letter).output(str(path))
    return path


REWRITTEN = letter_maker.REWRITTEN
THIRD = (letter_maker.revised()[0], ("p", "Een tweede nieuwe alinea, in de derde versie."),
         *letter_maker.revised()[1:])


def _model_of(docs: Path) -> dict:
    return json.loads((docs / "brief" / "model.json").read_text(encoding="utf-8"))


def _by_text(model: dict) -> dict[str, str]:
    return {normalise_text(p["text"]): p["id"] for p in model["paragraphs"]}


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> tuple[Path, list[dict], list[dict], list[dict]]:
    """Three editions converted into one slug: (docs, models, manifests, redirects)."""
    root = tmp_path_factory.mktemp("editions")
    docs = root / "docs"
    v1 = _edition(root / "v1.pdf")
    v2 = _edition(root / "v2.pdf", letter_maker.revised())
    v3 = _edition(root / "v3.pdf", THIRD)
    models, manifests, redirects = [], [], []
    for pdf in (v1, v2, v3):
        result = _cli(pdf, "--out", docs, "--slug", "brief", "-q", cwd=root)
        assert result.returncode == 0, result.stderr
        models.append(_model_of(docs))
        folder = docs / "brief"
        manifests.append(json.loads((folder / "anchors.json").read_text(encoding="utf-8")))
        redirects.append(json.loads((folder / "redirects.json").read_text(encoding="utf-8")))
    return docs, models, manifests, redirects


def test_every_old_id_keeps_its_text_or_redirects(editions):
    _, models, _manifests, redirects = editions
    v1, v2 = models[0], models[1]
    new_by_id = {p["id"]: p for p in v2["paragraphs"]}
    new_texts = _by_text(v2)
    slight = {normalise_text(p["text"]) for p in v1["paragraphs"]
              if p["text"].startswith("Bij de IND")}
    checked = {"same": 0, "slight": 0, "gone": 0}
    for old in v1["paragraphs"]:
        key = normalise_text(old["text"])
        if key in new_texts:
            assert new_texts[key] == old["id"], f"{old['id']}: same text, other id"
            checked["same"] += 1
        elif key in slight:
            assert old["id"] in new_by_id, f"{old['id']}: slight edit lost its id"
            assert "zorgvuldig" in new_by_id[old["id"]]["text"]
            checked["slight"] += 1
        else:
            assert old["id"] not in new_by_id, \
                f"{old['id']} now shows other text: {new_by_id[old['id']]['text'][:60]!r}"
            assert redirects[1].get(old["id"]) in new_by_id, f"{old['id']}: no redirect"
            checked["gone"] += 1
    assert checked == {"same": len(v1["paragraphs"]) - 3, "slight": 1, "gone": 2}
    # the rewritten paragraph's id leads to its replacement, the deleted one's onwards
    rewritten = next(p["id"] for p in v1["paragraphs"] if p["text"].startswith("Ik zal uw"))
    assert new_by_id[redirects[1][rewritten]]["text"] == REWRITTEN
    # text that moved onto another page kept its id
    moved = [p for p in v1["paragraphs"] if normalise_text(p["text"]) in new_texts
             and new_by_id[p["id"]]["page"] != p["page"]]
    assert len(moved) >= 2, "the edits should push text onto other pages"


def test_new_text_gets_ids_never_published(editions):
    _, models, manifests, _ = editions
    for before, after, manifest in zip(models, models[1:], manifests, strict=False):
        old_ids = set(manifest["anchors"])
        old_texts = {normalise_text(p["text"]) for p in before["paragraphs"]}
        for paragraph in after["paragraphs"]:
            if paragraph["id"] not in {p["id"] for p in before["paragraphs"]}:
                assert paragraph["id"] not in old_ids, f"{paragraph['id']} was used before"
                assert normalise_text(paragraph["text"]) not in old_texts
                page, _n = map(int, paragraph["id"][1:].split("-"))
                assert page == paragraph["page"], "a new id names the page it starts on"


def test_manifest_keeps_every_id_with_a_fingerprint(editions):
    _, models, manifests, redirects = editions
    last = manifests[-1]
    live = {p["id"] for p in models[-1]["paragraphs"]}
    for manifest in manifests[:-1]:
        assert set(manifest["anchors"]) <= set(last["anchors"]), "history was dropped"
    for model in models:
        for paragraph in model["paragraphs"]:
            assert paragraph["id"] in last["texts"]
    for paragraph in models[-1]["paragraphs"]:
        assert last["texts"][paragraph["id"]] == fingerprint(paragraph["text"])
    gone = {a for a in last["anchors"] if PARAGRAPH_ID.match(a) and a not in live}
    assert gone and gone <= set(redirects[-1]), "every retired paragraph id redirects"
    assert all(target in live for target in redirects[-1].values())


def test_same_edition_again_changes_nothing(editions, tmp_path):
    docs, _models, _, _ = editions
    before = {p.name: p.read_bytes() for p in (docs / "brief").iterdir()}
    pdf = _edition(tmp_path / "v3.pdf", THIRD)
    result = _cli(pdf, "--out", docs, "--slug", "brief", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    after = {p.name: p.read_bytes() for p in (docs / "brief").iterdir()}
    assert after == before


def test_retired_ids_are_not_given_out_again_even_without_an_old_model():
    new = _document([_paragraph("p1-1", 1, TEXTS[0]), _paragraph("p1-2", 1, TEXTS[1])])
    carried, successors = carry_paragraph_ids(new, {"paragraphs": []}, ["p1-1", "p1-2", "p2-1"])
    assert [p.id for p in carried.paragraphs] == ["p1-3", "p1-4"]
    assert successors == {}
