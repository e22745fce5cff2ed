"""Scores a converted document against a truth JSON of the typesetter matrix
(tests/fixtures/matrix: one text typeset by five engines in one and two columns).

    score = score_rendering(convert(pdf, jobs=1), load_truth(truth_json))

Used by scripts/measure_matrix.py (figures per rendering) and tests/test_matrix_scoring.py
(the scorer itself must be able to fail). Paragraphs, start pages and headings are scored by
`conversion_scoring.score`, the scorer of the sample report; the rest is specific to the
matrix. Every share is of the truth's items (recall); counts are things that should be 0.

What is compared with what (texts normalised by `conversion_scoring.norm`: whitespace,
quotes and dashes):
- paragraphs: a truth paragraph or list item is found if a model paragraph has the same text.
- order: of the paragraphs found, the share in reading order (longest increasing run).
- lists: a truth list item is found as a `list_item` with its marker (ordered markers exactly,
  "vi."; any non-alphanumeric marker for a bullet or dash) and depth.
- markers: a truth call (note number, holder, after word k) is right if the model block that
  holds the truth text (exact, else the one sharing most word 4-grams) has a mark with that
  number after the word aligned with word k (difflib over the words, so a merged or split
  paragraph does not move its markers). Holders are paragraphs, headings (`Section.marks`)
  and table cells (a mark right after the cell's text in any block holding it).
- notes: truth notes whose (printed number, text) a model footnote has; numbers may repeat
  when notes restart per chapter. linked: of those, the share whose `Footnote.paragraph` is the
  model block holding the truth call. extra_notes: model footnotes that are no truth note.
- headings: level, number and title (`conversion_scoring`).
- furniture_leaks: occurrences of running header/footer texts in body text (paragraphs,
  tables, notes, section titles from the first body page on) beyond those the truth has.
- chart_labels: label texts of vector charts found in model blocks (figures aside) that are
  not truth texts, beyond what the truth texts sharing a run of four words with them contain
  (should be 0).
- fake_tables: model tables of which less than half the cells belong to one truth table.
- tables_exact: truth tables found with every row exact: the header grid (a merged cell's
  text in its first position; the positions it covers empty or repeating it) and body rows,
  cell by cell, against a model table's rows (`Table.grid()`, else `Paragraph.rows`).
- captions: captions and source lines attached to their table or figure, each counted:
  the `caption` / `source` of the model table (`Paragraph.table`) that is exact, else of any
  model table holding that caption; of the figure (`Paragraph.figure`) with that caption.
- figure_labels: of the truth vector figures' label texts, the share in the `labels` of the
  model figure with that caption.
- boxes: truth boxes found as a `Document.frames` entry whose title is the box title and
  whose paragraphs (`Paragraph.frame` is its id) are the box's paragraphs, in order.

Notes' numbers: a model `Footnote.number` is its label ("12-2" for a second note 12); the
printed number (without the suffix) is compared with the truth's.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, fields
from pathlib import Path

from conversion_scoring import load_truth, norm, score
from converter.model import Document, Paragraph, table_text

__all__ = ["MatrixScore", "load_truth", "score_rendering"]


@dataclass(frozen=True)
class MatrixScore:
    rendering: str
    paragraphs: float
    start_pages: float
    order: float
    lists: float
    markers: float
    notes: float
    linked: float
    headings: float
    tables_exact: float
    captions: float
    figure_labels: float
    boxes: float
    extra_notes: int
    furniture_leaks: int
    chart_labels: int
    fake_tables: int
    missed: tuple[str, ...] = ()  # a few truth paragraphs not found, for diagnosis

    SHARES = ("paragraphs", "start_pages", "order", "lists", "markers", "notes", "linked",
              "headings", "tables_exact", "captions", "figure_labels", "boxes")
    COUNTS = ("extra_notes", "furniture_leaks", "chart_labels", "fake_tables")

    def metrics(self) -> dict[str, float | int]:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in ("rendering", "missed")}


def _share(hits: int, total: int) -> float:
    return hits / total if total else 1.0


def _words(text: str) -> list[str]:
    return norm(text).split()


def _after_word(text: str, offset: int) -> int:
    """Words before a mark at `offset` (a word the mark sits inside counts)."""
    return len(norm(text[:offset]).split())


# --- the model's blocks -----------------------------------------------------------------


@dataclass
class _Holder:
    """A model text that can carry marks: a paragraph (any kind) or a section title."""

    id: str
    text: str
    marks: tuple[tuple[int, str], ...]  # (offset, number)


def _holders(document: Document) -> list[_Holder]:
    # a table's marks are offsets into its cells' text (`model.table_text`)
    out = [_Holder(p.id, table_text(p.rows)[0] if p.kind == "table" and p.rows else p.text,
                   tuple((m.offset, m.number) for m in p.marks))
           for p in document.paragraphs if p.figure is None]
    out += [_Holder(s.id, s.title, tuple((m.offset, m.number) for m in s.marks))
            for s in document.sections]
    return out


def _grams(words: list[str], n: int = 4) -> set[tuple[str, ...]]:
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


class _Index:
    """Finds the model block that holds a truth text: exact first, else most shared 4-grams."""

    def __init__(self, holders: list[_Holder]) -> None:
        self.holders = holders
        self.exact: dict[str, _Holder] = {}
        self.by_gram: dict[tuple[str, ...], list[int]] = {}
        self.words = [_words(h.text) for h in holders]
        for i, h in enumerate(holders):
            self.exact.setdefault(norm(h.text), h)
            for gram in _grams(self.words[i]):
                self.by_gram.setdefault(gram, []).append(i)

    def find(self, text: str) -> tuple[_Holder, list[str]] | None:
        if norm(text) in self.exact:
            holder = self.exact[norm(text)]
            return holder, _words(holder.text)
        if len(_words(text)) < 4:  # too short for 4-grams: the first block containing it
            holder = next((h for h in self.holders if norm(text) in norm(h.text)), None)
            return (holder, _words(holder.text)) if holder else None
        grams = _grams(_words(text))
        votes: Counter[int] = Counter(i for g in grams for i in set(self.by_gram.get(g, ())))
        if not votes:
            return None
        best, count = votes.most_common(1)[0]
        if count * 2 < len(grams):  # less than half the truth text is there
            return None
        return self.holders[best], self.words[best]


def _aligned_word(truth_words: list[str], model_words: list[str], k: int) -> int | None:
    """The model's word count before the position that follows truth word k (1-based)."""
    if k == 0:
        return 0
    matcher = difflib.SequenceMatcher(None, truth_words, model_words, autojunk=False)
    for block in matcher.get_matching_blocks():
        if block.a <= k - 1 < block.a + block.size:
            return block.b + (k - 1 - block.a) + 1
    return None


