"""A report whose text attacks Markdown, HTML and templates reaches the reader as plain text.

tests/fixtures/make_hostile_report.py typesets `<script>`, `onerror`, `javascript:` links,
Markdown syntax (emphasis, tables, headings, abbreviation and footnote definitions, attribute
lists, code), Jinja (`{{ config }}`, `{% raw %}`) into the title, the body and the footnotes.
The report is converted with the CLI and

* its Markdown is rendered alone with Python-Markdown and the site's extensions, and
* a copy of the site (mkdocs.yml, docs/, hooks/, overrides/) is built with
  ``mkdocs build --strict``;

in both, every hostile string must appear literally as text, no `<script>` may come from the
PDF, no element may carry an event-handler attribute, no URL may use ``javascript:``, and every
link must be relative or http(s).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from site_fixture import copy_site

sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import make_hostile_report as hostile

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "srcset", "background", "cite", "longdesc", "ping")
ALLOWED_SCHEMES = {"", "http", "https"}


def _cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BELEIDSLEZER_DEBUG"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"),
                                                      env.get("PYTHONPATH", "")]))
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run([sys.executable, "-m", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=300, check=False)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile report converted into docs/ of a copy of the site; returns the site root."""
    root = tmp_path_factory.mktemp("hostile-site")
    pdf = root / "hostile.pdf"
    hostile.render(pdf)
    copy_site(root)
    docs = root / "docs"
    result = _cli("converter.cli", "convert", pdf, "--out", docs, "-q", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def report(converted: Path) -> Path:
    folders = [p.parent for p in (converted / "docs").glob("*/model.json")]
    assert len(folders) == 1
    return folders[0]


@pytest.fixture(scope="module")
def built(converted: Path) -> Path:
    if not (converted / "mkdocs.yml").exists():
        pytest.skip("no mkdocs.yml yet: the Markdown is tested alone")
    result = _cli("mkdocs", "build", "--strict", "-f", converted / "mkdocs.yml", "-d",
                  converted / "site", cwd=converted)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-4000:]}"
    return converted / "site"


# --- checks shared by both renderings ----------------------------------------------------------


def _text(soup: BeautifulSoup) -> str:
    return re.sub(r"\s+", " ", soup.get_text())


def _paragraph_starts(soup: BeautifulSoup) -> list[str]:
    return [re.sub(r"\s+", " ", p.get_text()).strip() for p in soup.find_all("p")]


def assert_literal(soup: BeautifulSoup, where: str) -> None:
    text = _text(soup)
    missing = [s for s in hostile.HOSTILE if s not in text]
    assert not missing, f"{where}: not shown literally: {missing}"
    starts = _paragraph_starts(soup)
    lost = [s for s in hostile.PARAGRAPH_STARTS if not any(p.startswith(s) for p in starts)]
    assert not lost, f"{where}: no paragraph starts literally with {lost}"
    assert hostile.HEADING in text, f"{where}: the chapter heading is not literal"
    for number, note in hostile.FOOTNOTES.items():
        assert re.sub(r"\s+", " ", note) in text, f"{where}: footnote {number} not literal"


def assert_safe(soup: BeautifulSoup, where: str, *, theme_scripts: bool = False) -> None:
    for script in soup.find_all("script"):
        body = script.string or ""
        parent = script.parent
        assert "alert(1)" not in body, (f"{where}: live <script> from the PDF inside "
                                        f"<{parent.name} class={parent.get('class')}>: {script}")
        assert theme_scripts, f"{where}: a <script> in converted content: {script}"[:500]
    # a whole page has the theme's <meta>, search <form> and so on; converted content has none
    tags = ("img",) if theme_scripts else ("iframe", "object", "embed", "form", "base", "meta",
                                           "img", "style", "link")
    for element in soup.find_all(tags):
        if element.name == "img" and element.get("src") != "x":
            continue  # an image the site itself places
        raise AssertionError(f"{where}: <{element.name}> from the PDF: {element}"[:500])
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), \
                f"{where}: event handler {name}= on <{element.name}>"
            values = value if isinstance(value, list) else [value]
            for item in values:
                compact = re.sub(r"[\x00-\x20]", "", str(item)).lower()
                assert "javascript:" not in compact or name not in URL_ATTRIBUTES, \
                    f"{where}: javascript: URL in {name}= of <{element.name}>"
                if name in URL_ATTRIBUTES:
                    assert not compact.startswith(("javascript:", "vbscript:", "data:text")), \
                        f"{where}: {name}={item!r}"
    for link in soup.find_all("a", href=True):
        scheme = urlsplit(link["href"].strip()).scheme.lower()
        assert scheme in ALLOWED_SCHEMES, f"{where}: link {link['href']!r} is not http(s)"


