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
    _rows: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _rows_for: object = field(default=None, init=False, repr=False, compare=False)

    @property
    def years(self) -> list[int]:
        return sorted({m.report_year for m in self.metas})

    def meta(self, region_code: str, report_year: int) -> ReportMeta:
        return next(m for m in self.metas if (m.region_code, m.report_year) == (region_code, report_year))

    def report_figures(self, region_code: str, report_year: int) -> pd.DataFrame:
        meta = self.meta(region_code, report_year)
        rows = self._rows_by_report().get((meta.region, report_year), [])
        if rows and rows[-1] - rows[0] + 1 == len(rows):  # one run (the figures are sorted): no copy
            return self.figures.iloc[rows[0]:rows[-1] + 1].reset_index(drop=True)
        return self.figures.iloc[rows].reset_index(drop=True)

    def _rows_by_report(self) -> dict[tuple[str, int], list[int]]:
        # listed once per figures table: a panel's views take every report's rows in turn
        if self._rows_for is not self.figures:
            self._rows, self._rows_for = {}, self.figures
            keys = zip(self.figures["region"].tolist(), self.figures["report_year"].tolist(), strict=True)
            for i, (region, year) in enumerate(keys):
                self._rows.setdefault((region, int(year)), []).append(i)
        return self._rows

    def region_codes(self, df: pd.DataFrame) -> list[str]:
        """The region_code of each row of a table drawn from this panel's figures."""
        code = {(m.region, m.report_year): m.region_code for m in self.metas}
        return [code[(r, int(y))] for r, y in zip(df["region"], df["report_year"], strict=True)]
