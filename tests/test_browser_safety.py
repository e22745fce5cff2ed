"""Nothing gets in, nothing is lost: the built site in headless Chromium (issue 12).

* A report whose every field (titles, section numbers and titles, paragraph text, list
  markers, table cells, footnotes, page labels, reference labels, keys and URLs, entity ids,
  names, aliases and URLs, abbreviations, warnings) holds hostile strings (C0/C1 controls,
  attr_list syntax, Jinja, HTML, javascript:/data: URLs, Markdown links, bidi overrides) is
  rendered by the converter and built with ``mkdocs build --strict``. Every page is opened,
  mouseover, focus and click are fired at every element, and no dialog may open; no element
  may carry an ``on*`` attribute or a javascript:/data: URL.
* Two editions of a letter converted into one slug: a link to a paragraph whose text is gone
  lands on its successor and tells the reader so, also when the fragment changes on an open
  page; ``#__proto__`` and its kind do not send the reader anywhere.

The server and browser are those of tests/test_browser.py (imported, not copied).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from converter.manifest import anchor_manifest
from converter.model import (
    Abbreviation,
    Document,
    Entity,
    Footnote,
    FootnoteMark,
    Occurrence,
    PageInfo,
    Paragraph,
    Reference,
    Section,
    Source,
)
from converter.render import document_to_markdown, json_text
from process_support import cli_env
from site_fixture import copy_site, minimal_pdf, run_build
from test_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, Server, open_page

sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import make_plain_report as letter_maker

pytestmark = pytest.mark.browser

from playwright import sync_api

# --- a report made of hostile strings -------------------------------------------------------

ATTACKS = [
    "\x01\x1b[31m\x7f\x80\x9f",
    "{: onmouseover=alert(1) }",
    "{{ config }}{% raw %}",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "](javascript:alert(1))",
    "[klik](javascript:alert(1)){: onclick=alert(1) }",
    "\u202eevil\u202c",
    "<script>alert(1)</script>",
    "'\" onfocus=alert(1) autofocus x=\"",
]
HOSTILE = " ".join(ATTACKS)
BAD_URLS = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
            "https://example.org/x){:onmouseover=alert(1)}z", " JAVASCRIPT:alert(1)"]
SLUG = "hostiel"
INVISIBLE = ({chr(c) for c in range(0x20)} - {"\t", "\n"}) | {chr(c) for c in range(0x7F, 0xA0)} \
    | set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


def hostile_document() -> Document:
    def url(file: str, anchor: str) -> str:
        return f"{SLUG}/{file[:-3]}/#{anchor}"

    chapter = "hoofdstuk-1.md"
    text = f"Begin {HOSTILE} midden {HOSTILE} einde"
    mention = text.index("midden")
    mark = FootnoteMark(len("Begin"), "1", 1, "1")
    paragraphs = (
        Paragraph("p1-1", "s1", 1, (1,), "paragraph", text, (mark,), url(chapter, "p1-1")),
        Paragraph("p1-2", "s1", 1, (1,), "list_item", HOSTILE, (), url(chapter, "p1-2"),
                  number=HOSTILE[:40]),
        Paragraph("p1-3", "s1", 1, (1,), "table", HOSTILE, (), url(chapter, "p1-3"),
                  rows=((HOSTILE, "b"), ("c|d", HOSTILE))),
        Paragraph("p2-1", "s1-1", 2, (2,), "caption", HOSTILE, (), url(chapter, "p2-1")),
    )
    sections = (Section("s1", 1, "1" + HOSTILE[:20], HOSTILE, 1, url(chapter, "s1"), chapter),
                Section("s1-1", 2, "1.1", HOSTILE, 2, url(chapter, "s1-1"), chapter))
    footnotes = (Footnote("1", "fn:1", 1, f"Noot {HOSTILE}", "p1-1", url(chapter, "fn:1")),)
    references = tuple(
        Reference(kind, f"{kind}-{n}{HOSTILE[:30]}", f"{HOSTILE} {n}", bad,
                  (Occurrence(f"ref-{kind}-{n}-1", "p1-1", None, 1, mention, mention + 6,
                              "midden"),
                   Occurrence(f"ref-{kind}-{n}-2", "p1-1", "1", 1, 0, 4, "Noot")))
        for n, (kind, bad) in enumerate(zip(["kamerstuk", "url", "ecli", "eu_act"], BAD_URLS,
                                            strict=True)))
    entities = tuple(
        Entity(kind, f"ent{n}{HOSTILE[:25]}", f"{HOSTILE} {n}", (HOSTILE, f"alias {n}"), bad,
               (Occurrence(f"ent-{n}-1", "p1-1", None, 1, 0, 5, "Begin"),))
        for n, (kind, bad) in enumerate(zip(["law", "programme", "organisation", "eu_act"],
                                            BAD_URLS, strict=True)))
    pages = (PageInfo(1, HOSTILE[:30], "page-1", url(chapter, "page-1")),
             PageInfo(2, "ii", "page-2", url(chapter, "page-2")))
    return Document(
        title=f"Rapport {HOSTILE}", slug=SLUG,
        source=Source(f"{SLUG}.pdf", 2, "0" * 64), pages=pages, sections=sections,
        paragraphs=paragraphs, footnotes=footnotes, references=references, entities=entities,
        abbreviations=(Abbreviation("HTML", HOSTILE), Abbreviation("<img src=x onerror=1>", "x"),
                       Abbreviation("{: onclick=x }", HOSTILE)),
        warnings=(HOSTILE,))


def write_report(docs: Path, document: Document) -> None:
    folder = docs / document.slug
    folder.mkdir(parents=True)
    for name, content in document_to_markdown(document).items():
        (folder / name).write_text(content, encoding="utf-8")
    model = json_text(document)
    (folder / "model.json").write_text(model, encoding="utf-8")
    manifest = {"generator": "beleidslezer", **anchor_manifest(json.loads(model))}
    (folder / "anchors.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "redirects.json").write_text("{}", encoding="utf-8")
    (folder / document.source.file).write_bytes(minimal_pdf(2, "hostiel"))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = copy_site(tmp_path_factory.mktemp("hostile-model"))
    write_report(root / "docs", hostile_document())
    result = run_build(root)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-4000:]}"
    return root / "site"


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


PROVOKE = """() => {
  // a click must not navigate away: the page is checked as it is
  window.addEventListener('click', e => e.preventDefault(), true);
  let fired = 0;
  for (const el of document.querySelectorAll('*')) {
    for (const type of ['mouseover', 'mouseenter', 'mousedown', 'mouseup', 'click', 'dblclick',
                        'focus', 'focusin', 'blur', 'keydown']) {
      const event = type.startsWith('mouse') || type.endsWith('click')
        ? new MouseEvent(type, {bubbles: true, cancelable: true})
        : type === 'keydown' ? new KeyboardEvent(type, {bubbles: true, cancelable: true})
        : new FocusEvent(type, {bubbles: true});
      el.dispatchEvent(event);
      fired++;
    }
    if (typeof el.focus === 'function') el.focus();
  }
  return fired;
}"""
FIND_LIVE = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) {
      const value = (el.getAttribute(attr) || '').replace(/[\\x00-\\x20]/g, '').toLowerCase();
      if (attr.startsWith('on')) bad.push(`${el.tagName} ${attr}`);
      if (['href', 'src', 'action', 'formaction', 'srcset', 'poster', 'data'].includes(attr)
          && /^(javascript|vbscript|data):/.test(value)) bad.push(`${el.tagName} ${attr}=${value}`);
    }
  }
  return bad;
}"""