# --- the Markdown alone ------------------------------------------------------------------------


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5:]
    return text


def test_markdown_alone_renders_hostile_text_literally(report: Path):
    pages = []
    for md in sorted(report.glob("*.md")):
        converter = markdown.Markdown(
            extensions=["attr_list", "footnotes", "abbr", "tables", "md_in_html", "toc"])
        html = converter.convert(_strip_front_matter(md.read_text(encoding="utf-8")))
        soup = BeautifulSoup(html, "html.parser")
        assert_safe(soup, md.name)
        assert not soup.find("table"), f"{md.name}: text became a table"
        assert not soup.find("abbr"), f"{md.name}: '*[COA]: fake' became an abbreviation"
        assert not soup.find(["em", "strong", "code"]), f"{md.name}: text became markup"
        assert not soup.find(id="id"), f"{md.name}: '{{: #id }}' became an attribute list"
        headings = [h.get_text() for h in soup.find_all(re.compile("^h[1-6]$"))]
        assert not any("geen kop" in h for h in headings), f"{md.name}: '#' made a heading"
        pages.append(html)
    assert_literal(BeautifulSoup("\n".join(pages), "html.parser"), "Markdown")


def test_front_matter_keeps_the_title_as_a_string(report: Path):
    import yaml

    for md in report.glob("*.md"):
        text = md.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        meta = yaml.safe_load(text[4: text.find("\n---\n", 4)])
        assert meta.get("report_title", hostile.TITLE) == hostile.TITLE, md.name


# --- the built site ----------------------------------------------------------------------------


def _pages(site: Path) -> dict[str, BeautifulSoup]:
    return {str(p.relative_to(site)): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted(site.rglob("*.html"))}


def test_built_site_shows_hostile_text_literally(built: Path, report: Path):
    pages = _pages(built)
    mine = {name: soup for name, soup in pages.items() if name.startswith(f"{report.name}/")}
    assert mine, f"no built pages for {report.name}"
    contents = [soup.find("article") or soup.find(class_="md-content") or soup
                for soup in mine.values()]
    combined = BeautifulSoup("\n".join(str(c) for c in contents), "html.parser")
    assert_literal(combined, "built site")
    titles = [soup.title.get_text() for soup in mine.values() if soup.title]
    assert any(hostile.TITLE in t or "{{ config }}" in t for t in titles) or \
        hostile.TITLE in _text(combined), "the hostile title is not shown literally"


def test_built_site_runs_nothing_from_the_pdf(built: Path):
    for name, soup in _pages(built).items():
        assert_safe(soup, name, theme_scripts=True)
        for content in soup.find_all("article"):
            assert_safe(content, f"{name} <article>")
    for asset in built.rglob("*.js"):
        if asset.stat().st_size < 2_000_000:
            assert "alert(1)" not in asset.read_text(encoding="utf-8", errors="replace"), \
                f"{asset.relative_to(built)}: PDF text ended up in a script"


def test_search_index_holds_text_not_markup(built: Path):
    index = built / "search" / "search_index.json"
    if not index.exists():
        pytest.skip("no search index")

    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    for doc in docs:
        # the index stores HTML-escaped text; a raw tag would be live markup in search results
        assert "<script" not in doc.get("text", "").lower(), doc.get("location")
        assert "<img" not in doc.get("text", "").lower(), doc.get("location")


# --- footnote numbers of four digits -------------------------------------------------------------


