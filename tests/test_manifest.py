"""Links that stay: anchor manifests and redirect planning (src/converter/manifest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from converter.manifest import (
    anchor_manifest,
    broken_anchors,
    merge_manifests,
    page_urls,
    plan_redirects,
    redirect_urls,
)

CHAPTER = "rapport/02-migratie/"


def model(paragraphs: list[tuple[str, int]], *, pages: int = 30, sections=None) -> dict[str, Any]:
    """A minimal document model: paragraphs as (id, page)."""
    return {
        "schema": 1,
        "title": "Rapport",
        "slug": "rapport",
        "pages": [
            {"number": n, "label": str(n), "id": f"page-{n}", "url": f"{CHAPTER}#page-{n}"}
            for n in range(1, pages + 1)
        ],
        "sections": [
            {
                "id": sid,
                "level": number.count(".") + 1,
                "number": number,
                "title": "T",
                "page": page,
                "url": f"{CHAPTER}#{sid}",
                "file": "02-migratie.md",
            }
            for sid, number, page in (sections or [("s2", "2", 27), ("s2-1", "2.1", 28)])
        ],
        "paragraphs": [
            {
                "id": pid,
                "section": "s2-1",
                "page": page,
                "pages": [page],
                "kind": "paragraph",
                "text": "x",
                "footnotes": [],
                "url": f"{CHAPTER}#{pid}",
            }
            for pid, page in paragraphs
        ],
        "footnotes": [
            {
                "number": "28",
                "id": "fn:28",
                "page": 28,
                "text": "t",
                "paragraph": "p28-3",
                "url": f"{CHAPTER}#fn:28",
            }
        ],
    }


OLD = model([("p28-1", 28), ("p28-2", 28), ("p28-3", 28), ("p28-4", 28), ("p29-1", 29)])


def test_manifest_lists_every_anchor_with_its_url_and_page():
    manifest = anchor_manifest(OLD)
    assert manifest["report"] == "rapport"
    anchors = manifest["anchors"]
    assert anchors["p28-3"] == f"{CHAPTER}#p28-3"
    assert anchors["page-28"] == f"{CHAPTER}#page-28"
    assert anchors["s2-1"] == f"{CHAPTER}#s2-1"
    assert anchors["fn:28"] == f"{CHAPTER}#fn:28"
    assert len(anchors) == 30 + 2 + 5 + 1
    assert manifest["pages"]["fn:28"] == 28
    assert manifest["numbers"]["s2-1"] == "2.1"


def test_unchanged_model_needs_no_redirects():
    redirects, unmapped = plan_redirects(anchor_manifest(OLD), OLD, {})
    assert redirects == {}
    assert unmapped == []


@pytest.mark.parametrize(
    ("survivors", "vanished", "expected"),
    [
        # nearest paragraph on the same page; a tie goes to the earlier one
        ([("p28-1", 28), ("p28-2", 28), ("p28-4", 28), ("p29-1", 29)], "p28-3", "p28-2"),
        ([("p28-1", 28), ("p28-4", 28), ("p29-1", 29)], "p28-3", "p28-4"),
        ([("p28-1", 28), ("p29-1", 29)], "p28-4", "p28-1"),
        # nothing left on the page: the page anchor
        ([("p29-1", 29)], "p28-2", "page-28"),
    ],
)
def test_vanished_paragraph_goes_to_nearest_survivor(survivors, vanished, expected):
    redirects, unmapped = plan_redirects(anchor_manifest(OLD), model(survivors), {})
    assert redirects[vanished] == expected
    assert unmapped == []


def test_paragraph_continuing_onto_the_page_counts_as_on_it():
    old = model([("p28-1", 28), ("p29-1", 29)])
    new = model([("p28-1", 28)])
    new["paragraphs"][0]["pages"] = [28, 29]
    redirects, _ = plan_redirects(anchor_manifest(old), new, {})
    assert redirects == {"p29-1": "p28-1"}


def test_section_maps_by_number_then_parent():
    old = model(
        [("p28-1", 28)], sections=[("s2", "2", 27), ("s2-1", "2.1", 28), ("s2-1-3", "2.1.3", 28)]
    )
    new = model(
        [("p28-1", 28)],
        sections=[("s2", "2", 27), ("arbeid", "2.1", 28)],
    )
    redirects, unmapped = plan_redirects(anchor_manifest(old), new, {})
    assert redirects["s2-1"] == "arbeid"
    assert redirects["s2-1-3"] == "arbeid"  # 2.1.3 is gone: its parent 2.1
    assert unmapped == []


def test_footnote_goes_to_its_page_and_lost_page_to_the_last_before_it():
    old = model([("p28-3", 28)], pages=31)
    new = model([("p28-3", 28)], pages=29)
    new["footnotes"] = []
    redirects, unmapped = plan_redirects(anchor_manifest(old), new, {})
    assert redirects["fn:28"] == "page-28"
    assert redirects["page-31"] == "page-29"
    assert unmapped == []


def test_earlier_redirects_are_kept_and_chained():
    v1 = model([("p28-1", 28), ("p28-2", 28), ("p28-3", 28), ("p28-9", 28)])
    v2 = model([("p28-1", 28), ("p28-2", 28), ("p28-3", 28)])
    manifest = anchor_manifest(v1)
    redirects_v2, _ = plan_redirects(manifest, v2, {})
    assert redirects_v2 == {"p28-9": "p28-3"}
    # v3 loses p28-3 as well: p28-9 must follow it, and both stay published
    v3 = model([("p28-1", 28), ("p28-2", 28)])
    manifest = merge_manifests(manifest, anchor_manifest(v2))
    redirects_v3, unmapped = plan_redirects(manifest, v3, redirects_v2)
    assert redirects_v3 == {"p28-3": "p28-2", "p28-9": "p28-2"}
    assert unmapped == []
    # an anchor that comes back needs its redirect no more; a redirect whose target still
    # exists is kept as it was published, so readers keep landing where they did before
    redirects_v4, _ = plan_redirects(
        merge_manifests(manifest, anchor_manifest(v3)), v2, redirects_v3
    )
    assert redirects_v4 == {"p28-9": "p28-2"}


def test_redirect_only_known_to_old_redirects_is_still_planned():
    new = model([("p28-1", 28)])
    redirects, _ = plan_redirects({"report": "rapport", "anchors": {}}, new, {"p28-7": "p28-5"})
    assert redirects == {"p28-7": "p28-1"}


def test_unmappable_anchor_is_reported():
    old = {"report": "rapport", "anchors": {"tabel-3": f"{CHAPTER}#tabel-3"}}
    redirects, unmapped = plan_redirects(old, OLD, {})
    assert redirects == {}
    assert unmapped == ["tabel-3"]


def test_merge_keeps_vanished_anchors_and_newest_urls():
    old = anchor_manifest(OLD)
    new = anchor_manifest(model([("p28-1", 28)]))
    new["anchors"]["p28-1"] = "rapport/03-elders/#p28-1"
    merged = merge_manifests(old, new)
    assert merged["anchors"]["p28-4"] == f"{CHAPTER}#p28-4"
    assert merged["anchors"]["p28-1"] == "rapport/03-elders/#p28-1"
    assert merge_manifests(None, new) == new


def test_broken_anchors():
    manifest = anchor_manifest(OLD)
    new = model([("p28-1", 28), ("p29-1", 29)])
    assert broken_anchors(manifest, new, {}) == ["p28-2", "p28-3", "p28-4"]
    redirects, _ = plan_redirects(manifest, new, {})
    assert broken_anchors(manifest, new, redirects) == []
    assert broken_anchors(manifest, new, {**redirects, "p28-2": "p28-8"}) == ["p28-2 -> p28-8"]
    assert broken_anchors(None, new, None) == []


def test_redirect_and_page_urls():
    new = model([("p28-1", 28)])
    assert redirect_urls({"p28-3": "p28-1", "x": "gone"}, new) == {"p28-3": f"{CHAPTER}#p28-1"}
    assert page_urls(new)["28"] == f"{CHAPTER}#page-28"


def test_successor_of_a_paragraph_comes_before_the_nearest_on_its_page():
    """continuity.carry_paragraph_ids names where a paragraph's reader should go now."""
    new = model([("p28-1", 28), ("p28-2", 28), ("p29-1", 29), ("p28-7", 29)])
    redirects, unmapped = plan_redirects(anchor_manifest(OLD), new, {},
                                         {"p28-3": "p28-7", "p28-4": "gone"})
    assert redirects["p28-3"] == "p28-7"  # the successor, though on another page
    assert redirects["p28-4"] == "p28-2"  # a successor that is not live: the nearest
    assert unmapped == []
