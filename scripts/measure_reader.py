"""What a reader's browser pays, with 1, 3 and 8 reports in one site.

    python scripts/measure_reader.py [--reports 1,3,8] [--pages 150]

Builds sites from a generated report (tests/fixtures/make_sample_report.py --pages N) and
corpus PDFs (../shared/corpus), each converted once and copied into the sites, and measures
in the system Chromium, over HTTP on 127.0.0.1, each in a fresh browser context:

- a chapter page: its HTML, bytes transferred for the page with everything it loads (images
  aside), requests, DOMContentLoaded and long tasks (> 50 ms, PerformanceObserver);
- search: bytes downloaded and time from a query arriving in the search field right after
  the page loaded until the first result is in the page (timed in the page), with Pagefind
  (the served site) and with lunr (the same site built as for reading from disk, served over
  HTTP the same way);
- the whole site's HTML, the build, and a `mkdocs serve` rebuild after editing one page
  (in-process, as serve rebuilds: configuration loaded anew, everything else kept).

Prints Markdown tables; the README quotes them.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BELEIDSLEZER_SHARED", ROOT.parent / "shared"))
CHROMIUM = "/usr/bin/chromium"
#: Corpus PDFs added after the generated report, longest first.
CORPUS_ORDER = [
    "evaluatie-coronamelder-LISS-wave6.pdf",
    "kiesraad-evaluatie-vragenlijsten-GR2026.pdf",
    "rapportage-penetratietest-coronamelder.pdf",
    "codereview-coronamelder-ROS.pdf",
    "AP_advies_z2020-11824_notificatie-app.pdf",
    "ethische-analyse.pdf",
    "kst-35538-4_advies-RvS-nader-rapport.pdf",
]
QUERIES = ["asielzoekers", "32847", "inburgering"]
IMAGE_TYPES = ("image",)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class Server:
    def __init__(self, root: Path) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0),
                                         functools.partial(_Quiet, directory=str(root)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _env(offline: bool = False) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BL_OFFLINE": "true" if offline else "false"}


def convert_pool(pages: int, work: Path) -> list[Path]:
    """Every report converted once: the generated one first, then the corpus."""
    pool = work / "pool"
    pool.mkdir()
    generated = work / "generated.pdf"
    subprocess.run([sys.executable, str(ROOT / "tests/fixtures/make_sample_report.py"),
                    "--pages", str(pages), "--out", str(generated)], check=True,
                   capture_output=True)
    pdfs = [generated] + [SHARED / "corpus" / name for name in CORPUS_ORDER]
    folders = []
    for pdf in pdfs:
        before = set(pool.iterdir())
        subprocess.run([sys.executable, "-m", "converter.cli", "convert", str(pdf), "--out",
                        str(pool), "-q"], check=True, cwd=ROOT, capture_output=True)
        (new,) = set(pool.iterdir()) - before
        folders.append(new)
    return folders


def make_site(folders: list[Path], dest: Path) -> Path:
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    docs = dest / "docs"
    docs.mkdir()
    for entry in (ROOT / "docs").iterdir():
        if entry.is_dir() and (entry / "model.json").exists():
            continue
        (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, docs / entry.name)
    for folder in folders:
        shutil.copytree(folder, docs / folder.name)
    return dest


def build(root: Path, site: str, offline: bool = False) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", site], cwd=root,
                   env=_env(offline), check=True, capture_output=True)
    return time.perf_counter() - start


def rebuild_after_edit(root: Path) -> float:
    """Seconds for the rebuild `mkdocs serve` does after a hand-written page was edited."""
    code = f"""
import os, sys, time
os.chdir({str(root)!r})
from mkdocs.commands.build import build
from mkdocs.config import load_config
def once():
    config = load_config('mkdocs.yml', site_dir={str(root / 'site-serve')!r})
    config.plugins.on_startup(command='serve', dirty=False)
    build(config, serve_url='http://127.0.0.1:8000/')
