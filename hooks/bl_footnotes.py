"""Footnotes keep the numbers the report gives them.

Python-Markdown numbers footnotes 1, 2, 3… in each page, whatever their labels. A report's
footnote 28 must read "28" in the text and in the list, or citations ("voetnoot 28") break.
"""

from __future__ import annotations

import re

_REF = re.compile(r'(<a class="footnote-ref" href="#fn:(?P<label>[^"]+)"[^>]*>)[^<]*(</a>)')
_ITEM = re.compile(r'<li id="fn:(?P<label>\d+)(?P<again>-\d+)?"(?![^>]*\bvalue=)')
# A label is the printed number, with "-2", "-3" where the report prints a number again
# (notes numbered per chapter): readers see the printed number.
_AGAIN = re.compile(r"^(\d+)-\d+$")


def printed_number(label: str) -> str:
    match = _AGAIN.match(label)
    return match.group(1) if match else label


def keep_footnote_numbers(html: str) -> str:
    """Show each footnote's printed number in its marker, and number list items by it."""
    html = _REF.sub(lambda m: f"{m[1]}{printed_number(m['label'])}{m[3]}", html)
    return _ITEM.sub(lambda m: f'<li id="fn:{m["label"]}{m["again"] or ""}" '
                               f'value="{m["label"]}"', html)
