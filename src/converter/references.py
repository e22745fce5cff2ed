"""Citation parsers: find references to official publications in a text.

`find_citations(text)` returns every citation it recognises as a `model.CitationMatch` with a
normalised key, a Dutch label and the official link. The forms and keys follow
``shared/reference/citations.md``.

Design notes
------------
* **Offsets.** Matching runs on a same-length copy of the text in which no-break and thin spaces
  become plain spaces and en/em dashes become ``-`` (`normalize_for_matching`), so every span
  indexes straight into the caller's text.
* **Line breaks.** Between the parts of a citation there may be spaces or at most one line
  break (``"32 847,\\nnr. 883"``), never a blank line.
* **Several numbers** (``nrs. 3000 en 3001``): one match per key. The first match spans the
  citation from its start up to and including the first number; every further match spans only
  its own number token. A pinpoint (``p. 7-8``, ``blz. 134``, ``e.v.``) extends the span of the
  last number and is kept in that match's label, never in the key.
* **Overlaps.** Every recogniser proposes candidate groups; the longest group wins and a group is
  kept or dropped as a whole, so the result is sorted and free of overlaps.
* **URLs that name a publication.** A link to ``zoek.officielebekendmakingen.nl/kst-…``, to
  EUR-Lex with a CELEX number, to an ECLI on rechtspraak.nl or to a Tweede Kamer document is
  reported under that publication's kind (key ``kst-…``, CELEX, ECLI, ``2022D…``); other links
  are kind ``url`` with the link itself as key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from converter.model import CitationMatch
from converter.patterns import prefix_scan

__all__ = [
    "OEB",
    "celex_url",
    "eu_act_label",
    "find_citations",
    "kamerstuk_sort_key",
    "natural_key",
    "normalize_for_matching",
]

OEB = "https://zoek.officielebekendmakingen.nl"
EURLEX_CELEX = "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:{}"
EURLEX_OJ = "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=OJ:{series}:{year}:{issue}:TOC"
RECHTSPRAAK = "https://uitspraken.rechtspraak.nl/details?id={}"
ECLI_SEARCH = "https://e-justice.europa.eu/ecli/{}"
TK_DOCUMENT = "https://www.tweedekamer.nl/kamerstukken/detail?id={}"

# --- normalisation ------------------------------------------------------------------------

_SPACES = "\u00a0\u2002\u2003\u2007\u2009\u200a\u202f\u200b\ufeff"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad"
_NORMALIZE = str.maketrans({**dict.fromkeys(_SPACES, " "), **dict.fromkeys(_DASHES, "-")})


def normalize_for_matching(text: str) -> str:
    """Same-length copy of `text`: exotic spaces become ' ', dashes become '-'."""
    return text.translate(_NORMALIZE)


# --- building blocks ------------------------------------------------------------------------

# Whitespace inside a citation: spaces, or at most one line break.
_SP = r"(?:[ \t]*\r?\n[ \t]*|[ \t]+)"  # at least one space or one line break
_OSP = r"(?:[ \t]*(?:\r?\n[ \t]*)?)"  # optional
_SESSION = r"(?:19|20)\d\d ?[-/] ?(?:(?:19|20)\d\d|\d\d)(?!\d)"
_ROMAN = r"(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})[A-C]?"


def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile `pattern` after expanding the placeholders used to keep the patterns readable.

    ``_s_`` = one space or line break (required), ``_o_`` = optional space or line break,
    ``_SESSION_`` = a parliamentary session, ``_ROMAN_`` = a Roman numeral of a budget chapter,
    ``_DOSSIER_`` = a dossier number with an optional part (groups ``d`` and ``part``).
    """
    for name, value in (
        ("_DOSSIER_", _DOSSIER),
        ("_SESSION_", _SESSION),
        ("_ROMAN_", _ROMAN),
        ("_NUM_", _NUM),
        ("_s_", _SP),
        ("_o_", _OSP),
    ):
        pattern = pattern.replace(name, value)
    return re.compile(pattern, flags)


# "32 847", "32847"; part: budget chapter "VII" / "A", or sub-dossier "-32" ("21 501-32").
_DOSSIER = (
    r"(?<![\d.,])(?P<d>\d{1,2} ?\d{3})(?![\d])"
    r"(?P<part>[ -](?:_ROMAN_|[A-L])(?![\w-])|-\d{1,3}(?![\d]))?"
)
# A number after "nr." (with an optional lower-case suffix) or an Eerste Kamer letter.
_NUM = r"(?:\d{1,5}[a-z]?|[A-Z]{1,2})(?![\w])"

