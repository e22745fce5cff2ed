"""Damaged and odd PDFs through the command line: a clear result, never a crash.

Every case runs ``converter.cli.main(["convert", PDF, "--out", OUT])`` in a forked child (so a
crash inside pdfium or a hang is caught as such, not taken for the test process's own) and
holds it to the CLI's promise:

* exit 0 (converted, perhaps with warnings), or exit 1 with exactly one line on stderr;
* never a traceback, an internal error (exit 4) or any other code, signal or hang;
* output whole or absent: after exit 0 the report folder has model.json (valid JSON), index.md,
  anchors.json and redirects.json; after exit 1 nothing was written; no staging folders remain.

Three kinds of input:

* seeded mutation fuzzing of the bundled sample and two small corpus PDFs (flip, zero,
  duplicate, delete, insert and truncate byte ranges; damage the xref table and startxref;
  corrupt stream lengths; swap object numbers), reproducible from ``FUZZ_SEED``, bounded by
  ``FUZZ_CASES`` per input and a time budget. For a long hunt:
  ``BELEIDSLEZER_FUZZ_CASES=400 BELEIDSLEZER_FUZZ_BUDGET=3600 pytest tests/test_fuzz.py``;
  a mutant that fails is saved to tests/output/fuzz/ to be moved into tests/regressions/;
* hand-made damage: a broken startxref, rotated pages, blank pages, an image-only page, an
  image-only PDF, fonts without ToUnicode, a Type3 font, a ToUnicode map to control characters,
  a page-tree cycle, degenerate page boxes and content streams;
* tests/regressions/*.pdf: every input that once crashed the converter (README.md says why).
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import traceback
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import NameObject

from conftest import CORPUS, ROOT, SAMPLE
from pdf_bytes import raw_pdf

REGRESSIONS = ROOT / "tests" / "regressions"
CRASH_DIR = ROOT / "tests" / "output" / "fuzz"
FUZZ_SEED = int(os.environ.get("BELEIDSLEZER_FUZZ_SEED", "20240501"))
FUZZ_CASES = int(os.environ.get("BELEIDSLEZER_FUZZ_CASES", "12"))  # per input
FUZZ_BUDGET = float(os.environ.get("BELEIDSLEZER_FUZZ_BUDGET", "20"))  # seconds, all inputs
CASE_TIMEOUT = 120.0  # a single conversion of these small inputs takes about a second
FUZZ_INPUTS = {
    "sample": SAMPLE,
    "kamerbrief": CORPUS / "kamerbrief_2011-03-01_draagmoederschap.pdf",
    "kst": CORPUS / "kst-35538-4_advies-RvS-nader-rapport.pdf",
}
OK_CODES = {0, 1}


# --- running the CLI in a forked child --------------------------------------------------------


@dataclass
class Outcome:
    code: int | None  # exit code; None when killed by a signal or the timeout
    stderr: str
    signal: int = 0
    timed_out: bool = False
    seconds: float = 0.0


def run_cli(pdf: Path, out: Path, *extra: str, timeout: float = CASE_TIMEOUT) -> Outcome:
    """`beleidslezer convert PDF --out OUT` in a forked child; a crash there stays there."""
    log = out.parent / f".{out.name}.stderr"
    argv = ["convert", str(pdf), "--out", str(out), "--jobs", "1", *extra]
    if threading.active_count() > 1:  # forking a threaded process may deadlock the child
        return _run_cli_subprocess(argv, timeout)
    sys.stdout.flush()
    sys.stderr.flush()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 70
        try:
            os.environ.pop("BELEIDSLEZER_DEBUG", None)
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            # stays open for the rest of this forked child, so no context manager
            sys.stdout = sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            from converter.cli import main

            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
        except BaseException:
            traceback.print_exc()
            code = 70
        finally:
            try:
                sys.stderr.flush()
            finally:
                os._exit(code)
    deadline = start + timeout
    status = None
    while status is None:
        done, raw = os.waitpid(pid, os.WNOHANG)
        if done:
            status = raw
        elif time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return Outcome(None, log.read_text(errors="replace"), timed_out=True,
                           seconds=time.monotonic() - start)
        else:
            time.sleep(0.01)
    stderr = log.read_text(encoding="utf-8", errors="replace")
    log.unlink()
    seconds = time.monotonic() - start
    if os.WIFSIGNALED(status):
        return Outcome(None, stderr, signal=os.WTERMSIG(status), seconds=seconds)
    return Outcome(os.WEXITSTATUS(status), stderr, seconds=seconds)


def _run_cli_subprocess(argv: list[str], timeout: float) -> Outcome:
    env = {k: v for k, v in os.environ.items() if k != "BELEIDSLEZER_DEBUG"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [env.get("PYTHONPATH", ""),
                                                      str(ROOT / "src")]))
    start = time.monotonic()
    try:
        result = subprocess.run([sys.executable, "-m", "converter.cli", *argv], env=env,
                                capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        stderr = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else ""
        return Outcome(None, stderr, timed_out=True, seconds=time.monotonic() - start)
    seconds = time.monotonic() - start
    if result.returncode < 0:
        return Outcome(None, result.stderr, signal=-result.returncode, seconds=seconds)
    return Outcome(result.returncode, result.stderr, seconds=seconds)


def problems(outcome: Outcome, out: Path) -> list[str]:
    """Every way in which this run broke the CLI's promise (empty: it kept it)."""
    found: list[str] = []
    if outcome.timed_out:
        return [f"hung for more than {CASE_TIMEOUT:.0f} s"]
    if outcome.signal:
        return [f"killed by signal {outcome.signal} ({signal.Signals(outcome.signal).name})"]
    if outcome.code not in OK_CODES:
        found.append(f"exit code {outcome.code} (expected 0 or 1)")
    if "Traceback" in outcome.stderr:
        found.append("traceback on stderr")
    entries = sorted(out.iterdir()) if out.exists() else []
    hidden = [p.name for p in entries if p.name.startswith(".")]
    if hidden:
        found.append(f"staging left behind: {hidden}")
    reports = [p for p in entries if p.is_dir() and not p.name.startswith(".")]
    if outcome.code == 0:
        if len(reports) != 1:
            found.append(f"exit 0 but {len(reports)} report folders in --out")
        for report in reports:
            names = {p.name for p in report.iterdir()}
            missing = {"model.json", "index.md", "anchors.json", "redirects.json"} - names
            if missing:
                found.append(f"partial output: {sorted(missing)} missing in {report.name}")
                continue
            try:
                model = json.loads((report / "model.json").read_text(encoding="utf-8"))
                json.loads((report / "anchors.json").read_text(encoding="utf-8"))
            except ValueError as exc:
                found.append(f"invalid JSON in the output: {exc}")
                continue
            if model.get("source", {}).get("file") not in names:
                found.append("the PDF named in model.json was not copied")
    else:
        lines = [line for line in outcome.stderr.splitlines() if line.strip()]
        if len(lines) != 1:
            found.append(f"{len(lines)} lines on stderr (expected one)")
        elif not lines[0].startswith("beleidslezer: "):
            found.append("the error line does not start with 'beleidslezer: '")
        if entries:
            found.append(f"exit {outcome.code} but --out holds {[p.name for p in entries]}")
    return found


