"""Write one report's dataset: data/processed/<region_code>/<year>/.

figures.csv and figures.parquet (the table), source.txt (the decoded text that char offsets
refer to, so a citation can be checked), report.json (citable metadata) and datapackage.json
(Frictionless descriptor). The table is validated against the schema before anything is
written, and the folder is swapped in whole: a failed run leaves the earlier dataset intact."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers import schema
from helpers.atomic import staged_dir
from helpers.cite import REPORT_JSON, ReportMeta
from helpers.datapackage import figures_csv_bytes, update_datapackage
from helpers.errors import GwrError
from helpers.paths import dataset_dir

FIGURES_CSV = "figures.csv"
FIGURES_PARQUET = "figures.parquet"
SOURCE_TXT = "source.txt"
# What a dataset folder written before output markers holds: only such a folder is replaced.
DATASET_NAMES = (FIGURES_CSV, FIGURES_PARQUET, SOURCE_TXT, REPORT_JSON, "datapackage.json")


def validate(figures: pd.DataFrame) -> pd.DataFrame:
    """The pandera contract of the figures table; a violation is a bug, reported in one line."""
    import pandera.errors

    try:
        return schema.pandera_schema().validate(figures, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        first = cases.iloc[0] if len(cases) else None
        where = f"column {first['column']}: {first['check']}" if first is not None else str(exc)[:200]
        raise GwrError(f"the figures table failed its schema ({len(cases)} problems; first: {where})") from None


def figures_to_csv(figures: pd.DataFrame) -> bytes:
    return figures_csv_bytes(figures)


def write_dataset(report, root: Path | None = None) -> Path:
    """Validate and write `report` (a helpers.report.Report); returns the dataset folder."""
    figures = validate(report.figures)
    final = dataset_dir(report.region_code, report.report_year, root)
    meta = ReportMeta.from_report(report)
    csv_bytes = figures_to_csv(figures)
    with staged_dir(final, kind="dataset", legacy=DATASET_NAMES) as stage:
        (stage / FIGURES_CSV).write_bytes(csv_bytes)
        figures.to_parquet(stage / FIGURES_PARQUET, index=False)
        (stage / SOURCE_TXT).write_text(report.source.text, encoding="utf-8")
        (stage / REPORT_JSON).write_text(meta.to_json(), encoding="utf-8")
        update_datapackage(stage, meta, figures, csv_bytes=csv_bytes, previous_folder=final)
    return final


def read_figures(folder: Path) -> pd.DataFrame:
    """Read a dataset folder's figures back with schema dtypes."""
    path = Path(folder) / FIGURES_PARQUET
    if path.exists():
        return schema.coerce(pd.read_parquet(path))
    return schema.coerce(pd.read_csv(Path(folder) / FIGURES_CSV, keep_default_na=False, na_values=[""]))
