"""The version history of a data package: what changed against the previous version, and why.

datapackage.json carries two fields beside `version` (helpers.output.datapackage):

- `changes`: this version against the one before it — `version`, `previous`, `figures` (how
  many now), `changed` / `added` / `removed` / `moved` (figures, by analysis.diff: matched by
  figure_id; moved = only their position in the text differs), `why` (which rule bumped the
  version: columns removed or retyped → major, columns added → minor, content → patch; with
  the reports added, removed or whose text changed, or, the texts being the same, that the
  extraction changed) and `tool` (the gwr-figures version that wrote it).
- `history`: every version's `changes`, oldest first.

CHANGELOG.md beside it says the same for a reader (changelog_markdown), newest version first.

A package rewritten at the same version keeps both as they were, so the same input gives the
same bytes. The counts need the previous figures (figures.parquet or figures.csv beside the
previous descriptor); without them they are left out."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import PROJECT_NAME, __version__
from helpers.analysis.diff import CHANGES, diff_figures
from helpers.metadata.columns import COLUMN_NAMES, coerce
from helpers.output.figures_file import TEXT_DTYPES, figures_file, read_raw_figures


def schema_changes(old_fields: dict[str, str], new_fields: dict[str, str]) -> tuple[list[str], list[str]]:
    """(columns removed or retyped, columns added), as sorted names."""
    gone = sorted(n for n, kind in old_fields.items() if n not in new_fields or new_fields[n] != kind)
    added = sorted(set(new_fields) - set(old_fields))
    return gone, added


def previous_figures(folder: Path | None) -> pd.DataFrame | None:
    """The figures table beside the previous descriptor, or None when there is none readable."""
    if folder is None:
        return None
    try:
        raw = read_raw_figures(Path(folder))
        return None if raw is None else coerce(raw)
    except Exception:  # a damaged earlier file: the new version is still written, without counts
        return None


def _batches(path: Path, rows: int):
    """A stored figures table (figures_file) as coerced frames of at most `rows` rows."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=rows):
            yield coerce(batch.to_pandas())
    else:
        yield from (coerce(chunk) for chunk in pd.read_csv(path, keep_default_na=False, na_values=[""],
                                                            dtype=TEXT_DTYPES, chunksize=rows))


def diff_counts_by_year(old_folder: Path | None, new_table: Path, *, rows: int = 65_536) -> dict[str, int] | None:
    """`diff_figures(old, new).counts` of the table beside the previous descriptor and the
    figures file `new_table`, never holding either whole (a panel of thousands of reports):
    both are first sorted by report_year into temporary Arrow files, then compared one year
    at a time. The counts are those of the whole tables: a figure_id begins with its report's
    year and changed figures are paired within a report, so no figure is matched across
    years. None when there is no previous table, or it cannot be read."""
    import pyarrow as pa

    from helpers.output.panel_parts import figures_schema

    if old_folder is None or figures_file(Path(old_folder)) is None:
        return None
    schema = figures_schema()
    try:
        with tempfile.TemporaryDirectory(prefix=".gwr-diff-", dir=Path(new_table).parent) as tmp:
            writers: dict[tuple[str, Any], Any] = {}
            try:
                for side, path in (("old", figures_file(Path(old_folder))), ("new", Path(new_table))):
                    for frame in _batches(path, rows):
                        for year, part in frame[list(COLUMN_NAMES)].groupby("report_year", sort=False, dropna=False):
                            key = (side, None if pd.isna(year) else int(year))
                            if key not in writers:
                                sink = pa.OSFile(str(Path(tmp) / f"{side}-{key[1]}.arrow"), "wb")
                                writers[key] = (sink, pa.ipc.new_stream(sink, schema))
                            writers[key][1].write_table(pa.Table.from_pandas(part, schema=schema, preserve_index=False))
            finally:
                for sink, writer in writers.values():
                    writer.close()
                    sink.close()
            counts: Counter[str] = Counter()
            empty = schema.empty_table().to_pandas()
            for year in sorted({y for _, y in writers}, key=lambda y: (y is None, y or 0)):
                old, new = ((pa.ipc.open_stream(pa.memory_map(str(Path(tmp) / f"{side}-{year}.arrow"))).read_all()
                             .to_pandas() if (side, year) in writers else empty) for side in ("old", "new"))
                counts.update(diff_figures(old, new).counts)
    except Exception:  # a damaged earlier file: the new version is still written, without counts
        return None
    return {change: int(counts[change]) for change in CHANGES}