def check(pdf: Path, out: Path, *extra: str) -> Outcome:
    outcome = run_cli(pdf, out, *extra)
    found = problems(outcome, out)
    assert not found, f"{pdf.name}: {'; '.join(found)}\n--- stderr ---\n{outcome.stderr[-3000:]}"
    return outcome


def one_line(outcome: Outcome) -> str:
    return outcome.stderr.strip().splitlines()[-1] if outcome.stderr.strip() else ""


# --- mutations ----------------------------------------------------------------------------------


def _span(rng: random.Random, n: int, most: int = 64) -> tuple[int, int]:
    start = rng.randrange(n)
    return start, min(n, start + rng.randint(1, most))


def flip(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    a, b = _span(rng, len(data), 16)
    mutated = bytearray(data)
    for i in range(a, b):
        mutated[i] ^= 1 << rng.randrange(8)
    return f"flip bits in [{a}:{b}]", bytes(mutated)


def zero(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    a, b = _span(rng, len(data), 256)
    return f"zero [{a}:{b}]", data[:a] + bytes(b - a) + data[b:]


def duplicate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    a, b = _span(rng, len(data), 2048)
    at = rng.randrange(len(data))
    return f"copy [{a}:{b}] to {at}", data[:at] + data[a:b] + data[at:]


def delete(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    a, b = _span(rng, len(data), 512)
    return f"delete [{a}:{b}]", data[:a] + data[b:]


def insert(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    at = rng.randrange(len(data))
    junk = rng.choice([
        bytes(rng.randrange(256) for _ in range(rng.randint(1, 32))),
        b"(", b")", b"<<", b">>", b"[", b"]", b"endstream", b"endobj", b"%%EOF", b"\x00",
        b"BT", b"ET", b"Tf", b"/F1 1e308 Tf", b"-0.0", b"99999999999999999999",
    ])
    return f"insert {junk!r} at {at}", data[:at] + junk + data[at:]


def truncate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    at = rng.randrange(8, len(data))
    return f"truncate at {at}", data[:at]


def damage_startxref(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    match = list(re.finditer(rb"startxref\s+(\d+)", data))
    if not match:
        return flip(data, rng)
    m = match[-1]
    value = rng.choice([0, 1, int(m[1]) + rng.randint(-50, 50), len(data) * 3, 10**12, 10**20,
                        2**63])
    return (f"startxref {int(m[1])} -> {value}",
            data[: m.start(1)] + str(value).encode() + data[m.end(1):])


def damage_xref(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    entries = list(re.finditer(rb"(\d{10}) (\d{5}) ([nf])", data))
    if not entries:
        return damage_startxref(data, rng)
    how = rng.choice(["offset", "kind", "count", "keyword"])
    if how == "keyword":
        at = data.rfind(b"xref")
        return "xref keyword damaged", data[:at] + b"xre!" + data[at + 4:]
    if how == "count":
        header = list(re.finditer(rb"xref\s+(\d+) (\d+)", data))
        if header:
            m = header[-1]
            value = rng.choice([0, 1, int(m[2]) * 2, 999999])
            return (f"xref count -> {value}",
                    data[: m.start(2)] + str(value).encode() + data[m.end(2):])
    m = rng.choice(entries)
    if how == "kind":
        new = b"f" if m[3] == b"n" else b"n"
        return f"xref entry at {m.start()} kind -> {new!r}", \
            data[: m.start(3)] + new + data[m.end(3):]
    value = rng.choice([0, rng.randrange(len(data)), len(data) + 5])
    return (f"xref entry at {m.start()} offset -> {value}",
            data[: m.start(1)] + f"{value:010d}".encode() + data[m.end(1):])


def damage_length(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    lengths = list(re.finditer(rb"/Length (\d+)", data))
    if not lengths:
        return flip(data, rng)
    m = rng.choice(lengths)
    old = int(m[1])
    value = rng.choice([0, 1, max(0, old - rng.randint(1, 40)), old + rng.randint(1, 40),
                        old * 10, 2**31, 10**15])
    return (f"/Length {old} at {m.start()} -> {value}",
            data[: m.start(1)] + str(value).encode() + data[m.end(1):])


def swap_objects(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    headers = list(re.finditer(rb"(?m)^(\d+) 0 obj", data))
    if len(headers) < 2:
        return flip(data, rng)
    a, b = rng.sample(headers, 2)
    if a.start() > b.start():
        a, b = b, a
    mutated = (data[: a.start(1)] + b[1] + data[a.end(1): b.start(1)] + a[1]
               + data[b.end(1):])
    return f"swap object numbers {int(a[1])} <-> {int(b[1])}", mutated


def huge_number(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """An integer somewhere becomes one no C integer holds (10**20 once was an exit 4)."""
    numbers = list(re.finditer(rb"(?<![\w.])\d{1,9}(?![\w.])", data[:200_000]))
    if not numbers:
        return flip(data, rng)
    m = rng.choice(numbers)
    value = rng.choice([b"100000000000000000000", b"-100000000000000000000", b"9223372036854775808",
                        b"1e400", b"-0", b"4294967296"])
    return f"number at {m.start()} -> {value.decode()}", data[: m.start()] + value + data[m.end():]


def wrap_stream(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """A stream's bytes behind one more FlateDecode (and its /Length and /Filter updated)."""
    streams = list(re.finditer(rb"<<([^<>]*)>>\s*stream\r?\n", data[:400_000]))
    if not streams:
        return flip(data, rng)
    m = rng.choice(streams)
    end = data.find(b"endstream", m.end())
    if end < 0:
        return flip(data, rng)
    body = data[m.end():end].rstrip(b"\r\n")
    layers = rng.choice([1, 2, 5])
    for _ in range(layers):
        body = zlib.compress(body)
    header = re.sub(rb"/Length \d+", b"", m[1])
    filters = rb"/FlateDecode " * layers
    old = re.search(rb"/Filter\s*(/\w+|\[[^\]]*\])", header)
    if old:
        inner = old[1].strip(b"[]")
        header = header[: old.start()] + header[old.end():]
        filters += inner
    dictionary = b"<<" + header + b" /Length %d /Filter [%s] >>\nstream\n" % (len(body),
                                                                         filters.strip())
    return (f"stream at {m.start()} wrapped in {layers} more FlateDecode",
            data[: m.start()] + dictionary + body + b"\n" + data[end:])


def deep_nesting(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """Arrays or dictionaries nested thousands deep (a recursion bomb for parsers)."""
    at = rng.randrange(len(data))
    depth = rng.choice([100, 2000, 20000])
    opener, closer = rng.choice([(b"[", b"]"), (b"<<", b">>")])
    junk = opener * depth + closer * rng.choice([0, depth])
    return f"{depth} nested {opener.decode()} at {at}", data[:at] + junk + data[at:]


MUTATIONS: list[Callable[[bytes, random.Random], tuple[str, bytes]]] = [
    flip, zero, duplicate, delete, insert, truncate, damage_startxref, damage_xref,
    damage_length, swap_objects, huge_number, wrap_stream, deep_nesting,
]


def mutant(data: bytes, seed: int) -> tuple[str, bytes]:
    """One to three mutations, fully determined by `seed`."""
    rng = random.Random(seed)
    steps = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        what, data = rng.choice(MUTATIONS)(data, rng)
        steps.append(what)
    return " + ".join(steps), data


def _inputs() -> list[str]:
    return [name for name, path in FUZZ_INPUTS.items() if path.exists()] or ["sample"]


_budget_used = [0.0]


@pytest.mark.parametrize("name", _inputs())
def test_mutation_fuzz(name: str, tmp_path: Path):
    source = FUZZ_INPUTS[name]
    if not source.exists():
        pytest.skip(f"{source} missing")
    data = source.read_bytes()
    share = FUZZ_BUDGET / len(_inputs())
    started = time.monotonic()
    failures: list[str] = []
    ran = 0
    for case in range(FUZZ_CASES):
        if time.monotonic() - started > share:
            break
        seed = FUZZ_SEED * 1000 + case
        what, damaged = mutant(data, seed)
        pdf = tmp_path / f"{name}-{case}.pdf"
        pdf.write_bytes(damaged)
        out = tmp_path / f"out-{case}"
        outcome = run_cli(pdf, out)
        ran += 1
        found = problems(outcome, out)
        if found:
            CRASH_DIR.mkdir(parents=True, exist_ok=True)
            keep = CRASH_DIR / f"{name}-seed{seed}.pdf"
            keep.write_bytes(damaged)
            failures.append(f"{name} seed {seed} ({what}): {'; '.join(found)}; saved as {keep}"
                            f"\n    {one_line(outcome)[:400]}")
        else:
            pdf.unlink()
    _budget_used[0] += time.monotonic() - started
    assert ran, "no fuzz case ran"
    assert not failures, ("mutants broke the CLI's promise (move them into tests/regressions/ "
                          "with a README line):\n" + "\n".join(failures))


def test_mutations_are_reproducible():
    data = SAMPLE.read_bytes() if SAMPLE.exists() else b"%PDF-1.4\n" + bytes(range(256)) * 8
    for case in range(20):
        assert mutant(data, case) == mutant(data, case)
    assert len({mutant(data, case)[1] for case in range(20)}) > 15


# --- regressions: inputs that once broke the converter -------------------------------------


def _regressions() -> list[Path]:
    return sorted(REGRESSIONS.glob("*.pdf"))


def test_every_regression_is_explained():
    readme = (REGRESSIONS / "README.md").read_text(encoding="utf-8") \
        if (REGRESSIONS / "README.md").exists() else ""
    unexplained = [p.name for p in _regressions() if p.name not in readme]
    assert not unexplained, f"add a line for each to tests/regressions/README.md: {unexplained}"


@pytest.mark.parametrize("pdf", _regressions(), ids=lambda p: p.name)
def test_regression(pdf: Path, tmp_path: Path):
    check(pdf, tmp_path / "docs")


# --- hand-made damage and oddities ------------------------------------------------------------


def stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
TEXT = (b"BT /F1 11 Tf 72 760 Td (De minister heeft de Tweede Kamer op 1 maart 2011 "
        b"geinformeerd over het beleid.) Tj 0 -14 Td (Deze brief gaat over draagmoederschap "
        b"en de gevolgen voor de praktijk.) Tj ET")


def one_page(content: bytes, *, font: bytes = HELVETICA, box: bytes = b"[0 0 595 842]",
             page_extra: bytes = b"") -> bytes:
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + box + b" /Resources << /Font << /F1 5 0 R"
        b" >> >> /Contents 4 0 R " + page_extra + b">>",
        stream(content),
        font,
    ])


def _clone(source: Path, edit: Callable[[pypdf.PdfWriter], None]) -> bytes:
    writer = pypdf.PdfWriter(clone_from=source)
    edit(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def broken_startxref() -> bytes:
    data = _clone(SAMPLE, lambda w: None)
    m = list(re.finditer(rb"startxref\s+(\d+)", data))[-1]
    return data[: m.start(1)] + str(int(m[1]) + 37).encode() + data[m.end(1):]


def no_xref() -> bytes:
    data = SAMPLE.read_bytes()
    return data[: data.rfind(b"xref")] + b"%%EOF\n"


def rotated(angle: int, every: bool = False) -> Callable[[], bytes]:
    def make() -> bytes:
        def edit(writer: pypdf.PdfWriter) -> None:
            for i, page in enumerate(writer.pages):
                if every or i == 1:
                    page.rotate(angle)
        return _clone(SAMPLE, edit)
    return make


def blank_pages() -> bytes:
    def edit(writer: pypdf.PdfWriter) -> None:
        width, height = writer.pages[0].mediabox.width, writer.pages[0].mediabox.height
        for index in (0, 2, len(writer.pages) + 1):
            writer.insert_blank_page(width, height, index=min(index, len(writer.pages)))
        writer.add_blank_page(10, 10)
    return _clone(SAMPLE, edit)


def _image_page_pdf() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    picture = Image.new("RGB", (120, 80), (30, 90, 160))
    for x in range(0, 120, 10):
        for y in range(80):
            picture.putpixel((x, y), (240, 240, 240))
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawImage(ImageReader(picture), 72, 300, width=450, height=300)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def image_only_page() -> bytes:
    picture = pypdf.PdfReader(io.BytesIO(_image_page_pdf())).pages[0]
    return _clone(SAMPLE, lambda w: w.insert_page(picture, index=1))


def image_only_pdf() -> bytes:
    return _image_page_pdf()


def _reportlab_with_font(register: Callable[[], str]) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    font = register()
    canvas.setFont(font, 16)
    canvas.drawString(72, 760, "1 Inleiding")
    canvas.setFont(font, 10)
    y = 730
    for line in ["De Raad van State adviseert over het wetsvoorstel en de gevolgen daarvan",
                 "voor de burger; het kabinet neemt dit advies over in het nader rapport.",
                 "Zie ook Kamerstukken II 2019/20, 35 538, nr. 4 en artikel 8 EVRM."]:
        canvas.drawString(72, y, line)
        y -= 13
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _truetype() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("VeraFuzz", "Vera.ttf"))
    return "VeraFuzz"


def _embedded_type1() -> str:
    import reportlab
    from reportlab.pdfbase import pdfmetrics

    folder = Path(reportlab.__file__).parent / "fonts"
    face = pdfmetrics.EmbeddedType1Face(str(folder / "DarkGardenMK.afm"),
                                        str(folder / "DarkGardenMK.pfb"))
    pdfmetrics.registerTypeFace(face)
    pdfmetrics.registerFont(pdfmetrics.Font("DarkGardenFuzz", face.name, "WinAnsiEncoding"))
    return "DarkGardenFuzz"


def truetype_without_tounicode() -> bytes:
    data = _reportlab_with_font(_truetype)

    def edit(writer: pypdf.PdfWriter) -> None:
        for page in writer.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                if "/ToUnicode" in font:
                    del font[NameObject("/ToUnicode")]
    reader_path = io.BytesIO(data)
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(reader_path))
    edit(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def embedded_type1() -> bytes:
    return _reportlab_with_font(_embedded_type1)


def differences_encoding() -> bytes:
    font = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
            b"/BaseEncoding /WinAnsiEncoding /Differences [128 /Euro /bullet /fi /fl /.notdef "
            b"/zcaron /uni0000 /g123 /space /hyphen /softhyphen] >> >>")
    return one_page(TEXT + b" BT /F1 12 Tf 72 700 Td (\\200\\201\\202\\203\\204\\205 "
                    b"\\206\\207\\210\\211\\212) Tj ET", font=font)


def type3_font() -> bytes:
    square = stream(b"500 0 0 0 500 500 d1 0 0 500 500 re f")
    dot = stream(b"300 0 0 0 300 300 d1 50 50 200 200 re f")
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R"
        b" /F2 8 0 R >> >> /Contents 4 0 R >>",
        stream(b"BT /F1 12 Tf 72 760 Td (ababba abab) Tj ET " + TEXT.replace(b"/F1", b"/F2")),
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 500 500] /FontMatrix [0.001 0 0 0.001 "
        b"0 0] /CharProcs << /sq 6 0 R /dot 7 0 R >> /Encoding << /Type /Encoding /Differences "
        b"[97 /sq /dot] >> /FirstChar 97 /LastChar 98 /Widths [500 300] /Resources << >> >>",
        square,
        dot,
        HELVETICA,
    ])


def tounicode_control_characters() -> bytes:
    targets = ["0000", "0001", "0007", "001B", "202E", "FEFF", "FFFF", "D800", "D83DDE00",
               "0085", "2028", "003C0073", "0022", "005C", "007F", "E000", "FFFE", "00AD"]
    codes = "".join(f"<{0x41 + i:02X}> <{t}>\n" for i, t in enumerate(targets))
    cmap = (f"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Fuzz def "
            f"1 begincodespacerange <00> <FF> endcodespacerange {len(targets)} beginbfchar\n"
            f"{codes}endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
            ).encode()
    glyphs = bytes(range(0x41, 0x41 + len(targets)))
    content = (b"BT /F1 16 Tf 72 790 Td (1 Inleiding) Tj ET " + TEXT + b" BT /F2 11 Tf 72 700 Td ("
               + glyphs + b" tekst " + glyphs[::-1] + b") Tj ET")
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R"
        b" /F2 6 0 R >> >> /Contents 4 0 R >>",
        stream(content),
        HELVETICA,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
        b"/ToUnicode 7 0 R >>",
        stream(cmap),
    ])


def page_tree_cycle() -> bytes:
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R"
        b" >> >> /Contents 4 0 R >>",
        stream(TEXT),
        HELVETICA,
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 6 0 R] /Count 1 >>",
    ])


def degenerate_boxes() -> bytes:
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R 7 0 R 8 0 R] /Count 4 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 0 0] /Resources << /Font << /F1 5 0 R"
        b" >> >> /Contents 4 0 R >>",
        stream(TEXT),
        HELVETICA,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [595 842 0 0] /CropBox [-100 -100 -50 -50] "
        b"/Rotate 45 /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1e30 1e30] /UserUnit 75000 "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate -270 "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    ])


