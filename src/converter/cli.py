"""`beleidslezer convert REPORT.pdf`: the command line around the pipeline.

The promise (README, "Safety"): bad input or a bad environment gets one line on stderr and
exit 1, an internal bug exit 4, never a traceback; nothing the user had is overwritten or lost;
output appears whole or not at all.

- The PDF is parsed in a child process (`_convert_in_child`) that is memory-bounded and dies
  with this one (`limits`): a decompression bomb or a pdfium crash kills the child, and this
  process reports it in one line. Its extraction workers die with it.
- Ctrl-C and SIGTERM kill the child, remove what was being written, print one line and exit
  130 or 143. From the swap on, they wait until the swap is done.
- Everything (the --json copy included) is written, synced and read back before the report
  folder is swapped in (`publish`).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import signal
import sys
import traceback
from collections import Counter
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from . import __version__
from .anchors import figure_file
from .continuity import carry_paragraph_ids, text_fingerprints
from .escaping import one_line
from .extract import ConversionError, open_pdf
from .images import FigurePictures
from .limits import InputRefused, confine, memory_limit, regular_file_size
from .manifest import anchor_manifest, merge_manifests, plan_redirects
from .model import Document
from .pipeline import convert
from .publish import (
    Existing,
    PublishError,
    commit,
    discard,
    existing_report,
    locked,
    recover,
    recover_copy,
    stage,
)
from .render import document_to_markdown, json_text, quality_text
from .report_files import ANCHORS_FILE, GENERATOR, MODEL_FILE, REDIRECTS_FILE, slug_problem

QUALITY_FILE = "quality.json"

QUALITY_LABELS = {
    "note_dot_leaders": "voetnoten met stippellijn",
    "note_long": "lange voetnoten",
    "note_uncited": "voetnoten zonder verwijzing",
    "marker_unresolved": "voetnoottekens zonder voetnoot",
    "page_columns": "pagina's in kolommen",
    "page_headings": "pagina's met veel koppen",
    "table_unrecovered": "tabellen als afbeelding (niet herkend)",
}

EXIT_INPUT = 1  # the input, the output folder or the machine is not usable as asked
EXIT_ANCHORS = 3  # published anchors would vanish without a redirect
EXIT_INTERNAL = 4  # a bug of beleidslezer
EXIT_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143}


class UserError(Exception):
    """One line for the user, exit 1."""


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived (a BaseException, so no `except Exception` swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command not in ("convert", "inspect"):
        parser.print_help(sys.stderr)
        return 2
    with _signals_raise():
        try:
            return _convert(args) if args.command == "convert" else _inspect(args)
        except (ConversionError, UserError, PublishError, InputRefused) as exc:
            _say(str(exc))
            return EXIT_INPUT
        except Interrupted as exc:
            _say(f"{args.pdf}: afgebroken ({signal.Signals(exc.signum).name}); er is niets "
                 "veranderd (interrupted; nothing changed)")
            return EXIT_SIGNAL.get(exc.signum, 128 + exc.signum)
        except Exception as exc:  # the promise is one line, never a traceback
            if os.environ.get("BELEIDSLEZER_DEBUG"):
                raise
            _say(f"{args.pdf}: interne fout, er is niets veranderd "
                 f"(internal error: {type(exc).__name__}: {exc})")
            return EXIT_INTERNAL


def _say(message: str) -> None:
    print(f"beleidslezer: {one_line(message)}", file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="beleidslezer",
        description="Zet een rapport-PDF om in Markdown voor een MkDocs-site "
                    "(turns a report PDF into Markdown for an MkDocs site).",
    )
    parser.add_argument("--version", action="version", version=f"beleidslezer {__version__}")
    commands = parser.add_subparsers(dest="command")
    command = commands.add_parser("convert", help="convert a report PDF")
    command.add_argument("pdf", type=Path, help="the report PDF")
    command.add_argument("--out", type=Path, default=Path("docs"),
                         help="site docs folder; the report gets a folder of its own in it "
                              "(default: docs)")
    command.add_argument("--json", type=Path, dest="json_file",
                         help="also write the document model to this file (outside --out)")
    command.add_argument("--slug", help="name of the report folder (default: from the title)")
    command.add_argument("--title", help="the report's title (default: from the PDF's "
                                          "metadata, else the largest text on page 1)")
    command.add_argument("--password", help="password of an encrypted PDF")
    command.add_argument("--jobs", type=int, default=0,
                         help="worker processes for extraction (default: up to 4 cores)")
    command.add_argument("--max-memory", type=int, metavar="MB",
                         help="address space each converting process may use (default: "
                              "1024 MB plus twice the PDF's size)")
    command.add_argument("--allow-anchor-loss", action="store_true",
                         help="replace a report even if published anchors cannot be redirected")
    command.add_argument("--keep-added-files", action="store_true",
                         help="keep files you added to the report folder (else: refused)")
    command.add_argument("-q", "--quiet", action="store_true", help="no summary")
    look = commands.add_parser(
        "inspect", help="draw what the converter saw on images of the pages")
    look.add_argument("pdf", type=Path, help="the report PDF")
    look.add_argument("--pages", help="pages to draw, e.g. 4-6,9 (default: all)")
    look.add_argument("--out", type=Path, default=Path("inspect"),
                      help="folder for the page images (default: inspect)")
    look.add_argument("--password", help="password of an encrypted PDF")
    return parser


def _inspect(args: argparse.Namespace) -> int:
    from .inspector import inspect, parse_pages  # Pillow drawing, only for this command

    if args.out.exists() and not args.out.is_dir():
        raise ConversionError(f"{args.out}: is geen map (--out is not a directory)")
    pages = None
    if args.pages:
        pages = parse_pages(args.pages, open_pdf(args.pdf, args.password).pages)
    for report in inspect(args.pdf, pages, args.out, args.password):
        print(f"{report.image}: {report.columns} kolom(men), {report.body} regels tekst, "
              f"{report.footnotes} regels voetnoten, {report.furniture} regels kop/voet, "
              f"{report.blocks} blokken", file=sys.stderr)
    return 0


# --- signals ----------------------------------------------------------------------------------


@contextmanager
def _signals_raise() -> Iterator[None]:
    def handler(signum: int, _frame: object) -> None:
        raise Interrupted(signum)

    previous = {s: signal.signal(s, handler) for s in EXIT_SIGNAL}
    try:
        yield
    finally:
        for s, old in previous.items():
            signal.signal(s, old)


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM wait: the swap, once begun, is finished."""
    signal.pthread_sigmask(signal.SIG_BLOCK, set(EXIT_SIGNAL))
    try:
        yield
    finally:
        # a signal that came meanwhile is dropped: the work it would have stopped is done
        pending = signal.sigpending() & set(EXIT_SIGNAL)
        for signum in pending:
            signal.signal(signum, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, set(EXIT_SIGNAL))


