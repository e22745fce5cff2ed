"""MkDocs hook: find converted reports, check their anchors, add the register pages.

Thin by design: the work happens in bl_reports (loading), bl_registers (register pages) and
converter.manifest (anchor checks); this file only wires them to MkDocs events.

- ``on_files``: discover every ``docs/*/model.json``, fail the build when a published anchor
  no longer resolves, and add ``register/*.md`` as generated files.
- ``on_nav``: home first, then the reports (titled as in their model), then the registers.
- ``on_page_markdown``: fill the ``<!-- bl:reports -->`` and ``<!-- bl:registers -->``
  markers on the home page.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from bl_links import anchor_problems, describe_problems
from bl_registers import (
    MEMO,
    REGISTER_DIR,
    REGISTERS,
    Registers,
    plural,
)
from bl_reports import CACHE, Report
from bl_text import escape
from converter.escaping import escape_html
from converter.publish import interrupted_swaps

log = get_plugin_logger(__name__)

REPORTS_MARKER = "<!-- bl:reports -->"
REGISTERS_MARKER = "<!-- bl:registers -->"


@lru_cache(maxsize=1)
def dossier_titles() -> dict[str, str]:
    """Kamerstuk dossier titles shipped with the converter (data/dossiers.yaml)."""
    text = resources.files("converter").joinpath("data/dossiers.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    return {str(number): str(item["title"]) for number, item in data.items()}


def reports_in(files: Files, config: MkDocsConfig) -> list[Report]:
    try:
        return CACHE.load_all(config.docs_dir, (f.src_uri for f in files))
    except (OSError, ValueError) as error:
        raise PluginError(
            f"Beleidslezer: kan rapport niet lezen / cannot read report: {error}"
        ) from error


def registers_for(files: Files, config: MkDocsConfig) -> Registers:
    return MEMO.registers(reports_in(files, config), dossier_titles())


def on_files(files: Files, config: MkDocsConfig) -> Files:
    set_aside = interrupted_swaps(Path(config.docs_dir))
    if set_aside:
        # a conversion was killed mid-swap: building would publish the site without that report
        raise PluginError(
            f"Beleidslezer: een afgebroken conversie liet {', '.join(set_aside)} achter in "
            f"{config.docs_dir}; converteer opnieuw (dat zet het rapport terug) / an "
            "interrupted conversion left a report set aside: convert again"
        )
    reports = reports_in(files, config)
    for report in reports:
        problems = anchor_problems(report.model, report.anchors, report.redirects)
        if problems:
            raise PluginError(describe_problems(report.folder, problems))
    pages = MEMO.pages(reports, dossier_titles())
    for src_uri, content in pages.items():
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(
                f"{src_uri} wordt gegenereerd; verwijder het handgeschreven bestand / "
                f"is generated; remove the hand-written file"
            )
        files.append(File.generated(config, src_uri, content=content))
    log.debug("registers: %d reports, %d pages", len(reports), len(pages))
    return files


@event_priority(-50)  # after plugins that build or edit the navigation
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    reports = {r.index_uri: r for r in reports_in(files, config)}
    home: list[Any] = []
    report_items: list[Any] = []
    register_items: list[Any] = []
    others: list[Any] = []
    for item in nav.items:
        if isinstance(item, Page) and item.file.src_uri == "index.md":
            home.append(item)
        elif isinstance(item, Section) and (report := _section_report(item, reports)):
            item.title = escape_html(report.title)  # Material prints it raw
            item.children.sort(key=lambda child: _reading_rank(child, report))
            report_items.append(item)
        elif isinstance(item, Section) and _section_is(item, f"{REGISTER_DIR}/index.md"):
            item.title = "Registers"
            item.children.sort(key=_register_rank)
            register_items.append(item)
        else:
            others.append(item)
    nav.items[:] = home + report_items + others + register_items
    _relink_pages(nav)
    return nav


def _section_report(section: Section, reports: dict[str, Report]) -> Report | None:
    for child in section.children:
        if isinstance(child, Page) and child.file.src_uri in reports:
            return reports[child.file.src_uri]
    return None


def _reading_rank(item: Any, report: Report) -> tuple[int, int]:
    """Report pages in the order of the PDF (the index page first), not by file name."""
    uri = item.file.src_uri if isinstance(item, Page) else ""
    return report.reading_order.get(uri, (10**9, 0))


def _register_rank(item: Any) -> int:
    """Overview first, then the registers in the order of REGISTERS."""
    order = ["index"] + [spec.name for spec in REGISTERS]
    uri = item.file.src_uri if isinstance(item, Page) else ""
    name = posixpath.splitext(posixpath.basename(uri))[0]
    return order.index(name) if name in order else len(order)


def _section_is(section: Section, index_uri: str) -> bool:
    return any(isinstance(c, Page) and c.file.src_uri == index_uri for c in section.children)


def _relink_pages(nav: Navigation) -> None:
    """Previous/next links follow the new order of the navigation."""
    pages = list(_pages(nav.items))
    nav.pages[:] = pages
    for before, page, after in zip([None, *pages[:-1]], pages, [*pages[1:], None], strict=False):
        page.previous_page = before
        page.next_page = after


def _pages(items: Iterable[Any]) -> Iterable[Page]:
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages(item.children)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if REPORTS_MARKER not in markdown and REGISTERS_MARKER not in markdown:
        return markdown
    registers = registers_for(files, config)
    markdown = markdown.replace(REPORTS_MARKER, reports_list(registers.reports, page.file.src_uri))
    return markdown.replace(REGISTERS_MARKER, registers_list(registers, page.file.src_uri))


def reports_list(reports: list[Report], from_src: str) -> str:
    """Markdown list of the reports on the site, for the home page."""
    if not reports:
        return "*Er zijn nog geen rapporten omgezet.*"
    base = posixpath.dirname(from_src) or "."
    lines = []
    for report in reports:
        model = report.model
        link = posixpath.relpath(report.index_uri, base)
        pages = (model.get("source") or {}).get("pages") or len(model.get("pages", ()))
        chapters = len(report.chapters)
        facts = [
            plural(pages, "pagina", "pagina's"),
            plural(chapters, "hoofdstuk", "hoofdstukken"),
            plural(len(model.get("footnotes", ())), "voetnoot", "voetnoten"),
        ]
        line = f"- **[{escape(report.title)}]({link})**"
        if report.is_sample:
            line += (
                " — *voorbeeld*: een nagemaakt rapport met dezelfde opmaak, om de site te testen. "
                "Het is niet het echte rapport."
            )
        line += " (" + ", ".join(facts)
        if report.pdf_uri:
            line += f"; [bron-pdf]({posixpath.relpath(report.pdf_uri, base)})"
        lines.append(line + ")")
    return "\n".join(lines)


def registers_list(registers: Registers, from_src: str) -> str:
    base = posixpath.dirname(from_src) or "."
    lines = []
    for spec in REGISTERS:
        entries, mentions = registers.count(spec.name)
        link = posixpath.relpath(f"{REGISTER_DIR}/{spec.name}.md", base)
        lines.append(
            f"- [{escape(spec.title)}]({link}): {plural(entries, 'onderwerp', 'onderwerpen')}, "
            f"{plural(mentions, 'vermelding', 'vermeldingen')}"
        )
    overview = posixpath.relpath(f"{REGISTER_DIR}/index.md", base)
    lines.append(f"- [Overzicht van alle registers]({overview})")
    return "\n".join(lines)
