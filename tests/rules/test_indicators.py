"""The indicator registry (rules/indicators.csv) is data: check it is well formed."""

import re

from helpers.metadata.columns import MEASURES
from helpers.rules import read_csv
from helpers.rules.indicators import CATEGORIES, INDICATORS_CSV, registry
from helpers.rules.units import UNITS_CSV

UNIT_CODES = {r["code"] for r in read_csv(UNITS_CSV) if r["code"]}
# Indicators without a number of their own (国际收支基本平衡, 生态环境质量持续改善) have no unit.
QUALITATIVE = {"balance_of_payments", "environment_quality", "energy_environment_binding_targets"}
SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


def test_registry_rows_are_well_formed():
    reg = registry()
    assert len(reg) >= 190
    seen = {}
    for code, ind in reg.items():
        assert SNAKE.match(code) and not code.startswith("x_"), code
        assert ind.measure in MEASURES, code
        assert ind.unit in UNIT_CODES or (ind.unit == "" and code in QUALITATIVE), (code, ind.unit)
        assert ind.good_direction in ("up", "down"), code
        assert ind.category in CATEGORIES, (code, ind.category)
        assert ind.aliases and ind.name_en and ind.name_zh
        for alias in ind.aliases:
            assert alias not in seen, f"{alias} names both {seen[alias]} and {code}"
            seen[alias] = code


def test_every_column_is_filled_in_the_file():
    rows = read_csv(INDICATORS_CSV)
    assert list(rows[0]) == ["code", "name_zh", "name_en", "measure", "unit", "good_direction", "aliases",
                             "category", "name_zh_national"]
    for r in rows:
        assert all(r[k] for k in ("code", "name_zh", "name_en", "measure", "good_direction", "aliases", "category"))


def test_aliases_are_specific():
    """No alias is a single character, a bare number word, or a code that matches inside
    another code (M2 inside PM2.5); the registered unemployment rate is not the surveyed one."""
    reg = registry()
    for code, ind in reg.items():
        for alias in ind.aliases:
            assert len(alias) >= 2, (code, alias)
            assert not re.fullmatch(r"[\dA-Za-z.]{1,2}", alias), (code, alias)
    ascii_aliases = {a for ind in reg.values() for a in ind.aliases if a.isascii()}
    for a in ascii_aliases:
        assert not any(a != b and a in b for b in ascii_aliases | {"PM2.5", "5G"}), a
    assert "城镇登记失业率" not in reg["unemployment_rate"].aliases
    assert "城镇登记失业率" in reg["registered_unemployment_rate"].aliases


def test_headline_indicators_present():
    for code in ["gdp", "industrial_value_added", "fixed_asset_investment", "retail_sales", "budget_revenue",
                 "urban_new_jobs", "unemployment_rate", "cpi", "resident_income", "grain_output",
                 "energy_intensity", "foreign_trade", "rd_intensity", "registered_unemployment_rate",
                 "carbon_intensity", "pollutant_emissions", "balance_of_payments", "environment_quality"]:
        assert code in registry()
    assert registry()["unemployment_rate"].good_direction == "down"
    assert registry()["cpi"].good_direction == "down"


def test_existing_codes_keep_their_meaning():
    """Published datasets use these codes: name, measure, unit and direction stay as they were."""
    reg = registry()
    assert (reg["gdp"].name_zh, reg["gdp"].measure, reg["gdp"].unit) == ("地区生产总值", "growth", "percent")
    assert (reg["grain_output"].unit, reg["urban_new_jobs"].unit) == ("jin", "person")
    assert reg["energy_intensity"].good_direction == "down"
    assert reg["affordable_rental_housing"].name_zh == "保障性租赁住房"


def test_national_names():
    reg = registry()
    assert reg["gdp"].name_for(national=True) == "国内生产总值"
    assert reg["gdp"].name_for(national=False) == "地区生产总值"
    assert reg["energy_intensity"].name_for(national=True) == "单位国内生产总值能耗"
    assert reg["cpi"].name_for(national=True) == reg["cpi"].name_zh
