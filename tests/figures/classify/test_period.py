"""The period of a figure (year, average, cumulative, each_year; period_start/end; ref_year).

Labelled figures of the corpus: tests/data/period_labels.csv is a reviewed sample (97 rows over the
seven reports that close a five-year plan, every period) of hand labels made on
../shared/corpus/ (file, printed figure, a snippet of at most 40 characters that occurs once in
the file and holds the figure, and the expected columns in the project's vocabulary; `label` is
the labeller's own: end_of_period_level is period year with ref_year the span's end,
change_over_period is cumulative, a base value 从A提高到B is context). The reports are read in
place and never copied; those tests skip when the corpus is absent. The words of every rule are
tested one by one in tests/rules/test_lexicon.py (rules/lexicon/periods.yml)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from _corpus import corpus_file

from helpers.analysis.compare import results_of, targets_of
from helpers.figures.table import extract_figures

LABELS = Path(__file__).parents[2] / "data" / "period_labels.csv"
YEAR = 2025  # the synthetic reports below are of 2025


def _labels() -> list[dict]:
    with open(LABELS, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def _corpus(name: str) -> tuple[str, pd.DataFrame]:
    text = corpus_file(name).read_text(encoding="utf-8")
    return text, extract_figures(text, "X", int(name.removesuffix(".txt").rsplit("_", 1)[1]))


def _int(v) -> int | None:
    return None if v is None or v is pd.NA or str(v) in ("", "<NA>", "nan") else int(v)


def _figure_at(name: str, snippet: str, printed: str) -> pd.Series:
    text, figures = _corpus(name)
    assert text.count(snippet) == 1, (name, snippet)
    start = text.index(snippet) + snippet.index(printed)
    end = start + len(printed)
    hit = figures[(figures["char_start"] < end) & (figures["char_end"] > start)]
    assert len(hit), f"no figure at {printed!r} in {snippet!r} ({name})"
    return hit.iloc[0]


def test_the_labelled_sample_covers_every_report_and_period():
    rows = _labels()
    assert 60 <= len(rows) <= 100
    assert {r["period"] for r in rows} == {"year", "average", "cumulative", "each_year", ""}
    assert len({r["file"] for r in rows}) == 7
    assert all(len(r["context"]) <= 40 and r["printed"] in r["context"] for r in rows)


@pytest.mark.parametrize("label", _labels(), ids=lambda r: f"{r['file'][:-4]}:{r['printed']}:{r['context'][:12]}")
def test_labelled_figure(label):
    got = _figure_at(label["file"], label["context"], label["printed"])
    where = f"{label['printed']} in {label['context']!r}"
    if label["kind"] == "context":  # a base value (从A提高到B): not a result of any span
        assert got["kind"] == "context", where
        assert got["period"] == "", where
        return
    assert got["kind"] == label["kind"], where
    assert got["period"] == label["period"], where
    assert _int(got["period_start"]) == _int(label["period_start"]), where
    assert _int(got["period_end"]) == _int(label["period_end"]), where
    assert _int(got["ref_year"]) == _int(label["ref_year"]), where


# Last year's GDP growth, and the plan's average annual growth printed beside it (None: not printed).
GDP_2025 = {"jiangsu_2026.txt": (5.3, 5.7), "shandong_2026.txt": (5.5, 5.9), "sichuan_2026.txt": (5.5, 5.7),
            "zhejiang_2026.txt": (5.5, 5.9), "guangdong_2026.txt": (3.9, None)}


@pytest.mark.parametrize("name", sorted(GDP_2025))
def test_last_years_result_is_not_the_five_year_average(name):
    _, figures = _corpus(name)
    last_year, average = GDP_2025[name]
    gdp = results_of(figures, 2026)
    gdp = gdp[(gdp["indicator"] == "gdp") & (gdp["measure"] == "growth")]
    assert list(gdp["value"]) == [last_year]
    if average is not None:
        five = figures[(figures["value"] == average) & (figures["measure"] == "growth")]
        assert len(five) and (five["period"] != "year").all(), five[["text", "quote"]]
        results = five[five["kind"] == "result"]  # (jiangsu's is context: 连续 in its clause, kind.py)
        assert (results["period"] == "average").all()
        assert set(zip(results["period_start"], results["period_end"], strict=True)) <= {(2021, 2025)}


def test_next_plan_goals_are_not_this_years_targets():
    _, figures = _corpus("guangdong_2026.txt")
    gdp = targets_of(figures, 2026)
    gdp = gdp[(gdp["indicator"] == "gdp") & (gdp["measure"] == "growth")]
    assert list(gdp["text"]) == ["4.5%—5%"]  # not the 15th plan's 年均增长5%左右
    plan = figures[(figures["kind"] == "target") & (figures["period"] == "average") & (figures["indicator"] == "gdp")]
    assert list(zip(plan["period_start"], plan["period_end"], strict=True)) == [(2026, 2030)]


@pytest.mark.parametrize("name", ["national_2016.txt", "national_2021.txt", "guangdong_2026.txt",
                                  "jiangsu_2026.txt", "shandong_2026.txt", "sichuan_2026.txt",
                                  "zhejiang_2026.txt"])
def test_spans_are_consistent(name):
    _, figures = _corpus(name)
    year = int(name[-8:-4])
    single = figures[figures["period"] == "year"]
    assert (single["period_start"] == single["ref_year"]).all() and (single["period_end"] == single["ref_year"]).all()
    multi = figures[figures["period"].isin(["average", "cumulative", "each_year"])]
    assert multi["ref_year"].isna().all()
    assert ((multi["period_start"].isna()) | (multi["period_start"] < multi["period_end"])).all()
    assert (figures[figures["kind"] == "context"]["period"] == "").all()
    # A five-year review holds results up to last year; goals start with the report's year at the earliest.
    assert (multi[multi["kind"] == "result"]["period_end"] <= year - 1).all()
    assert (multi[multi["kind"] == "target"]["period_start"].dropna() >= year).all()


def _report(review: str = "", plan: str = "") -> pd.DataFrame:
    text = f"一、2024年工作回顾\n{review}\n二、2025年工作安排\n今年主要预期目标是：地区生产总值增长5%左右。{plan}\n"
    return extract_figures(text, "Hubei", YEAR, "湖北省")


def _one(df: pd.DataFrame, printed: str) -> pd.Series:
    rows = df[df["text"] == printed]
    assert len(rows) == 1, (printed, list(df["text"]))
    return rows.iloc[0]


def test_a_single_years_review_stays_single_year():
    df = _report("全区地区生产总值增长5.5%，城镇新增就业60万人，常住人口城镇化率达到66%。")
    for printed in ("5.5%", "60万人", "66%"):
        r = _one(df, printed)
        assert (r["kind"], r["period"], r["ref_year"], r["period_start"], r["period_end"]) == (
            "result", "year", 2024, 2024, 2024)


def test_a_running_total_in_a_single_years_review():
    r = _one(_report("中欧班列累计开行超过1万列、占全国10%。"), "1万列")
    assert (r["kind"], r["period"], _int(r["period_start"]), r["period_end"], _int(r["ref_year"])) == (
        "result", "cumulative", None, 2024, None)
    share = _one(_report("中欧班列累计开行超过1万列、占全国10%。"), "10%")
    assert (share["period"], share["period_end"]) == ("cumulative", 2024)  # a share of that total


def test_a_five_year_block_reads_each_figure_by_its_words():
    df = _report("一年来成绩显著。各位代表！过去五年，我们砥砺奋进。\n地区生产总值年均增长6%、达到3万亿元，"
                 "城镇新增就业超过300万人，粮食总产量稳定在800亿斤以上，居民人均可支配收入增长30%。\n"
                 "过去一年，城镇新增就业62万人。")
    want = {"6%": ("average", 2020, 2024), "3万亿元": ("year", 2024, 2024), "300万人": ("cumulative", 2020, 2024),
            "800亿斤以上": ("each_year", 2020, 2024), "30%": ("cumulative", 2020, 2024), "62万人": ("year", 2024, 2024)}
    for printed, (period, start, end) in want.items():
        r = _one(df, printed)
        assert (r["kind"], r["period"], r["period_start"], r["period_end"]) == ("result", period, start, end), printed


def test_a_base_value_is_context():
    df = _report("五年来，我们砥砺奋进。地区生产总值从2万亿元提高到3万亿元。")
    assert _one(df, "2万亿元")["kind"] == "context"
    assert (_one(df, "3万亿元")["period"], _one(df, "3万亿元")["ref_year"]) == ("year", 2024)


def test_a_horizon_in_this_years_plan_keeps_its_year():
    df = _report(plan="到2027年，全区5G基站达到10万个，累计建成充电桩5万个。")
    base = _one(df, "10万个")
    assert (base["kind"], base["period"], base["ref_year"]) == ("target", "year", 2027)
    total = _one(df, "5万个")
    assert (total["period"], total["period_start"], total["period_end"]) == ("cumulative", 2025, 2027)


def test_five_year_figures_are_never_compared():
    df = _report("过去五年，地区生产总值年均增长6%。\n过去一年，地区生产总值增长5.2%。")
    assert list(results_of(df, YEAR)["text"]) == ["5.2%"]


def test_span_cues_are_found_once_per_sentence_of_each_text(monkeypatch):
    """A sentence's span cues serve all its figures, for this text only (a cache keyed by the
    text would compare an equal but distinct long text in full on every hit)."""
    import helpers.figures.classify.period as period

    asked = []
    real = period._sentence_cues
    monkeypatch.setattr(period, "_sentence_cues", lambda text, lo, hi: asked.append((lo, hi)) or real(text, lo, hi))
    text = ("二、2025年工作安排\n“十五五”时期，全省地区生产总值年均增长5%、城镇新增就业累计300万人、"
            "新建保障性住房10万套。\n今年粮食产量稳定在1000万吨以上、新建农村公路3000公里。\n")
    first = extract_figures(text, "Hubei", 2025)
    assert len(first) == 5
    assert sorted(asked) == sorted(set(asked)) and len(asked) >= 1  # each sentence once
    done = len(asked)
    again = extract_figures("".join(list(text)), "Hubei", 2025)
    assert len(asked) == 2 * done and again.equals(first)  # found again for the second text
