"""Scores a converted corpus PDF against its hand-checked layout truth (tests/expected/layout).

The truth says, per PDF page, which footnotes start there and which markers the page's body
prints, what the running furniture reads, and which lines only look like notes (README.md beside
the YAML files). Scored here, as pure functions over the truth, the converter's model and an
independent text extraction of the PDF (pypdf, see `reference_pages`):

- notes: a found note counts when its printed number and its start page match the truth;
- markers: per page, the converter's markers against the printed ones (multisets);
- cited from its own page: each printed marker resolved to the note printed on that page;
- word recall: the words of the reference extraction (furniture lines removed) found in the
  model's text, line-end hyphenation handled both ways;
- furniture leaks, line-end hyphens left inside words, lines made into notes that are not.

Used by tests/test_corpus_truth.py (targets) and scripts/measure_corpus.py (figures).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from converter.model import Document

LAYOUT_DIR = Path(__file__).parent / "expected" / "layout"

# Same pattern as tests/test_corpus.py: a hyphen, a space, and a lower-case word part after it
# is a typesetter's hyphen left in, unless the second part is a conjunction ("bron- en").
CONJUNCTIONS = frozenset({"en", "of", "tot", "noch", "and", "or", "to", "dan", "alsook"})
LEFTOVER_HYPHEN = re.compile(r"\b([a-zà-ÿ]{2,})- ([a-zà-ÿ]{2,})\b")

# Keys of the JSON model whose strings are not text printed in the PDF (ids, links, file
# names, enumerations), and subtrees derived from data files or the file itself.
_NOT_TEXT_KEYS = frozenset({"id", "url", "file", "kind", "section", "paragraph", "footnote",
                            "slug", "schema", "sha256", "key"})
# derived from the text or the pages' furniture (the imprint repeats a masthead), not text
# the body holds
_DERIVED_KEYS = frozenset({"references", "entities", "warnings", "source", "pages", "schema",
                           "slug", "abbreviations", "publisher", "year"})
_WORD = re.compile(r"\w+")
# a printed page number: digits or a roman numeral ("iv"), never a word such as "mild"
_ROMAN = r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_PAGE_NUMBER = rf"(?:\d+|(?i:{_ROMAN}))"
_DOT_LEADER = re.compile(r"(?:\s*[.…·]){3,}\s*")


# --- the truth --------------------------------------------------------------------------


@dataclass(frozen=True)
class FurnitureText:
    text: str  # as printed; "#" stands for the page number
    pages: frozenset[int]
    leak_check: bool
    where: str = ""

    @property
    def checkable(self) -> bool:
        """A bare page number (or "#/10") cannot be told from body text."""
        return self.leak_check and sum(c.isalpha() for c in self.text) >= 4


@dataclass(frozen=True)
class NotNote:
    page: int
    text: str
    kind: str
    marker: str = ""  # for units and ordinals: the raised text that is not a marker
    after: str = ""  # the text the raised marker would follow


@dataclass(frozen=True)
class LayoutTruth:
    source: str
    pages: int
    notes: Mapping[int, tuple[str, ...]]
    continued: Mapping[int, tuple[str, ...]]
    markers: Mapping[int, tuple[str, ...]]
    not_notes: tuple[NotNote, ...]
    furniture: tuple[FurnitureText, ...]
    contents_pages: frozenset[int] = frozenset()
    multi_column_pages: frozenset[int] = frozenset()
    headings: tuple[Mapping[str, object], ...] = ()

    @property
    def note_starts(self) -> set[tuple[str, int]]:
        return {(n, page) for page, numbers in self.notes.items() for n in numbers}

    def expected_note_page(self, number: str, page: int) -> int | None:
        """The page whose note a marker `number` printed on `page` refers to.

        The note printed on the marker's page (starting or continued there); else the nearest
        later page that starts it (Word pushes a note that does not fit to the next page); else
        the nearest earlier one.
        """
        if number in self.notes.get(page, ()):
            return page
        starts = sorted(p for p, numbers in self.notes.items() if number in numbers)
        if number in self.continued.get(page, ()):
            earlier = [p for p in starts if p < page]
            return earlier[-1] if earlier else None
        later = [p for p in starts if p > page]
        if later:
            return later[0]
        earlier = [p for p in starts if p < page]
        return earlier[-1] if earlier else None


def parse_pages(spec: str | int) -> frozenset[int]:
    """"2-5,7-98" or "6-64:2" (every second page) or a single page."""
    pages: set[int] = set()
    for part in str(spec).split(","):
        part = part.strip()
        if not part:
            continue
        step = 1
        if ":" in part:
            part, step_text = part.split(":")
            step = int(step_text)
        if "-" in part:
            first, last = (int(x) for x in part.split("-"))
            pages.update(range(first, last + 1, step))
        else:
            pages.add(int(part))
    return frozenset(pages)


def _numbers(values: Iterable[object] | None) -> tuple[str, ...]:
    return tuple(str(v) for v in (values or ()))


def load_truth(path: Path) -> LayoutTruth:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pages_data = (data.get("footnotes") or {}).get("pages") or {}
    notes = {int(p): _numbers(v.get("notes")) for p, v in pages_data.items()}
    continued = {int(p): _numbers(v.get("continued")) for p, v in pages_data.items()}
    markers = {int(p): _numbers(v.get("markers")) for p, v in pages_data.items()}
    furniture_data = data.get("furniture") or {}
    furniture = [
        FurnitureText(str(item["text"]), parse_pages(item["pages"]), True, item.get("where", ""))
        for item in furniture_data.get("running") or ()
    ]
    for block in furniture_data.get("blocks") or ():
        furniture.extend(
            FurnitureText(str(line), frozenset({int(block["page"])}),
                          bool(block.get("leak_check", True)), block.get("where", ""))
            for line in block.get("lines") or ())
    not_notes = tuple(
        NotNote(int(item["page"]), str(item["text"]), str(item.get("kind", "")),
                str(item.get("marker", "")), str(item.get("after", "")))
        for item in data.get("not_notes") or ())
    columns = data.get("columns") or {}
    return LayoutTruth(
        source=data["source"], pages=int(data["pages"]), notes=notes, continued=continued,
        markers=markers, not_notes=not_notes, furniture=tuple(furniture),
        contents_pages=frozenset(columns.get("contents") or ()),
        multi_column_pages=frozenset(columns.get("multi_column") or ()),
        headings=tuple(data.get("headings") or ()))


def truth_path(pdf: Path) -> Path:
    return LAYOUT_DIR / f"{pdf.stem}.yaml"


# --- the reference extraction --------------------------------------------------------------


def reference_pages(pdf: Path) -> list[str]:
    """The PDF's text per page as pypdf extracts it: independent of the converter's pdfium
    extraction, and installed wherever the converter is."""
    import pypdf

    reader = pypdf.PdfReader(str(pdf))
    return [page.extract_text() or "" for page in reader.pages]


def normalize(text: str) -> str:
    """NFKC (ligatures; "²" becomes "2" on both sides), hyphens as "-", one space. A soft
    hyphen at the end of a line is the typesetter's line-end hyphen; elsewhere it is dropped."""
    text = re.sub("\u00ad(?=\n|$)", "-", text).replace("\u00ad", "").replace("\u2010", "-")
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def _pattern(furniture: str) -> str:
    """A regular expression for a furniture text: "#" is any page number, spaces are any."""
    parts = [re.escape(normalize(p)).replace(r"\ ", r"\s+") for p in furniture.split("#")]
    return rf"\s*{_PAGE_NUMBER}?\s*".join(parts)


