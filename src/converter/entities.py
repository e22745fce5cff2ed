"""Named acts, EU acts, programmes and organisations: a curated gazetteer plus name patterns.

`load_gazetteer()` reads ``data/entities.yaml``; `find_entities(text, gazetteer)` returns
`model.EntityMatch` spans, sorted and free of overlaps (the longest match wins; on a tie the
gazetteer beats a pattern).

Matching rules
--------------
* Names and ``aliases`` match as whole words, case-insensitively, across line breaks.
* ``abbreviations`` and ``exact_aliases`` match as whole words and case-sensitively: "COA" but
  not "coalitie", "IND" but not "index".
* An abbreviation in parentheses right after words that are not its expansion is someone else's
  abbreviation ("initial public offering (IPO)" is not the Interprovinciaal Overleg).
* Patterns find acts and programmes the data file does not know: "Wet <naam> [jaar]",
  capitalised "-wet" compounds ("Participatiewet", "Huisvestingswet 2014"), "Tijdelijke wet …",
  "wetsvoorstel <Naam>", quoted names after programma/agenda/actieplan/taskforce, "Taskforce …",
  "Actieplan …" and capitalised "…agenda" compounds. A found name the gazetteer knows (by name
  or alias) becomes that gazetteer entity.
* An EU act cited by number ("Richtlijn 2013/33/EU") becomes the gazetteer entity with that
  CELEX number, when there is one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from converter import anchors
from converter.model import CitationMatch, EntityMatch
from converter.patterns import prefix_scan
from converter.references import find_citations, normalize_for_matching

__all__ = [
    "ENTITY_KINDS",
    "Gazetteer",
    "GazetteerEntry",
    "find_entities",
    "followed_differently",
    "harmonise_names",
    "load_gazetteer",
    "slugify",
]

ENTITY_KINDS = ("law", "eu_act", "programme", "organisation")
_EMPTY: Mapping[str, str] = MappingProxyType({})

# Priorities on equal length: lower wins.
_PRIORITY_GAZETTEER = 0
_PRIORITY_CELEX = 1
_PRIORITY_PATTERN = 2

# --- the gazetteer ----------------------------------------------------------------------------


def slugify(text: str) -> str:
    """'Wet inburgering 2021' -> 'wet-inburgering-2021': the whole name, accents dropped."""
    return anchors.slugify(text, max_words=None)


def _norm_name(text: str) -> str:
    """Key for name look-ups: case-folded, one space between words, curly quotes straightened."""
    text = normalize_for_matching(text).replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One act, programme or organisation of the curated list."""

    kind: str
    id: str
    name: str
    url: str = ""
    aliases: tuple[str, ...] = ()  # case-insensitive
    exact_aliases: tuple[str, ...] = ()  # case-sensitive
    abbreviations: tuple[str, ...] = ()  # case-sensitive
    bwb: str = ""
    celex: str = ""
    checked: bool = False

    @property
    def all_aliases(self) -> tuple[str, ...]:
        """Every other name, in data-file order, without repeats."""
        seen: dict[str, None] = {}
        for alias in (*self.aliases, *self.exact_aliases, *self.abbreviations):
            if alias != self.name:
                seen.setdefault(alias)
        return tuple(seen)


def _phrase_pattern(phrase: str) -> str:
    """Regex for a phrase: words separated by any whitespace, a line break allowed after '-'."""
    words = [re.escape(w).replace(r"\-", r"-(?:[ \t]*\r?\n[ \t]*)?") for w in phrase.split()]
    return r"\s+".join(words)


def _alternation(phrases: Iterable[str]) -> str:
    return "|".join(_phrase_pattern(p) for p in phrases)


_WORD_RE = re.compile(r"\w+")


class _PhraseFinder:
    """Every occurrence of any of many phrases, whole words only, longest phrase first.

    Gives what one big ``(?<!\\w)(?:a|b|…)(?!\\w)`` would, faster: Python's re tries every
    alternative at every position, so the phrases are grouped by their first word and only
    the group of the word a position starts is tried there (compiled on first use). Phrases
    that do not start with a word character go the slow way, all together.
    """

    def __init__(self, phrases: Iterable[str], ignore_case: bool) -> None:
        self._flags = re.IGNORECASE if ignore_case else 0
        self._fold = str.lower if ignore_case else str
        ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
        self._groups: dict[str, list[str]] = {}
        self._compiled: dict[str, re.Pattern[str]] = {}
        self._slow: re.Pattern[str] | None = None
        for phrase in ordered:
            first = _WORD_RE.match(phrase)
            if first is None:  # rare: then the slow way gives the exact same results
                self._slow = self._compile(ordered, lookbehind=True)
                return
            self._groups.setdefault(self._fold(first.group()), []).append(phrase)

    def _compile(self, phrases: list[str], lookbehind: bool = False) -> re.Pattern[str]:
        return _compiled_phrases(tuple(phrases), self._flags, lookbehind)

    def compile_all(self) -> None:
        """Compile every group now (a worker does, while it would otherwise wait)."""
        if self._slow is not None:
            return
        for key, phrases in self._groups.items():
            if key not in self._compiled:
                self._compiled[key] = self._compile(phrases)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self._slow is not None:
            yield from self._slow.finditer(text)
            return
        groups, compiled, fold = self._groups, self._compiled, self._fold
        end = 0
        for word in _WORD_RE.finditer(text):  # a word's start has no word character before it
            start = word.start()
            key = fold(word.group())
            if start < end or key not in groups:
                continue
            pattern = compiled.get(key)
            if pattern is None:
                pattern = compiled[key] = self._compile(groups[key])
            m = pattern.match(text, start)
            if m is not None:
                end = m.end()
                yield m


