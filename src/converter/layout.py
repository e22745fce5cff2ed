"""Layout: glyphs become lines, and lines are sorted into page zones.

`chars_to_lines` works on one page; `pages_to_layouts` needs the whole document because
running headers and footers are recognised by repeating across pages, not by knowing the title.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Char, Line, PageChars, PageLayout, Run


@dataclass(frozen=True, slots=True)
class LayoutSettings:
    same_baseline: float = 0.35  # of the size: glyphs this close vertically share a line
    superscript_size: float = 0.85  # glyphs smaller than this share of the line size ...
    superscript_rise: float = 0.12  # ... and raised by this share of it are superscript
    rise_only: float = 0.28  # raised this much, a same-size glyph is superscript too
    max_rise: float = 0.8  # higher than this it is a line of its own
    word_gap: float = 0.18  # a horizontal gap wider than this share of the size is a space
    column_gap: float = 1.6  # ... wider than this, a column gap (tables), kept as a tab
    furniture_band: float = 0.12  # top and bottom share of the page searched for furniture
    furniture_repeat: float = 0.3  # share of pages a header/footer must repeat on
    footnote_size: float = 0.92  # footnote text is smaller than this share of body text

    def __post_init__(self) -> None:
        if not 0 < self.superscript_size < 1:
            raise ValueError("superscript_size must be between 0 and 1")
        if not 0 < self.furniture_band < 0.5:
            raise ValueError("furniture_band must be between 0 and 0.5")


DEFAULT = LayoutSettings()

# --- lines ------------------------------------------------------------------------------


class _Fragment:
    """Glyphs gathered for one line; `ref` is the largest glyph, which sets the baseline."""

    __slots__ = ("chars", "last", "ref")

    def __init__(self, char: Char) -> None:
        self.chars = [char]
        self.ref = char
        self.last = char  # the last glyph that is not a space

    def accepts(self, char: Char, s: LayoutSettings) -> bool:
        ref = self.ref
        if char.text.isspace():
            return abs(char.baseline - ref.baseline) <= s.max_rise * ref.size
        last = self.last
        if char.x1 < last.x0 - 0.5 * ref.size and char.baseline > ref.baseline - 0.1:
            return False  # back to the left margin: a new line
        drop = char.baseline - ref.baseline  # > 0: the new glyph sits lower
        if abs(drop) <= s.same_baseline * max(ref.size, char.size):
            return True
        if drop < 0 and -drop <= s.max_rise * ref.size and char.size < ref.size:
            return True  # a superscript on this line
        # this fragment so far is a superscript that precedes its line (a footnote number)
        return 0 < drop <= s.max_rise * char.size and ref.size < s.superscript_size * char.size

    def add(self, char: Char) -> None:
        self.chars.append(char)
        if not char.text.isspace():
            self.last = char
            if char.size > self.ref.size:
                self.ref = char


def chars_to_lines(page: PageChars, settings: LayoutSettings = DEFAULT) -> list[Line]:
    """Group a page's glyphs into lines, top to bottom, with superscripts as runs."""
    fragments: list[_Fragment] = []
    current: _Fragment | None = None
    for char in page.chars:
        if current is not None and current.accepts(char, settings):
            current.add(char)
            continue
        if char.text.isspace():
            continue
        current = _Fragment(char)
        fragments.append(current)
    merged = _merge_same_baseline(fragments, settings)
    lines = [_fragment_to_line(f, page.number, settings) for f in merged]
    lines = [line for line in lines if line.text.strip()]
    lines.sort(key=lambda line: (round(line.baseline, 1), line.x0))
    return lines


def _merge_same_baseline(fragments: list[_Fragment], s: LayoutSettings) -> list[_Fragment]:
    """Join fragments the content stream drew separately but that share a baseline."""
    by_baseline = sorted(fragments, key=lambda f: f.ref.baseline)
    result: list[_Fragment] = []
    for fragment in by_baseline:
        target = next(
            (r for r in reversed(result[-6:]) if _same_line(r, fragment, s)), None
        )
        if target is None:
            result.append(fragment)
        else:
            for char in fragment.chars:
                target.add(char)
    return result


