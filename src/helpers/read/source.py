"""The bytes of a report file, read safely: regular files only, at most limits.MAX_FILE_BYTES, and
the text that comes out of any format cleaned of control characters and lone surrogates."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from helpers.errors import InputError
from helpers.read import limits
from helpers.read.limits import MIB, size_text

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def label_of(path: Path) -> str:
    """The path as messages show it: on one line, whatever bytes the name holds."""
    shown = os.fsencode(path).decode("utf-8", "backslashreplace")
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m.group())[1:-1], shown)


# What stat says a path is, when it is not a regular file: reading any of these blocks (a FIFO
# waits for a writer), never ends (/dev/zero) or fails.
_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_bytes(path: Path, label: str) -> bytes:
    """The bytes of a regular file of at most limits.MAX_FILE_BYTES; anything else is refused unread."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputError(_stat_problem(path, label, exc)) from None
    _require_regular_file(info.st_mode, label)
    if info.st_size > limits.MAX_FILE_BYTES:
        raise InputError(_too_big(label, info.st_size))
    # Non-blocking, in case the path became a FIFO since stat: open() must not wait for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except PermissionError:
        raise InputError(f"{label}: permission denied; this user may not read the file") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot be read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        _require_regular_file(info.st_mode, label)
        # At most one byte past the limit, which tells a file that is too long (or that says it
        # is 0 bytes long, as those of /proc do, or that grows) from one exactly at it. Read in
        # pieces: read(n) sets aside n bytes at once.
        chunks, size = [], 0
        want = min(info.st_size, limits.MAX_FILE_BYTES) + 1
        try:
            while size <= limits.MAX_FILE_BYTES:
                chunk = file.read(min(want, limits.MAX_FILE_BYTES + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                want = MIB
        except OSError as exc:
            raise InputError(f"{label}: cannot be read ({exc.strerror or exc})") from None
    if size > limits.MAX_FILE_BYTES:
        raise InputError(_too_big(label))
    return b"".join(chunks)


def _stat_problem(path: Path, label: str, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return f"{label}: a symlink loop (the link leads back to itself); point it at the report file"
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            target = label_of(Path(os.path.realpath(path)))
            return f"{label}: a symlink to {target}, which is missing"
        return f"{label}: no such file"
    if isinstance(exc, NotADirectoryError):
        return f"{label}: no such file (a part of the path is a file, not a folder)"
    if isinstance(exc, PermissionError):
        return f"{label}: permission denied; this user may not open a folder on the path"
    return f"{label}: cannot be read ({exc.strerror or exc})"


def _require_regular_file(mode: int, label: str) -> None:
    if stat.S_ISDIR(mode):
        raise InputError(f"{label}: is a folder, not a report file")
    for is_kind, kind in _SPECIAL_FILES:
        if is_kind(mode):
            raise InputError(f"{label}: is {kind}, not a report file; only regular files are read")
    if not stat.S_ISREG(mode):
        raise InputError(f"{label}: is not a regular file, not a report file")


def _too_big(label: str, size: int | None = None) -> str:
    what = f"the file is {size_text(size)}, over" if size is not None else "the file is over"
    return (
        f"{label}: {what} the {size_text(limits.MAX_FILE_BYTES)} limit for a report file "
        "(a report's PDF is at most tens of MB)"
    )


def refuse_nul(data: bytes, label: str) -> None:
    """A NUL is never part of clean text, and where it is, it sits inside a figure (`8\\x000%` is
    read as 0%): a text file or web page with one is refused, wherever it is."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # in UTF-16 a NUL is a zero code unit
        offset = data.find(b"\x00\x00", 2)
        while offset != -1 and offset % 2:
            offset = data.find(b"\x00\x00", offset + 1)
    else:
        offset = data.find(b"\x00")
    if offset != -1:
        raise InputError(
            f"{label}: a NUL byte at byte {offset} (line {line_at(data, offset)}): not clean text; "
            "the file is damaged there, or is not a text file"
        )


def line_at(data: bytes, offset: int) -> int:
    for bom, enc in BOMS:
        if enc.startswith("utf-16") and data.startswith(bom):
            return data[len(bom) : offset].decode(enc, errors="replace").count("\n") + 1
    return data.count(b"\n", 0, offset) + 1


# C0 controls other than tab and line ends are never report text; in a PDF's or a page's text they
# leak from an encoding (a NUL between the glyphs of `80%`), so they go and the characters around
# them join up as printed. Vertical tab and form feed (page breaks of text dumps) end a line.
DROPPED_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")
# A lone surrogate (a PDF's ToUnicode map can make one) cannot be written as UTF-8; one U+FFFD for
# each keeps every offset.
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """`\\n` line ends, no control characters but tab and newline, no lone surrogates."""
    # str.replace, not str.translate: a translate table is looked up for every character
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    return _LONE_SURROGATE.sub("\ufffd", DROPPED_CONTROLS.sub("", text))
