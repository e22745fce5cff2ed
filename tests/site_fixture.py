"""A site to test against: a copy of the hand-written site plus converted reports.

`synthetic_reports` writes two small reports in exactly the converter's output format
(model.json, index.md, chapter Markdown with attr_list anchors, footnotes, citation links,
entity spans, abbreviations, the PDF, anchors.json and redirects.json). `sample_report`
converts the sample PDF with the real converter, when it is there. `build_site` copies
mkdocs.yml, hooks/, overrides/ and the hand-written docs into a temporary folder, adds the
reports and runs `mkdocs build --strict`.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from converter.manifest import anchor_manifest
from pdf_bytes import raw_pdf

SAMPLE_PDF = ROOT / "samples" / "staat-van-migratie-sample.pdf"
SAMPLE_MAKER = ROOT / "tests" / "fixtures" / "make_sample_report.py"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_TOKEN = re.compile(r"\[\^(?P<note>\w+)\]|\{\{page:(?P<page>\d+)\}\}")


# --- a tiny report description, turned into the converter's output -------------------------


@dataclass
class Para:
    """A paragraph; `text` may hold footnote markers ``[^3]`` and page starts ``{{page:4}}``."""

    id: str
    section: str
    text: str
    kind: str = "paragraph"


@dataclass
class Section:
    id: str
    level: int
    number: str
    title: str
    page: int
    paragraphs: list[Para] = field(default_factory=list)


@dataclass
class Chapter:
    file: str
    sections: list[Section]


@dataclass
class Item:
    """A reference (kind in reference kinds) or entity, and the texts where it occurs."""

    kind: str
    key: str
    name: str
    url: str
    mentions: list[tuple[str, str]]  # (paragraph id or "fn:N", exact text)
    aliases: tuple[str, ...] = ()
    entity: bool = False


@dataclass
class ReportSpec:
    title: str
    slug: str
    labels: dict[int, str]  # PDF page -> printed label
    front_pages: list[int]  # pages whose anchor sits on the report's index page
    chapters: list[Chapter]
    footnotes: dict[str, str]  # number -> text
    items: list[Item]
    abbreviations: dict[str, str]
    extra_published: dict[str, str] = field(default_factory=dict)  # old anchor -> redirect
    sample: bool = False
    publisher: str = ""  # issuing body, as a converter that finds it writes it in the model

    @property
    def pdf(self) -> str:
        return f"{self.slug}.pdf"


def md_escape(text: str) -> str:
    return html.escape(_MD_SPECIAL.sub(r"\\\1", text), quote=False)


def _parse(text: str) -> tuple[str, list[tuple[int, str]], list[tuple[int, int]]]:
    """Plain text, footnote marks (offset, number) and page starts (offset, page)."""
    plain: list[str] = []
    marks: list[tuple[int, str]] = []
    breaks: list[tuple[int, int]] = []
    cursor = 0
    length = 0
    for match in _TOKEN.finditer(text):
        chunk = text[cursor : match.start()]
        plain.append(chunk)
        length += len(chunk)
        if match["note"]:
            marks.append((length, match["note"]))
        else:
            breaks.append((length, int(match["page"])))
        cursor = match.end()
    plain.append(text[cursor:])
    return "".join(plain), marks, breaks


class _Builder:
    def __init__(self, spec: ReportSpec) -> None:
        self.spec = spec
        self.counters: dict[str, int] = {}
        self.texts: dict[str, str] = {}  # paragraph id or fn:N -> plain text
        self.occ: dict[str, list[tuple[int, int, Item, str]]] = {}  # where -> ranges
        self.item_occurrences: dict[str, list[dict[str, Any]]] = {}

    def url(self, file: str, anchor: str) -> str:
        page = file[: -len(".md")]
        path = f"{self.spec.slug}/" if page == "index" else f"{self.spec.slug}/{page}/"
        return f"{path}#{anchor}"

    def build(self) -> tuple[dict[str, Any], dict[str, str]]:
        spec = self.spec
        paragraphs: list[dict[str, Any]] = []
        sections: list[dict[str, Any]] = []
        page_files: dict[int, str] = {p: "index.md" for p in spec.front_pages}
        para_info: dict[
            str, tuple[Para, str, int, list[int], list[tuple[int, str]], list[tuple[int, int]]]
        ] = {}
        fn_paragraph: dict[str, str] = {}
        fn_page: dict[str, int] = {}
        for chapter in spec.chapters:
            for section in chapter.sections:
                sections.append(
                    {
                        "id": section.id,
                        "level": section.level,
                        "number": section.number,
                        "title": section.title,
                        "page": section.page,
                        "url": self.url(chapter.file, section.id),
                        "file": chapter.file,
                    }
                )
                page = section.page
                for para in section.paragraphs:
                    plain, marks, breaks = _parse(para.text)
                    start_page = breaks[0][1] if breaks and breaks[0][0] == 0 else page
                    pages = sorted({start_page, *(b for _, b in breaks)})
                    for _, b in breaks:
                        page_files[b] = chapter.file
                    page = pages[-1]
                    self.texts[para.id] = plain
                    para_info[para.id] = (para, chapter.file, start_page, pages, marks, breaks)
                    for offset, number in marks:
                        fn_paragraph[number] = para.id
                        before = [b for o, b in breaks if o <= offset]
                        fn_page[number] = before[-1] if before else start_page
        for number, text in spec.footnotes.items():
            self.texts[f"fn:{number}"] = text
        # locate mentions
        references: list[dict[str, Any]] = []
        entities: list[dict[str, Any]] = []
        for item in spec.items:
            occurrences = []
            for where, text in item.mentions:
                haystack = self.texts[where]
                taken = [r for r in self.occ.get(where, [])]
                start = haystack.find(text)
                while start >= 0 and any(
                    s < start + len(text) and start < e for s, e, _, _ in taken
                ):
                    start = haystack.find(text, start + 1)
                assert start >= 0, (where, text)
                end = start + len(text)
                n = self.counters[item.key] = self.counters.get(item.key, 0) + 1
                occ_id = f"{'ent' if item.entity else 'ref'}-{item.key}-{n}"
                self.occ.setdefault(where, []).append((start, end, item, occ_id))
                if where.startswith("fn:"):
                    number = where[3:]
                    paragraph, footnote, page = fn_paragraph[number], number, fn_page[number]
                else:
                    paragraph, footnote = where, None
                    info = para_info[where]
                    before = [b for o, b in info[5] if o <= start]
                    page = before[-1] if before else info[2]
                occurrences.append(
                    {
                        "id": occ_id,
                        "paragraph": paragraph,
                        "footnote": footnote,
                        "page": page,
                        "start": start,
                        "end": end,
                        "text": text,
                    }
                )
            if item.entity:
                entities.append(
                    {
                        "kind": item.kind,
                        "id": item.key,
                        "name": item.name,
                        "aliases": list(item.aliases),
                        "url": item.url,
                        "occurrences": occurrences,
                    }
                )
            else:
                references.append(
                    {
                        "kind": item.kind,
                        "key": item.key,
                        "label": item.name,
                        "url": item.url,
                        "occurrences": occurrences,
                    }
                )
        for pid, (para, file, start_page, pages, marks, _breaks) in para_info.items():
            paragraphs.append(
                {
                    "id": pid,
                    "section": para.section,
                    "page": start_page,
                    "pages": pages,
                    "kind": para.kind,
                    "text": self.texts[pid],
                    "footnotes": [n for _, n in marks],
                    "url": self.url(file, pid),
                }
            )
        footnotes = [
            {
                "number": n,
                "id": f"fn:{n}",
                "page": fn_page[n],
                "text": t,
                "paragraph": fn_paragraph[n],
                "url": self.url(self._file_of(fn_paragraph[n], para_info), f"fn:{n}"),
            }
            for n, t in spec.footnotes.items()
        ]
        page_count = max(spec.labels)
        model = {
            "schema": 1,
            "title": spec.title,
            "slug": spec.slug,
            "source": {"file": spec.pdf, "pages": page_count, "sha256": "0" * 64},
            "pages": [
                {
                    "number": n,
                    "label": spec.labels[n],
                    "id": f"page-{n}",
                    "url": self.url(page_files[n], f"page-{n}"),
                }
                for n in sorted(spec.labels)
            ],
            "sections": sections,
            "paragraphs": paragraphs,
            "footnotes": footnotes,
            "references": references,
            "entities": entities,
            "abbreviations": [{"abbr": a, "expansion": e} for a, e in spec.abbreviations.items()],
            "warnings": [],
        }
        if spec.sample:
            model["sample"] = True
        if spec.publisher:
            model["publisher"] = spec.publisher
        return model, self.markdown(para_info)

    @staticmethod
    def _file_of(pid: str, para_info: dict[str, Any]) -> str:
        return para_info[pid][1]

    def render_text(
        self,
        where: str,
        marks: Iterable[tuple[int, str]] = (),
        breaks: Iterable[tuple[int, int]] = (),
    ) -> str:
        text = self.texts[where]
        labels = self.spec.labels
        points: list[tuple[int, int, str]] = []
        for offset, number in marks:
            points.append((offset, 1, f"[^{number}]"))
        for offset, page in breaks:
            points.append(
                (
                    offset,
                    0,
                    _page_span(page, labels[page]),
                )
            )
        ranges = sorted(self.occ.get(where, []), key=lambda r: r[0])
        out: list[str] = []
        cursor = 0
        events = sorted(
            [(s, 2, ("range", (s, e, item, occ_id))) for s, e, item, occ_id in ranges]
            + [(o, k, ("point", v)) for o, k, v in points],
            key=lambda x: (x[0], x[1]),
        )
        for position, _, (kind, value) in events:
            if position < cursor:
                continue
            out.append(md_escape(text[cursor:position]))
            cursor = position
            if kind == "point":
                out.append(value)  # type: ignore[arg-type]
                continue
            s, e, item, occ_id = value  # type: ignore[misc]
            shown = md_escape(text[s:e])
            if item.entity:
                out.append(
                    f'<span class="bl-entity" id="{occ_id}" data-entity="{item.key}">{shown}</span>'
                )
            else:
                out.append(f'[{shown}]({item.url}){{: #{occ_id} .bl-ref data-key="{item.key}" }}')
            cursor = e
        out.append(md_escape(text[cursor:]))
        return "".join(out)

    def markdown(self, para_info: dict[str, Any]) -> dict[str, str]:
        spec = self.spec
        files: dict[str, str] = {}
        for chapter in spec.chapters:
            first = chapter.sections[0]
            pages = [
                page
                for pid, info in para_info.items()
                if info[1] == chapter.file
                for page in info[3]
            ]
            lines = [
                "---",
                f"title: {first.number} {first.title}",
                f"report: {spec.slug}",
                f"report_title: {spec.title}",
                f"pdf: {spec.pdf}",
                f"source_pages: [{min(pages)}, {max(pages)}]",
                "---",
                "",
            ]
            used_notes: list[str] = []
            for section in chapter.sections:
                lines += [
                    f"{'#' * section.level} {section.number} {md_escape(section.title)} "
                    f"{{: #{section.id} }}",
                    "",
                ]
                for para in section.paragraphs:
                    _, _file, start_page, _, marks, breaks = para_info[para.id]
                    used_notes += [n for _, n in marks]
                    body = self.render_text(para.id, marks, breaks)
                    label = spec.labels[start_page]
                    attrs = (
                        f'{{: #{para.id} .bl-para data-page="{start_page}" data-label="{label}" }}'
                    )
                    if para.kind == "list_item":
                        lines += [f"- {body}", f"  {attrs}", ""]
                    else:
                        lines += [body, attrs, ""]
            for number in used_notes:
                lines.append(f"[^{number}]: {self.render_text(f'fn:{number}')}")
            lines.append("")
            for abbr, expansion in spec.abbreviations.items():
                lines.append(f"*[{abbr}]: {expansion}")
            files[chapter.file] = "\n".join(lines) + "\n"
        # the report's start page
        index = [
            "---",
            f"title: {spec.title}",
            f"report: {spec.slug}",
            f"report_title: {spec.title}",
            f"pdf: {spec.pdf}",
            f"source_pages: [1, {max(spec.labels)}]",
            "---",
            "",
            "".join(_page_span(p, spec.labels[p]) for p in spec.front_pages),
            "",
            f"# {md_escape(spec.title)}",
            "",
            f"Omgezet uit [{spec.pdf}]({spec.pdf}) ({max(spec.labels)} pagina's).",
            "",
            "## Inhoud",
            "",
        ]
        for chapter in spec.chapters:
            for section in chapter.sections:
                indent = "    " * (section.level - 1)
                index.append(
                    f"{indent}- [{section.number} {md_escape(section.title)}]"
                    f"({chapter.file}#{section.id})"
                )
        files["index.md"] = "\n".join(index) + "\n"
        return files


def _page_span(page: int, label: str) -> str:
    return f'<span class="bl-page" id="page-{page}" data-page="{page}" data-label="{label}"></span>'


def write_report(docs: Path, spec: ReportSpec) -> dict[str, Any]:
    """Write one report folder in the converter's format; returns its model."""
    model, files = _Builder(spec).build()
    folder = docs / spec.slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.json").write_text(
        json.dumps(model, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / spec.pdf).write_bytes(minimal_pdf(max(spec.labels), spec.title))
    manifest = anchor_manifest(model)
    redirects = {}
    for old, new in spec.extra_published.items():
        manifest["anchors"][old] = manifest["anchors"][new]
        redirects[old] = new
    (folder / "anchors.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    (folder / "redirects.json").write_text(json.dumps(redirects, indent=1), encoding="utf-8")
    return model


def minimal_pdf(pages: int, title: str) -> bytes:
    """A valid PDF with one line of text per page (enough for #page=N links and viewers)."""
    objects: list[bytes] = []
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    safe = re.sub(r"[^A-Za-z0-9 .,-]", "", title)
    for i in range(pages):
        stream = f"BT /F1 18 Tf 72 760 Td ({safe} - pagina {i + 1}) Tj ET".encode()
        objects.append(
            (
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"
            ).encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    return raw_pdf(objects)


# --- the synthetic reports -----------------------------------------------------------------

WI_URL = "https://wetten.overheid.nl/BWBR0044770"
KST = "https://zoek.officielebekendmakingen.nl/kst-{}.html"


def report_2023() -> ReportSpec:
    chapters = [
        Chapter(
            "01-inleiding.md",
            [
                Section(
                    "s1",
                    1,
                    "1",
                    "Inleiding",
                    3,
                    [
                        Para(
                            "p3-1",
                            "s1",
                            (
                                "{{page:3}}Dit rapport beschrijft het migratiebeleid in 2022.[^1] "
                                "Het Centraal Orgaan opvang asielzoekers (COA) speelt daarin een "
                                "grote rol."
                            ),
                        ),
                        Para(
                            "p3-2",
                            "s1",
                            "Hoofdstuk 2 gaat over migratie naar Nederland.",
                            "list_item",
                        ),
                        Para("p3-3", "s1", "Hoofdstuk 3 gaat over integratie.", "list_item"),
                        Para(
                            "p3-4",
                            "s1",
                            (
                                "De cijfers in dit rapport komen uit openbare bronnen. Waar nodig "
                                "zijn ze aangevuld met {{page:4}}gegevens van de "
                                "uitvoeringsorganisaties."
                            ),
                        ),
                        Para(
                            "p4-1",
                            "s1",
                            (
                                "Het programma ‘Een thuis voor iedereen’ is in 2022 gestart.[^2] "
                                "Het "
                                "moet leiden tot voldoende betaalbare woningen voor alle "
                                "aandachtsgroepen."
                            ),
                        ),
                    ],
                ),
            ],
        ),
        Chapter(
            "02-migratie-naar-nederland.md",
            [
                Section(
                    "s2",
                    1,
                    "2",
                    "Migratie naar Nederland",
                    5,
                    [
                        Para(
                            "p5-1",
                            "s2",
                            (
                                "{{page:5}}In 2022 kwamen er meer migranten naar Nederland dan in "
                                "eerdere jaren."
                            ),
                        ),
                    ],
                ),
                Section(
                    "s2-1",
                    2,
                    "2.1",
                    "Arbeidsmigratie",
                    5,
                    [
                        Para(
                            "p5-2",
                            "s2-1",
                            (
                                "Arbeidsmigranten werken vaak via uitzendbureaus.[^3] De Wet "
                                "arbeid "
                                "vreemdelingen regelt wie hier mag werken."
                            ),
                        ),
                        Para(
                            "p5-3",
                            "s2-1",
                            (
                                "Ook de Taskforce versnelling tijdelijke huisvesting (zie *noot* "
                                "<b> "
                                "en [1]) blijft_actief in 2023. Het kabinet wil de positie van "
                                "arbeidsmigranten verbeteren."
                            ),
                        ),
                    ],
                ),
                Section(
                    "s2-2",
                    2,
                    "2.2",
                    "Inburgering",
                    6,
                    [
                        Para(
                            "p6-1",
                            "s2-2",
                            (
                                "{{page:6}}De Wet inburgering 2021 (hierna: Wi2021), die op 1 "
                                "januari 2022 in werking is getreden, heeft zich te bewijzen in "
                                "een "
                                "complexe tijd.[^4]"
                            ),
                        ),
                        Para(
                            "p6-2",
                            "s2-2",
                            "Gemeenten hebben moeite om voldoende klantmanagers te werven.",
                            "list_item",
                        ),
                        Para(
                            "p6-3",
                            "s2-2",
                            (
                                "Vrij snel na de start van de Wi2021 bleek dat de "
                                "leerbaarheidstoets "
                                "te zwaar was. De Opvangrichtlijn bepaalt hoe asielzoekers worden "
                                "opgevangen."
                            ),
                        ),
                    ],
                ),
            ],
        ),
    ]
    footnotes = {
        "1": "Tweede Kamer, vergaderjaar 2022-2023, 19 637, nr. 2535.",
        "2": "Kamerstukken II 2021/22, 32847, nr. 883.",
        "3": (
            "Tweede Kamer, vergaderjaar 2021-2022, 29 861, nr. 69; zie ook Kamerstukken II "
            "2022/23, 32 847, nr. 994."
        ),
        "4": "Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883.",
    }
    items = [
        Item(
            "kamerstuk",
            "kst-19637-2535",
            "Kamerstukken II 2022/23, 19 637, nr. 2535",
            KST.format("19637-2535"),
            [("fn:1", "Tweede Kamer, vergaderjaar 2022-2023, 19 637, nr. 2535")],
        ),
        Item(
            "kamerstuk",
            "kst-32847-883",
            "Kamerstukken II 2021/22, 32 847, nr. 883",
            KST.format("32847-883"),
            [
                ("fn:2", "Kamerstukken II 2021/22, 32847, nr. 883"),
                ("fn:4", "Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883"),
            ],
        ),
        Item(
            "kamerstuk",
            "kst-29861-69",
            "Kamerstukken II 2021/22, 29 861, nr. 69",
            KST.format("29861-69"),
            [("fn:3", "Tweede Kamer, vergaderjaar 2021-2022, 29 861, nr. 69")],
        ),
        Item(
            "kamerstuk",
            "kst-32847-994",
            "Kamerstukken II 2022/23, 32 847, nr. 994",
            KST.format("32847-994"),
            [("fn:3", "Kamerstukken II 2022/23, 32 847, nr. 994")],
        ),
        Item(
            "law",
            "wet-inburgering-2021",
            "Wet inburgering 2021",
            WI_URL,
            [("p6-1", "Wet inburgering 2021"), ("p6-1", "Wi2021"), ("p6-3", "Wi2021")],
            aliases=("Wi2021", "Wi 2021"),
            entity=True,
        ),
        Item(
            "law",
            "wet-arbeid-vreemdelingen",
            "Wet arbeid vreemdelingen",
            "https://wetten.overheid.nl/BWBR0007149",
            [("p5-2", "Wet arbeid vreemdelingen")],
            aliases=("Wav",),
            entity=True,
        ),
        Item(
            "eu_act",
            "opvangrichtlijn",
            "Opvangrichtlijn (Richtlijn 2013/33/EU)",
            "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32013L0033",
            [("p6-3", "Opvangrichtlijn")],
            entity=True,
        ),
        Item(
            "programme",
            "een-thuis-voor-iedereen",
            "Een thuis voor iedereen",
            "",
            [("p4-1", "Een thuis voor iedereen")],
            entity=True,
        ),
        Item(
            "programme",
            "taskforce-versnelling-tijdelijke-huisvesting",
            "Taskforce versnelling tijdelijke huisvesting",
            "",
            [("p5-3", "Taskforce versnelling tijdelijke huisvesting")],
            entity=True,
        ),
        Item(
            "organisation",
            "coa",
            "Centraal Orgaan opvang asielzoekers",
            "https://www.coa.nl/",
            [("p3-1", "Centraal Orgaan opvang asielzoekers")],
            aliases=("COA",),
            entity=True,
        ),
    ]
    return ReportSpec(
        title="De Staat van Migratie 2023",
        slug="staat-van-migratie-2023",
        labels={1: "i", 2: "ii", 3: "1", 4: "2", 5: "3", 6: "4"},
        front_pages=[1, 2],
        chapters=chapters,
        footnotes=footnotes,
        items=items,
        abbreviations={"COA": "Centraal Orgaan opvang asielzoekers"},
        extra_published={"p5-4": "p5-3", "s2-3": "s2-2"},
        publisher="Ministerie van Justitie en Veiligheid",
    )


def report_2022() -> ReportSpec:
    chapters = [
        Chapter(
            "01-migratie.md",
            [
                Section(
                    "s1",
                    1,
                    "1",
                    "Migratie",
                    2,
                    [
                        Para(
                            "p2-1",
                            "s1",
                            (
                                "{{page:2}}De Wet inburgering 2021 treedt op 1 januari 2022 in "
                                "werking.[^1]"
                            ),
                        ),
                        Para("p3-1", "s1", "{{page:3}}Het COA vangt asielzoekers op."),
                    ],
                ),
            ],
        ),
    ]
    return ReportSpec(
        title="De Staat van Migratie 2022",
        slug="staat-van-migratie-2022",
        labels={1: "1", 2: "2", 3: "3"},
        front_pages=[1],
        chapters=chapters,
        footnotes={"1": "Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883."},
        items=[
            Item(
                "kamerstuk",
                "kst-32847-883",
                "Kamerstukken II 2021/22, 32 847, nr. 883",
                KST.format("32847-883"),
                [("fn:1", "Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883")],
            ),
            Item(
                "law",
                "wet-inburgering-2021",
                "Wet inburgering 2021",
                WI_URL,
                [("p2-1", "Wet inburgering 2021")],
                aliases=("Wi2021", "Wi 2021"),
                entity=True,
            ),
            Item(
                "organisation",
                "coa",
                "Centraal Orgaan opvang asielzoekers",
                "https://www.coa.nl/",
                [("p3-1", "COA")],
                aliases=("COA",),
                entity=True,
            ),
        ],
        abbreviations={"COA": "Centraal Orgaan opvang asielzoekers"},
    )


def synthetic_reports(docs: Path) -> list[dict[str, Any]]:
    return [write_report(docs, report_2023()), write_report(docs, report_2022())]


_typeset: dict[str, Path | Exception] = {}


def sample_pdf() -> Path:
    """The bundled sample PDF, or one typeset (once per session) by make_sample_report.py."""
    if SAMPLE_PDF.exists():
        return SAMPLE_PDF
    if "pdf" not in _typeset:
        out = Path(tempfile.mkdtemp(prefix="bl-sample-")) / SAMPLE_PDF.name
        try:
            subprocess.run(
                [sys.executable, str(SAMPLE_MAKER), "--out", str(out)],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=True,
            )
            _typeset["pdf"] = out
        except subprocess.CalledProcessError as error:
            _typeset["pdf"] = RuntimeError(f"make_sample_report.py failed:\n{error.stderr[-2000:]}")
    result = _typeset["pdf"]
    if isinstance(result, Exception):
        raise result
    return result


def sample_report(docs: Path) -> list[dict[str, Any]]:
    """Convert the sample PDF with the real converter (src/converter/cli.py)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "converter.cli",
            "convert",
            str(sample_pdf()),
            "--out",
            str(docs),
            "-q",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"conversion failed:\n{result.stdout}\n{result.stderr}")
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(docs.glob("*/model.json"))]


def converter_available() -> bool:
    """Whether the sample site can be built: the CLI, and the sample PDF or its generator.

    A generator that fails skips the sample-site tests here; its own tests report the failure.
    """
    if not (ROOT / "src" / "converter" / "cli.py").exists():
        return False
    if SAMPLE_PDF.exists():
        return True
    if not SAMPLE_MAKER.exists():
        return False
    try:
        sample_pdf()
    except RuntimeError:
        return False
    return True


# --- the site ------------------------------------------------------------------------------


def copy_site(dest: Path) -> Path:
    """The hand-written part of the site (no converted reports) in `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("hooks", "overrides"):
        if (ROOT / folder).exists():
            shutil.copytree(
                ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__")
            )
    docs = dest / "docs"
    docs.mkdir(exist_ok=True)
    for entry in (ROOT / "docs").iterdir():
        if entry.is_dir() and (entry / "model.json").exists():
            continue  # a converted report: tests bring their own
        target = docs / entry.name
        if entry.is_dir():
            shutil.copytree(entry, target)
        else:
            shutil.copy2(entry, target)
    return dest


def run_build(root: Path, *, strict: bool = True, offline: bool = False
              ) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` in `root`; `offline` builds the variant for reading from disk."""
    # not -q: quiet mode hides the warnings that --strict counts, and the build would pass
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-f",
        str(root / "mkdocs.yml"),
        "-d",
        str(root / "site"),
    ]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BL_OFFLINE": "true" if offline else "false"}
    return subprocess.run(command, capture_output=True, text=True, cwd=root, check=False, env=env)


def convert_and_build(root: Path, pdf: Path, slug: str) -> None:
    """`beleidslezer convert` of `pdf` into `root`'s docs/ as `slug`, then a strict build;
    either failing fails the caller with its output."""
    result = subprocess.run([sys.executable, "-m", "converter.cli", "convert", str(pdf),
                             "--out", str(root / "docs"), "--slug", slug, "-q"],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    built = run_build(root)
    assert built.returncode == 0, built.stdout + built.stderr


@dataclass
class BuiltSite:
    root: Path
    models: list[dict[str, Any]]

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def docs(self) -> Path:
        return self.root / "docs"


def build_site(
    dest: Path, write_reports: Callable[[Path], list[dict[str, Any]]] = synthetic_reports,
    *, offline: bool = False,
) -> BuiltSite:
    root = copy_site(dest)
    models = write_reports(root / "docs")
    result = run_build(root, offline=offline)
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return BuiltSite(root=root, models=models)


_BUILT: dict[str, BuiltSite | Exception] = {}


def shared_site(name: str, make_dir: Callable[[str], Path]) -> BuiltSite:
    """Build a site once per test session and share it between test modules.

    A failed build is remembered too, so every test using it reports the same error at once.
    """
    if name not in _BUILT:
        kind, _, variant = name.partition("-")  # "sample-offline": built for reading from disk
        writer = {"synthetic": synthetic_reports, "sample": sample_report}[kind]
        try:
            _BUILT[name] = build_site(make_dir(name), writer, offline=variant == "offline")
        except RuntimeError as error:
            _BUILT[name] = error
    built = _BUILT[name]
    if isinstance(built, Exception):
        raise built
    return built