def _same_line(a: _Fragment, b: _Fragment, s: LayoutSettings) -> bool:
    ra, rb = a.ref, b.ref
    size = max(ra.size, rb.size)
    drop = rb.baseline - ra.baseline
    if abs(drop) <= s.same_baseline * size:
        return not _overlaps(a, b)
    # a raised fragment of small glyphs (a marker drawn on its own) joins the line below it
    small, big = (b, a) if rb.size < ra.size else (a, b)
    rise = big.ref.baseline - small.ref.baseline
    return (small.ref.size < s.superscript_size * big.ref.size
            and 0 < rise <= s.max_rise * big.ref.size and not _overlaps(a, b))


def _overlaps(a: _Fragment, b: _Fragment) -> bool:
    a0 = min(c.x0 for c in a.chars)
    a1 = max(c.x1 for c in a.chars)
    b0 = min(c.x0 for c in b.chars)
    b1 = max(c.x1 for c in b.chars)
    return min(a1, b1) - max(a0, b0) > 1.0


def _fragment_to_line(fragment: _Fragment, page: int, s: LayoutSettings) -> Line:
    """Glyphs left to right, split into runs where superscript starts or stops.

    Runs once per glyph of the document, so the loops are kept flat.
    """
    ref = fragment.ref
    # A space glyph (drawn, or generated by pdfium from the text's own spacing) marks a word
    # break even where the gap is too narrow to measure, as in tightly set text.
    spaced = set()
    glyphs: list[Char] = []
    for char in sorted(fragment.chars, key=_X0):
        if char.text.isspace():
            spaced.add(len(glyphs))
        else:
            glyphs.append(char)
    base = ref.baseline
    small, rise, rise_only = (s.superscript_size * ref.size, s.superscript_rise * ref.size,
                              s.rise_only * ref.size)
    flags = [(base - c.baseline > rise and c.size < small) or base - c.baseline > rise_only
             for c in glyphs]
    body = [c for c, sup in zip(glyphs, flags, strict=True) if not sup]
    size = _common_size(body) if body else ref.size
    column, word = s.column_gap * size, s.word_gap
    separators = [""]
    for i in range(1, len(glyphs)):
        a, b = glyphs[i - 1], glyphs[i]
        gap = b.x0 - a.x1
        if gap > column:
            separators.append("\t")
        elif a.space or i in spaced or gap > word * min(size, max(a.size, b.size)):
            separators.append(" ")
        else:
            separators.append("")
    runs: list[Run] = []
    start = 0
    for end in range(1, len(glyphs) + 1):
        if end < len(glyphs) and flags[end] == flags[start]:
            continue
        members = glyphs[start:end]
        text = "".join(separators[i] + glyphs[i].text for i in range(start, end))
        if end < len(glyphs) and flags[end]:  # the gap before a marker ends this run
            text += separators[end]
            separators[end] = ""
        runs.append(_run(text, members, flags[start]))
        start = end
    body = body or glyphs
    return Line(
        page=page,
        runs=tuple(runs),
        x0=glyphs[0].x0,
        x1=max(c.x1 for c in glyphs),
        top=min(c.top for c in glyphs),
        bottom=max(c.bottom for c in glyphs),
        baseline=base,
        size=size,
        bold=_mostly_bold(body),
        hyphenated=glyphs[-1].hyphen,
    )


def _X0(char: Char) -> float:
    return char.x0


def _run(text: str, members: list[Char], superscript: bool) -> Run:
    italic = sum(len(c.text) for c in members if c.italic) * 2 > sum(len(c.text) for c in members)
    return Run(text, _common_size(members), _mostly_bold(members), superscript, italic)


# A Char may be a word piece: style is decided by characters, not by Chars.


def _common_size(chars: list[Char]) -> float:
    """The size most characters have; the first one met wins a tie."""
    weights: dict[float, int] = {}
    for c in chars:
        weights[c.size] = weights.get(c.size, 0) + len(c.text)
    return max(weights, key=weights.__getitem__)


def _mostly_bold(chars: list[Char]) -> bool:
    bold = sum(len(c.text) for c in chars if c.bold)
    return bold * 2 > sum(len(c.text) for c in chars)