@lru_cache(maxsize=4096)
def _compiled_phrases(phrases: tuple[str, ...], flags: int, lookbehind: bool) -> re.Pattern[str]:
    """One group's pattern, shared by every gazetteer that has the group: a report's own
    abbreviations make a new gazetteer, whose groups are nearly all the same as before."""
    before = r"(?<![\w])" if lookbehind else ""
    return re.compile(before + "(?:" + _alternation(phrases) + r")(?![\w])", flags)


@dataclass(frozen=True)
class Gazetteer:
    """The curated entries, with look-ups and compiled matchers built on first use."""

    entries: tuple[GazetteerEntry, ...]

    def __post_init__(self) -> None:
        ids = [e.id for e in self.entries]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate gazetteer ids: {', '.join(duplicates)}")
        bad = sorted({e.kind for e in self.entries} - set(ENTITY_KINDS))
        if bad:
            raise ValueError(f"unknown entity kinds: {', '.join(bad)}")

    @cached_property
    def _by_id(self) -> dict[str, GazetteerEntry]:
        return {e.id: e for e in self.entries}

    @cached_property
    def _by_celex(self) -> dict[str, GazetteerEntry]:
        out: dict[str, GazetteerEntry] = {}
        for e in self.entries:
            if e.celex:
                out.setdefault(e.celex, e)
        return out

    @cached_property
    def _by_name(self) -> dict[str, GazetteerEntry]:
        """Normalised name, alias or abbreviation -> entry (the first entry wins)."""
        out: dict[str, GazetteerEntry] = {}
        for e in self.entries:
            for n in (e.name, *e.aliases, *e.exact_aliases):
                out.setdefault(_norm_name(n), e)
        for e in self.entries:
            for n in e.abbreviations:
                out.setdefault(_norm_name(n), e)
        return out

    @cached_property
    def _insensitive(self) -> tuple[_PhraseFinder | None, dict[str, GazetteerEntry]]:
        table: dict[str, GazetteerEntry] = {}
        for e in self.entries:
            for n in (e.name, *e.aliases):
                table.setdefault(_norm_name(n), e)
        if not table:
            return None, table
        phrases = [n for e in self.entries for n in (e.name, *e.aliases)]
        return _PhraseFinder(phrases, ignore_case=True), table

    @cached_property
    def _sensitive(self) -> tuple[_PhraseFinder | None, dict[str, GazetteerEntry]]:
        table: dict[str, GazetteerEntry] = {}
        for e in self.entries:
            for n in (*e.exact_aliases, *e.abbreviations):
                table.setdefault(re.sub(r"\s+", " ", normalize_for_matching(n)), e)
        if not table:
            return None, table
        return _PhraseFinder(table, ignore_case=False), table

    def compile_patterns(self) -> None:
        """Compile every name pattern now instead of on first use."""
        for finder, _ in (self._insensitive, self._sensitive):
            if finder is not None:
                finder.compile_all()

    def get(self, entity_id: str) -> GazetteerEntry | None:
        return self._by_id.get(entity_id)

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The entry with this name, alias or abbreviation (case-insensitive), if any."""
        return self._by_name.get(_norm_name(name))

    def by_celex(self, celex: str) -> GazetteerEntry | None:
        return self._by_celex.get(celex)

    def with_abbreviations(self, extra: Mapping[str, str]) -> Gazetteer:
        """A copy in which the report's own abbreviations are aliases of what they expand to.

        An abbreviation whose expansion names an entry (by name or alias) is added to that
        entry's abbreviations. One whose expansion the patterns recognise as an act or programme
        becomes a new entry. Either way the report's meaning wins: the abbreviation is removed
        from any other entry that had it.
        """
        if not extra:
            return self
        return _with_abbreviations(self, tuple(sorted(extra.items())))

    def _scan(self, text: str) -> Iterator[tuple[int, int, GazetteerEntry, bool]]:
        """(start, end, entry, via_abbreviation) for every name occurrence in normalised text."""
        pattern, table = self._insensitive
        if pattern is not None:
            for m in pattern.finditer(text):
                entry = table.get(_norm_name(m.group(0)))
                if entry is not None:
                    yield m.start(), m.end(), entry, False
        pattern, exact = self._sensitive
        if pattern is not None:
            for m in pattern.finditer(text):
                entry = exact.get(re.sub(r"\s+", " ", m.group(0)))
                if entry is not None:
                    abbreviation = m.group(0) not in entry.exact_aliases
                    yield m.start(), m.end(), entry, abbreviation


@lru_cache(maxsize=32)
def _with_abbreviations(gazetteer: Gazetteer, extra: tuple[tuple[str, str], ...]) -> Gazetteer:
    entries = list(gazetteer.entries)
    for abbr, expansion in extra:
        abbr = abbr.strip()
        if not abbr:
            continue
        target = gazetteer.lookup(expansion)
        new_entry: GazetteerEntry | None = None
        if target is None:
            found = _pattern_candidates(normalize_for_matching(expansion.strip()), gazetteer)
            whole = [c for c in found if c.start == 0 and c.end == len(expansion.strip())]
            if whole:
                c = whole[0]
                new_entry = GazetteerEntry(c.kind, c.id, c.name, abbreviations=(abbr,))
        for i, e in enumerate(entries):
            if abbr in e.abbreviations and (target is None or e.id != target.id):
                entries[i] = replace(
                    e, abbreviations=tuple(a for a in e.abbreviations if a != abbr)
                )
        if target is not None:
            i = next(i for i, e in enumerate(entries) if e.id == target.id)
            if abbr not in entries[i].abbreviations and abbr != entries[i].name:
                entries[i] = replace(entries[i], abbreviations=(*entries[i].abbreviations, abbr))
        elif new_entry is not None:
            existing = next((i for i, e in enumerate(entries) if e.id == new_entry.id), None)
            if existing is None:
                entries.append(new_entry)
            elif abbr not in entries[existing].abbreviations:
                e = entries[existing]
                entries[existing] = replace(e, abbreviations=(*e.abbreviations, abbr))
    return Gazetteer(tuple(entries))


def _entry_from_yaml(kind: str, raw: Mapping[str, Any]) -> GazetteerEntry:
    def strings(key: str) -> tuple[str, ...]:
        value = raw.get(key) or ()
        if isinstance(value, str):
            value = (value,)
        return tuple(str(v) for v in value)

    if "id" not in raw or "name" not in raw:
        raise ValueError(f"gazetteer entry without id or name: {dict(raw)!r}")
    return GazetteerEntry(
        kind=kind,
        id=str(raw["id"]),
        name=str(raw["name"]),
        url=str(raw.get("url") or ""),
        aliases=strings("aliases"),
        exact_aliases=strings("exact_aliases"),
        abbreviations=strings("abbreviations"),
        bwb=str(raw.get("bwb") or ""),
        celex=str(raw.get("celex") or ""),
        checked=bool(raw.get("checked", False)),
    )


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Read the gazetteer (default: the packaged ``data/entities.yaml``, read once).

    The default is kept because it is immutable and parsing it costs ~0.2 s, which worker
    processes forked after the first load then do not pay again.
    """
    if path is None:
        return _packaged_gazetteer()
    return _parse_gazetteer(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _packaged_gazetteer() -> Gazetteer:
    return _parse_gazetteer(
        resources.files("converter").joinpath("data/entities.yaml").read_text("utf-8"))


def _parse_gazetteer(text: str) -> Gazetteer:
    # libyaml's loader when present: the pure-Python one takes ~0.3 s for this file
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    if not isinstance(data, Mapping):
        raise ValueError("the gazetteer must be a mapping of kind -> entries")
    entries = [_entry_from_yaml(kind, raw) for kind, items in data.items() for raw in (items or ())]
    return Gazetteer(tuple(entries))


# --- name patterns ----------------------------------------------------------------------------

# Words that end a name found by a pattern: verbs, pronouns, conjunctions, adverbs.
_STOP = frozenset(
    """
    is zijn was waren wordt worden werd werden geeft gaf geven heeft had hebben biedt bood
    bieden regelt regelen bepaalt bepaalde bepalen voorziet voorzag verplicht verplichtte
    treedt trad kent stelt stelde maakt maakte vormt gaat ging staat stond moet moeten moest
    kan kunnen kon zal zullen zou zouden mag mogen blijft bleef bevat beoogt beoogde vereist
    schrijft verbiedt legt laat liet houdt brengt omvat introduceert wijzigt wijzigde
    verandert betreft ziet geldt gold gelden luidt ligt lag krijgt kreeg leidt leidde vraagt
    vroeg noemt noemde die dat dit deze welke wat wie waarin waarbij waardoor waarmee
    waarvan waarop waarna om als maar omdat zodat of dan ook nog al niet wel reeds inmiddels
    daarom echter namelijk immers hierna zoals sinds per vanaf bij na door aan uit over
    onder tegen te er hier daar zij hij het de een van in met naar nu thans momenteel verder
    nader mede expliciet wettelijk uitdrukkelijk voorgesteld voorgestelde ingediend
    aangenomen genoemd genoemde bedoeld bedoelde januari februari maart april mei juni juli
    augustus september oktober november december
    """.split()
)
_CONNECTORS = frozenset({"op", "inzake", "en", "het", "de", "voor"})
_AFTER_OP = frozenset({"het", "de"})
_DETERMINERS = frozenset({"de", "het", "een"})
_SENTENCE_WORDS = frozenset(
    "De Het Een Deze Die Dit Dat Onze Welke Elke Iedere Andere Zulke Ook Met In Op Van Voor".split()
)

_TOKEN_RE = re.compile(r"[ \t]*(?:\r?\n[ \t]*)?(?P<tok>[^\s]+)")
_LOWER_WORD_RE = re.compile(r"[a-zà-ÿ][a-zà-ÿ0-9]*(?:-[a-zà-ÿ0-9]+)*")
_CAP_WORD_RE = re.compile(r"[A-ZÀ-Þ][a-zà-ÿ0-9]+(?:-[A-Za-zà-ÿ0-9]+)*")
_ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9&]+(?:-[A-Z0-9]+)*|[A-Z][a-z]+[A-Z][A-Za-z]*")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_TRAILING = ",.;:!?)»”’'\"]"
_QUOTES = "'‘’´`\"“”‚„«»"

