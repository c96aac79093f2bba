"""Tables as a notebook shows them: every row, numbers written for people, and two forms of one
table — an HTML table for the rendered page and JupyterLab, and aligned plain text that nbval
compares and a terminal shows.

pandas alone falls short on each: a frame of more than 60 rows shows 10 of them, 3e10 prints as
`3.000000e+10`, and its plain text counts a Chinese character as one column where a terminal
draws two, so columns after a Chinese name drift."""

from __future__ import annotations

import math
from numbers import Integral, Real

import pandas as pd

GROUP_FROM = 10_000  # 2025 (a year) and 4900 stay as they are; 57,761 gets its separator
DECIMALS = 4  # at most; trailing zeros are dropped (5.50 → 5.5)


def format_number(x) -> str:
    """A number as a reader writes it: no exponent, thousands separators from 10,000, at most
    four decimals without trailing zeros; empty for a missing value."""
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return ""
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, Integral) or (isinstance(x, Real) and float(x).is_integer() and abs(x) < 1e18):
        n = int(x)
        return f"{n:,}" if abs(n) >= GROUP_FROM else str(n)
    x = float(x)
    if x != 0 and abs(x) < 10 ** -DECIMALS:
        return f"{x:.2e}"  # too small for four decimals: say so rather than print 0
    text = f"{x:,.{DECIMALS}f}" if abs(x) >= GROUP_FROM else f"{x:.{DECIMALS}f}"
    return text.rstrip("0").rstrip(".")


def _cell(x) -> str:
    if isinstance(x, str):
        return x
    if isinstance(x, Real) or x is None or x is pd.NA:
        return format_number(x)
    return str(x)


def formatted(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every cell as the text shown (numbers by format_number)."""
    return pd.DataFrame({col: [_cell(x) for x in frame[col]] for col in frame.columns},
                        index=frame.index, columns=frame.columns)


class PageTable:
    """One table, shown whole: `_repr_html_` for pages, `__repr__` (aligned text) for nbval and
    terminals. Cell text is escaped in the HTML: report quotes are shown, never run."""

    def __init__(self, frame: pd.DataFrame, *, index: bool = False):
        self.frame = frame
        self.index = index
        self._text = formatted(frame)

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        if self._text.empty and not len(self._text.columns):
            return "(no rows)"
        with pd.option_context("display.unicode.east_asian_width", True,
                               "display.max_colwidth", None, "display.width", None):
            return self._text.to_string(index=self.index)

    def _repr_html_(self) -> str:
        return self._text.to_html(index=self.index, escape=True, border=0, classes="gwr-table",
                                  na_rep="", max_rows=None, max_cols=None)


def show(frame: pd.DataFrame, *, index: bool = False) -> PageTable:
    """The table to end a notebook cell with: whole, formatted, in both forms."""
    return PageTable(frame, index=index)