def _bounded(pattern: str, text: str) -> re.Pattern[str]:
    start = r"(?<!\w)" if text[:1].isalnum() or text[:1] == "#" else ""
    end = r"(?!\w)" if text[-1:].isalnum() or text[-1:] == "#" else ""
    return re.compile(start + pattern + end)


def strip_furniture(pages: Sequence[str], truth: LayoutTruth, *, checked_only: bool = False,
                    keep_contents: bool = False) -> list[str]:
    """Each page's reference text without its furniture: every furniture text listed for the
    page is removed once, a whole line if one matches (the one nearest to an edge of the page
    when several do), else the first occurrence inside a line (pypdf may join a footer to the
    colophon line beside it). Contents pages are left out whole: the site builds its own
    navigation, so a converter may rightly drop them."""
    out = []
    for number, text in enumerate(pages, start=1):
        if number in truth.contents_pages and not keep_contents:
            out.append("")
            continue
        lines = [normalize(line) for line in text.splitlines()]
        for item in truth.furniture:
            if number not in item.pages or (checked_only and not item.checkable):
                continue
            regex = _bounded(_pattern(item.text), item.text)
            whole = [i for i, line in enumerate(lines) if line and regex.fullmatch(line)]
            if whole:
                # several lines match (a bare page number, a table cell): the one nearest to
                # the top or the bottom of the page is the furniture
                lines[min(whole, key=lambda i: min(i, len(lines) - 1 - i))] = ""
                continue
            if sum(c.isalpha() for c in item.text) < 4:
                continue  # a bare number inside a line is body text
            for i, line in enumerate(lines):
                match = regex.search(line)
                if match:
                    lines[i] = (line[:match.start()] + " " + line[match.end():]).strip()
                    break
        out.append("\n".join(lines))
    return out


