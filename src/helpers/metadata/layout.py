"""The files a dataset, a panel and a notebook run hold, and how our JSON is written.

One place for every file name, so that a writer and its readers cannot spell them differently."""

from __future__ import annotations

import json
from pathlib import Path

FIGURES_CSV = "figures.csv"
FIGURES_PARQUET = "figures.parquet"
SOURCE_TXT = "source.txt"  # the decoded text that char_start/char_end refer to
REPORT_JSON = "report.json"  # one ReportMeta (a dataset) or a list of them (a panel)
DATAPACKAGE_JSON = "datapackage.json"
CHANGELOG_MD = "CHANGELOG.md"  # the version history of datapackage.json, for a reader
PANEL_DUCKDB = "panel.duckdb"
SCORECARD_CSV = "scorecard.csv"  # targets of report N against outcomes of report N+1
SCORECARD_PARQUET = "scorecard.parquet"
SCORECARD_TEX = "scorecard.tex"
INDEX_HTML = "index.html"
FIGURES_DIR = "figures"  # a notebook run's charts
TABLES_DIR = "tables"  # a notebook run's paper tables

# What each kind of output folder holds, as name patterns: a folder written before output
# markers existed is recognised by these (helpers.output.atomic).
DATASET_NAMES = (FIGURES_CSV, FIGURES_PARQUET, SOURCE_TXT, REPORT_JSON, DATAPACKAGE_JSON, CHANGELOG_MD)
PANEL_NAMES = (FIGURES_CSV, FIGURES_PARQUET, PANEL_DUCKDB, REPORT_JSON, DATAPACKAGE_JSON, CHANGELOG_MD,
               SCORECARD_CSV, SCORECARD_PARQUET, SCORECARD_TEX)
SCORECARD_NAMES = (SCORECARD_CSV, SCORECARD_PARQUET, SCORECARD_TEX, REPORT_JSON)
RUN_NAMES = (INDEX_HTML, "[0-9][0-9]_*.ipynb", "[0-9][0-9]_*.html", FIGURES_DIR, TABLES_DIR)


def dataset_dir(region_code: str, report_year: int, root: Path) -> Path:
    """<root>/<region_code>/<year>/ — one folder per report."""
    return Path(root) / region_code / str(report_year)


def canonical_json(data) -> str:
    """Our JSON files as text: sorted keys, UTF-8 characters (no \\u escapes), two-space
    indent, a final newline, so the same content always gives the same bytes."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
