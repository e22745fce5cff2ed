"""Strings on their way into Markdown, HTML and YAML: one way to make each kind safe.

The converter (`render`) and the MkDocs hooks (`hooks/bl_*.py`) write Markdown from strings
that come from a PDF, the command line or a hand-edited ``model.json``. Whatever they write
passes these functions, and nothing else makes text safe:

- `clean_text`: C0 and C1 control characters, DEL, bidi embeddings, overrides and isolates,
  the BOM, surrogates and non-characters dropped; every string entering the model passes it;
- `escape_markdown`: text that Python-Markdown (with attr_list, footnotes, abbr, tables and
  md_in_html) renders literally, on one line: no tag, link, attribute list or emphasis;
- `escape_html`: text for HTML that Markdown never sees (Material prints nav titles raw);
- `escape_attr`: text for a double-quoted HTML attribute (also inside an attribute list);
- `safe_url`: http(s) URLs only, with every character that could end a Markdown link encoded;
- `front_matter`: a YAML block that PyYAML, and so MkDocs, reads back as the same values;
- `SAFE_ID`: what an id or footnote label may hold, as it is written without escaping.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

# C0 controls but tab and newline, DEL, C1 controls; bidi embeddings, overrides, isolates and
# marks; the BOM; surrogates (from JSON escapes: not encodable); non-characters.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
    "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
# YAML and HTML treat these as line breaks; in one line of text they are spaces.
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029]")
_SPACE = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"[^\S ]| {2}")  # white space other than single spaces
#: Every character Python-Markdown gives a meaning and honours a backslash escape for
#: (its ESCAPED_CHARS, plus "|" of the tables extension); "<", ">" and "&" become entities.
_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|"
_BACKSLASHED = str.maketrans({c: "\\" + c for c in _MARKDOWN_SPECIALS})  # one C pass
_URL_SAFE = ":/?#[]@!$&'*+,;=%-._~"
#: Ids and labels (anchors, footnote labels) are written into attribute lists and links as they
#: are; the converter makes them from these characters only, and refuses any other.
SAFE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_:.-]*$")


def clean_text(text: str, *, keep_newlines: bool = False) -> str:
    """`text` without invisible or control characters; tabs and line breaks become spaces
    (with `keep_newlines`, newlines stay)."""
    text = _CONTROLS.sub("", text)
    if keep_newlines:
        return re.sub("[\t\r\u2028\u2029]", " ", text)
    return _LINE_BREAKS.sub(" ", text)


def one_line(text: str) -> str:
    """Clean text with every run of white space as one space."""
    text = clean_text(text)
    # most text has single spaces only: then the substitution would change nothing, one
    # space at a time
    return _SPACE.sub(" ", text) if _ODD_SPACE.search(text) else text


def escape_markdown(text: str) -> str:
    """Text that renders literally wherever Markdown allows inline text: nothing is markup.

    White space (line breaks included) becomes single spaces, so the text cannot end the
    block it is in, start a new one or put an attribute list on a line of its own.
    """
    return html.escape(one_line(text), quote=False).translate(_BACKSLASHED)


def escape_html(text: str) -> str:
    """Text for HTML that no Markdown will see (a navigation title): one clean line."""
    return html.escape(one_line(text), quote=False)


def escape_attr(text: str) -> str:
    """Text for a double-quoted attribute value, in raw HTML or in an attr_list ``{: }``.

    Braces are encoded too: attr_list ends an inline attribute list at the first ``}``.
    """
    escaped = html.escape(one_line(text), quote=True)
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


def safe_url(url: str) -> str | None:
    """`url` fit for a Markdown link, or None: only http(s) URLs with a host are linked.

    Characters that could end the link or start an attribute list (space, ``)``, ``{``, ``<``,
    quotes, non-ASCII) are percent-encoded; control characters are dropped first.
    """
    url = clean_text(str(url)).strip()
    if not re.match(r"^https?://", url, re.IGNORECASE):
        return None
    try:
        if not urlsplit(url).hostname:
            return None
    except ValueError:  # an unbalanced "[" in the host
        return None
    return quote(url, safe=_URL_SAFE)


def front_matter(fields: Mapping[str, Any]) -> str:
    """A ``---`` YAML block holding `fields`, which PyYAML reads back unchanged.

    Strings are made one clean line first. MkDocs renders a page whose front matter does not
    parse as Markdown, YAML and all, so a value that could break it must never get there:
    the block is checked by reading it back.
    """
    values = {key: _clean_value(value) for key, value in fields.items()}
    body = yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=2**31,
                          default_flow_style=None)
    lines = body.splitlines()
    if yaml.safe_load(body) != values or any(line.rstrip() in ("---", "...") for line in lines):
        raise ValueError(f"front matter does not read back as written: {values!r}")
    return "---\n" + body + "---"


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, (list, tuple)):
        return [_clean_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _clean_value(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float)):
        return value
    raise TypeError(f"front matter value of type {type(value).__name__}")
