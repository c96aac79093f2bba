"""The scorecard: verdict rules on small synthetic figures (the corpus pair: pipeline/test_pairs.py)."""

import math

import pandas as pd
import pytest

from helpers.analysis.scorecard import (
    EXCEEDED,
    MET,
    MISSED,
    NO_OUTCOME,
    NO_TARGET,
    NOT_JUDGED,
    TOLERANCE_PP,
    TOLERANCE_RELATIVE,
    judge,
    scorecard,
    target_interval,
    verdict_counts,
)
from helpers.errors import ParameterError
from helpers.metadata.columns import coerce
from helpers.output.tables import SCORECARD_COLUMNS, scorecard_csv, scorecard_latex
from helpers.output.views import scorecard_view


def verdict(target, bound, result, *, unit="percent", good="up", t_dir="", r_dir="", lower=None, upper=None):
    return judge(target_value=target, target_bound=bound, target_lower=lower, target_upper=upper,
                 target_direction=t_dir, result_value=result, result_direction=r_dir, unit=unit,
                 good_direction=good)


@pytest.mark.parametrize(("result", "expected"), [
    (5.0, MET), (5.5, MET), (4.5, MET), (5.6, EXCEEDED), (4.4, MISSED), (6.5, EXCEEDED),
])
def test_approx_percent_target_has_half_a_point_either_side(result, expected):
    assert TOLERANCE_PP == 0.5
    assert verdict(5.0, "approx", result) == expected


def test_exact_target_is_judged_like_an_approx_one():
    assert verdict(3.0, "exact", 3.4) == MET
    assert verdict(3.0, "exact", 3.6) == EXCEEDED
    assert verdict(3.0, "exact", 2.4) == MISSED


def test_level_tolerance_is_relative():
    assert TOLERANCE_RELATIVE == 0.05
    assert verdict(100.0, "approx", 104.9, unit="person") == MET
    assert verdict(100.0, "approx", 105.1, unit="person") == EXCEEDED
    assert verdict(100.0, "approx", 94.9, unit="person") == MISSED


@pytest.mark.parametrize(("result", "expected"), [
    (1200e4, MET), (1256e4, MET), (1260e4, MET), (1261e4, EXCEEDED), (1199e4, MISSED),
])
def test_min_target_is_a_floor_with_no_slack_below(result, expected):
    assert verdict(1200e4, "min", result, unit="person") == expected


def test_max_target_on_an_indicator_that_should_grow_is_exceeded_past_the_cap():
    assert verdict(10.0, "max", 9.0) == MET
    assert verdict(10.0, "max", 10.0) == MET
    assert verdict(10.0, "max", 10.2) == EXCEEDED


@pytest.mark.parametrize(("result", "expected"), [
    (5.0, MET), (5.2, MET), (5.5, MET), (5.6, EXCEEDED), (4.9, MISSED),
])
def test_range_target_is_met_inside_its_ends(result, expected):
    assert verdict(5.0, "range", result, lower=5.0, upper=5.5) == expected


@pytest.mark.parametrize(("bound", "result", "expected"), [
    ("approx", 0.2, MET), ("approx", 3.4, MET), ("approx", 3.6, MISSED),
    ("max", 3.0, MET), ("max", 3.1, MISSED), ("exact", 0.0, MET),
])
def test_a_ceiling_is_met_below_it_and_never_exceeded(bound, result, expected):
    # CPI 涨幅3%左右 / 3%以内: good direction down, stated as a level
    assert verdict(3.0, bound, result, good="down") == expected


def test_a_ceiling_result_stated_as_a_fall_is_below_the_cap():
    assert verdict(3.0, "approx", 0.3, good="down", r_dir="down") == MET


@pytest.mark.parametrize(("result", "r_dir", "expected"), [
    (3.8, "down", EXCEEDED),  # 下降3%左右 vs 下降3.8%
    (3.2, "down", MET),
    (2.6, "down", MET),
    (2.4, "down", MISSED),
    (0.5, "up", MISSED),  # rose instead of falling
])
def test_decline_target_on_an_indicator_that_should_fall(result, r_dir, expected):
    assert verdict(3.0, "approx", result, good="down", t_dir="down", r_dir=r_dir) == expected


