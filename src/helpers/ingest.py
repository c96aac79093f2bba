"""Read a report file (plain text, saved web page, PDF with a text layer, Word .docx) into text.

Offsets in the figures table refer to the text returned here, so every format is reduced to the
same shape: one paragraph per line, `\\n` line ends. The format is sniffed from the bytes (the
extension only breaks ties), and the raw bytes' sha256 identifies the input. Hostile input (special
files, decompression bombs, NULs) is refused before it costs memory or time: see the limits below.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import errno
import hashlib
import io
import logging
import os
import re
import stat
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from helpers.errors import InputError

SUPPORTED_FORMATS = ("txt", "html", "pdf", "docx")
SUPPORTED_HINT = (
    "supported: .txt (UTF-8, GB18030/GBK, UTF-16), .html/.htm, .pdf with a text layer, .docx"
)
# A real report has thousands of Chinese characters; a page of navigation has a few dozen.
MIN_CJK_CHARS = 50
# Share of the Chinese characters that must be everyday ones: mis-decoded bytes (Big5 read as
# GBK, say) are still "CJK" but almost never these.
MIN_COMMON_SHARE = 0.25
COMMON_HANZI = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制"
    "机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正"
    "心反明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程"
    "展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手角期根"
    "论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世"
    "金增争济思术极交受联认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走"
    "积示议声报完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界"
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_OR_FULLWIDTH = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"

# --- limits: far above any real report, low enough that a hostile file cannot exhaust memory -----
# A report's text is 30-200 KB; its PDF with photos can be tens of MB.
_MIB = 1 << 20
MAX_FILE_BYTES = 100 * _MIB  # any input file; only this much (plus one byte) is ever read
MAX_TEXT_FILE_BYTES = 16 * _MIB  # a .txt or web page: 80 times the longest report
# A .docx is a zip: the sizes its headers declare are checked before anything is inflated, then
# each member is inflated in pieces (keeping nothing) to see that it keeps to them.
MAX_ZIP_MEMBERS = 10_000
MAX_UNZIPPED_MEMBER_BYTES = 64 * _MIB  # one part: document.xml of a report is a few MB
MAX_UNZIPPED_TOTAL_BYTES = 200 * _MIB  # python-docx holds every part in memory at once
# Word's XML deflates 5-20 times; deflate's ceiling is about 1032 (what bombs use). Small
# members are exempt: their ratio says nothing and their size cannot hurt.
MAX_COMPRESSION_RATIO = 200
ZIP_RATIO_MIN_BYTES = 1 * _MIB
# A PDF's streams (content, object streams) inflate to at most this each (pypdf's own default
# is 75 MB); a page of text is well under 1 MB. Images are not decoded for text extraction.
PDF_MAX_STREAM_BYTES = 32 * _MIB
# Characters extracted from a PDF, padding included: a report has under 200,000.
MAX_TEXT_CHARS = 10_000_000
# "Almost UTF-8": at most this share of the non-ASCII characters are bad bytes. GB18030 text
# read as UTF-8 fails at nearly every Chinese character.
ALMOST_UTF8_MAX_BAD_SHARE = 0.01


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
    label = _label(path)
    data = _read_bytes(path, label)
    if not data.strip():
        raise InputError(f"{label}: the file is empty")
    fmt = sniff_format(data, path.suffix, label)
    if fmt in ("txt", "html"):
        if len(data) > MAX_TEXT_FILE_BYTES:
            raise InputError(
                f"{label}: a text file of {_size(len(data))}, over the {_size(MAX_TEXT_FILE_BYTES)} "
                "limit for a text or web-page report (a report's text is 30-200 KB)"
            )
        _refuse_nul(data, label)
    if fmt == "pdf":
        text, encoding = pdf_to_text(data, label), "pdf"
    elif fmt == "docx":
        text, encoding = docx_to_text(data, label), "utf-8"
    elif fmt == "html":
        text, encoding = html_to_text(data, label)
    else:
        text, encoding = decode_text(data, label)
        text = _clean_text(text)
    _require_report_text(text, label, fmt)
    return SourceText(path, text, fmt, encoding, hashlib.sha256(data).hexdigest())


def _label(path: Path) -> str:
    """The path as messages show it: on one line, whatever bytes the name holds."""
    shown = os.fsencode(path).decode("utf-8", "backslashreplace")
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m.group())[1:-1], shown)


def _size(n: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", _MIB), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


# What stat says a path is, when it is not a regular file: reading any of these blocks (a FIFO
# waits for a writer), never ends (/dev/zero) or fails.
_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _read_bytes(path: Path, label: str) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; anything else is refused unread."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputError(_stat_problem(path, label, exc)) from None
    _require_regular_file(info.st_mode, label)
    if info.st_size > MAX_FILE_BYTES:
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
        want = min(info.st_size, MAX_FILE_BYTES) + 1
        try:
            while size <= MAX_FILE_BYTES:
                chunk = file.read(min(want, MAX_FILE_BYTES + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                want = _MIB
        except OSError as exc:
            raise InputError(f"{label}: cannot be read ({exc.strerror or exc})") from None
    if size > MAX_FILE_BYTES:
        raise InputError(_too_big(label))
    return b"".join(chunks)


def _stat_problem(path: Path, label: str, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return f"{label}: a symlink loop (the link leads back to itself); point it at the report file"
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            target = _label(Path(os.path.realpath(path)))
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
    what = f"the file is {_size(size)}, over" if size is not None else "the file is over"
    return (
        f"{label}: {what} the {_size(MAX_FILE_BYTES)} limit for a report file "
        "(a report's PDF is at most tens of MB)"
    )


def _refuse_nul(data: bytes, label: str) -> None:
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
            f"{label}: a NUL byte at byte {offset} (line {_line_at(data, offset)}): not clean text; "
            "the file is damaged there, or is not a text file"
        )


def _line_at(data: bytes, offset: int) -> int:
    for bom, enc in _BOMS:
        if enc.startswith("utf-16") and data.startswith(bom):
            return data[len(bom) : offset].decode(enc, errors="replace").count("\n") + 1
    return data.count(b"\n", 0, offset) + 1


# C0 controls other than tab and line ends are never report text; in a PDF's or a page's text they
# leak from an encoding (a NUL between the glyphs of `80%`), so they go and the characters around
# them join up as printed. Vertical tab and form feed (page breaks of text dumps) end a line.
_DROPPED_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
# A lone surrogate (a PDF's ToUnicode map can make one) cannot be written as UTF-8; one U+FFFD for
# each keeps every offset.
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _clean_text(text: str) -> str:
    """`\\n` line ends, no control characters but tab and newline, no lone surrogates."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    return _LONE_SURROGATE.sub("\ufffd", _DROPPED_CONTROLS.sub("", text))