def _spanned(header: list[list[dict]], columns: int) -> list[list[tuple[str, bool]]]:
    """Header rows with spans as a grid of (text, is the merged cell's first position)."""
    grid: list[list[tuple[str, bool] | None]] = [[None] * columns for _ in header]
    for r, row in enumerate(header):
        c = 0
        for cell in row:
            while c < columns and grid[r][c] is not None:
                c += 1
            for dr in range(int(cell.get("rowspan", 1))):
                for dc in range(int(cell.get("colspan", 1))):
                    if r + dr < len(grid) and c + dc < columns:
                        grid[r + dr][c + dc] = (norm(cell.get("text", "")), dr == dc == 0)
            c += int(cell.get("colspan", 1))
    return [[x or ("", True) for x in row] for row in grid]


def _model_tables(document: Document) -> list[tuple[Paragraph, list[list[str]]]]:
    """Each model table with its rows as normalised text."""
    out = []
    for p in document.paragraphs:
        grid = p.table.grid() if p.table else p.rows
        if p.kind == "table" and grid:
            out.append((p, [[norm(c) for c in row] for row in grid]))
    return out


def _table_exact(truth_table: dict, rows: list[list[str]]) -> bool:
    columns = truth_table["columns"]
    grid = _spanned(truth_table["header"], columns)
    grid += [[(norm(c), True) for c in row] for row in truth_table["rows"]]
    if len(rows) != len(grid):
        return False
    for model_row, truth_row in zip(rows, grid, strict=False):
        model_row = list(model_row) + [""] * (columns - len(model_row))
        if len(model_row) != columns:
            return False
        for cell, (text, first) in zip(model_row, truth_row, strict=False):
            if cell != text and not (not first and cell == ""):
                return False
    return True


