"""Two versions of a figures table: changed, added, removed and moved figures."""

import pandas as pd
from _synthetic import fig

from helpers.analysis.diff import DIFF_COLUMNS, diff_figures
from helpers.metadata.columns import coerce


def table(*rows) -> pd.DataFrame:
    return coerce(pd.DataFrame(list(rows)))


OTHER = fig("im-b", paragraph=4, char_start=40, char_end=45, text="18万人以上", quote="城镇新增就业18万人以上",
            indicator="urban_new_jobs", indicator_zh="城镇新增就业", measure="level", direction="",
            value=180000.0, unit="person", unit_zh="人", bound="min", lower=180000.0, upper=None, ref_year=None)


def test_identical_tables_differ_in_nothing():
    d = diff_figures(table(fig("im-a"), OTHER), table(OTHER, fig("im-a")))
    assert not d.differs and d.table.empty and d.summary() == "0 changed, 0 added, 0 removed"
    assert tuple(d.table.columns) == DIFF_COLUMNS


def test_a_changed_value_under_the_same_id():
    d = diff_figures(table(fig("im-a"), OTHER), table(fig("im-a", value=6.5, text="6.5%左右"), OTHER))
    assert d.differs and d.counts["changed"] == 1 and len(d.table) == 1
    row = d.table.iloc[0]
    assert (row["change"], row["old_figure_id"], row["new_figure_id"]) == ("changed", "im-a", "im-a")
    assert row["fields"] == "text; value"
    assert row["details"] == "text: 6%左右 → 6.5%左右; value: 6 → 6.5"
    assert (row["old_value"], row["new_value"]) == (6.0, 6.5)


def test_an_edited_figure_with_a_new_id_is_one_change():
    old = table(fig("im-a"), OTHER)
    new = table(fig("im-z", text="5%左右", quote="地区生产总值增长5%左右", value=5.0, lower=5.0, upper=5.0), OTHER)
    d = diff_figures(old, new)
    assert (d.counts["changed"], d.counts["added"], d.counts["removed"]) == (1, 0, 0)
    row = d.table.iloc[0]
    assert (row["old_figure_id"], row["new_figure_id"]) == ("im-a", "im-z")
    assert row["fields"].split("; ") == ["figure_id", "text", "quote", "value", "lower", "upper"]
    assert (row["old_quote"], row["new_quote"]) == ("地区生产总值增长6%左右", "地区生产总值增长5%左右")


def test_added_and_removed():
    d = diff_figures(table(fig("im-a")), table(OTHER))
    assert (d.counts["added"], d.counts["removed"], d.counts["changed"]) == (1, 1, 0)
    assert d.table["change"].tolist() == ["removed", "added"]  # in text order
    assert d.table.iloc[1]["new_quote"] == "城镇新增就业18万人以上" and d.table.iloc[1]["old_figure_id"] == ""


def test_moved_figures_are_counted_and_listed_only_on_request():
    moved = dict(paragraph=5, char_start=60, char_end=66)
    d = diff_figures(table(fig("im-a")), table(fig("im-a", **moved)))
    assert not d.differs and d.table.empty and d.counts["moved"] == 1
    assert "1 only moved in the text" in d.summary()
    d = diff_figures(table(fig("im-a")), table(fig("im-a", **moved)), positions=True)
    assert d.differs and d.table["change"].tolist() == ["moved"]
    assert d.table.iloc[0]["fields"] == "paragraph; char_start; char_end"


def test_missing_equals_missing():
    d = diff_figures(table(fig("im-a", upper=None, section=None)), table(fig("im-a", upper=float("nan"), section="")))
    assert not d.differs
