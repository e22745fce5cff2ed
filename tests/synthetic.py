"""Synthetic pages for unit tests of one mechanism: glyphs placed by hand, no PDF needed.

Glyphs are monospaced-ish (0.5 * size wide) and a space is a glyph of its own, as pdfium gives.
"""

from __future__ import annotations

from converter.model import Char, Graphic, PageChars, PageLines
from converter.pipeline import _lines_of as lines_of

WIDTH, HEIGHT = 595.0, 842.0


def glyphs(text: str, x: float, baseline: float, size: float = 10.0, bold: bool = False,
           hyphen_last: bool = False) -> list[Char]:
    out = []
    for i, ch in enumerate(text):
        x0 = x + i * 0.5 * size
        out.append(Char(ch, x0, x0 + 0.5 * size, baseline - 0.8 * size, baseline + 0.2 * size,
                        baseline, size, "Body", bold,
                        hyphen=hyphen_last and i == len(text) - 1))
    return out


def marker(number: str, after: list[Char], size: float = 6.0) -> list[Char]:
    """A raised, smaller footnote number set right after the glyphs `after`."""
    last = after[-1]
    return glyphs(number, last.x1 + 0.3, last.baseline - 0.35 * last.size, size=size)


def text_lines(words: str, x: float, top_baseline: float, width_chars: int,
               leading: float = 12.0, size: float = 10.0) -> list[list[Char]]:
    """Running text broken into lines of at most `width_chars` characters."""
    lines: list[str] = []
    current = ""
    for word in words.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) > width_chars and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return [glyphs(line, x, top_baseline + i * leading, size) for i, line in enumerate(lines)]


def page(number: int, *runs: list[Char], graphics: tuple[Graphic, ...] = ()) -> PageChars:
    return PageChars(number, WIDTH, HEIGHT, tuple(c for run in runs for c in run),
                     graphics=graphics)


def page_lines(chars: PageChars) -> PageLines:
    """What the pipeline makes of a page before the whole document is seen (its own worker
    step: drawings, columns, lines)."""
    return lines_of(chars)


def rule(x0: float, x1: float, y: float) -> Graphic:
    """A thin black rule, as drawn above footnotes."""
    return Graphic("line", x0, x1, y, y, stroke=0, width=0.5)


LOREM = ("Het aantal vergunninghouders dat werd gehuisvest nam toe ten opzichte van het jaar "
         "daarvoor. Gemeenten hadden moeite om voldoende woningen te vinden, omdat de "
         "woningmarkt krap was en de vraag naar sociale huurwoningen groot bleef. Het kabinet "
         "nam daarom aanvullende maatregelen om de huisvesting te versnellen en de doorstroming "
         "uit de opvang te bevorderen. Ook de instroom van arbeidsmigranten steeg sterk in de "
         "afgelopen jaren, vooral uit landen binnen de Europese Unie. Werkgevers in de land- en "
         "tuinbouw zijn in toenemende mate afhankelijk van deze werknemers.")
