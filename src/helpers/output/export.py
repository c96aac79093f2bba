"""`gwr export`: a dataset's or a panel's table in the format an economist opens — Stata .dta,
Excel .xlsx, CSV (optionally with a BOM, optionally spreadsheet-safe), Parquet or JSON.

Tables: `figures` (the figures table, metadata/columns.py) or `targets` (the targets panel,
metadata/targets_columns.py, built by analysis.targets_panel). The default file goes into the
dataset's own folder, named after the table: figures.dta, figures.xlsx, targets.csv,
figures_safe_bom.csv … The dataset's own figures.csv and figures.parquet are never rewritten:
asked for them, export names them and writes nothing.

A file written into a gwr output folder is recorded in that folder's marker (.gwr-output), so the
next `gwr extract` or `gwr panel` of it replaces the folder as before (and drops the export,
which would be stale) instead of refusing it. A file of the user's there is never overwritten
by default. Every file is written atomically, and its bytes depend only on the dataset."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from helpers import PROJECT_NAME, __version__
from helpers.atomic import MARKER, _locked, write_bytes, write_text
from helpers.errors import InputError, ParameterError
from helpers.metadata.codebook import FIGURES_TABLE, TableSpec
from helpers.metadata.layout import FIGURES_CSV, FIGURES_PARQUET
from helpers.metadata.report_meta import TITLE_EN, year_span
from helpers.metadata.targets_columns import TARGETS_TABLE
from helpers.output.export_stata import stata_bytes
from helpers.output.export_text import csv_bytes, json_bytes, parquet_bytes
from helpers.output.export_xlsx import xlsx_bytes
from helpers.output.folders import DATASET, DataFolder

FORMATS = {"stata": ".dta", "excel": ".xlsx", "csv": ".csv", "parquet": ".parquet", "json": ".json"}
TABLES: dict[str, TableSpec] = {"figures": FIGURES_TABLE, "targets": TARGETS_TABLE}
DATA_LICENCE = ("derived data CC-BY-4.0 (gwr-figures contributors); the report text (text, quote) "
                "is an official document, outside copyright under Article 5 of the Copyright Law of the PRC")


@dataclass(frozen=True)
class ExportOptions:
    table: str = "figures"
    to: str = "csv"
    bom: bool = False
    safe: bool = False  # spreadsheet-safe CSV

    def check(self) -> None:
        if self.table not in TABLES:
            raise ParameterError(f"--table must be one of {', '.join(TABLES)}, got {self.table!r}")
        if self.to not in FORMATS:
            raise ParameterError(f"--to must be one of {', '.join(FORMATS)}, got {self.to!r}")
        if (self.bom or self.safe) and self.to != "csv":
            raise ParameterError("--bom and --spreadsheet-safe go with --to csv")


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: int
    written: bool  # False: the dataset's own file already is the export


def table_frame(data: DataFolder, table: str) -> pd.DataFrame:
    if table == "targets":
        from helpers.analysis.targets_panel import targets_panel

        return targets_panel(data.panel())
    return data.figures


def stamp_of(data: DataFolder) -> datetime:
    """The time stamp every export carries: the newest delivery date, else 1 January of the
    newest report year."""
    dates = sorted(m.date_delivered for m in data.metas if m.date_delivered)
    if dates:
        return datetime.fromisoformat(dates[-1])
    return datetime(max((m.report_year for m in data.metas), default=2000), 1, 1)


def source_line(data: DataFolder) -> str:
    if data.kind == DATASET and len(data.metas) == 1:
        m = data.metas[0]
        return f"{m.region_zh}{m.report_year}年政府工作报告"
    return f"{len(data.metas)} government work reports {year_span(list(data.metas))}" if data.metas else "no reports"


def data_label(data: DataFolder, spec: TableSpec) -> str:
    """`内蒙古自治区2025年政府工作报告: figures, data 1.1.2 (gwr-figures)` (cut to 80)."""
    version = f", data {data.version}" if data.version else ""
    return f"{source_line(data)}: {spec.name}{version} ({PROJECT_NAME})"


def about_rows(data: DataFolder, spec: TableSpec) -> list[tuple[str, str]]:
    rows = [("table", f"{spec.name}: {spec.title}"), ("data version", data.version or "(no datapackage.json)"),
            ("produced by", f"{PROJECT_NAME} {__version__}")]
    for m in sorted(data.metas, key=lambda m: (m.region_code, m.report_year)):
        parts = [f"{m.issuer_zh}：《{m.title}》（{m.report_year}年） — {m.issuer_en}, {TITLE_EN} {m.report_year}"]
        parts += [p for p in (m.date_delivered and f"delivered {m.date_delivered}", m.source_url,
                              m.sha256 and f"sha256 {m.sha256}") if p]
        rows.append(("source", "; ".join(parts)))
    rows.append(("licence", DATA_LICENCE))
    rows.append(("cite", "each figure: `gwr cite FIGURE_ID` (the report, section, paragraph, quote); "
                         f"the data: this data version; the tool: {PROJECT_NAME} {__version__} (CITATION.cff)"))
    return rows


def export_bytes(data: DataFolder, frame: pd.DataFrame, options: ExportOptions) -> bytes:
    spec = TABLES[options.table]
    if options.to == "stata":
        return stata_bytes(frame, spec, data_label=data_label(data, spec), time_stamp=stamp_of(data))
    if options.to == "excel":
        return xlsx_bytes(frame, spec, about=about_rows(data, spec), stamp=stamp_of(data))
    if options.to == "parquet":
        return parquet_bytes(frame, spec)
    if options.to == "json":
        return json_bytes(frame, spec)
    return csv_bytes(frame, spec, bom=options.bom, safe=options.safe)


def default_name(options: ExportOptions) -> str:
    """figures.dta, targets.xlsx, figures_safe_bom.csv …"""
    tags = ("_safe" if options.safe else "") + ("_bom" if options.bom else "")
    return f"{options.table}{tags}{FORMATS[options.to]}"


def _own_table(data: DataFolder, options: ExportOptions) -> Path | None:
    """The dataset's own file when it already is the export asked for (figures.csv, .parquet)."""
    if options.table != "figures" or options.bom or options.safe:
        return None
    name = {"csv": FIGURES_CSV, "parquet": FIGURES_PARQUET}.get(options.to)
    path = data.path / name if name else None
    return path if path is not None and path.is_file() else None


