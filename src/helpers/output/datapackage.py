"""datapackage.json: a Frictionless Data Package descriptor for a figures dataset (one report
or a panel of several), so that any Frictionless tool can load and validate figures.csv.

Decisions (the why of each field):
- `version` is the *data* version, semantic, not the software's. `next_version()` bumps it
  from the previous descriptor of the same folder: major when a column is removed or changes
  type, minor when a column is added, patch when only the content of figures.csv changed
  (its sha256 differs), unchanged otherwise. A first package is 1.0.0. So re-running on the
  same input rewrites the same bytes, and a consumer can tell a fix from a reshape.
- `created` is the delivery date of the newest source report (`YYYY-MM-DDT00:00:00Z`), not
  the time of the run: outputs must be byte-for-byte reproducible, and the data cannot be
  older than their source. It is left out when no delivery date is known.
- `licenses` covers the derived data: CC-BY-4.0, attribution to gwr-figures contributors.
  The reports themselves are official documents of state organs, which Article 5 of the
  Copyright Law of the People's Republic of China leaves outside copyright; the `text` and
  `quote` columns reproduce them verbatim. The description says so.
- `sources` lists each report (title, issuer, date, URL, sha256 of the text extracted), so a
  reader can check they hold the same text.
- One resource, `figures`, whose Table Schema is generated from helpers.metadata.columns.FIGURE_COLUMNS
  (the same definition behind pandera and the README's data dictionary): required columns get
  `constraints.required`, categorical ones `constraints.enum`, `figure_id` is the primary key.
  Its `hash` is `sha256:` + the sha256 of figures.csv as written: pass those bytes
  (`csv_bytes`) or let `figures_csv_bytes()` serialise the table the canonical way.
- `changes` and `history` keep the version history: what changed against the previous version
  (figures changed, added, removed, moved) and why (the rule that bumped it, the reports added
  or re-read); helpers.output.versions. Unchanged at an unchanged version, so the same input
  still gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import PROJECT_NAME
from helpers.atomic import write_text
from helpers.errors import InputError
from helpers.metadata.columns import FIGURE_COLUMNS, coerce
from helpers.metadata.layout import CHANGELOG_MD, DATAPACKAGE_JSON, FIGURES_CSV, canonical_json
from helpers.metadata.report_meta import TITLE_EN, ReportMeta, year_span
from helpers.output.versions import (
    changelog_markdown,
    previous_figures,
    record_changes,
    schema_changes,
)

DESCRIPTOR_NAME = DATAPACKAGE_JSON
FIGURES_RESOURCE = "figures"
FIGURES_PATH = FIGURES_CSV
FIRST_VERSION = "1.0.0"
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
SOURCE_TEXT_NOTE = (
    "The government work reports are official documents of state organs, which Article 5 of "
    "the Copyright Law of the People's Republic of China excludes from copyright protection; "
    "the `text` and `quote` columns reproduce them verbatim. The derived data (every other "
    f"column and their arrangement) are licensed CC-BY-4.0 by {PROJECT_NAME} contributors."
)
KEYWORDS = ["China", "government work report", "政府工作报告", "economic targets", "official statistics"]


def table_schema() -> dict[str, Any]:
    """The Frictionless Table Schema of figures.csv, from helpers.metadata.columns.FIGURE_COLUMNS."""
    fields = []
    for column in FIGURE_COLUMNS:
        constraints: dict[str, Any] = {}
        if column.required:
            constraints["required"] = True
        if column.categories:
            constraints["enum"] = list(column.categories)
        field: dict[str, Any] = {"name": column.name, "type": column.dtype, "description": column.description}
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"fields": fields, "primaryKey": ["figure_id"], "missingValues": [""]}


def figures_csv_bytes(figures_df) -> bytes:
    """figures.csv as canonical bytes: schema column order and dtypes, UTF-8, `\\n` line ends."""
    return coerce(figures_df).to_csv(index=False, lineterminator="\n").encode("utf-8")


def content_hash(csv_bytes: bytes) -> str:
    """The resource hash in Data Package form: `sha256:<hex>`."""
    return "sha256:" + hashlib.sha256(csv_bytes).hexdigest()


@dataclass(frozen=True)
class CsvDigest:
    """What the descriptor says of figures.csv: its size and hash (`sha256:<hex>`), for a file
    written in pieces (a panel's) as for bytes at hand."""

    size: int
    hash: str

    @classmethod
    def of(cls, csv_bytes: bytes) -> CsvDigest:
        return cls(len(csv_bytes), content_hash(csv_bytes))


def _parse_version(text: str) -> tuple[int, int, int]:
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", str(text))
    if not match:
        raise InputError(f"previous datapackage version {text!r} is not MAJOR.MINOR.PATCH")
    major, minor, patch = (int(g) for g in match.groups())
    return major, minor, patch


def _figures_resource(descriptor: dict[str, Any]) -> dict[str, Any]:
    for resource in descriptor.get("resources", []):
        if resource.get("name") == FIGURES_RESOURCE:
            return resource
    return {}


def _schema_changes(previous: dict[str, Any], new_schema: dict[str, Any] | None) -> tuple[list[str], list[str]]:
    """(columns removed or retyped, columns added) since the previous descriptor."""
    old_fields = {f["name"]: f.get("type") for f in _figures_resource(previous).get("schema", {}).get("fields", [])}
    new_fields = {f["name"]: f.get("type") for f in (new_schema or table_schema())["fields"]}
    return schema_changes(old_fields, new_fields)


def next_version(previous: dict[str, Any] | None, new_content_hash: str,
                 new_schema: dict[str, Any] | None = None) -> str:
    """The data version for a package whose figures.csv hashes to `new_content_hash`.

    major+1 when a column of the previous schema is gone or changed type, minor+1 when
    columns were only added, patch+1 when only the content changed, same version when
    nothing changed; 1.0.0 when there is no previous descriptor."""
    if not previous:
        return FIRST_VERSION
    major, minor, patch = _parse_version(previous.get("version", ""))
    gone, added = _schema_changes(previous, new_schema)
    if gone:
        return f"{major + 1}.0.0"
    if added:
        return f"{major}.{minor + 1}.0"
    if _figures_resource(previous).get("hash") != new_content_hash:
        return f"{major}.{minor}.{patch + 1}"
    return f"{major}.{minor}.{patch}"


def _source(meta: ReportMeta) -> dict[str, Any]:
    source: dict[str, Any] = {
        "title": f"{meta.issuer_zh}：《{meta.title}》（{meta.report_year}年） — {meta.issuer_en}, "
                 f"{TITLE_EN} {meta.report_year}",
        "issuer_zh": meta.issuer_zh,
        "issuer_en": meta.issuer_en,
        "region": meta.region,
        "region_zh": meta.region_zh,
        "report_year": meta.report_year,
    }
    if meta.date_delivered:
        source["date_delivered"] = meta.date_delivered
    if meta.source_url:
        source["path"] = meta.source_url
    if meta.sha256:
        source["sha256"] = meta.sha256
    return source


def build_datapackage(meta_list: ReportMeta | Sequence[ReportMeta], figures_df, version: str,
                      *, csv_bytes: bytes | None = None, csv_digest: CsvDigest | None = None,
                      present: set[tuple[str, int]] | None = None) -> dict[str, Any]:
    """The descriptor of a dataset folder holding figures.csv, for one report or a panel.

    `csv_bytes` are the bytes of figures.csv as written (default: `figures_csv_bytes(df)`), or
    `csv_digest` their size and hash. Every (region, report_year) in the figures (or in
    `present`, when the figures are not at hand: `figures_df` None) must have its ReportMeta."""
    metas = [meta_list] if isinstance(meta_list, ReportMeta) else list(meta_list)
    if not metas:
        raise InputError("a data package needs the metadata of at least one report")
    metas.sort(key=lambda m: (m.report_year, m.region_code))
    _parse_version(version)
    known = {(m.region, m.report_year) for m in metas}
    if present is None and figures_df is not None and len(figures_df):
        present = {(str(r), int(y)) for r, y in zip(figures_df["region"], figures_df["report_year"], strict=True)}
    if present:
        unknown = sorted(present - known)
        if unknown:
            region, year = unknown[0]
            raise InputError(f"figures of {region} {year} have no report metadata for the data package")
    if csv_digest is None:
        csv_digest = CsvDigest.of(csv_bytes if csv_bytes is not None else figures_csv_bytes(figures_df))

    if len(metas) == 1:
        m = metas[0]
        name = f"{PROJECT_NAME}-{m.region_code.replace('_', '-')}-{m.report_year}"
        title = f"Quantitative figures of the {m.report_year} {TITLE_EN} of {m.region} ({m.region_zh})"
    else:
        name = f"{PROJECT_NAME}-panel"
        title = f"Quantitative figures of {len(metas)} government work reports, {year_span(metas)}"

    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": (
            "Every quantitative figure stated in the report(s): results of the past year, targets "
            "for the plan year and context figures, each with indicator, unit, bound, the exact "
            f"quote and its position in the source text. Extracted with {PROJECT_NAME}. "
            + SOURCE_TEXT_NOTE
        ),
        "version": version,
        "keywords": KEYWORDS,
        "licenses": [DATA_LICENSE],
        "sources": [_source(m) for m in metas],
        "contributors": [{"title": f"{PROJECT_NAME} contributors", "role": "author"}],
        "resources": [
            {
                "name": FIGURES_RESOURCE,
                "path": FIGURES_PATH,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": csv_digest.size,
                "hash": csv_digest.hash,
                "schema": table_schema(),
            }
        ],
    }
    dates = sorted(m.date_delivered for m in metas if m.date_delivered)
    if dates:
        descriptor["created"] = f"{dates[-1]}T00:00:00Z"
    return descriptor


