"""Structure: blocks become the document's sections, paragraphs and footnotes, with ids.

Heading levels come from numbering ("2.1" is level 2), then from the style of numbered
headings, then from size; the contents page, where there is one, promotes headings the style
rules missed. Each chapter (level 1) gets a Markdown file of its own.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from . import anchors
from .blocks import (
    LETTERHEAD_LABEL,
    contents_entries,
    heading_number,
    join_hyphenated,
    normalise,
)
from .model import (
    Abbreviation,
    Block,
    Document,
    Footnote,
    FootnoteText,
    Frame,
    PageInfo,
    PageLayout,
    Paragraph,
    Section,
    Source,
)

_ABBREVIATION_HEADING = re.compile(
    r"^(lijst van |gebruikte )?afkortingen(lijst)?( en begrippen)?$", re.IGNORECASE
)
_JUNK_TITLE = re.compile(r"^(microsoft\s+word|untitled|document\d*|\S+\.(docx?|pdf|indd))",
                         re.IGNORECASE)
# A lettered heading: "a)", "(b)", "c." before a capital.
_LETTERED = re.compile(r"^(?:\([a-z]\)|[a-z][.)])\s+[A-ZÀ-Ý]")
# A letter's subject field, and the masthead of a Kamerstuk (its chamber, not its title).
_SUBJECT = re.compile(r"^(?:onderwerp|betreft|inzake)\b[:\s]*(?P<value>.*)$", re.IGNORECASE)
_MASTHEAD = re.compile(r"^\s*(?:Tweede|Eerste) Kamer der Staten-Generaal\b")
INDEX_FILE = "index.md"
COVER_MAX_BLOCKS = 8
HEADING_MAX_WORDS = 8
SUBJECT_MAX_WORDS = 20
TITLE_MAX_CHARS = 200


@dataclass(frozen=True, slots=True)
class _Heading:
    block: Block
    number: str
    title: str
    level: int
    relative: bool = False  # unnumbered: `level` counts below the current numbered section


def build_document(
    blocks: Sequence[Block],
    notes: Sequence[FootnoteText],
    layouts: Sequence[PageLayout],
    source: Source,
    metadata_title: str,
    slug: str | None = None,
    title: str | None = None,
) -> Document:
    """The document model; `title` (the user's) overrides the one found in the PDF."""
    warnings: list[str] = []
    title = normalise(title).strip() if title and title.strip() else _title(blocks, metadata_title)
    slug = slug or anchors.slugify(title)
    contents = [entry for page in layouts for entry in contents_entries(page)]
    blocks = _drop_title_blocks(blocks, title)
    blocks = _cover_without_headings(blocks)
    blocks = _isolated_numbers_as_headings(blocks)
    blocks = _emphasised_lines_as_headings(blocks)
    headings = _heading_levels(blocks, contents)

    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    section_ids: set[str] = set()
    files: set[str] = {INDEX_FILE}
    current_file = INDEX_FILE
    current_section: str | None = None
    previous_level = 0
    numbered_level = 0
    relative_styles: list[int] = []
    body = [b for b in blocks if id(b) not in headings]
    depths = _list_depths(body)
    body_ids = dict(zip(map(id, body), anchors.paragraph_ids([b.page for b in body]), strict=True))
    for block in blocks:
        heading = headings.get(id(block))
        if heading is not None:
            if heading.relative:
                # below the current numbered section, one level per smaller style in use
                # there (a style never skips a level; a larger one closes the smaller ones)
                while relative_styles and relative_styles[-1] >= heading.level:
                    relative_styles.pop()
                relative_styles.append(heading.level)
                level = min(6, numbered_level + len(relative_styles))
            else:
                level = min(heading.level, previous_level + 1)
                numbered_level = level
                relative_styles = []
            previous_level = level
            if level == 1:
                current_file = anchors.chapter_file(heading.number, heading.title, files)
            sid = anchors.section_id(heading.number, heading.title, section_ids)
            shift = len(block.text) - len(heading.title)  # marks index the unsplit text
            marks = tuple(replace(m, offset=max(0, m.offset - shift)) for m in block.marks)
            sections.append(Section(sid, level, heading.number, heading.title, block.page,
                                    _url(slug, current_file, sid), current_file, marks))
            current_section = sid
            continue
        pid = body_ids[id(block)]
        paragraphs.append(Paragraph(
            id=pid, section=current_section, page=block.page, pages=block.pages,
            kind=block.kind, text=block.text, marks=block.marks,
            url=_url(slug, current_file, pid), number=block.number, rows=block.rows,
            page_starts=block.page_starts, italic=block.italic,
            depth=depths.get(id(block), 0), table=block.table,
            figure=block.figure,
            frame=block.frame,
        ))

    footnotes = _attach_footnotes(notes, [*sections, *paragraphs], slug, warnings)
    pages = _pages(layouts, paragraphs, sections, slug)
    abbreviations = _abbreviations(sections, paragraphs)
    if not paragraphs:
        warnings.append("geen tekst gevonden (no body text found)")
    return Document(
        title=title, slug=slug, source=source, pages=pages, sections=tuple(sections),
        paragraphs=tuple(paragraphs), footnotes=footnotes, abbreviations=abbreviations,
        warnings=tuple(warnings), frames=_frames(layouts, paragraphs),
    )


def _frames(layouts: Sequence[PageLayout], paragraphs: Sequence[Paragraph]
            ) -> tuple[Frame, ...]:
    """The document's boxes that hold paragraphs, titled as printed, in the section of the
    first paragraph in them (a box that runs on into the next column is one)."""
    first = {}
    for paragraph in paragraphs:
        if paragraph.frame:
            first.setdefault(paragraph.frame, paragraph)
    frames: dict[str, Frame] = {}
    for layout in layouts:
        for box in layout.boxes:
            if box.id in first and box.id not in frames:
                title = ""  # a title over two lines may break a word: "asielproce-" / "dure"
                for line in box.title:
                    title = join_hyphenated(title, normalise(line.plain_text).strip(),
                                            frozenset())
                frames[box.id] = Frame(box.id, title, layout.number, first[box.id].section)
    return tuple(frames.values())


def file_of(url: str) -> str:
    """The Markdown file a model url points into ("slug/hoofdstuk-2/#p28-3" -> "hoofdstuk-2.md")."""
    path = url.split("#", 1)[0].strip("/").split("/")
    return f"{path[1]}.md" if len(path) > 1 and path[1] else INDEX_FILE


def _url(slug: str, file: str, anchor: str) -> str:
    page = "" if file == INDEX_FILE else file.removesuffix(".md") + "/"
    return f"{slug}/{page}#{anchor}"


def _title(blocks: Sequence[Block], metadata_title: str) -> str:
    """The metadata title, else a letter's subject, else the largest text on the first page.

    A metadata title is used only when the first pages say it too: templates leave stale
    ones behind ("Toelichting invullen fiche mededeling" on a BNC-fiche).
    """
    first = min((b.page for b in blocks), default=1)
    if (metadata_title and not _JUNK_TITLE.match(metadata_title) and len(metadata_title) > 3
            and _printed_on_first_pages(metadata_title, blocks, first)):
        return normalise(metadata_title).strip()
    on_first = [b for b in blocks if b.page == first]
    subject = _subject(on_first)
    if subject:
        return _shortened(subject)
    named = [b for b in on_first if sum(c.isalpha() for c in b.text) >= 4
             and b.kind in ("heading", "paragraph")
             and not LETTERHEAD_LABEL.match(b.text.strip()) and not _MASTHEAD.match(b.text)]
    if not named:
        return "Rapport"
    largest = max(named, key=lambda b: (b.size, b.kind == "heading"))
    return _shortened(largest.text.strip())


def _shortened(title: str, limit: int = TITLE_MAX_CHARS) -> str:
    """At most `limit` characters, cut between words: a title shows in every page's head."""
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(" ,;:(") + " …"


def _printed_on_first_pages(title: str, blocks: Sequence[Block], first: int) -> bool:
    words = {w for w in re.findall(r"\w+", title.casefold()) if len(w) > 2}
    printed = {w for b in blocks if b.page <= first + 1
               for w in re.findall(r"\w+", b.text.casefold())}
    return not words or len(words & printed) >= 0.6 * len(words)


def _subject(blocks: Sequence[Block]) -> str:
    """A letter's subject: "Onderwerp X", or the block after a lone "Onderwerp" label."""
    for i, block in enumerate(blocks):
        rows = block.rows if block.kind == "table" and block.rows else ((block.text,),)
        for row in rows:
            text = " ".join(row).strip()
            match = _SUBJECT.match(text)
            if not match:
                continue
            value = match.group("value").strip()
            if not value and i + 1 < len(blocks) and blocks[i + 1].kind == "paragraph":
                value = blocks[i + 1].text.strip()
            if 0 < len(value.split()) <= SUBJECT_MAX_WORDS:  # longer: a sentence, not a field
                return value
    return ""


def _drop_title_blocks(blocks: Sequence[Block], title: str) -> list[Block]:
    """The title as typeset on the cover is the document's name, not a chapter."""
    key = _key(title.removesuffix(" …"))

    def is_title(text: str) -> bool:  # the title, a part of it, or what it was shortened from
        heading = _key(text)
        return len(heading) > 3 and (heading in key or (len(key) > 20 and heading.startswith(key)))

    first = min((b.page for b in blocks), default=1)
    # on the cover, or repeated as it is over the text after a colophon or contents page
    return [b for b in blocks
            if not (b.kind == "heading" and ((b.page == first and is_title(b.text))
                                             or (b.page <= first + 4 and _key(b.text) == key)))]


def _cover_without_headings(blocks: Sequence[Block]) -> list[Block]:
    """Large type on a cover page is not a chapter: a first page of few blocks is a cover."""
    first = min((b.page for b in blocks), default=1)
    on_cover = [b for b in blocks if b.page == first]
    if len(on_cover) > COVER_MAX_BLOCKS or len({b.page for b in blocks}) < 3:
        return list(blocks)
    return [replace(b, kind="paragraph") if b.page == first and b.kind == "heading" else b
            for b in blocks]


def _isolated_numbers_as_headings(blocks: Sequence[Block]) -> list[Block]:
    """ "1. Inleiding" set in body type between paragraphs is a heading, not a one-item list.

    A list has neighbours; a short, unpunctuated, capitalised item standing alone is a title.
    """
    result = list(blocks)
    for i, block in enumerate(blocks):
        if block.kind != "list_item" or not re.fullmatch(r"\d{1,2}\.", block.number):
            continue
        before = blocks[i - 1] if i else None
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        # a lettered list ("a.", "b.") under the title does not make it a list item
        alone = all(b is None or b.kind != "list_item" or not b.number[:1].isdigit()
                    for b in (before, after))
        words = block.text.split()
        if (alone and 0 < len(words) <= HEADING_MAX_WORDS and block.text[:1].isupper()
                and not block.text.rstrip().endswith((".", ",", ";", ":")) and not block.marks):
            result[i] = replace(block, kind="heading", text=f"{block.number} {block.text}")
    return result


def _emphasised_lines_as_headings(blocks: Sequence[Block]) -> list[Block]:
    """A short italic line, or a lettered bold or italic item, that introduces upright text.

    Reports mark their lowest headings by style alone ("Valse start" in italics) or with a
    letter ("a) Titel voorstel", "(b) Verwerkingsgrondslag"); set in body type they come out
    of blocks as a paragraph or a one-item list. Standing alone, unpunctuated and followed by
    upright text, they are headings. A whole italic paragraph (an advice quoted in a nader
    rapport) ends in a full stop and stays a paragraph.
    """
    result = list(blocks)
    for i, block in enumerate(blocks):
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        before = blocks[i - 1] if i else None
        words = block.text.split()
        if (after is None or after.kind not in ("paragraph", "list_item", "table")
                or not 0 < len(words) <= HEADING_MAX_WORDS or block.marks
                or not block.text[:1].isupper()
                or block.text.rstrip().endswith((".", ",", ";", ":"))):
            continue
        if block.kind == "paragraph" and block.italic and not after.italic:
            result[i] = replace(block, kind="heading")
        # a letter says it even inside italic text ("a. Doelomschrijving" in an advice)
        elif (block.kind == "list_item" and (block.italic or block.bold)
              and any(c.isalnum() for c in block.number)
              and after.kind != "list_item"
              and (before is None or before.kind != "list_item"
                   or not any(c.isalnum() for c in before.number))):
            result[i] = replace(block, kind="heading", text=f"{block.number} {block.text}")
    return result


def _list_depths(blocks: Sequence[Block]) -> dict[int, int]:
    """Nesting of list items, from how far their markers stand in ("–" under "•")."""
    depths: dict[int, int] = {}
    margins: list[float] = []  # the marker's indent at each open level
    for block in blocks:
        if block.kind != "list_item":
            margins = []
            continue
        tolerance = 0.3 * (block.size or 10.0)
        while margins and block.indent < margins[-1] - tolerance:
            margins.pop()
        if not margins or block.indent > margins[-1] + tolerance:
            margins.append(block.indent)
        depths[id(block)] = len(margins) - 1
    return depths


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _contents_levels(contents: list[tuple[str, str, float]]) -> dict[str, int]:
    """Heading key -> level, from how far the contents page indents each entry.

    Only where it indents at all: a flush contents page says nothing about levels.
    """
    indents: list[float] = []
    for _, _, x0 in sorted(contents, key=lambda entry: entry[2]):
        if not indents or x0 > indents[-1] + 3.0:
            indents.append(x0)
    if len(indents) < 2:
        return {}
    levels: dict[str, int] = {}
    for title, _, x0 in contents:
        level = 1 + max(i for i, indent in enumerate(indents) if x0 >= indent - 3.0)
        levels.setdefault(_key(heading_number(title)[1]), level)
    return levels


def _heading_levels(blocks: Sequence[Block], contents: list[tuple[str, str, float]]
                    ) -> dict[int, _Heading]:
    listed = {_key(heading_number(title)[1]): title for title, _, _ in contents}
    indented = _contents_levels(contents)
    candidates: list[tuple[Block, str, str]] = []
    for block in blocks:
        number, title = heading_number(block.text)
        if block.kind == "heading" or (
            block.kind == "paragraph" and len(block.text) < 120 and _key(title) in listed
            and not block.marks
        ):
            candidates.append((block, number, title))
    candidates = _with_subsections(blocks, candidates)
    styles: dict[tuple[float, bool, bool], int] = {}
    for block, number, _ in candidates:
        depth = _number_depth(number)
        if depth:
            style = (round(block.size * 2) / 2, block.bold, block.italic)
            styles[style] = min(styles.get(style, depth), depth)
    numbered_sizes = sorted({s for s, lvl in styles.items() if lvl == 1}, reverse=True)
    unnumbered = sorted({(round(b.size * 2) / 2, b.bold, b.italic) for b, n, _ in candidates
                         if not _number_depth(n)
                         and (round(b.size * 2) / 2, b.bold, b.italic) not in styles},
                        reverse=True)
    result: dict[int, _Heading] = {}
    for block, number, title in candidates:
        depth = _number_depth(number)
        style = (round(block.size * 2) / 2, block.bold, block.italic)
        by_contents = indented.get(_key(title))
        if by_contents:
            # the contents page nests it ("1. Vrijwilligheid" under "5. Ethische issues")
            result[id(block)] = _Heading(block, number, title, max(depth, by_contents))
            continue
        if not depth and _LETTERED.match(title):
            # "a) Titel voorstel", "(b) Verwerkingsgrondslag": a subdivision of the heading
            # above it, whatever its type
            result[id(block)] = _Heading(block, number, title, 1, True)
            continue
        if depth:
            level = depth
        elif style in styles:
            level = styles[style]
        elif numbered_sizes and style > numbered_sizes[0]:
            level = 1
        elif styles:
            # a sub-heading under the current numbered section, deeper for smaller styles
            smaller = [u for u in unnumbered if not (numbered_sizes and u > numbered_sizes[0])]
            result[id(block)] = _Heading(block, number, title, 1 + smaller.index(style), True)
            continue
        else:
            level = min(6, 1 + unnumbered.index(style))
        result[id(block)] = _Heading(block, number, title, level)
    return result


def _with_subsections(blocks: Sequence[Block], candidates: list[tuple[Block, str, str]]
                      ) -> list[tuple[Block, str, str]]:
    """`candidates` and the short lines set apart from the text whose number extends a
    heading's before them ("5.1.2 Bedienen" after "5.1 De app"), set larger or bolder than
    the text: sub-sections a contents page of two levels does not list, and whose type is
    too close to the text's to tell a heading by itself."""
    weights: dict[float, int] = {}
    for block in blocks:
        if block.kind == "paragraph":
            weights[block.size] = weights.get(block.size, 0) + len(block.text)
    if not weights:
        return candidates
    body_size = max(weights, key=weights.__getitem__)
    chosen = {id(candidate[0]): candidate for candidate in candidates}
    numbers: set[str] = set()
    result = []
    for block in blocks:
        number, title = heading_number(block.text)
        if id(block) in chosen:
            result.append(chosen[id(block)])
            numbers.add(number.rstrip("."))
            continue
        parent = number.rstrip(".").rpartition(".")[0]
        if (block.kind == "paragraph" and parent in numbers and len(block.text) < 100
                and not block.marks and not block.text.rstrip().endswith((".", ";", ":", ","))
                and (block.size > body_size + 0.4 or (block.bold and block.size >= body_size))):
            result.append((block, number, title))
            numbers.add(number.rstrip("."))
    return result


def _number_depth(number: str) -> int:
    if not number:
        return 0
    if re.match(r"^(Bijlage|Hoofdstuk|Deel)\b", number):
        return 1
    return number.count(".") + 1


def _attach_footnotes(
    notes: Sequence[FootnoteText], paragraphs: list[Section | Paragraph], slug: str,
    warnings: list[str],
) -> tuple[Footnote, ...]:
    """Each note belongs to the paragraph (or heading) whose marker cites it first.

    Markers carry the label of the note they cite (`blocks.resolve_footnotes`).
    """
    cited: dict[str, Section | Paragraph] = {}
    for paragraph in paragraphs:
        for mark in paragraph.marks:
            if mark.label:
                cited.setdefault(mark.label, paragraph)
            else:
                warnings.append(f"voetnootteken {mark.number} (p. {mark.page or paragraph.page}) "
                                "zonder voetnoot (marker without footnote)")
    result = []
    by_page = sorted(paragraphs, key=lambda p: p.page)
    starts = [p.page for p in by_page]
    for note in notes:
        label = note.label or note.number
        paragraph = cited.get(label)
        if paragraph is None:
            warnings.append(f"voetnoot {note.number} (p. {note.page}) zonder voetnootteken "
                            "in de tekst (footnote without marker)")
        fid = anchors.footnote_id(label)
        if paragraph is not None:
            url = paragraph.url.split("#", 1)[0] + "#" + fid
        else:
            url = _orphan_url(note, by_page, starts, slug) + fid
        result.append(Footnote(number=label, id=fid, page=note.page, text=note.text,
                               paragraph=paragraph.id if paragraph else None, url=url))
    _check_sequence([n.number for n in notes], warnings)
    return tuple(result)


def _orphan_url(note: FootnoteText, by_page: list[Section | Paragraph], starts: list[int],
                slug: str) -> str:
    """An unreferenced footnote is rendered in the chapter of the page it is printed on."""
    index = bisect.bisect_right(starts, note.page) - 1
    base = by_page[index].url.split("#", 1)[0] if index >= 0 else f"{slug}/"
    return base + "#"


def _check_sequence(numbers: list[str], warnings: list[str]) -> None:
    values = [int(n) for n in numbers if n.isdigit()]
    for a, b in itertools.pairwise(values):
        if b not in (a + 1, 1):
            warnings.append(f"voetnootnummering springt van {a} naar {b} "
                            "(footnote numbers skip)")


def _pages(layouts: Sequence[PageLayout], paragraphs: list[Paragraph],
           sections: list[Section], slug: str) -> tuple[PageInfo, ...]:
    """Every page gets an anchor in the file holding the first text that starts on it."""
    starts: dict[int, str] = {}
    for item in sorted([*paragraphs, *sections], key=lambda x: x.page):
        starts.setdefault(item.page, item.url.split("#", 1)[0])
    for paragraph in paragraphs:
        for _, page in paragraph.page_starts:
            starts.setdefault(page, paragraph.url.split("#", 1)[0])
    result = []
    holder = f"{slug}/"
    for layout in layouts:
        holder = starts.get(layout.number, holder)
        pid = anchors.page_id(layout.number)
        result.append(PageInfo(layout.number, layout.label or str(layout.number), pid,
                               f"{holder}#{pid}"))
    return tuple(result)


def _abbreviations(sections: list[Section], paragraphs: list[Paragraph]
                   ) -> tuple[Abbreviation, ...]:
    """Read the report's own abbreviation list (a table or 'ABBR expansion' lines)."""
    wanted = {s.id for s in sections if _ABBREVIATION_HEADING.match(s.title.strip())}
    found: dict[str, str] = {}
    for paragraph in paragraphs:
        if paragraph.section not in wanted:
            continue
        rows = paragraph.rows or tuple(
            tuple(part.split(" ", 1)) for part in [paragraph.text] if " " in paragraph.text
        )
        for row in rows:
            cells = [c for c in row if c]
            if len(cells) >= 2 and _looks_like_abbreviation(cells[0]):
                found.setdefault(cells[0], " ".join(cells[1:]))
    return tuple(Abbreviation(a, e) for a, e in sorted(found.items()))


def _looks_like_abbreviation(text: str) -> bool:
    return len(text) <= 15 and sum(c.isupper() or c.isdigit() for c in text) >= 2

