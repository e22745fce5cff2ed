"""The same PDF converts to the same bytes, whatever the process around it.

Each conversion runs in its own subprocess with a different PYTHONHASHSEED, working directory,
TMPDIR, time zone and locale; the Markdown, model.json, anchors.json, redirects.json and the
`--json` copy must be byte-identical. One pair also differs in --jobs (serial against worker
processes, on a report long enough for the parallel path). The outputs may name no absolute
path of the machine (temporary folders, working directory, repository, home) and no timestamp
of the conversion.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE

MAKER = ROOT / "tests" / "fixtures" / "make_sample_report.py"
PARALLEL_PAGES = 30  # above converter.pipeline.PARALLEL_MIN_PAGES


def _convert(pdf: Path, base: Path, name: str, *, seed: str, jobs: str, tz: str,
             lang: str) -> tuple[Path, dict[str, bytes], str]:
    """Convert in a fresh interpreter; returns the work dir, the output files and stderr."""
    work = base / f"cwd-{name}"
    tmp = base / f"tmp-{name}"
    work.mkdir()
    tmp.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("BELEIDSLEZER_DEBUG", "SOURCE_DATE_EPOCH")}
    env.update(PYTHONHASHSEED=seed, TMPDIR=str(tmp), TEMP=str(tmp), TMP=str(tmp), TZ=tz,
               LC_ALL=lang, LANG=lang,
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"),
                                                        env.get("PYTHONPATH", "")])))
    result = subprocess.run(
        [sys.executable, "-m", "converter.cli", "convert", str(pdf), "--out", "site/docs",
         "--json", "export/model.json", "--jobs", jobs, "-q"],
        cwd=work, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"{name}: exit {result.returncode}\n{result.stderr}"
    docs = work / "site" / "docs"
    files = {str(p.relative_to(docs)): p.read_bytes() for p in sorted(docs.rglob("*"))
             if p.is_file()}
    files["<--json>"] = (work / "export" / "model.json").read_bytes()
    return work, files, result.stderr


def _compare(first: dict[str, bytes], second: dict[str, bytes]) -> None:
    assert sorted(first) == sorted(second), "the two runs wrote different files"
    assert any(name.endswith(".md") for name in first), "no Markdown written"
    for name in ("model.json", "anchors.json", "redirects.json"):
        assert any(n.endswith(name) for n in first), f"no {name} written"
    different = [name for name in first if first[name] != second[name]]
    if different:
        name = different[0]
        a, b = first[name].decode(errors="replace"), second[name].decode(errors="replace")
        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                  min(len(a), len(b)))
        raise AssertionError(f"not byte-identical: {different}; first difference in {name} "
                             f"at {at}:\n  {a[max(0, at - 80):at + 80]!r}\n  "
                             f"{b[max(0, at - 80):at + 80]!r}")


def _no_machine_traces(files: dict[str, bytes], places: list[Path]) -> None:
    now = datetime.now(timezone.utc)
    days = {(now + timedelta(days=d)).strftime(f) for d in (-1, 0, 1)
            for f in ("%Y-%m-%d", "%Y%m%d", "%d-%m-%Y")}
    stamp = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")
    epoch = int(time.time())
    seconds = re.compile(r"(?<!\d)1\d{9}(?:\.\d+)?(?!\d)")
    paths = {str(p) for p in places} | {str(ROOT), str(Path.home()), "/tmp/", "/var/tmp"}
    for name, data in files.items():
        if name.endswith(".pdf"):
            continue  # the input itself, copied as it is
        if name.endswith(".webp"):
            # a figure's picture: pixels only, no metadata chunk that could hold a trace
            assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
            assert not {b"EXIF", b"XMP ", b"ICCP"} & {data[i:i + 4] for i in range(12, len(data), 2)
                                                     if data[i:i + 4].isupper()}
            continue
        text = data.decode("utf-8")
        for path in paths:
            assert path not in text, f"{name} names the local path {path}"
        for day in days:
            assert day not in text, f"{name} holds today's date {day}"
        match = stamp.search(text)
        assert not match, f"{name} holds a timestamp: {match and match.group()}"
        for found in seconds.finditer(text):
            assert abs(float(found.group()) - epoch) > 3 * 86400, \
                f"{name} holds the Unix time {found.group()}"


def test_same_pdf_same_bytes_across_processes(tmp_path: Path):
    one_dir, one, _ = _convert(SAMPLE, tmp_path, "a", seed="1", jobs="0", tz="UTC", lang="C")
    two_dir, two, _ = _convert(SAMPLE, tmp_path, "b", seed="4242", jobs="0",
                               tz="Pacific/Kiritimati", lang="C.UTF-8")
    _compare(one, two)
    _no_machine_traces(one, [tmp_path, one_dir, two_dir])


@pytest.fixture(scope="module")
def long_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("long") / "long-report.pdf"
    result = subprocess.run([sys.executable, str(MAKER), "--out", str(out), "--pages",
                             str(PARALLEL_PAGES)], capture_output=True, text=True, cwd=ROOT,
                            timeout=300, check=False)
    if result.returncode != 0 or not out.exists():
        pytest.skip(f"make_sample_report.py failed: {result.stderr[-500:]}")
    return out


def test_serial_and_parallel_conversion_agree(tmp_path: Path, long_report: Path):
    import pypdf

    from converter.pipeline import PARALLEL_MIN_PAGES

    assert len(pypdf.PdfReader(long_report).pages) >= PARALLEL_MIN_PAGES
    one_dir, one, _ = _convert(long_report, tmp_path, "serial", seed="0", jobs="1", tz="UTC",
                               lang="C.UTF-8")
    two_dir, two, _ = _convert(long_report, tmp_path, "parallel", seed="987654", jobs="2",
                               tz="America/St_Johns", lang="C")
    _compare(one, two)
    _no_machine_traces(one, [tmp_path, one_dir, two_dir, long_report.parent])
