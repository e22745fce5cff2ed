"""Speed and memory of the converter against its targets (prints figures; not a test).

    python scripts/benchmark.py            150- and 1000-page generated reports + the corpus
    python scripts/benchmark.py --quick    smaller reports (60 and 300 pages), for a quick look
    python scripts/benchmark.py --pages N  the large (memory) report gets N pages

Reports are typeset into a temporary folder by tests/fixtures/make_sample_report.py. Every
measurement runs in a fresh child process, timed inside the child around the work only
(interpreter start and imports excluded on both sides: pypdf's import takes ~0.14 s, the
converter's ~0.35 s), so runs do not warm each other's caches:

* baseline: pypdf's plain ``PdfReader(p).pages[i].extract_text()`` over all pages;
* conversion: ``converter.pipeline.convert(path)`` with the default jobs and with jobs=1,
  references and entities included; the ratio is conversion / baseline. Baseline and
  default-jobs conversion count the fastest of three runs for the small report (two for each
  corpus PDF, one for the large report), taken in turns so that a drift in the machine's
  speed reaches both sides of the ratio (this machine's speed moves by up to 2x over
  minutes: pypdf took 1.2-2.6 s for the same 151 pages in one hour);
* full build (small report): ``beleidslezer convert`` into a temporary copy of the site, then
  ``mkdocs build --strict``, both as subprocesses, wall clock as a user sees it;
* whole processes (small report): ``beleidslezer convert`` against a Python process that
  imports pypdf and extracts the text, interpreter start and imports included, in turns;
* peak memory, in a run of its own (sampling takes CPU from the timed runs): the child's
  ``ru_maxrss`` from ``os.wait4`` (the largest single process, workers included) and the
  process tree's summed RSS sampled every 20 ms.

With jobs=1 every stage runs in the one process, so that run's stage timings give each
stage's share of the time (printed for the small report); page geometry is the stage that
finds drawings and columns before lines and regions after them.

A third report has the small one's length and 60 bar charts: its conversion is timed with
the site's figure pictures, made as `beleidslezer convert` makes them (by the workers while
the conversion goes on, `images.FigurePictures`); the time spent waiting for them is printed,
and so is the time the same pictures take alone, made after a conversion.

Targets: conversion <= 1.0x plain extraction, at the large report no worse than at the
small; the figures report, pictures included, <= 1.5x, its pictures <= 5 MB; convert +
build of 150 pages < 30 s; memory < 500 MB for 1000 pages (judged on the sampled tree peak,
the stricter figure).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
MAKER = ROOT / "tests" / "fixtures" / "make_sample_report.py"
CORPUS = Path(os.environ.get("BELEIDSLEZER_SHARED", ROOT.parent / "shared")) / "corpus"

RATIO_TARGET = 1.0
BUILD_TARGET_S = 30.0
MEMORY_TARGET_MB = 500.0
FIGURES = 60  # charts in the figures report
FIGURE_RATIO_TARGET = 1.5  # conversion and pictures against plain extraction
PICTURES_TARGET_MB = 5.0


# --- the child side: one measurement, printed as JSON --------------------------------------


def _child(kind: str, pdf: str, jobs: int) -> None:
    sys.path.insert(0, str(SRC))
    path = Path(pdf)
    if kind == "baseline":
        from pypdf import PdfReader

        start = time.perf_counter()
        reader = PdfReader(path)
        chars = sum(len(page.extract_text()) for page in reader.pages)
        seconds = time.perf_counter() - start
        print(json.dumps({"seconds": seconds, "chars": chars}))
        return
    # Imports are excluded on both sides (pypdf's above); linking is imported lazily by
    # convert, so it is imported here, before the clock starts, like the rest of converter.
    import converter.linking  # noqa: F401
    from converter.pipeline import convert

    timings: dict[str, float] = {}
    pictures = None
    if kind == "figures":  # the site's pictures too, as `beleidslezer convert` makes them
        from converter.images import FigurePictures

        pictures = FigurePictures(path)
    start = time.perf_counter()
    document = convert(path, jobs=jobs or None, timings=timings, pictures=pictures)
    made = pictures.by_paragraph(document) if pictures is not None else {}
    seconds = time.perf_counter() - start
    result = {"seconds": seconds, "pages": document.source.pages,
              "paragraphs": len(document.paragraphs), "stages": timings}
    if pictures is not None:
        from converter.images import figure_images
        from converter.pipeline import default_jobs

        # the pictures alone, made after the conversion: what they cost when nothing hides it
        start = time.perf_counter()
        alone = figure_images(document, path, jobs=jobs or default_jobs())
        result["figure_seconds"] = time.perf_counter() - start
        result["figure_wait"] = timings.get("figure pictures", 0.0)
        result["figures"] = len(made)
        result["picture_bytes"] = sum(map(len, made.values()))
        result["pictures_match"] = alone == made
    print(json.dumps(result))


# --- the parent side ------------------------------------------------------------------------


def _env() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{path}" if path else str(SRC),
            "NO_MKDOCS_2_WARNING": "1"}


def _tree_rss_kb(root: int) -> int:
    """Summed VmRSS of `root` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stream:
                stat = stream.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        parents[int(entry)] = int(fields[1])
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as stream:
                for line in stream:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def measure(kind: str, pdf: Path, jobs: int = 0, sample_memory: bool = False) -> dict:
    """Run one measurement in a child; add its max RSS and, if asked, the sampled tree peak.

    Sampling reads /proc every 20 ms, which takes CPU from the workers on a small machine, so
    timed runs do not sample; memory is measured in a run of its own.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(pdf), str(jobs)],
            stdout=out, stderr=err, env=_env(), cwd=ROOT,
        )
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss_kb(proc.pid))
                done.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        if sample_memory:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        done.set()
        if sample_memory:
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} {pdf.name} jobs={jobs} failed:\n{stderr[-2000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["maxrss_mb"] = usage.ru_maxrss / 1024  # Linux: kilobytes
    result["tree_mb"] = peak / 1024 if sample_memory else None
    return result


def fastest_pair(kind: str, pdf: Path, runs: int = 2) -> tuple[dict, dict]:
    """The fastest baseline and the fastest `kind` run (the machine's noise only ever adds
    time), taken in turns (baseline, kind, baseline, kind, ...): on a shared machine whose
    speed drifts over minutes, both sides of a ratio then see the same stretches of it."""
    pairs = [(measure("baseline", pdf), measure(kind, pdf, 0)) for _ in range(runs)]
    return (min((b for b, _ in pairs), key=lambda r: r["seconds"]),
            min((k for _, k in pairs), key=lambda r: r["seconds"]))


def _measure_row(pdf: Path, runs: int) -> dict[str, dict]:
    base, par = fastest_pair("convert", pdf, runs)
    one = measure("convert", pdf, 1)  # one process: its max RSS is the whole tree
    memory = measure("convert", pdf, 0, sample_memory=True)
    return {"baseline": base, "jobs": par, "one": one, "memory": memory}


def _cells(label: str, m: dict[str, dict]) -> list[str]:
    base, par, one, memory = m["baseline"], m["jobs"], m["one"], m["memory"]
    return [label, f"{base['seconds']:.2f}", f"{par['seconds']:.2f}",
            f"{par['seconds'] / base['seconds']:.2f}x", f"{one['seconds']:.2f}",
            f"{one['seconds'] / base['seconds']:.2f}x",
            f"{1000 * par['seconds'] / par['pages']:.0f}",
            f"{memory['tree_mb']:.0f} / {memory['maxrss_mb']:.0f}", f"{one['maxrss_mb']:.0f}"]


def make_report(pages: int, folder: Path, figures: int = 0) -> Path:
    out = folder / f"report-{pages}{f'-{figures}-figures' if figures else ''}.pdf"
    subprocess.run([sys.executable, str(MAKER), "--out", str(out), "--pages", str(pages),
                    "--figures", str(figures)],
                   check=True, capture_output=True, text=True, env=_env(), cwd=ROOT)
    return out


def copy_site(dest: Path) -> Path:
    """The hand-written part of the site, as the site tests make it."""
    sys.path.insert(0, str(ROOT / "tests"))
    from site_fixture import copy_site as copy_hand_written_site

    return copy_hand_written_site(dest)


def full_build(pdf: Path, folder: Path) -> dict:
    site = copy_site(folder / "site-root")
    env = _env()
    start = time.perf_counter()
    convert = subprocess.run(
        [sys.executable, "-m", "converter.cli", "convert", str(pdf), "--out",
         str(site / "docs"), "-q"], capture_output=True, text=True, env=env, cwd=site)
    middle = time.perf_counter()
    if convert.returncode != 0:
        return {"error": f"convert exit {convert.returncode}: {convert.stderr.strip()[-500:]}"}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(site / "mkdocs.yml"),
         "-d", str(site / "site")], capture_output=True, text=True, env=env, cwd=site)
    end = time.perf_counter()
    result = {"convert": middle - start, "build": end - middle, "total": end - start}
    if build.returncode != 0:
        result["error"] = f"mkdocs build --strict exit {build.returncode}: " + \
            build.stderr.strip()[-800:]
    return result


_ALLOCATING = ("import time\nstart = time.perf_counter()\nfor _ in range(12):\n"
               "    rows = [(i, float(i), str(i)) for i in range(100000)]\n"
               "    index = {row[2]: row for row in rows}\n"
               "print(time.perf_counter() - start)\n")


def side_by_side_slowdown() -> float:
    """How much slower each of two processes that allocate many small objects (as the
    conversion does) runs beside the other than alone: what two processes can gain here."""
    def run(count: int) -> float:
        children = [subprocess.Popen([sys.executable, "-c", _ALLOCATING], stdout=subprocess.PIPE,
                                     text=True) for _ in range(count)]
        return max(float(child.communicate()[0]) for child in children)

    alone = min(run(1) for _ in range(2))
    return min(run(2) for _ in range(2)) / alone


_PYPDF_WHOLE = ("import sys\nfrom pypdf import PdfReader\n"
                "sum(len(page.extract_text()) for page in PdfReader(sys.argv[1]).pages)\n")


def whole_process(pdf: Path, folder: Path, runs: int = 2) -> dict:
    """What a user waits for, interpreter start and imports included: `beleidslezer
    convert` into a site (conversion, pictures, Markdown, model, publishing) against a
    Python process that imports pypdf and extracts the text, fastest of `runs`, in turns.

    The converter's bytecode is compiled first, as an installed package has it (pip compiles
    pypdf's on install; a machine with PYTHONDONTWRITEBYTECODE would otherwise compile the
    converter's 26 modules from source in every process, about 0.17 s)."""
    env = _env()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(SRC)], check=True, env=env)
    pypdf_s, convert_s = [], []
    for run in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", _PYPDF_WHOLE, str(pdf)], check=True, env=env,
                       capture_output=True)
        pypdf_s.append(time.perf_counter() - start)
        out = folder / f"whole-{run}"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "converter.cli", "convert", str(pdf), "--out",
                        str(out), "-q"], check=True, env=env, capture_output=True)
        convert_s.append(time.perf_counter() - start)
    return {"pypdf": min(pypdf_s), "convert": min(convert_s)}


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                     for i, (c, w) in enumerate(zip(cells, widths, strict=True)))


