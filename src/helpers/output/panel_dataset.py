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
whose header holds a random database identifier that DuckDB writes into every new file."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pandas as pd

from helpers.analysis.panel_views import panel_scorecard
from helpers.atomic import staged_dir
from helpers.errors import InputError
from helpers.metadata.columns import coerce
from helpers.metadata.layout import (
    FIGURES_CSV,
    FIGURES_PARQUET,
    PANEL_DUCKDB,
    PANEL_NAMES,
    REPORT_JSON,
)
from helpers.metadata.panel import Panel
from helpers.metadata.report_meta import metas_json, read_report_metas
from helpers.output.datapackage import figures_csv_bytes, update_datapackage
from helpers.output.scorecard_files import write_scorecard_files
from helpers.paths import PROCESSED_DIR

PANEL_DIR = PROCESSED_DIR / "panel"
REPORT_COLUMNS = ("region_code", "report_year", "region", "region_zh", "title", "issuer_zh",
                  "issuer_en", "date_delivered", "source_url", "sha256", "source_file", "figures")


def reports_table(panel: Panel) -> pd.DataFrame:
    """One row per report: its metadata, source file name and number of figures."""
    counts = panel.figures.groupby(["region", "report_year"]).size()
    rows = []
    for m in panel.metas:
        row = {k: v for k, v in asdict(m).items() if k in REPORT_COLUMNS}
        row["source_file"] = panel.source_files.get((m.region_code, m.report_year), "")
        row["figures"] = int(counts.get((m.region, m.report_year), 0))
        rows.append(row)
    df = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    df["report_year"] = df["report_year"].astype("int64")
    df["figures"] = df["figures"].astype("int64")
    return df


def _write_duckdb(path: Path, figures: pd.DataFrame, reports: pd.DataFrame) -> None:
    import duckdb

    con = duckdb.connect(str(path))
    try:
        con.register("figures_df", figures)
        con.register("reports_df", reports)
        con.execute("CREATE TABLE figures AS SELECT * FROM figures_df")
        con.execute("CREATE TABLE reports AS SELECT * FROM reports_df")
        con.execute("CREATE UNIQUE INDEX figures_key ON figures (figure_id)")
        con.execute("CREATE UNIQUE INDEX reports_key ON reports (region_code, report_year)")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def write_panel(panel: Panel, out_dir: str | Path | None = None) -> Path:
    """Write the panel folder (see the module docstring) atomically; returns it. With two
    consecutive reports of a region in it, the panel also holds their scorecard."""
    final = Path(out_dir) if out_dir else PANEL_DIR
    csv_bytes = figures_csv_bytes(panel.figures)
    with staged_dir(final, kind="panel", legacy=PANEL_NAMES) as stage:
        (stage / FIGURES_CSV).write_bytes(csv_bytes)
        panel.figures.to_parquet(stage / FIGURES_PARQUET, index=False)
        (stage / REPORT_JSON).write_text(metas_json(panel.metas), encoding="utf-8")
        _write_duckdb(stage / PANEL_DUCKDB, panel.figures, reports_table(panel))
        update_datapackage(stage, panel.metas, panel.figures, csv_bytes=csv_bytes, previous_folder=final)
        table = panel_scorecard(panel)
        if len(table):
            write_scorecard_files(stage, table, caption="Targets against outcomes, every region of the panel",
                                  label="tab:panel-scorecard")
    return final


def read_panel(folder: str | Path) -> Panel:
    """A panel folder written by write_panel, read back."""
    folder = Path(folder)
    if not (folder / FIGURES_PARQUET).is_file() or not (folder / REPORT_JSON).is_file():
        raise InputError(f"{folder}: not a panel folder (no {FIGURES_PARQUET} and {REPORT_JSON}); run gwr panel")
    metas = sorted(read_report_metas(folder / REPORT_JSON), key=lambda m: (m.region_code, m.report_year))
    figures = coerce(pd.read_parquet(folder / FIGURES_PARQUET))
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
