"""Extraction: a PDF file becomes positioned characters, one page at a time.

This is the only module that imports a PDF library. pypdfium2 gives per-glyph origin (text
rise included), effective size and the typesetter's line-end hyphen flag; pypdf's text visitor
loses superscript footnote markers, so pypdf is used only to open, check and describe the file
(encryption, metadata). See the README for the measurements behind this choice.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import io
import itertools
import logging
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import PIL.Image
import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .escaping import one_line
from .limits import InputRefused, read_regular_file, regular_file_size
from .model import NO_COLOUR, Char, Graphic, PageChars

# pdfium reports a typesetter's line-end hyphen as U+0002 per glyph and U+FFFE in bulk text
# (and a soft hyphen as U+00AD).
_PDFIUM_HYPHENS = {"\x02", "\ufffe", "\u00ad"}
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}
BOLD_WEIGHT = 600
_ITALIC_FLAG = 0x40  # the font descriptor's Italic flag (PDF 32000, table 123)
_FORCE_BOLD_FLAG = 0x40000  # ... and its ForceBold flag
# Text filled and stroked: how a producer fakes bold with a regular font.
_STROKED = {pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE, pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE_CLIP}
# Bidi embeddings, overrides and isolates, and the BOM: never part of a report's text.
_INVISIBLE = {*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), "\ufeff"}
# Runs of characters that need no care of their own (candidates for one word piece), or any
# other single character.
_TOKEN = re.compile(
    r"[^\s\x00-\x1f\x7f-\x9f\u00ad\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufb00-\ufb06\ufeff\ufffe\uffff"
    r"\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u207b]+"
    r"|.",
    re.DOTALL,
)
# Unicode superscript digits ("toenamen.¹"): glyph by glyph, set as the raised figures they are.
_SUPERSCRIPTS = set("\u00b2\u00b3\u00b9\u2070\u2074\u2075\u2076\u2077\u2078\u2079\u207b")

# FPDFText_GetTextObject with a plain address as result: the text object is only used as a
# cache key, and converting pypdfium2's typed pointer costs more than the call itself.
_TEXT_OBJECT_ADDRESS = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value
)
# FPDFText_GetLooseCharBox on plain addresses, for the same reason.
_LOOSE_BOX = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)(
    ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
)

# FPDFText_GetCharBox (the glyph's ink box) on plain addresses.
_INK_BOX = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p,
                            ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)(
    ctypes.cast(pdfium_c.FPDFText_GetCharBox, ctypes.c_void_p).value
)
# Superior figures (OpenType `sups`, typst's default superscript) are set at body size: their
# loose box is the body's, but their ink is small and high. A digit whose ink starts this share
# of the size above the baseline, and is no taller than the second share, is one (lining
# digits are ~0.7 of the size tall and sit on the baseline; old-style ones sit on it too).
SUPERIOR_RISE = 0.22
SUPERIOR_HEIGHT = 0.55
_DIGITS = "0123456789"


class ConversionError(Exception):
    """A problem with the input that the user must fix; its message is shown as one line."""


@dataclass(frozen=True, slots=True)
class PdfInfo:
    path: Path
    pages: int
    title: str
    sha256: str
    warnings: tuple[str, ...] = field(default=())
    created: str = ""  # the year of the metadata's CreationDate ("2020"), or ""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _pypdf_messages() -> Iterator[list[str]]:
    """pypdf reports repairs of damaged files by logging; keep them as warnings instead."""
    logger = logging.getLogger("pypdf")
    handler = _Collect()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def open_pdf(path: Path, password: str | None = None) -> PdfInfo:
    """Check that `path` is a readable, decryptable PDF and describe it."""
    with _pypdf_messages() as messages:
        info = _open_pdf(path, password)
    repairs = tuple(dict.fromkeys(one_line(f"PDF hersteld bij het lezen (repaired): {m}")[:300]
                                  for m in messages))
    return PdfInfo(info.path, info.pages, info.title, info.sha256,
                   info.warnings + repairs[:20], info.created)


_PDF_DATE_YEAR = re.compile(r"^\s*(?:D:)?((?:19|20)\d\d)")


def _creation_year(value: object) -> str:
    """'D:20200806122358+02'00'' -> '2020'; anything else (absent, garbled) -> ''."""
    m = _PDF_DATE_YEAR.match(str(value or ""))
    return m.group(1) if m else ""


def _open_pdf(path: Path, password: str | None) -> PdfInfo:
    try:
        data = read_regular_file(path)  # never a FIFO, device or huge file
    except InputRefused as exc:
        raise ConversionError(str(exc)) from None
    if not data:
        raise ConversionError(f"{path}: bestand is leeg (empty file)")
    if b"%PDF-" not in data[:1024]:
        raise ConversionError(f"{path}: geen PDF-bestand (not a PDF)")
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            if not password and reader.decrypt("") == 0:
                raise ConversionError(
                    f"{path}: PDF is versleuteld; geef het wachtwoord met --password "
                    "(encrypted PDF)"
                )
            if password and reader.decrypt(password) == 0:
                raise ConversionError(f"{path}: onjuist wachtwoord (wrong password)")
        pages = len(reader.pages)
        meta = reader.metadata
        # metadata is the PDF author's free text: no controls (a C1 broke the front matter)
        title = one_line(str(meta.title)).strip() if meta and meta.title else ""
        created = _creation_year(meta.get("/CreationDate")) if meta else ""
        warnings: tuple[str, ...] = ()
    except ConversionError:
        raise
    except Exception as exc:  # PyPdfError, and OverflowError for a startxref of 10**20 …
        # pypdf gives up on some files pdfium reads (limits on declared sizes, odd xrefs):
        # the text comes from pdfium anyway, so only a file neither can open is refused.
        pages, title, created = _pdfium_describe(path, data, password, exc)
        warnings = (one_line(f"pypdf kon het bestand niet lezen, pdfium wel (pypdf failed: "
                             f"{type(exc).__name__}: {exc})")[:300],)
    if pages == 0:
        raise ConversionError(f"{path}: PDF heeft geen pagina's (no pages)")
    return PdfInfo(path=path, pages=pages, title=title, sha256=sha256, warnings=warnings,
                   created=created)


def _pdfium_describe(path: Path, data: bytes, password: str | None, cause: Exception
                     ) -> tuple[int, str, str]:
    try:
        document = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ConversionError(f"{path}: PDF is versleuteld; geef het (juiste) wachtwoord "
                                  "met --password (encrypted PDF)") from exc
        raise ConversionError(f"{path}: beschadigde PDF (damaged PDF: {cause})") from exc
    try:
        metadata = document.get_metadata_dict()
        title = one_line(str(metadata.get("Title", ""))).strip()
        return len(document), title, _creation_year(metadata.get("CreationDate"))
    finally:
        document.close()


def page_count(path: Path, password: str | None = None) -> int:
    """The number of pages pdfium sees, or 0 where it cannot open the file (a quick look,
    under a millisecond: `open_pdf` says what is wrong with a file)."""
    try:
        regular_file_size(path)  # pdfium would block on a FIFO
        document = pdfium.PdfDocument(str(path), password=password)
    except (InputRefused, pdfium.PdfiumError):
        return 0
    try:
        return len(document)
    finally:
        document.close()


def iter_page_chars(path: Path, password: str | None = None,
                    pages: Sequence[int] | None = None,
                    word_pieces: bool = True) -> Iterator[PageChars]:
    """Yield the glyphs of each page; only one page's text objects are alive at a time.

    With `word_pieces` (the default) a run of glyphs one text object draws in a row comes as
    one `Char`; without, every glyph is its own (slower; for comparison and debugging).
    """
    try:
        regular_file_size(path)  # pdfium would block on a FIFO
        document = pdfium.PdfDocument(str(path), password=password)
    except InputRefused as exc:
        raise ConversionError(str(exc)) from None
    except pdfium.PdfiumError as exc:
        raise ConversionError(f"{path}: PDF kan niet worden geopend ({exc})") from exc
    try:
        for index in pages if pages is not None else range(len(document)):
            try:
                page = document[index]
            except pdfium.PdfiumError as exc:
                yield PageChars(index + 1, 0.0, 0.0, (), error=str(exc))
                continue
            try:
                yield _page_chars(page, index + 1, word_pieces)
            finally:
                page.close()
    finally:
        document.close()


def _page_chars(page: pdfium.PdfPage, number: int, word_pieces: bool) -> PageChars:
    width, height = page.get_size()
    # pdfium's own page box (crop box within media box), inherited from the page tree where
    # the page does not set one: FPDFPage_GetCropBox reads only the page's own dictionary,
    # and pypdfium2 then falls back to US Letter, 50 pt short of an A4 page's top
    left, _bottom, _right, top = page.get_bbox()
    rotation = page.get_rotation()
    textpage = page.get_textpage()
    try:
        chars = tuple(_textpage_chars(textpage.raw, left, top, word_pieces))
    finally:
        textpage.close()
    graphics = tuple(_page_graphics(page.raw, left, top))
    return PageChars(number=number, width=width, height=height, chars=chars, rotation=rotation,
                     graphics=graphics)


def _textpage_chars(raw: object, page_left: float, page_top: float,
                    word_pieces: bool = True) -> list[Char]:
    """Glyphs of one text page, a word piece at a time where the PDF allows it.

    ctypes calls are what costs (~1 µs each), so there are few. The text comes in one bulk
    call. A run of ordinary characters drawn by one upright text object has no gap inside it
    that matters: pdfium itself puts a (generated) space wherever the typesetter left one.
    Such a run becomes one `Char` from two loose boxes (its first and last glyph) and two
    text-object lookups, instead of a box per glyph; a word drawn by several objects (a
    kerning pair, a raised marker) becomes one piece per object. Loose boxes span the advance
    and the font's ascent, so narrow glyphs such as "1" open no false word gap. Hyphen flags,
    ligatures, controls, single characters and turned text go glyph by glyph.
    """
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return []
    buffer = (ctypes.c_ushort * (count + 1))()
    pdfium_c.FPDFText_GetText(raw, 0, count, buffer)
    text = "".join(map(chr, buffer[:count]))  # one str index per pdfium char index
    reader = _GlyphReader(raw, page_left, page_top)
    glyph, piece = reader.glyph, reader.piece
    taken = -1  # the space a word piece took as its `space` flag
    for match in _TOKEN.finditer(text):
        start, stop = match.span()
        if start == taken:
            continue
        if word_pieces and stop - start > 1:
            space = stop < count and text[stop] == " "
            if piece(start, stop, match.group(), space):
                taken = stop if space else -1
                continue
        for i in range(start, stop):
            glyph(i, text[i])
    return reader.chars


class _GlyphReader:
    """Boxes and styles of one text page's glyphs; styles are cached per text object."""

    __slots__ = ("address", "box", "box_address", "chars", "fonts", "left", "raw", "styles",
                 "top")

    def __init__(self, raw: object, page_left: float, page_top: float) -> None:
        self.raw = raw
        self.address = ctypes.cast(raw, ctypes.c_void_p).value
        self.left, self.top = page_left, page_top
        self.box = pdfium_c.FS_RECTF()
        self.box_address = ctypes.addressof(self.box)
        self.styles: dict[int, _Style] = {}
        self.fonts: dict[int, _Font] = {}
        self.chars: list[Char] = []

    def style(self, index: int, box_bottom: float) -> _Style:
        key = _TEXT_OBJECT_ADDRESS(self.address, index) or 0
        style = self.styles.get(key)
        if style is None:
            style = self.styles[key] = _style(self.raw, index, box_bottom, self.fonts)
        return style

    def piece(self, start: int, stop: int, text: str, space: bool = False) -> bool:
        """Add `text` (glyphs start..stop) as Chars, one per text object that draws part of it.

        With `space`, the space at `stop` is added too: as the last piece's `space` flag (a
        space needs no box of its own: it only marks a word break after that piece).
        False when glyph-by-glyph is needed: no object, turned text, or drawn right to left.
        """
        address, box, box_address = self.address, self.box, self.box_address
        first = _TEXT_OBJECT_ADDRESS(address, start)
        if not first:
            return False
        if first != _TEXT_OBJECT_ADDRESS(address, stop - 1):
            return self._split(start, stop, text, space)
        if not _LOOSE_BOX(address, start, box_address):
            return False
        left, bottom, top = box.left, box.bottom, box.top
        style = self.styles.get(first) or self.style(start, bottom)
        if not style.upright or not _LOOSE_BOX(address, stop - 1, box_address):
            return False
        right = box.right
        if right < left:
            return False
        page_left, page_top = self.left, self.top
        baseline = page_top - bottom - style.baseline_offset
        if text[-1] in _DIGITS:
            digits = len(text) - len(text.rstrip(_DIGITS))
            superior = self.superior(stop - 1, baseline, style.size)
            if superior is not None:
                if digits < len(text):
                    if not self.piece(start, stop - digits, text[:-digits]):
                        return False
                    self.chars[-1] = self.chars[-1]._replace(space=False)
                first = stop - digits
                if not _LOOSE_BOX(address, first, box_address):
                    return False
                self.chars.append(Char(text[-digits:], box.left - page_left, right - page_left,
                                       superior[0], page_top - bottom, superior[1],
                                       superior[2], style.font, style.bold, False, space,
                                       style.italic))
                return True
        # Upright glyphs of one object share a baseline; a loose box's top and bottom still
        # vary a little with the glyph (capitals, descenders), so the first glyph's are used.
        self.chars.append(Char(text, left - page_left, right - page_left, page_top - top,
                               page_top - bottom, baseline,
                               style.size, style.font, style.bold, False, space,
                               style.italic))
        return True

    def ink(self, index: int) -> tuple[float, float] | None:
        """(top, bottom) of glyph `index`'s ink, in the model's coordinates."""
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        if not _INK_BOX(self.address, index, ctypes.addressof(left), ctypes.addressof(right),
                        ctypes.addressof(bottom), ctypes.addressof(top)):
            return None
        return self.top - top.value, self.top - bottom.value

    def superior(self, index: int, baseline: float, size: float
                 ) -> tuple[float, float, float] | None:
        """(ink top, raised baseline, visual size) when glyph `index` is a superior figure."""
        ink = self.ink(index)
        if ink is None:
            return None
        ink_top, ink_bottom = ink
        height = ink_bottom - ink_top
        if height <= 0 or baseline - ink_bottom < SUPERIOR_RISE * size:
            return None
        if height > SUPERIOR_HEIGHT * size:
            return None
        # a lining digit is ~0.7 of the size tall: the visual size follows from the ink
        return ink_top, ink_bottom, round(height / 0.7, 2)

    def _split(self, start: int, stop: int, text: str, space: bool) -> bool:
        """A word drawn by several objects (a raised marker, a kerning pair): piece by piece."""
        address = self.address
        objects = [_TEXT_OBJECT_ADDRESS(address, i) for i in range(start, stop)]
        i = 0
        while i < len(objects):
            j = i + 1
            while j < len(objects) and objects[j] == objects[i]:
                j += 1
            last = j == len(objects)
            if j - i == 1 or not self.piece(start + i, start + j, text[i:j], space and last):
                for k in range(i, j):
                    self.glyph(start + k, text[k])
                if space and last:
                    self.glyph(start + j, " ")
            i = j
        return True

    def glyph(self, index: int, text: str) -> None:
        """Add the glyph at `index`, if it is one a reader should see."""
        code = ord(text)
        if code in (0x0D, 0x0A, 0xFFFF, 0):
            return  # pdfium's own line breaks; layout works from positions instead
        if 0xD800 <= code < 0xE000:
            code = pdfium_c.FPDFText_GetUnicode(self.raw, index)  # outside the BMP
            if 0xD800 <= code < 0xE000:
                return
            text = chr(code)
        hyphen = text in _PDFIUM_HYPHENS
        if hyphen:
            text = "-"
        elif code < 0x20 or 0x7F <= code < 0xA0 or text in _INVISIBLE:
            return  # from broken ToUnicode maps; a bidi override could disguise text
        text = _LIGATURES.get(text, text)
        box = self.box
        if not _LOOSE_BOX(self.address, index, self.box_address):
            return
        chars, page_left, page_top = self.chars, self.left, self.top
        bottom = page_top - box.bottom
        if code == 0x20 and chars and abs(chars[-1].bottom - bottom) < 0.01:
            # a space beside the glyph before it: same baseline, and its style does not matter
            last = chars[-1]
            chars.append(Char(text, box.left - page_left, box.right - page_left,
                              page_top - box.top, bottom, last.baseline, last.size, last.font,
                              last.bold, False, False, last.italic))
            return
        style = self.style(index, box.bottom)
        left, right, top = box.left - page_left, box.right - page_left, page_top - box.top
        baseline, size = bottom - style.baseline_offset, style.size
        if text in _DIGITS:
            superior = self.superior(index, baseline, size)
            if superior is not None:
                top, baseline, size = superior
        elif text in _SUPERSCRIPTS:
            # a small, high figure by its code point: it stands on the bottom of its ink
            ink = self.ink(index)
            if ink is not None:
                top, baseline = ink
                size = round(max(baseline - top, 1.0) / 0.7, 2)
        chars.append(Char(text, left, right, top, bottom, baseline, size, style.font,
                          style.bold, hyphen, False, style.italic))


