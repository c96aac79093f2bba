"""A panel: the figures of many reports (regions × years) in one table, with each report's
metadata. Built by helpers.pipeline.panel, read by the panel views of helpers.analysis."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.metadata.report_meta import ReportMeta


@dataclass
class Panel:
    figures: pd.DataFrame  # sorted by region_code, report_year, char_start, figure_id
    metas: list[ReportMeta]  # sorted by region_code, report_year
    source_files: dict[tuple[str, int], str] = field(default_factory=dict)  # file name per report
    duplicates: list[str] = field(default_factory=list)  # files skipped: same text as another

    @property
    def years(self) -> list[int]:
        return sorted({m.report_year for m in self.metas})

    def meta(self, region_code: str, report_year: int) -> ReportMeta:
        return next(m for m in self.metas if (m.region_code, m.report_year) == (region_code, report_year))

    def report_figures(self, region_code: str, report_year: int) -> pd.DataFrame:
        meta = self.meta(region_code, report_year)
        keep = (self.figures["region"] == meta.region) & (self.figures["report_year"] == report_year)
        return self.figures[keep].reset_index(drop=True)

    def region_codes(self, df: pd.DataFrame) -> list[str]:
        """The region_code of each row of a table drawn from this panel's figures."""
        code = {(m.region, m.report_year): m.region_code for m in self.metas}
        return [code[(r, int(y))] for r, y in zip(df["region"], df["report_year"], strict=True)]
