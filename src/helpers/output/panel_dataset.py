"""A panel's files: one folder, swapped in whole (helpers.atomic.staged_dir; default
data/processed/panel/):

    figures.csv, figures.parquet  every figure, schema columns (metadata/columns.py), rows sorted
                                  by region_code, report_year, char_start, figure_id
    panel.duckdb                  tables `figures` (the same rows) and `reports` (one row per
                                  report: its metadata, source file name and figure count)
    report.json                   the list of report metadata (ReportMeta)
    datapackage.json              Frictionless descriptor listing every report as a source
    scorecard.csv/.parquet/.tex   every region's targets against the next report's outcomes, when
                                  the panel holds consecutive reports of a region

Every file is byte-identical between identical runs except panel.duckdb, whose tables are but
whose header holds a random database identifier that DuckDB writes into every new file.

Written a part at a time (PanelWriter): `gwr panel` sends each report's part and each pair's
scorecard part as they come (helpers.pipeline.panel.stream_panel), `write_panel` the parts of
a Panel in memory, and the same bytes come out. The calling process holds one row group at a
time: figures.parquet is written in row groups of ROW_GROUP_ROWS rows, scorecard.parquet of
SCORECARD_ROW_GROUP_ROWS (a smaller table is one row group, as `DataFrame.to_parquet` writes
it: the same bytes), figures.csv is the concatenation of the parts' lines, pandera checks the
figures a row group of whole reports at a time (once for a panel of fewer rows), figure_id's
uniqueness across the panel is DuckDB's unique index, and the LaTeX scorecard's rows wait in a
temporary file for the header, which names their years."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path

import pandas as pd
import pyarrow as pa

from helpers.atomic import staged_dir
from helpers.errors import InputError, InternalError
from helpers.metadata import columns
from helpers.metadata.layout import (
    FIGURES_CSV,
    FIGURES_PARQUET,
    PANEL_DUCKDB,
    PANEL_NAMES,
    REPORT_JSON,
    SCORECARD_CSV,
    SCORECARD_PARQUET,
    SCORECARD_TEX,
)
from helpers.metadata.panel import Panel
from helpers.metadata.report_meta import ReportMeta, metas_json, read_report_metas
from helpers.output.datapackage import CsvDigest, update_datapackage
from helpers.output.panel_duckdb import duplicate_id, write_duckdb
from helpers.output.panel_parts import (
    CSV_DIALECT,
    FiguresPart,
    ScorecardPart,
    arrow_copy,
    figures_csv_header,
    figures_schema,
    ipc_bytes,
    read_ipc,
    scorecard_part,
    to_arrow,
    typed_figures,
)
from helpers.paths import PROCESSED_DIR

PANEL_DIR = PROCESSED_DIR / "panel"
REPORT_COLUMNS = ("region_code", "report_year", "region", "region_zh", "title", "issuer_zh",
                  "issuer_en", "date_delivered", "source_url", "sha256", "source_file", "figures")
# Rows per row group of figures.parquet, and per pandera check (whole reports): 64Ki rows are
# ~40 MB of figures in Arrow, ~330 reports.
ROW_GROUP_ROWS = 65_536
# scorecard.parquet's: its rows are wider (two quotes, two texts) and its row groups are all
# written at the end, where one of 64Ki rows cost 190 MB (10,000 reports have 220,000 rows).
SCORECARD_ROW_GROUP_ROWS = 16_384
SCORECARD_CAPTION = "Targets against outcomes, every region of the panel"
SCORECARD_LABEL = "tab:panel-scorecard"


def reports_table(panel: Panel) -> pd.DataFrame:
    """One row per report: its metadata, source file name and number of figures."""
    counts = panel.figures.groupby(["region", "report_year"]).size()
    return _reports_frame(panel.metas, panel.source_files,
                          [int(counts.get((m.region, m.report_year), 0)) for m in panel.metas])


def _reports_frame(metas: list[ReportMeta], source_files: dict[tuple[str, int], str],
                   counts: list[int]) -> pd.DataFrame:
    rows = []
    for m, count in zip(metas, counts, strict=True):
        row = {k: v for k, v in asdict(m).items() if k in REPORT_COLUMNS}
        row["source_file"] = source_files.get((m.region_code, m.report_year), "")
        row["figures"] = count
        rows.append(row)
    df = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    df["report_year"] = df["report_year"].astype("int64")
    df["figures"] = df["figures"].astype("int64")
    return df


def consecutive_pairs(metas: list[ReportMeta]) -> list[tuple[int, int]]:
    """(i, j) of metas (sorted by region_code, report_year) where j is the next year's report of
    the same region: the pairs a panel's scorecard judges, in its row order."""
    return [(i, i + 1) for i in range(len(metas) - 1)
            if metas[i].region_code == metas[i + 1].region_code
            and metas[i + 1].report_year == metas[i].report_year + 1]


