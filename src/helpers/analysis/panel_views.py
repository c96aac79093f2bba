"""Views across a panel's regions and years: each region's GDP growth target, this year's targets
against last year's results, the indicators most often targeted, figures per report, and every
region's scorecards (targets against the next report's outcomes) with views of them."""

from __future__ import annotations

import pandas as pd

from helpers.analysis.compare import headline_targets, results_vs_targets
from helpers.analysis.scorecard import (
    EXCEEDED,
    MET,
    MISSED,
    NO_TARGET,
    VERDICTS,
    met_zone,
    scorecard,
    scorecard_frame,
)
from helpers.analysis.values import signed
from helpers.errors import InputError, ParameterError
from helpers.metadata.panel import Panel


def _targets_of_plan_year(figures: pd.DataFrame) -> pd.DataFrame:
    keep = ((figures["kind"] == "target") & (figures["period"] == "year")
            & figures["ref_year"].eq(figures["report_year"]).fillna(False))
    return figures[keep.astype(bool)]


def _latest_year(panel: Panel, year: int | None) -> int:
    if year is None:
        if not panel.metas:
            raise InputError("the panel holds no reports")
        return panel.years[-1]
    if year not in panel.years:
        raise ParameterError(f"the panel has no report of {year} (years: {', '.join(map(str, panel.years))})")
    return year