_WET_RE = re.compile(r"(?<![\w-])Wet(?=[ \t]|\r?\n)")
_COMPOUND_WET_RE = re.compile(
    r"(?<![\w-])(?P<n>[A-Z][a-zà-ÿ]{2,}(?:-[a-zà-ÿ]+)*wet)(?![\w-])"
    r"(?:[ \t]+(?P<y>(?:19|20)\d\d)(?![\w]))?"
)
_ADJ_WET_RE = re.compile(r"(?<![\w-])(?:Tijdelijke|Algemene)[ \t]+wet(?=[ \t]|\r?\n)")
_BILL_RE = re.compile(r"(?<![\w-])(?:[Ww]etsvoorstel|[Vv]oorstel[ \t]+van[ \t]+wet)(?=[ \t]|\r?\n)")
_QUOTED_RE = re.compile(
    r"(?<![\w])(?P<kw>[Pp]rogramma|[Aa]genda|[Aa]ctieplan|[Tt]askforce|[Aa]anpak|[Ss]trategie)"
    r"[ \t]*(?:\r?\n[ \t]*)?(?P<open>["
    + _QUOTES
    + r"])(?P<name>[A-Za-zÀ-ÿ0-9][^"
    + _QUOTES
    + r"\n]{1,80}?)(?P<close>["
    + _QUOTES
    + r"])(?![\w])"
)
_TRIGGER_RE = re.compile(r"(?<![\w-])(?P<kw>Taskforce|Actieplan|Aanjaagteam)(?=[ \t]|\r?\n)")
# re's fast literal-prefix search, past the leading lookbehind (see `patterns`)
_WET_SCAN = prefix_scan(_WET_RE)
_COMPOUND_WET_SCAN = prefix_scan(_COMPOUND_WET_RE)
_ADJ_WET_SCAN = prefix_scan(_ADJ_WET_RE)
_BILL_SCAN = prefix_scan(_BILL_RE)
_TRIGGER_SCAN = prefix_scan(_TRIGGER_RE)
_AGENDA_RE = re.compile(
    r"(?<![\w-])(?P<mods>(?:(?!(?:Deze|Onze|Andere|Elke|Iedere|Welke|Zulke|Nieuwe|Eerste|Tweede)"
    r"[ \t])[A-Z][a-zà-ÿ]{3,}e[ \t]+)*)(?P<pre>[A-Z][a-zà-ÿ]*-[ \t]+en[ \t]+)?"
    r"(?P<head>[A-Z][a-zà-ÿ]+agenda)(?![\w-])(?:[ \t]+(?P<acr>[A-Z]{2,6})(?![\w]))?"
)


