"""Finding registry indicators (rules/indicators.csv) by their aliases in a clause."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import NamedTuple

from helpers.rules.indicators import Indicator, registry


class AliasHit(NamedTuple):
    indicator: Indicator
    start: int  # of the alias within the text searched
    end: int


@lru_cache(maxsize=1)
def _reversed_alias_rx() -> tuple[re.Pattern, dict[str, Indicator]]:
    # Searching the reversed text for reversed aliases finds the alias that ends nearest the
    # end of the text first, and among those the longest (alternatives are longest first).
    by_alias = {a: ind for ind in registry().values() for a in ind.aliases}
    alts = sorted(by_alias, key=len, reverse=True)
    return re.compile("|".join(re.escape(a[::-1]) for a in alts)), by_alias


def find_alias(text: str) -> AliasHit | None:
    """The registry alias that ends nearest the end of `text` (ties: the longest alias)."""
    rx, by_alias = _reversed_alias_rx()
    m = rx.search(text[::-1])
    if not m:
        return None
    alias = m.group(0)[::-1]
    end = len(text) - m.start()
    return AliasHit(by_alias[alias], end - len(alias), end)


def lookup_name(name: str) -> Indicator | None:
    """An indicator whose alias is exactly `name`, or ends it."""
    hit = find_alias(name)
    if hit and hit.end == len(name):
        return hit.indicator
    return None


def unknown_code(name_zh: str) -> str:
    """A stable code for an indicator not in the registry, made from its Chinese name."""
    return "x_" + hashlib.sha1(name_zh.encode("utf-8")).hexdigest()[:8]
