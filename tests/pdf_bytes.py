"""Hand-written PDF files for tests: object bodies in, a PDF with a correct xref table out."""

from __future__ import annotations


def raw_pdf(objects: list[bytes], *, root: int = 1, tail: bytes = b"") -> bytes:
    """A PDF from object bodies (object i+1 = objects[i]) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out) + tail
