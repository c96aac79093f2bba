"""Which report is this? Region, year, title and delivery date, from the text's head, its section
headings and the file name, each guess with the evidence it came from (gather_evidence); then the
one resolver (identify) that weighs that evidence against what the caller says and what the
manifest lists, used alike by load_report and `gwr add`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from helpers.errors import ParameterError
from helpers.metadata.regions import (
    NATIONAL,
    Region,
    load_regions,
    region_by_name,
    regions_named_in,
)
from helpers.metadata.report_meta import MAX_YEAR, MIN_YEAR, ReportMeta, parse_year
from helpers.rules import lexicon


@dataclass(frozen=True)
class Evidence:
    """What the text (and the file name) say about the report; None where nothing does."""

    region: Region | None
    year: int | None
    title: str | None
    date_delivered: str | None  # ISO date
    # Where each guess came from, e.g. {"year": "plan heading line 15: 二、2025年工作安排"}.
    sources: dict[str, str] = field(default_factory=dict)
    # Evidence that disagreed with the guess taken, in words.
    conflicts: tuple[str, ...] = ()


HEAD_LINES = 12  # title, source note, delivery line and speaker come first
_NUMERAL = "一二三四五六七八九十"
_DELIVERY = re.compile(
    rf"(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日在(.{{0,20}}?)第[{_NUMERAL}]+届(全国)?人民代表大会"
)
# `二、2025年工作安排` opens the plan of the report's own year; `一、2024年工作回顾` reviews the
# year before (the dated heading words of the lexicon's part_headings).
_PLAN_HEADING = re.compile(
    rf"^(?:[{_NUMERAL}]+、|[（(][{_NUMERAL}]+[)）])?(\d{{4}})年"
    rf".{{0,20}}?({lexicon.alternation('part_headings', dated=True, part='plan')})"
)
_REVIEW_HEADING = re.compile(
    rf"^(?:[{_NUMERAL}]+、)?(\d{{4}})年.{{0,6}}?({lexicon.alternation('part_headings', dated=True, part='review')})$"
)
_SELF_PROVINCIAL = re.compile(r"我代表(.{0,10}?)(省|自治区|市)(?:人民)?政府")
_LEVEL_OF_WORD = {"省": "province", "自治区": "autonomous_region", "市": "municipality"}


# The characters whose NFKC form holds 年 (it and its compatibility ideograph U+F98E;
# tests/figures/test_identify.py checks this against every code point): a line without them
# cannot normalise into a dated heading.
YEAR_WORD = re.compile("[\u5e74\uf98e]")


def _norm(line: str) -> str:
    """A line as matched: full-width digits folded (NFKC), all spaces removed (OCR splits words)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", line))


def _year_ok(y: int) -> bool:
    return MIN_YEAR <= y <= MAX_YEAR


class _Votes:
    """The first guess for each field wins; later disagreeing evidence is kept as a conflict."""

    def __init__(self) -> None:
        self.value: dict[str, object] = {}
        self.sources: dict[str, str] = {}
        self.conflicts: list[str] = []

    def offer(self, name: str, value: object, source: str) -> None:
        if value is None:
            return
        if name not in self.value:
            self.value[name] = value
            self.sources[name] = source
        elif self.value[name] != value:
            shown = value.code if isinstance(value, Region) else value
            taken = self.value[name]
            taken = taken.code if isinstance(taken, Region) else taken
            self.conflicts.append(
                f"{name}: {source} says {shown}, but {self.sources[name]} says {taken}"
            )


