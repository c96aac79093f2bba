"""`gwr add FILE`: register a report under data/raw/ — read it, identify it (the one resolver
of helpers.figures.identify), copy its bytes unchanged as <region_code>_<year>.<ext> and record
it in data/raw/manifest.csv, under the manifest's lock."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from helpers import atomic
from helpers.errors import InputError, ParameterError
from helpers.figures.identify import CLI_NAMES, Claims, gather_evidence, identify
from helpers.metadata.report_meta import is_iso_date
from helpers.paths import RAW_DIR
from helpers.read import manifest, read_report


@dataclass(frozen=True)
class AddResult:
    entry: dict[str, str]  # the manifest row, as written
    path: Path  # the registered copy under data/raw/
    added: bool  # False when the same file was already registered
    notes: tuple[str, ...]  # where region and year came from, and any disagreeing evidence


def _check_date(value: str) -> str:
    if not is_iso_date(value):
        raise ParameterError(f"--date {value!r} is not a date as YYYY-MM-DD")
    return value


def add_report(
    path: str | Path,
    region: str | None = None,
    year: int | str | None = None,
    *,
    url: str | None = None,
    title: str | None = None,
    date_delivered: str | None = None,
    root: Path | None = None,
    retrieved_at: str = "",
) -> AddResult:
    """Copy a report into data/raw/ and record it in the manifest.

    Region and year come from the arguments, else from the text and file name (a year the text
    contradicts is taken, with a note: registering is where a user corrects the text); without
    either, ParameterError. Registering the same bytes again is a no-op; a different file for a
    region and year already registered is an InputError. `retrieved_at`: when the file was fetched
    from `url` (pipeline.fetch), UTC."""
    root = Path(root or RAW_DIR)
    source = read_report(path)
    if year == "":
        raise ParameterError("--year '' is not a year such as 2025")
    if url is not None and not manifest.URL.fullmatch(url):  # re.match's $ would allow a trailing \n
        raise ParameterError(f"--url {url!r} is not an http(s) address")
    if date_delivered is not None:
        _check_date(date_delivered)
    claims = Claims(region=region, year=year, title=title, date_delivered=date_delivered, source_url=url)
    found = identify(source.path.name, gather_evidence(source.text, source.path.name), claims,
                     CLI_NAMES, year_conflict="note")
    meta = found.meta
    entry = {
        "region": meta.region,
        "region_zh": meta.region_zh,
        "region_code": meta.region_code,
        "report_year": str(meta.report_year),
        "title": found.title,
        "issuer_zh": meta.issuer_zh,
        "date_delivered": meta.date_delivered,
        "source_url": meta.source_url,
        "file": f"{meta.region_code}_{meta.report_year}.{source.format}",
        "sha256": source.sha256,
        "format": source.format,
        "encoding": source.encoding,
        "retrieved_at": retrieved_at,
    }
    problem = manifest.row_problem(entry)  # never write a row that reading would refuse
    if problem:
        raise ParameterError(f"{source.path.name}: cannot register it: {problem}")
    data = source.path.read_bytes()
    if hashlib.sha256(data).hexdigest() != source.sha256:
        raise InputError(f"{source.path}: the file changed while being read; try again")
    with manifest.locked(root):
        return _register(entry, data, source.path.name, root, found.notes)


def _register(
    entry: dict[str, str], data: bytes, name: str, root: Path, notes: tuple[str, ...]
) -> AddResult:
    """The read-modify-write of add_report; the caller holds the lock."""
    rows = manifest.read_rows(root)
    code, year, sha256 = entry["region_code"], entry["report_year"], entry["sha256"]
    for row in rows:
        same_report = row["region_code"] == code and row["report_year"] == year
        if same_report and row["sha256"] == sha256:
            return AddResult(row, manifest.registered_file(row, root), False, notes)
        if same_report:
            raise InputError(
                f"{code} {year} is already registered as {row['file']} "
                f"(sha256 {row['sha256'][:12]}…), a different file (sha256 {sha256[:12]}…); "
                "nothing was changed — remove that manifest row and file first to replace it"
            )
        if row["sha256"] == sha256:
            raise InputError(
                f"{name} is already registered as {row['region_code']} {row['report_year']} "
                f"({row['file']}); nothing was changed"
            )

    target = root / entry["file"]
    if target.exists() and target.read_bytes() != data:
        raise InputError(
            f"{target} exists, is not in the manifest and differs from {name}; nothing was changed"
        )
    if not target.exists():
        atomic.write_bytes(target, data)
    manifest.write_rows([*rows, entry], root)
    return AddResult(entry, target, True, notes)
