"""Write one report's dataset: data/processed/<region_code>/<year>/.

figures.csv and figures.parquet (the table), source.txt (the decoded text that char offsets
refer to, so a citation can be checked), report.json (citable metadata) and datapackage.json
(Frictionless descriptor). The table is checked against the schema (metadata/columns.check)
before anything is written, and the folder is swapped in whole: a failed run leaves the earlier dataset intact."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.atomic import staged_dir
from helpers.metadata import columns
from helpers.metadata.layout import (
    DATASET_NAMES,
    FIGURES_CSV,
    FIGURES_PARQUET,
    REPORT_JSON,
    SOURCE_TXT,
    dataset_dir,
)
from helpers.output.datapackage import figures_csv_bytes, update_datapackage
from helpers.paths import PROCESSED_DIR


def write_dataset(report, root: Path | None = None) -> Path:
    """Check and write `report` (a helpers.figures.report.Report); returns the dataset folder."""
    figures = columns.check(report.figures)
    final = dataset_dir(report.region_code, report.report_year, root or PROCESSED_DIR)
    csv_bytes = figures_csv_bytes(figures)
    with staged_dir(final, kind="dataset", legacy=DATASET_NAMES) as stage:
        (stage / FIGURES_CSV).write_bytes(csv_bytes)
        figures.to_parquet(stage / FIGURES_PARQUET, index=False)
        (stage / SOURCE_TXT).write_text(report.source.text, encoding="utf-8")
        (stage / REPORT_JSON).write_text(report.meta.to_json(), encoding="utf-8")
        update_datapackage(stage, report.meta, figures, csv_bytes=csv_bytes, previous_folder=final)
    return final


def read_figures(folder: Path) -> pd.DataFrame:
    """Read a dataset folder's figures back with schema dtypes."""
    path = Path(folder) / FIGURES_PARQUET
    if path.exists():
        return columns.coerce(pd.read_parquet(path))
    return columns.coerce(pd.read_csv(Path(folder) / FIGURES_CSV, keep_default_na=False, na_values=[""]))
