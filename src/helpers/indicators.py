"""The indicator registry (data/indicators.csv): what a figure measures.

A new report's new indicator needs a registry row, not code. Figures whose indicator is not
in the registry still get a code, made consistently from their Chinese name (`x_` + hash)."""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from helpers.paths import PACKAGE_DATA

REGISTRY_PATH = PACKAGE_DATA / "indicators.csv"


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
    with REGISTRY_PATH.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = {}
    for r in rows:
        aliases = tuple(a for a in r["aliases"].split("|") if a)
        out[r["code"]] = Indicator(
            r["code"], r["name_zh"], r["name_en"], r["measure"], r["unit"], r["good_direction"], aliases
        )
    return out


@lru_cache(maxsize=1)
def _reversed_alias_rx() -> tuple[re.Pattern, dict[str, Indicator]]:
    # Searching the reversed text for reversed aliases finds the alias that ends nearest the
    # end of the text first, and among those the longest (alternatives are longest first).
    by_alias = {a: ind for ind in registry().values() for a in ind.aliases}
    alts = sorted(by_alias, key=len, reverse=True)
    return re.compile("|".join(re.escape(a[::-1]) for a in alts)), by_alias


def find_alias(text: str) -> tuple[Indicator, int, int] | None:
    """The registry alias that ends nearest the end of `text` (ties: the longest alias).
    Returns (indicator, start, end) of the alias within `text`."""
    rx, by_alias = _reversed_alias_rx()
    m = rx.search(text[::-1])
    if not m:
        return None
    alias = m.group(0)[::-1]
    end = len(text) - m.start()
    return by_alias[alias], end - len(alias), end


def lookup_name(name: str) -> Indicator | None:
    """An indicator whose alias is exactly `name`, or ends it."""
    hit = find_alias(name)
    if hit and hit[2] == len(name):
        return hit[0]
    return None


def unknown_code(name_zh: str) -> str:
    """A stable code for an indicator not in the registry, made from its Chinese name."""
    return "x_" + hashlib.sha1(name_zh.encode("utf-8")).hexdigest()[:8]
