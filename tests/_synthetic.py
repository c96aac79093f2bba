"""A small synthetic figures table (one report of "Testland", 2025) for the analysis and chart
tests: results of 2024, headline and sector targets of 2025, a stretch goal, a range, a target
of a later year."""

import pandas as pd

from helpers.metadata.columns import COLUMN_NAMES, coerce

PLAN = "二、2025年工作安排"


def figure(n, indicator, kind, value, *, measure="level", unit="", unit_zh="", bound="exact",
           ref_year=None, is_headline=False, is_estimate=False, direction="", section=PLAN,
           lower=None, upper=None, text=""):
    if ref_year is None:
        ref_year = {"result": 2024, "target": 2025}.get(kind)
    return {
        "figure_id": f"f{n}", "region": "Testland", "region_zh": "测试省", "report_year": 2025,
        "paragraph": 1 + n // 3, "char_start": 10 * n, "char_end": 10 * n + 5,
        "text": text or f"{value}", "quote": f"quote {n} of {indicator}", "section": section,
        "kind": kind, "is_estimate": is_estimate, "is_headline": is_headline, "ref_year": ref_year,
        "period": "" if kind == "context" else "year", "period_start": ref_year, "period_end": ref_year,
        "indicator": indicator, "indicator_zh": f"{indicator}_zh", "indicator_en": f"{indicator} (en)",
        "measure": measure, "direction": direction, "value": value, "unit_zh": unit_zh,
        "unit": unit, "bound": bound, "lower": lower, "upper": upper,
    }


def table(*rows):
    df = coerce(pd.DataFrame(list(rows)))
    assert tuple(df.columns) == COLUMN_NAMES
    return df


def synthetic_figures():
    return table(
        # results of 2024
        figure(1, "gdp", "result", 57761e8, unit="CNY", is_estimate=True),
        figure(2, "gdp", "result", 5.8, measure="growth", unit="percent", is_estimate=True),
        figure(3, "tourists", "result", 2.73e8, unit="person_time"),
        figure(4, "jobs", "result", 20.1e4, unit="person"),
        figure(5, "jobs", "result", 3.0, measure="growth", unit="percent"),
        figure(6, "context_thing", "context", 42.0, ref_year=None),
        # targets of 2025: headline paragraph later in the text than a sector target of gdp
        figure(10, "gdp", "target", 6.5, measure="growth", unit="percent", bound="min",
               section=PLAN + " / （一）"),
        figure(20, "gdp", "target", 6.0, measure="growth", unit="percent", bound="approx",
               is_headline=True),
        figure(21, "jobs", "target", 18e4, unit="person", bound="min", is_headline=True),
        figure(22, "cpi", "target", 2.0, measure="growth", unit="percent", bound="approx",
               is_headline=True),
        figure(23, "energy_intensity", "target", 3.0, measure="growth", unit="percent",
               direction="down", is_headline=True),
        figure(30, "tourists", "target", 3e8, unit="person_time", bound="min",
               section=PLAN + " / （三）旅游"),
        figure(31, "tourists", "target", 3.2e8, unit="person_time", bound="min",
               section=PLAN + " / （三）旅游"),  # a stretch goal after the base target
        figure(32, "investment", "target", 1e11, unit="CNY", bound="min",
               section=PLAN + " / （三）旅游"),
        figure(33, "investment2", "target", 5e11, unit="CNY", bound="range", lower=4e11,
               upper=5e11, section=PLAN + " / （四）"),
        # a target of another year is not this year's plan
        figure(40, "far_goal", "target", 9.0, measure="growth", unit="percent", ref_year=2027),
    )


def fig(fid: str, **kw) -> dict:
    """One figure row of the seed's GDP target as a dict; keywords replace fields."""
    row = {
        "figure_id": fid, "region": "Inner Mongolia", "region_zh": "内蒙古自治区", "report_year": 2025,
        "paragraph": 3, "char_start": 10, "char_end": 16, "text": "6%左右", "quote": "地区生产总值增长6%左右",
        "section": "", "kind": "target", "is_estimate": False, "is_headline": True, "ref_year": 2025,
        "period": "year", "period_start": 2025, "period_end": 2025, "indicator": "gdp",
        "indicator_zh": "地区生产总值", "indicator_en": "GDP", "measure": "growth", "direction": "up",
        "value": 6.0, "unit_zh": "%", "unit": "percent", "bound": "approx", "lower": 6.0, "upper": 6.0,
    }
    row.update(kw)
    return row
