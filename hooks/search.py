"""MkDocs hook: the site's search engine, Pagefind when served, lunr when read from disk.

Pagefind (bl_pagefind) fetches index fragments per query, which keeps a first search small
on a site with many reports, but a browser fetches nothing from ``file://``. So a site built
for reading from disk (``BL_OFFLINE=true mkdocs build``: Material's ``offline`` plugin) keeps
Material's lunr search, whose index the offline plugin inlines into a script; the served site
gets Pagefind and no lunr index at all. ``config.extra.bl_search`` tells the templates and
the page script which one the site has.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from bl_pagefind import LANGUAGE, Record, register_records, report_records
from bl_pagefind_service import BUNDLES, SERVING
from bl_registers import MEMO, REGISTER_DIR
from bl_reports import CACHE, report_of
from registers import dossier_titles

log = get_plugin_logger(__name__)

OUTPUT = "pagefind"
#: Material's offline plugin runs its search worker through iframe-worker from file://, where
#: browsers refuse Web Workers. It would load the shim from a CDN, which a reader offline
#: cannot reach, so the site ships it (docs/assets/vendor/iframe-worker/).
WORKER_SHIM = "assets/vendor/iframe-worker/shim.js"
_page_urls: dict[str, str] = {}
_other_pages: dict[str, Record] = {}  # hand-written pages, by source path


def on_startup(command: str, dirty: bool) -> None:
    SERVING[0] = command == "serve"


def _plugin_enabled(config: MkDocsConfig, name: str) -> bool:
    plugin = config.plugins.get(name) or config.plugins.get(f"material/{name}")
    return bool(plugin is not None and getattr(plugin, "config", {}).get("enabled", True))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    offline = _plugin_enabled(config, "offline")
    lunr = _plugin_enabled(config, "search")
    if offline and not lunr:
        raise PluginError("Beleidslezer: offline build needs the search plugin (lunr) enabled")
    config.extra["bl_search"] = "lunr" if lunr else "pagefind"
    if offline:
        # instant navigation loads pages with fetch, which file:// refuses (and Material's
        # document stream then never emits): plain links instead
        features = config.theme.get("features") or []
        config.theme["features"] = [f for f in features if f != "navigation.instant"]
        # the offline plugin's on_config ran first and named the CDN copy of the shim
        polyfills = [url for url in config.extra.get("polyfills", ()) if "iframe-worker" not in url]
        config.extra["polyfills"] = [*polyfills, WORKER_SHIM]
    return config


@event_priority(-100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    _page_urls.clear()
    _page_urls.update({f.src_uri: f.url for f in files.documentation_pages()})
    _other_pages.clear()
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Remember the text of hand-written pages (reports and registers get records of their own)."""
    src = page.file.src_uri
    if config.extra.get("bl_search") != "pagefind" or src.startswith(f"{REGISTER_DIR}/"):
        return html
    reports = CACHE.load_all(config.docs_dir, (f.src_uri for f in files))
    if report_of(reports, src) is not None:
        return html
    text = BeautifulSoup(html, "html.parser").get_text(" ", strip=True)
    _other_pages[src] = Record(url=page.url, content=text, title=page.title or "", kind="page")
    return html


def records_for(config: MkDocsConfig) -> list[Record]:
    src_uris = list(_page_urls) + [f"{folder}/model.json" for folder in _report_folders(config)]
    reports = CACHE.load_all(config.docs_dir, src_uris)
    records: list[Record] = list(_other_pages.values())
    for report in reports:
        records.extend(report_records(report, _page_urls.get))
    records.extend(register_records(MEMO.registers(reports, dossier_titles()), _page_urls.get))
    return records


def _report_folders(config: MkDocsConfig) -> list[str]:
    docs = Path(config.docs_dir)
    return sorted(p.parent.name for p in docs.glob("*/model.json"))


@event_priority(-100)
def on_post_build(config: MkDocsConfig) -> None:
    if config.extra.get("bl_search") != "pagefind":
        return
    records = records_for(config)
    target = Path(config.site_dir) / OUTPUT
    payload = [{"url": r.url, "content": r.content, "language": LANGUAGE, "meta": r.meta(),
                "filters": {k: list(v) for k, v in r.filters.items()}} for r in records]
    try:
        how = BUNDLES.write(payload, target, {"force_language": LANGUAGE},
                            background=SERVING[0])
    except (OSError, RuntimeError) as error:  # the binary missing, or it failed: one line
        raise PluginError(f"Beleidslezer: zoekindex (Pagefind) mislukt / search index failed: "
                          f"{error}") from error
    log.info("pagefind: %d records (%s)", len(records), how)
