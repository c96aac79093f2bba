"""output.panel_parts.csv_lines writes a part's CSV lines as DataFrame.to_csv does, byte for
byte: on real figures and scorecard tables and on values that test the formatting."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _corpus import corpus_texts

from helpers.analysis.scorecard import scorecard
from helpers.figures.report import load_report
from helpers.output.panel_parts import CSV_DIALECT, csv_lines, panel_order
from helpers.paths import SEED_REPORT


def _pandas(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(header=False, **CSV_DIALECT).encode("utf-8")


@pytest.mark.parametrize("path", [SEED_REPORT, *corpus_texts()], ids=lambda p: getattr(p, "stem", "corpus"))
def test_a_reports_figures_as_pandas_writes_them(path):
    figures = panel_order(load_report(path).figures)
    assert csv_lines(figures) == _pandas(figures)


def test_a_scorecard_as_pandas_writes_it():
    figures = load_report(SEED_REPORT).figures
    table = scorecard(figures, figures.assign(report_year=figures["report_year"] + 1), registered_only=False)
    assert len(table) and csv_lines(table) == _pandas(table)


def test_awkward_values_as_pandas_writes_them():
    frame = pd.DataFrame({
        "text": pd.array(['a,b', 'say "x"', "two\nlines", "", " lead", "=1+1", "末尾\r"], dtype="str"),
        "number": [0.1, 1e16, 1e-5, -0.0, np.nan, float("inf"), 123456789.123456789],
        "count": pd.array([1, None, -3, 0, 2**40, None, 7], dtype="Int64"),
        "flag": [True, False, True, True, False, False, True],
        "plain": np.arange(7, dtype="int64"),
        "maybe": pd.array([True, None, False, True, None, False, True], dtype="boolean"),
        "objects": ["x", "y,z", "", "w", "q", "r", "s"],
    })
    assert csv_lines(frame) == _pandas(frame)


def test_other_dtypes_are_left_to_pandas():
    frame = pd.DataFrame({"when": pd.to_datetime(["2025-01-01", None]), "mixed": [1, "a"]})
    assert csv_lines(frame) == _pandas(frame)
    assert csv_lines(frame.iloc[:0]) == b""