def test_footnotes_past_999_keep_their_markers_and_texts(tmp_path: Path):
    """Long reports number footnotes past 999; marker and text of note 1000 must still pair."""

    pdf = tmp_path / "noten.pdf"
    hostile.render(pdf, first_footnote=998)
    result = _cli("converter.cli", "convert", pdf, "--out", tmp_path / "docs", "--slug",
                  "noten", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    model = json.loads((tmp_path / "docs" / "noten" / "model.json").read_text(encoding="utf-8"))
    found = {note["number"]: note for note in model["footnotes"]}
    assert sorted(found, key=int) == ["998", "999", "1000", "1001"], \
        f"footnotes found: {sorted(found)}; warnings: {model['warnings']}"
    assert all(note["paragraph"] for note in found.values()), \
        f"footnotes without their marker: {[n for n, f in found.items() if not f['paragraph']]}"
    assert found["1000"]["text"].startswith("{{ config }}"), found["1000"]["text"]
    assert not model["warnings"], model["warnings"]


# --- the two stored-XSS attacks of issue 12, from PDFs through the built site --------------------


def _letter_pdf(path: Path, lines: list[str], metadata_title: str | None = None) -> Path:
    """A one-page letter (reportlab) with `lines` of body text; pypdf sets the metadata title,
    so a character outside PDFDocEncoding (U+0080) is stored as it is (UTF-16)."""
    import io

    import pypdf
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawString(72, 770, lines[0])
    canvas.setFont("Helvetica", 10.5)
    y = 730
    for line in lines[1:]:
        canvas.drawString(72, y, line)
        y -= 14
    canvas.showPage()
    canvas.save()
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(buffer.getvalue())))
    if metadata_title is not None:
        writer.add_metadata({"/Title": metadata_title})
    with open(path, "wb") as stream:
        writer.write(stream)
    return path


def _built_site(tmp_path: Path, pdf: Path) -> tuple[Path, Path]:
    root = copy_site(tmp_path / "site")
    result = _cli("converter.cli", "convert", pdf, "--out", root / "docs", "--slug", "rapport",
                  "-q", cwd=root)
    assert result.returncode == 0, result.stderr
    built = _cli("mkdocs", "build", "--strict", "-f", root / "mkdocs.yml", "-d", root / "site",
                 cwd=root)
    assert built.returncode == 0, built.stderr[-3000:]
    return root / "docs" / "rapport", root / "site"


def test_c1_control_and_img_in_the_metadata_title_stay_text(tmp_path: Path):
    """A U+0080 in the title made PyYAML reject the front matter; MkDocs then rendered the
    raw line, <img onerror> included, on every page of the report."""
    shown = "Rapport <img src=x onerror=alert(1)> over de opvang"
    pdf = _letter_pdf(tmp_path / "titel.pdf", [
        shown, "Dit rapport gaat over de opvang van asielzoekers in Nederland en de",
        "gevolgen voor gemeenten; de titel staat ook in de metadata van het bestand."],
        metadata_title="Rapport\u0080 <img src=x onerror=alert(1)> over de opvang")
    report, site = _built_site(tmp_path, pdf)
    model = json.loads((report / "model.json").read_text(encoding="utf-8"))
    assert model["title"] == shown, "the metadata title (cleaned) names the report"
    from mkdocs.utils.meta import get_data

    for md in report.glob("*.md"):
        body, meta = get_data(md.read_text(encoding="utf-8"))
        assert meta.get("report_title") == shown, f"{md.name}: front matter did not parse"
        assert "report_title" not in body
    for page in site.joinpath("rapport").rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert_safe(soup, str(page), theme_scripts=True)
        assert "report_title:" not in soup.get_text()
        meta = soup.find("meta", attrs={"name": "bl-report-title"})
        assert shown in soup.get_text() or (meta is not None and meta["content"] == shown)


def test_url_that_would_open_an_attribute_list_is_encoded_in_the_register(tmp_path: Path):
    """https://example.org/x){:onmouseover=...}z reached the Kamerstukken register as it was,
    and attr_list made an onmouseover attribute of it."""
    url = "https://example.org/x){:onmouseover=alert(1)}z"
    pdf = _letter_pdf(tmp_path / "url.pdf", [
        "Rapport over bronnen op internet",
        "De gegevens staan op " + url + " en elders;",
        "zie ook Kamerstukken II 2021/22, 32 847, nr. 883 voor de achtergrond."])
    report, site = _built_site(tmp_path, pdf)
    model = json.loads((report / "model.json").read_text(encoding="utf-8"))
    assert any(r["url"] == url for r in model["references"]), model["references"]
    register = BeautifulSoup((site / "register" / "kamerstukken" / "index.html").read_text(
        encoding="utf-8"), "html.parser")
    assert_safe(register, "register/kamerstukken", theme_scripts=True)
    hrefs = [a["href"] for a in register.find_all("a", href=True)]
    assert "https://example.org/x%29%7B:onmouseover=alert%281%29%7Dz" in hrefs, hrefs
    for page in site.rglob("*.html"):
        assert_safe(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"), str(page),
                    theme_scripts=True)
