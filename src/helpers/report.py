"""One report: its text, who issued it and when, and its figures.

Region and year come from, in order: the caller's parameters, a manifest row with the same
sha256 (seeds/manifest.csv, data/raw/manifest.csv), the title or file name. A year that the
text contradicts, or a region nobody states, is a one-line ParameterError."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.errors import ParameterError
from helpers.figures import extract_figures
from helpers.ingest import SourceText, read_report
from helpers.paths import RAW_DIR, SEEDS_DIR
from helpers.titles import MAX_YEAR, MIN_YEAR


@dataclass
class Report:
    source: SourceText
    region: str
    region_zh: str
    region_code: str
    report_year: int
    title: str = ""
    issuer_zh: str = ""
    issuer_en: str = ""
    date_delivered: str = ""
    source_url: str = ""
    figures: pd.DataFrame = field(default=None, repr=False)

    @property
    def sha256(self) -> str:
        return self.source.sha256

    @property
    def meta(self):
        from helpers.cite import ReportMeta

        return ReportMeta.from_report(self)


def manifest_row(sha256: str, folders: tuple[Path, ...] | None = None) -> dict | None:
    """The manifest entry describing the file with this checksum, if any folder has one
    (default: seeds/, then data/raw/).

    Every manifest is read, even when an earlier one has the row and even when the caller
    named region and year: a broken manifest is an InputError, never skipped. The row also
    gives a registered report's title, date and source, so ignoring a corrupt registry would
    silently drop them from datasets and citations, and hide the damage until later."""
    from helpers.manifest import lookup_sha256

    if folders is None:  # looked up now, not at import, so the folders can be redirected
        folders = (SEEDS_DIR, RAW_DIR)
    rows = [lookup_sha256(sha256, folder) for folder in folders]
    return next((row for row in rows if row), None)


def _parse_year(year) -> int | None:
    if year is None or year == "":
        return None
    try:
        y = int(str(year).strip())
    except ValueError:
        raise ParameterError(f"year must be a four-digit year such as 2025, got {year!r}") from None
    if not MIN_YEAR <= y <= MAX_YEAR:  # the range `gwr add` and the manifest accept
        raise ParameterError(f"year {y} is outside {MIN_YEAR}–{MAX_YEAR}")
    return y


def load_report(path, region: str | None = None, year=None) -> Report:
    """Read, identify and extract one report."""
    from helpers.titles import detect_title, region_by_name

    source = read_report(path)
    found = detect_title(source.text, filename=Path(path).name)
    listed = manifest_row(source.sha256) or {}
    year = _parse_year(year)
    text_year = found.year
    if year is not None and text_year is not None and year != text_year:
        raise ParameterError(
            f"year {year} contradicts the text, which is the {text_year} report "
            f"(from {found.sources.get('year', 'the text')}); drop --year or check the file"
        )
    report_year = year or _parse_year(listed.get("report_year")) or text_year
    if report_year is None:
        raise ParameterError(f"{path}: cannot tell the report's year from its text; pass --year YYYY")

    name = region or listed.get("region") or found.region
    if not name:
        raise ParameterError(
            f"{path}: cannot tell the region from its text; pass --region (e.g. 'Inner Mongolia' or 内蒙古)"
        )
    info = region_by_name(name)
    title = listed.get("title") or found.title or ""
    report = Report(
        source=source,
        region=info.name_en,
        region_zh=info.name_zh,
        region_code=info.code,
        report_year=report_year,
        title=title,
        issuer_zh=listed.get("issuer_zh") or info.issuer_zh,
        issuer_en=info.issuer_en,
        date_delivered=listed.get("date_delivered") or found.date_delivered or "",
        source_url=listed.get("source_url", ""),
    )
    report.figures = extract_figures(
        source.text, report.region, report_year, report.region_zh, region_code=report.region_code
    )
    return report
