"""Register pages: every law, programme, Kamerstuk and organisation the reports mention.

Collect, then render: `collect_registers` turns the models into `Entry` objects (one per law,
paper, …, merged over all reports); `render_pages` turns those into Markdown pages. Nothing
here touches MkDocs, so both can be tested with plain dicts.

Each mention shows a snippet of its sentence with the term in ``<mark>``, a deep link to the
paragraph (a relative link to the chapter's ``.md`` file, which MkDocs rewrites and checks)
and the page, linking to that page of the PDF.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bl_reports import Report
from bl_text import escape, html_id, locate, safe_url, sentence_bounds, snippet, spaced_number
from converter.escaping import front_matter
from converter.references import kamerstuk_sort_key

REGISTER_DIR = "register"


@dataclass(frozen=True)
class RegisterSpec:
    """One register page."""

    name: str  # file name without .md
    title: str
    intro: str


REGISTERS: tuple[RegisterSpec, ...] = (
    RegisterSpec(
        "wetten",
        "Wetten en EU-regelgeving",
        "Nederlandse wetten en regelingen en Europese richtlijnen en verordeningen die in de "
        "rapporten worden genoemd, met een link naar de officiële tekst.",
    ),
    RegisterSpec(
        "programmas",
        "Programma's en agenda's",
        "Programma's, agenda's en andere beleidsinitiatieven van de overheid die in de rapporten "
        "worden genoemd.",
    ),
    RegisterSpec(
        "kamerstukken",
        "Kamerstukken en andere officiële bronnen",
        "Kamerstukken per dossier, en de andere officiële publicaties waarnaar de rapporten "
        "verwijzen (Handelingen, Staatsblad, Staatscourant, uitspraken en meer), met een link "
        "naar de officiële bekendmaking.",
    ),
    RegisterSpec(
        "organisaties",
        "Organisaties",
        "Organisaties en instanties die in de rapporten worden genoemd.",
    ),
)

#: Which register page each entity kind lands on, and under which heading.
ENTITY_GROUPS: dict[str, tuple[str, str]] = {
    "law": ("wetten", "Nederlandse wet- en regelgeving"),
    "eu_act": ("wetten", "EU-regelgeving"),
    "programme": ("programmas", ""),
    "organisation": ("organisaties", ""),
}

#: Reference kinds other than Kamerstukken, in the order and with the headings they get.
REFERENCE_GROUPS: dict[str, str] = {
    "handelingen": "Handelingen",
    "aanhangsel": "Aanhangsel van de Handelingen (Kamervragen)",
    "tk_document": "Documenten van de Tweede Kamer",
    "staatsblad": "Staatsblad",
    "staatscourant": "Staatscourant",
    "tractatenblad": "Tractatenblad",
    "ecli": "Rechtspraak",
    "eu_act": "EU-regelgeving (aangehaald met nummer)",
    "pbeu": "Publicatieblad van de Europese Unie",
    "url": "Websites",
}
KAMERSTUK_KINDS = ("kamerstuk", "dossier")
OTHER_GROUP = "Overige bronnen"

_KST_KEY = re.compile(r"^kst-(?P<dossier>\d+)(?:-(?P<sub>[A-Za-z0-9]+?))?-(?P<nr>[A-Za-z0-9]+)$")
_DIGITS = re.compile(r"\d{3,}")
_NATURAL = re.compile(r"(\d+)")


# --- collect ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """One mention, already placed: where to link and what snippet to show."""

    report: str  # report folder
    chapter_file: str | None
    chapter_title: str
    section_label: str
    paragraph: str | None
    footnote: str | None
    page: int
    page_label: str
    snippet: str
    order: tuple[int, int, int, int]


@dataclass
class Entry:
    """A register entry: one law, paper, programme or organisation over all reports."""

    page: str  # register page name
    group: str  # heading inside the page ("" for none)
    key: str  # entity id or reference key
    name: str
    url: str
    kind: str
    aliases: tuple[str, ...] = ()
    mentions: list[Mention] = field(default_factory=list)
    # the converter is sure of the name (an entity without "sure": false; every reference);
    # merged over reports, one report that is sure of it is enough
    sure: bool = True

    @property
    def anchor(self) -> str:
        return html_id(self.key)


@dataclass
class Registers:
    """Everything the register pages show."""

    reports: list[Report]
    entries: dict[str, list[Entry]]  # by register page name
    dossier_titles: Mapping[str, str]

    def count(self, page: str, report: str | None = None) -> tuple[int, int]:
        """(entries, mentions) on a register page, optionally for one report."""
        entries = mentions = 0
        for entry in self.entries.get(page, ()):
            n = sum(1 for m in entry.mentions if report is None or m.report == report)
            if n:
                entries += 1
                mentions += n
        return entries, mentions


def collect_registers(reports: Iterable[Report], dossier_titles: Mapping[str, str]) -> Registers:
    reports = list(reports)
    by_key: dict[tuple[str, str], Entry] = {}
    for report_index, report in enumerate(reports):
        for entity in report.model.get("entities", ()):
            page, group = ENTITY_GROUPS.get(entity.get("kind", ""), ("organisaties", ""))
            sure = entity.get("sure") is not False
            key = ("entity", entity["id"])
            if key in by_key:
                by_key[key].sure = by_key[key].sure or sure
            entry = by_key.setdefault(
                key,
                Entry(
                    page=page,
                    group=group,
                    key=entity["id"],
                    name=entity.get("name") or entity["id"],
                    url=entity.get("url") or "",
                    kind=entity.get("kind", ""),
                    aliases=tuple(entity.get("aliases") or ()),
                    sure=sure,
                ),
            )
            _add_aliases(entry, entity.get("aliases") or ())
            entry.mentions.extend(_mentions(report, report_index, entity.get("occurrences", ())))
        for reference in report.model.get("references", ()):
            kind = reference.get("kind", "")
            group = (
                "Kamerstukken"
                if kind in KAMERSTUK_KINDS
                else REFERENCE_GROUPS.get(kind, OTHER_GROUP)
            )
            entry = by_key.setdefault(
                ("reference", reference["key"]),
                Entry(
                    page="kamerstukken",
                    group=group,
                    key=reference["key"],
                    name=reference.get("label") or reference["key"],
                    url=reference.get("url") or "",
                    kind=kind,
                ),
            )
            entry.mentions.extend(_mentions(report, report_index, reference.get("occurrences", ())))
    entries: dict[str, list[Entry]] = {spec.name: [] for spec in REGISTERS}
    for entry in by_key.values():
        entry.mentions.sort(key=lambda m: m.order)
        entries.setdefault(entry.page, []).append(entry)
    for page_entries in entries.values():
        page_entries.sort(key=_entry_sort_key)
    return Registers(reports=reports, entries=entries, dossier_titles=dossier_titles)


def _add_aliases(entry: Entry, aliases: Iterable[str]) -> None:
    known = set(entry.aliases)
    entry.aliases = entry.aliases + tuple(a for a in aliases if a not in known)


def _mentions(
    report: Report, report_index: int, occurrences: Iterable[Mapping[str, Any]]
) -> list[Mention]:
    """Mentions of one item in one report; occurrences in the same sentence become one mention."""
    grouped: dict[tuple[str | None, str | None], list[Mapping[str, Any]]] = {}
    for occurrence in occurrences:
        grouped.setdefault((occurrence.get("paragraph"), occurrence.get("footnote")), []).append(
            occurrence
        )
    mentions: list[Mention] = []
    for (paragraph_id, footnote), items in grouped.items():
        footnote_data = report.footnotes.get(str(footnote)) if footnote else None
        if footnote_data is not None:
            text = footnote_data.get("text", "")
            paragraph_id = paragraph_id or footnote_data.get("paragraph")
        else:
            text = report.paragraphs.get(paragraph_id or "", {}).get("text", "")
        # one mention per sentence
        sentences: dict[tuple[int, int], list[tuple[int, int]]] = {}
        pages: dict[tuple[int, int], int] = {}
        loose: list[Mapping[str, Any]] = []
        for occurrence in items:
            located = locate(
                text,
                int(occurrence.get("start", 0)),
                int(occurrence.get("end", 0)),
                occurrence.get("text", ""),
            )
            if located is None:
                loose.append(occurrence)
                continue
            bounds = sentence_bounds(text, *located)
            sentences.setdefault(bounds, []).append(located)
            pages.setdefault(bounds, int(occurrence.get("page") or 0))
        for bounds, ranges in sentences.items():
            mentions.append(
                _mention(
                    report,
                    report_index,
                    paragraph_id,
                    footnote,
                    pages[bounds],
                    snippet(text, ranges),
                )
            )
        for occurrence in loose:
            shown = escape(occurrence.get("text", ""))
            mentions.append(
                _mention(
                    report,
                    report_index,
                    paragraph_id,
                    footnote,
                    int(occurrence.get("page") or 0),
                    f"<mark>{shown}</mark>",
                )
            )
    return mentions


def _mention(
    report: Report,
    report_index: int,
    paragraph_id: str | None,
    footnote: str | None,
    page: int,
    shown: str,
) -> Mention:
    paragraph = report.paragraphs.get(paragraph_id or "")
    if not page:
        page = int(paragraph["page"]) if paragraph else 0
    chapter_file = report.chapter_file_of(paragraph_id)
    chapter = report.chapters.get(chapter_file or "")
    section = report.sections.get((paragraph or {}).get("section") or "")
    return Mention(
        report=report.folder,
        chapter_file=chapter_file,
        chapter_title=_section_title(chapter) if chapter else "",
        section_label=_section_title(section)
        if section
        else (_section_title(chapter) if chapter else ""),
        paragraph=paragraph_id if paragraph else None,
        footnote=str(footnote) if footnote else None,
        page=page,
        page_label=report.page_label(page) if page else "",
        snippet=shown,
        order=(
            report_index,
            report.chapter_order.get(chapter_file or "", 10_000),
            report.paragraph_order.get(paragraph_id or "", 10_000_000),
            page,
        ),
    )


def _section_title(section: Mapping[str, Any]) -> str:
    number = str(section.get("number") or "").strip()
    title = str(section.get("title") or "").strip()
    return f"{number} {title}".strip()


def _entry_sort_key(entry: Entry) -> tuple[Any, ...]:
    group_rank = _group_rank(entry)
    if entry.kind in KAMERSTUK_KINDS:
        return (group_rank, *kamerstuk_sort_key(entry.key))
    return (group_rank, _natural(entry.name.casefold()), entry.key)


def _group_rank(entry: Entry) -> int:
    if entry.page == "wetten":
        return 0 if entry.group == ENTITY_GROUPS["law"][1] else 1
    if entry.page == "kamerstukken":
        if entry.group == "Kamerstukken":
            return 0
        groups = list(REFERENCE_GROUPS.values())
        return 1 + (groups.index(entry.group) if entry.group in groups else len(groups))
    return 0


def _natural(text: str) -> tuple[Any, ...]:
    return tuple(int(part) if part.isdigit() else part for part in _NATURAL.split(text))


def dossier_of(key: str) -> str | None:
    """Dossier number (digits) of a kamerstuk or dossier key: ``kst-32847-883`` -> ``32847``."""
    match = _KST_KEY.match(key)
    if match:
        return match["dossier"]
    match = _DIGITS.search(key)
    return match.group(0) if match else None


# --- render -------------------------------------------------------------------------------


def render_pages(registers: Registers) -> dict[str, str]:
    """``{src_uri: markdown}`` for the overview and every register page."""
    pages = {f"{REGISTER_DIR}/index.md": render_overview(registers)}
    for spec in REGISTERS:
        pages[f"{REGISTER_DIR}/{spec.name}.md"] = render_register(registers, spec)
    return pages


def render_overview(registers: Registers) -> str:
    lines = [
        *_front_matter("Registers"),
        "# Registers",
        "",
        "De registers verzamelen alles waarnaar de rapporten verwijzen. Bij elke vermelding "
        "staat een stukje van de zin waarin de term voorkomt, een link naar de alinea en het "
        "paginanummer, met een link naar die pagina in de pdf.",
        "",
        "| Register | Onderwerpen | Vermeldingen |",
        "| --- | ---: | ---: |",
    ]
    for spec in REGISTERS:
        entries, mentions = registers.count(spec.name)
        lines.append(f"| [{escape(spec.title)}]({spec.name}.md) | {entries} | {mentions} |")
    lines += ["", "## Per rapport", ""]
    if not registers.reports:
        lines.append("Er zijn nog geen rapporten omgezet.")
    else:
        header = "| Rapport | " + " | ".join(escape(spec.title) for spec in REGISTERS) + " |"
        lines += [header, "| --- |" + " ---: |" * len(REGISTERS)]
        for report in registers.reports:
            link = _rel(f"{REGISTER_DIR}/index.md", report.index_uri)
            cells = [str(registers.count(spec.name, report.folder)[1]) for spec in REGISTERS]
            lines.append(f"| [{escape(report.title)}]({link}) | " + " | ".join(cells) + " |")
        lines += [
            "",
            "De getallen zijn vermeldingen: een term die twee keer in dezelfde zin staat, telt "
            "één keer.",
        ]
    return "\n".join(lines) + "\n"


def render_register(registers: Registers, spec: RegisterSpec) -> str:
    src = f"{REGISTER_DIR}/{spec.name}.md"
    entries = registers.entries.get(spec.name, [])
    lines = [*_front_matter(spec.title), f"# {escape(spec.title)}", "", spec.intro, ""]
    if not entries:
        lines += ["Er zijn in de rapporten geen vermeldingen gevonden.", ""]
        return "\n".join(lines)
    reports = {r.folder: r for r in registers.reports}
    unsure = [entry for entry in entries if not entry.sure]
    grouped = _ordered_groups([entry for entry in entries if entry.sure])
    for group, group_entries in grouped:
        level = 2
        if group:
            lines += [f"## {escape(group)}", ""]
            level = 3
        if group == "Kamerstukken":
            lines += _render_dossiers(group_entries, registers, reports, src)
            continue
        for entry in group_entries:
            lines += _render_entry(entry, level, reports, src)
    if unsure:
        lines += [f"## {UNSURE_TITLE} {{: #{UNSURE_ANCHOR} }}", "", UNSURE_INTRO, ""]
        for entry in unsure:
            lines += _render_entry(entry, 3, reports, src)
    return "\n".join(lines)


UNSURE_TITLE = "Onzeker herkend"
UNSURE_ANCHOR = "onzeker-herkend"
UNSURE_INTRO = (
    "Deze namen zijn alleen aan hun vorm herkend (zoals *Wet …*, *wetsvoorstel …* of "
    "*Taskforce …*): ze staan niet in de lijst van bekende namen, en de tekst geeft niet aan "
    "waar de naam ophoudt (geen aanhalingstekens, afkorting, jaartal of leesteken erna). "
    "Een naam kan hier dus te kort of te lang zijn: controleer hem in de tekst."
)


def _ordered_groups(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append(entry)
    return list(groups.items())


def _render_dossiers(
    entries: list[Entry], registers: Registers, reports: Mapping[str, Report], src: str
) -> list[str]:
    lines: list[str] = []
    by_dossier: dict[str, list[Entry]] = {}
    for entry in entries:
        by_dossier.setdefault(dossier_of(entry.key) or "?", []).append(entry)
    for dossier, dossier_entries in by_dossier.items():
        title = registers.dossier_titles.get(dossier, "")
        heading = f"Dossier {spaced_number(dossier)}" + (f": {title}" if title else "")
        lines += [f"### {escape(heading)} {{: #{html_id(f'dossier-{dossier}')} }}", ""]
        if dossier.isdigit():
            lines += [
                f"[Alle stukken in dossier {spaced_number(dossier)} op officielebekendmakingen.nl]"
                f"(https://zoek.officielebekendmakingen.nl/dossier/{dossier})",
                "{: .bl-entry-meta }",
                "",
            ]
        for entry in dossier_entries:
            lines += _render_entry(entry, 4, reports, src)
    return lines


def _render_entry(entry: Entry, level: int, reports: Mapping[str, Report], src: str) -> list[str]:
    classes = ".bl-entry" if entry.sure else ".bl-entry .bl-entry--unsure"
    lines = [f"{'#' * level} {escape(entry.name)} {{: #{entry.anchor} {classes} }}", ""]
    meta: list[str] = [] if entry.sure else ["*onzeker herkend*"]
    url = safe_url(entry.url) if entry.url else None
    if url:
        meta.append(f"Officiële bron: [{escape(_host(url))}]({url})")
    else:
        meta.append("Geen officiële link bekend")
    if entry.aliases:
        meta.append("ook genoemd als " + ", ".join(f"*{escape(a)}*" for a in entry.aliases))
    meta.append(plural(len(entry.mentions), "vermelding", "vermeldingen"))
    lines += [" · ".join(meta), "{: .bl-entry-meta }", ""]
    current: tuple[str, str | None] | None = None
    for mention in entry.mentions:
        report = reports.get(mention.report)
        if report is None:
            continue
        where = (mention.report, mention.chapter_file)
        if where != current:
            if current is not None:
                lines.append("")
            current = where
            label = f"**{escape(report.title)}**"
            if mention.chapter_title:
                label += f" · {escape(mention.chapter_title)}"
            lines += [label, "{: .bl-mention-group }", ""]
        lines.append("- " + _render_mention(mention, report, src))
    lines.append("")
    return lines


def _render_mention(mention: Mention, report: Report, src: str) -> str:
    parts = [f'<span class="bl-snippet">{mention.snippet}</span>']
    links: list[str] = []
    if mention.chapter_file and mention.paragraph:
        target = _rel(src, f"{report.folder}/{mention.chapter_file}")
        label = mention.section_label or "Naar de alinea"
        links.append(f"[{escape(label)}]({target}#{mention.paragraph})")
        if mention.footnote:
            links.append(f"[voetnoot {escape(mention.footnote)}]({target}#fn:{mention.footnote})")
    elif mention.footnote:
        links.append(f"voetnoot {escape(mention.footnote)}")
    if mention.page and report.pdf_uri:
        pdf = _rel(src, report.pdf_uri)
        links.append(
            f"[p. {escape(mention.page_label)}]({pdf}#page={mention.page}){{: .bl-pdf-page }}"
        )
    if links:
        parts.append(" — " + " · ".join(links))
    return "".join(parts)


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _front_matter(title: str) -> list[str]:
    return [front_matter({"title": title, "bl_register": True}), ""]


def _host(url: str) -> str:
    host = urlsplit(url).netloc
    for prefix in ("www.", "zoek."):
        host = host.removeprefix(prefix)
    return host or url


def _rel(from_src: str, to_src: str) -> str:
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


class RegisterMemo:
    """The registers and their pages, kept while the same report objects come back.

    bl_reports.CACHE returns the same Report objects while their files are unchanged, and
    this module outlives the hook files that MkDocs executes anew on each `mkdocs serve`
    rebuild, so an edit to a hand-written page does not collect and render them again.
    """

    def __init__(self) -> None:
        self._key: tuple[object, ...] = ()
        self._registers: Registers | None = None
        self._pages: dict[str, str] | None = None

    def registers(self, reports: list[Report], titles: Mapping[str, str]) -> Registers:
        key = (*map(id, reports), *sorted(titles.items()))
        if self._registers is None or key != self._key:
            self._key, self._registers, self._pages = key, collect_registers(reports, titles), None
        return self._registers

    def pages(self, reports: list[Report], titles: Mapping[str, str]) -> dict[str, str]:
        registers = self.registers(reports, titles)
        if self._pages is None:
            self._pages = render_pages(registers)
        return self._pages


MEMO = RegisterMemo()