#: An inflected adjective ("Tijdelijke", "Nationale", "Europese") needs a noun after it, so a
#: name found by a pattern never ends in one: "wetsvoorstel Tijdelijke" is a name cut short.
_ADJECTIVE_END_RE = re.compile(
    r"(?:lijke|ische|ele|iele|ale|ieve|ige|bare|ese|ene)$", re.IGNORECASE)
#: A finite verb (stem + t: "kijkt", "werkt", "zet") after a trigger word: "De Taskforce
#: kijkt naar …" names no taskforce.
_FINITE_VERB_RE = re.compile(r"[a-zà-ÿ]+t$")


def _ends_like_a_name(name: str) -> bool:
    last = name.split()[-1] if name.split() else ""
    return not _ADJECTIVE_END_RE.search(last.rstrip(_TRAILING))


def _same_case_run(words: list[str]) -> list[str]:
    """A name that goes on in capitals ("Taskforce Versnelling Tijdelijke Huisvesting") ends
    before its first lower-case word that is not a connector ("… en Veiligheid")."""
    if not words or not words[0][:1].isupper():
        return words
    for i, word in enumerate(words):
        if word[:1].islower() and word not in _CONNECTORS:
            kept = words[:i]
            while kept and kept[-1] in _CONNECTORS:
                kept.pop()
            return kept
    return words


def _capitalised_next(text: str, pos: int) -> bool:
    """The word after `pos` is capitalised: an acronym before it is the head of the next row
    of a list ("… huisvesting UWV Uitvoeringsinstituut …"), not the end of this name
    ("Taskforce … bestrijding COVID-19 kijken")."""
    m = _TOKEN_RE.match(text, pos)
    return bool(m) and m.group("tok")[:1].isupper()


def _shares_initial(acronym: str, name: str) -> bool:
    """An acronym after a name belongs to it when it starts as the name does ("Nationale
    Woon- en Bouwagenda NWBA"), not when it is the next entry of a list ("… Bouwagenda PIP")."""
    return bool(name) and acronym[:1].upper() == name[:1].upper()


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    priority: int
    kind: str
    id: str
    name: str
    url: str = ""
    sure: bool = True


def _is_sentence_start(text: str, pos: int) -> bool:
    """True when only sentence punctuation, a bullet or nothing precedes `pos`."""
    before = text[max(0, pos - 200) : pos].rstrip()
    if not before:
        return pos <= 200
    return before[-1] in ".!?:;•-–" or text[max(0, pos - 200) : pos].endswith(("\n\n", "\n \n"))


