"""Target achievement: report N's targets for year N judged against the results for year N
that report N+1 states (same region).

Matching (the rule of helpers.analysis.compare, across two reports): targets are figures with kind ==
'target' and ref_year == N, one per indicator (the headline target first, then the first in
the text); each is matched with a result of report N+1 (kind == 'result', ref_year == N) of the
same indicator AND the same measure, one with the target's unit first, then the first in the
text. By default only indicators of the registry (rules/indicators.csv) are judged: a verdict
needs the indicator's good direction, and an unregistered one has none.

Verdicts, with values signed (a decline, 下降3%, is −3) and read in the indicator's good
direction (registry `good_direction`; `down` for unemployment, CPI, energy intensity):

Absence is stated, in three kinds apart:

- `no target set`: report N sets no target for one of the CORE_INDICATORS (GDP growth, CPI, …)
  that the literature follows in every region; the row still shows report N+1's outcome, if any.
  (The national 2020 report set no GDP target.)
- `no outcome stated`: report N set a target, but report N+1 states no result for that
  indicator for year N — it is silent, or (`note`) states only a figure over several years
  (“十四五”时期年均增长5.5%), which is no year's outcome. A level held in every year of a span
  that includes year N (连续5年稳定在1100亿斤以上, period each_year) is year N's outcome; `note`
  says so.
- `not judged`: both are there but cannot be compared: the result is in another unit or only in
  another measure (a growth target, a level outcome), or the indicator has no good direction
  (an unregistered one, with `registered_only=False`); `note` says which.

Judged targets:
- approx (左右, 约) and exact targets: `met` within the tolerance either side, `exceeded`
  beyond it in the good direction, `missed` beyond it in the bad one. A planned number is hit
  to the digit only by chance, so an exact target gets the same tolerance as an approx one.
- min (以上, 不低于; a floor in the good direction): `missed` below it, `met` from the floor up
  to the floor plus the tolerance, `exceeded` beyond that.
- max in the good direction (a cap on something good, rare): `met` up to it, `exceeded` past it.
- range (5%—5.5%): `met` inside (ends included), `exceeded` / `missed` outside.
- Ceilings: an indicator whose good direction is down, targeted as a level rather than a
  decline (CPI 涨幅3%左右, 城镇调查失业率5.5%左右, …以内), is a cap: `met` when the result is at
  most the target (plus the tolerance for approx and exact targets), else `missed`, never
  `exceeded` (inflation far below its cap is not an over-achievement). A decline target on
  such an indicator (单位GDP能耗降低2.5%左右) is an ordinary target in the good direction.

Tolerance: TOLERANCE_PP (0.5 percentage points) for targets in percent or percentage points,
TOLERANCE_RELATIVE (5% of the target value) for levels. A result stated with a bound of its
own (降幅超过3%) is judged at its stated value, the figure the report commits to."""

from __future__ import annotations

import math

import pandas as pd

from helpers.analysis.scorecard_frame import SCORECARD_FRAME_COLUMNS, scorecard_frame
from helpers.analysis.scorecard_frame import missing as _missing
from helpers.analysis.values import POINT_UNITS, signed
from helpers.errors import ParameterError
from helpers.metadata.regions import find_region
from helpers.metadata.report_meta import region_code_of
from helpers.rules.indicators import registry

TOLERANCE_PP = 0.5
TOLERANCE_RELATIVE = 0.05

MET, MISSED, EXCEEDED = "met", "missed", "exceeded"
NO_TARGET, NO_OUTCOME, NOT_JUDGED = "no target set", "no outcome stated", "not judged"
VERDICTS = (MET, EXCEEDED, MISSED, NO_OUTCOME, NOT_JUDGED, NO_TARGET)
# Indicators whose absence from a report's targets is itself a finding (a row "no target set").
CORE_INDICATORS = ("gdp", "cpi", "unemployment_rate", "urban_new_jobs")


