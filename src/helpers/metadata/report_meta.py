"""Which report is this: the one identity of a report, as every stage sees it.

`ReportMeta` is what identifies a report as a citable work — region, year, title, issuer, date
delivered, source URL and the sha256 of its text — and the content of the `report.json` written
beside every dataset. The reader (`load_report`), the manifest (`gwr add`), citations, chart
source lines and data packages all take it from here, so they cannot disagree."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from helpers.errors import InputError, ParameterError
from helpers.metadata.layout import canonical_json
from helpers.metadata.regions import NATIONAL, find_region

DEFAULT_TITLE = "政府工作报告"
TITLE_EN = "Government Work Report"
MIN_YEAR, MAX_YEAR = 1954, 2100  # the first 政府工作报告 was delivered in 1954
NATIONAL_ISSUER_ZH = "国务院"  # the national report is delivered for the State Council
NATIONAL_ISSUER_EN = "State Council of the People's Republic of China"


def parse_year(year, name: str = "year") -> int | None:
    """A report year from a parameter or a file (None or "" → None); `name` is how the caller
    calls the parameter in its error messages (--year, report_year …)."""
    if year is None or year == "":
        return None
    try:
        y = int(str(year).strip())
    except ValueError:
        raise ParameterError(f"{name} must be a four-digit year such as 2025, got {year!r}") from None
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise ParameterError(f"{name} {y} is outside {MIN_YEAR}–{MAX_YEAR}")
    return y


def is_iso_date(text) -> bool:
    """A real calendar date written YYYY-MM-DD (2025-13-45 and 20250115 are not)."""
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def region_code_of(region: str) -> str:
    """`Inner Mongolia` → `inner_mongolia` (ASCII letters and digits joined by `_`)."""
    code = re.sub(r"[^a-z0-9]+", "_", region.lower()).strip("_")
    return code or "unknown"


@dataclass(frozen=True)
class ReportMeta:
    """What identifies one report as a citable work.

    `title` is the report's own (Chinese) title; it defaults to 政府工作报告, the title every
    such report carries (the seed text does not print it). `issuer_zh`/`issuer_en` default to
    the region's People's Government as rules/regions.csv names it (国务院 / State Council for
    the national report). `date_delivered` is ISO `YYYY-MM-DD` when known, else empty.
    `sha256` is that of the input the figures were extracted from, so a reader can check they
    hold the same text. `region_code` (e.g. `inner_mongolia`) names the dataset folder and the
    BibTeX key; it is derived from `region` when empty.
    """

    region: str
    region_zh: str
    report_year: int
    title: str = DEFAULT_TITLE
    issuer_zh: str = ""
    issuer_en: str = ""
    date_delivered: str = ""
    source_url: str = ""
    sha256: str = ""
    region_code: str = ""

    def __post_init__(self):
        # Fill derived fields here so that every consumer (and report.json) sees them.
        set_ = object.__setattr__
        try:
            set_(self, "report_year", int(self.report_year))
        except (TypeError, ValueError):
            raise InputError(f"report_year must be a year such as 2025, got {self.report_year!r}") from None
        if not self.title:
            set_(self, "title", DEFAULT_TITLE)
        if not self.region_code:
            set_(self, "region_code", region_code_of(self.region))
        known = find_region(self.region_code) or find_region(self.region)
        national = self.region_code in (NATIONAL, "china")
        if not self.issuer_zh:
            fallback = NATIONAL_ISSUER_ZH if national else f"{self.region_zh}人民政府"
            set_(self, "issuer_zh", known.issuer_zh if known else fallback)
        if not self.issuer_en:
            fallback = NATIONAL_ISSUER_EN if national else f"People's Government of {self.region}"
            set_(self, "issuer_en", known.issuer_en if known else fallback)
        if self.date_delivered and not is_iso_date(self.date_delivered):
            raise InputError(f"date_delivered must be a date as YYYY-MM-DD, got {self.date_delivered!r}")

    def to_json(self) -> str:
        """report.json: deterministic (sorted keys, UTF-8 text, final newline)."""
        return canonical_json(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ReportMeta:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"report metadata is not valid JSON: {exc}") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReportMeta:
        if not isinstance(data, Mapping):
            raise InputError("report metadata must be a JSON object")
        missing = [k for k in ("region", "region_zh", "report_year") if k not in data]
        if missing:
            raise InputError(f"report metadata lacks {', '.join(missing)}")
        # Unknown keys are ignored so that a newer report.json still loads.
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def bibtex_key(self) -> str:
        return f"{self.region_code}_gwr_{self.report_year}"


def year_span(metas: Sequence[ReportMeta]) -> str:
    """`2024–2025`, or `2025` when every report is of one year."""
    years = sorted({m.report_year for m in metas})
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def metas_json(metas: Sequence[ReportMeta]) -> str:
    """report.json of a panel: the list of its reports' metadata."""
    return canonical_json([asdict(m) for m in metas])


def read_report_metas(path: Path) -> list[ReportMeta]:
    """Read a report.json: one object (one report) or a list of objects (a panel)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read report metadata {path}: {exc}") from None
    items = data if isinstance(data, list) else [data]
    return [ReportMeta.from_dict(item) for item in items]


def meta_from_figure(figure: Mapping[str, Any]) -> ReportMeta:
    """Minimal metadata from a figure row alone (when no report.json is at hand)."""
    return ReportMeta(
        region=str(figure["region"]), region_zh=str(figure["region_zh"]), report_year=figure["report_year"]
    )
