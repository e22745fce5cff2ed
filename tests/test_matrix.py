"""The converter on the typesetter matrix's dev set, against issue 9's and 10's targets.

Each rendering (five engines, one and two columns) must meet the per-rendering targets;
tables and captions are targets over the set. The hold-out set is not read here: it is
measured by hand, last (`python scripts/measure_matrix.py --holdout`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from converter.pipeline import convert
from matrix_scoring import MatrixScore, load_truth, pdf_of, score_rendering

DEV = Path(__file__).parent / "fixtures" / "matrix" / "dev"
RENDERINGS = sorted(p.name.removesuffix(".truth.json") for p in DEV.glob("*.truth.json"))
# issue 9: per rendering
PER_RENDERING = {"paragraphs": 0.95, "markers": 0.95, "notes": 0.95, "headings": 0.95}
# issue 10: over the set; boxes found whole in every rendering
OVER_THE_SET = {"tables_exact": 0.90, "captions": 0.95}


@cache
def score(rendering: str) -> MatrixScore:
    truth = DEV / f"{rendering}.truth.json"
    return score_rendering(convert(pdf_of(truth), jobs=1, link=False), load_truth(truth))


def test_the_dev_set_has_every_engine_in_one_and_two_columns():
    assert len(RENDERINGS) == 10 and {r.rsplit("-", 1)[1] for r in RENDERINGS} == {"1col",
                                                                                    "2col"}


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_each_rendering_meets_the_targets(rendering: str):
    result = score(rendering)
    low = {k: round(getattr(result, k), 3) for k, target in PER_RENDERING.items()
           if getattr(result, k) < target}
    assert not low, f"{rendering}: below target: {low}"
    assert result.boxes == 1.0, f"{rendering}: boxes {result.boxes:.1%}"
    counts = {k: getattr(result, k) for k in ("furniture_leaks", "chart_labels", "fake_tables")}
    assert not any(counts.values()), f"{rendering}: {counts}"


def test_tables_and_captions_over_the_set():
    means = {k: sum(getattr(score(r), k) for r in RENDERINGS) / len(RENDERINGS)
             for k in OVER_THE_SET}
    assert all(means[k] >= target for k, target in OVER_THE_SET.items()), means