_ANCHOR_RE = _rx(
    r"(?<![\w])(?:(?P<bijlage>Bijlage_s_bij_s_)?(?P<kst>Kamerstukken|Kamerstuk|Kst\.)"
    r"(?:_s_(?P<ch>I{1,2})(?![\w/]))?"
    r"|(?P<kamer>Tweede|Eerste)_s_Kamer(?:_s_der_s_Staten-Generaal)?"
    r"|(?P<tkek>TK|EK)(?![\w])"
    r"|(?=[Vv]ergaderjaar(?![\w])))"
)
_SESSION_AFTER_ANCHOR_RE = _rx(r",?_o_(?:[Vv]ergaderjaar_s_)?(?P<s>_SESSION_)")
_DOSSIER_RE = _rx(r",?_o__DOSSIER_")
_JOINT_RE = _rx(r"_o_(?:en|&|/)_o__DOSSIER_")
_NUMBERS_HEAD_RE = _rx(r",?_o_(?P<kw>[Nn]rs?\.?|[Nn]ummers?)_o_(?P<n>_NUM_)")
# A further number must not be the start of the next dossier ("en 32 824, nr. 379").
_NUMBERS_NEXT_RE = _rx(
    r"(?P<sep>_o_,|_s_(?:en|&|t/m)|_o_-)_o_(?:[Nn]r\.?_o_)?(?P<n>_NUM_)(?![ ]\d{3}(?!\d))"
)
_LETTER_RE = _rx(r",_o_(?P<n>[A-Z]{1,2})(?![\w])")
_PINPOINT_RE = _rx(
    r",?_o_(?:(?:(?:p|pp|blz|pag|par)\.|pagina'?s?|paragraaf|bijlage)_o_\d+"
    r"(?:_o_(?:-|en|t/m)_o_\d+)?(?:_o_e\.v\.)?|e\.v\.)"
)
_CONTINUATION_RE = _rx(r"_o_(?:;|,|&|en(?![\w]))_o_")
_BARE_RE = _rx(r"(?<![\w,.-])_DOSSIER_,?_o_(?P<kw>[Nn]rs?\.?)_o_(?=_NUM_)")
_DOSSIER_WORD_RE = _rx(
    r"(?<![\w])(?:[Kk]amerstuk)?[Dd]ossier(?:nummer|nr\.?)?_s_"
    r"(?P<d>\d{2} ?\d{3})(?![\d])(?P<part>[ -](?:_ROMAN_)(?![\w-])|-\d{1,3}(?![\d]))?"
)
_CONTEXT_RE = re.compile(r"Kamerstuk|[Vv]ergaderjaar|Kamerbrief|Kamer(?![\w])|Kst\.|\bTK\b")
_CONTEXT_WINDOW = 200

_HANDELINGEN_RE = _rx(
    r"(?<![\w])(?P<aanh>Aanhangsel_s_(?:(?:bij|van)_s_(?:de_s_)?)?)?Handelingen"
    r"(?:_s_(?P<ch>I{1,2}|TK|EK|Tweede_s_Kamer|Eerste_s_Kamer)(?![\w]))?,?_o_"
    r"(?:[Vv]ergaderjaar_s_)?(?P<s>_SESSION_),?_o_(?:[Nn]r\.?_o_)?(?P<nr>\d{1,4})(?![\d\w/])"
    r"(?:,?_o_(?:item|agendapunt)_o_(?P<item>\d{1,3})(?![\d]))?"
    r"(?P<pin>,?_o_(?:p|blz|pag)\._o_(?P<page>\d{1,5})(?:_o_-_o_\d{1,5})?)?"
)
_GAZETTE_RE = _rx(
    r"(?<![\w])(?P<kind>Stb|Staatsblad|Stcrt|Staatscourant|Trb|Tractatenblad)\.?,?_o_"
    r"(?P<y>(?:18|19|20)\d\d),?_o_(?:[Nn]r\.?_o_)?(?P<n>\d{1,6})(?![\d\w])"
)
_ECLI_RE = _rx(r"(?<![\w])ECLI:[A-Z]{2}:[A-Z0-9]{1,7}:\d{4}:[A-Z0-9.]{1,25}", re.IGNORECASE)
_TK_DOC_RE = _rx(r"(?<![\w])(?:19|20)\d\d[DZ]\d{5}(?![\w])")
_CELEX_TEXT_RE = _rx(r"(?<![\w])CELEX(?::|\s)?\s?(?P<c>3\d{4}[LRDF]\d{4})(?![\w])")
# Official ids written out: kst-32847-883, kst-36200-VII-14, stb-2021-38, ah-tk-20222023-1734.
_LITERAL_RE = _rx(
    r"(?<![\w/-])(?:"
    r"kst-(?P<kd>\d{3,6})(?P<kpart>-(?:_ROMAN_|[A-L]|\d{1,3}))?-(?P<kn>\d{1,5}[a-z]?|[A-Z]{1,2})"
    r"|(?P<gk>stb|stcrt|trb)-(?P<gy>(?:18|19|20)\d\d)-(?P<gn>\d{1,6})"
    r"|(?P<hpre>ah|h)-(?P<hc>tk|ek)-(?P<hs>(?:19|20)\d{6})-(?P<hn>\d{1,5})(?:-(?P<hi>\d{1,5}))?"
    r")(?![\w])"
)
_EU_RE = _rx(
    r"(?<![\w])(?P<word>"
    r"[Uu]itvoerings(?:besluit|verordening|richtlijn)|[Kk]aderbesluit"
    r"|[Gg]edelegeerde_s_(?:verordening|richtlijn)|[Gg]edelegeerd_s_besluit"
    r"|[Rr]ichtlijn|[Vv]erordening|[Bb]esluit"
    r"|(?:(?:Commission|Council)_s_)?(?:(?:Implementing|Delegated|Framework)_s_)?"
    r"(?:[Dd]irective|[Rr]egulation|[Dd]ecision)"
    r"|(?P<compound>[A-Z][\w-]*?(?:richtlijn|verordening)))_o_"
    r"(?P<marker>\((?:EU|EG|EEG|EC|EEC|Euratom)(?:, ?(?:EU|EG|EEG|Euratom))?\)_o_)?"
    r"(?P<nrkw>(?:[Nn]r|No)\.?_o_)?(?P<paren>\()?"
    r"(?P<a>\d{2,4})/(?P<b>\d{1,4})(?:/(?P<sfx>EU|EG|EEG|EC|EEC|Euratom|JBZ|GBVB|JHA|CFSP))?"
    r"(?![\w/])"
)
# "PbEU 2021, L 468/1", "PbEU 2010, L331", "PB L 180 van 29.6.2013, blz. 96", "OJ L 180, …"
_PBEU_RE = _rx(
    r"(?<![\w])(?:PbEU|PbEG|Pb\.?_o_(?:EU|EG)|PB|OJ)(?![\w])\.?,?_o_"
    r"(?:(?P<y>(?:19|20)\d\d),?_o_)?(?P<s>[LC])_o_(?P<no>\d{1,4})(?![\d])(?:/(?P<pg>\d{1,4}))?"
    r"(?:,?_o_(?:(?:van|of)_o_)?\d{1,2}\.\d{1,2}\.(?P<y2>(?:19|20)\d\d))?"
    r"(?:,?_o_(?:blz|p)\._o_(?P<pg2>\d{1,4}))?"
)
_URL_RE = re.compile(r"https?://[^\s<>\"'«»“”‘’´`]+", re.IGNORECASE)
_URL_TOKEN_RE = re.compile(r"[^\s<>\"'«»“”‘’´`]+")
_URL_TRAIL = ".,;:!?'\"»”’)]}"

