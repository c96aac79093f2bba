"""A panel's files are written from parts: what a worker sends back for one report (its figures
in panel order as Arrow IPC bytes and as the lines of figures.csv), and for one pair of
consecutive reports (its scorecard rows, likewise, with their LaTeX rows). The calling process
only concatenates parts, in (region_code, report_year) order, into the panel's files
(helpers.output.panel_dataset), so it never holds the whole table, and every byte of every
part is made by the same code that writes a whole table: figures_csv_bytes' dialect,
`DataFrame.to_parquet`'s Arrow schema, tables.scorecard_latex's rows.

Why bytes, not pandas frames: a pickled frame costs more to send than to build, and the calling
process would have to keep or rebuild each one; Arrow IPC is read back without a copy."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cache

import pandas as pd
import pyarrow as pa

from helpers.metadata.columns import (
    COLUMN_NAMES,
    FIGURE_COLUMNS,
    LOWER_BOUNDS,
    check,
    coerce,
    empty_figures,
)

_DTYPES = {"string": "str", "integer": "Int64", "number": "float64", "boolean": "bool"}
CSV_DIALECT = {"index": False, "lineterminator": "\n"}  # figures_csv_bytes' and scorecard_csv_bytes'


@cache
def figures_schema() -> pa.Schema:
    """The Arrow schema of figures.parquet: what `DataFrame.to_parquet` makes of the schema
    columns with their dtypes (helpers.metadata.columns), pandas metadata included, so that a
    table of any number of reports reads back as the same frame."""
    return pa.Table.from_pandas(coerce(empty_figures()), preserve_index=False).schema


@cache
def figures_csv_header() -> bytes:
    """The first line of figures.csv (figures_csv_bytes of an empty table)."""
    return coerce(empty_figures()).to_csv(**CSV_DIALECT).encode("utf-8")


def schema_typed(figures: pd.DataFrame) -> bool:
    """Whether `figures` has exactly the schema's columns, in order, with their dtypes."""
    return (list(figures.columns) == list(COLUMN_NAMES)
            and [str(d) for d in figures.dtypes] == [_DTYPES[c.dtype] for c in FIGURE_COLUMNS])


def typed_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """`coerce(figures)`, skipped when it would change nothing (a checked report's figures
    already have the schema's columns and dtypes: coerce costs more than the Arrow copy)."""
    if schema_typed(figures):
        return figures.reset_index(drop=True)
    return coerce(figures)[list(COLUMN_NAMES)]


def passes_checks(table: pa.Table) -> bool:
    """columns.check's value rules on a table of figures_schema, in a few Arrow kernels: no
    missing required value, non-empty required text, categories, unique figure_id, value ≥ 0,
    char_start ≥ 0, paragraph ≥ 1, char_end > char_start. True only where check passes; a
    False is settled by check itself (its verdict and message). A tenth of check's cost, which
    was a tenth of a panel worker's."""
    import pyarrow.compute as pc

    for c in FIGURE_COLUMNS:
        col = table.column(c.name)
        if col.null_count and (not c.nullable or c.categories):
            return False
        if c.dtype == "string" and c.required and len(col) and pc.min(pc.utf8_length(col)).as_py() < 1:
            return False
        if c.categories:
            if not pc.all(pc.is_in(col, value_set=pa.array(c.allowed, type=col.type))).as_py():
                return False
    if pc.count_distinct(table.column("figure_id")).as_py() != len(table):
        return False
    for name, least in LOWER_BOUNDS:
        low = pc.min(table.column(name)).as_py()
        if low is not None and low < least:
            return False
    ends = pc.greater(table.column("char_end"), table.column("char_start"))
    return ends.null_count == 0 and pc.all(ends).as_py() is not False


def panel_order(figures: pd.DataFrame) -> pd.DataFrame:
    """One report's figures in panel order (char_start, then figure_id), with schema dtypes."""
    figures = typed_figures(figures)
    if len(figures) > 1:
        at, ids = figures["char_start"].tolist(), figures["figure_id"].tolist()
        order = sorted(range(len(figures)), key=lambda i: (at[i] is pd.NA, 0 if at[i] is pd.NA else at[i], ids[i]))
        if order != list(range(len(figures))):
            figures = figures.iloc[order].reset_index(drop=True)
    return figures


def to_arrow(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """`Table.from_pandas(frame, schema=schema, preserve_index=False)`: the chunks of its text
    columns kept (they decide where Parquet's dictionary encoding falls back: see _RowGroups)."""
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False)


def ipc_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def read_ipc(data: bytes | pa.Buffer) -> pa.Table:
    """The table of IPC bytes, without a copy: it holds on to `data`."""
    return pa.ipc.open_stream(data if isinstance(data, pa.Buffer) else pa.py_buffer(data)).read_all()


