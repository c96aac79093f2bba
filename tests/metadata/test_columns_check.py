"""columns.check (the per-report check), columns.validate (pandera, once per panel) and a panel
worker's check of a report's part (output.panel_parts) are implementations of one contract: on
real tables and on each kind of corruption they agree."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _corpus import corpus_texts

from helpers.errors import InternalError
from helpers.figures.report import load_report
from helpers.metadata.columns import FIGURE_COLUMNS, check, empty_figures, validate
from helpers.output.panel_parts import (
    figures_part,
    figures_schema,
    passes_checks,
    schema_typed,
    to_arrow,
)
from helpers.paths import SEED_REPORT


@pytest.fixture(scope="module")
def seed_figures():
    return load_report(SEED_REPORT).figures


def _verdict(contract, figures) -> bool:
    try:
        contract(figures)
    except InternalError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("the figures table failed its schema")
        return False
    return True


def _set(column, value, row=0):
    def corrupt(df):
        df = df.copy()
        if value is None:  # a missing text: only an object column can hold None
            df[column] = df[column].astype(object)
        df.loc[row, column] = value
        return df
    return corrupt


def _cast(column, dtype):
    def corrupt(df):
        return df.assign(**{column: df[column].astype(dtype)})
    return corrupt


CORRUPTIONS = {
    "kind not a category": _set("kind", "forecast"),
    "measure not a category": _set("measure", "ratio"),
    "period not a category": _set("period", "decade"),
    "empty required text": _set("indicator", ""),
    "empty figure_id": _set("figure_id", ""),
    "missing required text": _set("quote", None),
    "negative value": _set("value", -1.0),
    "missing value": _set("value", np.nan),
    "negative char_start": _set("char_start", -1),
    "paragraph zero": _set("paragraph", 0),
    "missing char_start": _set("char_start", pd.NA),
    "char_end before char_start": lambda df: df.assign(char_end=df["char_start"]),
    "duplicate figure_id": lambda df: df.assign(figure_id=df["figure_id"].iloc[0]),
    "a column dropped": lambda df: df.drop(columns="bound"),
    "integers as floats": _cast("report_year", "float64"),
    "booleans as text": _cast("is_estimate", "str"),
    "numbers as text": _cast("value", "str"),
}

ACCEPTED = {
    "as extracted": lambda df: df,
    "optional year missing": _set("ref_year", pd.NA),
    "optional bound missing": _set("lower", np.nan),
    "optional text empty": _set("direction", ""),
    "extra column": lambda df: df.assign(note="x"),
    "columns reordered": lambda df: df[list(reversed(df.columns))],
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_both_reject_each_corruption(seed_figures, name):
    bad = CORRUPTIONS[name](seed_figures)
    assert (_verdict(check, bad), _verdict(validate, bad)) == (False, False)


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_both_accept_valid_tables(seed_figures, name):
    good = ACCEPTED[name](seed_figures)
    assert (_verdict(check, good), _verdict(validate, good)) == (True, True)


def test_the_empty_table_passes_both():
    assert _verdict(check, empty_figures()) and _verdict(validate, empty_figures())


def test_check_names_the_failing_column(seed_figures):
    with pytest.raises(InternalError, match=r"column paragraph"):
        check(CORRUPTIONS["paragraph zero"](seed_figures))


def test_every_schema_column_is_checked(seed_figures):
    # Dropping any one column fails the check: none is forgotten by check's loop.
    for c in FIGURE_COLUMNS:
        assert not _verdict(check, seed_figures.drop(columns=c.name)), c.name


@pytest.mark.parametrize("path", corpus_texts(), ids=lambda p: getattr(p, "stem", "corpus"))
def test_both_accept_every_corpus_report(path):
    figures = load_report(path).figures
    assert _verdict(check, figures) and _verdict(validate, figures)


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_a_panel_part_rejects_each_corruption_as_check_does(seed_figures, name):
    # a panel worker checks values on the part's Arrow copy (panel_parts.passes_checks)
    bad = CORRUPTIONS[name](seed_figures)
    with pytest.raises(InternalError) as raised:
        check(bad)
    with pytest.raises(InternalError) as from_part:
        figures_part(bad)
    assert str(from_part.value) == str(raised.value)


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_a_panel_part_accepts_valid_tables(seed_figures, name):
    assert _verdict(figures_part, ACCEPTED[name](seed_figures))


def test_the_arrow_checks_pass_real_tables_and_catch_value_corruptions(seed_figures):
    # the fast path is taken on real tables, and is no rubber stamp on typed bad ones
    assert passes_checks(to_arrow(seed_figures, figures_schema()))
    typed = {name: bad for name, corrupt in CORRUPTIONS.items()
             if schema_typed(bad := corrupt(seed_figures).reset_index(drop=True))}
    assert {"negative value", "duplicate figure_id", "kind not a category", "empty figure_id",
            "char_end before char_start", "missing char_start", "paragraph zero"} <= set(typed)
    for name, bad in typed.items():
        assert not passes_checks(to_arrow(bad, figures_schema())), name
