"""The data behind each chart, for the defects a reader met (issue 11): a result equal to its
target hidden under it, rates of very different scale on one axis, a money chart mixing levels
with their changes and size cut-offs, implied changes across units, a scorecard that did not say
which side is good, and panel labels that overlapped, moved colour and covered the source line.
Assertions are on what is drawn (marks, artists, bounding boxes), never on image bytes."""

import math

import pytest
from _corpus import corpus_file
from _synthetic import figure, table
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D

from helpers.analysis.compare import results_vs_targets, target_profile
from helpers.analysis.scorecard import EXCEEDED, MET, MISSED
from helpers.figures.report import load_report
from helpers.output.charts import panel_charts, report_charts
from helpers.paths import SEED_REPORT
from helpers.pipeline.pairs import score_reports
from helpers.rules.labels import labels

# --- results vs targets -------------------------------------------------------------------

def _equal_and_unequal():
    return table(
        figure(1, "gdp", "result", 5.0, measure="growth", unit="percent"),
        figure(2, "gdp", "target", 5.0, measure="growth", unit="percent", bound="approx"),
        figure(3, "cpi", "result", 0.2, measure="growth", unit="percent"),
        figure(4, "cpi", "target", 2.0, measure="growth", unit="percent", bound="approx"),
    )


def test_a_result_equal_to_its_target_is_drawn_on_top_of_a_hollow_target():
    rvt = results_vs_targets(_equal_and_unequal())
    marks = report_charts.dumbbell_marks(report_charts.percent_rows(rvt)).set_index("y")
    gdp = marks.loc[1]  # first row on top
    assert gdp["equal"] and gdp["result_stated"] and gdp["result_x"] == gdp["target_x"] == 5.0
    assert gdp["result_label"] == ""  # the target's label says the value once
    assert marks.loc[0, "result_label"] == "0.2"
    fig = report_charts.results_vs_targets_chart(rvt)
    at_five = [ln for ln in fig.axes[0].get_lines() if list(ln.get_xdata()) == [5.0]]
    target = next(ln for ln in at_five if ln.get_marker() != "o" or ln.get_mfc() == "none")
    result = next(ln for ln in at_five if ln is not target)
    assert target.get_mfc() == "none"  # hollow: the result shows through
    assert result.get_zorder() > target.get_zorder()
    assert result.get_markersize() < target.get_markersize()


def test_equal_results_of_the_national_report_are_marks_not_gaps():
    figures = load_report(corpus_file("national_2025.txt")).figures
    rvt = results_vs_targets(figures)
    marks = [report_charts.dumbbell_marks(p).assign(indicator=list(p["indicator"]))
             for p in report_charts.rate_panels(rvt)]
    equal = {ind for m in marks for ind, e in zip(m["indicator"], m["equal"], strict=True) if e}
    assert {"gdp", "energy_intensity"} <= equal  # 5 vs ≈5, −3 vs ≈−3: both drawn, dot over target
    for m in marks:
        assert (m["result_stated"] | m["result_x"].isna()).all()


def _shares(*pairs):
    rows, n = [], 1
    for indicator, result, target in pairs:
        if result is not None:
            rows.append(figure(n, indicator, "result", result, measure="share", unit="percent"))
        rows.append(figure(n + 1, indicator, "target", target, measure="share", unit="percent",
                           bound="approx"))
        n += 2
    return results_vs_targets(table(*rows))


def test_shares_of_very_different_scale_get_panels_of_their_own():
    rvt = _shares(("unemployment_rate", 5.1, 5.5), ("coverage", 88.0, 90.0), ("deficit_ratio", None, 4.0),
                  ("good_air_days", 85.0, 86.0))
    panels = [list(p["indicator"]) for p in report_charts.rate_panels(rvt)]
    assert panels == [["unemployment_rate", "deficit_ratio"], ["coverage", "good_air_days"]]
    fig = report_charts.results_vs_targets_chart(rvt)
    low = fig.axes[0].get_xlim()
    assert low[1] - low[0] < 10  # 5.1 and 5.5 are apart on an axis of a few points, not of 100


def test_the_seed_keeps_unemployment_off_the_axis_of_its_90_percent_shares():
    rvt = results_vs_targets(load_report(SEED_REPORT).figures)
    for panel in report_charts.rate_panels(rvt):
        if "unemployment_rate" in set(panel["indicator"]):
            centres = panel.apply(report_charts._centre, axis=1)
            assert centres.max() - centres.min() <= 3 * report_charts.SCALE_GAP_PP
            assert centres.max() < 50