@dataclass(frozen=True, slots=True)
class _Style:
    size: float  # font size times text-matrix scale
    font: str
    bold: bool
    baseline_offset: float  # glyph origin minus loose-box bottom: the font's descent at size
    upright: bool  # drawn left to right on a horizontal baseline (not turned or mirrored)
    italic: bool


class _Font(NamedTuple):
    name: str
    bold: bool  # by weight, the ForceBold flag or the name
    italic: bool


def _font(raw: object, index: int) -> _Font:
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    n = pdfium_c.FPDFText_GetFontInfo(raw, index, name, len(name), flags)
    font = name.value.decode("latin-1", "replace") if n else ""
    weight = pdfium_c.FPDFText_GetFontWeight(raw, index)
    lowered = font.lower()
    # Generic font names ("CIDFont+F1") say nothing: the weight and the ForceBold flag do.
    bold = (weight >= BOLD_WEIGHT or bool(flags.value & _FORCE_BOLD_FLAG)
            or "bold" in lowered or "black" in lowered)
    italic = bool(flags.value & _ITALIC_FLAG) or "italic" in lowered or "oblique" in lowered
    return _Font(font, bold, italic)


def _style(raw: object, index: int, box_bottom: float, fonts: dict[int, _Font]) -> _Style:
    """The style of glyph `index`'s text object; `fonts` caches what depends on the font
    alone (a page draws many objects in few fonts, and each lookup is a pdfium call)."""
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(raw, index, matrix)
    scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
    size = round(pdfium_c.FPDFText_GetFontSize(raw, index) * scale, 2)
    text_object = pdfium_c.FPDFText_GetTextObject(raw, index)
    handle = ctypes.cast(pdfium_c.FPDFTextObj_GetFont(text_object), ctypes.c_void_p).value \
        if text_object else None
    font = fonts.get(handle) if handle else None
    if font is None:
        font = _font(raw, index)
        if handle:
            fonts[handle] = font
    # text stroked over its fill is set bold, whatever the font says
    stroked = bool(text_object) and pdfium_c.FPDFTextObj_GetTextRenderMode(text_object) in _STROKED
    ox, oy = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(raw, index, ox, oy)
    upright = abs(matrix.b) < 1e-6 and abs(matrix.c) < 1e-6 and matrix.a > 0 and matrix.d > 0
    return _Style(size, font.name, font.bold or stroked, oy.value - box_bottom, upright,
                  font.italic)


