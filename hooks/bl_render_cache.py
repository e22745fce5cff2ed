"""Rendered pages kept across `mkdocs serve` rebuilds, keyed by what their HTML depends on.

Editing one hand-written page makes MkDocs render every page's Markdown again, and a
150-page report's chapters and registers take seconds. A page's HTML depends only on its
final Markdown, its place in the site, the set of files (for link resolution) and the
Markdown configuration, so a page whose key is unchanged gets its earlier result back.

Hook files are executed anew on every rebuild; this module is imported, so it (and the cache
in it) lives as long as the `mkdocs serve` process. A fresh `mkdocs build` starts empty.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Rendered:
    """What MkDocs' Page.render computes from the Markdown."""

    html: str
    toc: Any
    title: str | None
    anchor_ids: frozenset[str] | None
    links_to_anchors: Mapping[str, Mapping[str, str]] | None  # keyed by target src_uri


def site_key(src_uris: Iterable[str], markdown_config: Mapping[str, Any]) -> str:
    """What every page's rendering depends on besides its own Markdown."""
    data = json.dumps([sorted(src_uris), markdown_config], sort_keys=True, default=repr)
    return hashlib.sha256(data.encode()).hexdigest()


def page_key(site: str, src_uri: str, url: str, markdown: str) -> str:
    digest = hashlib.sha256()
    for part in (site, src_uri, url, markdown):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass
class RenderCache:
    entries: dict[str, Rendered] = field(default_factory=dict)
    site: str = ""
    pending: dict[str, tuple[str, Rendered | None]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    hits: int = 0

    def start_build(self, site: str) -> None:
        self.site, self.pending, self.used, self.hits = site, {}, set(), 0

    def lookup(self, src_uri: str, url: str, markdown: str) -> Rendered | None:
        key = page_key(self.site, src_uri, url, markdown)
        found = self.entries.get(key)
        self.pending[src_uri] = (key, found)
        self.used.add(key)
        self.hits += found is not None
        return found

    def finish(self, src_uri: str) -> tuple[str, Rendered | None] | None:
        return self.pending.pop(src_uri, None)

    def store(self, key: str, rendered: Rendered) -> None:
        self.entries[key] = rendered

    def end_build(self) -> None:
        """Keep only what this build used: the cache never outgrows one site."""
        self.entries = {k: v for k, v in self.entries.items() if k in self.used}


CACHE = RenderCache()