# --- largest money targets ------------------------------------------------------------------

def test_money_chart_shows_levels_only():
    figures = table(
        figure(1, "fiscal_deficit", "target", 5.66e12, unit="CNY"),
        figure(2, "fiscal_deficit", "target", 1.6e12, measure="change", unit="CNY", direction="up"),
        figure(3, "special_bonds", "target", 4.4e12, unit="CNY"),
    )
    money = target_profile(figures).largest_money
    assert list(money["indicator"]) == ["fiscal_deficit", "special_bonds"]
    assert list(money["value_100m_cny"]) == [56600.0, 44000.0]


def test_national_money_chart_names_each_level_once():
    figures = load_report(corpus_file("national_2025.txt")).figures
    money = target_profile(figures).largest_money
    measures = figures.set_index("figure_id").loc[money["figure_id"], "measure"]
    assert set(measures) == {"level"}
    assert money["indicator"].is_unique  # 赤字规模 and 合计新增政府债务总规模 once each
    assert 5.66e12 / 1e8 in set(money["value_100m_cny"]) and 1.6e12 / 1e8 not in set(money["value_100m_cny"])


def test_money_axis_numbers_have_thousands_separators():
    figures = load_report(corpus_file("national_2025.txt")).figures
    fig = report_charts.money_targets_chart(target_profile(figures).largest_money)
    FigureCanvasAgg(fig).draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert "300,000" in ticks and not any(t.isdigit() and len(t) > 4 for t in ticks)


def test_a_size_cut_off_is_context_and_the_count_it_qualifies_a_target():
    figures = load_report(corpus_file("shandong_2025.txt")).figures
    cut = figures[figures["quote"].str.contains("500万元以上技改项目") & figures["text"].str.startswith("500")]
    assert list(cut["kind"]) == ["context"]
    count = figures[figures["quote"].str.contains("500万元以上技改项目") & figures["text"].str.contains("万个")]
    assert list(count["kind"]) == ["target"]
    assert not target_profile(figures).largest_money["text"].str.contains("500万元以上").any()


# --- implied change ----------------------------------------------------------------------

def test_implied_change_refuses_counts_of_different_measure_words():
    figures = table(
        figure(1, "parks", "result", 80.0, unit="count", unit_zh="家"),
        figure(2, "parks", "target", 100.0, unit="count", unit_zh="个", bound="min"),
        figure(3, "roads", "result", 3000.0, unit="km", unit_zh="公里"),
        figure(4, "roads", "target", 3300.0, unit="km", unit_zh="公里"),
    )
    rvt = results_vs_targets(figures)
    assert math.isnan(rvt.set_index("indicator").loc["parks", "implied_change_pct"])
    assert list(report_charts.level_rows(rvt)["indicator"]) == ["roads"]


def test_implied_change_chart_refuses_a_row_of_two_units_whatever_made_it():
    figures = table(figure(1, "visits", "result", 2.7e8, unit="person", unit_zh="人"),
                    figure(2, "visits", "target", 3.0e8, unit="person", unit_zh="人"))
    rvt = results_vs_targets(figures)
    assert list(report_charts.level_rows(rvt)["indicator"]) == ["visits"]
    rvt.loc[0, "result_unit"] = "person_time"  # a row that pairs 人次 with 人
    assert report_charts.level_rows(rvt).empty


# --- scorecard ---------------------------------------------------------------------------

PAIRS = [("national_2024.txt", "national_2025.txt"), ("guangdong_2025.txt", "guangdong_2026.txt"),
         ("jiangsu_2025.txt", "jiangsu_2026.txt"), ("sichuan_2025.txt", "sichuan_2026.txt")]


@pytest.mark.parametrize("pair", PAIRS, ids=[a.split("_")[0] for a, _ in PAIRS])
def test_scorecard_reads_right_is_better_for_every_verdict(pair):
    table_ = score_reports(corpus_file(pair[0]), corpus_file(pair[1])).table
    table_ = table_[table_["verdict"] != "no target set"].reset_index(drop=True)
    marks = panel_charts.scorecard_marks(table_)
    judged = marks[marks["x"].notna()]
    assert len(judged)
    for m in judged.itertuples():
        if m.verdict == MET:
            assert m.zone_left - 1e-9 <= m.x <= m.zone_right + 1e-9
        elif m.verdict == EXCEEDED:
            assert m.x > m.zone_right
        elif m.verdict == MISSED:
            assert m.x < m.zone_left