def _scan_name(text: str, pos: int, *, max_words: int, capitals: bool,
               initial: str = "") -> tuple[list[str], int]:
    """Words of a name starting at `pos`, and where the name ends.

    Takes lower-case words, acronyms ("COVID-19", "BRP", "MoMi"), the connectors "op", "inzake",
    "voor", "de"/"het" after "op"/"inzake" and "en" before another content word; a year ends the
    name. Capitalised words are taken only when `capitals` is set. With `initial` (the name's
    first letter), an acronym after other words is taken only when it starts with it.
    """
    words: list[str] = []
    ends: list[int] = []
    at = pos
    while len(words) < max_words:
        m = _TOKEN_RE.match(text, at)
        if not m:
            break
        raw = m.group("tok")
        word = raw.rstrip(_TRAILING)
        cut = len(word) < len(raw)
        if not word or word[0] in "(" + _QUOTES:
            break
        accept = False
        low = word.lower()
        if _YEAR_RE.fullmatch(word):
            if words:
                words.append(word)
                ends.append(m.start("tok") + len(word))
            break
        if low in _CONNECTORS and word == low:
            prev = words[-1].lower() if words else ""
            if low == "en":
                nxt = _TOKEN_RE.match(text, m.end())
                nxt_word = nxt.group("tok").rstrip(_TRAILING) if nxt else ""
                accept = (
                    bool(words)
                    and not cut
                    and bool(_LOWER_WORD_RE.fullmatch(nxt_word))
                    and nxt_word not in _DETERMINERS
                    and nxt_word not in _STOP
                )
            elif low in _AFTER_OP:
                accept = prev in ("op", "inzake", "voor")
            else:
                accept = not cut
        elif _LOWER_WORD_RE.fullmatch(word):
            accept = low not in _STOP
        elif _ACRONYM_RE.fullmatch(word):
            accept = (not (initial and words) or _shares_initial(word, initial)
                      or cut or not _capitalised_next(text, m.end()))
        elif _CAP_WORD_RE.fullmatch(word):
            accept = capitals and word not in _SENTENCE_WORDS
        if not accept:
            break
        words.append(word)
        ends.append(m.start("tok") + len(word))
        at = m.start("tok") + len(word)
        if cut or any(ch.isdigit() for ch in word):
            break  # "… COVID-19", "… covid-19" end a name like a year does
    while words and words[-1].lower() in _CONNECTORS | {"van", "tot"}:
        words.pop()
        ends.pop()
    return words, (ends[-1] if ends else pos)


def _law_candidate(start: int, end: int, name: str, bill: bool = False) -> _Candidate:
    entity_id = ("wetsvoorstel-" if bill else "") + slugify(name)
    shown = f"Wetsvoorstel {name}" if bill else name
    return _Candidate(start, end, _PRIORITY_PATTERN, "law", entity_id, shown)


def _wet_candidates(text: str) -> Iterator[_Candidate]:
    for m in _WET_SCAN(text):
        words, end = _scan_name(text, m.end(), max_words=8, capitals=False)
        content = [w for w in words if w.lower() not in _CONNECTORS]
        if not content or words[0].lower() in ("en", "de", "het"):
            continue
        if _is_sentence_start(text, m.start()) and not any(
            _YEAR_RE.fullmatch(w) or _ACRONYM_RE.fullmatch(w) for w in words
        ):
            continue
        yield _law_candidate(m.start(), end, "Wet " + " ".join(words))
    for m in _COMPOUND_WET_SCAN(text):
        name = m.group("n") + (f" {m.group('y')}" if m.group("y") else "")
        yield _law_candidate(m.start(), m.end(), name)
    for m in _ADJ_WET_SCAN(text):
        words, end = _scan_name(text, m.end(), max_words=8, capitals=False)
        if words:
            head = re.sub(r"\s+", " ", m.group(0))
            yield _law_candidate(m.start(), end, f"{head} {' '.join(words)}")


def _is_law_name(name: str) -> bool:
    return any(c.start == 0 and c.end == len(name) for c in _wet_candidates(name))


def _bill_candidates(text: str, gazetteer: Gazetteer) -> Iterator[_Candidate]:
    for m in _BILL_SCAN(text):
        first = _TOKEN_RE.match(text, m.end())
        if not first:
            continue
        word = first.group("tok").rstrip(_TRAILING)
        if not (_CAP_WORD_RE.fullmatch(word) or _ACRONYM_RE.fullmatch(word)):
            continue
        if word in _SENTENCE_WORDS:
            continue
        start_name = first.start("tok")
        if len(word) < len(first.group("tok")):
            words, end = [word], start_name + len(word)
        else:
            rest, end = _scan_name(text, start_name + len(word), max_words=9, capitals=False)
            words = [word, *rest]
            end = end if rest else start_name + len(word)
        name = " ".join(words)
        if _is_law_name(name) or gazetteer.lookup(name):
            continue  # "wetsvoorstel Tijdelijke wet …": the act itself is found by name
        yield _law_candidate(m.start(), end, name, bill=True)


def _programme_candidate(start: int, end: int, name: str) -> _Candidate:
    name = re.sub(r"\s+", " ", name).strip()
    return _Candidate(start, end, _PRIORITY_PATTERN, "programme", slugify(name), name)


