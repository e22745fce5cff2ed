"""The pure core behind the MkDocs hooks (hooks/bl_*.py), tested with plain dicts."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bl_footnotes
import bl_links
import bl_registers
import bl_search
import bl_text
import registers as registers_hook
from bl_reports import Report, ReportCache, report_folders
from converter.escaping import clean_text
from site_fixture import _Builder, report_2022, report_2023

EXTENSIONS = ["attr_list", "footnotes", "abbr", "tables", "md_in_html", "toc", "admonition"]


def render(md_text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(md_text, extensions=EXTENSIONS), "html.parser")


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    result = []
    for spec in (report_2022(), report_2023()):
        model, _ = _Builder(spec).build()
        result.append(Report(folder=spec.slug, model=model))
    return result


@pytest.fixture(scope="module")
def report_2023_model(reports) -> Report:
    return reports[1]


# --- discovery and loading ------------------------------------------------------------------


def test_report_folders_only_direct_subfolders_with_a_model():
    uris = [
        "index.md",
        "a/model.json",
        "a/index.md",
        "b/c/model.json",
        "model.json",
        "z/model.json",
    ]
    assert report_folders(uris) == ["a", "z"]


def test_cache_rereads_only_changed_models(tmp_path):
    folder = tmp_path / "rapport"
    folder.mkdir()
    path = folder / "model.json"
    path.write_text(json.dumps({"slug": "rapport", "title": "Eerste"}), encoding="utf-8")
    cache = ReportCache()
    first = cache.load(tmp_path, "rapport")
    assert cache.load(tmp_path, "rapport") is first
    path.write_text(json.dumps({"slug": "rapport", "title": "Tweede versie"}), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    second = cache.load(tmp_path, "rapport")
    assert second is not first
    assert second.title == "Tweede versie"
    (folder / "redirects.json").write_text('{"p1-1": "p1-2"}', encoding="utf-8")
    assert cache.load(tmp_path, "rapport").redirects == {"p1-1": "p1-2"}


def test_cache_reports_invalid_json(tmp_path):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "model.json").write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="invalid JSON"):
        ReportCache().load(tmp_path, "r")


@pytest.mark.parametrize(
    ("url", "src"),
    [
        ("rapport/02-migratie/#p28-3", "rapport/02-migratie.md"),
        ("rapport/#page-1", "rapport/index.md"),
        ("rapport/02-migratie.html#p28-3", "rapport/02-migratie.md"),
        ("rapport/index.html#x", "rapport/index.md"),
    ],
)
def test_src_uri_of_model_urls(url, src):
    assert Report(folder="rapport", model={"slug": "rapport"}).src_uri_of(url) == src


def test_sample_reports_are_recognised():
    assert Report(
        "x",
        {
            "title": "De Staat van Migratie 2023",
            "source": {"file": "staat-van-migratie-sample.pdf"},
        },
    ).is_sample
    assert Report("x", {"title": "T", "sample": True}).is_sample
    assert not Report(
        "x", {"title": "De Staat van Migratie 2023", "source": {"file": "svm-2023.pdf"}}
    ).is_sample


def test_chapter_lookups(report_2023_model):
    r = report_2023_model
    assert r.chapter_file_of("p6-1") == "02-migratie-naar-nederland.md"
    assert r.chapters["02-migratie-naar-nederland.md"]["id"] == "s2"
    assert r.page_label(5) == "3"
    assert r.pdf_uri == "staat-van-migratie-2023/staat-van-migratie-2023.pdf"


# --- escaping and snippets ------------------------------------------------------------------

TRICKY = [
    "5 * 2 < 11 en a_b_c",
    "[^1] en [link](http://x) {: #id } `code` <b>vet</b>",
    "*[COA]: iets & meer | kolom",
    "# geen kop",
    "- geen lijst",
    "1. geen lijst",
    "> geen citaat",
    "Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883.",
    "back\\slash ‘quotes’ “double” &amp; &#x27;",
]


@pytest.mark.parametrize("text", TRICKY)
def test_escape_renders_literally(text):
    assert render(bl_text.escape(text)).get_text() == text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=60))
def test_escape_never_makes_markup(text):
    soup = render("x " + bl_text.escape(text))
    assert [t.name for t in soup.find_all(True)] == ["p"]
    # what is not text (controls, bidi marks, non-characters such as U+FDD0) is dropped
    assert soup.get_text().split() == ("x " + clean_text(text)).split()


def test_sentence_bounds_skip_abbreviations():
    text = (
        "Dit staat in Kamerstukken II 2021/22, 32 847, nr. 883. Zie ook o.a. het COA. "
        "Het kabinet wil meer."
    )
    start = text.index("32 847")
    begin, end = bl_text.sentence_bounds(text, start, start + 6)
    assert text[begin:end] == "Dit staat in Kamerstukken II 2021/22, 32 847, nr. 883."
    start = text.index("COA")
    begin, end = bl_text.sentence_bounds(text, start, start + 3)
    assert text[begin:end] == "Zie ook o.a. het COA."


def test_snippet_marks_terms_and_cuts_long_sentences():
    text = "Eerste zin. De Wet inburgering 2021 (hierna: Wi2021) geldt. Laatste zin."
    start = text.index("Wet inburgering 2021")
    shown = bl_text.snippet(
        text, [(start, start + 20), (text.index("Wi2021"), text.index("Wi2021") + 6)]
    )
    assert (
        shown
        == "… De <mark>Wet inburgering 2021</mark> \\(hierna: <mark>Wi2021</mark>\\) geldt\\. …"
    )
    long = "woord " * 100 + "Wi2021 " + "woord " * 100
    start = long.index("Wi2021")
    cut = bl_text.snippet(long, [(start, start + 6)])
    assert cut.startswith("… ")
    assert cut.endswith(" …")
    assert "<mark>Wi2021</mark>" in cut
    assert len(cut) < 2 * bl_text.SNIPPET_CONTEXT + 40


def test_snippet_escapes_pdf_text():
    text = "Zie <script>alert(1)</script> en *dit*."
    start = text.index("dit")
    soup = render(bl_text.snippet(text, [(start, start + 3)]))
    assert soup.find("script") is None
    assert soup.find("mark").get_text() == "dit"
    assert "<script>alert(1)</script>" in soup.get_text()


def test_locate_falls_back_to_searching():
    text = "De Wet inburgering 2021 geldt."
    assert bl_text.locate(text, 3, 23, "Wet inburgering 2021") == (3, 23)
    assert bl_text.locate(text, 0, 5, "Wet inburgering 2021") == (3, 23)
    assert bl_text.locate(text, 0, 5, "wet INBURGERING 2021") == (3, 23)
    assert bl_text.locate(text, 0, 5, "Participatiewet") is None


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("kst-32847-883", "kst-32847-883"),
        ("ECLI:NL:RVS:2022:3159", "ECLI:NL:RVS:2022:3159"),
        ("2022D29161", "r-2022D29161"),
        ("https://x.nl/a b", "https:-x.nl-a-b"),
    ],
)
def test_html_ids(key, expected):
    assert bl_text.html_id(key) == expected


def test_spaced_numbers():
    assert bl_text.spaced_number("32847") == "32 847"
    assert bl_text.spaced_number("123456") == "123 456"
    assert bl_text.spaced_number("883") == "883"


# --- registers ------------------------------------------------------------------------------


def test_kamerstukken_sort_by_dossier_then_number():
    keys = [
        "kst-32847-994",
        "kst-36333-A",
        "kst-32847-1187",
        "kst-9999-1",
        "kst-32847-883",
        "kst-36333-12",
        "kst-36200-VII-14",
        "kst-32847-42e",
        "kst-32847-42",
        "dossier-36200",
    ]
    assert sorted(keys, key=bl_registers.kamerstuk_sort_key) == [
        "kst-9999-1",
        "kst-32847-42",
        "kst-32847-42e",
        "kst-32847-883",
        "kst-32847-994",
        "kst-32847-1187",
        "dossier-36200",
        "kst-36200-VII-14",
        "kst-36333-12",
        "kst-36333-A",
    ]
    assert bl_registers.dossier_of("kst-21501-32-1703") == "21501"
    assert bl_registers.dossier_of("dossier-31945") == "31945"


def test_entries_merge_over_reports(reports):
    registers = bl_registers.collect_registers(
        reports, {"32847": "Integrale visie op de woningmarkt"}
    )
    laws = {e.key: e for e in registers.entries["wetten"]}
    wi = laws["wet-inburgering-2021"]
    assert [m.report for m in wi.mentions] == [
        "staat-van-migratie-2022",
        "staat-van-migratie-2023",
        "staat-van-migratie-2023",
    ]
    # "Wet inburgering 2021 (hierna: Wi2021)" is one sentence: one mention with two marks
    both = wi.mentions[1]
    assert both.snippet.count("<mark>") == 2
    assert both.paragraph == "p6-1"
    assert both.page == 6
    assert both.page_label == "4"
    assert registers.count("wetten") == (3, 5)
    assert registers.count("wetten", "staat-van-migratie-2022") == (1, 1)
    papers = [e.key for e in registers.entries["kamerstukken"]]
    assert papers == ["kst-19637-2535", "kst-29861-69", "kst-32847-883", "kst-32847-994"]


def test_footnote_mentions_link_paragraph_and_footnote(reports):
    registers = bl_registers.collect_registers(reports, {})
    paper = next(e for e in registers.entries["kamerstukken"] if e.key == "kst-32847-883")
    mention = next(m for m in paper.mentions if m.footnote == "4")
    assert mention.paragraph == "p6-1"
    assert mention.chapter_file == "02-migratie-naar-nederland.md"
    page = bl_registers.render_register(registers, bl_registers.REGISTERS[2])
    assert "](../staat-van-migratie-2023/02-migratie-naar-nederland.md#p6-1)" in page
    assert "](../staat-van-migratie-2023/02-migratie-naar-nederland.md#fn:4)" in page
    assert "](../staat-van-migratie-2023/staat-van-migratie-2023.pdf#page=6)" in page


def test_register_pages_render(reports):
    registers = bl_registers.collect_registers(
        reports, {"32847": "Integrale visie op de woningmarkt"}
    )
    pages = bl_registers.render_pages(registers)
    assert set(pages) == {
        "register/index.md",
        "register/wetten.md",
        "register/programmas.md",
        "register/kamerstukken.md",
        "register/organisaties.md",
    }
    soup = render(pages["register/kamerstukken.md"].split("---\n", 2)[2])
    dossier = soup.find(id="dossier-32847")
    assert dossier.get_text(strip=True).startswith(
        "Dossier 32 847: Integrale visie op de woningmarkt"
    )
    assert soup.find(id="kst-32847-883").name == "h4"
    programmes = render(pages["register/programmas.md"].split("---\n", 2)[2])
    taskforce = programmes.find(id="taskforce-versnelling-tijdelijke-huisvesting")
    item = taskforce.find_next("li")
    assert item.find("mark").get_text() == "Taskforce versnelling tijdelijke huisvesting"
    assert item.find("b") is None
    assert "<b>" in item.get_text()
    overview = render(pages["register/index.md"].split("---\n", 2)[2])
    assert "Wetten en EU-regelgeving" in overview.get_text()


def test_empty_registers():
    pages = bl_registers.render_pages(bl_registers.collect_registers([], {}))
    assert "geen vermeldingen" in pages["register/wetten.md"]
    assert "nog geen rapporten" in pages["register/index.md"]


def test_home_page_lists_reports_and_marks_samples(reports):
    sample = Report("voorbeeld", {**reports[1].model, "sample": True})
    text = registers_hook.reports_list([reports[0], sample], "index.md")
    assert "[De Staat van Migratie 2022](staat-van-migratie-2022/index.md)" in text
    assert "Het is niet het echte rapport" in text.split("\n")[1]
    assert "niet het echte" not in text.split("\n")[0]
    assert registers_hook.reports_list([], "index.md") == "*Er zijn nog geen rapporten omgezet.*"


def test_dossier_titles_from_data_file():
    titles = registers_hook.dossier_titles()
    assert titles["32847"] == "Integrale visie op de woningmarkt"
    assert titles["19637"] == "Vreemdelingenbeleid"


# --- search terms ---------------------------------------------------------------------------


def test_reference_terms():
    assert bl_search.reference_terms({"kind": "kamerstuk", "key": "kst-32847-883"}) == [
        "kst-32847-883",
        "32847",
        "32 847",
    ]
    assert bl_search.reference_terms({"kind": "staatsblad", "key": "stb-2021-38"}) == [
        "stb-2021-38"
    ]


def test_search_terms_count_footnote_mentions_for_footnote_and_paragraph(report_2023_model):
    by_paragraph, by_footnote = bl_search.search_terms(report_2023_model.model)
    assert by_paragraph["p6-1"][:3] == ["kst-32847-883", "32847", "32 847"]
    assert "Wi2021" in by_paragraph["p6-1"]
    assert "Wi2021" in by_paragraph["p6-3"]
    assert "p5-1" not in by_paragraph
    assert by_footnote["4"][:3] == ["kst-32847-883", "32847", "32 847"]


def test_search_entries_one_per_paragraph_and_footnote(report_2023_model):
    def page_url(src: str) -> str:  # as MkDocs makes them: "r/02.md" -> "r/02/"
        return src.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"

    entries = bl_search.search_entries(report_2023_model, page_url)
    chapter = entries["staat-van-migratie-2023/02-migratie-naar-nederland/"]
    by_anchor = {e["location"].split("#")[1]: e for e in chapter}
    model = report_2023_model.model
    ids = {p["id"] for p in model["paragraphs"] if "02-migratie" in p["url"]}
    assert {a for a in by_anchor if a.startswith("p")} == ids
    p61 = by_anchor["p6-1"]
    assert p61["title"] == "2.2 Inburgering"
    assert p61["text"].startswith("De Wet inburgering 2021 (hierna: Wi2021)")
    assert p61["keywords"].startswith("kst-32847-883 32847 32 847")
    note = by_anchor["fn:4"]
    assert note["title"] == "Voetnoot 4" and "32 847, nr. 883" in note["text"]
    # a page that is not built gets no entries
    assert bl_search.search_entries(report_2023_model, lambda src: None) == {}


def test_a_table_is_found_by_its_caption_and_source_too():
    table = {"id": "p8-2", "kind": "table", "text": "Locatietype Capaciteit azc 31.200",
             "table": {"caption": "Tabel 3.1 Capaciteit van de opvang", "source": "Bron: COA"}}
    assert bl_text.paragraph_text(table) == (
        "Tabel 3.1 Capaciteit van de opvang Locatietype Capaciteit azc 31.200 Bron: COA")
    assert bl_text.paragraph_text({"text": "Een alinea."}) == "Een alinea."


def test_rewrite_search_index_moves_section_text_to_paragraphs():
    index = {"config": {"lang": ["nl"]}, "docs": [
        {"location": "", "title": "Home", "text": "<p>Welkom</p>"},
        {"location": "r/h1/", "title": "1 Inleiding", "text": ""},
        {"location": "r/h1/#s1", "title": "1 Inleiding", "text": "<p>Tekst &lt;x&gt;</p>"},
        {"location": "r/h1/#elders", "title": "Eigen kop", "text": "<p>hand</p>"},
        {"location": "over/", "title": "Over", "text": "<p>Over</p>"},
    ]}
    entries = {
        "r/h1/": [{"location": "r/h1/#p1-1", "title": "1 Inleiding", "text": "Tekst &lt;x&gt;",
                   "keywords": "32847"}],
        "r/h9/": [{"location": "r/h9/#p9-1", "title": "9", "text": "niet gebouwd"}],
    }
    out = bl_search.rewrite_search_index(index, entries, ["s1"])
    assert out["config"] == index["config"]
    assert [(d["location"], d["text"]) for d in out["docs"]] == [
        ("", "<p>Welkom</p>"),
        ("r/h1/", ""),  # the page entry stays first: Material makes it the parent
        ("r/h1/#s1", ""),  # a report section keeps its title; its text is in p1-1 now
        ("r/h1/#elders", "<p>hand</p>"),  # not a section of the report: untouched
        ("r/h1/#p1-1", "Tekst &lt;x&gt;"),
        ("over/", "<p>Over</p>"),
    ]
    assert out["docs"][2]["title"] == "1 Inleiding"


def test_link_mentions_turns_entity_spans_into_register_links():
    page = (
        '<p id="p6-1">De <span class="bl-entity" id="ent-wi-1" data-entity="wi">Wet '
        '<abbr title="x">inburgering</abbr> 2021</span> en de '
        '<span class="bl-entity" id="ent-onbekend-1" data-entity="onbekend">Onbekend</span>.</p>'
    )
    out = bl_links.link_mentions(page, {"wi": ("../../register/wetten/#wi", 'Wet "A" & B')})
    soup = BeautifulSoup(out, "html.parser")
    link = soup.select_one("a.bl-entity")
    assert link["href"] == "../../register/wetten/#wi" and link["id"] == "ent-wi-1"
    assert link["title"] == 'In het register: Wet "A" & B'
    assert link.get_text() == "Wet inburgering 2021" and link.find("abbr") is not None
    # no register entry: the mention stays a plain span
    assert soup.select_one("span.bl-entity")["id"] == "ent-onbekend-1"


# --- footnotes and links --------------------------------------------------------------------


def test_footnotes_keep_their_numbers():
    html = markdown.markdown(
        "Tekst[^28] en[^29].\n\n[^28]: Een.\n[^29]: Twee.\n", extensions=["footnotes"]
    )
    soup = BeautifulSoup(bl_footnotes.keep_footnote_numbers(html), "html.parser")
    assert [a.get_text() for a in soup.select("a.footnote-ref")] == ["28", "29"]
    assert [li["value"] for li in soup.select(".footnote li")] == ["28", "29"]


def test_fallback_data_is_relative_to_the_page(report_2023_model):
    data = bl_links.fallback_data(
        report_2023_model.model,
        {"p5-4": "p5-3", "gone": "missing"},
        "staat-van-migratie-2023/01-inleiding/",
    )
    assert data["redirects"] == {"p5-4": "../02-migratie-naar-nederland/#p5-3"}
    assert data["pages"]["3"] == "./#page-3"
    assert data["pages"]["1"] == "../#page-1"
    element = BeautifulSoup(bl_links.fallback_script({"x": "</div><b>\"'"}), "html.parser").div
    assert element.has_attr("hidden")
    assert element.get_text() == ""
    assert json.loads(element["data-links"]) == {"x": "</div><b>\"'"}


def test_anchor_problems_are_named(report_2023_model):
    model = report_2023_model.model
    manifest = {"report": "r", "anchors": {"p5-9": "x", "p5-1": "y"}}
    problems = bl_links.anchor_problems(model, manifest, {})
    assert problems == ["p5-9"]
    message = bl_links.describe_problems("r", problems)
    assert "p5-9" in message
    assert "redirects.json" in message
    assert bl_links.anchor_problems(model, manifest, {"p5-9": "p5-1"}) == []


# --- Pagefind records and citation facts ----------------------------------------------------

import bl_citation
import bl_pagefind


def _page_url(src: str) -> str:
    return src.removesuffix(".md").removesuffix("index") + ("/" if not src.endswith(
        "index.md") else "")


def test_pagefind_record_per_paragraph_shows_its_notes_and_citation_forms(report_2023_model):
    records = {r.url: r for r in bl_pagefind.report_records(report_2023_model, _page_url)}
    p61 = records["staat-van-migratie-2023/02-migratie-naar-nederland/#p6-1"]
    assert p61.kind == "paragraph" and p61.page_label == "4"
    assert p61.title == "2.2 Inburgering" and p61.report == "De Staat van Migratie 2023"
    # its text, then its footnote with the forms a reader types for what it cites
    assert p61.content.startswith("De Wet inburgering 2021 (hierna: Wi2021)")
    assert ("Voetnoot 4: Tweede Kamer, vergaderjaar 2021-2022, 32 847, nr. 883. "
            "[kst-32847-883 · 32847]") in p61.content
    assert "Wi 2021" in p61.content  # an alias the text does not contain
    note = records["staat-van-migratie-2023/02-migratie-naar-nederland/#fn:4"]
    assert note.kind == "footnote" and note.title.startswith("Voetnoot 4 · 2.2 Inburgering")
    assert len(records) == len(report_2023_model.model["paragraphs"]) + len(
        report_2023_model.model["footnotes"])


def test_pagefind_splits_dashes_inside_words():
    text = "in de jaren 2018–2022 en 1 – 2"
    assert bl_pagefind.searchable(text) == "in de jaren 2018-2022 en 1 – 2"


def test_pagefind_register_records(reports):
    registers = bl_registers.collect_registers(reports, {})
    records = bl_pagefind.register_records(
        registers, lambda src: src.removesuffix(".md") + "/")
    by_url = {r.url: r for r in records}
    entry = by_url["register/wetten/#wet-inburgering-2021"]
    assert "Wi2021" in entry.content and entry.kind == "register"
    assert set(entry.filters["rapport"]) == {"De Staat van Migratie 2022",
                                             "De Staat van Migratie 2023"}
    kst = by_url["register/kamerstukken/#kst-32847-883"]
    assert "32847" in kst.content and "kst-32847-883" in kst.content


@pytest.mark.parametrize(("model", "extra", "expected"), [
    ({"title": "De Staat van Migratie 2023", "publisher": "Ministerie van JenV"}, None,
     {"publisher": "Ministerie van JenV", "year": "2023"}),
    ({"title": "Evaluatie", "publisher": ["Ministerie A", "Ministerie B"], "year": 2021}, None,
     {"publisher": "Ministerie A, Ministerie B", "year": "2021"}),
    ({"title": "Advies"}, {"beleidslezer": {"reports": {"r": {"publisher": "Raad van State",
                                                                "year": 2020}}}},
     {"publisher": "Raad van State", "year": "2020"}),
    ({"title": "Advies"}, None, {"publisher": "", "year": ""}),
])
def test_citation_facts(model, extra, expected):
    assert bl_citation.citation_facts(model, "r", extra) == expected


def test_unsure_entities_are_listed_apart_and_marked(reports):
    model = json.loads(json.dumps(reports[1].model))
    law = next(e for e in model["entities"] if e["kind"] == "law")
    law["sure"] = False
    registers = bl_registers.collect_registers([Report(reports[1].folder, model)], {})
    page = render(bl_registers.render_register(registers, bl_registers.REGISTERS[0])
                  .split("---\n", 2)[2])
    apart = page.find(id=bl_registers.UNSURE_ANCHOR)
    assert apart is not None and apart.name == "h2"
    entry = page.find(id=bl_text.html_id(law["id"]))
    assert "bl-entry--unsure" in entry["class"]
    # after the heading for the unsure ones, under no heading of the sure ones
    assert entry.find_previous("h2") is apart
    assert "onzeker herkend" in entry.find_next("p").get_text()
    sure_entries = [h for h in page.find_all(class_="bl-entry") if h is not entry]
    assert sure_entries and all(h.find_previous("h2") is not apart for h in sure_entries)
    # one report that is sure of it is enough
    both = bl_registers.collect_registers([Report(reports[1].folder, model), reports[1]], {})
    (merged,) = [e for e in both.entries["wetten"] if e.key == law["id"]]
    assert merged.sure