def test_a_decline_target_beaten_is_drawn_right_of_the_target():
    table_ = score_reports(corpus_file("national_2024.txt"), corpus_file("national_2025.txt")).table
    rows = table_[table_["indicator"].isin(["energy_intensity", "unemployment_rate"])].reset_index(drop=True)
    marks = panel_charts.scorecard_marks(rows)
    assert marks["flipped"].all()  # lower is better for both
    assert (marks["x"] > 0).all()  # a fall beyond 2.5%, unemployment under 5.5%: better, so right
    fig = panel_charts.scorecard_chart(rows)
    words = {t.get_text() for t in fig.axes[0].texts}
    en = labels("panel_charts")["en"]
    assert {en["better"], en["worse"]} <= words


def test_a_level_and_its_change_are_told_apart_in_the_scorecard():
    table_ = score_reports(corpus_file("national_2024.txt"), corpus_file("national_2025.txt")).table
    rows = table_[table_["indicator"] == "fiscal_deficit"].reset_index(drop=True)
    names = panel_charts.scorecard_labels(rows, "en")
    assert len(names) == len(set(names))


# --- panel scatter -----------------------------------------------------------------------

def _scatter_table():
    from helpers.analysis import panel_views
    from helpers.notebook import DEFAULT_PANEL_FILES
    from helpers.pipeline.panel import SerialExecutor, build_panel

    files = [corpus_file(n) for n in DEFAULT_PANEL_FILES] + [SEED_REPORT]
    return panel_views.targets_vs_results(build_panel(files, executor=SerialExecutor()))


@pytest.fixture(scope="module")
def scatter_table():
    return _scatter_table()


def _extents(fig):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


@pytest.mark.parametrize("width", [3.5, 7.0])
def test_scatter_labels_overlap_neither_each_other_nor_the_source_line(scatter_table, width):
    fig = panel_charts.target_result_scatter(scatter_table, source="Source: a line long enough to wrap "
                                             "at a single column — figures extracted with gwr-figures",
                                             width=width)
    renderer = _extents(fig)
    ax = fig.axes[0]
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(boxes) == len(panel_charts.scatter_points(scatter_table))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)
    source = next(t for t in fig.texts if t.get_text().startswith("Source"))
    legend = fig.legends[0].get_window_extent(renderer)
    assert not legend.overlaps(source.get_window_extent(renderer))


def test_scatter_colours_belong_to_the_indicator_not_the_row_order(scatter_table):
    def colours(table_):
        fig = panel_charts.target_result_scatter(table_)
        return {h.get_label(): tuple(h.get_facecolor()[0]) for h in fig.axes[0].collections}

    forward = colours(scatter_table)
    backward = colours(scatter_table.iloc[::-1].reset_index(drop=True))
    assert forward == backward
    assert len(set(forward.values())) == len(forward)  # one colour per indicator in a chart
    gdp_only = scatter_table[scatter_table["indicator"].isin(["gdp", "cpi"])]
    assert panel_charts.indicator_colors(gdp_only["indicator"])["gdp"] == \
        panel_charts.indicator_colors(scatter_table["indicator"])["gdp"]


def test_coinciding_points_share_one_label():
    import pandas as pd

    t = pd.DataFrame({"region": ["A", "B", "C"], "region_zh": ["甲", "乙", "丙"], "indicator": ["gdp"] * 3,
                      "result": [5.0, 5.0, 6.0], "target": [5.5, 5.5, 6.0]})
    points = panel_charts.scatter_points(t, "zh")
    assert list(points["label"]) == ["甲、乙", "丙"]


def test_scatter_is_reproducible(scatter_table, tmp_path):
    from helpers.output.charts.save import figure_bytes

    a = figure_bytes(panel_charts.target_result_scatter(scatter_table, width=3.5), "svg")
    b = figure_bytes(panel_charts.target_result_scatter(scatter_table, width=3.5), "svg")
    assert a == b


def test_legend_target_markers_are_hollow_like_the_chart():
    fig = report_charts.results_vs_targets_chart(results_vs_targets(_equal_and_unequal()))
    handles = [h for h in fig.legends[0].legend_handles if isinstance(h, Line2D)]
    targets = [h for h in handles if "target" in h.get_label()]
    assert targets and all(h.get_mfc() == "none" for h in targets)