def odd_text_operators() -> bytes:
    content = b"\n".join([
        TEXT,
        b"BT /F1 0 Tf 72 650 Td (grootte nul) Tj ET",
        b"BT /F1 -12 Tf 72 630 Td (negatieve grootte) Tj ET",
        b"BT /F1 1e6 Tf 72 610 Td (enorm) Tj ET",
        b"BT /F1 11 Tf 0 Tz 72 590 Td (horizontaal nul) Tj ET",
        b"BT /F1 11 Tf 3 Tr 72 570 Td (onzichtbare tekst) Tj ET",
        b"BT /F1 11 Tf 1 0 0 1 -5000 -5000 Tm (buiten de pagina) Tj ET",
        b"BT /F1 11 Tf 0 0 0 0 72 550 Tm (singuliere matrix) Tj ET",
        b"BT /F1 11 Tf 72 530 Td 50 Ts (hoog) Tj -50 Ts (laag) Tj ET",
        b"BT /F1 11 Tf 72 510 Td [(T) -99999 (J) 1e9 (kern)] TJ ET",
        b"q q q BT /F1 11 Tf 72 490 Td (onevenwichtig) Tj Q Q Q Q Q",
        b"BT /F1 11 Tf 72 470 Td (geen ET",
        b"BT /F2 11 Tf 72 450 Td (ontbrekend lettertype) Tj ET",
        b"BT 72 430 Td (zonder Tf) Tj ET",
        b"BT /F1 11 Tf 72 410 Td <48656c6c6f> Tj (\\050\\051\\134 \\377\\000) Tj ET",
    ])
    return one_page(content)


