"""Print the registers' precision and recall against the hand-checked entity lists.

    python scripts/measure_registers.py               # every list, development set first
    python scripts/measure_registers.py --set hold-out --errors
    python scripts/measure_registers.py --only ethische-analyse.pdf --errors

Converts the sample and each corpus PDF that has a list in tests/expected/entities/ and
scores the model's entities with tests/entity_scoring.py: per file the register entries
(those the finder is sure of), how many are right, precision, recall against the list, and
the same for every entry of the model (the unsure ones included); then totals per set and
over all. `--errors` lists the wrong entries and the required ones the registers lack.
Always exits 0 (it measures; tests/test_register_precision.py judges).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from converter.pipeline import convert
from entity_scoring import SETS, Counts, FileScore, expected_lists, score_document, totals

SHARED = Path(os.environ.get("BELEIDSLEZER_SHARED", ROOT.parent / "shared"))
SAMPLE = ROOT / "samples" / "staat-van-migratie-sample.pdf"


def pdf_path(source: str) -> Path:
    return SAMPLE if source == SAMPLE.name else SHARED / "corpus" / source


def _pct(value: float) -> str:
    return f"{100 * value:5.1f}%"


def _row(label: str, r: Counts, m: Counts, unsure: int | str = "") -> str:
    return (f"| {label} | {r.found} | {r.right} | {_pct(r.precision)} | "
            f"{r.required_found}/{r.required} | {_pct(r.recall)} | {unsure} | "
            f"{_pct(m.precision)} | {_pct(m.recall)} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=SETS, action="append", help="only this set")
    parser.add_argument("--only", action="append", help="only this PDF (file name)")
    parser.add_argument("--errors", action="store_true", help="list wrong and missed entries")
    args = parser.parse_args(argv)
    lists = expected_lists()
    scores: list[FileScore] = []
    print("| file | set | register entries | right | precision | required found | recall "
          "| unsure (apart) | precision, all | recall, all |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for set_name in SETS:
        if args.set and set_name not in args.set:
            continue
        for source, expected in sorted(lists.items()):
            if expected.set != set_name or (args.only and source not in args.only):
                continue
            path = pdf_path(source)
            if not path.exists():
                print(f"| {source} | {set_name} | PDF not found: {path} |")
                continue
            document = convert(path, jobs=1)
            score = score_document(document, expected)
            scores.append(score)
            print(_row(f"{source} | {set_name}", score.registers, score.model, score.unsure))
    for set_name in SETS:
        in_set = [s for s in scores if s.set == set_name]
        if in_set:
            r, m = totals(in_set)
            print(_row(f"**{set_name}** | {len(in_set)} files", r, m,
                       sum(s.unsure for s in in_set)))
    if scores:
        r, m = totals(scores)
        print(_row(f"**all** | {len(scores)} files", r, m, sum(s.unsure for s in scores)))
    if args.errors:
        for score in scores:
            wrong = [v for v in score.verdicts if not v.right]
            unsure = [v for v in score.verdicts if not v.sure]
            if not (wrong or score.missed or unsure):
                continue
            print(f"\n{score.source} ({score.set})")
            for v in wrong:
                print(f"  wrong{'' if v.sure else ' (unsure)'}: {v.kind}: {v.name!r}: {v.why}")
            for v in unsure:
                if v.right:
                    print(f"  right but unsure: {v.kind}: {v.name!r}")
            for missed in score.missed:
                print(f"  missed: {missed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