# --- the model's text ----------------------------------------------------------------------


def model_strings(model_json: Mapping[str, object]) -> list[str]:
    """Every string of the JSON model that is text from the PDF, walked generically so that
    fields added later (figures, boxes, chart labels) count without changing this scorer."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, Mapping):
            for key, item in value.items():
                # a table's rows repeat its text cell by cell: count the words once
                if key not in _NOT_TEXT_KEYS and not (key == "rows" and value.get("text")):
                    walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    for key, value in model_json.items():
        if key not in _DERIVED_KEYS:
            walk(value)
    return out


def body_texts(document: Document) -> list[str]:
    """Text a reader sees as the report's body: headings, paragraphs (a table's text holds
    its cells), notes. Checked for furniture with whatever the JSON model adds later."""
    texts = [s.title for s in document.sections]
    texts.extend(p.text for p in document.paragraphs)
    texts.extend(f.text for f in document.footnotes)
    return texts


# --- scores ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """True positives against what was expected and what was found, with examples."""

    expected: int
    found: int
    hits: int
    missed: tuple[str, ...] = field(default=(), compare=False)
    spurious: tuple[str, ...] = field(default=(), compare=False)

    @property
    def recall(self) -> float:
        return self.hits / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 1.0


def _match(expected: Counter, found: Counter, limit: int = 12) -> Match:
    hits = expected & found
    missed = sorted((expected - found).elements(), key=str)
    spurious = sorted((found - expected).elements(), key=str)
    return Match(sum(expected.values()), sum(found.values()), sum(hits.values()),
                 tuple(map(_show, missed[:limit])), tuple(map(_show, spurious[:limit])))


def _show(item: object) -> str:
    if isinstance(item, tuple) and len(item) == 2:
        return f"{item[0]}@p{item[1]}"
    if isinstance(item, tuple) and len(item) == 3:
        return f"p{item[0]}:{item[1]}->p{item[2]}"
    return str(item)


def printed_number(label: str) -> str:
    """The number as printed: the converter suffixes a number printed twice ("2-2")."""
    return re.sub(r"(?<=\d)-\d+$", "", label)


def score_notes(truth: LayoutTruth, document: Document) -> Match:
    expected = Counter(truth.note_starts)
    found = Counter((printed_number(f.number), f.page) for f in document.footnotes)
    return _match(expected, found)


def _page_at(offset: int, page: int, page_starts: Sequence[tuple[int, int]]) -> int:
    for start, start_page in page_starts:
        if start <= offset:
            page = start_page
    return page


@dataclass(frozen=True)
class ModelMarker:
    page: int  # the PDF page the marker is printed on
    number: str  # as printed
    label: str | None  # the label of the note it links to (`Footnote.number`), None if none


def model_markers(document: Document) -> list[ModelMarker]:
    """Every marker of the model, in headings and paragraphs.

    Its page is the one the model records for it, else the page of the text it sits in
    (`page_starts`). A model whose markers carry no `label` links a marker by its number.
    """
    holders = [(s.page, (), s.marks) for s in document.sections]
    holders += [(p.page, sorted(p.page_starts), p.marks) for p in document.paragraphs]
    out = []
    for first_page, starts, marks in holders:
        for mark in marks:
            page = getattr(mark, "page", 0) or _page_at(mark.offset, first_page, starts)
            label = getattr(mark, "label", mark.number)
            out.append(ModelMarker(page, printed_number(mark.number), label or None))
    return out


def score_markers(truth: LayoutTruth, document: Document) -> Match:
    expected = Counter((n, page) for page, numbers in truth.markers.items() for n in numbers)
    found = Counter((m.number, m.page) for m in model_markers(document))
    return _match(expected, found)


def score_own_page(truth: LayoutTruth, document: Document) -> Match:
    """Markers that link to the note printed for them: (marker page, number, note page).

    A marker counts when it is on the page the truth prints it on and links to a note with its
    number that starts on the page the truth expects (`LayoutTruth.expected_note_page`)."""
    expected = Counter()
    for page, numbers in truth.markers.items():
        for n in numbers:
            expected[(page, n, truth.expected_note_page(n, page))] += 1
    notes = {f.number: f for f in document.footnotes}
    found = Counter()
    for marker in model_markers(document):
        note = notes.get(marker.label) if marker.label else None
        same_number = note is not None and printed_number(note.number) == marker.number
        found[(marker.page, marker.number, note.page if same_number else None)] += 1
    return _match(expected, found)


@dataclass(frozen=True)
class WordRecall:
    total: int
    found: int
    missed: tuple[str, ...] = field(default=(), compare=False)  # "page:word" examples

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 1.0


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in _WORD.findall(text)]


def _reference_items(page_text: str) -> Iterator[tuple[str, ...]]:
    """Words of one page; a word split by a line-end hyphen comes as (left, right)."""
    lines = [line.strip() for line in page_text.splitlines() if line.strip()]
    carry: str | None = None
    for index, line in enumerate(lines):
        tokens = _tokens(line)
        if carry is not None:
            if tokens:
                yield (carry, tokens.pop(0))
            else:
                yield (carry,)
            carry = None
        hyphenated = re.search(r"\w-$", line)
        if hyphenated and tokens and index + 1 < len(lines):
            carry = tokens.pop()
        yield from ((t,) for t in tokens)
    if carry is not None:
        yield (carry,)


def word_recall(reference: Sequence[str], model_json: Mapping[str, object],
                truth: LayoutTruth | None = None, limit: int = 40) -> WordRecall:
    """Share of the reference's words (a multiset) found in the model's text.

    A word the reference splits over a line end ("vergunning-" / "houders") counts as found
    when the model has it joined, or hyphenated as one compound ("vergunning-houders"), or as
    a suspended hyphen before a conjunction ("bron- en"). With the truth, the markers and note
    numbers it lists for a page are not counted as words (one token each), and a word the
    extraction glued to one ("broker2", "EP249", "2Bron") counts when the model has it without.
    """
    strings = model_strings(model_json)
    available = Counter(t for s in strings for t in _tokens(normalize(s)))
    compounds = Counter()
    for s in strings:
        for match in re.finditer(r"(\w+)-(\s?)(?=(\w+))", normalize(s)):  # "a-b-c": both
            left, right = match.group(1).casefold(), match.group(3).casefold()
            if not match.group(2) or right in CONJUNCTIONS:
                compounds[(left, right)] += 1

    def take(word: str) -> bool:
        if available[word] > 0:
            available[word] -= 1
            return True
        return False

    total = found = 0
    missed: list[str] = []
    for number, text in enumerate(reference, start=1):
        printed = [*truth.markers.get(number, ()), *truth.notes.get(number, ())] if truth else []
        numbers = sorted(set(printed), key=len, reverse=True)
        # the markers and note numbers themselves are not words of the text
        not_words = Counter(printed)
        for item in _reference_items(text):
            if len(item) == 1 and not_words[item[0]] > 0:
                not_words[item[0]] -= 1
                continue
            total += 1
            if len(item) == 2:
                left, right = item
                ok = take(left + right)
                if not ok and compounds[(left, right)] > 0:
                    compounds[(left, right)] -= 1
                    take(left)
                    take(right)
                    ok = True
            else:
                (word,) = item
                ok = take(word)
                for n in numbers if not ok else ():
                    if len(word) > len(n) and ((word.endswith(n) and take(word[:-len(n)]))
                                               or (word.startswith(n) and take(word[len(n):]))):
                        ok = True
                        break
            if ok:
                found += 1
            elif len(missed) < limit:
                missed.append(f"{number}:{'-'.join(item)}")
    return WordRecall(total, found, tuple(missed))


@dataclass(frozen=True)
class Leak:
    text: str
    in_body: int  # occurrences in the converter's body text
    printed: int  # occurrences the page bodies print outside the furniture

    @property
    def extra(self) -> int:
        return max(0, self.in_body - self.printed)


def furniture_leaks(reference: Sequence[str], truth: LayoutTruth,
                    texts: Iterable[str]) -> list[Leak]:
    """Furniture texts the model's text holds more often than the pages' bodies print them.

    `reference` is the page text with the leak-checked furniture removed (contents pages and
    unchecked letterhead kept: the body may hold them). Longer texts are counted first and
    their matches blanked, so a footer inside a colophon line is not counted twice.
    """
    body = " | ".join(normalize(t) for t in texts)
    printed = " | ".join(normalize(page) for page in reference)
    leaks = []
    items = {item.text: item for item in truth.furniture if item.checkable}
    for text in sorted(items, key=len, reverse=True):
        regex = _bounded(_pattern(text), text)
        in_body, body = len(regex.findall(body)), regex.sub(" \x00 ", body)
        in_print, printed = len(regex.findall(printed)), regex.sub(" \x00 ", printed)
        leak = Leak(text, in_body, in_print)
        if leak.extra:
            leaks.append(leak)
    return leaks


def leftover_hyphens(document: Document, reference: Sequence[str] = ()) -> list[str]:
    """ "X- Y" in the model that the PDF does not print so on one line: a hyphen before a
    space inside a printed line ("waar- maar ook onwaarheden") is the author's."""
    printed = "\n".join(re.sub(r"[ \t]+", " ", page) for page in reference)
    out = []
    for text in [p.text for p in document.paragraphs] + [f.text for f in document.footnotes]:
        out.extend(m.group(0) for m in LEFTOVER_HYPHEN.finditer(text)
                   if m.group(2) not in CONJUNCTIONS and m.group(0) not in printed)
    return out


