"""Every row of rules/units.csv, run: its example, read in a report, gives a figure in that unit
(or, for a multiplier, a value multiplied by its factor)."""

from __future__ import annotations

import re

import pytest

from helpers.figures.table import extract_figures
from helpers.rules import read_csv
from helpers.rules.units import UNITS_CSV, multipliers, units

ROWS = read_csv(UNITS_CSV)
HEAD = "一、2024年工作回顾\n过去一年，工作取得成效。\n二、2025年工作安排\n"


def _first_figure(example: str):
    figures = extract_figures(HEAD + example + "。", "Hubei", 2025, "湖北省")
    mine = figures[figures["char_start"] >= len(HEAD)]
    assert len(mine), f"no figure in {example!r}"
    return mine.iloc[0]


def test_codes_and_factors_are_well_formed():
    assert len({r["printed"] for r in ROWS}) == len(ROWS)
    for r in ROWS:
        assert r["role"] in ("unit", "count", "special", "multiplier"), r
        if r["role"] == "multiplier":
            assert float(r["factor"]) >= 100 and not r["code"]
        else:
            assert re.fullmatch(r"[A-Za-z_0-9]+", r["code"]), r
    assert list(multipliers()) == sorted(multipliers(), key=lambda m: -multipliers()[m])
    assert units()["%"] == "percent" and units()["人"] == "person"


@pytest.mark.parametrize("row", [r for r in ROWS if r["example"]], ids=lambda r: r["printed"])
def test_example(row):
    fig = _first_figure(row["example"])
    if row["role"] == "multiplier":
        number = float(re.search(r"\d+(?:\.\d+)?", row["example"]).group())
        assert fig["value"] == pytest.approx(number * float(row["factor"]))
    elif row["role"] == "special":
        assert fig["unit"] == row["code"]
    else:
        assert (fig["unit_zh"], fig["unit"]) == (row["printed"], row["code"])


def test_rows_without_example_say_why():
    for r in ROWS:
        if not r["example"]:
            assert r["note"], r["printed"]
