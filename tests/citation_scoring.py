"""Recall and precision of found citations against a hand-checked list, per kind.

Reusable on any text source: the corpus test feeds it pypdf text; the converter's output
(paragraph and footnote texts) can be scored the same way with `score_document`.

An expected list is a YAML file ``{source: <pdf>, citations: {<kind>: [<key>, ...]}}``, with
an optional ``furniture`` section (same shape) naming the keys that occur only in running
headers/footers.
Scoring compares the *set* of (kind, key) pairs of one document: a key cited ten times counts
once. Totals over several documents add up true positives, false positives and misses
(micro-averaged). A kind with nothing expected has recall 1.0; one with nothing found has
precision 1.0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from converter.model import CitationMatch

Pair = tuple[str, str]


@dataclass(frozen=True)
class KindScore:
    kind: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    missed: tuple[str, ...] = field(default=(), compare=False)
    spurious: tuple[str, ...] = field(default=(), compare=False)

    @property
    def expected(self) -> int:
        return self.true_positives + self.false_negatives

    @property
    def found(self) -> int:
        return self.true_positives + self.false_positives

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.true_positives / self.found if self.found else 1.0

    def __add__(self, other: KindScore) -> KindScore:
        return KindScore(
            self.kind,
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
            self.missed + other.missed,
            self.spurious + other.spurious,
        )


def _pairs_of(section: Mapping[str, Iterable[str]] | None) -> set[Pair]:
    return {(kind, str(key)) for kind, keys in (section or {}).items() for key in (keys or ())}


def load_expected(path: Path, *, furniture: bool = True) -> set[Pair]:
    """The (kind, key) pairs of a hand-checked YAML list.

    Keys listed under ``furniture`` occur only in running headers/footers; pass
    ``furniture=False`` when scoring converter output, which drops page furniture.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    expected = _pairs_of(data.get("citations"))
    return expected if furniture else expected - _pairs_of(data.get("furniture"))


def pairs(found: Iterable[CitationMatch | Pair]) -> set[Pair]:
    """(kind, key) pairs from matches or pairs."""
    out: set[Pair] = set()
    for item in found:
        out.add((item.kind, item.key) if isinstance(item, CitationMatch) else tuple(item))  # type: ignore[arg-type]
    return out


def score_document(
    expected: Iterable[Pair], found: Iterable[CitationMatch | Pair], label: str = ""
) -> dict[str, KindScore]:
    """Per-kind score of one document; `label` prefixes the keys listed as missed/spurious."""
    exp, got = set(expected), pairs(found)
    prefix = f"{label}: " if label else ""
    scores: dict[str, KindScore] = {}
    for kind in sorted({k for k, _ in exp | got}):
        e = {key for k, key in exp if k == kind}
        g = {key for k, key in got if k == kind}
        scores[kind] = KindScore(
            kind,
            len(e & g),
            len(g - e),
            len(e - g),
            tuple(prefix + k for k in sorted(e - g)),
            tuple(prefix + k for k in sorted(g - e)),
        )
    return scores


def combine(per_document: Iterable[Mapping[str, KindScore]]) -> dict[str, KindScore]:
    """Micro-averaged totals per kind."""
    total: dict[str, KindScore] = {}
    for scores in per_document:
        for kind, score in scores.items():
            total[kind] = total[kind] + score if kind in total else score
    return dict(sorted(total.items()))


def format_table(scores: Mapping[str, KindScore], title: str = "") -> str:
    """A plain-text table: kind, expected, found, true positives, recall, precision."""
    lines = [title] if title else []
    lines.append(f"{'kind':<14}{'expected':>9}{'found':>7}{'tp':>5}{'recall':>9}{'precision':>11}")
    for kind, s in scores.items():
        lines.append(
            f"{kind:<14}{s.expected:>9}{s.found:>7}{s.true_positives:>5}"
            f"{s.recall:>9.1%}{s.precision:>11.1%}"
        )
    for s in scores.values():
        lines.extend(f"  missed   {s.kind}: {m}" for m in s.missed)
        lines.extend(f"  spurious {s.kind}: {m}" for m in s.spurious)
    return "\n".join(lines)
