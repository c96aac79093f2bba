"""Target achievement: report N's targets for year N judged against the results for year N
that report N+1 states (same region).

Matching (the rule of helpers.compare, across two reports): targets are figures with kind ==
'target' and ref_year == N, one per indicator (the headline target first, then the first in
the text); each is matched with a result of report N+1 (kind == 'result', ref_year == N) of the
same indicator AND the same measure, one with the target's unit first, then the first in the
text. By default only indicators of the registry (helpers.indicators) are judged: a verdict
needs the indicator's good direction, and an unregistered one has none.

Verdicts, with values signed (a decline, 下降3%, is −3) and read in the indicator's good
direction (registry `good_direction`; `down` for unemployment, CPI, energy intensity):

- `not stated`: report N+1 gives no result for the indicator and measure.
- `not comparable`: it gives one, in another unit.
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
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.errors import ParameterError

TOLERANCE_PP = 0.5
TOLERANCE_RELATIVE = 0.05
PERCENT_UNITS = ("percent", "pp")

MET, MISSED, EXCEEDED = "met", "missed", "exceeded"
NOT_STATED, NOT_COMPARABLE = "not stated", "not comparable"
VERDICTS = (MET, EXCEEDED, MISSED, NOT_STATED, NOT_COMPARABLE)

SCORECARD_FRAME_COLUMNS = (
    "region", "region_zh", "target_year", "result_year",
    "indicator", "indicator_en", "indicator_zh", "measure", "unit", "unit_zh",
    "good_direction", "is_ceiling",
    "target_value", "target_bound", "target_lower", "target_upper", "target_direction",
    "target_is_headline", "target_text", "target_quote", "target_figure_id",
    "result_value", "result_bound", "result_direction", "result_is_estimate", "result_text",
    "result_quote", "result_figure_id",
    "tolerance", "gap", "verdict",
)

_INF = math.inf


def tolerance_for(value: float, unit: str) -> float:
    """How far from an approx or exact target a result may be and still have met it."""
    if unit in PERCENT_UNITS:
        return TOLERANCE_PP
    return TOLERANCE_RELATIVE * abs(float(value))


def _signed(value, direction) -> float:
    if value is None or pd.isna(value):
        return math.nan
    return -float(value) if direction == "down" else float(value)


def target_interval(value, bound, lower, upper, direction) -> tuple[float, float]:
    """The signed values a target allows: 下降2.5%以上 (min, down) is (−inf, −2.5]."""
    down = direction == "down"
    v = _signed(value, direction)
    if bound == "range" and not (pd.isna(lower) or pd.isna(upper)):
        a, b = _signed(lower, direction), _signed(upper, direction)
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
    r = _signed(result_value, result_direction)
    if math.isnan(r):
        return NOT_STATED
    a, b = met_zone(target_value=target_value, target_bound=target_bound, target_lower=target_lower,
                    target_upper=target_upper, target_direction=target_direction, unit=unit,
                    good_direction=good_direction)
    if a <= r <= b:
        return MET
    better = r > b if good_direction != "down" else r < a
    return EXCEEDED if better else MISSED


def _one_report(figures: pd.DataFrame, what: str) -> tuple[str, str, int]:
    if figures.empty:
        raise ParameterError(f"the {what} report has no figures")
    keys = figures[["region", "report_year"]].drop_duplicates()
    if len(keys) != 1:
        found = ", ".join(f"{r} {y}" for r, y in keys.itertuples(index=False))
        raise ParameterError(f"the {what} figures must come from one report, found {found}")
    return str(keys.iloc[0]["region"]), str(figures["region_zh"].iloc[0]), int(keys.iloc[0]["report_year"])


def scorecard(targets_figures: pd.DataFrame, outcomes_figures: pd.DataFrame, *,
              registered_only: bool = True) -> pd.DataFrame:
    """One row per targeted indicator of report N (year N), judged on report N+1's result.

    Columns: SCORECARD_FRAME_COLUMNS (they include every column helpers.tables.scorecard_latex
    needs). Both quotes and figure_ids are kept for citation. `registered_only=False` also
    judges indicators outside the registry, taking their good direction as up."""
    from helpers.compare import _best_result, _results, _targets
    from helpers.indicators import registry

    region, region_zh, year = _one_report(targets_figures, "targets")
    out_region, _, out_year = _one_report(outcomes_figures, "outcomes")
    if out_region != region:
        raise ParameterError(f"targets are for {region} but outcomes for {out_region}: compare one region")
    if out_year != year + 1:
        raise ParameterError(
            f"the outcomes report must be the one after the targets report ({year + 1}), got {out_year}"
        )
    known = registry()
    targets = _targets(targets_figures, year).drop_duplicates(["indicator", "measure"], keep="first")
    if registered_only:
        targets = targets[targets["indicator"].isin(list(known))]
    results = _results(outcomes_figures, out_year)
    rows = []
    for _, t in targets.iterrows():
        r = _best_result(results, t)
        good = known[t["indicator"]].good_direction if t["indicator"] in known else "up"
        row = {
            "region": region, "region_zh": region_zh, "target_year": year, "result_year": year,
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
        if r is None:
            row["verdict"], row["gap"] = NOT_STATED, math.nan
        elif r["unit"] != t["unit"]:
            row["verdict"], row["gap"] = NOT_COMPARABLE, math.nan
        else:
            row["gap"] = _signed(r["value"], r["direction"]) - _signed(t["value"], t["direction"])
            row["verdict"] = judge(
                target_value=t["value"], target_bound=t["bound"], target_lower=t["lower"],
                target_upper=t["upper"], target_direction=t["direction"], result_value=r["value"],
                result_direction=r["direction"], unit=t["unit"], good_direction=good,
            )
        rows.append(row)
    return _frame(rows)


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(SCORECARD_FRAME_COLUMNS))
    for col in ("target_value", "target_lower", "target_upper", "result_value", "tolerance", "gap"):
        df[col] = pd.to_numeric(df[col]).astype("float64")
    for col in ("target_year", "result_year"):
        df[col] = df[col].astype("Int64")
    df["result_is_estimate"] = df["result_is_estimate"].astype("boolean")
    for col in ("is_ceiling", "target_is_headline"):
        df[col] = df[col].astype(bool)
    for col in ("result_bound", "result_direction", "result_text", "result_quote", "result_figure_id"):
        df[col] = df[col].fillna("").astype(str)
    return df


def verdict_counts(table: pd.DataFrame) -> pd.DataFrame:
    """How many targets got each verdict, every verdict listed (zeros included)."""
    counts = table["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)
    return counts.rename("targets").rename_axis("verdict").reset_index()


def scorecard_view(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The scorecard as a reader sees it: target and result cells as helpers.tables prints
    them (≈ ≥ ≤ bounds, † estimates, — none), the gap and the verdict."""
    from helpers.style import check_lang
    from helpers.tables import UNIT_LABELS, format_result, format_target

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


