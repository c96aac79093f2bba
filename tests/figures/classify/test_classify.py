"""Classification rules on small synthetic reports written for these tests."""

import pandas as pd
import pytest

from helpers.figures.table import extract_figures

REPORT = """一、2024年工作回顾
预计地区生产总值增长5.2%、保持全国第3位，城镇新增就业50万人。全省有16个地级市，固定资产投资连续3年增长。
二、2025年工作安排
今年主要预期目标是：地区生产总值增长5%以上；城镇调查失业率控制在5.5%以内；居民消费价格涨幅2%左右；单位地区生产总值能耗下降2.5%左右。
（一）扩大内需。力争社会消费品零售总额增长4.5%—5%，去年新建的12个园区全部投产，到2027年建成30个示范区。
赤字规模5000亿元、比上年增加800亿元。新建农村公路3000公里，压减非急需支出10%以上。
"""


@pytest.fixture(scope="module")
def figures():
    return extract_figures(REPORT, "Hubei", 2025, "湖北省")


def row(df, text):
    rows = df[df["text"] == text]
    assert len(rows) == 1, text
    return rows.iloc[0]


@pytest.mark.parametrize(
    "text, kind, ref_year, is_estimate, measure, direction, bound",
    [
        ("5.2%", "result", 2024, True, "growth", "up", "exact"),
        ("3位", "result", 2024, True, "rank", "", "exact"),
        # 预计 opening the sentence governs its later clauses too (to 。)
        ("50万人", "result", 2024, True, "level", "", "exact"),
        ("16个", "context", None, False, "level", "", "exact"),
        ("3年", "context", None, False, "level", "", "exact"),
        ("5%以上", "target", 2025, False, "growth", "up", "min"),
        ("5.5%以内", "target", 2025, False, "share", "", "max"),
        ("2%左右", "target", 2025, False, "growth", "up", "approx"),
        ("2.5%左右", "target", 2025, False, "growth", "down", "approx"),
        ("4.5%—5%", "target", 2025, False, "growth", "up", "range"),
        ("12个", "result", 2024, False, "level", "", "exact"),
        ("30个", "target", 2027, False, "level", "", "exact"),
        ("800亿元", "target", 2025, False, "change", "up", "exact"),
        ("3000公里", "target", 2025, False, "level", "", "exact"),
        ("10%以上", "target", 2025, False, "change", "down", "min"),
    ],
)
def test_rules(figures, text, kind, ref_year, is_estimate, measure, direction, bound):
    r = row(figures, text)
    assert r.kind == kind
    assert (pd.isna(r.ref_year) and ref_year is None) or r.ref_year == ref_year
    assert (r.is_estimate, r.measure, r.direction, r.bound) == (is_estimate, measure, direction, bound)


def test_headline_flags_and_indicators(figures):
    head = figures[figures["is_headline"]]
    assert list(head["indicator"]) == ["gdp", "unemployment_rate", "cpi", "energy_intensity"]
    assert row(figures, "800亿元").indicator_zh == row(figures, "5000亿元").indicator_zh


def test_interval_columns(figures):
    rng = row(figures, "4.5%—5%")
    assert (rng.lower, rng.upper, rng.value) == (4.5, 5.0, 4.75)
    cap = row(figures, "5.5%以内")
    assert pd.isna(cap.lower) and cap.upper == 5.5
    approx = row(figures, "2%左右")
    assert approx.lower == approx.upper == 2


def test_sections(figures):
    assert row(figures, "4.5%—5%").section == "二、2025年工作安排 / （一）扩大内需"
    assert row(figures, "5.2%").section == "一、2024年工作回顾"
