"""Writing a report folder into the site: all or nothing, and never over what is not ours.

A conversion ends with ``docs/<slug>/`` replaced as a whole. While it is written, the next
version lives beside it in a hidden folder (MkDocs skips names starting with a dot)::

    docs/<slug>/                 the report as readers see it
    docs/.<slug>.new-XXXXXXXX/   the next version, written, synced and read back here
    docs/.<slug>.old-XXXXXXXX/   (only without RENAME_EXCHANGE) the old version during the swap

`publish` holds an exclusive lock on ``docs/`` (flock), so two conversions into one site
cannot interleave; under it, leftovers of a killed conversion are cleaned first
(`recover`). The swap is one ``renameat2(RENAME_EXCHANGE)`` on Linux: at every instant
``docs/<slug>`` is either the old or the new report. Where the file system lacks it, the old
folder is renamed aside, the new one into place, and the old one deleted; a kill between the
two renames leaves the old report in ``.<slug>.old-*``, which the next conversion puts back
and which the site build refuses to ignore (`interrupted_swaps`).

A folder is replaced only when beleidslezer made it (``"generator"`` in model.json and
anchors.json) and holds nothing a user added; `existing_report` refuses anything else with
one line naming the files.

``BELEIDSLEZER_TEST_PAUSE=<step>`` stops the process (SIGSTOP) at that step of the swap
(`STEPS`; see `limits.pause_for_test`), so a test can kill it there;
``BELEIDSLEZER_NO_EXCHANGE=1`` takes the path without RENAME_EXCHANGE. Both exist for the
tests only.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import re
import secrets
import shutil
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .limits import pause_for_test
from .manifest import anchor_manifest
from .report_files import (
    ANCHORS_FILE,
    GENERATOR,
    MODEL_FILE,
    REDIRECTS_FILE,
    ReportFileError,
    check_anchors,
    check_model,
    load_anchors,
    load_model,
    load_redirects,
)

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h
STEPS = ("locked", "staged", "exchanged", "set-aside", "moved-in", "copy-replaced", "cleaned")


class PublishError(Exception):
    """The output cannot be written as asked; the message is one line (exit 1)."""


# --- what is there now ------------------------------------------------------------------------


@dataclass
class Existing:
    """The report currently at the target: beleidslezer's, checked, and what a user added."""

    model: dict[str, Any]
    manifest: dict[str, Any]
    redirects: dict[str, str]
    added: list[str] = field(default_factory=list)  # paths relative to the folder


def existing_report(target: Path) -> Existing | None:
    """The report at `target`, or None; PublishError if it is not one beleidslezer may replace."""
    if not target.exists() and not target.is_symlink():
        return None
    if target.is_symlink() or not target.is_dir():
        raise PublishError(f"{target}: bestaat al en is geen map van beleidslezer; kies --slug "
                           "of een andere --out (exists and was not made by beleidslezer)")
    model_path = target / MODEL_FILE
    if not model_path.is_file():
        raise PublishError(
            f"{target}: map bestaat al en is niet door beleidslezer gemaakt; kies --slug of "
            "een andere --out (folder exists and was not made by beleidslezer)")
    try:
        model = load_model(model_path)
        if model.get("generator") != GENERATOR:
            raise PublishError(
                f"{target}: map met een model.json die niet door beleidslezer is gemaakt (geen "
                "\"generator\": \"beleidslezer\"); kies --slug of een andere --out "
                "(folder was not made by beleidslezer)")
        manifest = load_anchors(target / ANCHORS_FILE)
        redirects = load_redirects(target / REDIRECTS_FILE)
    except FileNotFoundError as error:
        raise PublishError(f"{error.filename}: ontbreekt; de map is niet (meer) zoals "
                           "beleidslezer hem schreef (missing)") from error
    except ReportFileError as error:
        raise PublishError(str(error)) from error
    anchors_path = target / ANCHORS_FILE
    if manifest.get("generator") != GENERATOR:
        raise PublishError(f"{anchors_path}: niet door beleidslezer geschreven (geen "
                           "\"generator\"); de geschiedenis van de ankers is onbekend")
    missing = sorted(set(anchor_manifest(model)["anchors"]) - set(manifest["anchors"]))
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        raise PublishError(f"{anchors_path}: mist {len(missing)} ankers die model.json publiceert "
                           f"({shown}); met de hand ingekort of teruggezet? Zet het bestand "
                           "terug (anchors.json lost published anchors)")
    ours = set(manifest.get("files") or _files_of(model))
    added = [name for name in _entries(target) if name not in ours]
    return Existing(model, manifest, redirects, added)


