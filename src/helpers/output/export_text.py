"""A table as CSV, JSON or Parquet bytes.

- CSV is UTF-8 with `\\n` line ends, every column of the table; the figures table written this way
  is byte for byte figures.csv. `bom=True` puts a UTF-8 byte-order mark in front, so that Excel
  on Windows reads the file as UTF-8 (without it, Chinese shows as mojibake).
- Spreadsheet-safe CSV (`safe=True`) is for opening in a spreadsheet, not for analysis: in every
  text column, a cell whose first character is `=`, `+`, `-`, `@`, a tab or a carriage return
  gets an apostrophe (`'`) in front, so that the spreadsheet shows it as text instead of running
  it as a formula (the OWASP rule against CSV injection). Nothing else changes: numbers (signed
  or not) stay numbers, and a cell that does not begin with one of those characters is left as
  it is. The apostrophe is one added character: for the exact quote use figures.csv, Parquet or
  JSON, which never alter text.
- JSON is an array of row objects, keys in column order, UTF-8 (no \\u escapes), missing as null,
  numbers as written by Python (they read back exactly), one row per line.
- Parquet is the typed table (pyarrow)."""

from __future__ import annotations

import io
import json
import math

import pandas as pd

from helpers.metadata.codebook import TableSpec

BOM = b"\xef\xbb\xbf"
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"


def neutralise(text: str) -> str:
    """`=SUM(A1)` → `'=SUM(A1)`; text not beginning with a formula lead is returned as it is."""
    return NEUTRALISER + text if text.startswith(FORMULA_LEADS) else text


def csv_bytes(df: pd.DataFrame, spec: TableSpec, *, bom: bool = False, safe: bool = False) -> bytes:
    frame = df[list(spec.names)].copy()
    if safe:
        for column in spec.columns:
            if column.dtype == "string":
                frame[column.name] = frame[column.name].astype(str).map(neutralise)
    data = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    return BOM + data if bom else data


def _json_value(value):
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def json_bytes(df: pd.DataFrame, spec: TableSpec) -> bytes:
    names = list(spec.names)
    lines = [json.dumps(dict(zip(names, (_json_value(v) for v in row), strict=True)), ensure_ascii=False)
             for row in df[names].itertuples(index=False, name=None)]
    body = ",\n".join(lines)
    return (f"[\n{body}\n]\n" if lines else "[]\n").encode("utf-8")


def parquet_bytes(df: pd.DataFrame, spec: TableSpec) -> bytes:
    buffer = io.BytesIO()
    df[list(spec.names)].to_parquet(buffer, index=False)
    return buffer.getvalue()
