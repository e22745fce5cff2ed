"""Inputs that are not reports, and reports that ask too much (src/converter/limits.py).

Only regular files are read, without ever blocking (FIFO, /dev/zero, devices, directories,
sockets and dangling links are refused with one line, at once), up to a maximum size; the
process that parses the PDF has an address-space limit, so a decompression bomb ends in one
line with bounded memory. Peak memory is measured over the command and every process it
waited for (``RUSAGE_CHILDREN`` of a wrapper process that only runs it).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE
from converter.limits import MAX_PDF_BYTES
from pdf_bytes import raw_pdf
from process_support import cli_env, start, wait_stopped

BOMB = ROOT / "tests" / "regressions" / "flate-bomb-1200mb.pdf"
MEASURE = """
import json, resource, subprocess, sys, time
start = time.monotonic()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=600)
print(json.dumps({"code": result.returncode, "stderr": result.stderr,
                  "seconds": time.monotonic() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def convert_measured(*args: str | Path, cwd: Path, timeout: float = 600) -> dict:
    """Run `beleidslezer convert ARGS`; exit code, stderr, seconds and peak memory (MB)."""
    command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "converter.cli", "convert",
               *map(str, args)]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                            env=cli_env(), check=True)
    return json.loads(result.stdout)


def flate_bomb(inflated: int = 1_200_000_000) -> bytes:
    """A page whose content stream is `inflated` bytes of spaces behind nested FlateDecode."""
    packer = zlib.compressobj(9)
    parts = [packer.compress(b"BT /F1 11 Tf 72 760 Td (Dit is een bom.) Tj ET\n")]
    chunk = b" " * (1 << 20)
    for offset in range(0, inflated, len(chunk)):
        parts.append(packer.compress(chunk[: inflated - offset]))
    layer, levels = b"".join(parts) + packer.flush(), 1
    while len(layer) > 2000:
        layer, levels = zlib.compress(layer, 9), levels + 1
    filters = b"[" + b" ".join([b"/FlateDecode"] * levels) + b"]"
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R"
        b" >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(layer), filters) + layer
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ])


def test_the_bomb_in_the_regressions_is_what_flate_bomb_makes():
    small = flate_bomb(50_000_000)  # the same recipe, smaller: quick to make
    assert b"/FlateDecode /FlateDecode" in small and len(small) < 2000
    data = BOMB.read_bytes()
    assert len(data) < 3000 and b"[/FlateDecode /FlateDecode /FlateDecode]" in data


def _one_line(outcome: dict, *words: str) -> str:
    lines = outcome["stderr"].strip().splitlines()
    assert len(lines) == 1, outcome["stderr"]
    assert lines[0].startswith("beleidslezer: ") and "Traceback" not in outcome["stderr"]
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_decompression_bomb_is_one_line_with_bounded_memory(tmp_path: Path):
    outcome = convert_measured(BOMB, "--out", tmp_path / "docs", cwd=tmp_path)
    assert outcome["code"] == 1, outcome
    _one_line(outcome, "geheugen")
    # without the limit: 2.3 GB; the limit is 1 GiB of address space (plus twice the file)
    assert outcome["peak_mb"] < 1100, outcome
    assert not (tmp_path / "docs").exists()


def test_memory_limit_is_the_users_to_set(tmp_path: Path):
    outcome = convert_measured(BOMB, "--out", tmp_path / "docs", "--max-memory", "256",
                               cwd=tmp_path)
    assert outcome["code"] == 1, outcome
    _one_line(outcome, "geheugen", "--max-memory")
    assert outcome["peak_mb"] < 300, outcome
    ok = convert_measured(SAMPLE, "--out", tmp_path / "docs", "--max-memory", "256", "-q",
                          cwd=tmp_path)
    assert ok["code"] == 0, ok["stderr"]


LARGE_CALLER = """
import mmap, sys
from converter.cli import main
# 3 GiB of address space mapped and never touched: what a long-running caller (a test
# runner, a notebook) hands on to the conversion it forks
held = mmap.mmap(-1, 3 << 30, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
sys.exit(main(sys.argv[1:]))
"""


def test_the_limit_is_on_what_the_conversion_adds_not_on_what_its_caller_had(tmp_path: Path):
    """A conversion started from a process that already maps more than the limit still runs,
    and the bomb is still stopped there: the budget is counted from the child's start."""
    def run(pdf: Path, out: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", LARGE_CALLER, "convert", str(pdf), "--out",
                               str(out), "--max-memory", "256", "--jobs", "2", "-q"],
                              cwd=tmp_path, capture_output=True, text=True, timeout=300,
                              env=cli_env(), check=False)
    ok = run(SAMPLE, tmp_path / "docs")
    assert ok.returncode == 0, ok.stderr
    assert list((tmp_path / "docs").rglob("*.webp"))  # the figures' pictures were written
    bomb = run(BOMB, tmp_path / "bomb")
    assert bomb.returncode == 1 and "geheugen" in bomb.stderr, bomb.stderr
    assert not (tmp_path / "bomb").exists()


def test_killed_converting_process_is_one_line(tmp_path: Path):
    """As when the kernel's OOM killer or a pdfium crash ends the child: one line, exit 1."""
    process = start(SAMPLE, "--out", tmp_path / "docs", cwd=tmp_path,
                    BELEIDSLEZER_TEST_PAUSE="converting")
    [child] = wait_stopped(process, among_descendants=1)
    os.kill(child, signal.SIGKILL)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1, err
    assert len(err.strip().splitlines()) == 1 and "SIGKILL" in err, err
    assert not (tmp_path / "docs").exists()


def _fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "rapport.pdf")
    return tmp / "rapport.pdf"


def _socket(tmp: Path) -> Path:
    path = tmp / "rapport.pdf"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))  # left bound for the test; the file stays a socket
    _socket.keep = server  # type: ignore[attr-defined]
    return path


def _sparse(tmp: Path) -> Path:
    path = tmp / "groot.pdf"
    with open(path, "wb") as stream:
        stream.write(b"%PDF-1.7\n")
        stream.truncate(MAX_PDF_BYTES + 1)
    return path


def _link(target: str):
    def make(tmp: Path) -> Path:
        (tmp / "rapport.pdf").symlink_to(target)
        return tmp / "rapport.pdf"
    return make


NOT_REPORTS = {
    "fifo": (_fifo, "FIFO"),
    "dev-zero": (lambda tmp: Path("/dev/zero"), "apparaat"),
    "dev-null": (lambda tmp: Path("/dev/null"), "apparaat"),
    "link-to-dev-zero": (_link("/dev/zero"), "apparaat"),
    "dangling-link": (_link("/nergens/rapport.pdf"), "symbolische link"),
    "directory": (lambda tmp: tmp, "map"),
    "socket": (_socket, "socket"),
    "too-large": (_sparse, "groter dan"),
}


@pytest.mark.parametrize("case", sorted(NOT_REPORTS))
def test_what_is_not_a_regular_file_is_refused_at_once(tmp_path: Path, case: str):
    make, words = NOT_REPORTS[case]
    work = tmp_path / "work"
    work.mkdir()
    source = make(work)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "converter.cli", "convert", str(source),
                             "--out", str(tmp_path / "docs")], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60, env=cli_env(), check=False)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert time.monotonic() - started < 20  # nothing was read to the end or waited for
    assert not (tmp_path / "docs").exists()