def _files_of(model: Mapping[str, Any]) -> list[str]:
    files = {MODEL_FILE, ANCHORS_FILE, REDIRECTS_FILE, "index.md"}
    files |= {s["file"] for s in model.get("sections", ()) if s.get("file")}
    if (model.get("source") or {}).get("file"):
        files.add(model["source"]["file"])
    return sorted(files)


def _entries(folder: Path) -> list[str]:
    """Files (and empty folders, with a trailing /) under `folder`, relative, sorted."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        base = Path(root).relative_to(folder)
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]  # not walked into
        found.extend(str(base / name) if str(base) != "." else name for name in files + links)
        if not dirs and not files and root != str(folder):
            found.append(str(base) + "/")
    return sorted(found)


# --- leftovers --------------------------------------------------------------------------------


def _leftovers(out: Path, slug: str, kind: str) -> list[Path]:
    pattern = re.compile(rf"^\.{re.escape(slug)}\.{kind}-[0-9a-f]{{8}}$")
    try:
        return sorted(p for p in out.iterdir() if pattern.match(p.name))
    except FileNotFoundError:
        return []


def recover(out: Path, slug: str) -> list[str]:
    """Clean what a killed conversion into `slug` left; put a set-aside old report back.

    Runs under the lock, so no other conversion is writing these folders. Returns what was
    done, for the summary.
    """
    done: list[str] = []
    target = out / slug
    olds = _leftovers(out, slug, "old")
    if olds and not target.exists():
        newest = max(olds, key=lambda p: p.stat().st_mtime_ns)
        os.rename(newest, target)
        _sync_dir(out)
        olds.remove(newest)
        done.append(f"{target}: het vorige rapport is teruggezet uit {newest.name} "
                    "(an interrupted conversion was undone)")
    for leftover in [*olds, *_leftovers(out, slug, "new")]:
        shutil.rmtree(leftover, ignore_errors=True)
        done.append(f"{leftover.name}: overblijfsel van een afgebroken conversie opgeruimd")
    return done


def recover_copy(copy: Path) -> list[str]:
    """Remove temporary --json copies a killed conversion left beside `copy`."""
    pattern = re.compile(rf"^\.{re.escape(copy.name)}\.new-[0-9a-f]{{8}}$")
    done = []
    try:
        entries = list(copy.parent.iterdir())
    except OSError:
        return []
    for entry in entries:
        if pattern.match(entry.name) and entry.is_file():
            entry.unlink()
            done.append(f"{entry.name}: overblijfsel van een afgebroken conversie opgeruimd")
    return done


def interrupted_swaps(docs: Path) -> list[str]:
    """Report folders set aside by a conversion killed mid-swap whose place is empty."""
    found = []
    try:
        entries = list(docs.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = re.match(r"^\.(?P<slug>.+)\.old-[0-9a-f]{8}$", entry.name)
        if match and entry.is_dir() and not (docs / match["slug"]).exists():
            found.append(entry.name)
    return sorted(found)


# --- writing ----------------------------------------------------------------------------------


@contextlib.contextmanager
def locked(out: Path) -> Iterator[list[Path]]:
    """An exclusive lock on `out` (created if needed); yields the folders it created."""
    created: list[Path] = []
    try:
        created = _make_parents(out)
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        for folder in created:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise PublishError(_cannot_write(out, error)) from error
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
        pause_for_test("locked")
        yield created
    finally:
        os.close(fd)


@dataclass
class Staged:
    folder: Path
    json_copy: tuple[Path, Path] | None = None  # (temporary file, destination)
    created: list[Path] = field(default_factory=list)  # folders made for the copy


def _make_parents(folder: Path) -> list[Path]:
    missing = []
    while not folder.exists() and not folder.is_symlink():
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir()
    return missing


def stage(out: Path, slug: str, files: Mapping[str, str | bytes], pdf: Path, pdf_name: str,
          pdf_sha256: str, carried: Mapping[str, Path] | None = None,
          json_copy: Path | None = None) -> Staged:
    """Write, sync and read back the next version of the report (and the --json copy).

    `files` maps names (relative, may name subfolders) to text or bytes (a figure's image).
    `carried` maps relative names to files of the old folder that are kept (a user's).
    Nothing visible changes here; on any failure what was written is removed.
    """
    staging = out / f".{slug}.new-{secrets.token_hex(4)}"
    staged = Staged(staging)
    try:
        staging.mkdir(mode=0o755)
        staging.chmod(0o755)  # a site folder is meant to be served, whatever the umask
        for name, content in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            _write(staging / name, _bytes(content))
        shutil.copyfile(pdf, staging / pdf_name)
        for name, source in (carried or {}).items():
            if name.endswith("/"):  # an empty folder
                (staging / name).mkdir(parents=True, exist_ok=True)
                continue
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, staging / name, follow_symlinks=False)
        _sync_tree(staging)
        _verify(staging, files, pdf_name, pdf_sha256)
        if json_copy is not None:
            staged.created = _make_parents(json_copy.parent)
            temporary = json_copy.parent / f".{json_copy.name}.new-{secrets.token_hex(4)}"
            staged.json_copy = (temporary, json_copy)
            _write(temporary, _bytes(files[MODEL_FILE]), sync=True)
            if temporary.read_bytes() != _bytes(files[MODEL_FILE]):
                raise PublishError(f"{json_copy}: kopie leest niet terug zoals geschreven")
        pause_for_test("staged")
        return staged
    except BaseException as error:
        discard(staged)
        if isinstance(error, OSError):
            raise PublishError(_cannot_write(getattr(error, "filename", None) or out,
                                             error)) from error
        raise


def discard(staged: Staged) -> None:
    shutil.rmtree(staged.folder, ignore_errors=True)
    if staged.json_copy:
        with contextlib.suppress(OSError):
            staged.json_copy[0].unlink()
    for folder in staged.created:  # innermost first
        with contextlib.suppress(OSError):
            folder.rmdir()


def commit(staged: Staged, target: Path) -> None:
    """Swap the staged folder in (and the --json copy); the old report is never lost.

    Call with SIGINT and SIGTERM blocked: from the first rename on, this runs to the end.
    """
    staging = staged.folder
    out = target.parent
    if not target.exists():
        os.rename(staging, target)
        pause_for_test("moved-in")
        retired = None
    elif _exchange(staging, target):
        pause_for_test("exchanged")
        retired = staging  # now holds the old report
    else:
        retired = out / f".{target.name}.old-{secrets.token_hex(4)}"
        os.rename(target, retired)
        pause_for_test("set-aside")
        try:
            os.rename(staging, target)
        except OSError:
            os.rename(retired, target)
            raise
        pause_for_test("moved-in")
    _sync_dir(out)
    if staged.json_copy:
        temporary, destination = staged.json_copy
        try:
            os.replace(temporary, destination)
        except OSError as error:
            raise PublishError(f"{target}: rapport geschreven, maar de kopie {destination} kon "
                               f"niet worden vervangen ({error.strerror})") from error
        _sync_dir(destination.parent)
        pause_for_test("copy-replaced")
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
    pause_for_test("cleaned")


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where that is not available."""
    if os.environ.get("BELEIDSLEZER_NO_EXCHANGE") or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # this file system cannot; the caller renames in two steps
    raise OSError(code, os.strerror(code), str(b))


def _write(path: Path, data: bytes, *, sync: bool = False) -> None:
    with open(path, "wb") as stream:
        stream.write(data)
        if sync:
            stream.flush()
            os.fsync(stream.fileno())


def _bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def _verify(staging: Path, files: Mapping[str, str | bytes], pdf_name: str, pdf_sha256: str
            ) -> None:
    """Read everything back before it is published: what is on disk is what was meant."""
    for name, content in files.items():
        if (staging / name).read_bytes() != _bytes(content):
            raise PublishError(f"{staging / name}: leest niet terug zoals geschreven "
                               "(read-back mismatch; disk problem?)")
    digest = hashlib.sha256((staging / pdf_name).read_bytes()).hexdigest()
    if pdf_sha256 and digest != pdf_sha256:
        raise PublishError(f"{staging / pdf_name}: de kopie van de PDF verschilt van het "
                           "origineel (changed while converting?)")
    try:
        import json

        check_model(json.loads(files[MODEL_FILE]), staging / MODEL_FILE)
        check_anchors(json.loads(files[ANCHORS_FILE]), staging / ANCHORS_FILE)
    except (KeyError, ValueError) as error:  # a bug of ours, not the user's
        raise RuntimeError(f"the converter wrote an invalid report file: {error}") from error


def _sync_tree(folder: Path) -> None:
    for root, _dirs, files in os.walk(folder, topdown=False):
        for name in files:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _sync_dir(Path(root))


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a directory; the data itself was synced
    finally:
        os.close(fd)


def _cannot_write(path: Path | str, error: OSError) -> str:
    reason = {errno.ENOSPC: "schijf vol (disk full)", errno.EDQUOT: "quotum vol (quota)",
              errno.EROFS: "alleen-lezen bestandssysteem (read-only)",
              errno.EACCES: "geen schrijfrechten (permission denied)",
              errno.EPERM: "niet toegestaan (not permitted)",
              errno.EFBIG: "bestand te groot voor dit bestandssysteem (file too large)",
              errno.ENAMETOOLONG: "naam te lang (name too long)"}.get(
        error.errno or 0, error.strerror or str(error))
    return f"{path}: kan niet schrijven: {reason}; er is niets veranderd"
