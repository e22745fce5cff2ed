"""`patterns.prefix_scan` finds exactly what `finditer` finds."""

from __future__ import annotations

import re

import pytest

from converter.patterns import prefix_scan

WET = re.compile(r"(?<![\w-])Wet(?=[ \t]|\r?\n)")
BARE = re.compile(r"(?<![\w,.-])(?<![\d.,])(?P<d>\d{1,2} ?\d{3}),? nr\. (?P<n>\d+)")
ECLI = re.compile(r"(?<![\w])ECLI:[A-Z]{2}:[A-Z0-9]{1,7}:\d{4}:[A-Z0-9.]{1,25}", re.IGNORECASE)


@pytest.mark.parametrize(("pattern", "text"), [
    # the first place the rest matches is no match of the whole: the lookbehind sees before it
    (WET, "Arbeidsvoorwaardenwet Wet\nen Wet inburgering, de Mededingingswet-Wet "),
    (WET, "geen enkele wet hier"),
    (WET, ""),
    (BARE, "x32 847, nr. 883 en 1.32 847 nr. 1 maar 32 847, nr. 884 en 36 200 nr. 2"),
    (ECLI, "zie ecli:nl:hr:2020:1 en XECLI:NL:RVS:2021:99, ECLI:NL:RVS:2021:100."),
])
def test_the_same_matches_as_finditer(pattern: re.Pattern[str], text: str):
    expected = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in prefix_scan(pattern)(text)] == expected


def test_a_pattern_without_a_leading_lookbehind_is_refused():
    with pytest.raises(ValueError, match="lookbehind"):
        prefix_scan(re.compile(r"Wet\b"))