_INF = math.inf


def tolerance_for(value: float, unit: str) -> float:
    """How far from an approx or exact target a result may be and still have met it."""
    if unit in POINT_UNITS:
        return TOLERANCE_PP
    return TOLERANCE_RELATIVE * abs(float(value))


def target_interval(value, bound, lower, upper, direction) -> tuple[float, float]:
    """The signed values a target allows: 下降2.5%以上 (min, down) is (−inf, −2.5]."""
    down = direction == "down"
    v = signed(value, direction)
    if bound == "range" and not (pd.isna(lower) or pd.isna(upper)):
        a, b = signed(lower, direction), signed(upper, direction)
        return (min(a, b), max(a, b))
    if bound == "min":  # at least v in magnitude
        return (-_INF, v) if down else (v, _INF)
    if bound == "max":  # at most v in magnitude
        return (v, _INF) if down else (-_INF, v)
    return (v, v)


def is_ceiling(good_direction: str, target_direction: str, bound: str) -> bool:
    """A cap on something bad: CPI 涨幅3%左右, 失业率5.5%左右, …以内 (not a decline target)."""
    return good_direction == "down" and target_direction != "down" and bound in ("approx", "exact", "max")


def met_zone(*, target_value, target_bound, target_lower=None, target_upper=None,
             target_direction="", unit="", good_direction="up") -> tuple[float, float]:
    """The signed results that meet the target (ends included; ±inf when open)."""
    lo, hi = target_interval(target_value, target_bound, target_lower, target_upper, target_direction)
    tol = tolerance_for(target_value, unit)
    if is_ceiling(good_direction, target_direction, target_bound):
        return (-_INF, hi + (0.0 if target_bound == "max" else tol))
    if target_bound in ("approx", "exact"):
        return (lo - tol, hi + tol)
    if target_bound == "range":
        return (lo, hi)
    # One-sided: read in the good direction, a floor is met up to the tolerance above it.
    down = good_direction == "down"
    floor = -hi if down else lo
    if floor == -_INF:  # a cap in the good direction: met anywhere up to it
        return (lo, hi)
    return (-(floor + tol), -floor) if down else (floor, floor + tol)


def judge(*, target_value, target_bound, target_lower=None, target_upper=None, target_direction="",
          result_value=None, result_direction="", unit="", good_direction="up") -> str:
    """The verdict for one target and its result (rules in the module docstring): `met` inside
    the met zone, else `exceeded` or `missed` by the side it falls on in the good direction
    (a ceiling is never exceeded: its zone is open on the good side)."""
    r = signed(result_value, result_direction)
    if math.isnan(r):
        return NO_OUTCOME
    a, b = met_zone(target_value=target_value, target_bound=target_bound, target_lower=target_lower,
                    target_upper=target_upper, target_direction=target_direction, unit=unit,
                    good_direction=good_direction)
    if a <= r <= b:
        return MET
    better = r > b if good_direction != "down" else r < a
    return EXCEEDED if better else MISSED