def test_decline_target_with_a_floor():
    # 下降3%以上: a fall of at least 3
    assert target_interval(3.0, "min", 3.0, None, "down") == (-math.inf, -3.0)
    assert verdict(3.0, "min", 2.9, good="down", t_dir="down", r_dir="down") == MISSED
    assert verdict(3.0, "min", 3.3, good="down", t_dir="down", r_dir="down") == MET
    assert verdict(3.0, "min", 3.6, good="down", t_dir="down", r_dir="down") == EXCEEDED


def test_no_result_is_not_stated():
    assert verdict(5.0, "approx", None) == NO_OUTCOME
    assert verdict(5.0, "approx", float("nan")) == NO_OUTCOME


# --- scorecard() on synthetic reports -----------------------------------------------------


def figure(n, indicator, kind, value, *, year, measure="growth", unit="percent", bound="exact",
           direction="", is_headline=False, is_estimate=False, lower=None, upper=None, region="Testland"):
    ref_year = year if kind == "target" else year - 1
    return {
        "figure_id": f"{year}-f{n}", "region": region, "region_zh": "测试省", "report_year": year,
        "paragraph": 1 + n, "char_start": 10 * n, "char_end": 10 * n + 4, "text": f"{value}{unit}",
        "quote": f"quote {n} of {indicator}", "section": "", "kind": kind, "is_estimate": is_estimate,
        "is_headline": is_headline, "ref_year": ref_year, "period": "year", "period_start": ref_year,
        "period_end": ref_year, "indicator": indicator,
        "indicator_zh": f"{indicator}_zh", "indicator_en": f"{indicator} (en)", "measure": measure,
        "direction": direction, "value": value, "unit_zh": "", "unit": unit, "bound": bound,
        "lower": value if lower is None and bound in ("exact", "approx", "min") else lower,
        "upper": value if upper is None and bound in ("exact", "approx", "max") else upper,
    }


def report(*rows):
    return coerce(pd.DataFrame(list(rows)))


@pytest.fixture
def pair():
    targets = report(
        figure(1, "gdp", "target", 5.0, year=2024, bound="approx", is_headline=True),
        figure(2, "urban_new_jobs", "target", 1200e4, year=2024, measure="level", unit="person",
               bound="min", is_headline=True),
        figure(3, "cpi", "target", 3.0, year=2024, bound="approx", is_headline=True),
        figure(4, "energy_intensity", "target", 3.0, year=2024, bound="approx", direction="down",
               is_headline=True),
        figure(5, "grain_output", "target", 1.3e12, year=2024, measure="level", unit="jin", bound="min"),
        figure(6, "retail_sales", "target", 6.0, year=2024, bound="approx"),
        figure(7, "exports", "target", 5.0, year=2024, bound="min"),
        figure(8, "x_1234abcd", "target", 7.0, year=2024, bound="approx"),
        figure(9, "gdp", "target", 5.5, year=2024, bound="min"),  # a stretch goal after the headline
        figure(10, "gdp", "result", 5.2, year=2024),  # last year's result in the targets report
    )
    outcomes = report(
        figure(1, "gdp", "result", 134.9e12, year=2025, measure="level", unit="CNY"),
        figure(2, "gdp", "result", 5.0, year=2025),
        figure(3, "urban_new_jobs", "result", 1256e4, year=2025, measure="level", unit="person"),
        figure(4, "cpi", "result", 0.2, year=2025),
        figure(5, "energy_intensity", "result", 3.8, year=2025, direction="down"),
        figure(6, "grain_output", "result", 1.4e12, year=2025, measure="level", unit="jin",
               is_estimate=True),
        figure(7, "retail_sales", "result", 3.5, year=2025, measure="level", unit="CNY"),
        figure(8, "exports", "result", 7.1, year=2025, unit="pp"),
        figure(9, "x_1234abcd", "result", 7.0, year=2025),
        figure(10, "gdp", "target", 5.0, year=2025, bound="approx", is_headline=True),
    )
    return targets, outcomes


