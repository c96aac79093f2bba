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

from pathlib import Path
from typing import Any

import pandas as pd

from helpers import PROJECT_NAME, __version__
from helpers.analysis.diff import diff_figures
from helpers.metadata.columns import coerce
from helpers.output.figures_file import read_raw_figures


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
                   figures: pd.DataFrame) -> None:
    """Set `changes` and `history` of `descriptor` (in place) against `previous`."""
    version = descriptor["version"]
    if previous and previous.get("version") == version and isinstance(previous.get("changes"), dict):
        descriptor["changes"] = previous["changes"]
        descriptor["history"] = previous.get("history") or [previous["changes"]]
        return
    entry: dict[str, Any] = {"version": version, "figures": int(len(figures)), "tool": f"{PROJECT_NAME} {__version__}"}
    history: list[dict[str, Any]] = []
    if not previous:
        entry["why"] = "first version"
    elif previous.get("version") == version:
        entry["why"] = "history recorded from this version on"
    else:
        entry["previous"] = str(previous.get("version", ""))
        entry["why"] = why(previous, descriptor, schema)
        if old_figures is not None:
            entry.update(diff_figures(old_figures, figures).counts)
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
