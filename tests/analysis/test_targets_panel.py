"""The targets panel: one row per region × year × headline indicator, with last year's result,
the next report's outcome and the verdict."""

import math

import pandas as pd
import pytest
from _corpus import corpus_file

from helpers.analysis.targets_panel import qualifier, targets_panel
from helpers.metadata.columns import coerce
from helpers.metadata.panel import Panel
from helpers.metadata.report_meta import ReportMeta
from helpers.metadata.targets_columns import TARGET_COLUMNS

IM = dict(region="Inner Mongolia", region_zh="内蒙古自治区")
_counter = iter(range(1, 10_000))


def fig(year: int, kind: str, indicator: str, text: str, value: float, **kw) -> dict:
    n = next(_counter)
    ref = year if kind == "target" else year - 1
    row = {
        "figure_id": f"inner_mongolia-{year}-{n:04d}", **IM, "report_year": year, "paragraph": 1 + n,
        "char_start": 10 * n, "char_end": 10 * n + len(text), "text": text,
        "quote": kw.pop("quote", f"{indicator}增长{text}"), "section": "", "kind": kind,
        "is_estimate": kw.pop("is_estimate", False), "is_headline": kw.pop("is_headline", kind == "target"),
        "ref_year": ref, "period": "year", "period_start": ref, "period_end": ref, "indicator": indicator,
        "indicator_zh": indicator, "indicator_en": indicator, "measure": kw.pop("measure", "growth"),
        "direction": kw.pop("direction", "up"), "value": value, "unit_zh": "%", "unit": kw.pop("unit", "percent"),
        "bound": kw.pop("bound", "exact"), "lower": value, "upper": value,
    }
    row.update(kw)
    return row


REPORT_2024 = [
    fig(2024, "result", "gdp", "6%", 6.0),
    fig(2024, "target", "gdp", "5.5%左右", 5.5, bound="approx", quote="地区生产总值增长5.5%左右"),
    fig(2024, "target", "budget_revenue", "3%以上", 3.0, bound="min", upper=None),
    fig(2024, "target", "energy_intensity", "2%左右", 2.0, bound="approx", direction="down",
        quote="单位地区生产总值能耗降低2%左右"),
    fig(2024, "target", "cpi", "3%左右", 3.0, bound="approx", is_headline=False, quote="居民消费价格涨幅3%左右"),
]
REPORT_2025 = [
    fig(2025, "result", "gdp", "5.8%", 5.8, is_estimate=True),
    fig(2025, "result", "budget_revenue", "2%", 2.0),
    fig(2025, "result", "energy_intensity", "2.5%", 2.5, direction="down"),
    fig(2025, "result", "cpi", "0.2%", 0.2),
    fig(2025, "result", "unemployment_rate", "5.1%", 5.1, measure="share", direction=""),
    fig(2025, "target", "gdp", "5%—5.5%", 5.25, bound="range", lower=5.0, upper=5.5),
]


@pytest.fixture(scope="module")
def table():
    figures = coerce(pd.DataFrame(REPORT_2024 + REPORT_2025))
    metas = [ReportMeta(**IM, report_year=2024), ReportMeta(**IM, report_year=2025)]
    return targets_panel(Panel(figures, metas))


def row(table, year, indicator):
    found = table[(table["year"] == year) & (table["indicator"] == indicator)]
    assert len(found) == 1, (year, indicator, len(found))
    return found.iloc[0]


def test_columns_and_rows(table):
    assert tuple(table.columns) == tuple(c.name for c in TARGET_COLUMNS)
    rows = list(zip(table["year"], table["indicator"], strict=True))
    assert rows == [
        (2024, "gdp"), (2024, "budget_revenue"), (2024, "energy_intensity"),  # headline, text order
        (2024, "cpi"), (2024, "unemployment_rate"), (2024, "urban_new_jobs"),  # core indicators
        (2025, "gdp"), (2025, "cpi"), (2025, "unemployment_rate"), (2025, "urban_new_jobs"),
    ]