# --- the conversion ---------------------------------------------------------------------------


def _convert(args: argparse.Namespace) -> int:
    pdf: Path = args.pdf
    out: Path = args.out
    _check_out(out)
    if args.slug is not None and (problem := slug_problem(args.slug)):
        raise UserError(f"--slug {args.slug!r}: {problem}")
    title = one_line(args.title).strip() if args.title else None
    if args.json_file is not None:
        _check_json_copy(args.json_file, out, pdf)
    size = regular_file_size(pdf)
    progress = _progress_bar if sys.stderr.isatty() and not args.quiet else None
    document, pictures = _convert_in_child(pdf, memory_limit(size, args.max_memory),
                                           password=args.password, slug=args.slug,
                                           title=title, jobs=args.jobs or None,
                                           progress=progress)
    if progress:
        print(file=sys.stderr)
    if args.slug is None and (problem := slug_problem(document.slug)):
        raise UserError(f"{pdf}: de naam uit de titel, {document.slug[:60]!r}, kan niet: "
                        f"{problem}; kies er een met --slug")
    target = out / document.slug
    notes: list[str] = []
    with locked(out) as created:
        try:
            notes += recover(out, document.slug)
            if args.json_file is not None:
                notes += recover_copy(args.json_file)
            existing = existing_report(target)
            carried = _added_files(existing, target, args.keep_added_files)
            # a published paragraph id keeps its text; before rendering, so all files agree
            document, successors = carry_paragraph_ids(
                document, existing.model if existing else None,
                existing.manifest["anchors"] if existing else ())
            files: dict[str, str | bytes] = dict(document_to_markdown(document))
            files.update({figure_file(document.paragraphs[index].id): picture
                          for index, picture in pictures.items()})
            model = json_text(document)
            anchors, redirects, lost = _anchor_files(
                document, json.loads(model), existing, successors,
                [*files, MODEL_FILE, QUALITY_FILE], carried)
            if lost and not args.allow_anchor_loss:
                shown = ", ".join(lost[:8]) + (" …" if len(lost) > 8 else "")
                _say(f"{target}: {len(lost)} gepubliceerde ankers zouden verdwijnen zonder "
                     f"doorverwijzing ({shown}); gebruik --allow-anchor-loss om toch te "
                     "vervangen (published anchors would vanish)")
                return EXIT_ANCHORS
            files[MODEL_FILE] = model
            files[QUALITY_FILE] = quality_text(document)
            files[ANCHORS_FILE] = anchors
            files[REDIRECTS_FILE] = redirects
            staged = stage(out, document.slug, files, pdf, document.source.file,
                           document.source.sha256, {n: target / n for n in carried},
                           args.json_file)
            try:
                with _signals_deferred():
                    commit(staged, target)
            except BaseException:
                discard(staged)
                raise
        except BaseException:
            for folder in created:  # innermost first; only if still empty
                try:
                    folder.rmdir()
                except OSError:
                    break
            raise
    if not args.quiet:
        _summary(document, target, notes + [f"behouden (kept): {n}" for n in carried])
    return 0


