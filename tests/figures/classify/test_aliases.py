"""Registry aliases found in a clause: the nearest, then the longest; stable codes otherwise."""

import pytest

from helpers.figures.classify.aliases import find_alias, lookup_name, unknown_code


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