def gather_evidence(text: str, filename: str | Path | None = None) -> Evidence:
    """Identify the report from its own words first (title line, delivery line, who speaks, section
    headings), then from the file name. Fields with no evidence are None: nothing is assumed."""
    votes = _Votes()
    lines = text.split("\n")
    head = [(i, ln) for i, ln in enumerate(lines) if ln.strip()][:HEAD_LINES]

    title_line = None
    for i, raw in head:
        line = _norm(raw)
        if "政府工作报告" in line and len(line) <= 40 and "会议" not in line and "日在" not in line:
            title_line = raw.strip(" \t\u3000")
            where = f"title line {i + 1}: {title_line}"
            votes.offer("title", title_line, where)
            years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", line) if _year_ok(int(y))]
            votes.offer("year", years[0] if years else None, where)
            named = regions_named_in(line)
            votes.offer("region", named[0] if len(named) == 1 else None, where)
            break

    for i, raw in head:
        m = _DELIVERY.search(_norm(raw))
        if not m:
            continue
        where = f"delivery line {i + 1}: {raw.strip()[:40]}"
        y, mo, d = (int(g) for g in m.group(1, 2, 3))
        try:
            votes.offer("date_delivered", date(y, mo, d).isoformat(), where)
        except ValueError:
            pass
        if _year_ok(y):
            votes.offer("year", y, where)  # delivered in January–March of the report's own year
        if m.group(5):
            votes.offer("region", region_by_name(NATIONAL), where)
        else:
            named = regions_named_in(m.group(4))
            votes.offer("region", named[0] if len(named) == 1 else None, where)
        break

    _speaker_evidence(text, votes)
    _heading_evidence(lines, votes)
    if filename:
        _filename_evidence(Path(filename).name, votes)
    if "region" not in votes.value:
        _mention_evidence(text, votes)

    return Evidence(
        region=votes.value.get("region"),  # type: ignore[arg-type]
        year=votes.value.get("year"),  # type: ignore[arg-type]
        title=votes.value.get("title"),  # type: ignore[arg-type]
        date_delivered=votes.value.get("date_delivered"),  # type: ignore[arg-type]
        sources=dict(votes.sources),
        conflicts=tuple(votes.conflicts),
    )


def _speaker_evidence(text: str, votes: _Votes) -> None:
    """Who delivers it: 我代表国务院 (the Premier), or 我代表江苏省人民政府."""
    opening = _norm(text[:3000])
    if "我代表国务院" in opening or "国务院总理" in opening:
        votes.offer("region", region_by_name(NATIONAL), "speaker: 我代表国务院 / 国务院总理")
        return
    m = _SELF_PROVINCIAL.search(opening)
    if m and m.group(1):
        named = regions_named_in(m.group(1) + m.group(2))
        if len(named) == 1:
            votes.offer("region", named[0], f"speaker: {m.group(0)}")


def _heading_evidence(lines: list[str], votes: _Votes) -> None:
    """`二、2025年工作安排` opens the plan of the report's own year; `一、2024年工作回顾` reviews the
    year before it."""
    plan = review = None
    for i, raw in enumerate(lines):
        if not YEAR_WORD.search(raw):  # both headings say 年: skip the costly NFKC of other lines
            continue
        line = _norm(raw)
        if len(line) > 30:
            continue
        if plan is None and (m := _PLAN_HEADING.match(line)) and _year_ok(int(m.group(1))):
            plan = (int(m.group(1)), f"plan heading line {i + 1}: {line}")
        if review is None and (m := _REVIEW_HEADING.match(line)) and _year_ok(int(m.group(1))):
            review = (int(m.group(1)) + 1, f"review heading line {i + 1}: {line} (+1)")
    for found in (plan, review):
        if found:
            votes.offer("year", *found)


_FILENAME_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def _filename_evidence(name: str, votes: _Votes) -> None:
    stem = unicodedata.normalize("NFKC", name.rsplit(".", 1)[0] if "." in name else name)
    where = f"file name {name}"
    years = {int(y) for y in _FILENAME_YEAR.findall(stem) if _year_ok(int(y))}
    # Hash-like names (0d2928c2bee54200) hold digit runs by chance: only take a lone clear year.
    if len(years) == 1 and not re.search(r"[0-9a-f]{12,}", stem.lower()):
        votes.offer("year", years.pop(), where)
    found = regions_named_in(stem)
    words = re.findall(r"[a-z]+", stem.lower())
    for region in load_regions():
        for alias in (region.code, region.name_en, *region.aliases):
            parts = re.findall(r"[a-z]+", alias.lower())
            if not parts or region in found:
                continue
            n = len(parts)
            joined = "".join(parts)
            if any(words[k : k + n] == parts for k in range(len(words))) or joined in words:
                found.append(region)
    if len(found) == 1:
        votes.offer("region", found[0], where)


