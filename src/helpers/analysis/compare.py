"""The compare stage: this year's targets beside last year's results, from one report's figures.

Matching rule (one row per targeted indicator):
- Targets are figures with kind == 'target', period == 'year' and ref_year == report_year (a
  five-year goal is never this year's target). When an indicator has
  several, the headline one (主要预期目标, is_headline) wins, then the first in the text: a stretch
  goal (`增长7%以上、力争达到8%`) comes after the base target it stretches.
- Results are figures with kind == 'result', period == 'year' and ref_year == report_year − 1 (a
  five-year average is never last year's result) of the same indicator
  AND the same measure (a growth target is compared with a growth result, a level with a level).
  Among several, one with the target's unit wins, then the first in the text (the review part
  states the headline result before repeating it).
- A target without such a result is kept, with status "not stated in this report": the report
  itself is silent, which a reader must see rather than lose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from helpers.analysis.values import MONEY_UNIT, RATE_UNITS, same_unit, signed
from helpers.metadata.columns import KINDS

NOT_STATED = "not stated in this report"
STATED = "stated"

# The result side and the target side each keep these figure columns, prefixed.
_SIDE_COLUMNS = ("figure_id", "value", "lower", "upper", "bound", "direction", "unit", "unit_zh",
                 "is_estimate", "text", "quote", "paragraph", "section")

COMPARISON_COLUMNS = (
    "indicator", "indicator_en", "indicator_zh", "measure", "unit", "unit_zh",
    "result_year", "target_year", "status",
    "result_value", "result_direction", "result_unit", "result_unit_zh", "result_is_estimate",
    "result_text", "result_quote", "result_figure_id",
    "target_value", "target_bound", "target_lower", "target_upper", "target_direction",
    "target_is_headline", "target_text", "target_quote", "target_figure_id", "target_section",
    "change_pp", "implied_change_pct",
)

def _report_year(figures: pd.DataFrame) -> int:
    years = figures["report_year"].dropna().unique()
    if len(years) != 1:
        raise ValueError(f"expected the figures of one report, found report years {sorted(years)}")
    return int(years[0])


def targets_of(figures: pd.DataFrame, year: int) -> pd.DataFrame:
    t = figures[(figures["kind"] == "target") & (figures["period"] == "year")
                & figures["ref_year"].eq(year).fillna(False).astype(bool)]
    return t.sort_values(["is_headline", "char_start"], ascending=[False, True], kind="stable")


def results_of(figures: pd.DataFrame, year: int) -> pd.DataFrame:
    r = figures[(figures["kind"] == "result") & (figures["period"] == "year")
                & figures["ref_year"].eq(year - 1).fillna(False).astype(bool)]
    return r.sort_values("char_start", kind="stable")


def best_result(results: pd.DataFrame, target: pd.Series) -> pd.Series | None:
    """The first result of target's indicator and measure, one in target's unit first."""
    same = results[(results["indicator"] == target["indicator"])
                   & (results["measure"] == target["measure"])]
    return _first_in_unit(same, target["unit"])


def _first_in_unit(same: pd.DataFrame, unit: str) -> pd.Series | None:
    if same.empty:
        return None
    same_unit = same[same["unit"] == unit]
    return (same_unit if not same_unit.empty else same).iloc[0]


class ResultLookup:
    """best_result for many targets against one results frame: the rows of each (indicator,
    measure) are listed once, so a report's scorecard does not filter the whole frame per
    target (a panel judges hundreds of report pairs)."""

    def __init__(self, results: pd.DataFrame):
        self._results = results
        self._units = results["unit"].tolist()
        self._rows: dict[tuple, list[int]] = {}
        for i, key in enumerate(zip(results["indicator"].tolist(), results["measure"].tolist(), strict=True)):
            self._rows.setdefault(key, []).append(i)

    def best(self, target: pd.Series) -> pd.Series | None:
        rows = self._rows.get((target["indicator"], target["measure"]))
        if not rows:
            return None
        same_unit = [i for i in rows if self._units[i] == target["unit"]]
        return self._results.iloc[(same_unit or rows)[0]]


def _row(target: pd.Series, result: pd.Series | None, year: int) -> dict:
    row = {
        "indicator": target["indicator"],
        "indicator_en": target["indicator_en"],
        "indicator_zh": target["indicator_zh"],
        "measure": target["measure"],
        "unit": target["unit"],
        "unit_zh": target["unit_zh"],
        "result_year": year - 1,
        "target_year": year,
        "status": STATED if result is not None else NOT_STATED,
    }
    for col in _SIDE_COLUMNS:
        row[f"target_{col}"] = target[col]
        row[f"result_{col}"] = result[col] if result is not None else None
    row["target_is_headline"] = bool(target["is_headline"])
    t = signed(target["value"], target["direction"])
    r = signed(row["result_value"], row["result_direction"]) if result is not None else float("nan")
    comparable = result is not None and same_unit(result["unit"], result["unit_zh"], target["unit"],
                                                  target["unit_zh"])
    # Rates compare as a difference in percentage points; levels as a relative change.
    row["change_pp"] = t - r if comparable and target["unit"] in RATE_UNITS else float("nan")
    row["implied_change_pct"] = (
        (t / r - 1.0) * 100.0
        if comparable and target["measure"] == "level" and r not in (0.0,) and not pd.isna(r)
        else float("nan")
    )
    return row


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))
    for col in ("result_value", "target_value", "target_lower", "target_upper", "change_pp",
                "implied_change_pct"):
        df[col] = pd.to_numeric(df[col]).astype("float64")
    for col in ("result_year", "target_year"):
        df[col] = df[col].astype("Int64")
    df["result_is_estimate"] = df["result_is_estimate"].astype("boolean")
    df["target_is_headline"] = df["target_is_headline"].astype(bool)
    for col in ("result_direction", "result_unit", "result_unit_zh", "result_text", "result_quote",
                "result_figure_id"):
        df[col] = df[col].fillna("").astype(str)
    return df


def results_vs_targets(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator with a target for the report year, last year's result beside it.

    Rows keep the order of the targets in the text (headline targets first)."""
    if figures.empty:
        return _frame([])
    year = _report_year(figures)
    results = results_of(figures, year)
    targets = targets_of(figures, year).drop_duplicates("indicator", keep="first")
    rows = [_row(t, best_result(results, t), year) for _, t in targets.iterrows()]
    return _frame(rows)


