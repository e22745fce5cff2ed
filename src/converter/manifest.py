"""Links that stay: the manifest of published anchors, and redirects for anchors that vanished.

Readers cite paragraphs by URL (``…/02-migratie/#p28-3``). Once an anchor has been published it
must keep working after the report is converted again, even when the converter now splits the
text differently. The CLI keeps two files next to ``model.json``:

- ``anchors.json``: every anchor ever published for the report (cumulative), as made by
  `anchor_manifest` and merged with `merge_manifests`;
- ``redirects.json``: ``{old_id: new_id}`` for every published anchor that the current model
  no longer has, as planned by `plan_redirects`.

The site build refuses to publish when an anchor of ``anchors.json`` resolves to nothing
(`broken_anchors`). Everything here is pure: dicts in, dicts out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

#: Model lists whose items are anchors, with the field that holds the PDF page of each.
ANCHOR_LISTS: tuple[tuple[str, str], ...] = (
    ("pages", "number"),
    ("sections", "page"),
    ("paragraphs", "page"),
    ("footnotes", "page"),
)

PARAGRAPH_ID = re.compile(r"^p(?P<page>\d+)-(?P<n>\d+)$")
PAGE_ID = re.compile(r"^page-(?P<page>\d+)$")
SECTION_ID = re.compile(r"^s(?P<number>\d+(?:-\d+)*)$")


def anchor_manifest(doc_json: Mapping[str, Any]) -> dict[str, Any]:
    """Every anchor the model publishes, with its site-relative URL.

    Returns ``{"report": slug, "anchors": {id: url}, "pages": {id: page},
    "numbers": {section_id: "2.1"}}``. ``pages`` and ``numbers`` let a later conversion find
    the nearest surviving anchor for one that disappeared.
    """
    anchors: dict[str, str] = {}
    pages: dict[str, int] = {}
    numbers: dict[str, str] = {}
    for list_name, page_field in ANCHOR_LISTS:
        for item in doc_json.get(list_name, ()):
            anchor = item["id"]
            anchors[anchor] = item["url"]
            if item.get(page_field) is not None:
                pages[anchor] = int(item[page_field])
            if list_name == "sections" and item.get("number"):
                numbers[anchor] = str(item["number"])
    return {"report": doc_json["slug"], "anchors": anchors, "pages": pages, "numbers": numbers}


def merge_manifests(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> dict[str, Any]:
    """The cumulative manifest: all anchors ever published, with the newest URL of each."""
    if not old:
        return {
            key: dict(value) if isinstance(value, dict) else value for key, value in new.items()
        }
    merged: dict[str, Any] = {"report": new["report"]}
    for key in ("anchors", "pages", "numbers", "texts"):
        merged[key] = {**old.get(key, {}), **new.get(key, {})}
    return merged


def plan_redirects(
    old_manifest: Mapping[str, Any],
    new_model: Mapping[str, Any],
    old_redirects: Mapping[str, str],
    successors: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], list[str]]:
    """Redirects for every published anchor that `new_model` no longer has.

    - an anchor with a successor (`continuity.carry_paragraph_ids`: the paragraph that now
      stands where its text stood) goes there;
    - another paragraph ``pP-N`` goes to the surviving paragraph on page P whose number is
      nearest to N (ties go to the earlier one), else to the page anchor ``page-P``;
    - a section goes to the section with the same number, else its nearest surviving parent
      section, else the page it started on;
    - a footnote, or any other anchor, goes to the page it was on;
    - a page that no longer exists goes to the last page before it.

    Earlier redirects are kept and chained: when ``a -> b`` was published and ``b`` is gone
    too, ``a`` follows ``b``'s new target. An anchor that exists again needs no redirect.
    Returns ``(redirects, unmapped)``; ``unmapped`` lists anchors with no target at all.
    """
    planner = _Planner(old_manifest, new_model, old_redirects, successors or {})
    published = list(old_manifest.get("anchors", {}))
    published += [old for old in old_redirects if old not in old_manifest.get("anchors", {})]
    redirects: dict[str, str] = {}
    unmapped: list[str] = []
    for anchor in published:
        if anchor in planner.live:
            continue
        target = planner.resolve(anchor, frozenset())
        if target is None:
            unmapped.append(anchor)
        else:
            redirects[anchor] = target
    return redirects, unmapped


def broken_anchors(
    manifest: Mapping[str, Any] | None,
    model: Mapping[str, Any],
    redirects: Mapping[str, str] | None,
) -> list[str]:
    """Published anchors that resolve neither in the model nor through a redirect.

    A redirect counts only when its target exists in the model. Redirects whose target is
    missing are reported as ``"old -> target"`` even when the old anchor is not in the
    manifest, so a stale ``redirects.json`` cannot hide behind a trimmed ``anchors.json``.
    """
    live = set(anchor_manifest(model)["anchors"])
    redirects = redirects or {}
    broken: list[str] = []
    for anchor in (manifest or {}).get("anchors", {}):
        if anchor in live:
            continue
        if anchor not in redirects:
            broken.append(anchor)
    for old, new in redirects.items():
        if new not in live:
            broken.append(f"{old} -> {new}")
    return broken


class _Planner:
    """Finds a surviving anchor for one that vanished (see `plan_redirects`)."""

    def __init__(
        self,
        old_manifest: Mapping[str, Any],
        new_model: Mapping[str, Any],
        old_redirects: Mapping[str, str],
        successors: Mapping[str, str],
    ) -> None:
        new = anchor_manifest(new_model)
        self.successors = successors
        self.live: set[str] = set(new["anchors"])
        self.old_pages: Mapping[str, int] = old_manifest.get("pages", {})
        self.old_numbers: Mapping[str, str] = old_manifest.get("numbers", {})
        self.old_redirects = old_redirects
        self.page_numbers: list[int] = sorted(p["number"] for p in new_model.get("pages", ()))
        self.sections_by_number: dict[str, str] = {}
        for section in new_model.get("sections", ()):
            self.sections_by_number.setdefault(str(section.get("number", "")), section["id"])
        self.paragraphs_by_page: dict[int, list[dict[str, Any]]] = {}
        self.paragraphs_over_page: dict[int, list[dict[str, Any]]] = {}
        for paragraph in new_model.get("paragraphs", ()):
            self.paragraphs_by_page.setdefault(int(paragraph["page"]), []).append(paragraph)
            for page in paragraph.get("pages") or (paragraph["page"],):
                self.paragraphs_over_page.setdefault(int(page), []).append(paragraph)

    def resolve(self, anchor: str, seen: frozenset[str]) -> str | None:
        if anchor in self.live:
            return anchor
        if anchor in seen:
            return None
        seen = seen | {anchor}
        earlier = self.old_redirects.get(anchor)
        if earlier is not None:
            target = self.resolve(earlier, seen)
            if target is not None:
                return target
        return self.nearest(anchor)

    def nearest(self, anchor: str) -> str | None:
        successor = self.successors.get(anchor)
        if successor is not None and successor in self.live:
            return successor
        if match := PARAGRAPH_ID.match(anchor):
            page, n = int(match["page"]), int(match["n"])
            return self._paragraph_on(page, n) or self._page(page, exact=True)
        if match := PAGE_ID.match(anchor):
            return self._page(int(match["page"]), exact=False)
        page = self.old_pages.get(anchor)
        number = self.old_numbers.get(anchor)
        if number is None and (match := SECTION_ID.match(anchor)):
            number = match["number"].replace("-", ".")
        if number:
            section = self._section(number)
            if section is not None:
                return section
        return self._page(page, exact=True) if page is not None else None

    def _paragraph_on(self, page: int, n: int) -> str | None:
        candidates = self.paragraphs_by_page.get(page) or self.paragraphs_over_page.get(page)
        if not candidates:
            return None

        def distance(item: tuple[int, Mapping[str, Any]]) -> tuple[int, int]:
            index, paragraph = item
            match = PARAGRAPH_ID.match(paragraph["id"])
            position = int(match["n"]) if match and int(match["page"]) == page else index + 1
            return abs(position - n), position

        _, best = min(enumerate(candidates), key=distance)
        return str(best["id"])

    def _section(self, number: str) -> str | None:
        parts = number.split(".")
        while parts:
            section = self.sections_by_number.get(".".join(parts))
            if section is not None and section in self.live:
                return section
            parts.pop()
        return None

    def _page(self, page: int, *, exact: bool) -> str | None:
        if f"page-{page}" in self.live:
            return f"page-{page}"
        if exact:
            return None
        earlier = [number for number in self.page_numbers if number < page]
        return f"page-{earlier[-1]}" if earlier else None


def redirect_urls(redirects: Mapping[str, str], model: Mapping[str, Any]) -> dict[str, str]:
    """``{old_id: site-relative URL of the new anchor}`` for redirects whose target exists."""
    if not redirects:
        return {}  # the usual case; this runs for every page of the site
    urls = anchor_manifest(model)["anchors"]
    return {old: urls[new] for old, new in redirects.items() if new in urls}


def page_urls(model: Mapping[str, Any]) -> dict[str, str]:
    """``{"28": site-relative URL of page-28}``: where an unknown ``p28-x`` falls back to."""
    return {str(page["number"]): page["url"] for page in model.get("pages", ())}


def sorted_ids(ids: Iterable[str]) -> list[str]:
    """Anchor ids in reading order where they encode it (pages, then paragraphs), else by name."""

    def key(anchor: str) -> tuple[int, int, int, str]:
        if match := PAGE_ID.match(anchor):
            return (0, int(match["page"]), 0, anchor)
        if match := PARAGRAPH_ID.match(anchor):
            return (1, int(match["page"]), int(match["n"]), anchor)
        return (2, 0, 0, anchor)

    return sorted(ids, key=key)
