"""Which indicator a figure measures: a registry indicator named by an alias in its clause, else
a name made from the clause's words. The words stripped from names, the generic aliases and the
split suffixes are the lexicon's name_lead_strip, name_trail_strip, noun_stops, generic_aliases,
region_chars, respectively and split_suffixes."""

from __future__ import annotations

import re

from helpers.figures.classify.aliases import AliasHit, find_alias, lookup_name
from helpers.figures.classify.context import FigureContext
from helpers.figures.classify.measure import RATIO_WORDS
from helpers.rules import lexicon
from helpers.rules.indicators import Indicator

MAX_NAME = 14  # characters: longer names are cut from the left (the head noun comes last)
RESPECTIVELY = lexicon.words("respectively")[0]
SPLIT_SUFFIXES = lexicon.words("split_suffixes")
_LEAD_STRIP = re.compile(f"^(?:{lexicon.alternation('name_lead_strip')})+")
_TRAIL_STRIP = re.compile(f"(?:{lexicon.alternation('name_trail_strip')})+$")
_NOUN_STOP = re.compile(lexicon.alternation("noun_stops"))
# Generic aliases name the headline indicator only for the whole region: `海洋生产总值` and
# `世界经济增长` are other things.
_GENERIC_ALIASES = set(lexicon.words("generic_aliases"))
_REGION_CHARS = set(lexicon.words("region_chars"))
_ITEM_SPLIT = re.compile(lexicon.alternation("item_separators"))


def clean_name(left: str) -> str:
    """The indicator's name in the words before a figure: the last item of a list, with verbs,
    qualifiers, years and subjects stripped from both ends."""
    name = re.split(r"[、]", left)[-1] if RESPECTIVELY not in left else left
    prev = None
    while prev != name:
        prev = name
        name = _LEAD_STRIP.sub("", name)
        name = _TRAIL_STRIP.sub("", name)
        name = name.strip("\"“”'‘’()（）·-—").removeprefix("的")
    return name[-MAX_NAME:]


def last_words(left: str) -> str:
    """Fallback name when stripping verbs leaves nothing: the clause's last words as printed."""
    return re.split(r"[、]", left)[-1].strip("\"“”")[-MAX_NAME:]


def _right_noun(text: str, end: int, clause_end: int) -> str:
    right = text[end:clause_end]
    if not right or not re.match(r"[\u4e00-\u9fff]", right):
        return ""
    right = _ITEM_SPLIT.split(right, maxsplit=1)[0]
    m = _NOUN_STOP.search(right)
    if m and m.start() > 0:
        right = right[: m.start()]
    return right[:MAX_NAME]


def _alias_names_figure(ctx: FigureContext, hit: AliasHit) -> bool:
    """Does the alias found in the clause name this figure (not an earlier one, not a ratio of
    it, not a part of the economy that a generic alias only seems to name)?"""
    left, cs = ctx.left, ctx.clause[0]
    alias = left[hit.start : hit.end]
    # No other figure between the alias and this one (`游客2.73亿人次、收入4140亿元`).
    if ctx.mentions.any_between(cs + hit.start, ctx.mention.start):
        return False
    if RATIO_WORDS.search(left[hit.end :]) and not RATIO_WORDS.search(alias):
        return False
    if alias in _GENERIC_ALIASES and hit.start > 0:
        before = left[hit.start - 1]
        if "\u4e00" <= before <= "\u9fff" and before not in _REGION_CHARS:
            return False
    return True


def _respectively(ctx: FigureContext) -> tuple[Indicator | None, str] | None:
    """分别: `粮肉奶产量分别稳定在…`, `能源集团、林草生态公司利润分别增长1倍和15倍`."""
    lead, group = ctx.lead_left, ctx.group
    if not (ctx.in_group and RESPECTIVELY in lead):
        return None
    subject = lead[: lead.rfind(RESPECTIVELY)]
    items = [s for s in subject.split("、") if s]
    if len(items) != len(group):
        items = [s for s in _ITEM_SPLIT.split(subject) if s]
    k = group.index(ctx.index)
    if len(items) == len(group):
        name = clean_name(items[k])
        hit = find_alias(name)
        return lookup_name(name) or (hit.indicator if hit else None), name
    if len(items) == 1:
        one = clean_name(items[0])
        for suffix in SPLIT_SUFFIXES:
            if one.endswith(suffix) and len(one) - len(suffix) == len(group):
                name = one[k] + suffix
                return lookup_name(name), name
    return None


def indicator_of(ctx: FigureContext) -> tuple[Indicator | None, str]:
    """(registry indicator or None, Chinese name) of the figure."""
    paired = _respectively(ctx)
    if paired is not None:
        return paired
    text, m, ce, left = ctx.text, ctx.mention, ctx.clause[1], ctx.left
    hit = find_alias(left)
    if hit and _alias_names_figure(ctx, hit):
        return hit.indicator, hit.indicator.name_zh
    name = clean_name(left)
    # `63万失能老人`, `百亿产业基金`: with no unit the noun follows the number;
    # `执行好20%的刚性增长机制`: the figure qualifies the noun after 的.
    if text.startswith("的", m.end):
        name = _right_noun(text, m.end + 1, ce) or name
    elif (not m.unit_zh or len(name) <= 1) and m.unit_zh not in ("%", "倍"):
        name = _right_noun(text, m.end, ce) or name
    if not name:
        hit = find_alias(text[m.end : ce][:8])
        if hit:
            return hit.indicator, hit.indicator.name_zh
    # Never empty: the clause's words as printed, before or after the figure.
    name = name or last_words(left) or re.sub(r"^[\d.万亿千百]+", "", text[m.end : ce])[:MAX_NAME]
    return None, name or "未命名"


def inherits_subject(ctx: FigureContext, measure: str) -> bool:
    """A growth or change with no subject of its own (`…收入4140亿元,增长18.6%`)."""
    return measure in ("growth", "change") and not clean_name(ctx.left)
