"""The targets panel (columns: helpers.metadata.targets_columns): one row per region × plan year ×
headline indicator, in the shape of the published growth-target datasets.

Rows, for every report N of the panel, in text order:
- each headline target (主要预期目标, is_headline) for year N, one per indicator and measure (the
  first in the text: a stretch goal `力争8%` comes after the base target it stretches);
- then each core indicator of the scorecard (CORE_INDICATORS: GDP, CPI, unemployment, new urban
  jobs) that has no headline target: its first target for year N elsewhere in the plan (the
  registry's measure first), or, when report N sets none, a row with `target_set` false, so
  that a region-year never silently lacks its GDP row (the national 2020 report set no target).

Each row carries last year's result as report N states it (analysis.compare's matching: same
indicator and measure, the target's unit first), and the outcome and verdict of
analysis.panel_views.panel_scorecard when the panel holds report N+1 of the same region (all
indicators, registered or not: an unregistered one is `not judged`).

`target_point` (and `prior_point`, `outcome_point`) is the figure as one signed number: a
decline is negative, a range is its midpoint (the figures' value) with its ends in
`target_lower`/`target_upper`. The wording is kept three ways: `target_bound` (the explicit
bound), `target_qualifier` (the word as printed, 左右 / 以上 / 以内 / 约 …) and the flags
`target_floor` (min), `target_ceiling` (max) and `target_about` (approx)."""

from __future__ import annotations

import pandas as pd

from helpers.analysis.compare import best_result, results_of, targets_of
from helpers.analysis.panel_views import panel_scorecard
from helpers.analysis.scorecard import CORE_INDICATORS, NO_TARGET
from helpers.analysis.values import signed
from helpers.metadata.codebook import coerce_table
from helpers.metadata.panel import Panel
from helpers.metadata.targets_columns import TARGET_COLUMNS
from helpers.rules import lexicon
from helpers.rules.indicators import registry

# Qualifier words, longest first so that 不超过 wins over 超过 and 降低到 over 降到.
_BEFORE = sorted(lexicon.mapping("bound_before", "bound").items(), key=lambda kv: -len(kv[0]))
_AFTER = sorted({**lexicon.mapping("bound_after", "bound"), **lexicon.mapping("bound_more", "bound")}.items(),
                key=lambda kv: -len(kv[0]))
_SIDE_FIELDS = ("value", "direction", "bound", "unit", "is_estimate", "text", "quote", "figure_id")
_RESULT_COLUMNS = ("indicator", "measure", "char_start", *_SIDE_FIELDS)


def qualifier(text: str, quote: str, bound: str) -> str:
    """The word that gives a figure its bound, as printed: a word ending its text (`6%左右`,
    `3000多人`), else the word right before it in the quote that gives this bound (`约50万人`,
    `不低于3000万吨`), else, in an enumeration whose last item carries it (`稳定在800亿斤、60亿斤、
    160亿斤以上`: 以上, not 稳定在), the first such word after it. Empty for exact figures and ranges."""
    if bound not in ("approx", "min", "max"):
        return ""
    compact = text.replace(" ", "")
    for word, _ in _AFTER:
        if compact.endswith(word) or (word in ("多", "余") and word in compact):
            return word
    at = quote.find(text)
    if at >= 0:
        before = [(w, b) for w, b in _BEFORE if quote[:at].rstrip().endswith(w)]
        after = quote[at + len(text):]
        found = sorted((after.find(w), w) for w, b in _AFTER if b == bound and w in after)
        # As the reader decides (figures.classify.bound): a word that gives this bound, the
        # word before the number first; an enumeration's last word wins over a first-item prefix.
        for word, b in before:
            if b == bound:
                return word
        if found:
            return found[0][1]
        if before:
            return before[0][0]
    return "级" if compact.endswith("级") else ""  # 千亿级: of the order of


def _target_part(t) -> dict:
    if t is None:
        return {"target_set": False, "is_headline": False, "target_floor": False,
                "target_ceiling": False, "target_about": False}
    return {
        "target_set": True, "is_headline": bool(t["is_headline"]),
        "unit": t["unit"], "unit_zh": t["unit_zh"],
        "target_value": t["value"], "target_direction": t["direction"], "target_bound": t["bound"],
        "target_lower": t["lower"], "target_upper": t["upper"],
        "target_point": signed(t["value"], t["direction"]),
        "target_qualifier": qualifier(str(t["text"]), str(t["quote"]), t["bound"]),
        "target_floor": t["bound"] == "min", "target_ceiling": t["bound"] == "max",
        "target_about": t["bound"] == "approx",
        "target_text": t["text"], "target_quote": t["quote"], "target_figure_id": t["figure_id"],
    }


