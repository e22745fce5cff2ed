"""Print the converter's figures on every corpus PDF against the hand-checked layout truth.

    python scripts/measure_corpus.py [--details] [--no-cache] [PDF-NAME-PART ...]

Per PDF (tests/expected/layout/<stem>.yaml, scorer tests/corpus_scoring.py): notes expected/
found with recall and precision (number and start page as printed), markers per page, markers
cited from their own page, word recall against pypdf's text without furniture, furniture
leaks, line-end hyphens left, look-alike lines made into notes. `--details` lists what was
missed or extra. The targets are in tests/test_corpus_truth.py.

Each PDF is converted once (jobs=1) and its reference text extracted once; both are kept in
tests/output/measure-corpus/ under a key of the PDF's and the converter's content, so a rerun
after a converter change converts again and otherwise costs seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import pypdf

from converter.model import Document
from converter.pipeline import convert
from converter.render import document_to_json
from corpus_scoring import (
    CorpusScore,
    load_truth,
    reference_pages,
    score_document,
    truth_path,
)

CORPUS = Path(os.environ.get("BELEIDSLEZER_SHARED", ROOT.parent / "shared")) / "corpus"
CACHE = ROOT / "tests" / "output" / "measure-corpus"
CONVERTER = ROOT / "src" / "converter"


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:20]


def converter_digest() -> str:
    files = sorted(p for p in CONVERTER.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return _digest(*(str(p.relative_to(CONVERTER)).encode() + p.read_bytes() for p in files))


def cached(path: Path, make, load, dump):
    """`path` is `<stem>-<key><suffix>`; entries of the same stem under older keys go."""
    if path.is_file():
        return load(path)
    value = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    dump(value, tmp)
    tmp.replace(path)
    stem, suffix = path.name.rsplit("-", 1)[0], "".join(path.suffixes)
    for old in path.parent.glob(f"{stem}-*{suffix}"):
        if old != path and old.name.rsplit("-", 1)[0] == stem and "".join(old.suffixes) == suffix:
            old.unlink()
    return value


def document_for(pdf: Path, use_cache: bool, converter: str) -> tuple[Document, float]:
    start = time.perf_counter()

    def make() -> Document:
        return convert(pdf, jobs=1)

    if not use_cache:
        return make(), time.perf_counter() - start
    key = _digest(pdf.read_bytes(), converter.encode())
    document = cached(CACHE / f"{pdf.stem}-{key}.pickle", make,
                      lambda p: pickle.loads(p.read_bytes()),
                      lambda v, p: p.write_bytes(pickle.dumps(v)))
    return document, time.perf_counter() - start


def reference_for(pdf: Path, use_cache: bool) -> list[str]:
    if not use_cache:
        return reference_pages(pdf)
    key = _digest(pdf.read_bytes(), pypdf.__version__.encode())
    return cached(CACHE / f"{pdf.stem}-{key}.reference.json", lambda: reference_pages(pdf),
                  lambda p: json.loads(p.read_text(encoding="utf-8")),
                  lambda v, p: p.write_text(json.dumps(v, ensure_ascii=False), encoding="utf-8"))


def details(score: CorpusScore) -> list[str]:
    lines = []
    for name, match in (("notes", score.notes), ("markers", score.markers),
                        ("own page", score.own_page)):
        if match.missed:
            lines.append(f"    {name} missed: {', '.join(match.missed)}")
        if match.spurious:
            lines.append(f"    {name} extra or wrong: {', '.join(match.spurious)}")
    if score.words.missed:
        lines.append(f"    words missed (page:word, first {len(score.words.missed)}): "
                     + " ".join(score.words.missed))
    lines += [f"    furniture in the body: {leak.text!r} {leak.in_body}x, printed "
              f"{leak.printed}x" for leak in score.leaks]
    if score.hyphens:
        lines.append(f"    line-end hyphens left: {', '.join(score.hyphens[:12])}")
    lines += [f"    look-alike made a note: {v}" for v in score.not_notes]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="only PDFs whose name contains one of these")
    parser.add_argument("--details", action="store_true", help="list misses and extras")
    parser.add_argument("--no-cache", action="store_true", help="convert and extract afresh")
    args = parser.parse_args()
    pdfs = [p for p in sorted(CORPUS.glob("*.pdf"))
            if not args.names or any(n in p.name for n in args.names)]
    if not pdfs:
        print(f"no corpus PDFs in {CORPUS}", file=sys.stderr)
        return 1
    converter = converter_digest()
    print(f"Corpus against tests/expected/layout ({len(pdfs)} PDFs; targets: notes R/P >= 95%, "
          "own page >= 95%, words >= 99%, 0 leaks, 0 hyphens, 0 look-alikes)")
    for pdf in pdfs:
        truth = load_truth(truth_path(pdf))
        document, seconds = document_for(pdf, not args.no_cache, converter)
        score = score_document(truth, document, document_to_json(document),
                               reference_for(pdf, not args.no_cache))
        print(f"  {score.row()}  ({seconds:.1f} s)")
        if args.details:
            print("\n".join(details(score)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
