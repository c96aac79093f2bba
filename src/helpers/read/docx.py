"""Word .docx reports: paragraphs and table rows in document order, one per line."""

from __future__ import annotations

import io
from pathlib import Path

from helpers.errors import InputError
from helpers.read.html import tidy_lines
from helpers.read.source import clean_text
from helpers.read.zipcheck import check_zip_limits, check_zip_sizes, open_zip


def docx_to_text(data: bytes, path: Path | str = "") -> str:
    """Paragraphs (and table rows, cells tab-separated) in document order, one per line."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    # Limits first: python-docx inflates every part it knows.
    with open_zip(data, f"{path}: a damaged Word file that cannot be read") as zf:
        check_zip_limits(zf.infolist(), path)
        check_zip_sizes(zf, path)
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
    return tidy_lines(clean_text("\n".join(lines)))
