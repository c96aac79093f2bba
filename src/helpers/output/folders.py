"""A dataset or panel folder read back, for `gwr export` and `gwr diff`: its figures (schema
dtypes), its reports' metadata, its datapackage.json and which of the two it is.

A folder is given as itself or as its datapackage.json. It is a *dataset* (one report, written by
`gwr extract` into data/processed/<region>/<year>/) when its report.json holds one report, a
*panel* (written by `gwr panel`) when it holds a list. Without report.json the figures say: one
region and year is a dataset. Problems are one line (InputError)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.errors import InputError
from helpers.metadata.columns import coerce
from helpers.metadata.layout import DATAPACKAGE_JSON, FIGURES_CSV, FIGURES_PARQUET, REPORT_JSON
from helpers.metadata.panel import Panel
from helpers.metadata.report_meta import ReportMeta, meta_from_figure, read_report_metas
from helpers.output.datapackage import read_datapackage
from helpers.output.figures_file import read_raw_figures

DATASET, PANEL = "dataset", "panel"
# Columns without which a table is not a figures table of ours.
NEEDED_COLUMNS = ("figure_id", "region", "region_zh", "report_year", "text", "quote")
HOW = "give a folder written by gwr extract or gwr panel, or its datapackage.json"


@dataclass(frozen=True)
class DataFolder:
    path: Path
    kind: str  # DATASET or PANEL
    figures: pd.DataFrame
    metas: tuple[ReportMeta, ...]
    descriptor: dict | None

    @property
    def version(self) -> str:
        """The data version of its datapackage.json ('' without one)."""
        return str((self.descriptor or {}).get("version", ""))

    @property
    def reports(self) -> list[tuple[str, int]]:
        return sorted((m.region, m.report_year) for m in self.metas)

    def panel(self) -> Panel:
        return Panel(self.figures, sorted(self.metas, key=lambda m: (m.region_code, m.report_year)))

    def describe(self) -> str:
        """`dataset Inner Mongolia 2025, data version 1.1.2, 145 figures`."""
        if self.kind == DATASET and self.metas:
            what = f"dataset {self.metas[0].region} {self.metas[0].report_year}"
        else:
            what = f"panel of {len(self.metas)} reports"
        version = f", data version {self.version}" if self.version else ""
        return f"{what}{version}, {len(self.figures)} figures"


def _folder_of(path: Path) -> Path:
    if not path.exists():
        raise InputError(f"{path} does not exist; {HOW}")
    if path.is_file():
        if path.name != DATAPACKAGE_JSON:
            raise InputError(f"{path} is a file, not a dataset; {HOW}")
        return path.parent
    return path


def _read_figures(folder: Path) -> pd.DataFrame:
    try:
        raw = read_raw_figures(folder)
    except Exception as exc:  # pyarrow, the csv parser: a damaged or foreign file
        raise InputError(f"{folder}: cannot read its figures table ({type(exc).__name__}: {exc})") from None
    if raw is None:
        raise InputError(f"{folder}: no dataset here (no {FIGURES_CSV} or {FIGURES_PARQUET}); {HOW}")
    lacking = [c for c in NEEDED_COLUMNS if c not in raw.columns]
    if lacking:
        raise InputError(f"{folder}: its figures table has no column {lacking[0]!r}; {HOW}")
    try:
        return coerce(raw)
    except (ValueError, TypeError) as exc:
        raise InputError(f"{folder}: its figures table does not follow the schema ({exc})") from None


def open_folder(path: str | Path) -> DataFolder:
    """The dataset or panel at `path` (a folder, or its datapackage.json)."""
    folder = _folder_of(Path(path))
    figures = _read_figures(folder)
    report_json = folder / REPORT_JSON
    if report_json.is_file():
        metas = read_report_metas(report_json)  # one line on any problem; then it parses
        is_list = isinstance(json.loads(report_json.read_text(encoding="utf-8")), list)
    else:
        keys = figures.drop_duplicates(["region", "report_year"])
        metas = [meta_from_figure(row) for _, row in keys.iterrows()]
        is_list = len(metas) > 1
    known = {(m.region, m.report_year) for m in metas}
    present = set(zip(figures["region"].astype(str), figures["report_year"].astype(int), strict=True))
    if present - known:
        region, year = sorted(present - known)[0]
        raise InputError(f"{folder}: figures of {region} {year} are not in its {REPORT_JSON}")
    return DataFolder(folder, PANEL if is_list else DATASET, figures, tuple(metas), read_datapackage(folder))