# --- zones ------------------------------------------------------------------------------

_LONE_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}|[ivxlc]{1,7}|"
    r"(?:pagina|page|blz\.?|p\.)\s*\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?|\d{1,4}\s*(?:/|van)\s*\d{1,4})$",
    re.IGNORECASE,
)


def furniture_key(text: str) -> str:
    """What stays the same in a running header or footer from page to page."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().lower()


def pages_to_layouts(
    pages: Sequence[tuple[PageChars, list[Line]]], settings: LayoutSettings = DEFAULT
) -> list[PageLayout]:
    """Split every page into body, footnotes and furniture, and read printed page labels."""
    body_size = _body_size([line for _, lines in pages for line in lines])
    keys = _running_furniture_keys(pages, body_size, settings)
    offset = _label_offset(pages, keys, settings)
    layouts = []
    for page, lines in pages:
        furniture, rest = [], []
        for line in lines:
            (furniture if _is_furniture(line, page, keys, settings) else rest).append(line)
        body, notes, tail = _split_footnotes(rest, body_size, page.height, settings)
        furniture.extend(tail)
        layouts.append(
            PageLayout(
                number=page.number,
                width=page.width,
                height=page.height,
                label=_label(furniture, page.number, offset),
                body=tuple(body),
                footnotes=tuple(notes),
                furniture=tuple(furniture),
            )
        )
    return layouts


def _in_band(line: Line, page: PageChars, s: LayoutSettings) -> bool:
    band = s.furniture_band * page.height
    return line.bottom <= band or line.top >= page.height - band


def _furniture_candidate(line: Line, page: PageChars, s: LayoutSettings) -> bool:
    first = next((r for r in line.runs if r.text.strip()), None)
    return _in_band(line, page, s) and not (first and first.superscript)


def _running_furniture_keys(
    pages: Sequence[tuple[PageChars, list[Line]]], body_size: float, s: LayoutSettings
) -> set[str]:
    """Texts that repeat in the page margins; those with digits must carry the page number.

    The page-number rule keeps out footnotes of one shape ("Tweede Kamer, vergaderjaar
    ####-####, ## ###, nr. ###") that can sit in the same place on many pages.
    """
    seen: dict[str, list[tuple[int, list[int]]]] = {}
    for page, lines in pages:
        for line in lines:
            if _furniture_candidate(line, page, s):
                numbers = [int(n) for n in re.findall(r"\d{1,4}", line.text)]
                seen.setdefault(furniture_key(line.text), []).append((page.number, numbers))
    needed = max(2, round(s.furniture_repeat * len(pages)))
    keys = _heading_echoes(pages, body_size, s)
    top_band = _top_band_keys(pages, s)
    for key, places in seen.items():
        pages_seen = {number for number, _ in places}
        if len(pages_seen) < 2 or not key.strip("# "):
            continue
        if all(numbers == places[0][1] for _, numbers in places[1:]) and key in top_band:
            keys.add(key)  # a running header such as "2 Migratie naar Nederland"
            continue
        if len(pages_seen) < needed:
            continue
        if "#" in key:
            offsets: Counter[int] = Counter()
            for number, numbers in places:
                offsets.update({n - number for n in numbers})
            if offsets.most_common(1)[0][1] < 0.6 * len(places):
                continue
        keys.add(key)
    return keys


def _heading_echoes(pages: Sequence[tuple[PageChars, list[Line]]], body_size: float,
                    s: LayoutSettings) -> set[str]:
    """Small lines at a page top repeating a heading set larger elsewhere: running headers.

    A chapter title repeated above its pages may occur only once in a short chapter, so
    repetition alone cannot find it.
    """
    large = {furniture_key(line.text): line.size for _, lines in pages for line in lines
             if line.size >= 1.12 * body_size}
    echoes = set()
    for page, lines in pages:
        for line in lines[:2]:
            key = furniture_key(line.text)
            if (line.bottom <= s.furniture_band * page.height and key in large
                    and line.size < large[key] - 0.5):
                echoes.add(key)
    return echoes


def _top_band_keys(pages: Sequence[tuple[PageChars, list[Line]]], s: LayoutSettings) -> set[str]:
    """Keys of texts that occur only at page tops: running headers, not footnotes."""
    top_only: dict[str, bool] = {}
    for page, lines in pages:
        band = s.furniture_band * page.height
        for line in lines:
            key = furniture_key(line.text)
            top_only[key] = top_only.get(key, True) and line.bottom <= band
    return {key for key, only in top_only.items() if only}


def _is_furniture(line: Line, page: PageChars, keys: set[str], s: LayoutSettings) -> bool:
    if not _furniture_candidate(line, page, s):
        return False
    text = line.text.strip()
    if text.isdigit() and 1900 <= int(text) <= 2099 and abs(int(text) - page.number) > 50:
        return False  # a year ending a reference at the foot of the page, not a page number
    return furniture_key(text) in keys or bool(_LONE_PAGE_NUMBER.match(text))


def _label_offset(
    pages: Sequence[tuple[PageChars, list[Line]]], keys: set[str], s: LayoutSettings
) -> int | None:
    """The most common difference between a printed number in the furniture and the page index."""
    offsets: Counter[int] = Counter()
    for page, lines in pages:
        found = set()
        for line in lines:
            if _is_furniture(line, page, keys, s):
                found.update(int(n) - page.number for n in re.findall(r"\d{1,4}", line.text))
        offsets.update(found)
    if not offsets:
        return None
    offset, count = offsets.most_common(1)[0]
    return offset if count >= max(2, len(pages) // 3) else None


def _label(furniture: list[Line], number: int, offset: int | None) -> str | None:
    if offset is None:
        return None
    wanted = str(number + offset)
    for line in furniture:
        if wanted in re.findall(r"\d{1,4}", line.text):
            return wanted
    return None


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


_FOOTNOTE_START = re.compile(r"^\s*(\d{1,4})(?:[.)]?\s|\s*[A-Za-zÀ-ÿ(‘'“\"])")


def footnote_number(line: Line) -> str | None:
    """The number a footnote definition line starts with, if it starts one."""
    first = next((r for r in line.runs if r.text.strip()), None)
    if first is None:
        return None
    if first.superscript and first.text.strip().isdigit():
        return first.text.strip()
    match = _FOOTNOTE_START.match(line.text)
    return match.group(1) if match else None


def _split_footnotes(
    lines: list[Line], body_size: float, page_height: float, s: LayoutSettings
) -> tuple[list[Line], list[Line], list[Line]]:
    """Split off the footnote zone: the small lines at the bottom that hold numbered notes.

    Returns (body, footnotes, tail): the tail is a colophon or imprint set apart below
    everything else in the bottom band (a Kamerstuk's first page), which is furniture.
    """
    limit = s.footnote_size * body_size
    band_top = page_height * (1 - s.furniture_band)
    groups: list[list[Line]] = []
    for line in lines:
        if groups and line.top - groups[-1][-1].bottom <= 1.2 * max(line.size, groups[-1][-1].size):
            groups[-1].append(line)
        else:
            groups.append([line])
    tail: list[Line] = []
    while len(groups) > 1 and all(line.top >= band_top for line in groups[-1]):
        group, above = groups[-1], groups[-2]
        small = all(line.size <= limit for line in group)
        numbered = any(line.size <= limit and footnote_number(line) for line in group)
        apart = group[0].top - above[-1].bottom > 2.5 * body_size
        if numbered or not (small or apart):
            break
        tail = groups.pop() + tail
    body = [line for group in groups for line in group]
    start = len(body)
    while start > 0 and body[start - 1].size <= limit:
        start -= 1
    zone = body[start:]
    if not any(footnote_number(line) for line in zone):
        return body, [], tail
    # Small lines above the first numbered note continue the previous page's last note,
    # but only when they sit close above it (not a caption or source line further up).
    first = next(i for i, line in enumerate(zone) if footnote_number(line))
    keep = first
    while keep > 0 and zone[keep].top - zone[keep - 1].bottom <= 1.5 * zone[keep - 1].size:
        keep -= 1
    cut = start + keep
    return body[:cut], body[cut:], tail
