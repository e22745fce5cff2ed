"""Links that stay, on the site side: the data the page script needs for old anchors.

Each page of a report gets a small JSON object (in an attribute of a hidden element): where
every redirected anchor now lives, and where each PDF page starts, both as URLs relative to
that page. The script in ``docs/assets/beleidslezer.js`` reads it when the address names an
anchor the page lacks.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

from mkdocs.utils import get_relative_url

from converter.escaping import escape_attr
from converter.manifest import anchor_manifest, broken_anchors, page_urls, redirect_urls, sorted_ids

DATA_ID = "bl-links"


def relative(url: str, page_url: str) -> str:
    """A site-relative model URL (``slug/02-x/#p28-3``) relative to the page at ``page_url``."""
    path, _, fragment = url.partition("#")
    rel = get_relative_url(path or ".", page_url or ".")
    if path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return f"{rel}#{fragment}" if fragment else rel


def fallback_data(
    model: Mapping[str, Any], redirects: Mapping[str, str], page_url: str
) -> dict[str, Any]:
    """``{"redirects": {old: url}, "pages": {"28": url}}`` with URLs relative to the page."""
    return {
        "redirects": {
            old: relative(url, page_url) for old, url in redirect_urls(redirects, model).items()
        },
        "pages": {number: relative(url, page_url) for number, url in page_urls(model).items()},
    }


def fallback_script(data: Mapping[str, Any]) -> str:
    """The data as an attribute of an empty, hidden element.

    Not a ``<script type="application/json">``: Material's instant navigation re-runs every
    script in the new content as JavaScript. An attribute also stays out of the search index.
    """
    payload = html.escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")), quote=True)
    return f'<div id="{DATA_ID}" hidden data-links="{payload}"></div>'


def anchor_problems(
    model: Mapping[str, Any],
    manifest: Mapping[str, Any] | None,
    redirects: Mapping[str, str] | None,
) -> list[str]:
    """Published anchors (anchors.json) that neither the model nor a redirect resolves."""
    return broken_anchors(manifest, model, redirects)


def describe_problems(folder: str, problems: list[str], limit: int = 20) -> str:
    shown = ", ".join(sorted_ids(problems)[:limit])
    more = f" (en nog {len(problems) - limit})" if len(problems) > limit else ""
    return (
        f"Rapport '{folder}': gepubliceerde ankers verwijzen nergens meer naar / published "
        f"anchors no longer resolve: {shown}{more}. Voeg ze toe aan redirects.json of "
        "converteer opnieuw in dezelfde map (de CLI plant redirects) / add them to "
        "redirects.json or re-convert into the same folder."
    )


def model_anchor_ids(model: Mapping[str, Any]) -> set[str]:
    return set(anchor_manifest(model)["anchors"])


# An entity mention as render.py writes it; its text holds no tag but <abbr>.
_MENTION = re.compile(
    r'<span class="bl-entity" id="(?P<id>[^"]*)" data-entity="(?P<entity>[^"]*)">'
    r"(?P<inner>(?:(?!</?(?:span|a)\b).)*?)</span>",
    re.DOTALL,
)


def mentioned_entities(page_html: str) -> set[str]:
    """Ids of the entities mentioned on a page."""
    return {html.unescape(m["entity"]) for m in _MENTION.finditer(page_html)}


def link_mentions(page_html: str, targets: Mapping[str, tuple[str, str]]) -> str:
    """Make each entity mention a link to its register entry.

    `targets` maps an entity id to (URL of its register entry relative to this page, name).
    A mention whose entity has no entry stays as it is.
    """
    def replace(match: re.Match[str]) -> str:
        target = targets.get(html.unescape(match["entity"]))
        if target is None:
            return match[0]
        url, name = target
        title = escape_attr(f"In het register: {name}")
        return (f'<a class="bl-entity" id="{match["id"]}" data-entity="{match["entity"]}" '
                f'href="{escape_attr(url)}" title="{title}">{match["inner"]}</a>')

    return _MENTION.sub(replace, page_html)
