"""The whole engine on the seed: labelled expectations, headline targets, enumerations, ids."""

from pathlib import Path

import pandas as pd
import pytest

from helpers.analysis.accuracy import read_labels, score
from helpers.figures.table import extract_figures
from helpers.metadata import columns as schema

LABELS = Path(__file__).parents[1] / "data" / "seed_labels.csv"


def test_seed_precision_and_recall_on_labelled_figures(seed_figures):
    labels = read_labels(LABELS)
    assert len(labels) >= 80
    result, missed, spurious = score(seed_figures, labels)
    assert result.precision >= 0.97, spurious[:10]
    assert result.recall >= 0.97, missed[:10]


def test_labelled_registry_indicators_are_found(seed_figures):
    labels = read_labels(LABELS)
    named = labels[labels["indicator"].fillna("") != ""]
    got = seed_figures.set_index(["char_start", "char_end"])["indicator"]
    wrong = [
        (r.text, r.indicator, got.get((r.char_start, r.char_end)))
        for r in named.itertuples()
        if got.get((r.char_start, r.char_end)) != r.indicator
    ]
    assert len(wrong) <= 0.03 * len(named), wrong


def test_table_matches_the_schema(seed_figures):
    assert tuple(seed_figures.columns[: len(schema.COLUMN_NAMES)]) == schema.COLUMN_NAMES
    schema.pandera_schema().validate(seed_figures)


def test_every_span_is_the_printed_figure(seed_text, seed_figures):
    for r in seed_figures.itertuples():
        assert seed_text[r.char_start : r.char_end] == r.text
        assert r.text in r.quote
        assert r.quote in seed_text
    lines = [line for line in seed_text.split("\n") if line.strip()]
    for r in seed_figures.itertuples():
        assert r.quote in lines[r.paragraph - 1]


def _row(df, text, **where):
    rows = df[df["text"] == text]
    for k, v in where.items():
        rows = rows[rows[k] == v]
    assert len(rows) == 1, (text, where, rows[["text", "kind", "paragraph"]])
    return rows.iloc[0]


HEADLINE_2025 = [
    # printed, indicator, measure, value, unit, bound
    ("6%左右", "gdp", "growth", 6, "percent", "approx"),
    ("7%左右", "industrial_value_added", "growth", 7, "percent", "approx"),
    ("10%左右", "fixed_asset_investment", "growth", 10, "percent", "approx"),
    ("4%以上", "budget_revenue", "growth", 4, "percent", "min"),
    ("18万人以上", "urban_new_jobs", "level", 180000, "person", "min"),
    ("5.5%左右", "unemployment_rate", "share", 5.5, "percent", "approx"),
    ("2%左右", "cpi", "growth", 2, "percent", "approx"),
]


def test_all_headline_targets_of_the_seed(seed_figures):
    head = seed_figures[seed_figures["is_headline"]]
    assert len(head) == len(HEADLINE_2025)
    for printed, indicator, measure, value, unit, bound in HEADLINE_2025:
        r = _row(head, printed)
        assert (r.kind, r.ref_year, r.indicator, r.measure, r.unit, r.bound) == (
            "target", 2025, indicator, measure, unit, bound,
        )
        assert r.value == pytest.approx(value)
    gdp = _row(head, "6%左右")
    assert gdp.section.startswith("二、2025年工作安排")


def test_enumerations_are_distributed(seed_figures):
    arrivals = _row(seed_figures, "18.6%")
    revenue = _row(seed_figures, "23.4%")
    assert arrivals.indicator == "tourist_arrivals" and arrivals.measure == "growth"
    assert revenue.indicator != arrivals.indicator
    assert revenue.indicator == _row(seed_figures, "4140 亿元").indicator
    # 粮肉奶产量分别稳定在800亿斤、60亿斤、160亿斤以上: 以上 bounds all three.
    for printed, indicator in [("800亿斤", "grain_output"), ("60亿斤", "meat_output"), ("160亿斤以上", "milk_output")]:
        r = _row(seed_figures, printed)
        assert (r.bound, r.indicator, r.kind) == ("min", indicator, "target")
        assert r.lower == r.value and pd.isna(r.upper)
    # 增长1倍和15倍: growth in 倍 as percent.
    assert _row(seed_figures, "1倍").value == 100
    assert _row(seed_figures, "15倍").value == 1500
    assert _row(seed_figures, "1.1 倍").unit == "percent"


def test_review_results_and_estimates(seed_figures):
    fai = _row(seed_figures, "13%")
    assert (fai.kind, fai.ref_year, fai.is_estimate, fai.indicator) == ("result", 2024, True, "fixed_asset_investment")
    jobs = _row(seed_figures, "20.1万人")
    assert (jobs.kind, jobs.ref_year, jobs.indicator, jobs.value) == ("result", 2024, "urban_new_jobs", 201000)
    assert _row(seed_figures, "9100亿元").bound == "min"
    assert _row(seed_figures, "2 位").measure == "rank"
    up = _row(seed_figures, "11 位")
    assert (up.measure, up.direction) == ("change", "up")
    cut = _row(seed_figures, "70%以上")
    assert (cut.measure, cut.direction, cut.bound) == ("change", "down", "min")


def test_context_facts(seed_figures):
    for printed in ["20个", "280万", "63万", "3年", "17万"]:
        r = _row(seed_figures, printed)
        assert r.kind == "context" and pd.isna(r.ref_year), printed


def test_same_input_same_output(seed_text, seed_figures):
    again = extract_figures(seed_text, "Inner Mongolia", 2025, "内蒙古自治区")
    assert again.to_csv(index=False) == seed_figures.to_csv(index=False)


def test_ids_are_unique_and_survive_unrelated_edits(seed_text, seed_figures):
    assert seed_figures["figure_id"].is_unique
    edited = "各位代表:今年新增一段文字,投资增长99%。\n\n" + seed_text.replace("京津冀蒙高校联盟组建运行", "京津冀蒙高校联盟组建运行并扩容")
    after = extract_figures(edited, "Inner Mongolia", 2025, "内蒙古自治区")
    kept = set(seed_figures["figure_id"]) & set(after["figure_id"])
    assert len(kept) == len(seed_figures)
    assert len(after) == len(seed_figures) + 1


def test_text_without_figures_gives_an_empty_table():
    df = extract_figures("我们要坚持稳中求进工作总基调。", "Inner Mongolia", 2025)
    assert df.empty and tuple(df.columns) == schema.COLUMN_NAMES