def test_hostile_strings_stay_text_in_chromium(hostile_site: Path, browser):
    server = Server(hostile_site)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        dialogs: list[str] = []
        errors: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: errors.append(str(error)))
        pages = sorted(str(p.relative_to(hostile_site)) for p in hostile_site.rglob("*.html"))
        assert any(p.startswith(f"{SLUG}/") for p in pages) and "register/wetten/index.html" \
            in pages
        for path in pages:
            page.goto(server.base + path)
            page.wait_for_load_state("load")
            assert page.evaluate(PROVOKE) > 0
            # mouse events sent to each link itself: a sticky header may cover a link the
            # pointer would reach, but a handler an attacker smuggled in must not run
            for link in page.locator("article a[href]").all()[:60]:
                for event in ("mouseover", "mouseenter", "focus"):
                    link.dispatch_event(event)
            page.wait_for_timeout(100)
            assert page.evaluate(FIND_LIVE) == [], path
            assert dialogs == [], f"{path}: a dialog opened: {dialogs}"
            shown = page.evaluate("document.body.innerText")
            hidden = sorted({f"U+{ord(c):04X}" for c in shown if c in INVISIBLE})
            assert not hidden, f"{path}: control or bidi characters reach the reader: {hidden}"
        # the text is shown as text
        page.goto(server.base + f"{SLUG}/hoofdstuk-1/")
        body = page.evaluate("document.querySelector('article').innerText")
        for attack in ("{: onmouseover=alert(1) }", "<img src=x onerror=alert(1)>",
                       "{{ config }}{% raw %}", "](javascript:alert(1))", "<script>alert(1)"):
            assert attack in body, attack
        assert "\u202e" not in body and "\x80" not in body
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "hostile-chapter.png"))
        page.goto(server.base + "register/kamerstukken/")
        page.screenshot(path=str(SCREENSHOTS / "hostile-register.png"))
        hrefs = page.evaluate("[...document.querySelectorAll('article a')].map(a => a.href)")
        assert not [h for h in hrefs if not h.startswith(server.base)
                    and not h.startswith("https://")], hrefs
        context.close()
        assert errors == []
    finally:
        server.close()