def descriptor_json(descriptor: dict[str, Any]) -> str:
    """Deterministic text: sorted keys, UTF-8 (no \\u escapes), two-space indent, final newline."""
    return canonical_json(descriptor)


def write_datapackage(folder: Path, descriptor: dict[str, Any]) -> Path:
    """Write folder/datapackage.json atomically; return its path."""
    path = Path(folder) / DESCRIPTOR_NAME
    write_text(path, descriptor_json(descriptor))
    return path


def read_datapackage(folder: Path) -> dict[str, Any] | None:
    """The descriptor already in `folder`, or None when there is none."""
    path = Path(folder) / DESCRIPTOR_NAME
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read the previous {path} ({exc}); it carries the dataset's version "
                         "history: restore it, or move the folder away to start a new history") from None
    if not isinstance(data, dict):
        raise InputError(f"{path} is not a JSON object; it carries the dataset's version history: "
                         "restore it, or move the folder away to start a new history")
    return data


def update_datapackage(folder: Path, meta_list: ReportMeta | Sequence[ReportMeta], figures_df,
                       *, csv_bytes: bytes | None = None,
                       previous_folder: Path | None = None, csv_digest: CsvDigest | None = None,
                       figure_count: int | None = None, present: set[tuple[str, int]] | None = None,
                       diff_counts: Callable[[Path], dict[str, int] | None] | None = None) -> dict[str, Any]:
    """Build and write folder/datapackage.json, versioned against the previous descriptor,
    with its version history (`changes`, `history`: helpers.output.versions).

    The previous descriptor is read from `previous_folder` (default: `folder`). Inside
    `atomic.staged_dir(final)` the stage starts empty, so pass `previous_folder=final` there.
    A table written in pieces (a panel's) is not at hand: `figures_df` None, with the CSV's
    `csv_digest`, its `figure_count`, the (region, report_year) keys `present` in it (or None:
    all have metadata) and `diff_counts(previous folder)`, its differences from the previous
    version's table (None when that cannot be read)."""
    if csv_digest is None:
        csv_digest = CsvDigest.of(csv_bytes if csv_bytes is not None else figures_csv_bytes(figures_df))
    before = previous_folder if previous_folder is not None else folder
    previous = read_datapackage(before)
    version = next_version(previous, csv_digest.hash)
    descriptor = build_datapackage(meta_list, figures_df, version, csv_digest=csv_digest, present=present)
    bumped = previous is not None and previous.get("version") != version
    counts = None
    if bumped and figures_df is None and diff_counts is not None:
        counts = diff_counts(Path(before))
    record_changes(descriptor, previous, schema=_schema_changes(previous, None) if previous else ([], []),
                   old_figures=previous_figures(before) if bumped and figures_df is not None else None,
                   figures=figures_df, figure_count=figure_count, counts=counts)
    write_datapackage(folder, descriptor)
    write_text(Path(folder) / CHANGELOG_MD, changelog_markdown(descriptor))
    return descriptor