class _Rows:
    """A report's figures as plain Python values, one list per column (the values of
    `astype(object)`), with the row filters and orders of helpers.analysis.compare done on
    lists: a scorecard reads a few dozen rows of each report, and every filter, sort and row
    of a pandas frame costs far more than the rows it keeps (a panel judges thousands of pairs)."""

    def __init__(self, columns: dict[str, list], n: int):
        self.n, self._columns = n, columns

    @classmethod
    def of_frame(cls, figures: pd.DataFrame) -> _Rows:
        return cls({name: figures[name].tolist() for name in figures.columns}, len(figures))

    @classmethod
    def of_arrow(cls, table) -> _Rows:
        """From an Arrow table of the figures (a panel's part), with the values `tolist()` of
        its pandas frame gives: a missing integer is pd.NA, a missing number or text NaN (a
        note may print one: `only a figure over <NA>–2019`)."""
        import pyarrow as pa

        columns = {}
        for name, column in zip(table.column_names, table.columns, strict=True):
            values = column.to_pylist()
            if column.null_count:
                missing = pd.NA if pa.types.is_integer(column.type) else math.nan
                values = [missing if v is None else v for v in values]
            columns[name] = values
        return cls(columns, table.num_rows)

    def __getitem__(self, name: str) -> list:
        return self._columns[name]

    def row(self, i: int) -> dict:
        return {name: values[i] for name, values in self._columns.items()}

    def where(self, kind: str, period: str | tuple[str, ...]) -> list[int]:
        kinds, periods = self["kind"], self["period"]
        wanted = (period,) if isinstance(period, str) else period
        return [i for i in range(self.n) if kinds[i] == kind and periods[i] in wanted]

    def by_position(self, rows: list[int]) -> list[int]:
        """`sort_values("char_start", kind="stable")`: missing positions last."""
        at = self["char_start"]
        return sorted(rows, key=lambda i: (1, 0) if _missing(at[i]) else (0, at[i]))

    def of_year(self, rows: list[int], year: int) -> list[int]:
        ref = self["ref_year"]
        return [i for i in rows if not _missing(ref[i]) and ref[i] == year]

    def targets(self, year: int) -> list[int]:
        """compare.targets_of: this year's targets, the headline ones first, then in text order."""
        rows = self.of_year(self.where("target", "year"), year)
        headline, at = self["is_headline"], self["char_start"]
        return sorted(rows, key=lambda i: ((1, 0) if _missing(headline[i]) else (0, not headline[i]),
                                           (1, 0) if _missing(at[i]) else (0, at[i])))

    def results(self, year: int, rows: list[int] | None = None) -> list[int]:
        """compare.results_of: results for year − 1, in text order (among `rows`, if given)."""
        kinds, periods = self["kind"], self["period"]
        rows = self.where("result", "year") if rows is None else \
            [i for i in rows if kinds[i] == "result" and periods[i] == "year"]
        return self.by_position(self.of_year(rows, year - 1))

    def held(self, year: int) -> list[int]:
        """held_each_year: levels held in every year of a span that includes `year`."""
        start, end = self["period_start"], self["period_end"]
        rows = [i for i in self.where("result", "each_year")
                if not _missing(start[i]) and start[i] <= year and not _missing(end[i]) and end[i] >= year]
        return self.by_position(rows)


class _Lookup:
    """compare.ResultLookup on _Rows: the first result of an (indicator, measure), one in the
    target's unit first."""

    def __init__(self, figures: _Rows, rows: list[int]):
        self._figures = figures
        self._rows: dict[tuple, list[int]] = {}
        indicator, measure = figures["indicator"], figures["measure"]
        for i in rows:
            self._rows.setdefault((indicator[i], measure[i]), []).append(i)

    def best(self, target: dict) -> dict | None:
        rows = self._rows.get((target["indicator"], target["measure"]))
        if not rows:
            return None
        units = self._figures["unit"]
        same_unit = [i for i in rows if units[i] == target["unit"]]
        return self._figures.row((same_unit or rows)[0])


def scorecard(targets_figures: pd.DataFrame, outcomes_figures: pd.DataFrame, *,
              registered_only: bool = True) -> pd.DataFrame:
    """One row per targeted indicator of report N (year N), judged on report N+1's result.

    Columns: SCORECARD_FRAME_COLUMNS (they include every column helpers.output.tables.scorecard_latex
    needs). Both quotes and figure_ids are kept for citation. `registered_only=False` also
    lists indicators outside the registry too, as `not judged` (they have no good direction).
    Rows for CORE_INDICATORS that report N did not target follow, as `no target set`."""
    return scorecard_frame(_judged(_Rows.of_frame(targets_figures), _Rows.of_frame(outcomes_figures),
                                   registered_only))


