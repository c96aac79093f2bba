"""Tables as a reader sees them in a notebook: one text cell per side of a comparison (≈ ≥ ≤
for bounds, † for estimates, — for none, as helpers.output.cells writes them), the gap and
verdict of a scorecard, figures per section."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.analysis.compare import section_label
from helpers.analysis.values import POINT_UNITS
from helpers.metadata.columns import KINDS
from helpers.output.cells import UNIT_LABELS, format_result, format_target
from helpers.output.charts.style import check_lang


def comparison_view(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A results-vs-targets table (helpers.analysis.compare): indicator, result, target, unit,
    status."""
    name = "indicator_zh" if lang == "zh" else "indicator_en"
    rows = []
    for _, r in table.iterrows():
        unit = "%" if r["unit"] == "percent" else (r["unit"] or r["unit_zh"])
        rows.append({
            "indicator": r[name] or r["indicator_zh"] or r["indicator"],
            f"result_{int(r['result_year'])}": format_result(r),
            f"target_{int(r['target_year'])}": format_target(r),
            "unit": unit,
            "status": r["status"],
        })
    return pd.DataFrame(rows)


def format_gap(row) -> str:
    """Result minus target (signed): in percentage points for rates, in percent of the target
    for levels; empty when there is nothing to compare."""
    gap, target = row["gap"], row["target_value"]
    if pd.isna(gap):
        return ""
    if row["unit"] in POINT_UNITS:
        return f"{gap:+.1f} pp"
    if pd.isna(target) or target == 0:
        return ""
    return f"{gap / abs(target) * 100:+.1f}%"


def scorecard_view(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A scorecard (helpers.analysis.scorecard): indicator, target, result, unit, gap, verdict."""
    name = "indicator_zh" if check_lang(lang) == "zh" else "indicator_en"
    rows = []
    for _, r in table.iterrows():
        rows.append({
            "indicator": r[name] or r["indicator_zh"] or r["indicator"],
            f"target_{int(r['target_year'])}": format_target(r),
            f"result_{int(r['result_year'])}": format_result(r),
            "unit": UNIT_LABELS.get(r["unit"], r["unit"] or r["unit_zh"]),
            "gap": format_gap(r),
            "verdict": r["verdict"] + (" (ceiling)" if r["is_ceiling"] else ""),
        })
    return pd.DataFrame(rows)


def reports_view(reports) -> pd.DataFrame:
    """Reports one per row, with a role each (e.g. targets, outcomes): role, region, year, file,
    sha256 (short), number of figures. `reports`: (role, helpers.figures.report.Report) pairs."""
    rows = []
    for role, r in reports:
        rows.append({"role": role, "region": r.region, "report_year": r.report_year,
                     "file": Path(r.source.path).name, "sha256": r.sha256[:12],
                     "figures": len(r.figures)})
    return pd.DataFrame(rows)


def sections_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures per section (second level of the heading path), by kind, in text order."""
    labelled = figures.sort_values("char_start", kind="stable").assign(
        section=figures["section"].map(section_label))
    table = pd.crosstab(labelled["section"], labelled["kind"]).reindex(columns=list(KINDS), fill_value=0)
    order = list(dict.fromkeys(labelled["section"]))
    table = table.reindex(order)
    table["all"] = table.sum(axis=1)
    table.columns.name = None
    return table