def no_pages() -> bytes:
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def header_only() -> bytes:
    return b"%PDF-1.7\n%%EOF\n"


def garbage_after_header() -> bytes:
    return b"%PDF-1.4\n" + bytes(random.Random(7).randrange(256) for _ in range(4000))


def huge_page_count() -> bytes:
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R"
        b" >> >> /Contents 4 0 R >>",
        stream(TEXT),
        HELVETICA,
    ])


def bad_flate() -> bytes:
    good = zlib.compress(TEXT)
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R"
        b" >> >> /Contents 4 0 R >>",
        stream(good[: len(good) // 2] + b"\xff" * 20, b"/Filter /FlateDecode "),
        HELVETICA,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R"
        b" >> >> /Contents 7 0 R >>",
        stream(good, b"/Filter /FlateDecode "),
    ])


def many_pages_some_broken() -> bytes:
    """40 pages (the parallel path), every seventh one damaged in a different way."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", HELVETICA]
    kids = []
    for index in range(40):
        good = zlib.compress(TEXT.replace(b"760", b"500").replace(b"het beleid", b"beleid %d"
                                                                  % (index * 7919 % 1000)))
        page = len(objects) + 1
        kids.append(b"%d 0 R" % page)
        contents = b"/Contents %d 0 R" % (page + 1)
        body = stream(good, b"/Filter /FlateDecode ")
        if index % 7 == 3:
            body = stream(good[:10], b"/Filter /FlateDecode ")
        elif index % 7 == 5:
            contents = b"/Contents 9999 0 R"
        elif index % 7 == 6:
            body = stream(b"BT /F1 11 Tf 72 700 Td (" + b"(" * 500 + b") Tj ET")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
                       b"/Font << /F1 3 0 R >> >> " + contents + b" >>")
        objects.append(body)
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count 40 >>"
    return raw_pdf(objects)


def startxref_overflow() -> bytes:
    """startxref 10**20: pypdf raised OverflowError, which was an exit 4 (issue 12)."""
    data = one_page(TEXT)
    m = list(re.finditer(rb"startxref\s+(\d+)", data))[-1]
    return data[: m.start(1)] + b"100000000000000000000" + data[m.end(1):]


def nested_filters() -> bytes:
    """The page's text behind 60 FlateDecode filters: small, and still read."""
    body = TEXT
    for _ in range(60):
        body = zlib.compress(body)
    filters = b"[" + b" /FlateDecode" * 60 + b" ]"
    return one_page(body).replace(b"<< /Length %d >>" % len(body),
                                  b"<< /Length %d /Filter %s >>" % (len(body), filters))


