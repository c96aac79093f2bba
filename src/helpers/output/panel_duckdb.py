"""panel.duckdb: the panel's figures, read from its figures.parquet, and its reports, keyed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from helpers.errors import GwrError


def duplicate_id(figure_id: str) -> GwrError:
    return GwrError(f"figure_id {figure_id} occurs twice in the panel")


# DuckDB's memory while it loads figures.parquet and indexes figure_id: unlimited, it took 1 GB
# for 2 million figures (it keeps the table it loads); within a limit it spills the table, but
# the index of figure_id must fit (2.1 million ids failed in 96 MB, fit in 128 MB), so the limit
# grows with the figures beyond a floor, 64 bytes each: 10,000 reports get 191 MB, and take 8 s,
# not 4.5.
DUCKDB_MEMORY_FLOOR, DUCKDB_MEMORY_BASE, DUCKDB_BYTES_PER_FIGURE = 128 * 2**20, 64 * 2**20, 64


def duckdb_memory(figures: int) -> str:
    return f"{max(DUCKDB_MEMORY_FLOOR, DUCKDB_MEMORY_BASE + DUCKDB_BYTES_PER_FIGURE * figures) // 2**20}MB"


def write_duckdb(path: Path, figures_parquet: Path, reports: pd.DataFrame) -> None:
    """panel.duckdb: `figures` read from figures.parquet (the same rows in the same order, never
    all in this process's memory), `reports` from the frame; figure_id is a unique key."""
    import duckdb

    spill = path.parent / ".duckdb-spill"  # inside the stage: gone before the swap, or with the stage
    limit = duckdb_memory(int(reports["figures"].sum()))
    con = duckdb.connect(str(path), config={"memory_limit": limit, "temp_directory": str(spill)})
    try:
        con.execute("CREATE TABLE figures AS SELECT * FROM read_parquet(?)", [str(figures_parquet)])
        con.register("reports_df", reports)
        con.execute("CREATE TABLE reports AS SELECT * FROM reports_df")
        try:
            con.execute("CREATE UNIQUE INDEX figures_key ON figures (figure_id)")
        except duckdb.ConstraintException:
            # the second occurrence that comes first in row order, as pandas' duplicated() finds it
            (dup,) = con.execute(
                "SELECT figure_id FROM (SELECT figure_id, rowid AS at, row_number() OVER "
                "(PARTITION BY figure_id ORDER BY rowid) AS nth FROM figures) WHERE nth = 2 "
                "ORDER BY at LIMIT 1").fetchone()
            raise duplicate_id(dup) from None
        con.execute("CREATE UNIQUE INDEX reports_key ON reports (region_code, report_year)")
        con.execute("CHECKPOINT")
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
