"""indicators.csv, read: the indicator registry, what a figure measures.

A new report's new indicator needs a registry row, not code. Each row: a code, the Chinese and
English names, the measure its headline target usually takes, the unit, whether more is better
(`down`: a ceiling such as unemployment, CPI, energy intensity), the aliases that name it, its
`category` (growth & output, investment, … one of CATEGORIES) and, optionally, the name the
national report gives it (`name_zh_national`: 国内生产总值 where provinces say 地区生产总值).

Aliases are matched longest first among those ending nearest the figure (figures/classify/
aliases.py); an alias must name one indicator only, and one that could name a part of the
indicator (出口 in 机电产品出口) is a lexicon `generic_aliases` entry."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from helpers.rules import read_csv

INDICATORS_CSV = "indicators.csv"
CATEGORIES = (
    "growth & output", "investment", "consumption", "trade", "fiscal", "employment", "prices", "income",
    "agriculture", "industry", "energy & environment", "innovation", "social services", "housing",
    "infrastructure", "tourism & culture", "finance", "population", "governance",
)


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    measure: str  # the measure its headline target usually takes
    unit: str  # a units.csv code; empty for a qualitative indicator (生态环境质量持续改善)
    good_direction: str  # up: more is better; down: a ceiling (unemployment, CPI, energy intensity)
    aliases: tuple[str, ...]
    category: str = ""
    name_zh_national: str = ""  # the national report's name, when it differs from name_zh

    def name_for(self, national: bool) -> str:
        """The Chinese name a report uses: the national one in the national report."""
        return (self.name_zh_national or self.name_zh) if national else self.name_zh


@lru_cache(maxsize=1)
def registry() -> dict[str, Indicator]:
    """code → Indicator, in file order."""
    out = {}
    for r in read_csv(INDICATORS_CSV):
        aliases = tuple(a for a in r["aliases"].split("|") if a)
        out[r["code"]] = Indicator(
            r["code"], r["name_zh"], r["name_en"], r["measure"], r["unit"], r["good_direction"], aliases,
            category=r.get("category") or "", name_zh_national=r.get("name_zh_national") or "",
        )
    return out


@lru_cache(maxsize=1)
def national_names() -> dict[str, str]:
    """name_zh → name_zh_national, for the indicators whose national name differs."""
    return {ind.name_zh: ind.name_zh_national for ind in registry().values() if ind.name_zh_national}
