"""Read a report file into text. Offsets in the figures table refer to this text."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from helpers.errors import InputError


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str
    format: str  # txt, html, pdf, docx
    encoding: str  # as detected, or the container's for html/pdf/docx
    sha256: str  # of the file's bytes


def read_report(path: str | Path) -> SourceText:
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a report file")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: looks binary, not a text report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    return SourceText(path, text, "txt", "utf-8", hashlib.sha256(data).hexdigest())
