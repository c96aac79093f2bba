"""PDFs with a text layer: the text of each page, its visual lines joined back into paragraphs."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import logging
import re
import unicodedata
import warnings
from pathlib import Path

from helpers.errors import InputError
from helpers.read import limits
from helpers.read.limits import size_text
from helpers.read.plaintext import CJK_OR_FULLWIDTH
from helpers.read.source import clean_text

_PAGE_FURNITURE = re.compile(
    r"^\s*(?:[-—–－]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[-—–－])?\s*$|^\s*\d+\s*/\s*\d+\s*$"
)
_HEADING = re.compile(
    r"^[\s\u3000]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[章部分节])"
)
_ENDS_SENTENCE = re.compile(r"[。！？；：!?;:”」』）)]\s*$")


# pypdf's decompression limits that limits.PDF_MAX_STREAM_BYTES tightens (those its version has).
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
                if chars > limits.MAX_TEXT_CHARS:
                    raise InputError(
                        f"{path}: the PDF's text runs past {limits.MAX_TEXT_CHARS:,} characters by page "
                        f"{number}; a report is far shorter, so this is not one report"
                    )
                pages.append(clean_text(text))
    except (InputError, MemoryError):
        raise
    except LimitReachedError as exc:
        raise InputError(
            f"{path}: refused: the PDF goes past a safety limit while being read ({_one_line(exc)}); "
            f"a stream may inflate to {size_text(limits.PDF_MAX_STREAM_BYTES)} at most (a decompression bomb?)"
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
    """pypdf's stream limits lowered to limits.PDF_MAX_STREAM_BYTES while we read; a pypdf too old for
    Configuration keeps its own fixed limits (75 MB a stream)."""
    try:
        from pypdf import Configuration, apply_configuration
    except ImportError:
        return contextlib.nullcontext()
    known = {field.name for field in dataclasses.fields(Configuration)}
    return apply_configuration(
        **{name: limits.PDF_MAX_STREAM_BYTES for name in _PDF_STREAM_LIMITS if name in known}
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
    line = re.sub(rf"(?<={CJK_OR_FULLWIDTH}) {{2,}}(?={CJK_OR_FULLWIDTH})", "", line)
    return re.sub(r" {2,}", " ", line)


def _join(current: str, piece: str) -> str:
    if not current:
        return piece
    # Latin words broken across lines need a space; Chinese and numbers do not.
    if re.search(r"[A-Za-z]$", current) and re.match(r"[A-Za-z]", piece):
        return f"{current} {piece}"
    return current + piece
