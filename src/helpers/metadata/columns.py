"""The figures table: one definition that feeds its two checks (`check`, vectorised, run on every
report; `validate`, the full pandera schema, run once on a panel), the Frictionless Table Schema
of datapackage.json and the data dictionary in the README, so none of them can drift."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from helpers.errors import InternalError

KINDS = ("result", "target", "context")
MEASURES = ("level", "growth", "share", "change", "rank")
BOUNDS = ("exact", "approx", "min", "max", "range")
DIRECTIONS = ("up", "down")
# The period a figure is about: one year (ref_year), or a span of years (period_start–period_end):
# an annual average over it (年均), a total or a change over it (累计, 五年来…增长), or a level held
# in each of its years (稳定在…以上). Context figures have none.
PERIODS = ("year", "average", "cumulative", "each_year")


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # one of: string, integer, number, boolean
    description: str
    required: bool = True
    categories: tuple[str, ...] | None = None

    @property
    def nullable(self) -> bool:
        """Whether a value may be missing: only optional numbers (a text is empty instead)."""
        return self.dtype in ("integer", "number") and not self.required

    @property
    def allowed(self) -> list[str] | None:
        """The values a categorical column may hold (an optional one may also be empty)."""
        return None if not self.categories else list(self.categories) + ([] if self.required else [""])


FIGURE_COLUMNS: tuple[Column, ...] = (
    Column("figure_id", "string", "Stable identifier: region, year and a hash of the figure's own text and clause; unchanged when unrelated text elsewhere changes."),
    Column("region", "string", "Region in English, e.g. `Inner Mongolia`, `China` for the national report."),
    Column("region_zh", "string", "Region as the report names it, e.g. `内蒙古自治区`."),
    Column("report_year", "integer", "Year the report was delivered."),
    Column("paragraph", "integer", "1-based index among the non-empty lines of the input text; page furniture (a saved web page's controls, 来源/时间 lines, related links) is not counted."),
    Column("char_start", "integer", "0-based offset of the figure in the decoded input text."),
    Column("char_end", "integer", "End offset (exclusive): `text[char_start:char_end]` is the figure as printed."),
    Column("text", "string", "The figure as printed, from the number through its unit and qualifier, e.g. `18万人以上`."),
    Column("quote", "string", "The clause holding the figure, as printed (cite this)."),
    Column("section", "string", "Heading path, e.g. `二、2025年工作安排 / （四）优化调整产业布局…`.", required=False),
    Column("kind", "string", "`result` (outcome of a past year), `target` (goal for the plan year) or `context` (background fact).", categories=KINDS),
    Column("is_estimate", "boolean", "True where 预计, 初步统计, 有望 … governs the figure."),
    Column("is_headline", "boolean", "True for the headline targets: the figures of this year's 主要预期目标 passage (a five-year plan's goals excluded)."),
    Column("ref_year", "integer", "Year a single-year figure is about (period `year`): report_year−1 for last year's results, report_year for this year's targets, a later year for targets with a horizon (到2027年); empty for context and for figures about a span of years.", required=False),
    Column("period", "string", "What span the figure is about: `year` (one year, ref_year), `average` (an annual average over period_start–period_end, 年均), `cumulative` (a total or a change over the span: 累计, 五年来…增长), `each_year` (a level held in every year of the span); empty for context.", required=False, categories=PERIODS),
    Column("period_start", "integer", "First year of the span the figure is about (= ref_year for a single year); empty for context.", required=False),
    Column("period_end", "integer", "Last year of that span (= ref_year for a single year); empty for context.", required=False),
    Column("indicator", "string", "Indicator code from the registry; an unknown indicator gets `x_` + a code made from its Chinese name."),
    Column("indicator_zh", "string", "Indicator name in Chinese (registry name, or the words before the figure)."),
    Column("indicator_en", "string", "Indicator name in English (empty for indicators not in the registry).", required=False),
    Column("measure", "string", "`level`, `growth`, `share` (a rate that is a level), `change` (other changes) or `rank`.", categories=MEASURES),
    Column("direction", "string", "`up` or `down` for changes (下降, 压减 … are `down`); empty otherwise.", required=False, categories=DIRECTIONS),
    Column("value", "number", "Magnitude in base units: 万, 亿 … multiplied out; percent as percent numbers; 倍 as percent (1倍 → 100). Always positive: the sign lives in `direction`."),
    Column("unit_zh", "string", "Base unit as printed without its multiplier (元, 人, %, 百分点 …); empty when the text gives none.", required=False),
    Column("unit", "string", "Canonical unit code (CNY, person, percent, pp, kW, count …); empty when the text gives none.", required=False),
    Column("bound", "string", "`approx` (左右, 近, 约), `min` (以上, 超过, 突破 …), `max` (以下, 以内, 不超过 …), `range` or `exact`.", categories=BOUNDS),
    Column("lower", "number", "Lower end of the stated interval (empty for max).", required=False),
    Column("upper", "number", "Upper end of the stated interval (empty for min).", required=False),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in FIGURE_COLUMNS)

_PANDAS_DTYPES = {"string": "str", "integer": "Int64", "number": "float64", "boolean": "bool"}
LOWER_BOUNDS = (("value", 0), ("char_start", 0), ("paragraph", 1))  # column, least value


def empty_figures():
    """An empty figures table with the right columns and dtypes."""
    import pandas as pd

    return pd.DataFrame({c.name: pd.Series(dtype=_PANDAS_DTYPES[c.dtype]) for c in FIGURE_COLUMNS})


def from_columns(values: dict[str, list]):
    """The figures table from one list per column (schema order and dtypes, no inference):
    what `coerce(pd.DataFrame(rows))` gives for the same values, at a fraction of its cost
    (building frames row by row was a fifth of extracting a report). Arrays, not Series, and
    dtypes resolved once: a Series per column, and the dtype's name looked up per column, were
    half of the cost of a report's table."""
    import numpy as np
    import pandas as pd

    text, integer = _resolved_dtypes()
    out = {}
    for c in FIGURE_COLUMNS:
        v = values[c.name]
        if c.dtype == "string":
            out[c.name] = pd.array(["" if x is None else str(x) for x in v], dtype=text)
        elif c.dtype == "integer":
            out[c.name] = pd.array(v, dtype=integer)
        elif c.dtype == "number":
            out[c.name] = np.array([np.nan if x is None else x for x in v], dtype="float64")
        else:
            out[c.name] = np.array([bool(x) for x in v], dtype=bool)
    return pd.DataFrame(out, copy=False)


