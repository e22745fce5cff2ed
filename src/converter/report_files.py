"""The JSON files of a converted report folder, read back and checked.

``docs/<slug>/`` holds ``model.json`` (the document model), ``anchors.json`` (every anchor ever
published, with a fingerprint of each paragraph's text) and ``redirects.json``. The next
conversion into the folder reads them, and so do the MkDocs hooks on every build. A damaged
disk or a hand edit (invalid JSON, wrong types, ``[]``, missing keys, an id that would break out
of an attribute list) must give one line naming the file, never a traceback in a hook or links
built from unchecked strings: `load_model`, `load_anchors` and `load_redirects` raise
`ReportFileError` for anything the converter would not have written.

Report folder names (slugs) are checked here too: the site generates some top-level folders of
its own (`RESERVED_SLUGS`), and a name must fit a file system with room to spare.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .escaping import SAFE_ID

MODEL_FILE = "model.json"
ANCHORS_FILE = "anchors.json"
REDIRECTS_FILE = "redirects.json"
#: Written into model.json and anchors.json: a folder without it was not made by beleidslezer.
GENERATOR = "beleidslezer"

MAX_SLUG_LENGTH = 100  # the staging folder adds ~15 characters; NAME_MAX is 255 bytes
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
#: Top-level names the site itself uses: the registers, Material's assets and search index,
#: MkDocs' 404 page and sitemap, and the home page.
RESERVED_SLUGS = frozenset({"register", "assets", "search", "404", "sitemap", "index"})
#: A site-relative URL as the model writes it ("slug/hoofdstuk-2/#p28-3"): no scheme, no "..".
MODEL_URL = re.compile(r"^(?!.*(?:^|/)\.\.(?:/|#|$))[A-Za-z0-9_][A-Za-z0-9_./-]*"
                       r"(?:#[A-Za-z0-9_][A-Za-z0-9_:.-]*)?$")
CHAPTER_FILE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_/-]*\.md$")
PDF_FILE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*\.pdf$")


class ReportFileError(ValueError):
    """A report file that cannot be used; its message is one line naming the file."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)
        self.problem = problem


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot name a report folder, or None when it can."""
    if not SLUG.match(slug):
        return "alleen letters, cijfers, - en _, beginnend met een letter of cijfer"
    if len(slug) > MAX_SLUG_LENGTH:
        return f"langer dan {MAX_SLUG_LENGTH} tekens"
    if slug.casefold() in RESERVED_SLUGS:
        return "die naam gebruikt de site zelf (" + ", ".join(sorted(RESERVED_SLUGS)) + ")"
    return None


# --- reading --------------------------------------------------------------------------------


def read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as error:
        raise ReportFileError(path, f"onleesbaar (unreadable: {error})") from error
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ReportFileError(path, f"geen geldige JSON (invalid JSON: {error})") from error


def load_model(path: Path) -> dict[str, Any]:
    return check_model(read_json(path), path)


def load_anchors(path: Path) -> dict[str, Any]:
    return check_anchors(read_json(path), path)


def load_redirects(path: Path) -> dict[str, str]:
    return check_redirects(read_json(path), path)


# --- checking -------------------------------------------------------------------------------


class _Check:
    """Type checks with a path into the data for the message ("paragraphs[3].id")."""

    def __init__(self, path: Path | str) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> ReportFileError:
        return ReportFileError(self.path, f"{where}: {problem} (hand-edited or damaged?)")

    def object(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"verwacht een object, niet {_kind(value)}")
        return value

    def list(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, f"verwacht een lijst, niet {_kind(value)}")
        return value

    def field(self, item: Mapping[str, Any], key: str, where: str, test: Callable[[Any], bool],
              wanted: str, *, required: bool = True) -> Any:
        if key not in item:
            if required:
                raise self.fail(f"{where}.{key}", "ontbreekt (missing)")
            return None
        value = item[key]
        if not test(value):
            raise self.fail(f"{where}.{key}", f"verwacht {wanted}, niet {_shown(value)}")
        return value

    def items(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        values = self.list(data.get(key, []), key)
        return [self.object(v, f"{key}[{i}]") for i, v in enumerate(values)]


def _kind(value: Any) -> str:
    return {dict: "een object", list: "een lijst", str: "tekst", bool: "true/false",
            type(None): "null"}.get(type(value), "een getal")


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_page(value: Any) -> bool:
    return _is_int(value) and 0 <= value < 10**7


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 300 and bool(SAFE_ID.match(value))


def _is_optional_id(value: Any) -> bool:
    return value is None or _is_id(value)


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and bool(MODEL_URL.match(value))


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


STR, INT, PAGE, ID, OPTIONAL_ID, URL = (
    (_is_str, "tekst"), (_is_int, "een geheel getal"), (_is_page, "een paginanummer"),
    (_is_id, "een id van [A-Za-z0-9_:.-]"), (_is_optional_id, "een id of null"),
    (_is_url, "een relatieve link van de site"),
)
_SCHEMA: dict[str, dict[str, tuple[tuple[Callable[[Any], bool], str], bool]]] = {
    # list -> field -> ((test, description), required)
    "pages": {"number": (PAGE, True), "label": (STR, True), "id": (ID, True), "url": (URL, True)},
    "sections": {"id": (ID, True), "level": (INT, True), "number": (STR, False),
                 "title": (STR, True), "page": (PAGE, True), "url": (URL, True),
                 "file": ((lambda v: isinstance(v, str) and bool(CHAPTER_FILE.match(v)),
                           "een Markdown-bestand"), False)},
    "paragraphs": {"id": (ID, True), "section": (OPTIONAL_ID, False), "page": (PAGE, True),
                   "pages": ((lambda v: isinstance(v, list) and all(map(_is_page, v)),
                              "een lijst paginanummers"), False),
                   "kind": (ID, True), "text": (STR, True), "url": (URL, True),
                   "footnotes": ((lambda v: isinstance(v, list) and all(map(_is_id, v)),
                                  "een lijst voetnootnummers"), False),
                   "marker": (STR, False),
                   "rows": ((lambda v: isinstance(v, list) and all(map(_is_str_list, v)),
                             "een lijst rijen met tekst"), False),
                   "italic": ((lambda v: isinstance(v, bool), "true/false"), False),
                   "depth": (INT, False)},
    "footnotes": {"number": (ID, True), "id": (ID, True), "page": (PAGE, True),
                  "text": (STR, True), "paragraph": (OPTIONAL_ID, False), "url": (URL, True)},
    "references": {"kind": (STR, True), "key": (STR, True), "label": (STR, False),
                   "url": (STR, False)},
    "entities": {"kind": (STR, True), "id": (STR, True), "name": (STR, False),
                 "aliases": ((_is_str_list, "een lijst met tekst"), False),
                 "url": (STR, False),
                 "sure": ((lambda v: isinstance(v, bool), "true/false"), False)},
    "abbreviations": {"abbr": (STR, True), "expansion": (STR, True)},
}
_OCCURRENCE: dict[str, tuple[tuple[Callable[[Any], bool], str], bool]] = {
    "id": (ID, True), "paragraph": (OPTIONAL_ID, False), "footnote": (OPTIONAL_ID, False),
    "page": (PAGE, False), "start": (INT, False), "end": (INT, False), "text": (STR, False),
}


def check_model(data: Any, path: Path | str = MODEL_FILE) -> dict[str, Any]:
    """`data` if it is a model the hooks can render safely; else `ReportFileError`."""
    check = _Check(path)
    model = check.object(data, "model")
    check.field(model, "schema", "model", _is_int, "een geheel getal", required=False)
    slug = check.field(model, "slug", "model", _is_str, "tekst")
    if not SLUG.match(slug) or len(slug) > MAX_SLUG_LENGTH:
        raise check.fail("model.slug", f"geen geldige mapnaam: {_shown(slug)}")
    check.field(model, "title", "model", _is_str, "tekst")
    check.field(model, "publisher", "model", lambda v: _is_str(v) or _is_str_list(v),
                "tekst of een lijst met tekst", required=False)
    check.field(model, "year", "model", _is_str, "tekst", required=False)
    if "source" in model:
        source = check.object(model["source"], "source")
        check.field(source, "file", "source", lambda v: isinstance(v, str) and bool(
            PDF_FILE.match(v)), "een pdf-bestandsnaam", required=False)
        check.field(source, "pages", "source", _is_int, "een geheel getal", required=False)
        check.field(source, "sha256", "source", _is_str, "tekst", required=False)
    for list_name, fields in _SCHEMA.items():
        for index, item in enumerate(check.items(model, list_name)):
            where = f"{list_name}[{index}]"
            for key, ((test, wanted), required) in fields.items():
                check.field(item, key, where, test, wanted, required=required)
            if list_name in ("references", "entities"):
                for n, occurrence in enumerate(check.items(item, "occurrences")):
                    for key, ((test, wanted), required) in _OCCURRENCE.items():
                        check.field(occurrence, key, f"{where}.occurrences[{n}]", test, wanted,
                                    required=required)
    warnings = check.list(model.get("warnings", []), "warnings")
    if not all(isinstance(w, str) for w in warnings):
        raise check.fail("warnings", "verwacht een lijst met tekst")
    return model


def check_anchors(data: Any, path: Path | str = ANCHORS_FILE) -> dict[str, Any]:
    """`data` if it is an anchor manifest; ``[]`` or ``{}`` would drop the history: refused."""
    check = _Check(path)
    if not isinstance(data, dict):
        raise check.fail("anchors.json", f"verwacht een object met 'anchors', niet {_kind(data)}"
                         "; zo zou de geschiedenis van gepubliceerde ankers verloren gaan")
    anchors = check.field(data, "anchors", "anchors.json", lambda v: isinstance(v, dict),
                          "een object {id: url}")
    if not anchors:
        raise check.fail("anchors.json.anchors", "leeg; zo zou de geschiedenis van "
                         "gepubliceerde ankers verloren gaan (history dropped)")
    for anchor, url in anchors.items():
        if not _is_id(anchor) or not _is_url(url):
            raise check.fail(f"anchors.{_shown(anchor)}", f"geen id met link: {_shown(url)}")
    check.field(data, "report", "anchors.json", _is_str, "tekst", required=False)
    for key, test, wanted in (
        ("pages", _is_page, "een paginanummer"),
        ("numbers", _is_str, "tekst"),
        ("texts", _is_str, "een vingerafdruk (tekst)"),
    ):
        values = check.field(data, key, "anchors.json", lambda v: isinstance(v, dict),
                             "een object", required=False) or {}
        for anchor, value in values.items():
            if not test(value):
                raise check.fail(f"{key}.{_shown(anchor)}", f"verwacht {wanted}")
    check.field(data, "files", "anchors.json", _is_str_list, "een lijst bestandsnamen",
                required=False)
    return data


def check_redirects(data: Any, path: Path | str = REDIRECTS_FILE) -> dict[str, str]:
    check = _Check(path)
    if not isinstance(data, dict):
        raise check.fail("redirects.json", f"verwacht een object {{oud: nieuw}}, niet "
                         f"{_kind(data)}")
    for old, new in data.items():
        if not _is_id(old) or not _is_id(new):
            raise check.fail(f"{_shown(old)}", f"geen doorverwijzing van id naar id: {_shown(new)}")
    return data
