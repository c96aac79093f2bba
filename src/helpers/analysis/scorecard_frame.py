"""The scorecard's frame: its columns, in order, and their dtypes (helpers.analysis.scorecard
judges the rows; this makes the typed table of them)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

SCORECARD_FRAME_COLUMNS = (
    "region_code", "region", "region_zh", "target_year", "result_year",
    "indicator", "indicator_en", "indicator_zh", "measure", "unit", "unit_zh",
    "good_direction", "is_ceiling",
    "target_value", "target_bound", "target_lower", "target_upper", "target_direction",
    "target_is_headline", "target_text", "target_quote", "target_figure_id",
    "result_value", "result_bound", "result_direction", "result_is_estimate", "result_text",
    "result_quote", "result_figure_id",
    "tolerance", "gap", "verdict", "note",
)


def missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


_FLOAT_COLUMNS = ("target_value", "target_lower", "target_upper", "result_value", "tolerance", "gap")
_YEAR_COLUMNS = ("target_year", "result_year")
_BOOL_COLUMNS = ("is_ceiling", "target_is_headline")
_TEXT_COLUMNS = ("result_bound", "result_direction", "result_text", "result_quote", "result_figure_id",
                 "target_bound", "target_direction", "target_text", "target_quote", "target_figure_id",
                 "unit_zh", "note", "good_direction")


def scorecard_frame(rows: list[dict]) -> pd.DataFrame:
    """Scorecard rows as a typed frame with SCORECARD_FRAME_COLUMNS."""
    columns = list(SCORECARD_FRAME_COLUMNS)
    if rows and all(len(r) == len(columns) and all(c in r for c in columns) for r in rows):
        try:
            return _typed_columns(rows, columns)
        except (TypeError, ValueError):  # values of another kind: typed the general way below
            pass
    df = pd.DataFrame(rows, columns=columns)
    for col in _FLOAT_COLUMNS:
        df[col] = pd.to_numeric(df[col]).astype("float64")
    for col in _YEAR_COLUMNS:
        df[col] = df[col].astype("Int64")
    df["result_is_estimate"] = df["result_is_estimate"].astype("boolean")
    for col in _BOOL_COLUMNS:
        df[col] = df[col].astype(bool)
    for col in _TEXT_COLUMNS:
        df[col] = df[col].fillna("").astype(str)
    return df


def _typed_columns(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """scorecard_frame's general path, column by column from the rows' own values: the same
    frame at a tenth of the cost (a panel builds one per pair of reports)."""
    data = {}
    for col in columns:
        values = [r[col] for r in rows]
        if col in _FLOAT_COLUMNS:
            if any(v is not None and type(v) is not float for v in values):
                raise TypeError(col)
            data[col] = np.array(values, dtype="float64")  # None is NaN
        elif col in _YEAR_COLUMNS:
            data[col] = pd.array(values, dtype="Int64")
        elif col == "result_is_estimate":
            data[col] = pd.array(values, dtype="boolean")
        elif col in _BOOL_COLUMNS:
            data[col] = np.array([bool(v) for v in values], dtype=bool)
        elif col in _TEXT_COLUMNS:
            data[col] = pd.array(["" if missing(v) else str(v) for v in values], dtype="str")
        else:
            data[col] = pd.Series(values)
    return pd.DataFrame(data, columns=columns)
