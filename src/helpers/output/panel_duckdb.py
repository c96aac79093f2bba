"""panel.duckdb: the panel's figures, read from its figures.parquet, and its reports, keyed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from helpers.errors import GwrError


def duplicate_id(figure_id: str) -> GwrError:
    return GwrError(f"figure_id {figure_id} occurs twice in the panel")


# DuckDB's memory while it loads figures.parquet and indexes figure_id. Unlimited, it took 1 GB
# for 2 million figures (it keeps the table it loads); within a limit it spills the table to disk,
# but the index of figure_id must fit (2.1 million ids: not in 96 MB, in 128 MB), so a load that
# runs out starts again with twice the memory. 10,000 reports take 8 s in 128 MB, 4.5 s unlimited.
DUCKDB_MEMORY = 128 * 2**20
DUCKDB_MEMORY_MAX = 64 * 2**30


def write_duckdb(path: Path, figures_parquet: Path, reports: pd.DataFrame) -> None:
    """panel.duckdb: `figures` read from figures.parquet (the same rows in the same order, never
    all in this process's memory), `reports` from the frame; figure_id is a unique key."""
    import duckdb

    memory = DUCKDB_MEMORY
    while True:
        try:
            _write(path, figures_parquet, reports, memory)
            return
        except duckdb.OutOfMemoryException:
            if memory >= DUCKDB_MEMORY_MAX:
                raise
            for leftover in (path, path.with_name(path.name + ".wal")):
                leftover.unlink(missing_ok=True)
            memory *= 2


def _write(path: Path, figures_parquet: Path, reports: pd.DataFrame, memory: int) -> None:
    import duckdb

    spill = path.parent / ".duckdb-spill"  # inside the stage: gone before the swap, or with the stage
    con = duckdb.connect(str(path), config={"memory_limit": f"{memory // 2**20}MB", "temp_directory": str(spill)})
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
