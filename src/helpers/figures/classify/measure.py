"""What kind of quantity a figure is (level, growth, share, change, rank) and which way it
goes, from its unit and the verb right before it. The verbs are the lexicon's up_verbs,
down_verbs, cut_verbs, reach_down, reach_level, rank_up/rank_down and their particles."""

from __future__ import annotations

import re

from helpers.figures.classify.aliases import find_alias
from helpers.figures.classify.context import FigureContext
from helpers.rules import lexicon
from helpers.rules.indicators import Indicator

UP_VERBS = lexicon.alternation("up_verbs")
DOWN_VERBS = lexicon.alternation("down_verbs")
_PARTICLES = lexicon.alternation("verb_particles")
# The verb must stand right before the number (增长5%, 增长了5%, 下降约3%): `增长贡献率30%`
# is a share, not a growth.
GROWTH_NEAR = re.compile(rf"(?:{UP_VERBS}|{DOWN_VERBS})(?:{_PARTICLES})?$")
DOWN_NEAR = re.compile(rf"(?:{DOWN_VERBS})(?:{_PARTICLES})?$")
# 比上年增加1.6万亿元, 再提高20元, 亩产提升10.1斤: an increase stated in the figure's own unit.
UP_LEVEL_NEAR = re.compile(
    rf"(?:{lexicon.alternation('up_level_verbs')})(?:{lexicon.alternation('level_particles')})?$")
# A ratio named between an indicator and the figure makes it another indicator
# (占国内生产总值比重达到10%, 对全球经济增长的贡献率30%).
RATIO_WORDS = re.compile(lexicon.alternation("ratio_words"))
# 压减非急需支出10%以上: the object may stand between the verb and the number.
CUT_VERBS = re.compile(rf"(?:{lexicon.alternation('cut_verbs')})(?:[^，,；;。、]{{0,8}})$")
REACH_DOWN_WORDS = lexicon.words("reach_down")
REACH_DOWN = re.compile(rf"(?:{lexicon.alternation('reach_down')})$")
# 城乡居民收入比缩小至2.2:1: the level reached by narrowing, not a change.
REACH_LEVEL = re.compile(rf"(?:{lexicon.alternation('reach_level')})$")
RANK_MOVE_UP = re.compile(rf"(?:{lexicon.alternation('rank_up')})(?:[^，,；;。]{{0,3}})$")
RANK_MOVE_DOWN = re.compile(rf"(?:{lexicon.alternation('rank_down')})(?:[^，,；;。]{{0,3}})$")
_COPULA = re.compile(f"(?:{lexicon.alternation('copulas')})?")
_GROWTH_NAME = re.compile(lexicon.alternation("growth_names"))
PERCENT_LIKE = ("%", "倍", "/", "成")  # units of a rate: percent, times, a fraction, tenths
POINTS = ("百分点", "个百分点")


def measure_of(ctx: FigureContext) -> tuple[str, str]:
    """(measure, direction) of the figure."""
    m, near = ctx.mention, ctx.near
    unit = m.unit_zh
    if m.is_rank_ordinal or unit == "强":
        return "rank", ""
    if unit == "位":
        if RANK_MOVE_UP.search(near):
            return "change", "up"
        if RANK_MOVE_DOWN.search(near):
            return "change", "down"
        return "rank", ""
    if REACH_LEVEL.search(near):
        return ("share" if unit in PERCENT_LIKE and unit != "倍" else "level"), ""
    if unit in POINTS:
        tail = near[-8:]
        return "change", "down" if re.search(DOWN_VERBS, tail) else ("up" if re.search(UP_VERBS, tail) else "")
    if unit in PERCENT_LIKE:
        if REACH_DOWN.search(near) or ctx.first.pre in REACH_DOWN_WORDS or CUT_VERBS.search(near):
            return "change", "down"
        if GROWTH_NEAR.search(near):
            return "growth", "down" if DOWN_NEAR.search(near) else "up"
        return ("level" if unit == "倍" else "share"), ""
    if DOWN_NEAR.search(near) or CUT_VERBS.search(near):
        return "change", "down"
    if UP_LEVEL_NEAR.search(near) and unit:
        return "change", "up"
    return "level", ""


def growth_by_nature(near: str, ind: Indicator) -> bool:
    """`居民消费价格2%左右`, `经济增长预期目标为5%左右`: a percent named by an indicator that is a
    growth rate by nature is its growth; `出口分别占全省的41.9%` is a share of it."""
    hit = find_alias(near)
    if not hit or hit.indicator is not ind:
        return False
    alias, between = near[hit.start : hit.end], near[hit.end :]
    return bool(
        _COPULA.fullmatch(between)
        or (_GROWTH_NAME.search(alias) and not RATIO_WORDS.search(between))
    )