def deeply_nested_objects() -> bytes:
    """An array 50,000 deep in the page's resources (a recursion bomb for a parser)."""
    return one_page(TEXT, page_extra=b"/Junk " + b"[" * 50_000 + b"]" * 50_000 + b" ")


def overflowing_numbers() -> bytes:
    return one_page(TEXT, box=b"[0 0 1e400 -100000000000000000000]",
                    page_extra=b"/Rotate 100000000000000000000 /UserUnit 1e400 ")


# name -> (maker, expected exit codes, words the model must keep when it converts)
HAND_MADE: dict[str, tuple[Callable[[], bytes], set[int], tuple[str, ...]]] = {
    "broken-startxref": (broken_startxref, {0}, ()),
    "no-xref-table": (no_xref, {0, 1}, ()),
    "rotated-page-90": (rotated(90), {0}, ()),
    "rotated-all-180": (rotated(180, every=True), {0}, ()),
    "rotated-all-270": (rotated(270, every=True), {0}, ()),
    "blank-pages": (blank_pages, {0}, ()),
    "image-only-page": (image_only_page, {0}, ()),
    "image-only-pdf": (image_only_pdf, {1}, ()),
    "truetype-without-tounicode": (truetype_without_tounicode, {0, 1}, ()),
    "embedded-type1": (embedded_type1, {0, 1}, ()),
    "differences-encoding": (differences_encoding, {0}, ("draagmoederschap",)),
    "type3-font": (type3_font, {0}, ("draagmoederschap",)),
    "tounicode-control-characters": (tounicode_control_characters, {0}, ("draagmoederschap",)),
    "page-tree-cycle": (page_tree_cycle, {0, 1}, ()),
    "degenerate-page-boxes": (degenerate_boxes, {0, 1}, ()),
    "odd-text-operators": (odd_text_operators, {0}, ("draagmoederschap",)),
    "no-pages": (no_pages, {1}, ()),
    "header-only": (header_only, {1}, ()),
    "garbage-after-header": (garbage_after_header, {1}, ()),
    "huge-page-count": (huge_page_count, {0, 1}, ()),
    "bad-flate-stream": (bad_flate, {0}, ("draagmoederschap",)),
    "many-pages-some-broken": (many_pages_some_broken, {0}, ("draagmoederschap",)),
    "startxref-overflow": (startxref_overflow, {0}, ("draagmoederschap",)),
    "nested-filters": (nested_filters, {0, 1}, ()),
    "deeply-nested-objects": (deeply_nested_objects, {0, 1}, ()),
    "overflowing-numbers": (overflowing_numbers, {0, 1}, ()),
}
PARALLEL = {"many-pages-some-broken"}  # converted with --jobs 2 to take the worker path


