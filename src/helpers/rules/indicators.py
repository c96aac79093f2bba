"""indicators.csv, read: the indicator registry, what a figure measures.

A new report's new indicator needs a registry row, not code. Each row: a code, the Chinese and
English names, the measure its headline target usually takes, the unit, whether more is better
(`down`: a ceiling such as unemployment, CPI, energy intensity) and the aliases that name it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from helpers.rules import read_csv

INDICATORS_CSV = "indicators.csv"


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    measure: str  # the measure its headline target usually takes
    unit: str
    good_direction: str  # up: more is better; down: a ceiling (unemployment, CPI, energy intensity)
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def registry() -> dict[str, Indicator]:
    """code → Indicator, in file order."""
    out = {}
    for r in read_csv(INDICATORS_CSV):
        aliases = tuple(a for a in r["aliases"].split("|") if a)
        out[r["code"]] = Indicator(
            r["code"], r["name_zh"], r["name_en"], r["measure"], r["unit"], r["good_direction"], aliases
        )
    return out
