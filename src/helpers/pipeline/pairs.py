"""Two reports of one region, one year apart, and the scorecard between them: found among the
reports registered in data/raw/ or given as files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.analysis.scorecard import scorecard
from helpers.errors import ParameterError
from helpers.figures.report import Report, load_report
from helpers.metadata.regions import region_by_name
from helpers.paths import RAW_DIR
from helpers.read.manifest import load_manifest, registered_file


@dataclass
class ScoredPair:
    targets_report: Report  # year N: its targets
    outcomes_report: Report  # year N+1: its review of year N
    table: pd.DataFrame  # helpers.analysis.scorecard.scorecard


def registered_pair(region: str, outcomes_year=None, root: Path | None = None) -> tuple[Path, Path]:
    """The files of `region`'s reports for years N (targets) and N+1 (outcomes) registered in
    data/raw/manifest.csv with `gwr add`; N+1 is the latest year that has its predecessor,
    unless `outcomes_year` says which. Each file is checked against its row's sha256 (an
    InputError when it changed since it was registered)."""
    root = RAW_DIR if root is None else Path(root)
    code = region_by_name(region).code
    rows = load_manifest(root)
    mine = rows[rows["region_code"] == code].to_dict("records")
    years = {int(row["report_year"]): row for row in mine}  # one row per year: checked on read
    candidates = [y for y in sorted(years, reverse=True) if y - 1 in years]
    if outcomes_year is not None:
        candidates = [y for y in candidates if y == int(outcomes_year)]
    if not candidates:
        have = ", ".join(str(y) for y in sorted(years)) or "none"
        raise ParameterError(
            f"data/raw/ has no two consecutive reports of {region} (registered years: {have}); "
            "add them with `gwr add FILE`"
        )
    year = candidates[0]
    return registered_file(years[year - 1], root), registered_file(years[year], root)


def score_reports(targets_path: str | Path, outcomes_path: str | Path, *,
                  registered_only: bool = True) -> ScoredPair:
    """Load both reports and build their scorecard."""
    targets_report = load_report(targets_path)
    outcomes_report = load_report(outcomes_path)
    table = scorecard(targets_report.figures, outcomes_report.figures, registered_only=registered_only)
    return ScoredPair(targets_report, outcomes_report, table)