def format_gap(row) -> str:
    """Result minus target (signed): in percentage points for rates, in percent of the target
    for levels; empty when there is nothing to compare."""
    gap, target = row["gap"], row["target_value"]
    if pd.isna(gap):
        return ""
    if row["unit"] in PERCENT_UNITS:
        return f"{gap:+.1f} pp"
    if pd.isna(target) or target == 0:
        return ""
    return f"{gap / abs(target) * 100:+.1f}%"


@dataclass
class ScorecardRun:
    """Two reports of one region, one year apart, and the scorecard between them."""

    targets_report: object  # helpers.report.Report, year N
    outcomes_report: object  # helpers.report.Report, year N+1
    table: pd.DataFrame
    lang: str = "en"
    output_dir: Path | None = None  # None: show charts and tables only, write nothing

    @property
    def metas(self):
        return [self.targets_report.meta, self.outcomes_report.meta]

    @property
    def region_label(self) -> str:
        r = self.targets_report
        return (r.region_zh or r.region) if self.lang == "zh" else (r.region or r.region_zh)

    def reports_view(self) -> pd.DataFrame:
        """The two reports, one per row: role, region, year, file, sha256 (short), figures."""
        rows = []
        for role, r in (("targets", self.targets_report), ("outcomes", self.outcomes_report)):
            rows.append({"role": role, "region": r.region, "report_year": r.report_year,
                         "file": Path(r.source.path).name, "sha256": r.sha256[:12],
                         "figures": len(r.figures)})
        return pd.DataFrame(rows)

    def chart(self, stem: str, build, *args, **kwargs):
        """`build(*args, width=…, **kwargs)` shown at double-column width; with an output_dir,
        saved under figures/ at both journal widths (helpers.notebook.show_and_save_chart)."""
        from helpers.notebook import show_and_save_chart

        figures_dir = None if self.output_dir is None else self.output_dir / "figures"
        return show_and_save_chart(figures_dir, stem, build, *args, **kwargs)

    def export_tables(self) -> list[Path]:
        """scorecard.tex and scorecard.csv under output_dir/tables/ (none without output_dir)."""
        from helpers.tables import scorecard_csv, scorecard_latex, write_table

        if self.output_dir is None:
            return []
        folder = self.output_dir / "tables"
        year = int(self.targets_report.report_year)
        caption = f"{self.targets_report.region}: {year} targets and outcomes"
        return [
            write_table(folder / "scorecard.tex", scorecard_latex(
                self.table, caption=caption, label=f"tab:scorecard-{self.targets_report.region_code}-{year}")),
            write_table(folder / "scorecard.csv", scorecard_csv(self.table)),
        ]