def scorecard_of_arrow(targets_figures, outcomes_figures, *, registered_only: bool = True) -> pd.DataFrame:
    """`scorecard` of two reports' figures as Arrow tables (a panel's parts), the same frame
    without making a pandas frame of either."""
    return scorecard_frame(_judged(_Rows.of_arrow(targets_figures), _Rows.of_arrow(outcomes_figures),
                                   registered_only))


def _one_report(figures: _Rows, what: str) -> tuple[str, str, int]:
    if not figures.n:
        raise ParameterError(f"the {what} report has no figures")
    keys = list(dict.fromkeys(zip(figures["region"], figures["report_year"], strict=True)))
    if len(keys) != 1:
        found = ", ".join(f"{r} {y}" for r, y in keys)
        raise ParameterError(f"the {what} figures must come from one report, found {found}")
    return str(keys[0][0]), str(figures["region_zh"][0]), int(keys[0][1])


def _judged(plan: _Rows, outcomes: _Rows, registered_only: bool) -> list[dict]:
    """The scorecard's rows (scorecard_frame makes the frame)."""
    region, region_zh, year = _one_report(plan, "targets")
    out_region, _, out_year = _one_report(outcomes, "outcomes")
    if out_region != region:
        raise ParameterError(f"targets are for {region} but outcomes for {out_region}: compare one region")
    if out_year != year + 1:
        raise ParameterError(
            f"the outcomes report must be the one after the targets report ({year + 1}), got {out_year}"
        )
    known = registry()
    found = find_region(region)
    code = found.code if found else region_code_of(region)
    targets, seen = [], set()
    for i in plan.targets(year):  # one per indicator and measure, the first in that order
        key = (plan["indicator"][i], plan["measure"][i])
        if key not in seen:
            seen.add(key)
            if not registered_only or key[0] in known:
                targets.append(plan.row(i))
    results = outcomes.results(out_year)
    # grouped once: a panel judges thousands of report pairs
    lookup, held_lookup = _Lookup(outcomes, results), _Lookup(outcomes, outcomes.held(year))
    why = _NoOutcomeWhy(outcomes, out_year)
    rows = []
    for t in targets:
        r, held = lookup.best(t), ""
        if r is None:  # 连续5年稳定在1100亿斤以上: a level held in every year, year N among them
            r = held_lookup.best(t)
            held = "" if r is None else f"held in every year {r['period_start']}–{r['period_end']}"
        good = known[t["indicator"]].good_direction if t["indicator"] in known else ""
        row = {
            "region_code": code, "region": region, "region_zh": region_zh, "target_year": year,
            "result_year": year,
            "indicator": t["indicator"], "indicator_en": t["indicator_en"],
            "indicator_zh": t["indicator_zh"], "measure": t["measure"], "unit": t["unit"],
            "unit_zh": t["unit_zh"], "good_direction": good,
            "is_ceiling": is_ceiling(good, t["direction"], t["bound"]),
            "target_value": t["value"], "target_bound": t["bound"], "target_lower": t["lower"],
            "target_upper": t["upper"], "target_direction": t["direction"],
            "target_is_headline": bool(t["is_headline"]), "target_text": t["text"],
            "target_quote": t["quote"], "target_figure_id": t["figure_id"],
            "tolerance": tolerance_for(t["value"], t["unit"]),
        }
        for col in ("value", "bound", "direction", "is_estimate", "text", "quote", "figure_id"):
            row[f"result_{col}"] = None if r is None else r[col]
        row["note"] = held
        if r is None:
            other, row["note"] = why(t["indicator"])
            row["verdict"], row["gap"] = (NOT_JUDGED if other else NO_OUTCOME), math.nan
        elif r["unit"] != t["unit"]:
            row["verdict"], row["gap"], row["note"] = NOT_JUDGED, math.nan, f"result in {r['unit'] or 'no unit'}"
        elif not good:
            row["verdict"], row["gap"], row["note"] = NOT_JUDGED, math.nan, "no good direction (not in the registry)"
        else:
            row["gap"] = signed(r["value"], r["direction"]) - signed(t["value"], t["direction"])
            row["verdict"] = judge(
                target_value=t["value"], target_bound=t["bound"], target_lower=t["lower"],
                target_upper=t["upper"], target_direction=t["direction"], result_value=r["value"],
                result_direction=r["direction"], unit=t["unit"], good_direction=good,
            )
        rows.append(row)
    targeted = {t["indicator"] for t in targets}
    for ind in CORE_INDICATORS:
        if ind not in targeted and ind in known:
            rows.append(_untargeted(known[ind], outcomes, results, (code, region, region_zh, year)))
    return rows