once()
page = 'docs/index.md'
with open(page, 'a', encoding='utf-8') as f:
    f.write('\\nEen bewerkte regel.\\n')
times = []
for _ in range(2):
    start = time.perf_counter(); once(); times.append(time.perf_counter() - start)
print(min(times))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=_env(),
                            capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def _html_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*.html"))


def _dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def chapter_path(site: Path, folder: str) -> str:
    """A chapter page of the first report: its largest chapter short of the longest."""
    pages = sorted((p for p in (site / folder).glob("*/index.html")),
                   key=lambda p: p.stat().st_size)
    page = pages[len(pages) // 2]
    return f"{folder}/{page.parent.name}/"


LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) window.__longTasks.push(e.duration);
}).observe({type: 'longtask', buffered: true});
"""


def _context(browser, width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(LONG_TASKS)
    return context


def _track(page) -> list[tuple[str, str, int]]:
    seen: list[tuple[str, str, int]] = []

    def finished(request) -> None:
        try:
            sizes = request.sizes()
        except Exception:  # a request cut off by navigation
            return
        seen.append((request.url, request.resource_type,
                     sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    page.on("requestfinished", finished)
    return seen


def gzipped(site: Path, base: str, url: str) -> int:
    """What the file behind `url` weighs gzip-compressed, as a web server would send it."""
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(url).path).lstrip("/")
    file = site / path
    if file.is_dir() or not path:
        file = file / "index.html"
    return len(gzip.compress(file.read_bytes(), 6)) if file.is_file() else 0


def measure_page(browser, base: str, path: str, site: Path) -> dict:
    context = _context(browser)
    page = context.new_page()
    seen = _track(page)
    page.goto(base + path, wait_until="load")
    page.wait_for_timeout(1500)  # what loads after the load event (Material's scripts)
    timing = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
        return {dcl: n.domContentLoadedEventEnd, tasks: window.__longTasks}; }""")
    context.close()
    counted = [s for s in seen if s[1] not in IMAGE_TYPES]
    document = next((b for u, t, b in seen if t == "document"), 0)
    return {"html": document, "bytes": sum(b for *_, b in counted), "requests": len(counted),
            "gzip": sum(gzipped(site, base, u) for u, *_ in counted),
            "dcl": timing["dcl"], "long_tasks": len(timing["tasks"]),
            "long_ms": sum(timing["tasks"])}


def measure_search(browser, base: str, query: str, engine: str) -> dict:
    """Bytes for search and seconds from typing (right after load) to the first result."""
    context = _context(browser)
    page = context.new_page()
    seen = _track(page)
    page.goto(base, wait_until="load")
    field = ".bl-search__input" if engine == "pagefind" else ".md-search__input"
    result = ".bl-search__link" if engine == "pagefind" else ".md-search-result__item a"
    loaded = len(seen)
    page.focus(field)
    # timed in the page: from the query arriving in the field (as one input event) until the
    # first result is in the document; the harness's own round trips stay out
    elapsed = page.evaluate("""async ([field, result, query]) => {
        const input = document.querySelector(field);
        const shown = new Promise(resolve => {
          const seen = () => document.querySelector(result) && resolve(performance.now());
          new MutationObserver(seen).observe(document.body, {childList: true, subtree: true});
        });
        const start = performance.now();
        input.value = query;
        input.dispatchEvent(new Event("input", {bubbles: true}));
        input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: query.slice(-1)}));
        return ((await shown) - start) / 1000; }""", [field, result, query])
    page.wait_for_selector(result, timeout=60_000)
    page.wait_for_timeout(300)
    if engine == "pagefind":  # fetched for the query: pagefind.js, wasm, index, fragments
        used = [(u, b) for u, _, b in seen[loaded:] if "/pagefind/" in u]
    else:  # lunr's index is fetched at page load, whole, before any query can be answered
        used = [(u, b) for u, _, b in seen
                if "/search/" in u or "/lunr/" in u or "/workers/" in u]
    memory = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : 0")
    context.close()
    return {"bytes": sum(b for _, b in used), "seconds": elapsed, "requests": len(used),
            "heap": memory, "urls": [u for u, _ in used]}


