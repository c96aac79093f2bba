"""Saved web pages: the body paragraphs, one per line; navigation, headers, footers and scripts
dropped."""

from __future__ import annotations

import re
from pathlib import Path

from helpers.errors import InputError
from helpers.read.plaintext import CJK_OR_FULLWIDTH, decode_text
from helpers.read.source import BOMS, DROPPED_CONTROLS, clean_text

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
    text = clean_text(text)
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
    text = tidy_lines("".join(pieces).replace("\n", " ").replace(_BREAK, "\n"))
    return clean_text(text), encoding


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
    text = re.sub(rf"(?<={CJK_OR_FULLWIDTH})[ \t\r]*\n\s*(?={CJK_OR_FULLWIDTH})", "", text)
    text = re.sub(r"(?<=\d)[ \t\r]*\n\s*(?=\d)", "", text)
    # Character references (&#1;) give controls back after parsing: they go like raw ones.
    return re.sub(r"[ \t\r\n\f\v]+", " ", DROPPED_CONTROLS.sub("", text))


def _decode_html(data: bytes, path: Path | str) -> tuple[str, str]:
    for bom, _ in BOMS:
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


def tidy_lines(text: str) -> str:
    """One paragraph per line: strip each line, drop empty ones, collapse runs of spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines = []
    for raw in text.split("\n"):
        line = re.sub(r"[ \f\v]+", " ", raw).strip(" \t\u3000")
        if line:
            lines.append(line)
    return "\n".join(lines)