class _Digest:
    """A file written in pieces, with the byte count and sha256 of what was written."""

    def __init__(self, path: Path):
        self._fh = open(path, "wb")  # noqa: SIM115 (closed by close())
        self._sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self._fh.write(data)
        self._sha.update(data)
        self.size += len(data)

    def close(self) -> CsvDigest:
        self._fh.close()
        return CsvDigest(self.size, "sha256:" + self._sha.hexdigest())

    def abandon(self) -> None:
        self._fh.close()


class _RowGroups:
    """A Parquet file written in row groups of exactly `rows` rows (the last one shorter) from
    tables of any length; the options are those of `DataFrame.to_parquet` (pyarrow's
    write_table defaults, snappy), so a table shorter than `rows` gives its bytes."""

    def __init__(self, path: Path, schema: pa.Schema, rows: int):
        import pyarrow.parquet as pq

        self._writer = pq.ParquetWriter(path, schema, compression="snappy")
        self._schema, self._rows = schema, rows
        self._pending: list[pa.Table] = []
        self._held = 0
        self.written = 0

    def add(self, table: pa.Table) -> None:
        if not table.num_rows:
            return
        self._pending.append(table)
        self._held += table.num_rows
        while self._held >= self._rows:
            held = pa.concat_tables(self._pending)
            self._write(held.slice(0, self._rows))
            rest = held.slice(self._rows)
            self._pending, self._held = ([rest] if rest.num_rows else []), rest.num_rows

    def _write(self, table: pa.Table) -> None:
        # Laid out as `DataFrame.to_parquet` of the whole table lays it out: a text column in
        # one chunk per part (per report: where pandas concatenated them), other columns in one
        # (pandas' numpy blocks). The layout matters: a column of distinct texts (figure_id)
        # outgrows its dictionary page at a chunk boundary and is written plain from there.
        columns = [c if pa.types.is_string(c.type) or pa.types.is_large_string(c.type) else c.combine_chunks()
                   for c in table.columns]
        self._writer.write_table(pa.Table.from_arrays(columns, schema=table.schema))
        self.written += table.num_rows

    def close(self) -> None:
        if self._held or not self.written:  # an empty table is one empty row group, as pandas writes it
            self._write(pa.concat_tables(self._pending) if self._pending else self._schema.empty_table())
        self._pending = []
        self._writer.close()