def _programme_candidates(text: str) -> Iterator[_Candidate]:
    for m in _QUOTED_RE.finditer(text):
        name = m.group("name").strip()
        if len(name.split()) > 12 or name[-1] in ",;:":
            continue
        yield _programme_candidate(m.start(), m.end(), name)
    for m in _TRIGGER_SCAN(text):
        words, end = _scan_name(text, m.end(), max_words=6, capitals=True,
                                initial=m.group("kw"))
        kept = _same_case_run(words)
        if len(kept) < len(words):  # "Taskforce Gedragswetenschappen adviseren": a verb
            words, end = _scan_name(text, m.end(), max_words=len(kept), capitals=True,
                                    initial=m.group("kw"))
        if not words or (len(words) == 1 and _FINITE_VERB_RE.fullmatch(words[0])):
            continue
        yield _programme_candidate(m.start(), end, f"{m.group('kw')} {' '.join(words)}")
    for m in _AGENDA_RE.finditer(text):
        parts = m.group("mods").split()
        if m.group("pre"):
            parts.append(re.sub(r"\s+", " ", m.group("pre").strip()))
        parts.append(m.group("head"))
        end = m.end()
        if m.group("acr"):
            if _shares_initial(m.group("acr"), parts[0]):
                parts.append(m.group("acr"))
            else:
                end = m.end("head")
        yield _programme_candidate(m.start(), end, " ".join(parts))


def _pattern_candidates(text: str, gazetteer: Gazetteer) -> list[_Candidate]:
    found = [
        *_wet_candidates(text),
        *_bill_candidates(text, gazetteer),
        *_programme_candidates(text),
    ]
    out: list[_Candidate] = []
    for c in found:
        if c.end <= c.start:
            continue
        c = _to_closing_quote(text, c)
        name = c.name[len("Wetsvoorstel ") :] if c.id.startswith("wetsvoorstel-") else c.name
        if not _ends_like_a_name(name):
            continue
        entry = gazetteer.lookup(name) or gazetteer.lookup(c.name)
        if entry is not None:
            c = replace(c, kind=entry.kind, id=entry.id, name=entry.name, url=entry.url)
        else:
            c = replace(c, sure=_bounded(text, c.start, c.end, name))
        out.append(c)
    return out


#: What may follow a name inside its quotes: a few words, abbreviations with dots ("i.v.m."),
#: no clause punctuation and no sentence end.
_QUOTED_REST_MAX_WORDS = 6
_NOT_IN_A_NAME_RE = re.compile(r"[,;:!?()\[\]]|(?<=\w\w)\.\s+[A-Z]")  # "i.v.m. C…" is none


def _to_closing_quote(text: str, c: _Candidate) -> _Candidate:
    """A name that opens a quotation runs to its closing quote: "‘Tijdelijke wet
    informatieverstrekking RIVM i.v.m. Covid-19’" is one name, though a pattern would stop at
    "i.v.m.". Only names that start where the pattern's match does (not bills)."""
    if c.id.startswith("wetsvoorstel-") or c.start == 0 or text[c.start - 1] not in _QUOTES:
        return c
    if text[c.start - 2 : c.start - 1].isalnum():
        return c  # an apostrophe inside a word, not an opening quote
    window = text[c.end : c.end + 80]
    close = next((i for i, ch in enumerate(window) if ch in _QUOTES
                  and not window[i + 1 : i + 2].isalpha()), None)
    if close is None or close == 0:
        return c
    rest = window[:close]
    if (len(rest.split()) > _QUOTED_REST_MAX_WORDS or "\n\n" in rest
            or _NOT_IN_A_NAME_RE.search(text, c.end, c.end + close) or rest[:1].isalnum()):
        return c
    end = c.end + len(rest.rstrip())
    name = " ".join(text[c.start : end].split())
    if c.kind == "law":
        return _law_candidate(c.start, end, name)
    return _programme_candidate(c.start, end, name)


#: Words a name in title case may hold in lower case ("Woon- en Bouwagenda").
_TITLE_CASE_CONNECTORS = _CONNECTORS | {"van", "der"}


def _bounded(text: str, start: int, end: int, name: str) -> bool:
    """Whether the text bounds a name found by a pattern, so that its end is no guess.

    It does for one word ("Kieswet"), a last word that cannot run on (a year, "COVID-19", an
    acronym), a name in title case after its first word ("Taskforce Gedragswetenschappen"),
    quotes around it, punctuation or the end of the text right after it, and an abbreviation
    defined right after it ("… verkiezingsproces (Wkuv)", "(hierna: Wi2021)"). A name that
    ends where the next word merely looks like no part of it (a verb, a preposition) is a
    guess: "Wet publieke gezondheid waar …" would have been one.
    """
    words = name.split()
    if len(words) <= 1:
        return True
    last = words[-1]
    if any(ch.isdigit() for ch in last) or _ACRONYM_RE.fullmatch(last):
        return True
    if all(w[:1].isupper() or w in _TITLE_CASE_CONNECTORS for w in words[1:]):
        return True
    if text[end - 1 : end] in _QUOTES:
        return True  # a quoted name, the closing quote included
    after = text[end : end + 40].lstrip()
    if not after or after[0] in _TRAILING or after[0] in _QUOTES:
        return True
    return bool(_DEFINED_AFTER_RE.match(after))


_DEFINED_AFTER_RE = re.compile(r"\(\s*(?:hierna[:,]?\s*)?[" + _QUOTES + r"]?[A-Z]")


# --- matching ---------------------------------------------------------------------------------


def _names_of(entry: GazetteerEntry) -> list[str]:
    return [entry.name, *entry.aliases, *entry.exact_aliases]