def _key(text: str) -> str:
    return _DOT_LEADER.sub(" ", normalize(text)).casefold().strip(" .")


def _with_and_without_number(text: str) -> set[str]:
    key = _key(text)
    return {key, re.sub(r"^[\w.()]{1,8}\s+", "", key)}


def not_note_violations(truth: LayoutTruth, document: Document) -> list[str]:
    """Lines the truth lists as not notes that the converter made into notes or markers."""
    out = []
    for item in truth.not_notes:
        if item.marker:
            holders = [(s.title, s.page, (), s.marks) for s in document.sections]
            holders += [(p.text, p.page, sorted(p.page_starts), p.marks)
                        for p in document.paragraphs]
            for text, first_page, starts, marks in holders:
                for mark in marks:
                    page = getattr(mark, "page", 0) or _page_at(mark.offset, first_page, starts)
                    if (page == item.page and printed_number(mark.number) == item.marker
                            and normalize(text[:mark.offset]).endswith(item.after)):
                        out.append(f"p{item.page}: marker {item.marker} after {item.after!r}")
            continue
        # the line, and the line without a leading number such as "2.4", against the note's
        # text with and without one (the converter may have taken part of it as the number)
        printed = {k for k in _with_and_without_number(item.text) if len(k) >= 6}
        for note in document.footnotes:
            if note.page == item.page and any(
                    text.startswith(k) for text in _with_and_without_number(note.text)
                    for k in printed):
                out.append(f"p{item.page}: note {note.number} is {item.kind}: {item.text[:60]!r}")
    return out


