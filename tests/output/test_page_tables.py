"""Tables as notebooks show them: whole, numbers for people, aligned text beside the HTML."""

import unicodedata

import pandas as pd
import pytest

from helpers.figures.report import load_report
from helpers.output.page_tables import PageTable, format_number, show
from helpers.paths import SEED_REPORT


def wcswidth(line: str) -> int:
    """Columns a terminal draws `line` in: wide (W) and full-width (F) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize("value, shown", [
    (3e10, "30,000,000,000"), (2025, "2025"), (4900.0, "4900"), (57761, "57,761"),
    (5.5, "5.5"), (-3.0, "-3"), (0.2, "0.2"), (4.458599, "4.4586"), (12345.678, "12,345.678"),
    (float("nan"), ""), (None, ""), (True, "True"), (0.00001, "1.00e-05"),
])
def test_numbers_are_written_for_people(value, shown):
    assert format_number(value) == shown


def test_every_row_is_shown_in_both_forms():
    frame = pd.DataFrame({"n": range(67), "name": [f"指标{i}" for i in range(67)]})
    table = show(frame)
    assert len(repr(table).splitlines()) == 68  # header + 67 rows, no "..." row
    assert table._repr_html_().count("<tr") == 68
    assert "..." not in repr(table) and "..." not in table._repr_html_()


def test_text_columns_line_up_with_chinese_cells():
    frame = pd.DataFrame({"indicator": ["地区生产总值", "GDP", "城镇调查失业率"], "value": [5.0, 3e10, 5.5]})
    lines = repr(show(frame)).splitlines()
    # the value column ends at the same display column on every line (CJK is two columns wide)
    assert len({wcswidth(line) for line in lines}) == 1
    assert "30,000,000,000" in lines[2] and "e+" not in repr(show(frame))


def test_html_escapes_report_text():
    table = show(pd.DataFrame({"quote": ['<img src=x onerror="alert(1)">']}))
    assert "<img" not in table._repr_html_() and "&lt;img" in table._repr_html_()


def test_the_seed_figures_table_has_no_exponents():
    figures = load_report(SEED_REPORT).figures
    table = PageTable(figures[["indicator_zh", "text", "value", "unit"]])
    text = repr(table)
    assert "e+" not in text and len(text.splitlines()) == len(figures) + 1
