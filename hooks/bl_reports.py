"""Converted reports in the docs folder: discovery, cached loading and lookups.

A converted report is a folder ``docs/<slug>/`` with ``model.json`` (the document model),
optionally ``anchors.json`` (every anchor ever published) and ``redirects.json``. This module
knows nothing about MkDocs: the hooks hand it source paths, it hands back `Report` objects.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from converter.report_files import (
    ANCHORS_FILE,
    MODEL_FILE,
    REDIRECTS_FILE,
    SLUG,
    ReportFileError,
    load_anchors,
    load_model,
    load_redirects,
)

# not a hidden folder: a conversion writes the next version in .<slug>.new-* (MkDocs hands
# hooks those files too, marked excluded)
_MODEL_URI = re.compile(r"^(?P<folder>[^/.][^/]*)/model\.json$")

#: Words in a model's title, slug or source file that mark a synthetic sample report.
SAMPLE_MARKERS = ("sample", "voorbeeld", "synthetisch")


def report_folders(src_uris: Iterable[str]) -> list[str]:
    """Folders (directly under docs/) that hold a ``model.json``, in name order."""
    return sorted(m["folder"] for uri in src_uris if (m := _MODEL_URI.match(uri)))


@dataclass
class Report:
    """One converted report, with the lookups the registers and hooks need."""

    folder: str  # folder under docs/, normally the slug
    model: dict[str, Any]
    anchors: dict[str, Any] | None = None  # anchors.json, when present
    redirects: dict[str, str] = field(default_factory=dict)  # redirects.json

    @property
    def slug(self) -> str:
        return str(self.model.get("slug") or self.folder)

    @property
    def title(self) -> str:
        return str(self.model.get("title") or self.folder)

    @property
    def pdf_uri(self) -> str | None:
        """Source path of the PDF copy, relative to docs/."""
        name = (self.model.get("source") or {}).get("file")
        return f"{self.folder}/{name}" if name else None

    @property
    def index_uri(self) -> str:
        return f"{self.folder}/index.md"

    @property
    def is_sample(self) -> bool:
        """Whether this is a synthetic sample rather than a real publication."""
        if self.model.get("sample"):
            return True
        source = (self.model.get("source") or {}).get("file", "")
        haystack = " ".join((self.title, self.slug, str(source))).lower()
        return any(marker in haystack for marker in SAMPLE_MARKERS)

    @cached_property
    def paragraphs(self) -> dict[str, dict[str, Any]]:
        return {p["id"]: p for p in self.model.get("paragraphs", ())}

    @cached_property
    def paragraph_order(self) -> dict[str, int]:
        return {p["id"]: i for i, p in enumerate(self.model.get("paragraphs", ()))}

    @cached_property
    def sections(self) -> dict[str, dict[str, Any]]:
        return {s["id"]: s for s in self.model.get("sections", ())}

    @cached_property
    def footnotes(self) -> dict[str, dict[str, Any]]:
        return {str(f["number"]): f for f in self.model.get("footnotes", ())}

    @cached_property
    def page_labels(self) -> dict[int, str]:
        return {
            int(p["number"]): str(p.get("label") or p["number"])
            for p in self.model.get("pages", ())
        }

    @cached_property
    def chapters(self) -> dict[str, dict[str, Any]]:
        """The top-level section of each chapter file, by file name."""
        chapters: dict[str, dict[str, Any]] = {}
        for section in self.model.get("sections", ()):
            file = section.get("file")
            if not file:
                continue
            current = chapters.get(file)
            if current is None or int(section.get("level", 9)) < int(current.get("level", 9)):
                chapters[file] = section
        return chapters

    @cached_property
    def chapter_order(self) -> dict[str, int]:
        files: dict[str, int] = {}
        for section in self.model.get("sections", ()):
            if section.get("file"):
                files.setdefault(section["file"], len(files))
        return files

    @cached_property
    def reading_order(self) -> dict[str, tuple[int, int]]:
        """``{src_uri: (first PDF page, position)}`` of each Markdown file of the report."""
        order: dict[str, tuple[int, int]] = {self.index_uri: (-1, -1)}
        position = 0
        for list_name, page_field in (
            ("pages", "number"),
            ("sections", "page"),
            ("paragraphs", "page"),
        ):
            for item in self.model.get(list_name, ()):
                if not item.get("url"):
                    continue
                src = self.src_uri_of(item["url"])
                page = int(item.get(page_field) or 0)
                position += 1
                if src not in order or (page, position) < order[src]:
                    order[src] = (page, position)
        return order

    def page_label(self, page: int) -> str:
        return self.page_labels.get(int(page), str(page))

    def src_uri_of(self, url: str) -> str:
        """Markdown source (relative to docs/) of a site-relative URL from the model.

        ``slug/02-migratie/#p28-3`` -> ``slug/02-migratie.md``; ``slug/#x`` -> ``slug/index.md``.
        Works for directory URLs and for ``.html`` URLs.
        """
        path = url.split("#", 1)[0]
        if path.endswith(".html"):
            path = path[: -len(".html")]
            return "index.md" if path == "index" else path + ".md"
        path = path.strip("/")
        if not path:
            return "index.md"
        if path == self.folder or ("/" not in path and path == self.slug):
            return f"{self.folder}/index.md"
        return path + ".md"

    def chapter_file_of(self, paragraph_id: str | None) -> str | None:
        """Chapter file (relative to the report folder) of a paragraph."""
        paragraph = self.paragraphs.get(paragraph_id or "")
        if paragraph is None:
            return None
        section = self.sections.get(paragraph.get("section") or "")
        if section and section.get("file"):
            return str(section["file"])
        src = self.src_uri_of(paragraph["url"])
        return posixpath.relpath(src, self.folder)


class ReportCache:
    """Loads report folders, re-reading a folder only when one of its JSON files changed.

    ``mkdocs serve`` rebuilds the whole site when any page changes; keeping the parsed models
    (keyed by path, modification time and size) keeps those rebuilds fast.
    """

    def __init__(self) -> None:
        self._reports: dict[str, tuple[tuple[Any, ...], Report]] = {}

    def load(self, docs_dir: str | os.PathLike[str], folder: str) -> Report:
        base = Path(docs_dir) / folder
        paths = [base / MODEL_FILE, base / ANCHORS_FILE, base / REDIRECTS_FILE]
        stamp = tuple(_stamp(p) for p in paths)
        key = str(base)
        cached = self._reports.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        if not SLUG.match(folder):
            # its name goes into the registers' links as it is
            raise ReportFileError(base, "mapnaam van een rapport mag alleen letters, cijfers, "
                                  "- en _ bevatten (report folder name)")
        # checked as the converter writes them: a hand edit gives one line, not a traceback
        model = load_model(paths[0])
        anchors = load_anchors(paths[1]) if paths[1].exists() else None
        redirects = load_redirects(paths[2]) if paths[2].exists() else {}
        report = Report(folder=folder, model=model, anchors=anchors, redirects=redirects)
        self._reports[key] = (stamp, report)
        return report

    def load_all(self, docs_dir: str | os.PathLike[str], src_uris: Iterable[str]) -> list[Report]:
        """Every report under docs_dir, ordered by title."""
        reports = [self.load(docs_dir, folder) for folder in report_folders(src_uris)]
        return sorted(reports, key=lambda r: (r.title.casefold(), r.folder))


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def report_of(reports: Iterable[Report], src_uri: str) -> Report | None:
    """The report whose folder holds this page, if any."""
    folder = src_uri.split("/", 1)[0] if "/" in src_uri else None
    return next((r for r in reports if r.folder == folder), None)


def occurrences_by_paragraph(
    items: Iterable[Mapping[str, Any]],
) -> dict[str, list[tuple[Mapping[str, Any], Mapping[str, Any]]]]:
    """``{paragraph_id: [(reference_or_entity, occurrence), …]}`` over references/entities."""
    result: dict[str, list[tuple[Mapping[str, Any], Mapping[str, Any]]]] = {}
    for item in items:
        for occurrence in item.get("occurrences", ()):
            paragraph = occurrence.get("paragraph")
            if paragraph:
                result.setdefault(paragraph, []).append((item, occurrence))
    return result


#: One cache for the whole process: hooks modules live as long as ``mkdocs serve`` runs.
CACHE = ReportCache()
