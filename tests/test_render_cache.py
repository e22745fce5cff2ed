"""Rebuilds as under `mkdocs serve`: unchanged pages come from the render cache, unchanged."""

from __future__ import annotations

import os
from pathlib import Path

from site_fixture import copy_site, synthetic_reports

HOOKS = Path(__file__).resolve().parents[1] / "hooks"


def snapshot(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def test_rebuild_after_editing_a_page_reuses_unchanged_pages(tmp_path: Path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = copy_site(tmp_path / "site-root")
    synthetic_reports(root / "docs")
    monkeypatch.chdir(root)
    monkeypatch.syspath_prepend(str(HOOKS))
    monkeypatch.setitem(os.environ, "NO_MKDOCS_2_WARNING", "1")

    build(load_config(str(root / "mkdocs.yml")))
    first = snapshot(root / "site")
    from bl_render_cache import CACHE  # the module the hook imported, shared with this test

    build(load_config(str(root / "mkdocs.yml")))
    assert CACHE.hits >= len(first) - 1  # every page but none changed came from the cache
    assert snapshot(root / "site") == first

    index = root / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nEen nieuwe alinea.\n", encoding="utf-8")
    build(load_config(str(root / "mkdocs.yml")))
    rebuilt = snapshot(root / "site")
    assert "Een nieuwe alinea." in rebuilt["index.html"].decode()
    changed = {name for name in first if rebuilt[name] != first[name]}
    assert "index.html" in changed