def _marker(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), list) else None


def write_into(path: Path, content: bytes, *, explicit: bool) -> None:
    """Write `path` atomically; inside a gwr output folder, record it in the folder's marker.
    A default path (explicit False) never replaces a file gwr did not write there."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder.parent if folder.parent != folder else folder):
        marker = _marker(folder)
        ours = marker is not None and path.name in marker["files"]
        if not explicit and path.exists() and not ours:
            raise ParameterError(f"{path}: exists and gwr did not write it; give -o FILE to write elsewhere")
        write_bytes(path, content)
        if marker is not None and not ours:
            marker["files"] = sorted({*marker["files"], path.name})
            write_text(folder / MARKER, json.dumps(marker, ensure_ascii=False) + "\n")


def export(data: DataFolder, options: ExportOptions, out: Path | None = None) -> Exported:
    """Export one table of `data`; `out` (checked by the caller with atomic.check_output_file)
    or the default file in the dataset's folder."""
    options.check()
    if out is None:
        own = _own_table(data, options)
        if own is not None:
            return Exported(own, len(data.figures), written=False)
    frame = table_frame(data, options.table)
    content = export_bytes(data, frame, options)
    path = Path(out) if out is not None else data.path / default_name(options)
    if path.exists() and path.is_dir():
        raise InputError(f"{path}: is a folder; give a file name with -o")
    write_into(path, content, explicit=out is not None)
    return Exported(path, len(frame), written=True)
