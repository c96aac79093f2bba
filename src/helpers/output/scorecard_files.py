"""A scorecard's files: scorecard.csv (every column, UTF-8, one row per target or core indicator),
scorecard.parquet (the same, typed), scorecard.tex (the paper table, booktabs) and report.json
(the two reports, or every report of a panel). Written by `gwr scorecard` into a folder of its
own and by `gwr panel` beside the panel."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.atomic import staged_dir
from helpers.metadata.layout import (
    REPORT_JSON,
    SCORECARD_CSV,
    SCORECARD_NAMES,
    SCORECARD_PARQUET,
    SCORECARD_TEX,
)
from helpers.metadata.report_meta import metas_json
from helpers.output.tables import scorecard_latex


def scorecard_csv_bytes(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_scorecard_files(stage: Path, table: pd.DataFrame, *, caption: str, label: str) -> list[Path]:
    """scorecard.csv, .parquet and .tex into a folder being staged; the paths written."""
    paths = [stage / SCORECARD_CSV, stage / SCORECARD_PARQUET, stage / SCORECARD_TEX]
    paths[0].write_bytes(scorecard_csv_bytes(table))
    table.to_parquet(paths[1], index=False)
    paths[2].write_text(scorecard_latex(table, caption=caption, label=label), encoding="utf-8")
    return paths


def write_scorecard(table: pd.DataFrame, folder: Path, metas, *, caption: str, label: str) -> Path:
    """A scorecard folder, swapped in whole (atomic.staged_dir): its files and report.json."""
    with staged_dir(folder, kind="scorecard", legacy=SCORECARD_NAMES) as stage:
        write_scorecard_files(stage, table, caption=caption, label=label)
        (stage / REPORT_JSON).write_text(metas_json(metas), encoding="utf-8")
    return Path(folder).resolve()
