"""A table as a Stata .dta file, format 118 (Stata 14 and later): Unicode throughout, so Chinese
survives (pandas' default, format 114, is Latin-1 and cannot hold it).

- Variable labels: the table's short labels (helpers.metadata.codebook, ≤ 80 characters).
- Coded columns (kind, bound, measure, period, direction, verdict …) are integers with value
  labels whose words are those of figures.csv (codebook.CODE_LISTS; 1 = the first word); an empty
  cell is the missing value `.`. Booleans are 0/1 bytes.
- The quote and section columns, and any text longer than a fixed-width str can hold (2045
  bytes), are strL.
- The data label names the source (≤ 80 characters); the time stamp is the newest report's
  delivery date (else 1 January of its year), never the clock, so the same dataset always gives
  the same bytes."""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd

from helpers.errors import InputError, InternalError
from helpers.metadata.codebook import MAX_LABEL, TableSpec

STATA_VERSION = 118
STR_MAX_BYTES = 2045  # longest fixed-width string (str2045) of format 118
ALWAYS_STRL = ("quote", "section")


def _coded(series: pd.Series, name: str, codes: dict[str, int]) -> pd.Series:
    words = series.astype(str)
    unknown = sorted(set(words) - set(codes) - {""})
    if unknown:
        allowed = ", ".join(codes)
        raise InputError(f"column {name}: value {unknown[0]!r} is not one of {allowed}; "
                         "the table does not follow its schema")
    return words.map(codes).astype("Int8")


def _is_long_text(name: str, series: pd.Series) -> bool:
    if name in ALWAYS_STRL or name.endswith("_quote"):
        return True
    longest = series.astype(str).map(lambda s: len(s.encode("utf-8"))).max() if len(series) else 0
    return bool(longest > STR_MAX_BYTES)


def stata_frame(df: pd.DataFrame, spec: TableSpec) -> tuple[pd.DataFrame, dict, list[str]]:
    """The frame as written (codes for coded columns, 0/1 for booleans), its value labels and
    the strL columns."""
    out, value_labels, strl = {}, {}, []
    for column in spec.columns:
        s = df[column.name]
        codes = spec.codes(column.name)
        if codes:
            out[column.name] = _coded(s, column.name, codes)
            value_labels[column.name] = {code: word for word, code in codes.items()}
        elif column.dtype == "boolean":
            out[column.name] = s.astype("Int8") if s.isna().any() else s.astype("int8")
        elif column.dtype == "string":
            out[column.name] = s.astype(str)
            if _is_long_text(column.name, s):
                strl.append(column.name)
        else:
            out[column.name] = s
    return pd.DataFrame(out), value_labels, strl


def fit_label(text: str) -> str:
    """A data label of at most 80 characters."""
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def stata_bytes(df: pd.DataFrame, spec: TableSpec, *, data_label: str, time_stamp: datetime) -> bytes:
    """The .dta file of `df` (columns of `spec`)."""
    frame, value_labels, strl = stata_frame(df, spec)
    labels = {name: spec.label(name) for name in spec.names}
    too_long = [n for n, text in labels.items() if len(text) > MAX_LABEL]
    if too_long:
        raise InternalError(f"the Stata label of {too_long[0]} is over {MAX_LABEL} characters")
    buffer = io.BytesIO()
    frame.to_stata(buffer, write_index=False, version=STATA_VERSION, convert_strl=strl,
                   variable_labels=labels, value_labels=value_labels,
                   data_label=fit_label(data_label), time_stamp=time_stamp)
    return buffer.getvalue()