class _ScorecardFiles:
    """scorecard.csv, .parquet and .tex of a panel (helpers.output.scorecard_files), written from
    one part per pair: nothing is written for a panel without consecutive reports.

    The CSV lines go out at once; the LaTeX rows wait in a temporary file for the header (it
    names their years), and the Arrow parts in another for close(), which writes the Parquet
    row groups from them: thousands of small tables held while the figures stream by would
    leave the heap fragmented, the process's memory growing with the panel."""

    def __init__(self, stage: Path):
        self.stage, self.rows = stage, 0
        self._csv = self._body = self._parts = self._schema = self._latex = None
        self._sizes: list[int] = []

    def add(self, part: ScorecardPart) -> None:
        if not part.rows:
            return
        schema = pa.ipc.open_stream(pa.py_buffer(part.arrow)).schema
        if self._csv is None:
            from helpers.output.tables import ScorecardLatex

            self._csv = open(self.stage / SCORECARD_CSV, "wb")  # noqa: SIM115 (closed by close())
            header = pd.DataFrame(columns=schema.names).to_csv(**CSV_DIALECT)
            self._csv.write(header.encode("utf-8"))
            self._body = tempfile.TemporaryFile(dir=self.stage)  # noqa: SIM115 (closed by close())
            self._parts = tempfile.TemporaryFile(dir=self.stage)  # noqa: SIM115 (closed by close())
            self._schema = schema
            self._latex = ScorecardLatex(caption=SCORECARD_CAPTION, label=SCORECARD_LABEL)
        elif not schema.equals(self._schema, check_metadata=True):
            raise InternalError(f"a scorecard part has another schema than the first: {schema}")
        self._csv.write(part.csv)
        self._parts.write(part.arrow)
        self._sizes.append(len(part.arrow))
        self._body.write("".join(line + "\n" for line in part.latex).encode("utf-8"))
        self._latex.add(part.marks, part.target_years, part.result_years)
        self.rows += part.rows

    def close(self) -> None:
        if self._csv is None:
            return
        self._csv.close()
        parquet = _RowGroups(self.stage / SCORECARD_PARQUET, self._schema, SCORECARD_ROW_GROUP_ROWS)
        self._parts.seek(0)
        for size in self._sizes:
            parquet.add(read_ipc(self._parts.read(size)))
        parquet.close()
        self._parts.close()
        with open(self.stage / SCORECARD_TEX, "wb") as tex:
            tex.write(self._latex.head().encode("utf-8"))
            self._body.seek(0)
            shutil.copyfileobj(self._body, tex)
            tex.write(self._latex.tail().encode("utf-8"))
        self._body.close()

    def abandon(self) -> None:
        for fh in (self._csv, self._body, self._parts):
            if fh is not None:
                fh.close()


class PanelWriter:
    """Write a panel folder from parts, inside `staged_dir` (see the module docstring).

    `add_figures(label, part)` in row order (the parts of a streamed panel are its reports in
    key order; `label` names the part's file in an error), `add_scorecard(part)` in pair
    order, interleaved as the caller likes, then `finish(report_counts)`."""

    def __init__(self, stage: Path, final: Path, metas: list[ReportMeta],
                 source_files: dict[tuple[str, int], str], *, row_group_rows: int | None = None):
        self.stage, self.final, self.metas, self.source_files = stage, final, metas, source_files
        self.rows = 0
        row_group_rows = row_group_rows or ROW_GROUP_ROWS
        self._check_rows = row_group_rows
        self._csv = _Digest(stage / FIGURES_CSV)
        self._csv.write(figures_csv_header())
        self._parquet = _RowGroups(stage / FIGURES_PARQUET, figures_schema(), row_group_rows)
        self._batch: list[tuple[str, pa.Table]] = []
        self._batch_rows = 0
        self.scorecard = _ScorecardFiles(stage)

    def add_figures(self, label: str, part: FiguresPart) -> None:
        table = read_ipc(arrow_copy(part.arrow))
        if table.num_rows != part.rows:
            raise InternalError(f"{label}: a figures part of {table.num_rows} rows says {part.rows}")
        self._csv.write(part.csv)
        self._parquet.add(table)
        self.rows += part.rows
        self._batch.append((label, table))
        self._batch_rows += part.rows
        if self._batch_rows >= self._check_rows:
            self._check_batch()

    def add_scorecard(self, part: ScorecardPart) -> None:
        self.scorecard.add(part)

    def _check_batch(self) -> None:
        """pandera on the batch's reports at once; when it fails, the first failing part (in
        row order) is named; a figure_id in two parts is the panel's duplicate."""
        batch, self._batch, self._batch_rows = self._batch, [], 0
        if not batch:
            return
        frame = pa.concat_tables([t for _, t in batch]).to_pandas()
        try:
            columns.validate(frame)
        except InternalError as exc:
            for label, table in batch:
                try:
                    columns.validate(table.to_pandas())
                except InternalError as alone:
                    raise InternalError(f"{label}: {alone}") from None
            ids = frame["figure_id"]
            if ids.duplicated().any():
                raise duplicate_id(ids[ids.duplicated()].iloc[0]) from None
            raise exc

    def finish(self, counts: list[int], present: set[tuple[str, int]] | None = None) -> None:
        """Close the tables and write the rest: panel.duckdb, report.json, datapackage.json,
        CHANGELOG.md, and the scorecard files when a pair was added. `counts`: each report's
        number of figures (the `reports` table), in the order of `metas`; `present`: the
        (region, report_year) of the figures, when they may hold a report without metadata."""
        self._check_batch()
        digest = self._csv.close()
        self._parquet.close()
        (self.stage / REPORT_JSON).write_text(metas_json(self.metas), encoding="utf-8")
        write_duckdb(self.stage / PANEL_DUCKDB, self.stage / FIGURES_PARQUET,
                      _reports_frame(self.metas, self.source_files, counts))
        parquet = self.stage / FIGURES_PARQUET
        update_datapackage(self.stage, self.metas, None, csv_digest=digest, previous_folder=self.final,
                           figure_count=self.rows, present=present,
                           diff_counts=lambda old: _streamed_diff_counts(old, parquet))
        self.scorecard.close()

    def abandon(self) -> None:
        self._csv.abandon()
        self.scorecard.abandon()


