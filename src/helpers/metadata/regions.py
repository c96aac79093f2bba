"""The 31 provincial-level regions and the nation (rules/regions.csv), and finding them by any of
their names. Spelling a new alias is a data edit."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from helpers.errors import ParameterError
from helpers.rules import read_csv

REGIONS_CSV = "regions.csv"
NATIONAL = "national"


@dataclass(frozen=True)
class Region:
    """One row of rules/regions.csv, e.g. code `inner_mongolia` ("national" for the State
    Council's report), name_en `Inner Mongolia` / `China`, name_zh `内蒙古自治区` / `全国`,
    short_zh `内蒙古` / `中国`, issuer_zh `内蒙古自治区人民政府` / `国务院`; level is one of
    province, autonomous_region, municipality, national."""

    code: str
    name_en: str
    name_zh: str
    short_zh: str
    aliases: tuple[str, ...]
    level: str
    issuer_zh: str
    issuer_en: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.code, self.name_en, self.name_zh, self.short_zh, *self.aliases)


@lru_cache(maxsize=1)
def load_regions() -> tuple[Region, ...]:
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
        for r in read_csv(REGIONS_CSV)
    )


def _key(name: str) -> str:
    return re.sub(r"[\s_\-'’.]+", "", unicodedata.normalize("NFKC", name)).lower()


@lru_cache(maxsize=1)
def _by_key() -> dict[str, Region]:
    return {_key(n): region for region in load_regions() for n in region.names}


def find_region(name: str) -> Region | None:
    """The region for a code, English or Chinese name, short name or alias, or None."""
    return _by_key().get(_key(str(name)))


def region_by_name(name: str) -> Region:
    """The region for a code, English or Chinese name, short name or alias (any case, spaces,
    underscores or hyphens): 'inner_mongolia', 'Inner Mongolia', '内蒙古', '内蒙古自治区'."""
    region = find_region(name)
    if region is None:
        codes = ", ".join(r.code for r in load_regions())
        raise ParameterError(
            f"unknown region {name!r}: give a code, English or Chinese name such as inner_mongolia, "
            f"'Inner Mongolia', 内蒙古 or 内蒙古自治区 (codes: {codes})"
        )
    return region


@lru_cache(maxsize=1)
def _chinese_names() -> tuple[tuple[str, Region], ...]:
    """Chinese names of two or more characters, longest first (内蒙古自治区 before 内蒙古)."""
    pairs = {
        (n, r)
        for r in load_regions()
        for n in (r.name_zh, r.short_zh, *r.aliases)
        if len(n) >= 2 and re.search(r"[\u4e00-\u9fff]", n)
    }
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


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
