"""The command line end to end: good runs, bad input, and output that appears whole or not
at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from conftest import CORPUS

SMALL = CORPUS / "kamerbrief_2011-03-01_draagmoederschap.pdf"


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BELEIDSLEZER_DEBUG"}
    return subprocess.run([sys.executable, "-m", "converter.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Mijn eigen startpagina\n", encoding="utf-8")
    return tmp_path


def test_convert_writes_report_folder_and_keeps_hand_written_pages(site: Path):
    result = run("convert", SMALL, "--out", "docs", "--json", "model-kopie.json", cwd=site)
    assert result.returncode == 0, result.stderr
    assert (site / "docs" / "index.md").read_text(encoding="utf-8") == "# Mijn eigen startpagina\n"
    folders = [p for p in (site / "docs").iterdir() if p.is_dir()]
    assert len(folders) == 1
    report = folders[0]
    names = {p.name for p in report.iterdir()}
    assert {"index.md", "model.json", "anchors.json", "redirects.json"} <= names
    assert f"{report.name}.pdf" in names
    model = json.loads((report / "model.json").read_text(encoding="utf-8"))
    assert model["source"]["file"] == f"{report.name}.pdf"
    assert json.loads((site / "model-kopie.json").read_text(encoding="utf-8")) == model
    assert "alinea's" in result.stderr and "voetnoten" in result.stderr
    assert not [p for p in (site / "docs").iterdir() if p.name.startswith(".")]


def test_title_option_names_the_report(site: Path):
    result = run("convert", SMALL, "--out", "docs", "--title", "Draagmoederschap (Kamerbrief)",
                 cwd=site)
    assert result.returncode == 0, result.stderr
    model = json.loads((site / "docs" / "draagmoederschap-kamerbrief" / "model.json").read_text(
        encoding="utf-8"))
    assert model["title"] == "Draagmoederschap (Kamerbrief)"


def test_reconversion_is_byte_identical(site: Path):
    assert run("convert", SMALL, "--out", "docs", "--slug", "brief", cwd=site).returncode == 0
    first = snapshot(site / "docs" / "brief")
    assert run("convert", SMALL, "--out", "docs", "--slug", "brief", cwd=site).returncode == 0
    assert snapshot(site / "docs" / "brief") == first


def test_refuses_to_replace_a_folder_it_did_not_make(site: Path):
    mine = site / "docs" / "brief"
    mine.mkdir()
    (mine / "notities.md").write_text("eigen werk", encoding="utf-8")
    result = run("convert", SMALL, "--out", "docs", "--slug", "brief", cwd=site)
    assert result.returncode != 0
    assert (mine / "notities.md").read_text(encoding="utf-8") == "eigen werk"
    assert len(result.stderr.strip().splitlines()) == 1


def _encrypted(path: Path) -> Path:
    writer = pypdf.PdfWriter(clone_from=SMALL)
    writer.encrypt("geheim", algorithm="RC4-128")
    writer.write(path)
    return path


def _scanned(path: Path) -> Path:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    writer.write(path)
    return path


BAD_INPUTS = {
    "missing": (lambda p: p / "bestaat-niet.pdf", "bestaat niet"),
    "not a pdf": (lambda p: _write(p / "brief.pdf", b"Dit is gewone tekst, geen PDF.\n"),
                  "geen PDF"),
    "empty": (lambda p: _write(p / "leeg.pdf", b""), "leeg"),
    "truncated": (lambda p: _write(p / "half.pdf", SMALL.read_bytes()[:2000]), "PDF"),
    "encrypted": (lambda p: _encrypted(p / "geheim.pdf"), "--password"),
    "scanned": (lambda p: _scanned(p / "scan.pdf"), "tekstlaag"),
    "directory": (lambda p: p / "docs", "map"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_one_line_nonzero_nothing_written(site: Path, case: str):
    make, words = BAD_INPUTS[case]
    pdf = make(site)
    before = snapshot(site / "docs")
    result = run("convert", pdf, "--out", "docs", cwd=site)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert words in lines[0]
    assert str(pdf.name) in lines[0]
    assert snapshot(site / "docs") == before


def test_encrypted_pdf_opens_with_password(site: Path):
    pdf = _encrypted(site / "geheim.pdf")
    result = run("convert", pdf, "--out", "docs", "--password", "geheim", "--slug", "geheim",
                 cwd=site)
    assert result.returncode == 0, result.stderr
    assert (site / "docs" / "geheim" / "model.json").exists()
    wrong = run("convert", pdf, "--out", "docs", "--password", "fout", cwd=site)
    assert wrong.returncode != 0 and "wachtwoord" in wrong.stderr
