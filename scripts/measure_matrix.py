"""Print the converter's figures on the typesetter matrix (issues 9 and 10).

    python scripts/measure_matrix.py              # the dev set
    python scripts/measure_matrix.py --holdout    # the hold-out set: measure on it last
    python scripts/measure_matrix.py --only typst-2col --missed

Converts every rendering in tests/fixtures/matrix/<set>/ (one process each, `jobs=1`) and
scores it against the truth JSON beside it with tests/matrix_scoring.py: one row per
rendering, a mean row for the shares and a total row for the counts. Shares are of the
truth's items; counts should be 0. `--json FILE` also writes the figures as JSON.
Always exits 0 (it measures, it does not judge); a rendering that fails to convert is
listed with the error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from converter.pipeline import convert
from matrix_scoring import MatrixScore, load_truth, pdf_of, score_rendering, truths

HEADERS = {
    "paragraphs": "para", "start_pages": "page", "order": "order", "lists": "lists",
    "markers": "marks", "notes": "notes", "linked": "linkd", "headings": "heads",
    "tables_exact": "tabls", "captions": "capts", "figure_labels": "flabl", "boxes": "boxes",
    "extra_notes": "+note", "furniture_leaks": "furn", "chart_labels": "chart",
    "fake_tables": "fake",
}
LEGEND = """paragraphs word for word (para), right start page (page), reading order (order),
list items with marker and depth (lists), footnote markers at the right place (marks),
footnote texts exact (notes), notes linked to the citing block (linkd), headings at the
right level (heads), tables with every row exact (tabls), captions and source lines attached
(capts), chart labels on their figure (flabl), boxes with title and paragraphs (boxes);
counts: notes that are no truth note (+note), furniture in body text (furn), chart labels
in body text (chart), fake tables (fake)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout", action="store_true", help="score the hold-out set")
    parser.add_argument("--only", action="append", help="rendering name, e.g. typst-2col")
    parser.add_argument("--missed", action="store_true", help="list paragraphs not found")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    set_name = "holdout" if args.holdout else "dev"
    rows: list[MatrixScore] = []
    failed: list[str] = []
    print(f"Typesetter matrix, {set_name} set (tests/fixtures/matrix/{set_name})")
    print(f"{'rendering':18}" + "".join(f"{h:>7}" for h in HEADERS.values()) + "    sec")
    for truth_path in truths(set_name):
        truth = load_truth(truth_path)
        name = truth["rendering"]
        if args.only and name not in args.only:
            continue
        started = time.perf_counter()
        try:
            document = convert(pdf_of(truth_path), jobs=1)
        except Exception as error:  # report and go on: this script measures, never stops
            failed.append(f"{name}: {type(error).__name__}: {error}")
            print(f"{name:18} conversion failed: {error}")
            continue
        result = score_rendering(document, truth)
        rows.append(result)
        print(f"{name:18}" + _cells(result.metrics()) + f" {time.perf_counter() - started:6.1f}")
        if args.missed:
            for text in result.missed:
                print(f"    missed: {text}")
    if rows:
        mean = {k: sum(r.metrics()[k] for r in rows) / len(rows) for k in MatrixScore.SHARES}
        mean |= {k: sum(r.metrics()[k] for r in rows) for k in MatrixScore.COUNTS}
        print(f"{'mean (counts: sum)':18}" + _cells(mean))
    print(LEGEND)
    if args.json:
        args.json.write_text(json.dumps({"set": set_name, "renderings": [
            {"rendering": r.rendering, **r.metrics()} for r in rows], "failed": failed},
            indent=1) + "\n", encoding="utf-8")
    return 0


def _cells(metrics: dict) -> str:
    out = []
    for key in HEADERS:
        value = metrics[key]
        out.append(f"{value:7.1%}" if key in MatrixScore.SHARES else f"{value:7d}")
    return "".join(out)


if __name__ == "__main__":
    sys.exit(main())
