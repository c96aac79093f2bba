"""Read a report file (plain text, saved web page, PDF with a text layer, Word .docx) into text.

Offsets in the figures table refer to the text returned here, so every format is reduced to the
same shape: one paragraph per line, `\\n` line ends. The format is sniffed from the bytes (the
extension only breaks ties), and the raw bytes' sha256 identifies the input. Hostile input (special
files, decompression bombs, NULs) is refused before it costs memory or time: see read/limits.py.

    read/source.py     the bytes: regular files only, size limits, control characters removed
    read/sniff.py      which format, from the bytes
    read/plaintext.py  .txt: encodings detected; the check that a text is a report at all
    read/html.py       saved web pages;  read/pdf.py  text layers;  read/docx.py  Word files
    read/manifest.py   data/raw/manifest.csv, the register of raw inputs
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from helpers.errors import InputError
from helpers.read import limits
from helpers.read.docx import docx_to_text
from helpers.read.html import html_to_text
from helpers.read.limits import size_text
from helpers.read.pdf import pdf_to_text
from helpers.read.plaintext import decode_text, require_report_text
from helpers.read.sniff import SUPPORTED_FORMATS, SUPPORTED_HINT, sniff_format
from helpers.read.source import clean_text, label_of, read_bytes, refuse_nul

__all__ = ["SUPPORTED_FORMATS", "SUPPORTED_HINT", "SourceText", "read_report"]


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str
    format: str  # txt, html, pdf, docx
    encoding: str  # as detected for txt/html; "utf-8" (its XML) for docx; "pdf" for a text layer
    sha256: str  # of the file's bytes


def read_report(path: str | Path) -> SourceText:
    """Read one report file; any problem with it is an InputError with a one-line message.

    The returned text holds no control characters but tab and newline, and no lone surrogate."""
    path = Path(path)
    label = label_of(path)
    data = read_bytes(path, label)
    if not data.strip():
        raise InputError(f"{label}: the file is empty")
    fmt = sniff_format(data, path.suffix, label)
    if fmt in ("txt", "html"):
        if len(data) > limits.MAX_TEXT_FILE_BYTES:
            raise InputError(
                f"{label}: a text file of {size_text(len(data))}, over the {size_text(limits.MAX_TEXT_FILE_BYTES)} "
                "limit for a text or web-page report (a report's text is 30-200 KB)"
            )
        refuse_nul(data, label)
    if fmt == "pdf":
        text, encoding = pdf_to_text(data, label), "pdf"
    elif fmt == "docx":
        text, encoding = docx_to_text(data, label), "utf-8"
    elif fmt == "html":
        text, encoding = html_to_text(data, label)
    else:
        text, encoding = decode_text(data, label)
        text = clean_text(text)
    require_report_text(text, label, fmt)
    return SourceText(path, text, fmt, encoding, hashlib.sha256(data).hexdigest())
