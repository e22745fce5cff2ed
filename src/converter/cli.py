"""`beleidslezer convert REPORT.pdf`: the command line around the pipeline.

Output appears whole or not at all: the report folder is written next to its destination
under a temporary name and swapped in only when everything succeeded. Bad input gets one line
on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

from . import __version__
from .extract import ConversionError, open_pdf
from .manifest import anchor_manifest, merge_manifests, plan_redirects
from .model import Document
from .pipeline import convert
from .render import document_to_markdown, json_text, quality_text

MODEL_FILE = "model.json"
QUALITY_FILE = "quality.json"
ANCHORS_FILE = "anchors.json"
REDIRECTS_FILE = "redirects.json"

QUALITY_LABELS = {
    "note_dot_leaders": "voetnoten met stippellijn",
    "note_long": "lange voetnoten",
    "note_uncited": "voetnoten zonder verwijzing",
    "marker_unresolved": "voetnoottekens zonder voetnoot",
    "page_columns": "pagina's in kolommen",
    "page_headings": "pagina's met veel koppen",
}

EXIT_INPUT = 1  # the input or the output folder is not usable
EXIT_ANCHORS = 3  # published anchors would vanish without a redirect
EXIT_INTERNAL = 4


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command not in ("convert", "inspect"):
        parser.print_help(sys.stderr)
        return 2
    try:
        return _convert(args) if args.command == "convert" else _inspect(args)
    except ConversionError as exc:
        print(f"beleidslezer: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("beleidslezer: afgebroken (interrupted); er is niets geschreven", file=sys.stderr)
        return 130
    except Exception as exc:  # the promise is one line, never a traceback
        if os.environ.get("BELEIDSLEZER_DEBUG"):
            raise
        print(f"beleidslezer: {args.pdf}: interne fout, er is niets geschreven "
              f"(internal error: {type(exc).__name__}: {exc})", file=sys.stderr)
        return EXIT_INTERNAL


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
                         help="also write the document model to this file")
    command.add_argument("--slug", help="name of the report folder (default: from the title)")
    command.add_argument("--title", help="the report's title (default: from the PDF's "
                                          "metadata, else the largest text on page 1)")
    command.add_argument("--password", help="password of an encrypted PDF")
    command.add_argument("--jobs", type=int, default=0,
                         help="worker processes for extraction (default: up to 4 cores)")
    command.add_argument("--allow-anchor-loss", action="store_true",
                         help="replace a report even if published anchors cannot be redirected")
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


def _convert(args: argparse.Namespace) -> int:
    pdf: Path = args.pdf
    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise ConversionError(f"{out}: is geen map (--out is not a directory)")
    if args.slug is not None and (not args.slug or not all(
            c.isalnum() or c in "-_" for c in args.slug)):
        raise ConversionError(f"--slug {args.slug!r}: alleen letters, cijfers, - en _")
    progress = _progress_bar if sys.stderr.isatty() and not args.quiet else None
    document = convert(pdf, password=args.password, slug=args.slug, title=args.title,
                       jobs=args.jobs or None, progress=progress)
    if progress:
        print(file=sys.stderr)
    target = out / document.slug
    if target.exists() and not (target / MODEL_FILE).exists():
        raise ConversionError(
            f"{target}: map bestaat al en is niet door beleidslezer gemaakt; kies --slug of "
            "een andere --out (folder exists and was not made by beleidslezer)")
    files = document_to_markdown(document)
    anchors, redirects, lost = _anchor_files(document, target)
    if lost and not args.allow_anchor_loss:
        shown = ", ".join(lost[:8]) + (" …" if len(lost) > 8 else "")
        raise_anchor = (f"{target}: {len(lost)} gepubliceerde ankers zouden verdwijnen zonder "
                        f"doorverwijzing ({shown}); gebruik --allow-anchor-loss om toch te "
                        "vervangen (published anchors would vanish)")
        print(f"beleidslezer: {raise_anchor}", file=sys.stderr)
        return EXIT_ANCHORS
    files[MODEL_FILE] = json_text(document)
    files[QUALITY_FILE] = quality_text(document)
    files[ANCHORS_FILE] = anchors
    files[REDIRECTS_FILE] = redirects
    _write_atomically(target, files, pdf, document.source.file)
    if args.json_file:
        _write_file_atomically(args.json_file, files[MODEL_FILE])
    if not args.quiet:
        _summary(document, target)
    return 0


def _anchor_files(document: Document, target: Path) -> tuple[str, str, list[str]]:
    """The anchor manifest (every anchor ever published) and the redirect map for old ones."""
    model = json.loads(json_text(document))
    old_manifest = _read_json(target / ANCHORS_FILE)
    old_redirects = _read_json(target / REDIRECTS_FILE) or {}
    redirects, lost = (plan_redirects(old_manifest, model, old_redirects) if old_manifest
                       else (dict(old_redirects), []))
    manifest = merge_manifests(old_manifest, anchor_manifest(model))
    dump = json.dumps
    return (dump(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            dump(redirects, ensure_ascii=False, indent=1, sort_keys=True) + "\n", lost)


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ConversionError(f"{path}: onleesbaar ({exc})") from exc


def _write_atomically(target: Path, files: dict[str, str], pdf: Path, pdf_name: str) -> None:
    """Build the folder beside `target`, then swap it in; the old one survives any failure."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a site folder is meant to be served
    try:
        for name, content in files.items():
            (staging / name).write_text(content, encoding="utf-8")
        shutil.copyfile(pdf, staging / pdf_name)
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            retired.rmdir()
            target.rename(retired)
            try:
                staging.rename(target)
            except OSError:
                retired.rename(target)
                raise
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_file_atomically(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] pagina {done}/{total}",
          end="", file=sys.stderr, flush=True)


def _summary(document: Document, target: Path) -> None:
    headings = len(document.sections)
    print(
        f"{target}: {document.source.pages} pagina's, {len(document.paragraphs)} alinea's, "
        f"{len(document.footnotes)} voetnoten, {headings} koppen, "
        f"{len(document.references)} bronnen, {len(document.entities)} entiteiten, "
        f"{len(document.warnings)} waarschuwingen",
        file=sys.stderr,
    )
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
