"""Read a report file (plain text, saved web page, PDF with a text layer, Word .docx) into text.

Offsets in the figures table refer to the text returned here, so every format is reduced to the
same shape: one paragraph per line, `\\n` line ends. The format is sniffed from the bytes (the
extension only breaks ties), and the raw bytes' sha256 identifies the input.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
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


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str
    format: str  # txt, html, pdf, docx
    encoding: str  # as detected for txt/html; "utf-8" (its XML) for docx; "pdf" for a text layer
    sha256: str  # of the file's bytes


def read_report(path: str | Path) -> SourceText:
    """Read one report file; any problem with it is an InputError with a one-line message."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a report file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    fmt = sniff_format(data, path.suffix)
    if fmt == "pdf":
        text, encoding = pdf_to_text(data, path), "pdf"
    elif fmt == "docx":
        text, encoding = docx_to_text(data, path), "utf-8"
    elif fmt == "html":
        text, encoding = html_to_text(data, path)
    else:
        text, encoding = decode_text(data, path)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    _require_report_text(text, path, fmt)
    return SourceText(path, text, fmt, encoding, hashlib.sha256(data).hexdigest())


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


def sniff_format(data: bytes, suffix: str = "") -> str:
    """'txt', 'html', 'pdf' or 'docx' from the bytes; InputError for anything else.

    Content decides: a PDF renamed .txt is read as a PDF; a file named .pdf that is not one is an
    error rather than a guess."""
    suffix = suffix.lower().lstrip(".")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            raise InputError(f"a damaged zip file, not a report; {SUPPORTED_HINT}") from None
        if "word/document.xml" in names:
            return "docx"
        kind = "an Excel workbook" if any(n.startswith("xl/") for n in names) else "a zip archive"
        raise InputError(f"{kind}, not a report; {SUPPORTED_HINT}")
    for magic, kind in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise InputError(f"{kind}, not a report; {SUPPORTED_HINT}")
    if suffix in ("pdf", "docx"):
        raise InputError(f"named .{suffix} but is not a {suffix.upper()} file; {SUPPORTED_HINT}")
    if _looks_binary(data):
        raise InputError(f"a binary file, not a text report; {SUPPORTED_HINT}")
    if _HTML_START.match(_ascii_view(head)) or suffix in ("html", "htm", "xhtml"):
        return "html"
    return "txt"


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
            try:
                return data[len(bom) :].decode(enc.replace("-sig", "")), enc
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{path}: starts with a {enc} mark but byte {exc.start} is not {enc}"
                ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
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
_BLOCK_TAGS = frozenset(
    "address article blockquote body br center dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr "
    "li main ol p pre section table tbody td th thead tr ul".split()
)


def html_to_text(data: bytes, path: Path | str = "") -> tuple[str, str]:
    """Body paragraphs of a saved web page, one per line; navigation, headers, footers and scripts
    dropped. Decoded with the declared charset when it fits, else by detection."""
    import lxml.html

    text, encoding = _decode_html(data, path)
    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
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
    return _tidy_lines("".join(pieces).replace("\n", " ").replace(_BREAK, "\n")), encoding


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
    return re.sub(r"[ \t\r\n\f]+", " ", text)


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


def pdf_to_text(data: bytes, path: Path | str = "") -> str:
    """The text layer of a PDF, page by page, with its visual lines joined back into paragraphs."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{path}: the PDF is password-protected; remove the password first")
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"{path}: a damaged PDF that cannot be read ({type(exc).__name__})"
        ) from None
    if not any(p.strip() for p in pages):
        raise InputError(
            f"{path}: the PDF has no text layer (a scan of {len(pages)} page(s)); run OCR on it first "
            "(e.g. ocrmypdf -l chi_sim) and add the result"
        )
    return reflow_lines([line for page in pages for line in _page_lines(page)])


def _page_lines(page: str) -> list[str]:
    # A NUL never belongs in text: some PDF producers' encodings leak it into extraction.
    lines = [line.replace("\x00", "").rstrip() for line in page.split("\n")]
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

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise InputError(
            f"{path}: a damaged Word file that cannot be read ({type(exc).__name__})"
        ) from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                lines.append("\t".join(cell.text.replace("\n", " ") for cell in row.cells))
    return _tidy_lines("\n".join(lines))
