"""MkDocs hook: reuse the rendered HTML of unchanged pages across `mkdocs serve` rebuilds.

Runs last in on_page_markdown (after other hooks changed the Markdown) and first in
on_page_content (before they change the HTML). A page found in the cache is rendered from an
empty Markdown and gets its earlier HTML, table of contents, title and anchors back.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from bl_render_cache import CACHE, Rendered, site_key


@event_priority(-100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    markdown_config = {"extensions": [str(e) for e in config["markdown_extensions"]],
                       "configs": config["mdx_configs"]}
    CACHE.start_build(site_key((f.src_uri for f in files), markdown_config))
    return files


@event_priority(-100)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    found = CACHE.lookup(page.file.src_uri, page.url, markdown)
    return "" if found is not None else markdown


@event_priority(100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    pending = CACHE.finish(page.file.src_uri)
    if pending is None:
        return html
    key, found = pending
    if found is None:
        CACHE.store(key, Rendered(
            html=html,
            toc=page.toc,
            title=page._title_from_render,
            anchor_ids=frozenset(page.present_anchor_ids or ()),
            links_to_anchors=_by_src_uri(page.links_to_anchors),
        ))
        return html
    page.toc = found.toc
    page._title_from_render = found.title
    page.present_anchor_ids = set(found.anchor_ids or ())
    page.links_to_anchors = _by_file(found.links_to_anchors, files)
    return found.html


def on_post_build(config: MkDocsConfig) -> None:
    CACHE.end_build()


def _by_src_uri(links: dict[Any, dict[str, str]] | None) -> dict[str, dict[str, str]] | None:
    return None if links is None else {f.src_uri: dict(v) for f, v in links.items()}


def _by_file(links: Any, files: Files) -> dict[Any, dict[str, str]] | None:
    if links is None:
        return None
    result = {}
    for src_uri, targets in links.items():
        file = files.get_file_from_path(src_uri)
        if file is not None:
            result[file] = dict(targets)
    return result
