"""Which report is this? Region, year, title, issuer and delivery date, from the text's head, its
section headings and the file name, each guess with the evidence it came from.

Regions (31 provincial-level regions and the nation) live in data/regions.csv, so spelling a new
alias is a data edit.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from helpers.errors import ParameterError
from helpers.paths import PACKAGE_DATA

REGIONS_CSV = PACKAGE_DATA / "regions.csv"
NATIONAL = "national"
MIN_YEAR, MAX_YEAR = 1954, 2100  # the first 政府工作报告 was delivered in 1954


@dataclass(frozen=True)
class Region:
    code: str  # inner_mongolia; "national" for the State Council's report
    name_en: str  # Inner Mongolia; China
    name_zh: str  # 内蒙古自治区; 全国
    short_zh: str  # 内蒙古; 中国
    aliases: tuple[str, ...]
    level: str  # province, autonomous_region, municipality, national
    issuer_zh: str  # 内蒙古自治区人民政府; 国务院
    issuer_en: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.code, self.name_en, self.name_zh, self.short_zh, *self.aliases)


@lru_cache(maxsize=1)
def load_regions() -> tuple[Region, ...]:
    with open(REGIONS_CSV, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return tuple(
        Region(
            code=r["code"],
            name_en=r["name_en"],
            name_zh=r["name_zh"],
            short_zh=r["short_zh"],
            aliases=tuple(a for a in r["aliases"].split("|") if a),
            level=r["level"],
            issuer_zh=r["issuer_zh"],
            issuer_en=r["issuer_en"],
        )
        for r in rows
    )


def _key(name: str) -> str:
    return re.sub(r"[\s_\-'’.]+", "", unicodedata.normalize("NFKC", name)).lower()


@lru_cache(maxsize=1)
def _by_key() -> dict[str, Region]:
    return {_key(n): region for region in load_regions() for n in region.names}


def region_by_name(name: str) -> Region:
    """The region for a code, English or Chinese name, short name or alias (any case, spaces,
    underscores or hyphens): 'inner_mongolia', 'Inner Mongolia', '内蒙古', '内蒙古自治区'."""
    region = _by_key().get(_key(str(name)))
    if region is None:
        codes = ", ".join(r.code for r in load_regions())
        raise ParameterError(
            f"unknown region {name!r}: give a code, English or Chinese name such as inner_mongolia, "
            f"'Inner Mongolia', 内蒙古 or 内蒙古自治区 (codes: {codes})"
        )
    return region


def _chinese_names() -> list[tuple[str, Region]]:
    """Chinese names of two or more characters, longest first (内蒙古自治区 before 内蒙古)."""
    pairs = {
        (n, r)
        for r in load_regions()
        for n in (r.name_zh, r.short_zh, *r.aliases)
        if len(n) >= 2 and re.search(r"[\u4e00-\u9fff]", n)
    }
    return sorted(pairs, key=lambda p: (-len(p[0]), p[0]))


def regions_named_in(text: str) -> list[Region]:
    """Distinct regions whose Chinese names occur in a short text such as a title line."""
    found: list[Region] = []
    rest = text
    for name, region in _chinese_names():
        if name in rest:
            rest = rest.replace(name, "\x00")
            if region not in found:
                found.append(region)
    return found


@dataclass(frozen=True)
class TitleInfo:
    region_zh: str | None
    region: str | None
    region_code: str | None
    year: int | None
    title: str | None
    issuer_zh: str | None
    issuer_en: str | None
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
_PLAN_HEADING = re.compile(
    rf"^(?:[{_NUMERAL}]+、|[（(][{_NUMERAL}]+[)）])?(\d{{4}})年"
    r".{0,20}?(工作安排|总体要求|目标任务|政府工作任务|重点工作|主要目标|工作部署|政策取向)"
)
_REVIEW_HEADING = re.compile(rf"^(?:[{_NUMERAL}]+、)?(\d{{4}})年.{{0,6}}?工作回顾$")
_SELF_PROVINCIAL = re.compile(r"我代表(.{0,10}?)(省|自治区|市)(?:人民)?政府")
_LEVEL_OF_WORD = {"省": "province", "自治区": "autonomous_region", "市": "municipality"}


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


def detect_title(text: str, filename: str | Path | None = None) -> TitleInfo:
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

    region: Region | None = votes.value.get("region")  # type: ignore[assignment]
    return TitleInfo(
        region_zh=region.name_zh if region else None,
        region=region.name_en if region else None,
        region_code=region.code if region else None,
        year=votes.value.get("year"),  # type: ignore[arg-type]
        title=votes.value.get("title"),  # type: ignore[arg-type]
        issuer_zh=region.issuer_zh if region else None,
        issuer_en=region.issuer_en if region else None,
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