Region = tuple[float, float, float, float]  # x0, top, x1, bottom in the model's coordinates


def render_page(path: Path, number: int, scale: float = 2.0, password: str | None = None,
                box: Region | None = None) -> PIL.Image.Image:
    """Page `number` (1-based) as an RGB image, `scale` pixels per point; with `box` only
    that part of the page."""
    return next(render_regions(path, [(number, scale, box)], password))


def render_regions(path: Path, requests: Iterable[tuple[int, float, Region | None]],
                   password: str | None = None) -> Iterator[PIL.Image.Image]:
    """An RGB image for each (page number, scale, box or None) asked for, from one opening
    of the PDF (a report's figures are many; opening it for each cost a third of the time)."""
    try:
        document = pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:
        raise ConversionError(f"{path}: PDF kan niet worden geopend ({exc})") from exc
    try:
        for number, scale, box in requests:
            page = document[number - 1]
            try:
                crop = (0.0, 0.0, 0.0, 0.0)
                if box is not None:
                    width, height = page.get_size()
                    x0, top, x1, bottom = box
                    crop = (max(0.0, x0), max(0.0, height - bottom), max(0.0, width - x1),
                            max(0.0, top))
                bitmap = page.render(scale=scale, crop=crop)
                yield bitmap.to_pil().convert("RGB")
            finally:
                page.close()
    finally:
        document.close()


