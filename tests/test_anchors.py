"""Anchor ids: the scheme readers cite, documented in the README."""

from __future__ import annotations

from converter.anchors import chapter_file, html_id, paragraph_ids, section_id, slugify


def test_paragraph_ids_count_per_start_page():
    assert paragraph_ids([27, 28, 28, 28, 29]) == ["p27-1", "p28-1", "p28-2", "p28-3", "p29-1"]


def test_section_ids():
    taken: set[str] = set()
    assert section_id("2.1", "Arbeidsmigratie", taken) == "s2-1"
    assert section_id("", "Inburgering", taken) == "s-inburgering"
    assert section_id("", "Inburgering", taken) == "s-inburgering-2"
    assert section_id("Bijlage 1", "Cijfers", taken) == "s-bijlage-1"


def test_chapter_files():
    taken: set[str] = set()
    assert chapter_file("2", "Migratie naar Nederland", taken) == "hoofdstuk-2.md"
    assert chapter_file("Bijlage 1", "Cijfers", taken) == "bijlage-1.md"
    assert chapter_file("", "Afkortingen", taken) == "afkortingen.md"


def test_slug_and_html_id():
    assert slugify("Één thuis voor iedereen!") == "een-thuis-voor-iedereen"
    assert html_id("ECLI:NL:RVS:2022:3159") == "ECLI-NL-RVS-2022-3159"