def kb(n: float) -> str:
    return f"{n / 1024:.0f} KB"


def mb(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", default="1,3,8")
    parser.add_argument("--pages", type=int, default=150)
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.reports.split(",")]
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bl-measure-"))
    try:
        folders = convert_pool(args.pages, work)
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                 args=["--no-sandbox", "--disable-gpu"])
            for count in counts:
                root = make_site(folders[:count], work / f"site-{count}")
                build_s = build(root, "site")
                build(root, "site-lunr", offline=True)
                site, lunr_site = root / "site", root / "site-lunr"
                row = {"reports": count, "build": build_s, "html": _html_bytes(site),
                       "pagefind_dir": _dir_bytes(site / "pagefind"),
                       "lunr_index": (lunr_site / "search" / "search_index.json").stat().st_size}
                server, lunr_server = Server(site), Server(lunr_site)
                try:
                    chapter = chapter_path(site, folders[0].name)
                    row["chapter"] = measure_page(browser, server.base, chapter, site)
                    row["pagefind"] = [measure_search(browser, server.base, q, "pagefind")
                                       for q in QUERIES]
                    row["lunr"] = [measure_search(browser, lunr_server.base, q, "lunr")
                                   for q in QUERIES]
                    for m in row["pagefind"]:
                        m["gzip"] = sum(gzipped(site, server.base, u) for u in m["urls"])
                    for m in row["lunr"]:
                        m["gzip"] = sum(gzipped(lunr_site, lunr_server.base, u)
                                        for u in m["urls"])
                finally:
                    server.close()
                    lunr_server.close()
                row["rebuild"] = rebuild_after_edit(root)
                rows.append(row)
                print(f"measured {count} report(s)", file=sys.stderr)
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"Reports: a generated {args.pages}-page report, then corpus PDFs "
          f"({', '.join(CORPUS_ORDER[: max(counts) - 1])}).\n")
    print("| reports | chapter page HTML | chapter page, all it loads (images aside): raw / "
          "gzip | requests | DOMContentLoaded | long tasks | whole-site HTML | build s | "
          "serve rebuild s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        c = r["chapter"]
        print(f"| {r['reports']} | {kb(c['html'])} | {kb(c['bytes'])} / {kb(c['gzip'])} | "
              f"{c['requests']} | "
              f"{c['dcl']:.0f} ms | {c['long_tasks']} ({c['long_ms']:.0f} ms) | {mb(r['html'])} | "
              f"{r['build']:.1f} | {r['rebuild']:.1f} |")
    print()
    print(f"First search, the query arriving in the field right after the page loaded, timed in "
          f"the page until the first result is shown (queries: {', '.join(QUERIES)}; "
          "median, and the largest):\n")
    print("| reports | Pagefind: bytes (gzip) | Pagefind: to first result | lunr: bytes "
          "(gzip) | lunr: to first result | lunr: JS heap |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        pf, lu = r["pagefind"], r["lunr"]
        print(f"| {r['reports']} | {kb(statistics.median(m['bytes'] for m in pf))}, max "
              f"{kb(max(m['bytes'] for m in pf))} ({kb(max(m['gzip'] for m in pf))}) | "
              f"{statistics.median(m['seconds'] for m in pf):.2f} s (max "
              f"{max(m['seconds'] for m in pf):.2f} s) | {mb(lu[0]['bytes'])} "
              f"({mb(lu[0]['gzip'])}) | {statistics.median(m['seconds'] for m in lu):.2f} s "
              f"(max {max(m['seconds'] for m in lu):.2f} s) | "
              f"{mb(statistics.median(m['heap'] for m in lu))} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