# re's fast literal-prefix search, past the leading lookbehind (see `patterns`)
_BARE_SCAN = prefix_scan(_BARE_RE)
_GAZETTE_SCAN = prefix_scan(_GAZETTE_RE)
_ECLI_SCAN = prefix_scan(_ECLI_RE)
_TK_DOC_SCAN = prefix_scan(_TK_DOC_RE)
_CELEX_TEXT_SCAN = prefix_scan(_CELEX_TEXT_RE)
_PBEU_SCAN = prefix_scan(_PBEU_RE)

# --- small helpers -------------------------------------------------------------------------


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _group_thousands(number: str) -> str:
    return number if len(number) <= 3 else f"{number[:-3]} {number[-3:]}"


def _session(raw: str) -> tuple[int, int] | None:
    """'2021-2022', '2021/22', '2021 / 2022' -> (2021, 2022) when the years are consecutive."""
    m = re.fullmatch(r"((?:19|20)\d\d) ?[-/] ?(\d{2,4})", _squash(raw))
    if not m:
        return None
    first, second = int(m.group(1)), m.group(2)
    consecutive = int(second) == first + 1 if len(second) == 4 else int(second) == (first + 1) % 100
    return (first, first + 1) if consecutive and len(second) in (2, 4) else None


def _session_label(session: tuple[int, int]) -> str:
    return f"{session[0]}/{str(session[1])[2:]}"


def _session_key(session: tuple[int, int]) -> str:
    return f"{session[0]}{session[1]}"


def _oeb(key: str) -> str:
    return f"{OEB}/{key}.html"