def arrow_copy(data: bytes) -> pa.Buffer:
    """`data` copied into Arrow's memory pool. A table the writer keeps a while (a row group
    filling up) is read from such a copy, not from the bytes the worker sent: thousands of
    those, freed at other times than the Python objects around them, would leave the
    process's heap fragmented and its resident size growing with the panel."""
    buffer = pa.allocate_buffer(len(data))
    memoryview(buffer).cast("B")[:] = data
    return buffer


def csv_lines(frame: pd.DataFrame) -> bytes:
    """The rows of `frame` as lines of a CSV written by figures_csv_bytes (no header): pandas
    formats each value on its own, so a table's CSV is the concatenation of its parts'.

    The values are formatted as `DataFrame.to_csv` formats them (floats by numpy's str, missing
    values empty, booleans True/False) and written by the same csv module in the same dialect,
    without pandas' per-block machinery, which was half the cost of a report's part; a column
    of any other dtype is left to to_csv (tests/output/test_panel_parts.py holds the two equal)."""
    if not len(frame):
        return b""
    columns = [_csv_values(s) for _, s in frame.items()]
    if any(c is None for c in columns):
        return frame.to_csv(header=False, **CSV_DIALECT).encode("utf-8")
    out = io.StringIO()
    csv.writer(out, lineterminator=CSV_DIALECT["lineterminator"]).writerows(zip(*columns, strict=True))
    return out.getvalue().encode("utf-8")


def _csv_values(s: pd.Series) -> list | None:
    """One column's fields as to_csv writes them, or None for a dtype this does not know."""
    import numpy as np

    dtype = s.dtype
    if isinstance(dtype, pd.StringDtype) or (pd.api.types.is_object_dtype(dtype) and all(isinstance(v, str) for v in s)):
        return s.to_numpy(dtype=object, na_value="").tolist()
    if str(dtype) in ("Int64", "boolean"):  # masked: a missing value is pd.NA
        return ["" if v is pd.NA else str(v) for v in s.tolist()]
    if dtype == np.float64:
        values = s.to_numpy()
        text = values.astype(str)  # what pandas does for a float block (get_values_for_csv)
        text[np.isnan(values)] = ""
        return text.tolist()
    if dtype == np.bool_:
        return np.where(s.to_numpy(), "True", "False").tolist()
    if dtype == np.int64:
        return s.to_numpy().astype(str).tolist()
    return None


@dataclass(frozen=True)
class FiguresPart:
    """One report's figures in panel order: Arrow IPC (figures_schema) and figures.csv lines."""

    rows: int
    arrow: bytes
    csv: bytes


def figures_part(figures: pd.DataFrame) -> FiguresPart:
    """The part of a report's figures (runs in a worker), checked as columns.check does: the
    dtypes on the frame (coerce would hide a wrong one), the values on the Arrow copy made
    for the part anyway; a failure is check's InternalError."""
    if not schema_typed(figures):
        check(figures)
    ordered = panel_order(figures)
    table = to_arrow(ordered, figures_schema())
    if not passes_checks(table):
        check(figures)
    return FiguresPart(len(ordered), ipc_bytes(table), csv_lines(ordered))


def part_frame(table: pa.Table) -> pd.DataFrame:
    """A part (or several) back as the figures frame a Panel holds (schema dtypes)."""
    return table.to_pandas()


@dataclass(frozen=True)
class ScorecardPart:
    """The scorecard of one pair of consecutive reports, as pieces of the panel's scorecard
    files: Arrow IPC of the frame, scorecard.csv lines, scorecard.tex rows, the footnote marks
    those rows use and the target and result years they hold (the LaTeX header and notes are
    made of these once every pair is in)."""

    rows: int
    arrow: bytes = b""
    csv: bytes = b""
    latex: list[str] = field(default_factory=list)
    marks: frozenset[str] = frozenset()
    target_years: frozenset[int] = frozenset()
    result_years: frozenset[int] = frozenset()


def scorecard_part(table: pd.DataFrame) -> ScorecardPart:
    """The pieces of one pair's scorecard frame (analysis.scorecard.scorecard)."""
    from helpers.output.tables import scorecard_rows

    if not len(table):
        return ScorecardPart(0)
    latex, marks = scorecard_rows(table)
    years = {c: frozenset(int(y) for y in table[c].dropna().unique()) for c in ("target_year", "result_year")}
    return ScorecardPart(len(table), ipc_bytes(pa.Table.from_pandas(table, preserve_index=False)),
                         csv_lines(table), latex, frozenset(marks), years["target_year"], years["result_year"])


def pair_scorecard(targets: bytes, outcomes: bytes, registered_only: bool = True) -> ScorecardPart:
    """Report N's targets judged on report N+1's outcomes, from their figures parts (runs in a
    worker: the calling process sends the two parts and gets the scorecard's pieces back)."""
    from helpers.analysis.scorecard import scorecard_of_arrow

    return scorecard_part(scorecard_of_arrow(read_ipc(targets), read_ipc(outcomes), registered_only=registered_only))
