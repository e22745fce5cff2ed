"""Citation recall and precision of the converter's model on the real PDFs and the sample.

The expected keys in tests/expected/citations/<pdf-stem>.yaml were written by hand from reading
each document. Run with ``-s`` to see the per-kind table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citation_scoring import KindScore, combine, format_table, load_expected, score_document
from conftest import SAMPLE, converted, corpus_pdfs
from converter.model import CitationMatch

pytestmark = pytest.mark.corpus

EXPECTED_DIR = Path(__file__).parent / "expected" / "citations"
ASSERTED_KINDS = ("kamerstuk", "staatsblad", "eu_act")
THRESHOLD = 0.95
PDFS = [*corpus_pdfs(), SAMPLE]


def found_citations(pdf: Path) -> list[CitationMatch]:
    """What the converter's model says the document cites (paragraphs and footnotes)."""
    document = converted(pdf)
    return [CitationMatch(r.kind, r.key, r.label, r.url, 0, 0) for r in document.references]


@pytest.fixture(scope="module")
def corpus_scores() -> dict[str, dict[str, KindScore]]:
    scores: dict[str, dict[str, KindScore]] = {}
    for pdf in PDFS:
        # keys printed only in running footers are rightly absent from the converter's output
        expected = load_expected(EXPECTED_DIR / f"{pdf.stem}.yaml", furniture=False)
        scores[pdf.stem] = score_document(expected, found_citations(pdf), pdf.stem)
    return scores


def test_every_pdf_has_a_hand_checked_list() -> None:
    missing = [p.name for p in PDFS if not (EXPECTED_DIR / f"{p.stem}.yaml").is_file()]
    assert not missing


@pytest.mark.parametrize("kind", ASSERTED_KINDS)
def test_recall_and_precision_over_the_corpus(
    corpus_scores: dict[str, dict[str, KindScore]], kind: str
) -> None:
    total = combine(corpus_scores.values())
    score = total.get(kind, KindScore(kind))
    assert score.recall >= THRESHOLD, format_table({kind: score})
    assert score.precision >= THRESHOLD, format_table({kind: score})


def test_print_per_kind_table(corpus_scores: dict[str, dict[str, KindScore]]) -> None:
    for stem, scores in corpus_scores.items():
        print(format_table(scores, f"\n{stem}"))
    print(format_table(combine(corpus_scores.values()), "\nall"))