# --- one document -------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusScore:
    pdf: str
    notes: Match
    markers: Match
    own_page: Match
    words: WordRecall
    leaks: tuple[Leak, ...]
    hyphens: tuple[str, ...]
    not_notes: tuple[str, ...]

    def row(self) -> str:
        return (f"{self.pdf[:34]:34} notes {self.notes.expected:3d}/{self.notes.found:3d} "
                f"R {self.notes.recall:6.1%} P {self.notes.precision:6.1%}  markers "
                f"R {self.markers.recall:6.1%} P {self.markers.precision:6.1%}  own page "
                f"{self.own_page.recall:6.1%}  words {self.words.recall:6.2%}  leaks "
                f"{sum(leak.extra for leak in self.leaks):3d}  hyphens {len(self.hyphens):3d}  "
                f"not-notes {len(self.not_notes):2d}")


def score_document(truth: LayoutTruth, document: Document, model_json: Mapping[str, object],
                   reference: Sequence[str]) -> CorpusScore:
    stripped = strip_furniture(reference, truth)
    texts = body_texts(document) + model_strings({k: v for k, v in model_json.items()
                                                  if k not in {"sections", "paragraphs",
                                                               "footnotes", "title"}})
    return CorpusScore(
        pdf=truth.source,
        notes=score_notes(truth, document),
        markers=score_markers(truth, document),
        own_page=score_own_page(truth, document),
        words=word_recall(stripped, model_json, truth),
        leaks=tuple(furniture_leaks(
            strip_furniture(reference, truth, checked_only=True, keep_contents=True),
            truth, texts)),
        hyphens=tuple(leftover_hyphens(document, reference)),
        not_notes=tuple(not_note_violations(truth, document)),
    )
