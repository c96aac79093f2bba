"""The indicator registry (rules/indicators.csv) is data: check it is well formed."""

from helpers.metadata.columns import MEASURES
from helpers.rules.indicators import registry

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
