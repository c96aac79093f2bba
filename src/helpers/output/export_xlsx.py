"""A table as an Excel workbook (.xlsx, openpyxl): a `data` sheet (the table: header row frozen,
text as text), a `codebook` sheet (the data dictionary of its columns: type, allowed values, the
codes of the .dta, label, description) and an `about` sheet (source reports, data version, the
tool, the licence, how to cite).

Report text is never a formula: every text cell is written as a string (openpyxl would turn a
text beginning with `=` into a formula, and `#N/A` into an error value), so a quote that begins
with `=`, `+`, `-` or `@` shows exactly as printed. xlsx is Unicode: Chinese needs nothing.
Numbers keep 16 significant digits (openpyxl's writer; Excel shows 15), so a float artefact
such as 110.00000000000001 is 110 here: for exact doubles use CSV, Parquet, JSON or Stata.

The bytes are reproducible: the workbook's created/modified dates and the zip entries' times
are the stamp given (the newest report's delivery date), not the clock."""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime

import pandas as pd

from helpers import PROJECT_NAME
from helpers.errors import InputError
from helpers.metadata.codebook import TableSpec, codes_text

CODEBOOK_HEADER = ("column", "type", "required", "allowed values", "codes in the .dta", "label", "description")
WIDE = ("quote", "section", "description")


def _plain(value):
    """A cell value openpyxl takes: None for missing, Python scalars."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def _cell(ws, value, font=None):
    """A cell of the write-only sheet: a plain value where openpyxl keeps it as it is (numbers,
    booleans, ordinary text: the fast path), a cell forced to text where openpyxl would read a
    formula (`=…`) or an error value (`#N/A`) into it."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

    value = _plain(value)
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        raise InputError(f"a cell holds a control character Excel cannot store: {value[:40]!r}")
    forced = isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES)
    if font is None and not forced:
        return value
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text: never a formula or an error value
    if font is not None:
        cell.font = font
    return cell


def _sheet(wb, title: str, header: Sequence[str], rows, widths: dict[int, float]):
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    for i, width in widths.items():
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    bold = Font(bold=True)
    ws.append([_cell(ws, name, bold) for name in header])
    for row in rows:
        ws.append([_cell(ws, v) for v in row])
    return ws


def _width(name: str) -> float:
    if name in WIDE or name.endswith("_quote"):
        return 60.0
    return float(min(40, max(10, len(name) + 2)))


def codebook_rows(spec: TableSpec) -> list[tuple]:
    """The data dictionary of `spec`, one row per column (the codebook sheet)."""
    rows = []
    for c in spec.columns:
        allowed = ", ".join(c.categories) + ("" if c.required else " or empty") if c.categories else ""
        rows.append((c.name, c.dtype, "yes" if c.required else "no", allowed,
                     codes_text(spec.codes(c.name)), spec.label(c.name), c.description))
    return rows


def _stable_zip(data: bytes, stamp: datetime) -> bytes:
    """The same workbook with every time in it set to `stamp`."""
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    iso = stamp.strftime("%Y-%m-%dT00:00:00Z")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                                 rb"\g<1>" + iso.encode() + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, content)
    return out.getvalue()


def xlsx_bytes(df: pd.DataFrame, spec: TableSpec, *, about: Sequence[tuple[str, str]], stamp: datetime) -> bytes:
    """The workbook of `df` (columns of `spec`) with its codebook and about sheets."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.creator = PROJECT_NAME
    wb.properties.title = spec.title
    wb.properties.created = wb.properties.modified = stamp
    names = list(spec.names)
    rows = df[names].itertuples(index=False, name=None)
    _sheet(wb, "data", names, rows, {i: _width(n) for i, n in enumerate(names)})
    _sheet(wb, "codebook", CODEBOOK_HEADER, codebook_rows(spec),
           {0: 22, 1: 9, 2: 9, 3: 30, 4: 40, 5: 50, 6: 90})
    _sheet(wb, "about", ("field", "value"), about, {0: 16, 1: 120})
    buffer = io.BytesIO()
    wb.save(buffer)
    return _stable_zip(buffer.getvalue(), stamp)