DEFAULT_PAIR = ("national_2024.txt", "national_2025.txt")


def registered_pair(region: str, outcomes_year=None, root: Path | None = None) -> tuple[Path, Path]:
    """The files of `region`'s reports for years N (targets) and N+1 (outcomes) registered in
    data/raw/manifest.csv with `gwr add`; N+1 is the latest year that has its predecessor,
    unless `outcomes_year` says which. Each file is checked against its row's sha256 (an
    InputError when it changed since it was registered)."""
    from helpers.errors import ParameterError
    from helpers.manifest import load_manifest, registered_file
    from helpers.paths import RAW_DIR
    from helpers.titles import region_by_name

    root = RAW_DIR if root is None else Path(root)
    code = region_by_name(region).code
    rows = load_manifest(root)
    mine = rows[rows["region_code"] == code].to_dict("records")
    years = {int(row["report_year"]): row for row in mine}  # one row per year: checked on read
    candidates = [y for y in sorted(years, reverse=True) if y - 1 in years]
    if outcomes_year is not None:
        candidates = [y for y in candidates if y == int(outcomes_year)]
    if not candidates:
        have = ", ".join(str(y) for y in sorted(years)) or "none"
        raise ParameterError(
            f"data/raw/ has no two consecutive reports of {region} (registered years: {have}); "
            "add them with `gwr add FILE`"
        )
    year = candidates[0]
    return registered_file(years[year - 1], root), registered_file(years[year], root)


def notebook_start(targets_report=None, outcomes_report=None, lang: str = "en",
                   output_dir=None, region=None, outcomes_year=None) -> ScorecardRun:
    """Parameters of notebook 04 checked, both reports loaded, the scorecard built.

    The two reports are given as paths, or found by `region` (and `outcomes_year`) among the
    reports registered in data/raw/. None for both means the national pair of the development
    corpus (../shared/corpus/); paths resolve from the project root. Errors are one line."""
    from helpers.errors import InputError
    from helpers.notebook import display_path, resolve_path, setup_notebook
    from helpers.paths import SHARED_CORPUS
    from helpers.style import check_lang

    setup_notebook()
    check_lang(lang)
    if region and targets_report is None and outcomes_report is None:
        targets_report, outcomes_report = registered_pair(region, outcomes_year)
    paths = []
    for given, default in zip((targets_report, outcomes_report), DEFAULT_PAIR, strict=True):
        path = resolve_path(given, SHARED_CORPUS / default)
        if not path.is_file():
            if given is None:
                raise InputError(f"../shared/corpus/ not present: no {default}; pass targets_report "
                                 "and outcomes_report")
            raise InputError(f"{display_path(path)}: no such file")
        paths.append(path)
    run = score_reports(*paths)
    run.lang = lang
    run.output_dir = resolve_path(output_dir)
    return run


def score_reports(targets_path: str | Path, outcomes_path: str | Path, *,
                  registered_only: bool = True) -> ScorecardRun:
    """Load both reports (helpers.report.load_report) and build their scorecard."""
    from helpers.report import load_report

    targets_report = load_report(targets_path)
    outcomes_report = load_report(outcomes_path)
    table = scorecard(targets_report.figures, outcomes_report.figures, registered_only=registered_only)
    return ScorecardRun(targets_report, outcomes_report, table)
