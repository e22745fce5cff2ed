"""Typographic conventions of Dutch government reports that several stages read.

Kept in one place so the geometry stage (which attaches captions to figures and tables) and
the blocks stage (which types the lines that remain) read a caption the same way.
"""

from __future__ import annotations

import re

# "Figuur 2.1 …", "Tabel 3 …", "Kader 2.1 …"; not "Tabel 1):", the end of "(zie Tabel 1):".
CAPTION = re.compile(
    r"^(Tabel|Figuur|Grafiek|Kader|Box|Afbeelding|Illustratie|Kaart|Schema|Table|Figure)"
    r"\s+[\dA-Z][\d.]*\b(?![)\]])"
)
FIGURE_CAPTION = re.compile(
    r"^(Figuur|Grafiek|Afbeelding|Illustratie|Kaart|Schema|Figure)\s+[\dA-Z][\d.]*\b(?![)\]])")
TABLE_CAPTION = re.compile(r"^(Tabel|Table)\s+[\dA-Z][\d.]*\b(?![)\]])")
BOX_CAPTION = re.compile(r"^(Kader|Box|Tekstkader)\s+[\dA-Z][\d.]*\b(?![)\]])")
# "Bron: CBS", "Bronnen: IND, COA", "Source: Eurostat"
SOURCE_LINE = re.compile(r"^(Bron(nen)?|Source)\s*:", re.IGNORECASE)