def _defined_otherwise(text: str, start: int, end: int, entry: GazetteerEntry) -> bool:
    """True for '(IPO)' right after words that are not this entry's name or an alias."""
    if not (start > 0 and text[start - 1] == "(" and end < len(text) and text[end] == ")"):
        return False
    before = _norm_name(text[max(0, start - 120) : start - 1])
    if not before:
        return False
    return not any(before.endswith(_norm_name(n)) for n in _names_of(entry))


def _gazetteer_candidates(text: str, gazetteer: Gazetteer) -> Iterator[_Candidate]:
    for start, end, entry, via_abbreviation in gazetteer._scan(text):
        if via_abbreviation and _defined_otherwise(text, start, end, entry):
            continue
        yield _Candidate(
            start, end, _PRIORITY_GAZETTEER, entry.kind, entry.id, entry.name, entry.url
        )


def _celex_candidates(citations: Iterable[CitationMatch], gazetteer: Gazetteer
                      ) -> Iterator[_Candidate]:
    for c in citations:
        if c.kind != "eu_act":
            continue
        entry = gazetteer.by_celex(c.key)
        if entry is not None:
            yield _Candidate(
                c.start, c.end, _PRIORITY_CELEX, entry.kind, entry.id, entry.name, entry.url
            )


def _select(candidates: Iterable[_Candidate], text: str) -> list[_Candidate]:
    """Longest first, the gazetteer before a pattern on a tie; no overlaps."""
    taken: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (-(c.end - c.start), c.priority, c.start, c.id)):
        if any(c.start < t.end and t.start < c.end for t in taken):
            continue
        taken.append(c)
    taken.sort(key=lambda c: (c.start, c.end))
    out: list[_Candidate] = []
    for c in taken:
        # "Terugkeerrichtlijn (2008/115/EG)" is one mention, not two.
        if (
            out
            and c.priority == _PRIORITY_CELEX
            and out[-1].id == c.id
            and re.fullmatch(r"\s*\(?\s*", text[out[-1].end : c.start])
        ):
            continue
        out.append(c)
    return out


def _find(text: str, gazetteer: Gazetteer,
          citations: Sequence[CitationMatch] | None = None) -> list[_Candidate]:
    norm = normalize_for_matching(text)
    known = [
        *_gazetteer_candidates(norm, gazetteer),
        *_celex_candidates(find_citations(norm) if citations is None else citations, gazetteer),
    ]
    starts = {c.start: c for c in known}
    patterns = [c for c in _pattern_candidates(norm, gazetteer)
                if not _runs_past_a_known_name(c, starts.get(c.start), gazetteer)]
    return _select([*known, *patterns], norm)


def _runs_past_a_known_name(c: _Candidate, known: _Candidate | None, gazetteer: Gazetteer
                            ) -> bool:
    """A pattern name that begins with a known name and runs on past it is the known name
    followed by other words ("Wet publieke gezondheid WP29", "… Bouwagenda PIP"): the known
    name is the mention. A longer name the gazetteer knows too stays."""
    return (known is not None and known.end < c.end and c.id != known.id
            and gazetteer.get(c.id) is None)


def find_entities(
    text: str, gazetteer: Gazetteer, extra_aliases: Mapping[str, str] = _EMPTY,
    citations: Sequence[CitationMatch] | None = None,
) -> list[EntityMatch]:
    """Acts, EU acts, programmes and organisations named in `text`; sorted, non-overlapping.

    `extra_aliases` maps the report's own abbreviations to their expansions
    ({"Wi2021": "Wet inburgering 2021"}); see `Gazetteer.with_abbreviations`. `citations` are
    `find_citations(text)` when the caller has them already (EU acts are named by number).
    """
    if not text:
        return []
    g = gazetteer.with_abbreviations(extra_aliases)
    found = [EntityMatch(c.kind, c.id, c.name, c.url, c.start, c.end, c.sure)
             for c in _find(text, g, citations)]
    return harmonise_names([(text, m) for m in found], g)