def test_scorecard_matches_indicator_and_measure_across_the_two_reports(pair):
    table = scorecard(*pair)
    by = table.set_index("indicator")
    assert list(table["indicator"]) == ["gdp", "urban_new_jobs", "cpi", "energy_intensity",
                                        "grain_output", "retail_sales", "exports", "unemployment_rate"]
    # a core indicator the targets report did not target is a row of its own, said so
    assert by.loc["unemployment_rate", "verdict"] == NO_TARGET
    assert by.loc["unemployment_rate", "note"] == "and no outcome stated"
    assert by.loc["gdp", "target_value"] == 5.0 and by.loc["gdp", "result_value"] == 5.0
    assert by.loc["gdp", "verdict"] == MET
    assert by.loc["gdp", "result_figure_id"] == "2025-f2"  # the growth, not the level
    assert by.loc["urban_new_jobs", "verdict"] == MET
    assert by.loc["cpi", "verdict"] == MET and by.loc["cpi", "is_ceiling"]
    assert by.loc["energy_intensity", "verdict"] == EXCEEDED
    assert by.loc["energy_intensity", "gap"] == pytest.approx(-0.8)
    assert by.loc["grain_output", "verdict"] == EXCEEDED
    assert bool(by.loc["grain_output", "result_is_estimate"])
    # only a level result: there, but another measure than the growth target
    assert by.loc["retail_sales", "verdict"] == NOT_JUDGED
    assert by.loc["retail_sales", "note"] == "result only as a level (3.5CNY)"
    assert by.loc["exports", "verdict"] == NOT_JUDGED  # percent target, pp result
    assert by.loc["gdp", "target_quote"] == "quote 1 of gdp"
    assert by.loc["gdp", "result_quote"] == "quote 2 of gdp"


def test_a_five_year_figure_is_no_outcome_and_the_note_says_so(pair):
    targets, outcomes = pair
    five_year = figure(11, "retail_sales", "result", 5.5, year=2025)
    five_year.update(period="average", period_start=2021, period_end=2025, ref_year=None, text="5.5%")
    outcomes = report(*[r for r in outcomes.to_dict("records") if r["indicator"] != "retail_sales"],
                      five_year)
    row = scorecard(targets, outcomes).set_index("indicator").loc["retail_sales"]
    assert row["verdict"] == NO_OUTCOME
    assert row["note"] == "only a figure over 2021–2025 (5.5%, average)"
    assert pd.isna(row["result_value"])


def test_unregistered_indicators_are_listed_but_not_judged(pair):
    # a verdict needs to know which way is good; an unregistered indicator has no good direction
    assert "x_1234abcd" not in set(scorecard(*pair)["indicator"])
    table = scorecard(*pair, registered_only=False)
    row = table.set_index("indicator").loc["x_1234abcd"]
    assert row["verdict"] == NOT_JUDGED and row["good_direction"] == ""
    assert row["note"].startswith("no good direction")


def test_scorecard_feeds_the_paper_tables(pair):
    table = scorecard(*pair)
    assert set(SCORECARD_COLUMNS) <= set(table.columns)
    latex = scorecard_latex(table)
    assert r"$\approx$ $-$3 & $-$3.8 & exceeded" in latex
    csv = scorecard_csv(table)
    assert "1.4 tn†,exceeded" in csv
    counts = verdict_counts(table).set_index("verdict")["targets"]
    assert counts[MET] == 3 and counts[EXCEEDED] == 2 and counts[MISSED] == 0
    assert counts.sum() == len(table)
    view = scorecard_view(table)
    assert list(view.columns) == ["indicator", "target_2024", "result_2024", "unit", "gap", "verdict"]
    assert view.loc[2, "verdict"] == "met (ceiling)"
    assert view.loc[1, "gap"] == "+4.7%"


def test_reports_must_be_one_region_one_year_apart(pair):
    targets, outcomes = pair
    with pytest.raises(ParameterError, match="one year|after the targets report"):
        scorecard(targets, targets)
    other = outcomes.assign(region="Otherland")
    with pytest.raises(ParameterError, match="Otherland"):
        scorecard(targets, other)
    with pytest.raises(ParameterError, match="one report"):
        scorecard(pd.concat([targets, outcomes]), outcomes)


def test_a_level_held_every_year_of_the_span_is_the_years_outcome(pair):
    targets, outcomes = pair
    held = figure(11, "grain_output", "result", 1.3e12, year=2025, measure="level", unit="jin", bound="min")
    held.update(period="each_year", period_start=2021, period_end=2024, ref_year=None)
    outcomes = report(*[r for r in outcomes.to_dict("records") if r["indicator"] != "grain_output"], held)
    row = scorecard(targets, outcomes).set_index("indicator").loc["grain_output"]
    assert (row["verdict"], row["note"]) == (MET, "held in every year 2021–2024")
    assert row["result_figure_id"] == "2025-f11"