# --- the score --------------------------------------------------------------------------


def score_rendering(document: Document, truth: dict) -> MatrixScore:
    """Score one converted rendering against its truth."""
    base = score(document, truth)
    exact: dict[str, tuple[int, object]] = {}
    for i, p in enumerate(document.paragraphs):
        exact.setdefault(norm(p.text), (i, p))
    truth_paragraphs = truth["paragraphs"]

    # reading order of what was found: the longest run of increasing model positions
    positions = [exact[norm(t["text"])][0] for t in truth_paragraphs if norm(t["text"]) in exact]
    items = [t for t in truth_paragraphs if t["kind"] == "list_item"]
    markers, holder_of_note = _markers(document, truth)
    notes, linked, extra_notes = _notes(document, truth, holder_of_note)
    truth_texts = _truth_texts(truth)
    # a model table's text is its cells joined: compare it with the truth tables' cells joined
    joined_tables = [norm(" ".join(c for row in t["header_grid"] + t["rows"] for c in row if c))
                     for t in truth["tables"]]
    tables = _model_tables(document)
    exact_tables, table_captions = _tables(truth, tables)
    figure_captions, figure_labels = _figures(truth, document)
    captions_total = 2 * (len(truth["tables"]) + len(truth["figures"]))
    return MatrixScore(
        rendering=truth.get("rendering", ""),
        paragraphs=base.paragraphs,
        start_pages=base.start_pages,
        order=_share(_longest_increasing(positions), len(positions)),
        lists=_share(sum(_list_item_found(t, exact) for t in items), len(items)),
        markers=_share(markers, len(truth["footnotes"])),
        notes=_share(notes, len(truth["footnotes"])),
        linked=_share(linked, len(truth["footnotes"])),
        headings=base.headings,
        tables_exact=_share(exact_tables, len(truth["tables"])),
        captions=_share(table_captions + figure_captions, captions_total),
        figure_labels=figure_labels,
        boxes=_share(sum(_box_found(b, document) for b in truth["boxes"]), len(truth["boxes"])),
        extra_notes=extra_notes,
        furniture_leaks=_furniture_leaks(document, truth, truth_texts),
        chart_labels=_chart_label_leaks(document, truth, truth_texts + joined_tables),
        fake_tables=_fake_tables(truth, tables),
        missed=base.missed,
    )


def _list_item_found(t: dict, exact: dict) -> bool:
    found = exact.get(norm(t["text"]))
    if not found or found[1].kind != "list_item" or found[1].depth != t["depth"]:
        return False
    marker = found[1].number.strip()
    if t["list_style"] in ("bullet", "dash"):
        return bool(marker) and not any(ch.isalnum() for ch in marker)
    return marker == t["marker"]


def _markers(document: Document, truth: dict) -> tuple[int, dict[str, set[str]]]:
    """Truth calls found at their place, and per note the model blocks holding its call."""
    holders = _holders(document)
    index = _Index(holders)
    headings = {h["id"]: h for h in truth["headings"]}
    paragraphs = {p["id"]: p for p in truth["paragraphs"]}
    hits = 0
    holder_of_note: dict[str, set[str]] = {}
    for note in truth["footnotes"]:
        where, number = note["cited_in"], note["number"]
        if where["kind"] == "table_cell":
            cell = where["text"]
            ids = {h.id for h in holders if any(
                n == number and _mark_after_text(h.text, off, cell) for off, n in h.marks)}
            hits += bool(ids)
            holder_of_note[note["key"]] = ids or {h.id for h in holders
                                                  if norm(cell) in norm(h.text)}
            continue
        text = (headings[where["id"]]["title"] if where["kind"] == "heading"
                else paragraphs[where["id"]]["text"])
        found = index.find(text)
        if found is None:
            holder_of_note[note["key"]] = set()
            continue
        holder, model_words = found
        holder_of_note[note["key"]] = {holder.id}
        k = _aligned_word(_words(text), model_words, where["after_word"])
        hits += k is not None and any(n == number and _after_word(holder.text, off) == k
                                      for off, n in holder.marks)
    return hits, holder_of_note