def may_find_otherwise(base: Gazetteer, other: Gazetteer) -> Callable[[str], bool]:
    """A test of texts: False only where `find_entities` finds the same with `other` as with
    `base` (True may be said of texts where it does find the same).

    A report's abbreviations make `other` from `base`, and the pipeline's workers search texts
    with `base` before the abbreviations are known. A text's matches take from the gazetteer
    only what its names, look-ups and ids reach: the phrases the finders search for, the
    entry a name looks up, whether an id is known. So a text is searched again when any of
    those that differ between the two could be reached from it:

    * a phrase one finder has and the other lacks, or whose entry differs, matches in it
      (tried with finders of those phrases alone, so exactly as a search would);
    * the words of a look-up key or of an id that differ all occur in it, or run together
      in it (every name looked up is made of the text's own words, in ASCII slug form).
    """
    if other.entries == base.entries:
        return lambda text: False  # abbreviations the gazetteer had already
    phrases: list[tuple[bool, set[str]]] = []
    keys: set[str] = set()
    for ignore_case in (True, False):
        mine, theirs = (_phrase_table(g, ignore_case) for g in (base, other))
        changed = {p for p in mine.keys() | theirs.keys()
                   if _what_a_match_takes(mine.get(p)) != _what_a_match_takes(theirs.get(p))}
        phrases.append((ignore_case, changed))
        keys.update(changed)
    keys.update(k for k in base._by_name.keys() | other._by_name.keys()
                if _what_a_match_takes(base._by_name.get(k))
                != _what_a_match_takes(other._by_name.get(k)))
    ids = {e.id for e in other.entries} ^ {e.id for e in base.entries}
    # each finder's changed phrases in one pattern: a search for any is all the test needs
    searches = [_compiled_phrases(tuple(sorted(changed)), re.IGNORECASE if ignore_case else 0,
                                  True).search
                for ignore_case, changed in phrases if changed]
    named = [anchors.slugify(form, max_words=None).split("-")
             for k in keys for form in (k, _norm_name(k))]
    known = [i.removeprefix("wetsvoorstel-").split("-") for i in ids]
    if not (searches or named or known):
        return lambda text: False  # the abbreviations change nothing a text could reach

    def reached(words: list[list[str]], slug: str) -> bool:
        present = set(slug.split("-"))
        joined = slug.replace("-", "")
        return any(w == ["x"] or set(w) <= present or "".join(w) in joined for w in words)

    def test(text: str) -> bool:
        norm = normalize_for_matching(text)
        if any(search(norm) for search in searches):
            return True
        return (reached(named, anchors.slugify(_norm_name(norm), max_words=None))
                or reached(known, anchors.slugify(norm, max_words=None)))

    return test


def _phrase_table(g: Gazetteer, ignore_case: bool) -> dict[str, GazetteerEntry | None]:
    """Every phrase a finder of `g` searches for, with the entry a match of it takes."""
    finder, table = g._insensitive if ignore_case else g._sensitive
    if finder is None:
        return {}
    if ignore_case:
        names = {n for e in g.entries for n in (e.name, *e.aliases)}
        return {n: table.get(_norm_name(n)) for n in names}
    return dict(table)


def _what_a_match_takes(entry: GazetteerEntry | None) -> tuple[str, ...] | None:
    """What a text's matches read from an entry: not its abbreviations, which the report's
    own change (those are phrases and keys of their own)."""
    if entry is None:
        return None
    return (entry.kind, entry.id, entry.name, entry.url, *entry.aliases, "|",
            *entry.exact_aliases)


def harmonise_names(
    found: list[tuple[str, EntityMatch]], gazetteer: Gazetteer
) -> list[EntityMatch]:
    """Shorten pattern-found names that run on past a shorter name found elsewhere.

    "wetsvoorstel Versterking regie op de volkshuisvesting wettelijk verankerd" becomes
    "… volkshuisvesting" when that shorter name is found too. Each item is (text the match
    indexes into, match); the result keeps the order of `found`.
    """
    pattern_names = {m.id: m.name for _, m in found if gazetteer.get(m.id) is None}
    by_kind: dict[str, list[str]] = {}
    for _, m in found:
        if m.id in pattern_names:
            by_kind.setdefault(m.kind, []).append(m.name)
    out: list[EntityMatch] = []
    for text, m in found:
        if m.id not in pattern_names:
            out.append(m)
            continue
        words = m.name.split()
        shorter = [
            n
            for n in set(by_kind.get(m.kind, ()))
            if len(n.split()) < len(words)
            and [w.casefold() for w in n.split()] == [w.casefold() for w in words[: len(n.split())]]
            # "Wet … 2015" is another act than "Wet …": a year or number is no run-on
            and not all(any(ch.isdigit() for ch in w) for w in words[len(n.split()) :])
        ]
        if not shorter:
            out.append(m)
            continue
        best = max(shorter, key=lambda n: len(n.split()))
        span = _span_of_prefix(text, m, best)
        if span is None:
            out.append(m)
            continue
        bill = m.id.startswith("wetsvoorstel-")
        new_id = (
            ("wetsvoorstel-" + slugify(best[len("Wetsvoorstel ") :])) if bill else slugify(best)
        )
        # the shorter name's end here comes from elsewhere: its own mentions vouch for it
        out.append(replace(m, id=new_id, name=best, end=span, sure=False))
    return out


def _span_of_prefix(text: str, m: EntityMatch, prefix_name: str) -> int | None:
    """End offset of `prefix_name`'s words when read from the start of match `m`."""
    words = prefix_name.split()
    if m.id.startswith("wetsvoorstel-") and words and words[0] == "Wetsvoorstel":
        words = words[1:]
        head = re.compile(r"(?:[Ww]etsvoorstel|[Vv]oorstel\s+van\s+wet)\s+")
    else:
        head = re.compile("")
    norm = normalize_for_matching(text)
    h = head.match(norm, m.start)
    if h is None:
        return None
    body = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    b = body.match(norm, h.end())
    return b.end() if b and b.end() <= m.end else None


def followed_differently(mentions: Iterable[tuple[str, EntityMatch]]) -> bool:
    """Whether a name is followed by different words in different places.

    A name a pattern cut short is cut before the same word wherever it stands ("Taskforce …
    bestrijding" before "COVID-19"); a name that runs on takes along what follows it, which
    differs. So a name seen before two different words ends where the text ends it. Each item
    is (text the match indexes into, match).
    """
    followers: set[str] = set()
    for text, m in mentions:
        token = _TOKEN_RE.match(text, m.end)
        followers.add(token.group("tok").casefold() if token else "")
        if len(followers) > 1:
            return True
    return False
