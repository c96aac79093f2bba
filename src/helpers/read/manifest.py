"""The raw-report manifest: data/raw/manifest.csv lists every registered input report.

data/raw/ is immutable: a report is copied there byte for byte as <region_code>_<year>.<ext> and
never changed afterwards; its row records where it came from and its sha256. Replacing a report
is a deliberate act (remove the row and the file), never a side effect of `gwr add`.

The manifest is edited by hand too, so nothing in it is trusted: every read checks each row (a
known region, a year, a plain file name inside the folder, a real date, a checksum, a supported
format, no duplicates) and a row's file is checked against its sha256 before it is used. Any
problem is a one-line InputError naming the manifest and the line.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from helpers import atomic
from helpers.errors import InputError, ParameterError
from helpers.metadata.regions import region_by_name
from helpers.metadata.report_meta import MAX_YEAR, MIN_YEAR, is_iso_date
from helpers.paths import RAW_DIR
from helpers.read.sniff import SUPPORTED_FORMATS

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
    "retrieved_at",  # UTC time a report added by URL was fetched (YYYY-MM-DDTHH:MM:SSZ); else empty
)
# Manifests written before reports could be added by URL lack retrieved_at: still read.
LEGACY_COLUMNS = MANIFEST_COLUMNS[:-1]
# Hidden, so `gwr panel data/raw` does not take it for a report.
LOCK_NAME = ".manifest.lock"

_YEAR = re.compile(r"[0-9]{4}")  # as written: str(int), so string comparisons of years hold
_SHA256 = re.compile(r"[0-9a-f]{64}")  # hexdigest() is lowercase; lookups compare strings
_UTC_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
URL = re.compile(r"(https?|ftp)://\S+")
# The csv writer quotes \n but not a lone \r (lineterminator is \n), which the reader then takes
# for a line end and splits the row; NUL and other controls have no place in a title either.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CHUNK = 1 << 20


def manifest_path(root: Path | None = None) -> Path:
    return Path(root or RAW_DIR) / MANIFEST_NAME


def read_rows(root: Path | None) -> list[dict[str, str]]:
    """Every row of the manifest, each checked (see _row_problem); [] when there is none."""
    path = manifest_path(root)
    if not path.exists():
        return []
    rows: list[dict[str, str]] = []
    first_line: dict[tuple[str, str], int] = {}  # (what, value) → the line that has it
    for line, row in _parse(path, _decode(path)):
        problem = row_problem(row) or _duplicate(row, line, first_line)
        if problem:
            raise InputError(f"{path}: line {line}: {problem}")
        rows.append(row)
    return rows


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the manifest ({exc.strerror})") from None
    # A spreadsheet saving "CSV UTF-8" adds a byte-order mark; it is not part of the header.
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 at byte {start + exc.start} ({exc.reason}); "
            "save the manifest as UTF-8 or restore it"
        ) from None
    nul = text.find("\0")
    if nul >= 0:  # valid UTF-8, but never in a CSV written here: damaged or not text at all
        raise InputError(
            f"{path}: NUL byte at byte {start + len(text[:nul].encode())}; the manifest is "
            "damaged or not text — restore it from version control or a backup"
        )
    return text


def _parse(path: Path, text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) for each record; `line` is where the record starts (a quoted title may span
    lines). strict=True so that a stray or unclosed quote is an error, not a silently merged row."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = tuple(next(reader, ()))
        if header not in (MANIFEST_COLUMNS, LEGACY_COLUMNS):
            raise InputError(f"{path}: unexpected columns; expected {','.join(MANIFEST_COLUMNS)}")
        line = reader.line_num + 1
        for fields in reader:
            if fields:  # blank lines are skipped, as csv.DictReader does
                if len(fields) != len(header):
                    raise InputError(f"{path}: line {line}: {len(fields)} fields, expected {len(header)}")
                row = dict.fromkeys(MANIFEST_COLUMNS, "")
                row.update(zip(header, fields, strict=True))
                yield line, row
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"{path}: line {reader.line_num}: not valid CSV ({exc})") from None


def row_problem(row: dict[str, str]) -> str | None:
    """What is wrong with one row, in a few words; None when it is sound."""
    for column, value in row.items():
        if bad := _CONTROL.search(value):
            return f"{column} contains the control character U+{ord(bad.group()):04X}"
    code = row["region_code"]
    region = _region_or_none(code)
    if region is None or region.code != code:
        return f"region_code {code!r} is not a known region code such as inner_mongolia or national"
    named = _region_or_none(row["region"])
    if named is None or named.code != code:
        return f"region {row['region']!r} is not the region of region_code {code!r}"
    year = row["report_year"]
    if not (_YEAR.fullmatch(year) and MIN_YEAR <= int(year) <= MAX_YEAR):
        return f"report_year {year!r} is not a year in {MIN_YEAR}–{MAX_YEAR}"
    if not _is_plain_name(row["file"]):
        return (
            f"file {row['file']!r} is not a plain file name (no folder, '..' or leading '.'); "
            "a row can only point at a file beside the manifest"
        )
    if not _SHA256.fullmatch(row["sha256"]):
        return f"sha256 {row['sha256']!r} is not 64 lowercase hexadecimal digits"
    if row["format"] not in SUPPORTED_FORMATS:
        return f"format {row['format']!r} is not one of {', '.join(SUPPORTED_FORMATS)}"
    delivered = row["date_delivered"]
    if delivered and not is_iso_date(delivered):
        return f"date_delivered {delivered!r} is not a date as YYYY-MM-DD (or empty)"
    retrieved = row["retrieved_at"]
    if retrieved and not (_UTC_TIME.fullmatch(retrieved) and is_iso_date(retrieved[:10])):
        return f"retrieved_at {retrieved!r} is not a UTC time as YYYY-MM-DDTHH:MM:SSZ (or empty)"
    return None


# Each of these identifies one report: a second row with the same value is a duplicate.
_UNIQUE = {
    "region_code and report_year": lambda row: f"{row['region_code']} {row['report_year']}",
    "sha256": lambda row: row["sha256"],
    "file": lambda row: row["file"],
}


def _duplicate(row: dict[str, str], line: int, first_line: dict[tuple[str, str], int]) -> str | None:
    for what, key in _UNIQUE.items():
        first = first_line.setdefault((what, key(row)), line)
        if first != line:
            return (
                f"same {what} as line {first} ({key(row)[:40]}); a report is registered once — "
                "remove one of the two rows"
            )
    return None


def _region_or_none(name: str):
    try:
        return region_by_name(name)
    except ParameterError:
        return None


def _is_plain_name(name: str) -> bool:
    # "/" and "\\" rule out folders and absolute paths on any system, a leading "." rules out
    # "..", "." and hidden files, ":" a Windows drive ("C:x").
    return bool(name) and not name.startswith(".") and not any(c in name for c in "/\\:")


def registered_file(row: dict[str, str], root: Path | None = None) -> Path:
    """The copy under data/raw/ that a manifest row points at, once its bytes are checked
    against the row's sha256: data/raw/ is immutable, and a changed copy would be analysed and
    cited as the report that was registered."""
    path = Path(root or RAW_DIR) / row["file"]
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    except FileNotFoundError:
        raise InputError(
            f"{path} is missing, though {manifest_path(root)} lists it as "
            f"{row['region_code']} {row['report_year']}; restore it, or remove its manifest row"
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    if digest.hexdigest() != row["sha256"]:
        raise InputError(
            f"{path} changed since it was registered (sha256 {digest.hexdigest()[:12]}…, "
            f"the manifest says {row['sha256'][:12]}…); restore the original, or remove its "
            "manifest row and the file and add it again"
        )
    return path


def write_rows(rows: list[dict[str, str]], root: Path | None) -> None:
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

    frame = pd.DataFrame(read_rows(root), columns=list(MANIFEST_COLUMNS))
    return frame.astype({"report_year": "int64"})


def lookup(region_code: str, year: int, root: Path | None = None) -> dict[str, str] | None:
    """The manifest row of one report, or None when it is not registered."""
    for row in read_rows(root):
        if row["region_code"] == region_code and int(row["report_year"]) == int(year):
            return row
    return None


def lookup_sha256(sha256: str, root: Path | None = None) -> dict[str, str] | None:
    """The manifest row of the file with these bytes, or None."""
    for row in read_rows(root):
        if row["sha256"] == sha256:
            return row
    return None


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the manifest's exclusive lock. Each `gwr add` reads the manifest, copies the file
    and rewrites the manifest; two at once would each write the rows they read, and one row
    would be lost. Readers need no lock: the manifest is replaced atomically."""
    import fcntl  # POSIX only; here, so that reading the manifest works anywhere

    lock = root / LOCK_NAME
    try:
        root.mkdir(parents=True, exist_ok=True)
        fh = open(lock, "a")
    except OSError as exc:
        raise InputError(f"{lock}: cannot open the manifest lock ({exc.strerror})") from None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX)  # released when the file is closed
        except OSError as exc:
            raise InputError(f"{lock}: cannot lock the manifest ({exc.strerror})") from None
        yield


