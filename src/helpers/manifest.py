"""The raw-report manifest: data/raw/manifest.csv lists every registered input report.

data/raw/ is immutable: a report is copied there byte for byte as <region_code>_<year>.<ext> and
never changed afterwards; its row records where it came from and its sha256. Replacing a report
is a deliberate act (remove the row and the file), never a side effect of `gwr add`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from helpers import atomic
from helpers.errors import InputError, ParameterError
from helpers.ingest import read_report
from helpers.paths import RAW_DIR
from helpers.titles import MAX_YEAR, MIN_YEAR, detect_title, region_by_name

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = (
    "region",
    "region_zh",
    "region_code",
    "report_year",
    "title",
    "issuer_zh",
    "date_delivered",
    "source_url",
    "file",
    "sha256",
    "format",
    "encoding",
)


@dataclass(frozen=True)
class AddResult:
    entry: dict[str, str]  # the manifest row, as written
    path: Path  # the registered copy under data/raw/
    added: bool  # False when the same file was already registered
    notes: tuple[str, ...]  # where region and year came from, and any disagreeing evidence


def manifest_path(root: Path | None = None) -> Path:
    return Path(root or RAW_DIR) / MANIFEST_NAME


def _read_rows(root: Path | None) -> list[dict[str, str]]:
    path = manifest_path(root)
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != MANIFEST_COLUMNS:
            raise InputError(f"{path}: unexpected columns; expected {','.join(MANIFEST_COLUMNS)}")
        return list(reader)


def _write_rows(rows: list[dict[str, str]], root: Path | None) -> None:
    rows = sorted(rows, key=lambda r: (r["region_code"], int(r["report_year"]), r["file"]))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic.write_text(manifest_path(root), out.getvalue())


def load_manifest(root: Path | None = None):
    """The manifest as a DataFrame (report_year an integer, every other column a string; an empty
    table with the columns when nothing is registered)."""
    import pandas as pd

    frame = pd.DataFrame(_read_rows(root), columns=list(MANIFEST_COLUMNS))
    return frame.astype({"report_year": "int64"})


def lookup(region_code: str, year: int, root: Path | None = None) -> dict[str, str] | None:
    """The manifest row of one report, or None when it is not registered."""
    for row in _read_rows(root):
        if row["region_code"] == region_code and int(row["report_year"]) == int(year):
            return row
    return None


def lookup_sha256(sha256: str, root: Path | None = None) -> dict[str, str] | None:
    """The manifest row of the file with these bytes, or None."""
    for row in _read_rows(root):
        if row["sha256"] == sha256:
            return row
    return None


def _check_year(year: int | str) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise ParameterError(f"--year {year!r} is not a year such as 2025") from None
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise ParameterError(f"--year {value} is outside {MIN_YEAR}–{MAX_YEAR}")
    return value


def _check_date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ParameterError(f"--date {value!r} is not a date as YYYY-MM-DD") from None


def add_report(
    path: str | Path,
    region: str | None = None,
    year: int | str | None = None,
    url: str | None = None,
    title: str | None = None,
    date_delivered: str | None = None,
    root: Path | None = None,
) -> AddResult:
    """Copy a report into data/raw/ and record it in the manifest.

    Region and year come from the arguments, else from the text and file name (see
    titles.detect_title); without either, ParameterError. Registering the same bytes again is a
    no-op; a different file for a region and year already registered is an InputError."""
    root = Path(root or RAW_DIR)
    source = read_report(path)
    info = detect_title(source.text, source.path.name)
    notes: list[str] = []

    if region is not None:
        chosen = region_by_name(region)
        if info.region_code and info.region_code != chosen.code:
            notes.append(
                f"the text suggests {info.region} ({info.sources['region']}); using --region {chosen.name_en}"
            )
    elif info.region_code:
        chosen = region_by_name(info.region_code)
        notes.append(f"region {chosen.name_en} from {info.sources['region']}")
    else:
        raise ParameterError(
            f"{source.path.name}: cannot tell which region this report is for; give --region (e.g. --region 'Inner Mongolia')"
        )
    if year is not None:
        report_year = _check_year(year)
        if info.year and info.year != report_year:
            notes.append(
                f"the text suggests {info.year} ({info.sources['year']}); using --year {report_year}"
            )
    elif info.year:
        report_year = info.year
        notes.append(f"year {report_year} from {info.sources['year']}")
    else:
        raise ParameterError(
            f"{source.path.name}: cannot tell the report's year; give --year (e.g. --year 2025)"
        )
    if region is None and year is None:
        notes.extend(f"note: {c}" for c in info.conflicts)
    if url is not None and not re.match(r"^(https?|ftp)://\S+$", url):
        raise ParameterError(f"--url {url!r} is not an http(s) address")

    file_name = f"{chosen.code}_{report_year}.{source.format}"
    entry = {
        "region": chosen.name_en,
        "region_zh": chosen.name_zh,
        "region_code": chosen.code,
        "report_year": str(report_year),
        "title": title if title is not None else (info.title or ""),
        "issuer_zh": chosen.issuer_zh,
        "date_delivered": _check_date(date_delivered)
        if date_delivered
        else (info.date_delivered or ""),
        "source_url": url or "",
        "file": file_name,
        "sha256": source.sha256,
        "format": source.format,
        "encoding": source.encoding,
    }

    rows = _read_rows(root)
    for row in rows:
        same_report = row["region_code"] == chosen.code and row["report_year"] == str(report_year)
        if same_report and row["sha256"] == source.sha256:
            return AddResult(row, root / row["file"], False, tuple(notes))
        if same_report:
            raise InputError(
                f"{chosen.code} {report_year} is already registered as {row['file']} "
                f"(sha256 {row['sha256'][:12]}…), a different file (sha256 {source.sha256[:12]}…); "
                "nothing was changed — remove that manifest row and file first to replace it"
            )
        if row["sha256"] == source.sha256:
            raise InputError(
                f"{source.path.name} is already registered as {row['region_code']} {row['report_year']} "
                f"({row['file']}); nothing was changed"
            )

    target = root / file_name
    data = source.path.read_bytes()
    if hashlib.sha256(data).hexdigest() != source.sha256:
        raise InputError(f"{source.path}: the file changed while being read; try again")
    if target.exists() and target.read_bytes() != data:
        raise InputError(
            f"{target} exists, is not in the manifest and differs from {source.path.name}; nothing was changed"
        )
    if not target.exists():
        atomic.write_bytes(target, data)
    _write_rows([*rows, entry], root)
    return AddResult(entry, target, True, tuple(notes))
