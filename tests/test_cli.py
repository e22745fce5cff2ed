"""The command line end to end: good runs, bad input, and output that appears whole or not
at all."""

from __future__ import annotations

import json
import os
import shutil
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


# --- where output may go, and what may be replaced ----------------------------------------------


@pytest.fixture(scope="module")
def converted_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SMALL converted once into a docs/brief of its own; tests copy it into their site."""
    root = tmp_path_factory.mktemp("converted-brief")
    assert run("convert", SMALL, "--out", "docs", "--slug", "brief", cwd=root).returncode == 0
    return root / "docs" / "brief"


def _converted_brief_in(site: Path, converted: Path) -> None:
    shutil.copytree(converted, site / "docs" / "brief")


def _one_line(result: subprocess.CompletedProcess[str], *words: str) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_json_copy_inside_the_site_is_refused(site: Path):
    home = (site / "docs" / "index.md").read_bytes()
    for target in ("docs/index.md", "docs/brief/model.json", "docs/kopie.json"):
        result = run("convert", SMALL, "--out", "docs", "--slug", "brief", "--json", target,
                     cwd=site)
        assert result.returncode == 1
        _one_line(result, "--json", "--out")
    assert (site / "docs" / "index.md").read_bytes() == home
    assert sorted(p.name for p in (site / "docs").iterdir()) == ["index.md"]


def test_json_copy_onto_the_pdf_is_refused(site: Path, tmp_path: Path):
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(SMALL.read_bytes())
    result = run("convert", pdf, "--out", "docs", "--json", pdf, cwd=site)
    assert result.returncode == 1
    _one_line(result, "PDF")
    assert pdf.read_bytes() == SMALL.read_bytes()


def test_unwritable_json_copy_writes_nothing(site: Path):
    (site / "geen-map").write_text("een bestand", encoding="utf-8")
    result = run("convert", SMALL, "--out", "docs", "--slug", "brief", "--json",
                 "geen-map/model.json", cwd=site)
    assert result.returncode == 1
    _one_line(result, "geen-map")
    assert not (site / "docs" / "brief").exists(), "the report was written all the same"
    assert [p.name for p in (site / "docs").iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("slug", ["register", "assets", "search", "Register", "404", "a" * 101,
                                  "b" * 300, "-x", "x/y", "x y", "..", "é"])
def test_unusable_slug_is_refused(site: Path, slug: str):
    result = run("convert", SMALL, "--out", "docs", f"--slug={slug}", cwd=site)
    assert result.returncode == 1, result.stderr
    _one_line(result, "--slug")
    assert sorted(p.name for p in (site / "docs").iterdir()) == ["index.md"]


def test_title_that_makes_an_unusable_slug_asks_for_one(site: Path):
    result = run("convert", SMALL, "--out", "docs", "--title", "Register", cwd=site)
    assert result.returncode == 1
    _one_line(result, "--slug")
    long = run("convert", SMALL, "--out", "docs", "--title", " ".join(["Vreemdelingenbewaring"
                                                                       "sregeling"] * 8), cwd=site)
    assert long.returncode == 1
    _one_line(long, "--slug")


def test_dangling_out_symlink_is_a_user_error(site: Path):
    (site / "weg").symlink_to(site / "bestaat-niet")
    result = run("convert", SMALL, "--out", "weg", cwd=site)
    assert result.returncode == 1
    _one_line(result, "symbolische link")


def test_title_option_is_cleaned_of_controls(site: Path):
    result = run("convert", SMALL, "--out", "docs", "--slug", "brief", "--title",
                 "Brief\u0080 <img src=x onerror=alert(1)>\u202e", cwd=site)
    assert result.returncode == 0, result.stderr
    model = json.loads((site / "docs" / "brief" / "model.json").read_text(encoding="utf-8"))
    assert model["title"] == "Brief <img src=x onerror=alert(1)>"
    import yaml

    text = (site / "docs" / "brief" / "index.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text[4:text.index("\n---", 4)])
    assert meta["report_title"] == model["title"]


def test_added_files_are_kept_or_refused_by_name(site: Path, converted_brief: Path):
    _converted_brief_in(site, converted_brief)
    report = site / "docs" / "brief"
    (report / "notities.md").write_text("# Mijn notities\n", encoding="utf-8")
    (report / "bijlagen").mkdir()
    (report / "bijlagen" / "foto.png").write_bytes(b"\x89PNG")
    before = snapshot(report)
    refused = run("convert", SMALL, "--out", "docs", "--slug", "brief", cwd=site)
    assert refused.returncode == 1
    _one_line(refused, "notities.md", "bijlagen/foto.png", "--keep-added-files")
    assert snapshot(report) == before
    kept = run("convert", SMALL, "--out", "docs", "--slug", "brief", "--keep-added-files",
               cwd=site)
    assert kept.returncode == 0, kept.stderr
    assert snapshot(report) == before
    assert "notities.md" in kept.stderr  # the summary says what was kept
    # a kept file stays the user's: the next run without the flag still refuses
    assert run("convert", SMALL, "--out", "docs", "--slug", "brief", cwd=site).returncode == 1


def test_hand_written_folder_with_a_model_json_is_not_replaced(site: Path):
    mine = site / "docs" / "brief"
    mine.mkdir()
    (mine / "model.json").write_text('{"slug": "brief", "title": "Mijn eigen model"}',
                                     encoding="utf-8")
    (mine / "index.md").write_text("# Eigen werk\n", encoding="utf-8")
    before = snapshot(mine)
    result = run("convert", SMALL, "--out", "docs", "--slug", "brief", cwd=site)
    assert result.returncode == 1
    _one_line(result, "niet door beleidslezer")
    assert snapshot(mine) == before


DAMAGE = {
    "model.json": ["{", "[]", '{"slug": "brief", "title": 5}', '{"title": "x"}',
                   '{"slug": "brief", "title": "x", "paragraphs": [{"id": "p1-1 onclick=x"}]}'],
    "anchors.json": ["[]", "{}", '{"anchors": {}}', '{"anchors": []}', "null", "{"],
    "redirects.json": ["[]", '{"p1-1": 5}', "{"],
}


@pytest.mark.parametrize(("name", "content"),
                         [(n, c) for n, contents in DAMAGE.items() for c in contents])
def test_damaged_report_file_is_one_line_naming_it(site: Path, converted_brief: Path, name: str,
                                                 content: str):
    _converted_brief_in(site, converted_brief)
    (site / "docs" / "brief" / name).write_text(content, encoding="utf-8")
    before = snapshot(site / "docs" / "brief")
    result = run("convert", SMALL, "--out", "docs", "--slug", "brief", cwd=site)
    assert result.returncode == 1, result.stderr
    _one_line(result, name)
    assert snapshot(site / "docs" / "brief") == before


def test_trimmed_anchor_history_is_refused(site: Path, converted_brief: Path):
    _converted_brief_in(site, converted_brief)
    path = site / "docs" / "brief" / "anchors.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["anchors"] = {"page-1": manifest["anchors"]["page-1"]}
    path.write_text(json.dumps(manifest), encoding="utf-8")
    result = run("convert", SMALL, "--out", "docs", "--slug", "brief", cwd=site)
    assert result.returncode == 1
    _one_line(result, "anchors.json")


def _limited(limit: int):
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_full_disk_is_a_user_error_and_keeps_the_old_report(site: Path, converted_brief: Path):
    """RLIMIT_FSIZE makes every write past 8 KB fail (EFBIG), as a full disk would."""
    _converted_brief_in(site, converted_brief)
    before = snapshot(site / "docs" / "brief")
    env = {k: v for k, v in os.environ.items() if k != "BELEIDSLEZER_DEBUG"}
    result = subprocess.run([sys.executable, "-m", "converter.cli", "convert", str(SMALL),
                             "--out", "docs", "--slug", "brief", "--title", "Andere titel"],
                            cwd=site, capture_output=True, text=True, env=env, timeout=300,
                            preexec_fn=_limited(8192), check=False)
    assert result.returncode == 1, result.stderr
    _one_line(result, "kan niet schrijven")
    assert snapshot(site / "docs" / "brief") == before
    assert [p.name for p in (site / "docs").iterdir() if p.name.startswith(".")] == []


def _in_mount_namespace(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["unshare", "--mount", "--", sys.executable, "-c", script],
                          cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.parametrize(("options", "words"), [("size=48k", "schijf vol"),
                                                 ("ro", "alleen-lezen")])
def test_really_full_or_read_only_disk(site: Path, options: str, words: str):
    """A tmpfs of 48 KB (ENOSPC) or a read-only one (EROFS) over docs/, in a mount namespace."""
    script = (
        "import subprocess, sys\n"
        f"subprocess.run(['mount', '-t', 'tmpfs', '-o', {options!r}, 'tmpfs', 'docs'], "
        "check=True)\n"
        f"r = subprocess.run([sys.executable, '-m', 'converter.cli', 'convert', {str(SMALL)!r}, "
        "'--out', 'docs', '--slug', 'brief'], capture_output=True, text=True)\n"
        "import os\n"
        "sys.stderr.write(r.stderr)\n"
        "print(r.returncode, sorted(os.listdir('docs')))\n"
    )
    result = _in_mount_namespace(script, site)
    if result.returncode != 0:
        pytest.skip(f"no mount namespace here: {result.stderr.strip()[-200:]}")
    code, listing = result.stdout.split(" ", 1)
    assert code == "1", result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert listing.strip() == "[]", "something was left on the full disk"


def test_a_link_added_to_a_report_counts_as_added(site: Path, converted_brief: Path,
                                                 tmp_path: Path):
    _converted_brief_in(site, converted_brief)
    (tmp_path / "elders").mkdir()
    (site / "docs" / "brief" / "bijlagen").symlink_to(tmp_path / "elders")
    refused = run("convert", SMALL, "--out", "docs", "--slug", "brief", cwd=site)
    assert refused.returncode == 1
    _one_line(refused, "bijlagen")
    kept = run("convert", SMALL, "--out", "docs", "--slug", "brief", "--keep-added-files",
               cwd=site)
    assert kept.returncode == 0, kept.stderr
    assert (site / "docs" / "brief" / "bijlagen").is_symlink()
    assert (tmp_path / "elders").is_dir()
