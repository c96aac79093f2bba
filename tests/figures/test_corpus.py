"""Headline targets and last year's GDP result of every corpus report (real, clean texts).

The reports are read from ../shared/corpus/ and never copied; each test skips when absent."""

import pytest
from _corpus import corpus_file

from helpers.figures.table import extract_figures


class Printed(str):
    """A headline target named by its figure as printed, for an indicator the registry does not
    hold yet (its code may still change), instead of by its indicator code."""


# indicator (or Printed figure): (value, bound) of each headline target, written from reading each
# report. Only numeric targets of the year: the qualitative items (居民收入增长与经济增长同步) have no
# figure, and the five-year plan's goals (“十五五”时期…主要目标是) are not this year's headline.
HEADLINES = {
    "national_2016.txt": (2016, {
        "gdp": (6.75, "range"), "cpi": (3, "approx"), "urban_new_jobs": (10_000_000, "min"),
        Printed("4.5%以内"): (4.5, "max"),  # 城镇登记失业率, the registered (not surveyed) rate
        "energy_intensity": (3.4, "min"),  # in the passage's second sentence, with no opener
    }),
    "national_2021.txt": (2021, {
        "gdp": (6, "min"), "urban_new_jobs": (11_000_000, "min"), "unemployment_rate": (5.5, "approx"),
        "cpi": (3, "approx"), "energy_intensity": (3, "approx"), "grain_output": (1.3e12, "min"),
    }),
    "national_2024.txt": (2024, {
        "gdp": (5, "approx"), "urban_new_jobs": (12_000_000, "min"), "unemployment_rate": (5.5, "approx"),
        "cpi": (3, "approx"), "grain_output": (1.3e12, "min"), "energy_intensity": (2.5, "approx"),
    }),
    "national_2025.txt": (2025, {
        "gdp": (5, "approx"), "urban_new_jobs": (12_000_000, "min"), "unemployment_rate": (5.5, "approx"),
        "cpi": (2, "approx"), "grain_output": (1.4e12, "approx"), "energy_intensity": (3, "approx"),
    }),
    "guangdong_2025.txt": (2025, {
        "gdp": (5, "approx"), "retail_sales": (5, "approx"), "industrial_value_added": (6, "approx"),
        "budget_revenue": (3, "exact"), "cpi": (2, "approx"), "unemployment_rate": (5.5, "approx"),
        "urban_new_jobs": (1_100_000, "min"), "grain_output": (12_850_000, "exact"),
    }),
    "guangdong_2026.txt": (2026, {  # opener over three lines: 今年经济社会发展的 / 主要预期目标 / 是：
        "gdp": (4.75, "range"), "budget_revenue": (3, "approx"),
    }),
    "jiangsu_2025.txt": (2025, {
        "gdp": (5, "min"), "urban_new_jobs": (1_200_000, "min"), "cpi": (2, "approx"),
        "retail_sales": (5.5, "approx"), "rd_intensity": (3.35, "approx"), "energy_intensity": (2, "approx"),
    }),
    "jiangsu_2026.txt": (2026, {
        "gdp": (5, "exact"), "budget_revenue": (2, "exact"), "urban_new_jobs": (1_200_000, "exact"),
        "unemployment_rate": (5, "approx"), "cpi": (2, "approx"), "retail_sales": (5, "approx"),
        "rd_intensity": (3.42, "approx"),
    }),
    "shandong_2025.txt": (2025, {
        "gdp": (5, "min"), "budget_revenue": (3, "exact"), "unemployment_rate": (5.5, "approx"),
        "urban_new_jobs": (1_100_000, "min"),
    }),
    "shandong_2026.txt": (2026, {
        "gdp": (5, "min"), "budget_revenue": (2, "exact"), "unemployment_rate": (5.5, "approx"),
        "urban_new_jobs": (1_100_000, "min"),
    }),
    "sichuan_2025.txt": (2025, {
        "gdp": (5.5, "min"), "urban_new_jobs": (850_000, "exact"), "unemployment_rate": (5.5, "approx"),
        "cpi": (2, "approx"), "budget_revenue": (2, "exact"), "grain_output": (72_500_000_000, "min"),
    }),
    "sichuan_2026.txt": (2026, {
        "gdp": (5.5, "approx"), "urban_new_jobs": (850_000, "exact"), "unemployment_rate": (5.5, "approx"),
        "cpi": (2, "approx"), "budget_revenue": (2, "exact"), "grain_output": (73_000_000_000, "min"),
    }),
    "zhejiang_2025.txt": (2025, {
        "gdp": (5.5, "approx"), "unemployment_rate": (5, "max"), "cpi": (2, "approx"),
    }),
    "zhejiang_2026.txt": (2026, {
        "gdp": (5.25, "range"), "unemployment_rate": (5, "max"), "cpi": (2, "approx"),
    }),
}