def headline_targets(figures: pd.DataFrame) -> pd.DataFrame:
    """Every headline target (主要预期目标) in text order, with last year's matching result."""
    if figures.empty:
        return _frame([])
    year = _report_year(figures)
    results = results_of(figures, year)
    targets = targets_of(figures, year)
    targets = targets[targets["is_headline"]].sort_values("char_start", kind="stable")
    return _frame([_row(t, best_result(results, t), year) for _, t in targets.iterrows()])


_HEADING_END = re.compile(r"[,，。；;：:]")


def section_label(section: str) -> str:
    """The part of the plan a figure sits in: the second level of the heading path
    (`二、2025年工作安排 / （四）…` → `（四）…`), or the first when there is no second, cut at
    its first comma (a section heading is a slogan of several clauses; the first names it)."""
    parts = [p.strip() for p in str(section or "").split(" / ") if p.strip()]
    if not parts:
        return "(no heading)"
    label = parts[1] if len(parts) > 1 else parts[0]
    return _HEADING_END.split(label, maxsplit=1)[0].strip() or label


@dataclass(frozen=True)
class TargetProfile:
    """What the plan sets targets on, and how. Each table has a `targets` count column."""

    by_section: pd.DataFrame  # in text order
    by_bound: pd.DataFrame
    by_measure: pd.DataFrame
    by_unit: pd.DataFrame
    largest_money: pd.DataFrame  # money targets that are levels, the largest per indicator, in 亿元


def _count(targets: pd.DataFrame, key: str) -> pd.DataFrame:
    counts = targets.groupby(key, sort=False).size().rename("targets").reset_index()
    return counts.sort_values(["targets", key], ascending=[False, True], kind="stable").reset_index(drop=True)


def target_profile(figures: pd.DataFrame, top: int = 10) -> TargetProfile:
    if figures.empty:
        targets = figures.assign(section_label=pd.Series(dtype=str))
    else:
        targets = targets_of(figures, _report_year(figures)).sort_values("char_start", kind="stable")
        targets = targets.assign(section_label=targets["section"].map(section_label))
    by_section = (targets.groupby("section_label", sort=False).size().rename("targets")
                  .reset_index().rename(columns={"section_label": "section"}))
    units = targets.assign(unit=targets["unit"].replace("", "(none)"))
    # Levels only: 比上年增加2.9万亿元 is a change of a level charted beside it, not a second target.
    money = targets[(targets["unit"] == MONEY_UNIT) & (targets["measure"] == "level")]
    money = money.assign(value_100m_cny=money["value"] / 1e8)
    # One bar per indicator, its largest level: 安排超长期特别国债3000亿元支持… is a share of the
    # 1.3万亿元 issued, not a second target of the same name.
    money = money.sort_values(["value", "char_start"], ascending=[False, True], kind="stable")
    money = money.drop_duplicates("indicator", keep="first").head(top)
    largest = money[["indicator", "indicator_en", "indicator_zh", "value_100m_cny", "bound", "lower",
                     "upper", "text", "quote", "section", "figure_id"]].reset_index(drop=True)
    return TargetProfile(
        by_section=by_section,
        by_bound=_count(targets, "bound"),
        by_measure=_count(targets, "measure"),
        by_unit=_count(units, "unit"),
        largest_money=largest,
    )


def counts_by_kind(figures: pd.DataFrame) -> pd.DataFrame:
    """How many figures of each kind, with how many are estimates and headline targets."""
    rows = []
    for kind in KINDS:
        part = figures[figures["kind"] == kind]
        rows.append({"kind": kind, "figures": len(part),
                     "estimates": int(part["is_estimate"].sum()),
                     "headline": int(part["is_headline"].sum())})
    return pd.DataFrame(rows)
