"""A minimal synchronous client for Pagefind's indexing service (``pagefind --service``).

The `pagefind` Python package speaks this protocol too, but its reader sleeps 0.1 s before
each response, so a site with thousands of paragraph records took minutes to index (200
records: 20 s). The protocol is small: base64-encoded JSON requests, each ended by a comma,
answered in kind with the request's ``message_id``. Requests are written while a thread
reads the answers, so neither pipe fills up.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.search")


class PagefindError(RuntimeError):
    pass


def pagefind_binary() -> Path:
    from pagefind.service import get_executable  # the binary of the pagefind-bin wheel

    binary = get_executable()
    if binary is None:
        raise PagefindError("Pagefind binary not found (pip install 'pagefind[bin]')")
    return Path(binary)


class PagefindService:
    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [str(pagefind_binary()), "--service"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._next_id = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self._done = threading.Condition()
        self._closed = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        stream = self._process.stdout
        assert stream is not None
        buffer = b""
        while True:
            chunk = stream.read1(65536)
            if not chunk:
                break
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for message in messages:
                if not message.strip():
                    continue
                answer = json.loads(base64.b64decode(message))
                number = answer.get("message_id")
                if number is None:  # unreadable request: the service echoes it back
                    original = (answer.get("payload") or {}).get("original_message")
                    number = json.loads(original).get("message_id") if original else -1
                with self._done:
                    self._answers[number] = answer.get("payload") or {}
                    self._done.notify_all()
        with self._done:
            self._closed = True
            self._done.notify_all()

    def send(self, payload: Mapping[str, Any]) -> int:
        self._next_id += 1
        request = {"message_id": self._next_id, "payload": dict(payload)}
        assert self._process.stdin is not None
        self._process.stdin.write(base64.b64encode(json.dumps(request).encode("utf-8")) + b",")
        return self._next_id

    def wait(self, numbers: Iterable[int], timeout: float = 600) -> list[dict[str, Any]]:
        assert self._process.stdin is not None
        self._process.stdin.flush()
        wanted = list(numbers)
        with self._done:
            ok = self._done.wait_for(
                lambda: self._closed or all(n in self._answers for n in wanted), timeout)
            if not ok or not all(n in self._answers for n in wanted):
                raise PagefindError("Pagefind service stopped answering")
            answers = [self._answers.pop(n) for n in wanted]
        for answer in answers:
            if answer.get("type") == "Error":
                raise PagefindError(str(answer.get("message")))
        return answers

    def close(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_index(records: Iterable[Mapping[str, Any]], output: Path,
                config: Mapping[str, Any]) -> int:
    """Index `records` (url, content, language, meta, filters) and write the bundle."""
    with PagefindService() as service:
        (created,) = service.wait([service.send({"type": "NewIndex", "config": dict(config)})])
        index = created["index_id"]
        sent = [service.send({"type": "AddRecord", "index_id": index, **record})
                for record in records]
        service.wait(sent)
        service.wait([service.send({"type": "WriteFiles", "index_id": index,
                                    "output_path": str(output)})])
        return len(sent)


class BundleCache:
    """Pagefind bundles by the digest of their records, kept while `mkdocs serve` runs.

    A serve rebuild after an edit that changes no record (a chapter's Markdown, the styles)
    copies the bundle it already has; one that changes records indexes again in a thread, so
    the rebuild does not wait for it (the search has the edit a few seconds later). A plain
    `mkdocs build` always indexes and waits: its output appears whole.
    """

    def __init__(self) -> None:
        self._root = Path(tempfile.mkdtemp(prefix="beleidslezer-pagefind-"))
        self._bundles: dict[str, Path] = {}
        self._lock = threading.Lock()

    @staticmethod
    def digest(records: list[Mapping[str, Any]], config: Mapping[str, Any]) -> str:
        data = json.dumps([config, records], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:20]

    def write(self, records: list[Mapping[str, Any]], output: Path,
              config: Mapping[str, Any], *, background: bool = False) -> str:
        """Put the bundle for `records` at `output`; "cached", "indexed" or "indexing"."""
        key = self.digest(records, config)
        with self._lock:
            cached = self._bundles.get(key)
            if cached is not None and cached.exists():
                _place(cached, output)
                return "cached"

        def index() -> None:
            bundle = self._root / key
            if not bundle.exists():
                write_index(records, bundle, config)
            with self._lock:
                self._bundles = {key: bundle}  # one bundle is enough to keep
                for other in self._root.iterdir():
                    if other != bundle:
                        shutil.rmtree(other, ignore_errors=True)
                _place(bundle, output)

        def index_quietly() -> None:
            try:
                index()
            except (OSError, RuntimeError) as error:  # the next rebuild places it again
                log.warning("Pagefind index not written: %s", error)

        if background:
            threading.Thread(target=index_quietly, daemon=True).start()
            return "indexing"
        index()
        return "indexed"


def _place(bundle: Path, output: Path) -> None:
    """Copy `bundle` to `output` beside it first, then swap it in: never half a bundle."""
    if not output.parent.exists():
        return  # the site folder went away (serve moved on)
    staging = output.with_name(output.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(bundle, staging)
    old = output.with_name(output.name + ".old")
    if output.exists():
        shutil.rmtree(old, ignore_errors=True)
        output.rename(old)
    staging.rename(output)
    shutil.rmtree(old, ignore_errors=True)


BUNDLES = BundleCache()
#: Whether the hooks run under `mkdocs serve` (set by on_startup; a list so it outlives the
#: hook modules, which MkDocs executes anew on each rebuild).
SERVING = [False]