def _notes(document: Document, truth: dict,
           holder_of_note: dict[str, set[str]]) -> tuple[int, int, int]:
    """(notes with the right number and text, of those linked to the right block, model
    notes that are no truth note)."""
    truth_notes = Counter((n["number"], norm(n["text"])) for n in truth["footnotes"])
    model_notes = Counter((_printed(f.number), norm(f.text)) for f in document.footnotes)
    available: dict[tuple[str, str], list] = {}
    for f in document.footnotes:
        available.setdefault((_printed(f.number), norm(f.text)), []).append(f)
    linked = 0
    for note in truth["footnotes"]:
        candidates = available.get((note["number"], norm(note["text"])), [])
        wanted = holder_of_note.get(note["key"], set())
        match = next((f for f in candidates if f.paragraph in wanted), None)
        if match is not None:
            candidates.remove(match)
            linked += 1
    return (sum((truth_notes & model_notes).values()), linked,
            sum((model_notes - truth_notes).values()))


def _printed(label: str) -> str:
    """A note label's printed number: "12-2" (the second note 12) is printed "12"."""
    return re.sub(r"-\d+$", "", label)


def _furniture_leaks(document: Document, truth: dict, truth_texts: list[str]) -> int:
    first_body_page = min((p["page"] for p in truth["paragraphs"]), default=1)
    body = [norm(p.text) for p in document.paragraphs
            if p.page >= first_body_page and p.figure is None]
    body += [norm(f.text) for f in document.footnotes]
    body += [norm(s.title) for s in document.sections if s.page >= first_body_page]
    leaks = 0
    for furniture in truth.get("furniture", []):
        if len(furniture) > 8:  # a page number alone says nothing
            found = sum(t.count(norm(furniture)) for t in body)
            leaks += max(0, found - sum(t.count(norm(furniture)) for t in truth_texts))
    return leaks


def _fake_tables(truth: dict, tables: list[tuple[Paragraph, list[list[str]]]]) -> int:
    truth_cells = [Counter(norm(c) for row in t["header_grid"] + t["rows"] for c in row if c)
                   for t in truth["tables"]]
    fake = 0
    for _, rows in tables:
        cells = Counter(c for row in rows for c in row if c)
        best = max((sum((cells & tc).values()) for tc in truth_cells), default=0)
        fake += bool(cells) and best * 2 < sum(cells.values())
    return fake


def _tables(truth: dict, tables: list[tuple[Paragraph, list[list[str]]]]) -> tuple[int, int]:
    """(truth tables found with every row exact, their captions and sources attached)."""
    exact = attached = 0
    for t in truth["tables"]:
        caption, source = norm(t["caption"]), norm(t["source"])
        match = next((p for p, rows in tables if _table_exact(t, rows)), None)
        exact += match is not None
        holders = [match] if match is not None else [
            p for p, _ in tables if p.table and norm(p.table.caption) == caption]
        if holders and holders[0].table:
            attached += (norm(holders[0].table.caption) == caption) + (
                norm(holders[0].table.source) == source)
    return exact, attached