def _check_out(out: Path) -> None:
    if out.is_symlink() and not out.exists():
        raise UserError(f"{out}: symbolische link naar niets (--out is a dangling symlink)")
    if out.exists() and not out.is_dir():
        raise UserError(f"{out}: is geen map (--out is not a directory)")


def _check_json_copy(copy: Path, out: Path, pdf: Path) -> None:
    """The --json copy goes outside the site: in --out only docs/<slug>/ is beleidslezer's."""
    where = copy.resolve()
    if where.is_relative_to(out.resolve()):
        raise UserError(f"--json {copy}: ligt in --out {out}; daar schrijft beleidslezer "
                        "alleen de map van het rapport (would overwrite site files)")
    if where.is_dir():
        raise UserError(f"--json {copy}: is een map (is a directory)")
    if where.exists() and pdf.exists() and where.samefile(pdf):
        raise UserError(f"--json {copy}: is de PDF zelf (would overwrite the input)")
    if copy.is_symlink() and not copy.exists():
        raise UserError(f"--json {copy}: symbolische link naar niets (dangling symlink)")


def _added_files(existing: Existing | None, target: Path, keep: bool) -> list[str]:
    if existing is None or not existing.added:
        return []
    shown = ", ".join(existing.added[:6]) + (" …" if len(existing.added) > 6 else "")
    if not keep:
        raise UserError(f"{target}: bevat bestanden die beleidslezer niet schreef ({shown}); "
                        "verplaats ze, of gebruik --keep-added-files om ze te houden "
                        "(files you added would be lost)")
    return existing.added


