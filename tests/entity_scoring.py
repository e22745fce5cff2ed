"""Precision and recall of the registers' entities against hand-checked lists.

An expected list is a YAML file per PDF in ``tests/expected/entities/``::

    source: <pdf file name>
    set: development | hold-out
    entities:   {<kind>: [<name> | [<name>, <other acceptable name>, ...], ...]}
    optional:   {<kind>: [...]}     # real, right when found, but not required
    wrong:      [{kind: …, name: …, why: …}, ...]   # seen in the finder's output, wrong

`entities` holds every law, bill, EU act, programme and public body the text names by a
name of its own; `optional` holds real organisations a register need not list (companies,
universities, the chambers of parliament, a body named only by an unexplained acronym).

A found entity is judged by its kind and name (case, spacing, quote and dash forms aside):

* right: it is one of `entities` or `optional` of that kind, and the first entry found for it;
* wrong: anything else, among them a second entry for the same thing ("duplicate"), a known
  name under another kind, and a name the list does not know ("unjudged": counted wrong, and
  reported so that someone judges it and adds it to the list).

Precision is right / found; recall is the `entities` found / all `entities`. Both are given
for the registers as a reader sees them (entries the finder is sure of) and for every entry
of the model (the unsure ones, which the registers list apart, included). Totals add up the
counts over files (micro-averaged).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

EXPECTED_DIR = Path(__file__).resolve().parent / "expected" / "entities"
KINDS = ("law", "eu_act", "programme", "organisation")
SETS = ("development", "hold-out")


class FoundEntity(Protocol):
    kind: str
    name: str


def comparable(name: str) -> str:
    """A name as compared: case-folded, quotes and dashes of one form, one space apart."""
    name = name.replace("’", "'").replace("‘", "'").replace("´", "'")
    name = re.sub(r"[‐‑‒–—]", "-", name)
    return re.sub(r"\s+", " ", name).strip().casefold()


@dataclass(frozen=True)
class Expected:
    source: str
    set: str
    required: Mapping[str, tuple[tuple[str, ...], ...]]  # kind -> entries, each its names
    optional: Mapping[str, tuple[tuple[str, ...], ...]]
    wrong: Mapping[tuple[str, str], str]  # (kind, comparable name) -> why

    @property
    def required_count(self) -> int:
        return sum(len(v) for v in self.required.values())


def _entries(raw: Any, where: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    if not raw:
        return {}
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}: expected a mapping of kind -> names")
    out: dict[str, tuple[tuple[str, ...], ...]] = {}
    for kind, items in raw.items():
        if kind not in KINDS:
            raise ValueError(f"{where}: unknown kind {kind!r}")
        entries = []
        for item in items or ():
            names = (item,) if isinstance(item, str) else tuple(str(n) for n in item)
            if not names or not all(names):
                raise ValueError(f"{where}: empty name under {kind}")
            entries.append(names)
        out[kind] = tuple(entries)
    return out


def load_expected(path: Path) -> Expected:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if data.get("set") not in SETS:
        raise ValueError(f"{path}: set must be one of {', '.join(SETS)}")
    wrong: dict[tuple[str, str], str] = {}
    for item in data.get("wrong") or ():
        if item.get("kind") not in KINDS or not item.get("name") or not item.get("why"):
            raise ValueError(f"{path}: a wrong entry needs kind, name and why: {item!r}")
        wrong[(item["kind"], comparable(item["name"]))] = str(item["why"])
    expected = Expected(str(data["source"]), str(data["set"]),
                        _entries(data.get("entities"), f"{path}: entities"),
                        _entries(data.get("optional"), f"{path}: optional"), wrong)
    seen: dict[tuple[str, str], str] = {}
    for part in (expected.required, expected.optional):
        for kind, entries in part.items():
            for names in entries:
                for name in names:
                    key = (kind, comparable(name))
                    if (key in seen and seen[key] != names[0]) or key in wrong:
                        raise ValueError(f"{path}: {name!r} ({kind}) is listed twice")
                    seen[key] = names[0]
    return expected


def expected_lists(directory: Path = EXPECTED_DIR) -> dict[str, Expected]:
    """Source PDF name -> its hand-checked list."""
    lists = [load_expected(p) for p in sorted(directory.glob("*.yaml"))]
    return {e.source: e for e in lists}


@dataclass(frozen=True)
class Verdict:
    kind: str
    name: str
    right: bool
    why: str = ""  # for a wrong one: the list's reason, "duplicate", "unjudged", …
    sure: bool = True


@dataclass(frozen=True)
class Counts:
    found: int = 0
    right: int = 0
    required: int = 0
    required_found: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.required_found / self.required if self.required else 1.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.found + other.found, self.right + other.right,
                      self.required + other.required, self.required_found + other.required_found)


@dataclass(frozen=True)
class FileScore:
    source: str
    set: str
    registers: Counts  # the entries the finder is sure of: what the registers list as sure
    model: Counts  # every entry of the model, the unsure ones included
    verdicts: tuple[Verdict, ...] = ()
    missed: tuple[str, ...] = field(default=())  # required entities the registers lack

    @property
    def unsure(self) -> int:
        return sum(1 for v in self.verdicts if not v.sure)


def _judge(found: Iterable[tuple[str, str, bool]], expected: Expected
           ) -> tuple[list[Verdict], set[tuple[str, str]], set[tuple[str, str]]]:
    """Verdicts in order; which required entries were found (sure ones, and at all)."""
    index: dict[tuple[str, str], tuple[str, str, bool]] = {}  # -> (kind, first name, required)
    for required, part in ((True, expected.required), (False, expected.optional)):
        for kind, entries in part.items():
            for names in entries:
                for name in names:
                    index[(kind, comparable(name))] = (kind, names[0], required)
    other_kind = {comparable(n): k for (k, n) in index}
    verdicts: list[Verdict] = []
    taken: set[tuple[str, str]] = set()
    sure_found: set[tuple[str, str]] = set()
    any_found: set[tuple[str, str]] = set()
    # sure entries first: a duplicate is the second entry, and an unsure twin of a sure
    # entry is the duplicate
    for kind, name, sure in sorted(found, key=lambda f: not f[2]):
        key = (kind, comparable(name))
        hit = index.get(key)
        if hit is not None:
            entry = (hit[0], hit[1])
            if entry in taken:
                verdicts.append(Verdict(kind, name, False, f"duplicate of {hit[1]}", sure))
                continue
            taken.add(entry)
            verdicts.append(Verdict(kind, name, True, "" if hit[2] else "optional", sure))
            if hit[2]:
                any_found.add(entry)
                if sure:
                    sure_found.add(entry)
        elif key in expected.wrong:
            verdicts.append(Verdict(kind, name, False, expected.wrong[key], sure))
        elif key[1] in other_kind:
            verdicts.append(Verdict(kind, name, False, f"is a {other_kind[key[1]]}", sure))
        else:
            verdicts.append(Verdict(kind, name, False, "unjudged", sure))
    return verdicts, sure_found, any_found


def score_entities(found: Iterable[tuple[str, str, bool]], expected: Expected) -> FileScore:
    """Score (kind, name, sure) triples, one per register entry, against a list."""
    verdicts, sure_found, any_found = _judge(found, expected)
    required = expected.required_count
    registers = Counts(sum(1 for v in verdicts if v.sure),
                       sum(1 for v in verdicts if v.sure and v.right), required, len(sure_found))
    model = Counts(len(verdicts), sum(1 for v in verdicts if v.right), required, len(any_found))
    missed = tuple(sorted(
        f"{kind}: {names[0]}" for kind, entries in expected.required.items() for names in entries
        if (kind, names[0]) not in sure_found))
    return FileScore(expected.source, expected.set, registers, model, tuple(verdicts), missed)


def score_document(document: Any, expected: Expected) -> FileScore:
    """Score a converted `Document`'s entities (an entity without a `sure` flag is sure)."""
    return score_entities(((e.kind, e.name, bool(getattr(e, "sure", True)))
                           for e in document.entities), expected)


def totals(scores: Iterable[FileScore]) -> tuple[Counts, Counts]:
    """(registers, model) counts added up over files."""
    registers, model = Counts(), Counts()
    for s in scores:
        registers, model = registers + s.registers, model + s.model
    return registers, model
