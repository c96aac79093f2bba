"""units.csv, read: units and multipliers as printed → canonical code and factor."""

from __future__ import annotations

import re
from functools import lru_cache

from helpers.rules import read_csv

UNITS_CSV = "units.csv"


@lru_cache(maxsize=1)
def units() -> dict[str, str]:
    """Unit as printed → canonical code, in file order. Measure words of plain counts map to
    `count` (the printed word stays in unit_zh)."""
    return {r["printed"]: r["code"] for r in read_csv(UNITS_CSV) if r["role"] != "multiplier"}


@lru_cache(maxsize=1)
def multipliers() -> dict[str, float]:
    """Chinese multipliers (万亿, 亿, 万 …) → factor, longest first."""
    return {r["printed"]: float(r["factor"]) for r in read_csv(UNITS_CSV) if r["role"] == "multiplier"}


@lru_cache(maxsize=1)
def multiplier_alternation() -> str:
    """The multipliers as a regex alternation; 千 and 百 are no multiplier before a unit they
    start (千瓦, 百分点): each carries the characters it must not stand before."""
    parts = []
    for r in read_csv(UNITS_CSV):
        if r["role"] == "multiplier":
            guard = f"(?![{r['not_before']}])" if r["not_before"] else ""
            parts.append(re.escape(r["printed"]) + guard)
    return "|".join(parts)


@lru_cache(maxsize=1)
def unit_alternation() -> str:
    """Units printed after a number, longest first (个百分点 before 个, 千瓦时 before 千瓦).
    `special` units are reached by other paths (the multiplier split, fractions, ratios)."""
    suffixes = [r["printed"] for r in read_csv(UNITS_CSV) if r["role"] in ("unit", "count")]
    return "|".join(re.escape(u) for u in sorted(suffixes, key=len, reverse=True))
