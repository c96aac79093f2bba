"""The compare stage on small synthetic figures tables, then on the seed report."""

import math

import pandas as pd
import pytest
from _synthetic import PLAN, figure, synthetic_figures, table

from helpers.analysis.compare import (
    NOT_STATED,
    STATED,
    ResultLookup,
    best_result,
    counts_by_kind,
    headline_targets,
    results_vs_targets,
    section_label,
    target_profile,
)
from helpers.paths import SEED_REPORT


@pytest.fixture
def figures():
    return synthetic_figures()


def test_one_row_per_targeted_indicator_none_dropped(figures):
    rvt = results_vs_targets(figures)
    assert list(rvt["indicator"]) == ["gdp", "jobs", "cpi", "energy_intensity", "tourists",
                                      "investment", "investment2"]
    assert rvt["indicator"].is_unique


def test_headline_target_wins_and_result_matches_measure(figures):
    gdp = results_vs_targets(figures).set_index("indicator").loc["gdp"]
    assert gdp["target_value"] == 6.0 and gdp["target_bound"] == "approx"
    assert gdp["target_is_headline"]
    # the growth result, not the level result that comes first in the text
    assert gdp["result_value"] == 5.8 and bool(gdp["result_is_estimate"])
    assert gdp["status"] == STATED
    assert gdp["change_pp"] == pytest.approx(0.2)
    assert math.isnan(gdp["implied_change_pct"])  # only levels have an implied change
    assert gdp["result_quote"] == "quote 2 of gdp" and gdp["target_quote"] == "quote 20 of gdp"


def test_levels_get_implied_change_and_first_target_beats_stretch(figures):
    rvt = results_vs_targets(figures).set_index("indicator")
    tourists = rvt.loc["tourists"]
    assert tourists["target_value"] == 3e8  # base target, not the stretch goal 3.2亿
    assert tourists["implied_change_pct"] == pytest.approx((3e8 / 2.73e8 - 1) * 100)
    jobs = rvt.loc["jobs"]
    assert jobs["result_value"] == 20.1e4  # level result for the level target, not the growth
    assert jobs["implied_change_pct"] == pytest.approx((18 / 20.1 - 1) * 100)


def test_missing_result_is_kept_and_labelled(figures):
    rvt = results_vs_targets(figures).set_index("indicator")
    for ind in ("cpi", "energy_intensity", "investment"):
        assert rvt.loc[ind, "status"] == NOT_STATED
        assert pd.isna(rvt.loc[ind, "result_value"])
        assert rvt.loc[ind, "result_quote"] == ""
    assert rvt.loc["investment2", "target_lower"] == 4e11


def test_headline_targets_in_text_order(figures):
    head = headline_targets(figures)
    assert list(head["indicator"]) == ["gdp", "jobs", "cpi", "energy_intensity"]
    assert head["target_is_headline"].all()
    assert list(head["status"]) == [STATED, STATED, NOT_STATED, NOT_STATED]


def test_target_profile_counts(figures):
    prof = target_profile(figures)
    assert prof.by_section.set_index("section")["targets"].to_dict() == {
        "（一）": 1, PLAN: 4, "（三）旅游": 3, "（四）": 1}
    assert list(prof.by_section["section"]) == ["（一）", PLAN, "（三）旅游", "（四）"]  # text order
    by_bound = prof.by_bound.set_index("bound")["targets"].to_dict()
    assert by_bound == {"min": 5, "approx": 2, "exact": 1, "range": 1}
    assert prof.by_measure.set_index("measure")["targets"].to_dict() == {"level": 5, "growth": 4}
    assert prof.by_unit.iloc[0].to_dict() == {"unit": "percent", "targets": 4}
    assert list(prof.largest_money["indicator"]) == ["investment2", "investment"]
    assert list(prof.largest_money["value_100m_cny"]) == [5000.0, 1000.0]


def test_counts_by_kind(figures):
    counts = counts_by_kind(figures).set_index("kind")
    assert counts.loc["result", "figures"] == 5 and counts.loc["result", "estimates"] == 2
    assert counts.loc["target", "figures"] == 10 and counts.loc["target", "headline"] == 4
    assert counts.loc["context", "figures"] == 1


