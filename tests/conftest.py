"""Shared fixtures: the real corpus beside the repository, and converted documents (cached)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from converter.model import Document
from converter.pipeline import convert

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BELEIDSLEZER_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
SEED = SHARED / "seed" / "staat-van-migratie-2023-p28.txt"
SAMPLE = ROOT / "samples" / "staat-van-migratie-sample.pdf"
PLAIN = ROOT / "tests" / "fixtures" / "plain-report.pdf"


def corpus_pdfs() -> list[Path]:
    """The real PDFs; CI has ../shared beside the clone, so their absence is an error there."""
    pdfs = sorted(CORPUS.glob("*.pdf"))
    if not pdfs and os.environ.get("CI"):
        raise RuntimeError(f"no corpus PDFs in {CORPUS}")
    return pdfs


@cache
def converted(path: Path) -> Document:
    """Each PDF is converted once per test session, references and entities included."""
    return convert(path, jobs=1)


@pytest.fixture(scope="session")
def sample_document() -> Document:
    if not SAMPLE.exists():
        pytest.fail(f"bundled sample missing: {SAMPLE}")
    return converted(SAMPLE)