def _figures(truth: dict, document: Document) -> tuple[int, float]:
    """(captions and sources on model figures, share of chart labels on their figure)."""
    figures = [p.figure for p in document.paragraphs if p.figure is not None]
    attached = total = hits = 0
    for f in truth["figures"]:
        figure = next((m for m in figures if norm(m.caption) == norm(f["caption"])), None)
        total += len(f["labels"])
        if figure is None:
            continue
        attached += 1 + (norm(figure.source) == norm(f["source"]))
        have = Counter(norm(x) for x in figure.labels)
        hits += sum((Counter(norm(x) for x in f["labels"]) & have).values())
    return attached, _share(hits, total)


def _longest_increasing(values: list[int]) -> int:
    import bisect

    tails: list[int] = []
    for v in values:
        i = bisect.bisect_left(tails, v)
        tails[i:i + 1] = [v]
    return len(tails)


def _mark_after_text(text: str, offset: int, cell: str) -> bool:
    """A mark at `offset` sits right after an occurrence of the cell's text."""
    target = norm(cell)
    if not target:
        return False
    before = norm(text[:offset])
    return before.endswith(target) or before.rstrip(".,;:").endswith(target)


def _truth_texts(truth: dict) -> list[str]:
    texts = [norm(p["text"]) for p in truth["paragraphs"]]
    texts += [norm(n["text"]) for n in truth["footnotes"]]
    texts += [norm(h["title"]) for h in truth["headings"]]
    for t in truth["tables"]:
        texts += [norm(t["caption"]), norm(t["source"])]
        texts += [norm(c) for row in t["header_grid"] + t["rows"] for c in row]
    for f in truth["figures"]:
        texts += [norm(f["caption"]), norm(f["source"])]
    texts += [norm(b["title"]) for b in truth.get("boxes", [])]
    return texts


def _chart_label_leaks(document: Document, truth: dict, truth_texts: list[str]) -> int:
    """Chart labels in model texts that no truth text explains. A model text equal to a
    truth text is clean; any other is compared with the truth texts it shares a run of four
    words with (all of them: a paragraph merged from two is still explained), and only the
    words beyond theirs count. A text sharing nothing (a stray "16.470") counts whole."""
    labels = {norm(label) for f in truth["figures"] if f["kind"] == "vector"
              for label in f["labels"] if norm(label)}
    if not labels:
        return 0
    truth_set = set(truth_texts)
    truth_words = [Counter(t.split()) for t in truth_texts]
    by_gram: dict[tuple[str, ...], set[int]] = {}
    for i, text in enumerate(truth_texts):
        for gram in _grams(text.split()):
            by_gram.setdefault(gram, set()).add(i)
    body = [p for p in document.paragraphs if p.figure is None and p.kind != "figure"]
    texts = [p.text for p in body if p.text]
    texts += [" ".join(c for r in p.rows for c in r) for p in body if p.rows and not p.text]
    texts += [f.text for f in document.footnotes] + [s.title for s in document.sections]
    leaks = 0
    for text in texts:
        text = norm(text)
        if text in truth_set:
            continue
        words = text.split()
        near: set[int] = set()
        if len(words) >= 4:
            for gram in _grams(words):
                near |= by_gram.get(gram, set())
        explained: Counter[str] = Counter()
        for i in near:
            explained += truth_words[i]
        surplus = Counter(words) - explained
        for label in labels:
            parts = label.split()
            if len(parts) == 1:
                leaks += surplus[label]
            elif all(surplus[p] for p in parts) and label in text:
                leaks += 1
    return leaks


def _box_found(box: dict, document: Document) -> bool:
    for frame in document.frames:
        if norm(frame.title) == norm(box["title"]):
            texts = [norm(p.text) for p in document.paragraphs if p.frame == frame.id]
            if texts == [norm(t) for t in box["paragraphs"]]:
                return True
    return False


def truths(set_name: str = "dev") -> list[Path]:
    """The truth files of one set, in a stable order (engine, then columns)."""
    folder = Path(__file__).parent / "fixtures" / "matrix" / set_name
    return sorted(folder.glob("*.truth.json"))


def pdf_of(truth_path: Path) -> Path:
    return truth_path.with_name(truth_path.name.replace(".truth.json", ".pdf"))