def test_target_last_year_and_outcome(table):
    gdp = row(table, 2024, "gdp")
    assert (gdp["target_text"], gdp["target_point"], gdp["target_qualifier"], gdp["target_about"]) == \
        ("5.5%左右", 5.5, "左右", True)
    assert (gdp["prior_year"], gdp["prior_point"], gdp["prior_text"]) == (2023, 6.0, "6%")
    assert (gdp["outcome_report_year"], gdp["outcome_point"], gdp["outcome_text"]) == (2025, 5.8, "5.8%")
    assert bool(gdp["outcome_is_estimate"]) is True
    assert gdp["verdict"] == "met" and gdp["gap"] == pytest.approx(0.3)
    assert gdp["target_quote"] == "地区生产总值增长5.5%左右"
    assert gdp["target_figure_id"].startswith("inner_mongolia-2024-")
    assert gdp["outcome_figure_id"].startswith("inner_mongolia-2025-")
    revenue = row(table, 2024, "budget_revenue")
    assert (revenue["target_floor"], revenue["target_qualifier"], revenue["verdict"]) == (True, "以上", "missed")
    assert revenue["prior_text"] == "" and math.isnan(revenue["prior_point"])


def test_decline_and_cap(table):
    energy = row(table, 2024, "energy_intensity")
    assert (energy["target_point"], energy["target_value"], energy["target_direction"]) == (-2.0, 2.0, "down")
    assert (energy["outcome_point"], energy["verdict"]) == (-2.5, "met")
    cpi = row(table, 2024, "cpi")
    assert (bool(cpi["is_headline"]), bool(cpi["target_set"]), bool(cpi["scored_as_cap"])) == (False, True, True)
    assert cpi["verdict"] == "met"


def test_core_indicator_without_target(table):
    jobless = row(table, 2024, "unemployment_rate")
    assert (bool(jobless["target_set"]), jobless["verdict"], jobless["outcome_point"]) == (False, "no target set", 5.1)
    assert jobless["target_text"] == "" and math.isnan(jobless["target_point"])
    assert row(table, 2024, "urban_new_jobs")["note"] == "and no outcome stated"


def test_range_and_no_next_report(table):
    gdp = row(table, 2025, "gdp")
    assert (gdp["target_bound"], gdp["target_point"], gdp["target_lower"], gdp["target_upper"]) == ("range", 5.25, 5.0, 5.5)
    assert gdp["target_qualifier"] == "" and not (gdp["target_floor"] or gdp["target_ceiling"] or gdp["target_about"])
    assert (gdp["prior_point"], gdp["prior_text"]) == (5.8, "5.8%")
    assert gdp["verdict"] == "" and pd.isna(gdp["outcome_report_year"])
    assert gdp["note"] == "no 2026 report of this region in the panel"


@pytest.mark.parametrize("text,quote,bound,expected", [
    ("6%左右", "地区生产总值增长6%左右", "approx", "左右"),
    ("18万人以上", "城镇新增就业18万人以上", "min", "以上"),
    ("5.5%以内", "城镇调查失业率控制在5.5%以内", "max", "以内"),
    ("3%", "赤字率不超过3%", "max", "不超过"),
    ("50万人", "城镇新增就业约50万人", "approx", "约"),
    ("800亿斤", "分别稳定在800亿斤、60亿斤、160亿斤以上", "min", "以上"),
    ("3000 多人", "新增就业3000 多人", "min", "多"),
    ("5%—5.5%", "增长5%—5.5%", "range", ""),
    ("6%", "增长6%", "exact", ""),
])
def test_qualifier_as_printed(text, quote, bound, expected):
    assert qualifier(text, quote, bound) == expected


def test_national_pair_from_the_corpus():
    from helpers.figures.report import load_report

    reports = [load_report(corpus_file(f"national_{y}.txt")) for y in (2024, 2025)]
    panel = Panel(pd.concat([r.figures for r in reports], ignore_index=True), [r.meta for r in reports])
    t = targets_panel(panel)
    y24 = t[t["year"] == 2024].set_index("indicator")
    assert (y24.loc["gdp", "target_text"], y24.loc["gdp", "outcome_text"], y24.loc["gdp", "verdict"]) == \
        ("5%左右", "5%", "met")
    assert y24.loc["urban_new_jobs", "target_qualifier"] == "以上" and bool(y24.loc["urban_new_jobs", "target_floor"])
    assert y24.loc["energy_intensity", "target_point"] == -2.5
    assert y24.loc["grain_output", "verdict"] == "exceeded"
    assert t["target_figure_id"].str.startswith("national-").all()
