"""Footnotes keep the numbers the report gives them.

Python-Markdown numbers footnotes 1, 2, 3… in each page, whatever their labels. A report's
footnote 28 must read "28" in the text and in the list, or citations ("voetnoot 28") break.
"""

from __future__ import annotations

import re

_REF = re.compile(r'(<a class="footnote-ref" href="#fn:(?P<label>[^"]+)"[^>]*>)[^<]*(</a>)')
_ITEM = re.compile(r'<li id="fn:(?P<label>\d+)"(?![^>]*\bvalue=)')


def keep_footnote_numbers(html: str) -> str:
    """Show each footnote's own label in its marker, and number list items by their label."""
    html = _REF.sub(lambda m: f"{m[1]}{m['label']}{m[3]}", html)
    return _ITEM.sub(lambda m: f'<li id="fn:{m["label"]}" value="{m["label"]}"', html)
