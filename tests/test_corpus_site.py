"""Every corpus PDF converted into one docs/ builds with `mkdocs build --strict`.

A reader's build must never fail on what the converter writes: notes without markers, numbers
printed twice, markers inside tables or in another chapter than their note. The converter runs
as a user runs it (the CLI, one PDF after the other into the same folder).
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import SAMPLE, corpus_pdfs
from site_fixture import ROOT, copy_site, run_build

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    pdfs = corpus_pdfs()
    if not pdfs:
        pytest.skip("no corpus PDFs beside the repository")
    root = copy_site(tmp_path_factory.mktemp("corpus-site"))
    for pdf in [*pdfs, SAMPLE]:
        result = subprocess.run(
            [sys.executable, "-m", "converter.cli", "convert", str(pdf), "--out",
             str(root / "docs"), "-q"],
            capture_output=True, text=True, cwd=ROOT, check=False)
        assert result.returncode == 0, f"{pdf.name}: {result.stderr}"
    return root, len(pdfs) + 1


def test_every_corpus_pdf_builds_strictly_in_one_site(corpus_site):
    root, reports = corpus_site
    result = run_build(root)
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert result.returncode == 0, "\n".join(warnings) or result.stderr[-3000:]
    assert warnings == []
    built = sorted(p.parent.name for p in (root / "site").glob("*/model.json"))
    assert len(built) == reports
    # every footnote of every model has its anchor on the page the model names
    for model_path in (root / "docs").glob("*/model.json"):
        import json

        model = json.loads(model_path.read_text(encoding="utf-8"))
        for note in model["footnotes"]:
            page, _, anchor = note["url"].partition("#")
            html = (root / "site" / page / "index.html").read_text(encoding="utf-8")
            assert re.search(f'id="{re.escape(anchor)}"', html), (model["slug"], anchor)
