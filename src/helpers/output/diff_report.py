"""`gwr diff` as a reader sees it: two dataset or panel folders compared (analysis.diff), a short
printed summary and the CSV of every figure that differs (analysis.diff.DIFF_COLUMNS).

Two datasets (one report each) must be versions of the same report — the same region and year;
two panels may hold different reports (added and removed ones show as such). A dataset is not
compared with a panel."""

from __future__ import annotations

from helpers.analysis.diff import DIFF_COLUMNS, FigureDiff, diff_figures
from helpers.errors import ParameterError
from helpers.output.folders import DATASET, DataFolder

MAX_QUOTE = 60


def compare_folders(old: DataFolder, new: DataFolder, *, positions: bool = False) -> FigureDiff:
    if old.kind != new.kind:
        raise ParameterError(f"OLD is a {old.kind} and NEW a {new.kind}: compare two datasets or two panels")
    if old.kind == DATASET and old.reports != new.reports:
        said = ", ".join(f"{r} {y}" for r, y in old.reports) or "no report"
        other = ", ".join(f"{r} {y}" for r, y in new.reports) or "no report"
        raise ParameterError(f"OLD is {said} but NEW is {other}: diff compares two versions of one dataset")
    return diff_figures(old.figures, new.figures, positions=positions)


def diff_csv_bytes(diff: FigureDiff) -> bytes:
    return diff.table[list(DIFF_COLUMNS)].to_csv(index=False, lineterminator="\n").encode("utf-8")


def _cut(text: str) -> str:
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1] + "…"


def summary_lines(old: DataFolder, new: DataFolder, diff: FigureDiff, *, limit: int = 20) -> list[str]:
    """The printed summary: both sides, the counts, then up to `limit` figures."""
    lines = [f"old: {old.path} ({old.describe()})", f"new: {new.path} ({new.describe()})",
             diff.summary() if diff.differs or any(diff.counts.values()) else "identical figures"]
    for row in diff.table.head(limit).itertuples(index=False):
        ids = row.new_figure_id or row.old_figure_id
        if row.old_figure_id and row.new_figure_id and row.old_figure_id != row.new_figure_id:
            ids = f"{row.old_figure_id} → {row.new_figure_id}"
        what = f"{row.indicator_zh or row.indicator} ({row.kind})"
        if row.change in ("changed", "moved"):
            lines.append(f"  {row.change:<8} {ids}  {what}: {row.details}")
            if row.old_quote != row.new_quote:
                lines.append(f"           “{_cut(row.old_quote)}” → “{_cut(row.new_quote)}”")
        else:
            quote = row.new_quote if row.change == "added" else row.old_quote
            lines.append(f"  {row.change:<8} {ids}  {what}: “{_cut(quote)}”")
    if len(diff.table) > limit:
        lines.append(f"  … and {len(diff.table) - limit} more (all of them in -o FILE.csv)")
    return lines
