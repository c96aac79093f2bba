"""What changed between two versions of a figures table (a dataset or a panel): figures added,
removed and changed, for `gwr diff` and for the version history of datapackage.json.

Matching: by figure_id, which survives edits elsewhere in the report. A figure whose own words
were edited (6%左右 → 5%左右) gets a new figure_id; so a removed and an added figure of the same
report, paragraph, indicator, measure and kind are paired, in text order, as one *changed*
figure whose changed fields include `figure_id`.

Fields: every column of the figures table is compared (text exactly, numbers exactly, missing
equal to missing). The position columns (paragraph, char_start, char_end) are apart: an edit
earlier in the text moves every later figure without changing it, so a figure whose only
differences are positions is *moved*, not changed — counted, and listed only when asked
(`positions=True`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from helpers.metadata.columns import COLUMN_NAMES, coerce

ADDED, REMOVED, CHANGED, MOVED = "added", "removed", "changed", "moved"
CHANGES = (CHANGED, ADDED, REMOVED, MOVED)
POSITION_FIELDS = ("paragraph", "char_start", "char_end")
CONTENT_FIELDS = tuple(c for c in COLUMN_NAMES if c not in POSITION_FIELDS)
PAIR_KEY = ("region", "report_year", "paragraph", "indicator", "measure", "kind")
DIFF_COLUMNS = (
    "change", "old_figure_id", "new_figure_id", "region", "report_year", "kind", "indicator",
    "indicator_zh", "measure", "fields", "old_text", "new_text", "old_value", "new_value",
    "old_quote", "new_quote", "details",
)


def _same(a, b) -> bool:
    missing_a = a is None or a is pd.NA or (isinstance(a, float) and math.isnan(a))
    missing_b = b is None or b is pd.NA or (isinstance(b, float) and math.isnan(b))
    if missing_a or missing_b:
        return missing_a and missing_b
    return a == b


def _shown(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "(empty)"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return "(empty)" if value == "" else str(value)


def changed_fields(old: dict, new: dict) -> list[str]:
    return [c for c in COLUMN_NAMES if not _same(old.get(c), new.get(c))]


def _row(change: str, old: dict | None, new: dict | None, fields: list[str]) -> dict:
    base = new if new is not None else old
    details = "; ".join(f"{f}: {_shown(old[f])} → {_shown(new[f])}" for f in fields
                        if f != "quote" and old is not None and new is not None)
    return {
        "change": change,
        "old_figure_id": old["figure_id"] if old else "", "new_figure_id": new["figure_id"] if new else "",
        "region": base["region"], "report_year": base["report_year"], "kind": base["kind"],
        "indicator": base["indicator"], "indicator_zh": base["indicator_zh"], "measure": base["measure"],
        "fields": "; ".join(fields),
        "old_text": old["text"] if old else "", "new_text": new["text"] if new else "",
        "old_value": old["value"] if old else math.nan, "new_value": new["value"] if new else math.nan,
        "old_quote": old["quote"] if old else "", "new_quote": new["quote"] if new else "",
        "details": details, "_at": base["char_start"],
    }


def _pairs(old_rest: list[dict], new_rest: list[dict]) -> list[tuple[dict, dict]]:
    """Unmatched old and new figures paired as edits of the same figure (see the docstring)."""
    groups: dict[tuple, list[dict]] = {}
    for row in sorted(old_rest, key=lambda r: r["char_start"]):
        groups.setdefault(tuple(row[k] for k in PAIR_KEY), []).append(row)
    pairs = []
    for row in sorted(new_rest, key=lambda r: r["char_start"]):
        waiting = groups.get(tuple(row[k] for k in PAIR_KEY))
        if waiting:
            pairs.append((waiting.pop(0), row))
    return pairs


@dataclass(frozen=True)
class FigureDiff:
    table: pd.DataFrame  # DIFF_COLUMNS, one row per figure listed
    counts: dict[str, int] = field(default_factory=dict)  # per change, moved ones always counted
    positions: bool = False  # moved figures listed and counted as differences

    @property
    def differs(self) -> bool:
        n = self.counts
        return bool(n[CHANGED] or n[ADDED] or n[REMOVED] or (self.positions and n[MOVED]))

    def summary(self) -> str:
        """`1 changed, 0 added, 0 removed` (+ moved ones: listed, or said to be left out)."""
        n = self.counts
        text = f"{n[CHANGED]} changed, {n[ADDED]} added, {n[REMOVED]} removed"
        if n[MOVED] and self.positions:
            return f"{text}, {n[MOVED]} moved"
        if n[MOVED]:
            return f"{text} ({n[MOVED]} only moved in the text: not listed, see --positions)"
        return text


def diff_figures(old: pd.DataFrame, new: pd.DataFrame, *, positions: bool = False) -> FigureDiff:
    """The figures that differ (a FigureDiff: its table sorted by region, report_year and
    position). Moved figures (only their positions differ) are listed when `positions`."""
    old_rows = {r["figure_id"]: r for r in coerce(old).to_dict("records")}
    new_rows = {r["figure_id"]: r for r in coerce(new).to_dict("records")}
    rows = []
    for fid in old_rows.keys() & new_rows.keys():
        fields = changed_fields(old_rows[fid], new_rows[fid])
        if not fields:
            continue
        content = [f for f in fields if f in CONTENT_FIELDS]
        if content:
            rows.append(_row(CHANGED, old_rows[fid], new_rows[fid], fields))
        elif positions:
            rows.append(_row(MOVED, old_rows[fid], new_rows[fid], fields))
        else:
            rows.append({"change": MOVED, "_hidden": True})
    old_rest = [r for f, r in old_rows.items() if f not in new_rows]
    new_rest = [r for f, r in new_rows.items() if f not in old_rows]
    paired = _pairs(old_rest, new_rest)
    for o, n in paired:
        rows.append(_row(CHANGED, o, n, changed_fields(o, n)))
    old_paired = {o["figure_id"] for o, _ in paired}
    new_paired = {n["figure_id"] for _, n in paired}
    rows += [_row(REMOVED, r, None, []) for r in old_rest if r["figure_id"] not in old_paired]
    rows += [_row(ADDED, None, r, []) for r in new_rest if r["figure_id"] not in new_paired]
    return _diff(rows, positions)


def _diff(rows: list[dict], positions: bool) -> FigureDiff:
    shown = [r for r in rows if not r.get("_hidden")]
    df = pd.DataFrame(shown, columns=[*DIFF_COLUMNS, "_at"])
    df["report_year"] = pd.to_numeric(df["report_year"]).astype("Int64")
    for col in ("old_value", "new_value"):
        df[col] = pd.to_numeric(df[col]).astype("float64")
    order = {c: i for i, c in enumerate(CHANGES)}
    df = df.assign(_order=df["change"].map(order))
    df = df.sort_values(["region", "report_year", "_at", "_order", "old_figure_id", "new_figure_id"],
                        kind="stable").drop(columns=["_at", "_order"]).reset_index(drop=True)
    counts = {c: sum(1 for r in rows if r["change"] == c) for c in CHANGES}
    return FigureDiff(df, counts, positions)