def _anchor_files(document: Document, model: dict[str, Any], existing: Existing | None,
                  successors: dict[str, str], generated: list[str], carried: list[str]
                  ) -> tuple[str, str, list[str]]:
    """The anchor manifest (every anchor ever published, paragraphs with a fingerprint of
    their text) and the redirect map for old ones; `model` is `document`'s JSON model."""
    old_manifest = existing.manifest if existing else None
    old_redirects = existing.redirects if existing else {}
    redirects, lost = (plan_redirects(old_manifest, model, old_redirects, successors)
                       if old_manifest else (dict(old_redirects), []))
    current = {**anchor_manifest(model), "texts": text_fingerprints(model["paragraphs"])}
    manifest = merge_manifests(_anchors_only(old_manifest), current)
    clash = sorted(set(carried) & {*generated, ANCHORS_FILE, REDIRECTS_FILE,
                                   document.source.file})
    if clash:
        raise UserError(f"{document.slug}: bestanden die u toevoegde hebben de naam van een "
                        f"bestand dat beleidslezer nu schrijft: {', '.join(clash)}")
    files = sorted({*generated, ANCHORS_FILE, REDIRECTS_FILE, document.source.file})
    manifest = {"generator": GENERATOR, **manifest, "files": files}
    dump = json.dumps
    return (dump(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            dump(redirects, ensure_ascii=False, indent=1, sort_keys=True) + "\n", lost)


def _anchors_only(manifest: dict[str, Any] | None) -> dict[str, Any] | None:
    if manifest is None:
        return None
    return {k: v for k, v in manifest.items() if k not in ("generator", "files")}


# --- the child that parses the PDF ----------------------------------------------------------


def _convert_in_child(pdf: Path, memory: int, **options: Any
                      ) -> tuple[Document, dict[int, bytes]]:
    """`pipeline.convert`, and the figures' pictures, in a confined child process (pdfium
    renders them); the result comes back pickled."""
    if not hasattr(os, "fork"):
        return _converted(pdf, options)
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(read_end)
            confine(parent, memory, role="converting")
            payload = pickle.dumps(_child_work(pdf, options), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
        _, status, usage = os.wait4(pid, 0)
    except BaseException:
        _kill(pid)
        raise
    if os.WIFSIGNALED(status):
        signum = os.WTERMSIG(status)
        if signum in EXIT_SIGNAL:
            raise Interrupted(signum)
        used = usage.ru_maxrss << 10
        raise UserError(_crash_message(pdf, signal.Signals(signum).name, used, memory))
    if not payload:
        raise RuntimeError(f"the converting process exited with {os.WEXITSTATUS(status)}")
    kind, value = pickle.loads(payload)
    if kind == "ok":
        return value
    if kind == "internal":
        if os.environ.get("BELEIDSLEZER_DEBUG"):
            print(value[1], file=sys.stderr)
        raise RuntimeError(value[0])
    raise UserError(value)


def _converted(pdf: Path, options: dict[str, Any]) -> tuple[Document, dict[int, bytes]]:
    pictures = FigurePictures(pdf, options.get("password"))
    document = convert(pdf, pictures=pictures, **options)
    return document, pictures.by_paragraph(document)


def _child_work(pdf: Path, options: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "ok", _converted(pdf, options)
    except ConversionError as exc:
        return "input", str(exc)
    except BrokenProcessPool:
        return "input", (f"{pdf}: een werkproces stopte onverwacht tijdens het lezen van de PDF "
                         "(geheugengrens bereikt of een fout in pdfium; beschadigde PDF?)")
    except MemoryError:
        return "input", (f"{pdf}: de PDF vraagt meer geheugen dan de grens (een 'zip-bom'? "
                         "--max-memory verhoogt de grens)")
    except Exception as exc:
        if _from_pdf_library(exc):
            return "input", (f"{pdf}: de PDF kon niet worden gelezen ({type(exc).__name__} in "
                             f"{_library_of(exc)}: {str(exc)[:200]}); beschadigd bestand?")
        return "internal", (f"{type(exc).__name__}: {exc}", traceback.format_exc())


def _library_of(exc: BaseException) -> str:
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        name = str(frame.f_globals.get("__name__", ""))
        if name.split(".")[0] in ("pypdf", "pypdfium2"):
            return name.split(".")[0]
    return ""


def _from_pdf_library(exc: BaseException) -> bool:
    """Raised inside pypdf or pypdfium2: the file's fault (or theirs), not a bug of ours."""
    return bool(_library_of(exc))


def _crash_message(pdf: Path, how: str, used: int, limit: int) -> str:
    megabytes = limit >> 20
    if used * 10 >= limit * 4:  # allocations double: a failed one started near half the limit
        return (f"{pdf}: het lezen van de PDF is afgebroken: de geheugengrens van {megabytes} "
                f"MB is bereikt ({how}; een 'zip-bom'? --max-memory verhoogt de grens); er is "
                "niets veranderd")
    return (f"{pdf}: het lezen van de PDF is afgebroken: pdfium stopte met {how} bij "
            f"{used >> 20} MB (grens {megabytes} MB); beschadigde PDF? Er is niets veranderd")


def _kill(pid: int) -> None:
    """Kill the converting child; its workers follow it (PR_SET_PDEATHSIG)."""
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] pagina {done}/{total}",
          end="", file=sys.stderr, flush=True)


def _summary(document: Document, target: Path, notes: list[str]) -> None:
    headings = len(document.sections)
    print(
        f"{target}: {document.source.pages} pagina's, {len(document.paragraphs)} alinea's, "
        f"{len(document.footnotes)} voetnoten, {headings} koppen, "
        f"{len(document.references)} bronnen, {len(document.entities)} entiteiten, "
        f"{len(document.warnings)} waarschuwingen",
        file=sys.stderr,
    )
    for note in notes:
        print(f"  {note}", file=sys.stderr)
    for warning in document.warnings:
        print(f"  waarschuwing: {warning}", file=sys.stderr)
    counts = Counter(item.kind for item in document.quality.items)
    if counts:
        shown = ", ".join(f"{QUALITY_LABELS.get(kind, kind)}: {n}"
                          for kind, n in sorted(counts.items()))
        print(f"  te controleren ({QUALITY_FILE}): {shown}", file=sys.stderr)
    if document.quality.verdict:
        print(f"  let op: {document.quality.verdict}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
