"""Which format a report file is, from its bytes (the extension only breaks ties)."""

from __future__ import annotations

import re
from pathlib import Path

from helpers.errors import InputError
from helpers.read.source import BOMS
from helpers.read.zipcheck import check_zip_limits, zip_members

SUPPORTED_FORMATS = ("txt", "html", "pdf", "docx")
SUPPORTED_HINT = (
    "supported: .txt (UTF-8, GB18030/GBK, UTF-16), .html/.htm, .pdf with a text layer, .docx"
)


_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"\xd0\xcf\x11\xe0": "an old Office file (.doc/.xls); save it as .docx",
    b"{\\rtf": "an RTF file; save it as .docx or .txt",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7z archive",
    b"Rar!": "a RAR archive",
}
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta)\b", re.I | re.S
)


def sniff_format(data: bytes, suffix: str = "", path: Path | str = "") -> str:
    """'txt', 'html', 'pdf' or 'docx' from the bytes; InputError for anything else.

    Content decides: a PDF renamed .txt is read as a PDF; a file named .pdf that is not one is an
    error rather than a guess. A .docx whose zip headers promise a bomb is refused here."""
    suffix = suffix.lower().lstrip(".")
    prefix = f"{path}: " if path else ""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        infos = zip_members(data, f"{prefix}a damaged zip file, not a report; {SUPPORTED_HINT}")
        names = [info.filename for info in infos]
        if "word/document.xml" in names:
            check_zip_limits(infos, path)
            return "docx"
        kind = "an Excel workbook" if any(n.startswith("xl/") for n in names) else "a zip archive"
        raise InputError(f"{prefix}{kind}, not a report; {SUPPORTED_HINT}")
    for magic, kind in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise InputError(f"{prefix}{kind}, not a report; {SUPPORTED_HINT}")
    if suffix in ("pdf", "docx"):
        raise InputError(
            f"{prefix}named .{suffix} but is not a {suffix.upper()} file; {SUPPORTED_HINT}"
        )
    if looks_binary(data):
        raise InputError(f"{prefix}a binary file, not a text report; {SUPPORTED_HINT}")
    if _HTML_START.match(ascii_view(head)) or suffix in ("html", "htm", "xhtml"):
        return "html"
    return "txt"


def ascii_view(head: bytes) -> bytes:
    """The first bytes with any BOM and UTF-16 zero bytes dropped, enough to spot `<html`."""
    for bom, enc in BOMS:
        if head.startswith(bom):
            if enc.startswith("utf-16"):
                return head[len(bom) :].decode(enc, errors="ignore").encode("ascii", "ignore")
            return head[len(bom) :]
    return head


def looks_binary(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text is full of zero bytes
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(head) * 0.05