# --- format sniffing ---------------------------------------------------------------------------

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
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
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
        infos = _zip_members(data, f"{prefix}a damaged zip file, not a report; {SUPPORTED_HINT}")
        names = [info.filename for info in infos]
        if "word/document.xml" in names:
            _check_zip_limits(infos, path)
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
    if _looks_binary(data):
        raise InputError(f"{prefix}a binary file, not a text report; {SUPPORTED_HINT}")
    if _HTML_START.match(_ascii_view(head)) or suffix in ("html", "htm", "xhtml"):
        return "html"
    return "txt"


def _open_zip(data: bytes, damaged: str) -> zipfile.ZipFile:
    """The zip with its central directory read; that inflates nothing."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except MemoryError:
        raise
    except Exception:  # BadZipFile, and struct/value errors from a crafted central directory
        raise InputError(damaged) from None


def _zip_members(data: bytes, damaged: str) -> list[zipfile.ZipInfo]:
    with _open_zip(data, damaged) as zf:
        return zf.infolist()


def _refused_word_file(path: Path | str) -> str:
    return f"{path}: refused: the Word file" if path else "refused: the Word file"


def _check_zip_limits(infos: list[zipfile.ZipInfo], path: Path | str = "") -> None:
    """Refuse a zip whose headers declare more than the limits allow, before inflating anything.
    (_check_zip_sizes then makes sure the members keep to what their headers declare.)"""
    where = _refused_word_file(path)
    if len(infos) > MAX_ZIP_MEMBERS:
        raise InputError(f"{where} has {len(infos)} members, over the limit of {MAX_ZIP_MEMBERS}")
    total = 0
    for info in infos:
        size, packed = info.file_size, info.compress_size
        if size > MAX_UNZIPPED_MEMBER_BYTES:
            raise InputError(
                f"{where}'s part {info.filename!r} would inflate to {_size(size)}, over the "
                f"{_size(MAX_UNZIPPED_MEMBER_BYTES)} limit for one part (a zip bomb?)"
            )
        if size > ZIP_RATIO_MIN_BYTES and size > MAX_COMPRESSION_RATIO * packed:
            raise InputError(
                f"{where}'s part {info.filename!r} has a compression ratio of "
                f"{size / max(packed, 1):.0f}:1 ({_size(size)} from {_size(packed)}), beyond the "
                f"{MAX_COMPRESSION_RATIO}:1 of any real document (a zip bomb?)"
            )
        total += size
    if total > MAX_UNZIPPED_TOTAL_BYTES:
        raise InputError(
            f"{where} would inflate to {_size(total)} in all, over the "
            f"{_size(MAX_UNZIPPED_TOTAL_BYTES)} limit (a zip bomb?)"
        )


def _check_zip_sizes(zf: zipfile.ZipFile, path: Path | str = "") -> None:
    """Inflate every member in 1 MiB pieces, keeping nothing, to see that it ends at its
    declared size. zipfile's read() of a member inflates all of a compressed chunk before it
    cuts the result to the declared size, so a header declaring 4 KiB for a stream that inflates
    to gigabytes would otherwise get past _check_zip_limits and exhaust memory in python-docx."""
    for info in zf.infolist():
        if info.compress_type == zipfile.ZIP_STORED:
            continue  # stored bytes are read as they are: no bigger than the file
        if info.compress_type != zipfile.ZIP_DEFLATED:
            raise InputError(
                f"{_refused_word_file(path)}'s part {info.filename!r} uses compression method "
                f"{info.compress_type}, which Word never writes"
            )
        probe = copy.copy(info)
        probe.file_size = info.file_size + 1  # read on past the declared end, if data goes on
        inflated = 0
        try:
            with zf.open(probe) as member:
                while inflated <= info.file_size and (piece := member.read(_MIB)):
                    inflated += len(piece)
        except MemoryError:
            raise
        except Exception:  # a bad CRC (what a longer stream gives), bad data, a truncated file
            inflated = -1
        if inflated != info.file_size:
            raise InputError(
                f"{_refused_word_file(path)}'s part {info.filename!r} does not inflate to the "
                f"{_size(info.file_size)} its zip header declares (a damaged file, or a zip bomb)"
            )


def _ascii_view(head: bytes) -> bytes:
    """The first bytes with any BOM and UTF-16 zero bytes dropped, enough to spot `<html`."""
    for bom, enc in _BOMS:
        if head.startswith(bom):
            if enc.startswith("utf-16"):
                return head[len(bom) :].decode(enc, errors="ignore").encode("ascii", "ignore")
            return head[len(bom) :]
    return head


def _looks_binary(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text is full of zero bytes
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(head) * 0.05


# --- plain text decoding -----------------------------------------------------------------------


def decode_text(data: bytes, path: Path | str = "") -> tuple[str, str]:
    """Decode text bytes by detection: BOM, strict UTF-8, strict GB18030 (which covers GBK and
    GB2312), and only then charset-normalizer; every guess must read as Chinese prose."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            codec = enc.replace("-sig", "")
            try:
                return data[len(bom) :].decode(codec), enc
            except UnicodeDecodeError as exc:
                raise InputError(_undecodable(data, exc, len(bom), codec, path)) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        # A cut-off last character, or a few stray bytes in UTF-8 text: say where, rather than
        # trying other encodings and ending in "cannot be decoded".
        if _cut_short(data, exc, 0) or _almost_utf8(data):
            raise InputError(_undecodable(data, exc, 0, "utf-8", path)) from None
    try:
        text = data.decode("gb18030")
        if _plausible_chinese(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = str(best)
        if _plausible_chinese(text):
            return text, best.encoding.replace("_", "-")
    raise InputError(
        f"{path}: the text cannot be decoded as Chinese (tried UTF-8, UTF-16, GB18030 and detection); "
        "save it as UTF-8"
    )


_ESCAPED_BYTE = re.compile(r"[\udc80-\udcff]")  # a bad byte, as errors="surrogateescape" keeps it


def _bad_utf8_bytes(data: bytes) -> tuple[int, int]:
    """(bad bytes, well-formed non-ASCII characters) of `data` read as UTF-8."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED_BYTE.findall(text))
    return bad, len(text) - len(text.encode("ascii", errors="ignore")) - bad


def _almost_utf8(data: bytes) -> bool:
    bad, good = _bad_utf8_bytes(data)
    return good >= MIN_CJK_CHARS and bad <= good * ALMOST_UTF8_MAX_BAD_SHARE


def _cut_short(data: bytes, exc: UnicodeDecodeError, skip: int) -> bool:
    """The only decoding error is a character cut off by the end of the file."""
    return skip + exc.end >= len(data) and exc.reason in ("unexpected end of data", "truncated data")


def _undecodable(data: bytes, exc: UnicodeDecodeError, skip: int, codec: str, path) -> str:
    """Where UTF-8 or UTF-16 text (by its BOM or by nearly all of it) goes wrong, in one line."""
    start = skip + exc.start  # exc offsets count from after the BOM
    where = f"byte {start} (line {_line_at(data, start)})"
    name = "UTF-16" if codec.startswith("utf-16") else "UTF-8"
    if _cut_short(data, exc, skip):
        return (
            f"{path}: {name} text cut short: it ends in the middle of a character at {where}; "
            "the file looks truncated, download or copy it again"
        )
    if name == "UTF-16":
        return (
            f"{path}: UTF-16 text (by its byte-order mark), but {where} starts an unpaired "
            "surrogate, which UTF-16 does not allow: the file is damaged there; fix that spot "
            "or re-save the file"
        )
    bad, _ = _bad_utf8_bytes(data[skip:])
    what = "UTF-8 text (by its byte-order mark)" if skip else "almost UTF-8"
    return (
        f"{path}: {what}, but {where} is not valid UTF-8 ({bad} bad byte{'s' * (bad != 1)} in "
        "all): fix that spot or re-save the file as UTF-8"
    )


def cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


def _plausible_chinese(text: str) -> bool:
    cjk = _CJK.findall(text)
    if len(cjk) < MIN_CJK_CHARS:
        return not cjk  # too short to judge by frequencies: decided later by the report check
    common = sum(1 for c in cjk if c in COMMON_HANZI)
    return common / len(cjk) >= MIN_COMMON_SHARE


def _require_report_text(text: str, path: Path, fmt: str) -> None:
    n = cjk_count(text)
    if n >= MIN_CJK_CHARS:
        return
    if fmt == "html":
        raise InputError(
            f"{path}: the web page has no report text in it ({n} Chinese characters outside navigation)"
        )
    what = "no Chinese text" if n == 0 else f"only {n} Chinese characters"
    raise InputError(
        f"{path}: not a government work report ({what}; at least {MIN_CJK_CHARS} expected)"
    )


# --- HTML ----------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
# Elements that are page furniture, never report text.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "form",
    "iframe",
    "select",
    "button",
    "svg",
)
# Government CMS pages mark their furniture by id/class rather than by HTML5 tags.
_FURNITURE = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|crumbs?|sidebar|share|toolbar|topbar|footer|header|copyright|skip)($|[\s_-])",
    re.I,
)
_DOCTYPE_SUBSET = re.compile(r"^\s*<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.I | re.S)
_BLOCK_TAGS = frozenset(
    "address article blockquote body br center dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr "
    "li main ol p pre section table tbody td th thead tr ul".split()
)


def html_to_text(data: bytes, path: Path | str = "") -> tuple[str, str]:
    """Body paragraphs of a saved web page, one per line; navigation, headers, footers and scripts
    dropped. Decoded with the declared charset when it fits, else by detection."""
    import lxml.html

    text, encoding = _decode_html(data, path)
    # Controls go before parsing: lxml keeps them, and \x1e is our own block mark (_BREAK).
    text = _clean_text(text)
    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    # lxml.html never expands entities, but it shows the end of a DTD's internal subset (`]>`)
    # as text; no web page has one.
    text = _DOCTYPE_SUBSET.sub("<!DOCTYPE html>", text, count=1)
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml's ParserError and friends: a page that is not a page
        raise InputError(f"{path}: cannot be parsed as a web page ({exc})") from None
    for el in list(root.iter(*_DROP_TAGS)):
        _drop(el)
    for el in list(root.iter("header", "footer")):
        # An article's own <header> holds its title: keep it; the page's header/footer go.
        if not any(a.tag in ("article", "main") for a in el.iterancestors()):
            _drop(el)
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.tag in ("html", "body"):
            continue
        marks = f"{el.get('id', '')} {el.get('class', '')} {el.get('role', '')}"
        if _FURNITURE.search(marks) and el.getparent() is not None:
            _drop(el)
    body = root.find("body")
    pieces: list[str] = []
    _collect(body if body is not None else root, pieces)
    text = _tidy_lines("".join(pieces).replace("\n", " ").replace(_BREAK, "\n"))
    return _clean_text(text), encoding


def _drop(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    # Keep the text that follows the element (its tail): it belongs to the parent.
    tail = el.tail
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


_BREAK = "\x1e"  # a block boundary while collecting; source newlines are only whitespace


def _collect(el, out: list[str]) -> None:
    if not isinstance(el.tag, str):  # comments, processing instructions
        if el.tail:
            out.append(_inline(el.tail))
        return
    block = el.tag in _BLOCK_TAGS
    if block:
        out.append(_BREAK)
    if el.text:
        out.append(_inline(el.text))
    for child in el:
        _collect(child, out)
    if block:
        out.append(_BREAK)
    elif el.tag in ("td", "th"):
        out.append("\t")
    if el.tail:
        out.append(_inline(el.tail))


def _inline(text: str) -> str:
    """HTML source whitespace: a wrapped line between Chinese characters shows as nothing (CSS
    segment-break rules), any other run of whitespace as one space. A source line wrapped inside a
    number (`1\n000余名`) is joined too: no Chinese report means a space there, and a split number
    would become two wrong figures."""
    text = re.sub(rf"(?<={_CJK_OR_FULLWIDTH})[ \t\r]*\n\s*(?={_CJK_OR_FULLWIDTH})", "", text)
    text = re.sub(r"(?<=\d)[ \t\r]*\n\s*(?=\d)", "", text)
    # Character references (&#1;) give controls back after parsing: they go like raw ones.
    return re.sub(r"[ \t\r\n\f\v]+", " ", _DROPPED_CONTROLS.sub("", text))


def _decode_html(data: bytes, path: Path | str) -> tuple[str, str]:
    for bom, _ in _BOMS:
        if data.startswith(bom):
            return decode_text(data, path)
    match = _META_CHARSET.search(data[:4096])
    if match:
        declared = match.group(1).decode("ascii").lower()
        # Pages declaring GB2312 routinely contain GBK characters; GB18030 is their superset.
        codec = (
            "gb18030"
            if declared in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030")
            else declared
        )
        try:
            return data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: fall through to detection
    return decode_text(data, path)


def _tidy_lines(text: str) -> str:
    """One paragraph per line: strip each line, drop empty ones, collapse runs of spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines = []
    for raw in text.split("\n"):
        line = re.sub(r"[ \f\v]+", " ", raw).strip(" \t\u3000")
        if line:
            lines.append(line)
    return "\n".join(lines)


# --- PDF -------------------------------------------------------------------------------------------

_PAGE_FURNITURE = re.compile(
    r"^\s*(?:[-—–－]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[-—–－])?\s*$|^\s*\d+\s*/\s*\d+\s*$"
)
_HEADING = re.compile(
    r"^[\s\u3000]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[章部分节])"
)
_ENDS_SENTENCE = re.compile(r"[。！？；：!?;:”」』）)]\s*$")


# pypdf's decompression limits that PDF_MAX_STREAM_BYTES tightens (those its version has).
_PDF_STREAM_LIMITS = (
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "brotli_maximum_output_length",
    "array_based_stream_maximum_output_length",
)


def pdf_to_text(data: bytes, path: Path | str = "") -> str:
    """The text layer of a PDF, page by page, with its visual lines joined back into paragraphs."""
    import pypdf
    from pypdf.errors import DependencyError, LimitReachedError

    pages: list[str] = []
    chars = 0
    try:
        with _quiet_pypdf(), _pdf_limits():
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError(f"{path}: the PDF is password-protected; remove the password first")
            for number, page in enumerate(reader.pages, 1):
                text = page.extract_text(extraction_mode="layout") or ""
                chars += len(text)
                if chars > MAX_TEXT_CHARS:
                    raise InputError(
                        f"{path}: the PDF's text runs past {MAX_TEXT_CHARS:,} characters by page "
                        f"{number}; a report is far shorter, so this is not one report"
                    )
                pages.append(_clean_text(text))
    except (InputError, MemoryError):
        raise
    except LimitReachedError as exc:
        raise InputError(
            f"{path}: refused: the PDF goes past a safety limit while being read ({_one_line(exc)}); "
            f"a stream may inflate to {_size(PDF_MAX_STREAM_BYTES)} at most (a decompression bomb?)"
        ) from None
    except DependencyError as exc:
        raise InputError(f"{path}: this PDF needs an optional package to be read ({_one_line(exc)})") from None
    except Exception as exc:  # PyPdfError, and what a damaged file makes pypdf's code raise
        raise InputError(
            f"{path}: a damaged PDF that cannot be read ({type(exc).__name__})"
        ) from None
    if not any(p.strip() for p in pages):
        raise InputError(
            f"{path}: the PDF has no text layer (a scan of {len(pages)} page(s)); run OCR on it first "
            "(e.g. ocrmypdf -l chi_sim) and add the result"
        )
    return reflow_lines([line for page in pages for line in _page_lines(page)])


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]