# --- links that keep their meaning ------------------------------------------------------------


@pytest.fixture(scope="module")
def editions_site(tmp_path_factory) -> tuple[Path, dict, dict, dict]:
    """The letter, then its revision, converted into docs/brief; the site built."""
    root = copy_site(tmp_path_factory.mktemp("editions-site"))
    models = []
    for name, letter in (("v1", letter_maker.LETTER), ("v2", letter_maker.revised())):
        pdf = root / f"{name}.pdf"
        letter_maker.build(letter).output(str(pdf))
        result = subprocess.run([sys.executable, "-m", "converter.cli", "convert", str(pdf),
                                 "--out", str(root / "docs"), "--slug", "brief", "-q"],
                                cwd=root, env=cli_env(), capture_output=True, text=True,
                                check=False)
        assert result.returncode == 0, result.stderr
        models.append(json.loads((root / "docs" / "brief" / "model.json").read_text("utf-8")))
    built = run_build(root)
    assert built.returncode == 0, built.stderr[-3000:]
    redirects = json.loads((root / "docs" / "brief" / "redirects.json").read_text("utf-8"))
    return root / "site", models[0], models[1], redirects


@pytest.fixture
def reader(editions_site, browser):
    server = Server(editions_site[0])
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page, server
    context.close()
    server.close()
    assert page.errors == []


def _old_paragraph(v1: dict, start: str) -> dict:
    return next(p for p in v1["paragraphs"] if p["text"].startswith(start))


def test_link_to_rewritten_paragraph_lands_on_its_successor_with_a_note(editions_site, reader):
    _, v1, v2, redirects = editions_site
    page, server = reader
    old = _old_paragraph(v1, "Ik zal uw Kamer voorafgaand")
    successor = redirects[old["id"]]
    target = next(p for p in v2["paragraphs"] if p["id"] == successor)
    assert target["text"] == letter_maker.REWRITTEN
    open_page(page, server, old["url"])
    page.wait_for_function(f"location.hash === '#{successor}'")
    note = page.locator(".bl-note")
    note.wait_for()
    assert "gewijzigd of verwijderd" in note.inner_text()
    assert "bl-target" in (page.locator(f"#{successor}").get_attribute("class") or "")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "redirect-note.png"))
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        return  # axe-core comes with the reader's accessibility tests (issue 11)
    results = Axe().run(page, context=".bl-note")
    assert results.violations_count == 0, results.generate_report()


def test_deleted_paragraph_on_another_page_lands_on_its_successor(editions_site, reader):
    _, v1, v2, redirects = editions_site
    page, server = reader
    old = _old_paragraph(v1, "In deze brief beschrijf")
    successor = redirects[old["id"]]
    assert successor in {p["id"] for p in v2["paragraphs"]}
    open_page(page, server, old["url"])
    page.wait_for_function(f"location.hash === '#{successor}'")
    page.locator(".bl-note").wait_for()


def test_stale_fragment_on_an_open_page_lands_too(editions_site, reader):
    _, v1, _v2, redirects = editions_site
    page, server = reader
    old = _old_paragraph(v1, "Ik zal uw Kamer voorafgaand")
    open_page(page, server, old["url"].split("#")[0])
    assert page.locator(".bl-note").count() == 0
    page.evaluate(f"location.hash = '#{old['id']}'")
    page.wait_for_function(f"location.hash === '#{redirects[old['id']]}'")
    page.locator(".bl-note").wait_for()


def test_kept_paragraph_shows_no_note(editions_site, reader):
    _, v1, v2, _ = editions_site
    page, server = reader
    kept = _old_paragraph(v1, "Bij de IND")  # one word changed: the same paragraph
    now = next(p for p in v2["paragraphs"] if p["id"] == kept["id"])
    assert "zorgvuldig" in now["text"]
    open_page(page, server, now["url"])
    page.wait_for_timeout(300)
    assert page.evaluate("location.hash") == f"#{kept['id']}"
    assert page.locator(".bl-note").count() == 0


@pytest.mark.parametrize("fragment", ["__proto__", "constructor", "toString", "hasOwnProperty",
                                      "valueOf", "__defineGetter__"])
def test_prototype_names_as_fragment_go_nowhere(editions_site, reader, fragment: str):
    _, _, v2, _ = editions_site
    page, server = reader
    chapter = v2["paragraphs"][0]["url"].split("#")[0]
    open_page(page, server, f"{chapter}#{fragment}")
    page.wait_for_timeout(300)
    assert page.evaluate("location.href") == f"{server.base}{chapter}#{fragment}"
    assert "[object" not in page.evaluate("location.href")
    assert page.locator(".bl-note").count() == 0
    page.evaluate("location.hash = '#toString'")
    page.wait_for_timeout(200)
    assert re.search(r"#toString$", page.evaluate("location.href"))