# --- graphics -------------------------------------------------------------------------------

# A path with more segments than this is a drawing (a logo, a chart's curve): its bounding box
# is all the later stages need, and reading every point costs a ctypes call each.
MAX_PATH_SEGMENTS = 40
# A page drawing more than this (a map, a dense chart) keeps its first graphics only.
MAX_GRAPHICS_PER_PAGE = 20_000
MAX_FORM_DEPTH = 8
_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _page_graphics(page_raw: object, page_left: float, page_top: float) -> list[Graphic]:
    """Images and paths of a page (in forms too), as boxes with colours, top-left origin.

    Paths of a few axis-parallel straight segments are split into the rectangles and lines
    they draw (table rules and cell shading come that way); any other path is a "curve" with
    its bounding box. Clipping is ignored: what matters is where things are, not their ink.
    """
    out: list[Graphic] = []
    _walk_objects(page_raw, False, _IDENTITY, 0, out, (page_left, page_top))
    return out


def _walk_objects(parent: object, is_form: bool, matrix: _Matrix, depth: int,
                  out: list[Graphic], origin: tuple[float, float]) -> None:
    count = (pdfium_c.FPDFFormObj_CountObjects if is_form else pdfium_c.FPDFPage_CountObjects)(
        parent)
    get = pdfium_c.FPDFFormObj_GetObject if is_form else pdfium_c.FPDFPage_GetObject
    for index in range(max(0, count)):
        if len(out) >= MAX_GRAPHICS_PER_PAGE:
            return
        obj = get(parent, index)
        if not obj:
            continue
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if depth < MAX_FORM_DEPTH:
                _walk_objects(obj, True, _multiply(_object_matrix(obj), matrix), depth + 1, out,
                              origin)
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            box = _bounds(obj, matrix, origin)
            if box is not None:
                out.append(Graphic("image", *box, ident=_image_ident(obj)))
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            _path_graphics(obj, matrix, origin, out)