@pytest.mark.parametrize("case", sorted(HAND_MADE))
def test_hand_made_damage(case: str, tmp_path: Path):
    make, codes, words = HAND_MADE[case]
    pdf = tmp_path / f"{case}.pdf"
    pdf.write_bytes(make())
    out = tmp_path / "docs"
    outcome = check(pdf, out, *(["--jobs", "2"] if case in PARALLEL else []))
    assert outcome.code in codes, f"{case}: exit {outcome.code}, expected {codes}:\n" \
        f"{outcome.stderr[-2000:]}"
    if outcome.code == 0:
        model_text = next(out.glob("*/model.json")).read_text(encoding="utf-8")
        for word in words:
            assert word in model_text, f"{case}: {word!r} lost in the conversion"
        for md in out.glob("*/*.md"):
            bad = sorted({f"U+{ord(c):04X}" for c in md.read_text(encoding="utf-8")
                          if c in UNWANTED})
            assert not bad, f"{case}: {md.name} holds control or bidi characters {bad}"


# C0/C1 controls (bar tab and newline), DEL, bidi embeddings/overrides/isolates and the BOM:
# a PDF's ToUnicode map can produce any of them; in a page they are invisible or reorder text.
UNWANTED = ({chr(c) for c in range(0x20)} - {"\t", "\n"}) | {chr(c) for c in range(0x7F, 0xA0)} \
    | set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