def _table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print(_row(header, widths))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(_row(row, widths))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller reports (60 and 300 pages)")
    parser.add_argument("--pages", type=int, help="pages of the large report (default 1000)")
    parser.add_argument("--no-corpus", action="store_true", help="skip ../shared/corpus")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, pdf, jobs = args.child
        _child(kind, pdf, int(jobs))
        return 0

    small = 60 if args.quick else 150
    large = args.pages or (300 if args.quick else 1000)
    cpus = os.cpu_count() or 1
    sys.path.insert(0, str(SRC))
    from converter.pipeline import default_jobs

    print(f"beleidslezer benchmark: {cpus} cores, default jobs = {default_jobs()}, "
          f"python {sys.version.split()[0]}")
    if cpus > 1:
        print(f"two allocating processes side by side each take {side_by_side_slowdown():.2f}x "
              "as long as one alone (1.00x: the second core is a whole one)", flush=True)
    with tempfile.TemporaryDirectory(prefix="bl-bench-") as tmp:
        folder = Path(tmp)
        print(f"typesetting reports of {small} and {large} pages ...", flush=True)
        reports = {"small": make_report(small, folder), "large": make_report(large, folder),
                   "figures": make_report(small, folder, FIGURES)}

        rows = []
        measured: dict[str, dict[str, dict]] = {}
        for name in ("small", "large"):
            pdf = reports[name]
            print(f"measuring {pdf.name} ...", flush=True)
            # timed twice (fastest counts), except the large report: its runs take minutes
            measured[name] = _measure_row(pdf, runs=3 if name == "small" else 1)
            rows.append(_cells(f"{pdf.name} ({measured[name]['jobs']['pages']} p.)",
                               measured[name]))

        corpus = sorted(CORPUS.glob("*.pdf")) if not args.no_corpus else []
        for pdf in corpus:
            print(f"measuring corpus {pdf.name} ...", flush=True)
            m = measured.setdefault("corpus", {})[pdf.name] = _measure_row(pdf, runs=2)
            rows.append(_cells(f"corpus/{pdf.name[:38]} ({m['jobs']['pages']} p.)", m))

        pdf = reports["figures"]
        print(f"measuring {pdf.name} (figure pictures included) ...", flush=True)
        base, figures = fastest_pair("figures", pdf)
        measured["figures"] = {"baseline": base, "jobs": figures}

        print(f"building a site with the {small}-page report ...", flush=True)
        build = full_build(reports["small"], folder)
        print(f"whole processes on the {small}-page report ...", flush=True)
        whole = whole_process(reports["small"], folder)

    print()
    print("Conversion vs pypdf plain extract_text (seconds inside a fresh process; "
          "memory MB: sampled tree peak / largest single process)")
    _table(["PDF", "pypdf", f"convert j={default_jobs()}", "ratio", "convert j=1", "ratio",
            "ms/page", "mem MB", "mem j=1"], rows)
    print()
    if "error" in build and "convert" not in build:
        print(f"Full build ({small} pages): FAILED: {build['error']}")
    else:
        print(f"Full build ({small} pages): convert (CLI) {build['convert']:.1f} s + "
              f"mkdocs build --strict {build['build']:.1f} s = {build['total']:.1f} s")
        if "error" in build:
            print(f"  build FAILED: {build['error']}")
    print(f"Whole processes ({small} pages, interpreter start and imports included): "
          f"beleidslezer convert {whole['convert']:.2f} s (conversion, pictures, site files) "
          f"against python + pypdf extract_text {whole['pypdf']:.2f} s "
          f"({whole['convert'] / whole['pypdf']:.2f}x)")
    fig = measured["figures"]["jobs"]
    fig_base = measured["figures"]["baseline"]["seconds"]
    fig_ratio = fig["seconds"] / fig_base
    print(f"Figures ({fig['pages']} pages, {fig['figures']} figures found of {FIGURES + 1}): "
          f"convert with pictures {fig['seconds']:.2f} s against pypdf {fig_base:.2f} s "
          f"({fig_ratio:.2f}x), of which {fig['figure_wait']:.2f} s waiting for pictures the "
          f"workers made while the conversion went on; pictures alone, after a conversion, "
          f"{fig['figure_seconds']:.2f} s"
          f"{'' if fig['pictures_match'] else ' (NOT the same pictures: a defect)'}; "
          f"pictures {fig['picture_bytes'] / 1e6:.2f} MB")
    print()
    stages = measured["small"]["one"]["stages"]
    total = sum(stages.values()) or 1.0
    print(f"Stage shares, {small}-page report, jobs=1 (seconds, share of the conversion):")
    _table(["stage", "s", "share"],
           [[stage, f"{seconds:.3f}", f"{100 * seconds / total:.1f}%"]
            for stage, seconds in stages.items()])
    print()

    quick = " (--quick/--pages: not the target sizes)" if args.quick or args.pages else ""
    ratios = {name: measured[name]["jobs"]["seconds"] / measured[name]["baseline"]["seconds"]
              for name in ("small", "large")}
    worst = max(ratios.values())
    corpus_ratios = {n: m["jobs"]["seconds"] / m["baseline"]["seconds"]
                     for n, m in measured.get("corpus", {}).items()}
    corpus_note = ""
    if corpus_ratios:
        worst_corpus = max(corpus_ratios, key=corpus_ratios.get)
        corpus_note = (f"; corpus worst {corpus_ratios[worst_corpus]:.2f}x ({worst_corpus}), "
                       f"{sum(r <= RATIO_TARGET for r in corpus_ratios.values())}/"
                       f"{len(corpus_ratios)} within")
    verdict = "PASS" if worst <= RATIO_TARGET else "MISS"
    print(f"{verdict}  conversion <= {RATIO_TARGET}x plain extraction: "
          f"{ratios['small']:.2f}x ({small} p.), {ratios['large']:.2f}x ({large} p.)"
          f"{corpus_note}{quick}")
    linear = ratios["large"] <= ratios["small"] * 1.05  # 5%: the machine's noise
    print(f"{'PASS' if linear else 'MISS'}  linear cost: ratio at {large} p. "
          f"{ratios['large']:.2f}x vs {ratios['small']:.2f}x at {small} p. (within 5%){quick}")
    print(f"{'PASS' if fig_ratio <= FIGURE_RATIO_TARGET else 'MISS'}  {small} pages with "
          f"{FIGURES} figures, pictures included, <= {FIGURE_RATIO_TARGET}x plain extraction: "
          f"{fig_ratio:.2f}x{quick}")
    mb = fig["picture_bytes"] / 1e6
    print(f"{'PASS' if mb <= PICTURES_TARGET_MB else 'MISS'}  the site's pictures for it <= "
          f"{PICTURES_TARGET_MB:.0f} MB: {mb:.2f} MB{quick}")
    ok = "error" not in build and build["total"] < BUILD_TARGET_S
    shown = f"{build['total']:.1f} s" if "total" in build else "failed"
    if "error" in build:
        shown += " (build failed)"
    print(f"{'PASS' if ok else 'MISS'}  convert + mkdocs build of {small} pages < "
          f"{BUILD_TARGET_S:.0f} s: {shown}{quick}")
    memory = measured["large"]["memory"]["tree_mb"]
    single = measured["large"]["one"]["maxrss_mb"]
    print(f"{'PASS' if memory < MEMORY_TARGET_MB else 'MISS'}  memory < "
          f"{MEMORY_TARGET_MB:.0f} MB for {large} pages: {memory:.0f} MB with default jobs "
          f"(all processes), {single:.0f} MB with jobs=1{quick}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