def natural_key(s: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders digit runs numerically ('kst-2' before 'kst-10')."""
    return tuple((0, int(t)) if t.isdigit() else (1, t) for t in re.findall(r"\d+|\D+", s))


def kamerstuk_sort_key(key: str) -> tuple[object, ...]:
    """Dossier numerically, then the dossier part, then the number numerically (letters last)."""
    m = re.fullmatch(r"(?:kst|dossier)-(\d+)((?:-[^-]+)*?)(?:-(\d+)([a-z]?)|-([A-Z]{1,2}))?", key)
    if not m:
        return (1, natural_key(key))
    dossier, part, num, suffix, letter = m.groups()
    tail: tuple[object, ...] = (
        (0, int(num), suffix) if num else (1, letter or "", "") if letter else (-1, 0, "")
    )
    return (0, int(dossier), natural_key(part), tail)


@dataclass(frozen=True, slots=True)
class _Group:
    """Candidate matches that stand or fall together."""

    start: int
    end: int
    priority: int  # lower wins a tie on length
    matches: tuple[CitationMatch, ...]


# --- Kamerstukken -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Dossier:
    number: str  # digits
    part: str  # "VII", "32" (sub-dossier), "A" (budget chapter) or ""

    @property
    def key(self) -> str:
        return f"{self.number}-{self.part}" if self.part else self.number

    @property
    def label(self) -> str:
        base = _group_thousands(self.number)
        if not self.part:
            return base
        return f"{base}-{self.part}" if self.part.isdigit() else f"{base} {self.part}"


def _dossier_from(m: re.Match[str]) -> _Dossier:
    part = (m.group("part") or "").strip(" -")
    return _Dossier(_digits(m.group("d")), part)


def _kamerstuk_prefix(chamber: str, session: tuple[int, int] | None) -> str:
    if chamber and session:
        return f"Kamerstukken {chamber} {_session_label(session)}, "
    if session:
        return f"Kamerstukken {_session_label(session)}, "
    if chamber:
        return f"Kamerstukken {chamber}, "
    return "Kamerstuk "


def _kamerstuk_match(
    dossier: _Dossier,
    number: str,
    chamber: str,
    session: tuple[int, int] | None,
    start: int,
    end: int,
    pinpoint: str = "",
) -> CitationMatch:
    key = f"kst-{dossier.key}-{number}"
    shown = number if re.fullmatch(r"[A-Z]{1,2}", number) else f"nr. {number}"
    label = f"{_kamerstuk_prefix(chamber, session)}{dossier.label}, {shown}"
    if pinpoint:
        label += f", {pinpoint}"
    return CitationMatch("kamerstuk", key, label, _oeb(key), start, end)


def _dossier_match(
    dossier: _Dossier, chamber: str, session: tuple[int, int] | None, start: int, end: int
) -> CitationMatch:
    key = f"dossier-{dossier.key}"
    label = f"{_kamerstuk_prefix(chamber, session)}{dossier.label}"
    return CitationMatch("dossier", key, label, f"{OEB}/dossier/{dossier.key}", start, end)


def _expand_numbers(
    items: list[tuple[str, int, int, str]],
) -> list[tuple[str, int, int]]:
    """(number, start, end, separator) -> numbers, with short ranges ('nrs. 12-14') filled in."""
    out: list[tuple[str, int, int]] = []
    for i, (num, start, end, sep) in enumerate(items):
        if i and sep.strip() == "-" and num.isdigit() and out and out[-1][0].isdigit():
            first = int(out[-1][0])
            if 0 < int(num) - first <= 30:
                out.extend((str(n), start, end) for n in range(first + 1, int(num)))
        out.append((num, start, end))
    return out


def _parse_numbers(text: str, pos: int) -> tuple[list[tuple[str, int, int]], int] | None:
    """Parse 'nr. 883', 'nrs. 12, 13 en 15', 'nr. E' at `pos`; returns numbers and end."""
    head = _NUMBERS_HEAD_RE.match(text, pos)
    if not head:
        return None
    plural = head.group("kw").lower().startswith(("nrs", "nummers"))
    items = [(head.group("n"), head.start("n"), head.end("n"), "")]
    end = head.end()
    while nxt := _NUMBERS_NEXT_RE.match(text, end):
        if nxt.group("sep").strip() == "," and not plural:
            break
        items.append((nxt.group("n"), nxt.start("n"), nxt.end("n"), nxt.group("sep")))
        end = nxt.end()
    return _expand_numbers(items), end


def _parse_kamerstuk_body(
    text: str,
    pos: int,
    *,
    chamber: str,
    session: tuple[int, int] | None,
    start: int,
    allow_dossier: bool,
    allow_letter: bool,
    need_numbers: bool,
) -> tuple[list[CitationMatch], int] | None:
    """Dossier(s) and numbers from `pos`; the first match's span begins at `start`."""
    dm = _DOSSIER_RE.match(text, pos)
    if not dm:
        return None
    dossier = _dossier_from(dm)
    end = dm.end()
    while joint := _JOINT_RE.match(text, end):  # "26 643 en 32 761, nr. 920": first dossier
        if _NUMBERS_HEAD_RE.match(text, joint.end()) is None and not _JOINT_RE.match(
            text, joint.end()
        ):
            break
        end = joint.end()
    parsed = _parse_numbers(text, end)
    if parsed is None and dossier.part and re.fullmatch(r"[A-L]", dossier.part):
        # "36 333 A" without a number: the letter is an Eerste Kamer paper, not a chapter.
        if allow_letter:
            match = _kamerstuk_match(
                _Dossier(dossier.number, ""), dossier.part, chamber, session, start, dm.end()
            )
            return [match], dm.end()
        return None
    if parsed is None and allow_letter:
        letter = _LETTER_RE.match(text, end)
        if letter:
            parsed = ([(letter.group("n"), letter.start("n"), letter.end("n"))], letter.end())
    if parsed is None:
        if need_numbers or not allow_dossier:
            return None
        return [_dossier_match(dossier, chamber, session, start, dm.end())], dm.end()
    numbers, end = parsed
    pin = _PINPOINT_RE.match(text, end)
    pinpoint = ""
    if pin:
        pinpoint = _squash(pin.group(0).lstrip(",")).replace(" - ", "-")
        end = pin.end()
    matches: list[CitationMatch] = []
    for i, (num, n_start, n_end) in enumerate(numbers):
        last = i == len(numbers) - 1
        m_start = start if i == 0 else n_start
        m_end = end if last else n_end
        matches.append(
            _kamerstuk_match(
                dossier, num, chamber, session, m_start, m_end, pinpoint if last else ""
            )
        )
    return matches, end


def _kamerstuk_groups(text: str) -> Iterator[_Group]:
    for anchor in _ANCHOR_RE.finditer(text):
        kind_kst = anchor.group("kst") is not None
        chamber = anchor.group("ch") or ""
        if anchor.group("kamer"):
            chamber = "II" if anchor.group("kamer") == "Tweede" else "I"
        elif anchor.group("tkek"):
            chamber = "II" if anchor.group("tkek") == "TK" else "I"
        pos = anchor.end()
        session = None
        sm = _SESSION_AFTER_ANCHOR_RE.match(text, pos)
        if sm:
            session = _session(sm.group("s"))
            if session is None and not kind_kst:
                continue  # a misprinted session is only skipped after "Kamerstukken"
            pos = sm.end()
        elif not kind_kst:
            continue  # "Tweede Kamer" and "vergaderjaar" need a session to be a citation
        body = _parse_kamerstuk_body(
            text,
            pos,
            chamber=chamber,
            session=session,
            start=anchor.start(),
            allow_dossier=kind_kst,
            allow_letter=chamber != "II",
            need_numbers=False,
        )
        if body is None:
            continue
        matches, end = body
        matches_c, end = _continuations(text, end, chamber, session)
        all_matches = tuple(matches + matches_c)
        yield _Group(anchor.start(), end, 1, all_matches)
    for word in _DOSSIER_WORD_RE.finditer(text):
        # "dossier 31 945", "Kamerstukdossier 36 200-VII": the whole dossier, unless numbered
        body = _parse_kamerstuk_body(
            text,
            word.start("d"),
            chamber="",
            session=None,
            start=word.start(),
            allow_dossier=True,
            allow_letter=False,
            need_numbers=False,
        )
        if body is not None:
            matches, end = body
            yield _Group(word.start(), end, 2, tuple(matches))
    for bare in _BARE_SCAN(text):
        window = text[max(0, bare.start() - _CONTEXT_WINDOW) : bare.start()]
        if not _CONTEXT_RE.search(window):
            continue
        body = _parse_kamerstuk_body(
            text,
            bare.start(),
            chamber="",
            session=None,
            start=bare.start(),
            allow_dossier=False,
            allow_letter=False,
            need_numbers=True,
        )
        if body is None:
            continue
        matches, end = body
        matches_c, end = _continuations(text, end, "", None)
        yield _Group(bare.start(), end, 2, tuple(matches + matches_c))


def _continuations(
    text: str, pos: int, chamber: str, session: tuple[int, int] | None
) -> tuple[list[CitationMatch], int]:
    """Further citations after ';', ',' or 'en' that share the context of the first one."""
    out: list[CitationMatch] = []
    end = pos
    while sep := _CONTINUATION_RE.match(text, end):
        at = sep.end()
        ch, sess = chamber, session
        anchor = _ANCHOR_RE.match(text, at)
        if anchor and anchor.end() > at:
            if anchor.group("ch"):
                ch = anchor.group("ch")
            elif anchor.group("kamer"):
                ch = "II" if anchor.group("kamer") == "Tweede" else "I"
            at = anchor.end()
        sm = _SESSION_AFTER_ANCHOR_RE.match(text, at)
        if sm and _session(sm.group("s")):
            sess = _session(sm.group("s"))
            at = sm.end()
        body = _parse_kamerstuk_body(
            text,
            at,
            chamber=ch,
            session=sess,
            start=sep.end(),
            allow_dossier=False,
            allow_letter=ch != "II",
            need_numbers=True,
        )
        if body is None:
            break
        matches, end = body
        out.extend(matches)
    return out, end


# --- other official publications -------------------------------------------------------------


def _handelingen_groups(text: str) -> Iterator[_Group]:
    for m in _HANDELINGEN_RE.finditer(text):
        session = _session(m.group("s"))
        if session is None:
            continue
        raw_ch = _squash(m.group("ch") or "")
        chamber = "ek" if raw_ch in ("I", "EK", "Eerste Kamer") else "tk"
        roman = "I" if chamber == "ek" else "II"
        nr = m.group("nr")
        sess_key, sess_label = _session_key(session), _session_label(session)
        if m.group("aanh"):
            key = f"ah-{chamber}-{sess_key}-{nr}"
            label = f"Aanhangsel Handelingen {roman} {sess_label}, nr. {nr}"
            yield _Group(
                m.start(),
                m.end(),
                1,
                (CitationMatch("aanhangsel", key, label, _oeb(key), m.start(), m.end()),),
            )
            continue
        item, page = m.group("item"), m.group("page")
        label = f"Handelingen {roman} {sess_label}, nr. {nr}"
        if item:
            key = f"h-{chamber}-{sess_key}-{nr}-{item}"
            label += f", item {item}"
            if page:
                label += f", p. {page}"
        elif page and session[0] < 2011:
            key = f"h-{chamber}-{sess_key}-{nr}-{page}"
            label += f", p. {page}"
        else:
            key = f"h-{chamber}-{sess_key}-{nr}"
            if page:
                label += f", p. {page}"
        yield _Group(
            m.start(),
            m.end(),
            1,
            (CitationMatch("handelingen", key, label, _oeb(key), m.start(), m.end()),),
        )


_GAZETTES = {
    "stb": ("staatsblad", "Stb."),
    "staatsblad": ("staatsblad", "Stb."),
    "stcrt": ("staatscourant", "Stcrt."),
    "staatscourant": ("staatscourant", "Stcrt."),
    "trb": ("tractatenblad", "Trb."),
    "tractatenblad": ("tractatenblad", "Trb."),
}
_GAZETTE_PREFIX = {"staatsblad": "stb", "staatscourant": "stcrt", "tractatenblad": "trb"}


def _gazette_match(kind: str, year: str, number: str, start: int, end: int) -> CitationMatch:
    short = {"staatsblad": "Stb.", "staatscourant": "Stcrt.", "tractatenblad": "Trb."}[kind]
    key = f"{_GAZETTE_PREFIX[kind]}-{year}-{int(number)}"
    return CitationMatch(kind, key, f"{short} {year}, {int(number)}", _oeb(key), start, end)


def _gazette_groups(text: str) -> Iterator[_Group]:
    for m in _GAZETTE_SCAN(text):
        kind = _GAZETTES[m.group("kind").lower()][0]
        yield _Group(
            m.start(),
            m.end(),
            1,
            (_gazette_match(kind, m.group("y"), m.group("n"), m.start(), m.end()),),
        )


def _ecli_match(raw: str, start: int) -> CitationMatch:
    ecli = raw.upper().rstrip(".")
    country = ecli.split(":")[1]
    url = (RECHTSPRAAK if country == "NL" else ECLI_SEARCH).format(ecli)
    return CitationMatch("ecli", ecli, ecli, url, start, start + len(ecli))


def _ecli_groups(text: str) -> Iterator[_Group]:
    for m in _ECLI_SCAN(text):
        match = _ecli_match(m.group(0), m.start())
        yield _Group(match.start, match.end, 1, (match,))


def _tk_document_match(doc_id: str, start: int, end: int) -> CitationMatch:
    what = "TK-document" if doc_id[4] == "D" else "TK-zaak"
    return CitationMatch(
        "tk_document", doc_id, f"{what} {doc_id}", TK_DOCUMENT.format(doc_id), start, end
    )


def _tk_document_groups(text: str) -> Iterator[_Group]:
    for m in _TK_DOC_SCAN(text):
        yield _Group(m.start(), m.end(), 3, (_tk_document_match(m.group(0), m.start(), m.end()),))


def _literal_match(m: re.Match[str]) -> CitationMatch | None:
    """An official id written out: 'kst-35538-4', 'stb-2021-38', 'ah-tk-20222023-1734'."""
    start, end = m.start(), m.end()
    if m.group("kd"):
        part = (m.group("kpart") or "").lstrip("-")
        return _kamerstuk_match(_Dossier(m.group("kd"), part), m.group("kn"), "", None, start, end)
    if m.group("gk"):
        kind = _GAZETTES[m.group("gk")][0]
        return _gazette_match(kind, m.group("gy"), m.group("gn"), start, end)
    session = (int(m.group("hs")[:4]), int(m.group("hs")[4:]))
    if session[1] != session[0] + 1:
        return None
    chamber, nr, item = m.group("hc"), m.group("hn"), m.group("hi")
    roman = "I" if chamber == "ek" else "II"
    if m.group("hpre") == "ah":
        if item:
            return None
        key = f"ah-{chamber}-{_session_key(session)}-{nr}"
        label = f"Aanhangsel Handelingen {roman} {_session_label(session)}, nr. {nr}"
        return CitationMatch("aanhangsel", key, label, _oeb(key), start, end)
    key = f"h-{chamber}-{_session_key(session)}-{nr}" + (f"-{item}" if item else "")
    label = f"Handelingen {roman} {_session_label(session)}, nr. {nr}"
    if item:
        label += f", item {item}" if session[0] >= 2011 else f", p. {item}"
    return CitationMatch("handelingen", key, label, _oeb(key), start, end)


def _literal_groups(text: str) -> Iterator[_Group]:
    for m in _LITERAL_RE.finditer(text):
        match = _literal_match(m)
        if match:
            yield _Group(match.start, match.end, 2, (match,))


# --- EU law --------------------------------------------------------------------------------

_EU_TYPE_WORDS = {
    "L": "Richtlijn",
    "R": "Verordening",
    "D": "Besluit",
    "F": "Kaderbesluit",
}
_EU_SPECIFIC = {
    "uitvoeringsbesluit": ("D", "Uitvoeringsbesluit"),
    "uitvoeringsverordening": ("R", "Uitvoeringsverordening"),
    "uitvoeringsrichtlijn": ("L", "Uitvoeringsrichtlijn"),
    "kaderbesluit": ("F", "Kaderbesluit"),
    "gedelegeerde verordening": ("R", "Gedelegeerde verordening"),
    "gedelegeerde richtlijn": ("L", "Gedelegeerde richtlijn"),
    "gedelegeerd besluit": ("D", "Gedelegeerd besluit"),
    "implementing decision": ("D", "Uitvoeringsbesluit"),
    "implementing regulation": ("R", "Uitvoeringsverordening"),
    "implementing directive": ("L", "Uitvoeringsrichtlijn"),
    "delegated regulation": ("R", "Gedelegeerde verordening"),
    "delegated directive": ("L", "Gedelegeerde richtlijn"),
    "delegated decision": ("D", "Gedelegeerd besluit"),
    "framework decision": ("F", "Kaderbesluit"),
}


def _plausible_year(s: str) -> int | None:
    """EU act years: four digits, or two digits for 1950-1998 (four digits since 1999)."""
    if len(s) == 4 and 1950 <= int(s) <= 2099:
        return int(s)
    if len(s) == 2 and int(s) >= 50:
        return 1900 + int(s)
    return None


def _eu_type(word: str) -> tuple[str, str] | None:
    w = _squash(word).lower()
    w = re.sub(r"^(?:commission|council) ", "", w)
    if w in _EU_SPECIFIC:
        return _EU_SPECIFIC[w]
    if w.endswith(("richtlijn", "directive")):
        return "L", "Richtlijn"
    if w.endswith(("verordening", "regulation")):
        return "R", "Verordening"
    if w.endswith(("besluit", "decision")):
        return "D", "Besluit"
    return None


def _eu_suffix(year: int) -> str:
    return "EU" if year >= 2010 else "EG" if year >= 1993 else "EEG"


def _short_year(year: int) -> str:
    return str(year)[2:] if year < 1999 else str(year)


def celex_url(celex: str) -> str:
    return EURLEX_CELEX.format(celex)


def eu_act_label(celex: str, word: str = "", number_first: bool = False) -> str:
    """Dutch citation of an EU act: '32013L0033' -> 'Richtlijn 2013/33/EU'."""
    m = re.fullmatch(r"3(\d{4})([LRDF])(\d{4})", celex)
    if not m:
        return celex
    year, typ, number = int(m.group(1)), m.group(2), int(m.group(3))
    word = word or _EU_TYPE_WORDS[typ]
    if year >= 2015:
        return f"{word} (EU) {year}/{number}"
    sfx = _eu_suffix(year)
    if typ == "R":
        return f"{word} ({sfx}) nr. {number}/{_short_year(year)}"
    if number_first:
        return f"{word} nr. {number}/{_short_year(year)}/{sfx}"
    return f"{word} {_short_year(year)}/{number}/{sfx}"


def parse_eu_act(m: re.Match[str]) -> tuple[str, str] | None:
    """CELEX number and Dutch label of an `_EU_RE` match, or None when it is not an EU act."""
    word = m.group("word")
    typ = _eu_type(word)
    if typ is None:
        return None
    letter, dutch_word = typ
    marker, sfx, nrkw = m.group("marker"), m.group("sfx"), m.group("nrkw")
    a, b = m.group("a"), m.group("b")
    compound = m.group("compound") is not None
    # Without "(EU)" or "/EG" only a capitalised Richtlijn/Verordening/Directive/Regulation is
    # taken: "besluit 12/2020" of a municipality is not an EU act.
    if not (marker or sfx or compound) and (not word[0].isupper() or letter in ("D", "F")):
        return None
    ya, yb = _plausible_year(a), _plausible_year(b)
    number_first = False
    if letter == "L":
        year, number = ya, b
    elif letter == "R":
        if nrkw and yb and not (ya and ya >= 2015 and len(a) == 4):
            year, number, number_first = yb, a, True
        elif (ya and len(a) == 4) or (ya and not yb):
            year, number = ya, b
        else:
            year, number, number_first = yb, a, True
    elif ya and not (nrkw and yb):
        year, number = ya, b
    else:
        year, number, number_first = yb, a, True
    if year is None or not number.isdigit() or not 0 < int(number) <= 9999:
        return None
    celex = f"3{year}{letter}{int(number):04d}"
    keep_word = dutch_word if not compound else _EU_TYPE_WORDS[letter]
    return celex, eu_act_label(celex, keep_word, number_first and letter != "R")


def _eu_groups(text: str) -> Iterator[_Group]:
    for m in _EU_RE.finditer(text):
        parsed = parse_eu_act(m)
        if parsed is None:
            continue
        celex, label = parsed
        start, end = m.start(), m.end()
        if m.group("compound"):
            # "Terugkeerrichtlijn (2008/115/EG)": the name is an entity; cite the number.
            start = m.start("a")
        elif m.group("paren") and end < len(text) and text[end] == ")":
            end += 1
        match = CitationMatch("eu_act", celex, label, celex_url(celex), start, end)
        yield _Group(start, end, 1, (match,))
    for m in _CELEX_TEXT_SCAN(text):
        celex = m.group("c")
        match = CitationMatch(
            "eu_act", celex, eu_act_label(celex), celex_url(celex), m.start(), m.end()
        )
        yield _Group(m.start(), m.end(), 1, (match,))


def _pbeu_groups(text: str) -> Iterator[_Group]:
    for m in _PBEU_SCAN(text):
        year = m.group("y") or m.group("y2")
        if not year:
            continue
        series, issue = m.group("s"), str(int(m.group("no")))
        page = m.group("pg") or m.group("pg2")
        key = f"pbeu-{year}-{series}-{issue}" + (f"-{int(page)}" if page else "")
        label = f"PbEU {year}, {series} {issue}" + (f"/{int(page)}" if page else "")
        url = EURLEX_OJ.format(series=series, year=year, issue=issue)
        yield _Group(
            m.start(), m.end(), 1, (CitationMatch("pbeu", key, label, url, m.start(), m.end()),)
        )


# --- URLs ----------------------------------------------------------------------------------


def _trim_url(url: str) -> str:
    while url and url[-1] in _URL_TRAIL:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _extend_url(text: str, end: int, url: str) -> tuple[str, int]:
    """Join a URL the typesetter broke over two lines (or the converter joined with a space).

    * A URL that ends in '-' continues with the next token; the hyphen is part of the URL,
      except before '_', where only the typesetter can have put it.
    * Otherwise the URL continues only with a token that can be nothing but a path: it starts
      with a letter or '%', contains '%' or two '/', and is at least 8 characters long. A space
      in the gap then stood for a space in the URL and is written '%20', unless the URL ends in
      '/' or '%20' or the continuation starts with '%'.
    A token that starts a new URL ('http…', 'www.') never continues the previous one.
    """
    while True:
        gap = re.match(r"[ \t]*(\r?\n)?[ \t]*", text[end:])
        assert gap is not None
        after = end + gap.end()
        token_m = _URL_TOKEN_RE.match(text, after)
        if not token_m or after == end:
            return url, end
        token = token_m.group(0)
        trimmed = _trim_url(token)
        if not trimmed or re.match(r"(?i)https?:|www\.", trimmed):
            return url, end
        if url.endswith("-") and re.match(r"[\w%]", trimmed):
            if trimmed.startswith("_"):
                url = url[:-1]
        elif (
            re.match(r"[A-Za-z%]", trimmed)
            and ("%" in trimmed or trimmed.count("/") >= 2)
            and len(trimmed) >= 8
        ):
            spaced = " " in gap.group(0) or "\t" in gap.group(0)
            if spaced and not url.endswith(("/", "%20")) and not trimmed.startswith("%"):
                url += "%20"
        else:
            return url, end
        url += trimmed
        end = after + len(trimmed)
        if len(trimmed) < len(token):
            return url, end


def _classify_url(url: str, start: int, end: int) -> CitationMatch:
    """A link to an official publication is reported under that publication's kind."""
    low = url.lower()
    if "officielebekendmakingen.nl" in low or "repository.overheid.nl" in low:
        name = re.search(
            r"/((?:kst|stb|stcrt|trb|ah-tk|ah-ek|h-tk|h-ek)-[\w-]+?)(?:\.html|\.pdf|/|$)", url
        )
        if name:
            lit = _LITERAL_RE.fullmatch(name.group(1))
            if lit and (match := _literal_match(lit)):
                return CitationMatch(match.kind, match.key, match.label, match.url, start, end)
        dossier = re.search(
            r"/dossier/(\d{4,6})(?:-([IVXL]+[A-C]?|[A-L]|\d{1,3}))?(?:$|[/?#])", url
        )
        if dossier:
            d = _Dossier(dossier.group(1), dossier.group(2) or "")
            return _dossier_match(d, "", None, start, end)
    if "eur-lex.europa.eu" in low:
        celex = re.search(r"CELEX(?::|%3A)(3\d{4}[LRDF]\d{4})(?![\w])", url, re.IGNORECASE)
        if celex:
            c = celex.group(1).upper()
            return CitationMatch("eu_act", c, eu_act_label(c), celex_url(c), start, end)
    ecli = _ECLI_RE.search(url)
    if ecli and ("rechtspraak.nl" in low or "e-justice" in low):
        m = _ecli_match(ecli.group(0), start)
        return CitationMatch("ecli", m.key, m.label, m.url, start, end)
    if "tweedekamer.nl" in low:
        doc = re.search(r"[?&]did=((?:19|20)\d\d[DZ]\d{5})", url) or re.search(
            r"[?&]id=((?:19|20)\d\d[DZ]\d{5})", url
        )
        if doc:
            m = _tk_document_match(doc.group(1), start, end)
            return m
    return CitationMatch("url", url, url, url, start, end)


def _url_groups(text: str) -> Iterator[_Group]:
    for m in _URL_RE.finditer(text):
        url = _trim_url(m.group(0))
        if len(url) <= len(m.group(0).split("//", 1)[0]) + 3:
            continue
        end = m.start() + len(url)
        if len(url) == len(m.group(0)):
            url, end = _extend_url(text, end, url)
        yield _Group(m.start(), end, 0, (_classify_url(url, m.start(), end),))


# --- public API ----------------------------------------------------------------------------

_RECOGNISERS: tuple[Callable[[str], Iterator[_Group]], ...] = (
    _kamerstuk_groups,
    _handelingen_groups,
    _gazette_groups,
    _ecli_groups,
    _tk_document_groups,
    _literal_groups,
    _eu_groups,
    _pbeu_groups,
    _url_groups,
)


def _select(groups: list[_Group]) -> list[CitationMatch]:
    """Longest group first; a group that overlaps one already taken is dropped whole."""
    taken: list[_Group] = []
    for g in sorted(groups, key=lambda g: (-(g.end - g.start), g.priority, g.start)):
        if g.end <= g.start:
            continue
        if any(g.start < t.end and t.start < g.end for t in taken):
            continue
        taken.append(g)
    matches = [m for g in taken for m in g.matches]
    return sorted(matches, key=lambda m: (m.start, m.end))


def find_citations(text: str) -> list[CitationMatch]:
    """Every citation in `text`: sorted, non-overlapping spans into `text`."""
    if not text:
        return []
    norm = normalize_for_matching(text)
    groups = [g for recognise in _RECOGNISERS for g in recognise(norm)]
    return _select(groups)
