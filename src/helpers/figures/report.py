"""One report: its text, its identity (ReportMeta) and its figures.

Region and year come from, in order: the caller's parameters, a manifest row with the same
sha256 (seeds/manifest.csv, data/raw/manifest.csv), the title or file name (figures/identify).
A year that the text contradicts, or a region nobody states, is a one-line ParameterError that
names the caller's own parameter (--year for the command line, report_year in a notebook)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from helpers.figures.identify import CLI_NAMES, Claims, ParamNames, gather_evidence, identify
from helpers.figures.table import extract_figures
from helpers.metadata.report_meta import ReportMeta
from helpers.paths import RAW_DIR, SEEDS_DIR
from helpers.read import SourceText, read_report
from helpers.read.manifest import lookup_sha256


@dataclass
class Report:
    source: SourceText
    meta: ReportMeta
    title: str = ""  # as the text or the manifest gives it; "" when neither does
    figures: pd.DataFrame = field(default=None, repr=False)

    # The identity fields, as the notebooks and views read them.
    region = property(lambda self: self.meta.region)
    region_zh = property(lambda self: self.meta.region_zh)
    region_code = property(lambda self: self.meta.region_code)
    report_year = property(lambda self: self.meta.report_year)
    issuer_zh = property(lambda self: self.meta.issuer_zh)
    issuer_en = property(lambda self: self.meta.issuer_en)
    date_delivered = property(lambda self: self.meta.date_delivered)
    source_url = property(lambda self: self.meta.source_url)
    sha256 = property(lambda self: self.source.sha256)


def manifest_row(sha256: str, folders: tuple[Path, ...] | None = None) -> dict | None:
    """The manifest entry describing the file with this checksum, if any folder has one
    (default: seeds/, then data/raw/).

    Every manifest is read, even when an earlier one has the row and even when the caller
    named region and year: a broken manifest is an InputError, never skipped. The row also
    gives a registered report's title, date and source, so ignoring a corrupt registry would
    silently drop them from datasets and citations, and hide the damage until later."""
    if folders is None:  # looked up now, not at import, so the folders can be redirected
        folders = (SEEDS_DIR, RAW_DIR)
    rows = [lookup_sha256(sha256, folder) for folder in folders]
    return next((row for row in rows if row), None)


def load_report(path, region: str | None = None, year=None, names: ParamNames = CLI_NAMES) -> Report:
    """Read, identify and extract one report."""
    source = read_report(path)
    evidence = gather_evidence(source.text, filename=Path(path).name)
    claims = Claims(region=region or None, year=year, listed=manifest_row(source.sha256))
    found = identify(str(path), evidence, claims, names, year_conflict="refuse")
    meta = replace(found.meta, sha256=source.sha256)
    figures = extract_figures(source.text, meta.region, meta.report_year, meta.region_zh,
                              region_code=meta.region_code)
    return Report(source, meta, found.title, figures)