@cache
def _resolved_dtypes():
    """pandas' dtypes of the schema's text and integer columns ("str", "Int64")."""
    from pandas.api.types import pandas_dtype

    return pandas_dtype(_PANDAS_DTYPES["string"]), pandas_dtype(_PANDAS_DTYPES["integer"])


def coerce(df):
    """Put columns in schema order with schema dtypes (missing optional text → empty string)."""
    import pandas as pd

    out = {}
    for c in FIGURE_COLUMNS:
        s = df[c.name] if c.name in df else pd.Series([None] * len(df), index=df.index)
        if c.dtype == "string":
            s = s.fillna("").astype(str)
        elif c.dtype == "integer":
            s = pd.to_numeric(s).astype("Int64")
        elif c.dtype == "number":
            s = pd.to_numeric(s).astype("float64")
        else:
            s = s.fillna(False).astype(bool)
        out[c.name] = s
    for name in df.columns:
        if name not in out:
            out[name] = df[name]
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)


def pandera_schema():
    """Executable contract of the figures table, checked before anything is written."""
    import pandera.pandas as pa

    checks = {
        "string": pa.Column(str, nullable=False),
        "integer": pa.Column("Int64", nullable=True),
        "number": pa.Column(float, nullable=True),
        "boolean": pa.Column(bool, nullable=False),
    }
    cols = {}
    for c in FIGURE_COLUMNS:
        col = checks[c.dtype]
        chk = []
        if c.dtype == "string" and c.required:
            chk.append(pa.Check.str_length(min_value=1))
        if c.categories:
            chk.append(pa.Check.isin(c.allowed))
        cols[c.name] = pa.Column(col.dtype, checks=chk, nullable=c.nullable, required=True)
    cols["figure_id"] = pa.Column(str, pa.Check.str_length(min_value=1), unique=True)
    dtype_of = {c.name: c.dtype for c in FIGURE_COLUMNS}
    for name, least in LOWER_BOUNDS:
        cols[name] = pa.Column(checks[dtype_of[name]].dtype, pa.Check.ge(least))
    return pa.DataFrameSchema(
        cols,
        checks=[pa.Check(lambda d: (d["char_end"] > d["char_start"]).all(), error="char_end must exceed char_start")],
        strict=False,
        ordered=False,
    )


def _schema_error(problems: int, first: str) -> InternalError:
    return InternalError(f"the figures table failed its schema ({problems} problems; first: {first})")


_NUMPY_DTYPES = {"integer": "Int64", "number": "float64", "boolean": "bool"}


def check(figures):
    """The contract of `pandera_schema`, checked with a few vectorised pandas operations: every
    column present with its dtype, no missing required value, categories, a unique non-empty
    figure_id, value ≥ 0, char_start ≥ 0, paragraph ≥ 1, char_end > char_start. This is the
    per-report check (pandera costs ~25 ms a call and ~0.5 s to import, more than extracting
    a report); tests/metadata/test_columns_check.py holds the two to the same verdicts. A
    violation is a bug of the extractor: an InternalError, in one line. Returns `figures`."""
    import pandas as pd

    problems: list[str] = []
    for c in FIGURE_COLUMNS:
        if c.name not in figures.columns:
            problems.append(f"column {c.name}: column_in_dataframe")
            continue
        s = figures[c.name]
        if c.dtype == "string":
            if not pd.api.types.is_string_dtype(s):  # of an object column: are its values all str
                problems.append(f"column {c.name}: dtype('str')")
                continue
            if c.required and s.str.len().lt(1).any():
                problems.append(f"column {c.name}: str_length(1, None)")
        elif str(s.dtype) != _NUMPY_DTYPES[c.dtype]:
            problems.append(f"column {c.name}: dtype('{_NUMPY_DTYPES[c.dtype]}')")
            continue
        if not c.nullable and s.isna().any():
            problems.append(f"column {c.name}: not_nullable")
        if c.categories and not s.isin(c.allowed).all():
            problems.append(f"column {c.name}: isin({list(c.categories)})")
    if not problems:
        if figures["figure_id"].duplicated().any():
            problems.append("column figure_id: field_uniqueness")
        for name, least in LOWER_BOUNDS:
            if figures[name].lt(least).any():
                problems.append(f"column {name}: greater_than_or_equal_to({least})")
        if not (figures["char_end"] > figures["char_start"]).all():
            problems.append("the table: char_end must exceed char_start")
    if problems:
        raise _schema_error(len(problems), problems[0])
    return figures


def validate(figures):
    """The full pandera contract of the figures table (run once per panel; `check` is the
    per-report one). A violation is a bug of the extractor, not something the user did: an
    InternalError, in one line."""
    import pandera.errors

    try:
        return pandera_schema().validate(figures, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        first = cases.iloc[0] if len(cases) else None
        where = f"column {first['column']}: {first['check']}" if first is not None else str(exc)[:200]
        raise _schema_error(len(cases), where) from None
