"""The registers' precision and recall against hand-checked lists (issue 11, item 8).

Each input (the sample and every corpus PDF) has a list in tests/expected/entities/ (see
tests/entity_scoring.py for what they hold and how entries are judged). The development set
is what the entity finder was tuned on; the hold-out set was scored once the finder was
frozen. `python scripts/measure_registers.py --errors` prints the table behind the figures.
"""

from __future__ import annotations

import pytest

from conftest import CORPUS, SAMPLE, converted, corpus_pdfs
from entity_scoring import (
    EXPECTED_DIR,
    Expected,
    expected_lists,
    load_expected,
    score_document,
    score_entities,
    totals,
)

PRECISION_TARGET = 0.95
#: Recall as measured when the lists were made (scripts/measure_registers.py): a floor, so a
#: change that loses entities fails here.
RECALL_FLOOR = {"development": 1.0, "hold-out": 0.85}  # 103/103 and 23/27 of the registers


def _expected(required: dict, optional: dict | None = None, wrong: dict | None = None
              ) -> Expected:
    return Expected("x.pdf", "development",
                    {k: tuple(tuple(n) for n in v) for k, v in required.items()},
                    {k: tuple(tuple(n) for n in v) for k, v in (optional or {}).items()},
                    wrong or {})


# --- the scorer -----------------------------------------------------------------------------


def test_scorer_judges_by_kind_and_name_and_counts_each_thing_once() -> None:
    expected = _expected(
        {"law": [["Wet inburgering 2021"], ["Kieswet"]],
         "organisation": [["Raad van State", "Afdeling advisering van de Raad van State"]]},
        optional={"organisation": [["Tweede Kamer"]]},
        wrong={("programme", "taskforce kijkt"): "a verb, no name"},
    )
    score = score_entities([
        ("law", "wet  inburgering 2021", True),            # case and spacing aside
        ("organisation", "Afdeling advisering van de Raad van State", True),
        ("organisation", "Raad van State", True),           # the same body again: a duplicate
        ("organisation", "Tweede Kamer", True),             # optional: right, not required
        ("programme", "Taskforce kijkt", True),             # listed as wrong
        ("programme", "Kieswet", True),                     # a known name under another kind
        ("programme", "Actieplan Iets", False),             # not in the list: wrong, unjudged
    ], expected)
    whys = {v.name: (v.right, v.why) for v in score.verdicts}
    assert whys["Raad van State"] == (False, "duplicate of Raad van State")
    assert whys["Taskforce kijkt"] == (False, "a verb, no name")
    assert whys["Kieswet"] == (False, "is a law")
    assert whys["Actieplan Iets"] == (False, "unjudged")
    assert whys["Tweede Kamer"] == (True, "optional")
    assert (score.registers.found, score.registers.right) == (6, 3)
    assert (score.registers.required, score.registers.required_found) == (3, 2)
    assert score.missed == ("law: Kieswet",)
    assert (score.model.found, score.model.right) == (7, 3)
    assert score.unsure == 1


def test_an_unsure_twin_is_the_duplicate_and_unsure_entries_leave_the_registers() -> None:
    expected = _expected({"law": [["Wet toezicht trustkantoren"], ["Kieswet"]]})
    score = score_entities([("law", "Wet toezicht trustkantoren", False),
                            ("law", "Wet toezicht trustkantoren", True),
                            ("law", "Kieswet", False)], expected)
    assert [(v.sure, v.right) for v in score.verdicts] == [(True, True), (False, False),
                                                           (False, True)]
    assert (score.registers.precision, score.registers.recall) == (1.0, 0.5)
    assert (score.model.right, score.model.required_found) == (2, 2)
    registers, model = totals([score, score])
    assert (registers.found, model.found) == (2, 6)


def test_a_list_names_a_thing_once(tmp_path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("source: x.pdf\nset: development\nentities:\n  law: [Kieswet]\n"
                    "optional:\n  law: [kieswet]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="listed twice"):
        load_expected(path)
    path.write_text("source: x.pdf\nset: dev\n", encoding="utf-8")
    with pytest.raises(ValueError, match="set must be"):
        load_expected(path)


# --- the lists and the figures ----------------------------------------------------------------


def test_every_input_has_a_hand_checked_list() -> None:
    lists = expected_lists()
    inputs = {SAMPLE.name, *(p.name for p in corpus_pdfs())}
    assert inputs <= set(lists), inputs - set(lists)
    assert {e.set for e in lists.values()} == set(RECALL_FLOOR)
    assert all((EXPECTED_DIR / f"{source.removesuffix('.pdf')}.yaml").exists()
               for source in lists)


def _path(source: str):
    return SAMPLE if source == SAMPLE.name else CORPUS / source


@pytest.mark.corpus
@pytest.mark.parametrize("set_name", sorted(RECALL_FLOOR))
def test_register_precision_and_recall(set_name: str) -> None:
    lists = [e for e in expected_lists().values() if e.set == set_name]
    missing = [e.source for e in lists if not _path(e.source).exists()]
    if missing:
        pytest.skip(f"not there: {', '.join(missing)}")
    scores = [score_document(converted(_path(e.source)), e) for e in lists]
    registers, _ = totals(scores)
    wrong = [f"{s.source}: {v.kind} {v.name!r} ({v.why})"
             for s in scores for v in s.verdicts if v.sure and not v.right]
    missed = [f"{s.source}: {m}" for s in scores for m in s.missed]
    assert registers.precision >= PRECISION_TARGET, wrong
    assert registers.recall >= RECALL_FLOOR[set_name], missed
