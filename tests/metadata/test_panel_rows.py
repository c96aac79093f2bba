"""Panel.report_figures: one report's rows of a panel's figures table, in their order."""

import pandas as pd
from _synthetic import fig

from helpers.metadata.columns import coerce
from helpers.metadata.panel import Panel
from helpers.metadata.report_meta import ReportMeta


def _meta(region, region_zh, year):
    return ReportMeta(region=region, region_zh=region_zh, report_year=year, sha256=f"{year:064d}")


METAS = [_meta("Inner Mongolia", "内蒙古自治区", 2024), _meta("Inner Mongolia", "内蒙古自治区", 2025),
         _meta("Jiangsu", "江苏省", 2025)]


def _rows(order):
    keys = {"a": ("Inner Mongolia", "内蒙古自治区", 2024), "b": ("Inner Mongolia", "内蒙古自治区", 2025),
            "c": ("Jiangsu", "江苏省", 2025)}
    return coerce(pd.DataFrame([
        fig(f"{k}{i}", region=keys[k][0], region_zh=keys[k][1], report_year=keys[k][2], char_start=i)
        for i, k in enumerate(order)
    ]))


def test_each_report_gets_its_own_rows_in_table_order():
    panel = Panel(_rows("aabbbc"), METAS)
    code = METAS[0].region_code
    assert list(panel.report_figures(code, 2024)["figure_id"]) == ["a0", "a1"]
    assert list(panel.report_figures(code, 2025)["figure_id"]) == ["b2", "b3", "b4"]
    assert list(panel.report_figures(METAS[2].region_code, 2025)["figure_id"]) == ["c5"]


def test_rows_out_of_order_and_a_replaced_table_are_still_right():
    panel = Panel(_rows("abab"), METAS)
    code = METAS[0].region_code
    assert list(panel.report_figures(code, 2025)["figure_id"]) == ["b1", "b3"]
    assert panel.report_figures(METAS[2].region_code, 2025).empty  # no rows: an empty table
    panel.figures = _rows("bb")  # the row lists follow the table they were made from
    assert list(panel.report_figures(code, 2025)["figure_id"]) == ["b0", "b1"]
    assert panel.report_figures(code, 2024).empty