def _image_ident(obj: object) -> int:
    """A cheap fingerprint of an image's picture: a logo repeated on every page has the same
    one, a gauge drawn at the same place on each page with another score does not."""
    length = pdfium_c.FPDFImageObj_GetImageDataRaw(obj, None, 0)
    width, height = ctypes.c_uint(), ctypes.c_uint()
    if not pdfium_c.FPDFImageObj_GetImagePixelSize(obj, width, height):
        width.value = height.value = 0
    return (int(length) << 32) ^ (width.value << 16) ^ height.value


def _object_matrix(obj: object) -> _Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _multiply(first: _Matrix, then: _Matrix) -> _Matrix:
    """The matrix that applies `first`, then `then` (PDF row-vector convention)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(matrix: _Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _box(points: list[tuple[float, float]], matrix: _Matrix, origin: tuple[float, float]
         ) -> tuple[float, float, float, float] | None:
    """(x0, x1, top, bottom) in page space with the origin at the top left."""
    moved = [_apply(matrix, x, y) for x, y in points]
    xs = [x for x, _ in moved]
    ys = [y for _, y in moved]
    left, top = origin
    values = (min(xs) - left, max(xs) - left, top - max(ys), top - min(ys))
    if not all(math.isfinite(v) and abs(v) < 1e6 for v in values):
        return None
    return values


def _bounds(obj: object, matrix: _Matrix, origin: tuple[float, float]
            ) -> tuple[float, float, float, float] | None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return None
    corners = [(left.value, bottom.value), (right.value, top.value),
               (left.value, top.value), (right.value, bottom.value)]
    return _box(corners, matrix, origin)


def _colour(getter: object, obj: object) -> int:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a) or a.value == 0:
        return NO_COLOUR
    return (r.value << 16) | (g.value << 8) | b.value


def _path_graphics(obj: object, matrix: _Matrix, origin: tuple[float, float],
                   out: list[Graphic]) -> None:
    fill_mode, stroked = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroked):
        return
    fill = _colour(pdfium_c.FPDFPageObj_GetFillColor, obj) if fill_mode.value else NO_COLOUR
    stroke = _colour(pdfium_c.FPDFPageObj_GetStrokeColor, obj) if stroked.value else NO_COLOUR
    if fill == NO_COLOUR and stroke == NO_COLOUR:
        return  # a clipping path or an invisible shape
    width = ctypes.c_float()
    if stroke != NO_COLOUR and pdfium_c.FPDFPageObj_GetStrokeWidth(obj, width):
        line_width = round(width.value, 2)
    else:
        line_width = 0.0
    style = (fill, stroke, line_width)
    count = pdfium_c.FPDFPath_CountSegments(obj)
    shapes = _straight_shapes(obj, count) if 0 < count <= MAX_PATH_SEGMENTS else None
    if shapes is None:
        box = _bounds(obj, matrix, origin)
        if box is not None:
            out.append(Graphic("curve", *box, *style))
        return
    full = _multiply(_object_matrix(obj), matrix)
    for kind, points in shapes:
        box = _box(points, full, origin)
        if box is not None:
            out.append(Graphic(kind, *box, *style))


def _straight_shapes(obj: object, count: int
                     ) -> list[tuple[str, list[tuple[float, float]]]] | None:
    """The subpaths of a path as axis-parallel rectangles and lines, or None for anything else.

    Points are in the path's own space; the caller applies its matrix.
    """
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not segment or not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            return None
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            return None
        point = (x.value, y.value)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
        else:
            subpaths[-1].append(point)
    shapes: list[tuple[str, list[tuple[float, float]]]] = []
    for points in subpaths:
        if len(points) < 2:
            continue
        if not all(abs(a[0] - b[0]) < 0.01 or abs(a[1] - b[1]) < 0.01
                   for a, b in itertools.pairwise(points)):
            return None  # a slanted line: a chart's, not a table's
        xs = {round(p[0], 1) for p in points}
        ys = {round(p[1], 1) for p in points}
        shapes.append(("line" if len(xs) == 1 or len(ys) == 1 else "rect", points))
    return shapes
