"""All or nothing, under kills and signals (src/converter/publish.py, cli.py, limits.py).

A conversion of a revised letter into a folder that holds the first edition is stopped at each
step of the swap (``BELEIDSLEZER_TEST_PAUSE``) and SIGKILLed there, with RENAME_EXCHANGE and
without. Afterwards a complete report (old or new, as the hooks check it) is always in place,
or, only between the two renames of the path without RENAME_EXCHANGE, set aside where the site
build refuses to go on without it; the next conversion cleans every leftover and finishes.
SIGINT and SIGTERM give one line and 130/143 and leave nothing behind; worker processes die
with the command that started them.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE
from converter.manifest import broken_anchors
from converter.publish import STEPS, interrupted_swaps
from converter.report_files import load_anchors, load_model, load_redirects
from process_support import alive, descendants, start, wait_stopped, wait_until
from site_fixture import copy_site, run_build

sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import make_plain_report as letter_maker

SLUG = "brief"


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("publish-editions")
    first, second = folder / "v1.pdf", folder / "v2.pdf"
    letter_maker.build().output(str(first))
    letter_maker.build(letter_maker.revised()).output(str(second))
    return first, second


def _convert(pdf: Path, root: Path, *extra: str, **env: str) -> subprocess.CompletedProcess:
    process = start(pdf, "--out", root / "docs", "--slug", SLUG, "--json",
                    root / "export" / "model.json", *extra, cwd=root, **env)
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def complete(folder: Path) -> str | None:
    """Which edition `folder` holds completely ("v1"/"v2" by its PDF), else None."""
    try:
        model = load_model(folder / "model.json")
        manifest = load_anchors(folder / "anchors.json")
        redirects = load_redirects(folder / "redirects.json")
    except (OSError, ValueError):
        return None
    if broken_anchors(manifest, model, redirects):
        return None
    if any(not (folder / name).is_file() for name in manifest["files"]):
        return None
    digest = hashlib.sha256((folder / model["source"]["file"]).read_bytes()).hexdigest()
    return digest if digest == model["source"]["sha256"] else None


@pytest.fixture
def site(tmp_path: Path, editions) -> Path:
    """A copy of the site with the first edition converted into docs/brief."""
    root = copy_site(tmp_path / "site")
    result = _convert(editions[0], root)
    assert result.returncode == 0, result.stderr
    return root


def _digest(pdf: Path) -> str:
    return hashlib.sha256(pdf.read_bytes()).hexdigest()


WITH_EXCHANGE = ["locked", "staged", "exchanged", "copy-replaced", "cleaned"]
WITHOUT_EXCHANGE = ["staged", "set-aside", "moved-in", "copy-replaced", "cleaned"]


def test_every_step_is_covered():
    assert set(WITH_EXCHANGE) | set(WITHOUT_EXCHANGE) == set(STEPS)


@pytest.mark.parametrize(("exchange", "step"),
                         [(True, s) for s in WITH_EXCHANGE]
                         + [(False, s) for s in WITHOUT_EXCHANGE])
def test_kill_at_any_step_of_the_swap_loses_nothing(site: Path, editions, exchange: bool,
                                                     step: str):
    old, new = (_digest(pdf) for pdf in editions)
    env = {"BELEIDSLEZER_TEST_PAUSE": step}
    if not exchange:
        env["BELEIDSLEZER_NO_EXCHANGE"] = "1"
    process = start(editions[1], "--out", site / "docs", "--slug", SLUG, "--json",
                    site / "export" / "model.json", cwd=site, **env)
    wait_stopped(process)
    process.kill()
    process.wait(timeout=30)
    docs = site / "docs"
    held = complete(docs / SLUG)
    set_aside = interrupted_swaps(docs)
    if held is None:
        # only between the two renames without RENAME_EXCHANGE: the old report is set aside,
        # and the build refuses to publish the site without it
        assert (not exchange and step == "set-aside"), f"no complete report after {step}"
        assert not (docs / SLUG).exists()
        assert len(set_aside) == 1 and complete(docs / set_aside[0]) == old
        build = run_build(site)
        assert build.returncode != 0 and "afgebroken conversie" in build.stderr
    else:
        assert held == (old if step in ("locked", "staged") else new), step
        assert not set_aside
        if step in ("exchanged", "moved-in"):  # the most fragile moments: the real build
            build = run_build(site)
            assert build.returncode == 0, build.stderr[-3000:]
    # the next conversion cleans up and finishes
    again = _convert(editions[1], site)
    assert again.returncode == 0, again.stderr
    assert complete(docs / SLUG) == new
    assert [p.name for p in docs.iterdir() if p.name.startswith(".")] == []
    assert [p.name for p in (site / "export").iterdir() if p.name.startswith(".")] == []
    if held is None:
        assert "teruggezet" in again.stderr  # the set-aside old report came back first


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_while_converting_is_one_line_and_leaves_nothing(site: Path, editions,
                                                                signum: int, code: int):
    before = {p.name: p.read_bytes() for p in (site / "docs" / SLUG).iterdir()}
    process = start(editions[1], "--out", site / "docs", "--slug", SLUG, cwd=site,
                    BELEIDSLEZER_TEST_PAUSE="converting")
    [child] = wait_stopped(process, among_descendants=1)
    os.killpg(process.pid, signum)  # as a terminal sends Ctrl-C: to the whole process group
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert len(err.strip().splitlines()) == 1, err
    assert "afgebroken" in err and "Traceback" not in err
    wait_until(lambda: not alive(child), 5, "the converting child to die")
    after = {p.name: p.read_bytes() for p in (site / "docs" / SLUG).iterdir()}
    assert after == before
    assert [p.name for p in (site / "docs").iterdir() if p.name.startswith(".")] == []


def test_signal_while_writing_removes_the_staging_folder(site: Path, editions):
    before = complete(site / "docs" / SLUG)
    process = start(editions[1], "--out", site / "docs", "--slug", SLUG, cwd=site,
                    BELEIDSLEZER_TEST_PAUSE="staged")
    wait_stopped(process)
    assert [p for p in (site / "docs").iterdir() if p.name.startswith(f".{SLUG}.new-")]
    process.send_signal(signal.SIGTERM)
    process.send_signal(signal.SIGCONT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    assert len(err.strip().splitlines()) == 1, err
    assert complete(site / "docs" / SLUG) == before
    assert [p.name for p in (site / "docs").iterdir() if p.name.startswith(".")] == []


def test_workers_die_with_the_command(tmp_path: Path):
    """SIGKILL the command while its extraction workers run: none survives a second."""
    # --jobs 3: the converting child extracts too, beside two workers
    process = start(SAMPLE, "--out", tmp_path / "docs", "--jobs", "3", cwd=tmp_path,
                    BELEIDSLEZER_TEST_PAUSE="worker")
    workers = wait_stopped(process, among_descendants=2)
    family = descendants(process.pid)
    assert len(family) >= 3  # the converting child and its two workers
    process.kill()
    process.wait(timeout=30)
    time.sleep(1.0)
    survivors = [pid for pid in family if alive(pid)]
    assert not survivors, f"still running after their parent was killed: {survivors}"
    assert set(workers) <= set(family)


def test_workers_are_memory_bounded(tmp_path: Path):
    process = start(SAMPLE, "--out", tmp_path / "docs", "--jobs", "3", "--max-memory", "800",
                    cwd=tmp_path, BELEIDSLEZER_TEST_PAUSE="worker")
    try:
        workers = wait_stopped(process, among_descendants=2)
        for pid in [*workers, *descendants(process.pid)]:
            limits = Path(f"/proc/{pid}/limits").read_text()
            line = next(x for x in limits.splitlines() if x.startswith("Max address space"))
            assert line.split()[3] == str(800 << 20), line
    finally:
        process.kill()
        process.wait(timeout=30)


def test_export_copy_is_the_model(site: Path):
    model = json.loads((site / "docs" / SLUG / "model.json").read_text(encoding="utf-8"))
    assert json.loads((site / "export" / "model.json").read_text(encoding="utf-8")) == model
