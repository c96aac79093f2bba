"""The indicator registry is data: check it is well formed and that names resolve."""

import pytest

from helpers.indicators import find_alias, registry, unknown_code
from helpers.schema import MEASURES

VALID_UNITS = {"percent", "person", "CNY", "jin", "t", "kW", "kWh", "mu", "km", "count", "household",
               "person_time", "PFLOPS"}


def test_registry_rows_are_well_formed():
    reg = registry()
    assert len(reg) >= 30
    seen = {}
    for code, ind in reg.items():
        assert code.isidentifier() and not code.startswith("x_")
        assert ind.measure in MEASURES and ind.unit in VALID_UNITS, code
        assert ind.good_direction in ("up", "down"), code
        assert ind.aliases and ind.name_en
        for alias in ind.aliases:
            assert alias not in seen, f"{alias} names both {seen[alias]} and {code}"
            seen[alias] = code


def test_headline_indicators_present():
    for code in ["gdp", "industrial_value_added", "fixed_asset_investment", "retail_sales", "budget_revenue",
                 "urban_new_jobs", "unemployment_rate", "cpi", "resident_income", "grain_output",
                 "energy_intensity", "foreign_trade"]:
        assert code in registry()
    assert registry()["unemployment_rate"].good_direction == "down"
    assert registry()["cpi"].good_direction == "down"


@pytest.mark.parametrize(
    "text, code",
    [("今年主要预期目标是：地区生产总值", "gdp"), ("全省规模以上工业增加值", "industrial_value_added"),
     ("国内生产总值", "gdp"), ("居民消费价格涨幅", "cpi"), ("单位国内生产总值能耗", "energy_intensity"),
     ("外贸进出口总额", "foreign_trade"), ("城镇调查失业率", "unemployment_rate")],
)
def test_nearest_longest_alias(text, code):
    assert find_alias(text)[0].code == code


def test_unknown_codes_are_stable():
    assert unknown_code("吨粮田") == unknown_code("吨粮田") != unknown_code("舍饲棚圈")
    assert unknown_code("吨粮田").startswith("x_")
