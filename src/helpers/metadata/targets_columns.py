"""The targets panel: one row per region × plan year × headline indicator, in the shape of the
published growth-target datasets. Built by helpers.analysis.targets_panel from a panel (or one
report's dataset), exported by `gwr export PANEL --table targets`.

Each row holds the target as report N states it for year N, last year's result (year N−1) as the
same report states it, and the outcome for year N as report N+1 states it, with the scorecard's
verdict (helpers.analysis.scorecard). Values follow the figures table (magnitudes, the sign in
`*_direction`); each side also has a signed `*_point`, the one number a regression uses."""

from __future__ import annotations

from helpers.metadata.codebook import CODE_LISTS, TableSpec
from helpers.metadata.columns import BOUNDS, DIRECTIONS, MEASURES, Column

VERDICT_WORDS = CODE_LISTS["verdict"]


def _side(prefix: str, what: str) -> tuple[Column, ...]:
    """The columns of one stated figure (last year's result or the outcome)."""
    return (
        Column(f"{prefix}_value", "number", f"{what}: value in base units, a magnitude (as the figures' `value`).", required=False),
        Column(f"{prefix}_direction", "string", f"{what}: `down` for a decline (下降), `up` for a rise, empty for a level.", required=False, categories=DIRECTIONS),
        Column(f"{prefix}_bound", "string", f"{what}: bound as stated (a result can carry one: 降幅超过3% is min).", required=False, categories=BOUNDS),
        Column(f"{prefix}_point", "number", f"{what}: signed value (a decline is negative), comparable with target_point.", required=False),
        Column(f"{prefix}_unit", "string", f"{what}: unit code; compare with target_point only when it equals `unit`.", required=False),
        Column(f"{prefix}_is_estimate", "boolean", f"{what}: true when stated as an estimate (预计, 初步统计); empty when none is stated.", required=False),
        Column(f"{prefix}_text", "string", f"{what}: the figure as printed.", required=False),
        Column(f"{prefix}_quote", "string", f"{what}: the clause holding it, as printed (cite this).", required=False),
        Column(f"{prefix}_figure_id", "string", f"{what}: figure_id of the figure in the panel's figures table.", required=False),
    )


PRIOR = "Last year's result (year N−1) as report N states it"
OUTCOME = "Outcome for year N as report N+1 states it"

TARGET_COLUMNS: tuple[Column, ...] = (
    Column("region_code", "string", "Region code, e.g. `inner_mongolia`, `national` (the name of its dataset folder)."),
    Column("region", "string", "Region in English, e.g. `Inner Mongolia`, `China`."),
    Column("region_zh", "string", "Region as the report names it, e.g. `内蒙古自治区`."),
    Column("year", "integer", "Plan year N: the year of the report that sets the target (its report_year)."),
    Column("indicator", "string", "Indicator code from the registry (`gdp`, `cpi` …); `x_…` for an unregistered one."),
    Column("indicator_en", "string", "Indicator name in English (empty outside the registry).", required=False),
    Column("indicator_zh", "string", "Indicator name in Chinese."),
    Column("measure", "string", "`level`, `growth`, `share`, `change` or `rank`, as in the figures table.", categories=MEASURES),
    Column("unit", "string", "Unit code of the target (percent, person, CNY …).", required=False),
    Column("unit_zh", "string", "Unit of the target as printed (%, 人, 元 …).", required=False),
    Column("good_direction", "string", "`up` when more is better, `down` for an indicator that should fall (unemployment, CPI, energy intensity); empty outside the registry.", required=False, categories=DIRECTIONS),
    Column("is_headline", "boolean", "True for a headline target (主要预期目标); false for a core indicator targeted elsewhere in the plan or not at all."),
    Column("target_set", "boolean", "False when report N sets no target for this core indicator (GDP growth, CPI, unemployment, new urban jobs): the target columns are then empty."),
    Column("target_value", "number", "Target: value in base units, a magnitude (as the figures' `value`); a range's midpoint.", required=False),
    Column("target_direction", "string", "Target: `down` for a decline target (降低2.5%), `up` for a rise, empty for a level.", required=False, categories=DIRECTIONS),
    Column("target_bound", "string", "Target: bound as stated: `approx` (左右, 约), `min` (以上), `max` (以内), `range` or `exact`.", required=False, categories=BOUNDS),
    Column("target_lower", "number", "Target: lower end of the stated interval (a range's lower end; empty for max).", required=False),
    Column("target_upper", "number", "Target: upper end of the stated interval (a range's upper end; empty for min).", required=False),
    Column("target_point", "number", "Target as one signed number (a decline is negative): the value of a point target, the midpoint of a range.", required=False),
    Column("target_qualifier", "string", "Target: the qualifier word as printed (左右, 以上, 以内, 约, 不低于, 突破 …); empty for an exact target and a range.", required=False),
    Column("target_floor", "boolean", "Target worded as a floor (bound min: 以上, 不低于, 超过, 突破 …)."),
    Column("target_ceiling", "boolean", "Target worded as a ceiling (bound max: 以内, 以下, 不超过, 控制在 …)."),
    Column("target_about", "boolean", "Target worded as approximate (bound approx: 左右, 约, 近, 上下 …)."),
    Column("target_text", "string", "Target: the figure as printed, e.g. `6%左右`.", required=False),
    Column("target_quote", "string", "Target: the clause holding it, as printed (cite this).", required=False),
    Column("target_figure_id", "string", "Target: figure_id in the panel's figures table (`gwr cite` it).", required=False),
    Column("prior_year", "integer", "Year N−1 of last year's result."),
    *_side("prior", PRIOR),
    Column("outcome_report_year", "integer", "Year N+1 of the report stating the outcome; empty when the panel has no such report.", required=False),
    *_side("outcome", OUTCOME),
    Column("gap", "number", "outcome_point − target_point (percentage points for rates); empty unless judged.", required=False),
    Column("tolerance", "number", "How far from an approx or exact target the outcome may be and still have met it (scorecard rules).", required=False),
    Column("scored_as_cap", "boolean", "Judged as a cap on an indicator that should fall (CPI 3%左右, unemployment 5.5%左右): met at or below, never exceeded."),
    Column("verdict", "string", "`met`, `exceeded`, `missed`, `no outcome stated`, `not judged` or `no target set` (analysis.scorecard); empty without report N+1.", required=False, categories=VERDICT_WORDS),
    Column("note", "string", "Why a row is not judged, or that the panel holds no report N+1.", required=False),
)