def _with_codes(panel: Panel, df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(region_code=panel.region_codes(df))


def gdp_growth_targets(panel: Panel, year: int | None = None) -> pd.DataFrame:
    """Each region's GDP growth target for `year` (default: the latest year of the panel): the
    headline one, else the first in the text. Highest target first."""
    year = _latest_year(panel, year)
    t = _targets_of_plan_year(panel.figures)
    t = t[(t["report_year"] == year) & (t["indicator"] == "gdp") & (t["measure"] == "growth")
          & (t["unit"] == "percent")]
    t = t.sort_values(["region", "is_headline", "char_start"], ascending=[True, False, True], kind="stable")
    t = _with_codes(panel, t.drop_duplicates("region", keep="first"))
    cols = ["region_code", "region", "region_zh", "report_year", "value", "bound", "lower", "upper",
            "direction", "is_headline", "text", "quote", "figure_id"]
    t = t.sort_values(["value", "region_code"], ascending=[False, True], kind="stable")
    return t[cols].reset_index(drop=True)


def targets_vs_results(panel: Panel, year: int | None = None, *, headline_only: bool = True) -> pd.DataFrame:
    """This year's growth-rate targets (percent) beside the result the same report states for
    last year, every region of `year` (default: the latest), signed values. One row per
    region and indicator with a stated result."""
    year = _latest_year(panel, year)
    frames = []
    for m in panel.metas:
        if m.report_year != year:
            continue
        figures = panel.report_figures(m.region_code, m.report_year)
        table = headline_targets(figures) if headline_only else results_vs_targets(figures)
        table = table[(table["status"] == "stated") & (table["unit"] == "percent")
                      & (table["measure"] == "growth")]
        if headline_only:
            table = table.drop_duplicates("indicator", keep="first")
        frames.append(table.assign(region_code=m.region_code, region=m.region, region_zh=m.region_zh))
    if not frames:
        return pd.DataFrame(columns=["region_code", "region", "region_zh", "indicator"])
    out = pd.concat(frames, ignore_index=True)
    out["result"] = [signed(v, d) for v, d in zip(out["result_value"], out["result_direction"], strict=True)]
    out["target"] = [signed(v, d) for v, d in zip(out["target_value"], out["target_direction"], strict=True)]
    cols = ["region_code", "region", "region_zh", "indicator", "indicator_en", "indicator_zh",
            "result_year", "result", "result_is_estimate", "target_year", "target", "target_bound",
            "result_figure_id", "target_figure_id"]
    return out[cols].sort_values(["indicator", "region_code"], kind="stable").reset_index(drop=True)


def common_target_indicators(panel: Panel, year: int | None = None, top: int | None = 15) -> pd.DataFrame:
    """Indicators targeted by the most regions in `year` (default: the latest): how many
    regions, which, and how many targets in all. Ties by indicator code."""
    year = _latest_year(panel, year)
    t = _with_codes(panel, _targets_of_plan_year(panel.figures))
    t = t[t["report_year"] == year]
    if t.empty:
        return pd.DataFrame(columns=["indicator", "indicator_en", "indicator_zh", "regions", "targets",
                                     "region_codes"])
    names = (t.groupby("indicator")["indicator_zh"]
             .agg(lambda s: s.value_counts().sort_index().sort_values(ascending=False, kind="stable").index[0]))
    grouped = t.groupby("indicator").agg(
        indicator_en=("indicator_en", "first"),
        regions=("region_code", "nunique"),
        targets=("figure_id", "size"),
        region_codes=("region_code", lambda s: ", ".join(sorted(set(s)))),
    ).reset_index()
    grouped.insert(2, "indicator_zh", grouped["indicator"].map(names))
    grouped = grouped.sort_values(["regions", "targets", "indicator"], ascending=[False, False, True], kind="stable")
    return (grouped.head(top) if top else grouped).reset_index(drop=True)


def panel_summary(panel: Panel) -> pd.DataFrame:
    """One line per report: region, year, source file, figures by kind."""
    rows = []
    for m in panel.metas:
        f = panel.report_figures(m.region_code, m.report_year)
        rows.append({
            "region_code": m.region_code, "report_year": m.report_year,
            "file": panel.source_files.get((m.region_code, m.report_year), ""),
            "figures": len(f), "results": int((f["kind"] == "result").sum()),
            "targets": int((f["kind"] == "target").sum()), "context": int((f["kind"] == "context").sum()),
        })
    return pd.DataFrame(rows)


def panel_scorecard(panel: Panel, *, registered_only: bool = True) -> pd.DataFrame:
    """Every region's scorecards: for each pair of consecutive reports of a region in the panel
    (years N and N+1), report N's targets judged on report N+1's outcomes (analysis.scorecard).
    Rows by region_code, then target year, each scorecard in its own order."""
    frames = []
    years: dict[str, set[int]] = {}
    for m in panel.metas:
        years.setdefault(m.region_code, set()).add(m.report_year)
    for code in sorted(years):
        for year in sorted(years[code]):
            if year + 1 in years[code]:
                frames.append(scorecard(panel.report_figures(code, year), panel.report_figures(code, year + 1),
                                        registered_only=registered_only))
    if not frames:
        return scorecard_frame([])
    return pd.concat(frames, ignore_index=True)


def achievement_by_indicator(table: pd.DataFrame) -> pd.DataFrame:
    """How often each indicator's targets were met, exceeded or missed across a panel scorecard:
    counts of every verdict and the shares among judged targets. Most-judged first."""
    judged = (MET, EXCEEDED, MISSED)
    counts = pd.crosstab(table["indicator"], table["verdict"]).reindex(columns=list(VERDICTS), fill_value=0)
    counts["judged"] = counts[list(judged)].sum(axis=1)
    for v in judged:
        counts[f"share_{v}"] = (counts[v] / counts["judged"]).where(counts["judged"] > 0)
    names = table.drop_duplicates("indicator").set_index("indicator")[["indicator_en", "indicator_zh"]]
    out = names.join(counts, how="right").reset_index()
    out.columns.name = None
    return out.sort_values(["judged", "indicator"], ascending=[False, True], kind="stable").reset_index(drop=True)


def gdp_outcomes(table: pd.DataFrame) -> pd.DataFrame:
    """Each region's GDP growth target against its outcome: target, met zone, outcome, gap (pp),
    verdict; one row per region and year, regions with the largest gap first."""
    rows = table[(table["indicator"] == "gdp") & (table["measure"] == "growth")].copy()
    zones = [met_zone(target_value=r["target_value"], target_bound=r["target_bound"],
                      target_lower=r["target_lower"], target_upper=r["target_upper"],
                      target_direction=r["target_direction"], unit=r["unit"],
                      good_direction=r["good_direction"] or "up")
             if r["verdict"] != NO_TARGET else (float("nan"), float("nan")) for _, r in rows.iterrows()]
    rows["met_from"] = [a for a, _ in zones]
    rows["met_to"] = [b for _, b in zones]
    rows["outcome"] = [signed(v, d) for v, d in zip(rows["result_value"], rows["result_direction"], strict=True)]
    cols = ["region_code", "region", "region_zh", "target_year", "target_text", "target_value",
            "target_bound", "met_from", "met_to", "result_text", "outcome", "gap", "verdict",
            "target_figure_id", "result_figure_id"]
    return rows[cols].sort_values(["gap", "region_code"], ascending=[False, True], kind="stable",
                                  na_position="last").reset_index(drop=True)
