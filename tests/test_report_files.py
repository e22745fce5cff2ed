"""Damaged or hand-edited report files, and the names a report folder may have.

`converter.report_files` checks model.json, anchors.json and redirects.json as the converter
writes them; both `beleidslezer convert` (tests/test_cli.py) and the MkDocs hooks read them
through it, so ``mkdocs build`` stops with one error line naming the file (a PluginError),
never a traceback from deep inside a hook.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT
from converter.report_files import (
    RESERVED_SLUGS,
    ReportFileError,
    check_anchors,
    check_model,
    check_redirects,
    slug_problem,
)
from process_support import cli_env
from site_fixture import copy_site, run_build

sys.path.insert(0, str(ROOT / "hooks"))
from bl_registers import REGISTER_DIR

MODEL = {
    "schema": 1, "generator": "beleidslezer", "title": "Rapport", "slug": "rapport",
    "source": {"file": "rapport.pdf", "pages": 1, "sha256": "0" * 64},
    "pages": [{"number": 1, "label": "1", "id": "page-1", "url": "rapport/#page-1"}],
    "sections": [{"id": "s1", "level": 1, "number": "1", "title": "Inleiding", "page": 1,
                  "url": "rapport/hoofdstuk-1/#s1", "file": "hoofdstuk-1.md"}],
    "paragraphs": [{"id": "p1-1", "section": "s1", "page": 1, "pages": [1], "kind": "paragraph",
                    "text": "Tekst.", "footnotes": ["1"], "url": "rapport/hoofdstuk-1/#p1-1"}],
    "footnotes": [{"number": "1", "id": "fn:1", "page": 1, "text": "Noot.", "paragraph": "p1-1",
                   "url": "rapport/hoofdstuk-1/#fn:1"}],
    "references": [{"kind": "url", "key": "url-x", "label": "x", "url": "javascript:x",
                    "occurrences": [{"id": "ref-url-x-1", "paragraph": "p1-1", "footnote": None,
                                     "page": 1, "start": 0, "end": 5, "text": "Tekst"}]}],
    "entities": [], "abbreviations": [], "warnings": [],
}


def _with(path: str, value: object) -> dict:
    model = json.loads(json.dumps(MODEL))
    *keys, last = path.split(".")
    here = model
    for key in keys:
        here = here[int(key)] if key.isdigit() else here[key]
    if value is KeyError:
        del here[last]
    else:
        here[last] = value
    return model


def test_a_model_as_the_converter_writes_it_passes():
    assert check_model(MODEL) is MODEL


@pytest.mark.parametrize(("path", "value", "words"), [
    ("slug", "../x", "slug"),
    ("slug", KeyError, "slug"),
    ("title", 5, "title"),
    ("paragraphs", {}, "paragraphs"),
    ("paragraphs.0.id", "p1-1 onclick=alert(1)", "paragraphs[0].id"),
    ("paragraphs.0.id", "p1-1){: onmouseover=x }", "paragraphs[0].id"),
    ("paragraphs.0.url", "javascript:alert(1)", "paragraphs[0].url"),
    ("paragraphs.0.url", "../../etc/passwd#p1-1", "paragraphs[0].url"),
    ("paragraphs.0.page", "1", "paragraphs[0].page"),
    ("paragraphs.0.page", True, "paragraphs[0].page"),
    ("paragraphs.0.text", None, "paragraphs[0].text"),
    ("sections.0.file", "x)](javascript:x).md", "sections[0].file"),
    ("footnotes.0.number", "1]: x", "footnotes[0].number"),
    ("source.file", "x.pdf){:onclick=x}", "source.file"),
    ("references.0.occurrences.0.id", "ref x", "occurrences[0].id"),
    ("entities", [{"kind": "law"}], "entities[0].id"),
    ("warnings", [1], "warnings"),
])
def test_what_the_converter_would_not_write_is_one_line(path: str, value: object, words: str):
    with pytest.raises(ReportFileError) as caught:
        check_model(_with(path, value), "docs/rapport/model.json")
    message = str(caught.value)
    assert message.startswith("docs/rapport/model.json: ") and words in message
    assert "\n" not in message


@pytest.mark.parametrize("data", [[], {}, None, {"anchors": {}}, {"anchors": []},
                                  {"anchors": {"p1-1 x": "rapport/#p1-1"}},
                                  {"anchors": {"p1-1": "javascript:x"}},
                                  {"anchors": {"p1-1": "rapport/#p1-1"}, "pages": {"p1-1": "1"}}])
def test_anchor_history_that_is_empty_or_damaged_is_refused(data: object):
    with pytest.raises(ReportFileError, match=r"anchors\.json"):
        check_anchors(data)


@pytest.mark.parametrize("data", [[], None, {"p1-1": 5}, {"p1-1": "p 2"}])
def test_damaged_redirects_are_refused(data: object):
    with pytest.raises(ReportFileError, match=r"redirects\.json"):
        check_redirects(data)


def test_the_folders_the_site_makes_are_reserved():
    assert REGISTER_DIR in RESERVED_SLUGS
    for slug in (*RESERVED_SLUGS, "Register", "ASSETS", "x" * 101, "a b", "-a", ".a", "a/b", ""):
        assert slug_problem(slug), slug
    for slug in ("staat-van-migratie-2023", "kst_35538_4", "x" * 100):
        assert slug_problem(slug) is None, slug


# --- the site build -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def converted_site(tmp_path_factory) -> Path:
    root = copy_site(tmp_path_factory.mktemp("damaged-site"))
    result = subprocess.run(
        [sys.executable, "-m", "converter.cli", "convert",
         str(CORPUS / "kamerbrief_2011-03-01_draagmoederschap.pdf"), "--out", str(root / "docs"),
         "--slug", "brief", "-q"], cwd=root, env=cli_env(), capture_output=True, text=True,
        check=False)
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize(("name", "content"), [
    ("model.json", "{"), ("model.json", "[]"), ("model.json", '{"slug": 5, "title": "x"}'),
    ("model.json", '{"slug": "brief", "title": "x", "paragraphs": [{"id": "p1"}]}'),
    ("anchors.json", "[]"), ("anchors.json", '{"anchors": 3}'),
    ("redirects.json", "[1]"), ("redirects.json", '{"p1-1": null}'),
])
def test_build_with_a_damaged_file_is_one_error_naming_it(converted_site: Path, name: str,
                                                          content: str):
    path = converted_site / "docs" / "brief" / name
    original = path.read_bytes()
    path.write_text(content, encoding="utf-8")
    try:
        result = run_build(converted_site)
    finally:
        path.write_bytes(original)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, result.stderr
    assert str(path) in errors[0], errors[0]


def test_the_undamaged_site_builds(converted_site: Path):
    result = run_build(converted_site)
    assert result.returncode == 0, result.stderr[-2000:]