def _side_labels(prefix: str, what: str) -> dict[str, str]:
    return {
        f"{prefix}_value": f"{what}: value (base units, magnitude)",
        f"{prefix}_direction": f"{what}: direction (up, down)",
        f"{prefix}_bound": f"{what}: bound as stated",
        f"{prefix}_point": f"{what}: signed value (decline < 0)",
        f"{prefix}_unit": f"{what}: unit code",
        f"{prefix}_is_estimate": f"{what}: an estimate (预计): 1 = yes",
        f"{prefix}_text": f"{what}: as printed",
        f"{prefix}_quote": f"{what}: clause as printed (cite this)",
        f"{prefix}_figure_id": f"{what}: figure_id",
    }


TARGET_LABELS: dict[str, str] = {
    "region_code": "Region code (dataset folder name)",
    "region": "Region (English)",
    "region_zh": "Region as the report names it (Chinese)",
    "year": "Plan year N (year of the report setting the target)",
    "indicator": "Indicator code (registry; x_… for unregistered indicators)",
    "indicator_en": "Indicator name in English",
    "indicator_zh": "Indicator name in Chinese",
    "measure": "Measure: level, growth, share, change, rank",
    "unit": "Unit code of the target (percent, person, CNY …)",
    "unit_zh": "Unit of the target as printed",
    "good_direction": "Good direction of the indicator: up, down",
    "is_headline": "Headline target (主要预期目标): 1 = yes",
    "target_set": "Report N sets a target for the indicator: 1 = yes",
    "target_value": "Target: value (base units, magnitude; range: midpoint)",
    "target_direction": "Target: direction (up, down)",
    "target_bound": "Target: bound: exact, approx, min, max, range",
    "target_lower": "Target: lower end of the interval",
    "target_upper": "Target: upper end of the interval",
    "target_point": "Target: one signed number (range: midpoint; decline < 0)",
    "target_qualifier": "Target: qualifier as printed (左右, 以上, 以内 …)",
    "target_floor": "Target worded as a floor (以上, 不低于): 1 = yes",
    "target_ceiling": "Target worded as a ceiling (以内, 不超过): 1 = yes",
    "target_about": "Target worded as approximate (左右, 约): 1 = yes",
    "target_text": "Target: as printed",
    "target_quote": "Target: clause as printed (cite this)",
    "target_figure_id": "Target: figure_id",
    "prior_year": "Year N−1 of last year's result",
    **_side_labels("prior", "Last year's result"),
    "outcome_report_year": "Year N+1 of the report stating the outcome",
    **_side_labels("outcome", "Outcome (report N+1)"),
    "gap": "Outcome minus target (signed; pp for rates)",
    "tolerance": "Tolerance of the verdict (pp, or 5% of a level)",
    "scored_as_cap": "Judged as a cap (CPI, unemployment): 1 = yes",
    "verdict": "Verdict: met, exceeded, missed, no outcome stated, not judged …",
    "note": "Why not judged, or no report N+1 in the panel",
}

TARGET_CODED: dict[str, str] = {
    "measure": "measure", "good_direction": "direction", "target_direction": "direction",
    "target_bound": "bound", "prior_direction": "direction", "prior_bound": "bound",
    "outcome_direction": "direction", "outcome_bound": "bound", "verdict": "verdict",
}

TARGETS_TABLE = TableSpec(
    name="targets",
    title="One row per region × plan year × headline indicator: target, last year's result, outcome, verdict",
    columns=TARGET_COLUMNS,
    labels=TARGET_LABELS,
    coded=TARGET_CODED,
)
