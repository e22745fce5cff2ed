"""The one escaping function, the one URL check and the front matter (converter/escaping.py).

Python-Markdown with the site's extensions renders escaped text literally, whatever it holds;
only http(s) URLs with a host survive `safe_url`, and nothing in them can end a link or start
an attribute list; front matter reads back as written, also with C0/C1 controls, line
separators, YAML and Jinja syntax in its values. The hooks use the same functions
(`bl_text.escape` is `escape_markdown`).
"""

from __future__ import annotations

import re
import sys

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from converter.escaping import (
    clean_text,
    escape_attr,
    escape_markdown,
    front_matter,
    one_line,
    safe_url,
)

sys.path.insert(0, str(ROOT / "hooks"))
import bl_text

EXTENSIONS = ["attr_list", "footnotes", "abbr", "tables", "md_in_html", "toc"]

#: Strings that mean something to Markdown, attr_list, HTML, Jinja or YAML, or hide text.
HOSTILE = [
    "\x00\x01\x08\x0b\x1b[31m\x7f\x80\x85\x9f",
    "{: onmouseover=alert(1) }",
    "{: #id .cls onclick=\"alert(1)\" }",
    "{{ config }} {% raw %} {# x #}",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "](javascript:alert(1))",
    "[x](javascript:alert(1)){: onclick=alert(1) }",
    "![x](javascript:alert(1))",
    "<https://evil.example>",
    "*[HTML]: afkorting",
    "[^1]: voetnoot",
    "\u202eevil\u202c \u2066x\u2069 \ufeff",
    "line\u2028separator\u2029paragraph\r\nbreak\n\n# heading\n- item\n1. item\n> quote",
    "'\" onmouseover=alert(1) x=\"",
    "`code` **bold** _em_ ~~del~~ | cell |",
    "---",
    "...",
    "&amp; &lt; &#x27; \\ back\\slash",
    "    indented code",
    "= setext\n===",
]
# What the reader sees of each: controls and bidi characters dropped, white space as one space.
SHOWN = [" ".join(clean_text(text).split()) for text in HOSTILE]


def render(text: str) -> BeautifulSoup:
    html = markdown.Markdown(extensions=EXTENSIONS).convert(text)
    return BeautifulSoup(html, "html.parser")


def assert_inert(soup: BeautifulSoup) -> None:
    for element in soup.find_all(True):
        assert element.name in ("p", "abbr"), f"markup from text: {element}"
        for name, value in element.attrs.items():
            assert not name.startswith("on"), element
            assert "javascript:" not in str(value), element


@pytest.mark.parametrize(("text", "shown"), list(zip(HOSTILE, SHOWN, strict=True)))
def test_escaped_text_renders_literally(text: str, shown: str):
    soup = render(escape_markdown(text))
    assert_inert(soup)
    assert soup.get_text().strip() == shown.strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_is_inert_in_every_place_markdown_puts_text(text: str):
    escaped = escape_markdown(text)
    for template in ("# {t} {{: #kop }}", "- {t}", "| {t} | b |\n| --- | --- |\n| {t} | c |",
                     "[{t}](https://example.org/)", "<span class=\"x\">{t}</span>",
                     "x[^1]\n\n[^1]: {t}", "**{t}**", "{t}\n{{: #p1-1 .bl-para }}"):
        html = markdown.Markdown(extensions=EXTENSIONS).convert(template.format(t=escaped))
        soup = BeautifulSoup(html, "html.parser")
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                assert not name.startswith("on"), (template, element)
                assert "javascript:" not in str(value), (template, element)
        assert not soup.find(["script", "img", "iframe"]), (template, html)


@settings(deadline=None)  # timing is not the point, and the machine is shared
@given(st.text(max_size=80))
def test_escape_never_makes_markup(text: str):
    soup = render("x " + escape_markdown(text))
    assert [t.name for t in soup.find_all(True)] == ["p"]
    assert soup.get_text().split() == ("x " + clean_text(text)).split()


def test_hooks_use_the_same_function():
    for text in HOSTILE:
        assert bl_text.escape(text) == escape_markdown(text)
        assert bl_text.safe_url(text) == safe_url(text)


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\x01javascript:x",
    "data:text/html,x", "vbscript:x", "ftp://example.org/", "//example.org/", "https://",
    "http:///pad", "mailto:a@b.nl", "file:///etc/passwd", "https://[::1", "",
])
def test_only_http_urls_with_a_host(url: str):
    assert safe_url(url) is None


def test_nothing_in_a_url_ends_the_link_or_opens_attributes():
    url = safe_url("https://example.org/x){:onmouseover=alert(1)}z \"'<>é")
    assert url is not None
    for character in ")({}\" <>é":
        assert character not in url
    soup = render(f"[bron]({url}){{: .bl-ref }}")
    link = soup.find("a")
    assert link["href"].startswith("https://example.org/x%29%7B")
    assert [name for name in link.attrs if name.startswith("on")] == []
    assert safe_url("https://example.org/a b)c") == "https://example.org/a%20b%29c"
    assert safe_url("https://zoek.officielebekendmakingen.nl/kst-32847-883.html") == \
        "https://zoek.officielebekendmakingen.nl/kst-32847-883.html"


def test_attribute_values_cannot_close_the_attribute_or_the_list():
    value = escape_attr('x" onclick="alert(1)} {: onmouseover=alert(1) }')
    for character in '"{}<>':
        assert character not in value
    soup = render(f'[a](https://example.org/){{: data-key="{value}" }}')
    assert [n for n in soup.find("a").attrs if n.startswith("on")] == []


@settings(deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "report", "report_title", "pdf"]),
                       st.text(max_size=60)))
def test_front_matter_reads_back(fields: dict[str, str]):
    block = front_matter(fields)
    assert block.startswith("---\n") and block.endswith("\n---")
    assert yaml.safe_load(block[4:-4]) == {k: one_line(v) for k, v in fields.items()}


@pytest.mark.parametrize("text", HOSTILE)
def test_front_matter_with_hostile_values_is_what_mkdocs_reads(text: str):
    from mkdocs.utils.meta import get_data

    page = front_matter({"title": text, "report_title": text, "source_pages": [1, 2]}) + "\n\nx"
    body, meta = get_data(page)
    assert meta == {"title": one_line(text), "report_title": one_line(text),
                    "source_pages": [1, 2]}
    assert body.strip() == "x"


_SPACES = list("ab .\t\n\r\u00a0\u2009\u3000\u2028\u0085\u200b\u1680")


@given(st.text(alphabet=st.sampled_from(_SPACES), max_size=16))
def test_one_line_is_every_white_space_run_as_one_space(text: str):
    # one_line skips the substitution when the text has single spaces only: same result
    assert one_line(text) == re.sub(r"\s+", " ", clean_text(text))