# Last year's GDP growth as the report states it (None: the report gives only the level).
GDP_RESULT = {
    "national_2016.txt": 6.9, "national_2021.txt": 2.3,
    "national_2024.txt": 5.2, "national_2025.txt": 5, "guangdong_2025.txt": None, "jiangsu_2025.txt": 5.8,
    "shandong_2025.txt": 5.7, "sichuan_2025.txt": 5.7, "zhejiang_2025.txt": 5.5,
    # the 2026 reports: 2025's growth, stated beside the five-year averages (年均增长) of 2021–2025
    "guangdong_2026.txt": 3.9, "jiangsu_2026.txt": 5.3, "shandong_2026.txt": 5.5, "sichuan_2026.txt": 5.5,
    "zhejiang_2026.txt": 5.5,
}
GDP_LEVEL_CNY = {
    "national_2024.txt": 1.26e14, "national_2025.txt": 1.349e14, "guangdong_2025.txt": 1.4e13,
    "jiangsu_2025.txt": 1.37e13, "shandong_2025.txt": 9.86e12, "sichuan_2025.txt": 6.4697e12,
    "national_2016.txt": 6.77e13, "shandong_2026.txt": 1.03e13, "sichuan_2026.txt": 6.7665e12,
}


def _figures(name):
    year, _ = HEADLINES[name]
    text = corpus_file(name).read_text(encoding="utf-8")
    return text, extract_figures(text, "X", year), year


@pytest.mark.parametrize("name", sorted(HEADLINES))
def test_headline_targets(name):
    text, df, year = _figures(name)
    head = df[df["is_headline"]]
    matched = []
    for key, (value, bound) in HEADLINES[name][1].items():
        rows = head[head["text"] == key] if isinstance(key, Printed) else head[head["indicator"] == key]
        assert len(rows) == 1, (key, list(head["text"]))
        assert rows.iloc[0]["value"] == pytest.approx(value), key
        assert rows.iloc[0]["bound"] == bound, key
        matched.append(rows.index[0])
    assert sorted(matched) == sorted(head.index), list(head.loc[~head.index.isin(matched), "text"])
    assert (head["kind"] == "target").all() and (head["ref_year"] == year).all()
    for r in head.itertuples():
        assert text[r.char_start : r.char_end] == r.text


@pytest.mark.parametrize("name", sorted(GDP_RESULT))
def test_last_year_gdp_result(name):
    _, df, year = _figures(name)
    gdp = df[(df["indicator"] == "gdp") & (df["kind"] == "result") & (df["ref_year"] == year - 1)]
    growth = gdp[gdp["measure"] == "growth"]
    if GDP_RESULT[name] is None:
        assert growth.empty
    else:
        assert growth.iloc[0]["value"] == pytest.approx(GDP_RESULT[name])
    if name in GDP_LEVEL_CNY:
        level = gdp[gdp["measure"] == "level"]
        assert level.iloc[0]["value"] == pytest.approx(GDP_LEVEL_CNY[name])
        assert level.iloc[0]["unit"] == "CNY"


@pytest.mark.parametrize("name", sorted(HEADLINES))
def test_every_figure_has_a_valid_span_and_kind(name):
    text, df, year = _figures(name)
    assert len(df) > 40
    assert df["figure_id"].is_unique
    for r in df.itertuples():
        assert text[r.char_start : r.char_end] == r.text
    assert set(df["kind"]) <= {"result", "target", "context"}
    assert (df.loc[df["kind"] == "result", "ref_year"] < year).all()
