"""Finding registry indicators (rules/indicators.csv) by their aliases in a clause, and whether
an alias found names the subject (the lexicon's generic_aliases, region_chars, alias_openers,
measure_suffixes and predicate_openers, rules/lexicon/names.yml)."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import NamedTuple

from helpers.rules import lexicon
from helpers.rules.indicators import Indicator, registry

# Generic aliases name the headline indicator only for the whole region: `海洋生产总值` and
# `世界经济增长` are other things; `全省生产总值`, `全年生产总值`, `实现生产总值` are it.
_GENERIC_ALIASES = frozenset(lexicon.words("generic_aliases"))
_REGION_CHARS = frozenset(lexicon.words("region_chars"))
_LEAD = lexicon.alternation("name_lead_strip")
_OPENER = re.compile(f"(?:{_LEAD}|{lexicon.alternation('alias_openers')})$")
# After an alias that names the subject: measure words (规模, 总额), then the predicate.
MEASURE_SUFFIX = re.compile(f"^(?:{lexicon.alternation('measure_suffixes', longest_first=True)})+")
_PREDICATE = re.compile(
    f"^(?:{lexicon.alternation('predicate_openers')}|{lexicon.alternation('name_trail_strip')}|{_LEAD})")
_SUFFIX_END = re.compile(f"(?:{lexicon.alternation('measure_suffixes', longest_first=True)})*$")
ASIDE = re.compile(r"[（(][^（()）]{0,12}[)）]")


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


# Pure functions of a string (the registry is read once per process): cached, since the same
# words recur across a report's figures and the alias search is one long alternation.
@lru_cache(maxsize=1 << 16)
def find_alias(text: str) -> AliasHit | None:
    """The registry alias that ends nearest the end of `text` (ties: the longest alias)."""
    rx, by_alias = _reversed_alias_rx()
    m = rx.search(text[::-1])
    if not m:
        return None
    alias = m.group(0)[::-1]
    end = len(text) - m.start()
    return AliasHit(by_alias[alias], end - len(alias), end)


def alias_fits(before: str, alias: str, after: str) -> bool:
    """Does an alias found with `before` and `after` it name the subject, not a part of it
    (`机电产品出口`) nor a modifier of another noun (`新能源汽车销量`)? A generic alias must stand
    alone or after a region or time word or a verb; what follows must be measure words
    (`出口总额`), the predicate (`增长`, `按可比价格计算`) or nothing."""
    if alias in _GENERIC_ALIASES and before:
        prev = before[-1]
        if "\u4e00" <= prev <= "\u9fff" and prev not in _REGION_CHARS and not _OPENER.search(before):
            return False
    after = MEASURE_SUFFIX.sub("", ASIDE.sub("", after))
    return not after or bool(_PREDICATE.match(after))


@lru_cache(maxsize=1 << 16)
def name_indicator(name: str) -> Indicator | None:
    """The registry indicator a noun phrase names: an alias that ends it (measure words such as
    规模 may follow it) and, if generic, stands alone or after a region or time word. Of two
    such aliases the one that starts first wins (`“新三样”出口额` is 新三样 exports, not exports)."""
    if name[:1] in "“\"" and name[-1:] in "”\"":
        name = name[1:-1]
    best = None
    for text in (name, name[: len(name) - len(_SUFFIX_END.search(name).group(0))]):
        hit = find_alias(text) if text else None
        if hit and not MEASURE_SUFFIX.sub("", name[hit.end :]) \
                and alias_fits(name[: hit.start], name[hit.start : hit.end], "") \
                and (best is None or hit.start < best.start):
            best = hit
    return best.indicator if best else None


def lookup_name(name: str) -> Indicator | None:
    """An indicator whose alias is exactly `name`, or ends it."""
    hit = find_alias(name)
    if hit and hit.end == len(name):
        return hit.indicator
    return None


def unknown_code(name_zh: str) -> str:
    """A stable code for an indicator not in the registry, made from its Chinese name."""
    return "x_" + hashlib.sha1(name_zh.encode("utf-8")).hexdigest()[:8]