def _streamed_diff_counts(old_folder: Path, new_parquet: Path) -> dict[str, int] | None:
    from helpers.output.versions import diff_counts_by_year

    return diff_counts_by_year(old_folder, new_parquet)


def write_panel(panel: Panel, out_dir: str | Path | None = None) -> Path:
    """Write the panel folder (see the module docstring) atomically; returns it. With two
    consecutive reports of a region in it, the panel also holds their scorecard. The rows of
    panel.figures are written in their order; `gwr panel` streams its reports instead
    (helpers.pipeline.panel.stream_panel) and writes the same bytes."""
    from helpers.analysis.scorecard import scorecard

    final = Path(out_dir) if out_dir else PANEL_DIR
    figures = typed_figures(panel.figures)
    with staged_dir(final, kind="panel", legacy=PANEL_NAMES) as stage:
        writer = PanelWriter(stage, final, panel.metas, panel.source_files)
        try:
            for at in range(0, len(figures), ROW_GROUP_ROWS):
                chunk = figures.iloc[at:at + ROW_GROUP_ROWS]
                writer.add_figures("the panel's figures", _frame_part(chunk))
            metas = sorted(panel.metas, key=lambda m: (m.region_code, m.report_year))
            for i, j in consecutive_pairs(metas):
                a, b = metas[i], metas[j]
                table = scorecard(panel.report_figures(a.region_code, a.report_year),
                                  panel.report_figures(b.region_code, b.report_year))
                writer.add_scorecard(scorecard_part(table))
            counts = panel.figures.groupby(["region", "report_year"]).size()
            writer.finish([int(counts.get((m.region, m.report_year), 0)) for m in panel.metas],
                          present={(str(r), int(y)) for r, y in counts.index})
        except BaseException:
            writer.abandon()
            raise
    return final


def _frame_part(frame: pd.DataFrame) -> FiguresPart:
    from helpers.output.panel_parts import csv_lines

    frame = frame[list(columns.COLUMN_NAMES)].reset_index(drop=True)
    return FiguresPart(len(frame), ipc_bytes(to_arrow(frame, figures_schema())), csv_lines(frame))


def read_panel(folder: str | Path) -> Panel:
    """A panel folder written by write_panel, read back."""
    folder = Path(folder)
    if not (folder / FIGURES_PARQUET).is_file() or not (folder / REPORT_JSON).is_file():
        raise InputError(f"{folder}: not a panel folder (no {FIGURES_PARQUET} and {REPORT_JSON}); run gwr panel")
    metas = sorted(read_report_metas(folder / REPORT_JSON), key=lambda m: (m.region_code, m.report_year))
    figures = columns.coerce(pd.read_parquet(folder / FIGURES_PARQUET))
    files = {}
    if (folder / PANEL_DUCKDB).is_file():
        import duckdb

        con = duckdb.connect(str(folder / PANEL_DUCKDB), read_only=True)
        try:
            for code, year, name in con.execute(
                    "SELECT region_code, report_year, source_file FROM reports").fetchall():
                files[(code, int(year))] = name
        finally:
            con.close()
    return Panel(figures, metas, files)