@contextlib.contextmanager
def _quiet_pypdf():
    """pypdf reports the damage it repairs through `logging` (and a little through `warnings`);
    on the command line those lines would come before our one-line error, or litter a good run.
    They are for pypdf's developers: damage that matters ends in an exception, which we report."""
    logger = logging.getLogger("pypdf")
    handler, propagate = logging.NullHandler(), logger.propagate
    logger.addHandler(handler)  # a handler, so that logging's last-resort stderr one stays out
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _pdf_limits():
    """pypdf's stream limits lowered to PDF_MAX_STREAM_BYTES while we read; a pypdf too old for
    Configuration keeps its own fixed limits (75 MB a stream)."""
    try:
        from pypdf import Configuration, apply_configuration
    except ImportError:
        return contextlib.nullcontext()
    known = {field.name for field in dataclasses.fields(Configuration)}
    return apply_configuration(
        **{name: PDF_MAX_STREAM_BYTES for name in _PDF_STREAM_LIMITS if name in known}
    )


def _page_lines(page: str) -> list[str]:
    lines = [line.rstrip() for line in page.split("\n")]
    lines = [line for line in lines if not _PAGE_FURNITURE.match(line)]
    while lines and not lines[-1].strip():
        lines.pop()
    # The page break is not a paragraph break: the caller decides from the lines themselves.
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def reflow_lines(lines: list[str]) -> str:
    """Join visual lines (from layout extraction, indentation kept) into paragraphs.

    Printed reports mark a paragraph by indenting its first line; so a new paragraph starts at an
    indented line, after a blank line (a vertical gap), and at a numbered heading. When the
    document has no indented lines at all, a line that ends a sentence well short of the full
    width ends its paragraph instead. Anything else continues the previous line."""
    texts = [line for line in lines if line.strip()]
    margins = sorted(_indent(line) for line in texts)
    margin = margins[len(margins) // 4] if margins else 0
    indented = any(_indent(line) >= margin + 2 for line in texts)
    widths = sorted(display_width(_squeeze(line)) for line in texts)
    full = widths[int(len(widths) * 0.9)] if widths else 0
    paragraphs: list[str] = []
    current = ""
    ends_paragraph = True
    for line in lines:
        if not line.strip():
            ends_paragraph = True
            continue
        piece = _squeeze(line)
        heading = bool(_HEADING.match(piece))
        if current and (ends_paragraph or heading or _indent(line) >= margin + 2):
            paragraphs.append(current)
            current = piece
        else:
            current = _join(current, piece)
        # Mid-paragraph lines of justified text run to the margin; the last line stops short.
        width = display_width(piece) / full if full else 1.0
        if _ENDS_SENTENCE.search(piece):
            ends_paragraph = width < 0.8
        else:
            ends_paragraph = width < (0.5 if indented and not heading else 0.85)
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def _indent(line: str) -> int:
    return display_width(line) - display_width(line.lstrip(" \u3000"))


def _squeeze(line: str) -> str:
    """Layout extraction pads with runs of spaces: drop them between Chinese characters, else one."""
    line = line.strip(" \u3000")
    line = re.sub(rf"(?<={_CJK_OR_FULLWIDTH}) {{2,}}(?={_CJK_OR_FULLWIDTH})", "", line)
    return re.sub(r" {2,}", " ", line)


def _join(current: str, piece: str) -> str:
    if not current:
        return piece
    # Latin words broken across lines need a space; Chinese and numbers do not.
    if re.search(r"[A-Za-z]$", current) and re.match(r"[A-Za-z]", piece):
        return f"{current} {piece}"
    return current + piece


# --- Word .docx -------------------------------------------------------------------------------


def docx_to_text(data: bytes, path: Path | str = "") -> str:
    """Paragraphs (and table rows, cells tab-separated) in document order, one per line."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    # Limits first: python-docx inflates every part it knows.
    with _open_zip(data, f"{path}: a damaged Word file that cannot be read") as zf:
        _check_zip_limits(zf.infolist(), path)
        _check_zip_sizes(zf, path)
    try:
        document = docx.Document(io.BytesIO(data))
    except MemoryError:
        raise
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise InputError(
            f"{path}: a damaged Word file that cannot be read ({type(exc).__name__})"
        ) from None
    # python-docx's parser resolves no entity (so an external one reads no file), but the text of
    # a run then stops at the entity. Word never writes a DTD: one is an attack or a forgery.
    if document.element.getroottree().docinfo.doctype:
        raise InputError(
            f"{path}: refused: the Word document declares a DTD, which Word never writes "
            "(an XML entity attack?)"
        )
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                lines.append("\t".join(cell.text.replace("\n", " ") for cell in row.cells))
    return _tidy_lines(_clean_text("\n".join(lines)))
