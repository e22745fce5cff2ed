"""Scores a converted document against a ground-truth file written by a fixture generator.

Used by the tests (thresholds) and by scripts/measure.py (figures for the README and notes).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from converter.model import Document

_QUOTES = str.maketrans({"‘": "'", "’": "'", "´": "'", "`": "'", "“": '"', "”": '"', "„": '"',
                         "–": "-", "—": "-"})


def norm(text: str) -> str:
    """Whitespace and quote normalisation, as the issue's 'word for word' allows."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Score:
    paragraphs: float  # share of true paragraphs found word for word
    start_pages: float  # share of found paragraphs with the right start page
    footnotes: float  # share of true footnotes with the right text
    attached: float  # share of true footnotes attached to the right paragraph
    headings: float  # share of true headings found at the right level
    furniture_leaks: int  # furniture strings found inside paragraph or footnote text
    missed: tuple[str, ...]  # a few true paragraphs not found, for diagnosis

    def as_row(self) -> str:
        return (f"paragraphs {self.paragraphs:6.1%}  start page {self.start_pages:6.1%}  "
                f"footnotes {self.footnotes:6.1%}  attached {self.attached:6.1%}  "
                f"headings {self.headings:6.1%}  furniture leaks {self.furniture_leaks}")


def load_truth(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def score(document: Document, truth: dict) -> Score:
    found = {}
    for paragraph in document.paragraphs:
        found.setdefault(norm(paragraph.text), paragraph)
    for paragraph in document.paragraphs:  # a caption the model holds with its table
        captions = (paragraph.table.caption if paragraph.table else "",
                    paragraph.figure.caption if paragraph.figure else "")
        for caption in captions:
            if caption:
                found.setdefault(norm(caption), paragraph)
    true_paragraphs = truth["paragraphs"]
    hits = [(t, found.get(norm(t["text"]))) for t in true_paragraphs]
    matched = [(t, p) for t, p in hits if p is not None]
    missed = tuple(t["text"][:100] for t, p in hits if p is None)[:8]

    notes = {f.number: f for f in document.footnotes}
    by_id = {p.id: p for p in document.paragraphs}
    headings_by_id = {s.id: s for s in document.sections}
    true_notes = truth["footnotes"]
    owner = {}
    for t in true_paragraphs:
        for number in t.get("footnotes", []):
            owner.setdefault(str(number), norm(t["text"]))
    right_text = attached = 0
    for t in true_notes:
        note = notes.get(str(t["number"]))
        if note is None or norm(note.text) != norm(t["text"]):
            continue
        right_text += 1
        holder = by_id.get(note.paragraph or "")
        expected = owner.get(str(t["number"]))
        if holder is not None and norm(holder.text) == expected:
            attached += 1
        elif note.paragraph in headings_by_id and expected is None:
            attached += 1  # a note on a heading: the truth has no paragraph for it

    sections = {(s.number, norm(s.title).lower(), s.level) for s in document.sections}
    true_headings = truth.get("headings", [])
    heading_hits = sum((h.get("number", ""), norm(h["title"]).lower(), h["level"]) in sections
                       for h in true_headings)

    # a paragraph that matches the truth word for word has no furniture in it by definition
    true_texts = {norm(t["text"]) for t in true_paragraphs} | {norm(t["text"]) for t in true_notes}
    texts = [p.text for p in document.paragraphs] + [f.text for f in document.footnotes]
    # cover and letterhead text is not body text either, but may name the title
    front = norm(" ".join(str(x) for x in [*truth.get("cover", []), *truth.get("letterhead", [])]))
    leaks = sum(1 for f in truth.get("furniture", []) for t in texts
                if len(f) > 8 and f in t and norm(t) not in true_texts and norm(t) not in front)

    def share(n: int, total: int) -> float:
        return n / total if total else 1.0

    return Score(
        paragraphs=share(len(matched), len(true_paragraphs)),
        start_pages=share(sum(p.page == t["page"] for t, p in matched), len(matched)),
        footnotes=share(right_text, len(true_notes)),
        attached=share(attached, len(true_notes)),
        headings=share(heading_hits, len(true_headings)),
        furniture_leaks=leaks,
        missed=missed,
    )
