"""Codes and labels of the exported tables: codes pinned, labels short, every column covered."""

import pandas as pd
import pytest

from helpers.analysis.scorecard import VERDICTS
from helpers.metadata import columns
from helpers.metadata.codebook import (
    CODE_LISTS,
    FIGURE_LABELS,
    FIGURES_TABLE,
    MAX_LABEL,
    TableSpec,
    codes_text,
    coerce_table,
    fallback_label,
)
from helpers.metadata.targets_columns import TARGET_LABELS, TARGETS_TABLE


def test_codes_are_pinned():
    # A code is part of the data's contract: changing one breaks every do-file that uses it.
    assert FIGURES_TABLE.codes("kind") == {"result": 1, "target": 2, "context": 3}
    assert FIGURES_TABLE.codes("bound") == {"exact": 1, "approx": 2, "min": 3, "max": 4, "range": 5}
    assert FIGURES_TABLE.codes("measure") == {"level": 1, "growth": 2, "share": 3, "change": 4, "rank": 5}
    assert FIGURES_TABLE.codes("period") == {"year": 1, "average": 2, "cumulative": 3, "each_year": 4}
    assert FIGURES_TABLE.codes("direction") == {"up": 1, "down": 2}
    assert TARGETS_TABLE.codes("verdict") == {"met": 1, "exceeded": 2, "missed": 3, "no outcome stated": 4,
                                              "not judged": 5, "no target set": 6}
    assert FIGURES_TABLE.codes("quote") == {}
    assert codes_text(FIGURES_TABLE.codes("kind")) == "1 = result, 2 = target, 3 = context"


@pytest.mark.parametrize("spec", [FIGURES_TABLE, TARGETS_TABLE], ids=lambda s: s.name)
def test_every_coded_column_has_exactly_its_schema_words(spec):
    for column in spec.columns:
        if column.categories:
            assert column.name in spec.coded, f"{spec.name}.{column.name} has categories but no codes"
        if column.name in spec.coded:
            assert set(spec.codes(column.name)) == set(column.categories or ()), column.name


def test_code_lists_cover_the_schema_and_the_scorecard():
    assert set(CODE_LISTS["kind"]) == set(columns.KINDS)
    assert set(CODE_LISTS["bound"]) == set(columns.BOUNDS)
    assert set(CODE_LISTS["measure"]) == set(columns.MEASURES)
    assert set(CODE_LISTS["period"]) == set(columns.PERIODS)
    assert set(CODE_LISTS["direction"]) == set(columns.DIRECTIONS)
    assert CODE_LISTS["verdict"] == VERDICTS


@pytest.mark.parametrize("spec,labels", [(FIGURES_TABLE, FIGURE_LABELS), (TARGETS_TABLE, TARGET_LABELS)],
                         ids=["figures", "targets"])
def test_every_column_has_a_short_hand_written_label(spec, labels):
    assert set(labels) == set(spec.names), "a column without a label (or a label without a column)"
    for name in spec.names:
        assert 0 < len(spec.label(name)) <= MAX_LABEL, (name, spec.label(name))


def test_fallback_label_is_the_first_sentence_cut_to_80():
    assert fallback_label("Region in English, e.g. `Inner Mongolia`. More.") == "Region in English, e.g. Inner Mongolia"
    long = fallback_label("word " * 40)
    assert len(long) == MAX_LABEL and long.endswith("…")
    spec = TableSpec("t", "t", (columns.Column("new_col", "string", "A new column. Detail."),))
    assert spec.label("new_col") == "A new column"


def test_coerce_table_gives_schema_dtypes():
    df = coerce_table(pd.DataFrame({"region": ["A", None], "year": [2025, None], "target_set": [True, None],
                                    "prior_is_estimate": [None, True]}), TARGETS_TABLE.columns)
    assert list(df.columns) == list(TARGETS_TABLE.names)
    assert df["region"].tolist() == ["A", ""]
    assert str(df["year"].dtype) == "Int64" and df["year"].isna().tolist() == [False, True]
    assert df["target_set"].tolist() == [True, False]
    assert str(df["prior_is_estimate"].dtype) == "boolean" and df["prior_is_estimate"].isna().tolist() == [True, False]
    assert df["target_point"].dtype == "float64"