def test_result_lookup_prefers_the_targets_unit_then_text_order():
    results = table(
        figure(1, "power", "result", 5.0, unit="percent"),
        figure(2, "power", "result", 7.0, unit="yuan"),
        figure(3, "power", "result", 9.0, unit="yuan"),
        figure(4, "power", "result", 3.0, measure="growth", unit="percent"),
    )
    lookup = ResultLookup(results)
    target = table(figure(9, "power", "target", 8.0, unit="yuan")).iloc[0]
    assert lookup.best(target)["figure_id"] == "f2"  # same unit first, the earliest of those
    other_unit = table(figure(9, "power", "target", 8.0, unit="people")).iloc[0]
    assert lookup.best(other_unit)["figure_id"] == "f1"  # none in its unit: the earliest
    assert lookup.best(table(figure(9, "coal", "target", 1.0)).iloc[0]) is None


def test_result_lookup_agrees_with_best_result_on_the_seed():
    from helpers.figures.report import load_report

    figures = load_report(SEED_REPORT).figures
    results = figures[figures["kind"] == "result"]
    lookup = ResultLookup(results)
    targets = figures[figures["kind"] == "target"]
    found = 0
    for _, t in targets.iterrows():
        a, b = best_result(results, t), lookup.best(t)
        assert (a is None) == (b is None)
        if a is not None:
            found += 1
            assert a["figure_id"] == b["figure_id"]
    assert found >= 5  # the seed states results for several of its targets


def test_empty_and_mixed_reports():
    empty = table(figure(1, "x", "context", 1.0)).iloc[0:0]
    assert results_vs_targets(empty).empty
    two = table(figure(1, "x", "target", 1.0), {**figure(2, "y", "target", 2.0), "report_year": 2024})
    with pytest.raises(ValueError, match="one report"):
        results_vs_targets(two)


def test_section_label():
    assert section_label("二、2025年工作安排 / （四）优化 / 1. 细项") == "（四）优化"
    assert section_label("二、2025年工作安排 / (一)实施重大项目谋划行动,坚定不移抓投资") == "(一)实施重大项目谋划行动"
    assert section_label("一、2024年工作回顾") == "一、2024年工作回顾"
    assert section_label("") == "(no heading)"


# --- on the seed: real text through the real extractor -------------------------------------


@pytest.fixture(scope="module")
def seed_rvt():
    figures_mod = pytest.importorskip("helpers.figures.table", reason="extractor not written yet")
    if hasattr(figures_mod, "load_report"):
        figures = figures_mod.load_report(SEED_REPORT).figures
    else:
        text = SEED_REPORT.read_text(encoding="utf-8")
        figures = figures_mod.extract_figures(text, "Inner Mongolia", 2025, "内蒙古自治区")
    return results_vs_targets(figures)


def _row_by_zh(rvt, *names):
    hits = rvt[rvt["indicator_zh"].apply(lambda s: any(n in s for n in names))]
    assert not hits.empty, f"no row for {names}: {list(rvt['indicator_zh'])}"
    return hits.iloc[0]


def test_seed_tourists_jobs_and_renovation(seed_rvt):
    rvt = seed_rvt
    tourists = _row_by_zh(rvt, "游客")
    assert tourists["result_value"] == pytest.approx(2.73e8)
    assert tourists["target_value"] == pytest.approx(3e8) and tourists["target_bound"] == "min"
    jobs = _row_by_zh(rvt, "城镇就业", "城镇新增就业")
    assert jobs["result_value"] == pytest.approx(20.1e4)
    assert jobs["target_value"] == pytest.approx(18e4) and jobs["target_bound"] == "min"
    old = _row_by_zh(rvt, "老旧小区")
    assert old["result_value"] == 1185 and old["target_value"] == 1291


def test_seed_gdp_growth_target_has_no_stated_result(seed_rvt):
    rvt = seed_rvt
    gdp = rvt[(rvt["indicator"] == "gdp") | rvt["indicator_zh"].str.contains("生产总值")]
    gdp = gdp[gdp["measure"] == "growth"].iloc[0]
    assert gdp["target_value"] == 6.0
    assert gdp["status"] == NOT_STATED and pd.isna(gdp["result_value"])
