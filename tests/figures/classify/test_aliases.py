"""Registry aliases found in a clause: the nearest, then the longest; stable codes otherwise."""

import pytest

from helpers.figures.classify.aliases import (
    alias_fits,
    find_alias,
    lookup_name,
    name_indicator,
    unknown_code,
)


@pytest.mark.parametrize(
    "text, code",
    [("今年主要预期目标是：地区生产总值", "gdp"), ("全省规模以上工业增加值", "industrial_value_added"),
     ("国内生产总值", "gdp"), ("居民消费价格涨幅", "cpi"), ("单位国内生产总值能耗", "energy_intensity"),
     ("外贸进出口总额", "foreign_trade"), ("城镇调查失业率", "unemployment_rate")],
)
def test_nearest_longest_alias(text, code):
    assert find_alias(text).indicator.code == code


def test_unknown_codes_are_stable():
    assert unknown_code("吨粮田") == unknown_code("吨粮田") != unknown_code("舍饲棚圈")
    assert unknown_code("吨粮田").startswith("x_")


def test_lookup_name_needs_the_alias_at_the_end():
    assert lookup_name("全省规模以上工业增加值").code == "industrial_value_added"
    assert lookup_name("规模以上工业增加值增速目标") is None


@pytest.mark.parametrize(
    "before, alias, after, fits",
    [("", "生产总值", "增长", True), ("全年", "生产总值", "", True), ("全省", "生产总值", "", True),
     ("实现", "生产总值", "", True), ("海洋", "生产总值", "", False), ("世界", "经济增长", "", False),
     ("", "出口", "总额增长", True), ("机电产品", "出口", "", False), ("", "地区生产总值", "按可比价格计算增长", True),
     ("", "居民消费价格", "涨幅", True), ("", "中欧班列", "集结中心", False)],
)
def test_alias_fits_the_subject(before, alias, after, fits):
    """A generic alias stands alone or after a region or time word or a verb; after an alias
    come measure words, the predicate or nothing, never another noun."""
    assert alias_fits(before, alias, after) is fits


@pytest.mark.parametrize(
    "name, code",
    [("外贸进出口额", "foreign_trade"), ("全年生产总值", "gdp"), ("专项债券规模", "special_bonds"),
     ("“四好农村路”", "rural_roads"), ("城镇居民人均可支配收入", "urban_income"), ("农村居民人均可支配收入", "rural_income"),
     ("新能源汽车销量", None), ("机电产品出口", None), ("农村常住居民人均可支配收入", None), ("低收入农户人均可支配收入", None),
     ("“新三样”出口额", "new_three_exports"), ("粮食总产", "grain_output")],
)
def test_name_indicator(name, code):
    ind = name_indicator(name)
    assert (ind.code if ind else None) == code


@pytest.mark.parametrize(
    "clause, expected",
    [
        # the closing paragraph of a review: how the government answered the congress and the CPPCC
        ("一年来，我们自觉接受监督，办理省人大代表建议987件、省政协提案900件。",
         {"987件": "deputies_suggestions_handled", "900件": "cppcc_proposals_handled"}),
        ("国务院提请全国人大常委会审议法律议案19件，制定修订行政法规28部。",
         {"19件": "law_bills_submitted", "28部": "administrative_regulations"}),
        ("提请省人大常委会审议地方性法规12件，制定修改废止政府规章8件。",
         {"12件": "local_regulations", "8件": "government_rules"}),
        ("每千人口拥有3岁以下婴幼儿托位数4.5个，新增基础教育公办学位20万个。",
         {"4.5个": "childcare_places", "20万个": "school_places"}),
    ],
)
def test_recurring_review_items_are_registered(clause, expected):
    from helpers.figures.table import extract_figures

    figures = extract_figures(f"一、2025年工作回顾\n{clause}\n", "X", 2026)
    found = dict(zip(figures["text"], figures["indicator"], strict=True))
    for text, code in expected.items():
        assert found.get(text) == code, (text, found)