def _mention_evidence(text: str, votes: _Votes) -> None:
    """A report without a title names its own region most: accept that only when the speaker's
    government is of the same kind (我代表自治区人民政府 → an autonomous region) and one region
    is named at least 5 times and three times as often as any other."""
    flat = _norm(text)
    m = _SELF_PROVINCIAL.search(flat[:5000])
    if not m:
        return
    level = _LEVEL_OF_WORD[m.group(2)]
    counts = sorted(
        (
            (flat.count(r.short_zh), r)
            for r in load_regions()
            if r.level == level and r.code != NATIONAL
        ),
        key=lambda p: (-p[0], p[1].code),
    )
    (top, region), (second, _) = counts[0], counts[1]
    if top >= 5 and top >= 3 * second:
        votes.offer(
            "region",
            region,
            f"mentions: {region.short_zh} named {top} times in a report spoken for a "
            f"{m.group(2)} government (next region {second})",
        )


# --- the resolver ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParamNames:
    """How the caller names its region and year parameters, for messages that say what to set."""

    region: str = "--region"
    year: str = "--year"
    region_example: str = "--region 'Inner Mongolia'"
    year_example: str = "--year 2025"


CLI_NAMES = ParamNames()
NOTEBOOK_NAMES = ParamNames("region", "report_year", 'region = "Inner Mongolia"', "report_year = 2025")


@dataclass(frozen=True)
class Identity:
    meta: ReportMeta
    title: str  # the title as the text, the manifest or the caller gives it; "" when none does
    notes: tuple[str, ...]  # where region and year came from, and disagreeing evidence


@dataclass(frozen=True)
class Claims:
    """What is said about a report besides its text: the caller's parameters and its manifest row."""

    region: str | None = None
    year: int | str | None = None
    listed: dict | None = None  # its manifest row, when registered
    title: str | None = None  # the caller's, when the text lacks one (gwr add --title)
    date_delivered: str | None = None
    source_url: str | None = None


def identify(label: str, evidence: Evidence, claims: Claims, names: ParamNames = CLI_NAMES, *,
             year_conflict: str = "refuse") -> Identity:
    """The report's identity: the caller's region and year first, then its manifest row, then the
    text. A year the text contradicts is refused (`year_conflict="refuse"`, reading a report) or
    taken with a note (`"note"`, registering one, where the caller overrides on purpose)."""
    listed = claims.listed or {}
    notes: list[str] = []
    year = parse_year(claims.year, names.year)
    if year is not None and evidence.year is not None and year != evidence.year:
        where = evidence.sources.get("year", "the text")
        if year_conflict == "refuse":
            raise ParameterError(
                f"{names.year} {year} contradicts the text, which is the {evidence.year} report "
                f"(from {where}); drop {names.year} or check the file"
            )
        notes.append(f"the text suggests {evidence.year} ({where}); using {names.year} {year}")
    report_year = year or parse_year(listed.get("report_year"))
    if report_year is None:
        report_year = evidence.year
        if report_year is None:
            raise ParameterError(f"{label}: cannot tell the report's year from its text; "
                                 f"give {names.year} (e.g. {names.year_example})")
        notes.append(f"year {report_year} from {evidence.sources['year']}")

    if claims.region is not None:
        region = region_by_name(claims.region)
        if evidence.region is not None and evidence.region != region:
            notes.append(f"the text suggests {evidence.region.name_en} ({evidence.sources['region']}); "
                         f"using {names.region} {region.name_en}")
    elif listed.get("region"):
        region = region_by_name(listed["region"])
    elif evidence.region is not None:
        region = evidence.region
        notes.append(f"region {region.name_en} from {evidence.sources['region']}")
    else:
        raise ParameterError(
            f"{label}: cannot tell the region from its text; give {names.region} (e.g. {names.region_example})"
        )
    if claims.region is None and claims.year is None:
        notes.extend(f"note: {c}" for c in evidence.conflicts)
    title = claims.title if claims.title is not None else (listed.get("title") or evidence.title or "")
    meta = ReportMeta(
        region=region.name_en, region_zh=region.name_zh, report_year=report_year, region_code=region.code,
        title=title,
        issuer_zh=listed.get("issuer_zh") or region.issuer_zh, issuer_en=region.issuer_en,
        date_delivered=claims.date_delivered or listed.get("date_delivered") or evidence.date_delivered or "",
        source_url=claims.source_url or listed.get("source_url", ""),
    )
    return Identity(meta, title, tuple(notes))