def held_each_year(figures: pd.DataFrame, year: int) -> pd.DataFrame:
    """Results of a level held in every year of a span (period each_year) that includes `year`."""
    r = figures[(figures["kind"] == "result") & (figures["period"] == "each_year")
                & figures["period_start"].le(year).fillna(False).astype(bool)
                & figures["period_end"].ge(year).fillna(False).astype(bool)]
    return r.sort_values("char_start", kind="stable")


class _NoOutcomeWhy:
    """Why report N+1 gives an indicator no result to judge its target on: (True, note) when it
    states the year's result only in another measure, (False, note) when only over several
    years, (False, "") when it is silent."""

    def __init__(self, outcomes: _Rows, year: int):
        self._figures = outcomes
        self._year = year
        self._rows: dict[str, list[int]] = {}
        indicator, kinds = outcomes["indicator"], outcomes["kind"]
        for i in range(outcomes.n):
            if kinds[i] == "result":
                self._rows.setdefault(indicator[i], []).append(i)

    def __call__(self, indicator: str) -> tuple[bool, str]:
        rows = self._rows.get(indicator)
        if not rows:
            return False, ""
        f = self._figures
        single = f.results(self._year, rows)
        if single:
            r = f.row(single[0])
            return True, f"result only as a {r['measure']} ({r['text']})"
        periods = f["period"]
        spans = [i for i in rows if periods[i] in ("average", "cumulative", "each_year")]
        if spans:
            r = f.row(spans[0])
            return False, f"only a figure over {r['period_start']}–{r['period_end']} ({r['text']}, {r['period']})"
        return False, ""


def _untargeted(ind, outcomes: _Rows, results: list[int], where: tuple) -> dict:
    """The row of a core indicator report N set no target for, with report N+1's outcome."""
    code, region, region_zh, year = where
    indicator, measure = outcomes["indicator"], outcomes["measure"]
    same = [i for i in results if indicator[i] == ind.code and measure[i] == ind.measure]
    r = outcomes.row(same[0]) if same else None
    row = dict.fromkeys(SCORECARD_FRAME_COLUMNS)
    row.update({
        "region_code": code, "region": region, "region_zh": region_zh, "target_year": year,
        "result_year": year, "indicator": ind.code, "indicator_en": ind.name_en,
        "indicator_zh": ind.name_zh, "measure": ind.measure, "unit": ind.unit, "unit_zh": "",
        "good_direction": ind.good_direction, "is_ceiling": False, "target_bound": "",
        "target_direction": "", "target_is_headline": False, "target_text": "", "target_quote": "",
        "target_figure_id": "", "gap": math.nan, "verdict": NO_TARGET,
        "note": "" if r is not None else "and no outcome stated",
    })
    for col in ("value", "bound", "direction", "is_estimate", "text", "quote", "figure_id"):
        row[f"result_{col}"] = None if r is None else r[col]
    return row


def verdict_counts(table: pd.DataFrame) -> pd.DataFrame:
    """How many targets got each verdict, every verdict listed (zeros included)."""
    counts = table["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)
    return counts.rename("targets").rename_axis("verdict").reset_index()
