"""Print the converter's accuracy figures (quoted in the README and the issue notes).

    python scripts/measure_accuracy.py

For each generated report with a ground truth (the bundled sample, the differently typeset
letter): paragraphs word for word, start pages, footnote texts, footnote attachment and
heading levels. For each real PDF in ../shared/corpus: paragraphs, footnotes (and whether
their numbers run without gaps), headings and warnings.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conversion_scoring import load_truth, score
from converter.pipeline import convert

TRUTHS = [ROOT / "samples" / "staat-van-migratie-sample.pdf",
          ROOT / "tests" / "fixtures" / "plain-report.pdf"]
CORPUS = Path(os.environ.get("BELEIDSLEZER_SHARED", ROOT.parent / "shared")) / "corpus"


def main() -> None:
    print("Against ground truth")
    for pdf in TRUTHS:
        result = score(convert(pdf), load_truth(pdf.with_suffix(".truth.json")))
        print(f"  {pdf.name:38} {result.as_row()}")
    print("Real PDFs")
    for pdf in sorted(CORPUS.glob("*.pdf")):
        document = convert(pdf)
        numbers = [int(f.number) for f in document.footnotes if f.number.isdigit()]
        gapless = numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else True
        print(f"  {pdf.name[:38]:38} pages {document.source.pages:3d}  paragraphs "
              f"{len(document.paragraphs):4d}  footnotes {len(document.footnotes):3d} "
              f"({'no gaps' if gapless else 'GAPS'})  headings {len(document.sections):3d}  "
              f"citations {len(document.references):3d}  warnings {len(document.warnings)}")


if __name__ == "__main__":
    main()