def _reports(descriptor: dict[str, Any]) -> dict[tuple[str, int], str]:
    return {(str(s.get("region", "")), int(s.get("report_year", 0))): str(s.get("sha256", ""))
            for s in descriptor.get("sources", [])}


def _named(keys) -> str:
    shown = [f"{region} {year}" for region, year in sorted(keys)]
    return ", ".join(shown[:5]) + (f" and {len(shown) - 5} more" if len(shown) > 5 else "")


def why(previous: dict[str, Any], descriptor: dict[str, Any], schema: tuple[list[str], list[str]]) -> str:
    """Why the version changed, in words (see the module docstring)."""
    gone, added = schema
    reasons = []
    if gone:
        reasons.append(f"columns removed or retyped: {', '.join(gone)} (major)")
    if added:
        reasons.append(f"columns added: {', '.join(added)} (minor)")
    old, new = _reports(previous), _reports(descriptor)
    if new.keys() - old.keys():
        reasons.append(f"reports added: {_named(new.keys() - old.keys())}")
    if old.keys() - new.keys():
        reasons.append(f"reports removed: {_named(old.keys() - new.keys())}")
    retexted = [k for k in old.keys() & new.keys() if old[k] and new[k] and old[k] != new[k]]
    if retexted:
        reasons.append(f"report text changed (sha256): {_named(retexted)}")
    if not gone and not added:
        if len(reasons) == 0:
            reasons.append("figures changed with the same report texts: the extraction changed")
        reasons[-1] += " (patch)"
    return "; ".join(reasons)


def record_changes(descriptor: dict[str, Any], previous: dict[str, Any] | None, *,
                   schema: tuple[list[str], list[str]], old_figures: pd.DataFrame | None,
                   figures: pd.DataFrame | None, figure_count: int | None = None,
                   counts: dict[str, int] | None = None) -> None:
    """Set `changes` and `history` of `descriptor` (in place) against `previous`. The counts
    come from diff_figures(old_figures, figures), or as `counts` when the table is not at hand
    (`figures` None and its `figure_count`: a panel written in pieces, diff_counts_by_year)."""
    version = descriptor["version"]
    if previous and previous.get("version") == version and isinstance(previous.get("changes"), dict):
        descriptor["changes"] = previous["changes"]
        descriptor["history"] = previous.get("history") or [previous["changes"]]
        return
    count = int(len(figures)) if figures is not None else int(figure_count or 0)
    entry: dict[str, Any] = {"version": version, "figures": count, "tool": f"{PROJECT_NAME} {__version__}"}
    history: list[dict[str, Any]] = []
    if not previous:
        entry["why"] = "first version"
    elif previous.get("version") == version:
        entry["why"] = "history recorded from this version on"
    else:
        entry["previous"] = str(previous.get("version", ""))
        entry["why"] = why(previous, descriptor, schema)
        if old_figures is not None and figures is not None:
            entry.update(diff_figures(old_figures, figures).counts)
        elif counts is not None:
            entry.update(counts)
        history = [h for h in previous.get("history", []) if isinstance(h, dict)]
    descriptor["changes"] = entry
    descriptor["history"] = [*history, entry]


_COUNTS = ("changed", "added", "removed", "moved")


def changelog_markdown(descriptor: dict[str, Any]) -> str:
    """The package's `history` as Markdown, newest version first; the same history, the same bytes."""
    title = descriptor.get("title") or descriptor.get("name") or "data package"
    lines = [f"# Changelog: {title}", "",
             "What changed in each version of these data, and why (from `history` in datapackage.json).", ""]
    for entry in reversed([h for h in descriptor.get("history", []) if isinstance(h, dict)]):
        head = f"## {entry.get('version', '?')}"
        if entry.get("previous"):
            head += f" (from {entry['previous']})"
        lines += [head, "", f"- why: {entry.get('why', '')}", f"- figures: {entry.get('figures', '')}"]
        counts = [f"{entry[k]} {k}" for k in _COUNTS if k in entry]
        if counts:
            lines.append("- against the previous version: " + ", ".join(counts))
        lines += [f"- written by: {entry.get('tool', '')}", ""]
    return "\n".join(lines)