def _side(prefix: str, figure) -> dict:
    if figure is None:
        return {}
    row = {f"{prefix}_{name}": figure[name] for name in _SIDE_FIELDS}
    row[f"{prefix}_point"] = signed(figure["value"], figure["direction"])
    return row


def _report_rows(figures: pd.DataFrame, meta, known) -> list[dict]:
    """The rows of one report N (see the module docstring), without outcomes."""
    year = meta.report_year
    targets = targets_of(figures, year)
    results = results_of(figures, year)[list(_RESULT_COLUMNS)]  # narrow: best_result filters it often
    chosen = (targets[targets["is_headline"]].sort_values("char_start", kind="stable")
              .drop_duplicates(["indicator", "measure"], keep="first"))
    picks = [(t["indicator"], t) for _, t in chosen.iterrows()]
    headlined = set(chosen["indicator"])
    for code in CORE_INDICATORS:
        if code in headlined or code not in known:
            continue
        mine = targets[targets["indicator"] == code]
        mine = mine.assign(_other=mine["measure"] != known[code].measure)
        mine = mine.sort_values(["_other", "char_start"], kind="stable")
        picks.append((code, mine.iloc[0] if len(mine) else None))
    rows = []
    for code, t in picks:
        ind = known.get(code)
        like = t if t is not None else {"indicator": code, "measure": ind.measure, "unit": ind.unit}
        row = {
            "region_code": meta.region_code, "region": meta.region, "region_zh": meta.region_zh,
            "year": year, "indicator": code,
            "indicator_en": t["indicator_en"] if t is not None else ind.name_en,
            "indicator_zh": t["indicator_zh"] if t is not None else ind.name_zh,
            "measure": like["measure"], "unit": like["unit"],
            "good_direction": ind.good_direction if ind else "", "prior_year": year - 1,
        }
        row.update(_target_part(t))
        row.update(_side("prior", best_result(results, like)))
        rows.append(row)
    return rows


def _outcomes(panel: Panel, card: pd.DataFrame, rows: list[dict]) -> None:
    """Add report N+1's outcome and the verdict to each row (in place)."""
    reports = {(m.region_code, m.report_year) for m in panel.metas}
    scored = {}
    for s in card.to_dict("records"):
        key = s["target_figure_id"] if s["verdict"] != NO_TARGET else s["indicator"]
        scored[(s["region"], int(s["target_year"]), key)] = s
    figures = panel.figures.set_index("figure_id")
    for row in rows:
        if (row["region_code"], row["year"] + 1) not in reports:
            row["note"] = f"no {row['year'] + 1} report of this region in the panel"
            continue
        row["outcome_report_year"] = row["year"] + 1
        key = row["target_figure_id"] if row["target_set"] else row["indicator"]
        s = scored.get((row["region"], row["year"], key))
        if s is None:
            continue
        if s["result_figure_id"]:
            outcome = figures.loc[s["result_figure_id"]].to_dict()
            row.update(_side("outcome", outcome | {"figure_id": s["result_figure_id"]}))
        row.update({"gap": s["gap"], "tolerance": s["tolerance"], "scored_as_cap": bool(s["is_ceiling"]),
                    "verdict": s["verdict"], "note": s["note"]})


def targets_panel(panel: Panel) -> pd.DataFrame:
    """The targets panel of `panel` (a panel, or one report's dataset as a Panel of one):
    columns TARGET_COLUMNS, rows by region_code and year, each report's rows in text order."""
    known = registry()
    rows: list[dict] = []
    for meta in sorted(panel.metas, key=lambda m: (m.region_code, m.report_year)):
        rows += _report_rows(panel.report_figures(meta.region_code, meta.report_year), meta, known)
    if rows:
        _outcomes(panel, panel_scorecard(panel, registered_only=False), rows)
    for row in rows:
        row.setdefault("scored_as_cap", False)
    return coerce_table(pd.DataFrame(rows), TARGET_COLUMNS)
