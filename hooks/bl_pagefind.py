"""Search records for Pagefind: one per paragraph, footnote and register entry.

Pagefind splits its index into fragments a browser fetches per query, so the bytes a first
search costs stay small however many reports the site holds (lunr downloads the whole index
first; see the README's measurements). It stems Dutch, so "asielzoeker" finds "asielzoekers".

A reader wants the paragraph, not the page: each paragraph becomes a record of its own with
its anchor as URL. A paragraph citing "Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883"
in a footnote should be found by "32847", "32 847" and "kst-32847-883", and the result should
show why it was found. So a paragraph's record holds its text, then the text of each of its
footnotes, each followed by the forms a reader may type for what it cites; Pagefind's excerpt
then shows the footnote and the citation around the hit. Footnotes get records of their own
too, and register entries one per law, programme, Kamerstuk or organisation.

Pure functions over the models; `hooks/search.py` hands the records to Pagefind.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bl_registers import REGISTER_DIR, REGISTERS, Registers
from bl_reports import Report
from bl_search import entity_terms, reference_terms
from bl_text import paragraph_text, spaced_number

LANGUAGE = "nl"
#: Pagefind splits words at a hyphen but not at a dash: "2018–2022" would not be found by
#: "2022". In the searched text a dash between two words becomes a hyphen.
_DASH_IN_WORD = re.compile(r"(?<=\w)[\u2010-\u2015](?=\w)")


def searchable(text: str) -> str:
    return _DASH_IN_WORD.sub("-", text)


@dataclass(frozen=True)
class Record:
    """One search result: where it leads (site-relative URL), what is searched and shown."""

    url: str
    content: str
    title: str
    kind: str  # paragraph, footnote, register, page
    report: str = ""  # report title ("" outside reports)
    page_label: str = ""
    filters: Mapping[str, list[str]] = field(default_factory=dict)

    def meta(self) -> dict[str, str]:
        meta = {"title": self.title, "kind": self.kind}
        if self.report:
            meta["report"] = self.report
        if self.page_label:
            meta["page"] = self.page_label
        return meta


def _terms_by_place(model: Mapping[str, Any]) -> tuple[dict[str, list[str]],
                                                        dict[str, list[str]]]:
    """Citation and name forms, ``({paragraph id: terms}, {footnote number: terms})``.

    Unlike the lunr keywords, a footnote's terms stay with the footnote (they follow its text
    in the paragraph's record), so only what the paragraph's own text cites is the paragraph's.
    """
    in_text: dict[str, list[str]] = {}
    in_note: dict[str, list[str]] = {}
    for kind, terms_of in (("references", reference_terms), ("entities", entity_terms)):
        for item in model.get(kind, ()):
            terms = terms_of(item)
            for occurrence in item.get("occurrences", ()):
                if occurrence.get("footnote"):
                    _extend(in_note.setdefault(str(occurrence["footnote"]), []), terms)
                elif occurrence.get("paragraph"):
                    _extend(in_text.setdefault(occurrence["paragraph"], []), terms)
    return in_text, in_note


def _extend(terms: list[str], new: Iterable[str]) -> None:
    for term in new:
        if term and term not in terms:
            terms.append(term)


def _with_terms(text: str, terms: Iterable[str]) -> str:
    """`text` followed by the terms it does not already contain, in brackets."""
    missing = [t for t in terms if t.casefold() not in text.casefold()]
    return f"{text} [{' · '.join(missing)}]" if missing else text


def report_records(report: Report, page_url: Callable[[str], str | None]) -> list[Record]:
    """Records for the paragraphs and footnotes of one report.

    `page_url` maps a Markdown source path (relative to docs/) to its page URL in the site
    ("slug/hoofdstuk-2/"), or None when the page was not built.
    """
    in_text, in_note = _terms_by_place(report.model)
    records: list[Record] = []

    def url_of(model_url: str, anchor: str) -> str | None:
        page = page_url(report.src_uri_of(model_url))
        return None if page is None else f"{page}#{anchor}"

    def note_text(number: str) -> str:
        note = report.footnotes.get(number)
        if note is None:
            return ""
        return _with_terms(f"Voetnoot {number}: {note.get('text', '')}", in_note.get(number, ()))

    for paragraph in report.model.get("paragraphs", ()):
        url = url_of(paragraph["url"], paragraph["id"])
        if url is None:
            continue
        text = paragraph_text(paragraph)
        if paragraph.get("marker"):
            text = f"{paragraph['marker']} {text}"
        parts = [_with_terms(text, in_text.get(paragraph["id"], ()))]
        seen: set[str] = set()
        for number in paragraph.get("footnotes", ()):
            if str(number) not in seen and (shown := note_text(str(number))):
                seen.add(str(number))
                parts.append(shown)
        records.append(Record(
            url=url, content=searchable("\n".join(parts)), title=_section_title(report, paragraph),
            kind="paragraph", report=report.title,
            page_label=report.page_label(int(paragraph.get("page") or 0)),
            filters={"rapport": [report.title]}))
    for note in report.model.get("footnotes", ()):
        number = str(note["number"])
        url = url_of(note["url"], str(note.get("id") or f"fn:{number}"))
        if url is None:
            continue
        paragraph = report.paragraphs.get(note.get("paragraph") or "") or {}
        where = _section_title(report, paragraph) if paragraph else report.title
        records.append(Record(
            url=url, content=searchable(note_text(number)), title=f"Voetnoot {number} · {where}",
            kind="footnote", report=report.title,
            page_label=report.page_label(int(note.get("page") or 0)),
            filters={"rapport": [report.title]}))
    return records


def _section_title(report: Report, paragraph: Mapping[str, Any]) -> str:
    section = report.sections.get(paragraph.get("section") or "") or {}
    title = f"{section.get('number') or ''} {section.get('title') or ''}".strip()
    return title or report.title


def register_records(registers: Registers, page_url: Callable[[str], str | None]
                     ) -> list[Record]:
    """One record per register entry: its name, its other names and its citation forms."""
    titles = {spec.name: spec.title for spec in REGISTERS}
    report_titles = {r.folder: r.title for r in registers.reports}
    records: list[Record] = []
    for name, entries in registers.entries.items():
        page = page_url(posixpath.join(REGISTER_DIR, f"{name}.md"))
        if page is None:
            continue
        for entry in entries:
            if not entry.mentions:
                continue
            forms = [entry.name, *entry.aliases]
            if entry.kind in ("kamerstuk", "dossier"):
                forms += reference_terms({"kind": entry.kind, "key": entry.key})
            elif entry.key.isdigit():
                forms.append(spaced_number(entry.key))
            reports = sorted({report_titles.get(m.report, m.report) for m in entry.mentions})
            content = _with_terms(entry.name, forms[1:]) + (
                f". Register: {titles.get(name, name)}; "
                f"{len(entry.mentions)} vermelding{'en' if len(entry.mentions) != 1 else ''}.")
            records.append(Record(
                url=f"{page}#{entry.anchor}", content=content,
                title=f"{entry.name} · register {titles.get(name, name).lower()}",
                kind="register", filters={"rapport": reports} if reports else {}))
    return records
